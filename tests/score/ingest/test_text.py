"""Tests for rfp.score.ingest.text: encodings, plain-text paragraphs, headings and pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from rfp.score.document import Block, Document, Page
from rfp.score.ingest.folder import read
from rfp.score.ingest.text import decode_text

SAMPLE = "“Quoted” answer costs €5 – naïve café"


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        b"\xff\xfe" + SAMPLE.encode("utf-16-le"),
        b"\xfe\xff" + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "cp1252"],
)
def test_text_encodings_decode(tmp_path: Path, encoded: bytes) -> None:
    path = tmp_path / "answer.txt"
    path.write_bytes(encoded)

    assert read(path).text == SAMPLE


def test_cp1252_bytes_decode_to_smart_quotes_and_euro() -> None:
    assert decode_text(b"\x93smart\x94 \x80 100\r\nnext") == "“smart” € 100\nnext"


def test_plain_text_paragraphs_headings_and_form_feed_pages(tmp_path: Path) -> None:
    path = tmp_path / "answers.txt"
    path.write_text(
        "SEC-01 Information security\n\nWe hold ISO 27001 certifi-\ncation at all sites.\n"
        "Audits are yearly.\n\n- one control\n- two controls\n"
        "\f2.1 Workforce\n\nWe hire locally.\n"
    )

    document = read(path)

    assert [page.number for page in document.pages] == [1, 2]
    first, second = document.pages
    assert [(b.text, b.is_heading, b.level) for b in first.blocks] == [
        ("SEC-01 Information security", True, 1),
        ("We hold ISO 27001 certification at all sites. Audits are yearly.", False, 0),
        ("one control", False, 0),
        ("two controls", False, 0),
    ]
    assert [(b.text, b.is_heading, b.level) for b in second.blocks] == [
        ("2.1 Workforce", True, 2),
        ("We hire locally.", False, 0),
    ]


def test_plain_text_without_form_feeds_is_one_unnumbered_page(tmp_path: Path) -> None:
    path = tmp_path / "answers.txt"
    path.write_text("First paragraph.\n\nSecond paragraph.\n")

    document = read(path)

    assert document == Document(
        path=str(path),
        name="answers.txt",
        kind="txt",
        pages=(Page(None, (Block("First paragraph."), Block("Second paragraph."))),),
    )
