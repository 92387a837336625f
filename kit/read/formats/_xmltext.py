"""Shared machinery of the parliamentary readers: lenient XML parsing and a text builder.

:func:`parse_xml` parses a decoded XML text without losing any of it: it drops the XML
declaration (the text is decoded already), repairs a ``<!DOCTYPE ... PUBLIC "...">`` without a
system literal, writes undeclared HTML entities (``&mdash;``) as the characters they stand for,
and falls back to libxml2's recovering parser only when that provably keeps every character
of text; otherwise it raises a :class:`~kit.errors.TranscriptError` naming the line.

:class:`TextBuilder` makes a document's normalised text while a reader walks its tree: runs of
ordinary whitespace collapse to one space (no-break spaces are kept), blocks are separated by
a blank line, and a reader marks where turns, labels and stage directions start and end.
:meth:`TextBuilder.document` then applies the contract of :mod:`kit.read.formats._base`: turns
without speech are dropped, and any text between two turns (a heading, a note) becomes a stage
direction at the end of the turn before it.
"""

from __future__ import annotations

import html.entities
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import lxml.etree

from kit.errors import TranscriptError, TranscriptWarning
from kit.read.formats._base import ParsedDocument, RawTurn

__all__ = ["LABEL_SEPARATOR", "TextBuilder", "emit", "local_name", "parse_xml"]

# --- Parsing -----------------------------------------------------------------------------

_DECLARATION = re.compile(r"\A(?:\ufeff|&#x[fF][eE][fF][fF];)*\s*<\?xml[^>]*\?>")
_LEADING_BOM = re.compile(r"\A(?:\ufeff|&#x[fF][eE][fF][fF];)+")
# A doctype with a public id but no system literal is not XML (SGML allows it).
_PUBLIC_ONLY = re.compile(r"(<!DOCTYPE\s+[\w.:\-]+)\s+PUBLIC\s+(?:\"[^\"]*\"|'[^']*')(\s*[\[>])",
                          re.IGNORECASE)
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*(?:\[.*?\]\s*)?>", re.DOTALL | re.IGNORECASE)
_DECLARED_ENTITY = re.compile(r"<!ENTITY\s+([\w.:\-]+)")
_ENTITY = re.compile(r"&([A-Za-z][\w.\-]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
# Markup in a source, to count its text: a '<' not starting a tag is text (and lost if the
# recovering parser drops it).
_MARKUP = re.compile(r"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[|\]\]>|</?[A-Za-z_:][^<>]*>", re.DOTALL)


def local_name(tag: Any) -> str:
    """The local name of an element's tag, without namespace (``""`` for comments, PIs)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _blank(match: re.Match[str]) -> str:
    """The same number of line breaks as the match, so line numbers stay right."""
    return "\n" * match.group(0).count("\n")


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _with_entities_as_characters(text: str, *, source: str) -> str:
    """Undeclared HTML entities (``&mdash;``) as numeric references; XML's own stay."""
    declared = set(_DECLARED_ENTITY.findall(text[:200_000]))

    def replace(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in _XML_ENTITIES or name in declared:
            return m.group(0)
        chars = html.entities.html5.get(name + ";")
        if chars is None:
            raise TranscriptError(
                source, f"The entity &{name}; is neither declared in the file nor an HTML "
                "entity, so its text is unknown.",
                "Replace it with the character it stands for, or declare it in the DOCTYPE.",
                line=_line_of(text, m.start()))
        return "".join(f"&#{ord(c)};" for c in chars)

    return _ENTITY.sub(replace, text)


def _text_chars(text: str) -> int:
    """How many non-space characters of text (not markup) an XML source holds."""
    body = _DOCTYPE.sub("", text, count=1)
    return sum(1 for c in html.unescape(_MARKUP.sub(" ", body)) if not c.isspace())


def _tree_chars(root: Any) -> int:
    text = lxml.etree.tostring(root, method="text", encoding="unicode", with_tail=False)
    return sum(1 for c in text if not c.isspace())


def parse_xml(text: str, *, source: str, what: str) -> Any:
    """Parse a decoded XML text into an lxml element, losing no text.

    Parameters
    ----------
    text
        The decoded file (``\\n`` line endings). An XML declaration, a BOM or a literal
        ``&#xFEFF;`` before it are dropped (the text is decoded already).
    source
        The file's name, for error messages.
    what
        What the file is meant to be (``"ParlParse XML"``), for error messages.

    Returns
    -------
    lxml element
        The root element. Line numbers of its elements (``sourceline``) are lines of the file.

    Raises
    ------
    TranscriptError
        When the text is not XML, names an entity nobody declared, or is malformed in a way
        the recovering parser can only read by dropping text (naming the first bad line).
    """
    prepared = _DECLARATION.sub(_blank, text, count=1)
    prepared = _LEADING_BOM.sub("", prepared)
    prepared = _PUBLIC_ONLY.sub(r"\1\2", prepared, count=1)
    prepared = _with_entities_as_characters(prepared, source=source)
    data = prepared.encode("utf-8")
    strict = lxml.etree.XMLParser(resolve_entities="internal", huge_tree=True, no_network=True,
                                  load_dtd=False)
    try:
        root = lxml.etree.fromstring(data, strict)
    except lxml.etree.XMLSyntaxError as exc:
        first = exc
    else:
        if root is None:  # pragma: no cover - libxml2 raises for an empty document
            raise TranscriptError(source, f"The file holds no XML element (it should be "
                                  f"{what}).", "Check that the export finished.", line=1)
        return root
    line = first.lineno or 1
    if not prepared.lstrip().startswith("<"):
        raise TranscriptError(
            source, f"This is not XML: it should be {what}, but the text does not start with "
            "an element.", "Pass the right format=, or leave format= out to detect it.", line=1)
    recovering = lxml.etree.XMLParser(recover=True, resolve_entities="internal", huge_tree=True,
                                      no_network=True, load_dtd=False)
    try:
        root = lxml.etree.fromstring(data, recovering)
    except lxml.etree.XMLSyntaxError:  # pragma: no cover - recover=True rarely raises
        root = None
    message = (first.msg or "malformed XML").rstrip(".")
    if root is None or _tree_chars(root) < _text_chars(prepared):
        raise TranscriptError(
            source, f"The file is not well-formed XML ({message}), and reading it leniently "
                    "would drop text.",
            f"Repair the XML at line {line} (an unclosed or misspelt tag, a stray '<' or "
            "'&'), or export the file again.", line=line)
    warnings.warn(f"{source}, line {line}: not well-formed XML ({message}); read leniently, "
                  "no text was lost.", TranscriptWarning, stacklevel=3)
    return root


# --- Building the normalised text --------------------------------------------------------

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
                lead = mark.lead.match(token)  # type: ignore[union-attr]
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
