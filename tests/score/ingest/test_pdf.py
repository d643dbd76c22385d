"""Tests for rfp.score.ingest.pdf: pages, headings, paragraphs and every broken PDF."""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from rfp.errors import ProposalReadError
from rfp.score.document import Block
from rfp.score.ingest.folder import read
from tests.factories import (
    html_to_pdf,
    minimal_pdf,
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
