"""The background corpus the reference model is fitted on, read from the installed package.

I/O: kept out of the pure ``rfp.score.reference`` so the model itself reads no file. The corpus
is plain, neutral English about how BPO work is done and bought, one paragraph per document, so
the inverse document frequency knows which words are common in the trade ("service", "agents")
and which are distinctive ("encryption", "attrition", "reconciliation").
"""

from __future__ import annotations

import re
from importlib import resources

BACKGROUND_FILE = "background.txt"
_BLANK_LINES = re.compile(r"\n\s*\n")


def background_documents() -> list[str]:
    """The background corpus as documents: one per paragraph, whitespace folded, in file order."""
    text = resources.files(__name__).joinpath(BACKGROUND_FILE).read_text(encoding="utf-8")
    paragraphs = (" ".join(block.split()) for block in _BLANK_LINES.split(text))
    return [paragraph for paragraph in paragraphs if paragraph]
