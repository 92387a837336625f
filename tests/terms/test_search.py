"""DatasetSearch over a dataset on disk counts as the in-memory index does: term usage of words,
phrases and dictionary categories, and keyness of a subset of speakers and documents."""

from __future__ import annotations

import pandas as pd
import pytest

from kit import schema as s
from kit.errors import KitError
from kit.read.dataset import read_dataset, write_dataset
from kit.terms.index import TermIndex
from kit.terms.keyness import keyness
from kit.terms.periods import DocumentPeriods
from kit.terms.search import DatasetSearch

#: Entries that overlap: "nuclear" and the phrase starting with it count a token once.
CATEGORIES = {
    "war": ["war", "war of choice", "nuclear", "nuclear power plant", "troop*"],
    "allies": ["nato", "ally*", "europe"],
    "absent": ["zzzz"],
}


@pytest.fixture(scope="module")
def both(tiny_corpus, tmp_path_factory):
    folder = write_dataset(tiny_corpus, tmp_path_factory.mktemp("search") / "ds", tokens=True)
    return read_dataset(folder, tokens=True), DatasetSearch(folder)


def values(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        **{
            c: frame[c].astype(object)
            for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype)
        }
    )


@pytest.mark.parametrize("terms", [["nato", "nuclear power", "ukrain*"], CATEGORIES])
@pytest.mark.parametrize(
    ("speakers", "doc_ids"),
    [(None, None), (["Price", "Questioner"], None), (None, ["doc-a", "doc-c"])],
)
def test_term_usage_from_disk_as_in_memory(both, terms, speakers, doc_ids):
    memory, disk = both
    index = TermIndex(memory)
    periods = DocumentPeriods(memory).groups("Y")
    for by in (s.SPEAKER, periods):
        expected = index.term_usage(terms, by=by, speakers=speakers, doc_ids=doc_ids)
        got = disk.term_usage(terms, by=by, speakers=speakers, doc_ids=doc_ids)
        pd.testing.assert_frame_equal(values(got), values(expected))
    if isinstance(terms, dict):  # the overlapping entries really overlap
        war = index.term_usage(terms, speakers=["Price"]).set_index("term").loc["war", "n"]
        assert war == 4  # war, war (of choice), troops, nuclear (power plant): each token once


@pytest.mark.parametrize("doc_ids", [["doc-a", "doc-b"], None])
def test_keyness_of_some_speakers_and_documents(both, doc_ids):
    memory, disk = both
    tokens = memory.tokens
    # Two choices of speakers in turn: over all documents the second reads the (speaker,
    # term) sums the first made.
    for speakers in (["Price", "Questioner", "Psaki"], ["Price", "Psaki"]):
        keep = tokens[s.SPEAKER].isin(speakers)
        if doc_ids is not None:
            keep &= tokens[s.DOC_ID].isin(doc_ids)
        expected = keyness(tokens[keep], by=s.SPEAKER, min_count=1)
        got = disk.keyness(speakers=speakers, doc_ids=doc_ids, min_count=1)
        assert len(expected)
        pd.testing.assert_frame_equal(values(got), values(expected))


def test_term_usage_groups_by_speaker_or_a_series_only(both):
    _, disk = both
    with pytest.raises(KitError, match="groups by 'speaker' or by a Series"):
        disk.term_usage("nato", by="doc_id")
