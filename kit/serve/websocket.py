"""Kernel websockets that one visitor cannot use to stop the server.

Voila 0.5.13 reads every binary message it sends to a page as the ``v1.kernel.websocket.
jupyter.org`` framing (its ``read_header_from_binary_message``): the first 8 bytes are taken
as the number of offsets to read. A client that connects without that subprotocol gets
messages in the legacy framing, whose first 4 bytes are a buffer count; a widget's
``request_state`` reply then makes the server build a list of billions of offsets, at 100%
CPU and ~130 MB/s, until it answers nobody. A malformed v1 frame sent *to* the server does
the same in jupyter_server's ``deserialize_msg_from_ws_v1``.

:class:`CheckedKernelConnection` (``Voila.kernel_websocket_connection_class``, set by
``turnkit dashboard``) refuses a websocket that does not offer the v1 subprotocol, with HTTP
400 before the handshake (the dashboards' pages always offer it), and closes one that sends a
frame whose offsets do not fit in the frame.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado import web

V1 = "v1.kernel.websocket.jupyter.org"
#: Websocket close codes (RFC 6455): the peer broke the protocol / sent inconsistent data.
PROTOCOL_ERROR = 1002
INVALID_DATA = 1007


def v1_frame_ok(frame: Any) -> bool:
    """Whether ``frame`` is a v1 kernel message whose offsets fit in it.

    The framing: an 8-byte little-endian count ``n`` of offsets, ``n`` 8-byte offsets (the
    first just past them, each at least the one before, none past the end), then the channel
    name and the message parts between consecutive offsets.
    """
    if not isinstance(frame, bytes | bytearray | memoryview) or len(frame) < 8:
        return False
    frame = bytes(frame)
    n = int.from_bytes(frame[:8], "little")
    if n < 2 or 8 * (n + 1) > len(frame):
        return False
    offsets = [int.from_bytes(frame[8 * (i + 1): 8 * (i + 2)], "little") for i in range(n)]
    return offsets[0] == 8 * (n + 1) and all(
        a <= b for a, b in zip(offsets, offsets[1:], strict=False)) and offsets[-1] <= len(frame)


class CheckedKernelConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket connection, v1 subprotocol only, frames checked."""

    async def prepare(self) -> None:
        """Refuse, before the handshake, a client that does not offer the v1 subprotocol."""
        offered = self.websocket_handler.request.headers.get("Sec-WebSocket-Protocol", "")
        if V1 not in (p.strip() for p in offered.split(",")):
            self.log.warning("Refused a kernel websocket without the %s subprotocol", V1)
            raise web.HTTPError(400, f"Kernel websockets here need the {V1} subprotocol.")
        await super().prepare()

    def handle_incoming_message(self, incoming_msg: Any) -> None:
        """Pass a well-formed v1 frame to the kernel; close the socket on anything else."""
        if not v1_frame_ok(incoming_msg):
            self.log.warning("Closed a kernel websocket that sent a malformed message")
            self.websocket_handler.close(INVALID_DATA, "malformed kernel message")
            return
        super().handle_incoming_message(incoming_msg)
