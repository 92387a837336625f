"""N-grams within phrases, collocations ranked by association, and phrases counted as one term."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import polars as pl
from scipy import special

from kit import schema as s
from kit.corpus import require_columns
from kit.errors import KitError
from kit.terms.grouping import as_tokens, codes_of, stopword_mask

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["ngrams", "collocations", "merge_phrases"]

_STOPWORD_RULES = ("keep", "edges", "any")
_KEYS = [s.DOC_ID, s.TURN_ID, s.PHRASE_ID, s.TOKEN_ID]
_HINT = "Pass a tokens table (one row per token), e.g. corpus.tokens or kit.tokenize(phrases)."


def _sorted_order(tokens: pd.DataFrame) -> np.ndarray | None:
    """Row order that puts each phrase's tokens together and in order; None if already so."""
    doc = pd.factorize(tokens[s.DOC_ID])[0]
    keys = [doc] + [tokens[k].to_numpy() for k in _KEYS[1:]]
    if len(doc) < 2:
        return None
    # Lexicographic check of neighbours: the first differing key must increase.
    decided = np.zeros(len(doc) - 1, dtype=bool)
    ascending = np.ones(len(doc) - 1, dtype=bool)
    for key in keys:
        diff = np.sign(np.diff(key.astype(np.int64)))
        fresh = ~decided & (diff != 0)
        ascending[fresh] = diff[fresh] > 0
        decided |= fresh
    if ascending.all():
        return None
    return np.lexsort(tuple(reversed(keys)))


def _first_seen(codes: np.ndarray) -> np.ndarray:
    """Index of the first occurrence of each code, for codes numbered in order of appearance."""
    if not len(codes):
        return np.zeros(0, dtype=np.int64)
    running = np.maximum.accumulate(codes)
    new = np.empty(len(codes), dtype=bool)
    new[0] = True
    new[1:] = codes[1:] > running[:-1]
    return np.flatnonzero(new)


def _key_array(tokens: pd.DataFrame, name: str, order: np.ndarray | None) -> np.ndarray:
    """One key column as int64 (doc_id as codes), in reading order."""
    values = tokens[name]
    if isinstance(values.dtype, pd.CategoricalDtype):
        arr = values.array.codes.astype(np.int64)
    elif name == s.DOC_ID:
        arr = pd.factorize(values)[0]
    else:
        arr = values.to_numpy(dtype=np.int64)
    return arr if order is None else arr[order]


class _Windows:
    """Every run of ``n`` consecutive tokens inside one phrase, as row indices and term codes."""

    def __init__(self, tokens: pd.DataFrame, n: int, term: str) -> None:
        if not isinstance(n, (int, np.integer)) or n < 1:
            raise KitError(f"n must be a whole number of tokens, 1 or more; got {n!r}.")
        require_columns(tokens, _KEYS + [term], what="tokens", hint=_HINT)
        order = _sorted_order(tokens)
        total = len(tokens)
        rows = np.arange(total) if order is None else order
        doc, turn, phrase, tok = (_key_array(tokens, k, order) for k in _KEYS)
        valid = np.ones(max(total - n + 1, 0), dtype=bool)
        for k in range(1, n):
            stop = total - n + 1
            valid &= (doc[:stop] == doc[k : stop + k]) & (turn[:stop] == turn[k : stop + k])
            valid &= phrase[:stop] == phrase[k : stop + k]
            valid &= tok[k : stop + k] == tok[:stop] + k
        starts = np.flatnonzero(valid)
        self.n = n
        self.rows = [rows[starts + k] for k in range(n)]  # row index of the k-th token
        t_codes, self.terms = codes_of(tokens[term], dtype=np.int64)
        self.codes = [t_codes[r] for r in self.rows]
        if (t_codes < 0).any():
            raise KitError(f"Column {term!r} has missing values; drop those rows first.")
        self.is_stop = np.zeros(len(self.terms), dtype=bool)
        if s.IS_STOPWORD in tokens.columns:
            self.is_stop[t_codes[stopword_mask(tokens)]] = True

    def __len__(self) -> int:
        return len(self.rows[0])

    def combine(self, positions: Iterable[int]) -> tuple[np.ndarray, np.ndarray]:
        """Factorize the term tuples at ``positions``: (code per window, first window per code)."""
        positions = list(positions)
        v = np.int64(max(len(self.terms), 1))
        key = self.codes[positions[0]].astype(np.int64)
        for p in positions[1:]:
            if len(key) and key.max() > np.iinfo(np.int64).max // v - v:
                key = pd.factorize(key)[0].astype(np.int64)
            key = key * v + self.codes[p]
        codes, _ = pd.factorize(key)
        return codes, _first_seen(codes)

    def keep(self, rule: bool | str) -> np.ndarray:
        """Boolean per window: passes the stop-word rule (``drop_stopwords=``)."""
        rule = {False: "keep", True: "any"}.get(rule, rule) if isinstance(rule, bool) else rule
        if rule not in _STOPWORD_RULES:
            raise KitError(f"drop_stopwords={rule!r} is not known; use False (keep all), "
                           "'edges' or 'any' (True).")
        if rule == "keep":
            return np.ones(len(self), dtype=bool)
        if rule == "edges":
            return ~self.is_stop[self.codes[0]] & ~self.is_stop[self.codes[-1]]
        return ~np.logical_or.reduce([self.is_stop[c] for c in self.codes])

    def strings(self, firsts: np.ndarray, sep: str) -> np.ndarray:
        """The joined terms of the windows ``firsts`` (one per distinct n-gram)."""
        # polars joins strings about 5x faster than numpy object arrays.
        words = pl.Series(np.asarray(self.terms, dtype=object).astype(str))
        parts = pl.DataFrame({f"w{k}": words.gather(c[firsts]) for k, c in enumerate(self.codes)})
        joined = parts.select(pl.concat_str(pl.all(), separator=sep)).to_series()
        return pd.Index(joined.to_pandas(), dtype="str")


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
    win = _Windows(tokens, n, term)
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
        first_row = _first_seen(tcodes)
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


def two_by_two(
    o11: np.ndarray, r1: np.ndarray, c1: np.ndarray, big_n: float | np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected count, PMI and signed G2 of the 2x2 tables (first part) x (second part).

    ``o11`` windows hold both parts, ``r1`` the first part in its slot, ``c1`` the
    second part in its slot, out of ``big_n`` windows.
    """
    observed = [o11, r1 - o11, c1 - o11, big_n - r1 - c1 + o11]
    expected = [
        r1 * c1 / big_n,
        r1 * (big_n - c1) / big_n,
        (big_n - r1) * c1 / big_n,
        (big_n - r1) * (big_n - c1) / big_n,
    ]
    with np.errstate(divide="ignore", invalid="ignore"):
        total = sum(special.xlogy(o, o / e) for o, e in zip(observed, expected, strict=True))
        pmi = np.log2(o11 / expected[0])
    g2 = 2.0 * np.maximum(np.nan_to_num(total, nan=0.0), 0.0)
    return expected[0], pmi, np.where(o11 >= expected[0], g2, -g2)


def _window_keys(columns: list[np.ndarray], n_terms: int) -> np.ndarray:
    """One int64 per window identifying its terms (mixed radix; factorized when too wide).

    Two columns always fit in int64, so keys of two columns from different row subsets
    are comparable; wider keys are only comparable within one call.
    """
    v = np.int64(max(n_terms, 1))
    key = columns[0].astype(np.int64)
    for column in columns[1:]:
        if len(key) and key.max() > np.iinfo(np.int64).max // v - v:
            key = pd.factorize(key)[0].astype(np.int64)
        key = key * v + column
    return key


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
    win = _Windows(tokens, n, term)
    big_n = float(len(win))
    if big_n == 0:
        raise KitError(f"No run of {n} tokens inside a phrase to score. " + _HINT)
    # Only n-grams that can be reported are counted and scored: those passing the stopword
    # rule whose words each occur at least min_count times (a cheap necessary condition).
    n_terms = len(win.terms)
    word_counts = np.bincount(np.concatenate(win.codes), minlength=n_terms)
    mask = win.keep(drop_stopwords)
    for column in win.codes:
        mask &= word_counts[column] >= max(min_count, 1)
    idx = np.flatnonzero(mask)
    codes, _ = pd.factorize(_window_keys([c[idx] for c in win.codes], n_terms))
    counts = np.bincount(codes)
    firsts = _first_seen(codes)
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
            _window_keys([c[where] for c in columns], n_terms), return_inverse=True
        )
        # Count only windows whose words could match a candidate, by binary search.
        maybe = np.ones(len(win), dtype=bool)
        for c in columns:
            seen = np.zeros(n_terms, dtype=bool)
            seen[c[where]] = True
            maybe &= seen[c]
        keys = _window_keys([c[maybe] for c in columns], n_terms)
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


def _join(parts: list[np.ndarray], sep: str) -> np.ndarray:
    out = parts[0].astype(object)
    for part in parts[1:]:
        out = out + sep + part
    return out


def _phrase_terms(phrase: str | Iterable[str]) -> list[str]:
    """The terms a phrase must match, split and normalised like the tokenizer's."""
    from kit.read.words import normalize_term
    from kit.terms.tokens import tokenize_text

    words = tokenize_text(phrase) if isinstance(phrase, str) else list(phrase)
    return [normalize_term(w) for w in words]


def merge_phrases(
    tokens: pd.DataFrame,
    phrases: str | Iterable[str | Iterable[str]],
    *,
    term: str = s.TERM,
    sep: str = " ",
) -> pd.DataFrame:
    """Count multi-word phrases as one term: each match becomes a single token row.

    Matching is on terms (lower-cased, curly apostrophes made straight), inside
    one phrase (sentence), left to right; longer phrases win over shorter ones
    they overlap, and a token joins at most one match.

    Parameters
    ----------
    tokens
        One row per token (``kit.tokenize`` output). Not modified.
    phrases
        A phrase (``"nuclear power plant"``) or a list of them; a phrase may
        also be given as its list of terms (``["rapid", "response", "force"]``).
    term
        Column of the terms.
    sep
        String between the words of a merged term.

    Returns
    -------
    pandas.DataFrame
        The tokens table with every match of a phrase as one row: the first
        token's row with ``term`` the phrase's terms joined by ``sep``, ``token``
        the words as written, ``is_stopword`` False and ``end_char`` the last
        word's; the other words' rows are gone. ``term`` stays categorical with
        the phrases added as categories. Same columns, RangeIndex.
    """
    if isinstance(phrases, str):
        phrases = [phrases]
    wanted = [_phrase_terms(p) for p in phrases]
    wanted = [w for w in wanted if w]
    if not wanted:
        raise KitError("merge_phrases() needs at least one phrase with words in it.")
    if max(len(w) for w in wanted) < 2:
        return tokens.copy()

    require_columns(tokens, _KEYS + [term], what="tokens", hint=_HINT)
    t_codes, terms = codes_of(tokens[term], dtype=np.int64)
    order = _sorted_order(tokens)
    keys = [_key_array(tokens, k, order) for k in _KEYS]
    t_sorted = t_codes if order is None else t_codes[order]
    total = len(tokens)
    consumed = np.zeros(total, dtype=bool)
    matches: list[tuple[str, np.ndarray]] = []  # (merged term, rows matrix k x matches)
    for phrase in dict.fromkeys(tuple(w) for w in sorted(wanted, key=len, reverse=True)):
        k = len(phrase)
        seq = terms.get_indexer(pd.Index(list(phrase)))
        if k < 2 or (seq < 0).any():
            continue
        # Start positions (in reading order) of the phrase inside one phrase of the text.
        p = np.flatnonzero(t_sorted[: max(total - k + 1, 0)] == seq[0])
        for j in range(1, k):
            q = p + j
            ok = t_sorted[q] == seq[j]
            for key in keys[:-1]:
                ok &= key[q] == key[p]
            ok &= keys[-1][q] == keys[-1][p] + j
            p = p[ok]
        rows = np.vstack([p + j if order is None else order[p + j] for j in range(k)])
        rows = rows[:, ~consumed[rows].any(axis=0)]
        if len(np.unique(rows)) < rows.size:
            # A phrase overlapping itself ("very very" in "very very very"): left to right.
            accepted = []
            for j in range(rows.shape[1]):
                if not consumed[rows[:, j]].any():
                    consumed[rows[:, j]] = True
                    accepted.append(j)
            rows = rows[:, np.array(accepted, dtype=np.int64)]
        else:
            consumed[rows.ravel()] = True
        if rows.shape[1]:
            matches.append((sep.join(phrase), rows))
    if not matches:
        return tokens.copy()

    starts = np.concatenate([rows[0] for _, rows in matches])
    ends = np.concatenate([rows[-1] for _, rows in matches])
    drop = consumed.copy()
    drop[starts] = False
    names = [name for name, _ in matches]
    new_terms = [nm for nm in dict.fromkeys(names) if nm not in terms]
    categories = terms.append(pd.Index(new_terms)) if new_terms else terms
    name_codes = categories.get_indexer(pd.Index(names))
    codes = t_codes.copy()
    codes[starts] = np.concatenate(
        [np.full(rows.shape[1], c) for c, (_, rows) in zip(name_codes, matches, strict=True)]
    )
    keep = ~drop
    out = tokens.loc[keep].reset_index(drop=True)
    out[term] = pd.Categorical.from_codes(codes[keep], categories=categories)
    if s.TOKEN in tokens.columns:
        tok_codes, tok_cats = codes_of(tokens[s.TOKEN], dtype=np.int64)
        words = np.asarray(tok_cats, dtype=object)
        written = np.concatenate(
            [_join([words[tok_codes[r]] for r in rows], " ") for _, rows in matches]
        )
        fresh, fresh_codes = np.unique(written.astype(str), return_inverse=True)
        new_codes = tok_codes.copy()
        new_codes[starts] = len(tok_cats) + fresh_codes
        every = tok_cats.append(pd.Index(fresh))
        unique = every.unique()
        out[s.TOKEN] = pd.Categorical.from_codes(
            unique.get_indexer(every)[new_codes[keep]], categories=unique
        )
    if s.IS_STOPWORD in tokens.columns:
        flags = tokens[s.IS_STOPWORD].to_numpy(copy=True)
        flags[starts] = False
        out[s.IS_STOPWORD] = flags[keep]
    if s.END_CHAR in tokens.columns:
        end_char = tokens[s.END_CHAR].to_numpy(copy=True)
        end_char[starts] = end_char[ends]
        out[s.END_CHAR] = end_char[keep]
    return out
