"""For readers with a screen reader or a keyboard: axe-core (WCAG 2.0-2.2 A and AA rules) on every page in English
and German finds nothing beyond what it finds in a bare Streamlit app with the same widgets (the framework's own,
listed below with the reason); the navigation and the belief panel work by keyboard alone, with a visible focus.
Needs Debian's Chromium; axe-core is the copy axe-playwright-python ships (requirements-test.txt)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import PAGE_CHARTS, PLOT, REPO_ROOT, open_with_charts, streamlit_server  # noqa: E402

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
# What axe finds in the bare app too (tests/fixtures/bare/bare_app.py), so Streamlit's, not ours:
FRAMEWORK = {
    # st.navigation with sections draws each section's items as <li> inside a <div> of the <ul>, not in a list
    "list": "Streamlit's sectioned navigation: its <ul> holds <div>s (one per section), not <li>s",
    "listitem": "Streamlit's sectioned navigation: its <li>s stand in a <div>, not in a <ul> or <ol>",
}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def violations(page) -> dict[str, list[str]]:
    """axe's violations on the page as it is: rule id -> the elements (their selector and start)."""
    result = Axe().run(page, options=WCAG)
    return {v["id"]: [f"{n['target']} {n['html'][:120]}" for n in v["nodes"]] for v in result.response["violations"]}


@pytest.fixture(scope="module")
def bare_url():
    # from the repository's folder, so the bare app has the app's theme (.streamlit/config.toml) and nothing else
    with streamlit_server(Path("tests") / "fixtures" / "bare" / "bare_app.py", cwd=REPO_ROOT) as base:
        yield base


def open_page(browser, url: str, viewport: dict, charts: int):
    ctx = browser.new_context(viewport=viewport)
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    open_with_charts(page, url, charts)
    return ctx, page


def test_the_framework_rules_are_broken_by_a_bare_streamlit_app_too(browser, bare_url):
    """The list of the framework's rules stays honest: each is broken by the bare app, which breaks no other."""
    ctx = browser.new_context(viewport=DESKTOP)
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(bare_url)
        # the bare app has none of the app's styles that open_with_charts waits for: wait for its run and its chart
        expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1)
        expect(page.locator(PLOT + " .main-svg").first).to_be_visible()
        found = violations(page)
    finally:
        ctx.close()
    assert set(found) == set(FRAMEWORK), found


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("path", list(PAGE_CHARTS))
def test_axe_finds_nothing_of_the_apps_own(app_url, browser, path, lang, viewport):
    ctx, page = open_page(browser, f"{app_url}/{path}{'&' if '?' in path else '?'}lang={lang}", viewport,
                          PAGE_CHARTS[path])
    try:
        found = {rule: nodes for rule, nodes in violations(page).items() if rule not in FRAMEWORK}
    finally:
        ctx.close()
    assert not found, "\n".join(f"{rule}: {nodes}" for rule, nodes in found.items())


# ---------------------------------------------------------------- by keyboard alone

FOCUSED = """() => { const e = document.activeElement; if (!e || e === document.body) return null;
  const drawn = (el) => { const s = getComputedStyle(el);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && s.outlineColor !== 'rgba(0, 0, 0, 0)'; };
  // a picker's ring is drawn on its box around the input (BaseWeb), not on the input itself
  const box = e.closest('[data-testid="stRadioOption"], [data-testid="stSelectbox"] > div, [data-testid="stMultiSelect"] > div');
  return {tag: e.tagName, text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 60),
          testid: (e.closest('[data-testid]') || {}).dataset?.testid || '', ring: drawn(e) || (box ? drawn(box) : false),
          href: e.getAttribute('href') || ''}; }"""


def tab_to(page, wanted, limit: int = 80) -> list[dict]:
    """Press Tab until `wanted(focused)` holds; every element focused on the way (each must show its focus)."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused:
            seen.append(focused)
            if wanted(focused):
                return seen
    raise AssertionError(f"not reached by Tab in {limit} presses: {[f['text'] or f['testid'] for f in seen]}")


def test_the_navigation_and_the_belief_panel_work_by_keyboard_with_a_visible_focus(app_url, browser):
    ctx, page = open_page(browser, f"{app_url}/?lang=en", DESKTOP, PAGE_CHARTS[""])
    try:
        # the navigation: Tab to the cap table's link, Enter opens it
        seen = tab_to(page, lambda f: f["tag"] == "A" and "cap_table" in f["href"])
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/cap_table"))
        expect(page.locator("h1").first).to_have_text("Cap table")
        # the belief panel: Tab to the preset, choose 'outcome' with the arrow keys and Enter
        seen += tab_to(page, lambda f: f["tag"] == "INPUT" and f["testid"] == "stSelectbox")
        page.keyboard.type("outcome")  # the picker filters its options as one types
        expect(page.locator('[role="option"]').first).to_have_text("outcome")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"preset=outcome"))
        unringed = [f["text"] or f["testid"] for f in seen if not f["ring"]]
        assert not unringed, f"focused without a visible focus: {unringed}"
    finally:
        ctx.close()
