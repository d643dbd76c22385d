"""The .ods reader: what a hostile OpenDocument workbook can claim, and rows kept from A1."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rfp.errors import ProposalReadError
from rfp.score.ingest.kit import read_workbook
from rfp.score.ingest.sheetbook import _bounded, claimed_cells, ods_content


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
