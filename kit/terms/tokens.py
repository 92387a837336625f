"""Split phrases into a tokens table: one row per token, stage directions left out.

The input is the phrases table (one row per phrase); :func:`tokenize` builds the tokens
table (one row per token) from the scan of :mod:`kit.terms.phrase_scan`, and
:func:`tokenize_text` splits one string by the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit._memory import release_memory
from kit.read.decoding import replace_surrogates
from kit.read.words import ASCII_TOKEN_PATTERN, TOKEN_PATTERN
from kit.terms.code_counts import bincount
from kit.terms.phrase_scan import STAGE_DIRECTION_PATTERN as STAGE_DIRECTION_PATTERN
from kit.terms.phrase_scan import Scan as Scan
from kit.terms.phrase_scan import scan_phrases as scan_phrases
from kit.terms.phrase_scan import token_starts

__all__ = ["tokenize", "tokenize_text", "STAGE_DIRECTION_PATTERN"]

# Columns of phrases that describe the phrase as a whole and are not carried to tokens
# (start_char/end_char are replaced by the token's own offsets).
_PHRASE_ONLY = {s.TEXT, s.N_WORDS, s.START_CHAR, s.END_CHAR}
TOKEN_COLUMNS = [
    s.DOC_ID, s.TURN_ID, s.PHRASE_ID, s.TOKEN_ID, s.SPEAKER, s.TERM, s.TOKEN, s.IS_STOPWORD,
    s.POSITION, s.START_CHAR, s.END_CHAR,
]


def _small_int(values: np.ndarray) -> np.ndarray:
    """Return integer keys as int32 when they fit (half the memory of int64)."""
    if values.dtype.kind in "iu" and (len(values) == 0 or (
            values.min() >= np.iinfo(np.int32).min and values.max() <= np.iinfo(np.int32).max)):
        return values.astype(np.int32, copy=False)
    return values


def _categorical(codes: np.ndarray, categories: Iterable, ordered: bool = False) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(categories)), ordered=ordered)


def _stopword_set(stopwords: Iterable[str] | pd.DataFrame | None) -> set[str]:
    from kit.terms.stopwords import as_terms
    from kit.terms.stopwords import stopwords as default_stopwords

    if stopwords is None:
        return set(default_stopwords()[s.TERM])
    return set(as_terms(stopwords, "stopwords="))


def stop_flags(term_values: np.ndarray,
               stopwords: Iterable[str] | pd.DataFrame | None) -> np.ndarray:
    """One bool per term of ``term_values``: whether it is a stop word (``stopwords`` as for
    :func:`tokenize`)."""
    stop = _stopword_set(stopwords)
    return np.fromiter((t in stop for t in term_values), dtype=bool, count=len(term_values))


def tokenize(phrases: pd.DataFrame, *, stopwords: Iterable[str] | pd.DataFrame | None = None,
             stage_directions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Split phrases into tokens, one row per token, leaving stage directions out.

    A token is a word with its inner apostrophes and hyphens (``Russia's``, ``don't``,
    ``well-being``), a number with its decimal point or thousands separators (``2.5``,
    ``1,000``), or an abbreviation of single letters with dots (``U.S.``, ``p.m.``). Curly and
    straight apostrophes give the same term. Stage directions such as ``(Laughter.)``,
    ``[applause]`` or ``(inaudible)`` stay in the phrase text but give no tokens.

    Parameters
    ----------
    phrases
        One row per phrase, with ``text`` and the keys ``doc_id``, ``turn_id``, ``phrase_id``;
        ``speaker`` and ``start_char`` (the phrase's offset in its document) are used when
        present. Any other column (besides ``n_words`` and ``end_char``) is carried to every
        token of the phrase. Not modified.
    stopwords
        Terms flagged in ``is_stopword``: ``None`` for :func:`kit.stopwords`, or a list of
        words, or a DataFrame with a ``term`` column.
    stage_directions
        The corpus's stage-direction table (``doc_id``, ``start_char``, ``end_char`` as document
        offsets); tokens inside those spans are dropped. If ``None``, stage directions are found
        in the phrase text with :data:`STAGE_DIRECTION_PATTERN` (short bracketed notes).

    Returns
    -------
    DataFrame
        One row per token, in phrase order then text order, with a RangeIndex:

        - ``doc_id`` (categorical), ``turn_id``, ``phrase_id`` (int32 when they fit),
          ``token_id`` (int32, 0-based within the phrase);
        - ``speaker`` (as in ``phrases``);
        - ``term`` (categorical: lower-cased, ``’`` made ``'``), ``token`` (categorical: as
          written), ``is_stopword`` (bool);
        - ``position`` (int32, 0-based token index within the document);
        - ``start_char``, ``end_char`` (int64 offsets of the token in the document, so
          ``document_text[start_char:end_char] == token``);
        - then the phrases' other columns.

    Notes
    -----
    The text is scanned by one polars regular expression (token and the gap after it); the
    token and term of each distinct piece are worked out once, so the cost is one pass over the
    text plus array arithmetic, not Python work per token.
    """
    sc = scan_phrases(phrases, stage_directions, "tokenize()")
    piece_codes = sc.piece_codes
    phrase_idx = np.repeat(np.arange(sc.n_phrases, dtype=sc.idx_type), sc.counts)
    start = token_starts(sc.piece_len[piece_codes], sc.counts, sc.text_len, sc.phrase_start,
                         phrase_idx)
    if len(sc.dropped):
        keep = np.ones(len(piece_codes), dtype=bool)
        keep[sc.dropped] = False
        piece_codes, phrase_idx, start = piece_codes[keep], phrase_idx[keep], start[keep]
        del keep
    idx_type, off_type, n_phrases = sc.idx_type, sc.off_type, sc.n_phrases
    doc_codes_p, doc_categories = sc.doc_codes, sc.doc_categories
    tok_values, term_values = sc.tok_values, sc.term_values
    uniq_token_len, piece_to_token, token_to_term = \
        sc.uniq_token_len, sc.piece_to_token, sc.token_to_term
    small = sc.small
    term_is_stop = stop_flags(term_values, stopwords)
    del sc
    n = len(piece_codes)
    end = start + uniq_token_len.astype(off_type)[piece_codes]

    # 5. token_id within the phrase, position within the document.
    kept_counts = bincount(phrase_idx, minlength=n_phrases)
    kept_first = (np.cumsum(kept_counts) - kept_counts).astype(idx_type)
    token_id = np.arange(n, dtype=idx_type)
    token_id -= kept_first[phrase_idx]  # in place: no temporary
    doc_counts = np.bincount(doc_codes_p, weights=kept_counts, minlength=len(doc_categories))
    doc_counts = doc_counts.astype(np.int64)
    doc_first = np.cumsum(doc_counts) - doc_counts
    if np.all(np.diff(doc_codes_p) >= 0):  # the phrases of a document are contiguous: usual case
        # position = index in the table - index of the document's first token
        position = np.arange(n, dtype=idx_type)
        position -= doc_first.astype(idx_type)[doc_codes_p][phrase_idx]
    else:
        tok_doc = doc_codes_p[phrase_idx]
        order = np.argsort(tok_doc, kind="stable")
        position = np.empty(n, dtype=idx_type)
        position[order] = np.arange(n, dtype=idx_type) - doc_first[tok_doc[order]]

    # 6. Assemble: keys, categorical term/token, then the phrases' other columns. Each
    # per-token temporary goes as soon as its column is made, the phrase-level columns first
    # so that phrase_idx goes before the term codes are made (peak memory, bench_pipeline.py).
    if not len(term_values):
        term_values = np.zeros(0, dtype=object)
        tok_values = np.zeros(0, dtype=object)
    offset_type = np.int32 if small or n == 0 or end.max() < 2**31 - 1 else np.int64
    per_phrase = phrase_columns(phrases, doc_codes_p, doc_categories)
    columns: dict[str, object] = {c: _take(v, phrase_idx) for c, v in per_phrase.items()
                                  if c in TOKEN_COLUMNS}
    extra = {c: _take(v, phrase_idx) for c, v in per_phrase.items() if c not in TOKEN_COLUMNS}
    del per_phrase
    del phrase_idx
    columns[s.TOKEN_ID] = token_id
    del token_id
    # codes in the type the categorical keeps (no copy of 4 bytes a token inside pandas)
    token_codes = piece_to_token.astype(_code_type(len(tok_values)))[piece_codes]
    del piece_codes
    term_codes = token_to_term.astype(_code_type(len(term_values)))[token_codes]
    columns[s.TERM] = _categorical(term_codes, term_values)
    columns[s.TOKEN] = _categorical(token_codes, tok_values)
    del token_codes
    columns[s.IS_STOPWORD] = term_is_stop[term_codes]
    del term_codes
    columns[s.POSITION] = position
    columns[s.START_CHAR] = start.astype(offset_type, copy=False)
    columns[s.END_CHAR] = end.astype(offset_type, copy=False)
    del start, end, position
    named = [c for c in TOKEN_COLUMNS if c in columns]
    frame = _frame({**{c: columns.pop(c) for c in named}, **extra}, n)
    # The per-token temporaries were tens of MB each: glibc keeps their pages otherwise, and
    # the next step (a count) starts ~100 MB higher (bench_pipeline.py).
    release_memory()
    return frame


def _code_type(n_categories: int) -> type:
    """The integer type pandas keeps for the codes of ``n_categories`` categories."""
    for dtype in (np.int8, np.int16, np.int32):
        if n_categories < np.iinfo(dtype).max:
            return dtype
    return np.int64


def phrase_columns(phrases: pd.DataFrame, doc_codes: np.ndarray,
                   doc_categories: pd.Index) -> dict[str, Any]:
    """The columns every token of a phrase carries, one value per phrase, in the types of the
    tokens table: ``doc_id`` (categorical), ``turn_id``, ``phrase_id`` (int32 when they fit),
    ``speaker`` and the phrases' other columns (not ``text``, ``n_words``, the offsets).

    ``doc_codes`` and ``doc_categories`` are :class:`Scan`'s. Values are Categoricals, numpy
    arrays or pandas arrays, which :func:`tokenize` repeats for each token.
    """
    columns: dict[str, Any] = {}
    if isinstance(phrases[s.DOC_ID].dtype, pd.CategoricalDtype):
        columns[s.DOC_ID] = phrases[s.DOC_ID].array
    else:
        columns[s.DOC_ID] = _categorical(doc_codes.astype(np.int32), doc_categories)
    for key in (s.TURN_ID, s.PHRASE_ID):
        values = phrases[key].to_numpy()
        columns[key] = _small_int(values) if values.dtype.kind in "iu" else phrases[key].array
    carried = [s.SPEAKER] if s.SPEAKER in phrases.columns else []
    carried += [column for column in phrases.columns
                if column not in TOKEN_COLUMNS and column not in _PHRASE_ONLY]
    for column in carried:
        col = phrases[column]
        numeric = col.dtype.kind in "iufb" and not col.hasnans
        columns[column] = col.to_numpy() if numeric else col.array
    return columns


def _take(values: Any, rows: np.ndarray) -> Any:
    """Repeat a phrase-level column for each token (categoricals by their codes: fast)."""
    if isinstance(values, pd.Categorical):
        return pd.Categorical.from_codes(values.codes[rows], dtype=values.dtype)
    if isinstance(values, np.ndarray):
        return values[rows]
    return values.take(rows)


def _frame(columns: dict[str, object], n: int) -> pd.DataFrame:
    """Build a DataFrame column by column, without copying same-dtype columns into one block."""
    if not columns:
        return pd.DataFrame(index=pd.RangeIndex(n))
    # copy=False keeps one block per column: no stacking copy of the int32 columns.
    return pd.DataFrame(columns, index=pd.RangeIndex(n), copy=False)


def tokenize_text(text: str) -> list[str]:
    """Return the tokens of one string as written, by the same rule as :func:`tokenize`.

    Stage directions are not removed here: this is the splitting rule alone, used to turn a
    query such as ``"nuclear power plant"`` into the terms it must match. Lone surrogates
    (pasted halves of an emoji) are U+FFFD here, as the reader makes them in transcripts.
    """
    if text and not text.isascii():
        text = replace_surrogates(text)[0]
    return list(_split(text)) if text else []


_ASCII_TOKEN = re.compile(ASCII_TOKEN_PATTERN, re.ASCII)


@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[str, ...]:
    # A query is mostly ASCII: Python's re then splits it as polars would, without importing
    # polars (0.3 s and 20 MB in a dashboard kernel that reads its tokens from the cache).
    if text.isascii():
        return tuple(_ASCII_TOKEN.findall(text))
    import polars as pl

    return tuple(pl.Series([text]).str.extract_all(TOKEN_PATTERN).explode().drop_nulls())
