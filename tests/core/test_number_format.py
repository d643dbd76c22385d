"""Text read as a number the way its writer meant it, from hand-worked examples."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rfp.core.number_format import (
    UnknownNumberFormatError,
    default_locale,
    example,
    parse_locale,
    read_number,
)


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        ("2.650,00", "de_DE", "2650"),
        ("2.650,00", "fr_FR", "2650"),  # a dot for the thin space French typography uses
        ("2\u202f650,00", "fr_FR", "2650"),
        ("2 650,00", "fr_FR", "2650"),
        ("2.650,00", "es_ES", "2650"),
        ("52,5", "de_DE", "52.5"),
        ("2.540", "de_DE", "2540"),
        ("2.540", "en_GB", "2.54"),
        ("1,00,000", "en_IN", "100000"),  # lakh grouping
        ("2\u2019650.50", "de_CH", "2650.5"),
        ("4.2e3", "de_DE", "4200"),  # scientific notation reads the same everywhere
    ],
)
def test_declared_format(text: str, declared: str, expected: str) -> None:
    assert read_number(text, declared, "en_US").value == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "declared", "problem"),
    [
        ("2.650,00", "en_GB", "'2.650,00' is not a number as written in en_GB (1,234.56)"),
        ("2.65", "fr_FR", "'2.65' is not a number as written in fr_FR (1 234,56)"),
        ("12,345.6", "de_DE", "'12,345.6' is not a number as written in de_DE (1.234,56)"),
    ],
)
def test_text_the_declared_format_cannot_read_says_so(
    text: str, declared: str, problem: str
) -> None:
    assert read_number(text, declared, "en_US").problem == problem


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.650,00", "2650"),  # only 1.234,56 reads it
        ("52,5", "52.5"),  # a comma before one digit groups nothing
        ("12,345.67", "12345.67"),  # only 1,234.56 reads it
        ("2650", "2650"),
        ("0,5", "0.5"),
        ("1.234.567", "1234567"),
    ],
)
def test_without_a_declared_format_one_reading_is_used(text: str, expected: str) -> None:
    assert read_number(text, None, "en_GB").value == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "readings"),
    [("2.650", "2650 or 2.65"), ("1,500", "1500 or 1.5"), ("2.540", "2540 or 2.54")],
)
def test_without_a_declared_format_two_readings_are_ambiguous(text: str, readings: str) -> None:
    reading = read_number(text, None, "en_GB")
    assert reading.value is None
    assert reading.problem == f"{text!r} is ambiguous: {readings}, depending on the number format"


def test_spaces_group_thousands_only_where_the_default_locale_does() -> None:
    assert read_number("4 200", None, "en_GB").value is None
    assert read_number("4 200", None, "fr_FR").value == Decimal(4200)


@pytest.mark.parametrize(
    ("country", "locale"),
    [
        ("United Kingdom", "en_GB"),
        ("US", "en_US"),
        ("Germany", "de_DE"),
        ("FR", "fr_FR"),
        ("Switzerland", "de_CH"),
        ("Philippines", "en_PH"),
        ("Atlantis", "en_US"),
    ],
)
def test_default_locale_of_the_buyers_country(country: str, locale: str) -> None:
    assert default_locale(country) == locale


@pytest.mark.parametrize(
    ("declared", "locale"),
    [
        ("de_DE", "de_DE"),
        ("de-DE", "de_DE"),
        (" fr ", "fr"),
        ("1.234,56", "de_DE"),
        ("1,234.56", "en_US"),
        ("1 234,56", "fr_FR"),
        ("1\u2019234.56", "de_CH"),
    ],
)
def test_a_number_format_is_a_locale_or_an_example(declared: str, locale: str) -> None:
    assert parse_locale(declared) == locale


@pytest.mark.parametrize("declared", ["German", "xx_YY", "", "1.234.56"])
def test_an_unknown_number_format_is_refused(declared: str) -> None:
    with pytest.raises(UnknownNumberFormatError, match="give a locale such as de_DE"):
        parse_locale(declared)


def test_examples_show_the_locales_separators() -> None:
    assert [example(locale) for locale in ("en_GB", "de_DE", "fr_FR", "de_CH")] == [
        "1,234.56",
        "1.234,56",
        "1 234,56",
        "1'234.56",
    ]
