"""Multi-word phrases counted as one term: each match of a phrase folds into one token row."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from kit import schema as s
from kit.corpus import require_columns
from kit.errors import KitError
from kit.terms.grouping import codes_of
from kit.terms.windows import KEYS, TOKENS_HINT, key_array, sorted_order

__all__ = ["merge_phrases"]


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

    require_columns(tokens, KEYS + [term], what="tokens", hint=TOKENS_HINT)
    t_codes, terms = codes_of(tokens[term], dtype=np.int64)
    order = sorted_order(tokens)
    keys = [key_array(tokens, k, order) for k in KEYS]
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
