"""Read one proposal file into pages of text blocks, keeping headings: one reader per format.

Vendors answer in whatever they have: PDF, Word, Markdown, plain text or HTML. Every reader
returns the same shape, a `Document` of `Page`s of `Block`s, so the later steps never care which
format a vendor chose. Headings are kept as blocks of their own because the response template's
headings carry the question ids that tie an answer to a criterion.

Page numbers are only given where the format has them: a PDF has real pages numbered from 1,
and a .txt file with form feeds (what `pdftotext` writes) has one page per form feed. Word,
Markdown and HTML documents are one page with ``number=None``: Word stores no page numbers
(they depend on the printer and fonts), so any number we made up would send an evaluator to the
wrong place. Passages from those files are located by section instead.

Nothing here touches the network: HTML is parsed with the standard library's tokenizer, which
cannot fetch or resolve anything, and PDF and DOCX are read from bytes already in memory.
"""

from __future__ import annotations

import ctypes
import io
import itertools
import math
import os
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from rfp.errors import ProposalReadError

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.oxml.xmlchemy import BaseOxmlElement

Kind = Literal["pdf", "docx", "md", "txt", "html"]

_KIND_BY_SUFFIX: Final[dict[str, Kind]] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
}

SUPPORTED_SUFFIXES: Final[tuple[str, ...]] = tuple(_KIND_BY_SUFFIX)
"""File name suffixes `read` understands (compared case-insensitively)."""

# The response workbook and other spreadsheets are read by another step, not as prose.
_SKIPPED_SUFFIXES: Final = frozenset({".xlsx", ".xlsm"})
# Operating-system and archive debris that is never a proposal and not worth a warning.
_JUNK_NAMES: Final = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
_JUNK_DIRS: Final = frozenset({"__macosx"})

# A PDF whose pages together give fewer visible characters than this is a scan.
_MIN_PDF_CHARS: Final = 20


@dataclass(frozen=True)
class Block:
    """One paragraph, heading, list item or table row, in reading order.

    `level` ranks headings: 0 is a document title, 1 the top heading level, larger is deeper; it
    is 0 for non-headings. `group` is shared by the rows of one table or the items of one list,
    so that later steps can merge them: a single row or bullet is too short to stand alone.
    """

    text: str
    is_heading: bool = False
    level: int = 0
    group: int | None = None


@dataclass(frozen=True)
class Page:
    """A printed page of a PDF (or form-feed page of a text file), or a whole flowing document.

    `number` counts from 1, or is None when the format has no pages (see the module docstring).
    """

    number: int | None
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        """The page's text, blocks separated by blank lines."""
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class Document:
    """A proposal file as text: `name` is how reports cite it (relative to the vendor folder)."""

    path: str
    name: str
    kind: Kind
    pages: tuple[Page, ...]

    @property
    def text(self) -> str:
        """The whole document's text, pages and blocks separated by blank lines."""
        return "\n\n".join(page.text for page in self.pages if page.blocks)

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Every block of every page, in reading order."""
        return tuple(block for page in self.pages for block in page.blocks)


# --------------------------------------------------------------------------------------------
# Entry points


def read(path: Path) -> Document:
    """Read one proposal file, choosing the reader by suffix.

    Raises ProposalReadError with a reason an evaluator can act on (ask the vendor for an
    unprotected copy, a text PDF instead of a scan, ...), never a library's own exception.
    """
    file = str(path)
    suffix = path.suffix.lower()
    kind = _KIND_BY_SUFFIX.get(suffix)
    if kind is None:
        raise ProposalReadError(file, _unsupported_reason(suffix))
    if not path.exists():
        raise ProposalReadError(file, "the file does not exist")
    if path.is_dir():
        raise ProposalReadError(file, "this is a folder, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProposalReadError(file, f"the file cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise ProposalReadError(file, "the file is empty")

    readers: dict[Kind, Callable[[str, bytes], tuple[Page, ...]]] = {
        "pdf": _read_pdf,
        "docx": _read_docx,
        "md": _read_markdown,
        "txt": _read_txt,
        "html": _read_html,
    }
    pages = readers[kind](file, data)
    if not any(page.blocks for page in pages):
        raise ProposalReadError(file, "the file contains no text")
    return Document(path=file, name=path.name, kind=kind, pages=pages)


def read_folder(folder: Path) -> tuple[list[Document], list[ProposalReadError]]:
    """Read every proposal file under `folder`, collecting errors so one bad file stops nothing.

    Files are read in sorted order of their path relative to `folder` (subfolders included, as
    vendors often put annexes in one), so results do not depend on the file system's order.
    Spreadsheets are skipped silently because the response workbook is read by another step;
    hidden files, Office lock files (``~$...``) and OS debris are skipped silently too. Any other
    unsupported file becomes an error entry, to be shown as a warning.
    """
    if not folder.is_dir():
        raise ProposalReadError(str(folder), "the folder does not exist")
    documents: list[Document] = []
    errors: list[ProposalReadError] = []
    for path in _proposal_files(folder):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            errors.append(
                ProposalReadError(
                    str(path),
                    "is a symbolic link; links are not followed, so a proposal cannot "
                    "point outside its folder",
                )
            )
            continue
        try:
            document = read(path)
        except ProposalReadError as exc:
            errors.append(exc)
        else:
            documents.append(replace(document, name=name))
    return documents, errors


def decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode a text file's bytes, trying encodings in a fixed order so results never vary.

    The order: a UTF-32, UTF-8 or UTF-16 byte-order mark wins; then strict UTF-8 (most files,
    and ASCII); then `declared` (an HTML meta charset) if it names a codec that decodes cleanly;
    then Windows-1252, what Word and Notepad wrote for decades, with its five undefined bytes
    replaced rather than failing. Line ends are normalised to "\\n".
    """
    text: str | None = None
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            break
    if text is None:
        text = _try_decode(data, "utf-8")
    if text is None and declared:
        text = _try_decode(data, declared)
    if text is None:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _unsupported_reason(suffix: str) -> str:
    shown = f"'{suffix}'" if suffix else "(no extension)"
    reason = f"unsupported file type {shown} (supported: {', '.join(SUPPORTED_SUFFIXES)})"
    if suffix in {".doc", ".rtf", ".odt", ".pages"}:
        reason += "; ask for a .docx or PDF copy"
    return reason


def _proposal_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d.lower() not in _JUNK_DIRS]
        for name in files:
            lowered = name.lower()
            if name.startswith((".", "~$")) or lowered in _JUNK_NAMES:
                continue
            if Path(lowered).suffix in _SKIPPED_SUFFIXES:
                continue
            found.append(Path(root) / name)
    return sorted(found, key=lambda p: (p.relative_to(folder).as_posix().casefold(), str(p)))


# --------------------------------------------------------------------------------------------
# Text clean-up shared by the readers

_LIGATURES: Final = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_INVISIBLE: Final = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACES: Final = re.compile(r"\s+")
# Characters that end a line when a word was split across it. U+2010 is what WeasyPrint and
# many fonts emit for an automatic hyphen; U+00AD is a soft hyphen.
_LINE_HYPHENS: Final = ("-", "\u2010", "\u00ad")
# U+F0B7 and U+F0A7 are the Symbol and Wingdings bullets Word's PDF export leaves in the text.
_BULLET_CHARS: Final = "•◦▪▫■□●○‣⁃∙·*–\uf0b7\uf0a7\uf076\uf0d8-"
_BULLET: Final = re.compile(rf"^(?:[{_BULLET_CHARS}]\s+|\(?[0-9]{{1,2}}[.)]\s+|\(?[a-z][.)]\s+)")
_BULLET_SYMBOL: Final = re.compile(rf"^[{_BULLET_CHARS}]\s+")
# A table-of-contents line: dot leaders, then a page number ("SEC-01 Security ..... 3").
_TOC_LINE: Final = re.compile(r"(?:\s?[.·…_]){4,}\s*(?:\d+|[ivxlc]+)$", flags=re.IGNORECASE)
_SENTENCE_END: Final = re.compile(r"[.!?…][\"'”’)\]]*$")
_ID_LIKE: Final = re.compile(r"^[\[(]?[A-Z]{1,6}[-–_]?\d{1,3}[A-Za-z]?[\])]?(?=$|[\s:.\-–—])")
_NUMBERED: Final = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2})\s+[A-Z]")


def _clean(text: str) -> str:
    """Collapse whitespace and drop invisible characters, so equal text compares equal."""
    text = unicodedata.normalize("NFC", text.translate(_LIGATURES))
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def _join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines into one paragraph, undoing hyphenation ("imple-\\nmentation").

    A hyphen ending a line inside a word is dropped when the next line goes on in lower case:
    the usual rule, which wrongly joins a compound split at its own hyphen ("self-" then
    "service") but is right far more often in prose. Before anything else ("ISO-" then
    "27001") the hyphen is kept and the lines joined without a space.
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("\u00ad") or (
            out.endswith(_LINE_HYPHENS) and out[-2:-1].isalpha() and line[0].islower()
        ):
            out = out[:-1] + line
        elif out.endswith(_LINE_HYPHENS) and out[-2:-1].isalnum():
            out = out[:-1] + "-" + line
        else:
            out = f"{out} {line}"
    return _clean(out)


def _looks_like_heading(text: str, *, numbered: bool) -> bool:
    """Guess whether a lone line of plain text is a heading: short, unpunctuated, with an id."""
    words = text.split()
    if not words or len(words) > 12 or text.endswith((".", ",", ";")):
        return False
    if _ID_LIKE.match(text):
        return True
    return numbered and bool(_NUMBERED.match(text))


class _Builder:
    """Collects blocks in order; hands out group ids for tables and lists."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._groups = 0

    def new_group(self) -> int:
        self._groups += 1
        return self._groups

    def add(self, text: str, *, heading_level: int | None = None, group: int | None = None) -> None:
        text = _clean(text)
        if not any(char.isalnum() for char in text):
            return  # nothing to read: empty, or only rules and list markers
        if heading_level is None:
            self.blocks.append(Block(text, group=group))
        else:
            self.blocks.append(Block(text, is_heading=True, level=heading_level))


# --------------------------------------------------------------------------------------------
# PDF


@dataclass(frozen=True)
class _Line:
    """One visual line of a PDF page with the typography needed to find headings and breaks."""

    text: str
    size: float
    bold: bool
    x0: float
    x1: float
    y: float
    visible: int


def _read_pdf(file: str, data: bytes) -> tuple[Page, ...]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ProposalReadError(file, _pdfium_reason(exc)) from exc
    try:
        pages_lines: list[list[_Line]] = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                textpage = page.get_textpage()
                try:
                    pages_lines.append(_pdf_lines(textpage))
                finally:
                    textpage.close()
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        reason = f"the PDF is corrupt: page {len(pages_lines) + 1} cannot be read ({exc})"
        raise ProposalReadError(file, reason) from exc
    finally:
        pdf.close()

    if sum(line.visible for lines in pages_lines for line in lines) < _MIN_PDF_CHARS:
        raise ProposalReadError(
            file,
            "the PDF has no extractable text: it looks like a scanned image; OCR is not supported",
        )
    pages_blocks = _pdf_blocks(pages_lines)
    pages_blocks = _drop_running_lines(pages_blocks)
    return tuple(
        Page(number=index + 1, blocks=tuple(blocks)) for index, blocks in enumerate(pages_blocks)
    )


def _pdfium_reason(exc: Any) -> str:
    """Turn PDFium's load error code into a reason; the code, not the message, is the contract."""
    import pypdfium2.raw as pdfium_c

    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "the PDF is encrypted (password protected)"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "the PDF is encrypted with an unsupported security scheme"
    if code == pdfium_c.FPDF_ERR_SUCCESS:
        return "the PDF has no pages"
    detail = {
        pdfium_c.FPDF_ERR_FORMAT: "data format error",
        pdfium_c.FPDF_ERR_FILE: "file access error",
        pdfium_c.FPDF_ERR_PAGE: "page not found or content error",
    }.get(code, "unknown error")
    return f"the PDF is corrupt or not a PDF (PDFium: {detail})"


def _pdf_lines(textpage: Any) -> list[_Line]:
    """Split a text page into visual lines, sampling each line's font size, weight and position.

    Reading one code point per character is cheap; the typographic calls are made on a
    handful of sample characters per line, which keeps a 100-page proposal well under a second.
    """
    import pypdfium2.raw as pdfium_c

    count = textpage.count_chars()
    codes = [pdfium_c.FPDFText_GetUnicode(textpage, i) for i in range(count)]
    lines: list[_Line] = []
    start = 0
    for end in [*(i for i, code in enumerate(codes) if code == 0x0A), count]:
        line = _pdf_line(textpage, codes, start, end)
        if line is not None:
            if lines and _same_visual_line(lines[-1], line):
                line = _merge_lines(lines[-1], line)
                lines.pop()
            lines.append(line)
        start = end + 1
    return lines


def _pdf_line(textpage: Any, codes: Sequence[int], start: int, end: int) -> _Line | None:
    import pypdfium2.raw as pdfium_c

    chars: list[str] = []
    visible: list[int] = []
    for index in range(start, end):
        code = codes[index]
        if code in (0x02, 0xFFFE):  # PDFium's marks for a soft hyphen
            chars.append("\u00ad")
        elif code in (0, 0x0D, 0xFFFF):
            continue
        else:
            chars.append(chr(code) if code >= 0x20 else " ")
            if not chr(code).isspace():
                visible.append(index)
    if not visible:
        return None
    text = "".join(chars).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    # Not _clean(): a soft hyphen must survive until _join_lines has seen the line end.
    text = _SPACES.sub(" ", text.translate(_LIGATURES)).strip()

    step = max(1, len(visible) // 12)
    samples = visible[::step]
    sizes = Counter(round(pdfium_c.FPDFText_GetFontSize(textpage, i) * 2) / 2 for i in samples)
    size = max(sizes.items(), key=lambda item: (item[1], item[0]))[0]
    bold_votes = sum(_is_bold(textpage, i) for i in samples)

    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage, visible[0], ctypes.byref(x), ctypes.byref(y))
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(
        textpage,
        visible[-1],
        ctypes.byref(left),
        ctypes.byref(right),
        ctypes.byref(bottom),
        ctypes.byref(top),
    )
    return _Line(
        text=text,
        size=max(size, 1.0),
        bold=bold_votes * 2 > len(samples),
        x0=x.value,
        x1=max(right.value, x.value),
        y=y.value,
        visible=len(visible),
    )


def _is_bold(textpage: Any, index: int) -> bool:
    """Bold by weight, or by font name: many fonts leave the weight at its 400 default."""
    import pypdfium2.raw as pdfium_c

    if int(pdfium_c.FPDFText_GetFontWeight(textpage, index)) >= 600:
        return True
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), ctypes.byref(flags))
    name = buffer.value.decode("latin-1").lower()
    return any(word in name for word in ("bold", "black", "heavy", "demi"))


def _same_visual_line(prev: _Line, line: _Line) -> bool:
    size = max(prev.size, line.size)
    return abs(prev.y - line.y) <= 0.3 * size and line.x0 >= prev.x1 - 0.5 * size


def _merge_lines(prev: _Line, line: _Line) -> _Line:
    return _Line(
        text=f"{prev.text} {line.text}",
        size=prev.size if prev.visible >= line.visible else line.size,
        bold=prev.bold and line.bold,
        x0=prev.x0,
        x1=line.x1,
        y=prev.y,
        visible=prev.visible + line.visible,
    )


def _pdf_blocks(pages_lines: list[list[_Line]]) -> list[list[Block]]:
    """Group lines into paragraphs and headings using the typography of the whole document.

    Body size is the size most text is set in. A short line clearly larger than that, or bold,
    that does not end like a sentence is a heading; distinct heading sizes rank into levels.
    A paragraph ends at a gap clearly wider than the usual line spacing, at a bullet, or where
    a line ending a sentence stops short of the right margin.
    """
    all_lines = [line for lines in pages_lines for line in lines]
    weights: Counter[float] = Counter()
    for line in all_lines:
        weights[line.size] += line.visible
    body = max(weights.items(), key=lambda item: (item[1], -item[0]))[0] if weights else 10.0

    def heading_style(line: _Line) -> str | None:
        words = len(line.text.split())
        if words > 20 or line.text.endswith((".", ",", ";")):
            return None
        if line.size >= body * 1.12:
            return "size"
        if line.bold and line.size >= body * 0.95 and not _BULLET.match(line.text):
            return "bold"
        return None

    heading_sizes = sorted(
        {line.size for line in all_lines if heading_style(line) == "size"}, reverse=True
    )
    body_heading_level = len(heading_sizes) + 1
    spacing = _line_spacing(pages_lines)

    result: list[list[Block]] = []
    lists = 0
    for lines in pages_lines:
        right_edge = _right_edge(lines, body)
        groups: list[tuple[str | None, list[_Line]]] = []
        for line in lines:
            style = heading_style(line)
            if groups and not _starts_block(groups[-1], style, line, spacing, right_edge):
                groups[-1][1].append(line)
            else:
                groups.append((style, [line]))
        blocks: list[Block] = []
        bullets: int | None = None
        for style, group_lines in groups:
            text = _join_lines(line.text for line in group_lines)
            if not any(char.isalnum() for char in text):
                continue  # stray list markers, rules and dot leaders
            if _TOC_LINE.search(text):
                continue  # a contents entry would pose as a heading, and its page is useless
            first = group_lines[0]
            if style == "size":
                blocks.append(Block(text, True, heading_sizes.index(first.size) + 1))
            elif style == "bold" or (
                len(group_lines) == 1 and _looks_like_heading(text, numbered=False)
            ):
                blocks.append(Block(text, True, body_heading_level))
            elif _BULLET.match(text):
                if bullets is None:
                    lists += 1
                    bullets = lists
                blocks.append(Block(_BULLET_SYMBOL.sub("", text, count=1), group=bullets))
                continue
            else:
                blocks.append(Block(text))
            bullets = None
        result.append(blocks)
    return result


def _line_spacing(pages_lines: list[list[_Line]]) -> dict[float, float]:
    """The usual baseline-to-baseline distance inside a paragraph, for each font size.

    A low quantile, not the median: in a proposal of one-line paragraphs most gaps are gaps
    between paragraphs, and the median would hide every one of them.
    """
    gaps: dict[float, list[float]] = {}
    for lines in pages_lines:
        for prev, line in itertools.pairwise(lines):
            gap = prev.y - line.y
            if prev.size == line.size and 0.8 * line.size < gap < 3 * line.size:
                gaps.setdefault(line.size, []).append(gap)
    return {size: sorted(values)[len(values) // 5] for size, values in gaps.items()}


def _right_edge(lines: list[_Line], body: float) -> float:
    ends = sorted(line.x1 for line in lines if abs(line.size - body) < 0.5)
    if not ends:
        return max((line.x1 for line in lines), default=0.0)
    return ends[min(len(ends) - 1, math.floor(len(ends) * 0.9))]


def _starts_block(
    current: tuple[str | None, list[_Line]],
    style: str | None,
    line: _Line,
    spacing: dict[float, float],
    right_edge: float,
) -> bool:
    current_style, lines = current
    prev = lines[-1]
    gap = prev.y - line.y
    if style != current_style or abs(prev.size - line.size) > 0.1 * prev.size:
        return True
    if gap < -0.3 * line.size:  # moved up: a new column or frame
        return True
    if current_style is not None:
        return gap > 1.6 * line.size
    usual = spacing.get(line.size, 1.25 * line.size)
    if gap > 1.3 * usual + 0.5:
        return True
    if _BULLET.match(line.text):
        return True
    first = line.text[:1]
    return bool(
        _SENTENCE_END.search(prev.text)
        and prev.x1 < right_edge - 2 * prev.size
        and (first.isupper() or first.isdigit())
    )


def _drop_running_lines(pages: list[list[Block]]) -> list[list[Block]]:
    """Remove running headers and footers ("Acme BPO - Confidential", "Page 3 of 12").

    A block at the top or bottom of more than half the pages (numbers ignored) is page
    furniture, not an answer; with fewer than three pages nothing can be told apart.
    """
    if len(pages) < 3:
        return pages

    def key(block: Block) -> str:
        return re.sub(r"\d+", "#", block.text.casefold())

    edge_counts: Counter[str] = Counter()
    for blocks in pages:
        edge_counts.update({key(b) for b in (*blocks[:2], *blocks[-2:])})
    running = {k for k, n in edge_counts.items() if n >= 3 and n * 2 > len(pages)}
    if not running:
        return pages
    cleaned: list[list[Block]] = []
    for blocks in pages:
        edges = set(range(min(2, len(blocks)))) | set(range(max(0, len(blocks) - 2), len(blocks)))
        cleaned.append([b for i, b in enumerate(blocks) if i not in edges or key(b) not in running])
    return cleaned


# --------------------------------------------------------------------------------------------
# DOCX

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _read_docx(file: str, data: bytes) -> tuple[Page, ...]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data.startswith(_OLE_MAGIC):
        # Word saves password-protected files as an OLE container, as it does old .doc files.
        raise ProposalReadError(
            file,
            "the DOCX is encrypted (password protected), or is an old .doc file renamed .docx",
        )
    try:
        document = docx.Document(io.BytesIO(data))
        builder = _Builder()
        _docx_body(document, document.element.body, builder)
    # lxml's XMLSyntaxError is a SyntaxError, which spares importing untyped lxml here.
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
        detail = str(exc) or type(exc).__name__
        raise ProposalReadError(
            file, f"the DOCX is corrupt or not a Word document ({detail})"
        ) from exc
    return (Page(number=None, blocks=tuple(builder.blocks)),)


def _docx_body(document: DocxDocument, container: BaseOxmlElement, builder: _Builder) -> None:
    """Walk body children in order; content controls (w:sdt) are opened, as templates use them."""
    from docx.oxml.ns import qn

    list_group: int | None = None
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            text = _docx_paragraph_text(child)
            level, kind = _docx_style(document, child)
            if kind == "toc":
                continue
            if level is None and kind == "list":
                list_group = list_group if list_group is not None else builder.new_group()
                builder.add(text, group=list_group)
                continue
            builder.add(text, heading_level=level)
        elif child.tag == qn("w:tbl"):
            group = builder.new_group()
            for row in child.iterchildren(qn("w:tr")):
                cells = [_docx_cell_text(cell) for cell in row.iterchildren(qn("w:tc"))]
                builder.add(" | ".join(cell for cell in cells if cell), group=group)
        elif child.tag == qn("w:sdt") and not child.xpath(
            "./w:sdtPr/w:docPartObj/w:docPartGallery[@w:val='Table of Contents']"
        ):
            for content in child.iterchildren(qn("w:sdtContent")):
                _docx_body(document, content, builder)
        list_group = None


def _docx_paragraph_text(paragraph: BaseOxmlElement) -> str:
    """Visible text of a w:p: inserted text counts, deleted text and field codes do not."""
    from docx.oxml.ns import qn

    pieces: list[str] = []
    text, tab, brk, cr, nbh = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")
    for element in paragraph.iter(text, tab, brk, cr, nbh):
        if element.tag == text:
            pieces.append(element.text or "")
        elif element.tag == nbh:
            pieces.append("-")
        else:
            pieces.append(" ")
    return "".join(pieces)


def _docx_cell_text(cell: BaseOxmlElement) -> str:
    from docx.oxml.ns import qn

    texts = (_clean(_docx_paragraph_text(p)) for p in cell.iter(qn("w:p")))
    return " ".join(text for text in texts if text)


def _docx_style(document: DocxDocument, paragraph: BaseOxmlElement) -> tuple[int | None, str]:
    """Heading level and kind ("list", "toc" or "") of a paragraph, from its style chain.

    A heading is a "Heading N" or "Title" style, a style based on one, or an outline level;
    a list item has numbering or a "List ..." style; "TOC N" styles are contents entries, which
    repeat the question ids and would otherwise pose as answers. Style names are the built-in
    English ones even in a localised Word, which only translates what it displays.
    """
    from docx.enum.style import WD_STYLE_TYPE

    outline = paragraph.xpath("./w:pPr/w:outlineLvl/@w:val")
    is_list = bool(paragraph.xpath("./w:pPr/w:numPr"))
    style_ids = paragraph.xpath("./w:pPr/w:pStyle/@w:val")
    style = None
    if style_ids:
        try:
            style = document.styles.get_by_id(str(style_ids[0]), WD_STYLE_TYPE.PARAGRAPH)
        except (KeyError, ValueError):
            style = None
    for _ in range(10):  # a style chain is short; the bound guards against a cycle
        if style is None:
            break
        name = (style.name or "").strip().casefold()
        if name == "title":
            return 0, ""
        match = re.fullmatch(r"heading\s*(\d)", name)
        if match:
            return int(match.group(1)), ""
        if re.fullmatch(r"toc\s*(?:\d|heading)", name):
            return None, "toc"
        is_list = is_list or name.startswith("list") or bool(style.element.xpath("./w:pPr/w:numPr"))
        if not outline:
            outline = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
        style = style.base_style
    if outline and str(outline[0]).isdigit() and int(str(outline[0])) < 9:
        return int(str(outline[0])) + 1, ""
    return None, "list" if is_list else ""


# --------------------------------------------------------------------------------------------
# Markdown


def _read_markdown(file: str, data: bytes) -> tuple[Page, ...]:
    del file
    return (Page(number=None, blocks=tuple(_markdown_blocks(decode_text(data)))),)


def _markdown_blocks(text: str) -> list[Block]:
    """Blocks from CommonMark (plus pipe tables), with inline markup reduced to plain text."""
    from markdown_it import MarkdownIt

    text = _strip_front_matter(text)
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(text)
    builder = _Builder()
    lists: list[int] = []
    heading: int | None = None
    table: int | None = None
    cells: list[str] = []
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading = int(token.tag[1])
        elif kind == "heading_close":
            heading = None
        elif kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(builder.new_group())
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "table_open":
            table = builder.new_group()
        elif kind == "table_close":
            table = None
        elif kind == "tr_open":
            cells = []
        elif kind == "tr_close":
            builder.add(" | ".join(cell for cell in cells if cell), group=table)
        elif kind == "inline":
            inline = _markdown_inline(token.children or [])
            if table is not None:
                cells.append(_clean(inline))
            else:
                builder.add(inline, heading_level=heading, group=lists[-1] if lists else None)
        elif kind in ("fence", "code_block"):
            builder.add(token.content, group=lists[-1] if lists else None)
        elif kind == "html_block":
            _html_into(token.content, builder)
    return builder.blocks


def _markdown_inline(children: Iterable[Any]) -> str:
    pieces: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "image"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
    return "".join(pieces)


def _strip_front_matter(text: str) -> str:
    """Drop a leading YAML block, which CommonMark would misread as a rule and a heading."""
    match = re.match(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, flags=re.DOTALL)
    return text[match.end() :] if match else text


# --------------------------------------------------------------------------------------------
# Plain text

_UNDERLINE: Final = re.compile(r"^(=+|-+)\s*$")


def _read_txt(file: str, data: bytes) -> tuple[Page, ...]:
    """Paragraphs are separated by blank lines; form feeds, if any, separate numbered pages."""
    del file
    text = decode_text(data)
    sheets = text.split("\f")
    numbered = len(sheets) > 1
    builder = _Builder()
    pages: list[Page] = []
    for number, sheet in enumerate(sheets, start=1):
        start = len(builder.blocks)
        for paragraph in re.split(r"\n[ \t]*\n", sheet):
            _txt_paragraph(paragraph, builder)
        blocks = tuple(builder.blocks[start:])
        if numbered and (blocks or number < len(sheets)):
            pages.append(Page(number=number, blocks=blocks))
        elif not numbered:
            pages.append(Page(number=None, blocks=blocks))
    return tuple(pages)


def _txt_paragraph(paragraph: str, builder: _Builder) -> None:
    lines = [
        line.strip()
        for line in paragraph.split("\n")
        if line.strip() and not _TOC_LINE.search(line.strip())
    ]
    if not lines:
        return
    if len(lines) == 2 and _UNDERLINE.match(lines[1]):
        builder.add(lines[0], heading_level=1 if lines[1].startswith("=") else 2)
        return
    if len(lines) == 1:
        line = lines[0]
        if _looks_like_heading(line, numbered=True):
            number = _NUMBERED.match(line)
            level = number.group(1).rstrip(".").count(".") + 1 if number else 1
            builder.add(line, heading_level=level)
            return
        if line.isupper() and len(line.split()) <= 8 and not _SENTENCE_END.search(line):
            builder.add(line, heading_level=1)
            return
    if sum(bool(_BULLET.match(line)) for line in lines) >= 2:
        group = builder.new_group()
        item: list[str] = []
        for line in lines:
            if _BULLET.match(line) and item:
                builder.add(_join_lines(item), group=group)
                item = []
            item.append(_BULLET_SYMBOL.sub("", line, count=1))
        builder.add(_join_lines(item), group=group)
        return
    builder.add(_join_lines(lines))


# --------------------------------------------------------------------------------------------
# HTML

_DOCTYPE: Final = re.compile(r"<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", flags=re.IGNORECASE | re.DOTALL)
_META_CHARSET: Final = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def _read_html(file: str, data: bytes) -> tuple[Page, ...]:
    del file
    declared = _META_CHARSET.search(data[:4096])
    text = decode_text(data, declared=declared.group(1).decode("ascii") if declared else None)
    builder = _Builder()
    _html_into(text, builder)
    return (Page(number=None, blocks=tuple(builder.blocks)),)


def _html_into(text: str, builder: _Builder) -> None:
    """Blocks from HTML; the document type declaration, with any entity definitions, is dropped.

    Only the standard library's tokenizer is used: it has no way to fetch a URL or read a file,
    so images, style sheets and external entities in a vendor's file are simply inert.
    """
    extractor = _HTMLExtractor(builder)
    extractor.feed(_DOCTYPE.sub(" ", text))
    extractor.close()


_HTML_SKIP: Final = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object"}
)
_HTML_BLOCK: Final = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr",
        "html", "legend", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "ul",
        "caption", "table", "thead", "tbody", "tfoot",
    }
)  # fmt: skip
_HTML_HEADINGS: Final = {f"h{n}": n for n in range(1, 7)}
_BR: Final = "\x1e"  # stands for <br> until a paragraph is emitted; _clean removes strays


class _HTMLExtractor(HTMLParser):
    """Turns the tag stream into blocks: headings, paragraphs, list items and table rows.

    Inline text is buffered until a block-level tag starts or ends, which also copes with the
    unclosed <p> and <li> tags common in exported HTML. Inside a table cell every tag is inline,
    and a nested table's text stays in the outer cell.
    """

    def __init__(self, builder: _Builder) -> None:
        super().__init__(convert_charrefs=True)
        self._builder = builder
        self._buffer: list[str] = []
        self._skip: list[str] = []
        self._heading: int | None = None
        self._lists: list[int] = []
        self._tables: list[int] = []
        self._cells: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        del attrs
        if tag == "body":
            self._skip.clear()
        if self._skip:
            if tag in _HTML_SKIP:
                self._skip.append(tag)
            return
        if tag in _HTML_SKIP:
            self._flush()
            self._skip.append(tag)
        elif tag == "table":
            if self._tables:
                self._tables.append(self._tables[-1])
                self._buffer.append(" ")
            else:
                self._flush()
                self._tables.append(self._builder.new_group())
        elif len(self._tables) > 1:
            self._buffer.append(" ")
        elif self._tables and tag == "tr":
            self._end_row()
            self._cells = []
        elif self._tables and tag in ("td", "th"):
            self._end_cell()
            if self._cells is None:
                self._cells = []
        elif self._cells is not None or tag == "br":
            self._buffer.append(_BR if tag == "br" else " ")
        elif tag in _HTML_HEADINGS:
            self._flush()
            self._heading = _HTML_HEADINGS[tag]
        elif tag in ("ul", "ol"):
            self._flush()
            self._lists.append(self._builder.new_group())
        elif tag in _HTML_BLOCK:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_SKIP:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
        elif tag == "table" and self._tables:
            if len(self._tables) > 1:
                self._buffer.append(" ")
            else:
                self._end_row()
                self._flush()
            self._tables.pop()
        elif len(self._tables) > 1:
            return
        elif self._cells is not None:
            if tag in ("td", "th"):
                self._end_cell()
            elif tag == "tr":
                self._end_row()
            else:
                self._buffer.append(" ")
        elif tag in _HTML_HEADINGS:
            self._flush()
            self._heading = None
        elif tag in ("ul", "ol"):
            self._flush()
            if self._lists:
                self._lists.pop()
        elif tag in _HTML_BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        self._end_row()
        self._flush()

    def _flush(self) -> None:
        """Emit buffered text; two or more <br> in a row separate paragraphs, one is a space."""
        text = "".join(self._buffer)
        self._buffer = []
        group = self._lists[-1] if self._lists else None
        for part in re.split(f"{_BR}\\s*{_BR}[\\s{_BR}]*", text):
            self._builder.add(part.replace(_BR, " "), heading_level=self._heading, group=group)

    def _end_cell(self) -> None:
        if self._cells is not None:
            self._cells.append(_clean("".join(self._buffer)))
            self._buffer = []

    def _end_row(self) -> None:
        if self._cells is None:
            return
        self._end_cell()
        cells, self._cells = self._cells, None
        group = self._tables[0] if self._tables else None
        self._builder.add(" | ".join(cell for cell in cells if cell), group=group)
