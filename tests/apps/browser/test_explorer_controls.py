"""The explorer's controls and layout in Voila and Chromium at 1024 and 1600 px wide.

Search as you type, a speaker search that lists only matches and drops no earlier choice,
documents narrowed to the chosen speakers, the dispersion chart redrawn for each view (not
the last view's strips), a message instead of empty axes, bad link dates named, no live
link in a chart, and a layout where charts fill the column and nothing is cut off.
"""

from __future__ import annotations

import html

import pytest
from pagekit import (
    open_page,
    screenshot,
    select_starting_with,
    stderr_outputs,
    summary_text,
    wait_for_chart,
)

import kit
from kit.apps.explorer import Explorer

PATH = "/voila/render/explorer.ipynb"
WIDTHS = (1024, 1600)


@pytest.fixture(scope="module")
def corpus(browser_corpus):
    return kit.read_transcripts(browser_corpus)


def open_explorer(page, server, query: str = "", width: int = 1400) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, server["base"] + PATH + (f"?{query}" if query else ""))
    try:
        wait_for_chart(page, "kit-chart-speakers")
        wait_for_chart(page, "kit-chart-time")
    except Exception:
        screenshot(page, f"explorer-not-drawn-{width}")  # what the page showed instead
        raise


def _poll(page, script: str, ok, timeout_s: float = 30.0):
    """Evaluate ``script`` until ``ok(result)``; fail with the last result."""
    import time

    deadline = time.perf_counter() + timeout_s
    while True:
        got = page.evaluate(script)
        if ok(got):
            return got
        if time.perf_counter() > deadline:
            raise AssertionError(f"still {got}")
        page.wait_for_timeout(100)


def options(page, css: str) -> list[str]:
    return page.locator(f"{css} select").evaluate(
        "el => Array.from(el.options).map(o => o.text.replace(/\\u00a0/g, ' '))")


def chosen(page, css: str) -> list[str]:
    return page.locator(f"{css} select").evaluate(
        "el => Array.from(el.selectedOptions).map(o => o.value)")


def test_keyword_is_searched_as_typed(voila_server, page):
    open_explorer(page, voila_server)
    page.locator(".kit-keyword-text input").press_sequentially("nuclear", delay=40)
    page.wait_for_function(
        "document.querySelector('.kit-summary')?.innerText.includes(' for “nuclear”')")
    assert page.locator(".kit-keyword-text input").input_value() == "nuclear"
    screenshot(page, "explorer-typed-keyword")


def test_speaker_search_lists_matches_and_keeps_earlier_choices(voila_server, page):
    open_explorer(page, voila_server)
    search = page.locator(".kit-speakers-search input")
    search.fill("price")
    page.wait_for_function("""() => Array.from(document.querySelectorAll(
        '.kit-speakers-select select option')).every(o => o.text.includes('Price'))""")
    page.locator(".kit-speakers-select select").select_option(index=0)
    page.wait_for_function(
        "document.querySelector('.kit-summary')?.innerText.includes('1 speaker selected')")
    search.fill("stolt")
    page.wait_for_function("""() => { const o = Array.from(document.querySelectorAll(
        '.kit-speakers-select select option')); return o.length === 1
        && o[0].text.replace(/\u00a0/g, ' ').startsWith('Jens Stoltenberg'); }""")
    page.locator(".kit-speakers-select select").select_option(index=0)
    page.wait_for_function(
        "document.querySelector('.kit-speakers-status')?.innerText.includes("
        "'2 selected (1 not shown)')")
    page.wait_for_function(
        "document.querySelector('.kit-summary')?.innerText.includes('2 speakers selected')")
    search.fill("")
    page.wait_for_function("""() => document.querySelector('.kit-speakers-select select')
        .selectedOptions.length === 2""")
    picked = sorted(chosen(page, ".kit-speakers-select"))
    assert [p.replace("\xa0", " ").split(" (")[0] for p in picked] == [
        "Jens Stoltenberg", "Mr. Price"]
    screenshot(page, "explorer-speaker-search")


def test_documents_narrow_to_the_chosen_speakers(voila_server, page, corpus):
    open_explorer(page, voila_server)
    assert len(options(page, ".kit-documents")) == 2
    before = summary_text(page)
    select_starting_with(page.locator(".kit-speakers-select select"), "Jens Stoltenberg (")
    page.wait_for_function("""before => document.querySelector('.kit-summary')
        .innerText !== before""", arg=before)
    docs = corpus.turns[corpus.turns.speaker == "Jens Stoltenberg"].doc_id.unique()
    page.wait_for_function(f"""() => document.querySelector('.kit-documents-select select')
        .options.length === {len(docs)}""")
    assert "markup" not in " ".join(options(page, ".kit-documents"))
    screenshot(page, "explorer-documents-narrowed")


def _page_dispersion(page) -> dict:
    return page.evaluate("""() => {
        const el = document.querySelector('.kit-chart-dispersion.js-plotly-plot');
        return {categories: Array.from(el.layout.yaxis.categoryarray || []),
                range: el.layout.yaxis.range,
                y: el.data.map(t => Array.from(t.y || [])),
                shown: Array.from(el.querySelectorAll('.yaxislayer-above .ytick text'))
                    .map(e => e.textContent)};
    }""")


def _wait_dispersion(page, expected, timeout_s: float = 30.0) -> dict:
    import time

    deadline = time.perf_counter() + timeout_s
    while True:
        got = _page_dispersion(page)
        # Tick labels as drawn: plotly decodes the escaped text (html.unescape).
        if (got["categories"] == expected["categories"] and got["y"] == expected["y"]
                and sorted(got["shown"]) == sorted(html.unescape(c)
                                                   for c in expected["categories"])):
            return got
        if time.perf_counter() > deadline:
            raise AssertionError(f"dispersion chart is {got}, expected {expected}")
        page.wait_for_timeout(100)


def _expected_dispersion(corpus, query: str) -> dict:
    app = Explorer(corpus, upload=False, query=query)
    fig = app.figures(app.view)["dispersion"]
    return {"categories": list(fig.layout.yaxis.categoryarray),
            "y": [list(t.y) for t in fig.data]}


def test_dispersion_chart_is_redrawn_for_each_view(voila_server, page, corpus):
    open_explorer(page, voila_server)
    # No keyword: a message, not empty axes.
    disp = page.locator(".kit-chart-dispersion")
    assert "type a keyword" in disp.locator(".annotation-text").text_content()
    assert disp.locator(".xtick").count() == 0 and disp.locator(".ytick").count() == 0
    box = page.locator(".kit-keyword-text input")
    box.fill("NATO")
    box.press("Enter")
    expected = _expected_dispersion(corpus, "q=NATO")
    assert len(expected["categories"]) == 2
    _wait_dispersion(page, expected)
    # A narrower view: its strips only, not the last view's labels.
    select_starting_with(page.locator(".kit-speakers-select select"), "Mr. Price (")
    narrower = _expected_dispersion(corpus, "q=NATO&speaker=Mr.%20Price")
    got = _wait_dispersion(page, narrower)
    assert got["range"] == [len(narrower["categories"]) - 0.5, -0.5]
    # No live link in any chart (a title holds an <a href>).
    assert page.locator(".js-plotly-plot a[href*='evil.example']").count() == 0
    assert '<a href="https://evil.example/">' in disp.inner_text()  # shown as text
    screenshot(page, "explorer-dispersion")


def test_dispersion_rows_of_several_terms_are_in_date_order(voila_server, page, corpus):
    # The first term's only hit is in the later document: rows must still follow the dates,
    # not the order the hits arrive in, after a change from a one-term view.
    open_explorer(page, voila_server, "q=NATO")
    _wait_dispersion(page, _expected_dispersion(corpus, "q=NATO"))
    box = page.locator(".kit-keyword-text input")
    box.fill("claims, NATO")
    box.press("Enter")
    expected = _expected_dispersion(corpus, "q=claims%2C%20NATO")
    got = _wait_dispersion(page, expected)
    # The documents by date: the NATO ministerial (2022-03-04), then the hostile briefing.
    assert list(corpus.documents.sort_values("date").doc_id) == [
        "nato-foreign-ministerial-2022-03-04", "hostile-markup"]
    first, second = got["categories"]
    assert first.startswith("NATO Foreign") and second.endswith("on markup")
    assert page.locator(".kit-chart-dispersion .annotation-text").all_text_contents()[:2] == [
        "claims", "NATO"]
    screenshot(page, "explorer-dispersion-two-terms")


def test_a_link_date_that_is_not_a_date_is_named(voila_server, page):
    open_explorer(page, voila_server, "from=99999-01-01&q=NATO")
    page.wait_for_function("document.querySelector('.kit-errors')?.innerText.length > 0")
    text = page.locator(".kit-errors").inner_text()
    assert "from=99999-01-01, which is not a date (write YYYY-MM-DD)" in text
    assert page.locator(".kit-dates-from input").input_value() == ""
    screenshot(page, "explorer-bad-date-link")


@pytest.mark.parametrize("width", WIDTHS)
def test_layout_fills_the_column_and_cuts_nothing_off(voila_server, page, width):
    open_explorer(page, voila_server, "q=nuclear", width=width)
    page.wait_for_function(
        "document.querySelector('.kit-summary')?.innerText.includes(' for “nuclear”')")
    wait_for_chart(page, "kit-chart-dispersion")
    # Each chart as wide as its column (plotly drew 700 px before).
    sizes = _poll(page, """() => Array.from(document.querySelectorAll(
        '.kit-chart.js-plotly-plot')).map(el => {
            const col = el.parentElement, css = getComputedStyle(col);
            return [(el.querySelector('.main-svg') || el).getBoundingClientRect().width,
                    col.clientWidth - parseFloat(css.paddingLeft)
                    - parseFloat(css.paddingRight)]; })""",
        lambda got: len(got) == 3 and all(abs(a - b) <= 2 for a, b in got))
    assert len(sizes) == 3 and all(w > 500 for w, _ in sizes), sizes
    # The table's last column inside the visible area, without scrolling sideways.
    table = page.evaluate("""() => {
        const box = document.querySelector('.kit-kwic');
        const last = box.querySelector('th:last-child').getBoundingClientRect();
        return {right: last.right, box: box.getBoundingClientRect().right,
                scroll: box.scrollWidth - box.clientWidth};
    }""")
    assert table["scroll"] <= 1 and table["right"] <= table["box"] + 1, table
    # The context columns get the width: at 1024 px they were 90 px, 7-8 lines a hit (a
    # detail row spanning 7 of 5 columns made two empty columns take the rest).
    context = page.evaluate("""() => ['td.kit-left', 'td.kit-right'].map(
        css => document.querySelector('.kit-kwic ' + css).getBoundingClientRect().width)""")
    assert min(context) >= 200, context
    # Whole button labels.
    for css in (".kit-download-button", ".kit-upload-button", ".kit-prev", ".kit-next"):
        cut = page.locator(css).first.evaluate("el => el.scrollWidth - el.clientWidth")
        assert cut <= 1, css
    assert "Download CSV (" in page.locator(".kit-download-button").inner_text()
    # An expanded hit reads across the table, not in the narrow "After" column.
    detail = page.locator(".kit-kwic tr.kit-detail").first
    detail.locator("details summary").click()
    widths = page.evaluate("""() => [
        document.querySelector('.kit-kwic tr.kit-detail .kit-turn').getBoundingClientRect().width,
        document.querySelector('.kit-kwic table').getBoundingClientRect().width]""")
    assert widths[0] >= 0.8 * widths[1], widths
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors
    screenshot(page, f"explorer-layout-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_hit_word_is_never_broken_across_lines(voila_server, page, width):
    # A fixed 5em Hit column showed "America'" above "s" on the SOTU corpus at 1024 px, and
    # "United" above "States" at 1600.
    open_explorer(page, voila_server, "q=demonstrates%20Ukraine%20%22nuclear%20power%22",
                  width=width)
    page.wait_for_function(
        "document.querySelector('.kit-summary')?.innerText.includes('“demonstrates”')")
    lines = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.kit-kwic td.kit-hit mark')).map(m => [m.innerText, m.getClientRects().length])""")
    assert {hit for hit, _ in lines} >= {"demonstrates", "Ukraine’s", "nuclear power"}, lines
    assert [(hit, n) for hit, n in lines if n != 1] == []
    # The context columns keep most of the width (a 12-letter hit takes 50 px of theirs).
    context = page.evaluate("""() => ['td.kit-left', 'td.kit-right'].map(
        css => document.querySelector('.kit-kwic ' + css).getBoundingClientRect().width)""")
    assert min(context) >= 180, context
    assert stderr_outputs(page) == []
    screenshot(page, f"explorer-long-hits-{width}")


def test_a_message_replacing_a_chart_is_centred_in_it(voila_server, page):
    # A message that replaced a drawn chart kept the margin its axis labels had pushed
    # (plotly's automargin): on SOTU at 1024 px "Where the hits fall: no hits" sat 120 px
    # right of centre, and compare's "Who speaks when" message ran off the chart's edge.
    open_explorer(page, voila_server, "q=NATO", width=1024)
    wait_for_chart(page, "kit-chart-dispersion")  # document titles left of the strips
    box = page.locator(".kit-keyword-text input")
    box.fill("xqzzyq")
    box.press("Enter")
    page.wait_for_function("""() => { const t = document.querySelector(
        '.kit-chart-dispersion .annotation-text');
        return t && t.textContent.includes('no hits'); }""", timeout=30_000)
    page.wait_for_timeout(300)
    box = page.evaluate("""() => {
        const el = document.querySelector('.kit-chart-dispersion.js-plotly-plot');
        const a = el.querySelector('.annotation-text').getBoundingClientRect();
        const c = el.getBoundingClientRect();
        return {left: a.left, right: a.right, chartLeft: c.left, chartRight: c.right}; }""")
    screenshot(page, "explorer-1024-message-after-chart")
    assert box["chartLeft"] <= box["left"] and box["right"] <= box["chartRight"], box
    middle = (box["left"] + box["right"]) / 2 - (box["chartLeft"] + box["chartRight"]) / 2
    assert abs(middle) < 20, box
    assert stderr_outputs(page) == []
