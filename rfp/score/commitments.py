"""What a vendor commits to, sentence by sentence: the text an automatic score may reward.

Pure. Rubric levels 3 to 5 describe specific, checkable things, so the automatic score climbs
them only on the vendor's own specifics. Three kinds of text earn nothing, because a vendor
who has read the criteria library can produce any amount of them:
- **hedges**: "we strive to", "aim to", "plan to", "will consider", "where possible";
- **marketing**: "world-class", "best-in-class", "passionate", "industry-leading" (a sentence
  with a superlative and no specific);
- **keyword lists**: lines of terms without sentences (almost no function words).

``specifics`` counts what is checkable in what remains: numbers with units, percentages and
durations, named standards with versions, named tools and platforms, dates and certificate
numbers.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rfp.score.terms import UNIT, lowered, stop_words

_FLAGS = re.IGNORECASE

HEDGE = re.compile(
    r"\b(?:strive|striving|aim(?:s|ed|ing)?\s+(?:to|for|at)|aspire|plan(?:s|ned|ning)?\s+to|"
    r"intend(?:s|ed)?\s+to|will\s+(?:consider|explore|look\s+into|seek)|seek(?:s)?\s+to|"
    r"endeavou?r|where\s+(?:possible|feasible|practical)|as\s+far\s+as\s+possible|"
    r"best\s+efforts?|hope\s+to|would\s+(?:like|hope|aim)|working\s+towards?|"
    r"in\s+the\s+process\s+of|could\s+potentially|might|ideally|wherever\s+possible|"
    r"look(?:s|ing)?\s+forward\s+to|committed\s+to\s+excellence|will\s+try|tr(?:y|ies|ying)\s+to|"
    r"attempt(?:s|ing)?\s+to|if\s+(?:possible|feasible|practicable)|our\s+goal|"
    r"anticipate[sd]?|(?:is|are)\s+expected\s+to|typically|usually|generally)\b",
    _FLAGS,
)
DISCLAIMER = re.compile(
    r"\b(?:indicative|illustrative|non-?contractual|not\s+contractual|non-?binding|"
    r"not\s+binding|for\s+information\s+only)\b",
    _FLAGS,
)
"""A sentence saying the figures around it bind no one ("All figures above are indicative and
not contractual"): every statement of its text is then a hedge."""
NEGATION = re.compile(
    r"\b(?:cannot|can['’]t|unable\s+to|do\s+not|don['’]t|does\s+not|doesn['’]t|will\s+not|"
    r"won['’]t|not\s+(?:able|commit|guarantee|offer|provide|hold|currently|in\s+a\s+position)|"
    r"never\s+(?:contractually\s+)?(?:commit|guarantee|promise|offer)s?|"
    r"exclude[sd]?\s+from\s+(?:our|the|this)\s+(?:offer|scope|proposal|price|bid)|"
    r"(?:is|are)\s+not\s+(?:included|offered|part\s+of)|"
    r"(?:some|other|many|most)\s+(?:outsourcers|providers|vendors|competitors|suppliers|bpos)|"
    r"(?:industry|market)\s+(?:average|benchmark|norm)s?)\b",
    _FLAGS,
)
SUPERLATIVE = re.compile(
    r"\b(?:world[-\s]class|best[-\s]in[-\s]class|industry[-\s]leading|market[-\s]leading|"
    r"passionate|unparall?ell?ed|unmatched|unrivall?ed|cutting[-\s]edge|state[-\s]of[-\s]the[-\s]art|"
    r"second\s+to\s+none|top[-\s]tier|exceptional|outstanding|excellence|"
    r"leading[-\s]edge|innovative|seamless(?:ly)?|delight|trusted\s+partner|"
    r"customer[-\s]obsessed|award[-\s]winning|best[-\s]of[-\s]breed|superior)\b",
    _FLAGS,
)

_AMOUNTS = (
    re.compile(r"(?<![\w.])(?:[$€£]\s?)?\d[\d,]*(?:\.\d+)?\s*" + UNIT, _FLAGS),
    re.compile(r"[$€£]\s?\d[\d,]*(?:\.\d+)?"),
    re.compile(r"\b\d{2,3}\s*/\s*\d{1,3}\b"),  # 80/20
    re.compile(r"\b\d(?:\.\d)?\s*(?:/|out\s+of)\s*(?:5|10)\b", _FLAGS),  # 4.3/5
    re.compile(r"\b(?:24\s*/\s*7|24x7|365)\b", _FLAGS),
    re.compile(r"(?<![\w.])\d+(?:\.\d+)?x\b", _FLAGS),  # 3x, written close: "24 x" is no ratio
    re.compile(r"\b(?:[01]?\d|2[0-4]):[0-5]\d\b"),  # a clock time
    re.compile(
        r"\b(?:(?:19|20)\d\d-\d\d-\d\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
        r"[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d|\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|"
        r"Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\s+(?:19|20)\d\d)\b"
    ),
    re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"),  # a named contact
    re.compile(r"\+\d[\d\s().-]{7,}\d"),  # a telephone number
    re.compile(
        r"\b(?:certificate|licen[cs]e|registration|policy)\s+(?:no\.?|number|#)\s*[\w-]+", _FLAGS
    ),
)
"""Numbers with units, ratios, scores, dates, contacts and certificate numbers: the specifics
a table row of facts holds even without a sentence around it."""
_NAMES = (
    re.compile(
        r"\b(?:ISO(?:/IEC)?\s*\d{4,5}(?::\d{4})?|PCI[-\s]DSS(?:\s+v?\d(?:\.\d)?)?|"
        r"SOC\s*[12]\s+Type\s+(?:II|I|1|2)|NIST\s+(?:CSF|SP\s*800-\d+\w*)|TLS\s*1\.[23]|"
        r"AES[-\s]?256|COPC(?:\s+\w+)?|HITRUST|GDPR|HIPAA|SOX|SSAE\s*\d+|ISAE\s*\d+|"
        r"ITIL(?:\s*v?\d)?|Six\s+Sigma|CEFR\s+[ABC][12]|[ABC][12]\s+level|MFA|SSO|SAML)\b",
        _FLAGS,
    ),
    re.compile(
        r"\b(?:Genesys|NICE|Five9|Avaya|Talkdesk|Amazon\s+Connect|Twilio|Salesforce|Zendesk|"
        r"Freshdesk|ServiceNow|Jira|Verint|Calabrio|Alvaria|Qualtrics|Medallia|"
        r"SAP|Oracle|Workday|ADP|UKG|Kronos|Ceridian|Dayforce|Coupa|Ariba|NetSuite|Sage|Xero|"
        r"QuickBooks|BlackLine|Workiva|Dynamics\s+365|Microsoft\s+\w+|Azure|AWS|Okta|"
        r"CrowdStrike|Splunk|Palo\s+Alto|Zscaler|Tableau|Power\s+BI|UiPath|Blue\s+Prism|"
        r"Automation\s+Anywhere|Kofax|ABBYY|Tungsten|Basware|Concur|Kyriba|Intercom|"
        r"Sprinklr|Khoros|Hootsuite|Gong|Observe\.AI|CallMiner|Cogito)\b"
    ),
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?", _FLAGS)
KEYWORD_LIST_MIN_WORDS = 5
MIN_SENTENCE_WORDS = 3
KEYWORD_LIST_FUNCTION_SHARE = 0.12
"""Ordinary English runs at 35-50% function words ("the", "with", "we"); a list of terms not."""
BARE_TERMS_FUNCTION_SHARE = 0.05
COMMA_LIST_FUNCTION_SHARE = 0.2
BARE_TERMS_MIN_WORDS = 12
_TERMINAL = re.compile(r"[.!?:;)\]]\s*$")


def _for_lower_case(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` to search lower-cased text with: the same matches at the same places as
    the case-insensitive ``pattern`` in the text before lowering (``terms.lowered``),
    and quicker. The patterns have no upper-case escape (\\S, \\W, \\D, \\B), which lowering
    would turn around."""
    return re.compile(pattern.pattern.lower(), pattern.flags & ~re.IGNORECASE)


_LOWER_WORD = _for_lower_case(_WORD)


@dataclass(frozen=True)
class Commitments:
    """A text read as commitments: what counts, what was set aside, and the specifics found."""

    sentences: tuple[str, ...]
    hedged: tuple[str, ...]
    marketing: tuple[str, ...]
    keyword_lines: tuple[str, ...]
    negated: tuple[str, ...]
    specifics: tuple[str, ...]


def split_sentences(text: str) -> list[str]:
    """Sentences and lines, stripped; bullets and table rows are lines of their own."""
    return list(_sentences(text))


@functools.lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[str, ...]:
    """``split_sentences``, remembered for the last few texts: own_words splits a passage,
    then reads what is left of it once the buyer's words are out, most often the same text."""
    parts = _SENTENCE_END.split(text)
    return tuple([sentence for part in parts if (sentence := part.strip(" \t-•*·"))])


_LEADING_SPACE = re.compile(r"\s")


def splits_back(sentences: Sequence[str]) -> bool:
    """Whether ``split_sentences`` of ``sentences`` joined by line breaks gives them back.

    For sentences ``split_sentences`` returned (in order, some left out or not), without
    splitting again: none holds a line break or a stop followed by a space, so the joins are
    the only cuts, and a join is cut wider only where a stop ends one sentence and a space
    ``split_sentences`` does not strip (a Unicode space) begins the next.
    """
    return not any(
        before[-1] in ".!?;" and _LEADING_SPACE.match(after)
        for before, after in itertools.pairwise(sentences)
    )


def is_keyword_list(sentence: str) -> bool:
    """Terms strung together with hardly a function word: a list, not a statement.

    Three shapes, each of at least five words: a run of short comma-separated terms (three
    words or fewer an item on average, under a fifth function words); twelve or more
    words with almost no function word, full stop or not (longer than any table row); and a
    bare row of terms with neither a closing full stop nor any amount, time, date or contact
    (a table row of facts keeps its figures and is read).
    """
    return _words_and_list(sentence)[1]


@functools.lru_cache(maxsize=4096)
def _words_and_list(sentence: str) -> tuple[int, bool]:
    """How many words ``sentence`` has, and whether it is a keyword list. Cached: each
    sentence is asked twice, before and after the buyer's words are taken out, and the
    answers depend on it alone."""
    words = _lower_words(sentence)
    return len(words), _is_list(sentence, words)


def _lower_words(text: str) -> list[str]:
    """``_WORD``'s words of ``text``, lower-cased: found in the lower-cased text, the same
    words at the same places (``terms.lowered``), and quicker."""
    low = lowered(text)
    if low is None:
        return [word.lower() for word in _WORD.findall(text)]
    return _LOWER_WORD.findall(low)


def _is_list(sentence: str, words: Sequence[str]) -> bool:
    """``is_keyword_list`` of ``sentence``, whose lower-cased words are ``words``."""
    if len(words) < KEYWORD_LIST_MIN_WORDS:
        return False
    if _one_filler_between_terms(words):
        return True
    share = sum(map(stop_words().__contains__, words)) / len(words)
    commas = sentence.count(",")
    if commas >= 3 and commas * 3 >= len(words) and share < COMMA_LIST_FUNCTION_SHARE:
        return True
    if share >= KEYWORD_LIST_FUNCTION_SHARE:
        return False
    if len(words) >= BARE_TERMS_MIN_WORDS and share < BARE_TERMS_FUNCTION_SHARE:
        return True
    return not _TERMINAL.search(sentence) and not _found(_AMOUNTS, sentence)


FILLED_LIST_GAPS = 6
FILLED_LIST_SHARE = 0.75


def _one_filler_between_terms(words: Sequence[str]) -> bool:
    """Single terms strung with one filler repeated ("we have the data and the exit and the
    portability and the ..."): a keyword list dressed with function words, which English
    varies. At least FILLED_LIST_GAPS gaps between terms hold function words, one run of them
    fills FILLED_LIST_SHARE of those gaps, and as large a share of the terms are one word
    (prose in another language, whose function words the English list misses but for "de"
    and "con", runs several words between them)."""
    stop = stop_words()
    gaps: list[tuple[str, ...]] = []
    terms: list[int] = []
    filler: list[str] = []
    for word in words:
        if word in stop:
            filler.append(word)
            continue
        if terms and filler:
            gaps.append(tuple(filler))
            terms.append(0)
        elif not terms:
            terms.append(0)
        filler = []
        terms[-1] += 1
    if len(gaps) < FILLED_LIST_GAPS:
        return False
    enough = FILLED_LIST_SHARE * len(gaps)
    return Counter(gaps).most_common(1)[0][1] >= enough and terms.count(1) >= enough


_DIGIT = re.compile(r"\d")
_STANDARD_STEMS = (
    "iso", "pci", "soc", "nist", "tls", "aes", "copc", "hitrust", "gdpr", "hipaa", "sox", "ssae",
    "isae", "itil", "six", "cefr", "level", "mfa", "sso", "saml",
)  # fmt: skip
_TOOL_STEMS = re.compile(
    "Genesys|NICE|Five9|Avaya|Talkdesk|Amazon|Twilio|Salesforce|Zendesk|Freshdesk|ServiceNow|"
    "Jira|Verint|Calabrio|Alvaria|Qualtrics|Medallia|SAP|Oracle|Workday|ADP|UKG|Kronos|"
    "Ceridian|Dayforce|Coupa|Ariba|NetSuite|Sage|Xero|QuickBooks|BlackLine|Workiva|Dynamics|"
    "Microsoft|Azure|AWS|Okta|CrowdStrike|Splunk|Palo|Zscaler|Tableau|Power|UiPath|Blue|"
    "Automation|Kofax|ABBYY|Tungsten|Basware|Concur|Kyriba|Intercom|Sprinklr|Khoros|"
    "Hootsuite|Gong|Observe|CallMiner|Cogito"
)


_LOWER_CASE = tuple(
    _for_lower_case(pattern) if pattern.flags & re.IGNORECASE else None
    for pattern in _AMOUNTS + _NAMES
)


def _may_match(text: str, low: str | None) -> tuple[bool, ...]:
    """For each of ``_AMOUNTS + _NAMES``, whether ``text`` (lower-cased: ``low``, None with an
    ``terms.LOWERING_MOVES`` character) holds what every match needs.

    Cheap substring tests skip the patterns that cannot match: most passages lack a digit, a
    slash, an "@" or a tool's name, and scanning for each pattern cost more than reading them.
    Each test is a necessary condition, so the matches found are exactly the same.
    """
    if low is None:
        return (True,) * (len(_AMOUNTS) + len(_NAMES))
    digit = _DIGIT.search(text) is not None
    return (
        digit,
        "$" in text or "€" in text or "£" in text,
        digit and "/" in text,
        digit and ("/" in text or "out" in low),
        "24" in text or "365" in text,
        digit and "x" in low,
        digit and ":" in text,
        "19" in text or "20" in text,
        "@" in text,
        "+" in text,
        any(map(low.__contains__, ("certificate", "licen", "registration", "policy"))),
        any(map(low.__contains__, _STANDARD_STEMS)),
        _TOOL_STEMS.search(text) is not None,
    )


def _found(patterns: Sequence[re.Pattern[str]], text: str) -> dict[str, int]:
    """Each distinct match of ``patterns`` (a prefix of ``_AMOUNTS + _NAMES``) in ``text``
    (normalised) with where it starts. Case-insensitive patterns search the lower-cased
    text, in lower case (``_for_lower_case``)."""
    found: dict[str, int] = {}
    low = lowered(text)
    for pattern, lower_case, may in zip(patterns, _LOWER_CASE, _may_match(text, low), strict=False):
        if not may:
            continue
        if lower_case is not None and low is not None:
            matches = lower_case.finditer(low)
        else:
            matches = pattern.finditer(text)
        for match in matches:
            start, end = match.span()
            found.setdefault(" ".join(text[start:end].split()).lower(), start)
    return found


def find_specifics(text: str) -> list[str]:
    """The checkable things in ``text``, each once, in order of appearance."""
    found = _found(_AMOUNTS + _NAMES, text)
    return sorted(found, key=lambda key: (found[key], key))


_FLAGGED = _for_lower_case(
    re.compile(
        "|".join(pattern.pattern for pattern in (HEDGE, SUPERLATIVE, NEGATION, DISCLAIMER)),
        _FLAGS,
    )
)
"""HEDGE, SUPERLATIVE, NEGATION or DISCLAIMER, to search a lower-cased text for in one scan."""


def _may_be_flagged(text: str) -> bool:
    """Whether a sentence of ``text`` may hold a hedge, a superlative or a negation.

    One scan of the lower-cased text (``terms.lowered``) instead of three
    case-insensitive scans a sentence: most passages have none. A sentence's match is a match
    in the text, since sentences are cut at spaces, line breaks and bullet marks, which are
    not word characters, so ``\\b`` holds at their edges in both.
    """
    low = lowered(text)
    return low is None or _FLAGGED.search(low) is not None


def read_commitments(text: str) -> Commitments:
    """Sort ``text`` into the sentences that count and those that earn nothing."""
    kept: list[str] = []
    hedged: list[str] = []
    marketing: list[str] = []
    keywords: list[str] = []
    negated: list[str] = []
    flagged = _may_be_flagged(text)
    disclaimed = flagged and DISCLAIMER.search(text) is not None
    for sentence in _sentences(text):
        words, listed = _words_and_list(sentence)
        if words < MIN_SENTENCE_WORDS:
            continue  # "Yes.", a fragment left between two cuts of the buyer's text
        if listed:
            keywords.append(sentence)
        elif disclaimed or (flagged and HEDGE.search(sentence)):
            hedged.append(sentence)
        elif flagged and SUPERLATIVE.search(sentence) and not find_specifics(sentence):
            marketing.append(sentence)
        else:
            kept.append(sentence)
            if flagged and NEGATION.search(sentence):
                negated.append(sentence)
    specifics = find_specifics(" \n".join(s for s in kept if s not in negated))
    return Commitments(
        tuple(kept),
        tuple(hedged),
        tuple(marketing),
        tuple(keywords),
        tuple(negated),
        tuple(specifics),
    )


def specifics_cap(count: int) -> int:
    """The highest rubric level an answer can reach on ``count`` specifics of its own.

    Levels 3 and 4 need at least two specifics, level 5 at least four: a rubric's upper levels
    describe targets, standards, tools and attainment, and an answer without any is at most 2.
    """
    if count >= 4:
        return 5
    if count >= 2:
        return 4
    return 2


def affirmed(sentences: Sequence[str], negated: Sequence[str]) -> list[str]:
    """The sentences that state something rather than deny it: where facts may be found."""
    denied = set(negated)
    return [sentence for sentence in sentences if sentence not in denied]
