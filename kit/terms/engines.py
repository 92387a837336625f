"""One way to ask for counts, usage, keyword in context and keyness, whatever holds the corpus.

:func:`open_engine` gives an object with the methods ``count_terms``, ``term_usage``,
``kwic`` and ``keyness`` (arguments and results as :func:`kit.count_terms` and the rest):

- ``"pandas"``: the corpus in memory (:class:`InMemory`); transcripts are read, a dataset
  loaded whole. Fastest for repeated queries on a corpus that fits in memory.
- ``"duckdb"``: a Parquet dataset queried where it lies (:class:`kit.terms.duck.DuckDataset`),
  under a memory limit. For datasets larger than memory, or one-off queries of big ones.
- ``"dask"``: a dataset counted batch by batch on a Dask cluster
  (:class:`kit.terms.parallel.DaskDataset`), given its scheduler's address.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from kit import schema as s
from kit.corpus import Corpus
from kit.errors import KitError
from kit.read.dataset import dataset_info, is_dataset, read_dataset

__all__ = ["ENGINES", "InMemory", "open_engine"]

ENGINES = ("pandas", "duckdb", "dask")


class InMemory:
    """The engine interface over a :class:`kit.Corpus` in memory (the kit's own functions)."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus

    def __repr__(self) -> str:
        return f"<InMemory {self.corpus!r}>"

    def count_terms(self, **options: Any) -> pd.DataFrame:
        """:func:`kit.count_terms` of the corpus."""
        from kit.terms.count import count_terms

        return count_terms(self.corpus, **options)

    def term_usage(self, terms: str | Iterable[str], **options: Any) -> pd.DataFrame:
        """:func:`kit.term_usage` of the corpus."""
        from kit.terms.count import term_usage

        return term_usage(self.corpus, terms, **options)

    def kwic(self, query: str | Sequence[str], **options: Any) -> pd.DataFrame:
        """:func:`kit.kwic` of the corpus."""
        from kit.terms.kwic import kwic

        return kwic(self.corpus, query, **options)

    def keyness(self, **options: Any) -> pd.DataFrame:
        """:func:`kit.keyness` of the corpus."""
        from kit.terms.keyness import keyness

        return keyness(self.corpus, **options)

    @property
    def speakers(self) -> pd.DataFrame:
        """The corpus's speakers table."""
        return self.corpus.speakers


def open_engine(
    source: Corpus | str | os.PathLike[str],
    *,
    engine: str | None = None,
    scheduler: str | Any | None = None,
    memory_limit: str = "1GB",
    **read_options: Any,
) -> Any:
    """Open ``source`` for queries with the engine asked for.

    Parameters
    ----------
    source
        A :class:`kit.Corpus`, a dataset folder (written by ``turnkit read`` or
        :func:`kit.read.dataset.write_dataset`) or transcripts (a folder, file or glob).
    engine
        ``"pandas"``, ``"duckdb"`` or ``"dask"``; by default ``"duckdb"`` for a dataset with
        tokens (``"dask"`` when a ``scheduler`` is given) and ``"pandas"`` for the rest.
    scheduler
        The Dask scheduler's address (``"tcp://host:8786"``) or a ``distributed.Client``.
    memory_limit
        DuckDB's memory limit.
    **read_options
        For transcripts: options of :func:`kit.read_transcripts` (``errors=`` ...).

    Returns
    -------
    InMemory, DuckDataset or DaskDataset
        Each with ``count_terms``, ``term_usage``, ``kwic`` and ``keyness``.
    """
    if engine is not None and engine not in ENGINES:
        raise KitError(f"engine={engine!r} is not one of {', '.join(ENGINES)}.")
    if isinstance(source, Corpus):
        if engine not in (None, "pandas"):
            raise KitError(
                f"engine={engine!r} queries a dataset on disk; write the corpus with "
                "kit.read.dataset.write_dataset(corpus, folder, tokens=True) and open that."
            )
        return InMemory(source)
    dataset = is_dataset(source)
    has_tokens = dataset and dataset_info(source)["tokens"]
    if engine is None:
        engine = "pandas" if not has_tokens else "dask" if scheduler is not None else "duckdb"
    if engine == "pandas":
        if dataset:
            return InMemory(read_dataset(source, tokens=True))
        from kit.read.read import read_transcripts

        return InMemory(read_transcripts(source, **read_options))
    if not dataset:
        raise KitError(
            f"{source}: the {engine} engine queries a Parquet dataset. Fix: write one first "
            f"with `turnkit read {source} --out DATASET --tokens`, then query DATASET."
        )
    if engine == "duckdb":
        from kit.terms.duck import DuckDataset

        return DuckDataset(source, memory_limit=memory_limit)
    from kit.terms.parallel import DaskDataset

    return DaskDataset(source, scheduler=scheduler)


def speaker_names(engine: Any) -> list[str]:
    """The canonical speakers of an engine's corpus, in order of first appearance."""
    return [str(x) for x in engine.speakers[s.SPEAKER]]
