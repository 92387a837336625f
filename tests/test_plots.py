"""Figures: traces, colours shared across figures, axis titles and category order."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from kit import plots
from kit.apps.assets import BASIC_TRACE_TYPES
from kit.errors import KitError
from kit.plots import (
    NEUTRAL_COLORS,
    SPEAKER_PALETTE,
    plot_dispersion,
    plot_keyness,
    plot_share_of_voice,
    plot_term_usage,
    plot_timeline,
    plot_top_terms,
    speaker_colors,
)
from kit.terms.keyness import keyness
from kit.terms.summary import speaker_summary

SPEAKERS = pd.CategoricalDtype(["Ned Price", "Questioner", "Antony Blinken", "Jalina Porter"])


def cat(values) -> pd.Categorical:
    return pd.Categorical(values, dtype=SPEAKERS)


@pytest.fixture
def counts() -> pd.DataFrame:
    # count_terms(tokens, by="speaker") shape: by, term, n, n_words, per_1k.
    return pd.DataFrame(
        {
            "speaker": cat(["Ned Price"] * 3 + ["Questioner"] * 2 + ["Antony Blinken"] * 2),
            "term": pd.Categorical(
                ["partners", "course", "region", "ukraine", "russia", "ukraine", "allies"]
            ),
            "n": [5, 9, 2, 4, 6, 8, 1],
            "n_words": [100] * 3 + [50] * 2 + [200] * 2,
        }
    ).assign(per_1k=lambda d: 1000 * d["n"] / d["n_words"])


@pytest.fixture
def turns() -> pd.DataFrame:
    # Document "z-late" sorts last but is read first and dated first.
    return pd.DataFrame(
        {
            "doc_id": ["z-late", "z-late", "z-late", "a-early", "a-early"],
            "turn_id": [0, 1, 2, 0, 1],
            "speaker": cat(
                ["Ned Price", "Questioner", "Ned Price", "Questioner", "Antony Blinken"]
            ),
            "n_words": [100, 20, 60, 30, 90],
            "text": ["Good afternoon.", "Question?", "Answer.", "Q?", "A."],
            "date": pd.to_datetime(["2022-03-01"] * 3 + ["2022-03-04"] * 2),
            "title": ["Department Press Briefing"] * 3 + ["Remarks"] * 2,
        }
    )


@pytest.fixture
def hits() -> pd.DataFrame:
    # kit.kwic.dispersion shape: query, doc_id, speaker, turn_id, relative_position ...
    return pd.DataFrame(
        {
            "query": ["Russia", "Russia", "China", "Russia"],
            "doc_id": ["b-doc", "b-doc", "c-doc", "a-doc"],
            "speaker": cat(["Ned Price", "Questioner", "Ned Price", "Antony Blinken"]),
            "turn_id": [0, 1, 0, 3],
            "relative_position": [0.1, 0.5, 0.9, 0.3],
        }
    )


@pytest.fixture
def documents() -> pd.DataFrame:
    # Date order b, c, a, d -- neither alphabetical nor the order of the hits.
    return pd.DataFrame(
        {
            "doc_id": ["a-doc", "b-doc", "c-doc", "d-doc"],
            "date": pd.to_datetime(["2022-05-01", "2021-01-01", "2021-06-01", "2023-01-01"]),
            "title": ["Alpha", "Bravo", "Charlie", "Delta"],
        }
    )


def trace_color(fig: go.Figure, name: str) -> str:
    colors = set()
    for t in fig.data:
        if t.name == name:
            colors.add(t.marker.color if t.type == "bar" or t.mode == "markers" else t.line.color)
    assert len(colors) == 1, f"{name}: {colors}"
    return colors.pop()


# --- colours -----------------------------------------------------------------------------


def test_speaker_colors_follow_categories_and_grey_the_questioner():
    colors = speaker_colors(pd.Series(cat(["Antony Blinken"])))  # categories, not values
    assert list(colors) == list(SPEAKERS.categories)
    assert colors["Ned Price"] == SPEAKER_PALETTE[0]
    assert colors["Questioner"] == NEUTRAL_COLORS["Questioner"]
    assert colors["Antony Blinken"] == SPEAKER_PALETTE[1]  # the grey took no slot
    assert speaker_colors(["a", "b"], colors={"b": "#000000"})["b"] == "#000000"
    many = speaker_colors([f"s{i}" for i in range(len(SPEAKER_PALETTE) + 1)])
    assert many[f"s{len(SPEAKER_PALETTE)}"] == SPEAKER_PALETTE[0]  # cycles


def test_a_speaker_has_one_colour_in_every_figure(counts, turns, hits):
    tokens = pd.DataFrame(
        {
            "speaker": cat(["Antony Blinken"] * 6 + ["Questioner"] * 4),
            "term": ["war"] * 4 + ["peace"] * 2 + ["peace"] * 3 + ["war"],
            "is_stopword": False,
        }
    )
    figures = [
        plot_top_terms(counts),
        plot_dispersion(hits),
        plot_share_of_voice(speaker_summary(turns, by="doc_id")),
        plot_timeline(turns),
        plot_keyness(keyness(tokens, target="Antony Blinken", min_count=1)),
        plot_term_usage(counts[counts["term"] == "ukraine"], x="speaker", color="speaker"),
    ]
    expected = speaker_colors(pd.Series(cat([])))["Antony Blinken"]
    for fig in figures:
        assert trace_color(fig, "Antony Blinken") == expected
    # A filtered table that keeps the categorical dtype keeps the colours.
    only_blinken = counts[counts["speaker"] == "Antony Blinken"]
    assert trace_color(plot_top_terms(only_blinken), "Antony Blinken") == expected


def test_colors_override(counts):
    fig = plot_top_terms(counts, colors={"Ned Price": "black"})
    assert trace_color(fig, "Ned Price") == "black"


# --- top terms ---------------------------------------------------------------------------


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


# --- term usage --------------------------------------------------------------------------


def test_term_usage_over_time_draws_lines_with_rates():
    usage = pd.DataFrame(
        {
            "speaker": cat(["Ned Price", "Questioner"] * 4),
            "date": pd.to_datetime(["2022-01-01"] * 4 + ["2022-02-01"] * 4),
            "term": pd.Categorical(
                ["russia", "russia", "china", "china"] * 2, categories=["russia", "china"]
            ),
            "n": [1, 3, 0, 2, 4, 0, 1, 1],
            "n_words": [100, 100, 100, 100, 300, 100, 300, 100],
        }
    )
    fig = plot_term_usage(usage)
    assert [(t.type, t.name) for t in fig.data] == [("scatter", "russia"), ("scatter", "china")]
    # Rows of both speakers are combined: russia in Jan = (1 + 3) / 200 words * 1000.
    assert list(fig.data[0].y) == pytest.approx([20.0, 10.0])
    assert fig.layout.yaxis.title.text == "per 1,000 words"
    assert plot_term_usage(usage, value="n").layout.yaxis.title.text == "count"
    fixed = plot_term_usage(usage, terms=["china", "russia", "nato"])
    assert [t.name for t in fixed.data] == ["china", "russia", "nato"]


def test_term_usage_of_an_empty_table_keeps_the_traces():
    empty = pd.DataFrame(columns=["speaker", "term", "n", "per_1k"])
    fig = plot_term_usage(empty, x="date", terms=["russia", "china"])
    assert [t.name for t in fig.data] == ["russia", "china"]
    assert all(len(t.x) == 0 for t in fig.data)
    assert fig.layout.yaxis.title.text == "per 1,000 words"


def test_term_usage_by_speaker_draws_bars_in_speaker_order(counts):
    fig = plot_term_usage(counts[counts["term"].isin(["ukraine", "russia"])], x="speaker")
    assert {t.type for t in fig.data} == {"bar"}
    assert list(fig.layout.xaxis.categoryarray) == ["Questioner", "Antony Blinken"]
    with pytest.raises(KitError, match="no column 'period'"):
        plot_term_usage(counts, x="period")
    with pytest.raises(KitError, match="needs one term"):
        plot_term_usage(counts, x="speaker", color="speaker")
    one = plot_term_usage(counts[counts["term"] == "ukraine"], x="speaker", color="speaker")
    assert [t.name for t in one.data] == ["Questioner", "Antony Blinken"]


# --- dispersion --------------------------------------------------------------------------


def test_dispersion_documents_in_date_order_not_alphabetical(hits, documents):
    fig = plot_dispersion(hits, documents=documents, label="title")
    assert list(fig.layout.yaxis.categoryarray) == ["Bravo", "Charlie", "Alpha", "Delta"]
    # The first document at the top, and every strip shown, with or without hits.
    assert fig.layout.yaxis.range == (3.5, -0.5)
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


# --- keyness -------------------------------------------------------------------------------


def test_keyness_diverging_bars():
    key = pd.DataFrame(
        {
            "speaker": cat(["Ned Price"] * 5),
            "term": ["continue", "partners", "neutral", "thank", "jake"],
            "z": [3.0, 2.0, 0.0, -1.0, -4.0],
            "n": [10, 8, 3, 1, 0],
            "n_ref": [1, 1, 3, 9, 12],
        }
    )
    fig = plot_keyness(key, top=5)
    assert [t.name for t in fig.data] == ["Ned Price", "reference"]
    assert list(fig.data[0].y) == ["continue", "partners"]
    # Top to bottom: most distinctive first, most avoided last (y order of the traces).
    assert list(fig.data[1].y) == ["thank", "jake"] and list(fig.data[1].x) == [-1.0, -4.0]
    assert fig.layout.yaxis.categoryorder == "trace"
    assert fig.layout.yaxis.autorange == "reversed"
    assert fig.data[1].marker.color == plots.REFERENCE_COLOR
    assert fig.layout.xaxis.title.text.startswith("z-score")
    assert plot_keyness(key, value="z", top=1).data[0].y == ("continue",)
    with pytest.raises(KitError, match="target='Nobody' has no rows"):
        plot_keyness(key, target="Nobody")


# --- share of voice and timeline -----------------------------------------------------------


def test_share_of_voice_stacks_per_document_in_date_order(turns):
    summary = speaker_summary(turns, by="doc_id")
    fig = plot_share_of_voice(summary)
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Ned Price", "Questioner", "Antony Blinken"]
    assert list(fig.layout.xaxis.categoryarray) == [
        "2022-03-01 Department Press Briefing",
        "2022-03-04 Remarks",
    ]
    totals: dict = {}
    for t in fig.data:
        for x, y in zip(t.x, t.y, strict=True):
            totals[x] = totals.get(x, 0) + y
    assert list(totals.values()) == pytest.approx([100.0, 100.0])
    assert fig.layout.yaxis.title.text == "share of words (%)"
    # A turns table is summarised on the way in.
    direct = plot_share_of_voice(turns)
    assert [list(t.y) for t in direct.data] == [list(t.y) for t in fig.data]


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


def test_plots_do_not_mutate_inputs(counts, turns, hits, documents):
    frames = [counts, turns, hits, documents]
    before = [f.copy() for f in frames]
    plot_top_terms(counts)
    plot_term_usage(counts, x="speaker")
    plot_dispersion(hits, documents=documents)
    plot_share_of_voice(turns)
    plot_timeline(turns)
    for f, b in zip(frames, before, strict=True):
        pd.testing.assert_frame_equal(f, b)


def test_figures_from_the_kit_tables_of_the_example(example):
    from kit.terms.count import count_terms, term_usage
    from kit.terms.kwic import dispersion

    tokens = example.tokens
    assert len(plot_top_terms(count_terms(tokens, by="speaker")).data) == 2
    fig = plot_term_usage(term_usage(tokens, ["nato", "allies"]), x="speaker")
    assert [t.name for t in fig.data] == ["nato", "allies"]
    fig = plot_dispersion(dispersion(example, ["NATO"]), documents=example.documents)
    assert sum(len(t.x) for t in fig.data) == int((tokens["term"] == "nato").sum())
    assert len(plot_keyness(keyness(tokens, min_count=1)).data) == 2
    assert len(plot_share_of_voice(example.turns).data) == 2
    assert len(plot_timeline(example.turns).data) == 2
    # A Corpus stands in for its turns or documents.
    assert plot_share_of_voice(example) == plot_share_of_voice(example.turns)
    assert plot_timeline(example) == plot_timeline(example.turns)


def test_a_figure_widget_is_restyled_in_place_from_a_new_figure(counts):
    # The same speaker_order keeps the trace list, so the widget's traces are restyled.
    from kit.apps.figurewidget import update_figure

    order = ["Ned Price", "Questioner", "Antony Blinken"]
    widget = go.FigureWidget(plot_top_terms(counts, speaker_order=order))
    traces = list(widget.data)
    changed = counts.assign(n=counts["n"][::-1].to_numpy())
    new = plot_top_terms(changed, speaker_order=order)
    update_figure(widget, new)
    assert [t.name for t in widget.data] == order
    assert all(got is kept for got, kept in zip(widget.data, traces, strict=True))
    for got, want in zip(widget.data, new.data, strict=True):
        assert list(got.x) == list(want.x) and list(got.y) == list(want.y)
    one_turn = pd.DataFrame(
        {
            "doc_id": ["d"],
            "turn_id": [0],
            "speaker": cat(["Ned Price"]),
            "n_words": [5],
        }
    )
    two_turns = pd.DataFrame({"doc_id": ["d", "d"], "turn_id": [0, 1],
                              "speaker": cat(["Ned Price"] * 2), "n_words": [3, 4]})
    timeline = go.FigureWidget(plot_timeline(two_turns))
    update_figure(timeline, plot_timeline(one_turn))
    assert list(timeline.data[0].base) == [0] and list(timeline.data[0].x) == [5]


def test_category_orders_for_plotly_express(turns, documents):
    orders = plots.category_orders(turns)
    assert orders == {
        "speaker": ["Ned Price", "Questioner", "Antony Blinken"],
        "doc_id": ["z-late", "a-early"],
    }
    hits = pd.DataFrame({"doc_id": ["a-doc", "b-doc"]})
    assert plots.category_orders(hits, documents=documents)["doc_id"] == [
        "b-doc",
        "c-doc",
        "a-doc",
        "d-doc",
    ]


def test_kit_template_is_plotly_white_for_what_the_kit_draws(counts):
    import plotly.io as pio

    white = pio.templates["plotly_white"]
    template = plots.kit_template()
    for key in ("colorway", "plot_bgcolor", "xaxis", "yaxis", "font", "hoverlabel"):
        assert template.layout[key] == white.layout[key]
    assert template.data.bar == white.data.bar and template.data.scatter == white.data.scatter
    # Only bar and line charts: no polar, geo or 3-D settings to copy into every figure.
    assert template.layout.polar.to_plotly_json() == {}
    assert not template.data.heatmap
    fig = plots.plot_term_usage(counts, x="speaker")
    assert fig.layout.template == template
    assert plots.new_figure("Hello").layout.title.text == "Hello"


def test_a_single_date_is_shown_as_a_day_not_a_millisecond():
    usage = pd.DataFrame({"date": pd.to_datetime(["2022-03-04", "2022-03-04"]),
                          "term": pd.Categorical(["nato", "ukraine"]), "n": [3, 1],
                          "n_words": [100, 100], "per_1k": [30.0, 10.0]})
    fig = plot_term_usage(usage, x="date")
    low, high = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert (low, high) == (pd.Timestamp("2022-03-03"), pd.Timestamp("2022-03-05"))
    assert fig.layout.xaxis.tickformat == "%Y-%m-%d"
    two = pd.concat([usage, usage.assign(date=pd.Timestamp("2022-04-01"))])
    assert plot_term_usage(two, x="date").layout.xaxis.range is None  # plotly's own range


def test_a_few_days_are_ticked_by_day_not_by_hour():
    usage = pd.DataFrame({"period": pd.PeriodIndex(["2022-03-04", "2022-03-05"], freq="D"),
                          "term": pd.Categorical(["nato", "nato"]), "n": [3, 1],
                          "n_words": [100, 100], "per_1k": [30.0, 10.0]})
    axis = plot_term_usage(usage).layout.xaxis
    assert (axis.dtick, axis.tickformat, axis.range) == (86_400_000, "%Y-%m-%d", None)
    # Months apart, or times within a day: plotly's own ticks.
    months = usage.assign(period=pd.PeriodIndex(["2022-01", "2022-05"], freq="M"))
    assert plot_term_usage(months).layout.xaxis.dtick is None
    hours = usage.drop(columns="period").assign(
        date=pd.to_datetime(["2022-03-04 09:00", "2022-03-04 15:00"]))
    assert plot_term_usage(hours, x="date").layout.xaxis.dtick is None
    # Years as numbers stay numbers (not nanoseconds after 1970).
    years = usage.drop(columns="period").assign(year=[1790, 1790])
    axis = plot_term_usage(years, x="year").layout.xaxis
    assert axis.range is None and axis.dtick is None


# --- plain specs ---------------------------------------------------------------------------


def plain(value) -> object:
    """JSON of a figure dict or spec; arrays as lists (plotly's base64 ``bdata`` decoded)."""
    import base64
    import json

    import numpy as np
    from plotly.utils import PlotlyJSONEncoder

    def decode(v):
        if isinstance(v, dict):
            if {"dtype", "bdata"} <= set(v) <= {"dtype", "bdata", "shape"}:
                array = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
                if "shape" in v:
                    array = array.reshape([int(n) for n in v["shape"].split(",")])
                return array.tolist()
            return {k: decode(x) for k, x in v.items()}
        if isinstance(v, list):
            return [decode(x) for x in v]
        return v

    return decode(json.loads(json.dumps(value, cls=PlotlyJSONEncoder)))


def test_each_spec_is_the_figure_of_its_plot_function(counts, turns, hits, documents):
    usage = pd.DataFrame(
        {
            "period": pd.PeriodIndex(["2022-01", "2022-01", "2022-02", "2022-02"], freq="M"),
            "term": pd.Categorical(["russia", "china"] * 2, categories=["russia", "china"]),
            "n": [1, 0, 4, 2],
            "n_words": [100, 100, 300, 300],
        }
    ).assign(per_1k=lambda d: 1000 * d["n"] / d["n_words"])
    one_day = usage.assign(period=pd.Period("2022-01", freq="M"))
    key = keyness(
        pd.DataFrame(
            {
                "speaker": cat(["Antony Blinken"] * 6 + ["Questioner"] * 4),
                "term": ["war"] * 4 + ["peace"] * 2 + ["peace"] * 3 + ["war"],
                "is_stopword": False,
            }
        ),
        target="Antony Blinken",
        min_count=1,
    )
    cases = [
        (plots.new_figure, plots.new_figure_spec, (), {}),
        (plots.new_figure, plots.new_figure_spec, ("Hello",), {"height": 300}),
        (plot_term_usage, plots.term_usage_spec, (usage,), {"terms": ["china", "russia"]}),
        (plot_term_usage, plots.term_usage_spec, (one_day,), {"title": "One day"}),
        (plot_term_usage, plots.term_usage_spec, (counts,), {"x": "speaker"}),
        (plot_term_usage, plots.term_usage_spec, (counts.iloc[:0],), {"terms": ["nato"]}),
        (
            plot_term_usage,
            plots.term_usage_spec,
            (counts[counts["term"] == "ukraine"],),
            {"x": "speaker", "color": "speaker", "speaker_order": ["Jalina Porter", "Questioner"]},
        ),
        (plot_dispersion, plots.dispersion_spec, (hits,), {}),
        (
            plot_dispersion,
            plots.dispersion_spec,
            (hits,),
            {"documents": documents, "label": "title", "terms": ["China", "Russia", "NATO"]},
        ),
        (plot_dispersion, plots.dispersion_spec, (hits.iloc[:0],), {"documents": documents}),
        (plot_top_terms, plots.top_terms_spec, (counts,), {"columns": 2, "title": "Top"}),
        (plot_top_terms, plots.top_terms_spec, (counts.iloc[:0],), {}),
        (plot_keyness, plots.keyness_spec, (key,), {}),
        (plot_share_of_voice, plots.share_of_voice_spec, (turns,), {}),
        (plot_timeline, plots.timeline_spec, (turns,), {}),
        (plot_timeline, plots.timeline_spec, (turns,), {"doc_id": "z-late"}),
    ]
    for plot, spec_of, args, kwargs in cases:
        spec = spec_of(*args, **kwargs)
        assert set(spec) == {"data", "layout"}
        assert all(isinstance(trace, dict) and "type" in trace for trace in spec["data"])
        # What the dashboards' plotly.js draws (kit.apps.assets serves them its basic bundle).
        assert {trace["type"] for trace in spec["data"]} <= BASIC_TRACE_TYPES
        figure = plot(*args, **kwargs).to_plotly_json()
        assert plain(go.Figure(spec).to_plotly_json()) == plain(figure)
        # Already in plotly's normal form: validating it changes nothing.
        assert plain(spec) == plain(figure), plot.__name__


def test_subplot_layout_is_make_subplots_cached_as_independent_copies():
    from plotly.subplots import make_subplots

    titles = ["Ned Price", "", "Antony Blinken"]
    shape = {"horizontal_spacing": 0.13, "vertical_spacing": 0.175}
    layout, cells = plots.layout.subplot_layout(2, 2, titles, **shape)
    fig = make_subplots(rows=2, cols=2, subplot_titles=titles, **shape)
    expected = fig.layout.to_plotly_json()
    expected.pop("template")
    assert plain(layout) == plain(expected)
    # The axes a trace added to each cell refers to.
    for i in range(4):
        fig.add_trace(go.Bar(), row=i // 2 + 1, col=i % 2 + 1)
    assert [(f"x{k[5:]}", f"y{v[5:]}") for k, v in cells] == [
        (t.xaxis, t.yaxis) for t in fig.data
    ]
    assert cells[1] == ("xaxis2", "yaxis2")
    # Mutating one result leaves the next one (and the cache) alone.
    layout["xaxis"]["domain"][0] = 0.5
    layout["annotations"][0]["text"] = "changed"
    layout["yaxis"]["title"] = {"text": "changed"}
    cells.append(("xaxis9", "yaxis9"))
    again, cells_again = plots.layout.subplot_layout(2, 2, titles, **shape)
    assert plain(again) == plain(expected) and len(cells_again) == 4
    # Same shape, other titles: one cached make_subplots call, the titles filled in.
    other, _ = plots.layout.subplot_layout(2, 2, ["a", "", "b"], **shape)
    assert [a["text"] for a in other["annotations"]] == ["a", "b"]
    assert [a["x"] for a in other["annotations"]] == [a["x"] for a in again["annotations"]]
    shared, shared_cells = plots.layout.subplot_layout(
        1, 2, ["Russia", "China"], shared_yaxes=True, horizontal_spacing=0.02
    )
    assert shared["yaxis2"]["matches"] == "y" and shared_cells == [
        ("xaxis", "yaxis"),
        ("xaxis2", "yaxis2"),
    ]
