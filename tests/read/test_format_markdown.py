"""Markdown front matter that would cost gigabytes or a RecursionError is refused by line."""

from __future__ import annotations

import time

import pytest

import kit
from kit import schema as s
from kit.errors import TranscriptError

BODY = "MR. PRICE:  Hello.\n"
# "Billion laughs": nine aliases a level, seven levels: 9**7 strings once written out.
BOMB = "---\n" + "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcdef", "bcdefg", strict=True)
) + "title: *g\n---\n" + BODY


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def test_an_alias_bomb_in_front_matter_is_refused_at_once(tmp_path):
    assert len(BOMB.encode()) < 400
    start = time.perf_counter()
    with pytest.raises(TranscriptError,
                       match=r"bomb\.md, line 3: The YAML front matter cannot be read: it uses "
                             r"the alias \*a of a list or mapping.*Fix: Write the values out"):
        kit.read_transcript(write(tmp_path, "bomb.md", BOMB))
    assert time.perf_counter() - start < 10  # it took 30 s and 4 GB


def test_aliases_of_single_values_are_kept(tmp_path):
    path = write(tmp_path, "t.md", "---\ntitle: &t Press Briefing\nog_title: *t\n---\n" + BODY)
    assert kit.read_transcript(path).documents[s.TITLE].iloc[0] == "Press Briefing"


def test_front_matter_nested_thousands_deep_is_refused_by_line(tmp_path):
    deep = "---\ntitle: x\ntags: " + "[" * 20_000 + "]" * 20_000 + "\n---\n" + BODY
    with pytest.raises(TranscriptError, match=r"deep\.md, line 3: The YAML front matter cannot "
                                              r"be read: it nests lists or mappings more than "
                                              r"64 deep\. Fix: Flatten"):
        kit.read_transcript(write(tmp_path, "deep.md", deep))
    block = "---\ntitle: x\n" + "".join("  " * i + f"k{i}:\n" for i in range(100)) + "---\n"
    with pytest.raises(TranscriptError, match=r"block\.md, line 67: .*more than 64 deep"):
        kit.read_transcript(write(tmp_path, "block.md", block + BODY))


def test_a_date_yaml_cannot_build_is_an_error_not_a_valueerror(tmp_path):
    path = write(tmp_path, "t.md", "---\ntitle: x\ndate: 2022-02-30\n---\n" + BODY)
    with pytest.raises(TranscriptError, match=r"t\.md, line 2: The YAML front matter holds a "
                                              r"value that cannot be read \(day is out of range"):
        kit.read_transcript(path)
