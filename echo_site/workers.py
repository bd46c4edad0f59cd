"""Work spread over processes: reading sources and rendering pages use every core.

A build's workers are forked the first time it has enough work for them, before the site is
loaded when there are sources to read: a worker shares the parent's memory only until it
touches it (reading a Python object writes its reference count, which copies the page it lives
on), so workers that inherit the whole site and render it end up with a copy of it each. The
work is sent to them instead, pickled: a function (module-level, or a partial of one) and the
items, which come back in the order of the inputs, so output stays deterministic. Small batches
stay in this process.
"""

from __future__ import annotations

import ctypes
import functools
import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult, Pool
from types import TracebackType
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

SMALL_BATCH = 48
_BATCHES_AHEAD = 3  # per worker
_M_ARENA_MAX = -8  # glibc's mallopt parameter


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class Workers:
    """Up to `jobs` processes for one build, forked when first needed, stopped on leaving:

    with Workers(jobs) as workers:
        pages = workers.map(partial(_render_one, renderer), outputs)
    """

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs
        self._pool: Pool | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the workers (the next batch big enough forks new ones)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def map(self, function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
        """`[function(item) for item in items]`, computed by the workers."""
        return list(self.stream(function, items))

    def stream(self, function: Callable[[Item], Result], items: Sequence[Item]) -> Iterator[Result]:
        """Yield `function(item)` for each item, in order, as the workers finish them.

        `function` and the items must pickle; results are handed over one by one, so the
        caller need not hold them all at once.
        """
        pool = self._workers(len(items))
        if pool is None:
            yield from map(function, items)
            return
        size = max(1, min(64, len(items) // (self.jobs * 8)))
        # A few batches per worker in flight, never more: when the caller is slower than the
        # workers (a busy disk), results wait in the workers' queue, not in this process.
        in_flight: deque[AsyncResult[list[Result]]] = deque()
        for start in range(0, len(items), size):
            batch = items[start : start + size]
            in_flight.append(pool.apply_async(_each, (function, batch)))
            if len(in_flight) > _BATCHES_AHEAD * self.jobs:
                yield from in_flight.popleft().get()
        while in_flight:
            yield from in_flight.popleft().get()

    def _workers(self, count: int) -> Pool | None:
        """The workers, forked now if need be; None when `count` items stay in this process."""
        can_fork = "fork" in multiprocessing.get_all_start_methods()
        if self.jobs <= 1 or count < SMALL_BATCH or not can_fork:
            return None
        if self._pool is None:
            self._pool = multiprocessing.get_context("fork").Pool(
                self.jobs, initializer=_quiet_worker
            )
        return self._pool


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


@functools.cache  # once a process: a preview builds many times
def one_heap() -> None:
    """Let the threads of this process share one malloc heap (glibc only; elsewhere nothing).

    glibc gives each thread that allocates a heap of its own and keeps what is freed there for
    that thread: at the peak of a 10,000-page build, the search index's thread held 35 to 40 MB
    in its own. Python's threads take turns under the GIL, so sharing one costs nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return
    mallopt(_M_ARENA_MAX, 1)


def release_frozen() -> None:
    """Let the collector see what a build froze again (a long-lived process builds many times)."""
    gc.unfreeze()


def _each(function: Callable[[Item], Result], batch: Sequence[Item]) -> list[Result]:
    return [function(item) for item in batch]


def _quiet_worker() -> None:
    """Workers stop when the build does; only the main process reports an interruption."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The site a worker inherits is never garbage: keep the collector off it, which also
    # keeps its memory shared with the main process instead of copied page by page.
    gc.enable()
    gc.freeze()
