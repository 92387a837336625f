"""A kernel manager with a ceiling: one visitor cannot start kernels until memory runs out.

Every GET of a dashboard's URL starts a kernel (100-400 MB with a corpus loaded), and no page
needs to stay open for it to run. :class:`BoundedKernelManager` (``turnkit dashboard
--max-kernels``, default :data:`DEFAULT_MAX_KERNELS`) refuses to start one more when that
many run, pre-heated ones included; the visitor gets Voila's error page with a plain message
(HTTP 503) instead of a server that swaps. Kernels of closed pages stop at once, idle ones are
culled (``--cull-idle``), so room comes back by itself.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Int

from kit.serve.launch import DEFAULT_MAX_KERNELS

# Voila's error page shows the reason as its heading.
FULL_MESSAGE = ("This dashboard server is showing as many pages as it can ({n} at once): "
                "close a tab of it you no longer use, or try again in a minute or two")


class BoundedKernelManager(AsyncMappingKernelManager):
    """jupyter_server's kernel manager, refusing to start more than ``max_kernels``."""

    max_kernels = Int(DEFAULT_MAX_KERNELS, config=True,
                      help="Kernels that may run at once (pre-heated ones included).")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._starting = 0  # starts in flight: counted before their kernel is listed

    # jupyter_client types start_kernel as the sync base class's; this class's is async.
    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        """Start a kernel, or raise HTTP 503 when ``max_kernels`` run or are starting."""
        kernel_id = kwargs.get("kernel_id")
        if kernel_id is not None and kernel_id in self:  # an existing kernel: nothing new starts
            return await super().start_kernel(*args, **kwargs)
        if len(self.list_kernel_ids()) + self._starting >= self.max_kernels:
            self.log.warning("Refused to start a kernel: %d run (--max-kernels)",
                             self.max_kernels)
            message = FULL_MESSAGE.format(n=self.max_kernels)
            raise web.HTTPError(503, message, reason=message)
        self._starting += 1
        try:
            return await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1
