"""Dispersion: documents in date order, one panel per query."""

from __future__ import annotations

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
