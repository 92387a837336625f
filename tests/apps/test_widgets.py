"""Filter widgets: options, search, select all/none, keyword parsing, dates, term list."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from kit.apps import widgets as kw


def test_speaker_options_label_counts_in_category_order(corpus):
    options = kw.speaker_options(corpus.turns)
    assert [key for _, key in options] == ["Price", "Questioner", "Psaki", "Blinken"]
    price = corpus.turns[corpus.turns.speaker == "Price"]
    label = dict((k, lab) for lab, k in options)["Price"]
    assert label == f"Price ({len(price)} turns, {price.n_words.sum():,} words)"
    assert dict((k, lab) for lab, k in options)["Blinken"].startswith("Blinken (1 turn, ")


def test_speaker_filter_value_search_and_all_none(corpus):
    flt = kw.SpeakerFilter(corpus.turns)
    seen = []
    flt.observe(lambda change: seen.append(change["new"]), names="value")
    assert flt.value == ()
    flt.select.value = ("Psaki", "Price")
    assert flt.value == ("Price", "Psaki")  # option order, not click order
    flt.search.value = "bli"
    # the search lists only the matches; what it hides stays chosen
    assert flt.visible_keys() == ["Blinken"]
    assert flt.value == ("Price", "Psaki")
    assert "2 selected (2 not shown)" in flt.status.value
    flt.select.value = ("Blinken",)  # a click on a result adds it, dropping nothing
    assert flt.value == ("Price", "Psaki", "Blinken")
    flt.select.value = ()  # and a click that unselects it drops only it
    assert flt.value == ("Price", "Psaki")
    flt.select_all()
    assert flt.value == ("Price", "Psaki", "Blinken")
    flt.search.value = ""
    assert flt.select.value == ("Price", "Psaki", "Blinken")
    flt.select_none()
    assert flt.value == ()
    assert "all" in flt.status.value
    assert seen[-1] == ()


def test_document_picker_lists_only_allowed_documents_keeping_choices(corpus):
    picker = kw.DocumentPicker(corpus.documents)
    ids = picker.option_keys
    picker.set_value([ids[0]])
    picker.limit_to([ids[1]])
    assert picker.visible_keys() == [ids[0], ids[1]]  # the chosen one stays listed
    assert picker.value == (ids[0],)
    picker.limit_to(None)
    assert picker.visible_keys() == ids


def test_speaker_filter_set_value_reports_unknown(corpus):
    flt = kw.SpeakerFilter(corpus.turns)
    assert flt.set_value(["Blinken", "Nobody"]) == ["Nobody"]
    assert flt.value == ("Blinken",)


def test_keyword_box_value_and_set_value():
    box = kw.KeywordBox()
    changes = []
    box.observe(lambda c: changes.append(c["new"]), names="value")
    box.text.value = 'NATO "power plant"'
    assert box.terms == ["NATO", "power plant"]
    assert box.value == {"q": 'NATO "power plant"', "whole_word": True, "case": False,
                         "regex": False}
    n = len(changes)
    box.set_value(q="nucl.*", regex=True, case=True)
    assert len(changes) == n + 1  # one change for several options
    assert box.terms == ["nucl.*"]
    assert box.value["case"] is True


def test_date_range_bounds_mask_and_swap(corpus):
    rng = kw.DateRange(corpus.documents.date)
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
    rng = kw.DateRange(corpus.documents.date)
    seen = []
    rng.observe(lambda change: seen.append(change["new"]), names="value")
    for year in (2, 20, 202, 2022):  # what a browser sends while a year is typed
        rng.end.value = dt.date(year, 6, 10)
    assert seen == [(None, dt.date(2022, 6, 10))]
    rng.start.value = dt.date(2022, 12, 31)  # typed after the end: the same range, in order
    assert rng.value == (dt.date(2022, 6, 10), dt.date(2022, 12, 31))
    from kit.apps.link import LinkState, parse_query_string

    link = LinkState(start=rng.value[0], end=rng.value[1]).query_string()
    assert link == "from=2022-06-10&to=2022-12-31"
    back = parse_query_string(link)
    assert (str(back.start)[:10], str(back.end)[:10]) == ("2022-06-10", "2022-12-31")


def test_date_mask_without_dates():
    dates = pd.Series([pd.NaT, pd.Timestamp("2020-01-01")])
    assert kw.date_mask(dates, None, None).tolist() == [True, True]
    assert kw.date_mask(dates, dt.date(2019, 1, 1), None).tolist() == [False, True]


@pytest.mark.parametrize("value, expected", [
    ({}, None),  # nothing filtered
    ({"start": "2022-01-01", "end": "2022-12-31"}, ["doc-a", "doc-b"]),
    ({"start": "2022-06-10"}, ["doc-b", "doc-c"]),  # inclusive, open at the end
    ({"doc_ids": ("doc-c", "doc-a")}, ["doc-a", "doc-c"]),  # in table order
    ({"doc_ids": ["doc-c", "doc-a"], "end": "2022-12-31"}, ["doc-a"]),
    ({"start": "2030-01-01"}, []),
])
def test_documents_in(corpus, value, expected):
    assert kw.documents_in(corpus.documents, **value) == expected


def test_documents_in_without_dates_filters_documents_only(corpus):
    docs = corpus.documents.drop(columns="date")
    assert kw.documents_in(docs, start="2030-01-01") == ["doc-a", "doc-b", "doc-c"]
    assert kw.documents_in(docs, doc_ids=["doc-b"], end="2000-01-01") == ["doc-b"]


@pytest.mark.parametrize("value, expected", [
    ({}, 8),
    ({"speakers": []}, 8),  # no speakers chosen: all
    ({"speakers": ["Price"]}, 3),
    ({"doc_ids": ["doc-b"]}, 3),
    ({"speakers": ["Price", "Psaki"], "doc_ids": ["doc-a", "doc-c"]}, 3),
    ({"doc_ids": []}, 0),
])
def test_filter_rows(corpus, value, expected):
    turns = corpus.turns
    got = kw.filter_rows(turns, **value)
    assert len(got) == expected
    keep = np.ones(len(turns), dtype=bool)
    if value.get("speakers"):
        keep &= turns.speaker.isin(value["speakers"]).to_numpy()
    if value.get("doc_ids") is not None:
        keep &= turns.doc_id.isin(value["doc_ids"]).to_numpy()
    pd.testing.assert_frame_equal(got, turns[keep])
    if expected == len(turns):
        assert got is turns  # no copy when every row is kept


def test_document_picker_sorted_by_date(corpus):
    docs = corpus.documents.iloc[::-1]
    options = kw.document_options(docs)
    assert [k for _, k in options] == ["doc-a", "doc-b", "doc-c"]
    assert options[0][0] == "2022-03-04 — Briefing on Ukraine"
    picker = kw.DocumentPicker(docs)
    picker.search.value = "trade"
    assert picker.visible_keys() == ["doc-b"]
    picker.select_all()
    assert picker.value == ("doc-b",)


def test_term_list_parses_and_caps():
    terms = kw.TermList(["war", "health care"], max_terms=3)
    assert terms.value == ("war", "health care")
    terms.text.value = "a, b, c, d"
    assert terms.value == ("a", "b", "c")
    assert "first 3 of 4" in terms.note.value
    terms.set_value(["peace"])
    assert terms.value == ("peace",)


def test_narrowing_the_options_sends_options_and_selection_in_one_message():
    from kit.apps.widgets import DocumentPicker

    docs = pd.DataFrame({"doc_id": [f"d{i}" for i in range(5)],
                         "title": [f"T{i}" for i in range(5)],
                         "date": pd.to_datetime(["2022-01-0" + str(i + 1) for i in range(5)])})
    picker = DocumentPicker(docs)
    picker.select.value = ("d4",)
    sent = []
    picker.select.send_state = lambda key=None: sent.append(
        [key] if isinstance(key, str) else sorted(key or ["(all)"]))
    picker.limit_to({"d0", "d1"})
    assert len(sent) == 1 and {"_options_labels", "index"} <= set(sent[0]), sent
