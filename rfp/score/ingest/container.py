"""Zip-bomb guard for the zip containers vendors send: DOCX, XLSX and ODS.

A few kilobytes of zip can unpack to gigabytes. The sizes the zip's directory declares are
summed before any parser opens the file; Python's zipfile (used by python-docx and openpyxl)
never inflates a member past its declared size, so a directory that understates is caught by
the reader's own checks rather than exhausting memory.
"""

from __future__ import annotations

import io
import zipfile

from rfp.errors import ProposalReadError

_MB = 1024 * 1024


def check_unzipped(file: str, data: bytes, limit_bytes: int) -> None:
    """Raise ProposalReadError when ``data`` is a zip whose members unpack past the limit.

    Bytes that are not a zip pass through: the format's own reader says what is wrong.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return
    if total > limit_bytes:
        raise ProposalReadError(
            file,
            f"unpacks to {total / _MB:,.0f} MB, more than the {limit_bytes / _MB:,.0f} MB read "
            "from one file (limits.unzipped_mb in rfp.yaml); not read: ask for a smaller copy",
        )


def too_large(file: str, size: int, limit_bytes: int) -> ProposalReadError:
    """The error for a file over the per-file size limit, checked before it is read."""
    return ProposalReadError(
        file,
        f"is {size / _MB:,.1f} MB, more than the {limit_bytes / _MB:,.0f} MB read from one "
        "file (limits.file_mb in rfp.yaml); not read: ask for a smaller copy",
    )
