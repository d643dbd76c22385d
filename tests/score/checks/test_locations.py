"""Tests for rfp.score.checks.locations.

Each expected list is read from the sentence by hand: only a present-tense statement of where
the vendor delivers from counts.
"""

from __future__ import annotations

import pytest

from rfp.score.checks.locations import find_locations


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("We offer onshore and nearshore delivery only.", ["nearshore", "onshore"]),
        ("Our offshore centre in Manila runs 24/7.", ["offshore"]),
        ("All work is delivered from our near-shore site in Bogotá.", ["nearshore"]),
        (
            "Delivery model: offshore (Pune) with an on-shore team in Leeds.",
            ["offshore", "onshore"],
        ),
        ("We deliver onshore from Leeds but not offshore.", ["onshore"]),
    ],
)
def test_present_delivery_claims(text: str, found: list[str]) -> None:
    assert find_locations(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "We do not offshore or subcontract any part of the work.",
        "We have never offshored a seat.",
        "We plan to open a nearshore centre in Mexico in 2027.",
        "Our offshore site in Cebu closed in 2024.",
        "We previously delivered offshore from Cebu.",
        "Our price is well below onshore delivery.",
        "It costs about half of what a comparable onshore service costs.",
        "The vendor must deliver from onshore or nearshore sites.",
        "Acceptable locations: onshore, nearshore.",
        "Do you offer offshore delivery?",
        "Offshoring is common in the industry.",
    ],
)
def test_plans_negations_comparisons_and_requirements_are_not_claims(text: str) -> None:
    assert find_locations(text) == []
