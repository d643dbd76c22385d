"""Markdown reader: CommonMark plus pipe tables, inline markup reduced to plain text."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from rfp.score.document import Block, Page
from rfp.score.ingest.cleanup import BlockBuilder, clean
from rfp.score.ingest.hidden import HiddenText
from rfp.score.ingest.html import html_into
from rfp.score.ingest.text import decode_text

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


def read_markdown(file: str, data: bytes, *, hidden: HiddenText | None = None) -> tuple[Page, ...]:
    del file
    return (Page(number=None, blocks=tuple(_markdown_blocks(decode_text(data), hidden))),)


def _markdown_blocks(text: str, hidden: HiddenText | None = None) -> list[Block]:
    """Blocks from CommonMark (plus pipe tables), with inline markup reduced to plain text; an
    HTML block is read by the HTML reader, which tallies its hidden elements in ``hidden``."""
    parser = _parser()
    env: dict[str, Any] = {}  # link reference definitions, found by the block pass
    tokens = parser.parse(_strip_front_matter(text), env)
    builder = BlockBuilder()
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
            inline = _inline_text(parser, token.content, env)
            if table is not None:
                cells.append(clean(inline))
            else:
                builder.add(inline, heading_level=heading, group=lists[-1] if lists else None)
        elif kind in ("fence", "code_block"):
            builder.add(token.content, group=lists[-1] if lists else None)
        elif kind == "html_block":
            html_into(token.content, builder, hidden)
    return builder.blocks


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


def _inline_text(parser: MarkdownIt, content: str, env: dict[str, Any]) -> str:
    """An inline token's plain text: as it stands when no inline rule can apply, else parsed
    as markdown-it's inline pass would, with the link references the block pass found."""
    if _INLINE_SYNTAX.search(content) is None:
        return content
    children: list[Any] = []
    parser.inline.parse(content, parser, env, children)
    return _markdown_inline(children)


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
