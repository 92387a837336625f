"""Colours and orders: a speaker keeps one colour and one place in every figure."""

from __future__ import annotations

import pandas as pd
from plot_fixtures import SPEAKERS, cat, trace_color

from kit import plots
from kit.plots import (
    NEUTRAL_COLORS,
    SPEAKER_PALETTE,
    plot_dispersion,
    plot_keyness,
    plot_share_of_voice,
    plot_term_usage,
    plot_timeline,
    plot_top_terms,
    speaker_colors,
)
from kit.terms.keyness import keyness
from kit.terms.summary import speaker_summary


def test_speaker_colors_follow_categories_and_grey_the_questioner():
    colors = speaker_colors(pd.Series(cat(["Antony Blinken"])))  # categories, not values
    assert list(colors) == list(SPEAKERS.categories)
    assert colors["Ned Price"] == SPEAKER_PALETTE[0]
    assert colors["Questioner"] == NEUTRAL_COLORS["Questioner"]
    assert colors["Antony Blinken"] == SPEAKER_PALETTE[1]  # the grey took no slot
    assert speaker_colors(["a", "b"], colors={"b": "#000000"})["b"] == "#000000"
    many = speaker_colors([f"s{i}" for i in range(len(SPEAKER_PALETTE) + 1)])
    assert many[f"s{len(SPEAKER_PALETTE)}"] == SPEAKER_PALETTE[0]  # cycles


def test_a_speaker_has_one_colour_in_every_figure(counts, turns, hits):
    tokens = pd.DataFrame(
        {
            "speaker": cat(["Antony Blinken"] * 6 + ["Questioner"] * 4),
            "term": ["war"] * 4 + ["peace"] * 2 + ["peace"] * 3 + ["war"],
            "is_stopword": False,
        }
    )
    figures = [
        plot_top_terms(counts),
        plot_dispersion(hits),
        plot_share_of_voice(speaker_summary(turns, by="doc_id")),
        plot_timeline(turns),
        plot_keyness(keyness(tokens, target="Antony Blinken", min_count=1)),
        plot_term_usage(counts[counts["term"] == "ukraine"], x="speaker", color="speaker"),
    ]
    expected = speaker_colors(pd.Series(cat([])))["Antony Blinken"]
    for fig in figures:
        assert trace_color(fig, "Antony Blinken") == expected
    # A filtered table that keeps the categorical dtype keeps the colours.
    only_blinken = counts[counts["speaker"] == "Antony Blinken"]
    assert trace_color(plot_top_terms(only_blinken), "Antony Blinken") == expected


def test_colors_override(counts):
    fig = plot_top_terms(counts, colors={"Ned Price": "black"})
    assert trace_color(fig, "Ned Price") == "black"


def test_category_orders_for_plotly_express(turns, documents):
    orders = plots.category_orders(turns)
    assert orders == {
        "speaker": ["Ned Price", "Questioner", "Antony Blinken"],
        "doc_id": ["z-late", "a-early"],
    }
    hits = pd.DataFrame({"doc_id": ["a-doc", "b-doc"]})
    assert plots.category_orders(hits, documents=documents)["doc_id"] == [
        "b-doc",
        "c-doc",
        "a-doc",
        "d-doc",
    ]
