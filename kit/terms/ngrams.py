"""N-grams: runs of n tokens inside one phrase, as one row each with the joined term."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kit import schema as s
from kit.terms.grouping import as_tokens, codes_of
from kit.terms.windows import Windows, first_seen

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["ngrams"]


def ngrams(
    tokens: pd.DataFrame | Corpus,
    *,
    n: int = 2,
    term: str = s.TERM,
    drop_stopwords: bool | str = False,
    sep: str = " ",
    as_written: bool = False,
) -> pd.DataFrame:
    """Turn tokens into n-grams: one row per run of ``n`` tokens inside one phrase.

    N-grams never cross a phrase (sentence), turn or document boundary, nor a
    gap in ``token_id`` (so tokens removed beforehand do not join their
    neighbours into false n-grams).

    Parameters
    ----------
    tokens
        One row per token with ``doc_id``, ``turn_id``, ``phrase_id``,
        ``token_id`` and ``term`` (``kit.tokenize`` output), or a Corpus (its
        tokens). Not modified.
    n
        Tokens per n-gram (2 for bigrams, 3 for trigrams ...).
    term
        Column of the terms to join.
    drop_stopwords
        ``False`` (default) keeps every n-gram; ``"edges"`` drops n-grams that
        begin or end with a stop word (keeps ``secretary of state``, drops
        ``of the``); ``"any"`` (or ``True``) drops n-grams holding any.
    sep
        String between the terms of an n-gram.
    as_written
        Also join the tokens as written into ``token`` (e.g. ``Nuclear power``).
        Off by default: it builds a second set of strings, about doubling the
        time; :func:`kit.kwic` shows any n-gram in its context.

    Returns
    -------
    pandas.DataFrame
        One row per n-gram occurrence, in text order, with the columns of
        ``tokens``: the keys, ``speaker``, ``position`` and ``start_char`` and
        every carried column come from the first token; ``end_char`` from the
        last; ``term`` is the joined n-gram (categorical, in order of first
        appearance); ``token`` the tokens as written, joined, with
        ``as_written=True`` (otherwise no ``token`` column); ``is_stopword``
        is True when the n-gram begins or ends with a stopword, so
        ``count_terms(ngrams(tokens), drop_stopwords=True)`` keeps
        ``secretary of state`` and drops ``in the``.
    """
    tokens, _ = as_tokens(tokens)
    win = Windows(tokens, n, term)
    keep = win.keep(drop_stopwords)
    codes, firsts = win.combine(range(n))
    names = win.strings(firsts, sep)
    sel = np.flatnonzero(keep)
    carried = tokens if as_written else tokens.drop(columns=[s.TOKEN], errors="ignore")
    out = carried.take(win.rows[0][sel]).reset_index(drop=True)
    # Keep only the n-grams that pass the stopword rule as categories (first-appearance order).
    present = np.zeros(len(names), dtype=bool)
    present[codes[sel]] = True
    used = np.flatnonzero(present)
    new_codes = (np.cumsum(present) - 1)[codes[sel]]
    out[term] = pd.Categorical.from_codes(
        new_codes.astype(np.int32), categories=pd.Index(names[used])
    )
    if s.TOKEN in tokens.columns and as_written:
        t_codes, t_cats = codes_of(tokens[s.TOKEN], dtype=np.int64)
        parts = np.asarray(t_cats, dtype=object)
        token_key = np.zeros(len(sel), dtype=np.int64)
        for k in range(n):
            token_key = token_key * np.int64(len(t_cats) + 1) + t_codes[win.rows[k][sel]] + 1
        tcodes, _ = pd.factorize(token_key)
        first_row = first_seen(tcodes)
        joined = parts[t_codes[win.rows[0][sel][first_row]]]
        for k in range(1, n):
            joined = joined + " " + parts[t_codes[win.rows[k][sel][first_row]]]
        out[s.TOKEN] = pd.Categorical.from_codes(
            tcodes.astype(np.int32), categories=pd.Index(joined)
        )
    if s.IS_STOPWORD in tokens.columns:
        out[s.IS_STOPWORD] = win.is_stop[win.codes[0][sel]] | win.is_stop[win.codes[-1][sel]]
    if s.END_CHAR in tokens.columns:
        out[s.END_CHAR] = tokens[s.END_CHAR].to_numpy()[win.rows[-1][sel]]
    return out
