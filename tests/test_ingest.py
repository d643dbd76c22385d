"""Tests for rfp.score.ingest: every format, every failure a vendor's file can bring.

Inputs are built here, in tmp_path, rather than committed: PDFs come from WeasyPrint or, where
WeasyPrint cannot produce the needed oddity (encryption), from a minimal hand-written PDF.
"""

from __future__ import annotations

import base64
import hashlib
import io
import random
import socket
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest

from rfp.errors import ProposalReadError
from rfp.score import ingest
from rfp.score.ingest import Block, Document, read, read_folder

# --------------------------------------------------------------------------------------------
# Builders


def html_to_pdf(html: str, path: Path) -> Path:
    """Render HTML to a PDF with WeasyPrint; only data: URIs are used, so nothing is fetched."""
    import weasyprint

    weasyprint.HTML(string=html).write_pdf(path)
    return path


def png_bytes(width: int = 64, height: int = 64) -> bytes:
    """A small greyscale PNG, made without an imaging library."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        checksum = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", checksum)

    rows = b"".join(b"\x00" + bytes((x * y) % 256 for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


# PDF standard security handler, revision 2 (RC4, 40-bit key): ISO 32000-1, 7.6.3.
_PASSWORD_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PASSWORD_PAD)[:32]


def minimal_pdf(text: str, *, user_password: str | None = None) -> bytes:
    """A one-page Helvetica PDF, RC4-encrypted when a user password is given.

    No installed tool writes encrypted PDFs (PDFium, WeasyPrint and pydyf cannot; qpdf is not
    installed), so the standard security handler is implemented here: Algorithms 2, 3 and 4
    for the key, /O and /U, and the content stream encrypted with its per-object key. An empty
    user password gives an owner-password-only file, which any reader opens without asking.
    """
    file_id = hashlib.md5(b"rfp test file").digest()
    content = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    encrypt_dict = b""
    if user_password is not None:
        permissions = -44
        owner_key = hashlib.md5(_padded("owner secret")).digest()[:5]
        owner_entry = _rc4(owner_key, _padded(user_password))
        key = hashlib.md5(
            _padded(user_password)
            + owner_entry
            + (permissions & 0xFFFFFFFF).to_bytes(4, "little")
            + file_id
        ).digest()[:5]
        user_entry = _rc4(key, _PASSWORD_PAD)
        object_key = hashlib.md5(key + (4).to_bytes(3, "little") + b"\x00\x00").digest()[:10]
        content = _rc4(object_key, content)
        encrypt_dict = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
            owner_entry.hex().encode(),
            user_entry.hex().encode(),
            permissions,
        )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if encrypt_dict:
        objects.append(encrypt_dict)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"/Size %d /Root 1 0 R /ID [<%s> <%s>]" % (
        len(objects) + 1,
        file_id.hex().encode(),
        file_id.hex().encode(),
    )
    if encrypt_dict:
        trailer += b" /Encrypt %d 0 R" % len(objects)
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


THREE_PAGES = """
<html><head><style>
  @page { size: A5; margin: 2cm;
          @bottom-center { content: "Acme BPO proposal, page " counter(page) } }
  .next { page-break-before: always }
  .narrow { width: 6em; hyphens: manual }
</style></head><body>
  <h1>SEC-01 Information security</h1>
  <p>We hold ISO 27001 certification at every delivery centre. Auditors visit twice a year.</p>
  <p class="narrow">imple&shy;mentation</p>
  <section class="next">
    <h2>Workforce plan</h2>
    <p>Page two describes hiring, training and attrition control for the programme.</p>
  </section>
  <section class="next">
    <p>Page three closes with governance and the quarterly business review.</p>
  </section>
</body></html>
"""


def write_docx(path: Path) -> Path:
    document = docx.Document()
    document.add_heading("Proposal for Contoso", level=0)
    document.add_heading("SEC-01 Information security", level=1)
    document.add_paragraph("We hold ISO 27001 certification.")
    document.add_heading("Certificates", level=2)
    table = document.add_table(rows=3, cols=3)
    for row, values in zip(
        table.rows,
        [("Site", "Certificate", "Expiry"), ("Manila", "ISO 27001", "2027"), ("Cebu", "", "")],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Both sites are audited yearly.")
    document.add_paragraph("First listed control", style="List Bullet")
    document.add_paragraph("Second listed control", style="List Bullet")
    document.save(str(path))
    return path


# --------------------------------------------------------------------------------------------
# PDF


def test_pdf_keeps_page_numbers_text_and_headings(tmp_path: Path) -> None:
    path = html_to_pdf(THREE_PAGES, tmp_path / "proposal.pdf")

    document = read(path)

    assert document.kind == "pdf"
    assert document.name == "proposal.pdf"
    assert [page.number for page in document.pages] == [1, 2, 3]
    first, second, third = (page.text for page in document.pages)
    assert "ISO 27001 certification at every delivery centre" in first
    assert "hiring, training and attrition" in second
    assert "quarterly business review" in third
    assert "Page two" not in first and "Page two" not in third
    heading = document.pages[0].blocks[0]
    assert heading == Block("SEC-01 Information security", is_heading=True, level=1)
    assert Block("Workforce plan", is_heading=True, level=2) in document.pages[1].blocks


def test_pdf_paragraphs_are_separate_blocks_and_hyphenation_is_undone(tmp_path: Path) -> None:
    path = html_to_pdf(THREE_PAGES, tmp_path / "proposal.pdf")
    with pdfium.PdfDocument(path) as pdf:
        raw = pdf[0].get_textpage().get_text_range()
    assert "imple\u2010\r\nmentation" in raw  # the fixture really breaks the word

    blocks = read(path).pages[0].blocks

    texts = [block.text for block in blocks]
    assert texts[1] == (
        "We hold ISO 27001 certification at every delivery centre. Auditors visit twice a year."
    )
    assert "implementation" in texts
    assert not any("\r" in text or "\u2010" in text for text in texts)


def test_pdf_running_footer_is_dropped(tmp_path: Path) -> None:
    path = html_to_pdf(THREE_PAGES, tmp_path / "proposal.pdf")
    with pdfium.PdfDocument(path) as pdf:
        assert "Acme BPO proposal, page 2" in pdf[1].get_textpage().get_text_range()

    document = read(path)

    assert "Acme BPO proposal" not in document.text


WORD_LIKE = """
<style>
  body { font: 11pt "DejaVu Sans" }
  p { margin: 0 0 8pt 0; line-height: 1.08 }
  h2 { font-size: 13pt; margin: 12pt 0 0 0 }
  .bullet { margin-left: 18pt; text-indent: -18pt }
  .tight p { margin: 0 }
</style>
<p>Contents</p>
<p>SEC-01 Quality assurance ........................................ 2</p>
<h2>SEC-01 Quality assurance programme</h2>
<p>Our agents follow a structured coaching plan with weekly calibration sessions and targeted
feedback on every channel we operate for the client across all of our delivery sites.</p>
<p class="bullet">&bull;&nbsp;&nbsp;&nbsp;Evaluations: six per agent per month on every channel we
operate, voice and chat alike, reviewed by a calibrated analyst.</p>
<p class="bullet">&bull;&nbsp;&nbsp;&nbsp;Fatal errors tracked separately.</p>
<p><b>Calibration</b></p>
<div class="tight">
  <p>Analysts calibrate weekly with the client.</p>
  <p>Variance above five points triggers a second review of the form by the quality lead.</p>
</div>
"""


def test_pdf_layout_cues_find_bullets_bold_headings_and_unspaced_paragraphs(
    tmp_path: Path,
) -> None:
    blocks = read(html_to_pdf(WORD_LIKE, tmp_path / "word.pdf")).blocks

    assert [(b.text, b.is_heading, b.level) for b in blocks] == [
        ("Contents", False, 0),
        ("SEC-01 Quality assurance programme", True, 1),
        (
            "Our agents follow a structured coaching plan with weekly calibration sessions and "
            "targeted feedback on every channel we operate for the client across all of our "
            "delivery sites.",
            False,
            0,
        ),
        (
            "Evaluations: six per agent per month on every channel we operate, voice and chat "
            "alike, reviewed by a calibrated analyst.",
            False,
            0,
        ),
        ("Fatal errors tracked separately.", False, 0),
        ("Calibration", True, 2),
        ("Analysts calibrate weekly with the client.", False, 0),
        (
            "Variance above five points triggers a second review of the form by the quality lead.",
            False,
            0,
        ),
    ]
    assert blocks[3].group == blocks[4].group is not None


def test_encrypted_pdf_is_reported_as_password_protected(tmp_path: Path) -> None:
    data = minimal_pdf("Confidential pricing for all sites", user_password="secret")
    path = tmp_path / "locked.pdf"
    path.write_bytes(data)
    # The fixture is a real encrypted PDF: the right password opens it.
    with pdfium.PdfDocument(data, password="secret") as pdf:
        assert "Confidential pricing" in pdf[0].get_textpage().get_text_range()

    with pytest.raises(ProposalReadError) as caught:
        read(path)

    assert caught.value.file == str(path)
    assert caught.value.reason == "the PDF is encrypted (password protected)"


def test_owner_password_only_pdf_is_read(tmp_path: Path) -> None:
    path = tmp_path / "owner-only.pdf"
    path.write_bytes(minimal_pdf("Confidential pricing for all sites", user_password=""))

    assert read(path).text == "Confidential pricing for all sites"


@pytest.mark.parametrize("damage", ["random", "truncated"])
def test_corrupt_pdf_is_reported(tmp_path: Path, damage: str) -> None:
    if damage == "random":
        data = random.Random(7).randbytes(4096)
    else:
        good = html_to_pdf(THREE_PAGES, tmp_path / "good.pdf").read_bytes()
        data = good[: len(good) // 2]
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)

    with pytest.raises(ProposalReadError) as caught:
        read(path)

    assert caught.value.reason == "the PDF is corrupt or not a PDF (PDFium: data format error)"


def scanned_pdf(path: Path) -> Path:
    """Two pages that are nothing but pictures, as a scanner would make them."""
    encoded = base64.b64encode(png_bytes()).decode("ascii")
    image = f'<img style="display: block; width: 12cm" src="data:image/png;base64,{encoded}">'
    after = image.replace("display: block;", "display: block; page-break-before: always;")
    return html_to_pdf(image + after, path)


def test_image_only_pdf_is_reported_as_scanned(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf")
    with pdfium.PdfDocument(path) as pdf:
        assert len(pdf) == 2  # a valid PDF: only its lack of text is wrong

    with pytest.raises(ProposalReadError) as caught:
        read(path)

    assert caught.value.reason == (
        "the PDF has no extractable text: it looks like a scanned image; OCR is not supported"
    )


# --------------------------------------------------------------------------------------------
# Other failures and the folder reader


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
        "unsupported file type '.pptx' (supported: .pdf, .docx, .md, .markdown, .txt, .html, .htm)"
    )
    assert set(ingest.SUPPORTED_SUFFIXES) == {
        ".pdf", ".docx", ".md", ".markdown", ".txt", ".html", ".htm"
    }  # fmt: skip


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ProposalReadError, match="the file does not exist"):
        read(tmp_path / "absent.pdf")


def broken_docx_xml(path: Path) -> Path:
    """A valid zip holding a Word document whose main XML part is cut in half."""
    good = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Text that will be cut off.")
    document.save(good)
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data[: len(data) // 2] if name == "word/document.xml" else data)
    return path


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


# --------------------------------------------------------------------------------------------
# DOCX


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


# --------------------------------------------------------------------------------------------
# HTML


def test_html_extracts_text_without_scripts_and_without_fetching(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    path = tmp_path / "answers.html"
    path.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE html [ <!ENTITY xxe SYSTEM "file://{secret}">
  <!ENTITY remote SYSTEM "http://example.com/e"> ]>
<html><head><title>Head title</title><style>p {{ color: red }}</style>
<link rel="stylesheet" href="http://example.com/s.css"></head>
<body>
<h1>SEC-01 Security</h1>
<p>We hold ISO 27001 &amp; PCI DSS.&xxe;&remote;<img src="http://example.com/x.png"></p>
<script>document.write("SCRIPT-TEXT")</script>
<h2>Sites</h2>
<ul><li>Manila<li>Cebu</ul>
<table><tr><th>Site</th><th>Seats</th></tr><tr><td>Manila</td><td>500</td></tr></table>
<p>Line one<br>contin&shy;ues<br><br>New paragraph</p>
</body></html>"""
    )

    blocks = read(path).blocks

    assert [(b.text, b.is_heading, b.level) for b in blocks] == [
        ("SEC-01 Security", True, 1),
        ("We hold ISO 27001 & PCI DSS.&xxe;&remote;", False, 0),
        ("Sites", True, 2),
        ("Manila", False, 0),
        ("Cebu", False, 0),
        ("Site | Seats", False, 0),
        ("Manila | 500", False, 0),
        ("Line one continues", False, 0),
        ("New paragraph", False, 0),
    ]
    assert blocks[3].group == blocks[4].group is not None
    assert blocks[5].group == blocks[6].group is not None
    text = read(path).text
    assert "TOP-SECRET" not in text and "SCRIPT-TEXT" not in text and "Head title" not in text
    assert attempts == []


# --------------------------------------------------------------------------------------------
# Text encodings, Markdown and plain text


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
    assert ingest.decode_text(b"\x93smart\x94 \x80 100\r\nnext") == "“smart” € 100\nnext"


def test_html_meta_charset_is_used_when_the_bytes_are_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "legacy.htm"
    body = '<meta charset="iso-8859-2"><p>Łódź office</p>'
    path.write_bytes(body.encode("iso-8859-2"))

    assert read(path).text == "Łódź office"


def test_markdown_headings_inline_markup_lists_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "answers.md"
    path.write_text(
        """---
title: front matter is not content
---
# SEC-01 *Information* security

We hold **ISO 27001** (see [certificate](https://example.com/c.pdf)) and `PCI DSS`.
This line continues the paragraph.

## Sites

- Manila
- Cebu

| Site | Seats |
|------|-------|
| Manila | 500 |
"""
    )

    blocks = read(path).blocks

    assert [(b.text, b.is_heading, b.level) for b in blocks] == [
        ("SEC-01 Information security", True, 1),
        (
            "We hold ISO 27001 (see certificate) and PCI DSS. This line continues the paragraph.",
            False,
            0,
        ),
        ("Sites", True, 2),
        ("Manila", False, 0),
        ("Cebu", False, 0),
        ("Site | Seats", False, 0),
        ("Manila | 500", False, 0),
    ]
    assert blocks[3].group == blocks[4].group != blocks[5].group == blocks[6].group


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
        pages=(ingest.Page(None, (Block("First paragraph."), Block("Second paragraph."))),),
    )
