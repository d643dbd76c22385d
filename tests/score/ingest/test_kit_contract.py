"""The response workbook's "Contract exceptions" sheet as `rfp score` reads it.

The kit is written by the generate step and filled with openpyxl as a vendor would; every way a
vendor can bend the sheet (typos, deleted or reordered rows, edited terms, "Accept" with its own
wording, two answers to one term) is read as stated and said, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rfp.core import kit_layout
from rfp.core.contract import TERM_IDS, Term, key_terms
from rfp.core.project import load_project
from rfp.generate.kit import write_workbook
from rfp.score.ingest.kit import read_workbook
from rfp.score.workbook import VendorWorkbook

MakeProject = Callable[..., Path]
REFERENCE = "ACME-2026-001"


@pytest.fixture
def kit(make_project: MakeProject, tmp_path: Path) -> tuple[list[Term], Path, str]:
    project = load_project(make_project("front"))
    blank = tmp_path / kit_layout.WORKBOOK_FILE
    write_workbook(project, blank)
    return key_terms(project.spec), blank, project.spec.project.reference


def _fill(blank: Path, target: Path, rows: dict[int, tuple[str | None, ...]]) -> Path:
    """Write (response, alternative, reason) into the given sheet rows (2 = first term)."""
    workbook = load_workbook(blank)
    sheet = workbook[kit_layout.SHEET_CONTRACT]
    for row, values in rows.items():
        for offset, value in enumerate(values):
            sheet.cell(row=row, column=5 + offset, value=value)
    workbook.save(target)
    return target


def _read(path: Path, reference: str, terms: list[Term]) -> VendorWorkbook:
    return read_workbook(path, reference, contract_terms=terms)


def test_the_kit_lists_every_term_with_a_choice_list(
    kit: tuple[list[Term], Path, str],
) -> None:
    _, blank, _ = kit
    sheet = load_workbook(blank)[kit_layout.SHEET_CONTRACT]
    assert [cell.value for cell in sheet[1]] == list(kit_layout.CONTRACT_HEADERS)
    assert [sheet.cell(row=r, column=1).value for r in range(2, 11)] == list(TERM_IDS)
    flags = {
        sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=4).value for r in range(2, 11)
    }
    assert flags["right_to_audit"] == "Yes" and flags["benchmarking"] == "No"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"Accept,Accept with exception,Reject"'
    assert str(validation.sqref) == "E2:E10"


def test_answers_are_read_by_term_with_their_cells(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    terms, blank, reference = kit
    path = _fill(
        blank,
        tmp_path / "filled.xlsx",
        {
            2: ("Accept",),
            7: ("Accept with exception", "Benchmark from year 3.", "Transition recovery."),
            8: ("Reject", None, "We never accept termination for convenience."),
        },
    )
    read = _read(path, reference, terms)
    assert read.contract_sheet
    audit = read.contract["right_to_audit"]
    assert (audit.status, audit.response, audit.cell) == (
        "accepted",
        "Accept",
        "Contract exceptions!E2",
    )
    bench = read.contract["benchmarking"]
    assert (bench.status, bench.alternative, bench.reason) == (
        "exception",
        "Benchmark from year 3.",
        "Transition recovery.",
    )
    assert read.contract["termination"].status == "rejected"
    assert read.contract["insurance"].status == "unanswered"  # left blank
    assert read.warnings == []


@pytest.mark.parametrize(
    ("typed", "status"),
    [("accept ", "accepted"), ("ACCEPT", "accepted"), ("accept  with   EXCEPTION", "exception")],
)
def test_case_and_spacing_typos_are_read(
    kit: tuple[list[Term], Path, str], tmp_path: Path, typed: str, status: str
) -> None:
    terms, blank, reference = kit
    read = _read(_fill(blank, tmp_path / "t.xlsx", {2: (typed,)}), reference, terms)
    assert read.contract["right_to_audit"].status == status
    assert read.warnings == []


def test_an_unknown_response_is_a_warning_naming_the_cell(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    terms, blank, reference = kit
    path = _fill(blank, tmp_path / "u.xlsx", {2: ("Agreed",), 3: ("Partly", "Six months, not 12.")})
    read = _read(path, reference, terms)
    assert read.contract["right_to_audit"].status == "unanswered"
    assert read.contract["exit_assistance"].status == "exception"  # it proposes wording
    assert any("Contract exceptions!E2: 'Agreed' is not" in w for w in read.warnings)
    assert any("E3: 'Partly'" in w and "read as an exception" in w for w in read.warnings)


def test_accept_with_its_own_wording_is_an_exception(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    """A vendor cannot accept a non-negotiable term while rewriting it."""
    terms, blank, reference = kit
    path = _fill(blank, tmp_path / "a.xlsx", {2: ("Accept", "Audits once a year, remotely only.")})
    audit = _read(path, reference, terms).contract["right_to_audit"]
    assert audit.status == "exception"
    assert "read as an exception" in audit.note


def test_rows_deleted_reordered_or_edited_are_matched_by_id_and_warned(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    terms, blank, reference = kit
    workbook = load_workbook(blank)
    sheet = workbook[kit_layout.SHEET_CONTRACT]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    rows.reverse()  # reordered
    rows = [row for row in rows if row[0] != "insurance"]  # deleted
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        row[4] = "Accept"
        if row[0] == "right_to_audit":
            row[2] = "The provider may be audited once a year by appointment."  # edited
        sheet.append(row)
    sheet.append(["escrow", "Source code escrow", "", "No", "Reject", None, None])
    path = tmp_path / "moved.xlsx"
    workbook.save(path)
    read = _read(path, reference, terms)
    assert read.contract["right_to_audit"].status == "accepted"  # the RFP's wording stands
    assert "differs from the RFP's" in read.contract["right_to_audit"].note
    assert "insurance" not in read.contract
    assert set(read.contract) == set(TERM_IDS) - {"insurance"}
    text = "\n".join(read.warnings)
    assert "no row for term insurance; unanswered" in text
    assert "not in the kit's order" in text
    assert "the wording of term 'right_to_audit' differs" in text
    assert "unknown term id 'escrow'" in text


def test_two_answers_to_one_term_keep_the_further_one(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    terms, blank, reference = kit
    workbook = load_workbook(blank)
    sheet = workbook[kit_layout.SHEET_CONTRACT]
    sheet["E2"] = "Reject"
    sheet.append(["right_to_audit", "Right to audit", sheet["C2"].value, "Yes", "Accept"])
    path = tmp_path / "twice.xlsx"
    workbook.save(path)
    read = _read(path, reference, terms)
    assert read.contract["right_to_audit"].status == "rejected"
    assert any("answered twice" in w and "E2: rejected" in w for w in read.warnings)


def test_an_old_kit_without_the_sheet_is_a_warning_not_a_crash(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    terms, blank, reference = kit
    workbook = load_workbook(blank)
    del workbook[kit_layout.SHEET_CONTRACT]
    path = tmp_path / "old.xlsx"
    workbook.save(path)
    read = _read(path, reference, terms)
    assert not read.contract_sheet and read.contract == {}
    assert any("sheet 'Contract exceptions' is missing" in w for w in read.warnings)
