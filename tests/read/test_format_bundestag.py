"""Bundestag plenary protocol reader: speakers, the chair, comments, header, trailer, errors.

Snippets are written here; the real protocols are read from ../shared/corpus-more, with
per-speaker turn counts counted by hand in ``<sitzungsverlauf>`` (``<name>Präsidentin …:``
and ``<p klasse="N">`` labels, and ``</redner>Label:</p>`` per printed label).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import TranscriptError
from kit.read.build import Rows, add_document, build
from kit.read.formats import sniff_format
from kit.read.formats.bundestag import parse_bundestag

REDNER_MUSTER = ('<redner id="11000001"><name><titel>Dr.</titel><vorname>Anna</vorname>'
                 '<nachname>Muster</nachname><fraktion>SPD</fraktion></name></redner>')
PROTOCOL = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE dbtplenarprotokoll SYSTEM "dbtplenarprotokoll.dtd">
<dbtplenarprotokoll wahlperiode="20" sitzung-nr="7" sitzung-datum="09.12.2021"
    sitzung-ort="Berlin" herausgeber="Deutscher Bundestag">
  <vorspann>
    <kopfdaten>
      <plenarprotokoll-nummer>Plenarprotokoll <wahlperiode>20</wahlperiode>/<sitzungsnr
        >7</sitzungsnr></plenarprotokoll-nummer>
      <sitzungstitel><sitzungsnr>7</sitzungsnr>. Sitzung</sitzungstitel>
    </kopfdaten>
    <inhaltsverzeichnis>
      <ivz-titel>Inhalt:</ivz-titel>
      <ivz-eintrag><ivz-eintrag-inhalt>{REDNER_MUSTER}Dr. Anna Muster (SPD)</ivz-eintrag-inhalt>
      </ivz-eintrag>
    </inhaltsverzeichnis>
  </vorspann>
  <sitzungsverlauf>
    <sitzungsbeginn>
      <p klasse="N">Präsidentin Bärbel Bas:</p>
      <p klasse="J_1">Die Sitzung ist eröffnet.</p>
    </sitzungsbeginn>
    <tagesordnungspunkt top-id="Tagesordnungspunkt 1">
      <p klasse="T_NaS">Beratung des Antrags der Fraktion der SPD</p>
      <p klasse="J">Das Wort hat Anna Muster.</p>
      <rede id="ID2000700100">
        <p klasse="redner">{REDNER_MUSTER}Dr. Anna Muster (SPD):</p>
        <p klasse="J_1">Sehr geehrte Frau Präsidentin!</p>
        <kommentar>(Beifall bei der SPD – Max Mann [AfD]: Nein!)</kommentar>
        <p klasse="O">Weiter im Text.</p>
        <name>Vizepräsident Dr. h. c. Max Beispiel:</name>
        <p klasse="J_1">Gestatten Sie eine Zwischenfrage?</p>
        <p klasse="redner">{REDNER_MUSTER}Dr. Anna Muster (SPD):</p>
        <p klasse="J_1">Nein.</p>
        <kommentar>(Beifall)</kommentar>
      </rede>
      <rede id="ID2000700200">
        <p klasse="redner"><a id="r2"/><redner id="11000002"><name><vorname>Olaf</vorname
          ><nachname>Scholz</nachname><rolle><rolle_lang>Bundeskanzler</rolle_lang
          ><rolle_kurz>Bundeskanzler</rolle_kurz></rolle></name></redner>
          Olaf Scholz, Bundeskanzler:</p>
        <p klasse="J_1">Danke.</p>
        <p klasse="Z">„Ein Zitat.“</p>
      </rede>
      <name>Präsidentin Bärbel Bas:</name>
      <p klasse="J_1">Die Sitzung ist geschlossen.</p>
      <p klasse="T_Beratung">(Schluss: 13.41 Uhr)</p>
    </tagesordnungspunkt>
    <sitzungsende sitzung-ende-uhrzeit="13:41"/>
  </sitzungsverlauf>
  <anlagen>
    <anlage><anlagen-text anlagen-typ="Entschuldigte Abgeordnete">
      <p klasse="Anlage_2">Entschuldigte Abgeordnete</p>
      <table><tbody><tr><td>Muster, Erika</td><td>SPD</td></tr></tbody></table>
    </anlagen-text></anlage>
  </anlagen>
  <rednerliste sitzung-datum="09.12.2021">{REDNER_MUSTER}</rednerliste>
</dbtplenarprotokoll>
"""


def one(text: str) -> kit.Corpus:
    """Read one protocol through the whole reader, and check the tiling."""
    docs = parse_bundestag(text, source="<snippet>")
    assert len(docs) == 1
    rows = Rows()
    add_document(rows, docs[0], doc_id="doc", source="<snippet>", aliases={})
    corpus = build([rows], {})
    assert_tiles(corpus, "doc", docs[0].text)
    return corpus


def test_speakers_labels_roles_and_attributes():
    c = one(PROTOCOL)
    turns = c.turns
    assert list(turns[s.SPEAKER]) == ["Bärbel Bas", "Anna Muster", "Max Beispiel",
                                      "Anna Muster", "Olaf Scholz", "Bärbel Bas"]
    assert list(turns[s.ROLE]) == [s.ROLE_CHAIR, s.ROLE_MEMBER, s.ROLE_CHAIR, s.ROLE_MEMBER,
                                   s.ROLE_OFFICIAL, s.ROLE_CHAIR]
    # labels as printed (the markup inside <redner> is not text)
    assert list(turns[s.SPEAKER_LABEL]) == [
        "Präsidentin Bärbel Bas", "Dr. Anna Muster (SPD)", "Vizepräsident Dr. h. c. Max Beispiel",
        "Dr. Anna Muster (SPD)", "Olaf Scholz, Bundeskanzler", "Präsidentin Bärbel Bas"]
    speakers = c.speakers.set_index(s.SPEAKER)
    assert (speakers.loc["Anna Muster", s.PERSON_ID], speakers.loc["Anna Muster", s.PARTY]) \
        == ("11000001", "SPD")
    assert speakers.loc["Olaf Scholz", "office"] == "Bundeskanzler"
    assert pd.isna(speakers.loc["Olaf Scholz", s.PARTY])
    assert speakers.loc["Max Beispiel", "office"] == "Vizepräsident"


def test_speech_comments_and_headings():
    c = one(PROTOCOL)
    texts = list(c.turns[s.TEXT])
    # the agenda heading read out by the chair is a stage direction of her turn
    assert texts[0] == ("Die Sitzung ist eröffnet.\n\nBeratung des Antrags der Fraktion der "
                        "SPD\n\nDas Wort hat Anna Muster.")
    assert texts[1] == ("Sehr geehrte Frau Präsidentin!\n\n(Beifall bei der SPD – Max Mann "
                        "[AfD]: Nein!)\n\nWeiter im Text.")
    # the speech goes on after the chair's question, as a new turn of its speaker
    assert texts[2:4] == ["Gestatten Sie eine Zwischenfrage?", "Nein.\n\n(Beifall)"]
    assert texts[4] == "Danke.\n\n„Ein Zitat.“"  # a quotation is speech
    assert list(c.turns[s.STAGE_DIRECTIONS]) == [
        ("Beratung des Antrags der Fraktion der SPD",),
        ("(Beifall bei der SPD – Max Mann [AfD]: Nein!)",), (), ("(Beifall)",), (), ()]
    assert list(c.turns[s.N_WORDS])[:2] == [9, 7]  # 4 + 5 and 4 + 3 words, headings apart


def test_a_comment_inside_a_paragraph_is_a_stage_direction_too():
    c = one(PROTOCOL.replace("<p klasse=\"O\">Weiter im Text.</p>",
                             "<p klasse=\"O\">Weiter <kommentar>(Heiterkeit)</kommentar> im "
                             "Text.</p>"))
    assert c.turns[s.TEXT][1].endswith("Weiter (Heiterkeit) im Text.")
    assert c.turns[s.STAGE_DIRECTIONS][1] == ("(Beifall bei der SPD – Max Mann [AfD]: Nein!)",
                                              "(Heiterkeit)")
    assert c.turns[s.N_WORDS][1] == 7


def test_title_page_is_header_and_annexes_trailer():
    c = one(PROTOCOL)
    doc = c.documents.iloc[0]
    assert doc[s.HEADER].startswith("Plenarprotokoll 20/7\n7. Sitzung\nInhalt:\n"
                                    "Dr. Anna Muster (SPD)\n\n")
    assert "AnnaMuster" not in doc[s.HEADER]  # the <redner> markup is not text
    assert doc[s.TRAILER] == ("\n\n(Schluss: 13.41 Uhr)\n\nEntschuldigte Abgeordnete\n"
                              "Muster, Erika\nSPD")
    assert (doc[s.TITLE], doc[s.DATE], doc[s.LOCATION]) == \
        ("Plenarprotokoll 20/7, 7. Sitzung", pd.Timestamp("2021-12-09"), "Berlin")
    assert (doc["house"], doc["term"], doc["session"]) == ("Deutscher Bundestag", "20", "7")


def test_a_label_without_speech_is_a_note_of_the_turn_before():
    text = PROTOCOL.replace('<p klasse="J_1">Gestatten Sie eine Zwischenfrage?</p>', "")
    c = one(text)
    assert list(c.turns[s.SPEAKER]) == ["Bärbel Bas", "Anna Muster", "Anna Muster",
                                        "Olaf Scholz", "Bärbel Bas"]
    assert c.turns[s.TEXT][1].endswith("Weiter im Text.\n\nVizepräsident Dr. h. c. Max "
                                       "Beispiel:")


def test_the_chair_who_also_speaks_gets_the_person_id():
    text = PROTOCOL.replace('<redner id="11000002"><name><vorname>Olaf</vorname',
                            '<redner id="11000003"><name><vorname>Bärbel</vorname')
    text = text.replace("<nachname>Scholz</nachname>", "<nachname>Bas</nachname>")
    assert text.count("11000003") == 1
    speakers = one(text).speakers.set_index(s.SPEAKER)
    assert speakers.loc["Bärbel Bas", s.PERSON_ID] == "11000003"


@pytest.mark.parametrize("prefix", ["&#xFEFF;", "\ufeff", "\n "])
def test_a_bom_reference_before_the_declaration_breaks_nothing(prefix):
    text = prefix + PROTOCOL
    assert sniff_format(text, suffix=".xml") == "bundestag"
    docs = parse_bundestag(text, source="<snippet>")
    assert [t.speaker for t in docs[0].turns] == \
        [t.speaker for t in parse_bundestag(PROTOCOL, source="<snippet>")[0].turns]


@pytest.mark.parametrize("text, message", [
    ("", r"<snippet>, line 1: The Bundestag protocol is empty\."),
    (PROTOCOL.replace("</rede>", "", 1),
     r"<snippet>, line 47: The Bundestag protocol is not well-formed XML \(Opening and ending "
     r"tag mismatch: rede line 25 and tagesordnungspunkt\)\. Fix: Repair the markup"),
    ('<?xml version="1.0"?>\n<TEI><text/></TEI>',
     r"line 1: The root element is <TEI>, not <dbtplenarprotokoll>\. Fix: Pass the file's "
     r"own format="),
    ('<dbtplenarprotokoll>\n<vorspann/></dbtplenarprotokoll>',
     r"line 1: The protocol has no <sitzungsverlauf> \(the transcript of the sitting\)\."),
    ('<dbtplenarprotokoll><sitzungsverlauf><p klasse="J">Nobody speaks.</p></sitzungsverlauf>'
     "</dbtplenarprotokoll>",
     r"line 1: The <sitzungsverlauf> holds no speaker label"),
])
def test_errors_name_the_line_and_the_fix(text, message):
    with pytest.raises(TranscriptError, match=message):
        parse_bundestag(text, source="<snippet>")


# --- The real protocols ----------------------------------------------------------------------

HAND_COUNTS = {
    "20004-data": {
        "Bärbel Bas": 24,  # 23 <name> and the opening <p klasse="N">
        "Jan-Marco Luczak": 7, "Thorsten Frei": 3, "Janosch Dahmen": 2, "Christina Baum": 2,
        **dict.fromkeys(["Sabine Dittmar", "Stephan Stracke", "Maria Klein-Schmeink",
                         "Christine Aschenberg-Dugnus", "Alice Weidel", "Susanne Ferschl",
                         "Heike Baehrens", "Karsten Hilse", "Katrin Helling-Plahr",
                         "Matthias Helferich", "Tino Sorge", "Michael Gerdes",
                         "Britta Haßelmann", "Karl Lauterbach", "Martin Sichert"], 1),
    },
    "21012-data": {
        "Bodo Ramelow": 12, "Julia Klöckner": 6, "Britta Haßelmann": 2,
        **dict.fromkeys(["Friedrich Merz", "Tino Chrupalla", "Matthias Miersch", "Jens Spahn",
                         "Sören Pellmann", "Siemtje Möller", "Alice Weidel",
                         "Alexander Hoffmann", "Omid Nouripour", "Heidi Reichinnek",
                         "Adis Ahmetovic", "Norbert Röttgen", "Markus Töns", "Tilman Kuban",
                         "Falko Droßmann"], 1),
    },
}


@pytest.fixture(scope="module")
def real(corpus_more_dir):
    folder = corpus_more_dir / "bundestag-plenarprotokoll-xml"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return folder, kit.read_transcripts(folder, progress=False)


def test_real_protocols_tile_and_count_per_speaker(real):
    folder, c = real
    assert sorted(c.documents[s.DOC_ID]) == sorted(HAND_COUNTS)
    for doc_id, counts in HAND_COUNTS.items():
        turns = c.turns[c.turns[s.DOC_ID] == doc_id]
        assert turns[s.SPEAKER].astype(str).value_counts().to_dict() == counts
        assert_tiles(c, doc_id, normalised_texts(folder / f"{doc_id}.xml")[0])
        # the table of contents and the annex are no turn's text
        for outside in ("Inhalt:", "Entschuldigte Abgeordnete", "Stenografischer Bericht"):
            assert not turns[s.TEXT].str.contains(outside, regex=False).any()


def test_real_protocol_of_2021(real):
    _, c = real
    turns = c.turns[c.turns[s.DOC_ID] == "20004-data"]
    first, last = turns.iloc[0], turns.iloc[-1]
    assert (first[s.SPEAKER], first[s.ROLE]) == ("Bärbel Bas", s.ROLE_CHAIR)
    assert first[s.TEXT].startswith("Ich wünsche Ihnen allen einen schönen guten Tag")
    assert (last[s.SPEAKER], last[s.ROLE]) == ("Bärbel Bas", s.ROLE_CHAIR)
    assert last[s.TEXT].startswith("Ich möchte, da wir noch am Anfang dieser Legislaturperiode")
    assert last[s.TEXT].endswith("Die Sitzung ist geschlossen.")
    second = turns.iloc[1]
    assert (second[s.SPEAKER], second[s.SPEAKER_LABEL]) == ("Sabine Dittmar",
                                                            "Sabine Dittmar (SPD)")
    assert second[s.TEXT].startswith("Sehr geehrte Frau Präsidentin! Meine Damen und Herren!")
    doc = c.documents.set_index(s.DOC_ID).loc["20004-data"]
    assert (doc[s.TITLE], doc[s.DATE]) == ("Plenarprotokoll 20/4, 4. Sitzung",
                                           pd.Timestamp("2021-12-07"))
    assert (doc["term"], doc["session"]) == ("20", "4")
    assert doc[s.TRAILER].lstrip().startswith("(Schluss: 13.41\u00a0Uhr)")
    assert "Dağdelen, Sevim" in doc[s.TRAILER]
    stage = c.stage_directions[c.stage_directions[s.DOC_ID] == "20004-data"]
    assert stage[s.TEXT].iloc[0] == "(Zuruf des Abg. Thomas Seitz [AfD])"
    speakers = c.speakers.set_index(s.SPEAKER)
    assert (speakers.loc["Sabine Dittmar", s.PERSON_ID],
            speakers.loc["Sabine Dittmar", s.PARTY]) == ("11004261", "SPD")
    assert speakers.loc["Matthias Helferich", s.PARTY] == "Fraktionslos"


def test_real_protocol_of_2025(real):
    _, c = real
    turns = c.turns[c.turns[s.DOC_ID] == "21012-data"]
    first, last = turns.iloc[0], turns.iloc[-1]
    assert (first[s.SPEAKER], first[s.SPEAKER_LABEL]) == ("Julia Klöckner",
                                                          "Präsidentin Julia Klöckner")
    assert first[s.TEXT].startswith("Guten Tag, alle zusammen! Hiermit ist die Sitzung eröffnet.")
    assert (last[s.SPEAKER], last[s.ROLE]) == ("Bodo Ramelow", s.ROLE_CHAIR)
    assert last[s.TEXT].startswith("Vielen Dank.\u00a0– Wir sind am Schluss der heutigen")
    merz = turns[turns[s.SPEAKER] == "Friedrich Merz"].iloc[0]
    assert (merz[s.SPEAKER_LABEL], merz[s.ROLE]) == ("Friedrich Merz, Bundeskanzler",
                                                     s.ROLE_OFFICIAL)
    speakers = c.speakers.set_index(s.SPEAKER)
    assert (speakers.loc["Friedrich Merz", s.PERSON_ID],
            speakers.loc["Friedrich Merz", "office"]) == ("11002735", "Bundeskanzler")
    assert speakers.loc["Bodo Ramelow", "office"] == "Vizepräsident"
    doc = c.documents.set_index(s.DOC_ID).loc["21012-data"]
    assert (doc[s.TITLE], doc[s.DATE]) == ("Plenarprotokoll 21/12, 12. Sitzung",
                                           pd.Timestamp("2025-06-24"))


def test_real_protocol_with_a_bom_reference_reads_the_same(real):
    folder, c = real
    text = (folder / "21012-data.xml").read_text(encoding="utf-8")
    docs = parse_bundestag("&#xFEFF;" + text, source="21012-data.xml")
    turns = c.turns[c.turns[s.DOC_ID] == "21012-data"]
    assert [t.speaker for t in docs[0].turns] == list(turns[s.SPEAKER].astype(str))
