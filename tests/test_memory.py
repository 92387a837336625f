"""release_memory gives back what a Parquet read left in Arrow's and glibc's free lists."""

from __future__ import annotations

import gc
import sys

import numpy as np
import pandas as pd
import psutil
import pytest

from kit._memory import release_memory


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="USS is read on Linux")
def test_memory_freed_by_a_parquet_read_goes_back_to_the_os(tmp_path):
    n = 2_000_000
    rng = np.random.default_rng(0)
    pd.DataFrame({"a": rng.integers(0, 1000, n),
                  "b": pd.Categorical(rng.integers(0, 5000, n).astype(str)),
                  "c": rng.random(n)}).to_parquet(tmp_path / "t.parquet")
    process = psutil.Process()
    frame = pd.read_parquet(tmp_path / "t.parquet")
    gc.collect()
    loaded = process.memory_full_info().uss
    release_memory()
    released = process.memory_full_info().uss
    # Arrow's allocator keeps the read's scratch buffers (about 80 MB here) until asked.
    assert loaded - released > 20e6, (loaded, released)
    assert len(frame) == n  # the frame itself is intact
    assert frame["b"].astype(str).str.len().sum() > 0
