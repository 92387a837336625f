"""The kernel started with Voila: the first kernel start takes it, later ones launch as usual."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from kit.apps.corpus_choice import CORPUS_ENV
from kit.datasets import example_path
from kit.serve import cli
from kit.serve import warm_kernel as _warm_kernel

pytestmark = pytest.mark.slow

PROBE = """
import json, os, sys
print(json.dumps({"pid": os.getpid(), "cwd": os.getcwd(), "path0": sys.path[0],
                  "probe": os.environ.get("TURNKIT_PROBE"),
                  "preloaded": "kit.apps.explorer" in sys.modules,
                  "debugpy": sys.modules.get("debugpy", "absent") is None}))
"""


def _run(kc, code: str, timeout: float = 60) -> tuple[dict, list[str]]:
    out: list[str] = []

    def keep(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=keep)
    return reply["content"], out


@pytest.fixture
def dashboard_kernels(tmp_path, monkeypatch):
    """The dashboards' kernel spec on $JUPYTER_PATH, a small corpus, a cache of our own."""
    env = cli.dashboard_env(tmp_path / "assets", {})
    monkeypatch.setenv("JUPYTER_PATH", env["JUPYTER_PATH"])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(example_path(), corpus / "remarks.txt")
    monkeypatch.setenv(CORPUS_ENV, str(corpus))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    return notebooks


def test_the_first_kernel_start_takes_the_warm_process(dashboard_kernels):
    from jupyter_client.manager import KernelManager

    warm = _warm_kernel.start()
    managers = []
    try:
        km = KernelManager(kernel_name="python3")
        managers.append(km)
        km.start_kernel(cwd=str(dashboard_kernels),
                        env={**os.environ, "TURNKIT_PROBE": "from the server"})
        assert km.provisioner.process is warm
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=120)
        reply, out = _run(kc, PROBE)
        assert reply["status"] == "ok", reply
        seen = json.loads(out[-1])
        # The process started ahead, now running in the folder and environment Voila asked for,
        # with the dashboards' imports done and no debugger.
        assert seen == {"pid": warm.pid, "cwd": str(dashboard_kernels),
                        "path0": str(dashboard_kernels), "probe": "from the server",
                        "preloaded": True, "debugpy": True}
        # Its corpus was opened ahead too: the notebook's call returns the same tables.
        reply, out = _run(kc, "from kit.apps.corpus_choice import dashboard_corpus, _LAST_FOLDER\n"
                              "print(dashboard_corpus() is next(iter(_LAST_FOLDER.values())), "
                              "len(dashboard_corpus().turns) > 0)")
        assert out[-1].split() == ["True", "True"]
        # Interrupts reach it (jupyter_client signals the kernel's process group).
        msg_id = kc.execute("import time; print('asleep', flush=True); time.sleep(120)")
        while True:  # interrupt once the code runs (an idle kernel ignores it)
            msg = kc.get_iopub_msg(timeout=60)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                break
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=60)["content"]
        assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt"
        kc.stop_channels()

        # Later starts launch a kernel as usual.
        km2 = KernelManager(kernel_name="python3")
        managers.append(km2)
        km2.start_kernel(cwd=str(dashboard_kernels))
        assert km2.provisioner.process is not warm
        assert km2.provisioner.process.args[1:4] == ["-m", "kit.serve.kernel_main", "-f"]
    finally:
        for km in managers:
            km.shutdown_kernel(now=True)
        if not warm.stdin.closed:  # never claimed: it exits when its pipe closes
            warm.stdin.close()
    try:  # the kernel manager stopped it, through the provisioner
        warm.wait(timeout=30)
    except subprocess.TimeoutExpired:
        warm.kill()
        raise AssertionError("shutting its kernel down left the warm process running") from None


def test_an_unclaimed_warm_process_exits_when_the_server_goes(dashboard_kernels):
    warm = _warm_kernel.start()
    try:
        warm.stdin.close()  # what the server's exit does to the pipe
        assert warm.wait(timeout=120) == 0
        assert _warm_kernel.claim(["python"], env={}, cwd=None) is None
    finally:
        if warm.poll() is None:
            warm.kill()


def test_a_dead_warm_process_is_not_claimed(dashboard_kernels):
    warm = _warm_kernel.start()
    warm.kill()
    warm.wait(timeout=30)
    assert _warm_kernel.claim(["python"], env={}, cwd=None) is None
