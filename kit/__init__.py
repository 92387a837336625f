"""Transcript Kit: read transcripts of spoken politics into tidy tables and explore them.

>>> import kit
>>> corpus = kit.load_example()
>>> corpus.turns[["speaker", "n_words"]]

The names below load their module on first use, so ``import kit`` (and the ``turnkit``
command, which starts Voila) costs milliseconds; pandas and the rest load when a verb is
first called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: Public name -> module that defines it.
_EXPORTS = {
    "Corpus": "kit.corpus",
    "concat": "kit.corpus",
    "count_terms": "kit.terms.count",
    "term_usage": "kit.terms.count",
    "load_example": "kit.datasets",
    "KitError": "kit.errors",
    "TranscriptError": "kit.errors",
    "TranscriptWarning": "kit.errors",
    "bind_tf_idf": "kit.terms.keyness",
    "keyness": "kit.terms.keyness",
    "tf_idf": "kit.terms.keyness",
    "TermIndex": "kit.terms.kwic",
    "dispersion": "kit.terms.kwic",
    "kwic": "kit.terms.kwic",
    "collocations": "kit.terms.collocations",
    "merge_phrases": "kit.terms.multiword",
    "ngrams": "kit.terms.ngrams",
    "from_pandas": "kit.read.read",
    "read_transcript": "kit.read.read",
    "read_transcripts": "kit.read.read",
    "speaker_report": "kit.read.speakers",
    "stopwords": "kit.terms.stopwords",
    "speaker_summary": "kit.terms.summary",
    "tokenize": "kit.terms.tokens",
    "matched_forms": "kit.terms.kwic",
    "collocates": "kit.terms.collocates",
    "count_categories": "kit.terms.categories",
    "read_dictionary": "kit.terms.categories",
    "sentiment_lexicon": "kit.terms.categories",
    "rank_usage": "kit.terms.rank",
}
_SUBMODULES = ("datasets", "schema")

__all__ = [
    "Corpus",
    "KitError",
    "TermIndex",
    "TranscriptError",
    "TranscriptWarning",
    "bind_tf_idf",
    "collocates",
    "collocations",
    "concat",
    "count_categories",
    "count_terms",
    "datasets",
    "dispersion",
    "from_pandas",
    "keyness",
    "kwic",
    "load_example",
    "matched_forms",
    "merge_phrases",
    "ngrams",
    "rank_usage",
    "read_dictionary",
    "read_transcript",
    "read_transcripts",
    "schema",
    "sentiment_lexicon",
    "speaker_report",
    "speaker_summary",
    "stopwords",
    "term_usage",
    "tf_idf",
    "tokenize",
]


def __getattr__(name: str) -> object:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"kit.{name}")
    else:
        raise AttributeError(f"module 'kit' has no attribute {name!r}")
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return list(__all__)


if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from kit import datasets, schema
    from kit.corpus import Corpus, concat
    from kit.datasets import load_example
    from kit.errors import KitError, TranscriptError, TranscriptWarning
    from kit.read.read import from_pandas, read_transcript, read_transcripts
    from kit.read.speakers import speaker_report
    from kit.terms.categories import count_categories, read_dictionary, sentiment_lexicon
    from kit.terms.collocates import collocates
    from kit.terms.collocations import collocations
    from kit.terms.count import count_terms, term_usage
    from kit.terms.keyness import bind_tf_idf, keyness, tf_idf
    from kit.terms.kwic import TermIndex, dispersion, kwic, matched_forms
    from kit.terms.multiword import merge_phrases
    from kit.terms.ngrams import ngrams
    from kit.terms.rank import rank_usage
    from kit.terms.stopwords import stopwords
    from kit.terms.summary import speaker_summary
    from kit.terms.tokens import tokenize
