"""The per-batch part of the tables: phrases and word counts of a batch's turns.

:func:`kit.read.read.read_transcripts` runs :func:`split_turns` on batches of rows as they
come back from the reader processes (:func:`kit.read.build.prepare_all`), while they go on
parsing; only the steps across documents (speakers, roles, concatenation;
:func:`kit.read.build.build`) wait for the last batch. Polars runs here, in the parent
process only: the reader processes are forked from it and never use polars (its thread pool
does not survive a fork).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from kit.read.phrases import split_phrases
from kit.read.threads import map_in_threads
from kit.read.words import CJK_CHARACTERS, TOKEN_PATTERN

__all__ = ["PHRASE_CHUNK_CHARS", "Split", "concat_splits", "split_turns", "word_counts"]

# What a word is for the n_words columns: a token, by the tokenizer's own rule, so every rate
# per 1,000 words divides by the same total whichever table it starts from.
WORD = TOKEN_PATTERN

PHRASE_CHUNK_CHARS = 2_000_000  # polars' working memory is several times a chunk's text


# Chars that join word characters into one token (TOKEN_PATTERN's second branch).
_JOIN = "\\-\u2010\u2011'\u2019"
# A text where "words = spaces + 1" may fail: empty, whitespace at an end or other than one
# space, a chunk between spaces without a word character, or a word character after a
# non-word one that does not join it to the word before (``(a``, ``a/b``, ``-a``, ``U.S``), or
# a Chinese or Japanese character (a token each, without spaces).
# Elsewhere every chunk is ``\w+`` joined by ``-``/``'`` or ``.``/``,`` + digit, then
# non-word characters: one token, by either branch of TOKEN_PATTERN.
_NOT_SIMPLE = (r"^$|^\s|\s$|[^\S ]|  |(?:^|\s)[^\w\s]+(?:\s|$)"
               rf"|[^\w\s{_JOIN}.,]\w|(?:^|\W)[{_JOIN}.,]\w|[.,][^\W\d]|[{CJK_CHARACTERS}]")


def word_counts(texts: pl.Series) -> np.ndarray:
    """The number of words of each text (one row per text; null counts 0)."""
    # Matching every token costs ~30 ns a match, counting spaces (a literal byte) ~6 ns: most
    # texts are simple (words = spaces + 1, ~94% of ParlaMint phrases), and only the others
    # are tokenised (phrase word counts 80 -> 49 ms on 15 MB; tests/read/test_splitting.py).
    simple = ~texts.str.contains(_NOT_SIMPLE).fill_null(True).to_numpy()
    counts = texts.str.count_matches(" ", literal=False).fill_null(0).to_numpy() \
        .astype(np.int64) + 1
    rows = np.flatnonzero(~simple)
    if len(rows):
        # polars' regex kernel is ~8x faster than pandas' str.count here (PERF-NOTES)
        counts[rows] = texts.gather(rows).str.count_matches(WORD).fill_null(0).to_numpy()
    return counts


@dataclass
class Split:
    """Of some turns: word counts (one per turn), phrases (one row per phrase, ``turn`` its
    turn's position), the phrases' texts and their word counts (one per phrase)."""

    turn_words: np.ndarray
    found: pl.DataFrame
    texts: pa.ChunkedArray
    phrase_words: np.ndarray


def _split_chunk(chunk: pl.Series) -> tuple[np.ndarray, pl.DataFrame, pa.Array, np.ndarray]:
    """Turn word counts, phrases, phrase texts and phrase word counts of some turns."""
    found = split_phrases(chunk)
    texts = pl.DataFrame({
        "text": chunk.gather(found["turn"]), "start": found["start"],
        "n": found["end"] - found["start"]}).select(
        pl.col("text").str.slice(pl.col("start"), pl.col("n")))["text"]
    words = word_counts(texts)
    # Phrases cover every character of a turn but the whitespace between them, and no
    # word holds whitespace: a turn's words are its phrases' (one regex pass, not two).
    turn_words = np.bincount(found["turn"].to_numpy(), weights=words,
                             minlength=len(chunk)).astype(np.int64)
    return turn_words, found, texts.to_arrow(), words.astype(np.int32)  # as phrases keep it


def _empty() -> Split:
    empty = np.zeros(0, np.int64)
    return Split(empty, split_phrases([]), pa.chunked_array([], pa.large_string()), empty)


def concat_splits(splits: list[Split]) -> Split:
    """One :class:`Split` of the turns of ``splits``, in order (``turn`` made global)."""
    splits = [x for x in splits if len(x.turn_words)] or [_empty()]
    if len(splits) == 1:
        return splits[0]
    offsets = np.cumsum([0] + [len(x.turn_words) for x in splits[:-1]])
    return Split(np.concatenate([x.turn_words for x in splits]),
                 pl.concat([x.found.with_columns(pl.col("turn") + int(a))
                            for x, a in zip(splits, offsets, strict=True)]),
                 pa.chunked_array([c for x in splits for c in x.texts.chunks],
                                  type=pa.large_string()),
                 np.concatenate([x.phrase_words for x in splits]))


def split_turns(turn_texts: pa.Array | pa.ChunkedArray, *, threads: bool = True) -> Split:
    """Count words and split phrases, a few MB of turns at a time, on all cores.

    Each chunk goes to polars on its own, so neither polars' copy of all turn
    texts nor of all phrase texts exists at once (peak memory, bench_read.py).
    Chunks run in threads: polars lets go of the GIL while it works, and threads
    (unlike forked processes) are safe with polars' own thread pool.

    ``threads=False`` (when reader processes already keep every core busy) runs one chunk
    at a time, each as big as the chunks the threads would hold at once: polars costs ~4 ms
    a call whatever its size, and threads add their own, with no core to gain.
    """
    lengths = pc.utf8_length(turn_texts).to_numpy(zero_copy_only=False) if len(turn_texts) \
        else np.zeros(0, np.int64)
    # chunks of equal size, about PHRASE_CHUNK_CHARS each: a small remainder would cost a
    # polars call (~5 ms) and a thread of its own for little text
    total = int(lengths.sum())
    cores = os.cpu_count() or 1
    n = max(1, round(total / (PHRASE_CHUNK_CHARS * (1 if threads else cores))))
    bounds = np.searchsorted(np.cumsum(lengths), np.arange(1, n) * (total / n), side="right")
    spans, lo = [], 0
    for hi in [*np.unique(bounds), len(lengths)]:
        hi = int(min(hi, len(lengths)))
        if hi > lo:
            spans.append((lo, hi))
            lo = hi
    if not spans:
        return _empty()

    def work(span: tuple[int, int]) -> Split:
        a, b = span
        return Split(*_split_chunk(pl.Series("text", turn_texts.slice(a, b - a),
                                             dtype=pl.String)))

    done = map_in_threads(work, spans) if threads else [work(span) for span in spans]
    for split in done:
        split.texts = pa.chunked_array([split.texts], type=pa.large_string())
    return concat_splits(done)
