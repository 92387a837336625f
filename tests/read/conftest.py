"""Fixtures for the reader's tests: the second sample corpus (skipped where absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS_MORE_DIR = (ROOT.parent / "shared" / "corpus-more").resolve()


@pytest.fixture(scope="session")
def corpus_more_dir() -> Path:
    """``../shared/corpus-more``: parliaments, courts, hearings (never copied into the repo)."""
    if not CORPUS_MORE_DIR.is_dir():
        pytest.skip(f"the second sample corpus is not at {CORPUS_MORE_DIR} (it lives in "
                    "../shared/corpus-more beside the repository and is never copied into it)")
    return CORPUS_MORE_DIR
