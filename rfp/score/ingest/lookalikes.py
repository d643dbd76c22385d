"""Letters that look like Latin ones, read as the Latin letters an evaluator sees.

Vendors write to the automatic score, and every word list (hedges, negations, certifications,
the buyer's words) compares letters, not shapes: "аims to" with a Cyrillic а is no hedge to a
list, nor "nоt" with a Cyrillic о a negation, though a reader sees both. So a word that mixes
Latin letters with look-alikes from other scripts (Cyrillic, Greek, Armenian, Cherokee, Lisu,
Latin small capitals) is read with the Latin letters it shows. A word made only of look-alikes
is read as Latin only between Latin words ("does ΝΟΤ guarantee"), so genuine Greek or Cyrillic
("Αθήνα και", "Москва") is left as written. Full-width, mathematical and letterlike forms
("ｎｏｔ", "𝐧𝐨𝐭") are the letters Unicode's compatibility mapping (NFKC) gives, wherever
they are; NFKC itself is not applied, as it also turns "10⁶" into "106" and "m²" into "m2".
Every character maps to one character, so a folded text has the same words in the same places.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Final

from rfp.score.document import Block, Page

# Each letter below is drawn like the Latin letter it maps to in common fonts (most are in
# Unicode's confusables data, UTS #39; its skeletons map some to the wrong target, Ι to l).
_CYRILLIC: Final = "аaеeоoрpсcуyхxіiјjѕsԁdԛqԝwүyһhӏlѵv" + "АAВBЕEКKМMНHОOРPСCТTХXЅSІIЈJҮYԜWӀIԚQѴV"
_GREEK: Final = "οoαaνvιiκkρpτtυuϲcϳj" + "ΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧXϹCͿJ"
_ARMENIAN: Final = "օoսuհhոnՕOՍUՏS"
_CHEROKEE: Final = "ᎪAᏴBᏟCᎠDᎬEᏀGᎻHᎫJᏦKᏞLᎷMᏢPᎡRᏚSᎢTᏙVᎳWᏃZ"
_SMALL_CAPITALS: Final = "ᴀaʙbᴄcᴅdᴇeꜰfɢgʜhɪiᴊjᴋkʟlᴍmɴnᴏoᴘpʀrꜱsᴛtᴜuᴠvᴡwʏyᴢz"
_PHONETIC: Final = "ɑaɡgɩi"  # Latin too, but no language's spelling uses them
_LISU: Final = "ꓮAꓐBꓚCꓓDꓰEꓝFꓖGꓧHꓲIꓙJꓗKꓡLꓟMꓠNꓳOꓑPꓣRꓢSꓔTꓴUꓦVꓪWꓫXꓬYꓜZ"  # "does ꓠꓳꓔ commit"
_PAIRS: Final = _CYRILLIC + _GREEK + _ARMENIAN + _CHEROKEE + _SMALL_CAPITALS + _PHONETIC + _LISU
LOOKALIKES: Final[dict[str, str]] = dict(zip(_PAIRS[::2], _PAIRS[1::2], strict=True))
"""Letter of another script (or a Latin small capital) -> the Latin letter it looks like."""

_STYLED_RANGES: Final = ((0xFF01, 0xFF5F), (0x1D400, 0x1D800), (0x2100, 0x2150))


def _styled_forms() -> dict[int, str]:
    """Full-width ASCII, mathematical alphanumerics and letterlike symbols -> NFKC's letter
    or digit; those NFKC makes longer ("℃") are left as they are, and so is full-width
    punctuation ("（", usual in text typed on an East Asian keyboard), which hides no word."""
    forms: dict[int, str] = {}
    for start, stop in _STYLED_RANGES:
        for code in range(start, stop):
            plain = unicodedata.normalize("NFKC", chr(code))
            if len(plain) == 1 and plain != chr(code) and plain.isalnum():
                forms[code] = plain
    return forms


_STYLED: Final = _styled_forms()
# Ranges, not the forms one by one: a class of a thousand characters is searched slowly.
_STYLED_CHAR: Final = re.compile(
    "[" + "".join(f"{chr(start)}-{chr(stop - 1)}" for start, stop in _STYLED_RANGES) + "]"
)
_FOLD: Final = str.maketrans(LOOKALIKES)
_LOOKALIKE: Final = re.compile("[" + "".join(LOOKALIKES) + "]")
_WORD: Final = re.compile(r"[^\W\d_]+")  # a run of letters

_LATIN, _ALIKE, _OTHER = "latin", "look-alike", "other"


def fold_lookalikes(text: str) -> str:
    """``text`` with look-alike letters read as Latin where the module docstring says."""
    if text.isascii():
        return text  # O(1): most blocks
    if _STYLED_CHAR.search(text):
        text = text.translate(_STYLED)
    if not _LOOKALIKE.search(text):
        return text
    words = list(_WORD.finditer(text))
    kinds = [_kind(word.group()) for word in words]
    read_as_latin = _between_latin(kinds)
    parts: list[str] = []
    end = 0
    for word, kind, between in zip(words, kinds, read_as_latin, strict=True):
        if kind == _LATIN or (kind == _ALIKE and between):
            parts += (text[end : word.start()], word.group().translate(_FOLD))
            end = word.end()
    return "".join(parts) + text[end:] if parts else text


def _kind(word: str) -> str:
    """Other if a letter is of another script and no look-alike (the word is genuine); else
    Latin if a letter is Latin, look-alike if every letter is one."""
    alike = latin = False
    for letter in word:
        if letter in LOOKALIKES:
            alike = True
        elif letter.isascii() or unicodedata.name(letter, "").startswith("LATIN "):
            latin = True
        else:
            return _OTHER
    return _LATIN if latin or not alike else _ALIKE


def _between_latin(kinds: list[str]) -> list[bool]:
    """For each word, whether the nearest words either side that are not all look-alikes are
    Latin (one at least there): "does ΝΟΤ guarantee" yes, "Αθήνα και Πειραιάς" no. Two passes,
    so a long run of look-alike words costs no more than a short one."""
    before = _nearest(kinds)
    after = _nearest(kinds[::-1])[::-1]
    return [
        (left or right) is not None and _OTHER not in (left, right)
        for left, right in zip(before, after, strict=True)
    ]


def _nearest(kinds: list[str]) -> list[str | None]:
    """For each word, the kind of the nearest earlier word that is not all look-alikes."""
    nearest: list[str | None] = []
    last: str | None = None
    for kind in kinds:
        nearest.append(last)
        if kind != _ALIKE:
            last = kind
    return nearest


def changed_words(before: str, after: str) -> int:
    """How many words differ: folding maps each character to one, so words stay in place."""
    return sum(old != new for old, new in zip(before.split(), after.split(), strict=True))


def fold_pages(pages: tuple[Page, ...]) -> tuple[tuple[Page, ...], int]:
    """``pages`` with every block folded, and how many words changed (for the file's warning)."""
    folded: list[Page] = []
    words = 0
    for page in pages:
        blocks, changed = _fold_blocks(page.blocks)
        folded.append(replace(page, blocks=blocks) if changed else page)
        words += changed
    return tuple(folded), words


def _fold_blocks(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], int]:
    folded: list[Block] = []
    words = 0
    for block in blocks:
        text = fold_lookalikes(block.text)
        if text == block.text:
            folded.append(block)
        else:
            words += changed_words(block.text, text)
            folded.append(replace(block, text=text))
    return tuple(folded), words


def warning(file: str, words: int) -> str | None:
    """The one warning for ``file``; None when no word was read as Latin."""
    if not words:
        return None
    noun, verb = ("word", "was") if words == 1 else ("words", "were")
    return (
        f"{file}: {words:,} {noun} mixing look-alike letters from other scripts or styles "
        f"(Cyrillic, Greek, full-width...) {verb} read as Latin"
    )
