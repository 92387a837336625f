"""The Hansard family: what its schemas share, and the reader of a ``<hansard>`` root.

Four schemas of parliamentary record are read, each by a module of its own:
:mod:`~kit.read.formats.parlparse` (UK ParlParse / TheyWorkForYou, ``<publicwhip>``),
:mod:`~kit.read.formats.hansard_uk` (older UK Hansard, ``<housecommons>`` ...),
:mod:`~kit.read.formats.hansard_ca` (Canadian House of Commons "alpheus", ``<Hansard>``) and
:mod:`~kit.read.formats.hansard_au` (Australian Parliament, ``<hansard>`` v2.1 and the older
upper-case SGML-style ``<HANSARD>``). Canada and Australia share the root's name, so
:func:`parse_hansard` tells them apart by the root's children.

What the schemas share is here: how a printed label names a person (``Mr. Merlyn Rees``,
``Senator CHANEY``, ``The Assistant Deputy Speaker (Mrs. Carol Hughes)``), which labels are
the presiding officer's (role ``chair``), and one person's several labels in one sitting
(``Mr. Rees`` after ``The Secretary of State ... (Mr. Merlyn Rees)``).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from kit.errors import TranscriptError
from kit.read.formats._base import ParsedDocument
from kit.read.formats._xml import local_name, parse_xml

__all__ = ["NameBook", "fix_case", "is_presiding", "parse_hansard", "person_name",
           "sitting_title", "split_label", "surname_key"]

# Words of address before a name, left out of a person's canonical name (``Mr. Rees`` →
# ``Rees``). Peerage titles (Lord, Baroness, Earl) and military ranks stay: they are part of
# how the person is named.
_ADDRESS = frozenset(
    """mr mrs ms miss mx dr sir dame hon honourable honorable rt right the senator sen prof
    professor rev reverend m mme mlle herr frau sr sra l'hon l’hon l'honorable l’honorable
    très""".split())
# The presiding officer: ``Mr. SPEAKER``, ``The Assistant Deputy Speaker``, ``The Chair``,
# ``The DEPUTY PRESIDENT``, ``La vice-présidente adjointe``, ``Le Président``, ``Presidente``,
# ``Der Präsident``, ``De Voorzitter``, ``Formanden``, ``Talmannen``, ``Puhemies``, the
# Oireachtas's ``An Ceann Comhairle`` and ``Cathaoirleach`` ...
_PRESIDING = re.compile(
    r"(?:(?:the|le|la|l['’]|il|el|o|a|an|der|die|de|den|mr\.?|madam|madame|mister|herr|frau)"
    r"\s*)?"
    r"(?:(?:acting|deputy|assistant|temporary|first|second|third|vice|presiding|lord|"
    r"stellvertretende[rn]?|vice-)[\s\-]*)*"
    r"(?:speaker|chair|chairman|chairwoman|chairperson|president|presidente|presidenta|"
    r"pr[ée]sidente?|vice-pr[ée]sidente?|pr[äa]sident(?:in)?|voorzitter|formand(?:en)?|"
    r"talman(?:nen)?|puhemies|πρόεδρος|presiding officer|(?:leas-)?ch?eann comhairle"
    r"|(?:leas-)?ch?athaoirleach)"
    r"(?:\s+(?:adjointe?|suppl[ée]ante?|of ways and means|pro tempore|pro tem))?",
    re.IGNORECASE)
_MC = re.compile(r"^(Ma?c)([A-Z].*)$")


def is_presiding(label: str) -> bool:
    """Whether a label (without its parenthesis) names the presiding officer.

    ``The President of the Board of Trade`` is a minister, not the chair: the presiding word
    must end the label (or be followed only by ``adjointe``, ``of Ways and Means`` ...).
    """
    return _PRESIDING.fullmatch(re.sub(r"\s+", " ", label.strip(" .:"))) is not None


def fix_case(word: str) -> str:
    """A word printed in capitals as a name is written: ``MCCLELLAND`` → ``McClelland``.

    Words with lower-case letters (``MacGibbon``, ``van``) stay as they are, except a
    ``Mc``/``Mac`` prefix before capitals (``McKENNA`` → ``McKenna``).
    """
    letters = [c for c in word if c.isalpha()]
    m = _MC.match(word)
    if m and m.group(2).upper() == m.group(2) and len(m.group(2)) > 1:
        return m.group(1) + fix_case(m.group(2))
    if len(letters) < 2 or any(c.islower() for c in letters):
        return word
    parts = re.split(r"([\-'’])", word)
    out = []
    for part in parts:
        if part.upper().startswith("MC") and len(part) > 2:
            out.append("Mc" + part[2].upper() + part[3:].lower())
        else:
            out.append(part[:1].upper() + part[1:].lower())
    return "".join(out)


def split_label(label: str) -> tuple[str, str | None]:
    """A label's head and its outer parenthesis: ``The Chair (Mr. X (Guelph, Lib.))`` →
    ``("The Chair", "Mr. X (Guelph, Lib.)")``; ``(None)`` when there is none."""
    label = label.strip().rstrip(":").strip()
    open_at = label.find("(")
    if open_at <= 0 or not label.endswith(")"):
        return label, None
    depth = 0
    for i in range(open_at, len(label)):
        depth += {"(": 1, ")": -1}.get(label[i], 0)
        if depth == 0:
            if i == len(label) - 1:
                return label[:open_at].strip(), label[open_at + 1:-1].strip()
            return label, None
    return label, None


def top_level_parts(text: str) -> list[str]:
    """``Guelph, Lib.`` → ``["Guelph", "Lib."]``, not splitting inside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for c in text:
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(c)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def person_name(label: str) -> tuple[str, bool]:
    """A person's canonical name from a printed label, and whether it is a full name.

    Words of address are left out when a given name or initial is printed
    (``Mr. Michael Latham`` → ``Michael Latham``, ``Mr. G. M. Thomson`` → ``G. M. Thomson``);
    a label with a surname only keeps them (``Mr. Latham``, ``Senator Chaney``). Capitals
    are written as names are (``Senator CHANEY`` → ``Senator Chaney``).
    """
    words = [fix_case(w) for w in re.sub(r"\s+", " ", label.strip(" :")).split(" ") if w]
    i = 0
    while i < len(words) - 1 and words[i].lower().rstrip(".") in _ADDRESS:
        i += 1
    name = words[i:]
    if len(name) >= 2:
        return " ".join(name), True
    return " ".join(words), False


def surname_key(name: str) -> str:
    """The last word of a name, lower-case, for matching ``Mr. Rees`` to ``Merlyn Rees``."""
    words = name.replace(".", " ").split()
    return words[-1].lower() if words else ""


class NameBook:
    """The people of one sitting: a surname-only label joins the one full name it fits.

    ``Mr. Rees`` becomes ``Merlyn Rees`` when the sitting names exactly one person with that
    surname in full; with none or several it stays ``Mr. Rees``.
    """

    def __init__(self) -> None:
        self._full: dict[str, set[str]] = {}

    def add(self, name: str) -> None:
        """Record a full name (``Merlyn Rees``)."""
        self._full.setdefault(surname_key(name), set()).add(name)

    def resolve(self, name: str, *, full: bool) -> str:
        """The canonical form of ``name``: itself if full, else the one full name it fits."""
        if full:
            return name
        found = self._full.get(surname_key(name), set())
        return next(iter(found)) if len(found) == 1 else name


def sitting_title(house: str | None, date: pd.Timestamp | None) -> str | None:
    """A title for a sitting file that has none: ``Senate, 3 October 1962``."""
    if not house:
        return None
    if date is None or pd.isna(date):
        return house
    return f"{house}, {date.day} {date:%B %Y}"


def parse_date(value: str | None, *, dayfirst: bool = False) -> pd.Timestamp | None:
    """A date the file writes (``1976-01-22``, ``17/09/1985``, ``Friday, April 19, 2024``)."""
    if not value or not value.strip():
        return None
    stamp = pd.to_datetime(value.strip(), errors="coerce", dayfirst=dayfirst)
    if pd.isna(stamp):
        stamp = pd.to_datetime(re.sub(r"^\w+,\s*", "", value.strip()), errors="coerce",
                               dayfirst=dayfirst)
    return None if pd.isna(stamp) else pd.Timestamp(stamp).normalize()


def parse_hansard(text: str, *, source: str) -> list[ParsedDocument]:
    """Read a ``<hansard>`` file: Canadian "alpheus" or Australian, told by its children.

    Parameters
    ----------
    text
        The decoded file.
    source
        The file's name, for error messages.

    Returns
    -------
    list of ParsedDocument
        One document, read by :func:`~kit.read.formats.hansard_ca.read_alpheus` when the
        root holds ``HansardBody``/``ExtractedInformation``, else by
        :func:`~kit.read.formats.hansard_au.read_aph`.
    """
    from kit.read.formats import hansard_au, hansard_ca

    root = parse_root(text, source=source, what="Hansard XML", roots=("hansard",))
    children = {local_name(c.tag).lower() for c in root}
    if children & {"hansardbody", "extractedinformation"}:
        return [hansard_ca.read_alpheus(root, source=source)]
    return [hansard_au.read_aph(root, source=source)]


def parse_root(text: str, *, source: str, what: str, roots: tuple[str, ...]) -> Any:
    """Parse ``text`` and check its root is one of ``roots`` (lower-case local names)."""
    root = parse_xml(text, source=source, what=what)
    name = local_name(root.tag)
    if name.lower() not in roots:
        expected = " or ".join(f"<{r}>" for r in roots)
        raise TranscriptError(
            source, f"The root element is <{name}>, not {expected}: this is not {what}.",
            "Pass the right format=, or leave format= out to detect it.",
            line=root.sourceline or 1)
    return root
