"""Mission logs in Spacelog's transcript format (NASA air-to-ground and onboard voice logs).

Conventions of the format (Spacelog's ``TEC``/``PAO`` files, one per mission):

- *Records* start with a mission-elapsed-time line, ``[DD:HH:MM:SS]``: days, hours,
  minutes and seconds since lift-off, with a minus sign before lift-off
  (``[-00:00:00:05]``) and a fraction where the source gives one (``[00:00:00:07.5]``).
  ``[HH:MM:SS]``, ``[MM:SS]`` and a bare number of seconds are read too. Blank lines
  separate records but do not end one: a speech line after a blank line and before
  the next time line still belongs to the record (as Spacelog's own parser reads it).
- *Speech lines* are ``CODE: text``. The code is a callsign abbreviation that the
  mission's ``_meta`` file (not part of the transcript) spells out: ``CC`` capsule
  communicator, ``P`` pilot, ``C`` command pilot, ``CT`` ... ; ``?`` is a voice nobody
  identified. An indented line continues the line before it.
- *Metadata lines* start with an underscore: ``_page : 77`` and ``_tape : 1/2`` place the
  record in the printed or taped source; ``_extra : CAPE CANAVERAL (FIRST PASS)`` (the
  tracking station taking over), ``_note :`` and ``_comment :`` are the editors' notes.
  Indented lines continue them. Lines starting with ``#`` are comments.
- *Inline markup*: glossary and time links, ``[glossary:term]``,
  ``[glossary:term|shown text]``, ``[time:00:01:02:03|shown text]``, and HTML tags such
  as ``T<sub>R</sub>``. Bracketed editorial text (``[Cape Canaveral]``) is not markup.

Output grain: one :class:`ParsedDocument` whose turns are the speech lines, each with its
record's time as ``start_s`` (seconds, negative before lift-off; ``end_s`` stays empty: a
log says when a voice began, not when it stopped).

The normalised text is built here: one paragraph per speech line, ``CODE: text``, with
continuation lines joined by a space and links and tags replaced by the text they show.
The editors' notes (every metadata line but ``_page`` and ``_tape``) are written in
brackets with their key, ``[extra: CAPE CANAVERAL (FIRST PASS)]``, ``[note: ...]``, on a
line of their own, and marked as stage directions: a note before a record's speech ends
the turn before it (or the header, before the first turn), a note after it ends that turn.
Time lines, ``_page``/``_tape`` lines, empty notes and comments are layout: they are left
out (the times are in ``start_s``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument, RawTurn

__all__ = ["looks_like_spacelog", "parse_spacelog"]

# [DD:HH:MM:SS], [-00:00:00:05], [00:00:00:07.5], [HH:MM:SS], [MM:SS], [123]
_TIME = re.compile(r"^\[(?P<sign>-)?(?P<parts>\d+(?::\d+){0,3}(?:\.\d+)?)\]\s*$")
# Anything in brackets alone on a line that starts like a time (checked to name the error).
_TIME_LIKE = re.compile(r"^\[-?\d[^\]]*\]\s*$")
_META = re.compile(r"^_(?P<key>[A-Za-z]\w*)\s*:?(?P<value>.*)$")
# CODE: text. Codes are short and never sentences: "CC", "P", "CC (Cape)", "?".
_SPEECH = re.compile(
    r"^(?P<code>[^\s:_#\[](?:[^\s:,;!?]|[ \t](?=\S)){0,23})[ \t]*:(?:[ \t]+|$)(?P<text>.*)$")
_LAYOUT_KEYS = frozenset({"page", "tape"})
_NOTE = re.compile(r"\s*\([^()]*\)")
_LINK = re.compile(r"\[(?:glossary|time):(?P<target>[^\]|]+)(?:\|(?P<shown>[^\]]+))?\]")
_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
_SNIFF_LINES = 60


@dataclass(slots=True)
class _Line:
    """A speech line (``code`` set) or an editors' note (``code`` None, ``key`` set)."""

    code: str | None
    text: str
    start_s: float | None
    parts: list[str] = field(default_factory=list)
    key: str = ""


def _first_lines(text: str, n: int) -> list[str]:
    """``text.split("\n", n)[:n]`` without copying the rest of a big text (sniffing runs on
    every file of a folder: a copy of each costs more than the test)."""
    end = -1
    for _ in range(n):
        end = text.find("\n", end + 1)
        if end < 0:
            return text.split("\n")
    return text[:end].split("\n")


def looks_like_spacelog(text: str) -> bool:
    """Tell whether ``text`` is a Spacelog mission log.

    Parameters
    ----------
    text
        Decoded text of a whole file (only its first lines are looked at).

    Returns
    -------
    bool
        True when the first line that is not blank or a ``#`` comment is a time line
        such as ``[00:00:00:01]`` (or a bracketed line that starts like one), and the
        opening lines hold another such line and a ``CODE: text`` speech line.
    """
    lines = [line for line in _first_lines(text.lstrip("\ufeff"), _SNIFF_LINES)
             if line.strip() and not line.startswith("#")]
    # a time line cut or mistyped still counts: the reader then names its line
    if not lines or not _TIME_LIKE.match(lines[0]):
        return False
    times = sum(1 for line in lines if _TIME_LIKE.match(line))
    speech = sum(1 for line in lines if _SPEECH.match(line) and not _META.match(line))
    return times >= 2 and speech >= 1


def _seconds(match: re.Match[str]) -> float:
    """Seconds of a time line's match: ``DD:HH:MM:SS`` read from the right."""
    value = 0.0
    for unit, part in zip((1, 60, 3600, 86400), reversed(match["parts"].split(":")),
                          strict=False):
        value += unit * float(part)
    return -value if match["sign"] else value


def _clean(text: str) -> str:
    """Links to the text they show, tags dropped, runs of spaces and tabs kept."""
    text = _LINK.sub(lambda m: m["shown"] or m["target"], text)
    return _TAG.sub("", text)


def _read_lines(text: str, *, source: str) -> list[_Line]:
    """Speech lines and editors' notes in order, each with its record's time."""
    out: list[_Line] = []
    start_s: float | None = None
    last: _Line | None = None  # what an indented line continues
    for number, raw in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t":
            if last is not None:
                last.parts.append(line.strip())
                continue
            line = line.strip()  # nothing to continue: read it as a line of its own
        m = _TIME.match(line)
        if m:
            try:
                start_s = _seconds(m)
            except ValueError:  # pragma: no cover - the pattern admits only numbers
                start_s = None
            last = None
            continue
        if _TIME_LIKE.match(line):
            raise TranscriptError(
                source, f"The time line {line.strip()!r} is not a mission elapsed time.",
                "Write it as [DD:HH:MM:SS] (a minus sign before lift-off, a fraction "
                "after the seconds if needed), e.g. [00:01:02:03.5].", line=number)
        meta = _META.match(line)
        if meta:
            if meta["key"].lower() in _LAYOUT_KEYS:
                last = _Line(None, "", start_s)  # its continuation lines are layout too
                continue
            last = _Line(None, meta["value"], start_s, key=meta["key"].lower())
            out.append(last)
            continue
        speech = _SPEECH.match(line)
        if speech:
            last = _Line(speech["code"].strip(), speech["text"], start_s)
        elif last is not None and last.code is not None:
            # A line without a code right after speech: Spacelog's editors meant it to
            # continue that speech (never dropped).
            last.parts.append(line.strip())
            continue
        else:
            last = _Line("", line, start_s)  # speech whose speaker the log does not give
        out.append(last)
    return out


def parse_spacelog(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a Spacelog mission log into one document of timed turns.

    Parameters
    ----------
    text
        Decoded file content, newlines already ``\\n``.
    source
        Name of the file, used in error messages.

    Returns
    -------
    list of ParsedDocument
        One document (format ``"spacelog"``): one turn per speech line, labelled with its
        callsign as written and spoken by that callsign without a note (``CC (Cape)`` is
        ``CC``; ``?`` is the unknown speaker), ``start_s`` the time of its record;
        editors' notes marked as stage directions (see the module doc).

    Raises
    ------
    TranscriptError
        For a time line that is not a time (with its line number), or a log without
        any speech line.
    """
    lines = _read_lines(text, source=source)
    if not any(line.code is not None for line in lines):
        raise TranscriptError(source, "The mission log holds no speech line (CODE: text).",
                              "Check that the file is a Spacelog transcript, or pass "
                              "format='text'.", line=1)
    parts: list[str] = []
    pos = 0
    turns: list[RawTurn] = []
    stage: list[tuple[int, int]] = []
    for line in lines:
        body = _clean(" ".join([line.text.strip(), *line.parts]).strip())
        if line.code is None and not body:
            continue  # an empty note ("_note :") says nothing
        if parts:
            parts.append("\n\n")
            pos += 2
        if line.code is None:  # an editors' note ends the turn before it
            body = f"[{line.key}: {body}]"
            parts.append(body)
            stage.append((pos, pos + len(body)))
            pos += len(body)
            if turns:
                turns[-1].end = pos
            continue
        prefix = f"{line.code}: " if line.code else ""
        parts.append(prefix + body)
        # The code is the speaker's name in the log ("CC (Cape)" is CC at the Cape);
        # "?" (or any code without a letter or digit) names nobody.
        speaker = _NOTE.sub("", line.code).strip() or line.code if line.code else None
        if speaker and not any(c.isalnum() for c in speaker):
            speaker = s.UNKNOWN_SPEAKER
        end = pos + len(prefix) + len(body)
        text_start = pos + len(prefix) if body else end
        turns.append(RawTurn(pos, text_start, end, line.code, line.start_s, speaker=speaker))
        pos = end
    normalised = "".join(parts)
    return [ParsedDocument(normalised, "spacelog", turns=turns, stage=stage)]
