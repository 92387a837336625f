"""How fast word-form queries and collocates are, kernel side, on the synthetic corpus.

Reads the shared synthetic corpus (see synth.py; bench_terms.py makes the same one), builds a
``TermIndex`` once, then times what the explorer does for a keyword (its hits for two
speakers, a page of 20 KWIC rows, usage by speaker) for each kind of query:

- a plain word (``sanctions``, possessives folded: the default), and the same with folding
  off, for comparison with bench_terms.py's keyword query;
- a possessive-folded proper noun (``Russia`` also finds ``Russia's``);
- wildcards (``sanction*``, ``*-term``, ``Ukrain?``) and a phrase with one (``nuclear pow*``);
- a lemma (``sanction``, ``lemma=True``), after the vocabulary's lemmas were made once
  (timed on its own);

and ``collocates`` of one term over the whole corpus (±5 words), with the index and one-off;
and the bundled sentiment lexicon's categories by speaker, as the term-trends page counts them.

Prints medians of ``--runs`` runs against the targets of issue 14: a word-form query under
100 ms, collocates under 1 s. Results also go to benchmarks/out/bench_forms-<MB>mb.json.

Usage: ``python benchmarks/bench_forms.py [--megabytes 100] [--runs 15]``
"""

from __future__ import annotations

import argparse
import json
import os
import time

from bench_terms import OUT, corpus_folder, timed

QUERIES = [
    ("plain word", "sanctions", {}),
    ("plain word, folding off", "sanctions", {"fold_possessives": False}),
    ("possessive folded", "Russia", {}),
    ("wildcard at the end", "sanction*", {}),
    ("wildcard at the start", "*-term", {}),
    ("one character or none", "Ukrain?", {}),
    ("phrase with a wildcard", "nuclear pow*", {}),
    ("lemma", "sanction", {"lemma": True}),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=int, default=100)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    import kit
    from kit.terms.collocates import collocates
    from kit.terms.kwic import TermIndex, matched_forms

    load_before = os.getloadavg()[0]
    folder = corpus_folder(args.megabytes)
    t = time.perf_counter()
    corpus = kit.read_transcripts(folder, progress=False)
    tokens = corpus.tokens
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    index = TermIndex(corpus)
    index_s = time.perf_counter() - t
    t = time.perf_counter()
    index.hits("sanction", lemma=True)  # the vocabulary's lemmas, made once per index
    lemmas_s = time.perf_counter() - t
    speakers = list(tokens["speaker"].value_counts().index[:2])

    rows, figures = [], {"megabytes": args.megabytes, "tokens": len(tokens),
                         "terms": len(index.terms), "read_s": read_s, "index_s": index_s,
                         "lemma_vocabulary_s": lemmas_s, "queries": {}}
    for label, query, options in QUERIES:
        def explorer_query(query=query, options=options):
            first, _ = index.hits(query, speakers=speakers, **options)
            index.kwic(query, speakers=speakers, limit=20, **options)
            index.term_usage(query, speakers=speakers, **options)
            return len(first)

        seconds, hits = timed(explorer_query, args.runs)
        forms = len(matched_forms(corpus, query, index=index, **options))
        figures["queries"][label] = {"query": query, "ms": seconds * 1000, "hits": hits,
                                     "forms": forms}
        rows.append((f"{label}: {query}", f"{seconds * 1000:.1f} ms",
                     f"target < 100 ms; {hits:,} hits, {forms} forms"))
    # Dictionary categories (the term-trends page counts them twice per refresh).
    lexicon = kit.sentiment_lexicon()
    cat_s, _ = timed(lambda: index.term_usage(lexicon, speakers=speakers), args.runs)
    figures["categories_ms"] = cat_s * 1000
    rows.append(("sentiment lexicon by speaker (2 categories)", f"{cat_s * 1000:.1f} ms",
                 f"{sum(map(len, lexicon.values()))} entries, with the index"))
    coll_s, table = timed(lambda: collocates(corpus, "sanctions", index=index), args.runs)
    once_s, _ = timed(lambda: collocates(corpus, "sanctions"), 3)
    figures.update(collocates_s=coll_s, collocates_one_off_s=once_s,
                   collocates_rows=len(table), load_before=load_before,
                   load_after=os.getloadavg()[0])
    rows.append(("collocates of 'sanctions', ±5 words", f"{coll_s * 1000:.0f} ms",
                 f"target < 1 s; {len(table):,} collocates (with the index)"))
    rows.append(("collocates, one-off (no index)", f"{once_s * 1000:.0f} ms", ""))
    rows.append(("TermIndex build (once)", f"{index_s:.2f} s", ""))
    rows.append(("lemmas of the vocabulary (once)", f"{lemmas_s * 1000:.0f} ms",
                 f"{len(index.terms):,} terms"))
    rows.append(("load average (1 min), start / end",
                 f"{load_before:.1f} / {figures['load_after']:.1f}", "2 cores, shared"))
    print(f"corpus: {args.megabytes} MB, {len(tokens):,} tokens (read in {read_s:.0f} s)")
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>10}  {note}")
    OUT.mkdir(exist_ok=True)
    (OUT / f"bench_forms-{args.megabytes}mb.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
