"""Screenshots of every page from the real app in headless Chromium, on a desktop and on a phone:
python docs/screenshots.py [BASE_URL] [desktop|phone ...]. Desktop shots are docs/NAME.png, phone shots
docs/phone_NAME.png (390 px wide, as tall as the page)."""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
from browser_support import PHONE_AGENT, STYLED  # noqa: E402
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {"overview": "", "cap_table": "cap_table", "compute": "compute", "sources": "sources",
         "scorecard": "scorecard", "worlds": "worlds", "timeline": "timeline", "factbase": "factbase"}
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# name -> (file prefix, viewport, browser context options, whole page: grow the window to the page's height)
SIZES = {"desktop": ("", {"width": 1400, "height": 1800}, {}, False),
         "phone": ("phone_", {"width": 390, "height": 844}, {"is_mobile": True, "has_touch": True,
                                                            "user_agent": PHONE_AGENT}, True)}
# every chart drawn, and the app's rules of style in the page (their element comes once its script has loaded)
DRAWN = """() => { const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  return [...charts].every(c => c.querySelector('.js-plotly-plot .main-svg')) && (""" + STYLED + """)(); }"""
PAGE_HEIGHT = """() => { const m = document.querySelector('[data-testid="stMain"]');
  return Math.ceil(Math.max(m ? m.scrollHeight : 0, document.documentElement.scrollHeight)); }"""


def shoot(base: str, out: Path = HERE, query: str = "", only: list[str] | None = None,
          sizes: tuple[str, ...] = ("desktop", "phone")) -> list[Path]:
    shots = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size in sizes:
            prefix, viewport, options, whole = SIZES[size]
            # Streamlit scrolls inside its own container, so a window as tall as the page is what shows all of it
            page = browser.new_page(viewport=viewport, **options)
            for name, path in PAGES.items():
                if only and name not in only:
                    continue
                page.set_viewport_size(viewport)
                page.goto(f"{base.rstrip('/')}/{path}" + (f"?{query}" if query else ""))
                page.wait_for_selector(READY, timeout=30_000)
                page.wait_for_function(DRAWN, timeout=30_000)
                if whole:
                    page.set_viewport_size({"width": viewport["width"], "height": page.evaluate(PAGE_HEIGHT)})
                    page.wait_for_function(DRAWN, timeout=30_000)
                page.wait_for_timeout(1500)  # widgets, fonts and plotly settle after the charts are drawn
                if whole and page.evaluate(PAGE_HEIGHT) > page.viewport_size["height"]:  # more came meanwhile
                    page.set_viewport_size({"width": viewport["width"], "height": page.evaluate(PAGE_HEIGHT)})
                    page.wait_for_function(DRAWN, timeout=30_000)
                    page.wait_for_timeout(1500)
                target = out / f"{prefix}{name}.png"
                page.screenshot(path=str(target))
                shots.append(target)
            page.close()
        browser.close()
    return shots


if __name__ == "__main__":
    for path in shoot(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8501",
                      sizes=tuple(sys.argv[2:]) or ("desktop", "phone")):
        print(path)
