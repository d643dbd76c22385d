"""ISO 639-1 language codes and their plain English names, for the spec, the RFP and the outputs.

The one place a language code becomes a name. Names are CLDR's English ones (through Babel),
which are the plain names people use ("Greek", "Punjabi", "Malay"), not ISO 639's catalogue
names ("Modern Greek (1453-)", "Panjabi", "Malay (macrolanguage)"); pycountry still decides
which codes exist and reads names a buyer types.
"""

from __future__ import annotations

from functools import cache

import pycountry

# Where CLDR's English name is not the one English-speaking buyers use.
_PLAIN_NAMES = {"bn": "Bengali", "ny": "Chichewa"}


@cache
def language_name(code: str) -> str:
    """Plain English name of an ISO 639-1 code ("el" -> "Greek"); the code itself if unknown."""
    from babel import Locale

    key = code.strip().lower()
    if key in _PLAIN_NAMES:
        return _PLAIN_NAMES[key]
    if not is_language_code(key):
        return code
    name = Locale("en").languages.get(key)
    if name:
        return str(name)
    language = pycountry.languages.get(alpha_2=key)
    return str(getattr(language, "common_name", language.name)) if language else code


def language_label(code: str) -> str:
    """The name with its code, as the RFP and the outputs print a language: "Greek (el)"."""
    name = language_name(code)
    return f"{name} ({code})" if name != code else code


def is_language_code(code: str) -> bool:
    """Whether ``code`` is a two-letter ISO 639-1 code."""
    return len(code) == 2 and pycountry.languages.get(alpha_2=code) is not None


def code_for_name(name: str) -> str | None:
    """The ISO 639-1 code of a language given by name (``"Spanish"`` or ``"Greek"`` -> code)."""
    by_plain_name = _codes_by_plain_name().get(name.strip().casefold())
    if by_plain_name:
        return by_plain_name
    try:
        language = pycountry.languages.lookup(name.strip())
    except LookupError:
        return None
    code = getattr(language, "alpha_2", None)
    return str(code) if code else None


@cache
def _codes_by_plain_name() -> dict[str, str]:
    codes = (
        str(language.alpha_2) for language in pycountry.languages if hasattr(language, "alpha_2")
    )
    return {language_name(code).casefold(): code for code in codes}
