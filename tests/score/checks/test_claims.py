"""Tests for rfp.score.checks.claims: the clause breaks found by scanning only where one can
start are those the break pattern finds scanning the whole text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.score.checks import claims

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
