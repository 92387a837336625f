"""Dispersion: documents in date order, one panel per query."""

from __future__ import annotations

import pandas as pd

from kit.plots import plot_dispersion


def test_dispersion_documents_in_date_order_not_alphabetical(hits, documents):
    fig = plot_dispersion(hits, documents=documents, label="title", all_documents=True)
    assert list(fig.layout.yaxis.categoryarray) == ["Bravo", "Charlie", "Alpha", "Delta"]
    # The first document at the top, and every strip shown, with or without hits.
    assert fig.layout.yaxis.range == (3.5, -0.5)
    # By default only documents with hits get a strip (Delta has none), still in date order.
    fig = plot_dispersion(hits, documents=documents, label="title")
    assert list(fig.layout.yaxis.categoryarray) == ["Bravo", "Charlie", "Alpha"]
    assert fig.layout.yaxis.range == (2.5, -0.5)
    # Without a documents table: the order of the data, never sorted by name.
    fig = plot_dispersion(hits)
    assert list(fig.layout.yaxis.categoryarray) == ["b-doc", "c-doc", "a-doc"]


def test_dispersion_traces_per_query_and_speaker(hits):
    fig = plot_dispersion(hits)
    names = [(t.xaxis, t.name) for t in fig.data]
    speakers = ["Ned Price", "Questioner", "Antony Blinken"]
    assert names == [("x", s) for s in speakers] + [("x2", s) for s in speakers]
    assert [t.showlegend for t in fig.data] == [True] * 3 + [False] * 3
    price_russia = fig.data[0]
    assert list(price_russia.x) == [0.1] and list(price_russia.y) == ["b-doc"]
    assert fig.data[0].marker.symbol == "line-ns-open"
    assert fig.layout.xaxis.title.text.startswith("position in document")
    assert [a.text for a in fig.layout.annotations] == ["Russia", "China"]


def test_dispersion_labels_fall_back_to_the_id_where_a_title_is_missing(hits, documents):
    docs = documents.assign(title=[None, "Bravo", float("nan"), "  "])
    fig = plot_dispersion(hits, documents=docs, label="title")
    assert list(fig.layout.yaxis.categoryarray) == ["Bravo", "c-doc", "a-doc"]


def test_dispersion_at_most_n_documents_says_how_many_of_how_many(hits, documents):
    # b-doc has 2 hits; a-doc and c-doc 1 each (a tie: the earlier, c-doc, is kept).
    fig = plot_dispersion(hits, documents=documents, label="title", max_documents=2,
                          title="Where the hits fall")
    assert list(fig.layout.yaxis.categoryarray) == ["Bravo", "Charlie"]
    assert fig.layout.title.text == (
        "Where the hits fall (the 2 documents with most hits, of 3 with hits)")
    assert {y for t in fig.data for y in t.y} == {"Bravo", "Charlie"}
    # Room for all: no note.
    fig = plot_dispersion(hits, documents=documents, label="title", max_documents=3,
                          title="Where the hits fall")
    assert fig.layout.title.text == "Where the hits fall"


def test_long_document_labels_keep_their_end_the_year(hits):
    title = "Dwight D. Eisenhower, State of the Union, 1957"
    docs = pd.DataFrame({"doc_id": ["a-doc", "b-doc", "c-doc"],
                         "date": pd.to_datetime(["1957-01-10", "1958-01-09", "1959-01-09"]),
                         "title": [title, title.replace("1957", "1958"),
                                   title.replace("1957", "1959")]})
    labels = list(plot_dispersion(hits, documents=docs, label="title").layout.yaxis.categoryarray)
    assert [label[-4:] for label in labels] == ["1957", "1958", "1959"]
    assert all(len(label) <= 44 and "\u2026" in label for label in labels)
    assert labels[0].startswith("Dwight D. Eisenhower")
