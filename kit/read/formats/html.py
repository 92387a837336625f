"""HTML pages and fragments to normalised text, with lxml (libxml2's forgiving parser).

Block elements become paragraphs separated by a blank line, ``<br>`` a line
break; runs of ordinary whitespace collapse as a browser shows them, while
no-break spaces are kept (``Q\\u00a0\\u00a0 text`` marks a question). Scripts,
styles, navigation, page headers, footers, forms and asides are dropped; when a
page has a main-content element (``<main>``, ``<article>``, ``.entry-content``)
only that is read.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.etree
import lxml.html
import pandas as pd

from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument

_BLOCK = frozenset(
    """p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table thead tbody tfoot section article
    main blockquote pre figure figcaption address hr fieldset details summary center""".split()
)
_DROP = frozenset(
    """script style noscript template svg nav footer aside form button iframe select option
    head meta link input textarea canvas video audio object embed map""".split()
)
_CONTENT_XPATH = (
    "//main | //article"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]"
    " | //*[@role='main'] | //*[@itemprop='articleBody']"
)
_COLLAPSE = re.compile(r"[ \t\n\r\f\v]+")
_NL_SPACES = re.compile(r"[ \t]*\n[ \t]*")
_MANY_BREAKS = re.compile(r"\n{3,}")


def local_name(tag: Any) -> str:
    """An element's tag without namespace or prefix, lower-case ("" for comments)."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _is_page_header(el: Any) -> bool:
    parent = el.getparent()
    return parent is not None and local_name(parent.tag) in ("body", "html")


def _walk(root: Any, out: list[str]) -> None:
    """Append the text of ``root`` to ``out``; iterative, so any depth is fine."""
    # stack items: (element, entering, inside <pre>)
    stack: list[tuple[Any, bool, bool]] = [(root, True, False)]
    while stack:
        el, entering, pre = stack.pop()
        if not entering:
            if local_name(el.tag) in _BLOCK:
                out.append("\n\n")
            if el is not root and el.tail:
                out.append(el.tail if pre else _COLLAPSE.sub(" ", el.tail))
            continue
        tag = local_name(el.tag)
        if tag in _DROP or (tag == "header" and _is_page_header(el)) or not isinstance(
                el.tag, str):
            if el is not root and el.tail:
                out.append(el.tail if pre else _COLLAPSE.sub(" ", el.tail))
            continue
        if tag == "br":
            out.append("\n")
        elif tag in _BLOCK:
            out.append("\n\n")
        inner_pre = pre or tag == "pre"
        if el.text:
            out.append(el.text if inner_pre else _COLLAPSE.sub(" ", el.text))
        stack.append((el, False, pre))
        for child in reversed(el):
            stack.append((child, True, inner_pre))


def html_to_text(markup: str, *, source: str, whole_page: bool | None = None) -> tuple[str, Any]:
    """Return the normalised text of an HTML page or fragment, and the parsed tree.

    Parameters
    ----------
    markup
        HTML as text.
    source
        File name used in error messages.
    whole_page
        Look for a main-content element; by default when the markup has ``<html>``
        or ``<body>``.
    """
    if not markup.strip():
        return "", None
    try:
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, huge_tree=True)
        root = lxml.html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise TranscriptError(source, f"The HTML could not be parsed ({exc}).",
                              "Check that the file is a saved web page, or pass format='text'.",
                              line=1) from None
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:
        # libxml2 stops at its limits (e.g. nesting over 2,048 levels) and drops the rest.
        raise TranscriptError(source,
                              f"The HTML could not be read to the end ({fatal[0].message}).",
                              "Save the page again, or its text as .txt, and read that.",
                              line=fatal[0].line)
    if whole_page is None:
        whole_page = bool(re.search(r"<(?:html|body)\b", markup[:5000], re.IGNORECASE))
    body = root
    if whole_page:
        candidates = root.xpath(_CONTENT_XPATH)
        if candidates:
            # the innermost content element that still holds most of the text
            best = max(candidates, key=lambda e: len(e.text_content()))
            body = best
    out: list[str] = []
    _walk(body, out)
    text = "".join(out).replace("\u200b", "")
    text = _NL_SPACES.sub("\n", text)
    text = _MANY_BREAKS.sub("\n\n", text).strip("\n ")
    return text + "\n", root


def _first(root: Any, xpath: str) -> str | None:
    if root is None:
        return None
    for value in root.xpath(xpath):
        value = value if isinstance(value, str) else value.text_content()
        value = _COLLAPSE.sub(" ", value).strip()
        if value:
            return value
    return None


def page_meta(root: Any) -> dict[str, Any]:
    """Title, date and URL a saved page declares in its markup."""
    meta: dict[str, Any] = {}
    title = (_first(root, "//meta[@property='og:title']/@content")
             or _first(root, "//h1") or _first(root, "//title"))
    if title:
        meta["title"] = title
    date = (_first(root, "//meta[@property='article:published_time']/@content")
            or _first(root, "//time/@datetime")
            or _first(root, "//meta[@name='date' or @name='DC.date' or @itemprop='datePublished']"
                            "/@content"))
    if date:
        stamp = pd.to_datetime(date, errors="coerce", utc=True)
        if not pd.isna(stamp):
            meta["date"] = stamp.tz_convert(None).normalize()
    url = (_first(root, "//link[@rel='canonical']/@href")
           or _first(root, "//meta[@property='og:url']/@content"))
    if url:
        meta["url"] = url
    return meta


def looks_like_html(text: str, *, plain_suffix: bool = False) -> bool:
    """Whether ``text`` is HTML markup rather than text that mentions a tag.

    A ``.txt`` file must look like a page (a doctype, ``<html>``/``<body>``, or
    several paragraphs in ``<p>``): a transcript quoting ``<script>`` stays text.
    """
    head = text[:4000].lower()
    if re.search(r"<!doctype html|<html\b|<body\b", head):
        return True
    blocks = len(re.findall(r"<(?:p|div|li|br)\b[^>]*>", head))
    if plain_suffix:
        return blocks >= 3
    return blocks >= 1 or bool(re.search(r"<(?:strong|b)>", head))


def parse_html(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a saved HTML page (or fragment) as one transcript."""
    normalised, root = html_to_text(text, source=source)
    return [ParsedDocument(normalised, "html", page_meta(root))]
