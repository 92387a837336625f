"""Canadian House of Commons "alpheus" XML: a House sitting, committee evidence, snippets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit.errors import TranscriptError
from kit.read.formats import sniff_format
from kit.read.formats.hansard import parse_hansard
from kit.read.formats.hansard_ca import parse_hansard_ca

HOUSE = "canada-hansard-alpheus-xml/44-1-303-en.xml"
COMMITTEE = "canada-hansard-alpheus-xml/12324877-en.xml"


def _doc(body: str, *, lang: str = "EN", category: str = "DEBATES", extra: str = "",
         date: str = "Monday, March 4, 2024") -> str:
    return ("\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
            f'<Hansard xml:lang="{lang}" id="1">\r\n<StartPageNumber>7</StartPageNumber>\r\n'
            "<DocumentTitle><DocumentName>OFFICIAL REPORT</DocumentName></DocumentTitle>\r\n"
            "<ExtractedInformation>\r\n"
            '<ExtractedItem Name="InstitutionDebate">House of Commons Debates</ExtractedItem>\r\n'
            '<ExtractedItem Name="Number">No. 9</ExtractedItem>\r\n'
            f'<ExtractedItem Name="Date">{date}</ExtractedItem>\r\n'
            f'<ExtractedItem Name="MetaDocumentCategory">{category}</ExtractedItem>\r\n{extra}'
            "</ExtractedInformation>\r\n<HansardBody><OrderOfBusiness><SubjectOfBusiness>"
            "<SubjectOfBusinessTitle>A Bill</SubjectOfBusinessTitle><SubjectOfBusinessContent>"
            + body + "</SubjectOfBusinessContent></SubjectOfBusiness></OrderOfBusiness>"
            "</HansardBody>\r\n</Hansard>\r\n")


def _intervention(label: str, *paras: str, db_id: str = "1") -> str:
    return (f'<Intervention Type="Debate"><PersonSpeaking><Affiliation DbId="{db_id}" Type="2">'
            f"{label}</Affiliation>: </PersonSpeaking><Content>"
            + "".join(f"<ParaText>{p}</ParaText>" for p in paras) + "</Content></Intervention>")


@pytest.fixture(scope="module")
def house(corpus_more_dir: Path) -> kit.Corpus:
    return kit.read_transcript(corpus_more_dir / HOUSE)


@pytest.fixture(scope="module")
def committee(corpus_more_dir: Path) -> kit.Corpus:
    return kit.read_transcript(corpus_more_dir / COMMITTEE)


# --- House of Commons Debates, No. 303 ----------------------------------------------------


def test_house_turns_per_speaker(house: kit.Corpus) -> None:
    # PersonSpeaking labels (grep), plus the <B>Name:</B> paragraphs (12 of them)
    turns = house.turns
    assert len(turns) == 194 + 12
    counts = turns.groupby(["speaker", "role"], observed=True).size().to_dict()
    assert {k: counts[k] for k in [
        ("Carol Hughes", "chair"), ("Mark Gerretsen", "member"), ("Dominic LeBlanc", "member"),
        ("Todd Doherty", "member"), ("Julie Dabrusin", "member"), ("Kevin Lamoureux", "member"),
        ("Gabriel Ste-Marie", "chair"), ("Gabriel Ste-Marie", "member"),
        ("Some hon. members", "member"), ("An hon. member", "member")]} == {
        ("Carol Hughes", "chair"): 19, ("Mark Gerretsen", "member"): 9 + 1,
        ("Dominic LeBlanc", "member"): 9, ("Todd Doherty", "member"): 8 + 1,
        ("Julie Dabrusin", "member"): 7, ("Kevin Lamoureux", "member"): 5 + 1,
        ("Gabriel Ste-Marie", "chair"): 5 + 1, ("Gabriel Ste-Marie", "member"): 2,
        ("Some hon. members", "member"): 5, ("An hon. member", "member"): 2}


def test_house_first_and_last_turn(house: kit.Corpus) -> None:
    turns = house.turns
    first, last = turns.iloc[0], turns.iloc[-1]
    assert (first.speaker, first.speaker_label) == (
        "Mark Gerretsen", "Mr. Mark Gerretsen (Kingston and the Islands, Lib.)")
    assert first.text.startswith("Madam Speaker, I will be splitting my time with the member "
                                 "for Nepean.")
    assert (last.speaker, last.role) == ("Carol Hughes", "chair")
    assert last.text.endswith("(The House adjourned at 1:39 p.m.)")


def test_house_bold_labels_start_turns(house: kit.Corpus) -> None:
    turns = house.turns
    crowd = turns[turns.speaker_label == "Some hon. members"]
    # (headings after a turn close it as stage directions: compare the first line)
    assert sorted(crowd.text.str.split("\n").str[0]) == [
        "Agreed.", "Agreed.", "Debate.", "Oh, oh!", "Question."]
    doherty = turns[(turns.speaker_label == "Mr. Todd Doherty")].iloc[0]
    assert doherty.text.startswith("Madam Speaker, I am getting heckled")
    assert "That being said, as I mentioned" in doherty.text  # the next paragraph goes on


def test_house_header_and_notes(house: kit.Corpus) -> None:
    doc = house.documents.iloc[0]
    assert doc.header.startswith("OFFICIAL REPORT (HANSARD)\n\nHouse of Commons Debates\n")
    assert "The House met at 10 a.m." in doc.header
    assert "22625" not in doc.header  # the start page number is layout
    text = " ".join(house.turns.text)
    assert "National Council for Reconciliation Act" not in house.turns.text.iloc[0]
    assert "Speaker: The Honourable Greg Fergus" not in text
    directions = set(house.stage_directions.text)
    assert {"(1005)", "[Translation]", "[English]"} <= directions


def test_house_round_trip_and_metadata(corpus_more_dir: Path, house: kit.Corpus) -> None:
    [normalised] = normalised_texts(corpus_more_dir / HOUSE)
    assert_tiles(house, house.documents.doc_id.iloc[0], normalised)
    doc = house.documents.iloc[0]
    assert (doc.format, doc.title, doc.date, doc.term, doc.session, doc.language) == (
        "hansard_ca", "House of Commons Debates, No. 303", pd.Timestamp("2024-04-19"), "44",
        "1", "en")


def test_house_speakers_table(house: kit.Corpus) -> None:
    speakers = house.speakers.set_index("speaker")
    assert speakers.loc["Mark Gerretsen", ["party", "constituency", "role"]].tolist() == [
        "Lib.", "Kingston and the Islands", "member"]
    assert speakers.loc["Dominic LeBlanc", "office"].startswith("Minister of Public Safety")
    assert speakers.loc["Carol Hughes", ["role", "office"]].tolist() == [
        "chair", "The Assistant Deputy Speaker"]
    # one person, two roles and two affiliation ids: still one speaker
    assert (house.turns.speaker == "Anita Vandenbeld").sum() == 2
    assert pd.isna(speakers.loc["Anita Vandenbeld", "person_id"])
    assert speakers.loc["Branden Leslie", "role"] == "member"  # only a short label: debates


# --- Committee evidence -------------------------------------------------------------------


def test_committee_turns_per_speaker(committee: kit.Corpus) -> None:
    counts = committee.turns.groupby("speaker", observed=True).size().to_dict()
    assert counts == {
        "Lloyd Longfield": 27 + 1, "Benjamin Fung": 16, "Tracy Smith-Carrier": 16,
        "Corey Tochor": 14 + 1, "Gordon Houlden": 13, "Maxime Blanchette-Joncas": 12,
        "Marcie Penner": 10, "Richard Cannings": 10, "Cherie Wong": 9,
        "Michelle Rempel Garner": 9, "Dina Al-khooly": 6, "Valerie Bradford": 5,
        "Lena Metlege Diab": 5, "Gerald Soroka": 4, "Charles Sousa": 2, "Ryan Turnbull": 2}


def test_committee_roles_chair_witnesses_members(committee: kit.Corpus) -> None:
    turns = committee.turns
    first, last = turns.iloc[0], turns.iloc[-1]
    assert (first.speaker, first.role, first.speaker_label) == (
        "Lloyd Longfield", "chair", "The Chair (Mr. Lloyd Longfield (Guelph, Lib.))")
    assert first.text.startswith("Welcome to meeting number 53")
    assert (last.speaker, last.role, last.speaker_label) == ("Lloyd Longfield", "chair",
                                                             "The Chair")
    assert last.text.endswith("Safe travels. We'll see you next week.")
    speakers = committee.speakers.set_index("speaker")
    assert speakers.loc["Benjamin Fung", ["role", "organisation"]].tolist() == [
        "guest", "Canada Research Chair and Professor, McGill University, Alliance Canada "
        "Hong Kong"]
    assert speakers.loc["Corey Tochor", ["role", "party"]].tolist() == ["member", "CPC"]
    roles = turns.groupby("speaker", observed=True).role.agg(set)
    assert roles["Gordon Houlden"] == {"guest"}  # short labels take the full label's role


def test_committee_round_trip_and_metadata(corpus_more_dir: Path,
                                           committee: kit.Corpus) -> None:
    [normalised] = normalised_texts(corpus_more_dir / COMMITTEE)
    assert_tiles(committee, committee.documents.doc_id.iloc[0], normalised)
    doc = committee.documents.iloc[0]
    assert (doc.title, doc.date, doc.house) == (
        "Standing Committee on Science and Research, NUMBER 053", pd.Timestamp("2023-09-20"),
        "Standing Committee on Science and Research")
    assert pd.isna(doc.location)
    assert "(1725)" in set(committee.stage_directions.text)  # a suspension's timestamps


# --- rules, on snippets -------------------------------------------------------------------


def test_french_labels() -> None:
    [doc] = parse_hansard_ca(_doc(
        _intervention("La vice-présidente adjointe (Mme Carol Hughes)", "Reprise du débat.",
                      db_id="9")
        + _intervention("M. Xavier Barsalou-Duval (Pierre-Boucher—Les Patriotes—Verchères, BQ)",
                        "Madame la Présidente, merci.<?bk ?> Voilà.",
                        "<B>Des voix:</B> D'accord.", db_id="5")
        + _intervention("La vice-présidente adjointe", "Adopté.", db_id="9"), lang="FR"),
        source="fr.xml")
    got = [(t.label, t.speaker, t.role, doc.text[t.text_start:t.end]) for t in doc.turns]
    assert got == [
        ("La vice-présidente adjointe (Mme Carol Hughes)", "Carol Hughes", "chair",
         "Reprise du débat."),
        ("M. Xavier Barsalou-Duval (Pierre-Boucher—Les Patriotes—Verchères, BQ)",
         "Xavier Barsalou-Duval", "member", "Madame la Présidente, merci. Voilà."),
        ("Des voix", "Des voix", "member", "D'accord."),
        ("La vice-présidente adjointe", "Carol Hughes", "chair", "Adopté.")]
    assert doc.turns[1].attributes == {"affiliation_id": "5", "party": "BQ",
                                       "constituency": "Pierre-Boucher—Les Patriotes—Verchères"}
    assert doc.meta["language"] == "fr"


def test_mentions_inside_paragraphs_are_speech_not_turns() -> None:
    [doc] = parse_hansard_ca(_doc(_intervention(
        "Ms. Ann Example (Somewhere, NDP)",
        'I thank the member for <Affiliation DbId="3" Type="2">Nepean</Affiliation>.')),
        source="m.xml")
    [turn] = doc.turns
    assert doc.text[turn.text_start:turn.end] == "I thank the member for Nepean."


def test_committee_person_without_a_describing_label_has_unknown_role() -> None:
    [doc] = parse_hansard_ca(_doc(_intervention("Mr. Sam Sample", "Hello."),
                                  category="Committee"), source="c.xml")
    assert doc.turns[0].role == "unknown"


def test_french_date_from_the_numeric_items() -> None:
    [doc] = parse_hansard_ca(_doc(
        _intervention("Le président (M. Pat Kelly (Calgary Rocky Ridge, PCC))", "Bienvenue."),
        lang="FR", date="Le mardi 9 août 2022",
        extra='<ExtractedItem Name="MetaDateNumDay">09</ExtractedItem>'
              '<ExtractedItem Name="MetaDateNumMonth">08</ExtractedItem>'
              '<ExtractedItem Name="MetaDateNumYear">2022</ExtractedItem>'), source="f.xml")
    assert doc.meta["date"] == pd.Timestamp("2022-08-09")
    assert (doc.turns[0].speaker, doc.turns[0].role, doc.turns[0].attributes["party"]) == (
        "Pat Kelly", "chair", "PCC")


def test_bare_presiding_label_is_the_person_the_header_names() -> None:
    [doc] = parse_hansard_ca(_doc(
        _intervention("The Speaker", "Order, please.", db_id="7"),
        extra='<ExtractedItem Name="SpeakerName">Speaker: The Honourable Greg Fergus'
              "</ExtractedItem>\r\n"), source="s.xml")
    [turn] = doc.turns
    assert (turn.label, turn.speaker, turn.role) == ("The Speaker", "Greg Fergus", "chair")


def test_dispatch_and_sniff() -> None:
    text = _doc(_intervention("Mr. Sam Sample (Here, Lib.)", "Hello."))
    assert sniff_format(text, suffix=".xml") == "hansard"
    [doc] = parse_hansard(text, source="d.xml")
    assert doc.format == "hansard_ca"
    assert doc.meta["title"] == "House of Commons Debates, No. 9"
    assert doc.text.startswith("OFFICIAL REPORT\n\nHouse of Commons Debates\nNo. 9\n")


def test_errors() -> None:
    with pytest.raises(TranscriptError, match=r"e\.xml, line 2: No speech was found: the file "
                                              r"has no <Intervention> with text"):
        parse_hansard_ca(_doc(""), source="e.xml")
    with pytest.raises(TranscriptError, match=r"e\.xml, line 1: The root element is <Debates>, "
                                              r"not <hansard>"):
        parse_hansard_ca("<Debates/>", source="e.xml")
    with pytest.raises(TranscriptError, match=r"e\.xml, line 11: The file is not well-formed "
                                              r"XML .*would drop text"):
        parse_hansard_ca(_doc(_intervention("Mr. A (B, Lib.)", "Salt & pepper")),
                         source="e.xml")
