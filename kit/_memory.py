"""Give memory freed by Python back to the operating system."""

from __future__ import annotations

import ctypes
import sys
from functools import lru_cache


@lru_cache(maxsize=1)
def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6")
    except OSError:
        return None


def release_memory() -> None:
    """Return free heap pages to the OS (glibc ``malloc_trim``); a no-op elsewhere.

    Reading many files frees many small buffers between the strings that stay;
    glibc keeps the holes, so the process's footprint only ever grows otherwise.
    """
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)
