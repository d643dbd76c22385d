"""Find the facts a rubric names (80/20, ASA under 30 s, accuracy 98%+) in a vendor's sentences.

Pure: sentences in, facts found out. A level that names a number is earned by a sentence that
states a value on the right side of the bound, in a sentence about the right thing (one of the
expect's ``near`` words), never by echoing the vocabulary. The caller passes only the vendor's
own sentences, already stripped of the buyer's text, hedges and negations; this module reads the
numbers right:

- percentages need a % sign or "percent"/"per cent": "80 percent", "99.5%"; a ``number``
  fact reads only bare numbers (no %, no time unit), so "CSAT 85%" is not a CSAT of 85;
- durations are converted (the one table, ``SECONDS_PER``): "within 1 hour" meets 24 hours,
  "24h", "2 business days", "one hour" (words zero to twelve), "an hour", "same day";
- "80/20" is 80% within 20 seconds when the expect's near words speak of service level or of
  calls answered, and nothing otherwise (it is also the Pareto rule); "4.3/5" and "4.3 out of
  5" are scores of 4.3; "1:20" and "one analyst per 20 agents" are ratios of 20;
- ranges take the weaker end: "75-85%" commits only to 75 against a lower bound and only to 85
  against an upper one;
- comparisons in words count: "under", "less than", "no more than", "within" promise at most;
  "at least", "or more", "minimum", "+" promise at least; "or better" promises the side that is
  better. A value promised only from the other side ("up to 99%") does not meet a bound;
- years (2019 to 2035 without a unit), versions and ids ("ISO 27001", "TLS 1.2", "NIST 800-88",
  "Q4", "24/7"), dates, clock times and money are not values, nor a count of "HR" staff ("40 HR
  specialists": capital HR before a word is human resources, not hours).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rfp.core.spec import Expect

Direction = Literal["", "le", "ge", "better"]

# The one unit table: seconds in each unit a duration bound may use. A month is a twelfth of a
# year so that 36 months is exactly 3 years.
SECONDS_PER: dict[str, float] = {
    "seconds": 1.0,
    "minutes": 60.0,
    "hours": 3600.0,
    "days": 86400.0,
    "weeks": 7 * 86400.0,
    "months": 365.25 * 86400.0 / 12,
    "years": 365.25 * 86400.0,
}
_UNIT_SPELLINGS: dict[str, str] = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), "seconds"),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), "minutes"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hours"),
    **dict.fromkeys(("day", "days"), "days"),
    **dict.fromkeys(("wk", "wks", "week", "weeks"), "weeks"),
    **dict.fromkeys(("mo", "mos", "month", "months"), "months"),
    **dict.fromkeys(("yr", "yrs", "year", "years"), "years"),
}
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve"
_WORDS: dict[str, float] = {word: float(n) for n, word in enumerate(_NUMBER_WORDS.split(" "))}
YEARS = range(2019, 2036)
_EPSILON = 1e-9

_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(_WORDS) + r")"
_START = r"(?<![\w.,])"
_END = r"(?!\w|\.\d)"
_PCT = r"\s*(?:%|per\s*cent\b|percent\b)"
_UNIT = (
    r"[\s-]*(?:(?:business|working|calendar|consecutive|full|straight|rolling|"
    r"trailing|continuous)[\s-]+)?"
    r"(?P<unit>seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|months?|mos?"
    r"|years?|yrs?)\b"
)
_FLAGS = re.IGNORECASE


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)


_SINGLE = _rx(rf"{_START}(?P<n>{_NUM})(?:(?P<pct>{_PCT})|{_UNIT}|{_END})")
_ARTICLE = _rx(rf"{_START}(?P<n>an?){_UNIT}")
_SAME_DAY = _rx(r"\bsame[\s-]+(?:(?:business|working)[\s-]+)?day\b")
_HALF = _rx(r"\bhalf[\s-]+an?[\s-]+(?P<unit>hour|day)\b")
_RANGE = _rx(
    rf"{_START}(?P<a>{_NUM})(?:{_PCT}|[\s-]*(?:{_UNIT.replace('?P<unit>', '')}))?"
    rf"\s*(?:-|–|—|to)\s*(?P<b>{_NUM})(?:(?P<pct>{_PCT})|{_UNIT}|{_END})"
)
_BETWEEN = _rx(
    rf"\bbetween\s+(?P<a>{_NUM})(?:{_PCT}|{_UNIT.replace('?P<unit>', '')})?"
    rf"\s+and\s+(?P<b>{_NUM})(?:(?P<pct>{_PCT})|{_UNIT}|{_END})"
)
_SERVICE_PAIR = _rx(
    rf"{_START}(?P<p>\d{{2,3}}(?:\.\d+)?)\s*%?\s*/\s*(?P<s>\d{{1,3}})"
    rf"(?:\s*(?:s|secs?|seconds)\b|{_END})"
)
_SCORE = _rx(rf"{_START}(?P<n>{_NUM})\s*(?:/|out\s+of)\s*(?P<d>5|7|10|100){_END}(?!\s*%)")
_RATIO = _rx(
    rf"{_START}(?:1|one)(?:\s*:\s*|\s+(?:[a-z-]+\s+){{0,3}}?(?:per|for\s+every|for\s+each)\s+)"
    rf"(?P<n>{_NUM}){_END}"
)
_CANDIDATE = _rx(rf"{_START}(?:\d|(?:{'|'.join(_WORDS)}|an?|half|same|between)\b)")

_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b\.?"
)
_NOT_VALUES = _rx(
    "|".join(
        (
            r"\b24\s*[x×/]\s*(?:7|365)\b",
            r"\b(?:ISO(?:\s*/\s*IEC)?|IEC|NIST(?:\s+SP)?|SOC|DSS|TLS|SSL|WCAG|Section|Article|Art\."
            r"|Tier|Type|version|ver\.|release|Windows|ID|No\.|HTTP|IPv|AES|SHA|RFC|CMMI|FIPS"
            r"|EN|BS|Gen)[\s-]*:?\s*\d[\d.:\-/]*",
            r"\bv(?=\d)[\d.]+",
            r"#\s*\d+",
            r"\b\d+(?:\.\d+){2,}\b",
            r"\b\d{1,4}([/.-])\d{1,2}\1\d{1,4}\b",
            rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}",
            rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?\b",
            r"\b\d{1,2}:\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)",
            r"\b\d{2}:\d{2}\b",
            r"[$€£¥]\s*\d[\d,.]*(?:\s*(?:k|m|bn|million|billion)\b)?",
            r"\b\d[\d,.]*\s*(?:USD|EUR|GBP|INR|PHP|dollars|euros|pounds)\b",
            # "40 HR specialists" is a headcount in human resources, not 40 hours; "4 HR of
            # detection" and "48 HR turnaround" stay hours
            r"\b\d[\d,.]*\s+(?-i:HR)\s+(?=(?:specialist|staff|team|advis[eo]r|generalist|"
            r"business\s+partner|professional|people|employee|administrator|co-?ordinator|"
            r"officer|manager|analyst|consultant|colleague|agent|expert|personnel|"
            r"practitioner|FTE|head)s?\b)",
        )
    )
)

_BEFORE_LE = (
    r"under|below|less\s+than|fewer\s+than|lower\s+than|shorter\s+than|no\s+more\s+than"
    r"|not\s+more\s+than|no\s+longer\s+than|not\s+exceeding|at\s+most|up\s+to|within|inside"
    r"|max(?:imum)?\.?(?:\s+of)?|capped\s+at|a\s+cap\s+of|≤|<=|<|⩽"
)
_BEFORE_GE = (
    r"at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|min(?:imum)?\.?(?:\s+of)?"
    r"|over|above|more\s+than|greater\s+than|higher\s+than|exceeding|in\s+excess\s+of"
    r"|upwards\s+of|≥|>=|>|⩾"
)
# One pattern, so the leftmost phrase wins: "no less than" is read whole, not as "less than".
_BEFORE = _rx(
    rf"(?<!\w)(?:(?P<ge>{_BEFORE_GE})|(?P<le>{_BEFORE_LE})|(?P<better>better\s+than))"
    r"\s*(?:of\s+|:\s*)?(?:(?:approximately|approx\.|around|about|just)\s+)?(?:±|\+/-|\+)?\s*$"
)
_AFTER: tuple[tuple[Direction, re.Pattern[str]], ...] = (
    ("better", _rx(r"\s*or\s+better\b")),
    ("le", _rx(r"\s*(?:or\s+(?:less|fewer|under|lower|below|sooner|faster|quicker)\b|at\s+most\b"
               r"|max(?:imum)?\b|and\s+(?:under|below)\b)")),
    ("ge", _rx(r"\s*(?:\+|or\s+(?:more|higher|above|greater|over|longer)\b|and\s+(?:above|over)\b"
               r"|at\s+least\b|min(?:imum)?\b)")),
)  # fmt: skip


@dataclass(frozen=True)
class Value:
    """One value read from a sentence: ``low`` to ``high`` (equal unless a range), its unit
    ("%", a key of ``SECONDS_PER`` or None for a bare number) and the side it is promised from."""

    low: float
    high: float
    unit: str | None
    direction: Direction = ""


@dataclass(frozen=True)
class FactFound:
    """The first vendor sentence that meets expect number ``expect_index``, and the value read
    (in the expect's unit for durations; None for a mention)."""

    expect_index: int
    sentence: str
    value: float | None


def _number(text: str) -> float:
    word = text.lower()
    return _WORDS[word] if word in _WORDS else float(text.replace(",", ""))


def _unit_of(match: re.Match[str]) -> str | None:
    if match.groupdict().get("pct"):
        return "%"
    unit: str | None = match.groupdict().get("unit")
    return _UNIT_SPELLINGS[unit.lower()] if unit else None


def _direction(text: str, start: int, end: int) -> Direction:
    """The side a value is promised from, read from the words just before and after it."""
    before = _BEFORE.search(text[max(0, start - 40) : start])
    if before:
        return "ge" if before["ge"] else "le" if before["le"] else "better"
    for direction, pattern in _AFTER:
        if pattern.match(text, end):
            return direction
    return ""


_DIGIT = re.compile(r"\d")
"""Every ``_NOT_VALUES`` alternative holds a digit: a sentence without one has nothing to mask."""


def _mask(sentence: str) -> str:
    """Blank out ids, versions, dates, times and money, keeping every other offset in place."""
    if not _DIGIT.search(sentence):
        return sentence
    return _NOT_VALUES.sub(lambda m: " " * len(m.group()), sentence)


def _compound(text: str, pos: int, service_level: bool) -> tuple[int, list[Value]] | None:
    """Readings that span several numbers: 80/20, scores, ratios and ranges."""
    pair = _SERVICE_PAIR.match(text, pos)
    if pair and float(pair["s"]) < float(pair["p"]) <= 100:
        if not service_level:
            return pair.end(), []
        percent = float(pair["p"])
        seconds = float(pair["s"])
        return pair.end(), [Value(percent, percent, "%"), Value(seconds, seconds, "seconds")]
    score = _SCORE.match(text, pos)
    if score and _number(score["n"]) <= float(score["d"]):
        value = _number(score["n"])
        return score.end(), [Value(value, value, None, _direction(text, pos, score.end()))]
    ratio = _RATIO.match(text, pos)
    if ratio:
        value = _number(ratio["n"])
        return ratio.end(), [Value(value, value, None, _direction(text, pos, ratio.end()))]
    span = _BETWEEN.match(text, pos) or _RANGE.match(text, pos)
    if span:
        low, high = sorted((_number(span["a"]), _number(span["b"])))
        return span.end(), [Value(low, high, _unit_of(span))]
    return None


def _simple(text: str, pos: int) -> tuple[int, list[Value]] | None:
    """One number with its unit, or a duration in words ("an hour", "same day")."""
    same = _SAME_DAY.match(text, pos)
    if same:
        return same.end(), [Value(1.0, 1.0, "days", "le")]
    half = _HALF.match(text, pos)
    if half:
        halved = _UNIT_SPELLINGS[half["unit"].lower()]
        return half.end(), [Value(0.5, 0.5, halved, _direction(text, pos, half.end()))]
    single = _ARTICLE.match(text, pos) or _SINGLE.match(text, pos)
    if not single:
        return None
    number, unit = single["n"], _unit_of(single)
    if unit is None and number.isdigit() and int(number) in YEARS:
        return single.end(), []
    value = 1.0 if number.lower() in ("a", "an") else _number(number)
    return single.end(), [Value(value, value, unit, _direction(text, pos, single.end()))]


def read_values(sentence: str, service_level: bool = False) -> list[Value]:
    """Every value stated in ``sentence``, left to right.

    ``service_level`` reads "80/20" as 80% within 20 seconds; otherwise it is not a value.
    """
    text = _mask(sentence)
    values: list[Value] = []
    consumed = 0
    for candidate in _CANDIDATE.finditer(text):
        pos = candidate.start()
        if pos < consumed:
            continue
        read = _compound(text, pos, service_level) or _simple(text, pos)
        if read is not None:
            consumed, found = read
            values.extend(found)
    return values


class SentenceValues:
    """``read_values`` with each (sentence, service level) read once: matching reads a vendor's
    evidence sentences for every fact of every criterion citing them (about 5 ms a 30-page
    vendor, each read every time). One per vendor, so it holds one proposal's sentences."""

    def __init__(self) -> None:
        self._read: dict[tuple[str, bool], tuple[Value, ...]] = {}

    def __call__(self, sentence: str, service_level: bool) -> tuple[Value, ...]:
        key = (sentence, service_level)
        found = self._read.get(key)
        if found is None:
            found = self._read[key] = tuple(read_values(sentence, service_level))
        return found


def convert(amount: float, unit: str, to: str) -> float:
    """``amount`` of ``unit`` expressed in ``to`` (both keys of ``SECONDS_PER``)."""
    return amount * SECONDS_PER[unit] / SECONDS_PER[to]


def _meets(expect: Expect, value: Value) -> float | None:
    """The value that meets ``expect``'s bounds (the weaker end of a range), or None."""
    if expect.kind == "percent" and value.unit != "%":
        return None
    if expect.kind == "number" and value.unit is not None:
        return None
    low, high = value.low, value.high
    if expect.kind == "duration":
        if value.unit not in SECONDS_PER or expect.unit is None:
            return None
        low = convert(low, value.unit, expect.unit)
        high = convert(high, value.unit, expect.unit)
    if expect.at_least is not None and (
        value.direction == "le" or low < expect.at_least * (1 - _EPSILON)
    ):
        return None
    if expect.at_most is not None and (
        value.direction == "ge" or high > expect.at_most * (1 + _EPSILON) + _EPSILON
    ):
        return None
    return low if expect.at_least is not None else high


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _FLAGS)


def _is_service_level(expect: Expect) -> bool:
    """Whether "80/20" reads as a service level for ``expect``: its near words speak of service
    level or of calls answered ("speed of answer" alone does not: ASA is not the 20 seconds)."""
    return any(re.search(r"service|answered", word, _FLAGS) for word in expect.near)


def _meet_in(expect: Expect, sentence: str, values: SentenceValues) -> tuple[bool, float | None]:
    """Whether ``sentence`` meets ``expect``, and the value that does."""
    if expect.near and not any(_compiled(word).search(sentence) for word in expect.near):
        return False, None
    if expect.kind == "mention":
        return bool(expect.pattern and _compiled(expect.pattern).search(sentence)), None
    for value in values(sentence, _is_service_level(expect)):
        met = _meets(expect, value)
        if met is not None:
            return True, met
    return False, None


def find_facts(
    expects: Sequence[Expect], sentences: Sequence[str], values: SentenceValues | None = None
) -> list[FactFound]:
    """For each expect, the first sentence that meets it, in expect order; unmet ones are absent.

    A sentence meets an expect when it has one of the ``near`` words and either matches the
    mention ``pattern`` or states a value of the expect's kind on the right side of its bounds.
    ``values`` reads the sentences' values (a new ``SentenceValues`` when None).
    """
    if values is None:
        values = SentenceValues()
    found: list[FactFound] = []
    for index, expect in enumerate(expects):
        for sentence in sentences:
            met, value = _meet_in(expect, sentence, values)
            if met:
                found.append(FactFound(index, sentence, value))
                break
    return found


def facts_level(expects: Sequence[Expect], found: Sequence[FactFound]) -> int:
    """The rubric level the facts found support, from 2 to 5.

    The rule: the highest level L, up to the highest level any expect names, such that every
    expect of level L or below is met and at least one expect of level L or below exists. So
    facts alone never give more than the rubric's facts ask for (expects that stop at level 3
    give at most 3), a level whose own facts are missing caps the level at the one below it, and
    a level without facts of its own is passed through when the facts below it are met (the
    text decides it). It is 2 when the level-3 facts are not all met, when only higher-level
    facts exist and are not met, and when there are no expects at all.
    """
    met = {fact.expect_index for fact in found}
    best = 2
    for level in range(3, max((e.level for e in expects), default=2) + 1):
        needed = [index for index, e in enumerate(expects) if e.level <= level]
        if needed and all(index in met for index in needed):
            best = level
        elif needed:
            break
    return best
