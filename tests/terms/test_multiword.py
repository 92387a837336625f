"""Merged phrases: each match of a multi-word phrase becomes one token row."""

from __future__ import annotations

import pandas as pd
import pytest
from hand_tokens import make_tokens

from kit.errors import KitError
from kit.terms.multiword import merge_phrases
from kit.terms.ngrams import ngrams


@pytest.fixture
def tokens() -> pd.DataFrame:
    return make_tokens()


def test_merge_phrase_makes_one_row_per_match(tokens):
    merged = merge_phrases(tokens, "nuclear power plant")
    assert len(merged) == len(tokens) - 2 * 2
    hits = merged[merged["term"] == "nuclear power plant"]
    assert len(hits) == 2
    assert hits["token"].tolist() == ["Nuclear power plant", "nuclear power plant"]
    first = hits.iloc[0]
    assert (first["start_char"], first["end_char"]) == (0, len("Nuclear power plant"))
    assert not hits["is_stopword"].any()
    # "power" alone is left once (Bob's), the merged words are gone.
    assert (merged["term"] == "power").sum() == 1
    assert "nuclear power plant" in merged["term"].cat.categories
    assert isinstance(merged.index, pd.RangeIndex)
    assert list(merged.columns) == list(tokens.columns)


def test_longer_phrase_wins_and_lists_of_terms_work(tokens):
    merged = merge_phrases(tokens, ["power plant", ["nuclear", "power", "plant"]])
    assert (merged["term"] == "nuclear power plant").sum() == 2
    assert (merged["term"] == "power plant").sum() == 0


def test_self_overlapping_phrase_is_taken_left_to_right():
    tok = make_tokens([("d", 0, 0, "A", "very very very good")])
    merged = merge_phrases(tok, "very very")
    assert merged["term"].astype(str).tolist() == ["very very", "very", "good"]


def test_phrase_with_curly_apostrophe_matches():
    tok = make_tokens([("d", 0, 0, "A", "Russia's war of choice")])
    merged = merge_phrases(tok, "Russia\u2019s war")
    assert merged["term"].astype(str).tolist() == ["russia's war", "of", "choice"]


def test_unknown_phrase_leaves_tokens_unchanged(tokens):
    pd.testing.assert_frame_equal(merge_phrases(tokens, "cold fusion"), tokens)
    with pytest.raises(KitError, match="at least one phrase"):
        merge_phrases(tokens, [""])


def test_counts_agree_with_term_usage_on_the_example(example):
    """An n-gram or merged phrase is counted as often as kit.term_usage counts the phrase."""
    from kit.terms.count import count_terms, term_usage

    tokens = example.tokens
    for phrase in ["secretary general", "nato allies", "defensive alliance"]:
        expected = int(term_usage(tokens, [phrase], by=None)["n"].sum())
        assert expected > 0, phrase
        bigrams = ngrams(tokens, n=2)
        assert int((bigrams["term"] == phrase).sum()) == expected
        merged = merge_phrases(tokens, phrase)
        counted = count_terms(merged, by=None)
        assert int(counted.loc[counted["term"] == phrase, "n"].sum()) == expected
        assert len(merged) == len(tokens) - expected  # each match folds two rows into one
