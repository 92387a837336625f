"""The explorer app: filters wired to a keyword-in-context table, term-usage charts and a summary.

``Explorer(corpus).container`` is the whole app (the dashboard's last cell). Counting, KWIC
and figures come from :mod:`kit.terms` and :mod:`kit.plots` (the charts' specs by way of
:mod:`kit.apps.explorer_charts`), the HTML from :mod:`kit.apps.html`; this module filters,
pages the hits and wires the widgets.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any, cast

import ipywidgets as w
import pandas as pd

from kit import schema as s
from kit.apps.base import App, safe_callback
from kit.apps.dates import documents_in
from kit.apps.explorer_charts import MAX_DISPERSION_DOCS, chart_specs
from kit.apps.explorer_view import DatasetHits, Hits, TurnLookup, View, top_documents
from kit.apps.export import csv_bytes
from kit.apps.figurewidget import figure_widget, show_chart
from kit.apps.html import counted, hits_table, plural, quoted, share_link, turns_table
from kit.apps.link import LinkState
from kit.apps.pickers import DocumentPicker
from kit.apps.widgets import KeywordBox, filter_rows
from kit.corpus import Corpus
from kit.errors import KitError
from kit.terms.kwic import TermIndex
from kit.terms.periods import DocumentPeriods
from kit.terms.query import label_as_typed, split_query
from kit.terms.rank import MIN_WORDS
from kit.terms.search import DatasetSearch

__all__ = ["Explorer", "View"]

#: Terms charted when no keyword is typed (the most used content words of the view).
DEFAULT_CHART_TERMS = 3
#: Hits a pattern's charted terms are read from (its most frequent matches among them).
PATTERN_SAMPLE = 1000
#: Most terms charted for a pattern or a part of a word.
MAX_PATTERN_TERMS = 5
#: The orders of the hits the table offers (label, kit.kwic's sort= key).
ORDERS = [("corpus order", ""), ("1st word left", "left1"), ("2nd word left", "left2"),
          ("3rd word left", "left3"), ("1st word right", "right1"),
          ("2nd word right", "right2"), ("3rd word right", "right3"), ("date", s.DATE),
          ("speaker", s.SPEAKER), ("document", s.DOC_ID)]


class Explorer(App):
    """Filter a corpus by speaker, keyword, date and document; read hits; chart term usage.

    Parameters
    ----------
    corpus
        The corpus to explore, or a dataset opened for search (:class:`DatasetSearch`:
        only its small tables are in memory; each query reads what it shows from disk).
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
    min_words
        The chart of use by speaker leaves out speakers with fewer words under the filters
        (a rate of one hit in 60 words means little) and says how many; when every speaker
        has fewer, none is left out. Its bars show each rate's 95% interval.

    Attributes
    ----------
    container
        The app's top widget: display it (the dashboard's last cell).
    view
        The :class:`View` currently shown.
    """

    dashboard = "explorer.ipynb"

    def __init__(self, corpus: Corpus | DatasetSearch, *, page_size: int = 20, window: int = 60,
                 query: str | None = None, upload: bool = True,
                 title: str | None = None, min_words: int = MIN_WORDS) -> None:
        super().__init__(table="kit-kwic")
        self.min_words = min_words
        self.page_size = page_size
        self.window = window
        self.title = title
        self.page = 0
        self.view: View | None = None
        self.last_refresh_ms: float = 0.0
        self._build_pager()
        #: Order of the hits in the table (kit.kwic's sort=; ``order=`` in a link).
        self.order = w.Dropdown(options=ORDERS, value="", description="Order",
                                layout=w.Layout(width="auto")).add_class("kit-order")
        self.download = self.download_button(description="Download CSV",
                                             filename="transcript-kit-view.csv")
        self.fig_speakers = figure_widget(css_class="kit-chart-speakers", height=360)
        self.fig_time = figure_widget(css_class="kit-chart-time", height=360)
        self.fig_dispersion = figure_widget(css_class="kit-chart-dispersion", height=360)
        self._upload = None
        #: True once the corpus came from an upload (a link then opens the server's corpus).
        self.uploaded = False
        if upload:
            from kit.apps.corpus_choice import UploadBox

            self._upload = UploadBox(self._set_uploaded_corpus)
        self.keyword = KeywordBox()
        self._sidebar = w.VBox(layout=w.Layout(width="330px", min_width="280px"))
        self.container = w.VBox(layout=w.Layout(width="100%")).add_class("kit-explorer")
        self.set_corpus(corpus, refresh=False)
        self.watch(self.keyword, self.order)
        self._build_page()
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

    def set_corpus(self, corpus: Corpus | DatasetSearch, *, refresh: bool = True) -> None:
        """Explore ``corpus`` (or a dataset) instead (new filters, first page; the keyword
        is kept).

        Only the sidebar's filters are replaced: the charts, table and keyword box stay the
        same widgets, so the page's views of them keep updating.
        """
        #: The dataset searched (None: the corpus is in memory, searched by :attr:`index`).
        self.search = corpus if isinstance(corpus, DatasetSearch) else None
        corpus = corpus.corpus if isinstance(corpus, DatasetSearch) else corpus
        if not len(corpus.turns):
            raise KitError("This corpus has no turns to explore; read some transcripts first.")
        self.corpus = corpus
        self.index = TermIndex(corpus) if self.search is None else None
        self._turn_lookup: TurnLookup | None = None
        self._periods = DocumentPeriods(corpus)
        self._speaker_order = [str(x) for x in corpus.speaker_names]
        from kit.plots import speaker_colors

        # The colours every chart gives each speaker (from the category order of the tokens).
        self._speaker_colors = speaker_colors(corpus.tokens[s.SPEAKER])
        self.page = 0
        self.build_filters(corpus)
        self.documents = DocumentPicker(corpus.documents)
        self.watch(*self.filter_inputs(), self.documents)
        for flt in (self.speakers, self.parties, self.dates):
            if flt is not None:
                flt.observe(self._narrow_documents, names="value")
        self.show_corpus(corpus, title=self.title, uploaded=self.uploaded)
        sidebar = self.filter_widgets()
        sidebar.insert(1 if self.parties is None else 2, self.documents)
        self._sidebar.children = sidebar + ([] if self._upload is None else [self._upload])
        if refresh:
            self.refresh()

    def _set_uploaded_corpus(self, corpus: Corpus) -> None:
        self.uploaded = True
        self.set_corpus(corpus)

    def _narrow_documents(self, change: dict | None = None) -> None:
        """List only the documents in the dates where the chosen speakers speak (chosen
        ones stay)."""
        with self.quiet():
            state = self.filter_state()
            speakers = self.chosen_speakers(state)
        # (A document outside the dates, once picked, gave 0 hits with no reason shown.)
        in_dates = documents_in(self.corpus.documents, start=state.start, end=state.end)
        docs = None
        if speakers is not None or in_dates is not None:
            turns = filter_rows(self.corpus.turns, speakers=speakers, doc_ids=in_dates)
            docs = set(turns[s.DOC_ID].astype(object).unique())
        self.documents.limit_to(docs)

    def _build_page(self) -> None:
        pager = w.HBox([self.prev_button, self.page_label, self.next_button, self.order,
                        self.download],
                       layout=w.Layout(align_items="center", flex_flow="row wrap"))
        main = w.VBox([self.keyword, self.summary, self.share, self.errors, pager, self.table,
                       self.fig_speakers, self.fig_time, self.fig_dispersion],
                      layout=w.Layout(flex="1 1 auto", min_width="0", padding="0 0 0 16px"))
        self.container.children = [self.header, w.HBox([self._sidebar, main],
                                                        layout=w.Layout(width="100%"))]

    # -- state -------------------------------------------------------------------------------
    @property
    def state(self) -> LinkState:
        """The current filter values."""
        kv = self.keyword.value
        return self.filter_state(q=kv["q"], documents=tuple(self.documents.value),
                                 whole_word=kv["whole_word"], case=kv["case"],
                                 regex=kv["regex"], order=self.order.value,
                                 page=self.page + 1)

    def set_state(self, state: LinkState) -> list[str]:
        """Set every filter from ``state`` with one refresh; return problems found."""
        with self.quiet():
            problems = self.set_filters(state)
            missing = self.documents.set_value(state.documents)
            problems += [f"no document {d!r}" for d in missing]
            self.keyword.set_value(q=state.q, whole_word=state.whole_word, case=state.case,
                                   regex=state.regex)
            orders = [key for _, key in ORDERS]
            if state.order in orders:
                self.order.value = state.order
            else:
                problems.append(f"no order {state.order!r} (one of {', '.join(orders[1:])})")
        self.page = 0
        self.refresh()
        if state.page > 1:
            self.go_to_page(state.page - 1)
            if self.page != state.page - 1:
                problems.append(f"page {state.page} (there are {self._n_pages()})")
        return problems

    # -- computing ---------------------------------------------------------------------------
    def compute(self, state: LinkState | None = None) -> View:
        """Compute the view for ``state`` (default: the current filters) without showing it."""
        state = state or self.state
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        speakers = self.chosen_speakers(state)
        doc_ids = documents_in(self.corpus.documents, doc_ids=state.documents,
                               start=state.start, end=state.end)
        index, search = self.index, cast(DatasetSearch, self.search)
        mask = None
        if index is not None:
            # Token filter as masks over the index's codes: no filtered copy of the tokens.
            sp_ok = index.speaker_mask(speakers)
            doc_ok = index.doc_mask(doc_ids)
            if sp_ok is not None:
                mask = sp_ok[index.speaker_codes]
            if doc_ok is not None:
                mask = doc_ok[index.doc_codes] if mask is None else \
                    mask & doc_ok[index.doc_codes]
            n_sub = len(index.term_codes) if mask is None else int(mask.sum())
        else:
            n_sub = search.n_tokens(speakers=speakers, doc_ids=doc_ids)
        sub_turns = filter_rows(self.corpus.turns, speakers=speakers, doc_ids=doc_ids)
        timings["filter"] = (time.perf_counter() - t0) * 1000

        terms = split_query(state.q, regex=state.regex)
        hits: Hits | DatasetHits | None = None
        disp = pd.DataFrame()
        n_hit_docs = 0
        t1 = time.perf_counter()
        if terms:
            options: dict[str, Any] = {"speakers": speakers, "regex": state.regex,
                       "whole_word": state.whole_word, "case": state.case}
            if index is not None:
                hits = Hits(index, terms, options, doc_ids, self.window,
                            sort=state.order or None)
                disp = index.dispersion(terms, doc_ids=doc_ids, **options)
            else:
                hits = DatasetHits(search, terms, options, doc_ids, self.window,
                                   sort=state.order or None)
                # Hits are read for the documents the chart draws: those with most hits.
                shown, n_hit_docs = top_documents(hits.documents, self.corpus.documents,
                                                  MAX_DISPERSION_DOCS)
                disp = search.dispersion(terms, rows=hits.rows_in(shown), doc_ids=doc_ids,
                                         **options)
        timings["kwic"] = (time.perf_counter() - t1) * 1000

        t2 = time.perf_counter()
        charted_as_typed = bool(terms) and not state.regex and not state.case \
            and state.whole_word
        if charted_as_typed:
            charted = terms
        elif terms:
            # Patterns and partial words: chart the distinct terms they matched (the most
            # frequent among the first hits).
            first = hits.head(PATTERN_SAMPLE) if hits is not None else pd.DataFrame()
            found = first["hit"].str.lower() if len(first) else pd.Series([], dtype=object)
            charted = list(found.value_counts().index[:MAX_PATTERN_TERMS])
        elif index is not None:
            charted = index.top_terms(DEFAULT_CHART_TERMS, keep=mask, drop_stopwords=True)
        else:
            charted = search.top_terms(DEFAULT_CHART_TERMS, speakers=speakers, doc_ids=doc_ids)
        usage: TermIndex | DatasetSearch = index if index is not None else search
        if charted and n_sub:
            by_speaker = usage.term_usage(charted, speakers=speakers, doc_ids=doc_ids)
            charted = [str(t) for t in by_speaker["term"].cat.categories]
            groups = self._periods.groups(self._periods.freq(doc_ids))
            over_time = usage.term_usage(charted, by=groups, speakers=speakers,
                                         doc_ids=doc_ids)
            time_column = str(groups.name)
            if charted_as_typed:
                by_speaker = label_as_typed(by_speaker, terms)
                over_time = label_as_typed(over_time, terms)
                charted = [str(t) for t in by_speaker["term"].cat.categories]
        else:
            by_speaker = over_time = pd.DataFrame(columns=[s.SPEAKER, "term", "n", "per_1k"])
            time_column = s.DATE
        timings["usage"] = (time.perf_counter() - t2) * 1000

        docs = self.corpus.documents
        if len(disp):
            # Every document with hits: the chart draws the MAX_DISPERSION_DOCS with most
            # and says how many of how many.
            disp_docs = docs[docs[s.DOC_ID].astype(object).isin(set(disp[s.DOC_ID]))]
        else:
            disp_docs = docs.iloc[:0]
        view = View(state=state, terms=terms, charted_terms=charted, speakers=speakers,
                    doc_ids=doc_ids, keyword_hits=hits,
                    # A dataset's turns keep their rows: a page reads their text by them.
                    turns=sub_turns if index is None else sub_turns.reset_index(drop=True),
                    usage_by_speaker=by_speaker, usage_over_time=over_time,
                    time_column=time_column, dispersion=disp, dispersion_docs=disp_docs,
                    timings_ms=timings, n_dispersion_documents=n_hit_docs)
        timings["total"] = (time.perf_counter() - t0) * 1000
        return view

    # -- figures -----------------------------------------------------------------------------
    def figures(self, view: View) -> dict[str, object]:
        """The plotly figures for ``view`` (from :mod:`kit.plots`), keyed by chart."""
        import plotly.graph_objects as go

        return {key: go.Figure(spec) for key, spec in self._figure_specs(view).items()}

    def _figure_specs(self, view: View) -> dict[str, dict]:
        return chart_specs(view, speaker_order=self._speaker_order,
                           speaker_colors=self._speaker_colors, periods=self._periods,
                           min_words=self.min_words, dates_message=self.dates_message)

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
        no_dates = self.dates_message(view.state.start, view.state.end)
        if no_dates:
            self.show_message(no_dates)
        self._render_table()
        self._render_summary()
        t2 = time.perf_counter()
        specs = self._figure_specs(view)
        n_disp_docs = view.dispersion[s.DOC_ID].nunique() if len(view.dispersion) else 0
        n_disp_docs = min(n_disp_docs, MAX_DISPERSION_DOCS)  # the chart draws no more
        heights = {"speakers": 380, "time": 380,
                   "dispersion": max(300, min(1100, 120 + 28 * n_disp_docs))}
        t3 = time.perf_counter()
        for key, widget in (("speakers", self.fig_speakers), ("time", self.fig_time),
                            ("dispersion", self.fig_dispersion)):
            # A message is a line or two, not a chart-sized empty box.
            show_chart(widget, specs[key], height=heights[key])
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
        self._render_link()

    def _n_pages(self) -> int:
        n_rows = self.view.n_rows if self.view is not None else 0
        return max(1, -(-n_rows // self.page_size))

    def page_rows(self) -> pd.DataFrame:
        """Rows of the table's current page."""
        if self.view is None:
            return pd.DataFrame()
        lo = self.page * self.page_size
        rows = self.view.head(lo + self.page_size).iloc[lo:]
        if self.search is not None and self.view.keyword_hits is None:
            return self.search.turn_rows(rows.index.to_numpy())  # their text, from disk
        return rows

    def _render_table(self) -> None:
        view = self.view
        if view is None:  # (called once a view is shown)
            return
        n, n_pages = view.n_rows, self._n_pages()
        rows = self.page_rows()
        docs = self.corpus.documents
        titles = docs.set_index(docs[s.DOC_ID].astype(object))[s.TITLE] if s.TITLE in docs \
            else pd.Series(dtype=object)
        lo = self.page * self.page_size
        if isinstance(view.keyword_hits, DatasetHits):
            self.table.value = hits_table(rows, first_number=lo + 1, titles=titles,
                                          turns=view.keyword_hits.turn_spans(rows))
        elif view.keyword_hits is not None:
            if self._turn_lookup is None:  # built once: 90k turns take 20 ms to index
                self._turn_lookup = TurnLookup(cast(TermIndex, self.index))
            self.table.value = hits_table(rows, first_number=lo + 1, titles=titles,
                                          turns=self._turn_lookup.spans(rows))
        else:
            self.table.value = turns_table(rows, first_number=lo + 1, titles=titles)
        first, last = (lo + 1, lo + len(rows)) if len(rows) else (0, 0)
        unit = plural(n, "hit" if view.keyword_hits is not None else "turn")
        self.page_label.value = (f"&nbsp;{first:,}–{last:,} of {unit} "
                                 f"(page {self.page + 1} of {n_pages})&nbsp;")
        self.prev_button.disabled = self.page == 0
        self.next_button.disabled = self.page >= n_pages - 1
        self.download.disabled = n == 0
        self.download.description = f"Download CSV ({plural(n, 'row')})"

    def _render_summary(self) -> None:
        view = self.view
        if view is None:  # (called once a view is shown)
            return
        if view.keyword_hits is not None:
            head = f"{counted(view.n_rows, 'hit')} for {quoted(view.terms)}"
        else:
            head = counted(view.n_rows, "turn")
        filters = []
        if view.speakers:
            filters.append(plural(len(view.speakers), "speaker") + " selected")
        if view.doc_ids is not None:
            filters.append(plural(len(view.doc_ids), "document") + " in range")
        tail = f" — {', '.join(filters)}" if filters else ""
        self.summary.value = (f"{head} in {counted(view.n_documents, 'document')} by "
                              f"{counted(view.n_speakers, 'speaker')}{tail}.")
        self._render_link()

    def _render_link(self) -> None:
        if self.view is None:  # (called once a view is shown)
            return
        # The page shown now (the view was computed for its first page).
        link = share_link(replace(self.view.state, page=self.page + 1).query_string())
        if self.uploaded:
            link += ("<div class='kit-link-note'>This link opens the corpus the dashboard was "
                     "started with, not the files you uploaded: they stay in this page only."
                     "</div>")
        self.share.value = link

    def _csv(self) -> bytes:
        if self.view is None:
            return b""
        return csv_bytes(self.view.csv_frame(self.corpus.documents))

