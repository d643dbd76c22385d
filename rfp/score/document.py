"""The shape every reader returns: a `Document` of `Page`s of `Block`s, whatever the format.

Page numbers are only given where the format has them: a PDF has real pages numbered from 1,
and a .txt file with form feeds (what `pdftotext` writes) has one page per form feed. Word,
Markdown and HTML documents are one page with ``number=None``: Word stores no page numbers
(they depend on the printer and fonts), so any number we made up would send an evaluator to the
wrong place. Passages from those files are located by section instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["pdf", "docx", "md", "txt", "html"]


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
    """A proposal file as text: `name` is how reports cite it (relative to the vendor folder).

    `warnings` say what the reader set aside unread (hidden text) or read other than as
    written (look-alike letters read as Latin), each naming the file: the vendor's evaluators
    see them beside the scores.
    """

    path: str
    name: str
    kind: Kind
    pages: tuple[Page, ...]
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The whole document's text, pages and blocks separated by blank lines."""
        return "\n\n".join(page.text for page in self.pages if page.blocks)

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Every block of every page, in reading order."""
        return tuple(block for page in self.pages for block in page.blocks)


@dataclass(frozen=True)
class ReadFile:
    """One file a vendor sent, hashed from the very bytes the run read (for the audit trail).

    ``role`` is "proposal" or "workbook"; ``sha256`` is empty when the file could not be read
    at all (its warning says why).
    """

    path: Path
    role: str
    sha256: str
    size: int
