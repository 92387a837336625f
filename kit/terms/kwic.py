"""Keyword in context and dispersion: every hit of a query, in its context or its place.

Both read a :class:`kit.terms.index.TermIndex` (built on the fly, or passed to reuse), so
``len(kwic(corpus, q))`` equals the ``n`` of :func:`kit.term_usage` for ``q`` by
construction: one matcher (:mod:`kit.terms.query`) finds the hits of all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kit import schema as s
from kit.terms.hit_rows import DISPERSION_COLUMNS, KWIC_COLUMNS, QUERY
from kit.terms.index import TermIndex

WORD = "word"
FORM = "form"

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["kwic", "dispersion", "matched_forms", "TermIndex", "KWIC_COLUMNS",
           "DISPERSION_COLUMNS"]


def kwic(corpus: Corpus | pd.DataFrame, query: str | Sequence[str], *,
         speakers: Iterable[str] | str | None = None, doc_ids: Iterable[str] | None = None,
         regex: bool = False, whole_word: bool = True, case: bool = False,
         fold_possessives: bool = True, lemma: bool = False, language: str = "en",
         window: int = 60, sort: str | Sequence[str] | None = None, near: str | None = None,
         span: int = 5, index: TermIndex | None = None) -> pd.DataFrame:
    """Find every hit of a word, phrase or pattern, with its left and right context.

    Matching works on the same tokens the counts use: a literal query is split into words by
    the tokenizer and matches runs of consecutive tokens in one phrase, so
    ``len(kwic(corpus, q))`` equals the ``n`` of :func:`kit.term_usage` for ``q``, and stage
    directions such as ``(Laughter.)`` are never hits.

    Parameters
    ----------
    corpus
        A :class:`kit.Corpus`, or its turns table (with ``text``; tokens are made from it).
        Not modified.
    query
        A word or phrase (``"sanctions"``, ``"nuclear power plant"``), or a list of them.
        Words may hold glob wildcards: ``sanction*`` (any ending), ``*-based``, ``colo?r``
        (``?``: one character or none); a phrase may too (``"nuclear power*"``).
    speakers
        Keep only hits by these canonical speakers.
    doc_ids
        Keep only hits in these documents.
    regex
        Treat each whitespace-separated part of the query as a regular expression that must
        match one token (``r"sanction\\w*"``, ``r"nuclear (power|energy)"`` is two tokens:
        ``nuclear`` then ``(power|energy)``).
    whole_word
        Match whole tokens (default). ``False`` matches tokens that contain the word (or the
        pattern anywhere in the token): ``"russia"`` then also finds ``Russia's`` and
        ``Russian``; the hit is the whole token.
    case
        Match case-sensitively, against the tokens as written (apostrophes still plain).
    fold_possessives
        A word also finds its possessive (``Iran`` finds ``Iran's``; the hit keeps its
        written form). ``False`` matches the word alone. A query written with ``'s``
        finds only that form; contractions (``it's``, ``let's``) never fold.
    lemma, language
        Find every form with the query word's lemma (``sanction`` finds ``sanctions`` and
        ``sanctioned``), by simplemma in ``language`` (ISO 639-1; English and the ParlaMint
        languages) from the optional extra ``turnkit[lemma]``, else by Snowball stems.
        :func:`matched_forms` lists the forms a query found.
    window
        Characters of context on each side, taken from the turn's text.
    sort
        Order of the rows: ``"left1"``, ``"left2"``, ``"left3"`` (the first, second, third
        word left of the hit), ``"right1"`` ... ``"right3"``, ``"date"``, ``"speaker"``,
        ``"doc_id"``, or a list of them (ties keep corpus order; a context word past the
        turn's edge sorts last). Default: corpus order.
    near, span
        Keep only the hits with the word ``near`` within ``span`` words of them in their
        turn: the lines behind a collocate of :func:`kit.collocates`.
    index
        A :class:`TermIndex` to reuse (fast repeated queries); built on the fly if ``None``.

    Returns
    -------
    DataFrame
        One row per hit, in corpus order (queries in the order given) unless ``sort``:
        ``query``, ``doc_id``,
        ``turn_id``, ``phrase_id``, ``speaker``, ``date``, ``left``, ``hit``, ``right``,
        ``start_char``/``end_char`` (the hit's offsets in the document's normalised text) and
        ``position`` (token index of the hit's first token in the document).
    """
    index = index if index is not None else TermIndex(as_corpus(corpus), postings=False)
    return index.kwic(query, speakers=speakers, doc_ids=doc_ids, regex=regex,
                      whole_word=whole_word, case=case, fold_possessives=fold_possessives,
                      lemma=lemma, language=language, window=window, sort=sort, near=near,
                      span=span)


def dispersion(corpus: Corpus | pd.DataFrame, query: str | Sequence[str], *,
               speakers: Iterable[str] | str | None = None,
               doc_ids: Iterable[str] | None = None, regex: bool = False,
               whole_word: bool = True, case: bool = False, fold_possessives: bool = True,
               lemma: bool = False, language: str = "en",
               index: TermIndex | None = None) -> pd.DataFrame:
    """Show where in each document each hit of a query falls.

    Parameters
    ----------
    corpus, query, speakers, doc_ids, regex, whole_word, case, fold_possessives, lemma, \
language, index
        As for :func:`kwic`.

    Returns
    -------
    DataFrame
        One row per hit (the same hits as :func:`kwic`): ``query``, ``doc_id``, ``speaker``,
        ``turn_id``, ``turn_index`` (0-based order of the turn in its document), ``position``
        (token index in the document), ``n_tokens`` (tokens in the document),
        ``relative_position`` (``position / n_tokens``, from 0 at the start towards 1 at the
        end) and ``start_char``.
    """
    index = index if index is not None else TermIndex(as_corpus(corpus), postings=False)
    return index.dispersion(query, speakers=speakers, doc_ids=doc_ids, regex=regex,
                            whole_word=whole_word, case=case,
                            fold_possessives=fold_possessives, lemma=lemma, language=language)


def matched_forms(corpus: Corpus | pd.DataFrame, query: str | Sequence[str], *,
                  regex: bool = False, whole_word: bool = True, case: bool = False,
                  fold_possessives: bool = True, lemma: bool = False, language: str = "en",
                  index: TermIndex | None = None) -> pd.DataFrame:
    """List the word forms a query found: what ``sanction*`` or ``lemma=True`` stood for.

    Parameters
    ----------
    corpus, query, regex, whole_word, case, fold_possessives, lemma, language, index
        As for :func:`kwic`.

    Returns
    -------
    DataFrame
        One row per query per word of the query per form found: ``query``, ``word``
        (0-based place of the word in the query), ``form`` (the term, or with ``case`` the
        token as written) and ``n`` (hits it is part of; per query and word they add up
        to ``len(kwic(corpus, query))``), most frequent first.
    """
    index = index if index is not None else TermIndex(as_corpus(corpus), postings=False)
    frames = []
    for q in [query] if isinstance(query, str) else list(query):
        first, last = index.hits(q, regex=regex, whole_word=whole_word, case=case,
                                 fold_possessives=fold_possessives, lemma=lemma,
                                 language=language)
        values = index.token_values if case else index.terms
        codes = index.token_codes if case else index.term_codes
        for word in range(int(last[0] - first[0]) + 1 if len(first) else 1):
            found = codes[first + word] if len(first) else np.zeros(0, dtype=np.int64)
            counts = np.bincount(found, minlength=len(values))
            used = np.flatnonzero(counts)
            used = used[np.argsort(-counts[used], kind="stable")]
            frames.append(pd.DataFrame({
                QUERY: pd.array([q] * len(used), dtype="str"),
                WORD: np.full(len(used), word, dtype=np.int64),
                FORM: pd.array([str(v) for v in values.take(used)], dtype="str"),
                "n": counts[used].astype(np.int64)}))
    return pd.concat(frames, ignore_index=True)


def as_corpus(data: Corpus | pd.DataFrame) -> Corpus:
    """A Corpus, or one made from a turns table (``kit.from_pandas`` of its text)."""
    from kit.corpus import Corpus

    if isinstance(data, Corpus):
        return data
    if isinstance(data, pd.DataFrame):
        from kit.errors import KitError

        if s.TEXT not in data.columns:
            raise KitError(
                "kwic and dispersion need text to show: pass the Corpus, or its turns table "
                f"(with a 'text' column); got a DataFrame with {list(data.columns)[:8]}."
            )
        from kit.read.read import from_pandas

        present = {c: c if c in data.columns else None for c in (s.DOC_ID, s.DATE, s.TITLE)}
        return from_pandas(data, text=s.TEXT, speaker=s.SPEAKER, doc=present[s.DOC_ID],
                           date=present[s.DATE], title=present[s.TITLE])
    from kit.errors import KitError

    raise KitError(f"Expected a kit Corpus or its turns table, got {type(data).__name__}.")
