"""Writing a document's normalised text while an XML reader walks its markup.

Both builders collapse the whitespace that only lays the markup out (indentation, line
breaks between elements) to one space as a reader of the text sees it, and separate blocks
(a paragraph, an utterance, a note between utterances) by a line break or a blank line.

- :class:`SpanTextBuilder`, for the streaming readers (:mod:`~kit.read.formats.parlamint`,
  :mod:`~kit.read.formats.bundestag`): says where each piece landed and grows every open
  :class:`Span`, so a reader records the spans of turns and stage directions as it goes;
- :class:`TextBuilder`, for the readers of whole trees (the Hansards, ParlParse, Europarl):
  a reader marks where turns, labels and stage directions start and end, and
  :meth:`TextBuilder.document` applies the contract of :mod:`kit.read.formats._base`: turns
  without speech are dropped, and any text between two turns (a heading, a note) becomes a
  stage direction at the end of the turn before it. Ordinary whitespace collapses here
  (``\f`` and ``\v`` too: Europarl's plain text goes through it); no-break spaces are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.formats._xml import local_name

__all__ = ["LABEL_SEPARATOR", "LINE", "PARAGRAPH", "SPACE", "Span", "SpanTextBuilder",
           "TextBuilder", "emit"]

# XML whitespace (the four characters the XML spec names); a no-break space is text.
_XML_SPACE = " \t\r\n"
_XML_SPACE_RUN = re.compile(r"[ \t\r\n]+")


# --- Spans, for streaming readers ---------------------------------------------------------

class Span:
    """The span ``[start, end)`` of the text written while something was open."""

    __slots__ = ("start", "end", "kind", "info")

    def __init__(self, kind: str = "", info: object = None) -> None:
        self.start: int | None = None
        self.end: int | None = None
        self.kind = kind
        self.info = info

    def cover(self, start: int, end: int) -> None:
        if self.start is None:
            self.start = start
        self.end = end

    def covered(self) -> tuple[int, int] | None:
        """``(start, end)`` once text was written while the span was open, else None."""
        if self.start is None or self.end is None:
            return None
        return self.start, self.end

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Span({self.kind!r}, {self.start}, {self.end})"


class SpanTextBuilder:
    """Write normalised text piece by piece, collapsing layout whitespace.

    ``add(text)`` appends character data as a reader sees it: each run of XML
    whitespace is one space, none at the start of a block; ``block(sep)`` makes the next
    text start a new block after ``sep`` (``"\\n\\n"`` for paragraphs). Every span open in
    :attr:`open` grows to cover what is written, so a reader knows where an element's
    text begins and ends without tracking separators.
    """

    __slots__ = ("pos", "open", "_chunks", "_pieces", "_space", "_brk", "_fresh", "_glue")

    def __init__(self) -> None:
        self.pos = 0
        #: Spans to extend with each piece written (an utterance, a note ...).
        self.open: list[Span] = []
        # Pieces are joined into chunks as they come (a list of many small strings costs
        # more than the text itself), the chunks into the text at the end.
        self._chunks: list[str] = []
        self._pieces: list[str] = []
        self._space = False  # a space is due before the next word
        self._brk = ""  # a block separator is due before the next word
        self._fresh = True  # at the start of the text or of a block
        self._glue = False  # the next piece joins the last without a space

    def block(self, sep: str = "\n\n") -> None:
        """Start a new block: the next text follows ``sep`` (none at the very start)."""
        if self.pos and len(sep) > len(self._brk):
            self._brk = sep
        self._space = False

    def glue(self) -> None:
        """Write the next piece right after the last one (a token marked to join)."""
        self._glue = True
        self._space = False

    def add(self, text: str | None) -> tuple[int, int] | None:
        """Append character data; return the span of its words, or None if it had none."""
        if not text:
            return None
        core = text.strip(_XML_SPACE)
        if not core:
            if not self._fresh and not self._glue:
                self._space = True
            return None
        if "\n" in core or "\t" in core or "\r" in core or "  " in core:
            core = _XML_SPACE_RUN.sub(" ", core)
        if self._brk:
            sep, self._fresh = self._brk, False
        elif self._fresh or self._glue:
            sep = ""
        elif self._space or text[0] in _XML_SPACE:
            sep = " "
        else:
            sep = ""
        if sep:
            self._pieces.append(sep)
        self._pieces.append(core)
        start = self.pos + len(sep)
        self.pos = end = start + len(core)
        self._brk, self._fresh, self._glue = "", False, False
        self._space = text[-1] in _XML_SPACE
        for span in self.open:  # (Span.cover, inlined: this runs for every piece)
            if span.start is None:
                span.start = start
            span.end = end
        if len(self._pieces) > 4096:
            self._chunks.append("".join(self._pieces))
            self._pieces.clear()
        return start, end

    def text(self) -> str:
        """Everything written so far, as one string."""
        if self._pieces:
            self._chunks.append("".join(self._pieces))
            self._pieces.clear()
        if len(self._chunks) > 1:
            self._chunks[:] = ["".join(self._chunks)]
        return self._chunks[0] if self._chunks else ""


# --- Turns and stage directions, for readers of whole trees ------------------------------

SPACE, LINE, PARAGRAPH = 1, 2, 3
_SEPARATORS = {0: "", SPACE: " ", LINE: "\n", PARAGRAPH: "\n\n"}
# Ordinary whitespace collapses; U+00A0 and other spaces are kept as written.
_WORDS_AND_SPACE = re.compile(r"[ \t\n\r\f\v]+|[^ \t\n\r\f\v]+")
_CELLS = frozenset({"td", "th", "entry", "cell"})
#: Separators printed between a label and the speech (``Senator X.—``, ``Mr X: ``).
LABEL_SEPARATOR = re.compile(r"[:\u2014\u2013\-]+")


@dataclass(eq=False, slots=True)
class Mark:
    """A position in the text, fixed when the next text is written (after any separator)."""

    pos: int | None = None
    #: Characters at the very start of the coming text that belong before the mark.
    lead: re.Pattern[str] | None = None


@dataclass(slots=True)
class _Turn:
    start: Mark
    text_start: Mark
    label_start: Mark | None = None
    label_end: int | None = None
    end: int | None = None
    speaker: str | None = None
    role: str | None = None
    attributes: dict[str, Any] | None = None


@dataclass
class TextBuilder:
    """Writes a document's normalised text and the spans of its turns and stage directions.

    Text goes in with :meth:`add` (whitespace collapses as in a browser) and :meth:`brk`
    (a space, line break or paragraph break before the next text, never at the start or
    end). A reader opens a turn with :meth:`open_turn`, writes its label, calls
    :meth:`speech` where the speech starts, writes it, and :meth:`close_turn` ends it.
    """

    parts: list[str] = field(default_factory=list)
    length: int = 0
    pending: int = 0
    marks: list[Mark] = field(default_factory=list)
    turns: list[_Turn] = field(default_factory=list)
    stage: list[tuple[Mark, int]] = field(default_factory=list)
    open: _Turn | None = None
    _stage_open: list[Mark] = field(default_factory=list)

    # -- text ------------------------------------------------------------------------------
    def brk(self, level: int = PARAGRAPH) -> None:
        """Ask for a separator (``SPACE``, ``LINE`` or ``PARAGRAPH``) before the next text.

        Between a label and its speech only a space: the speech's first paragraph goes on
        the label's line (``Senator SANDFORD - I have received ...``).
        """
        turn = self.open
        if turn is not None and turn.label_end is not None and turn.text_start.pos is None:
            level = min(level, SPACE)
        self.pending = max(self.pending, level)

    def add(self, text: str | None) -> None:
        """Write ``text``, collapsing runs of ordinary whitespace to one space."""
        if not text:
            return
        for m in _WORDS_AND_SPACE.finditer(text):
            token = m.group(0)
            if token[0] in " \t\n\r\f\v":
                self.pending = max(self.pending, SPACE)
            else:
                self._write(token)

    def _write(self, token: str) -> None:
        if self.length and self.pending:
            sep = _SEPARATORS[self.pending]
            self.parts.append(sep)
            self.length += len(sep)
        self.pending = 0
        if self.marks:
            # Marks without a lead (a turn's start) come before a separator, the others after.
            leading = []
            for mark in self.marks:
                if mark.lead is None:
                    mark.pos = self.length
                else:
                    leading.append(mark)
            self.marks = leading
            for mark in leading:
                lead = mark.lead.match(token) if mark.lead is not None else None
                if lead and lead.end():
                    self.parts.append(token[:lead.end()])
                    self.length += lead.end()
                    token = token[lead.end():]
                    if not token:
                        return  # the mark waits for the speech after the separator
            for mark in leading:
                mark.pos = self.length
            self.marks = []
        self.parts.append(token)
        self.length += len(token)

    def mark(self, lead: re.Pattern[str] | None = None) -> Mark:
        """A mark at the start of the next text written (after ``lead`` characters)."""
        mark = Mark(lead=lead)
        self.marks.append(mark)
        return mark

    def at_start(self) -> bool:
        """Whether nothing has been written yet."""
        return self.length == 0

    # -- turns -----------------------------------------------------------------------------
    def open_turn(self, *, speaker: str | None = None, role: str | None = None,
                  attributes: dict[str, Any] | None = None) -> None:
        """Close the open turn and start a new one at the next text (its label, if any)."""
        self.close_turn()
        start = self.mark()
        self.open = _Turn(start, start, speaker=speaker, role=role,
                          attributes={k: v for k, v in (attributes or {}).items()
                                      if v not in (None, "")} or None)
        self.turns.append(self.open)

    def label(self) -> None:
        """The open turn's label starts at the next text (by default, where the turn does:
        call this after writing what comes before the label, such as a question number)."""
        if self.open is None:
            raise RuntimeError("label() without an open turn")
        self.open.label_start = self.mark()

    def speech(self, lead: re.Pattern[str] | None = LABEL_SEPARATOR) -> None:
        """The open turn's label ends here; its speech starts at the next text.

        Characters matching ``lead`` at the start of the speech (``:``, ``—``) are left
        with the label.
        """
        if self.open is None:
            raise RuntimeError("speech() without an open turn")
        self.open.label_end = self.length if self.open.start.pos is not None else None
        self.open.text_start = self.mark(lead)

    def close_turn(self) -> None:
        """End the open turn after the last text written (no-op when none is open)."""
        if self.open is not None:
            self.open.end = self.length
            self.open = None

    @property
    def in_turn(self) -> bool:
        """Whether a turn is open."""
        return self.open is not None

    # -- stage directions ------------------------------------------------------------------
    def begin_stage(self) -> None:
        """A stage direction (note, heading, interjection) starts at the next text."""
        self._stage_open.append(self.mark())

    def end_stage(self) -> None:
        """The stage direction begun last ends after the last text written."""
        self.stage.append((self._stage_open.pop(), self.length))

    # -- result ----------------------------------------------------------------------------
    def text(self) -> str:
        """The normalised text written so far."""
        return "".join(self.parts)

    def document(self, fmt: str, *, meta: dict[str, Any] | None = None) -> ParsedDocument:
        """The :class:`ParsedDocument` of the text and spans written.

        Turns whose speech is empty are dropped (their label text, if any, then lies between
        turns); text between two turns becomes a stage direction closing the turn before it.
        """
        self.close_turn()
        text = self.text()
        end_of_text = len(text)
        for mark in self.marks:
            mark.pos = end_of_text
        turns: list[RawTurn] = []
        for t in self.turns:
            start = t.start.pos if t.start.pos is not None else end_of_text
            text_start = t.text_start.pos if t.text_start.pos is not None else end_of_text
            end = t.end if t.end is not None else end_of_text
            if text_start >= end:
                continue  # a label (or tag) without speech
            label_start = start if t.label_start is None else t.label_start.pos or start
            label_end = t.label_end if t.label_end is not None else label_start
            label = text[label_start:max(label_start, label_end)]
            turns.append(RawTurn(start, text_start, end, label, speaker=t.speaker, role=t.role,
                                 attributes=t.attributes))
        stage = [(m.pos, end) for m, end in self.stage
                 if m.pos is not None and m.pos < end]
        for before, after in zip(turns, turns[1:], strict=False):
            if after.start < before.end:  # pragma: no cover - a reader's bug
                raise RuntimeError(f"overlapping turns at {after.start}")
            gap = text[before.end:after.start]
            if gap.strip():
                a = before.end + len(gap) - len(gap.lstrip())
                b = before.end + len(gap.rstrip())
                stage.append((a, b))
                before.end = b
        return ParsedDocument(text, fmt, meta={k: v for k, v in (meta or {}).items()
                                               if v is not None and v != ""},
                              turns=turns, stage=_merge(stage, turns))


def emit(b: TextBuilder, el: Any, *, skip: frozenset[str] = frozenset(),
         blocks: frozenset[str] = frozenset(), breaks: frozenset[str] = frozenset(),
         stage: frozenset[str] = frozenset()) -> None:
    """Write the text inside ``el`` (not its tail) in reading order.

    Parameters
    ----------
    b
        The builder written to.
    el
        An lxml element; comments and processing instructions are left out, their tails kept.
    skip
        Lower-case local names of elements left out with their text (page and column
        numbers), their tails kept.
    blocks
        Names of elements set apart by paragraph breaks.
    breaks
        Names of empty elements that stand for a line break (``lb``, ``br``).
    stage
        Names of elements whose text is a stage direction.
    """
    b.add(el.text)
    for child in el:
        name = local_name(child.tag).lower()
        if not name or name in skip:
            pass
        elif name in breaks:
            b.brk(LINE)
        else:
            is_block, is_stage = name in blocks, name in stage
            if is_block:
                b.brk(PARAGRAPH)
            elif name in _CELLS:
                b.brk(SPACE)  # table cells never run together
            if is_stage:
                b.begin_stage()
            emit(b, child, skip=skip, blocks=blocks, breaks=breaks, stage=stage)
            if is_stage:
                b.end_stage()
            if is_block:
                b.brk(PARAGRAPH)
            elif name in _CELLS:
                b.brk(SPACE)
        b.add(child.tail)


def _merge(spans: Iterable[tuple[int, int]], turns: list[RawTurn]) -> list[tuple[int, int]]:
    """Stage spans inside turns' speech, sorted, without overlaps (nested notes merge)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    # Keep only the parts inside a turn's speech: notes in the header or trailer stay there.
    kept: list[tuple[int, int]] = []
    i = 0
    for a, b in out:
        while i < len(turns) and turns[i].end <= a:
            i += 1
        j = i
        while j < len(turns) and turns[j].text_start < b:
            lo, hi = max(a, turns[j].text_start), min(b, turns[j].end)
            if lo < hi:
                kept.append((lo, hi))
            j += 1
    return kept
