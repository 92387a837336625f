"""Reading files, folders and tables: the example, every format, errors, corpora."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest
from tiling import assert_tiles

import kit
from kit import schema as s
from kit.errors import KitError, TranscriptError, TranscriptWarning


def write(tmp_path, name, content, encoding="utf-8"):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding, newline="")
    return path




# --- the example ---------------------------------------------------------------------------


def test_example_has_two_turns_with_full_names(example):
    turns = example.turns
    assert list(turns[s.SPEAKER]) == ["Jens Stoltenberg", "Antony Blinken"]
    assert list(turns[s.SPEAKER_LABEL]) == ["SECRETARY GENERAL STOLTENBERG", "SECRETARY BLINKEN"]
    assert list(turns[s.ROLE]) == ["official", "official"]
    paragraphs = turns[s.TEXT].str.split("\n\n").map(len)
    assert list(paragraphs) == [4, 2]
    assert turns[s.TEXT].iloc[0].startswith("So Secretary Blinken, dear Tony")
    assert turns[s.TEXT].iloc[1].endswith("the steps we’re going to take next.\u00a0 Thank you.")


def test_example_document_metadata(example):
    doc = example.documents.iloc[0]
    assert doc[s.DATE] == pd.Timestamp("2022-03-04")
    assert doc[s.TITLE] == ("NATO Foreign Ministerial: Remarks by Secretary Antony Blinken and "
                            "NATO Secretary General Jens Stoltenberg")
    assert doc[s.LOCATION] == "NATO HEADQUARTERS Brussels, Belgium"
    assert doc[s.CAPTION].startswith("Left to right: Antony J. Blinken")
    assert "Left to right" in doc[s.HEADER]
    assert "An official website of the United States government" in doc[s.HEADER]
    assert doc[s.TRAILER].strip() == "Ambassador Julianne Smith Previews NATO Foreign Ministe"
    assert doc[s.N_TURNS] == 2
    assert doc[s.N_WORDS] == example.turns[s.N_WORDS].sum()
    assert doc[s.DOC_ID] == "nato-foreign-ministerial-2022-03-04"


def test_example_round_trip_is_exact(example):
    raw = Path(kit.datasets.example_path()).read_text(encoding="utf-8")
    assert_tiles(example, example.documents[s.DOC_ID].iloc[0], raw)


def test_turn_and_phrase_keys_and_dtypes(example):
    turns, phrases = example.turns, example.phrases
    assert list(turns.columns) == s.TURN_COLUMNS
    assert list(phrases.columns) == s.PHRASE_COLUMNS
    assert list(example.documents.columns) == s.DOCUMENT_COLUMNS
    assert isinstance(turns[s.SPEAKER].dtype, pd.CategoricalDtype)
    assert list(turns[s.SPEAKER].cat.categories) == ["Jens Stoltenberg", "Antony Blinken"]
    assert turns[s.DATE].dtype == s.DATE_DTYPE
    assert not turns.duplicated([s.DOC_ID, s.TURN_ID]).any()
    assert not phrases.duplicated([s.DOC_ID, s.TURN_ID, s.PHRASE_ID]).any()
    assert isinstance(turns.index, pd.RangeIndex)


# --- the round trip: header + turns + trailer == normalised text ----------------------------


# --- formats and label conventions -----------------------------------------------------------


PLAIN = (
    "Remarks to the Press\nWashington, DC\nMay 5, 2023\n\n"
    "MR. PRICE:  Good afternoon.\u00a0 Two things today.\n\nFirst, Ukraine.\n\n"
    "QUESTION:  Thanks, Ned.  Any news?\n\n"
    "MR PRICE: No.\n\nMs. Smith: Another point.\n\n"
    "Mr. Price: Thanks.\n\nMs. Smith: Again.\n\n"
    "(The briefing was concluded at 2:25 p.m.)\n\n# # #\n"
)


def test_plain_text_labels_merge_and_trailer(tmp_path):
    corpus = kit.read_transcript(write(tmp_path, "brief.txt", PLAIN))
    turns = corpus.turns
    assert list(turns[s.SPEAKER_LABEL]) == ["MR. PRICE", "QUESTION", "MR PRICE", "Ms. Smith",
                                            "Mr. Price", "Ms. Smith"]
    assert list(turns[s.SPEAKER]) == ["Mr. Price", "Questioner", "Mr. Price", "Ms. Smith",
                                      "Mr. Price", "Ms. Smith"]
    assert list(turns[s.ROLE])[:2] == ["official", "question"]
    assert turns[s.TEXT].iloc[0] == "Good afternoon.\u00a0 Two things today.\n\nFirst, Ukraine."
    doc = corpus.documents.iloc[0]
    assert "(The briefing was concluded at 2:25 p.m.)" in doc[s.TRAILER]
    assert "# # #" in doc[s.TRAILER]
    assert turns[s.TEXT].iloc[-1] == "Again."
    assert doc[s.DATE] == pd.Timestamp("2023-05-05")
    assert doc[s.TITLE] == "Remarks to the Press"
    assert doc[s.LOCATION] == "Washington, DC"
    assert_tiles(corpus, doc[s.DOC_ID], PLAIN)


@pytest.mark.parametrize(
    "body, labels",
    [
        # Q with no colon, then spaces or no-break spaces
        ("MS. PSAKI:  Hi.\n\nQ\u00a0 \u00a0 Hello there.\n\nMS. PSAKI:  Yes.\n\nQ    And?\n",
         ["MS. PSAKI", "Q", "MS. PSAKI", "Q"]),
        # Q: and A:
        ("Q: Where were you?\nA: At home.\nQ: Why?\nA: Tired.\n", ["Q", "A", "Q", "A"]),
        # a label with leading whitespace
        ("MR. KIRBY:  One.\n\n\u00a0MR. SULLIVAN:  Two.\n\n  Q    Three?\n\nMR. KIRBY: Four.\n",
         ["MR. KIRBY", "MR. SULLIVAN", "Q", "MR. KIRBY"]),
        # the label alone on its line (split from its text by markup)
        ("AMBASSADOR THOMAS-GREENFIELD:\nThank you.\n\nQUESTION:\nA question.\n",
         ["AMBASSADOR THOMAS-GREENFIELD", "QUESTION"]),
        # mixed-case labels count once they recur
        ("Jane Doe: Hello.\nJohn Roe: Hi.\nJane Doe: Bye.\nJohn Roe: Bye now.\n",
         ["Jane Doe", "John Roe", "Jane Doe", "John Roe"]),
        # transcription-service exports: a name alone on its line with a time
        ("Speaker 1  00:01\nWelcome to the show.\n\nSpeaker 2  00:07\nThanks.\n",
         ["Speaker 1", "Speaker 2"]),
        ("Jane Doe (00:07:53):\nWe start.\n\nJohn Roe (00:08:10):\nWe go on.\n",
         ["Jane Doe", "John Roe"]),
        ("[00:00:05] Jane Doe: We start.\n[00:00:09] John Roe: We go on.\n",
         ["Jane Doe", "John Roe"]),
        ("00:00:05 SPEAKER 1: We start.\n00:00:09 SPEAKER 2: We go on.\n",
         ["SPEAKER 1", "SPEAKER 2"]),
        ("Jane Doe [00:00:05]: We start.\nJohn Roe [00:00:09]: We go on.\n",
         ["Jane Doe", "John Roe"]),
        # Q with one space at a paragraph start, recurring
        ("MR. SAMS: Hi.\n\nQ You said so.\n\nMR. SAMS: Yes.\n\nQ — and then?\n",
         ["MR. SAMS", "Q", "MR. SAMS", "Q"]),
        # congressional hearings: honorific, surname in capitals, a period
        ("The CHAIRMAN. The committee will come to order.\n\nMr. SMITH of Texas. Thank you, "
         "Mr. Chairman.\n\nSenator WARREN. Thanks.\n",
         ["The CHAIRMAN", "Mr. SMITH of Texas", "Senator WARREN"]),
        # Public Papers of the Presidents: "The President." recurring, "Q." questions
        ("The President. Thank you all.\n\nQ. Mr. President, why?\n\nThe President. Because.\n",
         ["The President", "Q", "The President"]),
        # rev.com: name, colon, time in brackets, text on the next line
        ("Donald Trump: (00:01)\nThank you.\n\nJoe Biden: (01:05)\nNo.\n",
         ["Donald Trump", "Joe Biden"]),
        # a note after the label
        ("FOREIGN MINISTER KULEBA (via interpreter):  Thank you.\n\nSECRETARY BLINKEN:  Yes.\n",
         ["FOREIGN MINISTER KULEBA (via interpreter)", "SECRETARY BLINKEN"]),
    ],
)
def test_label_conventions(tmp_path, body, labels):
    corpus = kit.read_transcript(write(tmp_path, "t.txt", body))
    assert list(corpus.turns[s.SPEAKER_LABEL]) == labels
    assert_tiles(corpus, corpus.documents[s.DOC_ID].iloc[0], body)


@pytest.mark.parametrize(
    "body",
    [
        # a title with a colon, a time, a place: never labels
        "NATO Foreign Ministerial: Remarks by the Secretary\n1:33 P.M. EDT\nWashington, DC\n\n"
        "SECRETARY BLINKEN:  Good morning.\n",
        # ordinary sentences with a colon
        "SECRETARY BLINKEN:  Here is the point: we stand together.\n\nThe reason is simple: "
        "unity.\n",
        "NOTE: embargoed until delivery\n\nSECRETARY BLINKEN:  Good morning.\n",
    ],
)
def test_headers_times_and_sentences_are_never_labels(tmp_path, body):
    corpus = kit.read_transcript(write(tmp_path, "t.txt", body))
    assert list(corpus.turns[s.SPEAKER_LABEL]) == ["SECRETARY BLINKEN"]


def test_hearing_speakers_and_roles(tmp_path):
    body = ("The CHAIRMAN. We begin.\n\nSenator WARREN of Massachusetts. Thanks.\n\n"
            "The CHAIRMAN. Next.\n\nFOREIGN MINISTER KULEBA (via interpreter):  Yes.\n")
    turns = kit.read_transcript(write(tmp_path, "t.txt", body)).turns
    assert list(turns[s.SPEAKER]) == ["The Chairman", "Senator Warren of Massachusetts",
                                      "The Chairman", "Foreign Minister Kuleba"]
    assert list(turns[s.ROLE]) == ["moderator", "official", "moderator", "official"]


def test_tv_transcript_labels_with_descriptions(tmp_path):
    body = ("JAKE TAPPER, CNN ANCHOR: Welcome. (BEGIN VIDEOTAPE)\n\n"
            "SEN. LINDSEY GRAHAM (R), SOUTH CAROLINA: Thanks.\n\nTAPPER: Next.\n\n"
            "UNIDENTIFIED MALE: Hey.\n\nNow, look: this is it.\n\nGRAHAM: Bye.\n")
    corpus = kit.read_transcript(write(tmp_path, "t.txt", body))
    turns = corpus.turns
    assert list(turns[s.SPEAKER]) == ["Jake Tapper", "Lindsey Graham", "Jake Tapper",
                                      "Unidentified Male", "Lindsey Graham"]
    assert list(turns[s.ROLE]) == ["moderator", "official", "moderator", "unknown", "official"]
    assert turns[s.TEXT].iloc[3] == "Hey.\n\nNow, look: this is it."
    assert turns[s.STAGE_DIRECTIONS].iloc[0] == ("(BEGIN VIDEOTAPE)",)
    assert_tiles(corpus, "t", body)


def test_transcription_export_times(tmp_path):
    body = "Speaker 1  00:01\nWelcome.\n\nSpeaker 2  01:07\nThanks.\n\nSpeaker 1  1:02:03\nBye.\n"
    turns = kit.read_transcript(write(tmp_path, "t.txt", body)).turns
    assert list(turns[s.START_S]) == [1.0, 67.0, 3723.0]
    assert list(turns[s.END_S])[:2] == [67.0, 3723.0]
    assert list(turns[s.ROLE]) == ["unknown"] * 3


def test_page_footer_after_the_last_turn_goes_to_the_trailer(tmp_path):
    body = ("MR PRICE: Hello.\n\nQUESTION: Thanks.\n\nMR PRICE: Bye.\n\nRelated Articles\n\n"
            "Ambassador Smith Previews the Summit\n\nAn official website of the United States "
            "government\n\nBack to Top\n")
    corpus = kit.read_transcript(write(tmp_path, "t.txt", body))
    assert corpus.turns[s.TEXT].iloc[-1] == "Bye."
    assert corpus.documents[s.TRAILER].iloc[0].strip().startswith("Related Articles")


def test_stage_directions_are_listed_and_left_out_of_word_counts(tmp_path):
    body = ("MR. PRICE:  Good afternoon. (Laughter.) We begin.\n\nQUESTION: (Via interpreter) "
            "Why? [crosstalk 00:07:53] (inaudible)\n")
    corpus = kit.read_transcript(write(tmp_path, "t.txt", body))
    turns = corpus.turns
    assert turns[s.STAGE_DIRECTIONS].iloc[0] == ("(Laughter.)",)
    assert turns[s.STAGE_DIRECTIONS].iloc[1] == ("(Via interpreter)", "[crosstalk 00:07:53]",
                                                 "(inaudible)")
    assert "(Laughter.)" in turns[s.TEXT].iloc[0]
    assert list(turns[s.N_WORDS]) == [4, 1]
    sd = corpus.stage_directions
    assert list(sd[s.TEXT]) == ["(Laughter.)", "(Via interpreter)", "[crosstalk 00:07:53]",
                                "(inaudible)"]
    for row in sd.itertuples():
        assert body[row.start_char: row.end_char] == row.text


HTML_PAGE = """<!DOCTYPE html><html><head><title>Remarks | Site</title>
<meta property="og:title" content="Secretary Antony J. Blinken at a Press Availability">
<meta property="article:published_time" content="2022-03-04T10:00:00+00:00">
<script>var x = "SECRETARY BLINKEN: not speech";</script><style>p{}</style></head>
<body><header><nav><a href="/">Home</a> QUESTION: menu</nav></header>
<main><article><h1>Secretary Antony J. Blinken at a Press Availability</h1>
<p>Antony J. Blinken, Secretary of State</p><p>Brussels, Belgium</p>
<p><b>SECRETARY BLINKEN:</b>&nbsp; Good morning &amp; welcome.&nbsp; It&#8217;s good.</p>
<p>Second paragraph.</p>
<p><strong>QUESTION</strong>:  A question?</p>
<p><b>SECRETARY BLINKEN: </b></p><p>An answer split from its label.</p>
</article></main><aside>Related: QUESTION: none</aside><footer>MR PRICE: footer</footer>
</body></html>"""


def test_html_page_drops_chrome_and_reads_bold_labels(tmp_path):
    corpus = kit.read_transcript(write(tmp_path, "page.html", HTML_PAGE))
    turns = corpus.turns
    assert list(turns[s.SPEAKER_LABEL]) == ["SECRETARY BLINKEN", "QUESTION", "SECRETARY BLINKEN"]
    assert list(turns[s.SPEAKER]) == ["Antony Blinken", "Questioner", "Antony Blinken"]
    assert turns[s.TEXT].iloc[0] == ("Good morning & welcome.\u00a0 It’s good.\n\n"
                                     "Second paragraph.")
    assert turns[s.TEXT].iloc[2] == "An answer split from its label."
    doc = corpus.documents.iloc[0]
    assert doc[s.FORMAT] == "html"
    assert doc[s.TITLE] == "Secretary Antony J. Blinken at a Press Availability"
    assert doc[s.DATE] == pd.Timestamp("2022-03-04")
    assert doc[s.LOCATION] == "Brussels, Belgium"
    assert doc[s.BYLINE] == "Antony J. Blinken, Secretary of State"
    text = " ".join([doc[s.HEADER], *turns[s.TEXT], doc[s.TRAILER]])
    for chrome in ("not speech", "menu", "footer", "Related"):
        assert chrome not in text


RSS_ITEM = """<item>
  <title>Department Press Briefing &#8211; June 2, 2021</title>
  <link>https://www.state.gov/briefings/department-press-briefing-june-2-2021/</link>
  <dc:creator><![CDATA[Jalina Porter, Principal Deputy Spokesperson]]></dc:creator>
  <pubDate>Wed, 02 Jun 2021 20:10:00 +0000</pubDate>
  <description><![CDATA[<p>Jalina Porter, Principal Deputy Spokesperson</p>
<p><strong>MS PORTER:</strong>  Hello.</p><p><strong>QUESTION:</strong>  Hi.</p>]]></description>
  <content:encoded><![CDATA[<script>jQuery('p').x();</script>
<p>Jalina Porter, Principal Deputy Spokesperson</p>
<p><strong>MS PORTER:</strong>  Hello.</p><p><strong>QUESTION:</strong>  Hi.</p>
<p>(The briefing was concluded at 2:29 p.m.)</p>]]></content:encoded>
</item>"""


def test_rss_item_is_read_once_with_feed_metadata(tmp_path):
    corpus = kit.read_transcript(write(tmp_path, "item.xml", RSS_ITEM))
    assert list(corpus.turns[s.SPEAKER_LABEL]) == ["MS PORTER", "QUESTION"]
    assert list(corpus.turns[s.SPEAKER]) == ["Jalina Porter", "Questioner"]
    doc = corpus.documents.iloc[0]
    assert doc[s.FORMAT] == "rss"
    assert doc[s.TITLE] == "Department Press Briefing – June 2, 2021"
    assert doc[s.DATE] == pd.Timestamp("2021-06-02")
    assert doc[s.URL].endswith("department-press-briefing-june-2-2021/")
    assert "concluded" in doc[s.TRAILER]
    assert "jQuery" not in doc[s.HEADER]


def test_whole_feed_gives_one_document_per_item(tmp_path):
    second = RSS_ITEM.replace("june-2-2021", "june-3-2021").replace("June 2", "June 3")
    feed = ('<?xml version="1.0"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Feed</title>'
            + RSS_ITEM + second + "</channel></rss>")
    corpus = kit.read_transcript(write(tmp_path, "feed.rss", feed))
    assert list(corpus.documents[s.DOC_ID]) == [
        "feed/briefings-department-press-briefing-june-2-2021",
        "feed/briefings-department-press-briefing-june-3-2021"]
    assert corpus.turns.groupby(s.DOC_ID).size().tolist() == [2, 2]


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>Interview</title><link href="https://example.org/a"/>
<published>2024-01-02T10:00:00Z</published><author><name>Desk</name></author>
<content type="html">&lt;p&gt;HOST: Welcome.&lt;/p&gt;&lt;p&gt;GUEST: Thanks.&lt;/p&gt;</content>
</entry></feed>"""


def test_atom_entries(tmp_path):
    corpus = kit.read_transcript(write(tmp_path, "feed.atom", ATOM))
    assert list(corpus.turns[s.SPEAKER_LABEL]) == ["HOST", "GUEST"]
    assert list(corpus.turns[s.ROLE]) == ["moderator", "unknown"]
    assert corpus.documents[s.DATE].iloc[0] == pd.Timestamp("2024-01-02")
    assert corpus.documents[s.FORMAT].iloc[0] == "atom"


MARKDOWN = """---
title: "Press Briefing by Press Secretary Jen\\_Psaki, March 3rd,\\_2022"
date: '2022-03-03'
source_url: https://example.gov/briefing
---
\u00a0
James S. Brady Press Briefing Room

1:19 P.M. EST

MS. PSAKI:  Hi, everyone. It’s so nice to see everybody’s beautiful
faces.  You too, Steve. \\[inaudible\\] **bold** and <s>struck</s>.

Q\u00a0 \u00a0 They’re already above 111, or so, dollars a barrel.  Pelosi has
come out also in support.

\u00a0MS. PSAKI:  Yes, I think \\### that.

1:59 P.M. EST
"""


def test_markdown_front_matter_wraps_and_escapes(tmp_path):
    corpus = kit.read_transcript(write(tmp_path, "brief.md", MARKDOWN))
    turns = corpus.turns
    assert list(turns[s.SPEAKER_LABEL]) == ["MS. PSAKI", "Q", "MS. PSAKI"]
    assert list(turns[s.SPEAKER]) == ["Jen Psaki", "Questioner", "Jen Psaki"]
    assert turns[s.TEXT].iloc[0] == ("Hi, everyone. It’s so nice to see everybody’s beautiful "
                                     "faces.  You too, Steve. [inaudible] bold and struck.")
    assert turns[s.TEXT].iloc[1] == ("They’re already above 111, or so, dollars a barrel.  "
                                     "Pelosi has come out also in support.")
    assert turns[s.TEXT].iloc[2] == "Yes, I think ### that."
    doc = corpus.documents.iloc[0]
    assert doc[s.TITLE] == "Press Briefing by Press Secretary Jen Psaki, March 3rd, 2022"
    assert doc[s.DATE] == pd.Timestamp("2022-03-03")
    assert doc[s.LOCATION] == "James S. Brady Press Briefing Room"
    assert doc[s.URL] == "https://example.gov/briefing"
    assert doc[s.TRAILER].strip() == "1:59 P.M. EST"
    assert doc[s.HEADER].startswith("---\ntitle:")
    assert turns[s.STAGE_DIRECTIONS].iloc[0] == ("[inaudible]",)


def test_vtt_and_srt_are_read_with_times(tmp_path):
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Jane Doe>Hello there.\n\n"
           "00:00:03.500 --> 00:00:05.000\nStill me.\n\n"
           "00:00:05.000 --> 00:00:07.250\n<v John Roe>Hi Jane.\n")
    turns = kit.read_transcript(write(tmp_path, "a.vtt", vtt)).turns
    assert list(turns[s.SPEAKER]) == ["Jane Doe", "John Roe"]
    assert list(turns[s.START_S]) == [1.0, 5.0]
    assert list(turns[s.END_S]) == [5.0, 7.25]
    srt = ("1\n00:00:01,000 --> 00:00:02,000\nJANE: Hello.\n\n"
           "2\n00:00:02,000 --> 00:00:04,000\nJOHN: Hi.\n")
    turns = kit.read_transcript(write(tmp_path, "b.srt", srt)).turns
    assert list(turns[s.SPEAKER_LABEL]) == ["JANE", "JOHN"]
    assert list(turns[s.START_S]) == [1.0, 2.0]


def test_json_jsonl_and_csv(tmp_path):
    rows = [{"who": "MR. PRICE", "said": "Hello."}, {"who": "QUESTION", "said": "Hi?"}]
    for name, content in [
        ("a.json", json.dumps(rows)),
        ("b.jsonl", "\n".join(json.dumps(r) for r in rows)),
        ("c.csv", "who,said\nMR. PRICE,Hello.\nQUESTION,Hi?\n"),
    ]:
        corpus = kit.read_transcript(write(tmp_path, name, content), speaker="who", text="said")
        assert list(corpus.turns[s.SPEAKER]) == ["Mr. Price", "Questioner"], name
        assert list(corpus.turns[s.TEXT]) == ["Hello.", "Hi?"], name


def test_format_can_be_forced(tmp_path):
    path = write(tmp_path, "notes.dat", "<p><b>MR PRICE:</b> Hello.</p>")
    with pytest.warns(TranscriptWarning, match="no speaker labels"):
        as_text = kit.read_transcript(path, format="text")
    assert as_text.turns[s.TEXT].iloc[0] == "<p><b>MR PRICE:</b> Hello.</p>"
    assert kit.read_transcript(path, format="html").turns[s.TEXT].iloc[0] == "Hello."
    with pytest.raises(KitError, match="Unknown format='pdf'.*one of"):
        kit.read_transcript(path, format="pdf")


# --- encodings --------------------------------------------------------------------------------

TEXT = "MR. PRICE:  Café – naïve “quotes” and €5.\r\n\r\nQUESTION:  Ça va?\r\n"


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"),
    ("utf-16-be", b"\xfe\xff"), ("cp1252", b""),
])
def test_encodings_and_line_endings(tmp_path, encoding, bom):
    path = write(tmp_path, "t.txt", bom + TEXT.encode(encoding))
    turns = kit.read_transcript(path).turns
    assert list(turns[s.TEXT]) == ["Café – naïve “quotes” and €5.", "Ça va?"]


def test_html_entities_are_decoded(tmp_path):
    path = write(tmp_path, "t.html", "<p>MR PRICE: Fish &amp; chips &#8211; &eacute;t&eacute;"
                                     "&nbsp;now.</p>")
    assert kit.read_transcript(path).turns[s.TEXT].iloc[0] == "Fish & chips – été\u00a0now."


# --- errors -----------------------------------------------------------------------------------


def test_empty_file_error_names_file_line_and_fix(tmp_path):
    path = write(tmp_path, "empty.txt", "  \n\n")
    with pytest.raises(TranscriptError, match=r"empty\.txt, line 1: The file is empty.*Fix:"):
        kit.read_transcript(path)


def test_binary_file_error(tmp_path):
    path = write(tmp_path, "photo.txt", b"MR PRICE: hi\n\x89PNG\x00\x00\x01\x02" * 20)
    with pytest.raises(TranscriptError, match=r"photo\.txt, line 2: .*binary.*Fix: Export"):
        kit.read_transcript(path)


def test_bad_encoding_error_names_the_line(tmp_path):
    path = write(tmp_path, "t.txt", b"MR PRICE: ok\nQUESTION: ok\n\x81\x81 bad\n")
    with pytest.raises(TranscriptError,
                       match=r"t\.txt, line 3: .*not valid utf-8.*Fix: Pass the file's real"):
        kit.read_transcript(path, encoding="utf-8")


def test_invalid_front_matter_names_the_line(tmp_path):
    path = write(tmp_path, "t.md", "---\ntitle: ok\ndate: [unclosed\n---\nMR X: hi\n")
    with pytest.raises(TranscriptError, match=r"t\.md, line \d+: The YAML front matter"):
        kit.read_transcript(path)


def test_missing_file_and_folder_given_to_read_transcript(tmp_path):
    with pytest.raises(TranscriptError, match="does not exist"):
        kit.read_transcript(tmp_path / "nope.txt")
    with pytest.raises(KitError, match="is a folder. Fix: use read_transcripts"):
        kit.read_transcript(tmp_path)


def test_text_without_labels_is_one_unknown_turn_with_a_warning(tmp_path):
    path = write(tmp_path, "speech.txt", "My fellow citizens.\n\nWe gather today.\n")
    with pytest.warns(TranscriptWarning, match="speech.txt: no speaker labels found"):
        corpus = kit.read_transcript(path)
    assert list(corpus.turns[s.SPEAKER]) == ["Unknown"]
    assert corpus.turns[s.TEXT].iloc[0] == "My fellow citizens.\n\nWe gather today."


# --- folders ---------------------------------------------------------------------------------


def make_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / ".hidden").mkdir()
    write(tmp_path, "a/one.txt", "MR PRICE: One.\n")
    write(tmp_path, "two.md", "---\ntitle: Two\n---\nMS. PSAKI: Two.\n")
    write(tmp_path, ".hidden/three.txt", "MR PRICE: hidden.\n")
    write(tmp_path, ".dotfile.txt", "MR PRICE: hidden.\n")
    return tmp_path


def test_folder_recurses_and_skips_hidden(tmp_path):
    corpus = kit.read_transcripts(make_folder(tmp_path), progress=False)
    assert list(corpus.documents[s.DOC_ID]) == ["a/one", "two"]
    assert list(corpus.turns[s.TEXT]) == ["One.", "Two."]


def test_glob_and_list_sources(tmp_path):
    make_folder(tmp_path)
    by_glob = kit.read_transcripts(str(tmp_path / "**" / "*.txt"), progress=False)
    assert list(by_glob.documents[s.DOC_ID]) == ["a/one"]
    by_list = kit.read_transcripts([tmp_path / "two.md", tmp_path / "a" / "one.txt"],
                                   progress=False)
    assert sorted(by_list.documents[s.DOC_ID]) == ["a/one", "two"]


def test_doc_ids_are_stable_and_unique(tmp_path):
    write(tmp_path, "x.txt", "MR A: one.\n")
    write(tmp_path, "x.md", "MR B: two.\n")
    ids = list(kit.read_transcripts(tmp_path, progress=False).documents[s.DOC_ID])
    assert ids == ["x.md", "x.txt"]
    again = list(kit.read_transcripts(tmp_path, progress=False).documents[s.DOC_ID])
    assert ids == again


@pytest.mark.parametrize("errors", ["warn", "skip"])
def test_folder_errors_warn_or_skip_and_report(tmp_path, errors):
    make_folder(tmp_path)
    write(tmp_path, "bad.txt", b"\x00\x01\x02binary")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = kit.read_transcripts(tmp_path, errors=errors, progress=False)
    assert list(corpus.documents[s.DOC_ID]) == ["a/one", "two"]
    assert len(corpus.skipped) == 1
    assert corpus.skipped["source"].iloc[0].endswith("bad.txt")
    assert "binary" in corpus.skipped["error"].iloc[0]
    skipped_warnings = [w for w in caught if "Skipped" in str(w.message)]
    assert len(skipped_warnings) == (1 if errors == "warn" else 0)


def test_folder_errors_raise_by_default(tmp_path):
    make_folder(tmp_path)
    write(tmp_path, "bad.txt", b"\x00\x01\x02binary")
    with pytest.raises(TranscriptError, match="bad.txt"):
        kit.read_transcripts(tmp_path, progress=False)
    with pytest.raises(KitError, match="errors='loud' is not one of"):
        kit.read_transcripts(tmp_path, errors="loud")


def test_parallel_read_equals_serial(tmp_path):
    for i in range(6):
        write(tmp_path, f"f{i}.txt", f"MR PRICE: Number {i}. (Laughter.) Yes.\n\n"
                                     f"QUESTION: Why {i}? [crosstalk] Well-being U.S.\n")
    serial = kit.read_transcripts(tmp_path, n_jobs=1, progress=False)
    parallel = kit.read_transcripts(tmp_path, n_jobs=2, progress=False)
    # workers forked after this process split phrases with polars: they never use it
    again = kit.read_transcripts(tmp_path, n_jobs=2, progress=False)
    for other in (parallel, again):
        for table in ("documents", "turns", "phrases", "stage_directions", "speakers"):
            pd.testing.assert_frame_equal(getattr(serial, table), getattr(other, table))
    assert serial.turns[s.N_WORDS].tolist()[:2] == [3, 4]  # (Laughter.), [crosstalk] left out


def test_parallel_read_from_a_script_without_a_main_guard(tmp_path):
    import subprocess
    import sys

    (tmp_path / "data").mkdir()
    for i in range(4):
        write(tmp_path, f"data/f{i}.txt", f"MR PRICE: Number {i}.\n\nQUESTION: Why?\n")
    script = write(tmp_path, "script.py",
                   "import kit\n"
                   f"c = kit.read_transcripts({str(tmp_path / 'data')!r}, n_jobs=2, "
                   "progress=False)\nprint(len(c.turns))\n")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "8"


def test_progress_bar_shows_when_asked(tmp_path, capsys):
    make_folder(tmp_path)
    kit.read_transcripts(tmp_path, progress=True)
    assert "Reading transcripts" in capsys.readouterr().err
    kit.read_transcripts(tmp_path, progress=False)
    assert "Reading transcripts" not in capsys.readouterr().err


# --- combining and tables --------------------------------------------------------------------


def test_combining_corpora(tmp_path, example):
    other = kit.read_transcript(write(tmp_path, "b.txt", "MR PRICE: Hi.\n\nQUESTION: Yes?\n"))
    both = example + other
    assert len(both.documents) == 2
    assert list(both.turns[s.SPEAKER].cat.categories) == [
        "Jens Stoltenberg", "Antony Blinken", "Mr. Price", "Questioner"]
    assert len(both.phrases) == len(example.phrases) + len(other.phrases)
    with pytest.raises(KitError, match="share doc_id 'b'.*id_prefix"):
        other + other
    assert both.skipped.empty and list(both.skipped.columns) == ["source", "error"]
    assert repr(both) == "<Corpus: 2 documents, 4 turns, 34 phrases, 4 speakers>"


def test_from_pandas_round_trips_turns(example):
    frame = pd.DataFrame({"doc": ["d1", "d1", "d2"], "who": ["MR PRICE", "QUESTION", "Jane Doe"],
                          "words": ["Hello. Two sentences.", "Why?", "Bye."]})
    corpus = kit.from_pandas(frame, speaker="who", text="words", doc="doc")
    assert list(corpus.documents[s.DOC_ID]) == ["d1", "d2"]
    assert list(corpus.turns[s.TEXT]) == ["Hello. Two sentences.", "Why?", "Bye."]
    assert list(corpus.turns[s.SPEAKER]) == ["Mr. Price", "Questioner", "Jane Doe"]
    assert list(corpus.phrases[s.TEXT]) == ["Hello.", "Two sentences.", "Why?", "Bye."]
    again = kit.from_pandas(corpus.turns, speaker=s.SPEAKER, text=s.TEXT, doc=s.DOC_ID)
    assert list(again.turns[s.TEXT]) == list(corpus.turns[s.TEXT])
    assert list(again.turns[s.SPEAKER].astype(str)) == list(corpus.turns[s.SPEAKER].astype(str))


def test_from_pandas_missing_column_error():
    with pytest.raises(TranscriptError, match="speaker"):
        kit.from_pandas(pd.DataFrame({"text": ["x"]}), speaker="who")


def test_public_api_is_listed():
    assert set(kit.__all__) <= set(dir(kit))
    for name in ("read_transcript", "read_transcripts", "from_pandas", "load_example",
                 "speaker_report", "Corpus"):
        assert name in kit.__all__


def test_phrases_split_in_chunks_equal_one_pass(tmp_path, monkeypatch):
    import kit.read.splitting

    for i in range(5):
        write(tmp_path, f"f{i}.txt", f"MR PRICE: One {i}. Two.\n\nQUESTION: Why {i}? Yes.\n")
    whole = kit.read_transcripts(tmp_path, progress=False)
    monkeypatch.setattr(kit.read.splitting, "PHRASE_CHUNK_CHARS", 10)
    # each batch is then split (and its words counted) on its own, as it arrives
    for n_jobs in (1, 2):
        chunked = kit.read_transcripts(tmp_path, progress=False, n_jobs=n_jobs)
        for table in ("documents", "turns", "phrases", "speakers"):
            pd.testing.assert_frame_equal(getattr(whole, table), getattr(chunked, table))
    assert len(whole.phrases) == 20


@pytest.mark.parametrize("name, content, message", [
    ("doc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\nstream\n\x00\x01\x02",
     r"line 1: The PDF cannot be read.*pdftotext"),
    ("a.zip", b"PK\x03\x04\x14\x00\x00\x00",
     r"line 1: The zip archive cannot be opened.*unzip any other archive"),
    ("raw.bin", b"MR A: hi\n\x00\x01\x02\x03", r"line 2: .*binary"),
    ("empty.html", "<html><body><script>x</script></body></html>", "holds no text"),
    ("front.md", "---\ntitle: x\n---\n", "holds no text"),
    ("deep.html", "<div>" * 3000 + "MR PRICE: deep." + "</div>" * 3000,
     "could not be read to the end.*Fix: Save the page again"),
    ("none.rss", "<rss><channel><title>x</title></channel></rss>", "no <item> or <entry>"),
    ("nums.json", "[1, 2, 3]", "Record 1 is a int, not an object"),
    ("bad.vtt", "WEBVTT\n\n00:00:01.000 --> garbage\nHello\n", r"line 3: Malformed cue timing"),
])
def test_hostile_inputs_give_clear_errors(tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    with pytest.raises(TranscriptError, match=rf"{name}.*{message}"):
        kit.read_transcript(path)


@pytest.mark.parametrize("extra", ["", "<p>quoted</p> and <b>bold</b> ", "<br> "])
def test_markup_characters_in_text_are_kept_as_text(tmp_path, extra):
    body = (f"MR PRICE:  Use {extra}<img src=x onerror=alert(1)> and "
            "<script>alert(2)</script> & more.\n")
    turns = kit.read_transcript(write(tmp_path, "t.txt", body)).turns
    assert turns[s.TEXT].iloc[0] == body.removeprefix("MR PRICE:  ").strip()


def test_a_saved_page_with_a_txt_suffix_is_still_html(tmp_path):
    page = "<!DOCTYPE html><html><body><p><b>MR PRICE:</b> Hi.</p></body></html>"
    corpus = kit.read_transcript(write(tmp_path, "page.txt", page))
    assert corpus.documents[s.FORMAT].iloc[0] == "html"
    assert corpus.turns[s.TEXT].iloc[0] == "Hi."


def test_an_unexpected_failure_still_names_the_file(tmp_path, monkeypatch):
    import kit.read.build

    def broken(*args, **kwargs):
        raise IndexError("list index out of range")

    monkeypatch.setattr(kit.read.build, "segment", broken)
    write(tmp_path, "t.txt", "MR PRICE: Hi.\n")
    with pytest.raises(TranscriptError, match=r"t\.txt: Reading failed unexpectedly "
                                              r"\(IndexError.*bug in Transcript Kit"):
        kit.read_transcripts(tmp_path, progress=False)
    corpus = kit.read_transcripts(tmp_path, errors="skip", progress=False)
    assert len(corpus.documents) == 0 and len(corpus.skipped) == 1


@pytest.mark.parametrize("fmt", ["parquet", "feather"])
def test_parquet_and_feather_round_trip(tmp_path, example, fmt):
    write = getattr(example, f"to_{fmt}")
    read = getattr(kit.Corpus, f"from_{fmt}")
    again = read(write(tmp_path / "tables"))
    for name in ("documents", "turns", "phrases", "stage_directions", "speakers"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(example, name),
                                      check_categorical=False)
    assert again.turns[s.SPEAKER].dtype == example.turns[s.SPEAKER].dtype
    assert again.speakers[s.SPEAKER].dtype == example.turns[s.SPEAKER].dtype
    assert list(again.turns[s.SPEAKER].cat.categories) == example.speaker_names
    with pytest.raises(KitError, match=f"no documents.{fmt} here. Fix: .*Corpus.to_{fmt}"):
        read(tmp_path)
    # tokens travel too when asked, and object columns with only None stay None
    with_tokens = read(write(tmp_path / "t2", tokens=True))
    assert "tokens" in with_tokens.__dict__
    pd.testing.assert_frame_equal(with_tokens.tokens, example.tokens, check_categorical=False)
    assert with_tokens.documents[s.BYLINE].iloc[0] is None


def test_options_go_to_the_readers_that_take_them_and_typos_are_named(tmp_path):
    (tmp_path / "a.csv").write_text("who,said\nAnn,Hello there.\nBo,Hi.\n")
    (tmp_path / "b.txt").write_text("MR. PRICE: One.\n\nQUESTION: Two?\n")
    # speaker=/text= are the CSV reader's; corpus_root= is ParlaMint's: neither trips the other
    corpus = kit.read_transcripts(tmp_path, speaker="who", text="said",
                                  corpus_root=tmp_path, progress=False)
    assert corpus.turns[[s.DOC_ID, s.SPEAKER]].astype(str).values.tolist() == [
        ["a", "Ann"], ["a", "Bo"], ["b", "Mr. Price"], ["b", "Questioner"]]
    with pytest.raises(KitError, match="No reader takes the option speker=. Fix: use one of"):
        kit.read_transcripts(tmp_path, speker="who", progress=False)


# --- one file never breaks a folder (issue 13) --------------------------------------------

FEED_WITH_AN_EMPTY_ITEM = (
    "<rss><channel><item><title>One</title><description>&lt;p&gt;MR PRICE: One.&lt;/p&gt;"
    "</description></item><item><title>Two</title><description></description></item>"
    "</channel></rss>")


def hostile_folder(tmp_path):
    """Good files, and files that each broke a whole folder read (or were read in part)."""
    write(tmp_path, "good.txt", "MR PRICE: One.\n\nQUESTION: Two?\n")
    # a date with a zone beside dates without one: the documents table could not be made
    write(tmp_path, "zoned.json", json.dumps({"date": "2022-01-01T10:00:00+02:00", "segments": [
        {"speaker": "A", "text": "Zoned."}]}))
    # a lone surrogate from a YAML escape: Arrow refused the documents table
    write(tmp_path, "escape.md", '---\ntitle: "Caf\\ud800"\n---\nMR PRICE: Escaped.\n')
    # a file name that is not UTF-8: Arrow refused the source column
    (tmp_path / "caf\udce9.txt").write_bytes(b"MR PRICE: Named.\n")
    # unreadable: skipped whole, with what is wrong
    write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    write(tmp_path, "feed.rss", FEED_WITH_AN_EMPTY_ITEM)  # its first item was kept
    write(tmp_path, "stray.txt", b"MR PRICE: Caf\xc3\xa9, caf\xe9.\n")  # a warning, from a worker
    return tmp_path


@pytest.mark.parametrize("pool", [False, True])
def test_one_file_never_breaks_a_folder_read(tmp_path, monkeypatch, pool):
    import kit.read.read

    if pool:  # the process pool of big folders, for these few small files
        monkeypatch.setattr(kit.read.read, "_PARALLEL_MIN_FILES", 1)
        monkeypatch.setattr(kit.read.read, "_PARALLEL_MIN_BYTES", 0)
    folder = hostile_folder(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = kit.read_transcripts(folder, errors="skip", progress=False)
    messages = [str(w.message) for w in caught]
    assert sorted(corpus.documents[s.DOC_ID]) == ["caf", "escape", "good", "stray", "zoned"]
    assert list(corpus.skipped["source"].map(lambda p: Path(p).name)) == ["deep.json",
                                                                           "feed.rss"]
    assert "nests lists or objects too deeply" in corpus.skipped["error"].iloc[0]
    assert "holds no text" in corpus.skipped["error"].iloc[1]
    docs = corpus.documents.set_index(s.DOC_ID)
    assert docs.loc["zoned", s.DATE] == pd.Timestamp("2022-01-01 08:00")
    assert docs.loc["escape", s.TITLE] == "Caf\ufffd"
    assert docs.loc["caf", s.SOURCE].endswith("caf\ufffd.txt")
    assert corpus.turns[s.TEXT].str.contains("Café, café.").any()
    assert any("stray.txt: 1 byte is not valid UTF-8, on line 1" in m for m in messages)
    assert any("escape.md: the document holds lone surrogates" in m for m in messages)


def test_an_error_in_a_reader_process_reaches_the_caller_whole(tmp_path):
    for i in range(3):
        write(tmp_path, f"f{i}.txt", f"MR PRICE: Number {i}.\n")
    write(tmp_path, "z.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(TranscriptError, match=r"z\.json: The JSON nests lists or objects too "
                                              r"deeply") as e:
        kit.read_transcripts(tmp_path, n_jobs=2, progress=False)
    assert e.value.fix.startswith("Give a list of utterance objects")


def test_a_read_with_reader_processes_leaves_the_garbage_collector_as_it_was(tmp_path):
    import gc

    for i in range(3):
        write(tmp_path, f"f{i}.txt", f"MR PRICE: Number {i}.\n")
    assert gc.get_freeze_count() == 0
    assert len(kit.read_transcripts(tmp_path, n_jobs=2, progress=False).turns) == 3
    assert gc.get_freeze_count() == 0  # frozen for the fork only
    write(tmp_path, "z.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(TranscriptError):
        kit.read_transcripts(tmp_path, n_jobs=2, progress=False)
    assert gc.get_freeze_count() == 0


def test_an_unexpected_failure_of_one_file_is_still_a_transcript_error(tmp_path, monkeypatch):
    import kit.read.build

    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(kit.read.build, "segment", broken)
    with pytest.raises(TranscriptError, match=r"t\.txt: Reading failed unexpectedly "
                                              r"\(RecursionError"):
        kit.read_transcript(write(tmp_path, "t.txt", "MR PRICE: Hi.\n"))


def test_lone_surrogates_read_into_tables_with_a_warning(tmp_path):
    path = write(tmp_path, "t.json", '[{"speaker": "MR PRICE\\udc00", "text": "Hi \\ud800."}]')
    with pytest.warns(TranscriptWarning, match=r"t\.json: record 1 held lone surrogates"):
        corpus = kit.read_transcript(path)
    assert list(corpus.turns[s.TEXT]) == ["Hi \ufffd."]
    assert list(corpus.turns[s.SPEAKER_LABEL]) == ["MR PRICE\ufffd"]
    frame = pd.DataFrame({"speaker": ["A\ud800"], "text": ["B\udfff"], "doc": ["d\ud800"]},
                         dtype=object)
    with pytest.warns(TranscriptWarning, match=r"<DataFrame>: row 0 held lone surrogates"):
        corpus = kit.from_pandas(frame, doc="doc")
    assert list(corpus.turns[s.TEXT]) == ["B\ufffd"]
    assert list(corpus.documents[s.DOC_ID]) == ["d"]


def test_a_european_parliament_report_names_speakers_and_their_groups(tmp_path):
    path = write(tmp_path, "cre.txt", (
        "1. Opening of the sitting\n\nPresident. – The sitting is open.\n\n"
        "Manfred Weber, on behalf of the PPE Group. – Mr President, we stand with Ukraine.\n\n"
        "Iratxe García Pérez, on behalf of the S&D Group. – Mr President, I agree.\n\n"
        "Clare Daly, on behalf of The Left Group. – Mr President, I do not.\n\n"
        "President. – The debate is closed.\n"))
    corpus = kit.read_transcript(path)
    assert corpus.turns[s.SPEAKER].tolist() == [
        "President", "Manfred Weber", "Iratxe García Pérez", "Clare Daly", "President"]
    groups = corpus.speakers.set_index(s.SPEAKER)[s.PARTY]
    assert groups[["Manfred Weber", "Iratxe García Pérez", "Clare Daly"]].tolist() == [
        "PPE", "S&D", "The Left"]  # (a group whose name starts with "The")
    assert_tiles(corpus, "cre", path.read_text(encoding="utf-8"))
