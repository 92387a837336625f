"""TEI speeches: ``<sp>`` turns with a ``<speaker>`` label, as GermaParl and DraCor write them.

Input grain: one TEI file (``<TEI>``, in the TEI namespace or none, or a ``<teiCorpus>`` of
them) whose turns are TEI's performance-text ``<sp>`` elements rather than ParlaMint's
``<u>``. Output grain: one :class:`ParsedDocument` per ``<TEI>``, one turn per ``<sp>``.

Conventions, as this reader uses them:

- ``<sp>`` is a turn; its ``<speaker>`` (``Dr. Adenauer (CDU):``) is the label as printed,
  ``<p>`` and ``<l>`` its paragraphs and lines, ``<stage>`` (and ``<note>``) inside it stage
  directions (interjections, applause). ``<stage>`` and headings between turns belong to the
  turn before, as in every reader.
- The speaker: the ``name`` attribute when the file gives it (GermaParl's ``Konrad
  Adenauer``), else found from the label as in plain text. ``party`` (or
  ``parliamentary_group``), ``who`` (the ``person_id``, without ``#``) and ``position``
  (the ``office``) are the speaker's attributes; ``NA`` means not given. ``role``:
  ``presidency``/``chair`` is the chair, ``mp``/``member`` a member, ``government`` an
  official; else the label decides.
- The ``<teiHeader>`` is the header, one line per element; ``title`` is the first title
  (with the legislative period and sitting number when the title statement gives them:
  ``Plenarprotokoll 1/1``), ``date`` the first date in it (``when``, else its text).
"""

from __future__ import annotations

from typing import Any

from kit import schema as s
from kit.read.formats._base import ParsedDocument
from kit.read.formats._xml import local_name, parse_xml
from kit.read.formats._xmltext import LINE, PARAGRAPH, TextBuilder, emit, emit_speech
from kit.read.formats.hansard import parse_date

__all__ = ["looks_like_tei_speech", "parse_tei_speech"]

_BLOCKS = frozenset({"p", "l", "lg", "ab", "head", "div", "speaker", "stage", "note", "sp"})
_BREAKS = frozenset({"lb"})
_STAGE = frozenset({"stage", "note", "kinesic", "incident", "vocal"})
_CONTAINERS = frozenset({"text", "front", "body", "back", "group", "div", "div1", "div2",
                         "div3", "div4"})
_ROLES = {"presidency": s.ROLE_CHAIR, "chair": s.ROLE_CHAIR, "president": s.ROLE_CHAIR,
          "mp": s.ROLE_MEMBER, "member": s.ROLE_MEMBER, "government": s.ROLE_OFFICIAL,
          "minister": s.ROLE_OFFICIAL, "guest": s.ROLE_GUEST}
_NOT_GIVEN = frozenset({"", "na", "n/a", "none", "null"})
# An <sp> or <u> start tag (any namespace prefix): which TEI convention a file follows.
_SP = ("<sp ", "<sp>")
_U = ("<u ", "<u>")


def looks_like_tei_speech(text: str) -> bool:
    """Whether a TEI text marks its turns with ``<sp>`` (and not ParlaMint's ``<u>``).

    Plain string searches over the first 2 MB: the first ``<u>`` (early in a ParlaMint
    sitting) bounds the search for an ``<sp>`` before it, so a big sitting costs little.
    """
    first_u = min(len(text), 2_000_000)
    for tag in _U:  # each search stops where an earlier one found a <u>
        found = text.find(tag, 0, first_u)
        first_u = found if found >= 0 else first_u
    return any(text.find(t, 0, first_u) >= 0 for t in _SP)


def _given(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return None if value.lower() in _NOT_GIVEN else value


def _header(b: TextBuilder, header: Any) -> dict[str, Any]:
    """Write the header one line per element; return its title and date."""
    meta: dict[str, Any] = {}
    for item in header.iter():
        name = local_name(item.tag)
        if not name or len(item):
            continue
        b.brk(LINE)
        emit(b, item, breaks=_BREAKS)
        b.brk(LINE)
        if name == "date" and s.DATE not in meta:
            date = parse_date(item.get("when") or "") or parse_date(item.text)
            if date is not None:
                meta[s.DATE] = date
    b.brk()
    statement = next((e for e in header.iter() if local_name(e.tag) == "titleStmt"), None)
    if statement is not None:
        title = next((e for e in statement if local_name(e.tag) == "title"), None)
        parts = {local_name(e.tag): _given(e.text) for e in statement}
        if title is not None and _given(title.text):
            meta[s.TITLE] = _given(title.text)
            period, number = parts.get("legislativePeriod"), parts.get("sessionNo")
            if period and number:
                meta[s.TITLE] += f" {period}/{number}"
    return meta


def _block(b: TextBuilder, el: Any, *, stage: bool) -> None:
    b.brk(PARAGRAPH)
    if stage:
        b.begin_stage()
    emit(b, el, blocks=_BLOCKS, breaks=_BREAKS, stage=frozenset() if stage else _STAGE)
    if stage:
        b.end_stage()
    b.brk(PARAGRAPH)


def _speech(b: TextBuilder, sp: Any) -> None:
    """One ``<sp>``: a turn, its ``<speaker>`` the label."""
    party = _given(sp.get("party")) or _given(sp.get("parliamentary_group"))
    # "#id" points into the file's list of persons: an id. A bare word (GermaParl's "Labe",
    # "Löbe": the surname as printed, misspelt where the print was) is not one.
    who = (_given(sp.get("who")) or "").split()
    attributes = {s.PARTY: party, s.PERSON_ID: who[0][1:] if who and who[0][:1] == "#" else None,
                  "office": _given(sp.get("position"))}
    b.brk(PARAGRAPH)
    b.open_turn(speaker=_given(sp.get("name")),
                role=_ROLES.get((sp.get("role") or "").strip().lower()),
                attributes=attributes)
    emit_speech(b, sp, label="speaker", breaks=_BREAKS,
                block=lambda child, name: _block(b, child, stage=name in _STAGE))
    b.close_turn()


def _body(b: TextBuilder, el: Any, meta: dict[str, Any]) -> None:
    """Containers in reading order: the ``<teiHeader>`` (its title and date into ``meta``),
    ``<sp>`` turns, anything else between them."""
    for child in el:
        name = local_name(child.tag)
        if name == "teiHeader":
            meta.update(_header(b, child))
        elif name == "sp":
            _speech(b, child)
        elif name in _CONTAINERS:
            b.brk(PARAGRAPH)
            b.add(child.text)
            _body(b, child, meta)
            b.brk(PARAGRAPH)
        elif name:
            _block(b, child, stage=name in _STAGE)
        b.add(child.tail)


def _document(tei: Any) -> ParsedDocument:
    b = TextBuilder()
    meta: dict[str, Any] = {}
    b.add(tei.text)
    _body(b, tei, meta)
    return b.document("tei", meta=meta)


def parse_tei_speech(text: str, /, *, source: str) -> list[ParsedDocument]:
    """Read a TEI file of ``<sp>`` speeches into documents of turns.

    Parameters
    ----------
    text
        The decoded file: a ``<TEI>`` (any namespace or none) or a ``<teiCorpus>`` of them.
    source
        The file's name, for error messages.

    Returns
    -------
    list of ParsedDocument
        One per ``<TEI>``, keyed by its ``xml:id`` (or its position) when the file holds
        several; turns with the speakers, roles and parties the ``<sp>`` attributes give.

    Raises
    ------
    TranscriptError
        For malformed XML that cannot be read without dropping text (naming the line).
    """
    root = parse_xml(text, source=source, what="a TEI file")
    if local_name(root.tag) == "TEI":
        return [_document(root)]
    docs = []
    teis = [el for el in root.iter() if local_name(el.tag) == "TEI"]
    for i, tei in enumerate(teis):
        doc = _document(tei)
        doc.key = tei.get("{http://www.w3.org/XML/1998/namespace}id") or str(i + 1)
        docs.append(doc)
    return docs or [_document(root)]

