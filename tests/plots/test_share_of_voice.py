"""Share of voice: stacked bars per document in date order."""

from __future__ import annotations

import pytest

from kit.plots import plot_share_of_voice
from kit.terms.summary import speaker_summary


def test_share_of_voice_stacks_per_document_in_date_order(turns):
    summary = speaker_summary(turns, by="doc_id")
    fig = plot_share_of_voice(summary)
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Ned Price", "Questioner", "Antony Blinken"]
    assert list(fig.layout.xaxis.categoryarray) == [
        "2022-03-01 Department Press Briefing",
        "2022-03-04 Remarks",
    ]
    totals: dict = {}
    for t in fig.data:
        for x, y in zip(t.x, t.y, strict=True):
            totals[x] = totals.get(x, 0) + y
    assert list(totals.values()) == pytest.approx([100.0, 100.0])
    assert fig.layout.yaxis.title.text == "share of words (%)"
    # A turns table is summarised on the way in.
    direct = plot_share_of_voice(turns)
    assert [list(t.y) for t in direct.data] == [list(t.y) for t in fig.data]
