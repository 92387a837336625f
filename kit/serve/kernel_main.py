"""Start the dashboards' IPython kernel: ``python -m kit.serve.kernel_main -f CONNECTION_FILE``.

The same as ``python -m ipykernel_launcher``, less the debugger: ipykernel imports debugpy
(0.14 s and ~10 MB per kernel) so a front-end can step through code, which no Voila page does.
``turnkit dashboard`` points Voila's ``python3`` kernel at this module (see
:func:`kit.serve.launch.dashboard_env`); JupyterLab keeps the usual kernel and its debugger.
With ``--warm`` it is the kernel Voila's first start takes over (:mod:`kit.serve.warm_kernel`).
Either way it loads :mod:`kit.serve.kernel_errors`: a KitError shows its message in the page.
"""

import sys


def _quiet_debugger_poll() -> None:
    """Drop the two lines a kernel stopped while still starting prints at exit.

    ipykernel schedules its debugger's poll (``IPythonKernel.poll_stopped_queue``) on the
    control thread; a kernel shut down before that thread ran it (Ctrl+C while Voila refills
    its pool on a busy machine) warns that the coroutine was never awaited and logs the
    pending task. The debugger is off in these kernels, so neither says anything.
    """
    import logging
    import warnings

    warnings.filterwarnings("ignore", category=RuntimeWarning,
                            message="coroutine 'IPythonKernel.poll_stopped_queue'")
    logging.getLogger("asyncio").addFilter(
        lambda record: "poll_stopped_queue" not in record.getMessage())


if __name__ == "__main__":
    # ipykernel then runs without its debugger
    sys.modules.setdefault("debugpy", None)  # type: ignore[arg-type]
    _quiet_debugger_poll()
    if sys.argv[1:] == ["--warm"]:
        from kit.serve.warm_kernel import serve

        serve()
    else:
        from ipykernel.kernelapp import launch_new_instance

        from kit.serve.kernel_errors import EXTENSION_ARG

        sys.argv.append(EXTENSION_ARG)  # a KitError shows its message in the page
        launch_new_instance()
