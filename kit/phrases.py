"""Sentence-like phrases: a careful rule set, measured in benchmarks/bench_read.py.

A phrase ends at ``.``, ``?``, ``!`` or an ellipsis (with any closing quotes or
brackets) followed by whitespace and a capital, digit or opening quote, or at a
paragraph break. Abbreviations that never end a sentence (``Mr.``, ``No. 2``,
initials such as ``J.``) do not split; dotted ones (``U.S.``, ``p.m.``) split only
when the next word is a usual sentence opener (``... in the U.S. We ...``).
Decimals and ellipses inside a sentence never split, having no space or no
capital after them.
"""

from __future__ import annotations

import re

# Abbreviations that are followed by a name or number, not a sentence end.
_NEVER_END = (
    "Mr Mrs Ms Mssrs Messrs Dr Prof Sr St Mt Ft Gen Sen Rep Gov Lt Col Sgt Capt Cmdr Adm Maj "
    "Rev Hon Pres Amb Supt Insp Det Gov No Nos Nr Vol Vols Art Sec Sect Ch Fig Figs Ref Op vs "
    "cf al Jan Feb Apr Aug Sept Sep Oct Nov Dec approx Ave Blvd Rd Dept Univ Corp"
).split()
_LOOKBEHINDS = "".join(rf"(?<!\b{re.escape(a)})" for a in sorted(set(_NEVER_END)))
_CLOSE = r"['\"’”)\]»]*"
_OPENER = r"['\"‘“(\[¿¡«]?[A-Z0-9À-Þ]"
# Sentence openers after which a dotted abbreviation (U.S., p.m.) ends a sentence.
_STARTERS = (
    "I We You He She It They The This That These Those There Here And But So Or Now Then And "
    "Our My Your His Her Its Their What Why How When Where Who Which If As Let Thank Thanks Yes "
    "No Okay OK Well Again Also In On At For With Today Tomorrow Yesterday Last Next One Two "
    "Let's I'm We're It's That's There's"
).split()
_STARTER_ALT = "|".join(re.escape(w) for w in sorted(set(_STARTERS), key=len, reverse=True))
_BOUNDARY = re.compile(
    # plain sentence end: not after a never-ending abbreviation, an initial or a dotted abbreviation
    rf"(?:{_LOOKBEHINDS}(?<!\b[A-Z])(?<!\.[A-Za-z])\.(?!\.)|[?!]+|\.\.\.|…)"
    rf"{_CLOSE}(?P<ws>\s+)(?={_OPENER})"
    # dotted abbreviation at a sentence end: only before a usual opener
    rf"|(?<=\.[A-Za-z])\.{_CLOSE}(?P<ws2>\s+)(?=(?:{_STARTER_ALT})\b)"
    # paragraph break
    rf"|(?P<ws3>[ \t\u00a0]*\n[ \t\u00a0]*\n\s*)"
)


def split_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Phrase spans within ``text[start:end]``, as document offsets.

    Each span has no leading or trailing whitespace; the gaps between spans are
    whitespace only.
    """
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        ws = m.start("ws")
        if ws < 0:
            ws = m.start("ws2")
            if ws < 0:
                ws = m.start()
        if ws > pos:
            spans.append((pos, ws))
        pos = m.end()
    if end > pos:
        spans.append((pos, end))
    return spans
