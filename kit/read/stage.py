"""Stage directions: ``(Laughter.)``, ``[crosstalk 00:07:53]``, ``(Via interpreter)``, ``（拍手）``.

They stay in a turn's text, so a reader sees them, and are listed apart so that
word counts can leave them out.
"""

from __future__ import annotations

import re

# What a transcriber writes between brackets about what happened rather than
# what was said. Matched at the start of the bracketed note.
_VOCABULARY = (
    r"laugh\w*|applause|applauding|cheer\w*|boo\w*|chuckl\w*|groan\w*|gasps?|sighs?|coughs?"
    r"|inaudible|unintelligible|indiscernible|unclear|garbled|crosstalk|cross-talk|overlapping"
    r"|interruption|interrupted|audio\b[^)\]]*|video\b[^)\]]*|music\b[^)\]]*|silence|pause[sd]?"
    r"|break|recess|no response|off[- ]mic\w*|mic(?:rophone)?\b[^)\]]*|technical difficult\w*"
    r"|via interpreter|through (?:an |the )?interpreter|as interpreted|interpretation|interpreted"
    r"|in (?:english|russian|french|german|spanish|ukrainian|arabic|chinese|mandarin|japanese"
    r"|korean|italian|portuguese|hebrew|turkish|polish|persian|farsi|hindi|urdu)\b[^)\]]*"
    r"|speaks? (?:in )?\w+|speaking (?:in )?\w+|translated\b[^)\]]*|translation\b[^)\]]*"
    r"|phone rings|bell rings|gavel\w*|audience\b[^)\]]*|end of (?:transcript|call|briefing)"
    r"|the (?:briefing|call|meeting|hearing|press conference|gaggle|event|session)\b[^)\]]*"
    r"|begin\w* (?:video\w*|audio\w*|clip)|end (?:video\w*|audio\w*|clip)|clip\b[^)\]]*|sic"
    r"|commercial break|voice[- ]over|off[- ]camera|videotape\w*|live\b[^)\]]*|on camera"
    r"|as delivered\b[^)\]]*|delivered in person\b[^)\]]*|see app note"
    # the sound tags of automatic captions (Whisper's "[BLANK_AUDIO]"; each word opens any
    # note, so none that opens a name: "Foreign Minister")
    r"|singing|noises?|\w+ (?:music|noise|chatter)|blank[_ ]audio|no audio|beeps?|sirens?"
    r"|gunshots?"
    # the record of a court, a deposition or a hearing
    r"|(?:a |the )?(?:short |brief |lunch(?:eon)? |morning |afternoon |mid-morning "
    r"|mid-afternoon |further )(?:break|adjournment|recess|pause)\b[^)\]]*"
    r"|(?:the )?(?:witness|jury|jurors?|deponent)\b[^)\]]*|exhibits?\b[^)\]]*|sidebar\b[^)\]]*"
    r"|bench conference\b[^)\]]*|(?:discussion )?off the record\b[^)\]]*"
    r"|(?:back )?on the record\b[^)\]]*|whereupon\b[^)\]]*|(?:the )?proceedings\b[^)\]]*"
    # the interjections parliaments print, in their languages: German, French, Spanish,
    # Italian, Dutch, Portuguese, Polish, the Nordic ones
    r"|beifall|heiterkeit|zurufe?|zwischenrufe?|lachen|unruhe|widerspruch|glocke"
    r"|applaudissements|rires|exclamations|murmures|protestations|brouhaha|sourires"
    r"|aplausos|risas|rumores|applausi|commenti|ilarità|interruzioni|applaus|gelach"
    r"|hilariteit|risos|oklaski|wesołość|munterhet|applåder|bifald"
    # Korean (the National Assembly prints them in ASCII brackets)
    r"|박수|웃음|장내\s?소란|소란|의사봉"
)
# The notes of Japan's Diet and of Chinese records, in full-width brackets: applause,
# laughter, heckling ("（発言する者あり）", "（「そのとおり」と呼ぶ者あり）"), uproar, the
# stenographers stopping, a recess. No word boundary after them: no space follows a word
# (笑 opens 笑声 and 笑い too).
_CJK_VOCABULARY = (
    r"拍手|笑|発言する者|議場騒然|騒然|速記|休憩|離席|起立|退席|散会"
    r"|[「『][^」』\n]{0,80}[」』]と(?:呼ぶ|言う)者|掌声|鼓掌"
)
# A note may wrap onto the next lines (a long interjection of a printed protocol), never
# across a blank line.
_NOTE_CHARS = r"(?:[^()\n]|\n(?![ \t]*\n))"
STAGE_DIRECTION = re.compile(
    rf"\(\s?(?:{_VOCABULARY})\b{_NOTE_CHARS}{{0,300}}?\)"
    rf"|\[\s?(?:{_VOCABULARY})\b[^\[\]\n]{{0,80}}?\]"
    rf"|\[\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*\]"
    # a clock time alone, as inquiries and courts print when the hearing resumes: (11.15 am)
    rf"|\(\d{{1,2}}[.:]\d{{2}}\s?(?:am|pm|a\.m\.|p\.m\.|AM|PM)\)"
    rf"|（\s?(?:{_CJK_VOCABULARY})[^（）\n]{{0,80}}?）|〔\s?(?:{_CJK_VOCABULARY})[^〔〕\n]{{0,80}}?〕"
    # ... or a note of who left or took the chair, or who called out: （委員長退席、理事着席）
    r"|（[^（）\n]{0,40}?(?:着席|退席|者あり|者多し)）",
    re.IGNORECASE,
)


def find_stage_directions(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the stage directions in ``text``."""
    return [m.span() for m in STAGE_DIRECTION.finditer(text)]
