"""Word forms through the one matcher: possessives, wildcards, lemmas, KWIC order, intervals.

Every count below is worked out by hand on the small corpus :data:`DOCS`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit import schema as s
from kit.errors import KitError
from kit.terms.count import count_terms, rate_interval, term_usage
from kit.terms.forms import fold_possessive, glob_pattern, lemmatize
from kit.terms.kwic import TermIndex, dispersion, kwic, matched_forms

DOCS = {
    "d1": [("A", "Iran's leaders met Iran. Sanctions on Iran worked."),
           ("B", "It's the sanction regime. Sanctioned banks and sanctioning states.")],
    "d2": [("A", "An evidence-based colour and a color. Nuclear weapons and nuclear weaponry."),
           ("B", "The women and the woman. Iran’s oil.")],
}
DATES = {"d1": "2022-01-10", "d2": "2022-02-10"}


@pytest.fixture(scope="module")
def corpus(make_corpus):
    return make_corpus(DOCS, dates=DATES)[0]


@pytest.mark.parametrize("term_in, term_out", [
    ("iran's", "iran"), ("u.s.'s", "u.s."), ("it's", "it's"), ("let's", "let's"),
    ("'s", "'s"), ("iran", "iran"),
])
def test_fold_possessive(term_in, term_out):
    assert fold_possessive(term_in) == term_out


@pytest.mark.parametrize("glob, pattern", [
    ("sanction*", "sanction.*"), ("*-based", r".*\-based"), ("colo?r", "colo.?r"),
    ("u.s.*", r"u\.s\..*"),
])
def test_glob_pattern(glob, pattern):
    assert glob_pattern(glob) == pattern


@pytest.mark.parametrize("query, options, n, forms", [
    # Iran's (twice, one curly) + Iran (twice)
    ("Iran", {}, 4, {"iran": 2, "iran's": 2}),
    ("Iran", {"fold_possessives": False}, 2, {"iran": 2}),
    ("Iran's", {}, 2, {"iran's": 2}),
    ("it", {}, 0, {}),  # a contraction is not a possessive
    ("sanction*", {}, 4, {"sanctions": 1, "sanction": 1, "sanctioned": 1, "sanctioning": 1}),
    ("*-based", {}, 1, {"evidence-based": 1}),
    ("colo?r", {}, 2, {"colour": 1, "color": 1}),
    ("wom?n", {}, 2, {"women": 1, "woman": 1}),
    ("sanction", {"lemma": True}, 4,
     {"sanctions": 1, "sanction": 1, "sanctioned": 1, "sanctioning": 1}),
    ("woman", {"lemma": True}, 2, {"women": 1, "woman": 1}),
])
def test_one_matcher_gives_kwic_counts_index_and_forms_alike(corpus, query, options, n, forms):
    hits = kwic(corpus, query, **options)
    assert len(hits) == n
    assert term_usage(corpus, [query], by=None, **options)["n"].sum() == n
    assert len(dispersion(corpus, query, **options)) == n
    index = TermIndex(corpus)
    assert len(index.kwic(query, **options)) == n
    assert index.term_usage([query], **options)["n"].sum() == n
    found = matched_forms(corpus, query, **options)
    assert dict(zip(found["form"], found["n"], strict=True)) == forms


def test_a_hit_keeps_its_written_form(corpus):
    assert sorted(kwic(corpus, "iran")["hit"]) == ["Iran", "Iran", "Iran's", "Iran’s"]


def test_quoted_phrase_with_a_wildcard(corpus):
    hits = kwic(corpus, "nuclear weapon*")
    assert hits["hit"].tolist() == ["Nuclear weapons", "nuclear weaponry"]
    found = matched_forms(corpus, "nuclear weapon*")
    assert found[["word", "form", "n"]].values.tolist() == [
        [0, "nuclear", 2], [1, "weaponry", 1], [1, "weapons", 1]]
    assert term_usage(corpus, ['nuclear weapon*'], by=None)["term"].tolist() == [
        "nuclear weapon*"]


def test_count_terms_folds_possessives_unless_asked_not_to(corpus):
    counts = count_terms(corpus, by=None, drop_stopwords=False)
    row = counts.set_index(s.TERM)["n"]
    assert row["iran"] == 4 and "iran's" not in row.index and row["it's"] == 1
    apart = count_terms(corpus, by=None, drop_stopwords=False, fold_possessives=False)
    row = apart.set_index(s.TERM)["n"]
    assert row["iran"] == 2 and row["iran's"] == 2
    assert counts["n"].sum() == apart["n"].sum() == len(corpus.tokens)


def test_lemma_and_case_or_regex_are_refused(corpus):
    with pytest.raises(KitError, match="cannot be combined"):
        kwic(corpus, "sanction", lemma=True, case=True)


def test_lemmas_fall_back_on_stems_for_a_language_simplemma_lacks():
    assert list(lemmatize(["running", "runs"], "en")) == ["run", "run"]
    # Basque: Snowball only (etxeak: the houses -> etxe)
    assert list(lemmatize(["etxeak", "ETXEAK"], "eu")) == ["etxe", "etxe"]
    with pytest.raises(KitError, match="No lemmatizer or stemmer"):
        lemmatize(["x"], "xx")


@pytest.mark.parametrize("sort, hits", [
    # left1: Iran's (turn start: none, sorts last), met Iran, on Iran, woman. Iran’s
    ("left1", ["Iran", "Iran", "Iran’s", "Iran's"]),
    # right1: Iran's leaders, Iran. Sanctions, Iran worked, Iran’s oil
    ("right1", ["Iran's", "Iran’s", "Iran", "Iran"]),
])
def test_kwic_sorted_by_the_word_beside_the_hit(corpus, sort, hits):
    got = kwic(corpus, "Iran", sort=sort)
    assert got["hit"].tolist() == hits


def test_kwic_sort_keys_by_hand(corpus):
    got = kwic(corpus, "Iran", sort="left1")
    index = TermIndex(corpus)
    first, last = index.hits("Iran")
    # Context words come from the hit's turn, across its phrases, never from the next turn.
    assert list(index.context_terms(first, last, "left1")) == [None, "met", "on", "woman"]
    assert list(index.context_terms(first, last, "left3")) == [None, "iran's", "iran", "and"]
    assert list(index.context_terms(first, last, "right1")) == ["leaders", "sanctions",
                                                                 "worked", "oil"]
    assert list(index.context_terms(first, last, "right2")) == ["met", "on", None, None]
    assert got["position"].tolist()[:2] == [3, 6]  # "met Iran", "on Iran"
    by_date = kwic(corpus, ["oil", "Iran"], sort=["date", "speaker"])
    assert by_date[s.DOC_ID].tolist() == ["d1", "d1", "d1", "d2", "d2"]
    with pytest.raises(KitError, match="not a KWIC order"):
        kwic(corpus, "Iran", sort="left4")


def test_kwic_takes_the_turns_table(corpus):
    hits = kwic(corpus.turns, "Iran")
    assert hits["hit"].tolist() == kwic(corpus, "Iran")["hit"].tolist()
    with pytest.raises(KitError, match="turns table"):
        kwic(corpus.tokens, "Iran")


def test_rate_interval_is_the_wilson_score_interval():
    low, high = rate_interval(np.array([0, 1, 10, 0]), np.array([1000, 60, 1000, 0]))
    # By hand, z = 1.96: 1 in 60 -> centre 0.045751, half-width 0.042803 (per word)
    assert low == pytest.approx([0, 2.948, 5.441, 0], abs=1e-3)
    assert high == pytest.approx([3.827, 88.55, 18.31, 0], abs=1e-2)


def test_counts_carry_the_interval_of_their_rate(corpus):
    usage = term_usage(corpus, ["iran"], by=s.SPEAKER)
    assert (usage["per_1k_low"] <= usage["per_1k"]).all()
    assert (usage["per_1k"] <= usage["per_1k_high"]).all()
    assert "per_1k_low" not in term_usage(corpus, ["iran"], ci=None).columns
    with pytest.raises(KitError, match="confidence level"):
        count_terms(corpus, ci=95)




def test_term_usage_by_week(corpus):
    got = term_usage(corpus, ["iran"], by=None, freq="W")
    assert got[s.DATE].tolist() == [pd.Timestamp("2022-01-09"), pd.Timestamp("2022-02-06")]
    assert got["n"].tolist() == [3, 1]


def test_kwic_by_speaker_is_by_name_then_date(make_corpus):
    # "Zed" speaks first (first in the speaker categories) but sorts after "Ann" by name.
    corpus = make_corpus({"d1": [("Zed", "Iran first."), ("Ann", "Iran second.")],
                          "d2": [("Zed", "Iran third."), ("Ann", "Iran fourth.")]},
                         dates={"d1": "2022-03-02", "d2": "2022-03-01"})[0]
    got = kwic(corpus, "Iran", sort="speaker")
    assert got[s.SPEAKER].astype(str).tolist() == ["Ann", "Ann", "Zed", "Zed"]
    assert got[s.DOC_ID].astype(str).tolist() == ["d2", "d1", "d2", "d1"]  # by date
