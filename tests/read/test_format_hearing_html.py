"""Hearing transcripts as hand-made HTML (the Iran-Contra pages of ../shared/corpus-more): a
label alone in its paragraph, or in bold with the period outside."""

from __future__ import annotations

import warnings

import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s

LABEL_PARAGRAPHS = """<html><body><div><font class="transcript">
<p>Chairman SMITH.</p><p>The committee will come to order. We
welcome the witness.</p>
<p>Second paragraph of the chairman.</p>
<p>Mr. JONES.</p><p>Thank you, Mr. Chairman.</p>
</font></div></body></html>"""

BOLD_LABELS = """<html><body><div><font class="transcript">
<strong>Mr. NIELDS</strong>. What was the project
you were engaged in?
<br/><br/><strong>Mr. SECORD</strong>. An airlift.
<br/><br/>
<strong>Mr. NIELDS</strong>. For whom?
</font></div></body></html>"""


def read(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return kit.read_transcript(path)


def test_label_alone_in_its_paragraph(tmp_path):
    corpus = read(tmp_path, "labels.html", LABEL_PARAGRAPHS)
    turns = corpus.turns
    assert list(turns[s.SPEAKER]) == ["Chairman Smith", "Mr. Jones"]
    assert list(turns[s.TEXT]) == [
        "The committee will come to order. We welcome the witness.\n\n"
        "Second paragraph of the chairman.", "Thank you, Mr. Chairman."]
    assert turns[s.ROLE].iloc[0] == "chair"
    assert_tiles(corpus, "labels", normalised_texts(tmp_path / "labels.html")[0])


def test_bold_label_with_the_period_outside(tmp_path):
    corpus = read(tmp_path, "bold.html", BOLD_LABELS)
    turns = corpus.turns
    assert list(turns[s.SPEAKER_LABEL]) == ["Mr. NIELDS", "Mr. SECORD", "Mr. NIELDS"]
    assert list(turns[s.TEXT]) == ["What was the project you were engaged in?", "An airlift.",
                                   "For whom?"]
    assert_tiles(corpus, "bold", normalised_texts(tmp_path / "bold.html")[0])


# --- the real files ----------------------------------------------------------------------------

FOLDER = "us-congress-hearing-html-irancontra"
# Counted by hand: "<p>Chairman NAME.</p>" paragraphs in os-2, "<strong>Mr. NAME</strong>."
# in rs-1. Two unmarked labels of rs-1 stay in the turn before them: " NIELDS." after a
# <br/><br/> (no honorific) and "Mr. SECOHD." (a misprint, inside a paragraph whose line
# breaks HTML does not keep).
HAND_COUNTS = {"os-2.php": {"Chairman INOUYE": 1, "Chairman HAMILTON": 1},
               "rs-1.php": {"Mr. NIELDS": 42, "Mr. SECORD": 41}}


@pytest.fixture(scope="module")
def real(corpus_more_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        corpus = kit.read_transcripts(corpus_more_dir / FOLDER, progress=False)
    texts = {p.name.removesuffix(".html"): normalised_texts(p)[0]
             for p in (corpus_more_dir / FOLDER).iterdir()}
    return corpus, texts


@pytest.mark.parametrize("doc_id", sorted(HAND_COUNTS))
def test_real_counts_and_tiling(real, doc_id):
    corpus, texts = real
    turns = corpus.turns[corpus.turns[s.DOC_ID] == doc_id]
    assert turns[s.SPEAKER_LABEL].value_counts().to_dict() == HAND_COUNTS[doc_id]
    assert_tiles(corpus, doc_id, texts[doc_id])


def test_real_first_and_last_turns(real):
    corpus, _ = real
    turns = corpus.turns.set_index([s.DOC_ID, s.TURN_ID])
    opening = turns.loc[("os-2.php", 0)]
    assert (opening[s.SPEAKER], opening[s.ROLE]) == ("Chairman Inouye", "chair")
    assert opening[s.TEXT].startswith("And now ladies and gentlemen, it is my privilege")
    hamilton = turns.loc[("os-2.php", 1)]
    assert (hamilton[s.SPEAKER], hamilton[s.ROLE]) == ("Chairman Hamilton", "chair")
    assert hamilton[s.TEXT].startswith("Thank you very much, Mr. Chairman")
    assert hamilton[s.TEXT].endswith("contribute to rebuilding that respect and trust.")
    rs1 = corpus.turns[corpus.turns[s.DOC_ID] == "rs-1.php"]
    assert rs1[s.SPEAKER].iloc[0] == "Mr. Nields"
    assert rs1[s.TEXT].iloc[0].startswith("What was the nature of the project")
    assert rs1[s.SPEAKER].iloc[-1] == "Mr. Secord"
    assert rs1[s.TEXT].iloc[-1].startswith("That is correct.")
    # no page chrome in the headers (the pages hold only the transcript)
    assert set(corpus.documents[s.HEADER]) == {""}
