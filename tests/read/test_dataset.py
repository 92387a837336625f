"""A corpus as a Parquet dataset: read back equal, appended without rewriting, keyed by doc_id."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest

import kit
from kit import schema as s
from kit.errors import KitError
from kit.read.dataset import (
    MANIFEST,
    append_dataset,
    changed_sources,
    dataset_info,
    is_dataset,
    read_dataset,
    read_speakers,
    table_files,
    write_dataset,
)

TABLES = ["documents", "turns", "phrases", "stage_directions", "skipped", "speakers"]


def assert_same_tables(a: kit.Corpus, b: kit.Corpus, *, tokens: bool = False) -> None:
    for name in TABLES + (["tokens"] if tokens else []):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categoricals as their values (corpora combined in memory by kit.concat lose them)."""
    return frame.assign(
        **{
            c: frame[c].astype(object)
            for c in frame.columns
            if isinstance(frame[c].dtype, pd.CategoricalDtype) or str(frame[c].dtype) == "str"
        }
    )


@pytest.fixture
def corpus_copy(corpus_dir, tmp_path):
    """A writable copy of the sample corpus (files get changed)."""
    return shutil.copytree(corpus_dir, tmp_path / "corpus")


def test_every_table_reads_back_equal_with_its_dtypes(real_corpus, tmp_path):
    write_dataset(real_corpus, tmp_path / "ds", tokens=True)
    back = read_dataset(tmp_path / "ds", tokens=True)
    assert_same_tables(real_corpus, back, tokens=True)
    assert isinstance(back.turns[s.SPEAKER].dtype, pd.CategoricalDtype)


def test_tables_written_a_slice_at_a_time_read_back_equal(real_corpus, tmp_path, monkeypatch):
    # Big tables become Arrow a slice of rows at a time (memory); the file holds them all.
    import kit.read.dataset as dataset

    monkeypatch.setattr(dataset, "SLICE_ROWS", 97)
    assert len(real_corpus.tokens) > 10 * 97
    write_dataset(real_corpus, tmp_path / "ds", tokens=True)
    assert_same_tables(real_corpus, read_dataset(tmp_path / "ds", tokens=True), tokens=True)


def test_a_hand_made_corpus_reads_back_equal(two_briefings, tmp_path):
    corpus, _ = two_briefings
    write_dataset(corpus, tmp_path / "ds", tokens=True)
    assert_same_tables(corpus, read_dataset(tmp_path / "ds", tokens=True), tokens=True)


def test_the_layout_is_a_folder_per_table(real_corpus, tmp_path):
    write_dataset(real_corpus, tmp_path / "ds")
    assert is_dataset(tmp_path / "ds") and not is_dataset(tmp_path)
    for name in TABLES:
        assert [p.name for p in table_files(tmp_path / "ds", name)] == ["b000001.parquet"]
    assert table_files(tmp_path / "ds", "tokens") == []


def test_appending_adds_a_batch_and_leaves_earlier_files_alone(corpus_copy, tmp_path):
    first = kit.read_transcripts(corpus_copy / "state-gov-rss", progress=False)
    second = kit.read_transcripts(corpus_copy / "whitehouse-briefing-room-md", progress=False)
    ds = write_dataset(first, tmp_path / "ds")
    before = {p: os.stat(p).st_mtime_ns for p in (ds / "turns").iterdir()}
    append_dataset(second, ds)
    assert {p: os.stat(p).st_mtime_ns for p in before} == before
    assert dataset_info(ds)["batches"] == ["b000001", "b000002"]
    back = read_dataset(ds)
    both = kit.concat([first, second])
    for name in TABLES:
        pd.testing.assert_frame_equal(
            plain(getattr(back, name)), plain(getattr(both, name)), obj=name
        )
    # speakers of both batches, in order of first appearance
    assert back.speaker_names == both.speaker_names
    assert list(read_speakers(ds)[s.SPEAKER]) == both.speaker_names


def test_a_changed_file_replaces_its_rows(corpus_copy, tmp_path):
    ds = tmp_path / "ds"
    corpus = kit.read_transcripts(corpus_copy, progress=False)
    files = sorted((corpus_copy / "whitehouse-briefing-room-md").glob("*.md"))
    write_dataset(
        corpus,
        ds,
        sources={
            str(p.resolve()): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in corpus_copy.rglob("*")
            if p.is_file()
        },
    )
    assert changed_sources(ds, files) == []
    target = files[0]
    target.write_text(target.read_text() + "\n\nMS. PSAKI: One more thing: zanzibar.\n")
    assert changed_sources(ds, files) == [target]
    again = kit.read_transcripts(corpus_copy, only=[target], progress=False)
    assert len(again.documents) == 1
    append_dataset(again, ds)
    back = read_dataset(ds)
    assert len(back.documents) == len(corpus.documents)  # replaced, not added
    assert back.documents[s.DOC_ID].is_unique
    doc_id = again.documents[s.DOC_ID].iloc[0]
    assert back.turns[back.turns[s.DOC_ID] == doc_id][s.TEXT].str.contains("zanzibar").any()
    # the document moved to the new batch, the rest stayed in the first
    assert len(pd.read_parquet(ds / "documents" / "b000002.parquet")) == 1
    rest = pd.read_parquet(ds / "documents" / "b000001.parquet")
    assert doc_id not in set(rest[s.DOC_ID]) and len(rest) == len(corpus.documents) - 1


def test_reading_the_same_corpus_again_does_not_duplicate_it(real_corpus, tmp_path):
    ds = write_dataset(real_corpus, tmp_path / "ds")
    append_dataset(real_corpus, ds)
    assert dataset_info(ds)["batches"] == ["b000002"]  # the first batch emptied and removed
    assert_same_tables(real_corpus, read_dataset(ds))


def test_some_documents_only(real_corpus, tmp_path):
    ds = write_dataset(real_corpus, tmp_path / "ds", tokens=True)
    wanted = list(real_corpus.documents[s.DOC_ID][:3])
    some = read_dataset(ds, doc_ids=wanted, tokens=True)
    assert list(some.documents[s.DOC_ID]) == wanted
    expected = real_corpus.turns[real_corpus.turns[s.DOC_ID].isin(wanted)]
    pd.testing.assert_frame_equal(some.turns, expected.reset_index(drop=True))
    assert set(some.tokens[s.DOC_ID]) == set(wanted)


def test_not_a_dataset_says_how_to_make_one(tmp_path):
    with pytest.raises(KitError, match=r"not a Transcript Kit dataset.*turnkit read"):
        read_dataset(tmp_path)
    (tmp_path / MANIFEST).write_text('{"version": 99}')
    with pytest.raises(KitError, match="format 99"):
        read_dataset(tmp_path)


def test_tokens_cannot_be_added_to_a_dataset_without_them(real_corpus, tmp_path):
    ds = write_dataset(real_corpus, tmp_path / "ds")
    with pytest.raises(KitError, match="no tokens table"):
        append_dataset(real_corpus, ds, tokens=True)
