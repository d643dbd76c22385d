"""Tests for rfp.score.ingest.pdf: pages, headings, paragraphs and every broken PDF."""

from __future__ import annotations

import ctypes
import itertools
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from rfp.errors import ProposalReadError
from rfp.score.document import Block
from rfp.score.ingest import pdf as pdf_reader
from rfp.score.ingest.cleanup import LIGATURES, SPACES
from rfp.score.ingest.folder import read
from rfp.score.ingest.hidden import HiddenText
from tests.factories import (
    html_to_pdf,
    minimal_pdf,
    pdf_of_objects,
    scanned_pdf,
)

THREE_PAGES = """
<html><head><style>
  @page { size: A5; margin: 2cm;
          @bottom-center { content: "Acme BPO proposal, page " counter(page) } }
  .next { page-break-before: always }
  .narrow { width: 6em; hyphens: manual }
</style></head><body>
  <h1>SEC-01 Information security</h1>
  <p>We hold ISO 27001 certification at every delivery centre. Auditors visit twice a year.</p>
  <p class="narrow">imple&shy;mentation</p>
  <section class="next">
    <h2>Workforce plan</h2>
    <p>Page two describes hiring, training and attrition control for the programme.</p>
  </section>
  <section class="next">
    <p>Page three closes with governance and the quarterly business review.</p>
  </section>
</body></html>
"""


def test_pdf_keeps_page_numbers_text_and_headings(tmp_path: Path) -> None:
    path = html_to_pdf(THREE_PAGES, tmp_path / "proposal.pdf")

    document = read(path)

    assert document.kind == "pdf"
    assert document.name == "proposal.pdf"
    assert [page.number for page in document.pages] == [1, 2, 3]
    first, second, third = (page.text for page in document.pages)
    assert "ISO 27001 certification at every delivery centre" in first
    assert "hiring, training and attrition" in second
    assert "quarterly business review" in third
    assert "Page two" not in first and "Page two" not in third
    heading = document.pages[0].blocks[0]
    assert heading == Block("SEC-01 Information security", is_heading=True, level=1)
    assert Block("Workforce plan", is_heading=True, level=2) in document.pages[1].blocks


def test_pdf_paragraphs_are_separate_blocks_and_hyphenation_is_undone(tmp_path: Path) -> None:
    path = html_to_pdf(THREE_PAGES, tmp_path / "proposal.pdf")
    with pdfium.PdfDocument(path) as pdf:
        raw = pdf[0].get_textpage().get_text_range()
    assert "imple\u2010\r\nmentation" in raw  # the fixture really breaks the word

    blocks = read(path).pages[0].blocks

    texts = [block.text for block in blocks]
    assert texts[1] == (
        "We hold ISO 27001 certification at every delivery centre. Auditors visit twice a year."
    )
    assert "implementation" in texts
    assert not any("\r" in text or "\u2010" in text for text in texts)


def test_pdf_running_footer_is_dropped(tmp_path: Path) -> None:
    path = html_to_pdf(THREE_PAGES, tmp_path / "proposal.pdf")
    with pdfium.PdfDocument(path) as pdf:
        assert "Acme BPO proposal, page 2" in pdf[1].get_textpage().get_text_range()

    document = read(path)

    assert "Acme BPO proposal" not in document.text


ANNEXES = """
<html><head><style>
  @page { size: A6; margin: 1.5cm;
          @bottom-center { content: "Acme BPO proposal, page " counter(page) } }
  h2 { page-break-before: always }
</style></head><body>
  <h1>Annexes</h1><p>Each annex below supports one answer of the proposal.</p>
  <h2>Annex 1: supporting detail</h2><p>Agents are coached weekly on every channel.</p>
  <h2>Annex 4: supporting detail</h2><p>Calls are recorded and scored six times a month.</p>
  <h2>Annex 9: supporting detail</h2><p>Attrition is held under thirty percent a year.</p>
  <h2>Annex 16: supporting detail</h2><p>Sites hold ISO 27001 certificates.</p>
</body></html>
"""


def test_numbered_headings_that_start_each_page_are_kept(tmp_path: Path) -> None:
    """A heading repeated at page tops with its number rising faster than the pages is the
    vendor's text; the footer numbered with the pages is still furniture."""
    document = read(html_to_pdf(ANNEXES, tmp_path / "proposal.pdf"))

    headings = [b.text for p in document.pages for b in p.blocks if b.is_heading]
    assert headings[1:] == [f"Annex {n}: supporting detail" for n in (1, 4, 9, 16)]
    assert "Acme BPO proposal" not in document.text


def _pages(*tops: str, bottom: str = "") -> list[list[Block]]:
    """Pages of one answer each, under ``tops[i]`` and over ``bottom`` (a {page} is filled)."""
    answers = itertools.cycle(["Agents are coached weekly.", "Calls are scored.", "We audit."])
    return [
        [Block(top), Block(next(answers))] + ([Block(bottom.format(page=n))] if bottom else [])
        for n, top in enumerate(tops, start=1)
    ]


ANNEX_TOPS = ["Annex 1: detail", "Annex 3: detail", "Annex 8: detail", "Annex 9: detail"]


@pytest.mark.parametrize(
    ("tops", "kept_tops"),
    [
        (ANNEX_TOPS, ANNEX_TOPS),  # rising faster than the pages: headings
        (["Acme BPO, RFP 2026-014"] * 4, []),  # the same number on every page
        (["Section 1, page 1", "Section 1, page 2", "Section 2, page 1", "Section 2, page 2"], []),
        (["Page 1", "Page 2", "Contents", "Page 4", "Page 5"], ["Contents"]),  # a page without
        (["Annex 1: detail", "Annex 2: detail", "Annex 3: detail", "Annex 4: detail"], []),
    ],
)
def test_a_text_at_page_tops_is_furniture_when_its_numbers_follow_the_pages(
    tops: list[str], kept_tops: list[str]
) -> None:
    """The last case is a heading numbered exactly as the pages are: it cannot be told from a
    page number, and goes, as the docstring says."""
    kept = pdf_reader._drop_running_lines(_pages(*tops))

    assert [b.text for page in kept for b in page if b.text in tops] == kept_tops
    assert [len(page) for page in kept] == [2 if top in kept_tops else 1 for top in tops]


def test_two_numbered_headings_on_one_page_are_not_furniture() -> None:
    """Numbered as the pages are, but a page holds two of them: headings, kept."""
    pages = _pages("Annex 1: detail", "Annex 2: detail", "Annex 3: detail", "Annex 4: detail")
    pages[2].append(Block("Annex 4: detail"))

    kept = pdf_reader._drop_running_lines(pages)

    assert [len(page) for page in kept] == [2, 2, 3, 2]


def test_a_footer_numbered_with_the_pages_is_dropped_under_numbered_headings() -> None:
    pages = _pages("Annex 1: detail", "Annex 5: detail", "Annex 6: detail", bottom="{page} | Acme")

    kept = pdf_reader._drop_running_lines(pages)

    assert [len(page) for page in kept] == [2, 2, 2]
    assert not any("| Acme" in b.text for page in kept for b in page)


WORD_LIKE = """
<style>
  body { font: 11pt "DejaVu Sans" }
  p { margin: 0 0 8pt 0; line-height: 1.08 }
  h2 { font-size: 13pt; margin: 12pt 0 0 0 }
  .bullet { margin-left: 18pt; text-indent: -18pt }
  .tight p { margin: 0 }
</style>
<p>Contents</p>
<p>SEC-01 Quality assurance ........................................ 2</p>
<h2>SEC-01 Quality assurance programme</h2>
<p>Our agents follow a structured coaching plan with weekly calibration sessions and targeted
feedback on every channel we operate for the client across all of our delivery sites.</p>
<p class="bullet">&bull;&nbsp;&nbsp;&nbsp;Evaluations: six per agent per month on every channel we
operate, voice and chat alike, reviewed by a calibrated analyst.</p>
<p class="bullet">&bull;&nbsp;&nbsp;&nbsp;Fatal errors tracked separately.</p>
<p><b>Calibration</b></p>
<div class="tight">
  <p>Analysts calibrate weekly with the client.</p>
  <p>Variance above five points triggers a second review of the form by the quality lead.</p>
</div>
"""


def test_pdf_layout_cues_find_bullets_bold_headings_and_unspaced_paragraphs(
    tmp_path: Path,
) -> None:
    blocks = read(html_to_pdf(WORD_LIKE, tmp_path / "word.pdf")).blocks

    assert [(b.text, b.is_heading, b.level) for b in blocks] == [
        ("Contents", False, 0),
        ("SEC-01 Quality assurance programme", True, 1),
        (
            "Our agents follow a structured coaching plan with weekly calibration sessions and "
            "targeted feedback on every channel we operate for the client across all of our "
            "delivery sites.",
            False,
            0,
        ),
        (
            "Evaluations: six per agent per month on every channel we operate, voice and chat "
            "alike, reviewed by a calibrated analyst.",
            False,
            0,
        ),
        ("Fatal errors tracked separately.", False, 0),
        ("Calibration", True, 2),
        ("Analysts calibrate weekly with the client.", False, 0),
        (
            "Variance above five points triggers a second review of the form by the quality lead.",
            False,
            0,
        ),
    ]
    assert blocks[3].group == blocks[4].group is not None


def test_encrypted_pdf_is_reported_as_password_protected(tmp_path: Path) -> None:
    data = minimal_pdf("Confidential pricing for all sites", user_password="secret")
    path = tmp_path / "locked.pdf"
    path.write_bytes(data)
    # The fixture is a real encrypted PDF: the right password opens it.
    with pdfium.PdfDocument(data, password="secret") as pdf:
        assert "Confidential pricing" in pdf[0].get_textpage().get_text_range()

    with pytest.raises(ProposalReadError) as caught:
        read(path)

    assert caught.value.file == str(path)
    assert caught.value.reason == "the PDF is encrypted (password protected)"


def test_owner_password_only_pdf_is_read(tmp_path: Path) -> None:
    path = tmp_path / "owner-only.pdf"
    path.write_bytes(minimal_pdf("Confidential pricing for all sites", user_password=""))

    assert read(path).text == "Confidential pricing for all sites"


@pytest.mark.parametrize("damage", ["random", "truncated"])
def test_corrupt_pdf_is_reported(tmp_path: Path, damage: str) -> None:
    if damage == "random":
        data = random.Random(7).randbytes(4096)
    else:
        good = html_to_pdf(THREE_PAGES, tmp_path / "good.pdf").read_bytes()
        data = good[: len(good) // 2]
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)

    with pytest.raises(ProposalReadError) as caught:
        read(path)

    assert caught.value.reason == "the PDF is corrupt or not a PDF (PDFium: data format error)"


def test_image_only_pdf_is_reported_as_scanned(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf")
    with pdfium.PdfDocument(path) as pdf:
        assert len(pdf) == 2  # a valid PDF: only its lack of text is wrong

    with pytest.raises(ProposalReadError) as caught:
        read(path)

    assert caught.value.reason == (
        "the PDF has no extractable text: it looks like a scanned image; OCR is not supported"
    )


def test_a_bold_response_label_is_not_a_heading(tmp_path: Path) -> None:
    # Word's export of the response template: the question's heading, then a bold
    # "Response:" line on its own, then the answer. The label must not become the section.
    from rfp.score.passages import split_all

    body = "We answer 85% of calls within 15 seconds, measured in every interval. " * 3
    html = (
        "<html><body style='font-size:11pt'>"
        "<h2 style='font-size:15pt'>SLA-01 Speed of answer and abandonment</h2>"
        f"<p><b>Response:</b></p><p>{body}</p>"
        "</body></html>"
    )
    document = read(html_to_pdf(html, tmp_path / "answer.pdf"))
    headings = [b.text for page in document.pages for b in page.blocks if b.is_heading]
    assert headings == ["SLA-01 Speed of answer and abandonment"]
    (passage,) = split_all([document], "V", ["SLA-01"])
    assert passage.question_id == "SLA-01"
    assert passage.section == "SLA-01 Speed of answer and abandonment"


# The fast reader against the per-character one ------------------------------------------
#
# Before it read a page's text in one call, the reader made one PDFium call per character
# and three per sample character. That reader, kept here as the oracle, must give the same
# Documents as the fast one: same blocks, headings, levels, lists and page numbers.


def _reference_lines(textpage: Any, *, in_order: bool = False) -> list[pdf_reader._Line]:
    import pypdfium2.raw as pdfium_c

    del in_order  # the reference asks for every sample's own font, in any order

    count = pdfium_c.FPDFText_CountChars(textpage)
    codes = [pdfium_c.FPDFText_GetUnicode(textpage, i) for i in range(count)]
    lines: list[pdf_reader._Line] = []
    start = 0
    for end in [*(i for i, code in enumerate(codes) if code == 0x0A), count]:
        line = _reference_line(textpage, codes, start, end)
        if line is not None:
            if lines and pdf_reader._same_visual_line(lines[-1], line):
                line = pdf_reader._merge_lines(lines[-1], line)
                lines.pop()
            lines.append(line)
        start = end + 1
    return lines


def _reference_line(textpage: Any, codes: list[int], start: int, end: int) -> Any:
    import pypdfium2.raw as pdfium_c

    chars: list[str] = []
    visible: list[int] = []
    for index in range(start, end):
        code = codes[index]
        if code in (0x02, 0xFFFE):
            chars.append("\u00ad")
        elif code in (0, 0x0D, 0xFFFF):
            continue
        else:
            chars.append(chr(code) if code >= 0x20 else " ")
            if not chr(code).isspace():
                visible.append(index)
    if not visible:
        return None
    text = "".join(chars).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    text = SPACES.sub(" ", text.translate(LIGATURES)).strip()
    step = max(1, len(visible) // 12)
    samples = visible[::step]
    sizes = Counter(round(pdfium_c.FPDFText_GetFontSize(textpage, i) * 2) / 2 for i in samples)
    size = max(sizes.items(), key=lambda item: (item[1], item[0]))[0]
    bold_votes = sum(pdf_reader._is_bold(textpage, i) for i in samples)
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage, visible[0], ctypes.byref(x), ctypes.byref(y))
    box = [ctypes.c_double() for _ in range(4)]
    pdfium_c.FPDFText_GetCharBox(textpage, visible[-1], *(ctypes.byref(v) for v in box))
    right = box[1].value
    return pdf_reader._Line(
        text=text,
        size=max(size, 1.0),
        bold=bold_votes * 2 > len(samples),
        x0=x.value,
        x1=max(right, x.value),
        y=y.value,
        visible=len(visible),
    )


RICH = """
<html><head><style>
  @page { size: A5; margin: 1.5cm;
          @top-center { content: "Acme BPO - Confidential" }
          @bottom-center { content: "Page " counter(page) " of " counter(pages) } }
  body { font-size: 10pt }
  .cols { column-count: 2 }
  .next { page-break-before: always }
</style></head><body>
  <h1>Proposal for Contoso</h1>
  <h2>SEC-01 Information security</h2>
  <p><b>Response:</b></p>
  <p>We hold ISO 27001 certification; the office's efficient staff file affidavits. Our
     <b>bold claim</b> sits inside a sentence, and so does <i>an italic one</i>.</p>
  <ul><li>First bullet about 24/7 coverage</li><li>Second bullet: 85% in 15 s</li></ul>
  <ol><li>Numbered step one</li><li>Numbered step two</li></ol>
  <h3>Sub-section with a table</h3>
  <table><tr><th>Metric</th><th>Target</th></tr><tr><td>AHT</td><td>240 s</td></tr></table>
  <section class="next cols">
    <p>Two columns of text to read in order. \U0001d400 maths, \U0001f600 emoji, Arabic
       \u0645\u0631\u062d\u0628\u0627 and Hebrew \u05e9\u05dc\u05d5\u05dd in one line.</p>
    <p>Second column paragraph with workforce planning, attrition and training.</p>
  </section>
  <section class="next"><h2>WFM-02 Workforce</h2><p>Page three text.</p></section>
  <section class="next"><p>Page four closes with governance.</p></section>
</body></html>
"""


def _seeded_html(seed: int) -> str:
    rng = random.Random(seed)
    words = [
        "agent",
        "queue",
        "service",
        "level",
        "forecast",
        "roster",
        "quality",
        "audit",
        "escalation",
    ]
    parts = []
    for section in range(12):
        level = rng.choice((2, 3))
        parts.append(f"<h{level}>Q-{section:02d} {rng.choice(words).title()}</h{level}>")
        for _ in range(rng.randint(1, 4)):
            sentence = " ".join(rng.choice(words) for _ in range(rng.randint(5, 80)))
            bold = "<b>Evidence expected:</b> " if rng.random() < 0.3 else ""
            parts.append(f"<p>{bold}{sentence.capitalize()}.</p>")
    size = rng.choice((9, 10, 11))
    return f"<html><body style='font-size:{size}pt'>{''.join(parts)}</body></html>"


def _pdf_of(content: bytes, *, catalog: bytes = b"", to_unicode: bytes = b"") -> bytes:
    """A one-page PDF drawing ``content`` with /F1 Helvetica and /F2 Helvetica-Bold, the
    catalog's extra entries ``catalog`` (object 8 is the name /R2L, for references to it)
    and, when given, one /ToUnicode CMap for both fonts."""
    unicode_entry = b"/ToUnicode 7 0 R " if to_unicode else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200]"
        b" /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica %s>>" % unicode_entry,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold %s>>" % unicode_entry,
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(to_unicode), to_unicode),
        b"/R2L",
    ]
    return pdf_of_objects(objects)


# Two text objects on one line, regular then bold, and a second line.
TWO_OBJECTS = (
    b"BT /F1 12 Tf 20 100 Td (Response times are) Tj ET"
    b" BT /F2 12 Tf 121 100 Td (fast and measured) Tj ET"
    b" BT /F1 12 Tf 20 80 Td (Second line of text here) Tj ET"
)
R2L = b"/ViewerPreferences << /Direction /R2L >> "
# Codes A-D stand for the Hebrew letters alef to dalet; "AB" ends one object and "CD" starts
# the next with no gap, so one right-to-left run spans both objects.
HEBREW_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /H def
1 begincodespacerange <00> <FF> endcodespacerange
2 beginbfrange <20> <40> <0020> <45> <7E> <0045> endbfrange
4 beginbfchar <41> <05D0> <42> <05D1> <43> <05D2> <44> <05D3> endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end"""
HEBREW_ACROSS_OBJECTS = (
    b"BT /F1 12 Tf 20 100 Td (Latin words AB) Tj /F2 12 Tf (CD more words) Tj ET"
    b" BT /F1 12 Tf 20 80 Td (Second line of text here) Tj ET"
)


GENERATED_PDFS: dict[str, Any] = {
    "three-pages": lambda tmp: html_to_pdf(THREE_PAGES, tmp / "a.pdf").read_bytes(),
    "rich": lambda tmp: html_to_pdf(RICH, tmp / "a.pdf").read_bytes(),
    "seeded-1": lambda tmp: html_to_pdf(_seeded_html(1), tmp / "a.pdf").read_bytes(),
    "seeded-2": lambda tmp: html_to_pdf(_seeded_html(2), tmp / "a.pdf").read_bytes(),
    "control-characters": lambda _: minimal_pdf("Response time\x02 is fast\x03 and ISO 27001 ok"),
    "two-objects": lambda _: _pdf_of(TWO_OBJECTS),
    "right-to-left-document": lambda _: _pdf_of(TWO_OBJECTS, catalog=R2L),
    "hebrew-across-objects": lambda _: _pdf_of(HEBREW_ACROSS_OBJECTS, to_unicode=HEBREW_CMAP),
}


@pytest.mark.parametrize("name", sorted(GENERATED_PDFS))
def test_the_fast_reader_gives_the_documents_of_the_per_character_reader(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = GENERATED_PDFS[name](tmp_path)

    fast = pdf_reader.read_pdf(f"{name}.pdf", data)
    monkeypatch.setattr(pdf_reader, "_pdf_lines", _reference_lines)
    reference = pdf_reader.read_pdf(f"{name}.pdf", data)

    assert fast == reference
    assert sum(len(block.text) for page in fast for block in page.blocks) > 20


def test_a_page_whose_text_view_drops_characters_is_read_one_character_at_a_time() -> None:
    # PDFium's one-call text leaves out control characters, so it no longer lines up with
    # the character positions; the reader must notice and fall back.
    data = minimal_pdf("Response time\x02 is fast\x03 and ISO 27001 ok")
    with pdfium.PdfDocument(data) as pdf:
        textpage = pdf[0].get_textpage()
        count = textpage.count_chars()
        assert len(textpage.get_text_range()) < count
        chars = pdf_reader._page_chars(textpage.raw, count)

    assert len(chars) == count
    assert chars.startswith("Response time\x02 is fast\x03 and")


def _object_runs(data: bytes) -> tuple[str, list[int]]:
    """Page 1's characters, and the text object of each, numbered in order of appearance
    (0 for none)."""
    import pypdfium2.raw as pdfium_c

    with pdfium.PdfDocument(data) as pdf:
        textpage = pdf[0].get_textpage()
        count = textpage.count_chars()
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(count))
        numbers: dict[int, int] = {}
        objects = []
        for index in range(count):
            handle = ctypes.cast(
                pdfium_c.FPDFText_GetTextObject(textpage.raw, index), ctypes.c_void_p
            ).value
            objects.append(numbers.setdefault(handle, len(numbers) + 1) if handle else 0)
    return text, objects


def _halving_answers(data: bytes, samples: list[int]) -> tuple[list[int], list[int]]:
    """The text objects of page 1's ``samples`` found by halving, and asked one by one."""
    with pdfium.PdfDocument(data) as pdf:
        textpage = pdf[0].get_textpage()
        halving = pdf_reader._Typography(textpage.raw, contiguous=True)._handles(samples)
        each = pdf_reader._Typography(textpage.raw, contiguous=False)._handles(samples)
    return halving, each


def _split_objects(objects: list[int]) -> set[int]:
    """The objects whose characters are not in one run."""
    runs = [number for number, _ in itertools.groupby(objects) if number]
    return {number for number, count in Counter(runs).items() if count > 1}


@pytest.mark.parametrize(
    "catalog",
    [
        R2L,
        b"/ViewerPreferences << /Direction (R2L) >> ",  # a string: PDFium takes it too
        b"/ViewerPreferences << /Direction 8 0 R >> ",  # a reference, followed
    ],
)
def test_a_document_laid_out_right_to_left_is_not_read_by_halving(catalog: bytes) -> None:
    data = _pdf_of(TWO_OBJECTS, catalog=catalog)
    text, objects = _object_runs(data)

    assert text.startswith("measured and arefast times Response")  # runs reversed
    assert _split_objects(objects) == {1, 2}  # both objects of the line lie in two runs
    assert not pdf_reader._objects_in_reading_order(data)
    assert pdf_reader._objects_in_reading_order(_pdf_of(TWO_OBJECTS))
    assert not pdf_reader._objects_in_reading_order(b"%PDF-1.4 nothing else")  # unsure: no
    # "measured" and "fast" are the bold object, "are" between them is not: halving, which
    # takes the two ends' object for all between, would be wrong here.
    halving, each = _halving_answers(data, [0, text.index("are"), text.index("fast")])
    assert each[0] == each[2] != each[1]
    assert halving != each


def test_a_page_with_right_to_left_letters_is_not_read_by_halving() -> None:
    data = _pdf_of(HEBREW_ACROSS_OBJECTS, to_unicode=HEBREW_CMAP)
    text, objects = _object_runs(data)

    assert text.startswith("Latin words \u05d3\u05d2\u05d1\u05d0 more")  # DC of 2, BA of 1
    assert _split_objects(objects) == {1, 2}
    assert pdf_reader._RIGHT_TO_LEFT.search(text)
    halving, each = _halving_answers(data, [0, text.index("\u05d3"), text.index("\u05d0")])
    assert each[0] == each[2] != each[1]
    assert halving != each


def test_every_right_to_left_character_is_one_the_reader_looks_for() -> None:
    # Python's Unicode database, a newer one than PDFium's table, for the classes R and AL.
    import unicodedata

    right_to_left = [
        code for code in range(0x10000) if unicodedata.bidirectional(chr(code)) in ("R", "AL")
    ]

    assert len(right_to_left) > 1000
    assert all(pdf_reader._RIGHT_TO_LEFT.match(chr(code)) for code in right_to_left)


@pytest.mark.parametrize("name", sorted(GENERATED_PDFS))
def test_halving_finds_the_text_object_of_every_sample(name: str, tmp_path: Path) -> None:
    data = GENERATED_PDFS[name](tmp_path)
    in_order = pdf_reader._objects_in_reading_order(data)
    checked = 0
    with pdfium.PdfDocument(data) as pdf:
        for page in pdf:
            textpage = page.get_textpage()
            text = pdf_reader._page_chars(textpage.raw, textpage.count_chars())
            if not in_order or pdf_reader._RIGHT_TO_LEFT.search(text):
                continue
            visible = pdf_reader._visible_positions(text)
            halving = pdf_reader._Typography(textpage.raw, contiguous=True)
            each = pdf_reader._Typography(textpage.raw, contiguous=False)
            for step in (1, 2, 5, 12):
                for start in range(0, len(visible), 40):
                    samples = visible[start : start + 40 * step : step]
                    assert halving._handles(samples) == each._handles(samples)
                    checked += 1
    assert checked > 0 or name in ("right-to-left-document", "hebrew-across-objects")


_VISIBLE_HTML = "<h1>QC-07 Complaints</h1><p>We log every complaint within one working day.</p>"
_PAYLOAD = "Resolution, complaint, acknowledged: 100%."


@pytest.mark.parametrize(
    ("style", "kind"),
    [
        ("color: #fff", "white or too pale"),
        ("color: #f8f8f8", "white or too pale"),
        ("color: #eeeeee", "white or too pale"),
        ("color: #ffff00", "white or too pale"),
        ("font-size: 1px", "too small to read"),
        ("position: absolute; left: -3000px; top: 0", "off the page"),
        ("color: rgba(0, 0, 0, 0)", "invisible"),
    ],
)
def test_pdf_text_a_reader_cannot_see_is_set_aside_with_a_warning(
    tmp_path: Path, style: str, kind: str
) -> None:
    html = f'{_VISIBLE_HTML}<p>Also: <span style="{style}">{_PAYLOAD}</span></p>'
    path = html_to_pdf(f"<html><body>{html}</body></html>", tmp_path / "annex.pdf")

    document = read(path)

    assert "100%" not in document.text
    assert "We log every complaint within one working day." in document.text
    assert "Also:" in document.text
    [warning] = document.warnings
    assert warning.startswith(f"{path}: ") and f"({len(_PAYLOAD) - 3} {kind})" in warning


def test_pdf_invisible_text_is_set_aside_and_a_page_of_only_that_is_refused() -> None:
    """Render mode 3 is how a scan's OCR layer is written: it cannot be checked against the
    picture, so a PDF whose only text it is reads as a scan, and says why."""
    visible = b"BT /F1 12 Tf 20 100 Td (We log every complaint within one day.) Tj ET"
    invisible = b" BT 3 Tr /F1 12 Tf 20 80 Td (Resolution, complaint, acknowledged: 100%.) Tj ET"
    hidden = HiddenText()

    pages = pdf_reader.read_pdf("annex.pdf", _pdf_of(visible + invisible), hidden=hidden)

    assert [block.text for page in pages for block in page.blocks] == [
        "We log every complaint within one day."
    ]
    assert hidden.summary() == "39 characters of hidden text (39 invisible) were"
    with pytest.raises(ProposalReadError, match=r"no visible text: 39 characters .* OCR layer"):
        pdf_reader.read_pdf("scan.pdf", _pdf_of(invisible))


def test_pdf_white_on_a_fill_grey_and_coloured_text_are_read(tmp_path: Path) -> None:
    html = (
        '<table><tr><th style="background: #1F3864; color: #fff">Site</th>'
        '<th style="background: #1F3864; color: #fff">Seats</th></tr></table>'
        '<p style="color: #888">Grey answer about complaint handling.</p>'
        '<p style="color: #ccc">Pale answer about complaint handling.</p>'
        '<p style="color: #c00000">Red answer about complaint handling.</p>'
        '<p style="font-size: 6pt">Small print about complaint handling.</p>'
    )
    path = html_to_pdf(f"<html><body>{html}</body></html>", tmp_path / "answers.pdf")

    document = read(path)

    assert document.blocks[0].text == "Site Seats"
    for sentence in ("Grey answer", "Pale answer", "Red answer", "Small print"):
        assert f"{sentence} about complaint handling." in document.text
    assert document.warnings == ()


@pytest.mark.parametrize("name", sorted(GENERATED_PDFS))
def test_ordinary_pdfs_have_no_hidden_text(name: str, tmp_path: Path) -> None:
    hidden = HiddenText()

    pdf_reader.read_pdf(f"{name}.pdf", GENERATED_PDFS[name](tmp_path), hidden=hidden)

    assert hidden.summary() == ""


def test_pdf_text_painted_over_by_an_opaque_shape_is_set_aside() -> None:
    """A viewer paints a shape drawn after text over it: the text under it is not seen."""
    text = b"BT /F1 12 Tf 20 100 Td (We log every complaint within one day.) Tj ET"
    payload = b" BT /F1 12 Tf 20 60 Td (Resolution, complaint, acknowledged: 100%.) Tj ET"
    cover = b" 1 1 1 rg 10 50 380 30 re f"  # white, over the second line only
    hidden = HiddenText()

    pages = pdf_reader.read_pdf("annex.pdf", _pdf_of(text + payload + cover), hidden=hidden)

    assert [block.text for page in pages for block in page.blocks] == [
        "We log every complaint within one day."
    ]
    assert hidden.summary() == "39 characters of hidden text (39 covered by a shape) were"


@pytest.mark.parametrize(
    "shape",
    [
        b"0.2 0.4 0.8 rg 10 50 380 30 re f 0 g ",  # shading drawn first, under the text
        b"",
    ],
)
def test_pdf_text_on_a_shape_drawn_before_it_or_beside_it_is_read(shape: bytes) -> None:
    payload = b"BT /F1 12 Tf 20 60 Td (Resolution, complaint, acknowledged: 100%.) Tj ET"
    beside = b" 0 0 0 rg 10 120 380 30 re f"  # after the text, but elsewhere on the page
    hidden = HiddenText()

    pages = pdf_reader.read_pdf("annex.pdf", _pdf_of(shape + payload + beside), hidden=hidden)

    assert [block.text for page in pages for block in page.blocks] == [
        "Resolution, complaint, acknowledged: 100%."
    ]
    assert hidden.summary() == ""


def test_pdf_text_under_a_box_placed_over_it_in_html_is_set_aside(tmp_path: Path) -> None:
    html = (
        f"<p>{_PAYLOAD}</p>"
        '<div style="position: absolute; top: 0; left: 0; width: 100%; height: 100%;'
        ' background: #1F3864"></div>'
        f'<div style="break-before: page">{_VISIBLE_HTML}</div>'
    )
    path = html_to_pdf(f"<html><body>{html}</body></html>", tmp_path / "annex.pdf")

    document = read(path)

    assert "100%" not in document.text
    assert "We log every complaint within one working day." in document.text
    [warning] = document.warnings
    assert f"({len(_PAYLOAD) - 3} covered by a shape)" in warning


@pytest.mark.parametrize(
    "box", ["height: 0; overflow: hidden", "width: 2px; height: 2px; overflow: hidden"]
)
def test_pdf_text_clipped_out_of_sight_is_set_aside(tmp_path: Path, box: str) -> None:
    html = f'{_VISIBLE_HTML}<div style="{box}"><p>{_PAYLOAD}</p></div>'
    path = html_to_pdf(f"<html><body>{html}</body></html>", tmp_path / "annex.pdf")

    document = read(path)

    assert "100%" not in document.text
    assert "We log every complaint within one working day." in document.text
    [warning] = document.warnings
    assert f"({len(_PAYLOAD) - 3} clipped out of sight)" in warning


def test_pdf_text_a_box_trims_is_read_where_it_shows(tmp_path: Path) -> None:
    """A cell that trims its overflow shows its first line whole: that line is read; the
    line it cuts off entirely is not seen, and is set aside."""
    html = (
        '<div style="width: 20em; height: 1.3em; overflow: hidden; line-height: 1.2em">'
        "Shown line about complaint handling.<br>Cut-off line.</div>"
    )
    path = html_to_pdf(f"<html><body>{html}</body></html>", tmp_path / "cell.pdf")

    document = read(path)

    assert document.text == "Shown line about complaint handling."
    assert "(12 clipped out of sight)" in document.warnings[0]


def test_pdf_outline_around_text_and_a_sliver_of_a_clip(tmp_path: Path) -> None:
    """An outline is a frame with a hole, not a shape over the text: the text is read. A
    clip that leaves 3 points of a long line shows a letter or two: the line is set aside."""
    html = (
        f'{_VISIBLE_HTML}<p><a style="outline: 2px solid #000">Outlined answer.</a></p>'
        '<div style="width: 3pt; height: 2em; overflow: hidden; white-space: nowrap">'
        f"<p>{_PAYLOAD}</p></div>"
    )
    path = html_to_pdf(f"<html><body>{html}</body></html>", tmp_path / "annex.pdf")

    document = read(path)

    assert "Outlined answer." in document.text
    assert "100%" not in document.text
    [warning] = document.warnings
    assert f"({len(_PAYLOAD) - 3} clipped out of sight)" in warning


def test_pdf_page_too_costly_to_check_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from rfp.score.ingest import pdf_hidden

    monkeypatch.setattr(pdf_hidden, "PAGE_WORK", 1)
    text = b"BT /F1 12 Tf 20 100 Td (We log every complaint within one day.) Tj ET"
    payload = b" BT /F1 12 Tf 20 60 Td (Resolution, complaint, acknowledged: 100%.) Tj ET"
    shapes = b" 1 1 1 rg 300 150 10 10 re f 1 1 1 rg 10 50 380 30 re f"
    hidden = HiddenText()

    pages = pdf_reader.read_pdf("annex.pdf", _pdf_of(text + payload + shapes), hidden=hidden)

    assert "100%" in " ".join(block.text for page in pages for block in page.blocks)
    assert hidden.unchecked_warning("annex.pdf") == (
        "annex.pdf: may hide text where rfp cannot check (page 1's shapes and clipping paths, "
        "too many to check); that text was read and scored: check what a reader of the file sees"
    )
