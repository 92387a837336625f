"""TEI speeches: <sp> turns with a <speaker> label (GermaParl, DraCor)."""

from __future__ import annotations

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.read.formats import sniff_format

# The shape of GermaParl's TEI (no namespace; <sp> with name, party, role), written by us.
_GERMAPARL = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<TEI>
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>Plenarprotokoll</title>
        <legislativePeriod>1</legislativePeriod>
        <sessionNo>1</sessionNo>
      </titleStmt>
      <publicationStmt><publisher>Deutscher Bundestag</publisher>
        <date when="">1949-09-07</date></publicationStmt>
      <sourceDesc><url>https://www.bundestag.de/pp01-data.zip</url>
        <date>2023-02-24</date></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="agenda_item" n="U1" desc="Wahl des Präsidenten">
        <sp who="Labe" parliamentary_group="NA" role="presidency" position="Alterspräsident"
            party="SPD" name="Paul Löbe">
          <speaker>Alterspräsident Labe:</speaker>
          <p>Meine Damen und Herren! Ich eröffne die Sitzung.</p>
          <stage type="interjection">(Lebhafter Beifall.)</stage>
          <p>Wir treten in die Tagesordnung ein.</p>
        </sp>
        <sp who="Adenauer" parliamentary_group="CDU" role="mp" position="NA" party="CDU"
            name="Konrad Adenauer">
          <speaker>Dr. Adenauer (CDU):</speaker>
          <p>Namens der Fraktion schlage ich Dr. Köhler vor.</p>
          <stage type="interjection">(Abg. Reimann: Ich bitte ums Wort!)</stage>
        </sp>
        <sp who="Löbe" parliamentary_group="NA" role="presidency" position="Alterspräsident"
            party="SPD" name="Paul Löbe">
          <speaker>Alterspräsident Löbe:</speaker>
          <p>Das Wort hat der Herr Abgeordnete Reimann.</p>
        </sp>
        <sp who="Reimann" role="mp" party="KPD" name="Max Reimann">
          <speaker>Reimann (KPD):</speaker>
          <p>Meine Damen und Herren! Wir protestieren.</p>
        </sp>
      </div>
      <stage>(Schluß der Sitzung: 12 Uhr 5 Minuten.)</stage>
    </body>
  </text>
</TEI>
"""

# A play in the TEI namespace (DraCor's shape): speakers by #id, no name attribute.
_DRAMA = """<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><fileDesc><titleStmt><title>A Debate</title></titleStmt>
    <publicationStmt><date when="1850-05-01"/></publicationStmt></fileDesc></teiHeader>
  <text><body><div type="scene"><head>Scene 1</head>
    <sp who="#smith"><speaker>SMITH.</speaker><l>The motion is before the house.</l></sp>
    <sp who="#jones"><speaker>JONES.</speaker><p>I oppose it.</p>
      <stage>(Laughter.)</stage></sp>
    <sp who="#smith"><speaker>SMITH.</speaker><p>Then let us vote.</p></sp>
  </div></body></text>
</TEI>
"""


def test_germaparl_sittings_read_speakers_parties_roles_and_interjections(tmp_path):
    folder = tmp_path / "germaparl"
    folder.mkdir()
    path = folder / "BT_01_001.xml"
    path.write_text(_GERMAPARL, encoding="utf-8")
    corpus = kit.read_transcripts(folder)
    doc = corpus.documents.iloc[0]
    assert (doc[s.FORMAT], doc[s.TITLE]) == ("tei", "Plenarprotokoll 1/1")
    assert doc[s.DATE] == pd.Timestamp(1949, 9, 7)  # the sitting's, not the download's
    turns = corpus.turns
    assert turns[s.SPEAKER].tolist() == ["Paul Löbe", "Konrad Adenauer", "Paul Löbe",
                                         "Max Reimann"]
    assert turns[s.SPEAKER_LABEL].tolist()[1] == "Dr. Adenauer (CDU):"
    assert turns[s.ROLE].tolist() == ["chair", "member", "chair", "member"]
    assert turns[s.TEXT][0] == ("Meine Damen und Herren! Ich eröffne die Sitzung.\n\n"
                                "(Lebhafter Beifall.)\n\nWir treten in die Tagesordnung ein.")
    speakers = corpus.speakers.set_index(s.SPEAKER)
    assert speakers.loc["Paul Löbe", s.PARTY] == "SPD"
    assert speakers.loc["Paul Löbe", "office"] == "Alterspräsident"
    assert speakers[s.PERSON_ID].isna().all()  # GermaParl's who is a printed surname
    assert corpus.stage_directions[s.TEXT].tolist() == [
        "(Lebhafter Beifall.)", "(Abg. Reimann: Ich bitte ums Wort!)"]
    assert doc[s.TRAILER].strip() == "(Schluß der Sitzung: 12 Uhr 5 Minuten.)"
    assert "Plenarprotokoll" in doc[s.HEADER] and "<" not in doc[s.HEADER]
    assert_tiles(corpus, "BT_01_001", normalised_texts(path)[0])


def test_a_tei_play_reads_its_speakers_from_labels_and_ids(tmp_path):
    path = tmp_path / "debate.xml"
    path.write_text(_DRAMA, encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert corpus.documents[s.TITLE][0] == "A Debate"
    assert corpus.documents[s.DATE][0] == pd.Timestamp(1850, 5, 1)
    turns = corpus.turns
    assert turns[s.SPEAKER_LABEL].tolist() == ["SMITH.", "JONES.", "SMITH."]
    assert turns[s.SPEAKER].tolist() == ["Smith", "Jones", "Smith"]
    assert corpus.speakers.set_index(s.SPEAKER)[s.PERSON_ID].to_dict() == {
        "Smith": "smith", "Jones": "jones"}
    assert turns[s.TEXT].tolist()[1] == "I oppose it.\n\n(Laughter.)"
    assert "Scene 1" in corpus.documents[s.HEADER][0]
    assert_tiles(corpus, "debate", normalised_texts(path)[0])


def test_a_tei_corpus_of_sittings_gives_a_document_each(tmp_path):
    one = _DRAMA.replace('<TEI xmlns="http://www.tei-c.org/ns/1.0">',
                         '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d1">')
    two = one.replace('xml:id="d1"', 'xml:id="d2"').replace("A Debate", "Another")
    path = tmp_path / "plays.xml"
    path.write_text('<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">'
                    + one + two + "</teiCorpus>", encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert corpus.documents[s.DOC_ID].tolist() == ["plays/d1", "plays/d2"]
    assert corpus.documents[s.TITLE].tolist() == ["A Debate", "Another"]
    assert corpus.turns.groupby(s.DOC_ID, observed=True).size().tolist() == [3, 3]


@pytest.mark.parametrize("text, fmt", [
    (_GERMAPARL, "tei"), (_DRAMA, "tei"),
    ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><u who="#a"><seg>Hi</seg></u>'
     "<note>see <sp>x</sp></note></body></text></TEI>", "parlamint"),
])
def test_tei_speeches_and_parlamint_are_told_apart(text, fmt):
    assert sniff_format(text, suffix=".xml") == fmt
