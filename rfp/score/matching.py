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

import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from rfp.core.spec import Criterion, Expect
from rfp.errors import ScoringError
from rfp.score import commitments, expects
from rfp.score.passages import Passage
from rfp.score.reference import ReferenceModel
from rfp.score.terms import stems, surface_words

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
ANSWER_NEAREST = 5
"""An answer under a question's own id earns the floor only when that question is among the
ANSWER_NEAREST criteria its text is nearest to: forty words of filler under every heading
otherwise took the weakest demo bid from 27.61 to 47.83."""
RELEVANT_SIMILARITY = 0.05
FACTS_LIFT_FROM = 3
NO_FIGURES_LEVEL = 1
"""Stated facts lift a score only from the first level that names facts (2 means none met)."""
"""Criteria a vendor never addresses stay under this similarity (measured on the demo)."""
SCORE_THRESHOLDS: tuple[tuple[float, int], ...] = (
    (0.80, 5),
    (0.62, 4),
    (0.45, 3),
    (0.30, 2),
    (0.15, 1),
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A passage that supports a score, with where to find it."""

    file: str
    page: int | None
    section: str
    question_id: str | None
    quote: str
    similarity: float


@dataclass(frozen=True, slots=True)
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
    facts_met: tuple[str, ...] = ()
    """The rubric's facts (``expects``) the vendor states, in the buyer's words."""
    facts_missed: tuple[str, ...] = ()
    """The rubric's facts the vendor does not state; each caps the score below its level."""


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


def _match_one(
    vendor: str,
    criterion: Criterion,
    column: NDArray[np.float64],
    answer_similarity: float,
    *,
    on_topic: bool,
    own: Sequence[Passage],
    tagged_rows: Sequence[int],
    nearest: Sequence[int],
    terms: Sequence[str],
    words: dict[str, str],
    reading: _Reading,
) -> Match:
    """One vendor's match on one criterion, from each of its passages' similarity to the query
    (``column``, one entry per passage of ``own``).

    Passages under the criterion's own id (``tagged_rows``) come first as evidence, then the
    first others in ``_evidence_order`` (drawn from ``nearest``, ``_nearest_rows``); the best
    similarity is the best single passage's or the combined answer's; key terms are looked for
    in the evidence.
    """
    tagged = sorted(((float(column[row]), own[row]) for row in tagged_rows), key=_evidence_order)
    wanted = EVIDENCE_PER_MATCH - len(tagged)
    chosen = (tagged + _ranked(column, own, nearest, wanted))[:EVIDENCE_PER_MATCH]
    best_single = float(column.max()) if len(column) else 0.0
    best = max(best_single, answer_similarity)
    present: set[str] = set()
    for _, p in tagged + chosen:
        present.update(reading.stems(p.text))
    covered = tuple(words.get(t, t) for t in terms if t in present)
    missed = tuple(words.get(t, t) for t in terms if t not in present)
    coverage = len(covered) / len(terms) if terms else 0.0
    strength, text_score = auto_score(best, coverage)
    evidence = list(dict.fromkeys(p for _, p in tagged + chosen))
    specifics = _specifics(evidence, reading)
    found = expects.find_facts(
        criterion.expects, _affirmed_sentences(evidence, reading), reading.values
    )
    # A few words ("We fully comply.") can sit close to a query and state nothing: evidence
    # under ANSWER_WORDS_FOR_ONE words of the vendor's own counting text earns no text score.
    if sum(len(p.text.split()) for p in evidence) < ANSWER_WORDS_FOR_ONE:
        text_score = 0
    score = facts_rule(
        criterion.expects,
        found,
        text_score=text_score,
        specifics=len(specifics),
        relevant=bool(tagged) or best >= RELEVANT_SIMILARITY,
    )
    if tagged and on_topic:
        answer_words = sum(len(p.text.split()) for _, p in tagged)
        score = max(score, answer_floor(answer_words))
    met = {fact.expect_index for fact in found}
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
                quote=reading.quote(p.text),
                similarity=round(s, 4),
            )
            for s, p in chosen
        ),
        covered_terms=covered,
        missed_terms=missed,
        specifics=specifics,
        facts_met=tuple(e.fact for i, e in enumerate(criterion.expects) if i in met),
        facts_missed=tuple(e.fact for i, e in enumerate(criterion.expects) if i not in met),
    )


def with_shared_strings(found: Iterable[Match]) -> list[Match]:
    """``found`` with the strings matches repeat interned (criterion ids, key terms, rubric
    facts and specifics; the evidence's files, sections and question ids), so a run holds one
    copy of each, not one per vendor or per citation.

    Matches arrive from worker processes pickled one vendor at a time, and unpickling makes
    new strings: without this they were about 80 of the 280 KB a 30-page vendor's matches
    take in memory, and then, with the terms shared, about 33 of 173 KB. Equal strings, so
    equal matches.
    """

    def shared(words: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(map(sys.intern, words))

    def cited(item: Evidence) -> Evidence:
        question = None if item.question_id is None else sys.intern(item.question_id)
        return replace(
            item,
            file=sys.intern(item.file),
            section=sys.intern(item.section),
            question_id=question,
        )

    return [
        replace(
            match,
            criterion=sys.intern(match.criterion),
            evidence=tuple(map(cited, match.evidence)),
            covered_terms=shared(match.covered_terms),
            missed_terms=shared(match.missed_terms),
            specifics=shared(match.specifics),
            facts_met=shared(match.facts_met),
            facts_missed=shared(match.facts_missed),
        )
        for match in found
    ]


def _evidence_order(item: tuple[float, Passage]) -> tuple[float, int]:
    """Most similar first, to nine decimals so that float noise does not reorder equals; then
    reading order."""
    return (-round(item[0], 9), item[1].index)


TIE_MARGIN = 1e-8
"""Wider than the rounding in ``_evidence_order`` (5e-10), so no passage that could tie with
the last one chosen is left out of the exact sort."""


def _ranked(
    column: NDArray[np.float64], own: Sequence[Passage], rows: Sequence[int], count: int
) -> list[tuple[float, Passage]]:
    """The first ``count`` of ``rows`` in ``_evidence_order``."""
    if count <= 0:
        return []
    ranked = sorted(((float(column[row]), own[row]) for row in rows), key=_evidence_order)
    return ranked[:count]


def _nearest_rows(
    similarity: NDArray[np.float64], tagged: Sequence[Sequence[int]], counts: Sequence[int]
) -> list[list[int]]:
    """For each column, the rows among which its first ``counts[column]`` untagged passages
    with some similarity are, in ``_evidence_order``: all such rows if there are no more than
    that, else those within TIE_MARGIN of the ``count``-th largest similarity.

    Sorting all of a vendor's passages for each criterion cost more than the similarity itself;
    only those rows can be among the first ``count`` (any passage further below ranks after at
    least ``count`` others), so only they are sorted, and the result is the full sort's. Found
    for every column at once (a vendor has about 80): column by column, the array calls cost
    more than the work.
    """
    if max(counts, default=0) <= 0 or not len(similarity):
        return [[] for _ in counts]
    wanted = np.asarray(counts)
    eligible = similarity > 0
    eligible[:, wanted <= 0] = False
    for column, under_id in enumerate(tagged):
        eligible[list(under_id), column] = False
    deepest = min(int(wanted.max()), len(similarity))
    # Each column's ``deepest`` largest eligible similarities, largest first.
    largest = np.sort(
        np.partition(np.where(eligible, similarity, -np.inf), -deepest, axis=0)[-deepest:],
        axis=0,
    )[::-1]
    columns = np.arange(len(counts))
    last = largest[np.clip(wanted, 1, deepest) - 1, columns]
    last[eligible.sum(axis=0) <= wanted] = -np.inf  # no more than wanted: every eligible row
    near = eligible & (similarity >= last - TIE_MARGIN)
    by_column, rows = np.nonzero(near.T)
    bounds = np.searchsorted(by_column, np.arange(len(counts) + 1)).tolist()
    found = rows.tolist()
    return [found[bounds[column] : bounds[column + 1]] for column in range(len(counts))]


def facts_rule(
    wanted: Sequence[Expect],
    found: Sequence[expects.FactFound],
    *,
    text_score: int,
    specifics: int,
    relevant: bool,
) -> int:
    """The auto-score from the text score, the vendor's own specifics and the rubric's facts.

    - Specifics cap the text score: levels 3-4 need two, level 5 four (``specifics_cap``).
    - A rubric level whose facts the vendor does not state caps the score below that level;
      without any of the level-3 facts an answer is at most 2, and with no figure at all where
      the rubric names figures, at most 1 (no measurable commitment).
    - Facts lift: an answer that addresses the criterion and states the facts of level L
      scores at least L (``expects.facts_level``), within the specifics cap.
    """
    cap = commitments.specifics_cap(specifics)
    score = min(text_score, cap)
    if not wanted:
        return score
    if not specifics and not found:
        # The rubric asks for figures and the answer states none: no measurable commitment.
        score = min(score, NO_FIGURES_LEVEL)
    met = {fact.expect_index for fact in found}
    unmet = [e.level for i, e in enumerate(wanted) if i not in met]
    gate = min(unmet) - 1 if unmet else 5
    score = min(score, gate)
    level = expects.facts_level(wanted, found)
    if relevant and level >= FACTS_LIFT_FROM:
        score = max(score, min(level, cap))
    return score


def _affirmed_sentences(passages: Iterable[Passage], reading: _Reading) -> list[str]:
    """The sentences of ``passages`` that state rather than deny: where facts may be found."""
    sentences: list[str] = []
    for passage in passages:
        read = reading.commitments(passage.text)
        sentences += commitments.affirmed(read.sentences, read.negated)
    return sentences


def _specifics(passages: Iterable[Passage], reading: _Reading) -> tuple[str, ...]:
    """The distinct specifics the evidence states (not denies), each once, in order."""
    found: dict[str, None] = {}
    for passage in passages:
        found.update(dict.fromkeys(reading.commitments(passage.text).specifics))
    return tuple(found)


def answer_floor(words: int) -> int:
    """What an answer under the question's own heading earns for having been written: 1 from
    ANSWER_WORDS_FOR_ONE of the vendor's own counting words, 2 from ANSWER_WORDS_FOR_TWO."""
    if words >= ANSWER_WORDS_FOR_TWO:
        return 2
    return 1 if words >= ANSWER_WORDS_FOR_ONE else 0


@dataclass(frozen=True)
class Queries:
    """The criteria as matching reads them, worked out once for many calls to ``match``: each
    criterion's weighted query, key terms and surface words. A worker process matches one
    vendor per call; working these out per call cost about 20 ms a vendor."""

    criteria: tuple[Criterion, ...]
    model: ReferenceModel
    matrix: Any  # terms x criteria, sparse (CSR)
    key_terms: tuple[tuple[str, ...], ...]
    words: tuple[dict[str, str], ...]


def prepare(criteria: Sequence[Criterion], reference: ReferenceModel | None = None) -> Queries:
    """The criteria's queries under ``reference`` (fitted on the queries alone when None)."""
    model = reference or ReferenceModel.fit([c.query for c in criteria])
    return Queries(
        criteria=tuple(criteria),
        model=model,
        matrix=model.transform([c.query for c in criteria]).T.tocsr(),
        key_terms=tuple(tuple(model.key_terms(c.query, KEY_TERMS)) for c in criteria),
        words=tuple(surface_words(c.query) for c in criteria),
    )


def match(
    criteria: Sequence[Criterion],
    passages: Sequence[Passage],
    reference: ReferenceModel | None = None,
    *,
    queries: Queries | None = None,
    readings: Mapping[str, commitments.Commitments] | None = None,
) -> list[Match]:
    """Match every vendor's passages against every criterion; one Match per vendor x criterion.

    ``reference`` holds the term statistics, fitted on the criteria library and the shipped
    background corpus, never on the bids, so a vendor's row does not depend on who else bid;
    without it, one is fitted on these criteria's queries alone. Vendors are taken from the
    passages, in sorted order; a vendor with no passages gets no matches here (the caller
    flags it). Deterministic for the same inputs.

    One vendor at a time: a passage's weights depend only on its own text and the reference,
    so the similarity of a vendor's passages is the same computed alone, and neither time per
    vendor nor memory grows with the number of vendors (no passages x criteria array of the
    whole tender is ever held). ``queries``, from ``prepare`` on the same criteria and
    reference, saves working the criteria out again on each call; ``readings`` holds passage
    texts already read as commitments (``own_words_and_readings``), so they are not read again.
    """
    vendors = sorted({p.vendor for p in passages})
    if not criteria or not vendors:
        return []
    if queries is not None and [c.id for c in queries.criteria] != [c.id for c in criteria]:
        raise ScoringError("the prepared queries are for other criteria than those matched")
    prepared = queries or prepare(criteria, reference)
    model, key_terms, words = prepared.model, prepared.key_terms, prepared.words
    by_vendor: dict[str, list[Passage]] = {v: [] for v in vendors}
    for passage in passages:
        by_vendor[passage.vendor].append(passage)
    queries_matrix = prepared.matrix
    results: list[Match] = []
    for vendor in vendors:
        own = by_vendor[vendor]
        under_id = _rows_under_id(own)
        answer_texts, answer_columns = _answers(criteria, own, under_id)
        # One transform for the passages and the answers: each row is weighed and multiplied
        # on its own, so the rows are those of two calls, for one call's overhead.
        rows = (model.transform([p.text for p in own] + answer_texts) @ queries_matrix).toarray()
        similarity = rows[: len(own)]
        answers = {
            column: float(rows[len(own) + row, column]) for row, column in enumerate(answer_columns)
        }
        on_topic = {
            column: _on_topic(rows[len(own) + row], column)
            for row, column in enumerate(answer_columns)
        }
        reading = _Reading(readings)
        tagged = [under_id.get(criterion.id, []) for criterion in criteria]
        nearest = _nearest_rows(
            similarity, tagged, [EVIDENCE_PER_MATCH - len(rows) for rows in tagged]
        )
        for column, criterion in enumerate(criteria):
            results.append(
                _match_one(
                    vendor,
                    criterion,
                    similarity[:, column],
                    answers.get(column, 0.0),
                    on_topic=on_topic.get(column, False),
                    own=own,
                    tagged_rows=tagged[column],
                    nearest=nearest[column],
                    terms=key_terms[column],
                    words=words[column],
                    reading=reading,
                )
            )
    order = {c.id: i for i, c in enumerate(criteria)}
    results.sort(key=lambda m: (m.vendor, order[m.criterion]))
    return results


class _Reading:
    """One vendor's passages read as commitments, stemmed and quoted once, however many
    criteria cite them; dropped with the vendor, so it holds one proposal, never the tender.

    One quote string a passage, not one per criterion citing it: a 3-page vendor's 243 pieces
    of evidence quote about 55 passages, and the copies were half its matches' memory (pickle
    sends a string shared within a vendor's matches once, and unpickling keeps it shared).
    """

    def __init__(self, known: Mapping[str, commitments.Commitments] | None = None) -> None:
        self._commitments: dict[str, commitments.Commitments] = dict(known or {})
        self._stems: dict[str, frozenset[str]] = {}
        self._quotes: dict[str, str] = {}
        self.values = expects.SentenceValues()
        """The values of the evidence sentences, each read once however many facts ask."""

    def quote(self, text: str) -> str:
        found = self._quotes.get(text)
        if found is None:
            found = self._quotes[text] = quote(text)
        return found

    def commitments(self, text: str) -> commitments.Commitments:
        found = self._commitments.get(text)
        if found is None:
            found = self._commitments[text] = commitments.read_commitments(text)
        return found

    def stems(self, text: str) -> frozenset[str]:
        found = self._stems.get(text)
        if found is None:
            found = self._stems[text] = frozenset(stems(text))
        return found


def _on_topic(similarity: NDArray[np.float64], column: int) -> bool:
    """Whether an answer (its ``similarity`` to every criterion) is about the criterion in
    ``column``: it shares terms with it, and at most ANSWER_NEAREST - 1 criteria are nearer."""
    own = similarity[column]
    return bool(own > 0) and int((similarity > own).sum()) < ANSWER_NEAREST


def _rows_under_id(own: Sequence[Passage]) -> dict[str, list[int]]:
    """The rows of ``own`` under each question id, in reading order."""
    rows: dict[str, list[int]] = {}
    for row, passage in enumerate(own):
        if passage.question_id is not None:
            rows.setdefault(passage.question_id, []).append(row)
    return rows


def _answers(
    criteria: Sequence[Criterion], own: Sequence[Passage], under_id: dict[str, list[int]]
) -> tuple[list[str], list[int]]:
    """Each answer under a criterion's own id, its passages joined, and that criterion's
    column; the answer is compared with the criterion as one text."""
    answers: list[str] = []
    columns: list[int] = []
    for column, criterion in enumerate(criteria):
        if rows := under_id.get(criterion.id):
            answers.append(" ".join(own[row].text for row in rows))
            columns.append(column)
    return answers, columns
