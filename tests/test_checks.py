"""Tests for rfp.score.checks. Expected figures are worked by hand (arithmetic in comments) or
taken from a published example, never read back from the code under test."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from rfp.errors import RFPError, ScoringError
from rfp.score.checks import (
    WEEKDAYS,
    ChannelVolume,
    CoverageWindow,
    DeliverySite,
    PriceQuote,
    TransactionVolume,
    agents_for_service_level,
    annual_cost,
    check_certifications,
    check_languages,
    coverage_gaps,
    covers_24_7,
    erlang_c,
    find_certifications,
    find_languages,
    fte_required,
    held_certifications,
    normalise_certification,
    normalise_language,
    per_site_overlap_hours,
    price_points,
    service_level,
    weekly_overlap_hours,
)

WEEKDAYS_MON_FRI = ("mon", "tue", "wed", "thu", "fri")


def statuses(text: str) -> dict[str, str]:
    return {finding.name: finding.status for finding in find_certifications(text)}


# ----------------------------------------------------------------------------- certifications


@pytest.mark.parametrize(
    "text",
    [
        "We hold a SOC 2 Type II report.",
        "Our SOC 2 Type 2 report covers all sites.",
        "Our SOC2 Type II report covers all sites.",
        "An independent SOC 2® Type II examination is performed annually.",
        "A Type II SOC 2 report is available under NDA.",
        "Our SOC 2 (Type II) report is attached.",
    ],
)
def test_soc2_type_ii_variants(text: str) -> None:
    findings = find_certifications(text)
    assert [(f.name, f.status) for f in findings] == [("SOC 2 Type II", "held")]


@pytest.mark.parametrize(
    "text",
    ["We completed a SOC 2 Type 1 audit.", "Our SOC 2 Type I report is attached."],
)
def test_soc2_type_i_is_not_type_ii(text: str) -> None:
    assert [f.name for f in find_certifications(text)] == ["SOC 2 Type I"]


def test_soc2_both_types_in_one_phrase_and_untyped_mention() -> None:
    assert statuses("We have SOC 2 Type I and II reports.") == {
        "SOC 2 Type I": "held",
        "SOC 2 Type II": "held",
    }
    assert statuses("We are audited against SOC 2 every year.") == {"SOC 2": "held"}


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("We are ISO 27001 certified.", ""),
        ("Certified to ISO/IEC 27001:2022 since March.", "2022"),
        ("Our ISO27001 certificate is attached.", ""),
    ],
)
def test_iso27001_variants(text: str, detail: str) -> None:
    findings = find_certifications(text)
    assert [(f.name, f.detail, f.status) for f in findings] == [("ISO/IEC 27001", detail, "held")]


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("All sites are PCI-DSS compliant.", ""),
        ("We attest to PCI DSS v4.0 annually.", "v4.0"),
        ("We are a PCI DSS Level 1 Service Provider.", "Level 1 Service Provider"),
        ("We are a PCI DSS v4.0 Level 1 Service Provider.", "v4.0, Level 1 Service Provider"),
    ],
)
def test_pci_dss_variants(text: str, detail: str) -> None:
    findings = find_certifications(text)
    assert [(f.name, f.detail) for f in findings] == [("PCI DSS", detail)]


def test_other_certifications_and_their_details() -> None:
    text = (
        "HIPAA with a signed BAA; GDPR with standard contractual clauses; "
        "COPC CX Standard Release 7.0; ISO 9001:2015; ISO 18295-1:2017; "
        "HITRUST r2; ISO/IEC 27701; SOC 1 Type II."
    )
    found = {f.name: f.detail for f in find_certifications(text)}
    assert found == {
        "COPC": "Release 7.0",
        "GDPR": "",
        "HIPAA": "",
        "HITRUST": "r2",
        "ISO 18295": "Part 1, 2017",
        "ISO 9001": "2015",
        "ISO/IEC 27701": "",
        "SOC 1 Type II": "",
    }


@pytest.mark.parametrize(
    ("text", "name", "status"),
    [
        ("We are not PCI DSS certified.", "PCI DSS", "not_held"),
        ("We do not currently hold SOC 2.", "SOC 2", "not_held"),
        ("We don't have HIPAA attestation.", "HIPAA", "not_held"),
        ("We are not pursuing HITRUST.", "HITRUST", "not_held"),
        ("We are working towards ISO 27001.", "ISO/IEC 27001", "planned"),
        ("ISO 27001 certification is in progress.", "ISO/IEC 27001", "planned"),
        ("Our SOC 2 Type II audit is expected by Q3 2026.", "SOC 2 Type II", "planned"),
        ("We are not yet PCI DSS certified.", "PCI DSS", "planned"),
        ("Our ISMS is aligned with ISO 27001.", "ISO/IEC 27001", "not_held"),
        ("Controls are ISO 27001-aligned.", "ISO/IEC 27001", "not_held"),
        ("Our business continuity plan is audited under SOC 2.", "SOC 2", "held"),
        # A negation far earlier in the sentence is about something else.
        (
            "No card data is ever written to call recordings, and our PCI DSS "
            "attestation covers every site.",
            "PCI DSS",
            "held",
        ),
        # A surveillance audit is scheduled for a certificate already held.
        ("Our ISO 27001 surveillance audit is scheduled for Q3.", "ISO/IEC 27001", "held"),
    ],
)
def test_negated_and_planned_mentions_are_not_held(text: str, name: str, status: str) -> None:
    (finding,) = find_certifications(text)
    assert (finding.name, finding.status, finding.held) == (name, status, status == "held")


def test_status_is_judged_per_clause_and_per_list_item() -> None:
    assert statuses("We hold ISO 27001 and are working towards SOC 2 Type II.") == {
        "ISO/IEC 27001": "held",
        "SOC 2 Type II": "planned",
    }
    assert statuses("Certifications: ISO 27001, PCI DSS (in progress), HIPAA.") == {
        "HIPAA": "held",
        "ISO/IEC 27001": "held",
        "PCI DSS": "planned",
    }
    assert statuses("We hold neither ISO 27001 nor SOC 2.") == {
        "ISO/IEC 27001": "not_held",
        "SOC 2": "not_held",
    }


def test_findings_merge_mentions_sorted_with_quote() -> None:
    filler = "Our delivery centres follow documented controls. " * 5
    text = (
        f"{filler}We are ISO 27001 certified. {filler}"
        "Our ISO/IEC 27001:2022 certificate is in the appendix. "
        "Our Warsaw site is working towards PCI DSS v4.0."
    )
    findings = find_certifications(text)
    assert [(f.name, f.status) for f in findings] == [
        ("ISO/IEC 27001", "held"),
        ("PCI DSS", "planned"),
    ]
    iso = findings[0]
    # First mention gives the quote, the later one the detail.
    assert iso.detail == "2022"
    assert "We are ISO 27001 certified." in iso.quote
    assert iso.quote.startswith("…")
    assert 150 <= len(iso.quote) <= 210
    assert held_certifications(findings) == ["ISO/IEC 27001"]


def test_no_certifications_in_unrelated_text() -> None:
    assert find_certifications("ISO 2700 pallets; SOC 25 lockers; Type II diabetes care.") == []


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("SOC2 Type 2", "SOC 2 Type II"),
        ("soc 2 type i", "SOC 2 Type I"),
        ("SOC 2", "SOC 2"),
        ("ISO27001", "ISO/IEC 27001"),
        ("iso/iec 27001:2013", "ISO/IEC 27001"),
        ("PCI", "PCI DSS"),
        ("PCI-DSS v4", "PCI DSS"),
        ("hipaa", "HIPAA"),
        ("General Data Protection Regulation", "GDPR"),
        ("ISO 18295", "ISO 18295"),
        ("SOC 1 Type II", "SOC 1 Type II"),
        ("HITRUST CSF", "HITRUST"),
    ],
)
def test_normalise_certification(name: str, canonical: str) -> None:
    assert normalise_certification(name) == canonical


@pytest.mark.parametrize("name", ["FedRAMP", "", "ISO 27001 / SOC 2"])
def test_normalise_certification_unknown_or_ambiguous(name: str) -> None:
    assert normalise_certification(name) is None


def test_soc2_type_ii_satisfies_type_i_but_not_reverse() -> None:
    upward = check_certifications(["SOC 2 Type 1"], ["SOC2 Type II"])
    assert upward.passed
    assert upward.missing == []
    downward = check_certifications(["SOC 2 Type II"], ["SOC 2 Type I"])
    assert not downward.passed
    assert downward.missing == ["SOC 2 Type II"]


@pytest.mark.parametrize("held", ["SOC 2 Type I", "SOC 2 Type II", "SOC 2"])
def test_untyped_soc2_requirement_met_by_either_type(held: str) -> None:
    assert check_certifications(["SOC 2"], [held]).passed


def test_untyped_soc2_does_not_meet_a_typed_requirement() -> None:
    assert check_certifications(["SOC 2 Type I"], ["SOC 2"]).missing == ["SOC 2 Type I"]


def test_check_certifications_canonical_sorted_and_unknown_names_kept() -> None:
    check = check_certifications(
        ["PCI-DSS", "ISO 27001", "HIPAA", "FedRAMP Moderate"],
        ["ISO/IEC 27001:2022", "fedramp moderate", "GDPR"],
    )
    assert check.required == ["FedRAMP Moderate", "HIPAA", "ISO/IEC 27001", "PCI DSS"]
    assert check.held == ["GDPR", "ISO/IEC 27001", "fedramp moderate"]
    assert check.missing == ["HIPAA", "PCI DSS"]
    assert not check.passed


def test_certifications_from_text_to_check() -> None:
    text = (
        "We hold ISO/IEC 27001:2022 and a SOC 2 Type II report. "
        "We are not PCI DSS certified; our PCI DSS v4.0 assessment is planned for 2027."
    )
    held = held_certifications(find_certifications(text))
    assert held == ["ISO/IEC 27001", "SOC 2 Type II"]
    check = check_certifications(["ISO 27001", "SOC 2 Type I", "PCI DSS"], held)
    assert check.missing == ["PCI DSS"]


# ---------------------------------------------------------------------------------- languages


def test_check_languages_codes_and_names() -> None:
    check = check_languages(["EN", "Spanish", "pt-BR"], ["en", "es", "fr"])
    assert check.required == ["en", "es", "pt"]
    assert check.offered == ["en", "es", "fr"]
    assert check.missing == ["pt"]
    assert not check.passed
    assert check_languages(["en", "es"], ["English", "Spanish (native)"]).passed


def test_check_languages_unknown_required_raises_unknown_offered_ignored() -> None:
    with pytest.raises(ScoringError, match="Klingon"):
        check_languages(["Klingon"], ["en"])
    with pytest.raises(ScoringError, match="xx"):
        check_languages(["xx"], ["en"])
    check = check_languages(["en"], ["English", "Klingon"])
    assert check.offered == ["en"]
    assert check.passed


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("de", "de"),
        ("zh_Hant", "zh"),
        ("Mandarin", "zh"),
        ("Filipino", "tl"),
        ("Bahasa Indonesia", "id"),
        ("Farsi", "fa"),
        ("French language", "fr"),
        ("Elvish", None),
        ("qq", None),
    ],
)
def test_normalise_language(value: str, code: str | None) -> None:
    assert normalise_language(value) == code


def test_find_languages() -> None:
    assert find_languages("We staff bilingual English and Spanish agents.") == ["en", "es"]
    text = "Mandarin and Cantonese desks in Manila; Bahasa  Indonesia support from Jakarta."
    assert find_languages(text) == ["id", "zh"]
    # Lower-case "polish" is the verb, not the language.
    assert find_languages("Agents polish scripts daily in English.") == ["en"]
    assert find_languages("No language names here.") == []


# --------------------------------------------------------------------------------- time zones

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


# ------------------------------------------------------------------------------------ Erlang C


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


# --------------------------------------------------------------------------------------- price

CHANNELS = [
    ChannelVolume("voice", 4000, 180),
    ChannelVolume("chat", 6000, 240),
    ChannelVolume("email", 2240, 300),
]
INVOICES = [TransactionVolume("invoices", 10000, handle_minutes=3)]


def test_per_fte_month_derives_fte_per_channel() -> None:
    # Productive hours per FTE = 160 × (1 − 0.30) = 112.
    # voice: 5.357 FTE by Erlang C (test_fte_required_by_hand) → 5.4 × 3,000 × 12 = 194,400
    # chat: 6,000 × 240 s = 400 h ÷ 112 = 3.571 → 3.6 → 3.6 × 3,000 × 12 = 129,600
    # email: 2,240 × 300 s = 186.7 h ÷ 112 = 1.667 → 1.7 → 1.7 × 3,000 × 12 = 61,200
    # invoices: 10,000 × 3 min = 500 h ÷ 112 = 4.464 → 4.5 → 4.5 × 3,000 × 12 = 162,000
    # total 547,200; FTE 5.4 + 3.6 + 1.7 + 4.5 = 15.2
    estimate = annual_cost([PriceQuote("per_fte_month", 3000)], CHANNELS, INVOICES, 200)
    assert estimate.annual_cost == pytest.approx(547_200)
    assert estimate.fte == pytest.approx(15.2)
    assert estimate.model == "per_fte_month"
    assert estimate.unpriced == []
    assert any("5.4 FTE by Erlang C (80/20" in line for line in estimate.lines)
    assert any(line.endswith("5.4 FTE × $3,000 × 12 = $194,400") for line in estimate.lines)
    assert estimate.lines[-1] == "total: $547,200 per year (per_fte_month)"


def test_per_fte_month_with_vendor_stated_fte() -> None:
    # 12 FTE × 3,100 × 12 = 446,400, whatever the volumes.
    quote = PriceQuote("per_fte_month", 3100, fte=12)
    estimate = annual_cost([quote], CHANNELS[:1], [], 200)
    assert estimate.annual_cost == pytest.approx(446_400)
    assert estimate.fte == 12


def test_per_productive_hour() -> None:
    # voice 5.4 FTE × 160 h × 0.7 × 12 = 7,257.6 productive h × $25 = 181,440.
    quote = PriceQuote("per_productive_hour", 25, scope="voice")
    estimate = annual_cost([quote], CHANNELS, INVOICES, 200)
    assert estimate.annual_cost == pytest.approx(181_440)
    assert estimate.unpriced == ["chat", "email", "invoices"]


def test_per_minute_covers_channels_only() -> None:
    # voice 4,000 × 3 min = 12,000; chat 6,000 × 4 = 24,000; email 2,240 × 5 = 11,200
    # → 47,200 min/month × 12 × $0.90 = 509,760. Invoices have no handle time: unpriced.
    estimate = annual_cost([PriceQuote("per_minute", 0.9)], CHANNELS, INVOICES, 200)
    assert estimate.annual_cost == pytest.approx(509_760)
    assert estimate.fte == 0
    assert estimate.unpriced == ["invoices"]


def test_mixed_quotes_sum_per_scope() -> None:
    # invoices 10,000 × 12 × $1.50 = 180,000; voice 4,000 × 3 min × 12 × $0.80 = 115,200;
    # chat + email (catch-all) 1.25 × (6,000 + 2,240) × 12 = 123,600. Total 418,800.
    quotes = [
        PriceQuote("per_transaction", 1.5, scope="invoices"),
        PriceQuote("per_minute", 0.8, scope="Voice"),
        PriceQuote("per_transaction", 1.25),
    ]
    estimate = annual_cost(quotes, CHANNELS, INVOICES, 200)
    assert estimate.annual_cost == pytest.approx(418_800)
    assert estimate.model == "mixed"
    assert estimate.unpriced == []
    assert "invoices: 10,000 invoices/month × 12 × $1.50 = $180,000" in estimate.lines


def test_transactions_need_handle_minutes_for_derived_fte() -> None:
    bare = [TransactionVolume("invoices", 10000)]
    with pytest.raises(ScoringError, match="handle minutes"):
        annual_cost([PriceQuote("per_fte_month", 3000)], [], bare, 200)
    # 10,000 × 6 min = 1,000 h ÷ 112 = 8.93 → 8.9 FTE × 2,500 × 12 = 267,000.
    estimate = annual_cost(
        [PriceQuote("per_fte_month", 2500)], [], bare, 200, minutes_per_transaction=6
    )
    assert estimate.annual_cost == pytest.approx(267_000)


@pytest.mark.parametrize(
    ("quotes", "message"),
    [
        ([PriceQuote("per_fte_month", 3000, scope="sms")], "sms"),
        ([PriceQuote("per_minute", 0.5, scope="invoices")], "per_minute"),
        (
            [
                PriceQuote("per_fte_month", 3000, scope="voice"),
                PriceQuote("per_minute", 1, scope="voice"),
            ],
            "more than one",
        ),
        ([PriceQuote("per_minute", 1, "USD"), PriceQuote("per_minute", 1, "EUR")], "currencies"),
        ([], "no price quotes"),
    ],
)
def test_annual_cost_rejects_bad_quotes(quotes: list[PriceQuote], message: str) -> None:
    with pytest.raises(ScoringError, match=message):
        annual_cost(quotes, CHANNELS, INVOICES, 200)


def test_invalid_volumes_and_models_raise() -> None:
    with pytest.raises(ScoringError, match="per_seat"):
        PriceQuote("per_seat", 10)
    with pytest.raises(ScoringError, match="negative"):
        ChannelVolume("voice", -1, 180)
    with pytest.raises(ScoringError, match="negative"):
        TransactionVolume("invoices", -5)


def test_price_points() -> None:
    # 100k / 100k × 35 = 35; 100k / 125k × 35 = 28; 100k / 150k × 35 = 23.333 → 23.33.
    costs = {"Cebu CX": 150_000.0, "Acme BPO": 100_000.0, "Bravo": 125_000.0}
    points = price_points(costs, 35)
    assert points == {"Acme BPO": 35.0, "Bravo": 28.0, "Cebu CX": 23.33}
    assert list(points) == ["Acme BPO", "Bravo", "Cebu CX"]
    assert price_points({}, 35) == {}


@pytest.mark.parametrize("cost", [0.0, -10.0, math.inf])
def test_price_points_rejects_non_positive_cost(cost: float) -> None:
    with pytest.raises(ScoringError, match="Zed"):
        price_points({"Acme": 100.0, "Zed": cost}, 35)
