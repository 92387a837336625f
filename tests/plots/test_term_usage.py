"""Term usage: lines over time, bars by speaker, rates recomputed, date axes."""

from __future__ import annotations

import pandas as pd
import pytest
from plot_fixtures import cat

from kit.errors import KitError
from kit.plots import plot_term_usage


def test_term_usage_over_time_draws_lines_with_rates():
    usage = pd.DataFrame(
        {
            "speaker": cat(["Ned Price", "Questioner"] * 4),
            "date": pd.to_datetime(["2022-01-01"] * 4 + ["2022-02-01"] * 4),
            "term": pd.Categorical(
                ["russia", "russia", "china", "china"] * 2, categories=["russia", "china"]
            ),
            "n": [1, 3, 0, 2, 4, 0, 1, 1],
            "n_words": [100, 100, 100, 100, 300, 100, 300, 100],
        }
    )
    fig = plot_term_usage(usage)
    assert [(t.type, t.name) for t in fig.data] == [("scatter", "russia"), ("scatter", "china")]
    # Rows of both speakers are combined: russia in Jan = (1 + 3) / 200 words * 1000.
    assert list(fig.data[0].y) == pytest.approx([20.0, 10.0])
    assert fig.layout.yaxis.title.text == "per 1,000 words"
    assert plot_term_usage(usage, value="n").layout.yaxis.title.text == "count"
    fixed = plot_term_usage(usage, terms=["china", "russia", "nato"])
    assert [t.name for t in fixed.data] == ["china", "russia", "nato"]


def test_term_usage_of_an_empty_table_keeps_the_traces():
    empty = pd.DataFrame(columns=["speaker", "term", "n", "per_1k"])
    fig = plot_term_usage(empty, x="date", terms=["russia", "china"])
    assert [t.name for t in fig.data] == ["russia", "china"]
    assert all(len(t.x) == 0 for t in fig.data)
    assert fig.layout.yaxis.title.text == "per 1,000 words"


def test_term_usage_by_speaker_draws_bars_in_speaker_order(counts):
    fig = plot_term_usage(counts[counts["term"].isin(["ukraine", "russia"])], x="speaker")
    assert {t.type for t in fig.data} == {"bar"}
    assert list(fig.layout.xaxis.categoryarray) == ["Questioner", "Antony Blinken"]
    with pytest.raises(KitError, match="no column 'period'"):
        plot_term_usage(counts, x="period")
    with pytest.raises(KitError, match="needs one term"):
        plot_term_usage(counts, x="speaker", color="speaker")
    one = plot_term_usage(counts[counts["term"] == "ukraine"], x="speaker", color="speaker")
    assert [t.name for t in one.data] == ["Questioner", "Antony Blinken"]


def test_a_single_date_is_shown_as_a_day_not_a_millisecond():
    usage = pd.DataFrame({"date": pd.to_datetime(["2022-03-04", "2022-03-04"]),
                          "term": pd.Categorical(["nato", "ukraine"]), "n": [3, 1],
                          "n_words": [100, 100], "per_1k": [30.0, 10.0]})
    fig = plot_term_usage(usage, x="date")
    low, high = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert (low, high) == (pd.Timestamp("2022-03-03"), pd.Timestamp("2022-03-05"))
    assert fig.layout.xaxis.tickformat == "%Y-%m-%d"
    two = pd.concat([usage, usage.assign(date=pd.Timestamp("2022-04-01"))])
    assert plot_term_usage(two, x="date").layout.xaxis.range is None  # plotly's own range


@pytest.mark.parametrize("freq, start, label, days", [
    ("10YS", "2020-01-01", "2020s", 3653), ("Y", "1801-01-01", "1801", 365),
    ("Q", "2022-04-01", "2022 Q2", 91), ("M", "2022-03-01", "Mar 2022", 31),
    ("W", "2022-03-06", "week of 2022-03-06", 7), ("D", "2022-03-04", "2022-03-04", 1)])
def test_a_single_period_is_drawn_a_period_wide_and_named_as_one(freq, start, label, days):
    usage = pd.DataFrame({"period": pd.to_datetime([start]), "term": pd.Categorical(["nato"]),
                          "n": [3], "n_words": [100]})
    axis = plot_term_usage(usage, x="period", freq=freq).layout.xaxis
    low, high = (pd.Timestamp(v) for v in axis.range)
    # The point sits in the middle of an axis one period wide, ticked once with its name.
    assert (high - low).days == days and low + (high - low) / 2 == pd.Timestamp(start)
    assert (list(axis.ticktext), [pd.Timestamp(v) for v in axis.tickvals]) == (
        [label], [pd.Timestamp(start)])
    # Two periods: plotly's own axis, as without freq.
    two = pd.concat([usage, usage.assign(period=pd.Timestamp(start) + pd.Timedelta(days=days))])
    assert plot_term_usage(two, x="period", freq=freq).layout.xaxis.ticktext is None


def test_a_few_days_are_ticked_by_day_not_by_hour():
    usage = pd.DataFrame({"period": pd.PeriodIndex(["2022-03-04", "2022-03-05"], freq="D"),
                          "term": pd.Categorical(["nato", "nato"]), "n": [3, 1],
                          "n_words": [100, 100], "per_1k": [30.0, 10.0]})
    axis = plot_term_usage(usage).layout.xaxis
    assert (axis.dtick, axis.tickformat, axis.range) == (86_400_000, "%Y-%m-%d", None)
    # Months apart, or times within a day: plotly's own ticks.
    months = usage.assign(period=pd.PeriodIndex(["2022-01", "2022-05"], freq="M"))
    assert plot_term_usage(months).layout.xaxis.dtick is None
    hours = usage.drop(columns="period").assign(
        date=pd.to_datetime(["2022-03-04 09:00", "2022-03-04 15:00"]))
    assert plot_term_usage(hours, x="date").layout.xaxis.dtick is None
    # Years as numbers stay numbers (not nanoseconds after 1970).
    years = usage.drop(columns="period").assign(year=[1790, 1790])
    axis = plot_term_usage(years, x="year").layout.xaxis
    assert axis.range is None and axis.dtick is None


def test_bands_shade_each_line_with_the_interval_of_its_rate():
    usage = pd.DataFrame({
        "date": pd.to_datetime(["2022-01-01", "2022-02-01"]),
        "term": pd.Categorical(["russia", "russia"]),
        "n": [1, 10], "n_words": [1000, 1000], "per_1k": [1.0, 10.0],
    })
    fig = plot_term_usage(usage, bands=True)
    assert [t.name for t in fig.data] == ["russia interval", "russia"]
    band = fig.data[0]
    assert band.fill == "toself" and band.showlegend is False
    # Wilson limits of 1 and 10 in 1,000 words, out along the top, back along the bottom.
    assert list(band.y) == pytest.approx([5.643, 18.31, 5.441, 0.1765], rel=1e-3)
    assert [t.name for t in plot_term_usage(usage).data] == ["russia"]


def test_bands_break_where_the_line_breaks():
    # Years with documents 1970-1972 and 2009-2010: no data 1973-2008.
    years = [1970, 1971, 1972, 2009, 2010]
    usage = pd.DataFrame({
        "period": pd.to_datetime([f"{y}-01-01" for y in years]),
        "term": pd.Categorical(["war"] * 5),
        "n": [1, 2, 3, 4, 5], "n_words": [1000] * 5, "per_1k": [1.0, 2.0, 3.0, 4.0, 5.0],
    })
    band, line = plot_term_usage(usage, bands=True).data
    assert list(line.y).count(None) == 1  # the line breaks once
    gap = [i for i, v in enumerate(band.x) if v is None]
    assert gap == [6] and band.y[6] is None  # two closed shapes: 3 years out and back, then 2
    first = pd.to_datetime(pd.Series(band.x[:6])).dt.year
    second = pd.to_datetime(pd.Series(band.x[7:])).dt.year
    assert first.max() == 1972 and second.min() == 2009
    assert len(band.x) == 6 + 1 + 4


def test_bands_on_bars_are_error_bars():
    usage = pd.DataFrame({"speaker": cat(["Ned Price", "Questioner"]),
                          "term": pd.Categorical(["war", "war"]),
                          "n": [0, 2], "n_words": [1000, 1000],
                          "per_1k": [0.0, 2.0], "per_1k_low": [0.0, 0.5],
                          "per_1k_high": [3.0, 7.0]})
    bar = plot_term_usage(usage, bands=True).data[0]
    assert list(bar.error_y.array) == [3.0, 5.0]
    assert list(bar.error_y.arrayminus) == [0.0, 1.5]


def test_usage_over_centuries_is_drawn_at_its_dates(centuries_folder):
    import kit

    usage = kit.term_usage(kit.read_transcripts(centuries_folder), ["petition"], by=None,
                           freq="Y")
    fig = plot_term_usage(usage)
    (trace,) = fig.data
    drawn = [(pd.Timestamp(x), y) for x, y in zip(trace.x, trace.y, strict=True)
             if y is not None and y == y]  # gaps between periods are breaks in the line
    assert [x for x, _ in drawn] == [pd.Timestamp("1628-01-01"), pd.Timestamp("2022-01-01"),
                                     pd.Timestamp("2300-01-01")]
    assert [y for _, y in drawn] == usage["per_1k"].tolist()
    assert "1628-01-01" in fig.to_json()  # plotly's JSON writes the date, not nanoseconds


def test_rates_are_worked_out_from_counts_and_a_missing_value_column_is_named():
    usage = pd.DataFrame({"speaker": pd.Categorical(["A", "B"]),
                          "term": pd.Categorical(["nato"] * 2),
                          "n": [3, 1], "n_words": [100, 50]})
    assert list(plot_term_usage(usage, x="speaker").data[0].y) == pytest.approx([30.0, 20.0])
    with pytest.raises(KitError, match="no 'share' column.*value="):
        plot_term_usage(usage, x="speaker", value="share")
