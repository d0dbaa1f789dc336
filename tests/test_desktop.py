"""A desktop: every chart's title stays inside its figure, on a wide window and down to the narrowest desktop
window (1,024 px, the sidebar open). Titles are wrapped for the narrowest window a chart can be drawn in (the
server cannot know the window's width, issue 30), so on a wide window they break earlier than they would need to:
never cut off is what matters (title_faults can still check a late wrap, wraps_late). The phone's layout and a
390 px desktop window are checked by tests/test_phone.py. Needs Debian's Chromium.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import PAGE_CHARTS, PLOT, open_with_charts  # noqa: E402

WIDE = {"width": 1400, "height": 1000}
NARROWEST = {"width": 1024, "height": 768}
FILLED = 0.4  # a title line broken before it (and the next line's first word) reaches this share of its chart

# Per chart: the figure's box and each line of its title (its text and box)
TITLE_LINES = """(plot) => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom}; };
  const title = plot.querySelector('.gtitle');
  const lines = title ? [...title.querySelectorAll('tspan.line')] : [];
  return {svg: box(plot.querySelector('.main-svg')),
          lines: (lines.length ? lines : (title ? [title] : [])).map(l => ({text: l.textContent, box: box(l)}))};
}"""


def title_faults(chart: dict, name: str, wraps_late: bool) -> list[str]:
    svg, lines = chart["svg"], chart["lines"]
    faults = [f"{name}: title line {line['text']!r} is cut off ({line['box']['r']:.0f} px of {svg['r']:.0f})"
              for line in lines if line["box"]["r"] > svg["r"] + 1 or line["box"]["l"] < svg["l"] - 1]
    if wraps_late:
        width = svg["r"] - svg["l"]
        for line, following in zip(lines, lines[1:]):
            # the next line's first word, at that line's own width per character
            word = following["text"].split()[0] if following["text"].split() else ""
            per_char = (following["box"]["r"] - following["box"]["l"]) / max(len(following["text"]), 1)
            filled = line["box"]["r"] - line["box"]["l"] + per_char * (len(word) + 1)
            if filled < FILLED * width:
                faults.append(f"{name}: the title breaks after {line['text']!r} ({filled:.0f} px with the next "
                              f"word, in a chart {width:.0f} px wide)")
    return faults


@pytest.fixture(params=[WIDE, NARROWEST], ids=["1400px", "1024px"])
def desktop(request, browser):
    ctx = browser.new_context(viewport=request.param)
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    yield page, request.param
    ctx.close()


@pytest.mark.parametrize("path", [p for p, n in PAGE_CHARTS.items() if n])
def test_titles_use_the_width_of_a_desktop_chart(app_url, desktop, path):
    """German titles (the longer ones): never cut off."""
    page, _viewport = desktop
    open_with_charts(page, f"{app_url}/{path}{'&' if '?' in path else '?'}lang=de", PAGE_CHARTS[path])
    faults = []
    plots = page.locator(PLOT)
    for i in range(plots.count()):
        chart = plots.nth(i).evaluate(TITLE_LINES)
        assert chart["lines"], f"/{path}: chart {i + 1} has no title"
        name = f"/{path} chart {i + 1} ({chart['lines'][0]['text'][:40]!r})"
        faults += title_faults(chart, name, wraps_late=False)
    assert not faults, "\n".join(faults)


def test_title_faults_finds_a_title_broken_early_and_one_cut_off():
    """The check itself: a phone's 32-character first line in a 940 px chart is broken early; a line past the
    figure's right edge is cut off; a long first line is fine."""
    svg = {"l": 0, "t": 0, "r": 940, "b": 400}
    early = {"svg": svg, "lines": [{"text": "Geldflüsse (Mrd. USD): links", "box": {"l": 4, "t": 0, "r": 187, "b": 20}},
                                   {"text": "Eigenkapital aus dieser Runde", "box": {"l": 4, "t": 20, "r": 200, "b": 40}}]}
    assert title_faults(early, "early", wraps_late=True)
    assert not title_faults(early, "early", wraps_late=False)
    cut = {"svg": svg, "lines": [{"text": "x" * 150, "box": {"l": 4, "t": 0, "r": 990, "b": 20}}]}
    assert title_faults(cut, "cut", wraps_late=False)
    late = {"svg": svg, "lines": [{"text": "y" * 72, "box": {"l": 4, "t": 0, "r": 480, "b": 20}},
                                  {"text": "zz zz", "box": {"l": 4, "t": 20, "r": 40, "b": 40}}]}
    assert not title_faults(late, "late", wraps_late=True)
