"""The knockout policy: a stated failure disqualifies, a missing fact is to be confirmed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from rfp.core import kit_layout
from rfp.core.project import load_project
from rfp.core.spec import Rules
from rfp.generate import kit
from rfp.score.pipeline import score_project
from rfp.score.policy import apply_rules
from rfp.score.run import (
    DISQUALIFIED,
    QUALIFIED,
    TO_CONFIRM,
    ConsensusOverride,
    Evaluations,
    Knockout,
    ScoreRun,
)
from rfp.score.scoring import rank

MakeProject = Callable[..., Path]

STATED = Knockout("SEC-01", "does not hold required certification: PCI DSS", "text: “…”")
UNSTATED = Knockout(
    "SEC-01", "required certification not stated: PCI DSS", kind="missing_certification"
)
NO_WORKBOOK = Knockout("", "no readable response workbook", kind="missing_workbook")


def test_a_stated_failure_disqualifies_and_a_missing_fact_is_to_confirm() -> None:
    knockouts, to_confirm = apply_rules(
        {"A": [STATED], "B": [UNSTATED, NO_WORKBOOK], "C": []}, Rules(), {}, 2
    )
    assert knockouts == {"A": [STATED], "B": [], "C": []}
    assert to_confirm == {"A": [], "B": [UNSTATED, NO_WORKBOOK], "C": []}


def test_rules_make_one_class_disqualifying_and_say_so() -> None:
    strict = Rules(missing_workbook="disqualify")
    knockouts, to_confirm = apply_rules({"B": [UNSTATED, NO_WORKBOOK]}, strict, {}, 2)
    assert [k.reason for k in knockouts["B"]] == [
        "no readable response workbook (rules: missing_workbook: disqualify)"
    ]
    assert to_confirm["B"] == [UNSTATED]


def test_a_consensus_score_settles_an_item_either_way() -> None:
    cleared, _ = apply_rules({"B": [UNSTATED]}, Rules(), {("B", "SEC-01"): 4.0}, 2)
    assert cleared == {"B": []}
    knockouts, to_confirm = apply_rules({"B": [UNSTATED]}, Rules(), {("B", "SEC-01"): 1.0}, 2)
    assert to_confirm == {"B": []}
    assert knockouts["B"][0].reason.endswith("consensus scored 1, below 2")
    assert knockouts["B"][0].source == "consensus"
    # A stated failure is not reopened by a consensus score: the vendor said it.
    kept, _ = apply_rules({"A": [STATED]}, Rules(), {("A", "SEC-01"): 5.0}, 2)
    assert kept == {"A": [STATED]}


def test_vendors_to_confirm_rank_by_total_among_the_qualified() -> None:
    totals = pd.DataFrame({"total": [70.0, 80.0, 90.0]}, index=["Qual", "Open", "Out"])
    ranking = rank(totals, {"Out": [STATED]}, {}, {}, {"Open": [UNSTATED]})
    assert list(ranking.index) == ["Open", "Qual", "Out"]
    assert ranking["status"].tolist() == [TO_CONFIRM, QUALIFIED, DISQUALIFIED]
    assert ranking["disqualified"].tolist() == [False, False, True]
    assert ranking.loc["Open", "to_confirm"] == "required certification not stated: PCI DSS"


# Four back-office proposals answering the buyer's own RFP, in English, with no response kit and
# none naming the word "English". Their substance differs so that the text alone ranks them.
_PROPOSALS = {
    "Alder Finance": (
        "Our Kraków centre processes 30,000 supplier invoices a month with three-way matching "
        "against purchase orders and goods receipts; exceptions are routed within 4 hours. "
        "Payroll for 9,000 employees runs on SAP SuccessFactors with dual review of every run. "
        "We hold SOC 2 Type II and ISO/IEC 27001 certifications, audited in 2026. Staff pass "
        "criminal, credit and employment-history checks before they start, renewed every two "
        "years. Our audited accounts for the last three years show revenue of 48 million euros."
    ),
    "Birch Shared Services": (
        "We process accounts payable invoices and payroll for mid-sized companies from our "
        "centre in Lisbon. Invoices are matched to purchase orders and paid on agreed terms. "
        "Payroll is checked before each payment run. Our employees are screened before they "
        "join the company, and our financial position is sound with steady growth each year."
    ),
    "Cedar Outsourcing": (
        "Cedar runs finance operations for clients in several countries from two delivery "
        "centres. Our teams handle invoices, payments and payroll for our clients every month "
        "with care and attention to detail. We work closely with every client to understand "
        "their needs and we are proud of the long relationships we have built over the years."
    ),
    "Dogwood Back Office": (
        "Dogwood processes 12,000 invoices a month for its largest client with a first-pass "
        "match rate of 92 percent and handles payroll for 3,500 employees in three countries. "
        "We hold an ISO/IEC 27001 certificate issued in 2025. Every new joiner is screened "
        "through a licensed agency, covering identity, right to work and criminal records."
    ),
}


def _four_text_only(make_project: MakeProject, **changes: object) -> Path:
    folder = make_project("back", **changes)
    for name, text in _PROPOSALS.items():
        vendor = folder / "proposals" / name
        vendor.mkdir(parents=True)
        (vendor / "proposal.md").write_text(f"# Proposal\n\n{text}\n", encoding="utf-8")
    return folder


def test_text_only_proposals_are_ranked_by_text_not_knocked_out(
    make_project: MakeProject,
) -> None:
    run = score_project(load_project(_four_text_only(make_project)))
    assert run.knockouts == {name: [] for name in _PROPOSALS}
    assert {run.status(name) for name in _PROPOSALS} == {TO_CONFIRM}
    assert not run.ranking["disqualified"].any()
    # The finding: "does not offer required language: en" for English proposals.
    for name in _PROPOSALS:
        assert run.checks[name].written_in == "en"
        reasons = [item.reason for item in run.to_confirm[name]]
        assert "English: the proposal is written in it but does not state it is offered" in reasons
        assert any(item.kind == "missing_workbook" for item in run.to_confirm[name])
        assert any(item.kind == "unpriced" for item in run.to_confirm[name])
    # Ranked by the text: the specific proposal first, the one that says nothing last.
    totals = run.ranking["total"]
    assert list(run.ranking.index) == sorted(_PROPOSALS, key=lambda n: -float(totals[n]))
    assert run.ranking.index[0] == "Alder Finance"
    assert run.ranking.index[-1] == "Cedar Outsourcing"
    assert totals.is_monotonic_decreasing and totals.iloc[0] > totals.iloc[-1]
    # Alder states both certifications; Dogwood states only ISO/IEC 27001.
    assert not any(i.kind == "missing_certification" for i in run.to_confirm["Alder Finance"])
    assert [i.reason for i in run.to_confirm["Dogwood Back Office"] if i.criterion == "SEC-01"] == [
        "required certification not stated: SOC 2 Type II"
    ]


def test_a_strict_rule_makes_a_missing_workbook_non_responsive(make_project: MakeProject) -> None:
    folder = _four_text_only(make_project, rules={"missing_workbook": "disqualify"})
    run = score_project(load_project(folder))
    assert {run.status(name) for name in _PROPOSALS} == {DISQUALIFIED}
    for name in _PROPOSALS:
        assert [k.reason for k in run.knockouts[name]] == [
            "no readable response workbook: sites, languages, certifications and prices rest on "
            "the proposal text (rules: missing_workbook: disqualify)"
        ]


def _one_vendor(make_project: MakeProject, text: str, **sheets: list[list[str | int]]) -> ScoreRun:
    """Score one vendor's text, with a response workbook holding ``sheets`` rows if given."""
    folder = make_project("back")
    vendor = folder / "proposals" / "Vendor"
    vendor.mkdir(parents=True)
    (vendor / "proposal.md").write_text(f"# Proposal\n\n{text}\n", encoding="utf-8")
    if sheets:
        project = load_project(folder)
        blank = project.output_dir / kit_layout.WORKBOOK_FILE
        kit.write_workbook(project, blank)
        workbook = load_workbook(blank)
        for sheet, rows in sheets.items():
            for row_number, row in enumerate(rows, start=2):
                for column, value in enumerate(row, start=1):
                    workbook[sheet].cell(row=row_number, column=column, value=value)
        workbook.save(vendor / kit_layout.WORKBOOK_FILE)
    return score_project(load_project(folder))


_FILLER = (
    "Our centre in Manila processes supplier invoices and payroll for clients in the United "
    "Kingdom and Ireland, with maker-checker review on every payment run. "
)


@pytest.mark.parametrize(
    ("statement", "reason", "evidence"),
    [
        (
            "We hold ISO/IEC 27001 and a SOC 2 Type I report.",
            "does not hold required certification: SOC 2 Type II",
            "holds SOC 2 Type I, not SOC 2 Type II",
        ),
        (
            "We hold ISO/IEC 27001. We do not hold a SOC 2 report.",
            "does not hold required certification: SOC 2 Type II",
            "We do not hold a SOC 2 report",
        ),
        (
            "We hold ISO/IEC 27001 and are working towards SOC 2 Type II, expected next year.",
            "does not hold required certification: SOC 2 Type II",
            "working towards SOC 2 Type II",
        ),
    ],
)
def test_a_stated_certification_failure_disqualifies_with_its_words(
    make_project: MakeProject, statement: str, reason: str, evidence: str
) -> None:
    run = _one_vendor(make_project, _FILLER * 2 + statement)
    [knockout] = run.knockouts["Vendor"]
    assert knockout.reason == reason
    assert evidence in knockout.evidence


def test_a_restated_requirement_is_not_a_refusal(make_project: MakeProject) -> None:
    # The buyer's requirement in the vendor's text is neither a claim nor a refusal.
    run = _one_vendor(
        make_project, _FILLER * 2 + "The provider must hold SOC 2 Type II. We hold ISO/IEC 27001."
    )
    assert run.knockouts["Vendor"] == []
    assert "required certification not stated: SOC 2 Type II" in [
        item.reason for item in run.to_confirm["Vendor"]
    ]


def test_an_expired_workbook_certificate_disqualifies_with_its_cell(
    make_project: MakeProject,
) -> None:
    run = _one_vendor(
        make_project,
        _FILLER * 2,
        Certifications=[
            ["ISO/IEC 27001", "All sites", "BSI", "2030-01-31"],
            ["SOC 2 Type II", "Manila", "KPMG", "2020-06-30"],
        ],
    )
    [knockout] = run.knockouts["Vendor"]
    assert knockout.reason == "does not hold required certification: SOC 2 Type II"
    assert knockout.evidence == "workbook: SOC 2 Type II expired 2020-06-30"


def test_a_language_the_workbook_leaves_out_disqualifies_unless_the_proposal_is_in_it(
    make_project: MakeProject,
) -> None:
    # Written in English, the workbook listing Spanish only: the evidence conflicts, so confirm.
    english = _one_vendor(make_project, _FILLER * 2, Languages=[["es", "Spanish", "C2", 40]])
    assert [k for k in english.knockouts["Vendor"] if k.criterion == "LNG-01"] == []
    assert "English: the proposal is written in it but does not state it is offered" in [
        item.reason for item in english.to_confirm["Vendor"]
    ]


def test_a_spanish_proposal_whose_workbook_leaves_out_english_is_disqualified(
    make_project: MakeProject, tmp_path: Path
) -> None:
    spanish = (
        "Nuestro centro de Bogotá procesa las facturas de proveedores y la nómina de nuestros "
        "clientes cada mes, con doble revisión de cada pago y conciliación de tres vías. "
    )
    run = _one_vendor(make_project, spanish * 2, Languages=[["es", "Spanish", "C2", 40]])
    assert run.checks["Vendor"].written_in == "es"
    language = [k for k in run.knockouts["Vendor"] if k.criterion == "LNG-01"]
    assert [k.reason for k in language] == ["does not offer required language: English"]
    assert language[0].evidence == "workbook Languages sheet lists es only"


_SPANISH = (
    "Nuestro centro de Bogotá procesa las facturas de proveedores y la nómina de nuestros "
    "clientes cada mes, con doble revisión de cada pago y conciliación de tres vías. "
)


def test_a_language_row_left_as_the_template_wrote_it_is_to_be_confirmed(
    make_project: MakeProject,
) -> None:
    """Review of issue 12: the kit pre-fills "en" on the Languages sheet; a vendor who fills in
    nothing against it has not offered English (it used to count), nor refused it."""
    run = _one_vendor(make_project, _SPANISH * 2, Respondent=[["Company name", "Vendor"]])
    facts = run.checks["Vendor"]
    assert facts.languages is not None and facts.languages.missing == ["en"]
    assert [k for k in run.knockouts["Vendor"] if k.criterion == "LNG-01"] == []
    assert (
        "required language not stated: English (its row on the workbook's Languages sheet "
        "was left blank)"
    ) in [item.reason for item in run.to_confirm["Vendor"]]


def test_zero_agents_for_a_required_language_disqualifies(make_project: MakeProject) -> None:
    run = _one_vendor(make_project, _SPANISH * 2, Languages=[["en", "English", "", 0]])
    language = [k for k in run.knockouts["Vendor"] if k.criterion == "LNG-01"]
    assert [k.evidence for k in language] == ["workbook Languages sheet: 0 agents for en"]


def test_a_stated_language_refusal_disqualifies(make_project: MakeProject) -> None:
    run = _one_vendor(
        make_project,
        "Nous traitons les factures fournisseurs et la paie de nos clients chaque mois depuis "
        "notre centre de Casablanca, avec une double vérification de chaque paiement. "
        * 2
        + "We do not offer English.",
    )
    language = [k for k in run.knockouts["Vendor"] if k.criterion == "LNG-01"]
    assert [k.reason for k in language] == ["does not offer required language: English"]
    assert "We do not offer English" in language[0].evidence


def _comply_everywhere(
    make_project: MakeProject, texts: dict[str, str], response: str | None = "Comply"
) -> ScoreRun:
    """Vendors whose workbooks answer ``response`` to every requirement, with their own texts."""
    folder = make_project("back", name=f"comply-{response}")
    project = load_project(folder)
    blank = project.output_dir / kit_layout.WORKBOOK_FILE
    kit.write_workbook(project, blank)
    for name, text in texts.items():
        vendor = folder / "proposals" / name
        vendor.mkdir(parents=True)
        (vendor / "proposal.md").write_text(text, encoding="utf-8")
        workbook = load_workbook(blank)
        for row in workbook[kit_layout.SHEET_COMPLIANCE].iter_rows(min_row=2):
            row[4].value = response
        workbook.save(vendor / kit_layout.WORKBOOK_FILE)
    return score_project(load_project(folder))


def test_comply_ticked_everywhere_over_boilerplate_is_flagged_not_scored(
    make_project: MakeProject,
) -> None:
    boilerplate = (
        "# Proposal\n\nWe are a world-class, best-in-class partner committed to excellence. We "
        "aim to deliver outstanding value and we strive to exceed expectations. We fully comply "
        "with all requirements of the RFP and will meet every service level.\n"
    )
    answered = (
        "# Proposal\n\n## WF-03 Background screening and vetting\n\nEvery joiner passes "
        "criminal-record, credit and employment-history checks through Sterling before day one, "
        "renewed every 24 months; 100% of the 420 staff on finance accounts were screened in "
        "2026, and failed checks are escalated to the client within 2 business days.\n"
    )
    run = _comply_everywhere(make_project, {"Ticks": boilerplate, "Answers": answered})
    text_scored = [wc.id for wc in run.project.selection.criteria if wc.criterion.check is None]
    flagged = {claim.criterion for claim in run.unsupported["Ticks"]}
    assert flagged == set(text_scored)  # every "Comply" on a text-scored question
    ticks = run.matrix.loc["Ticks"].to_dict()
    assert all(ticks[cid] <= 1 for cid in text_scored)  # and no points for the ticks
    claim = next(c for c in run.unsupported["Ticks"] if c.criterion == "WF-03")
    assert (claim.kind, claim.gap.split(" (")[0]) in {
        ("no_answer", "no answer to WF-03 found in the proposal"),
        ("uncommitted", "the answer commits to nothing checkable"),
    }
    # The vendor that answered WF-03 is not flagged on it; it is on what it left unanswered.
    answered_flags = {claim.criterion for claim in run.unsupported["Answers"]}
    assert "WF-03" not in answered_flags
    assert "BCP-01" in answered_flags
    assert run.matrix.loc["Answers"].to_dict()["WF-03"] >= 2 > ticks["WF-03"]
    # The ticks earn nothing: the same texts with the compliance matrix left blank score the same.
    blank = _comply_everywhere(make_project, {"Ticks": boilerplate, "Answers": answered}, None)
    assert blank.unsupported == {"Ticks": [], "Answers": []}
    pd.testing.assert_frame_equal(blank.matrix, run.matrix)


def test_a_consensus_override_settles_an_open_item_in_a_run(make_project: MakeProject) -> None:
    project = load_project(_four_text_only(make_project))
    panel = Evaluations(
        consensus=(
            ConsensusOverride("Dogwood Back Office", "SEC-01", 4.0, "SOC 2 Type II seen", "B2"),
            ConsensusOverride("Cedar Outsourcing", "SEC-01", 0.0, "no certificates", "B3"),
        )
    )
    run = score_project(project, panel)
    assert not any(i.criterion == "SEC-01" for i in run.to_confirm["Dogwood Back Office"])
    assert run.status("Dogwood Back Office") == TO_CONFIRM  # the workbook is still missing
    # Cedar states neither required certification: both items rest on SEC-01, both now knock out.
    assert [k.reason for k in run.knockouts["Cedar Outsourcing"]] == [
        "required certification not stated: ISO/IEC 27001; consensus scored 0, below 2",
        "required certification not stated: SOC 2 Type II; consensus scored 0, below 2",
    ]
    assert {k.source for k in run.knockouts["Cedar Outsourcing"]} == {"consensus"}
    assert run.status("Cedar Outsourcing") == DISQUALIFIED


def test_a_contract_knockout_is_not_overridden_by_a_consensus_score() -> None:
    """An explicit rejection of a non-negotiable term is a fact the vendor stated: no panel score
    measures it (its criterion is ""), so even a consensus entry for that key leaves it standing;
    the way back is the vendor withdrawing it in a corrected workbook."""
    rejected = Knockout("", "rejects non-negotiable term Right to audit", kind="contract")
    knockouts, to_confirm = apply_rules({"A": [rejected]}, Rules(), {("A", ""): 5.0}, 2)
    assert knockouts == {"A": [rejected]} and to_confirm == {"A": []}
