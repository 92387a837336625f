"""The Voila server as ``turnkit dashboard`` configures it: kernels of closed pages stop, and
the first page runs on the kernel started alongside Voila."""

from __future__ import annotations

import glob
import json
import os
import re
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
from pagekit import open_page, turnkit_dashboard, wait_for_chart

KERNEL_URL = re.compile(r"/api/kernels/([0-9a-f-]{36})")


def kernel_status(base: str, kernel_id: str) -> int:
    try:
        with urllib.request.urlopen(f"{base}/api/kernels/{kernel_id}", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_closing_a_page_shuts_its_kernel_down(voila_server, page):
    base = voila_server["base"]
    kernel_ids: list[str] = []
    page.on("request", lambda r: kernel_ids.extend(KERNEL_URL.findall(r.url)))
    beacons: list[str] = []
    page.on("request", lambda r: beacons.append(r.url) if "/voila/api/shutdown/" in r.url
            else None)
    open_page(page, base + "/voila/render/explorer.ipynb")
    wait_for_chart(page, "kit-chart-speakers")
    assert kernel_ids, "the page never asked for its kernel"
    kernel_id = kernel_ids[0]
    assert kernel_status(base, kernel_id) == 200
    # The page sends its shutdown beacon as it unloads. The test context routes every request
    # through a Python handler (loopback only, see conftest), which runs only while this thread
    # is inside a Playwright call: a beacon sent after page.close() returned waited through
    # the whole polling loop below (CI failed so, under load). A real browser sends it at once.
    page.context.unroute("**/*")
    page.close(run_before_unload=True)  # as a closed tab or a reload does
    deadline = time.monotonic() + 30
    while kernel_status(base, kernel_id) == 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    log = voila_server["log"].read_text(errors="replace")
    assert kernel_status(base, kernel_id) == 404, (
        f"the closed page's kernel is still running; shutdown requests seen: {beacons}; "
        f"Voila's log (end):\n{log[-3000:]}")
    assert f"Kernel shutdown: {kernel_id}" in log
    assert "'_xsrf' argument missing" not in log


def test_turnkit_dashboard_serves_the_first_page_from_the_kernel_started_with_voila(
        jupyter_env, browser_corpus, page):
    with turnkit_dashboard(browser_corpus, jupyter_env) as server:
        process, url = server.process, server.url
        warm = [p for p in psutil.Process(process.pid).children(recursive=True)
                if p.cmdline()[-2:] == ["kit.serve.kernel_main", "--warm"]]
        assert len(warm) == 1  # started by kit.serve.voila_main before Voila's imports
        kernel_ids: list[str] = []
        page.on("request", lambda r: kernel_ids.extend(KERNEL_URL.findall(r.url)))
        open_page(page, url)
        wait_for_chart(page, "kit-chart-speakers")
        assert kernel_ids, "the page never asked for its kernel"
        # The page's kernel listens on the ports of its connection file: it is that process.
        files = glob.glob(os.path.join(tempfile.gettempdir(), "voila_*",
                                       f"kernel-{kernel_ids[0]}.json"))
        assert len(files) == 1, files
        info = json.loads(Path(files[0]).read_text())
        ports = [info[f"{name}_port"] for name in ("shell", "iopub", "control")]
        if info["transport"] == "ipc":  # Unix sockets, named after the ip and the port
            listening = {c.laddr for c in warm[0].net_connections("unix")}
            assert {f"{info['ip']}-{port}" for port in ports} <= listening, listening
        else:
            listening = {c.laddr.port for c in warm[0].net_connections("tcp")
                         if c.status == psutil.CONN_LISTEN}
            assert set(ports) <= listening
    # It ends with turnkit: Voila asked it to shut down, and under load its exit may follow
    # Voila's by a few seconds (a zombie counts as ended).
    _, alive = psutil.wait_procs(warm, timeout=60)
    assert all(p.status() == psutil.STATUS_ZOMBIE for p in alive if p.is_running()), alive
