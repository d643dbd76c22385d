"""Tests for rfp.score.ingest.hidden: one warning per file, saying how much and of which kind."""

from __future__ import annotations

from rfp.score.ingest.hidden import OFF_PAGE, WHITE, HiddenText


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
        "annex.pdf: 1,055 characters of hidden text (1,039 white, 16 off the page) were set "
        "aside, not scored; a reader of the file cannot see them"
    )


def test_one_character_is_singular() -> None:
    hidden = HiddenText()
    hidden.add(WHITE, "x")

    assert hidden.summary() == "1 character of hidden text (1 white) was"
