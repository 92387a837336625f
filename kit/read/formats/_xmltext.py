"""Writing a document's normalised text while an XML reader walks its markup.

One writer, :class:`TextWriter`, collapses the whitespace that only lays the markup out
(indentation, line breaks between elements) to one space as a reader of the text sees it,
and separates blocks (a paragraph, an utterance, a note between utterances) by a space, a
line break or a blank line, never at the start. Ordinary whitespace collapses (``\\f`` and
``\\v`` too: Europarl's plain text goes through it); no-break spaces are kept. Readers learn
where their text landed in two ways:

- spans (:class:`Span`), for the streaming readers (:mod:`~kit.read.formats.parlamint`,
  :mod:`~kit.read.formats.bundestag`): every span in :attr:`TextWriter.spans` grows to
  cover what is written while it is there;
- marks (:class:`Mark`), for the readers of whole trees (the Hansards, ParlParse,
  Europarl) through :class:`TextBuilder`: a reader marks where turns, labels and stage
  directions start and end, and :meth:`TextBuilder.document` applies the contract of
  :mod:`kit.read.formats._base`: turns without speech are dropped, and any text between
  two turns (a heading, a note) becomes a stage direction at the end of the turn before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.formats._xml import local_name

__all__ = ["LABEL_SEPARATOR", "LINE", "PARAGRAPH", "SPACE", "Mark", "Span", "TextBuilder",
           "emit_speech",
           "TextWriter", "emit"]

# Ordinary whitespace collapses; U+00A0 and other spaces are kept as written.
_SPACE_CHARS = " \t\n\r\f\v"
_SPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")

SPACE, LINE, PARAGRAPH = 1, 2, 3
_SEPARATORS = ("", " ", "\n", "\n\n")
_LEVEL_OF = {"": 0, " ": SPACE, "\n": LINE, "\n\n": PARAGRAPH}
#: Separators printed between a label and the speech (``Senator X.—``, ``Mr X: ``).
LABEL_SEPARATOR = re.compile(r"[:\u2014\u2013\-]+")
_CELLS = frozenset({"td", "th", "entry", "cell"})


def _collapse(core: str) -> str:
    """``core`` (stripped) with each run of whitespace made one space."""
    if "\n" in core or "  " in core or "\t" in core or "\r" in core or "\f" in core \
            or "\v" in core:  # (six scans in C cost less than one regex search)
        return _SPACE_RUN.sub(" ", core)
    return core


class Span:
    """The span ``[start, end)`` of the text written while something was open."""

    __slots__ = ("start", "end", "kind", "info")

    def __init__(self, kind: str = "", info: object = None) -> None:
        self.start: int | None = None
        self.end: int | None = None
        self.kind = kind
        self.info = info

    def covered(self) -> tuple[int, int] | None:
        """``(start, end)`` once text was written while the span was open, else None."""
        if self.start is None or self.end is None:
            return None
        return self.start, self.end

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Span({self.kind!r}, {self.start}, {self.end})"


@dataclass(eq=False, slots=True)
class Mark:
    """A position in the text, fixed when the next text is written (after any separator)."""

    pos: int | None = None
    #: Characters at the very start of the coming text that belong before the mark.
    lead: re.Pattern[str] | None = None


class TextWriter:
    """Write normalised text piece by piece, collapsing layout whitespace.

    ``add(text)`` appends character data as a reader sees it: each run of whitespace is
    one space, none at the start of the text or of a block; ``brk(level)`` (or
    ``block(sep)``) asks for a separator before the next text. Every span in
    :attr:`spans` grows to cover what is written, and every waiting :class:`Mark` is fixed
    at the start of the next text, so a reader knows where an element's text begins and
    ends without tracking separators.
    """

    __slots__ = ("length", "spans", "marks", "_chunks", "_pieces", "_pending", "_glue")

    def __init__(self) -> None:
        self.length = 0
        #: Spans to extend with each piece written (an utterance, a note ...).
        self.spans: list[Span] = []
        #: Marks waiting for the next text.
        self.marks: list[Mark] = []
        # Pieces are joined into chunks as they come (a list of many small strings costs
        # more than the text itself), the chunks into the text at the end.
        self._chunks: list[str] = []
        self._pieces: list[str] = []
        self._pending = 0  # the separator level due before the next text
        self._glue = False  # the next piece joins the last without a space

    def brk(self, level: int = PARAGRAPH) -> None:
        """Ask for a separator (``SPACE``, ``LINE`` or ``PARAGRAPH``) before the next text."""
        if level > self._pending:
            self._pending = level

    def block(self, sep: str = "\n\n") -> None:
        """Start a new block: the next text follows ``sep`` (none at the very start)."""
        TextWriter.brk(self, _LEVEL_OF[sep])

    def glue(self) -> None:
        """Write the next piece right after the last one (a token marked to join)."""
        self._glue = True
        if self._pending == SPACE:
            self._pending = 0

    def at_start(self) -> bool:
        """Whether nothing has been written yet."""
        return self.length == 0

    def mark(self, lead: re.Pattern[str] | None = None) -> Mark:
        """A mark at the start of the next text written (after ``lead`` characters)."""
        mark = Mark(lead=lead)
        self.marks.append(mark)
        return mark

    def add(self, text: str | None) -> tuple[int, int] | None:
        """Append character data; return the span of its words, or None if it had none."""
        if not text:
            return None
        core = text.strip(_SPACE_CHARS)
        if not core:
            if not self._glue and not self._pending:
                self._pending = SPACE
            return None
        if not self._glue and not self._pending and text[0] in _SPACE_CHARS:
            self._pending = SPACE
        core = _collapse(core)
        pieces = self._pieces
        if self._pending and self.length:
            sep = _SEPARATORS[self._pending]
            pieces.append(sep)
            self.length += len(sep)
        start = self.length
        if self.marks:
            core = self._place_marks(core)
        pieces.append(core)
        self.length = end = self.length + len(core)
        self._pending = SPACE if text[-1] in _SPACE_CHARS else 0
        self._glue = False
        for span in self.spans:  # (inlined: this runs for every piece)
            if span.start is None:
                span.start = start
            span.end = end
        if len(pieces) > 4096:
            self._chunks.append("".join(pieces))
            pieces.clear()
        return start, end

    def add_blocks(self, texts: Iterable[str | None], level: int = PARAGRAPH) -> None:
        """Write each text as a block of its own, as ``brk(level)``, ``add(text)``,
        ``brk(level)`` would for each (the fast path of paragraphs of plain text)."""
        if self.marks:
            for text in texts:
                self.brk(level)
                self.add(text)
                self.brk(level)
            return
        sep = _SEPARATORS[level]
        cores = [core for text in texts if text and (core := text.strip(_SPACE_CHARS))]
        if not cores:
            self.brk(level)
            return
        joined = sep.join(cores)
        # Layout whitespace inside a text is rare: look for it once in the joined texts (their
        # separators hold no tab, no double space, and only their own line breaks).
        if joined.count("\n") != sep.count("\n") * (len(cores) - 1) or "  " in joined \
                or "\t" in joined or "\r" in joined or "\f" in joined or "\v" in joined:
            joined = sep.join([_collapse(core) for core in cores])
        if self.length:
            self.brk(level)
            first = _SEPARATORS[self._pending]
            self._pieces.append(first)
            self.length += len(first)
        start = self.length
        self._pieces.append(joined)
        self.length = end = start + len(joined)
        self._pending, self._glue = level, False
        for span in self.spans:
            if span.start is None:
                span.start = start
            span.end = end

    def _place_marks(self, core: str) -> str:
        """Fix the waiting marks at the start of ``core``; return what is left to write.

        Marks with a ``lead`` pattern skip the words of ``core`` made of it (``:`` or
        ``—`` after a label): those are written here, and the marks wait for the first
        other word (or the next text, when ``core`` holds no other).
        """
        leading = []
        for mark in self.marks:
            if mark.lead is None:
                mark.pos = self.length
            else:
                leading.append(mark)
        while leading:
            space = core.find(" ")
            word = core if space < 0 else core[:space]
            for mark in leading:
                lead = mark.lead.match(word) if mark.lead is not None else None
                if lead and lead.end():
                    self._pieces.append(word[:lead.end()])
                    self.length += lead.end()
                    core, word = core[lead.end():], word[lead.end():]
                    if not word:
                        break
            if word:
                for mark in leading:
                    mark.pos = self.length
                leading = []
            elif not core:
                break  # the marks wait for the speech in the next text
            else:  # the separator before the next word
                self._pieces.append(" ")
                self.length += 1
                core = core[1:]
        self.marks = leading
        return core

    def text(self) -> str:
        """Everything written so far, as one string."""
        if self._pieces:
            self._chunks.append("".join(self._pieces))
            self._pieces.clear()
        if len(self._chunks) > 1:
            self._chunks[:] = ["".join(self._chunks)]
        return self._chunks[0] if self._chunks else ""


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


class TextBuilder(TextWriter):
    """A :class:`TextWriter` that also notes the spans of turns and stage directions.

    A reader opens a turn with :meth:`open_turn`, writes its label, calls :meth:`speech`
    where the speech starts, writes it, and :meth:`close_turn` ends it;
    :meth:`document` makes the :class:`ParsedDocument`.
    """

    __slots__ = ("turns", "stage", "open", "_stage_open")

    def __init__(self) -> None:
        super().__init__()
        self.turns: list[_Turn] = []
        self.stage: list[tuple[Mark, int]] = []
        self.open: _Turn | None = None
        self._stage_open: list[Mark] = []

    def brk(self, level: int = PARAGRAPH) -> None:
        """Ask for a separator (``SPACE``, ``LINE`` or ``PARAGRAPH``) before the next text.

        Between a label and its speech only a space: the speech's first paragraph goes on
        the label's line (``Senator SANDFORD - I have received ...``).
        """
        turn = self.open
        if turn is not None and turn.label_end is not None and turn.text_start.pos is None:
            level = min(level, SPACE)
        super().brk(level)

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


def emit_speech(b: TextBuilder, el: Any, *, label: str, breaks: frozenset[str],
                block: Callable[[Any, str], None]) -> None:
    """Write a turn element into the open turn: its first ``label`` child (TEI's
    ``<speaker>``, Akoma Ntoso's ``<from>``) is the label as printed; every other child, by
    local name, is written by ``block(child, name)``, the speech starting at the first."""
    labelled = False
    b.add(el.text)
    for child in el:
        name = local_name(child.tag)
        if name == label and not labelled:
            b.label()
            emit(b, child, breaks=breaks)
            b.speech()
            labelled = True
        elif name:
            if not labelled:
                b.speech()
                labelled = True
            block(child, name)
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
