"""``turnkit dashboard`` logs no warning the kit causes, for Voila or for any of its kernels."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kit.datasets import example_path
from kit.serve import cli

pytestmark = pytest.mark.slow

#: What the log said before the kit passed its config the current way, signed its dashboards
#: and put its kernels on Unix sockets; and anything at WARNING level or a Python warning.
NOISE = re.compile(
    r"kernel_pools_config|is not trusted|without encryption|WARNING|"
    r"[A-Za-z]*Warning:|license"
)


def _wait_for(log: Path, pattern: str, timeout_s: float, process: subprocess.Popen) -> str:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        text = log.read_text(errors="replace")
        if re.search(pattern, text):
            return text
        assert process.poll() is None, text[-3000:]
        time.sleep(0.1)
    raise AssertionError(f"no {pattern!r} within {timeout_s:.0f} s:\n{text[-3000:]}")


def test_turnkit_dashboard_logs_no_warning_for_voila_or_its_kernels(tmp_path):
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        (tmp_path / var).mkdir()
        env[var] = str(tmp_path / var)
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env.pop("PYTHONWARNINGS", None)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(example_path(), corpus / "remarks.txt")
    port = cli.free_port()
    log = tmp_path / "turnkit.log"
    exe = Path(sys.executable).parent / "turnkit"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(exe), "dashboard", str(corpus), f"--port={port}"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(log, "Ctrl\\+C to stop", 120, process)
        # The page takes the pre-heated kernel (the one started with Voila); the pool then
        # starts a second, as usual: both kernels' start-ups are in the log.
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/voila/render/{cli.MAIN_DASHBOARD}", timeout=120
        ) as response:
            assert response.status == 200
            page = response.read().decode()
        assert "Traceback" not in page
        text = _wait_for(
            log,
            r"(?s)Kernel started.*Kernel started.*"
            r"Kernel pool of \S+ is filled",
            120,
            process,
        )
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    text = log.read_text(errors="replace")
    assert text.count("Kernel started") >= 2, text
    assert not NOISE.findall(text), text
