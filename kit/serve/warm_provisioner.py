"""The dashboards' kernel provisioner: its first launch takes the warm kernel process.

See :mod:`kit.serve.warm_kernel`; registered under the entry point
``jupyter_client.kernel_provisioners`` as ``turnkit-warm-kernel``.
"""

from __future__ import annotations

import os
import pathlib
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning import LocalProvisioner

from kit.serve.warm_kernel import claim

__all__ = ["WarmKernelProvisioner"]


class WarmKernelProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, whose first launch takes the warm kernel process."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        process = claim(cmd, env=kwargs.get("env"), cwd=kwargs.get("cwd"))
        if process is None:
            return await super().launch_kernel(cmd, **kwargs)
        self.process = process
        self.pid = process.pid
        self.pgid = os.getpgid(process.pid)
        self.cwd = kwargs.get("cwd", pathlib.Path.cwd())
        return self.connection_info
