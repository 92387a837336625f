"""The party filter: shown when speakers have parties, narrowing speakers in every app."""

from __future__ import annotations

import pytest

from kit.apps.compare import CompareSpeakers
from kit.apps.explorer import Explorer
from kit.apps.pickers import party_options, speakers_of_parties
from kit.apps.trends import TermTrends
from kit.corpus import Corpus

PARTIES = {"Price": "Blue", "Psaki": "Blue", "Blinken": "Red", "Questioner": None}


@pytest.fixture(scope="module")
def party_corpus(corpus):
    speakers = corpus.speakers.assign(
        party=corpus.speakers.speaker.astype(object).map(PARTIES).astype("str"))
    return Corpus(corpus.documents, corpus.turns, corpus.phrases, corpus.stage_directions,
                  speakers=speakers)


def test_party_options_and_members(party_corpus):
    assert party_options(party_corpus.speakers, party_corpus.turns) == [
        ("Blue (2 speakers)", "Blue"), ("Red (1 speaker)", "Red")]
    assert speakers_of_parties(party_corpus.speakers, ["Blue"]) == ["Price", "Psaki"]


def test_no_party_filter_without_parties(corpus):
    app = Explorer(corpus)
    assert app.parties is None
    assert app.messages == []


def test_explorer_party_filter_narrows_speakers_and_the_link_keeps_it(party_corpus):
    app = Explorer(party_corpus)
    assert app.parties is not None
    app.parties.select.value = ("Red",)
    assert app.view.speakers == ["Blinken"]
    assert set(app.view.turns.speaker.astype(object)) == {"Blinken"}
    assert app.speakers.visible_keys() == ["Blinken"]  # the list shows the party's speakers
    assert app.documents.visible_keys() == ["doc-c"]  # and the documents they speak in
    assert app.query_string() == "party=Red"
    again = Explorer(party_corpus, query="party=Blue&speaker=Psaki")
    assert again.view.speakers == ["Psaki"]
    assert again.messages == []


def test_a_link_to_an_unknown_party_says_so(party_corpus, corpus):
    assert "no party named 'Green'" in Explorer(party_corpus, query="party=Green").messages[0]
    assert "this corpus has none" in Explorer(corpus, query="party=Blue").messages[0]


def test_trends_and_compare_filter_by_party(party_corpus):
    trends = TermTrends(party_corpus, terms=["NATO"], query="term=NATO&party=Blue")
    assert set(trends.usage_by_speaker.speaker.astype(object)) <= {"Price", "Psaki"}
    compare = CompareSpeakers(party_corpus, min_count=1, query="party=Blue")
    assert compare.selected == ["Price", "Psaki"]
