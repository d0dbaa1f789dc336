"""The real app (`streamlit run`) in headless Chromium: links open the CLI's numbers, the address bar follows the
belief panel, beliefs survive page switches, a deep link works as a fresh server's first request, and no text
from a link or a fact base is ever run as markup or script.

Needs Debian's Chromium at /usr/bin/chromium (.ci/run installs it); without it these tests fail, never skip.
"""
from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import (CAP_TABLE_PLOT, REPO_ROOT, SHARE_LINK, SHARE_PANEL, SIDEBAR,  # noqa: E402
                             cap_table_from_traces, cli_scenario, expect_figures_drawn, expect_page, expected_cap_table,
                             hostile_factbase_files, open_share, plotly_traces, sidebar_select,
                             streamlit_server)
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

# Playwright's expect retries for 5 s by default; a busy machine needs longer, as page actions get (30 s)
expect.set_options(timeout=30_000)

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
from explainer.load.factbase import DEFAULT_FACTBASE, load_factbase  # noqa: E402
from explainer.present.labels import claim_labels  # noqa: E402

TOL = 1e-3
FB = load_factbase(DEFAULT_FACTBASE)
AMAZON = "Amazon's investment in the round"
NAV = {"overview": "Overview", "cap_table": "Cap table", "compute": "Compute and circularity",
       "sources": "Sources and disagreements", "scorecard": "Scorecard: who was right?",
       "worlds": "Every possible world", "timeline": "Timeline", "factbase": "Fact base"}
# Each page's title: the navigation's name, but the overview is titled by the fact base.
HEADING = {**NAV, "overview": FB.title}
PATH_PAGE = {"": "overview", **{name: name for name in NAV if name != "overview"}}


# ---------------------------------------------------------------- fixtures

@pytest.fixture
def new_page(browser):
    """Pages, each in a fresh context (its own Streamlit session); a dialog of any kind fails the test."""
    contexts, dialogs = [], []

    def make():
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        return page

    yield make
    for ctx in contexts:
        ctx.close()
    assert not dialogs, f"a page opened dialogs: {dialogs}"


def open_ready(page, url: str, heading: str) -> None:
    """Open URL and wait until the page titled HEADING has finished its final run (see expect_page)."""
    page.goto(url)
    expect_page(page, heading)


def assert_cap_table(traces: list[dict], cli: dict, what: str) -> None:
    got, want = cap_table_from_traces(traces), expected_cap_table(cli)
    assert list(got) == list(want), f"{what}: holders {list(got)} != CLI {list(want)}"
    for name, (after, before) in want.items():
        assert abs(got[name][0] - after) <= TOL, f"{what}: {name} after {got[name][0]} != CLI {after}"
        assert abs(got[name][1] - before) <= TOL, f"{what}: {name} before {got[name][1]} != CLI {before}"


def wait_cap_table(page, cli: dict, what: str) -> None:
    """Wait until the cap-table figure shows the CLI's stakes (plotly draws after the run), then compare them."""
    want = {name: list(v) for name, v in expected_cap_table(cli).items()}
    try:
        page.wait_for_function(
            """([sel, want, tol]) => { const el = document.querySelector(sel);
                 if (!el || !el.data) return false;
                 const names = el.data.map(t => t.name);
                 if (JSON.stringify(names) !== JSON.stringify(Object.keys(want))) return false;
                 return el.data.every(t => { const row = {}; t.y.forEach((y, i) => row[y] = t.x[i]);
                   return Math.abs(row['After the round'] - want[t.name][0]) <= tol
                       && Math.abs(row['Before the round'] - want[t.name][1]) <= tol; }); }""",
            arg=[CAP_TABLE_PLOT, want, TOL], timeout=30_000)
    except PlaywrightTimeout:  # the comparison below says what differs
        pass
    assert_cap_table(plotly_traces(page), cli, what)


def query_of(url: str) -> str:
    return urlsplit(url).query


def preset_box(page):
    return page.locator(SIDEBAR).get_by_role("combobox", name="Preset", exact=True)


def nav_to(page, page_name: str, path: str, heading: str | None = None) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=NAV[page_name]).first.click()
    page.wait_for_url(lambda u: urlsplit(u).path.rstrip("/") == f"/{path}".rstrip("/"))
    expect_page(page, heading or HEADING[page_name])


# ---------------------------------------------------------------- a fresh server's first request (own server)

@pytest.mark.parametrize("path", list(PATH_PAGE))
def test_deep_link_is_a_fresh_servers_first_request(new_page, path):
    """Streamlit, seeing pages/, runs a deep-linked page alone on a fresh server (pages/_parts.ignore_pages_folder);
    each page's address, as the first request a server gets, shows that page with the belief panel and the link's
    beliefs."""
    name = PATH_PAGE[path]
    with streamlit_server() as base:
        page = new_page()
        open_ready(page, f"{base}/{path}?preset=outcome", HEADING[name])
        assert urlsplit(page.url).path.strip("/") == path, f"/{path} opened {page.url}"
        expect(page.locator(SIDEBAR).get_by_text("Whom do you believe?")).to_be_visible()
        expect(preset_box(page)).to_have_value("outcome")
        if name == "cap_table":
            expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
            wait_cap_table(page, cli_scenario("preset=outcome"), "first request")
        assert parse_qs(query_of(page.url)).get("preset") == ["outcome"]


# ---------------------------------------------------------------- links open the CLI's numbers

LINKS = ["preset=outcome",
         "preset=low&fx=base",
         urlencode({"inv_amazon": claim_labels(FB, "inv_amazon")["a000_amazon_tbl"], "ranges": "high"})]


@pytest.mark.parametrize("query", LINKS)
def test_link_shows_the_cli_numbers(app_url, new_page, query):
    page = new_page()
    open_ready(page, f"{app_url}/cap_table?{query}", "Cap table")
    cli = cli_scenario(query)
    wait_cap_table(page, cli, query)
    # the run is over (open_ready), so a notice would be there now
    expect(page.get_by_text("could not be used"), f"{query}: a clean link got notices").to_have_count(0)
    # the scenario download is the CLI's JSON for the same view
    with page.expect_download() as dl:
        open_share(page).get_by_role("button", name="Scenario JSON").click()
    downloaded = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
    for key in ("rules", "valuation", "round", "cap_table", "flows", "circularity", "warnings"):
        assert downloaded[key] == cli[key], f"{query}: the downloaded JSON's {key} differs from the CLI's"


def test_overview_headlines_are_the_cli_numbers(app_url, new_page):
    from explainer.present import money
    page = new_page()
    open_ready(page, f"{app_url}/?preset=low&fx=base", HEADING["overview"])
    cli = cli_scenario("preset=low&fx=base")
    cur = cli["valuation"]["currency"]
    want = [money.amount(cli["round"]["total"], cur), money.amount(cli["valuation"]["pre"], cur),
            money.amount(cli["valuation"]["post"], cur)]
    values = page.locator('[data-testid="stMetricValue"]')
    for i, w in enumerate(want):
        expect(values.nth(i)).to_have_text(w)


# ---------------------------------------------------------------- the address bar follows the panel

def test_belief_change_updates_the_address_bar_and_the_link_reproduces_it(app_url, new_page):
    page = new_page()
    open_ready(page, f"{app_url}/cap_table", "Cap table")
    wait_cap_table(page, cli_scenario(""), "the default view")
    before = plotly_traces(page)
    label = claim_labels(FB, "inv_amazon")["a002_amazon"]
    sidebar_select(page, AMAZON, label)
    # the address carries the claim's id, never the picker's words
    page.wait_for_url(lambda u: parse_qs(query_of(u)).get("inv_amazon") == ["a002_amazon"])
    # the rerun has drawn the new figure; then it must finish, with nothing left over from the old view
    page.wait_for_function(f"() => JSON.stringify(document.querySelector('{CAP_TABLE_PLOT}').data.map(t => t.x))"
                           f" !== {json.dumps(json.dumps([t['x'] for t in before], separators=(',', ':')))}")
    expect_page(page, "Cap table")
    link = page.url
    cli = cli_scenario(query_of(link))
    wait_cap_table(page, cli, link)
    after = plotly_traces(page)
    # the share link (in the panel the sidebar's share button opens) is the address bar, and names its language too
    open_share(page)
    expect(page.locator(SHARE_LINK), "the 'Share this view' link is not the address bar").to_have_text(
        link + ("&" if "?" in link else "?") + "lang=en")

    other = new_page()  # a fresh context: another reader opening the link
    open_ready(other, link, "Cap table")
    wait_cap_table(other, cli, "the link opened by another reader")
    assert plotly_traces(other) == after
    expect(other.locator(SIDEBAR).get_by_role("combobox", name=AMAZON, exact=True)).to_have_value(label)


def test_switching_pages_keeps_the_beliefs(app_url, new_page):
    page = new_page()
    open_ready(page, f"{app_url}/?preset=outcome", HEADING["overview"])
    expect(preset_box(page)).to_have_value("outcome")
    nav_to(page, "compute", "compute")
    expect(preset_box(page)).to_have_value("outcome")
    assert parse_qs(query_of(page.url)).get("preset") == ["outcome"]
    nav_to(page, "cap_table", "cap_table")
    expect(preset_box(page)).to_have_value("outcome")
    assert parse_qs(query_of(page.url)).get("preset") == ["outcome"]
    wait_cap_table(page, cli_scenario("preset=outcome"), "after two page switches")


# ---------------------------------------------------------------- nothing from a link or a fact base runs

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
JS_LINK = "[click](javascript:window.__pwned=1)"
MD_IMAGE = "![x](x)"
HOSTILE_QUERY = urlencode([
    ("preset", SCRIPT), ("inv_amazon", IMG), ("inv_nvidia", JS_LINK), ("round_total", MD_IMAGE),
    ("valuation", "javascript:window.__pwned=1"), (IMG, "1"), ("trust", JS_LINK), ("ranges", IMG),
    ("source_topic", IMG), ("claims_topic", SCRIPT), ("claims_source", MD_IMAGE), ("page_output", JS_LINK),
    ("worlds_investor", IMG), ("score_scope", SCRIPT), ("timeline_entities", MD_IMAGE),
], quote_via=quote)


def what_ran(page, where: str) -> list[str]:
    """Signs that text was run as markup or script on the page; empty when none. Call it once the page's final run
    is over (expect_page): it waits for the figures, which plotly draws after the run, then looks."""
    expect_figures_drawn(page)
    found = []
    if page.evaluate("() => typeof window.__pwned") != "undefined":
        found.append(f"{where}: injected script ran")
    if page.locator('img[src="x"]').count():
        found.append(f"{where}: an injected <img src=x> is in the page")
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
    if [h for h in hrefs if h.strip().lower().startswith("javascript:")]:
        found.append(f"{where}: a javascript: link is in the page")
    if page.locator('[data-testid="stException"]').count():
        found.append(f"{where}: an exception is shown")
    return found


def assert_nothing_ran(page, where: str) -> None:
    found = what_ran(page, where)
    assert not found, "; ".join(found)


@pytest.mark.parametrize("path", ["", "cap_table", "sources", "factbase", "compute", "scorecard", "worlds",
                                  "timeline"])
def test_hostile_link_never_runs(app_url, new_page, path):
    page = new_page()
    page.goto(f"{app_url}/{path}?{HOSTILE_QUERY}")
    expect_page(page, HEADING[PATH_PAGE[path]])
    assert_nothing_ran(page, f"/{path}")
    notices = page.locator('[data-testid="stText"]').filter(has_text="• ")
    expect(notices.filter(has_text=SCRIPT), f"/{path}: the bad preset got no notice").not_to_have_count(0)
    expect(notices.filter(has_text=IMG), f"/{path}: the bad Amazon value got no notice").not_to_have_count(0)


@pytest.mark.parametrize("path, heading", [("scorecard", "Scorecard: who was right?"),
                                           ("worlds", "Every possible world"), ("timeline", "Timeline")])
def test_who_was_right_pages_draw_for_the_default_view_and_every_preset(app_url, new_page, path, heading):
    from explainer.engine.beliefs import PRESETS
    page = new_page()
    for query in [""] + [f"preset={p}" for p in PRESETS]:
        open_ready(page, f"{app_url}/{path}?{query}", heading)
        expect(page.locator(".js-plotly-plot").first, f"/{path}?{query}: no figure").to_be_visible()
        expect(preset_box(page), f"/{path}?{query}").to_have_value(query.partition("=")[2] or "trust")


def test_hostile_factbase_upload_never_runs(app_url, new_page):
    """A fact base whose every text carries markup, uploaded on the fact-base page and used on every page."""
    text, seed = hostile_factbase_files()
    page = new_page()
    open_ready(page, f"{app_url}/factbase", "Fact base")
    page.locator('.st-key-upload [data-testid="stFileUploaderDropzoneInput"]').set_input_files([
        {"name": "hostile.yaml", "mimeType": "application/yaml", "buffer": text.encode("utf-8")},
        {"name": "article.txt", "mimeType": "text/plain", "buffer": seed.encode("utf-8")}])
    page.get_by_role("button", name="Use it in this session").click()  # waits for the checked upload's button
    expect(page.get_by_text("You are exploring an uploaded fact base")).to_be_visible()
    expect_page(page, "Fact base")
    assert_nothing_ran(page, "factbase page after upload")
    found = []
    for name in NAV:  # every page, in the same session; all findings reported together
        nav_to(page, name, "" if name == "overview" else name, heading="Hostile" if name == "overview" else None)
        # the belief panel shows the uploaded fact base's one investment topic, 'Gizmo ...'
        expect(page.locator(SIDEBAR + ' [data-testid="stSelectbox"]').filter(has_text="Gizmo"),
               f"/{name}: the uploaded fact base is not in use").to_have_count(1)
        found += what_ran(page, f"/{name} with the hostile fact base")
    assert not found, "; ".join(found)


def download_chart(page) -> tuple[str, bytes]:
    """Click the first chart's camera button; the saved file's name and bytes."""
    plot = page.locator(CAP_TABLE_PLOT).first
    plot.hover()
    button = plot.locator('.modebar-btn[data-title^="Download plot"]')
    expect(button).to_be_visible()
    with page.expect_download() as dl:
        button.click()
    return dl.value.suggested_filename, Path(dl.value.path()).read_bytes()


def test_charts_save_as_svg_or_png_with_the_source_line(app_url, new_page):
    page = new_page()
    open_ready(page, f"{app_url}/cap_table", "Cap table")
    name, data = download_chart(page)
    assert name.endswith(".svg"), name
    text = data.decode("utf-8")
    assert text.lstrip().startswith("<svg")
    # the source line, wrapped into lines of its own (tspans): the image's text, tags taken out
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\xa0", " ").split())
    # the fact base's title and version, as the data has them (not as explainer.present.figures writes the line)
    assert f"Source: {' '.join(FB.title.split())} (fact base {FB.version}," in words, words[-300:]
    # the reader asks for PNG: the same button now saves a PNG image
    panel = open_share(page)  # the image format is chosen in the share panel
    panel.get_by_text("PNG", exact=True).click()
    expect(panel.get_by_role("radio", name="PNG")).to_be_checked()
    page.keyboard.press("Escape")  # the panel closes and uncovers the chart
    expect(page.locator(SHARE_PANEL)).to_have_count(0)
    plot = page.locator(CAP_TABLE_PLOT).first
    plot.hover()  # the mode bar shows on hover; its button now names PNG (plotly: 'Download plot as a PNG')
    expect(plot.locator('.modebar-btn[data-title="Download plot as a PNG"]')).to_have_count(1)
    name, data = download_chart(page)
    assert name.endswith(".png"), name
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
