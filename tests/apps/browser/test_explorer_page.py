"""The explorer dashboard in Voila and Chromium: first load, filters, link, CSV, hostile text.

Expected values are computed in this process with the package, from the same files the
server reads (``TURNKIT_CORPUS``), for the same filter.
"""

from __future__ import annotations

import csv
import io
import urllib.parse

import pytest
from browser_corpus import PWN_IMG, PWN_SCRIPT
from pagekit import (
    chart_data,
    open_page,
    screenshot,
    select_starting_with,
    stderr_outputs,
    summary_text,
    wait_for_chart,
    wait_for_chart_equal,
    wait_for_summary_change,
)

import kit
from kit.apps.assets import BASIC_TRACE_TYPES
from kit.plots import plot_term_usage
from kit.terms.count import term_usage
from kit.terms.kwic import kwic
from kit.terms.query import label_as_typed

PATH = "/voila/render/explorer.ipynb"


@pytest.fixture(scope="module")
def corpus(browser_corpus):
    return kit.read_transcripts(browser_corpus)


def open_explorer(page, server, query: str = "") -> None:
    open_page(page, server["base"] + PATH + (f"?{query}" if query else ""))
    wait_for_chart(page, "kit-chart-speakers")
    wait_for_chart(page, "kit-chart-time")


def expected_speaker_chart(corpus, speakers: list[str], terms: list[str]):
    tokens = corpus.tokens[corpus.tokens.speaker.isin(speakers)]
    usage = label_as_typed(term_usage(tokens, terms), terms)
    usage = usage[usage.n_words > 0]
    fig = plot_term_usage(usage, x="speaker", terms=list(usage.term.cat.categories),
                          speaker_order=speakers)
    return [{"name": t.name, "x": [str(v) for v in t.x], "y": list(t.y)} for t in fig.data]


def test_first_load_renders_charts_and_no_errors(voila_server, page, corpus):
    open_explorer(page, voila_server)
    speakers = chart_data(page, "kit-chart-speakers")
    assert speakers and all(len(t["y"]) for t in speakers)
    assert any(y > 0 for t in speakers for y in t["y"])
    assert all(len(t["y"]) for t in chart_data(page, "kit-chart-time"))
    assert summary_text(page).startswith(f"{len(corpus.turns)} turns in 2 documents")
    assert page.locator(".kit-kwic tr.kit-row").count() == len(corpus.turns)
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors
    assert page.external_requests == []  # no CDN (Font Awesome was asked for)
    screenshot(page, "explorer-first-load")


def test_plotly_is_loaded_once_and_asked_for_from_the_page_head(voila_server, page):
    open_explorer(page, voila_server)
    urls = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    bundles = [u for u in urls if "plotly" in u]
    # One copy, our own asset, imported by the head script of the kit's page template (not
    # jupyterlab-plotly's copy, which the dashboards do not need).
    assert len(bundles) == 1 and "/turnkit-assets/plotly-widgetbundle-" in bundles[0]
    head = page.evaluate("document.head.innerHTML")
    assert "turnkit-assets/plotly-widgetbundle-" in head and "import(" in head
    # The widget code runs on plotly.js's basic bundle (kit.apps.assets), which drew the charts.
    assert "-basic-" in bundles[0]
    assert page.evaluate("Object.keys(window.Plotly.PlotSchema.get().traces).sort()") == sorted(
        BASIC_TRACE_TYPES)


def test_speaker_and_keyword_change_table_and_charts(voila_server, page, corpus):
    page.set_viewport_size({"width": 1024, "height": 1000})
    open_explorer(page, voila_server)
    before = summary_text(page)
    select_starting_with(page.locator(".kit-speakers-select select"), "Mr. Price (")
    before = wait_for_summary_change(page, before)
    page.locator(".kit-keyword-text input").fill("NATO")
    page.locator(".kit-keyword-text input").press("Enter")
    after = wait_for_summary_change(page, before)
    expected = kwic(corpus, "NATO", speakers=["Mr. Price"])
    assert after.startswith(f"{len(expected)} hits for “NATO” in 1 document by 1 speaker")
    rows = page.locator(".kit-kwic tr.kit-row")
    assert rows.count() == len(expected)
    assert rows.locator("td.kit-hit").all_inner_texts() == list(expected.hit)
    assert set(rows.locator(".kit-speaker").all_inner_texts()) == {"Mr. Price"}
    # Single-spaced under a one-line head at 1024 px (rows were on 28 px lines under a
    # heading of three: 20 hits made a page 5,000 px tall).
    line, head = page.evaluate("""() => [
        parseFloat(getComputedStyle(document.querySelector('.kit-kwic td.kit-left')).lineHeight),
        document.querySelector('.kit-kwic thead tr').getBoundingClientRect().height]""")
    assert line < 20 and head < 1.6 * 20, (line, head)
    wait_for_chart_equal(page, "kit-chart-speakers",
                         expected_speaker_chart(corpus, ["Mr. Price"], ["NATO"]))
    assert stderr_outputs(page) == []
    screenshot(page, "explorer-filtered")


def test_query_string_link_restores_the_state_and_csv_has_its_rows(voila_server, page, corpus):
    query = urllib.parse.urlencode({"speaker": "Jens Stoltenberg", "q": "nuclear",
                                    "from": "2022-03-01", "to": "2022-03-04"})
    open_explorer(page, voila_server, query)
    page.wait_for_function("document.querySelector('.kit-summary')?.innerText.includes(' for “')")
    selected = page.locator(".kit-speakers-select select").evaluate(
        "el => Array.from(el.selectedOptions).map(o => o.value)")
    assert len(selected) == 1
    assert page.locator(".kit-keyword-text input").input_value() == "nuclear"
    assert page.locator(".kit-dates-from input").input_value() == "2022-03-01"
    expected = kwic(corpus, "nuclear", speakers=["Jens Stoltenberg"])
    assert len(expected)
    assert summary_text(page).startswith(
        f"{len(expected)} hit{'s' * (len(expected) != 1)} for “nuclear”")
    wait_for_chart_equal(page, "kit-chart-speakers",
                         expected_speaker_chart(corpus, ["Jens Stoltenberg"], ["nuclear"]))
    href = page.locator(".kit-share-link").get_attribute("href")
    assert urllib.parse.parse_qs(href.lstrip("?"))["q"] == ["nuclear"]
    # The CSV download holds the rows shown.
    with page.expect_download(timeout=90_000) as info:
        page.locator(".kit-download-button").click()
    assert info.value.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))
    shown = page.locator(".kit-kwic tr.kit-row")
    assert len(rows) == len(expected) == shown.count()
    assert [r["hit"] for r in rows] == shown.locator("td.kit-hit").all_inner_texts()
    assert [r["speaker"] for r in rows] == shown.locator(".kit-speaker").all_inner_texts()
    assert [r["left"].strip() for r in rows] == [
        t.lstrip("…").strip() for t in shown.locator("td.kit-left").all_inner_texts()]


def test_hostile_transcript_shows_markup_as_text_and_runs_nothing(voila_server, page):
    open_explorer(page, voila_server, "q=afternoon")
    page.wait_for_function("document.querySelector('.kit-summary')?.innerText.includes(' for “')")
    row = page.locator(".kit-kwic tr.kit-row", has_text="This line has")
    detail = row.locator("xpath=following-sibling::tr[1]")  # the turn, across the table
    detail.locator("details summary").click()
    turn = detail.locator(".kit-turn").inner_text()
    assert PWN_IMG in turn and PWN_SCRIPT in turn
    options = page.locator(".kit-documents-select select").inner_text().replace("\xa0", " ")
    assert '<img src=y onerror="window.__pwned=3">' in options
    page.wait_for_timeout(500)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x'], img[src='y']").count() == 0
    assert page.locator("script", has_text="__pwned").count() == 0
    assert page.dialogs == []
    screenshot(page, "explorer-hostile")


def test_uploaded_files_replace_the_corpus_and_every_chart_keeps_updating(voila_server, page,
                                                                         tmp_path):
    open_explorer(page, voila_server)
    before = summary_text(page)
    good = ('[{"speaker": "Ms. Uploader", "text": "Uploads work. <script>window.__pwned=4'
            '</script> Uploads are read."}]')
    tiny = '[{"speaker": "Ms. Tiny", "text": "Small files count too."}]'
    files = {
        "mine.json": good.encode(),
        "broken.txt": bytes(range(256)) * 8,
        **{f"c{i}.json": tiny.encode() for i in range(2)},
    }
    paths = []
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        paths.append(tmp_path / name)
    with page.expect_file_chooser() as chooser:
        page.locator(".kit-upload button").click()
    chooser.value.set_files(paths)
    after = wait_for_summary_change(page, before, timeout_ms=120_000)
    # (The limits, 20 files and 10 MB a file, are tested in tests/apps/test_corpus_choice.py.
    # The page once froze here for 40-60 s: the time chart's new traces reached plotly.js
    # before their layout, see kit.apps.figurewidget.update_figure.)
    assert after.startswith("3 turns in 3 documents by 2 speakers"), after
    message = page.locator(".kit-upload-message").inner_text()
    assert "Read 3 files: mine.json, c0.json, c1.json" in message
    assert "broken.txt" in message and "binary" in message
    # The table starts at its first page again.
    assert page.locator(".kit-page").inner_text().strip().startswith("1–3 of 3 turns (page 1")
    assert "<script>window.__pwned=4</script>" in page.locator(".kit-kwic").inner_text()
    labels = page.locator(".kit-speakers-select select").inner_text().replace("\xa0", " ")
    assert labels.startswith("Ms. Uploader (1 turn,")
    # Every chart shows the uploaded corpus, and keeps updating after the upload.
    page.wait_for_function("""() => {
        const el = document.querySelector('.kit-chart-speakers.js-plotly-plot');
        return el && el.data.length && el.data.every(t => Array.from(t.x).every(
            x => x === 'Ms. Uploader' || x === 'Ms. Tiny'));
    }""", timeout=90_000)
    box = page.locator(".kit-keyword-text input")
    box.press_sequentially("uploads", delay=30)  # searched as typed: no Enter
    page.wait_for_function(
        "document.querySelector('.kit-summary')?.innerText.startsWith('2 hits for “uploads”')")
    page.wait_for_function("""() => {
        const el = document.querySelector('.kit-chart-speakers.js-plotly-plot');
        return el && el.data.length === 1 && el.data[0].name === 'uploads'
            && Array.from(el.data[0].x).join() === 'Ms. Uploader,Ms. Tiny'
            && el.data[0].y[0] > 0 && el.data[0].y[1] === 0;
    }""", timeout=90_000)
    page.wait_for_function("""() => {
        const el = document.querySelector('.kit-chart-dispersion.js-plotly-plot');
        return el && el.data.some(t => t.x && t.x.length === 2);
    }""", timeout=90_000)
    # A link made now opens the server's corpus, and so do the other dashboards: the page
    # says so.
    assert "not the files you uploaded" in page.locator(".kit-share").inner_text()
    corpus_line = page.locator(".kit-corpus").inner_text()
    assert corpus_line.startswith("Corpus: your upload, 3 documents, 3 turns, 2 speakers")
    assert "the other dashboards show the corpus the server started with" in corpus_line
    assert page.evaluate("window.__pwned") is None
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors
    screenshot(page, "explorer-after-upload")


def test_an_upload_over_the_count_limit_names_what_it_refused_and_sends_big_files(
        voila_server, page, tmp_path):
    """The page's own checks: the 21st file is refused with the reason, and a file of several
    1 MiB chunks arrives whole (a selection over the websocket's 10 MiB once vanished)."""
    open_explorer(page, voila_server)
    before = summary_text(page)
    big = '[{"speaker": "Ms. Big", "text": "' + "Chunks arrive whole. " * 130_000 + 'End."}]'
    paths = [tmp_path / "big.json"]
    paths[0].write_text(big)
    assert paths[0].stat().st_size > 2 * 2**20  # three chunks at least
    for i in range(20):
        path = tmp_path / f"c{i:02d}.json"
        path.write_text(f'[{{"speaker": "Ms. Tiny", "text": "File {i}."}}]')
        paths.append(path)
    with page.expect_file_chooser() as chooser:
        page.locator(".kit-upload button").click()
    chooser.value.set_files(paths)
    after = wait_for_summary_change(page, before, timeout_ms=120_000)
    assert after.startswith("20 turns in 20 documents by 2 speakers"), after
    message = page.locator(".kit-upload-message").inner_text()
    assert "c19.json" in message and "at most 20 files per upload" in message, message
    assert "Ms. Big (1 turn, 390,001 words)" in page.locator(
        ".kit-speakers-select select").inner_text().replace("\xa0", " ")
    screenshot(page, "explorer-upload-over-the-limit")
