"""Examinations of witnesses: the Q.s are the examiner's, the A.s the witness's.

Fixtures are written here, in the shapes court reporters and the House's reporters print:
a trial transcript (``Q.``/``A.``, ``BY MR. SMITH:``, a witness sworn) and a line-numbered
deposition as ``pdftotext -layout`` gives it (``Q    ...`` at an indent, the witness named
in the title).
"""

from __future__ import annotations

from collections import Counter

import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.read.examination import read_examination
from kit.read.segment import find_turns

TRIAL = """\
                     UNITED STATES DISTRICT COURT
                     DISTRICT OF COLUMBIA

UNITED STATES OF AMERICA v. JOHN Q. PUBLIC        Criminal No. 21-123

                 TRANSCRIPT OF JURY TRIAL - DAY 2

          THE COURT:  Good morning.  Please be seated.
          MR. SMITH:  The government calls Jane Doe.

                              JANE DOE,
having been first duly sworn, testified as follows:

                          DIRECT EXAMINATION
BY MR. SMITH:
     Q.   Good morning, Ms. Doe.
     A.   Good morning.
     Q.   Where do you work?
     A.   I work at the First National Bank on Main Street.  I have
been there for eleven years.
          MS. JONES:  Objection, Your Honor.  Relevance.
          THE COURT:  Overruled.
          THE WITNESS:  I manage the branch.
BY MR. SMITH:
     Q.   Were you working on the morning of January 6?
     A.   Yes, I was.
          MR. SMITH:  Nothing further.

                           CROSS-EXAMINATION
BY MS. JONES:
     Q.   You did not see my client that day, did you?
     A.   No, I did not.
          MS. JONES:  No further questions.
          THE COURT:  You may step down.

                    (Witness excused.)

          MR. SMITH:  The government calls Special Agent Richard Roe.

Whereupon,
                          RICHARD ROE,
was called as a witness and, having been first duly sworn, was examined and testified as
follows:

                          EXAMINATION BY MR. SMITH
     Q.   Please state your name.
     A.   Richard Roe.
          THE COURT:  We will adjourn until tomorrow.
"""


def _deposition() -> str:
    """A House deposition as pdftotext -layout prints it: 25 numbered lines a page."""
    pages = [
        ["", "", "              SELECT COMMITTEE TO INVESTIGATE", "",
         "              DEPOSITION OF: JOHN Q. EXAMPLE", "",
         "                  Tuesday, March 1, 2022", "",
         "                     Washington, D.C.", *[""] * 15],
        ["             Mr. Smith.  Good morning.  We are on the record.",
         "   Today is March 1, 2022.  Could the witness please raise his",
         "   right hand?",
         "             Mr. Example.  I do.",
         "                         EXAMINATION",
         "             BY MR. SMITH:",
         "        Q    Mr. Example, where were you on January 6th?",
         "        A    I was at home.",
         "        Q    And what did you do that afternoon?",
         "        A    I watched television, mostly.  I was on the phone for",
         "   part of it.",
         "             Mr. Lawyer.  Objection.  I'd ask that the question be",
         "   clarified.",
         "             BY MS. JONES:",
         "        Q    Who did you speak with on the phone?",
         "        A    My sister.",
         "             Mr. Smith.  We will go off the record.",
         "             (Recess.)",
         "             Mr. Smith.  We are back on the record.",
         "             BY MR. SMITH:",
         "        Q    Did you go to the Capitol?",
         "        A    No.",
         "             Mr. Smith.  That concludes the deposition."],
    ]
    out = []
    for n, lines in enumerate(pages, 1):
        out.append(f"{'':>70}{n}\n\n")
        out.extend(f"{i:>2} {line}\n\n" for i, line in enumerate(lines, 1))
        out.append("\f")
    return "".join(out)


def _read(tmp_path, name: str, text: str) -> tuple[kit.Corpus, str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert_tiles(corpus, corpus.documents[s.DOC_ID][0], normalised_texts(path)[0])
    return corpus, path.read_text(encoding="utf-8")


def test_questions_are_the_examiners_and_answers_the_witnesses(tmp_path):
    corpus, _ = _read(tmp_path, "trial.txt", TRIAL)
    turns = corpus.turns
    said = list(zip(turns[s.SPEAKER], turns[s.SPEAKER_LABEL], strict=True))
    assert said[:7] == [
        ("The Court", "THE COURT"), ("Mr. Smith", "MR. SMITH"),
        ("Mr. Smith", "Q"), ("Jane Doe", "A"), ("Mr. Smith", "Q"), ("Jane Doe", "A"),
        ("Ms. Jones", "MS. JONES")]
    # the cross-examination's questions are the other lawyer's; the next witness answers next
    assert ("Ms. Jones", "Q") in said and ("Jane Doe", "THE WITNESS") in said
    assert said[-3:] == [("Mr. Smith", "Q"), ("Richard Roe", "A"), ("The Court", "THE COURT")]
    assert Counter(turns[s.SPEAKER]) == {"The Court": 4, "Mr. Smith": 7, "Jane Doe": 5,
                                         "Ms. Jones": 3, "Richard Roe": 1}
    roles = dict(zip(corpus.speakers[s.SPEAKER], corpus.speakers[s.ROLE], strict=True))
    assert roles["The Court"] == s.ROLE_CHAIR
    assert roles["Jane Doe"] == roles["Richard Roe"] == s.ROLE_GUEST
    # no speaker is made of "BY MR. SMITH" or a heading
    assert not any(sp.startswith(("By", "Examination", "Direct")) for sp in turns[s.SPEAKER])


def test_the_records_lines_are_stage_directions_not_speech(tmp_path):
    corpus, _ = _read(tmp_path, "trial.txt", TRIAL)
    turns = corpus.turns.set_index(s.TURN_ID)
    calls = turns.loc[1]  # MR. SMITH: The government calls Jane Doe. (then the record)
    assert calls[s.STAGE_DIRECTIONS] == (
        "JANE DOE,\nhaving been first duly sworn, testified as follows:",
        "DIRECT EXAMINATION", "BY MR. SMITH:")
    assert calls[s.N_WORDS] == 5  # the words spoken only
    notes = set(corpus.stage_directions[s.TEXT])
    assert {"CROSS-EXAMINATION", "BY MS. JONES:", "(Witness excused.)",
            "EXAMINATION BY MR. SMITH"} <= notes
    assert any(n.startswith("Whereupon,\n") and n.endswith("follows:") for n in notes)


def test_a_numbered_deposition_names_its_witness_in_the_title(tmp_path):
    corpus, _ = _read(tmp_path, "deposition.txt", _deposition())
    assert corpus.documents["format"][0] == "numbered"
    turns = corpus.turns
    said = list(zip(turns[s.SPEAKER], turns[s.SPEAKER_LABEL], strict=True))
    assert said[:4] == [("Mr. Smith", "Mr. Smith"), ("Mr. Example", "Mr. Example"),
                        ("Mr. Smith", "Q"), ("John Q. Example", "A")]
    assert ("Ms. Jones", "Q") in said
    assert Counter(turns[s.SPEAKER_LABEL])["A"] == 4
    assert set(turns[turns[s.SPEAKER_LABEL] == "A"][s.SPEAKER]) == {"John Q. Example"}
    # a wrapped answer stays one turn
    answer = turns[turns[s.TEXT].str.startswith("I watched")][s.TEXT].item()
    assert answer == "I watched television, mostly. I was on the phone for part of it."
    assert "BY MS. JONES:" in set(corpus.stage_directions[s.TEXT])


@pytest.mark.parametrize("text", [
    # a byline is not an examiner, and an interview's answers stay the answerer's label
    "BY JANE DOE\n\nQ:  What happened?\nA:  Nothing.\nQ:  Really?\nA:  Really.\n",
    "Q.  What happened?\n\nA.  Nothing.\n\nQ.  Why?\n\nA.  No reason.\n",
])
def test_no_examination_without_its_record(text):
    assert read_examination(text) is None
    assert all(t.label_as is None for t in find_turns(text))


def test_an_examiner_line_needs_its_colon_a_heading_or_a_title():
    text = "BY MR. SMITH\nQ.  Yes?\nBY JANE DOE\nREDIRECT EXAMINATION BY JOHN ROE\nBy Ms. Lee:\n"
    exam = read_examination(text)
    assert [name for _, name in exam.examiners] == ["MR. SMITH", "JOHN ROE", "Ms. Lee"]
    assert exam.examiner_at(0) == "MR. SMITH" and exam.witness_at(len(text)) is None


def test_a_single_space_answer_only_right_after_a_question():
    # "Q text" / "A text" at paragraph starts (spaces collapsed), but "A New ..." opening
    # a paragraph of speech that follows no question is speech
    text = ("MS. LEE:  Go ahead.\n\nQ Where were you?\n\nA At home.\n\nQ Alone?\n\nA Yes.\n\n"
            "MS. LEE:  Thank you.\n\nA New York paper said so.\n\nMS. LEE:  It did.\n")
    assert [t.label for t in find_turns(text)] == [
        "MS. LEE", "Q", "A", "Q", "A", "MS. LEE", "MS. LEE"]


INQUIRY = """\
                                     Monday, 11 December 2023
   (10.00 am)
   LADY HALLETT:  Good morning.  Mr Keith.
   MR KEITH:  My Lady, the first witness today is Mr Johnson.
                THE RT HON BORIS JOHNSON MP (affirmed)
              Questions from LEAD COUNSEL TO THE INQUIRY
   MR KEITH:  Mr Johnson, could you give the Inquiry your full
       name, please?
   A.  Alexander Boris de Pfeffel Johnson.
   Q.  You were Prime Minister from July 2019?
   A.  I was.
   LADY HALLETT:  We will break there.
   (11.15 am)
                      (A short break)
   Q.  Was there a plan?
   A.  There was.
              Questions from MS CAREY KC
   Q.  Mr Johnson, I represent the bereaved families.
   A.  I understand.
   LADY HALLETT:  Thank you, Mr Johnson.
                     (The witness withdrew)
"""


def test_a_uk_inquiry_names_its_witness_sworn_and_who_asks(tmp_path):
    corpus, _ = _read(tmp_path, "inquiry.txt", INQUIRY)
    turns = corpus.turns
    by_label = turns.groupby(s.SPEAKER_LABEL, observed=True)[s.SPEAKER].agg(list).to_dict()
    assert set(by_label["A"]) == {"Boris Johnson"}
    assert by_label["Q"] == ["Lead Counsel to the Inquiry"] * 2 + ["Ms. Carey"]
    notes = set(corpus.stage_directions[s.TEXT])
    assert {"THE RT HON BORIS JOHNSON MP (affirmed)", "Questions from MS CAREY KC",
            "(11.15 am)", "(A short break)", "(The witness withdrew)"} <= notes


@pytest.mark.parametrize("title, witness", [
    ("DEPOSITION OF: JOHN Q. EXAMPLE", "JOHN Q. EXAMPLE"),
    ("VIDEOTAPED DEPOSITION OF JANE DOE,", "JANE DOE"),
    ("INTERVIEW OF THE PRESIDENT BY JOHN DOE, CNN", "THE PRESIDENT"),
    ("TESTIMONY OF JOHN ROE TAKEN ON MAY 1, 2024", "JOHN ROE"),
    ("STATEMENT OF JANE DOE, DIRECTOR, OFFICE OF BUDGET", None),  # a hearing's heading
])
def test_the_witness_a_title_names(title, witness):
    exam = read_examination(f"{title}\n\nQ.  Yes?\nA.  No.\n")
    assert (exam.witness_at(100) if exam else None) == witness
