"""The shortlist's template context: who is shortlisted, the fingerprint, and the verdict."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from rfp.core.project import load_project
from rfp.report import context as context_module
from rfp.report.analysis import NO_QUALIFIED_VENDOR, analyse
from rfp.report.context import (
    _first_reasons,
    _price_position,
    _standings,
    _vendor_page,
    build,
    input_digest,
    stage_swap,
)
from rfp.score.audit import build_record
from rfp.score.pipeline import score_project
from rfp.score.run import TO_CONFIRM, Evaluations, Knockout
from rfp.score.stages import score_stages
from tests.factories import edit
from tests.score.test_stages import all_items, ranking, sheet


def test_summary_context_and_digest(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    context = build(run, top=1, digest=input_digest(build_record(run).inputs))
    qualified = [str(v) for v, row in run.ranking.iterrows() if not row["disqualified"]]
    assert [item["name"] for item in context["shortlist"]] == qualified[:1]
    assert len(context["digest"]) == 12
    assert context["bars"].alt.startswith("Stacked bar chart")
    assert all(str(v) in context["bars"].alt for v in run.ranking.index)
    # Changing any input changes the fingerprint of the run that reads it; the record of a run
    # is what that run read (hashed from the bytes read), not what the disk holds later.
    before = input_digest(build_record(run).inputs)
    (scored_project / "proposals" / "Sentinel Contact Services" / "proposal.md").write_text(
        "changed", encoding="utf-8"
    )
    assert input_digest(build_record(run).inputs) == before
    rescored = score_project(load_project(scored_project))
    assert input_digest(build_record(rescored).inputs) != before


def test_context_shows_the_given_analysis_and_yaml_short_titles(scored_project: Path) -> None:
    scored_run = score_project(load_project(scored_project))
    # The fixture's vendors all fail a mandatory criterion; let them through to get a shortlist.
    run = dataclasses.replace(scored_run, ranking=scored_run.ranking.assign(disqualified=False))
    analysis = analyse(run, top=2)
    context = build(run, top=2, analysis=analysis)
    assert [item["name"] for item in context["shortlist"]] == list(analysis.qualified[:2])
    assert [page["name"] for page in context["vendors"]] == list(analysis.qualified[:2])
    assert context["radar"] is not None and "Field average" in context["radar"].svg
    assert context["confidence"] == analysis.statement
    assert context["too_close"] is analysis.too_close
    assert context["monte_carlo"] is analysis.monte_carlo
    assert context["flip"] is analysis.flip and context["topsis"] is analysis.topsis
    assert [row["name"] for row in context["p_first"]] == list(analysis.qualified)
    drawn = analysis.scenarios
    assert drawn is not None and context["scenarios"] is drawn
    leader = context["p_first"][0]
    kinds = (drawn.weights, drawn.scores, drawn.both)
    assert leader["first"] == [kind.p_first[leader["name"]] for kind in kinds]
    assert leader["top"] == [kind.p_top_n[leader["name"]] for kind in kinds]
    assert context["decision"] == analysis.decision
    assert context["topsis_text"] == analysis.topsis_statement
    assert analysis.sd is not None
    cells = context["uncertain_cells"]
    assert cells["drawn"] == int((analysis.sd > 0).to_numpy().sum())
    assert cells["drawn"] + cells["fixed"] == analysis.sd.size
    assert [area.id for area in context["areas"]] == [area.id for area in analysis.areas]
    library = run.project.library
    assert context["short_titles"] == {
        a.id: library.areas[a.id].short_title for a in analysis.areas
    }
    assert context["short_titles"]["pricing"] == "Price"
    # Without an analysis, build runs the same seeded one.
    assert build(run, top=2)["confidence"] == analysis.statement

    everyone_out = dataclasses.replace(run, ranking=run.ranking.assign(disqualified=True))
    empty = build(everyone_out, top=2)
    assert empty["confidence"] == NO_QUALIFIED_VENDOR
    assert empty["shortlist"] == [] and empty["vendors"] == [] and empty["p_first"] == []
    assert empty["decision"] == "" and empty["uncertain_cells"] == {"drawn": 0, "fixed": 0}
    assert empty["radar"] is None and empty["too_close"] is False and empty["flip"] is None
    assert [row["status"] for row in empty["ranking_rows"]] == ["Disqualified"] * len(run.ranking)


def test_price_position_and_first_reasons() -> None:
    assert [_price_position(p, 3) for p in (1, 2, 3)] == [
        "lowest of 3",
        "2nd lowest of 3",
        "highest of 3",
    ]
    assert _price_position(11, 12) == "11th lowest of 12"
    assert _first_reasons("a; b") == "a; b"
    assert _first_reasons("a; b; c; d") == "a; b; and 2 more (see the scores workbook)"


def test_vendors_to_confirm_are_marked_and_their_open_items_listed(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    to_confirm = [v for v in run.ranking.index if run.status(str(v)) == TO_CONFIRM]
    assert to_confirm, "the fixture has vendors without a workbook"
    context = build(run, top=2)
    statuses = {row["name"]: row["status"] for row in context["ranking_rows"]}
    for vendor in map(str, to_confirm):
        assert statuses[vendor] in ("To be confirmed", "Shortlisted, to confirm")
    assert [row["name"] for row in context["to_confirm"]] == list(map(str, to_confirm))
    assert context["shortlist"] and all(
        item["to_confirm"] == (item["name"] in map(str, to_confirm))
        for item in context["shortlist"]
    )
    assert any(item["to_confirm"] for item in context["shortlist"])
    listed = {row["name"]: row for row in context["open_items"]}
    first = str(to_confirm[0])
    assert [item["reason"] for item in listed[first]["open"]] == [
        item.reason for item in run.to_confirm[first]
    ]


def test_a_large_field_names_only_the_top_vendors_to_confirm_and_counts_the_rest(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 1,000 vendors the summary listed every vendor to be confirmed (16 pages of the
    bench's 80-page shortlist); past the ranking table they are counted by question."""
    scored_run = score_project(load_project(scored_project))
    first, second, third = (str(v) for v in scored_run.ranking.index)
    privacy = Knockout("CMP-01", "mandatory CMP-01 scored 1, below 2 (auto-score: confirm)")
    staffing = Knockout("WF-01", "mandatory WF-01 scored 1, below 2 (auto-score: confirm)")
    # Items on no question, each with the vendor's own note: counted by what they are.
    term = "does not answer non-negotiable term Right to audit (right_to_audit)"
    unanswered = [Knockout("", f"{term}; {note}", kind="contract_unanswered") for note in "ab"]
    unpriced = Knockout("", "no usable price (Pricing!C7 reads 'TBC')", kind="unpriced")
    to_confirm = {
        first: [privacy],
        second: [privacy, staffing, unanswered[0]],
        third: [privacy, privacy, unanswered[1], unpriced],
    }
    ranking = scored_run.ranking.assign(
        total=[95.0, 55.0, 12.0], disqualified=[False] * 3, reason=[""] * 3
    )
    run = dataclasses.replace(scored_run, ranking=ranking, knockouts={}, to_confirm=to_confirm)
    small = build(run, top=1)
    assert [row["name"] for row in small["to_confirm"]] == [first, second, third]
    assert small["to_confirm_unlisted"] == 0 and small["to_confirm_counts"] == []

    monkeypatch.setattr(context_module, "RANKING_ROWS", 1)
    large = build(run, top=1)
    assert [row["name"] for row in large["to_confirm"]] == [first]
    assert [row["name"] for row in large["open_items"]] == [first]
    assert large["to_confirm_unlisted"] == 2 and large["listed_count"] == 1
    titles = {wc.id: wc.criterion.title for wc in run.project.selection.criteria}
    # A vendor counts once per question, however many of its items name it.
    assert large["to_confirm_counts"] == [
        {"criterion": "", "title": term, "vendors": 2},
        {"criterion": "CMP-01", "title": titles["CMP-01"], "vendors": 2},
        {"criterion": "", "title": "no usable price", "vendors": 1},
        {"criterion": "WF-01", "title": titles.get("WF-01", ""), "vendors": 1},
    ]


def test_vendors_below_the_table_that_rarely_reach_the_top_are_counted_not_listed(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the bench's 1,000 close bids hundreds reached the top 3 now and then, and the
    scenario table listed each: 15 pages. Below the ranking table only a vendor placing in at
    least OFTEN_PLACED of the scenarios is listed; the rest are counted with their share."""
    scored_run = score_project(load_project(scored_project))
    run = dataclasses.replace(scored_run, ranking=scored_run.ranking.assign(disqualified=False))
    analysis = analyse(run, top=2)
    drawn = analysis.scenarios
    assert drawn is not None
    below = list(analysis.qualified[1:])
    placed = [drawn.both.p_top_n.get(v, 0.0) for v in below]
    assert all(0 < share < 1 for share in placed), placed
    monkeypatch.setattr(context_module, "RANKING_ROWS", 1)
    monkeypatch.setattr(context_module, "OFTEN_PLACED", 1.0)  # every share below it is rare
    rare = build(run, top=2, analysis=analysis)
    assert [row["name"] for row in rare["p_first"]] == [analysis.qualified[0]]
    assert rare["rarely_placed"] == len(below)
    assert rare["rarely_placed_share"] == pytest.approx(sum(placed) / 2)
    monkeypatch.setattr(context_module, "OFTEN_PLACED", min(placed))  # now each places often
    often = build(run, top=2, analysis=analysis)
    assert [row["name"] for row in often["p_first"]] == list(analysis.qualified)
    assert often["rarely_placed"] == 0


def test_vendor_lists_regulations_apart_and_languages_by_plain_name(scored_project: Path) -> None:
    (scored_project / "proposals" / "Priced Partners" / "compliance.md").write_text(
        "# Compliance\n\nWe hold ISO/IEC 27001:2022 certification and comply with GDPR. "
        "We offer English and Greek.\n",
        encoding="utf-8",
    )
    run = score_project(load_project(scored_project))
    vendor = _vendor_page(_standings(run, analyse(run, top=3), 3), "Priced Partners", 1)
    assert vendor["certifications_held"] == ["ISO/IEC 27001"]
    assert vendor["complies_with"] == ["GDPR"]
    # The text offers English and Greek; es is pre-filled on the kit's Languages sheet, and a
    # row left as the template wrote it offers nothing (issue 12 review).
    assert vendor["languages"] == ["Greek (el)", "English (en)"]


def test_a_large_field_lists_the_top_and_counts_the_rest(
    scored_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past RANKING_ROWS vendors the table lists the top; bands and knockout counts cover all."""
    scored_run = score_project(load_project(scored_project))
    first, second, third = (str(v) for v in scored_run.ranking.index)
    knocked = Knockout("SEC-01", "mandatory SEC-01 scored 1, below 2")
    knockouts = {first: [], second: [knocked, Knockout("", "no usable price")], third: [knocked]}
    ranking = scored_run.ranking.assign(
        total=[95.0, 55.0, 12.0], disqualified=[False, True, True], reason=["", "x", "y"]
    )
    run = dataclasses.replace(scored_run, ranking=ranking, knockouts=knockouts)
    small = build(run, top=1)
    assert small["unlisted"] == 0 and small["bands"] == [] and small["histogram"] is None
    assert len(small["ranking_rows"]) == 3 and small["disqualified_unlisted"] == 0
    assert small["bars_shown"] == 3

    monkeypatch.setattr(context_module, "RANKING_ROWS", 1)
    monkeypatch.setattr(context_module, "DISQUALIFIED_LISTED", 1)
    large = build(run, top=1)
    assert [row["name"] for row in large["ranking_rows"]] == [first]
    assert large["unlisted"] == 2
    assert [row["name"] for row in large["disqualified"]] == [second]
    assert large["disqualified_unlisted"] == 1
    assert large["bands"] == [
        {"low": 90.0, "high": 100.0, "qualified": 1, "disqualified": 0, "unlisted": 0},
        {"low": 50.0, "high": 60.0, "qualified": 0, "disqualified": 1, "unlisted": 1},
        {"low": 10.0, "high": 20.0, "qualified": 0, "disqualified": 1, "unlisted": 1},
    ]
    assert large["knockout_counts"] == [
        {"reason": "mandatory SEC-01 scored 1, below 2", "vendors": 2},
        {"reason": "no usable price", "vendors": 1},
    ]
    assert "1 qualified and 2 disqualified" in large["histogram"].alt
    assert first in large["bars"].alt and second not in large["bars"].alt
    assert large["bars_shown"] == 1
    monkeypatch.setattr(context_module, "RANKING_ROWS", 2)
    monkeypatch.setattr(context_module, "CHART_BARS", 1)  # the table lists 2, the chart 1
    charted = build(run, top=1)
    assert len(charted["ranking_rows"]) == 2 and charted["bars_shown"] == 1


def test_how_little_a_stage_item_must_move_to_close_the_gap(
    make_project: Callable[..., Path],
) -> None:
    """A: orals items all 4 (80 of 100), written 70 -> 72; B: all 5 (100), written 60 -> 68.
    4 points apart; ORL-04 is 30 of the orals' 100 points and the orals 20%: 4 x 500 / (20 x
    30) = 3.33, within A's room to fall (4); a 20-point item would need 5.00, more than the
    room. With A written at 90 (88 against 68), nothing on the 0-5 scale closes a 20-point gap."""
    folder = make_project("front")
    edit(folder, "  knockout_below: 2\n", "  knockout_below: 2\n  stages: {orals: 20}\n")
    project = load_project(folder)
    panel = {"orals": Evaluations(sheets=(sheet("alice", {"A": all_items(4), "B": all_items(5)}),))}
    for written_a, expected in (
        (70.0, "on ORL-04 Answers to our scenarios by 3.33, for either of the first two"),
        (90.0, "No change to a single item's panel score could close the gap between them."),
    ):
        written = ranking({"A": (written_a, False), "B": (60.0, False)})
        results = score_stages(project, written, {"orals": ["A", "B"]}, panel)
        assert results is not None
        assert expected in stage_swap(results, list(project.stages))
