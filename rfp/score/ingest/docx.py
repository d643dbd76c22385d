"""Word (.docx) reader: body order, headings from the style chain, tables and lists grouped."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from rfp.errors import ProposalReadError
from rfp.score.document import Page
from rfp.score.ingest.cleanup import BlockBuilder, clean
from rfp.score.ingest.docx_looks import RunLooks, may_hide
from rfp.score.ingest.hidden import HiddenText

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.oxml.xmlchemy import BaseOxmlElement

_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(file: str, data: bytes, *, hidden: HiddenText | None = None) -> tuple[Page, ...]:
    """Read a Word document; runs a reader cannot see are tallied in ``hidden``, not read."""
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
        _docx_body(document, document.element.body, builder, hidden or HiddenText())
    # lxml's XMLSyntaxError is a SyntaxError, which spares importing untyped lxml here.
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as exc:
        detail = str(exc) or type(exc).__name__
        raise ProposalReadError(
            file, f"the DOCX is corrupt or not a Word document ({detail})"
        ) from exc
    return (Page(number=None, blocks=tuple(builder.blocks)),)


def _docx_body(
    document: DocxDocument, container: BaseOxmlElement, builder: BlockBuilder, hidden: HiddenText
) -> None:
    """Walk body children in order; content controls (w:sdt) are opened, as templates use them.
    Runs are asked whether they can be seen only in a document with a property that hides."""
    looks = RunLooks(document, hidden) if may_hide(document) else None
    _keep_shown_alternatives(container)
    _walk_body(_StyleChains(document), container, builder, looks)


_MC: Final = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# The extensions Word 2016 and later render (ECMA-376 Part 3: a Choice is shown when every
# prefix its Requires names is understood; otherwise the next, or the Fallback).
_UNDERSTOOD: Final = frozenset(
    {
        "wps", "wpg", "wpc", "wpi", "wp14", "w14", "w15", "w16", "w16se", "w16cid", "w16cex",
        "w16sdtdh", "a14", "m", "v", "o", "w10", "wne", "cx", "cx1", "cx2", "aink", "am3d",
    }
)  # fmt: skip


def _keep_shown_alternatives(container: BaseOxmlElement) -> None:
    """Keep, of each mc:AlternateContent, the one version Word shows (the first Choice whose
    extensions it understands, else the Fallback), so that a text box saved twice is read
    once, and a Choice written for a made-up extension is not read in place of what is
    shown; from the parsed tree only, never from the file."""
    for alternate in list(container.iter(f"{_MC}AlternateContent")):
        versions = list(alternate)
        shown = next(
            (
                version
                for version in versions
                if version.tag == f"{_MC}Choice"
                and set((version.get("Requires") or "").split()) <= _UNDERSTOOD
            ),
            next((v for v in versions if v.tag == f"{_MC}Fallback"), None),
        )
        for version in versions:
            if version is not shown:
                alternate.remove(version)


# WordprocessingML's namespace, as python-docx's qn() spells it: the tags are compared as
# strings rather than rebuilt for every element.
_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    f"{_W}{tag}" for tag in ("p", "tbl", "tr", "tc", "sdt", "sdtContent")
)
_PPR, _PSTYLE, _NUMPR, _OUTLINE, _VAL = (
    f"{_W}{tag}" for tag in ("pPr", "pStyle", "numPr", "outlineLvl", "val")
)
_TEXT, _TAB, _BR, _CR, _NBH = (f"{_W}{tag}" for tag in ("t", "tab", "br", "cr", "noBreakHyphen"))
_RUN: Final = f"{_W}r"


def _walk_body(
    styles: _StyleChains,
    container: BaseOxmlElement,
    builder: BlockBuilder,
    looks: RunLooks | None = None,
) -> None:
    list_group: int | None = None
    for child in container.iterchildren():
        tag = child.tag
        if tag == _P:
            text = _docx_paragraph_text(child, looks)
            level, kind = _docx_style(styles, child)
            if kind == "toc":
                continue
            if level is None and kind == "list":
                list_group = list_group if list_group is not None else builder.new_group()
                builder.add(text, group=list_group)
                continue
            builder.add(text, heading_level=level)
        elif tag == _TBL:
            group = builder.new_group()
            for row in child.iterchildren(_TR):
                cells = [_docx_cell_text(cell, looks) for cell in row.iterchildren(_TC)]
                builder.add(" | ".join(cell for cell in cells if cell), group=group)
        elif tag == _SDT and not child.xpath(
            "./w:sdtPr/w:docPartObj/w:docPartGallery[@w:val='Table of Contents']"
        ):
            for content in child.iterchildren(_SDT_CONTENT):
                _walk_body(styles, content, builder, looks)
        list_group = None


def _docx_paragraph_text(paragraph: BaseOxmlElement, looks: RunLooks | None = None) -> str:
    """Visible text of a w:p: inserted text counts, deleted text and field codes do not, nor
    a run ``looks`` says cannot be seen."""
    pieces: list[str] = []
    for element in paragraph.iter(_TEXT, _TAB, _BR, _CR, _NBH):
        tag = element.tag
        if looks is not None and _unseen(looks, element, paragraph):
            continue
        if tag == _TEXT:
            pieces.append(element.text or "")
        elif tag == _NBH:
            pieces.append("-")
        else:
            pieces.append(" ")
    return "".join(pieces)


def _unseen(looks: RunLooks, element: BaseOxmlElement, paragraph: BaseOxmlElement) -> bool:
    """Whether the run holding ``element`` cannot be seen; its text is then tallied."""
    run = element.getparent()
    kind = looks.kind(run, paragraph) if run is not None and run.tag == _RUN else None
    if kind is not None and element.tag == _TEXT:
        looks.hidden.add(kind, element.text or "")
    return kind is not None


def _docx_cell_text(cell: BaseOxmlElement, looks: RunLooks | None = None) -> str:
    texts = (clean(_docx_paragraph_text(p, looks)) for p in cell.iter(_P))
    return " ".join(text for text in texts if text)


def _properties(element: BaseOxmlElement, tag: str) -> list[BaseOxmlElement]:
    """The ``tag`` children of ``element``'s w:pPr, in document order (``./w:pPr/tag``)."""
    return [found for ppr in element.iterchildren(_PPR) for found in ppr.iterchildren(tag)]


def _values(elements: list[BaseOxmlElement]) -> list[str]:
    """Their w:val attributes, where set (``.../@w:val``)."""
    return [value for value in (element.get(_VAL) for element in elements) if value is not None]


def _paragraph_properties(paragraph: BaseOxmlElement) -> tuple[list[str], bool, list[str]]:
    """A paragraph's own outline levels, whether it is numbered, and its style ids, as
    `_properties` and `_values` find them, in one walk of its w:pPr."""
    outline: list[str] = []
    numbered = False
    style_ids: list[str] = []
    for ppr in paragraph.iterchildren(_PPR):
        for child in ppr.iterchildren(_OUTLINE, _NUMPR, _PSTYLE):
            tag = child.tag
            if tag == _NUMPR:
                numbered = True
                continue
            value = child.get(_VAL)
            if value is not None:
                (outline if tag == _OUTLINE else style_ids).append(value)
    return outline, numbered, style_ids


def _docx_style(styles: _StyleChains, paragraph: BaseOxmlElement) -> tuple[int | None, str]:
    """Heading level and kind ("list", "toc" or "") of a paragraph, from its style chain.

    A heading is a "Heading N" or "Title" style, a style based on one, or an outline level;
    a list item has numbering or a "List ..." style; "TOC N" styles are contents entries, which
    repeat the question ids and would otherwise pose as answers. Style names are the built-in
    English ones even in a localised Word, which only translates what it displays. The
    paragraph's own outline level and numbering come first; its style chain is read once per
    style id (see `_StyleChains`).
    """
    own_outline, is_list, style_ids = _paragraph_properties(paragraph)
    chain = styles.of(style_ids[0]) if style_ids else _NO_CHAIN
    if chain.named is not None:
        return chain.named
    outline = own_outline or chain.outline
    if outline and outline[0].isdigit() and int(outline[0]) < 9:
        return int(outline[0]) + 1, ""
    return None, "list" if is_list or chain.is_list else ""


@dataclass(frozen=True)
class _Chain:
    """What a paragraph style and the styles it is based on say: a heading, contents or
    (None) neither by name; whether one is a list; the first outline level one sets."""

    named: tuple[int | None, str] | None = None
    is_list: bool = False
    outline: tuple[str, ...] = ()


_NO_CHAIN: Final = _Chain()


class _StyleChains:
    """Each paragraph style's chain, resolved once per document: a proposal has thousands of
    paragraphs in a dozen styles."""

    def __init__(self, document: DocxDocument) -> None:
        self._document = document
        self._chains: dict[str, _Chain] = {}

    def of(self, style_id: str) -> _Chain:
        chain = self._chains.get(style_id)
        if chain is None:
            chain = self._chains[style_id] = self._resolve(style_id)
        return chain

    def _resolve(self, style_id: str) -> _Chain:
        from docx.enum.style import WD_STYLE_TYPE

        try:
            style = self._document.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
        except (KeyError, ValueError):
            style = None
        is_list = False
        outline: list[str] = []
        for _ in range(10):  # a style chain is short; the bound guards against a cycle
            if style is None:
                break
            name = (style.name or "").strip().casefold()
            if name == "title":
                return _Chain((0, ""))
            match = re.fullmatch(r"heading\s*(\d)", name)
            if match:
                return _Chain((int(match.group(1)), ""))
            if re.fullmatch(r"toc\s*(?:\d|heading)", name):
                return _Chain((None, "toc"))
            is_list = is_list or name.startswith("list") or bool(_properties(style.element, _NUMPR))
            if not outline:
                outline = _values(_properties(style.element, _OUTLINE))
            style = style.base_style
        return _Chain(None, is_list, tuple(outline))
