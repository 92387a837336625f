"""ParlaMint from a file's UTF-8 bytes: the same rows and the same errors as from its text.

lxml is fed the bytes in place of the decoded text only where they are that text as UTF-8
and lxml reads them as the same document; anything that fails is read again from the text.
A file read with ``encoding=`` forced always takes the text, so it is the reference here.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_format_parlamint import BODY, sitting

import kit
from kit.errors import TranscriptError
from kit.read.decoding import decode, decode_utf8
from kit.read.formats.parlamint import parse_parlamint

PLAIN = sitting(BODY.replace("I open the sitting.", "I open the sitting – “Grüß Gott”."))


def _turns(docs) -> list[tuple]:
    return [(t.speaker, t.role, t.start, t.end) for d in docs for t in d.turns]


@pytest.mark.parametrize("data, as_is", [
    (PLAIN.encode(), True),
    (b"\xef\xbb\xbf" + PLAIN.encode(), False),  # a byte-order mark, dropped
    (PLAIN.replace("\n", "\r\n").encode(), False),  # line ends made \n
    (PLAIN.replace("closed.", "closed.\u2028").encode(), False),  # U+2028 made \n
    (PLAIN.encode("cp1252", "replace"), False),  # not UTF-8
    (PLAIN.encode("utf-16"), False),
])
def test_decode_says_when_the_text_is_the_bytes_as_utf8(data, as_is):
    text, same = decode_utf8(data, source="t.xml")
    assert text == decode(data, source="t.xml")
    assert same is as_is
    assert (text.encode() == data) is as_is


def test_the_bytes_are_parsed_where_lxml_reads_them_as_the_text():
    # bytes other than the text (never so in a read) show which of the two lxml parsed
    other = PLAIN.replace("I open", "We open").encode()
    docs = parse_parlamint(PLAIN, source="<snippet>", utf8=other)
    assert docs[0].text.count("We open") == 1
    # a declared encoding lxml would follow, or a prologue not in ASCII: the text
    latin = PLAIN.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    docs = parse_parlamint(latin, source="<snippet>",
                           utf8=latin.replace("I open", "We open").encode())
    assert "We open" not in docs[0].text and docs[0].text.count("I open") == 1
    docs = parse_parlamint("\ufeff" + PLAIN, source="<snippet>", utf8=other)
    assert "We open" not in docs[0].text
    # and where the bytes are the text, the same documents either way
    ref = parse_parlamint(PLAIN, source="<snippet>")
    docs = parse_parlamint(PLAIN, source="<snippet>", utf8=PLAIN.encode())
    assert [d.text for d in docs] == [d.text for d in ref]
    assert _turns(docs) == _turns(ref)
    assert [d.stage for d in docs] == [d.stage for d in ref]
    assert [d.meta for d in docs] == [d.meta for d in ref]


def test_an_error_is_the_texts_whatever_the_bytes_say():
    def error(text: str, utf8: bytes | None = None) -> str:
        with pytest.raises(TranscriptError) as err:
            parse_parlamint(text, source="<snippet>", utf8=utf8)
        return str(err.value)

    broken = PLAIN.replace("</u>", "", 1)
    elsewhere = PLAIN.replace("</seg>", "", 3)  # bytes with an error of their own
    assert "line 41: The ParlaMint TEI file is not well-formed XML" in error(broken)
    assert error(elsewhere) != error(broken)
    assert error(broken, broken.encode()) == error(broken)
    assert error(broken, elsewhere.encode()) == error(broken)


def _tables(corpus: kit.Corpus) -> list[pd.DataFrame]:
    return [corpus.documents, corpus.turns, corpus.phrases, corpus.stage_directions]


@pytest.mark.parametrize("name, data, encoding", [
    ("plain", PLAIN.encode(), "utf-8"),
    ("crlf", PLAIN.replace("\n", "\r\n").encode(), "utf-8"),
    ("bom-reference", b"&#xFEFF;\n" + PLAIN.encode(), "utf-8"),
    # a declaration lxml would follow: latin-1 bytes, and UTF-8 bytes that belie it
    ("latin", PLAIN.replace('"UTF-8"', '"ISO-8859-1"').replace("–", "-").replace("“", '"')
     .replace("”", '"').encode("latin-1"), "latin-1"),
    ("lying", PLAIN.replace('"UTF-8"', '"ISO-8859-1"').encode(), "utf-8"),
])
def test_a_file_reads_as_with_its_encoding_forced(tmp_path, name, data, encoding):
    path = tmp_path / f"{name}.xml"
    path.write_bytes(data)
    read, forced = (kit.read_transcript(path, format="parlamint", encoding=e)
                    for e in (None, encoding))
    for got, want in zip(_tables(read), _tables(forced), strict=True):
        pd.testing.assert_frame_equal(got, want)
    assert read.turns["text"].str.contains("Grüß Gott").sum() == 1


@pytest.mark.parametrize("broken", [
    PLAIN.replace("</u>", "", 1),
    PLAIN.replace("\n", "\r\n").replace("</u>", "", 1),
    PLAIN.replace("<seg>A second", "<seg>A \x01 second"),  # a control character
])
def test_a_malformed_file_gives_the_same_error_as_with_its_encoding_forced(tmp_path, broken):
    path = tmp_path / "broken.xml"
    path.write_bytes(broken.encode())
    messages = []
    for encoding in (None, "utf-8"):
        with pytest.raises(TranscriptError) as err:
            kit.read_transcript(path, encoding=encoding)
        messages.append(str(err.value))
    assert messages[0] == messages[1]
    assert "broken.xml, line " in messages[0]
