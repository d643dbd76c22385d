"""Tests for rfp.score.ingest.css: colours read as a browser reads them."""

from __future__ import annotations

import pytest

from rfp.score.ingest.css import parse_colour


@pytest.mark.parametrize(
    ("value", "rgba"),
    [
        ("#1f3864", (31, 56, 100, 1.0)),  # read whole, not as "#1f38"
        ("#1F3864", (31, 56, 100, 1.0)),  # as written in a background, not lower-cased
        ("#fff", (255, 255, 255, 1.0)),
        ("#ffff0080", (255, 255, 0, 128 / 255)),
        ("yellow", (255, 255, 0, 1.0)),  # CSS's names beyond the white ones
        ("lightgrey", (211, 211, 211, 1.0)),
        ("rgb(238, 238, 238)", (238, 238, 238, 1.0)),
        ("1px solid #eeeeee", (238, 238, 238, 1.0)),
    ],
)
def test_colours_are_read_as_a_browser_reads_them(
    value: str, rgba: tuple[int, int, int, float]
) -> None:
    assert parse_colour(value) == rgba


@pytest.mark.parametrize("value", ["#12345", "inherit", "currentcolor", ""])
def test_what_is_not_a_colour_is_none(value: str) -> None:
    assert parse_colour(value) is None


def test_an_unclosed_angle_bracket_is_text_and_tags_are_kept() -> None:
    from rfp.score.ingest.stylesheet import defuse_unclosed

    assert defuse_unclosed("ASA < 20 s <p>Answer.</p>") == "ASA &lt; 20 s <p>Answer.</p>"
    assert defuse_unclosed("<style <style>p{}</style") == "&lt;style <style>p{}&lt;/style"
