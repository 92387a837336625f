"""Line-numbered transcripts: ``pdftotext -layout`` text of court and committee transcripts.

The conventions (US Supreme Court oral arguments by the Alderson Reporting Company are the
model; court reporters' transcripts of hearings and depositions share them):

- Pages are separated by form feeds (U+000C). On a page every line of text starts at the
  left margin with its line number, 1 to 25; ``-layout`` double-spaces the lines (a blank
  line between two numbered lines) and justifies them with runs of spaces.
- Around the numbered lines are the page furniture: a running header above them
  (``Official - Subject to Final Review``), a centred page number and a footer below
  (``Alderson Reporting Company``).
- A paragraph's first line is indented beyond the text margin; its other lines start at the
  margin. Labels are upper case with a colon at the start of a paragraph
  (``CHIEF JUSTICE ROBERTS:``, ``JUSTICE SCALIA:``, ``GENERAL VERRILLI:``, ``MR. CLEMENT:``).
- Front matter comes first: the caption between ``- - - x`` rules, ``APPEARANCES:``, a
  ``C O N T E N T S`` page and ``P R O C E E D I N G S``. Section headings such as
  ``ORAL ARGUMENT OF ... / ON BEHALF OF THE PETITIONERS`` are upper-case paragraphs.
- The proceedings end with a closing note, ``(Whereupon, at 12:02 p.m., the case in the
  above-entitled matter was submitted.)``, and a word index follows on pages without line
  numbers (``Alito 7:12,15``).

The normalised text is the transcript's words. Dropped as layout: form feeds, the page
furniture (the few unnumbered lines above and below a page's numbered lines, lines that
recur at page breaks, page numbers; the recurring ones also on pages without numbers), line
numbers, the blank lines of double spacing, indentation and runs of spaces. A page break is
a form feed or, without one, the numbering starting again. A numbered line without text
ends a paragraph. The wrapped lines of a paragraph are joined with a space; a soft hyphen
(U+00AD) ending a line after a hyphen is the second hyphen of a dash (``And -\\u00ad`` is
``And --``), after a letter it joins the two halves of a word. Paragraphs are separated by a
blank line; the front matter keeps one line per printed line, and pages without line
numbers (the index) are kept line for line as they are.

Then the usual segmenter (:mod:`kit.read.segment`) finds the labels. Here the front matter
is the header (up to ``PROCEEDINGS``, or else up to the first label that recurs), the
closing note and everything after it the trailer, section headings stage directions of the
turn before them. Roles: the Chief Justice and a chair (``CHAIRMAN``, ``THE COURT``) are
``chair``; justices, judges and members of a committee ``member``; counsel and witnesses
named in the front matter (``APPEARANCES``) ``guest``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.header import find_date
from kit.read.segment import find_turns
from kit.read.speakers import label_key

__all__ = ["looks_like_numbered", "normalise_numbered", "parse_numbered"]

# A line number at the left margin, then the line's text (or nothing).
_LINE_NUMBER = re.compile(r"^[ \t]{0,3}(\d{1,2})(?=[ \t]|$)")
_MAX_LINE_NUMBER = 30
_DIGIT_START = re.compile(r"[ \t]{0,3}\d")
_DIGIT_LINE = re.compile(r"\n[ \t]{0,3}\d")
_MIN_NUMBERED_PER_PAGE = 3
_SPACES = re.compile(r"[ \t\u00a0]+")
_PAGE_NUMBER = re.compile(r"^(?:Page\s+)?-?\s*\d{1,4}\s*-?(?:\s+of\s+\d+)?$", re.IGNORECASE)
_MAX_FURNITURE_LINES = 4
_LETTER_SPACED_PROCEEDINGS = re.compile(r"^P\s*R\s*O\s*C\s*E\s*E\s*D\s*I\s*N\s*G\s*S\.?$")
# The reporter's closing note: "(Whereupon, at 12:02 p.m., the case ... was submitted.)"
_CLOSING_NOTE = re.compile(
    r"^[(\[]\s*(?:Whereupon\b|The\s+(?:hearing|proceedings?|meeting|deposition|argument"
    r"|session|conference|trial)\b)[^()\[\]]*\b(?:submitted|adjourned|concluded|closed|ended"
    r"|terminated)\b[^()\[\]]*[)\]]$",
    re.IGNORECASE,
)
# A paragraph that opens with an upper-case label ("JUSTICE ALITO: ..."): never a heading.
_LABEL_START = re.compile(r"^[A-Z][A-Z.'’\- ]{0,60}:")
_CAPTION_RULE = re.compile(r"^(?:-\s*){4,}x$")
_DOCKET = re.compile(r"\bNo\.\s*(\d[\w\-]*)")
_CHAIR_WORDS = frozenset("CHAIRMAN CHAIRWOMAN CHAIRPERSON CHAIR PRESIDING".split())
_MEMBER_WORDS = frozenset(
    "JUSTICE JUDGE SENATOR SEN REPRESENTATIVE REP CONGRESSMAN CONGRESSWOMAN COMMISSIONER "
    "DELEGATE".split())


@dataclass(slots=True)
class _Line:
    """One line of text of the transcript, without its number, spaces collapsed."""

    text: str
    col: int = 0  # where the text starts in the printed line
    kind: str = "text"  # "text"; "gap" (a numbered line without text); "raw" (unnumbered page)


@dataclass(slots=True)
class _Paragraph:
    lines: list[str]
    raw: bool = False  # lines of a page without numbers, kept as they are
    heading: bool = False


@dataclass(slots=True)
class _Layout:
    """The normalised text and where its paragraphs are."""

    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)


def _number(line: str) -> re.Match[str] | None:
    m = _LINE_NUMBER.match(line)
    return m if m and 1 <= int(m.group(1)) <= _MAX_LINE_NUMBER else None


def looks_like_numbered(text: str) -> bool:
    """Whether most lines of ``text`` start with line numbers that count 1, 2, 3 ... per page.

    At least 40 numbered lines, three in four non-blank lines numbered, and nine in ten
    numbers one more than the number before (or a new page's first).
    """
    head = text[:60_000]
    # every numbered line starts with a digit after at most three blanks: too few such
    # starts, and the lines need not be split (sniffing runs on every file of a folder)
    starts = int(_DIGIT_START.match(head) is not None) + len(_DIGIT_LINE.findall(head))
    if starts < 40:
        return False
    lines = [line for line in head.split("\n") if line.strip()]
    numbers = [int(m.group(1)) for m in map(_number, lines) if m]
    if len(numbers) < 40 or len(numbers) < 0.75 * len(lines):
        return False
    in_order = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b == a + 1 or b == 1)
    return in_order >= 0.9 * (len(numbers) - 1)


def _page_lines(text: str) -> list[_Line]:
    """The lines of text in reading order, page furniture and line numbers dropped.

    A page is a run of numbered lines counting up (a form feed, or the numbering starting
    again, begins the next). Unnumbered lines above a page's first number or below its last
    are furniture when they are a few (a running header, a page number, a footer), when
    their text recurs on another page, or when they are a page number; the recurring texts
    are dropped on pages without numbers too, with a page number at such a page's top or
    bottom. Other unnumbered lines stay: between numbered lines as text, a long block
    outside them as lines kept as they are (the index after the last page).
    """
    chunks = [chunk.split("\n") for chunk in text.split("\f")]
    # Per chunk: each row's line number match (or None), and whether the row is outside the
    # chunk's pages (above the first number, below the last, or between two pages).
    marked: list[tuple[list[re.Match[str] | None], list[bool]] | None] = []
    seen: Counter[str] = Counter()
    for rows in chunks:
        numbers = [_number(r) for r in rows]
        if sum(m is not None for m in numbers) < _MIN_NUMBERED_PER_PAGE:
            marked.append(None)
            continue
        outside = [True] * len(rows)
        previous, pending = 0, []
        for i, m in enumerate(numbers):
            if m is None:
                pending.append(i)
                continue
            n = int(m.group(1))
            if n > previous and previous:
                for j in pending:
                    outside[j] = False  # unnumbered lines inside a page: text after all
            pending, previous = [], n
            outside[i] = False
        marked.append((numbers, outside))
        seen.update(_SPACES.sub(" ", r.strip()) for r, out in zip(rows, outside, strict=True)
                    if out and r.strip())
    furniture = {t for t, n in seen.items() if n >= 2}
    for rows, marks in zip(chunks, marked, strict=True):
        if marks is not None:  # a short block of unnumbered lines at a page break
            block: list[str] = []
            for row, out_of_page in [*zip(rows, marks[1], strict=True), ("", False)]:
                if out_of_page and row.strip():
                    block.append(_SPACES.sub(" ", row.strip()))
                elif not out_of_page:
                    if len(block) <= _MAX_FURNITURE_LINES:
                        furniture.update(block)
                    block = []
    out: list[_Line] = []
    for rows, marks in zip(chunks, marked, strict=True):
        if marks is None:
            kept = [r.rstrip() for r in rows if _SPACES.sub(" ", r.strip()) not in furniture]
            nonblank = [i for i, r in enumerate(kept) if r.strip()]
            edge = set(nonblank[:2] + nonblank[-2:])
            out.extend(_Line(row, kind="raw") for i, row in enumerate(kept)
                       if not (i in edge and _PAGE_NUMBER.match(row.strip())))
            continue
        numbers, outside = marks
        for row, m, out_of_page in zip(rows, numbers, outside, strict=True):
            bare = _SPACES.sub(" ", row.strip())
            if m is not None:
                rest = row[m.end():]
                out.append(_line(rest, m.end()) if rest.strip() else _Line("", kind="gap"))
            elif not bare:
                continue
            elif not out_of_page:
                out.append(_line(row, 0))
            elif bare not in furniture and not _PAGE_NUMBER.match(bare):
                out.append(_Line(row.rstrip(), kind="raw"))
    return out


def _line(rest: str, offset: int) -> _Line:
    stripped = rest.lstrip(" \t")
    return _Line(_SPACES.sub(" ", stripped).rstrip(), offset + len(rest) - len(stripped))


def _paragraphs(lines: list[_Line]) -> list[_Paragraph]:
    """Group lines into paragraphs: an indented line opens one, a line at the margin goes on.

    A numbered line without text ends a paragraph; consecutive upper-case paragraphs that are
    not labels (a section heading printed on two lines) become one heading.
    """
    cols = Counter(line.col for line in lines if line.kind == "text")
    # the text margin: the leftmost column many lines start at (in a deposition most lines
    # are indented Q. and A. lines; their wrapped lines go on at the margin)
    total = sum(cols.values())
    margin = min((c for c, n in cols.items() if n >= total / 10), default=0)
    paragraphs: list[_Paragraph] = []
    current: _Paragraph | None = None
    for line in lines:
        if line.kind == "gap":
            current = None
        elif line.kind == "raw":
            if current is None or not current.raw:
                current = _Paragraph([], raw=True)
                paragraphs.append(current)
            current.lines.append(line.text)
        elif current is None or current.raw or line.col > margin + 2:
            current = _Paragraph([line.text])
            paragraphs.append(current)
        else:
            current.lines.append(line.text)
    merged: list[_Paragraph] = []
    for par in paragraphs:
        text = " ".join(par.lines)
        if not par.raw and _is_upper(text):
            if merged and merged[-1].heading:
                merged[-1].lines.extend(par.lines)
                continue
            par.heading = len(text.split()) >= 2
        merged.append(par)
    return merged


def _is_upper(text: str) -> bool:
    """Upper-case words that are not a label or a note (a heading, or a heading's line)."""
    return text == text.upper() and any(c.isalpha() for c in text) \
        and not _LABEL_START.match(text) and not text.startswith(("(", "["))


def _join(lines: list[str]) -> str:
    """One paragraph's lines as one line (see the module docstring for soft hyphens)."""
    out = lines[0]
    for line in lines[1:]:
        if out.endswith("-\u00ad"):
            out = out[:-1] + "- " + line  # "And -\u00ad" / "that" -> "And -- that"
        elif out.endswith("\u00ad") and out[-2:-1].isalpha():
            out = out[:-1] + line
        else:
            out = out + " " + line
    if out.endswith("-\u00ad"):
        out = out[:-1] + "-"
    return out


def _render(paragraphs: list[_Paragraph], line_by_line: int) -> _Layout:
    """The normalised text; paragraphs before ``line_by_line`` keep their printed lines."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for i, par in enumerate(paragraphs):
        if par.raw:
            body = re.sub(r"\n{3,}", "\n\n", "\n".join(par.lines).strip("\n"))
        elif i < line_by_line:
            body = "\n".join(par.lines)
        else:
            body = _join(par.lines)
        if parts:
            parts.append("\n\n")
            pos += 2
        spans.append((pos, pos + len(body)))
        parts.append(body)
        pos += len(body)
    return _Layout("".join(parts) + "\n", spans)


def normalise_numbered(text: str) -> str:
    """The words of a line-numbered transcript, layout removed (see the module docstring):
    the normalised text :func:`parse_numbered` gives."""
    return parse_numbered(text, source="<text>")[0].text


def _paragraph_at(layout: _Layout, offset: int) -> int:
    for i, (a, b) in enumerate(layout.spans):
        if a <= offset < b or offset < a:
            return i
    return len(layout.spans)


def _body_start(layout: _Layout, paragraphs: list[_Paragraph], turns: list[RawTurn]) -> int:
    """Index of the first paragraph of the proceedings (see the module docstring)."""
    for i, par in enumerate(paragraphs):
        if not par.raw and any(_LETTER_SPACED_PROCEEDINGS.match(line) for line in par.lines):
            after = [t for t in turns if t.start >= layout.spans[i][1]]
            if after:
                return _paragraph_at(layout, after[0].start)
    counts = Counter(label_key(t.label) for t in turns)
    for turn in turns:
        if counts[label_key(turn.label)] >= 2:
            return _paragraph_at(layout, turn.start)
    # without labels the whole text is read as one turn: all of it joined
    return _paragraph_at(layout, turns[0].start) if turns else 0


def _trailer_start(layout: _Layout, paragraphs: list[_Paragraph], body: int) -> int:
    """Index of the first paragraph after the proceedings: the last closing note, or else
    the first page without line numbers (the index) after the body."""
    for i in range(len(paragraphs) - 1, body, -1):
        par = paragraphs[i]
        if not par.raw and _CLOSING_NOTE.match(_join(par.lines)):
            return i
    for i in range(body + 1, len(paragraphs)):
        if paragraphs[i].raw:
            return i
    return len(paragraphs)


def _caption(paragraphs: list[_Paragraph], body: int) -> dict[str, Any]:
    """Title and docket number from the caption between the ``- - - x`` rules, if any."""
    lines = [line for par in paragraphs[:body] if not par.raw for line in par.lines]
    rules = [i for i, line in enumerate(lines) if _CAPTION_RULE.match(line)]
    if len(rules) < 2:
        return {}
    inside = " ".join(lines[rules[0] + 1: rules[1]])
    meta: dict[str, Any] = {}
    docket = _DOCKET.search(inside)
    if docket:
        meta["docket"] = docket.group(1)
        inside = inside[: docket.start()] + inside[docket.end():]
    title = _SPACES.sub(" ", inside.replace(":", " ")).strip(" ,")
    if title:
        meta["title"] = title
    return meta


def _role(label: str, header: str) -> str | None:
    """The turn's role from its label's words, or ``guest`` for a person the header names."""
    key = label_key(label)
    words = key.removeprefix("THE ").split()
    if not words:
        return None
    if words[0] in _CHAIR_WORDS or words[:2] == ["CHIEF", "JUSTICE"] or key == "THE COURT":
        return s.ROLE_CHAIR
    if words[0] in _MEMBER_WORDS:
        return s.ROLE_MEMBER
    if key == "THE WITNESS":
        return s.ROLE_GUEST
    surname = words[-1]
    if len(words) >= 2 and len(surname) > 2 and re.search(
            rf"\b{re.escape(surname)}\b", header, re.IGNORECASE):
        return s.ROLE_GUEST
    return None


def parse_numbered(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a line-numbered transcript (see the module docstring) as one document.

    Parameters
    ----------
    text
        The decoded text of a ``pdftotext -layout`` transcript.
    source
        File name used in error messages.

    Returns
    -------
    list of ParsedDocument
        One document: the normalised text, its turns (labels found by the segmenter, roles
        set where the label or the front matter tells them), section headings as stage
        directions, and ``title``, ``date`` and ``docket`` where the front matter gives them.
    """
    lines = _page_lines(text)
    if not any(line.kind in ("text", "gap") for line in lines):
        raise TranscriptError(
            source, "No numbered lines were found: this is not a line-numbered transcript.",
            "Leave format= out to detect the format, or pass format='text'.", line=1)
    paragraphs = _paragraphs(lines)
    # First pass: every paragraph joined, to find where the proceedings start.
    joined = _render(paragraphs, 0)
    body = _body_start(joined, paragraphs, find_turns(joined.text))
    layout = _render(paragraphs, body)
    end = _trailer_start(layout, paragraphs, body)
    body_start = layout.spans[body][0] if body < len(layout.spans) else len(layout.text)
    body_end = layout.spans[end][0] if end < len(layout.spans) else len(layout.text)
    turns = [t for t in find_turns(layout.text[:body_end]) if t.start >= body_start]
    header = layout.text[:body_start]
    for turn in turns:  # (an examination's witness is a guest already: segment.py)
        turn.role = _role(turn.label, header) or turn.role
    stage = [layout.spans[i] for i in range(body, end) if paragraphs[i].heading]
    meta = _caption(paragraphs, body)
    date = find_date(header)
    if date is not None:
        meta["date"] = date
    return [ParsedDocument(layout.text, "numbered", meta, turns=turns, stage=stage)]
