"""Rankings of who uses a term most: small groups left out, and named."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import schema as s
from kit.errors import KitError
from kit.terms.count import term_usage
from kit.terms.rank import rank_usage


def test_a_speaker_with_a_few_words_is_left_out_and_named(make_corpus):
    long_a = " ".join(["Ukraine matters."] + ["We talk about other things."] * 120)
    corpus = make_corpus({"d1": [("A", long_a), ("B", "Ukraine, Ukraine."),
                                 ("C", "Ukraine and more words. " * 100)]})[0]
    usage = term_usage(corpus, ["ukraine"], by=s.SPEAKER)
    # B: 2 hits in 2 words tops the raw rates; A: 1 in 602; C: 100 in 400
    assert usage.sort_values("per_1k", ascending=False)[s.SPEAKER].iloc[0] == "B"
    ranked = rank_usage(usage, min_words=100)
    assert ranked[s.SPEAKER].tolist() == ["C", "A"]
    assert ranked.attrs["left_out"][s.SPEAKER].tolist() == ["B"]
    assert ranked.attrs["note"] == "1 row with fewer than 100 words left out (2 words, 2 hits)."
    assert rank_usage(usage, min_words=0)[s.SPEAKER].tolist() == ["B", "C", "A"]
    assert rank_usage(usage, min_words=0).attrs["note"] == ""
    assert rank_usage(usage, min_words=100, n=1)[s.SPEAKER].tolist() == ["C"]


def test_rank_usage_names_what_it_needs():
    with pytest.raises(KitError, match="needs the columns"):
        rank_usage(pd.DataFrame({"speaker": ["A"]}))
