"""``turnkit dashboard DATASET``: the explorer searches a Parquet dataset on disk in the page.

The dataset is the browser corpus written with ``turnkit read --tokens``; expected hits come
from :func:`kit.kwic` on the same files in this process.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pagekit import (
    open_page,
    screenshot,
    summary_text,
    turnkit_dashboard,
    wait_for_chart,
    wait_for_summary_change,
)

import kit
from kit.terms.kwic import kwic


def test_a_keyword_search_over_a_dataset_draws_its_hits(
    jupyter_env, browser_corpus, page, tmp_path
):
    turnkit = Path(sys.executable).parent / "turnkit"
    dataset = tmp_path / "dataset"
    subprocess.run(
        [str(turnkit), "read", str(browser_corpus), "--out", str(dataset), "--tokens"],
        env=jupyter_env,
        check=True,
        capture_output=True,
    )
    corpus = kit.read_transcripts(browser_corpus)
    expected = kwic(corpus, "NATO")
    assert len(expected) > 1

    with turnkit_dashboard(dataset, jupyter_env) as server:
        url, printed = server.url, server.printed
        # `turnkit dashboard` built the keyword index before the page asked for it.
        assert any("keyword index" in line for line in printed), printed
        assert (dataset / "postings").is_dir()
        open_page(page, url)
        wait_for_chart(page, "kit-chart-speakers")
        before = summary_text(page)
        page.locator(".kit-keyword-text input").fill("NATO")
        page.locator(".kit-keyword-text input").press("Enter")
        summary = wait_for_summary_change(page, before)
        assert summary.startswith(f"{len(expected)} hits for"), summary
        rows = page.locator(".kit-kwic tr.kit-row")
        assert rows.count() == min(len(expected), 20)
        hits = page.locator(".kit-kwic .kit-hit").all_inner_texts()
        assert hits == list(expected["hit"][:20])
        wait_for_chart(page, "kit-chart-dispersion")
        screenshot(page, "explorer-dataset-nato")
