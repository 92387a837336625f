"""Collocates as a small network: the query in the middle, its strongest collocates around."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kit import schema as s
from kit.corpus import require_columns
from kit.plots.colors import REFERENCE_COLOR, TERM_PALETTE
from kit.plots.layout import figure_from, figure_layout, new_figure_spec, trace_spec

__all__ = ["collocates_spec", "plot_collocates"]


def collocates_spec(collocates: pd.DataFrame, *, top: int = 15, value: str = "log_dice",
                    title: str | None = None) -> dict:
    """A network of a query's strongest collocates: nearer and bigger is stronger.

    Parameters
    ----------
    collocates
        :func:`kit.collocates` output for one query and one group (filter a grouped table
        first). Not modified.
    top
        How many collocates to draw (the first ``top`` by ``value``).
    value
        The score that places them: ``"log_dice"`` (default), ``"ll"`` or ``"mi"``; the
        strongest sits nearest the query.
    title
        Figure title.

    Returns
    -------
    dict
        The figure as a plain spec, ``{"data": [trace dicts], "layout": {...}}``.
        Traces: ``"links"`` (a line from the query to each collocate), ``"collocates"``
        (one marker per collocate, sized by ``n``, its term as text, ``n`` and the score
        on hover) and ``"query"`` (the query's marker in the middle).
    """
    require_columns(collocates, ["query", s.TERM, "n", value], what="plot_collocates()",
                    hint="Pass kit.collocates(corpus, query) output.")
    rows = collocates.sort_values(value, ascending=False, kind="stable").head(top)
    k = len(rows)
    score = rows[value].to_numpy(dtype=float)
    spread = score.max() - score.min() if k else 0.0
    # Distance 1 for the strongest, 2 for the weakest; evenly round the circle.
    radius = 1.0 + ((score.max() - score) / spread if spread > 0 else np.zeros(k))
    angle = np.linspace(0, 2 * np.pi, k, endpoint=False) + np.pi / 2
    x, y = radius * np.cos(angle), radius * np.sin(angle)
    link_x = np.ravel(np.column_stack([np.zeros(k), x, np.full(k, np.nan)])).tolist()
    link_y = np.ravel(np.column_stack([np.zeros(k), y, np.full(k, np.nan)])).tolist()
    n = rows["n"].to_numpy(dtype=float)
    size = 10 + 30 * np.sqrt(n / n.max()) if k else n
    query = str(collocates["query"].iloc[0]) if len(collocates) else ""
    spec = new_figure_spec()
    spec["data"] = [
        trace_spec("scatter", name="links", x=link_x, y=link_y, mode="lines",
                   line={"color": "#cccccc", "width": 1}, hoverinfo="skip",
                   showlegend=False),
        trace_spec("scatter", name="collocates", x=x, y=y, mode="markers+text",
                   text=[str(t) for t in rows[s.TERM]], textposition="top center",
                   marker={"size": size, "color": TERM_PALETTE[0]},
                   customdata=np.column_stack([n, score]) if k else None,
                   hovertemplate="%{text}<br>%{customdata[0]:.0f} times near"
                                 f"<br>{value} %{{customdata[1]:.2f}}<extra></extra>",
                   showlegend=False),
        trace_spec("scatter", name="query", x=[0.0], y=[0.0], mode="markers+text",
                   text=[query], textposition="middle center",
                   marker={"size": 44, "color": REFERENCE_COLOR}, hoverinfo="skip",
                   showlegend=False),
    ]
    hidden = {"visible": False, "range": [-2.6, 2.6]}
    spec["layout"].update(figure_layout(title, xaxis=hidden, yaxis={**hidden,
                                                                     "scaleanchor": "x"}))
    return spec


plot_collocates = figure_from(collocates_spec)
