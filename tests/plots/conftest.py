"""Small tables in the shapes of the kit's outputs, for the figure tests."""

from __future__ import annotations

import pandas as pd
import pytest
from plot_fixtures import cat


@pytest.fixture
def counts() -> pd.DataFrame:
    # count_terms(tokens, by="speaker") shape: by, term, n, n_words, per_1k.
    return pd.DataFrame(
        {
            "speaker": cat(["Ned Price"] * 3 + ["Questioner"] * 2 + ["Antony Blinken"] * 2),
            "term": pd.Categorical(
                ["partners", "course", "region", "ukraine", "russia", "ukraine", "allies"]
            ),
            "n": [5, 9, 2, 4, 6, 8, 1],
            "n_words": [100] * 3 + [50] * 2 + [200] * 2,
        }
    ).assign(per_1k=lambda d: 1000 * d["n"] / d["n_words"])


@pytest.fixture
def turns() -> pd.DataFrame:
    # Document "z-late" sorts last but is read first and dated first.
    return pd.DataFrame(
        {
            "doc_id": ["z-late", "z-late", "z-late", "a-early", "a-early"],
            "turn_id": [0, 1, 2, 0, 1],
            "speaker": cat(
                ["Ned Price", "Questioner", "Ned Price", "Questioner", "Antony Blinken"]
            ),
            "n_words": [100, 20, 60, 30, 90],
            "text": ["Good afternoon.", "Question?", "Answer.", "Q?", "A."],
            "date": pd.to_datetime(["2022-03-01"] * 3 + ["2022-03-04"] * 2),
            "title": ["Department Press Briefing"] * 3 + ["Remarks"] * 2,
        }
    )


@pytest.fixture
def hits() -> pd.DataFrame:
    # kit.kwic.dispersion shape: query, doc_id, speaker, turn_id, relative_position ...
    return pd.DataFrame(
        {
            "query": ["Russia", "Russia", "China", "Russia"],
            "doc_id": ["b-doc", "b-doc", "c-doc", "a-doc"],
            "speaker": cat(["Ned Price", "Questioner", "Ned Price", "Antony Blinken"]),
            "turn_id": [0, 1, 0, 3],
            "relative_position": [0.1, 0.5, 0.9, 0.3],
        }
    )


@pytest.fixture
def documents() -> pd.DataFrame:
    # Date order b, c, a, d -- neither alphabetical nor the order of the hits.
    return pd.DataFrame(
        {
            "doc_id": ["a-doc", "b-doc", "c-doc", "d-doc"],
            "date": pd.to_datetime(["2022-05-01", "2021-01-01", "2021-06-01", "2023-01-01"]),
            "title": ["Alpha", "Bravo", "Charlie", "Delta"],
        }
    )
