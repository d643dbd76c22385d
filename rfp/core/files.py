"""Atomic output writing: a reader never sees a half-written file, and a failure loses nothing."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it over ``target`` only on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    temp_path = Path(temporary)
    try:
        yield temp_path
        # mkstemp creates the file owner-only; give it the permissions a normal write would,
        # so colleagues on a shared drive can open the outputs.
        temp_path.chmod(0o666 & ~_umask())
        temp_path.replace(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp_path.unlink()


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
