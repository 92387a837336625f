"""The one matcher: reading what a user typed, query terms, vocabulary masks, phrase runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit.errors import KitError
from kit.terms.count import term_usage
from kit.terms.query import (
    Vocabulary,
    format_query,
    label_as_typed,
    match_rows,
    query_terms,
    split_query,
    vocabulary_masks,
    words_mask,
)


@pytest.mark.parametrize(
    "text, regex, queries",
    [
        ("", False, []),
        ("nuclear", False, ["nuclear"]),
        ('nuclear "power plant", Russia', False, ["nuclear", "power plant", "Russia"]),
        ("war; peace,war", False, ["war", "peace"]),
        ("“health   care” jobs", False, ["health care", "jobs"]),
        # a quote left open: the words up to the next comma, not each word
        ('"health care', False, ["health care"]),
        ('war "health care, jobs', False, ["war", "health care", "jobs"]),
        ('“health care; jobs "', False, ["health care", "jobs"]),
        ('"', False, []),
        (r"nuclear\s+\w+, x", True, [r"nuclear\s+\w+, x"]),
    ],
)
def test_split_query(text, regex, queries):
    assert split_query(text, regex=regex) == queries


def test_format_query_round_trips():
    queries = ["war", "health care", "a,b"]
    assert split_query(format_query(queries))[:2] == ["war", "health care"]


def test_query_terms_split_and_normalise_as_tokens_are():
    assert query_terms("Russia’s  NUCLEAR power") == ("russia's", "nuclear", "power")
    assert query_terms("U.S.") == ("u.s.",)
    with pytest.raises(KitError, match="holds no word"):
        query_terms("?!")
    with pytest.raises(KitError, match="must be a string"):
        query_terms(3)


VOCAB = pd.Index(["nuclear", "power", "plant", "powerful", "russia's"])


def test_vocabulary_masks_literal_partial_regex_and_case():
    literal = vocabulary_masks("Nuclear power", VOCAB)
    assert [m.nonzero()[0].tolist() for m in literal] == [[0], [1]]
    partial = vocabulary_masks("power", VOCAB, whole_word=False)
    assert partial[0].nonzero()[0].tolist() == [1, 3]
    pattern = vocabulary_masks(r"pow\w+", VOCAB, regex=True)
    assert pattern[0].nonzero()[0].tolist() == [1, 3]
    cased = vocabulary_masks("Power", pd.Index(["Power", "power"]), case=True)
    assert cased[0].tolist() == [True, False]
    with pytest.raises(KitError, match="not a valid regular expression.*regex=False"):
        vocabulary_masks("(", VOCAB, regex=True)
    with pytest.raises(KitError, match="regular expression is empty"):
        vocabulary_masks("  ", VOCAB, regex=True)


def test_match_rows_needs_consecutive_tokens_of_one_phrase():
    # tokens: nuclear power plant | nuclear . power (phrase break) | power nuclear
    codes = np.array([0, 1, 2, 0, 1, 1, 0])
    position = np.array([0, 1, 2, 3, 4, 5, 6])
    phrase_key = np.array([0, 0, 0, 1, 2, 2, 2])
    masks = vocabulary_masks("nuclear power", VOCAB)
    assert match_rows(masks, codes, position, phrase_key).tolist() == [0]
    single = vocabulary_masks("power", VOCAB)
    assert match_rows(single, codes, position, phrase_key).tolist() == [1, 4, 5]
    # a missing code never matches, even where the last vocabulary entry would
    assert match_rows([np.array([False, True])], np.array([-1, 1]), position[:2],
                      phrase_key[:2]).tolist() == [1]
    assert match_rows(masks, codes, position, phrase_key,
                      candidates=np.array([3, 6])).tolist() == []


def test_patterns_run_in_linear_time_and_bad_ones_are_kit_errors():
    # Python's backtracking re takes hours on this; the Rust engine answers at once.
    vocab = pd.Index(["a" * 40, "war", "warrior"])
    assert not vocabulary_masks("(.+.+)+!", vocab, regex=True)[0].any()
    assert vocabulary_masks("war.*", vocab, regex=True)[0].tolist() == [False, True, True]
    assert vocabulary_masks("WAR", vocab, regex=True, case=True)[0].sum() == 0
    assert vocabulary_masks("rr", vocab, regex=True, whole_word=False)[0].tolist() == \
        [False, False, True]
    with pytest.raises(KitError, match=r"not a valid regular expression \(.*decimal"):
        vocabulary_masks("a{99999999999}", vocab, regex=True)
    with pytest.raises(KitError, match="look-around.*regex=False"):
        vocabulary_masks("(?<=a)b", vocab, regex=True)


def test_queries_are_capped_and_must_be_text():
    vocab = pd.Index(["war"])
    with pytest.raises(KitError, match="1,000,000 characters long; the longest .* 1,000"):
        vocabulary_masks("war " * 250_000, vocab)
    with pytest.raises(KitError, match="1,000,000 characters long"):
        split_query("x" * 1_000_000)
    with pytest.raises(KitError, match="lone surrogate"):
        query_terms("war \ud800")
    with pytest.raises(KitError, match="must be a string"):
        split_query(3)


@pytest.mark.parametrize("fold", [True, False])
def test_words_mask_equals_each_words_vocabulary_mask_or_ed(fold):
    vocabulary = Vocabulary(pd.Index(["iran", "iran's", "russia's", "u.s.", "u.s.'s", "good",
                                      "goods", "james'", "james", "it's", "its"]))
    words = ["Iran", "russia", "U.S.", "good", "James", "it's", "Russia’s", "nowhere"]
    expected = np.zeros(len(vocabulary), dtype=bool)
    for word in words:
        (mask,) = vocabulary_masks(word, vocabulary, fold_possessives=fold)
        expected |= mask
    plain_words = [query_terms(word)[0] for word in words]
    assert words_mask(plain_words, vocabulary, fold_possessives=fold).tolist() == \
        expected.tolist()
    assert expected.sum() >= 6


def test_label_as_typed_names_terms_as_typed_and_keeps_rows():
    tokens = pd.DataFrame({
        "doc_id": ["d"] * 5, "speaker": ["A", "A", "B", "B", "B"],
        "term": ["nato", "russia's", "nato", "power", "plant"],
        "position": [0, 1, 0, 1, 2], "turn_id": [0, 0, 1, 1, 1],
        "phrase_id": [0, 0, 1, 1, 1]})
    typed = ["NATO", "Russia’s", "nuclear Power", "NATO"]
    usage = term_usage(tokens, typed)
    assert list(usage.term.cat.categories) == ["nato", "russia's", "nuclear power"]
    out = label_as_typed(usage, typed)
    # The first spelling of each normalised term names it; counts and order unchanged.
    assert list(out.term.cat.categories) == ["NATO", "Russia’s", "nuclear Power"]
    assert out.term.astype(str).tolist() == [
        {"nato": "NATO", "russia's": "Russia’s", "nuclear power": "nuclear Power"}[t]
        for t in usage.term.astype(str)]
    assert out.drop(columns="term").equals(usage.drop(columns="term"))
    # A term not typed (a category, a pattern's match) keeps its name; the input is intact.
    assert list(label_as_typed(usage, ["nato"]).term.cat.categories) == [
        "nato", "russia's", "nuclear power"]
    assert list(usage.term.cat.categories) == ["nato", "russia's", "nuclear power"]
