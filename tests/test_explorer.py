"""The explorer app: filters drive the table, charts, summary, link and CSV — values checked
against what the package computes for the same filter."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from kit.apps.explorer import Explorer
from kit.apps.link import LinkState, parse_query_string
from kit.plots import plot_term_usage
from kit.terms.count import count_terms, term_usage
from kit.terms.kwic import kwic


@pytest.fixture(scope="module")
def corpus(tiny_corpus):
    return tiny_corpus


@pytest.fixture
def app(corpus):
    return Explorer(corpus, page_size=2, upload=False)


def _traces(widget):
    """(name, x, y) of each trace as a browser connecting now would draw them."""
    data = widget._widget_data  # the synced state (see kit.apps.figurewidget)
    return [(t.get("name"), [str(v) for v in t.get("x", [])], list(np.asarray(t.get("y", []))))
            for t in data]


def test_first_view_lists_turns_and_charts_the_top_terms(app, corpus):
    assert app.view.hits is None
    assert app.view.n_rows == len(corpus.turns)
    assert app.summary.value.startswith(f"<b>{len(corpus.turns)}</b> turns in <b>3</b>")
    top = count_terms(corpus.tokens, by=None).sort_values("n", ascending=False, kind="stable")
    assert app.view.charted_terms == list(top.term.astype(str).head(3))
    assert all(len(y) for _, _, y in _traces(app.fig_speakers))
    assert all(len(y) for _, _, y in _traces(app.fig_time))


def test_speaker_and_keyword_match_the_package(app, corpus):
    app.speakers.select.value = ("Price",)
    app.keyword.text.value = "NATO"
    expected = kwic(corpus, "NATO", speakers=["Price"])
    hits = app.view.hits
    assert len(hits) == len(expected) == 3
    assert hits[["doc_id", "turn_id", "start_char"]].astype(str).values.tolist() == \
        expected[["doc_id", "turn_id", "start_char"]].astype(str).values.tolist()
    usage = term_usage(corpus.tokens[corpus.tokens.speaker == "Price"], ["NATO"])
    usage = usage[usage.n_words > 0]
    fig = plot_term_usage(usage, x="speaker", terms=["nato"], speaker_order=["Price"])
    assert _traces(app.fig_speakers) == [
        (t.name, [str(v) for v in t.x], list(t.y)) for t in fig.data]
    assert _traces(app.fig_speakers)[0][2] == pytest.approx([1000 * 3 / 32])
    assert "<b>3</b> hits for “NATO” in <b>2</b> documents by <b>1</b> speakers" in \
        app.summary.value
    assert "?speaker=Price&amp;q=NATO" in app.share.value


def test_table_pages(app):
    app.keyword.text.value = "NATO"
    assert app.view.n_rows == 5
    assert app.page_label.value.strip("&nbsp;").startswith("1–2 of 5 hits (page 1 of 3)")
    assert app.prev_button.disabled and not app.next_button.disabled
    app.go_to_page(2)
    assert len(app.page_rows()) == 1 and app.next_button.disabled
    assert app.table.value.count("class='kit-row'") == 1
    app.go_to_page(99)
    assert app.page == 2
    app.keyword.text.value = "Ukraine"  # a new filter starts at page 1
    assert app.page == 0


def test_hostile_markup_is_escaped_everywhere(corpus):
    app = Explorer(corpus, upload=False, query="q=inflation")
    html_out = app.table.value
    assert "<img" not in html_out and "<script" not in html_out
    assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in html_out
    app.keyword.text.value = '"<b>bold</b>" <script>'
    assert "<b>bold" not in app.summary.value and "<script>" not in app.summary.value
    assert "<script" not in app.share.value


def test_expand_shows_the_whole_turn_with_the_hit_marked(corpus):
    app = Explorer(corpus, upload=False, query="q=reckless")
    assert ("<div class='kit-turn'>NATO will not send troops. The nuclear power plant attack "
            "was <mark>reckless</mark>.</div>") in app.table.value


def test_dates_and_documents_filter(app, corpus):
    app.dates.set_value("2022-01-01", "2022-12-31")
    assert set(app.view.rows.doc_id) == {"doc-a", "doc-b"}
    app.documents.select.value = ("doc-b",)
    assert set(app.view.rows.doc_id) == {"doc-b"}
    app.keyword.text.value = "Ukraine"
    assert set(app.view.hits.doc_id) == {"doc-b"}
    assert app.view.dispersion.doc_id.astype(str).unique().tolist() == ["doc-b"]


def test_query_string_round_trip(corpus):
    qs = "speaker=Price&speaker=Blinken&q=NATO&from=2022-03-01&to=2023-12-31&case=1"
    app = Explorer(corpus, upload=False, query=qs)
    assert app.state == LinkState(speakers=("Price", "Blinken"), q="NATO",
                                      start=pd.Timestamp("2022-03-01").date(),
                                      end=pd.Timestamp("2023-12-31").date(), case=True)
    assert set(app.view.hits.speaker) == {"Price", "Blinken"}
    again = Explorer(corpus, upload=False, query=app.query_string())
    assert again.state == app.state
    assert parse_query_string("?q=a%20b&whole_word=0").whole_word is False


def test_link_with_unknown_speaker_applies_the_rest_and_says_so(corpus):
    app = Explorer(corpus, upload=False, query="speaker=Nobody&speaker=price&q=NATO")
    assert app.speakers.value == ("Price",)  # matched regardless of case
    assert app.messages == ["The link asks for no speaker named 'Nobody'. "
                            "The rest of it was applied."]
    assert len(app.view.hits) == 3


def test_csv_has_every_row_of_the_view(app, corpus):
    app.keyword.text.value = "NATO"
    sent = []
    app.download.send = lambda content, buffers=None: sent.append((content, buffers))
    data = app.download.click()
    frame = pd.read_csv(io.BytesIO(data))
    assert len(frame) == app.view.n_rows == 5  # all pages, not just the one shown
    assert frame.columns.tolist()[:5] == ["query", "speaker", "date", "doc_id", "title"]
    assert frame.hit.tolist() == ["NATO"] * 5
    assert sent[0][0]["filename"].endswith(".csv") and sent[0][1] == [data]
    assert app.download.description == "Download CSV (5 rows)"


def test_bad_regex_shows_a_friendly_message_and_keeps_the_view(app):
    app.keyword.text.value = "NATO"
    table = app.table.value
    app.keyword.set_value(q="(nato", regex=True)
    assert len(app.messages) == 1 and "regular expression" in app.messages[0]
    assert app.table.value == table
    app.keyword.set_value(q="nat.*", regex=True)
    assert app.messages == []
    assert app.view.charted_terms == ["nato"]


def test_uploaded_corpus_replaces_the_filters(app, corpus):
    other = Explorer(corpus, upload=False).corpus
    app.keyword.text.value = "Ukraine"
    app.set_corpus(other)
    assert app.keyword.text.value == "Ukraine"  # the keyword is kept
    assert app.speakers.option_keys == [str(s) for s in corpus.speaker_names]
    assert len(app.view.hits) == 5


# -- compare speakers ------------------------------------------------------------------------


def test_compare_speakers_defaults_and_keyness_match_the_package(corpus):
    from kit.apps.compare import CompareSpeakers
    from kit.plots import plot_keyness
    from kit.terms.keyness import keyness

    app = CompareSpeakers(corpus, min_count=1)
    assert app.selected == ["Price", "Questioner", "Psaki", "Blinken"]  # most words first
    app.speakers.select.value = ("Price", "Psaki")
    tokens = corpus.tokens[corpus.tokens.speaker.isin(["Price", "Psaki"])]
    expected = keyness(tokens, by="speaker", min_count=1)
    pd.testing.assert_frame_equal(app.key.reset_index(drop=True),
                                  expected.reset_index(drop=True))
    fig = plot_keyness(expected, target="Price", value="z", top=10,
                       reference_label="the other speakers")
    assert _traces(app.fig_keyness) == [
        (t.name, [str(v) for v in t.x], list(t.y)) for t in fig.data]
    assert "Comparing <b>2</b> speakers" in app.summary.value
    assert app.query_string() == "speaker=Price&speaker=Psaki&focus=Price"


def test_compare_speakers_link_and_too_few_speakers(corpus):
    from kit.apps.compare import CompareSpeakers

    app = CompareSpeakers(corpus, query="speaker=Price&speaker=Psaki&focus=Psaki", min_count=1)
    assert app.focus.value == "Psaki" and app.selected == ["Price", "Psaki"]
    app.speakers.select.value = ("Blinken",)
    assert app.messages and "at least two speakers" in app.messages[0]
    assert app.download.disabled


# -- term trends ------------------------------------------------------------------------------


def test_term_trends_match_the_package_and_round_trip(corpus):
    from kit.apps.trends import TermTrends

    app = TermTrends(corpus, terms=["NATO", "inflation"])
    app.speakers.select.value = ("Price", "Psaki")
    tokens = corpus.tokens[corpus.tokens.speaker.isin(["Price", "Psaki"])]
    usage = term_usage(tokens, ["NATO", "inflation"])
    usage = usage[usage.n_words > 0]
    fig = plot_term_usage(usage, x="speaker", terms=["nato", "inflation"],
                          speaker_order=["Price", "Psaki"])
    assert _traces(app.fig_speakers) == [
        (t.name, [str(v) for v in t.x], list(t.y)) for t in fig.data]
    app.value.value = "n"
    assert [list(t.y) for t in app.fig_speakers.data] == [[3, 0], [0, 2]]
    qs = app.query_string()
    assert qs == "term=NATO&term=inflation&value=n&speaker=Price&speaker=Psaki"
    again = TermTrends(corpus, query=qs)
    assert again.query_string() == qs
    assert list(pd.read_csv(io.BytesIO(app._csv())).columns) == [
        "period", "term", "n", "n_words", "per_1k"]


@pytest.mark.parametrize("query", ["term=%22nuclear%20power%22&term=NATO",
                                   "term=nuclear%20power&term=NATO",
                                   "term=%E2%80%9Cnuclear%20power%E2%80%9D&term=NATO",
                                   "q=%22nuclear%20power%22,NATO"])
def test_term_trends_link_keeps_a_quoted_phrase_one_term(corpus, query):
    from kit.apps.trends import TermTrends

    app = TermTrends(corpus, query=query)
    assert app.terms.value == ("nuclear power", "NATO")
    assert [t.name for t in app.fig_time.data] == ["nuclear power", "nato"]


def test_term_trends_escape_terms(corpus):
    from kit.apps.trends import TermTrends

    app = TermTrends(corpus, terms=["<img src=x onerror=alert(1)>"])
    assert "<img" not in app.summary.value + app.table.value


def test_usage_over_time_equals_term_usage_by_period(app, corpus):
    app.keyword.text.value = "NATO, Ukraine"
    got = app.view.usage_over_time
    expected = term_usage(corpus, ["NATO", "Ukraine"], by=None, freq="M")
    assert got[["n", "n_words"]].values.tolist() == expected[["n", "n_words"]].values.tolist()
    assert list(got.period) == list(expected.date)


def test_pages_are_built_lazily_and_match_the_full_hit_list(corpus):
    app = Explorer(corpus, page_size=2, upload=False)
    app.keyword.text.value = "NATO, Ukraine"
    app.dates.set_value("2022-01-01", "2022-12-31")
    lazy = app.view.keyword_hits
    assert lazy._all is None  # nothing beyond the first page built yet
    assert (lazy.n, lazy.n_docs, lazy.n_speakers) == (6, 2, 3)
    app.go_to_page(1)
    page = app.page_rows()[["doc_id", "start_char", "hit"]].astype(str).values.tolist()
    full = app.view.hits  # now everything, in corpus order
    assert len(full) == 6 and set(full.doc_id.astype(str)) == {"doc-a", "doc-b"}
    assert page == full.iloc[2:4][["doc_id", "start_char", "hit"]].astype(str).values.tolist()
    order = list(zip(full.doc_id.astype(str), full.start_char, strict=True))
    assert order == sorted(order)


# -- what every app shares ----------------------------------------------------------------------


def _every_app(corpus, query=None):
    from kit.apps.compare import CompareSpeakers
    from kit.apps.trends import TermTrends

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


def _plain(value):
    """JSON values with typed arrays (``bdata``) decoded to lists and trace uids left out."""
    import base64
    import json

    from plotly.utils import PlotlyJSONEncoder

    def walk(v):
        if isinstance(v, dict):
            if set(v) >= {"bdata", "dtype"}:
                array = np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"])
                return [walk(x) for x in array.reshape(v.get("shape", -1)).tolist()]
            return {k: walk(x) for k, x in v.items() if k != "uid"}
        if isinstance(v, list):
            return [walk(x) for x in v]
        return v

    return walk(json.loads(json.dumps(value, cls=PlotlyJSONEncoder, sort_keys=True)))


@pytest.mark.parametrize("query", ["", "q=NATO", "q=NATO,%22nuclear%20power%22&speaker=Price",
                                   "q=zzz", "from=2022-03-02&to=2022-03-03"])
def test_charts_updated_from_specs_equal_the_validated_figures(corpus, query):
    # A refresh hands plain specs to the widgets (no Figure is built); what they show must be
    # exactly the validated figure of the same view, after any earlier state.
    app = Explorer(corpus, upload=False)
    app.apply_query_string("q=war,sanctions&speaker=Blinken")
    app.apply_query_string(query)
    figures = app.figures(app.view)
    for key, widget in (("speakers", app.fig_speakers), ("time", app.fig_time),
                        ("dispersion", app.fig_dispersion)):
        expected = figures[key].to_plotly_json()
        assert _plain(widget._widget_data) == _plain(expected["data"])
        shown = _plain(widget._widget_layout)
        for k, v in _plain(expected["layout"]).items():
            if k != "height":  # set by the refresh, for the number of documents
                assert shown.get(k) == v, (key, k)


@pytest.mark.parametrize(("query", "speakers", "docs", "freq"), [
    ("term=NATO&term=inflation", None, None, "M"),  # auto: 322 days of dates
    ("term=NATO&term=nuclear%20power&speaker=Price&speaker=Psaki&freq=Y&value=n",
     ["Price", "Psaki"], None, "Y"),
    ("term=NATO&term=Ukraine&from=2022-01-01&to=2022-12-31&freq=D", None,
     ["doc-a", "doc-b"], "D"),
    ("term=NATO&term=Ukraine&speaker=Blinken&speaker=Questioner&from=2022-03-04"
     "&to=2022-03-04", ["Blinken", "Questioner"], ["doc-a"], "D"),  # auto: one day
    ("term=NATO&term=Ukraine&from=2030-01-01", None, [], None),  # nothing: no dates left
])
def test_term_trends_equal_term_usage_of_the_filtered_tokens(corpus, query, speakers, docs,
                                                             freq):
    # The app counts from an index, never filtering the tokens; it must show what the
    # package gives for the explicitly filtered tokens, after any earlier state.
    from kit.apps.trends import TermTrends

    app = TermTrends(corpus, terms=["war"])
    app.apply_query_string("term=war&speaker=Psaki&freq=D&value=n")
    app.apply_query_string(query)
    assert app.messages == []
    terms, value = list(app.terms.value), app.value.value
    tokens = corpus.tokens
    keep = np.ones(len(tokens), dtype=bool)
    if speakers is not None:
        keep &= tokens.speaker.isin(speakers).to_numpy()
    if docs is not None:
        keep &= tokens.doc_id.isin(docs).to_numpy()
    sub = tokens[keep]
    by_speaker = term_usage(sub, terms)
    by_speaker = by_speaker[by_speaker.n_words > 0]
    pd.testing.assert_frame_equal(app.usage_by_speaker, by_speaker)
    if freq is None:
        x, over_time = "doc_id", term_usage(sub, terms, by="doc_id")
        got = app.usage_over_time
    else:
        documents = corpus.documents
        starts = pd.Series(documents.date.dt.to_period(freq).dt.start_time.to_numpy(),
                           index=documents.doc_id.astype(str))
        period = starts.reindex(sub.doc_id.astype(str)).to_numpy()
        x, over_time = "period", term_usage(sub.assign(period=period), terms, by="period")
        # The app's period column is a Categorical of the corpus's period starts.
        got = app.usage_over_time.astype({"period": over_time.period.dtype})
    pd.testing.assert_frame_equal(got, over_time)

    unit = "per 1,000 words" if value == "per_1k" else "count"
    charted = list(by_speaker.term.cat.categories)
    order = [sp for sp in (speakers or corpus.speaker_names)
             if sp in set(by_speaker.speaker.astype(object))]
    figures = {
        "time": plot_term_usage(over_time, x=x, terms=charted, value=value,
                                title=f"Over time ({unit})"),
        "speakers": plot_term_usage(by_speaker, x="speaker", terms=charted, value=value,
                                    speaker_order=order, title=f"By speaker ({unit})"),
    }
    for key, widget in (("time", app.fig_time), ("speakers", app.fig_speakers)):
        expected = figures[key].to_plotly_json()
        assert _plain(widget._widget_data) == _plain(expected["data"]), key
        shown = _plain(widget._widget_layout)
        for k, v in _plain(expected["layout"]).items():
            if k != "height":  # the widget's own
                assert shown.get(k) == v, (key, k)

    content = int((~sub.is_stopword).sum())
    assert (f"<b>{by_speaker.n.sum():,}</b> uses in <b>{sub.doc_id.nunique()}</b> documents "
            f"by <b>{sub.speaker.nunique()}</b> speakers ({content:,} content words)."
            in app.summary.value)
