"""Collocates: the words found within ±N words of a query, scored against their frequency.

The hits come from the one matcher (:meth:`kit.terms.index.TermIndex.hits`), so the windows
are those of the KWIC lines of the same query, and ``kwic(corpus, query, near=term,
span=N)`` shows the lines behind each collocate. A window stays inside the hit's turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.terms.association import two_by_two
from kit.terms.grouping import Grouping
from kit.terms.index import TermIndex
from kit.terms.query import vocabulary_masks

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["collocates", "near_hits", "window_rows", "COLLOCATE_COLUMNS"]

QUERY = "query"
N_TERM = "n_term"
N_QUERY = "n_query"
N_LINES = "n_lines"
COLLOCATE_COLUMNS = [QUERY, s.TERM, "n", N_LINES, N_TERM, N_QUERY, "expected", "ll", "mi",
                     "log_dice"]


def window_rows(index: TermIndex, first: np.ndarray, last: np.ndarray,
                span: int) -> tuple[np.ndarray, np.ndarray]:
    """Token rows within ``span`` words of each hit, in the hit's turn: ``(rows, hit)``.

    ``hit`` gives, per row, the position in ``first`` of the hit whose window holds it; a row
    near two hits comes once per hit.
    """
    if span < 1:
        raise KitError(f"span={span!r}: give the number of words on each side, 1 or more.")
    n = len(index.term_codes)
    rows, owner = [], []
    which = np.arange(len(first))
    for k in range(1, span + 1):
        for at, base in ((first - k, first), (last + k, first)):
            ok = (at >= 0) & (at < n)
            at, base_ok, who = at[ok], base[ok], which[ok]
            same = (index.doc_codes[at] == index.doc_codes[base_ok]) & \
                (index.turn_ids[at] == index.turn_ids[base_ok])
            rows.append(at[same])
            owner.append(who[same])
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows).astype(np.int64), np.concatenate(owner).astype(np.int64)


def near_hits(index: TermIndex, first: np.ndarray, last: np.ndarray, word: str, *,
              span: int = 5, fold_possessives: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The hits with ``word`` (one word or wildcard, possessives folded) within ``span``
    words of them in their turn: the KWIC lines behind a collocate (``kwic(near=)``)."""
    masks = vocabulary_masks(word, index.vocabulary, fold_possessives=fold_possessives)
    if len(masks) != 1:
        raise KitError(f"near={word!r}: give one word (a collocate), not a phrase.")
    rows, hit = window_rows(index, first, last, span)
    found = np.append(masks[0], False)[index.term_codes[rows]]
    keep = np.zeros(len(first), dtype=bool)
    keep[hit[found]] = True
    return first[keep], last[keep]


def collocates(corpus: Corpus, query: str, *, span: int = 5,
               by: str | Sequence[str] | None = None, freq: str | None = None,
               date: str = s.DATE, drop_stopwords: bool = True, min_count: int = 2,
               fold_possessives: bool = True, lemma: bool = False, language: str = "en",
               index: TermIndex | None = None) -> pd.DataFrame:
    """Score the words within ``span`` words of a query's hits, for the corpus or per group.

    Parameters
    ----------
    corpus
        A :class:`kit.Corpus`. Not modified.
    query
        A word, phrase or wildcard, matched as :func:`kit.kwic` matches it.
    span
        Words on each side of a hit (within its turn) that count as its window.
    by, freq, date
        Score per group: ``"speaker"``, ``"party"``, ``"doc_id"`` ..., and/or the period of
        ``date`` (any ``freq`` of :func:`kit.count_terms`). ``None``: the whole corpus.
    drop_stopwords
        Leave stop words out of the collocates (they still count in every total).
    min_count
        Keep collocates seen at least this often in a group's windows.
    fold_possessives, lemma, language, index
        As for :func:`kit.kwic`.

    Returns
    -------
    DataFrame
        One row per group per collocate, strongest (``ll``) first within each group: the
        ``by`` columns, ``query``, ``term``, ``n`` (times in a window of a hit; a word near
        two hits counts for each), ``n_lines`` (hits with the term in their window: the
        rows of ``kwic(corpus, query, near=term, span=span)``), ``n_term`` (the term's count
        in the group), ``n_query``
        (hits in the group), ``expected`` (``n`` if the term fell in windows by chance:
        window words x ``n_term`` / words of the group), ``ll`` (signed log-likelihood G²
        of the 2x2 table windows x term), ``mi`` (log2 of ``n / expected``) and
        ``log_dice`` (14 + log2(2n / (n_query + n_term)); 14 at most unless words sit near
        two hits).
    """
    from kit.terms.kwic import as_corpus

    corpus = as_corpus(corpus)
    index = index if index is not None else TermIndex(corpus, postings=False)
    first, last = index.hits(query, fold_possessives=fold_possessives, lemma=lemma,
                             language=language)
    rows, hit = window_rows(index, first, last, span)
    # Collocates are terms, with possessives folded as counts fold them.
    labels = index.vocabulary.folded if fold_possessives else index.vocabulary.array
    term_of, names = pd.factorize(labels)
    n_terms = len(names)

    def codes_at(at: np.ndarray | slice) -> np.ndarray:
        """Collocate codes of token rows ``at`` (only the windows' rows when the whole
        corpus is one group: a gather over every token costs more than the rest)."""
        return term_of[index.term_codes[at]] if fold_possessives else index.term_codes[at]

    if by is None and freq is None:
        # The whole corpus: term totals from the postings (or one count), no per-token groups.
        n_groups, frame = 1, {}
        node_group = np.zeros(len(first), dtype=np.int64)
        per_term = np.diff(index.bounds) if index.bounds is not None \
            else np.bincount(index.term_codes, minlength=len(index.terms))
        term_n = np.bincount(term_of, weights=per_term, minlength=n_terms)[None, :]
        words = np.array([len(index.term_codes)])
    else:
        grouping = Grouping(corpus.tokens, corpus, by, freq, date)
        group, n_groups, frame = grouping.codes, grouping.n_groups, grouping.frame()
        node_group = group[first].astype(np.int64)  # small codes: n_terms * code overflows
        valid = group >= 0
        codes = codes_at(slice(None))
        term_n = np.bincount(group[valid].astype(np.int64) * n_terms + codes[valid],
                             minlength=n_groups * n_terms).reshape(n_groups, n_terms)
        words = np.bincount(group[valid], minlength=n_groups)
    win_group = node_group[hit]
    keep = win_group >= 0
    stop = index.stopwords
    if drop_stopwords and stop is not None:
        keep &= ~stop[rows]
    win_terms = codes_at(rows[keep]).astype(np.int64)
    observed = np.bincount(win_group[keep] * n_terms + win_terms,
                           minlength=n_groups * n_terms).reshape(n_groups, n_terms)
    # Hits whose window holds the term (the lines of kwic(near=term)), once per hit.
    pairs = np.unique(hit[keep] * n_terms + win_terms)
    pair_hit = pairs // n_terms
    lines = np.bincount(node_group[pair_hit] * n_terms + pairs % n_terms,
                        minlength=n_groups * n_terms).reshape(n_groups, n_terms)
    window_words = np.bincount(win_group[win_group >= 0], minlength=n_groups)
    query_n = np.bincount(node_group[node_group >= 0], minlength=n_groups)
    g, t = np.nonzero(observed >= max(min_count, 1))
    o11 = observed[g, t].astype(np.float64)
    c1 = term_n[g, t].astype(np.float64)
    r1 = window_words[g].astype(np.float64)
    expected, mi, ll = two_by_two(o11, r1, np.maximum(c1, o11), words[g].astype(np.float64))
    out: dict[str, Any] = {}
    for column, values in frame.items():
        out[column] = values.take(g) if not isinstance(values, pd.Categorical) else \
            pd.Categorical.from_codes(values.codes[g], dtype=values.dtype)
    out[QUERY] = pd.array([query] * len(g), dtype="str")
    out[s.TERM] = pd.array([str(v) for v in names.take(t)], dtype="str")
    out["n"] = o11.astype(np.int64)
    out[N_LINES] = lines[g, t].astype(np.int64)
    out[N_TERM] = c1.astype(np.int64)
    out[N_QUERY] = query_n[g].astype(np.int64)
    out["expected"] = expected
    out["ll"] = ll
    out["mi"] = mi
    with np.errstate(divide="ignore"):
        out["log_dice"] = 14 + np.log2(2 * o11 / (out[N_QUERY] + c1))
    result = pd.DataFrame(out)
    order = np.lexsort((-result["ll"].to_numpy(), g))
    return result.take(order).reset_index(drop=True)
