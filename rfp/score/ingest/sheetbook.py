"""An OpenDocument workbook (.ods) behind the small part of openpyxl's read-only interface that
the response-kit reader uses, so a kit filled in LibreOffice is read by the same code as .xlsx.

python-calamine reads the file; it refuses a sheet whose used range would exceed its own cell
limit (a claimed cell at XFD1048576) rather than allocate it. Empty cells ("") become None and
whole numbers become ints, as openpyxl gives them, so a typed 4200 reads the same in both.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from typing import Any


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


def _value(cell: Any) -> Any:
    if cell == "":
        return None
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2**53:
        return int(cell)
    return cell
