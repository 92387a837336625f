"""News-service transcripts of hearings and debates (CQ Transcriptions, Federal News Service).

The conventions, as the Washington Post and others republished them:

- A title, the service's name and a date, then rosters: a ``SPEAKERS:`` (or
  ``PANELISTS:``, ``MODERATOR:``) line and one entry per person, ``SEN. ARLEN SPECTER
  (R-PA)``, with the office on the next line (``CHAIRMAN``, ``RANKING MEMBER``); a
  ``WITNESSES:`` line and the witnesses, ``JOHN G. ROBERTS JR., NOMINEE TO BE CHIEF
  JUSTICE``. The rosters are header: lists of names, never turns.
- Turns are upper-case surnames with a colon at the start of a paragraph (``SPECTER:``),
  the first often marked ``[*] SPECTER:``; an unidentified speaker is ``(UNKNOWN):``.
- Stage directions are parenthesised (``(LAUGHTER)``, ``(CROSSTALK)``); the text may end
  with ``END`` and the service's copyright notice.

The text is read as it is (no layout to remove); the usual segmenter (:mod:`kit.read.segment`)
finds the labels after the rosters, and the end of the last turn. A label whose surname is
one roster entry's is that person: the speaker is the entry's name (``Arlen Specter``), the
role ``chair`` for an entry the roster calls chairman, ``member`` for a senator or
representative, ``guest`` for a witness, ``moderator`` under ``MODERATOR:``; the entry's
party and state (``(R-PA)``) are the speaker's ``party`` and ``state``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument
from kit.read.header import find_date
from kit.read.segment import segment
from kit.read.speakers import label_key

__all__ = ["looks_like_newswire", "parse_newswire"]

# A roster's heading, alone on its line: the section it opens says who its people are.
_ROSTER_HEADING = re.compile(
    r"^[ \t]*(?P<section>SPEAKERS|WITNESSES|PANELISTS|PANEL|MODERATORS?|HOSTS?):[ \t]*$",
    re.MULTILINE)
_SECTION_ROLE = {"WITNESSES": s.ROLE_GUEST, "PANELISTS": s.ROLE_GUEST, "PANEL": s.ROLE_GUEST,
                 "MODERATOR": s.ROLE_MODERATOR, "MODERATORS": s.ROLE_MODERATOR,
                 "HOST": s.ROLE_MODERATOR, "HOSTS": s.ROLE_MODERATOR}
# Offices printed under a roster entry.
_OFFICE = re.compile(r"^(?:CHAIRMAN|CHAIRWOMAN|CHAIR|CHAIRPERSON|VICE CHAIRMAN|VICE CHAIR"
                     r"|RANKING (?:MINORITY )?MEMBER|CO-CHAIRMAN|CO-CHAIR)$")
_ENTRY = re.compile(
    r"^(?P<title>(?:SEN|SENATOR|REP|REPRESENTATIVE|DEL|DELEGATE|GOV|MR|MS|MRS|DR|GEN)\.?\s+)?"
    r"(?P<name>[A-Z][A-Za-z.'’\- ]*?[A-Za-z.])"
    r"\s*(?:\((?P<party>[A-Z]{1,3})-(?P<state>[A-Z][A-Za-z. ]*)\))?\s*(?:,\s*(?P<rest>.*))?$")
_MEMBER_TITLES = frozenset("SEN SENATOR REP REPRESENTATIVE DEL DELEGATE".split())
_SUFFIXES = frozenset("JR JR. SR SR. II III IV".split())


@dataclass(slots=True)
class _Person:
    name: str
    surname: str
    role: str | None
    attributes: dict[str, Any]


def looks_like_newswire(text: str) -> bool:
    """Whether ``text`` opens with a news service's ``SPEAKERS:``, ``WITNESSES:`` or
    ``PANELISTS:`` roster (a ``MODERATOR:`` line alone may be a label: the moderator
    speaking on the next line)."""
    head = text[:6000]
    return not head.lstrip().startswith("<") and bool(
        re.search(r"^[ \t]*(?:SPEAKERS|WITNESSES|PANELISTS):[ \t]*$", head, re.MULTILINE))


def _display(name: str) -> str:
    """``ARLEN SPECTER`` → ``Arlen Specter``; ``McCONNELL`` → ``McConnell``."""
    def word(w: str) -> str:
        if w.upper().startswith("MC") and len(w) > 3:
            return "Mc" + w[2:].capitalize()
        return "'".join(p.capitalize() for p in w.split("'"))
    return " ".join("-".join(word(p) for p in w.split("-")) for w in name.split())


def _roster(text: str) -> tuple[list[_Person], int]:
    """The people the rosters name, and where the last roster ends (before the first turn)."""
    people: list[_Person] = []
    end = 0
    for heading in _ROSTER_HEADING.finditer(text[:20_000]):
        if heading.start() < end:
            continue
        section = heading.group("section")
        end = pos = heading.end()
        for line in text[pos:].split("\n")[1:]:
            pos += len(line) + 1
            line = line.strip()
            if _ROSTER_HEADING.match(line) or re.match(r"^(?:\[\*\]\s*)?[A-Z(][^:\n]{0,60}:\s",
                                                       line):
                break  # the next roster, or the first turn
            if not line:
                continue
            end = pos
            if _OFFICE.match(line) and people:
                if line.startswith(("CHAIR", "CO-CHAIR")):
                    people[-1].role = s.ROLE_CHAIR
                people[-1].attributes["office"] = _display(line)
                continue
            person = _entry(line, section)
            if person is not None:
                people.append(person)
    return people, end


def _entry(line: str, section: str) -> _Person | None:
    """One roster entry: ``SEN. ARLEN SPECTER (R-PA)``, ``JOHN G. ROBERTS JR., NOMINEE``."""
    m = _ENTRY.match(line)
    if m is None or len(m.group("name").split()) < 2:
        return None
    words = m.group("name").split()
    suffix = (m.group("rest") or "").split(",")[0].strip()
    if suffix.upper() in _SUFFIXES:
        words.append(suffix)
    surnames = [w for w in words if w.upper() not in _SUFFIXES]
    title = (m.group("title") or "").strip(" .").upper()
    role = _SECTION_ROLE.get(section) or (s.ROLE_MEMBER if title in _MEMBER_TITLES else None)
    attributes = {key: m.group(group) for key, group in ((s.PARTY, "party"), ("state", "state"))
                  if m.group(group)}
    return _Person(_display(" ".join(words)), surnames[-1].upper().strip("."), role, attributes)


def parse_newswire(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a news-service transcript (see the module docstring) as one document.

    Parameters
    ----------
    text
        The decoded transcript.
    source
        File name used in error messages.

    Returns
    -------
    list of ParsedDocument
        One document: the text as it is, its turns after the rosters (with speaker, role,
        party and state where a roster names the person), and ``date`` from the header.
    """
    people, roster_end = _roster(text)
    if not looks_like_newswire(text):
        raise TranscriptError(
            source, "No SPEAKERS:, WITNESSES: or PANELISTS: roster was found: this is not a "
            "news-service transcript.",
            "Leave format= out to detect the format, or pass format='text'.", line=1)
    turns = [t for t in segment(text).turns if t.start >= roster_end]
    by_surname: dict[str, list[_Person]] = {}
    for person in people:
        by_surname.setdefault(person.surname, []).append(person)
    for turn in turns:
        words = [w for w in label_key(turn.label).split() if w not in _SUFFIXES]
        found = by_surname.get(words[-1], []) if words else []
        if len(found) == 1:
            turn.speaker, turn.role = found[0].name, found[0].role
            turn.attributes = dict(found[0].attributes) or None
    meta: dict[str, Any] = {}
    date = find_date(text[: turns[0].start] if turns else text[:2000])
    if date is not None:
        meta["date"] = date
    return [ParsedDocument(text, "newswire", meta, turns=turns)]
