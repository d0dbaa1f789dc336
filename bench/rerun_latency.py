"""Rerun latency of a belief change, the explainer against a bare Streamlit app, in headless Chromium.

    python bench/rerun_latency.py [--n 30] [--warmup 3] [--first 10] [--json bench/out/rerun_latency.json]

Starts `streamlit run streamlit_app.py` and `streamlit run bench/bare_app.py` on free ports and changes a sidebar
selectbox N times in each app, each in its own browser context. The cap-table rows and the bare app take turns,
change by change, so that a busy spell of the machine falls on all of them alike; the other rows (--pages,
--profile) follow one at a time (--one-at-a-time: every row's changes in a row, as before). One sample is the
time, on the page's own clock, from the press on the new option until the script run has finished
(data-test-script-state went to "running" and back to "notRunning"; a run so quick that the DOM never shows
"running" counts as finished once the new figure is there and the state is "notRunning") AND the watched plotly
figure shows data different from before the change. Also reported: when the run finished (script), when
the figure changed (figure), and the websocket bytes the server sent for the rerun; and a first visit: from the
start of the navigation until the figure is drawn, each in a fresh browser context.

A benchmark, not a test: it prints a table and never asserts on time.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import platform
import shlex
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from browser_support import (CAP_TABLE_PLOT, READY, REPO_ROOT, chromium_missing, launch,  # noqa: E402
                             streamlit_server)
from playwright.sync_api import expect  # noqa: E402

expect.set_options(timeout=60_000)  # as the pages' own default timeout below

# Installed before each change: notes the press on the option (t0), the end of the script run, the figure change.
ARM = """(selector) => {
  const el = () => document.querySelector(selector);
  // a plotly figure's data, or any other element's text (the preset's caption, on a page whose charts do not follow it)
  const snap = () => { const e = el(); return !e ? null : e.data ? JSON.stringify(e.data.map(t => [t.x, t.y]))
                                                         : e.classList.contains('js-plotly-plot') ? null : e.textContent; };
  const b = window.__bench = {before: snap(), t0: null, seenRunning: false, tScript: null, tFigure: null, tDone: null};
  if (window.__benchObs) window.__benchObs.disconnect();
  if (window.__benchTimer) clearInterval(window.__benchTimer);
  const check = (records) => {
    if (b.t0 === null || b.tDone !== null) return;
    const app = document.querySelector('[data-testid="stApp"]');
    const st = app && app.getAttribute('data-test-script-state');
    const now = performance.now();
    // a quick run can go running -> notRunning between two callbacks: the records keep the old value
    for (const r of records || [])
      if (r.attributeName === 'data-test-script-state' && r.oldValue === 'running') b.seenRunning = true;
    if (st === 'running') b.seenRunning = true;
    if (b.tFigure === null) { const s = snap(); if (s !== null && s !== b.before) b.tFigure = now; }
    // The run is over when the state is notRunning after it was seen running, or after the new figure came (a
    // run the frontend finishes within one render never shows "running" in the DOM; the new figure proves it).
    if (b.tScript === null && st === 'notRunning' && (b.seenRunning || b.tFigure !== null)) b.tScript = now;
    if (b.tScript !== null && b.tFigure !== null) {
      b.tDone = now;
      window.__benchObs.disconnect();
      clearInterval(window.__benchTimer);
    }
  };
  // the press that picks the option starts the clock
  document.addEventListener('pointerdown', () => { if (b.t0 === null) b.t0 = performance.now(); },
                            {capture: true, once: true});
  window.__benchObs = new MutationObserver(check);
  window.__benchObs.observe(document.documentElement,
                            {attributes: true, attributeOldValue: true, childList: true, subtree: true});
  window.__benchTimer = setInterval(() => check([]), 2);  // plotly may redraw a canvas without a DOM mutation
}"""

FIGURE = CAP_TABLE_PLOT
PRESET_SWITCH = ("Preset", ["low", "high"])
AMAZON_SWITCH = ("Amazon's investment in the round",
                 ["Article 002: at least 10 bn USD", "Round closed (31 Mar 2026): 50 bn USD"])
# name, script, URL path, (selectbox label, options to alternate), figure selector, extra environment
APPS = [
    ("explainer, preset", "streamlit_app.py", "cap_table", PRESET_SWITCH, FIGURE, {}),
    ("explainer, Amazon pick", "streamlit_app.py", "cap_table", AMAZON_SWITCH, FIGURE, {}),
    # a visit without a link starts with the dilution section closed (one chart); a link made before 30 Nov 2026
    # opens it (three charts), as cap_more=true does
    ("explainer, preset, dilution charts open", "streamlit_app.py", "cap_table?cap_more=true", PRESET_SWITCH,
     FIGURE, {}),
    ("bare app", "bench/bare_app.py", "", ("Choice", ["low", "high"]), ".st-key-bare_figure .js-plotly-plot", {}),
]
# --profile: the cap-table page rebuilt part by part (bench/variant_app.py), to see where the time goes
VARIANTS = [
    ("variant: engine + cap-table figure", {"BENCH_PARTS": ""}),
    ("variant: + belief panel", {"BENCH_PARTS": "panel"}),
    ("variant: + 2 more figures", {"BENCH_PARTS": "figures"}),
    ("variant: + table & evidence", {"BENCH_PARTS": "table"}),
    ("variant: + share link & downloads", {"BENCH_PARTS": "footer"}),
    ("variant: all parts", {"BENCH_PARTS": "panel,figures,table,footer"}),
    ("variant: all parts, no per-topic captions", {"BENCH_PARTS": "panel,figures,table,footer,nocaptions"}),
    ("variant: all parts, static plots", {"BENCH_PARTS": "panel,figures,table,footer,static"}),
    ("variant: all parts, lazy downloads", {"BENCH_PARTS": "panel,figures,table,footer,lazydl"}),
    ("variant: all parts, all three changes", {"BENCH_PARTS": "panel,figures,table,footer,nocaptions,static,lazydl"}),
]


TARGET = ("explainer, preset", "explainer, Amazon pick")
PRESET_CAPTION = '[data-testid="stSidebar"] [data-testid="stCaptionContainer"]'  # the first: the preset's own
# --pages: a preset change on every page, watching a chart that follows the preset or else the preset's caption
PAGES = [("overview", "", PRESET_CAPTION), ("cap_table", "cap_table", FIGURE),
         ("compute", "compute", PRESET_CAPTION), ("sources", "sources", PRESET_CAPTION),
         ("scorecard", "scorecard", PRESET_CAPTION), ("worlds", "worlds", PRESET_CAPTION),
         ("timeline", "timeline", PRESET_CAPTION), ("factbase", "factbase", PRESET_CAPTION)]
FIRST_VISIT = ("explainer, preset", "bare app")  # the cap-table page and the bare app, on a first visit
LOST: dict[str, list] = {}  # changes that never completed, by selectbox and server (reported, not measured)
CDP = {"js": "ScriptDuration", "layout": "LayoutDuration", "style": "RecalcStyleDuration", "task": "TaskDuration"}


def pct(values: list[float], p: float) -> float:
    """The p-th percentile, linear between closest ranks."""
    s = sorted(values)
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


class Changes:
    """One app's page, open in its own browser context, changing a sidebar selectbox one change at a time (so that
    the apps can take turns: a busy spell of the machine then falls on all of them alike)."""

    def __init__(self, browser, name: str, base: str, path: str, switch: tuple[str, list[str]], figure: str,
                 n: int, warmup: int):
        self.name, self.base, self.figure, self.n, self.warmup = name, base, figure, n, warmup
        self.label, self.options = switch
        self.ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = self.page = self.ctx.new_page()
        page.set_default_timeout(60_000)
        self.received = {"bytes": 0, "frames": 0}

        def on_ws(ws):
            def count(payload):
                self.received["bytes"] += len(payload)
                self.received["frames"] += 1
            ws.on("framereceived", count)

        page.on("websocket", on_ws)
        self.cdp = self.ctx.new_cdp_session(page)
        self.cdp.send("Performance.enable")
        page.goto(f"{base}/{path}")
        # the figure is drawn (so the app's final run has sent it), then the run is over
        page.wait_for_function(f"() => {{ const e = document.querySelector({json.dumps(figure)}); "
                               "return !!(e && (e.data ? e.data.length : !e.classList.contains('js-plotly-plot'))); }")
        expect(page.locator(READY)).to_have_count(1)
        page.wait_for_timeout(1000)
        self.box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=self.label, exact=True)
        self.samples: list[dict] = []
        self.lost: list[dict] = []
        self.tries = 0

    @property
    def done(self) -> bool:
        return len(self.samples) >= self.n or self.tries >= self.warmup + self.n + 10

    def metrics(self) -> dict[str, float]:
        return {m["name"]: m["value"] for m in self.cdp.send("Performance.getMetrics")["metrics"]}

    def change(self) -> None:
        """One change to the other option; a sample once the warm-up changes are over."""
        page, box, i = self.page, self.box, self.tries
        self.tries += 1
        option = self.options[i % 2]
        if box.input_value() == option:
            option = self.options[(i + 1) % 2]
        box.scroll_into_view_if_needed()  # a click while the sidebar still scrolls only focuses the box
        page.wait_for_timeout(200)
        box.click()
        target = page.get_by_role("option", name=option, exact=True)
        try:
            target.wait_for(timeout=3_000)
        except PlaywrightTimeout:
            page.keyboard.press("ArrowDown")  # the box has the focus: the keyboard opens the list
            target.wait_for()
        page.evaluate(ARM, self.figure)
        self.received.update(bytes=0, frames=0)
        m0 = self.metrics()
        target.click()
        try:
            page.wait_for_function("() => window.__bench.tDone !== null", polling=20, timeout=15_000)
        except PlaywrightTimeout:
            state = page.evaluate("() => ({...window.__bench, before: undefined, now: document.querySelector("
                                  "'[data-testid=stApp]').getAttribute('data-test-script-state')})")
            self.lost.append({"option": option, "shown": box.input_value(), **state})
            print(f"  lost a change to {option!r}: {self.lost[-1]}", file=sys.stderr)
            page.keyboard.press("Escape")
            expect(page.locator(READY)).to_have_count(1)
            page.wait_for_timeout(500)
            return
        m1 = self.metrics()
        r = page.evaluate("() => window.__bench")
        page.wait_for_timeout(150)  # let trailing messages land before the next change
        if i >= self.warmup:
            self.samples.append({"total": r["tDone"] - r["t0"], "script": r["tScript"] - r["t0"],
                                 "figure": r["tFigure"] - r["t0"], "ws_bytes": self.received["bytes"],
                                 "ws_frames": self.received["frames"],
                                 # the browser's main thread during the change (CDP Performance metrics, ms)
                                 **{k: (m1.get(cdp_name, 0) - m0.get(cdp_name, 0)) * 1000
                                    for k, cdp_name in CDP.items()}})

    def close(self) -> list[dict]:
        if self.lost:
            print(f"  {self.name}: {len(self.lost)} change(s) never completed (see above)", file=sys.stderr)
        LOST[self.name + " @ " + self.base] = self.lost
        self.ctx.close()
        return self.samples


def take_turns(apps: list[Changes]) -> None:
    """Every app one change, in turn, until each has its samples."""
    while not all(a.done for a in apps):
        for a in apps:
            if not a.done:
                a.change()


FIRST_CHART = """(selector) => {
  window.__firstChart = null;
  const poll = setInterval(() => {
    const e = document.querySelector(selector);
    if (e && e.data && e.data.length && e.querySelector('.main-svg')) {
      window.__firstChart = performance.now();  // ms since the navigation started
      clearInterval(poll);
    }
  }, 2);
}"""


def first_visit(browser, base: str, path: str, figure: str, n: int) -> list[dict]:
    """A first visit, N times, each in a fresh browser context (no cache, a new session): the time from the start of
    the navigation until the watched figure is drawn."""
    samples = []
    for _ in range(n):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        page.add_init_script(f"({FIRST_CHART})({json.dumps(figure)})")
        page.goto(f"{base}/{path}")
        page.wait_for_function("() => window.__firstChart !== null", polling=20)
        samples.append({"total": page.evaluate("() => window.__firstChart")})
        expect(page.locator(READY)).to_have_count(1)
        ctx.close()
    return samples


def script_times(script: str, page: str | None, key: str, values: list[str], n: int) -> list[float]:
    """Milliseconds the server spends running the script for one change, in-process (AppTest), no browser."""
    import time

    import streamlit.runtime.scriptrunner.script_runner as script_runner
    from streamlit.testing.v1 import AppTest

    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from pages._parts import ignore_pages_folder

    times: list[float] = []
    original_exec = script_runner.exec_func_with_error_handling

    def timed(func, ctx):
        def run():
            t = time.perf_counter()
            try:
                return func()
            finally:
                times.append((time.perf_counter() - t) * 1000)
        return original_exec(run, ctx)

    script_runner.exec_func_with_error_handling = timed
    _, restore = ignore_pages_folder(in_app_test=True)  # as a served app after its first request
    try:
        at = AppTest.from_file(str(REPO_ROOT / script), default_timeout=60).run()
        if page:
            at.switch_page(page).run()
        times.clear()
        for i in range(n):
            at.selectbox(key=key).set_value(values[i % 2]).run()
            assert not at.exception, at.exception
    finally:
        script_runner.exec_func_with_error_handling = original_exec
        restore()
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=30, help="measured changes per app (default 30)")
    ap.add_argument("--warmup", type=int, default=3, help="changes before measuring (default 3)")
    ap.add_argument("--pages", type=int, default=0,
                    help="also change the preset N times on every page of the explainer (default 0: not)")
    ap.add_argument("--first", type=int, default=10, help="first visits per app (default 10; 0: none)")
    ap.add_argument("--json", type=Path, help="also write the samples and the table here")
    ap.add_argument("--profile", action="store_true",
                    help="also measure bench/variant_app.py part by part (where the time goes)")
    ap.add_argument("--one-at-a-time", action="store_true",
                    help="each app's changes in a row instead of the apps taking turns, change by change")
    ap.add_argument("--only", action="append", default=[],
                    help="measure only the apps whose name contains this (repeatable; the bare app always runs)")
    args = ap.parse_args(argv)
    missing = chromium_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    results, firsts = {}, {}
    with sync_playwright() as pw, contextlib.ExitStack() as stack:
        browser = launch(pw)
        stack.callback(browser.close)
        bases: dict[tuple, str] = {}
        apps = list(APPS)
        if args.pages:
            apps += [(f"page {name}: preset", "streamlit_app.py", path, PRESET_SWITCH, sel, {})
                     for name, path, sel in PAGES]
        if args.profile:
            apps += [(name, "bench/variant_app.py", "", PRESET_SWITCH, FIGURE, env) for name, env in VARIANTS]
        if args.only:
            apps = [a for a in apps if a[0] == "bare app" or any(o in a[0] for o in args.only)]
        # The cap-table rows and the bare app take turns, change by change, each in its own browser context, so that
        # a busy spell of the machine falls on all of them alike; the other rows (--pages, --profile) come after, one
        # at a time, as every row did with --one-at-a-time (more pages open at once load the machine themselves: with
        # all twelve in turns, the bare app's p50 rose from about 160 to 184 ms)
        first = [a for a in apps if a[0] == "bare app" or a[0].startswith("explainer,")]  # TARGET among them
        groups = ([[a] for a in apps] if args.one_at_a_time
                  else [first] + [[a] for a in apps if a not in first])
        for group in groups:
            changes = []
            for name, script, path, switch, figure, env in group:
                key = (script, tuple(sorted(env.items())))
                if key not in bases:
                    bases[key] = stack.enter_context(streamlit_server(script, env=env))
                print(f"measuring {name} ...", file=sys.stderr)
                n = args.pages if name.startswith("page ") else args.n
                changes.append(Changes(browser, name, bases[key], path, switch, figure, n, args.warmup))
            take_turns(changes)
            for c in changes:
                results[c.name] = c.close()
        # first visits, the two apps taking turns so that a busy spell of the machine falls on both
        for _i in range(args.first):
            for name, script, path, _, figure, env in [a for a in apps if a[0] in FIRST_VISIT]:
                base = bases[(script, tuple(sorted(env.items())))]
                firsts.setdefault(name, []).extend(first_visit(browser, base, path, figure, 1))

    bare = results["bare app"]
    bare50, bare95 = pct([s["total"] for s in bare], 50), pct([s["total"] for s in bare], 95)
    rows = []
    for name, samples in results.items():
        tot = [s["total"] for s in samples]
        rows.append({"app": name, "n": len(samples), "p50": pct(tot, 50), "p95": pct(tot, 95),
                     "ratio50": pct(tot, 50) / bare50, "ratio95": pct(tot, 95) / bare95,
                     "script50": statistics.median(s["script"] for s in samples),
                     "figure50": statistics.median(s["figure"] for s in samples),
                     "kb": statistics.median(s["ws_bytes"] for s in samples) / 1000,
                     **{k: statistics.median(s[k] for s in samples) for k in CDP},
                     "frames": statistics.median(s["ws_frames"] for s in samples)})

    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    command = "python " + " ".join(shlex.quote(a) for a in [str(Path(sys.argv[0]))] + (argv or sys.argv[1:]))
    print("Rerun latency of a belief change: sidebar selectbox -> script run finished and figure updated")
    print(f"date: {when}; command: {command}")
    print(f"machine: {platform.platform()}, {platform.python_version()}; headless Chromium {chromium_version()}")
    print()
    print("| app | n | p50 ms | p95 ms | ratio to bare (p50 / p95) |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['app']} | {r['n']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['ratio50']:.2f}× / {r['ratio95']:.2f}× |")
    print()
    print("Where the time goes (medians per change; browser main thread from Chrome's Performance metrics):")
    print()
    print("| app | run finished ms | figure changed ms | websocket kB (frames) | browser busy ms | JS ms "
          "| layout ms | style ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['app']} | {r['script50']:.0f} | {r['figure50']:.0f} | {r['kb']:.1f} ({r['frames']:.0f}) "
              f"| {r['task']:.0f} | {r['js']:.0f} | {r['layout']:.0f} | {r['style']:.0f} |")
    if args.profile:
        print()
        print("Server side: one script run for a change, in-process with AppTest (no browser, no network):")
        print()
        print("| app | n | p50 ms | p95 ms |")
        print("|---|---:|---:|---:|")
        for name, script, page, key, values in [
                ("explainer, preset", "streamlit_app.py", "pages/cap_table.py", "preset", ["low", "high"]),
                ("bare app", "bench/bare_app.py", None, "choice", ["low", "high"])]:
            t = script_times(script, page, key, values, args.n)
            print(f"| {name} | {len(t)} | {pct(t, 50):.1f} | {pct(t, 95):.1f} |")
    lost = sum(len(v) for v in LOST.values())
    if lost:
        print(f"\n{lost} change(s) never completed within 15 s and are not in the samples (details on stderr).")
    if firsts:
        print()
        print("First visit: from the start of the navigation until the figure is drawn (fresh context each time):")
        print()
        print("| app | n | p50 ms | p95 ms | ratio to bare (p50 / p95) |")
        print("|---|---:|---:|---:|---:|")
        f_bare = [s["total"] for s in firsts["bare app"]]
        for name, samples in firsts.items():
            tot = [s["total"] for s in samples]
            rows.append({"app": f"first visit: {name}", "n": len(tot), "p50": pct(tot, 50), "p95": pct(tot, 95),
                         "ratio50": pct(tot, 50) / pct(f_bare, 50), "ratio95": pct(tot, 95) / pct(f_bare, 95)})
            r = rows[-1]
            print(f"| {name} | {r['n']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['ratio50']:.2f}× / {r['ratio95']:.2f}× |")
    target = [r for r in rows if r["app"] in TARGET]
    met = all(r["ratio50"] <= 1.5 and r["ratio95"] <= 1.5 for r in target)
    first = [r for r in rows if r["app"] == "first visit: explainer, preset"]
    print()
    # both rows measured, or the target is not judged (a run with --only may leave one out)
    verdict = ("not judged: " + ", ".join(sorted(set(TARGET) - {r["app"] for r in target})) + " not measured"
               if len(target) < len(TARGET) else "met" if met else "NOT met")
    print(f"Target (cap-table page's preset change and pick within 1.5× the bare app, p50 and p95): {verdict}.")
    if first:
        print(f"Target (first chart on a first visit within 1.3× the bare app, p50): "
              f"{'met' if first[0]['ratio50'] <= 1.3 else 'NOT met'}.")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"date": when, "command": command, "rows": rows, "samples": results, "lost": LOST},
                                        indent=2), encoding="utf-8")
    return 0


def chromium_version() -> str:
    import subprocess
    try:
        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=20).stdout
        return out.split()[1] if out else "?"
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


if __name__ == "__main__":
    sys.exit(main())
