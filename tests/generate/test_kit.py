"""The response kit as written by `rfp generate`: template headings, workbook sheets, reproducibility."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from rfp.core import kit_layout
from rfp.core.project import load_project
from rfp.generate.document import GeneratedFiles
from rfp.generate.kit import pricing_rows, write_template, write_workbook


def test_docx_has_one_heading_per_question_starting_with_its_id(
    generated: dict[str, GeneratedFiles],
) -> None:
    project = load_project(generated["back"].pdf.parent.parent)
    document = Document(str(generated["back"].template))
    headings = [p.text for p in document.paragraphs if p.style and p.style.name == "Heading 2"]
    assert [h.split(" ", 1)[0] for h in headings] == [wc.id for wc in project.selection.criteria]
    assert sum("Response:" in p.text for p in document.paragraphs) == len(headings)


def test_workbook_sheets_and_rows(generated: dict[str, GeneratedFiles]) -> None:
    project = load_project(generated["front"].pdf.parent.parent)
    workbook = load_workbook(generated["front"].workbook)
    assert workbook.sheetnames == [
        kit_layout.SHEET_INSTRUCTIONS,
        kit_layout.SHEET_RESPONDENT,
        kit_layout.SHEET_COMPLIANCE,
        kit_layout.SHEET_PRICING,
        kit_layout.SHEET_SITES,
        kit_layout.SHEET_LANGUAGES,
        kit_layout.SHEET_CERTIFICATIONS,
        kit_layout.SHEET_CONTRACT,
        kit_layout.SHEET_ABOUT,
    ]
    compliance = workbook[kit_layout.SHEET_COMPLIANCE]
    assert tuple(c.value for c in compliance[1]) == kit_layout.COMPLIANCE_HEADERS
    ids = [row[0].value for row in compliance.iter_rows(min_row=2)]
    assert ids == [wc.id for wc in project.selection.criteria]
    validations = compliance.data_validations.dataValidation
    assert any(v.formula1 == '"Comply,Partial,No"' for v in validations)
    pricing = workbook[kit_layout.SHEET_PRICING]
    models = {row[0].value for row in pricing.iter_rows(min_row=2)}
    assert models == {"Per FTE per month", "Per productive hour", "Per handled minute"}
    # per-minute rows carry the buyer's volume and AHT, and a formula for billable minutes
    minute_rows = [r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per handled minute"]
    assert {r[1].value for r in minute_rows} == {"voice", "chat", "email"}
    assert all(str(r[7].value).startswith("=D") for r in minute_rows)
    languages = [row[0].value for row in workbook[kit_layout.SHEET_LANGUAGES].iter_rows(min_row=2)]
    assert [code for code in languages if code] == ["en", "es"]
    sites_headers = tuple(c.value for c in workbook[kit_layout.SHEET_SITES][1])
    assert "Time zone" in sites_headers
    certs = workbook[kit_layout.SHEET_CERTIFICATIONS]
    assert tuple(c.value for c in certs[1]) == kit_layout.CERTIFICATIONS_HEADERS
    about = {row[0].value: row[1].value for row in workbook[kit_layout.SHEET_ABOUT].iter_rows()}
    assert about["reference"] == project.spec.project.reference
    assert workbook[kit_layout.SHEET_ABOUT].sheet_state == "hidden"


def test_kit_is_reproducible(tmp_path: Path, generated: dict[str, GeneratedFiles]) -> None:
    project = load_project(generated["back"].pdf.parent.parent)
    write_template(project, tmp_path / "a.docx")
    write_workbook(project, tmp_path / "a.xlsx")

    def members(path: Path) -> dict[str, bytes]:
        # openpyxl stamps the save time into docProps/core.xml; everything else must match.
        with zipfile.ZipFile(path) as archive:
            return {n: archive.read(n) for n in archive.namelist() if n != "docProps/core.xml"}

    assert members(tmp_path / "a.docx") == members(generated["back"].template)
    assert members(tmp_path / "a.xlsx") == members(generated["back"].workbook)


def test_long_title_and_reference_fit_the_core_properties(
    tmp_path: Path, make_project: Callable[..., Path]
) -> None:
    """Issue 10: DOCX core properties hold at most 255 characters; the body keeps everything."""
    title = "Customer contact centre services " + "t" * 267
    reference = "REF-" + "9" * 296
    assert len(title) == len(reference) == 300
    folder = make_project("front", project={"title": title, "reference": reference})
    project = load_project(folder)
    write_template(project, tmp_path / "t.docx")
    write_workbook(project, tmp_path / "t.xlsx")

    properties = Document(str(tmp_path / "t.docx")).core_properties
    assert properties.title.startswith("Response to RFP REF-999")
    assert len(properties.title) == 255 and properties.title.endswith("…")
    assert len(properties.subject) == 255 and properties.subject.endswith("…")
    body = "\n".join(p.text for p in Document(str(tmp_path / "t.docx")).paragraphs)
    assert title in body and reference in body
    workbook_title = load_workbook(tmp_path / "t.xlsx").properties.title
    assert workbook_title is not None and len(workbook_title) <= 255


def test_per_employee_rows_only_for_payroll(make_project: Callable[..., Path]) -> None:
    """Issue 12: a payroll buyer is offered per-employee-per-month pricing, on payroll only."""
    project = load_project(make_project("back"))
    assert "per_employee_month" in project.spec.price_models
    pepm = [row["scope"] for row in pricing_rows(project) if row["model"] == "per_employee_month"]
    assert pepm == ["payslips"]


def test_per_hour_units_use_the_vendors_productive_hours_cell(
    generated: dict[str, GeneratedFiles],
) -> None:
    """Issue 11: the sheet hard-coded 112 productive hours per FTE-month while the RFP asks
    vendors for their own; the per-hour formula now reads the vendor's cell on its row."""
    workbook = load_workbook(generated["front"].workbook)
    pricing = workbook[kit_layout.SHEET_PRICING]
    headers = [cell.value for cell in pricing[1]]
    assert headers[-1] == kit_layout.PRICING_PRODUCTIVE_HOURS
    column = get_column_letter(len(headers))
    rows = list(pricing.iter_rows(min_row=2))
    hourly = [r for r in rows if r[0].value == "Per productive hour"]
    assert hourly
    for row in hourly:
        n = row[0].row
        assert row[7].value == f'=IF(OR(G{n}="",{column}{n}=""),"",G{n}*12*{column}{n})'
    formulas = [str(cell.value) for row in rows for cell in row if str(cell.value).startswith("=")]
    assert not any("112" in formula for formula in formulas)
    # An input cell, left blank, on FTE and per-hour rows only.
    hours = {r[0].value: pricing[f"{column}{r[0].row}"] for r in rows}
    assert all(cell.value is None for cell in hours.values())
    filled = {model for model, cell in hours.items() if cell.fill.fgColor.rgb != "00000000"}
    assert filled == {"Per FTE per month", "Per productive hour"}
    instructions = " ".join(str(c.value) for c in workbook[kit_layout.SHEET_INSTRUCTIONS]["A"])
    assert "Productive hours per FTE-month" in instructions
    assert "assumes 112 and asks you to confirm" in instructions
    assert "outside 80-176 is not used" in instructions
