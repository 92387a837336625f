"""Read transcript files, folders and tables into a :class:`~kit.corpus.Corpus`."""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from kit import schema as s
from kit._memory import release_memory
from kit.corpus import Corpus
from kit.errors import KitError, TranscriptError, TranscriptWarning
from kit.read.decoding import decode
from kit.read.files import expand_sources
from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.header import parse_header
from kit.read.phrases import split_phrases
from kit.read.segment import segment
from kit.read.speakers import label_key, merge_surnames, read_aliases, resolve_label
from kit.read.stage import STAGE_DIRECTION

log = logging.getLogger("kit")
log.addHandler(logging.NullHandler())

PathLike = str | os.PathLike[str]
Errors = Literal["raise", "warn", "skip"]

# What a word is for the n_words columns: letters/digits, joined by inner
# apostrophes, hyphens, periods or commas (Russia's, well-being, U.S., 1,000).
WORD = r"\w+(?:[-'’.,]\w+)*"

FORMATS = ("text", "html", "rss", "atom", "markdown", "vtt", "srt", "json", "jsonl", "csv")
_SUFFIX_FORMAT = {
    ".txt": None, ".text": None, ".htm": "html", ".html": "html", ".xhtml": "html",
    ".xml": None, ".rss": "rss", ".atom": "atom", ".md": "markdown", ".markdown": "markdown",
    ".vtt": "vtt", ".srt": "srt", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "csv",
}
_PARALLEL_MIN_FILES = 64
_PARALLEL_MIN_BYTES = 32_000_000  # below this, starting workers costs more than it saves


# ---------------------------------------------------------------------------
# Formats


def sniff_format(text: str, *, suffix: str = "") -> str:
    """Guess a text's format from its content, then its suffix."""
    from kit.read.formats import feed, html, markdown, subtitles

    head = text[:2000].lstrip("\ufeff \t\n")
    by_suffix = _SUFFIX_FORMAT.get(suffix.lower())
    if head.startswith("WEBVTT"):
        return "vtt"
    if subtitles.looks_like_srt(text):
        return "srt"
    if by_suffix in ("json", "jsonl", "csv"):
        return by_suffix
    if markdown.looks_like_markdown(text):
        return "markdown"
    if feed.looks_like_feed(text):
        return "rss"
    if by_suffix in ("html", "markdown"):
        return by_suffix
    if head.startswith(("[", "{")) and suffix.lower() not in (".txt",):
        return "json"
    if html.looks_like_html(text, plain_suffix=suffix.lower() in (".txt", ".text")):
        return "html"
    return "text"


def _parse(text: str, fmt: str, *, source: str, options: Mapping[str, Any]) -> list[ParsedDocument]:
    if fmt == "text":
        return [ParsedDocument(text, "text")]
    if fmt == "html":
        from kit.read.formats.html import parse_html

        return parse_html(text, source=source)
    if fmt in ("rss", "atom"):
        from kit.read.formats.feed import parse_feed

        return parse_feed(text, source=source)
    if fmt == "markdown":
        from kit.read.formats.markdown import parse_markdown

        return parse_markdown(text, source=source)
    if fmt in ("vtt", "srt"):
        from kit.read.formats import subtitles

        return getattr(subtitles, f"parse_{fmt}")(text, source=source)
    if fmt in ("json", "jsonl", "csv"):
        from kit.read.formats import table

        return getattr(table, f"parse_{fmt}")(text, source=source, **options)
    raise KitError(f"{source}: unknown format {fmt!r}. Fix: pass one of {', '.join(FORMATS)}.")


# ---------------------------------------------------------------------------
# One document → rows


@dataclass
class _Rows:
    """Column lists for the tables of a batch of documents (cheap to pickle)."""

    docs: list[dict[str, Any]] = field(default_factory=list)
    turns: dict[str, list] = field(default_factory=lambda: {k: [] for k in (
        s.DOC_ID, s.TURN_ID, "label", s.TEXT, s.START_CHAR, s.END_CHAR, "text_start",
        s.START_S, s.END_S, "speaker_raw", "role_raw", "surname", "resolved")})
    stage: dict[str, list] = field(default_factory=lambda: {k: [] for k in (
        s.DOC_ID, s.TURN_ID, s.TEXT, s.START_CHAR, s.END_CHAR)})
    skipped: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _add_document(rows: _Rows, doc: ParsedDocument, *, doc_id: str, source: str,
                  aliases: Mapping[str, str]) -> None:
    text = doc.text
    if doc.turns is None:
        turns = [t for t in segment(text).turns if t.start >= doc.body_start]
    else:
        turns = doc.turns
    if not turns:
        # No labels: the whole text is one turn by an unknown speaker.
        body = text[doc.body_start:]
        stripped_start = doc.body_start + len(body) - len(body.lstrip())
        end = len(text.rstrip())
        if end <= stripped_start:
            raise TranscriptError(source, "The transcript holds no text.",
                                  "Check the export, or leave the file out.", line=1)
        turns = [RawTurn(stripped_start, stripped_start, end, "")]
        rows.warnings.append(
            f"{source}: no speaker labels found; read as one turn by '{s.UNKNOWN_SPEAKER}'. "
            "If it has labels, check their shape (NAME: at the start of a line), or pass "
            "format=.")
    header = text[: turns[0].start]
    trailer = text[turns[-1].end:]
    meta = parse_header(header)
    meta.update({k: v for k, v in doc.meta.items() if v is not None and v != ""})
    context = " \n".join(str(meta.get(k, "")) for k in ("title", "byline", "caption")) + header

    resolved: dict[str, tuple[str, str, str | None, bool]] = {}
    t = rows.turns
    for turn_id, turn in enumerate(turns):
        label = turn.label
        if label not in resolved:
            key = label_key(label)
            if key in aliases:
                resolved[label] = (aliases[key], resolve_label(label, context=context)[1], None,
                                   True)
            else:
                speaker, role, surname = resolve_label(label, context=context)
                full = surname is not None and label_key(speaker) != label_key(label) and \
                    len(speaker.split()) >= 2 and speaker[0].isupper() and \
                    any(c.islower() for c in speaker)
                resolved[label] = (speaker, role, surname, full or (
                    surname is not None and any(c.islower() for c in label)))
        speaker, role, surname, is_full = resolved[label]
        t[s.DOC_ID].append(doc_id)
        t[s.TURN_ID].append(turn_id)
        t["label"].append(label)
        t[s.TEXT].append(text[turn.text_start: turn.end])
        t[s.START_CHAR].append(turn.start)
        t[s.END_CHAR].append(turn.end)
        t["text_start"].append(turn.text_start)
        t[s.START_S].append(turn.start_s)
        t[s.END_S].append(turn.end_s)
        t["speaker_raw"].append(speaker)
        t["role_raw"].append(role)
        t["surname"].append(surname)
        t["resolved"].append(is_full)
        for m in STAGE_DIRECTION.finditer(text, turn.text_start, turn.end):
            st = rows.stage
            st[s.DOC_ID].append(doc_id)
            st[s.TURN_ID].append(turn_id)
            st[s.TEXT].append(m.group(0))
            st[s.START_CHAR].append(m.start())
            st[s.END_CHAR].append(m.end())
    rows.docs.append({
        s.DOC_ID: doc_id,
        s.TITLE: meta.get("title"),
        s.DATE: meta.get("date"),
        s.LOCATION: meta.get("location"),
        s.BYLINE: meta.get("byline"),
        s.CAPTION: meta.get("caption"),
        s.URL: meta.get("url"),
        s.SOURCE: source,
        s.FORMAT: doc.format,
        s.HEADER: header,
        s.TRAILER: trailer,
        s.N_TURNS: len(turns),
    })


def _read_one(path: str, doc_id: str, options: Mapping[str, Any], rows: _Rows) -> None:
    fmt = options.get("format")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TranscriptError(path, f"The file cannot be read ({exc.strerror}).",
                              "Check the path and its permissions.") from None
    text = decode(data, source=path, encoding=options.get("encoding"))
    if fmt is None:
        fmt = sniff_format(text, suffix=Path(path).suffix)
    elif fmt not in FORMATS:
        raise KitError(f"Unknown format={fmt!r}. Fix: pass one of {', '.join(FORMATS)}.")
    docs = _parse(text, fmt, source=path, options=options.get("format_options", {}))
    if not docs:
        raise TranscriptError(path, "No transcript was found in the file.",
                              "Check that it is a transcript, or pass format=.", line=1)
    for doc in docs:
        did = doc_id if doc.key is None else f"{doc_id}/{doc.key}"
        _add_document(rows, doc, doc_id=did, source=path, aliases=options.get("aliases", {}))


def _read_batch(jobs: Sequence[tuple[str, str]], options: Mapping[str, Any]) -> _Rows:
    rows = _Rows()
    for path, doc_id in jobs:
        try:
            try:
                _read_one(path, doc_id, options, rows)
            except KitError:
                raise
            except Exception as exc:  # a bug of ours: still name the file
                raise TranscriptError(
                    path, f"Reading failed unexpectedly ({type(exc).__name__}: {exc}).",
                    "This is a bug in Transcript Kit: please report it with the file; "
                    "errors='skip' reads the other files.") from exc
        except KitError as exc:
            if options.get("errors", "raise") == "raise":
                raise
            rows.skipped.append({"source": path, "error": str(exc)})
    # Arrow holds the batch's turn texts from here on; the Python strings go at once.
    rows.turns[s.TEXT] = pa.array(rows.turns[s.TEXT], type=pa.large_string())
    release_memory()
    return rows


# ---------------------------------------------------------------------------
# Rows → tables


def _word_counts(texts: pl.Series) -> np.ndarray:
    # polars' regex kernel is ~8x faster than pandas' str.count here (PERF-NOTES)
    return texts.str.count_matches(WORD).to_numpy().astype(np.int64)


def _to_pandas_str(texts: pa.Array | pa.ChunkedArray) -> pd.Series:
    """Arrow strings as a pandas ``str`` column, sharing the Arrow buffers."""
    if not len(texts):
        return pd.Series([], dtype="str")
    return pd.Series(pd.array(texts, dtype="str"))


_PHRASE_CHUNK_CHARS = 8_000_000


@dataclass
class _Split:
    """Word counts of turns, and phrases with their texts and word counts."""

    turn_words: np.ndarray
    found: pl.DataFrame
    texts: pa.ChunkedArray
    phrase_words: np.ndarray


def _split_turns(turn_texts: pa.ChunkedArray) -> _Split:
    """Count words and split phrases, a few MB of turns at a time.

    Each chunk goes to polars on its own, so neither polars' copy of all turn
    texts nor of all phrase texts exists at once (peak memory, bench_read.py).
    """
    lengths = pc.utf8_length(turn_texts).to_numpy(zero_copy_only=False) if len(turn_texts) \
        else np.zeros(0, np.int64)
    bounds = np.searchsorted(np.cumsum(lengths), np.arange(
        _PHRASE_CHUNK_CHARS, lengths.sum() + _PHRASE_CHUNK_CHARS, _PHRASE_CHUNK_CHARS),
        side="right")
    turn_words, found_parts, text_parts, phrase_words = [], [], [], []
    lo = 0
    for hi in [*np.unique(bounds), len(lengths)]:
        hi = int(min(hi, len(lengths)))
        if hi <= lo:
            continue
        chunk = pl.Series("text", turn_texts.slice(lo, hi - lo), dtype=pl.String)
        turn_words.append(_word_counts(chunk))
        found = split_phrases(chunk)
        texts = pl.DataFrame({
            "text": chunk.gather(found["turn"]), "start": found["start"],
            "n": found["end"] - found["start"]}).select(
            pl.col("text").str.slice(pl.col("start"), pl.col("n")))["text"]
        phrase_words.append(_word_counts(texts))
        text_parts.append(texts.to_arrow())
        found_parts.append(found.with_columns(pl.col("turn") + lo))
        lo = hi
    if not found_parts:
        empty = np.zeros(0, np.int64)
        return _Split(empty, split_phrases([]), pa.chunked_array([], pa.large_string()), empty)
    return _Split(np.concatenate(turn_words), pl.concat(found_parts),
                  pa.chunked_array(text_parts, type=pa.large_string()),
                  np.concatenate(phrase_words))


def _phrases(split: _Split, turns: pd.DataFrame, order: list) -> pd.DataFrame:
    """One row per phrase of every turn (see :mod:`kit.read.phrases`)."""
    found = split.found
    idx = found["turn"].to_numpy().astype(np.int64)
    start = found["start"].to_numpy().astype(np.int64)
    end = found["end"].to_numpy().astype(np.int64)
    offset = turns["text_start"].to_numpy()[idx]
    doc_codes, doc_order = pd.factorize(turns[s.DOC_ID])
    return pd.DataFrame({
        # a million phrases repeat a few thousand ids: categorical, in document order
        s.DOC_ID: pd.Categorical.from_codes(doc_codes[idx], categories=doc_order),
        # small integer keys: a million phrases, four bytes each
        s.TURN_ID: turns[s.TURN_ID].to_numpy()[idx].astype(np.int32),
        s.PHRASE_ID: found["phrase"].to_numpy().astype(np.int32),
        s.SPEAKER: pd.Categorical.from_codes(turns[s.SPEAKER].cat.codes.to_numpy()[idx],
                                             categories=order),
        s.TEXT: _to_pandas_str(split.texts),
        s.N_WORDS: split.phrase_words.astype(np.int32),
        s.START_CHAR: offset + start,
        s.END_CHAR: offset + end,
    })


def _as_arrow(texts: list[str] | pa.Array) -> pa.Array:
    return texts if isinstance(texts, pa.Array) else pa.array(texts, type=pa.large_string())


def _build(parts: Sequence[_Rows], aliases: Mapping[str, str]) -> Corpus:
    docs = [d for part in parts for d in part.docs]

    def column(attr: str, name: str) -> list:
        if len(parts) == 1:
            return getattr(parts[0], attr)[name]
        return [v for part in parts for v in getattr(part, attr)[name]]

    # Turn texts: one Arrow copy for pandas, one polars copy while splitting; the Python
    # strings are let go as soon as Arrow has them (peak memory, see bench_read.py).
    turn_arrow = pa.chunked_array([_as_arrow(part.turns[s.TEXT]) for part in parts],
                                  type=pa.large_string())
    split = _split_turns(turn_arrow)
    turns = pd.DataFrame({c: column("turns", c) for c in _Rows().turns if c != s.TEXT})
    stage = pd.DataFrame({c: column("stage", c) for c in _Rows().stage})
    for part in parts:  # the frames have the values now; let the Python objects go
        part.turns.clear()
        part.stage.clear()
    release_memory()
    documents = pd.DataFrame(docs, columns=[c for c in s.DOCUMENT_COLUMNS
                                            if c not in (s.N_WORDS,)])
    for col in (s.HEADER, s.TRAILER, s.SOURCE, s.FORMAT, s.DOC_ID):
        documents[col] = documents[col].astype("str")
    documents[s.DATE] = pd.to_datetime(documents[s.DATE]).astype("datetime64[ns]")

    # Speakers: surname-only labels join the one full name with that surname.
    if len(turns):
        canon = merge_surnames(pd.DataFrame({
            "speaker": turns["speaker_raw"], "surname": turns["surname"],
            "resolved": turns["resolved"].astype(bool)}))
        speaker = canon["speaker"]
        if aliases:
            by_name = speaker.map(lambda x: aliases.get(label_key(x)))
            speaker = by_name.fillna(speaker)
    else:
        speaker = pd.Series([], dtype=object)
    order = list(dict.fromkeys(speaker))
    turns[s.SPEAKER] = pd.Categorical(speaker, categories=order)
    turns[s.SPEAKER_LABEL] = turns.pop("label").astype("str")
    # A speaker's turns under a bare surname take the role their fuller label gave.
    role = turns.pop("role_raw")
    known = pd.Series(role.to_numpy(), index=speaker.to_numpy())
    known = known[known != s.ROLE_UNKNOWN]
    if len(known):
        main_role = known.groupby(level=0).agg(lambda x: x.mode().iloc[0])
        unknown = (role == s.ROLE_UNKNOWN).to_numpy()
        role = role.where(~unknown, speaker.map(main_role).fillna(s.ROLE_UNKNOWN).to_numpy())
    turns[s.ROLE] = pd.Categorical(role, categories=s.ROLES)
    turns[s.TEXT] = _to_pandas_str(turn_arrow)
    turns[s.DOC_ID] = turns[s.DOC_ID].astype("str")

    # Word counts leave stage directions out.
    n_words = split.turn_words
    if len(stage):
        stage[s.TEXT] = stage[s.TEXT].astype("str")
        stage_words = stage.assign(
            n=_word_counts(pl.Series(stage[s.TEXT].to_numpy(), dtype=pl.String))
        ).groupby([s.DOC_ID, s.TURN_ID], sort=False)["n"].sum()
        key = pd.MultiIndex.from_frame(turns[[s.DOC_ID, s.TURN_ID]])
        n_words = n_words - stage_words.reindex(key, fill_value=0).to_numpy()
        directions = stage.groupby([s.DOC_ID, s.TURN_ID], sort=False)[s.TEXT].agg(tuple)
        listed = [x if isinstance(x, tuple) else () for x in directions.reindex(key)]
        turns[s.STAGE_DIRECTIONS] = pd.Series(listed, dtype=object)
    else:
        turns[s.STAGE_DIRECTIONS] = pd.Series([()] * len(turns), dtype=object)
    turns[s.N_WORDS] = n_words
    for col in (s.START_S, s.END_S):
        turns[col] = pd.to_numeric(turns[col], errors="coerce").astype("float64")
    doc_info = documents.set_index(s.DOC_ID)
    turns[s.DATE] = doc_info[s.DATE].reindex(turns[s.DOC_ID]).to_numpy()
    turns[s.TITLE] = doc_info[s.TITLE].reindex(turns[s.DOC_ID]).to_numpy()
    for col in (s.TURN_ID, s.START_CHAR, s.END_CHAR, "text_start"):
        turns[col] = turns[col].astype("int64")
    phrases = _phrases(split, turns, order)
    turns = turns.rename(columns={"text_start": s.TEXT_START_CHAR})[s.TURN_COLUMNS]

    per_doc = turns.groupby(s.DOC_ID, sort=False)[s.N_WORDS].sum()
    documents[s.N_WORDS] = documents[s.DOC_ID].map(per_doc).fillna(0).astype("int64")
    documents[s.N_TURNS] = documents[s.N_TURNS].astype("int64")
    documents = documents[s.DOCUMENT_COLUMNS]
    stage = stage.reindex(columns=s.STAGE_DIRECTION_COLUMNS)

    skipped = [x for part in parts for x in part.skipped]
    return Corpus(documents, turns, phrases, stage,
                  pd.DataFrame(skipped, columns=["source", "error"], dtype="str"))


def _emit(parts: Iterable[_Rows], errors: str) -> None:
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
    if format is not None and format not in FORMATS:
        raise KitError(f"Unknown format={format!r}. Fix: pass one of {', '.join(FORMATS)}.")
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
        One of ``text``, ``html``, ``rss``, ``atom``, ``markdown``, ``vtt``, ``srt``,
        ``json``, ``jsonl``, ``csv``; detected from content and suffix by default.
    encoding
        Force an encoding; by default UTF-8/UTF-16 (BOM) and cp1252 are detected.
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
    rows = _Rows()
    _read_one(str(path), doc_id or _doc_ids([path], None, "")[0], options, rows)
    _emit([rows], "raise")
    return _build([rows], options["aliases"])


def _pool_context() -> multiprocessing.context.BaseContext | None:
    """Workers forked from this process, or None where fork is not safe.

    Fork starts workers at once and does not run the user's script again (spawn and
    forkserver do, so a script without ``if __name__ == "__main__":`` would fail).
    Workers only decode, segment and build Arrow arrays; polars runs in the parent
    after the pool is done, so its thread pool is never forked mid-work.
    """
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def read_transcripts(source: PathLike | Sequence[PathLike], *, format: str | None = None,
                     encoding: str | None = None,
                     aliases: Mapping[str, str] | PathLike | None = None,
                     errors: Errors = "raise", progress: bool | None = None,
                     n_jobs: int | None = None, id_prefix: str = "",
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

    Returns
    -------
    Corpus
        ``doc_id`` is the path relative to the folder, without its suffix.
    """
    files, root = expand_sources(source)
    options = _options(format, encoding, aliases, errors, format_options)
    ids = _doc_ids(files, root, id_prefix)
    jobs = [(str(p), i) for p, i in zip(files, ids, strict=True)]
    context = _pool_context()
    if n_jobs is None:
        size = sum(p.stat().st_size for p in files)
        many = len(jobs) >= _PARALLEL_MIN_FILES and size >= _PARALLEL_MIN_BYTES
        n_jobs = (os.cpu_count() or 1) if many else 1
    n_jobs = max(1, min(n_jobs, len(jobs) or 1)) if context is not None else 1

    from tqdm.auto import tqdm

    bar = tqdm(total=len(jobs), unit="file", desc="Reading transcripts",
               disable=progress is False or not jobs, delay=0 if progress else 1.0)
    parts: list[_Rows] = []
    try:
        if n_jobs == 1:
            step = max(1, len(jobs) // 100)
            for i in range(0, len(jobs), step):
                parts.append(_read_batch(jobs[i: i + step], options))
                bar.update(len(jobs[i: i + step]))
        else:
            size = max(1, min(64, len(jobs) // (n_jobs * 4)))
            batches = [jobs[i: i + size] for i in range(0, len(jobs), size)]
            with ProcessPoolExecutor(n_jobs, mp_context=context) as pool:
                for part in pool.map(_read_batch, batches, [options] * len(batches)):
                    parts.append(part)
                    bar.update(len(batches[len(parts) - 1]))
    finally:
        bar.close()
    _emit(parts, errors)
    return _build(parts, options["aliases"])


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
    rows = _Rows()
    base = _slug(source.strip("<>").lower()) if doc is None else ""
    for i, parsed in enumerate(docs):
        doc_id = _slug(str(parsed.key)) if parsed.key is not None else (base or f"doc-{i + 1}")
        _add_document(rows, parsed, doc_id=doc_id, source=source, aliases=options["aliases"])
    _emit([rows], "raise")
    return _build([rows], options["aliases"])

