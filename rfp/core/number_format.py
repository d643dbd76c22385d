"""Numbers typed as text, read the way their writer meant them: ``2.650,00`` in Germany is 2650.

A response workbook's numeric cells are used as stored. Text in them ("2.650,00", "52,5",
"€2.540") is read with the number format (a locale such as ``de_DE``) the vendor declares on
the Respondent sheet. Without one, text is read under the buyer's locale and the two common
conventions (1,234.56 and 1.234,56); a value they read differently ("2.650", "1,500") is
ambiguous and is never guessed at. Parsing is Babel's strict mode, whose locale data ships in
the wheel (nothing is downloaded).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Final

import pycountry
from babel import Locale, UnknownLocaleError
from babel.languages import get_official_languages
from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

FALLBACK_LOCALE: Final = "en_US"
DOT_DECIMAL: Final = "en_US"
"""The convention 1,234.56 (the UK, the US, India, the Philippines, Mexico...)."""
COMMA_DECIMAL: Final = "de_DE"
"""The convention 1.234,56 (Germany, Spain, Italy, Brazil, the Netherlands...)."""

# A vendor may describe its format by example instead of by locale.
_EXAMPLES: Final[dict[str, str]] = {
    "1,234.56": "en_US",
    "1.234,56": "de_DE",
    "1 234,56": "fr_FR",
    "1'234.56": "de_CH",
}
_SPACES: Final = re.compile(r"[ \u00a0\u202f]")
_SCIENTIFIC: Final = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+")


class UnknownNumberFormatError(ValueError):
    """A declared number format that is neither a known locale nor an example such as 1.234,56."""


@dataclass(frozen=True)
class Reading:
    """One cell's text read as a number: the value, or None and why not."""

    value: Decimal | None
    problem: str = ""
    ambiguous: bool = False


def parse_locale(declared: str) -> str:
    """The Babel locale id of a declared format: ``de_DE``, ``de-DE``, ``fr`` or ``1.234,56``.

    Raises UnknownNumberFormatError naming the accepted forms.
    """
    text = declared.strip()
    example = _SPACES.sub(" ", text.replace("\u2019", "'"))
    if example in _EXAMPLES:
        return _EXAMPLES[example]
    try:
        locale = Locale.parse(text.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise UnknownNumberFormatError(
            f"{text[:40]!r} is not a number format: give a locale such as de_DE or en_US, "
            "or an example such as 1.234,56 or 1,234.56"
        ) from None
    return str(locale)


def default_locale(country: str) -> str:
    """The locale numbers are usually written in in ``country`` (an ISO code or name).

    The country's first official language, e.g. United Kingdom -> en_GB, Germany -> de_DE,
    Switzerland -> de_CH; ``en_US`` when the country or its locale is unknown.
    """
    try:
        code = str(pycountry.countries.lookup(country).alpha_2)
    except LookupError:
        return FALLBACK_LOCALE
    for language in get_official_languages(code, de_facto=True):
        try:
            return str(Locale.parse(f"{language}_{code}"))
        except (UnknownLocaleError, ValueError):
            continue
    return FALLBACK_LOCALE


def example(locale: str) -> str:
    """How one thousand two hundred and thirty-four point five six looks in ``locale``."""
    group = get_group_symbol(locale).replace("\u202f", " ").replace("\u00a0", " ")
    return f"1{group}234{get_decimal_symbol(locale)}56"


@lru_cache(maxsize=4096)
def read_number(text: str, declared: str | None, default: str) -> Reading:
    """``text`` as a number: under the ``declared`` locale, or, when None, unambiguously.

    Declared: read strictly in that locale (``2.650,00`` in de_DE is 2650.00). Not declared:
    read under ``default`` (the buyer's locale) and both common conventions; a text they read
    the same way, or only one of them reads, is that number; one they read differently
    (``2.650``: 2650 or 2.65) is refused as ambiguous, naming both readings. Scientific
    notation (``4.2e3``) reads the same everywhere. Cached: a workbook repeats its figures,
    and Babel's strict check costs a tenth of a millisecond or more per locale.
    """
    if _SCIENTIFIC.fullmatch(text):
        return Reading(Decimal(text))
    locales = [declared] if declared else list(dict.fromkeys((default, DOT_DECIMAL, COMMA_DECIMAL)))
    strict = (_strict(text, locale) for locale in locales)
    readings = list(dict.fromkeys(value for value in strict if value is not None))
    if len(readings) == 1:
        return Reading(readings[0])
    if readings:
        shown = " or ".join(_plain(value) for value in sorted(readings, reverse=True))
        problem = f"{text[:40]!r} is ambiguous: {shown}, depending on the number format"
        return Reading(None, problem, ambiguous=True)
    if declared:
        return Reading(
            None, f"{text[:40]!r} is not a number as written in {declared} ({example(declared)})"
        )
    return Reading(None, f"{text[:40]!r} is not a number (type digits only, e.g. 4200.50)")


def _strict(text: str, locale: str) -> Decimal | None:
    """Babel's strict reading in ``locale``.

    Where thousands are grouped by a space (fr_FR: 1 234,56), any space stands for it, and so
    does a dot, as many French and Polish writers type it (2.650,00).
    """
    group = get_group_symbol(locale)
    if _SPACES.fullmatch(group):
        if get_decimal_symbol(locale) == ",":
            text = text.replace(".", group)
        text = _SPACES.sub(group, text)
    if group == "'":
        text = text.replace("\u2019", "'")
    try:
        return parse_decimal(text, locale, strict=True)
    except (NumberFormatError, ValueError, ArithmeticError):
        return None


def _plain(value: Decimal) -> str:
    """A reading as plain digits with a decimal point, so the two readings compare at a glance."""
    return f"{value.normalize():f}"
