"""The kit's look and the plain figure specs every chart is built from.

Each figure is built as plain dicts and validated once by ``go.Figure(spec)``: add_trace,
update_layout and make_subplots validate and walk plotly's property tree on every call,
which was most of a dashboard refresh. A chart module's ``<name>_spec`` function gives the
spec of its figure (``{"data": [trace dicts], "layout": dict}``), as go.Figure normalises
it: no None values (plotly drops them), compound keys spelled out
(``{"marker": {"color": ...}}``). The dashboards hand specs straight to
``kit.apps.figurewidget.update_figure``; :func:`figure_from` makes the ``plot_<name>``
function that returns the same figure as a ``plotly.graph_objects.Figure``.
"""

from __future__ import annotations

import copy
import functools
import html
import inspect
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from kit import schema as s
from kit.corpus import require_columns

try:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots
except ImportError as error:  # plotly comes with the dashboard extra
    raise ImportError(
        "kit.plots draws with plotly, which is not installed. Install the dashboard extra: "
        "pip install 'turnkit[dashboard]'."
    ) from error

__all__ = [
    "kit_template",
    "new_figure",
    "new_figure_spec",
    "figure_from",
    "figure_layout",
    "title_note",
    "legend_on_top",
    "trace_spec",
    "subplot_layout",
    "axis_ref",
    "category_axis",
    "date_axis",
    "doc_labels",
    "shorten_middle",
    "as_str",
    "plot_text",
    "message_spec",
    "plot_message",
]

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
    return go.Figure(new_figure_spec(title, **layout))


@functools.cache
def _template_json() -> dict:
    return kit_template().to_plotly_json()


def new_figure_spec(title: str | None = None, **layout) -> dict:
    """The spec of :func:`new_figure`: no traces; ``layout`` keys are passed as given."""
    template = copy.deepcopy(_template_json())  # the cached dict stays untouched by callers
    return {"data": [], "layout": {"template": template, **figure_layout(title, **layout)}}


#: The head of a spec builder's Returns section, and what :func:`figure_from` says there.
_SPEC_RETURNS = ('Returns\n-------\ndict\n'
                 '    The figure as a plain spec, ``{"data": [trace dicts], "layout": {...}}``.\n')
_FIGURE_RETURNS = "Returns\n-------\nplotly.graph_objects.Figure\n    The figure.\n"


def figure_from(spec_builder: Callable[..., dict]) -> Callable[..., go.Figure]:
    """Return the figure function of a spec builder: ``plot_<name>`` for ``<name>_spec``.

    It takes the same arguments (same signature, same docstring but for what it returns)
    and returns ``go.Figure(spec_builder(...))``: the figure is written once, as its spec.
    """
    name = spec_builder.__name__
    doc = inspect.cleandoc(spec_builder.__doc__ or "")
    if not name.endswith("_spec") or doc.count(_SPEC_RETURNS) != 1:
        raise TypeError(f"figure_from({name}): name a <name>_spec function whose docstring "
                        f"returns the spec as {_SPEC_RETURNS!r}.")

    @functools.wraps(spec_builder)
    def plot(*args, **kwargs) -> go.Figure:
        return go.Figure(spec_builder(*args, **kwargs))

    summary, _, rest = doc.partition("\n")
    plot.__name__ = plot.__qualname__ = "plot_" + name.removesuffix("_spec")
    plot.__doc__ = (
        f"{summary}\n\nReturn the figure as a ``plotly.graph_objects.Figure``;\n:func:`{name}` "
        f"gives the same figure as a plain spec.\n{rest.replace(_SPEC_RETURNS, _FIGURE_RETURNS)}"
    )
    plot.__annotations__ = {**spec_builder.__annotations__, "return": go.Figure}
    signature = inspect.signature(spec_builder).replace(return_annotation=go.Figure)
    setattr(plot, "__signature__", signature)  # noqa: B010 - what inspect.signature reads
    return plot


def plot_text(value: object) -> str:
    """``value`` as text that plotly shows as written: ``&``, ``<`` and ``>`` as entities.

    plotly renders titles, legend names, tick labels and hover text as a subset of HTML
    (``<a href>`` becomes a live link); every piece of corpus text (speaker names, titles,
    terms) that reaches a figure goes through here. plotly decodes the entities back.
    """
    return html.escape(str(value), quote=False)


def figure_layout(title: str | None, **layout) -> dict:
    """Layout keys of every kit figure (legend in trace order, the title), then ``layout``.

    ``title`` is text (escaped, see :func:`plot_text`). Charts fill their container's width:
    no fixed ``width``, ``autosize`` on.
    """
    base = {"legend": {"traceorder": "normal"}, "autosize": True}
    if title:
        base["title"] = {"text": plot_text(title)}
    base.update(layout)
    return base


def title_note(spec: dict, note: str) -> dict:
    """Put ``note`` (text, escaped) on a smaller second line of ``spec``'s title; return ``spec``.

    For what a chart leaves out (the latest documents only): said where the chart is, not in
    a line above it that a reader scrolls past. An empty ``note`` changes nothing.
    """
    if note:
        title = spec["layout"].setdefault("title", {})
        title["text"] = f"{title.get('text', '')}<br><sup>{plot_text(note)}</sup>"
    return spec


#: Pixels above the plot for a one-line title, when the legend is laid out under it.
TITLE_PX = 40


def legend_on_top(spec: dict, *, height: int) -> dict:
    """Lay ``spec``'s legend out in rows under its title, above the plot; return ``spec``.

    A legend at the right is one column: 8 terms beside a plot 140 px tall scrolled. In
    rows it spans the chart's width, and the plot starts below as many rows as it takes
    (plotly reserves the margin of a legend placed on the container). ``height`` is the
    figure's, in pixels; the title is one line.
    """
    layout = spec["layout"]
    layout["legend"] = {**layout.get("legend", {}), "orientation": "h", "x": 0,
                        "xanchor": "left", "yref": "container", "y": 1 - TITLE_PX / height,
                        "yanchor": "top"}
    layout["title"] = {**layout.get("title", {}), "yref": "container", "y": 1,
                       "yanchor": "top", "pad": {"t": 12}}
    layout["margin"] = {**layout.get("margin", {}), "t": TITLE_PX}
    return spec


#: Most characters on a line of a chart's message (:func:`message_spec`).
MESSAGE_WIDTH = 70


def message_spec(text: str, **layout) -> dict:
    """A figure with no data that says ``text`` in its middle, with no axes.

    For a chart with nothing to draw (no keyword yet, too few speakers): a message rather
    than empty axes with a meaningless range.

    Parameters
    ----------
    text
        The message (escaped, see :func:`plot_text`).
    **layout
        Other layout keys (``height``).

    Returns
    -------
    dict
        The figure as a plain spec, ``{"data": [trace dicts], "layout": {...}}``.
        No traces; the axes hidden; ``text`` as the one annotation, in lines of at most
        :data:`MESSAGE_WIDTH` characters.
    """
    spec = new_figure_spec(None, **layout)
    # plotly never wraps an annotation: one long line ran past both edges of a 650 px chart.
    lines = textwrap.wrap(str(text), MESSAGE_WIDTH, break_long_words=False,
                          break_on_hyphens=False) or [""]
    spec["layout"].update(
        xaxis={"visible": False}, yaxis={"visible": False},
        annotations=[{"text": "<br>".join(plot_text(line) for line in lines),
                      "xref": "paper", "yref": "paper", "x": 0.5,
                      "y": 0.5, "showarrow": False, "font": {"size": 15, "color": "#666"}}])
    return spec


plot_message = figure_from(message_spec)


def trace_spec(kind: str, **props) -> dict:
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


def subplot_layout(
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
        annotation["text"] = plot_text(text)
    return layout, list(cells)


def axis_ref(key: str) -> str:
    """The trace's reference to a layout axis: ``"xaxis2"`` -> ``"x2"``."""
    return key.replace("axis", "", 1)


def category_axis(categories: list[str], top_down: bool) -> dict:
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



def date_axis(values: pd.Series, *, freq: str | None = None) -> dict:
    """X-axis settings for dates at most two weeks apart: ticks at days, not every few hours,
    and one date shown as that day with a day either side (plotly would zoom to a
    millisecond). Empty for other spans, and for numbers (a 'year' column drawn as numbers).

    With ``freq``, the values are period starts (:func:`kit.terms.periods.period_start`):
    one period is then drawn with half a period either side and labelled as a period
    (``"2020s"``, ``"Mar 2020"``), not as the day it starts on.
    """
    if not len(values) or pd.api.types.is_numeric_dtype(values):
        return {}
    when = values.dt.to_timestamp() if isinstance(values.dtype, pd.PeriodDtype) \
        else pd.to_datetime(values, errors="coerce")
    if when.isna().any():
        return {}
    first, last = when.min(), when.max()
    by_day = {"tickformat": "%Y-%m-%d", "dtick": 86_400_000}
    if first == last and freq is not None:
        from kit.terms.periods import period_span

        end, label = period_span(first, freq)
        half = (end - first) / 2
        return {"range": [(first - half).isoformat(), (first + half).isoformat()],
                "tickmode": "array", "tickvals": [first.isoformat()], "ticktext": [label]}
    if first == last:
        # ISO strings: what plotly's JSON encoder writes for these Timestamps.
        return {"range": [(first - pd.Timedelta(days=1)).isoformat(),
                          (first + pd.Timedelta(days=1)).isoformat()], **by_day}
    if (when == when.dt.normalize()).all() and last - first <= pd.Timedelta(days=14):
        return by_day
    return {}


def doc_labels(
    source: pd.DataFrame, doc_ids: list, key: str, label: str | None, width: int = 44
) -> dict:
    """Short, unique axis labels for documents: ``label`` column, else date and title, else id.

    Long labels are cut to ``width`` characters by an ellipsis in the middle (the end, often
    the year, stays: :func:`shorten_middle`); repeats get ``(2)``, ``(3)``;
    a missing label falls back to the id. Labels are escaped for plotly (:func:`plot_text`).
    """
    firsts = source.drop_duplicates(key).set_index(key)
    if label is not None:
        require_columns(source, [label], what="the documents", hint="Pick a column for label=.")
        labels = firsts[label]
        raw = {d: _text_or(labels.get(d), d) for d in doc_ids}
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
        text = shorten_middle(raw[d], width)
        seen[text] = seen.get(text, 0) + 1
        out[d] = plot_text(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return out


def shorten_middle(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters by an ellipsis in its middle, keeping its start
    and its last ~third (a title's year, a file's number), so labels stay told apart."""
    if len(text) <= width:
        return text
    keep = width - 1
    tail = text[len(text) - keep // 3:]
    if " " in tail[:-4]:  # start at a word when one starts soon enough
        tail = tail[tail.index(" "):]
    tail = tail.lstrip()
    head = text[: keep - len(tail)]
    if " " in head[-8:] and text[len(head)] != " ":  # end at a word, not inside one
        head = head[: head.rindex(" ")]
    return f"{head.rstrip()}\u2026{tail}"


def _text_or(value: Any, fallback: object) -> str:
    """``value`` on one line, or ``fallback`` where it is missing or blank (never ``nan``)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return str(fallback)
    return " ".join(str(value).split()) or str(fallback)


def as_str(values: Iterable) -> list[str]:
    """The values as text plotly shows as written (category labels, trace names)."""
    return [plot_text(v) for v in values]
