"""The one look every workbook rfp writes shares: the response kit, evaluator sheets, scores.

Styles are built on call, inside functions, so importing this module does not import openpyxl.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.styles import Font, PatternFill

BRAND_COLOUR = "0B3D6E"
INPUT_COLOUR = "FFF7D6"  # the yellow of the cells a vendor or an evaluator fills in


def style_header(sheet: Any, widths: Sequence[float]) -> None:
    """Style row 1 as a header (white bold on the brand colour, wrapped) and set the widths of
    the columns it heads; the caller writes the header text."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor=BRAND_COLOUR)
    for column, width in enumerate(widths, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.font = font
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(column)].width = width


def title_font() -> Font:
    """The font of an instructions sheet's title line."""
    from openpyxl.styles import Font

    return Font(bold=True, size=13, color=BRAND_COLOUR)


def input_fill() -> PatternFill:
    """The fill of a cell someone is asked to fill in."""
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=INPUT_COLOUR)
