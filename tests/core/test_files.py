"""Atomic writes: the target is replaced whole or not at all, and no temporary file is left."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from rfp.core.files import atomic_path, printable, write_bytes, write_text


def test_write_replaces_the_target_whole(tmp_path: Path) -> None:
    target = tmp_path / "out" / "scores.csv"
    write_text(target, "a much longer first version\n" * 100)
    write_text(target, "short\r\n")
    assert target.read_bytes() == b"short\r\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["scores.csv"]


def test_failure_leaves_the_old_target_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    write_bytes(target, b"old")
    with pytest.raises(RuntimeError, match="renderer crashed"), atomic_path(target) as temporary:
        assert temporary.parent == tmp_path and temporary != target
        temporary.write_bytes(b"half a new fi")
        raise RuntimeError("renderer crashed")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_failure_before_any_target_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "new.xlsx"
    with pytest.raises(ValueError, match="bad"), atomic_path(target):
        raise ValueError("bad")
    assert list(tmp_path.iterdir()) == []


def test_written_file_has_normal_permissions(tmp_path: Path) -> None:
    # mkstemp makes owner-only files; the result must be readable as a normal write would be.
    current = os.umask(0o022)
    try:
        target = tmp_path / "evidence.jsonl"
        write_text(target, "{}\n")
    finally:
        os.umask(current)
    assert target.stat().st_mode & 0o777 == 0o644


def test_stale_temporaries_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    """Issue 10: a killed run left .scores.xlsx.*.tmp files that no later run removed."""
    stale = tmp_path / ".scores.xlsx.ab12_xYz.tmp"
    stale.write_bytes(b"half a workbook")
    fresh = tmp_path / ".scores.csv.Q1w2E3r4.tmp"  # a parallel writer's, newer than this run
    fresh.write_bytes(b"in progress")
    theirs = tmp_path / "notes.tmp"
    theirs.write_bytes(b"not ours")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    os.utime(theirs, (hour_ago, hour_ago))
    os.utime(fresh, (time.time() + 60, time.time() + 60))

    write_text(tmp_path / "scores.csv", "a\n")

    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".scores.csv.Q1w2E3r4.tmp", "notes.tmp", "scores.csv"]


def test_a_full_disk_names_the_file_being_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 10: "No space left on device" named no file."""

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Path, "write_bytes", full)
    target = tmp_path / "out" / "scores.csv"
    with pytest.raises(OSError, match="No space left on device") as caught:
        write_text(target, "a\n")
    assert caught.value.filename == str(target)
    assert caught.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert list(target.parent.iterdir()) == []


def test_names_are_shown_with_escapes_not_raw_bytes() -> None:
    name = os.fsdecode(b"annex-\xff.md")
    assert printable(name) == "annex-\\xff.md"
    assert printable("Bell\x07\x1b[31m") == "Bell\\x07\\x1b[31m"
    assert printable("line\nbreak", keep="\n") == "line\nbreak"
    assert printable("Müller \u202eevil") == "Müller \\u202eevil"
    assert printable("plain name") == "plain name"


def test_a_process_dated_from_its_parent_keeps_the_parents_temporaries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second process writing scores.xlsx starts after its parent made its own temporary
    files; dated from the parent's start, it takes them for live writes, not leftovers."""
    from rfp.core import files

    now = time.time()
    monkeypatch.setattr(files, "_run_started", [now])  # this process "started" just now
    parents = tmp_path / ".evidence.jsonl.Q1w2E3r4.tmp"
    parents.write_bytes(b"in progress")
    os.utime(parents, (now - 30, now - 30))  # written before this process started

    files.adopt_run_start(now - 60)  # ...but after its parent did
    assert files.run_started() == now - 60
    files.adopt_run_start(now)  # a later start never moves the date forward
    write_text(tmp_path / "scores.csv", "a\n")

    assert parents.exists()
    files.adopt_run_start(now - 3600)
    assert files.run_started() == now - 3600
