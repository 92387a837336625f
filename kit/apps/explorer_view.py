"""The explorer's computed view: hits of a keyword under the filters, and the turn of each hit.

:class:`View` is everything one state of :class:`kit.apps.explorer.Explorer` shows; it is
computed without widgets, so tests compare it with the package's own functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kit import schema as s
from kit.apps.link import LinkState
from kit.terms.kwic import TermIndex
from kit.terms.kwic_order import check_sort, sort_columns
from kit.terms.search import DatasetSearch

__all__ = ["DatasetHits", "Hits", "TurnLookup", "View", "top_documents"]


# ---------------------------------------------------------------------------------------------
# The computed view


class Hits:
    """Every hit of a keyword query under the filters, materialised only as far as needed.

    Counting uses the index's hit rows (arrays, milliseconds even with a million hits); the
    KWIC rows with their context strings are built for the first rows a page shows, and for
    all of them only when asked (``all()``, the CSV download).
    """

    def __init__(self, index: TermIndex, queries: Sequence[str], options: dict,
                 doc_ids: Sequence[str] | None, window: int, sort: str | None = None) -> None:
        self.index, self.queries, self.window = index, list(queries), window
        self.options = {**options, "doc_ids": doc_ids}
        self.sort = check_sort(sort)
        spans = [index.hits(q, **self.options) for q in self.queries]
        self._spans = spans
        firsts = [first for first, _ in spans]
        self.n = int(sum(len(f) for f in firsts))
        rows = np.concatenate(firsts) if self.n else np.zeros(0, dtype=np.int64)
        self.n_docs = len(np.unique(index.doc_codes[rows]))
        self.n_speakers = len(np.unique(index.speaker_codes[rows]))
        self._all: pd.DataFrame | None = None

    def head(self, n: int) -> pd.DataFrame:
        """The first ``n`` hits in corpus order (KWIC rows, as :func:`kit.kwic`)."""
        if self._all is not None:
            return self._all.head(n)
        if self.sort:
            return self._sorted_head(n)
        frames = [self.index.kwic(q, limit=max(n, 0), window=self.window, **self.options)
                  for q in self.queries]
        frames = [f for f in frames if len(f)] or frames[:1]
        out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        if len(frames) > 1:
            order = self.index.doc_labels.get_indexer(pd.Index(out[s.DOC_ID].astype(str)))
            out = out.assign(_o=order).sort_values(["_o", s.START_CHAR], kind="stable")
            out = out.drop(columns="_o")
        return out.head(n).reset_index(drop=True)

    def _sorted_head(self, n: int) -> pd.DataFrame:
        """The first ``n`` hits in the order of :attr:`sort` (kit.kwic's ``sort=``): the
        keys of every hit are arrays; context strings are built for the ``n`` shown."""
        index = self.index
        query = np.concatenate([np.full(len(f), i) for i, (f, _) in enumerate(self._spans)]
                               or [np.zeros(0, dtype=np.int64)])
        first = np.concatenate([f for f, _ in self._spans] or [np.zeros(0, dtype=np.int64)])
        last = np.concatenate([b for _, b in self._spans] or [np.zeros(0, dtype=np.int64)])
        keys = pd.DataFrame({"_doc": index.doc_codes[first], "_at": index.start[first]})
        columns = sort_columns(self.sort)
        for key in columns:
            if key.startswith(("left", "right")):
                keys[key] = index.context_terms(first, last, key)
            elif key == s.SPEAKER:  # by name, as kit.kwic sorts them
                names = np.asarray(index.speakers.astype(str), dtype=object)
                keys[key] = names[index.speaker_codes[first]]
            elif key == s.DOC_ID:  # in category order, as kit.kwic sorts them
                keys[key] = index.doc_codes[first]
            else:  # date: each document's, from the corpus
                docs = index.corpus.documents
                dates = pd.Series(pd.to_datetime(docs[s.DATE]).to_numpy(),
                                  index=docs[s.DOC_ID].astype(str))
                keys[key] = dates.reindex(index.doc_id_index).to_numpy()[index.doc_codes[first]]
        keys = keys.sort_values(["_doc", "_at"], kind="stable")
        keys = keys.sort_values(columns, kind="stable", na_position="last")
        rows = keys.index.to_numpy()[:max(n, 0)]
        frames = [index.kwic_rows(self.queries[i], first[rows[query[rows] == i]],
                                  last[rows[query[rows] == i]], self.window)
                  .assign(_r=np.flatnonzero(query[rows] == i)) for i in range(len(self.queries))]
        out = pd.concat(frames, ignore_index=True).sort_values("_r", kind="stable")
        return out.drop(columns="_r").reset_index(drop=True)

    def all(self) -> pd.DataFrame:
        """Every hit (built once, then kept)."""
        if self._all is None:
            self._all = self.head(self.n)
        return self._all


class DatasetHits:
    """:class:`Hits` of a dataset: counted from the keyword index, each page's rows made by
    :class:`Hits` on the turns the page needs (the first turns with hits), read from disk.

    A sorted order reads every turn with hits first (their words around each hit are the
    keys); so does :meth:`all` (the CSV download).
    """

    def __init__(self, search: DatasetSearch, queries: Sequence[str], options: dict,
                 doc_ids: Sequence[str] | None, window: int, sort: str | None = None) -> None:
        self.search, self.queries, self.window, self.sort = search, list(queries), window, sort
        self.options, self.doc_ids = options, doc_ids
        found = [search.turn_hits(q, doc_ids=doc_ids, **options) for q in self.queries]
        rows = np.concatenate([r for r, _ in found])
        n = np.concatenate([k for _, k in found])
        order = np.argsort(rows, kind="stable")
        rows, n = rows[order], n[order]
        #: Turns with hits (rows of the search's turns, sorted) and their hits.
        self.rows, start = np.unique(rows, return_index=True)
        self.counts = np.add.reduceat(n, start) if len(n) else n
        self.n = int(self.counts.sum())
        self.n_docs = len(np.unique(search.turn_doc[self.rows]))
        self.n_speakers = len(np.unique(search.turn_speaker[self.rows]))
        self._loaded: tuple[int, Hits] | None = None
        self._all: pd.DataFrame | None = None

    @property
    def documents(self) -> pd.Series:
        """Hits per document with hits (index: ``doc_id``, in corpus order)."""
        docs = self.search.turn_doc[self.rows]
        per_doc = np.bincount(docs, weights=self.counts,
                              minlength=len(self.search.doc_dtype.categories))
        at = np.flatnonzero(per_doc > 0)
        return pd.Series(per_doc[at].astype(np.int64),
                         index=self.search.doc_dtype.categories[at], name="n")

    @property
    def speaker_names(self) -> list[str]:
        """The speakers with hits."""
        codes = np.unique(self.search.turn_speaker[self.rows])
        return [str(x) for x in self.search.speaker_dtype.categories[codes]]

    def rows_in(self, doc_ids: Sequence[str]) -> np.ndarray:
        """The turns with hits in ``doc_ids``."""
        keep = self.search.doc_mask(doc_ids)[self.search.turn_doc[self.rows]]
        return self.rows[keep]

    def _hits(self, n: int) -> Hits:
        """:class:`Hits` on the turns holding the first ``n`` hits (every turn if sorted)."""
        k = len(self.rows) if self.sort else \
            int(np.searchsorted(np.cumsum(self.counts), max(n, 1))) + 1
        k = min(k, len(self.rows))
        if self._loaded is None or self._loaded[0] < k:
            index = TermIndex(self.search.subcorpus(self.rows[:k]))
            self._loaded = (k, Hits(index, self.queries, self.options, self.doc_ids,
                                    self.window, sort=self.sort))
        return self._loaded[1]

    def head(self, n: int) -> pd.DataFrame:
        """The first ``n`` hits (KWIC rows, as :func:`kit.kwic`)."""
        if self._all is not None:
            return self._all.head(n)
        out = self._hits(n).head(n)
        out[s.DOC_ID] = pd.Categorical(out[s.DOC_ID].astype(object),
                                       dtype=self.search.doc_dtype)
        return out

    def all(self) -> pd.DataFrame:
        """Every hit (read once, then kept)."""
        if self._all is None:
            self._all = self.head(self.n)
        return self._all

    def turn_spans(self, rows: pd.DataFrame) -> list[tuple[str, int, int, int | None] | None]:
        """:meth:`TurnLookup.spans` of rows of :meth:`head` (their turns are loaded)."""
        return TurnLookup(self._hits(0).index).spans(rows)


def top_documents(per_doc: pd.Series, documents: pd.DataFrame,
                  n: int) -> tuple[list[str], int]:
    """The ``n`` documents with most hits, ties in date order, as the dispersion chart picks
    them (:func:`kit.plots.dispersion_spec`'s ``max_documents``), and how many have hits."""
    ordered = _date_ordered(documents)
    counts = per_doc.reindex(ordered).fillna(0).to_numpy()
    with_hits = counts > 0
    ordered, counts = ordered[with_hits], counts[with_hits]
    top = np.argsort(-counts, kind="stable")[:n]  # stable: ties stay in date order
    return [str(d) for d in ordered[top]], int(with_hits.sum())


def _date_ordered(documents: pd.DataFrame) -> pd.Index:
    """Document ids in :func:`kit.plots.colors.date_order` (kept for the table given)."""
    from kit.plots.colors import date_order

    key = id(documents)
    if _DATE_ORDER.get("key") != key:
        docs = documents.assign(**{s.DOC_ID: documents[s.DOC_ID].astype(object)})
        _DATE_ORDER.update(key=key, order=pd.Index(date_order(docs, s.DOC_ID)),
                           documents=documents)
    return _DATE_ORDER["order"]


# The documents table last ordered (held, so its id is not reused) and its order.
_DATE_ORDER: dict = {}


@dataclass
class View:
    """Everything shown for one state: rows of the table and data of the charts."""

    state: LinkState
    terms: list[str]
    charted_terms: list[str]
    speakers: list[str] | None
    doc_ids: list[str] | None
    keyword_hits: Hits | DatasetHits | None
    turns: pd.DataFrame
    usage_by_speaker: pd.DataFrame
    usage_over_time: pd.DataFrame
    time_column: str
    dispersion: pd.DataFrame
    dispersion_docs: pd.DataFrame
    timings_ms: dict[str, float] = field(default_factory=dict)
    #: Documents with hits, when ``dispersion`` holds only those drawn (a dataset's view).
    n_dispersion_documents: int = 0

    @property
    def hits(self) -> pd.DataFrame | None:
        """Every KWIC row of the keyword under the filters (None without a keyword)."""
        return None if self.keyword_hits is None else self.keyword_hits.all()

    @property
    def rows(self) -> pd.DataFrame:
        """The table's rows (every page): hits when there is a keyword, else turns."""
        return self.keyword_hits.all() if self.keyword_hits is not None else self.turns

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
            hits = self.keyword_hits.all()
            cols = [c for c in ("query", s.SPEAKER, s.DATE, s.DOC_ID, s.TURN_ID, "left", "hit",
                                "right", s.START_CHAR, s.END_CHAR) if c in hits.columns]
            out = hits[cols].copy()
        else:
            cols = [c for c in (s.SPEAKER, s.DATE, s.DOC_ID, s.TURN_ID, s.N_WORDS, s.TEXT)
                    if c in self.turns.columns]
            out = self.turns[cols].copy()
        if titles is not None:
            out.insert(list(out.columns).index(s.DOC_ID) + 1, s.TITLE,
                       out[s.DOC_ID].astype(object).map(titles).to_numpy())
        for col in (s.SPEAKER, s.DOC_ID):
            if col in out.columns:
                out[col] = out[col].astype(object)
        if s.DATE in out.columns:
            out[s.DATE] = pd.to_datetime(out[s.DATE]).dt.strftime("%Y-%m-%d")
        return out.reset_index(drop=True)


class TurnLookup:
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
        out: list[tuple[str, int, int, int | None] | None] = []
        for position, a, b in zip(self._index.get_indexer(keys), rows[s.START_CHAR],
                                  rows[s.END_CHAR], strict=True):
            if position < 0:
                out.append(None)
                continue
            base = int(self._base[position])
            n_words = int(self._n_words[position]) if self._n_words is not None else None
            out.append((str(self._text.iloc[position]), int(a) - base, int(b) - base, n_words))
        return out
