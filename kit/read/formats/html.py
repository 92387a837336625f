"""HTML pages and fragments to normalised text, with lxml (libxml2's forgiving parser).

Block elements become paragraphs separated by a blank line, ``<br>`` a line
break; runs of ordinary whitespace collapse as a browser shows them, while
no-break spaces are kept (``Q\\u00a0\\u00a0 text`` marks a question). Scripts,
styles, navigation, page headers, footers, forms and asides are dropped; when a
page has a main-content element (``<main>``, ``<article>``, ``.entry-content``)
only that is read, without its title block: the ``<h1>`` and the small block around it
(a section flag, the title, an "Issued on" date; at most a quarter of the text in at most
five paragraphs) are page furniture, and the title
comes from the markup's metadata instead. What the page says in ``<head>`` (the
description, og: and twitter: tags that repeat the transcript's opening, JSON-LD) is
never text.

Pages saved by scrapers as a Python bytes literal (``b'<div ...>\\n\\t...\\xe2\\x80\\x99'``,
one line, newlines and non-ASCII bytes escaped) are decoded first: a line that is
exactly such a literal is evaluated as a literal (never as code) and its bytes decoded
as UTF-8, or Windows-1252 where they are not UTF-8.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import lxml.etree
import lxml.html
import pandas as pd

from kit.errors import TranscriptError
from kit.read.decoding import decode
from kit.read.formats._base import ParsedDocument
from kit.read.formats._xml import local_name as xml_local_name
from kit.read.header import find_date

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
# A line that is one Python bytes literal holding markup: b'<div ...>...' or b"<p>...".
_BYTES_LITERAL = re.compile(r"^[bB](?P<q>['\"]).*(?P=q)$")
_LITERAL_START = re.compile(r"^[bB]['\"]<")
# A title block holds at most this share of its content element's text, in a few
# paragraphs (a section flag, a date line): more would be the article itself.
_TITLE_BLOCK_SHARE = 0.25
_TITLE_BLOCK_PARAGRAPHS = 5
_NL_SPACES = re.compile(r"[ \t]*\n[ \t]*")
_MANY_BREAKS = re.compile(r"\n{3,}")


def local_name(tag: Any) -> str:
    """An element's tag without namespace or prefix, lower-case ("" for comments)."""
    return xml_local_name(tag).rsplit(":", 1)[-1].lower()


def _is_page_header(el: Any) -> bool:
    parent = el.getparent()
    return parent is not None and local_name(parent.tag) in ("body", "html")


def _walk(root: Any, out: list[str], skip: frozenset = frozenset()) -> None:
    """Append the text of ``root`` to ``out``, leaving out ``skip``; iterative, any depth."""
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
                el.tag, str) or el in skip:
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
    skip: frozenset = frozenset()
    if whole_page:
        candidates = root.xpath(_CONTENT_XPATH)
        if candidates:
            # the innermost content element that still holds most of the text
            best = max(candidates, key=lambda e: len(e.text_content()))
            body = best
            block = _title_block(best)
            skip = frozenset() if block is None else frozenset([block])
    out: list[str] = []
    _walk(body, out, skip)
    text = "".join(out).replace("\u200b", "")
    text = _NL_SPACES.sub("\n", text)
    text = _MANY_BREAKS.sub("\n\n", text).strip("\n ")
    return text + "\n", root


def _visible_chars(root: Any) -> int:
    """Characters of text ``root`` shows (scripts, styles, navigation ... left out)."""
    count = 0
    stack = [root]
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str) or local_name(el.tag) in _DROP:
            continue
        count += len((el.text or "").strip())
        for child in el:
            count += len((child.tail or "").strip())
            stack.append(child)
    return count


def _title_block(content: Any) -> Any | None:
    """The page's title block inside ``content``: its first ``<h1>`` and the largest
    element around it that still holds at most a quarter of the text in at most five
    paragraphs (None: no ``<h1>``, or one as long as the page)."""
    headings = content.xpath(".//h1")
    if not headings:
        return None
    limit = _TITLE_BLOCK_SHARE * _visible_chars(content)
    block = headings[0]
    if _visible_chars(block) > limit:
        return None  # a heading as long as the page: not a title
    parent = block.getparent()
    while parent is not None and parent is not content and _visible_chars(parent) <= limit \
            and len(parent.xpath(".//p | .//li")) <= _TITLE_BLOCK_PARAGRAPHS:
        block, parent = parent, parent.getparent()
    return block


def decode_bytes_literals(markup: str, *, source: str) -> str:
    """Replace each line that is a Python bytes literal by the text its bytes hold.

    Parameters
    ----------
    markup
        The file's text; lines that are not bytes literals are kept as they are.
    source
        File name used in error messages.

    Returns
    -------
    str
        The text with each literal decoded (UTF-8, or Windows-1252 where the bytes are
        not UTF-8; line endings ``\\n``).

    Raises
    ------
    TranscriptError
        When a line has the shape of a literal but is not a valid one (e.g. cut short).
    """
    if not re.search(r"^[ \t]*[bB]['\"]<", markup, re.MULTILINE):
        return markup  # the usual page: no literal to look for
    lines = markup.split("\n")
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not _LITERAL_START.match(stripped):
            continue
        reason = None
        if not _BYTES_LITERAL.match(stripped):
            reason = "it does not end with the quote it opens with (cut short?)"
        else:
            try:
                value = ast.literal_eval(stripped)  # a literal only: nothing is run
            except (ValueError, SyntaxError) as exc:
                reason = f"it is not a valid literal: {getattr(exc, 'msg', None) or exc}"
        if reason is not None:
            raise TranscriptError(
                source, f"This line is a Python bytes literal of HTML (b'<...') that cannot "
                f"be decoded: {reason}.",
                "Save the page's HTML itself (decode the bytes before writing them), or "
                "repair the literal.", line=number)
        if isinstance(value, bytes):
            lines[number - 1] = decode(value, source=source) if value.strip() else ""
    return "\n".join(lines)


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
        # "Remarks by ... | The White House": the site's name is not the title's
        site = _first(root, "//meta[@property='og:site_name']/@content")
        if site and title.endswith(site) and title != site:
            title = re.sub(r"\s*[|–—:-]\s*$", "", title[: -len(site)]) or title
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


#: A value that is HTML: it opens with a tag of text (and closes one somewhere).
_MARKUP_START = re.compile(
    r"\s*<(?:p|div|span|br|h[1-6]|ul|ol|li|blockquote|em|strong|b|i)\b[^<>]*>", re.IGNORECASE)


def markup_paragraphs(value: str, *, source: str) -> list[str] | None:
    """The paragraphs of a value that is HTML (a table cell, an XML element holding
    ``<p>Fru talman! …</p>`` as text), or None when it is text that only mentions a tag."""
    if "</" not in value or not _MARKUP_START.match(value):
        return None
    text = html_to_text(value, source=source, whole_page=False)[0]
    return [p.strip() for p in text.split("\n\n") if p.strip()]


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


def _time_element_date(root: Any, normalised: str) -> pd.Timestamp | None:
    """The date a ``<time>`` element writes as text, when the transcript's header has none.

    A page may show its publication date in ``<time>April 27, 2020</time>`` beside the
    article; the dateline at the top of the transcript (the day it was spoken) wins.
    """
    from kit.read.segment import find_turns

    for element in root.xpath("//body//time"):
        stamp = find_date(_COLLAPSE.sub(" ", element.text_content()))
        if stamp is not None:
            turns = find_turns(normalised)  # only pages with such a <time> pay for this
            header = normalised[: turns[0].start if turns else 0]
            return stamp if find_date(header) is None else None
    return None


def parse_html(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a saved HTML page (or fragment) as one transcript.

    Parameters
    ----------
    text
        The file's text: a page, a fragment, or either saved as a Python bytes literal.
    source
        File name used in error messages.

    Returns
    -------
    list of ParsedDocument
        One document (format ``"html"``) with the title, date and URL the markup gives.
    """
    normalised, root = html_to_text(decode_bytes_literals(text, source=source),
                                    source=source)
    meta = page_meta(root)
    if "date" not in meta and root is not None:
        stamp = _time_element_date(root, normalised)
        if stamp is not None:
            meta["date"] = stamp
    return [ParsedDocument(normalised, "html", meta)]
