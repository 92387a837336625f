"""Which terms distinguish a speaker (or any group): keyness statistics and tf-idf."""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy import special

from kit import schema as s
from kit.corpus import require_columns
from kit.errors import KitError
from kit.terms.code_counts import DENSE_CELLS, pair_counts
from kit.terms.grouping import categorical_like, codes_of, stopword_mask, tokens_and_groups

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["keyness", "bind_tf_idf", "tf_idf"]

# Monroe, Colaresi & Quinn's uninformative prior per term; also fills terms a background lacks.
UNIFORM_ALPHA = 0.01

KEYNESS_COLUMNS = [
    "n",
    "n_ref",
    "n_words",
    "n_words_ref",
    "per_1k",
    "per_1k_ref",
    "log_ratio",
    "delta",
    "delta_var",
    "z",
    "g2",
    "p_value",
]

_TOKENS_HINT = (
    "Pass a tokens table (one row per token), e.g. corpus.tokens or kit.tokenize(phrases)."
)


def _as_list(value: Hashable | Sequence[Hashable] | None) -> list | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, pd.Index, np.ndarray, pd.Series)):
        return list(value)
    return [value]


def _group_positions(wanted: list, groups: pd.Index, *, by: str, argument: str) -> np.ndarray:
    positions = groups.get_indexer(pd.Index(wanted))
    if (positions < 0).any():
        missing = wanted[int(np.flatnonzero(positions < 0)[0])]
        sample = ", ".join(map(repr, list(groups[:8])))
        raise KitError(
            f"{argument}={missing!r} is not a value of column {by!r} (values include {sample}). "
            f"Check the spelling, or list the values with tokens[{by!r}].unique()."
        )
    return positions


def _prior(prior: str | float | pd.Series, totals: np.ndarray, terms: pd.Index) -> np.ndarray:
    """Dirichlet prior alpha per term (only the terms present in ``totals``)."""
    if isinstance(prior, str):
        if prior != "corpus":
            raise KitError(
                f"prior={prior!r} is not known. Use 'corpus', a number "
                "(a uniform prior such as 0.01), or a Series of background counts."
            )
        return totals.astype(float)
    if isinstance(prior, pd.Series):
        alpha = prior.reindex(terms).to_numpy(dtype=float, na_value=UNIFORM_ALPHA)
        if (alpha < 0).any():
            raise KitError("A background prior must hold counts of 0 or more per term.")
        return np.where(alpha > 0, alpha, UNIFORM_ALPHA)
    value = float(prior)
    if not value > 0:
        raise KitError(f"A uniform prior must be above 0, got {prior!r}; Monroe et al. use 0.01.")
    return np.full(len(totals), value)


def _statistics(
    y1: np.ndarray, y2: np.ndarray, n1: np.ndarray, n2: np.ndarray, alpha: np.ndarray, alpha0: float
) -> dict[str, np.ndarray]:
    """All keyness statistics for counts ``y1`` (group) vs ``y2`` (reference).

    Shapes broadcast: ``y1, y2`` are (k, v), ``n1, n2`` are (k, 1), ``alpha`` is (v,).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        # Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008, eq. 16 and 20).
        a1 = y1 + alpha
        a2 = y2 + alpha
        delta = np.log(a1 / (n1 + alpha0 - a1)) - np.log(a2 / (n2 + alpha0 - a2))
        delta_var = 1.0 / a1 + 1.0 / a2
        z = delta / np.sqrt(delta_var)
        # Dunning's G2 on the 2x2 table (term / other words) x (group / reference).
        total = n1 + n2
        both = y1 + y2
        rest1, rest2 = n1 - y1, n2 - y2
        g2 = 2.0 * (
            special.xlogy(y1, y1 / (n1 * both / total))
            + special.xlogy(y2, y2 / (n2 * both / total))
            + special.xlogy(rest1, rest1 / (n1 * (total - both) / total))
            + special.xlogy(rest2, rest2 / (n2 * (total - both) / total))
        )
        g2 = np.maximum(np.nan_to_num(g2, nan=0.0), 0.0)
        rate1 = y1 / n1
        rate2 = y2 / n2
        g2 = np.where(rate1 >= rate2, g2, -g2)
        # Hardie's Log Ratio: binary log of the ratio of relative frequencies, 0 -> 0.5.
        log_ratio = np.log2((np.where(y1 > 0, y1, 0.5) / n1) / (np.where(y2 > 0, y2, 0.5) / n2))
    return {
        "per_1k": 1000.0 * rate1,
        "per_1k_ref": 1000.0 * rate2,
        "log_ratio": log_ratio,
        "delta": delta,
        "delta_var": delta_var,
        "z": z,
        "g2": g2,
        # Chi-square survival with 1 degree of freedom, as erfc (10x faster than stats.chi2).
        "p_value": special.erfc(np.sqrt(np.abs(g2) / 2.0)),
    }


def keyness(
    tokens: pd.DataFrame | Corpus,
    *,
    by: str = s.SPEAKER,
    term: str = s.TERM,
    target: Hashable | Sequence[Hashable] | None = None,
    reference: Hashable | Sequence[Hashable] | None = None,
    prior: str | float | pd.Series = "corpus",
    prior_size: float | None = None,
    drop_stopwords: bool = True,
    min_count: int = 5,
    count: str | None = None,
) -> pd.DataFrame:
    """Score how strongly each term marks a group against the rest.

    Two established statistics side by side: the log-odds ratio with an
    informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin'
    words": ``delta``, its approximate variance and the z-score) and Dunning's
    (1993) log-likelihood ``g2`` on the 2x2 table, with Hardie's (2014) Log
    Ratio as an effect size.

    Parameters
    ----------
    tokens
        One row per token (``kit.tokenize`` output), or one row per group and
        term with a count column named by ``n``, or a Corpus (its tokens; then
        ``by`` may also name a turn or document column such as ``role``).
        Not modified.
    by
        Column of the groups to compare (speaker, role, doc_id, a period ...).
    term
        Column of the terms.
    target
        ``None`` (default): every group against all the others, in one table.
        One value or a list of values: those groups pooled into one, labelled
        ``"A + B"``, against the reference.
    reference
        ``None`` (default): the rest (every group that is not the target).
        One value or a list of values: compare against these groups only; with
        ``target=None`` each group outside the reference is compared with it.
    prior
        ``"corpus"`` (default): alpha for each term is its count over the whole
        input, the informative prior of Monroe et al. built from the data
        itself. A number: the same alpha for every term (their uninformative
        prior uses 0.01). A Series of background counts indexed by term: an
        informative prior from another corpus (terms it lacks get 0.01).
    prior_size
        The prior's total weight ``alpha0``, in words. ``None`` (default) keeps
        the prior as given: with ``"corpus"`` that is the size of the input, the
        convention of Jurafsky et al. (2014) and tidylo, which shrinks strongly
        towards the corpus rate. A number rescales the prior to that total,
        keeping its shape (Monroe et al. choose such an ``alpha0``; scattertext
        calls it ``sigma``): smaller values shrink less and give larger ``|z|``.
    drop_stopwords
        Leave terms flagged in ``is_stopword`` out of the result rows. They
        still count in ``n_words``, so rates and statistics are per word spoken.
    min_count
        Keep terms used at least this often in group and reference together.
    count
        Name of a count column when ``tokens`` is already counted (e.g.
        ``count_terms`` output); ``None`` counts rows.

    Returns
    -------
    pandas.DataFrame
        One row per compared group and term, sorted by group (in the order of
        the ``by`` categories) then by ``z`` descending, with columns:

        - ``by`` (categorical: the input's categories, so colours and joins match, or
          the one pooled label such as ``"A + B"``) and ``term`` (the input's dtype);
        - ``n``, ``n_ref``: the term's count in the group and in the reference;
        - ``n_words``, ``n_words_ref``: all words of the group and the reference;
        - ``per_1k``, ``per_1k_ref``: the term per 1,000 words of each side;
        - ``log_ratio``: log2 of the ratio of the two rates (zero counts as 0.5);
        - ``delta``, ``delta_var``, ``z``: log-odds ratio with the Dirichlet prior,
          its variance ``1/(n+a) + 1/(n_ref+a)`` and ``delta / sqrt(delta_var)``;
        - ``g2``: log-likelihood G2 (1 degree of freedom), signed: positive when
          the group uses the term more often than the reference, negative when
          less (as quanteda's ``textstat_keyness`` does); ``p_value`` its chi-square
          p-value from ``abs(g2)``.

    Notes
    -----
    Positive ``delta``/``z``/``g2`` mean the group uses the term more. Terms a
    group never uses appear with ``n = 0`` and negative scores. The statistics
    are vectorised over one group x term count matrix, so each-against-the-rest
    needs ``groups x terms`` below 10 million cells; for documents use
    :func:`tf_idf` or pass ``target=``. In the degenerate case of a single
    term in the whole input, the odds of "any other word" are 0/0 and
    ``delta``/``z`` are NaN.

    Examples
    --------
    >>> key = kit.keyness(corpus.tokens, by="speaker")          # doctest: +SKIP
    >>> key.groupby("speaker", observed=True).head(10)          # doctest: +SKIP
    """
    tokens, group_values = tokens_and_groups(tokens, by)
    need = [term] + ([s.IS_STOPWORD] if drop_stopwords else []) + ([count] if count else [])
    need = need if group_values is not None else [by] + need
    require_columns(
        tokens,
        need,
        what="keyness(tokens)",
        hint=_TOKENS_HINT + (" Or pass drop_stopwords=False." if drop_stopwords else ""),
    )
    if min_count < 0:
        raise KitError(f"min_count must be 0 or more, got {min_count}.")

    assert group_values is not None  # else require_columns raised: `by` is not a column
    g_codes, groups = codes_of(group_values, dtype=np.int64)
    t_codes, terms = codes_of(tokens[term], dtype=np.int64)
    weights = None if count is None else tokens[count].to_numpy(dtype=float, na_value=0.0)
    integral = weights is None or bool(np.all(weights == np.round(weights)))
    # One pass over the rows: counts per (group, term) pair; everything else from the pairs.
    pa, pb, pn = pair_counts(g_codes, len(groups), t_codes, len(terms), weights)
    group_words = np.bincount(pa, weights=pn, minlength=len(groups)).astype(float)
    term_totals = np.bincount(pb, weights=pn, minlength=len(terms)).astype(float)
    n_total = float(term_totals.sum())
    if n_total == 0:
        raise KitError("keyness() got no tokens to count. " + _TOKENS_HINT)

    alpha_all = _prior(prior, term_totals, terms)
    present = term_totals > 0
    alpha0 = float(alpha_all[present].sum())
    if prior_size is not None:
        if not prior_size > 0:
            raise KitError(f"prior_size must be above 0, got {prior_size!r}.")
        alpha_all = alpha_all * (float(prior_size) / alpha0)
        alpha0 = float(prior_size)

    # Terms that can reach min_count and are not stopwords.
    candidates = present & (term_totals >= max(min_count, 1))
    if drop_stopwords:
        is_stop_term = np.zeros(len(terms), dtype=bool)
        is_stop_term[t_codes[stopword_mask(tokens) & (t_codes >= 0)]] = True
        candidates &= ~is_stop_term
    vocab = np.flatnonzero(candidates)

    # Which comparisons: (label, target positions, reference positions or None for "rest").
    targets = _as_list(target)
    refs = _as_list(reference)
    ref_pos = None if refs is None else _group_positions(refs, groups, by=by, argument="reference")
    if targets is not None:
        tpos = _group_positions(targets, groups, by=by, argument="target")
        label = " + ".join(map(str, targets)) if len(targets) > 1 else targets[0]
        comparisons = [(label, tpos)]
    else:
        used = np.flatnonzero(group_words > 0)
        if ref_pos is not None:
            used = used[~np.isin(used, ref_pos)]
        comparisons = [(groups[int(i)], np.array([i])) for i in used]
    if not comparisons:
        raise KitError(f"There is no group to compare: column {by!r} has no other values.")
    k, v = len(comparisons), len(vocab)
    if k * v > DENSE_CELLS:
        raise KitError(
            f"keyness of {k:,} groups x {v:,} terms would make {k * v:,} rows. Pass target= "
            f"for one group, raise min_count=, or use tf_idf(tokens, by={by!r}) for many groups."
        )

    # Dense count matrix of the groups that take part, restricted to the vocabulary.
    involved = np.unique(
        np.concatenate([p for _, p in comparisons] + ([ref_pos] if ref_pos is not None else []))
    )
    group_slot = np.full(len(groups), -1, dtype=np.int64)
    group_slot[involved] = np.arange(len(involved))
    term_slot = np.full(len(terms), -1, dtype=np.int64)
    term_slot[vocab] = np.arange(v)
    rows, cols_ = group_slot[pa], term_slot[pb]
    keep = (rows >= 0) & (cols_ >= 0)
    counts = np.zeros((len(involved), v))
    counts[rows[keep], cols_[keep]] = pn[keep]

    y1 = np.vstack([counts[group_slot[p]].sum(axis=0) for _, p in comparisons])
    n1 = np.array([group_words[p].sum() for _, p in comparisons])[:, None]
    if ref_pos is None:
        # The rest: everything minus the target group(s).
        y2 = term_totals[vocab][None, :] - y1
        n2 = n_total - n1
    else:
        y2 = np.broadcast_to(counts[group_slot[ref_pos]].sum(axis=0), y1.shape)
        n2 = np.full_like(n1, group_words[ref_pos].sum())
    if targets is not None and ref_pos is not None and np.isin(tpos, ref_pos).any():
        raise KitError(
            "target and reference share a group; a group cannot be compared with itself."
        )
    if (n2 <= 0).any():
        raise KitError("The reference has no words; pick a reference group that speaks.")
    if (n1 <= 0).any():
        raise KitError(f"target={target!r} has no words in this table; pick a group that speaks.")

    cols = _statistics(y1, y2, n1, n2, alpha_all[vocab], alpha0)
    # Rows in group order, each group's terms by z descending; then drop rare pairs.
    order = np.argsort(-cols["z"], axis=1, kind="stable")
    flat = (order + (np.arange(k) * v)[:, None]).ravel()
    flat = flat[((y1 + y2).ravel()[flat]) >= max(min_count, 1)]
    row, col = np.divmod(flat, v)
    count_type = np.int64 if integral else float
    if targets is None or len(targets) == 1:
        # Each row is one original group: keep the input's categories (colours, order, joins).
        group_col = categorical_like(
            np.array([p[0] for _, p in comparisons])[row], groups, group_values
        )
    else:
        group_col = pd.Categorical.from_codes(row, categories=pd.Index([comparisons[0][0]]))
    out = pd.DataFrame(
        {
            by: group_col,
            term: categorical_like(vocab[col], terms, tokens[term]),
            "n": y1.ravel()[flat].astype(count_type),
            "n_ref": y2.ravel()[flat].astype(count_type),
            "n_words": n1[row, 0].astype(count_type),
            "n_words_ref": n2[row, 0].astype(count_type),
        }
    )
    for name, values in cols.items():
        out[name] = np.broadcast_to(values, y1.shape).ravel()[flat]
    return out


def _tf_idf_arrays(
    d_codes: np.ndarray, n_docs_all: int, t_codes: np.ndarray, n_terms: int, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """tf, idf and tf-idf per row of a (document, term, n) table given as codes."""
    doc_ok = d_codes >= 0
    doc_total = np.bincount(d_codes[doc_ok], weights=values[doc_ok], minlength=n_docs_all)
    used = (values > 0) & doc_ok & (t_codes >= 0)
    n_docs = int((np.bincount(d_codes[doc_ok], minlength=n_docs_all) > 0).sum())
    doc_freq = np.bincount(t_codes[used], minlength=n_terms)
    with np.errstate(divide="ignore", invalid="ignore"):
        tf = np.where(doc_ok, values / doc_total[np.maximum(d_codes, 0)], np.nan)
        df_row = np.where(t_codes >= 0, doc_freq[np.maximum(t_codes, 0)], 0)
        idf = np.where(df_row > 0, np.log(n_docs / df_row), np.nan)
        tfidf = np.where(values > 0, tf * idf, 0.0)
    return tf, idf, tfidf


def bind_tf_idf(
    counts: pd.DataFrame,
    *,
    term: str = s.TERM,
    document: str = s.DOC_ID,
    count: str = "n",
) -> pd.DataFrame:
    """Add term frequency, inverse document frequency and tf-idf to a count table.

    The tidytext convention (``bind_tf_idf``): ``tf = n / (sum of n in the
    document)``, ``idf = ln(documents / documents containing the term)``,
    ``tf_idf = tf * idf``. A "document" is any grouping: a transcript, a
    speaker, a month.

    Parameters
    ----------
    counts
        One row per document and term with a count column (e.g.
        ``count_terms(tokens, by="doc_id")``). Rows with ``n = 0`` (zero rows)
        are kept but do not count as the term occurring. Not modified.
    term, document, count
        Names of the term, document and count columns.

    Returns
    -------
    pandas.DataFrame
        The same rows in the same order with added columns ``tf``, ``idf`` and
        ``tf_idf`` (floats). ``idf`` is NaN for a term no document uses.

    Warns
    -----
    UserWarning
        When a (document, term) pair has more than one row: the table is then
        not one row per term per document and idf will be off.
    """
    require_columns(
        counts,
        [term, document, count],
        what="bind_tf_idf(counts)",
        hint="Pass one row per term per document with a count column, e.g. "
        "count_terms(tokens, by='doc_id').",
    )
    d_codes, docs = codes_of(counts[document], dtype=np.int64)
    t_codes, terms = codes_of(counts[term], dtype=np.int64)
    values = counts[count].to_numpy(dtype=float, na_value=0.0)
    key = d_codes * np.int64(max(len(terms), 1)) + t_codes
    if pd.Series(key).duplicated().any():
        warnings.warn(
            f"bind_tf_idf: some ({document}, {term}) pairs have more than one row; expected one "
            "row per term per document. Count first, e.g. count_terms(tokens, by=...).",
            UserWarning,
            stacklevel=2,
        )
    tf, idf, tfidf = _tf_idf_arrays(d_codes, len(docs), t_codes, len(terms), values)
    out = counts.copy()
    out["tf"] = tf
    out["idf"] = idf
    out["tf_idf"] = tfidf
    return out


def tf_idf(
    tokens: pd.DataFrame | Corpus,
    *,
    by: str = s.DOC_ID,
    term: str = s.TERM,
    drop_stopwords: bool = True,
) -> pd.DataFrame:
    """Count terms per document (or any group) and score them by tf-idf.

    Parameters
    ----------
    tokens
        One row per token (``kit.tokenize`` output), or a Corpus (then ``by``
        may name a turn or document column too). Not modified.
    by
        The "document" column: ``doc_id`` (default), ``speaker``, a period ...
    term
        Column of the terms.
    drop_stopwords
        Leave stopwords out of the result rows. They still count in each
        document's total, so ``tf`` is a share of all words.

    Returns
    -------
    pandas.DataFrame
        One row per group and term used there, sorted by group (category order)
        then ``tf_idf`` descending, with columns ``by``, ``term``, ``n``
        (count), ``tf``, ``idf``, ``tf_idf``.
    """
    tokens, group_values = tokens_and_groups(tokens, by)
    require_columns(
        tokens,
        ([by] if group_values is None else [])
        + [term]
        + ([s.IS_STOPWORD] if drop_stopwords else []),
        what="tf_idf(tokens)",
        hint=_TOKENS_HINT,
    )
    assert group_values is not None  # else require_columns raised: `by` is not a column
    g_codes, groups = codes_of(group_values, dtype=np.int64)
    t_codes, terms = codes_of(tokens[term], dtype=np.int64)
    ga, tb, cnt = pair_counts(g_codes, len(groups), t_codes, len(terms))
    tf, idf, tfidf = _tf_idf_arrays(ga, len(groups), tb, len(terms), cnt.astype(float))
    keep = np.ones(len(ga), dtype=bool)
    if drop_stopwords:
        is_stop_term = np.zeros(len(terms), dtype=bool)
        is_stop_term[t_codes[stopword_mask(tokens) & (t_codes >= 0)]] = True
        keep = ~is_stop_term[tb]
    # Pairs come sorted by group; within a group, highest tf-idf first. One float key
    # (group * span - tf_idf) sorts twice as fast as a two-key lexsort.
    sel = np.flatnonzero(keep)
    span = float(tfidf.max()) + 1.0 if len(tfidf) else 1.0
    order = sel[np.argsort(ga[sel] * span - tfidf[sel], kind="stable")]
    return pd.DataFrame(
        {
            by: categorical_like(ga[order], groups, group_values),
            term: categorical_like(tb[order], terms, tokens[term]),
            "n": cnt[order].astype(np.int64),
            "tf": tf[order],
            "idf": idf[order],
            "tf_idf": tfidf[order],
        }
    )
