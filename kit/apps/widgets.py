"""Filter widgets for transcripts: keywords, a term list, a download button, and a row filter.

Each filter is an ipywidgets box with one plain-Python ``value`` trait that callers observe
(``flt.observe(handler, names="value")``); the logic that turns text into terms, and filter
values into rows, is in small pure functions tested without a browser. The speaker, document
and party pickers are in :mod:`kit.apps.pickers` and the date range in :mod:`kit.apps.dates`;
their names are also importable from here. The apps (:mod:`kit.apps`) assemble these; they
hold no counting logic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import anywidget
import ipywidgets as w
import numpy as np
import pandas as pd
import traitlets

from kit import schema as s
from kit.apps.dates import DateRange, as_date, date_mask, documents_in
from kit.apps.pickers import (
    DocumentPicker,
    PartyFilter,
    SpeakerFilter,
    document_options,
    party_options,
    speaker_options,
    speakers_of_parties,
)
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
# Row filter


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
