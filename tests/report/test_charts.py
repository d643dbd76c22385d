"""The charts: SVG that keeps text as text, deterministic output, and alt text that states the data."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET

import pytest

from rfp.report.charts import PALETTE, Chart, radar, stacked_area_bars

SVG = "{http://www.w3.org/2000/svg}"
TITLES = {"security": "Security", "pricing": "Price", "language": "Language"}
EARNED = {
    "Alpha": {"security": 30.0, "pricing": 20.0, "language": 12.5},
    "Beta": {"security": 10.0, "pricing": 25.0, "language": 5.0},
    "Gamma": {"security": 2.0, "pricing": 1.0},
}
SHARES = {
    "Alpha": {"security": 0.75, "pricing": 0.5, "language": 0.9},
    "Beta": {"security": 0.25, "pricing": 0.625, "language": 0.4},
}


def texts(chart: Chart) -> list[str]:
    """Every text element of the SVG, in document order."""
    root = ET.fromstring(chart.svg.encode("utf-8"))
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def bar_segments(chart: Chart, colour: str) -> int:
    """Filled shapes of ``colour`` drawn inside the axes (legend keys are not clipped)."""
    root = ET.fromstring(chart.svg.encode("utf-8"))
    return sum(
        1
        for path in root.iter(f"{SVG}path")
        if path.get("clip-path") and f"fill: {colour}" in (path.get("style") or "")
    )


@pytest.fixture(scope="module")
def bars() -> Chart:
    return stacked_area_bars(EARNED, TITLES, ["Alpha", "Beta", "Gamma"], ["Gamma"])


def test_bars_draw_one_segment_per_vendor_and_area(bars: Chart) -> None:
    for index in range(len(TITLES)):
        assert bar_segments(bars, PALETTE[index]) == len(EARNED)
    assert bar_segments(bars, PALETTE[len(TITLES)]) == 0


def test_bars_keep_names_totals_and_legend_as_text(bars: Chart) -> None:
    words = texts(bars)
    assert [w for w in words if w in ("Alpha", "Beta", "Gamma (disqualified)")] == [
        "Alpha",
        "Beta",
        "Gamma (disqualified)",
    ]
    assert [w for w in words if re.fullmatch(r"\d+\.\d", w)] == ["62.5", "40.0", "3.0"]
    assert set(TITLES.values()) <= set(words)
    assert "Weighted score (points out of 100)" in words


def test_bars_alt_text_gives_the_totals_in_rank_order(bars: Chart) -> None:
    assert bars.alt == (
        "Stacked bar chart of each vendor's weighted score out of 100, split by evaluation "
        "area. Totals in rank order: Alpha 62.5, Beta 40.0, Gamma 3.0."
    )


def test_output_is_deterministic_and_undated(bars: Chart) -> None:
    again = stacked_area_bars(EARNED, TITLES, ["Alpha", "Beta", "Gamma"], ["Gamma"])
    assert again.svg == bars.svg
    assert "<dc:date>" not in bars.svg
    first, second = radar(SHARES, TITLES), radar(SHARES, TITLES)
    assert first.svg == second.svg and first.alt == second.alt


def test_data_uri_is_the_svg_base64_encoded(bars: Chart) -> None:
    prefix = "data:image/svg+xml;base64,"
    assert bars.data_uri.startswith(prefix)
    assert base64.b64decode(bars.data_uri.removeprefix(prefix)).decode("utf-8") == bars.svg


def test_radar_alt_names_each_vendors_strongest_and_weakest_area() -> None:
    chart = radar(SHARES, TITLES, {"security": 0.5, "pricing": 0.5, "language": 0.5})
    assert chart.alt == (
        "Radar chart of the share of each area's points earned by the shortlisted vendors. "
        "Alpha is strongest in Language (90%) and weakest in Price (50%); "
        "Beta is strongest in Price (62%) and weakest in Security (25%)."
    )
    words = texts(chart)
    assert {"Alpha", "Beta", "Field average", *TITLES.values()} <= set(words)
    assert {"25%", "50%", "75%", "100%"} <= set(words)


def test_radar_without_a_field_average_has_no_average_line() -> None:
    words = texts(radar(SHARES, TITLES))
    assert "Field average" not in words
    assert {"Alpha", "Beta"} <= set(words)
