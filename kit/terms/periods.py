"""Documents in time: a date's period start, the period that suits a span, each document's period.

:class:`DocumentPeriods` gives :meth:`kit.terms.kwic.TermIndex.term_usage` its ``by=`` for
usage over time: each document's period start, so the counts equal
``term_usage(..., freq=...)`` without converting every token's date on every query.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kit import schema as s

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["DECADE", "PERIOD", "DocumentPeriods", "choose_freq", "period_start"]

#: Name of the column of period starts in usage over time.
PERIOD = "period"
#: The ``freq`` of decades (1620-01-01, 1630-01-01, ...): long historical spans.
DECADE = "10Y"
#: Longest span of dates charted by day, then by month (longer spans: by year).
DAILY_MAX_DAYS = 120
MONTHLY_MAX_DAYS = 5 * 365


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """Return the first day of the day, month, year or decade (``freq`` ``"D"``, ``"M"``,
    ``"Y"``, ``"10Y"``) of each date; one row per row of ``dates``, missing where the date is.

    Dates keep their unit (``datetime64[us]`` spans years 1 to 9999).
    """
    dates = pd.to_datetime(dates)
    if freq != DECADE:
        return dates.dt.to_period(freq).dt.start_time
    years = dates.to_numpy().astype("datetime64[Y]")
    missing = np.isnat(years)
    since_1970 = years.astype(np.int64)  # numpy counts years from 1970
    decades = ((since_1970 + 1970) // 10 * 10 - 1970).astype("datetime64[Y]")
    decades[missing] = np.datetime64("NaT")
    return pd.Series(decades.astype(s.DATE_DTYPE), index=dates.index, name=dates.name)


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
