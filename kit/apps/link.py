"""Link state: what a shareable link to a dashboard says, and the one parser and writer of it.

A link's query string (``?speaker=…&q=…&from=…&to=…``) reaches the kernel as Voila's
``QUERY_STRING``. :func:`parse_query_string` reads every key any app knows into a
:class:`LinkState`; :meth:`LinkState.query_string` writes one back. Each app reads and writes
the fields it has:

- all three: ``speaker`` (repeats; any case), ``party`` (repeats; when the corpus has
  parties), ``from`` and ``to`` (``YYYY-MM-DD``, inclusive);
- the explorer: ``q`` (the keyword box), ``doc`` (repeats), ``whole_word=0`` (match parts of
  words), ``case=1``, ``regex=1``, ``order`` (the table's order, a ``kwic(sort=)`` key) and
  ``page`` (of the table, from 1);
- compare speakers: ``focus`` (the speaker whose distinctive words are charted);
- term trends: ``term`` (repeats; one term each, a phrase too, quotes around it dropped; else
  the terms of ``q``), ``freq`` (``10Y``, ``Y``, ``M`` or ``D``; default auto) and ``value=n``
  (counts; default rates per 1,000 words), ``bands=1`` (shade the 95% intervals),
  ``dict`` (a dictionary: ``sentiment`` for the bundled lexicon, or an uploaded file's name)
  and ``category`` (repeats; its categories to chart, default all).

Unknown keys are ignored; a key left at its default is left out of a written link.
"""

from __future__ import annotations

import datetime as dt
import urllib.parse
from dataclasses import dataclass

import pandas as pd

__all__ = ["LinkState", "is_blank", "parse_query_string"]

#: Quotes a typed ``term=`` may carry around a phrase; they are not part of it.
TERM_QUOTES = '"“”'
FLAG_TRUE = ("1", "true", "yes", "on")


def _iso_date(value: dt.date | str) -> str:
    """``YYYY-MM-DD`` of a date, datetime or date string (four-digit years, as links need)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        value = pd.Timestamp(value).date()
    return value.isoformat()


@dataclass(frozen=True)
class LinkState:
    """What the filters of a dashboard say, in plain values: what a shareable link encodes.

    ``start`` and ``end`` are dates (or date strings, as read from a link); ``None`` is open.
    """

    speakers: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    q: str = ""
    start: dt.date | str | None = None
    end: dt.date | str | None = None
    documents: tuple[str, ...] = ()
    whole_word: bool = True
    case: bool = False
    regex: bool = False
    focus: str | None = None
    terms: tuple[str, ...] = ()
    freq: str = "auto"
    value: str = "per_1k"
    bands: bool = False
    dictionary: str = ""
    categories: tuple[str, ...] = ()
    order: str = ""
    page: int = 1

    def query_string(self) -> str:
        """Encode as ``term=…&freq=…&value=…&speaker=…&q=…&from=…&to=…&doc=…&…&focus=…``.

        Keys at their default are left out, so each app's links carry only its own fields.
        """
        pairs: list[tuple[str, str]] = [("term", t) for t in self.terms]
        if self.freq != "auto":
            pairs.append(("freq", self.freq))
        if self.value != "per_1k":
            pairs.append(("value", self.value))
        if self.bands:
            pairs.append(("bands", "1"))
        if self.dictionary:
            pairs.append(("dict", self.dictionary))
        pairs += [("category", c) for c in self.categories]
        pairs += [("speaker", sp) for sp in self.speakers]
        pairs += [("party", p) for p in self.parties]
        if self.q:
            pairs.append(("q", self.q))
        if self.start is not None:
            pairs.append(("from", _iso_date(self.start)))
        if self.end is not None:
            pairs.append(("to", _iso_date(self.end)))
        pairs += [("doc", d) for d in self.documents]
        if not self.whole_word:
            pairs.append(("whole_word", "0"))
        if self.case:
            pairs.append(("case", "1"))
        if self.regex:
            pairs.append(("regex", "1"))
        if self.focus:
            pairs.append(("focus", self.focus))
        if self.order:
            pairs.append(("order", self.order))
        if self.page != 1:
            pairs.append(("page", str(self.page)))
        return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


def is_blank(query: str | None) -> bool:
    """True for a query string with no parameters (``""``, ``"?"``, ``"&"`` ...)."""
    return not (query or "").strip("?& ")


def _flag(values: list[str], default: bool) -> bool:
    if not values:
        return default
    return values[-1].strip().lower() in FLAG_TRUE


def parse_query_string(query: str | None) -> LinkState:
    """Read a link's query string (with or without its ``?``) into a :class:`LinkState`.

    ``speaker``, ``party``, ``doc``, ``term`` and ``category`` may repeat; of other keys the
    last one counts. Each ``term=`` is one term (a phrase too), without quotes around it;
    empty ones are dropped.
    Values are kept as written: an app falls back to its default for one it does not offer.
    """
    params = urllib.parse.parse_qs((query or "").lstrip("?"), keep_blank_values=False)

    def last(key: str) -> str | None:  # (parse_qs gives no blank values)
        values = params.get(key)
        return values[-1] if values else None

    terms = (t.strip().strip(TERM_QUOTES).strip() for t in params.get("term", []))
    return LinkState(
        speakers=tuple(params.get("speaker", [])),
        parties=tuple(params.get("party", [])),
        q=last("q") or "",
        start=last("from"),
        end=last("to"),
        documents=tuple(params.get("doc", [])),
        whole_word=_flag(params.get("whole_word", []), True),
        case=_flag(params.get("case", []), False),
        regex=_flag(params.get("regex", []), False),
        focus=last("focus"),
        terms=tuple(t for t in terms if t),
        freq=last("freq") or "auto",
        value=last("value") or "per_1k",
        bands=_flag(params.get("bands", []), False),
        dictionary=last("dict") or "",
        categories=tuple(params.get("category", [])),
        order=last("order") or "",
        page=_page(last("page")),
    )


def _page(value: str | None) -> int:
    """A page number from a link (from 1); anything else is the first page."""
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1
