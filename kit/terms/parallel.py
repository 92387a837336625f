"""Term counts and term usage over a Parquet dataset on a Dask cluster, batch by batch.

Each worker loads one batch of the dataset (:func:`kit.read.dataset.read_dataset` with
``batches=``; workers must see the folder at the same path) and counts it with the kit's own
:func:`kit.count_terms` or :func:`kit.term_usage`; the partial counts are summed here and
ordered and typed as the in-memory functions order them. Keyword in context and keyness
touch few rows or one table of pairs: they run here, through DuckDB.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.read.cluster import connect
from kit.read.dataset import dataset_info, read_dataset
from kit.terms.count import (
    PER_1K,
    PER_1K_HIGH,
    PER_1K_LOW,
    N,
    add_interval,
    count_terms,
    term_usage,
    usage_table,
)
from kit.terms.duck import DuckDataset

__all__ = ["DaskDataset"]


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as values: batches have categories of their own."""
    return frame.assign(
        **{
            c: frame[c].astype(object)
            for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype)
        }
    )


def _group_columns(by: str | Sequence[str] | None, freq: str | None, date: str) -> list[str]:
    columns = [] if by is None else [by] if isinstance(by, str) else list(by)
    return columns + ([date] if freq is not None and date not in columns else [])


def _count_batch(folder: str, batch: str, options: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One batch's counts and words per group (all tokens, stop words too)."""
    corpus = read_dataset(folder, tokens=True, batches=[batch])
    columns = _group_columns(options["by"], options["freq"], options["date"])
    counts = _plain(count_terms(corpus, **options))
    everything = options | {"drop_stopwords": False}
    words = _plain(count_terms(corpus, **everything))
    words = (
        words.drop_duplicates(columns)[[*columns, s.N_WORDS]]
        if columns
        else words[[s.N_WORDS]].head(1)
    )
    return counts.drop(columns=[s.N_WORDS, PER_1K]), words


def _usage_batch(folder: str, batch: str, terms: list[str], options: dict) -> pd.DataFrame:
    corpus = read_dataset(folder, tokens=True, batches=[batch])
    return _plain(term_usage(corpus, terms, **options))


class DaskDataset:
    """A Parquet dataset counted on a Dask cluster (same interface as ``DuckDataset``).

    Parameters
    ----------
    folder
        A dataset with tokens, at a path the workers see too.
    scheduler
        The scheduler's address (``"tcp://host:8786"``) or a ``distributed.Client``.
    """

    def __init__(self, folder: str | os.PathLike[str], *, scheduler: str | Any) -> None:
        self.folder = str(folder)
        self.client = connect(scheduler)
        self._owned = self.client is not scheduler
        self.local = DuckDataset(folder)  # orders results; runs kwic and keyness
        self.batches = dataset_info(folder)["batches"]

    def close(self) -> None:
        """Close the client if this object made it (from an address)."""
        if self._owned:
            self.client.close()

    def __enter__(self) -> DaskDataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<DaskDataset {self.folder} on {self.client.scheduler.address}>"

    @property
    def speakers(self) -> pd.DataFrame:
        """The speakers table."""
        return self.local.speakers

    def count_terms(
        self,
        *,
        by: str | Sequence[str] | None = s.SPEAKER,
        term: str = s.TERM,
        drop_stopwords: bool = True,
        freq: str | None = None,
        date: str = s.DATE,
        fold_possessives: bool = True,
        ci: float | None = 0.95,
    ) -> pd.DataFrame:
        """:func:`kit.count_terms` over the dataset, one task per batch (same rows, order)."""
        options = {
            "by": by,
            "term": term,
            "drop_stopwords": drop_stopwords,
            "freq": freq,
            "date": date,
            "fold_possessives": fold_possessives,
            "ci": None,  # intervals of the summed counts, made here
        }
        futures = self.client.map(
            _count_batch,
            [self.folder] * len(self.batches),
            self.batches,
            [options] * len(self.batches),
            pure=False,
        )
        parts = self.client.gather(futures)
        columns = _group_columns(by, freq, date)
        counts = pd.concat([p[0] for p in parts], ignore_index=True)
        words = pd.concat([p[1] for p in parts], ignore_index=True)
        if columns:
            counts = counts.groupby([*columns, term], sort=False, dropna=True)[N].sum()
            words = words.groupby(columns, sort=False)[s.N_WORDS].sum()
            frame = counts.reset_index().merge(words.reset_index(), on=columns, how="left")
        else:
            frame = counts.groupby(term, sort=False)[N].sum().reset_index()
            frame[s.N_WORDS] = words[s.N_WORDS].sum()
        frame = self.local.arrange(frame, columns, term=term)
        frame[N] = frame[N].astype(np.int64)
        frame[s.N_WORDS] = frame[s.N_WORDS].astype(np.int64)
        frame[PER_1K] = np.where(
            frame[s.N_WORDS] > 0, frame[N] * 1000.0 / frame[s.N_WORDS].clip(lower=1), 0.0
        )
        add_interval(frame, ci)
        return frame[[*columns, term, N, s.N_WORDS, PER_1K,
                      *([PER_1K_LOW, PER_1K_HIGH] if ci is not None else [])]]

    def term_usage(
        self,
        terms: str | Iterable[str],
        *,
        by: str | Sequence[str] | None = s.SPEAKER,
        freq: str | None = None,
        date: str = s.DATE,
    ) -> pd.DataFrame:
        """:func:`kit.term_usage` over the dataset, one task per batch (zeros included)."""
        terms = [terms] if isinstance(terms, str) else list(terms)
        options = {"by": by, "freq": freq, "date": date}
        futures = self.client.map(
            _usage_batch,
            [self.folder] * len(self.batches),
            self.batches,
            [terms] * len(self.batches),
            [options] * len(self.batches),
            pure=False,
        )
        parts = pd.concat(self.client.gather(futures), ignore_index=True)
        columns = _group_columns(by, freq, date)
        names = list(dict.fromkeys(parts[s.TERM]))
        if columns:
            summed = parts.groupby([*columns, s.TERM], sort=False)[[N, s.N_WORDS]].sum()
            summed = summed.reset_index()
            groups = self.local.arrange(
                summed.drop_duplicates(columns)[columns].copy(), columns, term=None
            )
        else:
            summed = parts.groupby(s.TERM, sort=False)[[N, s.N_WORDS]].sum().reset_index()
            groups = pd.DataFrame(index=[0])
        key = pd.MultiIndex.from_frame(groups[columns].astype(object)) if columns else pd.Index([0])
        counts = np.zeros((len(names), len(groups)), dtype=np.int64)
        n_words = np.zeros(len(groups), dtype=np.int64)
        for i, name in enumerate(names):
            rows = summed[summed[s.TERM] == name]
            at = (
                key.get_indexer(pd.MultiIndex.from_frame(rows[columns].astype(object)))
                if columns
                else np.zeros(len(rows), dtype=np.int64)
            )
            counts[i, at] = rows[N].to_numpy()
            n_words[at] = rows[s.N_WORDS].to_numpy()
        frame = {
            c: (
                groups[c].array
                if isinstance(groups[c].dtype, pd.CategoricalDtype)
                else groups[c].to_numpy()
            )
            for c in columns
        }
        return usage_table(frame, names, counts, n_words)

    def kwic(self, query: str | Sequence[str], **options: Any) -> pd.DataFrame:
        """:func:`kit.kwic` over the dataset (through DuckDB here: it loads only hit turns)."""
        return self.local.kwic(query, **options)

    def keyness(self, **options: Any) -> pd.DataFrame:
        """:func:`kit.keyness` over the dataset (pairs counted through DuckDB here)."""
        return self.local.keyness(**options)
