"""Server memory against the number of distinct views readers open, the explainer beside the bare Streamlit app.

    python bench/memory.py [--views 48] [--every 4] [--json bench/out/memory.json]

Starts `streamlit run streamlit_app.py` and `streamlit run bench/bare_app.py`, each on a free port. For the
explainer: one visit of every page, then VIEWS distinct "Every possible world" links (every preset × currency rule
× range rule × basis rule, then other outputs), each opened in a fresh browser page and waited for until its
histogram is drawn. For the bare app: the same number of page loads with distinct links. After every EVERY views
the server's resident memory (VmRSS of the streamlit process, from /proc) is read. Prints one table; a benchmark,
not a test: nothing is asserted.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from browser_support import REPO_ROOT, chromium_missing, free_port, launch  # noqa: E402

PAGES = ("", "cap_table", "compute", "sources", "scorecard", "worlds", "timeline", "factbase")
PRESETS = ("trust", "low", "high", "mid", "latest", "outcome")
OUTPUTS = ("stake:amazon", "post", "pre", "total", "circularity:amazon")  # the first is the page's default
LIMIT_MB = 690  # the smallest memory Streamlit Community Cloud gives an app


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (VmRSS)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def worlds_links(n: int) -> list[str]:
    """N distinct worlds views: rules × presets first, then each again with another output."""
    rules = list(itertools.product(PRESETS, ("convert", "base"), ("mid", "low", "high"), ("post", "pre")))
    links = []
    for output in OUTPUTS:
        for preset, fx, ranges, basis in rules:
            q = f"preset={preset}&fx={fx}&ranges={ranges}&basis={basis}"
            links.append(f"worlds?{q}" + (f"&worlds_output={output}" if output != OUTPUTS[0] else ""))
    return links[:n]


class Server:
    def __init__(self, script: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port",
             str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false"],
            cwd=REPO_ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            env=dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false"))
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.log.seek(0)
                raise RuntimeError(f"{script} did not start:\n{self.log.read().decode()[-3000:]}")
            time.sleep(0.2)

    def rss(self) -> float:
        return rss_mb(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)
        self.log.close()


def open_view(context, url: str, selector: str, timeout: float = 300_000) -> None:
    """Open URL in a fresh page and wait until the app's run is over and SELECTOR is drawn."""
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_selector(f'[data-testid="stApp"][data-test-script-state="notRunning"] {selector}',
                               timeout=timeout)
    finally:
        page.close()


def measure(views: int, every: int) -> dict:
    from playwright.sync_api import sync_playwright

    rows: dict[str, list[tuple[int, float]]] = {"explainer": [], "bare app": []}
    with sync_playwright() as p:
        browser = launch(p)
        app = Server("streamlit_app.py")
        try:
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            rows["explainer"].append((-1, app.rss()))  # -1: started, nothing opened
            for name in PAGES:
                open_view(ctx, f"{app.base}/{name}", "h1")
            rows["explainer"].append((0, app.rss()))
            for i, link in enumerate(worlds_links(views), 1):
                open_view(ctx, f"{app.base}/{link}", ".js-plotly-plot")
                if i % every == 0 or i == views:
                    rows["explainer"].append((i, app.rss()))
                    print(f"explainer: {i} views, {rows['explainer'][-1][1]:.0f} MB", file=sys.stderr)
        finally:
            app.stop()
        bare = Server(str(HERE / "bare_app.py"))
        try:
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})
            rows["bare app"].append((-1, bare.rss()))
            open_view(ctx, bare.base, ".js-plotly-plot")
            rows["bare app"].append((0, bare.rss()))
            for i in range(1, views + 1):
                open_view(ctx, f"{bare.base}/?choice={('low', 'mid', 'high')[i % 3]}&view={i}", ".js-plotly-plot")
                if i % every == 0 or i == views:
                    rows["bare app"].append((i, bare.rss()))
        finally:
            bare.stop()
        browser.close()
    return rows


def table(rows: dict[str, list[tuple[int, float]]]) -> str:
    steps = [n for n, _ in rows["explainer"]]
    bare = dict(rows["bare app"])
    lines = ["| distinct worlds views | explainer RSS (MB) | bare app RSS (MB) |", "|---:|---:|---:|"]
    for n, mb in rows["explainer"]:
        label = "started" if n == -1 else "every page once" if n == 0 else str(n)
        lines.append(f"| {label} | {mb:.0f} | {bare[n]:.0f} |" if n in bare else f"| {label} | {mb:.0f} | |")
    peak = max(mb for _, mb in rows["explainer"])
    lines.append(f"\nPeak {peak:.0f} MB against Community Cloud's smallest allowance of {LIMIT_MB} MB "
                 f"({'within' if peak <= LIMIT_MB else 'OVER'}).")
    return "\n".join(lines) + f"\nSteps: {steps}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--views", type=int, default=48)
    ap.add_argument("--every", type=int, default=4)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    if (msg := chromium_missing()):
        print(msg, file=sys.stderr)
        return 2
    rows = measure(args.views, args.every)
    print(table(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
