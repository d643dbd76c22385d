"""A scoring run -> how sure its ranking is, as one typed result.

``sensitivity`` and ``uncertainty`` hold the pure methods; this module decides what they are
run on: the areas that carry points, the qualified vendors only (disqualified ones rank last
whatever the weights), and how uncertain each score is (``cell_uncertainty``). It needs nothing
but a ``ScoreRun``, so ``rfp score`` can print the same verdict the shortlist prints.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Any

import pandas as pd

from rfp.core.criteria import WeightedArea
from rfp.report import sensitivity, uncertainty
from rfp.score.merge import aggregate_of, human_scores
from rfp.score.run import ScoreRun

RANKING_ROWS = 25
"""Vendors the ranking table and bar chart show; a larger field is summarised, not listed.
Here, not with the report's layout, because ``rfp score`` prints that many without loading
the PDF renderer."""

NO_QUALIFIED_VENDOR = "No vendor qualified, so there is no ranking to test."

ONE_READING_SD = 1.0
"""One reading of an answer, by the auto-score rule or by a single evaluator, is taken to be
good to one rubric level: the rule's step size (it can only say a whole level, and its
thresholds are 0.15-0.18 of strength apart). A normal with this standard deviation puts a
reading within half a level of the truth 38% of the time and within 1.5 levels 87%."""
RATING_STEP_SD = 1 / math.sqrt(12)
"""A whole-level rating stands for any judgement within half a level of it (uniform, sd
1/sqrt(12) = 0.29): the least spread evaluators have even when they all give the same score."""
MEDIAN_EFFICIENCY = math.sqrt(math.pi / 2)
"""The standard error of a median is about sqrt(pi/2) = 1.25 times that of a mean."""
CALIBRATION_CELLS = 30
"""Text cells that both evaluators and the auto-score scored, needed before the auto-score's
spread is measured on the run itself (``auto_score_sd``)."""
FACT_SOURCES = frozenset({"check", "consensus"})
"""Cells that are facts or a panel's recorded decision: drawn with no noise."""


@dataclass(frozen=True, eq=False)
class RankingAnalysis:
    """The sensitivity of one run's ranking; the analyses are None when they cannot apply."""

    areas: tuple[WeightedArea, ...]
    """The areas that carry points, in the RFP's order."""
    qualified: tuple[str, ...]
    """Qualified vendors in rank order: the only ones the analyses look at."""
    achievement: pd.DataFrame
    """Every vendor x scored area: the share (0-1) of the area's points the vendor earned."""
    monte_carlo: sensitivity.MonteCarloResult | None
    confidence: sensitivity.Confidence | None
    flip: sensitivity.WinnerFlip | None
    topsis: sensitivity.TopsisCheck | None
    """The TOPSIS cross-check; it needs at least two qualified vendors."""
    scenarios: uncertainty.Scenarios | None = None
    """Probabilities under weight draws, score draws and both; ``monte_carlo`` is the first."""
    cell_flip: uncertainty.CellFlip | None = None
    """The smallest change to one judged score that changes the winner."""
    topsis_driver: sensitivity.TopsisDriver | None = None
    """When TOPSIS names another winner: the area that makes it do so."""
    sd: pd.DataFrame | None = None
    """Qualified vendors x scored criteria: each score's standard deviation in the draws."""
    area_titles: dict[str, str] | None = None
    criterion_titles: dict[str, str] | None = None
    auto_sd: float = ONE_READING_SD
    """The standard deviation an auto-score is drawn with (``auto_score_sd``)."""

    @property
    def points(self) -> dict[str, float]:
        """Points per scored area."""
        return {area.id: area.points for area in self.areas}

    @property
    def statement(self) -> str:
        """One sentence on how safe the ranking is."""
        if self.confidence is None:
            return NO_QUALIFIED_VENDOR
        return sensitivity.confidence_statement(self.confidence)

    @property
    def decision(self) -> str:
        """What would change the decision, in words (empty with fewer than two vendors)."""
        if len(self.qualified) < 2:
            return ""
        return uncertainty.decision_statement(
            self.cell_flip,
            self.flip,
            criterion_titles=self.criterion_titles or {},
            area_titles=self.area_titles or {},
        )

    @property
    def topsis_statement(self) -> str:
        """Whether TOPSIS agrees and, when it names another winner, why and which rules."""
        check = self.topsis
        if check is None:
            return ""
        tau = f"Kendall's tau between the two orders is {check.kendall_tau:.2f}."
        if check.same_order:
            return f"TOPSIS ranks the qualified vendors in the same order. {tau}"
        if check.same_winner:
            order = ", ".join(check.topsis_order)
            return f"TOPSIS agrees on the winner but orders the others differently ({order}). {tau}"
        return f"{_topsis_reason(check, self.topsis_driver, self.area_titles or {})} {tau}"

    @property
    def too_close(self) -> bool:
        """Whether the top two are too close to call."""
        return bool(self.confidence and self.confidence.too_close)

    def shares(self) -> dict[str, dict[str, float]]:
        """``achievement`` as ``{vendor: {area: share}}``."""
        return {
            str(vendor): {str(area): float(share) for area, share in values.items()}
            for vendor, values in self.achievement.to_dict("index").items()
        }


def ranking_records(run: ScoreRun) -> dict[str, dict[str, Any]]:
    """The ranking table as ``{vendor: {column: value}}``, in rank order."""
    return {
        str(vendor): {str(k): v for k, v in values.items()}
        for vendor, values in run.ranking.to_dict("index").items()
    }


def scored_areas(run: ScoreRun) -> tuple[WeightedArea, ...]:
    """The run's areas that carry points; an area weighted 0 is asked but not scored."""
    return tuple(area for area in run.project.selection.areas if area.points > 0)


def analyse(run: ScoreRun, *, top: int = 3) -> RankingAnalysis:
    """Weight and score draws, the smallest winner flips, TOPSIS and the too-close verdict.

    ``top`` is the shortlist size: the draws count how often each vendor lands in it. The
    verdict rests on the draws that vary both the weights and the scores.
    """
    areas = scored_areas(run)
    points = {area.id: area.points for area in areas}
    records = ranking_records(run)
    qualified = [vendor for vendor, row in records.items() if not row["disqualified"]]
    subtotals = run.ranking[[area.id for area in areas]].astype(float)
    achievement = sensitivity.area_achievement(subtotals, points)
    area_titles = {area.id: area.area.title for area in areas}
    criterion_titles = {wc.id: wc.criterion.title for area in areas for wc in area.criteria}
    if not qualified:
        return RankingAnalysis(
            areas=areas,
            qualified=(),
            achievement=achievement,
            monte_carlo=None,
            confidence=None,
            flip=None,
            topsis=None,
            area_titles=area_titles,
            criterion_titles=criterion_titles,
        )
    scores, sd = _scored_cells(run, qualified, areas)
    criterion_points = {wc.id: wc.points for area in areas for wc in area.criteria if wc.points}
    area_of = {wc.id: area.id for area in areas for wc in area.criteria if wc.points}
    drawn = uncertainty.scenarios(
        scores, sd, criterion_points, area_of, top_n=min(top, len(qualified))
    )
    totals = {vendor: float(records[vendor]["total"]) for vendor in qualified}
    topsis_check = _topsis_check(run, qualified) if len(qualified) > 1 else None
    facts = {(cell.vendor, cell.criterion) for cell in run.cells if cell.source == "check"}
    return RankingAnalysis(
        areas=areas,
        qualified=tuple(qualified),
        achievement=achievement,
        monte_carlo=drawn.weights,
        confidence=sensitivity.assess_confidence(totals, drawn.both),
        flip=sensitivity.smallest_winner_flip(achievement.loc[qualified], points),
        topsis=topsis_check,
        scenarios=drawn,
        cell_flip=uncertainty.smallest_cell_flip(scores, criterion_points, facts=facts),
        topsis_driver=_driver(topsis_check, scores, criterion_points, area_of),
        sd=sd,
        area_titles=area_titles,
        criterion_titles=criterion_titles,
        auto_sd=auto_score_sd(run),
    )


def auto_score_sd(run: ScoreRun) -> float:
    """The auto-score's standard deviation: ``ONE_READING_SD``, or wider when this run's
    evaluators measurably disagree with it.

    The root mean square of (evaluators' aggregate - auto-score) over the text cells people
    scored, once there are ``CALIBRATION_CELLS``. It never narrows the level: evaluators see
    the automatic score on their sheets, so their agreement with it is anchored and flatters it.
    """
    autos = {(m.vendor, m.criterion): float(m.auto_score) for m in run.matches}
    text = {wc.id for wc in run.project.selection.criteria if wc.criterion.check is None}
    differences = [
        cell.score - autos[(cell.vendor, cell.criterion)]
        for cell in run.cells
        if cell.source == "evaluators"
        and cell.criterion in text
        and (cell.vendor, cell.criterion) in autos
    ]
    if len(differences) < CALIBRATION_CELLS:
        return ONE_READING_SD
    measured = math.sqrt(statistics.fmean(d * d for d in differences))
    return max(measured, ONE_READING_SD)


def cell_uncertainty(run: ScoreRun, vendors: list[str], criteria: list[str]) -> pd.DataFrame:
    """Vendors x criteria: the standard deviation each score is drawn with.

    - a structured check (price, certifications, languages) or a consensus override: 0, a fact
      or the panel's recorded decision;
    - scored by evaluators: the standard error of their aggregate, the sample standard
      deviation of their scores (at least ``RATING_STEP_SD``; with one evaluator, the pooled
      spread of the cells two or more scored, else ``ONE_READING_SD``) over sqrt(n), times
      ``MEDIAN_EFFICIENCY`` when the aggregate is the median;
    - the auto-score: ``auto_score_sd``.
    """
    sources = {(cell.vendor, cell.criterion): cell.source for cell in run.cells}
    humans = human_scores(run.evaluations) if run.evaluations else {}
    factor = MEDIAN_EFFICIENCY if humans and aggregate_of(run.project) == "median" else 1.0
    variances = [statistics.variance(s.values()) for s in humans.values() if len(s) > 1]
    single = math.sqrt(statistics.fmean(variances)) if variances else ONE_READING_SD
    automatic = auto_score_sd(run)

    def sd(vendor: str, criterion: str) -> float:
        source = sources.get((vendor, criterion), "auto")
        if source in FACT_SOURCES:
            return 0.0
        given = list(humans.get((vendor, criterion), {}).values())
        if source != "evaluators" or not given:
            return automatic
        spread = statistics.stdev(given) if len(given) > 1 else single
        return max(spread, RATING_STEP_SD) / math.sqrt(len(given)) * factor

    return pd.DataFrame(
        [[sd(vendor, criterion) for criterion in criteria] for vendor in vendors],
        index=pd.Index(vendors),
        columns=pd.Index(criteria),
        dtype=float,
    )


def _scored_cells(
    run: ScoreRun, qualified: list[str], areas: tuple[WeightedArea, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The qualified vendors' scores on every criterion that carries points, and their sds."""
    criteria = [wc.id for area in areas for wc in area.criteria if wc.points > 0]
    scores = run.matrix.loc[qualified, criteria].astype(float)
    scores.index = pd.Index([str(v) for v in scores.index])
    return scores, cell_uncertainty(run, list(scores.index), criteria)


def _driver(
    check: sensitivity.TopsisCheck | None,
    scores: pd.DataFrame,
    points: dict[str, float],
    area_of: dict[str, str],
) -> sensitivity.TopsisDriver | None:
    if check is None or check.same_winner:
        return None
    return sensitivity.topsis_driver(
        scores, points, area_of, check.weighted_sum_order[0], check.topsis_order[0]
    )


def _topsis_reason(
    check: sensitivity.TopsisCheck,
    driver: sensitivity.TopsisDriver | None,
    area_titles: dict[str, str],
) -> str:
    """Why TOPSIS names another winner, and that the weighted sum the RFP printed rules."""
    winner, other = check.weighted_sum_order[0], check.topsis_order[0]
    rules = (
        "The RFP printed the weighted sum as the method, so the weighted-sum ranking rules; "
        "TOPSIS is a cross-check."
    )
    if driver is None:
        return f"TOPSIS puts {other} first instead of {winner}. {rules}"
    area = area_titles.get(driver.area, driver.area).lower()
    return (
        f"TOPSIS puts {other} first instead of {winner}: it measures each bid's distance from "
        f"the best bid on every question and counts a shortfall squared, so one weak area costs "
        f"more than in the weighted sum. {uncertainty.possessive(winner)} weakest point against "
        f"{other} is {area} ({driver.weighted_sum_winner_share:.0%} of its points against "
        f"{driver.topsis_winner_share:.0%}). {rules}"
    )


def _topsis_check(run: ScoreRun, qualified: list[str]) -> sensitivity.TopsisCheck:
    """Rank the qualified vendors by TOPSIS on criterion scores and compare the two orders."""
    matrix = run.matrix.loc[qualified]
    criterion_points = {wc.id: wc.points for wc in run.project.selection.criteria if wc.points > 0}
    topsis_scores = sensitivity.topsis(matrix[list(criterion_points)], criterion_points)
    return sensitivity.ranking_agreement(qualified, topsis_scores)
