"""Coverage windows in IANA time zones: weekly overlap with the buyer's hours, gaps, 24/7.

Computed on real UTC instants, so DST changes and half-hour zones count correctly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rfp.core.calendar import DAY_INDEX, DAYS
from rfp.errors import ScoringError

WEEKDAYS: tuple[str, ...] = DAYS
_Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class CoverageWindow:
    """Weekly working hours in one IANA time zone.

    ``end <= start`` runs past midnight into the next day (22:00-06:00); ``start == end``
    is a full 24 hours from ``start``. Validated on construction, so a bad zone or day
    name fails where the window is built, naming the zone.
    """

    time_zone: str
    days: tuple[str, ...]
    start: time
    end: time

    def __post_init__(self) -> None:
        _zone(self.time_zone)
        if not self.days:
            raise ScoringError(f"coverage window in {self.time_zone} has no days")
        unknown = [day for day in self.days if day not in DAY_INDEX]
        if unknown:
            raise ScoringError(f"unknown day(s) {unknown}: use {', '.join(WEEKDAYS)}")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ScoringError("coverage times must be wall-clock times without a tzinfo")


@dataclass(frozen=True)
class DeliverySite:
    """A vendor delivery centre and the hours it works."""

    name: str
    window: CoverageWindow


def weekly_overlap_hours(
    buyer: CoverageWindow, sites: Sequence[DeliverySite], week_start: date
) -> float:
    """Hours of the buyer's window in the 7 days from ``week_start`` that some site works.

    Computed on real UTC instants, so DST changes and half-hour zones count correctly;
    sites are unioned first so two sites working the same hour count it once.
    """
    buyer_intervals = _merge(_intervals(buyer, week_start, week_start + timedelta(days=6)))
    site_intervals = _merge(
        interval for site in sites for interval in _site_intervals(site, week_start)
    )
    return _overlap_seconds(buyer_intervals, site_intervals) / 3600


def per_site_overlap_hours(
    buyer: CoverageWindow, sites: Sequence[DeliverySite], week_start: date
) -> dict[str, float]:
    """Each site's own overlap with the buyer's week, keyed by site name in sorted order."""
    names = [site.name for site in sites]
    if len(set(names)) != len(names):
        raise ScoringError(f"delivery site names must be unique: {sorted(names)}")
    return {
        site.name: weekly_overlap_hours(buyer, [site], week_start)
        for site in sorted(sites, key=lambda site: site.name)
    }


def coverage_gaps(
    sites: Sequence[DeliverySite], week_start: date
) -> list[tuple[datetime, datetime]]:
    """UTC spans of the week from ``week_start`` 00:00 UTC that no site works, in order."""
    week_from = datetime.combine(week_start, time(0), tzinfo=UTC)
    week_to = week_from + timedelta(days=7)
    gaps: list[tuple[datetime, datetime]] = []
    cursor = week_from
    worked = _merge(interval for site in sites for interval in _site_intervals(site, week_start))
    for start, end in worked:
        if end <= cursor:
            continue
        if start >= week_to:
            break
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < week_to:
        gaps.append((cursor, week_to))
    return gaps


def covers_24_7(sites: Sequence[DeliverySite], week_start: date) -> bool:
    """Whether the sites together work every hour of the week (follow-the-sun)."""
    return not coverage_gaps(sites, week_start)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScoringError(
            f"unknown time zone {name!r}: use an IANA name such as 'America/New_York'"
        ) from exc


def _site_intervals(site: DeliverySite, week_start: date) -> list[_Interval]:
    # A site's local dates can sit a day either side of the buyer's, and a night shift that
    # starts the evening before still reaches into the week, so look two days each way.
    return _intervals(site.window, week_start - timedelta(days=2), week_start + timedelta(days=8))


def _intervals(window: CoverageWindow, first_day: date, last_day: date) -> list[_Interval]:
    """The window's spans on each local date from first_day to last_day, as UTC instants."""
    zone = _zone(window.time_zone)
    days = {DAY_INDEX[day] for day in window.days}
    crosses_midnight = window.end <= window.start
    spans: list[_Interval] = []
    day = first_day
    while day <= last_day:
        if day.weekday() in days:
            end_day = day + timedelta(days=1) if crosses_midnight else day
            start = datetime.combine(day, window.start, tzinfo=zone).astimezone(UTC)
            end = datetime.combine(end_day, window.end, tzinfo=zone).astimezone(UTC)
            if end > start:
                spans.append((start, end))
        day += timedelta(days=1)
    return spans


def _merge(intervals: Iterable[_Interval]) -> list[_Interval]:
    merged: list[_Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlap_seconds(left: list[_Interval], right: list[_Interval]) -> float:
    total = 0.0
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if end > start:
            total += (end - start).total_seconds()
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return total
