"""A phone (390 x 844): every page of the real app reads well. No page scrolls sideways; no heading breaks inside a
word; no toolbar covers the text above its table or a chart's title; every chart's title and text lies inside its
figure; no legend covers a title or the plotted data; axis labels are readable; the belief panel opens, fits the
screen and changes the charts. Needs Debian's Chromium at /usr/bin/chromium.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import (CAP_TABLE_PLOT, CUT_OPTIONS, PAGE_CHARTS, PHONE_AGENT, PLOT, open_with_charts,  # noqa: E402
                             plotly_traces)

PHONE = {"width": 390, "height": 844}
MIN_FONT_PX = 10  # axis labels below this are not readable on a phone

# Per chart: boxes of the figure, its title, its legend, its plot area, and the font sizes of its tick labels.
BOXES = """(plot) => {
  const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
                        return (r.width && r.height) ? {l: r.left, t: r.top, r: r.right, b: r.bottom} : null; };
  const svg = plot.querySelector('.main-svg');
  const title = plot.querySelector('.gtitle');
  const legend = plot.querySelector('.legend');
  // the plot area: the cartesian drag rectangles (one per subplot), absent for a sankey
  const areas = [...plot.querySelectorAll('.draglayer .nsewdrag')].map(box).filter(Boolean);
  const tickEls = [...plot.querySelectorAll('.xtick text, .ytick text')];
  const ticks = tickEls.map(t => parseFloat(getComputedStyle(t).fontSize));
  const tickBoxes = tickEls.map(t => ({text: t.textContent, box: box(t)}));
  const entries = [...plot.querySelectorAll('.legend .legendtext')].map(t => ({text: t.textContent, box: box(t)}));
  // annotations (subplot titles, the source line, labels placed on the chart), axis titles and a sankey's node labels
  const notes = [...plot.querySelectorAll('.annotation-text, .xtitle, .ytitle, .node-label')]
    .map(t => ({text: t.textContent, box: box(t)}));
  // a sankey's nodes: each one's bar and its label
  const nodes = [...plot.querySelectorAll('.sankey-node')].map(n => ({
    bar: box(n.querySelector('.node-rect')), text: (n.querySelector('.node-label') || {}).textContent,
    label: box(n.querySelector('.node-label'))}));
  // the buttons over the chart (plotly's, with Streamlit's full screen), shown at all times on a phone, and the
  // title's lines (a wrapped title's box is as wide as its longest line)
  const buttons = [...plot.querySelectorAll('.modebar')]
    .filter(b => parseFloat(getComputedStyle(b).opacity) > 0).map(box).filter(Boolean);
  const lines = title ? [...title.querySelectorAll('tspan.line')].map(box).filter(Boolean) : [];
  return {svg: box(svg), title: box(title), titleText: title ? title.textContent : null, buttons,
          titleLines: lines.length ? lines : [box(title)].filter(Boolean),
          legend: box(legend && legend.querySelector('.bg')), entries, areas, ticks, tickBoxes, notes, nodes};
}"""
# Words of the page's headings broken across two lines inside the word (a break after a hyphen is a word's own)
SPLIT_WORDS = """() => {
  const split = [];
  for (const h of document.querySelectorAll('[data-testid="stMain"] :is(h1, h2, h3)')) {
    const texts = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let n = texts.nextNode(); n; n = texts.nextNode()) {
      for (const m of n.data.matchAll(/[^\\s-]+-?/g)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const lines = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
        if (lines.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""
# Element toolbars shown on the page (on a touch screen they always are) that lie over the element before theirs
TOOLBARS_OVER = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stElementToolbar"]')]
  .filter(t => parseFloat(getComputedStyle(t).opacity) > 0)
  .map(t => {
    const own = t.closest('[data-testid="stElementContainer"]');
    const before = own && own.previousElementSibling;
    if (!before) return null;
    const a = t.getBoundingClientRect(), b = before.getBoundingClientRect();
    const over = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return over > 1 && a.left < b.right && b.left < a.right ? (before.innerText || '').trim().slice(-40) : null;
  }).filter(x => x !== null)"""
OVERFLOW = """() => {
  const de = document.documentElement;
  const main = document.querySelector('[data-testid="stMain"]') || document.querySelector('section.main');
  return {doc: [de.scrollWidth, de.clientWidth], main: main ? [main.scrollWidth, main.clientWidth] : null};
}"""


def overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    return a["l"] < b["r"] - slack and b["l"] < a["r"] - slack and a["t"] < b["b"] - slack and b["t"] < a["b"] - slack


def inside(a: dict, b: dict, slack: float = 1.0) -> bool:
    return a["l"] >= b["l"] - slack and a["r"] <= b["r"] + slack and a["t"] >= b["t"] - slack and a["b"] <= b["b"] + slack


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                              user_agent=PHONE_AGENT)
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    yield page
    ctx.close()


def layout_faults(page, path: str) -> list[str]:
    faults = []
    o = page.evaluate(OVERFLOW)
    if o["doc"][0] > o["doc"][1]:
        faults.append(f"the page scrolls sideways: {o['doc'][0]} px wide in {o['doc'][1]} px")
    if o["main"] and o["main"][0] > o["main"][1]:
        faults.append(f"the main column scrolls sideways: {o['main'][0]} px wide in {o['main'][1]} px")
    for covered in page.evaluate(TOOLBARS_OVER):
        faults.append(f"a table's toolbar covers the element above it: {covered!r}")
    split = page.evaluate(SPLIT_WORDS)
    if split:
        faults.append(f"headings break inside a word: {split}")
    plots = page.locator(PLOT)
    for i in range(plots.count()):
        b = plots.nth(i).evaluate(BOXES)
        name = f"chart {i + 1} ({(b['titleText'] or 'no title')[:50]!r})"
        if b["svg"]["r"] > PHONE["width"] + 1:
            faults.append(f"{name}: the figure is wider than the screen ({b['svg']['r']:.0f} px)")
        if b["title"] and not inside(b["title"], b["svg"]):
            faults.append(f"{name}: the title is cut off: {b['title']} outside {b['svg']}")
        if any(overlap(button, line) for button in b["buttons"] for line in b["titleLines"]):
            faults.append(f"{name}: the chart's buttons cover its title")
        if b["legend"]:
            if b["title"] and overlap(b["legend"], b["title"]):
                faults.append(f"{name}: the legend covers the title")
            if any(overlap(b["legend"], a) for a in b["areas"]):
                faults.append(f"{name}: the legend covers the plotted data")
            if not inside(b["legend"], b["svg"]):
                faults.append(f"{name}: the legend is cut off")
            for e in b["entries"]:
                if e["box"] and not inside(e["box"], b["legend"], slack=2):
                    faults.append(f"{name}: the legend entry {e['text']!r} is cut off")
        for note in b["notes"]:
            if note["box"] and not inside(note["box"], b["svg"], slack=2):
                faults.append(f"{name}: the text {note['text'][:40]!r} is cut off")
            if note["box"] and b["title"] and overlap(note["box"], b["title"]):
                faults.append(f"{name}: the text {note['text'][:40]!r} covers the title")
        for n in b["nodes"]:
            covered = [o["text"] for o in b["nodes"] if o is not n and n["label"] and o["bar"]
                       and overlap(n["label"], o["bar"])]
            if covered:
                faults.append(f"{name}: the label {n['text']!r} covers the bar of {covered}")
        cut = [t["text"] for t in b["tickBoxes"] if t["box"] and not inside(t["box"], b["svg"], slack=2)]
        if cut:
            faults.append(f"{name}: axis labels cut off: {cut[:3]}")
        small = [s for s in b["ticks"] if s < MIN_FONT_PX]
        if small:
            faults.append(f"{name}: {len(small)} axis labels smaller than {MIN_FONT_PX} px")
    return [f"/{path}: {f}" for f in faults]


@pytest.mark.parametrize("lang", ["en", "de"])  # German titles are longer
@pytest.mark.parametrize("path", list(PAGE_CHARTS))
def test_every_page_and_chart_reads_well_on_a_phone(app_url, phone, path, lang):
    open_with_charts(phone, f"{app_url}/{path}{'&' if '?' in path else '?'}lang={lang}", PAGE_CHARTS[path])
    faults = layout_faults(phone, f"{path} ({lang})")
    assert not faults, "\n".join(faults)


def test_the_belief_panel_is_usable_on_a_phone(app_url, phone):
    from playwright.sync_api import expect
    open_with_charts(phone, f"{app_url}/cap_table", 1)  # a visit without a link: the dilution section closed
    before = plotly_traces(phone, CAP_TABLE_PLOT)
    phone.locator('[data-testid="stExpandSidebarButton"]').tap()
    side = phone.locator('[data-testid="stSidebar"]')
    expect(side).to_have_attribute("data-collapsed", "false")
    control = side.locator('.st-key-preset .react-aria-ComboBox')
    expect(control).to_be_visible()
    # the sidebar slides in: wait, retrying, until the control has come to rest inside the screen
    phone.wait_for_function(
        "(w) => { const r = document.querySelector('[data-testid=\"stSidebar\"] .st-key-preset "
        ".react-aria-ComboBox').getBoundingClientRect(); return r.left >= 0 && r.right <= w; }",
        arg=PHONE["width"])
    box = control.bounding_box()
    assert box["height"] >= 36 and box["width"] >= 200, f"the preset box is too small for a thumb: {box}"
    preset = side.get_by_role("combobox", name="Preset", exact=True)
    control.get_by_role("button", name="Open").tap()
    phone.get_by_role("option", name="high", exact=True).tap()
    expect(preset).to_have_value("high")
    # the cap table follows the new belief (retrying until the figure has changed)
    phone.wait_for_function(
        "([sel, before]) => { const e = document.querySelector(sel); return !!(e && e.data && "
        "JSON.stringify(e.data.map(t => t.x)) !== before); }",
        arg=[CAP_TABLE_PLOT, __import__("json").dumps([t["x"] for t in before])])


def test_a_pickers_list_is_wider_than_its_box_and_stays_on_the_screen(app_url, phone):
    """In a per-topic group a picker's box is about 190 px wide: its list takes the screen's width (less a margin),
    so that the claims read in full ('Round closed (31 Mar 2026): 50 bn USD'), never reaches past the screen, and
    picks a claim tapped where it lies over the page rather than over the panel."""
    from playwright.sync_api import expect
    open_with_charts(phone, f"{app_url}/cap_table", 1)
    phone.locator('[data-testid="stExpandSidebarButton"]').tap()
    side = phone.locator('[data-testid="stSidebar"]')
    expect(side).to_have_attribute("data-collapsed", "false")
    control = side.locator('.st-key-inv_amazon .react-aria-ComboBox')
    control.scroll_into_view_if_needed()
    phone.wait_for_function(  # the sidebar has come to rest
        "(w) => { const r = document.querySelector('[data-testid=\"stSidebar\"] .st-key-inv_amazon "
        ".react-aria-ComboBox').getBoundingClientRect(); return r.left >= 0 && r.right <= w; }", arg=PHONE["width"])
    width = control.bounding_box()["width"]
    control.get_by_role("button", name="Open").tap()
    expect(phone.get_by_role("option").first).to_be_visible()
    listbox = phone.locator('[data-testid="stSelectboxVirtualDropdown"]')
    got = listbox.bounding_box()
    assert got["x"] >= 0 and got["x"] + got["width"] <= PHONE["width"], f"the list leaves the screen: {got}"
    assert got["width"] > width + 100, f"the list ({got['width']} px) is no wider than its box ({width} px)"
    cut = phone.evaluate(CUT_OPTIONS)["cut"]
    assert not cut, f"cut off: {cut}"
    # a claim is picked with the thumb where the list lies over the page, not over the panel
    claim = "Round closed (31 Mar 2026): 50 bn USD"
    option = phone.get_by_role("option", name=claim, exact=True)
    where, panel = option.bounding_box(), side.bounding_box()
    assert where["x"] + where["width"] - 20 > panel["x"] + panel["width"], "the list does not reach over the page"
    option.tap(position={"x": where["width"] - 20, "y": where["height"] / 2})
    expect(side.get_by_role("combobox", name="Amazon's investment in the round", exact=True)).to_have_value(claim)


# ---------------------------------------------------------------- a narrow desktop window (issue 30)

DESKTOP_AGENT = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
                 "Safari/537.36")


@pytest.fixture
def narrow_desktop(browser):
    """A desktop browser in a 390 px window: the server cannot tell it from a wide one (its User-Agent says
    desktop), so a title must fit without knowing the width."""
    ctx = browser.new_context(viewport=PHONE, user_agent=DESKTOP_AGENT)
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    yield page
    ctx.close()


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("path", list(PAGE_CHARTS))
def test_no_title_is_cut_off_in_a_narrow_desktop_window(app_url, narrow_desktop, path, lang):
    open_with_charts(narrow_desktop, f"{app_url}/{path}{'&' if '?' in path else '?'}lang={lang}", PAGE_CHARTS[path])
    plots = narrow_desktop.locator(PLOT)
    cut = []
    for i in range(plots.count()):
        b = plots.nth(i).evaluate(BOXES)
        if b["title"] and not inside(b["title"], b["svg"]):
            cut.append(f"{(b['titleText'] or '')[:60]!r}: {b['title']} outside {b['svg']}")
    assert plots.count() >= min(1, PAGE_CHARTS[path]) and not cut, "\n".join(cut)
