"""The sensitivity analysis of a scoring run, computed from the run alone."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from rfp.core.project import load_project
from rfp.report import sensitivity
from rfp.report.analysis import (
    CALIBRATION_CELLS,
    NO_QUALIFIED_VENDOR,
    ONE_READING_SD,
    analyse,
    auto_score_sd,
    cell_uncertainty,
)
from rfp.score.pipeline import score_project
from rfp.score.run import Evaluations, EvaluatorEntry, EvaluatorSheet, ScoreCell, ScoreRun


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


def _sheet(evaluator: str, scores: dict[tuple[str, str], float]) -> EvaluatorSheet:
    entries = tuple(
        EvaluatorEntry(evaluator, vendor, criterion, score, "", f"Scores!H{row}")
        for row, ((vendor, criterion), score) in enumerate(sorted(scores.items()), start=2)
    )
    return EvaluatorSheet(evaluator, Path(f"{evaluator}.xlsx"), "", False, entries)


def test_each_score_is_drawn_with_its_own_uncertainty(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    vendor = str(run.ranking.index[0])
    judged = [wc.id for wc in run.project.selection.criteria if wc.criterion.check is None]
    q1, q2, q3, q4, q5, q6 = judged[:6]
    price = next(wc.id for wc in run.project.selection.with_check("price"))
    people = {
        # q1: 2 and 4 -> sample sd sqrt(2), over sqrt(2): 1.0.
        # q2: 3, 3, 3 -> no spread, so the rating step 1/sqrt(12), over sqrt(3): 1/6.
        # q3: 1 and 2 -> sd sqrt(0.5), over sqrt(2): 0.5.
        # q4: one evaluator -> the pooled sd sqrt((2 + 0 + 0.5) / 3), over sqrt(1).
        "alice": {(vendor, q1): 2.0, (vendor, q2): 3.0, (vendor, q3): 1.0, (vendor, q4): 4.0},
        "bob": {(vendor, q1): 4.0, (vendor, q2): 3.0, (vendor, q3): 2.0},
        "chen": {(vendor, q2): 3.0},
    }
    evaluations = Evaluations(sheets=tuple(_sheet(name, s) for name, s in people.items()))
    sources = {q1: "evaluators", q2: "evaluators", q3: "evaluators", q4: "evaluators"}
    sources |= {q5: "consensus", q6: "auto", price: "check"}
    cells = [
        ScoreCell(c.vendor, c.criterion, c.score, sources.get(c.criterion, c.source), c.note)
        if c.vendor == vendor
        else c
        for c in run.cells
    ]
    run = dataclasses.replace(run, cells=cells, evaluations=evaluations)
    wanted = [q1, q2, q3, q4, q5, q6, price]

    sd = cell_uncertainty(run, [vendor], wanted).to_numpy()[0]
    pooled = math.sqrt((2 + 0 + 0.5) / 3)
    expected = [1.0, 1 / 6, 0.5, pooled, 0.0, ONE_READING_SD, 0.0]
    assert sd.tolist() == pytest.approx(expected)

    # The median's standard error is sqrt(pi / 2) times the mean's.
    spec = run.project.spec
    median_spec = spec.model_copy(
        update={"evaluation": spec.evaluation.model_copy(update={"aggregate": "median"})}
    )
    median_run = dataclasses.replace(
        run, project=dataclasses.replace(run.project, spec=median_spec)
    )
    median = cell_uncertainty(median_run, [vendor], wanted).to_numpy()[0]
    scale = math.sqrt(math.pi / 2)
    assert median.tolist() == pytest.approx(
        [v * scale if i < 4 else v for i, v in enumerate(expected)]
    )


def test_analysis_draws_weights_scores_and_both(scored_project: Path) -> None:
    scored_run = score_project(load_project(scored_project))
    run = dataclasses.replace(scored_run, ranking=scored_run.ranking.assign(disqualified=False))
    analysis = analyse(run, top=2)
    drawn = analysis.scenarios
    assert drawn is not None and analysis.monte_carlo is drawn.weights
    assert analysis.confidence is not None and analysis.confidence.varies == sensitivity.BOTH
    assert analysis.confidence.leader_p_first == drawn.both.p_first[analysis.qualified[0]]
    assert "and every judged score within its uncertainty" in analysis.statement
    # With no evaluator sheets a cell is a fact (a check) or an auto-score, one level either way.
    assert analysis.sd is not None
    source = {(cell.vendor, cell.criterion): cell.source for cell in run.cells}
    for vendor in analysis.qualified:
        for criterion in analysis.sd.columns:
            expected = 0.0 if source[(vendor, str(criterion))] == "check" else ONE_READING_SD
            assert analysis.sd.at[vendor, criterion] == expected
    assert set(source.values()) == {"check", "auto"}
    assert analysis.decision.endswith(".")
    assert analysis.topsis_statement.startswith("TOPSIS")


def test_auto_score_sd_widens_when_evaluators_disagree_with_it(scored_project: Path) -> None:
    run = score_project(load_project(scored_project))
    text = {wc.id for wc in run.project.selection.criteria if wc.criterion.check is None}
    autos = {(m.vendor, m.criterion): float(m.auto_score) for m in run.matches}
    room = [key for key, auto in autos.items() if key[1] in text and auto <= 3]
    assert len(room) >= CALIBRATION_CELLS + 10

    def rescored(keys: list[tuple[str, str]], shift: float) -> ScoreRun:
        chosen = set(keys)
        cells = [
            ScoreCell(c.vendor, c.criterion, autos[(c.vendor, c.criterion)] + shift, "evaluators")
            if (c.vendor, c.criterion) in chosen
            else c
            for c in run.cells
        ]
        return dataclasses.replace(run, cells=cells)

    # 40 cells each 2 levels above the auto-score: root mean square 2.
    assert auto_score_sd(rescored(room[:40], 2.0)) == pytest.approx(2.0)
    # One cell short of the calibration threshold: the stated one level.
    assert auto_score_sd(rescored(room[: CALIBRATION_CELLS - 1], 2.0)) == ONE_READING_SD
    # Evaluators who agree closely (anchored on the sheet's automatic score) never narrow it.
    assert auto_score_sd(rescored(room[:40], 0.5)) == ONE_READING_SD
    # The widened level reaches the cells nobody scored.
    wide = rescored(room[:40], 2.0)
    vendor, criterion = next(
        (c.vendor, c.criterion) for c in wide.cells if c.source == "auto" and c.criterion in text
    )
    assert cell_uncertainty(wide, [vendor], [criterion]).to_numpy()[0, 0] == pytest.approx(2.0)
