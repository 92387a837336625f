"""Every notebook and dashboard runs top to bottom in a fresh kernel (nbclient)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "dashboards").glob("*.ipynb"))

pytestmark = pytest.mark.slow


@pytest.fixture
def jupyter_dirs(tmp_path, monkeypatch):
    # keep Jupyter's state and the dashboards' corpus cache out of $HOME
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                 "XDG_CACHE_HOME"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))


def test_there_are_notebooks_and_dashboards():
    names = {p.name for p in NOTEBOOKS}
    assert {"01_getting_started.ipynb", "02_term_usage.ipynb", "03_speakers_and_keyness.ipynb",
            "04_bring_your_own_transcripts.ipynb", "explorer.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_is_committed_without_outputs(path):
    book = json.loads(path.read_text(encoding="utf-8"))
    for cell in book["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_runs_without_errors(path, jupyter_dirs):
    book = nbformat.read(path, as_version=4)
    client = NotebookClient(book, timeout=600, kernel_name="python3",
                            store_widget_state=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [out for cell in book.cells if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    assert not errors, [f"{e['ename']}: {e['evalue']}" for e in errors]
    # the questions the notebooks promise to answer produce output
    shown = [out for cell in book.cells if cell.cell_type == "code"
             for out in cell.get("outputs", [])]
    assert shown
