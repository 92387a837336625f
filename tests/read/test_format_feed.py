"""RSS and Atom feeds that XML cannot hold as they are: control characters, repeated items."""

from __future__ import annotations

import pytest

import kit
from kit import schema as s
from kit.errors import TranscriptWarning
from kit.read.formats.feed import parse_feed

ITEM = "<item><title>{}</title><description>&lt;p&gt;MR. PRICE: {}&lt;/p&gt;</description></item>"


def test_control_characters_xml_forbids_are_left_out_with_a_warning():
    feed = "<rss><channel>\n" + ITEM.format("One", "Esc \x1b here.") + "</channel></rss>"
    with pytest.warns(TranscriptWarning, match=r"^f\.rss: the feed holds 1 control character "
                                               r"that XML does not allow \(such as ESC\), first "
                                               r"on line 2; it was left out\.$"):
        [doc] = parse_feed(feed, source="f.rss")
    assert doc.text == "MR. PRICE: Esc here.\n"


def test_references_to_characters_xml_forbids_are_read_as_replacement_characters():
    # libxml2 once handed back bytes of &#xD800; that were not UTF-8: a UnicodeDecodeError
    feed = "<rss><channel>\n\n" + ITEM.format("One", "Half &#xD800; and &#27; &#x2019;.") + \
        "</channel></rss>"
    with pytest.warns(TranscriptWarning, match=r"^f\.rss: the feed holds 2 character references "
                                               r"to characters XML does not allow \(such as "
                                               r"&#xD800;\), first on line 3; each was read as "
                                               r"U\+FFFD\.$"):
        [doc] = parse_feed(feed, source="f.rss")
    assert doc.text == "MR. PRICE: Half \ufffd and \ufffd ’.\n"


def test_items_of_one_title_keep_ids_of_their_own(tmp_path):
    path = tmp_path / "f.rss"
    path.write_text("<rss><channel>" + ITEM.format("Briefing", "One.") + ITEM.format(
        "Briefing", "Two.") + ITEM.format("Briefing 2", "Three.") + "</channel></rss>",
        encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert list(corpus.documents[s.DOC_ID]) == ["f/briefing", "f/briefing-2", "f/briefing-2-3"]
    assert list(corpus.turns[s.TEXT]) == ["One.", "Two.", "Three."]
