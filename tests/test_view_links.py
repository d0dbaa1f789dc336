"""The pages' own view choices (the Sources page's topic, the Fact base page's filters, the worlds output, the
timeline's entities) travel in the link as ids, through the codec: a link made in German opens the same view in
English, links that carried the pickers' labels (as Streamlit's binding wrote them, in English or German) still open
the same view and are rewritten to ids, and a value that is not a choice gets a notice instead of vanishing.
The codec's own rules (urlstate.read_view, view_changes) are tested in test_urlstate.py."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from test_app import assert_page_ok, new_app
from test_app_de import param

FACTS = yaml.safe_load((Path(__file__).resolve().parent.parent / "data" / "facts.yaml").read_text(encoding="utf-8"))

# ------------------------------------------------------------------------------------------------ the app
def open_page(page: str, query: dict):
    at = new_app(query).run()
    at.switch_page(f"pages/{page}.py").run()
    assert_page_ok(at, page)
    return at


def widget(at, key: str):
    return next(w for w in [*at.selectbox, *at.multiselect] if w.key == key)


@pytest.mark.parametrize("value", ["val_prior", "OpenAI's valuation before the round", "OpenAIs Bewertung vor der Runde"])
@pytest.mark.parametrize("lang", ["en", "de"])
def test_sources_topic_from_an_id_or_an_old_label_in_either_language(served, value, lang):
    at = open_page("sources", {"lang": lang, "source_topic": value})
    assert widget(at, "source_topic").value == "val_prior"
    title = {"en": "OpenAI's valuation before the round", "de": "OpenAIs Bewertung vor der Runde"}[lang]
    assert title in [str(o) for o in widget(at, "source_topic").options]
    assert param(at, "source_topic") == ["val_prior"], "the address carries the id, whatever the link carried"
    assert param(at, "lang") == [lang]


def test_fact_base_filters_read_ids_and_labels_and_filter_the_claims(served):
    # two topics (one by id, one by its German label as a German reader's link carried it) and the kind 'article'
    at = open_page("factbase", {"lang": "en", "claims_topic": ["inv_amazon", "Nvidias Investition in die Runde"],
                                "claims_kind": "article"})
    assert widget(at, "claims_topic").value == ["inv_amazon", "inv_nvidia"]
    assert widget(at, "claims_kind").value == ["article"]
    articles = {s["id"] for s in FACTS["sources"] if s["kind"] == "article"}
    expected = sum(1 for c in FACTS["claims"] if c["topic"] in ("inv_amazon", "inv_nvidia") and c["source"] in articles)
    assert expected > 0
    assert len(at.dataframe[0].value) == expected
    assert f"{expected} of {len(FACTS['claims'])} claims" in [str(c.value) for c in at.main.caption]
    assert param(at, "claims_topic") == ["inv_amazon", "inv_nvidia"]
    assert param(at, "claims_kind") == ["article"]


def test_fact_base_filter_made_in_german_opens_the_same_rows_in_english(served):
    rows = {}
    for lang in ("de", "en"):
        at = open_page("factbase", {"lang": lang, "claims_source": ["a002", "a004"]})
        rows[lang] = list(at.dataframe[0].value.iloc[:, 0])  # the claim ids
        assert param(at, "claims_source") == ["a002", "a004"]
    expected = [c["id"] for c in FACTS["claims"] if c["source"] in ("a002", "a004")]
    assert sorted(rows["de"]) == sorted(rows["en"]) == sorted(expected)


def test_timeline_entities_from_old_labels_and_a_notice_for_an_unknown_one(served):
    at = open_page("timeline", {"timeline_entities": ["Amazon", "nvidia", "Nobody Inc"]})
    assert widget(at, "timeline_entities").value == ["amazon", "nvidia"]
    shown = [str(w.value).replace("\\", "") for w in at.warning]
    assert any("'Nobody Inc' is not a choice for timeline_entities" in w for w in shown), shown
    assert param(at, "timeline_entities") == ["amazon", "nvidia"]


def test_worlds_output_default_stays_out_of_the_address_and_a_choice_goes_in_as_id(served):
    at = open_page("worlds", {})
    default = widget(at, "worlds_output").value
    assert default.startswith("stake:")
    assert param(at, "worlds_output") == []
    widget(at, "worlds_output").set_value("post").run()
    assert param(at, "worlds_output") == ["post"]
    at = open_page("worlds", {"lang": "de", "worlds_output": "Post-money valuation"})  # an old English label
    assert widget(at, "worlds_output").value == "post"
    assert param(at, "worlds_output") == ["post"]


# ------------------------------------------------------------- the cap-table page's dilution charts (cap_more)
# Three charts when the dilution section is open (the cap table, the dilution bars, the money waterfall), one when
# it is closed. Links made before 30 Nov 2026 opened it unless they said cap_more=false; a visit without a link
# starts with it closed and says so in the address.
def charts(at) -> int:
    return len(at.get("plotly_chart"))


def test_a_visit_without_a_link_starts_with_the_dilution_charts_closed_and_the_address_says_so(served):
    at = open_page("cap_table", {})
    assert charts(at) == 1
    assert param(at, "cap_more") == ["false"], "a link copied from this session must open it closed too"


@pytest.mark.parametrize("query, shown, address", [
    ({"preset": "low"}, 3, []),  # links made before 30 Nov 2026 carried no cap_more and opened the charts
    ({"lang": "de"}, 3, []),
    ({"cap_more": "false"}, 1, ["false"]),
    ({"cap_more": "False"}, 1, ["false"]),
    ({"cap_more": "true"}, 3, []),  # what a link without cap_more means: nothing to write
])
def test_a_link_opens_the_dilution_charts_as_it_did_when_it_was_made(served, query, shown, address):
    at = open_page("cap_table", query)
    assert charts(at) == shown
    assert param(at, "cap_more") == address


def test_a_cap_more_that_is_neither_true_nor_false_gets_a_notice_and_opens_as_a_link_does(served):
    at = open_page("cap_table", {"preset": "low", "cap_more": "maybe"})
    assert charts(at) == 3
    assert any("'maybe' is not a choice for cap_more" in str(w.value).replace("\\", "") for w in at.warning), \
        [str(w.value) for w in at.warning]


def test_the_readers_choice_of_the_dilution_section_is_kept_on_other_pages(served):
    at = open_page("cap_table", {})
    assert charts(at) == 1
    at.session_state["cap_more"] = True  # the reader opens it
    at.run()
    assert charts(at) == 3 and param(at, "cap_more") == []
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/cap_table.py").run()
    assert charts(at) == 3, "back on the page, the section is as the reader left it"
    assert param(at, "cap_more") == []
