"""The Voila server as ``turnkit dashboard`` configures it: kernels of closed pages stop."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request

from pagekit import open_page, wait_for_chart

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
