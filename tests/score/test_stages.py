"""Scoring the later stages: stage scores and the total after them, worked by hand; like for
like ranking; unscored items to be confirmed, never 0; the panel's flags."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd
import pytest

from rfp.core.project import Project, load_project
from rfp.score.run import ConsensusOverride, Evaluations, EvaluatorEntry, EvaluatorSheet
from rfp.score.stages import default_shortlist, final_total, panel_flags, score_stages
from tests.factories import edit

MakeProject = Callable[..., Path]
ORALS = ("ORL-01", "ORL-02", "ORL-03", "ORL-04", "ORL-05")  # 20, 20, 20, 30, 10 points


@pytest.fixture
def project(make_project: MakeProject) -> Project:
    folder = make_project("front")
    edit(folder, "  knockout_below: 2\n", "  knockout_below: 2\n  stages: {orals: 20}\n")
    return load_project(folder)


def ranking(rows: Mapping[str, tuple[float, bool]]) -> pd.DataFrame:
    """A written ranking: vendor -> (total, disqualified), in the order given."""
    return pd.DataFrame(
        {
            "total": [total for total, _ in rows.values()],
            "disqualified": [out for _, out in rows.values()],
        },
        index=list(rows),
    )


def sheet(evaluator: str, scores: Mapping[str, Mapping[str, float | None]]) -> EvaluatorSheet:
    """An orals sheet: vendor -> item -> score (None: left blank)."""
    entries = []
    row = 1  # the header; each vendor's band row comes before its items
    for vendor, items in scores.items():
        row += 1
        for item, score in items.items():
            row += 1
            entries.append(EvaluatorEntry(evaluator, vendor, item, score, "", f"Scores!H{row}"))
    return EvaluatorSheet(
        evaluator, Path(f"evaluations/orals/{evaluator}.xlsx"), "orals", False, tuple(entries)
    )


def all_items(score: float | None) -> dict[str, float | None]:
    return dict.fromkeys(ORALS, score)


def test_the_total_after_orals_worked_by_hand(project: Project) -> None:
    """A: items 4, 4, 4, 4 (alice 5 and bob 3), 4 -> 80 of 100; 70 x 0.8 + 80 x 0.2 = 72.
    B: every item 5 -> 100; 60 x 0.8 + 100 x 0.2 = 68. A stays first; B's orals lift it."""
    written = ranking({"A": (70.0, False), "B": (60.0, False)})
    alice = sheet("alice", {"A": {**all_items(4), "ORL-04": 5}, "B": all_items(5)})
    bob = sheet("bob", {"A": {**all_items(4), "ORL-04": 3}, "B": all_items(5)})
    results = score_stages(
        project, written, {"orals": ["A", "B"]}, {"orals": Evaluations(sheets=(alice, bob))}
    )
    assert results is not None
    assert results.label == "after orals"
    assert [(s.vendor, s.score) for s in results.scores] == [("A", 80.0), ("B", 100.0)]
    assert [(line.vendor, line.total) for line in results.ranking] == [("A", 72.0), ("B", 68.0)]
    assert results.ranking[0].standing == "ranked after orals"
    item = next(i for i in results.items if i.vendor == "A" and i.criterion == "ORL-04")
    assert item.score == 4.0
    assert item.note == "mean of 2: alice 5, bob 3"
    assert item.cells == ("orals/alice.xlsx Scores!H6", "orals/bob.xlsx Scores!H6")


def test_the_final_formula_with_two_stages() -> None:
    """70 x 0.7 + 80 x 0.2 + 50 x 0.1 = 49 + 16 + 5 = 70; with orals alone, 56 + 16 = 72."""
    shares = {"orals": 20.0, "reference_checks": 10.0}
    assert final_total(70, {"orals": 80, "reference_checks": 50}, shares) == pytest.approx(70.0)
    assert final_total(70, {"orals": 80}, shares) == pytest.approx(72.0)


def test_vendors_not_shortlisted_rank_below_whatever_their_written_score(
    project: Project,
) -> None:
    """C wrote the best proposal (90) but was not shortlisted: it is never compared with A's
    total after orals, and ranks below it; the disqualified D comes last."""
    written = ranking(
        {"D": (95.0, True), "C": (90.0, False), "A": (70.0, False), "E": (65.0, False)}
    )
    alice = sheet("alice", {"A": all_items(3), "E": {**all_items(3), "ORL-03": None}})
    results = score_stages(
        project, written, {"orals": ["A", "E"]}, {"orals": Evaluations(sheets=(alice,))}
    )
    assert results is not None
    lines = [(line.rank, line.vendor, line.total, line.standing) for line in results.ranking]
    assert lines == [
        (1, "A", pytest.approx(0.8 * 70 + 0.2 * 60), "ranked after orals"),
        (2, "E", None, "to be confirmed: orals (ORL-03 not scored)"),
        (3, "C", None, "not shortlisted"),
        (4, "D", None, "disqualified"),
    ]
    missing = results.score("orals", "E")
    assert missing is not None
    assert (missing.score, missing.missing) == (None, ("ORL-03",))


def test_a_consensus_override_replaces_the_panel_and_is_traced(project: Project) -> None:
    written = ranking({"A": (50.0, False)})
    alice = sheet("alice", {"A": all_items(2)})
    override = ConsensusOverride("A", "ORL-04", 5.0, "demo re-run live", "Consensus!C2")
    evaluations = Evaluations(sheets=(alice,), consensus=(override,))
    results = score_stages(project, written, {"orals": ["A"]}, {"orals": evaluations})
    assert results is not None
    # (20 + 20 + 20 + 10) x 2/5 + 30 x 5/5 = 28 + 30 = 58
    assert results.scores[0].score == pytest.approx(58.0)
    item = next(i for i in results.items if i.criterion == "ORL-04")
    assert item.note.startswith("consensus: demo re-run live")
    assert item.cells[-1] == "Consensus!C2"


def test_a_blank_on_one_returned_sheet_keeps_the_item_to_be_confirmed(project: Project) -> None:
    """bob leaves A's ORL-01 blank (row 3: the header, A's band, then ORL-01). A must not be
    scored on alice's 4 alone while B has the mean of two: A's orals wait, B's are 100, so
    B ranks first at 60 x 0.8 + 100 x 0.2 = 68 and A is to be confirmed, naming the cell."""
    written = ranking({"A": (70.0, False), "B": (60.0, False)})
    alice = sheet("alice", {"A": all_items(4), "B": all_items(5)})
    bob = sheet("bob", {"A": {**all_items(4), "ORL-01": None}, "B": all_items(5)})
    results = score_stages(
        project, written, {"orals": ["A", "B"]}, {"orals": Evaluations(sheets=(alice, bob))}
    )
    assert results is not None
    item = next(i for i in results.items if (i.vendor, i.criterion) == ("A", "ORL-01"))
    assert item.score is None
    assert item.blank == ("bob at orals/bob.xlsx Scores!H3",)
    assert item.note == (
        "to be confirmed: left blank by bob at orals/bob.xlsx Scores!H3; scored by alice 4"
    )
    score_a = results.score("orals", "A")
    assert score_a is not None
    assert (score_a.score, score_a.missing) == (None, ("ORL-01",))
    lines = [(line.vendor, line.total, line.standing) for line in results.ranking]
    assert lines == [
        ("B", pytest.approx(68.0), "ranked after orals"),
        (
            "A",
            None,
            "to be confirmed: orals (ORL-01 left blank by bob at orals/bob.xlsx Scores!H3)",
        ),
    ]
    assert results.unconfirmed == [
        "orals ORL-01 for A: left blank by bob at orals/bob.xlsx Scores!H3; to be confirmed "
        "(the others scored it), never scored on fewer evaluators"
    ]


def test_a_vendor_missing_from_one_returned_sheet_is_to_be_confirmed(project: Project) -> None:
    """bob's sheet has no rows for B at all (issued before B was shortlisted): each of B's items
    rests on alice alone, so B waits; A, scored by both, is ranked."""
    written = ranking({"A": (70.0, False), "B": (60.0, False)})
    alice = sheet("alice", {"A": all_items(4), "B": all_items(5)})
    bob = sheet("bob", {"A": all_items(4)})
    results = score_stages(
        project, written, {"orals": ["A", "B"]}, {"orals": Evaluations(sheets=(alice, bob))}
    )
    assert results is not None
    score_b = results.score("orals", "B")
    assert score_b is not None and score_b.score is None
    assert score_b.missing == ORALS
    assert score_b.blank[0] == "ORL-01 left blank by bob at orals/bob.xlsx, no row for B"
    # A: every item 4 from both -> 80; 70 x 0.8 + 80 x 0.2 = 72
    assert [(line.vendor, line.total) for line in results.ranking] == [
        ("A", pytest.approx(72.0)),
        ("B", None),
    ]


def test_the_consensus_sheet_settles_an_item_one_evaluator_left_blank(project: Project) -> None:
    """The panel agrees 3 on A's ORL-01 that bob left blank: (20 x 3 + 80 x 4) / 5 = 76."""
    written = ranking({"A": (70.0, False)})
    alice = sheet("alice", {"A": all_items(4)})
    bob = sheet("bob", {"A": {**all_items(4), "ORL-01": None}})
    override = ConsensusOverride("A", "ORL-01", 3.0, "bob was called away", "Consensus!C2")
    evaluations = Evaluations(sheets=(alice, bob), consensus=(override,))
    results = score_stages(project, written, {"orals": ["A"]}, {"orals": evaluations})
    assert results is not None
    assert results.scores[0].score == pytest.approx(76.0)
    assert results.unconfirmed == []


def test_no_stage_held_leaves_the_written_ranking_alone(project: Project) -> None:
    written = ranking({"A": (70.0, False)})
    assert score_stages(project, written, {}, {}) is None
    assert score_stages(project, written, {"orals": ["A"]}, {"orals": Evaluations()}) is None


def test_the_default_shortlist_skips_the_disqualified() -> None:
    written = ranking({"A": (80.0, False), "B": (75.0, True), "C": (70.0, False), "D": (60, False)})
    assert default_shortlist(written, 2) == ["A", "C"]
    assert default_shortlist(written) == ["A", "C", "D"]


def test_the_panel_flags_spread_and_bias() -> None:
    """bob scores A's ORL-01 3 points below alice; over four shared items he is 1.5 below on
    average, alice 1.5 above: both past the half-point bias flag."""
    alice = sheet("alice", {"A": {"ORL-01": 5, "ORL-02": 4, "ORL-03": 4, "ORL-04": 3}})
    bob = sheet("bob", {"A": {"ORL-01": 2, "ORL-02": 3, "ORL-03": 3, "ORL-04": 2}})
    flags = panel_flags("orals", Evaluations(sheets=(alice, bob)))
    assert flags == [
        "orals ORL-01 for A: alice 5, bob 2",
        "orals: alice scores 1.50 above the rest of the panel on average",
        "orals: bob scores 1.50 below the rest of the panel on average",
    ]
