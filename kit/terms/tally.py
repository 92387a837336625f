"""Private helpers for keyness, tf-idf and n-grams: integer codes and pair counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.errors import KitError
from kit.schema import DOC_ID

# Above this many cells a dense group x term matrix is not built (80 MB per float array).
DENSE_CELLS = 10_000_000


def require_columns(frame: pd.DataFrame, columns: list[str], *, what: str, hint: str) -> None:
    """Raise a KitError naming the missing columns of ``frame`` and what to do."""
    if not isinstance(frame, pd.DataFrame):
        raise KitError(f"{what} must be a pandas DataFrame, not {type(frame).__name__}. {hint}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns[:12]))
        raise KitError(f"{what} has no column {missing[0]!r} (columns: {have}). {hint}")


def codes_of(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (``-1`` for missing) and the categories they index.

    A categorical column keeps its categories and their order (so unused
    speakers keep their colour slot); anything else is factorized in order of
    first appearance.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.array.codes.astype(np.int64), column.cat.categories
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def categorical_like(codes: np.ndarray, categories: pd.Index, like: pd.Series) -> pd.Categorical:
    """Rebuild a categorical column from codes, keeping ``like``'s dtype when it is one."""
    if isinstance(like.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(codes, dtype=like.dtype)
    return pd.Categorical.from_codes(codes, categories=categories)


def stopword_mask(tokens: pd.DataFrame, column: str = "is_stopword") -> np.ndarray:
    """Boolean array, True where a row is a stopword (missing values count as False)."""
    values = tokens[column]
    return np.asarray(values.fillna(False) if values.hasnans else values, dtype=bool)


def pair_counts(
    a: np.ndarray, n_a: int, b: np.ndarray, n_b: int, weights: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count rows per (a, b) code pair; return the non-zero pairs.

    Rows where either code is negative (missing) are skipped. Pairs come out
    sorted by ``a`` then ``b``.
    """
    keep = (a >= 0) & (b >= 0)
    if not keep.all():
        a, b = a[keep], b[keep]
        weights = None if weights is None else weights[keep]
    if n_a * n_b <= DENSE_CELLS:
        return _dense_pairs(a, b, n_b, 0, n_a, weights)
    # Too many cells for one dense pass: bincount blocks of ``a`` values, one pass each.
    step = max(DENSE_CELLS // max(n_b, 1), 1)
    # Tokens usually come grouped (a document's tokens together): then blocks are slices.
    contiguous = bool(np.all(a[1:] >= a[:-1]))
    bounds = np.searchsorted(a, np.arange(0, n_a + step, step)) if contiguous else None
    parts = []
    for i, start in enumerate(range(0, n_a, step)):
        stop = min(start + step, n_a)
        if contiguous:
            inside = slice(bounds[i], bounds[i + 1])
        else:
            inside = (a >= start) & (a < stop)
        w = None if weights is None else weights[inside]
        parts.append(_dense_pairs(a[inside], b[inside], n_b, start, stop, w))
    return tuple(np.concatenate(arrays) for arrays in zip(*parts, strict=True))


def _dense_pairs(
    a: np.ndarray, b: np.ndarray, n_b: int, start: int, stop: int, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    key = (a - start) * np.int64(n_b) + b
    dense = np.bincount(key, weights=weights, minlength=(stop - start) * n_b)
    nz = np.flatnonzero(dense)
    return nz // n_b + start, nz % n_b, dense[nz]


def table_of(data, attribute: str) -> pd.DataFrame:
    """``data`` itself, or the named table of a :class:`kit.corpus.Corpus`."""
    from kit.corpus import Corpus

    return getattr(data, attribute) if isinstance(data, Corpus) else data


def tokens_and_groups(data, by: str) -> tuple[pd.DataFrame, pd.Series]:
    """The tokens table and, per token, the value of ``by``.

    ``data`` is a tokens table (``by`` must be one of its columns) or a Corpus,
    whose turns or documents may supply ``by`` (e.g. ``role``, ``date``, ``title``).
    """
    from kit.corpus import Corpus
    from kit.terms.match import turn_rows

    if not isinstance(data, Corpus):
        return data, (data[by] if isinstance(data, pd.DataFrame) and by in data.columns else None)
    tokens = data.tokens
    if by in tokens.columns:
        return tokens, tokens[by]
    if by in data.turns.columns:
        rows = turn_rows(tokens, data.turns)
        values = data.turns[by].array.take(rows, allow_fill=True)
        return tokens, pd.Series(values, name=by)
    if by in data.documents.columns:
        doc_codes, doc_ids = codes_of(tokens[DOC_ID])
        where = pd.Index(data.documents[DOC_ID].astype(object)).get_indexer(
            np.asarray(doc_ids, dtype=object)
        )
        per_doc = data.documents[by].array.take(where, allow_fill=True)
        return tokens, pd.Series(per_doc.take(doc_codes, allow_fill=True), name=by)
    raise KitError(
        f"by={by!r} is not a column of the tokens, turns or documents of this corpus. "
        f"Turn columns: {list(data.turns.columns)}."
    )
