"""Canadian House of Commons debates and committee evidence ("alpheus" XML), any language.

Conventions of the schema:

- The root ``<Hansard xml:lang="EN|FR">`` holds ``<StartPageNumber>`` (layout, left out),
  ``<DocumentTitle>`` and ``<ExtractedInformation>`` (one ``<ExtractedItem Name=...>`` per
  fact: institution, number, date, parliament and session), which form the header, then
  ``<HansardBody>``. The date, ``term`` (parliament number), ``session`` and ``house``
  (the institution) come from the extracted items; the title is ``InstitutionDebate, Number``
  (``House of Commons Debates, No. 303``).
- ``<HansardBody>`` nests ``<OrderOfBusiness>``, ``<SubjectOfBusiness>`` and
  ``<SubjectOfBusinessContent>``, whose titles (``OrderOfBusinessTitle``, ``CatchLine``,
  ``SubjectOfBusinessTitle``, ``ProceduralText`` ...) are headings: stage directions of the
  turn before them, or the header, as are ``<Intro>`` (``The House met at 10 a.m.``), bare
  ``<ParaText>`` between interventions, ``<Timestamp>`` (``(1005)``), ``<FloorLanguage>``
  (``[English]``) and committee ``<Pause>`` blocks, wherever they appear.
- A turn is an ``<Intervention>``: ``<PersonSpeaking><Affiliation DbId=..>Mr. Mark Gerretsen
  (Kingston and the Islands, Lib.)</Affiliation>: </PersonSpeaking>``, then ``<Content>``
  with ``<ParaText>`` paragraphs. The label is the affiliation as printed.
- Inside a paragraph, a leading ``<B>Some hon. members:</B>`` (or ``<B>Mr. Corey
  Tochor:</B>``) starts another turn, which the following paragraphs continue. An
  ``<Affiliation>`` inside ``<ParaText>`` only mentions a member: it is speech.
- Labels: the name before the parenthesis is the person (honorifics dropped); the last part of
  the parenthesis, when it is a party abbreviation (``Lib.``, ``CPC``, ``NDP``, ``BQ``, ``PCC``,
  ``NPD``), is the ``party``, the rest the ``constituency`` or the ``office`` (``Parliamentary
  Secretary to ...``). A presiding label (``The Assistant Deputy Speaker (Mrs. Carol Hughes)``,
  ``The Chair (Mr. Lloyd Longfield (Guelph, Lib.))``, ``Le président``) is role ``chair``, the
  person named inside; a bare ``The Chair`` is the person that affiliation (``DbId``) or that
  office named earlier in the sitting, or else the header's ``SpeakerName``. A parenthesis
  without a party is a witness's organisation (role ``guest``, attribute ``organisation``).
  Crowds (``Some hon. members``, ``An hon. member``, ``Des voix``) are members. A short label
  takes the role of the person's fuller one; a person no label describes is a member in the
  chamber's debates (``MetaDocumentCategory`` ``DEBATES``), else of unknown role.
- ``DbId`` is kept as ``affiliation_id``, not ``person_id``: it identifies a person *in a
  role* (one member has one id as a member and another as a parliamentary secretary).
- Processing instructions (``<?bk ?>``) are left out, their surrounding text kept.
"""

from __future__ import annotations

import re
from typing import Any

from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument
from kit.read.formats._xml import local_name
from kit.read.formats._xmltext import LINE, TextBuilder, emit
from kit.read.formats.hansard import (
    is_presiding,
    parse_date,
    parse_root,
    person_name,
    split_label,
    top_level_parts,
)

__all__ = ["parse_hansard_ca", "read_alpheus"]

_LAYOUT = frozenset({"startpagenumber"})
_STAGE = frozenset({"timestamp", "floorlanguage", "pause"})
_BLOCKS = frozenset({"paratext", "quote", "quotepara", "list", "item", "table", "tr",
                     "floorlanguage", "timestamp", "pause", "startpause", "endpause"})
_BREAKS = frozenset({"br", "lb"})
# A party's abbreviation: Canadian parties' capitals in English and French (CPC, NDP, BQ, GP;
# PCC, NPD, PV), or short words with a period (Lib., Ind., Cons., Ref.).
_PARTY = re.compile(r"^(?:CPC|NDP|BQ|GP|PC|PCC|NPD|PV|PPC|CCF|SC|RPC|CA|"
                    r"[A-Z][a-zé]{1,5}\.(?: [A-Z][a-zé]{1,5}\.)?)$")
_CROWD = re.compile(r"^(?:some|an|several|many)\s+hon\.?\s+members?$|^(?:des|une)\s+voix$",
                    re.IGNORECASE)
_OFFICE = re.compile(r"\b(?:Minister|Secretary|Leader|President|Whip|Speaker|Ministre|"
                     r"Secrétaire|Président|Solicitor|Attorney)\b", re.IGNORECASE)


class _Reader:
    """Walks an alpheus tree into a :class:`TextBuilder`."""

    def __init__(self) -> None:
        self.b = TextBuilder()
        self.by_affiliation: dict[str, str] = {}  # DbId -> person named with it
        self.by_office: dict[str, str] = {}  # "the chair" -> person
        self.role_of: dict[str, str] = {}  # person -> role of their fullest label
        self.turn_names: list[tuple[Any, str | None, str]] = []
        #: Role of a person no label describes: in the chamber's debates everyone who is not
        #: the chair is a member; in committee evidence they may be a witness.
        self.default_role = s.ROLE_UNKNOWN

    def seed_presiding(self, name: str | None, title: str | None) -> None:
        """The header names the presiding officer (``Speaker: The Honourable Greg Fergus``,
        or ``SpeakerTitle`` ``Chair`` and ``SpeakerName`` ``Mr. Lloyd Longfield``): a bare
        ``The Speaker`` / ``The Chair`` label is that person."""
        if not name:
            return
        office, _, person = name.rpartition(":")
        office = (office or title or "").strip()
        if not office:
            return
        full_name, full = person_name(person)
        if not full:
            return
        for article in ("the", "le", "la", "l'"):
            self.by_office.setdefault(f"{article} {office}".lower(), full_name)

    # -- labels ----------------------------------------------------------------------------
    def speaker_of(self, label: str, db_id: str | None) -> tuple[str, str | None, dict]:
        """Canonical speaker, role (None: not known from this label) and attributes."""
        head, inner = split_label(label)
        attributes: dict[str, Any] = {"affiliation_id": db_id}
        if _CROWD.match(head):
            return head, s.ROLE_MEMBER, attributes
        if is_presiding(head):
            attributes["office"] = head
            if inner:
                name = self.person(inner, db_id, attributes, with_role=False)[0]
                self.by_office[head.lower()] = name
            else:
                name = (self.by_affiliation.get(db_id or "") or
                        self.by_office.get(head.lower()) or head)
            if db_id:
                self.by_affiliation.setdefault(db_id, name)
            return name, s.ROLE_CHAIR, attributes
        return self.person(label, db_id, attributes, with_role=True)

    def person(self, label: str, db_id: str | None, attributes: dict[str, Any], *,
               with_role: bool) -> tuple[str, str | None, dict]:
        head, inner = split_label(label)
        name, full = person_name(head)
        if not full and db_id in self.by_affiliation:
            name = self.by_affiliation[db_id]
        role = None
        if inner:
            parts = top_level_parts(inner)
            if parts and _PARTY.match(parts[-1]):
                attributes[s.PARTY] = parts[-1]
                rest = ", ".join(parts[:-1])
                if rest:
                    attributes["office" if _OFFICE.search(rest) else "constituency"] = rest
                role = s.ROLE_MEMBER
            else:
                attributes["organisation"] = inner
                role = s.ROLE_GUEST
        if db_id:
            self.by_affiliation.setdefault(db_id, name)
        if with_role and role is not None:
            self.role_of.setdefault(name, role)
        return name, role, attributes

    # -- walking ---------------------------------------------------------------------------
    def header(self, el: Any) -> None:
        """Document title and extracted items: the header, one line each."""
        b = self.b
        for item in el.iter():
            if item is el or not local_name(item.tag):
                continue
            if len(item) == 0 or local_name(item.tag).lower() == "extracteditem":
                if item.getparent() is not None and local_name(
                        item.getparent().tag).lower() == "extracteditem":
                    continue  # inside an item: written with it
                b.brk(LINE)
                emit(b, item, breaks=_BREAKS)
                b.brk(LINE)
        b.brk()

    def stage_block(self, el: Any) -> None:
        b = self.b
        b.brk()
        b.begin_stage()
        emit(b, el, skip=_LAYOUT, blocks=_BLOCKS, breaks=_BREAKS)
        b.end_stage()
        b.brk()

    def walk(self, el: Any) -> None:
        """Containers of business: headings and notes are stage, interventions turns."""
        for child in el:
            tag = local_name(child.tag).lower()
            if not tag or tag in _LAYOUT:
                continue
            if tag == "intervention":
                self.intervention(child)
            elif len(child) and tag not in _STAGE and tag != "paratext" and any(
                    local_name(c.tag).lower() in ("intervention", "subjectofbusiness",
                                                  "subjectofbusinesscontent", "paratext")
                    for c in child):
                self.walk(child)
            else:
                self.b.close_turn()
                self.stage_block(child)

    def open_turn(self, label: str, db_id: str | None) -> None:
        name, role, attributes = self.speaker_of(label, db_id)
        self.b.open_turn(speaker=name, role=role, attributes=attributes)
        self.turn_names.append((self.b.open, role, name))

    def intervention(self, el: Any) -> None:
        b = self.b
        b.close_turn()
        speaking = next((c for c in el if local_name(c.tag).lower() == "personspeaking"), None)
        b.brk()
        if speaking is not None:
            affiliation = next((c for c in speaking
                                if local_name(c.tag).lower() == "affiliation"), None)
            label = " ".join(speaking.xpath("string()").split()).rstrip(": ")
            if affiliation is not None:
                label = " ".join(affiliation.xpath("string()").split())
            self.open_turn(label, affiliation.get("DbId") if affiliation is not None else None)
            b.add(speaking.text)
            b.label()
            if affiliation is not None:
                emit(b, affiliation, breaks=_BREAKS)
                b.speech()
                b.add(affiliation.tail)
                for rest in affiliation.itersiblings():
                    if local_name(rest.tag):
                        emit(b, rest, breaks=_BREAKS)
                    b.add(rest.tail)
            else:
                emit(b, speaking, breaks=_BREAKS)
                b.speech()
        else:
            b.open_turn(speaker=s.UNKNOWN_SPEAKER, role=s.ROLE_UNKNOWN)
            b.speech()
        for child in el:
            tag = local_name(child.tag).lower()
            if tag == "content":
                self.content(child)
            elif tag and tag != "personspeaking":
                self.stage_block(child)
        b.close_turn()

    def content(self, el: Any) -> None:
        b = self.b
        for child in el:
            tag = local_name(child.tag).lower()
            if not tag:
                continue
            if tag in _STAGE:
                self.stage_block(child)
            elif tag == "paratext" and self.new_speaker(child):
                continue
            else:
                b.brk()
                emit(b, child, skip=_LAYOUT, blocks=_BLOCKS, breaks=_BREAKS, stage=_STAGE)
                b.brk()

    def new_speaker(self, p: Any) -> bool:
        """A paragraph opening with ``<B>Name:</B>``: a turn of its own (returns True)."""
        if (p.text or "").strip() or not len(p):
            return False
        bold = p[0]
        if local_name(bold.tag).lower() != "b":
            return False
        label = " ".join(bold.xpath("string()").split())
        tail = bold.tail or ""
        if label.endswith(":"):
            label = label[:-1].rstrip()
        elif not tail.lstrip().startswith(":"):
            return False
        if not label or len(label) > 120:
            return False
        b = self.b
        b.brk()
        self.open_turn(label, None)
        b.add(p.text)
        b.label()
        b.add(label)
        b.speech()
        rest = " ".join(bold.xpath("string()").split())[len(label):]
        b.add(rest)
        b.add(tail)
        for child in p[1:]:
            tag = local_name(child.tag).lower()
            if tag:
                emit(b, child, skip=_LAYOUT, blocks=_BLOCKS, breaks=_BREAKS, stage=_STAGE)
            b.add(child.tail)
        b.brk()
        return True

    def finish(self) -> None:
        """Short labels (``Mr. Mark Gerretsen:``, ``The Chair:``) take the fuller one's role."""
        for turn, role, name in self.turn_names:
            if role is None:
                turn.role = self.role_of.get(name, self.default_role)


def _items(root: Any) -> dict[str, str]:
    info = next((c for c in root if local_name(c.tag).lower() == "extractedinformation"), None)
    if info is None:
        return {}
    return {item.get("Name", ""): " ".join(item.xpath("string()").split())
            for item in info if local_name(item.tag).lower() == "extracteditem"}


def read_alpheus(root: Any, *, source: str) -> ParsedDocument:
    """Read a parsed alpheus tree (root ``<Hansard>``) into one document.

    Parameters
    ----------
    root
        The lxml root element.
    source
        The file's name, for error messages.

    Returns
    -------
    ParsedDocument
        One turn per intervention (and per ``<B>Name:</B>`` paragraph); headings and notes
        as stage directions; ``meta`` with ``title``, ``date``, ``house``, ``term``,
        ``session`` and ``language``.
    """
    reader = _Reader()
    items = _items(root)
    if items.get("MetaDocumentCategory", "").upper() in ("DEBATES", "DÉBATS"):
        reader.default_role = s.ROLE_MEMBER
    reader.seed_presiding(items.get("SpeakerName"), items.get("SpeakerTitle"))
    for child in root:
        tag = local_name(child.tag).lower()
        if tag in ("documenttitle", "extractedinformation"):
            reader.header(child)
        elif tag == "hansardbody":
            reader.walk(child)
        elif tag and tag not in _LAYOUT:
            reader.b.close_turn()
            reader.stage_block(child)
    reader.finish()
    date = parse_date(items.get("Date"))
    if date is None and items.get("MetaDateNumYear"):
        date = parse_date("-".join(items.get(k, "") for k in (
            "MetaDateNumYear", "MetaDateNumMonth", "MetaDateNumDay")))
    title = ", ".join(v for v in (items.get("InstitutionDebate"), items.get("Number")) if v)
    language = root.get("{http://www.w3.org/XML/1998/namespace}lang")
    doc = reader.b.document("hansard_ca", meta={
        "title": title or None, "date": date, "house": items.get("Institution"),
        "term": items.get("ParliamentNumber"), "session": items.get("SessionNumber"),
        "language": language.lower() if language else None})
    if not doc.turns:
        raise TranscriptError(source, "No speech was found: the file has no <Intervention> "
                              "with text.", "Check that this is a debate or evidence file.",
                              line=root.sourceline or 1)
    return doc


def parse_hansard_ca(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a Canadian House of Commons "alpheus" XML file into one document.

    Parameters
    ----------
    text
        The decoded file.
    source
        The file's name, for error messages.

    Returns
    -------
    list of ParsedDocument
        One document (see :func:`read_alpheus`).

    Raises
    ------
    TranscriptError
        When the file is not well-formed XML, its root is not ``<Hansard>``, or it holds no
        intervention.
    """
    root = parse_root(text, source=source, what="Canadian Hansard (alpheus) XML",
                      roots=("hansard",))
    return [read_alpheus(root, source=source)]
