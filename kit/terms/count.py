"""Count terms by speaker, document, role or date period, with rates per 1,000 words."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.terms.grouping import Grouping, as_tokens, codes_of, count_pairs
from kit.terms.query import match_rows, phrase_key_of, query_terms, vocabulary_masks

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["count_terms", "term_usage", "usage_table", "N", "PER_1K"]

N = "n"
PER_1K = "per_1k"


def _rate(n: np.ndarray, n_words: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(n_words > 0, n * 1000.0 / np.maximum(n_words, 1), 0.0)


def count_terms(tokens: pd.DataFrame | Corpus, *,
                by: str | Sequence[str] | None = s.SPEAKER, term: str = s.TERM,
                drop_stopwords: bool = True, freq: str | None = None,
                date: str = s.DATE) -> pd.DataFrame:
    """Count each term in each group, with the rate per 1,000 words of the group.

    Parameters
    ----------
    tokens
        The tokens table (one row per token, see :func:`kit.tokenize`) or a Corpus. With a
        Corpus, ``by`` may also name a column of ``turns`` (``role``, ``speaker_label``,
        ``date``) or of ``documents`` (``title``, ``location``); it is looked up per token.
        Not modified.
    by
        Column or list of columns that define a group (``"speaker"``, ``"doc_id"``,
        ``["doc_id", "speaker"]``, ``"role"``); ``None`` for the whole table as one group.
    term
        The column to count: ``"term"`` (lower-cased), ``"token"`` (as written), or any column
        of the tokens table.
    drop_stopwords
        Leave out tokens flagged ``is_stopword`` from the counts (they still count in
        ``n_words``, so rates stay rates per 1,000 words of speech).
    freq
        ``"D"``, ``"M"``, ``"Y"`` or ``"10Y"``: also group by the day, month, year or decade
        of ``date`` (the column then holds the first day of the period).
    date
        Name of the date column used with ``freq``.

    Returns
    -------
    DataFrame
        One row per group per term that occurs in it (no zero rows; see :func:`term_usage`
        for zeros), in group order then term order, with columns: the ``by`` columns, the
        ``term`` column (categorical), ``n`` (int64, occurrences), ``n_words`` (int64, all
        tokens of the group, stop words included) and ``per_1k`` (``n`` per 1,000 words of
        the group).

    Examples
    --------
    >>> counts = count_terms(corpus.tokens, by="speaker")  # doctest: +SKIP
    >>> counts.sort_values("per_1k", ascending=False).groupby("speaker").head(10)  # doctest: +SKIP
    """
    tokens, corpus = as_tokens(tokens)
    if term not in tokens.columns:
        raise KitError(
            f"term={term!r} is not a column of the tokens table; use 'term' (lower-cased) "
            f"or 'token' (as written), or one of {list(tokens.columns)}."
        )
    groups = Grouping(tokens, corpus, by, freq, date)
    term_codes, term_labels = codes_of(tokens[term], sort=True)
    group = groups.codes
    n_words = np.bincount(group if groups.valid.all() else group[group >= 0],
                          minlength=groups.n_groups).astype(np.int64)
    n_terms = len(term_labels)
    stop = tokens[s.IS_STOPWORD].to_numpy(dtype=bool) \
        if drop_stopwords and s.IS_STOPWORD in tokens.columns else None
    drop_terms = None
    if stop is not None and term_codes.min(initial=0) >= 0:
        # Stop words are a property of the term: count every token and drop stop-word rows
        # after (cheaper than masking 18M tokens) when each term is all-stop or all-not.
        stop_n = np.bincount(term_codes[stop], minlength=n_terms)
        all_n = np.bincount(term_codes, minlength=n_terms)
        if np.all((stop_n == 0) | (stop_n == all_n)):
            drop_terms, stop = stop_n > 0, None
    if stop is None and groups.valid.all() and term_codes.min(initial=0) >= 0:
        g, t, n = count_pairs(group, term_codes, groups.n_groups, n_terms)
    else:
        mask = groups.valid & (term_codes >= 0)
        if stop is not None:
            mask &= ~stop
        g, t, n = count_pairs(group[mask], term_codes[mask], groups.n_groups, n_terms)
    if drop_terms is not None and drop_terms.any():
        keep = ~drop_terms[t]
        g, t, n = g[keep], t[keep], n[keep]
    out: dict[str, Any] = {}
    for column, values in groups.frame().items():
        out[column] = values.take(g) if not isinstance(values, pd.Categorical) else \
            pd.Categorical.from_codes(values.codes[g], dtype=values.dtype)
    term_col = tokens[term]
    if isinstance(term_col.dtype, pd.CategoricalDtype):
        out[term] = pd.Categorical.from_codes(t, dtype=term_col.dtype)
    else:
        out[term] = term_labels.take(t)
    out[N] = n.astype(np.int64)
    out[s.N_WORDS] = n_words[g]
    out[PER_1K] = _rate(out[N], out[s.N_WORDS])
    return pd.DataFrame(out, copy=False)  # one block per column: no stacking copy


def term_usage(tokens: pd.DataFrame | Corpus, terms: str | Iterable[str], *,
               by: str | Sequence[str] | None = s.SPEAKER, freq: str | None = None,
               date: str = s.DATE) -> pd.DataFrame:
    """Count a list of words or phrases in every group, with zero rows where a group never used one.

    A multi-word phrase (``"nuclear power plant"``) counts once wherever its words follow one
    another in one phrase; queries are split and normalised exactly as tokens are, so
    ``"Russia’s"`` and ``"russia's"`` are the same query. Stop words are counted if asked for.

    Parameters
    ----------
    tokens
        The tokens table or a Corpus (then ``by`` may name turn or document columns). Not
        modified.
    terms
        A word or phrase, or a list of them. Each is reported under its normalised form
        (lower-cased, words joined by one space).
    by
        Group column(s), as in :func:`count_terms`.
    freq
        ``"D"``, ``"M"``, ``"Y"`` or ``"10Y"`` (decade): also group by that period of ``date``.
    date
        Name of the date column used with ``freq``.

    Returns
    -------
    DataFrame
        One row per group per query term, zeros included (every group with words × every
        term), with columns: the ``by`` columns, ``term`` (categorical, in the order given),
        ``n``, ``n_words`` and ``per_1k``.
    """
    tokens, corpus = as_tokens(tokens)
    if isinstance(terms, str):
        terms = [terms]
    names = list(dict.fromkeys(" ".join(query_terms(q)) for q in terms))
    groups = Grouping(tokens, corpus, by, freq, date)
    group = groups.codes
    n_words = np.bincount(group[group >= 0], minlength=groups.n_groups).astype(np.int64)
    codes, labels = codes_of(tokens[s.TERM], sort=True)
    vocabulary = pd.Index(labels)
    need_phrase = any(" " in name for name in names)
    position = tokens[s.POSITION].to_numpy() if need_phrase else None
    phrase_key = phrase_key_of(tokens) if need_phrase else None
    counts = np.zeros((len(names), groups.n_groups), dtype=np.int64)
    for i, name in enumerate(names):
        rows = match_rows(vocabulary_masks(name, vocabulary), codes, position, phrase_key)
        g = group[rows]
        counts[i] = np.bincount(g[g >= 0], minlength=groups.n_groups)
    return usage_table(groups.frame(), names, counts, n_words)


def usage_table(groups: dict[str, Any], names: Sequence[str], counts: np.ndarray,
                n_words: np.ndarray) -> pd.DataFrame:
    """Assemble :func:`term_usage` output from counts already made.

    Parameters
    ----------
    groups
        Group columns, one value per group (arrays or Categoricals of equal length G).
    names
        The T normalised terms.
    counts
        Hits, shape (T, G).
    n_words
        Words per group, shape (G,).

    Returns
    -------
    DataFrame
        One row per group per term, groups first: the group columns, ``term``, ``n``,
        ``n_words`` and ``per_1k``.
    """
    n_groups = len(n_words)
    out: dict[str, Any] = {}
    group_index = np.tile(np.arange(n_groups), len(names))
    for column, values in groups.items():
        out[column] = values.take(group_index) if not isinstance(values, pd.Categorical) else \
            pd.Categorical.from_codes(values.codes[group_index], dtype=values.dtype)
    out[s.TERM] = pd.Categorical.from_codes(np.repeat(np.arange(len(names)), n_groups),
                                            categories=pd.Index(list(names)))
    out[N] = np.asarray(counts, dtype=np.int64).reshape(-1)
    out[s.N_WORDS] = np.tile(np.asarray(n_words, dtype=np.int64), len(names))
    out[PER_1K] = _rate(out[N], out[s.N_WORDS])
    frame = pd.DataFrame(out)
    # Groups first, then terms: one block of terms per group, as count_terms orders rows.
    order = np.lexsort((np.repeat(np.arange(len(names)), n_groups), group_index))
    return frame.take(order).reset_index(drop=True)
