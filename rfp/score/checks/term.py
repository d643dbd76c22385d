"""The cost of the whole contract term, like for like: every year, the transition fees, and the
hours the buyer needs, whatever the vendor's sites cover.

A year-1 run rate flatters a vendor who back-loads its increases or charges a large transition
fee, and a vendor whose sites cover a fifth of the buyer's hours looks cheapest because it
prices a fifth of the service. Pure: plain values in, a frozen result with its workings out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rfp.errors import ScoringError
from rfp.score.checks.validation import require_non_negative


@dataclass(frozen=True)
class TermCost:
    """The cost of the contract term that price points are computed on, with the workings.

    ``years`` are the run-rate costs of each contract year as quoted (before the coverage
    adjustment); ``coverage_factor`` is buyer hours ÷ hours covered (1 when all are covered);
    ``total`` = transition fees + Σ (year cost + per-hour part × (coverage factor − 1)) ÷
    (1 + discount rate)^(year − 1), where the per-hour part is what the year's cost pays for
    the vendor's open hours (see ``PriceEstimate.per_hour_cost``).
    """

    years: tuple[float, ...]
    transition: float
    coverage_factor: float
    discount_rate: float | None
    total: float
    as_quoted: float
    lines: tuple[str, ...]

    @property
    def coverage_adjustment(self) -> float:
        """How much pricing for full coverage added to the term cost (0 when covered)."""
        return round(self.total - self.as_quoted, 2)


def coverage_factor(covered_hours: float | None, buyer_hours: float) -> float | None:
    """Buyer hours ÷ covered hours: what the vendor's own cost per covered hour is scaled by to
    cover every hour. 1 when the sites cover all (or the buyer states no hours, or the sites are
    not known); None when they cover none, so full coverage cannot be priced from the quote."""
    if covered_hours is None or buyer_hours <= 0 or covered_hours >= buyer_hours:
        return 1.0
    if covered_hours <= 0:
        return None
    return buyer_hours / covered_hours


def term_cost(
    year_costs: Sequence[float],
    *,
    transition: float = 0.0,
    discount_rate: float | None = None,
    factor: float = 1.0,
    symbol: str = "$",
    per_hour: Sequence[float] | None = None,
) -> TermCost:
    """Transition fees + each year's run-rate cost, its per-hour part × ``factor``, discounted
    to year 1's money.

    ``per_hour`` is the part of each year's cost priced per hour of cover (default: all of
    it). Only that part is scaled to the buyer's hours: a cost priced per unit of work at the
    buyer's volumes already pays for every hour, and scaling it would count them twice.

    Year y's cost is divided by (1 + discount rate)^(y − 1): year 1 is today's money, and the
    transition fees, paid before service starts, are not discounted. Without a discount rate
    the years are simply added.
    """
    if not year_costs:
        raise ScoringError("a contract term needs at least one year")
    require_non_negative(transition, "transition fee")
    for cost in year_costs:
        require_non_negative(cost, "annual cost")
    if factor < 1:
        raise ScoringError(f"coverage factor must be at least 1, got {factor}")
    rate = discount_rate or 0.0
    if not 0 <= rate < 1:
        raise ScoringError(f"discount rate must be between 0 and 1, got {discount_rate}")
    hourly = list(year_costs if per_hour is None else per_hour)
    if len(hourly) != len(year_costs) or any(
        not 0 <= part <= cost for part, cost in zip(hourly, year_costs, strict=True)
    ):
        raise ScoringError("each year's per-hour part must lie between 0 and its cost")
    lines: list[str] = []
    total = as_quoted = transition
    for year, (cost, part) in enumerate(zip(year_costs, hourly, strict=True), start=1):
        present = 1 / (1 + rate) ** (year - 1)
        total += (cost + part * (factor - 1)) * present
        as_quoted += cost * present
        lines.append(_year_line(year, (cost, part), factor, (rate, present), symbol))
    if transition:
        lines.append(f"one-time transition fees: {_money(transition, symbol)}")
    lines.append(
        f"term cost ({len(year_costs)} years{', in year-1 money' if rate else ''}): "
        f"{_money(total, symbol)}"
    )
    return TermCost(
        years=tuple(round(cost, 2) for cost in year_costs),
        transition=round(transition, 2),
        coverage_factor=factor,
        discount_rate=discount_rate,
        total=round(total, 2),
        as_quoted=round(as_quoted, 2),
        lines=tuple(lines),
    )


def _year_line(
    year: int,
    costs: tuple[float, float],
    factor: float,
    discount: tuple[float, float],
    sym: str,
) -> str:
    cost, part = costs
    rate, present = discount
    adjusted = factor != 1 and part > 0
    parts = [f"year {year}: {_money(cost, sym)}"]
    if adjusted and part == cost:
        parts.append(f"× {factor:.2f} full coverage")
    elif adjusted:
        parts = [
            f"year {year}: ({_money(cost - part, sym)} per unit of work + "
            f"{_money(part, sym)} per hour of cover × {factor:.2f} full coverage)"
        ]
    if rate and year > 1:
        parts.append(f"÷ {1 + rate:g}^{year - 1}")
    value = (cost + part * (factor - 1)) * present
    shown = len(parts) > 1 or (adjusted and part != cost)
    return " ".join(parts) + (f" = {_money(value, sym)}" if shown else "")


def _money(amount: float, symbol: str) -> str:
    return f"{symbol}{round(amount):,}"
