"""Who speaks in subtitle captions: cues to speaker turns.

Input grain: the cues of one subtitle file (their caption lines with markup still in).
Output grain: one :class:`Turn` per run of one speaker's caption text. A speaker is named
by a WebVTT voice tag (``<v Name>``) or a label (``NAME:``, ``Jane Doe:``); a ``>>`` or a
leading dash marks a change of speaker; lines that roll-up captions repeat from the cue
before are dropped. Captions that never name a speaker give one turn per cue.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from kit.read.stage import STAGE_DIRECTION

__all__ = ["Cue", "Turn", "clean_line", "speaker_turns"]

# --- Caption markup ----------------------------------------------------------------------
# ``<v Name>``, ``<v.loud Name>``, ``<v.a.b First Last>``: the annotation is the speaker.
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>")
# Other tags (``<i>``, ``<c.yellow>``, ``<font color=..>``, ``<00:01.500>``) and SSA
# overrides (``{\an8}``). A ``<`` followed by a space is prose, not a tag.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.]*>|\{\\[^{}]*\}")

# --- Speaker cues in caption text --------------------------------------------------------
# ``>>`` / ``>>>`` (broadcast captions) and a leading dash (dialogue lines) mark a change
# of speaker. ``--`` and ``-5`` are not dashes of dialogue.
_MARKER = re.compile(r"^(?:>{2,3}|-(?![-\d]))[ \t]*")
# ``NAME:`` / ``Name Surname:`` / ``Speaker 1:`` at the start of a line, then space or end.
# A parenthetical may follow the name: ``JOHN (V.O.):``, ``Jane Doe (00:07:53):``. WhisperX
# writes its diarised cues ``[SPEAKER_00]: text``: brackets around the name.
_LABEL = re.compile(
    r"^(?P<open>\[)?(?P<label>(?P<name>[^\W\d_][\w.'’&\-]*(?:[ \t]+[\w.'’&\-]+){0,5})"
    r"(?:[ \t]*\((?P<note>[^()\n]{1,30})\))?)(?(open)\])[ \t]*:(?=\s|$)[ \t]*"
)
# ``[Jane Doe] text``: a name in brackets, no colon. A sound tag looks the same
# (``[Music] text``), so such a name counts only where it recurs and is no stage direction.
_BRACKET_LABEL = re.compile(r"^\[(?P<label>(?P<name>[^\W\d_][\w.'’&\-]*(?:[ \t]+[\w.'’&\-]+)"
                            r"{0,5}))\][ \t]+(?=\S)")
# Sound tags of automatic captions that could pass for a name: YouTube's "[Foreign]" (speech
# in another language) and the like.
_SOUND_TAGS = frozenset({"foreign", "foreign language", "sound", "sound effect", "sound effects",
                         "static", "narration", "speech", "talking", "voices"})
_CLOCK_NOTE = re.compile(r"\s*\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?\s*")
_PARTICLES = frozenset(
    "al bin da de del della der di dos du el ibn la le van von y zu".split()
)
# Words that open ordinary sentences with a colon ("Look: we will...").
_NOT_LABELS = frozenset(
    """look listen note well so now yes no okay ok remember again first second third
    finally here imagine think example update warning quote translation hint tip today
    tonight breaking fact also but and plus why what caution ps p.s bottom line""".split()
)
_MAX_LABEL_CHARS = 40
_MIN_REPEAT_CHARS = 12
_FLASH_S = 0.05  # a cue this short only re-shows text (roll-up captions)


@dataclass(slots=True)
class Cue:
    """One subtitle cue: where its timing line is, its times, its caption lines."""

    line: int  # 1-based line of the timing line
    start_s: float
    end_s: float
    lines: list[str]  # caption lines, markup still in


@dataclass(slots=True)
class _Unit:
    """A run of caption text with what it says about its speaker."""

    label: str | None  # a speaker named here, or None
    change: bool  # a ``>>``/dash marker: a new speaker even if unnamed
    text: str
    start_s: float
    end_s: float
    cue: int = 0  # which cue the text comes from


@dataclass(slots=True)
class Turn:
    """Consecutive caption text of one speaker (label ``""``: unknown), with its times."""

    label: str
    start_s: float
    end_s: float
    texts: list[str] = field(default_factory=list)


def speaker_turns(cues: list[Cue]) -> list[Turn]:
    """The speaker turns of a file's cues (turns without text left out)."""
    return _merge(_units(cues))


def clean_line(line: str) -> str:
    """Strip markup, decode entities and collapse whitespace of one caption line."""
    return " ".join(html.unescape(_TAG.sub("", line)).split())


def _units(cues: list[Cue]) -> list[_Unit]:
    """Split cues into runs of text, each with the speaker evidence it carries."""
    pending: list[tuple[int, Cue, str | None, str]] = []  # (index, cue, voice, line)
    previous: list[str] = []
    for index, cue in enumerate(cues):
        pieces: list[tuple[str | None, str]] = []
        voice: str | None = None
        for raw in cue.lines:
            # SRT has no voice tags by spec, but some writers emit them: honour them too.
            for new_voice, chunk in _voice_chunks(raw):
                if new_voice is not None:
                    voice = new_voice
                cleaned = clean_line(chunk)
                if cleaned:
                    pieces.append((voice, cleaned))
        texts = [t for _, t in pieces]
        drop = _repeated_prefix(previous, texts, flash=cue.end_s - cue.start_s < _FLASH_S)
        previous = texts
        pending.extend((index, cue, v, t) for v, t in pieces[drop:])

    labels = [_label_candidate(t) for _, _, v, t in pending]
    counts: dict[str, int] = {}
    for cand in labels:
        if cand is not None:
            counts[cand[0]] = counts.get(cand[0], 0) + 1
    # "[Jane Doe] text" is the file's style once a bracketed name recurs
    bracket_style = any(c is not None and c[2] and counts[c[0]] > 1 for c in labels)
    # Judge the case of the speech alone: in a short file the labels would tip the balance.
    shouting = _mostly_upper(" ".join(_body(t, cand) for (_, _, _, t), cand in
                                      zip(pending, labels, strict=True)))

    units = []
    for (index, cue, voice, line), cand in zip(pending, labels, strict=True):
        if voice is not None:
            units.append(_Unit(voice, False, line, cue.start_s, cue.end_s, index))
            continue
        marker = _MARKER.match(line)
        if cand is not None and _accept(cand[0], after_marker=marker is not None,
                                        recurs=counts[cand[0]] > 1, shouting=shouting,
                                        bracketed=cand[2], bracket_style=bracket_style):
            label, body = cand[0], _body(line, cand)
        else:
            label, body = None, _body(line, None)
        units.append(_Unit(label, marker is not None, body.strip(), cue.start_s, cue.end_s,
                           index))
    return units


def _voice_chunks(line: str) -> list[tuple[str | None, str]]:
    """Split a WebVTT caption line at ``<v Name>`` tags: (name or None, text) pairs."""
    out: list[tuple[str | None, str]] = []
    pos = 0
    name: str | None = None
    for m in _VOICE.finditer(line):
        out.append((name, line[pos:m.start()]))
        name = " ".join(html.unescape(m.group(1) or "").split()) or None
        pos = m.end()
    out.append((name, line[pos:]))
    return [(n, t) for n, t in out if t.strip() or n is not None]


def _repeated_prefix(previous: list[str], current: list[str], *, flash: bool) -> int:
    """Count leading lines of ``current`` that roll-up captions repeat from ``previous``.

    A roll-up cue shows the last line(s) of the cue before and then new ones; YouTube also
    flashes the repeated line alone for 10 ms. A whole cue said again at normal length is
    real repetition and is kept.
    """
    for k in range(min(len(previous), len(current)), 0, -1):
        if (previous[-k:] == current[:k] and (k < len(current) or flash)
                and sum(map(len, current[:k])) >= _MIN_REPEAT_CHARS):
            return k
    return 0


def _label_candidate(line: str) -> tuple[str, int, bool] | None:
    """Return ``(label, length of label and colon, whether in brackets without a colon)``
    if ``line`` opens with a label shape."""
    marker = _MARKER.match(line)
    body = line[marker.end():] if marker else line
    m = _LABEL.match(body) or _BRACKET_LABEL.match(body)
    if m is None or (m.re is _BRACKET_LABEL and (
            STAGE_DIRECTION.fullmatch(f"[{m['name']}]")
            or m["name"].lower() in _SOUND_TAGS)):
        return None
    name = m.group("name").strip()
    words = name.split()
    if len(name) > _MAX_LABEL_CHARS or name.lower().rstrip(".") in _NOT_LABELS:
        return None
    # A time in the parenthetical is when, not who: keep it out of the label.
    note = m.groupdict().get("note")
    label = name if note is None or _CLOCK_NOTE.fullmatch(note) else m.group("label").strip()
    # Every word capitalised (``Speaker 1``, ``Ursula von der Leyen`` allowed).
    for i, word in enumerate(words):
        first = word.lstrip("'’\"(")[:1]
        if first.isupper() or (i and (first.isdigit() or word.lower() in _PARTICLES)):
            continue
        return None
    return label, m.end(), m.re is _BRACKET_LABEL


def _body(line: str, cand: tuple[str, int, bool] | None) -> str:
    """The line without its marker and label-shaped prefix."""
    marker = _MARKER.match(line)
    body = line[marker.end():] if marker else line
    return body[cand[1]:] if cand else body


def _accept(label: str, *, after_marker: bool, recurs: bool, shouting: bool,
            bracketed: bool = False, bracket_style: bool = False) -> bool:
    """Decide whether a label-shaped prefix names a speaker."""
    if bracketed:  # "[Jane Doe] text": where a bracketed name recurs (a sound tag does not)
        return bracket_style
    if after_marker or recurs:
        return True
    upper = label.upper() == label
    if upper and not shouting:
        return True
    # ``Jane Doe:`` on sight; one mixed-case word (``Look:``) only if it recurs.
    return not upper and len(label.split()) >= 2


def _mostly_upper(text: str) -> bool:
    """Tell all-caps captions, where case cannot tell a label from a sentence."""
    letters = [c for c in text[:20_000] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _merge(units: list[_Unit]) -> list[Turn]:
    """Merge consecutive units of one speaker into turns; a marker starts a new turn.

    Where no unit names a speaker or marks a change, each cue is a turn of its own.
    """
    turns: list[Turn] = []
    current: Turn | None = None
    unattributed = not any(u.label is not None or u.change for u in units)
    previous_cue = -1
    for unit in units:
        if unit.label is not None:
            new = current is None or unit.label != current.label
            label = unit.label
        elif unit.change:
            new, label = True, ""
        elif unattributed:
            new, label = unit.cue != previous_cue, ""
        else:
            new, label = current is None, current.label if current else ""
        previous_cue = unit.cue
        if new or current is None:
            current = Turn(label, unit.start_s, unit.end_s)
            turns.append(current)
        current.end_s = max(current.end_s, unit.end_s)
        if unit.text:
            current.texts.append(unit.text)
    return [t for t in turns if t.texts]
