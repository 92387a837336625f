"""The explorer app: filters wired to a keyword-in-context table, term-usage charts and a summary.

``Explorer(corpus).container`` is the whole app (the dashboard's last cell). Counting, KWIC
and figures come from :mod:`kit.terms` and :mod:`kit.plots`; this module only filters, wires
and renders. Every piece of transcript text that reaches HTML is escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import wraps

import ipywidgets as w
import numpy as np
import pandas as pd

from kit import schema as s
from kit.apps.figurewidget import figure_widget, update_figure
from kit.apps.widgets import (
    DateRange,
    DocumentPicker,
    DownloadButton,
    KeywordBox,
    SpeakerFilter,
    date_mask,
)
from kit.corpus import Corpus
from kit.errors import KitError
from kit.terms.query import split_query

__all__ = [
    "CompareSpeakers", "Explorer", "ExplorerState", "TermTrends", "View", "parse_query_string",
]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Most documents drawn as strips in the dispersion chart (those with the most hits).
MAX_DISPERSION_DOCS = 25
#: Longest turn text shown in full when a row is expanded; longer turns show a passage.
MAX_EXPANDED_CHARS = 3000
#: Terms charted when no keyword is typed (the most used content words of the view).
DEFAULT_CHART_TERMS = 3

_CSS = """
<style>
.kit-explorer { font-size: 14px; }
.kit-kwic { overflow-x: auto; max-width: 100%; }
/* Fixed columns take 44em: below 68em the context columns would shrink to a letter a line,
   so a narrow area (JupyterLab beside its file browser) scrolls sideways instead. */
.kit-kwic table { border-collapse: collapse; width: 100%; min-width: 68em;
                  table-layout: fixed; }
.kit-kwic th { text-align: left; border-bottom: 2px solid #ccc; padding: 4px 6px; }
.kit-kwic td { border-bottom: 1px solid #eee; padding: 4px 6px; vertical-align: top;
               word-wrap: break-word; }
.kit-kwic td.kit-left { text-align: right; color: #555; }
.kit-kwic td.kit-right { color: #555; }
.kit-kwic mark { background: #ffe08a; padding: 0 1px; font-weight: 600; }
.kit-kwic details summary { cursor: pointer; color: #2a6ebb; font-size: 12px; }
.kit-kwic .kit-turn { white-space: pre-wrap; background: #fafafa; padding: 6px;
                      border-left: 3px solid #ddd; margin-top: 4px; }
.kit-summary { font-size: 15px; margin: 4px 0; }
.kit-error-message { color: #8a1c1c; background: #fdecea; padding: 6px 10px;
                     border-radius: 4px; }
</style>
"""


# ---------------------------------------------------------------------------------------------
# State and the query string


def _iso_date(value: object) -> str:
    """``YYYY-MM-DD`` of a date, datetime or date string (four-digit years, as links need)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        value = pd.Timestamp(value).date()
    return value.isoformat()


@dataclass
class ExplorerState:
    """What the filters say: the view in plain values (what a shareable link encodes)."""

    speakers: tuple[str, ...] = ()
    q: str = ""
    start: object = None
    end: object = None
    documents: tuple[str, ...] = ()
    whole_word: bool = True
    case: bool = False
    regex: bool = False

    def query_string(self) -> str:
        """Encode as ``speaker=…&q=…&from=…&to=…`` (defaults left out)."""
        pairs: list[tuple[str, str]] = [("speaker", sp) for sp in self.speakers]
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
        return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)


def _flag(values: list[str], default: bool) -> bool:
    if not values:
        return default
    return values[-1].strip().lower() in ("1", "true", "yes", "on")


def _is_blank(query: str | None) -> bool:
    """True for a query string with no parameters (``""``, ``"?"``, ``"&"`` ...)."""
    return not (query or "").strip("?& ")


def parse_query_string(query: str) -> ExplorerState:
    """Read ``speaker=…&q=…&from=…&to=…`` (also ``doc``, ``whole_word``, ``case``, ``regex``).

    ``speaker`` and ``doc`` may repeat. Unknown keys are ignored.
    """
    params = urllib.parse.parse_qs((query or "").lstrip("?"), keep_blank_values=False)
    return ExplorerState(
        speakers=tuple(params.get("speaker", [])),
        q=(params.get("q") or [""])[-1],
        start=(params.get("from") or [None])[-1],
        end=(params.get("to") or [None])[-1],
        documents=tuple(params.get("doc", [])),
        whole_word=_flag(params.get("whole_word", []), True),
        case=_flag(params.get("case", []), False),
        regex=_flag(params.get("regex", []), False),
    )


# ---------------------------------------------------------------------------------------------
# The computed view


class _Hits:
    """Every hit of a keyword query under the filters, materialised only as far as needed.

    Counting uses the index's hit rows (arrays, milliseconds even with a million hits); the
    KWIC rows with their context strings are built for the first rows a page shows, and for
    all of them only when asked (``all()``, the CSV download).
    """

    def __init__(self, index, queries: Sequence[str], options: dict,
                 doc_ids: Sequence[str] | None, window: int) -> None:
        self.index, self.queries, self.window = index, list(queries), window
        self.options = {**options, "doc_ids": doc_ids}
        firsts = [index.hits(q, **self.options)[0] for q in self.queries]
        self.n = int(sum(len(f) for f in firsts))
        rows = np.concatenate(firsts) if self.n else np.zeros(0, dtype=np.int64)
        self.n_docs = len(np.unique(index.doc_codes[rows]))
        self.n_speakers = len(np.unique(index.speaker_codes[rows]))
        self._all: pd.DataFrame | None = None

    def head(self, n: int) -> pd.DataFrame:
        """The first ``n`` hits in corpus order (KWIC rows, as :func:`kit.kwic`)."""
        if self._all is not None:
            return self._all.head(n)
        frames = [self.index.kwic(q, limit=max(n, 0), window=self.window, **self.options)
                  for q in self.queries]
        frames = [f for f in frames if len(f)] or frames[:1]
        out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        if len(frames) > 1:
            order = self.index.doc_labels.get_indexer(out[s.DOC_ID].astype(str))
            out = out.assign(_o=order).sort_values(["_o", s.START_CHAR], kind="stable")
            out = out.drop(columns="_o")
        return out.head(n).reset_index(drop=True)

    def all(self) -> pd.DataFrame:
        """Every hit (built once, then kept)."""
        if self._all is None:
            self._all = self.head(self.n)
        return self._all


@dataclass
class View:
    """Everything shown for one state: rows of the table and data of the charts."""

    state: ExplorerState
    terms: list[str]
    charted_terms: list[str]
    speakers: list[str] | None
    doc_ids: list[str] | None
    keyword_hits: _Hits | None
    turns: pd.DataFrame
    usage_by_speaker: pd.DataFrame
    usage_over_time: pd.DataFrame
    time_column: str
    dispersion: pd.DataFrame
    dispersion_docs: pd.DataFrame
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def hits(self) -> pd.DataFrame | None:
        """Every KWIC row of the keyword under the filters (None without a keyword)."""
        return None if self.keyword_hits is None else self.keyword_hits.all()

    @property
    def rows(self) -> pd.DataFrame:
        """The table's rows (every page): hits when there is a keyword, else turns."""
        return self.hits if self.keyword_hits is not None else self.turns

    @property
    def n_rows(self) -> int:
        return self.keyword_hits.n if self.keyword_hits is not None else len(self.turns)

    def head(self, n: int) -> pd.DataFrame:
        """The first ``n`` rows of the table (cheap: no full KWIC needed)."""
        return self.keyword_hits.head(n) if self.keyword_hits is not None else self.turns.head(n)

    @property
    def n_documents(self) -> int:
        if self.keyword_hits is not None:
            return self.keyword_hits.n_docs
        return self.turns[s.DOC_ID].nunique() if len(self.turns) else 0

    @property
    def n_speakers(self) -> int:
        if self.keyword_hits is not None:
            return self.keyword_hits.n_speakers
        return self.turns[s.SPEAKER].nunique() if len(self.turns) else 0

    def csv_frame(self, documents: pd.DataFrame) -> pd.DataFrame:
        """The rows as exported to CSV (with document titles)."""
        titles = documents.set_index(s.DOC_ID)[s.TITLE] if s.TITLE in documents else None
        if self.keyword_hits is not None:
            cols = [c for c in ("query", s.SPEAKER, s.DATE, s.DOC_ID, s.TURN_ID, "left", "hit",
                                "right", s.START_CHAR, s.END_CHAR) if c in self.hits.columns]
            out = self.hits[cols].copy()
        else:
            cols = [c for c in (s.SPEAKER, s.DATE, s.DOC_ID, s.TURN_ID, s.N_WORDS, s.TEXT)
                    if c in self.turns.columns]
            out = self.turns[cols].copy()
        if titles is not None:
            out.insert(out.columns.get_loc(s.DOC_ID) + 1, s.TITLE,
                       out[s.DOC_ID].astype(object).map(titles).to_numpy())
        for col in (s.SPEAKER, s.DOC_ID):
            if col in out.columns:
                out[col] = out[col].astype(object)
        if s.DATE in out.columns:
            out[s.DATE] = pd.to_datetime(out[s.DATE]).dt.strftime("%Y-%m-%d")
        return out.reset_index(drop=True)


def _time_frequency(dates: pd.Series) -> str | None:
    dates = pd.to_datetime(dates, errors="coerce").dropna()
    if dates.empty:
        return None
    span_days = (dates.max() - dates.min()).days
    if span_days > 5 * 365:
        return "Y"
    if span_days > 120:
        return "M"
    return "D"


# ---------------------------------------------------------------------------------------------
# HTML rendering (everything escaped)


def _esc(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _date_text(value: object) -> str:
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return ""
    return "" if pd.isna(stamp) else f"{stamp:%Y-%m-%d}"


def _marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Escape ``text`` and wrap each ``(start, end)`` span in ``<mark>``."""
    out, pos = [], 0
    for a, b in sorted(spans):
        a, b = max(a, pos), max(b, a)
        if a >= len(text):
            break
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _passage(text: str, a: int, b: int,
             n_words: int | None = None) -> tuple[str, int, int, str]:
    """Cut a long turn to the passage around ``[a, b)``; return text, new span, note.

    ``n_words`` (the turn's word count, for the note) is counted from ``text`` if not given.
    """
    if len(text) <= MAX_EXPANDED_CHARS:
        return text, a, b, ""
    half = MAX_EXPANDED_CHARS // 2
    lo = max(0, a - half)
    hi = min(len(text), b + half)
    lo = text.rfind(" ", 0, lo) + 1 if lo > 0 else 0
    cut = text[lo:hi]
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    n_words = len(text.split()) if n_words is None else n_words
    note = f"(passage of a {n_words:,}-word turn)"
    return prefix + cut + suffix, a - lo + len(prefix), b - lo + len(prefix), note


class _TurnLookup:
    """Turns by ``(doc_id, turn_id)``: text, where its speech starts in the document, words."""

    def __init__(self, turns: pd.DataFrame) -> None:
        self._index = pd.MultiIndex.from_arrays(
            [turns[s.DOC_ID].astype(object), turns[s.TURN_ID].astype("int64")])
        # Where the speech starts: text_start_char (after the label) where the reader knows
        # it, else start_char, as the KWIC offsets are counted.
        base = turns[s.START_CHAR] if s.START_CHAR in turns.columns else \
            pd.Series(0, index=turns.index)
        if "text_start_char" in turns.columns:
            base = turns["text_start_char"].fillna(base)
        self._base = base.fillna(0).to_numpy().astype(np.int64)
        self._text = turns[s.TEXT]
        self._n_words = turns[s.N_WORDS].to_numpy() if s.N_WORDS in turns.columns else None

    def positions(self, rows: pd.DataFrame) -> np.ndarray:
        """Row of each of ``rows``' turns in the turns table (-1 if it is not there)."""
        if not len(rows):
            return np.zeros(0, dtype=np.int64)
        keys = pd.MultiIndex.from_arrays([rows[s.DOC_ID].astype(object),
                                          rows[s.TURN_ID].astype("int64")])
        return self._index.get_indexer(keys)

    def get(self, position: int) -> tuple[str, int, int | None] | None:
        """Text, speech start and word count of the turn at ``position`` (None if -1)."""
        if position < 0:
            return None
        n_words = int(self._n_words[position]) if self._n_words is not None else None
        return str(self._text.iloc[position]), int(self._base[position]), n_words


# ---------------------------------------------------------------------------------------------
# The app


def _safe(method: Callable) -> Callable:
    """Run a callback; show a friendly message in the page instead of failing silently."""

    @wraps(method)
    def wrapper(self: _App, *args, **kwargs):
        try:
            result = method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the page
            self._show_error(exc)
            return None
        return result

    return wrapper


class _Periods:
    """Each document's period start (day, month or year of its date), built once per period.

    Grouping by this per-document column (``TermIndex.term_usage``) gives the counts of
    ``term_usage(..., freq=...)`` without converting every token's date on every change.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        docs = corpus.documents
        dates = docs.set_index(docs[s.DOC_ID].astype(str))[s.DATE] if s.DATE in docs \
            else pd.Series(dtype="datetime64[ns]")
        self.doc_dates = pd.to_datetime(dates, errors="coerce")
        self._per_doc: dict[str, pd.Series] = {}

    def frequency(self, doc_ids: Sequence[str] | None) -> str | None:
        """The period that suits the span of the documents' dates (None without dates)."""
        dates = self.doc_dates if doc_ids is None else self.doc_dates.reindex(list(doc_ids))
        return _time_frequency(dates)

    def per_document(self, freq: str) -> pd.Series:
        """Each document's period start (index: document id), a Categorical named period."""
        if freq not in self._per_doc:
            starts = pd.Series(pd.to_datetime(self.doc_dates.to_numpy()))
            starts = starts.dt.to_period(freq).dt.start_time
            cats, inverse = np.unique(starts.dropna().to_numpy(), return_inverse=True)
            codes = np.full(len(starts), -1, dtype=np.int32)
            codes[starts.notna().to_numpy()] = inverse
            self._per_doc[freq] = pd.Series(
                pd.Categorical.from_codes(codes, categories=cats),
                index=self.doc_dates.index, name="period")
        return self._per_doc[freq]


def _doc_groups(corpus: Corpus) -> pd.Series:
    """Each document as its own group (index: its id), for ``TermIndex.term_usage(by=...)``."""
    docs, doc_dtype = corpus.documents, corpus.tokens[s.DOC_ID].dtype
    return pd.Series(
        pd.Categorical(docs[s.DOC_ID].astype(object), dtype=doc_dtype)
        if isinstance(doc_dtype, pd.CategoricalDtype) else docs[s.DOC_ID].astype(object).to_numpy(),
        index=docs[s.DOC_ID].astype(str).to_numpy(), name=s.DOC_ID)


class _App:
    """What every app shares: page frame, speaker and date filters, outputs, links, messages.

    Each app builds its widgets with these helpers and states only what is its own: its other
    widgets and their order on the page, ``refresh``, ``query_string``, ``apply_query_string``
    and ``_csv``.
    """

    corpus: Corpus
    speakers: SpeakerFilter
    dates: DateRange
    header: w.HTML
    errors: w.Output
    #: True while several filters are set at once: their changes wait for one refresh.
    _suspended = False

    # -- building ----------------------------------------------------------------------------
    def _build_filters(self, corpus: Corpus) -> None:
        """The speaker filter and the date range of ``corpus``."""
        self.speakers = SpeakerFilter(corpus.turns)
        self.dates = DateRange(corpus.documents[s.DATE] if s.DATE in corpus.documents else None)

    def _build_outputs(self, *, table: str) -> None:
        """The header, summary line, share link, error area and table (CSS class ``table``)."""
        self.header = w.HTML()
        self.summary = w.HTML().add_class("kit-summary")
        self.share = w.HTML().add_class("kit-share")
        self.errors = w.Output().add_class("kit-errors")
        self.table = w.HTML().add_class(table)

    def _download_button(self, *, description: str, filename: str) -> DownloadButton:
        """A button that downloads ``self._csv()`` as ``filename``."""
        return DownloadButton(self._csv, description=description,
                              filename=filename).add_class("kit-download")

    def _show_corpus(self, corpus: Corpus, *, title: str | None = None) -> None:
        """Write the style sheet, ``title`` and the corpus's name into the header."""
        from kit.apps.corpus_choice import corpus_label

        heading = f"<h2 style='margin:4px 0'>{_esc(title)}</h2>" if title else ""
        self.header.value = (f"{_CSS}{heading}<div class='kit-corpus'>Corpus: "
                             f"{_esc(corpus_label(corpus))}</div>")

    def _frame(self, *, sidebar: Sequence[w.Widget], main: Sequence[w.Widget],
               **row) -> list[w.Widget]:
        """The page's widgets: the header above the sidebar of filters beside the main column.

        ``row`` goes to the ``HBox`` that holds sidebar and main column.
        """
        return [self.header, w.HBox([
            w.VBox(list(sidebar), layout=w.Layout(width="330px", min_width="280px")),
            w.VBox(list(main),
                   layout=w.Layout(flex="1 1 auto", min_width="0", padding="0 0 0 16px")),
        ], **row)]

    def _watch(self, *widgets: w.Widget) -> None:
        """Refresh when any of ``widgets`` changes value."""
        for widget in widgets:
            widget.observe(self._on_change, names="value")

    def _start(self, query: str | None) -> None:
        """Show the first view: the one ``query`` asks for, else the default."""
        if query:
            self.apply_query_string(query)
        else:
            self.refresh()

    # -- state -------------------------------------------------------------------------------
    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Set several widgets without a refresh per change (the caller refreshes once)."""
        self._suspended = True
        try:
            yield
        finally:
            self._suspended = False

    def _on_change(self, change: dict) -> None:
        if not self._suspended:
            self.refresh()

    def _filter_state(self, **more) -> ExplorerState:
        """The speakers and dates chosen, with ``more`` fields, as an :class:`ExplorerState`."""
        start, end = self.dates.value
        return ExplorerState(speakers=tuple(self.speakers.value), start=start, end=end, **more)

    @staticmethod
    def _resolve(names: Sequence[str], known: Sequence[str]) -> list[str]:
        by_fold = {k.casefold(): k for k in known}
        return [n if n in known else by_fold.get(n.casefold(), n) for n in names]

    def _apply_speakers_and_dates(self, state: ExplorerState) -> list[str]:
        """Select ``state``'s speakers (any case) and dates; return the problems found."""
        names = self._resolve(state.speakers, self.speakers.option_keys)
        missing = self.speakers.set_value(names)
        self.dates.set_value(state.start, state.end)
        return [f"no speaker named {m!r}" for m in missing]

    def _report_link_problems(self, problems: Sequence[str]) -> None:
        """Say what of a link could not be applied (nothing when all of it was)."""
        if problems:
            self._show_message("The link asks for " + "; ".join(problems)
                               + ". The rest of it was applied.")

    # -- messages ----------------------------------------------------------------------------
    @property
    def messages(self) -> list[str]:
        """The messages shown in the error area (plain text)."""
        return [o["data"]["text/plain"] for o in self.errors.outputs]

    def _clear_messages(self) -> None:
        self.errors.outputs = ()

    def _show_message(self, text: str) -> None:
        # Set the Output's outputs directly: works the same in a kernel and in plain Python.
        out = {"output_type": "display_data", "metadata": {},
               "data": {"text/plain": text,
                        "text/html": f"<div class='kit-error-message'>{_esc(text)}</div>"}}
        self.errors.outputs = (*self.errors.outputs, out)

    def _show_error(self, exc: BaseException) -> None:
        log.exception("dashboard callback failed")
        if isinstance(exc, KitError):
            text = str(exc)
        elif exc.__class__.__name__ in ("error", "PatternError", "ComputeError"):
            text = f"That regular expression does not work: {exc}. Fix it or untick it."
        else:
            text = (f"Something went wrong updating the view ({type(exc).__name__}: {exc}). "
                    "The last good view is still shown; try other filters.")
        self._clear_messages()
        self._show_message(text)


class Explorer(_App):
    """Filter a corpus by speaker, keyword, date and document; read hits; chart term usage.

    Parameters
    ----------
    corpus
        The corpus to explore.
    page_size
        Rows per page of the table.
    window
        Characters of context on each side of a hit.
    query
        A query string (``speaker=…&q=…&from=…&to=…``) to start from.
    upload
        Offer a file upload that replaces the corpus with the user's own transcripts.
    title
        A heading above the app (default none: the dashboard's first cell has one).

    Attributes
    ----------
    container
        The app's top widget: display it (the dashboard's last cell).
    view
        The :class:`View` currently shown.
    """

    def __init__(self, corpus: Corpus, *, page_size: int = 20, window: int = 60,
                 query: str | None = None, upload: bool = True,
                 title: str | None = None) -> None:
        self.page_size = page_size
        self.window = window
        self.title = title
        self.page = 0
        self.view: View | None = None
        self.last_refresh_ms: float = 0.0
        self._build_outputs(table="kit-kwic")
        self._build_pager()
        self.download = self._download_button(description="Download CSV",
                                              filename="transcript-kit-view.csv")
        self.fig_speakers = figure_widget(css_class="kit-chart-speakers", height=360)
        self.fig_time = figure_widget(css_class="kit-chart-time", height=360)
        self.fig_dispersion = figure_widget(css_class="kit-chart-dispersion", height=360)
        self._upload = None
        if upload:
            from kit.apps.corpus_choice import UploadBox

            self._upload = UploadBox(self.set_corpus)
        self.container = w.VBox(layout=w.Layout(width="100%")).add_class("kit-explorer")
        self.set_corpus(corpus, refresh=False)
        self._start(query)

    @classmethod
    def from_environment(cls, **kwargs) -> Explorer:
        """Open the dashboard corpus (``$TURNKIT_CORPUS`` or the bundled one)."""
        from kit.apps.corpus_choice import dashboard_corpus

        return cls(dashboard_corpus(), **kwargs)

    # -- building ----------------------------------------------------------------------------
    def _build_pager(self) -> None:
        self.prev_button = w.Button(description="◀ Previous", layout=w.Layout(width="auto"))
        self.next_button = w.Button(description="Next ▶", layout=w.Layout(width="auto"))
        self.prev_button.add_class("kit-prev")
        self.next_button.add_class("kit-next")
        self.page_label = w.HTML().add_class("kit-page")
        self.prev_button.on_click(lambda _: self.go_to_page(self.page - 1))
        self.next_button.on_click(lambda _: self.go_to_page(self.page + 1))

    def set_corpus(self, corpus: Corpus, *, refresh: bool = True) -> None:
        """Explore ``corpus`` instead (new filters; the keyword is kept)."""
        from kit.terms.kwic import TermIndex

        if not len(corpus.turns):
            raise KitError("This corpus has no turns to explore; read some transcripts first.")
        self.corpus = corpus
        self.index = TermIndex(corpus)
        self._tokens = corpus.tokens
        self._stop_rows: np.ndarray | None = None
        self._turn_lookup: _TurnLookup | None = None
        self._doc_groups = _doc_groups(corpus)
        self._periods = _Periods(corpus)
        self._doc_dates = self._periods.doc_dates
        self._speaker_order = [str(x) for x in corpus.speaker_names]
        old_keyword = getattr(self, "keyword", None)
        self._build_filters(corpus)
        self.documents = DocumentPicker(corpus.documents)
        self.keyword = KeywordBox(**({} if old_keyword is None else {
            "q": old_keyword.text.value, "whole_word": old_keyword.whole_word.value,
            "case": old_keyword.case.value, "regex": old_keyword.regex.value}))
        self._watch(self.speakers, self.documents, self.dates, self.keyword)
        self._show_corpus(corpus, title=self.title)
        self._layout()
        if refresh:
            self.refresh()

    def _layout(self) -> None:
        sidebar = [self.speakers, self.documents, w.HTML("<b>Dates</b>"), self.dates]
        if self._upload is not None:
            sidebar.append(self._upload)
        pager = w.HBox([self.prev_button, self.page_label, self.next_button, self.download],
                       layout=w.Layout(align_items="center"))
        main = [self.keyword, self.summary, self.share, self.errors, pager, self.table,
                self.fig_speakers, self.fig_time, self.fig_dispersion]
        self.container.children = self._frame(sidebar=sidebar, main=main,
                                              layout=w.Layout(width="100%"))

    # -- state -------------------------------------------------------------------------------
    @property
    def state(self) -> ExplorerState:
        """The current filter values."""
        kv = self.keyword.value
        return self._filter_state(q=kv["q"], documents=tuple(self.documents.value),
                                  whole_word=kv["whole_word"], case=kv["case"],
                                  regex=kv["regex"])

    def query_string(self) -> str:
        """The current state as a query string (for a shareable link)."""
        return self.state.query_string()

    def set_state(self, state: ExplorerState, *, refresh: bool = True) -> list[str]:
        """Set every filter from ``state`` with one refresh; return problems found."""
        with self._quiet():
            problems = self._apply_speakers_and_dates(state)
            missing = self.documents.set_value(state.documents)
            problems += [f"no document {d!r}" for d in missing]
            self.keyword.set_value(q=state.q, whole_word=state.whole_word, case=state.case,
                                   regex=state.regex)
        if refresh:
            self.refresh()
        return problems

    def apply_query_string(self, query: str, *, refresh: bool = True) -> None:
        """Set the filters from a query string such as ``speaker=…&q=…&from=…&to=…``."""
        if _is_blank(query):
            return
        self._report_link_problems(self.set_state(parse_query_string(query), refresh=refresh))

    # -- computing ---------------------------------------------------------------------------
    def _selected_docs(self, state: ExplorerState) -> list[str] | None:
        docs = self.corpus.documents
        if not state.documents and state.start is None and state.end is None:
            return None
        keep = pd.Series(True, index=docs.index)
        if state.documents:
            keep &= docs[s.DOC_ID].astype(object).isin(state.documents)
        if (state.start is not None or state.end is not None) and s.DATE in docs:
            keep &= date_mask(docs[s.DATE], state.start, state.end)
        return [str(d) for d in docs.loc[keep, s.DOC_ID]]

    def compute(self, state: ExplorerState | None = None) -> View:
        """Compute the view for ``state`` (default: the current filters) without showing it."""
        state = state or self.state
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        speakers = list(state.speakers) or None
        doc_ids = self._selected_docs(state)
        index = self.index
        # Token filter as masks over the index's codes: no filtered copy of the tokens table.
        sp_ok = index.speaker_mask(speakers)
        doc_ok = index.doc_mask(doc_ids)
        mask = None
        if sp_ok is not None:
            mask = sp_ok[index.speaker_codes]
        if doc_ok is not None:
            mask = doc_ok[index.doc_codes] if mask is None else mask & doc_ok[index.doc_codes]
        n_sub = len(index.term_codes) if mask is None else int(mask.sum())
        turns = self.corpus.turns
        tmask = np.ones(len(turns), dtype=bool)
        if speakers is not None:
            tmask &= turns[s.SPEAKER].isin(speakers).to_numpy()
        if doc_ids is not None:
            tmask &= turns[s.DOC_ID].isin(doc_ids).to_numpy()
        sub_turns = turns[tmask]
        timings["filter"] = (time.perf_counter() - t0) * 1000

        terms = split_query(state.q, regex=state.regex)
        hits = None
        disp = pd.DataFrame()
        t1 = time.perf_counter()
        if terms:
            options = {"speakers": speakers, "regex": state.regex,
                       "whole_word": state.whole_word, "case": state.case}
            hits = _Hits(self.index, terms, options, doc_ids, self.window)
            disp = self.index.dispersion(terms, doc_ids=doc_ids, **options)
        timings["kwic"] = (time.perf_counter() - t1) * 1000

        t2 = time.perf_counter()
        if terms and not state.regex and not state.case and state.whole_word:
            charted = terms
        elif terms:
            # Patterns and partial words: chart the distinct terms they matched (the most
            # frequent among the first thousand hits).
            first = hits.head(1000) if hits is not None else pd.DataFrame()
            found = first["hit"].str.lower() if len(first) else pd.Series([], dtype=object)
            charted = list(found.value_counts().index[:5])
        else:
            charted = self._top_terms(mask, DEFAULT_CHART_TERMS)
        if charted and n_sub:
            by_speaker = index.term_usage(charted, speakers=speakers, doc_ids=doc_ids)
            charted = [str(t) for t in by_speaker["term"].cat.categories]
            freq = self._periods.frequency(doc_ids)
            if freq is not None:
                groups, time_column = self._periods.per_document(freq), "period"
            else:
                groups, time_column = self._doc_groups, s.DOC_ID
            over_time = index.term_usage(charted, by=groups, speakers=speakers,
                                         doc_ids=doc_ids)
        else:
            by_speaker = over_time = pd.DataFrame(columns=[s.SPEAKER, "term", "n", "per_1k"])
            time_column = s.DATE
        timings["usage"] = (time.perf_counter() - t2) * 1000

        docs = self.corpus.documents
        if len(disp):
            top_docs = disp[s.DOC_ID].astype(object).value_counts().index[:MAX_DISPERSION_DOCS]
            disp = disp[disp[s.DOC_ID].astype(object).isin(top_docs)]
            disp_docs = docs[docs[s.DOC_ID].astype(object).isin(top_docs)]
        else:
            disp_docs = docs.iloc[:0]
        view = View(state=state, terms=terms, charted_terms=charted, speakers=speakers,
                    doc_ids=doc_ids, keyword_hits=hits, turns=sub_turns.reset_index(drop=True),
                    usage_by_speaker=by_speaker, usage_over_time=over_time,
                    time_column=time_column, dispersion=disp, dispersion_docs=disp_docs,
                    timings_ms=timings)
        timings["total"] = (time.perf_counter() - t0) * 1000
        return view

    def _top_terms(self, mask: np.ndarray | None, n: int) -> list[str]:
        """The ``n`` most used words (stop words left out) of the tokens in ``mask``."""
        if self._stop_rows is None:
            tokens = self._tokens
            self._stop_rows = (tokens[s.IS_STOPWORD].to_numpy(dtype=bool)
                               if s.IS_STOPWORD in tokens.columns
                               else np.zeros(len(tokens), dtype=bool))
        keep = ~self._stop_rows if mask is None else mask & ~self._stop_rows
        return self.index.top_terms(n, keep=keep)

    # -- figures -----------------------------------------------------------------------------
    def figures(self, view: View) -> dict[str, object]:
        """The plotly figures for ``view`` (from :mod:`kit.plots`), keyed by chart."""
        import plotly.graph_objects as go

        return {key: go.Figure(spec) for key, spec in self._figure_specs(view).items()}

    def _figure_specs(self, view: View) -> dict[str, dict]:
        # Plain specs: the widgets validate only what changed (a refresh builds no Figure).
        from kit.plots import dispersion_spec, new_figure_spec, term_usage_spec

        shown = view.speakers or self._speaker_order
        what = "" if view.terms else " (most used words; type a keyword to chart it)"
        by_speaker = view.usage_by_speaker
        if len(by_speaker):
            by_speaker = by_speaker[by_speaker[s.N_WORDS] > 0]
            present = set(by_speaker[s.SPEAKER].astype(object))
            shown = [sp for sp in shown if sp in present]
        fig_speakers = term_usage_spec(by_speaker, x=s.SPEAKER, terms=view.charted_terms,
                                        speaker_order=shown,
                                        title=f"Use by speaker, per 1,000 words{what}")
        fig_time = term_usage_spec(view.usage_over_time, x=view.time_column,
                                    terms=view.charted_terms,
                                    title=f"Use over time, per 1,000 words{what}")
        if len(view.dispersion):
            hit_speakers = set(view.dispersion[s.SPEAKER].astype(object))
            fig_disp = dispersion_spec(view.dispersion, documents=view.dispersion_docs,
                                        label=s.TITLE if s.TITLE in view.dispersion_docs
                                        else None,
                                        speaker_order=[sp for sp in self._speaker_order
                                                       if sp in hit_speakers],
                                        title="Where the hits fall in each document")
        else:
            fig_disp = new_figure_spec("Where the hits fall: type a keyword")
        return {"speakers": fig_speakers, "time": fig_time, "dispersion": fig_disp}

    # -- showing -----------------------------------------------------------------------------
    def _on_change(self, change: dict) -> None:
        if not self._suspended:
            self.page = 0  # a new filter starts at the first page
        super()._on_change(change)

    @_safe
    def refresh(self) -> View:
        """Recompute the view from the filters and update table, charts and summary in place."""
        t0 = time.perf_counter()
        view = self.compute()
        self.view = view
        timings = view.timings_ms
        t1 = time.perf_counter()
        self._clear_messages()
        self._render_table()
        self._render_summary()
        t2 = time.perf_counter()
        specs = self._figure_specs(view)
        n_disp_docs = view.dispersion[s.DOC_ID].nunique() if len(view.dispersion) else 0
        heights = {"speakers": 380, "time": 380,
                   "dispersion": max(300, min(1100, 120 + 28 * n_disp_docs))}
        t3 = time.perf_counter()
        for key, widget in (("speakers", self.fig_speakers), ("time", self.fig_time),
                            ("dispersion", self.fig_dispersion)):
            spec = specs[key]
            spec["layout"]["height"] = heights[key]
            update_figure(widget, spec)
        t4 = time.perf_counter()
        timings.update(table=(t2 - t1) * 1000, figures=(t3 - t2) * 1000,
                       widgets=(t4 - t3) * 1000)
        self.last_refresh_ms = (t4 - t0) * 1000
        return view

    @_safe
    def go_to_page(self, page: int) -> None:
        """Show page ``page`` (0-based) of the table."""
        if self.view is None:
            return
        n_pages = max(1, -(-self.view.n_rows // self.page_size))
        self.page = min(max(0, page), n_pages - 1)
        self._render_table()

    def page_rows(self) -> pd.DataFrame:
        """Rows of the table's current page."""
        if self.view is None:
            return pd.DataFrame()
        lo = self.page * self.page_size
        return self.view.head(lo + self.page_size).iloc[lo:]

    def _titles(self) -> pd.Series:
        docs = self.corpus.documents
        return docs.set_index(docs[s.DOC_ID].astype(object))[s.TITLE] if s.TITLE in docs \
            else pd.Series(dtype=object)

    def _render_table(self) -> None:
        view = self.view
        n = view.n_rows
        n_pages = max(1, -(-n // self.page_size))
        rows = self.page_rows()
        titles = self._titles()
        if self._turn_lookup is None:  # built once: 90k turns take 20 ms to index
            self._turn_lookup = _TurnLookup(self.corpus.turns)
        turns = self._turn_lookup
        positions = turns.positions(rows)
        lo = self.page * self.page_size
        body = []
        if view.keyword_hits is not None:
            head = ("<tr><th style='width:3em'>#</th><th style='width:11em'>Speaker</th>"
                    "<th style='width:7em'>Date</th><th style='width:14em'>Document</th>"
                    "<th class='kit-left'>Before</th><th style='width:9em'>Hit</th>"
                    "<th>After</th></tr>")
            for i, row in enumerate(rows.itertuples(index=False)):
                doc, turn_id = getattr(row, s.DOC_ID), getattr(row, s.TURN_ID)
                detail = ""
                found = turns.get(positions[i])
                if found is not None:
                    text, base, n_words = found
                    a = int(getattr(row, s.START_CHAR)) - base
                    b = int(getattr(row, s.END_CHAR)) - base
                    text, a, b, note = _passage(text, a, b, n_words)
                    detail = (f"<details><summary>read the turn {_esc(note)}</summary>"
                              f"<div class='kit-turn'>{_marked(text, [(a, b)])}</div></details>")
                body.append(
                    f"<tr class='kit-row' data-doc='{_esc(doc)}' data-turn='{int(turn_id)}'>"
                    f"<td>{lo + i + 1}</td><td class='kit-speaker'>{_esc(row.speaker)}</td>"
                    f"<td>{_date_text(getattr(row, s.DATE))}</td>"
                    f"<td class='kit-doc'>{_esc(titles.get(doc, doc))}</td>"
                    f"<td class='kit-left'>…{_esc(row.left)}</td>"
                    f"<td class='kit-hit'><mark>{_esc(row.hit)}</mark></td>"
                    f"<td class='kit-right'>{_esc(row.right)}…{detail}</td></tr>")
        else:
            head = ("<tr><th style='width:3em'>#</th><th style='width:11em'>Speaker</th>"
                    "<th style='width:7em'>Date</th><th style='width:14em'>Document</th>"
                    "<th>Turn</th></tr>")
            for i, row in enumerate(rows.itertuples(index=False)):
                doc = getattr(row, s.DOC_ID)
                text = str(getattr(row, s.TEXT))
                preview = text[:240] + ("…" if len(text) > 240 else "")
                detail = ""
                if len(text) > 240:
                    full, _, _, note = _passage(text, 0, 0)
                    detail = (f"<details><summary>read the turn {_esc(note)}</summary>"
                              f"<div class='kit-turn'>{_esc(full)}</div></details>")
                body.append(
                    f"<tr class='kit-row' data-doc='{_esc(doc)}' "
                    f"data-turn='{int(getattr(row, s.TURN_ID))}'>"
                    f"<td>{lo + i + 1}</td><td class='kit-speaker'>{_esc(row.speaker)}</td>"
                    f"<td>{_date_text(getattr(row, s.DATE, None))}</td>"
                    f"<td class='kit-doc'>{_esc(titles.get(doc, doc))}</td>"
                    f"<td class='kit-text'>{_esc(preview)}{detail}</td></tr>")
        if not body:
            body.append("<tr><td colspan='7'><i>Nothing matches these filters.</i></td></tr>")
        self.table.value = f"<table><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"
        first, last = (lo + 1, lo + len(rows)) if len(rows) else (0, 0)
        unit = "hits" if view.keyword_hits is not None else "turns"
        self.page_label.value = (f"&nbsp;{first:,}–{last:,} of {n:,} {unit} "
                                 f"(page {self.page + 1} of {n_pages})&nbsp;")
        self.prev_button.disabled = self.page == 0
        self.next_button.disabled = self.page >= n_pages - 1
        self.download.disabled = n == 0
        self.download.description = f"Download CSV ({n:,} rows)"

    def _render_summary(self) -> None:
        view = self.view
        n_docs, n_speakers = view.n_documents, view.n_speakers
        if view.keyword_hits is not None:
            what = ", ".join(f"“{_esc(t)}”" for t in view.terms)
            head = f"<b>{view.n_rows:,}</b> hits for {what}"
        else:
            head = f"<b>{view.n_rows:,}</b> turns"
        filters = []
        if view.speakers:
            filters.append(f"{len(view.speakers)} speaker(s) selected")
        if view.doc_ids is not None:
            filters.append(f"{len(view.doc_ids)} document(s) in range")
        tail = f" — {', '.join(filters)}" if filters else ""
        self.summary.value = (f"{head} in <b>{n_docs:,}</b> documents by "
                              f"<b>{n_speakers:,}</b> speakers{tail}.")
        self.share.value = _share_link(view.state.query_string())

    def _csv(self) -> bytes:
        if self.view is None:
            return b""
        frame = self.view.csv_frame(self.corpus.documents)
        return frame.to_csv(index=False).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Shared pieces of the smaller dashboards


def _docs_in(documents: pd.DataFrame, start: object, end: object) -> list[str] | None:
    """``doc_id`` of documents dated within ``[start, end]``; None when the range is open."""
    if start is None and end is None:
        return None
    if s.DATE not in documents:
        return [str(d) for d in documents[s.DOC_ID]]
    keep = date_mask(documents[s.DATE], start, end)
    return [str(d) for d in documents.loc[keep, s.DOC_ID]]


def _subset(frame: pd.DataFrame, speakers: Sequence[str] | None,
            doc_ids: Sequence[str] | None) -> pd.DataFrame:
    mask = np.ones(len(frame), dtype=bool)
    if speakers:
        mask &= frame[s.SPEAKER].isin(list(speakers)).to_numpy()
    if doc_ids is not None:
        mask &= frame[s.DOC_ID].isin(list(doc_ids)).to_numpy()
    return frame if mask.all() else frame[mask]


def _html_table(frame: pd.DataFrame, css_class: str, formats: dict | None = None) -> str:
    """An escaped HTML table of ``frame`` (values formatted by ``formats``)."""
    formats = formats or {}
    head = "".join(f"<th>{_esc(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for col, value in zip(frame.columns, values, strict=True):
            fmt = formats.get(col)
            text = fmt(value) if fmt is not None and not pd.isna(value) else value
            cells.append(f"<td>{_esc(text)}</td>")
        rows.append(f"<tr class='kit-row'>{''.join(cells)}</tr>")
    return (f"<table class='{css_class}'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _share_link(query: str) -> str:
    return (f"<a class='kit-share-link' href='?{_esc(query)}' target='_top'>Link to this view</a>"
            f" <small style='color:#777'>(?{_esc(query)})</small>")


def _largest_speakers(turns: pd.DataFrame, n: int) -> list[str]:
    words = turns.groupby(s.SPEAKER, observed=True, sort=False)[s.N_WORDS].sum()
    return [str(x) for x in words.sort_values(ascending=False, kind="stable").index[:n]]


# ---------------------------------------------------------------------------------------------
# Compare speakers


class CompareSpeakers(_App):
    """What distinguishes each speaker (keyness), who holds the floor, who speaks when.

    Parameters
    ----------
    corpus
        The corpus.
    query
        A query string ``speaker=…&speaker=…&from=…&to=…&focus=…`` to start from.
    n_default
        Speakers selected when none are chosen (those with the most words).
    top
        Distinctive terms shown per speaker.
    max_documents
        Most documents drawn in the share-of-voice and timeline charts (the latest).
    min_count
        Keyness keeps terms used at least this often (passed to :func:`kit.keyness`).
    """

    def __init__(self, corpus: Corpus, *, query: str | None = None, n_default: int = 4,
                 top: int = 8, max_documents: int = 30, min_count: int = 5) -> None:
        self.corpus = corpus
        self.min_count = min_count
        self.top = top
        self.max_documents = max_documents
        self.default_speakers = _largest_speakers(corpus.turns, n_default)
        self.key: pd.DataFrame = pd.DataFrame()
        self.summary_frame: pd.DataFrame = pd.DataFrame()
        self.selected: list[str] = []
        self._build_filters(corpus)
        self.focus = w.Dropdown(description="Focus", options=[],
                                layout=w.Layout(width="auto")).add_class("kit-focus")
        self._build_outputs(table="kit-speaker-table")
        self.download = self._download_button(description="Download keyness CSV",
                                              filename="transcript-kit-keyness.csv")
        self.fig_distinct = figure_widget(css_class="kit-chart-distinct", height=420)
        self.fig_keyness = figure_widget(css_class="kit-chart-keyness", height=420)
        self.fig_share = figure_widget(css_class="kit-chart-share", height=380)
        self.fig_timeline = figure_widget(css_class="kit-chart-timeline", height=380)
        self._watch(self.speakers, self.dates)
        self.focus.observe(self._on_focus, names="value")
        self._show_corpus(corpus)
        self.container = w.VBox(self._frame(
            sidebar=[self.speakers, w.HTML("<b>Dates</b>"), self.dates],
            main=[self.summary, self.share, self.errors, self.table,
                  w.HBox([self.focus, self.download]), self.fig_distinct, self.fig_keyness,
                  self.fig_share, self.fig_timeline],
        )).add_class("kit-compare")
        self._start(query)

    def query_string(self) -> str:
        """The current state as a query string."""
        qs = self._filter_state().query_string()
        if self.focus.value:
            qs += ("&" if qs else "") + urllib.parse.urlencode({"focus": self.focus.value})
        return qs

    def apply_query_string(self, query: str) -> None:
        """Set speakers, dates and focus from a query string, then refresh once."""
        if _is_blank(query):
            return
        state = parse_query_string(query)
        focus = (urllib.parse.parse_qs(query.lstrip("?")).get("focus") or [None])[-1]
        with self._quiet():
            problems = self._apply_speakers_and_dates(state)
        self.refresh(focus=focus)
        self._report_link_problems(problems)

    def _on_focus(self, change: dict) -> None:
        if not self._suspended and change["new"]:
            self._draw_focus()

    @_safe
    def refresh(self, focus: str | None = None) -> None:
        """Recompute keyness, summaries and charts for the selected speakers and dates."""
        from kit.plots import new_figure, plot_share_of_voice, plot_timeline, plot_top_terms
        from kit.terms.keyness import keyness
        from kit.terms.summary import speaker_summary

        self._clear_messages()
        chosen = list(self.speakers.value) or self.default_speakers
        start, end = self.dates.value
        doc_ids = _docs_in(self.corpus.documents, start, end)
        turns = _subset(self.corpus.turns, chosen, doc_ids)
        tokens = _subset(self.corpus.tokens, chosen, doc_ids)
        present = [sp for sp in chosen if sp in set(turns[s.SPEAKER].astype(object))]
        self.selected = present
        if len(present) < 2:
            self.key = pd.DataFrame()
            self._show_message("Pick at least two speakers who speak in the chosen dates to "
                               "compare them.")
        else:
            self.key = keyness(tokens, by=s.SPEAKER, min_count=self.min_count)
            if not len(self.key):
                self._show_message(f"These speakers use no word at least {self.min_count} "
                                   "times between them; pick more speakers or wider dates.")
        summary = speaker_summary(turns)
        summary = summary[summary[s.N_TURNS] > 0]
        self.summary_frame = summary
        shown = summary[[s.SPEAKER, s.N_TURNS, s.N_WORDS, "share_of_words",
                         "mean_turn_words", "longest_turn_words"]]
        self.table.value = _html_table(shown, "kit-speaker-table", {
            "share_of_words": lambda v: f"{100 * v:.1f}%", "mean_turn_words": lambda v: f"{v:.0f}",
            s.N_WORDS: lambda v: f"{v:,}"})
        n_docs = turns[s.DOC_ID].nunique()
        self.summary.value = (f"Comparing <b>{len(present)}</b> speakers over <b>{n_docs:,}</b> "
                              f"documents ({len(turns):,} turns)"
                              + ("" if self.speakers.value else
                                 " — the speakers with the most words; pick others on the left")
                              + ".")
        if len(self.key):
            update_figure(self.fig_distinct, plot_top_terms(
                self.key, by=s.SPEAKER, value="z", top=self.top, speaker_order=present,
                columns=min(4, len(present)),
                title="Most distinctive words of each speaker (z, each vs the others)"))
        else:
            update_figure(self.fig_distinct, new_figure("Pick at least two speakers"))
        docs = self.corpus.documents
        if doc_ids is not None:
            docs = docs[docs[s.DOC_ID].isin(doc_ids)]
        docs = docs[docs[s.DOC_ID].isin(turns[s.DOC_ID].unique())]
        if s.DATE in docs:
            docs = docs.sort_values(s.DATE, kind="stable")
        latest = docs.tail(self.max_documents)
        recent_turns = turns[turns[s.DOC_ID].isin(latest[s.DOC_ID])]
        by_doc = speaker_summary(recent_turns, by=s.DOC_ID)
        label = s.TITLE if s.TITLE in latest else None
        update_figure(self.fig_share, plot_share_of_voice(
            by_doc, documents=latest, label=label, speaker_order=present,
            title="Share of words per document"))
        update_figure(self.fig_timeline, plot_timeline(
            recent_turns, speaker_order=present, title="Who speaks when"))
        self.fig_timeline.layout.height = max(300, min(1000, 100 + 30 * len(latest)))
        with self._quiet():
            self.focus.options = present
            wanted = focus if focus in present else (self.focus.value if self.focus.value
                                                     in present else None)
            self.focus.value = wanted or (present[0] if present else None)
        self._draw_focus()
        self.share.value = _share_link(self.query_string())
        self.download.disabled = not len(self.key)

    @_safe
    def _draw_focus(self) -> None:
        from kit.plots import new_figure, plot_keyness

        if not len(self.key) or not self.focus.value:
            update_figure(self.fig_keyness,
                          new_figure("Pick at least two speakers with enough words"))
            return
        update_figure(self.fig_keyness, plot_keyness(
            self.key, by=s.SPEAKER, target=self.focus.value, value="z", top=10,
            reference_label="the other speakers"))
        self.share.value = _share_link(self.query_string())

    def _csv(self) -> bytes:
        frame = self.key.copy()
        if s.SPEAKER in frame:
            frame[s.SPEAKER] = frame[s.SPEAKER].astype(object)
        return frame.to_csv(index=False).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# Term trends


def _content_words(index, stop: np.ndarray | None) -> np.ndarray:
    """Tokens that are not stop words, per document (rows) and speaker (columns).

    Parameters
    ----------
    index
        The corpus's :class:`kit.terms.kwic.TermIndex`.
    stop
        Per token, whether it is a stop word; None: no token is.

    Returns
    -------
    ndarray
        Laid out as ``index.words`` (which counts every token), so a filter's masks select
        from both alike.
    """
    if stop is None:
        return index.words
    n_docs, n_speakers = len(index.doc_labels), len(index.speakers)
    out = np.zeros(n_docs * n_speakers, dtype=np.int64)
    step = 1 << 22  # in blocks: no 8-byte key per token of an 18M-token corpus at once
    for lo in range(0, len(stop), step):
        keep = ~stop[lo:lo + step]
        key = (index.doc_codes[lo:lo + step][keep].astype(np.int64) * n_speakers
               + index.speaker_codes[lo:lo + step][keep])
        out += np.bincount(key, minlength=n_docs * n_speakers)
    return out.reshape(n_docs, n_speakers)


class TermTrends(_App):
    """Several terms over time and across speakers, as rates per 1,000 words (or counts).

    Counts come from a :class:`kit.terms.kwic.TermIndex` built once per corpus: a refresh touches
    only the rows of the terms, never a filtered copy of the tokens table.

    Parameters
    ----------
    corpus
        The corpus.
    terms
        Terms to start with (default: the corpus's three most used content words).
    query
        A query string ``term=…&term=…&speaker=…&from=…&to=…&freq=Y&value=n``; ``q=`` with
        comma-separated terms also works.
    """

    FREQS = (("auto", "auto"), ("year", "Y"), ("month", "M"), ("day", "D"))
    VALUES = (("per 1,000 words", "per_1k"), ("count", "n"))

    def __init__(self, corpus: Corpus, *, terms: Sequence[str] | None = None,
                 query: str | None = None) -> None:
        from kit.apps.widgets import TermList
        from kit.terms.kwic import TermIndex

        self.corpus = corpus
        self.index = TermIndex(corpus)
        tokens = corpus.tokens
        stop = tokens[s.IS_STOPWORD].to_numpy(dtype=bool) if s.IS_STOPWORD in tokens \
            else None
        self._content_words = _content_words(self.index, stop)
        self._periods = _Periods(corpus)
        self._doc_groups = _doc_groups(corpus)  # the time axis of undated corpora
        if terms is None:
            terms = self.index.top_terms(DEFAULT_CHART_TERMS,
                                         keep=None if stop is None else ~stop)
        self.usage_over_time = pd.DataFrame()
        self.usage_by_speaker = pd.DataFrame()
        self.terms = TermList(terms)
        self._build_filters(corpus)
        self.freq = w.Dropdown(options=self.FREQS, value="auto", description="Period",
                               layout=w.Layout(width="auto")).add_class("kit-freq")
        self.value = w.ToggleButtons(options=self.VALUES, value="per_1k").add_class("kit-value")
        self._build_outputs(table="kit-usage")
        self.download = self._download_button(description="Download CSV",
                                              filename="transcript-kit-term-trends.csv")
        self.fig_time = figure_widget(css_class="kit-chart-time", height=400)
        self.fig_speakers = figure_widget(css_class="kit-chart-speakers", height=400)
        self._watch(self.terms, self.speakers, self.dates, self.freq, self.value)
        self._show_corpus(corpus)
        self.container = w.VBox(self._frame(
            sidebar=[self.speakers, w.HTML("<b>Dates</b>"), self.dates],
            main=[self.terms, w.HBox([self.freq, self.value, self.download]), self.summary,
                  self.share, self.errors, self.fig_time, self.fig_speakers, self.table],
        )).add_class("kit-trends")
        self._start(query)

    def query_string(self) -> str:
        """The current state as a query string."""
        qs = self._filter_state().query_string()
        extra = [("term", t) for t in self.terms.value]
        if self.freq.value != "auto":
            extra.append(("freq", self.freq.value))
        if self.value.value != "per_1k":
            extra.append(("value", self.value.value))
        more = urllib.parse.urlencode(extra, quote_via=urllib.parse.quote)
        return "&".join(p for p in (more, qs) if p)

    def apply_query_string(self, query: str) -> None:
        """Set terms, speakers, dates, period and value from a query string; refresh once."""
        if _is_blank(query):
            return
        params = urllib.parse.parse_qs(query.lstrip("?"))
        state = parse_query_string(query)
        # Each term= is one term, a phrase too; quotes around it (as typed) are not part of it.
        terms = [t.strip().strip('"“”').strip() for t in params.get("term", [])]
        terms = [t for t in terms if t] or split_query(state.q)
        with self._quiet():
            if terms:
                self.terms.set_value(terms)
            problems = self._apply_speakers_and_dates(state)
            freq = (params.get("freq") or ["auto"])[-1]
            self.freq.value = freq if freq in dict(self.FREQS).values() else "auto"
            value = (params.get("value") or ["per_1k"])[-1]
            self.value.value = value if value in ("per_1k", "n") else "per_1k"
        self.refresh()
        self._report_link_problems(problems)

    @_safe
    def refresh(self) -> None:
        """Recount the terms for the filters and update charts, table and summary in place."""
        from kit.plots import term_usage_spec

        self._clear_messages()
        terms = list(self.terms.value)
        if not terms:
            self._show_message("Type one or more terms to chart, separated by commas.")
            return
        chosen = list(self.speakers.value) or None
        index = self.index
        # A speaker without tokens is simply absent (the index refuses unknown names).
        speakers = None if chosen is None else [sp for sp in chosen if sp in index.speakers]
        start, end = self.dates.value
        doc_ids = _docs_in(self.corpus.documents, start, end)
        value = self.value.value
        freq = self.freq.value
        if freq == "auto":
            freq = self._periods.frequency(doc_ids)
        by_speaker = index.term_usage(terms, speakers=speakers, doc_ids=doc_ids)
        by_speaker = by_speaker[by_speaker[s.N_WORDS] > 0]
        charted = [str(t) for t in by_speaker["term"].cat.categories]
        if freq is not None and self._periods.doc_dates.notna().any():
            groups, x = self._periods.per_document(freq), "period"
        else:
            groups, x = self._doc_groups, s.DOC_ID
        over_time = index.term_usage(terms, by=groups, speakers=speakers, doc_ids=doc_ids)
        self.usage_over_time, self.usage_by_speaker = over_time, by_speaker
        # Plain specs: the widgets validate only what changed (a refresh builds no Figure).
        unit = "per 1,000 words" if value == "per_1k" else "count"
        update_figure(self.fig_time, term_usage_spec(
            over_time, x=x, terms=charted, value=value, title=f"Over time ({unit})"))
        present = set(by_speaker[s.SPEAKER].astype(object))
        order = [sp for sp in (chosen or [str(c) for c in self.corpus.speaker_names])
                 if sp in present]
        update_figure(self.fig_speakers, term_usage_spec(
            by_speaker, x=s.SPEAKER, terms=charted, value=value, speaker_order=order,
            title=f"By speaker ({unit})"))
        # Per term: its uses, and its first speaker by rate (a stable sort's first row).
        term_codes = by_speaker["term"].cat.codes.to_numpy()
        n, rate = by_speaker["n"].to_numpy(), by_speaker["per_1k"].to_numpy()
        rows = []
        for code, term in enumerate(charted):
            mine = np.flatnonzero(term_codes == code)
            best = mine[np.argmax(rate[mine])] if len(mine) else None
            rows.append({
                "term": term, "n": int(n[mine].sum()),
                "top speaker (per 1,000 words)": (
                    f"{by_speaker[s.SPEAKER].iloc[best]} ({rate[best]:.2f})"
                    if best is not None and n[best] > 0 else "—"),
            })
        self.table.value = _html_table(pd.DataFrame(rows), "kit-usage-table")
        n_docs, n_speakers, n_words = self._extent(speakers, doc_ids)
        quoted = ", ".join(f"“{_esc(t)}”" for t in charted)
        self.summary.value = (f"{quoted}: <b>{sum(r['n'] for r in rows):,}</b> uses in "
                              f"<b>{n_docs:,}</b> documents by <b>{n_speakers:,}</b> speakers "
                              f"({n_words:,} content words).")
        self.share.value = _share_link(self.query_string())

    def _extent(self, speakers: Sequence[str] | None,
                doc_ids: Sequence[str] | None) -> tuple[int, int, int]:
        """Documents and speakers with words, and content words, of the filtered tokens.

        Read from the index's tokens per document and speaker, without filtering the tokens.
        """
        index = self.index
        words, content = index.words, self._content_words
        sp_ok = index.speaker_mask(speakers)
        if sp_ok is not None:
            words, content = words[:, sp_ok], content[:, sp_ok]
        doc_ok = index.doc_mask(doc_ids)
        if doc_ok is not None:
            words, content = words[doc_ok], content[doc_ok]
        return (int((words.sum(axis=1) > 0).sum()), int((words.sum(axis=0) > 0).sum()),
                int(content.sum()))

    def _csv(self) -> bytes:
        frame = self.usage_over_time.copy()
        for col in frame.columns:
            if isinstance(frame[col].dtype, pd.CategoricalDtype):
                frame[col] = frame[col].astype(object)
        return frame.to_csv(index=False).encode("utf-8")
