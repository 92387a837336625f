"""Line-numbered transcripts (pdftotext of court and committee transcripts): snippets and the
Supreme Court argument of ../shared/corpus-more."""

from __future__ import annotations

import warnings

import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import TranscriptError, TranscriptWarning
from kit.read.formats import sniff_format
from kit.read.formats.numbered import looks_like_numbered, normalise_numbered, parse_numbered

PARA = " " * 14  # a paragraph's first line is indented beyond the margin


def page(lines, number, *, header="Official - Subject to Final Review",
         footer="Smith Reporting Company"):
    """One pdftotext -layout page: running header, numbered double-spaced lines, footer.

    (A printed page has 25 lines; a numbered line without text ends a paragraph, so the
    pages here are as long as their text.)"""
    out = [" " * 24 + header, "", ""]
    for n, line in enumerate(lines, 1):
        out += [f"{n:2d}   {line}".rstrip(), ""]
    out += [" " * 40 + str(number), "", " " * 26 + footer]
    return "\n".join(out) + "\n"


FRONT = [
    "         IN THE SUPREME COURT OF THE UNITED STATES",
    "- - - - - - - - - - - - - - - - - x",
    "ACME WIDGETS, INC.,                    :",
    f"{PARA}Petitioner                :    No. 12-345",
    "       v.                              :",
    "JONES, ET AL.                          :",
    "- - - - - - - - - - - - - - - - - x",
    "                      Washington, D.C.",
    "                      Monday, October 7, 2013",
    "APPEARANCES:",
    "JANE ROE, ESQ., Boston, Massachusetts; on behalf of",
    "   Petitioner.",
    "JOHN POE, ESQ., Washington, D.C.; on behalf of",
    "   Respondents.",
]
PROCEEDINGS = [
    "              P R O C E E D I N G S",
    "                                              (10:04 a.m.)",
    f"{PARA}CHIEF JUSTICE ROBERTS:        We will hear",
    "argument first this morning in Case 12-345, Acme",
    "Widgets v. Jones.",
    f"{PARA}Ms. Roe.",
    "          ORAL ARGUMENT OF JANE ROE",
    "             ON BEHALF OF THE PETITIONER",
    f"{PARA}MS. ROE:     Mr. Chief Justice, and may it",
    "please the Court:",
    f"{PARA}The statute reaches every widget sold in",
    "interstate commerce. And -\u00ad",
    f"{PARA}JUSTICE SCALIA:      Every one of them? Even",
    "the ones that never leave the State? I find that",
    "hard to accept, and so did the court of appeals,",
    "which held that the statute's reach stops at the",
]
SECOND = [
    "border of the State. Is that not so?",
    f"{PARA}MS. ROE:     It is a cross-border inter\u00ad",
    "est, Justice Scalia.",
    f"{PARA}JUSTICE SCALIA:   A cross-border interest",
    "in a widget that never crosses a border?",
    f"{PARA}MS. ROE:     In the market for widgets,",
    "yes.",
    f"{PARA}(Laughter.)",
    f"{PARA}JUSTICE SCALIA:   Thank you.",
    f"{PARA}CHIEF JUSTICE ROBERTS:    Thank you, counsel.",
    f"{PARA}The case is submitted.",
    f"{PARA}(Whereupon, at 11:02 a.m., the case in the",
    "above-entitled matter was submitted.)",
]
INDEX = (" " * 24 + "Official - Subject to Final Review\n\n" + " " * 60 + "4\n\n"
         "        A          Alito 7:12,15        hear 3:2\n"
         "ability 2:1        Roe 2:4              Scalia 3:7\n"
         "Scalia 3:4\n")
TRANSCRIPT = "\f".join([page(FRONT, 1), page(PROCEEDINGS, 2), page(SECOND, 3), INDEX])


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "argument.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    return kit.read_transcript(path)


def test_sniffed_from_the_line_numbers():
    assert looks_like_numbered(TRANSCRIPT)
    assert sniff_format(TRANSCRIPT, suffix=".txt") == "numbered"
    numbered_list = "".join(f"{n} item number {n}\n" for n in range(1, 60))
    assert not looks_like_numbered("Some title\n\n" + "A sentence of prose.\n" * 80)
    assert not looks_like_numbered(numbered_list)  # numbers past 30 are no line numbers
    srt = "".join(f"{n}\n00:00:0{n % 9},000 --> 00:00:0{n % 9},500\nText {n}\n\n"
                  for n in range(1, 50))
    assert sniff_format(srt, suffix=".srt") == "srt"


def test_layout_is_dropped_and_lines_are_joined():
    text = normalise_numbered(TRANSCRIPT)
    for layout in ("Official - Subject", "Smith Reporting", "\f", "\u00ad"):
        assert layout not in text
    # runs of spaces collapse, but the index (a page without line numbers) keeps its columns
    proceedings, index = text.split("submitted.)")
    assert "  " not in proceedings and "Alito 7:12,15        hear 3:2" in index
    # a paragraph goes on across a page break; the double spacing is gone
    assert ("JUSTICE SCALIA: Every one of them? Even the ones that never leave the State? I "
            "find that hard to accept, and so did the court of appeals, which held that the "
            "statute's reach stops at the border of the State. Is that not so?") in text
    # a soft hyphen after a hyphen is a dash; after a letter it joins the word
    assert "interstate commerce. And --\n\nJUSTICE SCALIA:" in text
    assert "a cross-border interest, Justice Scalia." in text
    # a heading printed on two lines is one paragraph
    assert "\n\nORAL ARGUMENT OF JANE ROE ON BEHALF OF THE PETITIONER\n\n" in text


def test_turns_roles_header_and_trailer(corpus):
    turns = corpus.turns
    assert list(turns[s.SPEAKER_LABEL]) == [
        "CHIEF JUSTICE ROBERTS", "MS. ROE", "JUSTICE SCALIA", "MS. ROE", "JUSTICE SCALIA",
        "MS. ROE", "JUSTICE SCALIA", "CHIEF JUSTICE ROBERTS"]
    assert list(turns[s.ROLE]) == ["chair", "guest", "member", "guest", "member", "guest",
                                   "member", "chair"]
    assert turns[s.TEXT].iloc[0] == (
        "We will hear argument first this morning in Case 12-345, Acme Widgets v. Jones.\n\n"
        "Ms. Roe.\n\nORAL ARGUMENT OF JANE ROE ON BEHALF OF THE PETITIONER")
    # the section heading is a stage direction of the turn before it, out of the word count
    assert turns[s.STAGE_DIRECTIONS].iloc[0] == (
        "ORAL ARGUMENT OF JANE ROE ON BEHALF OF THE PETITIONER",)
    assert turns[s.N_WORDS].iloc[0] == 16
    assert turns[s.STAGE_DIRECTIONS].iloc[5] == ("(Laughter.)",)
    assert turns[s.TEXT].iloc[-1] == "Thank you, counsel.\n\nThe case is submitted."
    doc = corpus.documents.iloc[0]
    assert doc[s.FORMAT] == "numbered"
    assert doc[s.HEADER].startswith("IN THE SUPREME COURT OF THE UNITED STATES\n")
    assert doc[s.HEADER].endswith("P R O C E E D I N G S\n\n(10:04 a.m.)\n\n")
    assert "APPEARANCES:\nJANE ROE, ESQ., Boston, Massachusetts; on behalf of\n" in doc[s.HEADER]
    # the closing note and the word index are the trailer: its surnames are never turns
    assert doc[s.TRAILER].startswith("\n\n(Whereupon, at 11:02 a.m., the case in the "
                                     "above-entitled matter was submitted.)\n\n")
    assert "Alito 7:12,15" in doc[s.TRAILER]
    # the index page's running header and page number are furniture too
    assert "Official" not in doc[s.TRAILER]
    assert "4" not in [line.strip() for line in doc[s.TRAILER].split("\n")]


def test_metadata(corpus):
    doc = corpus.documents.iloc[0]
    assert str(doc[s.DATE].date()) == "2013-10-07"
    assert doc[s.TITLE] == "ACME WIDGETS, INC., Petitioner v. JONES, ET AL."
    assert doc["docket"] == "12-345"


def test_tiles(corpus):
    assert_tiles(corpus, "argument", normalise_numbered(TRANSCRIPT))


def test_pages_without_form_feeds():
    """Without form feeds the numbering starting again marks the page break."""
    text = TRANSCRIPT.replace("\f", "")
    [doc] = parse_numbered(text, source="nofeed.txt")
    assert doc.text == normalise_numbered(TRANSCRIPT)
    assert [t.label for t in doc.turns][:3] == ["CHIEF JUSTICE ROBERTS", "MS. ROE",
                                                 "JUSTICE SCALIA"]


def test_not_line_numbered_is_an_error(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text("MR. SMITH: Hello there.\n\nMS. JONES: Hi.\n", encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"prose\.txt, line 1: No numbered lines were "
                                              r"found: this is not a line-numbered transcript\. "
                                              r"Fix: Leave format= out"):
        kit.read_transcript(path, format="numbered")


def test_no_labels_is_one_unknown_turn_with_a_warning(tmp_path):
    body = "\f".join(page([f"{PARA}Some words of a deposition exhibit,", "with no one named",
                           "on the page."], n) for n in (1, 2))
    path = tmp_path / "exhibit.txt"
    path.write_text(body, encoding="utf-8")
    with pytest.warns(TranscriptWarning, match="no speaker labels found"):
        corpus = kit.read_transcript(path, format="numbered")  # too short to be sniffed
    assert list(corpus.turns[s.SPEAKER]) == [s.UNKNOWN_SPEAKER]
    assert corpus.turns[s.TEXT].iloc[0] == (
        "Some words of a deposition exhibit, with no one named on the page.\n\n"
        "Some words of a deposition exhibit, with no one named on the page.")


# --- the real file ---------------------------------------------------------------------------

SCOTUS = "scotus-oral-argument-txt/11-398_HHS-v-Florida_2012-03-27.txt"
# Counted by hand: grep for "^ ?NN   LABEL:" in the file (the two front-matter lines with a
# colon, "DEPARTMENT OF HEALTH AND   :" and "APPEARANCES:", are no labels).
SCOTUS_COUNTS = {
    "GENERAL VERRILLI": 93, "MR. CARVIN": 56, "JUSTICE SOTOMAYOR": 38, "JUSTICE SCALIA": 38,
    "MR. CLEMENT": 32, "CHIEF JUSTICE ROBERTS": 32, "JUSTICE BREYER": 28, "JUSTICE KAGAN": 16,
    "JUSTICE GINSBURG": 15, "JUSTICE ALITO": 14, "JUSTICE KENNEDY": 10,
}


@pytest.fixture(scope="module")
def scotus(corpus_more_dir):
    path = corpus_more_dir / SCOTUS
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return kit.read_transcript(path), normalised_texts(path)[0]


def test_scotus_turn_counts(scotus):
    corpus, _ = scotus
    assert corpus.turns[s.SPEAKER_LABEL].value_counts().to_dict() == SCOTUS_COUNTS


def test_scotus_first_and_last_turns(scotus):
    turns = scotus[0].turns
    first, last = turns.iloc[0], turns.iloc[-1]
    assert first[s.SPEAKER] == "Chief Justice Roberts"
    assert first[s.TEXT].startswith("We will continue argument this morning in Case 11-398, "
                                    "the Department of Health and Human Services v. Florida.")
    assert last[s.SPEAKER] == "Chief Justice Roberts"
    assert last[s.TEXT] == "Thank you, General.\n\nCounsel, we'll see you tomorrow."
    assert turns[s.SPEAKER].iloc[1] == "General Verrilli"
    assert turns[s.TEXT].iloc[1].startswith("Mr. Chief Justice, and may it please the Court:")


def test_scotus_front_matter_headings_and_index_stay_out_of_speech(scotus):
    corpus, text = scotus
    speech = "\n".join(corpus.turns[s.TEXT])
    for layout in ("Official - Subject to Final Review", "Alderson Reporting Company",
                   "\u00ad", "\f", "APPEARANCES", "C O N T E N T S", "P R O C E E D I N G S",
                   "Alito 7:12,15"):
        assert layout not in speech
    doc = corpus.documents.iloc[0]
    assert "APPEARANCES:" in doc[s.HEADER] and "C O N T E N T S" in doc[s.HEADER]
    assert doc[s.TRAILER].lstrip().startswith("(Whereupon, at 12:02 p.m., the case in the "
                                              "above-entitled matter was submitted.)")
    assert "Alito 7:12,15" in doc[s.TRAILER]
    headings = corpus.stage_directions[corpus.stage_directions[s.TEXT].str.contains("BEHALF")]
    assert list(headings[s.TEXT]) == [
        "ORAL ARGUMENT OF DONALD B. VERRILLI, JR., ON BEHALF OF THE PETITIONERS",
        "ORAL ARGUMENT OF PAUL D. CLEMENT ON BEHALF OF THE RESPONDENTS FLORIDA, ET AL.",
        "ORAL ARGUMENT OF MICHAEL A. CARVIN ON BEHALF OF THE RESPONDENTS NFIB, ET AL.",
        "REBUTTAL ARGUMENT OF DONALD B. VERRILLI, JR., ON BEHALF OF THE PETITIONERS"]
    assert set(corpus.stage_directions[s.TEXT]) - set(headings[s.TEXT]) == {
        "(Pause.)", "(Laughter.)"}
    # a dash broken at a line end with a soft hyphen
    assert "one big difference, Justice Alito, is the -- you don't have the cost shifting " \
           "to other market participants. Here --" in speech
    assert_tiles(corpus, doc[s.DOC_ID], text)


def test_scotus_speakers_and_metadata(scotus):
    corpus, _ = scotus
    roles = corpus.speakers.set_index(s.SPEAKER)[s.ROLE].to_dict()
    assert roles == {
        "Chief Justice Roberts": "chair", "General Verrilli": "guest", "Mr. Clement": "guest",
        "Mr. Carvin": "guest", **{f"Justice {name}": "member" for name in (
            "Scalia", "Kennedy", "Alito", "Ginsburg", "Breyer", "Sotomayor", "Kagan")}}
    doc = corpus.documents.iloc[0]
    assert str(doc[s.DATE].date()) == "2012-03-27"
    assert doc[s.TITLE] == ("DEPARTMENT OF HEALTH AND HUMAN SERVICES, ET AL., Petitioners v. "
                            "FLORIDA, ET AL.")
    assert doc["docket"] == "11-398"
    assert doc[s.FORMAT] == "numbered"
