"""UK Parliament debates as parsed by ParlParse for TheyWorkForYou (``<publicwhip>`` XML).

Conventions of the schema:

- The root ``<publicwhip>`` holds, in reading order, ``<major-heading>``, ``<minor-heading>``
  (and ``<oral-heading>``), ``<speech>`` and ``<division>`` elements. An internal DTD subset
  declares the HTML entities the text uses (``&mdash;``), so it is kept when parsing.
- A ``<speech speakername="..." speakerid="..." person_id="...">`` with ``<p>`` paragraphs is
  one turn (so are the ``<ques>`` and ``<reply>`` of written answers). The speaker is given only
  in markup, so the turn's label is empty; the canonical speaker is ``speakername``.
  ``person_id`` (newer files) or else ``speakerid`` becomes the speaker's ``person_id``;
  ``party`` and ``speakeroffice`` (as ``office``) where given. ``speakerid="unknown"`` (crowds:
  ``Several hon. Members``) gives no id.
- Roles: a speaker named like the presiding officer (``Mr. Speaker``, ``The Chairman``) or
  named by the last ``[... in the Chair]`` note of a heading or paragraph is ``chair``;
  everyone else is a ``member``.
- A procedural speech (``nospeaker="true"``, or no ``speakername``) names nobody: when all its
  paragraphs are italic (``Motion made ...``, ``Sitting adjourned.``) it is procedure, not
  speech (a stage direction of the turn before it, or the header); otherwise it is a turn
  by the ``Unknown`` speaker with role ``unknown``.
- Headings are not speech: they are stage directions closing the turn before them (or the
  header). ``<p class="italic">`` paragraphs (``rose—``, ``indicated assent.``) are stage
  directions inside their turn. A ``<division>`` is a list of names, not speech: the whole
  list is a stage direction of the turn before it, so it counts for nobody's words.
- The document's date and house come from the ``id`` attributes
  (``uk.org.publicwhip/westminhall/2009-10-29a.143.1``); its title is ``House, date``.

The normalised text is the text content in reading order: headings and paragraphs each a
paragraph of their own, whitespace collapsed.
"""

from __future__ import annotations

import re
from typing import Any

from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument
from kit.read.formats._xml import local_name
from kit.read.formats._xmltext import TextBuilder, emit
from kit.read.formats.hansard import (
    is_presiding,
    parse_date,
    parse_root,
    person_name,
    sitting_title,
    surname_key,
)

__all__ = ["parse_parlparse"]

_HEADINGS = frozenset({"major-heading", "minor-heading", "oral-heading", "heading"})
# Speeches; written answers have questions and replies instead.
_SPEECHES = frozenset({"speech", "ques", "reply"})
_BLOCKS = frozenset({"p", "table", "tr", "ul", "ol", "li", "blockquote"})
_ID = re.compile(r"uk\.org\.publicwhip/(?P<house>[a-z]+)/(?P<date>\d{4}-\d{2}-\d{2})")
_HOUSES = {
    "debate": "House of Commons", "westminhall": "Westminster Hall", "lords": "House of Lords",
    "wrans": "Written Answers", "wms": "Written Ministerial Statements",
    "ni": "Northern Ireland Assembly", "sp": "Scottish Parliament", "spor": "Scottish Parliament",
    "spwa": "Scottish Parliament Written Answers", "senedd": "Senedd",
    "london-mayors-questions": "London Mayor's Questions", "pbc": "Public Bill Committee",
    "standing": "Standing Committee",
}
# ``[Sir Nicholas Winterton in the Chair]``, ``[Mr. Deputy Speaker in the Chair]``.
_IN_THE_CHAIR = re.compile(r"\[\s*(?P<name>[^\[\]]+?)\s+in\s+the\s+Chair\s*\]", re.IGNORECASE)
_CROWD = re.compile(r"^(?:several|some|an|many)?\s*hon(?:ourable|\.)?\s+(?:members?|friends?)$",
                    re.IGNORECASE)


def _is_italic(p: Any) -> bool:
    return "italic" in (p.get("class") or "").split()


def _chair_key(name: str) -> str:
    """``Sir Nicholas Winterton`` and ``Nicholas Winterton`` → ``nicholas winterton``."""
    return person_name(name)[0].lower()


def _role(name: str, chair: str | None) -> str:
    if is_presiding(name):
        return s.ROLE_CHAIR
    if chair is not None and (_chair_key(name) == chair or (
            not person_name(name)[1] and surname_key(name) == surname_key(chair))):
        return s.ROLE_CHAIR
    return s.ROLE_MEMBER


def _speech_turn(b: TextBuilder, el: Any, chair: str | None) -> None:
    name = (el.get("speakername") or "").strip()
    procedural = el.get("nospeaker", "").lower() == "true" or not name
    paragraphs = [c for c in el if local_name(c.tag).lower() == "p"]
    if procedural and all(_is_italic(p) for p in paragraphs):
        b.close_turn()  # procedure: a stage direction of the turn before, or the header
        b.brk()
        b.begin_stage()
        emit(b, el, blocks=_BLOCKS, breaks=frozenset({"br"}))
        b.end_stage()
        b.brk()
        return
    if procedural:
        b.open_turn(speaker=s.UNKNOWN_SPEAKER, role=s.ROLE_UNKNOWN)
    else:
        speaker_id = el.get("person_id") or el.get("speakerid")
        b.open_turn(speaker=name, role=s.ROLE_MEMBER if _CROWD.match(name) else _role(name, chair),
                    attributes={
                        s.PERSON_ID: None if speaker_id in (None, "", "unknown") else speaker_id,
                        s.PARTY: el.get("party"), "office": el.get("speakeroffice")})
    b.speech(lead=None)
    b.brk()
    b.add(el.text)
    for child in el:
        tag = local_name(child.tag).lower()
        if tag:
            b.brk()
            italic = tag == "p" and _is_italic(child)
            if italic:
                b.begin_stage()
            emit(b, child, blocks=_BLOCKS, breaks=frozenset({"br"}))
            if italic:
                b.end_stage()
            b.brk()
        b.add(child.tail)
    b.close_turn()


def parse_parlparse(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a ParlParse / TheyWorkForYou XML file into one document of speeches.

    Parameters
    ----------
    text
        The decoded file.
    source
        The file's name, for error messages.

    Returns
    -------
    list of ParsedDocument
        One document: one turn per ``<speech>`` with a speaker, headings and divisions as
        stage directions; ``meta`` has ``title``, ``date`` and ``house``.

    Raises
    ------
    TranscriptError
        When the file is not well-formed XML, its root is not ``<publicwhip>``, or it
        holds no speech.
    """
    root = parse_root(text, source=source, what="ParlParse XML", roots=("publicwhip",))
    b = TextBuilder()
    chair: str | None = None
    house = date = None
    for el in root:
        tag = local_name(el.tag).lower()
        if not tag:
            continue
        m = _ID.search(el.get("id") or "")
        if m and date is None:
            house, date = m.group("house"), parse_date(m.group("date"))
        notes = el.xpath("string()") if tag in _HEADINGS | _SPEECHES else ""
        if tag in _HEADINGS:
            b.close_turn()
            b.brk()
            b.begin_stage()
            emit(b, el, blocks=_BLOCKS)
            b.end_stage()
            b.brk()
        elif tag in _SPEECHES:
            _speech_turn(b, el, chair)
        else:  # divisions (names, not speech) and anything else: never anyone's words
            b.close_turn()
            b.brk()
            b.begin_stage()
            emit(b, el, blocks=_BLOCKS | {"mpname", "lord", "member", "msp", "mplist",
                                          "lordlist", "memberlist", "msplist",
                                          "divisioncount", "mp", "mla", "mlalist"})
            b.end_stage()
            b.brk()
        for found in _IN_THE_CHAIR.finditer(notes):
            chair = _chair_key(found.group("name"))
    house_name = _HOUSES.get(house or "", house)
    doc = b.document("parlparse", meta={"title": sitting_title(house_name, date), "date": date,
                                        "house": house_name})
    if not doc.turns:
        raise TranscriptError(source, "No speech was found: the file has no <speech> with a "
                              "speaker and text.", "Check that this is a ParlParse debate "
                              "file (not a list of members or divisions only).",
                              line=root.sourceline or 1)
    return [doc]
