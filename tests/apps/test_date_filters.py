"""The date range widget, date masks and the documents a date filter keeps."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kit.apps import dates as kd


def test_date_range_bounds_mask_and_swap(corpus):
    rng = kd.DateRange(corpus.documents.date)
    assert (rng.first, rng.last) == (dt.date(2022, 3, 4), dt.date(2023, 1, 20))
    assert rng.mask(corpus.documents.date).all()
    rng.set_value("2022-12-31", "2022-06-01")  # swapped ends are put in order
    assert rng.value == (dt.date(2022, 6, 1), dt.date(2022, 12, 31))
    assert rng.mask(corpus.documents.date).tolist() == [False, True, False]
    rng.set_value(None, "2022-06-10")  # the end day is inclusive
    assert rng.mask(corpus.documents.date).tolist() == [True, True, False]
    rng.set_value("1900-01-01", None)  # kept as given (a shared link says what it says)
    assert rng.value == (dt.date(1900, 1, 1), None)
    assert rng.mask(corpus.documents.date).all()


def test_dates_typed_by_hand_change_the_value_once_whole_and_in_order(corpus):
    rng = kd.DateRange(corpus.documents.date)
    seen = []
    rng.observe(lambda change: seen.append(change["new"]), names="value")
    for year in (2, 20, 202, 2022):  # what a browser sends while a year is typed
        rng.end.value = dt.date(year, 6, 10)
    assert seen == [(None, dt.date(2022, 6, 10))]
    rng.start.value = dt.date(2022, 12, 31)  # typed after the end: the same range, in order
    assert rng.value == (dt.date(2022, 6, 10), dt.date(2022, 12, 31))
    # the boxes keep what was typed; a note beside them says what is used
    assert (rng.start.value, rng.end.value) == (dt.date(2022, 12, 31), dt.date(2022, 6, 10))
    assert "From is after To: showing 2022-06-10 to 2022-12-31" in rng.note.value
    from kit.apps.link import LinkState, parse_query_string

    link = LinkState(start=rng.value[0], end=rng.value[1]).query_string()
    assert link == "from=2022-06-10&to=2022-12-31"
    back = parse_query_string(link)
    assert (str(back.start)[:10], str(back.end)[:10]) == ("2022-06-10", "2022-12-31")
    rng.end.value = dt.date(2023, 1, 1)  # in order again: no note
    assert rng.note.value == ""


def test_date_mask_without_dates():
    dates = pd.Series([pd.NaT, pd.Timestamp("2020-01-01")])
    assert kd.date_mask(dates, None, None).tolist() == [True, True]
    assert kd.date_mask(dates, dt.date(2019, 1, 1), None).tolist() == [False, True]


@pytest.mark.parametrize("value, expected", [
    ({}, None),  # nothing filtered
    ({"start": "2022-01-01", "end": "2022-12-31"}, ["doc-a", "doc-b"]),
    ({"start": "2022-06-10"}, ["doc-b", "doc-c"]),  # inclusive, open at the end
    ({"doc_ids": ("doc-c", "doc-a")}, ["doc-a", "doc-c"]),  # in table order
    ({"doc_ids": ["doc-c", "doc-a"], "end": "2022-12-31"}, ["doc-a"]),
    ({"start": "2030-01-01"}, []),
])
def test_documents_in(corpus, value, expected):
    assert kd.documents_in(corpus.documents, **value) == expected


def test_documents_in_without_dates_filters_documents_only(corpus):
    docs = corpus.documents.drop(columns="date")
    assert kd.documents_in(docs, start="2030-01-01") == ["doc-a", "doc-b", "doc-c"]
    assert kd.documents_in(docs, doc_ids=["doc-b"], end="2000-01-01") == ["doc-b"]
