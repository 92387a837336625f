"""XML of a schema no reader knows: its text content, with labels found as in text."""

from __future__ import annotations

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats import sniff_format

# The shape of the Bundestag's protocols before 2017: metadata elements, then the sitting
# as the lines of one <TEXT> (written by us after that schema).
_SITTING = """Plenarprotokoll 18/5

Deutscher Bundestag
Stenografischer Bericht
5. Sitzung
Berlin, Donnerstag, den 28. November 2013

Beginn: 9.00 Uhr
Präsident Dr. Norbert Lammert:
Die Sitzung ist eröffnet. Das Wort hat
der Kollege Volker Kauder.
(Beifall bei der CDU/CSU)
Volker Kauder (CDU/CSU):
Herr Präsident! Wir beraten heute über Europa &amp; die Welt.
(Beifall bei der CDU/CSU – Zuruf von der LINKEN: Wo ist
das Geld?)
Wir werden das weiter tun.
Präsident Dr. Norbert Lammert:
Nächster Redner ist der Kollege Dr. Gregor Gysi.
Dr. Gregor Gysi (DIE LINKE):
Herr Präsident! Herr Kauder, Sie haben nichts gesagt.
(Beifall bei der LINKEN)
Präsident Dr. Norbert Lammert:
Die Sitzung ist geschlossen.
(Schluss: 12.35 Uhr)
"""
_DOKUMENT = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE DOKUMENT SYSTEM "BUNDESTAG-Plenarprotokolle.dtd">
<DOKUMENT>
  <WAHLPERIODE>18</WAHLPERIODE>
  <!-- a comment is not text -->
  <NR>18/5</NR>
  <DATUM>28.11.2013</DATUM>
  <TITEL>Plenarprotokoll vom 28.11.2013</TITEL>
  <TEXT>{_SITTING}</TEXT>
</DOKUMENT>
"""


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_protocol_in_an_unknown_schema_reads_as_turns_without_markup(tmp_path):
    path = _write(tmp_path, "18005.xml", _DOKUMENT)
    corpus = kit.read_transcript(path)
    doc = corpus.documents.iloc[0]
    assert doc[s.FORMAT] == "xml"
    assert doc[s.TITLE] == "Plenarprotokoll vom 28.11.2013"
    assert doc[s.DATE] == pd.Timestamp(2013, 11, 28)
    turns = corpus.turns
    # who presides is named as the Bundestag's own XML names them: the person, role chair
    assert turns[s.SPEAKER].tolist() == [
        "Norbert Lammert", "Volker Kauder", "Norbert Lammert", "Gregor Gysi", "Norbert Lammert"]
    assert turns[s.ROLE].tolist()[::2] == ["chair"] * 3
    assert corpus.speakers.set_index(s.SPEAKER).loc["Norbert Lammert", "office"] == "Präsident"
    parties = corpus.speakers.set_index(s.SPEAKER)[s.PARTY]
    assert parties[["Volker Kauder", "Gregor Gysi"]].tolist() == ["CDU/CSU", "DIE LINKE"]
    assert turns[s.TEXT].iloc[1].startswith("Herr Präsident! Wir beraten heute über Europa & "
                                            "die Welt.")
    assert turns[s.TEXT].iloc[-1] == "Die Sitzung ist geschlossen.\n(Schluss: 12.35 Uhr)"
    # the metadata elements and the front page are the header; no markup anywhere
    assert doc[s.HEADER].startswith("18\n\n18/5\n\n28.11.2013\n\nPlenarprotokoll vom")
    assert "Beginn: 9.00 Uhr" in doc[s.HEADER]
    everything = doc[s.HEADER] + "".join(turns[s.TEXT]) + doc[s.TRAILER]
    assert "<" not in everything and "comment" not in everything
    # interjections are stage directions, the one wrapped onto two lines too
    notes = corpus.stage_directions[s.TEXT].tolist()
    assert notes == ["(Beifall bei der CDU/CSU)",
                     "(Beifall bei der CDU/CSU – Zuruf von der LINKEN: Wo ist\ndas Geld?)",
                     "(Beifall bei der LINKEN)"]
    assert_tiles(corpus, doc[s.DOC_ID], normalised_texts(path)[0])


def test_blocks_make_lines_and_inline_markup_joins_its_sentence(tmp_path):
    path = _write(tmp_path, "hearing.xml", """<record><meta><title>Hearing on trade</title>
        <date>2024-03-05</date></meta>
        <speech><p>MR. SMITH: We <i>must</i> act
        today.</p><p>Second paragraph.</p></speech>
        <speech><p>MS. JONES: I agree.</p></speech>
        <speech><p>MR. SMITH: Thank you.</p></speech></record>""")
    corpus = kit.read_transcript(path)
    assert corpus.documents[s.TITLE][0] == "Hearing on trade"
    assert corpus.documents[s.DATE][0] == pd.Timestamp(2024, 3, 5)
    assert corpus.turns[s.SPEAKER_LABEL].tolist() == ["MR. SMITH", "MS. JONES", "MR. SMITH"]
    assert corpus.turns[s.TEXT][0] == "We must act\n        today.\n\nSecond paragraph."
    assert_tiles(corpus, "hearing", normalised_texts(path)[0])


# The shape of the Riksdag's open data of speeches (written by us after that schema): each
# <anforande> names its speaker in <talare>, holds the speech as escaped HTML.
_ANFORANDEN = """<?xml version="1.0" encoding="UTF-8"?>
<anforandelista antal="3">
<anforande>
<dok_id>H90966</dok_id>
<dok_titel>Protokoll 2021/22:66 Onsdagen den 2 februari</dok_titel>
<dok_datum>2022-02-02 00:00:00</dok_datum>
<talare>Socialförsäkringsminister Ardalan Shekarabi (S)</talare>
<parti>S</parti>
<anforandetext>&lt;p&gt;Fru talman! Ulrika Heindorff har frågat mig.&lt;/p&gt;\
&lt;p&gt;Jag svarar så här.&lt;/p&gt;</anforandetext>
<replik>N</replik>
</anforande>
<anforande>
<dok_id>H90966</dok_id>
<talare>Ulrika Heindorff (M)</talare>
<parti>M</parti>
<anforandetext>&lt;p&gt;Fru talman! Tack för svaret.&lt;/p&gt;</anforandetext>
<replik>Y</replik>
</anforande>
<anforande>
<dok_id>H90966</dok_id>
<talare>Socialförsäkringsminister Ardalan Shekarabi (S)</talare>
<parti>S</parti>
<anforandetext>Fru talman! Tack.</anforandetext>
</anforande>
</anforandelista>
"""


def test_records_that_name_their_speaker_are_turns(tmp_path):
    path = _write(tmp_path, "H90966.xml", _ANFORANDEN)
    corpus = kit.read_transcript(path)
    doc = corpus.documents.iloc[0]
    assert doc[s.FORMAT] == "xml"
    assert doc[s.TITLE] == "Protokoll 2021/22:66 Onsdagen den 2 februari"
    assert doc[s.DATE] == pd.Timestamp(2022, 2, 2)
    turns = corpus.turns
    assert turns[s.SPEAKER_LABEL].tolist() == [
        "Socialförsäkringsminister Ardalan Shekarabi (S)", "Ulrika Heindorff (M)",
        "Socialförsäkringsminister Ardalan Shekarabi (S)"]
    # the speech's HTML read as its paragraphs; the other fields are stage directions
    assert "Fru talman! Ulrika Heindorff har frågat mig.\n\nJag svarar så här." in \
        turns[s.TEXT][0]
    assert turns[s.N_WORDS].tolist() == [11, 5, 3]
    # the minister is the person
    assert corpus.speakers.set_index(s.SPEAKER)[s.PARTY].to_dict() == {
        "Ardalan Shekarabi": "S", "Ulrika Heindorff": "M"}
    # the first record's fields before its speaker are the header
    assert doc[s.HEADER] == ("H90966\nProtokoll 2021/22:66 Onsdagen den 2 februari\n"
                             "2022-02-02 00:00:00\n\n")
    assert "<" not in doc[s.HEADER] + "".join(turns[s.TEXT]) + doc[s.TRAILER]
    assert_tiles(corpus, doc[s.DOC_ID], normalised_texts(path)[0])


def test_a_speaker_attribute_names_the_speaker_of_its_element(tmp_path):
    path = _write(tmp_path, "debate.xml", """<?xml version="1.0"?>
        <debate><title>Budget debate</title>
        <speech speaker="Jane Doe">We need a budget that works.</speech>
        <speech speaker="John Roe"><p>I disagree.</p><p>Strongly.</p></speech>
        <note>The debate was adjourned.</note></debate>""")
    corpus = kit.read_transcript(path)
    assert corpus.turns[s.SPEAKER].tolist() == ["Jane Doe", "John Roe"]
    assert corpus.turns[s.TEXT].tolist() == ["We need a budget that works.",
                                             "I disagree.\n\nStrongly."]
    doc = corpus.documents.iloc[0]
    assert (doc[s.HEADER].strip(), doc[s.TRAILER].strip()) == ("Budget debate",
                                                               "The debate was adjourned.")
    assert_tiles(corpus, "debate", normalised_texts(path)[0])


def test_a_list_of_participants_is_no_record_of_speeches(tmp_path):
    path = _write(tmp_path, "hearing.xml", """<?xml version="1.0"?><hearing>
        <participants>
          <participant><speaker>Jane Doe</speaker><org>Senate</org></participant>
          <participant><speaker>John Roe</speaker><org>Acme Corp</org></participant>
        </participants>
        <body>MS. DOE: The hearing will come to order.
MR. ROE: Thank you.</body></hearing>""")
    corpus = kit.read_transcript(path)
    assert corpus.turns[s.SPEAKER_LABEL].tolist() == ["MS. DOE", "MR. ROE"]


def test_one_element_naming_a_speaker_is_no_record_of_speeches(tmp_path):
    # a single <speaker> (a byline, a hearing's witness list) leaves the text to the labels
    path = _write(tmp_path, "one.xml", """<?xml version="1.0"?><doc>
        <info><speaker>Jane Doe</speaker><venue>Hall</venue></info>
        <body>MR. SMITH: Hello there.
MS. JONES: Hi.</body></doc>""")
    corpus = kit.read_transcript(path)
    assert corpus.turns[s.SPEAKER_LABEL].tolist() == ["MR. SMITH", "MS. JONES"]


def test_deep_nesting_reads_without_recursion(tmp_path):
    depth = 1500  # deeper than Python recurses (libxml2 stops at 2048)
    path = _write(tmp_path, "deep.xml", "<?xml version='1.0'?>" + "<d>" * depth
                  + "MR. A: Hello there.\nMR. B: Hi.\nMR. A: Bye." + "</d>" * depth)
    corpus = kit.read_transcript(path)
    assert corpus.turns[s.TEXT].tolist() == ["Hello there.", "Hi.", "Bye."]


@pytest.mark.parametrize("text, fmt", [
    # a text that only starts with "<": no declaration, not closed by its first element
    ("<Intro>\nMR. A: Hello.\nMR. B: Hi.\n", "text"),
    ("<?xml version='1.0'?><transcript>MR. A: Hello.</transcript>", "xml"),
    ("<transcript>MR. A: Hello.</transcript>\n", "xml"),
    # an HTML fragment saved without its <html> stays HTML
    ('<div class="body"><p>MR. A: Hello.</p><p>MR. B: Hi.</p></div>\n', "html"),
    ("<?xml version='1.0'?><TEI xmlns='http://www.tei-c.org/ns/1.0'/>", "parlamint"),
])
def test_xml_of_no_known_schema_is_sniffed_as_xml(text, fmt):
    assert sniff_format(text, suffix=".xml") == fmt


def test_malformed_xml_names_the_line_and_the_fix(tmp_path):
    path = _write(tmp_path, "bad.xml", "<?xml version='1.0'?>\n<record>\n<p>MR. A: Hi.\n"
                  "<p>MR. B: a < b</p>\n</record>\n")
    with pytest.raises(TranscriptError) as info:
        kit.read_transcript(path)
    message = str(info.value)
    assert "bad.xml" in message and "line 4" in message and "Repair the XML" in message
