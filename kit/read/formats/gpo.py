"""GPO "text in HTML": congressional hearings and the Congressional Record.

The Government Printing (Publishing) Office serves hearings and Record granules as plain
text inside ``<html><title>…</title><body><pre>…</pre></body></html>`` (or as the same text
in a ``.txt`` file). The conventions:

- A header of bracketed lines: ``[Senate Hearing 109-204]`` / ``[House Hearing, 111
  Congress]`` and ``[From the U.S. Government Printing Office]``; or, in the Record,
  ``[Congressional Record Volume 143, Number 8 (Tuesday, January 28, 1997)]``, ``[Senate]``,
  ``[Pages S716-S719]``, ``From the Congressional Record Online through the Government
  Publishing Office [www.gpo.gov]`` and a centred title. A hearing's front matter follows:
  title page, GPO sale notice, the committee roster (``RICHARD C. SHELBY, Alabama,
  Chairman``), ``C O N T E N T S`` with dotted leaders.
- Text wraps at about 65 columns. A paragraph's first line is indented (4 spaces in hearings,
  2 in the Record), the lines after it start at the margin; headings are centred, upper case
  (``STATEMENT OF SEAN DILWEG, COMMISSIONER, ...``).
- A turn starts a paragraph with a label and a period: ``Chairman Shelby.``, ``Senator
  Sarbanes.``, ``Ms. Frohman.``, ``The Chairman.``; in the Record ``Mr. THOMPSON.``, ``The
  PRESIDING OFFICER (Mr. Gorton).``, ``The PRESIDING OFFICER [Mr. Brownback].``.
- Editorial notes are bracketed: ``[Laughter.]``, ``[Presiding.]``, ``[The prepared statement
  of Mr. Greenlee can be found on page 71 of the appendix.]``; ``[... follows:]`` introduces
  inserted material. In the Record, material printed at a senator's request is indented 5
  spaces, and procedure is told without a speaker (``The legislative clerk proceeded to call
  the roll.``).
- A hearing ends ``[Whereupon, at 12:10 p.m., the hearing was adjourned.]``; prepared
  statements, the ``A P P E N D I X``, answers to written questions and ``[GRAPHIC] [TIFF
  OMITTED]`` placeholders follow. A Record granule ends with a ``____`` rule. Page breaks
  in the Record are ``[[Page S717]]`` lines.
- Quirks: a SUB control character (U+001A) before ``</pre>``; U+FFFD characters in the sale
  notice; ``<a href>`` links and GPO's ``<bullet>`` tag inside the ``<pre>``.

The normalised text is the ``<pre>`` text with markup removed (links keep their words,
entities are decoded, ``<bullet>`` ending a line is dropped and elsewhere becomes ``•``).
Dropped as layout: the SUB character, ``[[Page …]]`` lines (a paragraph broken by one is
joined again), the closing ``____`` rule, indentation. The wrapped lines of each paragraph
of the proceedings are joined with a space (with none after a line-end hyphen, which GPO
uses for dashes ``--`` and hyphenated words alike), runs of spaces become one; the front
matter and the appendix keep their printed lines. Paragraphs are separated by a line break,
and by a blank line where the page had one.

The usual segmenter (:mod:`kit.read.segment`) finds the labels; only those opening a
paragraph at the proceedings' indentation count. Before the first turn is the header; from
the last ``[Whereupon, … adjourned.]`` note (or an ``A P P E N D I X`` heading) on, the
trailer. Stage directions, left out of speech: bracketed notes, a ``[… follows:]`` note
and the material after it up to the next turn, headings, paragraphs indented unlike
speech (material printed in the Record), parenthesised paragraphs and the Record's
procedural sentences. Roles: in the Record the presiding officer is ``chair`` and every
other speaker ``member``; in a hearing a ``Chairman``/``The Chair`` label of a committee
member (or the one presiding) is ``chair``, senators, representatives and members named in
the roster or the ``Members present`` line are ``member``, and everyone else (witnesses,
even ``Chairman Greenspan``) ``guest``.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.header import find_date
from kit.read.segment import find_turns
from kit.read.speakers import label_key

__all__ = ["looks_like_gpo", "parse_gpo"]

_GPO_MARK = re.compile(
    r"^\s*\[(?:From the U\.S\. Government (?:Printing|Publishing) Office"
    r"|Congressional Record Volume \d+)",
    re.MULTILINE | re.IGNORECASE)
_GPO_HINT = re.compile(r"\[[FfCc]")
_RECORD_MARK = re.compile(r"^\s*\[Congressional Record Volume \d+[^\]\n]*\]", re.MULTILINE)
_PRE = re.compile(r"<pre\b[^>]*>(.*?)(?:</pre\s*>|\Z)", re.DOTALL | re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.DOTALL | re.IGNORECASE)
# Markup inside the <pre>: links, GPO's <bullet>, inline emphasis. Anything else in angle
# brackets is text (<GRAPHIC(S) NOT AVAILABLE IN TIFF FORMAT>).
_BULLET_AT_END = re.compile(r"<bullet>[ \t]*$", re.IGNORECASE | re.MULTILINE)
_TAG = re.compile(r"</?(?:a|b|i|u|em|strong|font|span|bullet|sup|sub)\b[^<>]*>", re.IGNORECASE)
_PAGE_MARK = re.compile(r"^\s*\[\[Page [^\]\n]*\]\]\s*$")
_RULE = re.compile(r"^\s*_{5,}\s*$")
_SPACES = re.compile(r"[ \t\u00a0]+")
# The end of the proceedings and the start of the appendix.
_CLOSING_NOTE = re.compile(
    r"^\[\s*Whereupon\b[^\[\]]*\b(?:adjourned|concluded|ended|terminated)\b[^\[\]]*\]$",
    re.IGNORECASE)
_APPENDIX = re.compile(r"^A\s?P\s?P\s?E\s?N\s?D\s?I\s?X$")
# Editorial notes: a whole bracketed or parenthesised paragraph, a bracketed sentence
# inside one ("[Presiding.]"), and the note that introduces inserted material.
_NOTE_PARAGRAPH = re.compile(r"^(?:\[[^\[\]]*\]|\([^()]*\))$")
_INLINE_NOTE = re.compile(r"\[[A-Z][^\[\]\n]{0,200}?[.?!]\]")
_INSERT_NOTE = re.compile(
    r"^(?:\[[^\[\]]*\bfollows?[.:]?\s*\]"
    r"|.*\bordered to be printed in the Record\b.*\bfollows?:)$", re.IGNORECASE)
# The Record tells procedure without a speaker.
_PROCEDURE = re.compile(
    r"^(?:The (?:\w+ ){0,3}clerk (?:proceeded to call|called|read|will call)\b"
    r"|There being no objection,"
    r"|The (?:yeas and nays|result|motion|amendment|bill|resolution|joint resolution"
    r"|concurrent resolution|question) (?:was|were) (?:ordered|announced|agreed to|passed"
    r"|read|rejected|considered|laid)\b)",
    re.IGNORECASE)
_LABEL_START = re.compile(r"^[A-Z][A-Z.'’\- ]{0,60}:\s")
_CHAIR_LABELS = frozenset(
    "PRESIDING OFFICER|PRESIDENT|VICE PRESIDENT|ACTING PRESIDENT|SPEAKER|CHAIRMAN|CHAIRWOMAN"
    "|CHAIR|CHAIRPERSON".split("|"))
_CHAIR_TITLES = frozenset("CHAIRMAN CHAIRWOMAN CHAIRPERSON CHAIR".split())
_MEMBER_TITLES = frozenset(
    "SENATOR REPRESENTATIVE CONGRESSMAN CONGRESSWOMAN DELEGATE COMMISSIONER".split())
# "RICHARD C. SHELBY, Alabama" / "CAROLYN McCARTHY, New York" in a roster.
_ROSTER_NAME = re.compile(
    r"(?<![\w.])((?:[A-Z][A-Za-z.'’\-]*\s+){0,4}(?:Mc|Mac)?[A-Z][A-Z'’\-]+)"
    r"(?:,\s+(?:Jr|Sr|II|III|IV)\.?)?,\s+(?:[A-Z][a-z]|Jr\.)")
_PRESENT = re.compile(r"\b(?:Members\s+)?[Pp]resent:\s+(.*?)(?:\.\s|\.$|$)", re.DOTALL)
_PRESIDING = re.compile(r"([A-Z][\w'’\-]+)\s*[(\[][^()\[\]]*\b[Cc]hair\w*[^()\[\]]*[)\]]"
                        r"\s*,?\s*presiding")
# "Senator Richard C. Shelby (Chairman of the Committee) presiding": the hearing's byline.
_PRESIDING_NAME = re.compile(
    r"((?:Senator|Representative|Hon\.|Chairman|Chairwoman|Mr\.|Mrs\.|Ms\.|Dr\.)\s+"
    r"(?:[A-Z][\w.'’\-]*\s+){0,3}[A-Z][\w'’\-]+\s*[(\[][^()\[\]]*[)\]])\s*,?\s*presiding")
# Where a hearing was held: "Washington, DC." on a line of its own in the front matter.
_PLACE_LINE = re.compile(r"^([A-Z][a-z][\w'’\-]*(?: [A-Z][a-z][\w'’\-]*){0,2}, "
                         r"[A-Z][\w.'’ \-]{0,20})$", re.MULTILINE)


@dataclass(slots=True)
class _Paragraph:
    lines: list[str]
    indent: int
    cont: int | None = None  # indentation of the lines after the first
    blank_before: bool = False
    heading: bool = False


@dataclass(slots=True)
class _Layout:
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)


def looks_like_gpo(text: str) -> bool:
    """Whether ``text`` is a GPO hearing or Congressional Record page (HTML or text)."""
    head = text[:4000]
    # the marks open with "[F" or "[C" (either case): a plain search rules out most files
    return _GPO_HINT.search(head) is not None and bool(_GPO_MARK.search(head))


def _pre_text(markup: str, *, source: str) -> tuple[str, str | None]:
    """The text of the page's ``<pre>`` block with markup removed, and the page title."""
    title_match = _TITLE.search(markup[:5000])
    title = html.unescape(_SPACES.sub(" ", title_match.group(1))).strip(" -") \
        if title_match else None
    pre = _PRE.search(markup)
    if pre is None:
        if re.search(r"<(?:html|body)\b", markup[:5000], re.IGNORECASE):
            raise TranscriptError(
                source, "The page has no <pre> block, where GPO pages keep their text.",
                "Pass format='html' to read it as an ordinary web page.", line=1)
        return markup.replace("\x1a", ""), title  # GPO's .txt edition: the text itself
    if not re.search(r"</pre\s*>", markup[pre.start():], re.IGNORECASE):
        raise TranscriptError(
            source, "The page ends inside its <pre> block (no </pre>): it may be cut short.",
            "Download the page again, or pass format='html' to read what is there.",
            line=markup.count("\n", 0, pre.start()) + 1)
    body = _BULLET_AT_END.sub("", pre.group(1))
    body = _TAG.sub(lambda m: "•" if m.group(0).lower() == "<bullet>" else "", body)
    return html.unescape(body).replace("\x1a", ""), title


def _paragraphs(text: str) -> list[_Paragraph]:
    """Group printed lines into paragraphs by their indentation (see the module docstring).

    A line goes on with the paragraph above when it is indented less than the paragraph's
    first line (its second line; after an upper-case first line, a heading's, only another
    upper-case line), or as much as the paragraph's second line. A ``[[Page]]``
    line is dropped, with the blank lines around it; across it a paragraph goes on only at
    its known indentation.
    """
    rows = text.split("\n")
    while rows and (not rows[-1].strip() or _RULE.match(rows[-1])):
        rows.pop()  # the closing rule of a Record granule
    kept: list[tuple[str, bool]] = []  # (row, whether a page break was dropped before it)
    after_page = False
    for row in rows:
        if _PAGE_MARK.match(row):
            while kept and not kept[-1][0].strip():
                kept.pop()
            after_page = True
        elif not (after_page and not row.strip()):
            kept.append((row, after_page))
            after_page = False
    paragraphs: list[_Paragraph] = []
    current: _Paragraph | None = None
    blank = False
    for row, after_page in kept:
        if not row.strip():
            current, blank = None, True
            continue
        indent = len(row) - len(row.lstrip(" \t"))
        line = row.strip()
        goes_on = current is not None and (
            indent == current.cont if current.cont is not None
            else (indent < current.indent and not after_page
                  # a heading goes on only with more of the heading
                  and (not _is_upper(current.lines[0]) or _is_upper(line))))
        if goes_on and current is not None:  # (goes_on implies it; said for mypy)
            current.lines.append(line)
            current.cont = indent
        else:
            current = _Paragraph([line], indent, blank_before=blank or after_page)
            paragraphs.append(current)
        blank = False
    merged: list[_Paragraph] = []
    for par in paragraphs:  # a centred heading printed on several lines is one heading
        text = " ".join(par.lines)
        if merged and merged[-1].heading and not par.blank_before and _is_upper(text):
            merged[-1].lines.extend(par.lines)
            continue
        par.heading = _is_upper(text) and len(text.split()) >= 2
        merged.append(par)
    return merged


def _is_upper(text: str) -> bool:
    """Upper-case words that are not a label or a note (a heading, or a heading's line)."""
    return text == text.upper() and any(c.isalpha() for c in text) \
        and not _LABEL_START.match(text) and not text.startswith(("[", "("))


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        glue = "" if out.endswith("-") and not out.endswith(" -") else " "
        out = out + glue + line
    return _SPACES.sub(" ", out)


def _render(paragraphs: list[_Paragraph], body: range) -> _Layout:
    """The normalised text: paragraphs in ``body`` joined, the others line by line."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, par in enumerate(paragraphs):
        text = _join(par.lines) if i in body else "\n".join(par.lines)
        if parts:
            sep = "\n\n" if par.blank_before else "\n"
            parts.append(sep)
            pos += len(sep)
        spans.append((pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    return _Layout("".join(parts) + "\n", spans)


def _paragraph_starts(layout: _Layout) -> dict[int, int]:
    return {a: i for i, (a, _) in enumerate(layout.spans)}


def _speech_turns(layout: _Layout, paragraphs: list[_Paragraph], turns: list[RawTurn],
                  indent: int | None = None) -> tuple[list[RawTurn], int | None]:
    """The turns whose label opens a paragraph at the indentation of speech."""
    starts = _paragraph_starts(layout)
    at_start = [t for t in turns if t.start in starts]
    if indent is None:
        counts = Counter(paragraphs[starts[t.start]].indent for t in at_start)
        if not counts:
            return [], None
        indent = counts.most_common(1)[0][0]
    kept = [t for t in at_start if paragraphs[starts[t.start]].indent == indent]
    # A label-like line left out (another indentation) is speech of the kept turn before it:
    # that turn runs to the end of the last one it takes in, so nothing falls between turns.
    kept_starts = [t.start for t in kept]
    for turn in turns:
        k = bisect_right(kept_starts, turn.start) - 1
        if k >= 0 and turn.end > kept[k].end:
            head = kept[k].text_start
            kept[k].end = head + len(layout.text[head:turn.end].rstrip())
    return kept, indent


def _bounds(layout: _Layout, paragraphs: list[_Paragraph],
            turns: list[RawTurn]) -> tuple[int, int]:
    """First paragraph of the proceedings and first paragraph of the trailer."""
    if not turns:
        return len(paragraphs), len(paragraphs)
    starts = _paragraph_starts(layout)
    body = starts[turns[0].start]
    end = len(paragraphs)
    for i in range(len(paragraphs) - 1, body, -1):
        if _CLOSING_NOTE.match(_join(paragraphs[i].lines)):
            end = i
            break
    for i in range(body + 1, end):
        if _APPENDIX.match(_join(paragraphs[i].lines)):
            return body, i
    return body, end


def _stage(layout: _Layout, paragraphs: list[_Paragraph], body: range, turn_starts: set[int],
           indent: int | None, record: bool) -> list[tuple[int, int]]:
    """Spans of the stage directions inside the proceedings (see the module docstring)."""
    spans: list[tuple[int, int]] = []
    inserted = False
    for i in body:
        a, b = layout.spans[i]
        if a in turn_starts:
            inserted = False
            spans.extend(m.span() for m in _INLINE_NOTE.finditer(layout.text, a, b))
            continue
        text = layout.text[a:b]
        if _INSERT_NOTE.match(text):
            inserted = True
        if inserted or paragraphs[i].heading or paragraphs[i].indent != indent \
                or _NOTE_PARAGRAPH.match(text) or (record and _PROCEDURE.match(text)):
            spans.append((a, b))
        else:
            spans.extend(m.span() for m in _INLINE_NOTE.finditer(layout.text, a, b))
    return spans


def _surname(key: str) -> str:
    words = key.split(" OF ")[0].split()
    return words[-1] if words else ""


def _members(header: str) -> set[str]:
    """Surnames (upper case) of the committee members the front matter names."""
    names = {m.group(1).split()[-1].upper() for m in _ROSTER_NAME.finditer(header)}
    for m in _PRESENT.finditer(header):
        for item in re.split(r",|\band\b|;", m.group(1)):
            words = [w for w in re.sub(r"\bof\s+\w+(?:\s+\w+)?", "", item).split()
                     if w[:1].isupper() and w.rstrip(".") not in ("Representatives",
                                                                   "Senators", "Delegate")]
            if words:
                names.add(words[-1].strip(".").upper())
    names.update(m.group(1).upper() for m in _PRESIDING.finditer(header))
    return names


def _hearing_role(label: str, members: set[str], presiding: set[str]) -> str | None:
    key = label_key(label)
    words = key.split()
    if not words:
        return None
    if key in ("THE CHAIRMAN", "THE CHAIRWOMAN", "THE CHAIR", "THE CHAIRPERSON"):
        return s.ROLE_CHAIR
    surname = _surname(key)
    if words[0] in _CHAIR_TITLES or words[:2] == ["VICE", "CHAIRMAN"]:
        if not members or surname in members or surname in presiding:
            return s.ROLE_CHAIR if words[0] in _CHAIR_TITLES else s.ROLE_MEMBER
        return s.ROLE_GUEST  # the chairman of something else, as a witness
    if words[0] in _MEMBER_TITLES or words[:2] == ["RANKING", "MEMBER"]:
        return s.ROLE_MEMBER
    if members:
        return s.ROLE_MEMBER if surname in members else s.ROLE_GUEST
    return None


def _record_role(label: str) -> str:
    key = label_key(label).removeprefix("THE ")
    presides = key in _CHAIR_LABELS or key.endswith("PRO TEMPORE")
    return s.ROLE_CHAIR if presides else s.ROLE_MEMBER


def _house(text: str) -> str | None:
    head = text[:600]
    m = re.search(r"^\s*\[(Senate|House)\b", head, re.MULTILINE)
    if m:
        return m.group(1)
    if re.search(r"^\s*\[(?:House of Representatives|Extensions of Remarks)\]", head,
                 re.MULTILINE):
        return "House"
    return None


def parse_gpo(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a GPO hearing or Congressional Record page (see the module docstring).

    Parameters
    ----------
    text
        The decoded page (HTML with a ``<pre>`` block, or GPO's text edition).
    source
        File name used in error messages.

    Returns
    -------
    list of ParsedDocument
        One document: the normalised text, its turns with roles, stage directions, and
        ``title``, ``date`` and ``house`` (``Senate`` or ``House``); for a hearing also
        ``byline`` (who presided) and ``location`` (the place line of the front matter).
    """
    pre, page_title = _pre_text(text, source=source)
    if not pre.strip():
        raise TranscriptError(source, "The page's <pre> block holds no text.",
                              "Check the download, or leave the file out.", line=1)
    record = bool(_RECORD_MARK.search(pre[:2000]))
    paragraphs = _paragraphs(pre)
    everything = range(len(paragraphs))
    joined = _render(paragraphs, everything)
    first, indent = _speech_turns(joined, paragraphs, find_turns(joined.text))
    start, end = _bounds(joined, paragraphs, first)
    body = range(start, end)
    layout = _render(paragraphs, body)
    body_start = layout.spans[start][0] if start < len(paragraphs) else len(layout.text)
    body_end = layout.spans[end][0] if end < len(paragraphs) else len(layout.text)
    found = [t for t in find_turns(layout.text[:body_end]) if t.start >= body_start]
    turns, _ = _speech_turns(layout, paragraphs, found, indent)
    header = layout.text[:body_start]
    members = set() if record else _members(header)
    presiding = {m.group(1).upper() for m in _PRESIDING.finditer(header)}
    for turn in turns:
        turn.role = _record_role(turn.label) if record else \
            _hearing_role(turn.label, members, presiding)
    stage = _stage(layout, paragraphs, body, {t.start for t in turns}, indent, record)
    meta: dict[str, Any] = {"house": _house(pre)}
    date = find_date(header)
    if date is not None:
        meta["date"] = date
    if record:
        titles = [_join(p.lines) for p in paragraphs[:start] if p.heading]
        meta["title"] = titles[0] if titles else None
    else:
        meta["title"] = page_title or next(
            (_join(p.lines) for p in paragraphs[:start] if p.heading), None)
        presiding_name = _PRESIDING_NAME.search(_SPACES.sub(" ", header.replace("\n", " ")))
        meta["byline"] = presiding_name.group(1) if presiding_name else None
        places = _PLACE_LINE.findall(header)
        place = places[-1] if places else None
        if place and place.endswith(".") and place[-3:-2] != ".":  # "DC." but "D.C."
            place = place[:-1]
        meta["location"] = place
    return [ParsedDocument(layout.text, "gpo", meta, turns=turns, stage=stage)]
