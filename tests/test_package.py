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


def test_kit_apps_exports_the_apps_lazily():
    # The dashboards' one import line; a widget module alone builds no app module.
    code = ("import sys, kit.apps.widgets; "
            "print(sorted(m for m in ('kit.apps.explorer', 'kit.apps.compare', "
            "'kit.apps.trends') if m in sys.modules)); "
            "from kit.apps import CompareSpeakers, Explorer, TermTrends, dashboard_corpus, "
            "query_string; "
            "print(Explorer.__module__, CompareSpeakers.__module__, TermTrends.__module__, "
            "dashboard_corpus.__module__, query_string.__module__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1].split() == ["kit.apps.explorer", "kit.apps.compare", "kit.apps.trends",
                              "kit.apps.corpus_choice", "kit.apps.corpus_choice"]


def test_kit_apps_names_and_all_agree():
    import kit.apps
    from kit.apps.explorer import Explorer

    assert set(kit.apps.__all__) == set(kit.apps._EXPORTS) == set(dir(kit.apps))
    assert all(getattr(kit.apps, name) is not None for name in kit.apps.__all__)
    assert kit.apps.Explorer is Explorer
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        kit.apps.nope  # noqa: B018


def test_the_old_import_path_still_works():
    import kit.explorer as old
    from kit.apps import CompareSpeakers, Explorer, LinkState, TermTrends

    assert (old.Explorer, old.CompareSpeakers, old.TermTrends, old.ExplorerState) == (
        Explorer, CompareSpeakers, TermTrends, LinkState)
