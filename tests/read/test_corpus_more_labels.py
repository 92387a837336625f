"""Label styles and exports on the real files of ../shared/corpus-more (skipped where absent).

Per-speaker turn counts were counted by hand in the files: ``grep -c '^P:'`` and the like in
the Spacelog logs; the labels inside the bytes literal (``\\tMR. SCHULTZ:``, ``\\tQ \\xc2``)
and in the ``<p>`` lines of the White House pages; the ``person`` column of the Rev table
(read with Python's csv module) and the ``**[MM:SS] SPEAKER_NN:**`` lines of the WhisperX
Markdown.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import TranscriptWarning

pytestmark = pytest.mark.corpus

FOLDERS = ("extra-spacelog-nasa", "extra-whitehouse-briefing-fragments",
           "extra-whitehouse-covid-briefing-html", "extra-un-general-debate-txt",
           "transcription-exports")

HAND_COUNTS = {
    "extra-spacelog-nasa/ma7_TEC": {"P": 700, "CC": 526, "CT": 19, "F": 8, "CC (Cape)": 2,
                                    "S": 1, "C": 1, "?": 1},
    "extra-spacelog-nasa/g3_TEC": {"C": 865, "P": 616, "CC": 463, "RA": 9, "RS": 5},
    "extra-whitehouse-briefing-fragments/pressBriefings_250": {"MR. SCHULTZ": 28, "Q": 27},
    "extra-whitehouse-briefing-fragments/pressBriefings_1200": {
        "Q": 17, "MR. McFAUL": 9, "MR. MCFAUL": 3, "MR. VIETOR": 4, "MR. BLINKEN": 4},
    "extra-whitehouse-covid-briefing-html/white_house_briefing_April-24-2020": {
        "THE PRESIDENT": 5, "DR. HAHN": 3, "Q": 3, "THE VICE PRESIDENT": 1},
    "extra-whitehouse-covid-briefing-html/white_house_briefing_March-24-2020": {
        "THE PRESIDENT": 15, "Q": 11, "DR. FAUCI": 2, "MR. KUDLOW": 2, "DR. BIRX": 1,
        "THE VICE PRESIDENT": 1},
    "extra-un-general-debate-txt/GBR_77_2022": {"": 1},
    "extra-un-general-debate-txt/DEU_77_2022": {"": 1},
    "transcription-exports/sondlandTestimony": {
        "Gordon Sondland": 173, "Adam Schiff": 99, "Dan Goldman": 97, "Sondland": 54,
        "Devin Nunes": 27},
    "transcription-exports/are-corporate-chains-back_whisperx": {
        "SPEAKER_04": 39, "SPEAKER_03": 36, "SPEAKER_01": 27, "SPEAKER_00": 4, "SPEAKER_02": 1},
}

# (speaker, start of the text) of the first and the last turn
ENDS = {
    "extra-spacelog-nasa/ma7_TEC": (("CC", "5, 4, 3, 2, 1, 0."),
                                    ("P", "Roger. Understand 1 hour.")),
    "extra-spacelog-nasa/g3_TEC": (("CC", "Bolts and lift-off."),
                                   ("RA", "Okay, Molly Brown, I've got a fix on you.")),
    "extra-whitehouse-briefing-fragments/pressBriefings_250": (
        ("Eric Schultz", "Good afternoon, everyone."), ("Eric Schultz", "Thank you.")),
    "extra-whitehouse-briefing-fragments/pressBriefings_1200": (
        ("Mr. Vietor", "Thank you very much. Thank you, guys, for getting on today."),
        ("Mr. Vietor", "All right, well, thank you, guys, very much")),
    "extra-whitehouse-covid-briefing-html/white_house_briefing_April-24-2020": (
        ("President Trump", "Thank you very much, everyone."),
        ("President Trump", "Thank you very much.")),
    "extra-whitehouse-covid-briefing-html/white_house_briefing_March-24-2020": (
        ("President Trump", "Thank you very much.\u00a0 Been a very busy day."),
        ("President Trump", "We’re talking to them about it.")),
    "extra-un-general-debate-txt/GBR_77_2022": (
        (s.UNKNOWN_SPEAKER, "At the time of its foundation, the United Nations was a beacon"),
        (s.UNKNOWN_SPEAKER, "At the time of its foundation")),
    "extra-un-general-debate-txt/DEU_77_2022": (
        (s.UNKNOWN_SPEAKER, "It is with humility and deep respect"),
        (s.UNKNOWN_SPEAKER, "It is with humility and deep respect")),
    "transcription-exports/sondlandTestimony": (
        ("Gordon Sondland", "I appreciate the opportunity to speak again"),
        ("Devin Nunes", "I’m glad you bring up Burisma, because")),
    "transcription-exports/are-corporate-chains-back_whisperx": (
        ("SPEAKER_00", "The stream is live."), ("SPEAKER_04", "Thanks.")),
}


@pytest.fixture(scope="module")
def more(corpus_more_dir):
    """The five folders read as one corpus, and the warnings reading gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = kit.read_transcripts([p for f in FOLDERS
                                       for p in sorted((corpus_more_dir / f).iterdir())],
                                      errors="skip", progress=False)
    return corpus, [str(w.message) for w in caught if w.category is TranscriptWarning]


def turns_of(corpus, doc_id):
    return corpus.turns[corpus.turns[s.DOC_ID] == doc_id]


def doc_of(corpus, doc_id):
    return corpus.documents.set_index(s.DOC_ID).loc[doc_id]


def test_every_file_is_read(more):
    corpus, _ = more
    assert corpus.skipped.empty
    assert sorted(corpus.documents[s.DOC_ID]) == sorted(HAND_COUNTS)


@pytest.mark.parametrize("doc_id", sorted(HAND_COUNTS))
def test_hand_checked_turn_counts(more, doc_id):
    labels = turns_of(more[0], doc_id)[s.SPEAKER_LABEL].str.replace("\u00a0", " ").str.strip()
    assert labels.value_counts().to_dict() == HAND_COUNTS[doc_id]


@pytest.mark.parametrize("doc_id", sorted(ENDS))
def test_first_and_last_turn(more, doc_id):
    turns = turns_of(more[0], doc_id)
    for (speaker, start), (_, turn) in zip(ENDS[doc_id], (next(turns.iterrows()),
                                                          list(turns.iterrows())[-1]),
                                           strict=True):
        assert (str(turn[s.SPEAKER]), turn[s.TEXT][: len(start)]) == (speaker, start)


@pytest.mark.parametrize("doc_id", sorted(HAND_COUNTS))
def test_round_trip(more, corpus_more_dir, doc_id):
    folder, name = doc_id.split("/")
    [path] = [p for p in (corpus_more_dir / folder).iterdir() if p.stem == name]
    [text] = normalised_texts(path)
    assert_tiles(more[0], doc_id, text)


# --- Spacelog ------------------------------------------------------------------------------

def test_spacelog_times_notes_and_speakers(more):
    corpus, _ = more
    ma7 = turns_of(corpus, "extra-spacelog-nasa/ma7_TEC")
    assert list(ma7[s.START_S][:3]) == [-5.0, 1.0, 4.0]
    assert ma7[s.START_S].iloc[-1] == 4 * 3600 + 55 * 60 + 36
    assert ma7[s.START_S].isna().sum() == 0
    g3 = turns_of(corpus, "extra-spacelog-nasa/g3_TEC")
    assert g3[s.START_S].iloc[-1] == 5 * 3600 + 26
    assert g3[s.START_S].is_monotonic_increasing
    # _extra/_note/_comment lines: 37 in ma7 (the first in the header), 121 in g3
    stage = corpus.stage_directions
    assert (stage[s.DOC_ID] == "extra-spacelog-nasa/ma7_TEC").sum() == 36
    assert (stage[s.DOC_ID] == "extra-spacelog-nasa/g3_TEC").sum() == 121
    header = doc_of(corpus, "extra-spacelog-nasa/ma7_TEC")[s.HEADER]
    assert header == "[extra: CAPE CANAVERAL (FIRST PASS)]\n\n"
    for doc_id in ("extra-spacelog-nasa/ma7_TEC", "extra-spacelog-nasa/g3_TEC"):
        text = " ".join(turns_of(corpus, doc_id)[s.TEXT])
        for layout in ("_page", "[00:", "glossary:", "<sub>"):
            assert layout not in text
    speakers = set(corpus.speakers[s.SPEAKER].astype(str))
    assert {"CC", "P", "C", "CT", "RA", "RS", "F", "S"} <= speakers
    assert "Cc" not in speakers and "CC (Cape)" not in speakers


# --- White House pages -----------------------------------------------------------------------

def test_bytes_literal_fragments(more):
    corpus, _ = more
    gaggle = doc_of(corpus, "extra-whitehouse-briefing-fragments/pressBriefings_250")
    assert gaggle[s.TITLE] == ("Press Gaggle by Principal Deputy Press Secretary Eric Schultz "
                               "en route Charleston, SC, 6/26/2015")
    assert gaggle[s.DATE] == pd.Timestamp("2015-06-26")
    assert "Aboard Air Force One" in gaggle[s.HEADER]
    assert "*Please see below for a correction" in gaggle[s.HEADER]
    call = doc_of(corpus, "extra-whitehouse-briefing-fragments/pressBriefings_1200")
    assert call[s.TITLE] == ("Conference Call on Vice President Biden's Upcoming Trip to "
                             "Finland, Russia and Moldova")
    assert pd.isna(call[s.DATE])  # the call names no date
    assert "Via Teleconference" in call[s.HEADER]
    for doc in (gaggle, call):
        assert doc[s.TRAILER].split()[0] == "END" and doc[s.TRAILER].split()[-1] in ("EDT",
                                                                                      "EST")
    turns = turns_of(corpus, "extra-whitehouse-briefing-fragments/pressBriefings_1200")
    text = " ".join(turns[s.TEXT])
    assert "\\n" not in text and "\\x" not in text and "b'" not in text
    assert "Vice President’s schedule" in text  # \xe2\x80\x99 decoded
    assert set(turns[s.SPEAKER].astype(str)) == {"Mr. McFaul", "Mr. Vietor", "Mr. Blinken",
                                                 s.QUESTIONER}


COVID = "extra-whitehouse-covid-briefing-html/white_house_briefing_"


@pytest.mark.parametrize("day, title, date, end", [
    ("April-24-2020", "Remarks by President Trump, Vice President Pence, and Members of the "
     "Coronavirus Task Force in Press Briefing", "2020-04-24", "6:01 P.M. EDT"),
    ("March-24-2020", "Remarks by President Trump, Vice President Pence, and Members of "
     "Coronavirus Task Force in Press Briefing", "2020-03-24", "6:24 P.M. EDT"),
])
def test_2020_white_house_pages(more, corpus_more_dir, day, title, date, end):
    corpus, _ = more
    doc = doc_of(corpus, COVID + day)
    assert doc[s.TITLE] == title  # without " | The White House"
    assert doc[s.DATE] == pd.Timestamp(date)  # the briefing's day, not "Issued on"
    assert doc[s.LOCATION] == "James S. Brady Press Briefing Room"
    assert doc[s.HEADER].startswith("James S. Brady Press Briefing Room")
    assert "Issued on" not in doc[s.HEADER]
    assert doc[s.TRAILER].split() == ["END", *end.split()]
    [text] = normalised_texts(corpus_more_dir / (COVID + day + ".html"))
    first = turns_of(corpus, COVID + day)[s.TEXT].iloc[0]
    # the opening that <meta name="description"> and og:/twitter: repeat is read once
    assert text.count(first[:60]) == 1
    speech = " ".join(turns_of(corpus, COVID + day)[s.TEXT])
    for chrome in ("Share this page", "All News", "BreadcrumbList", "gtag("):
        assert chrome not in text and chrome not in speech


def test_white_house_speakers(more):
    speakers = more[0].speakers.set_index(s.SPEAKER)
    assert speakers.loc["President Trump", s.ROLE] == "official"
    assert speakers.loc["Vice President Pence", s.ROLE] == "official"
    assert speakers.loc["Eric Schultz", s.ROLE] == "official"
    assert speakers.loc[s.QUESTIONER, s.ROLE] == "question"


# --- UN General Debate -----------------------------------------------------------------------

@pytest.mark.parametrize("name, words", [("GBR_77_2022", 1844), ("DEU_77_2022", 2366)])
def test_un_statements_are_one_unknown_turn(more, name, words):
    corpus, messages = more
    doc_id = f"extra-un-general-debate-txt/{name}"
    doc = doc_of(corpus, doc_id)
    assert doc[s.HEADER] == "" and doc[s.TRAILER] == ""
    assert pd.isna(doc[s.TITLE]) and pd.isna(doc[s.DATE])
    [turn] = list(turns_of(corpus, doc_id).itertuples())
    # every word of the statement (wc -w), give or take dashes and figures the kit splits
    assert abs(turn.n_words - words) <= 0.03 * words
    assert any(name in m and "no speaker labels found" in m for m in messages)


# --- Transcription exports -------------------------------------------------------------------

def test_rev_table(more):
    corpus, _ = more
    turns = turns_of(corpus, "transcription-exports/sondlandTestimony")
    assert turns[s.SPEAKER].astype(str).value_counts().to_dict() == {
        "Gordon Sondland": 173 + 54, "Adam Schiff": 99, "Dan Goldman": 97, "Devin Nunes": 27}
    starts = list(turns[s.START_S])
    assert starts[:3] == [0.0, 44.0, 84.0]
    # the parts start again at 00:00: times as written, no invented clock
    assert (starts[53], starts[54]) == (42 * 60 + 14, 0.0)
    assert (starts[98], starts[99]) == (21 * 60 + 55, 0.0)
    assert starts[-1] == 58 * 60 + 57
    assert turns[s.TEXT].str.contains("’").sum() == 198  # Windows-1252 0x92
    assert not turns[s.TEXT].str.contains(r"\(\d\d:\d\d\)").any()  # not the "original" column
    doc = doc_of(corpus, "transcription-exports/sondlandTestimony")
    assert doc[s.FORMAT] == "csv" and doc[s.HEADER] == ""
    speakers = set(corpus.speakers[s.SPEAKER].astype(str))
    assert {"Gordon Sondland", "Adam Schiff", "Dan Goldman", "Devin Nunes"} <= speakers
    assert "Sondland" not in speakers


def test_whisperx_markdown(more):
    corpus, _ = more
    turns = turns_of(corpus, "transcription-exports/are-corporate-chains-back_whisperx")
    assert turns[s.START_S].iloc[0] == 0.0 and turns[s.START_S].iloc[1] == 4.0
    assert turns[s.START_S].iloc[-1] == 49 * 60 + 31
    assert turns[s.START_S].is_monotonic_increasing
    assert (turns[s.END_S].iloc[:-1].to_numpy() == turns[s.START_S].iloc[1:].to_numpy()).all()
    assert set(turns[s.ROLE].astype(str)) == {"unknown"}
    assert not turns[s.TEXT].str.contains(r"\*\*").any()
