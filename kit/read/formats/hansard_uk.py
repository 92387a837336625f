"""Older UK Hansard XML (the Millbank digitisation: ``<housecommons>``, ``<houselords>`` ...).

Conventions of the schema:

- The root names the house (``housecommons``, ``houselords``, ``westminsterhall``,
  ``writtenanswers``, ``writtenstatements``); its first ``<title>`` is the document's title
  and ``<date format="1976-01-22">`` its date. Sections nest (``<debates>``,
  ``<oralquestions>``, ``<section>``, ``<group>``, ``<body>``), each with a ``<title>``.
- A turn is a paragraph that starts with ``<member>``: ``<p><member>Mr. Latham</member>
  <membercontribution>: text</membercontribution></p>``. In written answers the speech follows
  the member as plain text (``<member>Mr. Gummer</member>: A note ...``). The label is the
  member as printed; the ``:`` before the speech stays with the label.
- A numbered question, ``<p>1. <member>Mr. X</member> asked the Secretary of State ...</p>``,
  is the member's (tabled) question and so the member's turn, with or without a
  ``membercontribution``; so is a plain ``Mr. X asked the Minister ...`` paragraph of written
  answers. The number stays before the label.
- Paragraphs without a member continue the turn before them (a long answer), unless a heading
  or section boundary came between: then they are procedure (a stage direction of the turn
  before, or the header).
- Labels name people in several ways: ``The Secretary of State for Northern Ireland
  (Mr. Merlyn Rees)`` (office and name: the speaker is ``Merlyn Rees``, ``office`` the
  office), ``Mr. Michael Latham`` (full name), ``Mr. Latham`` (joined to the one full name
  with that surname in the sitting), ``Mr. SPEAKER`` / ``The CHAIRMAN`` (role ``chair``).
  Everyone else is a ``member``.
- Not speech, so stage directions (of the turn before, or the header): headings
  (``<title>``), centred and italic-only paragraphs (``[Mr. SPEAKER in the Chair]``,
  ``To lie upon the Table.``), and division lists. A ``<division>`` (and a ``<table>``
  printed right after one, such as the Noes outside the division element) is a list of
  names: it is marked as a stage direction as a whole, so its names count as nobody's
  words. Other tables belong to the turn they follow (the figures of a written answer).
- Page images (``<image>``) and column numbers (``<col>``), which appear mid-sentence, are
  layout: left out of the normalised text. ``<lb/>`` is a line break.
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
    NameBook,
    fix_case,
    is_presiding,
    parse_date,
    parse_root,
    person_name,
    sitting_title,
    split_label,
)

__all__ = ["parse_hansard_uk"]

ROOTS = ("housecommons", "houselords", "westminsterhall", "writtenanswers",
         "writtenstatements", "grandcommitteereport")
_HOUSES = {"housecommons": "House of Commons", "houselords": "House of Lords",
           "westminsterhall": "Westminster Hall", "writtenanswers": "Written Answers",
           "writtenstatements": "Written Statements",
           "grandcommitteereport": "Grand Committee"}
_LAYOUT = frozenset({"image", "col"})
_BREAKS = frozenset({"lb", "br"})
_NO_WORDS = re.compile(r"[\W_]*")  # punctuation and spaces only
_BLOCKS = frozenset({"p", "quote", "ol", "ul", "li", "table", "tr", "division"})
# ``1. `` before a member: a numbered question.
_NUMBER = re.compile(r"^\s*(?:\d+[A-Za-z]?\.|[*†]+)?\s*$")
# A plain written question: ``Mr. Canavan asked the Minister ...`` (a title, then a name).
_ASKED = re.compile(
    r"^\s*(?:\d+\.\s+)?(?P<name>(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness|Viscount|Earl"
    r"|Captain|Colonel|Major|Commander|Rev)\.?(?:\s+[A-Z][\w'’.\-]*){1,5}?)\s+asked\b")


def _previous(el: Any) -> str:
    """The lower-case name of the element before ``el`` (page images and columns skipped)."""
    prev = el.getprevious()
    while prev is not None and local_name(prev.tag).lower() in _LAYOUT | {""}:
        prev = prev.getprevious()
    return local_name(prev.tag).lower() if prev is not None else ""


def _is_names_list(el: Any) -> bool:
    """A division, or a table printed right after one (the Noes, outside the division)."""
    tag = local_name(el.tag).lower()
    if tag == "division":
        return True
    if tag == "p" and not (el.text or "").strip() and [
            local_name(c.tag).lower() for c in el if local_name(c.tag)] == ["table"]:
        tag = "table"
    return tag == "table" and _previous(el) == "division"


def _is_stage_paragraph(p: Any) -> bool:
    """Centred paragraphs and those whose words are all in italics (``<i>Later</i>—``) are
    notes, not speech."""
    if (p.get("align") or "").lower() == "center":
        return True
    children = [c for c in p if local_name(c.tag)]
    if not children or any(local_name(c.tag).lower() not in {"i", "lb"} | _LAYOUT
                           for c in children):
        return False
    outside = (p.text or "") + "".join(c.tail or "" for c in children)
    return _NO_WORDS.fullmatch(outside) is not None


def _opens_section(p: Any) -> bool:
    """Whether ``p`` is the first paragraph after its section's title (or of its section)."""
    return _previous(p) in ("", "title")


class _Reader:
    """Walks a Millbank Hansard tree into a :class:`TextBuilder`."""

    def __init__(self) -> None:
        self.b = TextBuilder()
        self.names = NameBook()
        self.short: list[tuple[Any, str]] = []

    # -- labels ----------------------------------------------------------------------------
    def speaker_of(self, label: str) -> tuple[str, bool, str, dict[str, Any]]:
        """Speaker name, whether full, role and attributes of a printed member label."""
        head, inner = split_label(label)
        if inner is not None and not is_presiding(inner):
            name, full = person_name(inner)  # The Secretary of State ... (Mr. Merlyn Rees)
            role = s.ROLE_CHAIR if is_presiding(head) else s.ROLE_MEMBER
            return name, full, role, {"office": head}
        if is_presiding(head):
            return " ".join(fix_case(w) for w in head.split()), True, s.ROLE_CHAIR, {}
        name, full = person_name(label)
        return name, full, s.ROLE_MEMBER, {}

    # -- walking ---------------------------------------------------------------------------
    def walk(self, el: Any) -> None:
        b = self.b
        b.add(el.text)
        for child in el:
            tag = local_name(child.tag).lower()
            if not tag or tag in _LAYOUT:
                pass
            elif tag == "title":
                self.stage_block(child)
            elif tag == "date":
                b.brk()
                emit(b, child, skip=_LAYOUT, breaks=_BREAKS)
                b.brk()
            elif _is_names_list(child) or (tag == "table" and not b.in_turn):
                self.stage_block(child)
            elif tag == "p":
                self.paragraph(child)
            elif tag == "table":  # a table printed in a speech (figures of an answer)
                b.brk()
                emit(b, child, skip=_LAYOUT, blocks=_BLOCKS, breaks=_BREAKS)
                b.brk()
            elif tag in ("lb", "br"):
                b.brk(LINE)
            else:  # sections and other containers; a new section ends the turn
                b.close_turn()
                self.walk(child)
                b.close_turn()
            b.add(child.tail)

    def stage_block(self, el: Any) -> None:
        """A heading, note or list of names: never anyone's words."""
        b = self.b
        b.close_turn()
        b.brk()
        b.begin_stage()
        emit(b, el, skip=_LAYOUT, blocks=_BLOCKS, breaks=_BREAKS)
        b.end_stage()
        b.brk()

    def paragraph(self, p: Any) -> None:
        b = self.b
        member = next((c for c in p if local_name(c.tag).lower() == "member"), None)
        if member is not None and _NUMBER.match(p.text or "") and all(
                local_name(c.tag).lower() in _LAYOUT for c in p[:p.index(member)]):
            self.member_turn(p, member)
            return
        asked = _ASKED.match(p.text or "")
        if asked and (not b.in_turn or asked.group(0).lstrip()[:1].isdigit()
                      or _opens_section(p)):
            self.asked_turn(p, asked)
            return
        if _is_stage_paragraph(p) or not b.in_turn:
            # a note, or procedure outside any turn: not speech
            turn_open = b.in_turn
            b.brk()
            b.begin_stage()
            emit(b, p, skip=_LAYOUT, blocks=_BLOCKS, breaks=_BREAKS)
            b.end_stage()
            b.brk()
            if not turn_open:
                b.close_turn()
            return
        b.brk()
        emit(b, p, skip=_LAYOUT, blocks=_BLOCKS, breaks=_BREAKS)
        b.brk()

    def open_turn(self, label: str) -> None:
        name, full, role, attributes = self.speaker_of(label)
        if full and role != s.ROLE_CHAIR:
            self.names.add(name)
        self.b.open_turn(speaker=name, role=role, attributes=attributes)
        if not full:  # joined to a full name once the whole sitting is read
            self.short.append((self.b.open, name))

    def member_turn(self, p: Any, member: Any) -> None:
        b = self.b
        label = " ".join(member.xpath("string()").split())
        b.brk()
        self.open_turn(label)
        b.add(p.text)  # the question number, before the label
        b.label()
        emit(b, member, skip=_LAYOUT, breaks=_BREAKS)
        b.speech()
        b.add(member.tail)
        for child in p[p.index(member) + 1:]:
            tag = local_name(child.tag).lower()
            if tag in ("lb", "br"):
                b.brk(LINE)
            elif tag and tag not in _LAYOUT:
                if tag in _BLOCKS:
                    b.brk()
                emit(b, child, skip=_LAYOUT, blocks=_BLOCKS, breaks=_BREAKS)
                if tag in _BLOCKS:
                    b.brk()
            b.add(child.tail)
        b.brk()

    def asked_turn(self, p: Any, asked: re.Match[str]) -> None:
        b = self.b
        text = p.text or ""
        b.brk()
        self.open_turn(asked.group("name"))
        b.add(text[:asked.start("name")])
        b.label()
        b.add(asked.group("name"))
        b.speech()
        b.add(text[asked.end("name"):])
        for child in p:
            tag = local_name(child.tag).lower()
            if tag in ("lb", "br"):
                b.brk(LINE)
            elif tag and tag not in _LAYOUT:
                emit(b, child, skip=_LAYOUT, blocks=_BLOCKS, breaks=_BREAKS)
            b.add(child.tail)
        b.brk()

    def finish(self) -> None:
        """Join surname-only speakers (``Mr. Rees``) to the sitting's one full name."""
        for turn, name in self.short:
            turn.speaker = self.names.resolve(name, full=False)


def parse_hansard_uk(text: str, *, source: str) -> list[ParsedDocument]:
    """Read an older UK Hansard XML file (``<housecommons>`` ...) into one document.

    Parameters
    ----------
    text
        The decoded file.
    source
        The file's name, for error messages.

    Returns
    -------
    list of ParsedDocument
        One document: one turn per member's contribution (continued by the paragraphs that
        follow it); headings, notes and division lists as stage directions; ``meta`` has
        ``title``, ``date`` and ``house``.

    Raises
    ------
    TranscriptError
        When the file is not well-formed XML, its root is not a Hansard house, or it holds
        no member's contribution.
    """
    root = parse_root(text, source=source, what="UK Hansard XML", roots=ROOTS)
    house = _HOUSES[local_name(root.tag).lower()]
    title_el = next((c for c in root if local_name(c.tag).lower() == "title"), None)
    date_el = next(iter(root.iter("date")), None)
    date = None
    if date_el is not None:
        date = parse_date(date_el.get("format")) or parse_date(date_el.xpath("string()"))
    reader = _Reader()
    reader.walk(root)
    reader.finish()
    title = " ".join(title_el.xpath("string()").split()) if title_el is not None else None
    doc = reader.b.document("hansard_uk", meta={
        "title": title or sitting_title(house, date), "date": date, "house": house})
    if not doc.turns:
        raise TranscriptError(source, "No speech was found: no paragraph starts with a "
                              "<member>.", "Check that this is a Hansard debate file.",
                              line=root.sourceline or 1)
    return [doc]
