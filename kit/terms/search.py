"""Keyword search over a Parquet dataset for a dashboard: counts from the keyword index, text
only for the turns a page shows.

:class:`DatasetSearch` keeps the small tables in memory (documents, speakers, and the turns
without their text: about 60 bytes a turn) and answers what the explorer asks on a keyword
change from :class:`kit.terms.postings.KeywordIndex`:

- hits per turn of a query (:meth:`DatasetSearch.turn_hits`): summed postings for a
  case-insensitive word or pattern (exact: a token's term is what the in-memory index
  matches too); for a phrase or a case-sensitive query, the candidate turns are loaded and
  searched in memory;
- counts by speaker or period (:meth:`DatasetSearch.term_usage`), the most used words
  (:meth:`DatasetSearch.top_terms`) and where the hits fall (:meth:`DatasetSearch.dispersion`);
- the tables of a few turns (:meth:`DatasetSearch.subcorpus`), on which a page of hits in
  context is made by :class:`kit.terms.index.TermIndex`, as in memory.

Every result equals the in-memory index's on the same corpus (``tests/terms/test_search.py``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from kit import schema as s
from kit.corpus import Corpus
from kit.errors import KitError
from kit.read.dataset import dataset_info, table_files
from kit.terms.categories import as_dictionary, category_masks
from kit.terms.count import UsageGroups
from kit.terms.dataset_dispersion import token_rows, word_dispersion
from kit.terms.hit_rows import DISPERSION_COLUMNS, N_TOKENS, RELATIVE_POSITION, TURN_INDEX
from kit.terms.index import TermIndex
from kit.terms.postings import KeywordIndex, turn_filter
from kit.terms.query import Vocabulary, query_terms, vocabulary_masks

__all__ = ["DatasetSearch"]

#: Turn columns left on disk: the text is most of a dataset's size.
_TEXT_COLUMNS = (s.TEXT, s.STAGE_DIRECTIONS)


class DatasetSearch:
    """A dataset with tokens opened for a dashboard's keyword queries (text stays on disk).

    Parameters
    ----------
    folder
        A dataset written by ``turnkit read --tokens`` (or ``write_dataset(tokens=True)``);
        its keyword index is built beside it on first use.
    memory_limit
        DuckDB's memory limit while the index is built and queried.

    Attributes
    ----------
    corpus
        The documents, the speakers and the turns without ``text`` (one row per turn, in
        corpus order) as a :class:`kit.Corpus` with no phrases; its ``tokens`` has no rows,
        only the columns' types (the tokens stay on disk).
    keywords
        The :class:`~kit.terms.postings.KeywordIndex`.
    """

    def __init__(self, folder: str | os.PathLike[str], *, memory_limit: str = "1GB") -> None:
        self.folder = Path(folder)
        if not dataset_info(folder)["tokens"]:
            raise KitError(
                f"{folder}: the dataset has no tokens table, which keyword search reads. Fix: "
                "write it again with `turnkit read SOURCE --out DIR --tokens`."
            )
        self.keywords = KeywordIndex(folder, memory_limit=memory_limit)
        speakers = self.keywords.speakers
        self.speaker_dtype = cast(pd.CategoricalDtype, self.keywords.speaker_dtype)
        documents = _read_table(self.folder, "documents")
        turns = _read_table(self.folder, "turns", skip=_TEXT_COLUMNS)
        turns[s.SPEAKER] = turns[s.SPEAKER].astype(object).astype(self.speaker_dtype)
        ids = documents[s.DOC_ID].astype(object).tolist()
        self.doc_dtype = pd.CategoricalDtype(ids)
        self.corpus = Corpus(
            documents,
            turns,
            pd.DataFrame({s.DOC_ID: pd.Categorical([], dtype=self.doc_dtype)}),
            speakers=speakers,
        )
        self.corpus.__dict__["tokens"] = pd.DataFrame(
            {  # types only: tokens stay on disk
                s.DOC_ID: pd.Categorical([], dtype=self.doc_dtype),
                s.SPEAKER: pd.Categorical([], dtype=self.speaker_dtype),
            }
        )
        meta = self.keywords.turns
        #: Per turn (row of corpus.turns): its document, speaker (codes), tokens, and its order
        #: within its document.
        self.turn_doc = pd.Categorical(
            meta[s.DOC_ID].astype(object), dtype=self.doc_dtype
        ).codes.astype(np.int64)
        self.turn_speaker = meta[s.SPEAKER].cat.codes.to_numpy().astype(np.int64)
        self.turn_tokens = (meta["tokens_end"] - meta["tokens_start"]).to_numpy(np.int64)
        self.turn_index = pd.Series(self.turn_doc).groupby(self.turn_doc).cumcount().to_numpy()
        self.n_speakers = len(self.speaker_dtype.categories)
        self.words = np.zeros((len(ids), self.n_speakers), dtype=np.int64)
        np.add.at(self.words, (self.turn_doc, self.turn_speaker), self.turn_tokens)
        self._terms: dict[tuple, list[list[str]]] = {}
        self._top: dict[tuple, list[str]] = {}
        self._vocabulary: Vocabulary | None = None
        self._hits: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
        self._postings: dict[tuple[str, ...], tuple[np.ndarray, np.ndarray]] = {}

    def __repr__(self) -> str:
        return f"<DatasetSearch {self.folder}>"

    @property
    def speakers(self) -> pd.Index:
        """The speakers, in category order (as :attr:`TermIndex.speakers`)."""
        return self.speaker_dtype.categories

    # -- filters ------------------------------------------------------------------------------
    def speaker_mask(self, speakers: Iterable[str] | str | None) -> np.ndarray:
        """Per speaker (category order), whether it is kept (all when None)."""
        if speakers is None:
            return np.ones(self.n_speakers, dtype=bool)
        speakers = [speakers] if isinstance(speakers, str) else list(speakers)
        at = self.speaker_dtype.categories.get_indexer(pd.Index(speakers))
        if (at < 0).any():
            raise KitError(f"No speaker {speakers[int(np.argmin(at))]!r} in {self.folder}.")
        mask = np.zeros(self.n_speakers, dtype=bool)
        mask[at] = True
        return mask

    def doc_mask(self, doc_ids: Iterable[str] | None) -> np.ndarray:
        """Per document (corpus order), whether it is kept (all when None)."""
        if doc_ids is None:
            return np.ones(len(self.doc_dtype.categories), dtype=bool)
        return np.asarray(self.doc_dtype.categories.isin([str(d) for d in doc_ids]))

    def n_tokens(
        self, *, speakers: Iterable[str] | None = None, doc_ids: Iterable[str] | None = None
    ) -> int:
        """Tokens by ``speakers`` in ``doc_ids`` (default: all)."""
        return int(self.words[self.doc_mask(doc_ids)][:, self.speaker_mask(speakers)].sum())

    # -- hits ---------------------------------------------------------------------------------
    def word_terms(
        self,
        query: str,
        regex: bool,
        whole_word: bool,
        fold_possessives: bool,
        lemma: bool,
        language: str,
    ) -> list[list[str]]:
        """Per word of ``query``, the terms of the dataset's vocabulary it matches in any case
        (as :func:`kit.terms.query.vocabulary_masks` matches them in memory; options as for
        :func:`kit.kwic`). Kept for the last 32 queries."""
        key = (query, regex, whole_word, fold_possessives, lemma, language)
        if key not in self._terms:
            vocabulary = self.keywords.vocabulary()
            if self._vocabulary is None:  # its forms worked out once, as in memory
                self._vocabulary = Vocabulary(vocabulary)
            masks = vocabulary_masks(
                query,
                self._vocabulary,
                regex=regex,
                whole_word=whole_word,
                case=False,
                fold_possessives=fold_possessives,
                lemma=lemma,
                language=language,
            )
            if len(self._terms) >= 32:
                self._terms.pop(next(iter(self._terms)))
            self._terms[key] = [list(vocabulary[m]) for m in masks]
        return self._terms[key]

    def turn_hits(
        self,
        query: str,
        *,
        speakers: Iterable[str] | str | None = None,
        doc_ids: Iterable[str] | None = None,
        regex: bool = False,
        whole_word: bool = True,
        case: bool = False,
        fold_possessives: bool = True,
        lemma: bool = False,
        language: str = "en",
    ) -> tuple[np.ndarray, np.ndarray]:
        """Hits of ``query`` per turn: ``(rows, n)``, rows of ``corpus.turns`` with hits
        (sorted) and their numbers of hits. Options as for :func:`kit.kwic`.

        A keyword change asks for the same query's hits, then its use by speaker and over
        time: the answers for a few recent queries are kept.
        """
        key = (
            query,
            None
            if speakers is None
            else tuple([speakers] if isinstance(speakers, str) else speakers),
            None if doc_ids is None else tuple(doc_ids),
            regex,
            whole_word,
            case,
            fold_possessives,
            lemma,
            language,
        )
        if key not in self._hits:
            if len(self._hits) >= 8:
                self._hits.pop(next(iter(self._hits)))
            self._hits[key] = self._turn_hits(
                query, speakers, doc_ids, regex, whole_word, case, fold_possessives, lemma, language
            )
        return self._hits[key]

    def term_turns(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Uses of any of ``terms`` per turn, unfiltered (:meth:`KeywordIndex.turn_counts`).

        Kept for a few recent term lists: a page's CSV counts the same terms for each speaker
        in turn, which would otherwise read the same postings once per speaker.
        """
        key = tuple(sorted(set(terms)))
        if key not in self._postings:
            if len(self._postings) >= 8:
                self._postings.pop(next(iter(self._postings)))
            self._postings[key] = self.keywords.turn_counts(list(key))
        return self._postings[key]

    def _turn_hits(
        self,
        query: str,
        speakers: Iterable[str] | str | None,
        doc_ids: Iterable[str] | None,
        regex: bool,
        whole_word: bool,
        case: bool,
        fold_possessives: bool,
        lemma: bool,
        language: str,
    ) -> tuple[np.ndarray, np.ndarray]:
        words = self.word_terms(query, regex, whole_word, fold_possessives, lemma, language)
        rows, n = self.term_turns(words[0])
        keep = (
            self.speaker_mask(speakers)[self.turn_speaker[rows]]
            & self.doc_mask(doc_ids)[self.turn_doc[rows]]
        )
        rows, n = rows[keep], n[keep]
        if len(words) == 1 and not case:
            return rows, n  # a token of a matched term is a hit
        for other in words[1:]:  # a phrase's turns hold each of its words
            rows = rows[np.isin(rows, self.term_turns(other)[0])]
        index = TermIndex(self.subcorpus(rows))
        first, _ = index.hits(
            query,
            regex=regex,
            whole_word=whole_word,
            case=case,
            fold_possessives=fold_possessives,
            lemma=lemma,
            language=language,
        )
        counts = np.bincount(index.turn_row[first], minlength=len(rows))
        return rows[counts > 0], counts[counts > 0].astype(np.int64)

    def subcorpus(self, rows: np.ndarray) -> Corpus:
        """The tables of the turns at ``rows`` of ``corpus.turns`` (their documents only)."""
        found = self.keywords.turns.iloc[np.asarray(rows, dtype=np.int64)][["batch", "turn_row"]]
        if not len(found):
            return _empty_corpus(
                self.keywords.subcorpus(
                    self.keywords.turns.iloc[:1][["batch", "turn_row"]], phrases=False
                )
            )
        return self.keywords.subcorpus(found, phrases=False)

    def turn_rows(self, rows: np.ndarray) -> pd.DataFrame:
        """The turns at ``rows`` of ``corpus.turns`` with every column (``text`` too)."""
        meta = self.keywords.turns.iloc[np.asarray(rows, dtype=np.int64)]
        frames = [
            self.keywords.read_rows(
                "turns", str(batch), part["turn_row"].to_numpy(), part["turn_row"].to_numpy() + 1
            )
            for batch, part in meta.groupby("batch", sort=True)
        ]
        if not frames:
            return self.subcorpus(rows).turns
        turns = pd.concat(frames, ignore_index=True)
        turns[s.SPEAKER] = pd.Categorical(turns[s.SPEAKER].astype(object), dtype=self.speaker_dtype)
        if s.STAGE_DIRECTIONS in turns.columns:
            turns[s.STAGE_DIRECTIONS] = turns[s.STAGE_DIRECTIONS].map(tuple)
        return turns

    # -- counts -------------------------------------------------------------------------------
    def term_usage(
        self,
        terms: str | Sequence[str] | Mapping[str, Sequence[str]],
        *,
        by: str | pd.Series = s.SPEAKER,
        speakers: Iterable[str] | str | None = None,
        doc_ids: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """:meth:`kit.terms.index.TermIndex.term_usage` over the dataset: the same table.

        ``terms``: words or phrases, or a dict of categories (each one "term", a token
        counted once however many of its entries match it). ``by`` is ``"speaker"`` or a
        Series of each document's group (index: document ids).
        """
        groups = UsageGroups(
            self.words,
            by,
            sp_ok=self.speaker_mask(speakers),
            doc_ok=self.doc_mask(doc_ids),
            doc_index=pd.Index(self.doc_dtype.categories).astype(str),
            speaker_dtype=self.speaker_dtype,
            speaker_labels=self.speaker_dtype.categories,
        )
        if isinstance(terms, Mapping):
            dictionary = as_dictionary(terms)
            names = list(dictionary)
        else:
            terms = [terms] if isinstance(terms, str) else list(terms)
            names = list(dict.fromkeys(" ".join(query_terms(t)) for t in terms))
        counts = np.zeros((len(names), groups.n_groups), dtype=np.int64)
        for i, name in enumerate(names):
            if isinstance(terms, Mapping):
                rows, n = self.category_hits(dictionary[name])
            else:
                rows, n = self.turn_hits(name, speakers=speakers, doc_ids=doc_ids)
            counts[i] = groups.count(self.turn_speaker[rows], self.turn_doc[rows], n)
        return groups.table(names, counts)

    def category_hits(self, entries: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Hits of a dictionary category per turn: ``(rows, n)`` as :meth:`turn_hits`, a
        token counted once however many entries match it (as :func:`kit.count_categories`).

        One-word entries are summed postings (a token has one term); with phrase entries the
        turns holding any entry's first word are loaded and counted in memory.
        """
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(self.keywords.vocabulary())
        vocabulary = self._vocabulary
        single, phrases = category_masks(entries, vocabulary)
        rows, n = self.term_turns(list(vocabulary.values[single]))
        if not phrases:
            return rows, n
        firsts = [self.term_turns(list(vocabulary.values[m[0]]))[0] for m in phrases]
        rows = np.unique(np.concatenate([rows, *firsts]))
        index = TermIndex(self.subcorpus(rows))
        counts = np.bincount(index.turn_row[index.category_hits(entries)], minlength=len(rows))
        return rows[counts > 0], counts[counts > 0].astype(np.int64)

    def top_terms(
        self, n: int, *, speakers: Iterable[str] | None = None, doc_ids: Iterable[str] | None = None
    ) -> list[str]:
        """The ``n`` most used words that are not stop words, by ``speakers`` in ``doc_ids``
        (ties in term order), as :meth:`TermIndex.top_terms` with ``drop_stopwords``.

        One pass over the postings (seconds on gigabytes; kept for the same filters).
        """
        key = (
            n,
            None if speakers is None else tuple(speakers),
            None if doc_ids is None else tuple(doc_ids),
        )
        if key not in self._top:
            where, params = turn_filter("NOT p.is_stopword", [], speakers=speakers,
                                        doc_ids=doc_ids)
            # Unfiltered, no join: joining every posting to its turn ran out of DuckDB's 1 GB
            # on a 2 GB dataset (bench_scale.py --dashboards-only).
            join = " JOIN turn_index i USING (batch, turn_row)" if params else ""
            found = self.keywords.con.execute(
                f"SELECT p.term, sum(p.n) AS n FROM postings p{join} WHERE "
                f"{where} GROUP BY p.term ORDER BY n DESC, p.term LIMIT {int(n)}",
                params,
            ).df()
            self._top[key] = [str(t) for t in found["term"]]
        return self._top[key]

    def keyness(
        self,
        *,
        speakers: Iterable[str] | None = None,
        doc_ids: Iterable[str] | None = None,
        **options,
    ) -> pd.DataFrame:
        """:func:`kit.keyness` by speaker of the tokens by ``speakers`` in ``doc_ids``: the
        same table, scored from (speaker, term) counts summed from the postings (options as
        for keyness)."""
        from kit.terms.keyness import keyness

        pairs = self.keywords.pair_counts(
            speakers=None if speakers is None else list(speakers),
            doc_ids=None if doc_ids is None else [str(d) for d in doc_ids],
        )
        # Ordered as counting the tokens orders them: speakers by category, terms by code point.
        pairs[s.SPEAKER] = pd.Categorical(pairs[s.SPEAKER], dtype=self.speaker_dtype)
        pairs[s.TERM] = pd.Categorical(pairs[s.TERM], categories=sorted(pairs[s.TERM].unique()))
        order = np.lexsort((pairs[s.TERM].cat.codes, pairs[s.SPEAKER].cat.codes))
        pairs = pairs.take(order).reset_index(drop=True)
        return keyness(pairs, by=s.SPEAKER, term=s.TERM, count="n", **options)

    def dispersion(
        self,
        queries: Sequence[str],
        *,
        rows: np.ndarray,
        speakers: Iterable[str] | None = None,
        doc_ids: Iterable[str] | None = None,
        **options,
    ) -> pd.DataFrame:
        """Where the hits of ``queries`` in the turns at ``rows`` fall in their documents
        (:func:`kit.dispersion`'s rows for those hits; options as for it)."""
        if not len(rows):
            return pd.DataFrame({c: [] for c in DISPERSION_COLUMNS})
        rows = np.unique(rows)
        n_tokens = np.bincount(
            self.turn_doc, weights=self.turn_tokens, minlength=len(self.doc_dtype.categories)
        ).astype(np.int64)
        if not options.get("case") and all(len(query_terms(q)) == 1 for q in queries):
            return word_dispersion(self, queries, rows, n_tokens, options)
        index = TermIndex(self.subcorpus(rows))
        out = index.dispersion(list(queries), speakers=speakers, doc_ids=doc_ids, **options)
        # Tokens and turn order of the whole document, not of the turns loaded.
        turn = rows[index.turn_row[token_rows(index, out)]]
        out[s.DOC_ID] = pd.Categorical(out[s.DOC_ID].astype(object), dtype=self.doc_dtype)
        out[TURN_INDEX] = self.turn_index[turn]
        out[N_TOKENS] = n_tokens[self.turn_doc[turn]]
        out[RELATIVE_POSITION] = out[s.POSITION] / np.maximum(out[N_TOKENS], 1)
        return out


def _empty_corpus(corpus: Corpus) -> Corpus:
    """``corpus`` with no rows (its columns and types kept)."""
    out = Corpus(
        corpus.documents.iloc[:0],
        corpus.turns.iloc[:0],
        corpus.phrases.iloc[:0],
        speakers=corpus.speakers,
    )
    out.__dict__["tokens"] = corpus.tokens.iloc[:0]
    return out


def _read_table(folder: Path, name: str, *, skip: Sequence[str] = ()) -> pd.DataFrame:
    """A table of every batch, without the columns ``skip``."""
    frames = []
    for path in table_files(folder, name):
        schema = pq.read_schema(path)
        frames.append(
            pq.read_table(path, columns=[c for c in schema.names if c not in skip]).to_pandas()
        )
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    for column in (s.SPEAKER, s.DOC_ID):
        if column in out.columns and isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(object)
    return out
