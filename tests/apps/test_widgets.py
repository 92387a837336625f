"""Filter widgets: keyword box, row filter and term list."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kit.apps import widgets as kw


def test_keyword_box_value_and_set_value():
    box = kw.KeywordBox()
    changes = []
    box.observe(lambda c: changes.append(c["new"]), names="value")
    box.text.value = 'NATO "power plant"'
    assert box.terms == ["NATO", "power plant"]
    assert box.value == {"q": 'NATO "power plant"', "whole_word": True, "case": False,
                         "regex": False}
    n = len(changes)
    box.set_value(q="nucl.*", regex=True, case=True)
    assert len(changes) == n + 1  # one change for several options
    assert box.terms == ["nucl.*"]
    assert box.value["case"] is True


@pytest.mark.parametrize("value, expected", [
    ({}, 8),
    ({"speakers": []}, 8),  # no speakers chosen: all
    ({"speakers": ["Price"]}, 3),
    ({"doc_ids": ["doc-b"]}, 3),
    ({"speakers": ["Price", "Psaki"], "doc_ids": ["doc-a", "doc-c"]}, 3),
    ({"doc_ids": []}, 0),
])
def test_filter_rows(corpus, value, expected):
    turns = corpus.turns
    got = kw.filter_rows(turns, **value)
    assert len(got) == expected
    keep = np.ones(len(turns), dtype=bool)
    if value.get("speakers"):
        keep &= turns.speaker.isin(value["speakers"]).to_numpy()
    if value.get("doc_ids") is not None:
        keep &= turns.doc_id.isin(value["doc_ids"]).to_numpy()
    pd.testing.assert_frame_equal(got, turns[keep])
    if expected == len(turns):
        assert got is turns  # no copy when every row is kept


def test_term_list_parses_and_caps():
    terms = kw.TermList(["war", "health care"], max_terms=3)
    assert terms.value == ("war", "health care")
    terms.text.value = "a, b, c, d"
    assert terms.value == ("a", "b", "c")
    assert "first 3 of 4" in terms.note.value
    terms.set_value(["peace"])
    assert terms.value == ("peace",)
