"""The term-trends and compare dashboards over a dataset on disk (DatasetSearch) show what they
show over the same corpus in memory: the same charts' data, tables, summaries and CSV."""

from __future__ import annotations

import pandas as pd
import pytest
from app_checks import plain

from kit import schema as s
from kit.apps.compare import CompareSpeakers
from kit.apps.link import parse_query_string
from kit.apps.trends import TermTrends
from kit.read.dataset import read_dataset
from kit.terms.search import DatasetSearch


@pytest.fixture(scope="module")
def sources(write_two_batch_dataset, tmp_path_factory):
    """(corpus in memory, the same dataset opened for search): two batches of the shared
    corpus."""
    folder = tmp_path_factory.mktemp("dashboards") / "ds"
    write_two_batch_dataset(folder)
    return read_dataset(folder, tokens=True), DatasetSearch(folder, memory_limit="256MB")


def frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Equal values, categoricals compared by value (a dataset's may list more categories)."""

    def values(frame):
        return frame.assign(
            **{
                c: frame[c].astype(object)
                for c in frame.columns
                if isinstance(frame[c].dtype, pd.CategoricalDtype)
            }
        ).reset_index(drop=True)

    pd.testing.assert_frame_equal(values(b), values(a))


def figure(widget) -> dict:
    """A chart widget's data and layout, as a browser connecting now would draw them."""
    return plain({"data": widget._widget_data, "layout": widget._widget_layout})


def top_speakers(corpus, k: int) -> str:
    names = corpus.turns[s.SPEAKER].value_counts().index[:k]
    return "&".join(f"speaker={n}" for n in names)


TRENDS = [
    "",  # the most used content words
    "term=ukraine&term=russia*",
    "term=united+states&term=NATO",  # a phrase: its candidate turns are searched in memory
    "term=ukraine&freq=Y&value=n&bands=1",
    "term=ukraine&term=ceasefire&from=2023-01-01&to=2023-06-30&freq=M",
    "term=ukraine&dict=sentiment",  # a dictionary's categories beside a term
    "dict=sentiment&category=negative&freq=D",
    "term=zzzz-never-said",
]


@pytest.fixture(scope="module")
def trends(sources):
    memory, disk = sources
    return TermTrends(memory), TermTrends(disk)


@pytest.mark.parametrize("query", TRENDS)
@pytest.mark.parametrize("speakers", [0, 3])
def test_term_trends_from_disk_as_in_memory(trends, sources, query, speakers):
    memory, disk = trends
    if speakers:
        query = "&".join(q for q in (query, top_speakers(sources[0], speakers)) if q)
    for app in (memory, disk):
        assert not app.set_state(parse_query_string(query))
        assert not app.messages
    assert disk.terms.value == memory.terms.value
    for name in ("usage_by_speaker", "usage_over_time"):
        frames_equal(getattr(memory, name), getattr(disk, name))
    assert disk.summary.value == memory.summary.value
    assert disk.table.value == memory.table.value
    assert disk.share.value == memory.share.value
    for chart in ("fig_time", "fig_speakers"):
        assert figure(getattr(disk, chart)) == figure(getattr(memory, chart)), chart
    assert disk._csv() == memory._csv()


def test_term_trends_open_on_the_same_terms(sources):
    memory, disk = sources
    assert TermTrends(disk).terms.value == TermTrends(memory).terms.value


COMPARE = [
    "",  # the speakers with the most words
    "from=2023-01-01&to=2023-12-31",
    "focus=Jen+Psaki",
    "speaker=NOBODY-SPEAKS",
]


@pytest.fixture(scope="module")
def compare(sources):
    memory, disk = sources
    return CompareSpeakers(memory), CompareSpeakers(disk)


@pytest.mark.parametrize("query", COMPARE)
def test_compare_from_disk_as_in_memory(compare, query):
    memory, disk = compare
    problems = [app.set_state(parse_query_string(query)) for app in (memory, disk)]
    assert problems[0] == problems[1]
    assert disk.messages == memory.messages
    assert disk.selected == memory.selected
    frames_equal(memory.key, disk.key)
    assert disk.summary.value == memory.summary.value
    assert disk.table.value == memory.table.value
    assert disk.focus.value == memory.focus.value
    for chart in ("fig_distinct", "fig_keyness", "fig_share", "fig_timeline"):
        assert figure(getattr(disk, chart)) == figure(getattr(memory, chart)), chart
    assert disk._csv() == memory._csv()


def test_compare_two_chosen_speakers_and_a_focus(compare, sources):
    memory, disk = compare
    names = sources[0].turns[s.SPEAKER].value_counts().index[2:4]
    query = f"speaker={names[0]}&speaker={names[1]}&focus={names[1]}"
    for app in (memory, disk):
        app.apply_query_string(query)
    assert disk.selected == memory.selected and set(disk.selected) == set(names)
    assert len(disk.key) and disk.focus.value == names[1]
    frames_equal(memory.key, disk.key)
    assert figure(disk.fig_keyness) == figure(memory.fig_keyness)
    assert disk._csv() == memory._csv()


def test_only_the_small_tables_are_in_memory(compare):
    _, disk = compare
    assert s.TEXT not in disk.corpus.turns.columns
    assert len(disk.corpus.tokens) == 0
