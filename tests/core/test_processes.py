"""Worker pools that Ctrl-C and errors stop at once."""

from __future__ import annotations

import os
import signal
import time

import pytest

from rfp.core.processes import process_pool, worker_processes
from tests.factories import process_ended


def test_workers_leave_ctrl_c_to_the_main_process() -> None:
    with process_pool(2) as pool:
        handlers = {pool.submit(signal.getsignal, signal.SIGINT).result() for _ in range(4)}
    assert handlers == {signal.SIG_IGN}


def test_the_initializer_runs_in_each_worker_after_the_signal_is_set() -> None:
    with process_pool(1, signal.signal, (signal.SIGTERM, signal.SIG_IGN)) as pool:
        handlers = pool.submit(signal.getsignal, signal.SIGTERM).result()
        interrupt = pool.submit(signal.getsignal, signal.SIGINT).result()
    assert (handlers, interrupt) == (signal.SIG_IGN, signal.SIG_IGN)


def test_an_error_in_the_block_terminates_busy_workers_instead_of_waiting() -> None:
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), process_pool(2) as pool:
        busy = [pool.submit(time.sleep, 600) for _ in range(2)]
        processes = worker_processes(pool)
        assert len(processes) == 2
        raise KeyboardInterrupt
    assert all(process_ended(process) for process in processes)
    # Settled first: the pool's thread may cancel a future between the two questions below
    # (``concurrent.futures.wait`` would not do: it never counts a future cancelled this way).
    settled = time.monotonic() + 60
    while not all(future.done() for future in busy) and time.monotonic() < settled:
        time.sleep(0.05)
    assert all(future.cancelled() or future.exception(timeout=1) for future in busy)
    assert time.monotonic() - started < 300  # terminated, not left to sleep 600 s


def test_a_worker_interrupted_while_it_starts_lives_on() -> None:
    """Ctrl-C in the first second, while a worker imports, used to kill it with a traceback
    and break the pool; it is ignored from the worker's first instruction."""
    with process_pool(1) as pool:
        [worker] = worker_processes(pool)
        os.kill(worker.pid or 0, signal.SIGINT)
        assert pool.submit(int, "7").result(timeout=120) == 7
