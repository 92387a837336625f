"""Each token's phrase and term code: what counting a Corpus needs, without the tokens table.

The tokens table holds eleven columns, 34 bytes a token (514 MB for a 100 MB corpus); counts
by speaker, document, role or period need only each token's phrase (its groups are the
phrase's) and term. :func:`term_codes` keeps those two, 5 to 6 bytes a token, from the same
scan as :func:`kit.tokenize` (:func:`kit.terms.tokens.scan_phrases`), and
:func:`kit.count_terms` and :func:`kit.term_usage` use it for a Corpus whose tokens table is
not built (``Corpus.term_codes``, cached). ``benchmarks/bench_pipeline.py`` measures both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.read.threads import map_in_threads
from kit.terms.grouping import Grouping, small_codes
from kit.terms.tokens import TOKEN_COLUMNS, phrase_columns, scan_phrases, stop_flags

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
    phrase
        Per token, its row in ``phrases`` (int32 unless there are 2**31 tokens).
    term
        Per token, its code in ``term_dtype`` (the smallest integer type that holds them).
    term_dtype
        The categorical type of the tokens table's ``term`` column (terms in code-point
        order).
    is_stop
        Per term, whether it is a stop word (the tokens' ``is_stopword``).
    phrase_tokens
        Per phrase, its number of tokens.
    """

    def __init__(
        self,
        phrases: pd.DataFrame,
        phrase: np.ndarray,
        term: np.ndarray,
        term_dtype: pd.CategoricalDtype,
        is_stop: np.ndarray,
    ) -> None:
        self.phrases = phrases
        self.phrase = phrase
        self.term = term
        self.term_dtype = term_dtype
        self.is_stop = is_stop
        self.phrase_tokens = np.bincount(phrase, minlength=len(phrases))

    def __len__(self) -> int:
        return len(self.term)

    @property
    def nbytes(self) -> int:
        """Memory of the per-token arrays and the per-phrase table, in bytes."""
        return int(
            self.phrase.nbytes + self.term.nbytes + self.phrases.memory_usage(deep=True).sum()
        )

    def grouping(self, corpus: Any, by: Any, freq: str | None, date: str) -> Grouping:
        """:class:`kit.terms.grouping.Grouping` of the tokens, worked out once per phrase."""
        groups = Grouping(self.phrases, corpus, by, freq, date)
        groups.take_rows(self.phrase, self.phrase_tokens)
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
        One phrase row and term code per token (the rows of ``tokenize``'s table, in its
        order), the terms, their stop-word flags, and one row per phrase of the columns the
        tokens carry.
    """
    scan = scan_phrases(phrases, stage_directions, "term_codes()")
    terms = scan.term_values if len(scan.term_values) else np.zeros(0, dtype=object)
    term_dtype = pd.CategoricalDtype(pd.Index(list(terms)))
    piece_term = small_codes(scan.token_to_term[scan.piece_to_token], len(terms))
    pieces = scan.piece_codes

    def look_up(lo: int) -> np.ndarray:
        return piece_term[pieces[lo : lo + _STEP]]

    parts = map_in_threads(look_up, range(0, len(pieces), _STEP))
    term = np.concatenate(parts) if parts else np.zeros(0, dtype=piece_term.dtype)
    del parts
    per_phrase = phrase_columns(phrases, scan.doc_codes, scan.doc_categories)
    table = pd.DataFrame(per_phrase, index=pd.RangeIndex(scan.n_phrases), copy=False)
    return TermCodes(table, scan.phrase_idx, term, term_dtype, stop_flags(terms, stopwords))


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
