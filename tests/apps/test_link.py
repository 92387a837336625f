"""Link state: one parser and one writer for the three apps' links, and their round trips."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from kit.apps.link import LinkState, is_blank, parse_query_string


@pytest.mark.parametrize("value, expected", [
    ("", LinkState()),
    ("?", LinkState()),
    ("?q=a%20b&whole_word=0", LinkState(q="a b", whole_word=False)),
    ("speaker=Price&speaker=Ned%20Price&q=NATO&from=2022-03-01&to=2023-12-31&case=1",
     LinkState(speakers=("Price", "Ned Price"), q="NATO", start="2022-03-01",
               end="2023-12-31", case=True)),
    ("doc=d1&doc=d2&regex=yes&case=0&whole_word=TRUE",
     LinkState(documents=("d1", "d2"), regex=True)),
    ("q=one&q=two&from=&nope=1", LinkState(q="two")),  # the last counts; blanks, unknowns out
    ("speaker=Price&speaker=Psaki&focus=Psaki",
     LinkState(speakers=("Price", "Psaki"), focus="Psaki")),
    ("focus=Joe+Biden", LinkState(focus="Joe Biden")),  # the older links' plus for a space
    ("party=Labour&party=SNP&speaker=Price", LinkState(speakers=("Price",),
                                                       parties=("Labour", "SNP"))),
    ("term=%22nuclear%20power%22&term=NATO&term=%E2%80%9Cwar%E2%80%9D&term=%22%22",
     LinkState(terms=("nuclear power", "NATO", "war"))),  # quotes dropped, empty terms too
    ("term=NATO&freq=Y&value=n", LinkState(terms=("NATO",), freq="Y", value="n")),
    ("freq=week&value=z", LinkState(freq="week", value="z")),  # as written: apps fall back
    ("q=war&order=left1&page=3", LinkState(q="war", order="left1", page=3)),
    ("page=0", LinkState()), ("page=two", LinkState()),  # not a page: the first
])
def test_parse_query_string(value, expected):
    assert parse_query_string(value) == expected


@pytest.mark.parametrize("value, expected", [
    # The explorer's links.
    (LinkState(speakers=("Price", "Blinken"), q="NATO", start=dt.date(2022, 3, 1),
               end=pd.Timestamp("2023-12-31"), case=True),
     "speaker=Price&speaker=Blinken&q=NATO&from=2022-03-01&to=2023-12-31&case=1"),
    (LinkState(q='"nuclear power", war', documents=("a/b",), whole_word=False, regex=True),
     "q=%22nuclear%20power%22%2C%20war&doc=a%2Fb&whole_word=0&regex=1"),
    (LinkState(start=dt.datetime(2022, 6, 10, 15, 30), end="2022-12-31"),
     "from=2022-06-10&to=2022-12-31"),
    # Compare speakers: its filters, then the focus.
    (LinkState(speakers=("Price", "Psaki"), focus="Price"),
     "speaker=Price&speaker=Psaki&focus=Price"),
    (LinkState(focus="Joe Biden"), "focus=Joe%20Biden"),
    (LinkState(parties=("Labour", "Plaid Cymru"), speakers=("Price",)),
     "speaker=Price&party=Labour&party=Plaid%20Cymru"),
    # Term trends: its terms, period and value first, then the filters.
    (LinkState(terms=("NATO", "inflation"), value="n", speakers=("Price", "Psaki")),
     "term=NATO&term=inflation&value=n&speaker=Price&speaker=Psaki"),
    (LinkState(terms=("nuclear power",), freq="Y", start="2022-01-01"),
     "term=nuclear%20power&freq=Y&from=2022-01-01"),
    (LinkState(), ""),
])
def test_query_string(value, expected):
    assert value.query_string() == expected


@pytest.mark.parametrize("query", [
    "speaker=Price&speaker=Blinken&q=NATO&from=2022-03-01&to=2023-12-31&case=1",
    "q=%22nuclear%20power%22%2C%20war&doc=a%2Fb&whole_word=0&regex=1",
    "speaker=Price&speaker=Psaki&focus=Price",
    "term=NATO&term=inflation&value=n&speaker=Price&speaker=Psaki",
    "term=nuclear%20power&freq=D&from=2022-01-01&to=2022-01-31",
    "speaker=%3Cscript%3E&q=%26%3D%3F%23",
    "q=NATO&order=speaker&page=2",
])
def test_a_written_link_reads_back_to_itself(query):
    state = parse_query_string(query)
    assert state.query_string() == query
    assert parse_query_string(state.query_string()) == state


@pytest.mark.parametrize("value, expected", [
    (None, True), ("", True), ("?", True), ("&", True), ("?&", True), (" ", True),
    ("q=a", False), ("?speaker=Price", False),
])
def test_is_blank(value, expected):
    assert is_blank(value) is expected


def test_the_old_import_path_names_the_same_state():
    from kit.explorer import ExplorerState

    assert ExplorerState is LinkState
