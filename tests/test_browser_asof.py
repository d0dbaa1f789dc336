"""The real app (`streamlit run`, headless Chromium), in English and German: a link with asof= opens the story as it
stood that day (the cap table's figures, the panel's date, the scorecard and the timeline agree), and the outcome
view says "not disclosed" in words. Waits are Playwright's retrying expect(), never fixed sleeps.

Needs Debian's Chromium at /usr/bin/chromium; without it these tests fail, never skip.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import REPO_ROOT, expect_page  # noqa: E402

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
from explainer.present import money  # noqa: E402
from explainer.present.i18n import _, speaking  # noqa: E402

SIDEBAR = '[data-testid="stSidebar"]'
MAIN = '[data-testid="stMain"]'


def words(lang: str, text: str, **kw) -> str:
    with speaking(lang):
        return _(text).format(**kw)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_link_with_asof_shows_that_stage(page, app_url, lang):
    from playwright.sync_api import expect
    page.goto(f"{app_url}/cap_table?asof=2026-01-29&lang={lang}")
    expect_page(page, words(lang, "Cap table"))
    with speaking(lang):
        date = money.date("2026-01-29")
        # 29 Jan (article 000, by hand): Amazon 50 + Nvidia 30 + Microsoft 10 + SoftBank 30 = 120 bn at about 830
        # post (read as post by the rule), 710 pre
        new, pre, post = (money.amount(x, "USD") for x in (120, 710, 830))
    expect(page.locator(SIDEBAR)).to_contain_text(date)  # the panel's date control stands at that stop
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics.nth(0)).to_contain_text(new)
    expect(metrics.nth(1)).to_contain_text(pre)
    expect(metrics.nth(2)).to_contain_text(post)
    assert "asof=2026-01-29" in page.url
    # the scorecard at that date: nothing had been announced, so nothing to score
    page.goto(f"{app_url}/scorecard?asof=2026-01-29&lang={lang}")
    expect_page(page, words(lang, "Scorecard: who was right?"))
    expect(page.locator(MAIN)).to_contain_text(words(
        lang, "By {date} the round had not been announced: there is no outcome yet to score against.", date=date))
    # the timeline says its date
    page.goto(f"{app_url}/timeline?asof=2026-01-29&lang={lang}")
    expect_page(page, words(lang, "Timeline"))
    expect(page.locator(MAIN)).to_contain_text(words(
        lang, "The story as of {date}: only what had been said by then.", date=date))


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_outcome_says_not_disclosed_in_words(page, app_url, lang):
    from playwright.sync_api import expect
    page.goto(f"{app_url}/cap_table?preset=outcome&lang={lang}")
    expect_page(page, words(lang, "Cap table"))
    with speaking(lang):
        new = money.amount(122, "USD")
    expect(page.locator('[data-testid="stMetric"]').nth(0)).to_contain_text(new)
    # the table is drawn on a canvas; the evidence behind it says it in words: Microsoft's amount, not disclosed
    page.get_by_text(words(lang, "Where these numbers come from"), exact=True).click()
    expect(page.locator(MAIN)).to_contain_text(words(lang, "Microsoft's investment in the round")
                                               if lang == "en" else "Microsofts Beitrag zur Runde")
    expect(page.locator(MAIN)).to_contain_text(": " + words(lang, "not disclosed") + " ·")
