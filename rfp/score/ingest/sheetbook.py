"""An OpenDocument workbook (.ods) behind the small part of openpyxl's read-only interface that
the response-kit reader uses, so a kit filled in LibreOffice is read by the same code as .xlsx.

python-calamine reads the file; it refuses a sheet whose used range would exceed its own cell
limit (a claimed cell at XFD1048576) rather than allocate it. Empty cells ("") become None and
whole numbers become ints, as openpyxl gives them, so a typed 4200 reads the same in both.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any


class CalamineSheet:
    """One sheet's rows of values, 1-based like openpyxl."""

    def __init__(self, rows: list[list[Any]]) -> None:
        self._rows = rows
        self.max_row = len(rows)
        self.max_column = max((len(row) for row in rows), default=0)

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
    def open(cls, data: bytes) -> CalamineBook:
        """Open from bytes already in memory (the bytes hashed for the audit)."""
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        return cls(
            {
                name: CalamineSheet(
                    workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
                )
                for name in workbook.sheet_names
            }
        )

    def __getitem__(self, name: str) -> CalamineSheet:
        return self._sheets[name]

    def close(self) -> None:
        """Nothing stays open: calamine holds the bytes in memory."""


def _value(cell: Any) -> Any:
    if cell == "":
        return None
    if isinstance(cell, float) and cell.is_integer() and abs(cell) < 2**53:
        return int(cell)
    return cell
