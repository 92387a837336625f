"""Plotly figures of the kit's tables, with the same speaker colours and order in every one.

Every function takes a table first and keyword-only options, and returns a
``plotly.graph_objects.Figure``. The traces of each figure depend only on the
groups it shows (speakers, terms), never on the values, so a dashboard can
rebuild the figure with new data and restyle a ``FigureWidget`` in place:
pass the same ``speaker_order`` (and ``terms``) on every update and the trace
list stays the same. Each docstring lists the traces. :func:`trace_updates`
gives just the data of each trace; ``kit.apps.figurewidget.update_figure`` copies
traces and layout (the document order of dispersion, share-of-voice and
timeline figures lives in the layout). Bars of terms (top terms, keyness) keep
their order in the trace data, so a trace update re-orders them too.

Colours: :func:`speaker_colors` gives each speaker a colour from the order of
the ``speaker`` categories (order of first appearance in the corpus), so a
speaker keeps its colour in every figure and in every filtered subset that
keeps the categorical dtype. The canonical questioner and unknown speaker are
grey.
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kit import schema as s
from kit.corpus import require_columns, table_of
from kit.errors import KitError

if TYPE_CHECKING:
    from kit.corpus import Corpus

try:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots
except ImportError as error:  # plotly comes with the dashboard extra
    raise ImportError(
        "kit.plots draws with plotly, which is not installed. Install the dashboard extra: "
        "pip install 'turnkit[dashboard]'."
    ) from error

__all__ = [
    "SPEAKER_PALETTE",
    "TERM_PALETTE",
    "speaker_colors",
    "speaker_order",
    "value_label",
    "category_orders",
    "kit_template",
    "new_figure",
    "trace_updates",
    "plot_top_terms",
    "plot_term_usage",
    "plot_dispersion",
    "plot_keyness",
    "plot_share_of_voice",
    "plot_timeline",
]

# Tableau 10, then plotly's Dark24 (minus its near-black): distinct hues, readable on white.
# Greys are left out: they belong to the questioner and unknown speakers.
SPEAKER_PALETTE = [
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
    "#9C755F", "#2E91E5", "#E15F99", "#1CA71C", "#FB0D0D", "#DA16FF", "#B68100", "#750D86",
    "#EB663B", "#511CFB", "#00A08B", "#FB00D1", "#FC0080", "#B2828D", "#6C7C32", "#778AAE",
    "#862A16", "#A777F1", "#620042", "#1616A7", "#DA60CA", "#6C4516", "#0D2A63", "#AF0038",
]  # fmt: skip
# Questioners and unknown speakers recede so the officials stand out.
NEUTRAL_COLORS = {s.QUESTIONER: "#8C8C8C", s.UNKNOWN_SPEAKER: "#C7C7C7"}
# Terms get their own palette (Dark2) so a term line is never mistaken for a speaker.
TERM_PALETTE = [
    "#1B9E77",
    "#D95F02",
    "#7570B3",
    "#E7298A",
    "#66A61E",
    "#E6AB02",
    "#A6761D",
    "#666666",
]
REFERENCE_COLOR = "#9E9E9E"

_VALUE_LABELS = {
    "n": "count",
    "per_1k": "per 1,000 words",
    "per_1k_ref": "per 1,000 words (reference)",
    "n_words": "words",
    "n_turns": "turns",
    "share_of_words": "share of words (%)",
    "share_of_turns": "share of turns (%)",
    "tf_idf": "tf-idf",
    "z": "z-score of the log-odds ratio (informative Dirichlet prior)",
    "delta": "log-odds ratio (informative Dirichlet prior)",
    "g2": "log-likelihood G² (signed)",
    "log_ratio": "Log Ratio (log2 of the ratio of rates)",
    "llr": "log-likelihood ratio",
    "pmi": "pointwise mutual information (bits)",
}
_PERCENT = {"share_of_words", "share_of_turns"}
_TIME_COLUMNS = ("period", "date", "month", "year", "week", "day")
_POSITION_COLUMNS = ("relative_position", "rel_position", "position_relative", "position")


def value_label(value: str) -> str:
    """Axis title that says what a column's value is (``"per_1k"`` -> ``"per 1,000 words"``)."""
    return _VALUE_LABELS.get(value, value.replace("_", " "))


def _ordered_unique(values: pd.Series) -> list:
    """Values in category order (categoricals, observed only) or order of first appearance."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        present = set(values.dropna().unique())
        return [c for c in values.cat.categories if c in present]
    return list(pd.unique(values.dropna()))


def speaker_order(
    data: pd.DataFrame | pd.Series, *, speaker: str = s.SPEAKER, order: Sequence | None = None
) -> list:
    """The speakers a figure shows, in the order it shows them.

    Parameters
    ----------
    data
        A table with a ``speaker`` column, or the column itself.
    speaker
        Name of the column.
    order
        An explicit order (it wins, and may list speakers absent from ``data``:
        they get empty traces, which keeps a widget's trace list stable).

    Returns
    -------
    list
        ``order`` if given, else the speakers present in ``data`` in the order
        of their categories (first appearance), or of first appearance.
    """
    if order is not None:
        return list(order)
    column = data if isinstance(data, pd.Series) else data[speaker]
    return _ordered_unique(column)


def speaker_colors(
    speakers: Iterable | pd.Series | pd.DataFrame,
    *,
    palette: Sequence[str] | None = None,
    colors: Mapping | None = None,
) -> dict:
    """Give every speaker a colour that stays the same across figures.

    Parameters
    ----------
    speakers
        All speakers in their canonical order: a categorical ``speaker`` column
        (its categories, used or not, fix the colours), a table holding one, or
        a list.
    palette
        Colours to hand out in order (default :data:`SPEAKER_PALETTE`); reused
        from the start when there are more speakers than colours.
    colors
        Colours that win over the palette, e.g. ``{"Ned Price": "#000000"}``.

    Returns
    -------
    dict
        Speaker -> CSS colour. The questioner and unknown speaker are grey and
        take no palette slot.
    """
    if isinstance(speakers, pd.DataFrame):
        speakers = speakers[s.SPEAKER]
    if isinstance(speakers, pd.Series):
        names = (
            list(speakers.cat.categories)
            if isinstance(speakers.dtype, pd.CategoricalDtype)
            else list(pd.unique(speakers.dropna()))
        )
    else:
        names = list(dict.fromkeys(speakers))
    palette = list(palette or SPEAKER_PALETTE)
    out: dict = {}
    slot = 0
    for name in names:
        if name in NEUTRAL_COLORS:
            out[name] = NEUTRAL_COLORS[name]
        else:
            out[name] = palette[slot % len(palette)]
            slot += 1
    if colors:
        out.update(colors)
    return out


def category_orders(
    data: pd.DataFrame,
    *,
    speaker_order: Sequence | None = None,
    documents: pd.DataFrame | Corpus | None = None,
) -> dict:
    """Category orders for plotly express, matching the kit's own figures.

    Parameters
    ----------
    data
        Any kit table with a ``speaker`` and/or ``doc_id`` column.
    speaker_order
        Explicit speaker order (default: categories present, first appearance).
    documents
        The documents table (or a Corpus) to order ``doc_id`` by date.

    Returns
    -------
    dict
        ``{"speaker": [...], "doc_id": [...]}`` (the keys whose columns exist), to
        pass as ``category_orders=`` with ``color_discrete_map=speaker_colors(...)``.
    """
    out: dict = {}
    if s.SPEAKER in data.columns or speaker_order is not None:
        out[s.SPEAKER] = _speakers_for(data, s.SPEAKER, speaker_order)
    if s.DOC_ID in data.columns:
        source = data if documents is None else table_of(documents, "documents")
        out[s.DOC_ID] = _date_order(source, s.DOC_ID)
    return out


def trace_updates(figure: go.Figure) -> list[dict]:
    """The data of each trace of ``figure``, to restyle a ``FigureWidget`` in place.

    Build the new figure with the same options (same ``speaker_order``, ``terms``)
    so its trace list matches the widget's, then::

        with widget.batch_update():
            for trace, update in zip(widget.data, trace_updates(new_figure)):
                trace.update(update)

    Returns
    -------
    list of dict
        Per trace: its ``name`` and the data arrays it has among ``x``, ``y``,
        ``base``, ``customdata`` (empty tuples for an empty trace).
    """
    keys = ("x", "y", "base", "customdata")
    out = []
    for trace in figure.data:
        update = {"name": trace.name}
        for key in keys:
            if key in trace and (trace[key] is not None or key in ("x", "y")):
                update[key] = trace[key] if trace[key] is not None else ()
        out.append(update)
    return out


def _speakers_for(data: pd.DataFrame, speaker: str, order: Sequence | None) -> list:
    """Speakers for traces: ``order`` if given, else those present (category order)."""
    if order is not None:
        return list(order)
    if speaker not in data.columns:
        return [None]
    return _ordered_unique(data[speaker])


def _colors_for(data: pd.DataFrame, column: str, shown: list, colors: Mapping | None) -> dict:
    """Colours for ``shown`` values, assigned from the full categories of ``data[column]``."""
    base = speaker_colors(data[column]) if column in data.columns else {}
    missing = [v for v in shown if v not in base]
    if missing:  # values named only in speaker_order: continue the palette after the others
        extra = speaker_colors(list(base) + missing)
        base.update({v: extra[v] for v in missing})
    if colors:
        base.update(colors)
    return base


def _term_colors(terms: list, colors: Mapping | None) -> dict:
    out = {t: TERM_PALETTE[i % len(TERM_PALETTE)] for i, t in enumerate(terms)}
    if colors:
        out.update({t: c for t, c in colors.items() if t in out})
    return out


def _as_str(values: Iterable) -> list[str]:
    return [str(v) for v in values]


def _date_order(frame: pd.DataFrame, key: str, date: str = s.DATE) -> list:
    """Values of ``key`` in date order (stable: ties and missing dates keep data order)."""
    firsts = frame.drop_duplicates(key)
    if date in firsts.columns:
        dates = pd.to_datetime(firsts[date], errors="coerce")
        firsts = firsts.assign(_date=dates).sort_values("_date", kind="stable", na_position="last")
    return list(firsts[key])


def _doc_labels(
    source: pd.DataFrame, doc_ids: list, key: str, label: str | None, width: int = 44
) -> dict:
    """Short, unique axis labels for documents: ``label`` column, else date and title, else id.

    Long labels are cut to ``width`` characters with an ellipsis; repeats get ``(2)``, ``(3)``.
    """
    firsts = source.drop_duplicates(key).set_index(key)
    if label is not None:
        require_columns(source, [label], what="the documents", hint="Pick a column for label=.")
        raw = {d: str(firsts[label].get(d, d)) for d in doc_ids}
    elif {s.DATE, s.TITLE} <= set(firsts.columns):
        dates = pd.to_datetime(firsts[s.DATE], errors="coerce")
        raw = {}
        for d in doc_ids:
            when, what = dates.get(d), firsts[s.TITLE].get(d)
            parts = [
                when.strftime("%Y-%m-%d") if isinstance(when, pd.Timestamp) else "",
                "" if what is None or pd.isna(what) else " ".join(str(what).split()),
            ]
            raw[d] = " ".join(p for p in parts if p) or str(d)
    else:
        raw = {d: str(d) for d in doc_ids}
    out: dict = {}
    seen: dict[str, int] = {}
    for d in doc_ids:
        text = raw[d] if len(raw[d]) <= width else raw[d][: width - 1].rstrip() + "\u2026"
        seen[text] = seen.get(text, 0) + 1
        out[d] = text if seen[text] == 1 else f"{text} ({seen[text]})"
    return out


def _category_axis(categories: list[str], top_down: bool) -> dict:
    """Axis settings that show every category in this order, also those without data.

    An explicit range (rather than plotly's autorange, which may drop a category that has
    no data at the start) keeps each document's strip; ``top_down`` puts the first on top.
    """
    axis: dict = {"categoryorder": "array", "categoryarray": categories}
    if categories:
        span = [-0.5, len(categories) - 0.5]
        axis["range"] = span[::-1] if top_down else span
    elif top_down:
        axis["autorange"] = "reversed"
    return axis


#: Layout keys of plotly's ``plotly_white`` template that the kit's bar and line charts use.
_TEMPLATE_LAYOUT = ("autotypenumbers", "colorway", "font", "hovermode", "hoverlabel",
                    "paper_bgcolor", "plot_bgcolor", "xaxis", "yaxis", "title")


@functools.cache
def kit_template() -> go.layout.Template:
    """The kit's look: ``plotly_white`` cut down to bar and line charts on x/y axes.

    The whole template (7 kB, every trace type) is validated and deep-copied into each new
    figure, twice when a figure starts from plotly's default; that was half the time of a
    dashboard refresh. This one gives the same look for what the kit draws.
    """
    import plotly.io as pio

    white = pio.templates["plotly_white"]
    layout = {key: white.layout[key] for key in _TEMPLATE_LAYOUT}
    return go.layout.Template(layout=layout,
                              data={"bar": white.data.bar, "scatter": white.data.scatter})


def new_figure(title: str | None = None, **layout) -> go.Figure:
    """An empty figure in the kit's template, with ``title`` and other layout keys."""
    return go.Figure(_new_figure_spec(title, **layout))


# --- plain specs ---------------------------------------------------------------------------
# Each figure is built as plain dicts and validated once by go.Figure(spec): add_trace,
# update_layout and make_subplots validate and walk plotly's property tree on every call,
# which was most of a dashboard refresh. A ``_<name>_spec`` function gives the spec of
# ``plot_<name>`` ({"data": [trace dicts], "layout": dict}), as go.Figure normalises it:
# no None values (plotly drops them), compound keys spelled out ({"marker": {"color": ...}}).


@functools.cache
def _template_json() -> dict:
    return kit_template().to_plotly_json()


def _new_figure_spec(title: str | None = None, **layout) -> dict:
    """The spec of :func:`new_figure`: no traces; ``layout`` keys are passed as given."""
    template = copy.deepcopy(_template_json())  # the cached dict stays untouched by callers
    return {"data": [], "layout": {"template": template, **_figure(title, **layout)}}


def _figure(title: str | None, **layout) -> dict:
    base = {"legend": {"traceorder": "normal"}}
    if title:
        base["title"] = {"text": title}
    base.update(layout)
    return base


def _trace(kind: str, **props) -> dict:
    """A trace dict as plotly keeps it: None values and the dicts they leave empty dropped."""

    def clean(d: dict) -> dict:
        out = {}
        for key, value in d.items():
            if isinstance(value, dict):
                value = clean(value)
                if not value:
                    continue
            if value is not None:
                out[key] = value
        return out

    return {"type": kind, **clean(props)}


@functools.cache
def _subplot_grid(
    rows: int,
    cols: int,
    shared_yaxes: bool,
    horizontal_spacing: float | None,
    vertical_spacing: float | None,
    titled: tuple[bool, ...],
) -> tuple[dict, tuple[tuple[str, str], ...]]:
    """make_subplots' layout (no template) and each cell's axis keys, row by row.

    Placeholder titles: only which cells have one changes the annotations plotly makes.
    """
    fig = make_subplots(
        rows=rows,
        cols=cols,
        shared_yaxes=shared_yaxes,
        subplot_titles=[f"title {i}" if t else "" for i, t in enumerate(titled)] or None,
        horizontal_spacing=horizontal_spacing,
        vertical_spacing=vertical_spacing,
    )
    layout = fig.layout.to_plotly_json()
    layout.pop("template", None)
    cells = []
    for r in range(rows):
        for c in range(cols):
            cell = fig.get_subplot(r + 1, c + 1)
            cells.append((cell.xaxis.plotly_name, cell.yaxis.plotly_name))
    return layout, tuple(cells)


def _subplot_layout(
    rows: int,
    cols: int,
    titles: Sequence[str],
    *,
    shared_yaxes: bool = False,
    horizontal_spacing: float | None = None,
    vertical_spacing: float | None = None,
) -> tuple[dict, list[tuple[str, str]]]:
    """Axes, domains and title annotations of ``make_subplots(...)``, as a fresh dict.

    Returns the layout and, per cell (row by row), its axis layout keys (``"xaxis2"``,
    ``"yaxis2"``); a trace in the cell refers to them as ``"x2"``, ``"y2"``.
    """
    titles = list(titles)[: rows * cols]  # plotly drops titles beyond the last cell
    layout, cells = _subplot_grid(
        rows, cols, shared_yaxes, horizontal_spacing, vertical_spacing,
        tuple(bool(t) for t in titles),
    )
    layout = copy.deepcopy(layout)  # the cached one is shared by every figure of this shape
    # plotly makes one annotation per non-empty title, in cell order.
    for annotation, text in zip(layout.get("annotations", ()), [t for t in titles if t],
                                strict=True):
        annotation["text"] = text
    return layout, list(cells)


def _equals(column: pd.Series, value: object) -> np.ndarray:
    """``column == value`` as a numpy mask, missing values False (as a boolean index is)."""
    return (column == value).to_numpy(dtype=bool, na_value=False)


def _axis_ref(key: str) -> str:
    """The trace's reference to a layout axis: ``"xaxis2"`` -> ``"x2"``."""
    return key.replace("axis", "", 1)


# --- top terms -----------------------------------------------------------------------------


def plot_top_terms(
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
) -> go.Figure:
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

    Returns
    -------
    plotly.graph_objects.Figure
        Traces: one horizontal ``Bar`` per group in ``speaker_order`` (named for
        the group, in the group's colour; empty when the group has no rows), in
        panel ``i + 1``. Largest value at the top of each panel.
    """
    return go.Figure(
        _top_terms_spec(
            counts, by=by, term=term, value=value, top=top, speaker_order=speaker_order,
            colors=colors, columns=columns, title=title,
        )
    )


def _top_terms_spec(
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
) -> dict:
    """The plain spec of :func:`plot_top_terms` (same arguments)."""
    require_columns(
        counts,
        [by, term, value],
        what="plot_top_terms(counts)",
        hint="Pass count_terms(tokens, by=...) output, one row per group and term.",
    )
    groups = _speakers_for(counts, by, speaker_order)
    palette = _colors_for(counts, by, groups, colors)
    n_cols = max(1, min(columns, len(groups) or 1))
    n_rows = max(1, math.ceil(len(groups) / n_cols))
    spec = _new_figure_spec()
    layout = spec["layout"]
    grid, cells = _subplot_layout(
        n_rows,
        n_cols,
        _as_str(groups),
        horizontal_spacing=0.25 / n_cols + 0.05,
        vertical_spacing=0.35 / n_rows,
    )
    layout.update(grid)
    ranked = counts.sort_values(value, ascending=False, kind="stable")
    for i, group in enumerate(groups):
        part = ranked[ranked[by] == group].head(top)
        r = i // n_cols
        xkey, ykey = cells[i]
        spec["data"].append(
            _trace(
                "bar",
                x=part[value].to_numpy(),
                y=_as_str(part[term]),
                orientation="h",
                name=str(group),
                marker={"color": palette.get(group)},
                showlegend=False,
                hovertemplate=f"%{{y}}: %{{x}} {value_label(value)}<extra>{group}</extra>",
                xaxis=_axis_ref(xkey),
                yaxis=_axis_ref(ykey),
            )
        )
        # Terms in the order of the trace (largest first, at the top): a data update
        # re-orders the axis by itself.
        layout[ykey].update(categoryorder="trace", autorange="reversed", type="category")
        if n_cols == 1 and (r == n_rows - 1 or i + n_cols >= len(groups)):
            layout[xkey]["title"] = {"text": value_label(value)}
    if n_cols > 1:
        # Once, centred under the grid: a title under each column overlaps its neighbours.
        layout.setdefault("annotations", []).append(
            {"text": value_label(value), "xref": "paper", "yref": "paper", "x": 0.5, "y": 0,
             "xanchor": "center", "yanchor": "top", "yshift": -32, "showarrow": False})
    layout.update(_figure(title, height=max(300, 60 + n_rows * (22 * top + 60)), bargap=0.25))
    return spec


# --- term usage ----------------------------------------------------------------------------


def plot_term_usage(
    usage: pd.DataFrame,
    *,
    x: str | None = None,
    term: str = s.TERM,
    value: str = "per_1k",
    terms: Sequence[str] | None = None,
    color: str | None = None,
    speaker_order: Sequence | None = None,
    colors: Mapping | None = None,
    title: str | None = None,
) -> go.Figure:
    """Rates of chosen terms over time (lines) or by speaker (bars).

    Parameters
    ----------
    usage
        One row per group and term with ``n`` and ``n_words`` (or ``value``):
        ``term_usage`` output, or ``count_terms`` output by speaker or period.
        Not modified.
    x
        Column along the x axis. Default: a time column (``period``, ``date``,
        ``month``, ``year`` ...) if there is one, else ``speaker``. A time axis
        draws lines, any other column grouped bars.
    term
        Column of the terms.
    value
        ``"per_1k"`` (default, per 1,000 words) or ``"n"`` (count). When rows
        must be combined (e.g. a time axis with one row per speaker), counts are
        summed and the rate recomputed from ``n`` and ``n_words``.
    terms
        Terms to show, in this order (default: all, in category order). Fixes
        the trace list for in-place updates.
    color
        Column that splits the traces: ``term`` (default) or ``speaker`` (then
        the data should hold one term; lines or bars per speaker in speaker colours).
    speaker_order, colors
        Order and colours of speakers (on the x axis or as traces).
    title
        Figure title.

    Returns
    -------
    plotly.graph_objects.Figure
        Traces: one ``Scatter`` (lines+markers, time axis) or ``Bar`` per term
        in ``terms`` order (or per speaker with ``color="speaker"``), named for
        it; empty when it has no rows.
    """
    return go.Figure(
        _term_usage_spec(
            usage, x=x, term=term, value=value, terms=terms, color=color,
            speaker_order=speaker_order, colors=colors, title=title,
        )
    )


def _term_usage_spec(
    usage: pd.DataFrame,
    *,
    x: str | None = None,
    term: str = s.TERM,
    value: str = "per_1k",
    terms: Sequence[str] | None = None,
    color: str | None = None,
    speaker_order: Sequence | None = None,
    colors: Mapping | None = None,
    title: str | None = None,
) -> dict:
    """The plain spec of :func:`plot_term_usage` (same arguments)."""
    if x is None:
        x = next((c for c in _TIME_COLUMNS if c in usage.columns), s.SPEAKER)
    color = color or term
    if isinstance(usage, pd.DataFrame) and usage.empty:
        # Nothing to draw: keep the traces (one per term) and axes, whatever the columns.
        missing = [c for c in dict.fromkeys([term, x, color, value]) if c not in usage.columns]
        usage = usage.assign(**{c: pd.Series([], dtype=float) for c in missing})
    require_columns(
        usage,
        [term],
        what="plot_term_usage(usage)",
        hint="Pass term_usage(...) or count_terms(...) output.",
    )
    require_columns(
        usage,
        [x, color],
        what="plot_term_usage(usage)",
        hint="Name the x axis with x= and the trace column with color=.",
    )
    is_time = (
        x in _TIME_COLUMNS
        or pd.api.types.is_datetime64_any_dtype(usage[x])
        or isinstance(usage[x].dtype, pd.PeriodDtype)
    )
    if color != term and usage[term].nunique() > 1:
        raise KitError(
            f"plot_term_usage: color={color!r} needs one term, but the table holds "
            f"{usage[term].nunique()}. Pick one (usage[usage.term == 'russia']) or keep "
            "color='term'."
        )
    data = _combine(usage, list(dict.fromkeys([x, color])), value)
    if color == term:
        trace_keys = list(terms) if terms is not None else _ordered_unique(usage[term])
        palette = _term_colors(trace_keys, colors)
    else:
        trace_keys = speaker_order if speaker_order is not None else _ordered_unique(usage[color])
        trace_keys = list(trace_keys)
        palette = _colors_for(usage, color, trace_keys, colors)
    if is_time:
        x_order = None
        data = data.sort_values(x, kind="stable")
    elif x == s.SPEAKER or isinstance(usage[x].dtype, pd.CategoricalDtype):
        x_order = (
            list(speaker_order)
            if speaker_order is not None and x == s.SPEAKER
            else _ordered_unique(usage[x])
        )
    else:
        x_order = list(pd.unique(data[x]))
    spec = _new_figure_spec()
    for key in trace_keys:
        part = data[data[color] == key]
        xs = part[x]
        xs = xs.dt.to_timestamp() if isinstance(xs.dtype, pd.PeriodDtype) else xs
        xs = xs.to_numpy() if is_time else _as_str(xs)
        hover = f"{key}<br>%{{x}}: %{{y:.3g}} {value_label(value)}"
        if "n" in part.columns and value != "n":
            hover += "<br>%{customdata} times"
        hover += "<extra></extra>"
        common = dict(
            x=xs,
            y=part[value].to_numpy(),
            name=str(key),
            hovertemplate=hover,
            customdata=part["n"].to_numpy() if "n" in part.columns else None,
        )
        if is_time:
            trace = _trace("scatter", mode="lines+markers", line={"color": palette.get(key)},
                           **common)
        else:
            trace = _trace("bar", marker={"color": palette.get(key)}, **common)
        spec["data"].append(trace)
    xaxis: dict = {"title": {"text": x.replace("_", " ")}}
    if x_order is not None:
        xaxis.update(categoryorder="array", categoryarray=_as_str(x_order))
    if is_time:
        xaxis.update(_date_axis(data[x]))
    spec["layout"].update(
        _figure(
            title,
            xaxis=xaxis,
            yaxis={"title": {"text": value_label(value)}, "rangemode": "tozero"},
            barmode="group",
        )
    )
    spec["layout"]["legend"]["title"] = {"text": color}
    return spec


def _date_axis(values: pd.Series) -> dict:
    """X-axis settings for dates at most two weeks apart: ticks at days, not every few hours,
    and one date shown as that day with a day either side (plotly would zoom to a
    millisecond). Empty for other spans, and for numbers (a 'year' column drawn as numbers).
    """
    if not len(values) or pd.api.types.is_numeric_dtype(values):
        return {}
    when = values.dt.to_timestamp() if isinstance(values.dtype, pd.PeriodDtype) \
        else pd.to_datetime(values, errors="coerce")
    if when.isna().any():
        return {}
    first, last = when.min(), when.max()
    by_day = {"tickformat": "%Y-%m-%d", "dtick": 86_400_000}
    if first == last:
        # ISO strings: what plotly's JSON encoder writes for these Timestamps.
        return {"range": [(first - pd.Timedelta(days=1)).isoformat(),
                          (first + pd.Timedelta(days=1)).isoformat()], **by_day}
    if (when == when.dt.normalize()).all() and last - first <= pd.Timedelta(days=14):
        return by_day
    return {}


def _combine(usage: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """One row per ``keys``: as is when unique, else counts summed and rates recomputed."""
    if not usage.duplicated(keys).any():
        return usage
    if value == "per_1k" and {"n", s.N_WORDS} <= set(usage.columns):
        summed = usage.groupby(keys, observed=True, sort=False)[["n", s.N_WORDS]].sum()
        summed = summed.reset_index()
        with np.errstate(divide="ignore", invalid="ignore"):
            summed["per_1k"] = np.where(
                summed[s.N_WORDS] > 0, 1000.0 * summed["n"] / summed[s.N_WORDS], 0.0
            )
        return summed
    if value == "n" or (value in usage.columns and value.startswith("n")):
        return usage.groupby(keys, observed=True, sort=False)[[value]].sum().reset_index()
    raise KitError(
        f"plot_term_usage: several rows per {keys}; cannot combine {value!r}. Pick one group "
        "first (e.g. usage[usage.speaker == ...]) or pass color='speaker'."
    )


# --- dispersion ----------------------------------------------------------------------------


def plot_dispersion(
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
) -> go.Figure:
    """X-ray plot: where each hit falls in each document, one strip per document.

    Parameters
    ----------
    hits
        One row per hit (``dispersion`` output) with the document, a relative
        position (0 = start, 1 = end), the speaker and the term. Not modified.
    documents
        The documents table (or a Corpus): every document gets a strip (also
        those without a hit), in date order. Default: documents with hits, in
        date order if ``hits`` has ``date``, else in the order of the data.
        Never alphabetical (the NLTK/quanteda dispersion-plot bug).
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

    Returns
    -------
    plotly.graph_objects.Figure
        One panel per term (columns, sharing the document axis). Traces: for
        each term in order, one ``Scatter`` of vertical-line markers per speaker
        in ``speaker_order`` (named for the speaker, legend shown once per
        speaker; empty when the speaker has no hit for that term).
    """
    return go.Figure(
        _dispersion_spec(
            hits, documents=documents, x=x, document=document, term=term, speaker=speaker,
            label=label, terms=terms, speaker_order=speaker_order, colors=colors, title=title,
        )
    )


def _dispersion_spec(
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
) -> dict:
    """The plain spec of :func:`plot_dispersion` (same arguments)."""
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
    term_list = list(terms) if terms is not None else _ordered_unique(hits[term])
    speakers = _speakers_for(hits, speaker, speaker_order)
    palette = _colors_for(hits, speaker, speakers, colors) if speaker in hits.columns else {}

    source = table_of(documents, "documents") if documents is not None else hits
    require_columns(source, [document], what="documents", hint="Pass corpus.documents.")
    doc_ids = _date_order(source, document)
    label_of = _doc_labels(source, doc_ids, document, label)

    n_panels = max(1, len(term_list))
    spec = _new_figure_spec()
    layout = spec["layout"]
    grid, cells = _subplot_layout(
        1, n_panels, _as_str(term_list), shared_yaxes=True, horizontal_spacing=0.02
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
                _trace(
                    "scatter",
                    x=positions[sel],
                    y=[label_of.get(d, str(d)) for d in hit_docs[sel]],
                    mode="markers",
                    name=str(sp),
                    legendgroup=str(sp),
                    showlegend=i == 0,
                    marker={
                        "symbol": "line-ns-open",
                        "size": 16,
                        "line": {"width": 2},
                        "color": palette.get(sp),
                    },
                    hovertemplate=f"{sp}<br>%{{y}}<br>position %{{x:.2f}}<extra>{t}</extra>",
                    xaxis=_axis_ref(xkey),
                    yaxis=_axis_ref(ykey),
                )
            )
        layout[xkey]["range"] = [-0.02, 1.02]
        if i == 0:
            layout[xkey]["title"] = {"text": "position in document (0 = start, 1 = end)"}
    categories = [label_of[d] for d in doc_ids]
    for key in [k for k in layout if k.startswith("yaxis")]:  # the shared strips, each panel
        layout[key].update(type="category", **_category_axis(list(categories), True))
    layout.update(_figure(title, height=max(250, 120 + 28 * len(doc_ids))))
    layout["legend"]["title"] = {"text": "speaker"}
    return spec


# --- keyness -------------------------------------------------------------------------------


def plot_keyness(
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
) -> go.Figure:
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
    plotly.graph_objects.Figure
        Exactly two horizontal ``Bar`` traces: the ``top`` terms with the
        largest positive value (named for the target, in its colour), then the
        ``top`` most negative (named ``reference_label``, grey). Terms run from
        most to least distinctive, top to bottom.
    """
    return go.Figure(
        _keyness_spec(
            key, by=by, term=term, target=target, value=value, top=top, colors=colors,
            reference_label=reference_label, title=title,
        )
    )


def _keyness_spec(
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
    """The plain spec of :func:`plot_keyness` (same arguments)."""
    require_columns(
        key, [by, term, value], what="plot_keyness(key)", hint="Pass keyness(tokens, ...) output."
    )
    groups = _ordered_unique(key[by])
    if target is None:
        if not groups:
            raise KitError("plot_keyness: the keyness table is empty.")
        target = groups[0]
    elif target not in groups:
        raise KitError(f"plot_keyness: target={target!r} has no rows; groups: {groups[:8]}.")
    part = key[key[by] == target]
    up = part[part[value] > 0].nlargest(top, value)
    down = part[part[value] < 0].nsmallest(top, value)
    palette = _colors_for(key, by, [target], colors)
    down = down.iloc[::-1]  # least negative first, so the most negative ends at the bottom
    spec = _new_figure_spec()
    for frame, name, colour in (
        (up, str(target), palette.get(target)),
        (down, reference_label, REFERENCE_COLOR),
    ):
        hover = "%{y}: %{x:.3g}"
        if {"n", "n_ref"} <= set(frame.columns):
            hover += "<br>%{customdata[0]} times vs %{customdata[1]} in the reference"
        spec["data"].append(
            _trace(
                "bar",
                x=frame[value].to_numpy(),
                y=_as_str(frame[term]),
                orientation="h",
                name=name,
                marker={"color": colour},
                hovertemplate=hover + f"<extra>{name}</extra>",
                customdata=frame[["n", "n_ref"]].to_numpy()
                if {"n", "n_ref"} <= set(frame.columns)
                else None,
            )
        )
    spec["layout"].update(
        _figure(
            title or f"{target} vs {reference_label}",
            xaxis={"title": {"text": value_label(value)}, "zeroline": True},
            yaxis={"categoryorder": "trace", "autorange": "reversed", "type": "category"},
            barmode="overlay",
            height=max(300, 80 + 22 * (len(up) + len(down))),
        )
    )
    return spec


# --- share of voice ------------------------------------------------------------------------


def plot_share_of_voice(
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
) -> go.Figure:
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
    plotly.graph_objects.Figure
        Traces: one ``Bar`` per speaker in ``speaker_order`` (named for the
        speaker, in their colour), stacked; documents along x in date order.
    """
    return go.Figure(
        _share_of_voice_spec(
            summary, document=document, speaker=speaker, value=value, documents=documents,
            label=label, speaker_order=speaker_order, colors=colors, title=title,
        )
    )


def _share_of_voice_spec(
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
    """The plain spec of :func:`plot_share_of_voice` (same arguments)."""
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
    speakers = _speakers_for(summary, speaker, speaker_order)
    palette = _colors_for(summary, speaker, speakers, colors)
    source = summary if documents is None else table_of(documents, "documents")
    doc_ids = _date_order(source, document)
    doc_ids = [d for d in doc_ids if d in set(summary[document])] if documents is None else doc_ids
    label_of = _doc_labels(source, doc_ids, document, label)
    scale = 100.0 if value in _PERCENT else 1.0
    spec = _new_figure_spec()
    for sp in speakers:
        part = summary[summary[speaker] == sp]
        spec["data"].append(
            _trace(
                "bar",
                x=[label_of.get(d, str(d)) for d in part[document]],
                y=part[value].to_numpy(dtype=float) * scale,
                name=str(sp),
                marker={"color": palette.get(sp)},
                hovertemplate=f"{sp}<br>%{{x}}<br>%{{y:.3g}} {value_label(value)}<extra></extra>",
            )
        )
    spec["layout"].update(
        _figure(
            title,
            barmode="stack",
            xaxis={
                "title": {"text": "document"},
                **_category_axis([label_of[d] for d in doc_ids], False),
                "type": "category",
                "tickangle": -45 if len(doc_ids) > 6 else 0,
            },
            yaxis={"title": {"text": value_label(value)}},
            height=max(400, 300 + 6 * max((len(v) for v in label_of.values()), default=0)),
        )
    )
    spec["layout"]["legend"]["title"] = {"text": "speaker"}
    return spec


# --- timeline ------------------------------------------------------------------------------


def plot_timeline(
    turns: pd.DataFrame | Corpus,
    *,
    doc_id: object | None = None,
    x: str = "words",
    lanes: str | None = None,
    speaker_order: Sequence | None = None,
    colors: Mapping | None = None,
    title: str | None = None,
) -> go.Figure:
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
    plotly.graph_objects.Figure
        Traces: one horizontal ``Bar`` per speaker in ``speaker_order`` (named
        for the speaker, in their colour), each bar one turn from its start
        (``base``) for its length.
    """
    return go.Figure(
        _timeline_spec(
            turns, doc_id=doc_id, x=x, lanes=lanes, speaker_order=speaker_order, colors=colors,
            title=title,
        )
    )


def _timeline_spec(
    turns: pd.DataFrame | Corpus,
    *,
    doc_id: object | None = None,
    x: str = "words",
    lanes: str | None = None,
    speaker_order: Sequence | None = None,
    colors: Mapping | None = None,
    title: str | None = None,
) -> dict:
    """The plain spec of :func:`plot_timeline` (same arguments)."""
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
    doc_ids = _date_order(data, s.DOC_ID)
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
    speakers = _speakers_for(data, s.SPEAKER, speaker_order)
    palette = _colors_for(turns, s.SPEAKER, speakers, colors)
    preview = (
        data[s.TEXT].astype(str).str.slice(0, 90).to_numpy()
        if s.TEXT in data.columns
        else np.array([""] * len(data), dtype=object)
    )
    sp_values = data[s.SPEAKER].to_numpy()
    if lanes == s.SPEAKER:
        lane_values = sp_values
    else:
        doc_label = _doc_labels(data, doc_ids, s.DOC_ID, None)
        lane_values = np.array([doc_label[d] for d in data[s.DOC_ID]], dtype=object)
    spec = _new_figure_spec()
    for sp in speakers:
        sel = sp_values == sp
        spec["data"].append(
            _trace(
                "bar",
                base=start[sel],
                x=length[sel],
                y=_as_str(lane_values[sel]),
                orientation="h",
                name=str(sp),
                marker={"color": palette.get(sp), "line": {"width": 0}},
                customdata=np.column_stack(
                    [
                        data[s.DOC_ID].to_numpy()[sel],
                        data[s.TURN_ID].to_numpy()[sel],
                        words[sel],
                        preview[sel],
                    ]
                )
                if sel.any()
                else None,
                hovertemplate=(
                    f"{sp}<br>%{{customdata[0]}} turn %{{customdata[1]}}: "
                    "%{customdata[2]:.0f} words<br>%{customdata[3]}<extra></extra>"
                ),
            )
        )
    lane_order = _as_str(speakers) if lanes == s.SPEAKER else [doc_label[d] for d in doc_ids]
    spec["layout"].update(
        _figure(
            title,
            barmode="overlay",
            bargap=0.3,
            xaxis={"title": {"text": axis_title}, "rangemode": "tozero"},
            yaxis={
                **_category_axis(lane_order, True),
                "type": "category",
                "title": {"text": "speaker" if lanes == s.SPEAKER else "document"},
            },
            height=max(300, 160 + 32 * len(lane_order)),
        )
    )
    spec["layout"]["legend"]["title"] = {"text": "speaker"}
    return spec
