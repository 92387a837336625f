"""Helpers of the app tests: what a chart widget shows, plain JSON of a figure."""

from __future__ import annotations

import numpy as np


def traces(widget):
    """(name, x, y) of each trace as a browser connecting now would draw them."""
    data = widget._widget_data  # the synced state (see kit.apps.figurewidget)
    return [(t.get("name"), [str(v) for v in t.get("x", [])], list(np.asarray(t.get("y", []))))
            for t in data]


def plain(value):
    """JSON values with typed arrays (``bdata``) decoded to lists and trace uids left out."""
    import base64
    import json

    from plotly.utils import PlotlyJSONEncoder

    def walk(v):
        if isinstance(v, dict):
            if set(v) >= {"bdata", "dtype"}:
                array = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
                return [walk(x) for x in array.reshape(v.get("shape", -1)).tolist()]
            return {k: walk(x) for k, x in v.items() if k != "uid"}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return walk(json.loads(json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True)))
