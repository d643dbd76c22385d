"""A workbook gathered as tables and written by XlsxWriter: text stays text, a cell holds what
Excel holds, and every cell keeps its look."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from rfp.score import tables as tables_module
from rfp.score.tables import (
    CELL_TEXT_LIMIT,
    PackedRows,
    Table,
    Tables,
    dump_sheets,
    write_dumped,
    write_tables,
)


def test_text_past_excels_limit_is_cut_saying_so(tmp_path: Path) -> None:
    tables = Tables(letter=False)
    long_quote = "x" * (CELL_TEXT_LIMIT + 10)
    tables.table("Evidence", ["Vendor", "Evidence"], [["Acme", long_quote]], [24, 70])
    write_tables(tables, tmp_path / "t.xlsx")
    cell = str(load_workbook(tmp_path / "t.xlsx")["Evidence"]["B2"].value)
    assert len(cell) == CELL_TEXT_LIMIT
    assert cell.endswith("[cut: 32,777 characters, more than a cell holds; evidence.jsonl has all]")


def test_formulas_stay_text_and_blanks_keep_their_look(tmp_path: Path) -> None:
    """'=1+1' is text; None and "" are blank cells, shaded with their flagged row."""
    tables = Tables(letter=True)
    rows: list[list[Any]] = [["=1+1", None, "", 3.5], ["fine", "x", "y", 1]]
    tables.table(
        "Sheet",
        ["A", "B", "C", "D"],
        rows,
        [10, 10, 10, 10],
        formats={4: "#,##0.0"},
        flagged=lambda values: (1, 2, 3) if values[0].startswith("=") else (),
    )
    write_tables(tables, tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx")["Sheet"]
    assert (sheet["A2"].value, sheet["A2"].data_type) == ("=1+1", "s")
    assert sheet["B2"].value is None and sheet["C2"].value is None
    shaded = [c.coordinate for row in sheet.iter_rows(min_row=2) for c in row if c.fill.fill_type]
    assert shaded == ["A2", "B2", "C2"]
    assert sheet["D2"].number_format == sheet["D3"].number_format == "#,##0.0"
    assert str(sheet.page_setup.paperSize) == "1"  # Letter


def test_a_number_that_is_no_number_is_a_blank_cell(tmp_path: Path) -> None:
    """An evaluator statistic with no value (NaN) is left blank, as openpyxl wrote it."""
    tables = Tables(letter=False)
    rows: list[list[Any]] = [["alice", float("nan"), float("inf"), 2.5]]
    tables.table("Evaluators", ["Evaluator", "Mean", "Spread", "Score"], rows, [16, 8, 8, 8])
    write_tables(tables, tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx")["Evaluators"]
    assert [cell.value for cell in sheet[2]] == ["alice", None, None, 2.5]


def test_a_table_longer_than_a_sheet_goes_on_in_numbered_sheets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 8 rows a sheet (5 for data), 12 rows go on three sheets of 5, 5 and 2, each with the
    header, its own shading, and a note of the rows it holds; nothing is cut."""
    monkeypatch.setattr(tables_module, "SHEET_ROWS", 8)
    tables = Tables(letter=False)
    rows = [[f"v{number}", number] for number in range(1, 13)]
    first = tables.table(
        "A title of exactly thirty-one c",
        ["Vendor", "Score"],
        rows,
        [10, 10],
        flagged=lambda values: (1,) if values[1] % 3 == 0 else (),
        note="ignored when split",
    )
    assert first is tables.sheets[0]
    write_tables(tables, tmp_path / "t.xlsx")
    book = load_workbook(tmp_path / "t.xlsx")
    assert book.sheetnames == [
        "A title of exactly thirty-one c",
        "A title of exactly thirty-o (2)",
        "A title of exactly thirty-o (3)",
    ]
    read: list[Any] = []
    for sheet, (low, high) in zip(book.worksheets, [(1, 5), (6, 10), (11, 12)], strict=True):
        assert [c.value for c in sheet[1]] == ["Vendor", "Score"]
        data = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_col=2)]
        values = [row for row in data if row[0] is not None]
        assert [row[1] for row in values] == list(range(low, high + 1))
        shaded = [c.value for row in sheet.iter_rows(min_row=2) for c in row if c.fill.fill_type]
        assert shaded == [f"v{n}" for n in range(low, high + 1) if n % 3 == 0]
        assert sheet.cell(high - low + 4, 2).value == (
            f"Rows {low} to {high} of the 12 of the A title of exactly thirty-one c table, "
            "which goes on over 3 sheets: a sheet holds at most 8 rows."
        )
        assert not sheet.cell(high - low + 4, 2).alignment.wrap_text  # one readable line
        assert sheet.max_row == high - low + 4 <= 8
        read += values
    assert read == rows


def test_a_table_that_fits_keeps_its_title_and_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables_module, "SHEET_ROWS", 8)
    tables = Tables(letter=False)
    tables.table("Evidence", ["Vendor"], [["a"]] * 5, [10], note="the note")
    write_tables(tables, tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx")["Evidence"]
    assert [sheet.title for sheet in load_workbook(tmp_path / "t.xlsx").worksheets] == ["Evidence"]
    assert (sheet.max_row, sheet["B8"].value) == (8, "the note")


def test_packed_rows_read_back_as_the_rows_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 3: every row, by position (from either end) and by slice, across chunk edges,
    and after a trip through pickle, as a process hands it to another."""
    monkeypatch.setattr(tables_module, "PACKED_ROWS", 3)
    rows = [[f"quote {n}", n, n / 7, None, ""] for n in range(10)]
    packed = PackedRows(row for row in rows)  # a generator, read once
    assert len(packed) == 10 and list(packed) == rows
    assert [packed[i] for i in (0, 2, 3, 9, -1, -10)] == [rows[i] for i in (0, 2, 3, 9, -1, -10)]
    for index in (10, -11):
        with pytest.raises(IndexError):
            packed[index]
    assert list(packed[2:8]) == rows[2:8] and list(packed[::4]) == rows[::4]
    assert list(packed[7:2]) == [] and len(PackedRows([])) == 0
    assert list(pickle.loads(pickle.dumps(packed))) == rows


def test_a_table_of_packed_rows_is_written_as_its_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tables_module, "PACKED_ROWS", 2)
    rows = [["Acme", "SEC-01", 4.5, "=not a formula", None], ["Beta", "QC-01", 0, "x\ny", 7]]
    written = []
    for name, given in (("list", rows), ("packed", PackedRows(rows))):
        tables = Tables(letter=False)
        tables.table("Evidence", ["Vendor", "ID", "Score", "Quote", "Page"], given, [9] * 5)
        write_tables(tables, tmp_path / f"{name}.xlsx")
        sheet = load_workbook(tmp_path / f"{name}.xlsx")["Evidence"]
        written.append([[cell.value for cell in row] for row in sheet.iter_rows()])
    assert written[0] == written[1] and written[0][1] == rows[0]


def test_sheets_dumped_one_at_a_time_are_written_as_the_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the second process writes from the dump is the workbook written from the tables:
    every sheet, in order, with its values, looks, paper and note (packed rows in chunks of
    one, each read from the dump as the sheet is written)."""
    monkeypatch.setattr(tables_module, "PACKED_ROWS", 1)
    tables = Tables(letter=True)
    tables.table("Ranking", ["Vendor", "Total"], [["Acme", 71.5], ["Beta", 64.0]], [20, 9])
    tables.table(
        "Evidence",
        ["Vendor", "Quote"],
        PackedRows([["Acme", "=SUM(A1)"], ["Beta", "x\ny"]]),
        [20, 60],
        flagged=lambda values: (2,) if values[0] == "Beta" else (),
        note="a note",
    )
    write_tables(tables, tmp_path / "direct.xlsx")
    dump = tmp_path / "sheets.pickle"
    with dump.open("wb") as handle:
        dump_sheets(tables.letter, iter(tables.sheets), handle)
    write_dumped(dump, tmp_path / "dumped.xlsx")
    seen = []
    for name in ("direct", "dumped"):
        book = load_workbook(tmp_path / f"{name}.xlsx")
        seen.append(
            [
                (
                    sheet.title,
                    str(sheet.page_setup.paperSize),
                    [(c.value, c.fill.fill_type) for row in sheet.iter_rows() for c in row],
                )
                for sheet in book.worksheets
            ]
        )
    assert seen[0] == seen[1]
    assert [title for title, _, _ in seen[1]] == ["Ranking", "Evidence"]
    assert ("a note", None) in seen[1][1][2] and ("x\ny", "solid") in seen[1][1][2]


def test_packed_rows_follow_their_table_in_the_dump_and_are_read_once_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer holds one chunk at a time; rows it leaves unread are skipped, so the next
    table still comes whole; rows read from the dump cannot be indexed or read twice."""
    monkeypatch.setattr(tables_module, "PACKED_ROWS", 2)
    first = [[f"row {n}", n] for n in range(5)]
    second = [["only", 1.5]]
    dump = tmp_path / "sheets.pickle"
    with dump.open("wb") as handle:
        dump_sheets(
            False,
            [
                Table("A", ["x", "n"], PackedRows(first), [9, 9]),
                Table("B", ["x", "n"], second, [9, 9]),
                Table("C", ["x", "n"], PackedRows(first), [9, 9]),
            ],
            handle,
        )
    with dump.open("rb") as handle:
        assert pickle.load(handle) == (False, {})  # the paper and the document properties
        tables = tables_module._pickled(handle)
        a = next(tables)
        assert len(a.rows) == 5 and next(iter(a.rows)) == first[0]  # the rest left unread
        with pytest.raises(TypeError):
            a.rows[0]
        b = next(tables)
        assert (b.title, list(b.rows)) == ("B", second)
        c = next(tables)
        assert (c.title, len(c.rows), list(c.rows)) == ("C", 5, first)
        with pytest.raises(TypeError):
            list(c.rows)
        assert next(tables, None) is None
