"""RSS and Atom: whole feeds or single items, one document per item.

An item's transcript is HTML inside the item. State Department items carry it
twice, in ``<description>`` and ``<content:encoded>``: the fuller one is read,
once.
"""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime
from typing import Any

import lxml.etree
import pandas as pd

from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument
from kit.read.formats._xml import xml_safe
from kit.read.formats.html import html_to_text, local_name

_ITEM_TAGS = ("item", "entry")


def looks_like_feed(text: str) -> bool:
    head = text[:3000].lstrip("\ufeff \t\n")
    return bool(re.match(
        r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)?<(?:rss|feed|rdf:RDF|item|entry)\b",
        head, re.DOTALL | re.IGNORECASE))


def _children(el: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for child in el:
        found.setdefault(local_name(child.tag), child)
    return found


def _text(el: Any | None) -> str:
    if el is None:
        return ""
    return "".join(el.itertext()).strip()


def _inner_markup(el: Any | None) -> str:
    """The HTML an element carries: CDATA/escaped text, or inline child markup."""
    if el is None:
        return ""
    parts = [el.text or ""]
    for child in el:
        parts.append(lxml.etree.tostring(child, encoding="unicode", with_tail=True))
    return "".join(parts)


def _date(value: str) -> pd.Timestamp | None:
    if not value:
        return None
    try:
        stamp = pd.Timestamp(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        coerced = pd.to_datetime(value, errors="coerce", utc=True)
        if not isinstance(coerced, pd.Timestamp):  # NaT: not a date
            return None
        stamp = coerced
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.normalize()


def _slug(value: str) -> str:
    value = re.sub(r"^[a-z]+://[^/]+", "", value.strip().lower())
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-")[:80]


def parse_feed(text: str, *, source: str) -> list[ParsedDocument]:
    """Read an RSS/Atom feed, or one ``<item>``/``<entry>`` cut out of one.

    Returns
    -------
    list of ParsedDocument
        One per item, in feed order, with ``title``, ``date``, ``url`` and
        ``byline`` (the item's author) in ``meta``.
    """
    text = xml_safe(text, source=source)
    parser = lxml.etree.XMLParser(recover=True, resolve_entities=False, huge_tree=True,
                                  remove_comments=True)
    try:
        root = lxml.etree.fromstring(text.lstrip("\ufeff").encode("utf-8"), parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise TranscriptError(source, f"The feed is not readable XML ({exc.msg}).",
                              "Check that the download is complete, or pass format='html'.",
                              line=exc.lineno) from None
    if root is None:
        raise TranscriptError(source, "The feed holds no XML element.",
                              "Check that the download is complete.", line=1)
    items = [root] if local_name(root.tag) in _ITEM_TAGS else [
        el for el in root.iter() if local_name(el.tag) in _ITEM_TAGS]
    if not items:
        raise TranscriptError(source, "The feed has no <item> or <entry> elements.",
                              "Pass a feed with items, or format='html' for a single page.",
                              line=1)
    docs = []
    keys: set[str] = set()
    for index, item in enumerate(items):
        fields = _children(item)
        try:
            bodies = [_inner_markup(fields.get(name)) for name in ("encoded", "content",
                                                                   "description", "summary")]
        except UnicodeDecodeError:  # libxml2 kept bytes that are not UTF-8: never seen yet
            raise TranscriptError(
                source, "The parser could not read the characters of this item.",
                "Check the item's text for control characters or broken character "
                "references (&#...;).", line=getattr(item, "sourceline", None)) from None
        body = max(bodies, key=len)
        normalised, _ = html_to_text(body, source=source, whole_page=False)
        link = fields.get("link")
        url = (link.get("href") if link is not None and link.get("href") else _text(link)) or None
        author = fields["creator"] if "creator" in fields else fields.get("author")
        meta: dict[str, Any] = {
            "title": _text(fields.get("title")) or None,
            "date": _date(next((_text(fields[k]) for k in ("pubdate", "published", "updated",
                                                           "date") if k in fields), "")),
            "url": url,
            "byline": _text(author) or None,
        }
        key = None
        if len(items) > 1:
            key = _slug(url or meta["title"] or "") or f"item-{index + 1}"
            if key in keys:  # two items of one link or title: each keeps its own id
                key = f"{key}-{index + 1}"
            keys.add(key)
        line = item.sourceline - 1 if getattr(item, "sourceline", None) else 0
        docs.append(ParsedDocument(normalised, "rss" if local_name(item.tag) == "item" else "atom",
                                   {k: v for k, v in meta.items() if v is not None}, key=key,
                                   line_offset=line))
    return docs
