"""The package namespace: ``import kit`` is cheap and every public name resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kit


def test_import_kit_loads_no_heavy_library(tmp_path):
    # `turnkit dashboard` and Voila's launcher import kit, and the command writes the
    # server's files before starting it; pandas and plotly load on use.
    code = ("import sys, kit, kit.serve.cli; "
            f"kit.serve.cli.dashboard_env({str(tmp_path)!r}, {{}}); "
            "print(sorted(m for m in ('pandas', 'plotly', 'polars', 'pyarrow', 'scipy') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


@pytest.mark.parametrize("name", kit.__all__)
def test_every_public_name_resolves(name):
    value = getattr(kit, name)
    assert value is not None
    assert name in dir(kit)


def test_exports_and_all_agree():
    assert set(kit.__all__) == set(kit._EXPORTS) | set(kit._SUBMODULES)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        kit.nope  # noqa: B018


def test_names_are_the_defining_objects():
    from kit.corpus import Corpus
    from kit.read.read import read_transcripts

    assert kit.Corpus is Corpus and kit.read_transcripts is read_transcripts
    from kit import datasets, schema

    assert schema.SPEAKER == "speaker" and callable(datasets.load_example)
