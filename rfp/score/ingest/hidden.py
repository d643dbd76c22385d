"""Text a reader of the document cannot see: set aside by the readers, never scored, and said.

Vendors write to the automatic score, and text in white, in a 1-point font, off the page or
marked hidden is read by a parser exactly like the text an evaluator sees. Each reader sets
such text aside as it reads and tallies it here by kind; the file then carries one warning
saying how much was set aside and why, so the evaluators see it rather than a silent guess.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Final

HIDDEN: Final = "marked hidden"
INVISIBLE: Final = "invisible"
WHITE: Final = "white or too pale"
TINY: Final = "too small to read"
OFF_PAGE: Final = "off the page"
COVERED: Final = "covered by a shape"
CLIPPED: Final = "clipped out of sight"

_ORDER: Final = (HIDDEN, INVISIBLE, WHITE, TINY, OFF_PAGE, COVERED, CLIPPED)
_SPACE: Final = re.compile(r"\s+")

MIN_CONTRAST: Final = 1.5
"""Text whose contrast with a white page (WCAG 2's ratio of relative luminances, from 1 for
white to 21 for black) is under this is not read on paper or screen: pale grey from about
#d4d4d4 (#eeeeee is 1.16), yellow (#ffff00 is 1.07), pale cyan. WCAG asks 4.5 of body text and
3 of large text; a footer in #999999 (2.85) or a watermark in #cccccc (1.61) is still read."""

SMALLEST_POINTS: Final = 2.0
"""Text printed smaller than this many points cannot be read."""

FAINT: Final = 0.1
"""Opacity (alpha, 0 to 1) at or below which text is not seen."""


def too_pale(red: int, green: int, blue: int) -> bool:
    """Whether text of this colour (0-255 channels) fades into a white page: contrast with
    white under MIN_CONTRAST. A pale backdrop is one too: white text on it is not seen."""
    return contrast_with_white(red, green, blue) < MIN_CONTRAST


@functools.lru_cache(maxsize=1024)
def contrast_with_white(red: int, green: int, blue: int) -> float:
    """WCAG 2's contrast ratio of this colour with white, from 1 (white) to 21 (black);
    remembered, since a PDF asks it of every text object in a handful of colours."""
    luminance = 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)
    return (1.0 + 0.05) / (luminance + 0.05)


def _linear(channel: int) -> float:
    """An sRGB channel (0-255) as linear light, as WCAG 2 defines relative luminance."""
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


class HiddenText:
    """Characters set aside by kind: white space is not counted, as it says nothing."""

    def __init__(self) -> None:
        self._chars: Counter[str] = Counter()
        self.unchecked: list[str] = []
        """What could hide text and was not checked, so its text was read: style rules rfp
        does not match (see `stylesheet`), a PDF page too costly to check."""

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

    def unchecked_warning(self, file: str) -> str | None:
        """The warning for what may hide text that rfp read; None when there is nothing."""
        if not self.unchecked:
            return None
        shown = "; ".join(dict.fromkeys(self.unchecked))
        return (
            f"{file}: may hide text where rfp cannot check ({shown}); that text was read and "
            "scored: check what a reader of the file sees"
        )
