"""The ``turnkit`` command: serve the dashboards with Voila, or open JupyterLab, on this machine;
the commands that read and query corpora are in :mod:`kit.serve.commands`."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "assets_dir", "dashboard_env", "dashboard_urls", "dashboards_dir", "free_port", "lab_command",
    "lab_env", "main", "prepare_corpus", "voila_command", "wait_until_ready",
    "write_dashboard_kernel", "write_voila_template",
]

#: Environment variable naming the corpus folder (or file) the dashboards open.
CORPUS_ENV = "TURNKIT_CORPUS"
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
TOKEN_ENV = "TURNKIT_TOKEN"
PASSWORD_ENV = "TURNKIT_PASSWORD"


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
#: A static URL Voila serves without starting a kernel (polled for readiness).
READY_PATH = "/voila/api/themes/@jupyterlab/theme-light-extension/index.css"


def dashboards_dir() -> Path:
    """Return the folder of dashboard notebooks (``dashboards/`` next to the package)."""
    here = Path(__file__).resolve().parents[1]  # the kit package
    for candidate in (here.parent / "dashboards", here / "dashboards"):
        if (candidate / MAIN_DASHBOARD).is_file():
            return candidate
    raise FileNotFoundError(
        f"No dashboards found next to {here}. The dashboards ship with the source tree: run "
        "`make dashboard` from a clone of the repository."
    )


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def wait_until_ready(base_url: str, *, timeout_s: float = 60.0,
                     process: subprocess.Popen | None = None) -> float:
    """Poll Voila's theme CSS (no kernel started) until it answers; return seconds waited."""
    start = time.perf_counter()
    url = base_url.rstrip("/") + READY_PATH
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"Voila exited with code {process.returncode} before it was ready.")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.perf_counter() - start
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.perf_counter() - start > timeout_s:
            raise TimeoutError(f"Voila did not answer {url} within {timeout_s:.0f} s.")
        time.sleep(0.02)  # the URL is printed (and the page opened) as soon as Voila answers


def _prepare_dataset(source: str, env: dict[str, str]) -> bool | None:
    """Build a dataset's keyword index now if it has none (minutes for gigabytes: the page's
    kernel would otherwise build it while the page waits). None if there was nothing to do."""
    from kit.read.dataset import dataset_info

    info = dataset_info(source)
    if not info["tokens"] or all(
        (Path(source) / "postings" / f"{b}.parquet").is_file() for b in info["batches"]
    ):
        return None  # nothing to search (loaded whole), or the index is there
    print("turnkit: building the dataset's keyword index once ...", flush=True)
    code = (
        "import sys; from kit.terms.postings import KeywordIndex; KeywordIndex(sys.argv[1])"
    )
    done = subprocess.run([sys.executable, "-c", code, source], env=env)
    if done.returncode != 0:
        print("turnkit: the keyword index could not be built (see above).", file=sys.stderr)
        return False
    return True


def prepare_corpus(env: dict[str, str]) -> bool | None:
    """Read and cache the dashboards' corpus now, unless its tables are cached already.

    Otherwise the first page (and the kernel Voila starts ahead of it) would each read it,
    with no sign of progress. Runs in a child process so this one stays small. Returns
    None if nothing was to do, True once cached, False if reading failed (said on stderr).
    """
    from kit.apps.cache import default_corpus_entry, folder_entry, is_cached
    from kit.read.dataset import is_dataset

    source = env.get(CORPUS_ENV)
    if source and is_dataset(source):
        return _prepare_dataset(source, env)
    if source and Path(source).is_file():
        return None  # one file: read in a moment
    try:
        entry = folder_entry(source, env) if source else default_corpus_entry(env)
    except Exception:  # noqa: BLE001 - the kernel reports a bad path in the page
        return None
    if is_cached(entry):
        return None
    print("turnkit: reading the corpus once; later starts load it from the cache ...",
          flush=True)
    code = "from kit.apps.corpus_choice import dashboard_corpus; dashboard_corpus(progress=True)"
    done = subprocess.run([sys.executable, "-c", code], env=env)
    if done.returncode != 0:
        print("turnkit: the corpus could not be read (see above).", file=sys.stderr)
        return False
    return True


def share_auth(args: argparse.Namespace) -> Auth:
    """How visitors of ``turnkit dashboard --share`` sign in: a token, or a password.

    The token is ``$TURNKIT_TOKEN`` or a new random one; with ``--password``, the password
    is ``$TURNKIT_PASSWORD`` or asked for (twice) on the terminal, and only its hash is passed
    on.
    """
    if args.password:
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            import getpass

            password = getpass.getpass("Password for the dashboard's visitors: ")
            if getpass.getpass("The same again: ") != password:
                raise SystemExit("turnkit: the two passwords differ.")
        if len(password) < 8:
            raise SystemExit("turnkit: give a password of at least 8 characters.")
        from jupyter_server.auth import passwd

        return Auth(hashed_password=passwd(password))
    import secrets

    return Auth(token=os.environ.get(TOKEN_ENV) or secrets.token_urlsafe(24))


def dashboard_urls(base: str, *, query: str = "") -> list[tuple[str, str]]:
    """The name and address of each dashboard served at ``base`` (``http://host:port``),
    the explorer first; ``query`` (``token=…``) is added to each address."""
    from kit.apps.html import DASHBOARDS  # (only when serving: it loads pandas)

    tail = f"?{query}" if query else ""
    first = sorted(DASHBOARDS, key=lambda d: d[0] != MAIN_DASHBOARD)
    return [(label, f"{base}/voila/render/{name}{tail}") for name, label in first]


def _dashboard(args: argparse.Namespace) -> int:
    assets = assets_dir()
    env = dashboard_env(assets)
    if args.path is not None:
        path = Path(args.path).expanduser().resolve()
        if not path.exists():
            print(f"turnkit: {args.path} does not exist. Give a folder or file of transcripts.",
                  file=sys.stderr)
            return 2
        env[CORPUS_ENV] = str(path)
    if importlib.util.find_spec("voila") is None:  # importing it would cost 1-2 s
        print("turnkit: the dashboard needs the 'dashboard' extra: "
              "pip install 'turnkit[dashboard]'", file=sys.stderr)
        return 2
    if prepare_corpus(env) is False:
        return 1
    port = args.port or free_port()
    root = dashboards_dir()
    auth = share_auth(args) if args.share else None
    if auth is not None:
        env.update(auth.env())
    cmd = voila_command(root, port=port, preheat=not args.no_preheat,
                        cull_idle_s=args.cull_idle, assets=assets,
                        max_kernels=args.max_kernels, ip=args.ip or (
                            "0.0.0.0" if args.share else "127.0.0.1"), auth=auth)
    corpus = env.get(CORPUS_ENV, "the bundled default (State of the Union + example)")
    print(f"turnkit: serving {root} with corpus {corpus} ...", flush=True)
    process = subprocess.Popen(cmd, env=env, start_new_session=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # Ctrl+C and a plain kill both stop Voila and its kernels (a shell may have left SIGINT
    # ignored for background jobs; set the handlers explicitly).
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        wait_until_ready(f"http://127.0.0.1:{port}", process=process)
        base, query = f"http://127.0.0.1:{port}", ""
        if auth is not None:
            host = socket.gethostname() if (args.ip or "0.0.0.0") == "0.0.0.0" else args.ip
            base = f"http://{host}:{port}"
            query = "" if auth.hashed_password else f"token={auth.token}"
        urls = dashboard_urls(base, query=query)
        url = urls[0][1]
        lines = "".join(f"  {label + ':':<18} {u}\n" for label, u in urls)
        print(f"\n  Transcript Kit dashboards\n{lines}  (Ctrl+C to stop)\n", flush=True)
        if args.open:
            import webbrowser

            webbrowser.open(url)
        return process.wait()
    except KeyboardInterrupt:
        return 0
    except (RuntimeError, TimeoutError) as exc:
        print(f"turnkit: {exc}", file=sys.stderr)
        return 1
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``turnkit`` command line."""
    from kit.serve.commands import add_commands, run_checked

    parser = argparse.ArgumentParser(
        prog="turnkit",
        description="Transcript Kit: read transcripts into tables, count and search them, "
        "and explore them in dashboards. `turnkit COMMAND -h` shows each command's options "
        "and examples.",
    )
    parser.add_argument("--version", action="version", version=f"turnkit {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    add_commands(sub)
    dash = sub.add_parser(
        "dashboard",
        help="serve the dashboards: explorer, compare speakers, term trends",
        epilog="examples:\n  turnkit dashboard transcripts/\n  turnkit dashboard corpus-ds"
        "   # a dataset of `turnkit read`\n  turnkit dashboard --share --password",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dash.add_argument("path", nargs="?", default=None,
                      help="folder or file of transcripts, or a dataset of `turnkit read` "
                           f"(default: ${CORPUS_ENV} or the bundled corpus)")
    dash.add_argument("--port", type=int, default=None, help="TCP port (default: a free one)")
    dash.add_argument("--cull-idle", type=int, default=120, metavar="SECONDS",
                      help="shut down kernels of closed pages after this long (default 120)")
    dash.add_argument("--max-kernels", type=int, default=DEFAULT_MAX_KERNELS, metavar="N",
                      help="kernels (open pages) served at once; more get a 'server is full' "
                           f"page (default {DEFAULT_MAX_KERNELS}, each 100-400 MB)")
    dash.add_argument("--share", action="store_true",
                      help="serve to other machines (every interface, or --ip): visitors sign "
                           f"in with a token (${TOKEN_ENV} or a random one, in the printed "
                           "link) or, with --password, a password")
    dash.add_argument("--password", action="store_true",
                      help=f"with --share: ask for a password (or take ${PASSWORD_ENV}) "
                           "instead of a token")
    dash.add_argument("--ip", default=None,
                      help="address to listen on (default 127.0.0.1; 0.0.0.0 with --share)")
    dash.add_argument("--no-preheat", action="store_true",
                      help="do not keep a kernel started ahead of the first page")
    dash.add_argument("--open", action="store_true", help="open the page in a web browser")
    lab = sub.add_parser("lab", help="open JupyterLab on a folder of notebooks (127.0.0.1); "
                                     "other options go to JupyterLab (e.g. --port=8888)",
                         epilog="examples:\n  turnkit lab notebooks\n  turnkit lab . "
                         "--port=8888", formatter_class=argparse.RawDescriptionHelpFormatter)
    lab.add_argument("folder", nargs="?", default=".", help="folder of notebooks (default: .)")
    lab.add_argument("--port", type=int, default=None,
                     help="TCP port (default: JupyterLab's, 8888 or the next free one)")
    args, extra = parser.parse_known_args(argv)
    if args.command == "lab":
        cmd = lab_command(Path(args.folder).resolve(), port=args.port, extra=extra)
        env = lab_env(assets_dir())
        os.execve(cmd[0], cmd, env)  # JupyterLab takes over this process (and Ctrl+C)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "dashboard" and not args.share and (
            args.password or args.ip not in (None, "127.0.0.1", "localhost", "::1")):
        parser.error("--password and --ip other than loopback serve to others: add --share "
                     "(visitors then sign in)")
    if args.command == "dashboard":
        return _dashboard(args)
    return run_checked(args)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("turnkit")
    except PackageNotFoundError:  # a source tree that was not installed
        return "unknown"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
