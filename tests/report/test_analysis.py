"""The sensitivity analysis of a scoring run, computed from the run alone."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from rfp.core.project import load_project
from rfp.report import sensitivity
from rfp.report.analysis import NO_QUALIFIED_VENDOR, analyse
from rfp.score.pipeline import score_project


def test_analysis_runs_on_the_qualified_vendors_of_a_run(scored_project: Path) -> None:
    scored_run = score_project(load_project(scored_project))
    # The fixture's vendors all fail a mandatory criterion; let them through to test ranking.
    run = dataclasses.replace(scored_run, ranking=scored_run.ranking.assign(disqualified=False))
    ranking = run.ranking
    qualified = [str(v) for v in ranking.index]
    assert len(qualified) == 3
    analysis = analyse(run, top=2)

    scored = [area for area in run.project.selection.areas if area.points > 0]
    assert [area.id for area in analysis.areas] == [area.id for area in scored]
    assert analysis.points == {area.id: area.points for area in scored}
    assert analysis.qualified == tuple(qualified)
    # Achievement covers every vendor and reproduces the area subtotals.
    assert list(analysis.achievement.index) == [str(v) for v in ranking.index]
    assert list(analysis.achievement.columns) == [area.id for area in scored]
    for vendor in ranking.index:
        for area in scored:
            assert analysis.achievement.loc[vendor, area.id] * area.points == pytest.approx(
                float(ranking.loc[vendor, area.id])
            )
    first = analysis.achievement.loc[qualified[0]].to_dict()
    assert analysis.shares()[qualified[0]] == {area.id: float(first[area.id]) for area in scored}

    monte = analysis.monte_carlo
    assert monte is not None and monte.top_n == 2
    assert set(monte.p_first) == set(qualified)
    assert sum(monte.p_first.values()) == pytest.approx(1.0)
    confidence = analysis.confidence
    totals = {str(vendor): float(total) for vendor, total in ranking["total"].items()}
    assert confidence is not None and confidence.leader == sensitivity.rank_order(totals)[0]
    assert analysis.statement == sensitivity.confidence_statement(confidence)
    assert analysis.too_close is confidence.too_close
    assert analysis.topsis is not None and analysis.topsis.weighted_sum_order == tuple(qualified)
    if analysis.flip is not None:
        assert analysis.flip.area in analysis.points
        assert analysis.flip.current_winner == confidence.leader
    # Seeded: the same run gives the same analysis.
    again = analyse(run, top=2)
    assert again.monte_carlo == monte and again.flip == analysis.flip

    # One qualified vendor: nothing to cross-check or flip.
    alone = ranking.assign(disqualified=[str(v) != qualified[0] for v in ranking.index])
    single = analyse(dataclasses.replace(run, ranking=alone), top=3)
    assert single.qualified == (qualified[0],)
    assert single.topsis is None and single.flip is None and not single.too_close
    assert single.monte_carlo is not None and single.monte_carlo.p_first == {qualified[0]: 1.0}
    assert single.statement.startswith(f"{qualified[0]} is the only qualified vendor")

    # No qualified vendor: no analysis at all, and a sentence that says so.
    none = analyse(dataclasses.replace(run, ranking=ranking.assign(disqualified=True)))
    assert none.qualified == ()
    assert none.monte_carlo is None and none.confidence is None
    assert none.flip is None and none.topsis is None
    assert none.statement == NO_QUALIFIED_VENDOR and none.too_close is False
