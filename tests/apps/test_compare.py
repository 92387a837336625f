"""The compare-speakers app: keyness, summaries and charts equal the package's for the same
speakers; its link sets speakers and focus."""

from __future__ import annotations

import pandas as pd
from app_checks import traces

from kit.apps.compare import CompareSpeakers


def test_compare_speakers_defaults_and_keyness_match_the_package(corpus):
    from kit.plots import plot_keyness
    from kit.terms.keyness import keyness

    app = CompareSpeakers(corpus, min_count=1)
    assert app.selected == ["Price", "Questioner", "Psaki", "Blinken"]  # most words first
    app.speakers.select.value = ("Price", "Psaki")
    tokens = corpus.tokens[corpus.tokens.speaker.isin(["Price", "Psaki"])]
    expected = keyness(tokens, by="speaker", min_count=1)
    pd.testing.assert_frame_equal(app.key.reset_index(drop=True),
                                  expected.reset_index(drop=True))
    fig = plot_keyness(expected, target="Price", value="z", top=10,
                       reference_label="the other speakers")
    assert traces(app.fig_keyness) == [
        (t.name, [str(v) for v in t.x], list(t.y)) for t in fig.data]
    assert "Comparing <b>2</b> speakers" in app.summary.value
    assert app.query_string() == "speaker=Price&speaker=Psaki&focus=Price"


def test_compare_speakers_link_and_too_few_speakers(corpus):

    app = CompareSpeakers(corpus, query="speaker=Price&speaker=Psaki&focus=Psaki", min_count=1)
    assert app.focus.value == "Psaki" and app.selected == ["Price", "Psaki"]
    app.speakers.select.value = ("Blinken",)
    assert app.messages and "at least two speakers" in app.messages[0]
    assert app.download.disabled
