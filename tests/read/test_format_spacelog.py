"""Spacelog mission logs: records, times, callsigns, editors' notes (synthetic snippets)."""

from __future__ import annotations

import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats import sniff_format
from kit.read.formats.spacelog import looks_like_spacelog, parse_spacelog

LOG = """[-00:00:00:05]
_page : 77
_tape :
_extra : CAPE CANAVERAL (FIRST PASS)
CC: 5, 4, 3, 2, 1, 0.

[00:00:00:01]
P: I feel the lift-off.

[00:00:00:07.5]
CC: Roger, [glossary:Aurora 7|Aurora Seven], stand by.
CC: This is [glossary:Muchea] Cap Com.

P: Loud and clear.
_comment: Pilot was in RECORD on No. 2 audio

_page : 78
_extra : GUAYMAS (FIRST PASS)

[01:00:00:00]
C: We got T<sub>R</sub> in at
     [time:01:00:00:00|this time]. Over.
?: . . .
"""


def rows(doc):
    return [(t.label, doc.text[t.text_start:t.end], t.start_s) for t in doc.turns]


def test_records_become_timed_turns():
    [doc] = parse_spacelog(LOG, source="log")
    assert rows(doc) == [
        ("CC", "5, 4, 3, 2, 1, 0.", -5.0),
        ("P", "I feel the lift-off.", 1.0),
        ("CC", "Roger, Aurora Seven, stand by.", 7.5),
        ("CC", "This is Muchea Cap Com.", 7.5),  # a second speech line of the record
        # after a blank line but before the next time line: still that record
        ("P", "Loud and clear.\n\n[comment: Pilot was in RECORD on No. 2 audio]\n\n"
              "[extra: GUAYMAS (FIRST PASS)]", 7.5),
        ("C", "We got TR in at this time. Over.", 86400.0),
        ("?", ". . .", 86400.0),
    ]
    assert all(t.end_s is None for t in doc.turns)  # a log gives when a voice began only
    assert doc.format == "spacelog"


def test_notes_are_stage_directions_and_layout_is_left_out():
    [doc] = parse_spacelog(LOG, source="log")
    assert doc.text.startswith("[extra: CAPE CANAVERAL (FIRST PASS)]\n\nCC: 5, 4")
    assert [doc.text[a:b] for a, b in doc.stage] == [
        "[extra: CAPE CANAVERAL (FIRST PASS)]", "[comment: Pilot was in RECORD on No. 2 audio]",
        "[extra: GUAYMAS (FIRST PASS)]"]
    for layout in ("_page", "_tape", "77", "[00:00:00:01]", "<sub>", "glossary:"):
        assert layout not in doc.text


def test_read_as_a_corpus(tmp_path):
    path = tmp_path / "ma7_TEC"  # Spacelog's files have no suffix
    path.write_text(LOG, encoding="utf-8")
    corpus = kit.read_transcript(path)
    turns = corpus.turns
    assert list(turns[s.SPEAKER].astype(str)) == ["CC", "P", "CC", "CC", "P", "C",
                                                  s.UNKNOWN_SPEAKER]
    assert corpus.documents[s.FORMAT].iloc[0] == "spacelog"
    assert corpus.documents[s.HEADER].iloc[0] == "[extra: CAPE CANAVERAL (FIRST PASS)]\n\n"
    assert corpus.documents[s.TITLE].isna().all()  # a note is not a title
    assert list(corpus.stage_directions[s.TEXT]) == [
        "[comment: Pilot was in RECORD on No. 2 audio]", "[extra: GUAYMAS (FIRST PASS)]"]
    assert turns[s.N_WORDS].iloc[4] == 3  # "Loud and clear." without its notes
    [text] = normalised_texts(path)
    assert_tiles(corpus, "ma7_TEC", text)


@pytest.mark.parametrize("stamp, seconds", [
    ("[00:00:00:07.5]", 7.5), ("[-00:00:00:05]", -5.0), ("[02:03:04:05]", 183845.0),
    ("[01:02:03]", 3723.0), ("[01:02]", 62.0), ("[125]", 125.0),
])
def test_time_forms(stamp, seconds):
    [doc] = parse_spacelog(f"{stamp}\nCC: Hi.\n\n{stamp}\nP: Yes.\n", source="log")
    assert doc.turns[0].start_s == seconds


def test_lines_without_a_code():
    [doc] = parse_spacelog("[00:00:00:01]\nCC: We read you\nloud and clear.\n\n"
                           "[00:00:00:02]\nstatic on the line\n\n[00:00:00:03]\nP: Roger.\n",
                           source="log")
    assert rows(doc) == [("CC", "We read you loud and clear.", 1.0),
                         ("", "static on the line", 2.0), ("P", "Roger.", 3.0)]


def test_a_long_phrase_before_a_colon_is_not_a_code():
    [doc] = parse_spacelog("[00:00:00:01]\nCC: Say again.\n\n[00:00:00:02]\n"
                           "Houston, Tranquility Base here: the Eagle has landed.\n",
                           source="log")
    assert rows(doc)[-1] == ("", "Houston, Tranquility Base here: the Eagle has landed.", 2.0)


def test_sniffed_by_content():
    assert sniff_format(LOG, suffix="") == "spacelog"
    assert sniff_format(LOG, suffix=".txt") == "spacelog"
    assert looks_like_spacelog("# comment\n\n[00:00:00:01]\nCC: Hi.\n\n[00:00:00:02]\nP: Yo.\n")
    assert not looks_like_spacelog("[Music]\nCC: Hi.\n")
    assert not looks_like_spacelog("[00:00:00:01]\nA single record is not a log.\n")
    assert sniff_format("[Music]\n\nMR PRICE: Hi.\n", suffix=".txt") == "text"


def test_a_malformed_time_line_names_the_line():
    with pytest.raises(TranscriptError, match=(
            r"^log, line 4: The time line '\[00:00:0x:02\]' is not a mission elapsed time\. "
            r"Fix: Write it as \[DD:HH:MM:SS\]")):
        parse_spacelog("[00:00:00:01]\nCC: Hi.\n\n[00:00:0x:02]\nP: Yes.\n", source="log")


def test_a_log_without_speech_is_an_error():
    with pytest.raises(TranscriptError, match=(
            r"^log, line 1: The mission log holds no speech line \(CODE: text\)\. "
            r"Fix: Check that the file is a Spacelog transcript")):
        parse_spacelog("[00:00:00:01]\n_page : 3\n\n[00:00:00:02]\n_note : nothing said\n",
                       source="log")


def test_a_mixed_folder_reads_the_good_files_and_lists_the_bad(tmp_path):
    (tmp_path / "good_TEC").write_text(LOG, encoding="utf-8")
    (tmp_path / "bad_TEC").write_text("[00:00:00:01]\nCC: Hi.\n\n[00:00:0x:02]\nP: Yes.\n",
                                      encoding="utf-8")
    (tmp_path / "cut.html").write_text("<h1>Gaggle</h1>\nb'<p>MR. X: cut", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("MR PRICE: Hi.\n\nQ   Why?\n", encoding="utf-8")
    corpus = kit.read_transcripts(tmp_path, errors="skip", progress=False)
    assert sorted(corpus.documents[s.DOC_ID]) == ["good_TEC", "plain"]
    skipped = dict(zip(corpus.skipped["source"].map(lambda p: p.rsplit("/", 1)[-1]),
                       corpus.skipped["error"], strict=True))
    assert sorted(skipped) == ["bad_TEC", "cut.html"]
    assert "bad_TEC, line 4: The time line" in skipped["bad_TEC"]
    assert "cut.html, line 2: This line is a Python bytes literal" in skipped["cut.html"]


def test_codes_are_the_speakers_as_written():
    [doc] = parse_spacelog("[00:00:00:01]\nMS: Go.\n\n[00:00:00:02]\nCC (Cape): Roger.\n\n"
                           "[00:00:00:03]\n?: . . .\n\n[00:00:00:04]\nCDR: Clock.\n",
                           source="log")
    # "MS" is a mission specialist here, not the honorific "Ms."
    assert [t.speaker for t in doc.turns] == ["MS", "CC", s.UNKNOWN_SPEAKER, "CDR"]
