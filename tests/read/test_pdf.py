"""PDF transcripts: each page's text laid out as printed, then read like its text."""

from __future__ import annotations

import pytest
from pdf_writer import lines_page, pdf_bytes, write_pdf
from test_format_numbered import TRANSCRIPT
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import TranscriptError
from kit.read.pdf import in_columns, pdf_text


def _pages(text: str) -> list:
    return [lines_page(page.split("\n")) for page in text.split("\f")]


def test_a_line_numbered_court_transcript_reads_as_its_text_does(tmp_path):
    pdf = write_pdf(tmp_path / "argument.pdf", _pages(TRANSCRIPT))
    txt = tmp_path / "argument.txt"
    txt.write_text(TRANSCRIPT, encoding="utf-8")
    from_pdf, from_text = kit.read_transcript(pdf), kit.read_transcript(txt)
    assert from_pdf.documents[s.FORMAT].iloc[0] == "numbered"
    for column in (s.SPEAKER, s.ROLE, s.TEXT):
        assert list(from_pdf.turns[column]) == list(from_text.turns[column])
    assert list(from_pdf.turns[s.SPEAKER])[:3] == ["Chief Justice Roberts", "Ms. Roe",
                                                    "Justice Scalia"]
    # page headers, footers and line numbers stay out of the speech
    speech = " ".join(from_pdf.turns[s.TEXT])
    assert "Official" not in speech and "Reporting" not in speech
    [text] = normalised_texts(pdf)
    assert_tiles(from_pdf, "argument", text)


def test_pages_are_separated_by_form_feeds_and_keep_their_indents():
    data = pdf_bytes([lines_page(["TITLE", "", "    MR. LEE:  One."]),
                      lines_page(["MS. RAY:  Two (and three)."])])
    assert pdf_text(data, source="a.pdf") == ("TITLE\n\n    MR. LEE:  One.\n"
                                              "\fMS. RAY:  Two (and three).\n")


LEFT = ["MR. LEE:  The first column holds", "the opening of the debate, and", "it goes on",
        "for a while, line after line,", "until the column ends here.",
        "MS. RAY:  Then the member for", "the north replies at length,", "saying that",
        "the plan will not work, and", "that the column ends now."]
RIGHT = ["MR. LEE:  The second column", "takes the debate up again,", "and the member",
         "answers her at length, line", "after line, to the bottom.",
         "MS. RAY:  She thanks him, and", "asks a last question of him", "before",
         "the record of the sitting", "closes at the bottom here."]


def test_a_page_set_in_two_columns_is_read_one_column_after_the_other(tmp_path):
    # a parliament's record: two columns side by side, the left one first in the PDF
    page = (lines_page(LEFT, x=36) + lines_page(RIGHT, x=320))
    path = write_pdf(tmp_path / "record.pdf", [page])
    turns = kit.read_transcript(path).turns
    assert list(turns[s.SPEAKER]) == ["Mr. Lee", "Ms. Ray", "Mr. Lee", "Ms. Ray"]
    texts = [" ".join(text.split()) for text in turns[s.TEXT]]
    assert texts[0] == " ".join(" ".join(LEFT[:5]).split()[2:])
    assert texts[2] == " ".join(" ".join(RIGHT[:5]).split()[2:])


def test_columns_are_told_from_a_court_page_and_a_caption():
    two = "\n".join(f"{a:<44}{b}" for a, b in zip(LEFT, RIGHT, strict=True))
    assert in_columns(two)
    court = TRANSCRIPT.split("\f")
    assert not any(in_columns(page) for page in court[:3])
    # justified lines: wide spaces here and there, no edge where a column starts
    justified = "\n".join(f"{n:2d}   " + "   ".join([f"word{n}"] * (1 + n % 4)) + "    end of it"
                          + " " * (n % 5) + "   and more text" for n in range(1, 26))
    assert not in_columns(justified)
    one = "\n".join(LEFT + RIGHT)
    assert not in_columns(one)


def test_a_scan_without_text_says_to_ocr_it(tmp_path):
    path = write_pdf(tmp_path / "scan.pdf", [[], []])
    with pytest.raises(TranscriptError, match=r"scan.pdf, line 1: The PDF's 2 pages hold no "
                                              r"text: it is a scan.*Fix: .*ocrmypdf"):
        kit.read_transcript(path)


def test_a_password_protected_pdf_says_how_to_open_it(tmp_path):
    import io

    import pypdf

    def encrypted(user: str) -> bytes:
        writer = pypdf.PdfWriter(clone_from=io.BytesIO(pdf_bytes([lines_page(
            ["MR. LEE:  Locked.", "", "MS. RAY:  Yes."])])))
        writer.encrypt(user_password=user, owner_password="owner", algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    (tmp_path / "locked.pdf").write_bytes(encrypted("secret"))
    with pytest.raises(TranscriptError, match=r"locked.pdf, line 1: The PDF is encrypted.*"
                                              r"Fix: Open it with its password"):
        kit.read_transcript(tmp_path / "locked.pdf")
    # locked against editing only (no password to open it): read as it is
    (tmp_path / "owner.pdf").write_bytes(encrypted(""))
    turns = kit.read_transcript(tmp_path / "owner.pdf").turns
    assert list(turns[s.TEXT]) == ["Locked.", "Yes."]


def test_a_damaged_pdf_says_how_to_get_its_text(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(pdf_bytes([lines_page(["MR. LEE:  Hello."])])[:60])
    with pytest.raises(TranscriptError, match=r"cut.pdf, line 1: The PDF cannot be read.*"
                                              r"Fix: .*pdftotext -layout"):
        kit.read_transcript(path)
