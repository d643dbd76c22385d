"""Tests for rfp.score.ingest.markdown: headings, inline markup, lists and tables."""

from __future__ import annotations

from pathlib import Path

from rfp.score.ingest.folder import read


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
