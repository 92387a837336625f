"""The compare-speakers app: keyness, summaries and charts equal the package's for the same
speakers; its link sets speakers and focus."""

from __future__ import annotations

import pandas as pd
from app_checks import traces

from kit.apps.compare import CompareSpeakers


def test_compare_speakers_defaults_and_keyness_match_the_package(corpus):
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
    assert traces(app.fig_keyness) == [
        (t.name, [str(v) for v in t.x], list(t.y)) for t in fig.data]
    assert "Comparing <b>2</b> speakers" in app.summary.value
    assert app.query_string() == "speaker=Price&speaker=Psaki&focus=Price"


def test_compare_speakers_link_and_too_few_speakers(corpus):

    app = CompareSpeakers(corpus, query="speaker=Price&speaker=Psaki&focus=Psaki", min_count=1)
    assert app.focus.value == "Psaki" and app.selected == ["Price", "Psaki"]
    app.speakers.select.value = ("Blinken",)
    assert app.messages and "at least two speakers" in app.messages[0]
    assert app.download.disabled
    assert "Comparing <b>1</b> speaker over" in app.summary.value


def test_compare_lists_the_default_speakers_it_compares(corpus):
    app = CompareSpeakers(corpus, min_count=1, n_default=2)
    assert app.selected == ["Price", "Questioner"]
    assert app.speakers.value == ("Price", "Questioner")  # the list shows what is compared
    assert "2 selected" in app.speakers.status.value
    assert "the speakers with the most words" in app.summary.value


def test_focus_stays_after_a_date_change(corpus):
    app = CompareSpeakers(corpus, min_count=1,
                          query="speaker=Price&speaker=Questioner&speaker=Psaki&focus=Questioner")
    assert app.focus.value == "Questioner"
    app.dates.set_value("2022-01-01", "2023-12-31")
    assert app.focus.value == "Questioner"
    assert app.state.focus == "Questioner"


def test_summary_table_has_readable_headings_and_one_format_per_column(corpus):
    app = CompareSpeakers(corpus, min_count=1)
    table = app.table.value
    assert "<th>Speaker</th>" in table
    for head in ("Turns", "Words", "Share of words", "Mean turn (words)", "Longest turn"):
        assert f"<th class='kit-num'>{head}</th>" in table  # numbers right-aligned
    assert "n_words" not in table and "share_of_words" not in table


def test_share_of_words_only_where_documents_have_two_of_the_speakers(corpus):
    app = CompareSpeakers(corpus, min_count=1, query="speaker=Psaki&speaker=Blinken")
    assert app.fig_share.data == ()  # each document has one of them: every bar 100%
    assert "no document has two of these speakers" in app.fig_share.layout.annotations[0].text
    app.speakers.set_value(["Price", "Questioner"])  # both speak in doc-a
    assert [t.name for t in app.fig_share.data] == ["Price", "Questioner"]
    assert not app.fig_share.layout.annotations


def test_keyness_csv_neutralises_formulas(corpus):
    app = CompareSpeakers(corpus, min_count=1)
    app.key = app.key.assign(term=["=HYPERLINK(1)"] + list(app.key.term.astype(str)[1:]))
    assert "'=HYPERLINK(1)" in app._csv().decode("utf-8")


def test_none_clears_the_speakers_and_says_no_speaker_is_chosen(corpus):
    app = CompareSpeakers(corpus, min_count=1, n_default=2)
    assert app.speakers.value == ("Price", "Questioner")
    app.speakers.none_button.click()
    assert app.speakers.value == ()  # not the defaults again
    assert "none selected" in app.speakers.status.value
    assert "No speaker is chosen" in app.summary.value
    assert app.selected == [] and not len(app.key) and app.download.disabled
    assert app.table.value == ""
    assert app.charts.layout.display == "none"  # no empty axes
    app.speakers.select.value = ("Price", "Psaki")
    assert "Comparing <b>2</b> speakers" in app.summary.value
    assert app.charts.layout.display is None
    assert CompareSpeakers(corpus, min_count=1, n_default=2, query="from=2000-01-01"
                           ).selected == ["Price", "Questioner"]  # a link without speakers


def test_dates_without_documents_name_the_corpus_dates(corpus):
    dates = corpus.documents["date"]
    first, last = f"{dates.min():%Y-%m-%d}", f"{dates.max():%Y-%m-%d}"
    app = CompareSpeakers(corpus, min_count=1, query="from=1700-01-01&to=1750-12-31")
    assert app.summary.value == (f"No documents between 1700-01-01 and 1750-12-31; this corpus "
                                 f"runs from {first} to {last}. Widen the dates or click Any "
                                 "date.")
    assert app.charts.layout.display == "none"
    app.dates.set_value(None, None)
    assert "Comparing <b>4</b> speakers" in app.summary.value
    assert len(app.fig_timeline.data)


def test_dates_where_no_chosen_speaker_speaks_say_so_without_an_empty_table(corpus):
    # SOTU, Washington to Monroe in 1900-1950: "Comparing 0 speakers over 0 documents", the
    # headings of an empty table and four chart messages.
    app = CompareSpeakers(corpus, min_count=1,
                          query="speaker=Psaki&speaker=Questioner&from=2023-01-01")
    assert app.summary.value.startswith(
        "<b>None of the 2 chosen speakers speaks in these dates.</b>")
    assert app.table.value == "" and app.charts.layout.display == "none"
    assert app.selected == [] and app.download.disabled
    app.dates.set_value(None, None)
    assert "Comparing <b>2</b> speakers" in app.summary.value and app.table.value
    assert app.charts.layout.display is None


def test_charts_of_the_latest_documents_say_how_many_of_how_many_they_show(corpus):
    # 238 State of the Union addresses drew the latest 30 with nothing said.
    every = CompareSpeakers(corpus, min_count=1, query="speaker=Price&speaker=Questioner")
    assert every.fig_timeline.layout.title.text == "Who speaks when"  # all shown: no note
    assert every.fig_share.layout.title.text == "Share of words per document"
    app = CompareSpeakers(corpus, min_count=1, max_documents=1,
                          query="speaker=Price&speaker=Questioner")
    docs = corpus.documents[corpus.documents.doc_id.isin(
        corpus.turns[corpus.turns.speaker.isin(["Price", "Questioner"])].doc_id)]
    last = docs.sort_values("date").iloc[-1]
    note = f"the latest 1 of {len(docs)} documents, {last.date:%Y-%m-%d}"
    assert len(docs) > 1
    assert app.fig_timeline.layout.title.text == f"Who speaks when<br><sup>{note}</sup>"
    drawn = {str(row[0]) for t in app.fig_timeline.data if t.customdata is not None
             for row in t.customdata}
    assert drawn == {last.doc_id}  # the latest, as said
    assert f"over <b>{len(docs)} documents</b>" in app.summary.value  # the N of the note


def test_most_distinctive_panels_show_only_words_a_speaker_over_uses(corpus):
    # top=50: room for every word, so a panel would show those below zero too.
    app = CompareSpeakers(corpus, min_count=1, top=50, query="speaker=Price&speaker=Psaki")
    assert (app.key["z"] <= 0).any()  # a pair: each speaker's avoided words are negative
    shown = traces(app.fig_distinct)
    assert [name for name, _, _ in shown] == ["Price", "Psaki"]
    for name, xs, ys in shown:
        part = app.key[(app.key["speaker"] == name) & (app.key["z"] > 0)]
        assert xs and all(float(x) > 0 for x in xs)
        assert set(ys) <= set(part["term"].astype(str))
