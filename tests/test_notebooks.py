"""Every notebook and dashboard runs top to bottom in a fresh kernel (nbclient)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
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


def _git(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                          input=stdin, check=False)


def _committed(path: Path) -> str:
    """The notebook as git holds it (the index: the last commit, or what is staged for the
    next one), not the working file a user may have run."""
    if shutil.which("git") is None or _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout: what is committed cannot be checked")
    listed = _git("ls-files", "-s", "--", str(path.relative_to(ROOT))).stdout.split()
    if not listed:
        pytest.skip(f"{path.name} is not committed yet")
    return _git("cat-file", "blob", listed[1]).stdout


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_notebook_is_committed_without_outputs(path):
    book = json.loads(_committed(path))
    for cell in book["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None


def test_git_strips_the_outputs_of_a_notebook_it_stages():
    """The filter of .gitattributes, as `make install` configures it (its default command in a
    checkout where make has not run yet): outputs and counts go, cell ids and sources stay."""
    assert "*.ipynb filter=nbstripout" in (ROOT / ".gitattributes").read_text(encoding="utf-8")
    configured = (_git("config", "--get", "filter.nbstripout.clean").stdout.strip()
                  if shutil.which("git") else "")
    command = configured or f'"{sys.executable}" -m nbstripout --keep-id'
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "print('hi')", execution_count=3,
        outputs=[nbformat.v4.new_output("stream", name="stdout", text="hi\n")])])
    ids = [cell.id for cell in book.cells]
    cleaned = subprocess.run(command, shell=True, input=nbformat.writes(book), cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
    stripped = nbformat.reads(cleaned, as_version=4)
    assert [cell.id for cell in stripped.cells] == ids
    assert stripped.cells[0].source == "print('hi')"
    assert stripped.cells[0].outputs == [] and stripped.cells[0].execution_count is None


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
