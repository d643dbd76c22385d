"""Find passages two vendors share almost verbatim: a shared template, a subcontractor bidding
twice, or collusion. Evaluators see the pair and both passages; the pipeline sets a shared
passage aside for both vendors, since the automatic score cannot tell who wrote it.

Pure: passages in, shared pairs out; no I/O.

Each passage becomes the set of its word 5-gram shingles over lower-cased word tokens. Stop words
are kept, so a light edit breaks only the shingles it touches and a near-copy still shares most
of them. Overlap is containment, |A ∩ B| / min(|A|, |B|), so a passage pasted inside a longer one
scores 1.0 although the longer one has more shingles of its own.

Comparing every pair would not scale to a large tender (1,000 vendors x 300 passages is 4.5e10
pairs). Instead each shingle is hashed, passages are grouped by shingle (an inverted index built
by one sort, or one per partition of the hashes in a large tender, so memory stays bounded), and
only passages that share a shingle are counted as candidates. A shingle in more than
``BOILERPLATE_PASSAGES`` passages is boilerplate ("we will provide the"): it is not counted as
shared, though it still counts in |A| and |B|. Inputs are put in one canonical order first, so
the result does not depend on the order passages arrive in.
"""

from __future__ import annotations

import array
import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

import numpy as np
from numpy.typing import NDArray

from rfp.errors import RFPError
from rfp.score.passages import Passage

SHINGLE_WORDS: Final = 5
"""Words per shingle: long enough that two writers rarely share one by chance."""

BOILERPLATE_PASSAGES: Final = 50
"""A shingle found in more passages than this is common phrasing, not copying; it is not counted."""

MIN_WORDS: Final = 30
"""Passages shorter than this are not compared: a short sentence is shared by chance."""

COPY_FLAG: Final = "shares passages almost verbatim with"

_BLOCK = 1 << 20
"""Words hashed at a time, in whole vendors: a million keeps the arithmetic in the cache."""
_SMALL_VOCABULARY: Final = 1 << 16
"""Words a vendor's numbering may use and still be held in two bytes a word (a 30-page proposal
of the bench corpus uses about 1,850 distinct words among 10,700): the main process holds every
vendor's numbering until copies are found."""
_PARTITION = 1 << 24
"""Shingles sorted at a time, about: 16 million (128 MB) holds every shingle of about 1,500
proposals of 30 pages; a larger tender is counted in partitions of the hashes."""
_WORD: Final = re.compile(r"\w+")
_MIX_1: Final = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2: Final = np.uint64(0x94D049BB133111EB)
_STEP: Final = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class SharedPassage:
    """Two vendors' passages that share most of their wording.

    `vendor_a` sorts before `vendor_b` (case-insensitively). `overlap` is the share of the
    shorter passage's shingles that the other passage also has, in 0..1.
    """

    vendor_a: str
    vendor_b: str
    passage_a: Passage
    passage_b: Passage
    overlap: float


@dataclass(frozen=True)
class VendorWords:
    """One vendor's passages numbered word by word for copy detection, computed where the
    vendor is read (`vendor_words`), so the tender's process need not hold every passage: each
    word is numbered in the order the vendor first uses it, which needs no other vendor, and
    `copy_pairs` merges the vendors' numberings into the tender's in one pass, with the numbers
    numbering the whole tender at once would give."""

    count: int  # the vendor's passages, once each, in canonical order (`in_canonical_order`)
    min_words: int
    kept: NDArray[np.int64]  # the places of those long enough to compare
    lengths: NDArray[np.int64]  # their word counts
    numbers: NDArray[np.uint16] | NDArray[np.int32]  # their words' numbers, end to end
    words: str  # the word of each number, one a line (a word holds no line break)


@dataclass(frozen=True)
class CopyPair:
    """Two vendors' passages that share most of their wording, by their places in each
    vendor's passages in canonical order; `vendor_a` sorts before `vendor_b`."""

    vendor_a: str
    place_a: int
    vendor_b: str
    place_b: int
    overlap: float


def in_canonical_order(passages: Sequence[Passage]) -> list[Passage]:
    """The passages once each, by vendor (case-insensitively) and then by place in the
    proposal: the order copies are found and reported in, whatever order they came in."""
    return sorted(set(passages), key=_order)


def vendor_words(passages: Sequence[Passage], min_words: int = MIN_WORDS) -> VendorWords:
    """One vendor's ``passages`` numbered as `copy_pairs` needs them."""
    ordered = in_canonical_order(passages)
    kept, lengths, numbers, words = _word_numbers(ordered, max(min_words, SHINGLE_WORDS))
    compact: NDArray[np.uint16] | NDArray[np.int32] = (
        numbers.astype(np.uint16) if len(words) <= _SMALL_VOCABULARY else numbers.astype(np.int32)
    )
    return VendorWords(
        len(ordered),
        min_words,
        np.array(kept, dtype=np.int64),
        np.array(lengths, dtype=np.int64),
        compact,
        "\n".join(words),
    )


def same_words(a: VendorWords, b: VendorWords) -> bool:
    """Whether two numberings are of the same passages' words."""
    return (
        (a.count, a.min_words, a.words) == (b.count, b.min_words, b.words)
        and np.array_equal(a.kept, b.kept)
        and np.array_equal(a.lengths, b.lengths)
        and np.array_equal(a.numbers, b.numbers)
    )


def find_copies(
    passages: Sequence[Passage], *, min_words: int = MIN_WORDS, threshold: float = 0.7
) -> list[SharedPassage]:
    """Pairs of passages from different vendors whose overlap is at least `threshold`.

    Passages under `min_words` words are ignored: a short sentence ("We comply with GDPR.")
    is shared by chance. Sorted by vendor pair, then by the passages' places in the proposals.
    """
    _check_settings(min_words, threshold)
    by_vendor: dict[str, list[Passage]] = {}
    for passage in passages:
        by_vendor.setdefault(passage.vendor, []).append(passage)
    numbered = {vendor: vendor_words(own, min_words) for vendor, own in by_vendor.items()}
    return shared_passages(copy_pairs(numbered, threshold=threshold), by_vendor)


def shared_passages(
    pairs: Sequence[CopyPair], passages_of: Mapping[str, Sequence[Passage]]
) -> list[SharedPassage]:
    """The pairs with their passages, found by place among each vendor's passages
    (``passages_of``, in any order) put in canonical order, as `vendor_words` numbered them."""
    vendors = {pair.vendor_a for pair in pairs} | {pair.vendor_b for pair in pairs}
    ordered = {vendor: in_canonical_order(passages_of[vendor]) for vendor in vendors}
    return [
        SharedPassage(
            pair.vendor_a,
            pair.vendor_b,
            ordered[pair.vendor_a][pair.place_a],
            ordered[pair.vendor_b][pair.place_b],
            pair.overlap,
        )
        for pair in pairs
    ]


def copy_pairs(numbered: Mapping[str, VendorWords], *, threshold: float = 0.7) -> list[CopyPair]:
    """`find_copies` on the vendors' numbered passages: the pairs, by place, in the same order.

    Every vendor's passages must have been numbered with the same ``min_words``.
    """
    vendors = sorted(numbered, key=lambda vendor: (vendor.casefold(), vendor))
    parts = _InOrder(numbered, vendors)
    merged = _merged(parts)  # one pass over the parts, which may be read from disk each time
    settings = merged.min_words
    if len(settings) > 1:
        raise RFPError(f"the vendors' passages were numbered with different min_words {settings}")
    _check_settings(settings.pop() if settings else MIN_WORDS, threshold)
    kept, lengths, tender = merged.kept, merged.lengths, merged.tender
    if len(kept) < 2:
        return []
    ends = np.cumsum(merged.counts)
    vendor_ids = np.searchsorted(ends, kept, side="right").astype(np.int64)
    starts = ends - merged.counts
    sizes, (first, second, shared) = _counted(parts, tender, len(lengths), vendor_ids, merged.words)
    overlap = shared / np.minimum(sizes[first], sizes[second])
    chosen = np.flatnonzero(overlap >= threshold)
    # Stable sort by vendor pair; candidates are already in passage order within one pair.
    chosen = chosen[np.lexsort((vendor_ids[second[chosen]], vendor_ids[first[chosen]]))]
    pairs = []
    for k in chosen.tolist():
        a, b = int(vendor_ids[first[k]]), int(vendor_ids[second[k]])
        place_a, place_b = int(kept[first[k]] - starts[a]), int(kept[second[k]] - starts[b])
        pairs.append(CopyPair(vendors[a], place_a, vendors[b], place_b, float(overlap[k])))
    return pairs


def _check_settings(min_words: int, threshold: float) -> None:
    if min_words < 1:
        raise RFPError(f"min_words must be at least 1, not {min_words}")
    if not 0 < threshold <= 1:
        raise RFPError(f"threshold must be above 0 and at most 1, not {threshold}")


def vendor_pairs(copies: Sequence[SharedPassage]) -> dict[tuple[str, str], list[SharedPassage]]:
    """The shared passages grouped by vendor pair, for a report that lists each pair once."""
    pairs: dict[tuple[str, str], list[SharedPassage]] = {}
    for copy in copies:
        pairs.setdefault((copy.vendor_a, copy.vendor_b), []).append(copy)
    return pairs


# --------------------------------------------------------------------------------------------


class _InOrder(Iterable[VendorWords]):
    """The vendors' numberings in a given order, each taken from ``numbered`` when used, on
    every pass: a mapping that keeps them on disk (`rfp.core.spill`) then holds one vendor's
    at a time."""

    def __init__(self, numbered: Mapping[str, VendorWords], vendors: Sequence[str]) -> None:
        self._numbered = numbered
        self._vendors = vendors

    def __iter__(self) -> Iterator[VendorWords]:
        return map(self._numbered.__getitem__, self._vendors)


class _Merged(NamedTuple):
    """The vendors' numberings as one (`_merged`)."""

    kept: NDArray[np.int64]
    lengths: list[int]
    tender: list[NDArray[np.int32]]
    counts: NDArray[np.int64]  # each vendor's passages
    words: int  # the words of every kept passage
    min_words: set[int]  # the settings the vendors were numbered with


def _merged(parts: Iterable[VendorWords]) -> _Merged:
    """The vendors' numberings, in canonical order, as one: (kept, lengths) as `_word_numbers`
    gives them for all the passages at once, ``kept`` counting places across the vendors in
    turn, and for each vendor the tender number of each of its own numbers. A word's tender
    number is the order in which it is first used across the vendors in turn, as the words of
    each vendor's own numbering come in the order that vendor first used them. Four bytes a
    tender number: at 10,000 vendors, 1,850 words each, eight would hold 150 MB."""
    numbers: defaultdict[str, int] = defaultdict(itertools.count().__next__)
    look_up = numbers.__getitem__
    kept: list[NDArray[np.int64]] = [np.zeros(0, dtype=np.int64)]
    lengths: list[int] = []
    tender: list[NDArray[np.int32]] = []
    counts: list[int] = []
    settings: set[int] = set()
    offset = total = 0
    for part in parts:
        words = part.words.split("\n") if len(part.numbers) else []
        tender.append(np.fromiter(map(look_up, words), dtype=np.int32, count=len(words)))
        kept.append(part.kept + offset)
        lengths.extend(part.lengths.tolist())
        counts.append(part.count)
        settings.add(part.min_words)
        offset += part.count
        total += len(part.numbers)
    merged_counts = np.array(counts, dtype=np.int64)
    return _Merged(np.concatenate(kept), lengths, tender, merged_counts, total, settings)


def _counted(
    parts: Iterable[VendorWords],
    tender: Sequence[NDArray[np.int32]],
    passages: int,
    vendor_ids: NDArray[np.int64],
    words: int,
) -> tuple[NDArray[np.int64], tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]]:
    """Each passage's count of distinct shingles, and `_shared_counts` over all passages.

    A large tender's shingles are counted in partitions by their hashes' top bits, about
    ``_PARTITION`` at a time: every copy of one shingle falls in one partition, so each pair's
    shared count is the sum of its partitions' and the result is the one a single pass gives,
    in the memory of one partition. ``words`` is the parts' words, all told.
    """
    partitions = 1 << max(0, math.ceil(math.log2(max(1, words) / _PARTITION)))
    bits = max(1, (passages - 1).bit_length())
    sizes = np.zeros(passages, dtype=np.int64)
    found = []
    for partition in range(partitions):
        owner, shingle = _shingles(parts, tender, bits, (partition, partitions))
        sizes += np.bincount(owner, minlength=passages)
        found.append(_shared_counts(owner, shingle, vendor_ids))
        del owner, shingle
    return sizes, found[0] if partitions == 1 else _summed(found, passages)


def _summed(
    found: Sequence[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]],
    passages: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """The partitions' (first, second, shared) as one: shared summed per pair, pairs sorted."""
    codes = np.concatenate([first * passages + second for first, second, _ in found])
    shared = np.concatenate([counts for _, _, counts in found])
    if len(codes) == 0:
        return codes, codes, codes
    order = np.argsort(codes, kind="stable")
    codes, shared = codes[order], shared[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    codes, shared = codes[starts], np.add.reduceat(shared, starts)
    return codes // passages, codes % passages, shared


def _order(passage: Passage) -> tuple[str, str, int, str, int, str, str, str]:
    """A total order on passages: vendor (case-insensitively), then place in the proposal."""
    return (
        passage.vendor.casefold(),
        passage.vendor,
        passage.index,
        passage.file,
        -1 if passage.page is None else passage.page,
        passage.section,
        passage.question_id or "",
        passage.text,
    )


def _mix(values: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """SplitMix64's finaliser, in place: spreads word numbers and hashes over all 64 bits."""
    values ^= values >> np.uint64(30)
    values *= _MIX_1
    values ^= values >> np.uint64(27)
    values *= _MIX_2
    values ^= values >> np.uint64(31)
    return values


def _word_numbers(
    passages: Sequence[Passage], min_words: int
) -> tuple[list[int], list[int], NDArray[np.int64], list[str]]:
    """Number every word of the passages long enough to count, in first-seen order.

    Returns (kept, lengths, numbers, words): indexes into `passages`, their word counts, all
    their word numbers end to end, and the word of each number. The numbering is fixed by the
    canonical passage order, so the hashes built on it are the same on every run and machine.
    Lookups run in C (a defaultdict counting new words), and numbers go straight into one
    list: per-passage token lists would take gigabytes on a large tender.
    """
    numbers: defaultdict[str, int] = defaultdict(itertools.count().__next__)
    look_up = numbers.__getitem__
    flat = array.array("q")  # 8 bytes a word; a list would add a pointer a word, then a copy
    kept: list[int] = []
    lengths: list[int] = []
    for index, passage in enumerate(passages):
        tokens = _WORD.findall(passage.text.lower())
        if len(tokens) >= min_words:
            flat.extend(map(look_up, tokens))
            kept.append(index)
            lengths.append(len(tokens))
    return kept, lengths, np.frombuffer(flat, dtype=np.int64), list(numbers)


def _shingles(
    parts: Iterable[VendorWords],
    tender: Sequence[NDArray[np.int32]],
    bits: int,
    partition: tuple[int, int] = (0, 1),
) -> tuple[NDArray[np.uint32], NDArray[np.uint64]]:
    """The distinct shingles of each passage, of one ``partition`` (its number, of how many)
    of the hashes: (owner, hash) sorted by hash and then owner.

    `owner` numbers the kept passages of the vendors in turn. The hash is a 64-bit hash of the
    five words with its low ``bits`` given to the owner, so one fast sort of one array does the
    work of the inverted index. The remaining 45 bits (at 300,000 passages; more when there
    are fewer) allow about ten chance collisions among 27 million shingles, each adding one
    shared shingle to one pair of passages: far too few to make a copy of two unrelated answers.
    """
    found = [
        _block_keys(words, owners, np.uint64(bits), partition)
        for words, owners in _word_blocks(parts, tender)
    ]
    keys = np.concatenate(found) if found else np.zeros(0, dtype=np.uint64)
    del found
    keys.sort()
    if len(keys):  # a shingle repeated in a passage counts once
        keys = keys[np.r_[True, keys[1:] != keys[:-1]]]
    # The owner is in the low bits (at most 32): casting keeps them, and the hash is shifted
    # in place, so the run holds no third array the size of every shingle.
    owner = keys.astype(np.uint32)
    owner &= np.uint32((1 << bits) - 1)
    keys >>= np.uint64(bits)
    return owner, keys


def _word_blocks(
    parts: Iterable[VendorWords], tender: Sequence[NDArray[np.int32]]
) -> Iterator[tuple[NDArray[np.uint64], NDArray[np.uint32]]]:
    """The vendors' words in turn, in blocks of whole vendors of about ``_BLOCK`` words (one
    vendor may be more): each word's hash, and the passage it belongs to."""
    words: list[NDArray[np.uint64]] = []
    owners: list[NDArray[np.uint32]] = []
    size = first = 0
    for part, numbers in zip(parts, tender, strict=True):
        if len(part.numbers):
            words.append(_mix(numbers[part.numbers].astype(np.uint64) + np.uint64(1)))
            places = np.arange(first, first + len(part.lengths), dtype=np.uint32)
            owners.append(np.repeat(places, part.lengths))
            size += len(part.numbers)
        first += len(part.lengths)
        if size >= _BLOCK:
            yield np.concatenate(words), np.concatenate(owners)
            words, owners, size = [], [], 0
    if words:
        yield np.concatenate(words), np.concatenate(owners)


def _block_keys(
    words: NDArray[np.uint64],
    owners: NDArray[np.uint32],
    bits: np.uint64,
    partition: tuple[int, int],
) -> NDArray[np.uint64]:
    """Packed (hash, owner) keys of the shingles of one block of whole passages, those of one
    partition of the hashes."""
    count = len(words) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    hashes = words[:count].copy()
    with np.errstate(over="ignore"):
        for offset in range(1, SHINGLE_WORDS):
            hashes *= _STEP
            hashes += words[offset : offset + count]
    # A shingle counts where its five words belong to one passage.
    valid = owners[:count] == owners[SHINGLE_WORDS - 1 :]
    keys = _mix(hashes[valid])
    owned = owners[:count][valid]
    number, partitions = partition
    if partitions > 1:  # a power of two: the partition is the hash's top bits
        mine = keys >> np.uint64(65 - partitions.bit_length()) == np.uint64(number)
        keys, owned = keys[mine], owned[mine]
    keys >>= bits
    keys <<= bits
    keys |= owned.astype(np.uint64)
    return keys


def _shared_counts(
    owner: NDArray[np.uint32], hashes: NDArray[np.uint64], vendor_ids: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Per pair of passages of different vendors sharing a counted shingle: how many they share.

    Returns (first, second, shared) with first < second, sorted by (first, second).
    """
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    group_sizes = np.diff(np.r_[starts, len(hashes)])
    keys: list[NDArray[np.int64]] = []
    passages = np.int64(len(vendor_ids))
    for size in range(2, BOILERPLATE_PASSAGES + 1):
        group_starts = starts[group_sizes == size]
        if len(group_starts) == 0:
            continue
        # rows sorted by passage
        members = owner[group_starts[:, None] + np.arange(size)].astype(np.int64)
        left, right = np.triu_indices(size, k=1)
        first, second = members[:, left].ravel(), members[:, right].ravel()
        different = vendor_ids[first] != vendor_ids[second]
        keys.append(first[different] * passages + second[different])
    pairs = np.sort(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    if len(pairs) == 0:
        return pairs, pairs, pairs
    starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]])
    shared = np.diff(np.r_[starts, len(pairs)])
    pairs = pairs[starts]
    return pairs // passages, pairs % passages, shared


def copy_flags(shared: Sequence[SharedPassage]) -> dict[str, list[str]]:
    """Per vendor, the flag naming each vendor it shares passages with."""
    flags: dict[str, list[str]] = {}
    for (a, b), pairs in vendor_pairs(shared).items():
        for vendor, other in ((a, b), (b, a)):
            count = len({(p.passage_a if vendor == a else p.passage_b).index for p in pairs})
            flags.setdefault(vendor, []).append(
                f"{COPY_FLAG} {other} ({count} of its passages; set aside for both)"
            )
    return flags
