"""Tests for rfp.score.checks.staffing (Erlang C).

Expected figures are worked by hand (arithmetic in comments) or taken from a published example,
never read back from the code under test.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction

import pytest

from rfp.errors import ScoringError
from rfp.score.checks.staffing import (
    agents_for_service_level,
    erlang_c,
    fte_required,
    service_level,
)


def erlang_c_reference(traffic: Fraction, agents: int) -> Fraction:
    """Textbook Erlang C with factorials, in exact rationals: an independent check."""
    top = traffic**agents / math.factorial(agents) * Fraction(agents) / (agents - traffic)
    bottom = sum(traffic**k / math.factorial(k) for k in range(agents))
    return top / (bottom + top)


def test_erlang_c_small_cases_by_hand() -> None:
    # A = 1, N = 2: Erlang B = (1/2!) / (1 + 1 + 1/2) = 0.2; C = 2·0.2 / (2 − 1·0.8) = 1/3.
    assert erlang_c(1, 2) == pytest.approx(1 / 3, rel=1e-12)
    # A = 1, N = 3: B = (1/6) / (1 + 1 + 1/2 + 1/6) = 1/16; C = (3/16) / (3 − 15/16) = 1/11.
    assert erlang_c(1, 3) == pytest.approx(1 / 11, rel=1e-12)
    # SL(20 s, AHT 180 s) = 1 − (1/11)·e^(−(3 − 1)·20/180) = 1 − 0.0909091·0.8007374 = 0.927206.
    assert service_level(1, 3, 180, 20) == pytest.approx(0.927206, abs=1e-6)


def test_erlang_c_published_example() -> None:
    # Call Centre Helper, "Erlang C Formula – Made Simple With an Easy Worked Example"
    # (https://www.callcentrehelper.com/erlang-c-formula-example-121281.htm): 100 calls per
    # 30 minutes, AHT 180 s, 80% in 20 s, 30% shrinkage → A = 10 Erlangs. The figures as
    # published in pyworkforce's reproduction of that example
    # (rodrigo-arenas/pyworkforce, docs/tutorials/erlangc_example.rst):
    # raw_positions 14, positions 20, service_level 0.888, occupancy 0.714,
    # waiting_probability 0.174.
    traffic = 100 * 180 / 1800
    assert traffic == 10
    agents = agents_for_service_level(100, 180, 1800, 0.8, 20)
    assert agents == 14
    assert math.ceil(agents / (1 - 0.30)) == 20
    assert round(service_level(traffic, agents, 180, 20), 3) == 0.888
    assert round(traffic / agents, 3) == 0.714
    assert round(erlang_c(traffic, agents), 3) == 0.174


def test_erlang_c_48_erlangs_against_exact_reference() -> None:
    # 360 calls per 30 minutes at 240 s AHT: A = 360 × 240 / 1800 = 48 Erlangs.
    traffic = 360 * 240 / 1800
    assert traffic == 48
    for agents in (49, 53, 54, 55, 57, 80):
        expected = float(erlang_c_reference(Fraction(48), agents))
        assert erlang_c(traffic, agents) == pytest.approx(expected, rel=1e-9)

    def reference_sl(agents: int) -> float:
        waits = float(erlang_c_reference(Fraction(48), agents))
        return 1 - waits * math.exp(-(agents - 48) * 20 / 240)

    # The fewest agents for 80/20 is the first N whose reference SL reaches 0.8.
    needed = agents_for_service_level(360, 240, 1800, 0.8, 20)
    assert reference_sl(needed - 1) < 0.8 <= reference_sl(needed)
    assert needed == 54


def test_erlang_c_stable_for_large_centres() -> None:
    # Factorials of 5000 overflow a float; the recursion must not.
    waits = erlang_c(4900, 5000)
    assert 0 < waits < 1
    assert erlang_c(0.001, 2000) == pytest.approx(0, abs=1e-300)
    assert erlang_c(0, 5) == 0.0


def test_erlang_c_overloaded_and_invalid() -> None:
    assert erlang_c(10, 10) == 1.0
    assert service_level(10, 9, 180, 20) == 0.0
    assert agents_for_service_level(0, 180, 1800, 0.8, 20) == 0
    with pytest.raises(ScoringError):
        erlang_c(-1, 5)
    with pytest.raises(ScoringError):
        agents_for_service_level(100, 180, 1800, 1.0, 20)
    with pytest.raises(ScoringError):
        service_level(10, 12, 0, 20)


def test_fte_required_by_hand() -> None:
    # 4,000 calls over 200 open hours = 400 half-hours → 10 calls per interval;
    # A = 10 × 180 / 1800 = 1 Erlang. N = 2 gives SL 1 − (1/3)·e^(−20/180) = 0.702 < 0.8;
    # N = 3 gives 0.927 (above), so 3 seats. FTE = 3 × 200 / 160 / (1 − 0.30) = 5.357143.
    assert fte_required(4000, 180, 200) == pytest.approx(3 * 200 / 160 / 0.7)
    assert fte_required(4000, 180, 200, shrinkage=0.0) == pytest.approx(3.75)
    assert fte_required(0, 180, 200) == 0.0
    with pytest.raises(ScoringError):
        fte_required(4000, 180, 200, shrinkage=1.0)


# Issue 10: no input may make Erlang C run away or raise anything but ScoringError.


def test_huge_volume_raises_quickly_naming_the_channel() -> None:
    started = time.perf_counter()
    with pytest.raises(ScoringError, match=r"voice: .*more than 200,000 agents"):
        fte_required(1e308, 360, 260, channel="voice")
    with pytest.raises(ScoringError, match="voice"):
        agents_for_service_level(1e12, 360, 1800, 0.8, 20, channel="voice")
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(("per_month", "aht"), [(42000, 1e308), (1e308, 1e308), (4000, 1e-320)])
def test_extreme_figures_raise_scoring_error_or_compute(per_month: float, aht: float) -> None:
    try:
        fte = fte_required(per_month, aht, 260)
    except ScoringError:
        return
    assert math.isfinite(fte) and fte >= 0


def test_erlang_c_refuses_more_agents_than_its_bound() -> None:
    started = time.perf_counter()
    with pytest.raises(ScoringError, match="200,000"):
        erlang_c(1e9, 10**9 + 1)
    assert time.perf_counter() - started < 1


def test_staffing_at_the_bound_is_quick_and_matches_erlang_c() -> None:
    """90,000 Erlangs (a spec's largest channel is 100,000) staffs in well under a second."""
    started = time.perf_counter()
    agents = agents_for_service_level(450_000, 360, 1800, 0.8, 20)
    assert time.perf_counter() - started < 2
    assert agents > 90_000
    assert (
        service_level(90_000, agents, 360, 20) >= 0.8 > service_level(90_000, agents - 1, 360, 20)
    )
