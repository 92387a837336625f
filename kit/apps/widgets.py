"""Filter widgets for transcripts: speakers, keywords, dates, documents and a term list.

Each filter is an ipywidgets box with one plain-Python ``value`` trait that callers observe
(``flt.observe(handler, names="value")``); the logic that turns tables into options and text
into terms, and filter values into rows, is in small pure functions tested without a browser.
The apps (:mod:`kit.apps`) assemble these; they hold no counting logic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import anywidget
import ipywidgets as w
import numpy as np
import pandas as pd
import traitlets

from kit import schema as s
from kit.terms.query import format_query, split_query

__all__ = [
    "DateRange",
    "PartyFilter",
    "as_date",
    "party_options",
    "DocumentPicker",
    "DownloadButton",
    "KeywordBox",
    "SearchText",
    "SpeakerFilter",
    "TermList",
    "date_mask",
    "document_options",
    "documents_in",
    "filter_rows",
    "speaker_options",
    "speakers_of_parties",
]

# ---------------------------------------------------------------------------------------------
# Searchable multi-select (speakers, documents)


class _SearchableSelect(w.VBox):
    """A multi-select with a search box and all/none buttons; empty selection means all.

    The list shows only the options that match the search (and that :meth:`limit_to`
    allows); choices hidden by the search stay chosen, so picking a result never drops an
    earlier choice.
    """

    value = traitlets.Tuple(help="Selected keys, in option order; empty means all.")

    def __init__(self, options: Sequence[tuple[str, object]], *, description: str,
                 placeholder: str, rows: int = 8, css_class: str) -> None:
        self._all_options = list(options)
        self._label_of = {key: label for label, key in self._all_options}
        self._allowed: set | None = None
        self._searching = False
        self.search = w.Text(placeholder=placeholder, continuous_update=True,
                             layout=w.Layout(width="auto"))
        self.select = w.SelectMultiple(options=self._all_options, rows=rows,
                                       layout=w.Layout(width="auto"))
        self.all_button = w.Button(description="All", tooltip="Select every option shown",
                                   layout=w.Layout(width="auto"))
        self.none_button = w.Button(description="None", tooltip="Clear the selection (= all)",
                                    layout=w.Layout(width="auto"))
        self.status = w.HTML()
        title = w.HTML(f"<b>{description}</b>")
        super().__init__([title, self.search, self.select,
                          w.HBox([self.all_button, self.none_button, self.status])])
        self.add_class(css_class)
        self.search.add_class(f"{css_class}-search")
        self.select.add_class(f"{css_class}-select")
        self.all_button.add_class(f"{css_class}-all")
        self.none_button.add_class(f"{css_class}-none")
        self.status.add_class(f"{css_class}-status")
        self.search.observe(lambda _: self._show_options(), names="value")
        self.select.observe(self._on_select, names="value")
        self.all_button.on_click(lambda _: self.select_all())
        self.none_button.on_click(lambda _: self.select_none())
        self._update_status()

    @property
    def option_keys(self) -> list:
        """Every key, in option order."""
        return [key for _, key in self._all_options]

    def visible_keys(self) -> list:
        """Keys shown under the current search."""
        return [key for _, key in self.select.options]

    def select_all(self) -> None:
        """Add every option the list shows to the choice."""
        self._choose(set(self.value) | set(self.visible_keys()))

    def select_none(self) -> None:
        """Clear the selection (the filter then lets everything through)."""
        self._choose(set())

    def set_value(self, keys: Iterable) -> list:
        """Select ``keys``; return the keys that are not options (ignored)."""
        keys = list(keys)
        missing = [k for k in keys if k not in self._label_of]
        self.search.value = ""
        self._choose(set(keys))
        return missing

    def limit_to(self, keys: Iterable | None) -> None:
        """List only ``keys`` (None: every option); chosen keys stay chosen and listed."""
        self._allowed = None if keys is None else set(keys)
        self._show_options()

    def _choose(self, keys: set) -> None:
        self.value = tuple(k for k in self.option_keys if k in keys)
        self._show_options()

    def _show_options(self) -> None:
        needle = self.search.value.strip().casefold()
        chosen = set(self.value)
        options = [(label, key) for label, key in self._all_options
                   if (not needle or needle in label.casefold())
                   and (self._allowed is None or key in self._allowed or key in chosen)]
        self._searching = True
        try:
            # One message with options and selection: sent apart, the page briefly held a
            # selection of indices past the new options ("Cannot set properties of undefined
            # (setting 'selected')").
            with self.select.hold_sync():
                self.select.options = options
                self.select.value = tuple(key for _, key in options if key in chosen)
        finally:
            self._searching = False
        self._update_status()

    def _on_select(self, change: dict) -> None:
        if self._searching:
            return
        # What the list shows is replaced by the click; what it hides stays chosen.
        shown = set(self.visible_keys())
        keep = {k for k in self.value if k not in shown}
        new = tuple(k for k in self.option_keys if k in keep or k in set(change["new"]))
        self._update_status(new)  # before the value: its observers may take a while
        self.value = new

    def _update_status(self, value: tuple | None = None) -> None:
        value = self.value if value is None else value
        n = len(value)
        shown = len(self.select.options)
        total = len(self._all_options)
        hidden = n - len(set(value) & set(self.visible_keys()))
        picked = "all" if n == 0 else f"{n:,} selected"
        if hidden:
            picked += f" ({hidden:,} not shown)"
        self.status.value = f"<small>{picked}; {shown:,} of {total:,} shown</small>"


def speaker_options(turns: pd.DataFrame) -> list[tuple[str, str]]:
    """Label each speaker with turn and word counts, in the order of the speaker categories.

    Input grain: one row per turn (columns ``speaker`` and ``n_words``). Output: one
    ``(label, speaker)`` pair per speaker that has turns, e.g. ``("Price (12 turns, 3,456
    words)", "Price")``.
    """
    if not len(turns):
        return []
    grouped = turns.groupby(s.SPEAKER, observed=True, sort=False)[s.N_WORDS].agg(["size", "sum"])
    speaker = turns[s.SPEAKER]
    if isinstance(speaker.dtype, pd.CategoricalDtype):
        order = [c for c in speaker.cat.categories if c in grouped.index]
    else:
        order = list(grouped.index)
    out = []
    for name in order:
        n_turns, n_words = grouped.loc[name, "size"], grouped.loc[name, "sum"]
        unit = "turn" if n_turns == 1 else "turns"
        out.append((f"{name} ({n_turns:,} {unit}, {int(n_words):,} words)", str(name)))
    return out


class SpeakerFilter(_SearchableSelect):
    """Pick speakers from a list labelled with their turn and word counts.

    ``value`` is a tuple of speaker names; empty means every speaker.
    """

    def __init__(self, turns: pd.DataFrame, *, rows: int = 8) -> None:
        super().__init__(speaker_options(turns), description="Speakers",
                         placeholder="Search speakers…", rows=rows, css_class="kit-speakers")


def document_options(documents: pd.DataFrame) -> list[tuple[str, str]]:
    """Label each document ``"date — title"`` (newest last), keyed by ``doc_id``."""
    if not len(documents):
        return []
    docs = documents
    if s.DATE in docs.columns:
        docs = docs.assign(sort_date=pd.to_datetime(docs[s.DATE], errors="coerce"))
        docs = docs.sort_values("sort_date", kind="stable", na_position="last")
    out = []
    for row in docs.itertuples(index=False):
        doc_id = str(getattr(row, s.DOC_ID))
        title = getattr(row, s.TITLE, None) if s.TITLE in docs.columns else None
        title = title if isinstance(title, str) and title.strip() else doc_id
        date = getattr(row, "sort_date", None) if s.DATE in docs.columns else None
        prefix = f"{date:%Y-%m-%d} — " if isinstance(date, pd.Timestamp) else ""
        out.append((f"{prefix}{title}", doc_id))
    return out


class DocumentPicker(_SearchableSelect):
    """Pick documents by date and title. ``value`` is a tuple of ``doc_id``; empty means all."""

    def __init__(self, documents: pd.DataFrame, *, rows: int = 6) -> None:
        super().__init__(document_options(documents), description="Documents",
                         placeholder="Search titles…", rows=rows, css_class="kit-documents")


def party_options(speakers: pd.DataFrame, turns: pd.DataFrame) -> list[tuple[str, str]]:
    """Label each party with its speakers who have turns, in order of first appearance.

    Input: the speakers table (one row per speaker, ``party``) and the turns. Output: one
    ``(label, party)`` pair per party, e.g. ``("Labour (12 speakers)", "Labour")``; empty
    when no speaker has a party.
    """
    if s.PARTY not in speakers.columns or not len(turns):
        return []
    talking = set(turns[s.SPEAKER].astype(object).unique())
    rows = speakers[speakers[s.SPEAKER].astype(object).isin(talking)]
    parties = rows[s.PARTY].astype(object)
    parties = parties[parties.notna() & (parties.astype(str).str.strip() != "")]
    counts = parties.value_counts(sort=False)
    return [(f"{party} ({n:,} {'speaker' if n == 1 else 'speakers'})", str(party))
            for party, n in counts.items()]


def speakers_of_parties(speakers: pd.DataFrame, parties: Iterable[str]) -> list[str]:
    """The speakers (names) whose ``party`` is one of ``parties``."""
    parties = set(parties)
    if s.PARTY not in speakers.columns:
        return []
    keep = speakers[s.PARTY].astype(object).isin(parties).to_numpy()
    return [str(x) for x in speakers.loc[keep, s.SPEAKER]]


class PartyFilter(_SearchableSelect):
    """Pick parties (or groups) of the speakers. ``value`` is a tuple of parties; empty: all."""

    def __init__(self, speakers: pd.DataFrame, turns: pd.DataFrame, *, rows: int = 5) -> None:
        super().__init__(party_options(speakers, turns), description="Parties",
                         placeholder="Search parties…", rows=rows, css_class="kit-parties")


# ---------------------------------------------------------------------------------------------
# Keyword box


class SearchText(anywidget.AnyWidget):
    """A text box that sends its value as the user types, once typing pauses.

    ``value`` changes ``debounce_ms`` after the last keystroke (or at once on Enter or when
    the box loses focus), so a search runs as the user types without one search per key.
    """

    _esm = """
    function render({ model, el }) {
      const input = document.createElement("input");
      input.type = "text";
      input.className = "widget-input";
      input.style.width = "100%";
      input.style.boxSizing = "border-box";
      input.placeholder = model.get("placeholder");
      input.value = model.get("value");
      let timer = null;
      const send = () => {
        clearTimeout(timer);
        timer = null;
        if (input.value !== model.get("value")) {
          model.set("value", input.value);
          model.save_changes();
        }
      };
      input.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(send, model.get("debounce_ms"));
      });
      input.addEventListener("keydown", (e) => { if (e.key === "Enter") send(); });
      input.addEventListener("change", send);
      model.on("change:value", () => {
        if (timer === null && input.value !== model.get("value")) input.value = model.get("value");
      });
      el.appendChild(input);
      return () => clearTimeout(timer);
    }
    export default { render };
    """
    value = traitlets.Unicode("").tag(sync=True)
    placeholder = traitlets.Unicode("").tag(sync=True)
    debounce_ms = traitlets.Int(400).tag(sync=True)


class KeywordBox(w.VBox):
    """A keyword box: words, quoted phrases, several terms; whole-word, case and regex options.

    ``value`` is a dict ``{"q": text, "whole_word": bool, "case": bool, "regex": bool}``;
    :attr:`terms` gives the parsed terms.
    """

    value = traitlets.Dict()

    def __init__(self, *, q: str = "", whole_word: bool = True, case: bool = False,
                 regex: bool = False) -> None:
        # Searches as the user types (after a pause), as a search box is expected to.
        self.text = SearchText(value=q, placeholder='Keyword(s): nuclear, "power plant"…')
        self.whole_word = w.Checkbox(value=whole_word, description="Whole words", indent=False,
                                     layout=w.Layout(width="auto"))
        self.case = w.Checkbox(value=case, description="Match case", indent=False,
                               layout=w.Layout(width="auto"))
        self.regex = w.Checkbox(value=regex, description="Regular expression", indent=False,
                                layout=w.Layout(width="auto"))
        super().__init__([self.text, w.HBox([self.whole_word, self.case, self.regex])])
        self.add_class("kit-keyword")
        self.text.add_class("kit-keyword-text")
        self.regex.add_class("kit-keyword-regex")
        for child in (self.text, self.whole_word, self.case, self.regex):
            child.observe(self._sync, names="value")
        self._sync()

    @property
    def terms(self) -> list[str]:
        """The terms typed, parsed with :func:`parse_terms`."""
        return split_query(self.text.value, regex=self.regex.value)

    def set_value(self, *, q: str | None = None, whole_word: bool | None = None,
                  case: bool | None = None, regex: bool | None = None) -> None:
        """Set several options at once with a single ``value`` change."""
        with self.hold_trait_notifications():
            for widget, new in ((self.text, q), (self.whole_word, whole_word),
                                (self.case, case), (self.regex, regex)):
                if new is not None:
                    widget.unobserve(self._sync, names="value")
                    widget.value = new
                    widget.observe(self._sync, names="value")
            self._sync()

    def _sync(self, change: dict | None = None) -> None:
        self.value = {"q": self.text.value, "whole_word": self.whole_word.value,
                      "case": self.case.value, "regex": self.regex.value}


# ---------------------------------------------------------------------------------------------
# Date range


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
        super().__init__([self.start, self.end, self.reset_button],
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
        if start is not None and end is not None and start > end:
            start, end = end, start  # the same range a link with swapped ends gives
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


def filter_rows(frame: pd.DataFrame, *, speakers: Sequence[str] | None = None,
                doc_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows of ``frame`` (turns, tokens) by ``speakers`` in ``doc_ids``.

    ``None`` (or no speakers) keeps all; ``frame`` itself comes back when every row is kept.
    """
    mask = np.ones(len(frame), dtype=bool)
    if speakers:
        mask &= frame[s.SPEAKER].isin(list(speakers)).to_numpy()
    if doc_ids is not None:
        mask &= frame[s.DOC_ID].isin(list(doc_ids)).to_numpy()
    return frame if mask.all() else frame[mask]


# ---------------------------------------------------------------------------------------------
# Term list


class TermList(w.VBox):
    """The terms to chart: comma-separated words or quoted phrases. ``value`` is a tuple."""

    value = traitlets.Tuple()

    def __init__(self, terms: Iterable[str] = (), *, description: str = "Terms to chart",
                 max_terms: int = 8) -> None:
        self.max_terms = max_terms
        # Charts as the user types (after a pause), like the explorer's keyword box.
        self.text = SearchText(value=format_query(terms),
                               placeholder='e.g. war, peace, "health care"')
        self.note = w.HTML()
        super().__init__([w.HTML(f"<b>{description}</b>"), self.text, self.note])
        self.add_class("kit-terms")
        self.text.add_class("kit-terms-text")
        self.text.observe(self._sync, names="value")
        self._sync()

    def set_value(self, terms: Iterable[str]) -> None:
        """Set the terms (one ``value`` change)."""
        self.text.value = format_query(terms)

    def _sync(self, change: dict | None = None) -> None:
        terms = split_query(self.text.value)
        if len(terms) > self.max_terms:
            self.note.value = (f"<small>Showing the first {self.max_terms} of "
                               f"{len(terms)} terms.</small>")
            terms = terms[: self.max_terms]
        else:
            self.note.value = ""
        self.value = tuple(terms)


# ---------------------------------------------------------------------------------------------
# Download


class DownloadButton(anywidget.AnyWidget):
    """A button that downloads what ``get_content()`` returns, made when it is clicked.

    The content is built in the kernel only on a click and sent to the page as a binary
    buffer; the page saves it through a Blob link (one click, no data URI kept in the DOM).
    """

    _esm = """
    function render({ model, el }) {
      const button = document.createElement("button");
      button.className = "jupyter-widgets jupyter-button widget-button kit-download-button";
      const sync = () => {
        button.textContent = model.get("description");
        button.disabled = model.get("disabled");
      };
      sync();
      model.on("change:description", sync);
      model.on("change:disabled", sync);
      button.addEventListener("click", () => model.send({ event: "click" }));
      model.on("msg:custom", (msg, buffers) => {
        if (!msg || msg.event !== "download") return;
        const blob = new Blob(buffers && buffers.length ? [buffers[0]] : [""],
                              { type: msg.mime });
        const url = URL.createObjectURL(blob);
        const link = document.createElement("a");
        link.href = url;
        link.download = msg.filename;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      });
      el.appendChild(button);
    }
    export default { render };
    """
    description = traitlets.Unicode("Download").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    filename = traitlets.Unicode("download.csv").tag(sync=True)
    mime = traitlets.Unicode("text/csv").tag(sync=True)

    def __init__(self, get_content: Callable[[], bytes], **kwargs) -> None:
        super().__init__(**kwargs)
        self.get_content = get_content
        self.n_downloads = 0
        self.on_msg(self._on_msg)

    def _on_msg(self, widget: object, content: dict, buffers: list) -> None:
        if isinstance(content, dict) and content.get("event") == "click":
            self.click()

    def click(self) -> bytes:
        """Build the content and send it to the page as a download; return it."""
        data = self.get_content()
        self.send({"event": "download", "filename": self.filename, "mime": self.mime},
                  buffers=[data])
        self.n_downloads += 1
        return data
