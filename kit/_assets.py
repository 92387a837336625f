"""Plotly's widget bundle as a file for Voila or JupyterLab to serve, written once per version.

Light on imports: ``turnkit dashboard`` writes the asset before starting Voila, and every
tenth of a second before the server starts is a tenth of a second before the first page.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from pathlib import Path

__all__ = ["ASSET_DIR", "EXTENSIONS_URL", "PLOTLY_ESM_ENV", "write_plotly_asset"]

#: Environment variable with the URL path (below the server's base URL) where the server serves
#: plotly's widget bundle; set by ``turnkit dashboard`` and ``turnkit lab`` for their kernels.
PLOTLY_ESM_ENV = "TURNKIT_PLOTLY_ESM"
#: Folder name below ``labextensions/`` (no package.json: served as a file, not loaded).
ASSET_DIR = "turnkit-assets"
#: Where each server serves the files of ``<a $JUPYTER_PATH folder>/labextensions/``.
EXTENSIONS_URL = {"voila": "voila/labextensions/", "lab": "lab/extensions/"}


def write_plotly_asset(folder: Path | str, *, server: str = "voila") -> str:
    """Copy plotly's 4.8 MB widget bundle under ``folder``; return its URL path on ``server``.

    Every ``FigureWidget`` otherwise carries the whole bundle in its own state: a page with
    three charts sends 14 MB over the kernel socket and parses the bundle three times, which on
    a loaded 2-core machine passes anywidget's 2 s model-setup timeout (the chart then draws
    but ignores later updates). With the bundle served as a file, each widget gets a two-line
    module that imports it by URL, so the browser fetches and parses it once per page.
    The file goes to ``folder/labextensions/``: with ``folder`` on ``$JUPYTER_PATH``, Voila
    (``server="voila"``) and JupyterLab (``"lab"``) serve it. Set :data:`PLOTLY_ESM_ENV` to
    the returned path (below the server's base URL) for the kernels.
    """
    spec = importlib.util.find_spec("plotly")  # located, not imported (0.1 s of every start)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("plotly is not installed: pip install 'turnkit[dashboard]'")
    source = Path(spec.submodule_search_locations[0]) / "package_data" / "widgetbundle.js"
    digest = hashlib.sha1(source.read_bytes()).hexdigest()[:12]
    target = Path(folder) / "labextensions" / ASSET_DIR / f"plotly-widgetbundle-{digest}.js"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    return f"{EXTENSIONS_URL[server]}{ASSET_DIR}/{target.name}"
