"""Work spread over processes: reading sources and rendering pages use every core.

Workers are forked, so they start with the site already in memory; results come back in the
order of the inputs, which keeps output deterministic. Small batches stay in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

SMALL_BATCH = 48


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run_all(function: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> list[Result]:
    """Return `[function(item) for item in items]`, computed by up to `jobs` forked workers."""
    return run_indexed(lambda index: function(items[index]), len(items), jobs)


# What forked workers run, keyed by a token; set just before a pool forks and removed after.
# Forked children inherit it, so the work (a closure over the whole site) is never pickled.
_FORKED: dict[int, Callable[[int], object]] = {}


def run_indexed(function: Callable[[int], Result], count: int, jobs: int) -> list[Result]:
    """Return `[function(i) for i in range(count)]`, computed by up to `jobs` forked workers."""
    return list(stream_indexed(function, count, jobs))


def stream_indexed(function: Callable[[int], Result], count: int, jobs: int) -> Iterator[Result]:
    """Yield `function(i)` for i in range(count), in order, as forked workers finish them.

    Results are handed over one by one, so the caller need not hold them all at once.
    """
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or count < SMALL_BATCH or not can_fork:
        yield from (function(index) for index in range(count))
        return
    token = id(function)
    _FORKED[token] = function
    workers = min(jobs, max(1, count // (SMALL_BATCH // 2)))
    chunk = max(1, min(64, count // (workers * 8)))
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker)
    try:
        yield from pool.imap(partial(_call, token), range(count), chunksize=chunk)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _FORKED.pop(token, None)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the site is loaded and planned.

    Those stages make hundreds of thousands of objects that live as long as the build (records,
    cache entries, outputs), and each collection would walk them all again: at 10,000 pages, a
    quarter of a build's time. They make almost no reference cycles, so they are frozen
    afterwards, out of the collector's way; `release_frozen` hands them back.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def release_frozen() -> None:
    """Let the collector see what a build froze again (a long-lived process builds many times)."""
    gc.unfreeze()


def _quiet_worker() -> None:
    """Workers stop when the build does; only the main process reports an interruption."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The site a worker inherits is never garbage: keep the collector off it, which also
    # keeps its memory shared with the main process instead of copied page by page.
    gc.enable()
    gc.freeze()


def _call(token: int, index: int) -> Any:
    return _FORKED[token](index)
