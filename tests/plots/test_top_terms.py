"""Top terms: one bar panel per speaker, largest at the top."""

from __future__ import annotations

from kit.plots import plot_top_terms


def test_top_terms_traces_order_and_axes(counts):
    fig = plot_top_terms(counts, top=2)
    assert [t.name for t in fig.data] == ["Ned Price", "Questioner", "Antony Blinken"]
    assert all(t.type == "bar" and t.orientation == "h" for t in fig.data)
    price = fig.data[0]
    assert list(price.y) == ["course", "partners"] and list(price.x) == [9, 5]
    assert fig.layout.yaxis.categoryorder == "trace"  # follows the data on every update
    assert fig.layout.yaxis.autorange == "reversed"  # largest at the top
    # Subplot titles, then the value's name once under the grid (one under each column of
    # several would overlap its neighbours).
    notes = fig.layout.annotations
    assert [a.text for a in notes] == ["Ned Price", "Questioner", "Antony Blinken", "count"]
    assert (notes[-1].xref, notes[-1].x, notes[-1].yanchor) == ("paper", 0.5, "top")
    assert all(fig.layout[f"xaxis{i}"].title.text is None for i in ("", 2, 3))
    fig = plot_top_terms(counts, value="per_1k")
    assert fig.layout.annotations[-1].text == "per 1,000 words"
    # One column: each bottom axis says it.
    one = plot_top_terms(counts, columns=1)
    assert one.layout.xaxis3.title.text == "count" and len(one.layout.annotations) == 3


def test_top_terms_speaker_order_fixes_the_trace_list(counts):
    order = ["Antony Blinken", "Jalina Porter", "Ned Price"]
    fig = plot_top_terms(counts, speaker_order=order)
    assert [t.name for t in fig.data] == order
    assert len(fig.data[1].x) == 0  # Porter has no rows: an empty trace, same structure
    updated = plot_top_terms(counts[counts["speaker"] != "Ned Price"], speaker_order=order)
    assert [(t.type, t.name) for t in updated.data] == [(t.type, t.name) for t in fig.data]


def test_numbers_are_not_top_terms_unless_asked():
    import pandas as pd

    terms = ["2022", "1,000", "21st", "1990s", "2.5", "nato", "g7", "covid-19", "war"]
    counts = pd.DataFrame({"speaker": pd.Categorical(["Price"] * len(terms)),
                           "term": pd.Categorical(terms),
                           "n": [90, 80, 70, 60, 50, 5, 4, 3, 2]})
    (price,) = plot_top_terms(counts, top=4).data
    assert list(price.y) == ["nato", "g7", "covid-19", "war"]
    (price,) = plot_top_terms(counts, top=4, numbers=True).data
    assert list(price.y) == ["2022", "1,000", "21st", "1990s"]


def test_panels_leave_room_for_the_longest_term_at_the_narrowest_width():
    import pandas as pd

    long = "passamaquoddy-commissioners"  # 27 characters
    counts = pd.DataFrame({"speaker": ["A", "A", "B", "B", "C"],
                           "term": ["a", long, "b", "c", "d"], "n": [5, 4, 3, 2, 1]})
    for width in (640, 900):
        fig = plot_top_terms(counts, columns=3, min_width=width)
        gap = (fig.layout.xaxis2.domain[0] - fig.layout.xaxis.domain[1]) * width
        assert gap >= 6 * len(long)  # tick labels are 12 px: about 6-7 px a character
    short = plot_top_terms(counts.assign(term=["a", "b", "c", "d", "e"]), columns=3)
    wide = plot_top_terms(counts, columns=3)
    assert short.layout.xaxis.domain[1] > wide.layout.xaxis.domain[1]  # more room for bars


def test_positive_only_and_a_panel_with_no_term_says_so():
    import pandas as pd

    key = pd.DataFrame({"speaker": pd.Categorical(["A"] * 3 + ["B"] * 2),
                        "term": ["nato", "time", "alliance", "nato", "time"],
                        "z": [0.6, 0.1, -0.2, -0.6, 0.0]})
    fig = plot_top_terms(key, value="z", positive=True, empty_text="no word stands out")
    a, b = fig.data
    assert list(a.y) == ["nato", "time"] and all(x > 0 for x in a.x)
    assert len(b.x) == 0  # 0 and below are not distinctive
    notes = [n for n in fig.layout.annotations if n.text == "no word stands out"]
    assert len(notes) == 1
    assert (notes[0].xref, notes[0].yref, notes[0].x, notes[0].y) == (
        "x2 domain", "y2 domain", 0.5, 0.5)
    assert fig.layout.xaxis2.visible is False and fig.layout.yaxis2.visible is False
    assert fig.layout.xaxis.visible is not False
    # By default every row is ranked, negative ones too (counts are never negative).
    assert list(plot_top_terms(key, value="z").data[1].y) == ["time", "nato"]
