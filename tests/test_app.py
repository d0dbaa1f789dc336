"""The app as a whole, run in-process with streamlit.testing.v1.AppTest: every page under every preset, hostile
links and fact bases, and the numbers on the cap-table page against the CLI for the same query string.

AppTest and Streamlit's pages/ folder: before every run AppTest 1.67 resets Streamlit's switch of its legacy pages/
mode, which then goes on because a pages/ folder sits beside streamlit_app.py, so every AppTest run would run a
non-default page's file *alone*, without the entry script and its belief panel. A served app is in that mode only
until its first st.navigation call. The `served` fixture makes AppTest behave like a served app after its first
request, through the app's one function for that switch (pages/_parts.ignore_pages_folder);
test_deep_link_as_first_run exercises the first request itself, without it.
"""
from __future__ import annotations

import contextlib
import contextvars
import io
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from explainer.engine.beliefs import NONE, PRESETS, default_beliefs  # noqa: E402
from explainer.cli import main as cli_main  # noqa: E402
from explainer.load.factbase import DEFAULT_FACTBASE, load_factbase, parse_factbase  # noqa: E402
from explainer.present.labels import claim_labels  # noqa: E402
from explainer.urlstate import to_query  # noqa: E402
from pages._parts import PAGES_FOLDER_FLAG, ignore_pages_folder  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_support import HOSTILE_FB_TOKENS, hostile_factbase_files  # noqa: E402
from conftest import APP, new_app  # noqa: E402,F401 (also imported from here by the other AppTest modules)

PAGES = ("overview", "cap_table", "compute", "sources", "scorecard", "worlds", "timeline", "factbase")
TOL = 1e-3
FB = load_factbase(DEFAULT_FACTBASE)


def cli(query: str) -> dict:
    """`python -m explainer scenario --query QUERY --format json`, in this process."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = contextvars.copy_context().run(cli_main, ["scenario", "--query", query, "--format", "json"])
    assert code == 0
    return json.loads(out.getvalue())


def exceptions(at: AppTest) -> str:
    return "\n\n".join(f"{e.message}\n{''.join(e.stack_trace)}" for e in at.exception)


def assert_page_ok(at: AppTest, page: str) -> None:
    assert not at.exception, f"page {page}: {exceptions(at)}"
    # the belief panel is there on every page, and the page itself drew something
    assert [s.key for s in at.sidebar.selectbox][:2] == ["preset", "inv_amazon"], f"page {page}: no belief panel"
    assert len(at.main.children) > 0, f"page {page}: nothing in the main area"
    assert not at.error, f"page {page}: st.error shown: {[e.value for e in at.error]}"


def markup_texts(at: AppTest) -> list[str]:
    """Everything the page hands to a Markdown renderer (bodies and widget labels); st.text and st.code excluded."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "info", "error", "success",
                 "latex"):
        out += [str(e.value) for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "radio", "button", "checkbox", "toggle", "text_input", "slider",
                 "select_slider", "number_input"):
        out += [str(getattr(e, "label", "")) for e in getattr(at, kind)]
    out += [str(m.label) for m in at.metric]
    out += [str(e.label) for e in at.expander]
    return out


def notices(at: AppTest) -> list[str]:
    return [line for t in at.text if str(t.value).startswith("• ") for line in str(t.value).splitlines()]


# ---------------------------------------------------------------- every page, every preset

@pytest.mark.parametrize("preset", [None, *PRESETS])
def test_every_page_renders_under_each_preset(served, preset):
    at = new_app({"preset": preset} if preset else None).run()
    want = preset or FB.defaults.preset
    for page in PAGES:
        if page != "overview":
            at.switch_page(f"pages/{page}.py").run()
        assert_page_ok(at, page)
        assert at.selectbox(key="preset").value == want, f"page {page}: the preset was lost"
        assert at.session_state["view"]["beliefs"].preset == want
        assert not notices(at), f"page {page}: a clean link got notices {notices(at)}"


# Run in a fresh interpreter: gc.freeze is never undone and freeze_once runs once per process, so in the pytest
# process the count would depend on which tests ran before.
FROZEN_ONCE = """
import gc, sys
sys.path[:0] = sys.argv[1:]
from conftest import new_app
from pages._parts import ignore_pages_folder
ignore_pages_folder(in_app_test=True)
at = new_app()
at.run()
assert not at.exception, at.exception
frozen = gc.get_freeze_count()
# importing streamlit alone leaves about 70,000 objects the collector tracks; the app's first run, far more
assert frozen > 50_000, frozen
made_later = [object()]  # a container the collector tracks, made after the first run
at.run()
assert not at.exception, at.exception
# not frozen by the later run: the collector still sees it (gc.get_objects leaves frozen objects out), and the
# frozen set did not grow (it shrinks as the first run's per-run objects are freed)
assert any(o is made_later for o in gc.get_objects())
assert gc.get_freeze_count() <= frozen, (gc.get_freeze_count(), frozen)
"""


def test_what_the_first_run_leaves_is_frozen_once():
    """Streamlit collects garbage after every run. The app moves what its process's first run leaves (modules, plotly's
    validators, the cached fact base) out of the collector's way once, with gc.freeze, so that a collection after a
    run does not walk them again; a later run freezes nothing more."""
    r = subprocess.run([sys.executable, "-c", FROZEN_ONCE, str(REPO_ROOT), str(Path(__file__).resolve().parent)],
                       cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]


def test_preset_chosen_in_the_panel_holds_across_pages(served):
    at = new_app().run()
    at.selectbox(key="preset").set_value("outcome").run()
    for page in PAGES:
        at.switch_page(f"pages/{page}.py").run()
        assert_page_ok(at, page)
        assert at.selectbox(key="preset").value == "outcome"
        assert at.session_state["view"]["beliefs"].preset == "outcome"


@pytest.mark.parametrize("page", PAGES)
def test_deep_link_as_first_run(page):
    """The first request a fresh server gets is a link to a page: Streamlit is still in its pages/ mode and runs
    the page's file alone. The app must still show its belief panel, the link's beliefs and the page."""
    at = new_app({"preset": "outcome"})
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, exceptions(at)
    assert [s.key for s in at.sidebar.selectbox][:1] == ["preset"], \
        f"/{page}?preset=outcome as the first request shows no belief panel"
    assert at.selectbox(key="preset").value == "outcome"
    assert len(at.main.children) > 0


def test_the_pages_folder_flag_is_where_streamlit_reads_it(monkeypatch):
    """The app keeps its pages/ folder by switching off Streamlit's legacy pages/ mode through one private flag, in one
    function. An upgrade that renames the flag fails here, by name, and in the app as a clear error."""
    import inspect

    import streamlit
    import streamlit.runtime.scriptrunner.script_runner as script_runner
    from streamlit.runtime.pages_manager import PagesManager

    assert PAGES_FOLDER_FLAG in vars(PagesManager), \
        f"Streamlit {streamlit.__version__}: no PagesManager.{PAGES_FOLDER_FLAG} (pages/_parts.ignore_pages_folder)"
    assert f"PagesManager.{PAGES_FOLDER_FLAG}" in inspect.getsource(script_runner), \
        f"Streamlit {streamlit.__version__}'s script runner no longer reads PagesManager.{PAGES_FOLDER_FLAG}"
    monkeypatch.setattr(PagesManager, PAGES_FOLDER_FLAG, True)
    was_on, restore = ignore_pages_folder()
    assert was_on and getattr(PagesManager, PAGES_FOLDER_FLAG) is False
    restore()
    assert getattr(PagesManager, PAGES_FOLDER_FLAG) is True
    monkeypatch.delattr(PagesManager, PAGES_FOLDER_FLAG)  # as an upgrade that renames it
    with pytest.raises(RuntimeError, match=f"no PagesManager.{PAGES_FOLDER_FLAG}"):
        ignore_pages_folder()


def test_a_switch_streamlit_no_longer_reads_is_an_error_not_a_rerun_loop(monkeypatch):
    """If switching the flag stopped taking a deep link out of the legacy mode, the page would run alone again after
    its rerun; the app says so once instead of rerunning forever."""
    import pages._parts as parts

    monkeypatch.setattr(parts, "ignore_pages_folder", lambda **kwargs: (True, lambda: None))
    shipped = st_config.get_option("client.showErrorDetails")
    st_config.set_option("client.showErrorDetails", "full")  # readers get no details; this test reads the message
    try:
        at = new_app({"preset": "outcome"})
        at.switch_page("pages/cap_table.py")
        at.run()
    finally:
        st_config.set_option("client.showErrorDetails", shipped)
    assert len(at.exception) == 1 and "the switch no longer works" in at.exception[0].message, exceptions(at)


def test_scorecard_without_a_valuation_shows_a_dash(served):
    """?valuation=none&val_prior=none: no stakes after the round, so 'Cap table off by' has no number (was 'nan pts')."""
    at = new_app({"valuation": "believe no source", "val_prior": "believe no source"}).run()
    at.switch_page("pages/scorecard.py").run()
    assert not at.exception, exceptions(at)
    assert not notices(at), notices(at)
    off_by = [m for m in at.metric if m.label == "Cap table off by"]
    assert len(off_by) == 1
    assert off_by[0].value == "–"
    assert "no cap table to compare" in off_by[0].help


# ---------------------------------------------------------------- hostile links

MARKUP = ("<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "<script>alert(1)</script>",
          "![x](https://example.org/x.png)")
LONG = "x" * 5000
HOSTILE = {
    "preset": MARKUP[0],
    "inv_nvidia": MARKUP[1],
    "round_total": MARKUP[0],
    "valuation": MARKUP[3],
    "inv_amazon": ["a002_amazon", LONG],  # a repeated key: the last one counts
    MARKUP[2]: "1",  # an unknown key that is markup itself
    "utm_source": "newsletter",
    "trust": "nonexistent",
    "ranges": MARKUP[1],
}


@pytest.mark.parametrize("page", PAGES)
def test_hostile_link_shows_notices_and_renders_nothing(served, page):
    at = new_app(HOSTILE)
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    at.run()
    assert_page_ok(at, page)
    shown = notices(at)
    expected = [
        f"'{MARKUP[0]}' is not a choice for preset",
        f"No claim '{MARKUP[1]}' on 'Nvidia's investment in the round'",
        f"No claim '{MARKUP[0]}' on 'Size of the round'",
        f"No claim '{MARKUP[3]}' on 'OpenAI's valuation in the round'",
        "No claim 'xxxxxxxx",
        f"Unknown link parameter '{MARKUP[2]}' was ignored",
        "Unknown link parameter 'utm_source' was ignored",
        "The trust order names an unknown source 'nonexistent'",
        f"'{MARKUP[1]}' is not a choice for ranges",
    ]
    for e in expected:
        assert any(e in n for n in shown), f"no notice containing {e!r}; notices: {shown}"
    assert all(len(n) < 300 for n in shown), "a notice repeats a long value in full"
    assert any("could not be used" in w.value for w in at.warning)
    # everything fell back: the scenario is the default one
    b = at.session_state["view"]["beliefs"]
    assert b == default_beliefs(FB), b
    for text in markup_texts(at):
        for token in (*MARKUP, LONG[:100]):
            assert token not in text, f"raw {token[:40]!r} reached a Markdown renderer: {text[:200]!r}"


def test_notices_can_be_dismissed(served):
    at = new_app({"preset": MARKUP[0]}).run()
    assert notices(at)
    at.button(key="dismiss_notices").click().run()
    assert not at.exception, exceptions(at)
    assert not notices(at)


@pytest.mark.parametrize("page", PAGES)
def test_hostile_factbase_text_is_never_markup(served, page):
    text, seed = hostile_factbase_files()
    fb, problems = parse_factbase(text, "hostile.yaml", seed_texts={"seeds/article.txt": seed})
    assert fb is not None and not problems, problems
    at = new_app()
    at.session_state["uploaded_factbase"] = fb
    at.session_state["use_uploaded"] = True
    at.session_state["share_open"] = True  # the share panel's texts are checked too
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, exceptions(at)
    assert at.session_state["view"]["uploaded"] is True
    for t in markup_texts(at):
        for token in HOSTILE_FB_TOKENS:
            assert token not in t, f"page {page}: raw {token!r} reached a Markdown renderer: {t[:200]!r}"


def test_the_share_panel_is_made_only_while_open_and_keeps_the_image_format(served):
    """A belief change does not re-send the share panel's link, downloads and embed code while the panel is closed;
    the image format chosen in it stays the charts' format after the panel is closed."""
    at = new_app({"preset": "high"})
    at.switch_page("pages/cap_table.py").run()
    assert not at.exception, exceptions(at)
    assert not at.sidebar.code and not at.get("download_button")  # closed: only its button was sent
    at.session_state["share_open"] = True  # the reader opens the panel
    at.run()
    link, embed = [str(c.value) for c in at.sidebar.code]
    assert "preset=high" in link and "lang=en" in link and "embed=true" in embed
    assert [b.proto.label for b in at.get("download_button")] == ["Scenario JSON", "Scenario CSV"]
    at.sidebar.radio(key="image_format").set_value("png").run()
    at.session_state["share_open"] = False  # and closes it
    for preset in ("low", "mid"):  # two runs: Streamlit forgets an undrawn widget's state after the first
        at.selectbox(key="preset").set_value(preset).run()
        assert not at.exception, exceptions(at)
        assert not at.sidebar.code
        config = json.loads(at.get("plotly_chart")[0].proto.config)
        assert config["toImageButtonOptions"]["format"] == "png", f"after a change to {preset}"


@pytest.mark.parametrize("factbase", ["bundled", "minimal"])
def test_every_page_keeps_the_share_link_and_footer(served, factbase):
    """The entry script draws the share link, the downloads and the footer after the page: a page must not end the
    run early (st.stop) or the sidebar loses them on that page."""
    at = new_app()
    if factbase == "minimal":
        minimal = load_factbase(REPO_ROOT / "tests" / "fixtures" / "minimal" / "facts.yaml")
        at.session_state["uploaded_factbase"] = minimal
        at.session_state["use_uploaded"] = True
    at.session_state["share_open"] = True  # the reader opened the share panel
    at.run()
    missing = []
    for page in PAGES:
        if page != "overview":
            at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, f"page {page}: {exceptions(at)}"
        assert at.session_state["view"]["uploaded"] is (factbase == "minimal")
        share = [c.value for c in at.sidebar.code]
        footer = [c.value for c in at.sidebar.caption if str(c.value).startswith("Fact base:")]
        if not share or not footer:
            missing.append(page)
    assert not missing, f"with the {factbase} fact base, these pages lose the sidebar's share link and footer: {missing}"


# ---------------------------------------------------------------- the numbers: app == CLI for the same query

def shown_number(x, locale: str = "en_GB") -> float | None:
    """A number as a table shows it (text written by explainer.present.money in the page's language, '–' for none)."""
    from babel.numbers import parse_decimal

    if x is None or (isinstance(x, float) and x != x):
        return None
    if isinstance(x, (int, float)):
        return float(x)
    text = str(x).strip().lstrip("+").replace("−", "-")
    return None if text in ("", "–") else float(parse_decimal(text, locale=locale, strict=False))


def shown_tolerance(x, decimal_sign: str = ".") -> float:
    """Half a unit of the last digit a table shows: '22.24' is right for 22.2412; numbers as numbers: TOL."""
    if not isinstance(x, str):
        return TOL
    digits = len(x.rsplit(decimal_sign, 1)[1]) if decimal_sign in x else 0
    return 0.5 * 10 ** -digits + 1e-9


def assert_cap_table_matches_cli(at: AppTest, query: str, what: str) -> dict:
    assert not at.exception, f"{what}: {exceptions(at)}"
    expected = cli(query)
    frame = at.dataframe[0].value
    cur = expected["valuation"]["currency"]
    columns = {"Before (%)": "before_pct", f"New money (bn {cur})": "new_money", "After (%)": "after_pct",
               "Change (pts)": "change_pts", f"Value at post-money (bn {cur})": "value_after"}
    assert list(frame["Holder"]) == [r["name"] for r in expected["cap_table"]], f"{what}: holders differ"
    for (_, row), want in zip(frame.iterrows(), expected["cap_table"]):
        for col, key in columns.items():
            if want["state"] == "undisclosed" and key != "before_pct":  # words where the CLI has no figure
                assert row[col] == "not disclosed", f"{what}: {row['Holder']} {col} = {row[col]!r}"
                continue
            got, exp = shown_number(row[col]), want[key]
            if exp is None:
                assert got is None, f"{what}: {row['Holder']} {col} = {got}, CLI has none"
            else:
                assert abs(got - exp) <= shown_tolerance(row[col]), \
                    f"{what}: {row['Holder']} {col}: app {row[col]}, CLI {exp} ({query})"
    return expected


def cap_numbers(d: dict) -> list:
    return [(r["holder"], r["after_pct"], r["new_money"]) for r in d["cap_table"]]


def _select(key, value):
    return lambda at: at.selectbox(key=key).set_value(value)


def _radio(key, value):
    return lambda at: at.radio(key=key).set_value(value)


# (what, how the reader changes it, what that means for the beliefs); applied one after the other
STEPS = [
    ("pick Amazon 'at least 10'", _select("inv_amazon", "a002_amazon"), lambda b: b.with_pick("inv_amazon", "a002_amazon")),
    ("preset high", _select("preset", "high"), lambda b: replace(b, preset="high")),
    ("fx=base", _radio("fx", "base"), lambda b: replace(b, fx="base")),
    ("pick Amazon '20-50'", _select("inv_amazon", "a000_amazon_tbl"), lambda b: b.with_pick("inv_amazon", "a000_amazon_tbl")),
    ("ranges=low", _radio("ranges", "low"), lambda b: replace(b, ranges="low")),
    ("basis=pre", _radio("basis", "pre"), lambda b: replace(b, basis="pre")),
    ("believe no source on Amazon", _select("inv_amazon", NONE), lambda b: b.with_pick("inv_amazon", NONE)),
    ("preset low", _select("preset", "low"), lambda b: replace(b, preset="low")),
    ("preset trust", _select("preset", "trust"), lambda b: replace(b, preset="trust")),
    ("trust order Article 002, Article 000", lambda at: at.multiselect(key="trust").set_value(["a002", "a000"]),
     lambda b: replace(b, trust=("a002", "a000"))),
    ("preset outcome", _select("preset", "outcome"), lambda b: replace(b, preset="outcome")),
    ("back to following the preset", _select("inv_amazon", "__follow__"), lambda b: b.with_pick("inv_amazon", None)),
]


def test_belief_changes_give_the_cli_numbers(served):
    at = new_app().run()
    at.switch_page("pages/cap_table.py").run()
    beliefs = default_beliefs(FB)
    previous = assert_cap_table_matches_cli(at, "", "default view")
    for what, change, expect in STEPS:
        change(at)
        at.run()
        beliefs = expect(beliefs)
        query = to_query(beliefs, FB)
        assert at.session_state["view"]["query"] == query, f"{what}: the share link's query differs"
        d = assert_cap_table_matches_cli(at, query, what)
        assert cap_numbers(d) != cap_numbers(previous), f"{what} did not change the cap table: a weak step"
        previous = d


def q(**params) -> str:
    from urllib.parse import urlencode
    return urlencode(params)


LINKS = [
    "preset=low&preset=high",  # repeated: the last counts, for the app as for the CLI
    "preset=low&fx=base",
    "ranges=high&" + q(inv_amazon=claim_labels(FB, "inv_amazon")["a000_amazon_tbl"]),
    "inv_amazon=a000_amazon&" + q(inv_amazon=claim_labels(FB, "inv_amazon")["a002_amazon"]),
    "inv_amazon=none&round_total=a001_total&fx=base",
    "inv_amazon=believe+no+source&preset=latest",
    "trust=a001%2Ca000",
    "trust=Article+001&trust=Article+000&basis=pre",
    "valuation=" + q(x=claim_labels(FB, "valuation")["a000_valuation"])[2:] + "&basis=pre&ranges=low",
    "preset=outcome&fb=" + FB.version,  # a link made with this version: no notice
]


@pytest.mark.parametrize("query", LINKS)
def test_link_gives_the_cli_numbers(served, query):
    params: dict[str, list[str]] = {}
    for k, v in parse_qsl(query, keep_blank_values=True):
        params.setdefault(k, []).append(v)
    at = new_app({k: v if len(v) > 1 else v[0] for k, v in params.items()})
    at.switch_page("pages/cap_table.py").run()
    assert not notices(at), notices(at)
    assert_cap_table_matches_cli(at, query, query)


def test_a_stuffed_link_shows_a_few_notices_in_one_element(served):  # noqa: F811
    """3,000 unknown sources in the trust order and 150 unknown parameters: ten notices and how many more, in one
    element, not 3,001."""
    at = new_app({"trust": ",".join(f"nobody{i}" for i in range(3_000)),
                  **{f"bogus{i}": "1" for i in range(150)}})
    at.run()
    assert not at.exception, exceptions(at)
    lists = [t.value for t in at.text if str(t.value).startswith("• ")]
    assert len(lists) == 1, lists
    lines = lists[0].splitlines()
    assert len(lines) == 11 and re.fullmatch(r"• … and [\d,]+ more\.", lines[-1]), lines[-3:]
