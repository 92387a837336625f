"""Runs of n consecutive tokens inside one phrase: the windows n-grams and collocations count."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import polars as pl

from kit import schema as s
from kit.corpus import require_columns
from kit.errors import KitError
from kit.terms.grouping import codes_of, stopword_mask

__all__ = [
    "KEYS",
    "TOKENS_HINT",
    "Windows",
    "first_seen",
    "key_array",
    "sorted_order",
    "window_keys",
]

_STOPWORD_RULES = ("keep", "edges", "any")
#: The keys that order tokens in reading order, outermost first.
KEYS = [s.DOC_ID, s.TURN_ID, s.PHRASE_ID, s.TOKEN_ID]
TOKENS_HINT = (
    "Pass a tokens table (one row per token), e.g. corpus.tokens or kit.tokenize(phrases)."
)


def sorted_order(tokens: pd.DataFrame) -> np.ndarray | None:
    """Row order that puts each phrase's tokens together and in order; None if already so."""
    doc = pd.factorize(tokens[s.DOC_ID])[0]
    keys = [doc] + [tokens[k].to_numpy() for k in KEYS[1:]]
    if len(doc) < 2:
        return None
    # Lexicographic check of neighbours: the first differing key must increase.
    decided = np.zeros(len(doc) - 1, dtype=bool)
    ascending = np.ones(len(doc) - 1, dtype=bool)
    for key in keys:
        diff = np.sign(np.diff(key.astype(np.int64)))
        fresh = ~decided & (diff != 0)
        ascending[fresh] = diff[fresh] > 0
        decided |= fresh
    if ascending.all():
        return None
    return np.lexsort(tuple(reversed(keys)))


def first_seen(codes: np.ndarray) -> np.ndarray:
    """Index of the first occurrence of each code, for codes numbered in order of appearance."""
    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    running = np.maximum.accumulate(codes)
    new = np.empty(len(codes), dtype=bool)
    new[0] = True
    new[1:] = codes[1:] > running[:-1]
    return np.flatnonzero(new)


def key_array(tokens: pd.DataFrame, name: str, order: np.ndarray | None) -> np.ndarray:
    """One key column as int64 (doc_id as codes), in reading order."""
    values = tokens[name]
    if isinstance(values.dtype, pd.CategoricalDtype):
        arr = values.array.codes.astype(np.int64)
    elif name == s.DOC_ID:
        arr = pd.factorize(values)[0]
    else:
        arr = values.to_numpy(dtype=np.int64)
    return arr if order is None else arr[order]


class Windows:
    """Every run of ``n`` consecutive tokens inside one phrase, as row indices and term codes."""

    def __init__(self, tokens: pd.DataFrame, n: int, term: str) -> None:
        if not isinstance(n, (int, np.integer)) or n < 1:
            raise KitError(f"n must be a whole number of tokens, 1 or more; got {n!r}.")
        require_columns(tokens, KEYS + [term], what="tokens", hint=TOKENS_HINT)
        order = sorted_order(tokens)
        total = len(tokens)
        rows = np.arange(total) if order is None else order
        doc, turn, phrase, tok = (key_array(tokens, k, order) for k in KEYS)
        valid = np.ones(max(total - n + 1, 0), dtype=bool)
        for k in range(1, n):
            stop = total - n + 1
            valid &= (doc[:stop] == doc[k : stop + k]) & (turn[:stop] == turn[k : stop + k])
            valid &= phrase[:stop] == phrase[k : stop + k]
            valid &= tok[k : stop + k] == tok[:stop] + k
        starts = np.flatnonzero(valid)
        self.n = n
        self.rows = [rows[starts + k] for k in range(n)]  # row index of the k-th token
        t_codes, self.terms = codes_of(tokens[term], dtype=np.int64)
        self.codes = [t_codes[r] for r in self.rows]
        if (t_codes < 0).any():
            raise KitError(f"Column {term!r} has missing values; drop those rows first.")
        self.is_stop = np.zeros(len(self.terms), dtype=bool)
        if s.IS_STOPWORD in tokens.columns:
            self.is_stop[t_codes[stopword_mask(tokens)]] = True

    def __len__(self) -> int:
        return len(self.rows[0])

    def combine(self, positions: Iterable[int]) -> tuple[np.ndarray, np.ndarray]:
        """Factorize the term tuples at ``positions``: (code per window, first window per code)."""
        key = window_keys([self.codes[p] for p in positions], len(self.terms))
        codes, _ = pd.factorize(key)
        return codes, first_seen(codes)

    def keep(self, rule: bool | str) -> np.ndarray:
        """Boolean per window: passes the stop-word rule (``drop_stopwords=``)."""
        rule = {False: "keep", True: "any"}.get(rule, rule) if isinstance(rule, bool) else rule
        if rule not in _STOPWORD_RULES:
            raise KitError(
                f"drop_stopwords={rule!r} is not known; use False (keep all), "
                "'edges' or 'any' (True)."
            )
        if rule == "keep":
            return np.ones(len(self), dtype=bool)
        if rule == "edges":
            return ~self.is_stop[self.codes[0]] & ~self.is_stop[self.codes[-1]]
        return ~np.logical_or.reduce([self.is_stop[c] for c in self.codes])

    def strings(self, firsts: np.ndarray, sep: str) -> np.ndarray:
        """The joined terms of the windows ``firsts`` (one per distinct n-gram)."""
        # polars joins strings about 5x faster than numpy object arrays.
        words = pl.Series(np.asarray(self.terms, dtype=object).astype(str))
        parts = pl.DataFrame({f"w{k}": words.gather(c[firsts]) for k, c in enumerate(self.codes)})
        joined = parts.select(pl.concat_str(pl.all(), separator=sep)).to_series()
        return pd.Index(joined.to_pandas(), dtype="str")


def window_keys(columns: list[np.ndarray], n_terms: int) -> np.ndarray:
    """One int64 per window identifying its terms (mixed radix; factorized when too wide).

    Two columns always fit in int64, so keys of two columns from different row subsets
    are comparable; wider keys are only comparable within one call.
    """
    v = np.int64(max(n_terms, 1))
    key = columns[0].astype(np.int64)
    for column in columns[1:]:
        if len(key) and key.max() > np.iinfo(np.int64).max // v - v:
            key = pd.factorize(key)[0].astype(np.int64)
        key = key * v + column
    return key
