"""Text that reaches plotly: escaped everywhere, a message instead of empty axes, every label,
and lines that stop where there is no data."""

from __future__ import annotations

import html
import json

import numpy as np
import pandas as pd
import pytest
from pandas import Categorical as cat

from kit.plots import (
    plot_dispersion,
    plot_keyness,
    plot_message,
    plot_share_of_voice,
    plot_term_usage,
    plot_text,
    plot_timeline,
    plot_top_terms,
)

LINK = "<a href='https://evil.example'>Mallory</a>"
ESCAPED = "&lt;a href='https://evil.example'&gt;Mallory&lt;/a&gt;"


@pytest.mark.parametrize("text_in, text_out", [
    ("Plain", "Plain"),
    ("Q&A", "Q&amp;A"),
    (LINK, ESCAPED),
    ("<b>bold</b><br>", "&lt;b&gt;bold&lt;/b&gt;&lt;br&gt;"),
    (3, "3"),
])
def test_plot_text_escapes_what_plotly_would_render_as_markup(text_in, text_out):
    assert plot_text(text_in) == text_out


@pytest.fixture
def hostile_turns() -> pd.DataFrame:
    return pd.DataFrame({
        "doc_id": ["d1", "d1", "d2"], "turn_id": [0, 1, 0],
        "speaker": cat([LINK, "Bob", LINK]), "n_words": [10, 20, 30],
        "text": ["<img src=x onerror=alert(1)>", "b", "c"],
        "date": pd.to_datetime(["2020-01-01", "2020-01-01", "2021-01-01"]),
        "title": [LINK, LINK, "<b>Two</b>"],
    })


def _figures(turns: pd.DataFrame) -> dict:
    usage = pd.DataFrame({"speaker": turns["speaker"], "term": [LINK] * 3, "n": [1, 2, 3],
                          "n_words": [10, 20, 30], "per_1k": [100.0, 100.0, 100.0]})
    key = pd.DataFrame({"speaker": cat([LINK, LINK, "Bob"]), "term": [LINK, "b", "c"],
                        "z": [3.0, -2.0, 1.0], "n": [1, 2, 3], "n_ref": [1, 1, 1]})
    hits = pd.DataFrame({"doc_id": ["d1", "d2"], "speaker": cat([LINK, LINK]),
                         "query": [LINK, LINK], "relative_position": [0.1, 0.5]})
    docs = turns.drop_duplicates("doc_id")[["doc_id", "date", "title"]]
    return {
        "term usage": plot_term_usage(usage, x="speaker", title=LINK),
        "top terms": plot_top_terms(key, value="z", title=LINK),
        "keyness": plot_keyness(key, target=LINK, value="z", reference_label=LINK),
        "dispersion": plot_dispersion(hits, documents=docs, label="title", title=LINK),
        "share of voice": plot_share_of_voice(turns, documents=docs, label="title",
                                              title=LINK),
        "timeline": plot_timeline(turns, title=LINK),
        "message": plot_message(LINK),
    }


@pytest.mark.parametrize("name", ["term usage", "top terms", "keyness", "dispersion",
                                  "share of voice", "timeline", "message"])
def test_no_figure_carries_corpus_text_as_markup(hostile_turns, name):
    fig = _figures(hostile_turns)[name]
    text = json.dumps(fig.to_plotly_json(), default=str)
    assert "<a " not in text and "<img" not in text and "<b>" not in text
    assert "&lt;a href" in text  # the name is there, as text


def test_message_figure_has_no_axes_and_says_why():
    fig = plot_message("Type a keyword to see where it falls", height=300)
    assert fig.data == ()
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert [a.text for a in fig.layout.annotations] == ["Type a keyword to see where it falls"]
    assert fig.layout.height == 300


def test_bars_by_speaker_label_every_speaker():
    names = [f"Speaker {i}" for i in range(45)]
    usage = pd.DataFrame({"speaker": cat(names, categories=names), "term": "war", "n": 1,
                          "n_words": 10, "per_1k": 100.0})
    fig = plot_term_usage(usage, x="speaker")
    axis = fig.layout.xaxis
    assert axis.type == "category" and axis.tickmode == "array"
    assert list(axis.tickvals) == list(axis.categoryarray) == names


@pytest.mark.parametrize("dates, breaks", [
    (["1990-01-01", "1991-01-01", "1992-01-01"], []),                # yearly, no gap
    (["1990-01-01", "1991-01-01", "1995-01-01"], [2]),               # 1992-94 missing
    (["1790-01-01", "1800-01-01", "1810-01-01", "1850-01-01"], [3]),  # decades, 1820-40 missing
    (["2022-01-01", "2022-02-01", "2022-05-01"], [2]),               # months
    (["2022-03-01", "2022-03-04"], []),                              # one step only
])
def test_lines_stop_where_periods_have_no_data(dates, breaks):
    usage = pd.DataFrame({"period": pd.to_datetime(dates), "term": "war", "n": 1,
                          "n_words": 10, "per_1k": np.arange(len(dates), dtype=float)})
    trace = plot_term_usage(usage).data[0]
    missing = [i for i, y in enumerate(trace.y) if y is None or np.isnan(y)]
    assert missing == breaks
    assert len(trace.x) == len(dates) + len(breaks)
    assert [y for y in trace.y if y is not None] == list(range(len(dates)))


def test_long_message_is_wrapped_and_each_line_escaped():
    # plotly draws an annotation on one line: 100 characters ran past a 650 px chart.
    text = ("Over time: Type one or more terms to chart, separated by commas, or pick "
            "a <dictionary>'s well-being categories.")
    fig = plot_message(text)
    lines = fig.layout.annotations[0].text.split("<br>")
    assert len(lines) == 2 and all(len(html.unescape(line)) <= 70 for line in lines)
    assert " ".join(html.unescape(line) for line in lines) == text
    assert "&lt;dictionary&gt;" in lines[1] and "well-being" in lines[1]
