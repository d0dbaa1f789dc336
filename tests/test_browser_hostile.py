"""A hostile reader in the real app (`streamlit run` + Debian's Chromium, issue 20): the 970 kB, 2,800-investor upload
is refused on the Fact base page at the line where it passes the entities' limit while another reader's cap table
still answers, and a link stuffed with thousands of unknown values opens with a short list of notices.

Two browser contexts are two readers with two Streamlit sessions on one server. Waits are Playwright's retrying
`expect(...)` on what the reader sees. Without Chromium these tests fail, never skip.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import SIDEBAR, cli_scenario, expect_page, sidebar_select  # noqa: E402
from explainer.load.factbase import DEFAULT_FACTBASE, LIMITS, load_factbase  # noqa: E402
from explainer.urlstate import MAX_NOTICES, notice_lines, parse_query  # noqa: E402
from test_browser import preset_box, wait_cap_table  # noqa: E402
from test_factbase import line_no  # noqa: E402
from test_hostile import investors  # noqa: E402
from test_upload_isolation import MINIMAL, TIMEOUT, open_page, upload  # noqa: E402


def test_the_2800_investor_upload_is_refused_at_its_line_and_another_reader_is_answered(app_url, browser):
    from playwright.sync_api import expect
    text = investors((MINIMAL / "facts.yaml").read_text(encoding="utf-8"), 2_800)
    assert 900_000 < len(text.encode()) < 1_000_000
    limit = LIMITS["entities"]
    line = line_no(text, f"  - {{id: e{limit - 2},name: I{limit - 2}}}")  # the fixture has two entities
    bob = open_page(browser, f"{app_url}/cap_table", "Cap table")
    alice = open_page(browser, f"{app_url}/factbase", "Fact base")

    upload(alice, text)
    expect(alice.get_by_text(re.compile(r"problem\(s\); the app keeps the fact base it had"))).to_be_visible(
        timeout=TIMEOUT)
    expect(alice.get_by_text(re.compile(
        rf"mine\.yaml:{line}: entities: more than {limit:,} items; the limit is {limit:,}"))).to_be_visible(
        timeout=TIMEOUT)
    expect(alice.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(
        1, timeout=TIMEOUT)
    expect(alice.get_by_role("button", name="Use it in this session")).to_have_count(0)
    expect(alice.locator(SIDEBAR).get_by_text("uploaded, this session only")).to_have_count(0)

    # The other reader, on the cap table all along, changes the preset and gets the CLI's numbers.
    sidebar_select(bob, "Preset", "low")
    expect(preset_box(bob)).to_have_value("low")
    expect_page(bob, "Cap table", timeout=TIMEOUT)
    wait_cap_table(bob, cli_scenario("preset=low"), "preset low, after the refused upload")


def test_a_stuffed_link_opens_with_a_short_list_of_notices(app_url, browser):
    from playwright.sync_api import expect
    query = "trust=" + ",".join(f"nobody{i}" for i in range(3_000))
    query += "".join(f"&bogus{i}=1" for i in range(150))
    _beliefs, notices, _views = parse_query(query, load_factbase(DEFAULT_FACTBASE))
    more = len(set(notices)) - MAX_NOTICES
    assert more > 100  # the link holds far more than the page shows
    shown = notice_lines(notices)
    assert len(shown) <= 11  # ten notices at most, then how many more

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{app_url}/?{query}")
    expect(page.get_by_text("This link carried values that could not be used")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(
        1, timeout=TIMEOUT)
    # one plain-text element: the first ten notices, then how many more
    texts = page.get_by_test_id("stText").filter(has_text="nobody")
    expect(texts).to_have_count(1, timeout=TIMEOUT)
    expect(texts).to_have_text("\n".join("• " + n for n in shown))
    assert shown[-1] == f"… and {more:,} more."
