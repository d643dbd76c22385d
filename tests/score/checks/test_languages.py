"""Tests for rfp.score.checks.languages.

Expected figures are worked by hand (arithmetic in comments) or taken from a published example,
never read back from the code under test.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lingua import Language

from rfp.errors import ScoringError
from rfp.score.checks import languages
from rfp.score.checks.languages import (
    check_languages,
    find_language_claims,
    find_languages,
    normalise_language,
    written_in,
)
from rfp.score.checks.scan import matches_at, word_starts


def test_check_languages_codes_and_names() -> None:
    check = check_languages(["EN", "Spanish", "pt-BR"], ["en", "es", "fr"])
    assert check.required == ["en", "es", "pt"]
    assert check.offered == ["en", "es", "fr"]
    assert check.missing == ["pt"]
    assert not check.passed
    assert check_languages(["en", "es"], ["English", "Spanish (native)"]).passed


def test_check_languages_unknown_required_raises_unknown_offered_ignored() -> None:
    with pytest.raises(ScoringError, match="Klingon"):
        check_languages(["Klingon"], ["en"])
    with pytest.raises(ScoringError, match="xx"):
        check_languages(["xx"], ["en"])
    check = check_languages(["en"], ["English", "Klingon"])
    assert check.offered == ["en"]
    assert check.passed


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("de", "de"),
        ("zh_Hant", "zh"),
        ("Mandarin", "zh"),
        ("Filipino", "tl"),
        ("Bahasa Indonesia", "id"),
        ("Farsi", "fa"),
        ("French language", "fr"),
        ("Elvish", None),
        ("qq", None),
    ],
)
def test_normalise_language(value: str, code: str | None) -> None:
    assert normalise_language(value) == code


def test_find_languages() -> None:
    assert find_languages("We staff bilingual English and Spanish agents.") == ["en", "es"]
    text = "Mandarin and Cantonese desks in Manila; Bahasa  Indonesia support from Jakarta."
    assert find_languages(text) == ["id", "zh"]
    # Lower-case "polish" is the verb, not the language.
    assert find_languages("Agents polish scripts daily in English.") == ["en"]
    assert find_languages("No language names here.") == []


# Issue 9, part 5: a language counts as offered only when the vendor says it offers it now.


@pytest.mark.parametrize(
    "text",
    [
        "We do not offer French.",
        "French support is planned for 2027.",
        "We are recruiting German speakers.",
        "Customers may require French.",
        "The vendor must provide French-speaking agents.",
        "Do you offer French?",
        "French is not available at launch.",
        "We no longer offer Italian.",
        "We previously offered Italian support.",
    ],
)
def test_languages_not_offered_now(text: str) -> None:
    assert find_languages(text) == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Our agents speak English and Spanish.", ["en", "es"]),
        ("We offer English and Spanish but not French.", ["en", "es"]),
        ("We offer English and do not offer French.", ["en"]),
        ("We support English; German support is planned for 2027.", ["en"]),
        ("We offer Spanish where required by call volumes.", ["es"]),
        # Any clause that offers the language is enough.
        ("Customers may require Spanish. Our agents speak Spanish.", ["es"]),
    ],
)
def test_languages_offered_alongside_ones_not_offered(text: str, codes: list[str]) -> None:
    assert find_languages(text) == codes


def test_language_claims_carry_status_and_quote() -> None:
    claims = find_language_claims("Our agents speak English. French support is planned for 2027.")
    assert [(claim.code, claim.status) for claim in claims] == [
        ("en", "held"),
        ("fr", "planned"),
    ]
    assert claims[1].quote == "Our agents speak English. French support is planned for 2027."


_ENGLISH = (
    "Our Manila team processes supplier invoices with three-way matching against purchase "
    "orders and reconciles vendor statements at every month end for our clients. "
)
_SPANISH = (
    "Nuestro equipo en Bogotá procesa las facturas de proveedores con conciliación de tres vías "
    "y atiende a los clientes todos los días de la semana. "
)


def test_written_in_detects_the_language_of_the_text() -> None:
    assert written_in(_ENGLISH * 2, ["en"]) == "en"
    assert written_in(_SPANISH * 2, ["en"]) == "es"  # contrasts keep it from being forced to en
    assert written_in(_SPANISH * 2, ["es", "en"]) == "es"


def test_written_in_is_unsure_about_too_little_text() -> None:
    assert written_in("We fully comply.", ["en"]) is None
    assert written_in("", ["en", "es"]) is None


def test_refusals_are_the_vendors_own_statements_only() -> None:
    claims = {
        (c.code, c.status): c.refused
        for c in find_language_claims(
            "We do not offer French. We are recruiting German speakers. "
            "The provider must offer Italian."
        )
    }
    assert claims[("fr", "not_held")] is True
    assert claims[("de", "planned")] is True
    assert claims[("it", "not_held")] is False  # the buyer's requirement restated


_NAME_PIECES = [
    "Spanish", "spanish", "Bahasa Indonesia", "Bahasa  Melayu", "Bahasa", "Haitian Creole",
    "Malay", "Malaysian", "Tagalog", "Filipino", "xFrench", "French_", "German", "Germany",
    "We offer ", "not ", "and ", " ", "\n", ".", ",", "1", "_", "é",
]  # fmt: skip


@settings(max_examples=500, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_NAME_PIECES), max_size=10).map("".join))
def test_names_found_where_they_can_start_are_those_the_pattern_finds(text: str) -> None:
    """Names run into each other ("xFrench", "MalayMalaysian") and multi-word names share a
    first word ("Bahasa Indonesia", "Bahasa Melayu")."""
    found = matches_at(languages._LANGUAGE_IN_TEXT, text, word_starts(languages._FIRST_WORDS, text))
    assert [m.span() for m in found] == [
        m.span() for m in languages._LANGUAGE_IN_TEXT.finditer(text)
    ]


@pytest.mark.parametrize(("count", "judged"), [(0, False), (19, False), (20, True), (45, True)])
@pytest.mark.parametrize("gap", [" ", " \n\t", "\u2003"])
def test_written_in_judges_from_twenty_words_however_spaced(
    monkeypatch: pytest.MonkeyPatch, count: int, judged: bool, gap: str
) -> None:
    """19 words are too few and 20 enough (DETECTION_MIN_WORDS), with spaces around them; the
    detector is a stand-in that is always sure, so only the word count decides."""

    class Sure:
        def compute_language_confidence_values(self, text: str) -> list[Any]:
            return [SimpleNamespace(value=1.0, language=Language.ENGLISH)]

    monkeypatch.setattr(languages, "_detector", lambda codes: Sure())
    text = gap + gap.join(["word"] * count) + gap
    assert written_in(text, ["en"]) == ("en" if judged else None)
