"""Builders of test inputs: PDFs, DOCX files and images, made in tmp_path rather than committed.

PDFs come from WeasyPrint or, where WeasyPrint cannot produce the needed oddity (encryption),
from a minimal hand-written PDF.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx


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
    trailer = b"/ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    if encrypt_dict:
        trailer += b" /Encrypt %d 0 R" % len(objects)
    return pdf_of_objects(objects, trailer=trailer, header=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")


def pdf_of_objects(
    objects: list[bytes], *, trailer: bytes = b"", header: bytes = b"%PDF-1.4\n"
) -> bytes:
    """A PDF file of ``objects`` (numbered from 1, the first the catalog) with its
    cross-reference table; ``trailer`` adds entries to the trailer dictionary."""
    out = bytearray(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    entries = b"/Size %d /Root 1 0 R" % (len(objects) + 1) + (b" " + trailer if trailer else b"")
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (entries, xref)
    return bytes(out)


def scanned_pdf(path: Path) -> Path:
    """Two pages that are nothing but pictures, as a scanner would make them."""
    encoded = base64.b64encode(png_bytes()).decode("ascii")
    image = f'<img style="display: block; width: 12cm" src="data:image/png;base64,{encoded}">'
    after = image.replace("display: block;", "display: block; page-break-before: always;")
    return html_to_pdf(image + after, path)


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


def edit(folder: Path, old: str, new: str) -> Path:
    """Replace one exact piece of the starter's text, as a user editing the file would."""
    spec_path = folder / "rfp.yaml"
    text = spec_path.read_text(encoding="utf-8")
    assert old in text, old
    spec_path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return spec_path


def line_of(path: Path, fragment: str) -> int:
    """1-based line number of the first line containing ``fragment``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def add_odd_names(proposals: Path) -> None:
    """A vendor folder with control characters, and a file name that is not valid UTF-8."""
    odd = proposals / "Bell\x07 Vendor\x1b[31m"
    odd.mkdir()
    (odd / "proposal.md").write_text(
        "# Security\n\nWe hold PCI DSS and encrypt data at rest with AES-256.\n", encoding="utf-8"
    )
    raw = os.fsencode(proposals / "Priced Partners") + b"/annex-\xff\xfe.md"
    with open(raw, "wb") as handle:  # noqa: PTH123 - a file name that is not valid UTF-8
        handle.write(b"# Pricing\n\nAll-inclusive rates per FTE per month for voice and chat.\n")


def blank_pdf(pages: int) -> bytes:
    """A valid PDF of ``pages`` blank pages, for the page-count limit."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(612, 792)
    buffer = io.BytesIO()
    document.save(buffer)
    document.close()
    return buffer.getvalue()


def process_ended(process: Any) -> bool:
    """Whether a worker process has ended, asked of the system where it can be: ``is_alive``
    can say True of a process a pool's own thread has just reaped."""
    if not Path("/proc/self/status").is_file():
        return not process.is_alive()
    try:
        status = Path(f"/proc/{process.pid}/status").read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status
