"""Read transcripts on a Dask cluster: the same tables as :func:`kit.read_transcripts`.

The files are split into batches; each worker reads its batches with
:func:`kit.read.read.read_batch` (it must see the files at the same paths: a shared file
system), and the rows come back, in order, to be built into one corpus here. A user with a
cluster passes its scheduler's address (``"tcp://host:8786"``), or a ``distributed.Client``;
nothing else changes. Needs the ``cluster`` extra: ``pip install 'turnkit[cluster]'``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kit.corpus import Corpus
from kit.errors import KitError
from kit.read.read import corpus_from_batches, plan_reading, read_batch

__all__ = ["connect", "read_transcripts_dask"]

#: Files per task: enough that scheduling costs little, few enough to spread over workers.
BATCH_FILES = 32


def connect(scheduler: str | Any) -> Any:
    """A ``distributed.Client`` for a scheduler address, or the client given."""
    try:
        from distributed import Client
    except ImportError:
        raise KitError(
            "Reading or counting on a Dask cluster needs the 'cluster' extra: "
            "pip install 'turnkit[cluster]'."
        ) from None
    if isinstance(scheduler, Client):
        return scheduler
    if not isinstance(scheduler, str) or not scheduler:
        raise KitError(
            f"scheduler={scheduler!r}: give the Dask scheduler's address, such as "
            "'tcp://10.0.0.5:8786', or a distributed.Client."
        )
    return Client(scheduler)


def read_transcripts_dask(
    source: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    scheduler: str | Any,
    only: Iterable[str | os.PathLike[str]] | None = None,
    batch_files: int = BATCH_FILES,
    **options: Any,
) -> Corpus:
    """Read transcripts on a Dask cluster into one corpus (as :func:`kit.read_transcripts`).

    Parameters
    ----------
    source
        A folder, a glob or a list of files, at paths every worker can read.
    scheduler
        The scheduler's address or a ``distributed.Client``.
    only
        Read only these files of ``source`` (see :func:`kit.read_transcripts`).
    batch_files
        Files per task.
    **options
        ``format``, ``encoding``, ``aliases``, ``errors``, ``id_prefix`` and format options,
        as for :func:`kit.read_transcripts`.

    Returns
    -------
    Corpus
        Equal, table by table, to ``kit.read_transcripts(source, **options)``.
    """
    jobs, checked = plan_reading(source, **options)
    if only is not None:
        wanted = {str(Path(p).resolve()) for p in only}
        jobs = [job for job in jobs if str(Path(job[0]).resolve()) in wanted]
    client = connect(scheduler)
    try:
        batches = [jobs[i : i + batch_files] for i in range(0, len(jobs), batch_files)]
        futures = client.map(read_batch, batches, [checked] * len(batches), pure=False)
        parts = client.gather(futures)
    finally:
        if client is not scheduler:  # ours: let the scheduler go
            client.close()
    return corpus_from_batches(parts, checked)
