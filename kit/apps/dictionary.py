"""Dictionary categories to chart beside terms: the bundled sentiment lexicon or a file.

:class:`CategoryPicker` offers the bundled lexicon (:func:`kit.sentiment_lexicon`) and any
dictionary file the user uploads (``.yaml``, ``.csv`` or LIWC-style ``.dic``, read by
:func:`kit.read_dictionary`); its ``value`` is the chosen categories' chart labels
(``"sentiment: positive"``), and :meth:`CategoryPicker.chosen` gives their words, ready for
``TermIndex.term_usage``.
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import ipywidgets as w
import traitlets

from kit.apps.upload import FilePicker
from kit.errors import KitError
from kit.terms.categories import read_dictionary, sentiment_lexicon

__all__ = ["BUNDLED", "CategoryPicker", "category_label"]

#: Dictionaries offered without an upload: link name -> (menu label, loader).
BUNDLED: dict[str, tuple[str, Callable[[], dict[str, list[str]]]]] = {
    "sentiment": ("sentiment lexicon (bundled)", sentiment_lexicon),
}
NONE = ""
#: The largest dictionary file read (LIWC-style dictionaries are a few hundred KB).
MAX_DICTIONARY_BYTES = 5 * 1024 * 1024


def category_label(dictionary: str, category: str) -> str:
    """How a category is named in charts, tables and the CSV: ``"sentiment: positive"``.

    The colon keeps it apart from any typed term (a query's words never hold ``": "``).
    """
    return f"{dictionary}: {category}"


class CategoryPicker(w.HBox):
    """Pick a dictionary and some of its categories.

    ``value`` is a tuple of chart labels (:func:`category_label`), changed once per pick;
    choosing a dictionary selects all its categories, which the list then narrows.
    """

    value = traitlets.Tuple()

    def __init__(self) -> None:
        self._dictionaries: dict[str, dict[str, list[str]]] = {}
        self._busy = False
        self.source = w.Dropdown(
            options=[("no dictionary", NONE)] + [(label, key) for key, (label, _) in
                                                 BUNDLED.items()],
            value=NONE, description="Dictionary", layout=w.Layout(width="auto"),
        ).add_class("kit-dict-source")
        self.select = w.SelectMultiple(options=[], rows=3, description="Categories",
                                       layout=w.Layout(width="auto")
                                       ).add_class("kit-dict-categories")
        # The kit's picker, not ipywidgets' FileUpload: a size limit checked in the page
        # before anything is sent, and no "(0)" counter on the button.
        self.upload = FilePicker(self._on_files, description="Upload dictionary",
                                 accept=".yaml,.yml,.csv,.dic", multiple=False, max_files=1,
                                 max_bytes=MAX_DICTIONARY_BYTES,
                                 max_total=MAX_DICTIONARY_BYTES,
                                 too_big="A dictionary is a list of words: check that this "
                                         "is the right file.").add_class("kit-dict-upload")
        self.note = w.HTML().add_class("kit-dict-note")
        super().__init__([self.source, self.select, self.upload, self.note],
                         layout=w.Layout(flex_flow="row wrap", align_items="flex-start"))
        self.add_class("kit-dictionary")
        self.select.layout.display = "none"  # until a dictionary is chosen
        self.source.observe(self._source_changed, names="value")
        self.select.observe(self._select_changed, names="value")

    @property
    def dictionary(self) -> str:
        """The chosen dictionary's name (``""`` for none)."""
        return str(self.source.value)

    @property
    def categories(self) -> tuple[str, ...]:
        """The chosen categories' names, in dictionary order."""
        return tuple(self.select.value)

    def words(self, name: str) -> dict[str, list[str]]:
        """The dictionary ``name`` (bundled or uploaded): category -> entries."""
        if name not in self._dictionaries:
            if name not in BUNDLED:
                raise KitError(f"No dictionary named {name!r}: choose "
                               f"{', '.join(map(repr, BUNDLED))} or upload the file again.")
            self._dictionaries[name] = BUNDLED[name][1]()
        return self._dictionaries[name]

    def chosen(self) -> dict[str, list[str]]:
        """The chosen categories: chart label -> entries (for ``TermIndex.term_usage``)."""
        if not self.dictionary or not self.categories:
            return {}
        words = self.words(self.dictionary)
        return {category_label(self.dictionary, c): words[c] for c in self.categories}

    def set_value(self, dictionary: str, categories: Iterable[str] = ()) -> list[str]:
        """Choose ``dictionary`` and ``categories`` (all of them if none are named), with one
        ``value`` change; return the problems found (an unknown dictionary or category)."""
        categories = list(categories)
        if dictionary and dictionary not in BUNDLED and dictionary not in self._dictionaries:
            self._set(NONE, [])
            return [f"the dictionary {dictionary!r}, which is not here (upload it again)"]
        known = list(self.words(dictionary)) if dictionary else []
        missing = [c for c in categories if c not in known]
        self._set(dictionary, [c for c in categories if c in known] or known)
        return [f"no category {c!r} in the dictionary {dictionary!r}" for c in missing]

    def add(self, name: str, dictionary: dict[str, list[str]]) -> None:
        """Offer ``dictionary`` under ``name`` and choose all its categories."""
        self._dictionaries[name] = dictionary
        if name not in [key for _, key in self.source.options]:
            self.source.options = [*self.source.options, (f"{name} (uploaded)", name)]
        self._set(name, list(dictionary))

    def _set(self, dictionary: str, categories: list[str]) -> None:
        self._busy = True
        try:
            self.source.value = dictionary
            options = list(self.words(dictionary)) if dictionary else []
            # One message: ipywidgets sends new option labels before it resets the index,
            # and the page then selects an option that is gone (a console error).
            with self.select.hold_sync():
                self.select.options = options
                self.select.value = tuple(c for c in categories if c in options)
            self.select.layout.display = None if options else "none"
        finally:
            self._busy = False
        self._publish()

    def _publish(self) -> None:
        self.value = tuple(self.chosen())

    def _source_changed(self, change: dict) -> None:
        if not self._busy:
            self.note.value = ""
            self._set(str(change["new"]), list(self.words(change["new"])) if change["new"]
                      else [])

    def _select_changed(self, change: dict) -> None:
        if not self._busy:
            self._publish()

    def _on_files(self, files: list[tuple[str, bytes]], refused: list[tuple[str, str]]) -> None:
        """Read the uploaded dictionary (the one file ``upload`` sends), or say why not."""
        if refused or not files:
            self.note.value = "".join(
                f"<span class='kit-dict-error'>{html.escape(f'{name}: {why}')}</span>"
                for name, why in refused)
            return
        name, content = files[-1]
        name = Path(name).name
        try:
            # read_dictionary reads files by suffix and names file and line in its errors.
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / name
                path.write_bytes(content)
                dictionary = read_dictionary(path)
            if not dictionary or not any(dictionary.values()):
                raise KitError(f"{name}: the dictionary has no categories with words.")
        except KitError as exc:
            text = str(exc).replace(str(path), name)  # the file's name, not our copy's
            self.note.value = f"<span class='kit-dict-error'>{html.escape(text)}</span>"
            return
        self.note.value = ""
        self.add(Path(name).stem, {k: v for k, v in dictionary.items() if v})
