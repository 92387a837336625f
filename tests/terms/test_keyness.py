"""Keyness (log-odds with Dirichlet prior, G2, Log Ratio) and tf-idf, checked by hand."""

from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
import pytest

from kit.errors import KitError
from kit.terms.keyness import KEYNESS_COLUMNS, bind_tf_idf, keyness, tf_idf

# Speaker A says "tax tax tax war the jobs" (6 words), B says "war war the tax" (4 words).
# Totals: tax 4, war 3, the 2, jobs 1; N = 10. "the" is a stopword.
SPEAKERS = ["A"] * 6 + ["B"] * 4
TERMS = ["tax", "tax", "tax", "war", "the", "jobs", "war", "war", "the", "tax"]


@pytest.fixture
def tokens() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": ["d1"] * 3 + ["d2"] * 7,
            "speaker": pd.Categorical(SPEAKERS, categories=["A", "B", "C"]),
            "term": pd.Categorical(TERMS, categories=["tax", "war", "the", "jobs"]),
            "is_stopword": [t == "the" for t in TERMS],
            "date": pd.Timestamp("2022-03-04"),
        }
    )


def row(table: pd.DataFrame, group: str, term: str, by: str = "speaker") -> pd.Series:
    hit = table[(table[by] == group) & (table["term"] == term)]
    assert len(hit) == 1, f"expected one row for {group}/{term}, got {len(hit)}"
    return hit.iloc[0]


def test_log_odds_with_corpus_prior_by_hand(tokens):
    key = keyness(tokens, min_count=1)
    r = row(key, "A", "tax")
    # alpha_tax = 4 (its corpus count), alpha0 = 10 (all words).
    # delta = ln((3+4)/(6+10-3-4)) - ln((1+4)/(4+10-1-4)) = ln(7/9) - ln(5/9) = ln(7/5)
    assert r["delta"] == pytest.approx(math.log(7 / 5))
    assert r["delta_var"] == pytest.approx(1 / 7 + 1 / 5)
    assert r["z"] == pytest.approx(math.log(7 / 5) / math.sqrt(1 / 7 + 1 / 5))
    assert (r["n"], r["n_ref"], r["n_words"], r["n_words_ref"]) == (3, 1, 6, 4)
    assert r["per_1k"] == pytest.approx(500.0)
    assert r["per_1k_ref"] == pytest.approx(250.0)
    assert r["log_ratio"] == pytest.approx(1.0)  # log2((3/6) / (1/4))
    # B is A's mirror image: same scores, opposite sign.
    b = row(key, "B", "tax")
    assert b["delta"] == pytest.approx(-r["delta"])
    assert b["g2"] == pytest.approx(-r["g2"])


def test_g2_by_hand(tokens):
    r = row(keyness(tokens, min_count=1), "A", "tax")
    # 2x2 table: tax 3 | 1, other words 3 | 3; expected 2.4 | 1.6, 3.6 | 2.4.
    by_hand = 2 * (
        3 * math.log(3 / 2.4)
        + 1 * math.log(1 / 1.6)
        + 3 * math.log(3 / 3.6)
        + 3 * math.log(3 / 2.4)
    )
    assert by_hand == pytest.approx(0.643786, abs=1e-6)
    assert r["g2"] == pytest.approx(by_hand)
    # chi-square with 1 df: p = erfc(sqrt(G2 / 2))
    assert r["p_value"] == pytest.approx(math.erfc(math.sqrt(by_hand / 2)))


def test_zero_count_term_gets_negative_scores_and_half_count_log_ratio(tokens):
    r = row(keyness(tokens, min_count=1), "B", "jobs")
    assert r["n"] == 0 and r["n_ref"] == 1
    # alpha_jobs = 1: ln(1/(4+10-1)) - ln(2/(6+10-2)) = ln(1/13) - ln(2/14)
    assert r["delta"] == pytest.approx(math.log(1 / 13) - math.log(2 / 14))
    assert r["delta"] < 0 and r["g2"] < 0
    assert r["log_ratio"] == pytest.approx(math.log2((0.5 / 4) / (1 / 6)))


def test_uniform_prior_by_hand(tokens):
    key = keyness(tokens, target="B", prior=0.01, min_count=1)
    r = row(key, "B", "war")
    # alpha = 0.01 for each of the 4 terms, alpha0 = 0.04; B has war 2 of 4, A has 1 of 6.
    d = math.log(2.01 / (4 + 0.04 - 2.01)) - math.log(1.01 / (6 + 0.04 - 1.01))
    assert r["delta"] == pytest.approx(d)
    assert r["delta_var"] == pytest.approx(1 / 2.01 + 1 / 1.01)


def test_prior_size_rescales_the_corpus_prior_by_hand(tokens):
    key = keyness(tokens, min_count=1, prior_size=5)
    r = row(key, "A", "tax")
    # alpha_tax = 4/10 * 5 = 2, alpha0 = 5:
    # ln((3+2)/(6+5-3-2)) - ln((1+2)/(4+5-1-2)) = ln(5/6) - ln(3/6) = ln(5/3)
    assert r["delta"] == pytest.approx(math.log(5 / 3))
    assert r["delta_var"] == pytest.approx(1 / 5 + 1 / 3)
    assert abs(r["z"]) > abs(row(keyness(tokens, min_count=1), "A", "tax")["z"])  # less shrunk
    with pytest.raises(KitError, match="prior_size must be above 0"):
        keyness(tokens, prior_size=0)


def test_background_prior_series(tokens):
    background = pd.Series({"tax": 100.0, "war": 50.0})  # "jobs" missing -> 0.01
    key = keyness(tokens, target="A", prior=background, min_count=1, drop_stopwords=False)
    alpha0 = 100 + 50 + 0.01 + 0.01  # the, jobs get 0.01
    r = row(key, "A", "tax")
    d = math.log(103 / (6 + alpha0 - 103)) - math.log(101 / (4 + alpha0 - 101))
    assert r["delta"] == pytest.approx(d)


def test_stopwords_leave_rows_but_stay_in_totals(tokens):
    key = keyness(tokens, min_count=1)
    assert "the" not in set(key["term"])
    assert set(key["n_words"]) == {6, 4}  # "the" still counted as a word spoken
    with_stop = keyness(tokens, min_count=1, drop_stopwords=False)
    assert "the" in set(with_stop["term"])


def test_layout_grain_order_and_dtypes(tokens):
    key = keyness(tokens, min_count=1)
    assert list(key.columns) == ["speaker", "term", *KEYNESS_COLUMNS]
    assert key["speaker"].dtype == tokens["speaker"].dtype  # same categories: colours, joins
    assert set(key["speaker"]) == {"A", "B"}  # C never speaks: no rows
    assert key["term"].dtype == tokens["term"].dtype  # joins back to the tokens
    assert not key.duplicated(["speaker", "term"]).any()
    for _, part in key.groupby("speaker", observed=True):
        assert part["z"].is_monotonic_decreasing
    assert isinstance(key.index, pd.RangeIndex)


def test_min_count_filters_on_group_plus_reference(tokens):
    key = keyness(tokens, min_count=3)
    assert set(key["term"]) == {"tax", "war"}  # jobs (1) goes
    assert keyness(tokens).empty  # default min_count=5: no term is that common here


def test_target_list_is_pooled_and_reference_restricts(tokens):
    extra = pd.DataFrame(
        {
            "doc_id": "d3",
            "speaker": pd.Categorical(["C"] * 3, categories=["A", "B", "C"]),
            "term": pd.Categorical(
                ["jobs", "jobs", "tax"], categories=["tax", "war", "the", "jobs"]
            ),
            "is_stopword": False,
            "date": pd.Timestamp("2022-03-05"),
        }
    )
    tok = pd.concat([tokens, extra], ignore_index=True)
    pooled = keyness(tok, target=["A", "B"], min_count=1)
    assert list(pooled["speaker"].cat.categories) == ["A + B"]
    r = row(pooled, "A + B", "jobs")
    assert (r["n"], r["n_ref"], r["n_words"], r["n_words_ref"]) == (1, 2, 10, 3)
    vs_b = keyness(tok, target="A", reference="B", min_count=1)
    r = row(vs_b, "A", "tax")
    assert (r["n"], r["n_ref"], r["n_words"], r["n_words_ref"]) == (3, 1, 6, 4)
    # Each non-reference group against the reference.
    each = keyness(tok, reference="B", min_count=1)
    assert each["speaker"].drop_duplicates().tolist() == ["A", "C"]


def test_counted_input_equals_token_input(tokens):
    counts = tokens.groupby(["speaker", "term"], observed=True).size().rename("n").reset_index()
    counts["is_stopword"] = counts["term"] == "the"
    a = keyness(tokens, min_count=1)
    b = keyness(counts, count="n", min_count=1)
    pd.testing.assert_frame_equal(a, b)


def test_does_not_mutate_input(tokens):
    before = tokens.copy()
    keyness(tokens, min_count=1)
    tf_idf(tokens)
    pd.testing.assert_frame_equal(tokens, before)


def test_errors_say_what_to_do(tokens):
    with pytest.raises(KitError, match="target='Z' is not a value of column 'speaker'"):
        keyness(tokens, target="Z")
    with pytest.raises(KitError, match="no column 'is_stopword'.*drop_stopwords=False"):
        keyness(tokens.drop(columns="is_stopword"))
    with pytest.raises(KitError, match="cannot be compared with itself"):
        keyness(tokens, target="A", reference="A", min_count=1)
    with pytest.raises(KitError, match="target='C' has no words"):
        keyness(tokens, target="C", min_count=1)  # a category nobody uses
    with pytest.raises(KitError, match="prior='flat' is not known"):
        keyness(tokens, prior="flat")
    with pytest.raises(KitError, match="must be a pandas DataFrame"):
        keyness([1, 2, 3])


# --- an independent implementation, straight from the papers, on 2x2 tables -----------------


def monroe_delta(y_i, n_i, y_j, n_j, a_w, a_0):
    """Monroe, Colaresi & Quinn (2008), eqs. 16 and 20, for one word."""
    omega_i = (y_i + a_w) / (n_i + a_0 - y_i - a_w)
    omega_j = (y_j + a_w) / (n_j + a_0 - y_j - a_w)
    delta = math.log(omega_i) - math.log(omega_j)
    var = 1 / (y_i + a_w) + 1 / (y_j + a_w)
    return delta, var, delta / math.sqrt(var)


def dunning_g2(a, b, c, d):
    """Dunning (1993): G2 = 2 * sum O ln(O/E) over a 2x2 table [[a, b], [c, d]]."""
    n = a + b + c + d
    total = 0.0
    for o, r, k in ((a, a + b, a + c), (b, a + b, b + d), (c, c + d, a + c), (d, c + d, b + d)):
        if o:
            total += o * math.log(o / (r * k / n))
    return 2 * total


def test_cross_check_against_independent_formulas():
    rnd = random.Random(7)
    vocab = [f"w{i}" for i in range(40)]
    groups = ["Smith", "Jones", "Lee"]
    rows = [
        (g, rnd.choice(vocab[: 10 + 10 * k]))
        for k, g in enumerate(groups)
        for _ in range(300 + 100 * k)
    ]
    tok = pd.DataFrame(rows, columns=["speaker", "term"])
    tok["is_stopword"] = False
    key = keyness(tok, min_count=1)

    corpus = {}
    for _, t in rows:
        corpus[t] = corpus.get(t, 0) + 1
    n_all = len(rows)
    checked = 0
    for g in groups:
        mine = [t for s, t in rows if s == g]
        n_i, n_j = len(mine), n_all - len(mine)
        for t in corpus:
            y_i = mine.count(t)
            y_j = corpus[t] - y_i
            delta, var, z = monroe_delta(y_i, n_i, y_j, n_j, corpus[t], n_all)
            g2 = dunning_g2(y_i, y_j, n_i - y_i, n_j - y_j)
            r = row(key, g, t)
            assert r["delta"] == pytest.approx(delta, rel=1e-12)
            assert r["delta_var"] == pytest.approx(var, rel=1e-12)
            assert r["z"] == pytest.approx(z, rel=1e-12)
            assert abs(r["g2"]) == pytest.approx(g2, rel=1e-9, abs=1e-12)
            if y_i / n_i != y_j / n_j:
                assert (r["g2"] > 0) == (y_i / n_i > y_j / n_j)
            checked += 1
    assert checked == len(key) == 3 * len(corpus)


# --- tf-idf ------------------------------------------------------------------------------------


def test_tf_idf_by_hand(tokens):
    out = tf_idf(tokens, drop_stopwords=False)
    # d1: tax x3 (3 words); d2: war x3, the x2, jobs, tax (7 words); 2 documents.
    r = row(out, "d2", "war", by="doc_id")
    assert r["n"] == 3
    assert r["tf"] == pytest.approx(3 / 7)
    assert r["idf"] == pytest.approx(math.log(2 / 1))
    assert r["tf_idf"] == pytest.approx(3 / 7 * math.log(2))
    r = row(out, "d1", "tax", by="doc_id")
    assert (r["tf"], r["idf"], r["tf_idf"]) == (1.0, 0.0, 0.0)  # in every document
    assert list(out.columns) == ["doc_id", "term", "n", "tf", "idf", "tf_idf"]
    assert out.groupby("doc_id", sort=False)["tf"].sum().tolist() == pytest.approx([1.0, 1.0])
    for _, part in out.groupby("doc_id", sort=False):
        assert part["tf_idf"].is_monotonic_decreasing


def test_tf_idf_drops_stopword_rows_but_keeps_them_in_tf(tokens):
    out = tf_idf(tokens)
    assert "the" not in set(out["term"])
    assert row(out, "d2", "war", by="doc_id")["tf"] == pytest.approx(3 / 7)


def test_bind_tf_idf_keeps_rows_and_order_and_zero_rows():
    counts = pd.DataFrame(
        {
            "doc_id": ["b", "a", "a", "b", "c"],
            "term": ["x", "x", "y", "y", "y"],
            "n": [2, 1, 3, 0, 5],
            "extra": list("pqrst"),
        }
    )
    out = bind_tf_idf(counts)
    assert list(out.columns) == ["doc_id", "term", "n", "extra", "tf", "idf", "tf_idf"]
    assert out["extra"].tolist() == list("pqrst")
    # 3 documents; x used in a, b; y used in a, c (b's zero row does not count).
    assert out["idf"].tolist() == pytest.approx([math.log(3 / 2)] * 5)
    assert out.loc[0, "tf"] == pytest.approx(1.0)  # b: 2 of 2
    assert out.loc[1, "tf"] == pytest.approx(0.25)  # a: 1 of 4
    assert out.loc[3, "tf_idf"] == 0.0
    assert "tf" not in counts.columns  # not mutated


def test_bind_tf_idf_warns_on_wrong_grain():
    counts = pd.DataFrame({"doc_id": ["a", "a"], "term": ["x", "x"], "n": [1, 2]})
    with pytest.warns(UserWarning, match="more than one row"):
        bind_tf_idf(counts)


def test_keyness_scales_without_python_loops_over_terms():
    rng = np.random.default_rng(1)
    n = 200_000
    tok = pd.DataFrame(
        {
            "speaker": pd.Categorical.from_codes(rng.integers(0, 5, n), categories=list("ABCDE")),
            "term": pd.Categorical.from_codes(
                np.minimum(rng.zipf(1.5, n) - 1, 4999), categories=[f"t{i}" for i in range(5000)]
            ),
            "is_stopword": False,
        }
    )
    key = keyness(tok, min_count=5)
    totals = tok.groupby("speaker", observed=True).size()
    got = key.groupby("speaker", observed=True)["n_words"].first()
    assert got.to_dict() == totals.to_dict()
    assert np.isfinite(key[["delta", "z", "g2", "log_ratio"]].to_numpy()).all()


# --- the real sample corpus --------------------------------------------------------------------


@pytest.mark.corpus
def test_spokesperson_terms_against_the_questioners(real_corpus):
    """The State Department spokespeople (MR PRICE / MS PORTER) against the questioners."""
    from kit import schema
    from kit.read.words import normalize_term
    from kit.terms.stopwords import stopwords
    from kit.terms.tokens import tokenize_text

    turns = real_corpus.turns
    labels = turns[schema.SPEAKER_LABEL].astype(str).str.upper().str.replace(".", "", regex=False)
    spokespeople = list(turns.loc[labels.isin(["MR PRICE", "MS PORTER"]), "speaker"].unique())
    assert len(spokespeople) == 2, spokespeople

    key = keyness(real_corpus.tokens, target=spokespeople, reference=schema.QUESTIONER)
    top = key.head(10)
    print(f"\nMost distinctive terms of {' + '.join(spokespeople)} against the questioners:")
    print(top[["term", "n", "n_ref", "per_1k", "per_1k_ref", "z", "g2"]].to_string(index=False))

    assert len(top) == 10
    assert (top["z"] > 0).all() and (top["g2"] > 0).all() and (top["n"] >= 5).all()
    stop = set(stopwords()["term"])
    assert not set(top["term"]) & stop
    stage = {
        normalize_term(w)
        for text in real_corpus.stage_directions["text"]
        for w in tokenize_text(text)
    }
    assert "laughter" in stage  # the corpus does have stage directions to avoid
    assert not set(top["term"]) & stage
    # The statistics agree on direction, and the counts add up to the compared groups' words.
    spoken = real_corpus.tokens["speaker"].isin(spokespeople)
    assert top["n_words"].iloc[0] == int(spoken.sum())


def test_corpus_input_looks_up_turn_and_document_columns(example):
    tokens = example.tokens
    by_title = tf_idf(example, by="title")
    assert set(by_title["title"]) == set(example.documents["title"])
    assert by_title["n"].sum() == int((~tokens["is_stopword"]).sum())
    key = keyness(example, by="speaker", min_count=1)
    pd.testing.assert_frame_equal(key, keyness(tokens, by="speaker", min_count=1))
    with pytest.raises(KitError, match="No column 'colour' in the tokens, turns"):
        keyness(example, by="colour")


@pytest.mark.corpus
def test_officials_against_questions_by_role(real_corpus):
    key = keyness(real_corpus, by="role", target="official", reference="question")
    turns = real_corpus.turns
    tokens = real_corpus.tokens
    role = tokens[["doc_id", "turn_id"]].merge(
        turns[["doc_id", "turn_id", "role"]], on=["doc_id", "turn_id"], how="left"
    )["role"]
    assert key["n_words"].iloc[0] == int((role == "official").sum())
    assert key["n_words_ref"].iloc[0] == int((role == "question").sum())
    assert (key.head(10)["z"] > 0).all()


# --- properties --------------------------------------------------------------------------------

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

token_rows = st.lists(
    st.tuples(st.sampled_from(["A", "B"]), st.sampled_from(["tax", "war", "jobs", "peace"])),
    min_size=2,
    max_size=60,
)


@hypothesis.given(token_rows)
@hypothesis.settings(max_examples=60, deadline=None)
def test_two_groups_mirror_each_other(rows):
    tok = pd.DataFrame(rows, columns=["speaker", "term"]).assign(is_stopword=False)
    # With one term only, odds of "any other word" are 0/0: delta is undefined (NaN).
    hypothesis.assume(tok["speaker"].nunique() == 2 and tok["term"].nunique() >= 2)
    key = keyness(tok, min_count=1).set_index(["speaker", "term"])
    totals = tok["term"].value_counts()
    for term in totals.index:
        a, b = key.loc[("A", term)], key.loc[("B", term)]
        assert a["n"] + a["n_ref"] == totals[term]
        assert (a["n"], a["n_ref"]) == (b["n_ref"], b["n"])
        assert a["delta"] == pytest.approx(-b["delta"], abs=1e-9)
        assert a["z"] == pytest.approx(-b["z"], abs=1e-9)
        assert a["g2"] == pytest.approx(-b["g2"], abs=1e-9)
        assert 0.0 <= a["p_value"] <= 1.0


@hypothesis.given(token_rows)
@hypothesis.settings(max_examples=60, deadline=None)
def test_tf_sums_to_one_and_counts_add_up(rows):
    tok = pd.DataFrame(rows, columns=["doc_id", "term"]).assign(is_stopword=False)
    out = tf_idf(tok, by="doc_id")
    assert out["n"].sum() == len(tok)
    for _, part in out.groupby("doc_id"):
        assert part["tf"].sum() == pytest.approx(1.0)
    n_docs = tok["doc_id"].nunique()
    df = tok.groupby("term")["doc_id"].nunique()
    for term, idf in out.groupby("term", observed=True)["idf"].first().items():
        assert idf == pytest.approx(math.log(n_docs / df[term]))


def test_blockwise_counting_matches_one_pass(monkeypatch):
    """Many documents x terms are counted in blocks; sorted or shuffled, the result is equal."""
    from kit.terms import code_counts as _counts

    rng = np.random.default_rng(3)
    tok = pd.DataFrame(
        {
            "doc_id": np.sort(rng.integers(0, 40, 3000)).astype(str),
            "term": rng.choice([f"t{i}" for i in range(60)], 3000),
            "is_stopword": False,
        }
    )
    whole = tf_idf(tok)
    monkeypatch.setattr(_counts, "DENSE_CELLS", 100)  # 40 x 60 cells -> blocks of 1 document
    pd.testing.assert_frame_equal(tf_idf(tok), whole)
    shuffled = tok.sample(frac=1, random_state=1)

    def plain(frame):
        frame = frame.astype({"doc_id": str, "term": str})
        return frame.sort_values(["doc_id", "term"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(plain(tf_idf(shuffled)), plain(whole))
