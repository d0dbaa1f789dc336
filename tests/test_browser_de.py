"""The real app in German (`streamlit run`, headless Chromium): every page opened with ?lang=de shows no English
interface text, and a link made in German, opened in English, believes the same claims (the cap-table figure
against the CLI). Waits are Playwright's retrying expect(), never fixed sleeps.

Needs Debian's Chromium at /usr/bin/chromium; without it these tests fail, never skip.
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from browser_support import (CAP_TABLE_PLOT, CUT_OPTIONS, PAGE_CHARTS, PLOT, REPO_ROOT, SHARE_LINK,  # noqa: E402
                             cli_scenario, expect_page, expected_cap_table, html_escape_name, open_share, open_with_charts, plotly_traces, select)

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
from explainer.load.factbase import DEFAULT_FACTBASE, load_factbase  # noqa: E402
from explainer.present.i18n import _, localized, speaking  # noqa: E402

FB = load_factbase(DEFAULT_FACTBASE)
TITLES = {"": None, "cap_table": "Cap table", "compute": "Compute and circularity",
          "sources": "Sources and disagreements", "scorecard": "Scorecard: who was right?",
          "worlds": "Every possible world", "timeline": "Timeline", "factbase": "Fact base"}


def heading(path: str, lang: str) -> str:
    """The page's title (its h1) as a reader of LANG sees it; the overview's is the fact base's title."""
    with speaking(lang):
        return localized(FB, "title") if not TITLES[path] else _(TITLES[path])

# Interface phrases that must not be seen in German (page titles, sidebar, navigation, evidence, rules).
ENGLISH = ("Whom do you believe?", "Share this view", "Embed this view", "Where these numbers come from",
           "Cap table", "Every possible world", "Preset", "Per topic", "Trust order", "Currency labels",
           "Sources and disagreements", "Scorecard: who was right?", "Compute and circularity", "The round",
           "The sources", "as the preset says", "Overview", "Timeline", "Scenario JSON", "Rules")
TOL = 0.01
EXPECT_TIMEOUT = 30_000  # expect() retries this long: the first run of a page on a busy machine takes seconds
CLAIM = "a000_amazon_tbl"  # Article 000's table: Amazon 20 to 50 bn


def open_ready(page, url: str, title: str) -> None:
    """Open URL and wait until its page, titled TITLE, has finished its final run (browser_support.expect_page)."""
    page.goto(url)
    expect_page(page, title)


@pytest.mark.parametrize("path", list(TITLES))
def test_no_english_interface_text_in_german(page, app_url, path):
    from playwright.sync_api import expect
    open_ready(page, f"{app_url}/{path}?lang=de", heading(path, "de"))
    body = page.locator("body")
    # the German app has drawn: the sidebar's question, the share button and the page's navigation; the share
    # panel is opened, so that its words (embed, downloads, image format) are on the page too
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Wem glauben Sie?")
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Diese Ansicht teilen")
    expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text("Eigentümerstruktur")
    expect(open_share(page)).to_contain_text("Diese Ansicht einbetten")
    for phrase in ENGLISH:
        expect(body).not_to_contain_text(phrase)


def cap_table_figure(page, after: str, before: str) -> list[tuple[str, float, float]]:
    """(holder, after %, before %) in the figure's order, its bars named in the page's language."""
    out = []
    for t in plotly_traces(page, CAP_TABLE_PLOT):
        by_row = dict(zip(t["y"], t["x"]))
        out.append((html.unescape(t["name"]), by_row[after], by_row[before]))
    return out


def assert_matches(shown: list, cli: dict, what: str, names: bool = True) -> None:
    """The figure's stakes are the CLI's, holder by holder (in the same order); the names too where the page
    speaks English (the CLI's JSON is language-neutral: English names)."""
    widths = expected_cap_table(cli)  # by escaped name; an undisclosed stake's bar is what the others leave
    want = [(r["name"], widths[html_escape_name(r["name"])][0], r["before_pct"]) for r in cli["cap_table"]]
    assert len(shown) == len(want), f"{what}: {shown} vs CLI {want}"
    for (name, after, before), (cli_name, cli_after, cli_before) in zip(shown, want):
        assert not names or name == cli_name, f"{what}: holder {name!r} vs CLI {cli_name!r}"
        assert abs(after - cli_after) <= TOL and abs(before - cli_before) <= TOL, \
            f"{what}: {name} {(after, before)} vs CLI {(cli_after, cli_before)}"


def test_german_link_opened_in_english_believes_the_same(page, app_url):
    from playwright.sync_api import expect
    open_ready(page, f"{app_url}/cap_table?lang=de&inv_amazon={CLAIM}", heading("cap_table", "de"))
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Wem glauben Sie?")
    # the link the German reader shares: the address bar and the share box carry ids and lang=de
    expect(page).to_have_url(re.compile(r"lang=de"))
    open_share(page)
    share = page.locator(SHARE_LINK)
    expect(share).to_contain_text(f"inv_amazon={CLAIM}")
    link = share.inner_text().strip()
    params = parse_qsl(urlsplit(link).query)
    assert ("lang", "de") in params and ("inv_amazon", CLAIM) in params, link
    query = urlencode([(k, v) for k, v in params if k != "lang"])
    expected = cli_scenario(query)
    assert_matches(cap_table_figure(page, "Nach der Runde", "Vor der Runde"), expected, "German", names=False)

    english = urlencode([(k, "en" if k == "lang" else v) for k, v in params])
    open_ready(page, f"{app_url}/cap_table?{english}", heading("cap_table", "en"))
    expect(page.locator('[data-testid="stSidebar"]')).to_contain_text("Whom do you believe?")
    expect(page).to_have_url(re.compile(rf"inv_amazon={CLAIM}"))
    assert_matches(cap_table_figure(page, "After the round", "Before the round"), expected, "English")
    # and the claim really is believed: the CLI's figures differ from the defaults'
    assert expected["cap_table"] != cli_scenario("")["cap_table"]


def test_a_page_view_chosen_in_german_travels_as_an_id(page, app_url):
    """A German reader picks a topic on the Sources page: the address and the share link carry its id (not the
    German label Streamlit's binding would write), and the link opened in English shows the same topic."""
    from playwright.sync_api import expect
    open_ready(page, f"{app_url}/sources?lang=de", heading("sources", "de"))
    with speaking("de"):
        german = localized(FB.topic["val_prior"], "label")
    with speaking("en"):
        english = localized(FB.topic["val_prior"], "label")
    assert german != english
    select(page, '[data-testid="stMain"]', "Thema", german)
    expect(page).to_have_url(re.compile(r"[?&]source_topic=val_prior(&|$)"))
    open_share(page)
    share = page.locator(SHARE_LINK)
    expect(share).to_contain_text("source_topic=val_prior")
    params = parse_qsl(urlsplit(share.inner_text().strip()).query)
    english_link = urlencode([(k, "en" if k == "lang" else v) for k, v in params])
    open_ready(page, f"{app_url}/sources?{english_link}", heading("sources", "en"))
    expect(page.locator('[data-testid="stMain"]').get_by_role("combobox", name="Topic", exact=True)
           ).to_have_value(english)


def test_the_trust_order_offers_the_sources_only(page, app_url):
    """The trust order's list holds the sources, by their German names, and nothing else: no bulk 'Select all'
    (an English phrase Streamlit does not translate, which would only spell out the fact base's order)."""
    from playwright.sync_api import expect
    open_ready(page, f"{app_url}/cap_table?lang=de&preset=trust", heading("cap_table", "de"))
    with speaking("de"):
        label = _("Trust order (first that speaks wins)")
        expected = [localized(s, "name") for s in FB.sources]
    box = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=label)
    box.focus()
    box.press("ArrowDown")
    options = page.get_by_role("listbox").get_by_role("option")
    # the list draws only the options in view: the first is the first source, and none is a bulk action
    expect(options.first).to_have_text(expected[0], timeout=EXPECT_TIMEOUT)
    expect(options.nth(1)).to_have_text(expected[1])
    for bulk in ("Select all", "Alle auswählen"):
        expect(page.get_by_role("option", name=bulk)).to_have_count(0)


def test_the_upload_limit_is_said_in_german_only(page, app_url):
    """Streamlit words the upload limit in English only ('1MB per file'): the German fact-base page says it in the
    paragraph above the uploader (the fact base at most 1.000 kB, each article 200 kB) and hides Streamlit's line."""
    from playwright.sync_api import expect
    open_ready(page, f"{app_url}/factbase?lang=de", heading("factbase", "de"))
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Faktenbasis (.yaml)")
    expect(uploader).to_be_visible()
    expect(uploader).to_contain_text("Faktenbasis (.yaml) und ihre Artikeltexte (.txt)")
    paragraph = page.get_by_test_id("stMarkdownContainer").filter(has_text="Laden Sie eine YAML-Datei")
    expect(paragraph).to_contain_text("(höchstens 1.000 kB)")
    expect(paragraph).to_contain_text("jede höchstens 200 kB")
    expect(uploader.get_by_test_id("stFileUploaderDropzoneInstructions")).to_be_hidden()
    # the uploader of 'Entwurf aus Artikeln' too
    drafts = page.get_by_test_id("stFileUploader").filter(has_text="Artikel (.txt)")
    expect(drafts).to_be_visible()
    expect(page.get_by_test_id("stMarkdownContainer").filter(has_text="Laden Sie bis zu 20 Artikel")).to_contain_text(
        "je höchstens 200 kB")
    expect(drafts.get_by_test_id("stFileUploaderDropzoneInstructions")).to_be_hidden()
    for line in range(2):  # Streamlit's line under each of the two uploaders
        expect(page.get_by_text("per file").nth(line)).to_be_hidden()


def open_list(page, box):
    """Open a selectbox's list and return CUT_OPTIONS once its options are drawn."""
    from playwright.sync_api import expect
    box.scroll_into_view_if_needed()
    box.click()
    expect(page.get_by_role("option").first).to_be_visible()
    return page.evaluate(CUT_OPTIONS)


def test_every_claim_in_the_panel_reads_in_full(page, app_url):
    """German claim labels are the longest ('Artikel 003 (Fließtext, 2.): bis zu 50 Mrd. USD'). In a per-topic
    group the sidebar's boxes are about 190 px wide; the list they open is wider, so that no claim is cut off
    before its number (two in five were)."""
    from playwright.sync_api import expect
    open_ready(page, f"{app_url}/cap_table?lang=de&preset=low", heading("cap_table", "de"))
    boxes = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').get_by_role("combobox")
    # the preset and the 9 topics of the two groups open on a first visit; a fresh browser draws the sidebar's
    # widgets as placeholders until their code has loaded (about 4 s after the run on this machine)
    expect(boxes).to_have_count(10, timeout=EXPECT_TIMEOUT)
    shown = 0
    for i in range(1, 10):
        width = boxes.nth(i).bounding_box()["width"]
        got = open_list(page, boxes.nth(i))
        assert not got["cut"], f"picker {i}: cut off: {got['cut']}"
        assert got["list"]["w"] > width + 100
        shown += got["shown"]
        page.keyboard.press("Escape")
        expect(page.get_by_role("option")).to_have_count(0)
    # every topic offers 'as the preset says', its claims and 'believe no source': all of them were looked at
    assert shown == sum(len(FB.claims_by_topic[t.id]) + 2 for t in FB.topics if t.group in ("round", "valuation")
                        and FB.claims_by_topic.get(t.id))


# ---------------------------------------------------------------- every chart's text in German

# Every text a chart holds: the strings of its traces a reader sees (names, bar and node labels, hover templates
# and their data) and of its layout (title, axis titles, annotations), and every text element drawn in its SVG
# (tick labels, legend, sankey labels, the source line).
CHART_TEXTS = """(plot) => {
  const out = [];
  const KEYS = new Set(['name', 'text', 'hovertext', 'hovertemplate', 'texttemplate', 'customdata', 'label']);
  const walk = (v, key) => {
    if (typeof v === 'string') { if (KEYS.has(key)) out.push(v); }
    else if (Array.isArray(v)) v.forEach(x => walk(x, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, KEYS.has(key) ? key : k);
  };
  (plot.data || []).forEach(t => walk(t, ''));
  const layout = plot.layout || {};
  for (const [k, v] of Object.entries(layout)) {
    if (k === 'title' || /^[xy]axis\\d*$/.test(k)) out.push(((v || {}).title || v || {}).text || '');
  }
  (layout.annotations || []).forEach(a => out.push(a.text || ''));
  plot.querySelectorAll('.main-svg text').forEach(t => out.push(t.textContent));
  return out.filter(Boolean);
}"""
# English a German chart must not show: unit words, and words German does not share (an English "in" is one that
# ends its phrase, '50 in,': German's "in" always has its object after it). Case matters: "Post-Money" is German.
ENGLISH_IN_CHARTS = re.compile(
    r"\b(bn|mn|tn|pts|committed|invested|Article|the|The|of|and|per|your|beliefs|round|stake|claims?|worlds?"
    r"|after|before|closed|announced|reported|talks|agreed|hit|miss|lowest|highest|equity|commitment|capacity"
    r"|earlier|intent|cross-stake|itemised|Source|[Pp]re-money|[Pp]ost-money|log scale|share|said|when|exact"
    r"|about|up to|at least|above|below|range)\b|\bin(?=\s*(,|<br>|$))")


def english_in(texts: list[str]) -> list[str]:
    """The English words in TEXTS, each with the text it stands in; markup and plotly's %{...} left out."""
    found = []
    for text in texts:
        plain = re.sub(r"%\{[^}]*\}|<extra>.*?</extra>", " ", text)
        plain = html.unescape(re.sub(r"<br\s*/?>", "<br>", re.sub(r"<(?!br)[^>]+>", " ", plain)))
        for line in plain.split("<br>"):
            m = ENGLISH_IN_CHARTS.search(line.strip())
            if m:
                found.append(f"{m.group(0)!r} in {line.strip()[:80]!r}")
    return found


def test_english_in_charts_finds_what_the_review_found():
    """The check itself: the network chart's English edge labels and the sankey's '... in, ... committed' of the
    German review are found, the German wording is not."""
    assert english_in(["50 bn USD", "802 bn USD"]) and english_in(["OpenAI:<br>110 in,<br>610 committed"])
    assert english_in(["Article 003: up to 50"]) and english_in(['<span style="x">Source: facts</span>'])
    assert not english_in(["50 Mrd. USD", "OpenAI:<br>110 investiert,<br>610 zugesagt", "Anteile in % nach der Runde",
                           "Post-Money 852 Mrd. USD", "%{label} Mrd. USD<extra></extra>"])


@pytest.mark.parametrize("path", list(PAGE_CHARTS))
def test_every_chart_speaks_german(page, app_url, path):
    """Every chart on every page, with lang=de: no English unit or word in any text it draws or holds for hover."""
    open_with_charts(page, f"{app_url}/{path}{'&' if '?' in path else '?'}lang=de", PAGE_CHARTS[path])
    plots = page.locator(PLOT)
    found = []
    for i in range(plots.count()):
        texts = plots.nth(i).evaluate(CHART_TEXTS)
        assert texts, f"chart {i + 1} of /{path} holds no text"
        found += [f"chart {i + 1}: {f}" for f in english_in(texts)]
    assert not found, f"/{path}?lang=de:\n" + "\n".join(found)


# ---------------------------------------------------------------- each chart's text alternative in German

@pytest.mark.parametrize("path", [p for p, n in PAGE_CHARTS.items() if n])
def test_every_charts_summary_and_table_speak_german(page, app_url, path):
    """Right under every chart its summary (a caption) and 'Grafik als Tabelle'; the table, opened, in German."""
    from playwright.sync_api import expect

    open_with_charts(page, f"{app_url}/{path}{'&' if '?' in path else '?'}lang=de", PAGE_CHARTS[path])
    # the element after each chart's: its summary
    summaries = page.locator('[data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) + '
                             '[data-testid="stElementContainer"] [data-testid="stCaptionContainer"]')
    expect(summaries).to_have_count(PAGE_CHARTS[path], timeout=EXPECT_TIMEOUT)
    texts = summaries.all_inner_texts()
    assert all(any(ch.isdigit() for ch in t) for t in texts) and not english_in(texts), texts
    boxes = page.locator('[data-testid="stExpander"] summary', has_text="Grafik als Tabelle")
    assert boxes.count() >= 1
    boxes.first.click()
    table = page.locator('[data-testid="stExpander"]:has(summary:has-text("Grafik als Tabelle")) table').first
    expect(table).to_be_visible(timeout=EXPECT_TIMEOUT)
    cells = table.locator("th, td").all_inner_texts()
    assert len(cells) >= 4 and not english_in(cells), cells
