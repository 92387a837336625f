"""Transcript Kit: read transcripts of spoken politics into tidy tables and explore them.

>>> import kit
>>> corpus = kit.load_example()
>>> corpus.turns[["speaker", "n_words"]]
"""

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

__all__ = [
    "Corpus",
    "TermIndex",
    "KitError",
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
