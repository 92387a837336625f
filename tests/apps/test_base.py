"""What every app shares (kit.apps.base): the page frame, output classes, links and messages."""

from __future__ import annotations

import pandas as pd

from kit.apps.base import safe_callback
from kit.apps.compare import CompareSpeakers
from kit.apps.explorer import Explorer
from kit.apps.trends import TermTrends


def _every_app(corpus, query=None):
    return [Explorer(corpus, upload=False, query=query),
            CompareSpeakers(corpus, min_count=1, query=query),
            TermTrends(corpus, terms=["NATO"], query=query)]


def test_every_app_has_the_same_frame_and_output_classes(corpus):
    for app in _every_app(corpus):
        header, row = app.container.children
        assert header.value.startswith("\n<style>") and "class='kit-corpus'>Corpus: " in \
            header.value
        sidebar, main = row.children
        assert sidebar.layout.width == "330px" and main.layout.flex == "1 1 auto"
        assert sidebar.children[0] is app.speakers and app.dates in sidebar.children
        assert [w for w in main.children if w in (app.summary, app.share, app.errors)] == [
            app.summary, app.share, app.errors]
        for widget, css in ((app.summary, "kit-summary"), (app.share, "kit-share"),
                            (app.errors, "kit-errors"), (app.download, "kit-download")):
            assert css in widget._dom_classes
        assert "kit-share-link" in app.share.value


def test_every_app_applies_a_link_and_names_the_unknown_speaker(corpus):
    query = "speaker=Nobody&speaker=price&speaker=PSAKI&from=2022-01-01"
    for app in _every_app(corpus, query=query):
        assert app.speakers.value == ("Price", "Psaki")  # matched regardless of case
        assert app.dates.value[0] == pd.Timestamp("2022-01-01").date()
        assert app.messages == ["The link asks for no speaker named 'Nobody'. "
                                "The rest of it was applied."]
        assert "speaker=Price&speaker=Psaki&from=2022-01-01" in app.query_string()
        before = app.query_string()
        app.apply_query_string("?&")  # a blank link changes nothing
        assert app.query_string() == before


def test_a_blank_link_opens_the_default_view(corpus):
    default_links = ["", "focus=Price", "term=NATO"]  # explorer, compare, trends
    for app, link in zip(_every_app(corpus, query="?&"), default_links, strict=True):
        assert app.messages == [] and app.query_string() == link
        assert "kit-share-link" in app.share.value  # refreshed: a view is shown
    assert Explorer(corpus, upload=False, query="?").view is not None


def test_a_failing_callback_shows_a_message_and_keeps_the_view(corpus):
    class Broken(TermTrends):
        fail = False

        @safe_callback
        def refresh(self) -> None:
            if self.fail:
                raise ValueError("boom")
            super().refresh()

    app = Broken(corpus, terms=["NATO"])
    summary = app.summary.value
    app.fail = True
    app.speakers.select.value = ("Price",)
    assert app.messages == ["Something went wrong updating the view (ValueError: boom). "
                            "The last good view is still shown; try other filters."]
    assert app.summary.value == summary
    app.fail = False
    app.speakers.select.value = ("Psaki",)  # the next good refresh clears the message
    assert app.messages == []


def test_quiet_changes_wait_for_one_refresh(corpus):
    app = TermTrends(corpus, terms=["NATO"])
    calls = []
    app.refresh = lambda: calls.append(app.query_string())
    with app.quiet():
        app.speakers.select.value = ("Price",)
        app.value.value = "n"
    assert calls == []
    app.freq.value = "Y"
    assert calls == ["term=NATO&freq=Y&value=n&speaker=Price"]


def test_a_link_date_that_is_not_a_date_is_named_in_the_page(corpus):
    for app in _every_app(corpus, query="from=99999-01-01&to=2022-12-31"):
        assert app.dates.value == (None, pd.Timestamp("2022-12-31").date())
        assert app.dates.start.value is None  # the picker shows no other date
        assert app.messages == [
            "The link asks for from=99999-01-01, which is not a date (write YYYY-MM-DD); "
            "that end is left open. The rest of it was applied."]


def test_a_bad_regular_expression_says_untick_the_checkbox(corpus):
    app = Explorer(corpus, upload=False, query="q=%28unclosed&regex=1")
    assert len(app.messages) == 1
    assert "untick Regular expression" in app.messages[0]
    assert "regex=False" not in app.messages[0]


def test_every_app_opens_a_folder_across_centuries(centuries_folder, tmp_path, monkeypatch):
    import warnings

    from kit.apps.corpus_choice import _LAST_FOLDER, corpus_label, dashboard_corpus

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing skipped
        corpus = dashboard_corpus(centuries_folder)
    _LAST_FOLDER.clear()
    cached = dashboard_corpus(centuries_folder)  # as a new kernel opens it: from the cache
    pd.testing.assert_frame_equal(cached.documents, corpus.documents)
    assert corpus_label(cached).endswith(", 1628–2300")
    query = "from=1600-01-01&to=1699-12-31"
    apps = [Explorer(cached, upload=False, query=query),
            CompareSpeakers(cached, min_count=1, query=query),
            TermTrends(cached, terms=["petition"], query=query + "&freq=10Y")]
    for app in apps:
        assert app.messages == []
        assert app.dates.first == pd.Timestamp("1628-06-07").date()
        assert app.dates.last == pd.Timestamp("2300-01-15").date()
        assert app.dates.value == (pd.Timestamp("1600-01-01").date(),
                                   pd.Timestamp("1699-12-31").date())
        assert "from=1600-01-01&to=1699-12-31" in app.query_string()
    explorer, compare, trends = apps
    assert set(explorer.view.rows.doc_id) == {"commons-1628"}
    assert set(compare.selected) == {"Mr. Speaker", "John Eliot"}  # the speakers of 1628
    assert trends.usage_over_time["period"].tolist() == [pd.Timestamp("1620-01-01")]
    trends.dates.set_value(None, None)
    assert trends.usage_over_time["period"].tolist() == [
        pd.Timestamp(d) for d in ("1620-01-01", "2020-01-01", "2300-01-01")]
