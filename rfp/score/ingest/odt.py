"""OpenDocument text (.odt) proposals, read by converting them to DOCX with LibreOffice.

No Python library reads .odt with the headings and tables the DOCX reader relies on, but
LibreOffice, where installed, converts it faithfully. The conversion runs on a copy in a private
temporary folder with its own throwaway profile, under a time limit, with no network where the
system allows it (a private network namespace) and a dead proxy otherwise; the vendor's file is
never opened by LibreOffice in place.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Final

from rfp.errors import ProposalReadError

CONVERT_SECONDS: Final = 120
"""Longest an .odt conversion may take; LibreOffice starts in a few seconds."""

SEND_INSTEAD: Final = "ask for a .docx or PDF copy"

_DEAD_PROXY: Final = "http://127.0.0.1:9"
_ODT_MIMETYPE: Final = b"application/vnd.oasis.opendocument.text"


def odt_to_docx(file: str, data: bytes) -> bytes:
    """The DOCX bytes LibreOffice makes of an .odt; ProposalReadError naming ``file`` if it
    cannot (LibreOffice missing, the conversion failing or running past its time)."""
    if not _is_odt(data):
        raise ProposalReadError(
            file, f"is not an OpenDocument text file (named .odt); {SEND_INSTEAD}"
        )
    soffice = shutil.which("soffice")
    if soffice is None:
        raise ProposalReadError(
            file,
            "is OpenDocument text (.odt), which is read only where LibreOffice is installed "
            f"(soffice); {SEND_INSTEAD}",
        )
    with tempfile.TemporaryDirectory(prefix="rfp-odt-") as folder:
        work = Path(folder)
        source = work / "proposal.odt"
        source.write_bytes(data)
        command = [
            *_offline_prefix(),
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        _run(file, command)
        converted = work / "out" / "proposal.docx"
        if not converted.is_file():
            raise ProposalReadError(
                file, f"LibreOffice could not convert this .odt; {SEND_INSTEAD}"
            )
        return converted.read_bytes()


def _is_odt(data: bytes) -> bool:
    """Only a real OpenDocument text package is handed to LibreOffice, which would otherwise
    guess at any bytes (as plain text, say) rather than refuse them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").strip() == _ODT_MIMETYPE
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, RuntimeError):
        return False


def _run(file: str, command: list[str]) -> None:
    """Run the conversion in its own process group, killed whole if it runs too long."""
    environment = {
        **os.environ,
        "http_proxy": _DEAD_PROXY,
        "https_proxy": _DEAD_PROXY,
        "HTTP_PROXY": _DEAD_PROXY,
        "HTTPS_PROXY": _DEAD_PROXY,
    }
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
        start_new_session=True,
    ) as process:
        try:
            process.wait(timeout=CONVERT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise ProposalReadError(
                file,
                f"LibreOffice took over {CONVERT_SECONDS} s to convert this .odt; {SEND_INSTEAD}",
            ) from None


@functools.cache
def _offline_prefix() -> tuple[str, ...]:
    """``unshare -rn`` (no network at all) where this system lets an ordinary process use it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    try:
        probe = subprocess.run(
            [unshare, "-rn", "true"], capture_output=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    return (unshare, "-rn") if probe.returncode == 0 else ()
