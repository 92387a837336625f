"""Keep plotly FigureWidgets right in Voila: in-place updates and the container trap fix.

The trap (plotly/plotly.py#4998): a ``FigureWidget`` changed after construction sends its
edits as fire-and-forget messages, while a browser that connects later (Voila runs the whole
notebook first) builds its view from the widget's *construction-time* state. The chart then
looks empty or stale until the first interaction. The fix kept here: after every edit, copy the
figure's current data and layout back into the synced traits that a newly connecting view
reads. Those traits are private to plotly, so this module is the only place that touches them
(``tests/apps/test_figurewidget.py`` pins the behaviour).
"""

from __future__ import annotations

import functools
import json
import os
from copy import deepcopy
from typing import Any

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

# Re-exported: the asset is written by the CLI, which must not import plotly to do it.
from kit.apps.assets import EXTENSIONS_URL, PLOTLY_ESM_ENV, write_plotly_asset

__all__ = ["PLOTLY_ESM_ENV", "figure_widget", "message_height", "resync", "show_chart",
           "update_figure", "write_plotly_asset"]

#: The end of the widget's front-end module: plotly's view, redrawn at its element's width
#: whenever that changes. plotly sizes a figure once, when it is first drawn, and the page
#: lays the chart out after that (700 px in a wider column until the window was resized).
_FILL_WIDTH = """\
const figure = mod.default;
export default () => {
  const inner = figure();
  return {
    initialize: inner.initialize,
    render(ctx) {
      const cleanup = inner.render(ctx);
      const el = ctx.el;
      let width = 0;
      const observer = new ResizeObserver(() => {
        const gd = el.classList.contains("js-plotly-plot") ? el
          : el.querySelector(".js-plotly-plot");
        const now = el.getBoundingClientRect().width;
        if (!gd || !window.Plotly || !gd._fullLayout || Math.abs(now - width) < 1) return;
        width = now;
        window.Plotly.Plots.resize(gd);
      });
      observer.observe(el);
      return () => { observer.disconnect(); if (cleanup) cleanup(); };
    },
  };
};
"""


@functools.cache
def _widget_class(path: str) -> type[go.FigureWidget]:
    """A FigureWidget whose front-end module imports plotly's bundle from ``path``.

    ``path`` is below the server's base URL, which the page states in its
    ``jupyter-config-data`` (Voila and JupyterLab both do), so the kernel need not know it.
    """
    shim = ("const cfg = document.getElementById('jupyter-config-data');\n"
            "const base = ((cfg && JSON.parse(cfg.textContent).baseUrl) || '/')"
            ".replace(/\\/?$/, '/');\n"
            f"const mod = await import(new URL(base + {json.dumps(path)}, "
            "window.location.origin).href);\n" + _FILL_WIDTH)
    return type("FigureWidget", (go.FigureWidget,), {"_esm": shim, "__module__": __name__})


def skip_slow_optional_imports() -> None:
    """In kernels that turnkit starts, skip imports a FigureWidget pulls in but never uses.

    Making a FigureWidget imports plotly's renderers, which import nbformat (0.14 s: it
    brings jsonschema and its format checkers) only for ``fig.show()`` in a notebook; and
    jsonschema imports the optional IRI checker ``rfc3987_syntax`` when installed
    (jupyter-events brings it), which builds grammars for 2–4 s. Only when ``turnkit
    dashboard`` started the kernel (:data:`PLOTLY_ESM_ENV` names a Voila path): plotly's
    renderers are imported with nbformat hidden (they then treat it as absent; nothing else is
    affected and ``import nbformat`` works afterwards). In kernels of ``turnkit dashboard`` or
    ``turnkit lab``, ``rfc3987_syntax`` is marked absent if jsonschema is not loaded yet.
    """
    import sys

    path = os.environ.get(PLOTLY_ESM_ENV, "")
    if not path:
        return
    if "jsonschema" not in sys.modules:
        # import then raises ImportError
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    # Voila kernels only: in JupyterLab, static figures are shown through these renderers.
    dashboard = path.startswith(EXTENSIONS_URL["voila"])
    if dashboard and "plotly.io._renderers" not in sys.modules and "nbformat" not in sys.modules:
        # None in sys.modules: importing nbformat then fails
        sys.modules["nbformat"] = None  # type: ignore[assignment]
        try:
            import plotly.io._renderers  # noqa: F401 - imported now, without nbformat
        finally:
            del sys.modules["nbformat"]


def _new_widget(figure: go.Figure) -> go.FigureWidget:
    path = os.environ.get(PLOTLY_ESM_ENV, "").strip()
    if not path:
        return go.FigureWidget(figure)
    skip_slow_optional_imports()
    return _widget_class(path.lstrip("/"))(figure)


def figure_widget(figure: go.Figure | None = None, *, css_class: str | None = None,
                  height: int | None = None) -> go.FigureWidget:
    """Make a FigureWidget from ``figure`` with its data present at construction.

    Parameters
    ----------
    figure
        The figure to copy (its traces and layout); an empty figure if None.
    css_class
        A class added to the widget's DOM element (browser tests find the chart by it).
    height
        Layout height in pixels, if given.
    """
    if figure is None:
        from kit.plots import new_figure

        figure = new_figure()
    widget = _new_widget(figure)
    if height is not None:
        widget.layout.height = height
    widget.add_class("kit-chart")  # fills its column (the apps' style sheet)
    if css_class:
        widget.add_class(css_class)
    resync(widget)
    return widget


def resync(widget: go.FigureWidget) -> None:
    """Copy the widget's current data and layout into the state a new view is built from.

    Written silently (straight into the trait values): views already drawn got the edits as
    restyle and relayout messages, and a view that connects later asks for the widget's
    state, which is read from these values then. Setting the traits the usual way would
    send the whole figure again to every view on every change.
    """
    widget._trait_values["_widget_data"] = deepcopy(widget._data)
    widget._trait_values["_widget_layout"] = deepcopy(widget._layout_obj._props)


def _dumps(value: Any) -> str:
    return json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True)


def _delta(old: dict, new: dict, keep: tuple[str, ...] = ()) -> dict:
    """Keys of ``new`` whose values differ from ``old``; keys gone from ``new`` map to None."""
    out = {k: v for k, v in new.items() if k not in old or _dumps(old[k]) != _dumps(v)}
    for k in old:
        if k not in new and k not in keep:
            out[k] = None
    return out


def update_figure(widget: go.FigureWidget, figure: go.Figure | dict) -> go.FigureWidget:
    """Make ``widget`` show ``figure``, changing it in place (never rebuilding the widget).

    ``figure`` is a Figure, or a plain spec (``{"data": [trace dicts], "layout": {...}}``, as
    the ``*_spec`` functions of :mod:`kit.plots` build them): then only what changed is
    validated, by the widget, instead of the whole figure first.
    Traces of the same count and types are restyled inside one ``batch_update`` (one message
    to the browser, only the properties that changed); otherwise the traces are replaced.
    The layout is updated the same way. Afterwards the container trap is fixed with
    :func:`resync`.
    """
    if isinstance(figure, dict):
        new_traces = list(figure.get("data", []))
        new_layout = dict(figure.get("layout", {}))
        traces = new_traces
    else:
        new_traces = [t.to_plotly_json() for t in figure.data]
        new_layout = figure.layout.to_plotly_json()
        traces = list(figure.data)
    old_types = [t.type for t in widget.data]
    new_types = [t.get("type", "scatter") for t in new_traces]
    # Keep the widget's own size and template unless the figure sets them.
    keep_layout = ("height", "width", "template")
    if old_types != new_types:
        # Empty the figure, set the new layout, then add the traces: traces added under the
        # previous layout (a date axis ticked by day, given category labels) made plotly.js
        # measure tick labels for 40-60 s before the layout that followed them arrived.
        widget.data = ()
        with widget.batch_update():
            widget.layout.update(
                _delta(widget.layout.to_plotly_json(), new_layout, keep_layout), overwrite=True
            )
        if new_traces:
            widget.add_traces(traces)
    else:
        with widget.batch_update():
            for trace, new in zip(widget.data, new_traces, strict=True):
                delta = _delta(trace.to_plotly_json(), new, ("uid", "type"))
                delta.pop("type", None)
                delta.pop("uid", None)
                if delta:
                    trace.update(delta, overwrite=True)
            widget.layout.update(
                _delta(widget.layout.to_plotly_json(), new_layout, keep_layout), overwrite=True
            )
    resync(widget)
    return widget


def message_height(spec: dict) -> int:
    """Pixels a message chart (a spec without traces, :func:`kit.plots.message_spec`) needs:
    its lines of text, not the 380 px box of a chart with data."""
    notes = spec.get("layout", {}).get("annotations") or [{"text": ""}]
    lines = max(str(note.get("text", "")).count("<br>") + 1 for note in notes)
    return 36 + 22 * lines


def show_chart(widget: go.FigureWidget, spec: dict, *, height: int | None = None) -> None:
    """:func:`update_figure` with ``spec``, sized: a message (no traces) only as tall as its
    text, with thin margins; a chart ``height`` pixels (None: the spec's own or the
    widget's)."""
    layout = spec.setdefault("layout", {})
    if not spec.get("data"):
        layout["height"] = message_height(spec)
        # autoexpand off: the hidden axes of a chart drawn before kept the margin their
        # labels pushed (plotly's automargin), and the message sat off-centre, cut off.
        layout["margin"] = {"t": 8, "b": 8, "l": 8, "r": 8, "autoexpand": False}
    elif height is not None:
        layout["height"] = height
    # (A message's margins go with it: update_figure drops layout keys the new spec lacks.)
    update_figure(widget, spec)
