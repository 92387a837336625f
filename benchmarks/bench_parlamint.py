"""How fast the ParlaMint TEI reader reads a corpus, against a plain lxml walk.

Generates (never commits) a synthetic ParlaMint-style corpus in a temporary folder: a
corpus root file (``teiCorpus``) with its person and organisation lists included from
``ParlaMint-XX-listPerson.xml`` / ``-listOrg.xml``, and many sittings of ``<u>``/``<seg>``
turns with the usual mix of notes between utterances, inline ``<kinesic>``/``<vocal>`` and
a ``<note type="speaker">`` label before some utterances. Then, in fresh processes,
reports medians over ``--runs`` rounds, each running every step below once in turn, of:

- the floor: ``lxml.etree.iterparse`` over every file, touching each element's text and
  tail and clearing elements as it goes;
- the reader alone: decoding each file and ``parse_parlamint`` (text, turns, speakers);
- ``kit.read_transcripts`` on the folder (one core, and all cores): documents, turns,
  phrases, speakers (the reader, then the tables every format shares);
- the peak memory the read adds (max RSS after minus before), against the XML size and
  against the normalised text the kit keeps;
- with ``--big``, the same for one sitting of that many MB (``read_transcript``), the
  streaming case.

Targets from the reading issue: the read within 3x the floor, peak memory under 5x text.
Times are wall-clock seconds and, for the one-process runs, CPU seconds of the process
(``_cpu_s``): on a shared machine the CPU time is the steadier measure of the two.
Imports are outside the clock in every mode (lxml for the floor, every format's reader for
the read: about 0.3 s once per process). "All cores" is the wall time of a read using a
process per core; its CPU time is spread over the workers and not reported. Each ratio to
the floor is the median of the rounds' own ratios: this machine's speed drifts by 20-30%
over minutes, and a floor measured minutes before the reads would mix that drift in.

Usage: ``python benchmarks/bench_parlamint.py [--mb 100] [--runs 3] [--big 50]``

Last measured (100 MB, 2 cores, load average 4-6 from other work: wall figures are not the
machine's; runs alternating with the code before the change). A quiet run before it: floor
1.28 s, reader alone 2.92x, one process 6.21x (7.88 cpu s), 2 processes 4.52 s = 3.54x. Since
then each batch's phrases and word counts are done as it arrives, while the workers parse
(``kit.read.build.prepare_all``); only the steps across documents wait for the last batch:
that serial step went from 2.75 to 0.38-0.53 cpu s (5.9-6.7 -> 0.4-1.1 s wall at that load).
Tables from 100 parsed batches in one process: 2.5-2.75 -> 2.25-2.4 cpu s. Bench, before ->
after: 2 processes 8.54 -> 8.38 s wall (load 5.4 / 4.5), one process 8.1 cpu s both, peak 4.71x
-> 4.60x text. What stops 3x: the read's work is ~8.2 cpu s (workers ~5.2: the ParlaMint reader
3.75, rows ~1; parent ~3: phrase pieces 0.5 and the word-count regex 0.6 s, polars' cost per
match), so on 2 cores even a perfect overlap takes ~4.1 s = 3.2x; under 3x needs ~1 cpu s less.
On a quiet machine after it (load 2.0, medians of 3): floor 1.28 s, reader alone 2.92x, one
process 7.52 s wall / 7.64 cpu s (5.97x), 2 processes 4.27 s = 3.34x, peak 4.69x the text.

2026-12-07, a faster machine (2 cores, load 2.0, medians of 3), after lxml parses ParlaMint's
UTF-8 bytes (-5% parse instructions), the serial tail works on integer codes (0.23 -> 0.07
cpu s) and phrase word counts count spaces where that is exact: floor 0.71 s, reader alone
3.05x, one process 4.58 s wall / 4.65 cpu s (6.52x), 2 processes 2.51 s = 3.52x, peak 4.00x
the text; one 50 MB sitting 3.88x its text. The same code before those changes, under load,
was 4.9-5.25 cpu s in one process. Under 3x on 2 cores needs the whole read under ~4.3 cpu s
with a perfect overlap: the Python walk of each <u> (~1.5 cpu s) and polars' phrase pieces
(~0.5) are most of what is left.

2026-12-07, later (load 1.3, medians of 3), after the TEI, Akoma Ntoso and generic XML readers
were added (the sniffing of 200 sittings: 13.1 -> 13.9 ms): floor 0.77 s, reader alone 2.98x,
one process 4.56 s wall / 4.64 cpu s (5.99x), 2 processes 2.76 s = 3.56x, peak 4.00x the text.
The ParlaMint path itself is unchanged.

2026-12-07, stop 23 (2 cores, load 0.2-2.0, medians of 5, the code before the change run
between two runs of the change): phrase pieces are cut by marking where each ends and
splitting there (a regex engine scans back over a whole match to find its start; the ends
are a few characters): piece cutting 0.40 -> 0.21 cpu s on these 75 MB of turns, the
per-batch phrase and word-count work 1,604 -> 1,084 M instructions on 20 sittings, a whole
one-process read of them 4,458 -> 3,882 M (callgrind); ParlaMint documents skip the scan for
lone surrogates. Floor 0.72-0.73 s; one process 4.57 and 4.37 cpu s (6.24x, 6.00x) against
4.86 (6.73x) before; 2 processes 2.46 s = 3.36x and 2.81 s = 3.86x against 2.65 s = 3.66x
before (the wall of two processes swings ~15% from run to run here); peak 4.02x the text.

2026-12-07, stop 24: the rounds now run the floor and each read in turn, the ratios medians of
the rounds' own (5 rounds, load 0.5-1.2): floor 0.74 s, reader alone 3.13x, one process 6.60x
cpu, 2 processes 2.86 s = 3.93x, peak 4.08x the text. The ParlaMint path did not change this
session (callgrind, 20 sittings in one process: 3,877-3,885 M instructions before and after):
that figure against stop 23's 3.36-3.86x is this machine's drift, which the rounds now keep out
of each ratio but not out of the figures of one day against another's.

2026-12-07, stop 25 (5 rounds, load 0.6-1.1): floor 0.74 s, reader alone 3.13x, one process
6.59x cpu, 2 processes 2.78 s = 3.71x, peak 4.06x the text. Tried and dropped: each sitting
parsed whole and flattened by an XSLT stylesheet (libxslt) into records a short Python pass
turns into documents. It gave the streaming walk's documents exactly (4,000 generated
sittings and every real one compared), but cost more: the tree parse, the transform and
freeing the tree take ~1.25-1.6 cpu s on these 100 MB against ~0.6 for the streaming parse,
and the records' Python pass ~0.7 (with naming the speakers ~1.0), so the read took 4.9-5.2
cpu s against 4.3-4.7 for the walk (four rounds alternating the two, one process).

2026-12-08, stop 26: a person's name and party are worked out once per period between the
dates their names and affiliations change, not once per sitting (ParlaMint reader on 20
sittings 1,999 -> 1,918 M instructions, the whole one-process read 3,930 -> 3,840 M,
callgrind). Three runs (load 1.0-1.8): 2 processes 3.45x (3 rounds), 4.10x and 3.61x (5
rounds each); reader alone 2.69x, 3.64x, 2.99x; peak 4.00-4.04x the text. The spread is this
machine's: the floor stays at 0.74-0.76 s while the Python-heavy reads swing by a third.
Measured and left alone: the add_blocks scans for layout whitespace (~3 us a turn, a "  "
search in a text of spaces costs ~1.8 ns a character), decoding the file when lxml reads its
bytes (0.11 cpu s), the cyclic GC in the reader processes (1.5-3.5%, within the noise).

2026-12-08, stop 27 (5 rounds each, load 0.6-1.8), eight runs of the final code: 2 processes
2.77x, 2.84x, 2.90x, 2.91x, 2.96x, 3.02x, 3.17x, 3.18x (median 2.94x; the high ones as the
machine slowed, reader alone 2.6-2.9x there against 2.4x), peak 4.08-4.14x the text. Before the
changes, the same day: 3.28x (3 rounds) and 3.06-3.25x. What changed: the parent splits each
arriving batch's phrases in one polars call instead of two threads (the workers have the cores;
~4 ms a call), and in threads again once the workers are done; lxml keeps no table of xml:ids
(the pull parse 0.52 -> 0.39 cpu s); the parent's objects are frozen (gc.freeze) while the
workers run, so their collections do not copy its pages (page faults 122k -> 112k); the workers
collect garbage ~70x less often (~3% of their instructions); decode_utf8 looks for CR and NUL
in the bytes (0.065 -> 0.042 s). In fresh processes alternating with the code before: 2-process
wall 2.32 -> 2.12 s after the first change, CPU 5.0 -> 4.5 s after the second; 1.95-2.05 s wall
at the end. Measured and left alone: glibc's trim and mmap thresholds (8% fewer page faults, no
CPU to see), the "  " search of add_blocks (CPython's two-character search; 13 ms per 7.5 MB
whichever way: re, bytes, find), polars' thread pool in the parent (POLARS_MAX_THREADS=1 saved
0.1-0.2 cpu s, but only an environment variable before polars' import sets it).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import _VOCAB, _sentence  # noqa: E402  (the seed-like sentences of bench_read)

_TEI = "http://www.tei-c.org/ns/1.0"
_GROUPS = ["SDP", "NLP", "GRN", "CON", "LIB", "IND", "PIR", "AGR"]
_NOTES = ["Applause", "Laughter in the chamber", "Interruption from the left benches",
          "The sitting was suspended", "Noise in the hall"]


def _person_id(rng: random.Random, i: int) -> tuple[str, str, str]:
    words = [w for w in _VOCAB[200:] if w.isalpha()]
    forename = rng.choice(words).capitalize()
    surname = rng.choice(words).capitalize() + ("" if i % 7 else rng.choice(words))
    return f"{surname}{forename}", forename, surname


def write_lists(folder: Path, rng: random.Random, n_people: int) -> list[str]:
    """The corpus root and its person and organisation lists; the person ids."""
    orgs = "\n".join(
        f'  <org xml:id="group.{g}" role="parliamentaryGroup"><orgName full="yes" '
        f'xml:lang="en">Group {g}</orgName><orgName full="abb">{g}</orgName></org>'
        for g in _GROUPS)
    orgs += ('\n  <org xml:id="GOV" role="government"><orgName full="yes" xml:lang="en">'
             'Government</orgName></org>')
    people, ids = [], []
    for i in range(n_people):
        pid, forename, surname = _person_id(rng, i)
        pid = f"{pid}{i}" if pid in ids else pid
        ids.append(pid)
        affiliations = [f'<affiliation role="member" ref="#group.{rng.choice(_GROUPS)}" '
                        f'from="2010-01-01" to="2018-12-31"/>',
                        f'<affiliation role="member" ref="#group.{rng.choice(_GROUPS)}" '
                        f'from="2019-01-01"/>']
        if i % 25 == 0:
            affiliations.append('<affiliation role="minister" ref="#GOV" from="2015-01-01">'
                                '<roleName xml:lang="en">Minister of Synthetic Affairs'
                                '</roleName></affiliation>')
        people.append(f'  <person xml:id="{pid}"><persName><surname>{surname}</surname>'
                      f'<forename>{forename}</forename></persName>{"".join(affiliations)}'
                      '</person>')
    (folder / "ParlaMint-XX-listOrg.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<listOrg xmlns="{_TEI}">\n{orgs}\n'
        '</listOrg>\n', encoding="utf-8")
    (folder / "ParlaMint-XX-listPerson.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<listPerson xmlns="{_TEI}">\n'
        + "\n".join(people) + "\n</listPerson>\n", encoding="utf-8")
    (folder / "ParlaMint-XX.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<teiCorpus xmlns="{_TEI}" '
        'xmlns:xi="http://www.w3.org/2001/XInclude" xml:lang="xx">\n<teiHeader><fileDesc>'
        '<titleStmt><title type="main">Synthetic ParlaMint-XX</title></titleStmt></fileDesc>'
        '<profileDesc><particDesc><xi:include href="ParlaMint-XX-listOrg.xml"/>'
        '<xi:include href="ParlaMint-XX-listPerson.xml"/></particDesc></profileDesc>'
        '</teiHeader>\n<xi:include href="ParlaMint-XX_2020-01-01.xml"/>\n</teiCorpus>\n',
        encoding="utf-8")
    return ids


def sitting(rng: random.Random, index: int, ids: list[str], target: int) -> str:
    """One ParlaMint-style sitting of about ``target`` bytes."""
    day = f"20{15 + index % 9}-{1 + index % 12:02d}-{1 + index % 28:02d}"
    xid = f"ParlaMint-XX_{day}-{index}"
    out = [f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{_TEI}" xml:id="{xid}" '
           f'xml:lang="xx">\n  <teiHeader>\n    <fileDesc>\n      <titleStmt>\n'
           f'        <title type="main" xml:lang="en">Synthetic parliament [ParlaMint]</title>\n'
           f'        <title type="sub" xml:lang="en">Sitting {index}, {day}</title>\n'
           f'        <meeting n="9" corresp="#XX" ana="#parla.term">Term 9</meeting>\n'
           f'        <meeting n="{index}" corresp="#XX" ana="#parla.session">{index}'
           '</meeting>\n      </titleStmt>\n    </fileDesc>\n    <profileDesc><settingDesc>'
           f'<setting><name type="city">Capital</name><date when="{day}"/></setting>'
           '</settingDesc></profileDesc>\n  </teiHeader>\n  <text>\n    <body>\n'
           '      <div type="debateSection">\n        <head>Item 1</head>\n']
    size = sum(map(len, out))
    chair = ids[index % len(ids)]
    n = 0
    while size < target:
        n += 1
        who = chair if n % 3 == 1 else rng.choice(ids)
        ana = "#chair" if who == chair else "#regular"
        parts = []
        if rng.random() < 0.3:
            parts.append(f'        <note type="speaker">Member {who}</note>\n')
        segs = []
        for k in range(rng.choice([1, 1, 2, 3, 5])):
            sentences = [escape(_sentence(rng)) for _ in range(rng.randint(1, 6))]
            if rng.random() < 0.1:
                sentences.insert(rng.randrange(len(sentences) + 1),
                                 '<kinesic type="applause"><desc>Applause.</desc></kinesic>')
            if rng.random() < 0.05:
                sentences.insert(rng.randrange(len(sentences) + 1),
                                 '<vocal type="interruption"><desc>Interjection.</desc></vocal>')
            segs.append(f'          <seg xml:id="{xid}.u{n}.s{k}">{" ".join(sentences)}</seg>\n')
        parts.append(f'        <u who="#{who}" ana="{ana}" xml:id="{xid}.u{n}">\n'
                     + "".join(segs) + "        </u>\n")
        if rng.random() < 0.25:
            parts.append(f"        <note>{rng.choice(_NOTES)}</note>\n")
        out.extend(parts)
        size += sum(map(len, parts))
    out.append('        <note type="time">The sitting closed.</note>\n      </div>\n'
               '    </body>\n  </text>\n</TEI>\n')
    return "".join(out)


def write_corpus(folder: Path, megabytes: float, *, file_kb: int = 500, seed: int = 0) -> None:
    rng = random.Random(seed)
    ids = write_lists(folder, rng, 600)
    n = max(1, int(megabytes * 1000 / file_kb))
    for i in range(n):
        (folder / f"ParlaMint-XX_{i:05d}.xml").write_text(
            sitting(rng, i, ids, file_kb * 1000), encoding="utf-8")


_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mode, target, jobs = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
files = sorted(target.glob("ParlaMint-XX_*.xml")) if target.is_dir() else [target]
if mode == "floor":
    import lxml.etree
    cpu = time.process_time()
    t = time.perf_counter()
    chars = 0
    for f in files:
        for _, el in lxml.etree.iterparse(str(f), events=("end",)):
            chars += len(el.text or "") + len(el.tail or "")
            el.clear(keep_tail=True)
    print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - cpu,
                      "chars": chars}))
elif mode == "parse":
    from kit.read.decoding import decode
    from kit.read.formats.parlamint import parse_parlamint
    cpu = time.process_time()
    t = time.perf_counter()
    turns = 0
    for f in files:
        for doc in parse_parlamint(decode(f.read_bytes(), source=str(f)), source=str(f)):
            turns += len(doc.turns)
    print(json.dumps({"seconds": time.perf_counter() - t, "cpu": time.process_time() - cpu,
                      "turns": turns}))
else:
    import kit
    import kit.read.read, kit.read.formats.parlamint, kit.read.segment, polars  # load first
    from kit.read.formats import check_options
    check_options({})  # imports every format's reader, as the floor imports lxml untimed
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu = time.process_time()
    t = time.perf_counter()
    c = kit.read_transcripts(target if target.is_dir() else [target], n_jobs=jobs or None,
                             progress=False)
    seconds = time.perf_counter() - t
    cpu = time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # the normalised text of a document ends with its trailer, after its last turn
    text = int(c.turns.groupby("doc_id")["end_char"].max().sum()
               + c.documents["trailer"].str.len().sum())
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": (after - before) / 1024,
                      "documents": len(c.documents), "turns": len(c.turns),
                      "phrases": len(c.phrases), "speakers": len(c.speakers),
                      "named": int(c.speakers["party"].notna().sum()),
                      "text_chars": text}))
"""


def run(mode: str, target: Path, jobs: int = 1) -> dict:
    """One measurement in a fresh process (``jobs=0``: the reader's default, all cores)."""
    out = subprocess.run([sys.executable, "-c", _CHILD, mode, str(target), str(jobs)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(target: Path, runs: int, xml_mb: float) -> dict:
    """Medians of ``runs`` rounds; each round runs the floor and every read one after
    another, and the ratios are medians of each round's own ratios: this machine's speed
    drifts by 20-30% over minutes, which a ratio of medians taken minutes apart would mix in."""
    rounds = []
    for _ in range(runs):
        one = {"floor": run("floor", target), "parse": run("parse", target),
               "read": run("read", target)}
        if target.is_dir():
            one["many"] = run("read", target, 0)
        rounds.append(one)
    med = statistics.median
    reads = [r["read"] for r in rounds]

    def ratio(key: str, field: str = "seconds", floor_field: str = "seconds") -> float:
        return med(r[key][field] / r["floor"][floor_field] for r in rounds)

    many = target.is_dir()
    row = {
        "xml_mb": round(xml_mb, 1),
        "text_mb": round(reads[0]["text_chars"] / 1e6, 1),
        **{k: reads[0][k] for k in ("documents", "turns", "phrases", "speakers", "named")},
        "floor_s": med(r["floor"]["seconds"] for r in rounds),
        "parse_s": med(r["parse"]["seconds"] for r in rounds),
        "read_s": med(r["read"]["seconds"] for r in rounds),
        "read_all_cores_s": med(r["many"]["seconds"] for r in rounds) if many else None,
        "floor_cpu_s": med(r["floor"]["cpu"] for r in rounds),
        "parse_cpu_s": med(r["parse"]["cpu"] for r in rounds),
        "read_cpu_s": med(r["read"]["cpu"] for r in rounds),
        "peak_mb": med(r["peak_mb"] for r in reads),
        "parse_to_floor": ratio("parse"),
        "ratio_to_floor": ratio("read"),
        "parse_to_floor_cpu": ratio("parse", "cpu", "cpu"),
        "ratio_to_floor_cpu": ratio("read", "cpu", "cpu"),
        "all_cores_to_floor": ratio("many") if many else None,
    }
    row["peak_to_xml"] = row["peak_mb"] / xml_mb
    row["peak_to_text"] = row["peak_mb"] / (reads[0]["text_chars"] / 1e6)
    row["load_average"] = os.getloadavg()[0]
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()}


def summary(name: str, row: dict) -> str:
    """The figures of :func:`measure` as a table: seconds, CPU seconds, ratios to the floor."""
    lines = [f"{name}: {row['xml_mb']} MB of XML, {row['text_mb']} MB of text, "
             f"{row['documents']} documents, {row['turns']:,} turns, {row['phrases']:,} "
             f"phrases (load average {row['load_average']}, {os.cpu_count()} cores)",
             f"  {'step':<38}{'wall s':>8}{'x floor':>9}{'cpu s':>8}{'x floor':>9}"]
    steps = [("lxml iterparse walk (the floor)", "floor"), ("ParlaMint reader alone", "parse"),
             ("kit.read (one process)", "read")]
    ratios = {"floor": (1.0, 1.0), "parse": (row["parse_to_floor"], row["parse_to_floor_cpu"]),
              "read": (row["ratio_to_floor"], row["ratio_to_floor_cpu"])}
    for label, key in steps:
        lines.append(f"  {label:<38}{row[key + '_s']:>8.2f}{ratios[key][0]:>9.2f}"
                     f"{row[key + '_cpu_s']:>8.2f}{ratios[key][1]:>9.2f}")
    build = row["read_cpu_s"] - row["parse_cpu_s"]
    lines.append(f"  {'  of which tables from parsed rows':<38}{'':>8}{'':>9}{build:>8.2f}"
                 f"{build / row['floor_cpu_s']:>9.2f}")
    if row["read_all_cores_s"]:
        label = f"kit.read ({os.cpu_count()} processes, wall)"
        lines.append(f"  {label:<38}{row['read_all_cores_s']:>8.2f}"
                     f"{row['all_cores_to_floor']:>9.2f}")
    lines.append(f"  peak memory added by the read: {row['peak_mb']:.0f} MB = "
                 f"{row['peak_to_text']:.2f}x the text (target < 5x)")
    many = (f"; all cores, wall: {row['all_cores_to_floor']:.2f}x"
            if row["read_all_cores_s"] else "")
    lines.append(f"  the read against the floor (target < 3x): one process, cpu: "
                 f"{row['ratio_to_floor_cpu']:.2f}x{many} (the floor is one process)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=100, help="size of the corpus of sittings")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--big", type=float, default=0,
                        help="also read one sitting of this many MB (0: skip)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-parlamint-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        write_corpus(corpus, args.mb)
        xml_mb = sum(p.stat().st_size for p in corpus.glob("ParlaMint-XX_*.xml")) / 1e6
        row = measure(corpus, args.runs, xml_mb)
        print(json.dumps({"corpus": row}), flush=True)
        print(summary(f"{args.mb:g} MB corpus", row), flush=True)
        if args.big:
            big = tmp / "big"
            big.mkdir()
            rng = random.Random(1)
            ids = write_lists(big, rng, 600)
            path = big / "ParlaMint-XX_big.xml"
            path.write_text(sitting(rng, 1, ids, int(args.big * 1e6)), encoding="utf-8")
            row = measure(path, args.runs, path.stat().st_size / 1e6)
            print(json.dumps({"one_sitting": row}), flush=True)
            print(summary(f"one sitting of {args.big:g} MB (streaming)", row), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
