"""Title, date, location, byline and photo caption from a transcript's header text."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pandas as pd

# Page chrome that is never a title (copy-pasted government pages).
BOILERPLATE = re.compile(
    r"^(?:an official website of the united states government\.?|here['’]s how you know"
    r"|official websites use \.gov.*|secure \.gov websites use https.*"
    r"|skip to (?:main )?content|share(?: this page)?|print|menu|search|home|email|facebook"
    r"|twitter|linkedin|x|whatsapp|copy link|back to top|related (?:articles|content|stories)"
    r"|tags?:?.*|subscribe.*|privacy policy|accessibility statement|copyright information"
    r"|foia|no fear act|usa\.gov|sitemap|contact us|follow us.*"
    r"|for immediate release|office of the (?:spokesperson|press secretary)|transcript"
    r"|\*+|-+|=+|…|\.\.\.)$",
    re.IGNORECASE,
)
_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
           r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{4}})\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b,?", re.IGNORECASE)
_TIME_LINE = re.compile(r"^\d{1,2}(?::\d{2})?\s*[AP]\.?\s*M\.?(?:\s+[A-Z]{2,4})?$", re.IGNORECASE)
_VENUE = re.compile(
    r"\b(?:Room|Headquarters|HEADQUARTERS|Aboard|En Route|Via Teleconference|Teleconference"
    r"|Hotel|Embassy|Building|Center|Centre|Hall|Palace|White House|Airport|Air Base|Ministry"
    r"|Capitol|Pentagon|Residence|Auditorium|Conference|Office|Chancellery|Summit)\b"
)
_PLACE = re.compile(r"^[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*){0,3}, [A-Z][\w.'’\-]*"
                    r"(?: [A-Z][\w.'’\-]*){0,3}\.?$")
_TITLE_WORDS = re.compile(
    r"\b(?:Secretary|Spokesperson|Minister|Ambassador|Press|Director|Advisor|Adviser|President"
    r"|Administrator|Coordinator|Official|Senator|Governor|Chair\w*|Counselor|Envoy|Officer"
    r"|Spokesman|Spokeswoman|Chief|Deputy|General|Representative|Commissioner|Mayor|Office of)\b"
)
_BYLINE = re.compile(r"^(?:[A-Z][\w'’\-]*\.?\s+){1,3}[A-Z][\w'’\-]+,\s+.+$")
_CAPTION = re.compile(
    r"^(?:left to right|from left|\(?l-r\)?|pictured|photo(?:graph)?:|above:|below:)"
    r"|\b(?:state department photo|white house photo|photo by|\[photo|photo credit)",
    re.IGNORECASE,
)


def _lines(header: str) -> list[str]:
    return [re.sub(r"[\s\u00a0]+", " ", line).strip() for line in header.split("\n")
            if line.strip()]


_DATE_FORMATS = ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%m/%d/%Y")


def _parse_date(written: str) -> pd.Timestamp | None:
    value = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b|[.,]", "", written)
    value = re.sub(r"\s+", " ", value).replace("Sept ", "Sep ").strip()
    for fmt in _DATE_FORMATS:
        try:
            return pd.Timestamp(datetime.strptime(value, fmt))
        except ValueError:
            continue
    return None


def find_date(text: str) -> pd.Timestamp | None:
    """The first calendar date written in ``text``, or None."""
    for m in _DATE.finditer(text):
        stamp = _parse_date(m.group(0))
        if stamp is not None:
            return stamp
    return None


def parse_header(header: str) -> dict[str, Any]:
    """Extract metadata from header text.

    Parameters
    ----------
    header
        The text before a transcript's first turn.

    Returns
    -------
    dict
        Keys among ``title``, ``date``, ``location``, ``byline`` and ``caption``;
        a key is absent when the header does not say.
    """
    meta: dict[str, Any] = {}
    if header.lstrip().startswith("---"):
        # front matter: read by the Markdown reader already
        header = re.sub(r"\A\s*---.*?\n(?:---|\.\.\.)[ \t]*\n", "", header, flags=re.DOTALL)
    for line in _lines(header):
        if BOILERPLATE.match(line):
            continue
        if "caption" not in meta and _CAPTION.search(line):
            meta["caption"] = line
            continue
        date_match = _DATE.search(line)
        if date_match and "date" not in meta:
            meta["date"] = find_date(line)
            rest = line[: date_match.start()].strip(" ,–—-|")
            rest = _WEEKDAY.sub("", rest).strip(" ,–—-|")  # "Thursday, 6th July" is no place
            if rest and "location" not in meta and "title" in meta and len(rest.split()) <= 10:
                meta["location"] = rest
            if rest and "title" not in meta and len(rest.split()) > 3:
                meta["title"] = rest
            continue
        if _TIME_LINE.match(line):
            continue
        if _BYLINE.match(line) and _TITLE_WORDS.search(line.split(",", 1)[1]):
            if "byline" not in meta:
                meta["byline"] = line
            elif line not in meta["byline"]:
                meta["byline"] += "; " + line
            continue
        words = len(line.split())
        if "location" not in meta and (_PLACE.match(line) or (_VENUE.search(line) and words <= 6)):
            meta["location"] = line
            continue
        if "location" in meta and _VENUE.search(line) and words <= 6:
            meta["location"] += ", " + line  # a venue line after the place
            continue
        if "title" not in meta and not line.startswith(("(", "[")):
            meta["title"] = line
    return meta
