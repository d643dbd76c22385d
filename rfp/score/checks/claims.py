"""Whether a mention in a proposal is a present-tense claim by the vendor.

Certifications, languages and delivery locations decide knockouts, so a mention counts only
when the vendor says it holds or offers the thing now. A plan ("working towards", "plan our
first"), a negation ("do not currently hold"), a lapse ("expired in 2024", "previously held")
and a restatement of the buyer's requirement ("the vendor must hold", "Customers may require")
are read in the clause around the mention and do not count.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Literal

from rfp.score.checks.scan import folded_positions, matches_at, may_hold, word_starts

ClaimStatus = Literal["held", "planned", "not_held"]

_FLAGS = re.IGNORECASE
_QUOTE_CHARS = 200
_NEGATION_WINDOW_WORDS = 8

# Cues are judged within the clause around a mention, so "we hold ISO 27001 and are working
# towards SOC 2" marks only SOC 2 as planned. An "and" opens a new clause when a subject or a
# verb of intent follows it ("... last year and plan our first ...").
_CLAUSE_BREAK = re.compile(
    r"(?<=[.!?])\s+|[;\n\r•]"
    r"|\b(?:but|however|whereas|while|although|though|except)\b"
    r"|,?\s+and\s+(?=(?:we|our|are|is|have|has|it|they|the|will|also|do|does|did|can|cannot"
    r"|plan|plans|intend|intends|expect|expects|aim|aims|hope|hopes|seek|seeks)\b)",
    _FLAGS,
)
PLANNED = re.compile(
    r"\b(?:working\s+(?:towards?|on)|in\s+progress|pursu(?:e|es|ing)|expect(?:s|ed|ing)?"
    r"|plan(?:s|ned|ning)?\s+(?:to|our|an?|the|its|for)\b|planned|roadmap"
    r"|target(?:s|ed|ing)?|aim(?:s|ing)?\s+(?:to|for)|(?:is|are)\s+scheduled"
    r"|under\s*way|in\s+the\s+process\s+of|prepar(?:e|es|ing)\s+for|pending|not\s+yet"
    r"|seek(?:s|ing)?|intend(?:s|ing)?\s+to|anticipat(?:e|es|ed|ing)"
    r"|(?:by|for|in)\s+(?:Q[1-4]|H[12])\b|upcoming|initiat(?:ed|ing))",
    _FLAGS,
)
"""Cues that a thing is intended, not yet held; a reader may add its own."""
_PLANNED_WORDS = (
    *("working", "progress", "pursu", "expect", "plan", "roadmap", "target", "aim"),
    *("scheduled", "under", "process", "prepar", "pending", "yet", "seek", "intend"),
    *("anticipat", "q1", "q2", "q3", "q4", "h1", "h2", "upcoming", "initiat"),
)
"""A word every ``PLANNED`` match holds, one an alternative (``scan.may_hold``)."""

_PLANNED_NEGATED = re.compile(
    r"\b(?:not|no)\s+(?:currently\s+)?(?:working|pursu|plan|intend|seek|aim)", _FLAGS
)
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:not|no|never|neither|nor|without|lacks?|lacking)\b|n[’']t\b)", _FLAGS
)
_NEGATION_AFTER = re.compile(r"(?:\bnot\b|n[’']t\b|^\W*no\b)", _FLAGS)
_PAST_VERBS = (
    r"held|had|maintained|certified|accredited|compliant|audited|offered|delivered"
    r"|supported|provided|operated|ran|staffed"
)
_LAPSED = re.compile(
    r"(?<!\bnever\s)(?<!\bnot\s)(?<![’']t\s)"
    r"\b(?:lapsed|expired|no\s+longer|formerly|closed|shut\s+down|wound\s+down"
    rf"|previously\s+(?:{_PAST_VERBS})|(?:{_PAST_VERBS})\s+previously"
    r"|(?:was|were|had\s+been)\b[^.;]{0,60}?\buntil\b"
    r"|(?:let|allowed)\b[^.;]{0,40}?\b(?:lapse|expire))\b",
    _FLAGS,
)
_LAPSED_WORDS = (
    *("lapse", "expire", "longer", "formerly", "closed", "down", "previously", "until"),
)
_MODAL = (
    r"must|shall|should|(?:is|are)\s+(?:required|expected|obliged)\s+to|needs?\s+to"
    r"|(?:has|have)\s+to"
)
_OBLIGATION = re.compile(
    rf"\b(?:{_MODAL})\s+(?:\w+\s+){{0,2}}?(?:hold|have|maintain|possess|be|provide|obtain"
    r"|achieve|demonstrate|evidence|comply|offer|support|speak|deliver|operate|submit|supply"
    r"|present|attest|cover|use|run|staff|employ)\b",
    _FLAGS,
)
_OBLIGATION_WORDS = (
    *("must", "shall", "should", "required", "expected", "obliged", "need", "has", "have"),
)
# The buyer's generic vendor, the subject of a requirement and never of the vendor's own claim.
_GENERIC_VENDOR = re.compile(
    r"\b(?:the|each|every|all|any|a|an|selected|successful|preferred)\s+"
    r"(?:vendor|supplier|bidder|provider|respondent|proposer|contractor)s?\b"
    r"|^\W*(?:vendor|supplier|bidder|respondent|proposer)s\b",
    _FLAGS,
)
_GENERIC_VENDOR_WORDS = (
    *("vendor", "supplier", "bidder", "provider", "respondent", "proposer", "contractor"),
)
_REQUIREMENT_WORD = re.compile(
    r"(?<!\bwhere\s)(?<!\bwhen\s)(?<!\bif\s)(?<!\bas\s)(?<!\bwhenever\s)"
    r"\b(?:require[sd]?|requirements?|mandatory|acceptable|evidence\s+expected)\b",
    _FLAGS,
)
_REQUIREMENT_WORDS = ("require", "mandatory", "acceptable", "expected")
_REQUIREMENT_AFTER = re.compile(
    r"^\W*(?:\w+\s+){0,3}?(?:(?:is|are)\s+|:\s*)(?:required|mandatory|a\s+requirement)\b",
    _FLAGS,
)
# Where a ``_CLAUSE_BREAK`` can start: after the punctuation a sentence break follows, at a
# break character, and at the words it names (an "and" also from the spaces and comma before).
_AFTER_SENTENCE_END = re.compile(r"[.!?](?=\s)")
_BREAK_CHARACTER = re.compile(r"[;\n\r•]")
_BREAK_WORDS = ("but", "however", "whereas", "while", "although", "though", "except", "and")
_BREAK_WORDS_SCAN = re.compile("|".join(_BREAK_WORDS), _FLAGS)
_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us)\b", _FLAGS)
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_ADJACENT_PREFIX = re.compile(r"\s*(?:(?!(?:and|or)\b)[\w.:-]+\s*)?", _FLAGS)


class Clauses:
    """The clause boundaries of one text, found once and looked up per mention.

    ``Clauses.of`` keeps the last few: the certification, language and location checks read
    the same proposal text, and finding its boundaries costs about 6 ms a 30-page proposal.
    """

    @staticmethod
    @lru_cache(maxsize=4)
    def of(text: str) -> Clauses:
        """The clauses of ``text``, shared by the checks that read the same text."""
        return Clauses(text)

    def __init__(self, text: str) -> None:
        self.text = text
        breaks = [
            (m.start(), m.end()) for m in matches_at(_CLAUSE_BREAK, text, _break_starts(text))
        ]
        self._starts = [start for start, _ in breaks]
        self._ends = [end for _, end in breaks]
        self._contexts: dict[tuple[int, int], tuple[str, str]] = {}

    def around(self, span: tuple[int, int]) -> tuple[int, int]:
        """The (start, end) of the clause holding ``span``."""
        before = bisect_right(self._ends, span[0])
        start = self._ends[before - 1] if before else 0
        after = bisect_left(self._starts, span[1])
        end = self._starts[after] if after < len(self._starts) else len(self.text)
        return start, end

    def context(self, span: tuple[int, int]) -> tuple[str, str]:
        """The clause's words before and after the mention, bracketed asides blanked.

        Kept per mention: a status, a weak claim and a refusal each read the same context.
        """
        found = self._contexts.get(span)
        if found is None:
            found = self._contexts[span] = self._context(span)
        return found

    def _context(self, span: tuple[int, int]) -> tuple[str, str]:
        start, end = self.around(span)
        before = _mask_parentheticals(self.text[start : span[0]], keep_adjacent=False)
        after = _mask_parentheticals(self.text[span[1] : end], keep_adjacent=True)
        return before, after

    def is_question(self, span: tuple[int, int]) -> bool:
        """Whether the mention sits in a sentence that ends with a question mark."""
        end = self.around(span)[1]
        # text[:end].rstrip().endswith("?") without copying the text up to the mention
        last = end - 1
        while last >= 0 and self.text[last].isspace():
            last -= 1
        return last >= 0 and self.text[last] == "?"


def _break_starts(text: str) -> list[int]:
    """Every position at which ``_CLAUSE_BREAK`` can match ``text``, sorted: scanning a
    30-page proposal for these costs about a third of trying the pattern everywhere."""
    starts = [match.end() for match in _AFTER_SENTENCE_END.finditer(text)]
    starts += [match.start() for match in _BREAK_CHARACTER.finditer(text)]
    words = folded_positions(text, _BREAK_WORDS)
    if words is None:
        words = word_starts(_BREAK_WORDS_SCAN, text)
    for start in words:
        starts.append(start)
        # ",? \s+ and": from any of the spaces before the word, or the comma before them.
        before = start - 1
        while before >= 0 and text[before].isspace():
            starts.append(before)
            before -= 1
        if before >= 0 and text[before] == ",":
            starts.append(before)
    return sorted(starts)


def restates_requirement(before: str, after: str) -> bool:
    """Whether the clause states what the buyer requires rather than what the vendor has.

    "Must/shall/should hold" and "is required to" are requirements whoever the subject is;
    a generic "the vendor", "required" or "mandatory" only when the clause has no "we"/"our",
    so "we meet your requirement: we hold PCI DSS" is still a claim.
    """
    if _found(_OBLIGATION, before, _OBLIGATION_WORDS):
        return True
    if _FIRST_PERSON.search(before) or _FIRST_PERSON.search(after):
        return False
    return bool(
        _found(_GENERIC_VENDOR, before, _GENERIC_VENDOR_WORDS)
        or _found(_REQUIREMENT_WORD, before, _REQUIREMENT_WORDS)
        or _REQUIREMENT_AFTER.search(after)
    )


def _found(pattern: re.Pattern[str], text: str, words: tuple[str, ...]) -> bool:
    """``pattern.search(text)``, tried only when ``text`` holds one of ``words``, a word every
    match of ``pattern`` holds: most clauses hold none, and the test costs a fraction of the
    scan (``scan.may_hold``)."""
    return may_hold(text, words) and pattern.search(text) is not None


def claim_status(
    clauses: Clauses,
    span: tuple[int, int],
    also_planned: re.Pattern[str] | None = None,
    keeps_held: re.Pattern[str] | None = None,
) -> ClaimStatus:
    """Held, planned or not held, from the cues in the clause around the mention.

    Order matters: a requirement, a refused plan ("not pursuing") and a lapse are not held
    before any plan is read; ``also_planned`` adds the reader's own plan cues to ``PLANNED``
    and ``keeps_held`` names cues under which a plan is about keeping
    something already held (a surveillance audit); a negation near the mention comes last.
    """
    before, after = clauses.context(span)
    scope = f"{before} … {after}"
    if clauses.is_question(span) or restates_requirement(before, after):
        return "not_held"
    if _PLANNED_NEGATED.search(scope) or _found(_LAPSED, scope, _LAPSED_WORDS):
        return "not_held"
    planned = _found(PLANNED, scope, _PLANNED_WORDS) or (
        also_planned is not None and also_planned.search(scope)
    )
    if planned and not (keeps_held is not None and keeps_held.search(scope)):
        return "planned"
    near_before = " ".join(before.split()[-_NEGATION_WINDOW_WORDS:])
    if _NEGATION_BEFORE.search(near_before) or _NEGATION_AFTER.search(after):
        return "not_held"
    return "held"


def is_refusal(clauses: Clauses, span: tuple[int, int]) -> bool:
    """Whether a mention read as not held is the vendor's own statement ("we do not hold",
    "aligned with", "lapsed"), not a question or the buyer's requirement restated: only the
    vendor's own statement is a fact it can be held to."""
    before, after = clauses.context(span)
    return not (clauses.is_question(span) or restates_requirement(before, after))


def quote_around(text: str, span: tuple[int, int]) -> str:
    """About 200 characters centred on the mention, whitespace collapsed, cuts marked."""
    margin = max(0, (_QUOTE_CHARS - (span[1] - span[0])) // 2)
    start = max(0, span[0] - margin)
    end = min(len(text), span[1] + margin)
    snippet = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(text) else "")


def _mask_parentheticals(fragment: str, keep_adjacent: bool) -> str:
    """Blank out bracketed asides, which usually qualify a neighbouring list item.

    With ``keep_adjacent``, an aside at most one word after the fragment's start is kept: it
    qualifies the thing just mentioned ("PCI DSS (in progress)").
    """

    def blank(match: re.Match[str]) -> str:
        if keep_adjacent and _ADJACENT_PREFIX.fullmatch(fragment[: match.start()]):
            return match.group(0)
        return " "

    return _PARENTHETICAL.sub(blank, fragment)
