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
    ``total`` = transition fees + Σ year cost × coverage factor ÷ (1 + discount rate)^(year − 1).
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
) -> TermCost:
    """Transition fees + each year's run-rate cost × ``factor``, discounted to year 1's money.

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
    lines: list[str] = []
    total = as_quoted = transition
    for year, cost in enumerate(year_costs, start=1):
        present = 1 / (1 + rate) ** (year - 1)
        total += cost * factor * present
        as_quoted += cost * present
        lines.append(_year_line(year, cost, factor, (rate, present), symbol))
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
    year: int, cost: float, factor: float, discount: tuple[float, float], sym: str
) -> str:
    rate, present = discount
    parts = [f"year {year}: {_money(cost, sym)}"]
    if factor != 1:
        parts.append(f"× {factor:.2f} full coverage")
    if rate and year > 1:
        parts.append(f"÷ {1 + rate:g}^{year - 1}")
    value = cost * factor * present
    return " ".join(parts) + (f" = {_money(value, sym)}" if len(parts) > 1 else "")


def _money(amount: float, symbol: str) -> str:
    return f"{symbol}{round(amount):,}"
