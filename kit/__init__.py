"""Transcript Kit: read transcripts of spoken politics into tidy tables and explore them.

>>> import kit
>>> corpus = kit.load_example()
>>> corpus.turns[["speaker", "n_words"]]
"""

from kit import datasets, schema
from kit.corpus import Corpus, concat
from kit.datasets import load_example
from kit.errors import KitError, TranscriptError, TranscriptWarning
from kit.read import from_pandas, read_transcript, read_transcripts
from kit.speakers import speaker_report

__all__ = [
    "Corpus",
    "KitError",
    "TranscriptError",
    "TranscriptWarning",
    "concat",
    "datasets",
    "from_pandas",
    "load_example",
    "read_transcript",
    "read_transcripts",
    "schema",
    "speaker_report",
]
