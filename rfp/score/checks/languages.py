"""Languages as ISO 639-1 codes: normalising names and codes, finding them in text, checking."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from rfp.errors import ScoringError
from rfp.score.checks.claims import (
    ClaimStatus,
    Clauses,
    claim_status,
    is_refusal,
    quote_around,
)
from rfp.score.checks.scan import matches_at, word_starts

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
_FIRST_WORDS = re.compile(
    "|".join(
        sorted(
            {name.split()[0] for names in _LANGUAGE_NAMES.values() for name in names},
            key=len,
            reverse=True,
        )
    )
)
"""The first word of every name, without ``\b``: a scan ``re`` runs several times faster,
finding every place a name can start (``scan.word_starts``)."""


# Staffing a language not yet offered: "we are recruiting German speakers", "will add French".
_PLANNED = re.compile(
    r"\b(?:recruiting|hiring|(?:will|to)\s+(?:add|introduce|launch|open|start|begin|recruit|hire))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LanguageClaim:
    """One language the text names, whether it is offered now, and the words that say so.

    ``status`` is "held" when the vendor offers it now, "planned" for a plan or a team still
    being recruited, "not_held" for a negation, a language no longer offered or a
    restatement of the buyer's requirement ("Customers may require French").
    """

    code: str
    status: ClaimStatus
    quote: str
    refused: bool = False
    """Not offered now by the vendor's own statement (a plan, a negation; not a question or a
    restated requirement)."""


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


def find_language_claims(text: str) -> list[LanguageClaim]:
    """Each language the text names, once per (code, status), sorted; the first mention quotes."""
    clauses = Clauses.of(text)
    claims: dict[tuple[str, ClaimStatus], LanguageClaim] = {}
    for match in matches_at(_LANGUAGE_IN_TEXT, text, word_starts(_FIRST_WORDS, text)):
        code = _CODE_BY_NAME[" ".join(match.group(0).split()).casefold()]
        status = claim_status(clauses, match.span(), also_planned=_PLANNED)
        refused = status == "planned" or (
            status == "not_held" and is_refusal(clauses, match.span())
        )
        claim = LanguageClaim(code, status, quote_around(text, match.span()), refused)
        if refused and not claims.get((code, status), claim).refused:
            claims[(code, status)] = claim
        claims.setdefault((code, status), claim)
    return [claims[key] for key in sorted(claims)]


DETECTION_CONTRASTS = ("de", "en", "es", "fr", "pt")
"""Always among the candidates, so a proposal in another common language is not forced into
the one language a buyer requires."""
DETECTION_MIN_CONFIDENCE = 0.9
DETECTION_MIN_WORDS = 20
"""Below this many words a proposal's language is not judged: too little text to be evidence."""
DETECTION_MAX_CHARS = 20_000
"""About 3,000 words are read: plenty to tell the language, and a long proposal costs no more."""


def written_in(text: str, candidates: Iterable[str]) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when unsure.

    Evidence, weaker than a stated offer, that the vendor works in that language. Only the
    candidates (the buyer's required languages, English and ``DETECTION_CONTRASTS``) are
    considered, which keeps detection fast and its answer among the languages that matter; a
    candidate the detector does not know is left out. Deterministic: same text, same answer.
    """
    # Splitting no further than the words needed: the answer is the same, for 1% of the cost.
    if len(text.split(maxsplit=DETECTION_MIN_WORDS)) < DETECTION_MIN_WORDS:
        return None
    detector = _detector(frozenset({*candidates, *DETECTION_CONTRASTS}))
    values = detector.compute_language_confidence_values(text[:DETECTION_MAX_CHARS])
    if not values or values[0].value < DETECTION_MIN_CONFIDENCE:
        return None
    return values[0].language.iso_code_639_1.name.lower()


@functools.lru_cache(maxsize=8)
def _detector(codes: frozenset[str]) -> LanguageDetector:
    known = {language.iso_code_639_1.name.lower(): language for language in Language.all()}
    languages = [known[code] for code in sorted(codes) if code in known]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def find_languages(text: str) -> list[str]:
    """ISO 639-1 codes of the languages the text says are offered now, sorted.

    A language counts when any one mention is a present-tense offer; a plan, a negation or
    a restated requirement alone does not make it offered.
    """
    return sorted({claim.code for claim in find_language_claims(text) if claim.status == "held"})
