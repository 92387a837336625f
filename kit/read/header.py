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
# Month names of the other languages of the transcripts read (German, French, Spanish,
# Italian, Dutch, Portuguese), always after the day: "5. Juni 2024", "5 juin 2024",
# "5 de junio de 2024".
_FOREIGN_MONTHS = {name: i + 1 for i, names in enumerate((
    "januar janvier enero gennaio januari janeiro", "februar février fevrier febrero febbraio "
    "februari fevereiro", "märz maerz mars marzo maart março marco", "april avril abril aprile",
    "mai mayo maggio mei maio", "juni juin junio giugno junho", "juli juillet julio luglio julho",
    "august août aout agosto augustus", "september septembre septiembre settembre setembro",
    "oktober octobre octubre ottobre outubro", "november novembre noviembre novembro",
    "dezember décembre decembre diciembre dicembre december dezembro"))
    for name in names.split()}
_FOREIGN = "|".join(sorted(_FOREIGN_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{4}})\b"
    # day first: "5. Juni 2024", "5 de junio de 2024", "05.06.2024" (dotted, as Europe writes)
    rf"|(?<![\w.])(?P<day>\d{{1,2}})\.?\s*(?:de\s+)?(?P<month>{_FOREIGN})\s+(?:de\s+)?"
    rf"(?P<year>\d{{4}})\b"
    rf"|(?<![\w.])(?P<dday>\d{{1,2}})\.(?P<dmonth>\d{{1,2}})\.(?P<dyear>\d{{4}})\b",
    re.IGNORECASE,
)
# A title that ends by dating itself: "... vom 5. Juni 2024", "... du 12 mars 2023".
_DATED_BY = frozenset("vom am du le del de of on from dated".split())
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


def _day_first(m: re.Match[str]) -> pd.Timestamp | None:
    """A date the day first, with a month name of another language or dotted numbers."""
    if m.group("day"):
        day, month, year = int(m.group("day")), _FOREIGN_MONTHS[m.group("month").lower()], \
            int(m.group("year"))
    else:
        day, month, year = int(m.group("dday")), int(m.group("dmonth")), int(m.group("dyear"))
    try:
        return pd.Timestamp(year, month, day)
    except ValueError:
        return None


def find_date(text: str) -> pd.Timestamp | None:
    """The first calendar date written in ``text``, or None."""
    for m in _DATE.finditer(text):
        day_first = m.group("day") or m.group("dday")
        stamp = _day_first(m) if day_first else _parse_date(m.group(0))
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
            if rest and "title" not in meta and rest.split()[-1].lower() in _DATED_BY:
                meta["title"] = line  # "Regierungspressekonferenz vom 5. Juni 2024"
            elif rest and "title" not in meta and len(rest.split()) > 3:
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


# "Witness: Andrew Bailey.", "Witnesses: Jane Doe, Governor; John Roe.", "WITNESSES" above a
# list (a select committee's or a hearing's front matter), up to the next blank line.
_WITNESSES = re.compile(r"^[ \t]*witness(?:es|\(es\))?\b[ \t]*:?(.*(?:\n[ \t]*\S.*)*)",
                        re.IGNORECASE | re.MULTILINE)


def witnesses_in(header: str) -> str:
    """The text of a header's witness lists, case-folded ("" if it has none): the names in
    it are the witnesses a hearing examines."""
    return "\n".join(m.group(1) for m in _WITNESSES.finditer(header)).casefold()
