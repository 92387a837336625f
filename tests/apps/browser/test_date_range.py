"""The explorer's date range set by hand in Voila and Chromium: rows, summary, charts, link.

The dates are typed into the two ``<input type="date">`` of the DateRange widget key by key,
as a user does (``pagekit.type_date``), never set through the kernel or the query string.
Expected values come from the package in this process: the documents in range from
``kit.apps.dates.date_mask`` on the corpus the server reads (``TURNKIT_CORPUS``), and the view,
summary, link and figures from an in-process ``Explorer`` given the same state.

The browser corpus has two documents, dated 2022-03-04 (the NATO ministerial) and 2022-03-05
(the hostile briefing), so a range can hold either, both or none.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import urllib.parse

import pytest
from pagekit import (
    open_page,
    screenshot,
    stderr_outputs,
    summary_text,
    type_date,
    wait_for_chart,
    wait_for_figure,
)

import kit
from kit import schema as s
from kit.apps.dates import date_mask
from kit.apps.explorer import Explorer
from kit.apps.link import LinkState

PATH = "/voila/render/explorer.ipynb"
EMPTY = "Nothing matches these filters."


@pytest.fixture(scope="module")
def corpus(browser_corpus):
    return kit.read_transcripts(browser_corpus)


@pytest.fixture(scope="module")
def app(corpus):
    """The explorer in this process, on the same files as the server's."""
    return Explorer(corpus, upload=False)


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def expected_for(app, corpus, start: str | None, end: str | None) -> dict:
    """What the page must show for the range ``[start, end]`` (ISO dates or None)."""
    start_d = None if start is None else dt.date.fromisoformat(start)
    end_d = None if end is None else dt.date.fromisoformat(end)
    app.set_state(LinkState(start=start_d, end=end_d))
    view = app.view
    docs = corpus.documents
    in_range = set(docs.loc[date_mask(docs[s.DATE], start_d, end_d), s.DOC_ID].astype(str))
    turns = corpus.turns[corpus.turns[s.DOC_ID].astype(str).isin(in_range)]
    rows = [(str(d), int(t)) for d, t in zip(turns[s.DOC_ID], turns[s.TURN_ID], strict=True)]
    # The app filters as the package's date_mask does (a check of this test's premises).
    assert rows == [(str(d), int(t)) for d, t in
                    zip(view.turns[s.DOC_ID], view.turns[s.TURN_ID], strict=True)]
    assert len(rows) <= app.page_size  # every row is on the first page
    summary = _text(app.summary.value)
    assert re.match(rf"{len(turns)} turns? in {len(in_range)} documents? ", summary), summary
    figures = app.figures(view)
    return {"rows": rows, "docs": in_range, "summary": summary,
            "query": view.state.query_string(), "speakers": figures["speakers"],
            "time": figures["time"]}


def open_explorer(page, server) -> None:
    open_page(page, server["base"] + PATH)
    wait_for_chart(page, "kit-chart-speakers")
    wait_for_chart(page, "kit-chart-time")


def wait_for_view(page, expected: dict, timeout_ms: float = 30_000) -> None:
    """Wait until the summary and the link show ``expected`` (typing a date sends several
    intermediate dates; the last refresh writes these two), then check rows and charts."""
    try:
        page.wait_for_function(
            """([summary, href]) => {
                const s = document.querySelector('.kit-summary');
                const a = document.querySelector('.kit-share-link');
                return !!(s && a && s.innerText.trim() === summary
                          && a.getAttribute('href') === href); }""",
            arg=[expected["summary"], "?" + expected["query"]], timeout=timeout_ms)
    except Exception:
        link = page.locator(".kit-share-link").get_attribute("href")
        raise AssertionError(f"page shows {summary_text(page)!r} and link {link!r}; expected "
                             f"{expected['summary']!r} and ?{expected['query']}") from None
    rows = page.locator(".kit-kwic tr.kit-row").evaluate_all(
        "rs => rs.map(r => [r.dataset.doc, Number(r.dataset.turn)])")
    assert [tuple(r) for r in rows] == expected["rows"]
    table = page.locator(".kit-kwic").inner_text()
    assert (EMPTY in table) == (not expected["rows"])
    wait_for_figure(page, "kit-chart-speakers", expected["speakers"])
    wait_for_figure(page, "kit-chart-time", expected["time"])


def share_params(page) -> dict[str, list[str]]:
    href = page.locator(".kit-share-link").get_attribute("href")
    shown = page.locator(".kit-share small").inner_text()
    assert shown == f"({href})"
    return urllib.parse.parse_qs(href.lstrip("?"))


def test_typed_dates_filter_rows_summary_charts_and_link(voila_server, page, app, corpus):
    open_explorer(page, voila_server)
    wait_for_view(page, expected_for(app, corpus, None, None))
    start_box = page.locator(".kit-dates-from input")
    end_box = page.locator(".kit-dates-to input")
    seen_docs = []
    for start, end, box, typed in (
        ("2022-03-05", None, start_box, "2022-03-05"),          # the briefing only
        ("2022-03-05", "2022-03-05", end_box, "2022-03-05"),    # still; the link gains `to`
        ("2022-03-04", "2022-03-05", start_box, "2022-03-04"),  # both documents
        ("2022-03-04", "2022-03-04", end_box, "2022-03-04"),    # the ministerial only
    ):
        expected = expected_for(app, corpus, start, end)
        type_date(box, typed)
        wait_for_view(page, expected)
        assert share_params(page) == {k: [v] for k, v in (("from", start), ("to", end)) if v}
        assert start_box.input_value() == start and end_box.input_value() == (end or "")
        seen_docs.append(expected["docs"])
    assert len({frozenset(d) for d in seen_docs}) == 3  # the range separated the documents
    # From typed after To: the range the other way round, and a note saying so
    type_date(start_box, "2022-03-05")
    wait_for_view(page, expected_for(app, corpus, "2022-03-04", "2022-03-05"))
    assert share_params(page) == {"from": ["2022-03-04"], "to": ["2022-03-05"]}
    assert "From is after To: showing 2022-03-04 to 2022-03-05" in \
        page.locator(".kit-dates-note").inner_text()
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors
    screenshot(page, "explorer-date-range")


def test_range_without_documents_shows_empty_state_and_any_date_restores(
        voila_server, page, app, corpus):
    open_explorer(page, voila_server)
    everything = expected_for(app, corpus, None, None)
    wait_for_view(page, everything)
    nothing = expected_for(app, corpus, None, "2021-12-31")
    assert nothing["rows"] == [] and nothing["docs"] == set()
    type_date(page.locator(".kit-dates-to input"), "2021-12-31")
    wait_for_view(page, nothing)
    assert page.locator(".kit-kwic tr.kit-row").count() == 0
    assert share_params(page) == {"to": ["2021-12-31"]}
    assert page.locator(".kit-download-button").is_disabled()
    screenshot(page, "explorer-date-range-empty")
    page.locator(".kit-dates button", has_text="Any date").click()
    wait_for_view(page, everything)
    assert page.locator(".kit-kwic tr.kit-row").count() == len(corpus.turns)
    assert share_params(page) == {}
    for box in (".kit-dates-from input", ".kit-dates-to input"):
        assert page.locator(box).input_value() == ""
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors
