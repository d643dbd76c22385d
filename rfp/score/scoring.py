"""Scores -> weighted matrix -> totals, knockouts and a ranking. Pure: no I/O.

The method is the one the RFP prints (section 5):
- each criterion carries points out of 100 (``criteria.select``); a 0-5 score earns
  points x score / 5;
- area subtotals and the total are sums of earned points;
- a vendor is disqualified when a fact it stated fails a requirement, or when people scored a
  mandatory criterion below ``knockout_below``; it stays listed, below every other vendor;
- what a vendor did not state, or only the automatic score judged (a mandatory question whose
  answer scores below the threshold), is to be confirmed (``policy``): the vendor is ranked
  with the qualified ones, by the same rule, and marked;
- qualified and to-be-confirmed vendors are ranked by total, ties broken by the higher price
  points, then the higher sum of mandatory scores, then the vendor name (case-insensitive),
  so the ranking is deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from rfp.core.criteria import Selection, WeightedCriterion
from rfp.errors import ScoringError
from rfp.score.run import Knockout, ScoreCell, vendor_status

FACT_CHECKS = frozenset({"certifications", "languages", "price"})


def price_scores(
    annual_costs: Mapping[str, float | None], pool: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Price on the 0-5 scale: 5 x lowest annual cost / this vendor's; no price scores 0.

    Multiplying by the price criterion's points / 5 gives the RFP's formula
    lowest / this x price points. ``pool`` holds the qualifying bids the lowest is taken from
    (all priced bids when omitted); a bid below the pool's lowest is capped at 5.
    """
    priced = {vendor: cost for vendor, cost in annual_costs.items() if cost is not None}
    for vendor, cost in priced.items():
        if cost <= 0:
            raise ScoringError(f"{vendor}: annual cost must be positive, got {cost}")
    reference = pool if pool else priced
    if not reference:
        return dict.fromkeys(annual_costs, 0.0)
    lowest = min(reference.values())
    return {
        vendor: (min(5 * lowest / cost, 5.0) if cost is not None else 0.0)
        for vendor, cost in annual_costs.items()
    }


def score_matrix(
    cells: Sequence[ScoreCell], vendors: Sequence[str], criteria: Sequence[str]
) -> pd.DataFrame:
    """Vendors x criteria on 0-5; a missing cell is 0 (not answered).

    Filled as one array and wrapped once: a pandas write per cell costs more as the frame grows.
    """
    row_of = {vendor: row for row, vendor in enumerate(vendors)}
    column_of = {criterion: column for column, criterion in enumerate(criteria)}
    values = np.zeros((len(vendors), len(criteria)), dtype=np.float64)
    for cell in cells:
        row, column = row_of.get(cell.vendor), column_of.get(cell.criterion)
        if row is None or column is None:
            raise ScoringError(
                f"score for unknown vendor or criterion: {cell.vendor} / {cell.criterion}"
            )
        if not 0 <= cell.score <= 5:
            raise ScoringError(
                f"{cell.vendor} / {cell.criterion}: score {cell.score} is outside 0-5"
            )
        values[row, column] = float(cell.score)
    return pd.DataFrame(
        values, index=pd.Index(list(vendors), name="vendor"), columns=list(criteria)
    )


def weighted_points(matrix: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """Earned points per vendor x criterion: points x score / 5."""
    points = pd.Series({wc.id: wc.points for wc in selection.criteria})
    return matrix[points.index].mul(points / 5.0, axis=1)


def area_totals(matrix: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """Area subtotals and the total out of 100, one row per vendor."""
    earned = weighted_points(matrix, selection)
    table = pd.DataFrame(index=matrix.index)
    for area in selection.areas:
        table[area.id] = earned[[wc.id for wc in area.criteria]].sum(axis=1)
    table["total"] = table[[area.id for area in selection.areas]].sum(axis=1)
    return table


def knockouts(
    matrix: pd.DataFrame,
    selection: Selection,
    knockout_below: float,
    facts: Mapping[str, Sequence[Knockout]] | None = None,
    *,
    skip: Sequence[str] = (),
    sources: Mapping[tuple[str, str], str] | None = None,
    declared: Mapping[str, Sequence[Knockout]] | None = None,
) -> dict[str, list[Knockout]]:
    """Every knockout or item to confirm for each vendor (an empty list when none), in order:
    facts, mandatory questions scored below the threshold, then declared refusals;
    ``policy.apply_rules`` splits them by ``Knockout.kind``.

    Mandatory criteria scored by a pass/fail fact (certifications, languages, price) are judged
    on that fact by the caller, through ``facts``, not on the 0-5 threshold: a vendor who is
    dearer than the cheapest is not disqualified for it. ``skip`` names mandatory criteria not
    to test, e.g. price while finding the qualifying pool. ``sources`` gives each cell's source;
    a knockout resting on an automatic text-match score says so, for evaluators to confirm.
    ``declared`` holds what the vendor itself declared, e.g. "No" in the compliance matrix.
    """
    vendors = [str(vendor) for vendor in matrix.index]
    found: dict[str, list[Knockout]] = {v: list((facts or {}).get(v, ())) for v in vendors}
    for wc in selection.mandatory:
        check = wc.criterion.check.type if wc.criterion.check else None
        if wc.id in skip or check in FACT_CHECKS:
            continue
        for vendor, value in matrix[wc.id].items():
            score = float(value)
            if score < knockout_below:
                found[str(vendor)].append(
                    _threshold_knockout(wc, score, knockout_below, sources or {}, str(vendor))
                )
    for vendor in vendors:
        found[vendor] += (declared or {}).get(vendor, ())
    return found


def _threshold_knockout(
    wc: WeightedCriterion,
    score: float,
    knockout_below: float,
    sources: Mapping[tuple[str, str], str],
    vendor: str,
) -> Knockout:
    """Below the threshold: judged by people, a knockout; judged only by the automatic score,
    an item to confirm ("unanswered_mandatory"), since the matcher may have missed the answer."""
    source = sources.get((vendor, wc.id), "")
    basis = " (auto-score: confirm)" if source == "auto" else ""
    return Knockout(
        criterion=wc.id,
        reason=f"mandatory {wc.id} ({wc.criterion.title}) scored {score:g}, "
        f"below {knockout_below:g}{basis}",
        evidence=f"{source} score {score:g}" if source else f"score {score:g}",
        source=source,
        criterion_title=wc.criterion.title,
        kind="unanswered_mandatory" if source == "auto" else "",
    )


def rank(
    totals: pd.DataFrame,
    reasons: Mapping[str, Sequence[Knockout]],
    price_points: Mapping[str, float],
    mandatory_sum: Mapping[str, float],
    to_confirm: Mapping[str, Sequence[Knockout]] | None = None,
) -> pd.DataFrame:
    """Order vendors by the documented rule and number them; disqualified vendors come last,
    vendors with items to confirm rank among the qualified, marked in ``status``."""
    table = totals.copy()
    vendors = [str(v) for v in table.index]
    table["disqualified"] = [bool(reasons.get(v)) for v in vendors]
    table["reason"] = [join_reasons(reasons.get(v, [])) for v in vendors]
    table["status"] = [
        vendor_status(reasons.get(v, []), (to_confirm or {}).get(v, [])) for v in vendors
    ]
    table["to_confirm"] = [join_reasons((to_confirm or {}).get(v, [])) for v in vendors]
    table["price_points"] = [round(price_points.get(v, 0.0), 6) for v in vendors]
    table["mandatory_sum"] = [round(mandatory_sum.get(v, 0.0), 6) for v in vendors]
    table["_name"] = [v.casefold() for v in vendors]
    table["_total"] = table["total"].round(6)
    table = table.sort_values(
        by=["disqualified", "_total", "price_points", "mandatory_sum", "_name"],
        ascending=[True, False, False, False, True],
        kind="mergesort",
    )
    table = table.drop(columns=["_name", "_total"])
    table.insert(0, "rank", range(1, len(table) + 1))
    return table


def join_reasons(knockouts: Sequence[Knockout]) -> str:
    """The knockouts (or items to confirm) as one line, as ``scores.csv``'s ``reason`` (or
    ``to_confirm``) column shows them."""
    return "; ".join(knockout.reason for knockout in knockouts)
