"""Parsed documents to the kit's tables: documents, turns, phrases, stage directions, speakers.

:func:`add_document` turns one :class:`~kit.read.formats._base.ParsedDocument` into rows
(cheap to pickle, so reader processes can send them back); :func:`prepare_all` does the part
of the tables each batch of rows needs alone (phrases, word counts: as batches arrive);
:func:`build` makes the tables of a corpus from the rows of all its documents.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
from pandas.api.types import union_categoricals

from kit import schema as s
from kit._memory import release_memory
from kit.corpus import Corpus
from kit.errors import TranscriptError
from kit.read import splitting
from kit.read._surrogates import without_surrogates
from kit.read.columns import as_arrow, coded, seconds, str_arrow, to_pandas_str
from kit.read.decoding import replace_surrogates
from kit.read.examination import read_examination
from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.header import parse_header, witnesses_in
from kit.read.segment import segment
from kit.read.speaker_table import speaker_table, turn_roles, turn_speakers
from kit.read.speakers import (
    label_key,
    office_key,
    office_of_label,
    party_of_label,
    resolve_label,
    role_of,
    state_of_label,
)
from kit.read.splitting import Split, concat_splits, split_turns, word_counts
from kit.read.stage import STAGE_DIRECTION

#: Metadata keys with a column of their own in every documents table; other keys a format
#: gives (``house``, ``term``, ``session`` ...) become extra columns where present.
_DOCUMENT_META = (s.TITLE, s.DATE, s.LOCATION, s.BYLINE, s.CAPTION, s.URL)


@dataclass
class Rows:
    """Column lists for the tables of a batch of documents (cheap to pickle).

    Lists while documents are added; once prepared (:func:`prepare`), the turn texts are an
    Arrow array and the turns' integer columns numpy arrays.
    """

    docs: list[dict[str, Any]] = field(default_factory=list)
    turns: dict[str, Any] = field(default_factory=lambda: {k: [] for k in (
        s.DOC_ID, s.TURN_ID, "label", s.TEXT, s.START_CHAR, s.END_CHAR, "text_start",
        s.START_S, s.END_S, "speaker_raw", "role_raw", "surname", "resolved", "attributes",
        "person_id", s.STAGE_DIRECTIONS, "stage_text")})
    stage: dict[str, Any] = field(default_factory=lambda: {k: [] for k in (
        s.DOC_ID, s.TURN_ID, s.TEXT, s.START_CHAR, s.END_CHAR)})
    skipped: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Phrases and word counts of the turns (stage directions left out), once :func:`prepare`
    #: has run (``stage_text`` is gone then).
    split: Split | None = None

    def extend(self, other: Rows) -> None:
        """Append the rows of ``other`` (e.g. one file's, once it has been read whole)."""
        self.docs.extend(other.docs)
        for name, values in other.turns.items():
            self.turns[name].extend(values)
        for name, values in other.stage.items():
            self.stage[name].extend(values)
        self.skipped.extend(other.skipped)
        self.warnings.extend(other.warnings)


def _label_speaker(label: str, context: str,
                   aliases: Mapping[str, str]) -> tuple[str, str, str | None, bool]:
    """Speaker, role, surname key and whether the speaker is a full name, from a label."""
    key = label_key(label)
    if key in aliases:
        return aliases[key], resolve_label(label, context=context)[1], None, True
    speaker, role, surname = resolve_label(label, context=context)
    full = surname is not None and label_key(speaker) != label_key(label) and \
        len(speaker.split()) >= 2 and speaker[0].isupper() and \
        any(c.islower() for c in speaker)
    # "Jane Doe" as written is a full name; "Sondland" alone is not
    return speaker, role, surname, full or (
        surname is not None and any(c.islower() for c in label) and len(speaker.split()) >= 2)


def _given_speaker(turn: RawTurn, aliases: Mapping[str, str]) -> tuple[str, str, None, bool]:
    """Speaker and role as the format gives them (aliases still win)."""
    speaker = turn.speaker or ""
    speaker = aliases.get(label_key(speaker)) or aliases.get(label_key(turn.label)) or speaker
    role = turn.role or role_of(label_key(turn.label))
    return speaker or s.UNKNOWN_SPEAKER, role, None, True


def _stage_spans(text: str, turns: Sequence[RawTurn],
                 marked: Sequence[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Per turn, its stage directions: those the format marked, then bracketed notes."""
    per_turn: list[list[tuple[int, int]]] = [[] for _ in turns]
    starts = [t.text_start for t in turns]
    for a, b in sorted(marked):
        i = bisect.bisect_right(starts, a) - 1
        if i >= 0 and a < b <= turns[i].end:
            per_turn[i].append((a, b))
    for i, turn in enumerate(turns):
        a, b = turn.text_start, turn.end
        # every note opens with a bracket: str.find skips the regex scan of most turns (a
        # full-width one cannot be in a text of Latin-1 only: no scan there)
        if text.find("(", a, b) < 0 and text.find("[", a, b) < 0 and \
                text.find("（", a, b) < 0 and text.find("〔", a, b) < 0:
            continue
        given = per_turn[i]
        found = [m.span() for m in STAGE_DIRECTION.finditer(text, a, b)]
        found = [(a, b) for a, b in found if not any(a < gb and ga < b for ga, gb in given)]
        if found:
            per_turn[i] = sorted(given + found)
    return per_turn


def add_document(rows: Rows, doc: ParsedDocument, *, doc_id: str, source: str,
                 aliases: Mapping[str, str]) -> None:
    """Append one parsed document's rows to ``rows``.

    Turns come from the format, or else from the segmenter; a text without labels is one
    turn by an unknown speaker (with a warning), and a text without any words is an error.
    Lone surrogates are replaced by U+FFFD, with a warning.
    """
    # a file name that is not UTF-8 reaches Python as lone surrogates
    source, doc_id = replace_surrogates(source)[0], replace_surrogates(doc_id)[0]
    doc, warning = without_surrogates(doc, source=source)
    if warning:
        rows.warnings.append(warning)
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

    resolved: dict[tuple[str, str | None, str | None], tuple[str, str, str | None, bool]] = {}
    marked = doc.stage
    if any(turn.label_as is not None for turn in turns):  # a witness examined
        exam = read_examination(text)
        marked = [*marked, *(exam.notes if exam is not None else ())]
    stage = _stage_spans(text, turns, marked)
    who = []
    parties: dict[str, dict[str, str] | None] = {}  # per label: its party, one dict shared
    holders: dict[str, tuple[str, str, str | None, bool]] = {}  # office -> its holder so far
    for turn in turns:
        if turn.speaker is None and turn.attributes is None and (
                "(" in turn.label or "," in turn.label or " " in turn.label):
            # a speaker named by a label: the party it gives ("Volker Kauder (CDU/CSU)", with
            # a state: "(D-Mass.)"), or the office its holder speaks in ("The First Minister
            # (John Swinney)", "Ministerpräsident Winfried Kretschmann")
            if turn.label not in parties:
                party, office = party_of_label(turn.label), office_of_label(turn.label)
                attrs = {s.PARTY: party} if party else {}
                if office:
                    attrs["office"] = office
                if party and (state := state_of_label(turn.label)):
                    attrs["state"] = state  # "(D-Mass.)"
                parties[turn.label] = attrs or None
            turn.attributes = parties[turn.label]
        key = (turn.label_as or turn.label, turn.speaker, turn.role)
        found = resolved.get(key)
        if found is None:
            if turn.speaker is not None:
                found = _given_speaker(turn, aliases)
            else:
                found = _label_speaker(key[0], context, aliases)
                if turn.role is not None:
                    found = (found[0], turn.role, *found[2:])
                elif found[1] == s.ROLE_UNKNOWN and turn.attributes and \
                        "office" in turn.attributes:
                    found = (found[0], s.ROLE_OFFICIAL, *found[2:])  # "(Prime Minister)"
            resolved[key] = found
        if turn.speaker is None:
            # "The First Minister (John Swinney):" names the office's holder from here on; a
            # bare "The First Minister:" after it is that person
            office = office_key(turn.label) if "(" in turn.label else None
            if office is not None:
                holders[office] = found
            elif holders:
                found = holders.get(label_key(turn.label), found)
        who.append(found)
    # a hearing's witnesses, as its front matter lists them: guests, where nothing else said
    listed = witnesses_in(header) if "itness" in header or "ITNESS" in header else ""
    if listed:
        who = [(w[0], s.ROLE_GUEST, *w[2:]) if w[1] == s.ROLE_UNKNOWN and
               len(w[0].split()) >= 2 and w[0].casefold() in listed else w for w in who]
    # column by column: a list comprehension per column costs less than appends per turn
    t = rows.turns
    n = len(turns)
    t[s.DOC_ID].extend([doc_id] * n)
    t[s.TURN_ID].extend(range(n))
    t["label"].extend([turn.label for turn in turns])
    t[s.TEXT].extend([text[turn.text_start: turn.end] for turn in turns])
    t[s.START_CHAR].extend([turn.start for turn in turns])
    t[s.END_CHAR].extend([turn.end for turn in turns])
    t["text_start"].extend([turn.text_start for turn in turns])
    t[s.START_S].extend([turn.start_s for turn in turns])
    t[s.END_S].extend([turn.end_s for turn in turns])
    t["speaker_raw"].extend([w[0] for w in who])
    t["role_raw"].extend([w[1] for w in who])
    t["surname"].extend([w[2] for w in who])
    t["resolved"].extend([w[3] for w in who])
    t["attributes"].extend([turn.attributes or None for turn in turns])
    t["person_id"].extend([turn.attributes.get(s.PERSON_ID) if turn.attributes else None
                           for turn in turns])
    # Each turn's stage directions, and joined by line breaks for their word count (no word
    # holds a line break, so the count of the joined text is the sum of theirs).
    notes = [tuple(text[a:b] for a, b in spans) for spans in stage]
    t[s.STAGE_DIRECTIONS].extend(notes)
    t["stage_text"].extend(["\n".join(n) for n in notes])
    st = rows.stage
    for turn_id, spans in enumerate(stage):
        for a, b in spans:
            st[s.DOC_ID].append(doc_id)
            st[s.TURN_ID].append(turn_id)
            st[s.TEXT].append(text[a:b])
            st[s.START_CHAR].append(a)
            st[s.END_CHAR].append(b)
    row = {
        s.DOC_ID: doc_id,
        **{k: meta.get(k) for k in _DOCUMENT_META},
        s.SOURCE: source,
        s.FORMAT: doc.format,
        s.HEADER: header,
        s.TRAILER: trailer,
        s.N_TURNS: len(turns),
    }
    row.update({k: v for k, v in doc.meta.items() if k not in row and v is not None})
    rows.docs.append(row)


# ---------------------------------------------------------------------------
# Rows → tables


def _phrases(split: Split, turns: pd.DataFrame, *, doc_codes: np.ndarray,
             doc_order: pd.Index) -> pd.DataFrame:
    """One row per phrase of every turn (see :mod:`kit.read.phrases`); ``doc_codes`` has the
    code of each turn's document in ``doc_order``."""
    found = split.found
    # Gathers by the turn of each phrase, into the dtypes the table keeps: a million phrases
    # make each int64 temporary 8 MB, written once more for each cast (peak memory, time).
    idx = found["turn"].to_numpy()
    offset = turns[s.TEXT_START_CHAR].to_numpy()[idx]
    start = found["start"].to_numpy() + offset
    end = np.add(found["end"].to_numpy(), offset, out=offset)
    return pd.DataFrame(copy=False, data={
        # a million phrases repeat a few thousand ids: categorical, in document order
        s.DOC_ID: pd.Categorical.from_codes(doc_codes, categories=pd.Index(doc_order)).take(idx),
        # small integer keys: a million phrases, four bytes each
        s.TURN_ID: turns[s.TURN_ID].to_numpy().astype(np.int32)[idx],
        s.PHRASE_ID: found["phrase"].to_numpy().astype(np.int32),
        s.SPEAKER: turns[s.SPEAKER].array.take(idx),
        s.TEXT: to_pandas_str(split.texts),
        s.N_WORDS: split.phrase_words.astype(np.int32, copy=False),
        s.START_CHAR: start,
        s.END_CHAR: end,
    })


def _one_of_equals(attributes: list, by_items: dict[tuple, dict]) -> list:
    """The attribute dicts, equal ones made one object (readers share a dict among a speaker's
    turns of a document; across documents, this makes fewer pairs for speaker_table).
    ``by_items`` has the dicts met so far (in earlier batches), by their items; it grows."""
    distinct = {id(a): a for a in attributes if a}
    same: dict[int, dict] = {}
    for key, attrs in distinct.items():
        try:
            same[key] = by_items.setdefault(tuple(attrs.items()), attrs)
        except TypeError:  # a value that cannot be hashed: the dict stays its own
            pass
    return [same.get(id(a), a) for a in attributes]


_INTEGER_COLUMNS = {s.TURN_ID, s.START_CHAR, s.END_CHAR, "text_start"}
#: Columns of the turns' speakers that build factorizes: made categorical batch by batch.
_CODED_COLUMNS = ("speaker_raw", "surname", "role_raw", "person_id")


def prepare(rows: Rows, *, same_dicts: dict[tuple, dict] | None = None,
            threads: bool = True) -> Rows:
    """Split the phrases of a batch's turns and count their words (see :attr:`Rows.split`).

    The part of :func:`build` that needs no other batch: the reader runs it (through
    :func:`prepare_all`) on batches as they arrive, while the reader processes parse the next
    ones. Uses polars: never in a forked reader process. Returns ``rows``, prepared (once:
    again is a no-op). ``same_dicts``, shared by the batches of a read, makes their equal
    attribute dicts one object (see :func:`prepare_all`).
    """
    if rows.split is not None:
        return rows
    texts = rows.turns[s.TEXT] = as_arrow(rows.turns[s.TEXT])
    split = split_turns(texts, threads=threads)
    notes = rows.turns.pop("stage_text")
    if rows.stage[s.TEXT]:  # word counts leave stage directions out
        split.turn_words -= word_counts(pl.Series(notes, dtype=pl.String))
    rows.turns["attributes"] = _one_of_equals(
        rows.turns["attributes"], {} if same_dicts is None else same_dicts)
    # The columns as arrays now, not in build after the last batch: the reader processes
    # are still parsing meanwhile. Strings as Arrow, the speakers' strings as codes.
    turns, stage = rows.turns, rows.stage
    for name in _INTEGER_COLUMNS:
        turns[name] = np.array(turns[name], dtype=np.int64)
    turns["label"] = str_arrow(turns["label"])
    turns["resolved"] = np.array(turns["resolved"], dtype=bool)
    for name in (s.START_S, s.END_S):
        turns[name] = seconds(turns[name])
    for name in _CODED_COLUMNS:
        turns[name] = coded(turns[name])
    for name in (s.DOC_ID, s.TEXT):
        stage[name] = str_arrow(stage[name])
    for name in (s.TURN_ID, s.START_CHAR, s.END_CHAR):
        stage[name] = np.array(stage[name], dtype=np.int64)
    rows.split = split
    return rows


def text_size(rows: Rows) -> int:
    """About how many characters of turn text ``rows`` hold (bytes, once they are Arrow)."""
    texts = rows.turns[s.TEXT]
    return texts.nbytes if isinstance(texts, pa.Array) else sum(map(len, texts))


def _joined(parts: Sequence[Rows]) -> Rows:
    """One :class:`Rows` of unprepared ``parts``, in order."""
    if len(parts) == 1:
        return parts[0]
    rows = Rows()
    for part in parts:
        rows.docs.extend(part.docs)
        for name, values in part.turns.items():
            if name != s.TEXT:
                rows.turns[name].extend(values)
        for name, values in part.stage.items():
            rows.stage[name].extend(values)
        rows.skipped.extend(part.skipped)
        rows.warnings.extend(part.warnings)
    rows.turns[s.TEXT] = pa.concat_arrays([as_arrow(part.turns[s.TEXT]) for part in parts])
    return rows


def prepare_all(parts: Sequence[Rows], *, same_dicts: dict[tuple, dict] | None = None,
                threads: bool = True) -> list[Rows]:
    """``parts`` prepared (:func:`prepare`), in order; consecutive unprepared ones are joined
    first into parts of at least a chunk of text for each core (polars costs ~4 ms a call to
    split phrases: a hundred small batches would add that up; with ``threads``, each core
    then splits a chunk).

    Give every call of a read the same ``same_dicts`` (``{}`` at first): equal attribute
    dicts of different batches then become one object, so that :func:`build` counts a
    speaker's attributes once per distinct dict, not once per batch (a 100 MB ParlaMint
    read: 1.1k instead of 17.5k). ``threads`` as for
    :func:`~kit.read.splitting.split_turns`.
    """
    out: list[Rows] = []
    pending: list[Rows] = []
    size = 0
    enough = splitting.PHRASE_CHUNK_CHARS * (os.cpu_count() or 1)
    for part in parts:
        ready = part.split is not None
        if not ready:
            pending.append(part)
            size += text_size(part)
        if pending and (ready or size >= enough):
            out.append(prepare(_joined(pending), same_dicts=same_dicts, threads=threads))
            pending, size = [], 0
        if ready:
            out.append(part)
    if pending:
        out.append(prepare(_joined(pending), same_dicts=same_dicts, threads=threads))
    return out


def _documents(docs: list[dict[str, Any]]) -> tuple[pd.DataFrame, list[str]]:
    """The documents table of the documents' rows (no ``n_words`` yet), and the names of its
    extra metadata columns."""
    extra = list(dict.fromkeys(k for d in docs for k in d if k not in s.DOCUMENT_COLUMNS))
    documents = pd.DataFrame(docs, columns=[c for c in s.DOCUMENT_COLUMNS
                                            if c not in (s.N_WORDS,)] + extra)
    for col in (s.HEADER, s.TRAILER, s.SOURCE, s.FORMAT, s.DOC_ID):
        documents[col] = documents[col].astype("str")
    documents[s.DATE] = pd.to_datetime(documents[s.DATE]).astype(s.DATE_DTYPE)
    return documents, extra


def _stage(parts: Sequence[Rows]) -> pd.DataFrame:
    """The stage directions table, one row per stage direction (of prepared ``parts``)."""
    if not sum(len(part.stage[s.TEXT]) for part in parts):  # the columns pandas makes of []
        return pd.DataFrame({c: [] for c in Rows().stage}).reindex(
            columns=s.STAGE_DIRECTION_COLUMNS)

    def column(name: str) -> pd.Series | np.ndarray:
        values = [part.stage[name] for part in parts]
        if name in (s.DOC_ID, s.TEXT):
            return to_pandas_str(pa.chunked_array(values, type=pa.large_string()))
        return np.concatenate(values)

    return pd.DataFrame(copy=False, data={c: column(c) for c in s.STAGE_DIRECTION_COLUMNS})


def build(parts: Sequence[Rows], aliases: Mapping[str, str]) -> Corpus:
    """The tables of a corpus from the rows of its documents (see :class:`Rows`)."""
    parts = prepare_all(parts)
    docs = [d for part in parts for d in part.docs]

    def column(attr: str, name: str) -> list:
        if len(parts) == 1:
            return getattr(parts[0], attr)[name]
        return list(chain.from_iterable(getattr(part, attr)[name] for part in parts))

    def array(name: str) -> np.ndarray:  # of the turns (made arrays by prepare)
        if len(parts) == 1:
            return parts[0].turns[name]
        return np.concatenate([part.turns[name] for part in parts])

    def coded(name: str) -> pd.Categorical:  # of the turns (made categorical by prepare)
        if len(parts) == 1:
            return parts[0].turns[name]
        return union_categoricals([part.turns[name] for part in parts])

    split = concat_splits([part.split for part in parts if part.split is not None])
    documents, extra = _documents(docs)
    # Each turn's document: add_document puts a document's turns together, in documents'
    # order, so its position repeated by its turn count (no hash of a string per turn).
    turn_doc = np.repeat(np.arange(len(docs)), documents[s.N_TURNS].to_numpy(np.int64))
    doc_codes, doc_order = pd.factorize(documents[s.DOC_ID])  # as a phrase's categories
    turn_codes = doc_codes[turn_doc]

    speaker = turn_speakers(speaker=coded("speaker_raw"), surname=coded("surname"),
                            resolved=array("resolved"), person_id=coded("person_id"),
                            doc=turn_codes, aliases=aliases)
    turns = pd.DataFrame(copy=False, data={
        s.DOC_ID: documents[s.DOC_ID].array.take(turn_doc),
        s.TURN_ID: array(s.TURN_ID),
        s.SPEAKER: speaker,
        s.SPEAKER_LABEL: to_pandas_str(pa.chunked_array(
            [part.turns["label"] for part in parts], type=pa.large_string())),
        s.ROLE: turn_roles(coded("role_raw"), speaker),
        # one Arrow copy for pandas (a polars copy only while a batch is split)
        s.TEXT: to_pandas_str(pa.chunked_array([part.turns[s.TEXT] for part in parts],
                                                type=pa.large_string())),
        s.N_WORDS: split.turn_words,  # stage directions left out (prepare)
        s.START_CHAR: array(s.START_CHAR),
        s.END_CHAR: array(s.END_CHAR),
        s.START_S: array(s.START_S),
        s.END_S: array(s.END_S),
        s.STAGE_DIRECTIONS: pd.Series(column("turns", s.STAGE_DIRECTIONS), dtype=object),
        s.DATE: documents[s.DATE].to_numpy()[turn_doc],
        s.TITLE: documents[s.TITLE].to_numpy()[turn_doc],
        s.TEXT_START_CHAR: array("text_start"),
    })
    attributes = column("turns", "attributes")
    stage = _stage(parts)
    for part in parts:  # the frames have the values now; let the Python objects go
        part.turns.clear()
        part.stage.clear()
    release_memory()
    phrases = _phrases(split, turns, doc_codes=turn_codes, doc_order=doc_order)
    speakers = speaker_table(turns, attributes)

    per_doc = np.bincount(turn_codes, weights=split.turn_words, minlength=len(doc_order))
    documents[s.N_WORDS] = per_doc[doc_codes].astype("int64")
    documents[s.N_TURNS] = documents[s.N_TURNS].astype("int64")
    documents = documents[s.DOCUMENT_COLUMNS + extra]

    skipped = [x for part in parts for x in part.skipped]
    return Corpus(documents, turns, phrases, stage,
                  pd.DataFrame(skipped, columns=["source", "error"], dtype="str"),
                  speakers=speakers)
