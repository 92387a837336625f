"""The one matcher: what a query means, and where in the tokens it matches.

Every search and count of the kit goes through here: :func:`kit.kwic`,
:func:`kit.dispersion`, :func:`kit.term_usage`, :class:`kit.TermIndex` and the explorer.

- :func:`split_query` reads what a user typed into a list of queries (``"quoted phrases"``
  stay one); :func:`format_query` writes such a list back.
- :func:`query_terms` splits one literal query into the terms it must match, by the
  tokenizer's own rule, so a query and the text it finds are normalised alike.
- :func:`vocabulary_masks` turns a query into one boolean mask over the vocabulary per word
  (literal, glob wildcard or regular expression, whole word or part of one, with or without
  case, possessives folded, lemmas on request) through a :class:`Vocabulary`, which makes
  the folded and lemma forms of the distinct terms once;
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
from functools import cached_property

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.read.words import normalize_term, plain
from kit.terms.forms import fold_possessive, glob_pattern, is_glob, lemmatize
from kit.terms.forms import fold_possessives as fold_each

__all__ = [
    "MAX_QUERY_CHARS",
    "Vocabulary",
    "check_query",
    "format_query",
    "match_rows",
    "pattern_mask",
    "phrase_key_of",
    "query_terms",
    "split_query",
    "vocabulary_masks",
    "words_mask",
]

# A quote left open (``"health care``, as typed before the closing one) holds the words up
# to the next comma or semicolon: the phrase meant, not its words one by one.
_TERM_RE = re.compile(r'"([^"]*)"|“([^”]*)”|["“]([^,;"“”]*)|([^\s,;"“”]+)')
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
    quotes) stay one query; a quote left open runs to the next comma or semicolon. With
    ``regex=True`` the whole text is one pattern (spaces and commas mean something in a
    pattern). Duplicates are dropped, first occurrence kept.

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


def query_terms(query: str, *, case: bool = False) -> tuple[str, ...]:
    """Split a literal query into the words it must match, by the tokenizer's own rule.

    Each whitespace-separated part is tokenized as the text is (``"U.S.-led"`` one word,
    ``"Russia’s"`` ``"russia's"``), lower-cased unless ``case``; a part with a wildcard
    (``sanction*``, ``*-based``, ``colo?r``) stays one word, a glob for one token.
    """
    from kit.terms.tokens import tokenize_text

    terms: list[str] = []
    for part in check_query(query).split():
        if is_glob(part) and re.search(r"\w", part):
            word = plain(part.strip(".,;:!\"“”()"))
            terms.append(word if case else word.lower())
        else:
            terms.extend(plain(t) if case else normalize_term(t) for t in tokenize_text(part))
    if not terms:
        raise KitError(
            f"The query {query!r} holds no word to match (only spaces or punctuation); "
            "give a word or phrase such as 'sanctions' or 'nuclear power plant'."
        )
    return tuple(terms)


def label_as_typed(usage: pd.DataFrame, queries: Iterable[str], *,
                   column: str = "term") -> pd.DataFrame:
    """``usage`` with each normalised term named as the user typed it.

    :func:`kit.term_usage` reports ``"NATO"`` under ``"nato"``; a chart or table shown to
    the person who typed ``NATO`` should say ``NATO``. The first spelling of each
    normalised form wins; terms not among ``queries`` (categories, a pattern's matches)
    keep their names.

    Parameters
    ----------
    usage
        A table with a categorical ``column`` of normalised terms (one row per group per
        term, as :func:`kit.term_usage` returns it).
    queries
        The terms as typed.

    Returns
    -------
    DataFrame
        The same rows; ``column``'s categories renamed (their order kept).
    """
    typed: dict[str, str] = {}
    for query in queries:
        typed.setdefault(" ".join(query_terms(query)), query.strip())
    categories = [str(c) for c in usage[column].cat.categories]
    names = [typed.get(c, c) for c in categories]
    if names == categories or len(set(names)) != len(names):
        return usage
    out = usage.copy()
    out[column] = out[column].cat.rename_categories(names)
    return out


class Vocabulary:
    """The distinct terms (or tokens) a query is matched against, and their forms.

    The forms (possessives folded, lemmas) are worked out once per vocabulary, on first use,
    so repeated queries against a :class:`kit.TermIndex` cost a comparison per form.

    Parameters
    ----------
    values
        The distinct terms (lower-cased, see :func:`kit.read.words.normalize_term`), or the
        distinct tokens as written with plain apostrophes.
    """

    def __init__(self, values: pd.Index) -> None:
        self.values = values if isinstance(values, pd.Index) else pd.Index(values)
        self._lemmas: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.values)

    @cached_property
    def array(self) -> np.ndarray:
        """The values as an object array (compared by numpy)."""
        return np.asarray(self.values.astype(object), dtype=object)

    @cached_property
    def folded(self) -> np.ndarray:
        """Each value with a possessive ``'s`` folded (:func:`kit.terms.forms.fold_possessive`)."""
        return fold_each(self.array)

    @cached_property
    def has_possessive(self) -> np.ndarray:
        """Where folding changed the value."""
        return self.folded != self.array

    def lemmas(self, language: str) -> np.ndarray:
        """Each value's lemma (of its folded form, lower-cased), made once per language."""
        if language not in self._lemmas:
            self._lemmas[language] = lemmatize(self.folded, language)
        return self._lemmas[language]


def vocabulary_masks(query: str, vocabulary: pd.Index | Vocabulary, *, regex: bool = False,
                     whole_word: bool = True, case: bool = False,
                     fold_possessives: bool = True, lemma: bool = False,
                     language: str = "en") -> list[np.ndarray]:
    """For each word of ``query``, a boolean mask over ``vocabulary``.

    Parameters
    ----------
    query
        A word or phrase; its words may hold glob wildcards (``sanction*``, ``*-based``,
        ``colo?r``: a pattern for one whole token). With ``regex``, whitespace-separated
        patterns, one per token.
    vocabulary
        The distinct terms (lower-cased, see :func:`kit.read.words.normalize_term`), or with
        ``case`` the distinct tokens as written with plain apostrophes; or a
        :class:`Vocabulary` of them (its forms are then reused).
    regex, whole_word, case
        As for :func:`kit.kwic`.
    fold_possessives
        A word also matches its possessive (``iran`` matches ``iran's``; a query word
        written with ``'s`` matches only that form). Not for ``whole_word=False``.
    lemma, language
        A word matches every form with its lemma (:func:`kit.terms.forms.lemmatize`):
        ``sanction`` finds ``sanctions`` and ``sanctioned``. Not with ``regex`` or ``case``.

    Returns
    -------
    list of numpy.ndarray
        One mask of ``len(vocabulary)`` per word of the query, in order.
    """
    check_query(query)
    vocab = vocabulary if isinstance(vocabulary, Vocabulary) else Vocabulary(vocabulary)
    if lemma and (regex or case or not whole_word):
        raise KitError("lemma=True matches whole words in any case; it cannot be combined "
                       "with regex=True, case=True or whole_word=False.")
    fold = fold_possessives and whole_word
    if regex:
        parts = query.split()
        if not parts:
            raise KitError("The regular expression is empty; give a pattern such as "
                           "r'sanction\\w*'.")
        return [_pattern(part, vocab, whole_word=whole_word, case=case, fold=fold)
                for part in parts]
    masks = []
    for word in query_terms(query, case=case):
        if is_glob(word):
            mask = _pattern(glob_pattern(word), vocab, whole_word=whole_word, case=case,
                            fold=fold)
        elif lemma:
            mask = vocab.lemmas(language) == lemmatize([fold_possessive(word)], language)[0]
        elif whole_word:
            # Compared, not looked up: with case, "America’s" and "America's" are one
            # plain spelling twice in the vocabulary (get_indexer refuses duplicates).
            mask = vocab.array == word
            if fold and fold_possessive(word) == word:
                mask |= vocab.has_possessive & (vocab.folded == word)
        else:
            mask = np.asarray(vocab.values.str.contains(word, regex=False), dtype=bool)
        masks.append(np.asarray(mask, dtype=bool))
    return masks


def words_mask(words: Iterable[str], vocabulary: Vocabulary, *,
               fold_possessives: bool = True) -> np.ndarray:
    """One mask over ``vocabulary`` of several plain whole words, looked up together.

    Equal to OR-ing :func:`vocabulary_masks` of each word (any case, no wildcard, no lemma),
    in two lookups instead of two comparisons per word: a dictionary's hundreds of words
    cost about one query.
    """
    words = pd.Index(list(dict.fromkeys(words)), dtype=object)
    mask = np.asarray(pd.Index(vocabulary.array).isin(words), dtype=bool)
    if fold_possessives:
        unfolded = words[[fold_possessive(w) == w for w in words]]
        mask |= vocabulary.has_possessive & np.asarray(
            pd.Index(vocabulary.folded).isin(unfolded), dtype=bool)
    return mask


def _pattern(pattern: str, vocab: Vocabulary, *, whole_word: bool, case: bool,
             fold: bool) -> np.ndarray:
    mask = pattern_mask(pattern, vocab.values, whole_word=whole_word, case=case)
    if fold and vocab.has_possessive.any():
        rows = np.flatnonzero(vocab.has_possessive)
        folded = pd.Index(vocab.folded[rows])
        mask[rows] |= pattern_mask(pattern, folded, whole_word=whole_word, case=case)
    return mask


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
