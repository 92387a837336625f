"""The split stage: word counts and phrases of a batch of turns, against straightforward
versions of the same rules."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kit.read.splitting
from kit.read.splitting import WORD, split_turns, word_counts

# Characters where the token and phrase rules have cases: joiners, dots, commas, digits,
# quotes, brackets, dashes, terminators, every kind of whitespace, letters of other scripts.
TRICKY = list("aZé ß1٣.,-'’‐‑\"“”()[]/–—…?!;:%\n\t") + ["\u00a0", "\u2009", "\u3000", "_"] \
    + list("会議のテレビーｶﾞ゙。「」々")
PIECES = ["U.S.", "p.m.", "2.5", "1,000", "e.g.", "Mr.", "No.", "...", "don't", "It’s",
          "well-known", "U.S.'s", "a.m.-p.m.", "x.y", " ", "  ", "\n\n", "Zürich", "Я"]
tricky_text = st.lists(st.one_of(st.sampled_from(TRICKY), st.sampled_from(PIECES)),
                       max_size=30).map("".join)


def straight_word_counts(texts: list[str | None]) -> list[int]:
    return pl.Series(texts, dtype=pl.String).str.count_matches(WORD).fill_null(0).to_list()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(tricky_text, st.none()), max_size=20))
def test_word_counts_are_the_token_counts(texts):
    assert word_counts(pl.Series(texts, dtype=pl.String)).tolist() == \
        straight_word_counts(texts)


def test_word_counts_of_plain_and_tricky_texts():
    texts = ["", " ", "One two three.", "The U.S. won 2.5 percent of 1,000.",
             "(Laughter) a/b -x x- don't well-known", "Zürich – Я  две", None, "“Quoted.”"]
    assert word_counts(pl.Series(texts, dtype=pl.String)).tolist() == [
        0, 0, 3, 7, 7, 3, 0, 1]


@settings(max_examples=200, deadline=None)
@given(st.lists(tricky_text, max_size=12))
def test_split_turns_counts_words_of_turns_and_phrases(texts):
    split = split_turns(pl.Series(texts, dtype=pl.String).to_arrow())
    assert split.turn_words.tolist() == straight_word_counts(texts)
    found = split.found
    phrase_texts = [texts[t][a:b] for t, a, b in
                    zip(found["turn"], found["start"], found["end"], strict=True)]
    assert split.texts.to_pylist() == phrase_texts
    assert np.array_equal(split.phrase_words, straight_word_counts(phrase_texts))


@pytest.mark.parametrize("threads", [True, False])
def test_split_turns_in_chunks_equals_one_chunk(monkeypatch, threads):
    texts = [" ".join([f"Turn {i}. It says {i} things! Mr. Smith agrees."] * (i % 4 + 1))
             for i in range(60)]
    arrow = pl.Series(texts, dtype=pl.String).to_arrow()
    whole = split_turns(arrow, threads=threads)
    monkeypatch.setattr(kit.read.splitting, "PHRASE_CHUNK_CHARS", 200)
    chunked = split_turns(arrow, threads=threads)
    assert chunked.found.equals(whole.found)
    assert chunked.texts.to_pylist() == whole.texts.to_pylist()
    assert chunked.turn_words.tolist() == whole.turn_words.tolist()
    assert chunked.phrase_words.tolist() == whole.phrase_words.tolist()
    assert len(whole.found) == sum(3 * (i % 4 + 1) for i in range(60))
