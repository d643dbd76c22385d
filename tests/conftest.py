"""Shared fixtures: starter projects built through the public API, and PDF text extraction."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import yaml
from openpyxl import load_workbook

from rfp.core import kit_layout
from rfp.core.criteria import Library, load_library
from rfp.core.project import load_project
from rfp.generate import kit
from rfp.generate.document import GeneratedFiles, write_rfp
from rfp.generate.starter import write_starter
from tests.factories import minimal_pdf, scanned_pdf

OFFICE_FUNCTIONS = {
    "front": ["customer_service", "technical_support"],
    "back": ["payroll", "invoice_processing"],
    "hybrid": ["customer_service", "payroll"],
}


FIXTURES = Path(__file__).parent / "fixtures" / "proposals"


def pdf_text(path: Path) -> str:
    """All text of a PDF, pages joined by form feeds, as a reader's copy-paste would give it."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        pages = []
        for index in range(len(document)):
            text_page = document[index].get_textpage()
            pages.append(text_page.get_text_range())
        return "\f".join(pages)
    finally:
        document.close()


@pytest.fixture(scope="session")
def library() -> Library:
    """The built-in criteria library."""
    return load_library()


@pytest.fixture
def make_project(tmp_path: Path, library: Library) -> Callable[..., Path]:
    """Create a project folder from the starter, with optional changes to its YAML."""

    def make(office: str = "front", name: str = "acme", **changes: Any) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        target = write_starter(library, folder, office, OFFICE_FUNCTIONS[office])
        if changes:
            data = yaml.safe_load(target.read_text(encoding="utf-8"))
            data.update(changes)
            target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return folder

    return make


@pytest.fixture(scope="session")
def generated(
    tmp_path_factory: pytest.TempPathFactory, library: Library
) -> dict[str, GeneratedFiles]:
    """Front, back and hybrid RFPs generated once for the whole session (PDFs are slow)."""
    root = tmp_path_factory.mktemp("generated")
    files = {}
    for office, functions in OFFICE_FUNCTIONS.items():
        folder = root / office
        folder.mkdir()
        write_starter(library, folder, office, functions)
        files[office] = write_rfp(load_project(folder))
    return files


@pytest.fixture
def scored_project(make_project: Callable[..., Path]) -> Path:
    """A front-office project with three vendors: secure, broken files, and priced.

    Only the blank response workbook is built (where ``write_rfp`` puts it): the RFP's PDF takes
    seconds to render and no test of scoring reads it.
    """
    folder = make_project("front")
    project = load_project(folder)
    blank = project.output_dir / kit_layout.WORKBOOK_FILE
    kit.write_workbook(project, blank)
    proposals = folder / "proposals"

    secure = proposals / "Sentinel Contact Services"
    secure.mkdir(parents=True)
    shutil.copy(FIXTURES / "security-strong.md", secure / "proposal.md")

    broken = proposals / "Broken Files Ltd"
    broken.mkdir()
    (broken / "encrypted.pdf").write_bytes(minimal_pdf("secret pricing", user_password="pw"))
    (broken / "corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    scanned_pdf(broken / "scanned.pdf")
    (broken / "cover-letter.txt").write_text(
        "We offer bilingual English and Spanish customer service from Bogota.\n", encoding="utf-8"
    )

    priced = proposals / "Priced Partners"
    priced.mkdir()
    (priced / "proposal.md").write_text(
        "# Pricing\n\nWe price per FTE per month with all-inclusive rates covering recruitment, "
        "training, technology and management. Rates are fixed for the first contract year and "
        "indexed to CPI after that. Volume bands of plus or minus 15% are absorbed without "
        "price change.\n",
        encoding="utf-8",
    )
    workbook = load_workbook(blank)
    pricing = workbook["Pricing"]
    for row in pricing.iter_rows(min_row=2):
        if row[0].value == "Per FTE per month":
            row[5].value = 3000
            row[6].value = {"voice": 60, "chat": 30, "email": 8}[str(row[1].value)]
    sites = workbook["Delivery sites"]
    site: list[str | int] = [
        "Bogota hub",
        "Bogota",
        "Colombia",
        "nearshore",
        "America/Bogota",
        "Mon-Fri",
        "07:00",
        "19:00",
        120,
        "voice",
    ]
    for column, value in enumerate(site, start=1):
        sites.cell(row=2, column=column, value=value)
    workbook.save(priced / "response-workbook.xlsx")
    return folder
