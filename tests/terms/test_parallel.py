"""Dask: reading many files and counting a dataset on a LocalCluster give what one process gives."""

from __future__ import annotations

import pandas as pd
import pytest

import kit
from kit.read.dataset import read_dataset

distributed = pytest.importorskip(
    "distributed", reason="dask[distributed] is not installed (pip install 'turnkit[cluster]')"
)


@pytest.fixture(scope="module")
def client():
    # Threads, not processes: starts in a second, and the kit's code is the same either way.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        with distributed.Client(cluster) as client:
            yield client


def values(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        **{
            c: frame[c].astype(object)
            for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype)
        }
    )


def test_reading_on_the_cluster_equals_reading_here(client, corpus_dir, real_corpus):
    from kit.read.cluster import read_transcripts_dask

    corpus = read_transcripts_dask(corpus_dir, scheduler=client, batch_files=8)
    for name in ("documents", "turns", "phrases", "stage_directions", "skipped", "speakers"):
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(real_corpus, name))


def test_a_scheduler_address_is_all_a_user_gives(client, corpus_dir):
    from kit.read.cluster import read_transcripts_dask

    some = read_transcripts_dask(corpus_dir / "state-gov-rss", scheduler=client.scheduler.address)
    assert len(some.documents) == len(list((corpus_dir / "state-gov-rss").iterdir()))


@pytest.fixture(scope="module")
def two_batches(write_two_batch_dataset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask") / "ds"
    write_two_batch_dataset(folder)
    return folder, read_dataset(folder, tokens=True)


@pytest.mark.parametrize(
    "by, freq, drop",
    [
        ("speaker", None, True),
        ("doc_id", None, False),
        ("speaker", "Y", True),
        (None, "M", True),
        (["role", "speaker"], None, True),
    ],
)
def test_counts_on_the_cluster_equal_counts_in_memory(client, two_batches, by, freq, drop):
    from kit.terms.parallel import DaskDataset

    folder, corpus = two_batches
    dask = DaskDataset(folder, scheduler=client)
    expected = kit.count_terms(corpus, by=by, freq=freq, drop_stopwords=drop)
    got = dask.count_terms(by=by, freq=freq, drop_stopwords=drop)
    assert len(expected)
    pd.testing.assert_frame_equal(values(expected), values(got))


@pytest.mark.parametrize("by, freq", [("speaker", None), (None, "Y")])
def test_term_usage_on_the_cluster(client, two_batches, by, freq):
    from kit.terms.parallel import DaskDataset

    folder, corpus = two_batches
    terms = ["ukraine", "nuclear power", "zanzibar"]
    expected = kit.term_usage(corpus, terms, by=by, freq=freq)
    got = DaskDataset(folder, scheduler=client).term_usage(terms, by=by, freq=freq)
    pd.testing.assert_frame_equal(values(expected), values(got))


def test_turnkit_read_and_terms_on_a_scheduler(client, corpus_dir, tmp_path, capsys):
    from kit.serve.cli import main

    address = client.scheduler.address
    out = tmp_path / "ds"
    assert (
        main(["read", str(corpus_dir), "--out", str(out), "--tokens", "--scheduler", address]) == 0
    )
    assert (
        main(["terms", str(out), "--scheduler", address, "--out", str(tmp_path / "c.parquet")]) == 0
    )
    expected = kit.count_terms(kit.read_transcripts(corpus_dir, progress=False), by="speaker")
    pd.testing.assert_frame_equal(values(expected), values(pd.read_parquet(tmp_path / "c.parquet")))
