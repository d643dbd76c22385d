"""Tests for rfp.score.checks.languages.

Expected figures are worked by hand (arithmetic in comments) or taken from a published example,
never read back from the code under test.
"""

from __future__ import annotations

import pytest

from rfp.errors import ScoringError
from rfp.score.checks.languages import check_languages, find_languages, normalise_language


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
