"""Rows of a term index's hits: KWIC rows and where each hit falls in its document.

The input is a :class:`kit.terms.index.TermIndex` and its hits as token rows (where each hit
starts and ends, :meth:`~kit.terms.index.TermIndex.hits`); the output has one row per hit,
in the order given: :func:`kwic_rows` (the hit with its context, :data:`KWIC_COLUMNS`),
:func:`context_terms` (the term a few words left or right of it) and
:func:`dispersion_rows` (its place in its document, :data:`DISPERSION_COLUMNS`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from kit import schema as s

if TYPE_CHECKING:
    from kit.terms.index import TermIndex

__all__ = ["KWIC_COLUMNS", "DISPERSION_COLUMNS", "kwic_rows", "context_terms",
           "dispersion_rows"]

QUERY = "query"
LEFT = "left"
HIT = "hit"
RIGHT = "right"
TURN_INDEX = "turn_index"
RELATIVE_POSITION = "relative_position"
N_TOKENS = "n_tokens"
KWIC_COLUMNS = [QUERY, s.DOC_ID, s.TURN_ID, s.PHRASE_ID, s.SPEAKER, s.DATE, LEFT, HIT, RIGHT,
                s.START_CHAR, s.END_CHAR, s.POSITION]
DISPERSION_COLUMNS = [QUERY, s.DOC_ID, s.SPEAKER, s.TURN_ID, TURN_INDEX, s.POSITION, N_TOKENS,
                      RELATIVE_POSITION, s.START_CHAR]


def context_terms(index: TermIndex, first: np.ndarray, last: np.ndarray,
                  key: str) -> np.ndarray:
    """The term ``k`` words left or right of each hit (``key`` ``"left1"`` ...
    ``"right3"``), within the hit's turn; missing (None) past the turn's edge."""
    k = int(key[-1])
    rows = first - k if key.startswith(LEFT) else last + k
    n = len(index.term_codes)
    inside = (rows >= 0) & (rows < n)
    at = np.clip(rows, 0, max(n - 1, 0))
    inside &= (index.doc_codes[at] == index.doc_codes[first]) & \
        (index.turn_ids[at] == index.turn_ids[first])
    terms = np.asarray(index.terms.astype(object), dtype=object)
    out = np.full(len(first), None, dtype=object)
    out[inside] = terms[index.term_codes[at[inside]]]
    return out


def kwic_rows(index: TermIndex, query: str, first: np.ndarray, last: np.ndarray,
              window: int = 60) -> pd.DataFrame:
    """KWIC rows (as :func:`kit.kwic`) of the hits starting at token rows ``first`` and
    ending at ``last``, in the order given."""
    trow = np.maximum(index.turn_rows_of(first), 0)
    has_turns = len(index.turn_base) > 0
    base = index.turn_base[trow] if has_turns else np.zeros(len(first), dtype=np.int64)
    a = index.start[first] - base
    b = index.end[last] - base
    # Each distinct turn's text is fetched once (a frequent word has many hits per turn).
    if has_turns and len(first):
        uniq, which = np.unique(trow, return_inverse=True)
        # A page of hits reads its turns one by one: a take from the Arrow text column
        # copies far more (~30 ms on 100 MB, against 0.5 ms for 20 lookups).
        if len(uniq) <= 1000:
            distinct = [str(index.turn_text.iloc[i]) for i in uniq.tolist()]
        else:
            distinct = [str(t) for t in index.turn_text.take(uniq).tolist()]
    else:
        distinct, which = [""], np.zeros(len(first), dtype=np.int64)
    left, hit, right = [], [], []
    for k, i, j in zip(which.tolist(), a.tolist(), b.tolist(), strict=True):
        text = distinct[k]
        left.append(text[max(0, i - window):i].replace("\n", " "))
        hit.append(text[i:j].replace("\n", " "))
        right.append(text[j:j + window].replace("\n", " "))
    tokens = index.tokens
    out = {
        QUERY: pd.array([query] * len(first), dtype="str"),
        s.DOC_ID: tokens[s.DOC_ID].take(first).to_numpy() if not isinstance(
            tokens[s.DOC_ID].dtype, pd.CategoricalDtype) else
        pd.Categorical.from_codes(index.doc_codes[first],
                                  dtype=cast(pd.CategoricalDtype, tokens[s.DOC_ID].dtype)),
        s.TURN_ID: index.turn_ids[first],
        s.PHRASE_ID: index.phrase_ids[first],
        s.SPEAKER: _take_column(tokens, s.SPEAKER, first),
        s.DATE: index.turn_dates.take(trow).to_numpy()
        if index.turn_dates is not None and has_turns else pd.NaT,
        LEFT: pd.array(left, dtype="str"),
        HIT: pd.array(hit, dtype="str"),
        RIGHT: pd.array(right, dtype="str"),
        s.START_CHAR: index.start[first],
        s.END_CHAR: index.end[last],
        s.POSITION: index.position[first],
    }
    return pd.DataFrame(out)


def dispersion_rows(index: TermIndex, query: str, first: np.ndarray) -> pd.DataFrame:
    """Where each hit starting at token rows ``first`` falls in its document (as
    :func:`kit.dispersion`), in the order given."""
    turn_index, n_tokens = index.turn_order, index.doc_tokens
    trow = index.turn_rows_of(first)
    ntok = n_tokens[index.doc_codes[first]]
    pos = index.position[first]
    doc_dtype = index.tokens[s.DOC_ID].dtype
    return pd.DataFrame({
        QUERY: pd.array([query] * len(first), dtype="str"),
        s.DOC_ID: pd.Categorical.from_codes(index.doc_codes[first], dtype=doc_dtype)
        if isinstance(doc_dtype, pd.CategoricalDtype)
        else index.doc_labels.take(index.doc_codes[first]),
        s.SPEAKER: _take_column(index.tokens, s.SPEAKER, first),
        s.TURN_ID: index.tokens[s.TURN_ID].to_numpy()[first],
        TURN_INDEX: np.where(trow >= 0, turn_index[np.maximum(trow, 0)], -1)
        if len(turn_index) else np.full(len(first), -1),
        s.POSITION: pos,
        N_TOKENS: ntok.astype(np.int64),
        RELATIVE_POSITION: pos / np.maximum(ntok, 1),
        s.START_CHAR: index.start[first],
    })


def _take_column(tokens: pd.DataFrame, column: str, rows: np.ndarray):
    if column not in tokens.columns:
        return np.full(len(rows), None)
    values = tokens[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Categorical.from_codes(values.cat.codes.to_numpy()[rows], dtype=values.dtype)
    return values.take(rows).to_numpy()
