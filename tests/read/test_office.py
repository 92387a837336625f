"""Word (.docx) and OpenDocument (.odt) transcripts: the text of their paragraphs."""

from __future__ import annotations

import io
import zipfile

import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import TranscriptError
from kit.read import office
from kit.read.decoding import decode
from kit.read.formats.table import looks_like_tsv

_W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
_ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"')


def run(text: str, *, bold: bool = False) -> str:
    props = "<w:rPr><w:b/><w:lang w:val='en-US'/></w:rPr>" if bold else ""
    return f"<w:r>{props}<w:t xml:space='preserve'>{text}</w:t></w:r>"


def para(*runs: str) -> str:
    return ("<w:p><w:pPr><w:pStyle w:val='Normal'/><w:rPr><w:b/></w:rPr></w:pPr>"
            + "".join(runs) + "</w:p>")


def write_docx(path, body: str, *, header: str = "Page 1 of 3"):
    """A .docx as Word writes one: the parts a reader needs, and a page header part."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"/>')
        z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr("word/document.xml",
                   "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                   f"<w:document {_W}><w:body>{body}<w:sectPr><w:pgSz w:w='12240'/>"
                   "</w:sectPr></w:body></w:document>")
        z.writestr("word/header1.xml", f"<w:hdr {_W}>{para(run(header))}</w:hdr>")
    return path


def write_odt(path, body: str):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml",
                   f"<?xml version='1.0' encoding='UTF-8'?><office:document-content {_ODF}>"
                   f"<office:body><office:text>{body}</office:text></office:body>"
                   "</office:document-content>")
        z.writestr("styles.xml", f"<office:document-styles {_ODF}/>")
    return path


# A transcription service's export: a title, then a label line and a paragraph of speech.
REV = [("Senate Energy Hearing", None), ("Jane Smith (00:00:01):", None),
       ("Thank you all for coming. ", "We begin with the budget."),
       ("John Doe (00:00:09):", None), ("Thanks, Jane. I have a question.", None),
       ("Jane Smith (00:01:15):", None), ("Go ahead.", None),
       ("John Doe (00:01:20):", None), ("What is the plan for the grid?", None)]


def test_a_word_transcript_reads_as_its_plain_text_export(tmp_path):
    body = "".join(para(*(run(t, bold=not i) for i, t in enumerate(p) if t)) for p in REV)
    docx = write_docx(tmp_path / "hearing.docx", body)
    # Word's "save as plain text": a line per paragraph
    txt = tmp_path / "hearing.txt"
    txt.write_text("\n".join("".join(t for t in p if t) for p in REV) + "\n")
    from_word, from_text = kit.read_transcript(docx), kit.read_transcript(txt)
    turns = from_word.turns
    assert list(turns[s.SPEAKER]) == ["Jane Smith", "John Doe", "Jane Smith", "John Doe"]
    assert turns[s.TEXT].iloc[0] == "Thank you all for coming. We begin with the budget."
    assert list(turns[s.START_S]) == [1.0, 9.0, 75.0, 80.0]
    assert from_word.documents[s.TITLE].iloc[0] == "Senate Energy Hearing"
    for column in (s.SPEAKER, s.TEXT, s.START_S, s.START_CHAR, s.END_CHAR):
        assert list(turns[column]) == list(from_text.turns[column])
    assert "Page 1 of 3" not in "".join(turns[s.TEXT])  # the page header part is furniture
    [text] = normalised_texts(docx)
    assert_tiles(from_word, "hearing", text)


def test_only_what_is_on_the_page_is_read_from_a_word_document():
    tracked = ("<w:del w:id='1' w:author='A'><w:r><w:delText>struck words </w:delText></w:r>"
               "</w:del><w:ins w:id='2' w:author='A'>" + run("inserted words ") + "</w:ins>")
    field = ("<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> PAGE "
             "</w:instrText></w:r><w:r><w:fldChar w:fldCharType='separate'/></w:r>"
             + run("7") + "<w:r><w:fldChar w:fldCharType='end'/></w:r>")
    box = ("<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx>"
           "<w:txbxContent>" + para(run("Boxed note.")) + "</w:txbxContent></wps:txbx>"
           "</w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
           + para(run("Boxed note.")) + "</w:txbxContent></w:pict></mc:Fallback>"
           "</mc:AlternateContent></w:r>")
    table = ("<w:tbl><w:tblPr/><w:tr><w:tc>" + para(run("MR. LEE:")) + "</w:tc><w:tc>"
             + para(run("In a cell.")) + "</w:tc></w:tr></w:tbl>")
    body = (para(run("MR. LEE:  Hello "), tracked, run("and"), "<w:r><w:tab/></w:r>",
                 run("tabbed"), "<w:r><w:br/></w:r>", run("broken, page "), field,
                 "<w:r><w:noBreakHyphen/></w:r>", run("x."), box)
            + para() + table
            + "<w:p><w:hyperlink r:id='rId4' xmlns:r='r'>" + run("Linked.") + "</w:hyperlink>"
              "<w:commentReference w:id='0'/></w:p>")
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        z.writestr("word/document.xml", f"<w:document {_W}><w:body>{body}</w:body>"
                                        "</w:document>")
    text = decode(data.getvalue(), source="a.docx")
    assert text == ("MR. LEE:  Hello inserted words and\ttabbed\nbroken, page 7\u2011x.\n"
                    "Boxed note.\n\nMR. LEE:\tIn a cell.\nLinked.")


def test_an_opendocument_transcript_reads_its_paragraphs_and_headings(tmp_path):
    body = ("<text:h text:outline-level='1'>Town Hall, 3 May 2024</text:h>"
            "<text:p>MODERATOR:<text:s text:c='2'/>Welcome, <text:span>everyone</text:span>."
            "<text:note text:note-class='footnote'><text:note-citation>1</text:note-citation>"
            "<text:note-body><text:p>A footnote.</text:p></text:note-body></text:note>"
            "<office:annotation><text:p>A comment.</text:p></office:annotation></text:p>"
            "<text:list><text:list-item><text:p>MAYOR:<text:tab/>Thank you.<text:line-break/>"
            "Really.</text:p></text:list-item></text:list>"
            "<table:table><table:table-row><table:table-cell><text:p>MODERATOR:  Next."
            "</text:p></table:table-cell></table:table-row></table:table>"
            "<text:tracked-changes><text:changed-region><text:deletion><text:p>Gone."
            "</text:p></text:deletion></text:changed-region></text:tracked-changes>")
    path = write_odt(tmp_path / "town-hall.odt", body)
    assert normalised_texts(path) == [
        "Town Hall, 3 May 2024\nMODERATOR:  Welcome, everyone.\nMAYOR:\tThank you.\nReally.\n"
        "MODERATOR:  Next."]
    corpus = kit.read_transcript(path)
    assert list(corpus.turns[s.SPEAKER]) == ["Moderator", "Mayor", "Moderator"]
    assert corpus.turns[s.TEXT].iloc[1] == "Thank you.\nReally."
    assert_tiles(corpus, "town-hall", normalised_texts(path)[0])


def _row(*cells: str, tag: str = "w") -> str:
    if tag == "w":
        return "<w:tr>" + "".join(f"<w:tc>{para(run(c))}</w:tc>" for c in cells) + "</w:tr>"
    return ("<table:table-row>" + "".join(f"<table:table-cell><text:p>{c}</text:p>"
                                          "</table:table-cell>" for c in cells)
            + "</table:table-row>")


TABLE = [("Timestamp", "Speaker", "Text"), ("00:00:03", "Jane Doe", "Good morning, everyone."),
         ("00:00:08", "John Smith", "Thanks, Jane."), ("00:01:11", "Jane Doe", "Shall we start?")]


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_transcript_in_a_table_reads_as_the_table_it_is(tmp_path, kind):
    # transcription services' "table" exports: a row per turn under a header row
    if kind == "docx":
        body = (para(run("Interview with Jane Doe")) + "<w:tbl><w:tblPr/>"
                + "".join(_row(*r) for r in TABLE) + "</w:tbl>")
        path = write_docx(tmp_path / "interview.docx", body)
    else:
        body = ("<text:p>Interview with Jane Doe</text:p><table:table>"
                + "".join(_row(*r, tag="table") for r in TABLE) + "</table:table>")
        path = write_odt(tmp_path / "interview.odt", body)
    assert decode(path.read_bytes(), source=path.name).split("\n")[:2] == [
        "Interview with Jane Doe", "Timestamp\tSpeaker\tText"]
    corpus = kit.read_transcript(path)
    turns = corpus.turns
    assert list(turns[s.SPEAKER]) == ["Jane Doe", "John Smith", "Jane Doe"]
    assert list(turns[s.START_S]) == [3.0, 8.0, 71.0]
    assert turns[s.TEXT].iloc[2] == "Shall we start?"
    assert "Interview with Jane Doe" in corpus.documents[s.HEADER].iloc[0]
    assert_tiles(corpus, "interview", normalised_texts(path)[0])


def test_a_tab_separated_text_with_a_header_row_is_a_table(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("\n".join("\t".join(r) for r in TABLE) + "\n", encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert corpus.documents["format"].iloc[0] == "csv"
    assert list(corpus.turns[s.SPEAKER]) == ["Jane Doe", "John Smith", "Jane Doe"]
    # tabs in prose, or a table without a speaker and a text column, are no such table
    for text in ("MR. LEE:\tHello.\nMS. RAY:\tHi.\nMR. LEE:\tBye.\n",
                 "Name\tAge\nJane\t40\nJohn\t41\n"):
        assert not looks_like_tsv(text)


def test_folders_read_word_documents_beside_text(tmp_path):
    write_docx(tmp_path / "a.docx", para(run("MR. LEE:  One.")) + para(run("MS. RAY:  Two.")))
    (tmp_path / "b.txt").write_text("MR. LEE:  Three.\n\nMS. RAY:  Four.\n")
    corpus = kit.read_transcripts(tmp_path, progress=False)
    assert list(corpus.turns[s.TEXT]) == ["One.", "Two.", "Three.", "Four."]
    assert set(corpus.turns[s.SPEAKER]) == {"Mr. Lee", "Ms. Ray"}


def _zip(path, parts: dict[str, str]):
    with zipfile.ZipFile(path, "w") as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return path


@pytest.mark.parametrize("name, parts, message", [
    ("sheet.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"},
     r"line 1: This is a zip archive \(not a word-processor document\), not a Word or "
     r"OpenDocument text.*Fix: Save it as plain text"),
    ("slides.odp", {"mimetype": "application/vnd.oasis.opendocument.presentation",
                    "content.xml": "<x/>"},
     r"zip archive \(application/vnd.oasis.opendocument.presentation\)"),
    ("broken.docx", {"word/document.xml": "<w:document><w:body><w:p>"},
     r"word/document.xml is not well-formed XML.*Fix: Save the document again"),
    ("entities.docx", {"word/document.xml": '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
                                            f"<w:document {_W}><w:body>{para(run('&a;'))}"
                                            "</w:body></w:document>"},
     "declares a DOCTYPE"),
    ("blank.docx", {"word/document.xml": f"<w:document {_W}><w:body>{para()}</w:body>"
                                         "</w:document>"}, "holds no text"),
    # nested far deeper than any document: refused by the parser, not a crash of ours
    ("deep.docx", {"word/document.xml": f"<w:document {_W}><w:body><w:p>"
                                        + "<w:sdt>" * 5000 + run("deep") + "</w:sdt>" * 5000
                                        + "</w:p></w:body></w:document>"},
     "not well-formed XML"),
])
def test_zips_that_are_not_readable_documents_say_why(tmp_path, name, parts, message):
    path = _zip(tmp_path / name, parts)
    with pytest.raises(TranscriptError, match=rf"{name}.*{message}"):
        kit.read_transcript(path)


def test_a_damaged_zip_says_to_save_the_document_again(tmp_path):
    path = tmp_path / "cut.docx"
    write_docx(path, para(run("MR. LEE:  Hello.")))
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(TranscriptError, match=r"cut.docx, line 1: The zip archive cannot be "
                                              r"opened.*Fix: Save a Word or OpenDocument file "
                                              r"again"):
        kit.read_transcript(path)


def test_a_part_too_large_once_decompressed_is_refused_before_it_is_read(tmp_path,
                                                                         monkeypatch):
    # a zip bomb: a few KB that would decompress to far more than any transcript
    path = write_docx(tmp_path / "bomb.docx", para(run("MR. LEE:  " + "ha " * 50_000)))
    assert path.stat().st_size < 5_000
    monkeypatch.setattr(office, "MAX_PART_BYTES", 100_000)
    with pytest.raises(TranscriptError, match=r"word/document.xml is 1\d\d\.\d KB once "
                                              r"decompressed; the limit is 97.7 KB.*Fix: "
                                              r"Split the document"):
        kit.read_transcript(path)
