"""Searchable multi-select pickers: speakers, documents and parties.

Each picker is an ipywidgets box with one ``value`` trait (a tuple of keys; empty means all);
the functions that turn tables into ``(label, key)`` options are pure and tested without a
browser.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import ipywidgets as w
import pandas as pd
import traitlets

from kit import schema as s

__all__ = [
    "DocumentPicker",
    "PartyFilter",
    "SpeakerFilter",
    "document_options",
    "party_options",
    "speaker_options",
    "speakers_of_parties",
]


class _SearchableSelect(w.VBox):
    """A multi-select with a search box and all/none buttons; empty selection means all
    (unless ``empty_means_all`` is False: the app then shows nothing).

    The list shows only the options that match the search (and that :meth:`limit_to`
    allows); choices hidden by the search stay chosen, so picking a result never drops an
    earlier choice.
    """

    value = traitlets.Tuple(help="Selected keys, in option order; empty means all.")

    def __init__(self, options: Sequence[tuple[str, object]], *, description: str,
                 placeholder: str, rows: int = 8, css_class: str,
                 empty_means_all: bool = True) -> None:
        self._all_options = list(options)
        #: What an empty selection means to the app: every option, or none.
        self.empty_means_all = empty_means_all
        self._label_of = {key: label for label, key in self._all_options}
        self._allowed: set | None = None
        self._searching = False
        self.search = w.Text(placeholder=placeholder, continuous_update=True,
                             layout=w.Layout(width="auto"))
        self.select = w.SelectMultiple(options=self._all_options, rows=rows,
                                       layout=w.Layout(width="auto"))
        self.all_button = w.Button(description="All", tooltip="Select every option shown",
                                   layout=w.Layout(width="auto"))
        self.none_button = w.Button(description="None", tooltip="Clear the selection"
                                    + (" (= all)" if empty_means_all else ""),
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
        picked = f"{n:,} selected" if n else ("all" if self.empty_means_all else "none selected")
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

    ``value`` is a tuple of speaker names; empty means every speaker (or, with
    ``empty_means_all=False``, none: the status line then says "none selected").
    """

    def __init__(self, turns: pd.DataFrame, *, rows: int = 8,
                 empty_means_all: bool = True) -> None:
        super().__init__(speaker_options(turns), description="Speakers",
                         placeholder="Search speakers…", rows=rows, css_class="kit-speakers",
                         empty_means_all=empty_means_all)


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
