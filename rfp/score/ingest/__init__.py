"""Read one proposal file into pages of text blocks, keeping headings: one reader per format.

Vendors answer in whatever they have: PDF, Word, Markdown, plain text or HTML. Every reader
returns the same shape, a `Document` of `Page`s of `Block`s (see `document`), so the later steps
never care which format a vendor chose. Headings are kept as blocks of their own because the
response template's headings carry the question ids that tie an answer to a criterion.

Nothing here touches the network: HTML is parsed with the standard library's tokenizer, which
cannot fetch or resolve anything, and PDF and DOCX are read from bytes already in memory. The
returned response workbook is read by `kit`, which is not re-exported here.

The names below are re-exported so existing callers keep working; new code imports from the
defining modules (`folder`, `document`, `text`).
"""

from __future__ import annotations

from rfp.score.document import Block, Document, Kind, Page
from rfp.score.ingest.folder import SUPPORTED_SUFFIXES, read, read_files, read_folder
from rfp.score.ingest.text import decode_text

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Block",
    "Document",
    "Kind",
    "Page",
    "decode_text",
    "read",
    "read_files",
    "read_folder",
]
