"""Europarl: European Parliament proceedings as line-tagged text (any language).

Conventions of the format:

- Plain text, one tag per line: ``<CHAPTER ID=5>`` (the chapter's title is on the lines after
  it), ``<SPEAKER ID=82 LANGUAGE="ES" NAME="Galeote Quecedo">`` (a turn starts; the speech
  is on the lines after it) and ``<P>`` (a paragraph break). Attribute values are quoted,
  IDs need not be.
- The normalised text drops the tag lines' markup and keeps every other line: a text line
  stays a line, ``<P>`` and tags become paragraph breaks. A turn's label is empty, since its
  speaker is named only in the tag.
- The speaker is the ``NAME``, cleaned: words of address are dropped (``M. Niall Andrews``
  → ``Niall Andrews``), a surname-first name is turned round (``Evans, Robert J`` → ``Robert
  J Evans``), and a clause after a comma that is not a given name (``Pat the Cope Gallagher,
  which has been taken over by Mr Hyland``, ``..., remplacé par M. Hyland``) is left out of
  the name and kept as the speaker's ``name_note``. A surname alone joins the one fuller name
  in the sitting that adds given names before it (``Souladakis`` → ``Ioannis Souladakis``,
  but ``Costa`` stays apart from ``Seixas da Costa``).
- The chair: a ``NAME`` that is the President in any language (``President``, ``Le
  Président``, ``La Présidente``, ``Der Präsident``, ``De Voorzitter``, ``Formanden``,
  ``Talmannen``, ``Puhemies``, ``Ο Πρόεδρος`` ...) has role ``chair``. The file does not say
  who else is a member, a Commissioner or a minister of the Council, so their role is
  ``unknown``.
- ``LANGUAGE`` (the language the turn was spoken in, given when it differs from the file's
  language) is an attribute of the turn: it is kept as the speaker's ``language``, so the
  speakers table gives each speaker's (most frequent) spoken language. The kit's turns
  table has no per-turn attributes, so a speaker who spoke two languages shows one.
- ``SPEAKER`` tags with no text before the next tag (the President's empty turn before a
  question) give no turn. Chapter titles are headings, not speech: stage directions of the
  turn before (or the header). Bare parenthesised lines (``(Sustained applause)``, ``(The
  sitting was closed at 8.14 p.m.)``) are stage directions.
- The date is not in the text; Europarl files are named ``ep-YY-MM-DD...txt``, and the
  date is read from that name when it has this form. The title is ``European Parliament,
  date``.
"""

from __future__ import annotations

import re
from pathlib import PurePath

import pandas as pd

from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument
from kit.read.formats._xmltext import LINE, TextBuilder
from kit.read.formats.hansard import is_presiding, sitting_title

__all__ = ["looks_like_europarl", "parse_europarl"]

_TAG_LINE = re.compile(r"^[ \t]*<(?P<tag>CHAPTER|SPEAKER|P)\b(?P<attrs>[^>\n]*)>[ \t]*$",
                       re.IGNORECASE)
_ANY_TAG_LINE = re.compile(r"^[ \t]*</?[A-Z]+\b[^>\n]*>[ \t]*$")
_ATTR = re.compile(r"""(?P<key>[A-Za-z_]+)\s*=\s*"""
                   r"""(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s"'>]+))""")
_HEAD = re.compile(r"\A(?:\ufeff)?\s*(?:<CHAPTER\s+ID\s*=|<SPEAKER\s+ID\s*=)", re.IGNORECASE)
_STAGE_LINE = re.compile(r"^\s*\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)\s*\.?\s*$")
_FILE_DATE = re.compile(r"(?<![0-9])ep-(\d{2})-(\d{2})-(\d{2})(?![0-9])")
_ADDRESS = frozenset("mr mrs ms miss m mme mlle herr frau sr sra sig dr dott on".split())
# A given name after a comma: capitalised words or initials only (``Robert J``, ``Hans-Peter``).
_GIVEN = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]*\.?)(?:\s+[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’\-]*\.?){0,3}$")


def looks_like_europarl(text: str) -> bool:
    """Whether ``text`` is Europarl: it opens with a ``<CHAPTER ID=..>`` or ``<SPEAKER ID=..>``
    line and holds ``SPEAKER`` tag lines."""
    return _HEAD.match(text[:2000]) is not None and "<SPEAKER" in text[:200_000].upper()


def _attributes(raw: str) -> dict[str, str]:
    return {m.group("key").upper(): next(v for v in (m.group("dq"), m.group("sq"),
                                                      m.group("bare")) if v is not None)
            for m in _ATTR.finditer(raw)}


def clean_name(name: str) -> tuple[str, str | None]:
    """A speaker's canonical name from a ``NAME`` attribute, and any note cut from it.

    ``Evans, Robert J`` → ``("Robert J Evans", None)``; ``Pat the Cope Gallagher, which has been
    taken over by Mr Hyland`` → ``("Pat the Cope Gallagher", "which has been taken over by Mr
    Hyland")``; ``M. Niall Andrews`` → ``("Niall Andrews", None)``.
    """
    name = re.sub(r"\s+", " ", name).strip()
    note = None
    if "," in name:
        before, after = (p.strip() for p in name.split(",", 1))
        if _GIVEN.match(after) and before:
            name = f"{after} {before}"
        else:
            name, note = before, after or None
    words = name.split(" ")
    while len(words) > 1 and words[0].lower().rstrip(".") in _ADDRESS:
        words = words[1:]
    return " ".join(words), note


def _join_surnames(b: TextBuilder) -> None:
    """``Souladakis`` becomes ``Ioannis Souladakis`` when the sitting names exactly one person
    as a given name before that surname (Question Time tags carry full names, debate tags
    surnames). ``Costa`` does not join ``Seixas da Costa``: there ``da`` makes ``Seixas da``
    part of the surname, not a given name."""
    names = {t.speaker for t in b.turns if t.speaker and t.role != s.ROLE_CHAIR}
    fuller: dict[str, set[str]] = {}
    for name in names:
        words = name.split(" ")
        for i in range(1, len(words)):
            if words[i - 1][:1].isupper():  # a given name (or initial) ends the prefix
                fuller.setdefault(" ".join(words[i:]), set()).add(name)
    for turn in b.turns:
        found = fuller.get(turn.speaker or "", set())
        if len(found) == 1:
            turn.speaker = next(iter(found))


def _file_date(source: str) -> pd.Timestamp | None:
    m = _FILE_DATE.search(PurePath(source).name)
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    try:
        return pd.Timestamp(year=(1900 if year >= 90 else 2000) + year, month=month, day=day)
    except ValueError:
        return None


def parse_europarl(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a Europarl text file (one sitting, one language) into one document.

    Parameters
    ----------
    text
        The decoded file.
    source
        The file's name: for error messages, and its date when it is named
        ``ep-YY-MM-DD...``.

    Returns
    -------
    list of ParsedDocument
        One document: one turn per ``SPEAKER`` tag with text after it; chapter titles and
        parenthesised lines as stage directions; ``meta`` with ``title``, ``date`` and
        ``house``.

    Raises
    ------
    TranscriptError
        When a ``SPEAKER`` or ``CHAPTER`` line is not a well-formed tag, or the file has no
        speaker with text.
    """
    b = TextBuilder()
    in_title = False
    for number, line in enumerate(text.split("\n"), start=1):
        tag = _TAG_LINE.match(line)
        if tag is None and re.match(r"^\s*<(?:SPEAKER|CHAPTER)\b", line, re.IGNORECASE):
            raise TranscriptError(
                source, f"This line starts a <{line.strip()[1:8].rstrip()}...> tag but is not "
                "a well-formed tag line.", "Close the tag with '>' and quote its attribute "
                'values (NAME="...").', line=number)
        if tag is not None:
            name = tag.group("tag").upper()
            if in_title:
                b.end_stage()
                in_title = False
            b.brk()
            if name == "CHAPTER":
                b.close_turn()  # the title is a heading: a note of the turn before
                b.begin_stage()
                in_title = True
            elif name == "SPEAKER":
                attrs = _attributes(tag.group("attrs"))
                written = attrs.get("NAME", "").strip()
                speaker, note = clean_name(written) if written else (s.UNKNOWN_SPEAKER, None)
                b.open_turn(speaker=speaker,
                            role=s.ROLE_CHAIR if written and is_presiding(speaker)
                            else s.ROLE_UNKNOWN,
                            attributes={"language": attrs.get("LANGUAGE"), "name_note": note})
                b.speech(lead=None)
            continue
        if _ANY_TAG_LINE.match(line):
            b.brk()  # another tag: its markup goes, as for the known ones
            continue
        if not line.strip():
            continue
        b.brk(LINE)
        stage = not in_title and b.in_turn and _STAGE_LINE.match(line) is not None
        if stage:
            b.brk()
            b.begin_stage()
        b.add(line)
        if stage:
            b.end_stage()
            b.brk()
    if in_title:
        b.end_stage()
    _join_surnames(b)
    date = _file_date(source)
    house = "European Parliament"
    doc = b.document("europarl", meta={"title": sitting_title(house, date), "date": date,
                                       "house": house})
    if not doc.turns:
        raise TranscriptError(source, "No speech was found: no <SPEAKER> line has text after "
                              "it.", "Check that this is a Europarl file, or pass another "
                              "format=.", line=1)
    return [doc]
