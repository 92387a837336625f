"""Read WebVTT and SRT subtitles into timed speaker turns.

Input grain: one subtitle file (one cue per block: optional id, a timing line
``start --> end``, then caption lines). Output grain: one :class:`ParsedDocument`
whose ``turns`` hold one span per merged speaker turn, with ``start_s``/``end_s``
from its first and last cue.

The normalised text is built here: one paragraph per turn, ``Name: speech`` (or the
bare speech when the speaker is unknown), paragraphs joined by a blank line. Cue
ids, timing lines, styling blocks and markup are left out; every caption character
is kept, except caption lines that roll-up captions repeat from the cue before.

Captions that never name a speaker (no voice tag, label or ``>>`` marker anywhere, as
speech-to-text output writes them) give one unattributed turn per cue, with the cue's
times: who spoke is unknown, so no cue is merged into another.
"""

from __future__ import annotations

import re
import warnings

from kit.errors import TranscriptError, TranscriptWarning
from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.formats._captions import Cue, Turn, clean_line, speaker_turns

__all__ = ["looks_like_srt", "looks_like_vtt", "parse_srt", "parse_vtt"]

# --- Timing lines ------------------------------------------------------------------------
# Lenient on purpose: hours optional and of any width, ``,`` or ``.`` before the fraction
# (SRT writers mix them up), one to three fraction digits or none. Range checks follow.
_TS = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?"
_TIMING = re.compile(rf"^[ \t]*{_TS}[ \t]*-->[ \t]*{_TS}(?P<rest>.*)$")
# A line meant as a timing line but written without ``-->`` (``->``, ``-- >``, a dash, an
# arrow): two times with only marks between them.
_TIMING_TYPO = re.compile(
    r"^[ \t]*\d+:\d{1,2}(?::\d{1,2})?[.,]\d{1,3}[ \t]*[^\w\s]+(?:[ \t]+[^\w\s]+)?[ \t]*"
    r"\d+:\d{1,2}"
)
# Sniffing is strict: a real SRT starts with a cue number and an ``hh:mm:ss,mmm`` timing.
_SRT_HEAD = re.compile(
    r"\A\s*(?:\d+[ \t]*\n[ \t]*)?\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}[ \t]*-->[ \t]*"
    r"\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}"
)
# ... or a cue number and a timing line that is written wrong: read as SRT, so that the
# reader names the line rather than the text being taken for a plain transcript.
_SRT_HEAD_MALFORMED = re.compile(
    r"\A\s*\d+[ \t]*\n(?:[ \t]*\d+:\d{1,2}[^\n]*-->|"
    + _TIMING_TYPO.pattern.removeprefix("^") + ")"
)
_VTT_BLOCK = re.compile(r"^(NOTE|STYLE|REGION)(?:[ \t]|$)")
_DIGITS = re.compile(r"^[ \t]*\d+[ \t]*$")

_SHOWN = 5  # cues named in a warning; the rest are counted
_OVERLAP_S = 0.05  # cues that overlap by less only round their times differently


def looks_like_vtt(text: str) -> bool:
    """Tell whether ``text`` is WebVTT: its first line starts with ``WEBVTT``.

    Parameters
    ----------
    text
        Decoded text of a whole file (only its start is looked at).

    Returns
    -------
    bool
        True when the first non-blank line is ``WEBVTT`` alone or followed by a space.
    """
    head = text[:64].lstrip("\ufeff \t\r\n")
    return head.startswith("WEBVTT") and (len(head) == 6 or head[6] in " \t\r\n")


def looks_like_srt(text: str) -> bool:
    """Tell whether ``text`` is SRT: a cue number, then ``hh:mm:ss,mmm --> hh:mm:ss,mmm``.

    Parameters
    ----------
    text
        Decoded text of a whole file (only its start is looked at).

    Returns
    -------
    bool
        True when the first non-blank lines are an optional integer and a timing line
        (or an integer and a line meant as one: two times with ``->`` or the like between
        them), and the text is not WebVTT.
    """
    head = text[:512].lstrip("\ufeff")
    return not looks_like_vtt(head) and (_SRT_HEAD.match(head) is not None
                                         or _SRT_HEAD_MALFORMED.match(head) is not None)


def parse_vtt(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a WebVTT file into one document of timed speaker turns.

    Speakers come from ``<v Name>`` voice tags or a ``Name:`` prefix on a caption line
    and carry forward over cues that do not name one; ``>>`` or a leading dash marks a
    new (possibly unnamed) speaker. Consecutive cues of one speaker become one turn.

    Parameters
    ----------
    text
        Decoded file content, newlines already ``\\n``.
    source
        Name of the file, used in error messages.

    Returns
    -------
    list of ParsedDocument
        One document (format ``"vtt"``). Its header holds the title after ``WEBVTT``
        and any ``NOTE`` before the first cue; ``meta["title"]`` is that title if given.

    Warns
    -----
    TranscriptWarning
        Naming their lines, for cues that start before the cue above them starts (out of
        order) or ends (overlapping by more than 50 ms); they are read in the file's order.

    Raises
    ------
    TranscriptError
        For an empty file, a malformed timing line (with its line number), or no cues.
        A timing that cannot be read is an error, not a guess: the cue's place in time, and
        where its caption ends and the next begins, would be made up.
    """
    return [_parse(text, source=source, fmt="vtt")]


def parse_srt(text: str, *, source: str) -> list[ParsedDocument]:
    """Read an SRT file into one document of timed speaker turns.

    Same speaker rules as :func:`parse_vtt` (``Name:`` prefixes, ``>>`` and dialogue
    dashes; ``<i>``/``<font>`` tags and ``{\\an8}`` overrides are stripped).

    Parameters
    ----------
    text
        Decoded file content, newlines already ``\\n``.
    source
        Name of the file, used in error messages.

    Returns
    -------
    list of ParsedDocument
        One document (format ``"srt"``), one turn per merged run of one speaker's cues.

    Warns
    -----
    TranscriptWarning
        As :func:`parse_vtt`, for cues out of order or overlapping.

    Raises
    ------
    TranscriptError
        As :func:`parse_vtt`.
    """
    return [_parse(text, source=source, fmt="srt")]


# --- Parsing -----------------------------------------------------------------------------


def _parse(text: str, *, source: str, fmt: str) -> ParsedDocument:
    name = "WebVTT" if fmt == "vtt" else "SRT"
    if not text.strip("\ufeff \t\r\n"):
        raise TranscriptError(source, f"The {name} file is empty.",
                              "Check that the right file was given and that it was saved.")
    lines = text.lstrip("\ufeff").split("\n")
    cues, header_end = _split_cues(lines, source=source, fmt=fmt)
    if not cues:
        raise TranscriptError(
            source, "No subtitle cue was found: no line holds a `start --> end` timing.",
            f"Check that this is a {name} file; if it is a plain transcript, "
            "pass format='text'.")
    _check_order(cues, source=source)
    title, notes = _header(lines[:header_end], fmt=fmt)
    turns = speaker_turns(cues)
    if not turns:
        raise TranscriptError(source, f"The {name} cues hold no caption text.",
                              "Check that the file is not a blank template.",
                              line=cues[0].line)
    return _document(turns, header=[p for p in (title, *notes) if p], title=title, fmt=fmt)


def _split_cues(lines: list[str], *, source: str, fmt: str) -> tuple[list[Cue], int]:
    """Find cues by their timing lines; return them and the index where the first starts."""
    timings: list[tuple[int, float, float]] = []
    for i, line in enumerate(lines):
        if "-->" in line:
            start_s, end_s = _timing(line, line_no=i + 1, source=source, fmt=fmt)
            timings.append((i, start_s, end_s))
        elif _TIMING_TYPO.match(line):
            raise TranscriptError(
                source, f"Malformed cue timing {line.strip()!r}: the arrow must be `-->`.",
                f"Write it as {_example(fmt)}.", line=i + 1)

    # A cue id is the line just before its timing line: a bare number, or any line that
    # follows a blank one (ids in WebVTT may be words). Without it, a line is caption text.
    starts = []
    for i, _, _ in timings:
        prev = i - 1
        is_id = prev >= 0 and lines[prev].strip() and "-->" not in lines[prev] and (
            _DIGITS.match(lines[prev]) or (prev > 0 and not lines[prev - 1].strip()))
        starts.append(prev if is_id else i)
    cues = []
    for k, (i, start_s, end_s) in enumerate(timings):
        stop = starts[k + 1] if k + 1 < len(timings) else len(lines)
        cues.append(Cue(i + 1, start_s, end_s, _caption_lines(lines[i + 1:stop], fmt=fmt)))
    return cues, (starts[0] if starts else len(lines))


def _check_order(cues: list[Cue], *, source: str) -> None:
    """Warn, naming their lines, of cues that start before the cue above them starts (out of
    order) or ends (overlapping). Cues are read in the file's order either way."""
    earlier: list[str] = []
    overlapping: list[str] = []
    for before, cue in zip(cues, cues[1:], strict=False):
        if cue.start_s < before.start_s:
            earlier.append(f"line {cue.line} ({_clock(cue.start_s)} < {_clock(before.start_s)})")
        elif cue.start_s < before.end_s - _OVERLAP_S:
            overlapping.append(
                f"line {cue.line} ({_clock(cue.start_s)} < {_clock(before.end_s)})")
    for found, when in ((earlier, "starts"), (overlapping, "ends")):
        if found:
            n = len(found)
            what = (f"{n} cues start before the cue above them {when}" if n > 1
                    else f"1 cue starts before the cue above it {when}")
            more = f" and {n - _SHOWN} more" if n > _SHOWN else ""
            warnings.warn(
                f"{source}: {what}: {', '.join(found[:_SHOWN])}{more}. They are read in the "
                "file's order; check the timings.", TranscriptWarning, stacklevel=4)


def _clock(seconds: float) -> str:
    """``00:01:02.500``."""
    minutes, sec = divmod(seconds, 60)
    return f"{int(minutes // 60):02d}:{int(minutes % 60):02d}:{sec:06.3f}"


def _timing(line: str, *, line_no: int, source: str, fmt: str) -> tuple[float, float]:
    m = _TIMING.match(line)
    # WebVTT settings (``align:start``) must be set off by whitespace from the end time.
    if m is None or (m["rest"] and not m["rest"][0].isspace()):
        raise TranscriptError(
            source, f"Malformed cue timing {line.strip()!r}.",
            f"Write it as {_example(fmt)} (hours optional, then minutes, seconds and "
            "milliseconds).", line=line_no)
    g = m.groups()
    values = []
    for h, mi, s, frac in (g[0:4], g[4:8]):
        if int(mi) > 59 or int(s) > 59:
            raise TranscriptError(
                source, f"Malformed cue timing {line.strip()!r}: minutes and seconds must "
                "be below 60.", f"Write it as {_example(fmt)}.", line=line_no)
        seconds = int(h or 0) * 3600 + int(mi) * 60 + int(s)
        if frac:
            seconds += int(frac) / 10 ** len(frac)
        values.append(float(seconds))
    start_s, end_s = values
    if end_s < start_s:
        raise TranscriptError(
            source, f"The cue ends before it starts: {line.strip()!r}.",
            "Correct the timing so that the end time is not before the start time.",
            line=line_no)
    return start_s, end_s


def _example(fmt: str) -> str:
    return ("`00:00:01.000 --> 00:00:04.000`" if fmt == "vtt"
            else "`00:00:01,000 --> 00:00:04,000`")


def _caption_lines(block: list[str], *, fmt: str) -> list[str]:
    """Keep a cue's caption lines: no blank lines, no WebVTT ``NOTE`` blocks after it."""
    kept = []
    after_blank = False
    in_note = False
    for line in block:
        if not line.strip():
            after_blank, in_note = True, False
            continue
        if fmt == "vtt" and (in_note or (after_blank and _VTT_BLOCK.match(line))):
            in_note = True
            continue
        kept.append(line)
        after_blank = False
    return kept


def _header(lines: list[str], *, fmt: str) -> tuple[str, list[str]]:
    """Return the WebVTT title and the texts of comments or stray lines before the cues."""
    title = ""
    if lines and fmt == "vtt" and lines[0].startswith("WEBVTT"):
        title = clean_line(lines[0][6:]).lstrip("-–— ").strip()
        lines = lines[1:]
        # The header block right after WEBVTT holds ``Kind: captions``-style metadata.
        while lines and lines[0].strip():
            lines = lines[1:]
    notes: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            first = _VTT_BLOCK.match(block[0]) if fmt == "vtt" else None
            if first is None:
                notes.append(clean_line(" ".join(block)))
            elif first.group(1) == "NOTE":
                notes.append(clean_line(" ".join([block[0][4:], *block[1:]])))
            block = []
    return title, [n for n in notes if n]


def _document(turns: list[Turn], *, header: list[str], title: str,
              fmt: str) -> ParsedDocument:
    """Lay turns out as ``Label: speech`` paragraphs and record their spans."""
    parts: list[str] = []
    pos = 0
    for para in header:
        parts.append(para + "\n\n")
        pos += len(para) + 2
    raw_turns: list[RawTurn] = []
    for turn in turns:
        if raw_turns:
            parts.append("\n\n")
            pos += 2
        prefix = f"{turn.label}: " if turn.label else ""
        speech = " ".join(turn.texts)
        parts.append(prefix + speech)
        raw_turns.append(RawTurn(pos, pos + len(prefix), pos + len(prefix) + len(speech),
                                 turn.label, turn.start_s, turn.end_s))
        pos += len(prefix) + len(speech)
    meta = {"title": title} if title else {}
    return ParsedDocument(text="".join(parts), format=fmt, meta=meta, turns=raw_turns)
