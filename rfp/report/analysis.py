"""A scoring run -> how sure its ranking is, as one typed result.

``sensitivity`` holds the pure methods; this module decides what they are run on: the areas
that carry points, and the qualified vendors only (disqualified ones rank last whatever the
weights). It needs nothing but a ``ScoreRun``, so ``rfp score`` can print the same verdict the
shortlist prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from rfp.core.criteria import WeightedArea
from rfp.report import sensitivity
from rfp.score.run import ScoreRun

NO_QUALIFIED_VENDOR = "No vendor qualified, so there is no ranking to test."


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
    """Monte Carlo weights, the smallest winner flip, TOPSIS and the too-close verdict.

    ``top`` is the shortlist size: the Monte Carlo counts how often each vendor lands in it.
    """
    areas = scored_areas(run)
    points = {area.id: area.points for area in areas}
    records = ranking_records(run)
    qualified = [vendor for vendor, row in records.items() if not row["disqualified"]]
    subtotals = run.ranking[[area.id for area in areas]].astype(float)
    achievement = sensitivity.area_achievement(subtotals, points)
    monte: sensitivity.MonteCarloResult | None = None
    confidence: sensitivity.Confidence | None = None
    flip: sensitivity.WinnerFlip | None = None
    topsis_check: sensitivity.TopsisCheck | None = None
    if qualified:
        qualified_achievement = achievement.loc[qualified]
        monte = sensitivity.monte_carlo(
            qualified_achievement, points, top_n=min(top, len(qualified))
        )
        totals = {vendor: float(records[vendor]["total"]) for vendor in qualified}
        confidence = sensitivity.assess_confidence(totals, monte)
        flip = sensitivity.smallest_winner_flip(qualified_achievement, points)
        if len(qualified) > 1:
            topsis_check = _topsis_check(run, qualified)
    return RankingAnalysis(
        areas=areas,
        qualified=tuple(qualified),
        achievement=achievement,
        monte_carlo=monte,
        confidence=confidence,
        flip=flip,
        topsis=topsis_check,
    )


def _topsis_check(run: ScoreRun, qualified: list[str]) -> sensitivity.TopsisCheck:
    """Rank the qualified vendors by TOPSIS on criterion scores and compare the two orders."""
    matrix = run.matrix.loc[qualified]
    criterion_points = {wc.id: wc.points for wc in run.project.selection.criteria if wc.points > 0}
    topsis_scores = sensitivity.topsis(matrix[list(criterion_points)], criterion_points)
    return sensitivity.ranking_agreement(qualified, topsis_scores)
