"""Count terms by speaker, document, role or date period, with rates per 1,000 words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.read.threads import map_in_threads
from kit.terms.code_counts import bincount, count_pairs, gather
from kit.terms.forms import folded_codes
from kit.terms.grouping import Grouping, as_tokens, codes_of
from kit.terms.query import (
    Vocabulary,
    match_rows,
    phrase_key_of,
    query_terms,
    vocabulary_masks,
)
from kit.terms.term_codes import lean_codes

if TYPE_CHECKING:
    from kit.corpus import Corpus
    from kit.terms.index import TermIndex

__all__ = ["count_terms", "term_usage", "usage_table", "UsageGroups", "rate_interval",
           "add_interval", "N", "PER_1K", "PER_1K_LOW", "PER_1K_HIGH"]

N = "n"
PER_1K = "per_1k"
PER_1K_LOW = "per_1k_low"
PER_1K_HIGH = "per_1k_high"


def _rate(n: np.ndarray, n_words: np.ndarray) -> np.ndarray:
    """``n`` per 1,000 of ``n_words`` (0 where there are no words), in blocks of rows: a
    count by document has millions of rows, and each step a temporary per row."""
    n, n_words = np.asarray(n), np.asarray(n_words)
    out = np.empty(len(n))
    for a in range(0, len(n), _BLOCK_ROWS):
        b = a + _BLOCK_ROWS
        words = n_words[a:b]
        out[a:b] = np.where(words > 0, n[a:b] * 1000.0 / np.maximum(words, 1), 0.0)
    return out


def rate_interval(n: np.ndarray, n_words: np.ndarray, *,
                  level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of a rate per 1,000 words: ``(low, high)``.

    ``n`` hits in ``n_words`` words, as a proportion ``p = n / n_words`` with
    ``z`` the normal quantile of ``level``: centre ``(p + z²/2N) / (1 + z²/N)``, half-width
    ``z / (1 + z²/N) * sqrt(p(1-p)/N + z²/4N²)``, times 1,000. Unlike ``p ± z·se`` it stays
    inside 0..1000 and is honest for few hits: wide for a few words (one hit in a 60-word
    turn: 2.9 to 89 per 1,000), narrow for many; 0 to 0 where a group has no words. Numpy
    only (a dashboard kernel answers without loading scipy).
    """
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + level / 2)
    n, words = np.asarray(n), np.asarray(n_words)
    low, high = np.empty(len(n)), np.empty(len(n))
    # In blocks (floats made per block too): each step makes a temporary per row, and a
    # count by document has millions of rows (hundreds of MB of temporaries at once
    # otherwise; bench_pipeline.py).
    def block(a: int) -> None:
        b = a + _BLOCK_ROWS
        low[a:b], high[a:b] = _wilson(n[a:b].astype(np.float64), words[a:b].astype(np.float64),
                                      z)

    map_in_threads(block, range(0, len(n), _BLOCK_ROWS))  # numpy lets go of the GIL
    return low, high


_BLOCK_ROWS = 1 << 19  # per thread of rate_interval: half of what one thread used


def _wilson(n: np.ndarray, words: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """:func:`rate_interval` of some rows, ``z`` the normal quantile of the level."""
    size = np.maximum(words, 1.0)
    p = n / size
    z2 = z * z
    centre = (p + z2 / (2 * size)) / (1 + z2 / size)
    half = z / (1 + z2 / size) * np.sqrt(p * (1 - p) / size + z2 / (4 * size * size))
    has = words > 0
    low = np.where(has & (n > 0), np.maximum(centre - half, 0.0), 0.0) * 1000.0
    high = np.where(has, np.minimum(centre + half, 1.0), 0.0) * 1000.0
    return low, high


def add_interval(out: Any, ci: float | None) -> None:
    """Add ``per_1k_low`` and ``per_1k_high`` (level ``ci``) to a frame or dict of columns
    with ``n`` and ``n_words``; nothing when ``ci`` is None."""
    if ci is None:
        return
    if not 0 < ci < 1:
        raise KitError(f"ci={ci!r} is not a confidence level; use a number between 0 and 1 "
                       "such as 0.95, or ci=None for no interval.")
    out[PER_1K_LOW], out[PER_1K_HIGH] = rate_interval(out[N], out[s.N_WORDS], level=ci)


def count_terms(tokens: pd.DataFrame | Corpus, *,
                by: str | Sequence[str] | None = s.SPEAKER, term: str = s.TERM,
                drop_stopwords: bool = True, freq: str | None = None,
                date: str = s.DATE, fold_possessives: bool = True,
                ci: float | None = 0.95) -> pd.DataFrame:
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
        Also group by the period of ``date``: any pandas frequency of a day or more
        (``"D"``, ``"W"``, ``"M"``, ``"QS"``, ``"Y"``, ``"10YS"`` for decades; see
        :func:`kit.terms.periods.check_freq`). The column then holds the period's first day.
    date
        Name of the date column used with ``freq``.
    fold_possessives
        Count a possessive with its word (``iran's`` counts for ``iran``; contractions such
        as ``it's`` stay apart), as searches match them. ``False`` counts each form alone.
    ci
        Confidence level of the interval of ``per_1k`` (Wilson score, see
        :func:`rate_interval`); ``None`` leaves the interval out.

    Returns
    -------
    DataFrame
        One row per group per term that occurs in it (no zero rows; see :func:`term_usage`
        for zeros), in group order then term order, with columns: the ``by`` columns, the
        ``term`` column (categorical), ``n`` (int64, occurrences), ``n_words`` (int64, all
        tokens of the group, stop words included), ``per_1k`` (``n`` per 1,000 words of
        the group) and its interval ``per_1k_low``, ``per_1k_high``.

    Examples
    --------
    >>> counts = count_terms(corpus.tokens, by="speaker")  # doctest: +SKIP
    >>> counts.sort_values("per_1k", ascending=False).groupby("speaker").head(10)  # doctest: +SKIP
    """
    lean = lean_codes(tokens, by, freq, date, term)
    term_dtype: Any
    if lean is not None:  # a Corpus without its tokens table: each token's phrase and term
        groups = lean.grouping(tokens, by, freq, date)
        term_codes, term_dtype = lean.counted(fold_possessives)
        term_labels = term_dtype.categories
        # stop words per term: counted once per corpus, not looked up per token
        stop, stop_counts = None, lean.stop_counts(fold_possessives) if drop_stopwords else None
        if stop_counts is None and drop_stopwords:  # a folded term of stop and other words
            stop = gather(lean.is_stop, lean.term)
    else:
        tokens, corpus = as_tokens(tokens)
        if term not in tokens.columns:
            raise KitError(
                f"term={term!r} is not a column of the tokens table; use 'term' (lower-cased) "
                f"or 'token' (as written), or one of {list(tokens.columns)}."
            )
        groups = Grouping(tokens, corpus, by, freq, date)
        term_codes, term_labels = codes_of(tokens[term], sort=True)
        term_dtype = tokens[term].dtype
        stop = tokens[s.IS_STOPWORD].to_numpy(dtype=bool) \
            if drop_stopwords and s.IS_STOPWORD in tokens.columns else None
        stop_counts = None
        if fold_possessives and term in (s.TERM, s.TOKEN) and len(term_labels):
            term_codes, term_labels, term_dtype = _folded(term_codes, term_labels, term_dtype)
    group = groups.codes
    n_words = groups.tokens_per_group()
    n_terms = len(term_labels)
    drop_terms = None
    if stop is not None and term_codes.min(initial=0) >= 0:
        stop_counts = (bincount(term_codes[stop], minlength=n_terms),
                       bincount(term_codes, minlength=n_terms))
    if stop_counts is not None:
        # Stop words are a property of the term: count every token and drop stop-word rows
        # after (cheaper than masking 18M tokens) when each term is all-stop or all-not.
        stop_n, all_n = stop_counts
        if np.all((stop_n == 0) | (stop_n == all_n)):
            drop_terms, stop = stop_n > 0, None
    if drop_terms is not None and not drop_terms.any():
        drop_terms = None
    if stop is None and groups.valid.all() and term_codes.min(initial=0) >= 0:
        g, t, n = count_pairs(group, term_codes, groups.n_groups, n_terms, skip_terms=drop_terms)
    else:
        mask = groups.valid & (term_codes >= 0)
        if stop is not None:
            mask &= ~stop
        g, t, n = count_pairs(group[mask], term_codes[mask], groups.n_groups, n_terms,
                              skip_terms=drop_terms)
    del term_codes, stop
    out: dict[str, Any] = {}
    for column, values in groups.frame().items():
        out[column] = values.take(g) if not isinstance(values, pd.Categorical) else \
            pd.Categorical.from_codes(values.codes[g], dtype=values.dtype)
    if isinstance(term_dtype, pd.CategoricalDtype):
        out[term] = pd.Categorical.from_codes(t, dtype=term_dtype)
    else:
        out[term] = term_labels.take(t)
    del t
    out[N] = n.astype(np.int64, copy=False)
    out[s.N_WORDS] = n_words[g]
    del g, n  # a count by document has millions of rows: each array here is tens of MB
    out[PER_1K] = _rate(out[N], out[s.N_WORDS])
    add_interval(out, ci)
    return pd.DataFrame(out, copy=False)  # one block per column: no stacking copy


def _folded(term_codes: np.ndarray, term_labels: pd.Index,
            term_dtype: Any) -> tuple[np.ndarray, pd.Index, Any]:
    """Term codes, labels and type with every possessive joined to its word's code
    (:func:`kit.terms.forms.folded_codes`); unchanged if none is a possessive."""
    folded = folded_codes(term_codes, np.asarray(term_labels, dtype=object))
    if folded is None:
        return term_codes, term_labels, term_dtype
    return folded[0], folded[1].categories, folded[1]


def term_usage(tokens: pd.DataFrame | Corpus, terms: str | Iterable[str], *,
               by: str | Sequence[str] | None = s.SPEAKER, freq: str | None = None,
               date: str = s.DATE, fold_possessives: bool = True, lemma: bool = False,
               language: str = "en", ci: float | None = 0.95) -> pd.DataFrame:
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
        A word or phrase, or a list of them, matched as :func:`kit.kwic` matches them
        (wildcards such as ``sanction*``, possessives folded). Each is reported under its
        normalised form (lower-cased, words joined by one space). Or a dict of categories
        (``{"economy": ["jobs", "wage*"]}``): each category is then one "term", counted as
        :func:`kit.count_categories` counts it (categories over time with ``freq=``).
    by
        Group column(s), as in :func:`count_terms`.
    freq
        Also group by that period of ``date`` (any period :func:`count_terms` accepts).
    date
        Name of the date column used with ``freq``.
    fold_possessives, lemma, language
        As for :func:`kit.kwic`.
    ci
        As for :func:`count_terms`.

    Returns
    -------
    DataFrame
        One row per group per query term, zeros included (every group with words × every
        term), with columns: the ``by`` columns, ``term`` (categorical, in the order given),
        ``n``, ``n_words``, ``per_1k``, ``per_1k_low`` and ``per_1k_high``.
    """
    if isinstance(terms, dict):
        from kit.terms.categories import as_usage

        return as_usage(tokens, terms, by=by, freq=freq, date=date,
                        fold_possessives=fold_possessives, ci=ci)
    if isinstance(terms, str):
        terms = [terms]
    names = list(dict.fromkeys(" ".join(query_terms(q)) for q in terms))
    need_phrase = any(" " in name for name in names)
    # Words alone are matched on term codes; a phrase needs positions: the tokens table.
    lean = None if need_phrase else lean_codes(tokens, by, freq, date, s.TERM)
    position = phrase_key = None
    if lean is not None:
        groups = lean.grouping(tokens, by, freq, date)
        codes, labels = lean.term, lean.term_dtype.categories
    else:
        tokens, corpus = as_tokens(tokens)
        groups = Grouping(tokens, corpus, by, freq, date)
        codes, labels = codes_of(tokens[s.TERM], sort=True)
        if need_phrase:
            position, phrase_key = tokens[s.POSITION].to_numpy(), phrase_key_of(tokens)
    group = groups.codes
    n_words = groups.tokens_per_group()  # known per phrase on term codes: not counted again
    vocabulary = Vocabulary(pd.Index(labels))
    counts = np.zeros((len(names), groups.n_groups), dtype=np.int64)
    for i, name in enumerate(names):
        masks = vocabulary_masks(name, vocabulary, fold_possessives=fold_possessives,
                                 lemma=lemma, language=language)
        rows = match_rows(masks, codes, position, phrase_key)
        g = group[rows]
        counts[i] = np.bincount(g[g >= 0], minlength=groups.n_groups)
    return usage_table(groups.frame(), names, counts, n_words, ci=ci)


def usage_table(groups: dict[str, Any], names: Sequence[str], counts: np.ndarray,
                n_words: np.ndarray, *, ci: float | None = 0.95) -> pd.DataFrame:
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
    ci
        Level of the rate's interval (:func:`rate_interval`), or None for none.

    Returns
    -------
    DataFrame
        One row per group per term, groups first: the group columns, ``term``, ``n``,
        ``n_words``, ``per_1k`` and (with ``ci``) ``per_1k_low``, ``per_1k_high``.
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
    add_interval(out, ci)
    frame = pd.DataFrame(out)
    # Groups first, then terms: one block of terms per group, as count_terms orders rows.
    order = np.lexsort((np.repeat(np.arange(len(names)), n_groups), group_index))
    return frame.take(order).reset_index(drop=True)


def index_usage(index: TermIndex, terms: str | Sequence[str] | Mapping[str, Sequence[str]],
                *, by: str | pd.Series, speakers: Iterable[str] | str | None,
                doc_ids: Iterable[str] | None, fold_possessives: bool, lemma: bool,
                language: str) -> pd.DataFrame:
    """:meth:`kit.terms.index.TermIndex.term_usage`, read from the index's postings."""
    options: dict[str, Any] = {"fold_possessives": fold_possessives, "lemma": lemma,
                               "language": language}
    dictionary: dict[str, list[str]] | None = None
    if isinstance(terms, Mapping):
        from kit.terms.categories import as_dictionary

        dictionary = as_dictionary(terms)
        names = list(dictionary)
    else:
        terms = [terms] if isinstance(terms, str) else list(terms)
        names = list(dict.fromkeys(" ".join(query_terms(t)) for t in terms))
    groups = UsageGroups(index.words, by, sp_ok=index.speaker_mask(speakers),
                         doc_ok=index.doc_mask(doc_ids), doc_index=index.doc_id_index,
                         speaker_dtype=index.tokens[s.SPEAKER].dtype,
                         speaker_labels=index.speakers)
    counts = np.zeros((len(names), groups.n_groups), dtype=np.int64)
    for i, name in enumerate(names):
        if dictionary is None:
            first, _ = index.hits(name, **options)
        else:  # a category: its entries' hits, each token once (as count_categories)
            first = index.category_hits(dictionary[name], **options)
        counts[i] = groups.count(index.speaker_codes[first], index.doc_codes[first])
    return groups.table(names, counts)


class UsageGroups:
    """The groups of a ``term_usage`` read from an index: words per group, and hits counted
    into the groups with words (:meth:`kit.terms.index.TermIndex.term_usage` and
    :meth:`kit.terms.search.DatasetSearch.term_usage`).

    Parameters
    ----------
    words
        Words per document (rows, in ``doc_index`` order) and speaker (columns, in
        ``speaker_labels`` order).
    by
        ``"speaker"``, or a Series of each document's group (index: document ids as text).
    sp_ok, doc_ok
        Per speaker, per document: whether kept (None: all).
    doc_index
        The documents' ids as text, in ``words``' row order.
    speaker_dtype, speaker_labels
        The speakers' type (a Categorical's) and labels, in ``words``' column order.

    Attributes
    ----------
    n_groups
        Groups with words under the filters (the rows of each term in :meth:`table`).
    """

    def __init__(self, words: np.ndarray, by: str | pd.Series, *, sp_ok: np.ndarray | None,
                 doc_ok: np.ndarray | None, doc_index: pd.Index, speaker_dtype: Any,
                 speaker_labels: pd.Index) -> None:
        self.sp_ok = np.ones(words.shape[1], dtype=bool) if sp_ok is None else sp_ok
        self.doc_ok = np.ones(words.shape[0], dtype=bool) if doc_ok is None else doc_ok
        self.per_doc: np.ndarray | None = None
        if isinstance(by, str):
            if by != s.SPEAKER:
                raise KitError(f"term_usage from an index groups by 'speaker' or by a Series "
                               f"of document groups, not {by!r}.")
            word_count = words[self.doc_ok].sum(axis=0) * self.sp_ok
            self.column, self.dtype, self.labels = s.SPEAKER, speaker_dtype, speaker_labels
        else:
            values = pd.Categorical(by.reindex(doc_index))
            self.per_doc = values.codes.astype(np.int64)
            doc_words = words[:, self.sp_ok].sum(axis=1) * self.doc_ok
            valid = self.per_doc >= 0
            word_count = np.bincount(self.per_doc[valid], weights=doc_words[valid],
                                     minlength=len(values.categories)).astype(np.int64)
            # The output's group column: ``by``'s name ("None" if unnamed).
            self.column, self.dtype, self.labels = str(by.name), values.dtype, values.categories
        self.present = np.flatnonzero(word_count > 0)
        self.word_count = word_count[self.present]
        self.n_groups = len(self.present)
        self._remap = np.full(len(word_count), -1, dtype=np.int64)
        self._remap[self.present] = np.arange(self.n_groups)

    def count(self, speaker_codes: np.ndarray, doc_codes: np.ndarray,
              weights: np.ndarray | None = None) -> np.ndarray:
        """Hits per group (one per group with words) of hits by these speakers in these
        documents (codes, one per hit or per turn of ``weights`` hits); hits outside the
        filters or the groups are left out."""
        keep = self.doc_ok[doc_codes] & self.sp_ok[speaker_codes]
        codes = speaker_codes[keep] if self.per_doc is None else self.per_doc[doc_codes[keep]]
        ok = codes >= 0
        codes = self._remap[codes[ok]]
        weight = None if weights is None else weights[keep][ok][codes >= 0]
        return np.bincount(codes[codes >= 0], weights=weight,
                           minlength=self.n_groups).astype(np.int64)

    def table(self, names: Sequence[str], counts: np.ndarray) -> pd.DataFrame:
        """:func:`usage_table` of ``counts`` (terms x :attr:`n_groups`)."""
        group = pd.Categorical.from_codes(self.present, dtype=self.dtype) \
            if isinstance(self.dtype, pd.CategoricalDtype) else self.labels.take(self.present)
        return usage_table({self.column: group}, names, counts, self.word_count)
