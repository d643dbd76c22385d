"""A workbook as plain data: its sheets' tables are gathered first, then written as ``.xlsx``.

Gathering reads the run; writing is openpyxl's, cell by cell, and is most of what writing the
outputs costs on a large tender (the Evidence sheet of 1,000 vendors has over a million cells).
Kept apart, the tables can be handed to a second process that writes the workbook while this
one writes the other outputs: they hold values only (text, numbers, None) and which cells to
shade or grey, so they pickle cheaply and the file is the same whichever process writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rfp.core.files import adopt_run_start, atomic_path, printable
from rfp.core.xlsx import (
    append_row,
    header_look,
    print_setup,
    row_height,
    set_widths,
    styled_rows_sheet,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.styles import Font, PatternFill

Flagged = Callable[[Sequence[Any]], Collection[int]]
"""The columns (from 1) of a row to shade, given the row's values; none for most rows."""
Greyed = Callable[[Sequence[Any], int], bool]
"""Whether a cell is set in the automatic score's grey italic, given its row and column."""

WriteOnlySheet = Any
"""openpyxl's write-only sheet; its stubs lack what the sheet gets at run time (row_dimensions,
auto_filter, conditional_formatting)."""


def safe_text(value: str) -> str:
    """Text as every writer can take it: line breaks and tabs kept, other controls escaped."""
    return printable(value, keep="\n\r\t")


@dataclass(frozen=True)
class ColourScale:
    """A red-amber-green scale over a block of scores, 0 to 5 (the Matrix's cells)."""

    cells: str


@dataclass
class Table:
    """One sheet: a header row, rows of values, and how its cells look."""

    title: str
    headers: list[str]
    rows: Sequence[Sequence[Any]]
    widths: list[int]
    formats: Mapping[int, str] = field(default_factory=dict)
    shaded: dict[int, Collection[int]] = field(default_factory=dict)
    """Row index (from 0) to the columns (from 1) shaded as flagged."""
    greyed: dict[int, Collection[int]] = field(default_factory=dict)
    """Row index (from 0) to the columns (from 1) in the automatic score's grey italic."""
    note: str = ""
    colour_scale: ColourScale | None = None


@dataclass
class Tables:
    """The sheets of a workbook in order, gathered before any is written."""

    letter: bool
    """Whether pages are printed on Letter paper (else A4)."""
    sheets: list[Table] = field(default_factory=list)

    def table(
        self,
        title: str,
        headers: list[str],
        rows: Sequence[Sequence[Any]],
        widths: list[int],
        *,
        formats: Mapping[int, str] | None = None,
        flagged: Flagged | None = None,
        greyed: Greyed | None = None,
        note: str = "",
    ) -> Table:
        """Add a sheet: ``formats`` gives columns (from 1) a number format; ``flagged`` says
        which columns of a row to shade, ``greyed`` which cells hold a score no evaluator gave;
        a ``note`` goes in column B under the table, after an empty row."""
        table = Table(title, headers, rows, widths, dict(formats or {}), note=note)
        for index, values in enumerate(rows):
            shaded = flagged(values) if flagged else ()
            if shaded:
                table.shaded[index] = tuple(shaded)
            grey = [c for c in range(1, len(values) + 1) if greyed(values, c)] if greyed else ()
            if grey:
                table.greyed[index] = tuple(grey)
        self.sheets.append(table)
        return table


def write_tables(tables: Tables, target: Path, run_started: float | None = None) -> None:
    """Write ``tables`` to ``target`` atomically, in openpyxl's write-only mode: each row goes
    to disk as it is appended, with every cell's final style, so a 1,000-vendor workbook is
    never held whole in memory. ``run_started`` is when the command began, given by a process
    that hands this one the work, so that this one leaves its parent's temporary files alone."""
    from openpyxl import Workbook

    if run_started is not None:
        adopt_run_start(run_started)
    workbook = Workbook(write_only=True)
    writer = _Writer(workbook, letter=tables.letter)
    for table in tables.sheets:
        writer.table(table)
    with atomic_path(target) as temporary:
        workbook.save(str(temporary))


def number_format_id(cell: Any) -> int:
    """The cell's number format id; a cell never styled has none yet (the default, 0)."""
    return 0 if cell._style is None else int(cell._style.numFmtId)


class _Writer:
    """The workbook being written and its shared styles: one header look, text never a formula.

    The workbook is write-only, so each cell's look is settled before its row is appended:
    wrapped text, figures on their row's first line, a number format per column, the shading
    of flagged rows and the grey of automatic scores."""

    def __init__(self, workbook: Workbook, *, letter: bool) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        self._new_cell = WriteOnlyCell
        self.workbook = workbook
        self.letter = letter
        self.flag_fill = PatternFill("solid", fgColor="FDE2E1")
        self.auto_font = Font(italic=True, color="7F7F7F")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")
        self.header = header_look()
        self._styles: dict[tuple[int, int, str | None, int, int], Any] = {}

    def table(self, table: Table) -> None:
        """Write one sheet: header, rows, widths, frozen panes, a filter and the note."""
        from openpyxl.utils import get_column_letter

        sheet = styled_rows_sheet(self.workbook, table.title)
        headers, rows, widths = table.headers, table.rows, table.widths
        self._before_rows(sheet, table)
        header_cells = [self._header_cell(sheet, header) for header in headers]
        append_row(sheet, 1, header_cells, row_height(headers, widths))
        formats = table.formats
        for index, values in enumerate(rows):
            shaded = table.shaded.get(index, ())
            grey = table.greyed.get(index, ())
            cells = [
                self.cell(
                    sheet,
                    value,
                    formats.get(column),
                    self.flag_fill if column in shaded else None,
                    self.auto_font if column in grey else None,
                )
                for column, value in enumerate(values, start=1)
            ]
            texts = [value if isinstance(value, str) else "" for value in values]
            append_row(sheet, index + 2, cells, row_height(texts, widths[: len(texts)]))
        if rows:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
        if table.note:
            sheet.append([])
            sheet.append([None, self.cell(sheet, table.note)])
        if table.colour_scale is not None:
            _add_colour_scale(sheet, table.colour_scale)

    def cell(
        self,
        sheet: WriteOnlySheet,
        value: Any,
        number_format: str | None = None,
        fill: PatternFill | None = None,
        font: Font | None = None,
    ) -> Cell:
        """One cell, styled; a string is typed as text so vendor text never becomes a formula.
        The cell is written as it is when its row is appended: never restyle it (its style
        array is shared)."""
        if isinstance(value, str):
            value = safe_text(value)
        cell = self._new_cell(sheet, value)
        if isinstance(value, str):
            cell.data_type = "s"  # never let vendor text become a formula
        # figures line up with the first line of their row's text
        alignment = self.wrap if isinstance(value, str) else self.top
        self._style(cell, alignment, number_format, fill, font)
        return cell

    def _style(
        self,
        cell: Any,
        alignment: Any,
        number_format: str | None,
        fill: PatternFill | None,
        font: Font | None,
    ) -> None:
        """Style a fresh cell with the style array of the first cell styled so (with the same
        number format from its value): openpyxl otherwise hashes every style object again for
        each cell, a third of writing a 1,000-vendor workbook. The array is shared, not copied,
        as cells are written unchanged; the fill and font are the writer's own long-lived
        objects, so their ids are stable keys."""
        # A format is text, keyed as such: a format string built per call could be freed and
        # its id given to another.
        key = (id(alignment), number_format_id(cell), number_format, id(fill), id(font))
        known = self._styles.get(key)
        if known is not None:
            cell._style = known
            return
        cell.alignment = alignment
        if number_format is not None:
            cell.number_format = number_format
        if fill is not None:
            cell.fill = fill
        if font is not None:
            cell.font = font
        self._styles[key] = copy(cell._style)

    def _before_rows(self, sheet: WriteOnlySheet, table: Table) -> None:
        """What a write-only sheet writes before its first row: the cells' extent, frozen
        panes, column widths and page setup."""
        from openpyxl.utils import get_column_letter

        headers, rows, note = table.headers, table.rows, table.note
        columns = max([len(headers), 2 if note else 1, *map(len, rows)])
        last_row = 1 + len(rows) + (2 if note else 0)
        sheet.dimension = f"A1:{get_column_letter(columns)}{last_row}"
        set_widths(sheet, table.widths)
        sheet.freeze_panes = "C2" if len(headers) > 6 else "A2"
        print_setup(sheet, letter=self.letter)

    def _header_cell(self, sheet: WriteOnlySheet, header: str) -> Cell:
        """A header cell: headers include vendor names, so it is text, never a formula."""
        cell = self._new_cell(sheet, safe_text(header))
        cell.data_type = "s"
        font, fill, alignment = self.header
        self._style(cell, alignment, None, fill, font)
        return cell


def _add_colour_scale(sheet: WriteOnlySheet, scale: ColourScale) -> None:
    """Red at 0, amber at 2.5, green at 5."""
    from openpyxl.formatting.rule import ColorScaleRule

    sheet.conditional_formatting.add(
        scale.cells,
        ColorScaleRule(
            start_type="num",
            start_value=0,
            start_color="F8D7DA",
            mid_type="num",
            mid_value=2.5,
            mid_color="FFF3CD",
            end_type="num",
            end_value=5,
            end_color="D4EDDA",
        ),
    )
