"""Language names as buyers and vendors say them, from one place (issue 12, part 6)."""

from __future__ import annotations

import pytest

from rfp.core.languages import code_for_name, is_language_code, language_label, language_name


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("el", "Greek"),  # ISO 639: "Modern Greek (1453-)"
        ("pa", "Punjabi"),  # ISO 639: "Panjabi"
        ("ms", "Malay"),  # ISO 639: "Malay (macrolanguage)"
        ("sw", "Swahili"),  # ISO 639: "Swahili (macrolanguage)"
        ("ne", "Nepali"),
        ("ky", "Kyrgyz"),  # ISO 639: "Kirghiz"
        ("ps", "Pashto"),  # ISO 639: "Pushto"
        ("ht", "Haitian Creole"),  # ISO 639: "Haitian"
        ("bn", "Bengali"),  # CLDR now says "Bangla"; buyers say Bengali
        ("en", "English"),
        ("es", "Spanish"),
        ("tl", "Tagalog"),
        ("zh", "Chinese"),
    ],
)
def test_plain_names(code: str, name: str) -> None:
    assert language_name(code) == name


def test_no_name_carries_a_catalogue_qualifier() -> None:
    import pycountry

    codes = [str(lang.alpha_2) for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    assert len(codes) == 184
    assert [language_name(code) for code in codes if "(" in language_name(code)] == []


def test_labels_and_unknown_codes() -> None:
    assert language_label("el") == "Greek (el)"
    assert language_label("xx") == "xx"
    assert language_name("xx") == "xx"
    assert not is_language_code("xx")


@pytest.mark.parametrize(
    ("name", "code"),
    [("Greek", "el"), ("punjabi", "pa"), ("Panjabi", "pa"), ("Malay", "ms"), ("Spanish", "es")],
)
def test_names_typed_by_a_buyer_find_their_code(name: str, code: str) -> None:
    assert code_for_name(name) == code
