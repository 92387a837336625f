"""The compare-speakers and term-trends dashboards in Voila and Chromium.

Each: non-empty charts on first load with no error output; a filter change gives the chart
data the package computes for the same filter; a link restores the state; the CSV download
holds the rows of the view; the hostile transcript runs nothing; a screenshot is saved.
"""

from __future__ import annotations

import csv
import io
import urllib.parse

import pytest
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
from kit.plots import plot_keyness, plot_term_usage
from kit.terms.count import term_usage
from kit.terms.keyness import keyness
from kit.terms.query import label_as_typed


@pytest.fixture(scope="module")
def corpus(browser_corpus):
    return kit.read_transcripts(browser_corpus)


def _traces(fig):
    return [{"name": t.name, "x": [str(v) for v in t.x], "y": list(t.y)} for t in fig.data]


def _no_harm(page):
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src='x'], img[src='y']").count() == 0
    assert page.dialogs == []
    assert stderr_outputs(page) == []


def _download_rows(page) -> list[dict]:
    with page.expect_download(timeout=90_000) as info:
        page.locator(".kit-download-button").click()
    return list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))


# -- compare speakers ------------------------------------------------------------------------

COMPARE = "/voila/render/compare_speakers.ipynb"


def _expected_keyness(corpus, speakers, focus):
    tokens = corpus.tokens[corpus.tokens.speaker.isin(speakers)]
    key = keyness(tokens, by="speaker")
    fig = plot_keyness(key, target=focus, value="z", top=10, reference_label="the other speakers")
    return key, _traces(fig)


def test_compare_first_load_then_pick_speakers(voila_server, page, corpus):
    open_page(page, voila_server["base"] + COMPARE)
    for chart in ("kit-chart-distinct", "kit-chart-keyness", "kit-chart-share",
                  "kit-chart-timeline"):
        wait_for_chart(page, chart)
        assert any(len(t["y"]) for t in chart_data(page, chart)), chart
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors
    share_labels = page.locator(".kit-chart-share").inner_text()
    # The hostile title is drawn as text (its markup shown; labels cut in the middle).
    assert '<a href="https://evil.example/">' in share_labels and "on markup" in share_labels
    assert page.locator(".js-plotly-plot a[href*='evil.example']").count() == 0
    _no_harm(page)
    screenshot(page, "compare-speakers")
    before = summary_text(page)
    select = page.locator(".kit-speakers-select select")
    labels = select.evaluate("el => Array.from(el.options).map(o => o.text)")
    picks = [i for i, label in enumerate(labels)
             if label.replace("\xa0", " ").startswith(("Jens Stoltenberg (", "Antony Blinken ("))]
    select.select_option(index=picks)
    wait_for_summary_change(page, before)
    page.wait_for_function(
        "document.querySelector('.kit-summary').innerText.startsWith('Comparing 2 speakers')")
    speakers = ["Jens Stoltenberg", "Antony Blinken"]
    focus = page.locator(".kit-focus select").input_value()
    key, expected = _expected_keyness(corpus, speakers, focus)
    wait_for_chart_equal(page, "kit-chart-keyness", expected)
    rows = _download_rows(page)
    assert len(rows) == len(key)
    assert stderr_outputs(page) == []


def test_compare_link_restores_speakers_and_focus(voila_server, page, corpus):
    speakers = ["Jens Stoltenberg", "Antony Blinken"]
    query = urllib.parse.urlencode([("speaker", sp) for sp in speakers]
                                   + [("focus", "Antony Blinken")])
    open_page(page, voila_server["base"] + COMPARE + "?" + query)
    wait_for_chart(page, "kit-chart-keyness")
    page.wait_for_function(
        "document.querySelector('.kit-summary')?.innerText.startsWith('Comparing 2 speakers')")
    assert page.locator(".kit-focus select").input_value() == "Antony Blinken"
    _, expected = _expected_keyness(corpus, speakers, "Antony Blinken")
    wait_for_chart_equal(page, "kit-chart-keyness", expected)


# -- term trends -----------------------------------------------------------------------------

TRENDS = "/voila/render/term_trends.ipynb"


def _expected_usage(corpus, speakers, terms):
    tokens = corpus.tokens[corpus.tokens.speaker.isin(speakers)]
    usage = label_as_typed(term_usage(tokens, terms), terms)
    usage = usage[usage.n_words > 0]
    fig = plot_term_usage(usage, x="speaker", terms=list(usage.term.cat.categories),
                          speaker_order=[sp for sp in corpus.speaker_names if sp in speakers])
    return _traces(fig)


def test_trends_first_load_then_speaker_and_terms(voila_server, page, corpus):
    open_page(page, voila_server["base"] + TRENDS)
    for chart in ("kit-chart-time", "kit-chart-speakers"):
        wait_for_chart(page, chart)
        assert all(len(t["y"]) for t in chart_data(page, chart)), chart
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors
    _no_harm(page)
    screenshot(page, "term-trends")
    before = summary_text(page)
    select_starting_with(page.locator(".kit-speakers-select select"), "Mr. Price (")
    before = wait_for_summary_change(page, before)
    box = page.locator(".kit-terms-text input")
    box.fill('nuclear, "power plant"')
    box.press("Enter")
    after = wait_for_summary_change(page, before)
    assert after.startswith("“nuclear”, “power plant”:")
    wait_for_chart_equal(page, "kit-chart-speakers",
                         _expected_usage(corpus, ["Mr. Price"], ["nuclear", "power plant"]))
    rows = _download_rows(page)
    assert {r["term"] for r in rows} == {"nuclear", "power plant"}
    total = sum(int(r["n"]) for r in rows)
    assert after.startswith(f"“nuclear”, “power plant”: {total} uses")


def test_trends_link_restores_terms_and_speakers(voila_server, page, corpus):
    query = "term=NATO&term=allies&speaker=Jens%20Stoltenberg&value=n"
    open_page(page, voila_server["base"] + TRENDS + "?" + query)
    wait_for_chart(page, "kit-chart-speakers")
    page.wait_for_function(
        "document.querySelector('.kit-summary')?.innerText.startsWith('“NATO”, “allies”')")
    assert page.locator(".kit-terms-text input").input_value() == "NATO, allies"
    tokens = corpus.tokens[corpus.tokens.speaker == "Jens Stoltenberg"]
    usage = label_as_typed(term_usage(tokens, ["NATO", "allies"]), ["NATO", "allies"])
    usage = usage[usage.n_words > 0]
    fig = plot_term_usage(usage, x="speaker", terms=["NATO", "allies"], value="n",
                          speaker_order=["Jens Stoltenberg"])
    wait_for_chart_equal(page, "kit-chart-speakers", _traces(fig))


def test_compare_focus_stays_after_a_date_change_and_the_list_shows_the_defaults(
        voila_server, page):
    from pagekit import type_date

    open_page(page, voila_server["base"] + COMPARE)
    wait_for_chart(page, "kit-chart-keyness")
    # The default speakers are compared, and the list says so (not "all").
    status = page.locator(".kit-speakers-status").inner_text()
    assert status.startswith("4 selected"), status
    assert "the speakers with the most words" in summary_text(page)
    # A readable table: headings, not column names.
    heads = page.locator(".kit-speaker-table th").all_inner_texts()
    assert heads[:4] == ["Speaker", "Turns", "Words", "Share of words"]
    page.locator(".kit-focus select").select_option("Antony Blinken")
    page.wait_for_function("document.querySelector('.kit-share-link')?.getAttribute('href')"
                           ".includes('focus=Antony')")
    type_date(page.locator(".kit-dates-from input"), "2022-03-04")
    page.wait_for_function("document.querySelector('.kit-share-link')?.getAttribute('href')"
                           ".includes('from=2022-03-04')", timeout=90_000)
    assert page.locator(".kit-focus select").input_value() == "Antony Blinken"
    # Every turn's bar in a lane of its document (the hostile title's lane stayed empty when
    # the bars' labels were escaped twice and the axis' once).
    lanes = page.evaluate("""() => {
        const el = document.querySelector('.kit-chart-timeline.js-plotly-plot');
        const lanes = Array.from(el.layout.yaxis.categoryarray);
        return {lanes, outside: el.data.flatMap(t => Array.from(t.y || []))
                                      .filter(y => !lanes.includes(y)),
                bars: el.data.reduce((n, t) => n + (t.y || []).length, 0)};
    }""")
    assert len(lanes["lanes"]) == 2 and lanes["outside"] == [] and lanes["bars"] == 5, lanes
    assert stderr_outputs(page) == []
    screenshot(page, "compare-focus-after-date-change")


def test_trends_by_decade_and_csv_with_speakers(voila_server, page, corpus):
    open_page(page, voila_server["base"] + TRENDS + "?term=NATO")
    wait_for_chart(page, "kit-chart-time")
    page.locator(".kit-freq select").select_option(label="decade")
    page.wait_for_function("""() => {
        const el = document.querySelector('.kit-chart-time.js-plotly-plot');
        return el && el.data.length && Array.from(el.data[0].x).every(
            x => String(x).startsWith('2020-01-01')); }""", timeout=90_000)
    assert "words)" in summary_text(page) and "content words" not in summary_text(page)
    # One decade: one tick, named as the decade, on an axis a decade wide (not 2020-01-01
    # with a day either side).
    page.wait_for_function("""() => Array.from(document.querySelectorAll(
        '.kit-chart-time .xtick text')).map(t => t.textContent).join('|') === '2020s'""",
        timeout=30_000)
    rows = _download_rows(page)
    assert list(rows[0])[:6] == ["period", "speaker", "term", "n", "n_words", "per_1k"]
    assert {r["speaker"] for r in rows} <= set(corpus.speaker_names)
    assert sum(int(r["n"]) for r in rows) == sum(
        int(t) for t in page.evaluate(
            "Array.from(document.querySelector('.kit-chart-time.js-plotly-plot').data[0]"
            ".customdata).filter(v => v !== null)"))
    screenshot(page, "term-trends-decade")


def test_trends_chart_as_typed_wrap_at_1024_and_link_to_the_other_dashboards(
        voila_server, page):
    page.set_viewport_size({"width": 1024, "height": 900})
    open_page(page, voila_server["base"] + TRENDS)
    wait_for_chart(page, "kit-chart-time")
    # The links row: the other two dashboards, relative (same server, same corpus).
    nav = page.locator(".kit-nav a")
    assert nav.evaluate_all("els => els.map(a => a.getAttribute('href'))") == [
        "explorer.ipynb", "compare_speakers.ipynb"]
    assert page.locator(".kit-nav b").inner_text() == "Term trends"
    # Typing alone (no Enter) charts the terms once typing pauses.
    before = summary_text(page)
    box = page.locator(".kit-terms-text input")
    box.click()
    box.press("Control+A")
    box.press_sequentially('war, peace, "nuclear"', delay=30)
    page.wait_for_function("document.querySelector('.kit-summary')?.innerText"
                           ".startsWith('“war”, “peace”, “nuclear”:')", timeout=30_000)
    assert summary_text(page) != before
    # Each legend in rows between its title and its plot (a column beside the plot scrolled
    # with 8 terms at 1600 px).
    page.wait_for_function("""() => ['time', 'speakers'].every(c => {
        const gd = document.querySelector(`.kit-chart-${c}.js-plotly-plot`);
        const title = gd?.querySelector('.gtitle'), legend = gd?.querySelector('.legend');
        if (!title || !legend || !gd._fullLayout) return false;
        const plotTop = gd.getBoundingClientRect().top + gd._fullLayout._size.t;
        return legend.getBoundingClientRect().top >= title.getBoundingClientRect().bottom - 1
            && legend.getBoundingClientRect().bottom <= plotTop + 1; })""", timeout=30_000)
    # At 1024 px the controls stay whole: the two toggle buttons side by side, all inside
    # (the reviewer's page stacked them with the period "day").
    page.locator(".kit-freq select").select_option(label="day")
    page.wait_for_function("document.querySelector('.kit-share-link')?.getAttribute('href')"
                           ".includes('freq=D')", timeout=30_000)
    tops = page.locator(".kit-value button").evaluate_all(
        "els => els.map(b => Math.round(b.getBoundingClientRect().top))")
    assert len(set(tops)) == 1, tops
    for css in (".kit-bands", ".kit-download-button", ".kit-value"):
        box = page.locator(css).first.bounding_box()
        assert box["x"] + box["width"] <= 1024, (css, box)
    # Intervals and counts go into the link; with counts the intervals box is greyed out
    # (intervals are of rates) and kept for the way back.
    page.locator(".kit-bands input").check()
    page.locator(".kit-value button", has_text="count").click()
    page.wait_for_function("(() => { const h = document.querySelector('.kit-share-link')"
                           "?.getAttribute('href') || ''; return h.includes('value=n') && "
                           "h.includes('bands=1'); })()", timeout=30_000)
    page.wait_for_function("document.querySelector('.kit-bands input')?.disabled === true",
                           timeout=30_000)
    screenshot(page, "term-trends-1024-typed")
    # An empty box says so instead of keeping the last terms.
    page.locator(".kit-terms-text input").fill("")
    page.wait_for_function("document.querySelector('.kit-summary')?.innerText"
                           ".includes('Type one or more terms')", timeout=30_000)
    assert stderr_outputs(page) == []
    screenshot(page, "term-trends-1024-empty")


def test_trends_intervals_over_time_after_counts(voila_server, page):
    # Back from counts to rates with intervals ticked, the time chart emptied and said
    # "Trace index 0 out of range" at every later change (the bands' dates could not be sent).
    open_page(page, voila_server["base"] + TRENDS + "?term=NATO&value=n&bands=1&freq=D")
    wait_for_chart(page, "kit-chart-time")
    page.locator(".kit-value button", has_text="per 1,000").click()
    page.wait_for_function("""() => {
        const el = document.querySelector('.kit-chart-time.js-plotly-plot');
        return el && el.data.map(t => t.name).join('|') === 'NATO interval|NATO'; }""",
        timeout=90_000)
    page.locator(".kit-freq select").select_option(label="month")
    page.wait_for_function("document.querySelector('.kit-share-link')?.getAttribute('href')"
                           ".includes('freq=M')", timeout=30_000)
    page.wait_for_timeout(500)
    band = chart_data(page, "kit-chart-time")[0]
    assert band["name"] == "NATO interval" and len(band["x"]) == len(band["y"]) > 0, band
    assert page.locator(".kit-errors").inner_text().strip() == ""
    assert stderr_outputs(page) == [] and page.console_errors == []
    screenshot(page, "term-trends-intervals-after-counts")


def _annotation_inside(page, css_class: str) -> dict:
    """The message annotation's box and the chart's, as drawn (left/right in px)."""
    return page.evaluate("""cls => {
        const el = document.querySelector('.' + cls + '.js-plotly-plot');
        const text = el && el.querySelector('.annotation-text');
        if (!text) return null;
        const a = text.getBoundingClientRect(), c = el.getBoundingClientRect();
        return {text: text.textContent, left: a.left, right: a.right,
                chartLeft: c.left, chartRight: c.right};
    }""", css_class)


def test_trends_long_message_fits_its_chart_at_1024(voila_server, page):
    # One line of 100 characters ran past both edges of the chart at 1024 px.
    page.set_viewport_size({"width": 1024, "height": 900})
    open_page(page, voila_server["base"] + TRENDS + "?term=NATO")
    wait_for_chart(page, "kit-chart-time")
    page.locator(".kit-terms-text input").fill("")
    page.wait_for_function("document.querySelector('.kit-summary')?.innerText"
                           ".includes('Type one or more terms')", timeout=30_000)
    page.wait_for_function("""() => { const t = document.querySelector(
        '.kit-chart-time .annotation-text'); return t && t.textContent.includes('Type one'); }""",
        timeout=30_000)
    box = _annotation_inside(page, "kit-chart-time")
    screenshot(page, "term-trends-1024-message")
    assert box["chartLeft"] <= box["left"] and box["right"] <= box["chartRight"], box

