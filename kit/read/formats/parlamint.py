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
  ``language`` (``xml:lang``).
- People: the corpus root file (``teiCorpus`` with ``listPerson``/``listOrg`` in its header,
  inline or through ``xi:include`` of ``ParlaMint-XX-listPerson.xml``/``-listOrg.xml``)
  names each ``who``: forenames and surnames valid at the sitting's date, the parliamentary
  group (else the party) of that date as ``party``, and a government office of that date as
  ``office``. It is looked for beside the sitting and up to two folders up, or given as
  ``corpus_root=``; parsed lists are cached per file and modification time.
- Without it, a readable name is made from the id (:func:`readable_name`): ``Forename.Surname``
  ids (``#MetinNurullah.Sazak``, early ParlaMint-TR) read as written; a trailing ``.1975``
  (a birth year telling namesakes apart) is dropped; run-together names are split at
  capitals. Most ParlaMint corpora write the surname first (``#AnderličAnton``,
  ``#KılıçdaroğluKemal``), some the forename (``#PeterPellegrini.1975``, ParlaMint-SK), so
  the order is chosen per document: a ``who`` written ``Pellegrini, Peter`` beside such an
  id settles it; else the id part the text mentions more often is the surname (speakers
  are called by surname); ties go surname first. The forename is then put first
  (``Kemal Kılıçdaroğlu``). Ids that are no names (``#PAD_00024``) stay as they are. A
  ``who`` that is a label rather than an id (``Pellegrini, Peter, predseda NR SR``) gives
  ``Peter Pellegrini`` (office ``predseda NR SR``) and joins the id of the same name in the
  document.
- Linguistically annotated files (``.ana.xml``: ``<s>``, ``<w>``, ``<pc>``) read as the
  plain text, tokens joined where ``join="right"`` says so.

The text is rebuilt from the markup (whitespace that only lays out the XML collapses);
metadata files (``teiCorpus`` without documents, ``listPerson``, ``listOrg``, taxonomies)
raise :class:`~kit.errors.NotATranscript`, which folder reads pass over quietly.
"""

from __future__ import annotations

import html
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.etree
import pandas as pd

from kit import schema as s
from kit.errors import NotATranscript, TranscriptError
from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.formats._xmlstream import (
    Span,
    TextBuilder,
    feed_events,
    local_name,
    release,
    strip_prologue,
)

__all__ = ["CorpusMeta", "corpus_meta_for", "parse_parlamint", "readable_name"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
_T = f"{{{TEI_NS}}}"
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XI_INCLUDE = "{http://www.w3.org/2001/XInclude}include"

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


# ---------------------------------------------------------------------------
# Corpus metadata: persons and organisations


def _blank(text: str | None) -> bool:
    return not text or not text.strip(" \t\r\n")


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _bound(value: str | None, end: bool) -> str | None:
    """An ISO date (``2020``, ``2020-05``, ``2020-05-01``) as a comparable full date."""
    if not value:
        return None
    value = value.strip()[:10]
    pad = ("-12-31" if end else "-01-01") if len(value) == 4 else \
        (("-31" if end else "-01") if len(value) == 7 else "")
    return value + pad


def _valid(start: str | None, stop: str | None, day: str | None) -> bool:
    if day is None:
        return start is None and stop is None
    return (start is None or start <= day) and (stop is None or day <= stop)


@dataclass(slots=True)
class _Affiliation:
    ref: str
    role: str
    start: str | None
    stop: str | None
    names: dict[str, str]


@dataclass(slots=True)
class _Person:
    #: ``(from, to, language, name)``: names change (marriage) and come in scripts.
    names: list[tuple[str | None, str | None, str, str]] = field(default_factory=list)
    affiliations: list[_Affiliation] = field(default_factory=list)


@dataclass(slots=True)
class _Org:
    role: str
    abbr: str | None
    names: dict[str, str]


def _by_lang(names: dict[str, str], lang: str | None) -> str | None:
    if not names:
        return None
    return names.get(lang or "") or names.get("en") or names.get("") or next(iter(names.values()))


@dataclass
class CorpusMeta:
    """Persons and organisations of a ParlaMint corpus, as its lists give them."""

    persons: dict[str, _Person] = field(default_factory=dict)
    orgs: dict[str, _Org] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.persons or self.orgs)

    def update(self, other: CorpusMeta) -> None:
        self.persons.update(other.persons)
        self.orgs.update(other.orgs)

    def add_lists(self, el: Any) -> None:
        """Read every ``<person>`` and ``<org>`` under ``el``."""
        for person in el.iter(f"{_T}person"):
            pid = person.get(_XML_ID)
            if not pid:
                continue
            found = _Person()
            for pn in person.iterfind(f"{_T}persName"):
                fore = [_norm(x.text) for x in pn.iterfind(f"{_T}forename") if _norm(x.text)]
                sur = [_norm(x.text) for x in pn.iterfind(f"{_T}surname") if _norm(x.text)]
                name = " ".join(fore + sur) if fore or sur else _norm("".join(pn.itertext()))
                if name:
                    found.names.append((_bound(pn.get("from"), False),
                                        _bound(pn.get("to"), True), pn.get(_XML_LANG) or "",
                                        name))
            for aff in person.iterfind(f"{_T}affiliation"):
                ref = (aff.get("ref") or "").lstrip("#").strip()
                if ref:
                    found.affiliations.append(_Affiliation(
                        ref, aff.get("role") or "", _bound(aff.get("from"), False),
                        _bound(aff.get("to"), True),
                        {rn.get(_XML_LANG) or "": _norm(rn.text)
                         for rn in aff.iterfind(f"{_T}roleName") if _norm(rn.text)}))
            self.persons[pid] = found
        for org in el.iter(f"{_T}org"):
            oid = org.get(_XML_ID)
            if not oid:
                continue
            abbr, names = None, {}
            for on in org.iterfind(f"{_T}orgName"):
                text = _norm("".join(on.itertext()))
                if not text:
                    continue
                if on.get("full") == "abb":
                    abbr = abbr or text
                else:
                    names.setdefault(on.get(_XML_LANG) or "", text)
            self.orgs[oid] = _Org(org.get("role") or "", abbr, names)

    def name(self, pid: str, day: str | None, lang: str | None = None) -> str | None:
        """The person's name on ``day`` (else an undated one), in ``lang`` if given so."""
        person = self.persons.get(pid)
        if person is None or not person.names:
            return None
        dated = [n for n in person.names if (n[0] or n[1]) and day is not None and
                 _valid(n[0], n[1], day)]
        undated = [n for n in person.names if not n[0] and not n[1]]
        for names in (dated, undated, person.names[-1:]):
            if names:
                return next((n[3] for n in names if n[2] == lang), names[0][3])
        return None

    def org_name(self, oid: str, lang: str | None) -> str | None:
        org = self.orgs.get(oid)
        if org is None:
            return None
        return org.abbr or _by_lang(org.names, lang)

    def attributes(self, pid: str, day: str | None, lang: str | None) -> dict[str, str]:
        """``party`` (parliamentary group, else party) and ``office`` valid on ``day``."""
        person = self.persons.get(pid)
        found: dict[str, str] = {}
        if person is None:
            return found
        current = [a for a in person.affiliations if _valid(a.start, a.stop, day) or
                   (day is None and a.start is None and a.stop is None)]
        for kind in ("parliamentaryGroup", "politicalParty"):
            for aff in current:
                org = self.orgs.get(aff.ref)
                if org is not None and org.role == kind and aff.role != "guest":
                    name = self.org_name(aff.ref, lang)
                    if name:
                        found[s.PARTY] = name
                        break
            if s.PARTY in found:
                break
        for aff in current:
            org = self.orgs.get(aff.ref)
            if org is not None and org.role == "government" and aff.role != "member":
                found["office"] = _by_lang(aff.names, lang) or aff.role
                break
        return found


# Parsed list files, per path, modification time and size: a file's own persons and orgs
# and the files it includes. A folder's metadata files, per folder and modification time.
# Merged lists per set of files. (Each reader process fills its own; forked workers inherit
# what the parent had.)
_CACHE: dict[tuple[str, int, int], tuple[CorpusMeta, tuple[Path, ...]]] = {}
_DIR_CACHE: dict[tuple[str, int], tuple[str, ...]] = {}
_MERGED: dict[tuple[tuple[str, int, int], ...], CorpusMeta] = {}
_METADATA_ROOTS = frozenset({"teicorpus", "listperson", "listorg"})


def _parse_lists(path: Path) -> tuple[CorpusMeta, list[str]]:
    """Parse one corpus root or list file: its persons and orgs, and the hrefs of the
    list files it includes (a root's ``xi:include``s in ``particDesc``)."""
    meta = CorpusMeta()
    includes: list[str] = []
    try:
        with open(path, "rb") as f:
            _read_lists(f, meta, includes)
    except (lxml.etree.XMLSyntaxError, OSError):
        pass  # a broken list file names nobody (what it named so far is kept)
    return meta, includes


def _read_lists(f: Any, meta: CorpusMeta, includes: list[str]) -> None:
    """Stream a root or list file into ``meta``, noting the list files it includes."""
    for _event, el in lxml.etree.iterparse(f, events=("end",), remove_comments=True,
                                          no_network=True, huge_tree=True):
        tag = el.tag
        if tag == _XI_INCLUDE:
            href = el.get("href") or ""
            if re.search(r"list(?:Person|Org)", href, re.IGNORECASE) or \
                    local_name(el.getparent().tag) == "particDesc":
                includes.append(href)
        elif tag in (f"{_T}listPerson", f"{_T}listOrg"):
            meta.add_lists(el)
            el.clear()
        elif tag == _HEADER and el.getparent() is not None and \
                el.getparent().tag == _CORPUS:
            break  # the corpus header is read; what follows are the sittings


def _file_key(path: Path) -> tuple[str, int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return str(path.resolve()), st.st_mtime_ns, st.st_size


def _lists_of(paths: list[Path]) -> CorpusMeta:
    """The persons and orgs of these files and of the files they include, merged (cached)."""
    keys: list[tuple[str, int, int]] = []
    todo, seen = list(paths), set()
    while todo:
        key = _file_key(todo.pop(0))
        if key is None or key[0] in seen:
            continue  # missing, or already taken (an include cycle)
        seen.add(key[0])
        if key not in _CACHE:
            meta, hrefs = _parse_lists(Path(key[0]))
            _CACHE[key] = meta, tuple(Path(key[0]).parent / h for h in hrefs)
        keys.append(key)
        todo.extend(_CACHE[key][1])
    merged_key = tuple(keys)
    if merged_key not in _MERGED:
        merged = CorpusMeta()
        for key in keys:
            merged.update(_CACHE[key][0])
        _MERGED[merged_key] = merged
    return _MERGED[merged_key]


def _peek_root(path: Path) -> str | None:
    from kit.read.formats import xml_root

    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return None
    return xml_root(head.decode("utf-8", "ignore"))


def _metadata_files(folder: Path) -> tuple[str, ...]:
    """The corpus root and list files in ``folder`` (by root element), cached per mtime."""
    try:
        key = (str(folder.resolve()), folder.stat().st_mtime_ns)
    except OSError:
        return ()
    if key not in _DIR_CACHE:
        try:
            names = sorted(e.name for e in os.scandir(folder)
                           if e.is_file() and e.name.lower().endswith(".xml"))
        except OSError:
            names = []
        _DIR_CACHE[key] = tuple(n for n in names if _peek_root(folder / n) in _METADATA_ROOTS)
    return _DIR_CACHE[key]


def corpus_meta_for(source: str | os.PathLike[str] | None, *,
                    corpus_root: str | os.PathLike[str] | None = None) -> CorpusMeta:
    """The persons and organisations for a sitting file (shared: do not modify it).

    Parameters
    ----------
    source
        The sitting's path; its folder and up to two folders above are searched for the
        corpus root and list files (the first folder holding any is used).
    corpus_root
        A corpus root file, a list file or a folder of them, used instead.

    Returns
    -------
    CorpusMeta
        Empty when no metadata file is found.
    """
    if corpus_root is not None:
        root = Path(corpus_root)
        return _lists_of([root / n for n in _metadata_files(root)] if root.is_dir() else [root])
    if source is None or str(source).startswith("<"):
        return CorpusMeta()
    folder = Path(source).parent
    for _ in range(3):
        names = _metadata_files(folder)
        if names:
            return _lists_of([folder / n for n in names])
        if folder.parent == folder:
            break
        folder = folder.parent
    return CorpusMeta()


# ---------------------------------------------------------------------------
# Names from ids


def _camel_parts(word: str) -> list[str]:
    """``KadıgilSütlü`` -> ``["Kadıgil", "Sütlü"]`` (a capital after a small letter splits)."""
    parts, start = [], 0
    for i in range(1, len(word)):
        if word[i].isupper() and word[i - 1].islower():
            parts.append(word[start:i])
            start = i
    parts.append(word[start:])
    return [p for p in parts if p]


def _id_shape(pid: str) -> tuple[str, list[str], list[str]] | None:
    """How an id spells a name: ``("dotted", given, family)``, ``("run", parts, [])``.

    None when the id is no name (digits, underscores, no small letters).
    """
    base = re.sub(r"\.\d+$", "", pid)  # a birth year or other number that tells namesakes apart
    if not base or not any(c.islower() for c in base) or re.search(r"[\d_/:]", base):
        return None
    if "." in base:
        given, _, family = base.partition(".")
        if given and family and "." not in family:
            return "dotted", _camel_parts(given), _camel_parts(family)
        return None
    parts = _camel_parts(base)
    return ("run", parts, []) if len(parts) >= 2 else None


def readable_name(who: str, *, surname_first: bool = True) -> str:
    """A readable speaker name from a ``who`` id when no person list names it.

    ``#Forename.Surname`` keeps its order; a run-together id is split at capitals and,
    when ``surname_first`` (most ParlaMint corpora), its last part (the forename) goes
    first: ``#KılıçdaroğluKemal`` -> ``Kemal Kılıçdaroğlu``. A trailing ``.1975`` is
    dropped. Ids that are no names come back without ``#``.
    """
    pid = who.strip().lstrip("#")
    shape = _id_shape(pid)
    if shape is None:
        return pid
    kind, a, b = shape
    if kind == "dotted":
        return " ".join(a + b)
    return " ".join([a[-1], *a[:-1]] if surname_first else a)


def _surname_first(ids: list[str], text: str,
                   written: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """Whether this document's run-together ids put the surname first.

    A ``who`` written ``Surname, Forename`` beside an id of the same two names settles
    it. Else: parliamentary speech names people by surname far more often than by
    forename, so the id part the text mentions more often is taken for the surname. Ties
    (no evidence) go the way of most ParlaMint corpora: surname first.

    Parameters
    ----------
    ids
        The ids (without ``#``) no person list names.
    text
        The document's text (its first 2 million characters are searched).
    written
        ``(surname, forename)`` pairs from ``who`` values written as labels.
    """
    pairs = []
    for pid in ids:
        shape = _id_shape(pid)
        if shape is not None and shape[0] == "run":
            pairs.append((shape[1][0], shape[1][-1]))
    if not pairs:
        return True
    for first, last in pairs:
        if (first, last) in written:
            return True
        if (last, first) in written:
            return False
    words = {w for pair in pairs for w in pair}
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len,
                                                     reverse=True)) + r")\b")
    counts = Counter(pattern.findall(text, 0, 2_000_000))
    first = sum(counts[a] for a, _ in pairs)
    last = sum(counts[b] for _, b in pairs)
    return first >= last


def _label_name(who: str) -> tuple[str, str | None]:
    """Name and office from a ``who`` written as a label: ``Pellegrini, Peter, predseda``."""
    parts = [p.strip() for p in who.split(",")]
    name_like = re.compile(r"^(?:[^\W\d_][\w'’.\-]*)(?:\s+[^\W\d_][\w'’.\-]*){0,3}$")
    if len(parts) >= 2 and all(name_like.match(p) and p[0].isupper() for p in parts[:2]) \
            and len(parts[1].split()) <= 2:
        return f"{parts[1]} {parts[0]}", ", ".join(parts[2:]) or None
    return parts[0], ", ".join(parts[1:]) or None


# ---------------------------------------------------------------------------
# The reader


def _header_meta(header: Any, lang: str | None, corpus: CorpusMeta,
                 doc_id: str | None) -> dict[str, Any]:
    """Title, date, location, url, house, term and session from a ``<teiHeader>``."""
    meta: dict[str, Any] = {}

    def pick(elements: list, kind: str | None) -> str | None:
        chosen = [e for e in elements if kind is None or e.get("type") == kind]
        for e in chosen:
            if e.get(_XML_LANG) == lang and _norm("".join(e.itertext())):
                return _norm("".join(e.itertext()))
        for e in chosen:
            if _norm("".join(e.itertext())):
                return _norm("".join(e.itertext()))
        return None

    titles = header.findall(f"{_T}fileDesc/{_T}titleStmt/{_T}title")
    meta[s.TITLE] = pick(titles, "sub") or pick(titles, "main") or pick(titles, None) or doc_id
    day = None
    for path in (f"{_T}profileDesc/{_T}settingDesc/{_T}setting/{_T}date",
                 f"{_T}fileDesc/{_T}sourceDesc/{_T}bibl/{_T}date"):
        for el in header.iterfind(path):
            day = el.get("when") or el.get("from")
            if day:
                break
        if day:
            break
    meta[s.DATE] = _timestamp(day)
    setting = header.find(f"{_T}profileDesc/{_T}settingDesc/{_T}setting")
    if setting is not None:
        names = setting.findall(f"{_T}name")
        place = [pick(names, "city"), pick(names, "country")]
        meta[s.LOCATION] = ", ".join(p for p in place if p) or None
    idno = header.find(f"{_T}fileDesc/{_T}sourceDesc/{_T}bibl/{_T}idno")
    if idno is not None and _norm(idno.text).startswith("http"):
        meta[s.URL] = _norm(idno.text)
    for meeting in header.iterfind(f"{_T}fileDesc/{_T}titleStmt/{_T}meeting"):
        ana = (meeting.get("ana") or "").split()
        n = meeting.get("n") or _norm(meeting.text) or None
        corresp = (meeting.get("corresp") or "").lstrip("#")
        if corresp and "house" not in meta:
            meta["house"] = corpus.org_name(corresp, lang) or corresp
        if "#parla.term" in ana:
            meta.setdefault("term", n)
        elif {"#parla.session", "#parla.meeting", "#parla.sitting"} & set(ana):
            meta.setdefault("session", n)
        for token, house in (("#parla.upper", "upper"), ("#parla.lower", "lower"),
                             ("#parla.uni", "unicameral")):
            if token in ana and "house" not in meta:
                meta["house"] = house
    meta["language"] = lang
    return meta


def _timestamp(value: str | None) -> pd.Timestamp | None:
    if not value:
        return None
    try:
        return pd.Timestamp(value[:10])
    except ValueError:
        return None


@dataclass
class _Doc:
    """What one ``<TEI>`` document collects while it streams past."""

    key: str | None
    lang: str | None
    out: TextBuilder = field(default_factory=TextBuilder)
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

    def corpus_meta(self) -> CorpusMeta:
        if self.corpus is None:
            self.corpus = corpus_meta_for(self.source, corpus_root=self.corpus_root)
        return self.corpus

    def run(self, text: str) -> list[ParsedDocument]:
        """Stream the file: events for the structure only, each ``<u>`` read whole."""
        parser = lxml.etree.XMLPullParser(events=("start", "end"), tag=_EVENT_TAGS,
                                          remove_comments=True, remove_pis=True,
                                          no_network=True)
        doc: _Doc | None = None
        self._check_root(text)
        for event, el in feed_events(text, source=self.source, what="ParlaMint TEI file",
                                     parser=parser):
            tag = el.tag
            if event == "start":
                if tag == _TEI:
                    doc = self.doc = _Doc(el.get(_XML_ID), el.get(_XML_LANG))
                elif doc is None:
                    continue  # the corpus header: read whole at its end
                elif tag == _U:
                    self._siblings_before(el)
                    self.label = self._commit_pending(doc)
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
        doc = self.doc
        if self.body and text.strip(" \t\r\n"):
            loose = Span("loose")
            doc.out.open.append(loose)
            doc.out.add(text)
            doc.out.open.pop()
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
        out = self.doc.out
        out.block(_SEP)
        if not self.body:
            self._inline(el, stage=True)
        else:
            span = Span(local_name(el.tag), el.get("type"))
            out.open.append(span)
            self._inline(el, stage=True)
            out.open.remove(span)
            if span.start is not None:
                self.doc.pending.append(span)
        out.block(_SEP)

    def _inline(self, el: Any, stage: bool) -> None:
        """Write ``el``'s content in reading order; outermost stage elements become spans."""
        out = self.doc.out
        out.add(el.text)
        for child in el:
            tag = child.tag
            if tag in _STAGE and not stage:
                span = Span()
                out.open.append(span)
                self._inline(child, True)
                out.open.remove(span)
                if span.start is not None:
                    self.doc.stage.append((span.start, span.end))
            elif isinstance(tag, str):
                self._inline(child, stage)
                if (tag == _W or tag == _PC) and child.get("join") == "right":
                    out.glue()
            elif tag is lxml.etree.Entity:
                out.add(html.unescape(child.text or ""))
            out.add(child.tail)

    def _utterance(self, u: Any) -> None:
        """One ``<u>``, whole: its paragraphs, inline and block stage directions."""
        doc = self.doc
        out = doc.out
        span = Span("u")
        out.open.append(span)
        out.add(u.text)
        for child in u:
            tag = child.tag
            if isinstance(tag, str):
                out.block(_SEP)
                if tag == _SEG and not len(child):
                    out.add(child.text)  # the common case: a paragraph of plain text
                elif tag in _STAGE:
                    stage = Span()
                    out.open.append(stage)
                    self._inline(child, True)
                    out.open.remove(stage)
                    if stage.start is not None:
                        doc.stage.append((stage.start, stage.end))
                else:
                    self._inline(child, False)
                out.block(_SEP)
            elif tag is lxml.etree.Entity:
                out.add(html.unescape(child.text or ""))
            out.add(child.tail)
        out.open.remove(span)
        self._add_turn(doc, span, self.label, (u.get("who"), u.get("ana")))
        self.label = None
        out.block(_SEP)

    def _header(self, header: Any) -> None:
        """The ``<teiHeader>``: its text one line per element, and the metadata."""
        doc = self.doc
        self._siblings_before(header)
        self._header_lines(header)
        doc.meta = _header_meta(header, doc.lang, self.corpus_meta(), doc.key)
        doc.out.block(_SEP)

    def _header_lines(self, el: Any) -> None:
        out = self.doc.out
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
            for span in pending:
                doc.stage.append((span.start, span.end))
            last.end = max(last.end, pending[-1].end)
        pending.clear()
        return label

    @staticmethod
    def _add_turn(doc: _Doc, span: Span, label: Span | None,
                  attrs: tuple[str | None, str | None]) -> None:
        if span.start is None:  # an utterance without text: its label is a note again
            if label is not None:
                label.kind = "label-without-speech"
                doc.pending.append(label)
            return
        start = span.start if label is None else label.start
        doc.turns.append(RawTurn(start, span.start, span.end, ""))
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
        surname_first = _surname_first([i[1:] for i in ids if i[1:] not in corpus.persons],
                                       text, written)
        people: dict[str, tuple[str, dict[str, Any]]] = {}
        by_words: dict[frozenset[str], str] = {}
        for who in ids:
            pid = who[1:]
            name = corpus.name(pid, day_iso, lang) or \
                readable_name(pid, surname_first=surname_first)
            attrs: dict[str, Any] = {s.PERSON_ID: pid, **corpus.attributes(pid, day_iso, lang)}
            people[who] = (name, attrs)
            by_words.setdefault(frozenset(name.casefold().split()), who)
        for turn, who, (_, ana, _) in zip(doc.turns, whos, doc.whos, strict=True):
            tokens = (ana or "").split()
            turn.role = next((_ROLE_OF_ANA[t] for t in tokens if t in _ROLE_OF_ANA), None)
            if not who:
                turn.speaker = None if turn.label else s.UNKNOWN_SPEAKER
                continue
            if who in people:
                turn.speaker, attrs = people[who]
                turn.attributes = dict(attrs)
                continue
            # A label in place of an id: the id of the same name in this document, if any.
            name, office = _label_name(who)
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
                                        stage=doc.stage))


def parse_parlamint(text: str, /, *, source: str,
                    corpus_root: str | os.PathLike[str] | None = None,
                    **other_options: Any) -> list[ParsedDocument]:
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
    reader = _Reader(source, corpus_root)
    return reader.run(text)
