"""Documents in time: period starts, the period that suits a span, each document's period."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import schema as s
from kit.errors import KitError
from kit.terms.count import term_usage
from kit.terms.kwic import TermIndex
from kit.terms.periods import DocumentPeriods, choose_freq, period_start


@pytest.mark.parametrize("dates, expected", [
    (["2022-03-04", "2022-03-05"], "D"),
    (["2022-01-01", "2022-04-30"], "D"),  # 119 days
    (["2022-01-01", "2022-05-02"], "M"),  # 121 days
    (["2019-01-01", "2023-12-31", None], "M"),
    (["1990-01-01", "2023-12-31"], "Y"),
    (["2022-03-04"], "D"),
    ([None, "not a date"], None),
    ([], None),
])
def test_choose_freq_suits_the_span_of_the_dates(dates, expected):
    assert choose_freq(pd.Series(dates, dtype=object)) == expected


@pytest.mark.parametrize("freq, expected", [
    ("D", ["2022-03-04", "2022-06-10", None]),
    ("M", ["2022-03-01", "2022-06-01", None]),
    ("Y", ["2022-01-01", "2022-01-01", None]),
    ("YE", ["2022-01-01", "2022-01-01", None]),  # period ends name the same periods
    ("10YS", ["2020-01-01", "2020-01-01", None]),  # decades from years ending in 0
    ("decade", ["2020-01-01", "2020-01-01", None]),
    ("QS", ["2022-01-01", "2022-04-01", None]),
    ("Q", ["2022-01-01", "2022-04-01", None]),
    ("2MS", ["2022-03-01", "2022-05-01", None]),  # pairs of months from January
    ("W", ["2022-02-27", "2022-06-05", None]),  # weeks from Sunday
    ("W-MON", ["2022-02-28", "2022-06-06", None]),
])
def test_period_start_is_the_first_day_of_the_period(freq, expected):
    dates = pd.Series([pd.Timestamp("2022-03-04 15:30"), pd.Timestamp("2022-06-10"), pd.NaT])
    assert period_start(dates, freq).tolist() == [
        pd.NaT if e is None else pd.Timestamp(e) for e in expected]


def test_document_periods_group_usage_as_term_usage_by_period(make_corpus):
    corpus = make_corpus({"d1": [("A", "War and peace.")], "d2": [("A", "War again.")],
                          "d3": [("B", "Peace talks.")]},
                         dates={"d1": "2022-01-05", "d2": "2022-01-20", "d3": "2022-03-01"})[0]
    periods = DocumentPeriods(corpus)
    assert periods.freq() == "D" and periods.freq(["d1", "d3"]) == "D"
    months = periods.groups("M")
    assert months.name == "period" and list(months.index) == ["d1", "d2", "d3"]
    assert list(months.cat.categories) == [pd.Timestamp("2022-01-01"),
                                           pd.Timestamp("2022-03-01")]
    assert periods.groups("M") is months  # built once per period
    got = TermIndex(corpus).term_usage(["war", "peace"], by=months)
    expected = term_usage(corpus, ["war", "peace"], by=None, freq="M")
    assert got[["n", "n_words"]].values.tolist() == expected[["n", "n_words"]].values.tolist()
    assert list(got["period"]) == list(expected[s.DATE])


def test_document_periods_without_dates_group_each_document_alone(make_corpus):
    corpus = make_corpus({"d1": [("A", "War.")], "d2": [("B", "Peace.")]})[0]
    corpus.documents[s.DATE] = pd.NaT
    periods = DocumentPeriods(corpus)
    assert periods.freq() is None
    for freq in (None, "M"):
        groups = periods.groups(freq)
        assert groups.name == s.DOC_ID and list(groups.index) == ["d1", "d2"]
    usage = TermIndex(corpus).term_usage("war", by=periods.groups(None))
    assert usage[[s.DOC_ID, "n"]].astype({s.DOC_ID: str}).values.tolist() == [
        ["d1", 1], ["d2", 0]]
    assert periods.groups("Y") is periods.documents


def test_decades_start_in_years_ending_in_zero_across_a_century():
    dates = pd.Series([pd.Timestamp(d) for d in ["1899-12-31", "1900-01-01", "1909-06-01",
                                                 "1910-01-01"]])
    assert [d.year for d in period_start(dates, "10YS")] == [1890, 1900, 1900, 1910]


@pytest.mark.parametrize("freq", ["h", "10min", "fortnight", 3, "M-"])
def test_a_period_shorter_than_a_day_or_unknown_is_refused_with_the_accepted_ones(freq):
    dates = pd.Series([pd.Timestamp("2022-03-04")])
    with pytest.raises(KitError, match="10YS"):
        period_start(dates, freq)


def test_term_usage_by_decade_adds_up_the_years_of_the_decade(make_corpus):
    corpus = make_corpus({"d1": [("A", "War and peace.")], "d2": [("A", "War again.")],
                          "d3": [("B", "Peace talks, war.")]},
                         dates={"d1": "1989-05-05", "d2": "1990-01-20", "d3": "1999-12-31"})[0]
    got = term_usage(corpus, ["war"], by=None, freq="10YS")
    assert got[s.DATE].tolist() == [pd.Timestamp("1980-01-01"), pd.Timestamp("1990-01-01")]
    assert got["n"].tolist() == [1, 2]
    assert got["n_words"].tolist() == [3, 5]


@pytest.mark.parametrize("freq, expected", [
    ("Y", ["1628-01-01", "2022-01-01", "2300-01-01", None]),
    ("10Y", ["1620-01-01", "2020-01-01", "2300-01-01", None]),
    ("M", ["1628-06-01", "2022-03-01", "2300-01-01", None]),
])
def test_period_starts_of_dates_before_1677_and_after_2262(freq, expected):
    dates = pd.Series(pd.to_datetime(["1628-06-07", "2022-03-04", "2300-01-15", None]))
    got = period_start(dates.astype(s.DATE_DTYPE), freq)
    assert got.dtype == s.DATE_DTYPE
    assert got.tolist() == [pd.NaT if e is None else pd.Timestamp(e) for e in expected]


def test_decades_start_in_the_year_ending_in_zero_before_1970_too():
    dates = pd.Series(pd.to_datetime(["1969-12-31", "1970-01-01", "1979-06-01", "0999-01-01"]))
    assert period_start(dates, "10Y").dt.year.tolist() == [1960, 1970, 1970, 990]


def test_counts_by_period_across_centuries(centuries_folder):
    import kit

    corpus = kit.read_transcripts(centuries_folder)
    assert choose_freq(corpus.documents[s.DATE]) == "Y"
    for freq, starts in (("Y", ["1628-01-01", "2022-01-01", "2300-01-01"]),
                         ("decade", ["1620-01-01", "2020-01-01", "2300-01-01"])):
        usage = term_usage(corpus, ["petition"], by=None, freq=freq)
        assert usage[s.DATE].tolist() == [pd.Timestamp(d) for d in starts]
        # "petition": twice in 1628, once in 2022, twice in 2300
        assert usage["n"].tolist() == [2, 1, 2]
        groups = DocumentPeriods(corpus).groups(freq if freq != "decade" else "10Y")
        got = TermIndex(corpus).term_usage(["petition"], by=groups)
        assert got["n"].tolist() == usage["n"].tolist()
        assert list(got["period"]) == list(usage[s.DATE])
