"""A workbook as plain data: each sheet's table is gathered, then written as ``.xlsx``.

Gathering reads the run; writing is XlsxWriter's, cell by cell, and is most of what writing the
outputs costs on a large tender (the Evidence sheet of 1,000 vendors has over a million cells).
Kept apart, the tables can be handed to a second process that writes the workbook while this
one writes the other outputs, one sheet at a time through a file (``dump_sheets``): they hold
values only (text, numbers, None) and which cells to shade or grey, so they pickle cheaply and
the file is the same whichever process writes it.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import pickle
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple, overload

from rfp.core.files import adopt_run_start, atomic_path, printable
from rfp.core.xlsx import BRAND_COLOUR, row_height

if TYPE_CHECKING:
    pass

Flagged = Callable[[Sequence[Any]], Collection[int]]
"""The columns (from 1) of a row to shade, given the row's values; none for most rows."""
Greyed = Callable[[Sequence[Any], int], bool]
"""Whether a cell is set in the automatic score's grey italic, given its row and column."""


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
    """Sheets of a workbook in order, as gathered (``table`` adds one, or its parts)."""

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
        a ``note`` goes in column B under the table, after an empty row.

        A table longer than a sheet holds (``SHEET_ROWS``) goes on as "<title> (2)", "(3)"...,
        each part with the header and a note of the rows it holds: Excel would cut it short
        without a word. The first part is returned."""
        part_rows = SHEET_ROWS - 3  # the header, and the note after an empty row
        if len(rows) <= part_rows:
            parts = [Table(title, headers, rows, widths, dict(formats or {}), note=note)]
        else:
            starts = range(0, len(rows), part_rows)
            parts = [
                Table(
                    _part_title(title, part),
                    headers,
                    rows[start : start + part_rows],
                    widths,
                    dict(formats or {}),
                    note=_part_note(title, start, len(rows), part_rows, len(starts)),
                )
                for part, start in enumerate(starts, 1)
            ]
        if flagged is not None or greyed is not None:
            for table in parts:
                _mark(table, flagged, greyed)
        self.sheets += parts
        return parts[0]


class PackedRows(Sequence[Sequence[Any]]):
    """Rows kept pickled and compressed, ``PACKED_ROWS`` to a chunk, and read back one chunk
    at a time: the Evidence sheet of 10,000 vendors is 810,000 rows, gathered whole before it
    is handed to the process that writes it. As lists of values they took about 0.5 KB a row
    (at 100 x 30), packed 0.23 KB. Rows come back as lists."""

    def __init__(self, rows: Iterable[Sequence[Any]]) -> None:
        self._chunks: list[bytes] = []
        self._length = 0
        self._stream: _ChunkStream | None = None
        source = iter(rows)
        while chunk := list(itertools.islice(source, PACKED_ROWS)):
            self._chunks.append(zlib.compress(pickle.dumps(chunk, protocol=5), 1))
            self._length += len(chunk)

    @classmethod
    def _following(cls, handle: BinaryIO, length: int, chunks: int) -> PackedRows:
        """Rows whose chunks follow in a dump (``dump_sheets``), read from ``handle`` as the
        rows are iterated: once, in order, holding one chunk at a time."""
        rows = cls(())
        rows._length, rows._stream = length, _ChunkStream(handle, chunks)
        return rows

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[Sequence[Any]]:
        chunks = self._chunks if self._stream is None else self._stream.chunks()
        for packed in chunks:
            yield from pickle.loads(zlib.decompress(packed))

    @overload
    def __getitem__(self, index: int) -> Sequence[Any]: ...

    @overload
    def __getitem__(self, index: slice) -> PackedRows: ...

    def __getitem__(self, index: int | slice) -> Sequence[Any] | PackedRows:
        if self._stream is not None:
            raise TypeError("rows read from a dump are read once, in order, by iterating")
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            return PackedRows(itertools.islice(self, start, stop, step))
        if not -self._length <= index < self._length:
            raise IndexError(index)
        chunk, place = divmod(index % self._length, PACKED_ROWS)
        rows: list[Sequence[Any]] = pickle.loads(zlib.decompress(self._chunks[chunk]))
        return rows[place]


class _ChunkStream:
    """The chunks of one table's rows as they follow it in a dump, each read once."""

    def __init__(self, handle: BinaryIO, chunks: int) -> None:
        self.handle = handle
        self.left = chunks

    def chunks(self) -> Iterator[bytes]:
        if self.left < 0:
            raise TypeError("rows read from a dump are read once")
        while self.left > 0:
            self.left -= 1
            packed: bytes = pickle.load(self.handle)
            yield packed
        self.left = -1

    def skip_rest(self) -> None:
        """Read past the chunks not taken, so that the next table's pickle comes next."""
        while self.left > 0:
            self.left -= 1
            pickle.load(self.handle)


class _PackedTable(NamedTuple):
    """A table in a dump whose packed rows follow it, a chunk to a pickle."""

    table: Table
    length: int
    chunks: int


PACKED_ROWS = 4096
"""Rows a chunk of ``PackedRows`` holds: enough for zlib to find the repeats of vendor names,
terms and file names, small enough to unpack in a moment."""


SHEET_ROWS = 1_048_576
"""The rows an Excel sheet holds."""


def _part_title(title: str, part: int) -> str:
    """A sheet's title, and "<title> (n)" for its n-th part, within Excel's 31 characters."""
    if part == 1:
        return title
    suffix = f" ({part})"
    return title[: 31 - len(suffix)] + suffix


def _part_note(title: str, start: int, total: int, part_rows: int, parts: int) -> str:
    end = min(start + part_rows, total)
    return (
        f"Rows {start + 1:,} to {end:,} of the {total:,} of the {title} table, which goes on "
        f"over {parts} sheets: a sheet holds at most {SHEET_ROWS:,} rows."
    )


def _mark(table: Table, flagged: Flagged | None, greyed: Greyed | None) -> None:
    """Record which cells of ``table``'s rows are shaded as flagged or greyed as automatic."""
    for index, values in enumerate(table.rows):
        shaded = flagged(values) if flagged else ()
        if shaded:
            table.shaded[index] = tuple(shaded)
        grey = [c for c in range(1, len(values) + 1) if greyed(values, c)] if greyed else ()
        if grey:
            table.greyed[index] = tuple(grey)


def write_tables(tables: Tables, target: Path, run_started: float | None = None) -> None:
    """Write ``tables`` to ``target`` atomically (``write_sheets``)."""
    write_sheets(tables.letter, tables.sheets, target, run_started)


def dump_sheets(
    letter: bool,
    sheets: Iterable[Table],
    handle: BinaryIO,
    properties: Mapping[str, Any] | None = None,
) -> None:
    """Pickle a workbook's sheets to ``handle`` one at a time, as they are gathered, for
    another process to write (``write_dumped``): neither process then holds every table at
    once, nor the one a pickle of them all (at 10,000 vendors, hundreds of MB each). Pickle
    is safe here: the file is this run's own, in a private temporary folder."""
    pickle.dump((letter, dict(properties or {})), handle, protocol=5)
    for table in sheets:
        rows = table.rows
        if not isinstance(rows, PackedRows) or rows._stream is not None:
            pickle.dump(table, handle, protocol=5)
            continue
        # A chunk at a time, for the writer to read a chunk at a time: at 10,000 vendors the
        # Evidence rows are about 190 MB packed, which neither side need hold for the other.
        empty = dataclasses.replace(table, rows=[])
        pickle.dump(_PackedTable(empty, len(rows), len(rows._chunks)), handle, protocol=5)
        for chunk in rows._chunks:
            pickle.dump(chunk, handle, protocol=5)


def write_dumped(dump: Path, target: Path, run_started: float | None = None) -> None:
    """Write the sheets ``dump_sheets`` wrote to ``dump`` to ``target``, one sheet at a time."""
    with dump.open("rb") as handle:
        letter, properties = pickle.load(handle)
        write_sheets(letter, _pickled(handle), target, run_started, properties)


def _pickled(handle: BinaryIO) -> Iterator[Table]:
    while True:
        try:
            item: Table | _PackedTable = pickle.load(handle)
        except EOFError:
            return
        if isinstance(item, Table):
            yield item
            continue
        rows = PackedRows._following(handle, item.length, item.chunks)
        yield dataclasses.replace(item.table, rows=rows)
        assert rows._stream is not None
        rows._stream.skip_rest()


def write_sheets(
    letter: bool,
    sheets: Iterable[Table],
    target: Path,
    run_started: float | None = None,
    properties: Mapping[str, Any] | None = None,
) -> None:
    """Write ``sheets`` to ``target`` atomically, with XlsxWriter in its constant-memory mode:
    each row goes to disk once written, so a 1,000-vendor workbook is never held whole in
    memory, at about 1.5 times openpyxl's write-only speed. ``letter`` sets Letter paper
    (else A4). ``run_started`` is when the command began, given by a process that hands this
    one the work, so that this one leaves its parent's temporary files alone. ``properties``
    are XlsxWriter's document properties; a ``created`` time there keeps the same sheets the
    same bytes (XlsxWriter stamps the time of writing otherwise)."""
    import xlsxwriter

    if run_started is not None:
        adopt_run_start(run_started)
    with atomic_path(target) as temporary:
        workbook = xlsxwriter.Workbook(
            str(temporary),
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        if properties:
            workbook.set_properties(dict(properties))
        writer = _Writer(workbook, letter=letter)
        for table in sheets:
            writer.table(table)
        workbook.close()


CELL_TEXT_LIMIT = 32767
"""The most characters an Excel cell holds; XlsxWriter would cut a longer text silently."""

_DIGIT_PIXELS = 7
"""XlsxWriter's width of a digit in the default font: a width of n characters is n times
this many pixels, so the file says exactly n, as every other workbook rfp writes does."""


class _Writer:
    """The workbook being written and its shared looks: one header look, text never a formula.

    Each cell gets its whole look as it is written: wrapped text, figures on their row's first
    line, a number format per column, the shading of flagged rows and the grey of automatic
    scores. XlsxWriter writes a string as text whatever it starts with, so vendor text never
    becomes a formula."""

    def __init__(self, workbook: Any, *, letter: bool) -> None:
        self.workbook = workbook
        self.letter = letter
        self._formats: dict[tuple[bool, str | None, bool, bool], Any] = {}
        self.header = workbook.add_format(
            {
                "bold": True,
                "font_color": "#FFFFFF",
                "pattern": 1,
                "bg_color": "#" + BRAND_COLOUR,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )

    def look(self, text: bool, number_format: str | None, shaded: bool, grey: bool) -> Any:
        """The format of a cell: made once for each combination, as Excel keeps each once."""
        key = (text, number_format, shaded, grey)
        found = self._formats.get(key)
        if found is None:
            properties: dict[str, Any] = {"valign": "top", "text_wrap": text}
            if number_format is not None:
                properties["num_format"] = number_format
            if shaded:
                properties.update(pattern=1, bg_color="#FDE2E1")
            if grey:
                properties.update(italic=True, font_color="#7F7F7F")
            found = self._formats[key] = self.workbook.add_format(properties)
        return found

    def table(self, table: Table) -> None:
        """Write one sheet: widths, frozen panes, page setup, header, rows, a filter, the note
        and any colour scale."""
        sheet = self.workbook.add_worksheet(table.title)
        headers, rows, widths = table.headers, table.rows, table.widths
        self._before_rows(sheet, table)
        sheet.set_row(0, row_height(headers, widths))
        for column, header in enumerate(headers):
            sheet.write_string(0, column, safe_text(header), self.header)
        plain: dict[tuple[int, bool], Any] = {}  # (column, text) to its look, this table's
        for index, values in enumerate(rows):
            texts = [value if isinstance(value, str) else "" for value in values]
            sheet.set_row(index + 1, row_height(texts, widths[: len(texts)]))
            self._row(sheet, table, index, values, plain)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(headers) - 1)
        if table.note:  # one line, spilling over the empty cells to its right: a narrow
            # column B (the Evidence sheet's ID) wrapped a note into a sliver, cut by its row
            sheet.write_string(
                len(rows) + 2, 1, safe_text(table.note), self.look(False, None, False, False)
            )
        if table.colour_scale is not None:
            _add_colour_scale(sheet, table.colour_scale)

    def _row(
        self,
        sheet: Any,
        table: Table,
        index: int,
        values: Sequence[Any],
        plain: dict[tuple[int, bool], Any],
    ) -> None:
        """Row ``index`` of ``table``; ``plain`` keeps the looks of its unshaded, ungreyed
        cells by column and kind, found once a table rather than by a key built per cell."""
        shaded = table.shaded.get(index, ())
        grey = table.greyed.get(index, ())
        formats = table.formats
        row = index + 1
        for column, value in enumerate(values):
            text = isinstance(value, str)
            if shaded or grey:
                number_format = formats.get(column + 1)
                look = self.look(text, number_format, column + 1 in shaded, column + 1 in grey)
            else:
                look = plain.get((column, text))
                if look is None:
                    look = plain[column, text] = self.look(
                        text, formats.get(column + 1), False, False
                    )
            if _blank(value):  # no empty text, no "nan": a blank cell, but with its look
                sheet.write_blank(row, column, None, look)
            elif text:
                sheet.write_string(row, column, _cell_text(value), look)
            elif isinstance(value, bool):
                sheet.write_boolean(row, column, value, look)
            else:
                sheet.write_number(row, column, value, look)

    def _before_rows(self, sheet: Any, table: Table) -> None:
        """Column widths, frozen panes and the page setup: landscape, all columns on one page
        width, the header repeated on every page, on Letter or A4 paper."""
        for column, width in enumerate(table.widths):
            sheet.set_column_pixels(column, column, width * _DIGIT_PIXELS)
        sheet.freeze_panes(1, 2 if len(table.headers) > 6 else 0)
        sheet.set_landscape()
        sheet.set_paper(1 if self.letter else 9)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)


def _blank(value: Any) -> bool:
    """Whether ``value`` is written as a blank cell: None, empty text, or a number that is no
    number (NaN, an infinity), which openpyxl wrote as an empty value and Excel cannot hold."""
    if value is None or value == "":
        return True
    return isinstance(value, float) and not math.isfinite(value)


def _cell_text(value: str) -> str:
    """Vendor text for a cell, cut where Excel stops, saying so in the cell."""
    text = safe_text(value)
    if len(text) <= CELL_TEXT_LIMIT:
        return text
    cut = f" [cut: {len(text):,} characters, more than a cell holds; evidence.jsonl has all]"
    return text[: CELL_TEXT_LIMIT - len(cut)] + cut


def _add_colour_scale(sheet: Any, scale: ColourScale) -> None:
    """Red at 0, amber at 2.5, green at 5."""
    sheet.conditional_format(
        scale.cells,
        {
            "type": "3_color_scale",
            "min_type": "num",
            "min_value": 0,
            "min_color": "#F8D7DA",
            "mid_type": "num",
            "mid_value": 2.5,
            "mid_color": "#FFF3CD",
            "max_type": "num",
            "max_value": 5,
            "max_color": "#D4EDDA",
        },
    )
