"""A batch's column values as the arrays the tables keep: Arrow strings, codes, seconds.

:func:`kit.read.build.prepare` makes them batch by batch, while the reader processes parse
the next ones, so that :func:`kit.read.build.build` only joins them after the last batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

__all__ = ["arrow_strings", "as_arrow", "coded", "seconds", "str_arrow", "to_pandas_str"]


def to_pandas_str(texts: pa.Array | pa.ChunkedArray) -> pd.Series:
    """Arrow strings as a pandas ``str`` column, sharing the Arrow buffers."""
    if not len(texts):
        return pd.Series([], dtype="str")
    return pd.Series(pd.array(texts, dtype="str"))


def arrow_strings(texts: Sequence[str]) -> pa.Array:
    """Python strings as one Arrow ``large_string`` array (one row per string).

    Byte offsets from the lengths and one buffer of UTF-8: several times cheaper than
    ``pa.array``, which encodes and copies string by string. All ASCII (``isascii`` is
    constant time), a string's byte length is its length and the joined text is encoded in
    one go; otherwise each string is encoded once and the bytes joined (encoding the joined
    text would convert every character of it again, ASCII strings too).
    """
    if all(map(str.isascii, texts)):
        sizes = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        data = "".join(texts).encode("utf-8")
    else:
        parts = [t.encode("utf-8") for t in texts]
        sizes = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
        data = b"".join(parts)
        del parts
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    return pa.LargeStringArray.from_buffers(len(texts), pa.py_buffer(offsets),
                                            pa.py_buffer(data))


def as_arrow(texts: list[str] | pa.Array) -> pa.Array:
    return texts if isinstance(texts, pa.Array) else arrow_strings(texts)


def coded(values: list) -> pd.Categorical:
    """``values`` as a Categorical of object categories in order of first appearance (None:
    missing), so that the categoricals of batches unite without a cast."""
    # fromiter: a tuple stays one value (np.asarray would make it a row)
    codes, uniques = pd.factorize(np.fromiter(values, dtype=object, count=len(values)))
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype=object))


def str_arrow(values: list) -> pa.Array:
    """A list of strings as Arrow strings (anything else, as ``astype("str")`` makes it)."""
    try:  # a few times cheaper than pandas' check and copy of each string
        return arrow_strings(values)
    except (TypeError, AttributeError, UnicodeEncodeError):  # a None, a number, a surrogate
        return pa.array(pd.Series(values).astype("str").array).cast(pa.large_string())


def seconds(values: list) -> np.ndarray:
    """Times as float64 seconds, NaN where missing or not a number."""
    if values.count(None) == len(values):  # most formats give none
        return np.full(len(values), np.nan)
    return pd.to_numeric(pd.Series(values), errors="coerce").astype("float64").to_numpy()
