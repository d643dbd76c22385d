"""Key terms as each vendor answered them, and the knockouts on the buyer's non-negotiable terms.

The round trip is the issue's "done when": the kit is written, a vendor fills the "Contract
exceptions" sheet, ``rfp score`` reads it, and the answers reach scores.xlsx and the shortlist.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from rfp.core import kit_layout
from rfp.core.contract import key_terms
from rfp.core.project import load_project
from rfp.report import context
from rfp.score import contract
from rfp.score.outputs import write_scores
from rfp.score.pipeline import score_project
from rfp.score.run import ContractResponse, VendorInput
from rfp.score.saved import Loaded, load_run, save_run
from rfp.score.workbook import ContractAnswer, VendorWorkbook

MakeProject = Callable[..., Path]


def _vendor(answers: dict[str, ContractAnswer] | None, *, sheet: bool = True) -> VendorInput:
    workbook = None
    if answers is not None:
        workbook = VendorWorkbook(path="v/response-workbook.xlsx", contract=answers)
        workbook.contract_sheet = sheet
    return VendorInput("Vendor", Path("v"), workbook=workbook)


def _answer(
    term: str, status: str, response: str = "", row: int = 2, **extra: str
) -> ContractAnswer:
    return ContractAnswer(term, response, status, cell=f"Contract exceptions!E{row}", **extra)


def test_non_negotiable_exceptions_knock_out_and_blanks_are_to_confirm(
    make_project: MakeProject,
) -> None:
    project = load_project(make_project("front"))  # non-negotiable: right_to_audit, data_protection
    vendor = _vendor(
        {
            "right_to_audit": _answer(
                "right_to_audit",
                "exception",
                "Accept with exception",
                2,
                alternative="Remote only.",
            ),
            "benchmarking": _answer("benchmarking", "rejected", "Reject", 7),
        }
    )
    answers = contract.responses(project, [vendor])
    items = contract.knockouts(answers)["Vendor"]
    assert [(i.kind, i.reason) for i in items] == [
        ("contract", "takes exception to non-negotiable term Right to audit (right_to_audit)"),
        (
            "contract_unanswered",
            "does not answer non-negotiable term Data protection (data_protection)",
        ),
    ]
    assert items[0].evidence == (
        "v/response-workbook.xlsx: Contract exceptions!E2; response 'Accept with exception'; "
        "proposed wording: Remote only."
    )
    assert items[1].evidence == "no row for the term on the 'Contract exceptions' sheet"
    # Rejecting a negotiable term costs nothing here: it is listed, not knocked out.
    bench = next(r for r in answers["Vendor"] if r.term == "benchmarking")
    assert bench.status == "rejected" and not bench.non_negotiable


def test_a_rejection_names_the_term(make_project: MakeProject) -> None:
    project = load_project(make_project("front"))
    vendor = _vendor({"data_protection": _answer("data_protection", "rejected", "Reject", 9)})
    (_, item) = contract.knockouts(contract.responses(project, [vendor]))["Vendor"]
    assert item.reason == "rejects non-negotiable term Data protection (data_protection)"
    assert "Contract exceptions!E9" in item.evidence


@pytest.mark.parametrize(
    ("vendor", "evidence"),
    [
        (_vendor(None), "no readable response workbook"),
        (_vendor({}, sheet=False), "no 'Contract exceptions' sheet in the workbook"),
    ],
)
def test_no_sheet_or_no_workbook_leaves_every_non_negotiable_to_confirm(
    make_project: MakeProject, vendor: VendorInput, evidence: str
) -> None:
    project = load_project(make_project("front"))
    items = contract.knockouts(contract.responses(project, [vendor]))["Vendor"]
    assert [i.kind for i in items] == ["contract_unanswered", "contract_unanswered"]
    assert {i.evidence for i in items} == {evidence}


def test_summary_line() -> None:
    listed = [
        ContractResponse("a", "Right to audit", True, "accepted"),
        ContractResponse("b", "Benchmarking", False, "exception"),
        ContractResponse("c", "Insurance", False, "exception"),
        ContractResponse("d", "Data protection", True, "unanswered"),
    ]
    assert contract.summary_line(listed) == (
        "accepts 1 of 4 key terms; 2 exceptions: Benchmarking, Insurance; "
        "1 unanswered: Data protection (non-negotiable)"
    )


# --------------------------------------------------------------------------- round trip


def _fill_contract(path: Path, answers: dict[str, tuple[str | None, ...]]) -> None:
    workbook = load_workbook(path)
    sheet = workbook[kit_layout.SHEET_CONTRACT]
    for row in sheet.iter_rows(min_row=2):
        values = answers.get(str(row[0].value), ("Accept",))
        for offset, value in enumerate(values):
            row[4 + offset].value = value
    workbook.save(path)


def _copy_vendor(scored_project: Path, name: str) -> Path:
    source = scored_project / "proposals" / "Priced Partners"
    target = scored_project / "proposals" / name
    target.mkdir()
    for path in source.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    return target / "response-workbook.xlsx"


def test_round_trip_to_scores_and_shortlist(scored_project: Path) -> None:
    priced = scored_project / "proposals" / "Priced Partners" / "response-workbook.xlsx"
    _fill_contract(
        priced,
        {
            "benchmarking": ("Accept with exception", "From year 3 only.", "Cost recovery."),
            "limitation_of_liability": ("Accept", "Cap at 6 months of charges."),
        },
    )
    refuser = _copy_vendor(scored_project, "Audit Refusers")
    _fill_contract(refuser, {"right_to_audit": ("Reject",)})
    workbook = load_workbook(refuser)  # marking the term negotiable in the sheet changes nothing
    workbook[kit_layout.SHEET_CONTRACT]["D2"] = "No"
    workbook.save(refuser)
    _fill_contract(_copy_vendor(scored_project, "Blank Answers"), {"data_protection": (None,)})
    project = load_project(scored_project)
    run = score_project(project)

    priced_terms = {r.term: r for r in run.contract["Priced Partners"]}
    assert priced_terms["benchmarking"].alternative == "From year 3 only."
    assert priced_terms["limitation_of_liability"].status == "unclear"  # Accept + wording
    assert not any(
        k.reason.startswith(("takes", "rejects")) for k in run.knockouts["Priced Partners"]
    )
    refusers = [k.reason for k in run.knockouts["Audit Refusers"]]
    assert "rejects non-negotiable term Right to audit (right_to_audit)" in refusers
    assert run.status("Audit Refusers") == "disqualified"
    blank = [k for k in run.to_confirm["Blank Answers"] if k.kind == "contract_unanswered"]
    assert [k.reason for k in blank] == [
        "does not answer non-negotiable term Data protection (data_protection)"
    ]
    assert blank[0].evidence.endswith("Contract exceptions!E9")
    # Exceptions on negotiable terms cost no points: the two copies of one proposal tie.
    totals = run.ranking["total"]
    assert totals["Priced Partners"] == totals["Blank Answers"]

    files = write_scores(run)
    sheet = load_workbook(files.xlsx)["Contract exceptions"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    liability = next(
        r for r in rows if r[0] == "Priced Partners" and r[1] == "limitation_of_liability"
    )
    assert liability[4:9] == [
        "To be confirmed",
        "Accept",
        "Cap at 6 months of charges.",
        None,
        "to clarify",
    ]
    assert "'Accept' with other wording" in str(liability[9])
    audit = next(r for r in rows if r[0] == "Audit Refusers" and r[1] == "right_to_audit")
    assert audit[8] == "disqualifies"
    # The cell is shown from the project folder: the file travels, the evaluator's disk not.
    assert str(audit[10]).startswith(f"{refuser.relative_to(scored_project).as_posix()}: ")
    assert not any(str(scored_project) in str(value) for row in rows for value in row)
    knocked = load_workbook(files.xlsx)["Knockouts"].iter_rows(min_row=2, values_only=True)
    refused = next(r for r in knocked if r[0] == "Audit Refusers" and "rejects" in str(r[2]))
    assert refused[5:] == (
        "disqualifies",
        "only the vendor withdrawing it in a corrected Contract exceptions sheet",
    )

    save_run(run)  # the typed JSON round trip keeps the answers
    reloaded = load_run(project)
    assert isinstance(reloaded, Loaded)
    assert reloaded.run.contract == run.contract

    built = context.build(run, top=3)
    lines = {row["name"]: row["line"] for row in built["contract_lines"]}
    assert lines["Priced Partners"] == (
        "accepts 7 of 9 key terms; 1 exception: Benchmarking; 1 to confirm: Limitation of liability"
    )
    page = next(v for v in built["vendors"] if v["name"] == "Priced Partners")
    assert [row["title"] for row in page["contract"]["rows"]] == [
        "Limitation of liability",
        "Benchmarking",
    ]


def test_rules_can_make_an_unanswered_term_disqualifying(scored_project: Path) -> None:
    spec_path = scored_project / "rfp.yaml"
    data = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    data["rules"]["contract_unanswered"] = "disqualify"
    spec_path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    run = score_project(load_project(scored_project))
    reasons = [k.reason for k in run.knockouts["Priced Partners"]]
    assert (
        "does not answer non-negotiable term Right to audit (right_to_audit) "
        "(rules: contract_unanswered: disqualify)"
    ) in reasons


def test_terms_in_the_sheet_match_the_spec(make_project: MakeProject) -> None:
    project = load_project(make_project("front", contract={"non_negotiable": ["insurance"]}))
    assert [t.id for t in key_terms(project.spec) if t.non_negotiable] == ["insurance"]


# --------------------------------------------------------------------------- to be confirmed


def test_an_unclear_answer_is_to_confirm_on_a_non_negotiable_term_only(
    make_project: MakeProject,
) -> None:
    project = load_project(make_project("front"))
    gutting = "Audit at most once every 3 years, at buyer cost"
    note = "'Accept' with a reason, which may qualify it"
    vendor = _vendor(
        {
            "right_to_audit": _answer(
                "right_to_audit", "unclear", "Accept", 2, reason=gutting, note=note
            ),
            "data_protection": _answer("data_protection", "accepted", "Accept", 10),
            "benchmarking": _answer("benchmarking", "unclear", "Yes", 7),
        }
    )
    (item,) = contract.knockouts(contract.responses(project, [vendor]))["Vendor"]
    assert (item.kind, item.reason) == (
        "contract_unanswered",
        "answer to non-negotiable term Right to audit (right_to_audit) to be confirmed: " + note,
    )
    assert item.evidence == (
        "v/response-workbook.xlsx: Contract exceptions!E2; response 'Accept'; reason: " + gutting
    )


def test_summary_line_counts_answers_to_confirm() -> None:
    listed = [
        ContractResponse("a", "Right to audit", True, "unclear"),
        ContractResponse("b", "Benchmarking", False, "unclear"),
        ContractResponse("c", "Insurance", False, "accepted"),
    ]
    assert contract.summary_line(listed) == (
        "accepts 1 of 3 key terms; 2 to confirm: Right to audit (non-negotiable), Benchmarking"
    )


def test_a_gutting_reason_reaches_scores_and_the_shortlist(scored_project: Path) -> None:
    """The issue's case: "Accept" on right to audit with a Reason that guts it is to be
    confirmed, and the Reason is on the vendor's shortlist page and in scores.xlsx."""
    gutting = "Audit at most once every 3 years, at buyer cost"
    priced = scored_project / "proposals" / "Priced Partners" / "response-workbook.xlsx"
    _fill_contract(priced, {"right_to_audit": ("Accept", None, gutting)})
    run = score_project(load_project(scored_project))
    assert run.status("Priced Partners") == "to be confirmed"
    assert not run.knockouts["Priced Partners"]
    (item,) = [k for k in run.to_confirm["Priced Partners"] if k.kind == "contract_unanswered"]
    assert item.reason.startswith("answer to non-negotiable term Right to audit (right_to_audit)")
    assert gutting in item.evidence
    rows = load_workbook(write_scores(run).xlsx)["Contract exceptions"].iter_rows(values_only=True)
    audit = next(r for r in rows if r[0] == "Priced Partners" and r[1] == "right_to_audit")
    assert audit[4:9] == ("To be confirmed", "Accept", None, gutting, "to confirm")
    page = next(v for v in context.build(run, top=3)["vendors"] if v["name"] == "Priced Partners")
    (row,) = page["contract"]["rows"]
    assert (row["title"], row["read_as"], row["reason"]) == (
        "Right to audit",
        "To be confirmed",
        gutting,
    )
