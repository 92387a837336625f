"""How fast ``read_transcripts`` makes documents, turns and phrases, against a floor.

Writes (once, under benchmarks/out/) synthetic corpora of plain-text transcripts like the
seed, then, in fresh processes, times for each size:

- the floor: read every file and run one ``re.finditer(r"\\w+")`` pass over its text;
- ``read_transcripts`` on one core (``n_jobs=1``) and on all cores;
- the peak memory the read adds (max RSS after minus before), against the text size.

Prints medians of ``--runs`` runs and the ratios the reading issue sets targets for
(read within 3x the floor on one core, linear from 10 to 100 MB, memory under 5x text).

Usage: ``python benchmarks/bench_read.py [--sizes 10 100] [--runs 3]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

_CHILD = r"""
import json, re, resource, sys, time
from pathlib import Path
mode, folder, jobs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
files = sorted(folder.rglob("*.txt"))
if mode == "floor":
    t = time.perf_counter()
    n = 0
    for f in files:
        n += sum(1 for _ in re.finditer(r"\w+", f.read_bytes().decode("utf-8")))
    print(json.dumps({"seconds": time.perf_counter() - t, "words": n}))
else:
    import kit
    # `import kit` is lazy: load the reading stack (pandas, pyarrow, polars) first, so
    # the peak counts what the read adds, not the libraries.
    import kit.read.read, kit.terms.tokens, kit.read.segment, polars
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    c = kit.read_transcripts(folder, n_jobs=jobs, progress=False)
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mb": (after - before) / 1024,
                      "child_peak_mb": kids / 1024, "documents": len(c.documents),
                      "turns": len(c.turns), "phrases": len(c.phrases)}))
"""


def corpus(megabytes: int) -> Path:
    """The shared synthetic corpus of that size (see synth.py)."""
    sys.path.insert(0, str(HERE))
    from synth import synthetic_corpus

    return synthetic_corpus(megabytes)


def run(mode: str, folder: Path, jobs: int) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, mode, str(folder), str(jobs)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=0, help="cores for the parallel run (0: all)")
    args = parser.parse_args()
    import os

    jobs = args.jobs or os.cpu_count() or 1
    rows = []
    for size in args.sizes:
        folder = corpus(size)
        text_mb = sum(p.stat().st_size for p in folder.rglob("*.txt")) / 1e6
        floor = [run("floor", folder, 1)["seconds"] for _ in range(args.runs)]
        one = [run("read", folder, 1) for _ in range(args.runs)]
        many = [run("read", folder, jobs) for _ in range(args.runs)]
        med = statistics.median
        row = {
            "size_mb": round(text_mb, 1),
            "files": one[0]["documents"], "turns": one[0]["turns"], "phrases": one[0]["phrases"],
            "floor_s": med(floor),
            "read_1core_s": med(r["seconds"] for r in one),
            f"read_{jobs}cores_s": med(r["seconds"] for r in many),
            "peak_mb_1core": med(r["peak_mb"] for r in one),
        }
        row["ratio_1core_to_floor"] = row["read_1core_s"] / row["floor_s"]
        row[f"ratio_{jobs}cores_to_floor"] = row[f"read_{jobs}cores_s"] / row["floor_s"]
        row["peak_to_text"] = row["peak_mb_1core"] / text_mb
        rows.append(row)
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}),
              flush=True)
    if len(rows) >= 2:
        a, b = rows[0], rows[-1]
        scale = b["size_mb"] / a["size_mb"]
        grow = b["read_1core_s"] / a["read_1core_s"]
        floor_grow = b["floor_s"] / a["floor_s"]
        print(f"linearity: {b['size_mb']:.0f} MB takes {grow:.2f}x the time of "
              f"{a['size_mb']:.0f} MB for {scale:.2f}x the text (per MB: {grow / scale:.2f}; "
              f"the floor grew {floor_grow:.2f}x, so machine noise is {floor_grow / scale:.2f})")


if __name__ == "__main__":
    main()
