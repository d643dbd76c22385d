"""Tests for rfp.score.ingest.markdown: headings, inline markup, lists and tables."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.score.document import Block
from rfp.score.ingest import markdown
from rfp.score.ingest.cleanup import BlockBuilder, clean
from rfp.score.ingest.folder import read
from rfp.score.ingest.html import html_into


def test_markdown_headings_inline_markup_lists_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "answers.md"
    path.write_text(
        """---
title: front matter is not content
---
# SEC-01 *Information* security

We hold **ISO 27001** (see [certificate](https://example.com/c.pdf)) and `PCI DSS`.
This line continues the paragraph.

## Sites

- Manila
- Cebu

| Site | Seats |
|------|-------|
| Manila | 500 |
"""
    )

    blocks = read(path).blocks

    assert [(b.text, b.is_heading, b.level) for b in blocks] == [
        ("SEC-01 Information security", True, 1),
        (
            "We hold ISO 27001 (see certificate) and PCI DSS. This line continues the paragraph.",
            False,
            0,
        ),
        ("Sites", True, 2),
        ("Manila", False, 0),
        ("Cebu", False, 0),
        ("Site | Seats", False, 0),
        ("Manila | 500", False, 0),
    ]
    assert blocks[3].group == blocks[4].group != blocks[5].group == blocks[6].group


# The inline pass left out where no inline rule can apply, against markdown-it's own --------
#
# markdown-it parses every inline token (a heading, a table cell, a paragraph) with its
# inline rules; the reader takes text with none of the characters that start one as it
# stands. markdown-it's full pipeline, kept here as the oracle, must give the same blocks.


def _reference_blocks(text: str) -> list[Block]:
    """The reader as it was: markdown-it's whole pipeline, inline pass and text_join included."""
    from markdown_it import MarkdownIt

    tokens = (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .parse(markdown._strip_front_matter(text))
    )
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
            pieces = [
                child.content
                if child.type in ("text", "code_inline", "image")
                else " "
                if child.type in ("softbreak", "hardbreak")
                else ""
                for child in token.children or []
            ]
            if table is not None:
                cells.append(clean("".join(pieces)))
            else:
                builder.add(
                    "".join(pieces), heading_level=heading, group=lists[-1] if lists else None
                )
        elif kind in ("fence", "code_block"):
            builder.add(token.content, group=lists[-1] if lists else None)
        elif kind == "html_block":
            html_into(token.content, builder)
    return builder.blocks


_MARKUP = """[ref]: https://example.com/a "Title"

# SEC-01 *Information* security & privacy &amp; more \\# not a heading

Plain line with - dashes: colons; 24/7 $1,000 100% ~tilde~ {braces} ^caret = equals.
A second line\\
after a hard break, a [link][ref], an ![alt *text*](i.png), <b>inline</b> HTML,
<https://example.com/auto>, `code * not emphasis`, snake_case_word and \\*escaped\\*.

## Sites ##

- Manila &copy; 2027
- Cebu [undefined reference]
  1. nested *one*
  2. nested_two_

| Site | Seats & desks |
|------|-------|
| Manila | **500** |
| `Cebu` | 1\\|2 |

    indented code *kept*

<div>block <i>HTML</i></div>
"""


def test_markdown_without_inline_rules_gives_the_full_pipelines_blocks() -> None:
    assert markdown._markdown_blocks(_MARKUP) == _reference_blocks(_MARKUP)
    texts = [block.text for block in markdown._markdown_blocks(_MARKUP)]
    assert texts[0] == "SEC-01 Information security & privacy & more # not a heading"
    assert "a link, an alt *text*, inline HTML" in texts[1]  # an image keeps its label
    assert texts[-5:-2] == ["Site | Seats & desks", "Manila | 500", "Cebu | 1|2"]


_PIECES = [
    "# ", "## ", "- ", "1. ", "> ", "    ", "| a | b |\n|---|---|\n", "\n", "\n\n", "  \n",
    "*", "**", "_", "`", "[", "]", "(", ")", "!", "<", ">", "&", "&amp;", "&#35;", "\\", "\\*",
    "[ref]", "[ref]: /u\n", "<b>", "</b>", "<div>", "---", "===", "~", ":", "-", "|", "#",
    "word", "Word", "é", "e\u0301", "\u0301", "\u00a0", "\u00ad", "\u200b", "\t", "1", " ",
]  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_markdown_text_and_markup_read_as_the_full_pipeline_reads_them(text: str) -> None:
    assert markdown._markdown_blocks(text) == _reference_blocks(text)


def test_markdown_inline_html_that_hides_its_text_is_set_aside(tmp_path: Path) -> None:
    """Inline tags hide as a block of HTML does, by their style or by the file's <style>
    rules; other inline tags are dropped and their text read."""
    path = tmp_path / "answers.md"
    path.write_text(
        "<style>.k { color: #fefefe }</style>\n\n"
        "We log <b>every</b> complaint.<span style='display:none'> Resolution: 100%.</span>\n\n"
        'Sites: Manila.<span class="k"> Complaint, acknowledged: 100%.</span>\n'
    )

    document = read(path)

    assert [block.text for block in document.blocks] == [
        "We log every complaint.",
        "Sites: Manila.",
    ]
    assert (
        "44 characters of hidden text (16 marked hidden, 28 white or too pale)"
        in (document.warnings[0])
    )


def test_markdown_between_the_tags_of_a_hidden_html_block_is_set_aside(tmp_path: Path) -> None:
    """A hidden <div> opened in one HTML block and closed in another hides the Markdown
    paragraphs set between them, as a renderer shows the file."""
    path = tmp_path / "answers.md"
    path.write_text(
        "We log every complaint.\n\n"
        '<div class="x" style="display: none">\n\n'
        "Resolution, complaint, acknowledged: 100%.\n\n"
        "<p>Escalation: 99%.</p>\n\n"
        "</div>\n\n"
        "Sites: Manila.\n"
    )

    document = read(path)

    assert [block.text for block in document.blocks] == [
        "We log every complaint.",
        "Sites: Manila.",
    ]
    assert "(54 marked hidden)" in document.warnings[0]  # 39 + 15 characters
