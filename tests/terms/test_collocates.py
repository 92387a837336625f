"""Collocates within ±N words of a query, worked out by hand, and their KWIC lines."""

from __future__ import annotations

import math

import pytest

from kit import schema as s
from kit.errors import KitError
from kit.terms.collocates import collocates
from kit.terms.kwic import kwic

# A: peace(0) and(1) freedom(2) and(3) peace(4) freedom(5) reigns(6); B: peace(7) talks(8)
DOCS = {"d1": [("A", "Peace and freedom and peace. Freedom reigns."), ("B", "Peace talks.")]}


@pytest.fixture(scope="module")
def corpus(make_corpus):
    return make_corpus(DOCS, dates={"d1": "2022-03-04"})[0]


def test_collocates_by_hand(corpus):
    got = collocates(corpus, "freedom", span=2, min_count=1).set_index(s.TERM)
    # Windows: freedom(2) -> peace, and, and, peace; freedom(5) -> and, peace, reigns (not
    # B's peace: another turn). 7 window words; "and" is a stop word.
    assert list(got.index) == ["peace", "reigns"] or list(got.index) == ["reigns", "peace"]
    peace = got.loc["peace"]
    assert (peace["n"], peace["n_lines"], peace["n_term"], peace["n_query"]) == (3, 2, 3, 2)
    assert peace["expected"] == pytest.approx(7 * 3 / 9)
    assert peace["mi"] == pytest.approx(math.log2(3 / (7 * 3 / 9)))
    assert peace["log_dice"] == pytest.approx(14 + math.log2(2 * 3 / (2 + 3)))
    cells = [(3, 7 * 3 / 9), (4, 7 * 6 / 9), (2, 2 * 6 / 9)]  # the empty cell adds 0
    assert peace["ll"] == pytest.approx(2 * sum(o * math.log(o / e) for o, e in cells))
    reigns = got.loc["reigns"]
    assert (reigns["n"], reigns["n_lines"], reigns["n_term"]) == (1, 1, 1)
    assert "and" not in got.index
    assert collocates(corpus, "freedom", span=2, min_count=1,
                      drop_stopwords=False).set_index(s.TERM).loc["and", "n"] == 3


def test_collocates_link_back_to_their_kwic_lines(corpus):
    got = collocates(corpus, "freedom", span=2, min_count=1)
    for term, lines in zip(got[s.TERM], got["n_lines"], strict=True):
        assert len(kwic(corpus, "freedom", near=term, span=2)) == lines
    assert len(kwic(corpus, "freedom", near="peace", span=1)) == 1


def test_collocates_per_speaker_and_period(corpus):
    by_speaker = collocates(corpus, "peace", span=1, by=s.SPEAKER, min_count=1)
    pairs = zip(by_speaker[s.SPEAKER].astype(str), by_speaker[s.TERM], strict=True)
    assert set(pairs) == {
        ("A", "freedom"), ("B", "talks")}
    by_year = collocates(corpus, "peace", span=1, freq="Y", min_count=1)
    assert by_year[s.DATE].nunique() == 1 and len(by_year) == 2


def test_collocates_refuse_an_empty_span(corpus):
    with pytest.raises(KitError, match="span=0"):
        collocates(corpus, "freedom", span=0)
