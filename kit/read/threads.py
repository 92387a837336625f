"""Work on pieces of a column in threads: polars releases the GIL in its string kernels.

Forked workers cannot use polars once the parent has, so reading and tokenising use threads
over chunks of a few MB (see ``benchmarks/bench_pipeline.py``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

__all__ = ["map_in_threads"]

T = TypeVar("T")
R = TypeVar("R")


def map_in_threads(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """Return ``[work(item) for item in items]``, run on up to one thread per core.

    One item, or one core, runs in this thread: no pool to start for small inputs.
    """
    workers = min(len(items), os.cpu_count() or 1)
    if workers <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(work, items))
