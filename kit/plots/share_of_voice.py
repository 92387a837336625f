"""Share of voice: stacked bars of who holds the floor in each document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from kit import schema as s
from kit.corpus import require_columns, table_of
from kit.plots.colors import colors_for, date_order, speakers_for, value_label
from kit.plots.layout import (
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

__all__ = ["share_of_voice_spec", "plot_share_of_voice"]

_PERCENT = {"share_of_words", "share_of_turns"}


def share_of_voice_spec(
    summary: pd.DataFrame | Corpus,
    *,
    document: str = s.DOC_ID,
    speaker: str = s.SPEAKER,
    value: str = "share_of_words",
    documents: pd.DataFrame | Corpus | None = None,
    label: str | None = None,
    speaker_order: Sequence | None = None,
    colors: Mapping | None = None,
    title: str | None = None,
) -> dict:
    """Stacked bars of who holds the floor in each document.

    Parameters
    ----------
    summary
        ``speaker_summary(turns, by="doc_id")`` output, or a turns table or a
        Corpus (summarised first). Not modified.
    document, speaker
        Column names.
    value
        ``"share_of_words"`` (default, in %), ``"share_of_turns"``,
        ``"n_words"`` or ``"n_turns"``.
    documents
        The documents table (or a Corpus), to order bars by its dates (default: the
        ``date`` column of ``summary`` when present, else the data's order).
    label
        Column to label the bars with (e.g. ``"title"``); default the id.
    speaker_order, colors
        Order (bottom to top of each stack, and in the legend) and colours.
    title
        Figure title.

    Returns
    -------
    dict
        The figure as a plain spec, ``{"data": [trace dicts], "layout": {...}}``.
        Traces: one ``Bar`` per speaker in ``speaker_order`` (named for the
        speaker, in their colour), stacked; documents along x in date order.
    """
    summary = table_of(summary, "turns")
    if value not in summary.columns and s.TURN_ID in summary.columns:
        from kit.terms.summary import speaker_summary

        summary = speaker_summary(summary, by=document, speaker=speaker)
    require_columns(
        summary,
        [document, speaker, value],
        what="plot_share_of_voice(summary)",
        hint="Pass speaker_summary(turns, by='doc_id') or a turns table.",
    )
    speakers = speakers_for(summary, speaker, speaker_order)
    palette = colors_for(summary, speaker, speakers, colors)
    source = summary if documents is None else table_of(documents, "documents")
    doc_ids = date_order(source, document)
    doc_ids = [d for d in doc_ids if d in set(summary[document])] if documents is None else doc_ids
    label_of = doc_labels(source, doc_ids, document, label)
    scale = 100.0 if value in _PERCENT else 1.0
    spec = new_figure_spec()
    for sp in speakers:
        part = summary[summary[speaker] == sp]
        spec["data"].append(
            trace_spec(
                "bar",
                x=[label_of.get(d, str(d)) for d in part[document]],
                y=part[value].to_numpy(dtype=float) * scale,
                name=plot_text(sp),
                marker={"color": palette.get(sp)},
                hovertemplate=(
                    f"{plot_text(sp)}<br>%{{x}}<br>%{{y:.3g}} {value_label(value)}<extra></extra>"
                ),
            )
        )
    spec["layout"].update(
        figure_layout(
            title,
            barmode="stack",
            xaxis={
                "title": {"text": "document"},
                **category_axis([label_of[d] for d in doc_ids], False),
                "type": "category",
                "tickangle": -45 if len(doc_ids) > 6 else 0,
            },
            yaxis={"title": {"text": value_label(value)}},
            height=max(400, 300 + 6 * max((len(v) for v in label_of.values()), default=0)),
        )
    )
    spec["layout"]["legend"]["title"] = {"text": "speaker"}
    return spec


plot_share_of_voice = figure_from(share_of_voice_spec)

