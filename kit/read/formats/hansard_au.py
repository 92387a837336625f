"""Australian Parliament Hansard XML: the ``hansard.xsd`` v2.1 schema and the older
upper-case SGML-style schema.

Conventions of both schemas (tag names are compared in lower case):

- A sitting is ``<hansard>`` / ``<HANSARD>``. v2.1 gives the date, parliament, session,
  period and chamber in ``<session.header>``; the older schema as attributes of the root
  (``DATE="17/09/1985" CHAMBER = "Senate" PARLIAMENT.NO = "34"``). They become the document's
  ``date``, ``house``, ``term``, ``session`` and ``period``; its title is ``House, date``.
- The older files are not XML: their doctype has a public id and no system literal, and they
  use undeclared HTML entities (``&mdash;``). :func:`~kit.read.formats._xml.parse_xml`
  repairs the doctype, writes the entities as their characters, and refuses (naming the
  line) to read a file whose remaining faults would drop text.
- A turn starts at every ``<talk.start>``: its ``<talker>`` names the speaker, then come its
  paragraphs. ``<speech>``, ``<question>``, ``<answer>``, ``<interjection>`` /
  ``<INTERJECT>`` and ``<continue>`` hold talk.starts; a ``<continue>`` may hold a turn by
  someone else (the President), so each talker is read, not the container's first. Paragraphs
  of a container after one of its interjections return to the container's own speaker (a
  turn with an empty label).
- The label is the talker as printed: in v2.1 the ``<name role="display">`` (``Senator
  SANDFORD``); in the older schema the talker's text (``Senator WALSH (Western Australia-
  Minister for Finance)``). v2.1 talkers also carry metadata elements (``name.id``,
  ``name role="metadata"``, ``party``, ``electorate``, ``in.gov``, ``page.no``), which are
  attributes, not printed text: they are left out of the normalised text, as are
  ``<session.header>`` and the page numbers and types of ``debateinfo``. The printed dash
  after a name (``-  I have received``, ``&mdash;I give notice``) stays with the label.
- The speaker is the person's fullest name in the sitting, by id: v2.1 ``name
  role="metadata"`` (``SANDFORD, Charles Walter`` → ``Charles Walter Sandford``); in the older
  schema a printed given name (``Senator PETER RAE`` → ``Peter Rae``), else the container's
  ``SPEAKER`` attribute (``Chaney Sen The Hon F.M.`` → ``F.M. Chaney``), else the printed
  label (``Senator MacGibbon``). ``person_id`` is ``name.id`` / ``NAMEID``; ``party``,
  ``electorate`` and ``office`` (``MINISTERIAL``) where given.
- The presiding officer (``name.id`` ``10000``, ``CHAIR="1"``, or a label such as ``The
  PRESIDENT``) is role ``chair``: the person the opening note names for that office (``The
  PRESIDENT (Senator the Hon. Sir Alister McMullin) took the chair`` → ``Alister McMullin``),
  else the office as printed (``The Deputy President``). Everyone else is a member.
- The v2.2 schema (2014 on) writes a speech's text as HTML in ``<talk.text>``, and its talker
  prints no name: the label is in the text, marked ``<a href="ID"
  type="MemberSpeech|MemberInterjecting|MemberContinuation|OfficeInterjecting...">`` (or, where
  the link is missing, a ``<span class="HPS-MemberInterjecting">``). Each marked label of
  someone other than the open turn's speaker (an interjection, the Speaker's ruling) or a
  continuation starts a turn: the person by the link's id (their talker elsewhere in the
  sitting names them), else by the label; a presiding title (``The SPEAKER:``) is the chair.
  A speech's own first ``MemberSpeech`` label stays in its turn's text, as before.
- Not speech, so stage directions of the turn before (or the header): titles, debate-level
  paragraphs (``Leave not granted.``), ``<PROCTEXT>``, petitions (read by the Clerk),
  ``QUESTION.NUMBER``, divisions (lists of names) and ``<business.start>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument
from kit.read.formats._xml import local_name
from kit.read.formats._xmltext import LINE, PARAGRAPH, SPACE, TextBuilder, emit
from kit.read.formats.hansard import (
    fix_case,
    is_presiding,
    parse_date,
    parse_root,
    person_name,
    sitting_title,
    surname_key,
)

__all__ = ["parse_hansard_au", "read_aph"]

PRESIDING_ID = "10000"
# v2.1 elements that hold metadata, not printed text.
_METADATA = frozenset({
    "session.header", "page.no", "time.stamp", "name.id", "electorate", "party", "role",
    "in.gov", "first.speech", "type", "id.no", "proof", "adjournmentinfo",
})
_TURN_CONTAINERS = frozenset({"speech", "question", "answer", "interjection", "interject",
                              "continue"})
_PROCEDURE = frozenset({"proctext", "petition.grp", "petition", "question.number",
                        "division", "business.start", "motionnospeech", "presenter.block"})
_HEADINGS = frozenset({"title", "debateinfo", "subdebateinfo", "cognateinfo"})
_PROSE = frozenset({"para", "quote", "list", "item", "table", "inline", "motion", "amendment",
                    "amendments", "tr", "td", "row", "entry"})
_BLOCKS = frozenset({"para", "quote", "list", "item", "table", "tr", "row", "title",
                     "petition", "presenter.block", "motion", "amendment", "p"})  # p: v2.2
_BREAKS = frozenset({"br", "lb"})
# v2.2: the link or span that marks a label inside a speech's text, by its type or class.
_INLINE_LABEL = re.compile(r"(?:HPS-)?(?:Member|Office)(?:Speech|Interjecting|Continuation"
                           r"|Question|Answer)")
_CELLS = frozenset({"td", "th", "entry", "cell"})
_TOOK_THE_CHAIR = re.compile(
    r"(?P<office>(?:The|Mr\.?|Madam)\s+[A-Z][A-Z \-]+?)\s*\((?P<name>[^()]+)\)\s*took the chair")
# Chamber names as the files abbreviate them.
_CHAMBERS = {"reps": "House of Representatives", "house of reps": "House of Representatives",
             "senate": "Senate", "fedchamb": "Federation Chamber",
             "main committee": "Main Committee"}
_SPEAKER_ATTR_TITLES = frozenset({"sen", "senator", "the", "hon", "mr", "mrs", "ms", "miss",
                                  "dr", "sir", "dame", "rt", "prof"})


@dataclass
class _Talker:
    """Who a ``talk.start`` (or a container) names."""

    person_id: str | None
    label: str
    chair: bool = False
    attributes: dict[str, Any] = field(default_factory=dict)


def _lower(el: Any) -> str:
    return local_name(el.tag).lower()


def _attr(el: Any, name: str) -> str | None:
    """An attribute by name in either case (``NAMEID``, ``nameid``)."""
    for key in (name, name.upper(), name.lower()):
        value = el.get(key)
        if value is not None:
            return value.strip() or None
    return None


def _child(el: Any, name: str) -> Any | None:
    return next((c for c in el if _lower(c) == name), None)


def _child_text(el: Any, name: str) -> str | None:
    found = _child(el, name)
    if found is None:
        return None
    return " ".join(found.xpath("string()").split()) or None


def _display_parts(talker: Any, old_schema: bool) -> list[Any]:
    """The printed elements of a talker: v2.1 the display name, else all of them."""
    if old_schema:
        return [c for c in talker if _lower(c)]
    # a name with no role is printed; role="metadata" never is (later files print no name
    # in the talker at all: their turns then have an empty label)
    return [c for c in talker if _lower(c) == "name" and (c.get("role") or "display") == "display"]


def _name_from_attribute(value: str) -> str | None:
    """``Chaney Sen The Hon F.M.`` → ``F.M. Chaney``; ``Harradine Sen B.`` → ``B. Harradine``."""
    words = value.split()
    titles = [i for i, w in enumerate(words) if w.lower().rstrip(".") in _SPEAKER_ATTR_TITLES]
    if not titles or titles[0] == 0:
        return None
    surname = " ".join(fix_case(w) for w in words[:titles[0]])
    given = [w for w in words[titles[-1] + 1:]]
    return " ".join([*given, surname]) if given else None


def _name_from_metadata(value: str) -> str | None:
    """``SANDFORD, Charles Walter`` → ``Charles Walter Sandford``, ``Abbott, Tony, MP`` → ``Tony
    Abbott`` (None for ``PRESIDENT, The``)."""
    if "," not in value:
        return None
    # v2.2 adds the chamber: "Abbott, Tony, MP", "Wong, Penny, Sen"
    surname, given = (p.strip() for p in value.split(",")[:2])
    if not given or given.lower() in ("the", "hon", "the hon"):
        return None
    return f"{given} {' '.join(fix_case(w) for w in surname.split())}"


class _Reader:
    """Walks an Australian Hansard tree into a :class:`TextBuilder`."""

    def __init__(self, root: Any) -> None:
        self.b = TextBuilder()
        # The older schema is written in capitals; all its talker's text is printed.
        self.old = local_name(root.tag).isupper()
        self.names: dict[str, str] = {}
        self.details: dict[str, dict[str, Any]] = {}
        self.collect_names(root)
        self.presiding = self.collect_presiding(root)
        self.current: str | None = None  # person id (or label) of the open turn

    # -- who is who ------------------------------------------------------------------------
    def collect_names(self, root: Any) -> None:
        """The fullest name of every person id in the sitting, and what it says of them."""
        ranked: dict[str, tuple[int, str]] = {}

        def offer(person_id: str | None, name: str | None, rank: int) -> None:
            if person_id and name and rank > ranked.get(person_id, (-1, ""))[0]:
                ranked[person_id] = (rank, name)

        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            tag = _lower(el)
            if tag == "talker":
                person_id = _child_text(el, "name.id") or next(
                    (_attr(n, "nameid") for n in el if _lower(n) == "name" and
                     _attr(n, "nameid")), None)
                for name in (n for n in el if _lower(n) == "name"):
                    text = " ".join(name.xpath("string()").split())
                    if name.get("role") == "metadata":
                        offer(person_id, _name_from_metadata(text), 3)
                    else:
                        full_name, full = person_name(text)
                        offer(person_id, full_name, 2 if full else 0)
                details = self.details.setdefault(person_id or "", {})
                for key in ("party", "electorate"):
                    value = _child_text(el, key)
                    if value and key not in details and not value.startswith("("):
                        details[key] = value
            elif tag in _TURN_CONTAINERS and _attr(el, "nameid"):
                person_id = _attr(el, "nameid")
                offer(person_id, _name_from_attribute(_attr(el, "speaker") or ""), 1)
                details = self.details.setdefault(person_id or "", {})
                for key, attr in (("party", "party"), ("electorate", "electorate"),
                                  ("office", "ministerial")):
                    value = _attr(el, attr)
                    if value and key not in details:
                        details[key] = value
        self.names = {k: v for k, (_, v) in ranked.items()}

    @staticmethod
    def collect_presiding(root: Any) -> dict[str, str]:
        """``The PRESIDENT (Senator the Hon. Sir Alister McMullin) took the chair``: the
        office (lower-case) → the person, for the presiding officer's turns."""
        found: dict[str, str] = {}
        for el in root.iter():
            if isinstance(el.tag, str) and _lower(el) == "business.start":
                text = " ".join(el.xpath("string()").split())
                for m in _TOOK_THE_CHAIR.finditer(text):
                    name, full = person_name(m.group("name"))
                    office = " ".join(fix_case(w) for w in m.group("office").split())
                    if full:
                        found.setdefault(office.lower(), name)
        return found

    def talker(self, talker: Any, container: Any | None) -> _Talker:
        """Who a ``<talker>`` names, and its printed label."""
        person_id = _child_text(talker, "name.id") or next(
            (_attr(n, "nameid") for n in talker if _lower(n) == "name" and _attr(n, "nameid")),
            None)
        if person_id is None and container is not None:
            person_id = _attr(container, "nameid")
        label = " ".join(" ".join(p.xpath("string()").split())
                         for p in _display_parts(talker, self.old)).strip()
        chair = person_id == PRESIDING_ID or is_presiding(label.split("(")[0]) or (
            container is not None and _attr(container, "chair") == "1")
        return _Talker(person_id, label, chair)

    def container_talker(self, el: Any) -> _Talker | None:
        """The speaker a turn container belongs to: its first talker, or its attributes."""
        first = _child(el, "talk.start")
        talker = _child(first, "talker") if first is not None else None
        if talker is not None:
            return self.talker(talker, el)
        person_id = _attr(el, "nameid")
        if person_id is None:
            return None
        label = _attr(el, "speaker") or ""
        return _Talker(person_id, label, person_id == PRESIDING_ID or _attr(el, "chair") == "1")

    def speaker(self, who: _Talker) -> tuple[str, str, dict[str, Any]]:
        head = who.label.split("(")[0].strip()
        if who.chair:
            office = " ".join(fix_case(w) for w in head.split()) or "The Presiding Officer"
            name = self.presiding.get(office.lower(), office)
            role = s.ROLE_CHAIR
        else:
            name = self.names.get(who.person_id or "") or person_name(head)[0] or \
                s.UNKNOWN_SPEAKER
            role = s.ROLE_MEMBER
        attributes: dict[str, Any] = {}
        if not who.chair:  # the presiding officer's id names an office, not a person
            attributes = {s.PERSON_ID: who.person_id, **self.details.get(who.person_id or "", {})}
        return name, role, attributes

    # -- walking ---------------------------------------------------------------------------
    def open_turn(self, who: _Talker) -> None:
        name, role, attributes = self.speaker(who)
        self.b.open_turn(speaker=name, role=role, attributes=attributes)
        self.current = who.person_id or who.label

    def stage_block(self, el: Any, *, close: bool) -> None:
        """Text that is nobody's speech; turns inside it (an interjection) are still read."""
        b = self.b
        if close:
            b.close_turn()
        b.brk()
        b.begin_stage()
        self.prose(el, stage=True)
        b.end_stage()
        b.brk()

    def prose(self, el: Any, *, stage: bool = False) -> None:
        """Write ``el``'s text; an interjection inside procedure opens its own turn."""
        b = self.b
        b.add(el.text)
        for child in el:
            tag = _lower(child)
            if not tag or tag in _METADATA:
                pass
            elif stage and (tag in _TURN_CONTAINERS or _child(child, "talk.start") is not None):
                b.end_stage()
                self.turn_container(child)
                b.close_turn()
                b.begin_stage()
            elif tag in _BREAKS:
                b.brk(LINE)
            elif not stage and self.inline_label(child):
                pass  # written as the label of the turn it opened
            else:
                separator = PARAGRAPH if tag in _BLOCKS else SPACE if tag in _CELLS else 0
                b.brk(separator)
                self.prose(child, stage=stage)
                b.brk(separator)
            b.add(child.tail)

    def inline_label(self, el: Any) -> bool:
        """v2.2: if ``el`` marks a label inside a speech's text (``<a type="MemberInterjecting">``,
        or its span where the link is missing), open that speaker's turn, write the label and
        return True; a speech's own opening label (its speaker's) is left to the text."""
        tag = _lower(el)
        kind = el.get("type") if tag == "a" else el.get("class") if tag == "span" else None
        if not _INLINE_LABEL.fullmatch(kind or ""):
            return False
        parent = el.getparent()
        if tag == "span" and parent is not None and _lower(parent) == "a" and parent.get("type"):
            return False  # the span of a link's label: the link decides
        label = " ".join(el.xpath("string()").split())
        if not label:
            return False
        office = label.rstrip(" :.-—").split("(")[0].strip()
        person_id = (el.get("href") or "").strip() or None if tag == "a" else \
            self.id_of_label(office)
        who = _Talker(person_id, label.rstrip(" :"), person_id == PRESIDING_ID or
                      is_presiding(office))
        if self.current is not None and self.current in (person_id, who.label):
            return False  # the open turn's own label, printed in its text
        b = self.b
        b.close_turn()
        self.open_turn(who)
        b.label()
        b.add(el.text)
        for child in el:
            if _lower(child) and _lower(child) not in _METADATA:
                emit(b, child, breaks=_BREAKS)
            b.add(child.tail)
        b.speech()
        return True

    def id_of_label(self, label: str) -> str | None:
        """The person id of the one person of the sitting whose surname ends ``label``
        (``Mr ABBOTT`` → the id whose talker names Tony Abbott), else None."""
        key = surname_key(person_name(label)[0])
        found = {pid for pid, name in self.names.items() if surname_key(name) == key}
        return found.pop() if len(found) == 1 else None

    def talk_start(self, el: Any, container: Any) -> None:
        b = self.b
        talker = _child(el, "talker")
        who = self.talker(talker, container) if talker is not None else \
            self.container_talker(container)
        b.brk()
        if who is None:
            b.open_turn(speaker=s.UNKNOWN_SPEAKER, role=s.ROLE_UNKNOWN)
            b.speech()
        else:
            self.open_turn(who)
            if talker is not None:
                for part in _display_parts(talker, self.old):
                    emit(b, part, skip=frozenset() if self.old else _METADATA, breaks=_BREAKS)
                    b.brk(1)
            b.speech()
        for child in el:
            tag = _lower(child)
            if tag and tag != "talker" and tag not in _METADATA:
                self.content(child, container)
            b.add(child.tail)

    def content(self, child: Any, container: Any) -> None:
        """Prose of a turn container: the open turn's if it is the container's speaker's."""
        b = self.b
        tag = _lower(child)
        if tag in _PROCEDURE or tag in _HEADINGS:
            self.stage_block(child, close=False)
            return
        main = self.container_talker(container)
        if main is not None and self.current != (main.person_id or main.label):
            self.open_turn(main)  # back to the container's speaker after an interjection
            b.speech()
        elif not b.in_turn:
            b.open_turn(speaker=s.UNKNOWN_SPEAKER, role=s.ROLE_UNKNOWN)
            b.speech()
        b.brk()
        self.prose(child)
        b.brk()

    def turn_container(self, el: Any) -> None:
        for child in el:
            tag = _lower(child)
            if not tag or tag in _METADATA:
                continue
            if tag == "talk.start":
                self.talk_start(child, el)
            elif tag in _TURN_CONTAINERS or _child(child, "talk.start") is not None:
                self.turn_container(child)
            else:
                self.content(child, el)

    def walk(self, el: Any) -> None:
        b = self.b
        for child in el:
            tag = _lower(child)
            if not tag or tag in _METADATA:
                continue
            if tag in _TURN_CONTAINERS or _child(child, "talk.start") is not None:
                b.close_turn()
                self.current = None
                self.turn_container(child)
                b.close_turn()
                self.current = None
            elif tag in _HEADINGS or tag in _PROCEDURE or tag in _PROSE:
                self.stage_block(child, close=True)
                self.current = None
            else:
                self.walk(child)


def read_aph(root: Any, *, source: str) -> ParsedDocument:
    """Read a parsed Australian Hansard tree (either schema) into one document.

    Parameters
    ----------
    root
        The lxml root element (``<hansard>`` or ``<HANSARD>``).
    source
        The file's name, for error messages.

    Returns
    -------
    ParsedDocument
        One turn per ``talk.start`` (and per return to a container's speaker after an
        interjection); ``meta`` with ``title``, ``date``, ``house``, ``term``, ``session``
        and ``period``.
    """
    reader = _Reader(root)
    reader.walk(root)
    header = _child(root, "session.header")
    if header is not None:
        date = parse_date(_child_text(header, "date"))
        chamber = _child_text(header, "chamber")
        numbers = {k: _child_text(header, f"{k}.no") for k in ("parliament", "session",
                                                                "period")}
    else:
        date = parse_date(_attr(root, "date"), dayfirst=True)
        chamber = _attr(root, "chamber")
        numbers = {k: _attr(root, f"{k}.no") for k in ("parliament", "session", "period")}
    house = _CHAMBERS.get(chamber.strip().lower(), " ".join(fix_case(w) for w in chamber.split())) \
        if chamber else None
    doc = reader.b.document("hansard_au", meta={
        "title": sitting_title(house, date), "date": date, "house": house,
        "term": numbers["parliament"], "session": numbers["session"],
        "period": numbers["period"]})
    if not doc.turns:
        raise TranscriptError(source, "No speech was found: the file has no <talk.start> "
                              "with text.", "Check that this is a Hansard sitting file.",
                              line=root.sourceline or 1)
    return doc


def parse_hansard_au(text: str, *, source: str) -> list[ParsedDocument]:
    """Read an Australian Hansard XML file (v2.1 or the older SGML-style schema).

    Parameters
    ----------
    text
        The decoded file.
    source
        The file's name, for error messages.

    Returns
    -------
    list of ParsedDocument
        One document (see :func:`read_aph`).

    Raises
    ------
    TranscriptError
        When the file cannot be read without losing text, its root is not ``<hansard>``,
        or it holds no turn.
    """
    root = parse_root(text, source=source, what="Australian Hansard XML", roots=("hansard",))
    return [read_aph(root, source=source)]

