"""Worker processes that Ctrl-C stops: one pool recipe for scoring and the demo.

Workers are spawned, not forked: the CLI's progress bar runs a thread, and forking a process
with threads can copy a lock held by one of them. A terminal's Ctrl-C reaches every process of
its group; the workers ignore it and the main process, which the CLI reports from, stops them.
A pool left by an exception is not shut down gracefully: a worker may be blocked sending a
result nobody will read, and waiting for it hung the command.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.process import BaseProcess
from typing import Any


@contextlib.contextmanager
def process_pool(
    workers: int, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()
) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` spawned processes, each running ``initializer(*initargs)`` first;
    shut down when the block ends, its processes terminated when it ends with an exception."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start,
        initargs=(initializer, initargs),
    )
    try:
        _spawn_ignoring_interrupts(pool, workers)
        yield pool
    except BaseException:
        stop(pool)
        raise
    pool.shutdown(cancel_futures=True)


def _spawn_ignoring_interrupts(pool: ProcessPoolExecutor, workers: int) -> None:
    """Start every worker now, with Ctrl-C ignored from its first instruction: a worker starts
    by importing for a second or so, and interrupted then it printed a traceback. A spawned
    interpreter inherits the ignore and installs no Ctrl-C handler of its own. Only the main
    thread may change a signal's handler; elsewhere the workers start as they are needed."""
    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        for _ in range(workers):
            pool.submit(int)  # each submission starts a worker while fewer than ``workers`` run
    finally:
        signal.signal(signal.SIGINT, previous)


def _start(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


def stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and terminate the processes at once."""
    processes = worker_processes(pool)  # shutdown forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
        process.join()


def worker_processes(pool: ProcessPoolExecutor) -> list[BaseProcess]:
    """The pool's processes: ``ProcessPoolExecutor`` only learns to stop them in Python 3.14
    (``terminate_workers``), so its table of processes is read here."""
    processes = getattr(pool, "_processes", None) or {}
    return list(processes.values())
