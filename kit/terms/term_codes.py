"""Each token's phrase and term code: what counting a Corpus needs, without the tokens table.

The tokens table holds eleven columns, 34 bytes a token (514 MB for a 100 MB corpus); counts
by speaker, document, role or period need only each token's phrase (its groups are the
phrase's) and term. :func:`term_codes` keeps the term, 1 to 2 bytes a token (tokens come in
phrase order: a count of tokens per phrase says which are whose), from the same
scan as :func:`kit.tokenize` (:func:`kit.terms.phrase_scan.scan_phrases`), and
:func:`kit.count_terms` and :func:`kit.term_usage` use it for a Corpus whose tokens table is
not built (``Corpus.term_codes``, cached). ``benchmarks/bench_pipeline.py`` measures both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.read.threads import map_in_threads
from kit.terms.code_counts import bincount, small_codes
from kit.terms.forms import folded_codes
from kit.terms.grouping import Grouping
from kit.terms.phrase_scan import scan_phrases
from kit.terms.tokens import TOKEN_COLUMNS, phrase_columns, stop_flags

__all__ = ["TermCodes", "term_codes", "lean_codes"]

#: Token columns that are not the phrase's: grouping by one of them needs the tokens table.
TOKEN_ONLY = frozenset(TOKEN_COLUMNS) - {s.DOC_ID, s.TURN_ID, s.PHRASE_ID, s.SPEAKER}

# Tokens whose term code is looked up at a time, in threads (numpy lets go of the GIL).
_STEP = 1 << 22


class TermCodes:
    """Each token's phrase row and term code, in the tokens table's row order.

    Attributes
    ----------
    phrases
        One row per phrase: the columns the tokens table carries from it (``doc_id``,
        ``turn_id``, ``phrase_id``, ``speaker`` and the phrases' other columns), in the same
        types (:func:`kit.terms.tokens.phrase_columns`).
    term
        Per token, its code in ``term_dtype`` (the smallest integer type that holds them).
    term_dtype
        The categorical type of the tokens table's ``term`` column (terms in code-point
        order).
    is_stop
        Per term, whether it is a stop word (the tokens' ``is_stopword``).
    phrase_tokens
        Per phrase, its number of tokens (int64): tokens come in phrase order.
    """

    def __init__(
        self,
        phrases: pd.DataFrame,
        phrase_tokens: np.ndarray,
        term: np.ndarray,
        term_dtype: pd.CategoricalDtype,
        is_stop: np.ndarray,
    ) -> None:
        self.phrases = phrases
        self.phrase_tokens = phrase_tokens
        self.term = term
        self.term_dtype = term_dtype
        self.is_stop = is_stop

    @property
    def phrase(self) -> np.ndarray:
        """Per token, its row in ``phrases`` (made on each call: 8 bytes a token)."""
        return np.repeat(np.arange(len(self.phrases)), self.phrase_tokens)

    def __len__(self) -> int:
        return len(self.term)

    @property
    def nbytes(self) -> int:
        """Memory of the per-token arrays and the per-phrase table, in bytes."""
        return int(
            self.phrase_tokens.nbytes
            + self.term.nbytes
            + self.phrases.memory_usage(deep=True).sum()
        )

    def counted(self, fold_possessives: bool) -> tuple[np.ndarray, pd.CategoricalDtype]:
        """The codes a count counts, and their type: ``term``, or with ``fold_possessives``
        each possessive joined to its word (as :func:`kit.count_terms` folds the tokens'
        terms; worked out once per corpus)."""
        if fold_possessives and self._folded is not None:
            return self._folded[0], self._folded[1]
        return self.term, self.term_dtype

    @cached_property
    def _folded(self) -> tuple[np.ndarray, pd.CategoricalDtype, np.ndarray] | None:
        """Folded codes per token, their type, and each term's folded code (None: no term
        is a possessive; :func:`kit.terms.forms.folded_codes`)."""
        if not len(self.term_dtype.categories):
            return None
        return folded_codes(self.term, np.asarray(self.term_dtype.categories, dtype=object))

    @cached_property
    def term_counts(self) -> np.ndarray:
        """Tokens per term (int64)."""
        return bincount(self.term, minlength=len(self.term_dtype.categories))

    def stop_counts(self, fold_possessives: bool) -> tuple[np.ndarray, np.ndarray] | None:
        """Per term counted (:meth:`counted`): its stop-word tokens and all its tokens; None
        if a folded term joins stop words and others (then only tokens can tell)."""
        stop_n = self.term_counts * self.is_stop
        all_n = self.term_counts
        if fold_possessives and self._folded is not None:
            new_codes = self._folded[2]
            size = len(self._folded[1].categories)
            stop_n = np.bincount(new_codes, weights=stop_n, minlength=size).astype(np.int64)
            all_n = np.bincount(new_codes, weights=all_n, minlength=size).astype(np.int64)
            if ((stop_n > 0) & (stop_n < all_n)).any():
                return None
        return stop_n, all_n

    def grouping(self, corpus: Any, by: Any, freq: str | None, date: str) -> Grouping:
        """:class:`kit.terms.grouping.Grouping` of the tokens, worked out once per phrase."""
        groups = Grouping(self.phrases, corpus, by, freq, date)
        groups.repeat_rows(self.phrase_tokens)
        return groups


def term_codes(
    phrases: pd.DataFrame,
    *,
    stage_directions: pd.DataFrame | None = None,
    stopwords: Iterable[str] | pd.DataFrame | None = None,
) -> TermCodes:
    """Each token's phrase and term, as :func:`kit.tokenize` would find them.

    Parameters
    ----------
    phrases, stage_directions, stopwords
        As for :func:`kit.tokenize`.

    Returns
    -------
    TermCodes
        One term code per token (the rows of ``tokenize``'s table, in its order), the terms,
        their stop-word flags, tokens per phrase, and one row per phrase of the columns the
        tokens carry.
    """
    scan = scan_phrases(phrases, stage_directions, "term_codes()")
    per_phrase = phrase_columns(phrases, scan.doc_codes, scan.doc_categories)
    terms = scan.term_values if len(scan.term_values) else np.zeros(0, dtype=object)
    term_dtype = pd.CategoricalDtype(pd.Index(list(terms)))
    piece_term = small_codes(scan.token_to_term[scan.piece_to_token], len(terms))
    pieces = scan.piece_codes
    term = np.empty(len(pieces), dtype=piece_term.dtype)

    def look_up(lo: int) -> None:
        np.take(piece_term, pieces[lo : lo + _STEP], out=term[lo : lo + _STEP])

    map_in_threads(look_up, range(0, len(pieces), _STEP))
    phrase_tokens = scan.counts
    if len(scan.dropped):  # tokens inside stage directions
        term = np.delete(term, scan.dropped)
        first = np.cumsum(scan.counts) - scan.counts
        phrase_tokens = scan.counts - np.bincount(
            np.searchsorted(first, scan.dropped, side="right") - 1, minlength=len(first)
        )
    del scan
    table = pd.DataFrame(per_phrase, index=pd.RangeIndex(len(phrases)), copy=False)
    return TermCodes(table, phrase_tokens, term, term_dtype, stop_flags(terms, stopwords))


def lean_codes(
    data: Any, by: str | Sequence[str] | None, freq: str | None, date: str, term: str
) -> TermCodes | None:
    """``data.term_codes`` when counting ``term`` by ``by`` can use them: ``data`` is a Corpus
    whose tokens table is not built, ``term`` is ``"term"``, and no group column is one of
    the token's own (``position``, ``token``, ...). None otherwise: count the tokens table."""
    from kit.corpus import Corpus

    if not isinstance(data, Corpus) or term != s.TERM or "tokens" in data.__dict__:
        return None
    columns = [] if by is None else [by] if isinstance(by, str) else list(by)
    if freq is not None:
        columns.append(date)
    if TOKEN_ONLY.intersection(columns):
        return None
    return data.term_codes
