"""Load test: many browser sessions on one ``turnkit dashboard`` server at once.

One real server (the bundled corpus, its cache filled first, as every start after the first
finds it) and one headless Chromium with ``--sessions`` contexts (default 10), driven
concurrently with Playwright's asyncio API. Each session opens the explorer, waits until it
is drawn, then makes ``--changes`` filter changes (default 5), cycling keyword, speaker and
date (from, then to). A change counts as shown when the page's share link holds the new
state: the kernel refreshed and its summary reached the page (the charts are sent in the same
refresh, after it). Whether the speakers chart then drew other data is counted too (a date
range that holds all of a speaker's addresses leaves it as it was). Sessions that never
render, and changes that never show, are reported.

Prints: time to first render (median, max), update time per change (median and 95th
percentile over every session's changes), the unique memory (USS: what a process holds
alone; kernels share the memory-mapped corpus cache) of the server and of each kernel
before, while every page is open, and after the pages close, and how long the server took to
shut the closed pages' kernels down. Writes ``benchmarks/out/bench_load.json``.

Usage: ``.venv/bin/python benchmarks/bench_load.py [--sessions 10] [--changes 5]``.
The figures are of the machine it runs on (a loaded 2-core one is noisy): compare runs on
the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_dashboard import CHROMIUM_FLAGS, OUT, _free_port, _jupyter_env, _start, _stop  # noqa: E402

KEYWORDS = ["war", "peace", "economy", "freedom", "slavery", "nuclear", "jobs", "taxes",
            "education", "energy", "trade", "immigration"]
RENDER_TIMEOUT_MS = 600_000  # ten kernels starting at once on two cores take minutes
CHANGE_TIMEOUT_MS = 180_000

# The state in the share link, and a fingerprint of the speakers chart's data.
_STATE_JS = """() => {
    const a = document.querySelector('.kit-share-link');
    const el = document.querySelector('.kit-chart-speakers.js-plotly-plot');
    const href = a ? decodeURIComponent(a.getAttribute('href').replace(/\\+/g, ' ')) : '';
    const chart = el && el.data ? JSON.stringify(el.data.map(
        t => [t.name, Array.from(t.x || []), Array.from(t.y || [])])) : '';
    return [href, chart];
}"""
_SHOWN_JS = """expected => {
    const a = document.querySelector('.kit-share-link');
    return !!a && decodeURIComponent(a.getAttribute('href').replace(/\\+/g, ' '))
        .includes(expected);
}"""
_CHART_JS = """before => {
    const el = document.querySelector('.kit-chart-speakers.js-plotly-plot');
    return !!(el && el.data) && JSON.stringify(el.data.map(
        t => [t.name, Array.from(t.x || []), Array.from(t.y || [])])) !== before;
}"""
_USABLE_JS = """() => { const el = document.querySelector('.kit-chart-speakers.js-plotly-plot');
    return !!(el && el.data && el.data.length)
           && !!document.querySelector('.kit-keyword-text input')
           && !!document.querySelector('.kit-share-link'); }"""


def _processes(port: int) -> tuple[psutil.Process | None, list[psutil.Process]]:
    """The Voila process serving ``port`` and its kernels."""
    for proc in psutil.process_iter(["cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        if "-m kit.serve.voila_main" in cmd and f"--port={port}" in cmd:
            # Dashboard kernels run kit.serve.kernel_main (the first, started with the server
            # as ``--warm``, is the one the first page takes over).
            kernels = [c for c in proc.children(recursive=True)
                       if any(m in " ".join(c.cmdline())
                              for m in ("ipykernel", "kit.serve.kernel_main"))]
            return proc, kernels
    return None, []


def memory(port: int) -> dict[str, object]:
    """Unique (and resident) memory in MB of the server and of each kernel."""
    server, kernels = _processes(port)
    out: dict[str, object] = {"n_kernels": len(kernels), "kernel_uss_mb": [],
                              "kernel_rss_mb": []}
    if server is not None:
        info = server.memory_full_info()
        out["server_uss_mb"] = round(info.uss / 1e6, 1)
        out["server_rss_mb"] = round(info.rss / 1e6, 1)
    for kernel in kernels:
        try:
            info = kernel.memory_full_info()
        except psutil.NoSuchProcess:
            continue
        out["kernel_uss_mb"].append(round(info.uss / 1e6, 1))
        out["kernel_rss_mb"].append(round(info.rss / 1e6, 1))
    out["kernels_uss_total_mb"] = round(sum(out["kernel_uss_mb"]), 1)
    return out


def _change(session: int, step: int, speakers: list[str]) -> tuple[str, str, str]:
    """The ``step``-th filter change of ``session``: (kind, value, what the link then says)."""
    kind = ("keyword", "speaker", "from", "keyword", "to")[step % 5]
    if kind == "keyword":
        word = KEYWORDS[(session * 3 + step) % len(KEYWORDS)]
        return kind, word, f"q={word}"
    if kind == "speaker":
        name = speakers[(session + step // 5) % len(speakers)]
        return kind, name, f"speaker={name}"
    if kind == "from":
        day = f"{1900 + 4 * session + step // 5:04d}-01-01"
        return kind, day, f"from={day}"
    day = f"{2020 - 3 * session - step // 5:04d}-12-31"
    return kind, day, f"to={day}"


async def _apply(page, kind: str, value: str) -> None:
    if kind == "keyword":
        box = page.locator(".kit-keyword-text input")
        await box.fill(value)
        await box.press("Enter")
    elif kind == "speaker":
        select = page.locator(".kit-speakers-select select")
        labels = await select.evaluate("el => Array.from(el.options).map(o => o.text)")
        index = next(i for i, label in enumerate(labels)
                     if label.replace("\xa0", " ").startswith(value + " ("))
        await select.select_option(index=index)
    else:  # one change event with the whole date, not one per typed digit
        await page.locator(f".kit-dates-{kind} input").fill(value)


class Gate:
    """Opens once every session has rendered (or failed to): then all filter at once."""

    def __init__(self, n: int) -> None:
        self.left, self.event = n, asyncio.Event()

    def arrive(self) -> None:
        self.left -= 1
        if self.left <= 0:
            self.event.set()


async def session(browser, url: str, number: int, changes: int, speakers: list[str],
                  gate: Gate) -> dict[str, object]:
    """One visitor: open the page, wait until drawn, make ``changes`` changes; timings.

    The page and its context are returned open (keys ``page``, ``context``), so memory is
    measured with every page open; the caller closes them.
    """
    out: dict[str, object] = {"session": number, "render_s": None, "changes_ms": [],
                              "charts_changed": 0, "failures": []}
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    out["context"] = context
    page = out["page"] = await context.new_page()
    t0 = time.perf_counter()
    try:
        await page.goto(url, wait_until="commit", timeout=RENDER_TIMEOUT_MS)
        await page.wait_for_function(_USABLE_JS, timeout=RENDER_TIMEOUT_MS)
    except Exception as exc:  # noqa: BLE001 - a page that never renders is a result
        out["failures"].append(f"render: {type(exc).__name__}: {str(exc)[:120]}")
        gate.arrive()
        return out
    out["render_s"] = round(time.perf_counter() - t0, 2)
    gate.arrive()
    await gate.event.wait()
    for step in range(changes):
        kind, value, expected = _change(number, step, speakers)
        _, before = await page.evaluate(_STATE_JS)
        t = time.perf_counter()
        try:
            await _apply(page, kind, value)
            await page.wait_for_function(_SHOWN_JS, arg=expected, timeout=CHANGE_TIMEOUT_MS)
        except Exception as exc:  # noqa: BLE001 - reported per change
            out["failures"].append(f"change {step + 1} ({kind} {value}): "
                                   f"{type(exc).__name__}: {str(exc)[:120]}")
            continue
        out["changes_ms"].append(round((time.perf_counter() - t) * 1000, 1))
        try:
            await page.wait_for_function(_CHART_JS, arg=before, timeout=5_000)
            out["charts_changed"] += 1
        except Exception:  # noqa: BLE001, S110 - the same view draws the same chart
            pass
    return out


def _speakers(n: int) -> list[str]:
    """The ``n`` speakers with most words in the bundled corpus (a speaker outside a
    session's date range gives an empty view: an update too)."""
    from kit.apps.corpus_choice import default_corpus

    turns = default_corpus().turns
    words = turns.groupby("speaker", observed=True)["n_words"].sum()
    return [str(s) for s in words.sort_values(ascending=False).index[:n]]


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)  # nearest rank
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


async def run(url: str, port: int, n_sessions: int, changes: int,
              speakers: list[str]) -> dict[str, object]:
    from playwright.async_api import async_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    result: dict[str, object] = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium, headless=True,
                                           args=CHROMIUM_FLAGS)
        await asyncio.sleep(5)  # the pre-heated kernel settles
        result["memory_before"] = memory(port)
        print(f"before: {result['memory_before']}", flush=True)
        gate = Gate(n_sessions)
        sessions = await asyncio.gather(*(session(browser, url, i, changes, speakers, gate)
                                          for i in range(n_sessions)))
        result["memory_open"] = memory(port)
        print(f"all {n_sessions} pages open, after their changes: {result['memory_open']}",
              flush=True)
        for s in sessions:
            # As a closed tab: the page's beforeunload sends Voila its shutdown beacon.
            await s.pop("page").close(run_before_unload=True)
        t_closed = time.perf_counter()
        baseline = result["memory_before"]["n_kernels"]
        after = memory(port)
        while after["n_kernels"] > baseline and time.perf_counter() - t_closed < 300:
            await asyncio.sleep(2)
            after = memory(port)
        result["kernels_gone_s"] = round(time.perf_counter() - t_closed, 1)
        await asyncio.sleep(5)
        result["memory_after"] = memory(port)
        print(f"pages closed, {result['kernels_gone_s']} s later: {result['memory_after']}",
              flush=True)
        for s in sessions:
            await s.pop("context").close()
        await browser.close()
    result["sessions"] = sessions
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--changes", type=int, default=5)
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        env = _jupyter_env(Path(tmp))
        from kit.serve.cli import prepare_corpus

        prepare_corpus(env)
        speakers = _speakers(max(1, args.sessions))
        port = _free_port()
        exe = str(Path(sys.executable).parent / "turnkit")
        # Room for every session, the pre-heated kernel and a refill.
        cmd = [exe, "dashboard", "--port", str(port), "--max-kernels", str(args.sessions + 4)]
        process, url, _ = _start(cmd, env)
        try:
            result = asyncio.run(run(url, port, args.sessions, args.changes, speakers))
        finally:
            _stop(process)
    sessions = result["sessions"]
    renders = [s["render_s"] for s in sessions if s["render_s"] is not None]
    changes = [ms for s in sessions for ms in s["changes_ms"]]
    failures = [f"session {s['session']}: {f}" for s in sessions for f in s["failures"]]
    summary = {
        "machine": {"cpus": os.cpu_count(), "load_1min": round(os.getloadavg()[0], 2)},
        "sessions": args.sessions, "changes_per_session": args.changes,
        "rendered": len(renders),
        "render_median_s": round(statistics.median(renders), 1) if renders else None,
        "render_max_s": max(renders) if renders else None,
        "updates": len(changes), "updates_expected": args.sessions * args.changes,
        "update_median_ms": round(statistics.median(changes), 1) if changes else None,
        "update_p95_ms": _percentile(changes, 0.95),
        "charts_changed": sum(s["charts_changed"] for s in sessions),
        "failures": failures,
        **{k: result[k] for k in ("memory_before", "memory_open", "memory_after",
                                  "kernels_gone_s")},
        "per_session": sessions,
    }
    (OUT / "bench_load.json").write_text(json.dumps(summary, indent=2))
    opened, before, after = (summary[k] for k in ("memory_open", "memory_before",
                                                   "memory_after"))
    uss = opened["kernel_uss_mb"]
    print(f"{summary['rendered']}/{args.sessions} sessions rendered: median "
          f"{summary['render_median_s']} s, slowest {summary['render_max_s']} s")
    print(f"{summary['updates']}/{summary['updates_expected']} filter changes shown: median "
          f"{summary['update_median_ms']} ms, p95 {summary['update_p95_ms']} ms "
          f"(speakers chart redrawn with other data after {summary['charts_changed']})")
    if uss:
        print(f"memory while open: {opened['n_kernels']} kernels, unique "
              f"{statistics.median(uss):.0f} MB each (median; {min(uss):.0f}-{max(uss):.0f}), "
              f"server {opened.get('server_uss_mb')} MB unique")
    print(f"memory before: {before['n_kernels']} kernels {before['kernels_uss_total_mb']} MB, "
          f"server {before.get('server_uss_mb')} MB; after the pages closed "
          f"({summary['kernels_gone_s']} s): {after['n_kernels']} kernels "
          f"{after['kernels_uss_total_mb']} MB, server {after.get('server_uss_mb')} MB")
    for failure in failures:
        print(f"FAILED {failure}")
    print(f"wrote {OUT / 'bench_load.json'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
