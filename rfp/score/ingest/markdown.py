"""Markdown reader: CommonMark plus pipe tables, inline markup reduced to plain text."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from rfp.score.document import Block, Page
from rfp.score.ingest.cleanup import BlockBuilder, clean
from rfp.score.ingest.css import background, hiding, style_of
from rfp.score.ingest.hidden import HiddenText
from rfp.score.ingest.html import VOID, html_into
from rfp.score.ingest.stylesheet import Element, StyleSheet
from rfp.score.ingest.text import decode_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


def read_markdown(file: str, data: bytes, *, hidden: HiddenText | None = None) -> tuple[Page, ...]:
    del file
    return (Page(number=None, blocks=tuple(_markdown_blocks(decode_text(data), hidden))),)


def _markdown_blocks(text: str, hidden: HiddenText | None = None) -> list[Block]:
    """Blocks from CommonMark (plus pipe tables), with inline markup reduced to plain text; an
    HTML block or inline HTML is read by the HTML reader, under the style rules of every
    `<style>` element in the file, and its hidden elements tallied in ``hidden``."""
    hidden = hidden or HiddenText()
    parser = _parser()
    env: dict[str, Any] = {}  # link reference definitions, found by the block pass
    tokens = parser.parse(_strip_front_matter(text), env)
    # The file's HTML, not its code: a <style> shown in a code block styles nothing.
    sheet = StyleSheet.of_document("".join(t.content for t in tokens if t.type == "html_block"))
    builder = BlockBuilder()
    lists: list[int] = []
    heading: int | None = None
    table: int | None = None
    cells: list[str] = []
    # The HTML elements left open by the blocks so far: a hidden <div> opened in one block
    # and closed in a later one hides the Markdown between them, as a renderer shows it.
    how = _Html(hidden, sheet)
    enclosing = _InlineTags(how)
    for token in tokens:
        kind = token.type
        if enclosing.hiding is not None and kind in ("inline", "fence", "code_block"):
            hidden.add(enclosing.hiding, _inline_text(parser, token.content, env, how))
            continue
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
            inline = _inline_text(parser, token.content, env, how)
            if table is not None:
                cells.append(clean(inline))
            else:
                builder.add(inline, heading_level=heading, group=lists[-1] if lists else None)
        elif kind in ("fence", "code_block"):
            builder.add(token.content, group=lists[-1] if lists else None)
        elif kind == "html_block":
            _html_block(token.content, builder, how, enclosing)
    hidden.unchecked += sheet.unmatched
    return builder.blocks


def _html_block(content: str, builder: BlockBuilder, how: _Html, enclosing: _InlineTags) -> None:
    """An HTML block read by the HTML reader, or, inside an element an earlier block opened
    and that hides its text, tallied as hidden; then its tags left open are noted."""
    why = enclosing.hiding
    if why is None:
        html_into(content, builder, how.hidden, how.sheet)
    else:
        inside = BlockBuilder()
        html_into(content, inside, how.hidden, how.sheet)
        how.hidden.add(why, " ".join(block.text for block in inside.blocks))
    enclosing.feed(content)


@functools.cache
def _parser() -> MarkdownIt:
    """The CommonMark parser, built once, with its inline pass left to `_inline_text`."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")


# The characters that start one of CommonMark's inline rules that change the text (escape,
# backticks, emphasis, link, image, autolink, inline HTML, entity): text without any of them
# is one text token as it stands, which is nearly every heading, cell and paragraph of a
# proposal. The newline rule is left out: it only turns the spaces around a line break into
# one space, as the clean-up every block goes through does anyway.
_INLINE_SYNTAX: Final = re.compile(r"[\\`*_\[!<&]")


class _Html(NamedTuple):
    """How the file's HTML is read: where hidden text is tallied, and its style rules."""

    hidden: HiddenText
    sheet: StyleSheet


def _inline_text(parser: MarkdownIt, content: str, env: dict[str, Any], how: _Html) -> str:
    """An inline token's plain text: as it stands when no inline rule can apply, else parsed
    as markdown-it's inline pass would, with the link references the block pass found."""
    if _INLINE_SYNTAX.search(content) is None:
        return content
    children: list[Any] = []
    parser.inline.parse(content, parser, env, children)
    if any(child.type == "html_inline" for child in children):
        return _inline_html(children, how)
    return _markdown_inline(children)


def _inline_html(children: Iterable[Any], how: _Html) -> str:
    """The text of inline markup holding HTML tags: the tags are dropped, as in the full
    pipeline, but the text inside a tag that hides it (by its attributes or the file's style
    rules, as in a block of HTML) is tallied in ``how.hidden`` instead of read."""
    pieces: list[str] = []
    tags = _InlineTags(how)
    for child in children:
        if child.type == "html_inline":
            tags.read(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
        elif tags.hiding is not None:
            how.hidden.add(tags.hiding, _markdown_inline([child]))
        else:
            pieces.append(_markdown_inline([child]))
    return "".join(pieces)


class _InlineTags(HTMLParser):
    """The inline HTML tags open in a paragraph, each read as it comes, and why the
    innermost hiding one hides its text (None when none does)."""

    def __init__(self, how: _Html) -> None:
        super().__init__(convert_charrefs=True)
        self._how = how
        # element, why it hides (None), and its own background (see `css.background`)
        self._open: list[tuple[Element, str | None, bool | None]] = []

    @property
    def hiding(self) -> str | None:
        return next((why for _, why, _ in reversed(self._open) if why is not None), None)

    def read(self, tag: str) -> None:
        self.feed(tag)
        self.reset()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        elements = [element for element, _, _ in self._open] + [Element.of(tag, attrs)]
        style = self._how.sheet.style(elements, style_of(attrs), style_of(attrs, important=True))
        inherited = next((shown for _, _, shown in reversed(self._open) if shown is not None), None)
        why = hiding(attrs, style, on_backdrop=bool(inherited), tag=tag)
        self._open.append((elements[-1], why, background(attrs, style) if why is None else None))

    def handle_endtag(self, tag: str) -> None:
        tags = [element.tag for element, _, _ in self._open]
        if tag in tags:
            del self._open[len(tags) - 1 - tags[::-1].index(tag) :]


def _markdown_inline(children: Iterable[Any]) -> str:
    pieces: list[str] = []
    for child in children:
        # text_special is an escape or entity, which markdown-it's text_join makes text.
        if child.type in ("text", "text_special", "code_inline", "image"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
    return "".join(pieces)


def _strip_front_matter(text: str) -> str:
    """Drop a leading YAML block, which CommonMark would misread as a rule and a heading."""
    match = re.match(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, flags=re.DOTALL)
    return text[match.end() :] if match else text
