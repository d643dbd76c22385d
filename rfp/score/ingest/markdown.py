"""Markdown reader: CommonMark plus pipe tables, inline markup reduced to plain text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rfp.score.document import Block, Page
from rfp.score.ingest.cleanup import BlockBuilder, clean
from rfp.score.ingest.html import html_into
from rfp.score.ingest.text import decode_text


def read_markdown(file: str, data: bytes) -> tuple[Page, ...]:
    del file
    return (Page(number=None, blocks=tuple(_markdown_blocks(decode_text(data)))),)


def _markdown_blocks(text: str) -> list[Block]:
    """Blocks from CommonMark (plus pipe tables), with inline markup reduced to plain text."""
    from markdown_it import MarkdownIt

    text = _strip_front_matter(text)
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(text)
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
            inline = _markdown_inline(token.children or [])
            if table is not None:
                cells.append(clean(inline))
            else:
                builder.add(inline, heading_level=heading, group=lists[-1] if lists else None)
        elif kind in ("fence", "code_block"):
            builder.add(token.content, group=lists[-1] if lists else None)
        elif kind == "html_block":
            html_into(token.content, builder)
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
