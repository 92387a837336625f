"""Reading XML text: where it starts, whole or streamed parses, and what XML cannot hold.

Every XML reader of :mod:`kit.read.formats` parses through here. Texts are decoded already,
so a declared encoding is irrelevant (a file's own UTF-8 bytes are fed in place of its text
only where they are the same document); comments and processing instructions are dropped.

- :func:`parse_tree` and :func:`feed_events` parse strictly (whole, or as a stream of
  ``start``/``end`` events a megabyte at a time, freeing what was read with
  :func:`release`), naming the line where a malformed text stops;
- :func:`parse_xml` parses leniently without losing any text: it drops the XML declaration,
  repairs a ``<!DOCTYPE ... PUBLIC "...">`` without a system literal, writes undeclared HTML
  entities (``&mdash;``) as the characters they stand for, and falls back to libxml2's
  recovering parser only when that provably keeps every character of text;
- :func:`xml_safe` leaves out characters XML 1.0 cannot hold, with a warning;
- :func:`local_name` is a tag without its namespace.
"""

from __future__ import annotations

import html.entities
import re
import warnings
from collections.abc import Iterator
from typing import Any

import lxml.etree

from kit.errors import TranscriptError, TranscriptWarning

__all__ = ["feed_events", "local_name", "parse_tree", "parse_xml", "release", "strip_prologue",
           "syntax_error", "xml_safe"]


def local_name(tag: object) -> str:
    """``{namespace}name`` -> ``name`` (comments and other nodes give ``""``)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


# --- Strict parsing, whole or streamed ------------------------------------------------------

# What may come before the XML declaration in files seen in the wild: a byte-order mark
# (decoded or left in as a literal character reference) and stray whitespace.
_PROLOGUE_JUNK = re.compile(r"\A(?:\ufeff|&#x[fF][eE][fF][fF];|&#65279;|[ \t\r\n])+")
_FEED_CHARS = 1 << 20  # characters handed to lxml at a time (the text is never copied whole)
# An XML declaration that names an encoding: lxml would read a file's bytes in that one.
_DECLARED = re.compile(r"""<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)""")


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


def _chunks(text: str | bytes, start: int) -> Iterator[str | bytes]:
    """``text[start:]`` a megabyte at a time (a large text is never copied whole)."""
    for i in range(start, len(text), _FEED_CHARS):
        yield text[i:i + _FEED_CHARS]


def _same_bytes(text: str, start: int, utf8: bytes | None) -> bool:
    """Whether lxml reads ``utf8[start:]`` as the document ``text[start:]`` is.

    ``utf8`` must be ``text`` as UTF-8 (see :func:`~kit.read.decoding.decode_utf8`); the
    prologue must then be ASCII (so ``start`` is a byte offset too), and a declared
    encoding UTF-8, which lxml would otherwise follow.
    """
    if utf8 is None or not text[:start].isascii():
        return False
    declared = _DECLARED.match(text, start)
    return declared is None or declared.group(1).lower() == "utf-8"


def _check_not_empty(text: str, start: int, source: str, what: str) -> None:
    # the prologue pattern takes all leading whitespace: nothing after it, nothing at all
    if start >= len(text):
        raise TranscriptError(source, f"The {what} is empty.",
                              "Check that the export finished, or leave the file out.", line=1)


def syntax_error(source: str, exc: lxml.etree.XMLSyntaxError, line_shift: int,
                 what: str) -> TranscriptError:
    """A TranscriptError naming the line lxml stopped at and what to do about it."""
    message = re.sub(r",? line \d+, column \d+$", "", str(exc.msg or exc)).strip()
    line = (exc.lineno or 1) + line_shift
    return TranscriptError(
        source, f"The {what} is not well-formed XML ({message}).",
        "Repair the markup at that line, or export the file again.", line=line)


def feed_events(text: str, *, source: str, what: str,
                parser: lxml.etree.XMLPullParser | None = None, utf8: bytes | None = None
                ) -> Iterator[tuple[str, lxml.etree._Element]]:
    """Stream ``(event, element)`` pairs (``start``/``end``) of an XML text.

    The decoded text is fed to lxml a megabyte at a time, so no bytes copy of a large
    file is made; the declared encoding is irrelevant (the text is already decoded).
    Comments and processing instructions are dropped by the parser (text around them
    joins up). The caller clears elements it has used (see :func:`release`).

    ``utf8``, the file's bytes where they are ``text`` as UTF-8 exactly, is fed in its
    place when lxml reads it as the same document (an ASCII prologue, no encoding but
    UTF-8 declared): lxml then need not encode the text (~5% of a ParlaMint parse).
    Errors may then differ in wording and in which comes first (the pieces end at other
    places), so a caller that gives ``utf8`` reads the text again when anything fails.

    Raises
    ------
    TranscriptError
        For text that is not well-formed XML, with the line where parsing stopped.
    """
    start, shift = strip_prologue(text)
    _check_not_empty(text, start, source, what)
    if parser is None:  # (collect_ids: no table of xml:ids, which no reader looks up)
        parser = lxml.etree.XMLPullParser(events=("start", "end"), remove_comments=True,
                                          remove_pis=True, no_network=True, collect_ids=False)
    feed: str | bytes = utf8 if utf8 is not None and _same_bytes(text, start, utf8) else text
    try:
        for chunk in _chunks(feed, start):
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
    parser = lxml.etree.XMLParser(remove_comments=True, remove_pis=True, no_network=True,
                                  collect_ids=False)
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


# --- Lenient parsing that loses no text ---------------------------------------------------

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


# --- Characters XML cannot hold ------------------------------------------------------------

# Characters XML 1.0 does not allow: libxml2 garbles the text around them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHAR_REF = re.compile(r"&#(x[0-9a-fA-F]{1,8}|[0-9]{1,10});")


def xml_safe(text: str, *, source: str, what: str = "feed") -> str:
    """Leave out what XML 1.0 cannot hold and libxml2 garbles, with a warning for each kind:
    control characters (ESC ...) and character references to them or to surrogates
    (``&#xD800;``, which become U+FFFD)."""
    found = _NOT_XML.search(text)
    if found:
        n, line = len(_NOT_XML.findall(text)), text.count("\n", 0, found.start()) + 1
        warnings.warn(f"{source}: the {what} holds {n} control character{'s' if n > 1 else ''} "
                      f"that XML does not allow (such as ESC), first on line {line}; "
                      f"{'they were' if n > 1 else 'it was'} left out.",
                      TranscriptWarning, stacklevel=4)
        text = _NOT_XML.sub("", text)
    bad: list[int] = []

    def replace(m: re.Match[str]) -> str:
        ref = m.group(1)
        code = int(ref[1:], 16) if ref[0] in "xX" else int(ref)
        if code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD \
                or 0x10000 <= code <= 0x10FFFF:
            return m.group()
        bad.append(m.start())
        return "&#xFFFD;"

    text = _CHAR_REF.sub(replace, text)
    if bad:
        n, line = len(bad), text.count("\n", 0, bad[0]) + 1
        warnings.warn(f"{source}: the {what} holds {n} character reference{'s' if n > 1 else ''} "
                      f"to characters XML does not allow (such as &#xD800;), first on line "
                      f"{line}; {'each was' if n > 1 else 'it was'} read as U+FFFD.",
                      TranscriptWarning, stacklevel=4)
    return text
