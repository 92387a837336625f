"""Congressional and news-service label styles of the segmenter, and the roles they imply."""

from __future__ import annotations

import pytest
from tiling import assert_tiles

import kit
from kit import schema as s
from kit.read.segment import find_turns
from kit.read.speakers import label_key, resolve_label, role_of


def labels(text):
    return [t.label for t in find_turns(text)]


HEARING = (
    "Chairman Shelby. The hearing will come to order.\n"
    "Senator Schumer.\n"
    "Senator Schumer. Thank you, Mr. Chairman.\n"
    "Chairman Shelby. Senator Dole.\n"
    "Senator Dole. I thank the Chairman.\n"
    "Chairman Greenspan. --the answer is yes.\n"
    "Chairman Greenspan. Senator Smith. He asked me.\n"
    "Senator Schumer. Thank you.\n"
)


def test_titled_mixed_case_labels_in_a_hearing():
    assert labels(HEARING) == [
        "Chairman Shelby", "Senator Schumer", "Chairman Shelby",
        # once only, but the document is written in that style
        "Senator Dole",
        # speech may start with a dash (an interrupted sentence goes on)
        "Chairman Greenspan", "Chairman Greenspan", "Senator Schumer"]
    turns = find_turns(HEARING)
    # "Senator Schumer." alone on its line is the chair calling on him: speech
    assert HEARING[turns[0].text_start:turns[0].end] == (
        "The hearing will come to order.\nSenator Schumer.")
    # a titled name inside speech is never a label
    assert HEARING[turns[5].text_start:turns[5].end] == "Senator Smith. He asked me."


@pytest.mark.parametrize("text", [
    # once, in a document not written in that style: prose, not a label
    "MR. PRICE: Hello.\n\nSecretary Blinken. He said so.\n\nMR. PRICE: Yes.\n",
    # an address, not a speaker
    "Mr. President. I rise today.\nMr. President. I yield.\nMr. President. Again.\n",
])
def test_titled_names_that_are_not_labels(text):
    assert "Secretary Blinken" not in labels(text)
    assert "Mr. President" not in labels(text)


def test_titled_label_recurring_twice_is_enough():
    text = "Intro.\n\nMs. Frohman. One.\n\nMr. Garrett. Two?\n\nMs. Frohman. Three.\n"
    assert labels(text) == ["Ms. Frohman", "Ms. Frohman"]


def test_presiding_officer_named_in_brackets_or_parentheses(tmp_path):
    body = ("  Mr. DOMENICI. Mr. President, I ask unanimous consent.\n"
            "  The PRESIDING OFFICER (Mr. Gorton). Without objection.\n"
            "  Mr. LEVIN. Thank you.\n"
            "  The PRESIDING OFFICER [Mr. Brownback]. It is so ordered.\n"
            "  The PRESIDING OFFICER. The clerk will call the roll.\n")
    path = tmp_path / "record.txt"
    path.write_text(body, encoding="utf-8")
    corpus = kit.read_transcript(path)
    turns = corpus.turns
    assert list(turns[s.SPEAKER_LABEL]) == [
        "Mr. DOMENICI", "The PRESIDING OFFICER (Mr. Gorton)", "Mr. LEVIN",
        "The PRESIDING OFFICER [Mr. Brownback]", "The PRESIDING OFFICER"]
    assert list(turns[s.SPEAKER])[1::2] == ["The Presiding Officer"] * 2
    assert turns[s.SPEAKER].iloc[4] == "The Presiding Officer"
    assert set(turns[s.ROLE].iloc[[1, 3, 4]]) == {s.ROLE_CHAIR}
    assert_tiles(corpus, "record", body)


def test_news_service_marks_and_unknown_speakers(tmp_path):
    body = ("Hearing on Judicial Nominations\n\nPARTICIPANTS:\nSEN. PATRICK LEAHY (D-VT)\n\n"
            "[*] LEAHY: We will come to order.\n\n(UNKNOWN): The microphone is off.\n\n"
            "LEAHY: Thank you.\n\n(UNIDENTIFIED MALE): Sir?\n")
    path = tmp_path / "cq.txt"
    path.write_text(body, encoding="utf-8")
    corpus = kit.read_transcript(path)
    turns = corpus.turns
    assert list(turns[s.SPEAKER_LABEL]) == ["[*] LEAHY", "(UNKNOWN)", "LEAHY",
                                            "(UNIDENTIFIED MALE)"]
    assert list(turns[s.SPEAKER]) == ["Leahy", "Unknown", "Leahy", "Unknown"]
    assert corpus.documents[s.HEADER].iloc[0].endswith("SEN. PATRICK LEAHY (D-VT)\n\n")
    assert_tiles(corpus, "cq", body)


@pytest.mark.parametrize("heading", ["SPEAKERS", "WITNESSES", "PANELISTS"])
def test_roster_headings_are_never_labels(heading):
    text = f"Title\n\n{heading}: JOHN DOE, NOMINEE\n\nSMITH: Hello.\n\nDOE: Hi.\n"
    assert labels(text) == ["SMITH", "DOE"]


@pytest.mark.parametrize("label, key", [
    ("[*] GRASSLEY", "GRASSLEY"),
    ("The PRESIDING OFFICER [Mr. Brownback]", "THE PRESIDING OFFICER"),
    ("The PRESIDING OFFICER (Mr. Gorton)", "THE PRESIDING OFFICER"),
    ("[SPEAKER 1]", "SPEAKER 1"),  # nothing but the brackets: they stay the label
])
def test_bracketed_notes_leave_the_label_key(label, key):
    assert label_key(label) == key


@pytest.mark.parametrize("label, role", [
    ("Chairman INOUYE", "chair"), ("CHAIRWOMAN WATERS", "chair"),
    ("The PRESIDING OFFICER", "chair"), ("The SPEAKER pro tempore", "chair"),
    ("CHIEF JUSTICE ROBERTS", "chair"),
    # a bare chairman is a panel's moderator, as before
    ("CHAIRMAN", "moderator"), ("The CHAIRMAN", "moderator"),
    ("CHAIRMAN OF THE BOARD", "moderator"),
])
def test_presiding_officers_are_chairs(label, role):
    assert role_of(label_key(label)) == role


def test_presiding_officer_is_one_speaker_whoever_presides():
    names = {resolve_label(label, context="")[0] for label in (
        "The PRESIDING OFFICER", "The PRESIDING OFFICER (Mr. Gorton)",
        "The PRESIDING OFFICER [Mr. Brownback]")}
    assert names == {"The Presiding Officer"}
