"""WebVTT and SRT readers: speakers, merging, times, markup, errors, and the tiling."""

from __future__ import annotations

import re
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.errors import TranscriptError, TranscriptWarning
from kit.read.formats._base import ParsedDocument
from kit.read.formats.subtitles import looks_like_srt, looks_like_vtt, parse_srt, parse_vtt


def check_tiling(doc: ParsedDocument) -> None:
    """Header, turns and trailer cover the text; only whitespace lies between turns."""
    assert doc.turns
    text = doc.text
    pos = doc.turns[0].start
    for turn in doc.turns:
        assert text[pos:turn.start].strip() == ""
        assert turn.start <= turn.text_start < turn.end <= len(text)
        speech = text[turn.text_start:turn.end]
        assert speech == speech.strip()
        if turn.label:
            assert text[turn.start:turn.text_start] == f"{turn.label}: "
        else:
            assert turn.start == turn.text_start
        pos = turn.end
    header, trailer = text[:doc.turns[0].start], text[doc.turns[-1].end:]
    spans = "".join(text[a.start:b.start] for a, b in zip(doc.turns, doc.turns[1:], strict=False))
    assert header + spans + text[doc.turns[-1].start:] == text
    assert trailer.strip() == ""


def one(docs: list[ParsedDocument]) -> ParsedDocument:
    assert len(docs) == 1
    check_tiling(docs[0])
    return docs[0]


def table(doc: ParsedDocument) -> list[tuple[str, str, float | None, float | None]]:
    return [(t.label, doc.text[t.text_start:t.end], t.start_s, t.end_s) for t in doc.turns]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


# --- Sniffers ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, vtt, srt", [
    ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", True, False),
    ("\ufeffWEBVTT - Title\n\n1\n00:00:01.000 --> 00:00:02.000\nHi\n", True, False),
    ("WEBVTT\tKind\n", True, False),
    ("WEBVTTX\n", False, False),
    ("1\n00:00:01,000 --> 00:00:02,500\nHi\n", False, True),
    ("\n\n12\n00:00:01.000 --> 00:00:02.500\nHi\n", False, True),
    ("00:00:01,000 --> 00:00:02,500\nHi\n", False, True),
    ("MR. PRICE:  Good afternoon.\n", False, False),
    ("1\nHello 00:00:01,000 --> 00:00:02,000\n", False, False),
    # a cue number, then a timing written wrong: SRT, so that the bad line is named
    ("1\n00:00:01,000 --> 00:00:0x,000\nHi\n", False, True),
    ("1\n00:00:01,000 -- > 00:00:02,000\nHi\n", False, True),
    ("1\n12:30 - 13:00 Opening session\n", False, False),
    ("", False, False),
])
def test_sniffers_key_on_the_header_and_first_timing(text: str, vtt: bool, srt: bool) -> None:
    assert looks_like_vtt(text) is vtt
    assert looks_like_srt(text) is srt


# --- WebVTT ------------------------------------------------------------------------------

def test_vtt_voice_tags_name_speakers_and_merge_consecutive_cues() -> None:
    doc = one(parse_vtt(
        "WEBVTT\n\n"
        "1\n00:00:01.000 --> 00:00:04.000\n<v Jane Doe>Good morning.</v>\n\n"
        "2\n00:00:04.000 --> 00:00:06.500\n<v.loud Jane Doe>Let us begin.\n\n"
        "3\n00:00:07.000 --> 00:00:09.000\n<v.first.loud John>Thank you.\n",
        source="brief.vtt"))
    assert table(doc) == [
        ("Jane Doe", "Good morning. Let us begin.", 1.0, 6.5),
        ("John", "Thank you.", 7.0, 9.0),
    ]
    assert doc.format == "vtt"
    assert doc.text == "Jane Doe: Good morning. Let us begin.\n\nJohn: Thank you."


def test_vtt_speaker_carries_forward_over_cues_without_one() -> None:
    doc = one(parse_vtt(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>One.\n\n"
        "00:00:02.000 --> 00:00:03.000\nTwo.\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v Bob>Three.\n\n"
        "00:00:04.000 --> 00:00:05.000\nFour.\n",
        source="s.vtt"))
    assert table(doc) == [("Ann", "One. Two.", 1.0, 3.0), ("Bob", "Three. Four.", 3.0, 5.0)]


def test_vtt_two_voices_in_one_cue_are_two_turns() -> None:
    doc = one(parse_vtt(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ann>Ready?</v> <v Bob>Yes.</v>\n",
        source="s.vtt"))
    assert table(doc) == [("Ann", "Ready?", 1.0, 3.0), ("Bob", "Yes.", 1.0, 3.0)]


def test_vtt_markup_is_stripped_and_entities_decoded() -> None:
    doc = one(parse_vtt(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000 align:start position:10% line:0\n"
        "<v Ann><i>Rock</i> &amp; <b>roll</b>, <c.yellow>said</c> "
        "<00:00:02.000>the &lt;band&gt;&nbsp;today.\n",
        source="s.vtt"))
    assert table(doc) == [("Ann", "Rock & roll, said the <band> today.", 1.0, 3.0)]


def test_vtt_note_style_region_blocks_and_cue_ids_are_not_speech() -> None:
    doc = one(parse_vtt(
        "WEBVTT - NATO press conference\nKind: captions\nLanguage: en\n\n"
        "NOTE Captions by the\npress office\n\n"
        "STYLE\n::cue { color: yellow }\n\n"
        "REGION\nid:left width:40%\n\n"
        "intro-1\n00:00:01.000 --> 00:00:02.000\nSTOLTENBERG: Good afternoon.\n\n"
        "NOTE a comment between cues\n\n"
        "42\n00:00:02.000 --> 00:00:03.000\nWelcome.\n",
        source="s.vtt"))
    assert table(doc) == [("STOLTENBERG", "Good afternoon. Welcome.", 1.0, 3.0)]
    assert doc.meta == {"title": "NATO press conference"}
    assert doc.text[:doc.turns[0].start] == (
        "NATO press conference\n\nCaptions by the press office\n\n")
    for hidden in ("Kind", "cue", "REGION", "intro-1", "42", "comment", "-->"):
        assert hidden not in doc.text


@pytest.mark.parametrize("timing, start_s, end_s", [
    ("00:01.000 --> 00:04.250", 1.0, 4.25),
    ("01:02:03.500 --> 01:02:04.000", 3723.5, 3724.0),
    ("123:00:00.000 --> 123:00:01.000", 442800.0, 442801.0),
    ("00:00:01,5 --> 00:00:02", 1.5, 2.0),
    ("00:00:01.000-->00:00:02.000", 1.0, 2.0),
])
def test_vtt_timing_forms(timing: str, start_s: float, end_s: float) -> None:
    doc = one(parse_vtt(f"WEBVTT\n\n{timing}\nHello.\n", source="s.vtt"))
    assert (doc.turns[0].start_s, doc.turns[0].end_s) == (start_s, end_s)


def test_vtt_rolling_captions_are_not_doubled() -> None:
    # YouTube-style roll-up: each cue repeats the line before, with word timestamps.
    doc = one(parse_vtt(
        "WEBVTT\nKind: captions\nLanguage: en\n\n"
        "00:00:00.030 --> 00:00:02.070 align:start position:0%\n \n"
        "welcome<00:00:00.539><c> everyone</c><00:00:01.000><c> to</c><c> the</c>\n\n"
        "00:00:02.070 --> 00:00:02.080 align:start position:0%\n"
        "welcome everyone to the\n \n\n"
        "00:00:02.080 --> 00:00:05.000 align:start position:0%\n"
        "welcome everyone to the\n"
        "briefing<00:00:03.000><c> on</c><c> Ukraine</c>\n",
        source="yt.vtt"))
    # no speaker named anywhere: one unattributed turn per cue, none repeated
    assert table(doc) == [("", "welcome everyone to the", 0.03, 2.07),
                          ("", "briefing on Ukraine", 2.08, 5.0)]


# --- Name: prefixes and markers ------------------------------------------------------------

def test_srt_name_prefixes_upper_and_mixed_case_carry_forward() -> None:
    doc = one(parse_srt(
        "1\n00:00:01,000 --> 00:00:03,000\nMR. PRICE: Good afternoon,\neveryone.\n\n"
        "2\n00:00:03,000 --> 00:00:05,000\nA few things at the top.\n\n"
        "3\n00:00:05,500 --> 00:00:07,000\nJane Doe: Thank you, Ned.\n\n"
        "4\n00:00:07,000 --> 00:00:08,000\nSpeaker 2: Next.\n\n"
        "5\n00:00:08,000 --> 00:00:09,000\nUrsula von der Leyen: Merci.\n",
        source="b.srt"))
    assert table(doc) == [
        ("MR. PRICE", "Good afternoon, everyone. A few things at the top.", 1.0, 5.0),
        ("Jane Doe", "Thank you, Ned.", 5.5, 7.0),
        ("Speaker 2", "Next.", 7.0, 8.0),
        ("Ursula von der Leyen", "Merci.", 8.0, 9.0),
    ]
    assert doc.format == "srt"
    assert doc.meta == {}


def test_whisperx_bracketed_speaker_ids_are_labels() -> None:
    # WhisperX's diarised SRT/VTT: "[SPEAKER_00]: text"; a bracketed note is still text
    doc = one(parse_srt(
        "1\n00:00:00,000 --> 00:00:02,500\n[SPEAKER_00]: Hello and welcome.\n\n"
        "2\n00:00:02,600 --> 00:00:05,000\n[SPEAKER_01]: Thanks for having me.\n\n"
        "3\n00:00:05,100 --> 00:00:07,000\n[SPEAKER_00]: Let's begin. [Music]\n",
        source="w.srt"))
    assert table(doc) == [
        ("SPEAKER_00", "Hello and welcome.", 0.0, 2.5),
        ("SPEAKER_01", "Thanks for having me.", 2.6, 5.0),
        ("SPEAKER_00", "Let's begin. [Music]", 5.1, 7.0),
    ]
    vtt = one(parse_vtt("WEBVTT\n\n00:00.000 --> 00:02.000\n[Jane Doe]: Hi.\n\n"
                        "00:02.000 --> 00:03.000\n[SPEAKER_01 wait: no label\n", source="w.vtt"))
    assert table(vtt) == [("Jane Doe", "Hi. [SPEAKER_01 wait: no label", 0.0, 3.0)]


def test_a_parenthetical_after_the_name_is_part_of_the_label_unless_a_time() -> None:
    doc = one(parse_srt(
        "1\n00:00:01,000 --> 00:00:02,000\nINTERPRETER (via translation): Thank you.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nJane Doe (00:07:53): Welcome.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nJane Doe (00:07:55): Again.\n\n"
        "4\n00:00:04,000 --> 00:00:05,000\nThe point (for now): wait.\n",
        source="b.srt"))
    assert table(doc) == [
        ("INTERPRETER (via translation)", "Thank you.", 1.0, 2.0),
        ("Jane Doe", "Welcome. Again. The point (for now): wait.", 2.0, 5.0),
    ]


def test_cues_before_any_speaker_get_an_empty_label() -> None:
    doc = one(parse_srt(
        "1\n00:00:01,000 --> 00:00:02,000\n[Music]\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nQUESTION: Why?\n",
        source="b.srt"))
    assert table(doc) == [("", "[Music]", 1.0, 2.0), ("QUESTION", "Why?", 2.0, 3.0)]
    assert doc.text == "[Music]\n\nQUESTION: Why?"


def test_broadcast_chevrons_mark_a_new_speaker() -> None:
    doc = one(parse_srt(
        "1\n00:00:01,000 --> 00:00:02,000\n>> ANNOUNCER: Live from Washington.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\n>> Thank you.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nGlad to be here.\n\n"
        "4\n00:00:04,000 --> 00:00:05,000\n>>> ANNOUNCER: Next story.\n\n"
        "5\n00:00:05,000 --> 00:00:06,000\n>> ANNOUNCER: And more.\n",
        source="b.srt"))
    assert table(doc) == [
        ("ANNOUNCER", "Live from Washington.", 1.0, 2.0),
        ("", "Thank you. Glad to be here.", 2.0, 4.0),
        ("ANNOUNCER", "Next story. And more.", 4.0, 6.0),
    ]


def test_vtt_escaped_chevrons_mark_a_new_speaker() -> None:
    doc = one(parse_vtt(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n&gt;&gt; SENATOR: Yes.\n"
        "&gt;&gt; No.\n", source="s.vtt"))
    assert table(doc) == [("SENATOR", "Yes.", 1.0, 2.0), ("", "No.", 1.0, 2.0)]


def test_dialogue_dashes_mark_a_new_speaker() -> None:
    doc = one(parse_srt(
        "1\n00:00:01,000 --> 00:00:03,000\nJOHN: Are you coming?\n- Yes.\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\n-Jane Doe: Wait.\n-- and then\n\n"
        "3\n00:00:04,000 --> 00:00:05,000\n-5 degrees.\n",
        source="b.srt"))
    assert table(doc) == [
        ("JOHN", "Are you coming?", 1.0, 3.0),
        ("", "Yes.", 1.0, 3.0),
        ("Jane Doe", "Wait. -- and then -5 degrees.", 3.0, 5.0),
    ]


@pytest.mark.parametrize("line", [
    "The answer is simple: we act.",
    "Look: we will not stop.",
    "At 10:30 we meet.",
    "Here is the thing: no.",
    "NOTE: this is live.",
    "This Very Long Capitalised Phrase Of Many Words Here: no.",
    "Ratio 3:1 holds.",
])
def test_sentences_with_a_colon_are_not_labels(line: str) -> None:
    doc = one(parse_srt(
        f"1\n00:00:01,000 --> 00:00:02,000\nBOB: Hi.\n\n"
        f"2\n00:00:02,000 --> 00:00:03,000\n{line}\n", source="b.srt"))
    assert table(doc) == [("BOB", f"Hi. {line}", 1.0, 3.0)]


def test_one_word_mixed_case_label_counts_once_it_recurs() -> None:
    doc = one(parse_srt(
        "1\n00:00:01,000 --> 00:00:02,000\nAnn: Hello.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nBob: Hi.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nAnn: Bye.\n\n"
        "4\n00:00:04,000 --> 00:00:05,000\nBob: Bye now.\n",
        source="b.srt"))
    assert [t[0] for t in table(doc)] == ["Ann", "Bob", "Ann", "Bob"]


def test_all_caps_captions_need_a_marker_or_recurrence_for_labels() -> None:
    doc = one(parse_srt(
        "1\n00:00:01,000 --> 00:00:02,000\n>> LESTER HOLT: GOOD EVENING.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nWE HAVE ONE GOAL TONIGHT: ANSWERS.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\n>> THE PRESIDENT: THANK YOU.\n",
        source="caps.srt"))
    assert table(doc) == [
        ("LESTER HOLT", "GOOD EVENING. WE HAVE ONE GOAL TONIGHT: ANSWERS.", 1.0, 3.0),
        ("THE PRESIDENT", "THANK YOU.", 3.0, 4.0),
    ]


def test_a_short_file_is_not_taken_for_all_caps_because_of_its_labels() -> None:
    doc = one(parse_srt("1\n00:00:01,000 --> 00:00:02,000\nMR. PRICE: Hi.\n", source="b.srt"))
    assert table(doc) == [("MR. PRICE", "Hi.", 1.0, 2.0)]


def test_srt_tags_and_overrides_are_stripped_and_label_may_stand_alone() -> None:
    doc = one(parse_srt(
        "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>MODERATOR:</i>\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\n<font color=\"#ffff00\">Welcome</font> "
        "&amp; a < b.\n",
        source="b.srt"))
    assert table(doc) == [("MODERATOR", "Welcome & a < b.", 1.0, 3.0)]


def test_no_caption_character_is_dropped() -> None:
    captions = ["Q: First question here.", "On two lines", "of a cue.",
                "MR. KIRBY: An answer (Laughter.)", "- Another voice", ">> Q: Last one."]
    srt = (f"1\n00:00:01,000 --> 00:00:02,000\n{captions[0]}\n\n"
           f"2\n00:00:02,000 --> 00:00:03,000\n{captions[1]}\n{captions[2]}\n\n"
           f"3\n00:00:03,000 --> 00:00:04,000\n{captions[3]}\n{captions[4]}\n\n"
           f"4\n00:00:04,000 --> 00:00:05,000\n{captions[5]}\n")
    doc = one(parse_srt(srt, source="b.srt"))
    assert words(doc.text) == words(" ".join(captions))
    assert [t.label for t in doc.turns] == ["Q", "MR. KIRBY", "", "Q"]


def test_text_after_a_stray_blank_line_stays_with_its_cue() -> None:
    doc = one(parse_srt(
        "1\n00:00:01,000 --> 00:00:02,000\nANN: First part.\n\nsecond part.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nThird.\n",
        source="b.srt"))
    assert table(doc) == [("ANN", "First part. second part. Third.", 1.0, 3.0)]


@settings(max_examples=60, deadline=None)
@given(st.lists(
    st.tuples(st.sampled_from(["", "ANN: ", "Bob Roe: ", ">> ", "- ", ">> CAROL: "]),
              st.text(alphabet="abc xyz.,?!'", min_size=1, max_size=30)),
    min_size=1, max_size=12))
def test_generated_subtitles_tile_and_keep_every_word(cues: list[tuple[str, str]]) -> None:
    blocks = [f"{i}\n00:00:{i:02d},000 --> 00:00:{i + 1:02d},000\n{p}{t}"
              for i, (p, t) in enumerate(cues, start=1)]
    srt = "\n\n".join(blocks) + "\n"
    spoken = [w for _, t in cues for w in words(t)]
    if not spoken:
        return
    doc = one(parse_srt(srt, source="gen.srt"))
    assert words(" ".join(doc.text[t.text_start:t.end] for t in doc.turns)) == spoken
    starts = [t.start_s for t in doc.turns]
    assert starts == sorted(starts)


# --- Hostile input -----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "\n\n  \n", "\ufeff"])
def test_empty_files_are_an_error(text: str) -> None:
    with pytest.raises(TranscriptError, match=r"e\.srt: The SRT file is empty"):
        parse_srt(text, source="e.srt")
    with pytest.raises(TranscriptError, match=r"e\.vtt: The WebVTT file is empty"):
        parse_vtt(text, source="e.vtt")


def test_a_file_without_cues_is_an_error() -> None:
    with pytest.raises(TranscriptError, match=r"No subtitle cue was found.*format='text'"):
        parse_vtt("WEBVTT\n\nNOTE nothing here\n", source="n.vtt")
    with pytest.raises(TranscriptError, match=r"plain\.srt: No subtitle cue"):
        parse_srt("MR PRICE:  Hello.\n", source="plain.srt")


def test_cues_without_text_are_an_error() -> None:
    with pytest.raises(TranscriptError, match=r"b\.srt, line 2: The SRT cues hold no caption"):
        parse_srt("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\n",
                  source="b.srt")


@pytest.mark.parametrize("timing, problem", [
    ("00:00:0x,000 --> 00:00:04,000", "Malformed cue timing"),
    ("00:00:01,000 --> ", "Malformed cue timing"),
    ("00:00:01,000 --> 00:00:04,000X1:40", "Malformed cue timing"),
    ("00:75:01,000 --> 00:76:04,000", "minutes and seconds must be below 60"),
    ("00:00:01,000 -> 00:00:04,000", "the arrow must be `-->`"),
    ("00:00:01,000 - 00:00:04,000", "the arrow must be `-->`"),
    ("00:00:01,000 -- > 00:00:04,000", "the arrow must be `-->`"),
    ("00:00:01,000 => 00:00:04,000", "the arrow must be `-->`"),
    ("00:00:05,000 --> 00:00:04,000", "The cue ends before it starts"),
])
def test_malformed_timing_names_the_line(timing: str, problem: str) -> None:
    srt = ("1\n00:00:00,000 --> 00:00:01,000\nANN: Fine.\n\n"
           f"2\n{timing}\nBroken.\n")
    with pytest.raises(TranscriptError, match=rf"bad\.srt, line 6: .*{re.escape(problem)}") as e:
        parse_srt(srt, source="bad.srt")
    assert e.value.line == 6
    if "ends before" not in problem:
        assert "`00:00:01,000 --> 00:00:04,000`" in e.value.fix


def test_malformed_vtt_timing_suggests_the_vtt_form() -> None:
    with pytest.raises(TranscriptError, match=r"line 3: Malformed.*00:00:01\.000 --> "):
        parse_vtt("WEBVTT\n\n00:00:01.000 --> soon\nHi\n", source="bad.vtt")


def test_a_malformed_first_timing_is_named_not_read_as_plain_text(tmp_path) -> None:
    import kit

    srt = "1\n00:00:01,000 --> 00:00:0x,000\nANN: Hi.\n\n2\n00:00:02,000 --> 00:00:03,000\nBye.\n"
    for name in ("first.srt", "first.txt"):
        path = tmp_path / name
        path.write_text(srt, encoding="utf-8")
        with pytest.raises(TranscriptError, match=rf"{name}, line 2: Malformed cue timing "
                                                  r"'00:00:01,000 --> 00:00:0x,000'"):
            kit.read_transcript(path)
    # by its suffix, a file whose first cue has no number and a bad time is still SRT
    path = tmp_path / "nonumber.srt"
    path.write_text("00:00:01,000 --> later\nHi.\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"nonumber\.srt, line 1: Malformed cue timing"):
        kit.read_transcript(path)


def test_cues_out_of_order_warn_naming_their_lines() -> None:
    srt = ("1\n00:00:05,000 --> 00:00:06,000\nANN: Later.\n\n"
           "2\n00:00:01,000 --> 00:00:02,000\nANN: Earlier.\n\n"
           "3\n00:00:03,000 --> 00:00:04,000\nANN: Between.\n")
    with pytest.warns(TranscriptWarning, match=(
            r"^o\.srt: 1 cue starts before the cue above it starts: line 6 \(00:00:01\.000 < "
            r"00:00:05\.000\)\. They are read in the file's order; check the timings\.$")):
        doc = one(parse_srt(srt, source="o.srt"))
    assert doc.text == "ANN: Later. Earlier. Between."


def test_overlapping_cues_warn_naming_a_few_lines_and_counting_the_rest() -> None:
    cues = "".join(f"{i + 1}\n00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 3:02d}.000\nWord {i}.\n\n"
                   for i in range(8))
    with pytest.warns(TranscriptWarning, match=(
            r"^v\.vtt: 7 cues start before the cue above them ends: line 8 \(00:00:02\.000 < "
            r"00:00:03\.000\), line 12 .*, line 24 \(00:00:10\.000 < 00:00:11\.000\) and 2 "
            r"more\.")):
        doc = one(parse_vtt("WEBVTT\n\n" + cues, source="v.vtt"))
    assert [t.start_s for t in doc.turns] == [float(2 * i) for i in range(8)]


def test_cues_that_touch_or_round_apart_do_not_warn() -> None:
    srt = ("1\n00:00:01,000 --> 00:00:02,001\nANN: One.\n\n"
           "2\n00:00:02,000 --> 00:00:03,000\nTwo.\n\n"
           "3\n00:00:03,000 --> 00:00:04,000\nThree.\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        one(parse_srt(srt, source="t.srt"))
