"""Dates outside 1677-2262 (historical sittings, far-future fixtures) are read and kept."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import kit
from kit import schema as s
from kit.read.header import find_date


@pytest.mark.parametrize("errors", ["raise", "warn", "skip"])
def test_a_folder_across_centuries_reads_every_file_with_its_date(
    centuries_folder, centuries_dates, errors
):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # not a word of doubt about any of them
        corpus = kit.read_transcripts(centuries_folder, errors=errors)
    docs = corpus.documents
    assert docs[s.DATE].dtype == s.DATE_DTYPE
    assert dict(zip(docs[s.DOC_ID], docs[s.DATE], strict=True)) == centuries_dates
    assert corpus.skipped.empty
    turn_dates = corpus.turns.groupby(s.DOC_ID)[s.DATE].first().to_dict()
    assert turn_dates == centuries_dates


def test_one_bad_file_beside_old_dates_is_skipped_alone(
    centuries_folder, centuries_dates, tmp_path
):
    for path in centuries_folder.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    corpus = kit.read_transcripts(tmp_path, errors="skip")
    assert sorted(corpus.documents[s.DOC_ID]) == sorted(centuries_dates)
    assert [p.rsplit("/", 1)[-1] for p in corpus.skipped["source"]] == ["broken.json"]


@pytest.mark.parametrize(
    "written, date",
    [
        ("7 June 1628", "1628-06-07"),
        ("June 7, 1628", "1628-06-07"),
        ("1066-10-14", "1066-10-14"),
        ("January 15, 2300", "2300-01-15"),
        ("12/31/9999", "9999-12-31"),
    ],
)
def test_header_dates_of_any_century(written, date):
    assert find_date(f"Sitting of {written}\n") == pd.Timestamp(date)


def test_from_pandas_keeps_old_and_future_dates():
    frame = pd.DataFrame(
        {
            "speaker": ["Eliot", "Kirk"],
            "text": ["Liberties.", "Engage."],
            "doc": ["a", "b"],
            "date": ["1628-06-07", "2300-01-15"],
        }
    )
    corpus = kit.from_pandas(frame, doc="doc", date="date")
    assert corpus.documents[s.DATE].dtype == s.DATE_DTYPE
    assert corpus.documents[s.DATE].tolist() == [
        pd.Timestamp("1628-06-07"),
        pd.Timestamp("2300-01-15"),
    ]


@pytest.mark.parametrize("fmt", ["parquet", "feather"])
def test_saved_tables_keep_the_dates(centuries_folder, tmp_path, fmt):
    corpus = kit.read_transcripts(centuries_folder)
    getattr(corpus, f"to_{fmt}")(tmp_path / "tables")
    again = getattr(kit.Corpus, f"from_{fmt}")(tmp_path / "tables")
    for name in ("documents", "turns"):
        pd.testing.assert_series_equal(getattr(again, name)[s.DATE], getattr(corpus, name)[s.DATE])
