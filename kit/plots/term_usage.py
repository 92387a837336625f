"""Term usage: rates of chosen terms over time (lines) or by speaker (bars)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from kit import schema as s
from kit.corpus import require_columns
from kit.errors import KitError
from kit.plots.colors import colors_for, ordered_unique, term_colors, value_label
from kit.plots.layout import (
    as_str,
    date_axis,
    figure_from,
    figure_layout,
    new_figure_spec,
    plot_text,
    trace_spec,
)
from kit.terms.count import PER_1K_HIGH, PER_1K_LOW, rate_interval

__all__ = ["term_usage_spec", "plot_term_usage"]

_TIME_COLUMNS = ("period", "date", "month", "year", "week", "day")


def _combine(usage: pd.DataFrame, keys: list[str], value: str) -> pd.DataFrame:
    """One row per ``keys``: as is when unique, else counts summed and rates recomputed
    (rates also worked out from ``n`` and ``n_words`` when the table has none)."""
    unique = not usage.duplicated(keys).any()
    if unique and value in usage.columns:
        return usage
    if value == "per_1k" and {"n", s.N_WORDS} <= set(usage.columns):
        summed = usage.copy() if unique else usage.groupby(
            keys, observed=True, sort=False)[["n", s.N_WORDS]].sum().reset_index()
        with np.errstate(divide="ignore", invalid="ignore"):
            summed["per_1k"] = np.where(
                summed[s.N_WORDS] > 0, 1000.0 * summed["n"] / summed[s.N_WORDS], 0.0
            )
        return summed
    if value not in usage.columns:
        raise KitError(
            f"plot_term_usage: the table has no {value!r} column (it has "
            f"{', '.join(map(str, usage.columns))}). Pass term_usage(...) output, or value= "
            "one of its columns."
        )
    if value.startswith("n"):
        return usage.groupby(keys, observed=True, sort=False)[[value]].sum().reset_index()
    raise KitError(
        f"plot_term_usage: several rows per {keys}; cannot combine {value!r}. Pick one group "
        "first (e.g. usage[usage.speaker == ...]) or pass color='speaker'."
    )


def _interval(part: pd.DataFrame) -> tuple[np.ndarray, np.ndarray] | None:
    """The rows' interval of ``per_1k``: its columns, else worked out from the counts."""
    if {PER_1K_LOW, PER_1K_HIGH} <= set(part.columns):
        return part[PER_1K_LOW].to_numpy(), part[PER_1K_HIGH].to_numpy()
    if {"n", s.N_WORDS} <= set(part.columns):
        return rate_interval(part["n"].to_numpy(), part[s.N_WORDS].to_numpy())
    return None


def term_usage_spec(
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
    bands: bool = False,
    freq: str | None = None,
) -> dict:
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
    bands
        With ``value="per_1k"``, show each rate's confidence interval: a shaded band
        around each line (a trace of its own, before its line, named ``"<key> interval"``)
        or error bars on each bar. From ``per_1k_low``/``per_1k_high`` where the table has
        them, else the Wilson interval of ``n`` in ``n_words``
        (:func:`kit.terms.count.rate_interval`).
    freq
        The period of a time axis of period starts (``term_usage(freq=...)``'s): a single
        period is then labelled as one (``"2020s"``) on an axis a period wide.

    Returns
    -------
    dict
        The figure as a plain spec, ``{"data": [trace dicts], "layout": {...}}``.
        Traces: one ``Scatter`` (lines+markers, time axis) or ``Bar`` per term
        in ``terms`` order (or per speaker with ``color="speaker"``), named for
        it; empty when it has no rows.
    """
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
    trace_keys: list
    if color == term:
        trace_keys = list(terms) if terms is not None else ordered_unique(usage[term])
        palette = term_colors(trace_keys, colors)
    else:
        trace_keys = list(speaker_order if speaker_order is not None
                          else ordered_unique(usage[color]))
        palette = colors_for(usage, color, trace_keys, colors)
    if is_time:
        x_order = None
        data = data.sort_values(x, kind="stable")
    elif x == s.SPEAKER or isinstance(usage[x].dtype, pd.CategoricalDtype):
        x_order = (
            list(speaker_order)
            if speaker_order is not None and x == s.SPEAKER
            else ordered_unique(usage[x])
        )
    else:
        x_order = list(pd.unique(data[x]))
    spec = new_figure_spec()
    step = _time_step(data[x]) if is_time else None
    for key in trace_keys:
        part = data[data[color] == key]
        xs = part[x]
        xs = xs.dt.to_timestamp() if isinstance(xs.dtype, pd.PeriodDtype) else xs
        xs = xs.to_numpy() if is_time else as_str(xs)
        hover = f"{plot_text(key)}<br>%{{x}}: %{{y:.3g}} {value_label(value)}"
        if "n" in part.columns and value != "n":
            hover += "<br>%{customdata} times"
        hover += "<extra></extra>"
        ys = part[value].to_numpy(dtype=float)
        custom = part["n"].to_numpy() if "n" in part.columns else None
        xs_data = xs
        if step is not None:
            # (a time axis: xs is an array already; asarray does not copy it)
            xs, ys, custom = _break_gaps(np.asarray(xs), ys, custom, step)
        common = dict(
            x=xs,
            y=ys,
            name=plot_text(key),
            hovertemplate=hover,
            customdata=custom,
        )
        low_high = _interval(part) if bands and value == "per_1k" else None
        if is_time:
            if low_high is not None:
                band_x, band_y = _band(np.asarray(xs_data), *low_high, step)
                spec["data"].append(trace_spec(
                    "scatter", x=band_x, y=band_y, fill="toself", mode="lines",
                    line={"width": 0}, fillcolor=palette.get(key), opacity=0.2,
                    hoverinfo="skip", showlegend=False, name=f"{key} interval"))
            trace = trace_spec("scatter", mode="lines+markers", line={"color": palette.get(key)},
                           **common)
        else:
            if low_high is not None:
                low, high = low_high
                y = part[value].to_numpy()
                common["error_y"] = {"type": "data", "array": high - y, "arrayminus": y - low}
            trace = trace_spec("bar", marker={"color": palette.get(key)}, **common)
        spec["data"].append(trace)
    xaxis: dict = {"title": {"text": x.replace("_", " ")}}
    if x_order is not None:
        # Every label (plotly drops every other one of a crowded category axis), as an
        # explicit list on an axis typed as categories: a dtick of 1 on an axis plotly took
        # for dates (a previous view's) drew a tick per millisecond and froze the page.
        labels = as_str(x_order)
        xaxis.update(type="category", categoryorder="array", categoryarray=labels,
                     tickmode="array", tickvals=labels, ticktext=labels, automargin=True)
    if is_time:
        xaxis.update(date_axis(data[x], freq=freq))
    spec["layout"].update(
        figure_layout(
            title,
            xaxis=xaxis,
            yaxis={"title": {"text": value_label(value)}, "rangemode": "tozero"},
            barmode="group",
        )
    )
    spec["layout"]["legend"]["title"] = {"text": color}
    return spec


plot_term_usage = figure_from(term_usage_spec)


def _calendar(values: pd.Series) -> tuple[np.ndarray, str] | None:
    """Times as whole months (when every value starts a month) or days, for steps."""
    when = values.dt.to_timestamp() if isinstance(values.dtype, pd.PeriodDtype) \
        else pd.to_datetime(values, errors="coerce")
    if when.isna().any() or not len(when):
        return None
    if (when.dt.day == 1).all() and (when == when.dt.normalize()).all():
        return (when.dt.year * 12 + when.dt.month - 1).to_numpy(dtype=np.int64), "M"
    return (when.to_numpy(dtype="datetime64[D]").astype(np.int64)), "D"


def _time_step(values: pd.Series) -> tuple[str, int] | None:
    """The smallest step between distinct times of the data (``("M", 12)`` for years)."""
    found = _calendar(pd.Series(values).drop_duplicates())
    if found is None:
        return None
    units, unit = found
    diffs = np.diff(np.unique(units))
    return (unit, int(diffs.min())) if len(diffs) else None


def _runs(xs: np.ndarray, step: tuple[str, int] | None) -> list[slice]:
    """The runs of ``xs`` (sorted times) without a gap of more than one ``step``."""
    found = _calendar(pd.Series(xs)) if step is not None and len(xs) > 1 else None
    if found is None or step is None:
        return [slice(0, len(xs))]
    cuts = [0, *(np.flatnonzero(np.diff(found[0]) > step[1]) + 1).tolist(), len(xs)]
    return [slice(a, b) for a, b in zip(cuts[:-1], cuts[1:], strict=True)]


def _band(xs: np.ndarray, low: np.ndarray, high: np.ndarray,
          step: tuple[str, int] | None) -> tuple[np.ndarray, np.ndarray]:
    """A filled band's outline: along the highs and back along the lows, one closed shape
    per run of the line (shapes apart by ``None``), so the band breaks where the line does.

    One point per row of ``xs`` in (the data's times, before :func:`_break_gaps`).
    """
    xs_out: list = []
    ys_out: list = []
    for run in _runs(xs, step):
        if xs_out:
            xs_out.append(None)
            ys_out.append(None)
        part = xs[run]
        if np.issubdtype(part.dtype, np.datetime64):
            # As text: a widget's message cannot carry np.datetime64 (not JSON).
            part = np.datetime_as_string(part, unit="s")
        x = list(part)
        xs_out += x + x[::-1]
        ys_out += list(high[run]) + list(low[run][::-1])
    return np.array(xs_out, dtype=object), np.array(ys_out, dtype=object)


def _break_gaps(xs: np.ndarray, ys: np.ndarray, custom: np.ndarray | None,
                step: tuple[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Insert a point without a value where the next time is more than one step away.

    A line then stops at a period with no data (decades without documents) instead of
    being drawn straight across it.
    """
    found = _calendar(pd.Series(xs))
    if found is None or len(xs) < 2:
        return xs, ys, custom
    units, _ = found
    gaps = np.flatnonzero(np.diff(units) > step[1])
    if not len(gaps):
        return xs, ys, custom
    times = pd.to_datetime(pd.Series(xs)).to_numpy()
    middle = times[gaps] + (times[gaps + 1] - times[gaps]) / 2
    xs = np.insert(times, gaps + 1, middle)
    ys = np.insert(ys.astype(object), gaps + 1, np.full(len(gaps), None, dtype=object))
    if custom is not None:
        custom = np.insert(custom.astype(object), gaps + 1, np.full(len(gaps), None, dtype=object))
    return xs, ys, custom
