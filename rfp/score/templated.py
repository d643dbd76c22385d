"""Answers poured into one frame: the same sentence under many questions, each time filled with
that question's own terms and a few figures.

Pure. A vendor who has read the criteria library can write one sentence ("We deliver X, Y and
Z at 95% and 98%.") and fill it, under every question's heading, with that question's key
terms and made-up figures: every answer then looks on topic and specific. In an adversarial
probe that sentence alone took the weakest demo bid from 27.33 to 73.84 points, above the
strongest (70.25). Honest answers say different things, so their own words differ from one
question to the next.

A sentence's frame is its words with the question's own vocabulary (the stems of its query:
title, question and ``match`` text) and its figures each made a slot, and a list of slots ("X,
Y and Z", "X at 95% and 98%") one slot. A frame with at least FRAME_WORDS words of its own that
recurs under FRAME_QUESTIONS questions or more, filled differently each time, is a template:
its sentences earn nothing, wherever they are. The same sentence repeated word for word ("See
Appendix C.") fills no slot differently and is left alone: it games nothing.

Not caught, and said in the README: a frame written anew for every question, and rows of the
question's own terms and a figure alone ("| Privileged access joiner | 94% |"), which have no
word of their own and look like an honest row of facts ("| First contact resolution | 78% |").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from rfp.score.commitments import MIN_SENTENCE_WORDS, split_sentences
from rfp.score.passages import Passage
from rfp.score.terms import stem_words, stop_words

FRAME_QUESTIONS = 3
"""Questions a frame must recur under to be a template: two answers may share a sentence
("Reported monthly to Acme's account team."), a pattern poured into three or more is a mould."""
FRAME_WORDS = 2
"""Words outside the slots a frame needs: "_ in _" is the shape of many honest rows of facts
("Speed of answer | 80% in 20 seconds"), "we deliver _ at _" a sentence."""
SLOT = "_"
_TOKEN = re.compile(r"\d[\d.,:/]*\s*%?|[a-z]+|[,;&/|+]")
_WORD = re.compile(r"[a-z]+")
_JOINERS = frozenset({",", ";", "&", "/", "|", "+"})
_LOOSE = "\0"
"""A token that goes into a slot it touches: a joint, a function word, a single letter."""


def frame(sentence: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """``sentence`` with each figure and each word whose stem is in ``vocabulary`` a slot, and
    the commas, table bars, function words and single letters next to a slot taken into it:
    a list of terms is one slot however it is strung ("X, Y and Z at 95% and 98%")."""
    tokens = _TOKEN.findall(sentence.lower())
    words = [token for token in tokens if token[0].isalpha()]
    stem_of = dict(zip(words, stem_words(words), strict=True))
    stop = stop_words()
    kinds = [
        SLOT
        if token[0].isdigit() or (token not in stop and stem_of.get(token) in vocabulary)
        else _LOOSE
        if token in _JOINERS or token in stop or len(token) == 1
        else token
        for token in tokens
    ]
    shape: list[str] = []
    loose: list[str] = []
    for token, kind in zip(tokens, kinds, strict=True):
        if kind == _LOOSE:
            loose.append(token)
            continue
        if kind != SLOT and (not shape or shape[-1] != SLOT):
            shape += loose
        loose = []
        if kind != SLOT or not shape or shape[-1] != SLOT:
            shape.append(kind)
    if not shape or shape[-1] != SLOT:
        shape += loose
    return tuple(shape)


def _own_words(shape: Sequence[str]) -> int:
    return sum(token != SLOT and token[0].isalpha() for token in shape)


def templated(
    passages: Iterable[Passage], vocabularies: Mapping[str, frozenset[str]]
) -> dict[str, set[str]]:
    """The sentences of each question's answer (by question id) whose frame recurs under
    FRAME_QUESTIONS questions or more. Only answers under a question's own id are read: that
    is where a question's vocabulary says which words are the buyer's."""
    sentences: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    questions: dict[tuple[str, ...], set[str]] = defaultdict(set)
    fillings: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for passage in passages:
        question = passage.question_id
        vocabulary = vocabularies.get(question or "")
        if question is None or vocabulary is None:
            continue
        for sentence in split_sentences(passage.text):
            if len(_WORD.findall(sentence.lower())) < MIN_SENTENCE_WORDS:
                continue
            shape = frame(sentence, vocabulary)
            if SLOT in shape and _own_words(shape) >= FRAME_WORDS:
                sentences[question].append((sentence, shape))
                questions[shape].add(question)
                fillings[shape].add(sentence)
    moulds = {
        shape
        for shape, where in questions.items()
        if len(where) >= FRAME_QUESTIONS and len(fillings[shape]) >= FRAME_QUESTIONS
    }
    return {
        question: found
        for question, pairs in sentences.items()
        if (found := {sentence for sentence, shape in pairs if shape in moulds})
    }
