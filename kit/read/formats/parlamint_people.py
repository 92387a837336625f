"""Who speaks in a ParlaMint corpus: its person and organisation lists, and names from ids.

Input grain: a corpus root file (``teiCorpus`` with ``listPerson``/``listOrg`` in its
header, inline or through ``xi:include`` of ``ParlaMint-XX-listPerson.xml``/``-listOrg.xml``)
and the list files. Output grain: one :class:`CorpusMeta` per set of files (persons by id,
organisations by id), which names each ``who`` of a sitting: forenames and surnames valid at
the sitting's date, the parliamentary group (else the party) of that date as ``party``, and a
government office of that date as ``office``. The files are looked for beside the sitting and
up to two folders up, or given as ``corpus_root=``; parsed lists are cached per file and
modification time.

Without them, a readable name is made from the id (:func:`readable_name`): ``Forename.Surname``
ids (``#MetinNurullah.Sazak``, early ParlaMint-TR) read as written; a trailing ``.1975`` (a
birth year telling namesakes apart) is dropped; run-together names are split at capitals.
Most ParlaMint corpora write the surname first (``#AnderličAnton``, ``#KılıçdaroğluKemal``),
some the forename (``#PeterPellegrini.1975``, ParlaMint-SK), so the order is chosen per
document (:func:`surname_first`). A ``who`` that is a label rather than an id (``Pellegrini,
Peter, predseda NR SR``) gives a name and an office (:func:`label_name`).
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.etree

from kit import schema as s
from kit.read.formats._xml import local_name

__all__ = ["TEI_NS", "TEI_PREFIX", "XML_ID", "XML_LANG", "CorpusMeta", "corpus_meta_for",
           "label_name", "norm_space", "readable_name", "surname_first"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
#: ``{namespace}``: a TEI element's tag is this prefix and its local name.
TEI_PREFIX = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_T = TEI_PREFIX
_XI_INCLUDE = "{http://www.w3.org/2001/XInclude}include"
_HEADER, _CORPUS = f"{_T}teiHeader", f"{_T}teiCorpus"

# ---------------------------------------------------------------------------
# Corpus metadata: persons and organisations


def norm_space(text: str | None) -> str:
    """``text`` with each run of whitespace one space, stripped (``""`` for None)."""
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
    #: :meth:`person`'s answers, per id, language and period (cleared when lists change).
    _known: dict[tuple, tuple[str | None, dict[str, str]]] = field(
        default_factory=dict, repr=False, compare=False)
    #: Per id, the dates where the person's names or affiliations begin or end, sorted.
    _dates: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.persons or self.orgs)

    def update(self, other: CorpusMeta) -> None:
        self.persons.update(other.persons)
        self.orgs.update(other.orgs)
        self._known.clear()
        self._dates.clear()

    def person(self, pid: str, day: str | None, lang: str | None
               ) -> tuple[str | None, dict[str, str]]:
        """:meth:`name` and ``{"person_id": pid, **``:meth:`attributes```}`` on ``day``.

        Both change only where a name or an affiliation of the person begins or ends, so
        each is worked out once per period between those dates (a corpus of sittings names
        the same people day after day). The dict is shared: never change it.
        """
        dates = self._dates.get(pid)
        if dates is None:
            person = self.persons.get(pid)
            found = [] if person is None else \
                [d for n in person.names for d in n[:2]] + \
                [d for a in person.affiliations for d in (a.start, a.stop)]
            dates = self._dates[pid] = sorted({d for d in found if d is not None})
        # within a period, and at each of its dates, every from/to comparison is the same
        period = None if day is None else \
            (bisect.bisect_left(dates, day), bisect.bisect_right(dates, day))
        key = (pid, lang, period)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = (self.name(pid, day, lang), {
                s.PERSON_ID: pid, **self.attributes(pid, day, lang)})
        return known

    def add_lists(self, el: Any) -> None:
        """Read every ``<person>`` and ``<org>`` under ``el``."""
        self._known.clear()
        self._dates.clear()
        for person in el.iter(f"{_T}person"):
            pid = person.get(XML_ID)
            if not pid:
                continue
            found = _Person()
            for pn in person.iterfind(f"{_T}persName"):
                fore = [n for x in pn.iterfind(f"{_T}forename") if (n := norm_space(x.text))]
                sur = [n for x in pn.iterfind(f"{_T}surname") if (n := norm_space(x.text))]
                name = " ".join(fore + sur) if fore or sur else norm_space("".join(pn.itertext()))
                if name:
                    found.names.append((_bound(pn.get("from"), False),
                                        _bound(pn.get("to"), True), pn.get(XML_LANG) or "",
                                        name))
            for aff in person.iterfind(f"{_T}affiliation"):
                ref = (aff.get("ref") or "").lstrip("#").strip()
                if ref:
                    found.affiliations.append(_Affiliation(
                        ref, aff.get("role") or "", _bound(aff.get("from"), False),
                        _bound(aff.get("to"), True),
                        {rn.get(XML_LANG) or "": norm_space(rn.text)
                         for rn in aff.iterfind(f"{_T}roleName") if norm_space(rn.text)}))
            self.persons[pid] = found
        for org in el.iter(f"{_T}org"):
            oid = org.get(XML_ID)
            if not oid:
                continue
            abbr: str | None = None
            names: dict[str, str] = {}
            for on in org.iterfind(f"{_T}orgName"):
                text = norm_space("".join(on.itertext()))
                if not text:
                    continue
                if on.get("full") == "abb":
                    abbr = abbr or text
                else:
                    names.setdefault(on.get(XML_LANG) or "", text)
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


def surname_first(ids: list[str], text: str,
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
    as_first = sum(counts[a] for a, _ in pairs)
    as_last = sum(counts[b] for _, b in pairs)
    return as_first >= as_last


def label_name(who: str) -> tuple[str, str | None]:
    """Name and office from a ``who`` written as a label: ``Pellegrini, Peter, predseda``."""
    parts = [p.strip() for p in who.split(",")]
    name_like = re.compile(r"^(?:[^\W\d_][\w'’.\-]*)(?:\s+[^\W\d_][\w'’.\-]*){0,3}$")
    if len(parts) >= 2 and all(name_like.match(p) and p[0].isupper() for p in parts[:2]) \
            and len(parts[1].split()) <= 2:
        return f"{parts[1]} {parts[0]}", ", ".join(parts[2:]) or None
    return parts[0], ", ".join(parts[1:]) or None
