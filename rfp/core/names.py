"""How a vendor names itself in its own text: the e-mail and web domains it writes, and how it
spells its folder's name.

Blind sheets mask these forms. They are read where the vendor's files are read, so a scoring run
keeps a few words per vendor rather than its whole text (about 260 KB for 30 pages) until the
sheets are written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

EMAIL: Final = re.compile(r"[\w.+-]+@((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24})\b", re.I)
_WEB: Final = re.compile(
    r"(?<![@\w.-])(?:https?://)?(?:www\.)?((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24})\b(?![@-])",
    re.I,
)
_CAPITALISED: Final = re.compile(r"[A-Z][\w&'’]*(?:[ \t-]+[A-Z][\w&'’]*)*")
# "vaguepartners-proposal.pdf" is a file name, not a web domain.
_FILE_SUFFIXES: Final = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "xlsm", "md", "txt", "htm", "html"}
)


@dataclass(frozen=True)
class TextNames:
    """The name forms a vendor's text holds, each list sorted, casefolded and without repeats."""

    email_domains: tuple[str, ...] = ()
    web_domains: tuple[str, ...] = ()
    """Domains written as web addresses, not those of e-mail addresses nor file names."""
    folder_spelled: str = ""
    """The folder name as words ("NorthstarCX" -> "Northstar CX"), spelled as the text spells
    it when run together; "" when not read from a text."""


def words(name: str) -> list[str]:
    """The letter-and-digit runs of a name: "Northstar-CX Ltd." -> ["Northstar", "CX", "Ltd"]."""
    return re.findall(r"[^\W_]+", name)


def squashed(text: str) -> str:
    """The words run together and casefolded, for comparing spellings: "Vague Partners" ->
    "vaguepartners"."""
    return "".join(words(text)).casefold()


_EMAIL_HINT: Final = re.compile("@")
_WEB_HINT: Final = re.compile(r"\.[a-z]{2}", re.I)
"""What every line holding a web domain holds: a dot and two letters, as ``_WEB`` reads them."""


def _found(pattern: re.Pattern[str], hint: re.Pattern[str], lines: list[str]) -> set[str]:
    """The first group of every match of ``pattern`` in the ``lines`` holding ``hint``,
    casefolded. No address spans a line break, and a line's ends read as a break does to the
    patterns' edges, so this finds what searching the whole text finds, without trying the
    patterns at every word of a 30-page proposal."""
    return {
        match.group(1).casefold()
        for line in lines
        if hint.search(line)
        for match in pattern.finditer(line)
    }


def email_domains(text: str) -> set[str]:
    """The domains of every e-mail address in ``text``, casefolded."""
    return _found(EMAIL, _EMAIL_HINT, text.split("\n"))


def split_folder(folder: str, text: str) -> str:
    """The folder name as words a reader would write: on punctuation and camel case
    ("NorthstarCX" -> "Northstar CX"), and, run together, as the proposal's own capitalised
    phrase spells it ("vaguepartners" -> "Vague Partners")."""
    parts = [
        piece
        for word in words(folder)
        for piece in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", word) or [word]
    ]
    if len(parts) > 1:
        return " ".join(parts)
    wanted = squashed(folder)
    phrases = dict.fromkeys(_CAPITALISED.findall(text))
    # "Vague Partners" reads better in the key than the heading's "VAGUE PARTNERS".
    for phrase in sorted(phrases, key=lambda phrase: phrase.isupper()):
        phrase_words = words(phrase)
        for start in range(len(phrase_words)):
            for end in range(start + 2, len(phrase_words) + 1):
                if squashed(" ".join(phrase_words[start:end])) == wanted:
                    return " ".join(phrase_words[start:end])
    return folder


def names_in_text(folder: str, text: str) -> TextNames:
    """What of the vendor in ``folder`` its ``text`` names, for blind masking."""
    lines = text.split("\n")
    web = {
        domain
        for domain in _found(_WEB, _WEB_HINT, lines)
        if domain.rpartition(".")[2] not in _FILE_SUFFIXES
    }
    mail = _found(EMAIL, _EMAIL_HINT, lines)
    return TextNames(tuple(sorted(mail)), tuple(sorted(web)), split_folder(folder, text))
