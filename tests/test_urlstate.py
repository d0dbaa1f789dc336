"""The URL codec: what a link may carry, how it reads back, and what it says about what it cannot use."""
from explainer.beliefs import Beliefs, default_beliefs
from explainer.urlstate import claim_labels, parse_query, to_query


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
