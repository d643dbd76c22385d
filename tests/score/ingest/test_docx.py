"""Tests for rfp.score.ingest.docx: body order, headings, tables, and corrupt or locked files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from rfp.errors import ProposalReadError
from rfp.score.ingest.folder import read
from tests.factories import (
    broken_docx_xml,
    write_docx,
)


def test_docx_keeps_body_order_headings_and_table_rows(tmp_path: Path) -> None:
    document = read(write_docx(tmp_path / "answers.docx"))

    assert document.kind == "docx"
    assert [page.number for page in document.pages] == [None]
    blocks = document.blocks
    assert [(b.text, b.is_heading, b.level) for b in blocks] == [
        ("Proposal for Contoso", True, 0),
        ("SEC-01 Information security", True, 1),
        ("We hold ISO 27001 certification.", False, 0),
        ("Certificates", True, 2),
        ("Site | Certificate | Expiry", False, 0),
        ("Manila | ISO 27001 | 2027", False, 0),
        ("Cebu", False, 0),
        ("Both sites are audited yearly.", False, 0),
        ("First listed control", False, 0),
        ("Second listed control", False, 0),
    ]
    rows, items = blocks[4:7], blocks[8:10]
    assert rows[0].group is not None and {row.group for row in rows} == {rows[0].group}
    assert items[0].group is not None and items[0].group == items[1].group != rows[0].group
    assert blocks[7].group is None


def test_docx_merged_cells_appear_once_and_deleted_text_is_ignored(tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Spans two columns"
    table.cell(0, 2).text = "Third"
    paragraph = document.add_paragraph("Kept ")
    deleted = parse_xml(
        f"<w:del {nsdecls('w')} w:id='1' w:author='x'><w:r><w:delText>removed</w:delText></w:r>"
        "</w:del>"
    )
    paragraph._p.append(deleted)
    paragraph.add_run("text")
    document.save(str(tmp_path / "merged.docx"))

    texts = [block.text for block in read(tmp_path / "merged.docx").blocks]

    assert texts == ["Spans two columns | Third", "Kept text"]


def test_docx_table_of_contents_is_skipped(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    toc = document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("SEC-01 Information security\t3", style=toc)
    document.add_heading("SEC-01 Information security", level=1)
    document.add_paragraph("We hold ISO 27001 certification.")
    document.save(str(tmp_path / "toc.docx"))

    texts = [block.text for block in read(tmp_path / "toc.docx").blocks]

    assert texts == ["SEC-01 Information security", "We hold ISO 27001 certification."]


def test_corrupt_and_encrypted_docx_are_reported(tmp_path: Path) -> None:
    not_zip = tmp_path / "not-zip.docx"
    not_zip.write_bytes(b"this is not a zip archive at all")
    other_zip = tmp_path / "other.docx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "a zip, but not a Word document")
    encrypted = tmp_path / "locked.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))

    reasons = []
    for path in (not_zip, other_zip, broken_docx_xml(tmp_path / "broken.docx"), encrypted):
        with pytest.raises(ProposalReadError) as caught:
            read(path)
        reasons.append(caught.value.reason)

    assert all(r.startswith("the DOCX is corrupt or not a Word document (") for r in reasons[:3])
    assert reasons[3].startswith("the DOCX is encrypted (password protected)")
