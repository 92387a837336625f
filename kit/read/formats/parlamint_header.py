"""ParlaMint TEI: a sitting's metadata from its ``<teiHeader>``.

Input grain: one ``<teiHeader>`` element of a ``<TEI>`` document; output grain: one dict of
document metadata (``title``, ``date``, ``location``, ``url``, ``house``, ``term``,
``session``, ``language``). The conventions are those described in
:mod:`~kit.read.formats.parlamint`, which streams the documents and calls
:func:`header_meta`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kit import schema as s
from kit.read.formats.parlamint_people import TEI_PREFIX, XML_LANG, CorpusMeta, norm_space

__all__ = ["header_meta"]

_T = TEI_PREFIX


def header_meta(header: Any, lang: str | None, corpus: CorpusMeta,
                doc_id: str | None) -> dict[str, Any]:
    """Title, date, location, url, house, term and session from a ``<teiHeader>``.

    Input: one parsed ``<teiHeader>`` element, the text's language, the corpus metadata (for
    house names) and the document id (the title when the header has none). Output: one
    document's metadata, a dict keyed by column name.
    """
    meta: dict[str, Any] = {}

    def pick(elements: list, kind: str | None) -> str | None:
        chosen = [e for e in elements if kind is None or e.get("type") == kind]
        for e in chosen:
            if e.get(XML_LANG) == lang and norm_space("".join(e.itertext())):
                return norm_space("".join(e.itertext()))
        for e in chosen:
            if norm_space("".join(e.itertext())):
                return norm_space("".join(e.itertext()))
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
    if idno is not None and norm_space(idno.text).startswith("http"):
        meta[s.URL] = norm_space(idno.text)
    for meeting in header.iterfind(f"{_T}fileDesc/{_T}titleStmt/{_T}meeting"):
        ana = (meeting.get("ana") or "").split()
        n = meeting.get("n") or norm_space(meeting.text) or None
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
