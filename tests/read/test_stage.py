"""Stage directions found in turn text."""

from __future__ import annotations

import pytest

from kit.read.stage import find_stage_directions


@pytest.mark.parametrize("note", [
    "(Laughter.)", "(Applause.)", "(Via interpreter)", "(inaudible)", "(In English)",
    "[crosstalk 00:07:53]", "[Applause]", "[ As delivered in person before a joint session ]",
    "(BEGIN VIDEOTAPE)", "(CROSSTALK)", "(Laughs.)", "[00:07:53]",
    # parliaments' interjections in their languages, and long ones wrapped onto a new line
    "(Beifall bei der CDU/CSU)", "(Heiterkeit)", "(Applaudissements sur les bancs du groupe RE)",
    "(Aplausos)", "(Beifall bei der CDU/CSU und der SPD sowie bei Abgeordneten des BÜNDNISSES "
    "90/DIE GRÜNEN – Zuruf von der AfD: Das ist\ndoch Unsinn!)",
    # the record of courts, depositions and inquiries
    "(Witness excused.)", "(Jury present.)", "(Exhibit 12 marked for identification.)",
    "(Discussion off the record.)", "(Whereupon, the deposition was adjourned.)",
    "(The witness withdrew)", "(A short break)", "(11.15 am)", "(2:05 p.m.)",
    # Japan's Diet, Korea's National Assembly, Chinese records
    "（拍手）", "（発言する者あり）", "（「そのとおり」と呼ぶ者あり）", "（委員長退席、理事着席）",
    "〔拍手〕", "（速記中止）", "(박수)", "（掌声）", "（笑声）", "（笑い）",
])
def test_stage_directions(note):
    text = f"Before {note} after."
    assert [text[a:b] for a, b in find_stage_directions(text)] == [note]


@pytest.mark.parametrize("text", [
    "The treaty (NATO) holds.", "Costs rose (by 2.5 percent).", "See (1) and (2).",
    "(breaking news) is not a note", "the U.S. Congress (the House) voted",
    "the (Latter-day Saints) church",
    "a (witnesses for the committee) list", "at (11.15) sharp",
    # a note never runs across a blank line
    "(Applause\n\nand then the speech goes on) without its bracket closed nearby",
    "日本（東京）で", "（資料）を配付",
])
def test_parentheses_that_are_speech(text):
    assert find_stage_directions(text) == []
