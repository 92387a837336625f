"""Helpers of the figure tests: speaker categories, trace colours, plain JSON of a figure."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

SPEAKERS = pd.CategoricalDtype(["Ned Price", "Questioner", "Antony Blinken", "Jalina Porter"])


def cat(values) -> pd.Categorical:
    return pd.Categorical(values, dtype=SPEAKERS)


def trace_color(fig: go.Figure, name: str) -> str:
    colors = set()
    for t in fig.data:
        if t.name == name:
            colors.add(t.marker.color if t.type == "bar" or t.mode == "markers" else t.line.color)
    assert len(colors) == 1, f"{name}: {colors}"
    return colors.pop()


def plain(value) -> object:
    """JSON of a figure dict or spec; arrays as lists (plotly's base64 ``bdata`` decoded)."""
    import base64
    import json

    import numpy as np
    from plotly.utils import PlotlyJSONEncoder

    def decode(v):
        if isinstance(v, dict):
            if {"dtype", "bdata"} <= set(v) <= {"dtype", "bdata", "shape"}:
                array = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
                if "shape" in v:
                    array = array.reshape([int(n) for n in v["shape"].split(",")])
                return array.tolist()
            return {k: decode(x) for k, x in v.items()}
        if isinstance(v, list):
            return [decode(x) for x in v]
        return v

    return decode(json.loads(json.dumps(value, cls=PlotlyJSONEncoder)))
