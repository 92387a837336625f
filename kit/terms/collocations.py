"""Collocations: n-grams that occur together more often than chance, ranked by association."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.terms.association import two_by_two
from kit.terms.grouping import as_tokens
from kit.terms.windows import TOKENS_HINT, Windows, first_seen, window_keys

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["collocations"]


def collocations(
    tokens: pd.DataFrame | Corpus,
    *,
    n: int = 2,
    measure: str = "llr",
    min_count: int = 5,
    term: str = s.TERM,
    drop_stopwords: bool | str = "edges",
    sep: str = " ",
) -> pd.DataFrame:
    """Find word pairs or triples that occur together more often than chance.

    Counts every run of ``n`` tokens inside a phrase (see :func:`ngrams`) and
    scores each distinct n-gram against independence of its parts, with
    positional marginals over the same windows (Evert 2008): for bigrams the
    2x2 table (first word here or not) x (second word here or not). A trigram
    gets the weaker score of its two splits, ``w1 w2 | w3`` and ``w1 | w2 w3``,
    each such a 2x2 table: so ``nuclear power plant`` must be more than
    ``nuclear power`` followed by any word. (The full 2x2x2 independence model
    ranks every ``going to X`` first, because ``going to`` alone breaks it.)

    Parameters
    ----------
    tokens
        One row per token (``kit.tokenize`` output). Not modified.
    n
        2 (bigrams) or 3 (trigrams).
    measure
        Ranking: ``"llr"`` Dunning's log-likelihood ratio G2 (default; reliable
        for rare and frequent words alike) or ``"pmi"`` pointwise mutual
        information (favours rare pairs; use with ``min_count``).
    min_count
        Keep n-grams seen at least this often.
    term
        Column of the terms.
    drop_stopwords
        Which n-grams may be reported: ``"edges"`` (default) not beginning or
        ending with a stop word; ``"any"`` (or ``True``) none holding a stop
        word; ``False`` all. Stop words always count in the statistics.
    sep
        String between the words of an n-gram.

    Returns
    -------
    pandas.DataFrame
        One row per distinct n-gram, best first (by ``measure``, then ``n``),
        with columns ``term`` (the joined n-gram, str), ``term_1`` ...
        ``term_n`` (its words, categorical like the input's terms), ``n``
        (occurrences), ``expected`` (occurrences expected if the parts were
        independent), ``pmi`` (``log2(n / expected)``) and ``llr`` (G2 of the
        contingency table, signed: negative when the parts occur together
        less often than expected).
    """
    if n not in (2, 3):
        raise KitError(f"collocations() scores bigrams and trigrams; n must be 2 or 3, not {n!r}.")
    if measure not in ("llr", "pmi"):
        raise KitError(f"measure={measure!r} is not known; use 'llr' or 'pmi'.")
    tokens, _ = as_tokens(tokens)
    win = Windows(tokens, n, term)
    big_n = float(len(win))
    if big_n == 0:
        raise KitError(f"No run of {n} tokens inside a phrase to score. " + TOKENS_HINT)
    # Only n-grams that can be reported are counted and scored: those passing the stopword
    # rule whose words each occur at least min_count times (a cheap necessary condition).
    n_terms = len(win.terms)
    word_counts = np.bincount(np.concatenate(win.codes), minlength=n_terms)
    mask = win.keep(drop_stopwords)
    for column in win.codes:
        mask &= word_counts[column] >= max(min_count, 1)
    idx = np.flatnonzero(mask)
    codes, _ = pd.factorize(window_keys([c[idx] for c in win.codes], n_terms))
    counts = np.bincount(codes)
    firsts = first_seen(codes)
    cand = np.flatnonzero(counts >= max(min_count, 1))
    observed = counts[cand].astype(float)
    where = idx[firsts[cand]]  # one window of each candidate

    def marginal(positions: tuple[int, ...]) -> np.ndarray:
        """Windows (of all) holding each candidate's words at ``positions``."""
        if len(positions) == 1:  # one word: count its codes directly
            column = win.codes[positions[0]]
            return np.bincount(column, minlength=n_terms).astype(float)[column[where]]
        columns = [win.codes[p] for p in positions]
        wanted, inverse = np.unique(
            window_keys([c[where] for c in columns], n_terms), return_inverse=True
        )
        # Count only windows whose words could match a candidate, by binary search.
        maybe = np.ones(len(win), dtype=bool)
        for c in columns:
            seen = np.zeros(n_terms, dtype=bool)
            seen[c[where]] = True
            maybe &= seen[c]
        keys = window_keys([c[maybe] for c in columns], n_terms)
        at = np.minimum(np.searchsorted(wanted, keys), max(len(wanted) - 1, 0))
        hit = wanted[at] == keys if len(wanted) else np.zeros(len(keys), dtype=bool)
        return np.bincount(at[hit], minlength=len(wanted)).astype(float)[inverse]

    if n == 2:
        expected, pmi, llr = two_by_two(observed, marginal((0,)), marginal((1,)), big_n)
    else:
        # The weaker of the two splits: (w1 w2 | w3) and (w1 | w2 w3).
        ea, pa, la = two_by_two(observed, marginal((0, 1)), marginal((2,)), big_n)
        eb, pb, lb = two_by_two(observed, marginal((0,)), marginal((1, 2)), big_n)
        expected, pmi, llr = np.maximum(ea, eb), np.minimum(pa, pb), np.minimum(la, lb)

    score = llr if measure == "llr" else pmi
    sel = np.lexsort((-observed, -score))
    firsts = where
    names = win.strings(firsts[sel], sep)
    out = pd.DataFrame({term: pd.array(names, dtype="str")})
    for k in range(n):
        out[f"{term}_{k + 1}"] = pd.Categorical.from_codes(
            win.codes[k][firsts[sel]], categories=win.terms
        )
    out["n"] = observed[sel].astype(np.int64)
    out["expected"] = expected[sel]
    out["pmi"] = pmi[sel]
    out["llr"] = llr[sel]
    return out
