"""A dashboard kernel that starts with Voila, not after it: ready when the first page asks.

Voila starts its pre-heated kernel only once its own imports are done (0.8 s), and the kernel
then spends another second importing ipykernel, pandas and the kit and opening the corpus.
``python -m kit.serve.voila_main`` therefore starts one kernel process first (:func:`start`), which
does that work on the other core while Voila imports, then waits on its stdin. The dashboards'
kernel spec names :class:`~kit.serve.warm_provisioner.WarmKernelProvisioner`
(see :func:`kit.serve.launch.write_dashboard_kernel`): Voila's first kernel start hands that process
its connection file, environment and folder (:func:`claim`) instead of launching a new one,
and the process becomes an ordinary ipykernel (:func:`serve`). Later starts (the pool's
refills, restarts) launch kernels as usual.
No heavy imports here: Voila's process imports this module before anything else.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

__all__ = ["PROVISIONER", "claim", "serve", "start"]

#: Entry-point name of :class:`~kit.serve.warm_provisioner.WarmKernelProvisioner` (pyproject).
PROVISIONER = "turnkit-warm-kernel"

_WARM: subprocess.Popen | None = None


def start() -> subprocess.Popen | None:
    """Start the warm kernel process (a child of this, the Voila process); keep it for Voila.

    POSIX only (elsewhere None: Voila starts its kernels as usual); jupyter_client interrupts
    Windows kernels through an event of its own launcher.
    """
    global _WARM
    if os.name != "posix":
        return None
    env = dict(os.environ, JPY_PARENT_PID=str(os.getpid()))  # as jupyter_client's launcher
    # Its own session, as jupyter_client starts kernels: interrupts go to its process group.
    _WARM = subprocess.Popen([sys.executable, "-m", "kit.serve.kernel_main", "--warm"],
                             stdin=subprocess.PIPE, env=env, start_new_session=True)
    return _WARM


def claim(cmd: list[str], *, env: dict[str, str] | None, cwd: str | os.PathLike[str] | None
          ) -> subprocess.Popen | None:
    """Hand the warm process the kernel command line ``cmd``, ``env`` and ``cwd``.

    Returns the process, now the kernel; None if there is none (not started, claimed already,
    or exited), and the caller launches a kernel as usual.
    """
    global _WARM
    process, _WARM = _WARM, None
    if process is None or process.stdin is None:
        return None
    if process.poll() is not None:
        process.stdin.close()
        return None
    env = dict(os.environ if env is None else env)
    env.setdefault("JPY_PARENT_PID", str(os.getpid()))
    order = {"argv": list(cmd), "env": env, "cwd": str(cwd or os.getcwd())}
    try:
        process.stdin.write(json.dumps(order).encode() + b"\n")
        process.stdin.close()
    except OSError:  # it died meanwhile
        process.kill()
        process.wait()
        return None
    return process


def _preload() -> None:
    """Import what the dashboards' first cell imports, and open their corpus (errors are left
    for the notebook to meet and show)."""
    import warnings

    try:
        # The dashboards' apps, their widgets, pandas and plotly (kit.apps loads them lazily).
        import kit.apps.compare  # noqa: F401
        import kit.apps.explorer  # noqa: F401
        import kit.apps.trends  # noqa: F401
        from kit.apps.corpus_choice import dashboard_source
        from kit.plots import kit_template

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the notebook's call warns again, in the page
            dashboard_source()  # a dataset: opened for search, not loaded
        kit_template()  # and with it plotly's table of validators (a 0.1 s JSON read)
    except Exception:  # noqa: BLE001 - the notebook runs it again and shows the error
        pass


def serve() -> None:
    """Body of the warm process: preload, wait for :func:`claim`, then run the kernel."""
    from ipykernel.kernelapp import launch_new_instance

    _preload()
    line = sys.stdin.buffer.readline()
    if not line.strip():
        return  # Voila stopped (or never started a kernel): nothing to do
    order = json.loads(line)
    os.chdir(order["cwd"])
    sys.path[0] = order["cwd"]  # as `python -m` in that folder would have it
    os.environ.clear()
    os.environ.update(order["env"])
    from kit.serve.kernel_errors import EXTENSION_ARG

    # What follows `python -m kit.serve.kernel_main`, and the extension it loads.
    sys.argv = [sys.argv[0], *order["argv"][3:], EXTENSION_ARG]
    launch_new_instance()
