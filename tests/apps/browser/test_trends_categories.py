"""The term-trends page charts a dictionary category in Voila and Chromium, at 1024 and
1600 px: pick the bundled sentiment lexicon's "positive", and the charts, the link and the
CSV hold what the package counts for it."""

from __future__ import annotations

import csv
import io
import math

import pytest
from pagekit import chart_data, open_page, screenshot, stderr_outputs, wait_for_chart

import kit
from kit.terms.categories import count_categories, sentiment_lexicon

TRENDS = "/voila/render/term_trends.ipynb"
LABEL = "sentiment: positive"


@pytest.fixture(scope="module")
def corpus(browser_corpus):
    return kit.read_transcripts(browser_corpus)


def _wait_for_trace(page, css_class: str, name: str) -> dict:
    page.wait_for_function(
        """([cls, name]) => { const el = document.querySelector('.' + cls + '.js-plotly-plot');
             return !!(el && el.data && el.data.some(t => t.name === name)); }""",
        arg=[css_class, name], timeout=90_000)
    return next(t for t in chart_data(page, css_class) if t["name"] == name)


def _same(got: list, expected: list) -> bool:
    return len(got) == len(expected) and all(
        math.isclose(float(a), float(b), rel_tol=1e-9) for a, b in zip(got, expected,
                                                                        strict=True))


@pytest.mark.parametrize("width", [1024, 1600])
def test_trends_chart_the_positive_category_of_the_bundled_lexicon(voila_server, page,
                                                                    corpus, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, voila_server["base"] + TRENDS + "?term=NATO&freq=D")
    wait_for_chart(page, "kit-chart-time")
    page.locator(".kit-dict-source select").select_option(label="sentiment lexicon (bundled)")
    _wait_for_trace(page, "kit-chart-time", "sentiment: negative")
    page.locator(".kit-dict-categories select").select_option(["positive"])
    page.wait_for_function(
        """() => { const el = document.querySelector('.kit-chart-time.js-plotly-plot');
             return el && el.data.map(t => t.name).join('|') === 'NATO|sentiment: positive'; }""",
        timeout=90_000)
    positive = {"positive": sentiment_lexicon()["positive"]}

    # Over time: the line's values (gaps aside) are count_categories by day.
    line = _wait_for_trace(page, "kit-chart-time", LABEL)
    by_day = count_categories(corpus, positive, by=None, freq="D")
    by_day = by_day[by_day.n_words > 0]
    assert by_day.n.sum() > 0
    assert _same([y for y in line["y"] if y is not None], by_day.per_1k.tolist()), line

    # By speaker: each charted speaker's bar is that speaker's rate.
    bars = _wait_for_trace(page, "kit-chart-speakers", LABEL)
    by_speaker = count_categories(corpus, positive, by="speaker").astype({"speaker": str})
    rate = by_speaker.set_index("speaker").per_1k
    assert bars["x"] and _same(bars["y"], [rate[str(x)] for x in bars["x"]]), bars

    # The link carries the dictionary and the one category; the CSV holds its rows.
    href = page.locator(".kit-share-link").get_attribute("href")
    assert "dict=sentiment&category=positive" in href, href
    with page.expect_download(timeout=90_000) as info:
        page.locator(".kit-download-button").click()
    rows = list(csv.DictReader(io.StringIO(info.value.path().read_text(encoding="utf-8"))))
    assert {r["term"] for r in rows} == {"NATO", LABEL}
    assert sum(int(r["n"]) for r in rows if r["term"] == LABEL) == int(by_day.n.sum())

    # Nothing cut off at this width: the picker and both charts lie inside the window.
    for css in (".kit-dictionary", ".kit-chart-time", ".kit-chart-speakers"):
        box = page.locator(css).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (css, box)
    screenshot(page, f"term-trends-category-{width}")

    # No dictionary again: the categories' list empties without a widget error in the
    # page ("Cannot set properties of undefined (setting 'selected')": new options, old index).
    page.locator(".kit-dict-source select").select_option(label="no dictionary")
    page.wait_for_function(
        """() => { const el = document.querySelector('.kit-chart-time.js-plotly-plot');
             return el && el.data.map(t => t.name).join('|') === 'NATO'; }""",
        timeout=90_000)
    page.wait_for_timeout(500)  # the widget messages after the chart's
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors


def test_trends_chart_an_uploaded_dictionary_and_name_a_bad_one(voila_server, page, corpus,
                                                                tmp_path):
    page.set_viewport_size({"width": 1024, "height": 900})
    open_page(page, voila_server["base"] + TRENDS + "?term=NATO&freq=D")
    wait_for_chart(page, "kit-chart-time")
    button = page.locator(".kit-dict-upload button")
    assert button.inner_text().strip() == "Upload dictionary"  # no "(0)" counter
    policy = {"security": ["nato", "nuclear"], "economy": ["inflation", "price*"]}
    good = tmp_path / "policy.csv"
    good.write_text("category,term\n" + "".join(
        f"{c},{t}\n" for c, terms in policy.items() for t in terms), encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        button.click()
    assert not chooser.value.is_multiple()
    chooser.value.set_files(good)
    bars = _wait_for_trace(page, "kit-chart-speakers", "policy: security")
    by_speaker = count_categories(corpus, {"security": policy["security"]},
                                  by="speaker").astype({"speaker": str})
    rate = by_speaker.set_index("speaker").per_1k
    assert bars["x"] and _same(bars["y"], [rate[str(x)] for x in bars["x"]]), bars
    assert "policy (uploaded)" in page.locator(".kit-dict-source select").inner_text().replace(
        "\xa0", " ")

    # A file that is no dictionary: the note names it and its line; the chart stays.
    bad = tmp_path / "bad.csv"
    bad.write_text("category,term\neconomy\n", encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(bad)
    page.wait_for_function(
        "document.querySelector('.kit-dict-error')?.innerText.includes('bad.csv, line 2')",
        timeout=90_000)
    assert any(t["name"] == "policy: security" for t in chart_data(page, "kit-chart-speakers"))
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors
    screenshot(page, "term-trends-uploaded-dictionary")
