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
``titel``, ``titre``, ``dok_titel`` ...; ``date``, ``datum``, ``fecha``, ``sitting_date`` ...)
that holds only text.

Records of speeches: where elements name their speaker in a child of text only
(``<speaker>``, ``<talare>``, ``<redner>``, ``<orateur>`` ...) or an attribute
(``speaker="…"``), and at least two do, each such element is a turn: the child is its label
(or the attribute its speaker), the child with the most text and any named for speech
(``<text>``, ``<anforandetext>`` ...) its speech, a ``party`` child (``parti``,
``fraktion`` ...) the speaker's party, and its other fields (ids, flags) stage directions of
the turn, or, before the label, between turns. Speech held as HTML (``&lt;p&gt;…``, as the
Riksdag's open data has it) is read as its paragraphs.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from kit import schema as s
from kit.read.formats._base import ParsedDocument
from kit.read.formats._xml import local_name, parse_xml
from kit.read.formats._xmltext import LINE, PARAGRAPH, TextBuilder, emit
from kit.read.formats.hansard import parse_date
from kit.read.formats.html import markup_paragraphs
from kit.read.header import find_date

__all__ = ["looks_like_xml", "parse_xml_text"]

# Element names (lower case, any language of the parliaments read) that name the metadata.
_TITLE_NAMES = frozenset("title titel titre titolo titulo título headline".split())
_DATE_NAMES = frozenset("date datum fecha data fecha_sesion sittingdate sitting_date "
                        "date_of_sitting dateofsitting".split())
# Names (lower case) of a child or attribute naming a record's speaker, of the speech, of
# the speaker's party: English and the languages of the parliaments that publish XML.
_SPEAKER_NAMES = frozenset("""speaker speakername speaker_name speaker_label talare taler
    redner rednerin sprecher orateur oratrice intervenant spreker oratore orador oradora
    puhuja mowca mówca""".split())
_SPEECH_NAMES = frozenset("""text speech speechtext speech_text content body transcript
    utterance rede texte testo texto tekst teksti anforandetext""".split())
_PARTY_NAMES = frozenset("""party parti partei fraktion partido partito puolue partia
    parliamentary_group political_group faction""".split())
_MIN_RECORD_WORDS = 4  # on average, besides the speaker's name
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


def _named(name: str, names: frozenset[str]) -> bool:
    """``name`` is one of ``names``, or ends with one after ``_`` (``dok_titel``)."""
    return name in names or name.rpartition("_")[2] in names


def _meta_of(el: Any, meta: dict[str, Any]) -> None:
    """Take the title or date an element holding only text names, if not taken yet."""
    name = local_name(el.tag).lower()
    if s.TITLE not in meta and _named(name, _TITLE_NAMES):
        meta[s.TITLE] = " ".join(el.text.split())
    elif s.DATE not in meta and _named(name, _DATE_NAMES):
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


def _leaf_text(el: Any) -> str:
    return (el.text or "").strip() if isinstance(el.tag, str) and len(el) == 0 else ""


def _speaker_of(el: Any) -> tuple[Any | None, str | None]:
    """The child of text only that names ``el``'s speaker, or else the attribute that does."""
    for child in el:
        if isinstance(child.tag, str) and local_name(child.tag).lower() in _SPEAKER_NAMES \
                and _leaf_text(child):
            return child, None
    for key, value in el.attrib.items():
        if local_name(key).lower() in _SPEAKER_NAMES and value.strip():
            return None, " ".join(value.split())
    return None, None


def _records(root: Any) -> dict[Any, tuple[Any | None, str | None]]:
    """The elements that are records of a speech (see the module's notes), with their
    speaker child or attribute; empty unless there are two or more. Records in records do
    not count (the outer one is the speech)."""
    found: dict[Any, tuple[Any | None, str | None]] = {}
    words = 0
    for el in root.iter():
        if not isinstance(el.tag, str) or any(a in found for a in el.iterancestors()):
            continue
        child, attr = _speaker_of(el)
        if child is None and attr is None:
            continue
        said = len((el.text or "").split()) + sum(
            len("".join(c.itertext()).split()) for c in el
            if c is not child and isinstance(c.tag, str))
        if said:
            found[el] = (child, attr)
            words += said
    # speeches, not a list of participants (a name and an affiliation each)
    return found if len(found) >= 2 and words >= _MIN_RECORD_WORDS * len(found) else {}


def _write_record(b: TextBuilder, el: Any, child: Any | None, attr: str | None, *,
                  source: str) -> None:
    """One record: fields before the label between turns, then the turn."""
    kids = [c for c in el if isinstance(c.tag, str)]
    sizes = {c: len("".join(c.itertext()).strip()) for c in kids if c is not child}
    longest = max(sizes, key=sizes.__getitem__, default=None)
    names = {c: local_name(c.tag).lower() for c in kids}
    speech = {c for c in kids if c is not child and (
        c is longest or _named(names[c], _SPEECH_NAMES))}
    party = next((_leaf_text(c) for c in kids if _named(names[c], _PARTY_NAMES)
                  and _leaf_text(c)), None)
    before = el.index(child) if child is not None else 0
    b.brk(PARAGRAPH)
    if child is not None:
        b.add(el.text)
    for c in list(el)[:before]:  # (fields before the label: ids, titles, dates)
        b.brk(LINE)
        if isinstance(c.tag, str):
            emit(b, c)
        b.add(c.tail)
    b.brk(PARAGRAPH)
    b.open_turn(speaker=attr, attributes={s.PARTY: party})
    if child is not None:
        b.label()
        emit(b, child)
    b.speech()
    if child is None:
        b.add(el.text)
    for c in list(el)[before + (child is not None):]:
        if c is child or not isinstance(c.tag, str):
            b.add(c.tail)
            continue
        b.brk(PARAGRAPH)
        paragraphs = markup_paragraphs(c.text, source=source) \
            if c in speech and len(c) == 0 and c.text else None
        if c not in speech:
            b.begin_stage()
        if paragraphs is not None:
            b.add_blocks(paragraphs)
        else:
            emit(b, c, blocks=frozenset({"p", "para", "paragraph"}))
        if c not in speech:
            b.end_stage()
        b.brk(PARAGRAPH)
        b.add(c.tail)
    b.close_turn()


def _write_records(root: Any, records: dict[Any, tuple[Any | None, str | None]], *,
                   source: str) -> tuple[TextBuilder, dict[str, Any]]:
    """The text of a file of speech records, its turns, and the title and date it names.

    Outside the records, as :func:`_walk` writes (an element among elements is a line of
    its own). Iterative: XML may nest deeper than Python recurses.
    """
    b = TextBuilder()
    meta: dict[str, Any] = {}
    todo: list[tuple[str, Any, bool]] = [("open", root, False)]
    while todo:
        step, el, inline = todo.pop()
        if step == "tail" or not isinstance(el.tag, str):
            if not inline:
                b.brk(LINE)
            b.add(el.tail)
            continue
        if el in records:
            for leaf in el.iter():
                if leaf is not el and isinstance(leaf.tag, str) and _leaf_text(leaf):
                    _meta_of(leaf, meta)
            _write_record(b, el, *records[el], source=source)
            b.brk(PARAGRAPH)
            b.add(el.tail)
            continue
        if not inline:
            b.brk(LINE)
        if el.text and len(el) == 0:
            _meta_of(el, meta)
        mixed = _mixed(el)
        b.add(el.text)
        todo.append(("tail", el, inline))
        todo.extend(("open", child, mixed) for child in reversed(el))
    return b, meta


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
    records = _records(root)
    if records:
        builder, meta = _write_records(root, records, source=source)
        return [builder.document("xml", meta=meta)]
    body, meta = _walk(root)
    return [ParsedDocument(body, "xml", meta=meta)]
