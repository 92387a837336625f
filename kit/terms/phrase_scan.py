"""Scan phrases for tokens: the one regex pass that :func:`kit.tokenize` and
:func:`kit.terms.term_codes.term_codes` start from.

The input is the phrases table (one row per phrase) and, optionally, the corpus's stage
directions; :class:`Scan` holds one value per token (in phrase, then text order, those inside
stage directions included and listed apart), per phrase, or per distinct piece (a token and
the gap after it), and the vocabularies they index. :func:`token_starts` works out the
tokens' offsets from it, for as few phrases as a caller needs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.read.stage import STAGE_DIRECTION as _READER_STAGE
from kit.read.threads import map_in_threads
from kit.read.words import PIECE_PATTERN, TOKEN_PATTERN, normalize_term

if TYPE_CHECKING:
    import polars as pl

__all__ = ["STAGE_DIRECTION_PATTERN", "Scan", "scan_phrases", "token_starts"]

# Fallback when no stage_directions table is given: the reader's own pattern (kit.read.stage), so
# tokens leave out what corpus.stage_directions lists, plus any one-word parenthesised note
# ending in a full stop, such as (Smiles.) or (Pause.).
STAGE_DIRECTION_PATTERN = re.compile(
    rf"{_READER_STAGE.pattern}|\((?:[A-Z][a-z]+)\.\)", _READER_STAGE.flags
)

_KEYS = [s.DOC_ID, s.TURN_ID, s.PHRASE_ID]


def _stage_spans(phrases: pd.DataFrame, texts: pl.Series, doc_codes: np.ndarray,
                 starts: np.ndarray, stage_directions: pd.DataFrame | None,
                 doc_categories: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Stage-direction spans as sorted (key_start, key_end), key = doc_code * 2**40 + offset."""
    if stage_directions is not None:
        missing = {s.DOC_ID, s.START_CHAR, s.END_CHAR} - set(stage_directions.columns)
        if missing:
            raise KitError(
                f"stage_directions= lacks the columns {sorted(missing)}; pass the Corpus's "
                "stage_directions table (doc_id, start_char, end_char as document offsets)."
            )
        sd = stage_directions.dropna(subset=[s.START_CHAR, s.END_CHAR])
        sd_doc = doc_categories.get_indexer(pd.Index(sd[s.DOC_ID].astype(object)))
        keep = sd_doc >= 0
        d = sd_doc[keep].astype(np.int64)
        a = sd[s.START_CHAR].to_numpy(dtype=np.int64)[keep]
        b = sd[s.END_CHAR].to_numpy(dtype=np.int64)[keep]
    else:
        # Few phrases hold a bracket: find them with a vectorised test, then match only those.
        has = texts.str.contains(r"[(\[]").fill_null(False).to_numpy()
        rows = np.flatnonzero(has)
        d_list, a_list, b_list = [], [], []
        for row, text in zip(rows, texts.gather(rows).to_list(), strict=True):
            for m in STAGE_DIRECTION_PATTERN.finditer(text):
                d_list.append(doc_codes[row])
                a_list.append(starts[row] + m.start())
                b_list.append(starts[row] + m.end())
        d = np.asarray(d_list, dtype=np.int64)
        a = np.asarray(a_list, dtype=np.int64)
        b = np.asarray(b_list, dtype=np.int64)
    key_a = (d << 40) + a
    key_b = (d << 40) + b
    order = np.argsort(key_a, kind="stable")
    return key_a[order], key_b[order]


def _sorted_unique(values: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """Distinct strings in code-point order, and each value's index among them."""
    distinct = values.unique().sort()
    inverse = distinct.search_sorted(values).to_numpy().astype(np.int64)
    return np.asarray(distinct.to_list(), dtype=object), inverse


def _polars_text(column: pd.Series) -> pl.Series:
    import polars as pl

    if column.dtype == object:
        values = column.where(column.notna(), "").astype(str)
        return pl.Series(s.TEXT, values.tolist(), dtype=pl.String)
    import pyarrow as pa

    # Through Arrow, not pl.from_pandas: that makes a Python string per phrase first (a
    # million objects, more memory than the text itself; bench_pipeline.py).
    return pl.Series(s.TEXT, pa.chunked_array(pa.array(column.array))).fill_null("") \
        .cast(pl.String)


_CHUNK_CHARS = 8_000_000


def _pieces(texts: pl.Series, cats: pl.Categories) -> tuple[np.ndarray, np.ndarray, list]:
    """Pieces per text, and each piece's code in ``cats``, a few MB of text at a time.

    Chunks run in threads (polars lets go of the GIL, and its categories are shared safely
    between threads), and only one chunk's piece strings exist at a time. The third value
    keeps the categorical columns alive: they own the mapping of ``cats``.
    """
    import polars as pl

    lengths = texts.str.len_bytes().fill_null(0).to_numpy().astype(np.int64)
    bounds = np.searchsorted(np.cumsum(lengths), np.arange(
        _CHUNK_CHARS, lengths.sum() + _CHUNK_CHARS, _CHUNK_CHARS), side="right")
    edges = sorted({0, len(texts), *(int(b) for b in bounds if 0 < b < len(texts))})

    def work(span: tuple[int, int]) -> tuple[np.ndarray, pl.Series]:
        lists = texts.slice(span[0], span[1] - span[0]).str.extract_all(PIECE_PATTERN)
        counts = lists.list.len().fill_null(0).to_numpy().astype(np.int64)
        return counts, lists.explode().drop_nulls().cast(pl.Categorical(cats))

    spans = list(zip(edges[:-1], edges[1:], strict=True)) or [(0, 0)]
    done = map_in_threads(work, spans)
    counts = np.concatenate([d[0] for d in done])
    codes = np.concatenate([d[1].to_physical().to_numpy() for d in done])
    return counts, codes, [d[1] for d in done]


class Scan(NamedTuple):
    """What :func:`scan_phrases` finds: every token, in phrase order, as its piece (those
    inside stage directions included, their rows in ``dropped``), values per phrase and per
    distinct piece, and the vocabularies they index."""

    piece_codes: np.ndarray  # the token's distinct piece (token and the gap after it)
    dropped: np.ndarray  # sorted rows of the tokens inside stage directions
    counts: np.ndarray  # per phrase: its tokens, dropped ones included
    text_len: np.ndarray  # per phrase: the length of its text
    phrase_start: np.ndarray  # per phrase: its offset in its document
    piece_len: np.ndarray  # per piece: its length, in the offsets' type
    uniq_token_len: np.ndarray  # per piece: the length of its token
    tok_values: np.ndarray  # tokens as written, sorted
    piece_to_token: np.ndarray  # per piece: its token's index in tok_values
    term_values: np.ndarray  # terms, sorted
    token_to_term: np.ndarray  # per token as written: its term's index in term_values
    doc_codes: np.ndarray  # per phrase: the document's code in doc_categories
    doc_categories: pd.Index
    n_phrases: int
    idx_type: type[np.signedinteger[Any]]  # int32 unless 2**31 tokens or phrases
    off_type: type[np.signedinteger[Any]]  # int32 unless offsets pass 2**31
    small: bool  # every offset fits in int32


def scan_phrases(phrases: pd.DataFrame, stage_directions: pd.DataFrame | None,
                 caller: str) -> Scan:
    """The first steps of :func:`kit.tokenize` (and of :func:`kit.terms.term_codes.term_codes`):
    one regex pass over the phrases, the vocabularies, and the tokens inside stage directions.

    ``phrases`` and ``stage_directions`` as for :func:`kit.tokenize`; ``caller`` names the
    function in error messages. Returns one value per token, in phrase then text order,
    with the rows to drop (stage directions) apart: offsets are worked out for those
    phrases only, so a caller that needs no offsets pays for none.
    """
    if not isinstance(phrases, pd.DataFrame):
        raise KitError(
            f"{caller} takes the phrases DataFrame, got {type(phrases).__name__}; "
            "for a Corpus use corpus.tokens."
        )
    missing = [c for c in [*_KEYS, s.TEXT] if c not in phrases.columns]
    if missing:
        raise KitError(
            f"{caller} needs the phrase columns {missing}; it got {list(phrases.columns)}. "
            "Pass corpus.phrases, or build the table with kit.from_pandas()."
        )
    import polars as pl

    n_phrases = len(phrases)
    texts = _polars_text(phrases[s.TEXT])

    # 1. One regex pass: every token with the gap that follows it, as codes of distinct pieces.
    cats = pl.Categories.random()
    counts, piece_codes, kept = _pieces(texts, cats)
    n_pieces = len(piece_codes)

    # 2. Distinct pieces -> token as written, its term, lengths (small: the vocabulary).
    uniq = cats.to_series() if n_pieces else pl.Series([], dtype=pl.String)
    del kept
    uniq_token = uniq.str.extract(f"^({TOKEN_PATTERN})", 1)
    uniq_piece_len = uniq.str.len_chars().to_numpy().astype(np.int64)
    uniq_token_len = uniq_token.str.len_chars().to_numpy().astype(np.int64)
    tok_values, piece_to_token = _sorted_unique(uniq_token)
    term_values, token_to_term = _sorted_unique(
        pl.Series([normalize_term(t) for t in tok_values], dtype=pl.String))

    # 3. Offsets are the callers' (token_starts), as few as each needs.
    idx_type = np.int32 if n_pieces < 2**31 - 1 and n_phrases < 2**31 - 1 else np.int64
    text_len = texts.str.len_chars().fill_null(0).to_numpy().astype(np.int64)
    if s.START_CHAR in phrases.columns:
        phrase_start = phrases[s.START_CHAR].fillna(0).to_numpy(dtype=np.int64)
    else:
        phrase_start = np.zeros(n_phrases, dtype=np.int64)
    # Offsets are worked out in int32 when every one fits (all but corpora of 2 GB of text):
    # half the memory of each per-token temporary.
    small = n_phrases == 0 or (text_len.sum() < 2**31 - 1
                               and (phrase_start + text_len).max() < 2**31 - 1)
    off_type = np.int32 if small else np.int64
    piece_len = uniq_piece_len.astype(off_type)

    # 4. Documents, and stage directions by offset (checked only in phrases that hold one).
    doc_codes_p, doc_categories = pd.factorize(phrases[s.DOC_ID], sort=False)
    doc_categories = pd.Index(doc_categories)
    doc_codes_p = doc_codes_p.astype(np.int64)
    span_a, span_b = _stage_spans(phrases, texts, doc_codes_p, phrase_start, stage_directions,
                                  doc_categories)
    del texts  # polars' copy of all phrase texts: not needed from here on
    dropped = np.zeros(0, dtype=np.int64)
    if len(span_a) and n_pieces:
        # Phrases a span touches: those whose [start, start + len) overlaps it.
        phrase_key = (doc_codes_p << 40) + phrase_start
        order = np.argsort(phrase_key, kind="stable")
        lo = np.searchsorted(phrase_key[order], span_a, side="right") - 1
        hi = np.searchsorted(phrase_key[order], span_b, side="left")
        lo = np.maximum(lo, 0)
        touched = np.unique(order[_ranges(lo, np.maximum(hi - lo, 1))])
        touched = touched[counts[touched] > 0]
        # their tokens' rows, and those tokens' offsets
        local = np.repeat(np.arange(len(touched)), counts[touched])
        rows = _ranges((np.cumsum(counts) - counts)[touched], counts[touched])
        start = token_starts(piece_len[piece_codes[rows]], counts[touched],
                             text_len[touched], phrase_start[touched], local)
        key = (doc_codes_p[touched][local] << 40) + start
        j = np.searchsorted(span_a, key, side="right") - 1
        inside = (j >= 0) & (key < span_b[np.maximum(j, 0)])
        dropped = rows[inside]
    return Scan(piece_codes=piece_codes, dropped=dropped,
                counts=counts, text_len=text_len, phrase_start=phrase_start,
                piece_len=piece_len, uniq_token_len=uniq_token_len, tok_values=tok_values,
                piece_to_token=piece_to_token, term_values=term_values,
                token_to_term=token_to_term, doc_codes=doc_codes_p,
                doc_categories=doc_categories, n_phrases=n_phrases, idx_type=idx_type,
                off_type=off_type, small=small)


def _ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The integers of ``[start, start + size)`` for each pair, end to end (int64)."""
    starts = np.asarray(starts, dtype=np.int64)
    sizes = np.asarray(sizes, dtype=np.int64)
    base = np.cumsum(sizes) - sizes
    return np.arange(int(sizes.sum()), dtype=np.int64) + np.repeat(starts - base, sizes)


def token_starts(piece_len: np.ndarray, counts: np.ndarray, text_len: np.ndarray,
                 phrase_start: np.ndarray, phrase_idx: np.ndarray) -> np.ndarray:
    """Each token's offset in its document, for all the tokens of some phrases, in order.

    Pieces (a token and the gap after it) tile each text from its first token on, so a
    token's offset is the phrase's offset of its first token plus the lengths of the earlier
    pieces of the phrase. ``piece_len`` is per token (the length of its piece, in the type of
    the offsets); ``counts``, ``text_len``, ``phrase_start`` per phrase; ``phrase_idx`` per
    token, the index of its phrase in those.
    """
    first = np.cumsum(counts) - counts
    csum = np.zeros(len(piece_len) + 1, dtype=piece_len.dtype)
    np.cumsum(piece_len, out=csum[1:])
    phrase_before = csum[first].astype(np.int64)
    phrase_total = csum[first + counts] - phrase_before
    leading = text_len - phrase_total
    # start = chars of all earlier pieces (of every phrase) + the phrase's own shift, in place
    start = csum[:-1]
    start += (phrase_start + leading - phrase_before).astype(piece_len.dtype)[phrase_idx]
    return start

