"""The plotly container trap, seen in a real browser: fixed by kit.apps.figurewidget."""

from __future__ import annotations

from pagekit import chart_data, open_page, wait_for_widgets


def test_figure_edited_before_display_shows_its_new_data(voila_server, page):
    open_page(page, f"{voila_server['base']}/voila/render/trap_check.ipynb")
    wait_for_widgets(page, ".trap-fixed.js-plotly-plot")
    page.wait_for_function("document.querySelector('.trap-fixed.js-plotly-plot').data")
    fixed = chart_data(page, "trap-fixed")
    assert fixed[0]["y"] == [3, 4, 5]
    assert fixed[0]["x"] == ["a", "b", "c"]
    # The naive widget shows the trap itself: its construction-time data. If plotly fixes
    # this upstream, this assertion fails and the helper can go.
    page.wait_for_function("document.querySelector('.trap-naive.js-plotly-plot')?.data")
    assert chart_data(page, "trap-naive")[0]["y"] == [1, 1]
    assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
