"""Helpers the structured XML readers share: feeding lxml, errors, and the text builder.

The readers of parliamentary XML (:mod:`~kit.read.formats.parlamint`,
:mod:`~kit.read.formats.bundestag`) rebuild a document's text content in reading order:
the whitespace that only lays the markup out (indentation, line breaks between elements)
collapses to one space as a reader of the text sees it, and block elements (a paragraph,
an utterance, a note between utterances) are separated by a line break. :class:`TextBuilder`
writes that text and says where each piece landed, so a reader can record the spans of
turns and stage directions as it goes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree

from kit.errors import TranscriptError

__all__ = ["Span", "TextBuilder", "feed_events", "local_name", "parse_tree", "release",
           "strip_prologue", "syntax_error"]

# XML whitespace (the four characters the XML spec names); a no-break space is text.
_XML_SPACE = " \t\r\n"
_XML_SPACE_RUN = re.compile(r"[ \t\r\n]+")
# What may come before the XML declaration in files seen in the wild: a byte-order mark
# (decoded or left in as a literal character reference) and stray whitespace.
_PROLOGUE_JUNK = re.compile(r"\A(?:\ufeff|&#x[fF][eE][fF][fF];|&#65279;|[ \t\r\n])+")
_FEED_CHARS = 1 << 20  # characters handed to lxml at a time (the text is never copied whole)


def strip_prologue(text: str) -> tuple[int, int]:
    """Where the XML starts in ``text``, past what may precede its declaration.

    Returns
    -------
    tuple of (int, int)
        The offset to parse from (the text is not copied), and how many line breaks lie
        before it (added back to the line numbers of syntax errors).
    """
    m = _PROLOGUE_JUNK.match(text)
    if not m:
        return 0, 0
    return m.end(), m.group().count("\n")


def _chunks(text: str, start: int) -> Iterator[str]:
    """``text[start:]`` a megabyte at a time (a large text is never copied whole)."""
    for i in range(start, len(text), _FEED_CHARS):
        yield text[i:i + _FEED_CHARS]


def _check_not_empty(text: str, start: int, source: str, what: str) -> None:
    # the prologue pattern takes all leading whitespace: nothing after it, nothing at all
    if start >= len(text):
        raise TranscriptError(source, f"The {what} is empty.",
                              "Check that the export finished, or leave the file out.", line=1)


def local_name(tag: object) -> str:
    """``{namespace}name`` -> ``name`` (comments and other nodes give ``""``)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def syntax_error(source: str, exc: lxml.etree.XMLSyntaxError, line_shift: int,
                 what: str) -> TranscriptError:
    """A TranscriptError naming the line lxml stopped at and what to do about it."""
    message = re.sub(r",? line \d+, column \d+$", "", str(exc.msg or exc)).strip()
    line = (exc.lineno or 1) + line_shift
    return TranscriptError(
        source, f"The {what} is not well-formed XML ({message}).",
        "Repair the markup at that line, or export the file again.", line=line)


def feed_events(text: str, *, source: str, what: str,
                parser: lxml.etree.XMLPullParser | None = None
                ) -> Iterator[tuple[str, lxml.etree._Element]]:
    """Stream ``(event, element)`` pairs (``start``/``end``) of an XML text.

    The decoded text is fed to lxml a megabyte at a time, so no bytes copy of a large
    file is made; the declared encoding is irrelevant (the text is already decoded).
    Comments and processing instructions are dropped by the parser (text around them
    joins up). The caller clears elements it has used (see :func:`release`).

    Raises
    ------
    TranscriptError
        For text that is not well-formed XML, with the line where parsing stopped.
    """
    start, shift = strip_prologue(text)
    _check_not_empty(text, start, source, what)
    if parser is None:
        parser = lxml.etree.XMLPullParser(events=("start", "end"), remove_comments=True,
                                          remove_pis=True, no_network=True)
    try:
        for chunk in _chunks(text, start):
            parser.feed(chunk)
            yield from parser.read_events()
        parser.close()
        yield from parser.read_events()
    except lxml.etree.XMLSyntaxError as exc:
        raise syntax_error(source, exc, shift, what) from None


def parse_tree(text: str, *, source: str, what: str) -> lxml.etree._Element:
    """The root element of a whole XML text (for files small enough to hold as a tree).

    Raises
    ------
    TranscriptError
        For empty or malformed XML, with the line where parsing stopped.
    """
    start, shift = strip_prologue(text)
    _check_not_empty(text, start, source, what)
    parser = lxml.etree.XMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        for chunk in _chunks(text, start):
            parser.feed(chunk)
        return parser.close()
    except lxml.etree.XMLSyntaxError as exc:
        raise syntax_error(source, exc, shift, what) from None


def release(el: lxml.etree._Element) -> None:
    """Free a finished element and its earlier siblings (their text was used already)."""
    el.clear(keep_tail=True)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


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


class TextBuilder:
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
