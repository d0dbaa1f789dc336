"""The URL codec: what a link may carry, how it reads back, and what it says about what it cannot use."""
import json

import pytest

from explainer.engine.beliefs import Beliefs, default_beliefs
from explainer.urlstate import address_changes, parse_query, read_view, to_query, view_changes
from explainer.present.labels import claim_labels


def test_a_link_from_another_fact_base_version_says_so(factbase):
    beliefs, notices, _ = parse_query("fb=0.9.0&preset=low", factbase)
    assert beliefs.preset == "low"
    assert len(notices) == 1
    assert "0.9.0" in notices[0] and factbase.version in notices[0]


def test_the_current_version_brings_no_notice(factbase):
    _, notices, _ = parse_query(f"fb={factbase.version}&preset=low", factbase)
    assert notices == []


def test_a_pick_reads_as_label_claim_id_or_none(factbase):
    label = claim_labels(factbase, "inv_amazon")["a000_amazon_tbl"]
    for value in (label, "a000_amazon_tbl"):
        beliefs, notices, _ = parse_query({"inv_amazon": value}, factbase)
        assert beliefs.pick == {"inv_amazon": "a000_amazon_tbl"} and notices == []
    beliefs, _, _ = parse_query("inv_amazon=none", factbase)
    assert beliefs.pick == {"inv_amazon": "none"}


def test_a_claim_of_another_topic_is_refused(factbase):
    beliefs, notices, _ = parse_query("inv_amazon=a000_nvidia", factbase)
    assert beliefs.pick == {} and len(notices) == 1 and "Amazon" in notices[0]


def test_trust_reads_repeated_or_comma_separated_names_and_ids(factbase):
    repeated, n1, _ = parse_query("trust=Article 002&trust=a004", factbase)
    commas, n2, _ = parse_query("trust=a002,boerse-global.de", factbase)
    assert repeated.trust == commas.trust == ("a002", "a004") and n1 == n2 == []


def test_only_non_defaults_are_written_and_the_version_travels_with_them(factbase):
    assert to_query(default_beliefs(factbase), factbase) == ""
    q = to_query(Beliefs(preset="high", trust=default_beliefs(factbase).trust), factbase)
    assert q == f"preset=high&fb={factbase.version}"


def test_labels_are_unique_within_every_topic(factbase):
    for topic in factbase.topics:
        labels = list(claim_labels(factbase, topic.id).values())
        assert len(labels) == len(set(labels)), topic.id


# ---------------------------------------------------------------- links that last: ids written, old labels read

def test_a_link_carries_ids_never_display_text(factbase):
    b = Beliefs(preset="trust", trust=("a002", "a004"), picks=(("inv_amazon", "a000_amazon_tbl"), ("round_total", "none")),
                ranges="high", fx="convert", basis="post")
    q = to_query(b, factbase)
    # written by hand: topics in the fact base's topic order, then the version
    assert q == (f"trust=a002&trust=a004&ranges=high&inv_amazon=a000_amazon_tbl&round_total=none&fb={factbase.version}"
                 if [t.id for t in factbase.topics].index("inv_amazon") < [t.id for t in factbase.topics].index("round_total")
                 else f"trust=a002&trust=a004&ranges=high&round_total=none&inv_amazon=a000_amazon_tbl&fb={factbase.version}")
    assert "Article" not in q and "+" not in q and "%" not in q


# A link in the form the app wrote before ids (picker labels and source names, as a browser encodes them),
# copied from the address bar of the 1.0.0 release: it must open the same choices for years.
OLD_LINK = ("preset=trust&trust=Article+002&trust=boerse-global.de&ranges=high"
            "&inv_amazon=Article+000%3A+20%E2%80%9350+bn+USD&round_total=believe+no+source&fb=1.0.0")


def test_a_link_in_the_old_label_form_opens_the_same_choices(factbase):
    beliefs, notices, _ = parse_query(OLD_LINK, factbase)
    assert all("version" in n for n in notices)
    assert beliefs.pick == {"inv_amazon": "a000_amazon_tbl", "round_total": "none"}
    assert beliefs.trust == ("a002", "a004") and beliefs.ranges == "high"
    again, _, _ = parse_query(to_query(beliefs, factbase), factbase)
    assert again == beliefs


def test_an_old_label_still_opens_its_claim_after_the_label_changed(factbase):
    # Labels change when a claim is corrected; data/facts.links.json keeps what old links wrote.
    from dataclasses import replace
    renamed = replace(factbase, claims=tuple(replace(c, low=25.0) if c.id == "a000_amazon_tbl" else c
                                             for c in factbase.claims))
    assert claim_labels(renamed, "inv_amazon")["a000_amazon_tbl"] == "Article 000: 25\u201350 bn USD"
    # the 1.0.0 label, written out by hand
    beliefs, notices, _ = parse_query({"inv_amazon": "Article 000: 20\u201350 bn USD"}, renamed)
    assert beliefs.pick == {"inv_amazon": "a000_amazon_tbl"} and notices == []
    assert ("inv_amazon", "Article 000: 20\u201350 bn USD") in renamed.claim_alias


def test_every_old_label_names_a_claim_of_its_topic_or_says_it_was_withdrawn(factbase):
    assert len(factbase.claim_aliases) == 82 and len(factbase.source_aliases) >= 15
    withdrawn = []
    for topic, label, cid in factbase.claim_aliases:
        beliefs, notices, _ = parse_query({topic: label}, factbase)
        if cid:
            assert factbase.claim[cid].topic == topic
            assert beliefs.pick == {topic: cid} and notices == [], (topic, label)
        else:
            withdrawn.append(label)
            assert beliefs.pick == {} and len(notices) == 1 and "has since been corrected" in notices[0]
    # fact base 1.1.0 moved two of article 000's claims: spending is not compute commitments, and the 830 at an
    # IPO is not the round's valuation
    assert sorted(withdrawn) == ["Article 000: about 1 tn USD", "Article 000: at least 830 bn USD"]


def test_the_address_is_rewritten_to_ids_and_keeps_views_and_language(factbase):
    beliefs, _, _ = parse_query("inv_amazon=a000_amazon_tbl", factbase)
    current = {"inv_amazon": ["Article 000: 20\u201350 bn USD"], "worlds_output": ["post"], "lang": ["de"],
               "utm_source": ["x"], "preset": ["trust"]}
    sets, deletes = address_changes(beliefs, factbase, current)
    assert sets == {"inv_amazon": ["a000_amazon_tbl"], "fb": [factbase.version]}
    assert sorted(deletes) == ["preset", "utm_source"]  # default preset is not written; views and lang stay


def test_the_cli_reads_the_old_and_the_new_form_alike(cli):
    old = cli("scenario", "--query", OLD_LINK, "--format", "json")
    new = cli("scenario", "--query", "trust=a002&trust=a004&ranges=high&inv_amazon=a000_amazon_tbl&round_total=none",
              "--format", "json")
    assert old.returncode == new.returncode == 0
    a, b = json.loads(old.stdout), json.loads(new.stdout)
    assert a["cap_table"] == b["cap_table"] and a["query"] == b["query"]
    assert "inv_amazon=a000_amazon_tbl" in b["query"] and "Article" not in b["query"]


def test_the_address_gets_the_language_only_when_asked(factbase):
    beliefs, _, _ = parse_query("inv_amazon=a000_amazon_tbl", factbase)
    current = {"inv_amazon": ["a000_amazon_tbl"], "fb": [factbase.version]}
    assert address_changes(beliefs, factbase, current) == ({}, [])  # no choice: lang is not written
    sets, deletes = address_changes(beliefs, factbase, current, lang="de")
    assert sets == {"lang": ["de"]} and deletes == []
    sets, _ = address_changes(beliefs, factbase, {**current, "lang": ["de"]}, lang="en")  # the reader switched
    assert sets == {"lang": ["en"]}
    assert address_changes(beliefs, factbase, {**current, "lang": ["de"]}, lang="de") == ({}, [])
    with pytest.raises(ValueError):
        address_changes(beliefs, factbase, current, lang="Deutsch")  # never display text


# ---------------------------------------------------------------- the pages' view choices (read_view, view_changes)
VIEW_TOPICS = {"inv_amazon": ["Amazon's investment in the round", "Amazons Investition in die Runde"],
          "val_prior": ["OpenAI's valuation before the round", "OpenAIs Bewertung vor der Runde"]}


def test_read_view_takes_ids_and_either_languages_labels_ignoring_case():
    assert read_view("source_topic", ["val_prior"], VIEW_TOPICS, multi=False) == (["val_prior"], [])
    assert read_view("source_topic", ["openai's valuation BEFORE the round"], VIEW_TOPICS, multi=False) == (["val_prior"], [])
    assert read_view("source_topic", ["Amazons Investition in die Runde"], VIEW_TOPICS, multi=False) == (["inv_amazon"], [])


def test_read_view_single_takes_the_last_value_multi_keeps_each_once_in_order():
    assert read_view("source_topic", ["inv_amazon", "val_prior"], VIEW_TOPICS, multi=False) == (["val_prior"], [])
    got, notices = read_view("claims_topic", ["val_prior", "Amazon's investment in the round", "VAL_PRIOR"], VIEW_TOPICS,
                             multi=True)
    assert (got, notices) == (["val_prior", "inv_amazon"], [])


def test_read_view_names_what_is_not_a_choice_and_leaves_it_out():
    got, notices = read_view("claims_topic", ["inv_amazon", "nonsense", ""], VIEW_TOPICS, multi=True)
    assert got == ["inv_amazon"]
    assert len(notices) == 1 and "'nonsense'" in notices[0] and "claims_topic" in notices[0]
    # a label of one id never stands for another: an empty name list still accepts the id itself
    assert read_view("k", ["x"], {"x": []}, multi=False) == (["x"], [])


def test_view_changes_writes_ids_and_nothing_for_the_default():
    assert view_changes("source_topic", ["val_prior"], ["inv_amazon"], {}) == ({"source_topic": ["val_prior"]}, [])
    assert view_changes("source_topic", ["val_prior"], ["inv_amazon"], {"source_topic": ["val_prior"]}) == ({}, [])
    # an old label in the address is replaced by the id
    assert view_changes("source_topic", ["val_prior"], ["inv_amazon"],
                        {"source_topic": ["OpenAI's valuation before the round"]}) == ({"source_topic": ["val_prior"]}, [])
    assert view_changes("source_topic", ["inv_amazon"], ["inv_amazon"], {"source_topic": ["inv_amazon"]}) == ({}, ["source_topic"])
    assert view_changes("claims_topic", [], [], {}) == ({}, [])
    assert view_changes("claims_topic", ["a", "b"], [], {"claims_topic": ["a"]}) == ({"claims_topic": ["a", "b"]}, [])
    with pytest.raises(ValueError):
        view_changes("inv_amazon", ["x"], [], {})


def test_a_visit_without_parameters_starts_with_the_dilution_section_closed_a_link_never_does():
    from explainer.urlstate import fresh_visit_views
    assert fresh_visit_views({}) == {"cap_more": ["false"]}
    assert fresh_visit_views({"lang": []}) == {"cap_more": ["false"]}, "a key without a value carries nothing"
    for link in ({"lang": ["de"]}, {"preset": ["low"]}, {"cap_more": ["true"]}, {"whatever": ["1"]}):
        assert fresh_visit_views(link) == {}, link
    # the app's pages may change what a fresh visit gets; the result is a copy, never the table itself
    fresh_visit_views({})["cap_more"].append("x")
    assert fresh_visit_views({}) == {"cap_more": ["false"]}


def test_reworded_german_labels_still_name_their_topic_source_or_entity(factbase, tmp_path):
    """The German review (Dec 2026) reworded labels and names a German reader's view link may carry
    ('claims_topic=Nvidias Investition in die Runde'): facts.links.json's "names" keeps each with its id, and a
    name for an id the fact base lacks is a problem, not a silent alias."""
    from explainer.load.factbase import _with_link_aliases
    names = dict(factbase.name_aliases)
    assert names["Nvidias Investition in die Runde"] == "inv_nvidia"  # a topic
    assert names["Mitarbeitende und andere Investoren"] == "employees_others"  # an entity
    assert names["Wall Street Journal über Artikel 003"] == "wsj"  # a source, as the source picker wrote it
    assert all(i in factbase.topic or i in factbase.entity or i in factbase.source for i in names.values())
    broken = tmp_path / "facts.links.json"
    broken.write_text('{"sources": {}, "claims": {}, "names": {"Altes Etikett": "no_such_topic"}}', encoding="utf-8")
    fb, problems = _with_link_aliases(factbase, broken)
    assert fb is None and "no_such_topic" in problems[0].message
