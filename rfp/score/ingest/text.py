"""Plain text: decoding bytes in a fixed order of encodings, and the .txt reader."""

from __future__ import annotations

import re
from typing import Final

from rfp.score.document import Page
from rfp.score.ingest.cleanup import (
    BULLET,
    BULLET_SYMBOL,
    NUMBERED,
    SENTENCE_END,
    TOC_LINE,
    BlockBuilder,
    join_lines,
    looks_like_heading,
)


def decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode a text file's bytes, trying encodings in a fixed order so results never vary.

    The order: a UTF-32, UTF-8 or UTF-16 byte-order mark wins; then strict UTF-8 (most files,
    and ASCII); then `declared` (an HTML meta charset) if it names a codec that decodes cleanly;
    then Windows-1252, what Word and Notepad wrote for decades, with its five undefined bytes
    replaced rather than failing. Line ends are normalised to "\\n".
    """
    text: str | None = None
    for bom, codec in (
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            break
    if text is None:
        text = _try_decode(data, "utf-8")
    if text is None and declared:
        text = _try_decode(data, declared)
    if text is None:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


BINARY_SHARE: Final = 0.05
"""Above this share of control characters, a file named as text is binary (real text has none
but tabs, line ends and form feeds; random bytes have about 13%)."""
_SAMPLE: Final = 65536
_BOMS: Final = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\xef\xbb\xbf")
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def looks_binary(data: bytes) -> bool:
    """Whether bytes named as text are not text: NUL bytes (outside UTF-16/32, which have a
    byte-order mark), or a high share of control characters once decoded.

    Without this, junk is decoded as Windows-1252, which accepts any byte, and scored as prose.
    """
    sample = data[:_SAMPLE]
    if b"\x00" in sample and not sample.startswith(_BOMS):
        return True
    text = decode_text(sample)
    return bool(text) and len(_CONTROL.findall(text)) > BINARY_SHARE * len(text)


def _try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


_UNDERLINE: Final = re.compile(r"^(=+|-+)\s*$")


def read_txt(file: str, data: bytes) -> tuple[Page, ...]:
    """Paragraphs are separated by blank lines; form feeds, if any, separate numbered pages."""
    del file
    text = decode_text(data)
    sheets = text.split("\f")
    numbered = len(sheets) > 1
    builder = BlockBuilder()
    pages: list[Page] = []
    for number, sheet in enumerate(sheets, start=1):
        start = len(builder.blocks)
        for paragraph in re.split(r"\n[ \t]*\n", sheet):
            _txt_paragraph(paragraph, builder)
        blocks = tuple(builder.blocks[start:])
        if numbered and (blocks or number < len(sheets)):
            pages.append(Page(number=number, blocks=blocks))
        elif not numbered:
            pages.append(Page(number=None, blocks=blocks))
    return tuple(pages)


def _txt_paragraph(paragraph: str, builder: BlockBuilder) -> None:
    lines = [
        line.strip()
        for line in paragraph.split("\n")
        if line.strip() and not TOC_LINE.search(line.strip())
    ]
    if not lines:
        return
    if len(lines) == 2 and _UNDERLINE.match(lines[1]):
        builder.add(lines[0], heading_level=1 if lines[1].startswith("=") else 2)
        return
    if len(lines) == 1:
        line = lines[0]
        if looks_like_heading(line, numbered=True):
            number = NUMBERED.match(line)
            level = number.group(1).rstrip(".").count(".") + 1 if number else 1
            builder.add(line, heading_level=level)
            return
        if line.isupper() and len(line.split()) <= 8 and not SENTENCE_END.search(line):
            builder.add(line, heading_level=1)
            return
    if sum(bool(BULLET.match(line)) for line in lines) >= 2:
        group = builder.new_group()
        item: list[str] = []
        for line in lines:
            if BULLET.match(line) and item:
                builder.add(join_lines(item), group=group)
                item = []
            item.append(BULLET_SYMBOL.sub("", line, count=1))
        builder.add(join_lines(item), group=group)
        return
    builder.add(join_lines(lines))
