"""Dispersion (x-ray) plots: where each hit falls in each document, one strip per document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kit import schema as s
from kit.corpus import require_columns, table_of
from kit.plots.colors import colors_for, date_order, ordered_unique, speakers_for
from kit.plots.layout import (
    as_str,
    axis_ref,
    category_axis,
    doc_labels,
    figure_from,
    figure_layout,
    new_figure_spec,
    plot_text,
    subplot_layout,
    trace_spec,
)

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["dispersion_spec", "plot_dispersion"]

_POSITION_COLUMNS = ("relative_position", "rel_position", "position_relative", "position")


def _equals(column: pd.Series, value: object) -> np.ndarray:
    """``column == value`` as a numpy mask, missing values False (as a boolean index is)."""
    return (column == value).to_numpy(dtype=bool, na_value=False)


def dispersion_spec(
    hits: pd.DataFrame,
    *,
    documents: pd.DataFrame | Corpus | None = None,
    x: str | None = None,
    document: str = s.DOC_ID,
    term: str | None = None,
    speaker: str = s.SPEAKER,
    label: str | None = None,
    terms: Sequence[str] | None = None,
    speaker_order: Sequence | None = None,
    colors: Mapping | None = None,
    title: str | None = None,
    all_documents: bool = False,
    max_documents: int | None = None,
) -> dict:
    """X-ray plot: where each hit falls in each document, one strip per document.

    Parameters
    ----------
    hits
        One row per hit (``dispersion`` output) with the document, a relative
        position (0 = start, 1 = end), the speaker and the term. Not modified.
    documents
        The documents table (or a Corpus): strips in its date order (and labels
        from its columns). Default: documents with hits, in date order if
        ``hits`` has ``date``, else in the order of the data. Never
        alphabetical (the NLTK/quanteda dispersion-plot bug).
    x
        Column of the position (default: ``relative_position`` or the first
        such column present).
    document, speaker
        Column names.
    term
        Column of the query or term, one panel each (default: ``query`` as
        :func:`kit.terms.kwic.dispersion` names it, else ``term``).
    label
        Column of ``documents`` (or ``hits``) to label strips with (e.g.
        ``"title"``); default the document id.
    terms
        Terms to show, one panel each, in this order (default: all, in order).
    speaker_order, colors
        Order and colours of speakers.
    title
        Figure title.
    all_documents
        Give every document of ``documents`` a strip, also those without a hit
        (default: only documents with hits, so a chart of 237 documents shows
        the few the term occurs in).
    max_documents
        Draw at most this many documents, those with the most hits (ties: in date order),
        and say so in the title: "the 25 documents with most hits, of 177 with hits"
        (default: all).

    Returns
    -------
    dict
        The figure as a plain spec, ``{"data": [trace dicts], "layout": {...}}``.
        One panel per term (columns, sharing the document axis). Traces: for
        each term in order, one ``Scatter`` of vertical-line markers per speaker
        in ``speaker_order`` (named for the speaker, legend shown once per
        speaker; empty when the speaker has no hit for that term).
    """
    if x is None:
        x = next((c for c in _POSITION_COLUMNS if c in hits.columns), _POSITION_COLUMNS[0])
    if term is None:
        term = "query" if "query" in hits.columns else s.TERM
    require_columns(
        hits,
        [document, x, term],
        what="plot_dispersion(hits)",
        hint="Pass dispersion(...) output: one row per hit with its relative position.",
    )
    term_list = list(terms) if terms is not None else ordered_unique(hits[term])
    speakers = speakers_for(hits, speaker, speaker_order)
    palette = colors_for(hits, speaker, speakers, colors) if speaker in hits.columns else {}

    source = table_of(documents, "documents") if documents is not None else hits
    require_columns(source, [document], what="documents", hint="Pass corpus.documents.")
    doc_ids = date_order(source, document)
    if documents is not None and not all_documents:
        with_hits = set(hits[document].tolist())
        doc_ids = [d for d in doc_ids if d in with_hits]
    if max_documents is not None and len(doc_ids) > max_documents:
        n_hits = hits[document].value_counts(sort=False)
        shown = set(sorted(doc_ids, key=lambda d: -int(n_hits.get(d, 0)))[:max_documents])
        note = (f"the {max_documents:,} documents with most hits, of {len(doc_ids):,}"
                f"{' with hits' if not all_documents else ''}")
        title = f"{title} ({note})" if title else note.capitalize()
        doc_ids = [d for d in doc_ids if d in shown]
        hits = hits[hits[document].isin(shown)]
    label_of = doc_labels(source, doc_ids, document, label)

    n_panels = max(1, len(term_list))
    spec = new_figure_spec()
    layout = spec["layout"]
    grid, cells = subplot_layout(
        1, n_panels, as_str(term_list), shared_yaxes=True, horizontal_spacing=0.02
    )
    layout.update(grid)
    # Columns and masks once, as numpy: filtering the table per term and speaker was most of
    # the time of this spec.
    positions = hits[x].to_numpy(dtype=float)
    hit_docs = hits[document].to_numpy()
    everywhere = np.ones(len(hits), dtype=bool)
    by_speaker = {
        sp: _equals(hits[speaker], sp) if speaker in hits.columns else everywhere
        for sp in speakers
    }
    for i, t in enumerate(term_list):
        of_term = _equals(hits[term], t)
        xkey, ykey = cells[i]
        for sp in speakers:
            sel = of_term & by_speaker[sp]
            spec["data"].append(
                trace_spec(
                    "scatter",
                    x=positions[sel],
                    y=[label_of.get(d, str(d)) for d in hit_docs[sel]],
                    mode="markers",
                    name=plot_text(sp),
                    legendgroup=plot_text(sp),
                    showlegend=i == 0,
                    marker={
                        "symbol": "line-ns-open",
                        "size": 16,
                        "line": {"width": 2},
                        "color": palette.get(sp),
                    },
                    hovertemplate=(f"{plot_text(sp)}<br>%{{y}}<br>position %{{x:.2f}}"
                                   f"<extra>{plot_text(t)}</extra>"),
                    xaxis=axis_ref(xkey),
                    yaxis=axis_ref(ykey),
                )
            )
        layout[xkey]["range"] = [-0.02, 1.02]
        if i == 0:
            layout[xkey]["title"] = {"text": "position in document (0 = start, 1 = end)"}
    categories = [label_of[d] for d in doc_ids]
    for key in [k for k in layout if k.startswith("yaxis")]:  # the shared strips, each panel
        layout[key].update(type="category", **category_axis(list(categories), True))
    layout.update(figure_layout(title, height=max(250, 120 + 28 * len(doc_ids))))
    layout["legend"]["title"] = {"text": "speaker"}
    return spec


plot_dispersion = figure_from(dispersion_spec)
