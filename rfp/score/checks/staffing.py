"""Staffing by Erlang C: probability of waiting, service level, agents and paid FTE needed."""

from __future__ import annotations

import math

from rfp.core.payroll import PAYSLIPS_PER_PAYROLL_FTE_YEAR
from rfp.errors import ScoringError
from rfp.score.checks.validation import (
    require_finite,
    require_non_negative,
    require_positive,
    require_shrinkage,
)

_INTERVAL_SECONDS = 1800.0


MAX_AGENTS = 200_000
"""The most agents Erlang C staffs in one interval. Twice the spec's bound on one channel's
traffic (``rfp.core.spec.MAX_AGENTS_BUSY``), so valid volumes never reach it; it keeps the
staffing loop finite whatever the figures."""


def _require_agents_within_bound(agents: float, traffic: float, channel: str) -> None:
    if agents > MAX_AGENTS:
        raise ScoringError(
            f"{channel}: {traffic:,.0f} Erlangs of traffic need more than {MAX_AGENTS:,} agents "
            "on duty at once, beyond what Erlang C staffs; check the volume and handle time"
        )


def _erlang_b(traffic_erlangs: float, agents: int) -> float:
    """Erlang B blocking by the recursion B(n) = A·B(n-1) / (n + A·B(n-1)), always in [0, 1]."""
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = _next_blocking(traffic_erlangs, blocking, n)
    return blocking


def _next_blocking(traffic_erlangs: float, blocking: float, agents: int) -> float:
    return traffic_erlangs * blocking / (agents + traffic_erlangs * blocking)


def _erlang_c_from_b(traffic_erlangs: float, agents: int, blocking: float) -> float:
    return agents * blocking / (agents - traffic_erlangs * (1 - blocking))


def _service_level_from_c(
    waits: float, traffic: float, agents: int, aht_seconds: float, target_answer_seconds: float
) -> float:
    if waits >= 1.0:
        return 0.0
    return 1.0 - waits * math.exp(-(agents - traffic) * target_answer_seconds / aht_seconds)


def erlang_c(traffic_erlangs: float, agents: int) -> float:
    """Probability that a call waits (Erlang C), for offered traffic in Erlangs.

    Built from the Erlang B recursion B(n) = A·B(n-1) / (n + A·B(n-1)), which stays within
    [0, 1] at every step, so large agent counts never overflow as factorials would.
    With no more agents than Erlangs the queue grows without bound and every call waits.
    More than ``MAX_AGENTS`` agents raise ScoringError rather than loop for minutes.
    """
    require_finite(traffic_erlangs, "traffic")
    if traffic_erlangs < 0 or agents < 0:
        raise ScoringError("traffic and agents must not be negative")
    if traffic_erlangs == 0:
        return 0.0
    if agents <= traffic_erlangs:
        return 1.0
    _require_agents_within_bound(agents, traffic_erlangs, "the traffic")
    return _erlang_c_from_b(traffic_erlangs, agents, _erlang_b(traffic_erlangs, agents))


def service_level(
    traffic: float, agents: int, aht_seconds: float, target_answer_seconds: float
) -> float:
    """Share of calls answered within the target time: 1 - C·exp(-(N - A)·t / AHT)."""
    require_positive(aht_seconds, "AHT")
    require_non_negative(target_answer_seconds, "target answer time")
    waits = erlang_c(traffic, agents)
    return _service_level_from_c(waits, traffic, agents, aht_seconds, target_answer_seconds)


def agents_for_service_level(
    calls_per_interval: float,
    aht_seconds: float,
    interval_seconds: float,
    target_service_level: float,
    target_answer_seconds: float,
    *,
    channel: str = "calls",
) -> int:
    """The fewest agents on duty that meet the service level in one interval.

    Erlang B is carried from one agent count to the next, so the search costs one pass up to
    the answer; past ``MAX_AGENTS`` it raises ScoringError naming ``channel``.
    """
    require_non_negative(calls_per_interval, "calls per interval")
    require_positive(aht_seconds, "AHT")
    require_positive(interval_seconds, "interval")
    require_non_negative(target_answer_seconds, "target answer time")
    if not 0 < target_service_level < 1:
        raise ScoringError(
            f"target service level must be between 0 and 1 (exclusive), got {target_service_level}"
        )
    if calls_per_interval == 0:
        return 0
    traffic = calls_per_interval * aht_seconds / interval_seconds
    _require_agents_within_bound(traffic, traffic, channel)
    agents = math.floor(traffic) + 1
    blocking = _erlang_b(traffic, agents)
    while True:
        waits = _erlang_c_from_b(traffic, agents, blocking)
        level = _service_level_from_c(waits, traffic, agents, aht_seconds, target_answer_seconds)
        if level >= target_service_level:
            return agents
        agents += 1
        _require_agents_within_bound(agents, traffic, channel)
        blocking = _next_blocking(traffic, blocking, agents)


def fte_required(
    per_month: float,
    aht_seconds: float,
    open_hours_per_month: float,
    *,
    target_service_level: float = 0.8,
    target_answer_seconds: float = 20,
    shrinkage: float = 0.30,
    paid_hours_per_fte_month: float = 160,
    channel: str = "calls",
) -> float:
    """Paid FTE to answer a monthly call volume at the service level, by Erlang C.

    Assumptions, stated because they move the price comparison:
    - calls spread evenly over the open hours in 30-minute intervals (no intraday or
      seasonal peaks, so this is a floor: real rosters need more for the peaks);
    - the agents an interval needs must be on duty for every open hour, so seats x open
      hours are the productive hours bought, and FTE = seats x open hours / paid hours;
    - shrinkage (leave, training, breaks, meetings) takes that share of paid hours off the
      phones, so FTE is divided by (1 - shrinkage);
    - no occupancy cap and no abandonment (Erlang C assumes every caller waits).

    A volume needing more than ``MAX_AGENTS`` agents at once raises ScoringError naming
    ``channel``.
    """
    require_non_negative(per_month, "monthly volume")
    require_positive(open_hours_per_month, "open hours per month")
    require_positive(paid_hours_per_fte_month, "paid hours per FTE month")
    require_shrinkage(shrinkage)
    if per_month == 0:
        return 0.0
    intervals = open_hours_per_month * 3600 / _INTERVAL_SECONDS
    agents = agents_for_service_level(
        per_month / intervals,
        aht_seconds,
        _INTERVAL_SECONDS,
        target_service_level,
        target_answer_seconds,
        channel=channel,
    )
    return agents * open_hours_per_month / paid_hours_per_fte_month / (1 - shrinkage)


def payroll_fte_required(payslips_per_month: float) -> float:
    """Payroll FTE at the practitioner median: payslips a year ÷ ``PAYSLIPS_PER_PAYROLL_FTE_YEAR``.

    6,500 monthly payslips are 78,000 a year, 5.2 FTE at the median; the price check treats
    half of it (2.6 FTE) as the least a vendor can credibly staff, as for other back-office work.
    """
    require_non_negative(payslips_per_month, "payslips per month")
    return payslips_per_month * 12 / PAYSLIPS_PER_PAYROLL_FTE_YEAR
