"""ParlaMint TEI: sittings of 29 parliaments in one schema, read as a stream.

Input grain: one sitting ("component") file, root ``<TEI>`` in the TEI namespace (or a
``<teiCorpus>`` holding ``<TEI>`` documents inline). Output grain: one
:class:`ParsedDocument` per ``<TEI>``, one turn per ``<u>`` that holds text.

Conventions of the schema, as this reader uses them:

- ``<u who="#PersonId" ana="#chair|#regular|#guest">`` holding ``<seg>`` paragraphs is one
  turn: role ``chair``, ``member`` or ``guest`` from ``ana``; ``person_id`` is ``who``
  without ``#``. Consecutive ``<u>`` of one speaker stay separate turns (the file's unit).
  A ``<u>`` without ``who`` (a roll call read out) is a turn of the ``Unknown`` speaker.
- ``<note>``, ``<incident>``, ``<kinesic>``, ``<vocal>`` and ``<gap>`` (with the ``<desc>``,
  ``<time>`` inside them) are stage directions, inline inside a ``<seg>`` or as blocks
  between utterances. Text between two utterances belongs to the turn before it; before
  the first ``<u>`` it is header, after the last one trailer. A ``<note type="speaker">``
  right before a ``<u>`` is that turn's label as printed (``Abgeordneter Herbert Kickl
  (FPÖ)``).
- The ``<teiHeader>`` is the header text and gives the metadata: ``title`` (the sitting's
  ``sub`` title, else the ``main`` one, in the text's language), ``date`` (the sitting's
  ``<setting><date when>``, else the source's), ``location`` (city, country), ``url`` (the
  source ``idno``), ``house`` (the ``meeting``'s ``corresp`` body), ``term``, ``session``
  (``meeting/@n`` of ``#parla.term`` and of ``#parla.session``/``meeting``/``sitting``) and
  ``language`` (``xml:lang``); read by :mod:`~kit.read.formats.parlamint_header`.
- People: ``who`` is named from the corpus root and list files, else from the id itself
  (:mod:`~kit.read.formats.parlamint_people`).
- Linguistically annotated files (``.ana.xml``: ``<s>``, ``<w>``, ``<pc>``) read as the
  plain text, tokens joined where ``join="right"`` says so.

The text is rebuilt from the markup (whitespace that only lays out the XML collapses);
metadata files (``teiCorpus`` without documents, ``listPerson``, ``listOrg``, taxonomies)
raise :class:`~kit.errors.NotATranscript`, which folder reads pass over quietly.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from typing import Any

import lxml.etree

from kit import schema as s
from kit.errors import NotATranscript, TranscriptError
from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.formats._xml import feed_events, local_name, release, strip_prologue
from kit.read.formats._xmltext import Span, TextWriter
from kit.read.formats.parlamint_header import header_meta
from kit.read.formats.parlamint_people import (
    TEI_NS,
    TEI_PREFIX,
    XML_ID,
    XML_LANG,
    CorpusMeta,
    corpus_meta_for,
    label_name,
    readable_name,
    surname_first,
)

__all__ = ["CorpusMeta", "corpus_meta_for", "parse_parlamint", "readable_name"]

_T = TEI_PREFIX

_TEI, _CORPUS, _HEADER, _TEXT, _U = (f"{_T}{n}" for n in ("TEI", "teiCorpus", "teiHeader",
                                                           "text", "u"))
_W, _PC, _SEG = f"{_T}w", f"{_T}pc", f"{_T}seg"
# Editorial material, never speech: stage directions wherever they stand.
_STAGE = frozenset(f"{_T}{n}" for n in ("note", "incident", "kinesic", "vocal", "gap"))
# The elements the parser reports (filtered in C): the document's structure. Everything
# else is read from the tree at these events: an utterance whole, the notes between them.
_EVENT_TAGS = [f"{_T}{n}" for n in ("TEI", "teiCorpus", "teiHeader", "text", "front", "body",
                                    "back", "div", "u")]
_EVENT_TAG_SET = frozenset(_EVENT_TAGS)
_ROLE_OF_ANA = {"#chair": s.ROLE_CHAIR, "#guest": s.ROLE_GUEST, "#regular": s.ROLE_MEMBER}
_SEP = "\n\n"  # between blocks of the body: utterances, paragraphs, notes


def _blank(text: str | None) -> bool:
    return not text or not text.strip(" \t\r\n")


@dataclass
class _Doc:
    """What one ``<TEI>`` document collects while it streams past."""

    key: str | None
    lang: str | None
    out: TextWriter = field(default_factory=TextWriter)
    meta: dict[str, Any] = field(default_factory=dict)
    turns: list[RawTurn] = field(default_factory=list)
    #: Per turn: ``who``, ``ana`` and the span of its printed label, if any.
    whos: list[tuple[str | None, str | None, Span | None]] = field(default_factory=list)
    stage: list[tuple[int, int]] = field(default_factory=list)
    pending: list[Span] = field(default_factory=list)


class _Reader:
    """The streaming state machine: one pass over the events of a ParlaMint file."""

    def __init__(self, source: str, corpus_root: Any) -> None:
        self.source = source
        self.corpus_root = corpus_root
        self.corpus: CorpusMeta | None = None
        self.docs: list[ParsedDocument] = []
        self.many = False  # a <teiCorpus> of sittings: each document is keyed by its id
        self.doc: _Doc | None = None  # the document being read
        self.body = False  # inside its <text>: text between utterances goes to a turn
        self.label: Span | None = None  # the printed label of the utterance being read

    @property
    def current(self) -> _Doc:
        """The document being read: the methods that write text run only inside one."""
        if self.doc is None:  # pragma: no cover - a bug of this reader
            raise RuntimeError("text outside a <TEI> document")
        return self.doc

    def corpus_meta(self) -> CorpusMeta:
        if self.corpus is None:
            self.corpus = corpus_meta_for(self.source, corpus_root=self.corpus_root)
        return self.corpus

    def run(self, text: str, utf8: bytes | None = None) -> list[ParsedDocument]:
        """Stream the file: events for the structure only, each ``<u>`` read whole.

        The parser keeps no table of ``xml:id``s (every ``<u>`` and ``<seg>`` has one, and
        nothing here looks them up): ~20% of lxml's parse.
        """
        parser = lxml.etree.XMLPullParser(events=("start", "end"), tag=_EVENT_TAGS,
                                          remove_comments=True, remove_pis=True,
                                          no_network=True, collect_ids=False)
        doc: _Doc | None = None
        self._check_root(text)
        for event, el in feed_events(text, source=self.source, what="ParlaMint TEI file",
                                     parser=parser, utf8=utf8):
            tag = el.tag
            if event == "start":
                if tag == _TEI:
                    doc = self.doc = _Doc(el.get(XML_ID), el.get(XML_LANG))
                elif doc is None or tag == _U:
                    continue  # a corpus header or an utterance: read whole at its end
                elif tag != _HEADER:
                    self._siblings_before(el)
                    if tag == _TEXT:
                        self.body = True
                    doc.out.block(_SEP)
            else:
                if doc is None:
                    if tag == _HEADER:  # a corpus header: its lists name the speakers
                        if el.find(f".//{_T}listPerson") is not None or \
                                el.find(f".//{_T}listOrg") is not None:
                            shared = self.corpus_meta()
                            self.corpus = CorpusMeta(dict(shared.persons), dict(shared.orgs))
                            self.corpus.add_lists(el)
                        release(el)
                    elif tag == _CORPUS and not self.docs:
                        raise self._metadata_error("teiCorpus")
                    continue
                if tag == _U:
                    self._siblings_before(el)
                    self.label = self._commit_pending(doc)
                    self._utterance(el)
                elif tag == _HEADER:
                    self._header(el)
                else:
                    self._siblings_before(None, parent=el)
                    doc.out.block(_SEP)
                    if tag == _TEXT:
                        self.body = False
                    elif tag == _TEI:
                        self._finish(doc)
                        doc = self.doc = None
                        self.body = False
                release(el)
        return self.docs

    # -- the pieces of a document -------------------------------------------------------

    def _emit(self, text: str | None) -> None:
        """Character data outside any utterance: in the body, a span of its own."""
        if not text:
            return
        doc = self.current
        if self.body and text.strip(" \t\r\n"):
            loose = Span("loose")
            doc.out.spans.append(loose)
            doc.out.add(text)
            doc.out.spans.pop()
            doc.pending.append(loose)
        else:
            doc.out.add(text)

    def _siblings_before(self, el: Any, parent: Any = None) -> None:
        """Write what came since the last structural element: before ``el`` (or at the end
        of ``parent``), the notes, headings and text between utterances.

        Structural elements (those with events) are written when their events come; the
        siblings between them are read here, once each, before they are released.
        """
        if el is not None:
            parent = el.getparent()
            node = el.getprevious()
        else:
            node = parent[-1] if len(parent) else None
        if parent is None:
            return
        todo = []
        while node is not None and node.tag not in _EVENT_TAG_SET:
            todo.append(node)
            node = node.getprevious()
        self._emit(node.tail if node is not None else parent.text)
        for child in reversed(todo):
            if isinstance(child.tag, str):
                self._block(child)
            elif child.tag is lxml.etree.Entity:
                self._emit(html.unescape(child.text or ""))
            self._emit(child.tail)

    def _block(self, el: Any) -> None:
        """A note, heading or other element between utterances (or before the body)."""
        out = self.current.out
        out.block(_SEP)
        if not self.body:
            self._inline(el, stage=True)
        else:
            span = Span(local_name(el.tag), el.get("type"))
            out.spans.append(span)
            self._inline(el, stage=True)
            out.spans.remove(span)
            if span.start is not None:
                self.current.pending.append(span)
        out.block(_SEP)

    def _inline(self, el: Any, stage: bool) -> None:
        """Write ``el``'s content in reading order; outermost stage elements become spans."""
        out = self.current.out
        out.add(el.text)
        for child in el:
            tag = child.tag
            if tag in _STAGE and not stage:
                self._stage(child)
            elif isinstance(tag, str):
                if len(child):
                    self._inline(child, stage)
                else:
                    out.add(child.text)  # (a leaf: <desc>, <w>)
                if (tag == _W or tag == _PC) and child.get("join") == "right":
                    out.glue()
            elif tag is lxml.etree.Entity:
                out.add(html.unescape(child.text or ""))
            out.add(child.tail)

    def _stage(self, el: Any) -> None:
        """A stage direction inside an utterance: its text, as a span of its own."""
        out = self.current.out
        span = Span()
        out.spans.append(span)
        self._inline(el, True)
        out.spans.pop()
        if (covered := span.covered()) is not None:
            self.current.stage.append(covered)

    def _utterance(self, u: Any) -> None:
        """One ``<u>``, whole: its paragraphs, inline and block stage directions.

        Runs of plain paragraphs (a ``<seg>`` of text only, the common case) are written
        in one go; anything else piece by piece.
        """
        doc = self.current
        out = doc.out
        span = Span("u")
        out.spans.append(span)
        out.add(u.text)
        plain: list[str | None] = []
        for child in u:
            tag = child.tag
            if tag == _SEG and not len(child):
                tail = child.tail  # (inlined _blank: this runs for every paragraph)
                if not tail or not tail.strip(" \t\r\n"):
                    plain.append(child.text)
                    continue
            if plain:
                out.add_blocks(plain)
                plain = []
            if isinstance(tag, str):
                out.block(_SEP)
                if tag in _STAGE:
                    self._stage(child)
                else:
                    self._inline(child, False)
                out.block(_SEP)
            elif tag is lxml.etree.Entity:
                out.add(html.unescape(child.text or ""))
            out.add(child.tail)
        if plain:
            out.add_blocks(plain)
        out.spans.pop()
        self._add_turn(doc, span, self.label, (u.get("who"), u.get("ana")))
        self.label = None
        out.block(_SEP)

    def _header(self, header: Any) -> None:
        """The ``<teiHeader>``: its text one line per element, and the metadata."""
        doc = self.current
        self._siblings_before(header)
        self._header_lines(header)
        doc.meta = header_meta(header, doc.lang, self.corpus_meta(), doc.key)
        doc.out.block(_SEP)

    def _header_lines(self, el: Any) -> None:
        out = self.current.out
        mixed = not _blank(el.text) or any(not _blank(c.tail) for c in el)
        out.add(el.text)
        for child in el:
            if isinstance(child.tag, str):
                if not mixed:
                    out.block("\n")
                self._header_lines(child)
                if not mixed:
                    out.block("\n")
            out.add(child.tail)

    def _check_root(self, text: str) -> None:
        """Raise unless the root is ``<TEI>`` or ``<teiCorpus>`` (metadata roots: NotATranscript).

        The root is read from the start of the file by a parser of its own, since the main
        parser reports the structural elements only.
        """
        peek = lxml.etree.XMLPullParser(events=("start",), no_network=True)
        tag = None
        start = strip_prologue(text)[0]
        try:
            for at in range(start, min(len(text), start + 65536), 2048):
                peek.feed(text[at:at + 2048])  # a piece at a time: the root comes first
                tag = next((el.tag for _, el in peek.read_events()), None)
                if tag is not None:
                    break
        except lxml.etree.XMLSyntaxError:
            pass
        if tag is None:
            return  # the main parse names what is wrong with the file
        name = local_name(tag)
        if not isinstance(tag, str) or not tag.startswith(_T):
            raise TranscriptError(
                self.source, f"The root element is <{name}>, not ParlaMint's <TEI> (in the "
                f"TEI namespace {TEI_NS}).",
                "Pass the file's own format= (or leave format= out to detect it).", line=1)
        if tag not in (_TEI, _CORPUS):
            raise self._metadata_error(name)
        self.many = tag == _CORPUS

    def _metadata_error(self, name: str) -> NotATranscript:
        return NotATranscript(
            self.source, f"This is ParlaMint corpus metadata (<{name}> without sittings), "
            "not a transcript.",
            "Read the sitting files, or their folder: folder reads use the corpus root and "
            "list files for speakers' names and parties.", line=1)

    @staticmethod
    def _commit_pending(doc: _Doc) -> Span | None:
        """Give what stood between two utterances to the turn before; take the label."""
        label = None
        pending = doc.pending
        if pending and pending[-1].kind == "note" and pending[-1].info == "speaker":
            label = pending.pop()
        if pending and doc.turns:
            last = doc.turns[-1]
            for span in pending:  # (all covered: only spans holding text are pending)
                if (covered := span.covered()) is not None:
                    doc.stage.append(covered)
                    last.end = max(last.end, covered[1])
        pending.clear()
        return label

    @staticmethod
    def _add_turn(doc: _Doc, span: Span, label: Span | None,
                  attrs: tuple[str | None, str | None]) -> None:
        covered = span.covered()
        if covered is None:  # an utterance without text: its label is a note again
            if label is not None:
                label.kind = "label-without-speech"
                doc.pending.append(label)
            return
        text_start, end = covered
        label_at = label.covered() if label is not None else None
        start = text_start if label_at is None else label_at[0]
        doc.turns.append(RawTurn(start, text_start, end, ""))
        doc.whos.append((*attrs, label))

    def _finish(self, doc: _Doc) -> None:
        """Name the speakers of a finished document and keep it."""
        if not doc.turns:
            raise TranscriptError(
                self.source, "The TEI document holds no <u> utterance with text.",
                "Check that this is a ParlaMint sitting file (transcripts are <u> elements "
                "in <text><body>).", line=1)
        text = doc.out.text()
        meta = doc.meta
        day = meta.get(s.DATE)
        day_iso = day.strftime("%Y-%m-%d") if day is not None else None
        lang = doc.lang
        corpus = self.corpus_meta()
        # An id is "#Id" (of several speaking together, the first); anything else is a label.
        whos = [(w or "").strip() for w, _, _ in doc.whos]
        whos = [w.split()[0] if w.startswith("#") else w for w in whos]
        for turn, (_, _, label) in zip(doc.turns, doc.whos, strict=True):
            if label is not None:
                turn.label = text[label.start:label.end]
        ids = list(dict.fromkeys(w for w in whos if w.startswith("#")))
        written = frozenset((parts[0], parts[1]) for w in whos if "," in w
                            for parts in [[p.strip() for p in w.split(",")]])
        first = surname_first([i[1:] for i in ids if i[1:] not in corpus.persons],
                                       text, written)
        people: dict[str, tuple[str, dict[str, Any]]] = {}
        by_words: dict[frozenset[str], str] = {}
        for who in ids:
            pid = who[1:]
            name, attrs = corpus.person(pid, day_iso, lang)
            name = name or readable_name(pid, surname_first=first)
            people[who] = (name, attrs)
            by_words.setdefault(frozenset(name.casefold().split()), who)
        roles: dict[str | None, str | None] = {}  # per distinct ana (a handful a sitting)
        for turn, who, (_, ana, _) in zip(doc.turns, whos, doc.whos, strict=True):
            if ana not in roles:
                roles[ana] = next((_ROLE_OF_ANA[t] for t in (ana or "").split()
                                   if t in _ROLE_OF_ANA), None)
            turn.role = roles[ana]
            if not who:
                turn.speaker = None if turn.label else s.UNKNOWN_SPEAKER
                continue
            if who in people:
                turn.speaker, attrs = people[who]
                turn.attributes = attrs  # (shared by the speaker's turns: never changed)
                continue
            # A label in place of an id: the id of the same name in this document, if any.
            name, office = label_name(who)
            match = by_words.get(frozenset(name.casefold().split()))
            attrs = {}
            if match is not None:
                name, attrs = people[match][0], dict(people[match][1])
            if office:
                attrs["office"] = office
            turn.speaker = name
            turn.attributes = attrs or None
        self.docs.append(ParsedDocument(text, "parlamint", meta=meta, turns=doc.turns,
                                        key=doc.key if self.many else None,
                                        stage=doc.stage, surrogate_free=True))


def parse_parlamint(text: str, /, *, source: str,
                    corpus_root: str | os.PathLike[str] | None = None,
                    utf8: bytes | None = None, **other_options: Any) -> list[ParsedDocument]:
    """Read a ParlaMint TEI sitting into one document of turns.

    Parameters
    ----------
    text
        The decoded file (a ``<TEI>`` sitting, or a ``<teiCorpus>`` holding sittings).
    source
        The file's path: names it in errors, and its folder (up to two folders up) is
        searched for the corpus root and list files.
    corpus_root
        The corpus root file (or a list file, or a folder of them) to take persons and
        parties from, instead of searching beside ``source``.
    utf8
        The file's bytes, where they are ``text`` as UTF-8 exactly
        (:func:`~kit.read.decoding.decode_utf8`): lxml parses them faster than the text.
    **other_options
        Options meant for other formats (``speaker=``, ``text=`` ...) when a folder mixes
        formats; ignored here.

    Returns
    -------
    list of ParsedDocument
        One per ``<TEI>``; turns with speaker, role and ``person_id``/``party``/``office``
        attributes, stage-direction spans, and the header's metadata.

    Raises
    ------
    NotATranscript
        For corpus metadata: a ``<teiCorpus>`` without sittings, ``<listPerson>``,
        ``<listOrg>`` or any other TEI root.
    TranscriptError
        For empty or malformed XML (with the line), a root outside the TEI namespace, or
        a sitting without any ``<u>`` holding text.
    """
    if utf8 is not None:
        try:
            return _Reader(source, corpus_root).run(text, utf8)
        except Exception:  # noqa: BLE001 - read again from the text: today's error, exactly
            pass
    return _Reader(source, corpus_root).run(text)
