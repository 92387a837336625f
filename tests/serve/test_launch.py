"""The command lines, environment and page template turnkit launches Voila and JupyterLab
with (kit.serve.launch)."""

from __future__ import annotations

import json
import os
import sys

import pytest

from kit.serve import launch


def test_voila_command_binds_loopback_culls_and_preheats_the_explorer(tmp_path):
    cmd = launch.voila_command(tmp_path, port=8123, assets=tmp_path / "a")
    assert cmd[:4] == [sys.executable, "-m", "kit.serve.voila_main", str(tmp_path)]
    assert "--Voila.ip=127.0.0.1" in cmd and "--port=8123" in cmd and "--no-browser" in cmd
    assert "--MappingKernelManager.cull_idle_timeout=120" in cmd
    assert "--show_tracebacks=False" in cmd
    assert "--VoilaKernelManager.fill_delay=6" in cmd
    # Dict traits as traitlets config, not as deprecated JSON on the command line.
    assert not any("kernel_pools_config" in c for c in cmd if not c.startswith(launch.CONFIG_ARG))
    config = json.loads(next(c for c in cmd if c.startswith(launch.CONFIG_ARG)).split("=", 1)[1])
    pools = config["VoilaKernelManager"]["kernel_pools_config"]
    assert pools == {"default": {"pool_size": 0}, "explorer.ipynb": {"pool_size": 1}}
    assert f"--template={launch.TEMPLATE}" in cmd  # template and plotly come via $JUPYTER_PATH
    assert "--preheat_kernel=True" not in launch.voila_command(tmp_path, port=1, preheat=False)


def test_page_template_imports_the_plotly_bundle_from_the_head(tmp_path):
    folder = launch.write_voila_template(tmp_path, preload=["voila/labextensions/x/b</script>.js"])
    assert folder == tmp_path / "nbconvert" / "templates" / launch.TEMPLATE
    assert json.loads((folder / "conf.json").read_text()) == {"base_template": "lab"}
    page = (folder / "index.html.j2").read_text()
    assert page.startswith("{%- extends 'lab/index.html.j2' -%}")
    assert "{%- block html_head_js -%}\n{{ super() }}\n<script>import(" in page
    # The URL goes through Jinja's tojson, which escapes "<" and "/" for a script element.
    assert '(resources.base_url ~ "voila/labextensions/x/b</script>.js") | tojson' in page
    # Written again only when it changes (kernels may start while it is read).
    mtime = (folder / "index.html.j2").stat().st_mtime_ns
    launch.write_voila_template(tmp_path, preload=["voila/labextensions/x/b</script>.js"])
    assert (folder / "index.html.j2").stat().st_mtime_ns == mtime


def test_dashboard_env_serves_assets_and_puts_the_template_first_on_jupyter_path(tmp_path):
    env = launch.dashboard_env(tmp_path / "assets", {"JUPYTER_PATH": "/a"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [
        str(tmp_path / "assets" / "dashboard-kernel"), str(tmp_path / "assets"), "/a"]
    assert env["ARROW_DEFAULT_MEMORY_POOL"] == "system"  # a user's own choice would win
    assert launch.dashboard_env(tmp_path / "assets", {"ARROW_DEFAULT_MEMORY_POOL": "jemalloc"})[
        "ARROW_DEFAULT_MEMORY_POOL"] == "jemalloc"
    asset = env["TURNKIT_PLOTLY_ESM"]
    assert asset.startswith("voila/labextensions/turnkit-assets/plotly-widgetbundle-")
    served = tmp_path / "assets" / "labextensions" / asset.removeprefix("voila/labextensions/")
    assert served.stat().st_size > 1_000_000
    template = tmp_path / "assets" / "nbconvert" / "templates" / launch.TEMPLATE / "index.html.j2"
    assert asset in template.read_text()
    cmd = launch.voila_command(tmp_path, port=1, assets=tmp_path / "assets")
    assert f"--template={launch.TEMPLATE}" in cmd
    assert "--VoilaConfiguration.extension_denylist=jupyterlab-plotly" in cmd
    assert "--VoilaConfiguration.extension_denylist=jupyterlab_pygments" in cmd


@pytest.mark.slow
def test_dashboard_kernels_start_without_the_debugger(tmp_path, monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    env = launch.dashboard_env(tmp_path / "assets", {})
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
    assert "dashboard-kernel" not in launch.lab_env(tmp_path / "assets", {})["JUPYTER_PATH"]


def test_lab_env_serves_plotly_to_jupyterlab_kernels(tmp_path):
    env = launch.lab_env(tmp_path / "assets", {"JUPYTER_PATH": "/a"})
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(tmp_path / "assets"), "/a"]
    asset = env["TURNKIT_PLOTLY_ESM"]
    assert asset.startswith("lab/extensions/turnkit-assets/plotly-widgetbundle-")
    served = tmp_path / "assets" / "labextensions" / asset.removeprefix("lab/extensions/")
    assert served.stat().st_size > 1_000_000
    cmd = launch.lab_command(tmp_path, extra=["--port=9"])
    assert cmd[1:5] == ["-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1"]
    assert f"--ServerApp.root_dir={tmp_path}" in cmd and cmd[-1] == "--port=9"
