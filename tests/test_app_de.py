"""The app in German (?lang=de), run in-process with AppTest: every page without exceptions, German numbers on the
cap-table page and the same figures as in English, a German link's beliefs read the same in English, and the
sidebar's language switch writes lang into the address, the share link and the embed snippet."""
from __future__ import annotations

import pytest
from test_app import FB, PAGES, assert_page_ok, cli, exceptions, new_app, shown_number, shown_tolerance

from explainer.present.labels import entity_name
from explainer.present.i18n import speaking
from explainer.urlstate import to_query

GERMAN_LOCALE, ENGLISH_LOCALE = "de_DE", "en_GB"


def param(at, key: str) -> list[str]:
    """A parameter of the address after the run, as a list (AppTest gives one value as a string)."""
    value = at.query_params.get(key)
    return [] if value is None else [value] if isinstance(value, str) else list(value)


@pytest.mark.parametrize("lang", ["de"])
def test_every_page_renders_in_german(served, lang):
    at = new_app({"lang": lang}).run()
    for page in PAGES:
        if page != "overview":
            at.switch_page(f"pages/{page}.py").run()
        assert_page_ok(at, page)
        assert [h.value for h in at.sidebar.header] == ["Wem glauben Sie?"], f"page {page}: sidebar not German"
        assert not any("Whom do you believe" in str(h.value) for h in at.sidebar.header)
        footer = [str(c.value) for c in at.sidebar.caption if str(c.value).startswith("Faktenbasis:")]
        assert footer, f"page {page}: no German footer"


def assert_holders(holders_de: list[str], holders_en: list[str], query: str) -> None:
    """The same holders in the same order: each in its language (the CLI's JSON has ids and English names)."""
    ids = [r["holder"] for r in cli(query)["cap_table"]]
    with speaking("de"):
        assert holders_de == [entity_name(FB, h) for h in ids]
    with speaking("en"):
        assert holders_en == [entity_name(FB, h) for h in ids]


def cap_table(at, locale: str) -> tuple[list[str], list[list[float | None]], dict[str, str]]:
    """Holders, the table's numbers (parsed in the page's language) and the metrics, from the cap-table page."""
    frame = at.dataframe[0].value
    holders = [str(h) for h in frame.iloc[:, 0]]
    numbers = [[shown_number(x, locale) for x in row[1:]] for row in frame.itertuples(index=False)]
    metrics = {str(m.label): str(m.value) for m in at.metric}
    return holders, numbers, metrics


def open_cap_table(query: dict):
    at = new_app(query)
    at.switch_page("pages/cap_table.py").run()
    assert not at.exception, exceptions(at)
    return at


def test_cap_table_german_numbers_and_the_same_figures_as_english(served):
    de = open_cap_table({"lang": "de", "preset": "high"})
    en = open_cap_table({"lang": "en", "preset": "high"})
    holders_de, numbers_de, metrics_de = cap_table(de, GERMAN_LOCALE)
    holders_en, numbers_en, metrics_en = cap_table(en, ENGLISH_LOCALE)
    # German: a decimal comma in the post-money metric, a thousands point nowhere it should not be
    assert metrics_de["Post-Money-Bewertung"] == "962,8 Mrd. USD", metrics_de
    assert metrics_en["Post-money valuation"] == "962.8 bn USD", metrics_en
    cells = [str(x) for x in de.dataframe[0].value.iloc[:, 1:].to_numpy().ravel()]
    assert any("," in c for c in cells) and not any("." in c for c in cells), cells
    # the same figures, parsed
    assert_holders(holders_de, holders_en, "preset=high")
    frame_de = de.dataframe[0].value
    for r, (row_de, row_en) in enumerate(zip(numbers_de, numbers_en)):
        for c, (a, b) in enumerate(zip(row_de, row_en)):
            text = frame_de.iat[r, c + 1]
            assert (a is None) == (b is None), (holders_de[r], c, a, b)
            if a is not None:
                assert abs(a - b) <= shown_tolerance(text, ","), (holders_de[r], c, a, b)
    # and the CLI's figures for the same query
    expected = cli("preset=high")
    for row, want in zip(numbers_de, expected["cap_table"]):
        after = row[2]
        assert abs(after - want["after_pct"]) <= 0.005 + 1e-9, (want["name"], after, want["after_pct"])


def test_german_link_believes_the_same_in_english(served):
    claim = "a000_amazon_tbl"
    de = open_cap_table({"lang": "de", "inv_amazon": claim})
    en = open_cap_table({"lang": "en", "inv_amazon": claim})
    assert de.session_state["view"]["beliefs"] == en.session_state["view"]["beliefs"]
    assert dict(de.session_state["view"]["beliefs"].picks)["inv_amazon"] == claim
    assert de.session_state["view"]["query"] == en.session_state["view"]["query"] == to_query(
        de.session_state["view"]["beliefs"], FB)
    assert param(de, "lang") == ["de"] and param(de, "inv_amazon") == [claim]
    holders_de, numbers_de, _m = cap_table(de, GERMAN_LOCALE)
    holders_en, numbers_en, _m = cap_table(en, ENGLISH_LOCALE)
    assert_holders(holders_de, holders_en, f"inv_amazon={claim}")
    for row_de, row_en in zip(numbers_de, numbers_en):
        for a, b in zip(row_de, row_en):
            assert (a is None and b is None) or abs(a - b) <= 0.051


def test_language_switch_writes_lang_and_keeps_beliefs(served):
    at = new_app({"preset": "outcome"})
    at.session_state["share_open"] = True  # the share panel is open: its link and embed code are drawn
    at.run()
    assert "lang" not in at.query_params  # no choice, no lang in the link: the reader's browser decides
    at.sidebar.radio(key="lang_choice").set_value("de").run()
    assert not at.exception, exceptions(at)
    assert param(at, "lang") == ["de"]
    assert [h.value for h in at.sidebar.header] == ["Wem glauben Sie?"]
    assert at.selectbox(key="preset").value == "outcome"
    share, embed = [str(c.value) for c in at.sidebar.code][:2]
    assert "lang=de" in share and "preset=outcome" in share
    assert embed.startswith("<iframe ") and "embed=true" in embed and "lang=de" in embed and "preset=outcome" in embed
    at.sidebar.radio(key="lang_choice").set_value("en").run()
    assert param(at, "lang") == ["en"]
    assert [h.value for h in at.sidebar.header] == ["Whom do you believe?"]


def test_fact_base_table_speaks_german(served):
    """The claims table's kind and status columns in German (ids turned into words), not the English ids."""
    at = new_app({"lang": "de"}).run()
    at.switch_page("pages/factbase.py").run()
    assert not at.exception, exceptions(at)
    frame = at.dataframe[0].value
    statuses, kinds = set(frame["Stand"]), set(frame["Art"])
    assert {"Gespräche", "angekündigt", "abgeschlossen"} <= statuses, statuses
    assert not statuses & {"talks", "reported", "agreed", "announced", "closed"}, statuses
    assert {"Artikel", "Kontext", "Ergebnis"} == kinds, kinds


def test_scenario_downloads_are_the_same_bytes_in_english_and_german(served):
    """The Scenario JSON and CSV a reader downloads: codes, parameters and ids, not words in the reader's language
    (flags, holder names, printed figures and the link's notices), so the files are identical for both readers."""
    import json as _json

    from explainer.present.export import scenario_csv, scenario_dict

    # the outcome view (flags with parameters, Microsoft not disclosed) and a link value that makes a notice
    query = {"preset": "outcome", "asof": "2026-03-31", "inv_amazon": "no_such_claim"}
    files = []
    for lang in ("en", "de"):
        at = new_app({**query, "lang": lang}).run()
        assert not at.exception
        v = at.session_state["view"]
        d = scenario_dict(FB, v["download"], v["query"])
        assert d["warnings"] and d["notices"]
        files.append((_json.dumps(d, ensure_ascii=False, indent=2), scenario_csv(d)))
    assert files[0] == files[1]
    assert "nicht offengelegt" not in files[0][0]  # names and figures as printed are in English, for everyone
    assert '"state": "undisclosed"' in files[0][0]
