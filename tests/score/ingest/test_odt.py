""".odt proposals: converted by LibreOffice where it is installed; otherwise, or when the file
is not OpenDocument text, a message saying what to send. The real conversion is exercised in
tests/test_office_roundtrip.py."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from rfp.errors import ProposalReadError
from rfp.score.ingest import odt, read


def odt_package() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def test_without_libreoffice_the_message_says_what_to_send(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("rfp.score.ingest.odt.shutil.which", lambda name: None)
    path = tmp_path / "proposal.odt"
    path.write_bytes(odt_package())
    with pytest.raises(ProposalReadError) as caught:
        read(path)
    assert caught.value.file == str(path)
    assert "LibreOffice is installed" in caught.value.reason
    assert caught.value.reason.endswith("ask for a .docx or PDF copy")


@pytest.mark.parametrize(
    "data", [b"plain words named .odt", b"PK\x03\x04 truncated", b"\x00" * 64], ids=str
)
def test_bytes_that_are_not_opendocument_text_never_reach_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes
) -> None:
    def no_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("LibreOffice must not be started")

    monkeypatch.setattr(odt, "_run", no_run)
    monkeypatch.setattr("rfp.score.ingest.odt.shutil.which", lambda name: "/usr/bin/soffice")
    path = tmp_path / "proposal.odt"
    path.write_bytes(data)
    with pytest.raises(ProposalReadError, match=r"not an OpenDocument text file.*\.docx or PDF"):
        read(path)


def test_a_spreadsheet_renamed_odt_is_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    path = tmp_path / "proposal.odt"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ProposalReadError, match="not an OpenDocument text file"):
        read(path)


def test_a_conversion_that_hangs_is_killed_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stand-in soffice that never finishes: killed after the time limit, the file named."""
    hang = tmp_path / "soffice"
    hang.write_text("#!/bin/sh\nsleep 60\n", encoding="utf-8")
    hang.chmod(0o755)
    real_which = shutil.which
    monkeypatch.setattr(
        "rfp.score.ingest.odt.shutil.which",
        lambda name: str(hang) if name == "soffice" else real_which(name),
    )
    monkeypatch.setattr(odt, "CONVERT_SECONDS", 1)
    path = tmp_path / "proposal.odt"
    path.write_bytes(odt_package())
    with pytest.raises(ProposalReadError) as caught:
        read(path)
    assert caught.value.file == str(path)
    assert "took over 1 s to convert this .odt" in caught.value.reason
