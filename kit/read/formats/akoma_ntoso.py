"""Akoma Ntoso debates: ``<speech by="#id">`` turns with a ``<from>`` label.

Input grain: one Akoma Ntoso file (``<akomaNtoso>``, the OASIS LegalDocML standard, in its
namespace, an older one or none) holding a ``<debate>``, as the Irish Oireachtas, SayIt
sites and other parliaments publish their records. Output grain: one
:class:`ParsedDocument`, one turn per ``<speech>``, ``<question>`` or ``<answer>``.

Conventions, as this reader uses them:

- A turn's ``<from>`` is its label as printed (``Deputy Micheál Martin``, ``An Ceann
  Comhairle``); ``<p>`` its paragraphs; inline ``<remark>`` (``(Interruptions)``) a stage
  direction. ``<narrative>``, ``<scene>`` and ``<summary>`` between turns (``Question put and
  agreed to.``) belong to the turn before; headings too.
- The speaker: the ``showAs`` of the person ``by`` points to (``<TLCPerson eId="X"
  showAs="...">`` in ``<references>``), else the label as in plain text. ``by`` without
  ``#`` is the ``person_id``; the role ``as`` points to (its ``showAs``) is the speaker's
  ``office``, and a presiding one (``Ceann Comhairle``, ``Speaker``, ``Chair``) makes the
  turn the chair's; every other turn is a member's (a debate is a parliament's).
- The ``<preface>`` (and any text of ``<meta>``) is the header: ``title`` from
  ``<docTitle>``, ``date`` from ``<docDate date=>``, else the work's ``<FRBRdate date=>``.
- A file without a debate (an act, a bill) reads as its text content, labels found as in
  plain text (:mod:`~kit.read.formats.xml_text`).
"""

from __future__ import annotations

from typing import Any

from kit import schema as s
from kit.read.formats._base import ParsedDocument
from kit.read.formats._xml import local_name, parse_xml
from kit.read.formats._xmltext import LINE, PARAGRAPH, TextBuilder, emit, emit_speech
from kit.read.formats.hansard import is_presiding, parse_date
from kit.read.formats.xml_text import parse_xml_text

__all__ = ["parse_akoma_ntoso"]

_TURNS = frozenset({"speech", "question", "answer"})
_STAGE = frozenset({"narrative", "scene", "summary", "remark", "other"})
# (lower case: emit compares lower-cased names)
_BLOCKS = frozenset({"p", "heading", "subheading", "num", "blocklist", "item", "list", "tr",
                     "table", "narrative", "scene", "summary", "from", "doctitle"})
_BREAKS = frozenset({"br", "eol"})
_CONTAINERS = frozenset({"debateBody", "debateSection", "administrationOfOath",
                         "debateAdjournment", "prayers", "questions", "address",
                         "ministerialStatements", "petitions", "papers", "noticesOfMotion",
                         "oralStatements", "writtenStatements", "personalStatements",
                         "pointOfOrder", "proceduralMotions", "rollCall", "resolutions",
                         "nationalInterest", "declarationOfVote", "communication",
                         "adjournment"})


def _references(root: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Persons and roles by id: ``{eId or id: showAs}`` of ``TLCPerson`` and ``TLCRole``."""
    persons: dict[str, str] = {}
    roles: dict[str, str] = {}
    for el in root.iter():
        name = local_name(el.tag)
        if name in ("TLCPerson", "TLCRole"):
            key = el.get("eId") or el.get("id")
            show = " ".join((el.get("showAs") or "").split())
            if key and show:
                (persons if name == "TLCPerson" else roles)[key] = show
    return persons, roles


def _meta(root: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for el in root.iter():
        name = local_name(el.tag)
        if name == "docTitle" and s.TITLE not in meta:
            title = " ".join("".join(el.itertext()).split())
            if title:
                meta[s.TITLE] = title
        elif name == "docDate" and s.DATE not in meta:
            meta[s.DATE] = parse_date(el.get("date") or "") or parse_date("".join(el.itertext()))
        elif name == "FRBRdate" and "_work_date" not in meta and \
                local_name(el.getparent().tag) == "FRBRWork":
            meta["_work_date"] = parse_date(el.get("date") or "")
    work = meta.pop("_work_date", None)
    if meta.get(s.DATE) is None:
        meta[s.DATE] = work
    return meta


class _Reader:
    def __init__(self, root: Any) -> None:
        self.b = TextBuilder()
        self.persons, self.roles = _references(root)

    def block(self, el: Any, *, stage: bool) -> None:
        b = self.b
        b.brk(PARAGRAPH)
        if stage:
            b.begin_stage()
        emit(b, el, blocks=_BLOCKS, breaks=_BREAKS,
             stage=frozenset() if stage else frozenset({"remark"}))
        if stage:
            b.end_stage()
        b.brk(PARAGRAPH)

    def turn(self, el: Any) -> None:
        b = self.b
        by = (el.get("by") or "").strip()
        person = by[1:] if by.startswith("#") else by
        office = self.roles.get((el.get("as") or "").strip().lstrip("#"))
        label_el = next((c for c in el if local_name(c.tag) == "from"), None)
        label = " ".join("".join(label_el.itertext()).split()) if label_el is not None else ""
        chair = any(is_presiding(x) for x in (office, label.split("(")[0]) if x)
        b.brk(PARAGRAPH)
        b.open_turn(speaker=self.persons.get(person),
                    role=s.ROLE_CHAIR if chair else s.ROLE_MEMBER,
                    attributes={s.PERSON_ID: person or None, "office": office})
        emit_speech(b, el, label="from", breaks=_BREAKS,
                    block=lambda child, name: self.block(child, stage=name in _STAGE))
        b.close_turn()

    def lines(self, el: Any) -> None:
        """The preface (and any text of the metadata): each element's text a line."""
        b = self.b
        b.brk(LINE)
        b.add(el.text)
        for child in el:
            if local_name(child.tag):
                self.lines(child)
            b.add(child.tail)
        b.brk(LINE)

    def walk(self, el: Any) -> None:
        b = self.b
        for child in el:
            name = local_name(child.tag)
            if name in _TURNS:
                self.turn(child)
            elif name in _CONTAINERS or name in ("debate", "mainBody"):
                b.brk(PARAGRAPH)
                b.add(child.text)
                self.walk(child)
                b.brk(PARAGRAPH)
            elif name in ("meta", "preface"):
                b.brk(PARAGRAPH)
                self.lines(child)
                b.brk(PARAGRAPH)
            elif name:
                self.block(child, stage=name in _STAGE)
            b.add(child.tail)


def parse_akoma_ntoso(text: str, /, *, source: str) -> list[ParsedDocument]:
    """Read an Akoma Ntoso debate record into one document of turns.

    Parameters
    ----------
    text
        The decoded file (root ``<akomaNtoso>``).
    source
        The file's name, for error messages.

    Returns
    -------
    list of ParsedDocument
        One document: turns with the speakers ``<references>`` names, their ids and offices;
        ``title`` and ``date`` from the preface or the work's identification. A file without
        speeches is read as its text content (:func:`~kit.read.formats.xml_text.parse_xml_text`).

    Raises
    ------
    TranscriptError
        For malformed XML that cannot be read without dropping text (naming the line).
    """
    root = parse_xml(text, source=source, what="an Akoma Ntoso file")
    if not any(local_name(el.tag) in _TURNS for el in root.iter()):
        return parse_xml_text(text, source=source)
    reader = _Reader(root)
    reader.b.add(root.text)
    reader.walk(root)
    return [reader.b.document("akn", meta=_meta(root))]
