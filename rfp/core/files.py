"""Atomic output writing: a reader never sees a half-written file, and a failure loses nothing.

Also the one way a name from the file system is shown: vendor folder and file names are data,
and may hold control characters or bytes that are not UTF-8.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Final

TEMP_SUFFIX: Final = ".tmp"
# Our temporary names: "." + target name + "." + mkstemp's 8 random characters + ".tmp".
_TEMP_NAME: Final = re.compile(r"\A\.(?P<target>.+)\.[A-Za-z0-9_]{8}\.tmp\Z")
_run_started = [time.time()]
"""When the run this process works for began: its own start, or its parent's (see
``adopt_run_start``); temporary files changed since are a live writer's, never removed."""

# Controls (C0, DEL, C1), lone surrogates (bytes that were not UTF-8), line and paragraph
# separators and bidirectional overrides, which can make a name display as something else.
_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def printable(text: str, *, keep: str = "") -> str:
    """``text`` safe to write anywhere: unsafe characters shown as escapes, never dropped.

    A byte that was not valid UTF-8 (decoded by Python as a lone surrogate) shows as ``\\xff``,
    a control character as ``\\x07``, so two odd names stay distinct and the reader sees what
    is there. Characters in ``keep`` (e.g. newlines in a quote) are left as they are.
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


def _escape(character: str) -> str:
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the original byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(path: Path | str) -> str:
    """A path as it may be printed or written: see ``printable``."""
    return printable(str(path))


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` only on success.

    Temporary files a killed earlier run left beside ``target`` are removed first, and a
    failure to write (a full disk) names ``target``, not the temporary file.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(target.parent)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
        )
    except OSError as error:
        raise _naming(error, target) from error
    os.close(handle)
    temp_path = Path(temporary)
    try:
        yield temp_path
        # mkstemp creates the file owner-only; give it the permissions a normal write would,
        # so colleagues on a shared drive can open the outputs.
        temp_path.chmod(0o666 & ~_umask())
        temp_path.replace(target)
    except OSError as error:
        if error.filename not in (None, temporary, str(target)):
            raise  # another file's problem, already named
        raise _naming(error, target) from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp_path.unlink()


def _naming(error: OSError, target: Path) -> OSError:
    """The same error, naming the file being written (a bare ENOSPC names no file)."""
    code = error.errno if error.errno is not None else errno.EIO
    reason = error.strerror or str(error)
    return OSError(code, reason, shown(target))


def remove_stale_temporaries(folder: Path, *, started: float | None = None) -> list[Path]:
    """Delete our own temporary files (``.<name>.XXXXXXXX.tmp``) older than this run.

    Only regular files that match the pattern and were last changed before ``started`` (by
    default, when this process started) are removed, so a parallel writer's file is left alone.
    """
    cutoff = _run_started[0] if started is None else started
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not _TEMP_NAME.match(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                entry.unlink()
                removed.append(entry)
    return removed


def run_started() -> float:
    """When the run this process works for began (see ``adopt_run_start``)."""
    return _run_started[0]


def adopt_run_start(started: float) -> None:
    """Date this process's run from ``started``, when its parent began: a process writing
    one output while its parent writes others must not take the parent's temporary files,
    made before this process started, for a killed run's leftovers."""
    _run_started[0] = min(_run_started[0], started)


def _umask() -> int:
    """The process umask (reading it means setting it, so set it straight back)."""
    current = os.umask(0)
    os.umask(current)
    return current


def write_text(target: Path, text: str) -> None:
    """Write UTF-8 text atomically, with Unix line ends on every platform."""
    write_bytes(target, text.encode("utf-8"))


def write_bytes(target: Path, data: bytes) -> None:
    """Write bytes atomically."""
    with atomic_path(target) as temporary:
        temporary.write_bytes(data)
