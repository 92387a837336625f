"""Groups of tokens and pair counts, shared by counts, keyness, n-grams and the term index.

- :func:`codes_of`: integer codes and labels of a column (categoricals without re-hashing);
- :func:`lookup_column`: a grouping column found on the tokens, or looked up per token on the
  corpus's turns (``role``), documents (``title``, ``date``) or speakers (``party``);
- :class:`Grouping`: group codes per token for ``by`` columns and a date period;
- :func:`count_pairs` and :func:`pair_counts`: (group, term) counts by ``bincount``;
- :func:`cell_counts`: a dense (row, column) count table, such as tokens per document and
  speaker.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.read.threads import map_in_threads
from kit.terms.periods import check_freq, period_start

#: Periods the DuckDB counts (kit.terms.duck) know; pandas counts take any period of a day or
#: more (kit.terms.periods.check_freq).
PERIODS = {"D": "D", "M": "M", "Y": "Y", "10Y": "10Y", "day": "D", "month": "M", "year": "Y",
           "decade": "10Y"}
# Above this many cells a dense group x term matrix is not built (80 MB per float array).
DENSE_CELLS = 10_000_000
# Tokens keyed, counted or gathered at a time: 16 MB of int64 temporaries, not 8 bytes a
# token of the whole corpus.
_KEY_STEP = 1 << 21


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


def bincount(codes: np.ndarray, minlength: int = 0) -> np.ndarray:
    """``np.bincount`` of non-negative codes, a few million at a time: numpy converts its input
    to int64 first, 8 bytes a token of the whole corpus at once otherwise (peak memory,
    bench_pipeline.py)."""
    out = np.zeros(minlength, dtype=np.int64)
    for lo in range(0, len(codes), _KEY_STEP):
        out = _summed(out, np.bincount(codes[lo:lo + _KEY_STEP]))
    return out


def _summed(counts: np.ndarray, part: np.ndarray) -> np.ndarray:
    """``counts + part``, the shorter one padded with zeros (the longer one is reused)."""
    if len(part) > len(counts):
        part[:len(counts)] += counts
        return part
    counts[:len(part)] += part
    return counts


def gather(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``values[rows]``, a few million rows at a time: numpy converts an index array of a
    small integer type to int64 first, 8 bytes a token of the whole corpus at once otherwise
    (peak memory, bench_pipeline.py)."""
    if rows.dtype == np.intp or len(rows) <= _KEY_STEP:
        return values[rows]
    out = np.empty(len(rows), dtype=values.dtype)
    for lo in range(0, len(rows), _KEY_STEP):
        out[lo:lo + _KEY_STEP] = values[rows[lo:lo + _KEY_STEP]]
    return out


def small_codes(codes: np.ndarray, n_labels: int) -> np.ndarray:
    """``codes`` (``-1`` for missing) in the smallest signed integer type that holds
    ``n_labels`` codes: a per-token code is 1 to 4 bytes, not 8 (peak memory,
    bench_pipeline.py). Not copied when already of that type."""
    for dtype in (np.int8, np.int16, np.int32):
        if n_labels <= np.iinfo(dtype).max:
            return codes.astype(dtype, copy=False)
    return codes.astype(np.int64, copy=False)


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


def count_pairs(group: np.ndarray, term: np.ndarray, n_groups: int, n_terms: int, *,
                skip_terms: np.ndarray | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count (group, term) pairs: returns group codes, term codes, counts (all n > 0; int64).

    ``group`` and ``term`` may be codes of any integer type (all valid, ``>= 0``); pairs of
    the terms where ``skip_terms`` (one bool per term) is True are left out, block by block
    (a count by document with its stop-word rows would be twice its size at once). Dense
    ``bincount`` over blocks of groups keeps memory bounded (at most 2**22 bins at a time),
    and so does counting a block's tokens a few million at a time (an 8-byte key per token
    of the whole corpus would be its largest temporary). Tokens come grouped by document,
    so when the group codes are sorted each block is a slice; otherwise blocks are masks,
    and with very many blocks a hash count takes over.
    """
    if len(group) == 0 or n_terms == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    block_groups = max(1, (1 << 22) // n_terms)
    n_blocks = -(-n_groups // block_groups)
    ordered = n_blocks == 1 or bool(np.all(group[1:] >= group[:-1]))
    if ordered and n_blocks > 1:
        return _count_sorted(group, term, n_groups, n_terms, skip_terms)
    if ordered or n_blocks <= 8:
        if ordered:
            cuts = _cuts(group, np.arange(n_blocks + 1) * block_groups, n_groups)
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
            counts = _dense_counts(g, t, base, n_terms)
            nz = np.flatnonzero(counts)
            if skip_terms is not None:
                nz = nz[~skip_terms[nz % n_terms]]
            gs.append((nz // n_terms + base).astype(np.int32))
            ts.append((nz % n_terms).astype(np.int32))
            ns.append(counts[nz])
        return _joined(gs, ts, ns)
    key = group.astype(np.int64) * n_terms + term
    vc = pd.Series(key).value_counts(sort=False)
    del key
    keys = vc.index.to_numpy()
    order = np.argsort(keys)
    keys, n = keys[order], vc.to_numpy()[order]
    if skip_terms is not None:
        keep = ~skip_terms[keys % n_terms]
        keys, n = keys[keep], n[keep]
    return keys // n_terms, keys % n_terms, n


def _dense_counts(group: np.ndarray, term: np.ndarray, base: int, n_terms: int) -> np.ndarray:
    """Counts of ``(group - base) * n_terms + term``, a dense array, keyed in steps."""
    counts = np.zeros(0, dtype=np.int64)
    for lo in range(0, len(group), _KEY_STEP):
        key = group[lo:lo + _KEY_STEP].astype(np.int64)
        key -= base
        key *= n_terms
        key += term[lo:lo + _KEY_STEP]
        counts = _summed(counts, np.bincount(key))
    return counts


def _cuts(group: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Where each of ``codes`` starts in the sorted ``group``; the codes are given in its
    type (numpy would otherwise convert all of ``group`` to theirs: 8 bytes a token)."""
    if n_groups == 0 or len(group) == 0:
        return np.zeros(len(codes), dtype=np.int64)
    top = min(n_groups, np.iinfo(group.dtype).max)
    return np.searchsorted(group, np.minimum(codes, top).astype(group.dtype))


def _without(skip_terms: np.ndarray, term: np.ndarray,
             group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The tokens of a block whose term is not skipped."""
    keep = ~skip_terms[term]
    return term[keep], group[keep]


def _joined(gs: list[np.ndarray], ts: list[np.ndarray],
            ns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The blocks' (group, term, count) arrays end to end, as int64."""
    if not gs:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return (np.concatenate(gs, dtype=np.int64), np.concatenate(ts, dtype=np.int64),
            np.concatenate(ns, dtype=np.int64))


def _count_sorted(group: np.ndarray, term: np.ndarray, n_groups: int, n_terms: int,
                  skip_terms: np.ndarray | None = None,
                  block_tokens: int = 1 << 15) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``count_pairs`` for sorted group codes: blocks of ~32k tokens cut at group changes,
    each counted densely over only the terms it holds (few bins, cache-sized)."""
    n = len(group)
    group_cuts = np.unique(np.concatenate([[0], group[np.arange(0, n, block_tokens)],
                                           [n_groups]]).astype(np.int64))
    cuts = _cuts(group, group_cuts, n_groups)

    def count_block(span: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        a, b, base = span
        local_group = group[a:b].astype(np.int64) - base
        block_terms = term[a:b]
        present = np.bincount(block_terms, minlength=n_terms) > 0
        if skip_terms is not None:
            present &= ~skip_terms
            block_terms, local_group = _without(skip_terms, block_terms, local_group)
        terms_here = np.flatnonzero(present)
        local_term = np.cumsum(present) - 1
        k = len(terms_here)
        counts = np.bincount(local_group * k + local_term[block_terms])
        nz = np.flatnonzero(counts)
        return (nz // k + base).astype(np.int32), terms_here[nz % k].astype(np.int32), counts[nz]

    # Blocks in threads: numpy lets go of the GIL in each step (all cores on a large count).
    spans = [(a, b, base) for a, b, base in zip(cuts[:-1], cuts[1:], group_cuts[:-1],
                                                 strict=True) if a != b]
    done = map_in_threads(count_block, spans)
    return _joined([d[0] for d in done], [d[1] for d in done], [d[2] for d in done])

def cell_counts(rows: np.ndarray, n_rows: int, columns: np.ndarray, n_columns: int, *,
                skip: np.ndarray | None = None) -> np.ndarray:
    """Count items per (row code, column code) cell into a dense ``(n_rows, n_columns)`` array.

    ``rows`` and ``columns`` give each item's codes (all valid); items where ``skip`` is True
    are left out. Counted in blocks: no 8-byte key per token of an 18M-token corpus at once.
    """
    out = np.zeros(n_rows * n_columns, dtype=np.int64)
    step = 1 << 22
    for lo in range(0, len(rows), step):
        key = rows[lo:lo + step].astype(np.int64) * n_columns + columns[lo:lo + step]
        if skip is not None:
            key = key[~skip[lo:lo + step]]
        out += np.bincount(key, minlength=n_rows * n_columns)
    return out.reshape(n_rows, n_columns)


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
    bounds = np.searchsorted(a, np.arange(0, n_a + step, step))
    parts = []
    for i, start in enumerate(range(0, n_a, step)):
        stop = min(start + step, n_a)
        inside: slice | np.ndarray = slice(bounds[i], bounds[i + 1]) if contiguous \
            else (a >= start) & (a < stop)
        w = None if weights is None else weights[inside]
        parts.append(_dense_pairs(a[inside], b[inside], n_b, start, stop, w))
    ga, gb, gn = (np.concatenate(arrays) for arrays in zip(*parts, strict=True))
    return ga, gb, gn


def _dense_pairs(
    a: np.ndarray, b: np.ndarray, n_b: int, start: int, stop: int, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    key = (a - start) * np.int64(n_b) + b
    dense = np.bincount(key, weights=weights, minlength=(stop - start) * n_b)
    nz = np.flatnonzero(dense)
    return nz // n_b + start, nz % n_b, dense[nz]


def categorical_like(codes: np.ndarray, categories: pd.Index,
                     like: pd.Series) -> pd.Categorical[Any]:
    """Rebuild a categorical column from codes, keeping ``like``'s dtype when it is one."""
    if isinstance(like.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(codes, dtype=like.dtype)
    return pd.Categorical.from_codes(codes, categories=categories)
