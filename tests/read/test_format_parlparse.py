"""ParlParse / TheyWorkForYou XML: the real Westminster Hall sitting and snippets per rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit.errors import TranscriptError
from kit.read.formats import sniff_format
from kit.read.formats.parlparse import parse_parlparse

WESTMINSTER_HALL = "uk-hansard-parlparse-xml/westminster2009-10-29a.xml"


def _read(tmp_path: Path, text: str, name: str = "sitting.xml") -> kit.Corpus:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return kit.read_transcript(path)


def _sitting(*body: str) -> str:
    return ('<?xml version="1.0" encoding="ISO-8859-1"?>\n'
            '<!DOCTYPE publicwhip [\n<!ENTITY mdash "&#8212;">\n]>\n'
            '<publicwhip scrapeversion="a" latest="yes">\n' + "\n".join(body) +
            "\n</publicwhip>\n")


# --- the real file ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def westminster(corpus_more_dir: Path) -> kit.Corpus:
    return kit.read_transcript(corpus_more_dir / WESTMINSTER_HALL)


def test_real_turns_per_speaker(westminster: kit.Corpus) -> None:
    # grep -o 'speakername="[^"]*"' | sort | uniq -c (the procedural speech names nobody)
    counts = westminster.turns.groupby("speaker", observed=True).size().to_dict()
    assert counts == {"David Kidney": 14, "Simon Hughes": 8, "Nicholas Winterton": 6,
                      "Paddy Tipping": 6, "Robert Smith": 6, "Charles Hendry": 5,
                      "Michael Weir": 5, "Several hon. Members": 1}


def test_real_first_and_last_turn(westminster: kit.Corpus) -> None:
    turns = westminster.turns
    first, last = turns.iloc[0], turns.iloc[-1]
    assert (first.speaker, first.speaker_label, first.role) == ("Paddy Tipping", "", "member")
    assert first.text.startswith("I am delighted to speak about the first report of the Energy")
    assert (last.speaker, last.role) == ("Nicholas Winterton", "chair")
    assert last.text.startswith("I congratulate all Members who have participated")
    assert last.text.endswith("Question put and agreed to.\n\nSitting adjourned.")
    assert last.stage_directions == ("Question put and agreed to.", "Sitting adjourned.")


def test_real_header_and_procedure_are_not_speech(westminster: kit.Corpus) -> None:
    doc = westminster.documents.iloc[0]
    assert doc.header.startswith("[Sir Nicholas Winterton in the Chair] \u2014 Oil and Gas")
    assert "Motion made, and Question proposed" in doc.header  # the procedural speech
    text = " ".join(westminster.turns.text)
    assert "Oil and Gas\n" not in text and "[Relevant documents" not in text
    assert doc.trailer == ""


def test_real_round_trip(corpus_more_dir: Path, westminster: kit.Corpus) -> None:
    [normalised] = normalised_texts(corpus_more_dir / WESTMINSTER_HALL)
    assert_tiles(westminster, westminster.documents.doc_id.iloc[0], normalised)


def test_real_metadata_and_format(westminster: kit.Corpus) -> None:
    doc = westminster.documents.iloc[0]
    assert (doc.format, doc.title, doc.date, doc.house) == (
        "parlparse", "Westminster Hall, 29 October 2009", pd.Timestamp("2009-10-29"),
        "Westminster Hall")


def test_real_speakers_table(westminster: kit.Corpus) -> None:
    speakers = westminster.speakers.set_index("speaker")
    assert speakers.loc["Paddy Tipping", "person_id"] == "uk.org.publicwhip/member/1815"
    assert speakers.loc["David Kidney", "office"] == (
        "The Parliamentary Under-Secretary of State for Energy and Climate Change")
    assert speakers.loc["Nicholas Winterton", "role"] == "chair"  # [... in the Chair]
    assert pd.isna(speakers.loc["Several hon. Members", "person_id"])  # speakerid="unknown"
    assert speakers.loc["Several hon. Members", "role"] == "member"


def test_real_italic_paragraphs_are_stage(westminster: kit.Corpus) -> None:
    turns = westminster.turns
    rose = turns[turns.text == "rose\u2014"]
    assert len(rose) == 2 and (rose.n_words == 0).all()
    directions = set(westminster.stage_directions.text)
    assert {"rose\u2014", "indicated assent.", "[Interruption.]"} <= directions


# --- rules, on snippets -------------------------------------------------------------------


def test_speech_attributes_and_empty_label() -> None:
    [doc] = parse_parlparse(_sitting(
        '<speech id="uk.org.publicwhip/debate/2020-01-02a.1.0" speakername="Ann Example" '
        'speakerid="uk.org.publicwhip/member/1" person_id="uk.org.publicwhip/person/9" '
        'party="Lab" speakeroffice="The Minister"><p>First &mdash; point.</p>'
        '<p>Second.</p></speech>'), source="s.xml")
    [turn] = doc.turns
    assert (turn.label, turn.speaker, turn.role) == ("", "Ann Example", "member")
    assert turn.attributes == {"person_id": "uk.org.publicwhip/person/9", "party": "Lab",
                               "office": "The Minister"}
    assert doc.text == "First \u2014 point.\n\nSecond."
    assert doc.meta == {"title": "House of Commons, 2 January 2020",
                        "date": pd.Timestamp("2020-01-02"), "house": "House of Commons"}


def test_procedural_speech_with_plain_text_is_an_unknown_turn(tmp_path: Path) -> None:
    corpus = _read(tmp_path, _sitting(
        '<speech nospeaker="true"><p pwmotiontext="moved">That the question be now put.</p>'
        '</speech>',
        '<speech speakername="Mr. Speaker" speakerid="uk.org.publicwhip/member/2">'
        "<p>Order.</p></speech>"))
    turns = corpus.turns
    assert list(zip(turns.speaker, turns.role, strict=True)) == [
        ("Unknown", "unknown"), ("Mr. Speaker", "chair")]


def test_headings_and_divisions_are_nobodys_words(tmp_path: Path) -> None:
    corpus = _read(tmp_path, _sitting(
        '<major-heading id="uk.org.publicwhip/debate/2020-01-02a.1.0">BILLS</major-heading>',
        '<speech speakername="Ann Example"><p>I beg to move.</p></speech>',
        '<division divnumber="1"><divisioncount ayes="2" noes="1"/>'
        '<mplist vote="aye"><mpname>Alpha Person</mpname><mpname>Beta Person</mpname></mplist>'
        '<mplist vote="no"><mpname>Gamma Person</mpname></mplist></division>',
        '<minor-heading>[Mr Deputy Speaker in the Chair]</minor-heading>',
        '<speech speakername="Bob Example"><p>Thank you.</p></speech>'))
    turns = corpus.turns
    assert list(turns.speaker) == ["Ann Example", "Bob Example"]
    first = turns.iloc[0]
    assert first.text.startswith("I beg to move.")
    assert "Gamma Person" in first.text  # kept in the text, as a stage direction
    assert first.n_words == 4  # the names count for nobody
    assert corpus.documents.header.iloc[0] == "BILLS\n\n"


def test_chair_named_in_a_heading(tmp_path: Path) -> None:
    corpus = _read(tmp_path, _sitting(
        "<minor-heading>[Dame Jane Roe in the Chair] &mdash; Fisheries</minor-heading>",
        '<speech speakername="Jane Roe"><p>Order.</p></speech>',
        '<speech speakername="Ann Example"><p>Thank you.</p></speech>'))
    assert list(corpus.turns.role) == ["chair", "member"]


def test_written_questions_and_replies_are_turns() -> None:
    [doc] = parse_parlparse(_sitting(
        '<major-heading id="uk.org.publicwhip/wrans/2005-06-29.1.mh">Education</major-heading>',
        '<ques id="uk.org.publicwhip/wrans/2005-06-29.7913.q0" speakername="Ann Asker" '
        'speakerid="uk.org.publicwhip/member/3"><p qnum="7913">To ask the Secretary of State '
        "how many schools were built.</p></ques>",
        '<reply id="uk.org.publicwhip/wrans/2005-06-29.7913.r0" speakername="Rob Replier" '
        'speakerid="uk.org.publicwhip/member/4">\n  The figures are in the Library.\n</reply>'),
        source="w.xml")
    got = [(t.speaker, doc.text[t.text_start:t.end]) for t in doc.turns]
    assert got == [("Ann Asker", "To ask the Secretary of State how many schools were built."),
                   ("Rob Replier", "The figures are in the Library.")]
    assert doc.meta["house"] == "Written Answers"


def test_sniffed_from_the_root(tmp_path: Path) -> None:
    assert sniff_format(_sitting(), suffix=".xml") == "parlparse"
    assert _read(tmp_path, _sitting('<speech speakername="A B"><p>Hi.</p></speech>')
                 ).documents.format.iloc[0] == "parlparse"


# --- errors -------------------------------------------------------------------------------


def test_error_malformed_xml_that_would_lose_text() -> None:
    with pytest.raises(TranscriptError, match=r"s\.xml, line 6: The file is not well-formed "
                                              r"XML .*would drop text"):
        parse_parlparse(_sitting('<speech speakername="A B"><p>Fish & chips</p></speech>'),
                        source="s.xml")


def test_error_wrong_root() -> None:
    with pytest.raises(TranscriptError, match=r"s\.xml, line 1: The root element is <debates>, "
                                              r"not <publicwhip>: this is not ParlParse XML"):
        parse_parlparse("<debates><speech speakername='A'><p>x</p></speech></debates>",
                        source="s.xml")


def test_error_no_speech() -> None:
    with pytest.raises(TranscriptError, match=r"s\.xml, line 5: No speech was found: the file "
                                              r"has no <speech> with a speaker and text"):
        parse_parlparse(_sitting("<major-heading>Only a heading</major-heading>"),
                        source="s.xml")


def test_error_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"empty\.xml, line 1: The file is empty"):
        kit.read_transcript(path, format="parlparse")


def test_bad_file_is_skipped_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "good.xml").write_text(
        _sitting('<speech speakername="A B"><p>Hello.</p></speech>'), encoding="utf-8")
    (tmp_path / "bad.xml").write_text(
        _sitting('<speech speakername="A B"><p>Fish & chips</p></speech>'), encoding="utf-8")
    corpus = kit.read_transcripts(tmp_path, errors="skip", progress=False)
    assert list(corpus.documents.doc_id) == ["good"]
    assert list(corpus.skipped.source.map(lambda p: Path(p).name)) == ["bad.xml"]
    assert "would drop text" in corpus.skipped.error.iloc[0]
