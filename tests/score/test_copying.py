"""Tests for rfp.score.copying: passages two vendors share almost verbatim."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from rfp.core.spill import Spilled
from rfp.errors import RFPError
from rfp.score import copying
from rfp.score.copying import BOILERPLATE_PASSAGES, SharedPassage, find_copies, vendor_pairs
from rfp.score.passages import Passage

# 60 words, no 5-word run repeated: 56 shingles.
ORIGINAL = (
    "Our Manila and Cebu centres answer customer calls within thirty seconds on average across "
    "every busy shift and we report the figure daily to the client operations team through a "
    "shared dashboard that also shows abandonment rates, staffing levels against forecast and "
    "the quality scores from calibrated listening sessions held each week with supervisors "
    "from both sides of the account."
)
# The same with words 10, 30 and 50 (0-based) changed: 3 of 60 words, 5%.
NEAR_COPY = (
    "Our Manila and Cebu centres answer customer calls within thirty moments on average across "
    "every busy shift and we report the figure daily to the client operations team through a "
    "common dashboard that also shows abandonment rates, staffing levels against forecast and "
    "the quality scores from calibrated listening sessions held every week with supervisors "
    "from both sides of the account."
)

# Two genuine answers on the same service level, written independently.
SERVICE_LEVEL_A = (
    "We commit to answering eighty percent of voice contacts inside twenty seconds, measured "
    "every half hour, and we staff to that target using Erlang models refreshed each Monday. "
    "When the interval result slips, the workforce desk moves trained agents from email queues "
    "within fifteen minutes, and the account manager explains any missed day in the weekly "
    "review with a written recovery plan."
)
SERVICE_LEVEL_B = (
    "Phone queues at our Bogota site are planned so that most callers reach a person quickly: "
    "last year four in five calls were picked up before the twentieth second in eleven of "
    "twelve months. Real-time analysts watch the queue on wallboards and pull chat-trained "
    "staff onto voice during spikes. Misses trigger a root cause note to your operations lead "
    "the next business morning."
)


def passage(vendor: str, text: str, index: int = 0, file: str = "proposal.pdf") -> Passage:
    return Passage(
        vendor=vendor, file=file, page=1, section="", question_id=None, text=text, index=index
    )


def test_the_near_copy_fixture_changes_three_words_of_sixty() -> None:
    before, after = ORIGINAL.split(), NEAR_COPY.split()
    assert len(before) == len(after) == 60
    assert [i for i, (x, y) in enumerate(zip(before, after, strict=True)) if x != y] == [
        10,
        30,
        50,
    ]


def test_a_near_copy_with_five_percent_of_words_changed_is_found_with_its_overlap() -> None:
    # 56 shingles each; a changed word breaks the 5 shingles that contain it, and the three
    # changes are more than 5 words apart: 56 - 15 = 41 shared, 41 / 56 = 0.7321...
    copies = find_copies([passage("Beta", NEAR_COPY), passage("Alpha", ORIGINAL)])
    assert len(copies) == 1
    copy = copies[0]
    assert (copy.vendor_a, copy.vendor_b) == ("Alpha", "Beta")
    assert copy.passage_a.text == ORIGINAL
    assert copy.passage_b.text == NEAR_COPY
    assert copy.overlap == pytest.approx(41 / 56)


def test_the_threshold_is_inclusive_and_decides() -> None:
    pair = [passage("Alpha", ORIGINAL), passage("Beta", NEAR_COPY)]
    assert len(find_copies(pair, threshold=41 / 56)) == 1
    assert find_copies(pair, threshold=0.74) == []


def test_a_passage_pasted_inside_a_longer_one_is_found() -> None:
    pasted = " ".join(ORIGINAL.split()[:40])  # 40 words: 36 shingles, all inside the longer one
    longer = (
        "Acme has run contact centres for appliance makers since 2009 and knows the seasonal "
        f"peaks of the category well. {pasted} Beyond that, every agent completes a product "
        "academy before taking a live call, and team leaders coach against recorded calls."
    )
    copies = find_copies([passage("Acme", longer), passage("Zenith", pasted)])
    assert [(c.vendor_a, c.vendor_b, c.overlap) for c in copies] == [("Acme", "Zenith", 1.0)]
    assert copies[0].passage_a.text == longer


def test_two_genuine_answers_on_the_same_topic_are_not_copies() -> None:
    texts = [passage("Alpha", SERVICE_LEVEL_A), passage("Beta", SERVICE_LEVEL_B)]
    assert len(SERVICE_LEVEL_A.split()) >= 55 and len(SERVICE_LEVEL_B.split()) >= 55
    assert find_copies(texts) == []
    # Not a near miss either: they share no 5-word run at all.
    assert find_copies(texts, threshold=0.01) == []


def test_duplicates_within_one_vendor_are_not_pairs() -> None:
    same_vendor = [passage("Alpha", ORIGINAL, 0), passage("Alpha", ORIGINAL, 7)]
    assert find_copies(same_vendor) == []
    with_other = [*same_vendor, passage("Beta", ORIGINAL, 3)]
    pairs = [
        (c.vendor_a, c.passage_a.index, c.vendor_b, c.passage_b.index)
        for c in find_copies(with_other)
    ]
    assert pairs == [("Alpha", 0, "Beta", 3), ("Alpha", 7, "Beta", 3)]


def test_vendors_are_ordered_case_insensitively() -> None:
    # By code point "Beta" < "acme"; case-insensitively acme comes first.
    copies = find_copies([passage("Beta", ORIGINAL), passage("acme", ORIGINAL)])
    assert [(c.vendor_a, c.vendor_b) for c in copies] == [("acme", "Beta")]


def test_passages_under_min_words_are_ignored() -> None:
    words = ORIGINAL.split()
    short, exact = " ".join(words[:29]), " ".join(words[:30])
    assert find_copies([passage("A", short), passage("B", short)]) == []
    found = find_copies([passage("A", exact), passage("B", exact)])
    assert [c.overlap for c in found] == [1.0]
    assert find_copies([passage("A", exact), passage("B", exact)], min_words=31) == []


def test_a_shingle_in_more_than_fifty_passages_is_boilerplate() -> None:
    assert BOILERPLATE_PASSAGES == 50
    fifty = [passage(f"vendor {n:02d}", ORIGINAL) for n in range(50)]
    assert len(find_copies(fifty)) == 50 * 49 // 2
    fifty_one = [*fifty, passage("vendor 50", ORIGINAL)]
    assert find_copies(fifty_one) == []


def test_result_does_not_depend_on_input_order() -> None:
    words = ORIGINAL.split()
    corpus = [
        passage("Gamma", ORIGINAL, 4),
        passage("alpha", NEAR_COPY, 2),
        passage("Beta", " ".join(words[:50]), 9),
        passage("Beta", SERVICE_LEVEL_A, 1),
        passage("Delta", SERVICE_LEVEL_B, 0),
        passage("Delta", SERVICE_LEVEL_A + " " + SERVICE_LEVEL_B, 5),
    ]
    expected = find_copies(corpus)
    # Beta's first 50 words of ORIGINAL: 46 shingles, 10 broken by NEAR_COPY's changes at
    # words 10 and 30 (word 50 is outside it): 36 / 46.
    assert [(c.vendor_a, c.vendor_b, c.overlap) for c in expected] == [
        ("alpha", "Beta", pytest.approx(36 / 46)),
        ("alpha", "Gamma", pytest.approx(41 / 56)),
        ("Beta", "Delta", 1.0),
        ("Beta", "Gamma", 1.0),
    ]
    rng = random.Random(9)
    for _ in range(5):
        shuffled = corpus[:]
        rng.shuffle(shuffled)
        assert find_copies(shuffled) == expected


def test_vendor_pairs_groups_copies_by_pair_in_order() -> None:
    a0, a1 = passage("A", ORIGINAL, 0), passage("A", SERVICE_LEVEL_A, 1)
    b0, c0 = passage("B", ORIGINAL, 0), passage("C", SERVICE_LEVEL_A, 0)
    copies = find_copies([c0, b0, a1, a0])
    grouped = vendor_pairs(copies)
    assert list(grouped) == [("A", "B"), ("A", "C")]
    assert grouped[("A", "B")] == [SharedPassage("A", "B", a0, b0, 1.0)]
    assert grouped[("A", "C")] == [SharedPassage("A", "C", a1, c0, 1.0)]


@pytest.mark.parametrize(("min_words", "threshold"), [(0, 0.7), (30, 0.0), (30, 1.5)])
def test_nonsense_settings_are_refused(min_words: int, threshold: float) -> None:
    with pytest.raises(RFPError):
        find_copies([], min_words=min_words, threshold=threshold)


def test_hashing_in_blocks_does_not_change_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    # Blocks of 7 words close after every vendor: each vendor's words are hashed on their own.
    words = ORIGINAL.split()
    corpus = [
        passage("Alpha", ORIGINAL, 0),
        passage("Beta", NEAR_COPY, 0),
        passage("Gamma", " ".join(words[:50]), 0),
        passage("Gamma", SERVICE_LEVEL_A, 1),
        passage("Delta", SERVICE_LEVEL_A, 0),
    ]
    whole = find_copies(corpus)
    monkeypatch.setattr(copying, "_BLOCK", 7)
    assert find_copies(corpus) == whole
    assert [(c.vendor_a, c.vendor_b) for c in whole] == [
        ("Alpha", "Beta"),
        ("Alpha", "Gamma"),
        ("Beta", "Gamma"),
        ("Delta", "Gamma"),
    ]


# Words numbered where each vendor is read ----------------------------------------------------


def _whole_tender(passages: list[Passage], min_words: int, threshold: float) -> list[SharedPassage]:
    """find_copies as first written, numbering the whole tender's words in one pass: the oracle
    for the numbering merged from each vendor's (``copying.copy_pairs``)."""
    import numpy as np

    ordered = sorted(set(passages), key=copying._order)
    kept, lengths, numbers, _ = copying._word_numbers(
        ordered, max(min_words, copying.SHINGLE_WORDS)
    )
    if len(kept) < 2:
        return []
    owner, shingle = _shingles_in_one_pass(numbers, lengths)
    sizes = np.bincount(owner, minlength=len(kept))
    ids: dict[str, int] = {}
    vendor_ids = np.array([ids.setdefault(ordered[i].vendor, len(ids)) for i in kept], np.int64)
    first, second, shared = copying._shared_counts(owner, shingle, vendor_ids)
    overlap = shared / np.minimum(sizes[first], sizes[second])
    chosen = np.flatnonzero(overlap >= threshold)
    chosen = chosen[np.lexsort((vendor_ids[second[chosen]], vendor_ids[first[chosen]]))]
    found = []
    for k in chosen.tolist():
        a, b = ordered[kept[int(first[k])]], ordered[kept[int(second[k])]]
        found.append(SharedPassage(a.vendor, b.vendor, a, b, float(overlap[k])))
    return found


def _shingles_in_one_pass(
    numbers: NDArray[np.int64], lengths: list[int]
) -> tuple[NDArray[np.uint32], NDArray[np.uint64]]:
    """``copying._shingles`` as first written: the whole tender's words hashed in one array and
    sorted in one pass, the oracle for the vendors' blocks and the hashes' partitions."""
    if len(numbers) == 0:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.uint64)
    words = copying._mix(np.arange(1, int(numbers.max()) + 2, dtype=np.uint64))[numbers]
    owner_of_word = np.repeat(np.arange(len(lengths), dtype=np.uint32), lengths)
    bits = np.uint64(max(1, (len(lengths) - 1).bit_length()))
    count = len(numbers) - copying.SHINGLE_WORDS + 1
    hashes = words[:count].copy()
    with np.errstate(over="ignore"):
        for offset in range(1, copying.SHINGLE_WORDS):
            hashes *= copying._STEP
            hashes += words[offset : offset + count]
    owners = owner_of_word[:count]
    valid = owners == owner_of_word[copying.SHINGLE_WORDS - 1 :]
    keys = copying._mix(hashes[valid])
    keys >>= bits
    keys <<= bits
    keys |= owners[valid].astype(np.uint64)
    keys = np.unique(keys)
    return (keys & ((np.uint64(1) << bits) - np.uint64(1))).astype(np.uint32), keys >> bits


_VOCABULARY = [f"w{number}" for number in range(40)]
_TEXTS = st.lists(st.sampled_from(_VOCABULARY), min_size=0, max_size=45).map(" ".join)
_VENDORS = st.dictionaries(
    st.sampled_from(["acme", "ACME", "Zeta", "beta", "Ünal", "b2"]),
    st.lists(st.tuples(st.integers(0, 9), _TEXTS), min_size=0, max_size=5),
    min_size=1,
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(_VENDORS, st.integers(min_value=5, max_value=35), st.sampled_from([4, 16, 64]))
def test_numbering_each_vendor_apart_finds_what_numbering_the_tender_finds(
    texts: dict[str, list[tuple[int, str]]], min_words: int, partition_words: int
) -> None:
    """Each vendor's words numbered on their own and merged give the whole tender's numbers,
    word for word, so every hash and every copy found is the same, whatever order the
    passages come in (indexes repeat and arrive unsorted here)."""
    every = [passage(vendor, text, index) for vendor, own in texts.items() for index, text in own]
    ordered = sorted(set(every), key=copying._order)
    by_vendor = {vendor: [p for p in every if p.vendor == vendor] for vendor in texts}
    numbered = {vendor: copying.vendor_words(own, min_words) for vendor, own in by_vendor.items()}
    vendors = sorted(numbered, key=lambda vendor: (vendor.casefold(), vendor))
    parts = [numbered[vendor] for vendor in vendors]
    merged = copying._merged(parts)
    kept, lengths, tender = merged.kept, merged.lengths, merged.tender
    numbers = [
        n for part, own in zip(parts, tender, strict=True) for n in own[part.numbers].tolist()
    ]
    expected = copying._word_numbers(ordered, max(min_words, copying.SHINGLE_WORDS))
    assert (kept.tolist(), lengths, numbers) == (expected[0], expected[1], expected[2].tolist())
    found = find_copies(every, min_words=min_words, threshold=0.5)
    assert found == _whole_tender(every, min_words, 0.5)
    # Hashed a vendor at a time and counted in 2 to 32 partitions of the hashes: the same.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(copying, "_BLOCK", 1)
        patch.setattr(copying, "_PARTITION", partition_words)
        assert find_copies(every, min_words=min_words, threshold=0.5) == found


def test_pairs_name_each_passage_by_its_place_in_its_vendors_canonical_order() -> None:
    every = [passage("b", NEAR_COPY, 7), passage("b", SERVICE_LEVEL_B, 2), passage("a", ORIGINAL)]
    numbered = {
        vendor: copying.vendor_words([p for p in every if p.vendor == vendor])
        for vendor in ("a", "b")
    }
    [pair] = copying.copy_pairs(numbered)
    assert (pair.vendor_a, pair.place_a, pair.vendor_b, pair.place_b) == ("a", 0, "b", 1)
    assert copying.in_canonical_order([p for p in every if p.vendor == "b"])[1] == every[0]
    assert pair.overlap == find_copies(every)[0].overlap


def test_numberings_made_with_different_settings_are_refused() -> None:
    numbered = {
        "a": copying.vendor_words([passage("a", ORIGINAL)], 10),
        "b": copying.vendor_words([passage("b", NEAR_COPY)], 30),
    }
    with pytest.raises(RFPError, match="different min_words"):
        copying.copy_pairs(numbered)


def test_partitions_of_the_hashes_find_the_copies_one_pass_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Tenders of near-copies (passages drawn from six texts, each with up to six words
    changed), counted in up to 256 partitions, hashed in blocks of 1 to 50 words or whole, and
    numbered in two or four bytes a word: the pairs and overlaps of the one-pass oracle, and
    there are many."""
    draw = random.Random(13)
    vocabulary = [f"w{number}" for number in range(200)]
    found = 0
    for _ in range(120):
        texts = [" ".join(draw.choices(vocabulary, k=draw.randint(20, 60))) for _ in range(6)]
        every = []
        for vendor in ("acme", "Zeta", "beta", "ACME"):
            for index in range(draw.randint(0, 6)):
                words = draw.choice(texts).split()
                for _ in range(draw.randint(0, 6)):
                    words[draw.randrange(len(words))] = draw.choice(vocabulary)
                every.append(passage(vendor, " ".join(words), index))
        expected = _whole_tender(every, 10, 0.5)
        monkeypatch.setattr(copying, "_PARTITION", draw.choice([4, 16, 64]))
        monkeypatch.setattr(copying, "_BLOCK", draw.choice([1, 50, 1 << 20]))
        monkeypatch.setattr(copying, "_SMALL_VOCABULARY", draw.choice([1, 1 << 16]))
        assert find_copies(every, min_words=10, threshold=0.5) == expected
        monkeypatch.undo()
        found += len(expected)
    assert found > 300


def test_a_vendors_words_take_two_bytes_each_until_its_vocabulary_needs_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [passage("Acme", ORIGINAL, 0), passage("Acme", SERVICE_LEVEL_A, 1)]
    small = copying.vendor_words(texts)
    assert small.numbers.dtype == np.uint16
    monkeypatch.setattr(copying, "_SMALL_VOCABULARY", 10)
    large = copying.vendor_words(texts)
    assert large.numbers.dtype == np.int32 and len(large.words.split("\n")) > 10
    assert copying.same_words(small, large)


def test_numberings_kept_on_disk_give_the_pairs_those_in_memory_give() -> None:
    """The run keeps each vendor's numbering in a file (`rfp.core.spill`) and copy detection
    reads them one at a time: the same pairs, overlaps and places as from a dict."""
    draw = random.Random(29)
    vocabulary = [f"w{number}" for number in range(120)]
    found = 0
    for _ in range(30):
        texts = [" ".join(draw.choices(vocabulary, k=draw.randint(30, 50))) for _ in range(4)]
        numbered = {}
        for vendor in ("acme", "Zeta", "beta", "ACME", "b2"):
            own = [
                passage(vendor, draw.choice(texts), index) for index in range(draw.randint(0, 4))
            ]
            numbered[vendor] = copying.vendor_words(own, 10)
        with Spilled[copying.VendorWords]() as kept:
            for vendor, words in numbered.items():
                kept[vendor] = words
            pairs = copying.copy_pairs(kept, threshold=0.5)
        assert pairs == copying.copy_pairs(numbered, threshold=0.5)
        found += len(pairs)
    assert found > 50
