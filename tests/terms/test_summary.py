"""Speaker summaries: turns, words, shares, mean and longest turn, checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.errors import KitError
from kit.terms.summary import SUMMARY_COLUMNS, speaker_summary


@pytest.fixture
def turns() -> pd.DataFrame:
    # Document "b" comes first in reading order although "a" sorts first.
    return pd.DataFrame(
        {
            "doc_id": ["b", "b", "b", "a", "a"],
            "turn_id": [0, 1, 2, 0, 1],
            "speaker": pd.Categorical(
                ["Price", "Questioner", "Price", "Questioner", "Blinken"],
                categories=["Price", "Questioner", "Blinken", "Nobody"],
            ),
            "role": ["official", "question", "official", "question", "official"],
            "n_words": [100, 20, 60, 30, 90],
            "date": pd.to_datetime(["2022-03-01"] * 3 + ["2022-03-04"] * 2),
            "title": ["Briefing"] * 3 + ["Remarks"] * 2,
        }
    )


def test_overall_by_hand(turns):
    out = speaker_summary(turns)
    assert out["speaker"].astype(str).tolist() == ["Price", "Questioner", "Blinken"]
    price = out.iloc[0]
    assert (price["n_turns"], price["n_words"], price["longest_turn_words"]) == (2, 160, 100)
    assert price["mean_turn_words"] == pytest.approx(80.0)
    assert price["share_of_words"] == pytest.approx(160 / 300)
    assert price["share_of_turns"] == pytest.approx(2 / 5)
    assert out["share_of_words"].sum() == pytest.approx(1.0)
    assert out["n_words"].sum() == turns["n_words"].sum()
    assert list(out["speaker"].cat.categories) == ["Price", "Questioner", "Blinken", "Nobody"]
    assert list(out.columns) == ["speaker", *SUMMARY_COLUMNS]
    assert SUMMARY_COLUMNS[2:] == [
        "share_of_words",
        "share_of_turns",
        "mean_turn_words",
        "longest_turn_words",
    ]


def test_per_document_in_reading_order_with_date_and_title(turns):
    out = speaker_summary(turns, by="doc_id")
    assert out["doc_id"].tolist() == ["b", "b", "a", "a"]
    assert out["speaker"].astype(str).tolist() == ["Price", "Questioner", "Questioner", "Blinken"]
    b_q = out.iloc[1]
    assert b_q["share_of_words"] == pytest.approx(20 / 180)
    assert b_q["share_of_turns"] == pytest.approx(1 / 3)
    assert out.groupby("doc_id", sort=False)["share_of_words"].sum().tolist() == pytest.approx(
        [1.0, 1.0]
    )
    assert out["title"].tolist() == ["Briefing", "Briefing", "Remarks", "Remarks"]
    assert out["date"].iloc[-1] == pd.Timestamp("2022-03-04")
    assert isinstance(out.index, pd.RangeIndex)


def test_by_several_columns(turns):
    out = speaker_summary(turns, by=["doc_id", "role"])
    assert len(out) == 4
    assert out.loc[out["role"] == "official", "n_words"].tolist() == [160, 90]


def test_missing_words_count_as_zero_and_input_untouched(turns):
    turns.loc[4, "n_words"] = None
    before = turns.copy()
    out = speaker_summary(turns)
    assert out.loc[out["speaker"] == "Blinken", "n_words"].item() == 0
    pd.testing.assert_frame_equal(turns, before)


def test_errors(turns):
    with pytest.raises(KitError, match="no column 'n_words'"):
        speaker_summary(turns.drop(columns="n_words"))
    with pytest.raises(KitError, match="leave it out of by"):
        speaker_summary(turns, by="speaker")


def test_on_the_bundled_example():
    import kit

    corpus = kit.load_example()
    out = speaker_summary(corpus.turns)
    assert out["n_turns"].tolist() == [1, 1]
    assert out["n_words"].sum() == corpus.turns["n_words"].sum()
    pd.testing.assert_frame_equal(speaker_summary(corpus), out)  # a Corpus works too
