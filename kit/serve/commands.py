"""The ``turnkit`` commands that read and query corpora: read, speakers, terms, usage, kwic,
keyness. ``dashboard`` and ``lab`` are in :mod:`kit.serve.cli`, which adds these.

SOURCE is transcripts (a folder, file or glob) or a dataset written by ``turnkit read``.
Results print as readable tables, or go to ``--out FILE`` as CSV, JSON (records) or Parquet.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from kit._memory import release_memory

__all__ = ["add_commands", "doc_label", "kwic_lines", "largest_first", "write_table"]

ERRORS = ("raise", "warn", "skip")
#: What ``--errors`` does, said where each command offers it.
ERRORS_HELP = ("a transcript that cannot be read: stop (raise), warn or skip it (default skip; "
               "the command then lists it and exits with 1)")
#: Widest document label of ``turnkit kwic`` (longer ones are cut in the middle).
KWIC_DOC_WIDTH = 32
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


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _parser(sub: Any, name: str, help: str, *examples: str) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=help,
        description=help[:1].upper() + help[1:] + ".",
        epilog=_examples(*examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def _source_options(parser: argparse.ArgumentParser, *, engine: bool = True) -> None:
    parser.add_argument(
        "source", help="transcripts (folder, file or glob) or a dataset of `turnkit read`"
    )
    parser.add_argument("--out", metavar="FILE", help="write .csv, .json or .parquet")
    parser.add_argument(
        "--errors",
        choices=ERRORS,
        default="skip",
        help=ERRORS_HELP,
    )
    if engine:
        parser.add_argument(
            "--engine",
            choices=("pandas", "duckdb", "dask"),
            default=None,
            help="pandas (in memory), duckdb (a dataset, larger than memory) or dask (a "
            "dataset, on a cluster); default duckdb for a dataset with tokens, else pandas",
        )
        parser.add_argument(
            "--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786)"
        )
        parser.add_argument(
            "--memory-limit", default="1GB", help="DuckDB's memory limit (default 1GB)"
        )


def add_commands(sub: Any) -> None:
    """Add the read and query commands to ``turnkit``'s subparsers."""
    read = _parser(
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

    speakers = _parser(
        sub,
        "speakers",
        "list the speakers: turns, words and labels merged into each",
        "turnkit speakers transcripts/",
        "turnkit speakers corpus-ds --out speakers.csv",
    )
    _source_options(speakers, engine=False)
    speakers.set_defaults(run=_speakers)

    terms = _parser(
        sub,
        "terms",
        "count terms by speaker (or another group): n and rate per 1,000 words",
        "turnkit terms transcripts/ --by speaker --top 20",
        "turnkit terms corpus-ds --by speaker --freq Y --out counts.parquet",
    )
    _source_options(terms)
    terms.add_argument(
        "--by",
        default="speaker",
        help="group column(s), comma-separated; 'none' for one group (default speaker)",
    )
    terms.add_argument("--freq", choices=("D", "M", "Y"), help="also group by day/month/year")
    terms.add_argument("--top", type=int, default=20, help="terms per group (default 20; 0: all)")
    terms.add_argument("--stopwords", action="store_true", help="count stop words too")
    terms.set_defaults(run=_terms)

    usage = _parser(
        sub,
        "usage",
        "count given words or phrases in every group (zeros too), e.g. over time",
        'turnkit usage transcripts/ sanctions "nuclear power plant" --by speaker',
        "turnkit usage corpus-ds freedom --by none --freq Y",
    )
    _source_options(usage)
    usage.add_argument("terms", nargs="+", metavar="TERM")
    usage.add_argument("--by", default="speaker", help="group column(s) or 'none'")
    usage.add_argument("--freq", choices=("D", "M", "Y"))
    usage.set_defaults(run=_usage)

    kwic = _parser(
        sub,
        "kwic",
        "find every hit of a word or phrase, with its context",
        'turnkit kwic transcripts/ ceasefire --speaker "Ned Price"',
        'turnkit kwic corpus-ds "sanction\\w*" --regex --out hits.csv',
    )
    _source_options(kwic)
    kwic.add_argument("query", nargs="+", metavar="QUERY", help="word or phrase (several: any)")
    kwic.add_argument(
        "--speaker", action="append", metavar="NAME", help="only this speaker (repeat for several)"
    )
    kwic.add_argument("--regex", action="store_true", help="each word is a regular expression")
    kwic.add_argument("--case", action="store_true", help="match case")
    kwic.add_argument("--partial", action="store_true", help="match inside words")
    kwic.add_argument("--window", type=int, default=60, help="characters of context (60)")
    kwic.add_argument("--limit", type=int, default=50, help="hits printed (default 50; 0: all)")
    kwic.set_defaults(run=_kwic)

    keyness = _parser(
        sub,
        "keyness",
        "the terms that mark each group against the rest (log-odds and G2)",
        "turnkit keyness transcripts/ --by speaker --top 10",
        "turnkit keyness corpus-ds --by role --target official --out key.json",
    )
    _source_options(keyness)
    keyness.add_argument("--by", default="speaker", help="group column (default speaker)")
    keyness.add_argument(
        "--target",
        action="append",
        metavar="GROUP",
        help="only this group (repeat to pool several)",
    )
    keyness.add_argument("--min-count", type=int, default=5, help="least uses of a term (5)")
    keyness.add_argument("--top", type=int, default=10, help="terms per group (10; 0: all)")
    keyness.set_defaults(run=_keyness)


# -- running ---------------------------------------------------------------------------------


def _fail(message: str) -> int:
    print(f"turnkit: {message}", file=sys.stderr)
    return 1


def run_checked(args: argparse.Namespace) -> int:
    """Run a command, turning the kit's errors into a message and exit status 1."""
    from kit.errors import KitError

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", category=Warning)
        try:
            status = args.run(args)
        except KitError as exc:
            status = _fail(str(exc))
        except BrokenPipeError:  # `turnkit terms ... | head`: the reader has had enough
            sys.stderr.close()
            return 0
    from kit.errors import TranscriptWarning

    notes = [w for w in caught if issubclass(w.category, TranscriptWarning)]
    for w in notes[:20]:
        print(f"turnkit: warning: {w.message}", file=sys.stderr)
    if len(notes) > 20:
        print(f"turnkit: ... and {len(notes) - 20} more warnings", file=sys.stderr)
    return status


def _by(value: str) -> str | list[str] | None:
    if value.lower() == "none":
        return None
    parts = [p.strip() for p in value.split(",") if p.strip()]
    return parts[0] if len(parts) == 1 else parts


@contextlib.contextmanager
def _engine(args: argparse.Namespace) -> Iterator[Any]:
    from kit.terms.engines import open_engine

    engine = open_engine(
        args.source,
        engine=args.engine,
        scheduler=args.scheduler,
        memory_limit=args.memory_limit,
        errors=args.errors,
        progress=None,
    )
    try:
        yield engine
    finally:
        if hasattr(engine, "close"):  # a Dask client made here
            engine.close()


def write_table(frame: Any, path: str | Path) -> Path:
    """Write a result table to ``path``: CSV, JSON (one record per row) or Parquet by suffix."""
    from kit.errors import KitError

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".json":
        frame.to_json(path, orient="records", date_format="iso", force_ascii=False, indent=1)
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        raise KitError(f"--out {path}: give a file ending in .csv, .json or .parquet.")
    return path


def _show(frame: Any, args: argparse.Namespace, what: str) -> int:
    """Write or print a result; exit status 1 if transcripts were skipped."""
    import pandas as pd

    if args.out:
        print(f"turnkit: {len(frame):,} {what} -> {write_table(frame, args.out)}")
    else:
        with pd.option_context(
            "display.max_rows",
            None,
            "display.max_columns",
            None,
            "display.width",
            200,
            "display.max_colwidth",
            60,
        ):
            print(frame.to_string(index=False) if len(frame) else f"(no {what})")
    return 0


def _top(frame: Any, group: list[str], sort: str, n: int) -> Any:
    if n <= 0 or not len(frame):
        return frame
    if not group:
        return frame.sort_values(sort, ascending=False, kind="stable").head(n)
    # Groups stay in their order; within each, the highest first.
    order = frame.groupby(group, observed=True, sort=False).ngroup()
    ranked = frame.assign(_g=order).sort_values(
        ["_g", sort], ascending=[True, False], kind="stable"
    )
    return ranked.groupby("_g").head(n).drop(columns="_g").reset_index(drop=True)


def _terms(args: argparse.Namespace) -> int:
    by = _by(args.by)
    with _engine(args) as engine:
        counts = engine.count_terms(by=by, freq=args.freq, drop_stopwords=not args.stopwords)
    group = ([] if by is None else [by] if isinstance(by, str) else by) + (
        ["date"] if args.freq else []
    )
    # A file gets the table as counted; a listing shows the largest groups first.
    shown = counts if args.out else largest_first(_top(counts, group, "n", args.top), group)
    return _show(shown, args, "counts")


def _usage(args: argparse.Namespace) -> int:
    with _engine(args) as engine:
        usage = engine.term_usage(args.terms, by=_by(args.by), freq=args.freq)
    return _show(usage, args, "rows")


def _kwic(args: argparse.Namespace) -> int:
    with _engine(args) as engine:
        hits = engine.kwic(
            args.query if len(args.query) > 1 else args.query[0],
            speakers=args.speaker,
            regex=args.regex,
            case=args.case,
            whole_word=not args.partial,
            window=args.window,
        )
    if args.out:
        return _show(hits, args, "hits")
    shown = hits if args.limit <= 0 else hits.head(args.limit)
    for line in kwic_lines(shown, window=args.window):
        print(line)
    more = len(hits) - len(shown)
    print(
        f"turnkit: {len(hits):,} hits" + (f" ({more:,} more: --limit 0 or --out)" if more else "")
    )
    return 0


def largest_first(frame: Any, group: list[str]) -> Any:
    """The rows of ``frame`` with its groups (by ``group[0]``) ordered by their words
    (``n_words``), largest first; the rows of a group keep their order.

    One row per group (and term, date ...) in and out; a frame without ``n_words`` or
    groups is returned as it is.
    """
    if not group or "n_words" not in frame.columns or not len(frame):
        return frame
    # n_words repeats on each term's row of a group: count it once per group (and date).
    words = frame.drop_duplicates(group).groupby(group[0], observed=True)["n_words"].sum()
    key = frame[group[0]].map(words).astype(float)
    order = key.sort_values(ascending=False, kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def doc_label(doc_id: object, width: int = KWIC_DOC_WIDTH) -> str:
    """A short label of a document id: a path's file name without its suffix, cut in the
    middle to ``width`` characters (the end, often a date or number, stays)."""
    from kit.plots.layout import shorten_middle

    text = str(doc_id)
    if "/" in text or "\\" in text:
        text = Path(text.replace("\\", "/")).stem
    return shorten_middle(text, width)


def kwic_lines(hits: Any, *, window: int) -> list[str]:
    """``kwic`` hits as aligned text lines: document, speaker, left context, [hit], right.

    One line per row of ``hits`` (columns ``doc_id``, ``speaker``, ``left``, ``hit``,
    ``right``; ``date`` is shown when present). Each column is padded to its widest value,
    so the hits line up.
    """
    if not len(hits):
        return []
    docs = [doc_label(d) for d in hits["doc_id"]]
    if "date" in hits.columns:
        import pandas as pd

        dates = pd.to_datetime(hits["date"], errors="coerce")
        docs = [d if pd.isna(w) or f"{w:%Y-%m-%d}" in d else f"{w:%Y-%m-%d} {d}"
                for d, w in zip(docs, dates, strict=True)]
    speakers = [str(sp) for sp in hits["speaker"]]
    dw, sw = max(map(len, docs)), max(map(len, speakers))
    return [f"{d:<{dw}}  {sp:<{sw}}  {str(left)[-window:]:>{window}} [{hit}] {right}"
            for d, sp, left, hit, right in zip(docs, speakers, hits["left"], hits["hit"],
                                               hits["right"], strict=True)]


def _keyness(args: argparse.Namespace) -> int:
    with _engine(args) as engine:
        key = engine.keyness(by=args.by, target=args.target, min_count=args.min_count)
    shown = key if args.out else _top(key, [args.by], "z", args.top)
    return _show(shown, args, "rows")


def _speakers(args: argparse.Namespace) -> int:
    from kit import schema as s
    from kit.read.dataset import is_dataset, read_dataset
    from kit.terms.summary import speaker_summary

    if is_dataset(args.source):
        corpus = read_dataset(args.source)
    else:
        from kit.read.read import read_transcripts

        corpus = read_transcripts(args.source, errors=args.errors)
    summary = speaker_summary(corpus)
    shown = summary if args.out else largest_first(summary, [s.SPEAKER])
    status = _show(shown, args, "speakers")
    return _report_skipped(corpus.skipped) or status


def _report_skipped(skipped: Any) -> int:
    if not len(skipped):
        return 0
    print(f"turnkit: {len(skipped)} file(s) could not be read:", file=sys.stderr)
    for row in skipped.itertuples(index=False):
        print(f"  {row.error}", file=sys.stderr)
    return 1


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
        return _summary([_tally(corpus)], out, start) or _report_skipped(corpus.skipped)
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
        status = _report_skipped(corpus.skipped) or status
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
