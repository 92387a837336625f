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
_MAX_DEPTH = 64  # lists and mappings in lists and mappings: front matter needs a few


class _Refused(yaml.YAMLError):
    """Front matter the loader will not build (too costly), with where and what to do."""

    def __init__(self, problem: str, fix: str, event: yaml.Event) -> None:
        super().__init__(problem)
        self.problem, self.fix = problem, fix
        mark = event.start_mark  # (a pure-Python or a C mark: both have the line, 0-based)
        self.line = mark.line if mark is not None else None


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader without its two costly corners.

    An alias (``*name``) of a list or mapping is refused: nine lines of them expand to
    billions of items ("billion laughs") once the values are written out. Aliases of
    single values cost no more than the text and stay. Nesting deeper than
    ``_MAX_DEPTH`` is refused before Python's recursion limit is reached.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if not isinstance(self.anchors.get(event.anchor), yaml.ScalarNode | None):
                raise _Refused(
                    f"it uses the alias *{event.anchor} of a list or mapping, which can "
                    "expand to billions of values",
                    f"Write the values out instead of the alias *{event.anchor}.",
                    event)
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > _MAX_DEPTH:
                raise _Refused(f"it nests lists or mappings more than {_MAX_DEPTH} deep",
                               "Flatten the front matter: title, date and the like need no "
                               "nesting.", event)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


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
    """Read a Markdown transcript with optional YAML front matter.

    Raises
    ------
    TranscriptError
        Naming the line, for front matter that is not valid YAML, that holds a value YAML
        cannot build (the date 2022-02-30), or that would cost far more than its size: an
        alias of a list or mapping (nine lines of them are billions of values) or nesting
        more than 64 deep. Aliases of single values are read.
    """
    meta: dict[str, Any] = {}
    front_text = ""
    match = _FRONT.match(text)
    if match:
        front_text = match.group(0)
        try:
            front = yaml.load(match.group("yaml"), Loader=_FrontMatterLoader)
        except _Refused as exc:
            raise TranscriptError(
                source, f"The YAML front matter cannot be read: {exc.problem}.", exc.fix,
                line=exc.line + 2 if exc.line is not None else 1) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise TranscriptError(
                source, f"The YAML front matter is invalid ({getattr(exc, 'problem', exc)}).",
                "Fix the front matter between the '---' lines (quote values with colons).",
                line=(mark.line + 2) if mark is not None else 1) from None
        except (ValueError, OverflowError, TypeError) as exc:  # e.g. the date 2022-02-30
            raise TranscriptError(
                source, f"The YAML front matter holds a value that cannot be read ({exc}).",
                "Fix the front matter between the '---' lines (quote a value to keep it as "
                "text).", line=2) from None
        if isinstance(front, dict):
            meta = _meta_from_front(front)
    body = text[len(front_text):]
    return [ParsedDocument(front_text + normalise_markdown(body), "markdown", meta,
                           body_start=len(front_text))]
