"""Older UK Hansard XML (``<housecommons>``): two real excerpts and snippets per rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit.errors import TranscriptError
from kit.read.formats import sniff_format
from kit.read.formats.hansard_uk import parse_hansard_uk

NI_1976 = "uk-hansard-historic-xml/housecommons_questions_not_in_oralquestions_element.xml"
KENYA_1961 = "uk-hansard-historic-xml/housecommons_multiple_nested_sections_in_oralquestions.xml"


def _read(tmp_path: Path, text: str) -> kit.Corpus:
    path = tmp_path / "sitting.xml"
    path.write_text(text, encoding="utf-8")
    return kit.read_transcript(path)


def _commons(*body: str, root: str = "housecommons") -> str:
    return (f'<{root}>\n<col>1</col>\n<title>HOUSE OF COMMONS</title>\n'
            '<date format="1976-01-22">Thursday 22nd January 1976</date>\n<debates>\n'
            + "\n".join(body) + f"\n</debates>\n</{root}>\n")


@pytest.fixture(scope="module")
def ni_1976(corpus_more_dir: Path) -> kit.Corpus:
    return kit.read_transcript(corpus_more_dir / NI_1976)


@pytest.fixture(scope="module")
def kenya_1961(corpus_more_dir: Path) -> kit.Corpus:
    return kit.read_transcript(corpus_more_dir / KENYA_1961)


# --- 22 January 1976 ----------------------------------------------------------------------


def test_1976_turns_per_speaker(ni_1976: kit.Corpus) -> None:
    # grep -o '<member>[^<]*</member>' | sort | uniq -c, a person's labels added up
    counts = ni_1976.turns.groupby("speaker", observed=True).size().to_dict()
    assert counts == {
        "Merlyn Rees": 11,  # The Secretary of State ... (Mr. Merlyn Rees) + 10 Mr. Rees
        "Michael Latham": 2, "Michael McNair-Wilson": 2,  # numbered question + Mr. Surname
        "Mr. Marten": 2, "Mr. Beith": 2, "Dr. Glyn": 2, "Mr. Carson": 2, "Mr. Flannery": 1,
        "Mr. Powell": 1, "Mr. Kilfedder": 1, "Mr. Neave": 1, "Mr. Hardy": 1}


def test_1976_first_and_last_turn(ni_1976: kit.Corpus) -> None:
    turns = ni_1976.turns
    first, last = turns.iloc[0], turns.iloc[-1]
    assert (first.speaker, first.speaker_label) == ("Michael Latham", "Mr. Michael Latham")
    assert first.text.startswith("asked the Secretary of State for Northern Ireland whether")
    assert (last.speaker, last.speaker_label) == ("Merlyn Rees", "Mr. Rees")
    assert last.text.startswith('I would not want to be drawn into using the word "improving"')
    assert last.text.endswith("we must overcome that if we are to succeed.")
    minister = turns.iloc[6]
    assert minister.speaker_label == "The Secretary of State for Northern Ireland (Mr. Merlyn Rees)"
    assert minister.text.startswith("During the course of 1975")


def test_1976_header_layout_and_roles(ni_1976: kit.Corpus) -> None:
    doc = ni_1976.documents.iloc[0]
    assert doc.header == ("HOUSE OF COMMONS\n\nThursday 22nd January 1976\n\nThe House met at "
                          "hall-past Two o'clock\n\nPRAYERS\n\n[Mr. SPEAKER in the Chair]\n\n"
                          "NORTHERN IRELAND\n\nSecurity\n\n")
    text = " ".join(ni_1976.turns.text)
    assert "PRAYERS" not in text and "1514" not in text  # column numbers are layout
    assert "murder of ten Protestants near Bessbrook" in text  # a <col> mid-sentence
    assert set(ni_1976.turns.role) == {"member"}
    assert ni_1976.speakers.set_index("speaker").loc["Merlyn Rees", "office"] == (
        "The Secretary of State for Northern Ireland")


def test_1976_round_trip_and_metadata(corpus_more_dir: Path, ni_1976: kit.Corpus) -> None:
    [normalised] = normalised_texts(corpus_more_dir / NI_1976)
    assert_tiles(ni_1976, ni_1976.documents.doc_id.iloc[0], normalised)
    doc = ni_1976.documents.iloc[0]
    assert (doc.format, doc.title, doc.date, doc.house) == (
        "hansard_uk", "HOUSE OF COMMONS", pd.Timestamp("1976-01-22"), "House of Commons")
    assert pd.isna(doc.location)  # "Thursday" before the date is no place


# --- 6 July 1961 --------------------------------------------------------------------------


def test_1961_turns_per_speaker(kenya_1961: kit.Corpus) -> None:
    counts = kenya_1961.turns.groupby("speaker", observed=True).size().to_dict()
    assert counts == {"Bernard Braine": 8, "Mr. Marquand": 3, "Mr. Brockway": 2,
                      "G. M. Thomson": 2, "F. Harris": 1, "Mr. Wan": 1, "Mr. Wall": 1,
                      "Mr. Emery": 1}


def test_1961_first_and_last_turn_and_notes(kenya_1961: kit.Corpus) -> None:
    turns = kenya_1961.turns
    first, last = turns.iloc[0], turns.iloc[-1]
    assert (first.speaker, first.speaker_label) == ("F. Harris", "Mr. F. Harris")
    assert first.text.startswith("I beg to present a Petition.")
    assert first.text.endswith("To lie upon the Table.\n\nORAL ANSWERS TO QUESTIONS\n\nHIGH "
                               "COMMISSION\nTERRITORIES\n\nMorse Mission (Recommendations)")
    assert first.stage_directions[0] == "To lie upon the Table."
    assert (last.speaker, last.speaker_label) == ("Mr. Brockway", "Mr. Brockway")
    assert last.text.startswith("Does not the termination of the arrangements")
    question = turns.iloc[1]  # a numbered question inside a membercontribution
    assert (question.speaker_label, question.text[:22]) == ("Mr. Wan", "asked the Secretary of")


def test_1961_round_trip_and_metadata(corpus_more_dir: Path, kenya_1961: kit.Corpus) -> None:
    [normalised] = normalised_texts(corpus_more_dir / KENYA_1961)
    assert_tiles(kenya_1961, kenya_1961.documents.doc_id.iloc[0], normalised)
    doc = kenya_1961.documents.iloc[0]
    assert (doc.title, doc.date) == ("HOUSE OF COMMONS", pd.Timestamp("1961-07-06"))
    assert "SUTTON COLDFIELD CORPORATION\nBILL [Lords]" in doc.header
    assert "Read the Third time and passed" in doc.header


# --- rules, on snippets -------------------------------------------------------------------


def test_divisions_and_tables_outside_speech_count_for_nobody(tmp_path: Path) -> None:
    corpus = _read(tmp_path, _commons(
        "<section><title>STANDARDS</title>",
        "<p><member>Mr. Newton</member><membercontribution>: I commend the motions."
        "</membercontribution></p>",
        "<p><i>Later</i>&#x2014;</p>",
        "<p><i>Question put:&#x2014;</i></p>",
        "<p><i>The House divided: Ayes 2, Noes 1.</i></p>",
        "<division><table><tr><td><b>AYES</b></td></tr><tr><td>Abbott, Ms Diane</td>"
        "<td>Booth, Hartley</td></tr></table></division>",
        '<p><table type="span"><tr><td>NOES</td></tr><tr><td>Lunn, William</td></tr></table></p>',
        "<p><member>Mr. SPEAKER</member><membercontribution>: Order.</membercontribution></p>",
        "</section>"))
    turns = corpus.turns
    assert list(zip(turns.speaker, turns.role, turns.n_words, strict=True)) == [
        ("Mr. Newton", "member", 4), ("Mr. Speaker", "chair", 1)]
    assert "Abbott, Ms Diane" in turns.text.iloc[0] and "Lunn, William" in turns.text.iloc[0]
    assert turns.stage_directions.iloc[0][0] == "Later\u2014"


def test_written_answers_member_without_contribution_and_asked_paragraphs(tmp_path: Path) -> None:
    corpus = _read(tmp_path, (
        "<writtenanswers>\n<title>Written Answers to Questions</title>\n"
        '<date format="1985-12-16">Monday 16 December 1985</date>\n<group><section>\n'
        "<title>Food Storage</title><body>\n"
        "<p>Mr. Canavan asked the Minister what food is stored.</p>\n"
        "<p><member>Mr. Gummer</member>: A note is in the Library.</p>\n"
        "<p>The costs are set out below.</p>\n"
        "</body></section></group>\n</writtenanswers>\n"))
    turns = corpus.turns
    assert list(zip(turns.speaker_label, turns.text, strict=True)) == [
        ("Mr. Canavan", "asked the Minister what food is stored."),
        ("Mr. Gummer", "A note is in the Library.\n\nThe costs are set out below.")]
    assert corpus.documents.house.iloc[0] == "Written Answers"


def test_a_table_in_an_answer_is_speech(tmp_path: Path) -> None:
    corpus = _read(tmp_path, _commons(
        "<section><title>Figures</title>",
        "<p><member>Mr. Gummer</member>: The figures are:</p>",
        "<table><tr><td>1984</td><td>12 tonnes</td></tr></table>",
        "</section>"))
    [turn] = corpus.turns.itertuples()
    assert turn.text == "The figures are:\n\n1984 12 tonnes"
    assert turn.stage_directions == ()


def test_surname_with_two_full_names_stays_unresolved(tmp_path: Path) -> None:
    corpus = _read(tmp_path, _commons(
        "<section><title>X</title>",
        "<p>1. <member>Mr. John Smith</member> asked a question.</p>",
        "<p>2. <member>Mr. Adam Smith</member> asked another.</p>",
        "<p><member>Mr. Smith</member><membercontribution>: Which one?</membercontribution></p>",
        "</section>"))
    assert list(corpus.turns.speaker) == ["John Smith", "Adam Smith", "Mr. Smith"]


def test_sniffed_from_the_root() -> None:
    assert sniff_format(_commons(), suffix=".xml") == "hansard_uk"
    assert sniff_format(_commons(root="houselords"), suffix=".xml") == "hansard_uk"


def test_error_wrong_root_and_no_speech() -> None:
    with pytest.raises(TranscriptError, match=r"h\.xml, line 1: The root element is <hansard>, "
                                              r"not <housecommons> or .*UK Hansard XML"):
        parse_hansard_uk("<hansard><p>x</p></hansard>", source="h.xml")
    with pytest.raises(TranscriptError, match=r"h\.xml, line 1: No speech was found: no "
                                              r"paragraph starts with a <member>"):
        parse_hansard_uk(_commons("<section><title>PRAYERS</title></section>"), source="h.xml")


def test_error_malformed() -> None:
    with pytest.raises(TranscriptError, match=r"h\.xml, line 6: The file is not well-formed XML"):
        parse_hansard_uk(_commons("<p><member>Mr. X</member><membercontribution>: a < b"
                                  "</membercontribution></p>"), source="h.xml")
