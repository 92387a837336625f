"""What every ``turnkit`` command is made of: its parser, how it runs, how it shows its result.

A command's parser has a description and examples (:func:`command_parser`) and, for the
commands that take one SOURCE, the same source options (:func:`source_options`);
:func:`run_checked` runs it, turning the kit's errors into a message and exit status 1; a
result table (one row per whatever the command lists) is printed or written to ``--out``
(:func:`show`, :func:`write_table`), and transcripts that could not be read are listed
(:func:`report_skipped`).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path
from typing import Any

__all__ = ["ERRORS", "ERRORS_HELP", "command_parser", "report_skipped", "run_checked", "show",
           "source_options", "write_table"]

ERRORS = ("raise", "warn", "skip")
#: What ``--errors`` does, said where each command offers it.
ERRORS_HELP = ("a transcript that cannot be read: stop (raise), warn or skip it (default skip; "
               "the command then lists it and exits with 1)")


def _examples(*lines: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def command_parser(sub: Any, name: str, help: str, *examples: str) -> argparse.ArgumentParser:
    """Add the command ``name`` to the subparsers ``sub``, described by ``help``, with its
    ``examples`` (command lines) under its options."""
    return sub.add_parser(
        name,
        help=help,
        description=help[:1].upper() + help[1:] + ".",
        epilog=_examples(*examples),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def source_options(parser: argparse.ArgumentParser, *, engine: bool = True) -> None:
    """Add SOURCE, ``--out`` and ``--errors`` to ``parser`` and, with ``engine``, the
    engine's options (``--engine``, ``--scheduler``, ``--memory-limit``)."""
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


def show(frame: Any, args: argparse.Namespace, what: str) -> int:
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


def report_skipped(skipped: Any) -> int:
    """List the transcripts that could not be read (a corpus's ``skipped`` table, one row
    per file) on stderr; return the exit status: 1 if there are any, else 0."""
    if not len(skipped):
        return 0
    print(f"turnkit: {len(skipped)} file(s) could not be read:", file=sys.stderr)
    for row in skipped.itertuples(index=False):
        print(f"  {row.error}", file=sys.stderr)
    return 1
