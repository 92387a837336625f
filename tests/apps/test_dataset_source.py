"""A dashboard opens a dataset written by ``turnkit read`` as it opens transcripts."""

from __future__ import annotations

import pandas as pd

from kit.apps.corpus_choice import CORPUS_ENV, dashboard_corpus
from kit.apps.explorer import Explorer
from kit.read.dataset import write_dataset
from kit.serve.cli import prepare_corpus


def test_the_explorer_opens_a_dataset_with_the_same_tables(tiny_corpus, tmp_path, monkeypatch):
    folder = write_dataset(tiny_corpus, tmp_path / "ds", tokens=True)
    monkeypatch.setenv(CORPUS_ENV, str(folder))
    corpus = dashboard_corpus()
    for name in ("documents", "turns", "phrases", "speakers", "tokens"):
        pd.testing.assert_frame_equal(getattr(corpus, name), getattr(tiny_corpus, name))
    assert dashboard_corpus() is corpus  # kept while the dataset is unchanged
    app = Explorer(corpus, query="q=ukraine")
    expected = Explorer(tiny_corpus, query="q=ukraine")
    pd.testing.assert_frame_equal(app.view.keyword_hits.head(100),
                                  expected.view.keyword_hits.head(100))
    # turnkit dashboard reads no dataset ahead (it is its own cache) but builds its keyword
    # index once, before any page waits for it
    assert prepare_corpus({CORPUS_ENV: str(folder)}) is True
    assert (folder / "postings").is_dir()
    assert prepare_corpus({CORPUS_ENV: str(folder)}) is None
