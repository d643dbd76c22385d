"""ISO 639-1 language codes and their English names, for the spec, the RFP and the shortlist."""

from __future__ import annotations

import pycountry


def language_name(code: str) -> str:
    """English name of an ISO 639-1 code."""
    language = pycountry.languages.get(alpha_2=code)
    return str(language.name) if language is not None else code


def is_language_code(code: str) -> bool:
    """Whether ``code`` is a two-letter ISO 639-1 code."""
    return len(code) == 2 and pycountry.languages.get(alpha_2=code) is not None


def code_for_name(name: str) -> str | None:
    """The ISO 639-1 code of a language given by name (``"Spanish"`` -> ``"es"``), if any."""
    try:
        language = pycountry.languages.lookup(name.strip())
    except LookupError:
        return None
    code = getattr(language, "alpha_2", None)
    return str(code) if code else None
