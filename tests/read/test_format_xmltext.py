"""Shared parts of the parliamentary readers: lenient XML parsing, the text builder, names."""

from __future__ import annotations

import pytest

from kit.errors import TranscriptError, TranscriptWarning
from kit.read.formats._xml import parse_xml
from kit.read.formats._xmltext import PARAGRAPH, Span, TextBuilder, TextWriter
from kit.read.formats.hansard import (
    NameBook,
    fix_case,
    is_presiding,
    person_name,
    split_label,
    top_level_parts,
)
from kit.read.header import parse_header

# --- parse_xml ----------------------------------------------------------------------------


def test_parse_xml_drops_declaration_and_bom_and_keeps_lines() -> None:
    root = parse_xml('\ufeff<?xml version="1.0" encoding="ISO-8859-1"?>\n\n<a>\n<b>x</b></a>',
                     source="f.xml", what="test XML")
    assert root.tag == "a"
    assert root[0].sourceline == 4  # line numbers are the file's


def test_parse_xml_undeclared_html_entities_become_characters() -> None:
    root = parse_xml("<a>x &mdash; y &pound;5 &amp; &#233;</a>", source="f.xml", what="t")
    assert root.text == "x \u2014 y \u00a35 & \u00e9"


def test_parse_xml_declared_entities_resolve_and_win() -> None:
    text = '<!DOCTYPE a [\n<!ENTITY mdash "--">\n]>\n<a>x&mdash;y</a>'
    assert parse_xml(text, source="f.xml", what="t").text == "x--y"


def test_parse_xml_public_id_without_system_literal_is_repaired() -> None:
    text = '<!DOCTYPE hansard PUBLIC "-//X//DTD Y//EN" []>\n<HANSARD A = "1">&mdash;x</HANSARD>'
    root = parse_xml(text, source="f.xml", what="t")
    assert (root.tag, root.get("A"), root.text) == ("HANSARD", "1", "\u2014x")


def test_parse_xml_unknown_entity_names_the_line() -> None:
    with pytest.raises(TranscriptError, match=r"f\.xml, line 2: The entity &bogus; is neither "
                                              r"declared.*Fix: Replace it"):
        parse_xml("<a>\nx &bogus; y</a>", source="f.xml", what="t")


def test_parse_xml_recovers_when_no_text_is_lost() -> None:
    with pytest.warns(TranscriptWarning, match=r"f\.xml, line 2: not well-formed XML .*no text "
                                               r"was lost"):
        root = parse_xml("<a>\n<p>Hello there</a>", source="f.xml", what="t")
    assert "".join(root.itertext()) == "\nHello there"


@pytest.mark.parametrize("text, line", [
    ("<a>\n<p>Fish & chips</p></a>", 2),  # a bare '&' would vanish
    ("<a>\n\n<p>1 < 2 is true</p></a>", 3),  # so would a bare '<'
])
def test_parse_xml_refuses_to_drop_text(text: str, line: int) -> None:
    with pytest.raises(TranscriptError, match=rf"f\.xml, line {line}: The file is not "
                                              r"well-formed XML .*would drop text\. Fix: Repair "
                                              rf"the XML at line {line}"):
        parse_xml(text, source="f.xml", what="t")


def test_parse_xml_not_xml() -> None:
    with pytest.raises(TranscriptError, match=r"f\.txt, line 1: This is not XML: it should be "
                                              r"ParlParse XML"):
        parse_xml("Mr Speaker: hello", source="f.txt", what="ParlParse XML")


# --- TextBuilder --------------------------------------------------------------------------


def test_builder_collapses_whitespace_and_keeps_nbsp() -> None:
    b = TextBuilder()
    b.add("  one \n\t two\u00a0 three ")
    b.brk(PARAGRAPH)
    b.add("four")
    b.brk(PARAGRAPH)  # never at the end
    assert b.text() == "one two\u00a0 three\n\nfour"


def test_builder_turns_labels_separators_and_gaps() -> None:
    b = TextBuilder()
    b.add("Title")  # header
    b.brk()
    b.open_turn(speaker="A", role="member")
    b.add("Senator A")
    b.speech()
    b.brk()  # only a space between a label and its speech
    b.add("\u2014I rise.")
    b.close_turn()
    b.brk()
    b.begin_stage()
    b.add("A HEADING")  # between turns: a note closing the turn before
    b.end_stage()
    b.brk()
    b.open_turn(speaker="Nobody")  # no speech: no turn
    b.add("Mr Nobody")
    b.speech()
    b.close_turn()
    b.brk()
    b.open_turn(speaker="B")
    b.speech()
    b.add("Yes.")
    doc = b.document("test", meta={"title": "T", "date": None})
    text = doc.text
    assert text == "Title\n\nSenator A \u2014I rise.\n\nA HEADING\n\nMr Nobody\n\nYes."
    first, second = doc.turns
    assert (first.label, first.speaker, first.role) == ("Senator A", "A", "member")
    assert text[first.start:first.text_start] == "Senator A \u2014"
    assert text[first.text_start:first.end] == "I rise.\n\nA HEADING\n\nMr Nobody"
    assert [text[a:b] for a, b in doc.stage] == ["A HEADING\n\nMr Nobody"]
    assert (second.label, second.speaker, text[second.text_start:second.end]) == ("", "B", "Yes.")
    assert doc.meta == {"title": "T"}


def test_builder_label_after_a_number() -> None:
    b = TextBuilder()
    b.open_turn(speaker="Michael Latham")
    b.add("1. ")
    b.label()
    b.add("Mr. Michael Latham")
    b.speech()
    b.add(" asked the Secretary of State")
    [turn] = b.document("test").turns
    assert (turn.start, turn.label) == (0, "Mr. Michael Latham")
    assert b.text()[turn.text_start:turn.end] == "asked the Secretary of State"


def test_builder_speech_skips_separators_in_the_same_piece() -> None:
    # The label's ':' and a dash after it, then the speech, all in one piece of text.
    b = TextBuilder()
    b.open_turn(speaker="A")
    b.add("Mr A")
    b.speech()
    b.add(": \u2014 I rise\f to\vspeak.")
    [turn] = b.document("test").turns
    text = b.text()
    assert text == "Mr A: \u2014 I rise to speak."
    assert (turn.label, text[turn.text_start:turn.end]) == ("Mr A", "I rise to speak.")


def test_builder_speech_waits_for_a_piece_of_words() -> None:
    b = TextBuilder()
    b.open_turn(speaker="A")
    b.add("Mr A")
    b.speech()
    b.add(" :")  # the separator alone: the speech starts with the next piece
    b.brk()
    b.add("Yes.")
    [turn] = b.document("test").turns
    assert b.text() == "Mr A : Yes."
    assert b.text()[turn.text_start:turn.end] == "Yes."


@pytest.mark.parametrize("texts", [
    ["one", None, "  two \n three ", "\n  ", "four"],
    [" \t ", None],
    ["a\u00a0 b", "c"],
])
def test_writer_blocks_in_one_go_equal_piece_by_piece(texts: list[str | None]) -> None:
    one, many = TextWriter(), TextWriter()
    for w in (one, many):
        w.add("Head ")
        w.spans.append(Span())
    one.add_blocks(texts)
    for text in texts:
        many.block()
        many.add(text)
        many.block()
    spans = [w.spans.pop() for w in (one, many)]
    for w in (one, many):
        w.add("tail")
    assert one.text() == many.text()
    assert spans[0].covered() == spans[1].covered()


def test_writer_span_and_mark_land_where_the_words_start() -> None:
    w = TextWriter()
    w.add("Title")
    w.block()
    span, mark = Span(), w.mark()
    w.spans.append(span)
    w.add("  Words  here ")
    w.spans.pop()
    w.add("after")
    assert w.text() == "Title\n\nWords here after"
    assert span.covered() == (mark.pos, mark.pos + len("Words here")) == (7, 17)


# --- names --------------------------------------------------------------------------------


@pytest.mark.parametrize("label, expected", [
    ("Mr. Michael Latham", ("Michael Latham", True)),
    ("Mr. G. M. Thomson", ("G. M. Thomson", True)),
    ("Mr. Latham", ("Mr. Latham", False)),
    ("Senator CHANEY", ("Senator Chaney", False)),
    ("Senator PETER RAE", ("Peter Rae", True)),
    ("Hon. Michelle Rempel Garner", ("Michelle Rempel Garner", True)),
    ("Mme Carol Hughes", ("Carol Hughes", True)),
    ("L'hon. Dominic LeBlanc", ("Dominic LeBlanc", True)),
    ("Mr. SPEAKER", ("Mr. Speaker", False)),
])
def test_person_name(label: str, expected: tuple[str, bool]) -> None:
    assert person_name(label) == expected


@pytest.mark.parametrize("word, expected", [
    ("MCCLELLAND", "McClelland"), ("McKENNA", "McKenna"), ("O'BYRNE", "O'Byrne"),
    ("BJELKE-PETERSEN", "Bjelke-Petersen"), ("MacGibbon", "MacGibbon"), ("G.", "G."),
])
def test_fix_case(word: str, expected: str) -> None:
    assert fix_case(word) == expected


@pytest.mark.parametrize("label, presiding", [
    ("Mr. SPEAKER", True), ("Mr. DEPUTY-SPEAKER", True), ("The CHAIRMAN", True),
    ("The Assistant Deputy Speaker", True), ("The Acting Speaker", True), ("The Chair", True),
    ("The PRESIDENT", True), ("The DEPUTY PRESIDENT", True), ("President", True),
    ("Le Président", True), ("La Présidente", True), ("La vice-présidente adjointe", True),
    ("Der Präsident", True), ("De Voorzitter", True), ("The Chairman of Ways and Means", True),
    ("The President of the Board of Trade", False), ("Mr. Latham", False),
    ("Canada Research Chair", False), ("Speaker Johnson", False),
    # the Oireachtas: the Dáil's Ceann Comhairle, the Seanad's Cathaoirleach, their deputies
    ("An Ceann Comhairle", True), ("An Leas-Cheann Comhairle", True),
    ("An Cathaoirleach", True), ("An Leas-Chathaoirleach", True), ("The Taoiseach", False),
])
def test_is_presiding(label: str, presiding: bool) -> None:
    assert is_presiding(label) is presiding


def test_split_label_and_parts() -> None:
    assert split_label("The Chair (Mr. Lloyd Longfield (Guelph, Lib.)):") == (
        "The Chair", "Mr. Lloyd Longfield (Guelph, Lib.)")
    assert split_label("Mr. Latham") == ("Mr. Latham", None)
    assert split_label("Mr. X (a) and (b)") == ("Mr. X (a) and (b)", None)
    assert top_level_parts("Canada Research Chair (Tier 2) in X, Royal Roads, As an Individual") \
        == ["Canada Research Chair (Tier 2) in X", "Royal Roads", "As an Individual"]


def test_namebook_joins_a_surname_to_the_one_full_name() -> None:
    book = NameBook()
    book.add("Merlyn Rees")
    book.add("John Smith")
    book.add("Jane Smith")
    assert book.resolve("Mr. Rees", full=False) == "Merlyn Rees"
    assert book.resolve("Mr. Smith", full=False) == "Mr. Smith"  # two Smiths: unresolved
    assert book.resolve("Mr. Jones", full=False) == "Mr. Jones"


def test_header_weekday_before_a_date_is_no_location() -> None:
    meta = parse_header("HOUSE OF COMMONS\n\nThursday, 6th July, 1961\n\nPRAYERS")
    assert meta["title"] == "HOUSE OF COMMONS"
    assert meta["date"].date().isoformat() == "1961-07-06"
    assert "location" not in meta
    meta = parse_header("Remarks to the Press\nWashington, DC, July 6, 1961")
    assert meta["location"] == "Washington, DC"  # a place before the date still is one
