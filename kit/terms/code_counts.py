"""Counts of integer codes in bounded memory, shared by grouping, counts, keyness and the index.

The input is one code per token (or per item): group codes, term codes, row and column
codes; the output is one count per code, per (group, term) pair or per (row, column) cell.
Tokens are keyed, counted or gathered a few million at a time, so no temporary takes 8 bytes
a token of the whole corpus (peak memory, bench_pipeline.py).

- :func:`bincount` and :func:`gather`: ``np.bincount`` and ``values[rows]`` in steps;
- :func:`small_codes`: codes in the smallest integer type that holds them;
- :func:`count_pairs` and :func:`pair_counts`: (group, term) counts by ``bincount``;
- :func:`cell_counts`: a dense (row, column) count table, such as tokens per document and
  speaker.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit.read.threads import map_in_threads

# Above this many cells a dense group x term matrix is not built (80 MB per float array).
DENSE_CELLS = 10_000_000
# Tokens keyed, counted or gathered at a time: 16 MB of int64 temporaries, not 8 bytes a
# token of the whole corpus.
_KEY_STEP = 1 << 21


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
