"""The money loops on the compute page, in the real app: on a desktop (1,400 px) and on a phone, in English and
German, no label lies on another label or on a dot or arrowhead, every line ends in the centres of its dots, the
amounts are in the reader's units with their qualifiers, the table beside the chart lists the loops the CLI finds,
and what is left out is listed with why.
Needs Debian's Chromium at /usr/bin/chromium."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import PAGE_CHARTS, REPO_ROOT, open_with_charts  # noqa: E402

LOOPS_PLOT = ".st-key-loops_figure .js-plotly-plot"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}

# Every text's box (amounts, shares, the source line, the names under the dots), every marker's box and centre
# (dots and arrowheads), and every drawn line's ends, all in the page's pixels.
GEOMETRY = """(plot) => {
  const box = (el) => { const r = el.getBoundingClientRect();
                        return {l: r.left, t: r.top, r: r.right, b: r.bottom}; };
  const centre = (el) => { const b = box(el); return [(b.l + b.r) / 2, (b.t + b.b) / 2]; };
  const texts = [...plot.querySelectorAll('.annotation-text, .scatterlayer .textpoint text, .legend .legendtext')]
    .filter(t => t.textContent.trim()).map(t => ({text: t.textContent, box: box(t)}));
  const traces = [...plot.querySelectorAll('.scatterlayer .trace')];
  const dots = traces.length ? [...traces[traces.length - 1].querySelectorAll('path.point')] : [];
  const heads = traces.slice(0, -1).flatMap(t => [...t.querySelectorAll('path.point')]);
  // a line's ends: its path's points, in the plot's coordinates, moved to the page by the plot area's offset
  const area = plot.querySelector('.draglayer .nsewdrag').getBoundingClientRect();
  const ends = [...plot.querySelectorAll('.scatterlayer .js-line')].flatMap(p =>
    [...p.getAttribute('d').matchAll(/M([-\\d.]+),([-\\d.]+)L([-\\d.]+),([-\\d.]+)/g)].map(m =>
      [[area.left + +m[1], area.top + +m[2]], [area.left + +m[3], area.top + +m[4]]]));
  return {texts, points: [...dots, ...heads].map(box), dots: dots.map(centre), ends};
}"""


def overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    return a["l"] < b["r"] - slack and b["l"] < a["r"] - slack and a["t"] < b["b"] - slack and b["t"] < a["b"] - slack


def loop_faults(g: dict) -> list[str]:
    faults = []
    texts = g["texts"]
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if overlap(a["box"], b["box"]):
                faults.append(f"{a['text']!r} lies on {b['text']!r}")
        for p in g["points"]:
            if overlap(a["box"], p):
                faults.append(f"{a['text']!r} lies on a dot or arrowhead at {p}")
    for start, end in g["ends"]:
        for x, y in (start, end):
            if not any(abs(x - dx) <= 1.5 and abs(y - dy) <= 1.5 for dx, dy in g["dots"]):
                faults.append(f"a line ends at ({x:.0f}, {y:.0f}), in no dot's centre")
    return faults


def cli_loops() -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "explainer", "cycles", "--query", "preset=outcome", "--format",
                           "json"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["loops"]


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_loops_read_without_overlaps(app_url, browser, screen, lang):
    from playwright.sync_api import expect
    phone = screen == "phone"
    ctx = browser.new_context(viewport=PHONE if phone else DESKTOP, device_scale_factor=2 if phone else 1,
                              is_mobile=phone, has_touch=phone)
    try:
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        open_with_charts(page, f"{app_url}/compute?preset=outcome&lang={lang}", PAGE_CHARTS["compute"])
        plot = page.locator(LOOPS_PLOT)
        expect(plot.locator(".annotation-text").first).to_be_visible()
        plot.scroll_into_view_if_needed()
        g = plot.evaluate(GEOMETRY)
        loops = cli_loops()
        # every loop the CLI finds is drawn: one dot per party and one more for the return to the first
        assert len(g["dots"]) == sum(len(lp["nodes"]) for lp in loops)
        assert len(g["ends"]) == sum(len(lp["steps"]) for lp in loops)
        faults = loop_faults(g)
        assert not faults, f"{screen} ({lang}):\n" + "\n".join(faults)
        words = " ".join(t["text"] for t in g["texts"])
        # Amazon's loop: 50 in, 38 + 100 back: 138 / 50 = 276 %; Microsoft into Anthropic "up to 5", 30 back:
        # at least 600 %; SoftBank 30 in, 0.5 back: 1.7 %; in German with the units and a space before '%'
        if lang == "de":
            share, more = "276\u00a0% zurück je eingesetztem Dollar", ["mindestens 600\u00a0%", "1,7\u00a0%", "bis zu 5"]
        else:
            share, more = "276% back per dollar in", ["at least 600%", "1.7%", "up to 5"]
        assert share in words and all(m in words for m in more), words
        assert "can come back" not in words and "zurückfließen" not in words
        assert ("Mrd. USD" in words and "bn USD" not in words) if lang == "de" else "bn USD" in words
        # the table beside it: each loop's parties and ratio on its first row, each step with its source
        table = page.locator(".st-key-loops_table")
        full = ("276\u00a0% zurückfließende Zusagen je eingesetztem Dollar (920\u00a0% je vorab gezahltem Dollar)" if lang == "de"
                else "276% commitments back per dollar in (920% per dollar paid up front)")
        expect(table.get_by_role("cell", name=f"Amazon → OpenAI → Amazon: {full}", exact=True)).to_be_visible()
        source = "Runde abgeschlossen (31. März 2026)" if lang == "de" else "Round closed (31 Mar 2026)"
        expect(table.get_by_role("cell", name=source, exact=True).first).to_be_visible()
        # what is left out, with why: the letter of intent's 10 GW were replaced; Oracle's chips are no chain
        left = page.locator(".st-key-loops_left_out")
        expect(left.get_by_role("cell", name="Nvidia → OpenAI → Oracle → Nvidia", exact=True)).to_be_visible()
        expect(left.get_by_role("cell", name="Nvidia → OpenAI → Nvidia", exact=True)).to_be_visible()
    finally:
        ctx.close()
