"""Fixtures of the app tests: the small hand-built corpus every app test reads."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def corpus(tiny_corpus):
    return tiny_corpus
