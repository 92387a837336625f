"""The dashboards' kernel entry point: no debugger, and no exit noise from its absent poll."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# A kernel stopped before its control thread ran the debugger's poll: at exit Python warns
# that the coroutine was never awaited, and asyncio logs the pending task.
UNRUN_POLL = textwrap.dedent("""
    import asyncio, gc, logging, sys
    {setup}
    from ipykernel.ipkernel import IPythonKernel
    logging.basicConfig()
    loop = asyncio.new_event_loop()
    task = loop.create_task(IPythonKernel.poll_stopped_queue(None))
    other = loop.create_task(asyncio.sleep(1))
    loop.close()  # stopped before it ran either
    del task, other, loop
    gc.collect()
    async def elsewhere():
        pass
    elsewhere()
""")


def _stderr(setup: str) -> str:
    code = UNRUN_POLL.format(setup=setup)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120).stderr


def test_a_kernel_stopped_while_starting_says_nothing_of_the_debugger_poll():
    plain = _stderr("")
    assert "poll_stopped_queue' was never awaited" in plain
    assert "Task was destroyed but it is pending" in plain
    quiet = _stderr("from kit.serve.kernel_main import _quiet_debugger_poll; "
                    "_quiet_debugger_poll()")
    assert "poll_stopped_queue" not in quiet
    # Only that coroutine is silenced: others still warn, other tasks are still logged.
    assert "coroutine 'elsewhere' was never awaited" in quiet
    assert "Task was destroyed but it is pending" in quiet and "sleep" in quiet
