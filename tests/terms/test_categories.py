"""Dictionaries: categories of words counted per group, read from YAML, CSV and .dic files."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import schema as s
from kit.errors import KitError
from kit.terms.categories import count_categories, read_dictionary, sentiment_lexicon
from kit.terms.count import term_usage
from kit.terms.index import TermIndex
from kit.terms.periods import PERIOD, DocumentPeriods

DOCS = {
    "d1": [("A", "Jobs and wages. Good jobs, higher wages and a minimum wage."),
           ("B", "Troops and the army. The economy's jobs.")],
    "d2": [("A", "Tax cuts. Army bases."), ("B", "A terrible, awful plan.")],
}
DATES = {"d1": "1995-06-01", "d2": "2004-01-01"}
CATEGORIES = {"economy": ["jobs", "wage*", "economy", "tax cuts", "job*"],
              "defence": ["troops", "army"]}


@pytest.fixture(scope="module")
def corpus(make_corpus):
    return make_corpus(DOCS, dates=DATES)[0]


def test_count_categories_by_speaker_by_hand(corpus):
    got = count_categories(corpus, CATEGORIES, by=s.SPEAKER)
    table = got.set_index([s.SPEAKER, "category"])["n"]
    # A: jobs, wages, jobs, wages, wage (d1) + "tax cuts" (d2): 6; "jobs" and "job*" once each
    assert table[("A", "economy")] == 6
    assert table[("A", "defence")] == 1  # army
    # B: economy's (possessive folded), jobs: 2; troops, army: 2
    assert table[("B", "economy")] == 2 and table[("B", "defence")] == 2
    assert list(got["category"].cat.categories) == ["economy", "defence"]
    n_words = got.set_index(s.SPEAKER)[s.N_WORDS].groupby(level=0).first()
    assert n_words.to_dict() == {"A": 15, "B": 11}
    assert {"per_1k", "per_1k_low", "per_1k_high"} <= set(got.columns)


def test_categories_over_time_in_term_usage(corpus):
    got = term_usage(corpus, CATEGORIES, by=None, freq="10YS")
    assert got[s.DATE].tolist() == [pd.Timestamp("1990-01-01")] * 2 + \
        [pd.Timestamp("2000-01-01")] * 2
    assert got[s.TERM].tolist() == ["economy", "defence"] * 2
    assert got["n"].tolist() == [7, 2, 1, 1]


@pytest.mark.parametrize("name, text", [
    ("d.yaml", "economy: [jobs, 'wage*', economy, tax cuts, 'job*']\ndefence: [troops, army]\n"),
    ("d.csv", "category,term\neconomy,jobs\neconomy,wage*\neconomy,economy\n"
              "economy,tax cuts\neconomy,job*\ndefence,troops\ndefence,army\n"),
    ("d.dic", "%\n1\teconomy\n2\tdefence\n%\njobs\t1\nwage*\t1\neconomy\t1\n"
              "tax cuts\t1\njob*\t1\ntroops\t2\narmy\t2\n"),
])
def test_dictionary_files_read_to_the_same_categories(tmp_path, corpus, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert read_dictionary(path) == CATEGORIES
    pd.testing.assert_frame_equal(count_categories(corpus, path),
                                  count_categories(corpus, CATEGORIES))


@pytest.mark.parametrize("name, text, message", [
    ("d.csv", "word,category\n", r"d\.csv, line 1: .*header 'category,term'"),
    ("d.csv", "category,term\neconomy\n", r"d\.csv, line 2: expected 'category,term'"),
    ("d.dic", "%\n1 economy\n%\njobs 3\n", r"d\.dic, line 4: expected a word and category"),
    ("d.dic", "jobs 1\n", r"d\.dic: a \.dic file lists its categories"),
    ("d.yaml", "economy: jobs\n", r"d\.yaml: a YAML dictionary maps"),
    ("d.txt", "economy: jobs\n", r"d\.txt: a dictionary is a \.yaml"),
])
def test_bad_dictionary_files_name_the_file_and_line(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KitError, match=message):
        read_dictionary(path)


def test_the_bundled_sentiment_lexicon(corpus):
    lexicon = sentiment_lexicon()
    assert list(lexicon) == ["negative", "positive"]
    assert "terrible" in lexicon["negative"] and "good" in lexicon["positive"]
    table = count_categories(corpus, lexicon, by=s.SPEAKER).set_index([s.SPEAKER, "category"])
    assert table.loc[("B", "negative"), "n"] == 2  # terrible, awful


def test_empty_categories_are_refused(corpus):
    with pytest.raises(KitError, match="has no words"):
        count_categories(corpus, {"economy": []})


# --- categories read from a TermIndex equal the non-indexed count ----------------------------


def assert_index_equals_count(corpus, dictionary, *, speakers=None, doc_ids=None, freq="YS"):
    """TermIndex.term_usage of a dictionary, by speaker and by period, against
    count_categories / term_usage of the same tokens."""
    tokens = corpus.tokens
    if speakers is not None:
        tokens = tokens[tokens[s.SPEAKER].isin(speakers)]
    if doc_ids is not None:
        tokens = tokens[tokens[s.DOC_ID].isin(doc_ids)]
    index = TermIndex(corpus)
    got = index.term_usage(dictionary, speakers=speakers, doc_ids=doc_ids)
    expected = count_categories(tokens, dictionary, by=s.SPEAKER, column=s.TERM)
    # The index reports groups with words only; count_categories every group with words.
    pd.testing.assert_frame_equal(got, expected[expected[s.N_WORDS] > 0].reset_index(drop=True))
    periods = DocumentPeriods(corpus).groups(freq)
    over_time = index.term_usage(dictionary, by=periods, speakers=speakers, doc_ids=doc_ids)
    by_date = term_usage(tokens.assign(**{s.DATE: corpus.documents.set_index(s.DOC_ID)[s.DATE]
                                          .reindex(tokens[s.DOC_ID].astype(str)).to_numpy()}),
                         dictionary, by=None, freq=freq)
    by_date = by_date[by_date[s.N_WORDS] > 0]
    assert over_time[PERIOD].tolist() == by_date[s.DATE].tolist()
    for column in (s.TERM, "n", s.N_WORDS):
        assert over_time[column].astype(str).tolist() == by_date[column].astype(str).tolist()
    return got


def test_index_counts_categories_as_count_categories(corpus):
    got = assert_index_equals_count(corpus, CATEGORIES, freq="10YS")
    assert got.set_index([s.SPEAKER, s.TERM])["n"].astype(int).to_dict() == {
        ("A", "economy"): 6, ("A", "defence"): 1, ("B", "economy"): 2, ("B", "defence"): 2}
    assert_index_equals_count(corpus, CATEGORIES, speakers=["B"], doc_ids=["d1"])
    assert_index_equals_count(corpus, sentiment_lexicon())


def test_index_counts_the_sentiment_lexicon_on_the_sample_corpus(real_corpus):
    got = assert_index_equals_count(real_corpus, sentiment_lexicon())
    assert got.groupby(s.TERM, observed=True)["n"].sum().min() > 0
    speakers = list(real_corpus.tokens[s.SPEAKER].value_counts().index[:3].astype(str))
    assert_index_equals_count(real_corpus, sentiment_lexicon(), speakers=speakers, freq="MS")
