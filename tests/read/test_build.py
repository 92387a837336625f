"""Parsed documents to tables: speakers the format names, stage spans it marks, extra metadata."""

from __future__ import annotations

import pandas as pd

from kit import schema as s
from kit.read._surrogates import without_surrogates
from kit.read.build import Rows, add_document, build
from kit.read.formats._base import ParsedDocument, RawTurn
from kit.read.speakers import read_aliases


def given(text: str, speech: str, speaker: str, **attributes) -> RawTurn:
    """A turn of ``text`` whose speech is ``speech``, by a speaker the format names."""
    a = text.index(speech)
    role = attributes.pop("role", None)
    return RawTurn(a, a, a + len(speech), attributes.pop("label", ""), speaker=speaker,
                   role=role, attributes=attributes or None)


def read(*docs: ParsedDocument, aliases=None):
    aliases = read_aliases(aliases)
    rows = Rows()
    for i, doc in enumerate(docs):
        add_document(rows, doc, doc_id=f"d{i}", source=f"d{i}.xml", aliases=aliases)
    return build([rows], aliases)


SITTING = "Sitting of 1 March\nOrder, order. (Applause) The House is open.\nI thank the chair."


def sitting(**meta) -> ParsedDocument:
    text = SITTING
    turns = [
        given(text, "Order, order. (Applause) The House is open.", "Anna Berg",
              role=s.ROLE_CHAIR, person_id="AB1", party="Greens", label="The Speaker"),
        given(text, "I thank the chair.", "Carl Dahl", person_id="CD2", party="Left",
              constituency="North"),
    ]
    a = text.index("(Applause)")
    return ParsedDocument(text, "test", meta, turns=turns, stage=[(a, a + len("(Applause)"))])


def test_format_named_speakers_roles_and_attributes_make_the_speakers_table():
    corpus = read(sitting(title="Sitting", house="Lower House", term=7))
    turns = corpus.turns
    assert list(turns[s.SPEAKER]) == ["Anna Berg", "Carl Dahl"]
    assert list(turns[s.SPEAKER_LABEL]) == ["The Speaker", ""]
    assert list(turns[s.ROLE]) == [s.ROLE_CHAIR, s.ROLE_UNKNOWN]
    speakers = corpus.speakers
    assert list(speakers.columns[:4]) == s.SPEAKER_COLUMNS
    assert speakers[s.SPEAKER].dtype == turns[s.SPEAKER].dtype
    rows = speakers.set_index(speakers[s.SPEAKER].astype(str))
    assert rows.loc["Anna Berg", s.PARTY] == "Greens"
    assert rows.loc["Carl Dahl", s.PERSON_ID] == "CD2"
    assert rows.loc["Carl Dahl", "constituency"] == "North"
    assert pd.isna(rows.loc["Anna Berg", "constituency"])
    assert rows.loc["Anna Berg", s.ROLE] == s.ROLE_CHAIR
    # metadata beyond the standard columns becomes columns of its own
    doc = corpus.documents.iloc[0]
    assert (doc[s.TITLE], doc["house"], doc["term"]) == ("Sitting", "Lower House", 7)
    assert list(corpus.documents.columns[:len(s.DOCUMENT_COLUMNS)]) == s.DOCUMENT_COLUMNS


def test_marked_stage_directions_leave_word_counts_and_tiling_exact():
    corpus = read(sitting())
    turns = corpus.turns
    assert turns[s.STAGE_DIRECTIONS].iloc[0] == ("(Applause)",)
    assert turns[s.N_WORDS].iloc[0] == 6  # Order, order. The House is open.
    doc = corpus.documents.iloc[0]
    assert doc[s.HEADER] == "Sitting of 1 March\n"
    assert doc[s.HEADER] + "\n".join(turns[s.TEXT]) + doc[s.TRAILER] == SITTING
    sd = corpus.stage_directions.iloc[0]
    assert SITTING[sd[s.START_CHAR]:sd[s.END_CHAR]] == "(Applause)"
    assert "applause" not in set(corpus.tokens[s.TERM].astype(str))


def test_a_marked_span_and_a_bracketed_note_are_one_stage_direction_not_two():
    text = "Intro\nWe agree [laughter] fully."
    a = text.index("[laughter]")
    doc = ParsedDocument(text, "test", turns=[given(text, "We agree [laughter] fully.", "X")],
                         stage=[(a, a + len("[laughter]"))])
    assert read(doc).turns[s.STAGE_DIRECTIONS].iloc[0] == ("[laughter]",)


def test_two_people_with_one_name_stay_two_speakers_and_aliases_still_win():
    text = "Head\nFirst words.\nSecond words.\nThird words."
    doc = ParsedDocument(text, "test", turns=[
        given(text, "First words.", "John Smith", person_id="JS1"),
        given(text, "Second words.", "John Smith", person_id="JS2"),
        given(text, "Third words.", "Jane Roe", person_id="JR1"),
    ])
    corpus = read(doc)
    assert list(corpus.turns[s.SPEAKER]) == ["John Smith (JS1)", "John Smith (JS2)", "Jane Roe"]
    assert list(corpus.speakers[s.PERSON_ID]) == ["JS1", "JS2", "JR1"]
    merged = read(doc, aliases={"Jane Roe": "Jane Q. Roe"})
    assert list(merged.turns[s.SPEAKER])[-1] == "Jane Q. Roe"


def test_speakers_without_attributes_still_get_a_row_each(example):
    speakers = example.speakers
    assert list(speakers[s.SPEAKER].astype(str)) == example.speaker_names
    assert speakers[s.PERSON_ID].isna().all() and speakers[s.PARTY].isna().all()
    assert set(speakers[s.ROLE]) <= set(s.ROLES)


def test_a_name_with_an_id_in_one_file_and_none_in_another_is_not_merged():
    text = "Head\nWords of one.\nWords of two."
    with_id = ParsedDocument(text, "test", turns=[
        given(text, "Words of one.", "John Smith", person_id="JS1"),
        given(text, "Words of two.", "Jane Roe", person_id="JR1")])
    without = ParsedDocument(text, "test", turns=[
        given(text, "Words of one.", "John Smith"), given(text, "Words of two.", "Ann Lee")])
    corpus = read(with_id, without)
    assert list(corpus.turns[s.SPEAKER]) == ["John Smith (JS1)", "Jane Roe", "John Smith",
                                             "Ann Lee"]
    merged = read(with_id, without, aliases={"John Smith (JS1)": "John Smith"})
    assert list(merged.turns[s.SPEAKER]) == ["John Smith", "Jane Roe", "John Smith", "Ann Lee"]


def test_lone_surrogates_a_reader_leaves_are_replaced_with_a_warning():
    doc = ParsedDocument("Intro\nMR. X\udc00: Hi \ud800.", "text", meta={"title": "T\ud83d"},
                         turns=[RawTurn(6, 14, 19, "MR. X\udc00")])
    rows = Rows()
    add_document(rows, doc, doc_id="d\udce9", source="caf\udce9.txt", aliases={})
    assert rows.turns["text"] == ["Hi \ufffd."] and rows.turns["label"] == ["MR. X\ufffd"]
    assert rows.docs[0]["title"] == "T\ufffd" and rows.docs[0]["doc_id"] == "d\ufffd"
    assert rows.warnings == [
        "caf\ufffd.txt: the document holds lone surrogates (U+D800 to U+DFFF, e.g. from a "
        "\\ud800 escape), first on line 2 of its text; each was replaced by U+FFFD."]


def test_a_document_marked_free_of_surrogates_is_not_scanned_again():
    # the mark is the reader's promise (lxml never makes one), so the text is not looked
    # at: a surrogate slipped in would pass, where an unmarked document has it replaced
    text = "MR. X: Hi \ud800."
    marked = ParsedDocument(text, "test", turns=[RawTurn(0, 7, 16, "MR. X")],
                            surrogate_free=True)
    assert without_surrogates(marked, source="a.xml") == (marked, None)
    unmarked = ParsedDocument(text, "test", turns=[RawTurn(0, 7, 16, "MR. X")])
    cleaned, warning = without_surrogates(unmarked, source="a.xml")
    assert cleaned.text == "MR. X: Hi \ufffd." and warning is not None
