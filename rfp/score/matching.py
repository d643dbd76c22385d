"""TF-IDF matching of proposal passages against criteria: similarity, evidence and an auto-score.

Pure: criteria and passages in, matches out; no I/O. One vectoriser is fitted on the criteria
queries and every vendor's passages together, so a term's weight reflects how distinctive it is
across the whole evaluation, not inside one proposal.

How a vendor x criterion is matched:
1. Passages the vendor wrote under the criterion's own question-id heading are its answer; they
   count first. Their combined text is compared with the query as one answer, because a thorough
   answer spans several passages.
2. Every passage is also compared on its own; the best one is evidence wherever it sits.
3. The strength of the answer combines the best similarity with how many of the criterion's key
   terms the vendor's evidence covers (see ``auto_score``).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from rfp.core.spec import Criterion
from rfp.score import commitments
from rfp.score.passages import Passage

EVIDENCE_PER_MATCH = 3
QUOTE_CHARS = 300
KEY_TERMS = 12

# The auto-score rule (documented in the README and the scoring sheet). ``strength`` is
# 0.6 x min(similarity / SIMILARITY_FOR_FULL_MARKS, 1) + 0.4 x key-term coverage, in 0..1,
# and the thresholds map it to the 0-5 rubric scale. Chosen on the demo proposals and the test
# fixtures (bench/bench_scoring.py prints the distribution): criteria a vendor never addresses
# have similarity below 0.05 and strength below 0.15; thorough, specific answers under the
# question's own heading reach similarity 0.25 or more and strength above 0.62.
SIMILARITY_FOR_FULL_MARKS = 0.25
SIMILARITY_SHARE = 0.6
# A vendor who answers under the question's own id heading has addressed it: at least 1, and at
# least 2 when the answer runs to ANSWER_WORDS_FOR_TWO words or more. Short, specific answers
# (a list of named references, say) otherwise score near 0 because they share few words with
# the question.
ANSWER_WORDS_FOR_TWO = 40
ANSWER_WORDS_FOR_ONE = 12
SCORE_THRESHOLDS: tuple[tuple[float, int], ...] = (
    (0.80, 5),
    (0.62, 4),
    (0.45, 3),
    (0.30, 2),
    (0.15, 1),
)


@dataclass(frozen=True)
class Evidence:
    """A passage that supports a score, with where to find it."""

    file: str
    page: int | None
    section: str
    question_id: str | None
    quote: str
    similarity: float


@dataclass(frozen=True)
class Match:
    """How well one vendor's proposal answers one criterion."""

    vendor: str
    criterion: str
    similarity: float
    coverage: float
    strength: float
    auto_score: int
    answered_under_id: bool
    evidence: tuple[Evidence, ...]
    covered_terms: tuple[str, ...]
    missed_terms: tuple[str, ...]
    specifics: tuple[str, ...] = ()
    """The vendor's own checkable statements in the evidence: they open rubric levels 3-5."""


def auto_score(similarity: float, coverage: float) -> tuple[float, int]:
    """Map similarity and key-term coverage to (strength, a 0-5 score) by the documented rule."""
    strength = SIMILARITY_SHARE * min(similarity / SIMILARITY_FOR_FULL_MARKS, 1.0) + (
        1 - SIMILARITY_SHARE
    ) * min(max(coverage, 0.0), 1.0)
    for threshold, score in SCORE_THRESHOLDS:
        if strength >= threshold:
            return round(strength, 4), score
    return round(strength, 4), 0


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """Shorten ``text`` to about ``limit`` characters at a word boundary, marking the cut."""
    clean = " ".join(text.split())
    if len(clean) <= limit:
        return clean
    cut = clean[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"


TOKEN = re.compile(r"[a-z][a-z0-9]+|\d+[a-z]+")


@functools.cache
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.cache
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@functools.lru_cache(maxsize=16384)
def stems(text: str) -> tuple[str, ...]:
    """Lower-cased, stop-word-free Snowball stems, so "encrypted" meets "encryption".

    Cached: the same passage is stemmed for fitting, for transforming and for term coverage.
    """
    stop = _stop_words()
    words = [word for word in TOKEN.findall(text.lower()) if word not in stop]
    return tuple(str(stem) for stem in _stemmer().stemWords(words))


def _analyse(text: str) -> list[str]:
    """Unigram and bigram stems: the TF-IDF features."""
    unigrams = list(stems(text))
    return unigrams + [f"{a} {b}" for a, b in itertools.pairwise(unigrams)]


def _vectoriser() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=_analyse, sublinear_tf=True, dtype=np.float64)


def _key_terms(vectoriser: Any, query_vector: NDArray[np.float64], limit: int) -> list[str]:
    """The query's most distinctive single words, highest TF-IDF weight first, ties by name."""
    names = vectoriser.get_feature_names_out()
    nonzero = np.flatnonzero(query_vector)
    words = [(float(query_vector[i]), str(names[i])) for i in nonzero if " " not in names[i]]
    words.sort(key=lambda item: (-round(item[0], 9), item[1]))
    return [word for _, word in words[:limit]]


def _surface_words(text: str) -> dict[str, str]:
    """Map each stem to the first word of ``text`` it came from, to show evaluators real words."""
    stop = _stop_words()
    words = [word for word in TOKEN.findall(text.lower()) if word not in stop]
    surface: dict[str, str] = {}
    for word, stem in zip(words, _stemmer().stemWords(words), strict=True):
        surface.setdefault(str(stem), word)
    return surface


def _match_one(
    vendor: str,
    criterion: Criterion,
    scored: list[tuple[float, Passage]],
    answer_similarity: float,
    *,
    terms: Sequence[str],
    words: dict[str, str],
) -> Match:
    """One vendor's match on one criterion, from each of its passages' similarity to the query.

    Passages under the criterion's own id come first as evidence; the best similarity is the
    best single passage's or the combined answer's; key terms are looked for in the evidence.
    """
    tagged = [(s, p) for s, p in scored if p.question_id == criterion.id]
    others = [(s, p) for s, p in scored if p.question_id != criterion.id]
    tagged.sort(key=lambda item: (-round(item[0], 9), item[1].index))
    others.sort(key=lambda item: (-round(item[0], 9), item[1].index))
    chosen = (tagged + [item for item in others if item[0] > 0])[:EVIDENCE_PER_MATCH]
    best_single = max((s for s, _ in scored), default=0.0)
    best = max(best_single, answer_similarity)
    present: set[str] = set()
    for _, p in tagged + chosen:
        present.update(stems(p.text))
    covered = tuple(words.get(t, t) for t in terms if t in present)
    missed = tuple(words.get(t, t) for t in terms if t not in present)
    coverage = len(covered) / len(terms) if terms else 0.0
    strength, text_score = auto_score(best, coverage)
    specifics = _specifics(p for _, p in tagged + chosen)
    score = min(text_score, commitments.specifics_cap(len(specifics)))
    if tagged:
        answer_words = sum(len(p.text.split()) for _, p in tagged)
        score = max(score, answer_floor(answer_words))
    return Match(
        vendor=vendor,
        criterion=criterion.id,
        similarity=round(best, 4),
        coverage=round(coverage, 4),
        strength=strength,
        auto_score=score,
        answered_under_id=bool(tagged),
        evidence=tuple(
            Evidence(
                file=p.file,
                page=p.page,
                section=p.section,
                question_id=p.question_id,
                quote=quote(p.text),
                similarity=round(s, 4),
            )
            for s, p in chosen
        ),
        covered_terms=covered,
        missed_terms=missed,
        specifics=specifics,
    )


def _specifics(passages: Iterable[Passage]) -> tuple[str, ...]:
    """The distinct specifics in the evidence, each once, in order of first appearance."""
    found: dict[str, None] = {}
    for passage in passages:
        found.update(dict.fromkeys(commitments.find_specifics(passage.text)))
    return tuple(found)


def answer_floor(words: int) -> int:
    """What an answer under the question's own heading earns for having been written: 1 from
    ANSWER_WORDS_FOR_ONE of the vendor's own counting words, 2 from ANSWER_WORDS_FOR_TWO."""
    if words >= ANSWER_WORDS_FOR_TWO:
        return 2
    return 1 if words >= ANSWER_WORDS_FOR_ONE else 0


def match(criteria: Sequence[Criterion], passages: Sequence[Passage]) -> list[Match]:
    """Match every vendor's passages against every criterion; one Match per vendor x criterion.

    Vendors are taken from the passages, in sorted order; a vendor with no passages gets no
    matches here (the caller flags it). Deterministic for the same inputs.
    """
    vendors = sorted({p.vendor for p in passages})
    if not criteria or not vendors:
        return []
    queries = [c.query for c in criteria]
    by_vendor: dict[str, list[Passage]] = {v: [] for v in vendors}
    for passage in passages:
        by_vendor[passage.vendor].append(passage)
    answers: list[str] = []
    answer_keys: list[tuple[str, str]] = []
    for vendor in vendors:
        for criterion in criteria:
            answer_texts = [p.text for p in by_vendor[vendor] if p.question_id == criterion.id]
            if answer_texts:
                answers.append(" ".join(answer_texts))
                answer_keys.append((vendor, criterion.id))

    vectoriser = _vectoriser()
    corpus = queries + [p.text for p in passages]
    fitted = vectoriser.fit_transform(corpus)
    query_matrix = fitted[: len(queries)].toarray()
    passage_matrix = fitted[len(queries) :]
    similarity = (passage_matrix @ query_matrix.T).astype(np.float64)  # passages x criteria
    similarity = np.asarray(similarity)
    answer_similarity: dict[tuple[str, str], float] = {}
    if answers:
        answer_matrix = vectoriser.transform(answers)
        scores = np.asarray(answer_matrix @ query_matrix.T)
        column_of = {c.id: i for i, c in enumerate(criteria)}
        for row, (vendor, criterion_id) in enumerate(answer_keys):
            column = column_of[criterion_id]
            answer_similarity[(vendor, criterion_id)] = float(scores[row, column])

    index_of = {id(p): i for i, p in enumerate(passages)}
    results: list[Match] = []
    for column, criterion in enumerate(criteria):
        terms = _key_terms(vectoriser, query_matrix[column], KEY_TERMS)
        words = _surface_words(criterion.query)
        for vendor in vendors:
            own = by_vendor[vendor]
            rows = [index_of[id(p)] for p in own]
            scored = [(float(similarity[r, column]), p) for r, p in zip(rows, own, strict=True)]
            answer = answer_similarity.get((vendor, criterion.id), 0.0)
            results.append(_match_one(vendor, criterion, scored, answer, terms=terms, words=words))
    order = {c.id: i for i, c in enumerate(criteria)}
    results.sort(key=lambda m: (m.vendor, order[m.criterion]))
    return results
