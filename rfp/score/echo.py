"""The buyer's own words in a proposal: found, measured and taken out before anything is scored.

Vendors read the RFP, the response template and the open criteria library, and a proposal that
restates them would otherwise match every criterion perfectly. Pure: buyer texts and passages
in, the vendor's own words out.

How echo is recognised. Every buyer text is cut into word 5-grams ("shingles") over lower-cased
words; a shingle made only of stop words ("in the event of the") is too common to tell anything
and is left out. A word of a proposal is echo when it sits inside a shingle the buyer wrote, so
a lightly edited copy is still caught everywhere but at the edits; a sentence mostly made of
such words is the buyer's and goes whole. Short buyer lines (a template heading such as
"SEC-01 Data protection", a placeholder) are matched whole, line for line.

The words are also read as the matcher reads them (``terms.matched_stems``: no stop words, no
single letters, stemmed), leaving out every word the buyer never wrote, in runs of STEM_SHINGLE with
at most one word of the buyer's slipped in: a copy with "also", "x", an "'s" or a made-up word
after every few words breaks every 5-word shingle but matches as well as the copy itself, and
its words between the first and the last stem of such a run are echo too. A figure (a number
with its unit, ``terms.UNIT``) is kept in the runs, so a figure of the vendor's breaks one; a
bare number is left out, as the matcher leaves it out.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from rfp.score.terms import matched_spans, matched_stems, stop_words
from rfp.score.terms import stems as stems_of

SHINGLE_WORDS = 5
ECHO_FLAG_SHARE = 0.4
"""A proposal whose words are at least this share echo is flagged as restating the RFP."""

STEM_SHINGLE = 8
"""Stems in a row of the buyer's text, as the matcher reads them, that a proposal repeats in
order before they count as the buyer's. Eight: a vendor committing to the buyer's own target
("80% of calls answered within 20 seconds on voice") repeats six or seven and keeps its
sentence (tests/score/test_matching.py, the calibration); a restated question repeats all."""

SENTENCE_ECHO_SHARE = 0.6
"""A sentence at least this share the buyer's words is the buyer's sentence, and goes whole."""

_WORD = re.compile(r"[0-9a-z]+(?:['’][a-z]+)?")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;])\s+")


@dataclass(frozen=True)
class BuyerText:
    """The shingles and short lines of everything the buyer wrote, ready to look words up in."""

    shingles: frozenset[tuple[str, ...]]
    lines: frozenset[tuple[str, ...]]
    stem_shingles: frozenset[tuple[str, ...]] = frozenset()
    stems: frozenset[str] = frozenset()
    stem_pairs: frozenset[tuple[str, str]] = frozenset()
    vocabularies: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Each question's own vocabulary, by question id: the stems of what the buyer wrote
    about it, which ``templated`` reads the answer under its heading against."""


@dataclass(frozen=True)
class OwnText:
    """A text with the buyer's sentences taken out.

    ``text`` keeps the vendor's own sentences in order; ``words`` and ``echo_words`` count every
    word before the cut and those inside the buyer's shingles.
    """

    text: str
    words: int
    echo_words: int

    @property
    def echo_share(self) -> float:
        """The share of the words that were the buyer's, 0 for an empty text."""
        return self.echo_words / self.words if self.words else 0.0


def buyer_text(
    texts: Iterable[str], questions: Mapping[str, Iterable[str]] | None = None
) -> BuyerText:
    """Index the buyer's texts: the RFP, the response template, the criteria library; and
    ``questions``, each question's own texts by its id, as its vocabulary."""
    stop = stop_words()
    shingles: set[tuple[str, ...]] = set()
    lines: set[tuple[str, ...]] = set()
    stem_shingles: set[tuple[str, ...]] = set()
    vocabulary: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for text in texts:
        text_lowered = lower_in_place(text)
        for line in text_lowered.splitlines():
            words = tuple(_WORD.findall(line))
            if 0 < len(words) < SHINGLE_WORDS:
                lines.add(words)
        words = tuple(_WORD.findall(text_lowered))
        for start in range(len(words) - SHINGLE_WORDS + 1):
            shingle = words[start : start + SHINGLE_WORDS]
            if sum(word not in stop for word in shingle) >= 2:
                shingles.add(shingle)
        stems = matched_stems(text_lowered)
        vocabulary.update(stems)
        pairs.update(itertools.pairwise(stems))
        stem_shingles.update(
            tuple(stems[start : start + STEM_SHINGLE])
            for start in range(len(stems) - STEM_SHINGLE + 1)
        )
    return BuyerText(
        frozenset(shingles),
        frozenset(lines),
        frozenset(stem_shingles),
        frozenset(vocabulary),
        frozenset(pairs),
        _vocabularies(questions or {}),
    )


def _vocabularies(questions: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """Each question's own stems."""
    return {
        question: frozenset(stem for text in texts for stem in stems_of(text))
        for question, texts in questions.items()
    }


def lower_in_place(text: str) -> str:
    """``text`` in lower case, one character for one: a word's place in it is its place in
    ``text``. ``str.lower`` makes "İ" (U+0130, the one such character) two, "i" and a
    combining dot, so each one moved every later word a place to the right of its sentence: a
    line padded with them kept the buyer's sentences it restated."""
    return text.replace("\u0130", "I").lower()


def own_text(text: str, buyer: BuyerText) -> OwnText:
    """``text`` without the sentences that are the buyer's, line by line.

    A sentence goes when at least SENTENCE_ECHO_SHARE of its words sit in the buyer's shingles
    (or its whole line is a short buyer line); otherwise it stays whole. A vendor's own
    sentence that uses a standard phrase the library also uses ("a SOC 2 Type II report
    covering security and availability, issued by Schellman") is the vendor's claim; a
    restated question, even lightly edited, is not.
    """
    kept: list[str] = []
    words = echo = 0
    for line in text.split("\n"):
        line_lowered = lower_in_place(line)
        found = _WORD.findall(line_lowered)
        echoed = _with_stem_echo(line_lowered, _echoed(found, buyer), buyer)
        words += len(found)
        if echoed is None:
            # No sentence goes: each is stripped and joined by one space, which is the line
            # with each break between sentences made one space (quicker, and the same text).
            part = _SENTENCE_BREAK.sub(" ", line.strip())
        else:
            echo += sum(echoed)
            starts = [match.start() for match in _WORD.finditer(line_lowered)]
            part = " ".join(
                line[start:end].strip()
                for start, end in _sentences(line)
                if not _mostly_echo(starts, echoed, start, end)
            ).strip()
        if part:
            kept.append(part)
    return OwnText("\n".join(kept), words, echo)


def _sentences(line: str) -> list[tuple[int, int]]:
    """Where each sentence of one line starts and ends."""
    bounds = [0, *(m.end() for m in _SENTENCE_BREAK.finditer(line)), len(line)]
    return [(a, b) for a, b in itertools.pairwise(bounds) if line[a:b].strip()]


def _mostly_echo(starts: Sequence[int], echoed: Sequence[bool], start: int, end: int) -> bool:
    """Whether the words starting in [start, end) are mostly the buyer's. ``starts`` is where
    each word of the line starts, in order, so those words are one slice of ``echoed``."""
    inside = echoed[bisect_left(starts, start) : bisect_left(starts, end)]
    return bool(inside) and sum(inside) >= SENTENCE_ECHO_SHARE * len(inside)


def _shingles(words: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """Each run of SHINGLE_WORDS words, in order."""
    return zip(*(words[start:] for start in range(SHINGLE_WORDS)), strict=False)


def _echoed(words: Sequence[str], buyer: BuyerText) -> list[bool] | None:
    """For each of one line's words, whether it belongs to text the buyer wrote; None when
    none does (most lines)."""
    if words and tuple(words) in buyer.lines:
        return [True] * len(words)
    if buyer.shingles.isdisjoint(_shingles(words)):
        return None
    hits = [start for start, shingle in enumerate(_shingles(words)) if shingle in buyer.shingles]
    echoed = [False] * len(words)
    for start in hits:
        echoed[start : start + SHINGLE_WORDS] = [True] * SHINGLE_WORDS
    return echoed


def _with_stem_echo(
    line_lowered: str, echoed: list[bool] | None, buyer: BuyerText
) -> list[bool] | None:
    """``echoed`` (one line's words that are the buyer's, or None) with the words of the
    buyer's stem runs (``_stem_echo_spans``) added: every word from a run's first stem to its
    last, what was slipped in among them included."""
    spans = _stem_echo_spans(line_lowered, buyer)
    if not spans:
        return echoed
    starts = [match.start() for match in _WORD.finditer(line_lowered)]
    marked = echoed if echoed is not None else [False] * len(starts)
    for start, end in spans:
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        marked[first:last] = [True] * (last - first)
    return marked


def _stem_echo_spans(line_lowered: str, buyer: BuyerText) -> list[tuple[int, int]]:
    """Where a line repeats STEM_SHINGLE of the buyer's stems in order, with words the buyer
    never wrote left out and at most one of the buyer's own slipped in: the span from the
    first to the last, in the line. Figures are never left out: a figure of the vendor's own
    breaks the run, as it makes the sentence the vendor's."""
    stems = matched_stems(line_lowered)
    kept = [i for i, stem in enumerate(stems) if stem in buyer.stems or stem[0].isdigit()]
    size = STEM_SHINGLE
    if len(kept) < size:
        return []  # most lines: too few of the buyer's words to hold a run of them
    run = [stems[i] for i in kept]
    # A run of the buyer's stems, one slipped in or none, has at least size - 2 of the
    # buyer's own pairs among its size pairs: counted once, they rule out most windows.
    paired = list(
        itertools.accumulate(map(buyer.stem_pairs.__contains__, itertools.pairwise(run)), initial=0)
    )
    runs: list[tuple[int, int]] = []  # first and last word, in ``stems``
    for start in range(len(run) - size + 1):
        if paired[min(start + size, len(paired) - 1)] - paired[start] < size - 2:
            continue
        window = run[start : start + size + 1]
        if tuple(window[:size]) in buyer.stem_shingles:
            runs.append((kept[start], kept[start + size - 1]))
        if len(window) > size and any(
            tuple(window[:skip] + window[skip + 1 :]) in buyer.stem_shingles
            for skip in range(1, size)
        ):
            runs.append((kept[start], kept[start + size]))
    if not runs:
        return []
    spans = matched_spans(line_lowered)  # worked out only for a line holding a run
    return [(spans[first][0], spans[last][1]) for first, last in runs]
