"""Word (.docx) and OpenDocument (.odt) files: the text of their paragraphs.

Transcription services (Rev, Otter, Trint, Sonix), courts and committees hand transcripts
out as word-processor files. Their text is the document body's paragraphs in reading order,
a line each, with tabs and line breaks kept: the text the word processor's own "save as
plain text" writes, so a document reads exactly as its .txt export would (labels,
timestamps, line numbers). A table's row is a line of tab-separated cells, so a transcript
kept as a table (time, speaker, text) reads as the table it is. What is not on the
page as text is left out: deleted text of tracked changes, field codes, comments, and the
separate parts for page headers, footers and footnotes (page furniture, not speech).

A document is a zip of XML parts: the parts are decompressed up to a limit (a "zip bomb"
stops with an error, not with the memory of the machine), and parsed without entities or
network access.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from typing import Any

from kit.errors import TranscriptError

__all__ = ["MAX_PART_BYTES", "is_zip", "office_text"]

#: Largest decompressed XML part read, in bytes (a 500-page transcript is ~10 MB of XML).
MAX_PART_BYTES = 256 * 2**20

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_T = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODT_MIMETYPES = ("application/vnd.oasis.opendocument.text",
                  "application/vnd.oasis.opendocument.text-template")
_SAVE_AS = ("Save it as plain text (.txt) or HTML (.html) from the word processor, or unzip "
            "the archive it is, and read that.")


def is_zip(data: bytes) -> bool:
    """Whether ``data`` is a zip archive (a .docx, an .odt, or any other zip)."""
    return data[:4] == b"PK\x03\x04"


def office_text(data: bytes, *, source: str) -> str:
    """The text of a Word (.docx) or OpenDocument text (.odt) file's body.

    Parameters
    ----------
    data
        The file's bytes (a zip archive).
    source
        The file's name, for errors.

    Returns
    -------
    str
        One line per paragraph (and per heading, list item and table row, its cells
        separated by tabs), in reading order; a line break inside a paragraph is ``"\\n"``
        too, a tab ``"\\t"``.

    Raises
    ------
    TranscriptError
        For a zip that is damaged, too large once decompressed, or not a Word or
        OpenDocument text (a spreadsheet, a presentation, any other archive).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "word/document.xml" in names:
            body = _part(archive, "word/document.xml", source).find(f"{_W}body")
            paragraphs = _paragraphs(body, paragraph=_DOCX_PARAGRAPH, skip=_DOCX_SKIP,
                                     runs=_docx_runs)
        elif "content.xml" in names and _mimetype(archive, names) in _ODT_MIMETYPES:
            body = _part(archive, "content.xml", source).find(f"{_OFFICE}body/{_OFFICE}text")
            paragraphs = _paragraphs(body, paragraph=_ODT_PARAGRAPHS, skip=_ODT_SKIP,
                                     runs=_odt_runs)
        else:
            kind = _mimetype(archive, names) or "not a word-processor document"
            raise TranscriptError(
                source, f"This is a zip archive ({kind}), not a Word or OpenDocument text.",
                _SAVE_AS, line=1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError,
            RuntimeError, zlib.error) as exc:  # (RuntimeError: an entry with a password)
        raise TranscriptError(source, f"The zip archive cannot be opened ({exc}).",
                              "Save a Word or OpenDocument file again from the word "
                              "processor; unzip any other archive and read its files.",
                              line=1) from None
    text = "\n".join(paragraphs)
    if not text.strip():
        raise TranscriptError(source, "The document holds no text.",
                              "Check that the transcript is in the document's body (not "
                              "only in text boxes of images or in page headers).", line=1)
    return text


def _mimetype(archive: zipfile.ZipFile, names: set[str]) -> str:
    if "mimetype" not in names or archive.getinfo("mimetype").file_size > 200:
        return ""
    return archive.read("mimetype").decode("ascii", "replace").strip()


def _size(n_bytes: int) -> str:
    return f"{n_bytes / 2**20:.1f} MB" if n_bytes >= 2**20 else f"{n_bytes / 2**10:.1f} KB"


def _part(archive: zipfile.ZipFile, name: str, source: str) -> Any:
    """The root element of an XML part, decompressed up to :data:`MAX_PART_BYTES`."""
    import lxml.etree

    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise TranscriptError(
            source, f"The document's {name} is {_size(info.file_size)} once decompressed; "
                    f"the limit is {_size(MAX_PART_BYTES)}.",
            "Split the document, or save it as plain text and read that.", line=1)
    with archive.open(info) as stream:  # reads at most file_size bytes
        xml = stream.read(MAX_PART_BYTES + 1)
    if b"<!DOCTYPE" in xml[:4096]:  # entities: word processors never declare any
        raise TranscriptError(source, f"The document's {name} declares a DOCTYPE, which "
                                      "word processors never write.",
                              "Save the document again from the word processor.", line=1)
    # libxml2's own limits stay (nesting 256 deep, 10 MB a text node): far beyond a document's
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True,
                                  remove_comments=True, remove_pis=True)
    try:
        return lxml.etree.fromstring(xml, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise TranscriptError(source, f"The document's {name} is not well-formed XML "
                                      f"({exc.msg}).",
                              "Save the document again from the word processor.",
                              line=1) from None


# A table's rows and cells, Word's and OpenDocument's.
_ROWS = frozenset((f"{_W}tr", f"{_TABLE}table-row"))
_CELLS = frozenset((f"{_W}tc", f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"))
_IN_CELL = str.maketrans({"\t": " ", "\n": " "})


def _paragraphs(body: Any, *, paragraph: frozenset[str], skip: frozenset[str],
                runs: Callable[[Any, list[str], list[Any]], None]) -> list[str]:
    """The text of each paragraph (an element tagged one of ``paragraph``) under ``body``,
    in document order, through tables, lists and sections; ``runs`` writes a paragraph's
    pieces and lists the containers inside it (text boxes, frames), whose paragraphs come
    after it. Elements tagged one of ``skip`` are not on the page. A table row is one line,
    its cells separated by tabs (a cell's paragraphs, tabs and line breaks by spaces), as a
    tab-separated table: ``00:01<TAB>Jane Doe<TAB>Hello.``."""

    def walk(el: Any, out: list[str]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in skip:
                continue
            if tag in paragraph:
                pieces: list[str] = []
                nested: list[Any] = []
                runs(child, pieces, nested)
                out.append("".join(pieces))
                for container in nested:
                    walk(container, out)
            elif tag in _ROWS:
                cells = []
                for cell in child:
                    if cell.tag in _CELLS:
                        lines: list[str] = []
                        walk(cell, lines)
                        cells.append(" ".join(lines).translate(_IN_CELL).strip())
                if any(cells):
                    out.append("\t".join(cells))
            else:
                walk(child, out)

    found: list[str] = []
    if body is not None:
        walk(body, found)
    return found


# --- Word ----------------------------------------------------------------------------------

# Runs' content that is not on the page: deleted text, field codes (the field's result is
# written as runs too), and what a paragraph's properties hold.
_DOCX_SKIP = frozenset(f"{_W}{n}" for n in ("delText", "instrText", "delInstrText", "pPr",
                                             "rPr", "fldData", "commentReference")) | {
    # a text box is written twice, for new and for old readers: the old copy is skipped
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_DOCX_PARAGRAPH = frozenset((f"{_W}p",))


def _docx_runs(el: Any, pieces: list[str], nested: list[Any]) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _DOCX_SKIP:
            continue
        if tag == f"{_W}t":
            pieces.append(child.text or "")
        elif tag == f"{_W}tab" or tag == f"{_W}ptab":
            pieces.append("\t")
        elif tag == f"{_W}br" or tag == f"{_W}cr":
            pieces.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            pieces.append("\u2011")
        elif tag == f"{_W}txbxContent":  # a text box: its paragraphs after this one
            nested.append(child)
        else:
            _docx_runs(child, pieces, nested)


# --- OpenDocument --------------------------------------------------------------------------

_ODT_PARAGRAPHS = frozenset((f"{_T}p", f"{_T}h"))
# Not on the page as the paragraph's text: notes (footnotes: their body is a part of the
# paragraph's XML), comments, deleted text of tracked changes, frames' paragraphs (after).
_ODT_SKIP = frozenset((f"{_T}note", f"{_OFFICE}annotation", f"{_OFFICE}annotation-end",
                       f"{_T}tracked-changes", f"{_T}bookmark-ref", f"{_T}reference-ref"))


def _odt_runs(el: Any, pieces: list[str], nested: list[Any]) -> None:
    pieces.append(el.text or "")
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag not in _ODT_SKIP:
            if tag == f"{_T}s":
                count = child.get(f"{_T}c", "1")
                pieces.append(" " * (min(int(count), 1000) if count.isdigit() else 1))
            elif tag == f"{_T}tab":
                pieces.append("\t")
            elif tag == f"{_T}line-break":
                pieces.append("\n")
            elif tag.startswith(_DRAW):  # a frame: its paragraphs after this one
                nested.append(child)
            else:
                _odt_runs(child, pieces, nested)
        pieces.append(child.tail or "")
