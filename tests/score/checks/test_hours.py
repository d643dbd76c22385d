"""Tests for rfp.score.checks.hours (coverage windows, weekly overlap, 24/7).

Expected figures are worked by hand (arithmetic in comments) or taken from a published example,
never read back from the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from rfp.errors import RFPError, ScoringError
from rfp.score.checks.hours import (
    WEEKDAYS,
    CoverageWindow,
    DeliverySite,
    coverage_gaps,
    covers_24_7,
    per_site_overlap_hours,
    weekly_overlap_hours,
)

WEEKDAYS_MON_FRI = ("mon", "tue", "wed", "thu", "fri")

# Mondays. US DST in 2026 starts Sun 8 Mar, EU summer time Sun 29 Mar (asserted below).
FEB_WEEK = date(2026, 2, 9)  # NY EST (UTC-5), Warsaw CET (UTC+1)
MAR_WEEK = date(2026, 3, 9)  # NY EDT (UTC-4), Warsaw still CET (UTC+1)
APR_WEEK = date(2026, 4, 6)  # NY EDT (UTC-4), Warsaw CEST (UTC+2)

BUYER = CoverageWindow("America/New_York", WEEKDAYS_MON_FRI, time(9), time(17))
MANILA_DAY = DeliverySite(
    "Manila day", CoverageWindow("Asia/Manila", WEEKDAYS_MON_FRI, time(9), time(18))
)
MANILA_NIGHT = DeliverySite(
    "Manila night", CoverageWindow("Asia/Manila", WEEKDAYS_MON_FRI, time(21), time(6))
)
KOLKATA = DeliverySite(
    "Kolkata", CoverageWindow("Asia/Kolkata", WEEKDAYS_MON_FRI, time(18, 30), time(3, 30))
)
KOLKATA_LATE = DeliverySite(
    "Kolkata late", CoverageWindow("Asia/Kolkata", WEEKDAYS_MON_FRI, time(20), time(5))
)
MEXICO = DeliverySite(
    "Mexico City", CoverageWindow("America/Mexico_City", WEEKDAYS_MON_FRI, time(8), time(17))
)
WARSAW = DeliverySite(
    "Warsaw", CoverageWindow("Europe/Warsaw", WEEKDAYS_MON_FRI, time(8), time(16))
)


def utc_offset_hours(zone: str, when: datetime) -> float:
    offset = when.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600


def test_dst_dates_2026_from_zoneinfo() -> None:
    # Check the calendar the expected figures below rely on, rather than assume it.
    assert utc_offset_hours("America/New_York", datetime(2026, 3, 7, 12)) == -5
    assert utc_offset_hours("America/New_York", datetime(2026, 3, 8, 12)) == -4
    assert utc_offset_hours("Europe/Warsaw", datetime(2026, 3, 28, 12)) == 1
    assert utc_offset_hours("Europe/Warsaw", datetime(2026, 3, 29, 12)) == 2
    assert utc_offset_hours("America/Mexico_City", datetime(2026, 7, 1, 12)) == -6  # no DST
    assert utc_offset_hours("Asia/Kolkata", datetime(2026, 7, 1, 12)) == 5.5
    assert all(day.weekday() == 0 for day in (FEB_WEEK, MAR_WEEK, APR_WEEK))


def test_per_site_overlap_february() -> None:
    # Buyer: 09:00-17:00 EST = 14:00-22:00 UTC, Mon-Fri, 8 h x 5 = 40 h.
    # Manila day 09-18 (UTC+8) = 01:00-10:00 UTC: no overlap -> 0.
    # Manila night 21-06 = 13:00-22:00 UTC of the buyer's same date: covers all 8 h -> 40.
    # Kolkata 18:30-03:30 (UTC+5:30) = 13:00-22:00 UTC: covers all 8 h -> 40.
    # Kolkata 20:00-05:00 = 14:30-23:30 UTC: 14:30-22:00 = 7.5 h x 5 -> 37.5.
    # Mexico City 08-17 (UTC-6) = 14:00-23:00 UTC: 14-22 = 8 h x 5 -> 40.
    # Warsaw 08-16 (UTC+1) = 07:00-15:00 UTC: 14-15 = 1 h x 5 -> 5.
    sites = [MANILA_DAY, MANILA_NIGHT, KOLKATA, KOLKATA_LATE, MEXICO, WARSAW]
    overlap = per_site_overlap_hours(BUYER, sites, FEB_WEEK)
    assert overlap == {
        "Kolkata": 40.0,
        "Kolkata late": 37.5,
        "Manila day": 0.0,
        "Manila night": 40.0,
        "Mexico City": 40.0,
        "Warsaw": 5.0,
    }
    assert list(overlap) == sorted(overlap)


def test_per_site_overlap_when_new_york_has_moved_and_warsaw_has_not() -> None:
    # Buyer: 09:00-17:00 EDT = 13:00-21:00 UTC.
    # Warsaw still CET 07:00-15:00 UTC: 13-15 = 2 h x 5 -> 10 (was 5 in February).
    # Mexico City 14:00-23:00 UTC: 14-21 = 7 h x 5 -> 35 (was 40).
    # Kolkata late 14:30-23:30 UTC: 14:30-21:00 = 6.5 h x 5 -> 32.5.
    # Manila night 13:00-22:00 UTC still covers 13-21 -> 40.
    overlap = per_site_overlap_hours(BUYER, [WARSAW, MEXICO, KOLKATA_LATE, MANILA_NIGHT], MAR_WEEK)
    assert overlap == {
        "Kolkata late": 32.5,
        "Manila night": 40.0,
        "Mexico City": 35.0,
        "Warsaw": 10.0,
    }
    # After 29 March Warsaw is CEST, 06:00-14:00 UTC: 13-14 = 1 h x 5 -> 5 again.
    assert weekly_overlap_hours(BUYER, [WARSAW], APR_WEEK) == 5.0


def test_union_over_sites_counts_each_hour_once() -> None:
    # February: Warsaw covers 14:00-15:00 UTC, Kolkata late 14:30-22:00 UTC.
    # Union 14:00-22:00 = 8 h x 5 = 40, not 5 + 37.5 = 42.5.
    assert weekly_overlap_hours(BUYER, [WARSAW, KOLKATA_LATE], FEB_WEEK) == 40.0
    assert weekly_overlap_hours(BUYER, [MANILA_NIGHT, MEXICO, KOLKATA], FEB_WEEK) == 40.0
    assert weekly_overlap_hours(BUYER, [], FEB_WEEK) == 0.0


def test_site_shift_starting_on_the_previous_local_day_counts() -> None:
    # Buyer in Manila, Mon-Fri 09:00-17:00 (UTC+8) = 01:00-09:00 UTC on the same date.
    # A New York night shift Sun-Thu 20:00-05:00 EST = 01:00-10:00 UTC the next date, so the
    # Sunday 8 Feb shift (the day before the buyer's week) covers Monday: 8 h x 5 = 40.
    manila_buyer = CoverageWindow("Asia/Manila", WEEKDAYS_MON_FRI, time(9), time(17))
    ny_nights = DeliverySite(
        "New York nights",
        CoverageWindow("America/New_York", ("sun", "mon", "tue", "wed", "thu"), time(20), time(5)),
    )
    assert weekly_overlap_hours(manila_buyer, [ny_nights], FEB_WEEK) == 40.0


def test_full_week_window_in_dst_change_weeks_counts_real_hours() -> None:
    all_day = CoverageWindow("America/New_York", WEEKDAYS, time(0), time(0))
    always = DeliverySite("UTC 24/7", CoverageWindow("UTC", WEEKDAYS, time(0), time(0)))
    # Mon 2 Mar 00:00 EST to Mon 9 Mar 00:00 EDT: 7 x 24 - 1 (clocks forward 8 Mar) = 167 h.
    assert weekly_overlap_hours(all_day, [always], date(2026, 3, 2)) == 167.0
    # Mon 26 Oct to Mon 2 Nov 2026: clocks back on 1 Nov, 7 x 24 + 1 = 169 h.
    assert weekly_overlap_hours(all_day, [always], date(2026, 10, 26)) == 169.0


def test_night_shift_across_a_dst_night_is_shorter() -> None:
    # Warsaw Sat 28 Mar 22:00 CET (21:00 UTC) to Sun 29 Mar 06:00 CEST (04:00 UTC) = 7 h.
    buyer_utc = CoverageWindow("UTC", WEEKDAYS, time(0), time(0))
    saturday_night = DeliverySite(
        "Warsaw nights", CoverageWindow("Europe/Warsaw", ("sat",), time(22), time(6))
    )
    assert weekly_overlap_hours(buyer_utc, [saturday_night], date(2026, 3, 23)) == 7.0


def test_follow_the_sun_pair_covers_24_7_all_year() -> None:
    # Manila 08-20 (UTC+8) = 00:00-12:00 UTC; Mexico City 06-18 (UTC-6) = 12:00-24:00 UTC.
    # Neither zone has DST, so the pair covers every hour in any week.
    pair = [
        DeliverySite("Manila", CoverageWindow("Asia/Manila", WEEKDAYS, time(8), time(20))),
        DeliverySite("Mexico", CoverageWindow("America/Mexico_City", WEEKDAYS, time(6), time(18))),
    ]
    assert covers_24_7(pair, FEB_WEEK)
    assert covers_24_7(pair, APR_WEEK)


def test_three_sites_on_day_shifts_leave_a_gap() -> None:
    # Manila 09-18 = 01-10 UTC, Warsaw 08-16 CET = 07-15 UTC, Mexico 08-17 = 14-23 UTC.
    # Union 01:00-23:00 UTC: a 2 h gap each night, 23:00-01:00 UTC; over the week from
    # Mon 00:00 UTC that is 1 h (Mon 00-01) + 6 x 2 h + 1 h (Sun 23-24) = 14 h.
    sites = [
        DeliverySite("Manila", CoverageWindow("Asia/Manila", WEEKDAYS, time(9), time(18))),
        DeliverySite("Warsaw", CoverageWindow("Europe/Warsaw", WEEKDAYS, time(8), time(16))),
        DeliverySite("Mexico", CoverageWindow("America/Mexico_City", WEEKDAYS, time(8), time(17))),
    ]
    gaps = coverage_gaps(sites, FEB_WEEK)
    assert not covers_24_7(sites, FEB_WEEK)
    assert sum((end - start for start, end in gaps), timedelta()) == timedelta(hours=14)
    monday = datetime(2026, 2, 9, tzinfo=UTC)
    assert gaps[0] == (monday, monday + timedelta(hours=1))
    assert gaps[1] == (monday + timedelta(hours=23), monday + timedelta(hours=25))


def test_follow_the_sun_trio_breaks_when_warsaw_changes_clocks() -> None:
    # Manila 07-16 = 23:00(prev)-08:00 UTC; Mexico City 10-17 = 16:00-23:00 UTC.
    # Warsaw 09-17 is 08:00-16:00 UTC in CET (February): seamless, 24/7.
    # In CEST (April) it is 07:00-15:00 UTC: 15:00-16:00 UTC uncovered every day (7 gaps).
    trio = [
        DeliverySite("Manila", CoverageWindow("Asia/Manila", WEEKDAYS, time(7), time(16))),
        DeliverySite("Warsaw", CoverageWindow("Europe/Warsaw", WEEKDAYS, time(9), time(17))),
        DeliverySite(
            "Mexico City", CoverageWindow("America/Mexico_City", WEEKDAYS, time(10), time(17))
        ),
    ]
    assert covers_24_7(trio, FEB_WEEK)
    gaps = coverage_gaps(trio, APR_WEEK)
    assert len(gaps) == 7
    assert all((start.hour, end.hour) == (15, 16) for start, end in gaps)


def test_unknown_time_zone_raises_with_zone_name() -> None:
    with pytest.raises(ScoringError, match="Mars/Olympus_Mons") as caught:
        weekly_overlap_hours(
            CoverageWindow("Mars/Olympus_Mons", WEEKDAYS_MON_FRI, time(9), time(17)),
            [MEXICO],
            FEB_WEEK,
        )
    assert isinstance(caught.value, RFPError)
    with pytest.raises(ScoringError):
        CoverageWindow("", WEEKDAYS_MON_FRI, time(9), time(17))


def test_invalid_windows_and_duplicate_sites_raise() -> None:
    with pytest.raises(ScoringError, match="monday"):
        CoverageWindow("UTC", ("monday",), time(9), time(17))
    with pytest.raises(ScoringError, match="no days"):
        CoverageWindow("UTC", (), time(9), time(17))
    with pytest.raises(ScoringError, match="unique"):
        per_site_overlap_hours(BUYER, [WARSAW, WARSAW], FEB_WEEK)
