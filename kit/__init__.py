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
    "count_terms": "kit.count",
    "term_usage": "kit.count",
    "load_example": "kit.datasets",
    "KitError": "kit.errors",
    "TranscriptError": "kit.errors",
    "TranscriptWarning": "kit.errors",
    "bind_tf_idf": "kit.keyness",
    "keyness": "kit.keyness",
    "tf_idf": "kit.keyness",
    "TermIndex": "kit.kwic",
    "dispersion": "kit.kwic",
    "kwic": "kit.kwic",
    "collocations": "kit.ngrams",
    "merge_phrases": "kit.ngrams",
    "ngrams": "kit.ngrams",
    "from_pandas": "kit.read",
    "read_transcript": "kit.read",
    "read_transcripts": "kit.read",
    "speaker_report": "kit.speakers",
    "stopwords": "kit.stopwords",
    "speaker_summary": "kit.summary",
    "tokenize": "kit.tokens",
}
_SUBMODULES = ("datasets", "schema")

__all__ = [
    "Corpus",
    "KitError",
    "TermIndex",
    "TranscriptError",
    "TranscriptWarning",
    "bind_tf_idf",
    "collocations",
    "concat",
    "count_terms",
    "datasets",
    "dispersion",
    "from_pandas",
    "keyness",
    "kwic",
    "load_example",
    "merge_phrases",
    "ngrams",
    "read_transcript",
    "read_transcripts",
    "schema",
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
    from kit.count import count_terms, term_usage
    from kit.datasets import load_example
    from kit.errors import KitError, TranscriptError, TranscriptWarning
    from kit.keyness import bind_tf_idf, keyness, tf_idf
    from kit.kwic import TermIndex, dispersion, kwic
    from kit.ngrams import collocations, merge_phrases, ngrams
    from kit.read import from_pandas, read_transcript, read_transcripts
    from kit.speakers import speaker_report
    from kit.stopwords import stopwords
    from kit.summary import speaker_summary
    from kit.tokens import tokenize
