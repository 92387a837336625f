"""Timeline: each turn a bar along its document, by words or seconds."""

from __future__ import annotations

import pytest

from kit.errors import KitError
from kit.plots import plot_timeline


def test_timeline_places_turns_by_words_before_them(turns):
    fig = plot_timeline(turns, doc_id="z-late")
    assert [t.name for t in fig.data] == ["Ned Price", "Questioner"]
    price = fig.data[0]
    assert list(price.base) == [0, 120] and list(price.x) == [100, 60]
    assert list(fig.layout.yaxis.categoryarray) == ["Ned Price", "Questioner"]
    assert fig.layout.xaxis.title.text == "words into the document"
    every = plot_timeline(turns)  # two documents: one lane each, date order
    assert list(every.layout.yaxis.categoryarray) == [
        "2022-03-01 Department Press Briefing",
        "2022-03-04 Remarks",
    ]
    with pytest.raises(KitError, match="no times"):
        plot_timeline(turns, x="seconds")


def test_timeline_in_seconds(turns):
    timed = turns.assign(start_s=[0.0, 10.0, 15.0, 0.0, 5.0], end_s=[10.0, 15.0, 30.0, 5.0, 9.0])
    fig = plot_timeline(timed, doc_id="z-late", x="seconds")
    assert list(fig.data[0].base) == [0.0, 15.0] and list(fig.data[0].x) == [10.0, 15.0]
    assert fig.layout.xaxis.title.text == "seconds from the start"


def test_documents_of_any_century_are_lanes_in_date_order(centuries_folder):
    import kit

    fig = plot_timeline(kit.read_transcripts(centuries_folder).turns)
    assert list(fig.layout.yaxis.categoryarray) == [
        "1628-06-07 House of Commons", "2022-03-04 Press Briefing",
        "2300-01-15 Stardate briefing"]


@pytest.mark.parametrize("doc_id", [None, "z-late"])
def test_every_bar_is_in_a_lane_of_the_axis_when_labels_hold_markup(turns, doc_id):
    # A title or speaker with markup is escaped once, alike in the bars and on the axis:
    # escaped twice in the bars, they fell in no lane and the document's row stayed empty.
    hostile = turns.assign(title=['<a href="x">Briefing</a> & more'] * 5)
    hostile["speaker"] = hostile["speaker"].cat.rename_categories({"Ned Price": "<b>Ned</b>"})
    fig = plot_timeline(hostile, doc_id=doc_id)
    lanes = set(fig.layout.yaxis.categoryarray)
    assert len(lanes) == 2 and all("<" not in lane for lane in lanes)
    for trace in fig.data:
        assert set(trace.y) <= lanes, (trace.name, list(trace.y), lanes)
    assert sum(len(t.y) for t in fig.data) == (5 if doc_id is None else 3)
