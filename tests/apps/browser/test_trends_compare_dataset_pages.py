"""``turnkit dashboard DATASET``: the term-trends and compare dashboards query a Parquet dataset
on disk in the page (counts and keyness from its keyword index, not the corpus loaded).

The dataset is the browser corpus written with ``turnkit read --tokens``; expected charts come
from the package's in-memory functions on the same files in this process.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from pagekit import (
    open_page,
    screenshot,
    stderr_outputs,
    summary_text,
    turnkit_dashboard,
    wait_for_chart,
    wait_for_chart_equal,
    wait_for_summary_change,
)

import kit
from kit.plots import plot_keyness, plot_term_usage
from kit.terms.count import term_usage
from kit.terms.keyness import keyness
from kit.terms.query import label_as_typed


@pytest.fixture(scope="module")
def corpus(browser_corpus):
    return kit.read_transcripts(browser_corpus)


@pytest.fixture(scope="module")
def served(jupyter_env, browser_corpus, tmp_path_factory):
    """``turnkit dashboard DATASET`` running: ``{"urls": {page: url}, "dataset": folder}``."""
    turnkit = Path(sys.executable).parent / "turnkit"
    dataset = tmp_path_factory.mktemp("trends-compare") / "dataset"
    subprocess.run(
        [str(turnkit), "read", str(browser_corpus), "--out", str(dataset), "--tokens"],
        env=jupyter_env,
        check=True,
        capture_output=True,
    )
    with turnkit_dashboard(dataset, jupyter_env) as served:
        # Every dashboard is served beside the explorer, at its notebook's name.
        urls = {
            name: served.url.replace("explorer.ipynb", f"{name}.ipynb")
            for name in ("term_trends", "compare_speakers")
        }
        yield {"urls": urls, "dataset": dataset}


def _traces(fig):
    return [{"name": t.name, "x": [str(v) for v in t.x], "y": list(t.y)} for t in fig.data]


def _download_rows(page) -> list[dict]:
    with page.expect_download(timeout=90_000) as info:
        page.locator(".kit-download-button").click()
    return list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))


def test_trends_over_a_dataset_chart_what_memory_counts(served, page, corpus):
    query = "term=NATO&term=allies&speaker=Jens%20Stoltenberg&value=n"
    open_page(page, served["urls"]["term_trends"] + "?" + query)
    wait_for_chart(page, "kit-chart-speakers")
    page.wait_for_function(
        "document.querySelector('.kit-summary')?.innerText.startsWith('“NATO”, “allies”')"
    )
    tokens = corpus.tokens[corpus.tokens.speaker == "Jens Stoltenberg"]
    usage = label_as_typed(term_usage(tokens, ["NATO", "allies"]), ["NATO", "allies"])
    usage = usage[usage.n_words > 0]
    fig = plot_term_usage(
        usage, x="speaker", terms=["NATO", "allies"], value="n", speaker_order=["Jens Stoltenberg"]
    )
    wait_for_chart_equal(page, "kit-chart-speakers", _traces(fig))
    # A phrase typed in the page: its candidate turns are read from disk and searched.
    before = summary_text(page)
    box = page.locator(".kit-terms-text input")
    box.fill('nuclear, "power plant"')
    box.press("Enter")
    after = wait_for_summary_change(page, before)
    assert after.startswith("“nuclear”, “power plant”:"), after
    usage = term_usage(tokens, ["nuclear", "power plant"])
    usage = usage[usage.n_words > 0]
    fig = plot_term_usage(
        usage,
        x="speaker",
        terms=["nuclear", "power plant"],
        value="n",
        speaker_order=["Jens Stoltenberg"],
    )
    wait_for_chart_equal(page, "kit-chart-speakers", _traces(fig))
    rows = _download_rows(page)
    assert sum(int(r["n"]) for r in rows) == int(usage["n"].sum())
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors
    screenshot(page, "term-trends-dataset")


def test_compare_over_a_dataset_charts_the_keyness_memory_scores(served, page, corpus):
    speakers = ["Jens Stoltenberg", "Antony Blinken"]
    query = urllib.parse.urlencode(
        [("speaker", sp) for sp in speakers] + [("focus", "Antony Blinken")]
    )
    open_page(page, served["urls"]["compare_speakers"] + "?" + query)
    wait_for_chart(page, "kit-chart-keyness")
    page.wait_for_function(
        "document.querySelector('.kit-summary')?.innerText.startsWith('Comparing 2 speakers')"
    )
    tokens = corpus.tokens[corpus.tokens.speaker.isin(speakers)]
    key = keyness(tokens, by="speaker")
    fig = plot_keyness(
        key, target="Antony Blinken", value="z", top=10, reference_label="the other speakers"
    )
    wait_for_chart_equal(page, "kit-chart-keyness", _traces(fig))
    for chart in ("kit-chart-distinct", "kit-chart-share", "kit-chart-timeline"):
        wait_for_chart(page, chart)
    # The timeline's hover holds each turn's first words, read from disk for the turns drawn.
    hover = page.evaluate(
        """() => document.querySelector('.kit-chart-timeline.js-plotly-plot').data
                 .flatMap(t => Array.from(t.customdata || []).map(c => c[3]))"""
    )
    assert hover and all(text.strip() for text in hover), hover[:5]
    assert len(_download_rows(page)) == len(key)
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors
    screenshot(page, "compare-speakers-dataset")
    # Nothing was loaded whole: the dataset's keyword index answered.
    assert (served["dataset"] / "postings").is_dir()
