"""count_terms() and term_usage(): hand-computed counts and rates, groupings, properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import schema as s
from kit.errors import KitError
from kit.terms.count import count_terms, term_usage


@pytest.fixture(scope="module")
def corpus(two_briefings):
    return two_briefings[0]


def as_records(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    return [tuple(str(v) if isinstance(v, str) or not isinstance(v, (int, float, np.number))
                  else v for v in row)
            for row in frame[list(columns)].itertuples(index=False, name=None)]


def test_count_by_speaker_by_hand(corpus):
    counts = count_terms(corpus.tokens, by="speaker")
    assert list(counts.columns) == [s.SPEAKER, s.TERM, "n", s.N_WORDS, "per_1k", "per_1k_low",
                                    "per_1k_high"]
    assert as_records(counts, s.SPEAKER, s.TERM, "n", s.N_WORDS) == [
        ("Price", "nuclear", 1, 14), ("Price", "plant", 1, 14), ("Price", "power", 1, 14),
        ("Price", "safety", 1, 14), ("Price", "sanctions", 3, 14), ("Price", "ukraine", 1, 14),
        ("Price", "war", 1, 14), ("Price", "work", 1, 14),
        ("Question", "war", 1, 4),
        ("Blinken", "nuclear", 1, 5), ("Blinken", "plant", 1, 5), ("Blinken", "power", 1, 5),
        ("Blinken", "tree", 1, 5),
    ]
    rate = counts.set_index([s.SPEAKER, s.TERM])["per_1k"]
    assert rate[("Price", "sanctions")] == pytest.approx(3 / 14 * 1000)  # 214.2857...
    assert rate[("Question", "war")] == 250.0
    assert rate[("Blinken", "tree")] == 200.0
    assert counts[s.SPEAKER].cat.categories.tolist() == ["Price", "Question", "Blinken"]
    assert isinstance(counts[s.TERM].dtype, pd.CategoricalDtype)


def test_count_by_document_and_with_stopwords(corpus):
    by_doc = count_terms(corpus.tokens, by=s.DOC_ID).set_index([s.DOC_ID, s.TERM])
    assert by_doc.loc[("d1", "sanctions"), "n"] == 3
    assert by_doc.loc[("d1", "sanctions"), s.N_WORDS] == 10
    assert by_doc.loc[("d1", "sanctions"), "per_1k"] == 300.0
    assert by_doc.loc[("d2", "nuclear"), "n"] == 2
    assert by_doc.loc[("d2", "nuclear"), "per_1k"] == pytest.approx(2 / 13 * 1000)
    assert ("d1", "the") not in by_doc.index
    with_stop = count_terms(corpus.tokens, by=s.DOC_ID, drop_stopwords=False)
    with_stop = with_stop.set_index([s.DOC_ID, s.TERM])["n"]
    assert with_stop[("d1", "the")] == 1 and with_stop[("d2", "the")] == 1
    assert with_stop[("d1", "and")] == 1 and with_stop[("d2", "a")] == 1
    assert with_stop.groupby(level=0).sum().to_dict() == {"d1": 10, "d2": 13}


def test_count_by_role_date_period_and_several_columns(corpus):
    by_role = count_terms(corpus, by=s.ROLE).set_index([s.ROLE, s.TERM])
    assert by_role.loc[("official", "nuclear"), "n"] == 2
    assert by_role.loc[("official", "nuclear"), s.N_WORDS] == 19
    assert by_role.loc[("question", "war"), "per_1k"] == 250.0
    monthly = count_terms(corpus, by=s.SPEAKER, freq="M")
    assert list(monthly.columns[:2]) == [s.SPEAKER, s.DATE]
    war = monthly[monthly[s.TERM] == "war"]
    assert as_records(war, s.SPEAKER, s.DATE, "n", s.N_WORDS) == [
        ("Price", "2022-04-01 00:00:00", 1, 8), ("Question", "2022-03-01 00:00:00", 1, 4)]
    yearly = count_terms(corpus, by=None, freq="Y")
    assert yearly[s.DATE].unique().tolist() == [pd.Timestamp("2022-01-01")]
    assert yearly.set_index(s.TERM).loc["sanctions", s.N_WORDS] == 23
    pair = count_terms(corpus.tokens, by=[s.DOC_ID, s.SPEAKER])
    assert as_records(pair[pair[s.TERM] == "war"], s.DOC_ID, s.SPEAKER, "n", s.N_WORDS) == [
        ("d1", "Question", 1, 4), ("d2", "Price", 1, 8)]


def test_count_tokens_as_written(corpus):
    counts = count_terms(corpus.tokens, by=s.SPEAKER, term=s.TOKEN)
    price = counts[counts[s.SPEAKER] == "Price"].set_index(s.TOKEN)["n"]
    assert price["Sanctions"] == 2 and price["sanctions"] == 1


def test_term_usage_has_zero_rows_and_counts_phrases_within_a_phrase(corpus):
    usage = term_usage(corpus, ["Sanctions", "nuclear power plant", "war", "peace"])
    assert as_records(usage, s.SPEAKER, s.TERM, "n", s.N_WORDS) == [
        ("Price", "sanctions", 3, 14), ("Price", "nuclear power plant", 1, 14),
        ("Price", "war", 1, 14), ("Price", "peace", 0, 14),
        ("Question", "sanctions", 0, 4), ("Question", "nuclear power plant", 0, 4),
        ("Question", "war", 1, 4), ("Question", "peace", 0, 4),
        # Blinken's "Nuclear power. Plant a tree." crosses a phrase boundary: no hit.
        ("Blinken", "sanctions", 0, 5), ("Blinken", "nuclear power plant", 0, 5),
        ("Blinken", "war", 0, 5), ("Blinken", "peace", 0, 5),
    ]
    assert usage["per_1k"].tolist()[:3] == [pytest.approx(3000 / 14), pytest.approx(1000 / 14),
                                            pytest.approx(1000 / 14)]
    assert usage[s.TERM].cat.categories.tolist() == ["sanctions", "nuclear power plant", "war",
                                                     "peace"]


def test_term_usage_over_time_and_normalised_queries(corpus):
    usage = term_usage(corpus.tokens.assign(date=np.where(
        corpus.tokens[s.DOC_ID] == "d1", pd.Timestamp("2022-03-04"),
        pd.Timestamp("2022-04-10"))), ["WAR", "  war "], by=None, freq="M")
    assert as_records(usage, s.DATE, s.TERM, "n", s.N_WORDS) == [
        ("2022-03-01 00:00:00", "war", 1, 10), ("2022-04-01 00:00:00", "war", 1, 13)]
    assert term_usage(corpus, "stop", by=None)["n"].tolist() == [0]


def test_inputs_are_not_modified_and_errors_are_clear(corpus):
    tokens = corpus.tokens
    before = tokens.copy(deep=True)
    count_terms(tokens, by=s.SPEAKER)
    term_usage(tokens, ["war"], by=s.DOC_ID)
    pd.testing.assert_frame_equal(tokens, before)
    with pytest.raises(KitError, match="Pass the Corpus instead of corpus.tokens"):
        count_terms(tokens, by=s.ROLE)
    with pytest.raises(KitError, match="freq='h' is not a period"):
        count_terms(corpus, freq="h")
    with pytest.raises(KitError, match="No column 'colour'"):
        count_terms(corpus, by="colour")
    with pytest.raises(KitError, match="term='lemma' is not a column"):
        count_terms(tokens, term="lemma")
    with pytest.raises(KitError, match="holds no word"):
        term_usage(tokens, ["--"])


_VOCAB = ["war", "peace", "the", "and", "NATO", "Russia’s", "U.S.", "2.5", "sanctions", "is"]
_SPEAKERS = ["A", "B", "C"]
turn = st.tuples(st.sampled_from(_SPEAKERS),
                 st.lists(st.sampled_from(_VOCAB + [".", "(Laughter.)"]), min_size=1,
                          max_size=12).map(lambda ws: " ".join(ws) + "."))
docs_strategy = st.lists(st.lists(turn, min_size=1, max_size=4), min_size=1, max_size=3)


def build(make_corpus, docs):
    return make_corpus({f"d{i}": turns for i, turns in enumerate(docs)})[0]


@settings(max_examples=40, deadline=None)
@given(docs_strategy, st.sampled_from([s.SPEAKER, s.DOC_ID, [s.DOC_ID, s.SPEAKER]]))
def test_counts_sum_to_token_totals_per_group(make_corpus, docs, by):
    tokens = build(make_corpus, docs).tokens
    counts = count_terms(tokens, by=by, drop_stopwords=False)
    keys = [by] if isinstance(by, str) else by
    per_group = counts.groupby(keys, observed=True).agg(n=("n", "sum"),
                                                         n_words=(s.N_WORDS, "first"))
    sizes = tokens.groupby(keys, observed=True).size()
    assert (per_group["n"] == per_group[s.N_WORDS]).all()
    assert per_group["n"].sort_index().tolist() == sizes.sort_index().tolist()
    dropped = count_terms(tokens, by=by)
    assert dropped["n"].sum() == (~tokens[s.IS_STOPWORD]).sum()


@settings(max_examples=40, deadline=None)
@given(docs_strategy, st.sets(st.sampled_from(_SPEAKERS), min_size=1))
def test_filtering_then_counting_equals_counting_then_filtering(make_corpus, docs, keep):
    tokens = build(make_corpus, docs).tokens
    filtered_first = count_terms(tokens[tokens[s.SPEAKER].isin(keep)], by=s.SPEAKER)
    counted_first = count_terms(tokens, by=s.SPEAKER)
    counted_first = counted_first[counted_first[s.SPEAKER].isin(keep)].reset_index(drop=True)
    pd.testing.assert_frame_equal(filtered_first, counted_first)


@settings(max_examples=40, deadline=None)
@given(docs_strategy, st.sampled_from(["war", "NATO", "russia's", "u.s.", "2.5", "the"]),
       st.booleans())
def test_term_usage_agrees_with_count_terms(make_corpus, docs, word, fold):
    corpus = build(make_corpus, docs)
    if fold:  # counts put "russia's" with "russia", and a search for "russia" finds both
        word = word.removesuffix("'s")
    usage = term_usage(corpus, [word], by=s.SPEAKER, fold_possessives=fold)
    usage = usage.set_index(s.SPEAKER)["n"]
    counts = count_terms(corpus.tokens, by=s.SPEAKER, drop_stopwords=False,
                         fold_possessives=fold)
    counts = counts[counts[s.TERM] == word.lower()].set_index(s.SPEAKER)["n"]
    assert usage.sum() == counts.sum()
    for speaker, n in usage.items():
        assert n == counts.get(speaker, 0)


def test_a_corpus_without_speech_gives_empty_tables_with_the_columns(make_corpus):
    corpus = make_corpus({"d": [("A", "(Laughter.)")]})[0]
    assert len(corpus.tokens) == 0
    counts = count_terms(corpus, by=s.SPEAKER)
    assert counts.empty and list(counts.columns) == [s.SPEAKER, s.TERM, "n", s.N_WORDS,
                                                     "per_1k", "per_1k_low", "per_1k_high"]
    assert term_usage(corpus, ["war"]).empty


@pytest.mark.parametrize("n_groups, sort", [(3, False), (3000, True), (3000, False),
                                            (20_000, False), (20_000, True)])
def test_pair_counting_paths_agree_with_a_plain_count(n_groups, sort):
    # Many groups x 5,000 terms forces the blockwise, sorted-slice and hash paths.
    from kit.terms.grouping import count_pairs

    rng = np.random.default_rng(n_groups)
    group = rng.integers(0, n_groups, 200_000)
    term = rng.integers(0, 5000, 200_000)
    if sort:
        order = np.argsort(group, kind="stable")
        group, term = group[order], term[order]
    keys, expected = np.unique(group * 5000 + term, return_counts=True)
    g, t, n = count_pairs(group, term, n_groups, 5000)
    assert np.array_equal(g * 5000 + t, keys)
    assert np.array_equal(n, expected)


@pytest.mark.parametrize("n_items", [0, 7, (1 << 22) + 5])  # none, one block, two blocks
def test_cell_counts_equal_a_plain_count_with_items_skipped(n_items):
    from kit.terms.grouping import cell_counts

    rng = np.random.default_rng(n_items)
    rows, columns = rng.integers(0, 30, n_items), rng.integers(0, 4, n_items).astype(np.int8)
    skip = rng.random(n_items) < 0.3
    expected = np.zeros((30, 4), dtype=np.int64)
    np.add.at(expected, (rows[~skip], columns[~skip]), 1)
    assert np.array_equal(cell_counts(rows, 30, columns, 4, skip=skip), expected)
    np.add.at(expected, (rows[skip], columns[skip]), 1)
    assert np.array_equal(cell_counts(rows, 30, columns, 4), expected)


def test_stopword_flags_edited_per_token_are_respected(corpus):
    tokens = corpus.tokens.copy()
    flags = tokens[s.IS_STOPWORD].to_numpy().copy()
    first_sanctions = int(np.flatnonzero(tokens[s.TERM].to_numpy() == "sanctions")[0])
    flags[first_sanctions] = True  # one token of a term flagged, the others not
    tokens[s.IS_STOPWORD] = flags
    counts = count_terms(tokens, by=s.SPEAKER).set_index([s.SPEAKER, s.TERM])["n"]
    assert counts[("Price", "sanctions")] == 2
    assert ("Price", "the") not in counts.index


def test_counts_usage_and_keyness_group_by_a_column_of_the_speakers_table():
    from kit.read.build import Rows, add_document, build
    from kit.read.formats._base import ParsedDocument, RawTurn
    from kit.terms.keyness import keyness

    text = "Sitting\nWe want peace now.\nPeace and bread.\nWar is near."
    turns = []
    for speech, who, party in [("We want peace now.", "Ann", "Greens"),
                               ("Peace and bread.", "Bo", "Greens"),
                               ("War is near.", "Cy", "Right")]:
        a = text.index(speech)
        turns.append(RawTurn(a, a, a + len(speech), "", speaker=who,
                             attributes={"party": party}))
    rows = Rows()
    add_document(rows, ParsedDocument(text, "test", turns=turns), doc_id="d", source="d",
                 aliases={})
    corpus = build([rows], {})
    counts = count_terms(corpus, by="party", drop_stopwords=False)
    peace = counts[counts[s.TERM] == "peace"].set_index("party")
    assert peace["n"].to_dict() == {"Greens": 2}
    assert peace.loc["Greens", s.N_WORDS] == 7
    usage = term_usage(corpus, ["war"], by="party").set_index("party")["n"]
    assert usage.to_dict() == {"Greens": 0, "Right": 1}
    assert set(keyness(corpus, by="party", min_count=1)["party"]) == {"Greens", "Right"}
    with pytest.raises(KitError, match="No column 'faction'.*'party'"):
        count_terms(corpus, by="faction")


@pytest.mark.parametrize("n_groups, sort", [(3, True), (3000, True), (3000, False),
                                            (20_000, False)])
def test_pair_counting_leaves_out_skipped_terms_on_every_path(n_groups, sort):
    # The dense, sorted-slice and hash paths each drop the skipped terms' pairs, and codes of
    # small integer types (group codes as Grouping keeps them) count as int64 codes do.
    from kit.terms.grouping import count_pairs, small_codes

    rng = np.random.default_rng(n_groups + 1)
    group = rng.integers(0, n_groups, 200_000)
    term = rng.integers(0, 5000, 200_000)
    if sort:
        order = np.argsort(group, kind="stable")
        group, term = group[order], term[order]
    skip = np.zeros(5000, dtype=bool)
    skip[rng.choice(5000, 1200, replace=False)] = True
    kept = ~skip[term]
    keys, expected = np.unique(group[kept] * 5000 + term[kept], return_counts=True)
    g, t, n = count_pairs(small_codes(group, n_groups), small_codes(term, 5000), n_groups,
                          5000, skip_terms=skip)
    assert g.dtype == t.dtype == n.dtype == np.int64
    assert np.array_equal(g * 5000 + t, keys)
    assert np.array_equal(n, expected)


def test_group_codes_take_the_smallest_integer_type_and_count_as_int64_codes_would(corpus):
    # One byte a token for a few speakers, not eight (bench_pipeline.py); grouping by several
    # columns and by a turn column compacts to small codes too, and the counts are unchanged.
    from kit.terms.grouping import Grouping, bincount, gather, small_codes

    tokens = corpus.tokens
    for by in ("speaker", "doc_id", ["doc_id", "speaker"], "role"):
        groups = Grouping(tokens, corpus, by, None, s.DATE)
        assert groups.codes.dtype == np.int8
        wide = groups.codes.astype(np.int64)
        assert np.array_equal(bincount(groups.codes[groups.valid], minlength=groups.n_groups),
                              np.bincount(wide[wide >= 0], minlength=groups.n_groups))
    assert small_codes(np.arange(200), 200).dtype == np.int16
    assert small_codes(np.arange(3), 40_000).dtype == np.int32
    values = np.arange(10, dtype=np.int16) * 3
    rows = np.tile(np.array([9, 0, 4], dtype=np.int32), (1 << 21) // 3 + 2)
    assert np.array_equal(gather(values, rows), values[rows.astype(np.int64)])
