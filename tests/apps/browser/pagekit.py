"""Helpers for the browser tests: screenshots, waiting for widgets, reading charts."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[3] / "test-results"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-results/ and return its path."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.png"
    # Voila scrolls inside its own container, so a "full page" is the viewport: make the
    # viewport as tall as the content for the shot, then put it back.
    size = page.viewport_size
    # The bottom of the widgets drawn (the tallest scrolling element was often far below).
    height = page.evaluate("""() => Math.max(0, ...Array.from(document.querySelectorAll(
        '.widget-box, .js-plotly-plot')).map(e => e.getBoundingClientRect().bottom))""")
    page.set_viewport_size({"width": size["width"],
                            "height": int(min(max(height + 40, 800), 5000))})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True, timeout=90_000)
    page.set_viewport_size(size)
    return path


def wait_for_widgets(page, selector: str, timeout_ms: float = 180_000) -> float:
    """Wait until ``selector`` is visible (the widgets rendered); return seconds waited."""
    start = time.perf_counter()
    page.wait_for_selector(selector, state="visible", timeout=timeout_ms)
    return time.perf_counter() - start


def chart_data(page, css_class: str) -> list[dict]:
    """The traces a plotly chart with ``css_class`` currently draws (x, y, name, type)."""
    return page.evaluate(
        """cls => {
            const el = document.querySelector('.' + cls + '.js-plotly-plot')
                || document.querySelector('.' + cls + ' .js-plotly-plot');
            if (!el || !el.data) return null;
            return el.data.map(t => ({x: Array.from(t.x || []), y: Array.from(t.y || []),
                                      name: t.name === undefined ? null : t.name,
                                      type: t.type || 'scatter'}));
        }""",
        css_class,
    )


STDERR = '[data-mime-type="application/vnd.jupyter.stderr"]'


def stderr_outputs(page) -> list[str]:
    """Texts of stderr outputs in the page (a cell that raised, or a warning)."""
    return page.locator(STDERR).all_inner_texts()


#: The log of the session's Voila server (set by its fixture), quoted when a wait times out.
VOILA_LOG: Path | None = None


def diagnosis(page) -> str:
    """What the page shows and what the browser and Voila last logged: the message of a wait
    that timed out (a page that never drew once failed CI with only "Timeout exceeded")."""
    parts = []
    try:
        parts.append("page text: " + page.evaluate(
            "() => (document.body ? document.body.innerText : '').slice(0, 600)"))
        parts.append("charts: " + str(page.evaluate("""() => Array.from(
            document.querySelectorAll('.js-plotly-plot')).map(
            e => [e.className, e.data ? e.data.length : null])""")))
    except Exception as exc:  # noqa: BLE001 - the page itself may be gone
        parts.append(f"page unreadable: {exc}")
    parts.append("console (last 15): " + "\n  ".join(getattr(page, "console_all", [])[-15:]))
    if VOILA_LOG is not None and VOILA_LOG.exists():
        lines = VOILA_LOG.read_text(errors="replace").splitlines()[-25:]
        parts.append("voila log (last 25 lines):\n  " + "\n  ".join(lines))
    return "\n".join(parts)


def wait_for_chart(page, css_class: str, timeout_ms: float = 120_000) -> None:
    """Wait until the chart with ``css_class`` is drawn with at least one trace."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            """cls => { const el = document.querySelector('.' + cls + '.js-plotly-plot');
                        return !!(el && el.data && el.data.length); }""",
            arg=css_class, timeout=timeout_ms)
    except PlaywrightTimeout:
        raise AssertionError(f"chart {css_class} not drawn in {timeout_ms / 1000:.0f} s\n"
                             + diagnosis(page)) from None


def summary_text(page) -> str:
    return page.locator(".kit-summary").inner_text()


def wait_for_summary_change(page, before: str, timeout_ms: float = 90_000) -> str:
    """Wait until the summary line differs from ``before``; return the new text."""
    page.wait_for_function(
        """before => { const el = document.querySelector('.kit-summary');
                       return el && el.innerText !== before; }""",
        arg=before, timeout=timeout_ms)
    return summary_text(page)


def open_page(page, url: str, timeout_ms: float = 120_000) -> None:
    """Go to ``url`` without waiting for ``load`` (Voila streams the page as cells run)."""
    page.goto(url, wait_until="commit", timeout=timeout_ms)


def select_starting_with(select, prefix: str) -> None:
    """Select the one option of a ``<select>`` whose label starts with ``prefix``."""
    labels = select.evaluate("el => Array.from(el.options).map(o => o.text)")
    matches = [i for i, label in enumerate(labels) if label.replace("\xa0", " ").startswith(prefix)]
    assert len(matches) == 1, f"{prefix!r} in {labels}"
    select.select_option(index=matches[0])


def wait_for_chart_equal(page, css_class: str, expected: list[dict],
                         timeout_s: float = 90.0) -> list[dict]:
    """Poll until the chart's traces equal ``expected`` (names, x as text, y approx)."""
    import math

    def close(p, q):
        if isinstance(p, int | float) and not isinstance(p, bool):
            try:
                return math.isclose(float(p), float(q), rel_tol=1e-9, abs_tol=1e-12)
            except (TypeError, ValueError):
                return False
        return str(p) == str(q)

    def same(actual):
        if actual is None or [t["name"] for t in actual] != [t["name"] for t in expected]:
            return False
        for a, e in zip(actual, expected, strict=True):
            for axis in ("x", "y"):
                if len(a[axis]) != len(e[axis]) or not all(
                        close(p, q) for p, q in zip(a[axis], e[axis], strict=True)):
                    return False
        return True

    deadline = time.perf_counter() + timeout_s
    actual = None
    while time.perf_counter() < deadline:
        actual = chart_data(page, css_class)
        if same(actual):
            return actual
        page.wait_for_timeout(100)
    raise AssertionError(f"{css_class}: chart is {actual}, expected {expected}")


def type_date(box, iso: str, *, delay_ms: float = 50) -> None:
    """Type ``iso`` (YYYY-MM-DD) into the ``<input type="date">`` ``box`` key by key, then Tab.

    As a user does: focus the input (its first field), type the digits of each field in the
    order the browser's locale shows them (month/day/year in en-US), and Tab out. Chromium
    fires ``change`` as soon as every field holds a value, so typing a year sends the
    intermediate years (0002, 0020, 0202, 2022) too; callers wait for the final state.
    """
    year, month, day = iso.split("-")
    order = box.evaluate(
        """() => new Intl.DateTimeFormat(navigator.language)
                 .formatToParts(new Date(2000, 10, 22))
                 .map(p => p.type).filter(t => t === 'year' || t === 'month' || t === 'day')""")
    digits = {"year": year, "month": month, "day": day}
    box.focus()
    box.press_sequentially("".join(digits[field] for field in order), delay=delay_ms)
    box.press("Tab")
    actual = box.input_value()
    assert actual == iso, f"typed {iso} but the date input holds {actual!r} (order {order})"


_ISO_DATE = r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?Z?"


def x_text(value) -> str:
    """An x value as text, dates as ``YYYY-MM-DD HH:MM:SS``: the page holds
    ``2022-03-04T00:00:00Z`` where the figure in Python holds a ``numpy.datetime64``."""
    import datetime as dt
    import re

    import numpy as np
    import pandas as pd

    if isinstance(value, np.datetime64 | dt.date) or (
            isinstance(value, str) and re.fullmatch(_ISO_DATE, value)):
        stamp = pd.Timestamp(value)
        if stamp.tzinfo is not None:
            stamp = stamp.tz_convert("UTC").tz_localize(None)
        return stamp.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def plotly_traces(fig) -> list[dict]:
    """A plotly figure's traces as name, x (text, see :func:`x_text`) and y (list)."""
    return [{"name": t.name, "x": [x_text(v) for v in (() if t.x is None else t.x)],
             "y": [] if t.y is None else list(t.y)} for t in fig.data]


def assert_traces_equal(actual: list[dict], expected: list[dict]) -> None:
    """Names and x (as text) equal, y within a relative 1e-9."""
    import math

    assert [t["name"] for t in actual] == [t["name"] for t in expected]
    for a, e in zip(actual, expected, strict=True):
        assert [x_text(v) for v in a["x"]] == [x_text(v) for v in e["x"]], (a["x"], e["x"])
        assert len(a["y"]) == len(e["y"]) and all(
            math.isclose(float(p), float(q), rel_tol=1e-9, abs_tol=1e-12)
            for p, q in zip(a["y"], e["y"], strict=True)), (a["y"], e["y"])


def wait_for_figure(page, css_class: str, fig, timeout_s: float = 90.0) -> list[dict]:
    """Poll until the chart with ``css_class`` draws the traces of the plotly figure ``fig``
    (see :func:`assert_traces_equal`); return the chart's traces."""
    expected = plotly_traces(fig)
    deadline = time.perf_counter() + timeout_s
    while True:
        actual = chart_data(page, css_class)
        try:
            assert actual is not None
            assert_traces_equal(actual, expected)
            return actual
        except AssertionError:
            if time.perf_counter() > deadline:
                raise AssertionError(
                    f"{css_class}: chart is {actual}, expected {expected}") from None
        page.wait_for_timeout(100)


@dataclass
class Turnkit:
    """A running ``turnkit dashboard``: its process, the explorer's URL and what it printed."""

    process: subprocess.Popen
    url: str
    printed: list[str] = field(default_factory=list)


@contextlib.contextmanager
def turnkit_dashboard(source: Path | str | None, env: dict[str, str]) -> Iterator[Turnkit]:
    """Run ``turnkit dashboard SOURCE`` (None: the bundled corpus, as ``make dashboard``)
    on a free port until it prints the explorer's URL; stop it (and Voila and its kernels)
    on leaving."""
    from kit.serve.cli import CORPUS_ENV, free_port

    turnkit = Path(sys.executable).parent / "turnkit"
    if source is None:
        env = {k: v for k, v in env.items() if k != CORPUS_ENV}
    where = [] if source is None else [str(source)]
    process = subprocess.Popen([str(turnkit), "dashboard", *where, f"--port={free_port()}"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    try:
        url, printed = None, []
        assert process.stdout is not None
        for line in process.stdout:
            printed.append(line)
            if "/voila/render/explorer.ipynb" in line:
                url = line.split()[-1]
                break
        assert url, "".join(printed)[-3000:]
        yield Turnkit(process, url, printed)
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # turnkit stops Voila and its kernels
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()
