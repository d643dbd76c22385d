"""The buyer's own words in a proposal: found, measured and taken out before anything is scored.

Vendors read the RFP, the response template and the open criteria library, and a proposal that
restates them would otherwise match every criterion perfectly. Pure: buyer texts and passages
in, the vendor's own words out.

How echo is recognised. Every buyer text is cut into word 5-grams ("shingles") over lower-cased
words; a shingle made only of stop words ("in the event of the") is too common to tell anything
and is left out. A word of a proposal is echo when it sits inside a shingle the buyer wrote, so
a lightly edited copy is still caught everywhere but at the edits. Short buyer lines (a template
heading such as "SEC-01 Data protection", a placeholder) are matched whole, line for line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SHINGLE_WORDS = 5
ECHO_FLAG_SHARE = 0.4
"""A proposal whose words are at least this share echo is flagged as restating the RFP."""

_WORD = re.compile(r"[0-9a-z]+(?:['’][a-z]+)?")
_GAP = " … "


@dataclass(frozen=True)
class BuyerText:
    """The shingles and short lines of everything the buyer wrote, ready to look words up in."""

    shingles: frozenset[tuple[str, ...]]
    lines: frozenset[tuple[str, ...]]


@dataclass(frozen=True)
class OwnText:
    """A text with the buyer's words taken out.

    ``text`` keeps the vendor's own words in order, runs joined by " … " where buyer text was
    cut; ``words`` and ``echo_words`` count the words before the cut and those that were echo.
    """

    text: str
    words: int
    echo_words: int

    @property
    def echo_share(self) -> float:
        """The share of the words that were the buyer's, 0 for an empty text."""
        return self.echo_words / self.words if self.words else 0.0


def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def buyer_text(texts: Iterable[str]) -> BuyerText:
    """Index the buyer's texts: the RFP, the response template, the criteria library."""
    stop = _stop_words()
    shingles: set[tuple[str, ...]] = set()
    lines: set[tuple[str, ...]] = set()
    for text in texts:
        for line in text.lower().splitlines():
            words = tuple(_WORD.findall(line))
            if 0 < len(words) < SHINGLE_WORDS:
                lines.add(words)
        words = tuple(_WORD.findall(text.lower()))
        for start in range(len(words) - SHINGLE_WORDS + 1):
            shingle = words[start : start + SHINGLE_WORDS]
            if sum(word not in stop for word in shingle) >= 2:
                shingles.add(shingle)
    return BuyerText(frozenset(shingles), frozenset(lines))


def own_text(text: str, buyer: BuyerText) -> OwnText:
    """``text`` without the buyer's words, line by line."""
    kept: list[str] = []
    words = echo = 0
    for line in text.split("\n"):
        spans = [(m.start(), m.end()) for m in _WORD.finditer(line.lower())]
        echoed = _echoed(line.lower(), spans, buyer)
        words += len(spans)
        echo += sum(echoed)
        part = _keep(line, spans, echoed)
        if part:
            kept.append(part)
    return OwnText("\n".join(kept), words, echo)


def _echoed(lowered: str, spans: Sequence[tuple[int, int]], buyer: BuyerText) -> list[bool]:
    """For each word of one line, whether it belongs to text the buyer wrote."""
    words = tuple(lowered[start:end] for start, end in spans)
    if words and words in buyer.lines:
        return [True] * len(words)
    echoed = [False] * len(words)
    for start in range(len(words) - SHINGLE_WORDS + 1):
        if words[start : start + SHINGLE_WORDS] in buyer.shingles:
            echoed[start : start + SHINGLE_WORDS] = [True] * SHINGLE_WORDS
    return echoed


def _keep(line: str, spans: Sequence[tuple[int, int]], echoed: Sequence[bool]) -> str:
    """The line's own runs of words, with the text between their words, joined by a gap mark."""
    if not any(echoed):
        return line.strip()
    runs: list[str] = []
    start: int | None = None
    for index, (span, is_echo) in enumerate(zip(spans, echoed, strict=True)):
        if not is_echo and start is None:
            start = span[0]
        last = index == len(spans) - 1 or echoed[index + 1]
        if start is not None and not is_echo and last:
            # Keep what follows the run's last word (its full stop, say) up to the next word.
            end = spans[index + 1][0] if index + 1 < len(spans) else len(line)
            runs.append(line[start:end].strip())
            start = None
    return _GAP.join(run for run in runs if run)


def proposal_echo_share(texts: Iterable[OwnText]) -> float:
    """The share of a whole proposal's words that are the buyer's."""
    items = list(texts)
    words = sum(item.words for item in items)
    return sum(item.echo_words for item in items) / words if words else 0.0
