"""Weekdays and clock times: one table of day codes shared by the spec, the kit and the checks.

Every module that reads or prints a week (``rfp.yaml`` coverage, the response workbook's site
hours, the time-zone check, the RFP and the shortlist) uses these tables, so a day spelt one way
in one place is never read another way elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, time
from typing import Literal, Protocol

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_INDEX: dict[str, int] = {day: index for index, day in enumerate(DAYS)}
DAY_NAMES: dict[str, str] = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}
DAY_ALIASES: dict[str, str] = {
    **{day: day for day in DAYS},
    **{DAY_NAMES[day].lower(): day for day in DAYS},
    "tues": "tue",
    "weds": "wed",
    "thur": "thu",
    "thurs": "thu",
}


class WeeklyHours(Protocol):
    """Anything with covered days and a daily start and end, such as the spec's ``Coverage``."""

    @property
    def days(self) -> Sequence[str]:
        """Day codes from ``DAYS``."""
        ...

    @property
    def start(self) -> time:
        """Start of each covered day."""
        ...

    @property
    def end(self) -> time:
        """End of each covered day; at or before ``start`` runs past midnight."""
        ...


def yaml_clock(value: object) -> object:
    """Accept ``"09:00"`` and also YAML 1.1's sexagesimal reading of an unquoted 17:00 (1020)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 24 * 60:
        hours, minutes = divmod(value, 60)
        return time(0, 0) if hours == 24 else time(hours, minutes)
    if isinstance(value, str) and value.strip() in {"24:00", "24:00:00"}:
        return time(0, 0)
    return value


def describe_days(days: Sequence[str]) -> str:
    """``["mon", ..., "fri"]`` -> ``Monday to Friday``; non-consecutive days are listed."""
    indexes = sorted(DAYS.index(day) for day in days)
    if len(indexes) == 7:
        return "Every day"
    if len(indexes) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{DAY_NAMES[DAYS[indexes[0]]]} to {DAY_NAMES[DAYS[indexes[-1]]]}"
    return ", ".join(DAY_NAMES[DAYS[index]] for index in indexes)


def describe_coverage(coverage: WeeklyHours) -> str:
    """A coverage window in words, e.g. ``Monday to Friday, 08:00–20:00``."""
    if coverage.start == coverage.end:
        return f"{describe_days(list(coverage.days))}, 24 hours"
    return f"{describe_days(list(coverage.days))}, {coverage.start:%H:%M}–{coverage.end:%H:%M}"


def parse_days(value: object) -> tuple[str, ...] | None:
    """Read ``Mon-Fri``, ``Mon–Sat``, ``mon, wed, fri``, ``Monday to Friday`` or ``24/7``."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in {"24/7", "7/7", "every day", "daily", "all", "mon-sun", "7 days"}:
        return DAYS
    text = re.sub(r"\s*(?:-|–|—|to|through|thru)\s*", "-", text)
    days: list[str] = []
    for part in re.split(r"[,;/ ]+", text):
        if not part:
            continue
        if "-" in part:
            first, _, last = part.partition("-")
            if first[:3] not in DAYS or last[:3] not in DAYS:
                return None
            start, end = DAYS.index(first[:3]), DAYS.index(last[:3])
            span = range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)]
            days += [DAYS[i] for i in span]
        elif part[:3] in DAYS:
            days.append(part[:3])
        else:
            return None
    ordered = tuple(d for d in DAYS if d in days)
    return ordered or None


def parse_clock(value: object) -> time | None:
    """Read a time cell: an Excel time, a fraction of a day, ``08:00``, ``8:30 pm`` or ``24:00``."""
    if isinstance(value, datetime):
        return value.time()
    if isinstance(value, time):
        return value
    if isinstance(value, int | float) and 0 <= value <= 1:
        minutes = round(float(value) * 24 * 60)
        return time(0, 0) if minutes >= 24 * 60 else time(minutes // 60, minutes % 60)
    if value is None:
        return None
    match = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*", str(value).lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3) == "pm" and hour < 12:
        hour += 12
    if match.group(3) == "am" and hour == 12:
        hour = 0
    if hour == 24 and minute == 0:
        return time(0, 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
