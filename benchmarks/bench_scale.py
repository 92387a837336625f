"""A corpus larger than memory: synthetic transcripts -> Parquet dataset -> counts by DuckDB.

1. Writes about ``--size`` MB of synthetic transcripts (benchmarks/synth.py, 50 MB parts
   written on all cores; kept under ``$BENCH_SCALE_OUT``, never committed).
2. Reads them into a Parquet dataset with its tokens table as ``turnkit read --tokens`` does:
   batches of ~200 MB of files, each read on all cores, appended (memory stays bounded).
3. Counts terms by speaker and year through DuckDB under a memory limit of 1 GB.
4. Stages 1-3 at ``--baseline-mb`` (100) first, for the linearity ratio: time per MB at
   ``--size`` over time per MB at the baseline (1.0 = linear), and the in-memory path at the
   baseline (read_transcripts, tokens, count_terms by speaker and year, in one process).

Each stage runs in a child process of its own. Its peak memory is given twice: the largest
resident set of one process (the child or a reader it forked, from ``wait4``) and the peak of
the resident sets summed over the process tree (sampled every 0.2 s; shared pages count once
per process, so it is an upper bound). Each figure carries the 1-minute load average at its
end: other jobs on the machine slow it.

5. The explorer app over the dataset: a keyword change, kernel side (``--explorer-only`` for
   this alone, on a dataset written before or given with ``--dataset``; ``--no-apps`` skips
   5 and 6).
6. The term-trends and compare apps over the dataset: opening, a change of terms or of
   speakers, kernel side (``--dashboards-only`` for this alone).

Usage: ``python benchmarks/bench_scale.py [--size MB] [--memory-limit 1GB]``; the files go to
``$BENCH_SCALE_OUT`` (default benchmarks/out/).
Last measured (2 cores, quiet machine, load 0.9-2.2, ``--no-apps``, the parts written before):
100 MB read to a dataset 16.5 s (6.26 MB/s, peak 1.1 GB), DuckDB counts 2.5 s, in memory 11.6 s
(peak 1.4 GB); 2,066 MB read 366.7 s (5.63 MB/s; peak 2.1 GB with 200 MB batches), per batch
107, then 171-177 ms/MB for batches 2-10 (appending costs the same at any size of the dataset),
416 for the last, partial one; DuckDB counts 38.4 s (316M tokens, 543k rows, peak 518 MB).
Cost per MB, 2 GB over 100 MB: read 1.11, DuckDB 0.76; the dataset path at 2 GB is 1.75x the
in-memory path's cost per MB at 100 MB. Under load 6-13 a session before, the read took 1,428 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = Path(os.environ.get("BENCH_SCALE_OUT", HERE / "out"))  # gigabytes: put them where room is
PART_MB = 50  # parts are written in parallel; each draws its own sentence pool
WORDS = ["sanctions", "ukraine", "ceasefire", "nato", "inflation", "refugees", "diplomacy", "the"]

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))


def _write_part(args: tuple[Path, int, float]) -> None:
    from synth import write_synthetic_corpus

    folder, part, mb = args
    write_synthetic_corpus(folder, mb, seed=1000 + part)
    (folder / ".complete").write_text("ok")


def synthetic(size_mb: int) -> tuple[Path, float, float]:
    """About ``size_mb`` MB of transcripts in 50 MB part folders (written once, in parallel):
    the folder, and the wall and CPU seconds spent writing (0 when all parts were there)."""
    folder = OUT / f"scale-{size_mb}mb"
    n = -(-size_mb // PART_MB)
    parts = [(folder / f"part-{i:03d}", i, size_mb / n) for i in range(n)]
    missing = [part for part in parts if not (part[0] / ".complete").exists()]
    if not missing:
        return folder, 0.0, 0.0
    cpu = _children_cpu()
    start = time.perf_counter()
    with Pool(os.cpu_count() or 1) as pool:
        pool.map(_write_part, missing, chunksize=1)
    # the workers are reaped on leaving the pool, so their CPU time is counted by then
    return folder, time.perf_counter() - start, _children_cpu() - cpu


def _batch_costs(dataset: str, started: float) -> list[float]:
    """Milliseconds per MB of text of each batch the read wrote, from the times its files
    were written (each batch's documents file is written once, when the batch is done)."""
    info = json.loads((Path(dataset) / "_dataset.json").read_text())
    sizes: dict[str, int] = {}
    for size, _, batch in info["sources"].values():
        sizes[batch] = sizes.get(batch, 0) + size
    costs, before = [], started
    for batch in info["batches"]:
        done = (Path(dataset) / "documents" / f"{batch}.parquet").stat().st_mtime
        costs.append((done - before) * 1000 / (sizes[batch] / 1e6))
        before = done
    return costs


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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


def _time_changes(change, values=WORDS) -> dict:
    """Time ``change(value)`` for each of ``values``: median and max ms, and what each
    returned (a dict, or None)."""
    import statistics

    times, each = [], []
    for value in values:
        t0 = time.perf_counter()
        found = change(value)
        times.append(time.perf_counter() - t0)
        each.append({"word": value, "ms": times[-1] * 1000, **(found or {})})
    return {
        "median_ms": statistics.median(times) * 1000,
        "max_ms": max(times) * 1000,
        "each": each,
    }


def stage_keyword(out: str, memory_limit: str) -> dict:
    """A dashboard's keyword change on the dataset: counts by speaker and by year and a page
    of 20 turns in context, from the keyword index (built first if need be)."""
    from kit.terms.postings import KeywordIndex

    start = time.perf_counter()
    index = KeywordIndex(out, memory_limit=memory_limit)
    opened = time.perf_counter() - start

    def change(word: str) -> dict:
        index.counts(word)
        index.counts(word, freq="Y")
        page = index.kwic_page(word, turns_per_page=20)
        assert len(page)
        return {}

    return {"open_s": opened, "index_mb": index.size_bytes() / 1e6, **_time_changes(change)}


def stage_explorer(out: str, memory_limit: str) -> dict:
    """The explorer app over the dataset (kit.terms.search.DatasetSearch): each keyword
    change timed in the kernel, from the keyword box's new value to the table, summary and
    three charts updated (hit counts, a page of 20 hits in context, use by speaker and over
    time, where the hits fall in the 25 documents with most)."""
    from kit.apps.explorer import Explorer
    from kit.terms.search import DatasetSearch

    start = time.perf_counter()
    app = Explorer(DatasetSearch(out, memory_limit=memory_limit), upload=False)
    opened = time.perf_counter() - start

    def change(word: str) -> dict:
        app.keyword.set_value(q=word)  # the box's change refreshes the view, as in the page
        assert app.view is not None and app.view.state.q == word and not app.messages
        return {"hits": app.view.n_rows, **{k: round(v) for k, v in app.view.timings_ms.items()}}

    return {"open_s": opened, **_time_changes(change)}


def stage_dashboards(out: str, memory_limit: str) -> dict:
    """The term-trends and compare apps over the dataset (their counts and keyness from its
    keyword index): opening each, a change of terms, a change of compared speakers."""
    from kit.apps.compare import CompareSpeakers
    from kit.apps.trends import TermTrends
    from kit.terms.search import DatasetSearch

    search = DatasetSearch(out, memory_limit=memory_limit)
    start = time.perf_counter()
    trends = TermTrends(search)
    trends_open = time.perf_counter() - start

    def new_terms(terms: list[str]) -> None:
        trends.terms.set_value(terms)  # the box's change refreshes the charts, as in the page
        assert not trends.messages, trends.messages

    terms = _time_changes(
        new_terms, (["sanctions", "ukraine"], ["ceasefire", "nato", "inflation"], ["the"])
    )
    start = time.perf_counter()
    compare = CompareSpeakers(search)
    compare_open = time.perf_counter() - start
    names = [str(n) for n in compare.corpus.turns["speaker"].value_counts().index[:6]]

    def new_pair(pair: list[str]) -> None:
        compare.speakers.set_value(pair)
        assert not compare.messages, compare.messages

    pairs = _time_changes(new_pair, (names[:2], names[2:4], names[4:6]))
    return {
        "trends_open_s": trends_open,
        "trends_median_ms": terms["median_ms"],
        "trends_max_ms": terms["max_ms"],
        "compare_open_s": compare_open,
        "compare_median_ms": pairs["median_ms"],
        "compare_max_ms": pairs["max_ms"],
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


def _tree_rss(pid: int, peak: list[int], done: threading.Event) -> None:
    """Sample the resident set summed over ``pid`` and its descendants into ``peak[0]``."""
    import psutil

    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while not done.wait(0.2):
        total = 0
        try:
            for process in [root, *root.children(recursive=True)]:
                total += process.memory_info().rss
        except psutil.Error:  # a process ended between listing and reading it
            continue
        peak[0] = max(peak[0], total)


def run_stage(name: str, *args: str) -> dict:
    """Run a stage in a child process; its result, with the child's peak resident memory
    (of the largest process, and summed over the process tree) and the load average."""
    code = (
        f"import json, sys; sys.path.insert(0, {str(HERE)!r}); import bench_scale as b; "
        f"print('RESULT', json.dumps(b.stage_{name}(*sys.argv[1:])))"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), TQDM_DISABLE="1")  # no progress bars
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, text=True
    )
    peak, done = [0], threading.Event()
    sampler = threading.Thread(target=_tree_rss, args=(process.pid, peak, done), daemon=True)
    sampler.start()
    out = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    if status != 0:
        raise SystemExit(f"stage {name} failed:\n{out}")
    result = json.loads(out.rsplit("RESULT ", 1)[1])
    result["peak_mb"] = usage.ru_maxrss / 1024  # the largest of the child and its readers
    result["tree_mb"] = peak[0] / 1e6 / 1.048576  # MiB, as ru_maxrss
    result["load"] = os.getloadavg()[0]
    return result


def _peaks(found: dict) -> str:
    return (
        f"peak {found['peak_mb']:,.0f} MB (one process), {found['tree_mb']:,.0f} MB (tree); "
        f"load {found['load']:.1f}"
    )


def keyword(dataset: str, memory_limit: str) -> None:
    found = run_stage("keyword", dataset, memory_limit)
    print(
        f"keyword change (counts by speaker and year + 20 turns in context): median "
        f"{found['median_ms']:.0f} ms, max {found['max_ms']:.0f} ms; opening (index built if "
        f"missing) {found['open_s']:.1f} s, index {found['index_mb']:,.0f} MB on disk; "
        + _peaks(found)
    )


def explorer(dataset: str, memory_limit: str) -> None:
    found = run_stage("explorer", dataset, memory_limit)
    print(
        f"explorer keyword change (table, summary, 3 charts; kernel side): median "
        f"{found['median_ms']:.0f} ms, max {found['max_ms']:.0f} ms over "
        f"{len(found['each'])} keywords; opening {found['open_s']:.1f} s; " + _peaks(found)
    )
    for each in found["each"]:
        fields = (f"{k} {v:,}" for k, v in each.items() if k not in ("word", "ms"))
        print(f"    {each['word']}: {', '.join(fields)} -> {each['ms']:.0f} ms")


def dataset_path(size_mb: int, memory_limit: str) -> dict:
    """Stages 1-3 at ``size_mb``: write (or find) the text, read it to a dataset, count by
    DuckDB; prints each and returns the seconds per MB of each stage."""
    source, wrote, cpu = synthetic(size_mb)
    size = megabytes(source)
    print(f"-- {size:,.0f} MB of synthetic transcripts in {source}")
    if wrote:
        print(
            f"generate (all cores): {wrote:.1f} s, {size / wrote:.1f} MB/s; CPU {cpu:.1f} s, "
            f"{size / cpu:.1f} MB per CPU second; load {os.getloadavg()[0]:.1f}"
        )
    else:
        print("generate: found written before")
    dataset = str(OUT / f"scale-{size_mb}mb-dataset")
    started = time.time()
    built = run_stage("dataset", str(source), dataset)
    disk = sum(p.stat().st_size for p in Path(dataset).rglob("*.parquet")) / 1e6
    print(
        f"read -> dataset (with tokens, all cores): {built['seconds']:.1f} s, "
        f"{size / built['seconds']:.2f} MB/s, {disk:,.0f} MB on disk ({disk / size:.2f}x the "
        "text); " + _peaks(built)
    )
    costs = _batch_costs(dataset, started)
    if len(costs) > 1:
        print(
            f"  ms per MB of each of the {len(costs)} batches (the first with the plan of all "
            f"files; flat = a batch costs the same however big the dataset): "
            + ", ".join(f"{c:.0f}" for c in costs)
        )
    counted = run_stage("duckdb", dataset, memory_limit)
    print(
        f"duckdb counts by speaker and year (limit {memory_limit}): "
        f"{counted['seconds']:.1f} s, {counted['tokens'] / counted['seconds'] / 1e6:.1f}M "
        f"tokens/s, {size / counted['seconds']:.0f} MB/s, {counted['rows']:,} rows, "
        f"{counted['tokens']:,} tokens; " + _peaks(counted)
    )
    return {
        "mb": size,
        "dataset": dataset,
        "generate": wrote / size if wrote else None,
        "read": built["seconds"] / size,
        "duckdb": counted["seconds"] / size,
    }


def dashboards(dataset: str, memory_limit: str) -> None:
    found = run_stage("dashboards", dataset, memory_limit)
    print(
        f"term trends: opening {found['trends_open_s']:.1f} s, a change of terms median "
        f"{found['trends_median_ms']:.0f} ms, max {found['trends_max_ms']:.0f} ms; compare: "
        f"opening {found['compare_open_s']:.1f} s, a change of speakers median "
        f"{found['compare_median_ms']:.0f} ms, max {found['compare_max_ms']:.0f} ms (kernel "
        "side); " + _peaks(found)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="MB of transcripts (2000)")
    parser.add_argument("--memory-limit", default="1GB", help="DuckDB's limit (1GB)")
    parser.add_argument(
        "--baseline-mb", type=int, default=100, help="size for the ratios, 0 for none (100)"
    )
    parser.add_argument("--no-apps", action="store_true", help="skip the keyword and explorer")
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

    print(f"cores: {os.cpu_count()}, duckdb {duckdb.__version__}, load {os.getloadavg()}")
    base = None
    if args.baseline_mb:
        base = dataset_path(args.baseline_mb, args.memory_limit)
        source, _, _ = synthetic(args.baseline_mb)
        memory = run_stage("memory", str(source))
        print(
            f"in memory, {base['mb']:,.0f} MB: {memory['seconds']:.1f} s (read "
            f"{memory['read']:.1f}, tokens {memory['tokens']:.1f}); " + _peaks(memory)
        )
        base["memory"] = memory["seconds"] / base["mb"]
    big = dataset_path(args.size, args.memory_limit) if args.size != args.baseline_mb else base
    if base is not None:
        print(f"-- cost per MB, {big['mb']:,.0f} MB over {base['mb']:,.0f} MB (1.00 = linear):")
        for stage in ("generate", "read", "duckdb"):
            if big[stage] and base[stage]:
                print(
                    f"{stage}: {big[stage] * 1000:.1f} vs {base[stage] * 1000:.1f} ms/MB, "
                    f"ratio {big[stage] / base[stage]:.2f}"
                )
        path = big["read"] + big["duckdb"]
        print(
            f"dataset path (read + duckdb) at {big['mb']:,.0f} MB vs the in-memory path at "
            f"{base['mb']:,.0f} MB: {path * 1000:.0f} vs {base['memory'] * 1000:.0f} ms/MB, "
            f"ratio {path / base['memory']:.2f}"
        )
    if not args.no_apps:
        keyword(big["dataset"], args.memory_limit)
        explorer(big["dataset"], args.memory_limit)
        dashboards(big["dataset"], args.memory_limit)


if __name__ == "__main__":
    main()
