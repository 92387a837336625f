"""Top terms: each group's most used terms, one bar panel per speaker."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from kit import schema as s
from kit.corpus import require_columns
from kit.plots.colors import colors_for, speakers_for, value_label
from kit.plots.layout import (
    as_str,
    axis_ref,
    figure_from,
    figure_layout,
    new_figure_spec,
    plot_text,
    subplot_layout,
    trace_spec,
)
from kit.read.words import NUMBER_TERM

__all__ = ["top_terms_spec", "plot_top_terms"]


def top_terms_spec(
    counts: pd.DataFrame,
    *,
    by: str = s.SPEAKER,
    term: str = s.TERM,
    value: str = "n",
    top: int = 10,
    speaker_order: Sequence | None = None,
    colors: Mapping | None = None,
    columns: int = 3,
    title: str | None = None,
    numbers: bool = False,
    min_width: int = 640,
    positive: bool = False,
    empty_text: str = "no terms",
) -> dict:
    """Bar charts of each group's most used terms, one panel per speaker.

    Parameters
    ----------
    counts
        One row per group and term (``count_terms`` output, or ``keyness`` /
        ``tf_idf`` output with ``value="z"`` / ``"tf_idf"``). Not modified.
    by, term
        Columns of the groups (one panel each) and the terms.
    value
        Column to rank and draw: ``"n"`` (count), ``"per_1k"`` (per 1,000
        words), or any numeric column.
    top
        Terms per panel.
    speaker_order
        Panels to show, in this order (default: groups present, in category order).
    colors
        Colours that win over :func:`speaker_colors`.
    columns
        Panels per row.
    title
        Figure title.
    numbers
        Rank terms that are only numbers too (years, amounts:
        :data:`kit.read.words.NUMBER_TERM`); by default they are left out, as they say little
        about what a group talks about.
    min_width
        The narrowest width in pixels the chart is drawn at (its column in a 1024 px
        window): panels are spaced so that the longest term shown fits beside its panel's
        bars at that width (a longer term ran over the bars of the panel to its left).
    positive
        Show only terms whose value is above 0: with keyness ``z``, the words a group
        uses more than the others (a "most distinctive" panel showed words it avoids).
    empty_text
        Said in the middle of a panel with no term to show (escaped).

    Returns
    -------
    dict
        The figure as a plain spec, ``{"data": [trace dicts], "layout": {...}}``.
        Traces: one horizontal ``Bar`` per group in ``speaker_order`` (named for
        the group, in the group's colour; empty when the group has no rows), in
        panel ``i + 1``. Largest value at the top of each panel. A panel with no
        term has hidden axes and ``empty_text`` as an annotation in its middle.
    """
    require_columns(
        counts,
        [by, term, value],
        what="plot_top_terms(counts)",
        hint="Pass count_terms(tokens, by=...) output, one row per group and term.",
    )
    groups = speakers_for(counts, by, speaker_order)
    if not numbers:
        counts = counts[~counts[term].astype(str).str.fullmatch(NUMBER_TERM).to_numpy()]
    if positive:
        counts = counts[(counts[value] > 0).to_numpy()]
    palette = colors_for(counts, by, groups, colors)
    n_cols = max(1, min(columns, len(groups) or 1))
    n_rows = max(1, math.ceil(len(groups) / n_cols))
    ranked = counts.sort_values(value, ascending=False, kind="stable")
    parts = [ranked[ranked[by] == group].head(top) for group in groups]
    longest = max((len(str(t)) for part in parts for t in part[term]), default=0)
    # About 7 px a character of a 12 px tick label, and a gap; never wider than the grid.
    spacing = max(0.25 / n_cols + 0.05, (7 * longest + 16) / min_width)
    spacing = min(spacing, 0.8 / max(1, n_cols - 1))
    spec = new_figure_spec()
    layout = spec["layout"]
    grid, cells = subplot_layout(
        n_rows,
        n_cols,
        as_str(groups),
        horizontal_spacing=spacing,
        vertical_spacing=0.35 / n_rows,
    )
    layout.update(grid)
    for i, (group, part) in enumerate(zip(groups, parts, strict=True)):
        r = i // n_cols
        xkey, ykey = cells[i]
        spec["data"].append(
            trace_spec(
                "bar",
                x=part[value].to_numpy(),
                y=as_str(part[term]),
                orientation="h",
                name=plot_text(group),
                marker={"color": palette.get(group)},
                showlegend=False,
                hovertemplate=(
                    f"%{{y}}: %{{x}} {value_label(value)}<extra>{plot_text(group)}</extra>"
                ),
                xaxis=axis_ref(xkey),
                yaxis=axis_ref(ykey),
            )
        )
        # Terms in the order of the trace (largest first, at the top): a data update
        # re-orders the axis by itself.
        layout[ykey].update(categoryorder="trace", autorange="reversed", type="category")
        if n_cols == 1 and (r == n_rows - 1 or i + n_cols >= len(groups)):
            layout[xkey]["title"] = {"text": value_label(value)}
        if not len(part):
            # Said, rather than empty axes from -1 to 6 that read as "no data".
            layout[xkey]["visible"] = layout[ykey]["visible"] = False
            layout.setdefault("annotations", []).append(
                {"text": plot_text(empty_text), "xref": f"{axis_ref(xkey)} domain",
                 "yref": f"{axis_ref(ykey)} domain", "x": 0.5, "y": 0.5,
                 "showarrow": False, "font": {"color": "#666"}})
    if n_cols > 1:
        # Once, centred under the grid: a title under each column overlaps its neighbours.
        layout.setdefault("annotations", []).append(
            {"text": value_label(value), "xref": "paper", "yref": "paper", "x": 0.5, "y": 0,
             "xanchor": "center", "yanchor": "top", "yshift": -32, "showarrow": False})
    layout.update(figure_layout(title, height=max(300, 60 + n_rows * (22 * top + 60)), bargap=0.25))
    return spec


plot_top_terms = figure_from(top_terms_spec)

