"""The phrase splitter: speed on the synthetic corpus, accuracy on hand-checked text.

Prints the throughput of :func:`kit.read.phrases.split_phrases` (MB/s, median of runs) over the
turns of benchmarks/out/synthetic-10mb (written by bench_read.py), and boundary precision,
recall and F1 on a gold set of hard cases written by hand (abbreviations, decimals,
quotes, ellipses). If pysbd is installed, its F1 on the same gold set is printed beside ours.

Usage: ``python benchmarks/bench_phrases.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import kit
from kit.read.phrases import split_spans

HERE = Path(__file__).resolve().parent

HARD = [
    ["Mr. Price met Dr. Smith.", "Then they left."],
    ["We are in the U.S.", "We stay."],
    ["The U.S. government agrees with Gen. Milley and Sen. Risch on No. 2."],
    ["At 2 p.m. Tuesday we met.", "It went well."],
    ["It rose 2.5 percent to $1,000.", "Good."],
    ["Antony J. Blinken spoke.", "Yes."],
    ['He said, "Go."', "Then he went."],
    ["Well... and then.", "Wait…", "Really?"],
    ["What?!", "Yes!"],
    ["The briefing ended at 2:25 p.m.", "The room emptied."],
]


def gold() -> list[list[str]]:
    return HARD


def boundaries(sentences: list[str], spans: list[tuple[int, int]] | None = None) -> set[int]:
    if spans is not None:
        return {b for _, b in spans[:-1]}
    out, pos = set(), 0
    for sentence in sentences[:-1]:
        pos += len(sentence)
        out.add(pos)
        pos += 1
    return out


def score(split) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for sentences in gold():
        text = " ".join(sentences)
        truth = boundaries(sentences)
        found = split(text)
        tp += len(truth & found)
        fp += len(found - truth)
        fn += len(truth - found)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, 2 * precision * recall / (precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    p, r, f = score(lambda text: boundaries([], split_spans(text)))
    print(f"kit rules: precision {p:.3f} recall {r:.3f} F1 {f:.3f} on {len(gold())} gold texts")
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)

        def pysbd_split(text: str) -> set[int]:
            spans = [(s.start, s.end) for s in seg.segment(text)]
            return {len(text[:b].rstrip()) for _, b in spans[:-1]}

        p, r, f = score(pysbd_split)
        print(f"pysbd:     precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    except ImportError:
        print("pysbd not installed: no comparison")
    folder = HERE / "out" / "synthetic-10mb"
    if not folder.is_dir():
        print(f"{folder} missing: run benchmarks/bench_read.py first for the speed figure")
        return
    from kit.read.phrases import split_phrases

    turns = kit.read_transcripts(folder, progress=False).turns
    texts = list(turns["text"])
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        found = split_phrases(texts)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"split_phrases: {len(found):,} phrases from {megabytes:.1f} MB of turns in "
          f"{median:.3f} s (median of {args.runs}) = {megabytes / median:.1f} MB/s")


if __name__ == "__main__":
    main()
