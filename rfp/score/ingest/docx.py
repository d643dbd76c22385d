"""Word (.docx) reader: body order, headings from the style chain, tables and lists grouped."""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING, Final

from rfp.errors import ProposalReadError
from rfp.score.document import Page
from rfp.score.ingest.cleanup import BlockBuilder, clean

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.oxml.xmlchemy import BaseOxmlElement

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(file: str, data: bytes) -> tuple[Page, ...]:
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
        builder = BlockBuilder()
        _docx_body(document, document.element.body, builder)
    # lxml's XMLSyntaxError is a SyntaxError, which spares importing untyped lxml here.
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
        detail = str(exc) or type(exc).__name__
        raise ProposalReadError(
            file, f"the DOCX is corrupt or not a Word document ({detail})"
        ) from exc
    return (Page(number=None, blocks=tuple(builder.blocks)),)


def _docx_body(document: DocxDocument, container: BaseOxmlElement, builder: BlockBuilder) -> None:
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

    texts = (clean(_docx_paragraph_text(p)) for p in cell.iter(qn("w:p")))
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
