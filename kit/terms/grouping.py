"""Groups of tokens: which group each token is in, for counts, keyness, n-grams and the index.

- :func:`codes_of`: integer codes and labels of a column (categoricals without re-hashing);
- :func:`lookup_column`: a grouping column found on the tokens, or looked up per token on the
  corpus's turns (``role``), documents (``title``, ``date``) or speakers (``party``);
- :class:`Grouping`: group codes per token (one code per token, one label row per group) for
  ``by`` columns and a date period.

The counts of those codes (per group, per (group, term) pair, per cell) are in
:mod:`kit.terms.code_counts`; their names are imported here too, where they were first.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.terms.code_counts import DENSE_CELLS as DENSE_CELLS
from kit.terms.code_counts import bincount, small_codes
from kit.terms.code_counts import cell_counts as cell_counts
from kit.terms.code_counts import count_pairs as count_pairs
from kit.terms.code_counts import gather as gather
from kit.terms.code_counts import pair_counts as pair_counts
from kit.terms.periods import check_freq, period_start

#: Periods the DuckDB counts (kit.terms.duck) know; pandas counts take any period of a day or
#: more (kit.terms.periods.check_freq).
PERIODS = {"D": "D", "M": "M", "Y": "Y", "10Y": "10Y", "day": "D", "month": "M", "year": "Y",
           "decade": "10Y"}


def as_tokens(data: Any) -> tuple[pd.DataFrame, Any]:
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


def codes_of(column: pd.Series, *, sort: bool = False,
             dtype: type | None = None) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (``-1`` for missing) and the labels they index.

    A categorical keeps its categories and their order (so unused speakers keep their colour
    slot), and its codes come back as a read-only view, not a copy (8 MB per column of a
    2M-token corpus, held by every index). Anything else is factorized, in order of first
    appearance or, with ``sort``, sorted. ``dtype`` converts the codes (e.g. ``np.int64``
    for arithmetic that would overflow small codes).
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, labels = column.array.codes, column.cat.categories
    else:
        codes, uniques = pd.factorize(column, sort=sort, use_na_sentinel=True)
        labels = pd.Index(uniques)
    return (codes if dtype is None else codes.astype(dtype, copy=False)), labels


def stopword_mask(tokens: pd.DataFrame, column: str = s.IS_STOPWORD) -> np.ndarray:
    """Boolean array, True where a row is a stopword (missing values count as False)."""
    values = tokens[column]
    return np.asarray(values.fillna(False) if values.hasnans else values, dtype=bool)


def turn_rows(tokens: pd.DataFrame, turns: pd.DataFrame) -> np.ndarray:
    """For each token, the row number of its turn in ``turns`` (-1 if missing)."""
    n = len(tokens)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    doc_codes, doc_labels = codes_of(tokens[s.DOC_ID], sort=True)
    turn_id = tokens[s.TURN_ID].to_numpy()
    change = np.ones(n, dtype=bool)
    change[1:] = (doc_codes[1:] != doc_codes[:-1]) | (turn_id[1:] != turn_id[:-1])
    starts = np.flatnonzero(change)
    runs = pd.DataFrame({s.DOC_ID: np.asarray(doc_labels, dtype=object)[doc_codes[starts]],
                         s.TURN_ID: turn_id[starts].astype(np.int64)})
    lookup = pd.DataFrame({s.DOC_ID: turns[s.DOC_ID].astype(object).to_numpy(),
                           s.TURN_ID: turns[s.TURN_ID].to_numpy().astype(np.int64),
                           "_row": np.arange(len(turns))})
    merged = runs.merge(lookup, how="left", on=[s.DOC_ID, s.TURN_ID])["_row"]
    row = merged.fillna(-1).to_numpy().astype(np.int64)
    lengths = np.diff(np.append(starts, n))
    return np.repeat(row, lengths)


def lookup_column(column: str, tokens: pd.DataFrame, corpus: Any) -> tuple[pd.Series, str]:
    """Where a grouping column comes from: ``(values, level)``.

    ``level`` is ``"token"`` (a column of ``tokens``), ``"turn"``, ``"doc"`` or
    ``"speaker"`` (a column of the corpus's turns, documents or speakers table, one value per
    row of that table, to be taken per token).
    """
    if column in tokens.columns:
        return tokens[column], "token"
    if corpus is None:
        raise KitError(
            f"The tokens table has no {column!r} column (it has {list(tokens.columns)}). "
            "Pass the Corpus instead of corpus.tokens, so turn, document and speaker columns "
            f"such as role, date and party can be looked up, or add {column!r} to the tokens "
            "first."
        )
    if column in corpus.turns.columns:
        return corpus.turns[column], "turn"
    if column in corpus.documents.columns:
        return corpus.documents[column], "doc"
    speakers = corpus.speakers
    if column in speakers.columns and s.SPEAKER in tokens.columns:
        return speakers[column], "speaker"
    known = sorted(set(tokens.columns) | set(corpus.turns.columns)
                   | set(speakers.columns) - {s.SPEAKER})
    raise KitError(
        f"No column {column!r} in the tokens, turns, documents or speakers of this corpus. "
        f"Group by one of {known}."
    )


def rows_per_token(level: str, tokens: pd.DataFrame, corpus: Any,
                   turn_row: np.ndarray | None = None) -> np.ndarray:
    """For each token, the row of its turn, document or speaker in the corpus's table (-1: none).

    ``turn_row`` may pass the turn rows already found (:func:`turn_rows`).
    """
    n = len(tokens)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if level == "turn":
        return turn_rows(tokens, corpus.turns) if turn_row is None else turn_row
    if level == "doc":
        doc_codes, doc_labels = codes_of(tokens[s.DOC_ID], sort=True)
        table_ids = corpus.documents[s.DOC_ID].astype(object)
    else:
        doc_codes, doc_labels = codes_of(tokens[s.SPEAKER], sort=True)
        table_ids = corpus.speakers[s.SPEAKER].astype(object)
    pos = pd.Index(table_ids).get_indexer(np.asarray(doc_labels, dtype=object))
    per_label = np.append(pos, -1)  # code -1 (missing) takes the last slot
    return per_label[doc_codes]


def tokens_and_groups(data: Any, by: str) -> tuple[pd.DataFrame, pd.Series | None]:
    """The tokens table and, per token, the value of ``by``.

    ``data`` is a tokens table (``by`` must be one of its columns, else the values are None)
    or a Corpus, whose turns, documents or speakers may supply ``by`` (``role``, ``date``,
    ``title``, ``party``).
    """
    from kit.corpus import Corpus

    if not isinstance(data, Corpus):
        return data, (data[by] if isinstance(data, pd.DataFrame) and by in data.columns else None)
    tokens, corpus = data.tokens, data
    values, level = lookup_column(by, tokens, corpus)
    if level == "token":
        return tokens, values
    rows = rows_per_token(level, tokens, corpus)
    return tokens, pd.Series(values.array.take(rows, allow_fill=True), name=by)


class Grouping:
    """Group codes per token for ``by`` columns (and an optional date period).

    ``codes`` holds each token's group (``-1`` where a ``by`` value is missing) in the
    smallest signed integer type that holds ``n_groups`` (:func:`small_codes`): cast it
    before arithmetic that may exceed that type (``codes * n_terms``).
    """

    def __init__(self, tokens: pd.DataFrame, corpus: Any, by: Any, freq: str | None,
                 date: str) -> None:
        if by is None:
            by = []
        elif isinstance(by, str):
            by = [by]
        by = list(by)
        if freq is not None:
            check_freq(freq)
            if date not in by:
                by.append(date)
        self.by = by
        n = len(tokens)
        self.n_tokens = n
        #: Tokens per group, when known without counting (:meth:`repeat_rows`).
        self.sizes: np.ndarray | None = None
        code_list: list[np.ndarray] = []
        self.labels: list[pd.Index] = []
        self.dtypes: list[object] = []
        trows = None
        for column in by:
            values, level = lookup_column(column, tokens, corpus)
            if column == date and freq is not None:
                values = period_start(values, freq)
            codes, labels = codes_of(values, sort=True)
            if level != "token":
                rows = rows_per_token(level, tokens, corpus, trows)
                if level == "turn":
                    trows = rows
                codes = np.where(rows >= 0, codes[np.maximum(rows, 0)], -1) if n else \
                    np.zeros(0, dtype=np.int64)
            code_list.append(small_codes(codes, len(labels)))
            self.labels.append(labels)
            self.dtypes.append(values.dtype)
        if not by:  # one group: everything
            self.valid = np.ones(n, dtype=bool)
            self.codes = np.zeros(n, dtype=np.int8)
            self.n_groups = 1
            self.group_codes = []
            return
        if len(by) == 1:
            # Keep every observed label (categories in their order); no copy when all occur.
            codes = code_list[0]
            valid = codes >= 0
            seen = bincount(codes[valid] if not valid.all() else codes,
                            minlength=len(self.labels[0])) > 0
            self.valid = valid
            if seen.all():
                self.codes = codes
            else:
                remap = small_codes(np.cumsum(seen) - 1, int(seen.sum()))
                self.codes = np.where(valid, remap[np.maximum(codes, 0)], remap.dtype.type(-1))
            self.group_codes = [np.flatnonzero(seen)]
            self.n_groups = int(seen.sum())
            return
        # Mixed-radix combination, then compacted to the groups that occur.
        combined = np.zeros(n, dtype=np.int64)
        valid = np.ones(n, dtype=bool)
        for codes, labels in zip(code_list, self.labels, strict=True):
            valid &= codes >= 0
            combined *= max(len(labels), 1)
            combined += np.maximum(codes, 0)
        combined[~valid] = -1
        self.valid = valid
        space = int(np.prod([max(len(labels), 1) for labels in self.labels], dtype=float))
        if space <= 1 << 26:  # compact by a presence table: no sort
            seen = np.bincount(combined[valid], minlength=space) > 0
            present = np.flatnonzero(seen)
            remap = small_codes(np.cumsum(seen) - 1, len(present))
            self.codes = np.where(valid, remap[np.maximum(combined, 0)], remap.dtype.type(-1))
        else:
            present, inverse = np.unique(combined[valid], return_inverse=True)
            self.codes = np.full(n, -1, dtype=small_codes(present, len(present)).dtype)
            self.codes[valid] = inverse
        self.n_groups = len(present)
        parts = []
        rest = present
        for labels in reversed(self.labels):
            size = max(len(labels), 1)
            parts.append(rest % size)
            rest = rest // size
        self.group_codes = list(reversed(parts))

    def repeat_rows(self, per_row: np.ndarray) -> None:
        """Make the codes those of rows each repeated ``per_row`` times, such as each phrase
        once per token when phrases were grouped (:class:`kit.terms.term_codes.TermCodes`),
        and keep the groups with some rows, as if the repeated rows had been grouped.
        Their sizes (rows per group, int64) are kept in ``sizes``.
        """
        valid = self.codes >= 0
        sizes = np.bincount(self.codes[valid], weights=per_row[valid],
                            minlength=self.n_groups).astype(np.int64)
        seen = sizes > 0
        codes = self.codes
        if self.by and not seen.all():  # (no ``by``: one group, even of no tokens)
            remap = small_codes(np.cumsum(seen) - 1, int(seen.sum()))
            codes = np.where(valid, remap[np.maximum(codes, 0)], remap.dtype.type(-1))
            self.group_codes = [group[seen] for group in self.group_codes]
            self.n_groups = int(seen.sum())
            sizes = sizes[seen]
        self.sizes = sizes
        self.codes = np.repeat(codes, per_row)
        self.valid = self.codes >= 0
        self.n_tokens = len(self.codes)

    def tokens_per_group(self) -> np.ndarray:
        """Tokens in each group (int64, in group-code order): the ``n_words`` of a count."""
        if self.sizes is not None:
            return self.sizes
        return bincount(self.codes if self.valid.all() else self.codes[self.valid],
                        minlength=self.n_groups)

    def frame(self) -> dict[str, Any]:
        """The group columns, one entry per group (in group-code order)."""
        out: dict[str, object] = {}
        for column, labels, dtype, codes in zip(self.by, self.labels, self.dtypes,
                                                self.group_codes, strict=True):
            if isinstance(dtype, pd.CategoricalDtype):
                out[column] = pd.Categorical.from_codes(codes, dtype=dtype)
            else:
                out[column] = labels.take(codes)
        return out


def categorical_like(codes: np.ndarray, categories: pd.Index,
                     like: pd.Series) -> pd.Categorical[Any]:
    """Rebuild a categorical column from codes, keeping ``like``'s dtype when it is one."""
    if isinstance(like.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(codes, dtype=like.dtype)
    return pd.Categorical.from_codes(codes, categories=categories)
