"""Nothing from third parties: every request any page of the real app makes goes to the app's own server.

The page icon once came from a Google font server (a ":material/..." page icon); offline it failed, and a reader's
address went to a third party without consent. Needs Debian's Chromium at /usr/bin/chromium.
"""
from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import PAGE_CHARTS, open_with_charts, streamlit_server  # noqa: E402

LOCAL_SCHEMES = ("data", "blob", "about")  # never leave the browser


def test_every_request_of_every_page_goes_to_the_apps_own_origin(browser):
    with streamlit_server() as base:
        own = urlsplit(base)
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = ctx.new_page()
        requests: list[tuple[str, str]] = []
        page.on("request", lambda r: requests.append((page.url, r.url)))
        try:
            for path, charts in PAGE_CHARTS.items():
                open_with_charts(page, f"{base}/{path}", charts)
                # requests still under way (fonts, icons, media) are part of this page's load
                page.wait_for_load_state("networkidle")
                icons = page.evaluate("() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
                assert icons, f"/{path}: no page icon"
                for href in icons:
                    u = urlsplit(href)
                    assert u.scheme in LOCAL_SCHEMES or (u.scheme, u.netloc) == (own.scheme, own.netloc), \
                        f"/{path}: page icon from another origin: {href[:120]}"
        finally:
            ctx.close()
    assert requests, "no request recorded"
    foreign = sorted({(p, u) for p, u in requests
                      if urlsplit(u).scheme not in LOCAL_SCHEMES
                      and (urlsplit(u).scheme, urlsplit(u).netloc) != (own.scheme, own.netloc)})
    assert not foreign, "requests to other origins:\n" + "\n".join(f"  on {p}: {u}" for p, u in foreign)
