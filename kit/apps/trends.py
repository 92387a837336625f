"""The term-trends app: several terms (and dictionary categories) over time and across
speakers, as rates or counts.

``TermTrends(corpus).container`` is the whole app. Counts come from a
:class:`kit.terms.kwic.TermIndex` built once per corpus, or for a dataset on disk from its
keyword index (:class:`kit.terms.search.DatasetSearch`); figures from :mod:`kit.plots`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

from kit import schema as s
from kit.apps.base import NO_DOCUMENTS, App, safe_callback
from kit.apps.dates import documents_in
from kit.apps.dictionary import CategoryPicker
from kit.apps.export import csv_bytes
from kit.apps.figurewidget import figure_widget, show_chart
from kit.apps.html import counted, frame_table, plural, quoted, share_link
from kit.apps.link import LinkState
from kit.apps.widgets import TermList
from kit.corpus import Corpus
from kit.terms.forms import is_glob
from kit.terms.kwic import TermIndex
from kit.terms.periods import PERIOD, DocumentPeriods
from kit.terms.query import label_as_typed, query_terms, split_query
from kit.terms.rank import MIN_WORDS
from kit.terms.search import DatasetSearch

__all__ = ["TermTrends"]

#: Terms charted when none are given (the corpus's most used content words).
DEFAULT_TERMS = 3
#: Pixels of each chart (a message is as tall as its text).
CHART_HEIGHT = 400
#: Pixels of the chart by speaker: taller, as its legend is in rows above the plot and 45
#: names run down below it.
SPEAKER_CHART_HEIGHT = 480
#: The intervals box's tooltip: says why it is greyed out with counts.
BANDS_TOOLTIP = "95% intervals are for rates per 1,000 words only, not for counts."


class TermTrends(App):
    """Several terms over time and across speakers, as rates per 1,000 words (or counts).

    Counts come from a :class:`kit.terms.kwic.TermIndex` built once per corpus: a refresh
    touches only the rows of the terms, never a filtered copy of the tokens table.

    Parameters
    ----------
    corpus
        The corpus, or a dataset opened for search (:class:`DatasetSearch`: counts are read
        from its keyword index, the tokens stay on disk; the page is the same).
    terms
        Terms to start with (default: the corpus's three most used content words).
    query
        A query string ``term=…&term=…&speaker=…&from=…&to=…&freq=Y&value=n&bands=1``
        (``&dict=sentiment&category=positive`` charts dictionary categories too); ``q=``
        with comma-separated terms also works (see :mod:`kit.apps.link`).
    min_words
        Speakers with fewer words are left out of the chart by speaker (their rate means
        little), as in the explorer, unless every speaker has fewer.
    """

    dashboard = "term_trends.ipynb"
    FREQS = (("auto", "auto"), ("decade", "10Y"), ("year", "Y"), ("month", "M"), ("day", "D"))
    VALUES = (("per 1,000 words", "per_1k"), ("count", "n"))

    def __init__(self, corpus: Corpus | DatasetSearch, *, terms: Sequence[str] | None = None,
                 query: str | None = None, min_words: int = MIN_WORDS) -> None:
        super().__init__(table="kit-usage")
        self.min_words = min_words
        #: Where the counts come from: the corpus's index, or the dataset's keyword index.
        self.index: TermIndex | DatasetSearch
        if isinstance(corpus, DatasetSearch):
            self.index, corpus = corpus, corpus.corpus
        else:
            self.index = TermIndex(corpus)
        self.corpus = corpus
        self._periods = DocumentPeriods(corpus)
        if terms is None:
            terms = self.index.top_terms(DEFAULT_TERMS) if isinstance(
                self.index, DatasetSearch) else self.index.top_terms(DEFAULT_TERMS,
                                                                     drop_stopwords=True)
        self.usage_over_time = pd.DataFrame()
        self._csv_query: tuple | None = None  # what the last refresh counted
        self.usage_by_speaker = pd.DataFrame()
        self.terms = TermList(terms)
        #: Dictionary categories charted beside the terms (the bundled lexicon or a file).
        self.categories = CategoryPicker()
        self.build_filters(corpus)
        self.freq = w.Dropdown(options=self.FREQS, value="auto", description="Period",
                               layout=w.Layout(width="auto")).add_class("kit-freq")
        self.value = w.ToggleButtons(options=self.VALUES, value="per_1k").add_class("kit-value")
        self.download = self.download_button(description="Download CSV",
                                             filename="transcript-kit-term-trends.csv")
        #: Shade each rate's 95% interval (per 1,000 words only: greyed out with counts, its
        #: tooltip says why).
        self.bands = w.Checkbox(value=False, description="95% intervals", indent=False,
                                tooltip=BANDS_TOOLTIP,
                                layout=w.Layout(width="auto")).add_class("kit-bands")
        self.fig_time = figure_widget(css_class="kit-chart-time", height=CHART_HEIGHT)
        self.fig_speakers = figure_widget(css_class="kit-chart-speakers", height=CHART_HEIGHT)
        self.watch(self.terms, self.categories, *self.filter_inputs(), self.freq, self.value,
                   self.bands)
        self.show_corpus(corpus)
        self.container = w.VBox(self.frame(
            sidebar=self.filter_widgets(),
            # Wraps as a row of whole controls when the column is narrow (1024 px window).
            main=[self.terms, self.categories,
                  w.HBox([self.freq, self.value, self.bands, self.download],
                         layout=w.Layout(flex_flow="row wrap", align_items="center")
                         ).add_class("kit-trends-controls"),
                  self.summary,
                  self.share, self.errors, self.fig_time, self.fig_speakers, self.table],
        )).add_class("kit-trends")
        self.start(query)

    @property
    def state(self) -> LinkState:
        """The terms, speakers, dates, period and value chosen."""
        return self.filter_state(terms=tuple(self.terms.value), freq=self.freq.value,
                                 value=self.value.value, bands=self.bands.value,
                                 dictionary=self.categories.dictionary
                                 if self.categories.categories else "",
                                 categories=self._linked_categories())

    def _linked_categories(self) -> tuple[str, ...]:
        """The chosen categories for a link: none written when all are chosen (the default)."""
        picker = self.categories
        if not picker.dictionary:
            return ()
        every = tuple(picker.words(picker.dictionary))
        return () if picker.categories == every else picker.categories

    def set_state(self, state: LinkState) -> list[str]:
        """Set terms (else those of ``q``), speakers, dates, period and value from ``state``;
        refresh once; return the problems found."""
        terms = list(state.terms) or split_query(state.q)
        with self.quiet():
            if terms:
                self.terms.set_value(terms)
            problems = self.set_filters(state)
            problems += self.categories.set_value(state.dictionary, state.categories)
            freqs, values = dict(self.FREQS).values(), dict(self.VALUES).values()
            self.freq.value = state.freq if state.freq in freqs else "auto"
            self.value.value = state.value if state.value in values else "per_1k"
            self.bands.value = state.bands
        self.refresh()
        return problems

    @safe_callback
    def refresh(self) -> None:
        """Recount the terms for the filters and update charts, table and summary in place."""
        from kit.plots import message_spec, term_usage_spec
        from kit.plots.layout import legend_on_top

        self.clear_messages()
        terms = list(self.terms.value)
        categories = self.categories.chosen()
        if not terms and not categories:
            # Say so everywhere rather than leave the last terms' charts and summary up.
            self._show_nothing("Type one or more terms to chart, separated by commas, or "
                               "pick a dictionary's categories.")
            return
        chosen = self.chosen_speakers(self.state)
        index = self.index
        # A speaker without tokens is simply absent (the index refuses unknown names).
        speakers = None if chosen is None else [sp for sp in chosen if sp in index.speakers]
        start, end = self.dates.value
        doc_ids = documents_in(self.corpus.documents, start=start, end=end)
        value = self.value.value
        # Intervals are of rates: with counts the box would do nothing.
        self.bands.disabled = value != "per_1k"
        freq = self.freq.value
        if freq == "auto":
            freq = self._periods.freq(doc_ids)
        by_speaker = self._usage(terms, categories, speakers=speakers, doc_ids=doc_ids)
        by_speaker = everyone = by_speaker[by_speaker[s.N_WORDS] > 0]
        by_speaker, left_out = _drop_small(by_speaker, self.min_words)
        charted = [str(t) for t in by_speaker["term"].cat.categories]
        groups = self._periods.groups(freq)
        over_time = self._usage(terms, categories, by=groups, speakers=speakers,
                                doc_ids=doc_ids)
        self.usage_over_time, self.usage_by_speaker = over_time, by_speaker
        self._csv_query = (terms, categories, speakers, doc_ids, groups)
        # Plain specs: the widgets validate only what changed (a refresh builds no Figure).
        unit = "per 1,000 words" if value == "per_1k" else "count"
        # Uses of every speaker (the over-time chart's and the explorer's totals), top
        # speakers among those charted.
        rows = _term_rows(by_speaker, charted, everyone=everyone)
        if not sum(r["n"] for r in rows):
            named = ", ".join(charted or [*terms, *categories])
            nothing = NO_DOCUMENTS if self.dates_message() else (
                f"No use of {named} under these filters" if len(by_speaker)
                else "No words under these filters")
            show_chart(self.fig_time, message_spec(f"Over time: {nothing}"))
            show_chart(self.fig_speakers, message_spec(f"By speaker: {nothing}"))
        else:
            # Legends in rows over the plots: 8 terms in a column scrolled at 1600 px.
            show_chart(self.fig_time, height=CHART_HEIGHT, spec=legend_on_top(term_usage_spec(
                over_time, x=str(groups.name), terms=charted, value=value,
                bands=self.bands.value, title=f"Over time ({unit})",
                freq=freq if groups.name == PERIOD else None), height=CHART_HEIGHT))
            present = set(by_speaker[s.SPEAKER].astype(object))
            order = [sp for sp in (chosen or [str(c) for c in self.corpus.speaker_names])
                     if sp in present]
            show_chart(self.fig_speakers, height=SPEAKER_CHART_HEIGHT, spec=legend_on_top(
                term_usage_spec(by_speaker, x=s.SPEAKER, terms=charted, value=value,
                                speaker_order=order, bands=self.bands.value,
                                title=f"By speaker ({unit}{left_out})"),
                height=SPEAKER_CHART_HEIGHT))
        self.table.value = frame_table(pd.DataFrame(rows), "kit-usage-table",
                                       {"n": "{:,}".format})  # as the summary: 2,901
        n_docs, n_speakers, n_words = self._extent(speakers, doc_ids)
        # Where the uses are (documents, speakers with any), told apart from what was searched.
        used = everyone.loc[everyone["n"].to_numpy() > 0, s.SPEAKER].nunique()
        per_doc = over_time if groups.name == s.DOC_ID else self._usage(
            terms, categories, by=self._periods.groups(None), speakers=speakers,
            doc_ids=doc_ids)
        used_docs = per_doc.loc[per_doc["n"].to_numpy() > 0, s.DOC_ID].nunique()
        self.summary.value = _summary(
            charted, n_uses=sum(r["n"] for r in rows), overlap=_can_overlap(terms, categories),
            used=(used_docs, used), searched=(n_docs, n_speakers), n_words=n_words)
        no_dates = self.dates_message()
        if no_dates:  # rather than "0 documents" and nothing said why
            self.summary.value = f"<i>{no_dates}</i>"
        self.share.value = share_link(self.query_string())

    def _usage(self, terms: list[str], categories: dict[str, list[str]],
               **options: Any) -> pd.DataFrame:
        """``TermIndex.term_usage`` of the terms, then of the categories, as one table.

        One row per group per term or category (groups first, then terms, then categories,
        as ``term_usage`` orders rows); a category's ``term`` is its chart label.
        """
        frames = [self.index.term_usage(q, **options) for q in (terms, categories) if q]
        if terms:  # charts and tables name a term as it was typed ("NATO", not "nato")
            frames[0] = label_as_typed(frames[0], terms)
        if len(frames) == 1:
            return frames[0]
        names = [str(c) for f in frames for c in f["term"].cat.categories]
        out = pd.concat([f.astype({"term": str}) for f in frames], ignore_index=True)
        out["term"] = pd.Categorical(out["term"], categories=list(dict.fromkeys(names)))
        return out.sort_values([out.columns[0], "term"], kind="stable").reset_index(drop=True)

    def _show_nothing(self, text: str) -> None:
        """Show ``text`` in the summary and both charts, and empty the table."""
        from kit.plots import message_spec

        self.usage_over_time = self.usage_by_speaker = pd.DataFrame()
        self._csv_query = None
        self.summary.value = f"<i>{text}</i>"
        self.table.value = ""
        show_chart(self.fig_time, message_spec(f"Over time: {text}"))
        show_chart(self.fig_speakers, message_spec(f"By speaker: {text}"))
        self.share.value = share_link(self.query_string())

    def _extent(self, speakers: Sequence[str] | None,
                doc_ids: Sequence[str] | None) -> tuple[int, int, int]:
        """Documents and speakers with words, and words, of the filtered tokens.

        Read from the index's words per document and speaker, without filtering the tokens.
        """
        index = self.index
        words = index.words
        sp_ok = index.speaker_mask(speakers)
        if sp_ok is not None:
            words = words[:, sp_ok]
        doc_ok = index.doc_mask(doc_ids)
        if doc_ok is not None:
            words = words[doc_ok]
        return (int((words.sum(axis=1) > 0).sum()), int((words.sum(axis=0) > 0).sum()),
                int(words.sum()))

    def csv_frame(self) -> pd.DataFrame:
        """Usage per period, speaker and term (the rows of both charts), for the download.

        One row per period per speaker (with words) per term or category: the period column,
        ``speaker``, ``term`` (a category as ``"sentiment: positive"``), ``n``, ``n_words``,
        ``per_1k``.
        """
        if self._csv_query is None:
            return pd.DataFrame(columns=[s.SPEAKER, "term", "n", s.N_WORDS, "per_1k"])
        terms, categories, speakers, doc_ids, groups = self._csv_query
        names = speakers if speakers is not None else [
            str(sp) for sp in self.corpus.speaker_names if sp in self.index.speakers]
        frames = []
        for name in names:
            part = self._usage(terms, categories, by=groups, speakers=[name], doc_ids=doc_ids)
            part = part[part[s.N_WORDS] > 0]
            frames.append(part.assign(**{s.SPEAKER: name}))
        if not frames:
            return pd.DataFrame(columns=[groups.name, s.SPEAKER, "term", "n", s.N_WORDS,
                                         "per_1k"])
        out = pd.concat(frames, ignore_index=True)
        first = [groups.name, s.SPEAKER]
        return out[first + [c for c in out.columns if c not in first]]

    def _csv(self) -> bytes:
        return csv_bytes(self.csv_frame())


def _drop_small(by_speaker: pd.DataFrame, min_words: int) -> tuple[pd.DataFrame, str]:
    """Leave out speakers with fewer than ``min_words`` words (unless all have fewer).

    One row per speaker per term in and out; also returns a note saying what was left out
    (``""`` if nothing was).
    """
    small = by_speaker[s.N_WORDS] < min_words
    n_small = by_speaker.loc[small, s.SPEAKER].nunique()
    if not n_small or small.all():
        return by_speaker, ""
    return by_speaker[~small], (f"; {plural(n_small, 'speaker')} with fewer than "
                                f"{min_words:,} words left out")


def _term_rows(by_speaker: pd.DataFrame, charted: Sequence[str], *,
               everyone: pd.DataFrame) -> list[dict[str, Any]]:
    """Per term: its uses by ``everyone``, and its first speaker of ``by_speaker`` by rate
    (a stable sort's first row). Both tables: one row per speaker per term."""
    term_codes = by_speaker["term"].cat.codes.to_numpy()
    n, rate = by_speaker["n"].to_numpy(), by_speaker["per_1k"].to_numpy()
    all_codes, all_n = everyone["term"].cat.codes.to_numpy(), everyone["n"].to_numpy()
    rows = []
    for code, term in enumerate(charted):
        mine = np.flatnonzero(term_codes == code)
        best = mine[np.argmax(rate[mine])] if len(mine) else None
        rows.append({
            "term": term, "n": int(all_n[all_codes == code].sum()),
            "top speaker (per 1,000 words)": (
                f"{by_speaker[s.SPEAKER].iloc[best]} ({rate[best]:.2f})"
                if best is not None and n[best] > 0 else "—"),
        })
    return rows


def _summary(charted: Sequence[str], *, n_uses: int, overlap: bool, used: tuple[int, int],
             searched: tuple[int, int], n_words: int) -> str:
    """The summary line: uses, the documents and speakers with any, of those searched.

    With ``overlap`` no total is given: a token counted by two rows would be counted twice
    (each row's uses are in the table).
    """
    # Rates are per 1,000 of all words (term_usage's n_words), so the words are all words.
    scope = (f"{counted(searched[0], 'document')} by {counted(searched[1], 'speaker')} "
             f"searched ({plural(n_words, 'word')})")
    if not n_uses:
        return f"{quoted(charted)}: no uses in the {scope}."
    where = f"in {counted(used[0], 'document')} by {counted(used[1], 'speaker')}, of {scope}"
    if overlap:
        return (f"{quoted(charted)}: used {where}. Uses per row in the table: rows may share "
                f"words, so no total.")
    return f"{quoted(charted)}: {counted(n_uses, 'use')} {where}."


def _can_overlap(terms: Sequence[str], categories: dict[str, list[str]]) -> bool:
    """Whether a token may be counted by two of the charted rows (so their uses don't sum).

    Rows (terms, and categories by their entries) overlap when two share a word (possessive
    folded, as the counts fold it) or, among several rows, any has a wildcard: a cheap test
    that may say yes for rows that never meet, never no for rows that do.
    """
    rows = [[t] for t in terms] + [list(words) for words in categories.values()]
    if len(rows) < 2:
        return False
    seen: set[str] = set()
    for row in rows:
        words = {re.sub(r"['’]s$", "", word) for q in row for word in query_terms(q)}
        if any(is_glob(word) for word in words) or words & seen:
            return True
        seen |= words
    return False
