"""The returned response workbook as read by `rfp score`: a vendor's cells arrive as typed values.

The workbook is written by the generate step's writer and filled with openpyxl as a vendor
would, so writer and reader are checked against each other through the shared layout names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rfp.core import kit_layout
from rfp.core.project import Project, load_project
from rfp.errors import ProposalReadError
from rfp.generate.kit import write_workbook
from rfp.score.ingest.kit import read_workbook
from rfp.score.workbook import Certification, ComplianceAnswer, LanguageOffer, Price, Site


def blank_workbook(make_project: Callable[..., Path], tmp_path: Path) -> tuple[Project, Path]:
    project = load_project(make_project("front"))
    blank = tmp_path / kit_layout.WORKBOOK_FILE
    write_workbook(project, blank)
    return project, blank


def test_vendor_cells_are_read_back(make_project: Callable[..., Path], tmp_path: Path) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    first_criterion = project.selection.criteria[0].criterion.id
    workbook = load_workbook(blank)
    workbook[kit_layout.SHEET_RESPONDENT]["B2"] = "Northwind Contact Ltd"
    assert workbook[kit_layout.SHEET_RESPONDENT]["A6"].value == "Number format / locale"
    workbook[kit_layout.SHEET_RESPONDENT]["B6"] = "en_US"  # so "$3,150" is 3150, not 3.15
    compliance = workbook[kit_layout.SHEET_COMPLIANCE]
    assert compliance["A2"].value == first_criterion
    compliance["E2"] = "comply"  # any case: the reader capitalises
    compliance["F2"] = "Proposal section 4, page 12"
    pricing = workbook[kit_layout.SHEET_PRICING]
    fte_row = next(r for r in pricing.iter_rows(min_row=2) if r[0].value == "Per FTE per month")
    fte_row[5].value = "$3,150"
    fte_row[6].value = 42
    sites = workbook[kit_layout.SHEET_SITES]
    site: list[str | int] = ["Manila hub", "Manila", "Philippines", "Offshore", "Asia/Manila",
                             "Mon-Sat", "8:00 pm", "05:00", 350, "voice, chat"]  # fmt: skip
    for column, value in enumerate(site, start=1):
        sites.cell(row=2, column=column, value=value)
    languages = workbook[kit_layout.SHEET_LANGUAGES]
    assert languages["A2"].value == "en"  # pre-filled from the spec
    languages["C2"] = "C2"
    languages["D2"] = 120
    certifications = workbook[kit_layout.SHEET_CERTIFICATIONS]
    expiry = dt.datetime(2027, 5, 31)
    certification: list[str | dt.datetime] = ["ISO/IEC 27001", "All delivery sites", "BSI", expiry]
    for column, entry in enumerate(certification, start=1):
        certifications.cell(row=2, column=column, value=entry)
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    read = read_workbook(returned, project.spec.project.reference)

    assert read.reference == project.spec.project.reference
    assert read.respondent == {
        "Company name": "Northwind Contact Ltd",
        "Number format / locale": "en_US",
    }
    assert read.compliance == {
        first_criterion: ComplianceAnswer(first_criterion, "Comply", "Proposal section 4, page 12")
    }
    voice = str(fte_row[1].value)
    assert read.prices == [Price("per_fte_month", voice, 3150.0, 42.0)]
    assert read.sites == [
        Site(
            name="Manila hub",
            city="Manila",
            country="Philippines",
            location_type="offshore",
            time_zone="Asia/Manila",
            days=("mon", "tue", "wed", "thu", "fri", "sat"),
            start=dt.time(20, 0),
            end=dt.time(5, 0),
            seats=350,
            services="voice, chat",
        )
    ]
    assert LanguageOffer("en", "C2", 120) in read.languages
    assert read.certifications[0] == Certification(
        "ISO/IEC 27001", "All delivery sites", "BSI", dt.date(2027, 5, 31)
    )
    assert read.warnings == []


def test_bad_cells_become_warnings_naming_the_cell(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    workbook = load_workbook(blank)
    workbook[kit_layout.SHEET_COMPLIANCE]["E2"] = "Maybe"
    sites = workbook[kit_layout.SHEET_SITES]
    for column, value in enumerate(["Moon base", "", "", "", "Mars/Olympus", "Mon-Fri"], start=1):
        sites.cell(row=2, column=column, value=value)
    for column, value in enumerate(["Cebu", "", "", "", "Asia/Manila", "someday"], start=1):
        sites.cell(row=3, column=column, value=value)
    certifications = workbook[kit_layout.SHEET_CERTIFICATIONS]
    certifications["A2"], certifications["D2"] = "PCI DSS", "next spring"
    del workbook[kit_layout.SHEET_LANGUAGES]
    returned = tmp_path / "returned.xlsx"
    workbook.save(returned)

    read = read_workbook(returned, project.spec.project.reference)

    where = str(returned)
    assert read.warnings == [
        f"{where}: {kit_layout.SHEET_COMPLIANCE}!E2: 'Maybe' is not Comply, Partial or No",
        f"{where}: {kit_layout.SHEET_SITES}!E2: unknown IANA time zone 'Mars/Olympus'; "
        "site ignored",
        f"{where}: {kit_layout.SHEET_SITES}!F3: days or hours unreadable; site ignored",
        f"{where}: sheet '{kit_layout.SHEET_LANGUAGES}' is missing",
        f"{where}: {kit_layout.SHEET_CERTIFICATIONS}!D2: expiry is not a date (YYYY-MM-DD)",
    ]
    assert read.compliance == {} and read.sites == []
    assert read.certifications[0] == Certification("PCI DSS", "", "", None)


def test_unreadable_or_foreign_workbooks_raise(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project, blank = blank_workbook(make_project, tmp_path)
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip archive")

    with pytest.raises(ProposalReadError, match="the workbook is empty"):
        read_workbook(empty, project.spec.project.reference)
    with pytest.raises(ProposalReadError, match=r"not a readable Excel workbook \("):
        read_workbook(junk, project.spec.project.reference)
    with pytest.raises(ProposalReadError) as caught:
        read_workbook(blank, "OTHER-RFP")
    assert caught.value.reason == (
        f"this workbook belongs to RFP {project.spec.project.reference}, not OTHER-RFP"
    )
