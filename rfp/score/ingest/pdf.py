"""PDF reader: PDFium text with font size, weight and position, grouped into blocks.

The PDF is read from bytes already in memory. Headings, paragraphs and bullets are found from
the typography of the whole document, and running headers and footers are dropped.
"""

from __future__ import annotations

import array
import bisect
import ctypes
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any, Final, NamedTuple

from rfp.errors import ProposalReadError
from rfp.score.document import Block, Page
from rfp.score.ingest.cleanup import (
    ALNUM,
    BULLET,
    BULLET_SYMBOL,
    LIGATURES,
    SENTENCE_END,
    is_toc_line,
    join_lines,
    looks_like_heading,
)
from rfp.score.ingest.hidden import INVISIBLE, HiddenText
from rfp.score.ingest.pdf_hidden import mask_unseen, unseen_objects
from rfp.score.ingest.pdfium_calls import address_function as _address_function

# A PDF whose pages together give fewer visible characters than this is a scan.
_MIN_PDF_CHARS: Final = 20


class _Line(NamedTuple):
    """One visual line of a PDF page with the typography needed to find headings and breaks
    (a named tuple: a page has dozens, and a frozen dataclass costs twice as much to make)."""

    text: str
    size: float
    bold: bool
    x0: float
    x1: float
    y: float
    visible: int


def read_pdf(
    file: str, data: bytes, *, max_pages: int | None = None, hidden: HiddenText | None = None
) -> tuple[Page, ...]:
    """Read a PDF's pages; one with more than ``max_pages`` (``limits.pdf_pages``) is refused
    before any page is parsed. Text a reader cannot see is tallied in ``hidden``, not read
    (see `pdf_hidden`)."""
    import pypdfium2 as pdfium

    hidden = HiddenText() if hidden is None else hidden

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ProposalReadError(file, _pdfium_reason(exc)) from exc
    if max_pages is not None and len(pdf) > max_pages:
        count = len(pdf)
        pdf.close()
        raise ProposalReadError(
            file,
            f"has {count:,} pages, more than the {max_pages:,} read from one PDF "
            "(limits.pdf_pages in rfp.yaml); not read: ask for the proposal without bulk annexes",
        )
    try:
        in_order = _objects_in_reading_order(data)
        pages_lines: list[list[_Line]] = []
        for index in range(len(pdf)):
            pages_lines.append(_page_lines(pdf, index, in_order=in_order, hidden=hidden))
    except pdfium.PdfiumError as exc:
        reason = f"the PDF is corrupt: page {len(pages_lines) + 1} cannot be read ({exc})"
        raise ProposalReadError(file, reason) from exc
    finally:
        pdf.close()

    if sum(line.visible for lines in pages_lines for line in lines) < _MIN_PDF_CHARS:
        raise ProposalReadError(file, _no_text_reason(hidden))
    pages_blocks = _pdf_blocks(pages_lines)
    pages_blocks = _drop_running_lines(pages_blocks)
    return tuple(
        Page(number=index + 1, blocks=tuple(blocks)) for index, blocks in enumerate(pages_blocks)
    )


def _no_text_reason(hidden: HiddenText) -> str:
    """Why a PDF with (almost) no text a reader can see is refused."""
    if not hidden.characters():
        return (
            "the PDF has no extractable text: it looks like a scanned image; OCR is not supported"
        )
    reason = f"the PDF has no visible text: {hidden.summary()} set aside, not scored"
    if hidden.characters(INVISIBLE):
        reason += (
            "; invisible text over a picture is a scan's OCR layer, which cannot be checked "
            "against the picture and is not read: ask for the document as a PDF with real text"
        )
    return reason


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


def _objects_in_reading_order(data: bytes) -> bool:
    """Whether PDFium lays this document's lines out left to right, listing each text object's
    characters in one run (`_Typography._handles` relies on it).

    A document whose /ViewerPreferences say /Direction /R2L has every line's runs reversed,
    which splits objects; PDFium's own reading of that key (a name, a string, a reference)
    is the only sure one, so a line "a b" is laid out on a scratch page of a copy of the
    document, and anything but "a b" (or any failure) counts as not in order.
    """
    import pypdfium2.raw as pdfium_c

    document = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if not document:
        return False
    try:
        page = pdfium_c.FPDFPage_New(document, pdfium_c.FPDF_GetPageCount(document), 99.0, 99.0)
        if not page:
            return False
        try:
            return _scratch_line(document, page) == "a b"
        finally:
            pdfium_c.FPDF_ClosePage(page)
    finally:
        pdfium_c.FPDF_CloseDocument(document)


def _scratch_line(document: Any, page: Any) -> str | None:
    """The text PDFium reads from the line "a b" set on an empty ``page``."""
    import pypdfium2.raw as pdfium_c

    font = pdfium_c.FPDFText_LoadStandardFont(document, b"Helvetica")
    if not font:
        return None
    try:
        line = pdfium_c.FPDFPageObj_CreateTextObj(document, font, 12.0)
        if not line:
            return None
        text = (ctypes.c_ushort * 4)(*map(ord, "a b"), 0)
        if not pdfium_c.FPDFText_SetText(line, ctypes.cast(text, pdfium_c.FPDF_WIDESTRING)):
            pdfium_c.FPDFPageObj_Destroy(line)
            return None
        pdfium_c.FPDFPageObj_Transform(line, 1, 0, 0, 1, 9, 49)
        pdfium_c.FPDFPage_InsertObject(page, line)
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            return None
        try:
            return _page_chars(textpage, pdfium_c.FPDFText_CountChars(textpage))
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDFFont_Close(font)


def _page_lines(pdf: Any, index: int, *, in_order: bool, hidden: HiddenText) -> list[_Line]:
    """One page's lines, through PDFium's raw handles: the helper objects cost more per call
    than the calls themselves. Text objects a reader cannot see are left out (tallied in
    ``hidden``)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
    if not page:
        raise pdfium.PdfiumError("Failed to load page.")
    try:
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            raise pdfium.PdfiumError("Failed to load text page.")
        try:
            box = pdfium_c.FS_RECTF()
            visible = (
                (box.left, box.bottom, box.right, box.top)
                if pdfium_c.FPDF_GetPageBoundingBox(page, box)
                else (-math.inf, -math.inf, math.inf, math.inf)
            )
            unseen = unseen_objects(page, visible, notes=hidden.unchecked, number=index + 1)
            if unseen:
                return _pdf_lines(textpage, in_order=in_order, unseen=unseen, hidden=hidden)
            return _pdf_lines(textpage, in_order=in_order)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _pdf_lines(
    textpage: Any,
    *,
    in_order: bool = False,
    unseen: dict[int, str] | None = None,
    hidden: HiddenText | None = None,
) -> list[_Line]:
    """Split a text page into visual lines, sampling each line's font size, weight and position.

    The characters come in one call; the typographic calls are made on a handful of sample
    characters per line, and only once per text object, whose font they share. ``in_order``
    says the document's lines are not laid out right to left (`_objects_in_reading_order`).
    The characters of ``unseen`` text objects are blanked, tallied in ``hidden``.
    """
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFText_CountChars(textpage)
    text = _page_chars(textpage, count)
    if unseen:
        text = mask_unseen(textpage, text, unseen, HiddenText() if hidden is None else hidden)
    typography = _Typography(textpage, contiguous=in_order and not _RIGHT_TO_LEFT.search(text))
    geometry = _Geometry(textpage)
    visible = _visible_positions(text)
    # On most pages no line has a character `_line_text` would change: their text is their
    # characters with white space collapsed.
    plain = not _PAGE_SPECIAL.search(text) and text.count("\r") == text.count("\r\n") + (
        text.endswith("\r")
    )
    lines: list[_Line] = []
    start = last = 0
    for chars in text.split("\n"):
        first = bisect.bisect_left(visible, start, lo=last)
        last = bisect.bisect_left(visible, start + len(chars), lo=first)
        if first < last:
            line_text = " ".join(chars.split()) if plain else _clean_line(chars)
            line = _pdf_line(
                line_text, visible, first, last, typography=typography, geometry=geometry
            )
            if lines and _same_visual_line(lines[-1], line):
                line = _merge_lines(lines[-1], line)
                lines.pop()
            lines.append(line)
        start += len(chars) + 1
    return lines


# Every character PDFium's bidi table (core/fxcrt/fx_ucddata.inc) classes as right to left
# (R, AL) lies in these ranges, and so does at least one character of what PDFium writes for
# each of them (mirrored, then normalised): a page without them kept its objects in order.
_RIGHT_TO_LEFT: Final = re.compile("[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff]")
_SURROGATE: Final = re.compile(r"[\ud800-\udfff]")
# A character that counts as visible: not white space, not PDFium's soft-hyphen marks (0x02,
# 0xFFFE) and not the code points dropped from the text (0, 0xFFFF).
_VISIBLE: Final = re.compile(r"[^\s\x00\x02\ufffe\uffff]")
_LIGATURE: Final = re.compile("[" + "".join(map(chr, LIGATURES)) + "]")
_CONTROL: Final = re.compile(r"[\x00-\x1f\ufffe\uffff]")
# Any character one of the clean-up steps of `_line_text` changes: most lines have none.
_SPECIAL: Final = re.compile(
    r"[\x00-\x1f\ufffe\uffff\ud800-\udfff" + "".join(map(chr, LIGATURES)) + "]"
)
# `_SPECIAL` but for "\n" and "\r", for a whole page: its lines, split at "\n", have nothing
# for `_clean_line` to do unless a "\r" is not the last character of one.
_PAGE_SPECIAL: Final = re.compile(
    r"[\x00-\x09\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff" + "".join(map(chr, LIGATURES)) + "]"
)
_CHAR_MAP: Final = {
    **dict.fromkeys(range(32), " "),
    0x02: "\u00ad",
    0xFFFE: "\u00ad",
    0x00: None,
    0x0D: None,
    0xFFFF: None,
}


def _visible_positions(text: str) -> Sequence[int]:
    """The positions of the page's visible characters, found by one table look-up for the page
    rather than one test per character, and kept as machine integers: a line reads only its
    ends and samples, and making a Python integer of every position costs more than the rest."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if codes.size and int(codes.max()) > 0xFFFF:
        return [match.start() for match in _VISIBLE.finditer(text)]
    return array.array(
        "q", np.flatnonzero(_visible_table()[codes]).astype(np.int64, copy=False).tobytes()
    )


@functools.cache
def _visible_table() -> Any:
    """For every BMP code point, whether ``_VISIBLE`` matches it."""
    import numpy as np

    table = np.ones(0x10000, dtype=bool)
    table[[code for code in range(0x10000) if chr(code).isspace()]] = False
    table[[0x00, 0x02, 0xFFFE, 0xFFFF]] = False
    return table


def _page_chars(textpage: Any, count: int) -> str:
    """The page's characters as one string, position i being PDFium's character i.

    ``FPDFText_GetText`` returns them in one call, but its text may leave out control
    characters or split one beyond the BMP in two: then, and only then, the lengths or the
    surrogates give it away, and the characters are read one call each.
    """
    import pypdfium2.raw as pdfium_c

    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[: 2 * max(written - 1, 0)].decode("utf-16-le", "surrogatepass")
    if len(text) == count and not _SURROGATE.search(text):
        return text
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))


class _Typography:
    """Font size and weight of sample characters, asked of PDFium once per text object (the
    size is the object's) and once per font (the weight and name are the font's)."""

    def __init__(self, textpage: Any, *, contiguous: bool = False) -> None:
        self._textpage = textpage
        self._contiguous = contiguous
        self._by_object: dict[int, tuple[float, bool]] = {}
        self._bold_by_font: dict[int, bool] = {}
        self._text_object = _address_function("FPDFText_GetTextObject")
        self._font_size = _address_function("FPDFText_GetFontSize", ctypes.c_double)
        self._font = _address_function("FPDFTextObj_GetFont")
        # The text page as a plain integer too: converting a typed pointer on every call of
        # a line's dozen costs more than the call.
        self._textpage_address: int | None = ctypes.cast(textpage, ctypes.c_void_p).value

    def of_line(self, indices: Sequence[int]) -> tuple[float, bool]:
        """A line's size and weight from its sample characters: the size most have (the larger
        of a tie), and bold when more than half are."""
        textpage, text_object = self._textpage_address, self._text_object
        handle = text_object(textpage, indices[0]) or 0
        if (  # most lines are one object: its two ends tell (see `_handles`)
            handle
            and self._contiguous
            and (len(indices) == 1 or text_object(textpage, indices[-1]) == handle)
        ):
            known = self._by_object.get(handle)
            return known if known is not None else self._first_of(indices[0], handle)
        handles = self._handles(indices)
        if handle and handles.count(handle) == len(handles):
            known = self._by_object.get(handle)
            return known if known is not None else self._first_of(indices[0], handle)
        return majority(self._of_samples(indices, handles))

    def _of_samples(self, indices: Sequence[int], handles: list[int]) -> list[tuple[float, bool]]:
        """Size and weight of each character in turn, asked of PDFium once per text object."""
        by_object = self._by_object
        found: list[tuple[float, bool]] = []
        for index, handle in zip(indices, handles, strict=True):
            known = by_object.get(handle) if handle else None
            found.append(known if known is not None else self._first_of(index, handle))
        return found

    def _handles(self, indices: Sequence[int]) -> list[int]:
        """The text object of each character (0 for none).

        When the page's characters are ``contiguous`` (each object's in one run, as PDFium
        lists them object by object unless it reorders a line for right-to-left text), two
        samples of the same object hold between them only that object's characters: a line
        set in one object costs two calls, and a mixed one is split in halves until each part
        is one object.
        """
        textpage, text_object = self._textpage_address, self._text_object
        if not self._contiguous:
            return [text_object(textpage, index) or 0 for index in indices]
        last = len(indices) - 1
        first_object = text_object(textpage, indices[0]) or 0
        last_object = text_object(textpage, indices[last]) or 0 if last else first_object
        if first_object and first_object == last_object:
            return [first_object] * len(indices)
        handles = [-1] * len(indices)
        handles[0], handles[last] = first_object, last_object
        parts = [(0, last)]
        while parts:
            low, high = parts.pop()
            if high - low < 2:
                continue
            if handles[low] and handles[low] == handles[high]:
                handles[low + 1 : high] = [handles[low]] * (high - low - 1)
                continue
            middle = (low + high) // 2
            handles[middle] = text_object(textpage, indices[middle]) or 0
            parts += ((low, middle), (middle, high))
        return handles

    def _first_of(self, index: int, text_object: int | None) -> tuple[float, bool]:
        """A text object not seen before (or none): its size, and its font's weight."""
        size = round(self._font_size(self._textpage_address, index) * 2) / 2
        font = self._font(text_object) if text_object else None
        bold = self._bold_by_font.get(font) if font else None
        if bold is None:
            bold = _is_bold(self._textpage, index)
            if font:
                self._bold_by_font[font] = bold
        if text_object:
            self._by_object[text_object] = (size, bold)
        return size, bold


def majority(samples: list[tuple[float, bool]]) -> tuple[float, bool]:
    """A line's size and weight from its samples' (size, bold): the size most have (the larger
    of a tie), and bold when more than half are."""
    size, bold = samples[0]
    if samples.count(samples[0]) != len(samples):
        sizes = Counter(sample_size for sample_size, _ in samples)
        size = max(sizes.items(), key=lambda item: (item[1], item[0]))[0]
        bold = sum(sample_bold for _, sample_bold in samples) * 2 > len(samples)
    return size, bold


class _Geometry:
    """Where a line starts and ends on the page, through one set of C doubles for the page."""

    def __init__(self, textpage: Any) -> None:
        self._textpage: int | None = ctypes.cast(textpage, ctypes.c_void_p).value
        self._origin = _address_function("FPDFText_GetCharOrigin", ctypes.c_int)
        self._box = _address_function("FPDFText_GetCharBox", ctypes.c_int)
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._left, self._right = ctypes.c_double(), ctypes.c_double()
        self._bottom, self._top = ctypes.c_double(), ctypes.c_double()
        self._x_ref, self._y_ref = ctypes.addressof(self._x), ctypes.addressof(self._y)
        self._box_refs = tuple(
            ctypes.addressof(value) for value in (self._left, self._right, self._bottom, self._top)
        )

    def of(self, first: int, last: int) -> tuple[float, float, float]:
        """(x, y) of the first visible character's origin, and the right edge of the last's box."""
        self._origin(self._textpage, first, self._x_ref, self._y_ref)
        self._box(self._textpage, last, *self._box_refs)
        return self._x.value, self._y.value, self._right.value


def _pdf_line(
    text: str,
    visible: Sequence[int],
    first: int,
    last: int,
    *,
    typography: _Typography,
    geometry: _Geometry,
) -> _Line:
    """One line from its text and the page positions of its visible characters, which are
    ``visible[first:last]`` (at least one): a dozen of them are sampled for its typography."""
    count = last - first
    size, bold = typography.of_line(visible[first : last : max(1, count // 12)])
    x, y, right = geometry.of(visible[first], visible[last - 1])
    return _Line(text, max(size, 1.0), bold, x, max(right, x), y, count)


def _clean_line(chars: str) -> str:
    """A line's text from its characters (between two of PDFium's "\r\n"), white space
    collapsed."""
    # Without its closing "\r", which _line_text would drop, most lines have nothing for
    # _line_text to do.
    plain = chars[:-1] if chars.endswith("\r") else chars
    text = _line_text(chars) if _SPECIAL.search(plain) else plain
    return " ".join(text.split())  # SPACES.sub(" ", text).strip(), faster


def _line_text(chars: str) -> str:
    """A line's characters with PDFium's control codes, split surrogates and ligatures made
    plain (white space is collapsed by the caller)."""
    chars = chars.replace("\r", "")
    text = chars.translate(_CHAR_MAP) if _CONTROL.search(chars) else chars
    if _SURROGATE.search(text):  # a pair read one call per half joins into one character
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    # Not clean(): a soft hyphen must survive until join_lines has seen the line end.
    if _LIGATURE.search(text):
        text = text.translate(LIGATURES)
    return text


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


LABEL_WORDS = 3


def _is_label(text: str) -> bool:
    """A short bold lead-in ending in a colon ("Response:", "Evidence expected:"): it opens the
    answer below it, so it is part of the section, not a heading of its own."""
    return text.rstrip().endswith(":") and len(text.split()) <= LABEL_WORDS


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
        if line.size >= body * 1.12:
            style = "size"
        elif line.bold and line.size >= body * 0.95:
            style = "bold"
        else:
            return None  # body text, most lines: no need to count its words
        text = line.text
        if text.endswith((".", ",", ";")) or len(text.split()) > 20:
            return None
        if style == "bold" and (BULLET.match(text) or _is_label(text)):
            return None
        return style

    styles = [[heading_style(line) for line in lines] for lines in pages_lines]
    heading_sizes = sorted(
        {
            line.size
            for lines, page_styles in zip(pages_lines, styles, strict=True)
            for line, style in zip(lines, page_styles, strict=True)
            if style == "size"
        },
        reverse=True,
    )
    body_heading_level = len(heading_sizes) + 1
    spacing = _line_spacing(pages_lines)

    result: list[list[Block]] = []
    lists = 0
    for lines, page_styles in zip(pages_lines, styles, strict=True):
        right_edge = _right_edge(lines, body)
        groups: list[tuple[str | None, list[_Line]]] = []
        for line, style in zip(lines, page_styles, strict=True):
            if groups and not _starts_block(groups[-1], style, line, spacing, right_edge):
                groups[-1][1].append(line)
            else:
                groups.append((style, [line]))
        blocks: list[Block] = []
        bullets: int | None = None
        for style, group_lines in groups:
            text = join_lines(line.text for line in group_lines)
            if not ALNUM.search(text):
                continue  # stray list markers, rules and dot leaders
            if is_toc_line(text):
                continue  # a contents entry would pose as a heading, and its page is useless
            first = group_lines[0]
            if style == "size":
                blocks.append(Block(text, True, heading_sizes.index(first.size) + 1))
            elif style == "bold" or (
                len(group_lines) == 1 and looks_like_heading(text, numbered=False)
            ):
                blocks.append(Block(text, True, body_heading_level))
            elif BULLET.match(text):
                if bullets is None:
                    lists += 1
                    bullets = lists
                blocks.append(Block(BULLET_SYMBOL.sub("", text, count=1), group=bullets))
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
    if BULLET.match(line.text):
        return True
    first = line.text[:1]
    return bool(
        prev.x1 < right_edge - 2 * prev.size
        and (first.isupper() or first.isdigit())
        and SENTENCE_END.search(prev.text)
    )


def _drop_running_lines(pages: list[list[Block]]) -> list[list[Block]]:
    """Remove running headers and footers ("Acme BPO - Confidential", "Page 3 of 12").

    A block at the top or bottom of more than half the pages (numbers ignored) is page
    furniture, not an answer, when its numbers behave as furniture's do (``_numbered_alike``):
    numbered headings that each start a page ("Annex 7: supporting detail") are kept. With
    fewer than three pages nothing can be told apart.
    """
    if len(pages) < 3:
        return pages

    # Each page's first two and last two blocks, by position, with their texts' keys.
    edge_keys = [
        {
            i: _NUMBERS.sub("#", blocks[i].text.casefold())
            for i in (*range(min(2, len(blocks))), *range(max(0, len(blocks) - 2), len(blocks)))
        }
        for blocks in pages
    ]
    seen: dict[str, list[tuple[int, tuple[int, ...]]]] = {}
    for page, (blocks, keys) in enumerate(zip(pages, edge_keys, strict=True)):
        for i, key in keys.items():
            seen.setdefault(key, []).append((page, _numbers(blocks[i].text)))
    running = {
        key
        for key, found in seen.items()
        if _on_most_pages(found, len(pages)) and ("#" not in key or _numbered_alike(found))
    }
    if not running:
        return pages
    return [
        [b for i, b in enumerate(blocks) if keys.get(i) not in running]
        for blocks, keys in zip(pages, edge_keys, strict=True)
    ]


def _on_most_pages(found: list[tuple[int, tuple[int, ...]]], page_count: int) -> bool:
    """Whether a text's occurrences fall on at least three pages and more than half of them."""
    pages = len({page for page, _ in found})
    return pages >= 3 and pages * 2 > page_count


def _numbered_alike(found: list[tuple[int, tuple[int, ...]]]) -> bool:
    """Whether the numbers of a text repeated at page edges are page furniture's: each the same
    on every page ("RFP 2026-014"), or rising no faster than the pages turn ("Page 3 of 12",
    section pages that start again at 1). Numbered headings rise faster ("Annex 43" then
    "Annex 48" a page later) or differ on one page; then the text is the vendor's, kept. A
    heading numbered exactly as the pages are cannot be told from a page number and goes."""
    for (page, numbers), (next_page, next_numbers) in itertools.pairwise(found):
        if len(numbers) != len(next_numbers):
            return False
        turned = next_page - page
        for number, next_number in zip(numbers, next_numbers, strict=True):
            if next_number - number > turned or (turned == 0 and next_number != number):
                return False
    return True


def _numbers(text: str) -> tuple[int, ...]:
    """The whole numbers in ``text``, in order; a run of more than 18 digits counts as one
    number, the same on every page whatever its digits (a page number is never so long)."""
    return tuple(int(run) if len(run) <= 18 else 0 for run in _NUMBERS.findall(text))


_NUMBERS: Final = re.compile(r"\d+")
