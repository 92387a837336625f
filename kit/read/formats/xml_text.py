"""XML of a schema no reader knows: its text content, then labels found as in plain text.

Input grain: one XML file whose root is none of :data:`~kit.read.formats.XML_ROOTS` (nor
HTML or a feed), such as the Bundestag's protocols before 2017 (``<DOKUMENT>`` with
``<WAHLPERIODE>``, ``<DATUM>``, ``<TITEL>`` and the whole sitting as lines of ``<TEXT>``) or
a parliament's or court's own export. Output grain: one :class:`ParsedDocument` of the
file's text content in reading order, without turns: the segmenter finds the labels in it
(``Präsident Dr. Norbert Lammert:``, ``MR. SMITH:``) as in any text.

The text keeps the lines the file writes inside its text nodes (labels sit at line starts);
an element whose parent holds only elements (no text of its own around them) is a block of
its own lines, an element inside running text (``<i>``, ``<b>``) joins it. Whitespace that
only lays the markup out is dropped; comments and processing instructions are not text.
Metadata: ``title`` and ``date`` from the first element named for them (``title``,
``titel``, ``titre`` ...; ``date``, ``datum``, ``fecha`` ...) that holds only text.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from kit import schema as s
from kit.read.formats._base import ParsedDocument
from kit.read.formats._xml import local_name, parse_xml
from kit.read.formats.hansard import parse_date
from kit.read.header import find_date

__all__ = ["looks_like_xml", "parse_xml_text"]

# Element names (lower case, any language of the parliaments read) that name the metadata.
_TITLE_NAMES = frozenset("title titel titre titolo titulo título headline".split())
_DATE_NAMES = frozenset("date datum fecha data fecha_sesion sittingdate sitting_date "
                        "date_of_sitting dateofsitting".split())
_SPACE_ONLY_LINE = re.compile(r"^[ \t]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")
# Roots that are not XML documents of their own: HTML (a page, or a fragment saved without
# its <html>: the HTML reader's), feeds, drawings.
_NOT_XML_ROOTS = frozenset("""html rss feed rdf svg head body div p span section article main
    header footer nav aside table thead tbody tr td th ul ol li dl dt dd h1 h2 h3 h4 h5 h6
    blockquote pre form font center a b i u em strong small br hr img figure figcaption
    iframe script style meta link title""".split())


def looks_like_xml(text: str, root: str | None) -> bool:
    """Whether ``text`` is an XML document (root ``root``, local name lower-case) that no
    structured reader takes: it declares itself XML, or ends with its root's end tag."""
    if root is None or root in _NOT_XML_ROOTS:
        return False
    head = text[:200].lstrip("\ufeff \t\r\n")
    if head.startswith(("<?xml", "&#xFEFF;<?xml", "&#xfeff;<?xml")):
        return True
    tail = text[-2000:].rstrip()
    return bool(re.search(rf"</(?:[\w.\-]+:)?{re.escape(root)}\s*>\Z", tail, re.IGNORECASE))


def _date(value: str) -> pd.Timestamp | None:
    """A date an element holds: as headers write dates (day-first dotted too), else any form
    pandas reads (``2013-10-22T10:00``)."""
    return find_date(value) or parse_date(value)


def _mixed(el: Any) -> bool:
    """Whether ``el`` holds running text around its children (then they are inline)."""
    if el.text and el.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in el)


def _meta_of(el: Any, meta: dict[str, Any]) -> None:
    """Take the title or date an element holding only text names, if not taken yet."""
    name = local_name(el.tag).lower()
    if s.TITLE not in meta and name in _TITLE_NAMES:
        meta[s.TITLE] = " ".join(el.text.split())
    elif s.DATE not in meta and name in _DATE_NAMES:
        date = _date(el.text)
        if date is not None:
            meta[s.DATE] = date


def _walk(root: Any) -> tuple[str, dict[str, Any]]:
    """The text content of ``root`` in reading order, and the title and date it names.

    A block (an element among elements only) starts and ends a line; text inside running
    text is written as it is. Iterative: XML may nest deeper than Python recurses.
    """
    pieces: list[str] = []
    meta: dict[str, Any] = {}
    # ("open", element, inline) or ("tail", element, inline), last first
    todo: list[tuple[str, Any, bool]] = [("open", root, False)]
    while todo:
        step, el, inline = todo.pop()
        if step == "tail" or not isinstance(el.tag, str):  # (comments, PIs: their tail only)
            if not inline:
                pieces.append("\n")
            if el.tail:
                pieces.append(el.tail)
            continue
        if not inline:
            pieces.append("\n")
        if el.text and len(el) == 0:
            _meta_of(el, meta)
        mixed = _mixed(el)
        if el.text:
            pieces.append(el.text)
        todo.append(("tail", el, inline))
        todo.extend(("open", child, mixed) for child in reversed(el))
    text = "".join(pieces).replace("\r\n", "\n").replace("\r", "\n")
    # Layout: lines of blanks are empty, at most one empty line in a row, none at the ends.
    text = _BLANK_LINES.sub("\n\n", _SPACE_ONLY_LINE.sub("", text)).strip("\n")
    return text, meta


def parse_xml_text(text: str, /, *, source: str) -> list[ParsedDocument]:
    """Read an XML file of a schema no reader knows as its text content.

    Parameters
    ----------
    text
        The decoded file.
    source
        The file's name, for error messages.

    Returns
    -------
    list of ParsedDocument
        One document of the file's text content, ``turns`` left to the segmenter, with the
        ``title`` and ``date`` the markup names.

    Raises
    ------
    TranscriptError
        For malformed XML that cannot be read without dropping text (naming the line).
    """
    root = parse_xml(text, source=source, what="an XML document")
    body, meta = _walk(root)
    return [ParsedDocument(body, "xml", meta=meta)]
