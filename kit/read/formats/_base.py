"""The contract between format readers and the rest of the reader.

A format reader takes the decoded text of one source and returns a list of
:class:`ParsedDocument` (one per transcript; a feed holds many). Each carries the
document's *normalised text*: the text every offset in the tables points into.
Header, turns and trailer tile it exactly, so nothing of it is lost.

Readers of free text (plain, HTML, feeds, Markdown) leave ``turns`` as ``None``;
the segmenter (:mod:`kit.read.segment`) finds turns in the normalised text. Readers of
structured formats (subtitles, JSON, CSV, parliamentary XML) set ``turns`` themselves, and
may name each turn's speaker and what the file says of them (person id, party ...), and
mark stage directions (notes, interjections, applause) by their spans.

For XML the normalised text is the document's text content in reading order; text between
two turns (a note, a heading) belongs to the turn before it, so the gaps between turns hold
only whitespace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class RawTurn:
    """One turn as spans into the normalised text.

    ``text[start:text_start]`` holds the label and its separator,
    ``text[text_start:end]`` the speech (no leading or trailing whitespace).
    """

    start: int
    text_start: int
    end: int
    label: str
    start_s: float | None = None
    end_s: float | None = None
    #: The canonical speaker, when the format names them (``None``: found from ``label``).
    speaker: str | None = None
    #: The turn's role (one of :data:`kit.schema.ROLES`), when the format gives it.
    role: str | None = None
    #: What the file says of the speaker: ``person_id``, ``party`` and any other attribute
    #: (one row per speaker of ``corpus.speakers``).
    attributes: dict[str, Any] | None = None
    #: The label the speaker is named by, where it is not the turn's own: an examination's
    #: ``Q.`` is the examiner's (``MR. SMITH``), its ``A.`` the witness's
    #: (:mod:`kit.read.examination`).
    label_as: str | None = None


@dataclass(slots=True)
class ParsedDocument:
    """One transcript as read by a format reader.

    Attributes
    ----------
    text
        The normalised text (decoded, newlines ``\\n``, markup removed).
    format
        Name of the format that read it (``"text"``, ``"html"``, ``"rss"``, ...).
    meta
        Metadata the format itself carries: ``title``, ``date``, ``location``,
        ``byline``, ``url`` ... These win over what is guessed from the header.
    turns
        Turns found by the format, or ``None`` to let the segmenter find them.
    key
        Distinguishes documents of one source (e.g. a feed item's slug); ``None``
        when the source holds one document.
    line_offset
        Line numbers in ``text`` plus this give lines in the source file.
    body_start
        Text before this offset (e.g. YAML front matter) is never speech.
    stage
        Spans ``(start, end)`` of stage directions the format marks (``<note>``,
        ``<kommentar>``, ``<incident>``), each inside one turn's speech. Found in addition
        to the bracketed notes :mod:`kit.read.stage` recognises in any text.
    surrogate_free
        True when every string of the document came out of lxml, which decodes UTF-8
        strictly and so never makes a lone surrogate: the scan for them is skipped.
    """

    text: str
    format: str
    meta: dict[str, Any] = field(default_factory=dict)
    turns: list[RawTurn] | None = None
    key: str | None = None
    line_offset: int = 0
    body_start: int = 0
    stage: list[tuple[int, int]] = field(default_factory=list)
    surrogate_free: bool = False
