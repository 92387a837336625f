"""Rows of a table to documents: which column plays which role, cells, times and dates.

Input grain: a DataFrame with one row per utterance (from a CSV, JSON, JSON Lines file or
the caller), the columns asked for by role (speaker, text, doc, start, end, title, date).
Output grain: one :class:`ParsedDocument` per document, one turn per row with text. The
container readers (:mod:`~kit.read.formats.table`) find the rows; this module reads them.
"""

from __future__ import annotations

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

from kit import schema as s
from kit.errors import TranscriptError, TranscriptWarning
from kit.read.decoding import SURROGATE, replace_surrogates
from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.formats.html import markup_paragraphs

__all__ = ["ALIASES", "TimeUnit", "Where", "column_key", "date_cell", "is_scalar", "kind_of",
           "quoted_names",
           "rows_to_documents", "show_cell"]

TimeUnit = Literal["s", "ms"]
# Says where a row is for error messages: (words such as "row 3", source line or None).
Where = Callable[[int], tuple[str, int | None]]

#: Column names tried, case-insensitively, when the caller keeps a default name that the
#: table does not have: the names common transcription services and tools write.
ALIASES = {
    "speaker": ("speaker", "speaker_label", "speaker_name", "speaker_id", "spk", "person",
                "participant", "name"),
    "text": ("text", "transcript", "utterance", "content", "sentence", "speech", "comment",
             "text_blocks"),
    "start": ("start", "start_s", "start_time", "starttime", "begin", "timestamp", "time"),
    "end": ("end", "end_s", "end_time", "endtime", "stop"),
    "title": ("title",),
    "date": ("date",),
    # What a row says of its speaker, as parliamentary datasets (ParlSpeech, ParlaMint's
    # TSVs, Hansard exports) write it: the speaker's party, id and role.
    "party": ("party", "party_name", "party_abbreviation", "parliamentary_group",
              "political_group", "faction", "fraktion", "partei", "parti"),
    "person_id": ("person_id", "speaker_id", "member_id", "mp_id", "personid"),
    "role": ("role", "speaker_role"),
    "chair": ("chair", "is_chair"),
}
_TRUE = frozenset({"true", "t", "yes", "y", "1", "1.0"})
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$")
_SHOWN = 5  # rows named in a warning; the rest are counted
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60


def quoted_names(names: Sequence[Hashable] | dict[str, Any]) -> str:
    """``'a', 'b'`` (or ``(none)``): column or key names for a message."""
    return ", ".join(repr(str(n)) for n in names) or "(none)"


def column_key(name: object) -> str:
    """A column name as the aliases write it: ``Speaker Name`` → ``speaker_name``."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def _resolve(columns: list[str], wanted: str | None, *, role: str,
             default: str | None) -> str | None:
    """Find the column for ``role``: the name asked for, else a usual alternative."""
    if wanted is not None and wanted in columns:
        return wanted
    lower = {column_key(c): c for c in reversed(columns)}
    if wanted is not None and wanted != default:
        return lower.get(column_key(wanted))
    for alias in ALIASES.get(role, ()):
        if alias in lower:
            return lower[alias]
    return None


def rows_to_documents(frame: pd.DataFrame, *, source: str, format: str,
                      speaker: str | None, text: str, doc: str | None, start: str | None,
                      end: str | None, title: str | None, date: str | None,
                      time_unit: TimeUnit, where: Where,
                      preamble: str = "") -> list[ParsedDocument]:
    """The documents of a table's rows (see :func:`~kit.read.formats.table.documents_from_frame`).

    ``where(i)`` names row ``i`` for messages; ``preamble`` (a CSV's rows above its header)
    opens the first document.
    """
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
            + f"; the columns are {quoted_names(columns)}.",
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
                source, f"No column {wanted!r} for {kw}=; the columns are {quoted_names(columns)}.",
                f"Pass {kw}= with one of these columns, or leave it out.")
        optional[role] = found

    for col in (spk_col, txt_col, *optional.values()):
        if col is not None and list(columns).count(col) > 1:
            raise TranscriptError(source, f"The column name {col!r} is used more than once.",
                                  "Rename the columns so that each name is used once.")

    def values(col: str | None) -> list[Any]:
        return frame[col].tolist() if col is not None else [None] * len(frame)

    attributes = _speaker_attributes(frame, columns, spk_col)
    speakers, texts = values(spk_col), values(txt_col)
    keys, titles = values(optional["doc"]), values(optional["title"])
    if optional["doc"] is None and optional["date"] is not None and doc is None:
        # A table of several days' sittings (ParlSpeech) without a document column: a
        # document per day, as a parliament publishes them. Times of day do not split one.
        days = _days(values(optional["date"]))
        if None not in days and len(set(days)) > 1:
            keys = days
            optional["doc"] = optional["date"]
    dates = values(optional["date"])
    starts, ends = values(optional["start"]), values(optional["end"])

    def cell(value: Any, i: int, col: str | None) -> str:
        """A speaker, document or title cell as text: one value, not a list or object."""
        if not is_scalar(value):
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
            turn_role, attrs = attributes(i)
            if turn_role is None and len(label) == 1 and label.upper() != "Q":
                turn_role = s.ROLE_UNKNOWN  # AssemblyAI's "A", "B": voices, not answers
            turns.append(RawTurn(pos, pos + len(prefix), pos + len(prefix) + len(speech),
                                 label, t0, t1, role=turn_role, attributes=attrs))
            pos += len(prefix) + len(speech)
        meta: dict[str, Any] = {}
        at = next((i for i in rows if not _missing(titles[i])), None)
        if at is not None:
            meta["title"] = " ".join(cell(titles[at], at, optional["title"]).split())
        doc_date = _first(dates, rows)
        if doc_date is not None:
            try:
                meta["date"] = date_cell(doc_date, source=source, col=optional["date"])
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


def _days(values: list[Any]) -> list[str | None]:
    """The day of each date cell (``2018-01-17``), None where it is missing or no date (or
    where the column mixes forms or zones that pandas reads as no one column of dates)."""
    cells = pd.Series([v.strip() if isinstance(v, str) else v for v in values], dtype=object)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (pandas' note on inferring a format)
            stamps = pd.to_datetime(cells, errors="coerce")
    except (ValueError, TypeError, OverflowError):
        return [None] * len(values)
    days = stamps.dt.strftime("%Y-%m-%d")
    return [None if isinstance(d, float) or d is None or d is pd.NA else d
            for d in days.tolist()]


def _speaker_attributes(frame: pd.DataFrame, columns: list[str], spk_col: str | None
                        ) -> Callable[[int], tuple[str | None, dict[str, Any] | None]]:
    """Per row, the role and attributes (``party``, ``person_id``) its columns give.

    Found by the usual names (:data:`ALIASES`); a ``chair`` column of true/false values
    makes the chair's rows role ``chair``, a ``role`` column gives the roles the kit knows.
    Rows with the same attributes share one dict.
    """
    found = {role: _resolve(columns, None, role=role, default=None)
             for role in ("party", "person_id", "role", "chair")}
    if found["person_id"] == spk_col:  # the only speaker column: it names the speaker
        found["person_id"] = None
    cols = {role: frame[col].tolist() for role, col in found.items() if col is not None}
    if not cols:
        return lambda i: (None, None)
    shared: dict[tuple[str | None, str | None], dict[str, Any] | None] = {}

    def text(role: str, i: int) -> str | None:
        value = cols[role][i] if role in cols else None
        return None if _missing(value) or not is_scalar(value) else _cell(value)

    def row(i: int) -> tuple[str | None, dict[str, Any] | None]:
        party, pid = text("party", i), text("person_id", i)
        key = (party, pid)
        if key not in shared:
            attrs = {k: v for k, v in ((s.PARTY, party), (s.PERSON_ID, pid)) if v}
            shared[key] = attrs or None
        role = (text("role", i) or "").lower()
        if role not in s.ROLES:
            role = ""
        if (text("chair", i) or "").lower() in _TRUE:
            role = s.ROLE_CHAIR
        return role or None, shared[key]

    return row


def _places(rows: list[int], where: Where) -> str:
    """``record 3, record 9`` or ``line 4, line 7, ... and 12 more``: the first few rows."""
    named = []
    for i in rows[:_SHOWN]:
        what, line = where(i)
        named.append(f"line {line}" if line is not None else what[0].lower() + what[1:])
    more = len(rows) - len(named)
    return ", ".join(named) + (f" and {more} more" if more else "")


def is_scalar(value: Any) -> bool:
    """One value (text, a number, a date, missing), not a list, an object or bytes."""
    return pd.api.types.is_scalar(value) and not isinstance(value, bytes | bytearray)


def _not_a_value(value: Any, i: int, col: str | None, *, where: Where,
                 source: str) -> TranscriptError:
    what, line = where(i)
    return TranscriptError(
        source, f"{what} holds {kind_of(value)} ({show_cell(value)}) in the column {col!r}, not "
        "a single value.",
        "Pass speaker=, text=, doc= or title= naming a column of plain text, or flatten "
        "the export first.", line=line)


def kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return "bytes" if isinstance(value, bytes | bytearray) else f"a {type(value).__name__}"


def _speech(raw: Any, i: int, col: str | None, *, where: Where, source: str,
            lists: list[int]) -> str:
    """The speech of a text cell ("" if none): a string, a number, or a list of strings.

    A list of strings (sentences or words) is joined with spaces, and its row noted in
    ``lists`` for a warning; anything else that is not one value (an object, a list of
    lists, bytes) cannot be read as speech and raises a TranscriptError naming the row.
    """
    if _missing(raw):
        return ""
    if isinstance(raw, list | tuple) and all(is_scalar(x) for x in raw):
        lists.append(i)
        raw = " ".join(str(x) for x in raw if not _missing(x))
    elif not is_scalar(raw):
        raise _not_a_value(raw, i, col, where=where, source=source)
    speech = str(raw).replace("\r\n", "\n").replace("\r", "\n").strip()
    if speech.startswith("<"):
        # a cell of HTML (the Riksdag's speeches: <p>Fru talman! ...</p>): its text
        paragraphs = markup_paragraphs(speech, source=source)
        if paragraphs is not None:
            speech = "\n\n".join(paragraphs)
    return speech


def show_cell(value: Any) -> str:
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


def _seconds(value: Any, *, unit: TimeUnit, col: str | None, row: int, where: Where,
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
            source, f"{what} has the time {show_cell(value)} in column {col!r}, which is not a "
            "number of seconds or HH:MM:SS(.fff).",
            "Write times as seconds (12.5) or HH:MM:SS.fff, or pass start=/end= naming the "
            "right columns.", line=line)
    return seconds


def date_cell(value: Any, *, source: str, col: str | None) -> pd.Timestamp | None:
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
        source, f"The date {show_cell(value)} in column {col!r} cannot be read as a date.",
        "Write dates like 2022-03-04 (or 2022-03-04T13:33), or pass date= naming another "
        "column.")
