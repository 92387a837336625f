"""CSV downloads: formula prefixes neutralised in text cells, numbers left as numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from kit.apps.export import csv_bytes, neutralise


@pytest.mark.parametrize("value, expected", [
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ('=HYPERLINK("http://evil.example","x")', "'=HYPERLINK(\"http://evil.example\",\"x\")"),
    ("+1+2", "'+1+2"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("plain text", "plain text"),
    ("a=b", "a=b"),
    ("", ""),
    (-2.5, -2.5),
    (3, 3),
    (None, None),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_neutralises_text_cells_and_keeps_numbers():
    frame = pd.DataFrame({
        "speaker": pd.Categorical(["=HYPERLINK(\"x\")", "Bob"]),
        "text": ["@evil", "fine"],
        "z": [-2.5, 1.0],
        "date": pd.to_datetime(["2022-03-01", "2022-03-02"]),
    })
    rows = list(csv.reader(io.StringIO(csv_bytes(frame).decode("utf-8"))))
    assert rows[0] == ["speaker", "text", "z", "date"]
    assert rows[1] == ["'=HYPERLINK(\"x\")", "'@evil", "-2.5", "2022-03-01"]
    assert rows[2] == ["Bob", "fine", "1.0", "2022-03-02"]
    assert frame["text"].tolist() == ["@evil", "fine"]  # the input is not changed
