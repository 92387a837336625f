"""Keyness figure: diverging bars of a group against the reference."""

from __future__ import annotations

import pandas as pd
import pytest
from plot_fixtures import cat

from kit import plots
from kit.errors import KitError
from kit.plots import plot_keyness


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


def test_keyness_legend_is_a_row_above_the_plot_not_in_a_right_margin():
    # Short terms and long names: at the right, the legend sat in a margin too narrow for
    # the names ("Jens Stoltenbe", "the other spea" were cut).
    key = pd.DataFrame({"speaker": pd.Categorical(["Jens Stoltenberg"] * 3),
                        "term": ["nato", "time", "alliance"], "z": [0.6, 0.1, -0.2]})
    fig = plot_keyness(key, reference_label="the other speakers")
    legend = fig.layout.legend
    assert (legend.orientation, legend.x, legend.xanchor) == ("h", 0, "left")
    assert legend.yref == "container" and legend.yanchor == "top"
    # Under the title, inside the figure, and the plot starts below it.
    assert 0 < legend.y < 1 and fig.layout.title.yref == "container"
    assert fig.layout.margin.r is None  # no margin sized at the right for it
    assert [t.name for t in fig.data] == ["Jens Stoltenberg", "the other speakers"]
