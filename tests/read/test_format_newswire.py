"""News-service transcripts (CQ Transcriptions, Federal News Service): rosters and labels.

No real one was found for the sample corpora; the snippets follow the services' layout as
the Washington Post republished it."""

from __future__ import annotations

import warnings

import pytest
from tiling import assert_tiles

import kit
from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats import sniff_format
from kit.read.formats.newswire import looks_like_newswire

CQ = """Senate Judiciary Committee Holds Hearing on Judicial Nominations

CQ Transcriptions
Tuesday, March 4, 2008

SPEAKERS:
SEN. PATRICK J. LEAHY (D-VT)
CHAIRMAN

SEN. EDWARD M. KENNEDY (D-MA)

SEN. ARLEN SPECTER (R-PA)
RANKING MEMBER

SEN. CHARLES E. GRASSLEY (R-IA)

WITNESSES:
CATHARINA HAYNES, NOMINEE TO BE U.S. CIRCUIT JUDGE FOR THE FIFTH CIRCUIT

MARK S. DAVIS JR., NOMINEE TO BE U.S. DISTRICT JUDGE

[*] LEAHY: Good morning. We will come to order.

Senator Specter, would you like to begin?

SPECTER: Thank you, Mr. Chairman. (LAUGHTER)

(UNKNOWN): Mr. Chairman, the microphone is off.

LEAHY: Thank you. Judge Haynes, please.

HAYNES: Thank you, Mr. Chairman. I am honored to be here.

GRASSLEY: Judge Haynes, how do you see the role of precedent?

HAYNES: Precedent binds a circuit judge.

DAVIS: So it does, Senator.

CARDIN: May I add a question, Mr. Chairman?

LEAHY: We stand adjourned.

END
"""

FNS = """FEDERAL NEWS SERVICE
DEBATE AMONG THE CANDIDATES FOR GOVERNOR

MODERATOR:
JIM LEHRER

PANELISTS:
ANN SMITH, THE DAILY STAR
BOB SMITH, THE EVENING POST

LEHRER: Good evening.

SMITH: Thank you, Jim.

LEHRER: Next question.
"""


def read(tmp_path, name, content, **options):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return kit.read_transcript(path, **options)


def test_sniffed_from_the_roster():
    assert looks_like_newswire(CQ)
    assert sniff_format(CQ, suffix=".txt") == "newswire"
    assert not looks_like_newswire("<html><body><p>SPEAKERS:</p></body></html>")
    assert not looks_like_newswire("MR. PRICE: Hello.\n\nQUESTION: Why?\n")


@pytest.fixture
def cq(tmp_path):
    return read(tmp_path, "cq.txt", CQ)


def test_roster_names_speakers_roles_and_parties(cq):
    turns = cq.turns
    assert list(turns[s.SPEAKER_LABEL]) == [
        "[*] LEAHY", "SPECTER", "(UNKNOWN)", "LEAHY", "HAYNES", "GRASSLEY", "HAYNES", "DAVIS",
        "CARDIN", "LEAHY"]
    assert list(turns[s.SPEAKER]) == [
        "Patrick J. Leahy", "Arlen Specter", "Unknown", "Patrick J. Leahy", "Catharina Haynes",
        "Charles E. Grassley", "Catharina Haynes", "Mark S. Davis Jr.", "Cardin",
        "Patrick J. Leahy"]
    assert list(turns[s.ROLE]) == ["chair", "member", "unknown", "chair", "guest", "member",
                                   "guest", "guest", "unknown", "chair"]
    speakers = cq.speakers.set_index(s.SPEAKER)
    assert speakers.loc["Patrick J. Leahy", s.PARTY] == "D"
    assert speakers.loc["Arlen Specter", "state"] == "PA"
    assert speakers.loc["Arlen Specter", "office"] == "Ranking Member"
    assert speakers.loc["Patrick J. Leahy", "office"] == "Chairman"


def test_rosters_are_header_and_the_end_mark_trailer(cq):
    doc = cq.documents.iloc[0]
    assert doc[s.FORMAT] == "newswire"
    assert doc[s.HEADER].startswith("Senate Judiciary Committee Holds Hearing")
    assert "SPEAKERS:\nSEN. PATRICK J. LEAHY (D-VT)\nCHAIRMAN" in doc[s.HEADER]
    assert doc[s.HEADER].endswith("NOMINEE TO BE U.S. DISTRICT JUDGE\n\n")
    assert doc[s.TRAILER] == "\n\nEND\n"
    assert str(doc[s.DATE].date()) == "2008-03-04"
    turns = cq.turns
    assert turns[s.TEXT].iloc[0] == ("Good morning. We will come to order.\n\n"
                                     "Senator Specter, would you like to begin?")
    assert turns[s.STAGE_DIRECTIONS].iloc[1] == ("(LAUGHTER)",)
    assert_tiles(cq, "cq", CQ)


def test_one_surname_for_two_people_names_neither(tmp_path):
    corpus = read(tmp_path, "fns.txt", FNS.replace("MODERATOR:", "SPEAKERS:"))
    turns = corpus.turns
    assert list(turns[s.SPEAKER]) == ["Jim Lehrer", "Smith", "Jim Lehrer"]
    roles = read(tmp_path, "fns2.txt", FNS).turns[s.ROLE]
    assert list(roles) == ["moderator", "unknown", "moderator"]


def test_forced_on_a_text_without_roster(tmp_path):
    with pytest.raises(TranscriptError, match=r"plain\.txt, line 1: No SPEAKERS:, WITNESSES: "
                                              r"or PANELISTS: roster was found: this is not a "
                                              r"news-service transcript\. Fix: Leave format= "
                                              r"out"):
        read(tmp_path, "plain.txt", "LEAHY: Hello.\n\nSPECTER: Hi.\n", format="newswire")
