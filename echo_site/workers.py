"""Work spread over processes: reading sources and rendering pages use every core.

Workers are forked, so they start with the site already in memory; results come back in the
order of the inputs, which keeps output deterministic. Small batches stay in this process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

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
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(items) < SMALL_BATCH or not can_fork:
        return [function(item) for item in items]
    workers = min(jobs, max(1, len(items) // (SMALL_BATCH // 2)))
    chunk = max(1, len(items) // (workers * 8))
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return pool.map(function, items, chunksize=chunk)
