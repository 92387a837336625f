"""Plotly figures of the kit's tables, with the same speaker colours and order in every one.

One module per chart family (:mod:`~kit.plots.top_terms`, :mod:`~kit.plots.term_usage`,
:mod:`~kit.plots.dispersion`, :mod:`~kit.plots.keyness`, :mod:`~kit.plots.share_of_voice`,
:mod:`~kit.plots.timeline`, :mod:`~kit.plots.collocates`); colours and orders in
:mod:`~kit.plots.colors`, the template and the plain-spec helpers in :mod:`~kit.plots.layout`.

Every chart is written once, as ``<name>_spec``: it takes a table first and keyword-only
options, and returns the figure as a plain spec (``{"data": [trace dicts], "layout": {...}}``),
which the dashboards hand to ``kit.apps.figurewidget.update_figure``. ``plot_<name>`` takes
the same arguments and returns that figure as a ``plotly.graph_objects.Figure``.

The traces of each figure depend only on the groups it shows (speakers, terms), never on the
values, so a dashboard can rebuild the figure with new data and restyle a ``FigureWidget`` in
place: pass the same ``speaker_order`` (and ``terms``) on every update and the trace list
stays the same. Each docstring lists the traces. ``kit.apps.figurewidget.update_figure``
copies traces and layout (the document order of dispersion, share-of-voice and timeline
figures lives in the layout). Bars of terms (top terms, keyness) keep their order in the
trace data, so a trace update re-orders them too.

Colours: :func:`speaker_colors` gives each speaker a colour from the order of the
``speaker`` categories (order of first appearance in the corpus), so a speaker keeps its
colour in every figure and in every filtered subset that keeps the categorical dtype. The
canonical questioner and unknown speaker are grey.
"""

from __future__ import annotations

from kit.plots.collocates import collocates_spec, plot_collocates
from kit.plots.colors import (
    NEUTRAL_COLORS,
    REFERENCE_COLOR,
    SPEAKER_PALETTE,
    TERM_PALETTE,
    category_orders,
    speaker_colors,
    speaker_order,
    value_label,
)
from kit.plots.dispersion import dispersion_spec, plot_dispersion
from kit.plots.keyness import keyness_spec, plot_keyness
from kit.plots.layout import (
    kit_template,
    message_spec,
    new_figure,
    new_figure_spec,
    plot_message,
    plot_text,
)
from kit.plots.share_of_voice import plot_share_of_voice, share_of_voice_spec
from kit.plots.term_usage import plot_term_usage, term_usage_spec
from kit.plots.timeline import plot_timeline, timeline_spec
from kit.plots.top_terms import plot_top_terms, top_terms_spec

__all__ = [
    "SPEAKER_PALETTE",
    "NEUTRAL_COLORS",
    "TERM_PALETTE",
    "REFERENCE_COLOR",
    "speaker_colors",
    "speaker_order",
    "value_label",
    "category_orders",
    "kit_template",
    "new_figure",
    "new_figure_spec",
    "message_spec",
    "plot_message",
    "plot_text",
    "plot_top_terms",
    "top_terms_spec",
    "plot_collocates",
    "collocates_spec",
    "plot_term_usage",
    "term_usage_spec",
    "plot_dispersion",
    "dispersion_spec",
    "plot_keyness",
    "keyness_spec",
    "plot_share_of_voice",
    "share_of_voice_spec",
    "plot_timeline",
    "timeline_spec",
]
