"""Every chart: specs and figures agree, inputs untouched, widgets restyled in place."""

from __future__ import annotations

import inspect
import math

import pandas as pd
import plotly.graph_objects as go
import pytest
from plot_fixtures import cat, plain

from kit import plots
from kit.apps.assets import BASIC_TRACE_TYPES
from kit.plots import (
    plot_dispersion,
    plot_keyness,
    plot_share_of_voice,
    plot_term_usage,
    plot_timeline,
    plot_top_terms,
)
from kit.terms.keyness import keyness


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
    # NATO's folds into NATO, as in every search.
    assert sum(len(t.x) for t in fig.data) == int(tokens["term"].isin(["nato", "nato's"]).sum())
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


def test_each_plot_function_is_the_figure_of_its_spec(counts, turns, hits, documents):
    """plot_X is made from X_spec: same parameters and docs, go.Figure(X_spec(...)) returned."""
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
        (plot_top_terms, plots.top_terms_spec, (counts,), {"top": 2, "columns": 2}),
        (plot_term_usage, plots.term_usage_spec, (counts,), {"x": "speaker"}),
        (plot_dispersion, plots.dispersion_spec, (hits,), {"documents": documents}),
        (plot_keyness, plots.keyness_spec, (key,), {"top": 3}),
        (plot_share_of_voice, plots.share_of_voice_spec, (turns,), {"label": "title"}),
        (plot_timeline, plots.timeline_spec, (turns,), {"doc_id": "z-late"}),
    ]
    for plot, spec_of, args, kwargs in cases:
        name = spec_of.__name__.removesuffix("_spec")
        assert plot.__name__ == f"plot_{name}" and plot.__module__ == spec_of.__module__
        figure = plot(*args, **kwargs)
        assert isinstance(figure, go.Figure)
        assert figure == go.Figure(spec_of(*args, **kwargs)), plot.__name__
        # The spec's signature, but for what it returns.
        signature = inspect.signature(plot)
        assert signature == inspect.signature(spec_of).replace(return_annotation=go.Figure)
        # The spec's docstring, saying a plotly Figure comes back.
        doc, spec_doc = inspect.getdoc(plot), inspect.getdoc(spec_of)
        assert doc.splitlines()[0] == spec_doc.splitlines()[0]
        assert "Returns\n-------\nplotly.graph_objects.Figure\n" in doc
        assert "Returns\n-------\ndict\n" in spec_doc and "\ndict\n" not in doc
        assert spec_doc.split("Parameters\n")[1].split("Returns\n")[0] in doc
        assert f":func:`{spec_of.__name__}`" in doc



def test_collocates_network_puts_the_strongest_nearest(make_corpus):
    from kit.plots import plot_collocates
    from kit.terms.collocates import collocates

    corpus = make_corpus({"d1": [("A", "Peace and freedom and peace. Freedom reigns.")]})[0]
    table = collocates(corpus, "freedom", span=2, min_count=1)
    fig = plot_collocates(table)
    assert [t.name for t in fig.data] == ["links", "collocates", "query"]
    points = fig.data[1]
    strongest = table.sort_values("log_dice", ascending=False)["term"].tolist()
    assert list(points.text) == strongest
    distance = [math.hypot(x, y) for x, y in zip(points.x, points.y, strict=True)]
    assert distance == pytest.approx([1.0, 2.0])
    assert list(fig.data[2].text) == ["freedom"]
