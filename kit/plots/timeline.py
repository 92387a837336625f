"""Timeline: who speaks when, each turn a bar along its document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kit import schema as s
from kit.corpus import require_columns, table_of
from kit.errors import KitError
from kit.plots.colors import colors_for, date_order, speakers_for
from kit.plots.layout import (
    as_str,
    category_axis,
    doc_labels,
    figure_from,
    figure_layout,
    new_figure_spec,
    plot_text,
    trace_spec,
)

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["timeline_spec", "plot_timeline"]


def timeline_spec(
    turns: pd.DataFrame | Corpus,
    *,
    doc_id: object | None = None,
    x: str = "words",
    lanes: str | None = None,
    speaker_order: Sequence | None = None,
    colors: Mapping | None = None,
    title: str | None = None,
) -> dict:
    """Who speaks when: each turn as a bar along its document.

    Parameters
    ----------
    turns
        One row per turn (``corpus.turns``) with ``doc_id``, ``turn_id``,
        ``speaker``, ``n_words`` (and ``start_s``/``end_s`` for ``x="seconds"``),
        or a Corpus. Not modified.
    doc_id
        Show only this document (default: all in ``turns``).
    x
        ``"words"`` (default): turns placed by words spoken before them;
        ``"seconds"``: by ``start_s``/``end_s``.
    lanes
        ``"speaker"`` (one row per speaker) or ``"doc_id"`` (one row per
        document, date order). Default: speakers for one document, else documents.
    speaker_order, colors
        Order and colours of speakers.
    title
        Figure title.

    Returns
    -------
    dict
        The figure as a plain spec, ``{"data": [trace dicts], "layout": {...}}``.
        Traces: one horizontal ``Bar`` per speaker in ``speaker_order`` (named
        for the speaker, in their colour), each bar one turn from its start
        (``base``) for its length.
    """
    turns = table_of(turns, "turns")
    require_columns(
        turns,
        [s.DOC_ID, s.TURN_ID, s.SPEAKER, s.N_WORDS],
        what="plot_timeline(turns)",
        hint="Pass corpus.turns.",
    )
    if x not in ("words", "seconds"):
        raise KitError(f"x={x!r} is not known; use 'words' or 'seconds'.")
    data = turns if doc_id is None else turns[turns[s.DOC_ID] == doc_id]
    if doc_id is not None and data.empty:
        raise KitError(f"plot_timeline: no turns with doc_id={doc_id!r}.")
    doc_ids = date_order(data, s.DOC_ID)
    if lanes is None:
        lanes = s.SPEAKER if len(doc_ids) <= 1 else s.DOC_ID
    if lanes not in (s.SPEAKER, s.DOC_ID):
        raise KitError(f"lanes={lanes!r} is not known; use 'speaker' or 'doc_id'.")
    data = (
        data.sort_values([s.DOC_ID, s.TURN_ID], kind="stable")
        if not isinstance(data[s.DOC_ID].dtype, pd.CategoricalDtype)
        else data.iloc[
            np.lexsort((data[s.TURN_ID].to_numpy(), data[s.DOC_ID].cat.codes.to_numpy()))
        ]
    )
    words = data[s.N_WORDS].fillna(0).to_numpy(dtype=float)
    if x == "seconds":
        require_columns(
            data,
            [s.START_S, s.END_S],
            what="plot_timeline(turns)",
            hint="This format has no times; use x='words'.",
        )
        start = data[s.START_S].to_numpy(dtype=float)
        length = data[s.END_S].to_numpy(dtype=float) - start
        axis_title = "seconds from the start"
    else:
        ends = (
            pd.Series(words, index=data.index)
            .groupby(data[s.DOC_ID].to_numpy(), sort=False)
            .cumsum()
            .to_numpy()
        )
        start = ends - words
        length = words
        axis_title = "words into the document"
    speakers = speakers_for(data, s.SPEAKER, speaker_order)
    palette = colors_for(turns, s.SPEAKER, speakers, colors)
    preview = (
        np.array(as_str(data[s.TEXT].astype(str).str.slice(0, 90)), dtype=object)
        if s.TEXT in data.columns
        else np.array([""] * len(data), dtype=object)
    )
    sp_values = data[s.SPEAKER].to_numpy()
    # Lane labels escaped once for plotly, as the axis' categories are (doc_labels escapes).
    if lanes == s.SPEAKER:
        lane_values = np.array(as_str(sp_values), dtype=object)
    else:
        doc_label = doc_labels(data, doc_ids, s.DOC_ID, None)
        lane_values = np.array([doc_label[d] for d in data[s.DOC_ID]], dtype=object)
    spec = new_figure_spec()
    for sp in speakers:
        sel = sp_values == sp
        spec["data"].append(
            trace_spec(
                "bar",
                base=start[sel],
                x=length[sel],
                y=list(lane_values[sel]),
                orientation="h",
                name=plot_text(sp),
                marker={"color": palette.get(sp), "line": {"width": 0}},
                customdata=np.column_stack(
                    [
                        np.array(as_str(data[s.DOC_ID].to_numpy()[sel]), dtype=object),
                        data[s.TURN_ID].to_numpy()[sel],
                        words[sel],
                        preview[sel],
                    ]
                )
                if sel.any()
                else None,
                hovertemplate=(
                    f"{plot_text(sp)}<br>%{{customdata[0]}} turn %{{customdata[1]}}: "
                    "%{customdata[2]:.0f} words<br>%{customdata[3]}<extra></extra>"
                ),
            )
        )
    lane_order = as_str(speakers) if lanes == s.SPEAKER else [doc_label[d] for d in doc_ids]
    spec["layout"].update(
        figure_layout(
            title,
            barmode="overlay",
            bargap=0.3,
            xaxis={"title": {"text": axis_title}, "rangemode": "tozero"},
            yaxis={
                **category_axis(lane_order, True),
                "type": "category",
                "title": {"text": "speaker" if lanes == s.SPEAKER else "document"},
            },
            height=max(300, 160 + 32 * len(lane_order)),
        )
    )
    spec["layout"]["legend"]["title"] = {"text": "speaker"}
    return spec


plot_timeline = figure_from(timeline_spec)

