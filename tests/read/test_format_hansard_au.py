"""Australian Hansard XML: the 1962 v2.1 schema, the 1985 SGML-style schema, and snippets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit.errors import TranscriptError
from kit.read.formats import sniff_format
from kit.read.formats.hansard import parse_hansard
from kit.read.formats.hansard_au import parse_hansard_au

SENATE_1962 = "australia-hansard-xml/aph-senate-1962-10-03.xml"
SENATE_1985 = "australia-hansard-xml/aph-senate-1985-09-17.xml"


def _talker(name_id: str, metadata: str, display: str, party: str = "") -> str:
    return (f"<talker><page.no>1</page.no><name.id>{name_id}</name.id><electorate/>"
            f"<party>{party}</party><in.gov>0</in.gov>"
            f'<name role="metadata">{metadata}</name><name role="display">{display}</name>'
            "</talker>")


def _v21(body: str) -> str:
    return ('<hansard version="2.1">\r\n<session.header><date>1962-10-03</date>'
            "<parliament.no>24</parliament.no><session.no>1</session.no>"
            "<period.no>2</period.no><chamber>SENATE</chamber><page.no>1</page.no>"
            "</session.header>\r\n<chamber.xscript>" + body + "</chamber.xscript></hansard>\r\n")


def _sgml(body: str) -> str:
    return ('<!DOCTYPE hansard PUBLIC "-//PARLINFO//DTD HANSARD STORAGE//EN" []>\r\n'
            '<HANSARD DATE="17/09/1985" CHAMBER = "Senate" PARLIAMENT.NO = "34" >\r\n'
            "<CHAMBER.XSCRIPT>" + body + "</CHAMBER.XSCRIPT></HANSARD>\r\n")


@pytest.fixture(scope="module")
def senate_1962(corpus_more_dir: Path) -> kit.Corpus:
    return kit.read_transcript(corpus_more_dir / SENATE_1962)


@pytest.fixture(scope="module")
def senate_1985(corpus_more_dir: Path) -> kit.Corpus:
    return kit.read_transcript(corpus_more_dir / SENATE_1985)


# --- 3 October 1962 (v2.1) ----------------------------------------------------------------


def test_1962_turns_per_speaker(senate_1962: kit.Corpus) -> None:
    # one turn per talk.start: grep -o '<name role="display">[^<]*' | sort | uniq -c
    turns = senate_1962.turns
    assert len(turns) == 60
    counts = turns.groupby("speaker", observed=True).size()
    assert counts[counts > 1].to_dict() == {
        "William Spooner": 9, "John Gorton": 6, "Norman Henty": 5, "Gordon Brown": 4,
        "Harrie Wade": 4, "Albion Hendrickson": 3, "Alister McMullin": 3, "Shane Paltridge": 3,
        "James Cavanagh": 2, "George Branson": 2, "Dorothy Tangney": 2, "Lionel Murphy": 2}
    assert (counts == 1).sum() == 15


def test_1962_first_and_last_turn_and_continue(senate_1962: kit.Corpus) -> None:
    turns = senate_1962.turns
    first, last = turns.iloc[0], turns.iloc[-1]
    assert (first.speaker, first.speaker_label, first.role) == (
        "Charles Walter Sandford", "Senator SANDFORD", "member")
    assert first.text.startswith("I have received for presentation to the Senate a petition")
    # a <continue> holding the President's turn (named by the opening note: The PRESIDENT
    # (Senator the Hon. Sir Alister McMullin) took the chair), then an interjection
    assert list(zip(turns.speaker[1:3], turns.speaker_label[1:3], turns.role[1:3],
                    strict=True)) == [("Alister McMullin", "The PRESIDENT", "chair"),
                                      ("Magnus Cormack", "Senator Cormack", "member")]
    assert turns.text.iloc[1] == "Is leave granted?"
    assert (last.speaker, last.speaker_label) == ("Shane Paltridge", "Senator PALTRIDGE")
    assert last.text.endswith("Leave granted; debate adjourned.")


def test_1962_header_trailer_and_metadata_text(senate_1962: kit.Corpus) -> None:
    doc = senate_1962.documents.iloc[0]
    assert doc.header == ("1962-10-03\n\nThe PRESIDENT (Senator the Hon. Sir Alister McMullin) "
                          "took the chair at 3 p.m., and read prayers.\n\nWAR SERVICE HOMES\n\n"
                          "Petition\n\n")
    assert doc.trailer.strip().startswith("ORDER OF THE DAY")
    assert doc.trailer.strip().endswith("Senate adjourned at 4.15 p.m.")
    text = " ".join(senate_1962.turns.text)
    assert "SANDFORD, Charles Walter" not in text and "K4S" not in text  # metadata
    assert not senate_1962.turns.text.str.startswith("-").any()  # the dash is the label's


def test_1962_round_trip_metadata_speakers(corpus_more_dir: Path,
                                           senate_1962: kit.Corpus) -> None:
    [normalised] = normalised_texts(corpus_more_dir / SENATE_1962)
    assert_tiles(senate_1962, senate_1962.documents.doc_id.iloc[0], normalised)
    doc = senate_1962.documents.iloc[0]
    assert (doc.format, doc.title, doc.date, doc.house, doc.term, doc.session, doc.period) == (
        "hansard_au", "Senate, 3 October 1962", pd.Timestamp("1962-10-03"), "Senate", "24",
        "1", "2")
    speakers = senate_1962.speakers.set_index("speaker")
    assert speakers.loc["Harrie Wade", ["person_id", "party"]].tolist() == ["KAF", "CP"]
    assert speakers.loc["Charles Walter Sandford", "electorate"] == "VICTORIA"
    assert pd.isna(speakers.loc["Alister McMullin", "person_id"])  # 10000: the office's id


# --- 17 September 1985 (SGML-style) -------------------------------------------------------


def test_1985_turns_per_speaker(senate_1985: kit.Corpus) -> None:
    # one turn per TALK.START, by NAMEID: grep -o '<TALK.START><TALKER><NAME NAMEID=...'
    turns = senate_1985.turns
    assert len(turns) == 95
    counts = turns.groupby("speaker", observed=True).size()
    assert counts[counts > 1].to_dict() == {
        "P.A. Walsh": 20, "Gareth Evans": 8, "F.M. Chaney": 7, "J.N. Button": 7,
        "Douglas McClelland": 6, "Michael Baume": 4, "Peter Rae": 4, "N. Bolkus": 4,
        "S.C. Knowles": 3, "S.M. Ryan": 3, "A.T. Gietzelt": 2, "Senator Messner": 2,
        "P.D. Durack": 2}
    assert (counts == 1).sum() == 23


def test_1985_labels_interjections_and_returns(senate_1985: kit.Corpus) -> None:
    turns = senate_1985.turns
    first, last = turns.iloc[0], turns.iloc[-1]
    assert (first.speaker, first.speaker_label) == ("B. Harradine",
                                                   "Senator HARRADINE (Tasmania)")
    assert first.text.startswith("I give notice that, on the next day of sitting")
    assert (last.speaker, last.speaker_label) == ("P.A. Walsh", "Senator Walsh")
    assert last.text.endswith("under Australian foreign investment policy.")
    button = turns[turns.speaker == "J.N. Button"]
    assert list(button.speaker_label[:3]) == ["Senator BUTTON"] * 3
    chair = turns[turns.role == "chair"]
    assert set(chair.speaker) == {"Douglas McClelland"} and len(chair) == 6
    assert set(chair.speaker_label) == {"The PRESIDENT"}
    walsh = turns[turns.speaker_label.str.startswith("Senator WALSH (")].iloc[0]
    assert walsh.speaker_label == "Senator WALSH (Western Australia- Minister for Finance)"


def test_1985_not_speech(senate_1985: kit.Corpus) -> None:
    doc = senate_1985.documents.iloc[0]
    assert doc.header.startswith("Tuesday, 17 September 1985\n\nThe PRESIDENT (Senator the "
                                 "Hon. Douglas McClelland) took the chair")
    assert "Human Embryo Experimentation Legislation" in doc.header  # petitions
    directions = set(senate_1985.stage_directions.text)
    assert "QUESTIONS WITHOUT NOTICE\n\nTAXATION: CAPITAL GAINS" in directions
    assert any(d.startswith("PAPERS\n\nThe following papers were tabled:") for d in directions)
    # the President's interjection inside the adjournment's procedural text is a turn
    adjourn = turns_with(senate_1985, "Before the Senate adjourns")
    assert list(adjourn.speaker) == ["Douglas McClelland"]


def turns_with(corpus: kit.Corpus, words: str) -> pd.DataFrame:
    return corpus.turns[corpus.turns.text.str.contains(words, regex=False)]


def test_1985_round_trip_metadata_speakers(corpus_more_dir: Path,
                                           senate_1985: kit.Corpus) -> None:
    [normalised] = normalised_texts(corpus_more_dir / SENATE_1985)
    assert_tiles(senate_1985, senate_1985.documents.doc_id.iloc[0], normalised)
    assert "\u2014I give notice" in normalised  # &mdash; read as its character
    doc = senate_1985.documents.iloc[0]
    assert (doc.title, doc.date, doc.house, doc.term, doc.session) == (
        "Senate, 17 September 1985", pd.Timestamp("1985-09-17"), "Senate", "34", "1")
    speakers = senate_1985.speakers.set_index("speaker")
    assert speakers.loc["P.A. Walsh", ["person_id", "party", "office"]].tolist() == [
        "TJ4", "ALP", "FINANCE"]
    assert speakers.loc["Senator MacGibbon", "person_id"] == "YH4"  # interjection only
    assert speakers.loc["Peter Baume", "person_id"] != speakers.loc["Michael Baume",
                                                                     "person_id"]


# --- rules, on snippets -------------------------------------------------------------------


def test_v21_paragraphs_after_an_interjection_return_to_the_speaker() -> None:
    [doc] = parse_hansard_au(_v21(
        "<debate><debateinfo><title>BILL</title><page.no>1</page.no></debateinfo><speech>"
        "<talk.start>" + _talker("AB1", "DOE, Jane", "Senator DOE", "ALP")
        + "<para>-  I move the motion.</para></talk.start>"
        "<interjection><talk.start>" + _talker("XY2", "ROE, Richard", "Senator Roe")
        + "<para>-  Nonsense!</para></talk.start></interjection>"
        "<para>As I was saying, it matters.</para></speech>"
        "<para>Question resolved in the affirmative.</para></debate>"), source="v.xml")
    got = [(t.label, t.speaker, t.role, doc.text[t.text_start:t.end]) for t in doc.turns]
    assert got == [
        ("Senator DOE", "Jane Doe", "member", "I move the motion."),
        ("Senator Roe", "Richard Roe", "member", "Nonsense!"),
        ("", "Jane Doe", "member", "As I was saying, it matters.")]
    assert doc.turns[0].attributes == {"person_id": "AB1", "party": "ALP"}
    assert doc.text.startswith("BILL\n\nSenator DOE - I move the motion.")
    # after the last turn: the trailer
    assert doc.text[doc.turns[-1].end:] == "\n\nQuestion resolved in the affirmative."


def test_presiding_officer_by_id_and_by_chair_attribute() -> None:
    [doc] = parse_hansard_au(_sgml(
        '<DEBATE><TITLE>X</TITLE><SPEECH SPEAKER="Doe Sen J." NAMEID="AB1" PARTY="LP">'
        '<TALK.START><TALKER><NAME NAMEID="AB1">Senator DOE</NAME></TALKER>'
        '<PARA IN-LINE="1">&mdash;Madam Deputy President, I rise.</PARA></TALK.START>'
        '<INTERJECT CHAIR="1" SPEAKER="The DEPUTY PRESIDENT" NAMEID="10000"><TALK.START>'
        '<TALKER><NAME NAMEID="10000">The DEPUTY PRESIDENT</NAME></TALKER>'
        '<PARA IN-LINE="1">&mdash;Order!</PARA></TALK.START></INTERJECT></SPEECH></DEBATE>'),
        source="s.xml")
    got = [(t.label, t.speaker, t.role, t.attributes) for t in doc.turns]
    assert got == [("Senator DOE", "J. Doe", "member", {"person_id": "AB1", "party": "LP"}),
                   ("The DEPUTY PRESIDENT", "The Deputy President", "chair", None)]
    assert doc.meta["date"] == pd.Timestamp("1985-09-17")


def test_v21_house_of_representatives_and_talker_without_display_name() -> None:
    text = _v21("<debate><speech><talk.start><talker><name.id>AB1</name.id>"
                '<name role="metadata">DOE, Jane</name></talker>'
                "<para>Mr Speaker, I rise.</para></talk.start></speech></debate>")
    [doc] = parse_hansard_au(text.replace("<chamber>SENATE</chamber>", "<chamber>REPS</chamber>"),
                             source="r.xml")
    [turn] = doc.turns
    assert (turn.label, turn.speaker) == ("", "Jane Doe")  # the metadata name is not printed
    assert "DOE, Jane" not in doc.text
    assert doc.meta["house"] == "House of Representatives"


def test_dispatch_and_sniff() -> None:
    text = _sgml('<SPEECH NAMEID="A"><TALK.START><TALKER><NAME NAMEID="A">Senator A</NAME>'
                 "</TALKER><PARA>&mdash;Hi.</PARA></TALK.START></SPEECH>")
    assert sniff_format(text, suffix=".xml") == "hansard"
    [doc] = parse_hansard(text, source="d.xml")
    assert doc.format == "hansard_au"


def test_errors() -> None:
    with pytest.raises(TranscriptError, match=r"e\.xml, line 3: The entity &notathing; is "
                                              r"neither declared"):
        parse_hansard_au(_sgml("<PARA>&notathing;</PARA>"), source="e.xml")
    with pytest.raises(TranscriptError, match=r"e\.xml, line 2: No speech was found: the file "
                                              r"has no <talk.start> with text"):
        parse_hansard_au(_sgml("<PROCTEXT><PARA>Prayers.</PARA></PROCTEXT>"), source="e.xml")
    with pytest.raises(TranscriptError, match=r"e\.xml, line 3: The file is not well-formed "
                                              r"XML .*would drop text"):
        parse_hansard_au(_sgml("<SPEECH><TALK.START><TALKER><NAME>Senator A</NAME></TALKER>"
                               "<PARA>Salt & pepper</PARA></TALK.START></SPEECH>"),
                         source="e.xml")


# The v2.2 schema (2014 on): the text as XHTML in <talk.text>, labels marked by links (or, where
# the link is missing, by a span's class). Written by us after the schema.
_XHTML = 'xmlns="http://www.w3.org/1999/xhtml"'


def _v22_talker(person_id: str, metadata: str, party: str) -> str:
    return (f"<talk.start><talker><page.no>10</page.no><time.stamp>14:00:00</time.stamp>"
            f'<name role="metadata">{metadata}</name><name.id>{person_id}</name.id>'
            f"<electorate>Somewhere</electorate><party>{party}</party><in.gov>0</in.gov>"
            "</talker></talk.start>")


def _v22_label(person_id: str | None, kind: str, label: str, speech: str) -> str:
    span = f'<span class="HPS-{kind}">{label}</span>'
    marked = f'<a href="{person_id}" type="{kind}">{span}</a>' if person_id else span
    return f'<p class="HPS-Normal"><span class="HPS-Normal">{marked}  {speech}</span></p>'


def test_v22_labels_in_the_text_start_the_turns_of_interjections_and_returns(tmp_path) -> None:
    text = (
        '<?xml version="1.0" encoding="UTF-8"?><hansard version="2.2"><session.header>'
        "<date>2015-02-09</date><parliament.no>44</parliament.no><session.no>1</session.no>"
        "<period.no>7</period.no><chamber>House of Reps</chamber><page.no>1</page.no>"
        "</session.header><chamber.xscript><business.start><day.start>2015-02-09</day.start>"
        f'<body {_XHTML}><p class="HPS-Normal"><span class="HPS-Normal">The SPEAKER (Hon. '
        "Bronwyn Bishop) took the chair at 12:00.</span></p></body></business.start>"
        "<debate><debateinfo><title>QUESTIONS WITHOUT NOTICE</title></debateinfo>"
        "<question>" + _v22_talker("R36", "Shorten, Bill, MP", "ALP")
        + f"<talk.text><body {_XHTML}>"
        + _v22_label("R36", "MemberQuestion", "Mr SHORTEN",
                     "(Maribyrnong—Leader of the Opposition) (14:00): My question is to the "
                     "Prime Minister.")
        + "</body></talk.text></question>"
        "<answer>" + _v22_talker("EZ5", "Abbott, Tony, MP", "LP")
        + f"<talk.text><body {_XHTML}>"
        + _v22_label("EZ5", "MemberAnswer", "Mr ABBOTT", "(Warringah—Prime Minister) (14:01): "
                     "I thank the member.")
        + _v22_label("R36", "MemberInterjecting", "Mr Shorten:", "Rubbish!")
        + _v22_label("10000", "OfficeInterjecting", "The SPEAKER:", "Order! Members will "
                     "cease interjecting.")
        + _v22_label("EZ5", "MemberContinuation", "Mr ABBOTT:", "As I was saying, the economy "
                     "is strong.")
        + '<p class="HPS-Normal"><span class="HPS-Normal">It grows.</span></p>'
        + _v22_label(None, "MemberInterjecting", "Mr Shorten:", "No, it does not!")
        + "</body></talk.text></answer></debate></chamber.xscript></hansard>")
    [doc] = parse_hansard_au(text, source="reps.xml")
    got = [(t.label, t.speaker, t.role, doc.text[t.text_start:t.end]) for t in doc.turns]
    assert got == [
        ("", "Bill Shorten", "member", "Mr SHORTEN (Maribyrnong—Leader of the Opposition) "
         "(14:00): My question is to the Prime Minister."),
        ("", "Tony Abbott", "member", "Mr ABBOTT (Warringah—Prime Minister) (14:01): I thank "
         "the member."),
        ("Mr Shorten:", "Bill Shorten", "member", "Rubbish!"),
        ("The SPEAKER:", "Bronwyn Bishop", "chair", "Order! Members will cease interjecting."),
        ("Mr ABBOTT:", "Tony Abbott", "member", "As I was saying, the economy is strong.\n\n"
         "It grows."),
        ("Mr Shorten:", "Bill Shorten", "member", "No, it does not!")]
    assert doc.turns[2].attributes == {"person_id": "R36", "party": "ALP",
                                       "electorate": "Somewhere"}
    assert doc.meta["date"] == pd.Timestamp("2015-02-09")
    assert "Shorten, Bill" not in doc.text  # metadata, not printed
    path = tmp_path / "reps.xml"
    path.write_text(text, encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert_tiles(corpus, "reps", normalised_texts(path)[0])
    assert corpus.speakers.set_index("speaker").loc["Bill Shorten", "party"] == "ALP"
