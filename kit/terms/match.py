"""Group keys and term matching over a tokens table, shared by counts and KWIC."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.terms.patterns import normalize_term

PERIODS = {"D": "D", "M": "M", "Y": "Y", "day": "D", "month": "M", "year": "Y"}


def as_tokens(data) -> tuple[pd.DataFrame, object | None]:
    """Return ``(tokens, corpus_or_None)`` from a tokens DataFrame or a Corpus."""
    from kit.corpus import Corpus

    if isinstance(data, Corpus):
        return data.tokens, data
    if isinstance(data, pd.DataFrame):
        if s.TERM not in data.columns and s.TOKEN not in data.columns:
            raise KitError(
                "Expected a tokens table (with a 'term' column) or a Corpus; got a DataFrame "
                f"with {list(data.columns)[:8]}. Make one with kit.tokenize(corpus.phrases) "
                "or pass the Corpus itself."
            )
        return data, None
    raise KitError(f"Expected a tokens DataFrame or a kit Corpus, got {type(data).__name__}.")


def query_terms(query: str) -> tuple[str, ...]:
    """Split a query into the terms it must match, by the tokenizer's own rule."""
    from kit.terms.tokens import tokenize_text

    if not isinstance(query, str):
        raise KitError(f"A query term must be a string, got {query!r}.")
    terms = tuple(normalize_term(t) for t in tokenize_text(query))
    if not terms:
        raise KitError(
            f"The query {query!r} holds no word to match (only spaces or punctuation); "
            "give a word or phrase such as 'sanctions' or 'nuclear power plant'."
        )
    return terms


def codes_of(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer codes and their labels for a column (categoricals without re-hashing).

    A categorical's codes come back as a read-only view of the column's own (``.cat.codes``
    would copy them: 8 MB per column of a 2M-token corpus, held by every index).
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.array.codes, column.cat.categories
    codes, labels = pd.factorize(column, sort=True, use_na_sentinel=True)
    return codes, pd.Index(labels)


def phrase_hits(codes: np.ndarray, position: np.ndarray, phrase_key: np.ndarray,
                sequence: Sequence[int], candidates: np.ndarray | None = None) -> np.ndarray:
    """Rows where ``sequence`` of term codes starts, all in one phrase, consecutive tokens.

    ``candidates`` optionally restricts the start rows (e.g. a postings list); otherwise every
    row whose code equals ``sequence[0]`` is a candidate.
    """
    if any(c < 0 for c in sequence):
        return np.zeros(0, dtype=np.int64)
    rows = np.flatnonzero(codes == sequence[0]) if candidates is None else candidates
    n = len(codes)
    for offset, code in enumerate(sequence[1:], start=1):
        rows = rows[rows + offset < n]
        nxt = rows + offset
        ok = ((codes[nxt] == code) & (position[nxt] == position[rows] + offset)
              & (phrase_key[nxt] == phrase_key[rows]))
        rows = rows[ok]
    return rows


def phrase_key_of(tokens: pd.DataFrame) -> np.ndarray:
    """An integer that is equal for tokens of the same phrase and differs at phrase changes.

    A running count of (turn, phrase) changes: int32 (half the memory of packing both ids
    into an int64), and equal only within one unbroken run of rows, which is what a phrase
    match compares (row and row + k).
    """
    phrase = tokens[s.PHRASE_ID].to_numpy()
    turn = tokens[s.TURN_ID].to_numpy()
    change = np.zeros(len(phrase), dtype=bool)
    if len(phrase) > 1:
        np.not_equal(phrase[1:], phrase[:-1], out=change[1:])
        change[1:] |= turn[1:] != turn[:-1]
    return np.cumsum(change, dtype=np.int32)


def turn_rows(tokens: pd.DataFrame, turns: pd.DataFrame) -> np.ndarray:
    """For each token, the row number of its turn in ``turns`` (-1 if missing)."""
    n = len(tokens)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    doc_codes, doc_labels = codes_of(tokens[s.DOC_ID])
    turn_id = tokens[s.TURN_ID].to_numpy()
    change = np.ones(n, dtype=bool)
    change[1:] = (doc_codes[1:] != doc_codes[:-1]) | (turn_id[1:] != turn_id[:-1])
    starts = np.flatnonzero(change)
    runs = pd.DataFrame({s.DOC_ID: np.asarray(doc_labels, dtype=object)[doc_codes[starts]],
                         s.TURN_ID: turn_id[starts].astype(np.int64)})
    lookup = pd.DataFrame({s.DOC_ID: turns[s.DOC_ID].astype(object).to_numpy(),
                           s.TURN_ID: turns[s.TURN_ID].to_numpy().astype(np.int64),
                           "_row": np.arange(len(turns))})
    row = runs.merge(lookup, how="left", on=[s.DOC_ID, s.TURN_ID])["_row"]
    row = row.fillna(-1).to_numpy().astype(np.int64)
    lengths = np.diff(np.append(starts, n))
    return np.repeat(row, lengths)


class Grouping:
    """Group codes per token for ``by`` columns (and an optional date period)."""

    def __init__(self, tokens: pd.DataFrame, corpus, by, freq: str | None, date: str) -> None:
        if by is None:
            by = []
        elif isinstance(by, str):
            by = [by]
        by = list(by)
        if freq is not None:
            if freq not in PERIODS:
                raise KitError(
                    f"freq={freq!r} is not a period I know; use 'D' (day), 'M' (month) or "
                    "'Y' (year), or freq=None for no time grouping."
                )
            if date not in by:
                by.append(date)
        self.by = by
        n = len(tokens)
        self.n_tokens = n
        code_list: list[np.ndarray] = []
        self.labels: list[pd.Index] = []
        self.dtypes: list[object] = []
        trows = None
        for column in by:
            if column in tokens.columns:
                values = tokens[column]
                level = None
            else:
                values, level = self._lookup(column, corpus, tokens)
                if level == "turn" and trows is None:
                    trows = turn_rows(tokens, corpus.turns)
            if column == date and freq is not None:
                values = _period_start(values, PERIODS[freq])
            codes, labels = codes_of(values)
            if level == "turn":
                codes = np.where(trows >= 0, codes[np.maximum(trows, 0)], -1) if n else \
                    np.zeros(0, dtype=np.int64)
            elif level == "doc":
                dcodes, dlabels = codes_of(tokens[s.DOC_ID])
                pos = pd.Index(corpus.documents[s.DOC_ID].astype(object)).get_indexer(
                    np.asarray(dlabels, dtype=object))
                per_label = np.where(pos >= 0, codes[np.maximum(pos, 0)], -1)
                codes = per_label[dcodes] if n else np.zeros(0, dtype=np.int64)
            code_list.append(codes.astype(np.int64))
            self.labels.append(labels)
            self.dtypes.append(values.dtype)
        if not by:  # one group: everything
            self.valid = np.ones(n, dtype=bool)
            self.codes = np.zeros(n, dtype=np.int64)
            self.n_groups = 1
            self.group_codes = []
            return
        if len(by) == 1:
            # Keep every observed label (categories in their order); no copy when all occur.
            codes = code_list[0]
            valid = codes >= 0
            seen = np.bincount(codes[valid] if not valid.all() else codes,
                               minlength=len(self.labels[0])) > 0
            self.valid = valid
            if seen.all():
                self.codes = codes
            else:
                remap = np.cumsum(seen) - 1
                self.codes = np.where(valid, remap[np.maximum(codes, 0)], -1)
            self.group_codes = [np.flatnonzero(seen)]
            self.n_groups = int(seen.sum())
            return
        # Mixed-radix combination, then compacted to the groups that occur.
        combined = np.zeros(n, dtype=np.int64)
        valid = np.ones(n, dtype=bool)
        for codes, labels in zip(code_list, self.labels, strict=True):
            valid &= codes >= 0
            combined = combined * max(len(labels), 1) + np.maximum(codes, 0)
        combined[~valid] = -1
        self.valid = valid
        space = int(np.prod([max(len(labels), 1) for labels in self.labels], dtype=float))
        if space <= 1 << 26:  # compact by a presence table: no sort
            seen = np.bincount(combined[valid], minlength=space) > 0
            present = np.flatnonzero(seen)
            remap = np.cumsum(seen) - 1
            self.codes = np.where(valid, remap[np.maximum(combined, 0)], -1)
        else:
            present, inverse = np.unique(combined[valid], return_inverse=True)
            self.codes = np.full(n, -1, dtype=np.int64)
            self.codes[valid] = inverse
        self.n_groups = len(present)
        parts = []
        rest = present
        for labels in reversed(self.labels):
            size = max(len(labels), 1)
            parts.append(rest % size)
            rest = rest // size
        self.group_codes = list(reversed(parts))

    @staticmethod
    def _lookup(column: str, corpus, tokens: pd.DataFrame) -> tuple[pd.Series, str]:
        if corpus is None:
            raise KitError(
                f"The tokens table has no {column!r} column (it has {list(tokens.columns)}). "
                "Pass the Corpus instead of corpus.tokens, so turn and document columns such "
                f"as role and date can be looked up, or add {column!r} to the tokens first."
            )
        if column in corpus.turns.columns:
            return corpus.turns[column], "turn"
        if column in corpus.documents.columns:
            return corpus.documents[column], "doc"
        raise KitError(
            f"No column {column!r} in tokens, turns or documents. Group by one of "
            f"{sorted(set(tokens.columns) | set(corpus.turns.columns))}."
        )

    def frame(self) -> dict[str, object]:
        """The group columns, one entry per group (in group-code order)."""
        out: dict[str, object] = {}
        for column, labels, dtype, codes in zip(self.by, self.labels, self.dtypes,
                                                self.group_codes, strict=True):
            if isinstance(dtype, pd.CategoricalDtype):
                out[column] = pd.Categorical.from_codes(codes, dtype=dtype)
            else:
                out[column] = labels.take(codes)
        return out


def _period_start(values: pd.Series, freq: str) -> pd.Series:
    dates = pd.to_datetime(values)
    return dates.dt.to_period(freq).dt.start_time


def count_pairs(group: np.ndarray, term: np.ndarray, n_groups: int,
                n_terms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count (group, term) pairs: returns group codes, term codes, counts (all n > 0).

    Dense ``bincount`` over blocks of groups keeps memory bounded (at most 2**22 bins at a
    time). Tokens come grouped by document, so when the group codes are sorted each block is
    a slice; otherwise blocks are masks, and with very many blocks a hash count takes over.
    """
    if len(group) == 0 or n_terms == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    block_groups = max(1, (1 << 22) // n_terms)
    n_blocks = -(-n_groups // block_groups)
    ordered = n_blocks == 1 or bool(np.all(group[1:] >= group[:-1]))
    if ordered and n_blocks > 1:
        return _count_sorted(group, term, n_groups, n_terms)
    if ordered or n_blocks <= 8:
        if ordered:
            cuts = np.searchsorted(group, np.arange(n_blocks + 1) * block_groups)
        gs, ts, ns = [], [], []
        for block in range(n_blocks):
            base = block * block_groups
            if ordered:
                g, t = group[cuts[block]:cuts[block + 1]], term[cuts[block]:cuts[block + 1]]
            else:
                mask = (group >= base) & (group < base + block_groups)
                g, t = group[mask], term[mask]
            if len(g) == 0:
                continue
            counts = np.bincount((g - base) * n_terms + t)
            nz = np.flatnonzero(counts)
            gs.append(nz // n_terms + base)
            ts.append(nz % n_terms)
            ns.append(counts[nz])
        if not gs:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return np.concatenate(gs), np.concatenate(ts), np.concatenate(ns)
    key = group * n_terms + term
    vc = pd.Series(key).value_counts(sort=False)
    keys = vc.index.to_numpy()
    order = np.argsort(keys)
    keys = keys[order]
    return keys // n_terms, keys % n_terms, vc.to_numpy()[order]


def _count_sorted(group: np.ndarray, term: np.ndarray, n_groups: int, n_terms: int,
                  block_tokens: int = 1 << 15) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``count_pairs`` for sorted group codes: blocks of ~32k tokens cut at group changes,
    each counted densely over only the terms it holds (few bins, cache-sized)."""
    n = len(group)
    group_cuts = np.unique(np.concatenate([[0], group[np.arange(0, n, block_tokens)],
                                           [n_groups]]))
    cuts = np.searchsorted(group, group_cuts)
    gs, ts, ns = [], [], []
    for a, b, base in zip(cuts[:-1], cuts[1:], group_cuts[:-1], strict=True):
        if a == b:
            continue
        local_group = group[a:b] - base
        block_terms = term[a:b]
        present = np.bincount(block_terms, minlength=n_terms) > 0
        terms_here = np.flatnonzero(present)
        local_term = np.cumsum(present) - 1
        k = len(terms_here)
        counts = np.bincount(local_group * k + local_term[block_terms])
        nz = np.flatnonzero(counts)
        gs.append(nz // k + base)
        ts.append(terms_here[nz % k])
        ns.append(counts[nz])
    return np.concatenate(gs), np.concatenate(ts), np.concatenate(ns)
