"""Bytes to text: the encoding most of a file fits, UTF-16 without a byte-order mark."""

from __future__ import annotations

import warnings

import pytest

import kit
from kit import schema as s
from kit.errors import TranscriptError, TranscriptWarning
from kit.read.decoding import decode, replace_surrogates

UTF8 = "MR. PRICE:  Café – naïve “quotes”.\n\nQUESTION:  Ça va? Déjà vu.\n"


def test_a_few_stray_bytes_keep_a_utf8_file_utf8():
    # a Windows-1252 apostrophe pasted in, and 0x81, which Windows-1252 leaves undefined
    data = UTF8.encode() + b"MR. PRICE:  It\x92s fine.\n\nQUESTION:  Bad \x81 byte.\n"
    with pytest.warns(TranscriptWarning, match=r"t\.txt: 2 bytes are not valid UTF-8, on "
                                               r"lines 4, 6, in a file that is otherwise UTF-8"):
        text = decode(data, source="t.txt")
    assert text == UTF8 + "MR. PRICE:  It’s fine.\n\nQUESTION:  Bad \ufffd byte.\n"


def test_one_stray_byte_names_its_line_and_the_file_reads(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(UTF8.encode() + b"MR. PRICE:  caf\xe9.\n")
    with pytest.warns(TranscriptWarning, match=r"1 byte is not valid UTF-8, on line 4,"):
        turns = kit.read_transcript(path).turns
    assert list(turns[s.TEXT]) == ["Café – naïve “quotes”.", "Ça va? Déjà vu.", "café."]


def test_many_stray_bytes_name_a_few_lines_and_count_the_rest():
    data = "Café.\n".encode() * 20 + b"caf\xe9\n" * 8
    with pytest.warns(TranscriptWarning,
                      match=r"8 bytes are not valid UTF-8, on lines 21, 22, 23, 24, 25 and 3 "
                            "more,"):
        text = decode(data, source="t.txt")
    assert text.count("café") == 8 and text.count("Café") == 20


@pytest.mark.parametrize("data", [
    UTF8.encode("cp1252"),
    # one pair of bytes that happens to be valid UTF-8 ("Ã©") does not outvote the rest
    UTF8.encode("cp1252") + "Ã©\n".encode("cp1252"),
])
def test_a_windows_1252_file_is_still_windows_1252(data):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert decode(data, source="t.txt") == data.decode("cp1252")


@pytest.mark.corpus
def test_the_rev_export_in_windows_1252_reads_without_a_warning(corpus_more_dir):
    data = (corpus_more_dir / "transcription-exports" / "sondlandTestimony.csv").read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        text = decode(data, source="sondlandTestimony.csv")
    assert text == data.decode("cp1252").replace("\r\n", "\n")
    assert "’" in text


def test_bytes_neither_utf8_nor_windows_1252_are_an_error():
    with pytest.raises(TranscriptError, match=r"t\.txt, line 2: The bytes are neither UTF-8 "
                                              "nor Windows-1252"):
        decode(b"MR. PRICE: hi\n\x81\x8d\x8f\x90\x9d\n", source="t.txt")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [
    UTF8,
    "ПРЕДСЕДАТЕЛЬ:  Уважаемые коллеги, начинаем заседание.\n\nИВАНОВ:  Спасибо.\n",
    "主席：  现在开会。\n\n王先生：  谢谢主席。\n",
])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, encoding, text):
    assert decode(text.encode(encoding), source="t.txt") == text
    path = tmp_path / "t.txt"
    path.write_bytes(UTF8.replace("\n", "\r\n").encode(encoding))
    assert list(kit.read_transcript(path).turns[s.TEXT]) == [
        "Café – naïve “quotes”.", "Ça va? Déjà vu."]


@pytest.mark.parametrize("data", [
    b"MR PRICE: hi\n\x89PNG\x00\x00\x01\x02" * 20,  # NULs on both sides of the byte pairs
    "MR PRICE: hi\n".encode("utf-16-le") + b"\x01\x00" * 10,  # decodes, to control chars
    "MR PRICE: hi\n".encode("utf-16-le") + b"\x00",  # an odd number of bytes
])
def test_nul_bytes_that_are_not_utf16_are_still_binary(data):
    with pytest.raises(TranscriptError, match="binary file"):
        decode(data, source="t.bin")


def test_replace_surrogates_keeps_the_length():
    assert replace_surrogates("a\ud800b\udfffc") == ("a\ufffdb\ufffdc", [1, 3])
    assert replace_surrogates("plain") == ("plain", [])


def test_a_utf8_mark_keeps_stray_bytes_utf8_however_many():
    data = b"\xef\xbb\xbfMR. PRICE:  \xe9\xe9\xe9 and caf\xc3\xa9.\n"
    with pytest.warns(TranscriptWarning, match=r"3 bytes are not valid UTF-8, on line 1,"):
        assert decode(data, source="t.txt") == "MR. PRICE:  ééé and café.\n"


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                           ("utf-16-le", b""), ("utf-16-be", b"")])
def test_unpaired_surrogates_in_utf16_become_replacement_characters(encoding, bom):
    text = UTF8 + "MR. PRICE:  Half \ud83d a smile, a whole 😀.\n"
    data = bom + text.encode(encoding, "surrogatepass")
    with pytest.warns(TranscriptWarning, match=rf"t\.txt: 1 unpaired surrogate \(half a "
                                               rf"character\) in {encoding}, on line 4; it was "
                                               r"replaced by U\+FFFD"):
        assert decode(data, source="t.txt") == text.replace("\ud83d", "\ufffd")


def test_utf16_cut_in_the_middle_of_a_character_is_an_error():
    with pytest.raises(TranscriptError, match=r"utf-16-le byte-order mark but is not valid "
                                              r"utf-16-le \(truncated data\)"):
        decode(b"\xff\xfe" + "MR. PRICE: hi".encode("utf-16-le") + b"\x00", source="t.txt")


@pytest.mark.parametrize("data, what, fix", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word (.doc)", "Save it as"),
    (b"{\\rtf1\\ansi MR. A: Hello.}", "an RTF document", "plain text"),
])
def test_documents_that_are_not_text_say_how_to_get_their_text(data, what, fix):
    with pytest.raises(TranscriptError) as info:
        decode(data, source="hearing.x")
    message = str(info.value)
    assert message.startswith(f"hearing.x, line 1: This is {what}") and fix in message


def test_a_text_that_mentions_a_pdf_is_text():
    assert decode(b"MR. A: the %PDF- header of a file.", source="t.txt").startswith("MR. A")
