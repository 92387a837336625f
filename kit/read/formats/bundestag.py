"""German Bundestag plenary protocols (``dbtplenarprotokoll`` XML), one sitting per file.

Input grain: one official protocol (``WWSSS-data.xml``). Output grain: one
:class:`ParsedDocument`, one turn per speaker stretch of ``<sitzungsverlauf>``.

Conventions of the format, as this reader uses them:

- ``<vorspann>`` (title page, table of contents) is the header; ``<sitzungsverlauf>`` the
  transcript; ``<anlagen>`` and ``<rednerliste>`` the trailer. Root attributes give the
  metadata: ``date`` (``sitzung-datum``, ``DD.MM.YYYY``), ``location`` (``sitzung-ort``),
  ``term`` (``wahlperiode``), ``session`` (``sitzung-nr``), ``house`` (``herausgeber``); the
  title is the protocol number and the sitting's title (``Plenarprotokoll 20/4, 4. Sitzung``).
- A speech (``<rede>``) opens with ``<p klasse="redner"><redner id=..><name>`` (``titel``,
  ``vorname``, ``namenszusatz``, ``nachname``, ``fraktion`` or ``rolle``/``rolle_lang``)
  ``</name></redner>Dr. Alice Weidel (AfD):</p>``: a turn of that speaker, labelled with
  the text after ``</redner>`` as printed; ``person_id`` is the ``redner`` id, ``party``
  the ``fraktion``, ``office`` the ``rolle_lang`` (and the turn's role ``official`` then,
  else ``member``). The markup inside ``<redner>`` repeats that label and is not text.
- The presiding officer speaks under ``<name>Präsidentin Bärbel Bas:</name>`` (inside a
  ``<rede>`` or between speeches; at a sitting's start sometimes
  ``<p klasse="N">Präsidentin Bärbel Bas:</p>``): a turn with role ``chair``, until the
  next label. The speaker resuming after the chair has a ``redner`` paragraph again, so a
  speech continues as a new turn of its speaker.
- ``<kommentar>`` (applause, heckles with the heckler's name) and the agenda headings
  (paragraphs of ``klasse="T_…"``: ``T_NaS``, ``T_fett``, ``T_Drs``, ``T_Beratung`` ...)
  are stage directions; other paragraphs (``J_1``, ``J``, ``O``, ``Z`` quotes) are speech.
- Files in the wild may carry a literal ``&#xFEFF;`` before ``<?xml``; it is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.formats._xml import local_name, parse_tree
from kit.read.formats._xmltext import Span, TextWriter

__all__ = ["parse_bundestag"]

_XML_SPACE = " \t\r\n"
# The presiding officer's label: office, then the name (titles such as "Dr." included).
_PRESIDING = re.compile(
    r"^(?P<office>(?:Alters|Vize)?[Pp]räsident(?:in)?)\s+(?P<name>[^:]{2,80}?)\s*:?\s*$")
_LABEL_MAX_CHARS = 120
# Elements of the transcript that are one block each, whatever they hold.
_LEAVES = frozenset({"p", "kommentar", "name"})


@dataclass(slots=True)
class _Block:
    """One paragraph-like element of the transcript, with what it means for the turns."""

    kind: str  # "label", "speech" or "stage"
    start: int
    end: int
    label: str = ""
    speaker: str | None = None
    role: str | None = None
    attributes: dict[str, Any] | None = None


def _blank(text: str | None) -> bool:
    return not text or not text.strip(_XML_SPACE)


def _is_mixed(el: Any) -> bool:
    """Whether ``el`` holds text beside its child elements (its children are inline)."""
    return not _blank(el.text) or any(not _blank(c.tail) for c in el)


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _speaker_of_redner(redner: Any) -> tuple[str | None, str, dict[str, Any]]:
    """Canonical name, role and attributes from a ``<redner>`` element."""
    name = redner.find("name")
    fields: dict[str, str] = {}
    if name is not None:
        for child in name.iter():
            tag = local_name(child.tag)
            text = _norm(child.text)
            if text and tag not in ("name", "rolle"):
                fields.setdefault(tag, text)
    words = [fields.get(k) for k in ("vorname", "namenszusatz", "nachname")]
    speaker = " ".join(w for w in words if w) or None
    attributes: dict[str, Any] = {s.PERSON_ID: redner.get("id") or None,
                                  s.PARTY: fields.get("fraktion")}
    office = fields.get("rolle_lang") or fields.get("rolle_kurz")
    if office:
        attributes["office"] = office
    if fields.get("bdland"):
        attributes["state"] = fields["bdland"]
    role = s.ROLE_OFFICIAL if office else s.ROLE_MEMBER
    return speaker, role, {k: v for k, v in attributes.items() if v}


def _speaker_of_label(label: str) -> tuple[str | None, str | None, dict[str, Any]]:
    """Canonical name, role and attributes from a label such as ``Vizepräsident Dr. X Y``."""
    m = _PRESIDING.match(label)
    if not m:
        return None, None, {}
    words = m.group("name").split()
    while len(words) > 1 and words[0].endswith("."):  # Dr., Prof., h. c.
        words.pop(0)
    return " ".join(words), s.ROLE_CHAIR, {"office": m.group("office")}


class _Walker:
    """Write the protocol's text and note the transcript's blocks as it goes."""

    def __init__(self) -> None:
        self.out = TextWriter()
        self.blocks: list[_Block] = []
        self.inline_stage: list[tuple[int, int]] = []
        self.redner_ids: dict[str, str] = {}

    def walk(self, el: Any, sep: str, body: bool) -> None:
        """Write ``el``'s content; in the body, record each leaf element as a block."""
        out = self.out
        mixed = _is_mixed(el)
        out.add(el.text)
        for child in el:
            if not isinstance(child.tag, str):
                out.add(child.tail)
                continue
            tag = local_name(child.tag)
            if tag == "redner":  # its markup repeats the printed label: not text
                out.add(child.tail)
                continue
            if not mixed:
                out.block(sep)
            if body and not mixed and (tag in _LEAVES or _is_mixed(child) or not len(child)):
                self.leaf(child, tag, sep)
            elif tag == "kommentar":  # a comment inside a paragraph: a stage direction too
                span = Span()
                out.spans.append(span)
                self.walk(child, sep, body)
                out.spans.remove(span)
                if (covered := span.covered()) is not None:
                    self.inline_stage.append(covered)
            else:
                self.walk(child, sep, body)
            if not mixed:
                out.block(sep)
            out.add(child.tail)

    def leaf(self, el: Any, tag: str, sep: str) -> None:
        """One paragraph, comment or name label of the transcript."""
        span = Span()
        self.out.spans.append(span)
        self.walk(el, sep, body=False)
        self.out.spans.remove(span)
        covered = span.covered()
        if covered is None:
            return
        start, end = covered
        klasse = el.get("klasse") or ""
        block = _Block("speech", start, end)
        redner = el.find("redner") if klasse == "redner" else None
        if tag == "kommentar" or klasse.startswith("T_"):
            block.kind = "stage"
        elif redner is not None:
            speaker, role, attributes = _speaker_of_redner(redner)
            block = _Block("label", start, end, "", speaker, role, attributes)
            if speaker and attributes.get(s.PERSON_ID):
                self.redner_ids.setdefault(speaker, attributes[s.PERSON_ID])
        elif tag == "name" or klasse == "N":
            written = _norm("".join(el.itertext()))
            if written.endswith(":") and len(written) <= _LABEL_MAX_CHARS:
                block.kind = "label"
        self.blocks.append(block)

    def finish(self) -> str:
        """The text; labels get their printed text, presiding officers' labels a speaker."""
        text = self.out.text()
        for block in self.blocks:
            if block.kind == "label":
                block.label = text[block.start:block.end].rstrip(": \u00a0")
                if block.speaker is None:
                    block.speaker, block.role, block.attributes = _speaker_of_label(block.label)
        return text


def _turns(blocks: list[_Block], redner_ids: dict[str, str]) -> tuple[list[RawTurn],
                                                                        list[tuple[int, int]]]:
    """Turns from the transcript's blocks: a label opens a turn, the rest follows it.

    Blocks before the first label are header; stage blocks after the last speech are
    trailer; a label followed by no speech is a stage direction of the turn before.
    """
    groups: list[tuple[_Block, list[_Block]]] = []
    for block in blocks:
        if block.kind == "label":
            groups.append((block, []))
        elif groups:
            groups[-1][1].append(block)
    turns: list[RawTurn] = []
    stage: list[tuple[int, int]] = []
    for i, (label, rest) in enumerate(groups):
        last = i == len(groups) - 1
        speech = [b for b in rest if b.kind == "speech"]
        if not speech:
            if turns and not last:  # a label nobody spoke after: the turn before keeps it
                stage.extend((b.start, b.end) for b in (label, *rest))
                turns[-1].end = rest[-1].end if rest else label.end
            continue
        if last:
            rest = [b for b in rest if b.start <= speech[-1].start]
        attributes = dict(label.attributes or {})
        if label.role == s.ROLE_CHAIR and label.speaker in redner_ids:
            attributes.setdefault(s.PERSON_ID, redner_ids[label.speaker])
        turns.append(RawTurn(label.start, rest[0].start, rest[-1].end, label.label,
                             speaker=label.speaker, role=label.role,
                             attributes=attributes or None))
        stage.extend((b.start, b.end) for b in rest if b.kind == "stage")
    return turns, stage


def _date(value: str | None) -> pd.Timestamp | None:
    m = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*", value or "")
    if not m:
        return None
    try:
        return pd.Timestamp(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _meta(root: Any) -> dict[str, Any]:
    kopf = root.find("vorspann/kopfdaten")
    title = None
    if kopf is not None:
        parts = [_norm("".join(kopf.find(t).itertext())) for t in ("plenarprotokoll-nummer",
                                                                   "sitzungstitel")
                 if kopf.find(t) is not None]
        title = ", ".join(p for p in parts if p) or None
    return {
        s.TITLE: title,
        s.DATE: _date(root.get("sitzung-datum")),
        s.LOCATION: root.get("sitzung-ort") or None,
        "house": root.get("herausgeber") or None,
        "term": root.get("wahlperiode") or None,
        "session": root.get("sitzung-nr") or None,
    }


def parse_bundestag(text: str, /, *, source: str) -> list[ParsedDocument]:
    """Read a Bundestag plenary protocol into one document of turns.

    Parameters
    ----------
    text
        The decoded ``dbtplenarprotokoll`` XML.
    source
        Name of the file, used in error messages.

    Returns
    -------
    list of ParsedDocument
        One document: the text (title page and contents as header, annexes as trailer),
        one turn per speaker stretch with speaker, role and ``person_id``/``party``/
        ``office``, the ``<kommentar>`` and agenda headings as stage directions, and the
        sitting's metadata.

    Raises
    ------
    TranscriptError
        For empty or malformed XML (with the line), another root element, or a protocol
        without a ``<sitzungsverlauf>`` holding speeches.
    """
    root = parse_tree(text, source=source, what="Bundestag protocol")
    if local_name(root.tag) != "dbtplenarprotokoll":
        raise TranscriptError(
            source, f"The root element is <{local_name(root.tag)}>, not <dbtplenarprotokoll>.",
            "Pass the file's own format= (or leave format= out to detect it).", line=1)
    if root.find("sitzungsverlauf") is None:
        raise TranscriptError(
            source, "The protocol has no <sitzungsverlauf> (the transcript of the sitting).",
            "Check that the file is a complete plenary protocol.", line=root.sourceline or 1)
    walker = _Walker()
    out = walker.out
    out.add(root.text)
    for child in root:
        tag = local_name(child.tag)
        body = tag == "sitzungsverlauf"
        out.block("\n\n")
        walker.walk(child, "\n\n" if body else "\n", body)
        out.block("\n\n")
        out.add(child.tail)
    text = walker.finish()
    turns, stage = _turns(walker.blocks, walker.redner_ids)
    stage = sorted(stage + walker.inline_stage)
    if not turns:
        raise TranscriptError(
            source, "The <sitzungsverlauf> holds no speaker label (<redner> paragraph or "
            "presiding officer's <name>) followed by speech.",
            "Check that the file is a complete plenary protocol.", line=1)
    return [ParsedDocument(text, "bundestag", meta=_meta(root), turns=turns, stage=stage)]
