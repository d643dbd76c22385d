"""Shared fixtures: starter projects built through the public API, and PDF text extraction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
import yaml

from rfp.criteria import Library, load_library
from rfp.generate import GeneratedFiles, write_rfp
from rfp.project import load_project
from rfp.starter import write_starter

OFFICE_FUNCTIONS = {
    "front": ["customer_service", "technical_support"],
    "back": ["payroll", "invoice_processing"],
    "hybrid": ["customer_service", "payroll"],
}


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
