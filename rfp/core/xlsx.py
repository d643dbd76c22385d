"""The one look every workbook rfp writes shares (the response kit, evaluator sheets, scores),
and the limits of Office document properties.

Styles are built on call, inside functions, so importing this module does not import openpyxl.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.styles import Alignment, Font, PatternFill

BRAND_COLOUR = "0B3D6E"
INPUT_COLOUR = "FFF7D6"  # the yellow of the cells a vendor or an evaluator fills in


def style_header(sheet: Any, widths: Sequence[float]) -> None:
    """Style row 1 as a header (white bold on the brand colour, wrapped) and set the widths of
    the columns it heads; the caller writes the header text."""
    font, fill, alignment = header_look()
    for column in range(1, len(widths) + 1):
        cell = sheet.cell(row=1, column=column)
        cell.font = font
        cell.fill = fill
        cell.alignment = alignment
    set_widths(sheet, widths)


def header_look() -> tuple[Font, PatternFill, Alignment]:
    """A header cell's font, fill and alignment: white bold on the brand colour, wrapped."""
    from openpyxl.styles import Alignment, Font, PatternFill

    return (
        Font(bold=True, color="FFFFFF"),
        PatternFill("solid", fgColor=BRAND_COLOUR),
        Alignment(wrap_text=True, vertical="center"),
    )


def set_widths(sheet: Any, widths: Sequence[float]) -> None:
    """Set the widths of the first ``len(widths)`` columns; a write-only sheet takes them only
    before its first row."""
    from openpyxl.utils import get_column_letter

    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def title_font() -> Font:
    """The font of an instructions sheet's title line."""
    from openpyxl.styles import Font

    return Font(bold=True, size=13, color=BRAND_COLOUR)


def input_fill() -> PatternFill:
    """The fill of a cell someone is asked to fill in."""
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=INPUT_COLOUR)


def row_height(values: Sequence[str], widths: Sequence[float], least: float = 15) -> float:
    """A row's height for its wrapped text: openpyxl writes none, and Excel and LibreOffice then
    draw wrapped lines over the next row. 15 points a line, at least ``least``, at most 409."""
    lines = 1
    for text, width in zip(values, widths, strict=True):
        if not text:
            continue  # an empty cell is one line
        per_line = max(int(width) - 1, 1)
        shown = str(text)
        if "\n" in shown:
            count = sum(max(1, -(-len(line) // per_line)) for line in shown.split("\n"))
        else:  # most cells: one paragraph, not empty
            count = -(-len(shown) // per_line)
        lines = max(lines, count)
    return float(min(409, max(least, 15 * lines)))


def print_setup(sheet: Any, *, letter: bool, header_rows: int = 1) -> None:
    """Print a sheet the way a reader expects: landscape, all columns on one page width,
    the header repeated on every page, on Letter or A4 paper. A write-only sheet takes this only
    before its first row (its sheet properties are written first)."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_LETTER if letter else Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if header_rows:
        sheet.print_title_rows = f"1:{header_rows}"


def number_format_id(cell: Any) -> int:
    """The cell's number format id; a cell never styled has none yet (the default, 0)."""
    return 0 if cell._style is None else int(cell._style.numFmtId)


def append_row(
    sheet: Any, number: int, cells: Sequence[Any], height: float, outline: int = 0
) -> None:
    """Append row ``number`` of a write-only sheet with its height (and outline level), which
    the sheet reads as the row is written and holds no longer."""
    dimension = sheet.row_dimensions[number]
    dimension.height = height
    if outline:
        dimension.outlineLevel = outline
    sheet.append(cells)
    del sheet.row_dimensions[number]


def styled_rows_sheet(workbook: Workbook, title: str) -> Any:
    """A new sheet at the end of a write-only ``workbook`` that takes each appended row as the
    cells to write, already styled, and says the extent its ``dimension`` is given (set it
    before the first row)."""
    sheet = _styled_rows_class()(parent=workbook, title=title)
    workbook._add_sheet(sheet)  # type: ignore[attr-defined]  # as Workbook.create_sheet does
    return sheet


@functools.cache
def _styled_rows_class() -> type:
    """openpyxl's write-only sheet, taking each appended row as the cells to write as they are.

    Its own ``append`` first tries every item as a value, and only on failure (an exception
    that formats the cell's repr) takes it as a cell: that made the write-only workbook slower
    to write than the whole workbook held in memory. The class is built on call so importing
    this module does not import openpyxl."""
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    class StyledRows(WriteOnlyWorksheet):
        dimension = "A1:A1"
        """The cells' extent, set before the first row: what the sheet's <dimension> says, as
        a workbook held in memory would (readers in read-only mode size the sheet by it)."""

        def calculate_dimension(self) -> str:
            return self.dimension

        def _values_to_row(self, values: Sequence[Any], row_idx: int) -> Iterator[Cell]:
            for column, cell in enumerate(values, start=1):
                if cell is not None:  # an empty cell, as openpyxl skips it
                    cell.row, cell.column = row_idx, column
                    yield cell

    return StyledRows


CORE_PROPERTY_LIMIT = 255
"""The most characters an Office core property (title, subject) may hold; python-docx refuses
more, and Word and Excel truncate. The document body always carries the full text."""


def core_property(text: str) -> str:
    """``text`` cut to the core property limit, with an ellipsis where it was cut."""
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[: CORE_PROPERTY_LIMIT - 1] + "…"
