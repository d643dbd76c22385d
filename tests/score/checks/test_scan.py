"""Tests for rfp.score.checks.scan: a scan tried only where a match can start finds what
``finditer`` finds, and lowering a text finds every word ``re.IGNORECASE`` would."""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.score.checks import scan
from rfp.score.terms import LOWERING_MOVES

_WORDS = ("and", "soc", "type")
_SCAN = re.compile("|".join(_WORDS), re.IGNORECASE)
_PIECES = [
    "and", "AND", "And", "sand", "soc", "SOC", "ſoc", "type", "TYPE", "tYpe", "\u212aand",
    "ıand", "İand", "x", "_", "1", " ", "\n", "\u00a0", ".", ",", "-",
]  # fmt: skip


def test_matches_at_is_finditer_tried_at_the_given_starts() -> None:
    pattern = re.compile(r"\bab|b+")
    text = "ab abbb xbb"
    everywhere = [m.span() for m in pattern.finditer(text)]
    assert everywhere == [(0, 2), (3, 5), (5, 7), (9, 11)]
    # All positions (0 to 10) give the same; a position a match consumed is not tried again.
    assert [m.span() for m in scan.matches_at(pattern, text, range(len(text)))] == everywhere
    # The lookbehind of \b sees the character before the start: "b" at 1 follows "a".
    assert [m.span() for m in scan.matches_at(pattern, text, [1, 3, 9])] == [
        (1, 2),
        (3, 5),
        (9, 11),
    ]


def test_folded_positions_finds_words_inside_words_in_any_case() -> None:
    # "And" at 0, "AND" inside "sAND" at 5, "TYPE" at 9; no "soc".
    assert scan.folded_positions("And sAND TYPE", ("and", "soc", "type")) == [0, 5, 9]
    assert scan.folded_positions("\u212aand", ("kand",)) == [0]  # the Kelvin sign lowers to k
    assert scan.folded_positions("ſoc", ("soc",)) is None
    assert scan.folded_positions("İso", ("iso",)) is None


def test_the_characters_lowering_misses_are_all_known() -> None:
    """Every character ``re.IGNORECASE`` matches to an ASCII letter lowers to that letter at
    the same position, but for the three ``folded_positions`` refuses."""
    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = [
        chr(code)
        for code in range(128, sys.maxunicode + 1)
        if letter.fullmatch(chr(code)) and not re.fullmatch("[a-z]", chr(code).lower())
    ]
    assert odd == ["\u0130", "\u0131", "\u017f"]
    assert all(LOWERING_MOVES.fullmatch(char) for char in odd)


def test_str_isspace_is_the_patterns_whitespace() -> None:
    """The clause scan walks back over spaces with ``str.isspace``; ``\\s`` must agree."""
    space = re.compile(r"\s")
    assert [c for c in range(sys.maxunicode + 1) if chr(c).isspace()] == [
        c for c in range(sys.maxunicode + 1) if space.fullmatch(chr(c))
    ]


def _starts_everywhere(text: str) -> list[int]:
    """Every position where one of the words occurs, ignoring case as ``re`` does."""
    return [
        at for at in range(len(text)) if any(re.match(w, text[at:], re.IGNORECASE) for w in _WORDS)
    ]


@settings(max_examples=500, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_word_scans_miss_no_start(text: str) -> None:
    wanted = _starts_everywhere(text)
    folded = scan.folded_positions(text, _WORDS)
    if folded is not None:
        assert folded == wanted
    # The regex scan finds every start that follows a non-word character.
    at_word_start = [at for at in wanted if at == 0 or not re.match(r"\w", text[at - 1])]
    assert set(at_word_start) <= set(scan.word_starts(_SCAN, text))
