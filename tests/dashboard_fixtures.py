"""A small hand-built corpus for the widget, explorer and browser tests.

Built directly as tables (no reader involved) so the widget tests pin widget behaviour only.
One turn carries hostile markup: a transcript is untrusted input.
"""

from __future__ import annotations

import re

import pandas as pd

from kit import schema as s
from kit.corpus import Corpus

HOSTILE = ('He wrote <img src=x onerror="window.__pwned=1"> and '
           "<script>window.__pwned=2</script> today.")

_DOCS = [
    ("doc-a", "Briefing on Ukraine", "2022-03-04", [
        ("Price", "Russia's war on Ukraine is a war of choice. NATO is united."),
        ("Questioner", "Will NATO send troops to Ukraine? What about the nuclear plant?"),
        ("Price", "NATO will not send troops. The nuclear power plant attack was reckless."),
    ]),
    ("doc-b", "Briefing on trade", "2022-06-10", [
        ("Psaki", "Trade with Europe is strong. Inflation is our focus."),
        ("Questioner", "Is inflation hurting trade? " + HOSTILE),
        ("Psaki", "Inflation is falling. Trade is up. Ukraine gets support."),
    ]),
    ("doc-c", "Remarks on NATO", "2023-01-20", [
        ("Blinken", "NATO is stronger than ever. Ukraine will prevail."),
        ("Price", "Thank you, Secretary. NATO allies agree on Ukraine."),
    ]),
]

SPEAKERS = ["Price", "Questioner", "Psaki", "Blinken"]


def tiny_corpus() -> Corpus:
    """Return a three-document corpus with four speakers and one hostile turn."""
    doc_rows, turn_rows, phrase_rows = [], [], []
    for doc_id, title, date, turns in _DOCS:
        stamp = pd.Timestamp(date)
        offset = 0
        n_doc_words = 0
        for turn_id, (speaker, text) in enumerate(turns):
            n_words = len(re.findall(r"\w+", text))
            n_doc_words += n_words
            turn_rows.append({
                s.DOC_ID: doc_id, s.TURN_ID: turn_id, s.SPEAKER: speaker,
                s.SPEAKER_LABEL: speaker.upper(),
                s.ROLE: s.ROLE_QUESTION if speaker == "Questioner" else s.ROLE_OFFICIAL,
                s.TEXT: text, s.N_WORDS: n_words, s.START_CHAR: offset,
                s.END_CHAR: offset + len(text), s.START_S: float("nan"),
                s.END_S: float("nan"), s.STAGE_DIRECTIONS: [], s.DATE: stamp, s.TITLE: title,
            })
            for phrase_id, m in enumerate(re.finditer(r"[^.?!]+[.?!]?", text)):
                phrase = m.group().strip()
                if not phrase:
                    continue
                start = offset + m.start() + (len(m.group()) - len(m.group().lstrip()))
                phrase_rows.append({
                    s.DOC_ID: doc_id, s.TURN_ID: turn_id, s.PHRASE_ID: phrase_id,
                    s.SPEAKER: speaker, s.TEXT: phrase,
                    s.N_WORDS: len(re.findall(r"\w+", phrase)),
                    s.START_CHAR: start, s.END_CHAR: start + len(phrase),
                })
            offset += len(text) + 2
        doc_rows.append({
            s.DOC_ID: doc_id, s.TITLE: title, s.DATE: stamp, s.LOCATION: None,
            s.BYLINE: None, s.CAPTION: None, s.URL: None, s.SOURCE: f"{doc_id}.txt",
            s.FORMAT: "text", s.HEADER: title, s.TRAILER: "", s.N_TURNS: len(turns),
            s.N_WORDS: n_doc_words,
        })
    documents = pd.DataFrame(doc_rows, columns=s.DOCUMENT_COLUMNS)
    turns = pd.DataFrame(turn_rows, columns=s.TURN_COLUMNS)
    turns[s.SPEAKER] = pd.Categorical(turns[s.SPEAKER], categories=SPEAKERS)
    phrases = pd.DataFrame(phrase_rows, columns=s.PHRASE_COLUMNS)
    phrases[s.SPEAKER] = pd.Categorical(phrases[s.SPEAKER], categories=SPEAKERS)
    return Corpus(documents, turns, phrases)
