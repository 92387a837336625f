"""The explorer app: filters drive the table, charts, summary, link and CSV — values checked
against what the package computes for the same filter."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from app_checks import plain, traces

from kit.apps.explorer import Explorer
from kit.apps.link import LinkState, parse_query_string
from kit.plots import plot_term_usage
from kit.terms.count import count_terms, term_usage
from kit.terms.kwic import kwic


@pytest.fixture
def app(corpus):
    return Explorer(corpus, page_size=2, upload=False)


def test_first_view_lists_turns_and_charts_the_top_terms(app, corpus):
    assert app.view.hits is None
    assert app.view.n_rows == len(corpus.turns)
    assert app.summary.value.startswith(f"<b>{len(corpus.turns)}</b> turns in <b>3</b>")
    top = count_terms(corpus.tokens, by=None).sort_values("n", ascending=False, kind="stable")
    assert app.view.charted_terms == list(top.term.astype(str).head(3))
    assert all(len(y) for _, _, y in traces(app.fig_speakers))
    assert all(len(y) for _, _, y in traces(app.fig_time))


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
    # The same bars, named as the user typed the term (term_usage reports it folded).
    assert [t.name for t in fig.data] == ["nato"]
    assert traces(app.fig_speakers) == [
        ("NATO", [str(v) for v in t.x], list(t.y)) for t in fig.data]
    assert [t.name for t in app.fig_time.data] == ["NATO"]
    assert app.view.charted_terms == ["NATO"]
    assert traces(app.fig_speakers)[0][2] == pytest.approx([1000 * 3 / 32])
    assert "<b>3</b> hits for “NATO” in <b>2</b> documents by <b>1</b> speaker — " in \
        app.summary.value
    assert "?speaker=Price&amp;q=NATO" in app.share.value


def test_table_pages(app):
    app.keyword.text.value = "NATO"
    assert app.view.n_rows == 5
    assert app.page_label.value.strip("&nbsp;").startswith("1–2 of 5 hits (page 1 of 3)")
    assert app.prev_button.disabled and not app.next_button.disabled
    app.go_to_page(2)
    assert len(app.page_rows()) == 1 and app.next_button.disabled
    assert app.table.value.count("class='kit-row") == 1
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
    assert "your upload" not in app.header.value
    app._set_uploaded_corpus(other)  # what the upload box calls with the files it read
    assert "Corpus: your upload, " in app.header.value
    assert "the other dashboards show the corpus the server started with" in app.header.value


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
        assert plain(widget._widget_data) == plain(expected["data"])
        shown = plain(widget._widget_layout)
        for k, v in plain(expected["layout"]).items():
            if k != "height":  # set by the refresh, for the number of documents
                assert shown.get(k) == v, (key, k)


def test_a_new_corpus_starts_at_the_first_page_with_the_same_chart_widgets(corpus):
    app = Explorer(corpus, page_size=2)
    app.go_to_page(2)
    assert app.page == 2
    charts = (app.fig_speakers, app.fig_time, app.fig_dispersion)
    app.set_corpus(corpus)
    assert app.page == 0
    assert "(page 1 of " in app.page_label.value
    # The page's views of the charts stay: the same widgets, in the same place.
    assert (app.fig_speakers, app.fig_time, app.fig_dispersion) == charts
    main = app.container.children[1].children[1]
    assert all(chart in main.children for chart in charts)


def test_who_uses_it_most_leaves_out_speakers_with_few_words(make_corpus):
    from kit.apps import Explorer

    long_a = "Ukraine matters. " + "We talk about other things today. " * 120
    corpus = make_corpus({"d1": [("A", long_a), ("B", "Ukraine, Ukraine."),
                                 ("C", "Ukraine and more words. " * 100)]})[0]
    app = Explorer(corpus, query="q=ukraine", upload=False, min_words=100)
    (bars,) = app.fig_speakers.data
    assert list(bars.x) == ["A", "C"]  # B: 2 words, the highest rate, left out
    assert "1 speaker with fewer than 100 words left out" in app.fig_speakers.layout.title.text
    assert len(bars.error_y.array) == 2
    everyone = Explorer(corpus, query="q=ukraine", upload=False, min_words=0)
    assert list(everyone.fig_speakers.data[0].x) == ["A", "B", "C"]


@pytest.mark.parametrize("order", ["left1", "right2", "speaker", "date", "doc_id"])
def test_kwic_table_in_the_order_chosen_equals_kwic_sorted(two_briefings, order):
    from kit.apps import Explorer
    from kit.terms.kwic import kwic

    corpus, _ = two_briefings
    # Six hits over two documents and three speakers; orders tie within a sanction's words.
    app = Explorer(corpus, query="q=sanction*,war,nuclear", upload=False, page_size=3)
    app.order.value = order
    want = kwic(corpus, ["sanction*", "war", "nuclear"], sort=order)
    assert len(want) == 7
    got = app.view.head(len(want))
    columns = ["query", "doc_id", "hit", "left", "right", "start_char"]
    pd.testing.assert_frame_equal(got[columns].astype(str), want[columns].astype(str))
    assert app.page == 0 and len(app.view.head(3)) == 3


def test_an_undated_upload_names_its_file_and_charts_no_time(corpus):
    app = Explorer(corpus)
    talk = b'[{"speaker": "Ms. Uploader", "text": "Uploads work. Uploads are read."}]'
    app._upload._on_files([("mytalk.json", talk)], [])
    assert "Corpus: your upload, 1 document, 1 turn, 1 speaker" in app.header.value
    app.keyword.text.value = "uploads"
    assert "<span class='kit-doc' title='mytalk.json'>mytalk.json</span>" in app.table.value
    assert "upload/" not in app.documents.select.options[0][0]
    assert not app.fig_time.data  # one bar per document id says nothing about time
    assert "have no dates" in app.fig_time.layout.annotations[0].text


def test_the_link_keeps_the_order_and_the_page(corpus):
    app = Explorer(corpus, upload=False, page_size=2, query="q=NATO,Ukraine")
    app.order.value = "speaker"
    app.go_to_page(1)
    link = app.query_string()
    assert link.endswith("&order=speaker&page=2")
    assert "order=speaker&amp;page=2" in app.share.value  # the link shown follows the page
    again = Explorer(corpus, upload=False, page_size=2, query=link)
    assert (again.order.value, again.page) == ("speaker", 1)
    assert again.table.value == app.table.value
    wrong = Explorer(corpus, upload=False, page_size=2, query="q=NATO&order=up&page=9")
    n_pages = -(-len(kwic(corpus, "NATO")) // 2)
    assert wrong.page == n_pages - 1 and wrong.order.value == ""  # the last page
    assert wrong.messages == ["The link asks for no order 'up' (one of left1, left2, left3, "
                              "right1, right2, right3, date, speaker, doc_id); page 9 (there "
                              f"are {n_pages}). The rest of it was applied."]


def test_one_term_by_speaker_is_drawn_in_the_speakers_colours(corpus):
    from kit.plots import speaker_colors

    app = Explorer(corpus, upload=False, query="q=NATO")
    (bars,) = app.fig_speakers.data
    colors = speaker_colors(corpus.tokens["speaker"])
    assert list(bars.marker.color) == [colors[str(x)] for x in bars.x]
    assert len(set(bars.marker.color)) == len(bars.x) > 1
    # The same colour as that speaker's marks in "where the hits fall".
    for trace in app.fig_dispersion.data:
        if trace.name in colors and trace.marker.color is not None:
            assert trace.marker.color == colors[trace.name]


def test_where_the_hits_fall_names_how_many_documents_it_leaves_out(make_corpus):
    from kit.apps.explorer import MAX_DISPERSION_DOCS

    n_docs = MAX_DISPERSION_DOCS + 5
    docs = {f"d{i:02d}": [("Ann", "NATO " * (1 + i % 3) + "met today.")] for i in range(n_docs)}
    corpus, _ = make_corpus(docs, dates={d: f"2020-01-{i + 1:02d}" for i, d in enumerate(docs)})
    app = Explorer(corpus, upload=False, query="q=nato")
    title = app.fig_dispersion.layout.title.text
    assert f"the {MAX_DISPERSION_DOCS} documents with most hits, of {n_docs} with hits" in title
    drawn = {y for t in app.fig_dispersion.data for y in (t.y or ())}
    assert len(drawn) == MAX_DISPERSION_DOCS


def test_each_dashboard_marks_itself_in_the_links_row(corpus):
    from kit.apps.compare import CompareSpeakers
    from kit.apps.trends import TermTrends

    for app, name in [(Explorer(corpus, upload=False), "Explorer"),
                      (CompareSpeakers(corpus, min_count=1), "Compare speakers"),
                      (TermTrends(corpus), "Term trends")]:
        assert f"<b>{name}</b>" in app.header.value, name


def test_documents_listed_are_those_in_the_date_range(corpus):
    # A document outside the dates stayed listed: picking it gave "0 hits in 0 documents"
    # with no reason given.
    app = Explorer(corpus, upload=False)
    listed = lambda: [key for _, key in app.documents.select.options]  # noqa: E731
    assert listed() == ["doc-a", "doc-b", "doc-c"]
    app.dates.set_value("2022-06-01", "2022-12-31")
    assert listed() == ["doc-b"]
    app.speakers.select.value = (app.speakers.option_keys[0],)
    docs = set(corpus.turns[corpus.turns.speaker == app.speakers.option_keys[0]].doc_id)
    assert listed() == [d for d in ["doc-b"] if d in docs]
    app.dates.set_value(None, None)
    assert listed() == sorted(docs)


def _message(widget) -> str:
    """The text a message chart shows (its one annotation)."""
    return widget.layout.annotations[0].text.replace("<br>", " ")


def test_dates_without_documents_say_why_and_charts_shrink_to_their_message(corpus):
    dates = corpus.documents["date"]
    span = f"this corpus runs from {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}"
    app = Explorer(corpus, upload=False, query="from=1700-01-01&to=1750-12-31")
    why = f"No documents between 1700-01-01 and 1750-12-31; {span}."
    assert app.messages and app.messages[0].startswith(why)
    for chart in (app.fig_speakers, app.fig_time):  # what the message area explains
        assert not chart.data and "No documents in these dates (see above)" in _message(chart)
        assert chart.layout.height < 150  # a line of text, not a 380 px empty box
    app.set_state(LinkState(start=None, end="1750-12-31"))
    assert app.messages[0].startswith(f"No documents up to 1750-12-31; {span}.")
    app.set_state(LinkState())  # any date: charts of full height again
    assert app.messages == [] and app.fig_speakers.data
    assert app.fig_speakers.layout.height == 380
    assert app.fig_dispersion.layout.height < 150  # "type a keyword": a message only


def test_a_keyword_with_no_hits_says_so_in_the_charts_not_axes_of_zeros(corpus):
    # "xqzzyq" on SOTU drew 43 bars of 0 and a flat line at 0 (the term trends page says so).
    app = Explorer(corpus, upload=False, query="q=xqzzyq")
    assert plain(app.summary.value).startswith("<b>0</b> hits")
    for chart in (app.fig_speakers, app.fig_time):
        assert not chart.data and "No use of xqzzyq under these filters" in _message(chart)
        assert chart.layout.height < 150
    app.set_state(LinkState(q="NATO"))  # a keyword with hits: the charts again
    assert app.fig_speakers.data and app.fig_time.data
    assert app.fig_speakers.layout.height == 380
