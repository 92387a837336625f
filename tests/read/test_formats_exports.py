"""Transcription exports: tables with rows above the header, Rev-style columns, diarised and
undiarised speech-to-text output (synthetic snippets; the real files are in
test_corpus_more_labels.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats.subtitles import parse_srt, parse_vtt
from kit.read.formats.table import parse_csv


def rows(doc):
    return [(doc.text[t.start:t.text_start].rstrip(": "), doc.text[t.text_start:t.end],
             t.start_s, t.end_s) for t in doc.turns]


# --- Rows above the header row ------------------------------------------------------------

TITLED = ("Hearing on insurance supervision, 18 March 2010\n"
          "Note: transcribed by the committee staff\n"
          "speaker,text\n"
          "CHAIRMAN KANJORSKI,\"The hearing will come to order.\"\n"
          "MS. FROHMAN,\"Thank you, Mr. Chairman.\"\n")


def test_rows_above_the_header_row_are_the_header():
    [doc] = parse_csv(TITLED, source="t.csv")
    assert rows(doc) == [("CHAIRMAN KANJORSKI", "The hearing will come to order.", None, None),
                         ("MS. FROHMAN", "Thank you, Mr. Chairman.", None, None)]
    assert doc.text[: doc.turns[0].start] == (
        "Hearing on insurance supervision, 18 March 2010\n"
        "Note: transcribed by the committee staff\n\n")


def test_the_title_row_gives_title_and_date_and_nothing_is_lost(tmp_path):
    (tmp_path / "t.csv").write_text(TITLED, encoding="utf-8")
    corpus = kit.read_transcript(tmp_path / "t.csv")
    doc = corpus.documents.iloc[0]
    assert doc[s.TITLE] == "Hearing on insurance supervision"
    assert doc[s.DATE] == pd.Timestamp("2010-03-18")
    [text] = normalised_texts(tmp_path / "t.csv")
    assert text.startswith("Hearing on insurance supervision, 18 March 2010\nNote: ")
    assert_tiles(corpus, "t", text)


def test_a_title_row_with_commas_does_not_decide_the_delimiter():
    [doc] = parse_csv("Briefing, 4 March 2022, Washington\nspeaker\ttext\tstart\n"
                      "ANN\tHi, all.\t1\nBOB\tYes.\t2\n", source="t.tsv")
    assert rows(doc) == [("ANN", "Hi, all.", 1.0, None), ("BOB", "Yes.", 2.0, None)]


def test_a_note_row_padded_with_delimiters_and_unknown_column_names():
    # no cell names a known column: the header is the first row of the usual width
    content = "Exported 2022-03-04,,\nwho,said,when\nANN,Hi.,1\nBOB,Yes.,2\n"
    [doc] = parse_csv(content, source="t.csv", speaker="who", text="said", start="when")
    assert rows(doc) == [("ANN", "Hi.", 1.0, None), ("BOB", "Yes.", 2.0, None)]
    assert doc.text.startswith("Exported 2022-03-04\n\nANN: Hi.")
    with pytest.raises(TranscriptError, match=(
            r"^t\.csv: There is no column 'speaker' for the speaker and no column 'text' for "
            r"the speech; the columns are 'who', 'said', 'when'\.")):
        parse_csv(content, source="t.csv")


def test_a_header_name_inside_speech_does_not_make_a_header():
    content = "speaker,text\nANN,Text\nBOB,\"Yes, the text.\"\n"
    [doc] = parse_csv(content, source="t.csv")
    assert rows(doc) == [("ANN", "Text", None, None), ("BOB", "Yes, the text.", None, None)]


# --- Rev-derived tables ---------------------------------------------------------------------

REV = ('"","original","person","timeStamp","comment"\n'
       '"1","Gordon Sondland: (00:00) I appreciate it.","Gordon Sondland","00:00",'
       '"I appreciate it."\n'
       '"2","Adam Schiff: (00:44) Thank you.","Adam Schiff","00:44","Thank you."\n'
       '"3","Sondland: (42:14) It’s true “quid”…","Sondland","42:14",'
       '"It’s true “quid”…"\n'
       '"4","Sondland: (00:00) Part two.","Sondland","00:00","Part two."\n')


def test_rev_columns_times_that_restart_and_windows_1252(tmp_path):
    (tmp_path / "rev.csv").write_bytes(REV.encode("cp1252"))
    corpus = kit.read_transcript(tmp_path / "rev.csv")
    turns = corpus.turns
    assert list(turns[s.SPEAKER_LABEL]) == ["Gordon Sondland", "Adam Schiff", "Sondland",
                                            "Sondland"]
    assert list(turns[s.SPEAKER].astype(str)) == ["Gordon Sondland", "Adam Schiff",
                                                  "Gordon Sondland", "Gordon Sondland"]
    assert turns[s.TEXT].iloc[2] == "It\u2019s true \u201cquid\u201d\u2026"
    # times as written: the second part starts again at 00:00 (no clock is invented)
    assert list(turns[s.START_S]) == [0.0, 44.0, 2534.0, 0.0]
    assert turns[s.TEXT].str.contains("Sondland:").sum() == 0  # the "original" column


# --- Speech-to-text output ------------------------------------------------------------------

def test_whisperx_markdown_keeps_each_diarised_speaker_with_times(tmp_path):
    (tmp_path / "w.md").write_text(
        "**[00:00] SPEAKER_00:** The stream is live.\n\n"
        "**[00:04] SPEAKER_01:** Welcome, everyone.\n\n"
        "**[49:31] SPEAKER_00:** Thanks.\n", encoding="utf-8")
    corpus = kit.read_transcript(tmp_path / "w.md")
    turns = corpus.turns
    assert list(turns[s.SPEAKER].astype(str)) == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]
    assert list(turns[s.START_S]) == [0.0, 4.0, 2971.0]
    assert list(turns[s.TEXT]) == ["The stream is live.", "Welcome, everyone.", "Thanks."]
    assert set(corpus.speakers[s.SPEAKER].astype(str)) == {"SPEAKER_00", "SPEAKER_01"}


VTT = ("WEBVTT\n\n"
       "00:00:01.000 --> 00:00:03.500\nGood morning and welcome\n\n"
       "00:00:03.500 --> 00:00:06.000\nto the briefing.\nWe begin with Ukraine.\n\n"
       "00:00:06.000 --> 00:00:08.000\nQuestions later.\n")


def test_captions_without_speakers_are_one_unattributed_turn_per_cue():
    [doc] = parse_vtt(VTT, source="w.vtt")
    assert rows(doc) == [("", "Good morning and welcome", 1.0, 3.5),
                         ("", "to the briefing. We begin with Ukraine.", 3.5, 6.0),
                         ("", "Questions later.", 6.0, 8.0)]
    srt = "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:02,000 --> 00:00:03,000\nBye.\n"
    [doc] = parse_srt(srt, source="w.srt")
    assert rows(doc) == [("", "Hello.", 1.0, 2.0), ("", "Bye.", 2.0, 3.0)]


def test_unattributed_cues_read_without_error_or_one_giant_turn(tmp_path):
    (tmp_path / "w.vtt").write_text(VTT, encoding="utf-8")
    corpus = kit.read_transcript(tmp_path / "w.vtt")
    assert len(corpus.turns) == 3
    assert set(corpus.turns[s.SPEAKER].astype(str)) == {s.UNKNOWN_SPEAKER}


def test_one_named_speaker_still_carries_over_the_cues_that_follow():
    [doc] = parse_vtt(VTT.replace("Good morning", "ANN: Good morning"), source="w.vtt")
    assert rows(doc) == [("ANN", "Good morning and welcome to the briefing. We begin with "
                                 "Ukraine. Questions later.", 1.0, 8.0)]


def _srt(*lines: str) -> str:
    return "".join(f"{i}\n00:00:{i:02d},000 --> 00:00:{i + 1:02d},000\n{line}\n\n"
                   for i, line in enumerate(lines, 1))


def test_a_name_in_brackets_opening_a_cue_is_its_speaker_where_such_names_recur():
    [doc] = parse_srt(_srt("[Jane Doe] Hello there.", "[John Roe] Hi Jane.",
                           "[Jane Doe] Bye.", "See you."), source="b.srt")
    assert rows(doc) == [("Jane Doe", "Hello there.", 1.0, 2.0),
                         ("John Roe", "Hi Jane.", 2.0, 3.0),
                         ("Jane Doe", "Bye. See you.", 3.0, 5.0)]


def test_sound_tags_in_brackets_are_never_speakers():
    # YouTube's and Whisper's automatic captions: the tags recur, but they are no one
    [doc] = parse_srt(_srt("[Music] la la", "[Foreign] hola", "[Music] la la",
                           "[Foreign] adios", "[BLANK_AUDIO] ", "[Applause] thanks"),
                      source="auto.srt")
    assert {label for label, *_ in rows(doc)} == {""}
    assert [text for _, text, *_ in rows(doc)][0] == "[Music] la la"
