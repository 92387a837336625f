"""Read tables of utterances (JSON, JSON Lines, CSV, DataFrames) into documents.

Input grain: one row per utterance, with a speaker column and a text column, and
optionally columns for the document, start and end times, title and date. Output
grain: one :class:`ParsedDocument` per document (all rows, or one per distinct value of
the ``doc`` column), one turn per row with text. Consecutive rows of one speaker stay
separate turns: a table's rows are the utterances its maker chose.

The normalised text is built here: one paragraph per row, ``SPEAKER: text`` (or the
bare text when the speaker is missing), paragraphs joined by a blank line. Rows that a
CSV has above its header row (a title, a note) come first, as the document's header.

Speech-to-text segments that name no speaker (Whisper's ``segments`` with times but no
``speaker`` key) are read as one unattributed turn per segment. Times are taken as
written, also where they start again from zero at a part boundary (Rev exports of a
hearing in parts): no clock across parts is invented.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
import reprlib
import warnings
from collections.abc import Callable, Hashable, Sequence
from datetime import date as date_type
from datetime import timedelta
from typing import Any, Literal

import numpy as np
import pandas as pd

from kit.errors import KitError, TranscriptError, TranscriptWarning
from kit.read.decoding import SURROGATE, replace_surrogates
from kit.read.formats._base import ParsedDocument, RawTurn

__all__ = ["documents_from_frame", "parse_csv", "parse_json", "parse_jsonl"]

TimeUnit = Literal["s", "ms"]

# Column names tried, case-insensitively, when the caller keeps a default name that the
# table does not have: the names common transcription services and tools write.
_ALIASES = {
    "speaker": ("speaker", "speaker_label", "speaker_name", "spk", "person", "name"),
    "text": ("text", "transcript", "utterance", "content", "sentence", "speech", "comment"),
    "start": ("start", "start_s", "start_time", "starttime", "begin", "timestamp", "time"),
    "end": ("end", "end_s", "end_time", "endtime", "stop"),
    "title": ("title",),
    "date": ("date",),
}
# Keys under which a JSON object keeps its list of utterances, most specific first.
_LIST_KEYS = ("segments", "utterances", "turns", "monologues", "audio_segments", "results",
              "records", "rows", "data", "items")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$")
_DELIMITERS = (",", "\t", ";", "|")
_SNIFF_ROWS = 50  # rows looked at to find the delimiter and the header row
_HEADER_CELL_CHARS = 64
_SHOWN = 5  # rows named in a warning; the rest are counted
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60

# Says where a row is for error messages: (words such as "row 3", source line or None).
_Where = Callable[[int], tuple[str, int | None]]


def documents_from_frame(frame: pd.DataFrame, *, source: str,
                         speaker: str | None = "speaker", text: str = "text",
                         doc: str | None = None,
                         start: str | None = None, end: str | None = None,
                         title: str | None = None, date: str | None = None,
                         time_unit: TimeUnit = "s",
                         format: str = "pandas") -> list[ParsedDocument]:
    """Turn a table with one row per utterance into documents of turns.

    Parameters
    ----------
    frame
        One row per utterance. It is not modified; extra columns are ignored.
    source
        Name of the table's origin, used in error messages and by the caller's ids.
    speaker, text
        Columns holding the speaker label and the speech. If the default name is absent,
        a usual alternative is used (``speaker_label``, ``transcript``, ...; any case).
        ``speaker=None`` reads a table that names no speakers (every label ``""``); so
        does the default when the table has no speaker column but has times (speech-to-
        text segments: one unattributed turn per segment).
    doc
        Column whose values group rows into documents (``key`` = the value as text), in
        order of first appearance. ``None``: all rows form one document.
    start, end
        Columns with times, as seconds or ``HH:MM:SS(.fff)`` strings. ``None``: a column
        named ``start``/``start_s``/``start_time`` (``end``/...) is used if present.
    title, date
        Columns with each document's title and date (first non-empty value wins).
        ``None``: a column named ``title`` (``date``) is used if present.
    time_unit
        Unit of numeric times: ``"s"`` (seconds) or ``"ms"`` (milliseconds).
    format
        Name recorded as the documents' format.

    Returns
    -------
    list of ParsedDocument
        One per document; one turn per row with non-empty text, labels as written
        (``""`` when the speaker cell is empty), ``meta`` with ``title``/``date`` if given.

    Warns
    -----
    TranscriptWarning
        Naming the rows (a few, and how many more): rows without text, left out (nothing
        of them can be kept, but they may be speech the export lost); text cells holding
        a list of strings (sentences, words), read joined with spaces; lone surrogates
        (``"\\ud800"`` escapes), replaced with U+FFFD.

    Raises
    ------
    TranscriptError
        When a named column is missing (the message lists the columns found), a time or
        date cannot be read, or no row has text. Also, naming the row, when a speaker,
        text, document or title cell holds an object, a list of lists, or bytes: there is
        no one way to read that as a name or as speech, so the reader will not guess.
    """
    if not isinstance(frame, pd.DataFrame):
        raise KitError(f"{source}: expected a pandas DataFrame with one row per utterance, got "
                       f"{_kind(frame)}. Fix: pass pd.DataFrame(...) of your rows.")
    return _documents(frame, source=source, format=format, speaker=speaker, text=text,
                      doc=doc, start=start, end=end, title=title, date=date,
                      time_unit=time_unit,
                      where=lambda i: (f"Row {_show(frame.index[i])}", None))


def parse_json(content: str, /, *, source: str, speaker: str | None = "speaker",
               text: str | None = None, text_column: str | None = None,
               doc: str | None = None, start: str | None = None, end: str | None = None,
               title: str | None = None, date: str | None = None,
               time_unit: TimeUnit | None = None) -> list[ParsedDocument]:
    """Read a JSON transcript: a list of utterance objects, or an object holding one.

    Accepted shapes: ``[{"speaker": ..., "text": ...}, ...]``; an object with the list
    under ``segments`` (WhisperX), ``utterances`` (AssemblyAI, Deepgram), ``turns``,
    ``monologues`` (Rev), ``results``, ``records``, ``rows``, ``data`` or ``items``, or
    one level deeper under ``results`` (AWS Transcribe ``audio_segments``). Top-level
    ``title`` and ``date`` become metadata.

    Parameters
    ----------
    content
        Decoded file content.
    source
        Name of the file, used in error messages.
    speaker, text, doc, start, end, title, date
        Keys of the utterance objects, as in :func:`documents_from_frame`
        (``text_column=`` is accepted for ``text=``).
    time_unit
        ``"s"`` or ``"ms"`` for numeric times; ``None`` guesses (milliseconds only for
        AssemblyAI exports, seconds otherwise).

    Returns
    -------
    list of ParsedDocument
        One per document (format ``"json"``), one turn per utterance.

    Raises
    ------
    TranscriptError
        For an empty file, invalid JSON (with its line), no list of utterances, or the
        problems listed in :func:`documents_from_frame`.
    """
    column = _text_option(text, text_column, source=source)
    _require_text(content, source=source, name="JSON")
    try:
        data = json.loads(content.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        hint = (" If each line is its own JSON object, pass format='jsonl'."
                if exc.msg == "Extra data" else "")
        raise TranscriptError(source, f"This is not valid JSON: {exc.msg} (column {exc.colno}).",
                              f"Correct the JSON at that line.{hint}", line=exc.lineno) from None
    except RecursionError:
        raise _too_deep(source, line=None) from None
    records, meta, guessed_unit = _records(data, source=source)
    frame = _frame(records, source=source)
    docs = _documents(frame, source=source, format="json", speaker=speaker, text=column,
                      doc=doc, start=start, end=end, title=title, date=date,
                      time_unit=time_unit or guessed_unit,
                      where=lambda i: (f"Record {i + 1}", None))
    for parsed in docs:
        for key, value in meta.items():
            parsed.meta.setdefault(key, value)
    return docs


def parse_jsonl(content: str, /, *, source: str, speaker: str | None = "speaker",
                text: str | None = None, text_column: str | None = None,
                doc: str | None = None, start: str | None = None, end: str | None = None,
                title: str | None = None, date: str | None = None,
                time_unit: TimeUnit = "s") -> list[ParsedDocument]:
    """Read JSON Lines: one utterance object per line (blank lines are skipped).

    Parameters
    ----------
    content
        Decoded file content.
    source
        Name of the file, used in error messages.
    speaker, text, doc, start, end, title, date, time_unit
        As in :func:`documents_from_frame` (``text_column=`` is accepted for ``text=``).

    Returns
    -------
    list of ParsedDocument
        One per document (format ``"jsonl"``), one turn per line with text.

    Raises
    ------
    TranscriptError
        For an empty file, a line that is not a JSON object (with its number), or the
        problems listed in :func:`documents_from_frame`.
    """
    column = _text_option(text, text_column, source=source)
    _require_text(content, source=source, name="JSON Lines")
    records: list[dict[str, Any]] = []
    lines: list[int] = []
    for number, line in enumerate(content.lstrip("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise TranscriptError(
                source, f"This line is not valid JSON: {exc.msg} (column {exc.colno}).",
                "Write one complete JSON object per line; if the file is one JSON document, "
                "pass format='json'.", line=number) from None
        except RecursionError:
            raise _too_deep(source, line=number) from None
        if not isinstance(record, dict):
            raise TranscriptError(
                source, f"This line holds a JSON {type(record).__name__}, not an object.",
                'Write one object per line, like {"speaker": "JANE", "text": "Hello."}.',
                line=number)
        records.append(record)
        lines.append(number)
    frame = _frame(records, source=source)
    return _documents(frame, source=source, format="jsonl", speaker=speaker, text=column,
                      doc=doc, start=start, end=end, title=title, date=date,
                      time_unit=time_unit,
                      where=lambda i: ("The record on this line", lines[i]))


def parse_csv(content: str, /, *, source: str, speaker: str | None = "speaker",
              text: str | None = None, text_column: str | None = None,
              doc: str | None = None, start: str | None = None, end: str | None = None,
              title: str | None = None, date: str | None = None,
              time_unit: TimeUnit = "s") -> list[ParsedDocument]:
    """Read a CSV (or tab-, semicolon- or bar-separated) table with a header row.

    The header row is the first row with a cell naming the speaker or text column (the
    names asked for or their usual alternatives), else the first row with the most
    common number of cells; rows above it (a title, a note) become the document's
    header text. The delimiter is the one of ``,`` ``\\t`` ``;`` ``|`` that gives such a
    header row soonest, else the one the first line uses most. Empty cells count as
    missing.

    Parameters
    ----------
    content
        Decoded file content.
    source
        Name of the file, used in error messages.
    speaker, text, doc, start, end, title, date, time_unit
        Column names and options, as in :func:`documents_from_frame` (``text_column=``
        is accepted for ``text=``).

    Returns
    -------
    list of ParsedDocument
        One per document (format ``"csv"``), one turn per row with text.

    Raises
    ------
    TranscriptError
        For an empty file, a row with more cells than the header (with its line), or
        the problems listed in :func:`documents_from_frame`.
    """
    column = _text_option(text, text_column, source=source)
    _require_text(content, source=source, name="CSV")
    body = content.lstrip("\ufeff")
    names = {n.lower() for role, wanted in (("speaker", speaker), ("text", column))
             for n in (*_ALIASES[role], *([wanted] if wanted else []))}
    delimiter, header_at = _header_row(body, names)
    reader = csv.reader(io.StringIO(body), delimiter=delimiter)
    header: list[str] | None = None
    above: list[str] = []  # rows above the header row: a title, a note
    rows: list[list[str]] = []
    lines: list[int] = []
    last = 0
    try:
        for row in reader:
            row_line, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None and len(above) < header_at:
                # a title or note: its one cell, or its lines as written (commas and all)
                filled = [cell.strip() for cell in row if cell.strip()]
                above.append(filled[0] if len(filled) == 1 else "\n".join(
                    body.split("\n")[row_line - 1: last]).strip().rstrip(delimiter + " \t"))
                continue
            if header is None:
                header = _unique([cell.strip() for cell in row])
                continue
            if len(row) > len(header):
                raise TranscriptError(
                    source, f"This row has {len(row)} cells but the header has {len(header)}.",
                    f"Put cells that contain {delimiter!r} in double quotes.", line=row_line)
            rows.append(row + [""] * (len(header) - len(row)))
            lines.append(row_line)
    except csv.Error as exc:
        raise TranscriptError(source, f"The CSV cannot be read: {exc}.",
                              "Check the quoting near that line.", line=reader.line_num) from None
    if header is None:
        raise TranscriptError(source, "The CSV has no header row naming its columns.",
                              "Add a first row such as `speaker,text`.")
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    return _documents(frame, source=source, format="csv", speaker=speaker, text=column,
                      doc=doc, start=start, end=end, title=title, date=date,
                      time_unit=time_unit,
                      where=lambda i: ("This row", lines[i]), preamble="\n".join(above))


def _header_row(body: str, names: set[str]) -> tuple[str, int]:
    """The delimiter and the index of the header row among the non-blank rows.

    The header row is the first to name the speaker or text column (a cell in ``names``,
    any case; no cell as long as speech) under the delimiter that finds it soonest;
    else, under the delimiter the first line uses most, the first row with the most
    common number of cells (and at most one of them empty).
    """
    samples: dict[str, list[list[str]]] = {}
    for delimiter in _DELIMITERS:
        rows: list[list[str]] = []
        try:
            for row in csv.reader(io.StringIO(body), delimiter=delimiter):
                if any(cell.strip() for cell in row):
                    rows.append(row)
                    if len(rows) >= _SNIFF_ROWS:
                        break
        except csv.Error:
            pass  # quoting that this delimiter cannot read: judged on the rows before it
        samples[delimiter] = rows
    found = [(i, k, delimiter) for k, delimiter in enumerate(_DELIMITERS)
             for i, row in enumerate(samples[delimiter])
             if len(row) > 1 and any(cell.strip().lower() in names for cell in row)
             and max(map(len, row)) <= _HEADER_CELL_CHARS]  # names, not speech
    if found:
        i, _, delimiter = min(found)
        return delimiter, i
    first = next(line for line in body.split("\n") if line.strip())
    delimiter = max(_DELIMITERS, key=first.count)  # ties keep the comma (listed first)
    widths = [len(row) for row in samples[delimiter]]
    if not widths:
        return delimiter, 0
    modal = max(set(widths), key=lambda w: (widths.count(w), w))
    # a header names its columns: a note padded to the width ("Exported,,") is not one
    for i, row in enumerate(samples[delimiter]):
        if len(row) == modal and sum(not cell.strip() for cell in row) <= 1:
            return delimiter, i
    return delimiter, widths.index(modal)


# --- Shapes ------------------------------------------------------------------------------


def _too_deep(source: str, *, line: int | None) -> TranscriptError:
    return TranscriptError(
        source, "The JSON nests lists or objects too deeply to be read (thousands of levels).",
        "Give a list of utterance objects, each with speaker and text as strings.", line=line)


def _text_option(text: str | None, text_column: str | None, *, source: str) -> str:
    """Take the text column from ``text=`` or its synonym ``text_column=``."""
    if text is not None and text_column is not None and text != text_column:
        raise TranscriptError(source, f"Two text columns were given: text={text!r} and "
                              f"text_column={text_column!r}.", "Pass only text=.")
    return text or text_column or "text"


def _require_text(text: str, *, source: str, name: str) -> None:
    if not text.strip("\ufeff \t\r\n"):
        raise TranscriptError(source, f"The {name} file is empty.",
                              "Check that the right file was given and that it was saved.")


def _records(data: Any, *, source: str) -> tuple[list[Any], dict[str, Any], TimeUnit]:
    """Find the list of utterances in parsed JSON; also top-level metadata and time unit."""
    if isinstance(data, list):
        return data, {}, "s"
    if isinstance(data, dict):
        meta: dict[str, Any] = {}
        if isinstance(data.get("title"), str) and data["title"].strip():
            meta["title"] = " ".join(data["title"].split())
        if isinstance(data.get("date"), str) and data["date"].strip():
            meta["date"] = _timestamp(data["date"], source=source, col="date")
        # AssemblyAI gives times in milliseconds beside ``audio_duration`` in seconds.
        unit: TimeUnit = "ms" if "utterances" in data and "audio_duration" in data else "s"
        for holder in (data, data.get("results")):
            if not isinstance(holder, dict):
                continue
            for key in _LIST_KEYS:
                value = holder.get(key)
                if isinstance(value, list) and value and isinstance(value[0], dict):
                    if key == "monologues":
                        value = [_rev_monologue(m) for m in value]
                    return value, meta, unit
        raise TranscriptError(
            source, "No list of utterances was found in this JSON object; its keys are "
            f"{_names(data)}.",
            "Give a list of objects with speaker and text, or an object holding such a list "
            f"under one of {_names(_LIST_KEYS)}.")
    raise TranscriptError(
        source, f"This JSON holds a {type(data).__name__}, not a list of utterances.",
        'Give a list of objects like {"speaker": "JANE", "text": "Hello."}.')


def _rev_monologue(monologue: dict[str, Any]) -> dict[str, Any]:
    """Flatten a Rev.ai monologue (a speaker and a list of timed elements) to one record."""
    elements = [e for e in monologue.get("elements") or [] if isinstance(e, dict)]
    timed = [e for e in elements if e.get("ts") is not None]
    record = {k: v for k, v in monologue.items() if k != "elements"}
    record.setdefault("text", "".join(str(e.get("value", "")) for e in elements
                                      if _is_scalar(e.get("value", ""))))
    if monologue.get("speaker_name"):
        record["speaker"] = monologue["speaker_name"]
    if timed:
        record.setdefault("start", timed[0]["ts"])
        record.setdefault("end", timed[-1].get("end_ts", timed[-1]["ts"]))
    return record


def _frame(records: list[Any], *, source: str) -> pd.DataFrame:
    if not records:
        raise TranscriptError(source, "The file holds no utterances.",
                              "Check that the export finished and is not empty.")
    for i, record in enumerate(records):
        if not isinstance(record, dict):
            raise TranscriptError(
                source, f"Record {i + 1} is a {type(record).__name__}, not an object.",
                'Give each utterance as an object like {"speaker": "JANE", "text": "Hi."}.')
    # Object columns: the cells reach _documents as they are (never through Arrow, which
    # refuses lone surrogates before they can be replaced with a warning naming the row).
    return pd.DataFrame(records, dtype=object)


def _unique(names: list[str]) -> list[str]:
    """Make repeated header names unique (``x``, ``x.1``) so each names one column."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out


def _names(names: Sequence[Hashable] | dict[str, Any]) -> str:
    return ", ".join(repr(str(n)) for n in names) or "(none)"


# --- Rows to documents -------------------------------------------------------------------


def _resolve(columns: list[str], wanted: str | None, *, role: str,
             default: str | None) -> str | None:
    """Find the column for ``role``: the name asked for, else a usual alternative."""
    if wanted is not None and wanted in columns:
        return wanted
    lower = {str(c).lower(): c for c in reversed(columns)}
    if wanted is not None and wanted != default:
        return lower.get(wanted.lower())
    for alias in _ALIASES.get(role, ()):
        if alias in lower:
            return lower[alias]
    return None


def _documents(frame: pd.DataFrame, *, source: str, format: str, speaker: str | None,
               text: str,
               doc: str | None, start: str | None, end: str | None, title: str | None,
               date: str | None, time_unit: TimeUnit,
               where: _Where, preamble: str = "") -> list[ParsedDocument]:
    columns = list(frame.columns)
    spk_col = (None if speaker is None
               else _resolve(columns, speaker, role="speaker", default="speaker"))
    txt_col = _resolve(columns, text, role="text", default="text")
    if spk_col is None and speaker == "speaker" and txt_col is not None and any(
            _resolve(columns, wanted, role=role, default=None) is not None
            for role, wanted in (("start", start), ("end", end))):
        # Timed segments without any speaker column (Whisper): unattributed turns.
        speaker = None
    need = [(kw, name, what) for kw, name, what, col in (
        ("speaker", speaker, "the speaker", spk_col), ("text", text, "the speech", txt_col))
        if col is None and name is not None]
    if need or txt_col is None:
        raise TranscriptError(
            source, "There is " + " and ".join(f"no column {name!r} for {what}"
                                               for _, name, what in need)
            + f"; the columns are {_names(columns)}.",
            "Pass " + " and ".join(f"{kw}='<column>'" for kw, _, _ in need)
            + " naming the column that holds " + " and ".join(w for _, _, w in need)
            + (" (or speaker=None if the table names no speakers)." if spk_col is None
               else "."))
    optional = {}
    for role, wanted, kw in (("doc", doc, "doc"), ("title", title, "title"),
                             ("date", date, "date"), ("start", start, "start"),
                             ("end", end, "end")):
        found = _resolve(columns, wanted, role=role, default=None)
        if wanted is not None and found is None:
            raise TranscriptError(
                source, f"No column {wanted!r} for {kw}=; the columns are {_names(columns)}.",
                f"Pass {kw}= with one of these columns, or leave it out.")
        optional[role] = found

    for col in (spk_col, txt_col, *optional.values()):
        if col is not None and list(columns).count(col) > 1:
            raise TranscriptError(source, f"The column name {col!r} is used more than once.",
                                  "Rename the columns so that each name is used once.")

    def values(col: str | None) -> list[Any]:
        return frame[col].tolist() if col is not None else [None] * len(frame)

    speakers, texts = values(spk_col), values(txt_col)
    keys, titles = values(optional["doc"]), values(optional["title"])
    dates = values(optional["date"])
    starts, ends = values(optional["start"]), values(optional["end"])

    def cell(value: Any, i: int, col: str | None) -> str:
        """A speaker, document or title cell as text: one value, not a list or object."""
        if not _is_scalar(value):
            raise _not_a_value(value, i, col, where=where, source=source)
        return _cell(value)

    groups: dict[str | None, list[int]] = {}
    speeches: dict[int, str] = {}
    without_text: list[int] = []
    lists: list[int] = []
    for i, raw in enumerate(texts):
        speech = _speech(raw, i, txt_col, where=where, source=source, lists=lists)
        if not speech:
            without_text.append(i)  # an utterance without words has nothing to keep
            continue
        speeches[i] = speech
        key = None
        if optional["doc"] is not None:
            if _missing(keys[i]):
                what, line = where(i)
                raise TranscriptError(
                    source, f"{what} has text but no value in the document column "
                    f"{optional['doc']!r}.", "Fill in the document of every row.", line=line)
            key = cell(keys[i], i, optional["doc"])
        groups.setdefault(key, []).append(i)
    if not groups:
        raise TranscriptError(source, f"No row has text in the column {txt_col!r}.",
                              "Pass text= naming the column that holds the speech.")
    if without_text:
        n = len(without_text)
        warnings.warn(f"{source}: {n} row{'s' if n > 1 else ''} without text in the column "
                      f"{txt_col!r} {'were' if n > 1 else 'was'} left out: "
                      f"{_places(without_text, where)}.", TranscriptWarning, stacklevel=3)
    if lists:
        warnings.warn(f"{source}: the text of {_places(lists, where)} is a list, not a string; "
                      "its items were joined with spaces.", TranscriptWarning, stacklevel=3)
    surrogates: list[int] = []

    docs: list[ParsedDocument] = []
    for key, rows in groups.items():
        parts: list[str] = []
        turns: list[RawTurn] = []
        pos = 0
        if preamble and not docs:  # the rows above the header: the first document's
            parts.append(preamble)
            pos = len(preamble)
        for i in rows:
            label = "" if _missing(speakers[i]) else " ".join(cell(speakers[i], i,
                                                                   spk_col).split())
            speech = speeches[i]
            if SURROGATE.search(label) or SURROGATE.search(speech):
                surrogates.append(i)
                label, speech = replace_surrogates(label)[0], replace_surrogates(speech)[0]
            t0 = _seconds(starts[i], unit=time_unit, col=optional["start"], row=i,
                          where=where, source=source)
            t1 = _seconds(ends[i], unit=time_unit, col=optional["end"], row=i,
                          where=where, source=source)
            if t0 is not None and t1 is not None and t1 < t0:
                what, line = where(i)
                raise TranscriptError(
                    source, f"{what} ends ({t1:g} s) before it starts ({t0:g} s).",
                    "Correct the times, or pass start=/end= naming the right columns.",
                    line=line)
            if parts:
                parts.append("\n\n")
                pos += 2
            prefix = f"{label}: " if label else ""
            parts.append(prefix + speech)
            turns.append(RawTurn(pos, pos + len(prefix), pos + len(prefix) + len(speech),
                                 label, t0, t1))
            pos += len(prefix) + len(speech)
        meta: dict[str, Any] = {}
        at = next((i for i in rows if not _missing(titles[i])), None)
        if at is not None:
            meta["title"] = " ".join(cell(titles[at], at, optional["title"]).split())
        doc_date = _first(dates, rows)
        if doc_date is not None:
            try:
                meta["date"] = _timestamp(doc_date, source=source, col=optional["date"])
            except TranscriptError:
                if date is not None:
                    raise
                # A column that merely happens to be called ``date`` was not asked for.
        docs.append(ParsedDocument(text="".join(parts), format=format, meta=meta,
                                   turns=turns, key=key))
    if surrogates:
        warnings.warn(f"{source}: {_places(sorted(surrogates), where)} held lone surrogates "
                      "(U+D800 to U+DFFF, e.g. from a \\ud800 escape); each was replaced by "
                      "U+FFFD.", TranscriptWarning, stacklevel=3)
    return docs


def _places(rows: list[int], where: _Where) -> str:
    """``record 3, record 9`` or ``line 4, line 7, ... and 12 more``: the first few rows."""
    named = []
    for i in rows[:_SHOWN]:
        what, line = where(i)
        named.append(f"line {line}" if line is not None else what[0].lower() + what[1:])
    more = len(rows) - len(named)
    return ", ".join(named) + (f" and {more} more" if more else "")


def _is_scalar(value: Any) -> bool:
    """One value (text, a number, a date, missing), not a list, an object or bytes."""
    return pd.api.types.is_scalar(value) and not isinstance(value, bytes | bytearray)


def _not_a_value(value: Any, i: int, col: str | None, *, where: _Where,
                 source: str) -> TranscriptError:
    what, line = where(i)
    return TranscriptError(
        source, f"{what} holds {_kind(value)} ({_show(value)}) in the column {col!r}, not "
        "a single value.",
        "Pass speaker=, text=, doc= or title= naming a column of plain text, or flatten "
        "the export first.", line=line)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return "bytes" if isinstance(value, bytes | bytearray) else f"a {type(value).__name__}"


def _speech(raw: Any, i: int, col: str | None, *, where: _Where, source: str,
            lists: list[int]) -> str:
    """The speech of a text cell ("" if none): a string, a number, or a list of strings.

    A list of strings (sentences or words) is joined with spaces, and its row noted in
    ``lists`` for a warning; anything else that is not one value (an object, a list of
    lists, bytes) cannot be read as speech and raises a TranscriptError naming the row.
    """
    if _missing(raw):
        return ""
    if isinstance(raw, list | tuple) and all(_is_scalar(x) for x in raw):
        lists.append(i)
        raw = " ".join(str(x) for x in raw if not _missing(x))
    elif not _is_scalar(raw):
        raise _not_a_value(raw, i, col, where=where, source=source)
    return str(raw).replace("\r\n", "\n").replace("\r", "\n").strip()


def _show(value: Any) -> str:
    """A short repr of a cell for a message (long strings and deep lists cut)."""
    return _REPR.repr(value.item() if isinstance(value, np.generic) else value)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def _cell(value: Any) -> str:
    """Text of a label or key cell; ``2.0`` (a number column with gaps) reads ``2``."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _first(values: list[Any], rows: list[int]) -> Any:
    return next((values[i] for i in rows if not _missing(values[i])), None)


def _seconds(value: Any, *, unit: TimeUnit, col: str | None, row: int, where: _Where,
             source: str) -> float | None:
    """Read a time cell: seconds (or ms) as a number or string, ``HH:MM:SS.fff``, timedelta."""
    if col is None or _missing(value):
        return None
    scale = 0.001 if unit == "ms" else 1.0
    seconds: float | None = None
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        seconds = float(value) * scale
    elif isinstance(value, timedelta | pd.Timedelta):
        seconds = value.total_seconds()
    elif isinstance(value, str):
        s = value.strip()
        try:
            # ``12,5``: a decimal comma, as semicolon-separated CSVs write it.
            seconds = float(s if ":" in s else s.replace(",", ".")) * scale
        except ValueError:
            m = _CLOCK.match(s)
            if m is not None and int(m[2]) < 60 and float(m[3].replace(",", ".")) < 60:
                seconds = (int(m[1] or 0) * 3600 + int(m[2]) * 60
                           + float(m[3].replace(",", ".")))
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        what, line = where(row)
        raise TranscriptError(
            source, f"{what} has the time {_show(value)} in column {col!r}, which is not a "
            "number of seconds or HH:MM:SS(.fff).",
            "Write times as seconds (12.5) or HH:MM:SS.fff, or pass start=/end= naming the "
            "right columns.", line=line)
    return seconds


def _timestamp(value: Any, *, source: str, col: str | None) -> pd.Timestamp | None:
    """Read a date cell into a Timestamp, with a clear error for what is not a date."""
    stamp = None
    if isinstance(value, pd.Timestamp | date_type):
        stamp = pd.Timestamp(value)
    elif isinstance(value, str):
        try:
            stamp = pd.Timestamp(value.strip())
        except (ValueError, TypeError, OverflowError):
            stamp = None
    if stamp is not None and stamp is not pd.NaT:
        # one clock for every document: UTC without a zone, as the other readers give
        return stamp if stamp.tz is None else stamp.tz_convert(None)
    raise TranscriptError(
        source, f"The date {_show(value)} in column {col!r} cannot be read as a date.",
        "Write dates like 2022-03-04 (or 2022-03-04T13:33), or pass date= naming another "
        "column.")
