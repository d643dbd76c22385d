"""Tests for rfp.score.ingest.lookalikes: look-alike letters are read as the Latin they show."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import docx
import pytest

from rfp.score.checks.certifications import find_certifications, held_certifications
from rfp.score.commitments import read_commitments
from rfp.score.document import Document
from rfp.score.ingest.folder import parse, read_files
from rfp.score.ingest.lookalikes import LOOKALIKES, fold_lookalikes

HEDGE = "QuickServe \u0430ims to reach 80% of calls answered in 20 seconds."  # Cyrillic а
NEGATION = "QuickServe does n\u043et guarantee 80% of calls answered in 20 seconds."  # о


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _read(text: str, name: str = "proposal.md") -> Document:
    """``text`` as the file ``name`` of one paragraph, read as `rfp score` reads it."""
    suffix = Path(name).suffix
    if suffix == ".docx":
        return parse(Path(name), _docx(text))
    if suffix == ".html":
        return parse(Path(name), f"<html><body><p>{text}</p></body></html>".encode())
    return parse(Path(name), text.encode())


@pytest.mark.parametrize("name", ["proposal.md", "proposal.txt", "proposal.html", "proposal.docx"])
def test_a_hedge_written_with_a_cyrillic_letter_is_read_as_a_hedge(name: str) -> None:
    read = read_commitments(_read(HEDGE, name).text)

    assert read.hedged == (HEDGE.replace("\u0430", "a"),)
    assert read.sentences == () and read.specifics == ()


def test_a_negation_written_with_a_cyrillic_letter_is_read_as_a_negation() -> None:
    read = read_commitments(_read(NEGATION).text)

    assert read.negated == (NEGATION.replace("\u043e", "o"),)
    assert read.specifics == ()


def test_a_certification_name_with_a_cyrillic_letter_is_found() -> None:
    text = _read("We are P\u0421I DSS v4.0 certified (Level 1 Service Provider).").text

    assert held_certifications(find_certifications(text)) == ["PCI DSS"]


@pytest.mark.parametrize(
    "text",
    [
        "Our Greek office is in \u0391\u03b8\u03ae\u03bd\u03b1 (\u0391\u03b8\u03ae\u03bd\u03b1 "
        "\u03ba\u03b1\u03b9 \u03a0\u03b5\u03b9\u03c1\u03b1\u03b9\u03ac\u03c2).",  # Αθήνα και
        "Our Russian office is in \u041c\u043e\u0441\u043a\u0432\u0430 "
        "(\u041c\u043e\u0441\u043a\u0432\u0430 \u0441 2010).",  # Москва с 2010
        "\u039a\u0391\u0399 \u03a4\u039f",  # ΚΑΙ ΤΟ: look-alikes all, but no Latin word near
        "M\u00fcnchen, S\u00e3o Paulo and Krak\u00f3w; 10\u2076 calls in 2 m\u00b2 \u2103.",
        "Manila site\uff08two floors\uff09\uff1a 400 seats\uff01",  # full-width punctuation
    ],
)
def test_genuine_greek_cyrillic_and_accented_words_and_superscripts_are_left_alone(
    text: str,
) -> None:
    document = _read(text)

    assert document.text == text
    assert document.warnings == ()


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("does \u039d\u039f\u03a4 guarantee", "does NOT guarantee"),  # Greek capitals alone
        ("do \u039d\u039f\u03a4 \u03a4\u039f agree", "do NOT TO agree"),  # a run of them
        (
            "\u0391\u03b8\u03ae\u03bd\u03b1 \u03ba\u03b1\u03b9 is",
            "\u0391\u03b8\u03ae\u03bd\u03b1 \u03ba\u03b1\u03b9 is",
        ),
        ("\u0570\u0578\u0585\u0561 n\u0585t", "\u0570\u0578\u0585\u0561 not"),  # Armenian
        ("\uff4e\uff4f\uff54 and \U0001d427\U0001d428\U0001d42d", "not and not"),  # full, maths
        ("\u0274\u1d0f\u1d1b certified", "not certified"),  # Latin small capitals
        ("does \ua4e0\ua4f3\ua4d4 commit", "does NOT commit"),  # Lisu capitals (a probe's)
        ("ISO \uff12\uff17\uff10\uff10\uff11", "ISO 27001"),  # full-width digits
    ],
)
def test_look_alikes_between_latin_words_and_styled_forms_are_read_as_latin(
    text: str, read: str
) -> None:
    assert fold_lookalikes(text) == read


def test_the_warning_names_the_file_and_counts_the_words(tmp_path: Path) -> None:
    annex = tmp_path / "annex"
    annex.mkdir()
    (annex / "sla.md").write_text(f"{HEDGE}\n\n{NEGATION} P\u0421I DSS.", encoding="utf-8")

    documents, errors, _ = read_files(tmp_path)

    assert errors == []
    assert documents[0].warnings == (
        f"{annex / 'sla.md'}: 3 words mixing look-alike letters from other scripts or styles "
        "(Cyrillic, Greek, full-width...) were read as Latin",
    )


def test_ascii_text_is_returned_as_it_is() -> None:
    text = "QuickServe guarantees 80/20."

    assert fold_lookalikes(text) is text


def test_every_look_alike_is_a_letter_of_its_own_read_as_an_ascii_letter() -> None:
    for letter, latin in LOOKALIKES.items():
        assert letter.isalpha() and not letter.isascii(), unicodedata.name(letter)
        assert latin.isascii() and latin.isalpha(), unicodedata.name(letter)
