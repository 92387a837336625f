"""Helpers for the browser tests: screenshots, waiting for widgets, reading charts."""

from __future__ import annotations

import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parents[2] / "test-results"


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-results/ and return its path."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
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
