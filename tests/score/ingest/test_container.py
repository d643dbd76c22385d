"""The zip-bomb guard: a DOCX, XLSX or ODS whose members unpack past ``limits.unzipped_mb`` is
refused from its zip directory, before any parser inflates it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from rfp.core.spec import Limits
from rfp.errors import ProposalReadError
from rfp.score.ingest import read
from rfp.score.ingest.container import check_unzipped
from rfp.score.ingest.kit import read_workbook
from tests.factories import write_docx

MB = 1024 * 1024


def zeros_zip(members: dict[str, int]) -> bytes:
    """A zip whose members are runs of zeros: 2 MB compresses to about 2 KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, size in members.items():
            archive.writestr(name, b"\0" * size)
    return buffer.getvalue()


def test_the_declared_sizes_are_summed_over_every_member() -> None:
    data = zeros_zip({"word/document.xml": MB, "word/media/a.bin": MB + 1})
    assert len(data) < 20_000
    check_unzipped("f.docx", data, 2 * MB + 1)  # exactly at the limit: read
    with pytest.raises(ProposalReadError) as caught:
        check_unzipped("f.docx", data, 2 * MB)
    assert caught.value.file == "f.docx"
    assert "unpacks to 2 MB, more than the 2 MB" in caught.value.reason
    assert "limits.unzipped_mb in rfp.yaml" in caught.value.reason


def test_bytes_that_are_not_a_zip_are_left_to_their_reader() -> None:
    check_unzipped("f.docx", b"not a zip at all", 1)


def test_a_docx_bomb_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    bomb = tmp_path / "proposal.docx"
    bomb.write_bytes(zeros_zip({"[Content_Types].xml": 2 * MB}))
    with pytest.raises(ProposalReadError, match=r"unpacks to 2 MB.*limits\.unzipped_mb"):
        read(bomb, Limits(unzipped_mb=1))


def test_a_real_docx_under_the_limit_is_read(tmp_path: Path) -> None:
    document = read(write_docx(tmp_path / "proposal.docx"), Limits(unzipped_mb=1))
    assert document.text


def test_a_workbook_bomb_is_refused_naming_the_file(tmp_path: Path) -> None:
    bomb = tmp_path / "response-workbook.xlsx"
    bomb.write_bytes(zeros_zip({"xl/worksheets/sheet1.xml": 2 * MB}))
    with pytest.raises(ProposalReadError) as caught:
        read_workbook(bomb, "REF", limits=Limits(unzipped_mb=1))
    assert caught.value.file == str(bomb)
    assert "limits.unzipped_mb" in caught.value.reason
