"""The shared workbook look: row heights for wrapped text and a print setup a reader expects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from rfp.core import kit_layout
from rfp.core.project import load_project
from rfp.core.xlsx import print_setup, row_height
from rfp.generate.kit import write_workbook


def test_row_height_counts_wrapped_lines() -> None:
    # 119 characters in a 60-wide column (59 a line) wrap to 3 lines: 45 points.
    assert row_height(["x" * 119, "short"], [60, 10]) == 45.0
    assert row_height(["a\nb\nc"], [30]) == 45.0  # explicit line breaks count
    assert row_height([""], [10]) == 15.0
    assert row_height(["x" * 100_000], [10]) == 409.0  # Excel's maximum row height


def _lines_counted_plainly(values: list[str], widths: list[int]) -> float:
    """Row height as first written: every line of every cell counted, empty ones as one."""
    lines = 1
    for text, width in zip(values, widths, strict=True):
        per_line = max(width - 1, 1)
        lines = max(lines, sum(max(1, -(-len(line) // per_line)) for line in text.split("\n")))
    return float(min(409, max(15, 15 * lines)))


@given(
    st.lists(
        st.tuples(st.text(alphabet="ab \n", max_size=300), st.integers(min_value=0, max_value=80)),
        max_size=6,
    )
)
def test_row_height_skips_no_line_that_counts(cells: list[tuple[str, int]]) -> None:
    """The shortcuts for empty cells and single paragraphs give the plain count."""
    values, widths = [text for text, _ in cells], [width for _, width in cells]
    assert row_height(values, widths) == _lines_counted_plainly(values, widths)


def test_print_setup_fits_the_width_and_repeats_the_header() -> None:
    sheet = Workbook().active
    assert sheet is not None
    print_setup(sheet, letter=True)
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_LETTER == "1"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    properties = sheet.sheet_properties.pageSetUpPr
    assert properties is not None and properties.fitToPage
    assert sheet.print_title_rows == "$1:$1"


def test_the_response_workbook_prints_and_wraps(
    make_project: Callable[..., Path], tmp_path: Path
) -> None:
    project = load_project(make_project("front"))
    target = tmp_path / kit_layout.WORKBOOK_FILE
    write_workbook(project, target)
    workbook = load_workbook(target)
    compliance = workbook[kit_layout.SHEET_COMPLIANCE]
    heights = [compliance.row_dimensions[r].height for r in range(2, compliance.max_row + 1)]
    assert heights and all(h is not None and h >= 15 for h in heights)
    # A requirement of over 59 characters wraps in the 60-wide column and gets a taller row.
    long_rows = [
        r for r in range(2, compliance.max_row + 1) if len(str(compliance.cell(r, 3).value)) > 59
    ]
    assert long_rows and all(compliance.row_dimensions[r].height >= 30 for r in long_rows)
    for name in (kit_layout.SHEET_COMPLIANCE, kit_layout.SHEET_PRICING):
        assert workbook[name].page_setup.fitToWidth == 1
        assert workbook[name].print_title_rows == "$1:$1"
