"""Day and clock parsing shared by the spec, the response workbook and the checks."""

from __future__ import annotations

import datetime as dt

import pytest

from rfp.core.calendar import DAYS, describe_days, parse_clock, parse_days


@pytest.mark.parametrize(
    ("cell", "days"),
    [
        ("Mon-Fri", ("mon", "tue", "wed", "thu", "fri")),
        ("Monday to Friday", ("mon", "tue", "wed", "thu", "fri")),
        ("mon, wed, fri", ("mon", "wed", "fri")),
        ("Fri–Mon", ("mon", "fri", "sat", "sun")),
        ("24/7", ("mon", "tue", "wed", "thu", "fri", "sat", "sun")),
        ("weekdays", None),
        (None, None),
    ],
)
def test_parse_days(cell: object, days: tuple[str, ...] | None) -> None:
    assert parse_days(cell) == days


@pytest.mark.parametrize(
    ("cell", "clock"),
    [
        ("08:00", dt.time(8, 0)),
        ("8:30 pm", dt.time(20, 30)),
        ("12 am", dt.time(0, 0)),
        ("24:00", dt.time(0, 0)),
        (0.375, dt.time(9, 0)),
        (dt.time(7, 15), dt.time(7, 15)),
        (dt.datetime(2026, 1, 1, 6, 45), dt.time(6, 45)),
        ("25:00", None),
        ("noon", None),
        (None, None),
    ],
)
def test_parse_clock(cell: object, clock: dt.time | None) -> None:
    assert parse_clock(cell) == clock


def test_days_are_one_table_in_week_order() -> None:
    assert DAYS == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    assert describe_days(["sat", "mon", "tue", "wed", "thu", "fri"]) == "Monday to Saturday"
    assert describe_days(["mon", "wed"]) == "Monday, Wednesday"
