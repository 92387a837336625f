"""Shared fixtures: the real sample corpus (skipped where absent) and the example."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = (ROOT.parent / "shared" / "corpus").resolve()
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _corpus_dir() -> Path:
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"the sample corpus is not at {CORPUS_DIR} (it lives in ../shared/corpus "
                    "beside the repository and is never copied into it)")
    return CORPUS_DIR


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _corpus_dir()


@pytest.fixture(scope="session")
def real_corpus(corpus_dir):
    import kit

    return kit.read_transcripts(corpus_dir, progress=False)


@pytest.fixture(scope="session")
def example():
    import kit

    return kit.load_example()
