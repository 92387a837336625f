"""Pickers: speaker and document options, search, select all/none, narrowing."""

from __future__ import annotations

import pandas as pd

from kit.apps import pickers as kp


def test_speaker_options_label_counts_in_category_order(corpus):
    options = kp.speaker_options(corpus.turns)
    assert [key for _, key in options] == ["Price", "Questioner", "Psaki", "Blinken"]
    price = corpus.turns[corpus.turns.speaker == "Price"]
    label = dict((k, lab) for lab, k in options)["Price"]
    assert label == f"Price ({len(price)} turns, {price.n_words.sum():,} words)"
    assert dict((k, lab) for lab, k in options)["Blinken"].startswith("Blinken (1 turn, ")


def test_speaker_filter_value_search_and_all_none(corpus):
    flt = kp.SpeakerFilter(corpus.turns)
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
    picker = kp.DocumentPicker(corpus.documents)
    ids = picker.option_keys
    picker.set_value([ids[0]])
    picker.limit_to([ids[1]])
    assert picker.visible_keys() == [ids[0], ids[1]]  # the chosen one stays listed
    assert picker.value == (ids[0],)
    picker.limit_to(None)
    assert picker.visible_keys() == ids


def test_speaker_filter_set_value_reports_unknown(corpus):
    flt = kp.SpeakerFilter(corpus.turns)
    assert flt.set_value(["Blinken", "Nobody"]) == ["Nobody"]
    assert flt.value == ("Blinken",)


def test_document_picker_sorted_by_date(corpus):
    docs = corpus.documents.iloc[::-1]
    options = kp.document_options(docs)
    assert [k for _, k in options] == ["doc-a", "doc-b", "doc-c"]
    assert options[0][0] == "2022-03-04 — Briefing on Ukraine"
    picker = kp.DocumentPicker(docs)
    picker.search.value = "trade"
    assert picker.visible_keys() == ["doc-b"]
    picker.select_all()
    assert picker.value == ("doc-b",)


def test_narrowing_the_options_sends_options_and_selection_in_one_message():
    from kit.apps.pickers import DocumentPicker

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


def test_a_picker_where_none_means_none_says_so(corpus):
    flt = kp.SpeakerFilter(corpus.turns, empty_means_all=False)
    flt.set_value(["Price"])
    flt.none_button.click()
    assert flt.value == ()
    assert flt.status.value.startswith("<small>none selected;")
    assert "(= all)" not in flt.none_button.tooltip
