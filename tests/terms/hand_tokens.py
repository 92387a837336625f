"""A tokens table built by hand, for the n-gram, collocation and merged-phrase tests."""

from __future__ import annotations

from collections import Counter

import pandas as pd

STOP = {"the", "is", "to", "of", "a"}

PHRASES = [
    ("d1", 0, 0, "Ann", "Nuclear power plant is safe"),
    ("d1", 0, 1, "Ann", "the nuclear power plant"),
    ("d1", 1, 0, "Bob", "power to the people"),
]


def make_tokens(phrases=PHRASES) -> pd.DataFrame:
    """A tokens table by hand: one row per whitespace word, keys like kit.tokenize's."""
    rows = []
    position: Counter = Counter()
    offset = 0
    for doc, turn, phrase, speaker, text in phrases:
        for i, word in enumerate(text.split()):
            rows.append(
                {
                    "doc_id": doc,
                    "turn_id": turn,
                    "phrase_id": phrase,
                    "token_id": i,
                    "speaker": speaker,
                    "term": word.lower().replace("\u2019", "'"),
                    "token": word,
                    "is_stopword": word.lower() in STOP,
                    "position": position[doc],
                    "start_char": offset,
                    "end_char": offset + len(word),
                    "date": pd.Timestamp("2022-03-04"),
                }
            )
            position[doc] += 1
            offset += len(word) + 1
        offset += 1
    out = pd.DataFrame(rows)
    for col in ("doc_id", "speaker", "term", "token"):
        out[col] = pd.Categorical(out[col], categories=list(dict.fromkeys(out[col])))
    return out
