"""Find passages two vendors share almost verbatim: a shared template, a subcontractor bidding
twice, or collusion. Evaluators see the pair and both passages; nothing here changes a score.

Pure: passages in, shared pairs out; no I/O.

Each passage becomes the set of its word 5-gram shingles over lower-cased word tokens. Stop words
are kept, so a light edit breaks only the shingles it touches and a near-copy still shares most
of them. Overlap is containment, |A ∩ B| / min(|A|, |B|), so a passage pasted inside a longer one
scores 1.0 although the longer one has more shingles of its own.

Comparing every pair would not scale to a large tender (1,000 vendors x 300 passages is 4.5e10
pairs). Instead each shingle is hashed to 64 bits, passages are grouped by shingle (an inverted
index built by sorting), and only passages that share a shingle are counted as candidates. A
shingle in more than ``BOILERPLATE_PASSAGES`` passages is boilerplate ("we will provide the")
and is not counted. Inputs are put in one canonical order first, so the result does not depend on
the order passages arrive in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from rfp.errors import RFPError
from rfp.score.passages import Passage

SHINGLE_WORDS: Final = 5
"""Words per shingle: long enough that two writers rarely share one by chance."""

BOILERPLATE_PASSAGES: Final = 50
"""A shingle found in more passages than this is common phrasing, not copying; it is not counted."""

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


def find_copies(
    passages: Sequence[Passage], *, min_words: int = 30, threshold: float = 0.7
) -> list[SharedPassage]:
    """Pairs of passages from different vendors whose overlap is at least `threshold`.

    Passages under `min_words` words are ignored: a short sentence ("We comply with GDPR.")
    is shared by chance. Sorted by vendor pair, then by the passages' places in the proposals.
    """
    if min_words < 1:
        raise RFPError(f"min_words must be at least 1, not {min_words}")
    if not 0 < threshold <= 1:
        raise RFPError(f"threshold must be above 0 and at most 1, not {threshold}")
    ordered = sorted(set(passages), key=_order)
    tokens = [_WORD.findall(passage.text.lower()) for passage in ordered]
    kept = [i for i, words in enumerate(tokens) if len(words) >= max(min_words, SHINGLE_WORDS)]
    if len(kept) < 2:
        return []
    owner, shingle = _shingles([tokens[i] for i in kept])
    sizes = np.bincount(owner, minlength=len(kept))
    vendor_ids = _vendor_ids([ordered[i] for i in kept])
    first, second, shared = _shared_counts(owner, shingle, vendor_ids)
    overlap = shared / np.minimum(sizes[first], sizes[second])
    chosen = np.flatnonzero(overlap >= threshold)
    # Stable sort by vendor pair; candidates are already in passage order within one pair.
    chosen = chosen[np.lexsort((vendor_ids[second[chosen]], vendor_ids[first[chosen]]))]
    result = []
    for k in chosen.tolist():
        a, b = ordered[kept[int(first[k])]], ordered[kept[int(second[k])]]
        result.append(SharedPassage(a.vendor, b.vendor, a, b, float(overlap[k])))
    return result


def vendor_pairs(copies: Sequence[SharedPassage]) -> dict[tuple[str, str], list[SharedPassage]]:
    """The shared passages grouped by vendor pair, for a report that lists each pair once."""
    pairs: dict[tuple[str, str], list[SharedPassage]] = {}
    for copy in copies:
        pairs.setdefault((copy.vendor_a, copy.vendor_b), []).append(copy)
    return pairs


# --------------------------------------------------------------------------------------------


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


def _vendor_ids(passages: Sequence[Passage]) -> NDArray[np.int64]:
    """A number per passage for its vendor, rising with the canonical vendor order."""
    numbers: dict[str, int] = {}
    return np.array([numbers.setdefault(p.vendor, len(numbers)) for p in passages], np.int64)


def _mix(values: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """SplitMix64's finaliser: spreads consecutive word numbers over all 64 bits."""
    values = (values ^ (values >> np.uint64(30))) * _MIX_1
    values = (values ^ (values >> np.uint64(27))) * _MIX_2
    return values ^ (values >> np.uint64(31))


def _shingles(tokens: Sequence[list[str]]) -> tuple[NDArray[np.int64], NDArray[np.uint64]]:
    """Every distinct (passage, shingle hash), sorted by hash and then passage.

    Words are numbered in first-seen order over the canonically ordered passages, so the hashes
    are the same on every run and machine. A 64-bit hash makes a chance collision between two
    of even 30 million shingles about a 1 in 40,000 event, and one collision moves an overlap
    by a single shingle.
    """
    vocabulary: dict[str, int] = {}
    flat = [vocabulary.setdefault(word, len(vocabulary)) for words in tokens for word in words]
    words = _mix(np.array(flat, dtype=np.uint64) + np.uint64(1))
    lengths = np.array([len(w) for w in tokens], dtype=np.int64)
    owner_of_word = np.repeat(np.arange(len(tokens), dtype=np.int64), lengths)
    count = len(flat) - SHINGLE_WORDS + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(SHINGLE_WORDS):
            hashes = hashes * _STEP + words[offset : offset + count]
    # A shingle is valid where its five words belong to one passage.
    valid = owner_of_word[:count] == owner_of_word[SHINGLE_WORDS - 1 :]
    owner, hashes = owner_of_word[:count][valid], _mix(hashes[valid])
    order = np.lexsort((owner, hashes))
    owner, hashes = owner[order], hashes[order]
    distinct = np.ones(len(owner), dtype=bool)
    distinct[1:] = (hashes[1:] != hashes[:-1]) | (owner[1:] != owner[:-1])
    return owner[distinct], hashes[distinct]


def _shared_counts(
    owner: NDArray[np.int64], hashes: NDArray[np.uint64], vendor_ids: NDArray[np.int64]
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
        members = owner[group_starts[:, None] + np.arange(size)]  # rows sorted by passage
        left, right = np.triu_indices(size, k=1)
        first, second = members[:, left].ravel(), members[:, right].ravel()
        different = vendor_ids[first] != vendor_ids[second]
        keys.append(first[different] * passages + second[different])
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    pairs, shared = np.unique(np.concatenate(keys), return_counts=True)
    return pairs // passages, pairs % passages, shared.astype(np.int64)
