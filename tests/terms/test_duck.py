"""The DuckDB engine over a Parquet dataset gives what the in-memory functions give."""

from __future__ import annotations

import pandas as pd
import pytest

import kit
from kit import schema as s
from kit.errors import KitError
from kit.read.dataset import write_dataset
from kit.terms.duck import DuckDataset


def values(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as values: the engine's categoricals hold the categories that occur."""
    return frame.assign(
        **{
            c: frame[c].astype(object)
            for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype)
        }
    )


def assert_same(memory: pd.DataFrame, duck: pd.DataFrame) -> None:
    assert len(memory) > 0
    pd.testing.assert_frame_equal(values(memory), values(duck))


@pytest.fixture(scope="module")
def hand(two_briefings, tmp_path_factory):
    corpus, _ = two_briefings
    folder = write_dataset(corpus, tmp_path_factory.mktemp("hand"), tokens=True)
    return corpus, DuckDataset(folder, memory_limit="256MB", threads=1)


@pytest.fixture(scope="module")
def real(real_corpus, tmp_path_factory):
    folder = write_dataset(real_corpus, tmp_path_factory.mktemp("real"), tokens=True)
    return real_corpus, DuckDataset(folder, memory_limit="256MB")


@pytest.mark.parametrize("by", ["speaker", "doc_id", "role", "title", ["speaker", "role"], None])
def test_counts_equal_in_memory_counts(hand, by):
    corpus, duck = hand
    assert_same(kit.count_terms(corpus, by=by), duck.count_terms(by=by))


@pytest.mark.parametrize(
    "by, freq, drop",
    [("speaker", "Y", True), ("speaker", "M", False), ("doc_id", None, False), (None, "D", True)],
)
def test_counts_on_the_sample_corpus(real, by, freq, drop):
    corpus, duck = real
    assert_same(
        kit.count_terms(corpus, by=by, freq=freq, drop_stopwords=drop),
        duck.count_terms(by=by, freq=freq, drop_stopwords=drop),
    )


def test_the_groups_keep_their_categories(real):
    corpus, duck = real
    counts = duck.count_terms(by="speaker")
    assert counts[s.SPEAKER].dtype == corpus.turns[s.SPEAKER].dtype


@pytest.mark.parametrize(
    "by, freq", [("speaker", None), ("speaker", "M"), (None, "Y"), ("role", None)]
)
def test_term_usage_with_phrases_and_zeros(real, by, freq):
    corpus, duck = real
    terms = ["sanctions", "nuclear power plant", "Russia’s", "zanzibar", "ukraine", "sanction*"]
    assert_same(
        kit.term_usage(corpus, terms, by=by, freq=freq), duck.term_usage(terms, by=by, freq=freq)
    )


def test_term_usage_on_hand_made_phrases(hand):
    corpus, duck = hand
    terms = ["nuclear power plant", "send troops", "trade"]
    assert_same(kit.term_usage(corpus, terms, by="doc_id"), duck.term_usage(terms, by="doc_id"))


@pytest.mark.parametrize(
    "query, options",
    [
        ("ceasefire", {}),
        (["nuclear power", "sanctions"], {"speakers": ["Ned Price", "Jen Psaki"]}),
        (r"sanction\w*", {"regex": True}),
        ("Russia", {"case": True, "whole_word": False}),
        ("ukraine", {"window": 20}),
    ],
)
def test_kwic_finds_the_same_hits_in_context(real, query, options):
    corpus, duck = real
    assert_same(kit.kwic(corpus, query, **options), duck.kwic(query, **options))


def test_kwic_in_some_documents_and_with_no_hit(real):
    corpus, duck = real
    some = list(corpus.documents[s.DOC_ID][:5])
    assert_same(kit.kwic(corpus, "ukraine", doc_ids=some), duck.kwic("ukraine", doc_ids=some))
    assert duck.kwic("zanzibar").empty


@pytest.mark.parametrize(
    "options",
    [
        {"by": "speaker"},
        {"by": "role", "target": "official"},
        {"by": "speaker", "min_count": 2, "prior": 0.01},
    ],
)
def test_keyness_equals_in_memory_keyness(real, options):
    corpus, duck = real
    assert_same(kit.keyness(corpus, **options), duck.keyness(**options))


def test_a_dataset_without_tokens_says_how_to_add_them(two_briefings, tmp_path):
    folder = write_dataset(two_briefings[0], tmp_path / "ds")
    with pytest.raises(KitError, match="--tokens"):
        DuckDataset(folder)


def test_an_unknown_group_names_the_known_ones(hand):
    with pytest.raises(KitError, match="Group by one of"):
        hand[1].count_terms(by="colour")
