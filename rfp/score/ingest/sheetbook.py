"""Workbooks read by python-calamine behind the small part of openpyxl's read-only interface
that the response-kit reader uses: an OpenDocument workbook (.ods), so a kit filled in
LibreOffice is read by the same code as .xlsx, and an .xlsx whose cells calamine reads as
openpyxl would (`open_xlsx`), about fifteen times faster than openpyxl parses it.

python-calamine reads the file; it refuses a sheet whose used range would exceed its own cell
limit (a claimed cell at XFD1048576) rather than allocate it. Empty cells ("") become None and
whole numbers become ints, as openpyxl gives them, so a typed 4200 reads the same in both.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any, Final
from xml.etree import ElementTree


class CalamineSheet:
    """One sheet's rows of values, 1-based like openpyxl."""

    def __init__(
        self, rows: list[list[Any]], max_row: int | None = None, max_column: int | None = None
    ) -> None:
        self._rows = rows
        # The extent the file claims, which may be beyond the rows kept (the reader warns).
        self.max_row = len(rows) if max_row is None else max_row
        self.max_column = (
            max((len(row) for row in rows), default=0) if max_column is None else max_column
        )

    def iter_rows(
        self,
        min_row: int = 1,
        max_row: int | None = None,
        max_col: int | None = None,
        values_only: bool = True,
    ) -> Iterator[tuple[Any, ...]]:
        """Rows ``min_row`` to ``max_row`` (inclusive), each cut to ``max_col`` values."""
        for row in self._rows[min_row - 1 : max_row]:
            yield tuple(_value(cell) for cell in row[:max_col])


class CalamineBook:
    """The sheets of an .ods by name, all read on opening so every error surfaces there."""

    def __init__(self, sheets: dict[str, CalamineSheet]) -> None:
        self._sheets = sheets
        self.sheetnames: list[str] = list(sheets)

    @classmethod
    def open(cls, data: bytes, rows: int = 1_000_000, columns: int = 16_384) -> CalamineBook:
        """Open from bytes already in memory (the bytes hashed for the audit), keeping only the
        first ``rows`` rows and ``columns`` columns of each sheet as Python values: a few
        hundred bytes of repeated rows can claim millions of filled cells."""
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return cls(
            {
                name: _bounded(workbook.get_sheet_by_name(name), rows, columns)
                for name in workbook.sheet_names
            }
        )

    def __getitem__(self, name: str) -> CalamineSheet:
        return self._sheets[name]

    def close(self) -> None:
        """Nothing stays open: calamine holds the bytes in memory."""


_ROW = re.compile(rb"<table:table-row\b([^>]*?)(?:/>|>(.*?)</table:table-row>)", re.S)
_CELL = re.compile(
    rb"<table:(?:covered-)?table-cell\b([^>]*?)(?:/>|>(.*?)</table:(?:covered-)?table-cell>)", re.S
)
_REPEAT_ROWS = re.compile(rb'table:number-rows-repeated="(\d{1,9})"')
_REPEAT_COLUMNS = re.compile(rb'table:number-columns-repeated="(\d{1,9})"')


def ods_content(data: bytes) -> bytes:
    """An .ods's content.xml (cells and their styles), read once for the checks made before
    calamine opens the file; b"" when it is not there, since calamine then reports the file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return b""


def claimed_cells(content: bytes) -> int:
    """How many filled cells an .ods's content.xml claims once its repeats are expanded.

    LibreOffice writes a run of identical rows or cells once with a repeat count, and calamine
    expands it in memory: a 783-byte file can claim 30 million filled cells (4 GB). Repeated
    empty rows and cells, which LibreOffice writes to the sheet's end, count nothing.
    """
    total = 0
    for row in _ROW.finditer(content):
        filled = 0
        for cell in _CELL.finditer(row.group(2) or b""):
            if b"office:value-type" in cell.group(1) or (cell.group(2) or b"").strip():
                repeat = _REPEAT_COLUMNS.search(cell.group(1))
                filled += int(repeat.group(1)) if repeat else 1
        if filled:
            repeat = _REPEAT_ROWS.search(row.group(1))
            total += filled * (int(repeat.group(1)) if repeat else 1)
    return total


def _bounded(sheet: Any, rows: int, columns: int) -> CalamineSheet:
    """The sheet from A1, cut to ``rows`` x ``columns``; calamine's rows start at the used
    range's first cell, so the rows and columns before it are filled with blanks."""
    top, left = sheet.start or (0, 0)
    kept: list[list[Any]] = [[] for _ in range(min(top, rows))]
    for row in itertools.islice(sheet.iter_rows(), max(0, rows - top)):
        kept.append(([""] * left + list(row[: max(0, columns - left)]))[:columns])
    return CalamineSheet(kept, top + sheet.height, left + sheet.width)


def is_failure(error: BaseException) -> bool:
    """Whether ``error`` is the library failing on this file, not the user stopping the run:
    python-calamine turns a panic in its Rust code into a BaseException."""
    return not isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit)


def _value(cell: Any) -> Any:
    if cell == "":
        return None
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2**53:
        return int(cell)
    if type(cell) is dt.date:  # openpyxl gives a date-formatted number as a datetime
        return dt.datetime(cell.year, cell.month, cell.day)
    return cell


# .xlsx --------------------------------------------------------------------------------------


class XlsxSheet(CalamineSheet):
    """An .xlsx sheet's values, with what the kit reader asks openpyxl's sheet beyond them: the
    extent its ``<dimension>`` declares (0 when it declares none, as openpyxl then reports) and
    the columns holding formulas."""

    def __init__(
        self, rows: list[list[Any]], extent: tuple[int, int], parent: XlsxBook, xml: bytes
    ) -> None:
        super().__init__(rows, *extent)
        self.parent = parent
        self._xml = xml

    def formula_columns(self, rows: int) -> set[int] | None:
        """The (0-based) columns of the cells holding a formula in the first ``rows`` rows,
        from the sheet's XML; None when that cannot be told from it (a cell without its
        place, or XML with comments or CDATA, which a pattern could misread)."""
        from openpyxl.utils.cell import column_index_from_string

        xml = self._xml
        if not _FORMULA.search(xml):
            return set()
        if b"<!--" in xml or b"<![CDATA[" in xml:
            return None
        columns: set[int] = set()
        for cell in _XLSX_CELL.finditer(xml):
            if cell.group(2) and _FORMULA.search(cell.group(2)):
                place = _PLACE.search(cell.group(1))
                if place is None:
                    return None
                if int(place.group(2)) <= rows:
                    columns.add(column_index_from_string(place.group(1).decode()) - 1)
        return columns


class XlsxBook(CalamineBook):
    """An .xlsx's sheets read by python-calamine; ``format_codes`` are every custom number
    format its styles define, and ``_archive`` its zip, as openpyxl's read-only workbook has."""

    def __init__(self, archive: zipfile.ZipFile, format_codes: list[str]) -> None:
        super().__init__({})
        self._archive = archive
        self.format_codes = format_codes
        # The same workbook opened by openpyxl, when cells' formats are needed (set by the
        # kit reader: anything with ``sheet(name)`` and ``close()``, opening on first use).
        self.styled: Any = None

    def add(self, name: str, sheet: XlsxSheet) -> None:
        self._sheets[name] = sheet
        self.sheetnames.append(name)

    def close(self) -> None:
        self._archive.close()
        if self.styled is not None:
            self.styled.close()


def open_xlsx(data: bytes, rows: int, columns: int) -> XlsxBook | None:
    """The .xlsx's sheets, cut to ``rows`` x ``columns``, read by python-calamine, or None when
    calamine might not read it as openpyxl does; the caller then opens it with openpyxl, whose
    reading (and whose messages for a damaged file) stay the reference.

    calamine is used only when every cell reads alike: every number format is one both judge
    alike as a date or not (`_date_styles`), every string (`_texts_alike`) and every value
    (`_reads_alike`) is written the way both read it the same, and every row and cell is in
    place and within the rows and columns read (`_within`). Each rule names the difference it
    guards against, and the tests show each one.
    """
    import python_calamine

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    try:
        book = _xlsx_book(archive, data, rows, columns, python_calamine)
    except BaseException as error:  # a Rust panic in calamine is not an Exception
        if not is_failure(error):
            raise
        book = None  # any surprise: openpyxl reads, or reports, the file as before
    if book is None:
        archive.close()
    return book


def _xlsx_book(
    archive: zipfile.ZipFile, data: bytes, rows: int, columns: int, calamine: Any
) -> XlsxBook | None:
    paths = _sheet_paths(archive)
    styles = archive.read("xl/styles.xml") if "xl/styles.xml" in archive.NameToInfo else b""
    codes, cell_formats = _number_formats(styles)
    date_styles = _date_styles(codes, cell_formats)
    if paths is None or date_styles is None:
        return None
    if "xl/sharedStrings.xml" in archive.NameToInfo and not _texts_alike(
        archive.read("xl/sharedStrings.xml")
    ):
        return None
    workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    if list(workbook.sheet_names) != list(paths):
        return None
    book = XlsxBook(archive, list(codes.values()))
    for name, path in paths.items():
        xml = archive.read(path)
        extent = _declared_extent(xml)
        if extent is None or not _within(xml, extent, rows, columns):
            return None
        if not _reads_alike(xml, date_styles):
            return None
        values = _bounded(workbook.get_sheet_by_name(name), rows, columns)
        book.add(name, XlsxSheet(values._rows, extent, book, xml))
    return book


_MAIN_NS: Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATION: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELATION: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str] | None:
    """Sheet name -> its XML's path, in the workbook's order; None for anything but the
    usual layout (a chart sheet, a workbook part elsewhere), which openpyxl then reads."""
    names = archive.NameToInfo
    if b'PartName="/xl/workbook.xml"' not in archive.read("[Content_Types].xml"):
        return None
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        rel.get("Id"): (rel.get("Type") or "", rel.get("Target") or "")
        for rel in relations.iter(f"{_PACKAGE_RELATION}Relationship")
    }
    paths: dict[str, str] = {}
    for sheet in workbook.iter(f"{_MAIN_NS}sheet"):
        kind, target = targets.get(sheet.get(_RELATION), ("", ""))
        path = target[1:] if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        name = sheet.get("name")
        if not kind.endswith("/worksheet") or path not in names or not name or name in paths:
            return None
        paths[name] = path
    return paths


# Built-in formats both libraries read alike: General and the numbers (0-13, 37-44, 48, 49),
# and the dates and times 14-22, which both give as datetimes (or times, below one day).
_ALIKE_BUILT_IN: Final = frozenset((*range(23), *range(37, 45), 48, 49))
# A custom code of digits, signs and quoted or escaped text only (no letter, no bracket), or
# "General", is a number to both; one of date letters and (escaped) separators only is a date
# or time to both.
_PLAIN_NUMBER: Final = re.compile(r'General|(?:[0#?.,%+\-()\s*_$€£¥]|"[^"a-zA-Z]*"|\\.)*')
_PLAIN_DATE: Final = re.compile(r"(?=.*[dmyhs])(?:[dmyhs:/.\- ,]|\\[^a-zA-Z])+", re.IGNORECASE)


def _number_formats(styles: bytes) -> tuple[dict[int, str], list[int]]:
    """The custom number formats a workbook's styles define, by id, and the format id of each
    cell style (``<cellXfs>``, in order: a cell's ``s`` attribute counts into it)."""
    if not styles:
        return {}, []
    root = ElementTree.fromstring(styles)
    codes = {
        int(element.get("numFmtId", "")): element.get("formatCode", "")
        for element in root.iter(f"{_MAIN_NS}numFmt")
    }
    cell_formats = [
        int(xf.get("numFmtId", "0"))
        for styles_list in root.iter(f"{_MAIN_NS}cellXfs")
        for xf in styles_list.iter(f"{_MAIN_NS}xf")
    ]
    return codes, cell_formats


def _date_styles(codes: dict[int, str], cell_formats: list[int]) -> frozenset[int] | None:
    """The cell styles (by index) whose number format is a date or time, when every format the
    styles use is one calamine and openpyxl both read as a number, or both as a date; None
    otherwise: their rules for odd custom formats differ."""
    dates: set[int] = set()
    for style, number in enumerate(cell_formats):
        code = codes.get(number)
        if code is None:
            if number not in _ALIKE_BUILT_IN:
                return None
            if 14 <= number <= 22:
                dates.add(style)
        elif _PLAIN_DATE.fullmatch(code):
            dates.add(style)
        elif not _PLAIN_NUMBER.fullmatch(code):
            return None
    return frozenset(dates)


_DIMENSION: Final = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([^"]*)"')
# An error value, which calamine gives as blank, or an ISO date (t="d"), which openpyxl gives
# as a date or parses a time zone off where calamine gives a datetime or the text.
_CELL_KIND: Final = re.compile(rb"""\st\s*=\s*["']([bde])["']""")
_DECIMAL: Final = re.compile(rb"<(?:\w+:)?v>\s*([-+]?[0-9]*\.?[0-9]*[eE.][-+0-9]*)\s*<")
# A number that may be no date: negative, or past 9999-12-31 (2,958,465 days), which openpyxl
# reads as an error and calamine as a number; `_no_date_in_date_style` then looks closer.
_NOT_A_DATE: Final = re.compile(rb"<(?:\w+:)?v>\s*(?:-|[0-9]{7}|[0-9.]*[eE])")
_PAST_9999: Final = 2_958_466
_STYLE: Final = re.compile(rb'\bs="([0-9]{1,9})"')
_VALUE: Final = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_LONG_INTEGER: Final = re.compile(rb"<(?:\w+:)?v>\s*[-+]?[0-9]{16,}\s*<")
_ESCAPED_CHARACTER: Final = re.compile(rb"_x[0-9A-Fa-f]{4}_")
# (Each pattern starts with "<", so it is tried at tags only: one starting with white space is
# tried at every byte; a closing tag's preceding white space is looked behind for.)
_EDGE_SPACE: Final = re.compile(rb"<(?:(?:\w+:)?t(?:\s[^>]*)?>(?:\s|&#)|(?<=[\s;]<)/(?:\w+:)?t>)")
# White space written as a character reference (&#32; &#x9;), which calamine trims as well.
_SPACE_REFERENCE: Final = re.compile(rb"&#(?:0*(?:9|10|13|32)|[xX]0*(?:9|[aAdD]|20));")
_EMPTY_TEXT: Final = re.compile(rb"<((?:\w+:)?(?:t|si|is))(?:\s[^>]*)?(?:/>|></\1>)")
# A text after another or after a run, a second inline string, or anything after a cell's
# value but its end: openpyxl keeps one text (the last, or the runs then the text) and the
# first value, where calamine joins the texts and keeps the last value.
_ODD_SEQUENCE: Final = re.compile(
    rb"</(?:\w+:)?(?:t|r|rPh|is)>\s*<(?:\w+:)?(?:t|is)[\s/>]|</(?:\w+:)?v>\s*<(?:\w+:)?[^/]"
)
_TEXT_RUN: Final = re.compile(rb"<((?:\w+:)?t)(\s[^>]*)?>([^<]*)</\1>")
_PRESERVE: Final = b'xml:space="preserve"'
_SPACED_VALUE: Final = re.compile(rb"<(?:(?:\w+:)?v>\s|(?<=\s<)/(?:\w+:)?v>)")
_ODD_VALUE: Final = re.compile(rb"<(?:\w+:)?v>[^<]*?[^0-9.eE\-<]")
_TYPE: Final = re.compile(rb"""\st\s*=\s*["']([^"']*)["']""")
_NUMBER: Final = re.compile(rb"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
# An attribute in single quotes, which the patterns here do not read (a style s='1' would go
# unseen, a place hidden in another attribute's value would be taken).
_SINGLE_QUOTED: Final = re.compile(rb"=\s*'")
# A value or inline string with attributes or white space in its tag (``<v >``), or a closing
# tag with white space (``</c >``): the patterns here do not read those.
_ODD_TAG: Final = re.compile(rb"<(?:(?:\w+:)?(?:v|is)\s|/(?:\w+:)?(?:v|is|t|r|f|c|row|rPh)\s)")
_INLINE_START: Final = re.compile(rb"<(?:\w+:)?is[\s/>]")
_INLINE_CELL: Final = re.compile(rb'\bt="inlineStr"\s*>\s*<(?:\w+:)?is>')


def _declared_extent(xml: bytes) -> tuple[int, int] | None:
    """(max row, max column) of the sheet's ``<dimension>``, (0, 0) without one, as openpyxl's
    read-only sheet reports them; None for a reference openpyxl would refuse."""
    from openpyxl.utils.cell import range_boundaries

    head = xml[: xml.find(b"sheetData")] if b"sheetData" in xml else xml
    found = _DIMENSION.search(head)
    if found is None:
        return 0, 0
    try:
        _, _, max_column, max_row = range_boundaries(found.group(1).decode("ascii"))
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    return max_row or 0, max_column or 0


_XLSX_CELL: Final = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_PLACE: Final = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_FORMULA: Final = re.compile(rb"<(?:\w+:)?f[\s/>]")


def _within(xml: bytes, extent: tuple[int, int], rows: int, columns: int) -> bool:
    """Whether the sheet's declared extent and every cell's place lie within ``rows`` x
    ``columns``: calamine holds a sheet's whole used range in memory (a cell at XFD1048576
    would claim 17 billion, and abort the process), where openpyxl streams rows and stops.
    A cell or row without its place, which openpyxl counts along, is left to openpyxl too,
    and so is a row out of order or a cell in another's row (see `_rows_in_order`)."""
    from openpyxl.utils.cell import column_index_from_string

    if extent[0] > rows or extent[1] > columns:
        return False
    places = _ROW_OR_CELL.findall(xml)
    if len(places) != len(_ROW_OR_CELL_START.findall(xml)) or not _rows_in_order(places):
        return False
    letters = {letter for _, letter, _ in places if letter}
    if not letters:
        return True
    widest = max(letters, key=lambda found: (len(found), found))
    deepest = max(int(row) for row, _, _ in places if row)
    return deepest <= rows and column_index_from_string(widest.decode("ascii")) <= columns


_ROW_OR_CELL: Final = re.compile(
    rb'<(?:\w+:)?(?:row\s[^>]*?\br="([0-9]{1,7})"|c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})")'
)
_ROW_OR_CELL_START: Final = re.compile(rb"<(?:\w+:)?(?:row|c)[\s/>]")


def _rows_in_order(places: list[tuple[bytes, bytes, bytes]]) -> bool:
    """Whether the row numbers rise and each cell's place is in its row: openpyxl puts a cell
    in the row it is written in and passes over a row repeated or out of order, where calamine
    goes by the cell's own place."""
    current = b""
    number = 0
    for row, _, cell_row in places:
        if row:
            if int(row) <= number:
                return False
            current, number = row, int(row)
        elif cell_row != current:
            return False
    return True


def _texts_alike(xml: bytes) -> bool:
    """Whether calamine reads the strings of this part (the shared strings, or a sheet's own)
    as openpyxl does: not when one holds an escaped character (``_x000D_``, which calamine
    turns into the character and openpyxl leaves as written), is written in an odd order (see
    `_ODD_SEQUENCE`) or with tags the patterns do not read, is empty (openpyxl gives "", which
    `_value` cannot tell from a blank cell), or starts or ends a run with white space the run
    does not say to preserve (calamine drops it, gluing runs)."""
    if _ESCAPED_CHARACTER.search(xml) or b"<![CDATA[" in xml or _EMPTY_TEXT.search(xml):
        return False
    if _ODD_SEQUENCE.search(xml) or _ODD_TAG.search(xml):
        return False
    if not _EDGE_SPACE.search(xml):
        return True
    return not any(
        _PRESERVE not in (run.group(2) or b"") and _edge_spaced(run.group(3))
        for run in _TEXT_RUN.finditer(xml)
    )


def _edge_spaced(text: bytes) -> bool:
    spaced = _SPACE_REFERENCE.sub(b" ", text) if b"&#" in text else text
    return spaced != spaced.strip()


def _reads_alike(xml: bytes, date_styles: frozenset[int]) -> bool:
    """Whether calamine reads every value of this sheet as openpyxl does (see `open_xlsx`).
    A cell in one of the ``date_styles`` holding a number no date can be is one: openpyxl
    counts a negative one back from 1899-12-30 where calamine gives midnight, and reads one
    past the year 9999 as an error. A value written with white space around it is read as a
    number by openpyxl and as text by calamine."""
    kinds = set(_CELL_KIND.findall(xml))
    if b"e" in kinds or b"d" in kinds or _LONG_INTEGER.search(xml) or not _texts_alike(xml):
        return False
    if _SPACED_VALUE.search(xml) or not _inline_strings_in_place(xml):
        return False
    if _SINGLE_QUOTED.search(xml):
        return False
    if (b"b" in kinds or _ODD_VALUE.search(xml)) and not _typed_values_alike(xml):
        return False
    if date_styles and _NOT_A_DATE.search(xml) and _no_date_in_date_style(xml, date_styles):
        return False
    return not any(_whole(literal) for literal in _DECIMAL.findall(xml))


def _inline_strings_in_place(xml: bytes) -> bool:
    """Whether every inline string opens a cell typed inlineStr: openpyxl reads one only
    there, calamine in a cell of any type."""
    if b"is>" not in xml and b"is " not in xml and b"is/" not in xml:
        return True
    return len(_INLINE_START.findall(xml)) == len(_INLINE_CELL.findall(xml))


def _typed_values_alike(xml: bytes) -> bool:
    """Whether every number cell holds a plain decimal number, every boolean 0 or 1 and every
    shared string's index only digits: openpyxl casts with Python's int and float, which take
    "1_000" and "+1" and refuse "true", "inf" or "0x10", where calamine gives text, True, or
    the first string."""
    for cell in _XLSX_CELL.finditer(xml):
        value = _VALUE.search(cell.group(2) or b"")
        if value is None or not value.group(1):
            continue  # no value, or an empty one (a formula not yet calculated): None to both
        kind = _TYPE.search(cell.group(1))
        kind_name = kind.group(1) if kind else b"n"
        if kind_name == b"n" and not _NUMBER.fullmatch(value.group(1)):
            return False
        if kind_name == b"b" and value.group(1) not in (b"0", b"1"):
            return False
        if kind_name == b"s" and not value.group(1).isdigit():
            return False
    return True


def _no_date_in_date_style(xml: bytes, date_styles: frozenset[int]) -> bool:
    """Whether a cell styled as a date holds a number before 1899-12-30 or after 9999-12-31.
    (A cell whose style or value cannot be read here counts as one: openpyxl then reads it.)"""
    for cell in _XLSX_CELL.finditer(xml):
        style = _STYLE.search(cell.group(1))  # a cell without one has the first style
        if (int(style.group(1)) if style else 0) not in date_styles:
            continue
        value = _VALUE.search(cell.group(2) or b"")
        if value is None:
            continue
        try:
            number = float(value.group(1))
        except ValueError:
            continue  # text in a date-styled cell: read alike
        if not 0 <= number < _PAST_9999:
            return True
    return False


def _whole(literal: bytes) -> bool:
    """Whether a number written with a point or exponent is one `_value` would make an int
    (openpyxl keeps it a float)."""
    try:
        number = float(literal)
    except ValueError:
        return True  # not a number openpyxl would cast alike either
    return number.is_integer() and abs(number) < 2**53
