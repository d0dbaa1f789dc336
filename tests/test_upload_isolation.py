"""Uploads in the real app (`streamlit run` + Debian's Chromium): a fact base uploaded by one reader is seen by
that reader's session only, and one that quotes a server file by absolute path is refused on the page.

Two browser contexts are two readers with two Streamlit sessions on one server. Waits are Playwright's retrying
`expect(...)` on what the reader sees. Without Chromium these tests fail, never skip.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import REPO_ROOT  # noqa: E402

MINIMAL = REPO_ROOT / "tests" / "fixtures" / "minimal"
TIMEOUT = 60_000
UPLOADED_MARK = "uploaded, this session only"


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def open_page(browser, url: str, heading: str):
    """A new reader (a fresh context) on URL, once the page's heading and the sidebar's fact-base line are drawn."""
    from playwright.sync_api import expect
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(url)
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible(timeout=TIMEOUT)
    expect(sidebar(page).get_by_text(re.compile(r"^Fact base: "))).to_be_visible(timeout=TIMEOUT)
    return page


def upload(page, yaml_text: str, with_seed: bool = True) -> None:
    files = [{"name": "mine.yaml", "mimeType": "application/yaml", "buffer": yaml_text.encode("utf-8")}]
    if with_seed:
        files.append({"name": "article.txt", "mimeType": "text/plain",
                      "buffer": (MINIMAL / "seeds" / "article.txt").read_bytes()})
    page.locator('.st-key-upload [data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)


def test_one_readers_upload_never_reaches_another(app_url, browser):
    from playwright.sync_api import expect
    alice = open_page(browser, f"{app_url}/factbase", "Fact base")
    bob = open_page(browser, f"{app_url}/factbase", "Fact base")

    upload(alice, (MINIMAL / "facts.yaml").read_text(encoding="utf-8"))
    expect(alice.get_by_text("mine.yaml is valid")).to_be_visible(timeout=TIMEOUT)
    alice.get_by_role("button", name="Use it in this session").click()
    expect(sidebar(alice).get_by_text(re.compile(r"^Fact base: Minimal fact base .*" + UPLOADED_MARK)))\
        .to_be_visible(timeout=TIMEOUT)
    expect(alice.get_by_text("You are exploring an uploaded fact base")).to_be_visible(timeout=TIMEOUT)

    # Bob, already on the page and then on a fresh visit, sees the bundled fact base only.
    bob.reload()
    expect(bob.get_by_role("heading", name="Fact base", level=1)).to_be_visible(timeout=TIMEOUT)
    for page in (bob, open_page(browser, f"{app_url}/cap_table", "Cap table")):
        line = sidebar(page).get_by_text(re.compile(r"^Fact base: "))
        expect(line).to_be_visible(timeout=TIMEOUT)
        expect(line).not_to_contain_text("Minimal fact base")
        expect(line).not_to_contain_text(UPLOADED_MARK)
    expect(bob.get_by_text("You are exploring an uploaded fact base")).to_have_count(0)
    # ... and Alice, moving to another page in her session, still has hers after Bob's visits.
    sidebar(alice).get_by_role("link", name="Cap table").click()
    expect(alice.get_by_role("heading", name="Cap table", level=1)).to_be_visible(timeout=TIMEOUT)
    expect(sidebar(alice).get_by_text(re.compile(UPLOADED_MARK))).to_be_visible(timeout=TIMEOUT)


def test_an_upload_quoting_a_server_file_by_absolute_path_is_refused(app_url, browser, tmp_path):
    from playwright.sync_api import expect
    secret = tmp_path / "secret.txt"  # holds the very words the fact base quotes: read, it would be "valid"
    secret.write_text("Gizmo Capital will invest 5 billion dollars\n", encoding="utf-8")
    text = (MINIMAL / "facts.yaml").read_text(encoding="utf-8").replace("file: seeds/article.txt", f"file: {secret}")
    page = open_page(browser, f"{app_url}/factbase", "Fact base")
    upload(page, text, with_seed=False)
    expect(page.get_by_text(re.compile(r"problem\(s\); the app keeps the fact base it had"))).to_be_visible(
        timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"mine\.yaml:17: .*is an absolute path"))).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Use it in this session")).to_have_count(0)
