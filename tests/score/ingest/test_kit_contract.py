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


def test_a_response_that_is_not_a_choice_is_to_be_confirmed_naming_the_cell(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    """Neither "Agreed" nor "Partly" with wording is an answer the buyer can sign or reject."""
    terms, blank, reference = kit
    path = _fill(blank, tmp_path / "u.xlsx", {2: ("Agreed",), 3: ("Partly", "Six months, not 12.")})
    read = _read(path, reference, terms)
    assert read.contract["right_to_audit"].status == "unclear"
    assert read.contract["exit_assistance"].status == "unclear"  # not an exception knockout
    assert any(
        "Contract exceptions!E2: 'Agreed' is not a choice" in w and "to be confirmed" in w
        for w in read.warnings
    )
    assert any("E3: 'Partly' is not a choice" in w for w in read.warnings)


def test_accept_with_its_own_wording_is_to_be_confirmed_not_an_exception(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    """A vendor cannot accept a non-negotiable term while rewriting it, nor be disqualified for
    a row that says "Accept": the buyer asks which it meant."""
    terms, blank, reference = kit
    path = _fill(blank, tmp_path / "a.xlsx", {2: ("Accept", "Audits once a year, remotely only.")})
    read = _read(path, reference, terms)
    audit = read.contract["right_to_audit"]
    assert audit.status == "unclear"
    assert audit.alternative == "Audits once a year, remotely only."
    assert "'Accept' with other wording" in audit.note
    assert any("E2: 'Accept' with other wording" in w for w in read.warnings)


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
    # Non-negotiable and edited: the RFP's wording stands, and the "Accept" is to be confirmed.
    assert read.contract["right_to_audit"].status == "unclear"
    assert "differs from the RFP's" in read.contract["right_to_audit"].note
    assert "insurance" not in read.contract
    assert set(read.contract) == set(TERM_IDS) - {"insurance"}
    text = "\n".join(read.warnings)
    assert "no row for term insurance; unanswered" in text
    assert "not in the kit's order" in text
    assert "the wording of term 'right_to_audit' differs" in text
    assert "unknown term id 'escrow'" in text


def test_two_answers_to_one_term_keep_the_further_one_in_either_order(
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


# --------------------------------------------------------------------------- bent answers


GUTTING = "Audit at most once every 3 years, at buyer cost"


def test_accept_with_a_reason_that_qualifies_it_is_to_be_confirmed(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    """A Reason that guts the term is not an acceptance, whatever column E says; the Reason
    reaches the answer so scores.xlsx and the shortlist show it."""
    terms, blank, reference = kit
    path = _fill(
        blank, tmp_path / "r.xlsx", {2: ("Accept", None, GUTTING), 7: ("Accept", "", "Yearly.")}
    )
    read = _read(path, reference, terms)
    audit = read.contract["right_to_audit"]
    assert (audit.status, audit.reason) == ("unclear", GUTTING)
    assert audit.note == "'Accept' with a reason, which may qualify it"
    assert read.contract["benchmarking"].status == "unclear"  # negotiable: listed and warned
    assert [w.split("xlsx: ", 1)[1][:34] for w in read.warnings] == [
        "Contract exceptions!E2: 'Accept' w",
        "Contract exceptions!E7: 'Accept' w",
    ]
    assert GUTTING in read.warnings[0]


@pytest.mark.parametrize(
    "said", ["Accepted as written", "agreed.", "No comment", "N/A", "-", " n/a ", "None"]
)
def test_a_reason_or_wording_that_only_affirms_leaves_accept_accepted(
    kit: tuple[list[Term], Path, str], tmp_path: Path, said: str
) -> None:
    terms, blank, reference = kit
    path = _fill(blank, tmp_path / "ok.xlsx", {2: ("Accept", said, said)})
    read = _read(path, reference, terms)
    assert read.contract["right_to_audit"].status == "accepted"
    assert read.warnings == []


def test_the_placeholder_list_is_short_and_explicit() -> None:
    from rfp.score.ingest.kit import AFFIRMING, _says_nothing

    assert len(AFFIRMING) == 12
    assert _says_nothing("Same as RFP.") and _says_nothing("  AS   written ")
    for text in ("OK but remote only", "Accepted, subject to our policy", "Yes", "see note"):
        assert not _says_nothing(text), text


def test_the_summary_copied_into_the_wording_column_is_blank(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    terms, blank, reference = kit
    summary = load_workbook(blank)[kit_layout.SHEET_CONTRACT]["C2"].value
    path = _fill(blank, tmp_path / "copy.xlsx", {2: ("Accept", "  " + summary.replace(" ", "  "))})
    read = _read(path, reference, terms)
    assert read.contract["right_to_audit"].status == "accepted"
    assert read.warnings == []


@pytest.mark.parametrize("typed", ["Yes", "Agreed", "OK"])
def test_a_non_choice_with_wording_is_to_be_confirmed_not_an_exception(
    kit: tuple[list[Term], Path, str], tmp_path: Path, typed: str
) -> None:
    terms, blank, reference = kit
    path = _fill(blank, tmp_path / "nc.xlsx", {2: (typed, "N/A"), 9: (typed, "Remote only.")})
    read = _read(path, reference, terms)
    assert read.contract["right_to_audit"].status == "unclear"
    assert read.contract["data_protection"].status == "unclear"


def test_only_an_explicit_exception_or_rejection_departs(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    terms, blank, reference = kit
    path = _fill(blank, tmp_path / "x.xlsx", {2: ("Accept with exception", "N/A"), 9: ("reject",)})
    read = _read(path, reference, terms)
    assert read.contract["right_to_audit"].status == "exception"
    assert read.contract["data_protection"].status == "rejected"


@pytest.mark.parametrize(
    ("header", "replacement"),
    [("F1", "Our wording"), ("E1", "Answer"), ("G1", None)],
)
def test_a_renamed_or_deleted_header_leaves_every_term_to_be_confirmed(
    kit: tuple[list[Term], Path, str], tmp_path: Path, header: str, replacement: str | None
) -> None:
    terms, blank, reference = kit
    workbook = load_workbook(blank)
    sheet = workbook[kit_layout.SHEET_CONTRACT]
    missing = sheet[header].value
    sheet[header] = replacement
    for row in range(2, 11):
        sheet.cell(row=row, column=5, value="Accept")
    sheet["F2"] = "Audits once every three years, remotely."
    path = tmp_path / "headers.xlsx"
    workbook.save(path)
    read = _read(path, reference, terms)
    assert {answer.status for answer in read.contract.values()} == {"unclear"}
    assert set(read.contract) == set(TERM_IDS)
    assert read.warnings == [
        f"{path}: Contract exceptions!1:1 (the header row): no column headed {missing!r} "
        "(renamed or deleted); the answers cannot be matched to their columns, so every key "
        "term is to be confirmed with the vendor"
    ]


@pytest.mark.parametrize("first_accept", [True, False])
def test_accept_and_a_no_for_one_term_is_to_be_confirmed(
    kit: tuple[list[Term], Path, str], tmp_path: Path, first_accept: bool
) -> None:
    """Severity: unanswered < accepted < unclear < exception < rejected, so a second row can
    only make the reading worse: a vendor cannot cover a "No" with an "Accept"."""
    terms, blank, reference = kit
    workbook = load_workbook(blank)
    sheet = workbook[kit_layout.SHEET_CONTRACT]
    first, second = ("Accept", "No - not accepted")[:: 1 if first_accept else -1]
    sheet["E2"] = first
    sheet.append(["right_to_audit", "Right to audit", sheet["C2"].value, "Yes", second])
    path = tmp_path / "twice.xlsx"
    workbook.save(path)
    read = _read(path, reference, terms)
    audit = read.contract["right_to_audit"]
    assert audit.status == "unclear"
    assert audit.cell == ("Contract exceptions!E11" if first_accept else "Contract exceptions!E2")
    (twice,) = [w for w in read.warnings if "answered twice" in w]
    assert f"E2: {first!r} and Contract exceptions!E11: {second!r}" in twice


def test_edited_wording_of_a_negotiable_term_is_only_warned(
    kit: tuple[list[Term], Path, str], tmp_path: Path
) -> None:
    terms, blank, reference = kit
    workbook = load_workbook(blank)
    sheet = workbook[kit_layout.SHEET_CONTRACT]
    sheet["C2"] = "The provider may be audited once a year."  # right_to_audit: non-negotiable
    sheet["C7"] = "Benchmarking from year 3."  # benchmarking: negotiable
    for row in range(2, 11):
        sheet.cell(row=row, column=5, value="Accept")
    path = tmp_path / "edited.xlsx"
    workbook.save(path)
    read = _read(path, reference, terms)
    assert read.contract["right_to_audit"].status == "unclear"
    assert read.contract["benchmarking"].status == "accepted"
    assert len(read.warnings) == 2
    assert "non-negotiable, so its acceptance is to be confirmed" in read.warnings[0]
    assert "non-negotiable" not in read.warnings[1]
