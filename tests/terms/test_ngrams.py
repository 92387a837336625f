"""N-grams, collocations (PMI and log-likelihood by hand) and merged phrases."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from kit.errors import KitError
from kit.terms.ngrams import collocations, merge_phrases, ngrams

STOP = {"the", "is", "to", "of", "a"}

PHRASES = [
    ("d1", 0, 0, "Ann", "Nuclear power plant is safe"),
    ("d1", 0, 1, "Ann", "the nuclear power plant"),
    ("d1", 1, 0, "Bob", "power to the people"),
]


def make_tokens(phrases=PHRASES) -> pd.DataFrame:
    """A tokens table by hand: one row per whitespace word, keys like kit.tokenize's."""
    rows = []
    position: Counter = Counter()
    offset = 0
    for doc, turn, phrase, speaker, text in phrases:
        for i, word in enumerate(text.split()):
            rows.append(
                {
                    "doc_id": doc,
                    "turn_id": turn,
                    "phrase_id": phrase,
                    "token_id": i,
                    "speaker": speaker,
                    "term": word.lower().replace("\u2019", "'"),
                    "token": word,
                    "is_stopword": word.lower() in STOP,
                    "position": position[doc],
                    "start_char": offset,
                    "end_char": offset + len(word),
                    "date": pd.Timestamp("2022-03-04"),
                }
            )
            position[doc] += 1
            offset += len(word) + 1
        offset += 1
    out = pd.DataFrame(rows)
    for col in ("doc_id", "speaker", "term", "token"):
        out[col] = pd.Categorical(out[col], categories=list(dict.fromkeys(out[col])))
    return out


@pytest.fixture
def tokens() -> pd.DataFrame:
    return make_tokens()


def test_bigrams_stay_inside_phrases(tokens):
    bi = ngrams(tokens, n=2, as_written=True)
    # 5 + 4 + 4 words -> 4 + 3 + 3 bigrams; none joins "safe" to "the" or "plant" to "power".
    assert len(bi) == 10
    assert "safe the" not in set(bi["term"]) and "plant power" not in set(bi["term"])
    assert bi["term"].tolist()[:4] == ["nuclear power", "power plant", "plant is", "is safe"]
    first = bi.iloc[0]
    assert first["token"] == "Nuclear power"
    assert (first["start_char"], first["end_char"]) == (0, len("Nuclear power"))
    assert (first["token_id"], first["position"], first["speaker"]) == (0, 0, "Ann")
    assert first["date"] == pd.Timestamp("2022-03-04")  # carried columns come along
    assert list(bi.columns) == list(tokens.columns)
    assert isinstance(bi["term"].dtype, pd.CategoricalDtype)
    assert "token" not in ngrams(tokens, n=2).columns  # as written only on request


def test_trigrams_and_unigrams(tokens):
    assert len(ngrams(tokens, n=3)) == 3 + 2 + 2
    uni = ngrams(tokens, n=1)
    assert uni["term"].astype(str).tolist() == tokens["term"].astype(str).tolist()


def test_stopword_rules(tokens):
    edges = set(ngrams(tokens, n=3, drop_stopwords="edges")["term"])
    assert "nuclear power plant" in edges
    assert "the nuclear power" not in edges and "power plant is" not in edges
    assert set(ngrams(tokens, n=3, drop_stopwords="any")["term"]) == {"nuclear power plant"}
    kept = ngrams(tokens, n=2)
    flagged = dict(zip(kept["term"], kept["is_stopword"], strict=True))
    assert flagged["to the"] and flagged["plant is"] and not flagged["nuclear power"]
    with pytest.raises(KitError, match="drop_stopwords='some' is not known"):
        ngrams(tokens, drop_stopwords="some")


def test_shuffled_input_gives_the_same_ngrams(tokens):
    shuffled = tokens.sample(frac=1, random_state=3)
    assert ngrams(shuffled)["term"].tolist() == ngrams(tokens)["term"].tolist()


def test_gap_in_token_id_breaks_ngrams(tokens):
    without_stop = tokens[~tokens["is_stopword"]]
    terms = set(ngrams(without_stop, n=2)["term"])
    assert "plant safe" not in terms  # "is" was between them
    assert "nuclear power" in terms


def test_ngrams_do_not_mutate(tokens):
    before = tokens.copy()
    ngrams(tokens, n=3)
    collocations(tokens, min_count=1)
    merge_phrases(tokens, "nuclear power plant")
    pd.testing.assert_frame_equal(tokens, before)


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


# --- merge_phrases ---------------------------------------------------------------------------


def test_merge_phrase_makes_one_row_per_match(tokens):
    merged = merge_phrases(tokens, "nuclear power plant")
    assert len(merged) == len(tokens) - 2 * 2
    hits = merged[merged["term"] == "nuclear power plant"]
    assert len(hits) == 2
    assert hits["token"].tolist() == ["Nuclear power plant", "nuclear power plant"]
    first = hits.iloc[0]
    assert (first["start_char"], first["end_char"]) == (0, len("Nuclear power plant"))
    assert not hits["is_stopword"].any()
    # "power" alone is left once (Bob's), the merged words are gone.
    assert (merged["term"] == "power").sum() == 1
    assert "nuclear power plant" in merged["term"].cat.categories
    assert isinstance(merged.index, pd.RangeIndex)
    assert list(merged.columns) == list(tokens.columns)


def test_longer_phrase_wins_and_lists_of_terms_work(tokens):
    merged = merge_phrases(tokens, ["power plant", ["nuclear", "power", "plant"]])
    assert (merged["term"] == "nuclear power plant").sum() == 2
    assert (merged["term"] == "power plant").sum() == 0


def test_self_overlapping_phrase_is_taken_left_to_right():
    tok = make_tokens([("d", 0, 0, "A", "very very very good")])
    merged = merge_phrases(tok, "very very")
    assert merged["term"].astype(str).tolist() == ["very very", "very", "good"]


def test_phrase_with_curly_apostrophe_matches():
    tok = make_tokens([("d", 0, 0, "A", "Russia's war of choice")])
    merged = merge_phrases(tok, "Russia\u2019s war")
    assert merged["term"].astype(str).tolist() == ["russia's war", "of", "choice"]


def test_unknown_phrase_leaves_tokens_unchanged(tokens):
    pd.testing.assert_frame_equal(merge_phrases(tokens, "cold fusion"), tokens)
    with pytest.raises(KitError, match="at least one phrase"):
        merge_phrases(tokens, [""])


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


def test_counts_agree_with_term_usage_on_the_example(example):
    """An n-gram or merged phrase is counted as often as kit.term_usage counts the phrase."""
    from kit.terms.count import count_terms, term_usage

    tokens = example.tokens
    for phrase in ["secretary general", "nato allies", "defensive alliance"]:
        expected = int(term_usage(tokens, [phrase], by=None)["n"].sum())
        assert expected > 0, phrase
        bigrams = ngrams(tokens, n=2)
        assert int((bigrams["term"] == phrase).sum()) == expected
        merged = merge_phrases(tokens, phrase)
        counted = count_terms(merged, by=None)
        assert int(counted.loc[counted["term"] == phrase, "n"].sum()) == expected
        assert len(merged) == len(tokens) - expected  # each match folds two rows into one
