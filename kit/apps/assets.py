"""Plotly's widget bundle as a file for Voila or JupyterLab to serve, written once per version.

Light on imports: ``turnkit dashboard`` writes the asset before starting Voila, and every
tenth of a second before the server starts is a tenth of a second before the first page.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
from pathlib import Path

__all__ = ["ASSET_DIR", "BASIC_TRACE_TYPES", "EXTENSIONS_URL", "PLOTLY_ESM_ENV",
           "basic_widget_bundle", "write_plotly_asset"]

#: Environment variable with the URL path (below the server's base URL) where the server serves
#: plotly's widget bundle; set by ``turnkit dashboard`` and ``turnkit lab`` for their kernels.
PLOTLY_ESM_ENV = "TURNKIT_PLOTLY_ESM"
#: Folder name below ``labextensions/`` (no package.json: served as a file, not loaded).
ASSET_DIR = "turnkit-assets"
#: Where each server serves the files of ``<a $JUPYTER_PATH folder>/labextensions/``.
EXTENSIONS_URL = {"voila": "voila/labextensions/", "lab": "lab/extensions/"}
#: plotly.js's basic partial bundle (vendored, see ``kit/vendor/README.md``).
BASIC_BUNDLE = Path(__file__).resolve().parents[1] / "vendor" / "plotly-basic.min.js"
#: The trace types the basic bundle draws: the only ones the dashboards' figures may use.
BASIC_TRACE_TYPES = frozenset({"scatter", "bar", "pie"})

# esbuild's lazy CommonJS wrapper around the plotly.js it embeds (a UMD module), from
# `var P=wrap((exports,module)=>{(function(root,factory){typeof module=="object"&&...`
# to its last statement `return window.Plotly=Q,Q})});`.
_EMBEDDED_HEAD = re.compile(
    r'var (?P<name>[\w$]+)=[\w$]+\(\([\w$]+,(?P<mod>[\w$]+)\)=>\{\(function\(([\w$]+),([\w$]+)\)'
    r'\{typeof (?P=mod)=="object"&&(?P=mod)\.exports\?(?P=mod)\.exports=\4\(\):'
    r'\3\.moduleName=\4\(\)\}\)')
_EMBEDDED_TAIL = re.compile(r'return window\.Plotly=([\w$]+),\1\}\)\}\);')
_MAJOR_VERSION = re.compile(r'\.version="(\d+)\.\d+\.\d+"')
_BASIC_MAJOR_VERSION = re.compile(r"plotly\.js \(basic - minified\) v(\d+)\.\d+\.\d+")


def basic_widget_bundle(widget_bundle: str, basic: str) -> str | None:
    """Plotly's FigureWidget bundle with the plotly.js it embeds replaced by ``basic``.

    ``widget_bundle`` is ``plotly/package_data/widgetbundle.js`` (plotly's widget code plus the
    whole of plotly.js), ``basic`` the text of ``plotly-basic.min.js``. The embedded plotly.js
    is cut out (its module wrapper is found by the two patterns above, each exactly once) and
    the widget code gets the basic bundle's ``Plotly`` instead. Returns None when the bundles
    do not fit together (another build layout, or another plotly.js major version): callers
    then serve the widget bundle unchanged.
    """
    heads = list(_EMBEDDED_HEAD.finditer(widget_bundle))
    tails = list(_EMBEDDED_TAIL.finditer(widget_bundle))
    versions = set(_MAJOR_VERSION.findall(widget_bundle))
    basic_version = _BASIC_MAJOR_VERSION.search(basic)
    if (len(heads) != 1 or len(tails) != 1 or tails[0].start() < heads[0].end()
            or basic_version is None or versions != {basic_version.group(1)}):
        return None
    head, tail = heads[0], tails[0]
    # Module code is strict and has no `module`: give the UMD header one to fill.
    prelude = ("var __turnkitPlotly=(function(){var module={exports:{}};\n" + basic +
               "\nreturn module.exports})();\n")
    return (prelude + widget_bundle[:head.start()] +
            f"var {head.group('name')}=()=>__turnkitPlotly;" + widget_bundle[tail.end():])


def write_plotly_asset(folder: Path | str, *, server: str = "voila", basic: bool = False) -> str:
    """Write plotly's widget bundle under ``folder``; return its URL path on ``server``.

    Every ``FigureWidget`` otherwise carries the whole bundle in its own state: a page with
    three charts sends 14 MB over the kernel socket and parses the bundle three times, which on
    a loaded 2-core machine passes anywidget's 2 s model-setup timeout (the chart then draws
    but ignores later updates). With the bundle served as a file, each widget gets a two-line
    module that imports it by URL, so the browser fetches and parses it once per page.
    The file goes to ``folder/labextensions/``: with ``folder`` on ``$JUPYTER_PATH``, Voila
    (``server="voila"``) and JupyterLab (``"lab"``) serve it. Set :data:`PLOTLY_ESM_ENV` to
    the returned path (below the server's base URL) for the kernels.

    With ``basic``, the bundle draws only :data:`BASIC_TRACE_TYPES` and its module evaluates
    in 0.3 s instead of 1.5 s (:func:`basic_widget_bundle`; the full bundle if that fails).
    """
    spec = importlib.util.find_spec("plotly")  # located, not imported (0.1 s of every start)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("plotly is not installed: pip install 'turnkit[dashboard]'")
    source = Path(spec.submodule_search_locations[0]) / "package_data" / "widgetbundle.js"
    content = source.read_bytes()
    stem = f"plotly-widgetbundle-{hashlib.sha1(content).hexdigest()[:12]}"
    folder = Path(folder) / "labextensions" / ASSET_DIR
    target = folder / f"{stem}.js"
    if basic:
        basic_data = BASIC_BUNDLE.read_bytes()
        basic_target = folder / f"{stem}-basic-{hashlib.sha1(basic_data).hexdigest()[:8]}.js"
        if basic_target.exists():
            target = basic_target
        else:
            patched = basic_widget_bundle(content.decode(), basic_data.decode())
            if patched is not None:  # else the whole bundle, unchanged
                target, content = basic_target, patched.encode()
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(content)
        os.replace(tmp, target)  # whole or not at all: servers started side by side
    return f"{EXTENSIONS_URL[server]}{ASSET_DIR}/{target.name}"
