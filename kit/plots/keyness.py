"""Keyness: diverging bars of the terms that most mark a group, and those it most avoids."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from kit import schema as s
from kit.corpus import require_columns
from kit.errors import KitError
from kit.plots.colors import REFERENCE_COLOR, colors_for, ordered_unique, value_label
from kit.plots.layout import (
    as_str,
    figure_from,
    figure_layout,
    legend_on_top,
    new_figure_spec,
    plot_text,
    trace_spec,
)

__all__ = ["keyness_spec", "plot_keyness"]


def keyness_spec(
    key: pd.DataFrame,
    *,
    by: str = s.SPEAKER,
    term: str = s.TERM,
    target: object | None = None,
    value: str = "z",
    top: int = 10,
    colors: Mapping | None = None,
    reference_label: str = "reference",
    title: str | None = None,
) -> dict:
    """Diverging bars: the terms that most mark a group, and those it most avoids.

    Parameters
    ----------
    key
        ``keyness`` output (one row per group and term). Not modified.
    by, term
        Columns of the groups and terms.
    target
        The group to show (default: the first group in the table).
    value
        Statistic to rank and draw: ``"z"`` (default), ``"delta"``, ``"g2"``,
        ``"log_ratio"``.
    top
        Terms on each side.
    colors
        Colours that win over :func:`speaker_colors`.
    reference_label
        Legend name of the other side.
    title
        Figure title (default: "<target> vs <reference_label>").

    Returns
    -------
    dict
        The figure as a plain spec, ``{"data": [trace dicts], "layout": {...}}``.
        Exactly two horizontal ``Bar`` traces: the ``top`` terms with the
        largest positive value (named for the target, in its colour), then the
        ``top`` most negative (named ``reference_label``, grey). Terms run from
        most to least distinctive, top to bottom.
    """
    require_columns(
        key, [by, term, value], what="plot_keyness(key)", hint="Pass keyness(tokens, ...) output."
    )
    groups = ordered_unique(key[by])
    if target is None:
        if not groups:
            raise KitError("plot_keyness: the keyness table is empty.")
        target = groups[0]
    elif target not in groups:
        raise KitError(f"plot_keyness: target={target!r} has no rows; groups: {groups[:8]}.")
    part = key[key[by] == target]
    up = part[part[value] > 0].nlargest(top, value)
    down = part[part[value] < 0].nsmallest(top, value)
    palette = colors_for(key, by, [target], colors)
    down = down.iloc[::-1]  # least negative first, so the most negative ends at the bottom
    spec = new_figure_spec()
    for frame, name, colour in (
        (up, plot_text(target), palette.get(target)),
        (down, plot_text(reference_label), REFERENCE_COLOR),
    ):
        hover = "%{y}: %{x:.3g}"
        if {"n", "n_ref"} <= set(frame.columns):
            hover += "<br>%{customdata[0]} times vs %{customdata[1]} in the reference"
        spec["data"].append(
            trace_spec(
                "bar",
                x=frame[value].to_numpy(),
                y=as_str(frame[term]),
                orientation="h",
                name=name,
                marker={"color": colour},
                hovertemplate=hover + f"<extra>{name}</extra>",
                customdata=frame[["n", "n_ref"]].to_numpy()
                if {"n", "n_ref"} <= set(frame.columns)
                else None,
            )
        )
    # The legend row and the title take about 60 px above the plot.
    height = max(300, 140 + 22 * (len(up) + len(down)))
    spec["layout"].update(
        figure_layout(
            title or f"{target} vs {reference_label}",
            xaxis={"title": {"text": value_label(value)}, "zeroline": True},
            yaxis={"categoryorder": "trace", "autorange": "reversed", "type": "category"},
            barmode="overlay",
            height=height,
        )
    )
    # Above the plot, not at its right: there the names were cut ("Jens Stoltenbe") when
    # the terms were short, as the right margin was too narrow for them.
    return legend_on_top(spec, height=height)


plot_keyness = figure_from(keyness_spec)

