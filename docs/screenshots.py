"""Screenshots of every page from the real app in headless Chromium: python docs/screenshots.py [BASE_URL]."""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = {"overview": "", "cap_table": "cap_table", "compute": "compute", "sources": "sources",
         "scorecard": "scorecard", "worlds": "worlds", "timeline": "timeline", "factbase": "factbase"}
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def shoot(base: str, out: Path = HERE, query: str = "", only: list[str] | None = None, height: int = 1800) -> list[Path]:
    shots = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        # Streamlit scrolls inside its own container, so a tall window is what shows a whole page
        page = browser.new_page(viewport={"width": 1400, "height": height})
        for name, path in PAGES.items():
            if only and name not in only:
                continue
            page.goto(f"{base.rstrip('/')}/{path}" + (f"?{query}" if query else ""))
            page.wait_for_selector(READY, timeout=30_000)
            page.wait_for_timeout(4000)  # widgets and plotly draw after the script finishes
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            shots.append(target)
        browser.close()
    return shots


if __name__ == "__main__":
    for path in shoot(sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8501"):
        print(path)
