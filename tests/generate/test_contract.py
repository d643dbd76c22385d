"""The contract package: annexes A to C in the RFP and the same schedules as editable Word."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from rfp.core.project import load_project
from rfp.generate.contract import credit_rules, schedules
from rfp.generate.document import GeneratedFiles
from tests.conftest import pdf_text

SOFFICE = shutil.which("soffice")


def _html(files: GeneratedFiles) -> str:
    return re.sub(r"\s+", " ", files.html.read_text(encoding="utf-8"))


def test_front_office_rfp_prints_the_three_annexes(generated: dict[str, GeneratedFiles]) -> None:
    html = _html(generated["front"])
    for heading in (
        "Annex A. Service-level schedule",
        "Annex B. Data-processing schedule",
        "Annex C. Key terms",
    ):
        assert html.count(heading) == 2  # the contents and the annex itself
    annex_a = html[
        html.index('id="annex-service-levels"') : html.index('id="annex-data-processing"')
    ]
    critical = annex_a[: annex_a.index("A.2 Key performance indicators")]
    kpis = annex_a[annex_a.index("A.2 Key performance indicators") :]
    # Handle time and occupancy are reported, never credited.
    assert "Average handle time" not in critical and "Occupancy" not in critical
    assert "Average handle time" in kpis and "Occupancy" in kpis
    # 200% over the six critical front-office service levels: 34, 34, 33, 33, 33, 33.
    allocations = re.findall(r'class="num">(\d+)%</td>', critical)
    assert allocations == ["34", "34", "33", "33", "33", "33", "200"]  # the last is the pool
    assert "USD 12,000 × 34% = USD 4,080" in annex_a
    annex_b = html[html.index('id="annex-data-processing"') : html.index('id="annex-key-terms"')]
    assert "within 24 hours of becoming aware" in annex_b
    annex_c = html[html.index('id="annex-key-terms"') :]
    assert annex_c.count("Non-negotiable</span>") == 3  # the intro, audit, data protection
    assert annex_c.count("Open to exception</span>") == 7


def test_rfp_no_longer_asks_vendors_to_propose_their_own_credits(
    generated: dict[str, GeneratedFiles],
) -> None:
    html = _html(generated["front"])
    assert "Propose service credits" not in html
    assert "follow the service-level schedule in Annex A" in html
    assert "takes exception to, or rejects, a non-negotiable contract term" in html
    assert "<td>Contract exceptions</td>" in html


def test_payroll_service_levels_are_credited_in_the_back_office(
    generated: dict[str, GeneratedFiles],
) -> None:
    project = load_project(generated["back"].html.parent.parent)
    content = schedules(project)
    critical = {row.id for row in content.credits.critical}
    assert "exception_rate" not in critical  # not the provider's alone: reported
    assert sum(row.allocation for row in content.credits.critical) == 200


def test_the_schedules_are_an_editable_word_file(generated: dict[str, GeneratedFiles]) -> None:
    files = generated["front"]
    assert files.contract is not None and files.contract in files.all()
    assert files.contract.name == "ACME-2026-FO-01-contract-schedules.docx"
    document = Document(str(files.contract))
    headings = [
        p.text for p in document.paragraphs if p.style and str(p.style.name).startswith("Heading")
    ]
    assert headings[:3] == [
        "Annex A. Service-level schedule",
        "A.1 Critical service levels",
        "A.2 Key performance indicators (no credit)",
    ]
    assert "Right to audit (non-negotiable)" in headings
    assert "Benchmarking (open to exception)" in headings
    critical, kpis = document.tables
    assert [c.text for c in critical.rows[0].cells] == [
        "Service level",
        "Target",
        "Measurement window",
        "Data source",
        "Allocation",
    ]
    assert [row.cells[4].text for row in critical.rows[1:]] == [
        "34%",
        "34%",
        "33%",
        "33%",
        "33%",
        "33%",
    ]
    assert {row.cells[0].text for row in kpis.rows[1:]} >= {
        "Average handle time (AHT)",
        "Occupancy",
    }
    text = "\n".join(p.text for p in document.paragraphs)
    project = load_project(files.html.parent.parent)
    for rule in credit_rules(schedules(project)):
        assert rule in text


def test_regenerating_gives_the_same_word_file(
    generated: dict[str, GeneratedFiles], tmp_path: Path
) -> None:
    from rfp.generate.contract import write_contract_docx

    files = generated["front"]
    assert files.contract is not None
    again = tmp_path / "again.docx"
    write_contract_docx(load_project(files.html.parent.parent), again)
    first, second = Document(str(files.contract)), Document(str(again))
    assert [p.text for p in first.paragraphs] == [p.text for p in second.paragraphs]
    assert first.core_properties.created == second.core_properties.created


@pytest.mark.slow
def test_the_word_file_opens_in_libreoffice(
    generated: dict[str, GeneratedFiles], tmp_path: Path
) -> None:
    assert SOFFICE, "LibreOffice is installed by make test (libreoffice-calc/writer-nogui)"
    files = generated["back"]
    assert files.contract is not None
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(files.contract)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = pdf_text(tmp_path / files.contract.with_suffix(".pdf").name)
    assert "Annex B. Data-processing schedule" in text
    assert "Accuracy rate" in text
