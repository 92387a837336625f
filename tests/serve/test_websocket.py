"""Kernel websockets: a client without the v1 subprotocol, or with malformed frames, is refused.

Without kit.serve.websocket, the legacy client of ``test_a_legacy_client_is_refused...`` made
Voila 0.5.13 spin at 100% CPU and grow by ~130 MB/s (its widget's state reply, framed in the
legacy format, is read as a v1 offset count).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import time
import urllib.request
import uuid

import pytest

from kit.serve.cli import READY_PATH
from kit.serve.websocket import V1, v1_frame_ok

WIDGET = 'import ipywidgets\nipywidgets.Image(value=b"abc", format="png")'


def run_in_own_loop(coro_fn):
    """Run a coroutine on a fresh loop in its own thread.

    Playwright's sync API leaves a running loop in the main thread of a test session that
    ran the browser tests first, where ``asyncio.run`` refuses to start.
    """
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(coro_fn())).result()


def v1_frame(channel: str, parts: list[bytes]) -> bytes:
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    return serialize_msg_to_ws_v1(parts, channel)


@pytest.mark.parametrize("frame, ok", [
    (v1_frame("shell", [b"{}", b"{}", b"{}", b"{}"]), True),
    (v1_frame("iopub", []), True),
    ((2**40).to_bytes(8, "little") + b"x" * 16, False),  # a count of offsets past the frame
    ((3).to_bytes(8, "little") + (32).to_bytes(8, "little") + (99).to_bytes(8, "little")
     + (40).to_bytes(8, "little"), False),  # offsets past the end and going back
    ((2).to_bytes(8, "little") + (0).to_bytes(8, "little") + (24).to_bytes(8, "little"),
     False),  # the first offset inside the offsets
    (b"\x00" * 4, False),
    ('{"channel": "shell"}', False),  # text: the legacy JSON framing
])
def test_v1_frames_are_checked_before_they_are_read(frame, ok):
    assert v1_frame_ok(frame) is ok


@pytest.fixture(scope="module")
def server(small_voila):
    with small_voila({"image.ipynb": WIDGET}) as served:
        base = served["base"]
        html = urllib.request.urlopen(f"http://{base}/voila/render/image.ipynb").read().decode()
        yield {**served, "kernel": re.search(r'"kernelId": "([^"]+)"', html)[1],
               "model": re.search(r'"model_id": "([^"]+)"', html)[1]}


def answers_within(base: str, seconds: float) -> bool:
    try:
        urllib.request.urlopen(f"http://{base}{READY_PATH}", timeout=seconds).read()
    except OSError:
        return False
    return True


def request_state(model: str) -> dict:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": "comm_msg", "username": "",
              "session": "s", "date": "", "version": "5.3"}
    return {"header": header, "parent_header": {}, "metadata": {}, "channel": "shell",
            "content": {"comm_id": model, "data": {"method": "request_state"}}}


@pytest.mark.slow
def test_a_legacy_client_is_refused_and_the_server_keeps_answering(server):
    from tornado.httpclient import HTTPClientError
    from tornado.websocket import websocket_connect

    url = f"ws://{server['base']}/api/kernels/{server['kernel']}/channels?session_id=s"

    async def legacy():
        ws = await websocket_connect(url)  # what made the server spin, had it been let in
        await ws.write_message(json.dumps(request_state(server["model"])))
        await asyncio.sleep(1)

    with pytest.raises(HTTPClientError) as refused:
        run_in_own_loop(legacy)
    assert refused.value.code == 400
    assert answers_within(server["base"], 5)
    assert f"without the {V1} subprotocol" in server["log"].read_text()


@pytest.mark.slow
def test_a_v1_client_gets_widget_state_and_is_closed_on_a_malformed_frame(server):
    from tornado.websocket import websocket_connect

    url = f"ws://{server['base']}/api/kernels/{server['kernel']}/channels?session_id=v"

    async def v1() -> tuple[bool, int | None, float]:
        ws = await websocket_connect(url, subprotocols=[V1])
        msg = request_state(server["model"])
        parts = [json.dumps(msg[k]).encode() for k in ("header", "parent_header", "metadata",
                                                        "content")]
        await ws.write_message(v1_frame("shell", parts), binary=True)
        got_state = False
        deadline = time.monotonic() + 20
        while not got_state and time.monotonic() < deadline:
            reply = await asyncio.wait_for(ws.read_message(), 20)
            got_state = isinstance(reply, bytes) and b"update" in reply and b"abc" in reply
        await ws.write_message((2**40).to_bytes(8, "little") + b"x" * 16, binary=True)
        start = time.monotonic()
        while await asyncio.wait_for(ws.read_message(), 10) is not None:
            pass
        seconds = time.monotonic() - start
        ws.close()
        return got_state, ws.close_code, seconds

    got_state, code, seconds = run_in_own_loop(v1)
    assert got_state  # the widget's state, buffer included, as a page gets it
    assert code == 1007 and seconds < 5
    assert answers_within(server["base"], 5)
