"""How far evaluators agree: spread per cell, each evaluator's bias, Kendall's W over rankings.

Pure: works on ``Evaluations`` and the merged cells, so the panel's disagreements can be shown
next to the ranking they produced without scoring knowing anything about sheets.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from rfp.core.project import Project
from rfp.errors import ScoringError
from rfp.score.merge import human_scores
from rfp.score.run import Evaluations, EvaluatorSheet, ScoreCell

SPREAD_FLAG = 2.0
BIAS_FLAG = 0.5

_SPREAD_COLUMNS = ["vendor", "criterion", "evaluators", "scores", "min", "max", "spread", "flagged"]
_BIAS_COLUMNS = ["evaluator", "shared_cells", "bias", "flagged", "tendency"]
_MISSING_COLUMNS = ["evaluator", "vendor", "criterion", "cell"]

Humans = dict[tuple[str, str], dict[str, float]]


def kendalls_w(ranks: pd.DataFrame) -> float:
    """Kendall's coefficient of concordance W, corrected for ties.

    ``ranks``: one row per rater, one column per object, each row the rater's ranks (tied
    objects share the average rank). W = 12 S / (m^2 (n^3 - n) - m sum T), with S the sum of
    squared deviations of the objects' rank sums from their mean and T = sum(t^3 - t) over each
    rater's groups of t tied ranks. Returns NaN when every rater ties every object.
    """
    m, n = ranks.shape
    if m < 2 or n < 2:
        raise ScoringError(f"Kendall's W needs at least 2 raters and 2 objects, got {m} x {n}")
    if ranks.isna().to_numpy().any():
        raise ScoringError("Kendall's W needs a rank for every rater and object")
    sums = ranks.sum(axis=0).to_numpy(dtype=float)
    s = float(((sums - sums.mean()) ** 2).sum())
    ties = 0.0
    for _, row in ranks.iterrows():
        counts = row.round(9).value_counts()
        ties += float(sum(t**3 - t for t in counts.to_numpy(dtype=float)))
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        return float("nan")
    return 12 * s / denominator


@dataclass(frozen=True)
class Disagreement:
    """Where evaluators differ, who scores harder, and how far their rankings agree.

    - ``spread``: vendor, criterion, evaluators, scores, min, max, spread, flagged
      (spread >= 2 points), one row per cell at least one evaluator scored;
    - ``bias``: evaluator, shared_cells, bias, flagged (|bias| >= 0.5), tendency;
      bias is the mean of (this evaluator's score - the other evaluators' mean) over the cells
      this evaluator and at least one other both scored;
    - ``totals`` / ``ranks``: evaluators x vendors weighted totals out of 100 and ranks
      (1 = best, ties share the average rank). A cell an evaluator did not score takes the
      merged value, so every evaluator ranks the same vendors on the same criteria and the
      rankings differ only where the evaluator's own scores do;
    - ``kendalls_w``: concordance of those rankings, None with fewer than 2 evaluators or
      vendors (or when every ranking is one big tie);
    - ``missing``: evaluator, vendor, criterion, cell: rows on a sheet left without a score.
    """

    spread: pd.DataFrame
    bias: pd.DataFrame
    totals: pd.DataFrame
    ranks: pd.DataFrame
    kendalls_w: float | None
    missing: pd.DataFrame

    @property
    def flagged_cells(self) -> pd.DataFrame:
        """Spread rows flagged for discussion."""
        return self.spread[self.spread["flagged"]]


def _spread(project: Project, humans: Humans) -> pd.DataFrame:
    """One row per scored cell, sorted by vendor then the RFP's criterion order."""
    order = {wc.id: index for index, wc in enumerate(project.selection.criteria)}
    rows = []
    for (vendor, criterion), scores in humans.items():
        values = list(scores.values())
        low, high = min(values), max(values)
        rows.append(
            {
                "vendor": vendor,
                "criterion": criterion,
                "evaluators": len(values),
                "scores": ", ".join(
                    f"{name} {score:g}"
                    for name, score in sorted(scores.items(), key=lambda i: i[0].casefold())
                ),
                "min": low,
                "max": high,
                "spread": high - low,
                "flagged": high - low >= SPREAD_FLAG,
            }
        )
    spread = pd.DataFrame(rows, columns=_SPREAD_COLUMNS)
    if not spread.empty:
        spread["_v"] = spread["vendor"].str.casefold()
        spread["_c"] = spread["criterion"].map(lambda c: order.get(c, len(order)))
        spread = spread.sort_values(["_v", "_c"], kind="mergesort").drop(columns=["_v", "_c"])
        spread = spread.reset_index(drop=True)
    return spread


def _bias(names: Sequence[str], humans: Humans) -> pd.DataFrame:
    """Each evaluator's mean difference from the others on the cells they shared."""
    rows = []
    for name in names:
        differences = []
        for scores in humans.values():
            if name in scores and len(scores) > 1:
                others = [score for who, score in scores.items() if who != name]
                differences.append(scores[name] - statistics.fmean(others))
        value = statistics.fmean(differences) if differences else float("nan")
        flagged = bool(differences) and abs(value) >= BIAS_FLAG
        tendency = ""
        if flagged:
            tendency = "harsher" if value < 0 else "more lenient"
        rows.append(
            {
                "evaluator": name,
                "shared_cells": len(differences),
                "bias": value,
                "flagged": flagged,
                "tendency": tendency,
            }
        )
    return pd.DataFrame(rows, columns=_BIAS_COLUMNS)


def _totals(
    project: Project,
    raters: Sequence[EvaluatorSheet],
    vendors: Sequence[str],
    merged: Sequence[ScoreCell],
) -> pd.DataFrame:
    """Evaluators x vendors weighted totals; a cell an evaluator left out takes the merged value."""
    points = {wc.id: wc.points for wc in project.selection.criteria}
    base = {(cell.vendor, cell.criterion): cell.score for cell in merged}
    totals = pd.DataFrame(
        0.0,
        index=pd.Index([s.evaluator for s in raters], name="evaluator"),
        columns=pd.Index(vendors, name="vendor"),
    )
    for sheet in raters:
        own = {(e.vendor, e.criterion): e.score for e in sheet.scored}
        for vendor in vendors:
            total = 0.0
            for criterion, weight in points.items():
                score = own.get((vendor, criterion), base.get((vendor, criterion), 0.0))
                total += weight * float(score or 0.0) / 5
            totals.loc[sheet.evaluator, vendor] = round(total, 6)
    return totals


def _concordance(
    raters: Sequence[EvaluatorSheet], vendors: Sequence[str], ranks: pd.DataFrame
) -> float | None:
    """Kendall's W over the evaluators who can be compared, None when it means nothing."""
    # Agreement only means something between evaluators who scored some of the same cells: a
    # technical and a price-only evaluator would "agree" perfectly on each other's merged values.
    keys = {s.evaluator: {(e.vendor, e.criterion) for e in s.scored} for s in raters}
    comparable = [
        name
        for name, own_keys in keys.items()
        if any(own_keys & other for other_name, other in keys.items() if other_name != name)
    ]
    if len(comparable) >= 2 and len(vendors) >= 2:
        value = kendalls_w(ranks.loc[comparable])
        return None if math.isnan(value) else value
    return None


def _missing(evaluations: Evaluations) -> pd.DataFrame:
    rows = [
        {
            "evaluator": sheet.evaluator,
            "vendor": entry.vendor,
            "criterion": entry.criterion,
            "cell": entry.cell,
        }
        for sheet in evaluations.sheets
        for entry in sheet.blank
    ]
    return pd.DataFrame(rows, columns=_MISSING_COLUMNS)


def disagreement(
    project: Project, evaluations: Evaluations, merged: Sequence[ScoreCell]
) -> Disagreement:
    """Spread per cell, evaluator bias, Kendall's W over rankings, and missing scores."""
    humans = human_scores(evaluations)
    vendors = list(dict.fromkeys(cell.vendor for cell in merged))
    raters = [sheet for sheet in evaluations.sheets if sheet.scored]
    totals = _totals(project, raters, vendors, merged)
    ranks = totals.rank(axis=1, ascending=False, method="average")
    return Disagreement(
        spread=_spread(project, humans),
        bias=_bias([sheet.evaluator for sheet in evaluations.sheets], humans),
        totals=totals,
        ranks=ranks,
        kendalls_w=_concordance(raters, vendors, ranks),
        missing=_missing(evaluations),
    )
