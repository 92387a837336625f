"""The ``turnkit read`` command: transcripts into tables, a Parquet dataset or CSV files.

One SOURCE or several (folders, files or globs) are read a batch of about ``--batch-mb``
megabytes at a time, each batch appended to the dataset, so memory stays bounded; run again
on the same dataset, only new or changed files are read. The dataset holds the corpus's
tables (one row per document, turn, phrase, speaker ... and, with ``--tokens``, token).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kit._memory import release_memory
from kit.serve.command_parts import ERRORS, ERRORS_HELP, command_parser, report_skipped

__all__ = ["BATCH_MB", "add_read_command"]

#: Megabytes of transcripts read into memory at a time by ``turnkit read --out`` unless
#: ``--batch-mb`` says otherwise (each part is one batch of the dataset, so memory stays
#: bounded however large the source: ~2.5 GB at the peak for 200 MB, bench_scale.py).
BATCH_MB = 200.0


def _positive_mb(value: str) -> float:
    try:
        mb = float(value)
    except ValueError:
        mb = 0.0
    if not mb > 0:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a size in megabytes; give a number above 0, e.g. --batch-mb 50")
    return mb


def add_read_command(sub: Any) -> None:
    """Add ``turnkit read`` to ``turnkit``'s subparsers."""
    read = command_parser(
        sub,
        "read",
        "read transcripts into tables: a Parquet dataset (or CSV files) in --out",
        "turnkit read transcripts/ --out corpus-ds --tokens",
        "turnkit read a.txt b.vtt --out tables --format csv",
        "turnkit read transcripts/ --out corpus-ds   # again: reads only new or changed files",
    )
    read.add_argument("sources", nargs="+", metavar="SOURCE", help="folders, files or globs")
    read.add_argument("--out", required=True, metavar="DIR", help="folder to write")
    read.add_argument(
        "--format",
        choices=("parquet", "csv"),
        default="parquet",
        help="write a Parquet dataset (default; the other commands and the dashboards read "
        "it fast) or one CSV file per table",
    )
    read.add_argument(
        "--tokens", action="store_true", help="write the tokens table (for duckdb/dask)"
    )
    read.add_argument("--errors", choices=ERRORS, default="skip", help=ERRORS_HELP)
    read.add_argument(
        "--input-format",
        metavar="FMT",
        help="the transcripts' format if not detected (txt, md, vtt, srt, html, json, csv ...)",
    )
    read.add_argument("--jobs", type=int, metavar="N", help="processes (default: all cores)")
    read.add_argument("--scheduler", metavar="ADDRESS", help="read on a Dask cluster")
    read.add_argument("--full", action="store_true", help="read every file again")
    read.add_argument(
        "--batch-mb",
        type=_positive_mb,
        default=BATCH_MB,
        metavar="MB",
        help=f"megabytes of transcripts read at a time, one batch of the dataset each "
        f"(default {BATCH_MB:g}; smaller uses less memory, gives more batches)",
    )
    read.set_defaults(run=_read)


def _read(args: argparse.Namespace) -> int:
    from kit.read.dataset import append_dataset, changed_sources, is_dataset, write_dataset
    from kit.read.read import plan_reading

    start = time.perf_counter()
    source = args.sources if len(args.sources) > 1 else args.sources[0]
    options: dict[str, Any] = {"errors": args.errors}
    if args.input_format:
        options["format"] = args.input_format
    jobs, _ = plan_reading(source, **options)
    paths = [Path(p) for p, _ in jobs]
    out = Path(args.out)
    if args.format == "csv":
        corpus = _read_part(source, paths, options, args)
        _write_csv(corpus, out, tokens=args.tokens)
        return _summary([_tally(corpus)], out, start) or report_skipped(corpus.skipped)
    fresh = args.full or not is_dataset(out)
    todo = paths if fresh else changed_sources(out, paths)
    if not todo:
        print(f"turnkit: {out} is up to date ({len(paths):,} files read before).")
        return 0
    tallies, status = [], 0
    for i, chunk in enumerate(_chunks(todo, int(args.batch_mb * 1_000_000))):
        corpus = _read_part(source, chunk, options, args)
        stats = {str(p.resolve()): (p.stat().st_size, p.stat().st_mtime_ns) for p in chunk}
        save: Callable[..., Path] = write_dataset if fresh and i == 0 else append_dataset
        save(corpus, out, tokens=args.tokens, sources=stats)
        status = report_skipped(corpus.skipped) or status
        # Only the batch's totals are kept: holding each batch's corpus (and its tokens) made
        # memory grow with the dataset, ~2 GB per 200 MB batch (bench_scale.py).
        tallies.append(_tally(corpus))
        del corpus
        release_memory()
    return _summary(tallies, out, start) or status


def _read_part(source: Any, paths: list[Path], options: dict, args: argparse.Namespace) -> Any:
    if args.scheduler:
        from kit.read.cluster import read_transcripts_dask

        return read_transcripts_dask(source, scheduler=args.scheduler, only=paths, **options)
    from kit.read.read import read_transcripts

    return read_transcripts(source, only=paths, progress=True, n_jobs=args.jobs, **options)


def _chunks(paths: list[Path], size: int) -> list[list[Path]]:
    """Consecutive runs of files of about ``size`` bytes each."""
    chunks: list[list[Path]] = [[]]
    total = 0
    for path in paths:
        if chunks[-1] and total >= size:
            chunks.append([])
            total = 0
        chunks[-1].append(path)
        total += path.stat().st_size
    return chunks


def _write_csv(corpus: Any, out: Path, *, tokens: bool) -> None:
    out.mkdir(parents=True, exist_ok=True)
    names = ["documents", "turns", "phrases", "stage_directions", "speakers", "skipped"]
    for name in names + (["tokens"] if tokens else []):
        getattr(corpus, name).to_csv(out / f"{name}.csv", index=False)


def _tally(corpus: Any) -> tuple[int, int, int]:
    """Documents, turns and words of a corpus read, for :func:`_summary`."""
    return len(corpus.documents), len(corpus.turns), int(corpus.documents["n_words"].sum())


def _summary(tallies: list[tuple[int, int, int]], out: Path, start: float) -> int:
    docs, turns, words = (sum(column) for column in zip(*tallies, strict=True))
    print(
        f"turnkit: {docs:,} documents, {turns:,} turns, {words:,} words in "
        f"{time.perf_counter() - start:.1f} s -> {out}"
    )
    return 0
