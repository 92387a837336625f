"""kwic(), dispersion() and TermIndex: contexts, options, and hits that equal the counts."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import schema as s
from kit.errors import KitError
from kit.terms.count import count_terms, term_usage
from kit.terms.kwic import KWIC_COLUMNS, TermIndex, dispersion, kwic


@pytest.fixture(scope="module")
def built(two_briefings):
    return two_briefings


@pytest.fixture(scope="module")
def corpus(built):
    return built[0]


def test_kwic_context_keys_and_offsets_by_hand(built):
    corpus, texts = built
    hits = kwic(corpus, "sanctions", window=10)
    assert list(hits.columns) == KWIC_COLUMNS
    assert hits[["left", "hit", "right"]].values.tolist() == [
        ["", "Sanctions", " work. San"],
        ["ons work. ", "Sanctions", " and more "],
        [" and more ", "sanctions", "!"],
    ]
    # "PRICE:  " is 8 characters: the turn's speech starts at offset 8.
    assert hits[s.START_CHAR].tolist() == [8, 24, 43]
    assert hits[s.END_CHAR].tolist() == [17, 33, 52]
    assert [texts["d1"][a:b] for a, b in zip(hits[s.START_CHAR], hits[s.END_CHAR],
                                             strict=True)] == ["Sanctions", "Sanctions",
                                                               "sanctions"]
    assert hits[s.PHRASE_ID].tolist() == [0, 1, 1]
    assert hits[s.POSITION].tolist() == [0, 2, 5]
    assert hits[s.SPEAKER].astype(str).unique().tolist() == ["Price"]
    assert hits[s.DATE].unique().tolist() == [pd.Timestamp("2022-03-04")]
    assert hits["query"].unique().tolist() == ["sanctions"]


def test_phrases_speakers_and_several_queries(corpus):
    plant = kwic(corpus, "Nuclear Power Plant", window=5)
    assert plant[["doc_id", "speaker", "left", "hit", "right"]].astype(str).values.tolist() == [
        ["d2", "Price", "ine. ", "Nuclear power plant", " safe"]]
    assert len(kwic(corpus, "nuclear")) == 2
    assert kwic(corpus, "nuclear", speakers=["Blinken"])[s.TURN_ID].tolist() == [1]
    assert kwic(corpus, "nuclear", speakers="Price")[s.TURN_ID].tolist() == [0]
    both = kwic(corpus, ["tree", "war"])
    assert both[["query", "doc_id"]].astype(str).values.tolist() == [
        ["tree", "d2"], ["war", "d1"], ["war", "d2"]]


def test_stage_directions_are_never_hits(corpus):
    assert len(kwic(corpus, "laughter")) == 0
    assert len(kwic(corpus, "laughter", whole_word=False)) == 0
    assert term_usage(corpus, ["laughter"], by=None)["n"].tolist() == [0]
    # The direction sits between "war" and "is": as speech they follow one another.
    assert len(kwic(corpus, "war is")) == 1


def test_regex_substring_and_case_options(corpus):
    assert kwic(corpus, r"sanction\w*", regex=True)["hit"].tolist() == [
        "Sanctions", "Sanctions", "sanctions"]
    assert kwic(corpus, r"sanction", regex=True).empty  # whole token by default
    assert len(kwic(corpus, r"sanction", regex=True, whole_word=False)) == 3
    assert kwic(corpus, r"nuclear (power|energy)", regex=True)["hit"].tolist() == [
        "Nuclear power", "Nuclear power"]
    assert kwic(corpus, "anctio", whole_word=False)["hit"].tolist() == [
        "Sanctions", "Sanctions", "sanctions"]
    assert kwic(corpus, "Sanctions", case=True)[s.POSITION].tolist() == [0, 2]
    assert kwic(corpus, "sanctions", case=True)[s.POSITION].tolist() == [5]
    assert kwic(corpus, r"S\w+", regex=True, case=True)["hit"].tolist() == [
        "Sanctions", "Sanctions"]


def test_case_sensitive_search_with_both_apostrophes_in_the_vocabulary(make_corpus):
    # Curly and straight spellings are one plain token twice in the case-sensitive
    # vocabulary; a whole-word search finds both (it used to fail on the duplicate).
    both, _ = make_corpus({"d1": [("A", "America’s role. America's place. america's")]})
    assert kwic(both, "America's", case=True)["hit"].tolist() == ["America’s", "America's"]
    assert kwic(both, "America’s", case=True)["hit"].tolist() == ["America’s", "America's"]


def test_errors_name_the_fix(corpus):
    with pytest.raises(KitError, match="No speaker 'Putin'"):
        kwic(corpus, "war", speakers=["Putin"])
    with pytest.raises(KitError, match="not a valid regular expression"):
        kwic(corpus, "war(", regex=True)
    with pytest.raises(KitError, match="holds no word"):
        kwic(corpus, "...")
    with pytest.raises(KitError, match="needs a kit Corpus"):
        TermIndex(corpus.tokens)


def test_dispersion_by_hand(corpus):
    where = dispersion(corpus, "war")
    # d1 has 10 tokens, "war" is token 7 (after Price's six and "the"), in turn 1;
    # d2 has 13 tokens, "war" is token 1 (Price's turn 0).
    assert where[["doc_id", "turn_index", "position", "n_tokens"]].astype(
        str).values.tolist() == [["d1", "1", "7", "10"], ["d2", "0", "1", "13"]]
    assert where["relative_position"].tolist() == [0.7, pytest.approx(1 / 13)]
    assert where[s.SPEAKER].astype(str).tolist() == ["Question", "Price"]


def test_term_index_hits_filters_pages_and_usage(corpus):
    index = TermIndex(corpus)
    first, last = index.hits("nuclear", speakers=["Price", "Blinken"])
    assert len(first) == 2 and (last == first).all()
    assert [str(index.doc_labels[c]) for c in index.doc_codes[first]] == ["d2", "d2"]
    assert index.kwic("nuclear", speakers=["Price", "Blinken"], limit=1)["hit"].tolist() == \
        ["Nuclear"]
    only_blinken = index.kwic("nuclear", speakers=["Blinken"])
    assert only_blinken[s.SPEAKER].astype(str).tolist() == ["Blinken"]
    assert index.kwic("nuclear", doc_ids=["d1"]).empty
    assert len(index.kwic("nuclear", doc_ids=["d2"])) == 2
    # Per speaker, zero rows included; Price has 14 words, Question 4, Blinken 5.
    usage = index.term_usage("nuclear").astype({s.SPEAKER: str})
    assert usage[[s.SPEAKER, "n", s.N_WORDS]].values.tolist() == [
        ["Price", 1, 14], ["Question", 0, 4], ["Blinken", 1, 5]]
    assert index.term_usage("nuclear", speakers=["Blinken"])["n"].tolist() == [1]
    assert index.kwic("nuclear", limit=0).empty
    assert len(index.hits("zebra")[0]) == 0 and index.kwic("zebra").empty
    pd.testing.assert_frame_equal(index.kwic("war"), kwic(corpus, "war"))
    counts = count_terms(corpus.tokens, by=None, drop_stopwords=False)
    expected = counts.sort_values("n", ascending=False, kind="stable")[s.TERM].astype(str)
    assert index.top_terms(4) == expected.head(4).tolist()


def test_index_top_terms_and_content_words_leave_out_stop_words(corpus):
    index = TermIndex(corpus)
    tokens = corpus.tokens
    counts = count_terms(tokens, by=None)  # stop words dropped, as by default
    expected = counts.sort_values("n", ascending=False, kind="stable")[s.TERM].astype(str)
    assert index.top_terms(3, drop_stopwords=True) == expected.head(3).tolist()
    price = (tokens[s.SPEAKER] == "Price").to_numpy()
    only_price = count_terms(tokens[price], by=None).sort_values("n", ascending=False,
                                                                 kind="stable")
    assert index.top_terms(2, keep=price, drop_stopwords=True) == \
        only_price[s.TERM].astype(str).head(2).tolist()
    # Per document (rows) and speaker (columns), as words: d1 Price has "sanctions work
    # sanctions sanctions" (4 of 6 words), Question "war" (1 of 4).
    docs, speakers = list(index.doc_labels.astype(str)), list(index.speakers.astype(str))
    words = pd.DataFrame(index.words, index=docs, columns=speakers)
    content = pd.DataFrame(index.content_words, index=docs, columns=speakers)
    assert words.loc["d1"].to_dict() == {"Price": 6, "Question": 4, "Blinken": 0}
    assert content.loc["d1"].to_dict() == {"Price": 4, "Question": 1, "Blinken": 0}
    by_hand = tokens[~tokens[s.IS_STOPWORD]].groupby([s.DOC_ID, s.SPEAKER], observed=False)
    assert content.stack().to_dict() == {
        (str(d), str(sp)): n for (d, sp), n in by_hand.size().items()}


_VOCAB = ["war", "peace", "the", "NATO", "Russia’s", "russia's", "Russia", "U.S.", "2.5",
          "talks", "nuclear", "power", "it's", "it"]
_FILLER = [".", "(Laughter.)", "[applause]"]
_SPEAKERS = ["A", "B", "C"]
turn = st.tuples(st.sampled_from(_SPEAKERS),
                 st.lists(st.sampled_from(_VOCAB + _FILLER), min_size=1, max_size=15))
docs_strategy = st.lists(st.lists(turn, min_size=1, max_size=4), min_size=1, max_size=3)
query_strategy = st.one_of(
    st.sampled_from(_VOCAB),
    st.tuples(st.sampled_from(_VOCAB), st.sampled_from(_VOCAB)).map(" ".join),
)


def expected_hits(words: list[str], query: str, keep: bool) -> int:
    """Count a query in generated words by hand: stage directions are not speech, and a
    phrase ends after "." and after "U.S." (the fixture's sentence splitter); a word
    without 's also finds its possessive, but "it" never finds the contraction "it's"."""
    if not keep:
        return 0
    wanted = [w.replace("’", "'").lower() for w in query.split()]
    phrases, current = [], []
    for word in words:
        if word in ("(Laughter.)", "[applause]"):
            continue
        if word != ".":
            current.append(word.replace("’", "'").lower())
        if word in (".", "U.S."):
            phrases.append(current)
            current = []
    phrases.append(current)
    k = len(wanted)

    def same(token: str, word: str) -> bool:
        return token == word or (token == word + "'s" and word != "it")

    return sum(all(same(t, w) for t, w in zip(p[i:i + k], wanted, strict=True))
               for p in phrases for i in range(len(p) - k + 1))


@settings(max_examples=60, deadline=None)
@given(docs_strategy, query_strategy, st.sets(st.sampled_from(_SPEAKERS), min_size=1))
def test_kwic_hits_equal_term_counts_and_a_count_by_hand(make_corpus, docs, query, keep):
    corpus = make_corpus({f"d{i}": [(sp, " ".join(ws) + ".") for sp, ws in turns]
                          for i, turns in enumerate(docs)})[0]
    speakers = sorted(keep & {sp for turns in docs for sp, _ in turns}) or None
    hits = kwic(corpus, query, speakers=speakers)
    usage = term_usage(corpus, [query], by=s.SPEAKER)
    if speakers is not None:
        usage = usage[usage[s.SPEAKER].isin(speakers)]
    assert len(hits) == usage["n"].sum()
    by_hand = sum(expected_hits(ws, query, speakers is None or sp in speakers)
                  for turns in docs for sp, ws in turns)
    assert len(hits) == by_hand
    # The index agrees too: its hits, a page of them, and its usage per speaker.
    index = TermIndex(corpus)
    assert len(index.hits(query, speakers=speakers)[0]) == len(hits)
    pd.testing.assert_frame_equal(index.kwic(query, speakers=speakers, limit=5), hits.head(5))
    by_speaker = index.term_usage(query, speakers=speakers).astype({s.SPEAKER: str})
    assert by_speaker.set_index(s.SPEAKER)["n"].to_dict() == usage.astype(
        {s.SPEAKER: str}).set_index(s.SPEAKER)["n"].to_dict()
    # And a single word equals the plain term table's count.
    if " " not in query:
        word = query.replace("’", "'").lower()
        # Counts put a possessive with its word; a search for the possessive finds it alone.
        counts = count_terms(corpus.tokens, by=s.SPEAKER, drop_stopwords=False,
                             fold_possessives=not word.endswith("'s"))
        counts = counts[counts[s.TERM] == word]
        if speakers is not None:
            counts = counts[counts[s.SPEAKER].isin(speakers)]
        assert len(hits) == counts["n"].sum()


@settings(max_examples=60, deadline=None)
@given(docs_strategy, st.lists(query_strategy, min_size=1, max_size=3),
       st.sets(st.sampled_from(_SPEAKERS)), st.sets(st.integers(0, 2)), st.booleans())
def test_index_term_usage_equals_term_usage_of_the_filtered_tokens(make_corpus, docs, queries,
                                                                    keep, keep_docs,
                                                                    by_document):
    names = [f"d{i}" for i in range(len(docs))]
    corpus = make_corpus({name: [(sp, " ".join(ws) + ".") for sp, ws in turns]
                          for name, turns in zip(names, docs, strict=True)})[0]
    tokens = corpus.tokens
    present = set(tokens[s.SPEAKER].astype(str))
    speakers = sorted(keep & present) or None
    doc_ids = [n for i, n in enumerate(names) if i in keep_docs] or None
    subset = tokens
    if speakers is not None:
        subset = subset[subset[s.SPEAKER].isin(speakers)]
    if doc_ids is not None:
        subset = subset[subset[s.DOC_ID].isin(doc_ids)]
    index = TermIndex(corpus)
    if by_document:
        # Documents grouped in two: as the explorer groups them by the period of their date.
        groups = pd.Series(pd.Categorical([n[-1] in "02" for n in names]), index=names,
                           name="group")
        got = index.term_usage(queries, by=groups, speakers=speakers, doc_ids=doc_ids)
        expected = term_usage(subset.assign(group=pd.Categorical(
            subset[s.DOC_ID].astype(str).map(groups.to_dict()).astype(bool),
            categories=groups.cat.categories)), queries, by="group")
    else:
        got = index.term_usage(queries, speakers=speakers, doc_ids=doc_ids)
        expected = term_usage(subset, queries)
    pd.testing.assert_frame_equal(got, expected)


def test_index_term_usage_names_its_groupings(corpus):
    with pytest.raises(KitError, match="by 'speaker' or by a Series"):
        TermIndex(corpus).term_usage(["nato"], by="doc_id")


def _independent_count(corpus, word: str) -> int:
    """Count a word in the turn text with a plain regex, outside stage directions."""
    # The word, or the word and a possessive 's (folded into it by default).
    pattern = re.compile(rf"(?<![\w'’])(?<!\w-){re.escape(word)}(?:['’]s)?(?!\w|[-'’.,]\w)",
                         re.IGNORECASE)
    stage = corpus.stage_directions
    spans = {}
    for doc, a, b in zip(stage[s.DOC_ID], stage[s.START_CHAR], stage[s.END_CHAR], strict=True):
        spans.setdefault(doc, []).append((a, b))
    total = 0
    for doc, text, base in zip(corpus.turns[s.DOC_ID], corpus.turns[s.TEXT],
                               corpus.turns["text_start_char"], strict=True):
        for m in pattern.finditer(text):
            at = base + m.start()
            if not any(a <= at < b for a, b in spans.get(doc, ())):
                total += 1
    return total


@pytest.mark.corpus
def test_real_corpus_kwic_equals_counts_and_a_plain_text_search(real_corpus):
    index = TermIndex(real_corpus)
    for word in ["Ukraine", "sanctions", "Russia", "Taliban", "thank you", "Secretary"]:
        hits = index.kwic(word)
        assert len(hits) > 0, word
        assert len(hits) == term_usage(real_corpus, [word], by=None)["n"].sum(), word
        assert len(hits) == len(kwic(real_corpus, word)), word
        normalised = hits["hit"].str.replace("’", "'").str.lower().str.split().str.join(" ")
        assert (normalised.str.removesuffix("'s") == word.lower()).all(), word
        if " " not in word:
            assert len(hits) == _independent_count(real_corpus, word), word
    speaker = real_corpus.tokens[s.SPEAKER].value_counts().index[0]
    first, _ = index.hits("Ukraine", speakers=[speaker])
    assert len(first) == len(index.kwic("Ukraine", speakers=[speaker])) > 0


def test_context_falls_back_on_start_char_where_text_start_char_is_missing(built):
    corpus, _ = built
    expected = kwic(corpus, "sanctions", window=10)
    turns = corpus.turns.copy()
    turns["text_start_char"] = np.nan  # as from_pandas leaves it
    without = type(corpus)(corpus.documents, turns, corpus.phrases, corpus.stage_directions)
    pd.testing.assert_frame_equal(kwic(without, "sanctions", window=10), expected)
    dropped = type(corpus)(corpus.documents, turns.drop(columns="text_start_char"),
                           corpus.phrases, corpus.stage_directions)
    pd.testing.assert_frame_equal(kwic(dropped, "sanctions", window=10), expected)
