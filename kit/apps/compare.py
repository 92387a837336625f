"""The compare-speakers app: what distinguishes each speaker, who holds the floor, who speaks when.

``CompareSpeakers(corpus).container`` is the whole app. Keyness and summaries come from
:mod:`kit.terms` (for a dataset on disk, keyness from its keyword index:
:class:`kit.terms.search.DatasetSearch`), figures from :mod:`kit.plots`.
"""

from __future__ import annotations

import dataclasses

import ipywidgets as w
import pandas as pd

from kit import schema as s
from kit.apps.base import App, safe_callback
from kit.apps.dates import documents_in
from kit.apps.export import csv_bytes
from kit.apps.figurewidget import figure_widget, show_chart
from kit.apps.html import counted, date_text, esc, frame_table, plural, share_link
from kit.apps.link import LinkState
from kit.apps.widgets import filter_rows
from kit.corpus import Corpus
from kit.terms.search import DatasetSearch
from kit.terms.summary import speaker_summary

__all__ = ["CompareSpeakers", "latest_note", "summary_table"]


class CompareSpeakers(App):
    """What distinguishes each speaker (keyness), who holds the floor, who speaks when.

    Parameters
    ----------
    corpus
        The corpus, or a dataset opened for search (:class:`DatasetSearch`: the turns
        without their text are in memory, keyness is summed from its keyword index).
    query
        A query string ``speaker=…&speaker=…&from=…&to=…&focus=…`` to start from (see
        :mod:`kit.apps.link`).
    n_default
        Speakers selected when none are chosen (those with the most words).
    top
        Distinctive terms shown per speaker.
    max_documents
        Most documents drawn in the share-of-voice and timeline charts (the latest).
    min_count
        Keyness keeps terms used at least this often (passed to :func:`kit.keyness`).
    """

    dashboard = "compare_speakers.ipynb"
    #: None means none: "None" clears the comparison (the defaults come with a blank link).
    no_speaker_means_all = False

    def __init__(self, corpus: Corpus | DatasetSearch, *, query: str | None = None,
                 n_default: int = 4, top: int = 8, max_documents: int = 30,
                 min_count: int = 5) -> None:
        super().__init__(table="kit-speaker-table")
        #: The dataset whose keyness is summed from its postings (None: a corpus in memory).
        self.search = corpus if isinstance(corpus, DatasetSearch) else None
        corpus = corpus.corpus if isinstance(corpus, DatasetSearch) else corpus
        self.corpus = corpus
        self.min_count = min_count
        self.top = top
        self.max_documents = max_documents
        by_words = speaker_summary(corpus.turns).sort_values(s.N_WORDS, ascending=False,
                                                             kind="stable")
        self.default_speakers = [str(x) for x in by_words[s.SPEAKER].head(n_default)]
        self.key: pd.DataFrame = pd.DataFrame()
        self.selected: list[str] = []
        self.build_filters(corpus)
        self.focus = w.Dropdown(description="Focus", options=[],
                                layout=w.Layout(width="auto")).add_class("kit-focus")
        self.download = self.download_button(description="Download keyness CSV",
                                             filename="transcript-kit-keyness.csv")
        self.fig_distinct = figure_widget(css_class="kit-chart-distinct", height=420)
        self.fig_keyness = figure_widget(css_class="kit-chart-keyness", height=420)
        self.fig_share = figure_widget(css_class="kit-chart-share", height=380)
        self.fig_timeline = figure_widget(css_class="kit-chart-timeline", height=380)
        #: Focus, download and charts, in a box hidden while there is nothing to compare
        #: (a chart's own classes are not updated in the page once drawn; a box's layout is).
        self.charts = w.VBox([w.HBox([self.focus, self.download]), self.fig_distinct,
                              self.fig_keyness, self.fig_share, self.fig_timeline]
                             ).add_class("kit-compare-charts")
        self.watch(*self.filter_inputs())
        self.watch(self.focus, then=self._focus_changed)
        self.show_corpus(corpus)
        self.container = w.VBox(self.frame(
            sidebar=self.filter_widgets(),
            main=[self.summary, self.share, self.errors, self.table,
                  self.charts],
        )).add_class("kit-compare")
        with self.quiet():  # what a page opens on: the speakers with the most words
            self.speakers.set_value(self.default_speakers)
        self.start(query)

    @property
    def state(self) -> LinkState:
        """The speakers, dates and focus chosen (the default speakers are left out: a link
        without speakers opens them)."""
        state = self.filter_state(focus=self.focus.value or None)
        if set(state.speakers) == set(self.default_speakers):
            state = dataclasses.replace(state, speakers=())
        return state

    def set_state(self, state: LinkState) -> list[str]:
        """Set speakers, dates and focus from ``state``, then refresh once; return problems."""
        if not state.speakers and not state.parties:  # a link without speakers
            state = dataclasses.replace(state, speakers=tuple(self.default_speakers))
        with self.quiet():
            problems = self.set_filters(state)
        self.refresh(focus=state.focus)
        return problems

    def _focus_changed(self) -> None:
        if self.focus.value:
            self._draw_focus()

    @safe_callback
    def refresh(self, focus: str | None = None) -> None:
        """Recompute keyness, summaries and charts for the selected speakers and dates.

        ``focus``: the speaker to focus on, if one of them (else the focus is kept, or the
        first speaker taken).
        """
        from kit.plots import message_spec, share_of_voice_spec, timeline_spec, top_terms_spec
        from kit.plots.layout import title_note

        self.clear_messages()
        # The focus before the options change (a Dropdown given new options takes the first).
        old_focus = self.focus.value
        # (Not self.state: a link leaves the default speakers out.)
        chosen = self.chosen_speakers(self.filter_state())
        if not chosen:
            self._show_nothing("<b>No speaker is chosen.</b> Pick two or more on the left "
                               "(<b>All</b> picks every one) to compare them.")
            return
        start, end = self.dates.value
        no_dates = self.dates_message()
        if no_dates:
            self._show_nothing(no_dates)
            return
        doc_ids = documents_in(self.corpus.documents, start=start, end=end)
        self.charts.layout.display = None
        turns = filter_rows(self.corpus.turns, speakers=chosen, doc_ids=doc_ids)
        present = [sp for sp in chosen if sp in set(turns[s.SPEAKER].astype(object))]
        if not present:  # not "Comparing 0 speakers", an empty table and four messages
            who = (f"{esc(chosen[0])} does not speak" if len(chosen) == 1 else
                   f"None of the {plural(len(chosen), 'chosen speaker')} speaks")
            self._show_nothing(f"<b>{who} in these dates.</b> Pick others on the left or "
                               "widen the dates.")
            return
        self.selected = present
        if len(present) < 2:
            self.key = pd.DataFrame()
            self.show_message("Pick at least two speakers who speak in the chosen dates to "
                              "compare them.")
        else:
            self.key = self._keyness(chosen, doc_ids)
            if not len(self.key):
                self.show_message(f"These speakers use no word at least {self.min_count} "
                                  "times between them; pick more speakers or wider dates.")
        summary = speaker_summary(turns)
        summary = summary[summary[s.N_TURNS] > 0]
        self.table.value = frame_table(*summary_table(summary))
        n_docs = turns[s.DOC_ID].nunique()
        default = set(self.speakers.value) == set(self.default_speakers)
        summary_line = (f"Comparing {counted(len(present), 'speaker')} over "
                        f"<b>{plural(n_docs, 'document')}</b> "
                        f"({plural(len(turns), 'turn')})"
                        + (" — the speakers with the most words; pick others on the left"
                           if default else "") + ".")
        if len(self.key):
            show_chart(self.fig_distinct, top_terms_spec(
                self.key, by=s.SPEAKER, value="z", top=self.top, speaker_order=present,
                # Three panels a row (two for four): at 1024 px a fourth left each too
                # narrow for its terms.
                columns=2 if len(present) == 4 else min(3, len(present)),
                # Only words a speaker over-uses: a bar below zero is not distinctive.
                positive=True, empty_text="no word stands out",
                title="Most distinctive words of each speaker (z, each vs the others)"))
        else:
            show_chart(self.fig_distinct, message_spec(
                "Most distinctive words: pick at least two speakers who speak in these dates"))
        docs = self.corpus.documents
        if doc_ids is not None:
            docs = docs[docs[s.DOC_ID].isin(doc_ids)]
        docs = docs[docs[s.DOC_ID].isin(turns[s.DOC_ID].unique())]
        if s.DATE in docs:
            docs = docs.sort_values(s.DATE, kind="stable")
        latest = docs.tail(self.max_documents)
        # Said on both charts of the latest documents: else "Who speaks when" over 238
        # addresses looks like all of them.
        note = latest_note(latest, n_documents=len(docs))
        recent_turns = turns[turns[s.DOC_ID].isin(latest[s.DOC_ID])]
        if self.search is not None:
            # The timeline's hover shows each turn's first words: these turns' text only
            # (a dataset's turns keep their rows as index).
            text = self.search.turn_rows(recent_turns.index.to_numpy())[s.TEXT]
            recent_turns = recent_turns.assign(**{s.TEXT: text.to_numpy()})
        by_doc = speaker_summary(recent_turns, by=s.DOC_ID)
        label = s.TITLE if s.TITLE in latest else None
        shared = by_doc[by_doc[s.N_WORDS] > 0].groupby(s.DOC_ID, observed=True).size()
        if (shared > 1).any():
            show_chart(self.fig_share, title_note(share_of_voice_spec(
                by_doc, documents=latest, label=label, speaker_order=present,
                title="Share of words per document"), note))
        else:
            # One of them per document: every bar would be 100%.
            show_chart(self.fig_share, message_spec(
                "Share of words per document: no document has two of these speakers "
                "(each would be 100%); see who speaks when below"))
        # (A chosen speaker speaks in these dates, else the view stopped above: the latest
        # documents are some of theirs, so there are turns to draw.)
        show_chart(self.fig_timeline, title_note(timeline_spec(
            recent_turns, speaker_order=present, title="Who speaks when"), note),
            height=max(300, min(1000, 100 + 30 * len(latest))))
        with self.quiet():
            wanted = focus if focus in present else (old_focus if old_focus in present
                                                     else None)
            self.focus.options = present
            self.focus.value = wanted or (present[0] if present else None)
        self._draw_focus()
        self.share.value = share_link(self.query_string())
        self.download.disabled = not len(self.key)
        # Last: a page that sees the summary change sees the focus and charts of this view.
        self.summary.value = summary_line

    def _show_nothing(self, text: str) -> None:
        """Say ``text`` (HTML) in the summary instead of the charts (hidden: empty axes say
        nothing); empty the table, the focus and the download."""
        self.key = pd.DataFrame()
        self.selected = []
        self.summary.value = text
        self.table.value = ""
        self.charts.layout.display = "none"
        with self.quiet():
            self.focus.options = []
        self.download.disabled = True
        self.share.value = share_link(self.query_string())

    def _keyness(self, speakers: list[str], doc_ids: list[str] | None) -> pd.DataFrame:
        """Keyness by speaker of the tokens of ``speakers`` in ``doc_ids``."""
        from kit.terms.keyness import keyness

        if self.search is not None:
            return self.search.keyness(speakers=speakers, doc_ids=doc_ids,
                                       min_count=self.min_count)
        tokens = filter_rows(self.corpus.tokens, speakers=speakers, doc_ids=doc_ids)
        return keyness(tokens, by=s.SPEAKER, min_count=self.min_count)

    @safe_callback
    def _draw_focus(self) -> None:
        from kit.plots import keyness_spec, message_spec

        if not len(self.key) or not self.focus.value:
            show_chart(self.fig_keyness, message_spec(
                "Words of one speaker against the others: pick at least two speakers with "
                "enough words"))
            return
        show_chart(self.fig_keyness, keyness_spec(
            self.key, by=s.SPEAKER, target=self.focus.value, value="z", top=10,
            reference_label="the other speakers"))
        self.share.value = share_link(self.query_string())

    def _csv(self) -> bytes:
        return csv_bytes(self.key)


#: Column headings of the compare table, in order, with the format of each column's values.
SUMMARY_COLUMNS = {
    s.SPEAKER: ("Speaker", str),
    s.N_TURNS: ("Turns", lambda v: f"{int(v):,}"),
    s.N_WORDS: ("Words", lambda v: f"{int(v):,}"),
    "share_of_words": ("Share of words", lambda v: f"{100 * v:.1f}%"),
    "mean_turn_words": ("Mean turn (words)", lambda v: f"{v:,.0f}"),
    "longest_turn_words": ("Longest turn", lambda v: f"{int(v):,}"),
}


def summary_table(summary: pd.DataFrame) -> tuple[pd.DataFrame, str, dict]:
    """``speaker_summary`` rows as the compare table: readable headings, one format a column.

    Returns the arguments of :func:`kit.apps.html.frame_table`.
    """
    shown = summary[list(SUMMARY_COLUMNS)].rename(
        columns={col: head for col, (head, _) in SUMMARY_COLUMNS.items()})
    return shown, "kit-speaker-table", {head: fmt for head, fmt in SUMMARY_COLUMNS.values()}


def latest_note(latest: pd.DataFrame, *, n_documents: int) -> str:
    """What a chart of the ``latest`` documents (one row each) of ``n_documents`` leaves out:
    ``"the latest 30 of 238 documents, 1992-01-28 to 2024-03-07"``; ``""`` when it shows all.
    """
    if len(latest) >= n_documents:
        return ""
    note = f"the latest {len(latest):,} of {n_documents:,} documents"
    dates = pd.to_datetime(latest[s.DATE], errors="coerce").dropna() if s.DATE in latest \
        else pd.Series(dtype="datetime64[ns]")
    if len(dates):
        first, last = date_text(dates.min()), date_text(dates.max())
        note += f", {first}" if first == last else f", {first} to {last}"
    return note
