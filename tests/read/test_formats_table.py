"""JSON, JSON Lines, CSV and DataFrame readers: shapes, columns, times, errors, tiling."""

from __future__ import annotations

import json
import warnings
from datetime import timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.errors import KitError, TranscriptError, TranscriptWarning
from kit.read.formats._base import ParsedDocument
from kit.read.formats.table import documents_from_frame, parse_csv, parse_json, parse_jsonl


def check_tiling(doc: ParsedDocument) -> None:
    """Turns are ordered spans with whitespace between; labels and speech are exact."""
    assert doc.turns
    text = doc.text
    pos = 0
    for turn in doc.turns:
        assert text[pos:turn.start].strip() == ""
        assert turn.start <= turn.text_start < turn.end <= len(text)
        speech = text[turn.text_start:turn.end]
        assert speech == speech.strip()
        assert text[turn.start:turn.text_start] == (f"{turn.label}: " if turn.label else "")
        pos = turn.end
    assert text[pos:].strip() == ""


def rows(doc: ParsedDocument) -> list[tuple[str, str, float | None, float | None]]:
    check_tiling(doc)
    return [(t.label, doc.text[t.text_start:t.end], t.start_s, t.end_s) for t in doc.turns]


# --- JSON shapes -------------------------------------------------------------------------

def test_json_list_of_records() -> None:
    [doc] = parse_json("\ufeff" + json.dumps([
        {"speaker": "MR PRICE", "text": "Good afternoon."},
        {"speaker": "QUESTION", "text": "  Ned, a question.  "},
        {"speaker": "QUESTION", "text": "And a follow-up."},
    ]), source="b.json")
    assert rows(doc) == [
        ("MR PRICE", "Good afternoon.", None, None),
        ("QUESTION", "Ned, a question.", None, None),
        ("QUESTION", "And a follow-up.", None, None),  # separate utterances stay apart
    ]
    assert doc.text == ("MR PRICE: Good afternoon.\n\nQUESTION: Ned, a question.\n\n"
                        "QUESTION: And a follow-up.")
    assert (doc.format, doc.key, doc.meta) == ("json", None, {})


def test_json_whisperx_segments_with_times() -> None:
    [doc] = parse_json(json.dumps({
        "segments": [
            {"start": 0.5, "end": 2.25, "text": " Hello there.", "speaker": "SPEAKER_00",
             "words": [{"word": "Hello", "start": 0.5}]},
            {"start": 2.25, "end": 4, "text": " Hi.", "speaker": "SPEAKER_01", "words": []},
        ],
        "word_segments": [{"word": "Hello"}],
    }), source="wx.json")
    assert rows(doc) == [("SPEAKER_00", "Hello there.", 0.5, 2.25),
                         ("SPEAKER_01", "Hi.", 2.25, 4.0)]


def test_json_assemblyai_utterances_are_in_milliseconds() -> None:
    [doc] = parse_json(json.dumps({
        "audio_duration": 5, "text": "Hi. Bye.",
        "utterances": [{"speaker": "A", "text": "Hi.", "start": 250, "end": 1500},
                       {"speaker": "B", "text": "Bye.", "start": 1500, "end": 4000}],
    }), source="aai.json")
    assert rows(doc) == [("A", "Hi.", 0.25, 1.5), ("B", "Bye.", 1.5, 4.0)]
    # the letters are voices the service told apart, not a witness's answers ("A.")
    assert [t.role for t in doc.turns] == ["unknown", "unknown"]


def _deepgram(*channels: list[dict]) -> str:
    return json.dumps({"metadata": {"duration": 9}, "results": {"channels": [
        {"alternatives": [{"transcript": "...", "paragraphs": {
            "transcript": "...", "paragraphs": paragraphs}}]} for paragraphs in channels]}})


def test_json_deepgram_paragraphs_join_their_sentences() -> None:
    [doc] = parse_json(_deepgram([
        {"speaker": 0, "start": 0.5, "end": 2.0, "sentences": [
            {"text": "Hello there.", "start": 0.5, "end": 1.0},
            {"text": "Welcome.", "start": 1.1, "end": 2.0}]},
        {"speaker": 1, "start": 2.1, "end": 3.0, "sentences": [
            {"text": "Hi.", "start": 2.1, "end": 3.0}]}]), source="dg.json")
    assert rows(doc) == [("0", "Hello there. Welcome.", 0.5, 2.0), ("1", "Hi.", 2.1, 3.0)]


def test_json_deepgram_channels_are_the_speakers_in_order_of_time() -> None:
    [doc] = parse_json(_deepgram(
        [{"start": 0.0, "end": 1.0, "sentences": [{"text": "Caller here."}]},
         {"start": 4.0, "end": 5.0, "sentences": [{"text": "Thanks, bye."}]}],
        [{"start": 2.0, "end": 3.0, "sentences": [{"text": "Agent speaking."}]}]),
        source="dg2.json")
    assert rows(doc) == [("Channel 0", "Caller here.", 0.0, 1.0),
                         ("Channel 1", "Agent speaking.", 2.0, 3.0),
                         ("Channel 0", "Thanks, bye.", 4.0, 5.0)]


def test_whisper_tsv_is_in_milliseconds_and_other_tables_in_seconds() -> None:
    [doc] = parse_csv("start\tend\ttext\n0\t2500\tHello and welcome.\n"
                      "2600\t5000\tThanks for having me.\n", source="w.tsv")
    assert [(t.start_s, t.end_s) for t in doc.turns] == [(0.0, 2.5), (2.6, 5.0)]
    # a speaker column, or a comma, or a time that is not whole: seconds, as before
    for table in ("start\tend\tspeaker\ttext\n0\t5\tA\tHi.\n9\t12\tB\tHo.\n",
                  "start,end,text\n0,5,Hi.\n9,12,Ho.\n",
                  "start\tend\ttext\n0\t5.5\tHi.\n9\t12\tHo.\n"):
        [doc] = parse_csv(table, source="t.tsv")
        assert doc.turns[1].start_s == 9.0, table
    [doc] = parse_csv("start\tend\ttext\n0\t2500\tHi.\n", source="w.tsv", time_unit="s")
    assert doc.turns[0].end_s == 2500.0


def test_column_names_with_spaces_or_hyphens_match_the_usual_ones() -> None:
    # Otter's CSV: "Speaker Name,Start Time,End Time,Transcript"
    [doc] = parse_csv("Speaker Name,Start Time,End Time,Transcript\n"
                      "Jane Doe,00:00:00,00:00:05,Hello everyone.\n"
                      "John Roe,00:00:05,00:00:09,Thanks Jane.\n", source="otter.csv")
    assert [(t.label, t.start_s, t.end_s) for t in doc.turns] == [
        ("Jane Doe", 0.0, 5.0), ("John Roe", 5.0, 9.0)]
    [doc] = parse_csv("Participant;Start-Time;Text\nA;1;Hi.\n", source="p.csv")
    assert (doc.turns[0].label, doc.turns[0].start_s) == ("A", 1.0)


def test_json_aws_audio_segments_under_results() -> None:
    [doc] = parse_json(json.dumps({
        "jobName": "x",
        "results": {"transcripts": [{"transcript": "Hello. Yes."}],
                    "items": [{"type": "pronunciation"}],
                    "audio_segments": [
                        {"id": 0, "transcript": "Hello.", "start_time": "0.0",
                         "end_time": "1.2", "speaker_label": "spk_0"},
                        {"id": 1, "transcript": "Yes.", "start_time": "1.5",
                         "end_time": "2.0", "speaker_label": "spk_1"}]},
    }), source="aws.json")
    assert rows(doc) == [("spk_0", "Hello.", 0.0, 1.2), ("spk_1", "Yes.", 1.5, 2.0)]


def test_json_rev_monologues_join_their_elements() -> None:
    [doc] = parse_json(json.dumps({"monologues": [
        {"speaker": 0, "speaker_name": "Jane Doe", "elements": [
            {"type": "text", "value": "Hello", "ts": 0.5, "end_ts": 0.9},
            {"type": "punct", "value": ","}, {"type": "punct", "value": " "},
            {"type": "text", "value": "all", "ts": 1.0, "end_ts": 1.4},
            {"type": "punct", "value": "."}]},
        {"speaker": 1, "elements": [{"type": "text", "value": "Hi", "ts": 2, "end_ts": 2.5}]},
    ]}), source="rev.json")
    assert rows(doc) == [("Jane Doe", "Hello, all.", 0.5, 1.4), ("1", "Hi", 2.0, 2.5)]


def test_json_top_level_title_and_date_become_metadata() -> None:
    [doc] = parse_json(json.dumps({
        "title": "Press Briefing", "date": "2022-03-04",
        "turns": [{"speaker": "MS PORTER", "text": "Hello."}]}), source="t.json")
    assert doc.meta == {"title": "Press Briefing", "date": pd.Timestamp("2022-03-04")}


def test_json_column_names_are_configurable() -> None:
    [doc] = parse_json(json.dumps([{"who": "ANN", "said": "Yes.", "t0": "00:01:02.5"}]),
                       source="c.json", speaker="who", text_column="said", start="t0")
    assert rows(doc) == [("ANN", "Yes.", 62.5, None)]


def test_text_column_may_be_named_with_text_as_read_transcript_passes_it() -> None:
    [doc] = parse_csv("who,said\nANN,Yes.\n", source="c.csv", speaker="who", text="said")
    assert rows(doc) == [("ANN", "Yes.", None, None)]
    with pytest.raises(TranscriptError, match=r"Two text columns were given.*Pass only text="):
        parse_csv("who,said\nANN,Yes.\n", source="c.csv", text="said", text_column="who")


def test_usual_alternative_column_names_are_found_in_any_case() -> None:
    [doc] = parse_json(json.dumps([{"Speaker_Name": "ANN", "Transcript": "Yes.",
                                    "Start_Time": 1, "END": 2}]), source="c.json")
    assert rows(doc) == [("ANN", "Yes.", 1.0, 2.0)]


# --- Documents, metadata, missing cells --------------------------------------------------

def test_doc_column_groups_rows_into_documents_in_order_of_appearance() -> None:
    docs = parse_jsonl(
        '{"doc": "b", "speaker": "ANN", "text": "One.", "title": "Second", '
        '"date": "2021-01-20"}\n'
        '{"doc": "a", "speaker": "BOB", "text": "Two.", "title": "First"}\n'
        "\n"
        '{"doc": "b", "speaker": "ANN", "text": "Three.", "title": "ignored"}\n',
        source="d.jsonl", doc="doc")
    assert [d.key for d in docs] == ["b", "a"]
    assert rows(docs[0]) == [("ANN", "One.", None, None), ("ANN", "Three.", None, None)]
    assert docs[0].meta == {"title": "Second", "date": pd.Timestamp("2021-01-20")}
    assert docs[1].meta == {"title": "First"}
    assert {d.format for d in docs} == {"jsonl"}


def test_empty_speaker_gives_an_empty_label_and_empty_text_rows_are_skipped() -> None:
    with pytest.warns(TranscriptWarning, match=r"^m\.csv: 2 rows without text in the column "
                                               r"'text' were left out: line 3, line 4\.$"):
        [doc] = parse_csv("speaker,text\n,Opening words.\nANN,\nANN,   \nANN,Closing.\n",
                          source="m.csv")
    assert rows(doc) == [("", "Opening words.", None, None), ("ANN", "Closing.", None, None)]
    assert doc.text == "Opening words.\n\nANN: Closing."


# --- CSV ---------------------------------------------------------------------------------

def test_csv_quoted_cells_times_and_metadata() -> None:
    [doc] = parse_csv(
        'speaker,text,start,end,title,date\n'
        'MR. PRICE,"Hello, all.\nA second line.",00:00:01.5,00:00:03,Briefing,2022-03-04\n'
        'QUESTION,"He said ""no"".",3,4.25,,\n',
        source="b.csv")
    assert rows(doc) == [
        ("MR. PRICE", "Hello, all.\nA second line.", 1.5, 3.0),
        ("QUESTION", 'He said "no".', 3.0, 4.25),
    ]
    assert doc.meta == {"title": "Briefing", "date": pd.Timestamp("2022-03-04")}
    assert doc.format == "csv"


@pytest.mark.parametrize("sep", ["\t", ";", "|"])
def test_csv_delimiter_is_taken_from_the_header(sep: str) -> None:
    [doc] = parse_csv(f"speaker{sep}text\nANN{sep}Yes, indeed, quite.\n", source="t.tsv")
    assert rows(doc) == [("ANN", "Yes, indeed, quite.", None, None)]


def test_csv_bom_blank_lines_short_rows_and_repeated_headers() -> None:
    [doc] = parse_csv("\ufeff\nspeaker,text,note,note\n\nANN,Hi.\n,,,\n", source="t.csv")
    assert rows(doc) == [("ANN", "Hi.", None, None)]


@pytest.mark.parametrize("value, seconds", [
    ("12", 12.0), ("12.5", 12.5), ("01:02", 62.0), ("1:02:03.25", 3723.25),
    ('"00:00:01,500"', 1.5), ('"12,5"', 12.5), ("", None),
])
def test_time_cells_in_seconds_or_clock_form(value: str, seconds: float | None) -> None:
    [doc] = parse_csv(f"speaker,text,start\nANN,Hi.,{value}\n", source="t.csv")
    assert doc.turns[0].start_s == seconds


# --- DataFrames --------------------------------------------------------------------------

def test_documents_from_frame_does_not_touch_the_frame_and_reads_typed_cells() -> None:
    frame = pd.DataFrame({
        "episode": [1.0, 1.0, 2.0],
        "who": ["ANN", np.nan, "BOB"],
        "words": ["One.", "Two.", "Three."],
        "t0": [timedelta(seconds=1), pd.Timedelta(seconds=2), pd.NaT],
        "t1": [np.float64(1.5), 2.5, np.nan],
        "when": pd.to_datetime(["2022-03-04", None, "2022-03-05"]),
        "extra": [object(), None, 3],
    }, index=[10, 20, 30])
    before = frame.copy()
    docs = documents_from_frame(frame, source="<frame>", speaker="who", text="words",
                                doc="episode", start="t0", end="t1", date="when")
    pd.testing.assert_frame_equal(frame, before)
    assert [d.key for d in docs] == ["1", "2"]
    assert rows(docs[0]) == [("ANN", "One.", 1.0, 1.5), ("", "Two.", 2.0, 2.5)]
    assert rows(docs[1]) == [("BOB", "Three.", None, None)]
    assert docs[0].meta == {"date": pd.Timestamp("2022-03-04")}
    assert {d.format for d in docs} == {"pandas"}


def test_documents_from_frame_reads_the_kit_turns_table_back() -> None:
    turns = pd.DataFrame({"doc_id": ["d1", "d1"], "speaker": ["Antony Blinken", "Questioner"],
                          "text": ["Thanks.", "Why?"], "start_s": [0.0, 3.0],
                          "end_s": [2.0, 4.0], "title": ["Remarks", "Remarks"]})
    [doc] = documents_from_frame(turns, source="<turns>", doc="doc_id")
    assert doc.key == "d1"
    assert doc.meta == {"title": "Remarks"}
    assert rows(doc) == [("Antony Blinken", "Thanks.", 0.0, 2.0), ("Questioner", "Why?", 3.0, 4.0)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["ANN", "", "Mr. Roe", "SPEAKER_01"]),
                          st.text(min_size=0, max_size=40)), min_size=1, max_size=15))
def test_generated_frames_tile_and_keep_every_utterance(data: list[tuple[str, str]]) -> None:
    frame = pd.DataFrame(data, columns=["speaker", "text"])
    kept = [(s, t.replace("\r\n", "\n").replace("\r", "\n").strip())
            for s, t in data if t.strip()]
    if not kept:
        with pytest.raises(TranscriptError, match="No row has text"):
            documents_from_frame(frame, source="gen")
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        [doc] = documents_from_frame(frame, source="gen")
    assert [(label, speech) for label, speech, _, _ in rows(doc)] == kept
    left_out = len(data) - len(kept)
    assert [str(w.message).split(" row")[0] for w in caught] == (
        [f"gen: {left_out}"] if left_out else [])


# --- Hostile input -----------------------------------------------------------------------

@pytest.mark.parametrize("parse, name", [(parse_json, "JSON"), (parse_jsonl, "JSON Lines"),
                                         (parse_csv, "CSV")])
@pytest.mark.parametrize("text", ["", " \n\n", "\ufeff"])
def test_empty_files_are_an_error(parse, name: str, text: str) -> None:
    with pytest.raises(TranscriptError, match=rf"^e\.x: The {name} file is empty\."):
        parse(text, source="e.x")


def test_missing_columns_name_the_file_the_columns_and_the_arguments() -> None:
    with pytest.raises(TranscriptError, match=(
            r"^t\.csv: There is no column 'speaker' for the speaker and no column 'text' for "
            r"the speech; the columns are 'who', 'said'\. Fix: Pass speaker='<column>' and "
            r"text='<column>'")):
        parse_csv("who,said\nA,b\n", source="t.csv")
    with pytest.raises(TranscriptError, match=(
            r"no column 'body' for the speech; the columns are 'speaker', 'text'\. "
            r"Fix: Pass text='<column>'")):
        documents_from_frame(pd.DataFrame({"speaker": ["A"], "text": ["b"]}), source="f",
                             text="body")
    with pytest.raises(TranscriptError, match=r"No column 'ep' for doc=; the columns are"):
        parse_json('[{"speaker": "A", "text": "b"}]', source="t.json", doc="ep")


def test_undiarised_whisper_output_is_one_unattributed_turn_per_segment() -> None:
    whisper = json.dumps({"text": "Hello. Bye.", "language": "en", "segments": [
        {"id": 0, "start": 0.0, "end": 1.0, "text": " Hello."},
        {"id": 1, "start": 1.0, "end": 2.0, "text": " Bye."}]})
    expected = [("", "Hello.", 0.0, 1.0), ("", "Bye.", 1.0, 2.0)]
    assert rows(parse_json(whisper, source="w.json")[0]) == expected
    assert rows(parse_json(whisper, source="w.json", speaker=None)[0]) == expected


def test_a_table_without_speaker_column_or_times_still_needs_speaker_none() -> None:
    with pytest.raises(TranscriptError, match=(
            r"no column 'speaker' for the speaker; the columns are 'id', 'text'\. "
            r"Fix: Pass speaker='<column>' .*\(or speaker=None if the table names")):
        parse_json('[{"id": 0, "text": "Hello."}]', source="w.json")
    with pytest.raises(TranscriptError, match=r"no column 'who' for the speaker"):
        parse_json('[{"start": 0, "text": "Hello."}]', source="w.json", speaker="who")


def test_a_repeated_column_name_in_a_frame_is_an_error() -> None:
    frame = pd.DataFrame([["A", "b", "c"]], columns=["speaker", "text", "text"])
    with pytest.raises(TranscriptError, match=r"The column name 'text' is used more than once"):
        documents_from_frame(frame, source="f")


def test_invalid_json_names_the_line() -> None:
    with pytest.raises(TranscriptError, match=r"t\.json, line 3: This is not valid JSON") as e:
        parse_json('[\n{"speaker": "A", "text": "b"},\n{"speaker": }\n]', source="t.json")
    assert e.value.line == 3


def test_json_lines_given_as_json_points_to_jsonl() -> None:
    with pytest.raises(TranscriptError, match=r"line 2: .*Extra data.*format='jsonl'"):
        parse_json('{"speaker": "A", "text": "b"}\n{"speaker": "A", "text": "c"}\n',
                   source="t.json")


@pytest.mark.parametrize("text, problem", [
    ('{"text": "no list"}', r"No list of utterances was found.*keys are 'text'"),
    ("42", r"This JSON holds a int, not a list"),
    ("[]", r"The file holds no utterances"),
    ('["a", "b"]', r"Record 1 is a str, not an object"),
    ('[{"speaker": "A", "text": ""}]', r"No row has text in the column 'text'"),
])
def test_json_shapes_that_hold_no_utterances(text: str, problem: str) -> None:
    with pytest.raises(TranscriptError, match=rf"^s\.json: {problem}"):
        parse_json(text, source="s.json")


def test_bad_json_lines_name_the_line() -> None:
    with pytest.raises(TranscriptError, match=r"l\.jsonl, line 3: This line is not valid"):
        parse_jsonl('{"speaker": "A", "text": "b"}\n\n{bad}\n', source="l.jsonl")
    with pytest.raises(TranscriptError, match=r"line 1: This line holds a JSON list"):
        parse_jsonl('["A", "b"]\n', source="l.jsonl")


@pytest.mark.parametrize("value", ["soon", "1:75:00", "-3", "nan", "True"])
def test_bad_times_name_the_row_and_column(value: str) -> None:
    with pytest.raises(TranscriptError, match=(
            rf"t\.csv, line 3: This row has the time '{value}' in column 'start', which is "
            r"not a number of seconds")):
        parse_csv(f"speaker,text,start\nANN,Fine.,1\nANN,Bad.,{value}\n", source="t.csv")


def test_time_ending_before_start_is_an_error() -> None:
    with pytest.raises(TranscriptError, match=r"Record 1 ends \(1 s\) before it starts \(2 s\)"):
        parse_json('[{"speaker": "A", "text": "b", "start": 2, "end": 1}]', source="t.json")


def test_bad_date_is_an_error_when_the_column_was_asked_for() -> None:
    with pytest.raises(TranscriptError, match=r"The date 'last week' in column 'Date'"):
        parse_csv("speaker,text,Date\nANN,Hi.,last week\n", source="t.csv", date="Date")
    [doc] = parse_csv("speaker,text,date\nANN,Hi.,last week\n", source="t.csv")
    assert doc.meta == {}


def test_csv_row_with_too_many_cells_names_the_line() -> None:
    with pytest.raises(TranscriptError, match=(
            r"t\.csv, line 4: This row has 3 cells but the header has 2\. "
            r"Fix: Put cells that contain ',' in double quotes")):
        parse_csv('speaker,text\nANN,"Hi,\nthere."\nBOB,Yes, sir.\n', source="t.csv")


def test_csv_with_blank_header_is_an_error() -> None:
    with pytest.raises(TranscriptError, match=r"The CSV has no header row"):
        parse_csv(",,\n", source="t.csv")


def test_doc_column_with_a_gap_is_an_error() -> None:
    with pytest.raises(TranscriptError, match=(
            r"t\.csv, line 3: This row has text but no value in the document column 'doc'")):
        parse_csv("doc,speaker,text\na,ANN,Hi.\n,BOB,Yes.\n", source="t.csv", doc="doc")


# --- Careless and hostile cells ----------------------------------------------------------

def test_json_records_without_text_are_left_out_with_a_warning_naming_them() -> None:
    records = [{"speaker": "A", "text": "One."}, {"speaker": "B"}, {"speaker": "C", "text": ""},
               {"speaker": "D", "text": None}, {"speaker": "E", "text": "Two."}]
    with pytest.warns(TranscriptWarning, match=r"^t\.json: 3 rows without text in the column "
                                               r"'text' were left out: record 2, record 3, "
                                               r"record 4\.$"):
        [doc] = parse_json(json.dumps(records), source="t.json")
    assert [label for label, *_ in rows(doc)] == ["A", "E"]
    lines = "\n".join(json.dumps({"speaker": "A", "text": " " * (i % 2)}) for i in range(9))
    with pytest.warns(TranscriptWarning, match=r"^t\.jsonl: 9 rows without text .* left out: "
                                               r"line 1, line 2, line 3, line 4, line 5 and 4 "
                                               r"more\.$"):
        parse_jsonl(lines + '\n{"speaker": "B", "text": "Hi."}\n', source="t.jsonl")


def test_a_list_of_strings_as_text_is_joined_with_a_warning() -> None:
    records = [{"speaker": "A", "text": ["Hello.", "How are you?"]},
               {"speaker": "B", "text": "Fine."}]
    with pytest.warns(TranscriptWarning, match=r"^t\.json: the text of record 1 is a list, not a "
                                               r"string; its items were joined with spaces\.$"):
        [doc] = parse_json(json.dumps(records), source="t.json")
    assert rows(doc) == [("A", "Hello. How are you?", None, None), ("B", "Fine.", None, None)]


@pytest.mark.parametrize("record, message", [
    ({"speaker": "A", "text": {"en": "Hi."}},
     r"Record 2 holds an object \(\{'en': 'Hi\.'\}\) in the column 'text', not a single value"),
    ({"speaker": "A", "text": [["Hi."], ["there"]]},
     r"Record 2 holds a list \(\[\['Hi\.'\], \['there'\]\]\) in the column 'text'"),
    ({"speaker": ["A", "B"], "text": "Hi."},
     r"Record 2 holds a list \(\['A', 'B'\]\) in the column 'speaker'"),
    ({"speaker": "A", "text": "Hi.", "title": {"a": 1}},
     r"Record 1 holds an object .* in the column 'title'"),
])
def test_an_object_or_nested_list_in_a_cell_is_an_error_naming_the_row(
        record: dict, message: str) -> None:
    records = [{"speaker": "B", "text": "Yes.", "title": "T"}, record]
    if "title" in record:
        records = [record]
    with pytest.raises(TranscriptError, match=rf"^t\.json: {message}.* Fix: Pass speaker=, "
                                              r"text=, doc= or title= naming a column"):
        parse_json(json.dumps(records), source="t.json")


def test_bytes_and_objects_in_a_frame_are_errors_naming_the_row() -> None:
    frame = pd.DataFrame({"speaker": ["A", "B"], "text": ["Hi.", b"bytes"]}, index=[7, 8])
    with pytest.raises(TranscriptError, match=r"^f: Row 8 holds bytes \(b'bytes'\) in the "
                                              r"column 'text'"):
        documents_from_frame(frame, source="f")
    frame = pd.DataFrame({"speaker": [{"name": "A"}], "text": ["Hi."]})
    with pytest.raises(TranscriptError, match=r"^f: Row 0 holds an object .* 'speaker'"):
        documents_from_frame(frame, source="f")


@pytest.mark.parametrize("parse, line", [(parse_json, None), (parse_jsonl, 2)])
def test_json_nested_a_hundred_thousand_deep_is_an_error(parse, line) -> None:
    deep = '{"speaker": "A", "text": "Hi."}\n' + "[" * 100_000 + "]" * 100_000
    if parse is parse_json:
        deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(TranscriptError, match=r"The JSON nests lists or objects too deeply") as e:
        parse(deep, source="t.json")
    assert e.value.line == line


def test_lone_surrogates_are_replaced_with_a_warning_naming_the_row() -> None:
    content = '[{"speaker": "A", "text": "Caf\\u00e9 \\ud800!"}, ' \
              '{"speaker": "B\\udfff", "text": "Pair \\ud83d\\ude00 kept."}]'
    with pytest.warns(TranscriptWarning, match=r"^t\.json: record 1, record 2 held lone "
                                               r"surrogates .*replaced by U\+FFFD\.$"):
        [doc] = parse_json(content, source="t.json")
    assert rows(doc) == [("A", "Café \ufffd!", None, None),
                         ("B\ufffd", "Pair 😀 kept.", None, None)]
    check_tiling(doc)


def test_dates_with_a_zone_become_utc_without_one() -> None:
    [doc] = parse_json('{"date": "2022-01-01T10:00:00+02:00", "segments": '
                       '[{"speaker": "A", "text": "Hi."}]}', source="t.json")
    assert doc.meta["date"] == pd.Timestamp("2022-01-01 08:00:00")
    frame = pd.DataFrame({"speaker": ["A"], "text": ["Hi."],
                          "date": [pd.Timestamp("2022-01-01 10:00", tz="Europe/Berlin")]})
    [doc] = documents_from_frame(frame, source="f")
    assert doc.meta["date"] == pd.Timestamp("2022-01-01 09:00:00")


@pytest.mark.parametrize("table", [None, [{"speaker": "A", "text": "Hi."}], {"text": ["Hi."]}])
def test_a_table_that_is_not_a_dataframe_is_a_kit_error(table) -> None:
    with pytest.raises(KitError, match=r"^f: expected a pandas DataFrame with one row per "
                                       r"utterance, got (a|an) \w+\. Fix: pass pd\.DataFrame"):
        documents_from_frame(table, source="f")


# --- Parliamentary datasets: speakers' parties and roles, a document per day ---------------

PARLSPEECH = (
    "date,agenda,speechnumber,speaker,party,party.facts.id,chair,terms,text\n"
    "2018-01-17,Eröffnung,1,Wolfgang Schäuble,CDU/CSU,1375,TRUE,8,Die Sitzung ist eröffnet.\n"
    "2018-01-17,Eröffnung,2,Andrea Nahles,SPD,383,FALSE,5,\"Herr Präsident! Wir reden.\"\n"
    "2018-01-17,Eröffnung,3,Wolfgang Schäuble,CDU/CSU,1375,TRUE,3,\"Danke, Frau Kollegin.\"\n"
    "2018-01-18,Haushalt,1,Alice Weidel,AfD,1976,FALSE,4,Dieser Haushalt ist falsch.\n")


def test_party_and_chair_columns_describe_the_speakers() -> None:
    docs = parse_csv(PARLSPEECH, source="p.csv")
    turns = [t for d in docs for t in d.turns]
    assert [(t.label, t.role, t.attributes) for t in turns] == [
        ("Wolfgang Schäuble", "chair", {"party": "CDU/CSU"}),
        ("Andrea Nahles", None, {"party": "SPD"}),
        ("Wolfgang Schäuble", "chair", {"party": "CDU/CSU"}),
        ("Alice Weidel", None, {"party": "AfD"})]
    assert turns[0].attributes is turns[2].attributes  # one dict per party: shared


def test_a_table_of_several_days_is_a_document_per_day() -> None:
    docs = parse_csv(PARLSPEECH, source="p.csv")
    assert [(d.key, d.meta["date"], len(d.turns)) for d in docs] == [
        ("2018-01-17", pd.Timestamp("2018-01-17"), 3),
        ("2018-01-18", pd.Timestamp("2018-01-18"), 1)]
    for doc in docs:
        rows(doc)
    # one day, times of day apart, or a day missing: one document, as before
    same_day = PARLSPEECH.replace("2018-01-18", "2018-01-17T15:00")
    assert len(parse_csv(same_day, source="p.csv")) == 1
    # times of day within a day keep its rows together; the key is the day
    timed = "date,speaker,text\n2018-01-17 10:00,A,One.\n2018-01-17 11:00,B,Two.\n" \
        "2018-01-18 09:00,A,Three.\n"
    assert [(d.key, len(d.turns)) for d in parse_csv(timed, source="t.csv")] == [
        ("2018-01-17", 2), ("2018-01-18", 1)]
    assert len(parse_csv(PARLSPEECH.replace("2018-01-18,", ","), source="p.csv")) == 1
    # a document column, when there is one, decides
    keyed = parse_csv(PARLSPEECH, source="p.csv", doc="agenda")
    assert [d.key for d in keyed] == ["Eröffnung", "Haushalt"]


def test_a_corpus_of_a_parliamentary_table_has_parties_and_chairs(tmp_path) -> None:
    import kit
    (tmp_path / "bundestag.csv").write_text(PARLSPEECH, encoding="utf-8")
    corpus = kit.read_transcript(tmp_path / "bundestag.csv")
    speakers = corpus.speakers.set_index("speaker")
    assert speakers.loc["Wolfgang Schäuble", ["party", "role"]].tolist() == ["CDU/CSU", "chair"]
    assert speakers.loc["Alice Weidel", "party"] == "AfD"
    assert corpus.documents["doc_id"].tolist() == ["bundestag/2018-01-17", "bundestag/2018-01-18"]


def test_an_id_column_beside_the_names_is_the_person_id() -> None:
    docs = parse_json('[{"speaker": "Ann Lee", "speaker_id": "p1", "role": "Guest", '
                      '"text": "Hello."}, {"speaker_id": "p2", "text": "Hi."}]',
                      source="i.json")
    assert [(t.label, t.role, t.attributes) for t in docs[0].turns] == [
        ("Ann Lee", "guest", {"person_id": "p1"}), ("", None, {"person_id": "p2"})]
    only_ids = parse_json('[{"speaker_id": "p2", "text": "Hi."}]', source="i.json")
    assert [(t.label, t.attributes) for t in only_ids[0].turns] == [("p2", None)]


def test_json_finds_its_one_list_of_records_under_any_name() -> None:
    wrapped = {"anforandelista": {"@antal": "2", "anforande": [
        {"talare": "Ulrika Heindorff (M)", "parti": "M",
         "anforandetext": "<p>Fru talman! Tack för svaret.</p><p>Jag har en fråga.</p>"},
        {"talare": "Ardalan Shekarabi (S)", "parti": "S",
         "anforandetext": "Fru talman! Jag svarar gärna."}]}}
    docs = parse_json(json.dumps(wrapped), source="r.json", speaker="talare",
                      text="anforandetext")
    # HTML in a text cell is read as its text, a paragraph a block
    assert [(label, speech) for label, speech, _, _ in rows(docs[0])] == [
        ("Ulrika Heindorff (M)", "Fru talman! Tack för svaret.\n\nJag har en fråga."),
        ("Ardalan Shekarabi (S)", "Fru talman! Jag svarar gärna.")]
    assert [t.attributes for t in docs[0].turns] == [{"party": "M"}, {"party": "S"}]
    # two lists: which one is meant is not clear
    two = {"a": [{"speaker": "A", "text": "x"}], "b": [{"speaker": "B", "text": "y"}]}
    with pytest.raises(TranscriptError, match="No list of utterances"):
        parse_json(json.dumps(two), source="t.json")


def test_text_that_only_mentions_a_tag_stays_as_written() -> None:
    docs = parse_json('[{"speaker": "A", "text": "<b> is bold, as in HTML"}, '
                      '{"speaker": "B", "text": "x < y and <p>"}]', source="t.json")
    assert [speech for _, speech, _, _ in rows(docs[0])] == [
        "<b> is bold, as in HTML", "x < y and <p>"]


# --- Utterances kept deeper, and cells that are objects -------------------------------------

OYEZ = {"id": 25541, "title": "Oral Argument - November 01, 2021", "transcript": {
    "title": "Oral Argument", "sections": [
        {"start": 0.0, "turns": [
            {"start": 0.0, "stop": 9.3,
             "speaker": {"ID": 1, "name": "John G. Roberts, Jr.", "roles": [{"type": "j"}]},
             "text_blocks": [{"start": 0.0, "stop": 9.3, "text": "We'll hear argument."}]},
            {"start": 9.3, "stop": 61.5, "speaker": {"ID": 2, "name": "Michael Bindas"},
             "text_blocks": [{"text": "Mr. Chief Justice:"}, {"text": "Maine discriminates."}]},
        ]},
        {"turns": [{"start": 61.5, "stop": 70.0, "speaker": {"name": "John G. Roberts, Jr."},
                    "text_blocks": [{"text": "Thank you, counsel."}]}]}]}}


def test_oyez_sections_of_turns_read_in_order_with_speakers_named_by_their_objects() -> None:
    docs = parse_json(json.dumps(OYEZ), source="oyez.json")
    assert rows(docs[0]) == [
        ("John G. Roberts, Jr.", "We'll hear argument.", 0.0, 9.3),
        ("Michael Bindas", "Mr. Chief Justice:\n\nMaine discriminates.", 9.3, 61.5),
        ("John G. Roberts, Jr.", "Thank you, counsel.", 61.5, 70.0)]
    # the top-level title, and the date it gives
    assert docs[0].meta == {"title": "Oral Argument - November 01, 2021",
                            "date": pd.Timestamp("2021-11-01")}


def test_a_usual_list_name_is_found_objects_down() -> None:
    deep = {"response": {"status": "ok", "data": {"utterances": [
        {"speaker": "A", "text": "Hello."}, {"speaker": "B", "text": "Hi."}]}}}
    assert [r[:2] for r in rows(parse_json(json.dumps(deep), source="d.json")[0])] == [
        ("A", "Hello."), ("B", "Hi.")]


def test_an_object_cell_without_a_name_is_still_an_error_naming_the_row() -> None:
    records = [{"speaker": {"id": 7}, "text": "Hi."}]
    with pytest.raises(TranscriptError, match=r"^t\.json: Record 1 holds an object"):
        parse_json(json.dumps(records), source="t.json")
