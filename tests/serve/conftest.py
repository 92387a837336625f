"""A real Voila server on a folder of small notebooks, as ``turnkit dashboard`` starts it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kit.serve.cli import free_port, voila_command, wait_until_ready


def notebook(source: str) -> dict:
    """A one-cell notebook running ``source`` on the python3 kernel."""
    return {
        "cells": [{"cell_type": "code", "id": "a", "metadata": {}, "outputs": [],
                   "execution_count": None, "source": source}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


@pytest.fixture(scope="module")
def small_voila(tmp_path_factory):
    """``small_voila(notebooks, env=None, **voila_command options)``: a context manager that
    serves ``{name: source}`` notebooks and yields ``{"base": "127.0.0.1:PORT", "log": Path}``
    (``env`` adds to the server's environment)."""

    @contextlib.contextmanager
    def serve(notebooks: dict[str, str], env: dict[str, str] | None = None,
              **options) -> Iterator[dict]:
        root = tmp_path_factory.mktemp("nb")
        for name, source in notebooks.items():
            (root / name).write_text(json.dumps(notebook(source)))
        given = env or {}
        env = {**os.environ, **given}
        for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR",
                    "IPYTHONDIR"):
            env[var] = str(tmp_path_factory.mktemp(var.lower()))
        # A given JUPYTER_PATH (the dashboards' kernel spec) comes first.
        env["JUPYTER_PATH"] = os.pathsep.join(
            filter(None, [given.get("JUPYTER_PATH"), str(Path(sys.prefix) / "share" / "jupyter")]))
        port = free_port()
        log = tmp_path_factory.mktemp("log") / "voila.log"
        options.setdefault("preheat", False)
        with open(log, "wb") as out:
            process = subprocess.Popen(voila_command(root, port=port, **options), env=env,
                                       stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        try:
            wait_until_ready(f"http://127.0.0.1:{port}", timeout_s=60, process=process)
            yield {"base": f"127.0.0.1:{port}", "log": log}
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

    return serve
