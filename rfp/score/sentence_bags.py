"""The buyer's sentences as bags of stems: a restated sentence found whatever its word order.

Pure. Echo in runs (``echo``) needs the buyer's words in the buyer's order. A vendor who
shuffles the words of each restated sentence, or slips one of the buyer's words in after every
third, keeps no run, but the matcher, which weighs words and not their order, scores the
sentence as it scores the buyer's: in an adversarial probe the 81 questions restated with
shuffled words took the weakest demo bid from 27.33 to 50.78, with a word slipped in 57.83.

A vendor's sentence is the buyer's when it holds at least BAG_SHARE of the stems of one of the
buyer's sentences (BAG_STEMS of them or more), and those stems are at least OWN_SHARE of its
own: it restates that sentence, and restating is most of what it does.

Looked up by prefix filtering (as in set-similarity joins): a bag holding BAG_SHARE of a
buyer sentence holds one of that sentence's rarest ``n - ceil(BAG_SHARE * n) + 1`` stems, so
each buyer sentence is indexed under those alone, and a vendor's sentence meets only the few
buyer sentences that share a rare stem with it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rfp.score.terms import matched_stems

BAG_STEMS = 10
"""Distinct stems a sentence needs to be compared as a bag: as many as a run of echo needs
(``echo.STEM_SHINGLE``), so a vendor's short commitment in the buyer's words ("80% of calls
answered within 20 seconds") is never taken for a restated one."""
BAG_SHARE = 0.8
OWN_SHARE = 0.6
_SENTENCE = re.compile(r"(?<=[.!?;:])\s+|\n+")


@dataclass(frozen=True)
class SentenceBags:
    """The buyer's sentences as stem sets, indexed by each one's rarest stems."""

    bags: tuple[frozenset[str], ...] = ()
    index: dict[str, tuple[int, ...]] = field(default_factory=dict)
    needed: tuple[int, ...] = ()
    """Each bag's stems a restatement must hold: BAG_SHARE of its size, rounded up."""

    def near(self, stems: Iterable[str]) -> bool:
        """Whether these stems hold BAG_SHARE of one of the buyer's sentences: a text that
        does not can hold no sentence that ``restates`` one."""
        own = set(stems)
        if len(own) < BAG_SHARE * BAG_STEMS:
            return False
        index, bags, needed = self.index, self.bags, self.needed
        postings = [index[stem] for stem in own if stem in index]
        return any(
            len(own.intersection(bags[number])) >= needed[number]
            for number in set(itertools.chain.from_iterable(postings))
        )

    def restates(self, stems: Iterable[str]) -> frozenset[str] | None:
        """The buyer's sentence (as its bag) that a sentence of these stems
        (``terms.matched_stems``) restates: it holds BAG_SHARE of that sentence's stems, and
        they are OWN_SHARE of its; None if there is none."""
        own = frozenset(stems)
        if len(own) < BAG_STEMS:
            return None
        index, bags, needed = self.index, self.bags, self.needed
        postings = [index[stem] for stem in own if stem in index]
        for number in sorted(set(itertools.chain.from_iterable(postings))):
            common = len(own & bags[number])
            if common >= needed[number] and common >= OWN_SHARE * len(own):
                return bags[number]
        return None


def sentence_bags(lowered_texts: Iterable[str]) -> SentenceBags:
    """Index every sentence of the buyer's (lower-cased) texts with BAG_STEMS stems or more."""
    bags = list(
        dict.fromkeys(
            bag
            for text in lowered_texts
            for sentence in _SENTENCE.split(text)
            if len(bag := frozenset(matched_stems(sentence))) >= BAG_STEMS
        )
    )
    needed = tuple(math.ceil(BAG_SHARE * len(bag)) for bag in bags)
    frequency = Counter(stem for bag in bags for stem in bag)
    index: dict[str, list[int]] = {}
    for number, bag in enumerate(bags):
        rarest = sorted(bag, key=lambda stem: (frequency[stem], stem))
        for stem in rarest[: len(bag) - needed[number] + 1]:
            index.setdefault(stem, []).append(number)
    return SentenceBags(tuple(bags), {stem: tuple(found) for stem, found in index.items()}, needed)
