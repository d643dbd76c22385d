"""The .ods reader: what a hostile OpenDocument workbook can claim, and rows kept from A1."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pytest

from rfp.errors import ProposalReadError
from rfp.score.ingest.kit import read_workbook
from rfp.score.ingest.sheetbook import (
    XlsxSheet,
    _bounded,
    claimed_cells,
    ods_content,
    open_xlsx,
)


def repeated_ods(rows: int, columns: int, *, value: bool = True) -> bytes:
    """One row written once and repeated ``rows`` times: a few hundred bytes of XML."""
    cell = (
        f'<table:table-cell table:number-columns-repeated="{columns}" '
        'office:value-type="string"><text:p>x</text:p></table:table-cell>'
        if value
        else f'<table:table-cell table:number-columns-repeated="{columns}"/>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Junk">'
        f'<table:table-row table:number-rows-repeated="{rows}">{cell}</table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_repeated_filled_rows_are_counted_and_empty_ones_are_not() -> None:
    assert claimed_cells(ods_content(repeated_ods(1_000_000, 30))) == 30_000_000
    assert (
        claimed_cells(ods_content(repeated_ods(1_048_553, 1024, value=False))) == 0
    )  # LibreOffice's tail
    assert claimed_cells(ods_content(b"not a zip")) == 0


def test_an_ods_claiming_millions_of_cells_is_refused_before_it_is_expanded(
    tmp_path: Path,
) -> None:
    """Review finding: a 783-byte .ods of repeated rows took 4 GB and 9 s to open."""
    path = tmp_path / "response-workbook.ods"
    path.write_bytes(repeated_ods(1_000_000, 30))
    assert path.stat().st_size < 2000
    with pytest.raises(ProposalReadError) as caught:
        read_workbook(path, "ACME-1")
    assert "claims 30,000,000 filled cells" in str(caught.value)
    assert "limits.workbook_rows" in str(caught.value)


@dataclass
class _FakeSheet:
    """calamine's sheet: rows start at the used range's first cell."""

    start: tuple[int, int]
    rows: list[list[Any]]

    @property
    def height(self) -> int:
        return len(self.rows)

    @property
    def width(self) -> int:
        return max(len(r) for r in self.rows)

    def iter_rows(self) -> Any:
        return iter(self.rows)


def test_rows_are_kept_from_a1_and_cut_to_the_limits() -> None:
    sheet = _FakeSheet((1, 2), [["a", "b"], ["c", "d"], ["e", "f"]])  # used range C2:D4
    kept = _bounded(sheet, rows=3, columns=3)
    assert list(kept.iter_rows()) == [(), (None, None, "a"), (None, None, "c")]
    assert (kept.max_row, kept.max_column) == (4, 4)  # what the file claims, for the warning


# .xlsx read by calamine where it reads every cell as openpyxl does ---------------------------


def _xlsx(cells: dict[str, Any], formats: dict[str, str] | None = None) -> bytes:
    """A one-sheet workbook written by openpyxl: ``cells`` by place, ``formats`` their number
    formats."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet"
    for place, value in cells.items():
        sheet[place] = value
    for place, number_format in (formats or {}).items():
        sheet[place].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _openpyxl_rows(data: bytes, columns: int) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True)["Sheet"]
    return [tuple(row) for row in sheet.iter_rows(max_col=columns, values_only=True)]


def _calamine_rows(data: bytes, columns: int) -> list[tuple[Any, ...]] | None:
    book = open_xlsx(data, 5000, 30)
    if book is None:
        return None
    rows = list(book["Sheet"].iter_rows(max_col=columns))
    return [row + (None,) * (columns - len(row)) for row in rows]


def _edited(data: bytes, old: bytes, new: bytes) -> bytes:
    """``data`` with ``old`` replaced by ``new`` in the sheet's XML (what another writer puts)."""
    return _part_edited(data, "xl/worksheets/sheet1.xml", old, new)


_NUMBERS: Final = [0, 0.25, 1, 59, 60, 61, 4200, 45000, 45000.5, 0.1, -3, 1e20]
_FORMATS: Final = [
    "General", "0.0%", "#,##0.00", '"$"#,##0.00', "0.0",  # numbers to both readers
    "yyyy-mm-dd", "dd/mm/yyyy", "h:mm", "yyyy-mm-dd h:mm:ss", "mm-dd-yy", "d-mmm-yy",  # dates
]  # fmt: skip


@pytest.mark.parametrize("number_format", _FORMATS)
def test_calamine_reads_numbers_and_dates_as_openpyxl_does(number_format: str) -> None:
    """Each number in each format calamine is trusted with, against openpyxl's reading (a
    negative date, or one past the year 9999, is left to openpyxl, below)."""
    dates = number_format not in _FORMATS[:5]
    numbers = [n for n in _NUMBERS if not dates or 0 <= n < 2958466]
    cells: dict[str, Any] = {f"A{row}": value for row, value in enumerate(numbers, start=1)}
    cells |= {"B1": "text", "B2": "  padded  ", "B3": True, "B4": "=A1+1"}
    formats = {place: number_format for place in cells if place.startswith("A")}
    data = _xlsx(cells, formats)

    assert _calamine_rows(data, 3) == _openpyxl_rows(data, 3)


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        (b"<v>4200</v>", b"<v>4200.0</v>", "a whole number with a point: openpyxl keeps a float"),
        (b"<v>4200</v>", b"<v>42E2</v>", "an exponent: openpyxl keeps a float"),
        (b"<v>4200</v>", b"<v>12345678901234567</v>", "past 2**53: a float loses digits"),
        (b"<v>4200</v>", b'<v>4200</v></c><c r="B2" s="1"><v>-3</v>', "a negative date"),
        (b"<v>4200</v>", b'<v>4200</v></c><c r="B2" s="1"><v>3000000</v>', "past 9999"),
        (b'<c r="A1"', b'<c r="A1" t="e"><v>#N/A</v></c><c r="C1"', "an error: calamine blanks it"),
        (b'r="A1"', b"", "a cell without its place: openpyxl counts it along the row"),
        (b'<dimension ref="A1:C2"/>', b'<dimension ref="A1:XFD1048576"/>', "a huge extent"),
    ],
)
def test_what_calamine_could_read_otherwise_is_left_to_openpyxl(
    old: bytes, new: bytes, why: str
) -> None:
    data = _xlsx({"A1": "x", "A2": 4200, "C1": 45000}, {"C1": "yyyy-mm-dd"})
    assert _calamine_rows(data, 2) == _openpyxl_rows(data, 2)  # as written, calamine reads it
    assert open_xlsx(_edited(data, old, new), 5000, 30) is None, why


def test_a_far_cell_or_an_odd_format_is_left_to_openpyxl() -> None:
    """A cell far outside the rows and columns read would make calamine hold the whole range
    (17 billion cells at XFD1048576); a format with brackets or letters may be a date to one
    library and a number to the other."""
    assert open_xlsx(_xlsx({"A1": "x", "XFD1048576": "stray"}), 5000, 30) is None
    assert open_xlsx(_xlsx({"A1": "x", "A6000": "far"}), 5000, 30) is None
    assert open_xlsx(_xlsx({"A1": 2.5}, {"A1": "[h]:mm:ss"}), 5000, 30) is None
    assert open_xlsx(_xlsx({"A1": 2.5}, {"A1": '0.0 "days"'}), 5000, 30) is None
    assert open_xlsx(b"not a zip", 5000, 30) is None


def test_the_extent_is_the_one_the_sheet_declares() -> None:
    """openpyxl's read-only sheet reports its dimension element, which the over-the-limits
    warning reads; a sheet declaring none reports 0."""
    data = _xlsx({"A1": "x", "C7": 1})
    book = open_xlsx(data, 5000, 30)
    assert book is not None and (book["Sheet"].max_row, book["Sheet"].max_column) == (7, 3)
    bare = _edited(data, b'<dimension ref="A1:C7"/>', b"")
    book = open_xlsx(bare, 5000, 30)
    assert book is not None and (book["Sheet"].max_row, book["Sheet"].max_column) == (0, 0)


def test_formula_columns_match_the_xml_scan_within_the_rows_read() -> None:
    """calamine gives cached values only; where the formulas are comes from the sheet's XML,
    as the scan of an openpyxl sheet finds them (kit._formula_columns, which also takes in the
    first row past those read, where it stops), and only in the rows read."""
    from openpyxl import load_workbook

    from rfp.score.ingest.kit import _formula_columns

    def sheet(data: bytes) -> XlsxSheet:
        book = open_xlsx(data, 5000, 30)
        assert book is not None
        found = book["Sheet"]
        assert isinstance(found, XlsxSheet)
        return found

    data = _xlsx({"A1": "header", "B2": "=1+1", "C3": "=2+2", "D5": "=3+3", "E2": 7})
    opened = load_workbook(io.BytesIO(data), read_only=True)["Sheet"]
    assert sheet(data).formula_columns(5000) == _formula_columns(opened, 5000) == {1, 2, 3}
    assert sheet(data).formula_columns(2) == {1}
    assert sheet(data).formula_columns(1) == set()
    assert sheet(_xlsx({"A1": 1})).formula_columns(5000) == set()
    commented = _edited(data, b"<sheetData>", b"<!-- a note --><sheetData>")
    assert sheet(commented).formula_columns(5000) is None  # then openpyxl reads the formulas


class _Panic(BaseException):
    """What pyo3 raises for a panic in calamine's Rust code: not an Exception."""


def test_a_calamine_panic_leaves_the_file_to_openpyxl_and_ctrl_c_still_stops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import python_calamine

    data = _xlsx({"A1": "x"})

    def panics(*_: Any) -> Any:
        raise _Panic("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", panics)
    assert open_xlsx(data, 5000, 30) is None

    def interrupted(*_: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_xlsx(data, 5000, 30)


def _shared(strings: list[str]) -> bytes:
    """A one-sheet workbook whose column A holds ``strings`` as shared strings (``<si>``
    bodies, as Excel and LibreOffice write them), one a row."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>{n - 1}</v></c></row>'
        for n in range(1, len(strings) + 1)
    )
    data = _edited(
        _xlsx({"A1": "x"}),
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>',
        rows.encode(),
    )
    data = _edited(
        data, b'<dimension ref="A1:A1"/>', f'<dimension ref="A1:A{len(strings)}"/>'.encode()
    )
    parts = {
        "[Content_Types].xml": (
            b"</Types>",
            b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        ),
        "xl/_rels/workbook.xml.rels": (
            b"</Relationships>",
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename in parts:
                part = part.replace(*parts[info.filename])
            target.writestr(info, part)
        table = "".join(f"<si>{body}</si>" for body in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{table}</sst>',
        )
    return buffer.getvalue()


def test_shared_strings_read_as_openpyxl_reads_them() -> None:
    """Rich text runs, preserved spaces, entities and line breaks, as Excel writes them."""
    data = _shared(
        [
            "<t>plain</t>",
            '<r><t xml:space="preserve">run </t></r><r><rPr><b/></rPr><t>two</t></r>',
            '<t xml:space="preserve">a  b</t>',
            "<t>&amp;&lt;&#233; line\nbreak</t>",
            '<t xml:space="preserve">  padded  </t>',
        ]
    )
    assert open_xlsx(data, 5000, 30) is not None
    assert _calamine_rows(data, 1) == _openpyxl_rows(data, 1)


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("<t>line_x000D_\nbreak</t>", "an escaped character: calamine unescapes it, openpyxl not"),
        ("<t>  lead</t>", "an edge space not marked preserve: calamine drops it"),
        ("<r><t>run </t></r><r><t>two</t></r>", "runs glued by calamine: 'runtwo'"),
    ],
)
def test_strings_calamine_reads_otherwise_are_left_to_openpyxl(body: str, why: str) -> None:
    data = _shared(["<t>plain</t>", body])
    assert _openpyxl_rows(data, 1)[1] != (None,)  # openpyxl reads something there
    assert open_xlsx(data, 5000, 30) is None, why


def test_inline_strings_and_values_with_edge_spaces_are_left_to_openpyxl() -> None:
    data = _xlsx({"A1": "x", "A2": 4200, "A3": "  kept  "})  # openpyxl marks A3 preserve
    assert _calamine_rows(data, 1) == _openpyxl_rows(data, 1)
    spaced_text = _edited(data, b"<t>x</t>", b"<t>  x </t>")  # not marked preserve
    spaced_number = _edited(data, b"<v>4200</v>", b"<v> 4200 </v>")  # a number to openpyxl
    assert open_xlsx(spaced_text, 5000, 30) is None
    assert open_xlsx(spaced_number, 5000, 30) is None


def test_only_date_styled_cells_are_held_to_dates() -> None:
    """An annual cost of 3,128,040 is past 9999-12-31 as a day count; beside a date-styled
    certification expiry it is still a number to both libraries, so calamine reads the sheet."""
    data = _xlsx({"A1": 3128040, "A2": -5, "B1": 45000}, {"B1": "yyyy\\-mm\\-dd"})
    assert open_xlsx(data, 5000, 30) is not None
    assert _calamine_rows(data, 2) == _openpyxl_rows(data, 2)


def test_libreoffice_formats_are_trusted() -> None:
    """LibreOffice writes "General" and escaped separators ("yyyy\\-mm\\-dd") as custom
    formats: a number and a date to both libraries."""
    data = _xlsx({"A1": 2.5, "B1": 45000}, {"B1": "yyyy\\-mm\\-dd"})
    general = b'<numFmt numFmtId="199" formatCode="General"/>'
    data = _restyled(data, b"</numFmts>", general + b"</numFmts>")
    data = _restyled(data, b'<xf numFmtId="0"', b'<xf numFmtId="199"')
    assert open_xlsx(data, 5000, 30) is not None
    assert _calamine_rows(data, 2) == _openpyxl_rows(data, 2)


def _restyled(data: bytes, old: bytes, new: bytes) -> bytes:
    """``data`` with ``old`` replaced by ``new`` in its styles."""
    return _part_edited(data, "xl/styles.xml", old, new)


_CELL_A1: Final = b'<c r="A1" t="inlineStr"><is><t>x</t></is></c>'
_ROW_2: Final = b'<row r="2"><c r="A2" t="n"><v>4200</v></c></row>'


def _read_rows(data: bytes) -> list[tuple[Any, ...]]:
    """openpyxl's reading as the kit reader asks for it: rows up to a limit, past any
    dimension the sheet declares."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True)["Sheet"]
    return [tuple(row) for row in sheet.iter_rows(max_row=3, max_col=3, values_only=True)]


@pytest.mark.parametrize(
    ("old", "new", "openpyxl_reads", "why"),
    [
        (_CELL_A1, b'<c r="A1" t="d"><v>2024-01-05</v></c>', dt.date(2024, 1, 5), "a date"),
        (
            _CELL_A1,
            b'<c r="A1" t="d"><v>2024-01-05T10:20:30Z</v></c>',
            dt.datetime(2024, 1, 5, 10, 20, 30),
            "calamine gives the text",
        ),
        (_CELL_A1, b'<c r="A1"><v>1_000</v></c>', 1000, "Python's int takes it, calamine not"),
        (_CELL_A1, b'<c r="A1" t="inlineStr"><is><t/></is></c>', "", "calamine gives blank"),
        (_CELL_A1, b'<c r="A1" t="inlineStr"><is><t>&#32;x</t></is></c>', " x", "trimmed"),
        (_CELL_A1, b'<c r="A1" t="inlineStr"><is><t>x&#x9;</t></is></c>', "x\t", "trimmed"),
    ],
)
def test_values_calamine_reads_otherwise_are_left_to_openpyxl(
    old: bytes, new: bytes, openpyxl_reads: Any, why: str
) -> None:
    """Each found by editing an openpyxl-written sheet; without its rule calamine read it
    otherwise (the comment says how)."""
    data = _xlsx({"A1": "x", "A2": 4200, "C1": 45000}, {"C1": "yyyy-mm-dd"})
    edited = _edited(data, old, new)
    assert _read_rows(edited)[0][0] == openpyxl_reads
    assert type(_read_rows(edited)[0][0]) is type(openpyxl_reads)
    assert open_xlsx(edited, 5000, 30) is None, why


@pytest.mark.parametrize(
    "value", [b"true", b"TRUE", b"inf", b"nan", b"0x10", b"abc"], ids=lambda v: v.decode()
)
def test_values_openpyxl_refuses_are_left_to_it(value: bytes) -> None:
    """openpyxl casts a boolean with int() and a number with int() or float(), and fails on
    these (its message then names the file); calamine read True, inf or the text."""
    data = _xlsx({"A1": "x", "A2": 4200})
    kind = b' t="b"' if value.lower() == b"true" else b""
    edited = _edited(data, _CELL_A1, b'<c r="A1"' + kind + b"><v>" + value + b"</v></c>")
    with pytest.raises(ValueError):
        _read_rows(edited)
    assert open_xlsx(edited, 5000, 30) is None


def test_a_signed_shared_string_index_and_an_empty_shared_string_are_left_to_openpyxl() -> None:
    """openpyxl reads index "+1" as 1 (calamine gave string 0) and an empty string as ""
    (calamine: blank)."""
    signed = _edited(_shared(["<t>a</t>", "<t>b</t>"]), b"<v>1</v>", b"<v>+1</v>")
    assert [row[0] for row in _read_rows(signed)[:2]] == ["a", "b"]
    assert open_xlsx(signed, 5000, 30) is None
    for empty in ("", "<t/>", "<r><t></t></r>"):
        data = _shared(["<t>a</t>", empty])
        assert _read_rows(data)[1][0] == ""
        assert open_xlsx(data, 5000, 30) is None


@pytest.mark.parametrize(
    ("old", "new", "openpyxl_reads"),
    [
        # row 1 again after row 1: openpyxl passes over it, calamine puts B1 in
        (b'<row r="2">', b'<row r="1"><c r="B1" t="n"><v>7</v></c></row><row r="2">', None),
        # a cell placed in another row than the one it is written in: openpyxl keeps the row
        (b'<c r="A2" t="n">', b'<c r="B1" t="n">', 4200),
        # a row without its number: read alike here, but openpyxl counts rows along, calamine not
        (b'<row r="2">', b"<row>", None),
    ],
)
def test_rows_out_of_order_are_left_to_openpyxl(
    old: bytes, new: bytes, openpyxl_reads: Any
) -> None:
    data = _xlsx({"A1": "x", "A2": 4200, "C1": 45000}, {"C1": "yyyy-mm-dd"})
    edited = _edited(data, old, new)
    assert _read_rows(edited)[0][1] is None  # B1 stays blank to openpyxl
    if openpyxl_reads is not None:
        assert _read_rows(edited)[1][1] == openpyxl_reads
    assert open_xlsx(edited, 5000, 30) is None


def test_rows_written_backwards_are_left_to_openpyxl() -> None:
    """openpyxl skips row 1 written after row 2 (gives it blank); calamine reads it."""
    data = _xlsx({"A1": "x", "A2": 4200})
    edited = _edited(_edited(data, _ROW_2, b""), b"<sheetData>", b"<sheetData>" + _ROW_2)
    assert _read_rows(edited)[0][0] is None
    assert open_xlsx(edited, 5000, 30) is None


def test_booleans_empty_values_and_text_formulas_still_read_by_calamine() -> None:
    """What the rules above must not take from the fast path: booleans 0 and 1, a formula
    with an empty cached value, a formula's cached text."""
    data = _xlsx({"A1": True, "A2": False, "B1": "=1+1", "C1": '="a"'})
    data = _edited(data, b'<f>"a"</f><v></v>', b'<f>"a"</f><v>a</v>')
    data = _edited(data, b'<c r="C1"', b'<c r="C1" t="str"')
    assert open_xlsx(data, 5000, 30) is not None
    assert _calamine_rows(data, 3) == _read_rows(data)[:2]


@pytest.mark.parametrize(
    ("new", "openpyxl_reads", "calamine_read"),
    [
        (b'<c r="A1"><v>1</v><v>2</v></c>', 1, 2),  # openpyxl: the first value
        (b'<c r="A1"><v>1</v><f>1</f></c>', 1, None),  # a formula after the value
        (b'<c r="A1" t="inlineStr"><is><r><t>a</t></r><t>b</t></is></c>', "ba", "ab"),
        (b'<c r="A1" t="inlineStr"><is><t>a</t></is><is><t>b</t></is></c>', "a", "b"),
        (b'<c r="A1" t="str"><is><t>7</t></is></c>', None, "7"),  # not an inlineStr cell
        (b'<c r="A1" t="inlineStr"><is><t>x </t ></is></c>', "x ", "x"),  # a spaced end tag
    ],
)
def test_cells_written_in_an_odd_order_are_left_to_openpyxl(
    new: bytes, openpyxl_reads: Any, calamine_read: Any
) -> None:
    """calamine read each of these as ``calamine_read``."""
    edited = _edited(_xlsx({"A1": "x", "A2": 4200}), _CELL_A1, new)
    assert _read_rows(edited)[0][0] == openpyxl_reads
    assert open_xlsx(edited, 5000, 30) is None


def test_texts_after_texts_in_shared_strings_are_left_to_openpyxl() -> None:
    """openpyxl keeps the last text ("c"), calamine joined them ("bc")."""
    data = _shared(["<t>a</t>", "<t>b</t><t>c</t>"])
    assert _read_rows(data)[1][0] == "c"
    assert open_xlsx(data, 5000, 30) is None


def test_a_single_quoted_style_is_left_to_openpyxl() -> None:
    """s='1' (a date style) went unseen, so a negative date was read by calamine as
    midnight where openpyxl counts back from 1899-12-30."""
    data = _xlsx({"A1": "x", "C1": 45000}, {"C1": "yyyy-mm-dd"})
    edited = _edited(data, b'<c r="C1" s="1" t="n"><v>45000</v>', b"<c r=\"C1\" s='1'><v>-5</v>")
    assert _read_rows(edited)[0][2] == dt.datetime(1899, 12, 25)
    assert open_xlsx(edited, 5000, 30) is None


def _sheets(names: list[str]) -> bytes:
    """A workbook with one sheet per name, each holding its own text and number."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    assert first is not None
    first.title = names[0]
    for name in names[1:]:
        workbook.create_sheet(name)
    for number, name in enumerate(names):
        workbook[name]["A1"], workbook[name]["B2"] = f"sheet {number}", number
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _every_sheet_alike(data: bytes) -> bool:
    from openpyxl import load_workbook

    expected = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    book = open_xlsx(data, 5000, 30)
    assert book is not None
    return book.sheetnames == expected.sheetnames and all(
        [row + (None,) * (3 - len(row)) for row in book[name].iter_rows(max_row=5, max_col=3)]
        == list(expected[name].iter_rows(values_only=True, max_row=5, max_col=3))
        for name in expected.sheetnames
    )


def test_sheet_names_and_order_read_as_openpyxl_reads_them() -> None:
    """Names with quotes, ampersands and other letters; sheets listed in another order than
    their parts; one part listed twice: the same sheets, names and cells as openpyxl."""
    assert _every_sheet_alike(_sheets(["Quote's", "A&B", "Ünïcode ✓"]))
    data = _sheets(["One", "Two", "Three"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        listed = re.findall(rb"<sheet [^>]*/>", archive.read("xl/workbook.xml"))
    reordered = _part_edited(
        data, "xl/workbook.xml", b"".join(listed), b"".join([listed[2], *listed[:2]])
    )
    assert _every_sheet_alike(reordered)
    twice = _part_edited(
        data, "xl/_rels/workbook.xml.rels", b"worksheets/sheet2.xml", b"worksheets/sheet1.xml"
    )
    assert _every_sheet_alike(twice)


def test_a_style_with_an_undefined_format_is_left_to_openpyxl() -> None:
    data = _part_edited(
        _xlsx({"A1": 2.5}), "xl/styles.xml", b'<xf numFmtId="0"', b'<xf numFmtId="170"'
    )
    assert open_xlsx(data, 5000, 30) is None


def _part_edited(data: bytes, part_name: str, old: bytes, new: bytes) -> bytes:
    """``data`` with ``old`` replaced by ``new`` in its part ``part_name``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == part_name:
                assert old in part
                part = part.replace(old, new)
            target.writestr(info, part)
    return buffer.getvalue()
