"""Helpers for the browser tests: screenshots, waiting for widgets, reading charts."""

from __future__ import annotations

import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-results/ and return its path."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.png"
    # Voila scrolls inside its own container, so a "full page" is the viewport: make the
    # viewport as tall as the content for the shot, then put it back.
    size = page.viewport_size
    height = page.evaluate("Math.max(...Array.from(document.querySelectorAll('*'))"
                           ".map(e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": min(max(height, 800), 6000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def wait_for_widgets(page, selector: str, timeout_ms: float = 60_000) -> float:
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


def wait_for_chart(page, css_class: str, timeout_ms: float = 120_000) -> None:
    """Wait until the chart with ``css_class`` is drawn with at least one trace."""
    page.wait_for_function(
        """cls => { const el = document.querySelector('.' + cls + '.js-plotly-plot');
                    return !!(el && el.data && el.data.length); }""",
        arg=css_class, timeout=timeout_ms)


def summary_text(page) -> str:
    return page.locator(".kit-summary").inner_text()


def wait_for_summary_change(page, before: str, timeout_ms: float = 30_000) -> str:
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
                         timeout_s: float = 30.0) -> list[dict]:
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
