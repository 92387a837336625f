"""Split a transcript's normalised text into header, speaker turns and trailer.

The rules are general, not tuned to one source:

- *Shape*: a label sits at the start of a line (after optional whitespace) and is
  an upper-case name followed by a colon (``MR. PRICE:``), the audience marker
  ``Q`` followed by a run of spaces or no-break spaces, a name with a timestamp
  alone on its line (``Speaker 1  00:01``, ``Jane Doe (00:07:53):``), a
  mixed-case name followed by a colon (``Jane Doe:``), or the congressional style of
  an honorific or title, a name and a period (``Mr. SMITH.``, ``The PRESIDING OFFICER
  (Mr. Gorton).``, and ``Chairman Shelby.`` with the speech on the same line). News
  services write ``(UNKNOWN):`` for an unidentified speaker and may mark a label ``[*]``.
  A label may follow the number of a speech or a question: the Riksdag's ``Anf. 12  ULF
  KRISTERSSON (M) replik:``, New Zealand's ``1. CHRIS BISHOP (National—Hutt South) to the
  Minister of Finance:``, a select committee's ``Q12 Chair:``. Japan's Diet marks a label
  with a circle (``○根本委員長　``), Sonix puts the time after it (``Jane Doe: [00:00:03]``).
  Where a text has no such labels, a label alone on its line above the speech (``JANE
  DOE``, ``Jane Smith (Exampletown) (Lab)``) counts once two speakers recur.
- *Examinations*: in a trial, a deposition or an inquiry the ``Q.`` is the examiner named
  by the last ``BY MR. SMITH:`` line and the ``A.`` the witness sworn in or named in the
  title (:mod:`kit.read.examination`); those lines are no turns.
- *Recurrence*: mixed-case labels, upper-case labels that look like metadata
  fields (``NOTE:``, ``SPEAKERS:``), and short codes of one or two letters (the
  callsigns of radio logs, ``P:``, ``CC:``) count only when the document uses them more
  than once, so a title such as ``NATO Foreign Ministerial: Remarks by …`` is never a
  label; ``Chairman Shelby.`` counts once the document is written in that style, and so
  does a name with its country, seat or party in brackets (``Mr. Zhang Jun (China):``,
  three or more such paragraphs: in the UN's records most delegates speak once).
  Exceptions both ways: a personal name used once (``Jane Doe:``, a member of the
  audience) is a label when recurring labels stand before and after it and its line starts
  a paragraph, and so is a member addressed as such (``Abg. Andreas Stoch SPD:``) or a
  questioner (``Reuters:``); an upper-case word used once at the start of a
  line that continues a sentence (``... the report by`` / ``SWIFT: At what point``)
  is a word of a hard-wrapped sentence, not a label.
- *Position*: text before the first label is the header; page residue after
  the last turn (``###``, ``(The briefing was concluded at 2:25 p.m.)``, an
  end time, related-article titles) is the trailer.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kit import schema as s
from kit.read.examination import ANSWER_LABELS, QUESTION_LABELS, read_examination
from kit.read.formats._base import RawTurn
from kit.read.header import BOILERPLATE
from kit.read.speakers import label_key, role_of

_WS = r"[ \t\u00a0\u2000-\u200b\u202f\u3000]"

# NAME: text  (the name validated further in Python).  News-service transcripts (CQ,
# Federal News Service) may mark a label with "[*] " before it: "[*] GRASSLEY: text".
# WhisperX's diarised text puts the speaker in brackets: "[SPEAKER_00]: text". Australia's
# Hansard gives a member's seat, office and the time: "Mr ALBANESE (Grayndler—Prime
# Minister) (14:01): text".
_COLON_LABEL = re.compile(
    # (a select committee's question number before the asker: "Q12 Chair:")
    rf"^{_WS}*(?P<qnum>Q\d{{1,4}}{_WS}+)?(?P<mark>\[\*\]{_WS}*)?(?P<open>\[)?"
    rf"(?P<label>[^\W\d_](?:[\w.'’\-–—&/()]|,?[ \u00a0]{{1,2}}(?=\S)|(?<=\d):(?=\d)){{0,72}}?)"
    rf"(?(open)\]){_WS}*:(?={_WS}|\n|$)",
    re.MULTILINE,
)
# A label after the number of the speech or question: the Riksdag's "Anf. 12  ULF KRISTERSSON
# (M) replik:" (a reply: "replik" is no part of the name), and New Zealand's oral questions,
# "1. CHRIS BISHOP (National—Hutt South) to the Minister of Finance: What ..." (who asks).
_NUMBERED_LABEL = re.compile(
    rf"^{_WS}*(?:Anf\.{_WS}*\d{{1,4}}{_WS}+(?P<label>[^\W\d_][^:\n]{{0,80}}?)"
    rf"(?:{_WS}+replik)?|\d{{1,3}}\.{_WS}+(?P<asker>[^\W\d_][^:\n]{{0,80}}?){_WS}+to{_WS}+"
    rf"the{_WS}+[^:\n]{{3,80}}?){_WS}*:(?={_WS}|\n|$)",
    re.MULTILINE,
)
# (UNKNOWN): text  /  (UNIDENTIFIED MALE): text  (news services' unidentified speakers)
_UNKNOWN_LABEL = re.compile(
    rf"^{_WS}*(?P<label>\((?:UNKNOWN|UNIDENTIFIED)[A-Z .'\-]{{0,30}}\)){_WS}*:(?={_WS}|\n|$)",
    re.MULTILINE,
)
# Q    text / Q.  text / A   text  (audience and answer markers without a colon)
_QA_LABEL = re.compile(
    rf"^{_WS}*(?P<label>[QA])(?:\.?(?:\u00a0|{_WS}{{2,}}|\t)|\.{_WS}|{_WS}*$)",
    re.MULTILINE,
)
# Q You're disclosing ...  (a single space: only at a paragraph start, and recurring); A I
# was at home.  (an answer so written: court reporters' text with its spaces collapsed)
_Q_SINGLE = re.compile(rf"^{_WS}*(?P<label>[QA]) (?=[A-Z0-9\"“‘'(\[—–…])", re.MULTILINE)
_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# Speaker 1  00:01  /  Jane Doe (00:07:53):  /  [00:07:53] Jane Doe  (alone on a line)
_TIMED_LABEL = re.compile(
    rf"^{_WS}*(?:(?P<label>[^\W\d_][\w.'’\- ]{{0,48}}?){_WS}*[(\[]?(?P<ts>{_TIME})[)\]]?"
    # ([00:00:03.12] - Speaker 1: Happy Scribe's, a dash between)
    rf"|[(\[]?(?P<ts2>{_TIME})[)\]]?{_WS}+(?:[-–—]{_WS}+)?"
    rf"(?P<label2>[^\W\d_][\w.'’\- ]{{0,48}}?))"
    rf"{_WS}*:?{_WS}*$"
    # Donald Trump: (00:01)   (rev.com style, the text on the next line)
    rf"|^{_WS}*(?P<label3>[^\W\d_][\w.'’\- ]{{0,48}}?):{_WS}*[(\[](?P<ts3>{_TIME})[)\]]{_WS}*$"
    # [Jane Doe] 14:03:22   (a meeting's saved transcript, Zoom's)
    rf"|^{_WS}*(?P<open4>\[)(?P<label4>[^\W\d_][\w.'’\- ]{{0,48}}?)\]{_WS}+(?P<ts4>{_TIME})"
    rf"{_WS}*$",
    re.MULTILINE,
)
# Congressional and Public Papers style: "Mr. SMITH. Thank you." "Chairman JOHNSON."
# "The CHAIRMAN." "Senator WARREN of Massachusetts."  An honorific or title in mixed
# case, a surname in capitals, then a period.
_PERIOD_LABEL = re.compile(
    rf"^{_WS}*(?P<label>(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.|Chairman|Chairwoman|Chair|Senator"
    rf"|Representative|Secretary|General|Admiral|Ambassador|Governor|Judge|Justice"
    rf"|Commissioner|Director|Speaker|Delegate|Chief Justice|Vice Chairman|Ranking Member)"
    rf"\s+[A-Z][A-Z'’\-]+(?:\s+[A-Z][A-Z'’\-]+)?(?:\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?"
    rf"|The\s+(?:[A-Z][A-Z]+(?:\s+[A-Z][A-Z]+){{0,2}}(?:\s+pro\s+tempore)?"
    rf"|(?:[A-Z][a-z]+\s+){{0,2}}(?:President|Vice\s+President|Chairman|Chairwoman|Speaker"
    rf"|Secretary|Chair|Clerk|Moderator))"
    # the Congressional Record names who presides: "The PRESIDING OFFICER (Mr. Gorton)."
    rf"(?:\s+(?:\((?:Mr|Mrs|Ms|Miss|Dr)\.\s+[A-Z][\w'’\-]+(?:\s+of\s+[A-Z][a-z]+)?\)"
    rf"|\[(?:Mr|Mrs|Ms|Miss|Dr)\.\s+[A-Z][\w'’\-]+(?:\s+of\s+[A-Z][a-z]+)?\]))?"
    rf")\.(?={_WS}|$)",
    re.MULTILINE,
)
# GPO hearing style: a title and a mixed-case surname, a period, and the speech on the same
# line: "Chairman Shelby. The hearing will come to order."  "Ms. Frohman. Thank you."
# "Senator Schumer." alone on its line is the chair calling on him, not a label; and a title
# followed by a word of office ("Mr. President.") is an address, not a speaker.
_TITLED_NAME_LABEL = re.compile(
    rf"^{_WS}*(?P<label>(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.|Chairman|Chairwoman|Chair|Senator"
    rf"|Representative|Congressman|Congresswoman|Delegate|Secretary|General|Admiral"
    rf"|Ambassador|Governor|Judge|Justice|Commissioner|Director|Chief\s+Justice"
    rf"|Vice\s+Chairman|Vice\s+Chair|Ranking\s+Member)"
    rf"\s+(?!(?:President|Chairman|Chairwoman|Chair|Speaker|Secretary|Clerk|Leader|Chief"
    rf"|Justice|Senator|Members?|Court)\b)"
    rf"(?:Mc|Mac|O'|O’|De|Di|Du|La|Le|Van|Von)?[A-Z][a-z][\w'’\-]*"
    rf"(?:\s+(?:Mc|Mac|De|La|Van)?[A-Z][a-z][\w'’\-]*)?"
    rf"(?:\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?)"
    rf"\.{_WS}+(?=[A-Z0-9\"“‘'(\[—–…$]|--)",
    re.MULTILINE,
)
# The European Parliament's verbatim reports: a name, what the speaker speaks as, a period
# and a spaced dash, the speech on the same line: "President. – The sitting is open."
# "Manfred Weber, on behalf of the PPE Group. – Mr President, ..." "Clare Daly (The Left). –"
_DASH_LABEL = re.compile(
    rf"^{_WS}*(?P<label>[^\W\d_][\w.'’\-]*(?:,?{_WS}+[\w.'’\-&/()]+){{0,14}}?)"
    rf"\.{_WS}+[–—]{_WS}+(?=\S)",
    re.MULTILINE,
)
# Parliaments that print a label, a period and the speech on one line: the French
# Assemblée and Sénat ("M. le président. La séance est ouverte." "Mme Élisabeth Borne,
# Première ministre. Mesdames ...") and Italy's Camera and Senato, in capitals
# ("PRESIDENTE. La seduta è aperta." "GIORGIA MELONI, Presidente del Consiglio. Grazie"
# "ELLY SCHLEIN (PD-IDP). Grazie").
_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_PARL_PERIOD_LABEL = re.compile(
    rf"^{_WS}*(?P<label>(?:(?:M\.|Mme|Mlle|MM\.){_WS}+[^\W\d_][\w'’\-]*"
    rf"(?:{_WS}+[\w'’\-]+){{0,5}}?"
    # (an abbreviated title may open it: the Philippine Senate's "SEN. ZUBIRI.")
    rf"|(?:(?:SEN|REP|HON|DR|MR|MRS|MS|GOV|GEN|ATTY|SR|SRA)\.{_WS}+)?"
    rf"[{_UP}][{_UP}'’\-]+(?:{_WS}[{_UP}][{_UP}'’\-]+){{0,4}})"
    rf"(?:{_WS}\([^()\n]{{1,40}}\))?(?:,{_WS}[^.\n]{{1,80}}?)?)"
    rf"\.{_WS}+(?=[{_UP}«\"“‘'(¡¿])",
    re.MULTILINE,
)
# [00:07:53] Jane Doe: text
# 00:01:23 SPEAKER 1: text  /  Jane Doe [00:01:23]: text
_TIMED_INLINE = re.compile(
    rf"^{_WS}*(?:(?P<open>[(\[])?(?P<ts>{_TIME})(?(open)[)\]]){_WS}*"
    rf"(?P<label>[^\W\d_][\w.'’\- ]{{0,48}}?)"
    rf"|(?P<label2>[^\W\d_][\w.'’\- ]{{0,48}}?){_WS}*[(\[](?P<ts2>{_TIME})[)\]])"
    rf":(?={_WS}|\n|$)",
    re.MULTILINE,
)

# Jane Doe: [00:00:03] text   (Sonix: the time after the label, the speech after it)
_LABEL_THEN_TIME = re.compile(
    rf"^{_WS}*(?P<label>[^\W\d_][\w.'’\- ]{{0,48}}?):{_WS}*[(\[](?P<ts>{_TIME})[)\]]"
    rf"(?={_WS}*\S)",
    re.MULTILINE,
)

_NOTES = re.compile(r"\s*\([^()]{0,60}\)")
# Japan's Diet (and records in its style): a circle, the name and office, a full-width space,
# the speech: "○根本委員長　これより会議を開きます。" A label on sight: the circle marks it.
# (Korea's National Assembly likewise, the office and the name, two spaces, the speech:
# "◯의장 김진표  의석을 정돈해 주시기 바랍니다.")
_CIRCLE_LABEL = re.compile(r"^[ \t\u3000]*[○◯](?P<label>[^\s\u3000]{1,40}"
                           r"(?: [^\s\u3000]{1,12}(?=\u3000|  ))?)[\u3000 ]+(?=\S)",
                           re.MULTILINE)
# A member of parliament addressed so opens a label, used once or not ("Abg. Andreas Stoch
# SPD:", "Abgeordneter Herbert Kickl (FPÖ):", "Poseł Jan Kowalski:").
_MEMBER_ADDRESS = re.compile(r"(?:Abg\.|Abgeordnete[r]?|Poseł|Posłanka|Poslanec|Poslankyně)"
                             r"\s+[A-ZÄÖÜŁŚŻ]")

# "1:33 P.M. EDT" is a time, not "P.M. EDT" speaking at 1:33.
_CLOCK_WORDS = re.compile(r"^(?:[AaPp]\.?\s?[Mm]\b\.?|[A-Z]{2,4}T$|noon\b|midnight\b|hrs?\b)",
                          re.IGNORECASE)

# Words that make an upper-case "WORD:" a metadata field rather than a speaker
# unless it recurs (a speaker label recurs; "NOTE:" at the top does not).
_FIELD_WORDS = frozenset(
    """NOTE NOTES SUBJECT SUBJECTS DATE DATES TIME TIMES LOCATION LOCATIONS PLACE TRANSCRIPT
    SOURCE SOURCES RE TO FROM CC BCC UPDATE UPDATED CORRECTION TAGS TAG WHERE WHEN BY TOPIC
    TOPICS PARTICIPANTS PRESENT ATTENDEES EMBARGOED RELEASE CONTACT CONTACTS MEDIA PRESS
    TITLE SUMMARY ABSTRACT KEYWORDS CATEGORY CATEGORIES EDITOR'S EDITORS WARNING ALERT
    AGENDA RELATED SEE ALSO PHOTO CAPTION CREDIT URL LINK LINKS EMAIL PHONE TEL FAX
    SPEAKERS WITNESSES PANELISTS GUESTS APPEARANCES DEPOSITION INTERVIEW TESTIMONY
    EXAMINATION""".split()
)
# Name particles allowed in lower case inside mixed-case names.
_PARTICLES = frozenset("de da del della der di du la le van von bin al el dos das y of the".split()
                       # honorifics and offices written in lower case inside a label: "De heer
                       # Wilders", "De voorzitter", "La señora PRESIDENTA", "El señor FEIJÓO"
                       + "heer voorzitter señor señora señorita senhor senhora".split())
_MAX_LABEL_WORDS = 7
# An article and an honorific before a name in capitals (Spain's and Portugal's diaries).
_HONORIFIC_THEN_CAPS = re.compile(r"(?:El|La|O|A)\s+(?:señor|señora|señorita|senhor|senhora"
                                  r"|Sr\.|Sra\.)\s+(?=\S)")
# "The SPEAKER", "The MINISTER OF FINANCE" (South Africa's Hansard): an office in capitals
# after "The" (four letters or more: "The US" is no office).
_THE_THEN_CAPS = re.compile(r"The\s+(?=[^\W\d_][^\W\d_]\W*[^\W\d_]\W*[^\W\d_])")
# A personal name: capitalised words (an honorific may end in a period), initials,
# lower-case particles; no acronyms ("NATO Foreign Ministerial" is a title).
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*\.?")


def _is_name_word(word: str) -> bool:
    """``Jane``, ``Élisabeth``, ``McDonald``, ``O'Neill``, ``Mr.``, ``J.``: not ``NATO``."""
    if not _NAME_TOKEN.fullmatch(word) or not word[0].isupper() or any(c.isdigit()
                                                                         for c in word):
        return False
    if len(word) == 2 and word[1] == ".":
        return True  # an initial
    return len(word) > 1 and (word[1].islower() or word[1] in "'’")


@dataclass(slots=True)
class Segmentation:
    """Turns found in a text, and where the header ends and the trailer starts."""

    turns: list[RawTurn]
    header_end: int
    trailer_start: int


@dataclass(slots=True)
class _Candidate:
    start: int  # label start
    text_start: int  # first character after the label and its separator
    label: str
    kind: str  # "upper", "mixed", "qa", "timed", "field", "short", "circle" ...
    start_s: float | None = None
    #: The line before is blank or ends a sentence (not "... the report by").
    after_break: bool = True


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def _is_upper_label(label: str) -> bool:
    return label == label.upper() and label != label.lower()


def _is_name(label: str) -> bool:
    """A mixed-case personal name or role: capitalised words, a few particles."""
    words = label.replace("’", "'").split()
    if not 1 <= len(words) <= 5 or label[-1:] in ".,-'":
        return False
    capitalised = 0
    for word in words:
        if word[0].isupper() or word[0].isdigit():
            capitalised += 1
        elif word.lower() not in _PARTICLES:
            return False
    return capitalised >= 1 and words[0][0].isupper()


def _skip_separator(text: str, pos: int) -> int:
    """Position of the first non-blank character at or after ``pos``."""
    n = len(text)
    while pos < n and (text[pos].isspace()):
        pos += 1
    return pos


def _numbered_line(text: str, pos: int) -> bool:
    """Whether the line at ``pos`` starts (after blanks) with a digit or ``Anf.``."""
    head = text[pos: pos + 8].lstrip(" \t\u00a0")
    return head[:1].isdigit() or head.startswith("Anf.")


def _line_candidate(text: str, pos: int, end: int, after_blank: bool) -> _Candidate | None:
    """The label candidate at the start of the line ``text[pos:end]``, if any."""
    m = _TIMED_INLINE.match(text, pos, end)
    if m:
        label = (m.group("label") or m.group("label2")).strip()
        if _is_name(label) or _is_upper_label(label):
            start = m.start("open") if m.group("open") else m.start("ts") if m.group("ts") \
                else m.start("label2")
            return _Candidate(start, m.end(), label, "timed",
                              _seconds(m.group("ts") or m.group("ts2")))
    near = text[pos:pos + 4]
    m = _CIRCLE_LABEL.match(text, pos, end) if "○" in near or "◯" in near else None
    if m:
        return _Candidate(m.start("label") - 1, m.end(), m.group("label"), "circle")
    m = _LABEL_THEN_TIME.match(text, pos, end)
    if m:
        label = m.group("label").strip()
        if _is_name(label) or _is_upper_label(label):
            return _Candidate(m.start("label"), m.end(), label, "timed", _seconds(m.group("ts")))
    m = _TIMED_LABEL.match(text, pos, end)
    if m:
        label = (m.group("label") or m.group("label2") or m.group("label3")
                 or m.group("label4") or "").strip()
        if label and _is_name(label) and not _CLOCK_WORDS.match(label):
            if m.group("label2"):
                start = m.start("ts2")
                if start > 0 and text[start - 1] in "([":
                    start -= 1
            elif m.group("label4"):
                start = m.start("open4")
            else:
                start = m.start("label") if m.group("label") else m.start("label3")
            stamp = m.group("ts") or m.group("ts2") or m.group("ts3") or m.group("ts4")
            return _Candidate(start, m.end(), label, "timed", _seconds(stamp))
    m = _UNKNOWN_LABEL.match(text, pos, end)
    if m:
        return _Candidate(m.start("label"), m.end(), m.group("label"), "upper")
    m = _NUMBERED_LABEL.match(text, pos, end) if _numbered_line(text, pos) else None
    if m:
        label = (m.group("label") or m.group("asker")).strip()
        named = _NOTES.sub("", label).split()
        # a name in capitals (its office or honorific may stand before it in mixed case)
        if 1 <= len(named) <= _MAX_LABEL_WORDS and any(w.isupper() and len(w) > 1
                                                        for w in named):
            return _Candidate(m.start(), m.end(), label, "upper")
    m = _COLON_LABEL.match(text, pos, end)
    if m and m.group("qnum"):
        # "Q12 Chair:", "Q13 Dame Angela Eagle:": the number marks a question's asker
        label = m.group("label").strip()
        name = (_NOTES.sub("", label) or label).split(",")[0]
        if _is_name(name) or _is_upper_label(name):
            return _Candidate(m.start("qnum"), m.end(), label, "qnum")
        m = None
    if m:
        label = m.group("label").strip()
        # "[*] GRASSLEY:": the mark is part of the label as written, judged without it
        mark = m.group("mark") or ""
        start = m.start("mark") if mark else m.start("open") if m.group("open") \
            else m.start("label")
        # "FOREIGN MINISTER KULEBA (via interpreter):" is judged without its note
        core = _NOTES.sub("", label) or label
        # "JAKE TAPPER, CNN ANCHOR:" is judged on the name before the comma
        name = core.split(",")[0]
        words = name.split()
        quoted_q = len(words) > 1 and words[0] in ("Q", "A", "Q.", "A.") and \
            label[len(words[0]) + 1:].startswith(" ")  # "Q    Follow-up: ..." is a question
        # "El señor FEIJÓO ALBERTOS:", "La señora PRESIDENTA:": judged by the name in capitals
        titled = _HONORIFIC_THEN_CAPS.match(core) or _THE_THEN_CAPS.match(core)
        if titled and _is_upper_label(core[titled.end():]) and len(words) <= _MAX_LABEL_WORDS:
            return _Candidate(start, m.end(), mark + label, "upper")
        if not quoted_q and len(words) <= _MAX_LABEL_WORDS and \
                label.count("(") == label.count(")") and "(" not in core:
            if _is_upper_label(core):
                first = words[0].rstrip(".")
                if core in ("Q", "A"):
                    kind = "upper"
                elif len(words) == 1 and len(core.replace(".", "")) <= 2:
                    # P:, CC: callsigns, once they recur (a three-letter one may be a
                    # surname used once, DOE:, and is judged as any upper-case label)
                    kind = "short"
                else:
                    kind = "field" if (first in _FIELD_WORDS or name in _FIELD_WORDS) else "upper"
                return _Candidate(start, m.end(), mark + label, kind)
            elif _is_name(name) and (name == core or _is_name(core.replace(",", ""))):
                return _Candidate(start, m.end(), mark + label, "mixed")
    m = _PERIOD_LABEL.match(text, pos, end)
    if m:
        label = m.group("label")
        # "Mr. SMITH." is a label on sight; "The President." once it recurs
        kind = "upper" if any(w.isupper() and len(w) > 1 for w in label.split()) else "mixed"
        return _Candidate(m.start("label"), m.end(), label, kind)
    m = _TITLED_NAME_LABEL.match(text, pos, end)
    if m:
        return _Candidate(m.start("label"), m.end(), m.group("label"), "titled")
    head = text[pos: min(end, pos + 96)].lstrip(" \t\u00a0") if after_blank else ""
    m = _PARL_PERIOD_LABEL.match(text, pos, end) if head.startswith(
        ("M. ", "Mme ", "Mlle ", "MM. ")) or head[:2].isupper() else None
    if m and m.group("label").count("(") == m.group("label").count(")"):
        return _Candidate(m.start("label"), m.end(), m.group("label"), "parl")
    m = _DASH_LABEL.match(text, pos, end) if ". –" in head or ". —" in head else None
    if m:
        label = m.group("label")
        name = _NOTES.sub("", label).split(",")[0].strip()
        if label.count("(") == label.count(")") and _is_name(name):
            return _Candidate(m.start("label"), m.end(), label, "dash")
    m = _QA_LABEL.match(text, pos, end)
    if m:
        sep = m.group(0)[m.end("label") - m.start():]
        strong = "\u00a0" in sep or "\t" in sep or "  " in sep.lstrip(".")
        # "Q. text" at a paragraph start is a question marker even the first time
        strong = strong or (after_blank and sep.startswith("."))
        kind = "qa" if strong and m.group("label") == "Q" else "qa-weak"
        return _Candidate(m.start("label"), m.end(), m.group("label"), kind)
    if after_blank:
        m = _Q_SINGLE.match(text, pos, end)
        if m:
            label = m.group("label")
            return _Candidate(m.start("label"), m.end(), label, "q1" if label == "Q" else "a1")
    return None


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    pos = 0
    n = len(text)
    after_blank = True
    previous = (0, 0)  # the last non-blank line
    while pos < n:
        end = text.find("\n", pos)
        if end < 0:
            end = n
        head = text[pos: min(end, pos + 96)]
        stripped = head.lstrip(" \t\u00a0\u2000\u2001\u2002\u2003\u202f\u3000")
        if not stripped:
            after_blank = True
        else:
            # Cheap test first: most lines of speech have no colon near their start.
            if ":" in head or stripped[0] in "QA○◯" or (stripped[0] in "MDCSRGAJTV" and
                                                         "." in head) or (
                        # a paragraph opening with a label in capitals, or a dashed one
                        after_blank and (stripped[:2].isupper() or "–" in head
                                         or "—" in head) and "." in head):
                cand = _line_candidate(text, pos, end, after_blank)
                if cand is not None:
                    cand.after_break = after_blank or not _runs_on(text, *previous)
                    found.append(cand)
            after_blank = False
            previous = (pos, end)
        pos = end + 1
    return found


def _runs_on(text: str, start: int, end: int) -> bool:
    """Whether the line ``text[start:end]`` runs on into the next: it ends in a
    lower-case letter or a comma, as the lines of a hard-wrapped sentence do."""
    line = text[start:end].rstrip()
    return bool(line) and (line[-1] == "," or line[-1].islower())


# The Kremlin's initial and surname without a space: "V.Putin", "M.Mishustin".
_INITIAL_SURNAME = re.compile(r"[A-Z]\.[A-Z][a-z]+(?:-[A-Z][a-z]+)?")


def _is_person_name(label: str) -> bool:
    """``Jane Doe``, ``Dr. Jane A. Doe``, ``Ursula von der Leyen``, ``V.Putin``: not ``NATO
    Summit``."""
    words = label.split()
    if len(words) == 1:
        return bool(_INITIAL_SURNAME.fullmatch(label))
    return 2 <= len(words) <= 4 and words[0][0].isupper() and all(
        _is_name_word(w) or w in _PARTICLES for w in words)


def _lone_names(text: str, cands: list[_Candidate], accepted: list[_Candidate],
                counts: dict[str, int]) -> list[_Candidate]:
    """Personal names used once that stand between recurring labels (a town-hall guest).

    ``Jane Doe:`` at the start of a paragraph is a label when recurring labels stand before
    and after it (the nearest ones: labels used once may come between): the document is
    plainly labelled there. In the header (no label before) or the trailer (none after) it
    is not.
    """
    recurring = [c for c in accepted if counts[label_key(c.label)] >= 2]
    starts = [c.start for c in recurring]
    taken = {c.start for c in accepted}
    found = []
    for c in cands:
        if c.kind != "mixed" or text[c.text_start - 1] != ":" or not c.after_break \
                or counts[label_key(c.label)] != 1 \
                or not _is_person_name(_NOTES.sub("", c.label).split(",")[0]):
            continue
        i = bisect.bisect_left(starts, c.start)
        if 0 < i < len(recurring) and c.start not in taken:
            found.append(c)
    return found


# "Mr. Zhang Jun (China) (spoke in Chinese):", "Alex Cole-Hamilton (Edinburgh Western) (LD):",
# "Andrea Nahles (SPD):": a personal name, then its country, seat or party in brackets.
_NAME_THEN_BRACKETS = re.compile(r"(?P<name>[^()]+?)(?:\s*\([^()]{1,60}\))+")


# Who presides over a meeting whose delegates are named with their countries (the UN's
# Security Council and General Assembly): there, "The President" is the chair (written so,
# not "THE PRESIDENT", as the White House writes a head of state).
_MEETING_CHAIRS = frozenset(("THE PRESIDENT", "THE ACTING PRESIDENT", "THE CHAIR",
                             "THE CHAIRPERSON", "THE CHAIRMAN", "THE CO-CHAIR"))


def _bracketed_name(c: _Candidate, text: str) -> bool:
    """A mixed-case label at a paragraph's start that is a personal name and brackets."""
    if c.kind != "mixed" or text[c.text_start - 1] != ":" or not c.after_break:
        return False
    m = _NAME_THEN_BRACKETS.fullmatch(c.label)
    return m is not None and _is_person_name(m.group("name"))


def find_turns(text: str) -> list[RawTurn]:
    """Find speaker turns in normalised text.

    Parameters
    ----------
    text
        A document's normalised text (``\\n`` line endings, markup removed).

    Returns
    -------
    list of RawTurn
        One per turn, in order; empty when the text has no labels. Each turn runs
        from its label to the last non-blank character before the next label.
    """
    cands = _candidates(text)
    counts: dict[str, int] = {}
    for c in cands:
        key = label_key(c.label)
        counts[key] = counts.get(key, 0) + 1
    has_q = counts.get("Q", 0) >= 2 or any(
        c.kind in ("upper", "qa") and label_key(c.label) == "Q" for c in cands)
    n_q1 = sum(1 for c in cands if c.kind == "q1")
    n_circles = sum(1 for c in cands if c.kind == "circle")
    # "Chairman Shelby." labels: a label once it recurs, or on sight where the document is
    # written in that style (three or more of them by speakers who recur).
    titled_style = sum(1 for c in cands if c.kind == "titled"
                       and counts[label_key(c.label)] >= 2) >= 3
    # "Name. – text" paragraphs: labels where the document is written in that style (three
    # or more, one of them recurring: the chair's); a name used once among them is a label
    dashes = [c for c in cands if c.kind == "dash"]
    dash_style = len(dashes) >= 3 and any(counts[label_key(c.label)] >= 2 for c in dashes)
    # "M. le président. text", "PRESIDENTE. text": likewise, where the document is written so
    # (and most paragraphs that open with a period-ended label recur as labels)
    parls = [c for c in cands if c.kind == "parl"]
    recurring = [c for c in parls if counts[label_key(c.label)] >= 2]
    parl_style = len(parls) >= 3 and len(recurring) >= max(2, len(parls) // 3)
    # "Name (Country):" paragraphs: labels on sight where the document is written so (three
    # or more, and a label that recurs: the chair's): in the UN's records most speak once
    bracketed = {c.start for c in cands if _bracketed_name(c, text)}
    if len(bracketed) < 3 or max(counts.values(), default=0) < 2:
        bracketed = set()
    accepted: list[_Candidate] = []
    for c in cands:
        key = label_key(c.label)
        if c.kind in ("mixed", "field", "short") and counts[key] < 2 \
                and c.start not in bracketed and not (
                    c.kind == "mixed" and c.after_break and (
                        _MEMBER_ADDRESS.match(c.label)
                        # "Reuters:", "Question:": who asks, at a paragraph's start
                        or role_of(key) == s.ROLE_QUESTION)):
            continue
        if c.kind == "upper" and counts[key] < 2 and not c.after_break:
            continue  # "SWIFT: At what point": a wrapped line of the sentence before
        if c.kind == "titled" and counts[key] < 2 and not titled_style:
            continue
        if c.kind == "dash" and not dash_style:
            continue
        if c.kind == "circle" and n_circles < 2:
            continue  # one "○..." line is a bullet, two are a record
        if c.kind == "parl" and not parl_style:
            continue
        if c.kind == "q1" and n_q1 < 2 and not has_q:
            continue
        if c.kind == "a1" and (n_q1 < 2 and not has_q or counts[key] < 2 or next(
                (k for a in reversed(accepted) if (k := label_key(a.label)) in ("Q", "A")),
                None) != "Q"):
            continue  # "A New York paper ...": an answer only to a question not yet answered
        if c.kind == "qa-weak":
            # "A   text" and "Q. text" only where the document marks questions with Q.
            if not has_q or (c.label == "A" and counts.get("A", 0) < 2):
                continue
        accepted.append(c)
    lone = _lone_names(text, cands, accepted, counts)
    if lone:
        accepted = sorted(accepted + lone, key=lambda c: c.start)
    # A witness examined: "BY MR. SMITH:" is no turn but says who asks the Q.s after it
    answered = has_q and any(counts.get(k) for k in ANSWER_LABELS)
    exam = read_examination(text) if answered else None
    if exam is not None:
        accepted = [c for c in accepted if not exam.covers(c.start)]
    turns = _turns_of(text, accepted)
    for c, turn in zip(accepted, turns, strict=True):
        if bracketed and not c.label.isupper() and label_key(c.label) in _MEETING_CHAIRS:
            turn.role = s.ROLE_CHAIR  # the meeting's president, not a head of state
        if exam is not None:
            key = label_key(c.label)
            if key in QUESTION_LABELS:
                turn.label_as = exam.examiner_at(c.start)
            elif key in ANSWER_LABELS and (witness := exam.witness_at(c.start)):
                turn.label_as, turn.role = witness, s.ROLE_GUEST
    # A timed label's end is the next timed label's start.
    for a, b in zip(turns, turns[1:], strict=False):
        if a.start_s is not None and b.start_s is not None:
            a.end_s = b.start_s
    return turns


# ---------------------------------------------------------------------------
# Trailer: page residue after the last turn.

_END_MARK = re.compile(r"^\s*(?:#(?:\s*#){2,}|-+\s*END\s*-+|END|\*\s*\*\s*\*|\\?#\\?#\\?#)\s*$",
                       re.IGNORECASE)
_CLOSING_NOTE = re.compile(
    r"^\s*[(\[][^()\[\]]*\b(?:concluded|adjourned|ended|end of|ends|briefing was|"
    r"call was|meeting was|hearing was|recess)\b[^()\[\]]*[)\]]\s*$",
    re.IGNORECASE,
)
# The record's own closing line, unbracketed: "The meeting rose at 1.05 p.m." (the UN), "The
# sitting was closed at 12.35 p.m.", "The House adjourned at 10.30 pm.", "Sitting closed at
# 17:02.", "The meeting was suspended at 11.20 a.m."
_CLOSING_LINE = re.compile(
    r"^\s*(?:The\s+)?(?:meeting|sitting|session|House|Senate|Council|Assembly|Committee|"
    r"hearing)\s+(?:rose|adjourned|closed|ended|was\s+(?:adjourned|closed|suspended|"
    r"concluded))\s+at\s+[\d.:]+\s*(?:[ap]\.?\s?m\.?|hours?|h)?\.?\s*$", re.IGNORECASE)
_END_TIME = re.compile(r"^\s*(?:END\s*)?\d{1,2}(?::\d{2})?\s*[AP]\.?\s*M\.?(?:\s+[A-Z]{2,4})?\s*$",
                       re.IGNORECASE)
# A transcription service's credit line: "Transcribed by https://otter.ai".
_SERVICE_CREDIT = re.compile(r"^\s*(?:transcribed|transcription|captioned|captions)\s+"
                             r"(?:by|with|using|via)\s+\S.{0,80}$", re.IGNORECASE)
_TERMINAL = frozenset(".?!…—–-\"”’')]:;*")


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text[start:end]``."""
    spans = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip():
            spans.append((pos, stop))
        pos = stop + 1
    return spans


_ODD_SYMBOLS = frozenset("↑↓←→|»«›‹©®™•▶►")


def _is_residue(par: str) -> bool:
    par = par.strip()
    if _END_MARK.match(par) or _CLOSING_NOTE.match(par) or _END_TIME.match(par) \
            or _CLOSING_LINE.match(par) or BOILERPLATE.match(par) or _SERVICE_CREDIT.match(par):
        return True
    words = par.split()
    if len(words) > 14 or par[-1] in _TERMINAL or par.startswith(("(", "[")):
        return False
    # A short line that does not end like speech and reads like a headline,
    # a footnote or a link list.
    if any(c in _ODD_SYMBOLS for c in par):
        return True
    alpha = [w for w in words if w[0].isalpha()]
    capitalised = sum(w[0].isupper() for w in alpha)
    return len(alpha) >= 2 and capitalised >= 0.6 * len(alpha)


def trailer_start(text: str, last: RawTurn) -> int:
    """Where page residue after the last turn begins (``last.end`` if none).

    Only paragraphs after the turn's first paragraph may move to the trailer,
    scanning back from the end; an explicit end mark (``###``, a closing note
    such as ``(The briefing was concluded at 2:25 p.m.)``) moves everything
    after it as well.
    """
    pars = _line_spans(text, last.text_start, last.end)
    if len(pars) <= 1:
        return last.end
    cut = last.end
    # An explicit end mark ends the speech wherever it stands.
    for a, b in pars[1:]:
        par = text[a:b]
        if _END_MARK.match(par) or _CLOSING_NOTE.match(par):
            cut = a
            break
    kept = [p for p in pars[1:] if p[0] < cut]
    for a, b in reversed(kept):
        if _is_residue(text[a:b]):
            cut = a
        else:
            break
    return cut


def _strip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# A label alone on its line, the speech on the next: "JANE DOE" (screenplay style, TV and
# podcast transcripts), "Jane Smith (Exampletown) (Lab)" and "The Prime Minister (Rishi
# Sunak)" (Hansard's web pages saved as text). No colon, so only where the text has no
# other labels, and only labels that recur (and names with brackets between them).
_OWN_LINE_END = frozenset(".?!,;:…-–—\"”'’")


def _own_line_candidates(text: str) -> list[_Candidate]:
    found = []
    lines = text.split("\n")
    pos = 0
    blank_before = True
    for i, line in enumerate(lines):
        stripped = line.strip()
        start = pos
        pos += len(line) + 1
        if not stripped:
            blank_before = True
            continue
        was_blank, blank_before = blank_before, False
        if not was_blank or len(stripped) > 80 or stripped[-1] in _OWN_LINE_END:
            continue
        after = i + 1  # the speech: the next line (a label in capitals: or the one after)
        if after < len(lines) and not lines[after].strip() and _is_upper_label(stripped):
            after += 1
        if after >= len(lines) or not lines[after].strip():
            continue
        core = _NOTES.sub("", stripped).strip()
        words = core.split()
        if not core or not 1 <= len(words) <= 5 or not (
                (_is_upper_label(core) and sum(c.isalpha() for c in core) >= 2)
                or _is_name(core)):
            continue
        first = start + len(line) - len(line.lstrip())
        found.append(_Candidate(first, first + len(stripped), stripped,
                                "upper" if _is_upper_label(core) else "mixed"))
    return found


def own_line_turns(text: str) -> list[RawTurn]:
    """Turns of a text whose labels stand alone on their lines (see ``_own_line_candidates``).

    A label counts once it recurs; a personal name with a bracketed note used once counts
    after one that recurs (a member who speaks once). At least two speakers must recur and
    three turns be found: a monologue's short lines are no dialogue. Empty if not so.
    """
    cands = _own_line_candidates(text)
    counts: dict[str, int] = {}
    for c in cands:
        key = label_key(c.label)
        counts[key] = counts.get(key, 0) + 1
    recurring = [c for c in cands if counts[label_key(c.label)] >= 2]
    if len({label_key(c.label) for c in recurring}) < 2:
        return []
    accepted = []
    for c in cands:
        if counts[label_key(c.label)] < 2:
            if not (c.start > recurring[0].start and "(" in c.label
                    and _is_person_name(_NOTES.sub("", c.label).strip())):
                continue
        accepted.append(c)
    return _turns_of(text, accepted) if len(accepted) >= 3 else []


def _turns_of(text: str, accepted: list[_Candidate]) -> list[RawTurn]:
    """A turn per accepted label: from the label to the last non-blank character before the
    next one."""
    turns = []
    for i, c in enumerate(accepted):
        limit = accepted[i + 1].start if i + 1 < len(accepted) else len(text)
        text_start = _skip_separator(text, c.text_start)
        end = limit
        while end > text_start and text[end - 1].isspace():
            end -= 1
        turns.append(RawTurn(c.start, min(text_start, end), end, c.label, c.start_s))
    return turns


def segment(text: str) -> Segmentation:
    """Split normalised text into header, turns and trailer.

    Returns
    -------
    Segmentation
        ``text[:header_end]`` is the header, ``text[trailer_start:]`` the trailer
        (it starts where the last turn ends), and between them the turns with
        only whitespace between turns. With no
        labels, the turns list is empty and the caller decides what to do.
    """
    turns = find_turns(text) or own_line_turns(text)
    if not turns:
        return Segmentation([], 0, len(text))
    last = turns[-1]
    cut = trailer_start(text, last)
    if cut < last.end:
        last.end = _strip_end(text, last.text_start, cut)
    return Segmentation(turns, turns[0].start, last.end)
