"""The keyword index of a dataset: its counts and pages of hits equal the in-memory ones."""

from __future__ import annotations

import pandas as pd
import pytest

import kit
from kit import schema as s
from kit.read.dataset import read_dataset
from kit.terms.postings import KeywordIndex


@pytest.fixture(scope="module")
def indexed(write_two_batch_dataset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("postings") / "ds"
    write_two_batch_dataset(folder)
    return read_dataset(folder, tokens=True), KeywordIndex(folder, memory_limit="256MB")


def values(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        **{
            c: frame[c].astype(object)
            for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype)
        }
    )


@pytest.mark.parametrize("word", ["ukraine", "Russia’s", "ceasefire"])
def test_counts_by_speaker_and_year_equal_term_usage(indexed, word):
    corpus, index = indexed
    usage = kit.term_usage(corpus, word, by="speaker")
    usage = usage[usage["n"] > 0]
    got = index.counts(word).set_index(s.SPEAKER)["n"]
    assert got.to_dict() == dict(zip(usage[s.SPEAKER].astype(str), usage["n"], strict=True))
    by_year = kit.term_usage(corpus, word, by=None, freq="Y")
    by_year = by_year[by_year["n"] > 0]
    got = index.counts(word, freq="Y")
    assert list(got["n"]) == list(by_year["n"])
    assert list(got[s.DATE]) == list(by_year[s.DATE])


@pytest.mark.parametrize(
    "query, speakers",
    [("ukraine", None), ("nuclear power", None), ("sanctions", ["Ned Price", "Jen Psaki"])],
)
def test_a_page_of_hits_equals_kwic_on_those_turns(indexed, query, speakers):
    corpus, index = indexed
    everything = kit.kwic(corpus, query, speakers=speakers)
    for page in (0, 1):
        got = index.kwic_page(query, speakers=speakers, page=page, turns_per_page=5)
        # the turns that hold the first word, five per page in corpus order; those with a
        # hit of the whole query give its rows
        first = kit.kwic(corpus, query.split()[0], speakers=speakers)
        page_turns = first[[s.DOC_ID, s.TURN_ID]].astype(object).drop_duplicates()
        assert len(page_turns) > 5  # two pages of turns
        page_turns = page_turns.iloc[page * 5 : (page + 1) * 5]
        keys = pd.MultiIndex.from_frame(everything[[s.DOC_ID, s.TURN_ID]].astype(object))
        expected = everything[keys.isin(pd.MultiIndex.from_frame(page_turns))]
        pd.testing.assert_frame_equal(values(got), values(expected.reset_index(drop=True)))


def test_the_index_is_small_beside_the_dataset(indexed):
    _, index = indexed
    tokens = sum(p.stat().st_size for p in (index.folder / "tokens").glob("*.parquet"))
    assert index.size_bytes() < tokens


def test_a_document_read_again_is_indexed_again(tmp_path):
    from kit.read.dataset import append_dataset, write_dataset
    from kit.terms.search import DatasetSearch

    src = tmp_path / "src"
    src.mkdir()
    for name, who in (("a.txt", "MR. PRICE"), ("b.txt", "MS. PSAKI")):
        (src / name).write_text(f"Briefing\nMarch 4, 2022\n\n{who}: NATO allies met today.\n\n"
                                f"QUESTION: And the sanctions?\n\n{who}: The sanctions hold.\n",
                                encoding="utf-8")
    folder = write_dataset(kit.read_transcripts(src), tmp_path / "ds", tokens=True)
    KeywordIndex(folder)  # indexed as first written
    # a.txt read again with a turn more: its rows leave the first batch, whose files are
    # rewritten (the turns of b.txt move up), and come back in a second batch.
    with (src / "a.txt").open("a", encoding="utf-8") as f:
        f.write("\nQUESTION: Zanzibar? Zanzibar.\n")
    append_dataset(kit.read_transcripts(src, only=[src / "a.txt"]), folder, tokens=True)
    memory = read_dataset(folder, tokens=True)
    assert len(memory.documents) == 2
    index = KeywordIndex(folder)
    for word in ("zanzibar", "nato", "sanctions", "the"):
        usage = kit.term_usage(memory, word, by="speaker")
        usage = usage[usage["n"] > 0]
        got = index.counts(word).set_index(s.SPEAKER)["n"]
        assert got.to_dict() == dict(zip(usage[s.SPEAKER].astype(str), usage["n"],
                                         strict=True)), word
    expected = kit.keyness(memory.tokens, by=s.SPEAKER, min_count=1)
    got = DatasetSearch(folder).keyness(min_count=1)
    pd.testing.assert_frame_equal(values(got), values(expected))
    # Written again from scratch, a.txt alone: its batch has the first batch's name again.
    write_dataset(kit.read_transcripts(src, only=[src / "a.txt"]), folder, tokens=True)
    assert KeywordIndex(folder).counts("nato").set_index(s.SPEAKER)["n"].to_dict() == {
        "Mr. Price": 1}
