"""One real Voila server and one headless Chromium for the whole browser session.

Voila serves a temporary folder holding copies of ``dashboards/*.ipynb`` plus the check
notebooks of ``tests/apps/browser/notebooks``, started exactly as ``turnkit dashboard`` starts it
(``kit.serve.cli.voila_command``: 127.0.0.1, idle culling, a pre-heated explorer kernel) but with
``--show_tracebacks=True``, in its own process group, on a free port, with Jupyter's folders
in tmp. Readiness is polled on a static theme URL (polling a dashboard would start kernels).
Chromium is Debian's (never ``playwright install``); tests skip when it is absent.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pagekit
import pytest

from kit.serve.cli import CORPUS_ENV, dashboard_env, free_port, voila_command, wait_until_ready

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Console lines that are harmless noise (VOILA-NOTES.md); anything else is reported.
# anywidget logs "Failed to initialize model" when a model takes over 2 s to set up (its own
# AbortSignal.timeout(2000)); on a loaded 2-core machine parsing plotly's 4.8 MB bundle can.
# The widgets still render: the tests check every chart and button they need.
CONSOLE_NOISE = ("version", "not trusted", "without encryption", "favicon",
                 "[anywidget] Failed to initialize model.")


def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium; .ci/run does it). "
                    "Never `playwright install` here: it downloads browsers.")
    return path


@pytest.fixture(scope="session")
def jupyter_env(tmp_path_factory) -> dict[str, str]:
    """Environment with Jupyter and IPython state and the kit's caches in temporary folders."""
    base = tmp_path_factory.mktemp("jupyter")
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR",
                "XDG_CACHE_HOME"):
        path = base / var.lower()
        path.mkdir()
        env[var] = str(path)
    # The kernels must import this checkout and find the share/jupyter of the venv.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    # Let kernels cache bytecode: the venv is installed by uv without .pyc files and a kernel
    # that compiles plotly, pandas and ipywidgets from source takes 20-30 s to start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@pytest.fixture(scope="session")
def browser_corpus(tmp_path_factory) -> Path:
    """A small corpus folder: the founding example and a hostile transcript."""
    from browser_corpus import write_browser_corpus

    return write_browser_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="session")
def voila_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dashboards")
    for notebook in (REPO / "dashboards").glob("*.ipynb"):
        shutil.copy(notebook, root / notebook.name)
    for notebook in (HERE / "notebooks").glob("*.ipynb"):
        shutil.copy(notebook, root / notebook.name)
    return root


@pytest.fixture(scope="session")
def voila_server(voila_root, jupyter_env, browser_corpus, tmp_path_factory):
    """Base URL of a running Voila; killed (process group) at the end of the session."""
    port = free_port()
    assets = tmp_path_factory.mktemp("assets")
    env = dashboard_env(assets, jupyter_env)
    env[CORPUS_ENV] = str(browser_corpus)
    log_path = tmp_path_factory.mktemp("voila-log") / "voila.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed at teardown
    # As `turnkit dashboard` runs it, plus tracebacks, and every dashboard pre-heated so
    # serial tests do not wait for kernels (the pool refills while a test runs).
    dashboards = sorted(p.name for p in (REPO / "dashboards").glob("*.ipynb"))
    cmd = voila_command(voila_root, port=port, show_tracebacks=True,
                        preheat_notebooks=dashboards, assets=assets)
    process = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                               cwd=voila_root, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base, timeout_s=60, process=process)
    except Exception:
        _stop(process)
        log.close()
        raise RuntimeError(f"Voila did not start:\n{log_path.read_text()[-3000:]}") from None
    server = {"base": base, "process": process, "log": log_path}
    pagekit.VOILA_LOG = log_path  # for the diagnosis of a wait that times out
    yield server
    pagekit.VOILA_LOG = None
    _stop(process)
    log.close()


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # voila shuts its kernels down
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)  # and anything left in the group
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                             args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _loopback_only(route):
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
        return route.continue_()
    return route.abort()


@pytest.fixture
def page(browser, request):
    """A fresh page; non-loopback requests aborted; console errors and dialogs recorded."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    context.route("**/*", _loopback_only)
    page = context.new_page()
    # Patience, not speed, is under test: on a loaded 2-core machine a kernel's first render
    # took over a minute. Waits end as soon as their condition holds.
    page.set_default_timeout(120_000)
    page.external_requests = []  # aborted by the route; a page should ask for none
    page.on("request", lambda r: None if r.url.startswith(
        ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
        else page.external_requests.append(r.url))
    page.console_errors = []
    page.console_all = []  # every line, noise too: a wait that times out prints the last ones
    page.dialogs = []
    def on_console(msg):
        page.console_all.append(f"{msg.type}: {msg.text[:300]}")
        if msg.type != "error" or any(n in msg.text for n in CONSOLE_NOISE):
            return
        if not msg.location.get("url", "").startswith("http://127.0.0.1"):
            return  # the aborted CDN font request
        details = []
        for arg in msg.args[1:]:
            try:
                details.append(str(arg.json_value())[:300])
            except Exception:  # noqa: BLE001 - best effort
                details.append("?")
        page.console_errors.append(" ".join([msg.text, *details]))

    page.on("console", on_console)
    page.on("pageerror", lambda exc: None if any(n in str(exc) for n in CONSOLE_NOISE)
            else page.console_errors.append(str(exc)))

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    # Close as a tab closes: the page's unload handler asks the server to shut its kernel down.
    # context.close() alone skips it, so kernels outlived their pages until culling and a long
    # session reached the server's kernel limit (a page then never drew). The route goes
    # first: it sends each request through a Python handler that runs only inside a
    # Playwright call, so the unload's shutdown request waited until context.close() dropped
    # it, and a module's closed pages still held 16 kernels (a 503 "as many pages as it can",
    # the explorer's 120 s chart timeout).
    try:
        context.unroute("**/*")
    except Exception:  # noqa: BLE001 - a context already gone has no route
        pass
    for each in context.pages:
        try:
            each.close(run_before_unload=True)
            if not each.is_closed():
                each.wait_for_event("close", timeout=10_000)
        except Exception:  # noqa: BLE001 - a page that is already gone needs no closing
            pass
    context.close()
