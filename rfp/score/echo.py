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

from rfp.score.sentence_bags import BAG_STEMS, SentenceBags, sentence_bags
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
    bags: SentenceBags = field(default_factory=SentenceBags)
    """The buyer's sentences as bags of stems, for restatements in any order."""


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
    lowered_texts: list[str] = []
    for text in texts:
        text_lowered = lower_in_place(text)
        lowered_texts.append(text_lowered)
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
        sentence_bags(lowered_texts),
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
    restated question, even lightly edited, is not. What is left is then read as bags of
    stems (``sentence_bags``): a sentence, or a run of short lines, that restates one of the
    buyer's sentences in any order goes too.
    """
    lines: list[_Line] = []
    words = echo = 0
    for line in text.split("\n"):
        line_lowered = lower_in_place(line)
        found = _WORD.findall(line_lowered)
        stems = matched_stems(line_lowered)
        echoed = _with_stem_echo(line_lowered, stems, _echoed(found, buyer), buyer)
        words += len(found)
        whole = _sentences(line)
        if echoed is None:
            kept = whole
        else:
            echo += sum(echoed)
            starts = [match.start() for match in _WORD.finditer(line_lowered)]
            kept = [(a, b) for a, b in whole if not _mostly_echo(starts, echoed, a, b)]
        lines.append(_Line.of(line, line_lowered, stems, kept, every=len(kept) == len(whole)))
    echo += _drop_restated(lines, buyer.bags)
    kept_lines = (" ".join(part for part in line.sentences if part) for line in lines)
    return OwnText("\n".join(part for part in kept_lines if part), words, echo)


@dataclass
class _Line:
    """One line's kept sentences (text and bounds), the whole line's stems, and whether every
    sentence of the line is kept; each sentence's stems are cut from the line's when asked."""

    sentences: list[str]
    bounds: list[tuple[int, int]]
    stems: list[str]
    lowered: str
    every: bool
    _per_sentence: list[list[str]] | None = None

    @classmethod
    def of(
        cls,
        line: str,
        line_lowered: str,
        stems: list[str],
        kept: list[tuple[int, int]],
        *,
        every: bool,
    ) -> _Line:
        """The line's ``kept`` sentences, given by their bounds."""
        return cls([line[a:b].strip() for a, b in kept], kept, stems, line_lowered, every)

    def sentence_stems(self) -> list[list[str]]:
        """Each kept sentence's stems: the line's own when it is one sentence, kept."""
        if self._per_sentence is None:
            if len(self.bounds) == 1 and self.every:
                self._per_sentence = [self.stems]
            else:
                starts = [start for start, _ in matched_spans(self.lowered)]
                self._per_sentence = [
                    self.stems[bisect_left(starts, a) : bisect_left(starts, b)]
                    for a, b in self.bounds
                ]
        return self._per_sentence

    def drop(self, number: int | None = None) -> int:
        """Drop one sentence (``number``) or all of them; the words dropped."""
        numbers = range(len(self.sentences)) if number is None else [number]
        dropped = sum(len(_WORD.findall(self.sentences[n].lower())) for n in numbers)
        per = self.sentence_stems()
        for n in numbers:
            self.sentences[n], per[n] = "", []
        return dropped


RUN_STEMS = 120
"""Stems of short lines read together, at most, to find a restated sentence cut into bullets:
no bag can be half of more (the library's longest sentence has under 60)."""


def _drop_restated(lines: list[_Line], bags: SentenceBags) -> int:
    """Drop from ``lines`` each sentence, each line of several sentences and each run of short
    one-sentence lines that restates a sentence of the buyer's in any order
    (``SentenceBags.restates``); the number of words dropped.

    A line near none of the buyer's sentences (``SentenceBags.near``) holds no sentence that
    restates one, since its sentences' stems are among its own: most lines go no further."""
    if not bags.bags:
        return 0
    dropped = 0
    for line in lines:
        if not line.sentences or not bags.near(line.stems):
            continue
        if len(line.sentences) > 1 and line.every and bags.restates(line.stems) is not None:
            dropped += line.drop()
            continue
        for number, stems in enumerate(line.sentence_stems()):
            if line.sentences[number] and bags.restates(stems) is not None:
                dropped += line.drop(number)
    start = 0
    while start < len(lines):
        end = _restated_run(lines, start, bags)
        for line in lines[start:end]:
            dropped += line.drop()
        start = max(end, start + 1)
    return dropped


def _short(line: _Line) -> bool:
    """A line of one kept sentence too short to be read as a bag alone (a bullet)."""
    return (
        len(line.sentences) == 1
        and bool(line.sentences[0])
        and len(set(line.sentence_stems()[0])) < BAG_STEMS
    )


def _gone(line: _Line) -> bool:
    """A line the buyer's runs already took whole: a run of short lines reads across it."""
    return not any(line.sentences)


def _restated_run(lines: Sequence[_Line], start: int, bags: SentenceBags) -> int:
    """Where a run of short lines from ``start`` that restates one of the buyer's sentences
    ends (exclusive), with the short lines after it mostly made of that sentence's stems; or
    ``start`` when there is none. Lines already taken are read across."""
    if not _short(lines[start]):
        return start
    stems: set[str] = set()
    end = start
    read = 0
    while end < len(lines) and len(stems) < RUN_STEMS:
        line = lines[end]
        if not _gone(line) and not _short(line):
            break
        end += 1
        if _gone(line):
            continue
        stems.update(line.sentence_stems()[0])
        read += 1
        bag = bags.restates(stems) if read > 1 else None
        if bag is not None:
            while end < len(lines) and (
                _gone(lines[end]) or (_short(lines[end]) and _mostly_in(lines[end], bag))
            ):
                end += 1
            return end
    return start


def _mostly_in(line: _Line, bag: frozenset[str]) -> bool:
    """Whether at least half of ``line``'s stems are ``bag``'s."""
    stems = set(line.sentence_stems()[0])
    return len(stems & bag) * 2 >= len(stems)


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
    line_lowered: str, stems: list[str], echoed: list[bool] | None, buyer: BuyerText
) -> list[bool] | None:
    """``echoed`` (one line's words that are the buyer's, or None) with the words of the
    buyer's stem runs (``_stem_echo_spans``) added: every word from a run's first stem to its
    last, what was slipped in among them included."""
    spans = _stem_echo_spans(line_lowered, stems, buyer)
    if not spans:
        return echoed
    starts = [match.start() for match in _WORD.finditer(line_lowered)]
    marked = echoed if echoed is not None else [False] * len(starts)
    for start, end in spans:
        first, last = bisect_left(starts, start), bisect_left(starts, end)
        marked[first:last] = [True] * (last - first)
    return marked


def _stem_echo_spans(
    line_lowered: str, stems: list[str], buyer: BuyerText
) -> list[tuple[int, int]]:
    """Where a line repeats STEM_SHINGLE of the buyer's stems in order, with words the buyer
    never wrote left out and at most one of the buyer's own slipped in: the span from the
    first to the last, in the line. Figures are never left out: a figure of the vendor's own
    breaks the run, as it makes the sentence the vendor's. ``stems`` are the line's
    (``terms.matched_stems``)."""
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
