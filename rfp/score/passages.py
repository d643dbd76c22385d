"""Cut a read proposal into passages: the units evidence is matched, cited and shown in.

A passage is a paragraph, or a window of whole sentences when a paragraph is too long to be
useful evidence, so that a reviewer can read it at a glance and a similarity score is not
diluted by unrelated text. Every passage keeps where it came from (file, page, the nearest
heading) and, where the vendor used the response template's headings, the question it answers.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from rfp.score.document import Document

MAX_WORDS: Final = 120
"""Longest passage made by splitting or merging; only a single longer sentence exceeds it."""

MIN_WORDS: Final = 60
"""Windows aim for at least this many words, so a split never leaves a stub behind."""

LONG_SENTENCE_WORDS: Final = 200
"""A sentence longer than this (a run-on list, a table flattened into prose) is cut anyway."""

TINY_WORDS: Final = 5
"""Fragments shorter than this ("Thank you") join a neighbour; without a letter ("3") they go."""


@dataclass(frozen=True, slots=True)
class Passage:
    """A piece of one vendor's proposal, located well enough for an evaluator to find it.

    `file` is the file's name relative to the vendor folder. `page` is None for formats without
    pages (Word, Markdown, HTML); `section` is then the way to find the passage. `question_id`
    is the response template's id (upper case) when the vendor answered under its heading.
    `index` orders passages within the vendor. Merged table rows and list items keep one line
    each in `text`, so a passage from a table still reads as one.
    """

    vendor: str
    file: str
    page: int | None
    section: str
    question_id: str | None
    text: str
    index: int


@dataclass(frozen=True)
class _Unit:
    """A paragraph, row or sentence window before tiny fragments are merged away."""

    text: str
    page: int | None
    section: str
    question_id: str | None
    group: int | None

    @functools.cached_property
    def words(self) -> int:
        """Counted once: merging asks each unit several times."""
        return len(self.text.split())


def split(
    document: Document, vendor: str, question_ids: Collection[str], *, start: int = 0
) -> list[Passage]:
    """Cut one document into passages, numbering them from `start`.

    A heading that begins with a known question id ("SEC-01 ...", "SEC-01: ...", "[SEC-01]")
    tags every passage under it until the next heading of the same or a higher level, or the
    next id. Where headings are not recognisable (plain text, many PDFs) a paragraph or table
    row that begins with an id tags itself and what follows, until the next heading or id.
    """
    matcher = _IdMatcher(question_ids)
    units = _units(document, matcher)
    units = _split_long(units)
    units = _merge_groups(units)
    units = _merge_tiny(units)
    return [
        Passage(
            vendor=vendor,
            file=document.name,
            page=unit.page,
            section=unit.section,
            question_id=unit.question_id,
            text=unit.text,
            index=start + offset,
        )
        for offset, unit in enumerate(units)
    ]


def split_all(
    documents: Iterable[Document], vendor: str, question_ids: Collection[str]
) -> list[Passage]:
    """Passages of all of one vendor's documents, indexed in one sequence across them."""
    passages: list[Passage] = []
    for document in documents:
        passages.extend(split(document, vendor, question_ids, start=len(passages)))
    return passages


def leading_question_id(text: str, question_ids: Collection[str]) -> str | None:
    """The known question id `text` starts with, upper-cased, or None.

    Vendors retype ids loosely, so "sec-01", "SEC 01", "SEC01", "SEC–1" and "[SEC-01]" all
    match SEC-01; an id-like prefix that is not a known id ("ISO 27001") does not.
    """
    return _IdMatcher(question_ids).leading(text)


# --------------------------------------------------------------------------------------------
# Question ids

_ID_PARTS: Final = re.compile(r"([A-Z]{1,8})[\s\-–—_.]*0*(\d{1,4})([A-Z]?)")
_LEADING_ID: Final = re.compile(
    r"^[\s\[(#*_]*(?:question\s+)?([A-Za-z]{1,8}\s?[-–—_.]?\s?\d{1,4}[A-Za-z]?)(?![A-Za-z0-9])",
    flags=re.IGNORECASE,
)


def _id_key(text: str) -> str:
    """A spelling-insensitive key: letters, the number without leading zeros, a suffix letter."""
    upper = text.strip().upper()
    match = _ID_PARTS.fullmatch(upper)
    if match is None:
        return upper
    letters, number, suffix = match.groups()
    return f"{letters}|{int(number)}|{suffix}"


class _IdMatcher:
    """Finds a known question id at the start of a text; built once per split."""

    def __init__(self, question_ids: Collection[str]) -> None:
        canonical = sorted({qid.strip().upper() for qid in question_ids if qid.strip()})
        self._by_key = {_id_key(qid): qid for qid in canonical}
        # Ids that are not letters-and-number ("1.2", "Q-A") are matched as literal prefixes.
        self._literal = sorted(
            (qid for qid in canonical if _ID_PARTS.fullmatch(qid) is None), key=len, reverse=True
        )

    def leading(self, text: str) -> str | None:
        if not self._by_key:
            return None
        match = _LEADING_ID.match(text)
        if match:
            found = self._by_key.get(_id_key(match.group(1)))
            if found is not None:
                return found
        if not self._literal:
            return None
        stripped = text.lstrip(" \t[(#*_").upper()
        for qid in self._literal:
            rest = stripped[len(qid) : len(qid) + 1]
            if stripped.startswith(qid) and not rest.isalnum():
                return qid
        return None


# --------------------------------------------------------------------------------------------
# Units: blocks with their section and question id


def _units(document: Document, matcher: _IdMatcher) -> list[_Unit]:
    """Walk the blocks in order, tracking the heading path and the question id in force."""
    headings: list[tuple[int, str]] = []
    question: str | None = None
    # The level of the heading that set `question`; None when a paragraph set it, in which
    # case any heading ends it.
    question_level: int | None = None
    units: list[_Unit] = []
    for page in document.pages:
        for block in page.blocks:
            found = matcher.leading(block.text)
            if block.is_heading:
                while headings and headings[-1][0] >= block.level:
                    headings.pop()
                headings.append((block.level, block.text))
                if found is not None:
                    question, question_level = found, block.level
                elif question_level is None or block.level <= question_level:
                    question, question_level = None, None
                continue
            if found is not None and found != question:
                question, question_level = found, None
            section = headings[-1][1] if headings else ""
            units.append(_Unit(block.text, page.number, section, question, block.group))
    return units


# --------------------------------------------------------------------------------------------
# Splitting long paragraphs into sentence windows

_ABBREVIATIONS: Final = frozenset(
    {
        "e.g.", "i.e.", "cf.", "vs.", "approx.", "incl.", "no.", "nos.", "fig.", "mr.", "mrs.",
        "ms.", "dr.", "prof.", "st.", "min.", "max.", "avg.", "dept.", "est.", "p.",
        "pp.", "ref.", "resp.", "sr.", "jr.", "co.",
    }
)  # fmt: skip
_BOUNDARY: Final = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9•])")


def sentences(text: str) -> list[str]:
    """Split prose into sentences, not at abbreviations ("e.g.") or initials ("J. Smith")."""
    result: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        head = text[start : match.end()].rstrip()
        token = head.rsplit(maxsplit=1)[-1].lower() if head else ""
        token = token.strip("\"'“”‘’()[]")
        if token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+", token):
            continue
        result.append(head.strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        result.append(tail)
    return result


def _windows(text: str) -> list[str]:
    """Whole-sentence windows of at most MAX_WORDS, as even in length as the sentences allow."""
    pieces: list[str] = []
    for sentence in sentences(text):
        words = sentence.split()
        if len(words) > LONG_SENTENCE_WORDS:
            parts = math.ceil(len(words) / MAX_WORDS)
            size = math.ceil(len(words) / parts)
            pieces.extend(" ".join(words[i : i + size]) for i in range(0, len(words), size))
        else:
            pieces.append(sentence)
    counts = [len(piece.split()) for piece in pieces]
    total = sum(counts)
    if total <= MAX_WORDS:
        return [" ".join(pieces)] if pieces else []
    target = total / math.ceil(total / MAX_WORDS)

    windows: list[list[int]] = []
    current: list[int] = []
    size = 0
    for index, count in enumerate(counts):
        if current and size + count > MAX_WORDS:
            windows.append(current)
            current, size = [], 0
        current.append(index)
        size += count
        if size >= target:
            windows.append(current)
            current, size = [], 0
    if current:
        windows.append(current)
    _rebalance_tail(windows, counts)
    return [" ".join(pieces[i] for i in window) for window in windows]


def _rebalance_tail(windows: list[list[int]], counts: Sequence[int]) -> None:
    """Move sentences from the second-last window into a short last one while that evens them."""
    while len(windows) >= 2:
        previous, last = windows[-2], windows[-1]
        before = sum(counts[i] for i in previous)
        after = sum(counts[i] for i in last)
        moved = counts[previous[-1]]
        if (
            len(previous) > 1
            and after < MIN_WORDS
            and after + moved <= MAX_WORDS
            and abs((before - moved) - (after + moved)) < abs(before - after)
        ):
            last.insert(0, previous.pop())
        else:
            return


def _split_long(units: list[_Unit]) -> list[_Unit]:
    result: list[_Unit] = []
    for unit in units:
        if unit.words <= MAX_WORDS:
            result.append(unit)
            continue
        for window in _windows(unit.text):
            result.append(_Unit(window, unit.page, unit.section, unit.question_id, unit.group))
    return result


# --------------------------------------------------------------------------------------------
# Merging rows, list items and tiny fragments


def _same_place(a: _Unit, b: _Unit) -> bool:
    return a.section == b.section and a.question_id == b.question_id


def _merge_groups(units: list[_Unit]) -> list[_Unit]:
    """Merge consecutive rows of one table (or items of one list) into passages of MAX_WORDS.

    A row alone ("Manila | 500 seats") is too short to match anything; rows are joined with
    line breaks so the passage still reads as a table. Rows answering different question ids
    are never merged.
    """
    result: list[_Unit] = []
    for unit in units:
        last = result[-1] if result else None
        if (
            last is not None
            and unit.group is not None
            and last.group == unit.group
            and _same_place(last, unit)
            and last.words + unit.words <= MAX_WORDS
        ):
            result[-1] = _Unit(
                f"{last.text}\n{unit.text}", last.page, last.section, last.question_id, last.group
            )
        else:
            result.append(unit)
    return result


def _merge_tiny(units: list[_Unit]) -> list[_Unit]:
    """Fold fragments under TINY_WORDS into a neighbour of the same section and question.

    Fragments without a letter (a page number) are dropped. A fragment with no such neighbour
    is kept: "Yes." can be the whole answer to a question.
    """
    result: list[_Unit] = []
    pending: list[_Unit] = []  # tiny fragments waiting for the next unit of their section
    for unit in units:
        if not any(char.isalpha() for char in unit.text):
            continue
        if unit.words < TINY_WORDS:
            last = result[-1] if result else None
            if last is not None and not pending and _fits(last, unit):
                result[-1] = _join(last, unit)
            else:
                pending.append(unit)
            continue
        merged = unit
        while pending and _fits(pending[-1], merged):
            merged = _join(pending.pop(), merged)
        result.extend(pending)
        pending = []
        result.append(merged)
    result.extend(pending)
    return _collapse_fragments(result)


def _collapse_fragments(units: list[_Unit]) -> list[_Unit]:
    """Join runs of leftover tiny fragments of one place, so a section of stubs is one passage."""
    result: list[_Unit] = []
    for unit in units:
        last = result[-1] if result else None
        if (
            last is not None
            and last.words < TINY_WORDS
            and unit.words < TINY_WORDS
            and _same_place(last, unit)
        ):
            result[-1] = _join(last, unit)
        else:
            result.append(unit)
    return result


def _fits(first: _Unit, second: _Unit) -> bool:
    return _same_place(first, second) and first.words + second.words <= MAX_WORDS


def _join(first: _Unit, second: _Unit) -> _Unit:
    """Join two units in reading order; the bigger one decides the page and group."""
    anchor = first if first.words >= second.words else second
    return _Unit(
        f"{first.text} {second.text}",
        anchor.page,
        first.section,
        first.question_id,
        anchor.group,
    )
