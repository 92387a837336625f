"""How fast keyness, tf-idf, n-grams, collocations and speaker summaries are at scale.

Reads (once per run of this script) the synthetic corpus that bench_read.py and bench_terms.py
write under benchmarks/out/ (seed-like plain-text transcripts; 100 MB is about 18 million
tokens), builds its tokens table, then times in this process, as medians of ``--runs`` runs:

- ``keyness(tokens, by="speaker")``: every speaker against the rest, all terms;
- ``keyness(tokens, target=<one speaker>)``: one speaker against the rest;
- ``tf_idf(tokens, by="doc_id")`` and ``tf_idf(tokens, by="speaker")``;
- ``ngrams(tokens, n=2)``, ``collocations(tokens, n=2)``, ``collocations(tokens, n=3)``;
- ``merge_phrases(tokens, [...])`` with two phrases;
- ``speaker_summary(turns, by="doc_id")``.

Results also go to benchmarks/out/bench_keyness-<MB>mb.json.

Usage: ``python benchmarks/bench_keyness.py [--megabytes 100] [--runs 3]``
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def corpus_folder(megabytes: int) -> Path:
    """The shared synthetic corpus of that size (see synth.py)."""
    sys.path.insert(0, str(HERE))
    from synth import synthetic_corpus

    return synthetic_corpus(megabytes)


def timed(fn, runs: int) -> tuple[float, float, object]:
    """Median wall and CPU seconds of ``runs`` calls, and the last result.

    CPU time is reported too because the machine is shared: wall time varies with the load.
    """
    walls, cpus, result = [], [], None
    for _ in range(runs):
        result = None
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import kit

    folder = corpus_folder(args.megabytes)
    start = time.perf_counter()
    corpus = kit.read_transcripts(folder, progress=False)
    tokens = corpus.tokens
    setup_s = time.perf_counter() - start
    speaker = corpus.turns["speaker"].value_counts().index[0]
    print(
        f"{args.megabytes} MB: {len(corpus.documents):,} documents, {len(corpus.turns):,} "
        f"turns, {len(tokens):,} tokens, {tokens['speaker'].nunique()} speakers, "
        f"{tokens['term'].nunique():,} terms (read + tokenize {setup_s:.1f} s)"
    )

    cases = {
        "keyness by speaker (each vs rest)": lambda: kit.keyness(tokens, by="speaker"),
        f"keyness target={speaker!r}": lambda: kit.keyness(tokens, target=speaker),
        "tf_idf by doc_id": lambda: kit.tf_idf(tokens, by="doc_id"),
        "tf_idf by speaker": lambda: kit.tf_idf(tokens, by="speaker"),
        "ngrams n=2": lambda: kit.ngrams(tokens, n=2),
        "collocations n=2": lambda: kit.collocations(tokens, n=2),
        "collocations n=3": lambda: kit.collocations(tokens, n=3),
        "merge_phrases (2 phrases)": lambda: kit.merge_phrases(
            tokens, ["nuclear power plant", "united states"]
        ),
        "speaker_summary by doc_id": lambda: kit.speaker_summary(corpus.turns, by="doc_id"),
    }
    results = {}
    for name, fn in cases.items():
        seconds, cpu, out = timed(fn, args.runs)
        results[name] = {"seconds": round(seconds, 3), "cpu_s": round(cpu, 3), "rows": len(out)}
        print(f"  {name:<40} {seconds:7.2f} s wall {cpu:7.2f} s cpu {len(out):>12,} rows")
    OUT.mkdir(exist_ok=True)
    path = OUT / f"bench_keyness-{args.megabytes}mb.json"
    path.write_text(
        json.dumps(
            {
                "tokens": len(tokens),
                "setup_s": round(setup_s, 1),
                "runs": args.runs,
                "results": results,
            },
            indent=2,
        )
    )
    print(f"written to {path}")


if __name__ == "__main__":
    main()
