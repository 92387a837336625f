"""A corpus as a Parquet dataset on disk: one folder per table, one file per batch of reading.

Layout of a dataset folder::

    _dataset.json              the manifest: batches in order, files read, columns to restore
    documents/b000001.parquet  one file per table per batch (a batch: one write or append)
    turns/b000001.parquet
    phrases/ stage_directions/ skipped/ speakers/ [tokens/]

The batch is the partition. Appending writes new files and leaves the others alone, except
those of earlier batches that held a ``doc_id`` the new batch brings again: their rows of it
go (``doc_id`` is the key, so a file read again replaces its rows instead of adding them).
Year partitions were weighed and left out: every query here groups or filters by speaker,
term and document, and the Parquet row groups' min/max statistics already skip what a
filter on ``doc_id`` or a date range does not need.

Engines that scan the dataset rather than load it (DuckDB, Dask) take the files of a table
from :func:`table_files`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kit import schema as s
from kit.corpus import Corpus
from kit.errors import KitError

__all__ = [
    "MANIFEST",
    "TABLES",
    "append_dataset",
    "changed_sources",
    "dataset_info",
    "is_dataset",
    "read_dataset",
    "read_speakers",
    "table_files",
    "write_dataset",
]

MANIFEST = "_dataset.json"
#: Tables of a dataset, in writing order (``tokens`` only when asked for).
TABLES = ("documents", "turns", "phrases", "stage_directions", "skipped", "speakers")
#: Files made from a batch by the keyword index (:mod:`kit.terms.postings`), the postings
#: first (they mark the batch indexed): removed when the batch changes, made again on use.
INDEX_TABLES = ("postings", "turn_index", "speaker_terms")
FORMAT_VERSION = 1
# Bytes (in memory) per Parquet row group: small enough that min/max statistics skip most of
# a file for a query on a few documents and that reading the rows of a few turns decodes
# little (kit.terms.postings), large enough that a scan is not dominated by overhead.
ROW_GROUP_BYTES = 4_000_000
_CLIMBING = {
    s.TURN_ID,
    s.PHRASE_ID,
    s.TOKEN_ID,
    s.POSITION,
    s.START_CHAR,
    s.END_CHAR,
    s.TEXT_START_CHAR,
}


def is_dataset(path: str | os.PathLike[str]) -> bool:
    """True if ``path`` is a folder written by :func:`write_dataset`."""
    return (Path(path) / MANIFEST).is_file()


def dataset_info(folder: str | os.PathLike[str]) -> dict:
    """The manifest of a dataset: ``batches`` (in order), ``sources`` (file -> size, time,
    batch), ``object_columns`` and whether it has ``tokens``."""
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise KitError(
            f"{folder}: not a Transcript Kit dataset (no {MANIFEST}). Fix: write one "
            "with `turnkit read SOURCE --out DIR` or kit.read.dataset.write_dataset()."
        )
    info = json.loads(path.read_text())
    if info.get("version") != FORMAT_VERSION:
        raise KitError(
            f"{folder}: dataset format {info.get('version')!r}; this kit reads "
            f"format {FORMAT_VERSION}. Fix: write the dataset again with this kit."
        )
    return info


def table_files(folder: str | os.PathLike[str], table: str) -> list[Path]:
    """The Parquet files of ``table`` in batch order (empty if the dataset lacks it)."""
    info = dataset_info(folder)
    files = [Path(folder) / table / f"{b}.parquet" for b in info["batches"]]
    return [f for f in files if f.is_file()]


def write_dataset(
    corpus: Corpus,
    folder: str | os.PathLike[str],
    *,
    tokens: bool = False,
    sources: dict[str, tuple[int, int]] | None = None,
) -> Path:
    """Write ``corpus`` as a new Parquet dataset in ``folder`` (replacing any dataset there).

    Parameters
    ----------
    corpus
        The corpus; one row per document, turn, phrase ... as in memory. Not modified.
    folder
        Where to write; created if needed.
    tokens
        Also write the tokens table (one row per token; built first if need be). The DuckDB
        and Dask engines count from it.
    sources
        The files read, ``path -> (size, mtime_ns)``, so that :func:`changed_sources` can tell
        which need reading again.

    Returns
    -------
    Path
        ``folder``.
    """
    folder = Path(folder)
    if is_dataset(folder):
        for batch in dataset_info(folder)["batches"]:
            for name in (*INDEX_TABLES, *TABLES, "tokens"):
                (folder / name / f"{batch}.parquet").unlink(missing_ok=True)
        (folder / MANIFEST).unlink()
    return append_dataset(corpus, folder, tokens=tokens, sources=sources)


def append_dataset(
    corpus: Corpus,
    folder: str | os.PathLike[str],
    *,
    tokens: bool = False,
    sources: dict[str, tuple[int, int]] | None = None,
) -> Path:
    """Add ``corpus`` to the dataset in ``folder`` as a new batch (a new dataset if none).

    Earlier files are not rewritten, except where they hold a ``doc_id`` of ``corpus``: those
    rows are dropped from them first, so the new rows replace the old. Parameters as for
    :func:`write_dataset`; a dataset with tokens takes tokens of every batch.
    """
    folder = Path(folder)
    info: dict[str, Any] = (
        dataset_info(folder)
        if is_dataset(folder)
        else {
            "version": FORMAT_VERSION,
            "batches": [],
            "sources": {},
            "object_columns": {},
            "tokens": tokens,
        }
    )
    tokens = tokens or info["tokens"]
    if info["batches"] and tokens and not info["tokens"]:
        raise KitError(
            f"{folder}: this dataset has no tokens table; append without tokens, "
            "or write the dataset again with tokens."
        )
    new_ids = set(corpus.documents[s.DOC_ID].astype(object))
    for batch in list(info["batches"]):
        if _drop_documents(folder, batch, new_ids, tokens=tokens):
            info["batches"].remove(batch)
            info["sources"] = {k: v for k, v in info["sources"].items() if v[2] != batch}
    # Numbers are never reused: a reader holding the old manifest never finds a new file.
    number = info.get("next_batch", 1)
    info["next_batch"] = number + 1
    batch = f"b{number:06d}"
    names = TABLES + (("tokens",) if tokens else ())
    for name in names:
        table = getattr(corpus, name)
        if s.STAGE_DIRECTIONS in table.columns:
            table = table.assign(**{s.STAGE_DIRECTIONS: table[s.STAGE_DIRECTIONS].map(list)})
        objects = [c for c in table.columns if table[c].dtype == object and c != s.STAGE_DIRECTIONS]
        known = info["object_columns"].setdefault(name, [])
        known.extend(c for c in objects if c not in known)
        _write_frame(table, folder / name / f"{batch}.parquet")
    info["batches"].append(batch)
    for path, (size, mtime_ns) in (sources or {}).items():
        info["sources"][path] = [size, mtime_ns, batch]
    _write_manifest(folder, info)
    return folder


def read_speakers(folder: str | os.PathLike[str]) -> pd.DataFrame:
    """The speakers table of a dataset alone (one row per speaker, in order of first
    appearance; ``speaker`` categorical in that order), without loading the rest."""
    info = dataset_info(folder)
    frames = [
        pq.read_table(Path(folder) / "speakers" / f"{b}.parquet").to_pandas()
        for b in info["batches"]
    ]
    speakers = _concat_frames(frames).drop_duplicates(s.SPEAKER).reset_index(drop=True)
    names = speakers[s.SPEAKER].astype(object).tolist()
    speakers[s.SPEAKER] = pd.Categorical(names, categories=names)
    return speakers


def changed_sources(
    folder: str | os.PathLike[str], paths: Iterable[str | os.PathLike[str]]
) -> list[Path]:
    """The files of ``paths`` the dataset has not read as they are now (new or changed)."""
    known = dataset_info(folder)["sources"] if is_dataset(folder) else {}
    out = []
    for path in map(Path, paths):
        stat = path.stat()
        seen = known.get(str(path.resolve()))
        if seen is None or seen[:2] != [stat.st_size, stat.st_mtime_ns]:
            out.append(path)
    return out


def read_dataset(
    folder: str | os.PathLike[str],
    *,
    tokens: bool = False,
    doc_ids: Sequence[str] | None = None,
    batches: Sequence[str] | None = None,
) -> Corpus:
    """Load a dataset written by :func:`write_dataset` into memory.

    Parameters
    ----------
    folder
        The dataset's folder.
    tokens
        Load the tokens table too, if the dataset has one (else ``corpus.tokens`` is built
        again on first use).
    doc_ids
        Load only these documents (the Parquet statistics skip the rest of each file).
    batches
        Load only these batches (names from :func:`dataset_info`): a part of the corpus that
        a worker of a cluster counts.

    Returns
    -------
    Corpus
        Equal, table by table, to the corpora written (appended ones in batch order; a
        document appended again in its latest version); speakers in order of first
        appearance.
    """
    folder = Path(folder)
    info = dataset_info(folder)
    if not info["batches"]:
        raise KitError(f"{folder}: the dataset has no documents yet.")
    filters = None
    if doc_ids is not None:
        import pyarrow.compute as pc

        filters = pc.field(s.DOC_ID).isin(pa.array(list(doc_ids), type=pa.string()))
    names = TABLES + (("tokens",) if tokens and info["tokens"] else ())
    tables = {}
    for name in names:
        parts = []
        for batch in info["batches"] if batches is None else batches:
            use = filters if name not in ("skipped", "speakers") else None
            parts.append(pq.read_table(folder / name / f"{batch}.parquet", filters=use))
        tables[name] = _concat_frames([p.to_pandas() for p in parts])
    for name, columns in info["object_columns"].items():
        for column in columns:
            if name in tables and column in tables[name].columns:
                values = tables[name][column].astype(object)
                tables[name][column] = values.where(values.notna(), None)
    turns = tables["turns"]
    if s.STAGE_DIRECTIONS in turns.columns:
        turns[s.STAGE_DIRECTIONS] = turns[s.STAGE_DIRECTIONS].map(tuple)
    speakers = tables.pop("speakers").drop_duplicates(s.SPEAKER).reset_index(drop=True)
    order = (
        list(turns[s.SPEAKER].cat.categories)
        if isinstance(turns[s.SPEAKER].dtype, pd.CategoricalDtype)
        else []
    )
    for table in tables.values():
        for column in (s.SPEAKER, s.DOC_ID):
            if column in table.columns and isinstance(table[column].dtype, pd.CategoricalDtype):
                categories = (
                    order
                    if column == s.SPEAKER
                    else tables["documents"][s.DOC_ID].astype(object).tolist()
                )
                table[column] = table[column].cat.set_categories(categories)
    if isinstance(turns[s.SPEAKER].dtype, pd.CategoricalDtype):
        speakers = speakers[speakers[s.SPEAKER].astype(object).isin(order)]
        speakers[s.SPEAKER] = speakers[s.SPEAKER].astype(object).astype(turns[s.SPEAKER].dtype)
        speakers = speakers.reset_index(drop=True)
    token_table = tables.pop("tokens", None)
    corpus = Corpus(**tables, speakers=speakers)
    if token_table is not None:
        corpus.__dict__["tokens"] = token_table  # the cached property, filled
    return corpus


# -- helpers ---------------------------------------------------------------------------------


def _concat_frames(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames of the batches, one after another, categoricals united (not made objects)."""
    if len(frames) == 1:
        return frames[0]
    frames = [f for f in frames if len(f)] or frames[:1]
    out = pd.concat(frames, ignore_index=True)
    for column in frames[0].columns:
        if isinstance(frames[0][column].dtype, pd.CategoricalDtype):
            seen: dict = {}
            for frame in frames:
                for value in frame[column].cat.categories:
                    seen.setdefault(value, None)
            categories = list(seen)
            # Sorted in every batch (the tokens' terms): sorted in the whole, as one read gives.
            if column in (s.TERM, s.TOKEN) and all(
                f[column].cat.categories.is_monotonic_increasing for f in frames
            ):
                categories.sort()
            out[column] = pd.Categorical(out[column].astype(object), categories=categories)
    return out


#: Rows of a table made Arrow at a time when written: the tokens of a 200 MB batch are 1 GB
#: in pandas, and an Arrow copy of them all at once doubled the peak of ``turnkit read``.
SLICE_ROWS = 1 << 21


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    """Write a table to ``path`` as :func:`_write_parquet` does, made Arrow a slice at a time."""
    # One schema for all slices: a slice of only empty lists or Nones would infer another.
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    slices = (
        pa.Table.from_pandas(frame.iloc[a : a + SLICE_ROWS], schema=schema, preserve_index=False)
        for a in range(0, max(len(frame), 1), SLICE_ROWS)
    )
    _write_parquet(next(slices), path, more=slices)


def _write_parquet(table: pa.Table, path: Path, *, more: Iterable[pa.Table] = ()) -> None:
    """Write ``table`` (then the tables ``more``, of the same schema) to ``path`` whole or not
    at all (a reader may look meanwhile).

    Offsets and ids that climb row by row are stored as deltas: the tokens table takes 45%
    less room than with dictionaries (177 MB instead of 318 MB for 200 MB of text).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    delta = [
        c
        for c in table.column_names
        if c in _CLIMBING and pa.types.is_integer(table.schema.field(c).type)
    ]
    rows = max(1024, int(ROW_GROUP_BYTES * table.num_rows / max(table.nbytes, 1)))
    with pq.ParquetWriter(
        tmp,
        table.schema,
        compression="zstd",
        use_dictionary=[c for c in table.column_names if c not in delta],
        column_encoding=dict.fromkeys(delta, "DELTA_BINARY_PACKED") or None,
    ) as writer:
        writer.write_table(table, row_group_size=rows)
        for part in more:
            writer.write_table(part, row_group_size=rows)
    os.replace(tmp, path)


def _write_manifest(folder: Path, info: dict) -> None:
    tmp = folder / f"{MANIFEST}.tmp{os.getpid()}"
    tmp.write_text(json.dumps(info, indent=1))
    os.replace(tmp, folder / MANIFEST)


def _drop_documents(folder: Path, batch: str, doc_ids: set, *, tokens: bool) -> bool:
    """Drop the rows of ``doc_ids`` from ``batch``'s files (rewriting only files that hold
    some); True if the batch is then empty (its files are removed)."""
    documents = folder / "documents" / f"{batch}.parquet"
    present = set(pq.read_table(documents, columns=[s.DOC_ID]).column(0).to_pylist())
    if not present & doc_ids:
        return False
    for name in INDEX_TABLES:  # its rows move: the keyword index of the batch is made again
        (folder / name / f"{batch}.parquet").unlink(missing_ok=True)
    names = [n for n in (*TABLES, "tokens") if (folder / n / f"{batch}.parquet").is_file()]
    if present <= doc_ids:
        for name in names:
            (folder / name / f"{batch}.parquet").unlink()
        return True
    import pyarrow.compute as pc

    gone = pa.array(sorted(doc_ids & present), type=pa.string())
    for name in names:
        path = folder / name / f"{batch}.parquet"
        table = pq.read_table(path)
        if s.DOC_ID not in table.column_names or not table.num_rows:
            continue  # (an empty table's doc_id may be stored as numbers or nulls)
        keys = table.column(s.DOC_ID)
        if not pa.types.is_string(keys.type):
            keys = keys.cast(pa.string())
        _write_parquet(table.filter(pc.invert(pc.is_in(keys, value_set=gone))), path)
    return False
