"""How fast the term-usage layer is: tokens table, counts, and keyword queries, against a floor.

Makes (once, under benchmarks/out/, shared with bench_read.py) a synthetic corpus of plain-text
transcripts like the seed, reads it with ``kit.read_transcripts``, then times in this process:

- the floor: read every file and run one ``re.finditer(r"\\w+")`` pass over its text;
- the tokens table: ``kit.tokenize(corpus.phrases, stage_directions=...)``;
- counts by speaker and by document: ``kit.count_terms(tokens, by=...)``;
- a ``TermIndex`` build (once), then keyword queries (a speaker subset + a term, returning
  per-document counts and the first page of KWIC rows), and a one-off ``kwic()``;
- the memory of the tokens table (deep) and the peak RSS of the process.

Prints medians of ``--runs`` runs (``--queries`` for keyword queries) and the ratios the issue
sets targets for: tokens within 2x the floor, counts under 1 s, a query under 100 ms, the tokens
table under 1 GB. Results also go to benchmarks/out/bench_terms-<MB>mb.json.

Usage: ``python benchmarks/bench_terms.py [--megabytes 100] [--runs 3] [--queries 20]``
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
QUERY_TERMS = ["sanctions", "Ukraine", "nuclear power plant", "Russia’s", "ceasefire", "NATO",
               "humanitarian assistance", "well-being", "U.S.", "2.5"]


def corpus_folder(megabytes: int) -> Path:
    """The shared synthetic corpus of that size (see synth.py)."""
    sys.path.insert(0, str(HERE))
    from synth import synthetic_corpus

    return synthetic_corpus(megabytes)


def timed(fn, runs: int) -> tuple[float, object]:
    """Median seconds of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        result = None
        gc.collect()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def floor(folder: Path) -> tuple[float, int]:
    t = time.perf_counter()
    n = 0
    for path in sorted(folder.rglob("*.txt")):
        n += sum(1 for _ in re.finditer(r"\w+", path.read_bytes().decode("utf-8")))
    return time.perf_counter() - t, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args()

    import kit
    from kit.terms.count import count_terms
    from kit.terms.kwic import TermIndex, kwic

    load_before = os.getloadavg()[0]
    folder = corpus_folder(args.megabytes)
    text_mb = sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6
    t = time.perf_counter()
    corpus = kit.read_transcripts(folder, progress=False)
    read_s = time.perf_counter() - t
    print(f"corpus: {text_mb:.1f} MB, {len(corpus.documents):,} documents, "
          f"{len(corpus.turns):,} turns, {len(corpus.phrases):,} phrases "
          f"(read in {read_s:.1f} s)")

    floors = [floor(folder) for _ in range(args.runs)]
    floor_s = statistics.median(f for f, _ in floors)
    n_words = floors[0][1]

    phrases, stage = corpus.phrases, corpus.stage_directions
    tokens_s, tokens = timed(lambda: kit.tokenize(phrases, stage_directions=stage), args.runs)
    corpus.__dict__["tokens"] = tokens  # Corpus.tokens is a cached property: reuse this one
    memory_mb = tokens.memory_usage(deep=True).sum() / 1e6

    by_speaker_s, _ = timed(lambda: count_terms(tokens, by="speaker"), max(args.runs, 5))
    by_doc_s, by_doc = timed(lambda: count_terms(tokens, by="doc_id"), max(args.runs, 5))

    t = time.perf_counter()
    index = TermIndex(corpus)
    index_s = time.perf_counter() - t
    speakers = list(tokens["speaker"].value_counts().index[:2])
    query_times, hits = [], []
    for i in range(args.queries):
        term = QUERY_TERMS[i % len(QUERY_TERMS)]
        t = time.perf_counter()
        # What the explorer does for a keyword: its hits, a page of them, usage by speaker.
        first, _ = index.hits(term, speakers=speakers)
        index.kwic(term, speakers=speakers, limit=20)
        index.term_usage(term, speakers=speakers)
        query_times.append(time.perf_counter() - t)
        hits.append(len(first))
    query_s = statistics.median(query_times)
    kwic_s, one_off = timed(lambda: kwic(corpus, "sanctions", speakers=speakers), 3)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load_after = os.getloadavg()[0]
    # The machine is shared: scale times to the floor PERF-NOTES measured on a quiet machine
    # (2.6 s per 100 MB), so runs under different loads can be compared.
    quiet = 2.6 * text_mb / 100 / floor_s

    figures = {
        "megabytes": round(text_mb, 1), "documents": len(corpus.documents),
        "phrases": len(phrases), "tokens": len(tokens), "floor_words": n_words,
        "floor_s": floor_s, "tokens_s": tokens_s, "tokens_ratio": tokens_s / floor_s,
        "count_by_speaker_s": by_speaker_s, "count_by_doc_s": by_doc_s,
        "count_by_doc_rows": len(by_doc), "index_build_s": index_s,
        "query_median_ms": query_s * 1000, "query_max_ms": max(query_times) * 1000,
        "query_hits": hits[: len(QUERY_TERMS)], "kwic_one_off_s": kwic_s,
        "kwic_one_off_hits": len(one_off), "tokens_memory_mb": memory_mb,
        "peak_rss_mb": peak_mb, "runs": args.runs, "load_before": load_before,
        "load_after": load_after, "quiet_scale": quiet,
    }
    rows = [
        ("re.finditer(r'\\w+') floor", f"{floor_s:.2f} s", f"{n_words:,} words"),
        ("tokens table (tokenize)", f"{tokens_s:.2f} s",
         f"{tokens_s / floor_s:.2f}x floor (target <= 2x); {len(tokens):,} tokens"),
        ("count_terms by speaker", f"{by_speaker_s:.3f} s",
         f"target < 1 s; {by_speaker_s * quiet:.3f} s at a quiet floor"),
        ("count_terms by doc_id", f"{by_doc_s:.3f} s",
         f"target < 1 s; {by_doc_s * quiet:.3f} s at a quiet floor; {len(by_doc):,} rows"),
        ("TermIndex build (once)", f"{index_s:.2f} s", ""),
        (f"keyword query (median of {args.queries})", f"{query_s * 1000:.1f} ms",
         f"target < 100 ms; max {max(query_times) * 1000:.1f} ms; "
         f"{query_s * 1000 * quiet:.1f} ms at a quiet floor"),
        ("kwic() one-off, no index", f"{kwic_s:.2f} s", f"{len(one_off):,} hits"),
        ("tokens table memory", f"{memory_mb:.0f} MB", "target < 1,000 MB"),
        ("peak RSS of this process", f"{peak_mb:.0f} MB", ""),
    ]
    rows.append(("load average (1 min), start / end", f"{load_before:.1f} / {load_after:.1f}",
                 f"2 cores; times x{quiet:.2f} = at the 2.6 s/100 MB floor of PERF-NOTES"))
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")
    OUT.mkdir(exist_ok=True)
    (OUT / f"bench_terms-{args.megabytes}mb.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
