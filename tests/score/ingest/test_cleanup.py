"""Tests for rfp.score.ingest.cleanup: the quick checks in front of its regular expressions
find what the expressions alone find."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.score.ingest import cleanup
from rfp.score.ingest.cleanup import LIGATURES, SPACES, TOC_LINE, clean, is_toc_line


def test_contents_entries_are_told_from_prose() -> None:
    assert is_toc_line("SEC-01 Information security ..... 3")
    assert is_toc_line("Introduction . . . . iv")
    assert is_toc_line("Annex B____ 12\n")  # $ matches before a final newline
    assert is_toc_line("Preface ....... \u0131")  # dotless i is an i to IGNORECASE
    assert not is_toc_line("Our SLA is 80/20. We met it. Every month. Since 2019.")
    assert not is_toc_line("SEC-01 Information security ..... 3\n\n")
    assert not is_toc_line("")


_TOC_PIECES = [
    ".", "·", "…", "_", " ", "\t", "\n", "3", "12", "٣", "i", "V", "x", "L", "c", "\u0131",
    "\u0130", "K", "a", "Word", "-", ":",
]  # fmt: skip


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_TOC_PIECES), max_size=30).map("".join))
def test_the_quick_contents_check_agrees_with_the_expression(text: str) -> None:
    assert is_toc_line(text) == (TOC_LINE.search(text) is not None)


def _reference_clean(text: str) -> str:
    """clean() before its quick paths: every step on every text."""
    text = unicodedata.normalize("NFC", text.translate(LIGATURES))
    return SPACES.sub(" ", cleanup._INVISIBLE.sub("", text)).strip()


@settings(max_examples=500, deadline=None, derandomize=True)
@given(
    st.text(alphabet=st.sampled_from("ﬁﬂﬀaé\u0301 \u00ad\u200b\u00a0\tA1.\x00\x07\x0b\x1c\x7f\n\r"))
)
def test_clean_gives_what_every_step_on_every_text_gives(text: str) -> None:
    assert clean(text) == _reference_clean(text)


def test_clean_collapses_ascii_spacing_and_drops_controls() -> None:
    assert clean("  Site  |  Seats ") == "Site | Seats"
    assert clean("a\x07b\tc\x1cd") == "ab cd"  # BEL and FS dropped; a tab is white space
    assert clean("e\u0301 \ufb01le") == "\u00e9 file"


def test_regex_white_space_is_what_split_and_strip_take_for_white_space() -> None:
    """The readers collapse spacing with " ".join(text.split()) in place of
    SPACES.sub(" ", text).strip(): the same only while the two agree on every character."""
    import sys

    differ = [
        code
        for code in range(sys.maxunicode + 1)
        if (SPACES.fullmatch(chr(code)) is not None) != chr(code).isspace()
    ]

    assert differ == []
    spaced = " a\u00a0\u2009b\x1c\n c\u3000"
    assert " ".join(spaced.split()) == SPACES.sub(" ", spaced).strip() == "a b c"


def test_alnum_pattern_is_str_isalnum_for_every_code_point() -> None:
    """ALNUM stands in for ``any(char.isalnum() ...)``: it must agree on every character,
    letters and digits of every script, the underscore ``\\w`` also matches, and surrogates."""
    disagree = [
        code
        for code in range(sys.maxunicode + 1)
        if (cleanup.ALNUM.search(chr(code)) is not None) != chr(code).isalnum()
    ]
    assert disagree == []
    assert cleanup.ALNUM.search("_ - * ·") is None  # rules and list markers have none
    assert cleanup.ALNUM.search("— ² —") is not None  # a superscript digit is alphanumeric


def test_a_block_without_letters_or_digits_is_dropped() -> None:
    builder = cleanup.BlockBuilder()
    builder.add("___ * ___")
    builder.add("- ٣ -")  # an Arabic-Indic digit counts
    assert [block.text for block in builder.blocks] == ["- ٣ -"]
