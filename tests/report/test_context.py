"""The shortlist's template context: who is shortlisted, the fingerprint, and the verdict."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from rfp.core.project import load_project
from rfp.report.analysis import NO_QUALIFIED_VENDOR, analyse
from rfp.report.context import (
    _first_reasons,
    _price_position,
    _standings,
    _vendor_page,
    build,
    input_digest,
)
from rfp.score.audit import build_record
from rfp.score.pipeline import score_project
from rfp.score.run import TO_CONFIRM


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
    # en and es are pre-filled on the kit's Languages sheet, which the reader counts as offered.
    assert vendor["languages"] == ["Greek (el)", "English (en)", "Spanish (es)"]
