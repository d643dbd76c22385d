"""Tests for rfp.score.checks.claims: the clause breaks found by scanning only where one can
start are those the break pattern finds scanning the whole text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.score.checks import claims, scan

_PIECES = [
    "and", "AND", " and ", ", and we", ",  \n and our", "\u212aand", "ſand", "ıand", "İand",
    "sand", "we", "plan", "but", "However", "whereas", "while", "although", "though", "except",
    "x", "_", "1", " ", "  ", "\n", "\r", "\t", "\u00a0", "\u2003", ".", "!", "?", ";", ",", "•",
]  # fmt: skip


def _breaks_everywhere(text: str) -> list[tuple[int, int]]:
    return [match.span() for match in claims._CLAUSE_BREAK.finditer(text)]


def test_clause_breaks_of_a_sentence() -> None:
    text = "We hold ISO 27001, and we plan SOC 2. However; PCI"
    # ", and " before "we" at 17-23; the space after the full stop at 37; "However" at 38-45;
    # ";" at 45
    clauses = claims.Clauses(text)
    assert list(zip(clauses._starts, clauses._ends, strict=True)) == _breaks_everywhere(text)
    assert list(zip(clauses._starts, clauses._ends, strict=True)) == [
        (17, 23), (37, 38), (38, 45), (45, 46)
    ]  # fmt: skip


@settings(max_examples=1000, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_clause_breaks_are_the_patterns_matches(text: str) -> None:
    clauses = claims.Clauses(text)
    assert list(zip(clauses._starts, clauses._ends, strict=True)) == _breaks_everywhere(text)


_WORD_LISTS = [
    (claims.PLANNED, claims._PLANNED_WORDS),
    (claims._LAPSED, claims._LAPSED_WORDS),
    (claims._OBLIGATION, claims._OBLIGATION_WORDS),
    (claims._GENERIC_VENDOR, claims._GENERIC_VENDOR_WORDS),
    (claims._REQUIREMENT_WORD, claims._REQUIREMENT_WORDS),
]


@pytest.mark.parametrize(("pattern", "words"), _WORD_LISTS)
@settings(max_examples=300, derandomize=True, deadline=None)
@given(data=st.data())
def test_every_match_holds_one_of_the_words_tried_first(
    pattern: re.Pattern[str], words: tuple[str, ...], data: st.DataObject
) -> None:
    """Texts drawn from the pattern itself, in mixed case: a match the word test would skip
    fails here, so a cue added to a pattern needs its word added too."""
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text)
    assert scan.may_hold(text, words)


def test_the_words_tried_first_skip_clauses_without_cues() -> None:
    assert not claims._found(claims.PLANNED, "We hold PCI DSS Level 1", claims._PLANNED_WORDS)
    assert claims._found(claims.PLANNED, "We are Working  towards it", claims._PLANNED_WORDS)
    assert claims._found(claims._LAPSED, "it LAPſED", claims._LAPSED_WORDS)  # long s: no skip
    assert claims.restates_requirement("The vendor must hold", "")
    assert not claims.restates_requirement("We hold", "")


@settings(max_examples=500, derandomize=True, deadline=None)
@given(
    st.lists(
        st.sampled_from(["?", "x", " ", "\n", "\u2003", ".", "Do you hold SOC 2"]), max_size=10
    ).map("".join)
)
def test_is_question_reads_the_last_character_before_the_clause_end(text: str) -> None:
    clauses = claims.Clauses(text)
    for at in range(len(text)):
        end = clauses.around((at, at))[1]
        assert clauses.is_question((at, at)) == text[:end].rstrip().endswith("?")
