"""Certifications a proposal mentions, whether it holds them, and whether they meet the RFP.

Each finding carries the words that mention it, so an evaluator can overrule a misreading.
Regulations (GDPR, HIPAA, CCPA, SOX...) are found the same way but are laws a vendor complies
with, not certificates anyone issues, so every list shows them apart (`REGULATIONS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rfp.score.checks.claims import (
    ClaimStatus,
    Clauses,
    claim_status,
    is_refusal,
    quote_around,
)
from rfp.score.checks.scan import folded_positions, matches_at, word_starts

CertificationStatus = ClaimStatus

CERTIFICATIONS: tuple[str, ...] = (
    "CCPA",
    "COPC",
    "GDPR",
    "GLBA",
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
    "SOX",
)
"""Canonical names. A bare "SOC 1"/"SOC 2" is a mention whose report type is not stated."""

REGULATIONS: frozenset[str] = frozenset({"CCPA", "GDPR", "GLBA", "HIPAA", "SOX"})
"""Laws, not certificates: no body certifies GDPR or HIPAA compliance, so a vendor states that
it complies (a compliance statement), and outputs list these under "complies with". PCI DSS
is a standard with a formal assessment (a QSA's Report and Attestation of Compliance), so it
stays a certification, as do SOC reports, ISO certificates, HITRUST and COPC."""


def is_regulation(name: str) -> bool:
    """Whether a canonical name is a regulation complied with rather than a certification held."""
    return name in REGULATIONS


# A held report of the key type also meets a requirement for the value types: a Type II
# report covers operating effectiveness over a period, which includes the Type I design check.
_ALSO_SATISFIES: dict[str, frozenset[str]] = {
    "SOC 2 Type II": frozenset({"SOC 2 Type I", "SOC 2"}),
    "SOC 2 Type I": frozenset({"SOC 2"}),
    "SOC 1 Type II": frozenset({"SOC 1 Type I", "SOC 1"}),
    "SOC 1 Type I": frozenset({"SOC 1"}),
}

_WEAK_WINDOW_WORDS = 8


@dataclass(frozen=True)
class CertificationFinding:
    """One certification a proposal mentions, with the words that mention it.

    ``status`` separates a certification the vendor holds now from one it is working towards
    ("planned") or says it lacks, let lapse, is merely "aligned with", or restates as the
    buyer's requirement ("not_held"), so a knockout does not pass on "we are not PCI DSS
    certified" or "the vendor must hold PCI DSS". Cues are read in the clause around the
    mention only (``claims.claim_status``); the quote lets an evaluator overrule a misreading.
    """

    name: str
    detail: str
    quote: str
    status: CertificationStatus = "held"
    refused: bool = False
    """Not held now by the vendor's own statement (a plan, a negation, a lapse; not a question
    or a restated requirement)."""

    @property
    def held(self) -> bool:
        """Whether the text claims the certification is currently held."""
        return self.status == "held"


@dataclass(frozen=True)
class CertificationCheck:
    """Required against held certifications, in canonical names, sorted.

    ``held`` lists certifications; the regulations the vendor states it complies with are in
    ``complies_with``. Both count towards ``required`` (a buyer may require GDPR compliance).
    """

    required: list[str]
    held: list[str]
    missing: list[str]
    passed: bool
    complies_with: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    names: tuple[str, ...]  # canonical names, or "" where the match itself decides


_FLAGS = re.IGNORECASE
_SOC_NUMBER = r"SOC\s*-?\s*(?P<num>[12]|II)(?![0-9A-Za-z])(?:\s*(?:®|\(R\)|™))?"
_SOC_TYPE = r"(?P<t1>II|I|2|1)(?![0-9A-Za-z])"
_SOC_SECOND_TYPE = r"(?:\s*(?:and|&|/|,|or)\s*(?:Type\s*)?(?P<t2>II|I|2|1)(?![0-9A-Za-z]))?"
_YEAR = r"(?:\s*:\s*(?P<year>(?:19|20)\d\d))?"

_LIKENESS = r"(?![\s-]*(?:style|standard|like|type|grade|ready)\b)"

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
            r"\bCCPA\b|\bCPRA\b|\bCalifornia\s+(?:Consumer\s+)?Privacy\s+(?:Rights\s+)?Act\b",
            _FLAGS,
        ),
        ("CCPA",),
    ),
    # "SOX-style controls" or "SOX-standard evidence" is likeness, not compliance.
    _Pattern(
        re.compile(r"(?:\bSOX\b|\bSarbanes[\s-]+Oxley(?:\s+Act)?\b)" + _LIKENESS, _FLAGS),
        ("SOX",),
    ),
    _Pattern(
        re.compile(r"\bGLBA\b|\bGramm[\s-]+Leach[\s-]+Bliley(?:\s+Act)?\b", _FLAGS), ("GLBA",)
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

# Certification-specific plan cues, on top of the shared ones in ``claims.PLANNED``.
_PLANNED = re.compile(
    r"\b(?:will\s+(?:obtain|achieve|complete|receive|be\s+(?:certified|audited|compliant))"
    r"|readiness|gap\s+(?:analysis|assessment))",
    _FLAGS,
)
# "Aligned with ISO 27001" is the usual way of saying "not certified to it".
_WEAK_CLAIM = re.compile(r"\b(?:aligned|modell?ed\s+on|based\s+on)\b", _FLAGS)
# Knowing, following or working near a standard is not holding it: said before the mention,
# or as what the mention is ("PCI DSS guidance"). Read as not held, but not as a refusal.
_NOT_A_HOLDING = re.compile(
    r"\b(?:familiar(?:ity)?|knowledge|experience[ds]?|expertise|understand(?:s|ing)?|aware(?:ness)?"
    r"|train(?:s|ed|ing)|follow(?:s|ed|ing)?|guided|in\s+line\s+with|consistent\s+with"
    r"|according\s+to|inspired\s+by|similar\s+to|equivalent\s+to|comparable\s+to|mirror(?:s|ed)?)\b",
    _FLAGS,
)
_NOT_A_HOLDING_AFTER = re.compile(
    r"^[\s,:]*(?:v?\d[\w.]*\s+)?(?:guidance|guidelines?|principles|best\s+practices?"
    r"|requirements|controls|framework|standards?)\b",
    _FLAGS,
)
# Someone else's certificate: a third party's, a supplier's, the buyer's ("Acme's own IVR").
_SOMEONE_ELSES = re.compile(
    r"\b(?:third[-\s]part(?:y|ies)|(?:sub-?)?processors?|(?<!service\s)(?<!service-)providers?"
    r"|partners?|suppliers?|sub-?contractors?|gateways?|your|(?:client|buyer|customer)['’]s)\b"
    r"|['’]s\s+own\b",
    _FLAGS,
)
# After the mention, in its sentence: held through someone else ("through them"), or not yet
# ("certificate to follow", "in scope for", "report due in 2027"). To confirm, not refused.
_NOT_YET_OR_THROUGH = re.compile(
    r"^[^.;]*?\b(?:through\s+(?:them|our\s+partner|a\s+partner)|to\s+follow"
    r"|in\s+scope\s+for|due\s+(?:in|by)\s+(?:19|20)\d\d)\b",
    _FLAGS,
)
# What makes a mention a holding: a word of certifying, complying, auditing or holding in its
# clause, a date, or the mention's own version, level or release ("PCI DSS v4.0 Level 1").
# A bare mention ("Regarding PCI DSS, we can talk it through") holds nothing.
_HOLDING = re.compile(
    r"\b(?:certifi\w*|compl(?:y|ies|iant|iance)|accredit\w*|attest\w*|AoC|RoC|reports?"
    r"|audit\w*|assess(?:ed|ment)|hold(?:s|ing)?|held|have|has|maintain\w*|achiev\w*|obtain\w*"
    r"|register\w*|valid\w*|current(?:ly)?|expir\w*|issued|renew\w*|QSA|passed|awarded"
    r"|granted|verified|examin\w*|complet(?:ed|ion)|underwent|in\s+force|(?:19|20)\d\d)\b",
    _FLAGS,
)
_HOLDING_DETAIL = re.compile(
    r"\bv(?:ersion)?\s*\d|:\s*(?:19|20)\d\d|\bLevel\s*[1-4]|\bRelease\b|\b(?:r2|i1|e1)\b", _FLAGS
)
# An audit planned for a certificate already held keeps it held.
_KEEPS_HELD = re.compile(r"\b(?:surveillance|re-?certification|renewal)\b", _FLAGS)


_START_WORDS = (
    "type",
    "soc",
    "iso",
    "pci",
    "hipaa",
    "gdpr",
    "general",
    "ccpa",
    "cpra",
    "california",
    "sox",
    "sarbanes",
    "glba",
    "gramm",
    "copc",
    "hitrust",
)
_STARTS = re.compile(rf"\b(?:{'|'.join(_START_WORDS)})", _FLAGS)
"""The first word of every alternative of every pattern in ``_PATTERNS``: each match starts
where one of these does."""
_START_WORDS_SCAN = re.compile("|".join(_START_WORDS), _FLAGS)


def pattern_matches(text: str) -> list[list[re.Match[str]]]:
    """Each pattern's ``finditer`` over ``text``, tried only where a pattern can start.

    Fifteen case-insensitive scans of a 30-page proposal cost about 19 ms; one scan for the
    words they start with, then ``match`` at each hit, costs about 5 ms and finds the same
    matches: a match starts at one of those words, and ``match(text, pos)`` sees the text
    before ``pos`` for ``\b`` as ``finditer`` does. The words are found with ``str.find`` on
    the lowered text (``scan.folded_positions``), which costs half that scan.
    """
    words = folded_positions(text, _START_WORDS)
    if words is None:
        words = word_starts(_START_WORDS_SCAN, text)
    starts = [found.start() for found in matches_at(_STARTS, text, words)]
    per_pattern: list[list[re.Match[str]]] = []
    for pattern in _PATTERNS:
        matches: list[re.Match[str]] = []
        end = 0
        for start in starts:
            if start >= end and (match := pattern.regex.match(text, start)):
                matches.append(match)
                end = match.end()
        per_pattern.append(matches)
    return per_pattern


def find_certifications(text: str) -> list[CertificationFinding]:
    """Certifications the text mentions, one finding per (name, status), sorted.

    The first mention of each (name, status) gives the quote; the first non-empty detail
    ("v4.0", "2022", "Level 1 Service Provider") is kept.
    """
    clauses = Clauses.of(text)
    taken: list[tuple[int, int]] = []
    mentions: list[tuple[int, str, str, CertificationStatus, str, bool]] = []
    for pattern, matches in zip(_PATTERNS, pattern_matches(text), strict=True):
        for match in matches:
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            names = _names(pattern, match)
            regulation = all(is_regulation(name) for name, _ in names)
            status, refusable = _status(clauses, span, regulation=regulation)
            quote = quote_around(text, span)
            refused = status == "planned" or (
                status == "not_held" and refusable and is_refusal(clauses, span)
            )
            mentions.extend(
                (span[0], name, detail, status, quote, refused) for name, detail in names
            )
    mentions.sort()
    merged: dict[tuple[str, CertificationStatus], CertificationFinding] = {}
    for _, name, detail, status, quote, refused in mentions:
        key = (name, status)
        found = merged.get(key)
        if found is None:
            merged[key] = CertificationFinding(name, detail, quote, status, refused)
        elif refused and not found.refused:
            merged[key] = CertificationFinding(name, found.detail or detail, quote, status, True)
        elif not found.detail and detail:
            merged[key] = CertificationFinding(name, detail, found.quote, status, found.refused)
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
        required=required_names,
        held=[name for name in held_names if not is_regulation(name)],
        missing=missing,
        passed=not missing,
        complies_with=[name for name in held_names if is_regulation(name)],
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


def _status(
    clauses: Clauses, span: tuple[int, int], *, regulation: bool = False
) -> tuple[CertificationStatus, bool]:
    """The mention's status, and whether a "not held" may be read as the vendor's refusal.

    A certification is held when its clause says so (certified, compliant, audited, "we
    hold", a date) and no cue says otherwise; a law (``regulation``: GDPR, CCPA) is complied
    with unless a cue says otherwise, since "a service provider under CCPA" is compliance.
    Knowing or following a standard, someone else holding it, or a bare mention ("Regarding
    PCI DSS, we can talk it through") is not held either, but it is no refusal: the vendor
    has not said it lacks the certificate, so a knockout on it is to be confirmed.
    """
    status = claim_status(clauses, span, also_planned=_PLANNED, keeps_held=_KEEPS_HELD)
    if status != "held":
        return status, True
    before, after = clauses.context(span)
    near_before = " ".join(before.split()[-_WEAK_WINDOW_WORDS:])
    if _WEAK_CLAIM.search(near_before) or _WEAK_CLAIM.search(after[:40]):
        return "not_held", True
    subject = _LAST_FIRST_PERSON.split(near_before)[-1]  # what follows the last "we"/"our"
    if (
        _NOT_A_HOLDING.search(subject)
        or _NOT_A_HOLDING_AFTER.search(after)
        or _SOMEONE_ELSES.search(subject)
        or _NOT_YET_OR_THROUGH.search(after[:80])
        or not (regulation or _holding(clauses, span, before, after))
    ):
        return "not_held", False
    return "held", True


def _holding(clauses: Clauses, span: tuple[int, int], before: str, after: str) -> bool:
    """Whether the mention's clause says it is held (``_HOLDING``) or the mention names a
    version, level or release of its own (``_HOLDING_DETAIL``)."""
    mention = clauses.text[span[0] : span[1]]
    return bool(
        _HOLDING.search(before) or _HOLDING.search(after) or _HOLDING_DETAIL.search(mention)
    )


_LAST_FIRST_PERSON = re.compile(r"\b(?:we|our|us)\b", _FLAGS)
