"""Akoma Ntoso debate records: <speech by="#id"> turns with a <from> label."""

from __future__ import annotations

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import TranscriptWarning
from kit.read.formats import sniff_format

# The shape of an Oireachtas debate record (AKN 3.0), written by us after the standard.
_DAIL = """<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0/CSD13">
  <debate name="debateRecord">
    <meta>
      <identification source="#bills"><FRBRWork>
        <FRBRthis value="/akn/ie/debateRecord/dail/2020-01-14/debate/main"/>
        <FRBRdate date="2020-01-14" name="#generation"/></FRBRWork></identification>
      <references source="#bills">
        <TLCPerson eId="MichealMartin" href="/ie/member/1" showAs="Micheál Martin"/>
        <TLCPerson eId="LeoVaradkar" href="/ie/member/2" showAs="Leo Varadkar"/>
        <TLCPerson eId="SeanOFearghail" href="/ie/member/3" showAs="Seán Ó Fearghaíl"/>
        <TLCRole eId="CeannComhairle" href="/ie/role/cc" showAs="Ceann Comhairle"/>
        <TLCRole eId="Taoiseach" href="/ie/role/t" showAs="Taoiseach"/>
      </references>
    </meta>
    <preface>
      <block name="title_ga"><docTitle>Díospóireachtaí Dála</docTitle></block>
      <p><docDate date="2020-01-14">Tuesday, 14 January 2020</docDate></p>
    </preface>
    <debateBody>
      <debateSection eId="dbsect_1" name="debate">
        <heading>Leaders' Questions</heading>
        <speech by="#MichealMartin" eId="spk_1">
          <from>Deputy Micheál Martin</from>
          <p>The housing crisis is getting worse.</p>
          <p>What will the Government do? <remark>(Interruptions)</remark> I ask again.</p>
        </speech>
        <speech by="#SeanOFearghail" as="#CeannComhairle" eId="spk_2">
          <from>An Ceann Comhairle</from>
          <p>Order, please.</p>
        </speech>
        <summary>Debate adjourned for a moment.</summary>
        <speech by="#LeoVaradkar" as="#Taoiseach" eId="spk_3">
          <from>The Taoiseach</from>
          <p>We are building more homes than ever.</p>
        </speech>
        <summary>Question put and agreed to.</summary>
      </debateSection>
    </debateBody>
  </debate>
</akomaNtoso>
"""


def test_an_oireachtas_record_reads_speakers_offices_chair_and_remarks(tmp_path):
    path = tmp_path / "dail-2020-01-14.xml"
    path.write_text(_DAIL, encoding="utf-8")
    assert sniff_format(_DAIL, suffix=".xml") == "akn"
    corpus = kit.read_transcript(path)
    doc = corpus.documents.iloc[0]
    assert (doc[s.FORMAT], doc[s.TITLE]) == ("akn", "Díospóireachtaí Dála")
    assert doc[s.DATE] == pd.Timestamp(2020, 1, 14)
    turns = corpus.turns
    assert turns[s.SPEAKER].tolist() == ["Micheál Martin", "Seán Ó Fearghaíl", "Leo Varadkar"]
    assert turns[s.SPEAKER_LABEL].tolist() == ["Deputy Micheál Martin", "An Ceann Comhairle",
                                              "The Taoiseach"]
    assert turns[s.ROLE].tolist() == ["member", "chair", "member"]
    assert turns[s.TEXT][0] == ("The housing crisis is getting worse.\n\nWhat will the "
                                "Government do? (Interruptions) I ask again.")
    # a summary between turns closes the turn before; after the last, the trailer
    assert turns[s.TEXT][1] == "Order, please.\n\nDebate adjourned for a moment."
    assert doc[s.TRAILER].strip() == "Question put and agreed to."
    assert "Leaders' Questions" in doc[s.HEADER]
    speakers = corpus.speakers.set_index(s.SPEAKER)
    assert speakers.loc["Leo Varadkar", "office"] == "Taoiseach"
    assert speakers.loc["Micheál Martin", s.PERSON_ID] == "MichealMartin"
    assert corpus.stage_directions[s.TEXT].tolist() == [
        "(Interruptions)", "Debate adjourned for a moment."]
    assert_tiles(corpus, "dail-2020-01-14", normalised_texts(path)[0])


def test_an_akoma_ntoso_act_without_speeches_reads_as_its_text(tmp_path):
    path = tmp_path / "act.xml"
    path.write_text('<akomaNtoso><act><preface><docTitle>An Act</docTitle></preface><body>'
                    "<section><num>1.</num><heading>Title</heading><content><p>This Act may be "
                    "cited as the Example Act.</p></content></section></body></act></akomaNtoso>",
                    encoding="utf-8")
    with pytest.warns(TranscriptWarning, match="no speaker labels found"):
        corpus = kit.read_transcript(path)
    assert corpus.documents[s.FORMAT][0] == "xml"
    assert "This Act may be cited as the Example Act." in corpus.turns[s.TEXT][0]
