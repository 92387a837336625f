"""N-grams: runs of n tokens inside one phrase, never across a boundary or a gap."""

from __future__ import annotations

import pandas as pd
import pytest
from hand_tokens import make_tokens

from kit.errors import KitError
from kit.terms.collocations import collocations
from kit.terms.multiword import merge_phrases
from kit.terms.ngrams import ngrams


@pytest.fixture
def tokens() -> pd.DataFrame:
    return make_tokens()


def test_bigrams_stay_inside_phrases(tokens):
    bi = ngrams(tokens, n=2, as_written=True)
    # 5 + 4 + 4 words -> 4 + 3 + 3 bigrams; none joins "safe" to "the" or "plant" to "power".
    assert len(bi) == 10
    assert "safe the" not in set(bi["term"]) and "plant power" not in set(bi["term"])
    assert bi["term"].tolist()[:4] == ["nuclear power", "power plant", "plant is", "is safe"]
    first = bi.iloc[0]
    assert first["token"] == "Nuclear power"
    assert (first["start_char"], first["end_char"]) == (0, len("Nuclear power"))
    assert (first["token_id"], first["position"], first["speaker"]) == (0, 0, "Ann")
    assert first["date"] == pd.Timestamp("2022-03-04")  # carried columns come along
    assert list(bi.columns) == list(tokens.columns)
    assert isinstance(bi["term"].dtype, pd.CategoricalDtype)
    assert "token" not in ngrams(tokens, n=2).columns  # as written only on request


def test_trigrams_and_unigrams(tokens):
    assert len(ngrams(tokens, n=3)) == 3 + 2 + 2
    uni = ngrams(tokens, n=1)
    assert uni["term"].astype(str).tolist() == tokens["term"].astype(str).tolist()


def test_stopword_rules(tokens):
    edges = set(ngrams(tokens, n=3, drop_stopwords="edges")["term"])
    assert "nuclear power plant" in edges
    assert "the nuclear power" not in edges and "power plant is" not in edges
    assert set(ngrams(tokens, n=3, drop_stopwords="any")["term"]) == {"nuclear power plant"}
    kept = ngrams(tokens, n=2)
    flagged = dict(zip(kept["term"], kept["is_stopword"], strict=True))
    assert flagged["to the"] and flagged["plant is"] and not flagged["nuclear power"]
    with pytest.raises(KitError, match="drop_stopwords='some' is not known"):
        ngrams(tokens, drop_stopwords="some")


def test_shuffled_input_gives_the_same_ngrams(tokens):
    shuffled = tokens.sample(frac=1, random_state=3)
    assert ngrams(shuffled)["term"].tolist() == ngrams(tokens)["term"].tolist()


def test_gap_in_token_id_breaks_ngrams(tokens):
    without_stop = tokens[~tokens["is_stopword"]]
    terms = set(ngrams(without_stop, n=2)["term"])
    assert "plant safe" not in terms  # "is" was between them
    assert "nuclear power" in terms


def test_ngrams_do_not_mutate(tokens):
    before = tokens.copy()
    ngrams(tokens, n=3)
    collocations(tokens, min_count=1)
    merge_phrases(tokens, "nuclear power plant")
    pd.testing.assert_frame_equal(tokens, before)
