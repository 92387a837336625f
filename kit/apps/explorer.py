"""The explorer app: filters wired to a keyword-in-context table, term-usage charts and a summary.

``Explorer(corpus).container`` is the whole app (the dashboard's last cell). Counting, KWIC
and figures come from :mod:`kit.terms` and :mod:`kit.plots`, the HTML from
:mod:`kit.apps.html`; this module filters, pages the hits and wires the widgets.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import ipywidgets as w
import numpy as np
import pandas as pd

from kit import schema as s
from kit.apps.base import App, safe_callback
from kit.apps.figurewidget import figure_widget, update_figure
from kit.apps.html import hits_table, quoted, share_link, turns_table
from kit.apps.link import LinkState
from kit.apps.widgets import DocumentPicker, KeywordBox, documents_in, filter_rows
from kit.corpus import Corpus
from kit.errors import KitError
from kit.terms.kwic import TermIndex
from kit.terms.periods import DocumentPeriods
from kit.terms.query import split_query

__all__ = ["Explorer", "View"]

#: Most documents drawn as strips in the dispersion chart (those with the most hits).
MAX_DISPERSION_DOCS = 25
#: Terms charted when no keyword is typed (the most used content words of the view).
DEFAULT_CHART_TERMS = 3
#: Hits a pattern's charted terms are read from (its most frequent matches among them).
PATTERN_SAMPLE = 1000
#: Most terms charted for a pattern or a part of a word.
MAX_PATTERN_TERMS = 5


# ---------------------------------------------------------------------------------------------
# The computed view


class _Hits:
    """Every hit of a keyword query under the filters, materialised only as far as needed.

    Counting uses the index's hit rows (arrays, milliseconds even with a million hits); the
    KWIC rows with their context strings are built for the first rows a page shows, and for
    all of them only when asked (``all()``, the CSV download).
    """

    def __init__(self, index: TermIndex, queries: Sequence[str], options: dict,
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

    state: LinkState
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


class _TurnLookup:
    """The turn of each KWIC row: its text, the hit's span in it, and its words."""

    def __init__(self, index: TermIndex) -> None:
        turns = index.corpus.turns
        self._index = pd.MultiIndex.from_arrays(
            [turns[s.DOC_ID].astype(object), turns[s.TURN_ID].astype("int64")])
        self._base = index.turn_base  # where each turn's speech starts in its document
        self._text = turns[s.TEXT]
        self._n_words = turns[s.N_WORDS].to_numpy() if s.N_WORDS in turns.columns else None

    def spans(self, rows: pd.DataFrame) -> list[tuple[str, int, int, int | None] | None]:
        """Per KWIC row, ``(turn text, hit start, hit end, words)`` (None: turn not found)."""
        if not len(rows):
            return []
        keys = pd.MultiIndex.from_arrays([rows[s.DOC_ID].astype(object),
                                          rows[s.TURN_ID].astype("int64")])
        out = []
        for position, a, b in zip(self._index.get_indexer(keys), rows[s.START_CHAR],
                                  rows[s.END_CHAR], strict=True):
            if position < 0:
                out.append(None)
                continue
            base = int(self._base[position])
            n_words = int(self._n_words[position]) if self._n_words is not None else None
            out.append((str(self._text.iloc[position]), int(a) - base, int(b) - base, n_words))
        return out


# ---------------------------------------------------------------------------------------------
# The app


class Explorer(App):
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
        A query string (``speaker=…&q=…&from=…&to=…``, see :mod:`kit.apps.link`) to start
        from.
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
        super().__init__(table="kit-kwic")
        self.page_size = page_size
        self.window = window
        self.title = title
        self.page = 0
        self.view: View | None = None
        self.last_refresh_ms: float = 0.0
        self._build_pager()
        self.download = self.download_button(description="Download CSV",
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
        self.start(query)

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
        if not len(corpus.turns):
            raise KitError("This corpus has no turns to explore; read some transcripts first.")
        self.corpus = corpus
        self.index = TermIndex(corpus)
        self._turn_lookup: _TurnLookup | None = None
        self._periods = DocumentPeriods(corpus)
        self._speaker_order = [str(x) for x in corpus.speaker_names]
        old_keyword = getattr(self, "keyword", None)
        self.build_filters(corpus)
        self.documents = DocumentPicker(corpus.documents)
        self.keyword = KeywordBox(**({} if old_keyword is None else {
            "q": old_keyword.text.value, "whole_word": old_keyword.whole_word.value,
            "case": old_keyword.case.value, "regex": old_keyword.regex.value}))
        self.watch(self.speakers, self.documents, self.dates, self.keyword)
        self.show_corpus(corpus, title=self.title)
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
        self.container.children = self.frame(sidebar=sidebar, main=main,
                                             layout=w.Layout(width="100%"))

    # -- state -------------------------------------------------------------------------------
    @property
    def state(self) -> LinkState:
        """The current filter values."""
        kv = self.keyword.value
        return self.filter_state(q=kv["q"], documents=tuple(self.documents.value),
                                 whole_word=kv["whole_word"], case=kv["case"],
                                 regex=kv["regex"])

    def set_state(self, state: LinkState) -> list[str]:
        """Set every filter from ``state`` with one refresh; return problems found."""
        with self.quiet():
            problems = self.set_filters(state)
            missing = self.documents.set_value(state.documents)
            problems += [f"no document {d!r}" for d in missing]
            self.keyword.set_value(q=state.q, whole_word=state.whole_word, case=state.case,
                                   regex=state.regex)
        self.refresh()
        return problems

    # -- computing ---------------------------------------------------------------------------
    def compute(self, state: LinkState | None = None) -> View:
        """Compute the view for ``state`` (default: the current filters) without showing it."""
        state = state or self.state
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        speakers = list(state.speakers) or None
        doc_ids = documents_in(self.corpus.documents, doc_ids=state.documents,
                               start=state.start, end=state.end)
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
        sub_turns = filter_rows(self.corpus.turns, speakers=speakers, doc_ids=doc_ids)
        timings["filter"] = (time.perf_counter() - t0) * 1000

        terms = split_query(state.q, regex=state.regex)
        hits = None
        disp = pd.DataFrame()
        t1 = time.perf_counter()
        if terms:
            options = {"speakers": speakers, "regex": state.regex,
                       "whole_word": state.whole_word, "case": state.case}
            hits = _Hits(index, terms, options, doc_ids, self.window)
            disp = index.dispersion(terms, doc_ids=doc_ids, **options)
        timings["kwic"] = (time.perf_counter() - t1) * 1000

        t2 = time.perf_counter()
        if terms and not state.regex and not state.case and state.whole_word:
            charted = terms
        elif terms:
            # Patterns and partial words: chart the distinct terms they matched (the most
            # frequent among the first hits).
            first = hits.head(PATTERN_SAMPLE) if hits is not None else pd.DataFrame()
            found = first["hit"].str.lower() if len(first) else pd.Series([], dtype=object)
            charted = list(found.value_counts().index[:MAX_PATTERN_TERMS])
        else:
            charted = index.top_terms(DEFAULT_CHART_TERMS, keep=mask, drop_stopwords=True)
        if charted and n_sub:
            by_speaker = index.term_usage(charted, speakers=speakers, doc_ids=doc_ids)
            charted = [str(t) for t in by_speaker["term"].cat.categories]
            groups = self._periods.groups(self._periods.freq(doc_ids))
            over_time = index.term_usage(charted, by=groups, speakers=speakers,
                                         doc_ids=doc_ids)
            time_column = groups.name
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
    def _filters_changed(self) -> None:
        self.page = 0  # a new filter starts at the first page
        self.refresh()

    @safe_callback
    def refresh(self) -> View:
        """Recompute the view from the filters and update table, charts and summary in place."""
        t0 = time.perf_counter()
        view = self.compute()
        self.view = view
        timings = view.timings_ms
        t1 = time.perf_counter()
        self.clear_messages()
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

    @safe_callback
    def go_to_page(self, page: int) -> None:
        """Show page ``page`` (0-based) of the table."""
        if self.view is None:
            return
        self.page = min(max(0, page), self._n_pages() - 1)
        self._render_table()

    def _n_pages(self) -> int:
        return max(1, -(-self.view.n_rows // self.page_size))

    def page_rows(self) -> pd.DataFrame:
        """Rows of the table's current page."""
        if self.view is None:
            return pd.DataFrame()
        lo = self.page * self.page_size
        return self.view.head(lo + self.page_size).iloc[lo:]

    def _render_table(self) -> None:
        view, n, n_pages = self.view, self.view.n_rows, self._n_pages()
        rows = self.page_rows()
        docs = self.corpus.documents
        titles = docs.set_index(docs[s.DOC_ID].astype(object))[s.TITLE] if s.TITLE in docs \
            else pd.Series(dtype=object)
        lo = self.page * self.page_size
        if view.keyword_hits is not None:
            if self._turn_lookup is None:  # built once: 90k turns take 20 ms to index
                self._turn_lookup = _TurnLookup(self.index)
            self.table.value = hits_table(rows, first_number=lo + 1, titles=titles,
                                          turns=self._turn_lookup.spans(rows))
        else:
            self.table.value = turns_table(rows, first_number=lo + 1, titles=titles)
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
        if view.keyword_hits is not None:
            head = f"<b>{view.n_rows:,}</b> hits for {quoted(view.terms)}"
        else:
            head = f"<b>{view.n_rows:,}</b> turns"
        filters = []
        if view.speakers:
            filters.append(f"{len(view.speakers)} speaker(s) selected")
        if view.doc_ids is not None:
            filters.append(f"{len(view.doc_ids)} document(s) in range")
        tail = f" — {', '.join(filters)}" if filters else ""
        self.summary.value = (f"{head} in <b>{view.n_documents:,}</b> documents by "
                              f"<b>{view.n_speakers:,}</b> speakers{tail}.")
        self.share.value = share_link(view.state.query_string())

    def _csv(self) -> bytes:
        if self.view is None:
            return b""
        frame = self.view.csv_frame(self.corpus.documents)
        return frame.to_csv(index=False).encode("utf-8")
