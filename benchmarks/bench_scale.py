"""A corpus larger than memory: synthetic transcripts -> Parquet dataset -> counts by DuckDB.

1. Writes about ``--size`` MB of synthetic transcripts (benchmarks/synth.py, 100 MB parts
   written on all cores; kept under benchmarks/out/, never committed).
2. Reads them into a Parquet dataset with its tokens table as ``turnkit read --tokens`` does:
   batches of ~200 MB of files, each read on all cores, appended (memory stays bounded).
3. Counts terms by speaker and year through DuckDB under a memory limit of 1 GB.
4. For the ratio, the in-memory path on 100 MB: read_transcripts, tokens, count_terms by
   speaker and year, in one process.

Each stage runs in a child process of its own, so its peak memory (the largest resident
set of the process and of the reader processes it forks) is its own. Prints throughput,
peak memory and the cost per MB relative to the in-memory path: growing linearly means a
ratio that stays flat as ``--size`` grows.

5. The explorer app over the dataset: a keyword change, kernel side (``--explorer-only`` for
   this and 4 alone, on a dataset written before or given with ``--dataset``).
6. The term-trends and compare apps over the dataset: opening, a change of terms or of
   speakers, kernel side (``--dashboards-only`` for this alone).

Usage: ``python benchmarks/bench_scale.py [--size MB] [--memory-limit 1GB]``; the files go to
``$BENCH_SCALE_OUT`` (default benchmarks/out/).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = Path(os.environ.get("BENCH_SCALE_OUT", HERE / "out"))  # gigabytes: put them where room is
PART_MB = 100

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))


def _write_part(args: tuple[Path, int]) -> None:
    from synth import write_synthetic_corpus

    folder, part = args
    if not (folder / ".complete").exists():
        write_synthetic_corpus(folder, PART_MB, seed=1000 + part)
        (folder / ".complete").write_text("ok")


def synthetic(size_mb: int) -> Path:
    """About ``size_mb`` MB of transcripts in 100 MB part folders (written once, in parallel)."""
    folder = OUT / f"scale-{size_mb}mb"
    parts = [(folder / f"part-{i:03d}", i) for i in range(max(1, size_mb // PART_MB))]
    with Pool(os.cpu_count() or 1) as pool:
        pool.map(_write_part, parts)
    return folder


def megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6


# -- stages, each run in a child process ------------------------------------------------------


def stage_dataset(source: str, out: str) -> dict:
    """Read ``source`` into a dataset with tokens, as `turnkit read --tokens` does."""
    from kit.serve.cli import main

    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    status = main(["read", source, "--out", out, "--tokens", "--errors", "raise"])
    return {"seconds": time.perf_counter() - start, "status": status}


def stage_duckdb(out: str, memory_limit: str) -> dict:
    """Counts by speaker and year of the dataset through DuckDB."""
    from kit.terms.duck import DuckDataset

    start = time.perf_counter()
    duck = DuckDataset(out, memory_limit=memory_limit)
    counts = duck.count_terms(by="speaker", freq="Y")
    seconds = time.perf_counter() - start
    tokens = duck.sql("SELECT count(*) AS n FROM tokens")["n"].iloc[0]
    return {
        "seconds": seconds,
        "rows": len(counts),
        "tokens": int(tokens),
        "words": int(counts.drop_duplicates(["speaker", "date"])["n_words"].sum()),
    }


def stage_keyword(out: str, memory_limit: str) -> dict:
    """A dashboard's keyword change on the dataset: counts by speaker and by year and a page
    of 20 turns in context, from the keyword index (built first if need be)."""
    import statistics

    from kit.terms.postings import KeywordIndex

    start = time.perf_counter()
    index = KeywordIndex(out, memory_limit=memory_limit)
    opened = time.perf_counter() - start
    words = [
        "sanctions",
        "ukraine",
        "ceasefire",
        "nato",
        "inflation",
        "refugees",
        "diplomacy",
        "the",
    ]
    times = []
    for word in words:
        t0 = time.perf_counter()
        index.counts(word)
        index.counts(word, freq="Y")
        page = index.kwic_page(word, turns_per_page=20)
        times.append(time.perf_counter() - t0)
        assert len(page)
    return {
        "open_s": opened,
        "index_mb": index.size_bytes() / 1e6,
        "median_ms": statistics.median(times) * 1000,
        "max_ms": max(times) * 1000,
    }


def stage_explorer(out: str, memory_limit: str) -> dict:
    """The explorer app over the dataset (kit.terms.search.DatasetSearch): each keyword
    change timed in the kernel, from the keyword box's new value to the table, summary and
    three charts updated (hit counts, a page of 20 hits in context, use by speaker and over
    time, where the hits fall in the 25 documents with most)."""
    import statistics

    from kit.apps.explorer import Explorer
    from kit.terms.search import DatasetSearch

    start = time.perf_counter()
    app = Explorer(DatasetSearch(out, memory_limit=memory_limit), upload=False)
    opened = time.perf_counter() - start
    words = [
        "sanctions",
        "ukraine",
        "ceasefire",
        "nato",
        "inflation",
        "refugees",
        "diplomacy",
        "the",
    ]
    times, hits, parts = [], [], []
    for word in words:
        t0 = time.perf_counter()
        app.keyword.set_value(q=word)  # the box's change refreshes the view, as in the page
        times.append(time.perf_counter() - t0)
        assert app.view is not None and app.view.state.q == word and not app.messages
        hits.append(app.view.n_rows)
        parts.append(dict(app.view.timings_ms))
    return {
        "open_s": opened,
        "median_ms": statistics.median(times) * 1000,
        "max_ms": max(times) * 1000,
        "each": [
            {"word": w, "ms": t * 1000, "hits": n, **{k: round(v) for k, v in p.items()}}
            for w, t, n, p in zip(words, times, hits, parts, strict=True)
        ],
    }


def stage_dashboards(out: str, memory_limit: str) -> dict:
    """The term-trends and compare apps over the dataset (their counts and keyness from its
    keyword index): opening each, a change of terms, a change of compared speakers."""
    import statistics

    from kit.apps.compare import CompareSpeakers
    from kit.apps.trends import TermTrends
    from kit.terms.search import DatasetSearch

    search = DatasetSearch(out, memory_limit=memory_limit)
    start = time.perf_counter()
    trends = TermTrends(search)
    trends_open = time.perf_counter() - start
    times = []
    for terms in (["sanctions", "ukraine"], ["ceasefire", "nato", "inflation"], ["the"]):
        t0 = time.perf_counter()
        trends.terms.set_value(terms)  # the box's change refreshes the charts, as in the page
        times.append(time.perf_counter() - t0)
        assert not trends.messages, trends.messages
    start = time.perf_counter()
    compare = CompareSpeakers(search)
    compare_open = time.perf_counter() - start
    names = [str(n) for n in compare.corpus.turns["speaker"].value_counts().index[:6]]
    changes = []
    for pair in (names[:2], names[2:4], names[4:6]):
        t0 = time.perf_counter()
        compare.speakers.set_value(pair)
        changes.append(time.perf_counter() - t0)
        assert not compare.messages, compare.messages
    return {
        "trends_open_s": trends_open,
        "trends_median_ms": statistics.median(times) * 1000,
        "trends_max_ms": max(times) * 1000,
        "compare_open_s": compare_open,
        "compare_median_ms": statistics.median(changes) * 1000,
        "compare_max_ms": max(changes) * 1000,
    }


def stage_memory(source: str) -> dict:
    """The in-memory path: read, tokens, counts by speaker and year."""
    import kit

    start = time.perf_counter()
    corpus = kit.read_transcripts(source, progress=False)
    read = time.perf_counter() - start
    _ = corpus.tokens
    tokens = time.perf_counter() - start - read
    counts = kit.count_terms(corpus, by="speaker", freq="Y")
    return {
        "seconds": time.perf_counter() - start,
        "read": read,
        "tokens": tokens,
        "rows": len(counts),
    }


def run_stage(name: str, *args: str) -> dict:
    """Run a stage in a child process; its result, with the child's peak resident memory."""
    code = (
        f"import json, sys; sys.path.insert(0, {str(HERE)!r}); import bench_scale as b; "
        f"print('RESULT', json.dumps(b.stage_{name}(*sys.argv[1:])))"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), TQDM_DISABLE="1")  # no progress bars
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, text=True
    )
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"stage {name} failed:\n{out}")
    result = json.loads(out.rsplit("RESULT ", 1)[1])
    result["peak_mb"] = usage.ru_maxrss / 1024  # the child and the readers it forked
    return result


def keyword(dataset: str, memory_limit: str) -> None:
    found = run_stage("keyword", dataset, memory_limit)
    print(
        f"keyword change (counts by speaker and year + 20 turns in context): median "
        f"{found['median_ms']:.0f} ms, max {found['max_ms']:.0f} ms; opening (index built if "
        f"missing) {found['open_s']:.1f} s, index {found['index_mb']:,.0f} MB on disk, peak "
        f"{found['peak_mb']:,.0f} MB"
    )


def explorer(dataset: str, memory_limit: str) -> None:
    found = run_stage("explorer", dataset, memory_limit)
    print(
        f"explorer keyword change (table, summary, 3 charts; kernel side): median "
        f"{found['median_ms']:.0f} ms, max {found['max_ms']:.0f} ms over "
        f"{len(found['each'])} keywords; opening {found['open_s']:.1f} s, peak "
        f"{found['peak_mb']:,.0f} MB"
    )
    for each in found["each"]:
        print(
            "   ",
            ", ".join(
                f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}"
                for k, v in each.items()
                if k != "ms"
            ),
            f"-> {each['ms']:.0f} ms",
        )


def dashboards(dataset: str, memory_limit: str) -> None:
    found = run_stage("dashboards", dataset, memory_limit)
    print(
        f"term trends: opening {found['trends_open_s']:.1f} s, a change of terms median "
        f"{found['trends_median_ms']:.0f} ms, max {found['trends_max_ms']:.0f} ms; compare: "
        f"opening {found['compare_open_s']:.1f} s, a change of speakers median "
        f"{found['compare_median_ms']:.0f} ms, max {found['compare_max_ms']:.0f} ms (kernel "
        f"side); peak {found['peak_mb']:,.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="MB of transcripts (2000)")
    parser.add_argument("--memory-limit", default="1GB", help="DuckDB's limit (1GB)")
    parser.add_argument("--baseline-mb", type=int, default=100, help="in-memory size (100)")
    parser.add_argument(
        "--keyword-only",
        action="store_true",
        help="only the keyword change, on the dataset of --size written before",
    )
    parser.add_argument(
        "--explorer-only",
        action="store_true",
        help="only the keyword change and the explorer app, on the dataset of --size "
        "written before (or --dataset)",
    )
    parser.add_argument(
        "--dashboards-only",
        action="store_true",
        help="only the term-trends and compare apps, on the dataset of --size written before "
        "(or --dataset)",
    )
    parser.add_argument("--dataset", help="a dataset to use instead of scale-SIZEmb-dataset")
    args = parser.parse_args()
    written = args.dataset or str(OUT / f"scale-{args.size}mb-dataset")
    if args.keyword_only:
        keyword(written, args.memory_limit)
        return
    if args.explorer_only:
        keyword(written, args.memory_limit)
        explorer(written, args.memory_limit)
        return
    if args.dashboards_only:
        dashboards(written, args.memory_limit)
        return

    import duckdb

    print(f"cores: {os.cpu_count()}, duckdb {duckdb.__version__}")
    t0 = time.perf_counter()
    source = synthetic(args.size)
    size = megabytes(source)
    print(
        f"synthetic transcripts: {size:,.0f} MB in {source} "
        f"({time.perf_counter() - t0:.0f} s to write or find)"
    )
    dataset = str(OUT / f"scale-{args.size}mb-dataset")
    built = run_stage("dataset", str(source), dataset)
    disk = sum(p.stat().st_size for p in Path(dataset).rglob("*.parquet")) / 1e6
    print(
        f"read -> dataset (with tokens): {built['seconds']:.1f} s, "
        f"{size / built['seconds']:.1f} MB/s, peak {built['peak_mb']:,.0f} MB, "
        f"{disk:,.0f} MB on disk ({disk / size:.2f}x the text)"
    )
    counted = run_stage("duckdb", dataset, args.memory_limit)
    print(
        f"duckdb counts by speaker and year (limit {args.memory_limit}): "
        f"{counted['seconds']:.1f} s, {counted['tokens'] / counted['seconds'] / 1e6:.1f}M "
        f"tokens/s, {size / counted['seconds']:.0f} MB/s, peak {counted['peak_mb']:,.0f} MB,"
        f" {counted['rows']:,} rows, {counted['tokens']:,} tokens"
    )

    keyword(dataset, args.memory_limit)
    explorer(dataset, args.memory_limit)
    dashboards(dataset, args.memory_limit)
    base_source = synthetic(args.baseline_mb)
    base_size = megabytes(base_source)
    memory = run_stage("memory", str(base_source))
    print(
        f"in memory, {base_size:,.0f} MB: {memory['seconds']:.1f} s (read "
        f"{memory['read']:.1f}, tokens {memory['tokens']:.1f}), peak "
        f"{memory['peak_mb']:,.0f} MB"
    )
    per_mb = (built["seconds"] + counted["seconds"]) / size
    base_per_mb = memory["seconds"] / base_size
    print(
        f"cost per MB: dataset path {per_mb * 1000:.0f} ms/MB at {size:,.0f} MB vs in-memory "
        f"{base_per_mb * 1000:.0f} ms/MB at {base_size:,.0f} MB: ratio {per_mb / base_per_mb:.2f}"
    )


if __name__ == "__main__":
    main()
