"""Plotly's widget bundle as served to the dashboards: the basic plotly.js in place of the whole."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from kit.apps import assets as _assets

WIDGET_BUNDLE = (Path(importlib.util.find_spec("plotly").submodule_search_locations[0])
                 / "package_data" / "widgetbundle.js")


@pytest.fixture(scope="module")
def bundles() -> tuple[str, str]:
    return WIDGET_BUNDLE.read_text(), _assets.BASIC_BUNDLE.read_text()


def _traces(js: str) -> set[str]:
    """Trace types a plotly.js build registers."""
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', js))


def test_the_vendored_bundle_is_plotly_basic_of_the_widget_bundles_major_version(bundles):
    widget, basic = bundles
    assert _traces(basic) == _assets.BASIC_TRACE_TYPES
    embedded = set(re.findall(r'\.version="(\d+)\.\d+\.\d+"', widget))
    assert embedded == {re.search(r"\(basic - minified\) v(\d+)", basic).group(1)}


def test_the_basic_bundle_keeps_the_widget_code_and_drops_the_whole_plotly(bundles):
    widget, basic = bundles
    out = _assets.basic_widget_bundle(widget, basic)
    assert out is not None
    assert {"heatmap", "scattergl", "choropleth"} <= _traces(widget)
    assert _traces(out) == _assets.BASIC_TRACE_TYPES  # the embedded plotly.js is gone
    assert len(out) < len(widget) / 3
    # The widget code around it is untouched: all before the embedded module, all after it.
    head = _assets._EMBEDDED_HEAD.search(widget)
    tail = _assets._EMBEDDED_TAIL.search(widget)
    assert widget[:head.start()] in out and out.endswith(widget[tail.end():])
    # and takes the basic bundle's Plotly object where it took the embedded one.
    assert f"var {head.group('name')}=()=>__turnkitPlotly;" in out
    assert out.startswith("var __turnkitPlotly=(function(){var module={exports:{}};\n" + basic)


@pytest.mark.parametrize("change", [
    lambda w: w.replace('.version="4.', '.version="5.'),         # another major version
    lambda w: w.replace("return window.Plotly=", "return self.Plotly="),  # another build
    lambda w: w.replace(".moduleName=", ".name="),
    lambda w: w + w,                                             # the wrapper twice
])
def test_bundles_that_do_not_fit_are_left_alone(bundles, change):
    widget, basic = bundles
    assert _assets.basic_widget_bundle(widget, basic) is not None
    assert _assets.basic_widget_bundle(change(widget), basic) is None


def test_write_plotly_asset_serves_the_basic_bundle_or_falls_back(tmp_path, monkeypatch):
    path = _assets.write_plotly_asset(tmp_path, basic=True)
    assert "-basic-" in path
    served = tmp_path / "labextensions" / path.removeprefix("voila/labextensions/")
    assert 1_000_000 < served.stat().st_size < 2_000_000
    assert _assets.write_plotly_asset(tmp_path, basic=True) == path  # written once
    full = _assets.write_plotly_asset(tmp_path)
    assert "-basic-" not in full
    assert (tmp_path / "labextensions" / full.removeprefix("voila/labextensions/")
            ).read_bytes() == WIDGET_BUNDLE.read_bytes()
    # A vendored bundle of another major version: the whole widget bundle, unchanged.
    other = tmp_path / "plotly-basic.min.js"
    other.write_text(_assets.BASIC_BUNDLE.read_text().replace("(basic - minified) v4.",
                                                              "(basic - minified) v9."))
    monkeypatch.setattr(_assets, "BASIC_BUNDLE", other)
    assert _assets.write_plotly_asset(tmp_path / "b", basic=True) == full
