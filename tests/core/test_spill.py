"""Values kept on disk: what is read back is what was set, and a full disk is said."""

from __future__ import annotations

import errno
import os
import tempfile
from typing import Any

import numpy as np
import pytest

from rfp.core.spill import Spilled
from rfp.errors import RFPError


def test_each_value_reads_back_equal_to_the_one_set_and_a_key_set_again_keeps_the_newer() -> None:
    with Spilled[Any]() as store:
        store["a"] = {"numbers": np.arange(5, dtype=np.uint16), "words": "one\ntwo"}
        store["b"] = "é" * 10_000
        store["a"] = [1, 2.5, None]
        assert list(store) == ["a", "b"] and len(store) == 2
        assert store["a"] == [1, 2.5, None]
        assert store["b"] == "é" * 10_000
        with pytest.raises(KeyError):
            store["c"]


def test_arrays_read_back_with_their_values_and_types() -> None:
    numbers = np.array([0, 65535, 7], dtype=np.uint16)
    with Spilled[np.ndarray]() as store:
        store["v"] = numbers
        back = store["v"]
    assert back.dtype == np.uint16 and back.tolist() == [0, 65535, 7]


def test_relabel_keeps_only_the_values_named_under_their_new_keys() -> None:
    with Spilled[str]() as store:
        for key in ("0", "1", "1 renamed"):
            store[key] = f"value {key}"
        store.relabel({"Acme (a)": "0", "Acme (b)": "1 renamed"})
        assert dict(store) == {"Acme (a)": "value 0", "Acme (b)": "value 1 renamed"}


def test_closing_gives_the_file_back_and_empties_the_mapping() -> None:
    store: Spilled[int] = Spilled()
    store["x"] = 1
    descriptor = store._opened().fileno()
    store.close()
    assert len(store) == 0
    with pytest.raises(OSError):
        os.fstat(descriptor)


def test_a_short_write_is_finished(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.pwrite

    def three_bytes_at_a_time(descriptor: int, data: Any, offset: int) -> int:
        return real(descriptor, bytes(data[:3]), offset)

    monkeypatch.setattr(os, "pwrite", three_bytes_at_a_time)
    with Spilled[str]() as store:
        store["a"], store["b"] = "first value", "second"
        assert (store["a"], store["b"]) == ("first value", "second")


def test_a_full_disk_is_one_message_naming_the_temporary_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(descriptor: int, data: Any, offset: int) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)
    with Spilled[str]() as store, pytest.raises(RFPError) as raised:
        store["a"] = "value"
    message = str(raised.value)
    assert tempfile.gettempdir() in message and "No space left on device" in message
    assert "TMPDIR" in message and "a" not in store
