"""A term index for fast repeated keyword queries: hits, KWIC rows, dispersion, usage.

Input: a corpus and its tokens table (one row per token), indexed once; a query gives its
hits as token rows, and :mod:`kit.terms.hit_rows` makes them tables of one row per hit.
Hits are found on the tokens table, by the same tokens and terms the counts use, so the number
of KWIC hits of a query always equals what :func:`kit.term_usage` reports for it (both match
through :mod:`kit.terms.query`), and stage directions are never hits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.read.words import plain
from kit.terms import hit_rows
from kit.terms.code_counts import cell_counts
from kit.terms.grouping import codes_of, stopword_mask, turn_rows
from kit.terms.hit_rows import DISPERSION_COLUMNS as DISPERSION_COLUMNS
from kit.terms.hit_rows import HIT as HIT
from kit.terms.hit_rows import KWIC_COLUMNS as KWIC_COLUMNS
from kit.terms.hit_rows import LEFT as LEFT
from kit.terms.hit_rows import N_TOKENS as N_TOKENS
from kit.terms.hit_rows import QUERY as QUERY
from kit.terms.hit_rows import RELATIVE_POSITION as RELATIVE_POSITION
from kit.terms.hit_rows import RIGHT as RIGHT
from kit.terms.hit_rows import TURN_INDEX as TURN_INDEX
from kit.terms.kwic_order import SORT_KEYS, check_sort, sort_columns
from kit.terms.query import (
    Vocabulary,
    match_rows,
    phrase_key_of,
    vocabulary_masks,
)

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["TermIndex", "KWIC_COLUMNS", "DISPERSION_COLUMNS", "SORT_KEYS", "check_sort",
           "sort_columns"]

TEXT_START_CHAR = s.TEXT_START_CHAR


class TermIndex:
    """An index of a corpus's tokens for repeated keyword queries (build once, query often).

    Building sorts the token rows by term once (postings lists); a query then touches only the
    rows of the matched terms, so a speaker subset + term query with per-document counts and a
    page of KWIC rows takes milliseconds on a 100 MB corpus.

    Parameters
    ----------
    corpus
        A :class:`kit.Corpus`; its ``tokens`` are built if they were not yet.
    postings
        Build the postings lists now (the default). ``False`` makes the index cheap to create
        for a single query (each query then scans the term codes once).
    """

    def __init__(self, corpus: Corpus, *, postings: bool = True) -> None:
        from kit.corpus import Corpus

        if not isinstance(corpus, Corpus):
            raise KitError(
                f"TermIndex needs a kit Corpus (for turn text and dates); got "
                f"{type(corpus).__name__}. Read one with kit.read_transcripts(...)."
            )
        self.corpus = corpus
        tokens = corpus.tokens
        self.tokens = tokens
        # Views of the table's categorical codes (int16 for up to 32k terms), not copies.
        self.term_codes, self.terms = codes_of(tokens[s.TERM], sort=True)
        self.token_codes, self.token_values = codes_of(tokens[s.TOKEN], sort=True)
        self.doc_codes, self.doc_labels = codes_of(tokens[s.DOC_ID], sort=True)
        if s.SPEAKER in tokens.columns:
            self.speaker_codes, self.speakers = codes_of(tokens[s.SPEAKER], sort=True)
        else:
            self.speaker_codes = np.zeros(len(tokens), dtype=np.int8)
            self.speakers = pd.Index([s.UNKNOWN_SPEAKER])
        self.position = tokens[s.POSITION].to_numpy()
        self.start = tokens[s.START_CHAR].to_numpy()
        self.end = tokens[s.END_CHAR].to_numpy()
        turns = corpus.turns
        # Where the speech starts in the document: text_start_char (after the label) where the
        # reader knows it, else start_char, else 0 (offsets may be NaN in hand-made tables).
        base = turns[s.START_CHAR] if s.START_CHAR in turns.columns else \
            pd.Series(0, index=turns.index)
        if TEXT_START_CHAR in turns.columns:
            base = turns[TEXT_START_CHAR].fillna(base)
        #: Per turn (row of ``corpus.turns``), where its speech starts in the document.
        self.turn_base = base.fillna(0).to_numpy().astype(np.int64)
        #: Per turn, its text and date (None without dates).
        self.turn_text = turns[s.TEXT]
        self.turn_dates = turns[s.DATE] if s.DATE in turns.columns else None
        self._turn_id = tokens[s.TURN_ID].to_numpy()
        #: Per token, its ``phrase_id``.
        self.phrase_ids = tokens[s.PHRASE_ID].to_numpy()
        self._term_index = pd.Index(self.terms)  # hashed once, reused by every query
        self._term_vocabulary = Vocabulary(self._term_index)  # its forms made once
        self._tokens_plain: Vocabulary | None = None
        self._masks: dict[tuple, list[np.ndarray]] = {}
        self._token_term: np.ndarray | None = None
        self.order: np.ndarray | None = None
        self.bounds: np.ndarray | None = None
        if postings:
            # Stable sort of term codes; uint16 codes take numpy's radix sort (~4x faster).
            keys = self.term_codes.astype(np.uint16) if len(self.terms) <= 1 << 16 \
                else self.term_codes
            self.order = np.argsort(keys, kind="stable").astype(np.int32)
            del keys
            counts = np.bincount(self.term_codes, minlength=len(self.terms))
            self.bounds = np.concatenate([[0], np.cumsum(counts)])
            # Everything a query needs, now rather than on the first query.
            _ = self.phrase_key, self.turn_row, self.words

    @cached_property
    def phrase_key(self) -> np.ndarray:
        """Per token, an integer equal within a phrase (multi-word matches stay in one)."""
        return phrase_key_of(self.tokens)

    @cached_property
    def turn_row(self) -> np.ndarray:
        """Per token, its row in ``corpus.turns`` (-1 if none)."""
        return turn_rows(self.tokens, self.corpus.turns).astype(np.int32)

    @cached_property
    def words(self) -> np.ndarray:
        """Tokens per document (rows) and speaker (columns), for rates of a speaker subset."""
        return cell_counts(self.doc_codes, len(self.doc_labels), self.speaker_codes,
                           len(self.speakers))

    @cached_property
    def content_words(self) -> np.ndarray:
        """Tokens that are not stop words per document (rows) and speaker (columns).

        Laid out as :attr:`words`, so the masks of one filter select from both alike.
        """
        return cell_counts(self.doc_codes, len(self.doc_labels), self.speaker_codes,
                           len(self.speakers), skip=self._stopwords)

    @cached_property
    def _stopwords(self) -> np.ndarray | None:
        """Per token, whether it is a stop word (None without an ``is_stopword`` column)."""
        return stopword_mask(self.tokens) if s.IS_STOPWORD in self.tokens.columns else None

    @property
    def stopwords(self) -> np.ndarray | None:
        """Per token, whether it is a stop word (None without an ``is_stopword`` column)."""
        return self._stopwords

    @property
    def vocabulary(self) -> Vocabulary:
        """The terms, with their folded and lemma forms made once (:class:`Vocabulary`)."""
        return self._term_vocabulary

    @property
    def turn_ids(self) -> np.ndarray:
        """Per token, its ``turn_id`` (a turn is one ``(doc_id, turn_id)``)."""
        return self._turn_id

    @cached_property
    def turn_order(self) -> np.ndarray:
        """Per turn row, the turn's order within its document, 0-based."""
        turns = self.corpus.turns
        if not len(turns):
            return np.zeros(0, dtype=np.int64)
        turn_doc = pd.factorize(turns[s.DOC_ID])[0]
        return pd.Series(turn_doc).groupby(turn_doc).cumcount().to_numpy()

    @cached_property
    def doc_tokens(self) -> np.ndarray:
        """Tokens per document (in ``doc_labels`` order)."""
        return np.bincount(self.doc_codes, minlength=len(self.doc_labels))

    def turn_rows_of(self, rows: np.ndarray) -> np.ndarray:
        """Turn rows of some token rows, without the per-token table if it was not built."""
        if "turn_row" in self.__dict__ or len(rows) > len(self.term_codes) // 50:
            return self.turn_row[rows].astype(np.int64)
        return turn_rows(self.tokens.iloc[rows], self.corpus.turns)

    # -- matching --------------------------------------------------------------------------
    def _vocabulary(self, case: bool) -> Vocabulary:
        """The terms, or with ``case`` the tokens as written with plain apostrophes."""
        if not case:
            return self._term_vocabulary
        if self._tokens_plain is None:
            self._tokens_plain = Vocabulary(pd.Index([plain(str(v)) for v in self.token_values]))
        return self._tokens_plain

    def _rows(self, masks: list[np.ndarray], case: bool) -> np.ndarray:
        """Token rows where a hit starts (sorted), given per-word vocabulary masks."""
        first = masks[0]
        if case:
            # Case-sensitive: candidate terms are the terms of matching tokens.
            if self._token_term is None:
                self._token_term = self._term_index.get_indexer(
                    [plain(str(v)).lower() for v in self.token_values]
                ) if len(self.token_values) else np.zeros(0, dtype=np.int64)
            term_mask = np.zeros(len(self.terms), dtype=bool)
            term_mask[self._token_term[first]] = True
        else:
            term_mask = first
        codes = np.flatnonzero(term_mask)
        rows: np.ndarray
        if self.order is not None and self.bounds is not None:
            parts = [self.order[self.bounds[c]:self.bounds[c + 1]] for c in codes]
            rows = np.sort(np.concatenate(parts)) if len(parts) > 1 else (
                parts[0] if parts else np.zeros(0, dtype=np.int32))
            rows = rows.astype(np.int64)
        elif len(codes) == 1:
            rows = np.flatnonzero(self.term_codes == codes[0])
        else:
            rows = np.flatnonzero(term_mask[self.term_codes]) if len(codes) else \
                np.zeros(0, dtype=np.int64)
        if case:
            rows = rows[first[self.token_codes[rows]]]
        values = self.token_codes if case else self.term_codes
        if len(masks) == 1:
            return rows
        return match_rows(masks, values, self.position, self.phrase_key, candidates=rows)

    @cached_property
    def doc_id_index(self) -> pd.Index:
        """Document ids as strings, in ``doc_labels`` order."""
        return pd.Index(self.doc_labels).astype(str)

    def doc_mask(self, doc_ids: Iterable[str] | None) -> np.ndarray | None:
        """Per document (``doc_labels`` order), whether it is one of ``doc_ids``; None: all."""
        if doc_ids is None:
            return None
        return np.asarray(self.doc_id_index.isin([str(d) for d in doc_ids]))

    def speaker_mask(self, speakers: Iterable[str] | str | None) -> np.ndarray | None:
        """Per speaker (``speakers`` order), whether it is one of ``speakers``; None: all."""
        if speakers is None:
            return None
        if isinstance(speakers, str):
            speakers = [speakers]
        speakers = list(speakers)
        pos = self.speakers.get_indexer(pd.Index(speakers))
        unknown = [sp for sp, p in zip(speakers, pos, strict=True) if p < 0]
        if unknown:
            raise KitError(
                f"No speaker {unknown[0]!r} in this corpus; speakers are "
                f"{list(self.speakers)[:12]}{' ...' if len(self.speakers) > 12 else ''}."
            )
        mask = np.zeros(len(self.speakers), dtype=bool)
        mask[pos] = True
        return mask

    def hits(self, query: str, *, speakers: Iterable[str] | str | None = None,
             doc_ids: Iterable[str] | None = None, regex: bool = False,
             whole_word: bool = True, case: bool = False, fold_possessives: bool = True,
             lemma: bool = False, language: str = "en") -> tuple[np.ndarray, np.ndarray]:
        """Return ``(first_rows, last_rows)``: token rows where each hit starts and ends.

        ``speakers`` and ``doc_ids`` keep only hits by those speakers, in those documents;
        the other options as for :func:`kit.kwic`.
        """
        key = (query, regex, whole_word, case, fold_possessives, lemma, language)
        masks = self._masks.get(key)
        if masks is None:
            # A dashboard asks for the same query's hits, page and usage in turn: one pattern
            # pass over the vocabulary serves all three (a few recent queries are kept).
            masks = vocabulary_masks(query, self._vocabulary(case), regex=regex,
                                     whole_word=whole_word, case=case,
                                     fold_possessives=fold_possessives, lemma=lemma,
                                     language=language)
            if len(self._masks) >= 32:
                self._masks.pop(next(iter(self._masks)))
            self._masks[key] = masks
        rows = self._rows(masks, case)
        mask = self.speaker_mask(speakers)
        if mask is not None:
            rows = rows[mask[self.speaker_codes[rows]]]
        docs = self.doc_mask(doc_ids)
        if docs is not None:
            rows = rows[docs[self.doc_codes[rows]]]
        return rows, rows + (len(masks) - 1)

    def category_hits(self, entries: Iterable[str], *, fold_possessives: bool = True,
                      lemma: bool = False, language: str = "en") -> np.ndarray:
        """Sorted token rows where any entry of a dictionary category matches, each once.

        As :func:`kit.count_categories` counts a category, read from the postings.
        """
        from kit.terms.categories import category_rows

        return category_rows(entries, self._term_vocabulary,
                             lambda masks: self._rows(masks, case=False),
                             fold_possessives=fold_possessives, lemma=lemma,
                             language=language)

    def top_terms(self, n: int, *, keep: np.ndarray | None = None,
                  drop_stopwords: bool = False) -> list[str]:
        """The ``n`` most used terms of the tokens where ``keep`` (all if None).

        The first ``n`` terms of ``count_terms(tokens[keep], by=None,
        drop_stopwords=drop_stopwords)`` by count (ties in term order), counted from the term
        codes. ``drop_stopwords`` leaves out the tokens flagged ``is_stopword``.
        """
        stop = self._stopwords if drop_stopwords else None
        if stop is not None:
            keep = ~stop if keep is None else keep & ~stop
        codes = self.term_codes if keep is None else self.term_codes[keep]
        counts = np.bincount(codes[codes >= 0], minlength=len(self.terms))
        top = np.argsort(-counts, kind="stable")[:n]
        return [str(self.terms[i]) for i in top if counts[i] > 0]

    def term_usage(self, terms: str | Sequence[str] | Mapping[str, Sequence[str]], *,
                   by: str | pd.Series = s.SPEAKER,
                   speakers: Iterable[str] | str | None = None,
                   doc_ids: Iterable[str] | None = None, fold_possessives: bool = True,
                   lemma: bool = False, language: str = "en") -> pd.DataFrame:
        """:func:`kit.terms.count.term_usage` of a subset of the tokens, read from the index.

        The same table as ``term_usage(tokens of speakers in doc_ids, terms, by=...)``, in
        milliseconds: only the rows of the terms are touched, and words per group come from
        :attr:`words`, so no filtered copy of the tokens table is made.

        Parameters
        ----------
        terms
            Words or phrases (whole words, any case, as ``term_usage`` matches them), or a
            dict of categories (``{"positive": ["good", "great*"]}``, e.g.
            :func:`kit.sentiment_lexicon` or :func:`kit.read_dictionary`): each category is
            then one "term", counted as :func:`kit.count_categories` counts it.
        by
            ``"speaker"``, or a Series giving each document's group (index: document ids,
            name: the output column; a Categorical keeps its categories' order), such as
            the period of its date.
        speakers, doc_ids
            Keep only these speakers' tokens, in these documents (default: all).
        fold_possessives, lemma, language
            As for :func:`kit.kwic`.

        Returns
        -------
        DataFrame
            One row per group (with words) per term: the group column, ``term``, ``n``,
            ``n_words``, ``per_1k`` and its interval ``per_1k_low``, ``per_1k_high``.
        """
        from kit.terms.count import index_usage

        return index_usage(self, terms, by=by, speakers=speakers, doc_ids=doc_ids,
                           fold_possessives=fold_possessives, lemma=lemma, language=language)

    # -- results ---------------------------------------------------------------------------
    def kwic(self, query: str | Sequence[str], *,
             speakers: Iterable[str] | str | None = None,
             doc_ids: Iterable[str] | None = None, regex: bool = False,
             whole_word: bool = True, case: bool = False, fold_possessives: bool = True,
             lemma: bool = False, language: str = "en", window: int = 60,
             sort: str | Sequence[str] | None = None, near: str | None = None,
             span: int = 5, limit: int | None = None) -> pd.DataFrame:
        """Every hit of one or more queries with its context (see :func:`kit.kwic`).

        ``limit`` keeps the first hits of each query only (their context is not built).
        """
        keys = check_sort(sort)
        frames = []
        for q in _queries(query):
            first, last = self.hits(q, speakers=speakers, doc_ids=doc_ids, regex=regex,
                                    whole_word=whole_word, case=case,
                                    fold_possessives=fold_possessives, lemma=lemma,
                                    language=language)
            if near is not None:
                from kit.terms.collocates import near_hits

                first, last = near_hits(self, first, last, near, span=span,
                                        fold_possessives=fold_possessives)
            if limit is not None:
                first, last = first[:limit], last[:limit]
            frame = self.kwic_rows(q, first, last, window)
            for key in keys:
                if key[:-1] in (LEFT, RIGHT):
                    frame[key] = self.context_terms(first, last, key)
            frames.append(frame)
        out = _concat(frames, KWIC_COLUMNS + [k for k in keys if k not in KWIC_COLUMNS])
        if keys:
            # Speakers by name (not by first appearance), each one's hits by date.
            by = out.assign(**{s.SPEAKER: out[s.SPEAKER].astype(object).astype(str)})
            order = by.sort_values(sort_columns(keys), kind="stable", na_position="last").index
            out = out.loc[order, KWIC_COLUMNS].reset_index(drop=True)
        return out

    def context_terms(self, first: np.ndarray, last: np.ndarray, key: str) -> np.ndarray:
        """The term ``k`` words left or right of each hit (``key`` ``"left1"`` ...
        ``"right3"``), within the hit's turn; missing (None) past the turn's edge."""
        return hit_rows.context_terms(self, first, last, key)

    def kwic_rows(self, query: str, first: np.ndarray, last: np.ndarray,
                  window: int = 60) -> pd.DataFrame:
        """KWIC rows (as :func:`kit.kwic`) of the hits starting at token rows ``first`` and
        ending at ``last`` (:meth:`hits`), in the order given."""
        return hit_rows.kwic_rows(self, query, first, last, window)

    def dispersion(self, query: str | Sequence[str], *,
                   speakers: Iterable[str] | str | None = None,
                   doc_ids: Iterable[str] | None = None, regex: bool = False,
                   whole_word: bool = True, case: bool = False,
                   fold_possessives: bool = True, lemma: bool = False,
                   language: str = "en") -> pd.DataFrame:
        """Where each hit falls in its document (see :func:`kit.dispersion`)."""
        frames = []
        for q in _queries(query):
            first, _ = self.hits(q, speakers=speakers, doc_ids=doc_ids, regex=regex,
                                 whole_word=whole_word, case=case,
                                 fold_possessives=fold_possessives, lemma=lemma,
                                 language=language)
            frames.append(hit_rows.dispersion_rows(self, q, first))
        return _concat(frames, DISPERSION_COLUMNS)


def _queries(query: str | Sequence[str]) -> list[str]:
    if isinstance(query, str):
        return [query]
    queries = list(query)
    if not queries:
        raise KitError("No query given; pass a word, a phrase, or a list of them.")
    return queries


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)] or frames[:1]
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return out[columns].reset_index(drop=True)
