"""Python's cycle collector held off while a large tender's data is built."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The cycle collector off for the block, and as it was after.

    Reading a large tender (a saved run, or every vendor's results arriving from the worker
    processes) makes millions of objects and no cyclic garbage, yet every so many new objects
    the collector walked them all: at 1,000 vendors that was two thirds of loading a saved run
    and about a sixth of the main process's share of scoring. The objects are not frozen out of
    the collector's sight afterwards (``gc.freeze`` saved another 0.6 s of a 3.8 s load at
    1,000 x 30): that would change the whole interpreter for any program using rfp as a
    library, keeping whatever cyclic garbage it holds at that moment for good.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
