"""Collocations: PMI and log-likelihood by hand and against an independent count."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hand_tokens import STOP, make_tokens

from kit.errors import KitError
from kit.terms.collocations import collocations


@pytest.fixture
def tokens() -> pd.DataFrame:
    return make_tokens()


# --- collocations by hand ------------------------------------------------------------------
# Bigram windows (N = 10): nuclear power, power plant, plant is, is safe | the nuclear,
# nuclear power, power plant | power to, to the, the people.


def test_bigram_pmi_and_llr_by_hand(tokens):
    col = collocations(tokens, n=2, min_count=1, drop_stopwords=False).set_index("term")
    r = col.loc["nuclear power"]
    # O11 = 2; first word "nuclear" starts 2 windows, "power" is second in 2: E11 = 2*2/10.
    assert r["n"] == 2 and r["expected"] == pytest.approx(0.4)
    assert r["pmi"] == pytest.approx(math.log2(5))
    # cells O = 2, 0, 0, 8; E = 0.4, 1.6, 1.6, 6.4
    assert r["llr"] == pytest.approx(2 * (2 * math.log(2 / 0.4) + 8 * math.log(8 / 6.4)))
    r = col.loc["power plant"]
    # "power" first in 3 windows, "plant" second in 2: E11 = 0.6; O = 2, 1, 0, 7.
    assert r["expected"] == pytest.approx(0.6)
    assert r["pmi"] == pytest.approx(math.log2(2 / 0.6))
    g2 = 2 * (2 * math.log(2 / 0.6) + 1 * math.log(1 / 2.4) + 7 * math.log(7 / 5.6))
    assert r["llr"] == pytest.approx(g2)
    assert (col.loc["nuclear power", ["term_1", "term_2"]] == ["nuclear", "power"]).all()


def test_trigram_pmi_and_llr_by_hand(tokens):
    col = collocations(tokens, n=3, min_count=1, drop_stopwords=False).set_index("term")
    r = col.loc["nuclear power plant"]
    # 7 trigram windows. Split "nuclear power | plant": 2 windows start with "nuclear power",
    # 2 end in "plant", 2 hold both: O = 2, 0, 0, 5; E = 4/7, 10/7, 10/7, 25/7. The other
    # split "nuclear | power plant" gives the same table.
    e11 = 2 * 2 / 7
    assert r["expected"] == pytest.approx(e11)
    assert r["pmi"] == pytest.approx(math.log2(2 / e11))
    assert r["llr"] == pytest.approx(2 * (2 * math.log(2 / e11) + 5 * math.log(5 / (25 / 7))))
    r = col.loc["power plant is"]
    # "power plant | is": 2 windows start "power plant", 1 ends in "is", 1 has both.
    # "power | plant is": 2 start with "power" (power plant is, power to the), 1 has "plant is".
    e_a, e_b = 2 * 1 / 7, 2 * 1 / 7
    assert r["expected"] == pytest.approx(max(e_a, e_b))
    g2 = 2 * (1 * math.log(1 / e_a) + 1 * math.log(1 / (2 * 6 / 7)) + 5 * math.log(5 / (5 * 6 / 7)))
    assert r["llr"] == pytest.approx(g2)


def test_trigram_is_scored_by_its_weaker_split():
    # "going to" is a strong pair; "going to X" must not win on it alone.
    phrases = [
        ("d", 0, i, "A", f"we are going to {w} it")
        for i, w in enumerate(["see", "do", "get", "make", "try", "see", "do", "get"])
    ]
    phrases += [("d", 1, i, "B", "the nuclear power plant failed") for i in range(3)]
    phrases += [("d", 2, i, "B", f"a {w} power station") for i, w in enumerate("abcde")]
    tok = make_tokens(phrases)
    top = collocations(tok, n=3, min_count=2, drop_stopwords=False).set_index("term")
    going = top[top.index.str.startswith("going to")]
    assert len(going) == 3  # see, do, get: twice each
    assert (going["llr"] < top.loc["nuclear power plant", "llr"]).all()
    assert (going["pmi"] < top.loc["nuclear power plant", "pmi"]).all()


def independent_bigram_scores(phrases):
    """Positional 2x2 tables straight from the windows, in plain Python."""
    windows = []
    for *_, text in phrases:
        words = text.lower().split()
        windows += list(zip(words, words[1:], strict=False))
    n = len(windows)
    pair = Counter(windows)
    first = Counter(w for w, _ in windows)
    second = Counter(w for _, w in windows)
    out = {}
    for (a, b), o11 in pair.items():
        r1, c1 = first[a], second[b]
        cells = [
            (o11, r1 * c1 / n),
            (r1 - o11, r1 * (n - c1) / n),
            (c1 - o11, (n - r1) * c1 / n),
            (n - r1 - c1 + o11, (n - r1) * (n - c1) / n),
        ]
        g2 = 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)
        e11 = cells[0][1]
        out[f"{a} {b}"] = (math.log2(o11 / e11), g2 if o11 >= e11 else -g2)
    return out


def test_bigram_scores_match_an_independent_count():
    rng = np.random.default_rng(5)
    vocab = "rapid response force nuclear power plant we will the of allies".split()
    phrases = [
        ("d", 0, i, "X", " ".join(rng.choice(vocab, size=rng.integers(2, 9)))) for i in range(60)
    ]
    phrases += [("d", 1, i, "Y", "a rapid response force to the") for i in range(8)]
    tok = make_tokens(phrases)
    col = collocations(tok, n=2, min_count=1, drop_stopwords=False).set_index("term")
    expected = independent_bigram_scores(phrases)
    assert set(col.index) == set(expected)
    for name, (pmi, llr) in expected.items():
        assert col.loc[name, "pmi"] == pytest.approx(pmi)
        assert col.loc[name, "llr"] == pytest.approx(llr)
    # The planted phrase tops the trigrams that do not begin or end with a stopword.
    top = collocations(tok, n=3, min_count=5)
    assert top["term"].iloc[0] == "rapid response force"


def test_collocation_ranking_and_filters(tokens):
    col = collocations(tokens, n=2, min_count=2)
    assert set(col["term"]) == {"nuclear power", "power plant"}
    assert col["llr"].is_monotonic_decreasing
    by_pmi = collocations(tokens, n=2, min_count=1, measure="pmi", drop_stopwords="any")
    assert by_pmi["pmi"].is_monotonic_decreasing
    assert not any(w in STOP for t in by_pmi["term"] for w in t.split())
    with pytest.raises(KitError, match="n must be 2 or 3"):
        collocations(tokens, n=4)
    with pytest.raises(KitError, match="measure='dice' is not known"):
        collocations(tokens, measure="dice")


@pytest.mark.parametrize("n", [2, 3])
def test_pruned_scoring_equals_filtering_the_full_table(n):
    rng = np.random.default_rng(11)
    vocab = "the of to rapid response force nuclear power plant we will allies a is".split()
    weights = np.linspace(3, 1, len(vocab))
    phrases = [
        (
            "d",
            i // 10,
            i % 10,
            "X",
            " ".join(rng.choice(vocab, size=rng.integers(2, 12), p=weights / weights.sum())),
        )
        for i in range(1500)
    ]
    tok = make_tokens(phrases)
    full = collocations(tok, n=n, min_count=1, drop_stopwords=False).set_index("term")
    pruned = collocations(tok, n=n, min_count=4, drop_stopwords="edges").set_index("term")
    words = full.index.str.split(" ")
    edges_ok = [w[0] not in STOP and w[-1] not in STOP for w in words]
    expected = full[(full["n"] >= 4) & np.array(edges_ok)]
    assert len(expected) > 20
    pd.testing.assert_frame_equal(pruned.sort_index(), expected.sort_index())
