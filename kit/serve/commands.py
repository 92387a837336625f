"""The ``turnkit`` commands that query corpora: speakers, terms, usage, kwic, keyness.

``add_commands`` adds them after ``read`` (:mod:`kit.serve.read_command`); ``dashboard`` and
``lab`` are in :mod:`kit.serve.cli`, which adds these. What every command shares (parsers,
running, output) is in :mod:`kit.serve.command_parts`.

SOURCE is transcripts (a folder, file or glob) or a dataset written by ``turnkit read``.
Results print as readable tables (one row per speaker; per group and term; per hit), or go
to ``--out FILE`` as CSV, JSON (records) or Parquet.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kit.serve.command_parts import command_parser, report_skipped, show, source_options
from kit.serve.command_parts import run_checked as run_checked
from kit.serve.command_parts import write_table as write_table
from kit.serve.read_command import add_read_command

__all__ = ["add_commands", "doc_label", "kwic_lines", "largest_first", "write_table"]

#: Widest document label of ``turnkit kwic`` (longer ones are cut in the middle).
KWIC_DOC_WIDTH = 32


def add_commands(sub: Any) -> None:
    """Add the read and query commands to ``turnkit``'s subparsers."""
    add_read_command(sub)

    speakers = command_parser(
        sub,
        "speakers",
        "list the speakers: turns, words and labels merged into each",
        "turnkit speakers transcripts/",
        "turnkit speakers corpus-ds --out speakers.csv",
    )
    source_options(speakers, engine=False)
    speakers.set_defaults(run=_speakers)

    terms = command_parser(
        sub,
        "terms",
        "count terms by speaker (or another group): n and rate per 1,000 words",
        "turnkit terms transcripts/ --by speaker --top 20",
        "turnkit terms corpus-ds --by speaker --freq Y --out counts.parquet",
    )
    source_options(terms)
    terms.add_argument(
        "--by",
        default="speaker",
        help="group column(s), comma-separated; 'none' for one group (default speaker)",
    )
    terms.add_argument("--freq", choices=("D", "M", "Y"), help="also group by day/month/year")
    terms.add_argument("--top", type=int, default=20, help="terms per group (default 20; 0: all)")
    terms.add_argument("--stopwords", action="store_true", help="count stop words too")
    terms.set_defaults(run=_terms)

    usage = command_parser(
        sub,
        "usage",
        "count given words or phrases in every group (zeros too), e.g. over time",
        'turnkit usage transcripts/ sanctions "nuclear power plant" --by speaker',
        "turnkit usage corpus-ds freedom --by none --freq Y",
    )
    source_options(usage)
    usage.add_argument("terms", nargs="+", metavar="TERM")
    usage.add_argument("--by", default="speaker", help="group column(s) or 'none'")
    usage.add_argument("--freq", choices=("D", "M", "Y"))
    usage.set_defaults(run=_usage)

    kwic = command_parser(
        sub,
        "kwic",
        "find every hit of a word or phrase, with its context",
        'turnkit kwic transcripts/ ceasefire --speaker "Ned Price"',
        'turnkit kwic corpus-ds "sanction\\w*" --regex --out hits.csv',
    )
    source_options(kwic)
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

    keyness = command_parser(
        sub,
        "keyness",
        "the terms that mark each group against the rest (log-odds and G2)",
        "turnkit keyness transcripts/ --by speaker --top 10",
        "turnkit keyness corpus-ds --by role --target official --out key.json",
    )
    source_options(keyness)
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
    return show(shown, args, "counts")


def _usage(args: argparse.Namespace) -> int:
    with _engine(args) as engine:
        usage = engine.term_usage(args.terms, by=_by(args.by), freq=args.freq)
    return show(usage, args, "rows")


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
        return show(hits, args, "hits")
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
    return show(shown, args, "rows")


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
    status = show(shown, args, "speakers")
    return report_skipped(corpus.skipped) or status
