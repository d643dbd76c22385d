"""Tests for rfp.score.checks.price.

Expected figures are worked by hand (arithmetic in comments) or taken from a published example,
never read back from the code under test.
"""

from __future__ import annotations

import math

import pytest

from rfp.errors import ScoringError
from rfp.score.checks.price import (
    ChannelVolume,
    PriceQuote,
    TransactionVolume,
    annual_cost,
    price_points,
    productive_hours_problem,
    select_bands,
    workload_fte,
)

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


def test_only_the_band_holding_the_baseline_volume_prices_it() -> None:
    """Issue 12: per-transaction bands by volume. A vendor's tiny rate for a volume the buyer
    will never reach earns nothing; the band that holds 22,000 invoices a month applies."""
    quotes = [
        PriceQuote("per_transaction", 1.85, scope="ap", band=(0, 18_699)),
        PriceQuote("per_transaction", 1.75, scope="ap", band=(18_700, 25_300)),
        PriceQuote("per_transaction", 0.01, scope="ap", band=(1_000_000, None)),
        PriceQuote("per_transaction", 0.50, band=(0, None)),
        PriceQuote("per_fte_month", 3000, fte=3, scope="gl"),
    ]
    kept, lines = select_bands(quotes, {"ap": 22_000, "gl": 3_000})
    assert [q.rate for q in kept] == [1.75, 3000]
    assert lines == [
        "ap: band 0–18,699 a month at $1.85 does not apply",
        "ap: 22,000 a month is in the band 18,700–25,300: $1.75 applies",
        "ap: band 1,000,000 and up a month at $0.01 does not apply",
        "band 0 and up a month at $0.50: not used (a band needs one named volume)",
    ]


# --------------------------------------------------------------------------- productive hours


def test_per_productive_hour_bills_the_vendors_own_hours() -> None:
    # 10 FTE × 140 productive h × 12 = 16,800 h × $25 = 420,000 (at the default 112: 336,000).
    quote = PriceQuote("per_productive_hour", 25, fte=10, scope="voice", productive_hours=140)
    estimate = annual_cost([quote], CHANNELS[:1], [], 200)
    assert estimate.annual_cost == pytest.approx(420_000)
    assert estimate.lines[0] == (
        "voice: vendor-stated 10.0 FTE → 10.0 FTE × 140.0 productive h/FTE-month "
        "(vendor-stated) × 12 = 16,800.0 productive h × $25 = $420,000"
    )
    default = annual_cost([PriceQuote("per_productive_hour", 25, fte=10)], CHANNELS[:1], [], 200)
    assert default.annual_cost == pytest.approx(336_000)


def test_stated_productive_hours_never_shrink_the_fte_derived_from_the_workload() -> None:
    """Review of issue 11: a vendor stating 125 (or 176) productive hours had its workload FTE,
    and so its price, cut. Derived FTE works the buyer's model: chat 6,000 × 240 s = 400 h ÷ 112
    = 3.6 FTE × 3,000 × 12 = 129,600, whatever the vendor states."""
    quote = PriceQuote("per_fte_month", 3000, scope="chat", productive_hours=125)
    estimate = annual_cost([quote], CHANNELS[1:2], [], 200)
    assert estimate.annual_cost == pytest.approx(129_600)
    assert estimate.lines[0] == (
        "chat: 6,000 chats/month × 240 s AHT = 400.0 h ÷ 112.0 productive h/FTE "
        "→ 3.6 FTE (workload) → 3.6 FTE × $3,000 × 12 = $129,600"
    )


def test_erlang_c_staffs_on_the_buyers_model_whatever_hours_are_stated() -> None:
    # Voice needs 3 seats for 200 open hours: 3 × 200 ÷ 112 = 5.357 → 5.4 FTE at any stated hours.
    default = annual_cost([PriceQuote("per_fte_month", 3000)], CHANNELS[:1], [], 200)
    for hours in (80, 140, 176):
        stated = PriceQuote("per_fte_month", 3000, scope="voice", productive_hours=hours)
        assert annual_cost([stated], CHANNELS[:1], [], 200).annual_cost == default.annual_cost
    assert default.annual_cost == pytest.approx(5.4 * 3000 * 12)


def test_a_stated_fte_at_few_hours_is_floored_on_the_hours_it_bills() -> None:
    """6 FTE billing 80 h each are 6 × 80 ÷ 112 = 4.3 FTE of the model's hours, below the voice
    floor of 85% × 5.4 = 4.6 FTE: the 5.4 FTE the volumes need are priced at 112 h,
    5.4 × 112 × 12 = 7,257.6 h × $25 = $181,440 (billing 6 × 80 × 12 × $25 = $144,000 would
    have undercut every bid that staffs the work)."""
    quote = PriceQuote("per_productive_hour", 25, fte=6, scope="voice", productive_hours=80)
    estimate = annual_cost([quote], CHANNELS[:1], [], 200)
    assert estimate.annual_cost == pytest.approx(181_440)
    assert estimate.lines[0] == (
        "voice: vendor-stated 6.0 FTE at 80.0 productive h/FTE-month (vendor-stated) (4.3 FTE of "
        "the model's hours) is below the floor of 4.6 FTE for these volumes; 5.4 FTE priced → "
        "5.4 FTE × 160 h × (1 − 0.30) × 12 = 7,257.6 productive h × $25 = $181,440"
    )
    enough = PriceQuote("per_productive_hour", 25, fte=6, scope="voice", productive_hours=100)
    assert annual_cost([enough], CHANNELS[:1], [], 200).annual_cost == pytest.approx(180_000)


@pytest.mark.parametrize(
    ("hours", "used"),
    [(80, True), (112, True), (176, True), (79.5, False), (176.5, False), (400, False),
     (math.nan, False), (math.inf, False)],
)  # fmt: skip
def test_only_plausible_productive_hours_are_used(hours: float, used: bool) -> None:
    problem = productive_hours_problem(hours)
    assert (problem == "") is used
    if not used:
        assert problem.endswith("productive hours per FTE-month is outside the plausible 80-176")


def test_the_work_measured_for_an_abnormally_low_price_leaves_out_what_cannot_be_derived() -> None:
    """Review of issue 12: one transaction without handle minutes made the whole measure None,
    so not even a nominal price was caught. 22,000 invoices × 4 min = 1,466.7 h ÷ 112 = 13.1
    FTE; the journal entries with no minutes are left out."""
    transactions = [
        TransactionVolume("ap_invoices", 22_000, 4.0),
        TransactionVolume("journals", 5_000, None),
    ]
    assert workload_fte([], transactions, 200) == pytest.approx(13.1)
    assert workload_fte([], transactions[1:], 200) is None
