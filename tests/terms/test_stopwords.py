"""stopwords(): the Snowball English list as a table, replaceable and extendable."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import schema as s
from kit.errors import KitError
from kit.terms.stopwords import stopwords
from kit.terms.tokens import tokenize


def test_default_list_is_the_snowball_english_list():
    table = stopwords()
    assert list(table.columns) == [s.TERM]
    terms = table[s.TERM].tolist()
    assert len(terms) == 174 == len(set(terms))
    assert terms[:4] == ["i", "me", "my", "myself"]
    assert terms[-1] == "very"
    for word in ("the", "and", "don't", "it's", "we're", "against"):
        assert word in terms
    # Left out on purpose by Snowball: US = United States; modal homonyms; content words.
    for word in ("us", "will", "can", "may", "state", "said", "new"):
        assert word not in terms


def test_extra_words_are_normalised_and_appended_once():
    terms = stopwords(extra=["Thank", "We’re", "the", "  "])[s.TERM].tolist()
    assert len(terms) == 175
    assert terms[-1] == "thank"
    assert terms.count("we're") == 1 and terms.count("the") == 1


def test_replace_swaps_the_list_and_extra_still_adds():
    table = stopwords(replace=["Uh", "um"], extra=pd.DataFrame({s.TERM: ["ah"]}))
    assert table[s.TERM].tolist() == ["uh", "um", "ah"]


def test_a_single_string_or_a_frame_without_term_is_refused():
    with pytest.raises(KitError, match=r"single string 'thank'.*extra=\['thank'\]"):
        stopwords(extra="thank")
    with pytest.raises(KitError, match="without a 'term' column"):
        stopwords(replace=pd.DataFrame({"word": ["a"]}))
    with pytest.raises(KitError, match="must hold strings"):
        stopwords(extra=[1])


def test_the_table_joins_on_tokens_and_drives_is_stopword():
    phrases = pd.DataFrame({s.DOC_ID: ["d"], s.TURN_ID: [0], s.PHRASE_ID: [0],
                            s.TEXT: ["Thank you, we’re ready."]})
    sw = stopwords(extra=["thank"])
    tokens = tokenize(phrases, stopwords=sw)
    assert tokens[s.IS_STOPWORD].tolist() == [True, True, True, False]
    kept = tokens[~tokens[s.TERM].isin(sw[s.TERM])]
    assert kept[s.TERM].astype(str).tolist() == ["ready"]
