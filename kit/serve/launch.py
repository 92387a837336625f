"""How the dashboard (Voila) and JupyterLab servers are launched: command lines, environments,
and the files they serve (page template, kernel spec), written to a per-user cache folder.

:mod:`kit.serve.cli` (``turnkit dashboard``, ``turnkit lab``) runs these; its old names for
them still import from there.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "Auth", "assets_dir", "dashboard_env", "lab_command", "lab_env", "voila_command",
    "write_dashboard_kernel", "write_voila_template",
]

#: Dashboard opened by ``turnkit dashboard``.
MAIN_DASHBOARD = "explorer.ipynb"
#: Name of the Voila page template written by :func:`write_voila_template`.
TEMPLATE = "turnkit"
#: Kernels a dashboard server runs at once by default (kit/serve/kernels.py).
DEFAULT_MAX_KERNELS = 16
#: Names besides loopback addresses a local server answers to (its Host check).
LOCAL_HOSTNAMES = ("localhost",)
#: The argument of kit.serve.voila_main that carries Tornado settings as JSON.
TORNADO_SETTINGS_ARG = "--kit-tornado-settings="
#: The argument of kit.serve.voila_main that carries traitlets config as JSON.
CONFIG_ARG = "--kit-config="


@dataclass(frozen=True)
class Auth:
    """How visitors of a shared dashboard server prove they may see it.

    With a ``token``, links carry ``?token=...`` (the first visit sets a cookie); the token
    travels to Voila in ``$JUPYTER_TOKEN`` (:meth:`env`), not on its command line, which
    other users of the machine can read. With a ``hashed_password`` (from
    :func:`jupyter_server.auth.passwd`), Voila's login page asks for the password.
    """

    token: str | None = None
    hashed_password: str | None = None

    def voila_options(self) -> list[str]:
        """Voila's command-line options for this way of signing in."""
        if self.hashed_password:
            return ["--Voila.token=", "--PasswordIdentityProvider.hashed_password="
                    + self.hashed_password]
        return ["--Voila.auto_token=True"]  # the token of $JUPYTER_TOKEN

    def env(self) -> dict[str, str]:
        """Environment entries Voila needs (the token)."""
        return {"JUPYTER_TOKEN": self.token} if self.token and not self.hashed_password \
            else {}


def voila_command(root: Path | str, *, port: int, preheat: bool = True,
                  cull_idle_s: int = 120, show_tracebacks: bool = False,
                  preheat_notebooks: Sequence[str] = (MAIN_DASHBOARD,),
                  refill_delay_s: float = 6.0,
                  assets: Path | str | None = None,
                  max_kernels: int = DEFAULT_MAX_KERNELS,
                  ip: str = "127.0.0.1", hostnames: Sequence[str] = LOCAL_HOSTNAMES,
                  auth: Auth | None = None,
                  extra: Sequence[str] = ()) -> list[str]:
    """Build the Voila command line serving the notebooks under ``root`` on 127.0.0.1.

    Parameters
    ----------
    root
        Folder of notebooks; each is served at ``/voila/render/<name>.ipynb``.
    port
        TCP port.
    preheat
        Keep one kernel per notebook of ``preheat_notebooks`` started and run ahead of the
        next request (page to usable chart in about half the time; each costs an idle
        kernel of about 250 MB).
    preheat_notebooks
        Notebooks (relative to ``root``) to pre-heat; default the explorer only.
    refill_delay_s
        Seconds after a page takes the pre-heated kernel before the next one starts.
    assets
        The folder :func:`dashboard_env` wrote the page template and plotly's bundle to
        (and put on ``$JUPYTER_PATH``, where Voila finds both): use that template.
    cull_idle_s
        Shut down kernels idle this long with no page connected (closing a tab does not;
        each kernel holds the corpus, about 300–500 MB with the bundled one). Kernels of
        open pages are never culled.
    show_tracebacks
        Show Python tracebacks in the page (tests turn this on).
    max_kernels
        Kernels that may run at once, pre-heated ones included; a page asked for beyond that
        gets a page saying the server is full (HTTP 503).
    ip
        The address to listen on (``0.0.0.0``: every interface; give ``auth`` then).
    hostnames
        Without ``auth``, the names a request's ``Host`` may give besides loopback addresses:
        any other is refused (403), so a web page whose name an attacker points at this
        machine (DNS rebinding) cannot read the transcripts.
    auth
        Ask visitors for a token or a password (:class:`Auth`); then any ``Host`` is served.
    """
    cmd = [
        sys.executable, "-m", "kit.serve.voila_main", str(root),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={ip}",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_s}",
        f"--MappingKernelManager.cull_interval={max(10, min(60, cull_idle_s // 2))}",
        f"--show_tracebacks={show_tracebacks}",
        # Read by kit.serve.voila_main (Voila takes dict settings from its command line as
        # strings only). Voila shuts a closed page's kernel down by a POST whose _xsrf token
        # comes from a cookie that a page served by a pre-heated kernel never gets
        # (voila#1458): every reload then left a 300 MB kernel behind until culled. A
        # cross-site request could at most stop a kernel whose random id it would have to
        # know. Voila turns jupyter_server's Host check off; without auth it is back on.
        TORNADO_SETTINGS_ARG + json.dumps({
            "disable_check_xsrf": True, "allow_remote_access": auth is not None,
            "local_hostnames": list(hostnames)}),
        # v1 kernel websockets only, their frames checked (kit/serve/websocket.py).
        "--Voila.kernel_websocket_connection_class=kit.serve.websocket.CheckedKernelConnection",
        # At most this many kernels (kit/serve/kernels.py).
        "--VoilaConfiguration.multi_kernel_manager_class=kit.serve.kernels.BoundedKernelManager",
        f"--BoundedKernelManager.max_kernels={max_kernels}",
    ]
    config: dict[str, dict] = {}
    if os.name == "posix":
        # Kernels on Unix sockets in Voila's private folder: over TCP ipykernel warns, once
        # per kernel, that anyone on the machine can read its traffic (no CurveZMQ keys).
        # A short folder: a socket's path must fit in ~100 bytes.
        cmd += ["--KernelManager.transport=ipc", "--Voila.connection_dir_root=" + (
            tempfile.gettempdir() if len(tempfile.gettempdir()) <= 20 else "/tmp")]
    if auth is not None:
        cmd += auth.voila_options()
    if preheat:
        pools = {"default": {"pool_size": 0}}
        pools.update({name: {"pool_size": 1} for name in preheat_notebooks})
        cmd += [
            "--preheat_kernel=True",
            # Refill the pool once the page that took the kernel has drawn, not while it
            # draws: on 2 cores a second kernel running the notebook doubles the first load.
            f"--VoilaKernelManager.fill_delay={refill_delay_s:g}",
        ]
        config["VoilaKernelManager"] = {"kernel_pools_config": pools}
    if assets is not None:
        cmd += [
            # The page template of write_voila_template (found through $JUPYTER_PATH).
            f"--template={TEMPLATE}",
            # jupyterlab-plotly renders static figures; the dashboards draw FigureWidgets
            # only, and its own 4.8 MB copy of plotly.js would be parsed a second time.
            "--VoilaConfiguration.extension_denylist=jupyterlab-plotly",
            # Code highlighting, in pages whose code is stripped: one script less to run.
            "--VoilaConfiguration.extension_denylist=jupyterlab_pygments",
        ]
        # The dashboards are signed as trusted there (kit.serve.voila_main), not in ~/.local.
        config["NotebookNotary"] = {"data_dir": str(Path(assets) / "notary")}
    if config:
        cmd.append(CONFIG_ARG + json.dumps(config))
    cmd += list(extra)
    return cmd


#: The style sheets Voila's lab template asks a CDN for (Font Awesome), left out of the page.
_CDN_LINKS = tuple(
    f'<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free'
    f'@^5/css/{name}.min.css" type="text/css" />' for name in ("all", "v4-shims"))


def write_voila_template(folder: Path | str, *, preload: Sequence[str] = ()) -> Path:
    """Write the dashboards' Voila page template under ``folder``; return its directory.

    It is Voila's ``lab`` template without its Font Awesome style sheets from a CDN, plus,
    in the page head, a classic script (module scripts
    wait for the whole page) importing each URL path in ``preload`` (below the server's base
    URL). Voila sends the head at once and the body when the kernel has run the notebook, so
    the browser fetches and evaluates plotly's 4.8 MB bundle during those seconds instead of
    after them. Put ``folder`` on ``$JUPYTER_PATH`` and pass ``--template`` :data:`TEMPLATE`.
    """
    # Under nbconvert/, which Voila searches for templates too: a voila/ folder on the path
    # would become Voila's data folder and hide its themes.
    target = Path(folder) / "nbconvert" / "templates" / TEMPLATE
    imports = "".join(
        f"\n<script>import({{{{ (resources.base_url ~ {json.dumps(url)}) | tojson }}}})"
        ".catch(() => {});</script>"
        for url in preload
    )
    files = {
        "conf.json": json.dumps({"base_template": "lab"}) + "\n",
        "index.html.j2": ("{%- extends 'lab/index.html.j2' -%}\n"
                          "{%- block html_head_js -%}\n{{ super() }}" + imports +
                          "\n{%- endblock html_head_js -%}\n"
                          # No icon font from a CDN: the dashboards use no icons, and offline
                          # the request only fails.
                          "{%- block notebook_css -%}\n{{ super()" + "".join(
                              f" | replace('{link}', '')" for link in _CDN_LINKS)
                          + " }}\n{%- endblock notebook_css -%}\n"),
    }
    for name, text in files.items():
        _write_if_changed(target / name, text)
    return target


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it holds it already; whole or not at all (servers
    started side by side may read it meanwhile)."""
    if path.is_file() and path.read_text() == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)


def _prepend_jupyter_path(env: dict[str, str], *folders: Path | str) -> None:
    """Put ``folders`` first on ``env``'s ``$JUPYTER_PATH`` (in this order)."""
    paths = [str(f) for f in folders]
    paths += filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))
    env["JUPYTER_PATH"] = os.pathsep.join(paths)


def dashboard_env(assets: Path | str, env: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for Voila and its kernels, with the files they serve written to ``assets``.

    Plotly's bundle, on plotly.js's basic build, is served once as a file
    (:func:`kit.apps.assets.write_plotly_asset`) and preloaded by the page template
    (:func:`write_voila_template`); kernels start without the debugger, the first alongside
    Voila (:func:`write_dashboard_kernel`). Kernels give Arrow the system allocator: mimalloc
    keeps ~50 MB that reading the cached corpus freed, which glibc's ``malloc_trim``
    (:func:`kit._memory.release_memory`) hands back.
    """
    from kit.apps.assets import PLOTLY_ESM_ENV, write_plotly_asset

    env = dict(os.environ if env is None else env)
    env.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    env[PLOTLY_ESM_ENV] = write_plotly_asset(assets, basic=True)
    write_voila_template(assets, preload=[env[PLOTLY_ESM_ENV]])
    _prepend_jupyter_path(env, write_dashboard_kernel(Path(assets) / "dashboard-kernel"),
                          assets)
    return env


def write_dashboard_kernel(folder: Path | str) -> Path:
    """Write a ``python3`` kernel spec under ``folder/kernels`` for :mod:`~kit.serve.kernel_main`.

    On ``$JUPYTER_PATH`` (only Voila's: :func:`dashboard_env`), it stands in for ipykernel's
    own: the same kernel without the debugger, 0.1 s sooner ready; and Voila's first start of it
    takes the kernel process ``kit.serve.voila_main`` started (:mod:`kit.serve.warm_kernel`).
    Returns ``folder``.
    """
    from kit.serve.warm_kernel import PROVISIONER

    spec = {"argv": [sys.executable, "-m", "kit.serve.kernel_main", "-f", "{connection_file}"],
            "display_name": "Python 3 (Transcript Kit dashboard)", "language": "python",
            "metadata": {"debugger": False,
                         # The first start takes the kernel started with Voila.
                         "kernel_provisioner": {"provisioner_name": PROVISIONER}}}
    _write_if_changed(Path(folder) / "kernels" / "python3" / "kernel.json",
                      json.dumps(spec, indent=1) + "\n")
    return Path(folder)


def lab_env(assets: Path | str, env: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for JupyterLab and its kernels: FigureWidgets import plotly from a file.

    Without it every FigureWidget carries plotly's 4.8 MB bundle in its own state (an
    explorer has three: 15 MB through the kernel socket, then parsed three times). With it,
    JupyterLab serves the bundle once from ``assets`` (put on ``$JUPYTER_PATH``) and the
    kernels it starts make widgets that import it (:func:`kit.apps.assets.write_plotly_asset`).
    Kernels started elsewhere (another Jupyter, VS Code) keep plotly's default.
    """
    from kit.apps.assets import PLOTLY_ESM_ENV, write_plotly_asset

    env = dict(os.environ if env is None else env)
    env[PLOTLY_ESM_ENV] = write_plotly_asset(assets, server="lab")
    _prepend_jupyter_path(env, assets)
    return env


def lab_command(root: Path | str, *, port: int | None = None,
                extra: Sequence[str] = ()) -> list[str]:
    """Build the JupyterLab command line serving ``root`` on 127.0.0.1 (see :func:`lab_env`),
    on ``port`` (default: JupyterLab's, 8888 or the next free one)."""
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
           f"--ServerApp.root_dir={root}"]
    if port is not None:
        cmd.append(f"--ServerApp.port={port}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers run as root; JupyterLab refuses otherwise
    return cmd + list(extra)


def assets_dir() -> Path:
    """A per-user cache folder for files the dashboards and JupyterLab serve."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "turnkit" / "voila-assets"
