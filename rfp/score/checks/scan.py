"""Regex scans tried only where a match can start, with the matches ``finditer`` finds.

A pattern that opens with ``\\b`` and an alternation is tried at every position of a proposal:
Python's ``re`` cannot skip ahead to a first character it does not know. A cheap scan for where
a match can start (the literal words the alternation opens with, the characters a break is made
of), then ``match`` at each of those positions, finds the same matches in a fraction of the
time: ``match(text, pos)`` sees the text before ``pos`` for ``\\b`` and lookbehinds as
``finditer`` does, and a scan that skips no position where the pattern matches leaves
``finditer``'s leftmost, non-overlapping choice unchanged.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from rfp.score.terms import lowered


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))``, trying ``pattern`` only at ``starts``.

    ``starts`` must be sorted (repeats allowed) and hold every position at which ``pattern``
    matches ``text``; ``pattern`` must never match the empty string. Then, as ``finditer``
    does, each match is the leftmost one at or after the end of the one before.
    """
    found: list[re.Match[str]] = []
    end = 0
    for start in starts:
        if start >= end and (match := pattern.match(text, start)):
            found.append(match)
            end = match.end()
    return found


def folded_positions(text: str, words: Iterable[str]) -> list[int] | None:
    """Every position, sorted, where one of ``words`` (lower-case ASCII letters) occurs in
    ``text`` as ``re.IGNORECASE`` reads it, inside other words too; None when ``text`` holds a
    character for which lowering the text does not find that (then scan with the pattern).

    Lowered, every character that matches an ASCII letter under ``re.IGNORECASE`` is that
    letter, at the same position, so ``str.find`` on the lowered text finds each occurrence.
    """
    low = _lowered(text)
    if low is None:
        return None
    positions: list[int] = []
    for word in words:
        at = low.find(word)
        while at >= 0:
            positions.append(at)
            at = low.find(word, at + 1)
    return sorted(positions)


@functools.lru_cache(maxsize=4)
def _lowered(text: str) -> str | None:
    """``terms.lowered``, kept for the last few texts, as the clause and the certification
    scans lower the same proposal."""
    return lowered(text)


def may_hold(text: str, words: Iterable[str]) -> bool:
    """Whether ``text`` may match a case-insensitive pattern whose every match holds one of
    ``words`` (lower-case ASCII): False only when the lowered text holds none of them, which a
    few ``in`` tests tell faster than ``re`` scanning a clause for a long alternation."""
    low = lowered(text)
    return low is None or any(word in low for word in words)


def word_starts(words: re.Pattern[str], text: str) -> list[int]:
    """Where ``words``, an alternation of words made of word characters only (no ``\\b``),
    matches ``text``: every position at which one of the words starts after a non-word
    character or at the start of the text.

    ``finditer`` never consumes a position where such a word starts: a match it takes is made
    of word characters only, so a position inside it follows a word character.
    """
    return [match.start() for match in words.finditer(text)]
