"""Values kept on disk instead of in memory, read back one at a time when asked for.

A scoring run gathers a few per-vendor values that are large, read once or twice at the end,
and not needed in between: at 10,000 vendors the numbered words copy detection needs are
about 380 MB. Held in a file, they cost the process nothing while the folders are read.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator, Mapping
from types import TracebackType
from typing import IO, Generic, TypeVar

from rfp.errors import RFPError

Value = TypeVar("Value")


class Spilled(Mapping[str, Value], Generic[Value]):
    """A mapping whose values are pickled to an anonymous temporary file as they are set and
    unpickled on each lookup: a lookup gives an equal copy, not the object set.

    The file has no name (it is removed when closed, or when the process ends), and only this
    process reads it, so unpickling it is safe. Setting a key again keeps the newer value.
    Close it (or use it as a context manager) to give back its disk space at once.
    """

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._places: dict[str, tuple[int, int]] = {}
        self._end = 0

    def __enter__(self) -> Spilled[Value]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Remove the file; the mapping is empty afterwards."""
        if self._file is not None:
            self._file.close()
            self._file = None
        self._places.clear()
        self._end = 0

    def __setitem__(self, key: str, value: Value) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            _write_all(self._opened().fileno(), data, self._end)
        except OSError as error:
            raise RFPError(
                f"could not keep working data in a temporary file in {tempfile.gettempdir()} "
                f"({error.strerror or error}): free space there, or point TMPDIR at a folder "
                "with room"
            ) from None
        self._places[key] = (self._end, len(data))
        self._end += len(data)

    def __getitem__(self, key: str) -> Value:
        start, size = self._places[key]
        assert self._file is not None, "a key is placed only once the file is open"
        data = os.pread(self._file.fileno(), size, start)
        if len(data) != size:
            raise RFPError(f"a temporary file in {tempfile.gettempdir()} was cut short")
        value: Value = pickle.loads(data)
        return value

    def relabel(self, labels: Mapping[str, str]) -> None:
        """Keep only the values ``labels`` names (new key to present key), under the new keys:
        values can be set under keys known at once and named when the names are settled."""
        self._places = {new: self._places[present] for new, present in labels.items()}

    def __iter__(self) -> Iterator[str]:
        return iter(self._places)

    def __len__(self) -> int:
        return len(self._places)

    def _opened(self) -> IO[bytes]:
        if self._file is None:
            # Held open across calls and closed by `close`: a with-block cannot span them.
            self._file = tempfile.TemporaryFile(prefix="rfp-", buffering=0)  # noqa: SIM115
        return self._file


def _write_all(descriptor: int, data: bytes, offset: int) -> None:
    """Write all of ``data`` at ``offset``: a write may take less than it is given."""
    view = memoryview(data)
    while view:
        written = os.pwrite(descriptor, view, offset)
        view, offset = view[written:], offset + written
