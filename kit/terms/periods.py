"""Documents in time: a date's period start, the period that suits a span, each document's period.

:class:`DocumentPeriods` gives :meth:`kit.terms.kwic.TermIndex.term_usage` its ``by=`` for
usage over time: each document's period start, so the counts equal
``term_usage(..., freq=...)`` without converting every token's date on every query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["DECADE", "PERIOD", "DocumentPeriods", "check_freq", "choose_freq", "period_span",
           "period_start"]

#: Name of the column of period starts in usage over time.
PERIOD = "period"
#: The ``freq`` of decades (1620-01-01, 1630-01-01, ...): long historical spans.
DECADE = "10Y"
#: Longest span of dates charted by day, then by month (longer spans: by year).
DAILY_MAX_DAYS = 120
MONTHLY_MAX_DAYS = 5 * 365


#: Short names ``freq=`` accepts besides pandas' own aliases.
NAMED_FREQS = {"day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y",
               "decade": "10YS", "D": "D", "M": "M", "Y": "Y"}
# Period-end aliases mean the same periods as their starts here: the column holds starts.
_START_OF = {"M": "MS", "ME": "MS", "Q": "QS", "QE": "QS", "Y": "YS", "YE": "YS", "A": "YS",
             "BM": "MS", "BQ": "QS", "BY": "YS"}
_MONTHS_PER = {pd.offsets.MonthBegin: 1, pd.offsets.QuarterBegin: 3, pd.offsets.YearBegin: 12}
_EPOCH = pd.Timestamp("1970-01-01")


def check_freq(freq: str) -> Any:
    """Return the pandas offset of a period name; raise a KitError saying what is accepted.

    Any pandas frequency of a day or longer: ``"D"``, ``"W"`` (weeks from Sunday, or
    ``"W-MON"``), ``"M"``/``"MS"``, ``"Q"``/``"QS"``, ``"Y"``/``"YS"``, with a multiple
    (``"10YS"`` decades, ``"2W"`` fortnights), or ``"day"``, ``"week"``, ``"month"``,
    ``"quarter"``, ``"year"``, ``"decade"``.
    """
    import re

    text = NAMED_FREQS.get(freq, freq) if isinstance(freq, str) else freq
    try:
        if not isinstance(text, str):
            raise ValueError
        match = re.fullmatch(r"(\d*)([A-Za-z]+)(-\w+)?", text.strip())
        if not match:
            raise ValueError
        n, name, anchor = match.groups()
        name = _START_OF.get(name.upper() if name.upper() in _START_OF else name, name)
        offset = pd.tseries.frequencies.to_offset(f"{n}{name}{anchor or ''}")
        if isinstance(offset, pd.offsets.Tick) and offset.nanos < pd.Timedelta(days=1).value:
            raise ValueError
    except (ValueError, TypeError):
        raise KitError(
            f"freq={freq!r} is not a period I know. Use a pandas frequency of a day or more: "
            "'D', 'W', 'M', 'Q', 'Y', with a multiple such as '10YS' (decades) or '2W', or "
            "'day', 'week', 'month', 'quarter', 'year', 'decade'; or freq=None for no time "
            "grouping."
        ) from None
    return offset


def period_span(start: pd.Timestamp, freq: str) -> tuple[pd.Timestamp, str]:
    """The next period's start after ``start`` and a label for the period, such as
    ``"2020s"``, ``"2020"``, ``"2020 Q2"``, ``"Mar 2020"``, ``"week of 2020-03-02"``.

    ``start`` is a period start as :func:`period_start` gives it; ``freq`` as there.
    """
    offset = check_freq(freq)
    n = max(int(offset.n), 1)
    months = _MONTHS_PER.get(type(offset.base))
    if months is not None:
        m = months * n
        end = start + pd.DateOffset(months=m)
        last = end - pd.DateOffset(months=1)
        if m == 120 and start.year % 10 == 0 and start.month == 1:
            return end, f"{start.year}s"
        if m % 12 == 0 and start.month == 1:
            return end, str(start.year) if m == 12 else f"{start.year}–{last.year}"
        if m == 3 and start.month % 3 == 1:
            return end, f"{start.year} Q{start.month // 3 + 1}"
        if m == 1:
            return end, start.strftime("%b %Y")
        return end, f"{start.strftime('%b %Y')}–{last.strftime('%b %Y')}"
    days = n * (7 if isinstance(offset.base, pd.offsets.Week) else 1)
    end = start + pd.Timedelta(days=days)
    if days == 1:
        return end, start.strftime("%Y-%m-%d")
    if days == 7:
        return end, f"week of {start.strftime('%Y-%m-%d')}"
    last = end - pd.Timedelta(days=1)
    return end, f"{start.strftime('%Y-%m-%d')} – {last.strftime('%Y-%m-%d')}"


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """Return the first day of each date's period; one row per row of ``dates``, missing
    where the date is.

    ``freq`` is any period :func:`check_freq` accepts. Multiples are counted from the
    calendar, not from the first date: ``"10YS"`` gives decades starting in years that end
    in 0, ``"2MS"`` pairs of months from January, ``"2W"`` fortnights from the week of
    1 January 1970. Dates keep the kit's unit (``datetime64[us]`` spans years 1 to 9999).
    """
    offset = check_freq(freq)
    values = pd.to_datetime(dates)
    values = pd.Series(values.to_numpy(), index=dates.index, name=dates.name)
    if values.dtype != s.DATE_DTYPE:
        values = values.astype(s.DATE_DTYPE)
    days = values.dt.normalize()
    uniq = pd.DatetimeIndex(days.dropna().unique())
    n = max(int(offset.n), 1)
    base = offset.base  # the same offset with n = 1
    months = _MONTHS_PER.get(type(base))
    if months is not None:
        # Months, quarters, years: counted on the calendar from January (no offset
        # arithmetic, which goes through nanoseconds and wraps past 2262).
        index = np.asarray(uniq.year * 12 + uniq.month - 1, dtype=np.int64)
        index = (index // (months * n)) * (months * n)
        # numpy counts months from January 1970
        start = pd.DatetimeIndex((index - 1970 * 12).astype("datetime64[M]")
                                 .astype(s.DATE_DTYPE))
    else:
        if isinstance(base, pd.offsets.Tick):  # days
            start, ref = uniq, _EPOCH
            step = base.nanos // pd.Timedelta(days=1).value
        else:  # weeks, anchored on their weekday
            start = (uniq + base) - base  # the last period start on or before each date
            step, ref = 7, (_EPOCH + base) - base
        if n > 1:
            width = step * n
            since = (start - ref).days
            start = ref + pd.to_timedelta((since // width) * width, unit="D")
    lookup = pd.Series(pd.DatetimeIndex(start).as_unit("us"), index=uniq.as_unit("us"))
    out = days.map(lookup) if len(uniq) else days
    return out.astype(s.DATE_DTYPE)


def choose_freq(dates: pd.Series) -> str | None:
    """Return the period that suits the span of ``dates``: ``"D"``, ``"M"`` or ``"Y"``.

    Up to 120 days apart: days; up to five years: months; longer: years. ``None`` when no
    value is a date (unparseable values are left out).
    """
    dates = pd.to_datetime(dates, errors="coerce").dropna()
    if dates.empty:
        return None
    span_days = (dates.max() - dates.min()).days
    if span_days > MONTHLY_MAX_DAYS:
        return "Y"
    if span_days > DAILY_MAX_DAYS:
        return "M"
    return "D"


class DocumentPeriods:
    """Each document of a corpus in its period of time, for usage over time from an index.

    Parameters
    ----------
    corpus
        The corpus (its ``documents`` give the dates; its ``tokens`` the document ids' type).

    Attributes
    ----------
    dates
        Each document's date (index: document id as text; missing where it has none; empty
        when the documents have no ``date`` column).
    documents
        Each document as its own group (index: document id as text, name ``doc_id``): the
        time axis of a corpus without dates.
    """

    def __init__(self, corpus: Corpus) -> None:
        docs = corpus.documents
        ids = docs[s.DOC_ID].astype(str).to_numpy()
        dates = docs.set_index(ids)[s.DATE] if s.DATE in docs \
            else pd.Series(dtype=s.DATE_DTYPE, name=s.DATE)
        self.dates = pd.to_datetime(dates, errors="coerce")
        doc_dtype = corpus.tokens[s.DOC_ID].dtype
        values = docs[s.DOC_ID].astype(object)
        self.documents = pd.Series(
            pd.Categorical(values, dtype=doc_dtype)
            if isinstance(doc_dtype, pd.CategoricalDtype) else values.to_numpy(),
            index=ids, name=s.DOC_ID)
        self._periods: dict[str, pd.Series] = {}

    def freq(self, doc_ids: Iterable[str] | None = None) -> str | None:
        """The period that suits the span of the documents' dates (:func:`choose_freq`).

        ``doc_ids``: these documents only (default: all). ``None`` without dates.
        """
        dates = self.dates if doc_ids is None else self.dates.reindex([str(d) for d in doc_ids])
        return choose_freq(dates)

    def groups(self, freq: str | None) -> pd.Series:
        """Each document's group for usage over time, ready for ``TermIndex.term_usage(by=)``.

        Returns
        -------
        Series
            One row per document (index: document id as text). With a ``freq`` and dates:
            named ``period``, a Categorical of period starts (:func:`period_start`, missing
            for undated documents), built once per ``freq``. Without (``freq`` None, or no
            document dated): :attr:`documents`, each document its own group.
        """
        if freq is None or not self.dates.notna().any():
            return self.documents
        if freq not in self._periods:
            starts = period_start(pd.Series(self.dates.to_numpy()), freq)
            categories, inverse = np.unique(starts.dropna().to_numpy(), return_inverse=True)
            codes = np.full(len(starts), -1, dtype=np.int32)
            codes[starts.notna().to_numpy()] = inverse
            self._periods[freq] = pd.Series(
                pd.Categorical.from_codes(codes, categories=pd.Index(categories)),
                index=self.dates.index, name=PERIOD)
        return self._periods[freq]
