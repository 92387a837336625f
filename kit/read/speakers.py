"""One person, one speaker: canonical names and roles from labels as written.

``MR. PRICE``, ``MR PRICE`` and ``Mr. Price`` are one key; audience labels
(``QUESTION``, ``Q``, ``REPORTER`` ...) become the one canonical questioner;
where the document's header names the person (``Secretary Antony Blinken``) the
speaker carries the full name; across a corpus, a surname-only speaker (``MR. SONDLAND``
or plain ``Sondland``) joins the one full name with that surname. Callsigns and
diarisation ids (``CC``, ``P``, ``SPEAKER_04``) keep their written form. User aliases
win over all of it.
"""

from __future__ import annotations

import csv
import difflib
import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.read.words import plain

AUDIENCE = frozenset({
    "Q", "QUESTION", "QUESTIONS", "QUESTIONER", "REPORTER", "REPORTERS", "JOURNALIST",
    "PARTICIPANT", "AUDIENCE", "AUDIENCE MEMBER", "AUDIENCE QUESTION", "PRESS", "MEDIA",
    "UNIDENTIFIED REPORTER", "UNKNOWN REPORTER", "MEMBER OF THE PRESS", "STAFF REPORTER",
    # a question from the floor in the other languages of press conferences
    "FRAGE", "ZUSATZFRAGE", "PREGUNTA", "DOMANDA", "VRAAG", "PERGUNTA", "PYTANIE", "JOURNALISTE",
    "PERIODISTA", "GIORNALISTA",
})
_PRESS = frozenset("REPORTER JOURNALIST QUESTIONER JOURNALISTE PERIODISTA GIORNALISTA".split())
# News outlets named as who asks (China's, Japan's and Russia's foreign ministries print the
# outlet: "AFP:", "Reuters:", "Global Times:").
_NEWS_OUTLETS = frozenset(name.strip() for name in """AFP|AP|ASSOCIATED PRESS|REUTERS
    |BLOOMBERG|CNN|CNBC|BBC|NHK|KYODO|KYODO NEWS|JIJI|YONHAP|TASS|RIA NOVOSTI|SPUTNIK|XINHUA
    |CCTV|CGTN|CHINA DAILY|GLOBAL TIMES|CHINA NEWS SERVICE|PHOENIX TV|DRAGON TV|THE PAPER
    |BEIJING YOUTH DAILY|AL JAZEERA|NIKKEI|ASAHI|YOMIURI|MAINICHI|EFE|ANSA|DPA|ANADOLU|PTI
    |PRESS TRUST OF INDIA|BERNAMA|ANTARA|PRASAR BHARATI|TBS|FUJI TV|FINANCIAL TIMES
    |WALL STREET JOURNAL|NEW YORK TIMES|WASHINGTON POST|POLITICO|AXIOS|EURONEWS|DEUTSCHE WELLE
    |FRANCE 24|RFI|ABC|NBC|CBS|FOX NEWS|SKY NEWS|ITV|CHANNEL 4|NPR|VOA""".split("|"))
_MODERATOR = frozenset(
    "MODERATOR HOST CHAIR CHAIRMAN CHAIRWOMAN CHAIRPERSON ANCHOR EMCEE MC INTERVIEWER "
    "PRESENTER CO-HOST".split())
_OPERATOR = frozenset("OPERATOR".split())
_INTERPRETER = frozenset("INTERPRETER TRANSLATOR INTERPRETATION".split())
# Words of office and honorifics: an official's label, not part of a surname.
_TITLES = frozenset(
    """MR MS MRS MISS DR PROF SIR DAME LORD LADY SECRETARY GENERAL FOREIGN MINISTER PRIME DEPUTY
    PRESIDENT VICE AMBASSADOR SENATOR SEN REPRESENTATIVE REP CONGRESSMAN CONGRESSWOMAN GOVERNOR GOV
    MAYOR SPEAKER CHIEF JUSTICE JUDGE ADMIRAL ADM GENERAL GEN COLONEL COL CAPTAIN CAPT MAJOR LT
    LIEUTENANT SERGEANT SGT COMMANDER SPOKESPERSON SPOKESMAN SPOKESWOMAN ASSISTANT UNDER
    ADMINISTRATOR DIRECTOR ADVISOR ADVISER COORDINATOR ENVOY SPECIAL SENIOR PRINCIPAL PRESS
    NATIONAL SECURITY STATE DEPARTMENT ADMINISTRATION WHITE HOUSE OFFICIAL OFFICIALS THE OF FOR
    AND CHANCELLOR KING QUEEN PRINCE PRINCESS HIS HER EXCELLENCY MAJESTY HIGHNESS FIRST LADY
    GENTLEMAN GENTLEWOMAN HONORABLE HON REV REVEREND FATHER SISTER BROTHER ATTORNEY NATO UN EU US
    COUNSELOR COUNSELLOR CHARGE D'AFFAIRES HIGH COMMISSIONER SHERIFF COMMISSIONER MINISTRY
    OFFICER MEMBER DELEGATE COMMUNICATIONS STRATEGIC COUNCIL NSC COMMITTEE AGENCY BUREAU
    SERVICE FORCE ARMY NAVY AIR DEFENSE DEFENCE AFFAIRS POLICY PUBLIC PRINCIPAL ACTING FORMER
    CHAIRMAN CHAIRWOMAN CHAIR PRESIDING PRO TEMPORE TAOISEACH TÁNAISTE TANAISTE HONOURABLE
    """.split()
)
_OFFICIAL_WORDS = _TITLES - {"THE", "OF", "FOR", "AND", "MR", "MS", "MRS", "MISS", "DR"}
_HONORIFIC_DISPLAY = {"MR": "Mr.", "MS": "Ms.", "MRS": "Mrs.", "DR": "Dr.", "PROF": "Prof.",
                      "SEN": "Sen.", "REP": "Rep.", "GOV": "Gov.", "GEN": "Gen.", "COL": "Col.",
                      "CAPT": "Capt.", "ADM": "Adm.", "LT": "Lt.", "SGT": "Sgt.", "REV": "Rev.",
                      "HON": "Hon."}
_GENERIC = re.compile(r"^(?:SPEAKER|UNKNOWN|UNIDENTIFIED|VOICE|MALE|FEMALE|"
                      r"MAN|WOMAN|PERSON|GUEST|SPEAKER_?\d+|SPK_?\d+)\b")
# Kept as written: a diarisation id (SPEAKER_04), and a callsign or code of one or two
# letters, or of three without a vowel (P, CC, CDR, LMP): "Cc" would name nobody.
_AS_WRITTEN = re.compile(r"(?:SPEAKER|SPK)_\d+|[A-Z]{1,2}|[B-DF-HJ-NP-TV-XZ]{3}")


# A note in square brackets beside a name: "The PRESIDING OFFICER [Mr. Brownback]" (who
# presides), "[*] GRASSLEY" (a news service's mark). Dropped only where a name remains.
_BRACKET_NOTE = re.compile(r"\s*\[[^\[\]]{0,40}\]\s*")


def _without_bracket_note(label: str) -> str:
    bare = _BRACKET_NOTE.sub(" ", label).strip()
    return bare if bare else label


# The party a parliament's label gives in its last bracket: "Volker Kauder (CDU/CSU)",
# "Douglas Ross (Highlands and Islands) (Con)", "SEN. CHUCK GRASSLEY (R-IA)". Not a note
# (via interpreter, CONTINUING, In Ukrainian), a name (The Presiding Officer (Alison
# Johnstone)) or a place (Edinburgh Western): a party is a short word, capitals, or both.
_LAST_NOTE = re.compile(r"\(([^()]{1,30})\)\s*$")
_NOT_PARTY = frozenset(
    """VIA THROUGH AS IN BY FROM OF AND THE ON OFF TO FOR WITH CONTINUING CONT CONTD CONT'D
    TRANSLATOR INTERPRETER TRANSLATION INTERPRETATION INTERPRETED TRANSLATED VOICE OVER VO
    OS OC SOT PH SIC UNKNOWN UNIDENTIFIED MALE FEMALE INAUDIBLE CROSSTALK LIVE TAPE
    VIDEO AUDIO MR MRS MS MISS DR SHRI SHRIMATI SMT KUMARI DAME SIR LORD LADY""".split())
# A party after a constituency: "(Suba North, ODM)", as Kenya's Hansard prints a member: an
# acronym of three to six capitals (not a state's or country's code: "(Boston, MA)").
# Canada's House prints the riding or office, then the party, as "(Papineau, Lib.)",
# "(Beloeil—Chambly, BQ)", "(Carleton, CPC)".
_PLACE_THEN_PARTY = re.compile(r"[^,]+,\s*([A-Z][A-Z&\-]{2,5}|Lib\.|Ind\.|BQ|GP)")
# India's Lok Sabha, Rajya Sabha and state assemblies print a member's constituency in the
# bracket ("SHRI RAHUL GANDHI (WAYANAD)"), after an honorific of theirs: never the party.
_CONSTITUENCY_STYLE = re.compile(r"(?:SHRI|SHRIMATI|SMT|KUMARI|SUSHRI)\b\.?", re.IGNORECASE)
# US news style: party letter, then the state as the paper writes it ("R-IA", "D-Mass.",
# "D-N.Y.", "R-South Carolina", WSJ's "R., Texas").
_US_PARTY = re.compile(r"([RDI])(?:\s?[-\u2013]\s?|\.,\s?)((?:[A-Z][A-Za-z]*\.?\s?){1,3})")
# The European Parliament's "Manfred Weber, on behalf of the PPE Group": the group (whose
# name may start with "The": "on behalf of The Left Group").
_ON_BEHALF = re.compile(r",\s+on behalf of (?:the\s+)?([\w&/\-]+(?:\s[\w&/\-]+){0,3}?) Group\b")


# A member's label with the party after the name, no bracket (Baden-Württemberg's Landtag):
# "Abg. Andreas Stoch SPD", "Abg. Manuel Hagel CDU", "Abg. Hans-Ulrich Rülke FDP/DVP".
_MEMBER_THEN_PARTY = re.compile(
    r"(?P<name>(?:Abg\.|Abgeordnete[r]?)\s+[^()\[\],:]+?)\s+"
    r"(?P<party>[A-ZÄÖÜ][A-ZÄÖÜa-zäöü]*[A-ZÄÖÜ](?:[/\-][A-ZÄÖÜ][A-ZÄÖÜa-z]*)*)")


# Switzerland's Bulletin: the group, then the canton ("Glättli Balthasar (G, ZH)",
# "Aeschi Thomas (V, ZG)", "Bregy Philipp Matthias (M-E, VS)").
_PARTY_THEN_CANTON = re.compile(
    r"([A-Z][A-Za-z\-]{0,3}),\s*(AG|AI|AR|BE|BL|BS|FR|GE|GL|GR|JU|LU|NE|NW|OW|SG|SH|SO|SZ|TG"
    r"|TI|UR|VD|VS|ZG|ZH)")


def _member_then_party(label: str) -> tuple[str, str] | None:
    """``(name, party)`` of a label such as ``Abg. Andreas Stoch SPD``, or None."""
    m = _MEMBER_THEN_PARTY.fullmatch(label.strip().rstrip(":"))
    if m is None or len(m.group("name").split()) < 3:
        return None
    return m.group("name"), m.group("party")


def party_of_label(label: str) -> str | None:
    """The party (or group) a label names in its last bracket, or None.

    ``Volker Kauder (CDU/CSU)`` gives ``CDU/CSU``; ``SEN. CHUCK GRASSLEY (R-IA)`` gives ``R``;
    ``KULEBA (via interpreter)`` and ``The Cabinet Secretary (Neil Gray)`` give None.
    """
    label = label.rstrip(" :.\u2013\u2014-")  # the separator printed after it, if kept
    group = _ON_BEHALF.search(label)
    if group:
        return group.group(1)
    member = _member_then_party(label)
    if member is not None:
        return member[1]
    m = _LAST_NOTE.search(label)
    if m is None or _CONSTITUENCY_STYLE.match(label):
        return None
    note = m.group(1).strip()
    canton = _PARTY_THEN_CANTON.fullmatch(note)
    if canton:
        return canton.group(1)
    after_place = _PLACE_THEN_PARTY.fullmatch(note)
    if after_place:
        return after_place.group(1)
    words = note.split()
    if not words or len(words) > 3 or ":" in note:
        return None
    if any(p.upper() in _NOT_PARTY for w in words for p in re.split(r"[\-/.’']", w) if p):
        return None
    us = _US_PARTY.fullmatch(note)
    if us:
        return us.group(1)  # the state: state_of_label
    capitals = all(w == w.upper() and w != w.lower() for w in words)  # DIE LINKE, SPD
    inner = len(words) == 1 and any(c.isupper() for c in note[1:])  # AfD, Lab/Co-op
    # Con, Lab, Grüne after a personal name (not a callsign's place: "CC (Cape)")
    short = len(words) == 1 and len(note) <= 5 and note[0].isupper() and \
        len(label[:m.start()].split()) >= 2
    return note if capitals or inner or short else None


# A note in brackets after a label: a party, a seat, an office's holder, a stage note.
_BRACKETED = re.compile(r"\s*\([^()]{0,60}\)")


@lru_cache(maxsize=4096)
def label_key(label: str) -> str:
    """Normalise a label for comparison: ``Mr. Price`` → ``MR PRICE``."""
    key = _BRACKETED.sub("", _without_bracket_note(label))  # (R), (Mr. Gorton)
    key = plain(key).upper()
    key = re.sub(r"[.\u00a0]", " ", key)
    key = re.sub(r"[\[\](){}:]", "", key)
    return re.sub(r"\s+", " ", key).strip()


# Japan's Diet names the office after the name ("根本委員長", "岸田内閣総理大臣", "泉委員"),
# or before the name in brackets ("委員長（山田太郎君）"): the role, by the office's ending
# (the longer endings first: a government witness, 政府参考人, is an official).
_JA_ROLES = (
    (("政府参考人", "政府特別補佐人", "大臣", "長官", "政務官", "事務総長", "法制局長"),
     s.ROLE_OFFICIAL),
    (("議長", "委員長", "会長", "主査"), s.ROLE_CHAIR),
    (("参考人", "公述人", "証人"), s.ROLE_GUEST),
    (("委員", "議員", "君"), s.ROLE_MEMBER),
)
_JA_HOLDER = re.compile(r"(?P<office>[^（）]+)（(?P<name>[^（）]+?)(?:君|さん)?）")
# Korea's National Assembly: the office before or after the name ("의장 김진표", "홍길동 의원").
_KO_ROLES = {"의장": s.ROLE_CHAIR, "부의장": s.ROLE_CHAIR, "위원장": s.ROLE_CHAIR,
             "소위원장": s.ROLE_CHAIR, "국무총리": s.ROLE_OFFICIAL, "장관": s.ROLE_OFFICIAL,
             "차관": s.ROLE_OFFICIAL, "의원": s.ROLE_MEMBER, "위원": s.ROLE_MEMBER,
             "참고인": s.ROLE_GUEST, "증인": s.ROLE_GUEST, "진술인": s.ROLE_GUEST}


def _east_asian(label: str) -> tuple[str, str] | None:
    """``(speaker, role)`` of a label in the Diet's or the National Assembly's style, or None
    for a label in neither."""
    label = label.strip()
    if not label or not "\u3040" <= label[0] <= "\ud7a3":
        return None
    if "\uac00" <= label[0] <= "\ud7a3":  # Hangul
        words = label.split()
        offices = [w for w in words if w in _KO_ROLES]
        names = [w for w in words if w not in _KO_ROLES]
        role = _KO_ROLES[offices[0]] if offices else s.ROLE_UNKNOWN
        return (names[0] if len(names) == 1 and offices else label), role
    holder = _JA_HOLDER.fullmatch(label)
    office = holder.group("office") if holder else label
    role = next((role for ends, role in _JA_ROLES if office.endswith(ends)), s.ROLE_UNKNOWN)
    return (holder.group("name") if holder else label), role


def role_of(key: str) -> str:
    """The role a normalised label implies."""
    if not key:
        return s.ROLE_UNKNOWN
    if (east := _east_asian(key)) is not None:
        return east[1]
    if key in AUDIENCE or key.startswith(("Q ", "QUESTION ", "REPORTER ", "FRAGE ",
                                          "ZUSATZFRAGE ", "PREGUNTA ", "DOMANDA ")):
        return s.ROLE_QUESTION
    # "JOURNALIST 2", "UNIDENTIFIED JOURNALIST", "FEMALE REPORTER": the press, numbered or not
    words = key.split()
    if words[-1] in _PRESS or (len(words) == 2 and words[0] in _PRESS and words[1].isdigit()) \
            or key in _NEWS_OUTLETS:
        return s.ROLE_QUESTION
    the = key.startswith("THE ")
    key = key.removeprefix("THE ")
    words = key.split()
    if _presides(words, the=the):
        return s.ROLE_CHAIR
    if key in _MODERATOR or words[0] in _MODERATOR or words[-1] in _MODERATOR:
        return s.ROLE_MODERATOR
    if words[0] in _OPERATOR:
        return s.ROLE_OPERATOR
    if words[0] in _INTERPRETER or key.endswith(" INTERPRETER"):
        return s.ROLE_INTERPRETER
    if _GENERIC.match(key):
        return s.ROLE_UNKNOWN
    if any(w in _OFFICIAL_WORDS for w in words) or words[0] in _HONORIFIC_DISPLAY or key == "A":
        return s.ROLE_OFFICIAL
    return s.ROLE_UNKNOWN


_CHAIR_TITLES = frozenset("CHAIRMAN CHAIRWOMAN CHAIRPERSON CHAIR".split())
# Who presides over a parliament, by title, in the languages of the protocols read:
# "Präsident Dr. Norbert Lammert:", "Vizepräsidentin Petra Pau:", "Le Président:",
# "Marszałek:". (Not the English "President": a head of state, in most transcripts.)
_PRESIDING_TITLES = frozenset(
    """PRÄSIDENT PRÄSIDENTIN VIZEPRÄSIDENT VIZEPRÄSIDENTIN ALTERSPRÄSIDENT ALTERSPRÄSIDENTIN
    PRÉSIDENT PRÉSIDENTE VICE-PRÉSIDENT VICE-PRÉSIDENTE PRESIDENTE PRESIDENTA VICEPRESIDENTE
    VICEPRESIDENTA VOORZITTER MARSZAŁEK WICEMARSZAŁEK TALMAN TALMANNEN PUHEMIES FORMAND
    FORMANDEN LLYWYDD LYWYDD CEANN LEAS-CHEANN CATHAOIRLEACH LEAS-CHATHAOIRLEACH CONVENER CONVENOR
    DEPUTY-CONVENER""".split())
# (Welsh "Y Llywydd", "Y Dirprwy Lywydd" (a deputy: "Lywydd" after "Dirprwy"); Irish "An
# Ceann Comhairle", "An Cathaoirleach")
_ARTICLES = frozenset("""LE LA L' DER DIE DE DEN IL EL O A MADAME MONSIEUR M MME HERR FRAU
    SEÑOR SEÑORA SENHOR SENHORA SR SRA AN Y DEPUTY DIRPRWY""".split())
# Words before "Speaker" when it names the chair of a House of Commons, Lok Sabha, Kenya's
# National Assembly: "Mr Speaker", "Hon. Speaker", "Madam Deputy Speaker".
_SPEAKER_ADDRESS = frozenset("""MR MISTER MADAM MADAME HON HONOURABLE HONORABLE DEPUTY
    ACTING ASSISTANT TEMPORARY""".split())


def _presides(words: list[str], *, the: bool = False) -> bool:
    """A presiding officer named as such: ``CHAIRMAN INOUYE``, ``PRESIDING OFFICER``,
    ``SPEAKER PRO TEMPORE``, ``CHIEF JUSTICE ROBERTS``, ``MR SPEAKER``, ``HON. SPEAKER``,
    ``MADAM DEPUTY SPEAKER``, ``THE SPEAKER`` (``the``: the label began with ``THE``). A bare
    ``CHAIRMAN`` stays a moderator (panels, forums), a bare ``SPEAKER`` unknown (a
    transcription service's unnamed speaker)."""
    if the and words == ["COURT"]:  # "THE COURT:", the judge presiding over a trial
        return True
    if words[-1] == "SPEAKER" and (the or len(words) >= 2) and \
            all(w in _SPEAKER_ADDRESS for w in words[:-1]):
        return True
    if words[0] in _CHAIR_TITLES:
        return len(words) >= 2 and words[1] not in _TITLES
    titled = words
    while len(titled) > 1 and titled[0] in _ARTICLES:  # "Madame la Présidente"
        titled = titled[1:]
    if titled[0] in _PRESIDING_TITLES:
        return True
    return words[:2] == ["CHIEF", "JUSTICE"] or words[-2:] in (["PRO", "TEMPORE"],
                                                               ["PRESIDING", "OFFICER"])


_US = re.compile(r"\bU S\b")  # "U.S. Attorney": the letters are no initials


def _name_words(key: str) -> list[str]:
    return [w for w in _US.sub(" ", key).split() if w not in _TITLES]


_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")


def _has_capitals(label: str) -> bool:
    """A word of the label is in capitals ("Mr. SMITH"); dotted initials are not one
    ("George H.W. Bush", "U.S. Attorney Smith")."""
    return any(w.isupper() and _TWO_LETTERS.search(w) for w in label.split())


# Words that join a title to what it is of ("Member for Brent Central", "Counsel to the
# Inquiry"): written in lower case, and never a name.
_JOINING_WORDS = frozenset(("OF", "THE", "AND", "FOR", "TO"))


def _display(label: str, *, written: str | None = None) -> str:
    """A readable name for a label nobody resolved: ``MR PRICE`` → ``Mr. Price``; an
    initial keeps its period where ``written`` (by default ``label``) has one."""
    if any(c.islower() for c in label) and not _has_capitals(label):
        return re.sub(r"\s+", " ", label.replace("\u00a0", " ")).strip()
    out = []
    for word in label_key(label).split():
        if word in _HONORIFIC_DISPLAY:
            out.append(_HONORIFIC_DISPLAY[word])
        elif word in _JOINING_WORDS and out:
            out.append(word.lower())
        elif len(word) == 1 and out and f" {word}." in f" {written or label}".upper():
            out.append(word + ".")  # an initial as written: "JOHN Q. PUBLIC" -> "John Q. Public"
        else:
            out.append("-".join(_capitalise(p) for p in word.split("-")))
    return " ".join(out)


def _capitalise(word: str) -> str:
    """``PRICE`` → ``Price``; ``MCFAUL`` → ``McFaul`` (Mc is followed by a capital)."""
    if len(word) > 3 and word.startswith("MC") and word[2].isalpha():
        return "Mc" + word[2] + word[3:].lower()
    return word[:1] + word[1:].lower()


_CAP_WORD = r"(?:[A-Z][a-z][\w'’\-]*|[A-Z]\.)"


def full_name_in(text: str, surname: str) -> str | None:
    """The first full name ending in ``surname`` in ``text``, without titles or initials.

    ``Remarks by Secretary Antony J. Blinken`` with ``BLINKEN`` gives
    ``Antony Blinken``.
    """
    if not text or not surname:
        return None
    pattern = re.compile(rf"((?:{_CAP_WORD}[\s\u00a0]+){{1,4}})((?i:{re.escape(surname)}))\b")
    for m in pattern.finditer(text):
        written = m.group(2)
        if written.isupper() and len(written) > 2:
            continue  # an upper-case label quoted in the header, not prose
        given = [w for w in m.group(1).split() if re.fullmatch(_CAP_WORD, w)]
        names = []
        for word in reversed(given):
            if label_key(word) in _TITLES:
                break
            names.append(word)
        names = [w for w in reversed(names) if not re.fullmatch(r"[A-Z]\.", w)]
        if names:
            return f"{names[-1]} {written}"
    return None


def _title_name_in(text: str, key: str) -> str | None:
    """For a title-only label (``THE PRESIDENT``) the surname the header gives it."""
    title = " ".join(w for w in key.split() if w != "THE")
    if not title:
        return None
    words = r"[\s\u00a0]+".join(re.escape(w) for w in title.split())
    m = re.search(rf"\b(?i:{words})[\s\u00a0]+((?:[A-Z][a-z][\w'’\-]*[\s\u00a0]+)?"
                  rf"[A-Z][a-z][\w'’\-]+)", text)
    if not m:
        return None
    name = m.group(1).split()
    if not name or label_key(name[-1]) in _TITLES or not name[-1][0].isupper():
        return None
    return name[-1]


# A form of address before a name, in the languages of the transcripts read: "Mr.",
# "M.", "Mme", "Frau", "De heer", "El señor", "Shri", "On." (an article only before one).
_ADDRESS = re.compile(
    r"(?:(?:el|la|de|der|die|il|le|o|a)\s+)?"
    r"(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|m|mme|mlle|herr|frau|heer|mevrouw|mejuffrouw"
    r"|señor|señora|señorita|sr|sra|srta|senhor|senhora|sig|signor|signora|on|onorevole"
    r"|shri|shrimati|smt|kumari|hon|honourable|honorable"
    # a member of parliament, as Poland's, Czechia's and Austria's records say it
    r"|poseł|posłanka|poslanec|poslankyně|abgeordneter|abgeordnete|abg"
    # academic degrees before a name, as Austria's and Germany's records print them
    r"|mag|mmag|dipl\.-ing|ing)\.?(?=\s)",
    re.IGNORECASE)
# An office before a name, in German (and Swedish "-minister"): "Ministerpräsident Winfried
# Kretschmann", "Bundeskanzler Karl Nehammer", "Socialförsäkringsminister Ardalan Shekarabi",
# "Präsidentin Muhterem Aras" (who presides keeps the role chair), "Landesrat ...": the
# person speaks, the office is an attribute.
_OFFICE_WORD = re.compile(
    r"[A-ZÄÖÜ]?[a-zäöüß\-]*(?:[Pp]räsident|[Kk]anzler|[Mm]inister|[Ss]taatssekretär|[Ss]enator"
    r"|[Bb]ürgermeister|[Bb]eauftragte)(?:in|r)?|(?:Bundes|Landes|Staats|Regierungs)r(?:at|ätin)")
# Lower-case words inside a name ("Ursula von der Leyen"); "Moore of Wisconsin" is no name.
_NAME_PARTICLES = frozenset("von van der den de del della di da du la le dos das ter bin ibn al "
                            "y e".split())
# A peer's title is their name: "Lord Ahmad of Wimbledon", "Baroness Hale".
_PEERAGE = frozenset("LORD LADY BARON BARONESS VISCOUNT VISCOUNTESS EARL COUNTESS DUKE".split())


def _without_address(label: str) -> str:
    """The name of a label without the titles and forms of address before it, where a first
    name and a surname remain (``Mr. John Smith``, ``Frau Alice Weidel``, ``El señor FEIJÓO
    ALBERTOS``, ``Secretary of State Antony Blinken``); else the label as it is (``Mr.
    Smith``, ``De heer Wilders``, ``The Member for Brent Central``)."""
    rest = label.strip()
    last = ""
    while True:
        if (m := _ADDRESS.match(rest)) is not None:
            rest, last = rest[m.end():].lstrip(), "ADDRESS"
            continue
        word, _, after = rest.partition(" ")
        if label_key(word) in _PEERAGE:
            return label
        if after and label_key(word) in _TITLES:
            rest, last = after.lstrip(), label_key(word)
            continue
        if after and not last and _OFFICE_WORD.fullmatch(word):
            rest, last = after.lstrip(), "OFFICE"
            continue
        break
    words = rest.split()
    if not last or last in _JOINING_WORDS or len(words) < 2 or any(c.isdigit() for c in rest) \
            or not (words[0][:1].isupper() and words[-1][:1].isupper()) \
            or any(not w[:1].isupper() and w.lower() not in _NAME_PARTICLES for w in words):
        return label
    return rest


# "The First Minister (John Swinney)", "The Cabinet Secretary for Finance (Shona Robison)":
# an office, then who holds it, as the Westminster family of Hansards prints a member who
# speaks in an office.
_OFFICE_THEN_NAME = re.compile(
    r"(?P<office>[^()\[\]]+?)\s*(?:\((?P<name>[^()]{3,60})\)|\[(?P<name2>[^\[\]]{3,60})\])")


def office_key(label: str) -> str | None:
    """The office of a label that names its holder (``The First Minister (John Swinney)``
    gives ``THE FIRST MINISTER``), or None."""
    holder = _office_holder(label)
    return holder[0] if holder is not None else None


# An office in the bracket after a name, as New Zealand's and Australia's Hansards print a
# minister's: "Hon CHRIS HIPKINS (Leader of the Opposition)", "Hon NICOLA WILLIS (Minister
# of Finance)".
_OFFICE_NOTE = re.compile(
    r"(?:(?:Deputy|Associate|Assistant|Acting|Parliamentary Under-|Under-)\s*)?(?:Prime Minister"
    r"|Minister\b.{0,60}|Leader of the (?:Opposition|House)\b.{0,30}|Attorney-General"
    r"|Treasurer|Chancellor of the .{3,40}|Secretary of State\b.{0,60}|Premier"
    r"|Parliamentary Secretary\b.{0,60})")


def state_of_label(label: str) -> str | None:
    """The state after the party in a label's note, as written: a US state in news style
    (``SEN. ED MARKEY (D-Mass.)`` gives ``Mass.``, ``REP. JIM JORDAN (R-OH)`` ``OH``), a
    Swiss canton (``Glättli Balthasar (G, ZH)`` gives ``ZH``); else None."""
    m = _LAST_NOTE.search(label.rstrip(" :.\u2013\u2014-"))
    if m is None:
        return None
    note = m.group(1).strip()
    found = _US_PARTY.fullmatch(note) or _PARTY_THEN_CANTON.fullmatch(note)
    return found.group(2).strip() if found is not None else None


def office_of_label(label: str) -> str | None:
    """The office a label names with its holder, as written (``The First Minister (John
    Swinney)`` gives ``First Minister``, ``Statsminister ULF KRISTERSSON (M)``
    ``Statsminister``), or None."""
    holder = _office_holder(label)
    if holder is not None:
        return holder[1]
    bare = _BRACKETED.sub("", label)
    prefix = _office_before_caps(bare)
    if prefix is not None:
        return prefix[0]
    note = _LAST_NOTE.search(label.rstrip(" :.\u2013\u2014-"))
    if note is not None and _OFFICE_NOTE.fullmatch(note.group(1).strip()):
        return note.group(1).strip()  # "Rt Hon CHRISTOPHER LUXON (Prime Minister)"
    word = bare.strip().split(" ", 1)[0]
    if _OFFICE_WORD.fullmatch(word) and _without_address(bare.split(",")[0]) != \
            bare.split(",")[0]:
        return word  # "Ministerpräsident Winfried Kretschmann"
    return None


# (the English titles are dropped as forms of address: _without_address)
_NOT_OFFICES = _PRESIDING_TITLES | _CHAIR_TITLES | _PEERAGE | _TITLES


def _office_before_caps(label: str) -> tuple[str, str] | None:
    """``(office, name)`` of a label that is an office in the parliament's language, one
    capitalised word, then a first name and a surname in capitals (``Statsminister ULF
    KRISTERSSON``, ``Bundeskanzler OLAF SCHOLZ``), or None. Not for who presides (a
    German presiding title goes in ``_without_address``)."""
    word, _, rest = label.strip().partition(" ")
    words = rest.split()
    if len(words) < 2 or len(word) < 4 or not word.isalpha() or not word[0].isupper() \
            or not word[1:].islower() or word.upper() in _NOT_OFFICES \
            or not all((w.isupper() and len(w.strip(".")) >= 2) or w.lower() in _NAME_PARTICLES
                       for w in words):
        return None
    return word, rest


@lru_cache(maxsize=4096)
def _office_holder(label: str) -> tuple[str, str, str, str] | None:
    """``(office key, office as written without "The", name, role)`` of a label that is an
    office and its holder's name in brackets, or None: the office starts with "The" and is
    not the chair's (who presides is one speaker, the chair, whoever it is); the bracket is
    a personal name (two to five capitalised words, no place: "Highlands and Islands", no
    party: "Con")."""
    m = _OFFICE_THEN_NAME.fullmatch(label.strip())
    if m is None:
        return None
    office, name = label_key(m.group("office")), (m.group("name") or m.group("name2")).strip()
    role = role_of(office)
    if not office.startswith("THE ") or role == s.ROLE_CHAIR:
        return None
    name = _without_address(name)
    words = name.split()
    if not 2 <= len(words) <= 5 or any(c.isdigit() for c in name) \
            or not all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words) \
            or not (words[0][:1].isupper() and words[-1][:1].isupper()) \
            or any(w.isupper() and len(w) > 1 for w in words):
        return None
    written = re.sub(r"^the\s+", "", m.group("office").strip(), flags=re.IGNORECASE)
    return office, written, name, role if role != s.ROLE_UNKNOWN else s.ROLE_OFFICIAL


# "The Rt Hon", "Right Honourable" before a name ("RT" alone may be initials: "Andrew RT
# Davies").
_RIGHT_HONOURABLE = re.compile(r"^(?:the\s+)?(?:rt\.?|right)\s+hon(?:ourable|orable|\.)?\s+",
                               re.IGNORECASE)
# Letters after a name, never part of it: "BORIS JOHNSON MP", "MS CAREY KC", "Jane Doe CBE".
_POSTNOMINALS = re.compile(r"(?<=\w)(?:,?[ \u00a0]+(?:MP|MSP|MS|MLA|AM|TD|KC|QC|SC|CBE|OBE|MBE|KBE"
                           r"|DBE|GBE|FRS|Esq|ESQ)\.?)+\s*$")


def resolve_label(label: str, *, context: str) -> tuple[str, str, str | None]:
    """Canonical speaker, role and surname key of one label within one document.

    Parameters
    ----------
    label
        The label as written (``MR PRICE``, ``Q``, ``Jane Doe``).
    context
        Header, title and byline text of the document, searched for full names.
    """
    holder = _office_holder(label)
    if holder is not None:  # the person, not the office: holders change, people move
        _, _, name, role = holder
        return name, role, label_key(name).split()[-1]
    east = _east_asian(label)
    if east is not None:  # "委員長（山田太郎君）", "의장 김진표": the person; "根本委員長" kept
        return east[0], east[1], None
    # notes: (via interpreter), (R), [Mr. Brownback]; letters after the name (MP, KC)
    label = _BRACKETED.sub("", _without_bracket_note(label))
    member = _member_then_party(label)
    if member is not None:
        label = member[0]  # "Abg. Andreas Stoch SPD": the party is not the name
    label = _RIGHT_HONOURABLE.sub("", _POSTNOMINALS.sub("", label) or label) or label
    role = role_of(label_key(label.replace(",", " ")))
    label = label.split(",")[0]  # JAKE TAPPER, CNN ANCHOR: the name is before the comma
    if role != s.ROLE_QUESTION:
        addressed = _without_address(label)  # one name, however the label addresses it
        if addressed == label and (office := _office_before_caps(label)) is not None:
            addressed = office[1]  # "Statsminister ULF KRISTERSSON": the minister speaks
            role = s.ROLE_OFFICIAL if role == s.ROLE_UNKNOWN else role
        elif addressed != label and role == s.ROLE_UNKNOWN and \
                _OFFICE_WORD.fullmatch(label.strip().split(" ", 1)[0]):
            role = s.ROLE_OFFICIAL  # "Bundeskanzler Karl Nehammer"
        label = addressed
    key = label_key(label)
    if not key:
        return s.UNKNOWN_SPEAKER, s.ROLE_UNKNOWN, None
    if role == s.ROLE_QUESTION:
        return s.QUESTIONER, role, None
    if _AS_WRITTEN.fullmatch(label.strip()) and key not in _TITLES:
        return label.strip(), role, None
    if any(c.islower() for c in label) and not _has_capitals(label) \
            and not _GENERIC.match(key):
        name = _display(label)  # already a name as written
        words = _name_words(key)
        # "Sondland" alone is a surname: it may join the one "Gordon Sondland"
        plain = len(words) == 1 and len(key.split()) == 1 and role == s.ROLE_UNKNOWN
        return name, role, words[-1] if len(words) >= 2 or plain else None
    # "Senator WARREN of Massachusetts": the surname comes before the state
    names = _name_words(key.split(" OF ")[0] if re.search(r"\sof\s", label) else key)
    if _GENERIC.match(key) or (not names and role in (s.ROLE_MODERATOR, s.ROLE_OPERATOR,
                                                      s.ROLE_INTERPRETER)):
        return _display(label), role, None
    display_key = key
    if not names:
        # THE PRESIDENT: the person the header names with that title
        surname = _title_name_in(context, key) if key.startswith("THE ") else None
        if surname is None:
            return _display(label), role, None
        names = [label_key(surname)]
        display_key = f"{key.removeprefix('THE ')} {names[0]}"
    surname = names[-1]
    full = full_name_in(context, surname)
    if full:
        return full, role, surname
    if any(w in _JOINING_WORDS for w in key.split()[1:-1]):
        return _display(key), role, None  # a description, no name: "Counsel to the Inquiry"
    if len(names) >= 2:
        return _display(" ".join(names), written=label), role, surname
    return _display(display_key), role, surname


def read_aliases(aliases: Mapping[str, str] | str | os.PathLike[str] | None) -> dict[str, str]:
    """An alias mapping as ``{label key: canonical speaker}`` from a dict or a CSV file.

    A CSV needs two columns, ``label`` and ``speaker`` (a header row is required).
    """
    if aliases is None:
        return {}
    if isinstance(aliases, Mapping):
        return {label_key(str(k)): str(v) for k, v in aliases.items()}
    path = Path(aliases)
    if not path.is_file():
        raise KitError(f"{path}: the alias file does not exist. Fix: pass a CSV with columns "
                       "label,speaker or a dict.")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    if not rows or not {"label", "speaker"} <= set(rows[0]):
        raise KitError(f"{path}, line 1: an alias CSV needs the columns 'label' and 'speaker'. "
                       "Fix: add the header row label,speaker.")
    return {label_key(r["label"]): r["speaker"].strip() for r in rows if r["label"]}


def merge_surnames(speaker: np.ndarray, surname: np.ndarray,
                   resolved: np.ndarray) -> np.ndarray:
    """Join surname-only speakers to the one full name with that surname.

    Parameters
    ----------
    speaker
        One row per turn: the code of its speaker.
    surname
        One row per turn: the code of its label's surname key, -1 where there is none.
    resolved
        One row per turn: whether its speaker is a full name from the document.

    Returns
    -------
    ndarray
        ``speaker``, with the code of the full name where a surname has exactly one.
    """
    n_names = int(speaker.max()) + 1 if len(speaker) else 1
    n_surnames = int(surname.max()) + 1 if len(surname) else 0
    full = resolved & (surname >= 0)
    # the distinct (surname, full name) pairs, by codes: no string per turn
    pairs = np.unique(surname[full] * n_names + speaker[full])
    of_surname = pairs // n_names
    one = np.bincount(of_surname, minlength=n_surnames)[of_surname] == 1
    unique = np.full(n_surnames + 1, -1, dtype=np.int64)  # [-1]: no surname, no name
    unique[of_surname[one]] = pairs[one] % n_names
    todo = ~resolved & (unique[surname] >= 0)
    out = speaker.copy()
    out[todo] = unique[surname[todo]]
    return out


def near_duplicates(speakers: list[str], *, cutoff: float = 0.85) -> dict[str, list[str]]:
    """Speakers whose names look alike (same surname, or a close spelling)."""
    result: dict[str, list[str]] = {}
    keys = {sp: label_key(sp) for sp in speakers}
    for sp in speakers:
        others = []
        last = keys[sp].split()[-1] if keys[sp] else ""
        for other in speakers:
            if other == sp:
                continue
            okey = keys[other]
            same_surname = last and len(last) > 2 and okey.split()[-1:] == [last]
            close = difflib.SequenceMatcher(None, keys[sp], okey).ratio() >= cutoff
            if same_surname or close:
                others.append(other)
        if others:
            result[sp] = others
    return result


def speaker_report(corpus) -> pd.DataFrame:  # noqa: ANN001 - Corpus, imported lazily
    """Each canonical speaker with the labels merged into it and look-alike speakers.

    Parameters
    ----------
    corpus
        A :class:`kit.Corpus`.

    Returns
    -------
    DataFrame
        One row per speaker: ``speaker``, ``role``, ``labels`` (the labels as
        written, most frequent first), ``n_labels``, ``n_turns``, ``n_words``,
        ``n_documents`` and ``near_duplicates`` (speakers that may be the same
        person: pass an alias mapping to merge them).
    """
    turns = corpus.turns
    if not len(turns):
        return pd.DataFrame(columns=["speaker", "role", "labels", "n_labels", "n_turns",
                                     "n_words", "n_documents", "near_duplicates"])
    grouped = turns.groupby(s.SPEAKER, observed=True, sort=False)
    labels = grouped[s.SPEAKER_LABEL].agg(lambda x: list(x.value_counts().index))
    report = pd.DataFrame({
        "speaker": labels.index.astype(str),
        "role": grouped[s.ROLE].agg(lambda x: x.mode().iloc[0]).astype(str).to_numpy(),
        "labels": labels.to_numpy(),
        "n_turns": grouped.size().to_numpy(),
        "n_words": grouped[s.N_WORDS].sum().to_numpy(),
        "n_documents": grouped[s.DOC_ID].nunique().to_numpy(),
    })
    report.insert(3, "n_labels", report["labels"].map(len))
    dups = near_duplicates(list(report["speaker"]))
    report["near_duplicates"] = report["speaker"].map(lambda sp: dups.get(sp, []))
    return report.sort_values("n_turns", ascending=False, kind="stable").reset_index(drop=True)
