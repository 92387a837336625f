"""GPO text-in-HTML pages: congressional hearings and the Congressional Record; snippets and
the real files of ../shared/corpus-more."""

from __future__ import annotations

import warnings

import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats import sniff_format
from kit.read.formats.gpo import looks_like_gpo, parse_gpo

HEARING_TEXT = """[Senate Hearing 110-999]
[From the U.S. Government Printing Office]



                                                        S. Hrg. 110-999

                     THE STATE OF THE WIDGET MARKET

=======================================================================

                                HEARING

                               before the

                  COMMITTEE ON WIDGETS AND GADGETS
                          UNITED STATES SENATE

                              MAY 6, 2008

Internet: bookstore.gpo.gov  Phone: toll free (866) 512-1800; (202) 512\ufffd091800


                    COMMITTEE ON WIDGETS AND GADGETS

                    JOHN A. DOE, Ohio, Chairman

MARY ROE, Maine                      PETER POE, Texas
CAROL McCARTHY, Iowa

                            C O N T E N T S

Opening statement of Chairman Doe................................     1
    Senator Roe..................................................     2

                                WITNESS

Jane Bigbank, Chairman, Federal Widget Board.....................     3


                     THE STATE OF THE WIDGET MARKET

                                       U.S. Senate,
                      Committee on Widgets and Gadgets,
                                                  Washington, DC.

    The Committee met at 10:00 a.m., Senator John A. Doe (Chairman
of the Committee) presiding.

             OPENING STATEMENT OF CHAIRMAN JOHN A. DOE

    Chairman Doe. The hearing will come to order. We welcome
Chairman Bigbank, who heads the Federal Widget Board, to the
Committee today.
    Senator Roe.
    Senator Roe. Thank you, Mr. Chairman. The market is in good
shape--or so we hope.
    [Laughter.]
    Senator McCarthy. [Presiding.] Chairman Bigbank, please.

                 STATEMENT OF JANE BIGBANK, CHAIRMAN,
                      FEDERAL WIDGET BOARD

    Chairman Bigbank. Thank you. Senator Smith. He asked me the
same question last year.
    [The prepared statement of Senator Poe follows:]
           PREPARED STATEMENT OF SENATOR PETER POE
    Widgets matter to Texas. Mr. Chairman, thank you for this
hearing.
    Senator Poe. I have one question: how many widgets?
    Chairman Bigbank. Four hundred, Senator.
    Chairman Doe. The hearing is adjourned.
    [Whereupon, at 11:00 a.m., the hearing was adjourned.]
    [Prepared statements and responses to written questions
follow:]

         RESPONSES TO WRITTEN QUESTIONS OF SENATOR ROE

Q.1. How many widgets are there?

A.1. Four hundred.

[GRAPHIC] [TIFF OMITTED] T2345.001

\x1a
"""
HEARING = ("<html>\n<title> - THE STATE OF THE WIDGET MARKET</title>\n<body><pre>\n"
           + HEARING_TEXT + "</pre></body></html>\n")

RECORD = """<html>
<head>
<title>Congressional Record, Volume 150 Issue 3 (Monday, January 5, 2004)</title>
</head>
<body><pre>
[Congressional Record Volume 150, Number 3 (Monday, January 5, 2004)]
[Senate]
[Pages S11-S12]
From the Congressional Record Online through the Government Publishing Office [<a href="https://www.gpo.gov">www.gpo.gov</a>]




                        WIDGETS &amp; GADGETS ACT

  Mr. SMITH. Mr. President, I ask unanimous consent that the rules of
the Committee be printed in the Record.
  There being no objection, the material was ordered to be printed in
the Record, as follows:

                  title i--meetings of the committee

       1. The committee shall meet on the first Tuesday of each
     month.<bullet>
  Mr. SMITH. Mr. President, I suggest the absence of a quorum.
  The PRESIDING OFFICER (Mr. Gorton). The clerk will call the roll.
  The legislative clerk proceeded to call the roll.
  Mr. JONES. Mr. President, the widget industry has grown in every
State of the Union, and it will grow

[[Page S12]]

again next year.
  (The remarks of Mr. Jones are printed in today's Record.)
  The PRESIDING OFFICER [Mr. Brownback]. Without objection, it is so
ordered.

                          ____________________

</pre></body>
</html>
"""


def read(tmp_path, name, content, **options):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8", newline="")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return kit.read_transcript(path, **options)


def test_sniffed_from_the_gpo_header():
    assert looks_like_gpo(HEARING) and looks_like_gpo(RECORD) and looks_like_gpo(HEARING_TEXT)
    assert sniff_format(HEARING, suffix=".htm") == "gpo"
    assert sniff_format(HEARING_TEXT, suffix=".txt") == "gpo"  # GPO's text edition
    assert sniff_format(RECORD, suffix=".html") == "gpo"
    assert sniff_format("<html><body><pre>MR. SMITH: Hi.</pre></body></html>",
                        suffix=".html") == "html"


@pytest.fixture
def hearing(tmp_path):
    return read(tmp_path, "hearing.htm", HEARING)


def test_hearing_turns_and_roles(hearing):
    turns = hearing.turns
    assert list(turns[s.SPEAKER_LABEL]) == [
        "Chairman Doe", "Senator Roe", "Senator McCarthy", "Chairman Bigbank", "Senator Poe",
        "Chairman Bigbank", "Chairman Doe"]
    # the chairman of the committee presides; the chairman of a board is a witness
    assert list(turns[s.ROLE]) == ["chair", "member", "member", "guest", "member", "guest",
                                   "chair"]
    # wrapped lines joined; "Senator Roe." alone on its line is the chair calling on her
    assert turns[s.TEXT].iloc[0] == (
        "The hearing will come to order. We welcome Chairman Bigbank, who heads the Federal "
        "Widget Board, to the Committee today.\nSenator Roe.")
    # no space after a line-end hyphen (GPO's dashes)
    assert turns[s.TEXT].iloc[1] == ("Thank you, Mr. Chairman. The market is in good "
                                     "shape--or so we hope.\n[Laughter.]")


def test_hearing_notes_headings_and_inserted_statements_are_stage_directions(hearing):
    turns = hearing.turns
    assert turns[s.STAGE_DIRECTIONS].iloc[1] == ("[Laughter.]",)
    assert turns[s.STAGE_DIRECTIONS].iloc[2] == (
        "[Presiding.]", "STATEMENT OF JANE BIGBANK, CHAIRMAN, FEDERAL WIDGET BOARD")
    assert turns[s.N_WORDS].iloc[2] == 3  # "Chairman Bigbank, please."
    # a titled name inside speech is no label
    assert turns[s.TEXT].iloc[3].startswith("Thank you. Senator Smith. He asked me the same")
    assert turns[s.STAGE_DIRECTIONS].iloc[3] == (
        "[The prepared statement of Senator Poe follows:]",
        "PREPARED STATEMENT OF SENATOR PETER POE",
        "Widgets matter to Texas. Mr. Chairman, thank you for this hearing.")
    assert turns[s.N_WORDS].iloc[3] == 12


def test_hearing_header_trailer_and_metadata(hearing):
    doc = hearing.documents.iloc[0]
    assert doc[s.HEADER].startswith("[Senate Hearing 110-999]\n[From the U.S. Government "
                                    "Printing Office]\n\nS. Hrg. 110-999")
    for front in ("MARY ROE, Maine", "C O N T E N T S", "Senator Roe......",
                  "OPENING STATEMENT OF CHAIRMAN JOHN A. DOE", "512\ufffd091800"):
        assert front in doc[s.HEADER]
    assert doc[s.TRAILER].startswith(
        "\n[Whereupon, at 11:00 a.m., the hearing was adjourned.]\n")
    assert "Q.1. How many widgets are there?\n\nA.1. Four hundred." in doc[s.TRAILER]
    assert doc[s.TRAILER].endswith("[GRAPHIC] [TIFF OMITTED] T2345.001\n")
    assert "\x1a" not in doc[s.TRAILER]
    assert doc[s.TITLE] == "THE STATE OF THE WIDGET MARKET"
    assert str(doc[s.DATE].date()) == "2008-05-06"
    assert doc["house"] == "Senate"
    assert doc[s.LOCATION] == "Washington, DC"
    assert doc[s.BYLINE] == "Senator John A. Doe (Chairman of the Committee)"
    assert doc[s.FORMAT] == "gpo"
    assert_tiles(hearing, "hearing", parse_gpo(HEARING, source="h")[0].text)


def test_text_edition_reads_like_the_page(tmp_path):
    corpus = read(tmp_path, "hearing.txt", HEARING_TEXT)
    page = read(tmp_path, "page.htm", HEARING)
    assert list(corpus.turns[s.TEXT]) == list(page.turns[s.TEXT])
    assert corpus.documents[s.TITLE].iloc[0] == "THE STATE OF THE WIDGET MARKET"


def test_a_label_at_another_indentation_is_speech_of_the_turn_before(tmp_path):
    # Found by the tiling property test: " Q:" is not at the speech's indentation, so it is
    # no turn; its text belongs to the turn before, not to nowhere.
    text = ("[Senate Hearing 109-204]\n[From the U.S. Government Printing Office]\n\n"
            "                 A HEARING\n\n    The PRESIDING OFFICER (Mr. Gorton). \n\n"
            " Q:\n\n    The PRESIDING OFFICER (Mr. Gorton). Thank you.\n\n")
    corpus = read(tmp_path, "q.htm", text)
    assert list(corpus.turns[s.TEXT]) == ["Q:", "Thank you."]
    assert_tiles(corpus, "q", parse_gpo(text, source="q")[0].text)


@pytest.fixture
def record(tmp_path):
    return read(tmp_path, "record.htm", RECORD)


def test_record_turns_roles_and_page_breaks(record):
    turns = record.turns
    assert list(turns[s.SPEAKER_LABEL]) == [
        "Mr. SMITH", "Mr. SMITH", "The PRESIDING OFFICER (Mr. Gorton)", "Mr. JONES",
        "The PRESIDING OFFICER [Mr. Brownback]"]
    assert list(turns[s.SPEAKER]) == ["Mr. Smith", "Mr. Smith", "The Presiding Officer",
                                      "Mr. Jones", "The Presiding Officer"]
    assert list(turns[s.ROLE]) == ["member", "member", "chair", "member", "chair"]
    # the [[Page]] line is dropped and the paragraph it broke goes on
    assert turns[s.TEXT].iloc[3].startswith(
        "Mr. President, the widget industry has grown in every State of the Union, and it "
        "will grow again next year.\n")
    assert "[[Page" not in record.documents[s.HEADER].iloc[0] + "".join(turns[s.TEXT])


def test_record_inserted_material_and_procedure_are_stage_directions(record):
    turns = record.turns
    assert turns[s.STAGE_DIRECTIONS].iloc[0] == (
        "There being no objection, the material was ordered to be printed in the Record, as "
        "follows:",
        "title i--meetings of the committee",
        "1. The committee shall meet on the first Tuesday of each month.")
    assert turns[s.N_WORDS].iloc[0] == 17
    assert turns[s.STAGE_DIRECTIONS].iloc[2] == (
        "The legislative clerk proceeded to call the roll.",)
    assert turns[s.STAGE_DIRECTIONS].iloc[3] == (
        "(The remarks of Mr. Jones are printed in today's Record.)",)


def test_record_header_and_metadata(record):
    doc = record.documents.iloc[0]
    assert doc[s.HEADER] == (
        "[Congressional Record Volume 150, Number 3 (Monday, January 5, 2004)]\n[Senate]\n"
        "[Pages S11-S12]\nFrom the Congressional Record Online through the Government "
        "Publishing Office [www.gpo.gov]\n\nWIDGETS & GADGETS ACT\n\n")
    assert doc[s.TRAILER] == "\n"  # the closing rule is layout
    assert doc[s.TITLE] == "WIDGETS & GADGETS ACT"
    assert str(doc[s.DATE].date()) == "2004-01-05"
    assert doc["house"] == "Senate"
    assert "<bullet>" not in "".join(record.turns[s.TEXT])
    assert_tiles(record, "record", parse_gpo(RECORD, source="r")[0].text)


@pytest.mark.parametrize("page, problem, line", [
    ("<html><body><p>[From the U.S. Government Printing Office]</p></body></html>",
     r"The page has no <pre> block, where GPO pages keep their text\. Fix: Pass "
     r"format='html'", 1),
    ("<html>\n<body>\n<pre>\n[From the U.S. Government Printing Office]\n    Mr. Smith. Hi.",
     r"The page ends inside its <pre> block \(no </pre>\): it may be cut short\. Fix: "
     r"Download the page again", 3),
    ("<html><body><pre>\n  \n</pre></body></html>",
     r"The page's <pre> block holds no text\.", 1),
])
def test_errors(tmp_path, page, problem, line):
    path = tmp_path / "bad.htm"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(TranscriptError, match=rf"bad\.htm, line {line}: {problem}"):
        kit.read_transcript(path, format="gpo")


# --- the real files ----------------------------------------------------------------------------

# Counted by hand: grep for 4-space-indented "Title Name. text" paragraphs before the
# "[Whereupon" line (hearings), 2-space-indented "Mr. NAME." / "The PRESIDING OFFICER" lines
# (the Record).
HAND_COUNTS = {
    "us-congress-hearing-gpo/CHRG-109shrg24852.htm": {
        "Chairman Greenspan": 69, "Chairman Shelby": 37, "Senator Corzine": 17,
        "Senator Bennett": 12, "Senator Schumer": 10, "Senator Allard": 10,
        "Senator Sarbanes": 8, "Senator Reed": 8, "Senator Bunning": 6, "Senator Dole": 1,
        "Senator Crapo": 1},
    "us-congress-hearing-gpo/CHRG-111hhrg56778.htm": {
        "Chairman Kanjorski": 70, "Ms. Frohman": 32, "Mr. Dilweg": 30, "Mr. Garrett": 25,
        "Ms. Gardineer": 22, "Mr. Greenlee": 18, "Mr. Royce": 10, "Mr. Perlmutter": 9,
        "Mrs. Biggert": 7, "Mr. Posey": 7, "Mr. Foster": 7, "Ms. Moore of Wisconsin": 1},
    "us-congressional-record-html/CREC-1997-01-28-pt1-PgS715.htm": {
        "The PRESIDING OFFICER": 4, "Mr. DOMENICI": 3, "Mr. WARNER": 2, "Mr. THOMPSON": 1,
        "The PRESIDING OFFICER (Mr. Gorton)": 1},
    "us-congressional-record-html/CREC-1997-01-28-pt1-PgS716.htm": {
        "The PRESIDING OFFICER": 2, "Mr. THOMPSON": 1, "Mr. GLENN": 1, "Mr. LEVIN": 1,
        "The PRESIDING OFFICER [Mr. Brownback]": 1},
}
FIRST_LAST = {
    "us-congress-hearing-gpo/CHRG-109shrg24852.htm": (
        ("Chairman Shelby", "The hearing will come to order.\nWe are very pleased"),
        ("Chairman Shelby", "Chairman Greenspan, thank you for your appearance today")),
    "us-congress-hearing-gpo/CHRG-111hhrg56778.htm": (
        ("Chairman Kanjorski", "Good morning. The subcommittee will come to order."),
        ("Chairman Kanjorski", "We ought to be consistent, logically consistent on this.")),
    "us-congressional-record-html/CREC-1997-01-28-pt1-PgS715.htm": (
        ("Mr. Warner", "Mr. President, I would like to remind all committee chairmen"),
        ("Mr. Thompson", "Thank you, Mr. President.")),
    "us-congressional-record-html/CREC-1997-01-28-pt1-PgS716.htm": (
        ("Mr. Thompson", "Mr. President, as everyone knows, the Governmental Affairs"),
        ("The Presiding Officer", "Without objection, it is so ordered.")),
}
META = {
    "us-congress-hearing-gpo/CHRG-109shrg24852.htm": (
        "FEDERAL RESERVE'S SECOND MONETARY POLICY REPORT FOR 2005", "2005-07-21", "Senate"),
    "us-congress-hearing-gpo/CHRG-111hhrg56778.htm": (
        "INSURANCE HOLDING COMPANY SUPERVISION", "2010-03-18", "House"),
    "us-congressional-record-html/CREC-1997-01-28-pt1-PgS715.htm": (
        "RULES OF PROCEDURE OF THE SENATE COMMITTEE ON RULES AND ADMINISTRATION", "1997-01-28",
        "Senate"),
    "us-congressional-record-html/CREC-1997-01-28-pt1-PgS716.htm": (
        "THE GOVERNMENTAL AFFAIRS COMMITTEE AND THE 1996 PRESIDENTIAL CAMPAIGN", "1997-01-28",
        "Senate"),
}


@pytest.fixture(scope="module")
def real(corpus_more_dir):
    paths = [corpus_more_dir / rel for rel in HAND_COUNTS]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = kit.read_transcripts(paths, progress=False)
    return corpus, {rel: normalised_texts(corpus_more_dir / rel)[0] for rel in HAND_COUNTS}


def doc_id(rel):
    return rel.rsplit(".", 1)[0]


@pytest.mark.parametrize("rel", sorted(HAND_COUNTS))
def test_real_turn_counts_first_and_last(real, rel):
    corpus, _ = real
    turns = corpus.turns[corpus.turns[s.DOC_ID] == doc_id(rel)]
    assert turns[s.SPEAKER_LABEL].value_counts().to_dict() == HAND_COUNTS[rel]
    (first_speaker, first_text), (last_speaker, last_text) = FIRST_LAST[rel]
    assert turns[s.SPEAKER].iloc[0] == first_speaker
    assert turns[s.TEXT].iloc[0].startswith(first_text)
    assert turns[s.SPEAKER].iloc[-1] == last_speaker
    assert turns[s.TEXT].iloc[-1].startswith(last_text)


@pytest.mark.parametrize("rel", sorted(HAND_COUNTS))
def test_real_tiles_and_metadata(real, rel):
    corpus, texts = real
    assert_tiles(corpus, doc_id(rel), texts[rel])
    doc = corpus.documents.set_index(s.DOC_ID).loc[doc_id(rel)]
    title, date, house = META[rel]
    assert (doc[s.TITLE], str(doc[s.DATE].date()), doc["house"]) == (title, date, house)
    if "hearing" in rel:
        assert doc[s.LOCATION] in ("Washington, DC", "Washington, D.C.")
    assert doc[s.TITLE] in doc[s.HEADER]


def test_real_front_matter_and_appendix_stay_out_of_speech(real):
    corpus, _ = real
    speech = "\n".join(corpus.turns[s.TEXT])
    for layout in ("[[Page", "\x1a", "C O N T E N T S", "....", "RICHARD C. SHELBY, Alabama",
                   "PAUL E. KANJORSKI, Pennsylvania", "A P P E N D I X", "TIFF FORMAT",
                   "[Whereupon", "[Congressional Record Volume", "<a href", "<bullet>",
                   "____"):
        assert layout not in speech
    trailer = corpus.documents.set_index(s.DOC_ID)[s.TRAILER][
        "us-congress-hearing-gpo/CHRG-109shrg24852"]
    assert trailer.startswith("\n[Whereupon, at 12:10 p.m., the hearing was adjourned.]\n")
    assert "PREPARED STATEMENT OF ALAN GREENSPAN" in trailer
    assert "A.1. The Federal Reserve Board believes" in trailer
    # the appendix's written answers are never turns
    assert not corpus.turns[s.SPEAKER_LABEL].isin(["A", "Q"]).any()


def test_real_roles_and_inserted_material(real):
    corpus, _ = real
    roles = corpus.speakers.set_index(s.SPEAKER)[s.ROLE]
    assert roles["Chairman Shelby"] == roles["Chairman Kanjorski"] == "chair"
    assert roles["The Presiding Officer"] == "chair"
    bylines = corpus.documents.set_index(s.DOC_ID)[s.BYLINE]
    assert bylines["us-congress-hearing-gpo/CHRG-109shrg24852"] == (
        "Senator Richard C. Shelby (Chairman of the Committee)")
    assert bylines["us-congress-hearing-gpo/CHRG-111hhrg56778"] == (
        "Hon. Paul E. Kanjorski [chairman of the subcommittee]")
    # witnesses, whatever their title
    for witness in ("Chairman Greenspan", "Ms. Frohman", "Mr. Dilweg", "Ms. Gardineer",
                    "Mr. Greenlee"):
        assert roles[witness] == "guest"
    for member in ("Senator Sarbanes", "Senator Dole", "Mr. Garrett", "Mrs. Biggert",
                   "Ms. Moore of Wisconsin", "Mr. Warner", "Mr. Thompson", "Mr. Glenn"):
        assert roles[member] == "member"
    stage = corpus.stage_directions
    in_record = stage[s.DOC_ID] == "us-congressional-record-html/CREC-1997-01-28-pt1-PgS715"
    rules = stage[in_record][s.TEXT]
    # the committee rules printed in the Record: inserted, not Senator Warner's words
    assert rules.str.startswith("5. Any witness who is to appear").any()
    assert rules.str.startswith("title v--delegation of authority").any()
    notes = stage[stage[s.DOC_ID] == "us-congress-hearing-gpo/CHRG-111hhrg56778"][s.TEXT]
    assert notes.str.startswith("[The prepared statement of Mr. Greenlee").any()
    assert notes.str.startswith("STATEMENT OF JON D. GREENLEE, ASSOCIATE DIRECTOR, DIVISION "
                                "OF BANKING SUPERVISION AND REGULATION, BOARD OF GOVERNORS "
                                "OF THE FEDERAL RESERVE SYSTEM").any()
