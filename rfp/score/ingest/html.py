"""HTML reader, on the standard library's tokenizer, which cannot fetch or resolve anything."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Final

from rfp.score.document import Page
from rfp.score.ingest.cleanup import BlockBuilder, clean
from rfp.score.ingest.css import (
    background,
    colour_hiding,
    hard_hiding,
    style_of,
    text_colour,
    visibility_hidden,
)
from rfp.score.ingest.hidden import HIDDEN, HiddenText
from rfp.score.ingest.stylesheet import Element, StyleSheet, defuse_unclosed
from rfp.score.ingest.text import decode_text

_DOCTYPE: Final = re.compile(r"<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", flags=re.IGNORECASE | re.DOTALL)
_META_CHARSET: Final = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def read_html(file: str, data: bytes, *, hidden: HiddenText | None = None) -> tuple[Page, ...]:
    del file
    declared = _META_CHARSET.search(data[:4096])
    text = decode_text(data, declared=declared.group(1).decode("ascii") if declared else None)
    builder = BlockBuilder()
    html_into(text, builder, hidden)
    return (Page(number=None, blocks=tuple(builder.blocks)),)


def html_into(
    text: str,
    builder: BlockBuilder,
    hidden: HiddenText | None = None,
    sheet: StyleSheet | None = None,
) -> None:
    """Blocks from HTML; the document type declaration, with any entity definitions, is dropped.

    Only the standard library's tokenizer is used: it has no way to fetch a URL or read a file,
    so images, linked style sheets and external entities in a vendor's file are simply inert.
    Text of an element its attributes or the rules of ``sheet`` (by default, the `<style>`
    elements of ``text``) hide (see `css`, `stylesheet`) is tallied in ``hidden``, not read.
    """
    hidden = hidden or HiddenText()
    own_sheet = sheet is None
    sheet = StyleSheet.of_document(text) if sheet is None else sheet
    extractor = _HTMLExtractor(builder, hidden, sheet)
    extractor.feed(defuse_unclosed(_DOCTYPE.sub(" ", text)))
    extractor.close()
    if own_sheet:
        hidden.unchecked += sheet.unmatched


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
VOID: Final = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_CELLS: Final = frozenset({"td", "th", "tr"})
# The open elements a start tag closes without an end tag, as HTML's parsing rules do.
_CLOSED_BY: Final[dict[str, frozenset[str]]] = {
    "p": _HTML_BLOCK | set(_HTML_HEADINGS) | {"table"},
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "tr": frozenset({"tr"}),
    "td": _CELLS,
    "th": _CELLS,
    "option": frozenset({"option"}),
}
_BR: Final = "\x1e"  # stands for <br> until a paragraph is emitted; clean removes strays


class _HTMLExtractor(HTMLParser):
    """Turns the tag stream into blocks: headings, paragraphs, list items and table rows.

    Inline text is buffered until a block-level tag starts or ends, which also copes with the
    unclosed <p> and <li> tags common in exported HTML. Inside a table cell every tag is inline,
    and a nested table's text stays in the outer cell.
    """

    def __init__(self, builder: BlockBuilder, hidden: HiddenText, sheet: StyleSheet) -> None:
        super().__init__(convert_charrefs=True)
        self._builder = builder
        self._hidden = hidden
        self._sheet = sheet
        self._open: list[Element] = []  # the open elements, outermost first
        self._hiding: tuple[int, str] | None = None  # depth of the hiding element, and why
        # Elements that set a background, by depth, and whether white text shows on it; those
        # that set the text's colour, and its visibility: inherited, a child may set them back.
        self._backgrounds: list[tuple[int, bool]] = []
        self._colours: list[tuple[int, tuple[int, int, int, float]]] = []
        self._visibility: list[tuple[int, bool]] = []
        self._buffer: list[str] = []
        self._skip: list[str] = []
        self._heading: int | None = None
        self._lists: list[int] = []
        self._tables: list[int] = []
        self._cells: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._skip.clear()
        self._open_element(tag, attrs)
        if self._skip or self._hiding:
            if tag in _HTML_SKIP:
                self._skip.append(tag)
            return
        if tag not in VOID and self._hides(tag, attrs):
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
        consumed = self._close_element(tag)
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
        elif consumed:
            return
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
        if self._skip:
            return
        why = self._hiding[1] if self._hiding else self._unseen_here()
        if why is not None:
            self._hidden.add(why, data)
        else:
            self._buffer.append(data)

    def _unseen_here(self) -> str | None:
        """Why text here cannot be seen by its inherited visibility and colour, or None."""
        if self._visibility and self._visibility[-1][1]:
            return HIDDEN
        if not self._colours:
            return None
        on_backdrop = bool(self._backgrounds) and self._backgrounds[-1][1]
        return colour_hiding(self._colours[-1][1], on_backdrop=on_backdrop)

    def _open_element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Track the open elements, closing those HTML closes implicitly (an open <p> at a
        <div>, an <li> at the next): a hidden element ends exactly where a browser ends it."""
        while self._open and tag in _CLOSED_BY.get(self._open[-1].tag, ()):
            self._open.pop()
        self._end_scopes()
        if tag not in VOID:
            self._open.append(Element.of(tag, attrs))

    def _close_element(self, tag: str) -> bool:
        """Close ``tag`` and what it encloses (a stray end tag closes nothing, as in a
        browser); True when it was the hiding element's own end, which is then consumed."""
        tags = [element.tag for element in self._open]
        if tag not in tags:
            return bool(self._hiding)
        hiding = self._hiding
        del self._open[len(tags) - 1 - tags[::-1].index(tag) :]
        self._end_scopes()
        return hiding is not None and (self._hiding is not None or len(self._open) == hiding[0])

    def _end_scopes(self) -> None:
        if self._hiding and len(self._open) <= self._hiding[0]:
            self._hiding = None
        for scopes in (self._backgrounds, self._colours, self._visibility):
            while scopes and len(self._open) <= scopes[-1][0]:
                scopes.pop()

    def _hides(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Whether the element just opened hides its text (see `css.hiding`): then its text is
        tallied, not read, until it ends; a hidden block still ends the paragraph before it."""
        style = self._sheet.style(self._open, style_of(attrs), style_of(attrs, important=True))
        kind = hard_hiding(attrs, style, tag=tag)
        if kind is None:
            depth = len(self._open) - 1
            own = background(attrs, style)
            if own is not None:
                self._backgrounds.append((depth, own))
            colour = text_colour(attrs, style)
            if colour is not None:
                self._colours.append((depth, colour))
            hides = visibility_hidden(style)
            if hides is not None:
                self._visibility.append((depth, hides))
            return False
        if tag in _HTML_BLOCK or tag in _HTML_HEADINGS or tag == "table":
            if self._tables:
                self._buffer.append(" ")
            else:
                self._flush()
        self._hiding = (len(self._open) - 1, kind)
        return True

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
            self._cells.append(clean("".join(self._buffer)))
            self._buffer = []

    def _end_row(self) -> None:
        if self._cells is None:
            return
        self._end_cell()
        cells, self._cells = self._cells, None
        group = self._tables[0] if self._tables else None
        self._builder.add(" | ".join(cell for cell in cells if cell), group=group)
