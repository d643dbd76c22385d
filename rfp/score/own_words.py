"""A vendor's passages reduced to its own commitments, with the account of what was set aside.

Pure. Each passage loses the sentences poured into one frame under several questions
(``templated``) and the buyer's words (``echo``), then the sentences that earn nothing
(``commitments``: hedges, marketing, keyword lists). What remains is what matching, the facts
and the checks read; what was removed is counted per answer and per proposal so evaluators and
the report can see it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rfp.score import commitments, echo, templated
from rfp.score.passages import Passage

ECHO_FLAG = "restates the RFP's own text"
EMPTY_FLAG = "mostly statements that earn nothing"
TEMPLATE_FLAG = "answers poured into one frame"
EMPTY_FLAG_SHARE = 0.5
"""A proposal with at least half its statements marketing, hedges, keyword lists or templates
is flagged."""


@dataclass
class TextAccount:
    """What one vendor's proposal text held, and what the automatic score could use."""

    words: int = 0
    echo_words: int = 0
    statements: int = 0
    hedged: int = 0
    marketing: int = 0
    keyword_lines: int = 0
    templated: int = 0
    """Sentences poured into one frame under several questions (``templated``)."""
    answer_words: dict[str, int] = field(default_factory=dict)
    answer_echo_words: dict[str, int] = field(default_factory=dict)

    @property
    def echo_share(self) -> float:
        """The share of the proposal's words that are the buyer's."""
        return self.echo_words / self.words if self.words else 0.0

    def answer_echo_share(self, criterion: str) -> float:
        """The share of the answer under ``criterion``'s own heading that is the buyer's."""
        words = self.answer_words.get(criterion, 0)
        return self.answer_echo_words.get(criterion, 0) / words if words else 0.0

    @property
    def set_aside(self) -> int:
        """Statements that earn nothing: hedges, marketing, keyword lists and templates."""
        return self.hedged + self.marketing + self.keyword_lines + self.templated

    @property
    def flags(self) -> list[str]:
        """What a reader must see about this proposal's text, worded for the ranking's flags."""
        found: list[str] = []
        if self.words and self.echo_share >= echo.ECHO_FLAG_SHARE:
            found.append(f"{ECHO_FLAG} ({self.echo_share:.0%} of its words)")
        if self.templated:
            found.append(
                f"{TEMPLATE_FLAG}: {self.templated} sentences filled with each question's own terms"
            )
        total = self.statements + self.set_aside
        if total and self.set_aside / total >= EMPTY_FLAG_SHARE:
            found.append(
                f"{EMPTY_FLAG}: {self.set_aside} of {total} are marketing, hedges, keyword lists "
                "or templates"
            )
        return found


@dataclass(frozen=True)
class OwnWords:
    """One vendor's passages as the score reads them, the vendor's own text, and the account."""

    passages: list[Passage]
    text: str
    account: TextAccount


def own_words(passages: Sequence[Passage], buyer: echo.BuyerText) -> OwnWords:
    """Strip the buyer's words and the sentences that earn nothing from one vendor's passages.

    Passages left with no sentence that counts are dropped; the vendor's own text (echo removed,
    everything else kept) is what the certification and language checks read.
    """
    return own_words_and_readings(passages, buyer)[0]


def own_words_and_readings(
    passages: Sequence[Passage], buyer: echo.BuyerText
) -> tuple[OwnWords, dict[str, commitments.Commitments]]:
    """``own_words``, and each kept passage's text as ``commitments.read_commitments`` reads it.

    Matching reads its evidence passages as commitments again; a kept passage is its counting
    sentences joined by line breaks, so reading it again gives those sentences, their negations
    and specifics, and nothing set aside. That holds whenever splitting the kept text gives the
    same sentences back, which is checked for each passage (``commitments.splits_back``: a rare
    Unicode space after a full stop can make it fail; that passage is then simply read again).
    """
    account = TextAccount()
    answer_words: dict[str, int] = defaultdict(int)
    answer_echo: dict[str, int] = defaultdict(int)
    kept: list[Passage] = []
    own_texts: list[str] = []
    readings: dict[str, commitments.Commitments] = {}
    moulded = templated.templated(passages, buyer.vocabularies)
    for passage in passages:
        sentences = commitments.split_sentences(passage.text)
        listed = [s for s in sentences if commitments.is_keyword_list(s)]
        account.keyword_lines += len(listed)
        poured = moulded.get(passage.question_id or "", set())
        cast = [s for s in sentences if s in poured and s not in listed]
        account.templated += len(cast)
        own = echo.own_text(_without(passage.text, listed + cast), buyer)
        account.words += own.words
        account.echo_words += own.echo_words
        if passage.question_id:
            answer_words[passage.question_id] += own.words
            answer_echo[passage.question_id] += own.echo_words
        own_texts.append(own.text)
        read = commitments.read_commitments(own.text)
        account.hedged += len(read.hedged)
        account.marketing += len(read.marketing)
        account.keyword_lines += len(read.keyword_lines)
        account.statements += len(read.sentences)
        if read.sentences:
            text = "\n".join(read.sentences)
            kept.append(replace(passage, text=text))
            if commitments.splits_back(read.sentences):
                readings[text] = commitments.Commitments(
                    read.sentences, (), (), (), read.negated, read.specifics
                )
    account.answer_words = dict(answer_words)
    account.answer_echo_words = dict(answer_echo)
    words = OwnWords(kept, "\n\n".join(text for text in own_texts if text), account)
    return words, readings


def _without(text: str, sentences: Sequence[str]) -> str:
    """``text`` with each of ``sentences`` cut out, before echo is looked for.

    Keyword lists and templates go first: once the buyer's phrases are cut out of one, what is
    left are fragments too short to look like a list, and they would otherwise pass as
    sentences.
    """
    for sentence in sentences:
        text = text.replace(sentence, "", 1)
    return text
