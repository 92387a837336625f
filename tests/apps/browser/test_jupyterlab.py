"""The explorer inside a real JupyterLab in Chromium: run the notebook, type a keyword.

A JupyterLab server started as ``turnkit lab`` starts it (``kit.serve.cli.lab_command`` and
``lab_env``: plotly's bundle served once as a file) serves a temporary folder holding
one small notebook that builds ``Explorer(kit.load_example(), upload=False)``. It binds to
127.0.0.1 on a free port with a random token, keeps Jupyter's state in the temporary folders of
``jupyter_env``, runs in its own process group, and is stopped at the end of the module
(SIGTERM, which shuts its kernels down; then SIGKILL to the group and to any process it
started that is still alive). Chromium opens the notebook, runs every cell from the Run menu,
waits for the explorer's widgets and chart, types a keyword and checks the summary, table and
chart against the same Explorer computed in this process.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from pagekit import screenshot, stderr_outputs, summary_text, wait_for_figure

import kit
from kit.apps.explorer import Explorer
from kit.apps.link import LinkState
from kit.serve.cli import free_port, lab_command, lab_env

pytest.importorskip("jupyterlab", reason="JupyterLab is not installed in this environment")

NOTEBOOK = "kit_explorer_lab.ipynb"
SOURCE = ("from kit.apps.explorer import Explorer\n"
          "import kit\n"
          "\n"
          "app = Explorer(kit.load_example(), upload=False)\n"
          "app.container")
KEYWORD = "NATO"
# User settings: no "official Jupyter news?" toast over the page (it would fetch nothing: the
# page may only reach 127.0.0.1).
SETTINGS = {"@jupyterlab/apputils-extension/notification.jupyterlab-settings":
            {"fetchNews": "false", "checkForUpdates": False}}


def _notebook() -> dict:
    cell = {"cell_type": "code", "execution_count": None, "id": "explorer", "metadata": {},
            "outputs": [], "source": SOURCE}
    title = {"cell_type": "markdown", "id": "title", "metadata": {},
             "source": "# Explorer in JupyterLab"}
    return {"cells": [title, cell], "nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"},
                         "language_info": {"name": "python"}}}


def _children(pid: int) -> list:
    try:
        import psutil

        return psutil.Process(pid).children(recursive=True)
    except Exception:  # noqa: BLE001 - psutil missing or the process gone
        return []


def _stop(process: subprocess.Popen) -> None:
    children = _children(process.pid)  # kernels run in sessions of their own
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # the server shuts its kernels down
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)
    for child in children:
        try:
            child.kill()
        except Exception:  # noqa: BLE001 - already gone
            pass


def _wait_ready(base: str, token: str, process: subprocess.Popen, log_path,
                timeout_s: float = 90) -> None:
    url = f"{base}/api/status?token={token}"
    start = time.perf_counter()
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode}:\n"
                               f"{log_path.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.perf_counter() - start > timeout_s:
            raise RuntimeError(f"JupyterLab did not answer {url} in {timeout_s:.0f} s:\n"
                               f"{log_path.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)


def _wait_for_kernel(page, server: dict, timeout_s: float) -> None:
    """Wait until the server has a kernel, idle, with a client connected.

    Waits with ``page.wait_for_timeout``, never ``time.sleep``: the page's requests pass
    through a Python route handler (conftest), which cannot answer while this thread sleeps
    (the page's "start a session" request would wait for the whole loop).
    """
    url = f"{server['base']}/api/kernels?token={server['token']}"
    start = time.perf_counter()
    kernels: list = []
    while time.perf_counter() - start < timeout_s:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                kernels = json.load(response)
        except urllib.error.HTTPError:
            # jupyter_server 2.21 answers 500 while a kernel starts (its last_activity is
            # still None); ask again.
            kernels = []
        if any(k["execution_state"] == "idle" and k["connections"] > 0 for k in kernels):
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"no idle, connected kernel after {timeout_s:.0f} s: {kernels}")


@pytest.fixture(scope="module")
def lab_server(chromium_path, jupyter_env, tmp_path_factory):
    """Base URL and token of a running JupyterLab serving the one notebook."""
    root = tmp_path_factory.mktemp("lab-root")
    (root / NOTEBOOK).write_text(json.dumps(_notebook(), indent=1), encoding="utf-8")
    settings = tmp_path_factory.mktemp("lab-settings")
    for name, values in SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(json.dumps(values), encoding="utf-8")
    log_path = tmp_path_factory.mktemp("lab-log") / "jupyterlab.log"
    port, token = free_port(), secrets.token_hex(16)
    cmd = lab_command(root, extra=[
        f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={tmp_path_factory.mktemp('lab-workspaces')}"])
    env = lab_env(tmp_path_factory.mktemp("lab-assets"), jupyter_env)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   cwd=root, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, token, process, log_path)
            yield {"base": base, "token": token, "process": process, "log": log_path}
        finally:
            _stop(process)


@pytest.fixture(scope="module")
def expected():
    """The explorer on the same corpus in this process, before and after the keyword."""
    app = Explorer(kit.load_example(), upload=False)
    first = _text(app.summary.value)
    app.set_state(LinkState(q=KEYWORD))
    view = app.view
    assert 0 < view.n_rows <= app.page_size  # every hit is on the first page
    return {"first_summary": first, "summary": _text(app.summary.value),
            "hits": list(view.hits.hit), "speakers": list(view.hits.speaker.astype(str)),
            "chart": app.figures(view)["speakers"], "query": view.state.query_string()}


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_explorer_runs_in_jupyterlab_and_answers_a_keyword(lab_server, page, expected):
    try:
        timings = _open_run_and_search(page, lab_server, expected)
    except Exception as exc:
        shot = screenshot(page, "jupyterlab-explorer-failure")
        log = lab_server["log"].read_text(errors="replace")[-2000:]
        raise AssertionError(f"{type(exc).__name__}: {exc}\nScreenshot: {shot}\n"
                             f"JupyterLab server log (end):\n{log}") from exc
    screenshot(page, "jupyterlab-explorer")
    print("JupyterLab: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))


def _open_run_and_search(page, lab_server, expected) -> dict[str, float]:
    bundles = []  # plotly's bundle, fetched as a file (not inside each widget's state)
    page.on("response", lambda r: bundles.append(r.status)
            if "/lab/extensions/turnkit-assets/plotly-widgetbundle-" in r.url else None)
    start = time.perf_counter()
    url = f"{lab_server['base']}/lab/tree/{NOTEBOOK}?token={lab_server['token']}"
    page.goto(url, wait_until="domcontentloaded", timeout=120_000)
    # The notebook is open and its kernel started, connected to this page and idle. (The
    # toolbar's execution indicator says "idle" before any kernel exists; a Run All clicked
    # then runs nothing.)
    page.wait_for_selector(".jp-NotebookPanel .jp-CodeCell .cm-content", state="visible",
                           timeout=120_000)
    _wait_for_kernel(page, lab_server, timeout_s=120)
    page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\|\s*Idle")).first.wait_for(
        timeout=60_000)
    opened = time.perf_counter() - start
    # Run > Run All Cells, from the menu bar as a user does.
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
    prompt = page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt").first
    page.wait_for_function("el => /\\[(\\*|\\d+)\\]/.test(el.innerText)",
                           arg=prompt.element_handle(), timeout=90_000)
    box = page.locator(".jp-OutputArea .kit-keyword-text input")
    box.wait_for(state="visible", timeout=120_000)
    page.wait_for_function(
        """() => { const el = document.querySelector(
                     '.jp-OutputArea .kit-chart-speakers.js-plotly-plot');
                   return !!(el && el.data && el.data.length); }""", timeout=120_000)
    drawn = time.perf_counter() - start
    assert bundles == [200]  # once for the three charts
    assert summary_text(page).strip() == expected["first_summary"]
    assert stderr_outputs(page) == []
    box.fill(KEYWORD)
    box.press("Enter")
    page.wait_for_function(
        "s => document.querySelector('.kit-summary')?.innerText.trim() === s",
        arg=expected["summary"], timeout=60_000)
    rows = page.locator(".jp-OutputArea .kit-kwic tr.kit-row")
    assert rows.locator("td.kit-hit").all_inner_texts() == expected["hits"]
    assert rows.locator(".kit-speaker").all_inner_texts() == expected["speakers"]
    wait_for_figure(page, "kit-chart-speakers", expected["chart"], timeout_s=60)
    href = page.locator(".kit-share-link").get_attribute("href")
    assert href == "?" + expected["query"]
    assert stderr_outputs(page) == []
    assert page.console_errors == [], page.console_errors
    return {"kernel idle": opened, "explorer drawn": drawn,
            "keyword answered": time.perf_counter() - start}
