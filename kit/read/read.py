"""Read transcript files, folders and tables into a :class:`~kit.corpus.Corpus`."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import re
import sys
import warnings
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from kit import schema as s
from kit._memory import release_memory
from kit.corpus import Corpus
from kit.errors import KitError, NotATranscript, TranscriptError, TranscriptWarning
from kit.read import splitting
from kit.read.build import Rows, add_document, build, prepare_all, text_size
from kit.read.columns import arrow_strings
from kit.read.decoding import decode_utf8, replace_surrogates
from kit.read.files import expand_sources
from kit.read.formats import UTF8_FORMATS, check_format, check_options, parse, sniff_format
from kit.read.speakers import read_aliases

log = logging.getLogger("kit")

#: Largest file whose bytes go to its reader beside its text (:data:`UTF8_FORMATS`).
UTF8_MAX_BYTES = 16 * 2**20
log.addHandler(logging.NullHandler())

PathLike = str | os.PathLike[str]
Errors = Literal["raise", "warn", "skip"]

_PARALLEL_MIN_FILES = 64
_PARALLEL_MIN_BYTES = 32_000_000  # below this, starting workers costs more than it saves


def _read_one(path: str, doc_id: str, options: Mapping[str, Any]) -> Rows:
    """The rows of one file, with the TranscriptWarnings its reading gave (kept with the rows,
    so that they also reach the caller from a reader process)."""
    rows = Rows()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fmt = options.get("format")
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise TranscriptError(path, f"The file cannot be read ({exc.strerror}).",
                                  "Check the path and its permissions.") from None
        text, as_utf8 = decode_utf8(data, source=path, encoding=options.get("encoding"))
        if fmt is None:
            fmt = sniff_format(text, suffix=Path(path).suffix)
        # The bytes are kept while the file is parsed only for a reader that parses them in
        # place of the text, and only for a file of usual size: a big sitting's peak memory
        # stays under 5x its text (bench_parlamint.py --big).
        utf8 = data if as_utf8 and fmt in UTF8_FORMATS and len(data) <= UTF8_MAX_BYTES \
            else None
        del data
        docs = parse(text, fmt, source=path, options=options.get("format_options", {}),
                     utf8=utf8)
        del utf8
        if not docs:
            raise TranscriptError(path, "No transcript was found in the file.",
                                  "Check that it is a transcript, or pass format=.", line=1)
        for doc in docs:
            did = doc_id if doc.key is None else f"{doc_id}/{doc.key}"
            add_document(rows, doc, doc_id=did, source=path,
                         aliases=options.get("aliases", {}))
    for w in caught:
        if issubclass(w.category, TranscriptWarning):
            rows.warnings.append(str(w.message))
        else:  # not ours: on to the caller's filters
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno,
                                   source=w.source)
    return rows


def _read_file(path: str, doc_id: str, options: Mapping[str, Any]) -> Rows:
    """:func:`_read_one`, where any exception is the file's: a KitError says why, anything
    else is reported as a bug of ours, still naming the file."""
    try:
        return _read_one(path, doc_id, options)
    except KitError:
        raise
    except Exception as exc:  # a bug of ours: still name the file
        raise TranscriptError(
            path, f"Reading failed unexpectedly ({type(exc).__name__}: {exc}).",
            "This is a bug in Transcript Kit: please report it with the file; "
            "errors='skip' reads the other files.") from exc


def _start_reader_process() -> None:
    """Set up a reader process: its garbage collections come ~70x less often (the objects
    of a parse mostly die young, freed by reference counts before one comes): ~3% of the
    instructions of a parse, callgrind."""
    gc.set_threshold(50_000, 10, 10)


def _read_batch(jobs: Sequence[tuple[str, str]], options: Mapping[str, Any]) -> Rows:
    """The rows of a batch of files; a file that cannot be read is skipped whole (or raises)."""
    rows = Rows()
    for path, doc_id in jobs:
        try:
            rows.extend(_read_file(path, doc_id, options))
        except NotATranscript:
            continue  # corpus metadata (a ParlaMint root or person list): no document
        except KitError as exc:
            if options.get("errors", "raise") == "raise":
                raise
            # a file name that is not UTF-8 reaches Python as lone surrogates
            rows.skipped.append({"source": replace_surrogates(path)[0],
                                 "error": replace_surrogates(str(exc))[0]})
    # Arrow holds the batch's turn texts from here on; the Python strings go at once.
    rows.turns[s.TEXT] = arrow_strings(rows.turns[s.TEXT])
    release_memory()
    return rows


def _emit(parts: Iterable[Rows], errors: str) -> None:
    for part in parts:
        for message in part.warnings:
            warnings.warn(message, TranscriptWarning, stacklevel=3)
        if errors == "warn":
            for item in part.skipped:
                warnings.warn(f"Skipped {item['error']}", TranscriptWarning, stacklevel=3)
        for item in part.skipped:
            log.info("skipped %s", item["error"])


# ---------------------------------------------------------------------------
# Public API


def _slug(value: str) -> str:
    value = value.replace(os.sep, "/")
    return re.sub(r"[^\w./-]+", "-", value).strip("-") or "doc"


def _doc_ids(paths: Sequence[Path], root: Path | None, id_prefix: str) -> list[str]:
    def rel(p: Path) -> str:
        if root is not None:
            try:
                return p.relative_to(root).as_posix()
            except ValueError:
                pass
        return p.name

    rels = [rel(p) for p in paths]
    stems = [r[: -len(Path(r).suffix)] if Path(r).suffix else r for r in rels]
    counts: dict[str, int] = {}
    for stem in stems:
        counts[stem] = counts.get(stem, 0) + 1
    return [id_prefix + _slug(stem if counts[stem] == 1 else r) for stem, r in zip(stems, rels,
                                                                                    strict=True)]


def _options(format: str | None, encoding: str | None, aliases: Any, errors: str,
             format_options: Mapping[str, Any]) -> dict[str, Any]:
    if errors not in ("raise", "warn", "skip"):
        raise KitError(f"errors={errors!r} is not one of 'raise', 'warn', 'skip'.")
    check_format(format)
    check_options(format_options)
    return {"format": format, "encoding": encoding, "aliases": read_aliases(aliases),
            "errors": errors, "format_options": dict(format_options)}


def read_transcript(path: PathLike, *, format: str | None = None, encoding: str | None = None,
                    aliases: Mapping[str, str] | PathLike | None = None, doc_id: str | None = None,
                    **format_options: Any) -> Corpus:
    """Read one transcript file (or one feed of many items).

    Parameters
    ----------
    path
        The file.
    format
        One of :data:`kit.read.formats.FORMATS` (``text``, ``html``, ``rss``, ``markdown``,
        ``vtt``, ``csv``, ``parlamint``, ``bundestag``, ``hansard``, ``europarl``, ``gpo``,
        ``xml`` ...); detected from content and suffix by default.
    encoding
        Force an encoding; by default UTF-8 (a few stray bytes repaired, with a warning),
        UTF-16 (with or without byte-order mark) and cp1252 are detected.
    aliases
        ``{label or speaker: canonical speaker}`` or a CSV with columns
        ``label,speaker``; wins over the rules.
    doc_id
        The document's id; by default the file name without its suffix.
    **format_options
        Passed to the format reader, e.g. ``speaker=`` and ``text=`` column names
        for JSON and CSV.

    Returns
    -------
    Corpus
        With ``documents`` (one row), ``turns``, ``phrases`` and ``stage_directions``.
    """
    path = Path(path)
    if path.is_dir():
        raise KitError(f"{path} is a folder. Fix: use read_transcripts() for folders.")
    if not path.exists():
        raise TranscriptError(path, "The file does not exist.", "Check the path.")
    options = _options(format, encoding, aliases, "raise", format_options)
    rows = _read_file(str(path), doc_id or _doc_ids([path], None, "")[0], options)
    _emit([rows], "raise")
    return build([rows], options["aliases"])


def _size(path: Path) -> int:
    """A file's size, 0 if it cannot be known (reading it then says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _pool_context() -> multiprocessing.context.BaseContext | None:
    """Workers forked from this process, or None where fork is not safe.

    Fork starts workers at once and does not run the user's script again (spawn and
    forkserver do, so a script without ``if __name__ == "__main__":`` would fail).
    Workers only decode, segment and build Arrow arrays; polars runs in the parent only
    (:func:`~kit.read.build.prepare` of each batch as it arrives), so a worker never meets
    polars' thread pool, which does not survive a fork (as after an earlier read).
    """
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def read_transcripts(source: PathLike | Sequence[PathLike], *, format: str | None = None,
                     encoding: str | None = None,
                     aliases: Mapping[str, str] | PathLike | None = None,
                     errors: Errors = "raise", progress: bool | None = None,
                     n_jobs: int | None = None, id_prefix: str = "",
                     only: Iterable[PathLike] | None = None,
                     **format_options: Any) -> Corpus:
    """Read a folder, a glob or a list of transcript files into one corpus.

    Parameters
    ----------
    source
        A folder (read recursively, hidden files and folders skipped), a glob
        such as ``"data/**/*.md"``, or a list of paths.
    format, encoding, aliases, **format_options
        As for :func:`read_transcript`.
    errors
        ``"raise"`` stops at the first unreadable file; ``"warn"`` skips it with a
        warning; ``"skip"`` skips it quietly. Either way ``corpus.skipped`` lists
        what was skipped and why.
    progress
        Show a progress bar (terminal or notebook); by default only when reading
        takes more than a second.
    n_jobs
        Processes to use; by default all cores when there are many files.
    id_prefix
        Put before every ``doc_id`` (to combine corpora whose file names repeat).
    only
        Read only these files of ``source`` (their ``doc_id`` still relative to it): the new
        and changed files of a dataset being brought up to date.

    Returns
    -------
    Corpus
        ``doc_id`` is the path relative to the folder, without its suffix.
    """
    jobs, options = plan_reading(source, format=format, encoding=encoding, aliases=aliases,
                                 errors=errors, id_prefix=id_prefix, **format_options)
    if only is not None:
        wanted = {str(Path(p).resolve()) for p in only}
        jobs = [job for job in jobs if str(Path(job[0]).resolve()) in wanted]
    files = [Path(path) for path, _ in jobs]
    context = _pool_context()
    if n_jobs is None:
        size = sum(map(_size, files))
        many = len(jobs) >= _PARALLEL_MIN_FILES and size >= _PARALLEL_MIN_BYTES
        n_jobs = (os.cpu_count() or 1) if many else 1
    n_jobs = max(1, min(n_jobs, len(jobs) or 1)) if context is not None else 1

    from tqdm.auto import tqdm

    # disable= only to turn the bar off: tqdm's defaults (TQDM_DISABLE=1) decide otherwise.
    off = {"disable": True} if progress is False or not jobs else {}
    bar = tqdm(total=len(jobs), unit="file", desc="Reading transcripts",
               delay=0 if progress else 1.0, **off)
    # Phrases and word counts are done as batches arrive (prepare_all, once a few MB of
    # turns wait), here while the workers parse the next ones: only the steps across
    # documents wait for the last batch. (In one process, a helper thread doing this while
    # the next batch is parsed was slower on a busy machine: the GIL, and no core to spare.)
    parts: list[Rows] = []
    pending: list[Rows] = []
    same_dicts: dict[tuple, dict] = {}  # the attribute dicts of every batch so far
    # In one process, a chunk for each core at a time: split_turns runs them in threads.
    enough = splitting.PHRASE_CHUNK_CHARS * ((os.cpu_count() or 1) if n_jobs == 1 else 1)

    def arrived(part: Rows, n_files: int, *, threads: bool = True) -> None:
        pending.append(part)
        if sum(map(text_size, pending)) >= enough:
            parts.extend(prepare_all(pending, same_dicts=same_dicts, threads=threads))
            pending.clear()
        bar.update(n_files)

    try:
        if n_jobs == 1:
            step = max(1, len(jobs) // 100)
            for i in range(0, len(jobs), step):
                arrived(_read_batch(jobs[i: i + step], options), len(jobs[i: i + step]))
        else:
            # small batches: the last one, prepared after the workers are done, is small
            size = max(1, min(64, len(jobs) // (n_jobs * 8)))
            batches = [jobs[i: i + size] for i in range(0, len(jobs), size)]
            # fork starts every worker here, before this call's polars work. Frozen, this
            # process's objects are left out of the workers' garbage collections, which
            # would otherwise touch (and so copy) every page of them: ~8% fewer page faults.
            gc.freeze()
            try:
                with ProcessPoolExecutor(n_jobs, mp_context=context,
                                         initializer=_start_reader_process) as pool:
                    waiting = deque(pool.submit(_read_batch, batch, options)
                                    for batch in batches)
                    try:
                        for batch in batches:
                            part = waiting.popleft().result()  # (the future lets go of it)
                            # threads once the workers are done; till then they use every core
                            arrived(part, len(batch), threads=all(f.done() for f in waiting))
                    finally:  # an error or an interrupt: the batches not started are not read
                        for future in waiting:
                            future.cancel()
            finally:
                gc.unfreeze()
    finally:
        bar.close()
    return corpus_from_batches(prepare_all(parts + pending, same_dicts=same_dicts), options)


def plan_reading(source: PathLike | Sequence[PathLike], *, format: str | None = None,
                 encoding: str | None = None,
                 aliases: Mapping[str, str] | PathLike | None = None,
                 errors: Errors = "raise", id_prefix: str = "",
                 **format_options: Any) -> tuple[list[tuple[str, str]], dict[str, Any]]:
    """The files :func:`read_transcripts` would read, each with its ``doc_id``, and the options.

    For engines that read elsewhere (:mod:`kit.read.cluster`) or only some of the files
    (``turnkit read`` into a dataset): give each batch of jobs to :func:`read_batch` and the
    batches, in order, to :func:`corpus_from_batches`. Arguments as for
    :func:`read_transcripts`.

    Returns
    -------
    tuple
        ``[(path, doc_id), ...]`` in reading order, and the checked options.
    """
    files, root = expand_sources(source)
    options = _options(format, encoding, aliases, errors, format_options)
    ids = _doc_ids(files, root, id_prefix)
    return [(str(p), i) for p, i in zip(files, ids, strict=True)], options


def read_batch(jobs: Sequence[tuple[str, str]], options: Mapping[str, Any]) -> Rows:
    """Read a batch of ``(path, doc_id)`` jobs of :func:`plan_reading` into rows (picklable).

    A file that cannot be read is skipped (listed in the rows' ``skipped``) unless the options
    say ``errors="raise"``.
    """
    return _read_batch(jobs, options)


def corpus_from_batches(parts: Sequence[Rows], options: Mapping[str, Any]) -> Corpus:
    """The corpus of the rows of :func:`read_batch`, in order: the same tables as
    :func:`read_transcripts` makes. Warnings of the files are given here."""
    _emit(parts, options["errors"])
    corpus = build(parts, options["aliases"])
    release_memory()  # the temporaries of build: ~50 MB of freed pages on 100 MB of text
    return corpus


def from_pandas(frame: pd.DataFrame, *, speaker: str = "speaker", text: str = "text",
                doc: str | None = None, start: str | None = None, end: str | None = None,
                title: str | None = None, date: str | None = None,
                aliases: Mapping[str, str] | PathLike | None = None,
                source: str = "<DataFrame>") -> Corpus:
    """Build a corpus from a table with one row per utterance.

    Parameters
    ----------
    frame
        One row per utterance (turn), in order.
    speaker, text
        Columns holding the speaker label and the words spoken.
    doc
        Column naming the document each row belongs to; one document if None.
    start, end
        Columns with times in seconds (or ``HH:MM:SS``), if any.
    title, date
        Columns with each document's title and date, if any.
    aliases
        As for :func:`read_transcript`.
    source
        Name used for the ``source`` column and in error messages.

    Returns
    -------
    Corpus
        One document per distinct ``doc`` value.
    """
    from kit.read.formats.table import documents_from_frame

    options = _options(None, None, aliases, "raise", {})
    docs = documents_from_frame(frame, source=source, speaker=speaker, text=text, doc=doc,
                                start=start, end=end, title=title, date=date)
    rows = Rows()
    base = _slug(source.strip("<>").lower()) if doc is None else ""
    for i, parsed in enumerate(docs):
        doc_id = _slug(str(parsed.key)) if parsed.key is not None else (base or f"doc-{i + 1}")
        add_document(rows, parsed, doc_id=doc_id, source=source, aliases=options["aliases"])
    _emit([rows], "raise")
    return build([rows], options["aliases"])

