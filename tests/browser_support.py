"""Helpers for driving the real app: start `streamlit run` on a free port, drive Debian's Chromium with playwright,
read the numbers a page shows, and ask the CLI for the numbers a query string should give.

Used by tests/test_browser.py and bench/rerun_latency.py. No pytest here, so the benchmark can import it too.
"""
from __future__ import annotations

import contextlib
import html
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT / "deploy") not in sys.path:
    sys.path.insert(0, str(REPO_ROOT / "deploy"))
from replicas import free_port, health  # noqa: E402 (one copy, beside the balancer's replicas)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The page has finished its script run (Streamlit sets this on the app's root element).
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CAP_TABLE_PLOT = ".st-key-cap_table_figure .js-plotly-plot"
MISSING_CHROMIUM = (f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium "
                    "(apt-get install chromium; .ci/run does this). They are never skipped.")


def chromium_missing() -> str | None:
    """A message if Debian's Chromium is not installed, else None."""
    return None if os.access(CHROMIUM, os.X_OK) else MISSING_CHROMIUM


@contextlib.contextmanager
def streamlit_server(script: str | Path = "streamlit_app.py", cwd: str | Path = REPO_ROOT,
                     timeout: float = 60.0, log: Path | None = None, env: dict | None = None,
                     on_start=None) -> Iterator[str]:
    """`streamlit run SCRIPT` on a free port; yields the base URL once /_stcore/health says ok; stops it after.
    ON_START, if given, is called with {"pid": ..., "port": ...} once the server is healthy (the load benchmark
    meters that process)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONUNBUFFERED="1", STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **(env or {}))
    out = open(log, "w+b") if log else tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=str(cwd), env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while health(base) != "ok":
            if proc.poll() is not None or time.monotonic() > deadline:
                out.seek(0)
                text = out.read().decode("utf-8", "replace")
                raise RuntimeError(f"streamlit run {script} did not become healthy on port {port} "
                                   f"(exit code {proc.poll()}):\n{text[-4000:]}")
            try:  # wait on the server process itself: returns at once if it exits, else after 0.2 s to ask again
                proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                pass
        if on_start:
            on_start({"pid": proc.pid, "port": port})
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        out.close()


def launch(playwright):
    """Debian's Chromium, headless, with the flags this environment needs."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


SIDEBAR = '[data-testid="stSidebar"]'
# Drawn by the entry script after the page itself: the sidebar's "Share this view" button, which opens a panel
# (a popover, drawn at the page's top level, not in the sidebar) with the share link, the embed snippet and downloads.
SHARE_BUTTON = SIDEBAR + ' [data-testid="stPopoverButton"]'
SHARE_PANEL = '[data-testid="stPopoverBody"]'
SHARE_LINK = SHARE_PANEL + ' [data-testid="stCode"] >> nth=0'  # the share link; the embed snippet follows it
# An element left over from an earlier run, shown faded until the current run replaces or drops it.
STALE = '[data-stale="true"]'


def expect_page(page, heading: str, timeout: float = 30_000) -> None:
    """Wait until the final run of a page is done and shown: its title HEADING, the share button the entry script draws
    after the page, the app idle and nothing left over from an earlier run. "Not running" alone is not enough: a deep
    link on a fresh server first runs the page alone, which stops (not running, no heading) and reruns."""
    from playwright.sync_api import expect
    expect(page.get_by_role("heading", level=1, name=heading), f"the page titled {heading!r}").to_be_visible(
        timeout=timeout)
    expect(page.locator(SHARE_BUTTON), "the sidebar's share button").to_be_visible(timeout=timeout)
    expect(page.locator(READY), "the app idle after its run").to_have_count(1, timeout=timeout)
    expect(page.locator(STALE), "elements of an earlier run").to_have_count(0, timeout=timeout)
    expect(page.locator('[data-testid="stException"]'), "exceptions").to_have_count(0)


def open_share(page, timeout: float = 30_000):
    """Open the sidebar's share panel (unless it is open) and return it, once its link is shown."""
    from playwright.sync_api import expect
    if not page.locator(SHARE_PANEL).is_visible():
        page.locator(SHARE_BUTTON).click()
    expect(page.locator(SHARE_LINK), "the share panel's link").to_be_visible(timeout=timeout)
    return page.locator(SHARE_PANEL)


def expect_figures_drawn(page, timeout: float = 30_000) -> None:
    """Wait until every plotly chart on the page is drawn (plotly draws after the run that sent it is over)."""
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"]'))"
        ".every(c => { const p = c.querySelector('.js-plotly-plot'); return !!(p && p.data && p.data.length); })",
        timeout=timeout)


def plotly_traces(page, selector: str = CAP_TABLE_PLOT, timeout: float = 30_000) -> list[dict]:
    """The traces of a drawn plotly figure (name, x, y), read from the element's `data` property."""
    page.wait_for_function(f"() => {{ const el = document.querySelector({json.dumps(selector)}); "
                           "return !!(el && el.data && el.data.length); }", timeout=timeout)
    return page.evaluate(f"() => document.querySelector({json.dumps(selector)}).data"
                         ".map(t => ({name: t.name ?? null, x: Array.from(t.x || []), y: Array.from(t.y || [])}))")


def cap_table_from_traces(traces: list[dict]) -> dict[str, tuple[float, float]]:
    """Holder name -> (after %, before %) from the cap-table figure (one stacked bar trace per holder)."""
    out = {}
    for t in traces:
        by_row = dict(zip(t["y"], t["x"]))
        out[t["name"]] = (by_row["After the round"], by_row["Before the round"])
    return out


def cli_scenario(query: str, factbase: str | None = None) -> dict:
    """`python -m explainer scenario --query QUERY --format json`, parsed."""
    args = [sys.executable, "-m", "explainer", "scenario", "--query", query, "--format", "json"]
    if factbase:
        args += ["--factbase", factbase]
    r = subprocess.run(args, cwd=REPO_ROOT, capture_output=True, text=True, encoding="utf-8", timeout=60)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {r.returncode}:\n{r.stderr}")
    return json.loads(r.stdout)


def html_escape_name(name: str) -> str:
    """Plotly trace names are HTML-escaped by explainer.present.figures; the CLI's are plain."""
    return html.escape(name, quote=True)


def expected_cap_table(cli: dict) -> dict[str, tuple[float, float]]:
    """Holder name (as the figure shows it) -> (after %, before %) from the CLI's JSON; after % None -> 0, except for
    the one holder whose stake after is not disclosed: its bar is what the known stakes leave of 100 %."""
    rows = cli["cap_table"]
    hidden = [r["holder"] for r in rows if r["state"] == "undisclosed"]
    left = 100 - sum(r["after_pct"] or 0.0 for r in rows if r["state"] != "undisclosed")

    def after(r):
        return max(0.0, left) if hidden == [r["holder"]] else (r["after_pct"] or 0.0)
    return {html_escape_name(r["name"]): (after(r), r["before_pct"]) for r in rows}


def select(page, scope: str, label: str, option: str, timeout: float = 15_000, attempts: int = 3) -> None:
    """Pick the option whose text is exactly OPTION in the selectbox labelled LABEL inside SCOPE (a selector), and
    wait until the box shows it. The keyboard opens the list: a click while the page still scrolls would only focus
    the box. A click that lands while the list still moves (a long list scrolls the option into view; a busy
    machine draws late) leaves the box as it was: then the list is opened and the option clicked again, waiting
    each time on what the box shows."""
    from playwright.sync_api import expect
    box = page.locator(scope).get_by_role("combobox", name=label, exact=True)
    choice = page.get_by_role("option", name=option, exact=True)
    for attempt in range(attempts):
        box.focus(timeout=timeout)
        if box.get_attribute("aria-expanded") != "true":
            box.press("ArrowDown")
        expect(choice).to_be_visible(timeout=timeout)
        choice.click(timeout=timeout)
        try:
            expect(box).to_have_value(option, timeout=timeout)
            return
        except AssertionError:
            if attempt == attempts - 1:
                raise


def sidebar_select(page, label: str, option: str, timeout: float = 15_000) -> None:
    """select() in the sidebar."""
    select(page, SIDEBAR, label, option, timeout)


# ---------------------------------------------------------------- a fact base whose texts are all markup

HOSTILE_FB_TOKENS = ('<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=1</script>",
                     "[click](javascript:window.__pwned=1)", "![x](x)")


def hostile_factbase_files() -> tuple[str, str]:
    """A valid fact base (the minimal fixture) whose every text field carries markup, and its article text."""
    img, script, link, image = HOSTILE_FB_TOKENS
    text = (REPO_ROOT / "tests" / "fixtures" / "minimal" / "facts.yaml").read_text(encoding="utf-8")
    seed = (REPO_ROOT / "tests" / "fixtures" / "minimal" / "seeds" / "article.txt").read_text(encoding="utf-8")
    quote = f"Gizmo {img} {link} will invest"
    seed += f"\n{quote}\n"
    for old, new in {
        'title: "Minimal fact base"': f"title: 'Hostile {img} {script}'\ndescription: '{link} {image} <b>b</b>'",
        'name: "The Paper"': f"name: 'Paper {image} {link}'",
        'name: "The Books"': f"name: 'Books {img}'",
        'name: "Gizmo Capital"': f"name: 'Gizmo {script}'",
        "label: \"Gizmo's investment in the round\"": f"label: 'Gizmo {image} {img}'",
        'quote: "Gizmo Capital will invest 5 billion dollars"': f"quote: '{quote}'",
        'translation: "Gizmo Capital will invest 5 billion dollars"': f"translation: '{script} {link}'",
        # an address has no spaces (the loader refuses them), but may carry what Markdown and HTML read
        'url: "https://example.org/books"': "url: 'https://example.org/books)<img/src=x/onerror=window.__pwned=1>'",
    }.items():
        assert old in text, f"the minimal fixture changed: {old!r} is gone"
        text = text.replace(old, new)
    return text, seed


# ---------------------------------------------------------------- every page, and the charts each one draws

# URL path -> how many plotly charts the page draws with the bundled fact base and default beliefs; the cap-table page
# with its dilution section open, as links made before 30 Nov 2026 open it (a visit without a link starts with it
# closed and one chart: tests/test_view_links.py)
# A phone's browser as the app sees it (a touch screen: chart buttons shown at all times)
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/131.0.0.0 Mobile Safari/537.36")
PAGE_CHARTS = {"": 1, "cap_table?cap_more=true": 3, "compute": 5, "sources": 1, "scorecard": 1, "worlds": 2,
               "timeline": 2, "factbase": 0}
PLOT = '[data-testid="stPlotlyChart"] .js-plotly-plot'


# The app's rules of style (pages/_parts.FRAMEWORK_STYLES) are in the page: Streamlit draws their element once its
# script has loaded, which on a first visit can be a second after the headings and charts are there.
STYLED = """() => [...document.querySelectorAll('style')]
  .some(s => s.textContent.includes('stSelectboxVirtualDropdown'))"""


def open_with_charts(page, url: str, charts: int, timeout: float = 60_000) -> None:
    """Open URL and wait, retrying, until the run has finished, all CHARTS plotly charts are drawn and the app's
    rules of style apply."""
    from playwright.sync_api import expect
    page.goto(url)
    expect(page.locator(READY)).to_have_count(1, timeout=timeout)
    page.wait_for_function(STYLED, timeout=timeout)
    expect(page.locator(PLOT)).to_have_count(charts, timeout=timeout)
    for i in range(charts):
        expect(page.locator(PLOT).nth(i).locator(".main-svg").first).to_be_visible(timeout=timeout)


# The options of the open list whose words do not fit (cut off with an ellipsis), and the list's box.
CUT_OPTIONS = """() => {
  const opts = [...document.querySelectorAll('[role=option]')];
  const list = document.querySelector('[data-testid="stSelectboxVirtualDropdown"]');
  const r = list ? list.getBoundingClientRect() : null;
  return {cut: opts.filter(o => [o, ...o.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))
                   .map(o => o.textContent),
          shown: opts.length, list: r && {l: r.left, r: r.right, w: r.width}};
}"""
