"""In a dashboard's kernel, a :class:`~kit.errors.KitError` shows its message in the page.

Voila, run without ``--show_tracebacks`` (as ``turnkit dashboard`` runs it: tracebacks show
code and paths to every visitor), replaces a failed cell's error with "There was an error when
executing cell [1]". A KitError is written for the user (what is wrong, where, and the fix),
so the dashboards' kernels (:mod:`kit.serve.kernel_main`) load this IPython extension, which
displays it as an output of the cell; Voila keeps outputs and only rewrites the error itself.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = ["EXTENSION_ARG", "load_ipython_extension", "render_error"]

#: The kernel command-line option that loads this extension.
EXTENSION_ARG = "--IPKernelApp.extra_extensions=kit.serve.kernel_errors"


def render_error(error: BaseException) -> str:
    """The HTML a dashboard shows for ``error``: its message, escaped, in the kit's error box."""
    return ('<div class="kit-errors kit-open-error"><b>This dashboard cannot open.</b> '
            f'<span style="white-space: pre-wrap">{html.escape(str(error))}</span></div>')


def load_ipython_extension(ipython: Any) -> None:
    """Show KitErrors raised by a cell as an HTML output (IPython's ``set_custom_exc``)."""
    from IPython.display import HTML, display

    from kit.errors import KitError

    def show(shell: Any, etype: type, value: BaseException, tb: Any,
             tb_offset: int | None = None) -> list[str]:
        display(HTML(render_error(value)))
        return [f"{etype.__name__}: {value}"]

    ipython.set_custom_exc((KitError,), show)
