"""Format readers: each turns the decoded text of one source into ParsedDocument objects.

A format is a module of this package with a ``parse_<name>(text, *, source, ...)`` function
(see :mod:`kit.read.formats._base` for what it returns). :data:`READERS` names them all;
:func:`sniff_format` picks one from a text's content and its file suffix, and :func:`parse`
calls it. XML formats are told apart by their root element (:data:`XML_ROOTS`).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
from collections.abc import Mapping
from typing import Any

from kit.errors import KitError
from kit.read.formats._base import ParsedDocument

#: Format name -> (module in this package, function). ``text`` needs no reader: the
#: segmenter finds turns in the text as it is.
READERS: dict[str, tuple[str, str] | None] = {
    "text": None,
    "html": ("html", "parse_html"),
    "rss": ("feed", "parse_feed"),
    "atom": ("feed", "parse_feed"),
    "markdown": ("markdown", "parse_markdown"),
    "vtt": ("subtitles", "parse_vtt"),
    "srt": ("subtitles", "parse_srt"),
    "json": ("table", "parse_json"),
    "jsonl": ("table", "parse_jsonl"),
    "csv": ("table", "parse_csv"),
    "spacelog": ("spacelog", "parse_spacelog"),
    "numbered": ("numbered", "parse_numbered"),
    "gpo": ("gpo", "parse_gpo"),
    "newswire": ("newswire", "parse_newswire"),
    "parlparse": ("parlparse", "parse_parlparse"),
    "hansard_uk": ("hansard_uk", "parse_hansard_uk"),
    "hansard": ("hansard", "parse_hansard"),
    "hansard_ca": ("hansard_ca", "parse_hansard_ca"),
    "hansard_au": ("hansard_au", "parse_hansard_au"),
    "europarl": ("europarl", "parse_europarl"),
    "parlamint": ("parlamint", "parse_parlamint"),
    "bundestag": ("bundestag", "parse_bundestag"),
    # Akoma Ntoso debates: <speech by="#id"> with a <from> label (Oireachtas, SayIt)
    "akn": ("akoma_ntoso", "parse_akoma_ntoso"),
    # TEI whose turns are <sp> with a <speaker> label (GermaParl, DraCor), not ParlaMint's <u>
    "tei": ("tei_speech", "parse_tei_speech"),
    # XML of any other schema: its text content, segmented as text
    "xml": ("xml_text", "parse_xml_text"),
}
FORMATS = tuple(READERS)
#: Formats whose reader also takes the file's bytes (``utf8=``) where they are its text as
#: UTF-8 exactly, and parses them in its place (lxml then need not encode the text).
UTF8_FORMATS = frozenset({"parlamint"})

#: XML root element (local name, lower-case) -> format, for structured XML formats.
XML_ROOTS: dict[str, str] = {
    "publicwhip": "parlparse",
    **dict.fromkeys(("housecommons", "houselords", "westminsterhall", "writtenanswers",
                     "writtenstatements", "grandcommitteereport"), "hansard_uk"),
    "hansard": "hansard",  # Canada or Australia: told apart by the root's children
    # ParlaMint: sittings, and the corpus root and lists (metadata, passed over in folders)
    "tei": "parlamint", "teicorpus": "parlamint", "listperson": "parlamint",
    "listorg": "parlamint", "taxonomy": "parlamint",
    "dbtplenarprotokoll": "bundestag",
    "akomantoso": "akn",
}

_SUFFIX_FORMAT = {
    ".txt": None, ".text": None, ".htm": "html", ".html": "html", ".xhtml": "html",
    ".xml": None, ".rss": "rss", ".atom": "atom", ".md": "markdown", ".markdown": "markdown",
    ".vtt": "vtt", ".srt": "srt", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "csv",
}
# The root element of an XML text: after a BOM (or a literal "&#xFEFF;"), the XML
# declaration, a doctype, comments and processing instructions.
_XML_ROOT = re.compile(
    r"\A(?:\ufeff|&#x[fF][eE][fF][fF];|\s)*(?:<\?xml[^>]*\?>\s*)?"
    r"(?:(?:<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*<([\w:.\-]+)",
    re.DOTALL | re.IGNORECASE)


def xml_root(text: str) -> str | None:
    """The local name (lower-case) of the root element of an XML ``text``, or None."""
    m = _XML_ROOT.match(text[:20_000])
    return m.group(1).rsplit(":", 1)[-1].lower() if m else None


def sniff_format(text: str, *, suffix: str = "") -> str:
    """Guess a text's format from its content, then its suffix."""
    from kit.read.formats import (
        europarl,
        feed,
        gpo,
        html,
        markdown,
        newswire,
        numbered,
        spacelog,
        subtitles,
        table,
        tei_speech,
        xml_text,
    )

    head = text[:2000].lstrip("\ufeff \t\n")
    by_suffix = _SUFFIX_FORMAT.get(suffix.lower())
    if head.startswith("WEBVTT"):
        return "vtt"
    if subtitles.looks_like_srt(text):
        return "srt"
    if by_suffix in ("vtt", "srt"):  # a cue written wrong is named, not read as plain text
        return by_suffix
    if europarl.looks_like_europarl(text):
        return "europarl"
    if by_suffix in ("json", "jsonl", "csv"):
        return by_suffix
    if table.looks_like_tsv(text):  # a .txt export of a table, a Word table's rows
        return "csv"
    if spacelog.looks_like_spacelog(text):
        return "spacelog"
    if numbered.looks_like_numbered(text):
        return "numbered"
    if markdown.looks_like_markdown(text):
        return "markdown"
    if gpo.looks_like_gpo(text):
        return "gpo"
    if newswire.looks_like_newswire(text):
        return "newswire"
    root = xml_root(text) if head.startswith(("<", "&#")) else None
    if root in XML_ROOTS:
        if root in ("tei", "teicorpus") and tei_speech.looks_like_tei_speech(text):
            return "tei"
        return XML_ROOTS[root]
    if feed.looks_like_feed(text):
        return "rss"
    if by_suffix in ("html", "markdown"):
        return by_suffix
    if xml_text.looks_like_xml(text, root):
        return "xml"
    if head.startswith(("[", "{")) and suffix.lower() not in (".txt",):
        return "json"
    if html.looks_like_html(text, plain_suffix=suffix.lower() in (".txt", ".text")):
        return "html"
    return "text"


def check_format(fmt: str | None) -> None:
    """Raise a KitError naming the known formats unless ``fmt`` is one (or None)."""
    if fmt is not None and fmt not in READERS:
        raise KitError(f"Unknown format={fmt!r}. Fix: pass one of {', '.join(FORMATS)}.")


def parse(text: str, fmt: str, *, source: str, options: Mapping[str, Any],
          utf8: bytes | None = None) -> list[ParsedDocument]:
    """Read ``text`` with the reader of ``fmt``: one ParsedDocument per transcript in it.

    ``utf8``, the file's bytes where they are ``text`` as UTF-8 exactly, goes to the readers
    of :data:`UTF8_FORMATS` (the others ignore it).
    """
    check_format(fmt)
    reader = READERS[fmt]
    if reader is None:
        return [ParsedDocument(text, fmt)]
    parse_one = reader_of(fmt)
    # A folder of mixed formats shares one set of options: each reader gets the ones it names.
    names = _option_names(parse_one)
    chosen = {k: v for k, v in options.items() if k in names}
    if utf8 is not None and fmt in UTF8_FORMATS:
        chosen["utf8"] = utf8
    return parse_one(text, source=source, **chosen)


def reader_of(fmt: str) -> Any:
    """The parse function of a format (None for plain text)."""
    reader = READERS[fmt]
    if reader is None:
        return None
    module, function = reader
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


@functools.cache
def _option_names(parse_one: Any) -> frozenset[str]:
    """The keyword options a reader takes (``source`` and ``utf8`` aside)."""
    params = inspect.signature(parse_one).parameters.values()
    return frozenset(p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY
                     and p.name not in ("source", "utf8"))


def check_options(options: Mapping[str, Any]) -> None:
    """Raise a KitError naming an option that no reader takes (a typo, say)."""
    known = set().union(*(_option_names(reader_of(f)) for f in READERS if READERS[f]))
    unknown = sorted(set(options) - known)
    if unknown:
        raise KitError(f"No reader takes the option {unknown[0]}=. Fix: use one of "
                       f"{', '.join(sorted(known))}.")
