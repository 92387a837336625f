"""Sentence-like phrases: abbreviations, decimals, quotes, ellipses, paragraphs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit.read.phrases import split_phrases, split_spans


def split(text):
    return [text[a:b] for a, b in split_spans(text)]


@pytest.mark.parametrize("text_in, phrases_out", [
    ("Mr. Price met Dr. Smith. Then they left.", ["Mr. Price met Dr. Smith.", "Then they left."]),
    ("We are in the U.S. We stay.", ["We are in the U.S.", "We stay."]),
    ("The U.S. government agrees.", ["The U.S. government agrees."]),
    ("At 2 p.m. Tuesday we met. It went well.", ["At 2 p.m. Tuesday we met.", "It went well."]),
    ("It ended at 2:25 p.m. The room emptied.", ["It ended at 2:25 p.m.", "The room emptied."]),
    ("No. 2 is next. Vol. 3 too.", ["No. 2 is next.", "Vol. 3 too."]),
    ("It rose 2.5 percent. Good.", ["It rose 2.5 percent.", "Good."]),
    ("Antony J. Blinken spoke. Yes.", ["Antony J. Blinken spoke.", "Yes."]),
    ('He said, "Go." Then he went.', ['He said, "Go."', "Then he went."]),
    ("“Quoted.” Next one.", ["“Quoted.”", "Next one."]),
    ("Well... and then. Wait… Really?", ["Well... and then.", "Wait…", "Really?"]),
    ("Why? because. What?! Yes!", ["Why? because.", "What?!", "Yes!"]),
    ("One.\n\nTwo without period\n\nThree.", ["One.", "Two without period", "Three."]),
    ("Hard\nwrapped line. Next.", ["Hard\nwrapped line.", "Next."]),
    ("Thanks. (Laughter.)  Okay.", ["Thanks.", "(Laughter.)", "Okay."]),
    ("Hello.\u00a0 It’s great.", ["Hello.", "It’s great."]),
    ("", []),
    # Chinese and Japanese: no space after a sentence
    ("本日の会議を開きます。まず、質問を行います。",
     ["本日の会議を開きます。", "まず、質問を行います。"]),
    ("我们今天开会！你好吗？好。", ["我们今天开会！", "你好吗？", "好。"]),
    ("「はい。」と言った。次。", ["「はい。」と言った。", "次。"]),
    ("「はい。」 次に。", ["「はい。」", "次に。"]),
    ("１．５パーセント増えた。", ["１．５パーセント増えた。"]),
    ("会議を開きます。\n\n次に、法案。", ["会議を開きます。", "次に、法案。"]),
])
def test_split(text_in, phrases_out):
    assert split(text_in) == phrases_out


def test_spans_are_trimmed_and_in_order():
    text = "  One.   Two?\n\n  Three!  "
    spans = split_spans(text)
    assert [text[a:b] for a, b in spans] == ["One.", "Two?", "Three!"]
    assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:], strict=False))


def test_many_turns_at_once_keep_their_numbering():
    found = split_phrases(["A one. A two.", "", "B one."])
    assert found["turn"].to_list() == [0, 0, 2]
    assert found["phrase"].to_list() == [0, 1, 0]
    assert found["start"].to_list() == [0, 7, 0]
    assert found["end"].to_list() == [6, 13, 6]


def test_the_example_has_32_sentences(example):
    phrases = example.phrases
    assert len(phrases) == 32
    assert phrases.groupby("turn_id").size().tolist() == [17, 15]
    assert phrases["text"].str.contains("U.S. troops", regex=False).sum() == 1
    assert phrases["text"].iloc[-1] == "Thank you."


_PIECES_ALPHABET = ["a", "Bc", "1", " ", "  ", "\n", "\n\n", "\t", "\u00a0", ".", "...", "?",
                    "!", "…", '"', "’", ")", "]", "»", "(", "Mr", "U.S", "p.m", "。", "」", "？",
                    "会議"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES_ALPHABET), max_size=30).map("".join),
                min_size=1, max_size=6))
def test_pieces_cut_at_their_ends_are_the_pieces_matched_whole(texts):
    # the fast cut (marking each piece's end) against matching pieces whole, which a text
    # holding the mark takes: the same phrases, offsets and numbering
    fast = split_phrases(texts)
    whole = split_phrases([*texts, "\x00"])
    assert fast.equals(whole.filter(whole["turn"] < len(texts)))
