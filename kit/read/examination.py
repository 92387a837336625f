"""Examinations of witnesses: who asks the ``Q.`` and who gives the ``A.``.

Trial and hearing transcripts, depositions and committee interviews mark each question
``Q.`` and each answer ``A.``, and say elsewhere who is asking and who answers:

- the examiner, on a line of its own before the questions: ``BY MR. SMITH:``,
  ``CROSS-EXAMINATION BY MS. JONES``, ``EXAMINATION BY COUNSEL FOR THE COMMITTEE``, and in
  the UK's public inquiries ``Questions from LEAD COUNSEL TO THE INQUIRY``; the questions
  after it are that lawyer's, until the next such line;
- the witness, when sworn (``JANE DOE, having been first duly sworn, testified as
  follows:``, ``Whereupon, JOHN ROE, was called as a witness and ...``, ``MS JANE DOE
  (affirmed)``) or in the title (``DEPOSITION OF JOHN ROE``, ``INTERVIEW OF: JANE DOE``);
  the answers after it, and the turns of ``THE WITNESS:``, are theirs until the next
  witness.

Those lines, and the headings ``DIRECT EXAMINATION``, ``CROSS-EXAMINATION`` ..., are the
record's, not speech: they are stage directions of the turn they fall in.

Input grain: a document's normalised text. Output grain: one :class:`Examination` per
document, the positions where an examiner or a witness takes over and the spans of the
record's lines; :mod:`kit.read.segment` resolves ``Q.``/``A.`` labels with it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

__all__ = ["ANSWER_LABELS", "QUESTION_LABELS", "Examination", "read_examination"]

#: Labels (as :func:`~kit.read.speakers.label_key` makes them) of a question, of an answer.
QUESTION_LABELS = frozenset({"Q", "QUESTION"})
ANSWER_LABELS = frozenset({"A", "ANSWER", "THE WITNESS", "WITNESS", "THE DEPONENT"})

_H = r"[ \t\u00a0]"
_KIND = (r"(?:(?:RE-?)?(?:DIRECT|CROSS|RECROSS|REDIRECT)|FURTHER(?:[ \t]+(?:RE-?)?(?:DIRECT"
         r"|CROSS|RECROSS|REDIRECT))?|VOIR[ \t]+DIRE|CONTINUED|(?:RE-?)?DIRECT[ \t]+AND"
         r"[ \t]+CROSS)")
_EXAMINATION = rf"(?:{_KIND}(?:[- \t]+|-))?(?:EXAMINATION|Examination)"
# A name in capitals (``MR. SMITH``, ``SENATOR WARREN``, ``JOHN Q. PUBLIC``), or a
# title then a name in mixed case (``Mr. Smith``, ``Senator Warren``).
_CAPS_NAME = r"[A-Z][A-Z.'’\-]*(?:[ \t]+[A-Z][A-Z.'’\-]*){0,5}"
_TITLE = (r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Senator|Representative|Congressman|Congresswoman"
          r"|Chairman|Chairwoman|Chair|Judge|Commissioner|Counsel)\.?")
_MIXED_NAME = rf"{_TITLE}[ \t]+[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){{0,3}}"
# BY MR. SMITH:  /  CROSS-EXAMINATION BY MS. JONES  /  By Mr. Smith:  (alone on its line;
# without the colon or a heading, only with a title: "BY JANE DOE" is a byline)
_EXAMINER = re.compile(
    rf"^{_H}*(?P<heading>{_EXAMINATION}{_H}+)?(?:BY|By){_H}+(?P<name>{_CAPS_NAME}|{_MIXED_NAME})"
    rf"{_H}*(?P<colon>:)?{_H}*(?:\((?:[Cc]ontinued|[Cc]ont'd)\.?\){_H}*)?$",
    re.MULTILINE,
)
_TITLED = re.compile(rf"{_TITLE}[ \t]", re.IGNORECASE)  # (MR. SMITH, Mr. Smith)
# The UK's public inquiries: "Questions from LEAD COUNSEL TO THE INQUIRY", "Questions by MR
# KEITH KC", "Further questions from THE CHAIR" (alone on its line)
_QUESTIONS_FROM = re.compile(
    rf"^{_H}*(?:(?:Further|Supplementary){_H}+)?(?:[Qq]uestions?|QUESTIONS?|[Ee]xamined"
    rf"|[Cc]ross-examined|[Rr]e-examined|[Cc]ross-examination|[Rr]e-examination)"
    rf"{_H}+(?:from|by|FROM|BY){_H}+(?P<name>{_CAPS_NAME}|{_MIXED_NAME}){_H}*:?{_H}*$",
    re.MULTILINE,
)
# DIRECT EXAMINATION  /  CROSS-EXAMINATION (Continued)  /  EXAMINATION OF JANE DOE
_HEADING = re.compile(
    rf"^{_H}*{_EXAMINATION}(?:{_H}+OF{_H}+(?P<name>{_CAPS_NAME}))?"
    rf"{_H}*(?:\((?:[Cc]ontinued|[Cc]ont'd|[Rr]esumed)\.?\))?{_H}*$",
    re.MULTILINE,
)
# DEPOSITION OF JOHN ROE  /  VIDEOTAPED DEPOSITION OF: JANE DOE  /  INTERVIEW OF THE
# PRESIDENT BY JOHN DOE, CNN  (the name ends before "BY", "WITH" ...)
_WORD = r"(?!(?:BY|WITH|ON|AT|FOR|TO|AND|IN|CONDUCTED|HELD|TAKEN)\b)[A-Z][A-Z.'’\-]*"
_TITLED_WITNESS = re.compile(
    rf"^{_H}*(?:(?:VIDEO(?:TAPED)?|TRANSCRIBED|CONTINUED|REMOTE|ORAL|SWORN){_H}+)*"
    rf"(?:DEPOSITION|INTERVIEW|TESTIMONY|STATEMENT){_H}+OF:?{_H}+"
    rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,5}})"
    rf"(?:,?{_H}+(?:BY|WITH|ON|AT|CONDUCTED|HELD|TAKEN)\b[^\n]*|{_H}*,?{_H}*)$",
    re.MULTILINE,
)
# THE RT HON BORIS JOHNSON MP (sworn)  /  MS JANE DOE (affirmed)  (alone on its line)
_SWORN_NOTE = re.compile(
    rf"^{_H}*(?P<name>[A-Z][A-Z.'’\-]*(?:[ \t]+[A-Z][A-Z.'’\-]*){{1,7}}){_H}*"
    rf"\((?:sworn|affirmed|Sworn|Affirmed|SWORN|AFFIRMED)\)\.?{_H}*$",
    re.MULTILINE,
)
# JANE DOE, having been first duly sworn, testified as follows:
# Whereupon, JOHN ROE, was called as a witness and, having been first duly sworn, ...
_FULL_CAPS_NAME = r"[A-Z][A-Z.'’\-]*(?:[ \t]+[A-Z][A-Z.'’\-]*){1,5}"  # two words or more
_SWORN = re.compile(
    rf"^{_H}*(?:Whereupon,?(?:{_H}|\n)+)?(?P<name>{_FULL_CAPS_NAME}),"
    rf"(?:[^\n]*\n){{0,2}}?[^\n]*?\b(?:sworn|affirmed|called{_H}+as{_H}+a{_H}+witness)\b"
    # (and "follows:" when it wraps onto a line of its own)
    rf"[^\n]*(?:\n{_H}*[^\n]{{0,40}}?\bfollows\b[:.]?{_H}*(?=\n|\Z))?",
    re.MULTILINE,
)
_CUE = re.compile(r"EXAMINATION|[Ee]xamin|\bBY\b|\bBy\b|[Ss]worn|[Aa]ffirmed|SWORN|AFFIRMED"
                  r"|DEPOSITION|INTERVIEW|TESTIMONY|STATEMENT|[Qq]uestions? (?:from|by)|QUESTION")


@dataclass
class Examination:
    """Who asks and who answers where, in one document."""

    #: ``(position, label)``: from ``position`` on, the questions are ``label``'s.
    examiners: list[tuple[int, str]] = field(default_factory=list)
    #: ``(position, label)``: from ``position`` on, the answers are ``label``'s.
    witnesses: list[tuple[int, str]] = field(default_factory=list)
    #: Spans of the record's lines: examiners, headings, the swearing in.
    notes: list[tuple[int, int]] = field(default_factory=list)

    def covers(self, pos: int) -> bool:
        """Whether ``pos`` falls in one of the record's lines."""
        i = bisect.bisect_right(self.notes, (pos, 1 << 62)) - 1
        return i >= 0 and self.notes[i][0] <= pos < self.notes[i][1]

    @staticmethod
    def _at(events: list[tuple[int, str]], pos: int) -> str | None:
        i = bisect.bisect_right(events, (pos, "\U0010ffff")) - 1
        return events[i][1] if i >= 0 else None

    def examiner_at(self, pos: int) -> str | None:
        """The label of who asks the questions at ``pos`` (None before any examiner)."""
        return self._at(self.examiners, pos)

    def witness_at(self, pos: int) -> str | None:
        """The label of who answers at ``pos`` (None before any witness is named)."""
        return self._at(self.witnesses, pos)


def read_examination(text: str) -> Examination | None:
    """The examiners, witnesses and record lines of ``text``; None if it names none.

    Parameters
    ----------
    text
        A document's normalised text.

    Returns
    -------
    Examination or None
        Events in text order: an examiner from each ``BY ...`` line, a witness from each
        swearing-in or ``DEPOSITION OF`` title, and the spans of those lines and of the
        examination headings.
    """
    if not _CUE.search(text):
        return None
    exam = Examination()
    for m in _EXAMINER.finditer(text):
        name = m.group("name")
        if m.group("colon") or m.group("heading") or _TITLED.match(name):
            exam.examiners.append((m.start(), name))
            exam.notes.append(m.span())
    for m in _QUESTIONS_FROM.finditer(text):
        exam.examiners.append((m.start(), m.group("name")))
        exam.notes.append(m.span())
    for pattern in (_SWORN, _SWORN_NOTE):
        for m in pattern.finditer(text):
            exam.witnesses.append((m.start(), m.group("name").rstrip(".")))
            exam.notes.append(m.span())
    for pattern in (_TITLED_WITNESS, _HEADING):
        for m in pattern.finditer(text):
            if m.group("name"):
                exam.witnesses.append((m.start(), m.group("name").rstrip(".")))
            if pattern is _HEADING:
                exam.notes.append(m.span())
    if not exam.examiners and not exam.witnesses:
        return None
    exam.examiners.sort()
    exam.witnesses.sort()
    merged: list[tuple[int, int]] = []
    for a, b in sorted(exam.notes):  # (a swearing-in may take in a heading's line: merged)
        while a < b and text[a] in " \t\u00a0\n":  # a stage direction starts at its words
            a += 1
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    exam.notes = merged
    return exam
