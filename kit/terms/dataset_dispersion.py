"""Dispersion over a Parquet dataset: where one-word hits fall in their documents, read
from the tokens of the turns that hold them (:meth:`kit.terms.search.DatasetSearch.dispersion`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kit import schema as s
from kit.terms.hit_rows import DISPERSION_COLUMNS, N_TOKENS, RELATIVE_POSITION, TURN_INDEX
from kit.terms.index import TermIndex

if TYPE_CHECKING:
    from kit.terms.search import DatasetSearch

__all__ = ["token_rows", "word_dispersion"]


def word_dispersion(
    search: DatasetSearch, queries: Sequence[str], rows: np.ndarray, n_tokens: np.ndarray,
    options: dict,
) -> pd.DataFrame:
    """:meth:`DatasetSearch.dispersion` of one-word queries: their tokens in the turns at
    ``rows`` (sorted, unique), read with four columns (a token of a matched term is a hit).

    ``n_tokens`` is each document's number of tokens; ``options`` as for
    :func:`kit.dispersion`. Returns one row per hit, :data:`DISPERSION_COLUMNS`.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    meta = search.keywords.turns.iloc[rows]
    columns = [s.TERM, s.POSITION, s.START_CHAR]
    option = {
        k: options.get(k, v)
        for k, v in (
            ("regex", False),
            ("whole_word", True),
            ("fold_possessives", True),
            ("lemma", False),
            ("language", "en"),
        )
    }
    words = {q: search.word_terms(q, **option)[0] for q in queries}
    wanted = pa.array(sorted({w for ws in words.values() for w in ws}), type=pa.string())
    parts, turns = [], []
    for batch, part in meta.groupby("batch", sort=True):
        starts, ends = part["tokens_start"].to_numpy(), part["tokens_end"].to_numpy()
        table = search.keywords.read_row_table("tokens", str(batch), starts, ends, columns)
        # Only the tokens of matched terms are converted (a few of many thousands).
        terms = table.column(s.TERM).cast(pa.string())
        at = np.flatnonzero(pc.is_in(terms, value_set=wanted).to_numpy(zero_copy_only=False))
        # Terms as text: a batch's term dictionary holds its whole vocabulary, made
        # categories again per batch (7 ms a batch, half the chart's time on 2 GB).
        parts.append(table.take(pa.array(at)).set_column(0, s.TERM, terms.take(pa.array(at))))
        turns.append(np.repeat(rows[meta["batch"].to_numpy() == batch], ends - starts)[at])
    tokens = pa.concat_tables(parts).to_pandas()
    turn = np.concatenate(turns)
    turn_ids = meta[s.TURN_ID].to_numpy()
    terms = tokens[s.TERM].astype(object).to_numpy()
    frames = []
    for q in queries:
        at = np.flatnonzero(pd.Series(terms).isin(set(words[q])).to_numpy())
        t = turn[at]
        pos = tokens[s.POSITION].to_numpy()[at]
        ntok = n_tokens[search.turn_doc[t]]
        frames.append(
            pd.DataFrame(
                {
                    "query": pd.array([q] * len(at), dtype="str"),
                    s.DOC_ID: pd.Categorical.from_codes(search.turn_doc[t], dtype=search.doc_dtype),
                    s.SPEAKER: pd.Categorical.from_codes(
                        search.turn_speaker[t], dtype=search.speaker_dtype
                    ),
                    s.TURN_ID: turn_ids[np.searchsorted(rows, t)],
                    TURN_INDEX: search.turn_index[t],
                    s.POSITION: pos,
                    N_TOKENS: ntok,
                    RELATIVE_POSITION: pos / np.maximum(ntok, 1),
                    s.START_CHAR: tokens[s.START_CHAR].to_numpy()[at],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[DISPERSION_COLUMNS]


def token_rows(index: TermIndex, hits: pd.DataFrame) -> np.ndarray:
    """The token row of each dispersion row (by document, turn and start)."""
    tokens = index.tokens
    keys = pd.MultiIndex.from_arrays(
        [tokens[s.DOC_ID].astype(object), tokens[s.TURN_ID].to_numpy(), tokens[s.START_CHAR]]
    )
    wanted = pd.MultiIndex.from_arrays(
        [hits[s.DOC_ID].astype(object), hits[s.TURN_ID].to_numpy(), hits[s.START_CHAR]]
    )
    return keys.get_indexer(wanted)
