"""PDF transcripts: the text of each page, laid out as it is printed.

Courts, committees and parliaments publish transcripts as PDFs. Each page's text is taken
in pypdf's layout mode, which places text as ``pdftotext -layout`` (Poppler) does: a
printed line is a line of text, columns stay where they stand, so the line numbers, page
headers and footers of a court transcript read as they do in that tool's output (see
:mod:`kit.read.formats.numbered`). Pages are separated by a form feed, as there.

A page set in two or more columns (a parliament's record) would interleave its columns
line by line in that layout; such a page is taken in content order instead, which for
typeset columns is one column after the other.

Scanned pages hold no text: a PDF without any is refused with how to OCR it.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from kit.errors import TranscriptError

__all__ = ["pdf_text"]

_CONVERT = ("Save or print it to PDF again, or convert it with `pdftotext -layout FILE.pdf` "
            "(Poppler) and read the .txt.")
# Control characters a PDF's font maps may give (never text); tab, line feed, form feed stay.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A gap of three or more spaces between two printed characters.
_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")


def pdf_text(data: bytes, *, source: str) -> str:
    """The text of a PDF's pages.

    Parameters
    ----------
    data
        The file's bytes.
    source
        The file's name, for errors.

    Returns
    -------
    str
        Each page's lines as printed (leading spaces kept), pages separated by ``"\\f"``.

    Raises
    ------
    TranscriptError
        For a damaged or password-protected PDF, or one without text (a scan).
    """
    import pypdf
    from pypdf.errors import DependencyError, PyPdfError

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # "Ignoring wrong pointing object": repaired, not ours
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # locked against editing only: reads as is
            except (PyPdfError, NotImplementedError, DependencyError) as exc:
                raise _locked(source, str(exc)) from None
            if not opened:
                raise _locked(source, "a password is needed to open it")
        pages = [_page_text(page) for page in reader.pages]
        if not pages:
            raise PyPdfError("no page found")
    except TranscriptError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure of pypdf on a damaged or
        # hostile file is the file's (PdfReadError, ValueError, KeyError, struct and zlib
        # errors, RecursionError ...), not a bug of the kit's
        raise TranscriptError(source, f"The PDF cannot be read ({type(exc).__name__}: {exc}).",
                              _CONVERT, line=1) from None
    finally:
        pypdf_log.setLevel(level)
    if not any(page.strip() for page in pages):
        raise TranscriptError(
            source, f"The PDF's {len(pages)} page{'s' if len(pages) != 1 else ''} hold no "
                    "text: it is a scan (pictures of pages).",
            "Make its text readable with OCR first, e.g. `ocrmypdf FILE.pdf OUT.pdf`, and "
            "read OUT.pdf.", line=1)
    return "\f".join(pages)


def _locked(source: str, why: str) -> TranscriptError:
    return TranscriptError(source, f"The PDF is encrypted ({why}).",
                           "Open it with its password and save a copy without one (or "
                           "`qpdf --decrypt`), and read that.", line=1)


def _page_text(page: object) -> str:
    """One page's text: as laid out, or in content order where it is set in columns."""
    try:
        text = page.extract_text(extraction_mode="layout")  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - layout mode is pypdf's newer code: fall back
        text = None
    if text is None or in_columns(text):
        text = page.extract_text()  # type: ignore[attr-defined]
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.rstrip("\n") + "\n" if text.strip() else ""


def in_columns(page: str) -> bool:
    """Whether a page laid out as printed is set in two or more columns of text.

    Half or more of its lines of some length then have a gap of three or more spaces
    across their middle third, with eight characters or more on each side, after which
    the text starts at the same place (the next column's edge). Justified lines with
    wide spaces (gaps anywhere), a court transcript's line numbers (at the left edge),
    page numbers and a few tabbed lines (a caption, a table of contents) do not count.
    """
    lines = [line.rstrip() for line in page.splitlines()]
    width = max((len(line) for line in lines), default=0)
    long = [line for line in lines if len(line) >= width * 0.6]
    if width < 40 or len(long) < 8:
        return False
    lo, hi = width / 3, 2 * width / 3
    edges: Counter[int] = Counter()
    for line in long:
        edges.update({m.end() for m in _GAP.finditer(line)
                      if m.start() >= 8 and len(line) - m.end() >= 8 and m.start() <= hi
                      and m.end() >= lo})
    best = max((edges[e - 1] + edges[e] + edges[e + 1] for e in edges), default=0)
    return best >= len(long) / 2
