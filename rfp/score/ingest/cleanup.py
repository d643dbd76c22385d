"""Text clean-up shared by the readers: whitespace, ligatures, hyphenation, heading guesses."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

from rfp.score.document import Block

LIGATURES: Final = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
_INVISIBLE: Final = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f\x7f]")
SPACES: Final = re.compile(r"\s+")
"""White space, as ``str.isspace`` sees it, which ``str.split()`` and ``str.strip()`` use too:
``" ".join(text.split())`` is ``SPACES.sub(" ", text).strip()``, five times faster."""
# Characters that end a line when a word was split across it. U+2010 is what WeasyPrint and
# many fonts emit for an automatic hyphen; U+00AD is a soft hyphen.
_LINE_HYPHENS: Final = ("-", "\u2010", "\u00ad")
# U+F0B7 and U+F0A7 are the Symbol and Wingdings bullets Word's PDF export leaves in the text.
_BULLET_CHARS: Final = "•◦▪▫■□●○‣⁃∙·*–\uf0b7\uf0a7\uf076\uf0d8-"
BULLET: Final = re.compile(rf"^(?:[{_BULLET_CHARS}]\s+|\(?[0-9]{{1,2}}[.)]\s+|\(?[a-z][.)]\s+)")
BULLET_SYMBOL: Final = re.compile(rf"^[{_BULLET_CHARS}]\s+")
# A table-of-contents line: dot leaders, then a page number ("SEC-01 Security ..... 3").
TOC_LINE: Final = re.compile(r"(?:\s?[.·…_]){4,}\s*(?:\d+|[ivxlc]+)$", flags=re.IGNORECASE)
_TOC_LEADERS: Final = ".·…_"
_TOC_END: Final = re.compile(r"[\divxlc]", flags=re.IGNORECASE)
_LIGATURE: Final = re.compile("[" + "".join(map(chr, LIGATURES)) + "]")
SENTENCE_END: Final = re.compile(r"[.!?…][\"'”’)\]]*$")
_ID_LIKE: Final = re.compile(r"^[\[(]?[A-Z]{1,6}[-–_]?\d{1,3}[A-Za-z]?[\])]?(?=$|[\s:.\-–—])")
NUMBERED: Final = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2})\s+[A-Z]")
ALNUM: Final = re.compile(r"[^\W_]")
"""A character ``str.isalnum`` accepts (a test checks every code point): one search costs
less than a generator testing each character in turn."""


def clean(text: str) -> str:
    """Collapse whitespace and drop invisible characters, so equal text compares equal."""
    if text.isascii() and text.isprintable():
        # No ligature, nothing to normalise or drop, and a space the only white space.
        return " ".join(text.split())
    if _LIGATURE.search(text):  # a search costs less than a translation of every character
        text = text.translate(LIGATURES)
    text = unicodedata.normalize("NFC", text)
    return " ".join(_INVISIBLE.sub("", text).split())  # what SPACES.sub(" ", ...).strip() gives


def is_toc_line(text: str) -> bool:
    """Whether ``TOC_LINE`` finds a contents entry in ``text``; what it needs, four leader
    characters and a page number at the end, is checked first, as a paragraph rarely has both
    and the search tries every position of it."""
    end = text[:-1] if text.endswith("\n") else text  # $ matches before a final newline too
    if not _TOC_END.fullmatch(end[-1:]) or sum(map(text.count, _TOC_LEADERS)) < 4:
        return False
    return TOC_LINE.search(text) is not None


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines into one paragraph, undoing hyphenation ("imple-\\nmentation").

    A hyphen ending a line inside a word is dropped when the next line goes on in lower case:
    the usual rule, which wrongly joins a compound split at its own hyphen ("self-" then
    "service") but is right far more often in prose. Before anything else ("ISO-" then
    "27001") the hyphen is kept and the lines joined without a space.
    """
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("\u00ad") or (
            out.endswith(_LINE_HYPHENS) and out[-2:-1].isalpha() and line[0].islower()
        ):
            out = out[:-1] + line
        elif out.endswith(_LINE_HYPHENS) and out[-2:-1].isalnum():
            out = out[:-1] + "-" + line
        else:
            out = f"{out} {line}"
    return clean(out)


def looks_like_heading(text: str, *, numbered: bool) -> bool:
    """Guess whether a lone line of plain text is a heading: short, unpunctuated, with an id."""
    words = text.split()
    if not words or len(words) > 12 or text.endswith((".", ",", ";")):
        return False
    if _ID_LIKE.match(text):
        return True
    return numbered and bool(NUMBERED.match(text))


class BlockBuilder:
    """Collects blocks in order; hands out group ids for tables and lists."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._groups = 0

    def new_group(self) -> int:
        self._groups += 1
        return self._groups

    def add(self, text: str, *, heading_level: int | None = None, group: int | None = None) -> None:
        text = clean(text)
        if not ALNUM.search(text):
            return  # nothing to read: empty, or only rules and list markers
        if heading_level is None:
            self.blocks.append(Block(text, group=group))
        else:
            self.blocks.append(Block(text, is_heading=True, level=heading_level))
