"""Time the explorer dashboard as a person meets it, in headless Chromium.

Measures, on the bundled corpus (State of the Union + the example):

- launch to usable: from ``make dashboard`` (venv in place) until the explorer page in
  Chromium shows its chart and keyword box;
- reload to usable: a page reload until the chart is drawn again (median of repeats, a few
  seconds apart as a person would reload);
- filter change: typing a keyword (Enter) until the table summary *and* the chart show it
  (median), plus the kernel-side refresh time for the same keywords measured in-process;
- memory: resident and unique memory of each kernel Voila runs (the page's and the
  pre-heated one), and of Voila itself.

With ``--synthetic-mb N`` (default 100) the kernel-side refresh is also timed on the
synthetic corpus of ``benchmarks/synth.py``; add ``--browser-synthetic`` to serve it and time
the browser too (reading 100 MB per kernel takes a while).

With ``--launches N`` (default 5) the launch is also timed over N fresh launches (median).

Usage: ``.venv/bin/python benchmarks/bench_dashboard.py [--repeats 7] [--synthetic-mb 100]``.
Prints one line per figure and writes ``benchmarks/out/bench_dashboard.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
KEYWORDS = ["war", "peace", "economy", "freedom", "slavery", "nuclear", '"health care"', "jobs"]
SYNTH_KEYWORDS = ["NATO", "sanctions", '"nuclear power plant"', "Ukraine", "ceasefire", "energy",
                  "refugees", "inflation"]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Offline, as these machines are: other hosts fail at name resolution. (Playwright's
    # request interception would do it too, but it routes every request of the page through
    # the driver, which adds its own delay to the figures measured.)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


def _median_ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def _free_port() -> int:
    from kit.serve.cli import free_port

    return free_port()


def _jupyter_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        (tmp / var).mkdir(exist_ok=True)
        env[var] = str(tmp / var)
    # A person's shell writes bytecode caches; a venv installed by uv ships none.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _start(cmd: list[str], env: dict[str, str]) -> tuple[subprocess.Popen, str, float]:
    """Start the server command; return the process, the URL it prints and the time it took."""
    t0 = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            raise RuntimeError(f"{cmd} exited with {process.returncode}")
        if "/voila/render/explorer.ipynb" in line:
            url = line.split()[-1]
            return process, url, t0
    raise TimeoutError("no URL printed")


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if process.stdout:
        process.stdout.close()


def _wait_usable(page, timeout_ms: float = 300_000) -> None:
    page.wait_for_function(
        """() => { const el = document.querySelector('.kit-chart-speakers.js-plotly-plot');
                   return !!(el && el.data && el.data.length)
                          && !!document.querySelector('.kit-keyword-text input'); }""",
        timeout=timeout_ms)


def _change_keyword(page, keyword: str) -> float:
    """Type ``keyword`` and Enter; seconds until summary and chart both show it."""
    from kit.terms.query import split_query
    from kit.terms.tokens import tokenize_text

    terms = split_query(keyword)
    names = [" ".join(t.lower() for t in tokenize_text(term)) for term in terms]
    box = page.locator(".kit-keyword-text input")
    box.fill(keyword)
    t0 = time.perf_counter()
    box.press("Enter")
    page.wait_for_function(
        """([term, names]) => {
            const s = document.querySelector('.kit-summary');
            const el = document.querySelector('.kit-chart-speakers.js-plotly-plot');
            return s && s.innerText.includes('“' + term + '”') && el && el.data
                   && el.data.map(t => t.name).join('|') === names.join('|'); }""",
        arg=[terms[0], names], timeout=60_000)
    return time.perf_counter() - t0


def _memory(port: int) -> dict[str, float]:
    """Memory (MB) of the Voila serving ``port`` and of each of its kernels."""
    out: dict[str, float] = {}
    for proc in psutil.process_iter(["cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        if "-m kit.serve.voila_main" in cmd and f"--port={port}" in cmd:
            out["voila_rss_mb"] = round(proc.memory_info().rss / 1e6, 1)
            # Dashboard kernels run kit.serve.kernel_main (ipykernel without its debugger).
            kernels = [c for c in proc.children(recursive=True)
                       if any(m in " ".join(c.cmdline())
                              for m in ("ipykernel", "kit.serve.kernel_main"))]
            for i, kernel in enumerate(kernels):
                info = kernel.memory_full_info()
                out[f"kernel{i}_rss_mb"] = round(info.rss / 1e6, 1)
                out[f"kernel{i}_uss_mb"] = round(info.uss / 1e6, 1)
    return out


def browser_run(cmd: list[str], env: dict[str, str], keywords: list[str], repeats: int,
                settle_s: float, label: str) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is not installed: apt-get install -y chromium")
    result: dict[str, object] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        process, url, t0 = _start(cmd, env)
        try:
            t_url = time.perf_counter() - t0
            page.goto(url, wait_until="commit", timeout=300_000)
            _wait_usable(page)
            result["launch_to_usable_s"] = round(time.perf_counter() - t0, 2)
            result["launch_to_url_s"] = round(t_url, 2)
            print(f"[{label}] launch to usable: {result['launch_to_usable_s']} s "
                  f"(server printed its URL after {t_url:.2f} s)", flush=True)
            reloads = []
            for _ in range(repeats):
                time.sleep(settle_s)
                t = time.perf_counter()
                page.reload(wait_until="commit", timeout=300_000)
                _wait_usable(page)
                reloads.append(time.perf_counter() - t)
            result["reload_to_usable_s"] = [round(x, 2) for x in reloads]
            result["reload_to_usable_median_s"] = round(statistics.median(reloads), 2)
            print(f"[{label}] reload to usable chart: median "
                  f"{result['reload_to_usable_median_s']} s of {result['reload_to_usable_s']}",
                  flush=True)
            # As a person reads the page first: the kernel Voila starts to replace the one
            # the last reload took runs the notebook meanwhile, and is not timed against.
            time.sleep(settle_s)
            changes, failed = [], []
            for kw in keywords:
                try:
                    changes.append(_change_keyword(page, kw))
                except Exception as exc:  # noqa: BLE001 - a timeout is a result to report
                    failed.append(f"{kw}: {type(exc).__name__}")
            result["filter_change_ms"] = [round(x * 1000, 1) for x in changes]
            result["filter_change_failed"] = failed
            result["filter_change_median_ms"] = _median_ms(changes) if changes else None
            if failed:
                print(f"[{label}] keyword changes that did not show within 60 s: {failed}",
                      flush=True)
            print(f"[{label}] keyword change to table + chart updated: median "
                  f"{result['filter_change_median_ms']} ms of {result['filter_change_ms']}",
                  flush=True)
            port = int(url.split(":")[2].split("/")[0])
            time.sleep(2)
            result["memory"] = _memory(port)
            print(f"[{label}] memory: {result['memory']}", flush=True)
        finally:
            _stop(process)
            browser.close()
    return result


def launch_runs(cmd: list[str], env: dict[str, str], n: int, label: str) -> dict[str, object]:
    """Time ``n`` launches, each a fresh server and a fresh browser page: median and all."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is not installed: apt-get install -y chromium")
    times = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, headless=True,
                                     args=CHROMIUM_FLAGS)
        for _ in range(n):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            time.sleep(2)  # a quiet machine, as a person's browser is already open
            process, url, t0 = _start(cmd, env)
            try:
                page.goto(url, wait_until="commit", timeout=300_000)
                _wait_usable(page)
                times.append(time.perf_counter() - t0)
            finally:
                _stop(process)
                context.close()
        browser.close()
    out = {"launch_to_usable_s": [round(x, 2) for x in times],
           "launch_to_usable_median_s": round(statistics.median(times), 2)}
    print(f"[{label}] launch to usable, {n} fresh launches: median "
          f"{out['launch_to_usable_median_s']} s of {out['launch_to_usable_s']}", flush=True)
    return out


def _cached_load_s(folder: Path, env: dict[str, str]) -> float:
    """Seconds a fresh process takes to open ``folder`` as a dashboard does (cache filled)."""
    code = ("import time, sys; t = time.perf_counter(); "
            "from kit.apps.corpus_choice import dashboard_corpus; dashboard_corpus(sys.argv[1]); "
            "print(time.perf_counter() - t)")
    for _ in range(2):  # the first run fills the cache if it is empty
        out = subprocess.run([sys.executable, "-c", code, str(folder)], env=env, check=True,
                             capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def kernel_run(corpus, keywords: list[str], label: str) -> dict[str, object]:
    """Build the explorer in this process and time its refresh for each keyword."""
    import plotly.graph_objects as go

    from kit.apps import Explorer
    from kit.apps.figurewidget import skip_slow_optional_imports

    os.environ.setdefault("TURNKIT_PLOTLY_ESM", "voila/labextensions/x.js")  # as in a kernel
    skip_slow_optional_imports()
    go.FigureWidget  # noqa: B018 - imported before the build is timed, as in a kernel
    t0 = time.perf_counter()
    corpus.tokens  # noqa: B018 - built once, as the dashboard does
    t_tokens = time.perf_counter() - t0
    t1 = time.perf_counter()
    app = Explorer(corpus, upload=False)
    t_build = time.perf_counter() - t1
    times, computes, stages = [], [], {}
    for kw in keywords:
        app.keyword.text.value = kw
        times.append(app.last_refresh_ms / 1000)
        computes.append(app.view.timings_ms["total"] / 1000)
        for stage in ("table", "figures", "widgets"):
            stages.setdefault(stage, []).append(app.view.timings_ms[stage] / 1000)
    speaker = str(corpus.speaker_names[0])
    app.speakers.select.value = (speaker,)
    with_speaker = app.last_refresh_ms
    out = {"tokens_s": round(t_tokens, 2), "explorer_build_s": round(t_build, 2),
           "refresh_ms": [round(x * 1000, 1) for x in times],
           "refresh_median_ms": _median_ms(times),
           "compute_median_ms": _median_ms(computes),
           **{f"{k}_median_ms": _median_ms(v) for k, v in stages.items()},
           "speaker_change_ms": round(with_speaker, 1)}
    print(f"[{label}] kernel side: tokens {out['tokens_s']} s, explorer build "
          f"{out['explorer_build_s']} s, keyword refresh median {out['refresh_median_ms']} ms "
          f"(compute {out['compute_median_ms']}, table {out['table_median_ms']}, figures "
          f"{out['figures_median_ms']}, widgets {out['widgets_median_ms']} ms), speaker change "
          f"{out['speaker_change_ms']} ms",
          flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--settle", type=float, default=8.0,
                        help="seconds between reloads (the pre-heated kernel refills)")
    parser.add_argument("--synthetic-mb", type=float, default=100.0)
    parser.add_argument("--browser-synthetic", action="store_true")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--launches", type=int, default=5,
                        help="fresh launches to time (median), besides the main browser run")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results: dict[str, object] = {"machine": {"cpus": os.cpu_count(),
                                              "load_1min": os.getloadavg()[0]}}
    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as tmp:
        env = _jupyter_env(Path(tmp))
        if not args.skip_browser:
            from kit.serve.cli import prepare_corpus

            # Launch is timed with the corpus cache filled, as every start after the first
            # finds it (the first start reads the corpus once, before serving).
            prepare_corpus(env)
            if args.launches > 0:
                port = _free_port()
                results["bundled_launches"] = launch_runs(
                    ["make", "--no-print-directory", "dashboard", f"PORT={port}"], env,
                    args.launches, "bundled")
            port = _free_port()
            results["bundled_browser"] = browser_run(
                ["make", "--no-print-directory", "dashboard", f"PORT={port}"], env, KEYWORDS,
                args.repeats, args.settle, "bundled")
        from kit.apps.corpus_choice import default_corpus

        t = time.perf_counter()
        corpus = default_corpus()
        print(f"[bundled] read in {time.perf_counter() - t:.2f} s: {corpus}", flush=True)
        results["bundled_kernel"] = kernel_run(corpus, KEYWORDS, "bundled")
        if args.synthetic_mb > 0:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from synth import write_synthetic_corpus

            import kit

            folder = OUT / f"synth-{args.synthetic_mb:g}mb"
            if not folder.exists():
                write_synthetic_corpus(folder, args.synthetic_mb)
            t = time.perf_counter()
            big = kit.read_transcripts(folder, progress=False)
            t_read = time.perf_counter() - t
            print(f"[synthetic {args.synthetic_mb:g} MB] read in {t_read:.1f} s: {big}",
                  flush=True)
            t_cached = _cached_load_s(folder, env)
            print(f"[synthetic {args.synthetic_mb:g} MB] a dashboard kernel opens it from the "
                  f"cache in {t_cached:.1f} s (fresh process)", flush=True)
            del big
            # As a dashboard kernel has it: the tables mapped from the cache.
            from kit.apps.corpus_choice import dashboard_corpus

            cached = dashboard_corpus(folder)
            results["synthetic_kernel"] = {"read_s": round(t_read, 1),
                                           "cached_load_s": round(t_cached, 1),
                                           **kernel_run(cached, SYNTH_KEYWORDS, "synthetic")}
            del cached
            if args.browser_synthetic and not args.skip_browser:
                from kit.serve.cli import CORPUS_ENV, prepare_corpus

                prepare_corpus({**env, CORPUS_ENV: str(folder)})
                port = _free_port()
                exe = str(Path(sys.executable).parent / "turnkit")
                results["synthetic_browser"] = browser_run(
                    [exe, "dashboard", str(folder), "--port", str(port)], env, SYNTH_KEYWORDS,
                    max(1, args.repeats // 2), args.settle * 4, "synthetic")
    (OUT / "bench_dashboard.json").write_text(json.dumps(results, indent=2))
    print(f"wrote {OUT / 'bench_dashboard.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
