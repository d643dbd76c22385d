"""Tests for rfp.score.ingest.hidden: one warning per file, saying how much and of which kind."""

from __future__ import annotations

import pytest

from rfp.score.ingest.hidden import OFF_PAGE, WHITE, HiddenText, contrast_with_white, too_pale


def test_nothing_hidden_is_no_warning() -> None:
    hidden = HiddenText()
    hidden.add(WHITE, " \n ")

    assert hidden.warning("annex.pdf") is None
    assert hidden.summary() == ""


def test_warning_names_the_file_the_count_and_the_kinds_in_a_fixed_order() -> None:
    hidden = HiddenText()
    hidden.add(OFF_PAGE, "Root causes: 200%.")
    hidden.add(WHITE, "Resolution, complaint, acknowledged: 100%.")
    hidden.count(WHITE, 1_000)

    assert hidden.warning("annex.pdf") == (
        "annex.pdf: 1,055 characters of hidden text (1,039 white or too pale, 16 off the page) were set "
        "aside, not scored; a reader of the file cannot see them"
    )


def test_one_character_is_singular() -> None:
    hidden = HiddenText()
    hidden.add(WHITE, "x")

    assert hidden.summary() == "1 character of hidden text (1 white or too pale) was"


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [
        # WebAIM's contrast checker, against white: the lightest greys that pass AA and AA large.
        ((0x76, 0x76, 0x76), 4.54),
        ((0x95, 0x95, 0x95), 3.00),
        ((0x00, 0x00, 0x00), 21.0),
        ((0xFF, 0xFF, 0xFF), 1.0),
    ],
)
def test_contrast_with_white_is_wcag_2s_ratio(colour: tuple[int, int, int], ratio: float) -> None:
    assert round(contrast_with_white(*colour), 2) == ratio


@pytest.mark.parametrize(
    ("colour", "pale"),
    [
        ((0xEE, 0xEE, 0xEE), True),  # 1.16: pale grey, the gap the fixed 240 threshold left
        ((0xD9, 0xD9, 0xD9), True),  # 1.42: Word's "Background 1, darker 15%"
        ((0xFF, 0xFF, 0x00), True),  # 1.07: yellow
        ((0xCC, 0xCC, 0xCC), False),  # 1.61: a watermark's grey is still seen
        ((0x99, 0x99, 0x99), False),  # 2.85: a footer's grey
        ((0xFF, 0xC0, 0x00), False),  # 1.95: Word's gold accent
    ],
)
def test_text_too_pale_to_read_is_under_contrast_one_and_a_half(
    colour: tuple[int, int, int], pale: bool
) -> None:
    assert too_pale(*colour) is pale
