"""Markdown with YAML front matter (pandoc exports of briefing-room pages).

The normalised text keeps the front matter block (it lands in the header), joins
hard-wrapped lines of a paragraph with a space, undoes pandoc's backslash escapes
and drops inline markup (emphasis markers, links' targets, inline HTML tags)
while keeping the words.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import yaml

from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~'\"$@^&=:;,?/])")
_INLINE_TAG = re.compile(r"</?(?:s|del|ins|u|em|strong|b|i|span|sup|sub|a|mark|small|font|br)"
                         r"\b[^>\n]*>", re.IGNORECASE)
_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3})(?=\S)(.+?)(?<=\S)\1")
_STRAY_STARS = re.compile(r"(?<!\w)\*+(?=\s|$)|(?<=\s)\*+(?!\w)|^\*+(?=\s)", re.MULTILINE)
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
# A line that starts a new turn or block: never glued to the line before.
_STARTS_BLOCK = re.compile(
    r"^[ \t\u00a0]*(?:[A-Z][A-Z0-9.'’\-&/() ]{0,60}:(?:\s|$)|[QA](?:\u00a0|[ \t]{2,}|\t)"
    r"|Q (?=[A-Z\"“—–…])|[-*+>]\s|"
    r"\d+[.)]\s|#|\d{1,2}(?::\d{2})?\s*[AaPp]\.?[Mm]\.?)"
)
_BLANK = re.compile(r"^[\s\u00a0]*$")


def looks_like_markdown(text: str) -> bool:
    return bool(_FRONT.match(text))


def normalise_markdown(body: str) -> str:
    """Join hard-wrapped lines, undo escapes, drop inline markup (see module doc)."""
    body = _INLINE_TAG.sub("", body)
    body = _IMAGE_OR_LINK.sub(r"\1", body)
    body = _EMPHASIS.sub(r"\2", body)
    body = _STRAY_STARS.sub("", body)
    body = _HEADING.sub("", body)
    body = _ESCAPE.sub(r"\1", body)
    out: list[str] = []
    previous_blank = True
    for line in body.split("\n"):
        if _BLANK.match(line):
            out.append(line)
            previous_blank = True
            continue
        if not previous_blank and not _STARTS_BLOCK.match(line):
            # glue to the previous line of the paragraph
            out[-1] = out[-1].rstrip(" \t\\") + " " + line.lstrip(" \t")
        else:
            if out and not previous_blank:
                out[-1] = out[-1].rstrip(" \t\\")
            out.append(line)
        previous_blank = False
    return "\n".join(out)


def _meta_from_front(front: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    lower = {str(k).lower(): v for k, v in front.items()}
    title = lower.get("title")
    if title:
        meta["title"] = re.sub(r"\s+", " ", str(title)).strip()
    for key in ("date", "published_time", "published", "pubdate", "created"):
        if lower.get(key):
            stamp = pd.to_datetime(str(lower[key]), errors="coerce", utc=True)
            if not pd.isna(stamp):
                meta["date"] = stamp.tz_convert(None).normalize()
                break
    for key in ("location", "place", "venue"):
        if lower.get(key):
            meta["location"] = str(lower[key])
            break
    for key in ("source_url", "url", "link", "canonical_url"):
        if lower.get(key):
            meta["url"] = str(lower[key])
            break
    for key in ("author", "byline", "speaker", "speakers"):
        if lower.get(key):
            value = lower[key]
            meta["byline"] = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            break
    return meta


def parse_markdown(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a Markdown transcript with optional YAML front matter."""
    meta: dict[str, Any] = {}
    front_text = ""
    match = _FRONT.match(text)
    if match:
        front_text = match.group(0)
        try:
            front = yaml.safe_load(match.group("yaml"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise TranscriptError(
                source, f"The YAML front matter is invalid ({getattr(exc, 'problem', exc)}).",
                "Fix the front matter between the '---' lines (quote values with colons).",
                line=(mark.line + 2) if mark is not None else 1) from None
        if isinstance(front, dict):
            meta = _meta_from_front(front)
    body = text[len(front_text):]
    return [ParsedDocument(front_text + normalise_markdown(body), "markdown", meta,
                           body_start=len(front_text))]
