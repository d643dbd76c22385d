"""Atomic writes: the target is replaced whole or not at all, and no temporary file is left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rfp.core.files import atomic_path, write_bytes, write_text


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
