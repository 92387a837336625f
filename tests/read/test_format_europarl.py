"""Europarl text: the EN and FR files of one sitting, and snippets per rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit.errors import TranscriptError
from kit.read.formats import sniff_format
from kit.read.formats.europarl import clean_name, looks_like_europarl, parse_europarl

EN = "europarl-txt/en_ep-00-01-19.txt"
FR = "europarl-txt/fr_ep-00-01-19.txt"


@pytest.fixture(scope="module")
def english(corpus_more_dir: Path) -> kit.Corpus:
    return kit.read_transcript(corpus_more_dir / EN)


@pytest.fixture(scope="module")
def french(corpus_more_dir: Path) -> kit.Corpus:
    return kit.read_transcript(corpus_more_dir / FR)


# --- the real files -----------------------------------------------------------------------


def test_real_turns_per_speaker(english: kit.Corpus, french: kit.Corpus) -> None:
    # 125 SPEAKER tags in each file, 15 of them with no text before the next tag
    # (Seixas da Costa 7, the President 6, Gomes 1, Schulz 1): awk over the tag lines
    for corpus, chairs in ((english, {"President": 11}),
                           (french, {"Le Président": 8, "La Présidente": 3})):
        turns = corpus.turns
        assert len(turns) == 125 - 15
        counts = turns.groupby("speaker", observed=True).size()
        assert counts["Seixas da Costa"] == 21
        assert {k: counts[k] for k in chairs} == chairs
        assert set(turns[turns.role == "chair"].speaker) == set(chairs)
        assert "Schulz" not in counts  # an empty turn only
        # surnames joined to the full name of a Question Time tag
        assert counts["Niall Andrews"] == 3 and counts["Ioannis Souladakis"] == 2
        assert counts["Costa"] == 1  # not Seixas da Costa


def test_real_first_and_last_turn(english: kit.Corpus, french: kit.Corpus) -> None:
    first, last = english.turns.iloc[0], english.turns.iloc[-1]
    assert (first.speaker, first.speaker_label, first.role) == ("President", "", "chair")
    assert first.text.startswith("The next item is the continuation of the Council and")
    assert (last.speaker, last.role) == ("President", "chair")
    assert last.text.endswith("(The sitting was closed at 8.14 p.m.)")
    assert last.stage_directions[-1] == "(The sitting was closed at 8.14 p.m.)"
    assert french.turns.iloc[0].text.startswith("L'ordre du jour appelle la suite")


def test_real_chapters_names_and_notes(english: kit.Corpus) -> None:
    doc = english.documents.iloc[0]
    assert doc.header == "Middle East peace process (continuation)\n\n"
    directions = set(english.stage_directions.text)
    assert {"Area of Freedom, Security and Justice", "Question Time (Council)", "Capital tax",
            "(Sustained applause)", "(The President cut the speaker off)"} <= directions
    speakers = english.speakers.set_index("speaker")
    assert speakers.loc["Pat the Cope Gallagher", "name_note"] == (
        "which has been taken over by Mr Hyland")
    assert "Robert J Evans" in speakers.index and "Hans-Peter Martin" in speakers.index
    assert speakers.loc["Galeote Quecedo", "language"] == "ES"
    assert pd.isna(speakers.loc["Patten", "language"])  # spoke in the file's language
    question = english.turns[english.turns.speaker == "Pat the Cope Gallagher"].iloc[0]
    assert question.text.startswith("Question No 8 by (H-0796/99):")


def test_real_round_trip_and_metadata(corpus_more_dir: Path, english: kit.Corpus,
                                      french: kit.Corpus) -> None:
    for name, corpus in ((EN, english), (FR, french)):
        [normalised] = normalised_texts(corpus_more_dir / name)
        assert "<SPEAKER" not in normalised and "<P>" not in normalised
        assert_tiles(corpus, corpus.documents.doc_id.iloc[0], normalised)
        doc = corpus.documents.iloc[0]
        assert (doc.format, doc.title, doc.date, doc.house) == (
            "europarl", "European Parliament, 19 January 2000", pd.Timestamp("2000-01-19"),
            "European Parliament")


# --- rules, on snippets -------------------------------------------------------------------

SITTING = """<CHAPTER ID=1>
Opening of the sitting
<SPEAKER ID=1 NAME="Der Präsident">
The sitting is open.
<P>
(Applause)
<SPEAKER ID=2 NAME="President">
<SPEAKER ID=3 LANGUAGE="DE" NAME="Doe, Jane">
Thank you.
Second line.
<P>
New paragraph.
<CHAPTER ID=2>
Votes
<SPEAKER ID=4 NAME="M. Jean Roe, remplacé par M. Poe">
Question No 1 by Mr Roe (H-1/00):
"""


def test_snippet_text_turns_and_stage() -> None:
    [doc] = parse_europarl(SITTING, source="data/ep-00-02-03.txt")
    assert doc.text == ("Opening of the sitting\n\nThe sitting is open.\n\n(Applause)\n\n"
                        "Thank you.\nSecond line.\n\nNew paragraph.\n\nVotes\n\n"
                        "Question No 1 by Mr Roe (H-1/00):")
    got = [(t.label, t.speaker, t.role, t.attributes, doc.text[t.text_start:t.end])
           for t in doc.turns]
    assert got == [
        ("", "Der Präsident", "chair", None, "The sitting is open.\n\n(Applause)"),
        ("", "Jane Doe", "unknown", {"language": "DE"},
         "Thank you.\nSecond line.\n\nNew paragraph.\n\nVotes"),
        ("", "Jean Roe", "unknown", {"name_note": "remplacé par M. Poe"},
         "Question No 1 by Mr Roe (H-1/00):")]
    assert [doc.text[a:b] for a, b in doc.stage] == ["(Applause)", "Votes"]
    assert doc.meta["date"] == pd.Timestamp("2000-02-03")


@pytest.mark.parametrize("name, expected", [
    ("Evans, Robert J", ("Robert J Evans", None)),
    ("Martin, Hans-Peter", ("Hans-Peter Martin", None)),
    ("Pat the Cope Gallagher, which has been taken over by Mr Hyland",
     ("Pat the Cope Gallagher", "which has been taken over by Mr Hyland")),
    ("M. Niall Andrews", ("Niall Andrews", None)),
    ("Seixas da Costa", ("Seixas da Costa", None)),
    ("von Bötticher", ("von Bötticher", None)),
])
def test_clean_name(name: str, expected: tuple[str, str | None]) -> None:
    assert clean_name(name) == expected


def test_sniffed_before_html_and_text(tmp_path: Path) -> None:
    assert looks_like_europarl(SITTING)
    assert sniff_format(SITTING, suffix=".txt") == "europarl"
    assert sniff_format("<P>\nJust a paragraph.", suffix=".txt") != "europarl"
    path = tmp_path / "ep-00-02-03.txt"
    path.write_text(SITTING, encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert corpus.documents.format.iloc[0] == "europarl"
    assert corpus.turns.n_words.iloc[0] == 4  # (Applause) is left out


def test_errors() -> None:
    with pytest.raises(TranscriptError, match=r"e\.txt, line 3: This line starts a <SPEAKER\.\.\.> "
                                              r"tag but is not a well-formed tag line"):
        parse_europarl('<CHAPTER ID=1>\nTitle\n<SPEAKER ID=1 NAME="A"\nText', source="e.txt")
    with pytest.raises(TranscriptError, match=r"e\.txt, line 1: No speech was found: no "
                                              r"<SPEAKER> line has text after it"):
        parse_europarl('<CHAPTER ID=1>\nTitle\n<SPEAKER ID=1 NAME="A">\n', source="e.txt")
