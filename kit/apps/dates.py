"""Date filters: the from/to date range widget and the date and document masks it feeds.

:class:`DateRange` holds ``(start, end)``; :func:`date_mask` and :func:`documents_in` turn
such a range (and chosen documents) into rows, without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import pandas as pd
import traitlets

from kit import schema as s

__all__ = ["DateRange", "as_date", "date_bounds", "date_mask", "documents_in",
           "no_documents_message"]


def as_date(value: Any) -> dt.date | None:
    """A date from a date, datetime or date string; None for a blank or unreadable one."""
    if value is None or value == "":
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    if pd.isna(stamp):
        return None
    return stamp.date()


def date_bounds(dates: pd.Series) -> tuple[dt.date | None, dt.date | None]:
    """Return the first and last date of a column (None where there are no dates)."""
    parsed = pd.to_datetime(pd.Series(dates), errors="coerce").dropna()
    if parsed.empty:
        return None, None
    return parsed.min().date(), parsed.max().date()


class DateRange(w.VBox):
    """A from/to date filter. ``value`` is ``(start, end)``; None at either end means open."""

    value = traitlets.Tuple((None, None))

    def __init__(self, dates: pd.Series | None = None) -> None:
        self.first, self.last = date_bounds(dates) if dates is not None else (None, None)
        self.start = w.DatePicker(description="From", value=None,
                                  layout=w.Layout(width="auto"))
        self.end = w.DatePicker(description="To", value=None, layout=w.Layout(width="auto"))
        self.reset_button = w.Button(description="Any date", layout=w.Layout(width="auto"))
        #: Says so when the typed ends are used the other way round (the boxes keep them).
        self.note = w.HTML("")
        self.note.add_class("kit-dates-note")
        super().__init__([self.start, self.end, self.note, self.reset_button],
                         layout=w.Layout(align_items="flex-start"))
        self.add_class("kit-dates")
        self.start.add_class("kit-dates-from")
        self.end.add_class("kit-dates-to")
        self.start.observe(self._sync, names="value")
        self.end.observe(self._sync, names="value")
        self.reset_button.on_click(lambda _: self.set_value(None, None))

    def set_value(self, start: object = None, end: object = None) -> None:
        """Set both ends (dates, datetimes or ISO strings) with one ``value`` change."""
        start_d, end_d = as_date(start), as_date(end)
        if start_d and end_d and start_d > end_d:
            start_d, end_d = end_d, start_d
        for picker, value in ((self.start, start_d), (self.end, end_d)):
            picker.unobserve(self._sync, names="value")
            picker.value = value
            picker.observe(self._sync, names="value")
        self._sync()

    def _sync(self, change: dict | None = None) -> None:
        start, end = self.start.value, self.end.value
        # A browser sends each keystroke of a typed year (0002, 0020, 0202, 2022): keep the
        # last whole date until the year has four digits, rather than filter on each.
        if any(d is not None and d.year < 1000 for d in (start, end)):
            return
        swapped = start is not None and end is not None and start > end
        if swapped:
            start, end = end, start  # the same range a link with swapped ends gives
        # Said beside the boxes: they still read "From 1950 To 1900" while 1900-1950 is used.
        self.note.value = (f"<small style='color:#777'>From is after To: showing "
                           f"{start:%Y-%m-%d} to {end:%Y-%m-%d}</small>" if swapped else "")
        self.value = (start, end)

    def mask(self, dates: pd.Series) -> pd.Series:
        """Boolean mask of ``dates`` inside the range (rows without a date pass only when
        the range is open at both ends)."""
        start, end = self.value
        return date_mask(dates, start, end)


def date_mask(dates: pd.Series, start: dt.date | str | None,
              end: dt.date | str | None) -> pd.Series:
    """Boolean mask of ``dates`` within ``[start, end]`` (inclusive, whole days)."""
    dates = pd.Series(dates)
    if start is None and end is None:
        return pd.Series(True, index=dates.index)
    parsed = pd.to_datetime(dates, errors="coerce")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    keep = parsed.notna()
    if start is not None:
        keep &= parsed >= pd.Timestamp(start)
    if end is not None:
        keep &= parsed < pd.Timestamp(end) + pd.Timedelta(days=1)
    return keep


def documents_in(documents: pd.DataFrame, *, doc_ids: Sequence[str] = (),
                 start: dt.date | str | None = None,
                 end: dt.date | str | None = None) -> list[str] | None:
    """Ids of the documents a filter keeps: those of ``doc_ids`` (all if empty) dated within
    ``[start, end]`` (see :func:`date_mask`; no date filter without a ``date`` column).

    Returns None when nothing is filtered (no ``doc_ids``, both ends open), in table order.
    """
    if not doc_ids and start is None and end is None:
        return None
    keep = pd.Series(True, index=documents.index)
    if doc_ids:
        keep &= documents[s.DOC_ID].astype(object).isin(list(doc_ids))
    if (start is not None or end is not None) and s.DATE in documents:
        keep &= date_mask(documents[s.DATE], start, end)
    return [str(d) for d in documents.loc[keep, s.DOC_ID]]


def no_documents_message(start: dt.date | None, end: dt.date | None, first: dt.date | None,
                         last: dt.date | None) -> str:
    """Say that no document is dated in ``[start, end]``, and the dates the corpus spans.

    ``first`` and ``last`` are the corpus's first and last dates (None: it has none), e.g.
    ``"No documents between 1700-01-01 and 1750-12-31; this corpus runs from 1790-01-08 to
    2026-02-24."``
    """
    if start is not None and end is not None:
        where = f"between {start:%Y-%m-%d} and {end:%Y-%m-%d}"
    elif start is not None:
        where = f"from {start:%Y-%m-%d} on"
    else:
        where = f"up to {end:%Y-%m-%d}"
    if first is None or last is None:
        span = "no document of this corpus has a date"
    else:
        span = f"this corpus runs from {first:%Y-%m-%d} to {last:%Y-%m-%d}"
    return f"No documents {where}; {span}. Widen the dates or click Any date."
