"""Read tables of utterances (JSON, JSON Lines, CSV, DataFrames) into documents.

Input grain: one row per utterance, with a speaker column and a text column, and
optionally columns for the document, start and end times, title and date. Output
grain: one :class:`ParsedDocument` per document (all rows, or one per distinct value of
the ``doc`` column), one turn per row with text. Consecutive rows of one speaker stay
separate turns: a table's rows are the utterances its maker chose.

The normalised text (built by :mod:`~kit.read.formats._table_rows`, which maps columns to
roles and reads cells, times and dates): one paragraph per row, ``SPEAKER: text`` (or the
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
from typing import Any

import pandas as pd

from kit.errors import KitError, TranscriptError
from kit.read.formats._base import ParsedDocument
from kit.read.formats._table_rows import (
    ALIASES,
    TimeUnit,
    column_key,
    date_cell,
    is_scalar,
    kind_of,
    quoted_names,
    rows_to_documents,
    show_cell,
)
from kit.read.header import find_date

__all__ = ["documents_from_frame", "looks_like_tsv", "parse_csv", "parse_json", "parse_jsonl"]

# Keys under which a JSON object keeps its list of utterances, most specific first.
_LIST_KEYS = ("segments", "utterances", "turns", "monologues", "audio_segments", "results",
              "records", "rows", "data", "items")
_DELIMITERS = (",", "\t", ";", "|")
_SNIFF_ROWS = 50  # rows looked at to find the delimiter and the header row
_HEADER_CELL_CHARS = 64


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
        One row per utterance. It is not modified. Columns with the usual names of what a
        row says of its speaker are read too: the party (``party``, ``parliamentary_group``,
        ``fraktion``, ``parti`` ...), the person's id (``person_id``, ``speaker_id``,
        ``member_id`` ...) and the role (a ``chair`` column of true/false, as ParlSpeech
        has; a ``role`` column of the kit's roles). Other columns are ignored. A text cell
        of HTML (``<p>…</p>``) is read as its text.
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
        order of first appearance. ``None``: all rows form one document, but for a date
        column of several days (every row dated): a document per day (``key`` the day,
        ``2018-01-17``), as parliaments publish their sittings.
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
        (``""`` when the speaker cell is empty), roles and ``party``/``person_id``
        attributes where the columns give them, ``meta`` with ``title``/``date`` if given.

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
                       f"{kind_of(frame)}. Fix: pass pd.DataFrame(...) of your rows.")
    return rows_to_documents(frame, source=source, format=format, speaker=speaker, text=text,
                      doc=doc, start=start, end=end, title=title, date=date,
                      time_unit=time_unit,
                      where=lambda i: (f"Row {show_cell(frame.index[i])}", None))


def parse_json(content: str, /, *, source: str, speaker: str | None = "speaker",
               text: str | None = None, text_column: str | None = None,
               doc: str | None = None, start: str | None = None, end: str | None = None,
               title: str | None = None, date: str | None = None,
               time_unit: TimeUnit | None = None) -> list[ParsedDocument]:
    """Read a JSON transcript: a list of utterance objects, or an object holding one.

    Accepted shapes: ``[{"speaker": ..., "text": ...}, ...]``; an object with the list
    under ``segments`` (WhisperX), ``utterances`` (AssemblyAI, Deepgram), ``turns``,
    ``monologues`` (Rev), ``results``, ``records``, ``rows``, ``data`` or ``items``, or
    one level deeper under ``results`` (AWS Transcribe ``audio_segments``); else under one
    of those names further down (up to three objects), or in each of a list of sections,
    joined in order (Oyez's ``{"transcript": {"sections": [{"turns": [...]}]}}``); else the
    one list of objects the object holds under any name, itself or in an object it holds
    (the Riksdag's ``{"anforandelista": {"anforande": [...]}}``). A cell that is an object
    naming someone reads as the name (``"speaker": {"name": ...}``), a list of text blocks
    as their texts (``"text_blocks": [{"text": ...}]``). Top-level ``title`` and ``date``
    become metadata (a date in the title, when there is no ``date``).

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
    docs = rows_to_documents(frame, source=source, format="json", speaker=speaker, text=column,
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
    return rows_to_documents(frame, source=source, format="jsonl", speaker=speaker, text=column,
                      doc=doc, start=start, end=end, title=title, date=date,
                      time_unit=time_unit,
                      where=lambda i: ("The record on this line", lines[i]))


def parse_csv(content: str, /, *, source: str, speaker: str | None = "speaker",
              text: str | None = None, text_column: str | None = None,
              doc: str | None = None, start: str | None = None, end: str | None = None,
              title: str | None = None, date: str | None = None,
              time_unit: TimeUnit | None = None) -> list[ParsedDocument]:
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
        is accepted for ``text=``). By default times are seconds, except in Whisper's TSV
        (columns ``start``, ``end``, ``text`` of whole numbers), which writes milliseconds.

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
    names = {column_key(n) for role, wanted in (("speaker", speaker), ("text", column))
             for n in (*ALIASES[role], *([wanted] if wanted else []))}
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
    if time_unit is None:
        time_unit = "ms" if _whisper_tsv(header, rows, delimiter) else "s"
    return rows_to_documents(frame, source=source, format="csv", speaker=speaker, text=column,
                      doc=doc, start=start, end=end, title=title, date=date,
                      time_unit=time_unit,
                      where=lambda i: ("This row", lines[i]), preamble="\n".join(above))


def _whisper_tsv(header: list[str], rows: list[list[str]], delimiter: str) -> bool:
    """Whether a table is Whisper's TSV output: ``start``, ``end`` and ``text`` columns only,
    tab-separated, times in whole milliseconds."""
    return delimiter == "\t" and [h.lower() for h in header] == ["start", "end", "text"] \
        and bool(rows) and all(r[0].strip().isdigit() and r[1].strip().isdigit() for r in rows)


_SPEAKER_NAMES = frozenset(ALIASES["speaker"])
_TEXT_NAMES = frozenset(ALIASES["text"])


def looks_like_tsv(text: str) -> bool:
    """Whether a text that is not named a table is one, tab-separated: within its first
    lines a header row naming a speaker and a text column (``Time<TAB>Speaker<TAB>Text``,
    as a Word table's rows read), then at least two rows of as many cells."""
    lines = [line for line in text[:20_000].split("\n")[:60] if line.strip()]
    for i, line in enumerate(lines[:5]):  # (a title or a note may stand above the header)
        cells = [column_key(c) for c in line.split("\t")]
        if len(cells) < 2 or not (_SPEAKER_NAMES & set(cells) and _TEXT_NAMES & set(cells)):
            continue
        widths = [r.count("\t") + 1 for r in lines[i + 1:]]
        # (no row wider than the header: the table reader would refuse it)
        return len(widths) >= 2 and max(widths) <= len(cells) and \
            widths.count(len(cells)) >= 0.8 * len(widths)
    return False


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
             if len(row) > 1 and any(column_key(cell) in names for cell in row)
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
            meta["date"] = date_cell(data["date"], source=source, col="date")
        elif "title" in meta and (dated := find_date(meta["title"])) is not None:
            meta["date"] = dated  # a title that dates itself (Oyez's "Oral Argument - …")
        # AssemblyAI gives times in milliseconds beside ``audio_duration`` in seconds.
        unit: TimeUnit = "ms" if "utterances" in data and "audio_duration" in data else "s"
        for holder in (data, data.get("results")):
            known = _known_list(holder)
            if known is not None:
                key, value = known
                if key == "monologues":
                    value = [_rev_monologue(m) for m in value]
                return value, meta, unit
        found = _deepgram_paragraphs(data) or _nested_records(data) or _list_of_objects(data)
        if found is not None:
            return found, meta, unit
        raise TranscriptError(
            source, "No list of utterances was found in this JSON object; its keys are "
            f"{quoted_names(data)}.",
            "Give a list of objects with speaker and text, or an object holding such a list "
            f"under one of {quoted_names(_LIST_KEYS)}.")
    raise TranscriptError(
        source, f"This JSON holds a {type(data).__name__}, not a list of utterances.",
        'Give a list of objects like {"speaker": "JANE", "text": "Hello."}.')


def _known_list(holder: Any) -> tuple[str, list[Any]] | None:
    """The key of :data:`_LIST_KEYS` under which ``holder`` keeps a list of objects, and
    the list; None if it keeps none."""
    if isinstance(holder, dict):
        for key in _LIST_KEYS:
            value = holder.get(key)
            if isinstance(value, list) and value and isinstance(value[0], dict):
                return key, value
    return None


def _nested_records(data: dict[str, Any], depth: int = 3) -> list[Any] | None:
    """Utterances kept deeper: under a usual name in an object the file holds (up to
    ``depth`` objects down), or in each of a list of sections, joined in order (Oyez's
    ``{"transcript": {"sections": [{"turns": [...]}, ...]}}``)."""
    for value in data.values():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            sections = [_known_list(v) for v in value]
            if all(sections):
                return [record for found in sections if found for record in found[1]]
        known = _known_list(value)
        if known is not None:
            return known[1]
    if depth > 1:
        for value in data.values():
            if isinstance(value, dict):
                found = _nested_records(value, depth - 1)
                if found is not None:
                    return found
    return None


def _list_of_objects(data: dict[str, Any]) -> list[Any] | None:
    """The one list of objects an object holds under another name, or in an object it holds
    (``{"anforandelista": {"anforande": [...]}}``, as the Riksdag's API wraps its speeches);
    None when there is none, or more than one (which is meant is not clear)."""
    found: list[list[Any]] = []
    for value in data.values():
        holders = [value] if isinstance(value, list) else \
            list(value.values()) if isinstance(value, dict) else []
        found.extend(v for v in holders
                     if isinstance(v, list) and v and isinstance(v[0], dict))
    return found[0] if len(found) == 1 else None


def _deepgram_paragraphs(data: dict[str, Any]) -> list[dict[str, Any]] | None:
    """Deepgram's paragraphs (``results.channels[*].alternatives[0].paragraphs.paragraphs``,
    a speaker and its sentences), one record each, ``text`` the sentences joined; the
    channels' in order of time (a channel is the speaker where none is named). None if the
    file has none."""
    results = data.get("results")
    channels = results.get("channels") if isinstance(results, dict) else None
    if not isinstance(channels, list):
        return None
    out = []
    for number, channel in enumerate(channels):
        alternatives = channel.get("alternatives") if isinstance(channel, dict) else None
        first = alternatives[0] if isinstance(alternatives, list) and alternatives else None
        paragraphs = first.get("paragraphs") if isinstance(first, dict) else None
        paragraphs = paragraphs.get("paragraphs") if isinstance(paragraphs, dict) else None
        for paragraph in paragraphs if isinstance(paragraphs, list) else []:
            if not isinstance(paragraph, dict):
                continue
            sentences = [x for x in paragraph.get("sentences") or [] if isinstance(x, dict)]
            record = {k: v for k, v in paragraph.items() if k != "sentences"}
            record.setdefault("text", " ".join(str(x.get("text", "")) for x in sentences))
            if len(channels) > 1:
                record.setdefault("speaker", f"Channel {number}")
            out.append(record)
    if len(channels) > 1:
        out.sort(key=lambda r: r["start"] if isinstance(r.get("start"), (int, float)) else 0)
    return out or None


def _rev_monologue(monologue: dict[str, Any]) -> dict[str, Any]:
    """Flatten a Rev.ai monologue (a speaker and a list of timed elements) to one record."""
    elements = [e for e in monologue.get("elements") or [] if isinstance(e, dict)]
    timed = [e for e in elements if e.get("ts") is not None]
    record = {k: v for k, v in monologue.items() if k != "elements"}
    record.setdefault("text", "".join(str(e.get("value", "")) for e in elements
                                      if is_scalar(e.get("value", ""))))
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
    return pd.DataFrame([_plain_cells(r) for r in records], dtype=object)


#: Keys of an object cell that name what it stands for (a speaker given as an object).
_NAME_KEYS = ("name", "full_name", "display_name", "speaker_name", "label")


def _plain_cells(record: dict[str, Any]) -> dict[str, Any]:
    """A record whose object cells read as values where that is clear: a person object by
    its name (Oyez's ``"speaker": {"name": ...}``), a list of text blocks by their texts,
    a paragraph apart (``"text_blocks": [{"text": ...}]``). Other cells stay as they are."""
    out = record
    for key, value in record.items():
        plain: Any = None
        if isinstance(value, dict):
            plain = next((value[k] for k in _NAME_KEYS
                          if isinstance(value.get(k), str) and value[k].strip()), None)
        elif isinstance(value, list) and value and all(
                isinstance(v, dict) and isinstance(v.get("text"), str) for v in value):
            plain = "\n\n".join(v["text"] for v in value)
        if plain is not None:
            if out is record:
                out = dict(record)
            out[key] = plain
    return out


def _unique(names: list[str]) -> list[str]:
    """Make repeated header names unique (``x``, ``x.1``) so each names one column."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out
