"""The turnkit command: its dashboards, help and errors, and a real launch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kit.serve import cli


def test_dashboards_are_found():
    assert (cli.dashboards_dir() / "explorer.ipynb").is_file()


def test_dashboard_urls_name_all_three_dashboards_explorer_first():
    urls = cli.dashboard_urls("http://h:8", query="token=t")
    assert urls == [
        ("Explorer", "http://h:8/voila/render/explorer.ipynb?token=t"),
        ("Compare speakers", "http://h:8/voila/render/compare_speakers.ipynb?token=t"),
        ("Term trends", "http://h:8/voila/render/term_trends.ipynb?token=t")]
    assert all((cli.dashboards_dir() / u.split("/")[-1].split("?")[0]).is_file()
               for _, u in urls)


def test_help_says_the_dashboard_command_serves_every_dashboard(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert "serve the explorer dashboard" not in out
    assert "dashboards: explorer, compare speakers, term trends" in out


def test_missing_corpus_path_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["dashboard", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.slow
def test_turnkit_dashboard_serves_and_prints_the_url(tmp_path):
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        (tmp_path / var).mkdir()
        env[var] = str(tmp_path / var)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    port = cli.free_port()
    exe = Path(sys.executable).parent / "turnkit"
    process = subprocess.Popen([str(exe), "dashboard", str(tmp_path), "--port", str(port),
                                "--no-preheat"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        lines = []
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "/voila/render/term_trends.ipynb" in line:
                break
        # Every dashboard's address is printed (they cannot be found from each other else).
        for name in ("explorer", "compare_speakers", "term_trends"):
            url = f"http://127.0.0.1:{port}/voila/render/{name}.ipynb"
            assert any(url in line for line in lines), lines
        asset = next((tmp_path / "cache" / "turnkit" / "voila-assets" / "labextensions" /
                      "turnkit-assets").glob("plotly-widgetbundle-*.js"))
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/labextensions/"
                                    f"turnkit-assets/{asset.name}", timeout=10) as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            assert process.wait(timeout=30) == 0
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            process.stdout.close()


def test_the_corpus_is_read_and_cached_before_voila_starts(tmp_path, capfd):
    from kit.apps.cache import folder_entry, is_cached

    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "a.txt").write_text("MR. PRICE:  Good afternoon.\n\nQUESTION:  Thank you.\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), cli.CORPUS_ENV: str(folder)}
    assert cli.prepare_corpus(env) is True
    assert "reading the corpus once" in capfd.readouterr().out
    assert is_cached(folder_entry(folder, env))
    assert cli.prepare_corpus(env) is None  # cached: nothing to do, nothing printed
    assert capfd.readouterr().out == ""
    (folder / "b.txt").write_text("MS. PORTER:  Hello.\n")  # changed: read again
    assert cli.prepare_corpus(env) is True


def test_turnkit_lab_takes_a_port_as_turnkit_dashboard_does(tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["lab", "--help"])
    assert done.value.code == 0
    assert "--port" in capsys.readouterr().out
    assert "--ServerApp.port=8899" in cli.lab_command(tmp_path, port=8899)
    assert not any(a.startswith("--ServerApp.port") for a in cli.lab_command(tmp_path))
