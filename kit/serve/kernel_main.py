"""Start the dashboards' IPython kernel: ``python -m kit.serve.kernel_main -f CONNECTION_FILE``.

The same as ``python -m ipykernel_launcher``, less the debugger: ipykernel imports debugpy
(0.14 s and ~10 MB per kernel) so a front-end can step through code, which no Voila page does.
``turnkit dashboard`` points Voila's ``python3`` kernel at this module (see
:func:`kit.serve.cli.dashboard_env`); JupyterLab keeps the usual kernel and its debugger.
With ``--warm`` it is the kernel Voila's first start takes over (:mod:`kit.serve.warm_kernel`).
"""

import sys

if __name__ == "__main__":
    # ipykernel then runs without its debugger
    sys.modules.setdefault("debugpy", None)  # type: ignore[arg-type]
    if sys.argv[1:] == ["--warm"]:
        from kit.serve.warm_kernel import serve

        serve()
    else:
        from ipykernel.kernelapp import launch_new_instance

        launch_new_instance()
