"""ParlaMint TEI reader: turns, stage directions, metadata, person lists, names, errors.

Snippets are written here; the real sittings are read from ../shared/corpus-more, with
per-speaker turn counts counted by hand in the files (``grep -o 'who="[^"]*"' | sort |
uniq -c``; the Turkish roll call's ``<u ana="#guest">`` without ``who`` counted apart).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import lxml.etree
import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import NotATranscript, TranscriptError
from kit.read.formats import parlamint, parlamint_people, sniff_format
from kit.read.formats.parlamint import parse_parlamint, readable_name

TEI = "http://www.tei-c.org/ns/1.0"
XI = "http://www.w3.org/2001/XInclude"

HEADER = """<teiHeader>
  <fileDesc>
    <titleStmt>
      <title type="main" xml:lang="en">Example parliamentary corpus [ParlaMint]</title>
      <title type="sub" xml:lang="en">Sitting 12, 3 June 2019</title>
      <title type="sub" xml:lang="xx">Sitzung 12</title>
      <meeting n="9" corresp="#PARL" ana="#parla.lower #parla.term">Term 9</meeting>
      <meeting n="12" corresp="#PARL" ana="#parla.lower #parla.session">Sitting 12</meeting>
    </titleStmt>
    <publicationStmt><date when="2022-01-01">2022-01-01</date></publicationStmt>
    <sourceDesc><bibl>
      <idno type="URI">https://parliament.example/sittings/12</idno>
      <date when="2019-06-03">2019-06-03</date>
    </bibl></sourceDesc>
  </fileDesc>
  <profileDesc><settingDesc><setting>
    <name type="city" xml:lang="en">Capital</name>
    <name type="country" xml:lang="en">Exampleland</name>
    <date when="{day}" ana="#parla.sitting">{day}</date>
  </setting></settingDesc></profileDesc>
</teiHeader>"""


def sitting(body: str, *, day: str = "2019-06-03", xid: str = "S12", lang: str = "xx") -> str:
    """A ParlaMint sitting file around ``body`` (the content of one ``<div>``)."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI}" xml:id="{xid}" '
            f'xml:lang="{lang}">\n{HEADER.format(day=day)}\n<text><body>\n'
            f'<div type="debateSection">\n{body}\n</div>\n</body></text>\n</TEI>\n')


BODY = """
<note type="time">10.00</note>
<u who="#SmithJane" ana="#chair" xml:id="u1">
  <seg>I open the sitting.</seg>
</u>
<note>Applause</note>
<note type="speaker">Member John Doe (Greens)</note>
<u who="#DoeJohn" ana="#regular" xml:id="u2">
  <seg>Thank you. <kinesic type="applause"><desc>Applause.</desc></kinesic> We
     <vocal type="laughter"><desc>Laughter</desc></vocal> agree.</seg>
  <seg>A second paragraph.</seg>
</u>
<u ana="#guest" xml:id="u3"><seg>ADANA:</seg></u>
<note>The sitting was closed.</note>
"""


def one(text: str, **options) -> kit.Corpus:
    """Read one snippet through the whole reader (parse, turns, tables)."""
    docs = parse_parlamint(text, source="<snippet>", **options)
    assert len(docs) == 1
    from kit.read.build import Rows, add_document, build

    rows = Rows()
    add_document(rows, docs[0], doc_id="doc", source="<snippet>", aliases={})
    corpus = build([rows], {})
    assert_tiles(corpus, "doc", docs[0].text)
    return corpus


# --- Turns, labels, stage directions, header and trailer --------------------------------

def test_turns_roles_labels_and_stage_directions():
    c = one(sitting(BODY))
    turns = c.turns
    assert list(turns[s.SPEAKER]) == ["Jane Smith", "John Doe", s.UNKNOWN_SPEAKER]
    assert list(turns[s.ROLE]) == [s.ROLE_CHAIR, s.ROLE_MEMBER, s.ROLE_GUEST]
    assert list(turns[s.SPEAKER_LABEL]) == ["", "Member John Doe (Greens)", ""]
    # the note after an utterance belongs to that turn, as a stage direction
    assert turns[s.TEXT][0] == "I open the sitting.\n\nApplause"
    assert turns[s.TEXT][1] == ("Thank you. Applause. We Laughter agree.\n\n"
                                "A second paragraph.")
    assert list(c.stage_directions[s.TEXT]) == ["Applause", "Applause.", "Laughter"]
    assert list(turns[s.STAGE_DIRECTIONS]) == [("Applause",), ("Applause.", "Laughter"), ()]
    # stage directions are left out of the word counts
    assert list(turns[s.N_WORDS]) == [4, 7, 1]
    doc = c.documents.iloc[0]
    assert doc[s.HEADER].endswith("10.00\n\n")
    assert "Example parliamentary corpus" in doc[s.HEADER]
    assert doc[s.TRAILER] == "\n\nThe sitting was closed."


def test_header_metadata():
    doc = one(sitting(BODY)).documents.iloc[0]
    assert doc[s.TITLE] == "Sitzung 12"  # the sitting's (sub) title in the text's language
    assert doc[s.DATE] == pd.Timestamp("2019-06-03")  # the sitting's, not the release's
    assert doc[s.LOCATION] == "Capital, Exampleland"
    assert doc[s.URL] == "https://parliament.example/sittings/12"
    assert (doc["house"], doc["term"], doc["session"], doc["language"]) == \
        ("PARL", "9", "12", "xx")


def test_title_in_the_texts_language_else_another():
    doc = one(sitting(BODY, lang="en")).documents.iloc[0]
    assert doc[s.TITLE] == "Sitting 12, 3 June 2019"
    text = sitting(BODY).replace('<title type="sub" xml:lang="xx">Sitzung 12</title>', "")
    assert one(text).documents.iloc[0][s.TITLE] == "Sitting 12, 3 June 2019"
    text = text.replace('<title type="sub" xml:lang="en">Sitting 12, 3 June 2019</title>', "")
    assert one(text).documents.iloc[0][s.TITLE] == "Example parliamentary corpus [ParlaMint]"


def test_a_sitting_without_a_title_is_named_by_its_id():
    text = sitting(BODY, xid="ParlaMint-XX_2019-06-03")
    text = text[:text.index("<titleStmt>")] + "<titleStmt/>" + \
        text[text.index("</titleStmt>") + len("</titleStmt>"):]
    assert one(text).documents.iloc[0][s.TITLE] == "ParlaMint-XX_2019-06-03"


def test_notes_between_utterances_go_to_the_turn_before():
    body = """<u who="#Anna.Berg" ana="#regular"><seg>One.</seg></u>
      <incident type="break"><desc>Interrupted by the timer.</desc></incident>
      <head>Item 2</head>
      <u who="#Anna.Berg" ana="#regular"><seg>Two.</seg></u>"""
    c = one(sitting(body))
    assert list(c.turns[s.TEXT]) == ["One.\n\nInterrupted by the timer.\n\nItem 2", "Two."]
    assert list(c.stage_directions[s.TEXT]) == ["Interrupted by the timer.", "Item 2"]
    assert list(c.turns[s.N_WORDS]) == [1, 1]


def test_inline_notes_keep_the_spacing_of_the_file():
    body = ('<u who="#Anna.Berg" ana="#regular"><seg>Figures <note>tlač 1873</note>. '
            'Symbols<note>Shown.</note>And more.</seg></u>')
    c = one(sitting(body))
    assert c.turns[s.TEXT][0] == "Figures tlač 1873. SymbolsShown.And more."
    assert list(c.stage_directions[s.TEXT]) == ["tlač 1873", "Shown."]


def test_utterances_of_one_speaker_stay_separate_turns():
    body = "".join(f'<u who="#Anna.Berg" ana="#regular"><seg>Part {i}.</seg></u>'
                   for i in range(3))
    c = one(sitting(body))
    assert list(c.turns[s.TEXT]) == ["Part 0.", "Part 1.", "Part 2."]
    assert set(c.turns[s.SPEAKER]) == {"Anna Berg"}


def test_an_utterance_without_text_is_no_turn():
    body = ('<u who="#Anna.Berg" ana="#regular"><seg>One.</seg></u>'
            '<note type="speaker">Member Carl Dahl</note>'
            '<u who="#Carl.Dahl" ana="#regular"><seg/></u>'
            '<u who="#Eva.Falk" ana="#regular"><seg>Two.</seg></u>')
    c = one(sitting(body))
    assert list(c.turns[s.SPEAKER]) == ["Anna Berg", "Eva Falk"]
    # the orphan label is kept, as a note of the turn before
    assert c.turns[s.TEXT][0] == "One.\n\nMember Carl Dahl"


def test_annotated_tokens_are_joined_as_written():
    body = """<u who="#Anna.Berg" ana="#regular"><seg>
      <s><w lemma="hello">Hello</w>
         <w lemma="world" join="right">world</w>
         <pc>,</pc>
         <name type="PER"><w>Ana</w></name>
         <w join="right">said</w><pc>.</pc>
         <linkGrp type="UD-SYN"><link ana="ud-syn:root" target="#s1 #w1"/></linkGrp>
      </s></seg></u>"""
    assert one(sitting(body)).turns[s.TEXT][0] == "Hello world, Ana said."


def test_entities_and_cdata_are_text():
    body = ('<u who="#Anna.Berg" ana="#regular"><seg>Fish &amp; chips &#8211; '
            '<![CDATA[a <b> c]]></seg></u>')
    assert one(sitting(body)).turns[s.TEXT][0] == "Fish & chips – a <b> c"


def test_documents_are_marked_free_of_lone_surrogates():
    # lxml decodes UTF-8 strictly and refuses a reference to one: the read need not scan
    docs = parse_parlamint(sitting(BODY), source="<snippet>")
    assert docs and all(d.surrogate_free for d in docs)
    with pytest.raises(TranscriptError, match="not well-formed"):
        parse_parlamint(sitting(BODY.replace("I open", "I &#xD800; open")), source="<snippet>")


def test_utterances_are_freed_as_the_stream_goes(monkeypatch):
    # A sitting of 3,000 utterances fed 4,000 characters at a time: when each is read, its
    # division holds only what the parser has seen since the utterance before (earlier
    # ones were freed), not the 6,000 elements of the whole; the text comes out whole.
    from kit.read.formats import _xml

    monkeypatch.setattr(_xml, "_FEED_CHARS", 4000)
    body = "".join(f'<u who="#Anna.Berg" ana="#regular"><seg>Point {i}.</seg></u>'
                   f'<note>Applause {i}</note>' for i in range(3000))
    held = []
    read_utterance = parlamint._Reader._utterance

    def spy(self, u):
        held.append(len(u.getparent()))
        read_utterance(self, u)

    monkeypatch.setattr(parlamint._Reader, "_utterance", spy)
    doc = parse_parlamint(sitting(body), source="<snippet>")[0]
    assert len(held) == 3000 and max(held) <= 4000 / 40  # elements of one fed piece
    assert doc.text[doc.turns[-1].text_start:doc.turns[-1].end] == "Point 2999."
    assert len(doc.stage) == 2999  # the last note is the trailer


# --- Names from ids ------------------------------------------------------------------------

@pytest.mark.parametrize("who, surname_first, name", [
    ("#KılıçdaroğluKemal", True, "Kemal Kılıçdaroğlu"),
    ("#ApohalVučkovićLidija", True, "Lidija Apohal Vučković"),
    ("#PeterPellegrini.1975", False, "Peter Pellegrini"),
    ("#PellegriniPeter.1975", True, "Peter Pellegrini"),
    ("#Durmuş.Yılmaz", True, "Durmuş Yılmaz"),
    ("#MetinNurullah.Sazak", True, "Metin Nurullah Sazak"),
    ("#SalihaSera.KadıgilSütlü", False, "Saliha Sera Kadıgil Sütlü"),
    ("#PAD_00024", True, "PAD_00024"),
    ("#Speaker", True, "Speaker"),
])
def test_readable_name(who, surname_first, name):
    assert readable_name(who, surname_first=surname_first) == name


def test_the_text_tells_whether_ids_put_the_surname_first():
    # Surnames are what speakers are called by; the ids' first parts are mentioned here.
    body = ('<u who="#NovakJan" ana="#chair"><seg>Mr Horvat, please.</seg></u>'
            '<u who="#HorvatAna" ana="#regular"><seg>Thank you, Mr Novak.</seg></u>')
    assert list(one(sitting(body)).turns[s.SPEAKER]) == ["Jan Novak", "Ana Horvat"]
    body = ('<u who="#JanNovak" ana="#chair"><seg>Mr Horvat, please.</seg></u>'
            '<u who="#AnaHorvat" ana="#regular"><seg>Thank you, Mr Novak.</seg></u>')
    assert list(one(sitting(body)).turns[s.SPEAKER]) == ["Jan Novak", "Ana Horvat"]


def test_a_label_in_place_of_an_id_joins_that_person():
    # "Pellegrini, Peter" also says that the id puts the forename first
    body = ('<u who="#PeterPellegrini.1975" ana="#chair"><seg>One.</seg></u>'
            '<u who="Pellegrini, Peter, predseda NR SR" ana="#chair"><seg>Two.</seg></u>'
            '<u who="Valocký, Jozef, poslanec NR SR" ana="#regular"><seg>Three.</seg></u>')
    c = one(sitting(body))
    assert list(c.turns[s.SPEAKER]) == ["Peter Pellegrini", "Peter Pellegrini",
                                        "Jozef Valocký"]
    speakers = c.speakers.set_index(s.SPEAKER)
    assert speakers.loc["Peter Pellegrini", s.PERSON_ID] == "PeterPellegrini.1975"
    assert speakers.loc["Peter Pellegrini", "office"] == "predseda NR SR"
    assert pd.isna(speakers.loc["Jozef Valocký", s.PERSON_ID])  # a label is no id


def test_several_speakers_in_one_who_are_read_as_the_first():
    body = '<u who="#Jan.Novak #Ana.Horvat" ana="#regular"><seg>Together.</seg></u>'
    c = one(sitting(body))
    assert list(c.turns[s.SPEAKER]) == ["Jan Novak"]
    assert c.speakers[s.PERSON_ID][0] == "Jan.Novak"


# --- The corpus root and its lists ---------------------------------------------------------

LIST_ORG = f"""<?xml version="1.0" encoding="UTF-8"?>
<listOrg xmlns="{TEI}">
  <org xml:id="PARL" role="parliament"><orgName full="yes" xml:lang="en">Example
    Parliament</orgName><orgName full="abb">EP</orgName></org>
  <org xml:id="group.GRN" role="parliamentaryGroup"><orgName full="yes" xml:lang="en">Green
    group</orgName><orgName full="abb">Greens</orgName></org>
  <org xml:id="group.SDP" role="parliamentaryGroup"><orgName full="abb">SDP</orgName></org>
  <org xml:id="party.X" role="politicalParty"><orgName full="yes" xml:lang="xx">Beispiel
    Partei</orgName><orgName full="yes" xml:lang="en">Example Party</orgName></org>
  <org xml:id="GOV" role="government"><orgName full="yes">Government</orgName></org>
</listOrg>
"""
LIST_PERSON = f"""<?xml version="1.0" encoding="UTF-8"?>
<listPerson xmlns="{TEI}">
  <person xml:id="SmithJane">
    <persName to="2020-12-31"><surname>Smith</surname><forename>Jane</forename></persName>
    <persName from="2021-01-01"><surname>Smith-Jones</surname><forename>Jane</forename>
      <roleName>Dr.</roleName></persName>
    <affiliation role="member" ref="#group.GRN" from="2015-01-01" to="2020-06-30"/>
    <affiliation role="member" ref="#group.SDP" from="2020-07-01"/>
    <affiliation role="minister" ref="#GOV" from="2021-01-01">
      <roleName xml:lang="en">Minister of Finance</roleName></affiliation>
  </person>
  <person xml:id="DoeJohn">
    <persName><surname>Doe</surname><forename>John</forename><forename>Paul</forename>
    </persName>
    <affiliation role="member" ref="#party.X" from="2010"/>
  </person>
</listPerson>
"""


def corpus_root(lists: str = "") -> str:
    """A corpus root; ``lists`` inline in its header, or else the list files included."""
    particdesc = lists or (f'<xi:include xmlns:xi="{XI}" href="ParlaMint-XX-listOrg.xml"/>'
                           f'<xi:include xmlns:xi="{XI}" href="ParlaMint-XX-listPerson.xml"/>')
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<teiCorpus xmlns="{TEI}" '
            f'xml:id="ParlaMint-XX"><teiHeader><fileDesc><titleStmt><title>Example corpus'
            f'</title></titleStmt></fileDesc><profileDesc><particDesc>{particdesc}'
            f'</particDesc></profileDesc></teiHeader>\n'
            f'<xi:include xmlns:xi="{XI}" href="2019/ParlaMint-XX_2019-06-03.xml"/>\n'
            f'</teiCorpus>\n')


TAXONOMY = f"""<?xml version="1.0"?>
<taxonomy xmlns="{TEI}" xml:id="parla.legislature"><category xml:id="parla.lower">
<catDesc>Lower house</catDesc></category></taxonomy>
"""
META_BODY = """<u who="#SmithJane" ana="#chair"><seg>Order.</seg></u>
<u who="#DoeJohn" ana="#regular"><seg>Thank you.</seg></u>
<u who="#NovakJan" ana="#guest"><seg>A guest not in the list, Mr Novak.</seg></u>"""


@pytest.fixture
def parlamint_folder(tmp_path: Path) -> Path:
    """A small ParlaMint corpus: root and lists at the top, sittings in year folders."""
    parlamint_people._CACHE.clear()
    parlamint_people._DIR_CACHE.clear()
    (tmp_path / "ParlaMint-XX.xml").write_text(corpus_root(), encoding="utf-8")
    (tmp_path / "ParlaMint-XX-listOrg.xml").write_text(LIST_ORG, encoding="utf-8")
    (tmp_path / "ParlaMint-XX-listPerson.xml").write_text(LIST_PERSON, encoding="utf-8")
    (tmp_path / "ParlaMint-taxonomy-parla.legislature.xml").write_text(TAXONOMY,
                                                                       encoding="utf-8")
    for day in ("2019-06-03", "2021-06-03"):
        folder = tmp_path / day[:4]
        folder.mkdir()
        (folder / f"ParlaMint-XX_{day}.xml").write_text(
            sitting(META_BODY, day=day, xid=f"ParlaMint-XX_{day}"), encoding="utf-8")
    return tmp_path


def _lists_meta(person_list: str = LIST_PERSON) -> parlamint_people.CorpusMeta:
    meta = parlamint_people.CorpusMeta()
    for text in (LIST_ORG, person_list):
        meta.add_lists(lxml.etree.fromstring(text.encode()))
    return meta


def test_names_and_parties_are_worked_out_once_per_period_and_right_on_every_day():
    meta = _lists_meta()
    # each date where a name or affiliation begins or ends, the days either side, others
    days = ["2009-12-31", "2010-01-01", "2014-12-31", "2015-01-01", "2017-03-03",
            "2020-06-30", "2020-07-01", "2020-12-31", "2021-01-01", "2021-01-02",
            "2030-01-01", None]
    expected = {(pid, day, lang): (meta.name(pid, day, lang),
                                   {s.PERSON_ID: pid, **meta.attributes(pid, day, lang)})
                for pid in ("SmithJane", "DoeJohn", "Nobody") for day in days
                for lang in ("en", "xx")}
    assert expected["SmithJane", "2020-06-30", "en"][1][s.PARTY] == "Greens"
    assert expected["SmithJane", "2020-07-01", "en"][1][s.PARTY] == "SDP"
    assert expected["SmithJane", "2021-01-01", "en"] == (
        "Jane Smith-Jones", {s.PERSON_ID: "SmithJane", s.PARTY: "SDP",
                             "office": "Minister of Finance"})
    for key in [*expected, *reversed(expected)]:  # once worked out, and again from the cache
        assert meta.person(*key) == expected[key]
    assert len(meta._known) < len(expected)  # (days of one period share an answer)


def test_lists_read_later_are_not_hidden_by_answers_worked_out_before():
    meta = _lists_meta()
    assert meta.person("SmithJane", "2022-01-01", "en")[1][s.PARTY] == "SDP"
    moved = LIST_PERSON.replace('ref="#group.SDP" from="2020-07-01"',
                                'ref="#group.SDP" from="2020-07-01" to="2021-12-31"/>'
                                '<affiliation role="member" ref="#group.GRN" '
                                'from="2022-01-01"')
    meta.add_lists(lxml.etree.fromstring(moved.encode()))
    assert meta.person("SmithJane", "2022-01-01", "en")[1][s.PARTY] == "Greens"
    other = parlamint_people.CorpusMeta()
    other.add_lists(lxml.etree.fromstring(LIST_ORG.encode()))
    other.add_lists(lxml.etree.fromstring(moved.replace("Smith-Jones", "Smith-Brown").encode()))
    meta.update(other)
    assert meta.person("SmithJane", "2022-01-01", "en")[0] == "Jane Smith-Brown"


def test_a_folder_uses_the_corpus_lists_and_reads_no_metadata_as_documents(parlamint_folder):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = kit.read_transcripts(parlamint_folder, progress=False)
    assert list(c.documents[s.DOC_ID]) == ["2019/ParlaMint-XX_2019-06-03",
                                           "2021/ParlaMint-XX_2021-06-03"]
    assert c.skipped.empty
    turns = c.turns
    # each turn's stage directions, in order, across documents
    assert list(turns[s.STAGE_DIRECTIONS]) == [()] * 6
    # names and parties valid at each sitting's date
    assert list(turns[s.SPEAKER]) == ["Jane Smith", "John Paul Doe", "Jan Novak",
                                      "Jane Smith-Jones", "John Paul Doe", "Jan Novak"]
    speakers = c.speakers.set_index(s.SPEAKER)
    assert speakers.loc["Jane Smith", s.PARTY] == "Greens"
    assert speakers.loc["Jane Smith-Jones", s.PARTY] == "SDP"
    assert speakers.loc["Jane Smith-Jones", "office"] == "Minister of Finance"
    assert pd.isna(speakers.loc["Jane Smith", "office"])
    # a party (no group) in the text's language
    assert speakers.loc["John Paul Doe", s.PARTY] == "Beispiel Partei"
    assert speakers.loc["Jane Smith-Jones", s.PERSON_ID] == "SmithJane"
    assert speakers.loc["Jan Novak", s.ROLE] == s.ROLE_GUEST
    assert pd.isna(speakers.loc["Jan Novak", s.PARTY])
    assert set(c.documents["house"]) == {"EP"}


def test_reading_the_root_or_a_list_alone_says_what_it_is(parlamint_folder):
    for name, root in [("ParlaMint-XX.xml", "teiCorpus"),
                       ("ParlaMint-XX-listPerson.xml", "listPerson"),
                       ("ParlaMint-taxonomy-parla.legislature.xml", "taxonomy")]:
        with pytest.raises(NotATranscript, match=rf"line 1: This is ParlaMint corpus metadata "
                           rf"\(<{root}> without sittings\), not a transcript\. Fix: Read the "
                           "sitting files"):
            kit.read_transcript(parlamint_folder / name)


def test_corpus_root_can_be_given(parlamint_folder, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("sittings")
    sitting_file = elsewhere / "s.xml"
    sitting_file.write_text(sitting(META_BODY, day="2021-06-03"), encoding="utf-8")
    alone = kit.read_transcript(sitting_file)
    assert list(alone.turns[s.SPEAKER])[:2] == ["Jane Smith", "John Doe"]  # from the ids
    for root in (parlamint_folder / "ParlaMint-XX.xml", parlamint_folder):
        c = kit.read_transcript(sitting_file, corpus_root=root)
        assert list(c.turns[s.SPEAKER])[:2] == ["Jane Smith-Jones", "John Paul Doe"]


def test_lists_inline_in_the_corpus_header(tmp_path):
    parlamint_people._DIR_CACHE.clear()
    inline = LIST_ORG.split("?>", 1)[1] + LIST_PERSON.split("?>", 1)[1]
    (tmp_path / "ParlaMint-XX.xml").write_text(corpus_root(inline), encoding="utf-8")
    (tmp_path / "s.xml").write_text(sitting(META_BODY), encoding="utf-8")
    c = kit.read_transcripts(tmp_path, progress=False)
    assert list(c.turns[s.SPEAKER])[:2] == ["Jane Smith", "John Paul Doe"]
    assert c.speakers.set_index(s.SPEAKER).loc["Jane Smith", s.PARTY] == "Greens"


def test_a_person_list_alone_names_speakers_in_the_texts_language(tmp_path):
    (tmp_path / "ParlaMint-BG-listPerson.xml").write_text(
        f'<listPerson xmlns="{TEI}"><person xml:id="IvanovIvan">'
        '<persName xml:lang="bg"><surname>Иванов</surname><forename>Иван</forename></persName>'
        '<persName xml:lang="en"><surname>Ivanov</surname><forename>Ivan</forename></persName>'
        "</person></listPerson>", encoding="utf-8")
    body = '<u who="#IvanovIvan" ana="#regular"><seg>Благодаря.</seg></u>'
    for lang, name in (("bg", "Иван Иванов"), ("en", "Ivan Ivanov"), ("xx", "Иван Иванов")):
        (tmp_path / "s.xml").write_text(sitting(body, lang=lang), encoding="utf-8")
        assert list(kit.read_transcript(tmp_path / "s.xml").turns[s.SPEAKER]) == [name]


def test_a_tei_corpus_of_sittings_gives_one_document_each(tmp_path):
    inline = LIST_ORG.split("?>", 1)[1] + LIST_PERSON.split("?>", 1)[1]
    docs = "".join(sitting(META_BODY, day=day, xid=f"S-{day}").split("?>", 1)[1]
                   for day in ("2019-06-03", "2021-06-03"))
    text = corpus_root(inline).replace(
        f'<xi:include xmlns:xi="{XI}" href="2019/ParlaMint-XX_2019-06-03.xml"/>', docs)
    path = tmp_path / "corpus.xml"
    path.write_text(text, encoding="utf-8")
    c = kit.read_transcript(path)
    assert list(c.documents[s.DOC_ID]) == ["corpus/S-2019-06-03", "corpus/S-2021-06-03"]
    assert list(c.turns[s.SPEAKER])[:4] == ["Jane Smith", "John Paul Doe", "Jan Novak",
                                            "Jane Smith-Jones"]


def test_lists_are_parsed_once_per_file_and_again_when_it_changes(parlamint_folder,
                                                                   monkeypatch):
    parsed = []
    original = parlamint_people._parse_lists
    monkeypatch.setattr(parlamint_people, "_parse_lists",
                        lambda path: (parsed.append(path.name), original(path))[1])
    for day in ("2019-07-01", "2019-07-02", "2019-07-03"):
        (parlamint_folder / "2019" / f"ParlaMint-XX_{day}.xml").write_text(
            sitting(META_BODY, day=day), encoding="utf-8")
    c = kit.read_transcripts(parlamint_folder, progress=False, n_jobs=1)
    assert len(c.documents) == 5
    # the root and its two lists, once each for five sittings
    assert sorted(parsed) == ["ParlaMint-XX-listOrg.xml", "ParlaMint-XX-listPerson.xml",
                              "ParlaMint-XX.xml"]
    person_list = parlamint_folder / "ParlaMint-XX-listPerson.xml"
    person_list.write_text(LIST_PERSON.replace("Smith-Jones", "Jones"), encoding="utf-8")
    stat = person_list.stat()
    os.utime(person_list, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    c = kit.read_transcripts(parlamint_folder, progress=False, n_jobs=1)
    assert parsed[3:] == ["ParlaMint-XX-listPerson.xml"]  # the changed list only
    assert "Jane Jones" in set(c.turns[s.SPEAKER])


def test_worker_processes_find_the_lists_too(parlamint_folder):
    c = kit.read_transcripts(parlamint_folder, progress=False, n_jobs=2)
    assert list(c.turns[s.SPEAKER])[:2] == ["Jane Smith", "John Paul Doe"]
    assert c.speakers.set_index(s.SPEAKER).loc["Jane Smith-Jones", s.PARTY] == "SDP"


# --- Detection and errors --------------------------------------------------------------------

def test_sniffed_by_root_element():
    assert sniff_format(sitting(BODY), suffix=".xml") == "parlamint"
    assert sniff_format(corpus_root(), suffix=".xml") == "parlamint"
    assert sniff_format(LIST_PERSON, suffix=".xml") == "parlamint"


def test_a_folder_with_a_broken_sitting_reads_the_others(parlamint_folder):
    (parlamint_folder / "2019" / "broken.xml").write_text(
        sitting(META_BODY).replace("</u>", "", 1), encoding="utf-8")
    c = kit.read_transcripts(parlamint_folder, progress=False, errors="skip")
    assert len(c.documents) == 2
    assert list(c.skipped["source"].map(lambda p: Path(p).name)) == ["broken.xml"]
    assert "is not well-formed XML" in c.skipped["error"][0]


@pytest.mark.parametrize("text, message", [
    ("", r"<snippet>, line 1: The ParlaMint TEI file is empty\."),
    ("  \n ", r"<snippet>, line 1: The ParlaMint TEI file is empty\."),
    (f'<TEI xmlns="{TEI}">\n<teiHeader>\n</TEI>',
     r"<snippet>, line 3: The ParlaMint TEI file is not well-formed XML \(Opening and ending "
     r"tag mismatch: teiHeader line 2 and TEI\)\. Fix: Repair the markup at that line"),
    (sitting(BODY)[:sitting(BODY).index("<text>")],  # cut after the header (line 23)
     r"line 24: The ParlaMint TEI file is not well-formed XML \(Premature end of data in "
     r"tag TEI line 2\)"),
    ("<TEI><text><body><u><seg>Hi</seg></u></body></text></TEI>",
     r"line 1: The root element is <TEI>, not ParlaMint's <TEI> \(in the TEI namespace "
     r"http://www.tei-c.org/ns/1.0\)\. Fix: Pass the file's own format="),
    (f'<TEI xmlns="{TEI}"><teiHeader/><text><body><div><note>Only a note</note></div>'
     "</body></text></TEI>",
     r"line 1: The TEI document holds no <u> utterance with text\."),
])
def test_errors_name_the_line_and_the_fix(text, message):
    with pytest.raises(TranscriptError, match=message):
        parse_parlamint(text, source="<snippet>")


def test_metadata_roots_are_not_transcripts():
    with pytest.raises(NotATranscript, match=r"<listPerson> without sittings"):
        parse_parlamint(LIST_PERSON, source="<snippet>")
    with pytest.raises(NotATranscript, match=r"<teiCorpus> without sittings"):
        parse_parlamint(corpus_root(), source="<snippet>")


def test_a_bom_or_its_reference_before_the_declaration_is_dropped():
    for prefix in ("\ufeff", "&#xFEFF;", "\n"):
        docs = parse_parlamint(prefix + sitting(BODY), source="<snippet>")
        assert [t.speaker for t in docs[0].turns] == ["Jane Smith", "John Doe", "Unknown"]


# --- The real sittings ---------------------------------------------------------------------

HAND_COUNTS = {
    "ParlaMint-TR_T27-tbmm-2018-07-07": {
        "Durmuş Yılmaz": 76, "Ayhan Bilgen": 7, "Servet Ünsal": 5, "Metin Nurullah Sazak": 5,
        "Saliha Sera Kadıgil Sütlü": 3, "Muazzez Orhan": 3, "Ali Kenanoğlu": 3,
        "İsmail Ok": 2, "Yaşar Kırkpınar": 2, "Onursal Adıgüzel": 2, "Lütfü Türkkan": 2,
        "Abdullah Doğru": 2, "Veli Ağbaba": 1, "Tuma Çelik": 1, "Mahmut Tanal": 1,
        "Ceyda Bölünmez Çankırı": 1, "Bayram Özçelik": 1,
        s.UNKNOWN_SPEAKER: 662,  # the oath roll call: <u ana="#guest"> without who
    },
    "ParlaMint-SK_2016-02-12-t6m61": {
        # 22 "#PeterPellegrini.1975" + 4 "Pellegrini, Peter, predseda NR SR"
        "Peter Pellegrini": 26, "Jana Laššáková": 12, "Viliam Novotný": 3, "Pavol Zajac": 3,
        "Jozef Viskupič": 3, "Jozef Valocký": 2, "Ľubomír Petrák": 2, "Ľudovít Kaník": 2,
        "Vladimír Baláž": 2, "Peter Osuský": 2, "Magdaléna Vášáryová": 2, "Ján Figeľ": 2,
        "Jozef Mihál": 2, "Janka Šípošová": 2, "Alojz Hlina": 2, "Martin Fecko": 1,
        "Ján Mičovský": 1, "Ján Hudacký": 1, "Igor Hraško": 1, "Eugen Jurzyca": 1,
        "Erika Jurinová": 1, "Daniel Lipšic": 1, "Alojz Přidal": 1,
    },
}


@pytest.fixture(scope="module")
def real(corpus_more_dir):
    folder = corpus_more_dir / "parlamint-tei"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return folder, kit.read_transcripts(folder, progress=False)


def test_real_sittings_tile_and_count_per_speaker(real):
    folder, c = real
    assert sorted(c.documents[s.DOC_ID]) == sorted(HAND_COUNTS)
    for doc_id, counts in HAND_COUNTS.items():
        turns = c.turns[c.turns[s.DOC_ID] == doc_id]
        assert turns[s.SPEAKER].astype(str).value_counts().to_dict() == counts
        assert_tiles(c, doc_id, normalised_texts(folder / f"{doc_id}.xml")[0])


def test_real_turkish_sitting(real):
    _, c = real
    turns = c.turns[c.turns[s.DOC_ID] == "ParlaMint-TR_T27-tbmm-2018-07-07"]
    first, last = turns.iloc[0], turns.iloc[-1]
    assert first[s.SPEAKER] == "Durmuş Yılmaz"
    assert first[s.TEXT].startswith("Türkiye Büyük Millet Meclisinin 27’nci Yasama")
    assert last[s.SPEAKER] == "Durmuş Yılmaz"
    assert last[s.TEXT].startswith("Cumhurbaşkanının yemin töreni için 9 Temmuz 2018")
    assert (turns[s.ROLE] == s.ROLE_GUEST).sum() == 662
    assert (turns[s.ROLE] == s.ROLE_MEMBER).sum() == 117
    # the oath roll call: a province heading, then one name per utterance
    roll = turns[turns[s.ROLE] == s.ROLE_GUEST][s.TEXT]
    assert list(roll[:3]) == ["ADANA:", "Ayhan Barut", "Burhanettin Bulut"]
    doc = c.documents.set_index(s.DOC_ID).loc["ParlaMint-TR_T27-tbmm-2018-07-07"]
    assert doc[s.DATE] == pd.Timestamp("2018-07-07")
    assert doc[s.TITLE] == "The Turkish parliamentary corpus ParlaMint-TR, Session 1 [ParlaMint]"
    assert (doc[s.LOCATION], doc["term"], doc["session"], doc["house"]) == \
        ("Ankara, Turkey", "27", "1", "TBMM")
    # the header: licence, sources, the first section's time and chair notes; none in turns
    assert doc[s.HEADER].rstrip().endswith("Ankara\nTurkey\n07.07.2018\n\n14.00\n\nDurmuş Yılmaz")
    for header_text in ("Creative Commons", "Hansards of the Turkish Parliament", "14.00"):
        assert not turns[s.TEXT].str.contains(header_text, regex=False).any()
    # 60 notes: two before the first utterance (header), 58 stage directions
    stage = c.stage_directions[c.stage_directions[s.DOC_ID] ==
                               "ParlaMint-TR_T27-tbmm-2018-07-07"]
    assert len(stage) == 58
    assert stage[s.TEXT].iloc[0] == "AK PARTİ sıralarından ayakta alkışlar"
    speakers = c.speakers.set_index(s.SPEAKER)
    assert speakers.loc["Durmuş Yılmaz", s.PERSON_ID] == "Durmuş.Yılmaz"
    assert speakers.loc["Metin Nurullah Sazak", s.PERSON_ID] == "MetinNurullah.Sazak"


def test_real_slovak_sitting(real):
    _, c = real
    turns = c.turns[c.turns[s.DOC_ID] == "ParlaMint-SK_2016-02-12-t6m61"]
    first, last = turns.iloc[0], turns.iloc[-1]
    assert (first[s.SPEAKER], first[s.ROLE]) == ("Pavol Zajac", s.ROLE_MEMBER)
    assert first[s.TEXT].startswith("Ďakujem veľmi pekne, pán kolega, za vaše vystúpenie.")
    assert (last[s.SPEAKER], last[s.ROLE]) == ("Peter Pellegrini", s.ROLE_CHAIR)
    assert last[s.TEXT].startswith("Ďakujem pekne za informáciu. Vážené kolegyne")
    assert (turns[s.ROLE] == s.ROLE_CHAIR).sum() == 40
    doc = c.documents.set_index(s.DOC_ID).loc["ParlaMint-SK_2016-02-12-t6m61"]
    assert doc[s.DATE] == pd.Timestamp("2016-02-12")
    assert doc[s.TITLE] == "ParlaMint-SK_2016-02-12-t6m61"  # the header has no title yet
    assert (doc["term"], doc["session"], doc["house"]) == ("6", "61", "unicameral")
    # the closing note after the last utterance is the trailer
    assert doc[s.TRAILER].strip() == "Rokovanie 61. schôdze NR SR sa skončilo o 02.33 hodine."
    # kinesic 17 + incident 4 + vocal 5 + note 14, less the closing note
    stage = c.stage_directions[c.stage_directions[s.DOC_ID] ==
                               "ParlaMint-SK_2016-02-12-t6m61"]
    assert len(stage) == 39
    assert {"Potlesk.", "Smiech v sále.", "Hlasovanie.", "tlač 1873"} <= set(stage[s.TEXT])
    assert not turns[s.TEXT].str.contains("SK_term_6.tsv", regex=False).any()  # comments
    speakers = c.speakers.set_index(s.SPEAKER)
    assert speakers.loc["Peter Pellegrini", s.PERSON_ID] == "PeterPellegrini.1975"
    assert speakers.loc["Peter Pellegrini", s.ROLE] == s.ROLE_CHAIR
