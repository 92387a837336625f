"""What every app shares: the page frame, speaker and date filters, outputs, link and messages.

:class:`App` is the base of :class:`~kit.apps.explorer.Explorer`,
:class:`~kit.apps.compare.CompareSpeakers` and :class:`~kit.apps.trends.TermTrends`; its
callbacks run under :func:`safe_callback`, so a failure shows a friendly message in the page
(Voila hides tracebacks) and the last good view stays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps

import ipywidgets as w

from kit import schema as s
from kit.apps.dates import DateRange, as_date, documents_in, no_documents_message
from kit.apps.html import message, page_header
from kit.apps.link import LinkState, is_blank, parse_query_string
from kit.apps.pickers import PartyFilter, SpeakerFilter, party_options, speakers_of_parties
from kit.apps.widgets import DownloadButton
from kit.corpus import Corpus
from kit.errors import KitError

__all__ = ["NO_DOCUMENTS", "App", "safe_callback"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

#: Exception class names of the regular-expression engines (re, polars).
REGEX_ERRORS = ("error", "PatternError", "ComputeError")
#: What a chart says when the dates hold no document (the page says why once, above it).
NO_DOCUMENTS = "No documents in these dates (see above)"
#: What the kit's messages say to a Python user, and what the page says instead.
PAGE_WORDS = {"(regex=False)": "(untick Regular expression)",
              "regex=False": "unticking Regular expression"}


def safe_callback(method: Callable) -> Callable:
    """Run a callback of an :class:`App`; show a friendly message in the page instead of
    failing silently (the callback then returns None)."""

    @wraps(method)
    def wrapper(self: App, *args, **kwargs):
        try:
            result = method(self, *args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the page
            self._show_error(exc)
            return None
        return result

    return wrapper


class App:
    """What every app shares: page frame, speaker and date filters, outputs, links, messages.

    An app builds its widgets with these helpers (``super().__init__(table=...)``,
    :meth:`build_filters`, :meth:`download_button`, :meth:`frame`, :meth:`watch`, then
    :meth:`start`) and states only what is its own: its other widgets and their place on the
    page, :meth:`refresh`, :attr:`state`, :meth:`set_state` and ``_csv``.

    Parameters
    ----------
    table
        CSS class of the app's table output.

    Attributes
    ----------
    container
        The app's top widget: display it (the dashboard's last cell).
    header, summary, share, errors, table
        The corpus line above the page, the summary line, the link to the view, the message
        area and the table (HTML widgets; ``errors`` is an Output).
    speakers, dates
        The speaker filter and the date range (:meth:`build_filters`).
    parties
        The party filter, when some speaker of the corpus has a party (else None).
    """

    corpus: Corpus
    container: w.Box
    speakers: SpeakerFilter
    dates: DateRange
    parties: PartyFilter | None = None
    #: The app's dashboard notebook (``dashboards/NAME``), shown in bold in the links row.
    dashboard: str | None = None
    #: True while several filters are set at once: their changes wait for one refresh.
    _suspended = False
    #: Whether no speaker chosen means every speaker (else: nothing to show).
    no_speaker_means_all = True

    def __init__(self, *, table: str) -> None:
        self.header = w.HTML()
        self.summary = w.HTML().add_class("kit-summary")
        self.share = w.HTML().add_class("kit-share")
        self.errors = w.Output().add_class("kit-errors")
        self.table = w.HTML().add_class(table)

    # -- what each app states ----------------------------------------------------------------
    def refresh(self) -> object:
        """Recompute and show the view for the current filters."""
        raise NotImplementedError

    @property
    def state(self) -> LinkState:
        """The current filter values (what a link to this view says)."""
        raise NotImplementedError

    def set_state(self, state: LinkState) -> list[str]:
        """Set every filter from ``state`` with one refresh; return the problems found."""
        raise NotImplementedError

    def _csv(self) -> bytes:
        """What the download button sends."""
        raise NotImplementedError

    # -- building ----------------------------------------------------------------------------
    def build_filters(self, corpus: Corpus) -> None:
        """Make the speaker filter, the party filter (if the corpus has parties) and the date
        range of ``corpus``."""
        self.speakers = SpeakerFilter(corpus.turns, empty_means_all=self.no_speaker_means_all)
        self.dates = DateRange(corpus.documents[s.DATE] if s.DATE in corpus.documents else None)
        self.parties = None
        if party_options(corpus.speakers, corpus.turns):
            self.parties = PartyFilter(corpus.speakers, corpus.turns)
            self.parties.observe(self._parties_changed, names="value")

    def filter_widgets(self) -> list[w.Widget]:
        """The sidebar's filters: speakers, parties (if any), dates."""
        parties = [] if self.parties is None else [self.parties]
        return [self.speakers, *parties, w.HTML("<b>Dates</b>"), self.dates]

    def filter_inputs(self) -> list[w.Widget]:
        """The filters whose changes refresh the view: speakers, parties (if any), dates."""
        return [self.speakers, self.dates] + ([] if self.parties is None else [self.parties])

    def _parties_changed(self, change: dict) -> None:
        # The speaker list shows the chosen parties' speakers (chosen speakers stay).
        parties = change["new"]
        self.speakers.limit_to(speakers_of_parties(self.corpus.speakers, parties)
                               if parties else None)

    def chosen_speakers(self, state: LinkState) -> list[str] | None:
        """The speakers a state keeps: those chosen, within the chosen parties (None: all).

        When no chosen speaker is in the chosen parties, the parties win (and a message
        says so).
        """
        chosen = list(state.speakers)
        if not state.parties:
            return chosen or None
        members = speakers_of_parties(self.corpus.speakers, state.parties)
        if not chosen:
            return members
        both = [sp for sp in chosen if sp in set(members)]
        if not both:
            self.show_message("None of the chosen speakers belongs to the chosen parties; "
                              "showing every speaker of those parties.")
            return members
        return both

    def dates_message(self, start: object = None, end: object = None) -> str | None:
        """Why the date range ``[start, end]`` (default: the one chosen) holds no document,
        naming the corpus's dates (:func:`kit.apps.dates.no_documents_message`); None when
        it holds some or is open."""
        if start is None and end is None:
            start, end = self.dates.value
        first, last = as_date(start), as_date(end)
        if (first is None and last is None) or documents_in(
                self.corpus.documents, start=first, end=last):
            return None
        return no_documents_message(first, last, self.dates.first, self.dates.last)

    def download_button(self, *, description: str, filename: str) -> DownloadButton:
        """A button that downloads what the app's ``_csv()`` gives as ``filename``."""
        return DownloadButton(self._csv, description=description,
                              filename=filename).add_class("kit-download")

    def show_corpus(self, corpus: Corpus, *, title: str | None = None,
                    uploaded: bool = False) -> None:
        """Write the style sheet, the dashboards' links, ``title`` and the corpus's name into
        the header (``uploaded``: saying the other dashboards do not show it)."""
        from kit.apps.corpus_choice import corpus_label

        self.header.value = page_header(corpus_label(corpus), title=title, page=self.dashboard,
                                        uploaded=uploaded)

    def frame(self, *, sidebar: Sequence[w.Widget], main: Sequence[w.Widget],
              **row) -> list[w.Widget]:
        """The page's widgets: the header above the sidebar of filters beside the main column.

        ``row`` goes to the ``HBox`` that holds sidebar and main column.
        """
        return [self.header, w.HBox([
            w.VBox(list(sidebar), layout=w.Layout(width="330px", min_width="280px")),
            w.VBox(list(main),
                   layout=w.Layout(flex="1 1 auto", min_width="0", padding="0 0 0 16px")),
        ], **row)]

    def watch(self, *widgets: w.Widget, then: Callable[[], object] | None = None) -> None:
        """Call ``then`` (default: refresh) when any of ``widgets`` changes value, unless the
        change is one of several made at once (:meth:`quiet`)."""
        def on_change(change: dict) -> None:
            if not self._suspended:
                (then or self._filters_changed)()

        for widget in widgets:
            widget.observe(on_change, names="value")

    def _filters_changed(self) -> None:
        self.refresh()

    def start(self, query: str | None) -> None:
        """Show the first view: the one the link's ``query`` asks for, else the default."""
        if query is None or is_blank(query):
            self.refresh()
        else:
            self.apply_query_string(query)

    # -- state and links ---------------------------------------------------------------------
    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Set several widgets without a refresh per change (the caller refreshes once)."""
        self._suspended = True
        try:
            yield
        finally:
            self._suspended = False

    def filter_state(self, **more) -> LinkState:
        """The speakers and dates chosen, with ``more`` fields, as a :class:`LinkState`."""
        start, end = self.dates.value
        parties = () if self.parties is None else tuple(self.parties.value)
        return LinkState(speakers=tuple(self.speakers.value), parties=parties, start=start,
                         end=end, **more)

    def set_filters(self, state: LinkState) -> list[str]:
        """Select ``state``'s speakers (any case) and dates; return the problems found."""
        known = self.speakers.option_keys
        by_fold = {k.casefold(): k for k in known}
        names = [n if n in known else by_fold.get(n.casefold(), n) for n in state.speakers]
        missing = self.speakers.set_value(names)
        problems = [f"no speaker named {m!r}" for m in missing]
        if self.parties is not None:
            problems += [f"no party named {p!r}" for p in self.parties.set_value(state.parties)]
        elif state.parties:
            problems.append("parties, but this corpus has none")
        for key, value in (("from", state.start), ("to", state.end)):
            if value not in (None, "") and as_date(value) is None:
                problems.append(f"{key}={value}, which is not a date (write YYYY-MM-DD); "
                                "that end is left open")
        self.dates.set_value(state.start, state.end)
        return problems

    def query_string(self) -> str:
        """The current state as a query string (for a shareable link)."""
        return self.state.query_string()

    def apply_query_string(self, query: str) -> None:
        """Set the filters from a link's query string with one refresh (a blank one changes
        nothing); say what of it could not be applied."""
        if is_blank(query):
            return
        problems = self.set_state(parse_query_string(query))
        if problems:
            self.show_message("The link asks for " + "; ".join(problems)
                              + ". The rest of it was applied.")

    # -- messages ----------------------------------------------------------------------------
    @property
    def messages(self) -> list[str]:
        """The messages shown in the error area (plain text)."""
        return [o["data"]["text/plain"] for o in self.errors.outputs]

    def clear_messages(self) -> None:
        """Empty the message area."""
        self.errors.outputs = ()

    def show_message(self, text: str) -> None:
        """Add ``text`` to the message area."""
        # Set the Output's outputs directly: works the same in a kernel and in plain Python.
        out = {"output_type": "display_data", "metadata": {},
               "data": {"text/plain": text, "text/html": message(text)}}
        self.errors.outputs = (*self.errors.outputs, out)

    def _show_error(self, exc: BaseException) -> None:
        log.exception("dashboard callback failed")
        if isinstance(exc, KitError):
            text = str(exc)
            for python, page in PAGE_WORDS.items():
                text = text.replace(python, page)
        elif exc.__class__.__name__ in REGEX_ERRORS:
            text = f"That regular expression does not work: {exc}. Fix it or untick it."
        else:
            text = (f"Something went wrong updating the view ({type(exc).__name__}: {exc}). "
                    "The last good view is still shown; try other filters.")
        self.clear_messages()
        self.show_message(text)
