"""The read and query commands of ``turnkit``: real files in, tables and exit codes out."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import kit
from kit import schema as s
from kit.read.dataset import dataset_info, read_dataset
from kit.serve.cli import main

COMMANDS = ["read", "speakers", "terms", "usage", "kwic", "keyness", "dashboard", "lab"]


@pytest.fixture(scope="module")
def dataset(corpus_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "ds"
    assert main(["read", str(corpus_dir), "--out", str(out), "--tokens"]) == 0
    return out


def test_read_writes_a_dataset_equal_to_the_corpus(dataset, real_corpus, capsys):
    back = read_dataset(dataset, tokens=True)
    for name in ("documents", "turns", "phrases", "speakers", "tokens"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(real_corpus, name))
    assert len(dataset_info(dataset)["sources"]) == len(real_corpus.documents)


def test_read_again_reads_only_what_changed(corpus_dir, tmp_path, capsys):
    src = shutil.copytree(corpus_dir, tmp_path / "src")
    out = tmp_path / "ds"
    assert main(["read", str(src), "--out", str(out)]) == 0
    assert main(["read", str(src), "--out", str(out)]) == 0
    assert "up to date" in capsys.readouterr().out
    changed = sorted((src / "whitehouse-briefing-room-md").glob("*.md"))[0]
    changed.write_text(changed.read_text() + "\n\nMS. PSAKI: And zanzibar.\n")
    assert main(["read", str(src), "--out", str(out)]) == 0
    assert "1 documents" in capsys.readouterr().out
    assert dataset_info(out)["batches"] == ["b000001", "b000002"]
    back = read_dataset(out)
    assert back.documents[s.DOC_ID].is_unique
    assert back.turns[s.TEXT].str.contains("zanzibar").sum() == 1


def test_a_file_that_fails_is_listed_and_the_exit_code_says_so(corpus_dir, tmp_path, capsys):
    src = shutil.copytree(corpus_dir / "whitehouse-briefing-room-md", tmp_path / "src")
    (src / "broken.txt").write_bytes(b"\x00\x01\x02 not a transcript")
    assert main(["read", str(src), "--out", str(tmp_path / "ds")]) == 1
    err = capsys.readouterr().err
    assert "1 file(s) could not be read" in err and "broken.txt, line 1" in err
    assert len(read_dataset(tmp_path / "ds").documents) == len(list(src.glob("*.md")))
    assert main(["read", str(src), "--out", str(tmp_path / "x"), "--errors", "raise"]) == 1
    assert "broken.txt" in capsys.readouterr().err


def test_read_to_csv(corpus_dir, tmp_path):
    out = tmp_path / "csv"
    assert (
        main(["read", str(corpus_dir / "state-gov-rss"), "--out", str(out), "--format", "csv"]) == 0
    )
    turns = pd.read_csv(out / "turns.csv")
    corpus = kit.read_transcripts(corpus_dir / "state-gov-rss", progress=False)
    assert list(turns[s.TEXT].fillna("")) == list(corpus.turns[s.TEXT])


@pytest.mark.parametrize("engine", ["duckdb", "pandas"])
def test_terms_prints_the_top_terms_of_each_speaker(dataset, real_corpus, capsys, engine):
    assert main(["terms", str(dataset), "--by", "speaker", "--top", "3", "--engine", engine]) == 0
    lines = capsys.readouterr().out.splitlines()
    counts = kit.count_terms(real_corpus, by="speaker")
    first = counts[counts[s.SPEAKER] == "Questioner"].nlargest(1, "n", keep="first")
    assert lines[0].split() == ["speaker", "term", "n", "n_words", "per_1k", "per_1k_low",
                                "per_1k_high"]
    assert lines[1].split()[:3] == ["Questioner", first["term"].iloc[0], str(first["n"].iloc[0])]
    assert len(lines) == 1 + 3 * counts[s.SPEAKER].nunique() - sum(
        max(0, 3 - k) for k in counts.groupby(s.SPEAKER, observed=True).size()
    )


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_terms_out_writes_the_whole_table(dataset, real_corpus, tmp_path, suffix):
    out = tmp_path / f"counts{suffix}"
    assert main(["terms", str(dataset), "--by", "doc_id", "--out", str(out)]) == 0
    expected = kit.count_terms(real_corpus, by="doc_id")
    got = {
        ".csv": pd.read_csv,
        ".parquet": pd.read_parquet,
        ".json": lambda p: pd.DataFrame(json.loads(p.read_text())),
    }[suffix](out)
    assert len(got) == len(expected)
    assert got["n"].sum() == expected["n"].sum()


def test_kwic_on_transcripts_and_on_the_dataset_agree(corpus_dir, dataset, capsys):
    assert main(["kwic", str(corpus_dir), "nuclear power", "--limit", "0"]) == 0
    raw = capsys.readouterr().out
    assert main(["kwic", str(dataset), "nuclear power", "--limit", "0"]) == 0
    assert capsys.readouterr().out == raw
    assert "[nuclear power]" in raw


def test_keyness_and_usage_and_speakers(dataset, real_corpus, tmp_path, capsys):
    assert (
        main(
            [
                "keyness",
                str(dataset),
                "--by",
                "role",
                "--target",
                "official",
                "--out",
                str(tmp_path / "k.parquet"),
            ]
        )
        == 0
    )
    expected = kit.keyness(real_corpus, by="role", target="official")
    assert len(pd.read_parquet(tmp_path / "k.parquet")) == len(expected)
    assert main(["usage", str(dataset), "freedom", "--by", "none", "--freq", "Y"]) == 0
    assert "freedom" in capsys.readouterr().out
    assert main(["speakers", str(dataset)]) == 0
    assert "Antony Blinken" in capsys.readouterr().out


def test_duckdb_on_transcripts_says_to_write_a_dataset(corpus_dir, capsys):
    assert main(["terms", str(corpus_dir), "--engine", "duckdb"]) == 1
    assert "turnkit read" in capsys.readouterr().err


def test_bad_out_suffix_is_named(dataset, tmp_path, capsys):
    assert main(["terms", str(dataset), "--out", str(tmp_path / "x.xlsx")]) == 1
    assert ".csv, .json or .parquet" in capsys.readouterr().err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_shows_an_example(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "examples:\n  turnkit " + command in capsys.readouterr().out


def test_python_dash_m_kit_and_version():
    done = subprocess.run(
        [sys.executable, "-m", "kit", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("turnkit ")


def test_read_help_describes_each_option_where_it_is(capsys):
    with pytest.raises(SystemExit):
        main(["read", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--format {parquet,csv} write a Parquet dataset" in out
    assert "see turnkit terms" not in out
    assert "--errors {raise,warn,skip} a transcript that cannot be read" in out


def test_speakers_and_terms_by_speaker_list_the_largest_first(dataset, capsys):
    assert main(["speakers", str(dataset)]) == 0
    rows = capsys.readouterr().out.splitlines()
    words_col = rows[0].split().index("n_words")
    words = [int(r.split()[words_col - len(rows[0].split())]) for r in rows[1:]]
    assert len(words) > 2 and words == sorted(words, reverse=True)
    assert main(["terms", str(dataset), "--by", "speaker", "--top", "2"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    words = [int(r.split()[-4]) for r in rows]  # n_words, per_1k, low, high end each row
    assert words == sorted(words, reverse=True)


def test_kwic_prints_short_document_labels_and_lines_up_the_hits(tmp_path, corpus_dir, capsys):
    # Long, nested file names: the label is the file's name, cut in the middle.
    deep = tmp_path / ("a-very-long-folder-name-" * 3) / "more"
    shutil.copytree(corpus_dir, deep)
    assert main(["kwic", str(deep), "nuclear", "--limit", "0", "--window", "30"]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if "[" in ln]
    assert len(lines) > 1
    assert len({ln.index(" [") for ln in lines}) == 1  # every hit in the same column
    assert not any(str(tmp_path) in ln or "/" in ln.split("  ")[0] for ln in lines)


def test_kwic_lines_label_paths_by_file_name_and_keep_the_end():
    from kit.serve.commands import doc_label, kwic_lines

    assert doc_label("/data/sotu/1957-eisenhower.txt") == "1957-eisenhower"
    label = doc_label("x/" + "state-of-the-union-address-" * 3 + "1957.md")
    assert len(label) <= 32 and label.endswith("1957")
    hits = pd.DataFrame({"doc_id": ["a", "longer-doc"], "speaker": ["Al", "Bea Smith"],
                         "left": ["so", "and then"], "hit": ["war", "war"],
                         "right": ["ends", "again"]})
    assert kwic_lines(hits, window=10) == [
        "a           Al                 so [war] ends",
        "longer-doc  Bea Smith    and then [war] again"]


def test_read_in_many_batches_sums_every_batch(corpus_dir, tmp_path, capsys):
    # Each batch is freed once written (memory stays bounded); the summary still counts all.
    src = corpus_dir / "state-gov-rss"
    out = tmp_path / "ds"
    # A millionth of a MB: one file per batch.
    assert main(["read", str(src), "--out", str(out), "--batch-mb", "0.000001"]) == 0
    corpus = kit.read_transcripts(src, progress=False)
    assert len(dataset_info(out)["batches"]) == len(corpus.documents) > 1
    printed = capsys.readouterr().out
    assert (f"{len(corpus.documents):,} documents, {len(corpus.turns):,} turns, "
            f"{int(corpus.documents[s.N_WORDS].sum()):,} words") in printed


def test_read_batch_mb_sets_the_batches_of_the_dataset(corpus_dir, tmp_path):
    src = corpus_dir / "state-gov-rss"
    sizes = sorted(p.stat().st_size for p in src.rglob("*") if p.is_file())
    # Batches of a bit more than the largest file: fewer batches than files, more than one.
    mb = (sizes[-1] + 1) / 1_000_000
    out = tmp_path / "ds"
    assert main(["read", str(src), "--out", str(out), "--batch-mb", str(mb)]) == 0
    assert 1 < len(dataset_info(out)["batches"]) < len(sizes)
    assert main(["read", str(src), "--out", str(tmp_path / "one")]) == 0
    assert len(dataset_info(tmp_path / "one")["batches"]) == 1


@pytest.mark.parametrize("value", ["0", "-5", "lots"])
def test_read_refuses_a_batch_size_that_is_not_a_positive_number(corpus_dir, tmp_path,
                                                                   capsys, value):
    with pytest.raises(SystemExit) as exit_:
        main(["read", str(corpus_dir), "--out", str(tmp_path / "ds"), "--batch-mb", value])
    assert exit_.value.code == 2
    assert "give a number above 0, e.g. --batch-mb 50" in capsys.readouterr().err


@pytest.mark.parametrize("disabled", [False, True])
def test_read_shows_its_progress_bar_unless_tqdm_disable_is_set(corpus_dir, tmp_path,
                                                                disabled):
    import os

    # A new process: tqdm reads TQDM_* variables once, when it is imported.
    env = {k: v for k, v in os.environ.items() if k != "TQDM_DISABLE"}
    if disabled:
        env["TQDM_DISABLE"] = "1"
    done = subprocess.run([sys.executable, "-m", "kit", "read", str(corpus_dir / "state-gov-rss"),
                           "--out", str(tmp_path / "ds")], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert ("Reading transcripts" in done.stderr) is not disabled, done.stderr
