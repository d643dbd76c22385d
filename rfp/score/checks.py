"""Structured facts about a proposal: certifications, languages, hours overlap, staffing, price.

Everything here is pure: plain values in, frozen results out, no I/O. Text matching can miss
or misread a fact, so each result carries its evidence (a quote or a worked calculation) for
an evaluator to check.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rfp.errors import ScoringError

__all__ = [
    "CERTIFICATIONS",
    "PRICE_MODELS",
    "WEEKDAYS",
    "CertificationCheck",
    "CertificationFinding",
    "CertificationStatus",
    "ChannelVolume",
    "CoverageWindow",
    "DeliverySite",
    "LanguageCheck",
    "PriceEstimate",
    "PriceQuote",
    "TransactionVolume",
    "agents_for_service_level",
    "annual_cost",
    "check_certifications",
    "check_languages",
    "coverage_gaps",
    "covers_24_7",
    "erlang_c",
    "find_certifications",
    "find_languages",
    "fte_required",
    "held_certifications",
    "normalise_certification",
    "normalise_language",
    "per_site_overlap_hours",
    "price_points",
    "service_level",
    "weekly_overlap_hours",
]


# --------------------------------------------------------------------------- certifications

CertificationStatus = Literal["held", "planned", "not_held"]

CERTIFICATIONS: tuple[str, ...] = (
    "COPC",
    "GDPR",
    "HIPAA",
    "HITRUST",
    "ISO 18295",
    "ISO 9001",
    "ISO/IEC 27001",
    "ISO/IEC 27701",
    "PCI DSS",
    "SOC 1",
    "SOC 1 Type I",
    "SOC 1 Type II",
    "SOC 2",
    "SOC 2 Type I",
    "SOC 2 Type II",
)
"""Canonical names. A bare "SOC 1"/"SOC 2" is a mention whose report type is not stated."""

# A held report of the key type also meets a requirement for the value types: a Type II
# report covers operating effectiveness over a period, which includes the Type I design check.
_ALSO_SATISFIES: dict[str, frozenset[str]] = {
    "SOC 2 Type II": frozenset({"SOC 2 Type I", "SOC 2"}),
    "SOC 2 Type I": frozenset({"SOC 2"}),
    "SOC 1 Type II": frozenset({"SOC 1 Type I", "SOC 1"}),
    "SOC 1 Type I": frozenset({"SOC 1"}),
}

_QUOTE_CHARS = 200
_NEGATION_WINDOW_WORDS = 8


@dataclass(frozen=True)
class CertificationFinding:
    """One certification a proposal mentions, with the words that mention it.

    ``status`` separates a certification the vendor holds from one it is working towards
    ("planned") or says it lacks or is merely "aligned with" ("not_held"), so a knockout
    does not pass on "we are not PCI DSS certified". Cues are read in the clause around
    the mention only; the quote lets an evaluator overrule a misreading.
    """

    name: str
    detail: str
    quote: str
    status: CertificationStatus = "held"

    @property
    def held(self) -> bool:
        """Whether the text claims the certification is currently held."""
        return self.status == "held"


@dataclass(frozen=True)
class CertificationCheck:
    """Required against held certifications, in canonical names, sorted."""

    required: list[str]
    held: list[str]
    missing: list[str]
    passed: bool


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    names: tuple[str, ...]  # canonical names, or "" where the match itself decides


_FLAGS = re.IGNORECASE
_SOC_NUMBER = r"SOC\s*-?\s*(?P<num>[12]|II)(?![0-9A-Za-z])(?:\s*(?:®|\(R\)|™))?"
_SOC_TYPE = r"(?P<t1>II|I|2|1)(?![0-9A-Za-z])"
_SOC_SECOND_TYPE = r"(?:\s*(?:and|&|/|,|or)\s*(?:Type\s*)?(?P<t2>II|I|2|1)(?![0-9A-Za-z]))?"
_YEAR = r"(?:\s*:\s*(?P<year>(?:19|20)\d\d))?"

_PATTERNS: tuple[_Pattern, ...] = (
    # "Type II SOC 2 report": type first, so it must be tried before the number-first form.
    _Pattern(re.compile(r"\bType\s*" + _SOC_TYPE + r"\s+" + _SOC_NUMBER, _FLAGS), ("",)),
    _Pattern(
        re.compile(
            r"\b" + _SOC_NUMBER + r"(?:[\s,(:\-–]*Type\s*" + _SOC_TYPE + _SOC_SECOND_TYPE + r")?",
            _FLAGS,
        ),
        ("",),
    ),
    _Pattern(
        re.compile(r"\bISO\s*[-/]?\s*(?:IEC\s*[-/]?\s*)?27001(?![0-9])" + _YEAR, _FLAGS),
        ("ISO/IEC 27001",),
    ),
    _Pattern(
        re.compile(r"\bISO\s*[-/]?\s*(?:IEC\s*[-/]?\s*)?27701(?![0-9])" + _YEAR, _FLAGS),
        ("ISO/IEC 27701",),
    ),
    _Pattern(re.compile(r"\bISO\s*[-/]?\s*9001(?![0-9])" + _YEAR, _FLAGS), ("ISO 9001",)),
    _Pattern(
        re.compile(r"\bISO\s*[-/]?\s*18295(?:\s*-\s*(?P<part>[12]))?(?![0-9])" + _YEAR, _FLAGS),
        ("ISO 18295",),
    ),
    _Pattern(
        re.compile(
            r"\bPCI[\s-]*DSS\b"
            r"(?:\s*(?:v(?:ersion)?\s*)?(?P<version>\d+(?:\.\d+)*)\b)?"
            r"(?:\s*,?\s*(?P<level>Level\s*[1-4])\b(?P<provider>\s+Service\s+Provider)?)?",
            _FLAGS,
        ),
        ("PCI DSS",),
    ),
    # "PCI compliant" without "DSS" still means the card-data standard.
    _Pattern(
        re.compile(r"\bPCI\b(?=[\s-]*(?:compliant|compliance|certified|certification))", _FLAGS),
        ("PCI DSS",),
    ),
    _Pattern(re.compile(r"\bHIPAA\b", _FLAGS), ("HIPAA",)),
    _Pattern(
        re.compile(r"\bGDPR\b|\bGeneral\s+Data\s+Protection\s+Regulation\b", _FLAGS), ("GDPR",)
    ),
    _Pattern(
        re.compile(
            r"\bCOPC\b(?:\s+CX)?(?:\s+Standard)?(?:,?\s+Release\s+(?P<release>\d+(?:\.\d+)*))?",
            _FLAGS,
        ),
        ("COPC",),
    ),
    _Pattern(
        re.compile(r"\bHITRUST\b(?:\s+CSF)?(?:\s+(?P<variant>r2|i1|e1)\b)?", _FLAGS),
        ("HITRUST",),
    ),
)

# Cues are judged within the clause around a mention, so "we hold ISO 27001 and are working
# towards SOC 2" marks only SOC 2 as planned.
_CLAUSE_BREAK = re.compile(
    r"(?<=[.!?])\s+|[;\n\r•]"
    r"|\b(?:but|however|whereas|while|although|though|except)\b"
    r"|,?\s+and\s+(?=(?:we|our|are|is|have|has|it|they|the|will|also)\b)",
    _FLAGS,
)
_PLANNED = re.compile(
    r"\b(?:working\s+(?:towards?|on)|in\s+progress|pursu(?:e|es|ing)|expect(?:s|ed|ing)?"
    r"|plan(?:s|ning)?\s+to|planned|roadmap|target(?:s|ed|ing)?|aim(?:s|ing)?\s+(?:to|for)"
    r"|under\s*way|in\s+the\s+process\s+of|prepar(?:e|es|ing)\s+for|pending|not\s+yet"
    r"|will\s+(?:obtain|achieve|complete|receive|be\s+(?:certified|audited|compliant))"
    r"|seek(?:s|ing)?|readiness|gap\s+(?:analysis|assessment)|intend(?:s|ing)?\s+to"
    r"|anticipat(?:e|es|ed|ing)|(?:by|for|in)\s+(?:Q[1-4]|H[12])\b|upcoming|initiat(?:ed|ing))",
    _FLAGS,
)
_PLANNED_NEGATED = re.compile(
    r"\b(?:not|no)\s+(?:currently\s+)?(?:working|pursu|plan|intend|seek|aim)", _FLAGS
)
# "Aligned with ISO 27001" is the usual way of saying "not certified to it".
_WEAK_CLAIM = re.compile(r"\b(?:aligned|modell?ed\s+on|based\s+on)\b", _FLAGS)
_KEEPS_HELD = re.compile(r"\b(?:surveillance|re-?certification|renewal)\b", _FLAGS)
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:not|no|never|neither|nor|without|lacks?|lacking)\b|n[’']t\b)", _FLAGS
)
_NEGATION_AFTER = re.compile(r"(?:\bnot\b|n[’']t\b|^\W*no\b)", _FLAGS)
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_ADJACENT_PREFIX = re.compile(r"\s*(?:(?!(?:and|or)\b)[\w.:-]+\s*)?", _FLAGS)


def find_certifications(text: str) -> list[CertificationFinding]:
    """Certifications the text mentions, one finding per (name, status), sorted.

    The first mention of each (name, status) gives the quote; the first non-empty detail
    ("v4.0", "2022", "Level 1 Service Provider") is kept.
    """
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(text)]
    break_starts = [start for start, _ in breaks]
    break_ends = [end for _, end in breaks]
    taken: list[tuple[int, int]] = []
    mentions: list[tuple[int, str, str, CertificationStatus, str]] = []
    for pattern in _PATTERNS:
        for match in pattern.regex.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            clause = _clause_span(span, break_starts, break_ends, len(text))
            status = _status(text, span, clause)
            quote = _quote(text, span)
            mentions.extend(
                (span[0], name, detail, status, quote) for name, detail in _names(pattern, match)
            )
    mentions.sort()
    merged: dict[tuple[str, CertificationStatus], CertificationFinding] = {}
    for _, name, detail, status, quote in mentions:
        key = (name, status)
        found = merged.get(key)
        if found is None:
            merged[key] = CertificationFinding(name, detail, quote, status)
        elif not found.detail and detail:
            merged[key] = CertificationFinding(name, detail, found.quote, status)
    return [merged[key] for key in sorted(merged)]


def held_certifications(findings: Iterable[CertificationFinding]) -> list[str]:
    """Canonical names of the certifications the findings say are held, sorted."""
    return sorted({finding.name for finding in findings if finding.held})


def normalise_certification(name: str) -> str | None:
    """The canonical name for a free-text certification name, or None when unrecognised.

    Used on buyer config and workbook cells, where "SOC2 Type 2" and "ISO27001" are common.
    A name that mentions two different certifications is ambiguous and gives None.
    """
    cleaned = name.strip()
    if re.fullmatch(r"PCI", cleaned, _FLAGS):
        return "PCI DSS"
    names: set[str] = set()
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.regex.finditer(cleaned):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            names.update(found for found, _ in _names(pattern, match))
    return names.pop() if len(names) == 1 else None


def check_certifications(required: list[str], held: list[str]) -> CertificationCheck:
    """Whether every required certification is met by one held.

    Names are normalised first; a name that is not recognised is compared as written
    (case-insensitively), so a buyer can still require something like "FedRAMP Moderate".
    A held SOC 2 Type II meets a SOC 2 Type I requirement, not the reverse, and a bare
    "SOC 2" requirement is met by either type.
    """
    required_names = _canonical_set(required)
    held_names = _canonical_set(held)
    held_folded = {name.casefold() for name in held_names}
    covered = set(held_folded)
    for name in held_names:
        covered.update(extra.casefold() for extra in _ALSO_SATISFIES.get(name, frozenset()))
    missing = [name for name in required_names if name.casefold() not in covered]
    return CertificationCheck(
        required=required_names, held=held_names, missing=missing, passed=not missing
    )


def _canonical_set(names: Iterable[str]) -> list[str]:
    by_fold: dict[str, str] = {}
    for raw in names:
        text = raw.strip()
        if not text:
            continue
        canonical = normalise_certification(text) or text
        by_fold.setdefault(canonical.casefold(), canonical)
    return sorted(by_fold.values())


def _names(pattern: _Pattern, match: re.Match[str]) -> list[tuple[str, str]]:
    """(canonical name, detail) pairs for one match; SOC matches can name two report types."""
    groups = match.groupdict()
    if pattern.names != ("",):
        return [(pattern.names[0], _detail(groups))]
    number = "1" if groups["num"] == "1" else "2"
    types = [_roman(groups[key]) for key in ("t1", "t2") if groups.get(key)]
    if not types:
        return [(f"SOC {number}", "")]
    return [(f"SOC {number} Type {kind}", "") for kind in dict.fromkeys(types)]


def _roman(kind: str) -> str:
    return "II" if kind.upper() in {"II", "2"} else "I"


def _detail(groups: Mapping[str, str | None]) -> str:
    parts: list[str] = []
    if groups.get("part"):
        parts.append(f"Part {groups['part']}")
    if groups.get("year"):
        parts.append(str(groups["year"]))
    if groups.get("version"):
        parts.append(f"v{groups['version']}")
    level = groups.get("level")
    if level:
        level_text = re.sub(r"\s+", " ", level).title()
        parts.append(level_text + (" Service Provider" if groups.get("provider") else ""))
    if groups.get("release"):
        parts.append(f"Release {groups['release']}")
    if groups.get("variant"):
        parts.append(str(groups["variant"]).lower())
    return ", ".join(parts)


def _clause_span(
    span: tuple[int, int], break_starts: list[int], break_ends: list[int], length: int
) -> tuple[int, int]:
    before = bisect_right(break_ends, span[0])
    start = break_ends[before - 1] if before else 0
    after = bisect_left(break_starts, span[1])
    end = break_starts[after] if after < len(break_starts) else length
    return start, end


def _status(text: str, span: tuple[int, int], clause: tuple[int, int]) -> CertificationStatus:
    before = _mask_parentheticals(text[clause[0] : span[0]], keep_adjacent=False)
    after = _mask_parentheticals(text[span[1] : clause[1]], keep_adjacent=True)
    scope = f"{before} … {after}"
    if _PLANNED_NEGATED.search(scope):
        return "not_held"
    if _PLANNED.search(scope) and not _KEEPS_HELD.search(scope):
        return "planned"
    near_before = " ".join(before.split()[-_NEGATION_WINDOW_WORDS:])
    if _NEGATION_BEFORE.search(near_before) or _NEGATION_AFTER.search(after):
        return "not_held"
    if _WEAK_CLAIM.search(near_before) or _WEAK_CLAIM.search(after[:40]):
        return "not_held"
    return "held"


def _mask_parentheticals(fragment: str, keep_adjacent: bool) -> str:
    """Blank out bracketed asides, which usually qualify a neighbouring list item.

    With ``keep_adjacent``, an aside at most one word after the fragment's start is kept: it
    qualifies the certification just mentioned ("PCI DSS (in progress)").
    """

    def blank(match: re.Match[str]) -> str:
        if keep_adjacent and _ADJACENT_PREFIX.fullmatch(fragment[: match.start()]):
            return match.group(0)
        return " "

    return _PARENTHETICAL.sub(blank, fragment)


def _quote(text: str, span: tuple[int, int]) -> str:
    margin = max(0, (_QUOTE_CHARS - (span[1] - span[0])) // 2)
    start = max(0, span[0] - margin)
    end = min(len(text), span[1] + margin)
    snippet = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + snippet + ("…" if end < len(text) else "")


# --------------------------------------------------------------------------------- languages

_LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "af": ("Afrikaans",),
    "ar": ("Arabic",),
    "bg": ("Bulgarian",),
    "bn": ("Bengali", "Bangla"),
    "ca": ("Catalan",),
    "cs": ("Czech",),
    "da": ("Danish",),
    "de": ("German",),
    "el": ("Greek",),
    "en": ("English",),
    "es": ("Spanish", "Castilian"),
    "fa": ("Persian", "Farsi"),
    "fi": ("Finnish",),
    "fr": ("French",),
    "gu": ("Gujarati",),
    "he": ("Hebrew",),
    "hi": ("Hindi",),
    "hr": ("Croatian",),
    "ht": ("Haitian Creole",),
    "hu": ("Hungarian",),
    "id": ("Indonesian", "Bahasa Indonesia"),
    "it": ("Italian",),
    "ja": ("Japanese",),
    "ko": ("Korean",),
    "mr": ("Marathi",),
    "ms": ("Malay", "Bahasa Melayu", "Bahasa Malaysia"),
    "nl": ("Dutch", "Flemish"),
    "no": ("Norwegian",),
    "pa": ("Punjabi",),
    "pl": ("Polish",),
    "pt": ("Portuguese",),
    "ro": ("Romanian",),
    "ru": ("Russian",),
    "sk": ("Slovak",),
    "sr": ("Serbian",),
    "sv": ("Swedish",),
    "sw": ("Swahili",),
    "ta": ("Tamil",),
    "te": ("Telugu",),
    "th": ("Thai",),
    "tl": ("Tagalog", "Filipino"),
    "tr": ("Turkish",),
    "uk": ("Ukrainian",),
    "ur": ("Urdu",),
    "vi": ("Vietnamese",),
    "zh": ("Chinese", "Mandarin", "Cantonese"),
}
_CODE_BY_NAME: dict[str, str] = {
    name.casefold(): code for code, names in _LANGUAGE_NAMES.items() for name in names
}
# ISO 639-1, so that a code the name table does not know is still accepted and a typo is not.
_ISO_639_1_CODES = """
    aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy
    da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu
    hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb
    lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om
    or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
    ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu"""
_ISO_639_1 = frozenset(_ISO_639_1_CODES.split())
# Capitalised names only: "polish the scripts" is not Polish.
_LANGUAGE_IN_TEXT = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(name).replace(r"\ ", r"\s+")
        for name in sorted(
            (name for names in _LANGUAGE_NAMES.values() for name in names), key=len, reverse=True
        )
    )
    + r")\b"
)


@dataclass(frozen=True)
class LanguageCheck:
    """Required against offered languages as ISO 639-1 codes, sorted."""

    required: list[str]
    offered: list[str]
    missing: list[str]
    passed: bool


def normalise_language(value: str) -> str | None:
    """The ISO 639-1 code for a code ("ES", "pt-BR") or an English name ("Spanish")."""
    text = re.sub(r"\([^)]*\)", " ", value).replace("_", "-").strip().casefold()
    text = re.sub(r"\s+(?:language|speakers?)$", "", " ".join(text.split()))
    code_match = re.fullmatch(r"([a-z]{2})(?:-[a-z0-9]+)*", text)
    if code_match:
        code = code_match.group(1)
        return code if code in _ISO_639_1 else None
    return _CODE_BY_NAME.get(text)


def check_languages(required: list[str], offered: list[str]) -> LanguageCheck:
    """Whether the vendor offers every required language.

    An unrecognised required language is a buyer config error and raises; an unrecognised
    offered entry comes from a vendor's text, which the buyer cannot fix, so it is ignored.
    """
    required_codes: set[str] = set()
    for entry in required:
        code = normalise_language(entry)
        if code is None:
            raise ScoringError(f"unknown language {entry!r}: use an ISO 639-1 code such as 'es'")
        required_codes.add(code)
    offered_codes = {code for code in map(normalise_language, offered) if code is not None}
    missing = sorted(required_codes - offered_codes)
    return LanguageCheck(
        required=sorted(required_codes),
        offered=sorted(offered_codes),
        missing=missing,
        passed=not missing,
    )


def find_languages(text: str) -> list[str]:
    """ISO 639-1 codes of the languages named in the text, sorted."""
    return sorted(
        {
            _CODE_BY_NAME[" ".join(m.group(0).split()).casefold()]
            for m in _LANGUAGE_IN_TEXT.finditer(text)
        }
    )


# -------------------------------------------------------------------------------- time zones

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_INDEX = {day: index for index, day in enumerate(WEEKDAYS)}
_Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class CoverageWindow:
    """Weekly working hours in one IANA time zone.

    ``end <= start`` runs past midnight into the next day (22:00-06:00); ``start == end``
    is a full 24 hours from ``start``. Validated on construction, so a bad zone or day
    name fails where the window is built, naming the zone.
    """

    time_zone: str
    days: tuple[str, ...]
    start: time
    end: time

    def __post_init__(self) -> None:
        _zone(self.time_zone)
        if not self.days:
            raise ScoringError(f"coverage window in {self.time_zone} has no days")
        unknown = [day for day in self.days if day not in _DAY_INDEX]
        if unknown:
            raise ScoringError(f"unknown day(s) {unknown}: use {', '.join(WEEKDAYS)}")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ScoringError("coverage times must be wall-clock times without a tzinfo")


@dataclass(frozen=True)
class DeliverySite:
    """A vendor delivery centre and the hours it works."""

    name: str
    window: CoverageWindow


def weekly_overlap_hours(
    buyer: CoverageWindow, sites: Sequence[DeliverySite], week_start: date
) -> float:
    """Hours of the buyer's window in the 7 days from ``week_start`` that some site works.

    Computed on real UTC instants, so DST changes and half-hour zones count correctly;
    sites are unioned first so two sites working the same hour count it once.
    """
    buyer_intervals = _merge(_intervals(buyer, week_start, week_start + timedelta(days=6)))
    site_intervals = _merge(
        interval for site in sites for interval in _site_intervals(site, week_start)
    )
    return _overlap_seconds(buyer_intervals, site_intervals) / 3600


def per_site_overlap_hours(
    buyer: CoverageWindow, sites: Sequence[DeliverySite], week_start: date
) -> dict[str, float]:
    """Each site's own overlap with the buyer's week, keyed by site name in sorted order."""
    names = [site.name for site in sites]
    if len(set(names)) != len(names):
        raise ScoringError(f"delivery site names must be unique: {sorted(names)}")
    return {
        site.name: weekly_overlap_hours(buyer, [site], week_start)
        for site in sorted(sites, key=lambda site: site.name)
    }


def coverage_gaps(
    sites: Sequence[DeliverySite], week_start: date
) -> list[tuple[datetime, datetime]]:
    """UTC spans of the week from ``week_start`` 00:00 UTC that no site works, in order."""
    week_from = datetime.combine(week_start, time(0), tzinfo=UTC)
    week_to = week_from + timedelta(days=7)
    gaps: list[tuple[datetime, datetime]] = []
    cursor = week_from
    worked = _merge(interval for site in sites for interval in _site_intervals(site, week_start))
    for start, end in worked:
        if end <= cursor:
            continue
        if start >= week_to:
            break
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < week_to:
        gaps.append((cursor, week_to))
    return gaps


def covers_24_7(sites: Sequence[DeliverySite], week_start: date) -> bool:
    """Whether the sites together work every hour of the week (follow-the-sun)."""
    return not coverage_gaps(sites, week_start)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ScoringError(
            f"unknown time zone {name!r}: use an IANA name such as 'America/New_York'"
        ) from exc


def _site_intervals(site: DeliverySite, week_start: date) -> list[_Interval]:
    # A site's local dates can sit a day either side of the buyer's, and a night shift that
    # starts the evening before still reaches into the week, so look two days each way.
    return _intervals(site.window, week_start - timedelta(days=2), week_start + timedelta(days=8))


def _intervals(window: CoverageWindow, first_day: date, last_day: date) -> list[_Interval]:
    """The window's spans on each local date from first_day to last_day, as UTC instants."""
    zone = _zone(window.time_zone)
    days = {_DAY_INDEX[day] for day in window.days}
    crosses_midnight = window.end <= window.start
    spans: list[_Interval] = []
    day = first_day
    while day <= last_day:
        if day.weekday() in days:
            end_day = day + timedelta(days=1) if crosses_midnight else day
            start = datetime.combine(day, window.start, tzinfo=zone).astimezone(UTC)
            end = datetime.combine(end_day, window.end, tzinfo=zone).astimezone(UTC)
            if end > start:
                spans.append((start, end))
        day += timedelta(days=1)
    return spans


def _merge(intervals: Iterable[_Interval]) -> list[_Interval]:
    merged: list[_Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlap_seconds(left: list[_Interval], right: list[_Interval]) -> float:
    total = 0.0
    i = j = 0
    while i < len(left) and j < len(right):
        start = max(left[i][0], right[j][0])
        end = min(left[i][1], right[j][1])
        if end > start:
            total += (end - start).total_seconds()
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return total


# ---------------------------------------------------------------------------------- staffing

_INTERVAL_SECONDS = 1800.0


def erlang_c(traffic_erlangs: float, agents: int) -> float:
    """Probability that a call waits (Erlang C), for offered traffic in Erlangs.

    Built from the Erlang B recursion B(n) = A·B(n-1) / (n + A·B(n-1)), which stays within
    [0, 1] at every step, so large agent counts never overflow as factorials would.
    With no more agents than Erlangs the queue grows without bound and every call waits.
    """
    _require_finite(traffic_erlangs, "traffic")
    if traffic_erlangs < 0 or agents < 0:
        raise ScoringError("traffic and agents must not be negative")
    if traffic_erlangs == 0:
        return 0.0
    if agents <= traffic_erlangs:
        return 1.0
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = traffic_erlangs * blocking / (n + traffic_erlangs * blocking)
    return agents * blocking / (agents - traffic_erlangs * (1 - blocking))


def service_level(
    traffic: float, agents: int, aht_seconds: float, target_answer_seconds: float
) -> float:
    """Share of calls answered within the target time: 1 - C·exp(-(N - A)·t / AHT)."""
    _require_positive(aht_seconds, "AHT")
    _require_non_negative(target_answer_seconds, "target answer time")
    waits = erlang_c(traffic, agents)
    if waits >= 1.0:
        return 0.0
    return 1.0 - waits * math.exp(-(agents - traffic) * target_answer_seconds / aht_seconds)


def agents_for_service_level(
    calls_per_interval: float,
    aht_seconds: float,
    interval_seconds: float,
    target_service_level: float,
    target_answer_seconds: float,
) -> int:
    """The fewest agents on duty that meet the service level in one interval."""
    _require_non_negative(calls_per_interval, "calls per interval")
    _require_positive(aht_seconds, "AHT")
    _require_positive(interval_seconds, "interval")
    if not 0 < target_service_level < 1:
        raise ScoringError(
            f"target service level must be between 0 and 1 (exclusive), got {target_service_level}"
        )
    if calls_per_interval == 0:
        return 0
    traffic = calls_per_interval * aht_seconds / interval_seconds
    agents = math.floor(traffic) + 1
    while service_level(traffic, agents, aht_seconds, target_answer_seconds) < target_service_level:
        agents += 1
    return agents


def fte_required(
    per_month: float,
    aht_seconds: float,
    open_hours_per_month: float,
    *,
    target_service_level: float = 0.8,
    target_answer_seconds: float = 20,
    shrinkage: float = 0.30,
    paid_hours_per_fte_month: float = 160,
) -> float:
    """Paid FTE to answer a monthly call volume at the service level, by Erlang C.

    Assumptions, stated because they move the price comparison:
    - calls spread evenly over the open hours in 30-minute intervals (no intraday or
      seasonal peaks, so this is a floor: real rosters need more for the peaks);
    - the agents an interval needs must be on duty for every open hour, so seats x open
      hours are the productive hours bought, and FTE = seats x open hours / paid hours;
    - shrinkage (leave, training, breaks, meetings) takes that share of paid hours off the
      phones, so FTE is divided by (1 - shrinkage);
    - no occupancy cap and no abandonment (Erlang C assumes every caller waits).
    """
    _require_non_negative(per_month, "monthly volume")
    _require_positive(open_hours_per_month, "open hours per month")
    _require_positive(paid_hours_per_fte_month, "paid hours per FTE month")
    _require_shrinkage(shrinkage)
    if per_month == 0:
        return 0.0
    intervals = open_hours_per_month * 3600 / _INTERVAL_SECONDS
    agents = agents_for_service_level(
        per_month / intervals,
        aht_seconds,
        _INTERVAL_SECONDS,
        target_service_level,
        target_answer_seconds,
    )
    return agents * open_hours_per_month / paid_hours_per_fte_month / (1 - shrinkage)


# ------------------------------------------------------------------------------------- price

PRICE_MODELS: tuple[str, ...] = (
    "per_fte_month",
    "per_productive_hour",
    "per_minute",
    "per_transaction",
)
_QUEUED_CHANNELS = frozenset({"voice", "phone", "calls", "telephone"})
_CONTACT_NOUNS = {"voice": "calls", "phone": "calls", "chat": "chats", "email": "emails"}
_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
_SCOPE_SEPARATOR = re.compile(r"\s*(?:[,+/&]|\band\b)\s*", _FLAGS)


@dataclass(frozen=True)
class ChannelVolume:
    """A front-office channel's monthly baseline volume and average handle time."""

    channel: str
    per_month: float
    aht_seconds: float

    def __post_init__(self) -> None:
        _require_non_negative(self.per_month, f"{self.channel} volume")
        _require_positive(self.aht_seconds, f"{self.channel} AHT")


@dataclass(frozen=True)
class TransactionVolume:
    """A back-office transaction type's monthly volume.

    ``handle_minutes`` (work per transaction) is only needed to turn the volume into FTE for a
    per-FTE or per-hour quote that does not state its FTE.
    """

    name: str
    per_month: float
    handle_minutes: float | None = None

    def __post_init__(self) -> None:
        _require_non_negative(self.per_month, f"{self.name} volume")
        if self.handle_minutes is not None:
            _require_positive(self.handle_minutes, f"{self.name} handle minutes")


@dataclass(frozen=True)
class PriceQuote:
    """One price line from a vendor; ``scope`` names the channels or transactions it covers.

    An empty scope covers everything not priced by a quote with an explicit scope
    (a per-minute quote covers channels only, since transactions have no handle minutes).
    """

    model: str
    rate: float
    currency: str = "USD"
    fte: float | None = None
    scope: str = ""

    def __post_init__(self) -> None:
        if self.model not in PRICE_MODELS:
            raise ScoringError(
                f"unknown price model {self.model!r}: use one of {', '.join(PRICE_MODELS)}"
            )
        _require_non_negative(self.rate, f"{self.model} rate")
        if self.fte is not None:
            _require_non_negative(self.fte, "quoted FTE")


@dataclass(frozen=True)
class PriceEstimate:
    """A vendor's price normalised to the buyer's volumes, with the workings as evidence.

    ``fte`` is the FTE the FTE- and hour-based lines charge for (0 for pure volume pricing);
    ``unpriced`` lists volumes no quote covers, which make the total look cheaper than it is.
    """

    annual_cost: float
    model: str
    fte: float
    lines: list[str]
    currency: str = "USD"
    unpriced: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Workload:
    name: str
    per_month: float
    aht_seconds: float | None  # channels
    handle_minutes: float | None  # transactions

    @property
    def is_channel(self) -> bool:
        return self.aht_seconds is not None

    @property
    def volume_text(self) -> str:
        if self.is_channel:
            noun = _CONTACT_NOUNS.get(self.name.casefold(), "contacts")
        else:
            noun = self.name
        return f"{_number(self.per_month)} {noun}/month"


@dataclass(frozen=True)
class _Assumptions:
    open_hours: float
    target_service_level: float
    target_answer_seconds: float
    shrinkage: float
    paid_hours: float
    handle_minutes: float | None
    symbol: str

    @property
    def productive_hours(self) -> float:
        return self.paid_hours * (1 - self.shrinkage)


def annual_cost(
    quotes: Sequence[PriceQuote],
    channels: Sequence[ChannelVolume],
    transactions: Sequence[TransactionVolume],
    open_hours_per_month: float,
    *,
    target_service_level: float = 0.8,
    target_answer_seconds: float = 20,
    shrinkage: float = 0.30,
    paid_hours_per_fte_month: float = 160,
    minutes_per_transaction: float | None = None,
) -> PriceEstimate:
    """A vendor's annual cost at the buyer's volumes, whatever pricing model it quoted.

    - per_fte_month: rate x FTE x 12;
    - per_productive_hour: rate x FTE x paid hours x (1 - shrinkage) x 12;
    - per_minute: rate x volume x AHT / 60 x 12, over the channels in scope;
    - per_transaction: rate x volume x 12, over the contacts or transactions in scope.

    FTE is the vendor's own figure when the quote states it. Otherwise it is derived: voice
    by Erlang C (see ``fte_required``); chat, email and other channels by workload,
    volume x AHT / (paid hours x (1 - shrinkage)), with no chat concurrency assumed;
    transactions the same way from their handle minutes (``TransactionVolume.handle_minutes``
    or ``minutes_per_transaction``). No minutes are invented: without them a derived FTE for
    a transaction raises ScoringError. Derived FTE is rounded to 0.1 per line so each line's
    arithmetic can be checked by hand.
    """
    if not quotes:
        raise ScoringError("no price quotes to normalise")
    _require_positive(open_hours_per_month, "open hours per month")
    _require_positive(paid_hours_per_fte_month, "paid hours per FTE month")
    _require_shrinkage(shrinkage)
    if minutes_per_transaction is not None:
        _require_positive(minutes_per_transaction, "minutes per transaction")
    currencies = sorted({quote.currency.strip().upper() for quote in quotes})
    if len(currencies) > 1:
        raise ScoringError(f"quotes mix currencies {currencies}: convert them to one first")
    currency = currencies[0]
    workloads = _workloads(channels, transactions)
    assumptions = _Assumptions(
        open_hours=open_hours_per_month,
        target_service_level=target_service_level,
        target_answer_seconds=target_answer_seconds,
        shrinkage=shrinkage,
        paid_hours=paid_hours_per_fte_month,
        handle_minutes=minutes_per_transaction,
        symbol=_CURRENCY_SYMBOLS.get(currency, f"{currency} "),
    )
    assigned = _assign_scopes(quotes, workloads)

    lines: list[str] = []
    total = 0.0
    total_fte = 0.0
    for quote, covered in assigned:
        cost, fte, quote_lines = _price_quote(quote, covered, assumptions)
        total += cost
        total_fte += fte
        lines.extend(quote_lines)
    priced = {item.name for _, covered in assigned for item in covered}
    unpriced = [item for item in workloads if item.name not in priced]
    lines.extend(f"{item.name}: {item.volume_text} not priced by any quote" for item in unpriced)
    models = sorted({quote.model for quote in quotes})
    model = models[0] if len(models) == 1 else "mixed"
    lines.append(f"total: {_money(total, assumptions.symbol)} per year ({model})")
    return PriceEstimate(
        annual_cost=round(total, 2),
        model=model,
        fte=round(total_fte, 1),
        lines=lines,
        currency=currency,
        unpriced=sorted(item.name for item in unpriced),
    )


def price_points(annual_costs: Mapping[str, float], points: float) -> dict[str, float]:
    """Price score per vendor: lowest cost / this cost x points, rounded to 2 decimals."""
    _require_non_negative(points, "price points")
    for vendor, cost in annual_costs.items():
        if not math.isfinite(cost) or cost <= 0:
            raise ScoringError(f"annual cost for {vendor!r} must be positive, got {cost}")
    if not annual_costs:
        return {}
    lowest = min(annual_costs.values())
    return {
        vendor: round(lowest / annual_costs[vendor] * points, 2) for vendor in sorted(annual_costs)
    }


def _workloads(
    channels: Sequence[ChannelVolume], transactions: Sequence[TransactionVolume]
) -> list[_Workload]:
    items = [_Workload(c.channel.strip(), c.per_month, c.aht_seconds, None) for c in channels]
    items += [_Workload(t.name.strip(), t.per_month, None, t.handle_minutes) for t in transactions]
    folded = [item.name.casefold() for item in items]
    if len(set(folded)) != len(folded) or "" in folded:
        raise ScoringError(
            f"channel and transaction names must be unique and non-empty: {[i.name for i in items]}"
        )
    return items


def _assign_scopes(
    quotes: Sequence[PriceQuote], workloads: list[_Workload]
) -> list[tuple[PriceQuote, list[_Workload]]]:
    """Which volumes each quote prices: explicit scopes first, then catch-all quotes."""
    by_name = {item.name.casefold(): item for item in workloads}
    owner: dict[str, PriceQuote] = {}
    assigned: list[tuple[PriceQuote, list[_Workload]]] = []
    for quote in quotes:
        if not quote.scope.strip():
            continue
        covered: list[_Workload] = []
        for part in _SCOPE_SEPARATOR.split(quote.scope.strip()):
            item = by_name.get(part.casefold())
            if item is None:
                raise ScoringError(
                    f"quote scope {part!r} matches no channel or transaction "
                    f"(known: {', '.join(sorted(i.name for i in workloads)) or 'none'})"
                )
            if quote.model == "per_minute" and not item.is_channel:
                raise ScoringError(
                    f"a per_minute quote cannot price transaction {item.name!r}: "
                    "it has no handle time"
                )
            _claim(owner, item, quote)
            covered.append(item)
        assigned.append((quote, covered))
    for quote in quotes:
        if quote.scope.strip():
            continue
        covered = [
            item
            for item in workloads
            if item.name.casefold() not in owner
            and (quote.model != "per_minute" or item.is_channel)
        ]
        for item in covered:
            _claim(owner, item, quote)
        assigned.append((quote, covered))
    return assigned


def _claim(owner: dict[str, PriceQuote], item: _Workload, quote: PriceQuote) -> None:
    key = item.name.casefold()
    if key in owner:
        raise ScoringError(f"{item.name!r} is priced by more than one quote")
    owner[key] = quote


def _price_quote(
    quote: PriceQuote, covered: list[_Workload], assumptions: _Assumptions
) -> tuple[float, float, list[str]]:
    """(annual cost, FTE charged, evidence lines) for one quote."""
    symbol = assumptions.symbol
    rate = _money(quote.rate, symbol)
    if quote.model in {"per_minute", "per_transaction"}:
        cost = 0.0
        lines = []
        for item in covered:
            if quote.model == "per_minute":
                assert item.aht_seconds is not None  # scopes admit channels only
                minutes = item.per_month * item.aht_seconds / 60
                line_cost = quote.rate * minutes * 12
                lines.append(
                    f"{item.name}: {item.volume_text} × {_number(item.aht_seconds)} s AHT = "
                    f"{_number(minutes)} min/month × 12 × {rate} = {_money(line_cost, symbol)}"
                )
            else:
                line_cost = quote.rate * item.per_month * 12
                lines.append(
                    f"{item.name}: {item.volume_text} × 12 × {rate} = {_money(line_cost, symbol)}"
                )
            cost += line_cost
        return cost, 0.0, lines

    # FTE-based models: one line per volume, or one line for the vendor's stated FTE. A stated
    # FTE far below what the volumes need would let a bid look cheap by promising an SLA it
    # cannot staff, so it is floored (see ``plausible_fte_floor``) and the evidence says so.
    if quote.fte is not None:
        label = ", ".join(item.name for item in covered) or "all"
        floor, needed = plausible_fte_floor(covered, assumptions)
        if needed is not None and quote.fte < floor:
            stages = [
                (
                    label,
                    f"{label}: vendor-stated {_number(quote.fte, 1)} FTE is below the floor of "
                    f"{_number(floor, 1)} FTE for these volumes; {_number(needed, 1)} FTE priced",
                    needed,
                )
            ]
        else:
            stages = [(label, f"{label}: vendor-stated {_number(quote.fte, 1)} FTE", quote.fte)]
    else:
        stages = [(item.name, *_derived_fte(item, assumptions)) for item in covered]
    cost = 0.0
    fte_total = 0.0
    lines = []
    for _, derivation, fte in stages:
        if quote.model == "per_fte_month":
            line_cost = quote.rate * fte * 12
            pricing = f"{_number(fte, 1)} FTE × {rate} × 12 = {_money(line_cost, symbol)}"
        else:
            hours = fte * assumptions.productive_hours * 12
            line_cost = quote.rate * hours
            pricing = (
                f"{_number(fte, 1)} FTE × {_number(assumptions.paid_hours)} h × "
                f"(1 − {assumptions.shrinkage:.2f}) × 12 = {_number(hours, 1)} productive h × "
                f"{rate} = {_money(line_cost, symbol)}"
            )
        lines.append(f"{derivation} → {pricing}")
        cost += line_cost
        fte_total += fte
    return cost, fte_total, lines


VOICE_FTE_FLOOR = 0.85
OTHER_FTE_FLOOR = 0.5


def plausible_fte_floor(
    covered: Sequence[_Workload], assumptions: _Assumptions
) -> tuple[float, float | None]:
    """(lowest believable FTE, FTE the volumes need) for a vendor-stated FTE.

    The floor is 85% of the Erlang C staffing for voice, which has no concurrency, and 50% of
    the workload elsewhere, where chat concurrency and automation can honestly halve it.
    ``None`` when the need cannot be derived (a transaction with no handle minutes).
    """
    floor = needed = 0.0
    for item in covered:
        try:
            _, fte = _derived_fte(item, assumptions)
        except ScoringError:
            return 0.0, None
        share = VOICE_FTE_FLOOR if item.name.casefold() in _QUEUED_CHANNELS else OTHER_FTE_FLOOR
        floor += share * fte
        needed += fte
    if not covered:
        return 0.0, None
    return round(floor, 1), round(needed, 1)


def _derived_fte(item: _Workload, assumptions: _Assumptions) -> tuple[str, float]:
    """(derivation text, FTE rounded to 0.1) for a volume the vendor gave no FTE for."""
    productive = assumptions.productive_hours
    if item.aht_seconds is not None and item.name.casefold() in _QUEUED_CHANNELS:
        fte = _round_fte(
            fte_required(
                item.per_month,
                item.aht_seconds,
                assumptions.open_hours,
                target_service_level=assumptions.target_service_level,
                target_answer_seconds=assumptions.target_answer_seconds,
                shrinkage=assumptions.shrinkage,
                paid_hours_per_fte_month=assumptions.paid_hours,
            )
        )
        target = f"{assumptions.target_service_level * 100:g}/{assumptions.target_answer_seconds:g}"
        return (
            f"{item.name}: {item.volume_text} × {_number(item.aht_seconds)} s AHT → "
            f"{_number(fte, 1)} FTE by Erlang C ({target}, {_number(assumptions.open_hours)} "
            f"open h/month, {assumptions.shrinkage:.0%} shrinkage)",
            fte,
        )
    if item.aht_seconds is not None:
        hours = item.per_month * item.aht_seconds / 3600
        work = f"{item.volume_text} × {_number(item.aht_seconds)} s AHT"
    else:
        minutes = item.handle_minutes or assumptions.handle_minutes
        if minutes is None:
            raise ScoringError(
                f"cannot derive FTE for transaction {item.name!r}: give its handle minutes "
                "or use a quote that states FTE"
            )
        hours = item.per_month * minutes / 60
        work = f"{item.volume_text} × {_number(minutes, 1)} min"
    fte = _round_fte(hours / productive)
    return (
        f"{item.name}: {work} = {_number(hours, 1)} h ÷ {_number(productive, 1)} productive "
        f"h/FTE → {_number(fte, 1)} FTE (workload)",
        fte,
    )


def _round_fte(fte: float) -> float:
    """Half-up to one decimal, the granularity vendors bill FTE at."""
    return math.floor(fte * 10 + 0.5) / 10


def _number(value: float, decimals: int = 0) -> str:
    if decimals == 0 and not float(value).is_integer():
        decimals = 1
    return f"{value:,.{decimals}f}"


def _money(amount: float, symbol: str) -> str:
    if abs(amount - round(amount)) < 0.005:
        return f"{symbol}{round(amount):,}"
    return f"{symbol}{amount:,.2f}"


# -------------------------------------------------------------------------------- validation


def _require_finite(value: float, what: str) -> None:
    if not math.isfinite(value):
        raise ScoringError(f"{what} must be a finite number, got {value}")


def _require_non_negative(value: float, what: str) -> None:
    _require_finite(value, what)
    if value < 0:
        raise ScoringError(f"{what} must not be negative, got {value}")


def _require_positive(value: float, what: str) -> None:
    _require_finite(value, what)
    if value <= 0:
        raise ScoringError(f"{what} must be positive, got {value}")


def _require_shrinkage(shrinkage: float) -> None:
    _require_finite(shrinkage, "shrinkage")
    if not 0 <= shrinkage < 1:
        raise ScoringError(f"shrinkage must be at least 0 and below 1, got {shrinkage}")
