"""Text a reader of the document cannot see: set aside by the readers, never scored, and said.

Vendors write to the automatic score, and text in white, in a 1-point font, off the page or
marked hidden is read by a parser exactly like the text an evaluator sees. Each reader sets
such text aside as it reads and tallies it here by kind; the file then carries one warning
saying how much was set aside and why, so the evaluators see it rather than a silent guess.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

HIDDEN: Final = "marked hidden"
INVISIBLE: Final = "invisible"
WHITE: Final = "white"
TINY: Final = "too small to read"
OFF_PAGE: Final = "off the page"

_ORDER: Final = (HIDDEN, INVISIBLE, WHITE, TINY, OFF_PAGE)
_SPACE: Final = re.compile(r"\s+")

NEAR_WHITE: Final = 240
"""Each of red, green and blue at least this (of 255): text that light is not seen on paper."""

SMALLEST_POINTS: Final = 2.0
"""Text printed smaller than this many points cannot be read."""

FAINT: Final = 0.1
"""Opacity (alpha, 0 to 1) at or below which text is not seen."""


def near_white(red: int, green: int, blue: int) -> bool:
    return min(red, green, blue) >= NEAR_WHITE


class HiddenText:
    """Characters set aside by kind: white space is not counted, as it says nothing."""

    def __init__(self) -> None:
        self._chars: Counter[str] = Counter()

    def add(self, kind: str, text: str) -> None:
        self.count(kind, len(_SPACE.sub("", text)))

    def count(self, kind: str, characters: int) -> None:
        if characters > 0:
            self._chars[kind] += characters

    def characters(self, kind: str | None = None) -> int:
        """How many characters were set aside, of ``kind`` or of every kind."""
        return self._chars[kind] if kind else sum(self._chars.values())

    def summary(self) -> str:
        """How much was set aside, and of which kinds: "212 characters of hidden text (150
        white, 62 off the page) were"; "" when nothing was."""
        total = self.characters()
        if not total:
            return ""
        detail = ", ".join(f"{self._chars[kind]:,} {kind}" for kind in _ORDER if self._chars[kind])
        noun, verb = ("character", "was") if total == 1 else ("characters", "were")
        return f"{total:,} {noun} of hidden text ({detail}) {verb}"

    def warning(self, file: str) -> str | None:
        """The one warning for ``file``; None when nothing was set aside."""
        summary = self.summary()
        if not summary:
            return None
        return f"{file}: {summary} set aside, not scored; a reader of the file cannot see them"
