"""The cost of the contract term: years, escalation, transition fees, discounting, coverage."""

from __future__ import annotations

import pytest

from rfp.errors import ScoringError
from rfp.score.checks import PriceQuote
from rfp.score.checks.term import coverage_factor, term_cost


def test_years_and_transition_fees_add_up() -> None:
    # 100,000 + 103,000 + 106,090 (3% a year) + 50,000 transition = 359,090.
    term = term_cost([100_000, 103_000, 106_090], transition=50_000)
    assert term.total == 359_090
    assert term.coverage_adjustment == 0
    assert term.lines[-1] == "term cost (3 years): $359,090"


def test_a_discount_rate_brings_later_years_to_today() -> None:
    # 100,000 + 100,000 / 1.1 + 100,000 / 1.21 = 273,553.72; the fee is not discounted.
    term = term_cost([100_000] * 3, transition=10_000, discount_rate=0.10)
    assert term.total == pytest.approx(283_553.72, abs=0.01)


def test_full_coverage_scales_the_run_rate_not_the_fees() -> None:
    # 15 of 72 hours covered: each year x 4.8; 3 x 2,040,480 x 4.8 + 78,000.
    factor = coverage_factor(15, 72)
    assert factor == pytest.approx(4.8)
    term = term_cost([2_040_480] * 3, transition=78_000, factor=factor or 1)
    assert term.total == pytest.approx(3 * 2_040_480 * 4.8 + 78_000, abs=0.01)
    assert term.as_quoted == 3 * 2_040_480 + 78_000
    assert term.coverage_adjustment == pytest.approx(3 * 2_040_480 * 3.8, abs=0.01)


def test_coverage_factor_edges() -> None:
    assert coverage_factor(None, 60) == 1.0  # sites not declared: priced as quoted
    assert coverage_factor(60, 60) == 1.0
    assert coverage_factor(168, 60) == 1.0  # more than required earns no discount
    assert coverage_factor(0, 60) is None  # nothing covered: cannot be priced from the quote


def test_rates_by_year_stated_then_escalated_then_constant() -> None:
    stated = PriceQuote("per_transaction", 2.0, year_rates=(2.1,), escalation=0.05)
    assert [round(stated.rate_in_year(y), 4) for y in (1, 2, 3, 4)] == [2.0, 2.1, 2.205, 2.3153]
    constant = PriceQuote("per_transaction", 2.0)
    assert constant.rate_in_year(5) == 2.0


def test_bad_terms_are_refused() -> None:
    with pytest.raises(ScoringError):
        term_cost([])
    with pytest.raises(ScoringError):
        term_cost([1.0], factor=0.5)
    with pytest.raises(ScoringError):
        PriceQuote("per_transaction", 2.0, transition_fee=-1)


def test_only_the_part_priced_per_hour_of_cover_is_scaled() -> None:
    # 60,000 per unit of work + 40,000 per hour of cover x 4.8 = 252,000 a year, two years.
    term = term_cost([100_000] * 2, per_hour=[40_000] * 2, factor=4.8)
    assert term.total == pytest.approx(504_000)
    assert term.as_quoted == 200_000
    assert term.lines[0] == (
        "year 1: ($60,000 per unit of work + $40,000 per hour of cover × 4.80 full coverage) "
        "= $252,000"
    )
    # Nothing priced per hour of cover: full coverage leaves the cost as quoted.
    assert term_cost([100_000], per_hour=[0], factor=4.8).total == 100_000


def test_a_per_hour_part_above_the_cost_is_refused() -> None:
    with pytest.raises(ScoringError, match="per-hour part"):
        term_cost([100_000], per_hour=[100_001], factor=2)
