"""Where text becomes terms: the one tokeniser, stop-word list and stemmer of the scorer.

Pure: text in, stems out. Matching, key terms and the reference model all use these functions,
so a word counts the same wherever it is seen: "encrypted" in a proposal meets "encryption" in
a query because both stem to "encrypt".
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from typing import Any

TOKEN = re.compile(r"[a-z][a-z0-9]+|\d+[a-z]+")

LOWERING_MOVES = re.compile("[\u0130\u0131\u017f]")
"""İ, ı and ſ: the only characters ``re.IGNORECASE`` matches to an ASCII letter whose
``lower()`` is not that letter at the same place (İ lowers to two characters; the Kelvin sign
lowers to "k"). Tests check every code point."""


def lowered(text: str) -> str | None:
    """``text.lower()``, in which a lower-case search finds what a case-insensitive search of
    ``text`` finds, at the same places; None when ``text`` holds one of ``LOWERING_MOVES``, and
    the case-insensitive search must be made on ``text`` itself."""
    return None if LOWERING_MOVES.search(text) else text.lower()


@functools.cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.cache
def stop_words() -> frozenset[str]:
    """English function words (scikit-learn's list): left out of terms, and what tells a
    sentence from a list of terms and a telling phrase from a common one."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@functools.lru_cache(maxsize=16384)
def stems(text: str) -> tuple[str, ...]:
    """Lower-cased, stop-word-free Snowball stems, so "encrypted" meets "encryption".

    Cached: the same passage is stemmed for fitting, for transforming and for term coverage.
    """
    stop = stop_words()
    words = [word for word in TOKEN.findall(text.lower()) if word not in stop]
    return tuple(str(stem) for stem in _stemmer().stemWords(words))


def stem_words(words: Sequence[str]) -> list[str]:
    """Each of ``words`` (lower case) stemmed as ``stems`` stems it, stop words too."""
    return [str(stem) for stem in _stemmer().stemWords(list(words))]


def matched_stems(lowered_text: str) -> list[str]:
    """The stems ``stems`` finds in an already lower-cased text, and its numbers: the words
    the matcher weighs, so that a check that must see text as the matcher does (the echo of
    the buyer's words) is not fooled by what the matcher ignores (stop words, single letters,
    an "'s"). Numbers stay, as themselves: a vendor's own figure in the buyer's phrase ("80% of
    calls answered within 25 seconds") is what makes it the vendor's."""
    stop = stop_words()
    words = [word for word in _TOKEN_OR_NUMBER.findall(lowered_text) if word not in stop]
    stemmed = _stemmer().stemWords(words)
    return [
        word if word[0].isdigit() else str(stem) for word, stem in zip(words, stemmed, strict=True)
    ]


def matched_spans(lowered_text: str) -> list[tuple[int, int]]:
    """Where each word ``matched_stems`` stems stands in the text, in order."""
    stop = stop_words()
    return [m.span() for m in _TOKEN_OR_NUMBER.finditer(lowered_text) if m.group() not in stop]


UNIT = (
    r"(?:%|percent|per\s+cent|seconds?|secs?|minutes?|mins?|hours?|hrs?|h\b|days?|weeks?|"
    r"months?|years?|agents?|ftes?|seats?|sites?|languages?|calls?|contacts?|tickets?|"
    r"transactions?|invoices?|payslips?|employees?|staff|clients?|customers?|"
    r"hours?\s+a\s+(?:day|week)|gb|tb|mbps|usd|eur|gbp)"
)
"""What a number measures when it is a figure ("20 seconds", "5%", "12 agents"): a number
without one is no figure to the commitments reader, nor to the echo reader."""

_TOKEN_OR_NUMBER = re.compile(TOKEN.pattern + r"|\d+(?:[.,]\d+)*(?=\s*" + UNIT + ")")
"""A word the matcher weighs, or a number that is a figure: a bare number slipped in every few
words broke the buyer's runs for the echo reader as an honest figure does (a copy with a digit
after every third word scored 90.20 of 100 in an adversarial probe)."""


def terms(text: str) -> list[str]:
    """Unigram stems then bigrams of adjacent stems: the features a passage is weighed by."""
    unigrams = list(stems(text))
    return unigrams + [f"{a} {b}" for a, b in itertools.pairwise(unigrams)]


def surface_words(text: str) -> dict[str, str]:
    """Map each stem to the first word of ``text`` it came from, to show evaluators real words."""
    stop = stop_words()
    words = [word for word in TOKEN.findall(text.lower()) if word not in stop]
    surface: dict[str, str] = {}
    for word, stem in zip(words, stem_words(words), strict=True):
        surface.setdefault(stem, word)
    return surface
