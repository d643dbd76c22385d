"""A seeded synthetic tender: N vendors x P pages of proposals, with a filled workbook each.

Run: .venv/bin/python -m bench.corpus OUT --vendors 100 --pages 30   (writes a project folder)

Each vendor starts from one of the demo's acme sample proposals (so answers sit under the
response template's question ids, as real ones do), then every paragraph is reworded at random
(sentences shuffled, about one content word in seven swapped for another word of the corpus) so
that no two vendors share passages verbatim, and padded with reworded sections of the other
samples up to P pages. Vendors rotate through Markdown, Word and PDF. The PDF is written directly
(Helvetica, bold larger headings, about 500 words a page) because typesetting thousands of
30-page documents with WeasyPrint would take longer than the scoring being measured. The same
seed gives the same files byte for byte.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

from rfp.core.criteria import load_library
from rfp.core.project import load_project
from rfp.demo.builder import (
    SampleVendor,
    create_projects,
    fill_workbook,
    sample_vendors,
    write_docx_proposal,
)
from rfp.generate.document import write_rfp

PROJECT = "acme-contact-centre"
WORDS_PER_PAGE = 500
FORMATS = ("md", "docx", "pdf")
_PLACEHOLDER = "ZZVENDORNAMEZZ"
_WORD = re.compile(r"[A-Za-z]{4,}")


def build(root: Path, vendors: int, pages: int, seed: int = 13) -> Path:
    """Write the project with ``vendors`` proposals under ``root``; return its folder."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    folder = next(p for p in create_projects(load_library(), root) if p.name == PROJECT)
    project = load_project(folder)
    blank = write_rfp(project).workbook
    samples = sample_vendors(PROJECT)
    workbooks = [_template_workbook(blank, sample, root) for sample in samples]
    sections = [section for sample in samples for section in _sections(sample.markdown)[1:]]
    vocabulary = sorted({w for s in samples for w in _WORD.findall(s.markdown)})
    for number in range(vendors):
        rng = random.Random(f"{seed}:{number}")
        base = samples[number % len(samples)]
        name = f"Vendor {number:05d} {base.name}"
        markdown = _proposal(base.markdown, sections, vocabulary, rng, pages * WORDS_PER_PAGE)
        target = folder / "proposals" / f"vendor-{number:05d}"
        target.mkdir(parents=True)
        kind = FORMATS[number % len(FORMATS)]
        if kind == "md":
            (target / "proposal.md").write_text(markdown, encoding="utf-8")
        elif kind == "docx":
            write_docx_proposal(replace(base, name=name, markdown=markdown), target / "p.docx")
            (target / "p.docx").rename(target / "proposal.docx")
        else:
            (target / "proposal.pdf").write_bytes(pdf_bytes(markdown))
        _named_workbook(workbooks[number % len(samples)], name, target)
    return folder


def _template_workbook(blank: Path, sample: SampleVendor, root: Path) -> bytes:
    """The sample's filled workbook with a placeholder company name, as bytes."""
    target = root / f"{sample.slug}.xlsx"
    fill_workbook(blank, replace(sample, name=_PLACEHOLDER), target)
    data = target.read_bytes()
    target.unlink()
    return data


def _named_workbook(template: bytes, name: str, folder: Path) -> None:
    """Copy a template workbook with the company name put in its shared strings (no openpyxl:
    re-saving a thousand workbooks would dominate the generator's time)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, zipfile.ZipFile(out, "w") as copy:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/"):
                data = data.replace(_PLACEHOLDER.encode(), name.encode())
            copy.writestr(item, data)
    (folder / "response-workbook.xlsx").write_bytes(out.getvalue())


def _sections(markdown: str) -> list[str]:
    """The markdown cut before every heading; the first piece is the title block."""
    return re.split(r"\n(?=#{1,4} )", markdown)


def _proposal(
    base: str, sections: list[str], vocabulary: list[str], rng: random.Random, words: int
) -> str:
    """The base proposal reworded, then padded with reworded sections up to ``words``."""
    parts = [_reword(section, vocabulary, rng) for section in _sections(base)]
    count = sum(len(part.split()) for part in parts)
    appendix = 0
    while count < words:
        appendix += 1
        body = rng.choice(sections).split("\n", 1)[-1]
        extra = f"## Annex {appendix}: supporting detail\n\n{_reword(body, vocabulary, rng)}"
        parts.append(extra)
        count += len(extra.split())
    return "\n\n".join(parts) + "\n"


def _reword(text: str, vocabulary: list[str], rng: random.Random) -> str:
    """Shuffle each prose paragraph's sentences and swap some of its words; headings, tables
    and list items keep their shape (and question ids) with words swapped."""
    lines = []
    for line in text.split("\n"):
        if line.startswith("#"):
            lines.append(line)
            continue
        prose = line
        if line and not line.startswith(("|", "-", "*")) and line[0].isalpha():
            sentences = re.split(r"(?<=[.!?]) (?=[A-Z])", line)
            rng.shuffle(sentences)
            prose = " ".join(sentences)
        lines.append(_WORD.sub(lambda m: _swap(m.group(0), vocabulary, rng), prose))
    return "\n".join(lines)


def _swap(word: str, vocabulary: list[str], rng: random.Random) -> str:
    return rng.choice(vocabulary) if rng.random() < 0.15 else word


# --------------------------------------------------------------------------------------------
# A direct PDF writer: Helvetica text, bold and larger for headings.

_PAGE_LINES = 60
_WRAP = 110


def pdf_bytes(markdown: str) -> bytes:
    """The markdown as a plain multi-page PDF that PDFium and pdftotext read as text."""
    lines: list[tuple[str, str]] = []  # (style, text)
    for raw in markdown.split("\n"):
        text = raw.strip()
        if not text or set(text) <= set("|-: "):
            lines.append(("gap", ""))
        elif text.startswith("#"):
            lines += [("gap", ""), ("head", text.lstrip("# ")), ("gap", "")]
        else:
            text = " ".join(cell.strip() for cell in text.strip("|").split("|"))
            text = re.sub(r"(\*\*|\*|`)", "", text)
            lines += [("body", piece) for piece in _wrap(text)]
    pages = [lines[i : i + _PAGE_LINES] for i in range(0, len(lines), _PAGE_LINES)]
    return _assemble([_content(page) for page in pages])


def _wrap(text: str) -> list[str]:
    out: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > _WRAP:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*out, current] if current else out


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _content(lines: list[tuple[str, str]]) -> bytes:
    out = [b"BT 12 TL 50 760 Td"]
    for style, text in lines:
        if style == "head":
            out.append(b"/F2 13 Tf (" + _escape(text) + b") Tj T*")
        elif style == "body":
            out.append(b"/F1 9.5 Tf (" + _escape(text) + b") Tj T*")
        else:
            out.append(b"T*")
    out.append(b"ET")
    return b"\n".join(out)


def _assemble(contents: list[bytes]) -> bytes:
    count = len(contents)
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(count)).encode()
    fonts = b"<< /F1 3 0 R /F2 4 0 R >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font %s >> /Contents %d 0 R >>" % (fonts, 6 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--vendors", type=int, default=10)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    print(build(args.out, args.vendors, args.pages, args.seed))


if __name__ == "__main__":
    main()
