"""The one matcher: what a query means, and where in the tokens it matches.

Every search and count of the kit goes through here: :func:`kit.kwic`,
:func:`kit.dispersion`, :func:`kit.term_usage`, :class:`kit.TermIndex` and the explorer.

- :func:`split_query` reads what a user typed into a list of queries (``"quoted phrases"``
  stay one); :func:`format_query` writes such a list back.
- :func:`query_terms` splits one literal query into the terms it must match, by the
  tokenizer's own rule, so a query and the text it finds are normalised alike.
- :func:`vocabulary_masks` turns a query into one boolean mask over the vocabulary per word
  (literal or regular expression, whole word or part of one, with or without case);
- :func:`match_rows` finds the token rows where those words follow one another in one phrase.

Matching through the vocabulary costs the same for any pattern (PERF-NOTES: a regex over the
distinct terms, then a code mask), and KWIC hits equal counts because both use these rows.
Regular expressions run on the Rust ``regex`` engine (through polars), which matches in time
linear in the text: no pattern, however it is written, can keep a search (or a dashboard's
kernel) busy for minutes, as Python's backtracking ``re`` could with ``(.+.+)+!``. Queries are
capped at :data:`MAX_QUERY_CHARS` characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.read.words import normalize_term, plain

__all__ = [
    "MAX_QUERY_CHARS",
    "check_query",
    "format_query",
    "match_rows",
    "pattern_mask",
    "phrase_key_of",
    "query_terms",
    "split_query",
    "vocabulary_masks",
]

_TERM_RE = re.compile(r'"([^"]*)"|“([^”]*)”|([^\s,;"“”]+)')
#: The longest query (or pattern) accepted, in characters: words and phrases are far shorter,
#: and matching cost grows with the pattern.
MAX_QUERY_CHARS = 1_000


def check_query(query: object) -> str:
    """Return ``query`` if it can be searched for; raise a KitError saying why not."""
    if not isinstance(query, str):
        raise KitError(f"A query must be a string, got {query!r}.")
    if len(query) > MAX_QUERY_CHARS:
        raise KitError(f"The query is {len(query):,} characters long; the longest searched for "
                       f"is {MAX_QUERY_CHARS:,}. Fix: search for a word or a shorter phrase.")
    try:
        query.encode("utf-8")
    except UnicodeEncodeError:
        raise KitError("The query holds a character that is not text (a lone surrogate, as "
                       "broken copy and paste leaves). Fix: type the query again.") from None
    return query


def split_query(text: str, *, regex: bool = False) -> list[str]:
    """Split what a user typed into queries.

    Words separate on spaces, commas or semicolons; ``"quoted phrases"`` (straight or curly
    quotes) stay one query. With ``regex=True`` the whole text is one pattern (spaces and
    commas mean something in a pattern). Duplicates are dropped, first occurrence kept.

    >>> split_query('nuclear "power plant", Russia')
    ['nuclear', 'power plant', 'Russia']
    """
    text = check_query(text or "").strip()
    if not text:
        return []
    if regex:
        return [text]
    out: list[str] = []
    for match in _TERM_RE.finditer(text):
        term = next(g for g in match.groups() if g is not None).strip()
        term = " ".join(term.split())
        if term and term not in out:
            out.append(term)
    return out


def format_query(queries: Iterable[str]) -> str:
    """Write queries back as text that :func:`split_query` reads into the same list."""
    return ", ".join(f'"{t}"' if re.search(r"[\s,;]", t) else t for t in queries)


def query_terms(query: str) -> tuple[str, ...]:
    """Split a literal query into the terms it must match, by the tokenizer's own rule."""
    from kit.terms.tokens import tokenize_text

    terms = tuple(normalize_term(t) for t in tokenize_text(check_query(query)))
    if not terms:
        raise KitError(
            f"The query {query!r} holds no word to match (only spaces or punctuation); "
            "give a word or phrase such as 'sanctions' or 'nuclear power plant'."
        )
    return terms


def vocabulary_masks(query: str, vocabulary: pd.Index, *, regex: bool = False,
                     whole_word: bool = True, case: bool = False) -> list[np.ndarray]:
    """For each word of ``query``, a boolean mask over ``vocabulary``.

    Parameters
    ----------
    query
        A word or phrase, or with ``regex`` whitespace-separated patterns, one per token.
    vocabulary
        The distinct terms (lower-cased, see :func:`kit.read.words.normalize_term`), or with
        ``case`` the distinct tokens as written with plain apostrophes.
    regex, whole_word, case
        As for :func:`kit.kwic`.

    Returns
    -------
    list of numpy.ndarray
        One mask of ``len(vocabulary)`` per word of the query, in order.
    """
    check_query(query)
    if regex:
        parts = query.split()
        if not parts:
            raise KitError("The regular expression is empty; give a pattern such as "
                           "r'sanction\\w*'.")
        return [pattern_mask(part, vocabulary, whole_word=whole_word, case=case)
                for part in parts]
    if case:
        from kit.terms.tokens import tokenize_text

        words = [plain(w) for w in tokenize_text(query)]
        if not words:
            query_terms(query)  # raises the helpful error
    else:
        words = list(query_terms(query))
    masks = []
    for word in words:
        if whole_word:
            # Compared, not looked up: with case, "America’s" and "America's" are one
            # plain spelling twice in the vocabulary (get_indexer refuses duplicates).
            mask = np.asarray(vocabulary == word, dtype=bool)
        else:
            mask = np.asarray(vocabulary.str.contains(word, regex=False), dtype=bool)
        masks.append(mask)
    return masks


def pattern_mask(pattern: str, vocabulary: pd.Index, *, whole_word: bool = True,
                 case: bool = False) -> np.ndarray:
    """Where a regular expression matches the vocabulary (a whole entry, or inside one).

    The Rust ``regex`` syntax: Python's, less look-around and back-references, which a
    linear-time engine cannot match.
    """
    import polars as pl

    wrapped = f"^(?:{pattern})$" if whole_word else pattern
    try:
        found = pl.Series(vocabulary.astype(str), dtype=pl.String).str.contains(
            wrapped if case else f"(?i){wrapped}", strict=True)
    except pl.exceptions.PolarsError as exc:
        lines = str(exc).splitlines()
        why = next((line.split("error:", 1)[1].strip() for line in lines
                    if line.strip().startswith("error:")), lines[0] if lines else "")
        raise KitError(
            f"{pattern!r} is not a valid regular expression ({why}). Fix: correct it, or "
            "search for the words literally (regex=False)."
        ) from None
    return found.fill_null(False).to_numpy().astype(bool, copy=False)


def match_rows(masks: list[np.ndarray], codes: np.ndarray, position: np.ndarray | None,
               phrase_key: np.ndarray | None, *,
               candidates: np.ndarray | None = None) -> np.ndarray:
    """Token rows where a match starts: consecutive tokens of one phrase, word by word.

    Parameters
    ----------
    masks
        Per word of the query, a mask over the vocabulary (:func:`vocabulary_masks`).
    codes
        Per token row, its code in that vocabulary.
    position, phrase_key
        Per token row, its position in the document and its phrase (:func:`phrase_key_of`);
        only needed for queries of several words.
    candidates
        Sorted rows where the first word matches, if known (e.g. from postings lists);
        found from ``masks[0]`` otherwise.

    Returns
    -------
    numpy.ndarray
        The sorted rows of each match's first token (int64).
    """
    # One False slot more: a missing code (-1) never matches.
    masks = [np.append(mask, False) for mask in masks]
    rows = np.flatnonzero(masks[0][codes]) if candidates is None \
        else np.asarray(candidates, dtype=np.int64)
    n = len(codes)
    if len(masks) == 1:
        return rows
    if position is None or phrase_key is None:
        raise ValueError("A query of several words needs the tokens' position and phrase key.")
    for offset, mask in enumerate(masks[1:], start=1):
        rows = rows[rows + offset < n]
        nxt = rows + offset
        ok = (mask[codes[nxt]] & (position[nxt] == position[rows] + offset)
              & (phrase_key[nxt] == phrase_key[rows]))
        rows = rows[ok]
    return rows


def phrase_key_of(tokens: pd.DataFrame) -> np.ndarray:
    """An integer that is equal for tokens of the same phrase and differs at phrase changes.

    A running count of (turn, phrase) changes: int32 (half the memory of packing both ids
    into an int64), and equal only within one unbroken run of rows, which is what a phrase
    match compares (row and row + k).
    """
    phrase = tokens[s.PHRASE_ID].to_numpy()
    turn = tokens[s.TURN_ID].to_numpy()
    change = np.zeros(len(phrase), dtype=bool)
    if len(phrase) > 1:
        np.not_equal(phrase[1:], phrase[:-1], out=change[1:])
        change[1:] |= turn[1:] != turn[:-1]
    return np.cumsum(change, dtype=np.int32)
