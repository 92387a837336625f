"""The kit's template and the plain-spec helpers of kit.plots.layout."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from plot_fixtures import plain

from kit import plots
from kit.plots.layout import shorten_middle, subplot_layout


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


def test_subplot_layout_is_make_subplots_cached_as_independent_copies():
    from plotly.subplots import make_subplots

    titles = ["Ned Price", "", "Antony Blinken"]
    shape = {"horizontal_spacing": 0.13, "vertical_spacing": 0.175}
    layout, cells = subplot_layout(2, 2, titles, **shape)
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
    again, cells_again = subplot_layout(2, 2, titles, **shape)
    assert plain(again) == plain(expected) and len(cells_again) == 4
    # Same shape, other titles: one cached make_subplots call, the titles filled in.
    other, _ = subplot_layout(2, 2, ["a", "", "b"], **shape)
    assert [a["text"] for a in other["annotations"]] == ["a", "b"]
    assert [a["x"] for a in other["annotations"]] == [a["x"] for a in again["annotations"]]
    shared, shared_cells = subplot_layout(
        1, 2, ["Russia", "China"], shared_yaxes=True, horizontal_spacing=0.02
    )
    assert shared["yaxis2"]["matches"] == "y" and shared_cells == [
        ("xaxis", "yaxis"),
        ("xaxis2", "yaxis2"),
    ]


@pytest.mark.parametrize(("text", "width", "expected"), [
    ("short", 10, "short"),
    ("Dwight D. Eisenhower, State of the Union, 1957", 44,
     "Dwight D. Eisenhower, State of\u2026Union, 1957"),
    ("abcdefghij", 7, "abcd\u2026ij"),
])
def test_shorten_middle_keeps_start_and_end(text, width, expected):
    out = shorten_middle(text, width)
    assert out == expected and len(out) <= width
