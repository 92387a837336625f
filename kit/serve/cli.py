"""The ``turnkit`` command: serve the dashboards with Voila, or open JupyterLab, on this machine;
the commands that read and query corpora are in :mod:`kit.serve.commands`."""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from kit.serve.launch import CONFIG_ARG as CONFIG_ARG
from kit.serve.launch import DEFAULT_MAX_KERNELS as DEFAULT_MAX_KERNELS
from kit.serve.launch import LOCAL_HOSTNAMES as LOCAL_HOSTNAMES
from kit.serve.launch import MAIN_DASHBOARD as MAIN_DASHBOARD
from kit.serve.launch import TEMPLATE as TEMPLATE
from kit.serve.launch import TORNADO_SETTINGS_ARG as TORNADO_SETTINGS_ARG
from kit.serve.launch import (
    Auth,
    assets_dir,
    dashboard_env,
    lab_command,
    lab_env,
    voila_command,
    write_dashboard_kernel,
    write_voila_template,
)

__all__ = [
    "assets_dir", "dashboard_env", "dashboard_urls", "dashboards_dir", "free_port", "lab_command",
    "lab_env", "main", "prepare_corpus", "voila_command", "wait_until_ready",
    "write_dashboard_kernel", "write_voila_template",
]

#: Environment variable naming the corpus folder (or file) the dashboards open.
CORPUS_ENV = "TURNKIT_CORPUS"
TOKEN_ENV = "TURNKIT_TOKEN"
PASSWORD_ENV = "TURNKIT_PASSWORD"
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
    from kit.read.dataset import INDEX_TABLES, dataset_info

    info = dataset_info(source)
    if not info["tokens"] or all(
        (Path(source) / name / f"{b}.parquet").is_file()
        for b in info["batches"] for name in INDEX_TABLES
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
