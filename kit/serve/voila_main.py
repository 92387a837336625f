"""Start Voila the way ``turnkit dashboard`` wants it: ``python -m kit.serve.voila_main ARGS``.

``--kit-tornado-settings=JSON`` (from :func:`kit.serve.launch.voila_command`) sets Tornado
settings with their real types: Voila's command line gives dict settings as strings only, and
``allow_remote_access="False"`` would be true. ``--kit-config=JSON`` is traitlets config
(``{"Class": {"trait": value}}``): dict traits such as the kernel pools are deprecated as JSON
on the command line, and their ``key=value`` form takes strings only.

The same as ``python -m voila ARGS``, less 1-2 s of start-up: jupyter-events imports
jsonschema, which imports its optional IRI checker ``rfc3987_syntax`` when installed, and
that compiles 38 grammars at import. Nothing in a dashboard server validates IRIs.
And the first kernel starts before Voila's imports, not after them (:mod:`kit.serve.warm_kernel`).

Two differences more:

- Voila answers no request before its pre-heated kernels have started (:func:`serve`): a page
  asked for in that second (the URL is printed as soon as the server answers) would start a
  kernel of its own, and either take the warm kernel from the pool or get a cold one.
- The notebooks under the served folder are signed as trusted in the notary database of
  ``NotebookNotary.data_dir`` (the kit's cache, not ``~/.local``), so Voila does not warn that
  each one "is not trusted": they are the kit's own dashboards, run as the server's user.
"""

from __future__ import annotations

import sys
from typing import Any

#: Seconds Voila waits for its pre-heated kernels to start before it answers anyway.
POOL_START_TIMEOUT_S = 120.0


def trust_notebooks(root: str, data_dir: str) -> None:
    """Sign every notebook under ``root`` in the notary database of ``data_dir``."""
    from pathlib import Path

    import nbformat
    from nbformat.sign import NotebookNotary

    Path(data_dir).mkdir(parents=True, exist_ok=True)
    notary = NotebookNotary(data_dir=data_dir)
    for path in sorted(Path(root).rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        try:
            notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        except Exception:  # noqa: BLE001 - Voila shows an unreadable notebook's error itself
            continue
        if not notary.check_signature(notebook):
            notary.sign(notebook)


def serve(argv: list[str], settings: dict[str, Any], config: dict[str, Any]) -> int:
    """Run Voila with ``argv``, Tornado ``settings`` and traitlets ``config``."""
    import asyncio

    import voila.app
    from traitlets.config import Config

    class Voila(voila.app.Voila):  # its name, as Voila's, heads each line of the log
        def listen(self) -> None:
            # The pools' start tasks (Voila's own, created as its kernel manager was): each
            # returns once its kernel has started and is listed for its notebook, long before
            # the notebook has run. Only then may a request come.
            pools = getattr(self.kernel_manager, "_pools", {})
            starts = [task for pool in pools.values() for task in pool]
            if starts:
                asyncio.get_event_loop().run_until_complete(
                    asyncio.wait(starts, timeout=POOL_START_TIMEOUT_S)
                )
            super().listen()

    return Voila.launch_instance(argv, tornado_settings=settings, config=Config(config))


if __name__ == "__main__":
    from kit.serve import warm_kernel as _warm_kernel

    _warm_kernel.start()
    # its import then raises ImportError
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import json

    from kit.serve.launch import CONFIG_ARG, TORNADO_SETTINGS_ARG

    settings: dict[str, Any] = {}
    config: dict[str, Any] = {}
    argv = []
    for arg in sys.argv[1:]:
        if arg.startswith(TORNADO_SETTINGS_ARG):
            settings.update(json.loads(arg.removeprefix(TORNADO_SETTINGS_ARG)))
        elif arg.startswith(CONFIG_ARG):
            for section, values in json.loads(arg.removeprefix(CONFIG_ARG)).items():
                config.setdefault(section, {}).update(values)
        else:
            argv.append(arg)
    notary_dir = config.get("NotebookNotary", {}).get("data_dir")
    if notary_dir and argv and not argv[0].startswith("-"):
        trust_notebooks(argv[0], notary_dir)
    sys.exit(serve(argv, settings, config))
