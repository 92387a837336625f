"""The explorer over a dataset on disk (DatasetSearch) shows what it shows over the same corpus
in memory: the same hits, pages, counts, charts and summary for the same queries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kit
from kit import schema as s
from kit.apps.corpus_choice import CORPUS_ENV, dashboard_source
from kit.apps.explorer import Explorer
from kit.apps.link import parse_query_string
from kit.read.dataset import read_dataset, write_dataset
from kit.terms.search import DatasetSearch


@pytest.fixture(scope="module")
def both(write_two_batch_dataset, tmp_path_factory):
    """(in-memory explorer, dataset explorer) of two batches of the shared corpus."""
    folder = tmp_path_factory.mktemp("explorer") / "ds"
    write_two_batch_dataset(folder)
    memory = Explorer(read_dataset(folder, tokens=True), upload=False)
    disk = Explorer(DatasetSearch(folder, memory_limit="256MB"), upload=False)
    return memory, disk


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values only: categoricals as objects (a loaded part has fewer categories)."""
    return frame.assign(
        **{
            c: frame[c].astype(object)
            for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype)
        }
    ).reset_index(drop=True)


def speakers_of(app: Explorer, k: int) -> str:
    names = app.corpus.turns[s.SPEAKER].value_counts().index[:k]
    return "&".join(f"speaker={n}" for n in names)


QUERIES = [
    "q=ukraine",
    "q=the",  # a stop word: many hits, the dispersion shows the 25 documents with most
    "q=russia*",
    "q=united+states",  # a phrase: its candidate turns are searched in memory
    "q=Russia&case=1",
    "q=ukrain&whole=0",
    "q=sanction.*&regex=1",
    "q=ukraine,ceasefire",
    "q=ukraine&order=left1",
    "q=ukraine&order=date&page=2",
    "q=ukraine&from=2023-01-01&to=2023-12-31",
    "",  # no keyword: turns, and the most used words charted
    "from=2023-03-01",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_same_view_from_disk_as_in_memory(both, query):
    memory, disk = both
    for app in (memory, disk):
        app.set_state(parse_query_string(query))
        assert not app.messages
    for extra in ("", "&" + speakers_of(memory, 3)):
        if extra:
            for app in (memory, disk):
                app.apply_query_string(query + extra)
        a, b = memory.view, disk.view
        assert (b.n_rows, b.n_documents, b.n_speakers) == (a.n_rows, a.n_documents, a.n_speakers)
        assert memory.summary.value == disk.summary.value
        pd.testing.assert_frame_equal(
            plain(disk.page_rows()), plain(memory.page_rows()), check_dtype=False
        )
        assert memory.table.value == disk.table.value
        assert memory.page_label.value == disk.page_label.value
        for name in ("usage_by_speaker", "usage_over_time"):
            pd.testing.assert_frame_equal(plain(getattr(b, name)), plain(getattr(a, name)))
        assert a.charted_terms == b.charted_terms
        figures_a, figures_b = memory._figure_specs(a), disk._figure_specs(b)
        for key in ("speakers", "time", "dispersion"):
            assert _jsonable(figures_b[key]) == _jsonable(figures_a[key]), key


def test_a_download_has_every_hit(both):
    memory, disk = both
    for app in (memory, disk):
        app.apply_query_string("q=ukraine")
    pd.testing.assert_frame_equal(
        plain(disk.view.csv_frame(disk.corpus.documents)),
        plain(memory.view.csv_frame(memory.corpus.documents)),
    )


def test_only_the_small_tables_are_in_memory(both):
    _, disk = both
    assert s.TEXT not in disk.corpus.turns.columns
    assert len(disk.corpus.tokens) == 0 and len(disk.corpus.phrases) == 0


def test_a_dashboard_opens_a_dataset_for_search(tiny_corpus, tmp_path, monkeypatch):
    folder = write_dataset(tiny_corpus, tmp_path / "ds", tokens=True)
    monkeypatch.setenv(CORPUS_ENV, str(folder))
    source = dashboard_source()
    assert isinstance(source, DatasetSearch)
    assert dashboard_source() is source  # kept while the dataset is unchanged
    no_tokens = write_dataset(tiny_corpus, tmp_path / "plain")
    assert isinstance(dashboard_source(no_tokens), kit.Corpus)  # nothing to search: loaded


def _jsonable(value):
    """A figure spec with arrays as lists (to compare with ==)."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray | pd.Series | pd.Index | pd.Categorical):
        return [_jsonable(v) for v in list(value)]
    if isinstance(value, float) and np.isnan(value):
        return "nan"
    if isinstance(value, np.generic):
        return value.item()
    return value


def test_a_dataset_too_large_to_load_says_what_to_do(tiny_corpus, tmp_path, monkeypatch):
    from kit.apps import corpus_choice
    from kit.errors import KitError

    folder = write_dataset(tiny_corpus, tmp_path / "big", tokens=True)
    monkeypatch.setattr(corpus_choice, "LOAD_LIMIT_BYTES", 1000)  # the tiny dataset is larger
    with pytest.raises(KitError, match=r"too much to load whole.*dashboards query a dataset"):
        corpus_choice.dashboard_corpus(folder)
    assert isinstance(dashboard_source(folder), DatasetSearch)  # the explorer opens it
