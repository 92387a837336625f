"""tokenize(): one row per token, the splitting rules, offsets, stage directions, dtypes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kit
from kit import schema as s
from kit.errors import KitError
from kit.terms.tokens import TOKEN_COLUMNS, tokenize, tokenize_text


def phrases_of(*texts: str, doc_id: str = "d1") -> pd.DataFrame:
    """One document whose phrases are ``texts`` separated by one space."""
    rows, pos = [], 0
    for i, text in enumerate(texts):
        rows.append({s.DOC_ID: doc_id, s.TURN_ID: 0, s.PHRASE_ID: i, s.SPEAKER: "A",
                     s.TEXT: text, s.N_WORDS: len(text.split()), s.START_CHAR: pos,
                     s.END_CHAR: pos + len(text)})
        pos += len(text) + 1
    frame = pd.DataFrame(rows)
    frame[s.SPEAKER] = frame[s.SPEAKER].astype("category")
    return frame


@pytest.mark.parametrize("text_in, tokens_out", [
    ("Russia's war", ["Russia's", "war"]),
    ("Russia’s war", ["Russia’s", "war"]),
    ("We don’t and can't", ["We", "don’t", "and", "can't"]),
    ("economic well-being.", ["economic", "well-being"]),
    ("a long-term, rapid-response force", ["a", "long-term", "rapid-response", "force"]),
    ("It costs 2.5 billion, or 1,000 each.", ["It", "costs", "2.5", "billion", "or", "1,000",
                                               "each"]),
    ("In 2022.", ["In", "2022"]),
    ("U.S. troops at 2:30 p.m. today", ["U.S.", "troops", "at", "2", "30", "p.m.", "today"]),
    ("e.g. the U.K.", ["e.g.", "the", "U.K."]),
    ("the U.S.’s role in the U.S.A", ["the", "U.S.’s", "role", "in", "the", "U.S.A"]),
    ("NATO’s Allies’ (NATO) “quote”", ["NATO’s", "Allies", "NATO", "quote"]),
    ("COVID-19 and 10,000.50 dollars", ["COVID-19", "and", "10,000.50", "dollars"]),
    ("Mr. Price – no. 2", ["Mr", "Price", "no", "2"]),
    ("  ", []),
    # Chinese and Japanese: a token per character, a run of katakana one token (UAX #29)
    ("予算委員会を開会", ["予", "算", "委", "員", "会", "を", "開", "会"]),
    ("テレビを見た。コーヒー", ["テレビ", "を", "見", "た", "コーヒー"]),
    ("我们开会", ["我", "们", "开", "会"]),
    ("NATO加盟国 abc-漢字", ["NATO", "加", "盟", "国", "abc", "漢", "字"]),
    ("삼성전자 주식", ["삼성전자", "주식"]),  # Korean spaces its words
])
def test_tokenize_text_splits_like_a_reader_expects(text_in, tokens_out):
    assert tokenize_text(text_in) == tokens_out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aZ9_ .,'-:()\n\u2019é", max_size=40))
def test_query_splitting_without_polars_agrees_with_the_table_tokenizer(text):
    # tokenize_text takes Python's re for ASCII text (a dashboard kernel then never imports
    # polars); it must split exactly as the polars pattern that tokenize() uses.
    import polars as pl

    from kit.read.words import TOKEN_PATTERN
    from kit.terms.tokens import _split

    expected = pl.Series([text]).str.extract_all(TOKEN_PATTERN).explode().drop_nulls()
    assert list(_split(text)) == expected.to_list()


def test_japanese_tokens_slice_the_text_and_are_its_n_words():
    text = "ただいまから予算委員会を開会いたします。「はい。」と言った。"
    corpus = kit.from_pandas(pd.DataFrame({"speaker": ["委員長"], "text": [text]}))
    tokens, at = corpus.tokens, corpus.turns["text_start_char"].iloc[0]
    assert [text[a - at:b - at] for a, b in zip(tokens[s.START_CHAR], tokens[s.END_CHAR],
                                                 strict=True)] == tokens[s.TOKEN].tolist()
    assert len(tokens) == 19 + 6
    assert corpus.turns[s.N_WORDS].sum() == corpus.phrases[s.N_WORDS].sum() == len(tokens)
    assert len(corpus.phrases) == 2


def test_curly_and_straight_apostrophes_give_one_term():
    tokens = tokenize(phrases_of("Russia’s troops.", "Russia's troops.", "RUSSIA'S troops."))
    assert tokens[s.TERM].astype(str).tolist() == ["russia's", "troops"] * 3
    assert tokens[s.TOKEN].astype(str).tolist()[::2] == ["Russia’s", "Russia's", "RUSSIA'S"]


def test_stage_directions_are_not_tokens_by_default():
    tokens = tokenize(phrases_of("Thank you. (Laughter.)", "Yes [applause] and (inaudible) no.",
                                 "He said (Smiles.) fine."))
    assert tokens[s.TERM].astype(str).tolist() == ["thank", "you", "yes", "and", "no", "he",
                                                   "said", "fine"]


def test_stage_directions_table_drops_exactly_its_spans(make_corpus):
    corpus, texts = make_corpus({"d1": [("Price", "Good (Applause.) morning (crosstalk) all.")]})
    assert len(corpus.stage_directions) == 2
    # A hand-made table that lists only the first direction: (crosstalk) is then speech.
    only_first = corpus.stage_directions.iloc[:1]
    tokens = tokenize(corpus.phrases, stage_directions=only_first)
    assert tokens[s.TERM].astype(str).tolist() == ["good", "morning", "crosstalk", "all"]
    full = tokenize(corpus.phrases, stage_directions=corpus.stage_directions)
    assert full[s.TERM].astype(str).tolist() == ["good", "morning", "all"]


def test_offsets_slice_the_document_text(make_corpus):
    corpus, texts = make_corpus({
        "d1": [("Price", "Russia’s U.S. policy, 2.5 per cent (Laughter.) – well-being!"),
               ("Question", "And you don’t?  Really.")],
        "d2": [("Blinken", "At 2:30 p.m. we met.")],
    })
    tokens = tokenize(corpus.phrases)
    for doc, a, b, tok in zip(tokens[s.DOC_ID], tokens[s.START_CHAR], tokens[s.END_CHAR],
                              tokens[s.TOKEN], strict=True):
        assert texts[doc][a:b] == tok
    assert len(tokens) == 7 + 4 + 6


def test_keys_position_and_token_id(make_corpus):
    corpus, _ = make_corpus({
        "d1": [("Price", "One two. Three (Laughter.) four."), ("Question", "Five six.")],
        "d2": [("Price", "Seven eight nine.")],
    })
    tokens = tokenize(corpus.phrases)
    assert list(tokens.columns) == TOKEN_COLUMNS
    assert tokens[s.TOKEN_ID].tolist() == [0, 1, 0, 1, 0, 1, 0, 1, 2]
    assert tokens[s.POSITION].tolist() == [0, 1, 2, 3, 4, 5, 0, 1, 2]
    assert tokens[s.PHRASE_ID].tolist() == [0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert tokens[s.TURN_ID].tolist() == [0, 0, 0, 0, 1, 1, 0, 0, 0]
    assert tokens[s.SPEAKER].astype(str).tolist() == ["Price"] * 4 + ["Question"] * 2 + \
        ["Price"] * 3
    assert tokens.index.equals(pd.RangeIndex(9))


def test_dtypes_are_small():
    tokens = tokenize(phrases_of("The war is over.", "The war."))
    for column in (s.DOC_ID, s.SPEAKER, s.TERM, s.TOKEN):
        assert isinstance(tokens[column].dtype, pd.CategoricalDtype), column
    for column in (s.TURN_ID, s.PHRASE_ID, s.TOKEN_ID, s.POSITION):
        assert tokens[column].dtype == np.int32, column
    assert tokens[s.IS_STOPWORD].dtype == bool
    assert list(tokens[s.TERM].cat.categories) == ["is", "over", "the", "war"]


def test_stopwords_flag_default_and_custom():
    phrases = phrases_of("The war is over, thank you.")
    default = tokenize(phrases)
    assert default.loc[default[s.IS_STOPWORD], s.TERM].astype(str).tolist() == ["the", "is",
                                                                                 "over", "you"]
    custom = tokenize(phrases, stopwords=["war", "Thank"])
    assert custom.loc[custom[s.IS_STOPWORD], s.TERM].astype(str).tolist() == ["war", "thank"]


def test_other_phrase_columns_are_carried_and_input_is_not_modified():
    phrases = phrases_of("One two.", "Three.")
    phrases["source_note"] = ["a", "b"]
    before = phrases.copy(deep=True)
    tokens = tokenize(phrases)
    pd.testing.assert_frame_equal(phrases, before)
    assert tokens["source_note"].tolist() == ["a", "a", "b"]
    assert s.TEXT not in tokens.columns and s.N_WORDS not in tokens.columns


def test_empty_and_blank_phrases():
    empty = tokenize(phrases_of("x").iloc[:0])
    assert len(empty) == 0 and list(empty.columns) == TOKEN_COLUMNS
    blank = tokenize(phrases_of("", "...", "Yes."))
    assert blank[s.TERM].astype(str).tolist() == ["yes"]
    assert blank[s.POSITION].tolist() == [0]


def test_missing_columns_and_wrong_input_give_clear_errors(make_corpus):
    with pytest.raises(KitError, match=r"needs the phrase columns \['phrase_id'\]"):
        tokenize(phrases_of("x").drop(columns=[s.PHRASE_ID]))
    with pytest.raises(KitError, match="for a Corpus use corpus.tokens"):
        tokenize(make_corpus({"d": [("A", "x")]})[0])


def test_phrases_of_a_document_need_not_be_contiguous():
    a = phrases_of("One two.", "Three four.", doc_id="d1")
    b = phrases_of("Five.", doc_id="d2")
    mixed = pd.concat([a.iloc[:1], b, a.iloc[1:]], ignore_index=True)
    tokens = tokenize(mixed)
    assert tokens[s.POSITION].tolist() == [0, 1, 0, 2, 3]


# Tokens with their expected term, and separators that never join two tokens.
_WORDS = {
    "NATO": "nato", "Russia’s": "russia's", "don't": "don't", "well-being": "well-being",
    "U.S.": "u.s.", "p.m.": "p.m.", "2.5": "2.5", "1,000": "1,000", "war": "war", "The": "the",
    "COVID-19": "covid-19", "Allies": "allies", "x": "x", "é": "é",
}
_SEPARATORS = [" ", ", ", " – ", "  ", "; ", " (Laughter.) ", " [applause] ", " “", "” ", "\n"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(_WORDS)), st.sampled_from(_SEPARATORS)),
                max_size=25),
       st.sampled_from(["", "(Applause.) ", "“"]))
def test_generated_text_tokenizes_to_the_words_it_was_built_from(words, lead):
    text = lead + "".join(w + sep for w, sep in words)
    tokens = tokenize(phrases_of(text))
    assert tokens[s.TOKEN].astype(str).tolist() == [w for w, _ in words]
    assert tokens[s.TERM].astype(str).tolist() == [_WORDS[w] for w, _ in words]
    assert all(text[a:b] == t for a, b, t in zip(tokens[s.START_CHAR], tokens[s.END_CHAR],
                                                tokens[s.TOKEN], strict=True))


@pytest.mark.corpus
def test_real_corpus_tokens_slice_turn_text_and_skip_stage_directions(real_corpus):
    tokens = real_corpus.tokens
    assert len(tokens) > 100_000
    turns = real_corpus.turns.set_index([s.DOC_ID, s.TURN_ID])
    sample = tokens.sample(5000, random_state=0)
    base = turns.loc[list(zip(sample[s.DOC_ID].astype(str), sample[s.TURN_ID], strict=True))]
    for text, t0, a, b, tok in zip(base[s.TEXT], base["text_start_char"], sample[s.START_CHAR],
                                   sample[s.END_CHAR], sample[s.TOKEN], strict=True):
        assert text[a - t0:b - t0] == tok
    stage = real_corpus.stage_directions
    assert len(stage) > 0
    by_table = tokenize(real_corpus.phrases, stage_directions=stage)
    assert len(by_table) == len(tokens)  # the fallback pattern is the reader's own
    merged = by_table.merge(stage, on=s.DOC_ID, suffixes=("", "_sd"))
    inside = (merged[s.START_CHAR] >= merged["start_char_sd"]) & \
        (merged[s.START_CHAR] < merged["end_char_sd"])
    assert not inside.any()


def _tokens_per_turn(corpus) -> np.ndarray:
    tokens = corpus.tokens
    key = pd.MultiIndex.from_arrays([tokens[s.DOC_ID].astype(str), tokens[s.TURN_ID]])
    per_turn = pd.Series(1, index=key).groupby(level=[0, 1]).sum()
    turns = pd.MultiIndex.from_arrays([corpus.turns[s.DOC_ID].astype(str),
                                       corpus.turns[s.TURN_ID]])
    return per_turn.reindex(turns, fill_value=0).to_numpy()


def test_n_words_is_the_token_count_of_every_turn_of_the_bundled_corpus():
    # One rule for a word: rates per 1,000 words divide by the same total from either table.
    import kit

    corpus = kit.datasets.state_of_the_union()
    assert corpus.turns[s.N_WORDS].sum() == len(corpus.tokens)
    assert (corpus.turns[s.N_WORDS].to_numpy() == _tokens_per_turn(corpus)).all()
    assert corpus.documents[s.N_WORDS].sum() == len(corpus.tokens)


def test_n_words_counts_tokens_where_the_old_rule_joined_words_over_a_full_stop(tmp_path):
    import kit

    path = tmp_path / "t.txt"
    # "end.Next" is two tokens; "U.S." one; "(Laughter.)" none; "1,000" one.
    path.write_text("MR. SMITH: The end.Next year the U.S. pays 1,000. (Laughter.)\n")
    corpus = kit.read_transcript(path)
    assert corpus.turns[s.N_WORDS].tolist() == [8]
    assert len(corpus.tokens) == 8
