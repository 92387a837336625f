"""Corpus.term_codes and the counts made from it equal what the tokens table gives.

Each case counts a fresh Corpus (its tokens table not built, so ``count_terms`` takes the
term codes), checks that the tokens table was indeed not built, then counts the same tables
through ``corpus.tokens`` and compares the two frames exactly, dtypes included.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import kit
from kit import schema as s
from kit.corpus import Corpus
from kit.terms.count import count_terms, term_usage
from kit.terms.term_codes import term_codes
from kit.terms.tokens import tokenize

CORPUS_MORE = (Path(__file__).resolve().parents[2].parent / "shared" / "corpus-more").resolve()
PARLAMINT = CORPUS_MORE / "parlamint-tei" / "ParlaMint-SK_2016-02-12-t6m61.xml"

OPTIONS = [
    {"by": s.SPEAKER},
    {"by": s.DOC_ID},
    {"by": [s.DOC_ID, s.SPEAKER]},
    {"by": s.ROLE},
    {"by": None},
    {"by": s.SPEAKER, "freq": "Y"},
    {"by": s.DOC_ID, "drop_stopwords": False},
    {"by": s.SPEAKER, "drop_stopwords": True, "fold_possessives": False},
    {"by": s.DOC_ID, "fold_possessives": True, "ci": None},
    {"by": [s.SPEAKER, s.ROLE], "drop_stopwords": False, "fold_possessives": False},
]
#: Group columns that the tokens table itself holds: counting ``corpus.tokens`` works too.
ON_TOKENS = {s.SPEAKER, s.DOC_ID}


def fresh(corpus: Corpus) -> Corpus:
    """The same tables in a new Corpus: nothing cached (fixtures are shared by tests)."""
    return Corpus(
        corpus.documents,
        corpus.turns,
        corpus.phrases,
        corpus.stage_directions,
        corpus.skipped,
        speakers=corpus.speakers,
    )


def group_columns(options: dict) -> set:
    by = options["by"]
    return set() if by is None else {by} if isinstance(by, str) else set(by)


def assert_counts_equal(corpus: Corpus, options: dict) -> None:
    lean = fresh(corpus)
    got = count_terms(lean, **options)
    assert "tokens" not in lean.__dict__ and "term_codes" in lean.__dict__
    wide = fresh(corpus)
    assert len(wide.tokens) == len(lean.term_codes)  # built: counts read the tokens table
    pd.testing.assert_frame_equal(got, count_terms(wide, **options))
    assert "term_codes" not in wide.__dict__
    if group_columns(options) <= ON_TOKENS and "freq" not in options:
        pd.testing.assert_frame_equal(got, count_terms(wide.tokens, **options))


def hand_corpora(two_briefings, tiny_corpus) -> dict[str, Corpus]:
    frame = pd.DataFrame(
        {
            "doc": ["d1", "d1", "d1", "d2", "d2"],
            # Ann Lee says nothing but a stage direction: a speaker with no tokens
            "who": ["MR PRICE", "QUESTION", "Ann Lee", "Jane Doe", "MR PRICE"],
            "words": [
                "Russia's war (Laughter.) is the war. Iran's plans.",
                "Why? [applause] Why not?",
                "(Applause.)",
                "The U.S. and U.K. agreed, 1,000 times: it's over. "
                "The other's view, not the other.",
                "Bye. (Pause.) Bye.",
            ],
            "date": ["2020-01-02", "2020-01-02", "2020-01-02", "2021-05-06", "2021-05-06"],
        }
    )
    return {
        "two_briefings": two_briefings[0],
        "tiny": tiny_corpus,
        "from_pandas": kit.from_pandas(frame, speaker="who", text="words", doc="doc", date="date"),
    }


@pytest.mark.parametrize("options", OPTIONS, ids=str)
@pytest.mark.parametrize("name", ["two_briefings", "tiny", "from_pandas"])
def test_counts_from_term_codes_equal_counts_of_tokens(two_briefings, tiny_corpus, name, options):
    assert_counts_equal(hand_corpora(two_briefings, tiny_corpus)[name], options)


@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_counts_equal_on_the_shared_corpus(real_corpus, options):
    assert_counts_equal(real_corpus, options)


@pytest.fixture(scope="module")
def parlamint() -> Corpus:
    if not PARLAMINT.is_file():
        pytest.skip(
            f"the ParlaMint sample is not at {PARLAMINT} (it lives in "
            "../shared/corpus-more beside the repository and is never copied into it)"
        )
    return kit.read_transcripts(PARLAMINT, progress=False)


@pytest.mark.parametrize("options", OPTIONS[:6], ids=str)
def test_counts_equal_with_stage_directions(parlamint, options):
    assert len(parlamint.stage_directions) > 0  # what this case is for: tokens left out
    assert_counts_equal(parlamint, options)


def test_term_codes_are_the_tokens_phrases_and_terms(two_briefings, tiny_corpus, parlamint):
    for corpus in [*hand_corpora(two_briefings, tiny_corpus).values(), parlamint]:
        tokens = tokenize(corpus.phrases, stage_directions=corpus.stage_directions)
        codes = term_codes(corpus.phrases, stage_directions=corpus.stage_directions)
        assert len(codes) == len(tokens)
        terms = pd.Series(
            pd.Categorical.from_codes(codes.term, dtype=codes.term_dtype), name=s.TERM
        )
        pd.testing.assert_series_equal(terms, tokens[s.TERM])
        assert codes.term.dtype.itemsize <= 2  # the smallest type: few thousand terms here
        carried = codes.phrases.take(codes.phrase).reset_index(drop=True)
        pd.testing.assert_frame_equal(carried, tokens[list(codes.phrases.columns)])
        stop = pd.Series(codes.is_stop[codes.term], name=s.IS_STOPWORD)
        pd.testing.assert_series_equal(stop, tokens[s.IS_STOPWORD])


def test_stage_directions_leave_tokens_out_of_the_codes(two_briefings):
    corpus = fresh(two_briefings[0])
    counts = count_terms(corpus, by=None, drop_stopwords=False)
    assert "laughter" not in set(counts[s.TERM].astype(str))
    assert counts[s.N_WORDS].iloc[0] == 23  # 6 + 4 + 8 + 5 words by hand (conftest)


def test_counting_twice_scans_once(two_briefings):
    corpus = fresh(two_briefings[0])
    count_terms(corpus, by=s.SPEAKER)
    first = corpus.term_codes
    count_terms(corpus, by=s.DOC_ID)
    assert corpus.term_codes is first and "tokens" not in corpus.__dict__


@pytest.mark.parametrize("options", [{"term": s.TOKEN}, {"by": s.POSITION}])
def test_token_columns_count_the_tokens_table(two_briefings, options):
    corpus = fresh(two_briefings[0])
    got = count_terms(corpus, **options)
    assert "tokens" in corpus.__dict__ and "term_codes" not in corpus.__dict__
    pd.testing.assert_frame_equal(got, count_terms(corpus.tokens, **options))


@pytest.mark.parametrize("by", [s.SPEAKER, [s.DOC_ID, s.SPEAKER], s.ROLE])
@pytest.mark.parametrize("name", ["two_briefings", "from_pandas"])
def test_term_usage_from_term_codes(two_briefings, tiny_corpus, name, by):
    queries = ["sanctions", "war", "the", "iran", "bye", "nuclear power", "zebra"]
    corpus = hand_corpora(two_briefings, tiny_corpus)[name]
    lean, wide = fresh(corpus), fresh(corpus)
    single = [q for q in queries if " " not in q]
    got = term_usage(lean, single, by=by, freq="Y")
    assert "tokens" not in lean.__dict__ and "term_codes" in lean.__dict__
    assert len(wide.tokens)  # built: term_usage reads the tokens table
    pd.testing.assert_frame_equal(got, term_usage(wide, single, by=by, freq="Y"))
    # a phrase query needs positions: the tokens table, with the same result as ever
    both = term_usage(lean, queries, by=by)
    assert "tokens" in lean.__dict__
    pd.testing.assert_frame_equal(both, term_usage(wide, queries, by=by))


def test_a_folded_term_of_stop_and_other_words(two_briefings, tiny_corpus):
    # "other" is a stop word, "other's" is not: folded together, only tokens can tell which
    # to leave out, and the count must still equal the tokens table's.
    corpus = fresh(hand_corpora(two_briefings, tiny_corpus)["from_pandas"])
    assert corpus.term_codes.stop_counts(True) is None
    assert corpus.term_codes.stop_counts(False) is not None
    got = count_terms(corpus, by=s.SPEAKER)
    assert "tokens" not in corpus.__dict__
    assert got.loc[got[s.TERM] == "other", "n"].tolist() == [1]  # "other's"; "other" dropped
    pd.testing.assert_frame_equal(got, count_terms(corpus.tokens, by=s.SPEAKER))
