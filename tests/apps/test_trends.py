"""The term-trends app: counts and charts equal term_usage of the filtered tokens; links
round-trip and keep a quoted phrase one term."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from app_checks import plain, traces

from kit.apps.trends import CHART_HEIGHT, SPEAKER_CHART_HEIGHT, TermTrends
from kit.plots import plot_term_usage
from kit.plots.layout import legend_on_top
from kit.terms.count import term_usage
from kit.terms.query import label_as_typed


def test_term_trends_match_the_package_and_round_trip(corpus):
    app = TermTrends(corpus, terms=["NATO", "inflation"])
    app.speakers.select.value = ("Price", "Psaki")
    tokens = corpus.tokens[corpus.tokens.speaker.isin(["Price", "Psaki"])]
    usage = term_usage(tokens, ["NATO", "inflation"])
    usage = usage[usage.n_words > 0]
    fig = plot_term_usage(usage, x="speaker", terms=["nato", "inflation"],
                          speaker_order=["Price", "Psaki"])
    # The package's bars, named as the terms were typed (term_usage reports them folded).
    assert traces(app.fig_speakers) == [
        (typed, [str(v) for v in t.x], list(t.y))
        for typed, t in zip(["NATO", "inflation"], fig.data, strict=True)]
    app.value.value = "n"
    assert [list(t.y) for t in app.fig_speakers.data] == [[3, 0], [0, 2]]
    qs = app.query_string()
    assert qs == "term=NATO&term=inflation&value=n&speaker=Price&speaker=Psaki"
    again = TermTrends(corpus, query=qs)
    assert again.query_string() == qs
    csv = pd.read_csv(io.BytesIO(app._csv()))
    # The speaker column the chart by speaker shows; one row per period, speaker and term.
    assert list(csv.columns) == ["period", "speaker", "term", "n", "n_words", "per_1k",
                                 "per_1k_low", "per_1k_high"]
    assert set(csv.speaker) == {"Price", "Psaki"}
    assert csv.groupby("term").n.sum().to_dict() == {"NATO": 3, "inflation": 2}


def test_term_trends_summary_counts_all_words_the_rates_are_of(corpus):
    app = TermTrends(corpus, terms=["NATO"])
    n_words = int(app.usage_by_speaker.n_words.sum())  # one term: one row per speaker
    assert f"({n_words:,} words)" in app.summary.value
    assert "content words" not in app.summary.value


def test_term_trends_by_decade(corpus):
    app = TermTrends(corpus, terms=["NATO"], query="term=NATO&freq=10Y")
    assert app.freq.value == "10Y"
    periods = pd.to_datetime(app.fig_time.data[0].x)
    assert [p.year for p in periods] == [2020]


@pytest.mark.parametrize("query", ["term=%22nuclear%20power%22&term=NATO",
                                   "term=nuclear%20power&term=NATO",
                                   "term=%E2%80%9Cnuclear%20power%E2%80%9D&term=NATO",
                                   "q=%22nuclear%20power%22,NATO"])
def test_term_trends_link_keeps_a_quoted_phrase_one_term(corpus, query):
    app = TermTrends(corpus, query=query)
    assert app.terms.value == ("nuclear power", "NATO")
    assert [t.name for t in app.fig_time.data] == ["nuclear power", "NATO"]


def test_term_trends_escape_terms(corpus):
    app = TermTrends(corpus, terms=["<img src=x onerror=alert(1)>"])
    assert "<img" not in app.summary.value + app.table.value


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
    by_speaker = label_as_typed(term_usage(sub, terms), terms)
    by_speaker = by_speaker[by_speaker.n_words > 0]
    pd.testing.assert_frame_equal(app.usage_by_speaker, by_speaker)
    if freq is None:
        x, over_time = "doc_id", label_as_typed(term_usage(sub, terms, by="doc_id"), terms)
        got = app.usage_over_time
    else:
        documents = corpus.documents
        starts = pd.Series(documents.date.dt.to_period(freq).dt.start_time.to_numpy(),
                           index=documents.doc_id.astype(str))
        period = starts.reindex(sub.doc_id.astype(str)).to_numpy()
        x, over_time = "period", label_as_typed(
            term_usage(sub.assign(period=period), terms, by="period"), terms)
        # The app's period column is a Categorical of the corpus's period starts.
        got = app.usage_over_time.astype({"period": over_time.period.dtype})
    pd.testing.assert_frame_equal(got, over_time)

    unit = "per 1,000 words" if value == "per_1k" else "count"
    charted = list(by_speaker.term.cat.categories)
    order = [sp for sp in (speakers or corpus.speaker_names)
             if sp in set(by_speaker.speaker.astype(object))]
    figures = {
        "time": plot_term_usage(over_time, x=x, terms=charted, value=value,
                                title=f"Over time ({unit})", freq=freq),
        "speakers": plot_term_usage(by_speaker, x="speaker", terms=charted, value=value,
                                    speaker_order=order, title=f"By speaker ({unit})"),
    }
    heights = {"time": CHART_HEIGHT, "speakers": SPEAKER_CHART_HEIGHT}
    for key, widget in (("time", app.fig_time), ("speakers", app.fig_speakers)):
        if by_speaker.n.sum() == 0:  # nothing to chart: a message, not empty 0-1 axes
            assert widget._widget_data == []
            assert "No documents in these dates" in widget.layout.annotations[0].text
            continue
        # The package's figure, its legend in rows over the plot.
        expected = legend_on_top(figures[key].to_plotly_json(), height=heights[key])
        assert plain(widget._widget_data) == plain(expected["data"]), key
        shown = plain(widget._widget_layout)
        for k, v in plain(expected["layout"]).items():
            if k != "height":  # the widget's own
                assert shown.get(k) == v, (key, k)

    if docs == []:  # the summary says why nothing is counted
        assert app.summary.value.startswith("<i>No documents from 2030-01-01 on;")
        return
    # All words, which the rates are of (term_usage's n_words per speaker).
    words = int(by_speaker.groupby("speaker", observed=True).n_words.first().sum())
    n_docs, n_speakers = sub.doc_id.nunique(), sub.speaker.nunique()
    # Where the uses are (documents, speakers with any), then what was searched.
    per_doc = term_usage(sub, terms, by="doc_id")
    used_docs = per_doc[per_doc.n > 0].doc_id.nunique()
    used = by_speaker[by_speaker.n > 0].speaker.nunique()
    searched = (f"<b>{n_docs}</b> document{'s' * (n_docs != 1)} by <b>{n_speakers}</b> "
                f"speaker{'s' * (n_speakers != 1)} searched ({words:,} words).")
    if by_speaker.n.sum() == 0:
        assert app.summary.value.endswith(f": no uses in the {searched}")
        return
    assert app.summary.value.endswith(
        f": <b>{by_speaker.n.sum():,}</b> uses in <b>{used_docs}</b> "
        f"document{'s' * (used_docs != 1)} by <b>{used}</b> speaker{'s' * (used != 1)}, "
        f"of {searched}")


def test_term_trends_shade_the_interval_of_each_rate_on_request(corpus):
    app = TermTrends(corpus, terms=["NATO"])
    assert [t.name for t in app.fig_time.data] == ["NATO"]
    app.bands.value = True
    assert [t.name for t in app.fig_time.data] == ["NATO interval", "NATO"]
    band, line = app.fig_time.data
    # The band runs along the highs and back along the lows of the line's rates.
    k = len(line.y)
    assert list(band.y[:k]) >= list(line.y) and list(band.y[k:][::-1]) <= list(line.y)
    assert app.fig_speakers.data[0].error_y.array is not None
    # Intervals are of rates: with counts the box is greyed out, and back with rates.
    app.value.value = "n"
    assert app.bands.disabled and [t.name for t in app.fig_time.data] == ["NATO"]
    # Greyed out, its tooltip says why.
    assert "rates per 1,000 words only" in app.bands.tooltip
    app.value.value = "per_1k"
    assert not app.bands.disabled
    assert [t.name for t in app.fig_time.data] == ["NATO interval", "NATO"]


def test_term_trends_intervals_over_time_reach_the_page_after_counts(corpus):
    # Each change reaches the page as a kernel message that jupyter_client packs as JSON.
    # The bands' outline held np.datetime64 values it cannot pack: back from counts with
    # intervals ticked, the chart emptied and every later change failed.
    import warnings

    from jupyter_client.session import json_packer

    app = TermTrends(corpus, terms=["NATO"])
    packed = []

    def send(data=None, metadata=None, buffers=None):
        with warnings.catch_warnings():  # (naive datetimes: a kernel warns, then sends)
            warnings.simplefilter("ignore", DeprecationWarning)
            packed.append(json_packer(data))

    app.fig_time.comm.send = send
    app.value.value = "n"
    app.bands.value = True
    app.value.value = "per_1k"
    assert app.messages == []
    assert [t.name for t in app.fig_time.data] == ["NATO interval", "NATO"]
    app.freq.value = "Y"
    assert app.messages == [] and packed


def test_term_trends_empty_box_says_so_instead_of_keeping_the_old_terms(corpus):
    app = TermTrends(corpus, terms=["NATO"])
    app.terms.text.value = ""
    assert "Type one or more terms" in app.summary.value
    for fig in (app.fig_time, app.fig_speakers):
        assert fig._widget_data == []
        assert "Type one or more terms" in fig.layout.annotations[0].text
    assert app.table.value == ""
    assert "term=" not in app.share.value


def test_term_trends_term_with_no_hits_shows_a_message_not_empty_axes(corpus):
    app = TermTrends(corpus, terms=["zzqqx"])
    for fig in (app.fig_time, app.fig_speakers):
        assert fig._widget_data == []
        assert "No use of zzqqx under these filters" in fig.layout.annotations[0].text


def test_term_trends_link_keeps_intervals_and_counts(corpus):
    app = TermTrends(corpus, terms=["NATO"])
    app.bands.value = True
    app.value.value = "n"
    qs = app.query_string()
    assert "bands=1" in qs and "value=n" in qs
    again = TermTrends(corpus, query=qs)
    assert again.bands.value is True and again.value.value == "n"
    assert "bands=1" in again.share.value


def test_term_trends_leave_out_small_speakers_and_say_so(corpus):
    words = corpus.tokens.groupby("speaker", observed=True).size()
    # A threshold between the smallest and the largest speaker leaves out the small ones.
    cut = int(words.sort_values().iloc[len(words) // 2])
    app = TermTrends(corpus, terms=["NATO"], min_words=cut)
    small = set(words[words < cut].index)
    charted = set(app.usage_by_speaker.speaker.astype(object))
    assert charted and not charted & small
    assert (f"{len(small)} speakers with fewer than {cut:,} words left out"
            in app.fig_speakers.layout.title.text)


def test_term_trends_summary_tells_where_the_uses_are_from_what_was_searched(corpus):
    # An absent term: no uses, and the documents and speakers are those searched, not a
    # place the term was found.
    absent = TermTrends(corpus, terms=["zyzzogeton"])
    n_docs, n_speakers = corpus.tokens.doc_id.nunique(), corpus.tokens.speaker.nunique()
    assert absent.summary.value == (
        f"“zyzzogeton”: no uses in the <b>{n_docs}</b> documents by <b>{n_speakers}</b> "
        f"speakers searched ({len(corpus.tokens):,} words).")
    # A present term: its uses, in the documents and by the speakers that hold them.
    hits = corpus.tokens[corpus.tokens.term.astype(str) == "nato"]
    assert 0 < hits.doc_id.nunique() < n_docs and 0 < hits.speaker.nunique() < n_speakers
    app = TermTrends(corpus, terms=["NATO"])
    used_docs, used = hits.doc_id.nunique(), hits.speaker.nunique()
    assert app.summary.value == (
        f"“NATO”: <b>{len(hits)}</b> use{'s' * (len(hits) != 1)} in <b>{used_docs}</b> "
        f"document{'s' * (used_docs != 1)} by <b>{used}</b> speaker{'s' * (used != 1)}, of "
        f"<b>{n_docs}</b> documents by <b>{n_speakers}</b> speakers searched "
        f"({len(corpus.tokens):,} words).")


def test_term_trends_give_no_total_when_rows_overlap(corpus):
    # "NATO" beside a category holding "nato": a sum would count each NATO twice.
    app = TermTrends(corpus, terms=["NATO", "inflation"])
    total = int(app.usage_by_speaker.n.sum())
    assert f"<b>{total}</b> uses in" in app.summary.value
    app.categories.add("policy", POLICY)
    app.categories.select.value = ("security",)
    rows = app.usage_by_speaker.groupby("term", observed=True).n.sum()
    assert rows["NATO"] > 0 and rows["policy: security"] >= rows["NATO"]
    summary = app.summary.value
    assert f"<b>{int(rows.sum())}</b>" not in summary and " uses in" not in summary
    assert "used in" in summary and "rows may share words, so no total" in summary
    # Each row's uses stay in the table.
    assert (f"<td>policy: security</td><td class='kit-num'>{rows['policy: security']:,}</td>"
            in app.table.value)
    # A wildcard beside another row may match its words too: no total either.
    app.terms.set_value(["inflation"])
    assert "rows may share words, so no total" in app.summary.value
    # Rows that share no word, and no wildcard: summed again.
    app.categories.add("plain", {"alliance": ["nato", "allies"]})
    rows = app.usage_by_speaker.groupby("term", observed=True).n.sum()
    assert list(rows.index) == ["inflation", "plain: alliance"] and rows.min() > 0
    assert f"“plain: alliance”: <b>{int(rows.sum())}</b> uses in" in app.summary.value


POLICY = {"security": ["nato", "nuclear pow*"], "economy": ["inflation", "price*"]}


def test_term_trends_chart_dictionary_categories_as_the_package_counts_them(corpus):
    from kit.terms.categories import count_categories

    app = TermTrends(corpus, terms=["NATO"])
    app.categories.add("policy", POLICY)
    labels = ["policy: security", "policy: economy"]
    assert [t.name for t in app.fig_time.data] == ["NATO", *labels]
    # The rows of a category equal count_categories of the filtered tokens.
    got = app.usage_by_speaker[app.usage_by_speaker.term.isin(labels)]
    expected = count_categories(corpus, POLICY, by="speaker", column="term")
    expected = expected[expected.n_words > 0]
    assert got.n.tolist() == expected.n.tolist() and got.n.sum() > 0
    assert got.per_1k.tolist() == expected.per_1k.tolist()
    over_time = app.usage_over_time
    decades = count_categories(corpus, POLICY, by=None, freq=app._periods.freq(None))
    line = app.fig_time.data[1]  # (a None marks a gap between months with words)
    assert [y for y in line.y if y is not None] == decades[
        decades.category == "security"].per_1k.tolist()
    assert over_time[over_time.term == "NATO"].n.tolist() == list(
        term_usage(corpus, "NATO", by=None, freq=app._periods.freq(None)).n)
    # CSV: the categories' rows by period and speaker, summing to the chart's counts.
    csv = pd.read_csv(io.BytesIO(app._csv()))
    assert csv.groupby("term").n.sum().to_dict() == app.usage_by_speaker.groupby(
        "term", observed=True).n.sum().to_dict()
    # The link carries the dictionary's name (all categories: none listed) and one choice.
    assert "dict=policy" in app.query_string() and "category=" not in app.query_string()
    app.categories.select.value = ("economy",)
    assert app.query_string().endswith("dict=policy&category=economy")
    assert [t.name for t in app.fig_time.data] == ["NATO", "policy: economy"]


def test_term_trends_link_restores_the_bundled_lexicon(corpus):
    from kit.terms.categories import count_categories, sentiment_lexicon

    qs = "term=NATO&dict=sentiment&category=positive&speaker=Psaki"
    app = TermTrends(corpus, query=qs)
    assert app.messages == [] and app.query_string() == qs
    assert [t.name for t in app.fig_speakers.data] == ["NATO", "sentiment: positive"]
    tokens = corpus.tokens[corpus.tokens.speaker == "Psaki"]
    expected = count_categories(tokens, {"positive": sentiment_lexicon()["positive"]})
    expected = expected[expected.n_words > 0]
    assert list(app.fig_speakers.data[1].y) == expected.per_1k.tolist()
    assert expected.n.sum() > 0


def test_term_trends_categories_alone_and_a_link_to_a_missing_upload(corpus):
    app = TermTrends(corpus, query="dict=policy&term=NATO")
    assert app.messages == ["The link asks for the dictionary 'policy', which is not here "
                            "(upload it again). The rest of it was applied."]
    app.categories.source.value = "sentiment"
    app.terms.text.value = ""
    assert [t.name for t in app.fig_time.data] == ["sentiment: negative",
                                                   "sentiment: positive"]
    app.categories.source.value = ""
    assert "Type one or more terms" in app.summary.value


def test_term_trends_one_decade_is_drawn_a_decade_wide_and_named(corpus):
    app = TermTrends(corpus, terms=["NATO"])
    years = corpus.documents.date.dt.year
    assert (years // 10).nunique() == 1  # the fixture's documents lie in one decade
    app.freq.value = "10Y"
    axis = app.fig_time.layout.xaxis
    decade = f"{years.min() // 10 * 10}s"
    assert list(axis.ticktext) == [decade]
    low, high = (pd.Timestamp(v) for v in axis.range)
    assert (high - low).days in (3652, 3653)  # ten years, two or three of them leap years


def test_dates_without_documents_say_why_instead_of_empty_axes(corpus):
    dates = corpus.documents["date"]
    why = (f"No documents from 2030-01-01 on; this corpus runs from {dates.min():%Y-%m-%d} "
           f"to {dates.max():%Y-%m-%d}.")
    app = TermTrends(corpus, terms=["ukraine"], query="term=ukraine&from=2030-01-01")
    assert why in app.summary.value
    for chart in (app.fig_time, app.fig_speakers):  # what the summary explains
        assert not chart.data and chart.layout.height < 150
        assert "No documents in these dates (see above)" in chart.layout.annotations[0].text
    app.dates.set_value(None, None)
    assert app.fig_time.data and app.fig_time.layout.height == 400


def test_term_trends_summary_and_table_count_the_uses_of_speakers_left_out(corpus):
    # The SOTU page said 4,884 uses of "war", "peace" where the explorer found 4,886: the
    # uses of speakers with too few words to chart were dropped from the totals.
    full = TermTrends(corpus, terms=["NATO"], min_words=0).usage_by_speaker
    users = full[full.n > 0].sort_values("n_words")
    assert len(users) >= 2
    small = int(users.n_words.iloc[0])  # the speaker using NATO with the fewest words
    app = TermTrends(corpus, terms=["NATO"], min_words=small + 1)
    assert users.speaker.iloc[0] not in set(app.usage_by_speaker.speaker)  # left out of charts
    total = int(term_usage(corpus.tokens, ["NATO"]).n.sum())
    assert total == int(full.n.sum())
    assert f"“NATO”: <b>{total:,}</b> uses" in app.summary.value
    assert f"<td class='kit-num'>{total:,}</td>" in app.table.value


def test_eight_terms_get_a_legend_in_rows_over_each_plot(corpus):
    # At 1600 px the legend of 8 terms was a column beside a by-speaker plot 140 px tall, and
    # scrolled: in rows under the title it takes the width, and the plot moves down.
    terms = ["NATO", "war", "inflation", "Ukraine", "trade", "nuclear", "alliance", "Russia"]
    app = TermTrends(corpus, terms=terms)
    for chart, height in ((app.fig_time, CHART_HEIGHT), (app.fig_speakers, SPEAKER_CHART_HEIGHT)):
        assert [t.name for t in chart.data if t.showlegend is not False] == terms
        legend, title = chart.layout.legend, chart.layout.title
        assert (legend.orientation, legend.yref, legend.yanchor) == ("h", "container", "top")
        assert (title.yref, title.y, title.yanchor) == ("container", 1, "top")
        # Under the title's line, above the plot (plotly reserves the rows' margin).
        assert legend.y * height == pytest.approx(height - 40)
        assert chart.layout.margin.t == 40 and chart.layout.height == height


def test_the_table_writes_counts_as_the_summary_does(tmp_path):
    import kit

    (tmp_path / "talk.txt").write_text("A: " + "war and peace. " * 1500, encoding="utf-8")
    app = TermTrends(kit.read_transcripts(tmp_path, progress=False), terms=["war"])
    assert "<b>1,500</b> uses" in app.summary.value
    assert "<td class='kit-num'>1,500</td>" in app.table.value  # not 1500 under "1,500 uses"
