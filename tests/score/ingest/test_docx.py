"""Tests for rfp.score.ingest.docx: body order, headings, tables, and corrupt or locked files."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest

from rfp.errors import ProposalReadError
from rfp.score.ingest import docx as docx_reader
from rfp.score.ingest.folder import read
from tests.factories import (
    broken_docx_xml,
    write_docx,
)


def test_docx_keeps_body_order_headings_and_table_rows(tmp_path: Path) -> None:
    document = read(write_docx(tmp_path / "answers.docx"))

    assert document.kind == "docx"
    assert [page.number for page in document.pages] == [None]
    blocks = document.blocks
    assert [(b.text, b.is_heading, b.level) for b in blocks] == [
        ("Proposal for Contoso", True, 0),
        ("SEC-01 Information security", True, 1),
        ("We hold ISO 27001 certification.", False, 0),
        ("Certificates", True, 2),
        ("Site | Certificate | Expiry", False, 0),
        ("Manila | ISO 27001 | 2027", False, 0),
        ("Cebu", False, 0),
        ("Both sites are audited yearly.", False, 0),
        ("First listed control", False, 0),
        ("Second listed control", False, 0),
    ]
    rows, items = blocks[4:7], blocks[8:10]
    assert rows[0].group is not None and {row.group for row in rows} == {rows[0].group}
    assert items[0].group is not None and items[0].group == items[1].group != rows[0].group
    assert blocks[7].group is None


def test_docx_merged_cells_appear_once_and_deleted_text_is_ignored(tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    table = document.add_table(rows=1, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 1))
    merged.text = "Spans two columns"
    table.cell(0, 2).text = "Third"
    paragraph = document.add_paragraph("Kept ")
    deleted = parse_xml(
        f"<w:del {nsdecls('w')} w:id='1' w:author='x'><w:r><w:delText>removed</w:delText></w:r>"
        "</w:del>"
    )
    paragraph._p.append(deleted)
    paragraph.add_run("text")
    document.save(str(tmp_path / "merged.docx"))

    texts = [block.text for block in read(tmp_path / "merged.docx").blocks]

    assert texts == ["Spans two columns | Third", "Kept text"]


def test_docx_table_of_contents_is_skipped(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    toc = document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("SEC-01 Information security\t3", style=toc)
    document.add_heading("SEC-01 Information security", level=1)
    document.add_paragraph("We hold ISO 27001 certification.")
    document.save(str(tmp_path / "toc.docx"))

    texts = [block.text for block in read(tmp_path / "toc.docx").blocks]

    assert texts == ["SEC-01 Information security", "We hold ISO 27001 certification."]


def test_corrupt_and_encrypted_docx_are_reported(tmp_path: Path) -> None:
    not_zip = tmp_path / "not-zip.docx"
    not_zip.write_bytes(b"this is not a zip archive at all")
    other_zip = tmp_path / "other.docx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "a zip, but not a Word document")
    encrypted = tmp_path / "locked.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))

    reasons = []
    for path in (not_zip, other_zip, broken_docx_xml(tmp_path / "broken.docx"), encrypted):
        with pytest.raises(ProposalReadError) as caught:
            read(path)
        reasons.append(caught.value.reason)

    assert all(r.startswith("the DOCX is corrupt or not a Word document (") for r in reasons[:3])
    assert reasons[3].startswith("the DOCX is encrypted (password protected)")


# The style chain read once per style id against the XPath reader ---------------------------
#
# Before it resolved each paragraph style's chain once per document, the reader walked the
# chain with XPath for every paragraph. That reader, kept here as the oracle, must give the
# same heading level and kind for every paragraph, whatever the styles do.


def _reference_style(document: Any, paragraph: Any) -> tuple[int | None, str]:
    from docx.enum.style import WD_STYLE_TYPE

    outline = paragraph.xpath("./w:pPr/w:outlineLvl/@w:val")
    is_list = bool(paragraph.xpath("./w:pPr/w:numPr"))
    style_ids = paragraph.xpath("./w:pPr/w:pStyle/@w:val")
    style = None
    if style_ids:
        try:
            style = document.styles.get_by_id(str(style_ids[0]), WD_STYLE_TYPE.PARAGRAPH)
        except (KeyError, ValueError):
            style = None
    for _ in range(10):
        if style is None:
            break
        name = (style.name or "").strip().casefold()
        if name == "title":
            return 0, ""
        match = re.fullmatch(r"heading\s*(\d)", name)
        if match:
            return int(match.group(1)), ""
        if re.fullmatch(r"toc\s*(?:\d|heading)", name):
            return None, "toc"
        is_list = is_list or name.startswith("list") or bool(style.element.xpath("./w:pPr/w:numPr"))
        if not outline:
            outline = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
        style = style.base_style
    if outline and str(outline[0]).isdigit() and int(str(outline[0])) < 9:
        return int(str(outline[0])) + 1, ""
    return None, "list" if is_list else ""


def _styled_document() -> Any:
    """Paragraphs in every kind of style chain: based on a heading, on a list, outline levels
    on the style and on the paragraph, numbering, a cycle, a missing or character style id."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    styles = document.styles

    def style(name: str, base: Any = None, ppr: str = "") -> Any:
        added = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base is not None:
            added.base_style = base
        if ppr:
            added.element.append(parse_xml(f"<w:pPr {nsdecls('w')}>{ppr}</w:pPr>"))
        return added

    answer = style("Answer heading", styles["Heading 2"])
    deeper = style("Deeper", answer)
    outlined = style("Outlined", ppr="<w:outlineLvl w:val='3'/>")
    under_outlined = style("Under outlined", outlined, "<w:outlineLvl w:val='x'/>")
    numbered = style("Numbered body", ppr="<w:numPr><w:numId w:val='1'/></w:numPr>")
    plain = style("Plain", numbered)
    listed = style("list of things")
    first, second = style("Loop one"), style("Loop two")
    first.base_style, second.base_style = second, first
    contents = styles["TOC Heading"]
    document.add_paragraph("Title", style="Title")
    for used in (
        answer,
        deeper,
        outlined,
        under_outlined,
        numbered,
        plain,
        listed,
        first,
        contents,
    ):
        document.add_paragraph(used.name, style=used)
    for ppr in (
        "<w:outlineLvl w:val='0'/>",
        "<w:outlineLvl w:val='9'/>",
        "<w:numPr><w:numId w:val='1'/></w:numPr>",
        "<w:pStyle w:val='NoSuchStyle'/>",
        "<w:pStyle w:val='DefaultParagraphFont'/>",
        "<w:pStyle w:val='Outlined'/><w:outlineLvl w:val='1'/>",
        "<w:pStyle w:val='Answerheading'/><w:numPr><w:numId w:val='1'/></w:numPr>",
    ):
        paragraph = document.add_paragraph(ppr)
        paragraph._p.insert(0, parse_xml(f"<w:pPr {nsdecls('w')}>{ppr}</w:pPr>"))
    paragraph = document.add_paragraph("two property elements")
    for ppr in ("<w:pStyle w:val='Plain'/>", "<w:outlineLvl w:val='4'/>"):
        paragraph._p.insert(0, parse_xml(f"<w:pPr {nsdecls('w')}>{ppr}</w:pPr>"))
    return document


def test_style_chains_read_once_give_the_xpath_readers_levels_and_kinds() -> None:
    document = _styled_document()
    chains = docx_reader._StyleChains(document)
    paragraphs = list(document.element.body.iterchildren(docx_reader._P))

    got = [docx_reader._docx_style(chains, p) for p in paragraphs]

    assert got == [_reference_style(document, p) for p in paragraphs]
    # The cases the document was built for, worked out from the rules in _docx_style's doc.
    assert got[:10] == [
        (0, ""),  # Title
        (2, ""),  # based on Heading 2
        (2, ""),  # based on a style based on Heading 2
        (4, ""),  # the style's outline level 3
        (None, ""),  # its own level "x" is not a digit, and the base style's 3 is not read
        (None, "list"),  # numbering on the style
        (None, "list"),  # numbering on the base style
        (None, "list"),  # a "list ..." name
        (None, ""),  # a cycle of two styles, bounded
        (None, "toc"),
    ]
    assert got[10:] == [
        (1, ""),
        (None, ""),  # level 9 is body text
        (None, "list"),
        (None, ""),  # an unknown id is the default paragraph style, Normal
        (None, ""),  # a character style's id is the default paragraph style too
        (2, ""),  # the paragraph's own level comes before its style's
        (2, ""),  # a heading style wins over numbering
        (5, ""),  # two w:pPr: the first pStyle, the first outline level
    ]


_PAYLOAD = "Resolution, complaint, acknowledged: 100%."


def _hiding_styles(document: Any) -> None:
    """A character style and a paragraph style (based on a hidden one) that hide text."""
    from docx.enum.style import WD_STYLE_TYPE

    hidden_char = document.styles.add_style("Quiet", WD_STYLE_TYPE.CHARACTER)
    hidden_char.font.hidden = True
    base = document.styles.add_style("Ghost base", WD_STYLE_TYPE.PARAGRAPH)
    base.font.hidden = True
    document.styles.add_style("Ghost", WD_STYLE_TYPE.PARAGRAPH).base_style = base


def _hide(document: Any, how: str) -> None:
    from docx.shared import Pt, RGBColor

    paragraph = document.add_paragraph(style="Ghost" if how == "paragraph style" else None)
    if how == "visible first":
        paragraph.add_run("Also: ")
    run = paragraph.add_run(_PAYLOAD, style="Quiet" if how == "character style" else None)
    if how in ("vanish", "visible first"):
        run.font.hidden = True
    if how in ("white", "white and tiny"):
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    if how == "pale grey":
        run.font.color.rgb = RGBColor(0xEE, 0xEE, 0xEE)
    if how in ("tiny", "white and tiny"):
        run.font.size = Pt(1)


@pytest.mark.parametrize(
    ("how", "kind"),
    [
        ("vanish", "marked hidden"),
        ("visible first", "marked hidden"),
        ("character style", "marked hidden"),
        ("paragraph style", "marked hidden"),
        ("white", "white or too pale"),
        ("pale grey", "white or too pale"),
        ("tiny", "too small to read"),
        ("white and tiny", "too small to read"),
    ],
)
def test_docx_runs_a_reader_cannot_see_are_set_aside_with_a_warning(
    tmp_path: Path, how: str, kind: str
) -> None:
    document = docx.Document()
    _hiding_styles(document)
    document.add_heading("QC-07 Complaints", level=1)
    document.add_paragraph("We log every complaint.")
    _hide(document, how)
    path = tmp_path / "annex.docx"
    document.save(str(path))

    read_back = read(path)

    assert "100%" not in read_back.text
    assert "We log every complaint." in read_back.text
    assert ("Also:" in read_back.text) is (how == "visible first")
    [warning] = read_back.warnings
    assert warning.startswith(f"{path}: ") and f"({len(_PAYLOAD) - 3} {kind})" in warning


def test_docx_white_text_on_shading_grey_text_and_unhidden_runs_are_read(tmp_path: Path) -> None:
    """White on a shaded cell, paragraph or highlight is what a header row looks like; a run
    that turns its hidden style off is seen."""
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import RGBColor

    document = docx.Document()
    _hiding_styles(document)
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:fill="1F3864"/>'))
    cell.paragraphs[0].add_run("Site").font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    marked = document.add_paragraph().add_run("Marked answer.")
    marked.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    marked.font.highlight_color = WD_COLOR_INDEX.BLACK
    document.add_paragraph().add_run("Grey answer.").font.color.rgb = RGBColor(0x88, 0x88, 0x88)
    shown = document.add_paragraph().add_run("Shown answer.", style="Quiet")
    shown.font.hidden = False
    path = tmp_path / "answers.docx"
    document.save(str(path))

    read_back = read(path)

    assert [block.text for block in read_back.blocks] == [
        "Site",
        "Marked answer.",
        "Grey answer.",
        "Shown answer.",
    ]
    assert read_back.warnings == ()


def test_ordinary_docx_reads_with_no_warning(tmp_path: Path) -> None:
    assert read(write_docx(tmp_path / "answers.docx")).warnings == ()


def test_docx_text_box_saved_with_a_fallback_copy_is_read_once(tmp_path: Path) -> None:
    """Word saves a text box twice, for new readers (mc:Choice) and old ones (mc:Fallback)."""
    from docx.oxml import parse_xml

    box = (
        "<w:txbxContent {ns}><w:p><w:r><w:t>Boxed answer: 98% resolved.</w:t></w:r></w:p>"
        "</w:txbxContent>"
    )
    namespaces = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    )
    alternate = parse_xml(
        f'<w:r {namespaces}><mc:AlternateContent><mc:Choice Requires="wps">'
        f"{box.format(ns='')}</mc:Choice><mc:Fallback>{box.format(ns='')}</mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    document = docx.Document()
    paragraph = document.add_paragraph("Before the box. ")
    paragraph._p.append(alternate)
    path = tmp_path / "answers.docx"
    document.save(str(path))
    untouched = path.read_bytes()

    read_back = read(path)

    assert read_back.text == "Before the box. Boxed answer: 98% resolved."
    assert path.read_bytes() == untouched


def test_docx_choice_for_an_extension_word_does_not_know_is_not_read(tmp_path: Path) -> None:
    """Word shows the Fallback when it understands no Choice (ECMA-376 Part 3)."""
    from docx.oxml import parse_xml

    namespaces = (
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:w99="urn:example:made-up"'
    )
    alternate = parse_xml(
        f'<w:r {namespaces}><mc:AlternateContent><mc:Choice Requires="w99">'
        "<w:t>Resolution, complaint, acknowledged: 100%.</w:t></mc:Choice>"
        "<mc:Fallback><w:t>Shown answer.</w:t></mc:Fallback></mc:AlternateContent></w:r>"
    )
    document = docx.Document()
    document.add_paragraph()._p.append(alternate)
    path = tmp_path / "answers.docx"
    document.save(str(path))

    assert read(path).text == "Shown answer."


def test_docx_white_text_on_a_yellow_highlight_is_set_aside(tmp_path: Path) -> None:
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import RGBColor

    document = docx.Document()
    document.add_paragraph("We log every complaint.")
    run = document.add_paragraph().add_run(_PAYLOAD)
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    path = tmp_path / "annex.docx"
    document.save(str(path))

    read_back = read(path)

    assert read_back.text == "We log every complaint."
    assert f"({len(_PAYLOAD) - 3} white or too pale)" in read_back.warnings[0]
