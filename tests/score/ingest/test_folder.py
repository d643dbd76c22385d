"""Tests for rfp.score.ingest.folder: choosing a reader, file-level failures, whole folders."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from rfp.errors import ProposalReadError
from rfp.score.document import Block, Document, Page
from rfp.score.ingest.folder import SUPPORTED_SUFFIXES, read, read_folder
from rfp.score.ingest.text import decode_text
from tests.factories import (
    minimal_pdf,
    scanned_pdf,
)


@pytest.mark.parametrize("name", ["empty.pdf", "empty.docx", "empty.md", "blank.txt"])
def test_empty_file_is_reported(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"" if name.startswith("empty") else b"  \n\n\t")

    with pytest.raises(ProposalReadError) as caught:
        read(path)

    assert caught.value.reason == "the file is empty"


def test_markup_without_text_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "nothing.html"
    path.write_text("<html><head><script>x()</script></head><body><hr></body></html>")

    with pytest.raises(ProposalReadError, match="the file contains no text"):
        read(path)


def test_unsupported_suffix_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "deck.pptx"
    path.write_bytes(b"PK\x03\x04")

    with pytest.raises(ProposalReadError) as caught:
        read(path)

    assert caught.value.reason == (
        "unsupported file type '.pptx' "
        "(supported: .pdf, .docx, .odt, .md, .markdown, .txt, .html, .htm)"
    )
    assert set(SUPPORTED_SUFFIXES) == {
        ".pdf", ".docx", ".odt", ".md", ".markdown", ".txt", ".html", ".htm"
    }  # fmt: skip


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ProposalReadError, match="the file does not exist"):
        read(tmp_path / "absent.pdf")


def test_read_folder_collects_errors_and_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "a-locked.pdf").write_bytes(minimal_pdf("Pricing", user_password="secret"))
    (tmp_path / "b-corrupt.pdf").write_bytes(random.Random(1).randbytes(2048))
    scanned_pdf(tmp_path / "c-scan.pdf")
    (tmp_path / "d-answers.md").write_text("# SEC-01 Security\n\nWe hold ISO 27001.\n")
    (tmp_path / "response-workbook.xlsx").write_bytes(b"PK\x03\x04 workbook read elsewhere")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / "~$answers.docx").write_bytes(b"lock")

    documents, errors = read_folder(tmp_path)

    assert [document.name for document in documents] == ["d-answers.md"]
    assert [(Path(error.file).name, error.reason) for error in errors] == [
        ("a-locked.pdf", "the PDF is encrypted (password protected)"),
        ("b-corrupt.pdf", "the PDF is corrupt or not a PDF (PDFium: data format error)"),
        (
            "c-scan.pdf",
            "the PDF has no extractable text: it looks like a scanned image; OCR is not supported",
        ),
    ]


def test_read_folder_names_files_relative_and_warns_about_unsupported(tmp_path: Path) -> None:
    (tmp_path / "annexes").mkdir()
    (tmp_path / "annexes" / "B.txt").write_text("Annex text about staffing levels.")
    (tmp_path / "a.md").write_text("Main answer about staffing.")
    (tmp_path / "deck.pptx").write_bytes(b"PK")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text("hidden folder, never read")

    documents, errors = read_folder(tmp_path)

    assert [document.name for document in documents] == ["a.md", "annexes/B.txt"]
    assert documents[1].path == str(tmp_path / "annexes" / "B.txt")
    assert len(errors) == 1
    assert errors[0].reason.startswith("unsupported file type '.pptx'")


def test_read_folder_of_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(ProposalReadError, match="the folder does not exist"):
        read_folder(tmp_path / "nobody")


def test_package_re_exports_the_public_names() -> None:
    from rfp.score import ingest

    assert ingest.read is read and ingest.read_folder is read_folder
    assert ingest.SUPPORTED_SUFFIXES is SUPPORTED_SUFFIXES
    assert (ingest.Block, ingest.Document, ingest.Page) == (Block, Document, Page)
    assert ingest.decode_text is decode_text
