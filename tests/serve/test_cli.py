"""The turnkit command: the Voila command line it builds, and a real launch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kit.serve import cli


def test_voila_command_binds_loopback_culls_and_preheats_the_explorer(tmp_path):
    cmd = cli.voila_command(tmp_path, port=8123, assets=tmp_path / "a")
    assert cmd[:4] == [sys.executable, "-m", "kit.serve.voila_main", str(tmp_path)]
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=8123" in cmd and "--no-browser" in cmd
    assert "--MappingKernelManager.cull_idle_timeout=120" in cmd
    assert "--show_tracebacks=False" in cmd
    assert "--VoilaKernelManager.fill_delay=6" in cmd
    # Dict traits as traitlets config, not as deprecated JSON on the command line.
    assert not any("kernel_pools_config" in c for c in cmd if not c.startswith(cli.CONFIG_ARG))
    config = json.loads(next(c for c in cmd if c.startswith(cli.CONFIG_ARG)).split("=", 1)[1])
    pools = config["VoilaKernelManager"]["kernel_pools_config"]
    assert pools == {"default": {"pool_size": 0}, "explorer.ipynb": {"pool_size": 1}}
    assert f"--template={cli.TEMPLATE}" in cmd  # template and plotly come via $JUPYTER_PATH
    assert "--preheat_kernel=True" not in cli.voila_command(tmp_path, port=1, preheat=False)


def test_dashboards_are_found():
    assert (cli.dashboards_dir() / "explorer.ipynb").is_file()


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
            if "/voila/render/explorer.ipynb" in line:
                break
        url = f"http://127.0.0.1:{port}/voila/render/explorer.ipynb"
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


def test_page_template_imports_the_plotly_bundle_from_the_head(tmp_path):
    folder = cli.write_voila_template(tmp_path, preload=["voila/labextensions/x/b</script>.js"])
    assert folder == tmp_path / "nbconvert" / "templates" / cli.TEMPLATE
    assert json.loads((folder / "conf.json").read_text()) == {"base_template": "lab"}
    page = (folder / "index.html.j2").read_text()
    assert page.startswith("{%- extends 'lab/index.html.j2' -%}")
    assert "{%- block html_head_js -%}\n{{ super() }}\n<script>import(" in page
    # The URL goes through Jinja's tojson, which escapes "<" and "/" for a script element.
    assert '(resources.base_url ~ "voila/labextensions/x/b</script>.js") | tojson' in page
    # Written again only when it changes (kernels may start while it is read).
    mtime = (folder / "index.html.j2").stat().st_mtime_ns
    cli.write_voila_template(tmp_path, preload=["voila/labextensions/x/b</script>.js"])
    assert (folder / "index.html.j2").stat().st_mtime_ns == mtime


def test_dashboard_env_serves_assets_and_puts_the_template_first_on_jupyter_path(tmp_path):
    env = cli.dashboard_env(tmp_path / "assets", {"JUPYTER_PATH": "/a"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [
        str(tmp_path / "assets" / "dashboard-kernel"), str(tmp_path / "assets"), "/a"]
    assert env["ARROW_DEFAULT_MEMORY_POOL"] == "system"  # a user's own choice would win
    assert cli.dashboard_env(tmp_path / "assets", {"ARROW_DEFAULT_MEMORY_POOL": "jemalloc"})[
        "ARROW_DEFAULT_MEMORY_POOL"] == "jemalloc"
    asset = env["TURNKIT_PLOTLY_ESM"]
    assert asset.startswith("voila/labextensions/turnkit-assets/plotly-widgetbundle-")
    served = tmp_path / "assets" / "labextensions" / asset.removeprefix("voila/labextensions/")
    assert served.stat().st_size > 1_000_000
    template = tmp_path / "assets" / "nbconvert" / "templates" / cli.TEMPLATE / "index.html.j2"
    assert asset in template.read_text()
    cmd = cli.voila_command(tmp_path, port=1, assets=tmp_path / "assets")
    assert f"--template={cli.TEMPLATE}" in cmd
    assert "--VoilaConfiguration.extension_denylist=jupyterlab-plotly" in cmd
    assert "--VoilaConfiguration.extension_denylist=jupyterlab_pygments" in cmd


@pytest.mark.slow
def test_dashboard_kernels_start_without_the_debugger(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    env = cli.dashboard_env(tmp_path / "assets", {})
    monkeypatch.setenv("JUPYTER_PATH", env["JUPYTER_PATH"])
    spec = KernelSpecManager().get_kernel_spec("python3")  # what Voila starts
    assert spec.argv[1:3] == ["-m", "kit.serve.kernel_main"]
    km, kc = start_new_kernel(kernel_name="python3")
    try:
        info = kc.kernel_info(reply=True)["content"]
        assert "debugger" not in info.get("supported_features", [])
        # It runs code, and never loaded debugpy (an assert failing would make status "error").
        reply = kc.execute_interactive("import sys; assert sys.modules.get('debugpy') is None",
                                       timeout=30)
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    # JupyterLab (turnkit lab) keeps ipykernel's own kernel, debugger included.
    assert "dashboard-kernel" not in cli.lab_env(tmp_path / "assets", {})["JUPYTER_PATH"]


def test_lab_env_serves_plotly_to_jupyterlab_kernels(tmp_path):
    env = cli.lab_env(tmp_path / "assets", {"JUPYTER_PATH": "/a"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(tmp_path / "assets"), "/a"]
    asset = env["TURNKIT_PLOTLY_ESM"]
    assert asset.startswith("lab/extensions/turnkit-assets/plotly-widgetbundle-")
    served = tmp_path / "assets" / "labextensions" / asset.removeprefix("lab/extensions/")
    assert served.stat().st_size > 1_000_000
    cmd = cli.lab_command(tmp_path, extra=["--port=9"])
    assert cmd[1:5] == ["-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1"]
    assert f"--ServerApp.root_dir={tmp_path}" in cmd and cmd[-1] == "--port=9"


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
