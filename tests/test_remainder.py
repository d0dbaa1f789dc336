"""Remainders and fallbacks, worked by hand: stakes that leave a remainder, a round total above the named
investors, no round_residual or residual_holder in the fact base, no valuation of the round (the valuation before
it stands in), a capacity-only vendor, an unattributed compute commitment; and every flag a scenario can raise,
each named by a test.

The remainder fixture is tests/fixtures/remainder/facts.yaml; its numbers are repeated in the comments below.
"""
from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from explainer.present.flag_text import flag_message
from explainer.engine.beliefs import NONE, default_beliefs, sortable_date
from explainer.present.digest import headlines, story
from explainer.load.factbase import DEFAULT_FACTBASE, load_factbase, parse_factbase
from explainer.present.i18n import speaking
from explainer.engine.scenario import build_scenario, residual_holder, round_residual
from explainer.present.export import scenario_csv, scenario_dict
from explainer.present.labels import row_name
from explainer.engine.scoring import direction, outcomes
from explainer.urlstate import parse_query, to_params
from explainer.present.labels import (claim_labels, choice_label, format_value, output_axis, output_options,
                                      worlds_labelled_dict)
from explainer.engine.worlds import scenario_space, topic_choices, worlds
from explainer.engine.worlds_frames import distribution_frame, worlds_dict

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "remainder" / "facts.yaml"


@pytest.fixture(scope="module")
def fb():
    return load_factbase(FIXTURE)


def scenario(fb, **picks: str):
    """The scenario under the fixture's default beliefs with these picks (topic id -> claim id or NONE)."""
    beliefs = default_beliefs(fb)
    for topic, claim in picks.items():
        beliefs = beliefs.with_pick(topic, claim)
    return build_scenario(fb, beliefs)


def codes(s) -> list[str]:
    return [f.code for f in s.flags]


# ---------------------------------------------------------------- the scenario, by hand

def test_fallback_names_of_the_leftover_holders(fb):
    # the fixture sets neither residual_holder nor round_residual
    assert (fb.residual_holder, fb.round_residual) == (None, None)
    assert residual_holder(fb) == "other_holders"
    assert round_residual(fb) == "other_investors"


def test_prior_valuation_as_pre_money_and_the_remainders(fb):
    # Trust one, two: Alpha 10, Beta 6 -> named 16; about 40 in total -> other_investors 40 - 16 = 24.
    # No valuation of the round: the valuation before it, 200, is the pre-money; post = 200 + 40 = 240.
    # Stakes before: Alpha 30 %, Beta 20 % -> the remainder 100 - 50 = 50 % is other_holders'.
    s = scenario(fb)
    assert (s.pre, s.post, s.round_total) == pytest.approx((200, 240, 40))
    assert s.by_investor == pytest.approx({"alpha": 10, "beta": 6, "other_investors": 24})
    assert [f.code for f in s.flags] == ["NO_VALUATION"]
    assert "valuation before the round is used as the pre-money" in flag_message(fb, s.flags[0])
    # after % = (before % x pre + new money) / post:
    # Alpha (0.30 x 200 + 10) / 240 = 70 / 240 = 29.1667 %; Beta (0.20 x 200 + 6) / 240 = 46 / 240 = 19.1667 %;
    # other_holders 0.50 x 200 / 240 = 100 / 240 = 41.6667 %; other_investors 24 / 240 = 10 %.
    rows = {r.holder: (row_name(fb, r), r.before_pct, r.new_money, r.after_pct) for r in s.cap_table}
    assert rows == {"alpha": ("Alpha", 30, 10, pytest.approx(70 / 240 * 100)),
                    "beta": ("Beta", 20, 6, pytest.approx(46 / 240 * 100)),
                    "other_holders": ("Everyone else", 50, 0, pytest.approx(100 / 240 * 100)),
                    "other_investors": ("Unnamed new money", 0, 24, pytest.approx(10.0))}


def test_a_remainder_below_one_point_is_still_a_holder(fb):
    # Alpha 79.5 % + Beta 20 % = 99.5 %: other_holders hold the remaining 0.5 %.
    # After: other_holders 0.005 x 200 / 240 = 1 / 240 = 0.41667 %; Alpha (0.795 x 200 + 10) / 240 = 169 / 240.
    s = scenario(fb, stake_alpha="stake_alpha_two")
    assert s.row("other_holders").before_pct == pytest.approx(0.5)
    assert s.row("other_holders").after_pct == pytest.approx(1 / 240 * 100)
    assert s.row("alpha").after_pct == pytest.approx(169 / 240 * 100)
    assert sum(r.after_pct for r in s.cap_table) == pytest.approx(100)


def test_no_valuation_at_all(fb):
    s = scenario(fb, val_prior=NONE)
    assert (s.pre, s.post) == (None, None)
    assert codes(s) == ["NO_VALUATION"]
    assert "cannot be computed" in flag_message(fb, s.flags[0])
    assert set(s.flags[0].topics) == {"valuation", "val_prior"}
    assert all(r.after_pct is None and r.value_after is None for r in s.cap_table)


def test_unattributed_commitment_is_the_total_less_the_itemised_deals(fb):
    # 15 in total, 5 of it to Alpha: 15 - 5 = 10 to no named vendor; Beta's 2 GW is capacity, not money.
    flows = {(f.target, f.kind): f.amount for f in scenario(fb).flows if f.source == "co"}
    assert flows == {("alpha", "commitment"): 5, ("unattributed", "commitment"): 10, ("beta", "capacity"): 2}


def test_circularity_of_a_capacity_only_vendor_is_unknown(fb):
    # Alpha: 5 back / 10 in = 0.5. Beta: no money figure, 2 GW of capacity -> unknown, not 0.
    # other_investors is the round's residual: no circularity at all.
    circ = {c.investor: (c.flows_back, c.capacity_back, c.ratio) for c in scenario(fb).circularity}
    assert circ == {"alpha": (5, 0, 0.5), "beta": (0, 2, None)}


def test_round_residual_that_is_a_named_investor_keeps_its_own_topic(fb):
    # With round_residual: alpha, the 40 - 16 = 24 left over is Alpha's too: 10 + 24 = 34 of new money, and the
    # evidence for Alpha's row lists its stake, its own investment and the round's total.
    fb_alpha = replace(fb, round_residual="alpha")
    s = build_scenario(fb_alpha, default_beliefs(fb_alpha))
    assert s.by_investor == pytest.approx({"alpha": 34, "beta": 6})
    assert s.investor_topics["alpha"] == ("inv_alpha", "round_total")
    assert s.row("alpha").topics == ("stake_alpha", "inv_alpha", "round_total")


# ---------------------------------------------------------------- what the pages say

def test_the_story_does_not_name_the_fallback_residual_as_an_investor(fb):
    # named investors Alpha 10, Beta 6; the 24 nobody is named for are 'others'
    text = story(fb, scenario(fb))
    assert "(Alpha 10 bn USD, Beta 6 bn USD, others 24 bn USD)" in text
    assert "Unnamed new money" not in text.split(" at a pre-money")[0]


def test_headlines_without_a_valuation_do_not_explain_pre_by_post(fb):
    heads = {h.label: h for h in headlines(fb, scenario(fb))}
    # the valuation before the round (Source One: 200) is the pre-money; post-money is pre-money plus new money
    pre, post = heads["Pre-money valuation"], heads["Post-money valuation"]
    assert (pre.value, post.value) == ("200 bn USD", "240 bn USD")
    assert "post-money" not in pre.source and "Source One" in pre.source
    assert post.source.startswith("pre-money plus new money")
    assert pre.topics == post.topics == ("val_prior",)
    heads = {h.label: h for h in headlines(fb, scenario(fb, val_prior=NONE))}
    for label, other in (("Pre-money valuation", "post-money"), ("Post-money valuation", "pre-money")):
        assert heads[label].value == "–"
        assert other not in heads[label].source, f"{label} explained by {other}: {heads[label].source}"


# ---------------------------------------------------------------- every possible world

def test_worlds_offer_the_fallback_holders_and_no_residual_circularity(fb):
    keys = [k for k, _ in output_options(fb)]
    assert {"stake:other_holders", "stake:other_investors"} <= set(keys)
    assert "circularity:other_investors" not in keys
    assert worlds(fb, default_beliefs(fb), "circularity:other_investors").n_defined == 0


def test_worlds_use_the_prior_valuation(fb):
    # dimensions: Alpha {10, 4, none}, Beta {6, none}, total {40, none}, Alpha's stake {30, 79.5}, Beta's {20},
    # compute to Alpha {5}, the prior valuation {200, 150} (no valuation claim to choose): 3x2x2x2x1x1x2 = 48.
    b = default_beliefs(fb)
    r = worlds(fb, b, "post")
    assert r.n_total == 48
    assert "val_prior" in [d.topic for d in r.space.dimensions]
    # post = prior + round: least 150 + 0 (nobody invests, no total), most 200 + 40
    assert (r.min, r.max, r.current) == pytest.approx((150, 240, 240))
    pre = worlds(fb, b, "pre")
    assert (pre.min, pre.max) == pytest.approx((150, 200))


def test_worlds_count_the_remainder_of_the_stakes(fb):
    # other_holders after = remainder x prior / (prior + round):
    # most: remainder 50 %, round 0 -> 50 %; least: remainder 0.5 %, prior 150, round 40 -> 0.75 / 190.
    r = worlds(fb, default_beliefs(fb), "stake:other_holders")
    assert r.current == pytest.approx(100 / 240 * 100)
    assert (r.min, r.max) == pytest.approx((0.75 / 190 * 100, 50))
    # other_investors after = (total - named) / post where the total is above the named investors; else 0:
    # most: Alpha none, Beta none, total 40, prior 150 -> 40 / 190
    r = worlds(fb, default_beliefs(fb), "stake:other_investors")
    assert (r.min, r.max) == pytest.approx((0, 40 / 190 * 100))


def test_worlds_circularity_of_a_capacity_only_vendor_is_unknown(fb):
    r = worlds(fb, default_beliefs(fb), "circularity:beta")
    assert r.n_used == 48 and r.n_defined == 0
    assert math.isnan(r.current)
    # Alpha: 5 back over 10 or 4 in -> 0.5 or 1.25; not in the round -> no value
    r = worlds(fb, default_beliefs(fb), "circularity:alpha")
    assert sorted(set(r.defined.round(9))) == [0.5, 1.25]
    assert r.n_defined == 32  # Alpha in the round in 2 of its 3 choices: 48 x 2 / 3


# ---------------------------------------------------------------- every flag, by name

FLAGS = """
version: "1"
date: "2026-01-01"
title: "Flags"
company: co
round_residual: others
base_currency: USD
currencies:
  - {code: EUR, per_base: 1.5}
defaults:
  trust: [books]
sources:
  - {id: books, kind: context, name: "The books", url: "https://example.org/books"}
  - {id: paper, kind: context, name: "The paper", url: "https://example.org/paper"}
  - {id: blog, kind: context, name: "A blog", url: "https://example.org/blog", rank: deprecated, note: "Often wrong."}
  - {id: close, kind: outcome, name: "The close", date: "2026-02-01", url: "https://example.org/close"}
entities:
  - {id: co, name: "Co"}
  - {id: alpha, name: "Alpha"}
  - {id: beta, name: "Beta"}
  - {id: others, name: "Other new investors"}
topics:
  - {id: inv_alpha, label: "Alpha's investment", kind: investment, group: round, entity: alpha}
  - {id: inv_beta, label: "Beta's investment", kind: investment, group: round, entity: beta}
  - {id: inv_joint, label: "Alpha and Beta together", kind: joint_investment, group: round, parts: [inv_alpha, inv_beta]}
  - {id: round_total, label: "Size of the round", kind: round_total, group: round}
  - {id: valuation, label: "Co's valuation", kind: valuation, group: valuation}
  - {id: compute_alpha, label: "Compute from Alpha", kind: compute_money, group: compute, entity: alpha}
  - {id: compute_total, label: "Compute in total", kind: compute_total, group: compute}
claims:
  - {id: alpha_10, topic: inv_alpha, source: books, bound: exact, value: 10, unit: bn, currency: USD, status: closed, translation: "10"}
  - {id: beta_5, topic: inv_beta, source: books, bound: exact, value: 5, unit: bn, currency: USD, status: closed, translation: "5"}
  - {id: joint_12, topic: inv_joint, source: books, bound: up_to, value: 12, unit: bn, currency: USD, status: talks, translation: "up to 12"}
  - {id: beta_blog, topic: inv_beta, source: blog, bound: exact, value: 2, unit: bn, currency: USD, status: talks, translation: "2"}
  - {id: post_100, topic: valuation, source: books, bound: exact, value: 100, unit: bn, currency: USD, basis: post, status: closed, translation: "100 post"}
  - {id: post_8, topic: valuation, source: paper, bound: exact, value: 8, unit: bn, currency: USD, basis: post, status: talks, translation: "8 post"}
  - {id: compute_eur, topic: compute_alpha, source: paper, bound: exact, value: 20, unit: bn, currency: EUR, status: agreed, translation: "20 EUR"}
  - {id: close_total, topic: round_total, source: close, bound: exact, value: 20, unit: bn, currency: USD, status: closed, translation: "20 in total"}
  - {id: close_post, topic: valuation, source: close, bound: exact, value: 120, unit: bn, currency: USD, basis: post, status: closed, translation: "120 post"}
  - {id: ctotal_25, topic: compute_total, source: books, bound: exact, value: 25, unit: bn, currency: USD, status: agreed, translation: "25"}
"""


@pytest.fixture(scope="module")
def flags_fb():
    fb, problems = parse_factbase(FLAGS, name="flags.yaml")
    assert problems == []
    return fb


def flag(s, code):
    found = [f for f in s.flags if f.code == code]
    assert len(found) == 1, f"{code}: {codes(s)}"
    return found[0]


def test_flags_of_the_default_view(flags_fb):
    # Trust the books: Alpha 10 + Beta 5 = 15 named, more than the joint 'up to 12' the books also print.
    # Compute from Alpha only in the paper (a fallback): 20 EUR x 1.5 = 30 USD, more than the books' total 25.
    s = build_scenario(flags_fb, default_beliefs(flags_fb))
    assert sorted(codes(s)) == sorted(["JOINT_EXCEEDED", "SOURCE_CONTRADICTS_ITSELF", "COMMITMENTS_EXCEED_TOTAL",
                                       "CURRENCY_LABEL", "FALLBACK"])
    assert flag(s, "JOINT_EXCEEDED").topics == ("inv_joint", "inv_alpha", "inv_beta")
    assert "15 bn USD" in flag_message(flags_fb, flag(s, "JOINT_EXCEEDED"))
    contradiction = flag(s, "SOURCE_CONTRADICTS_ITSELF")
    assert contradiction.topics == ("inv_joint",) and "The books" in flag_message(flags_fb, contradiction)
    assert "up to 15 together" in flag_message(flags_fb, contradiction)  # 10 + 5
    exceed = flag(s, "COMMITMENTS_EXCEED_TOTAL")
    assert (exceed.topics, exceed.level) == (("compute_total",), "info")
    assert "30 bn USD" in flag_message(flags_fb, exceed) and "25 bn USD" in flag_message(flags_fb, exceed)
    label = flag(s, "CURRENCY_LABEL")
    assert label.topics == ("compute_alpha",) and "converted at 1 EUR = 1.5 USD" in flag_message(flags_fb, label)
    assert flag_message(flags_fb, label).startswith("1 of your believed figures in EUR, converted")  # one figure
    with speaking("de"):  # the same flag, in words at the edge
        german = flag_message(flags_fb, label)
    assert german.startswith("Auf EUR lauten angenommene Zahlen (1) – umgerechnet")
    fallback = flag(s, "FALLBACK")
    assert (fallback.topics, fallback.level) == (("compute_alpha",), "info")
    # no total is above the commitments, so nothing is unattributed
    assert not [f for f in s.flows if f.target == "unattributed"]


def test_currency_label_counts_in_words_that_agree():
    """The bundled fact base: under 'mid' one believed figure is printed in euro, under 'high' several (its count
    worked out here from the flag's topics); the flag's words agree with either count, in English and in German."""
    fb = load_factbase(DEFAULT_FACTBASE)
    one = flag(build_scenario(fb, replace(default_beliefs(fb), preset="mid")), "CURRENCY_LABEL")
    assert one.topics == ("valuation",) and flag_message(fb, one).startswith("1 of your believed figures in EUR, ")
    many = flag(build_scenario(fb, replace(default_beliefs(fb), preset="high")), "CURRENCY_LABEL")
    assert len(many.topics) > 1
    assert flag_message(fb, many).startswith(f"{len(many.topics)} of your believed figures in EUR, ")
    with speaking("de"):
        many_de = flag_message(fb, many)
    assert many_de.startswith(f"Auf EUR lauten angenommene Zahlen ({len(many.topics)}) – ")


def test_currency_label_read_as_base_currency(flags_fb):
    s = build_scenario(flags_fb, replace(default_beliefs(flags_fb), fx="base"))
    assert "read as USD, as if the label were a mistake" in flag_message(flags_fb, flag(s, "CURRENCY_LABEL"))
    # 20 read as USD: 20 < 25, so 25 - 20 = 5 unattributed and no COMMITMENTS_EXCEED_TOTAL
    assert "COMMITMENTS_EXCEED_TOTAL" not in codes(s)
    assert [f.amount for f in s.flows if f.target == "unattributed"] == [5]


def test_deprecated_source_believed(flags_fb):
    # picking the blog's 2 for Beta: named 10 + 2 = 12, no longer above the joint 12
    s = build_scenario(flags_fb, default_beliefs(flags_fb).with_pick("inv_beta", "beta_blog"))
    f = flag(s, "DEPRECATED_SOURCE")
    assert f.topics == ("inv_beta",)
    assert flag_message(flags_fb, f) == ("You believe A blog on 'Beta's investment'; the fact base marks that source as "
                         "unreliable. Often wrong.")
    assert "JOINT_EXCEEDED" not in codes(s)


def test_post_money_below_the_new_money(flags_fb):
    # 8 post-money against 15 of new money: pre would be 8 - 15 = -7, so pre 0 and post 15.
    s = build_scenario(flags_fb, default_beliefs(flags_fb).with_pick("valuation", "post_8"))
    assert flag(s, "POST_BELOW_NEW_MONEY").topics == ("valuation",)
    assert (s.pre, s.post) == (0.0, 15)


def test_mid_preset_takes_the_lower_median(flags_fb):
    # Beta: the books' 5 and the blog's 2, but the blog is deprecated -> one report, 5.
    # Valuation: 8 and 100 -> sorted [8, 100]; the lower median (index (2 - 1) // 2 = 0) is 8.
    s = build_scenario(flags_fb, replace(default_beliefs(flags_fb), preset="mid"))
    assert s.resolved["valuation"].claim.id == "post_8"
    assert s.resolved["inv_beta"].value == 5


def test_scoring_derives_the_pre_money_outcome(flags_fb):
    # the close states 120 post-money and a round of 20: the pre-money outcome is 120 - 20 = 100, derived
    o = outcomes(flags_fb)[("valuation", "pre")]
    assert (o.value, o.derived, o.claim, o.date) == (100, True, None, "2026-02-01")
    assert outcomes(flags_fb)[("valuation", "post")].derived is False


# ---------------------------------------------------------------- the scenario as JSON and CSV (CLI, downloads)

def test_scenario_dict_by_hand(fb):
    s = build_scenario(fb, default_beliefs(fb), ["a notice"])
    d = scenario_dict(fb, s, "preset=trust")
    assert d["factbase"] == {"version": "0.1", "date": "2026-04-01", "title": "Remainder test fixture"}
    assert d["asof"] == "2026-04-01"  # no asof in the link: the fact base's date
    assert d["query"] == "preset=trust"
    assert d["rules"] == {"preset": "trust", "trust": ["one", "two"], "ranges": "mid", "fx": "convert",
                          "basis": "post"}
    # the prior valuation is the pre-money, so the basis is pre, assumed
    assert d["valuation"] == {"pre": 200, "post": 240, "currency": "USD", "unit": "bn", "basis": "pre",
                              "basis_assumed": True}
    assert d["round"] == {"total": 40, "stated_total": 40, "currency": "USD", "unit": "bn",
                          "by_investor": {"alpha": 10, "beta": 6, "other_investors": 24}, "undisclosed": []}
    # rounded to 4 places: Alpha 70 / 240 = 29.16667 -> 29.1667, change 29.16667 - 30 = -0.83333 -> -0.8333
    assert d["cap_table"][0] == {"holder": "alpha", "name": "Alpha", "before_pct": 30, "new_money": 10,
                                 "after_pct": 29.1667, "change_pts": -0.8333, "value_after": 70,
                                 "state": "figure", "includes": []}
    # other_holders: 50 % -> 100 / 240 = 41.66667 %, change -8.3333
    assert d["cap_table"][2] == {"holder": "other_holders", "name": "Everyone else", "before_pct": 50,
                                 "new_money": 0, "after_pct": 41.6667, "change_pts": -8.3333, "value_after": 100,
                                 "state": "figure", "includes": []}
    assert d["flows"][4] == {"from": "co", "to": "unattributed", "kind": "commitment", "amount": 10,
                             "unit": "bn USD", "topic": "compute_total", "claim": "ctotal_one"}
    assert d["flows"][5] == {"from": "co", "to": "beta", "kind": "capacity", "amount": 2, "unit": "GW",
                             "topic": "capacity_beta", "claim": "capacity_beta_one"}
    assert d["circularity"] == {"alpha": 0.5, "beta": None}
    assert d["circularity_detail"] == [
        # both claims exact (inv_alpha_one, compute_alpha_one), so the ratio is too; beta has no money back
        {"investor": "alpha", "invested": 10, "flows_back": 5, "capacity_back_gw": 0, "ratio": 0.5, "bound": "exact"},
        {"investor": "beta", "invested": 6, "flows_back": 0, "capacity_back_gw": 2, "ratio": None, "bound": "exact"}]
    assert d["beliefs"]["inv_alpha"] == {"claim": "inv_alpha_one", "source": "one", "value": 10,
                                         "state": "figure", "printed": "10 bn USD", "how": "preset"}
    assert d["beliefs"]["valuation"] == {"claim": None, "source": None, "value": None, "state": "unknown",
                                         "printed": None, "how": "none"}
    assert [(w["code"], w["level"], w["topics"]) for w in d["warnings"]] == [("NO_VALUATION", "warning",
                                                                              ["valuation"])]
    assert d["notices"] == ["a notice"]
    assert d["units"] == {"money": "bn USD", "capacity": "GW", "stakes": "percent"}


def test_scenario_csv_by_hand(fb):
    d = scenario_dict(fb, build_scenario(fb, default_beliefs(fb), ["a notice"]))
    lines = scenario_csv(d).splitlines()
    # header 1; view (asof) 1; valuation 6 fields; round 5 fields + 3 investors; cap table 4 holders x 8 fields;
    # flows 6 x 7; circularity 2; beliefs 10 topics x 6; warnings 1; notices 1:
    # 1 + 1 + 6 + 8 + 32 + 42 + 2 + 60 + 1 + 1 = 154
    assert len(lines) == 154
    assert lines[:4] == ["section,item,field,value", "view,,asof,2026-04-01", "valuation,,pre,200.0",
                         "valuation,,post,240.0"]
    for line in ("round,,stated_total,40.0", "round,other_investors,by_investor,24.0",
                 "cap_table,alpha,after_pct,29.1667", "cap_table,other_holders,name,Everyone else",
                 "flows,4,to,unattributed", "flows,5,unit,GW", "circularity,beta,ratio,", "circularity,alpha,ratio,0.5",
                 "beliefs,inv_alpha,claim,inv_alpha_one", "beliefs,valuation,how,none", "notices,0,notice,a notice"):
        assert line in lines, line
    assert lines[-2] == 'warnings,0,NO_VALUATION,"{""prior_used"": 1}"'  # a code and its parameters, no words


def test_flags_for_a_topic(fb):
    s = scenario(fb)
    assert [f.code for f in s.flags_for("valuation")] == ["NO_VALUATION"]
    assert [f.code for f in s.flags_for("inv_alpha", "val_prior")] == []


# ---------------------------------------------------------------- worlds as the page and the CLI show them

def test_worlds_dict_and_histogram_by_hand(fb):
    # post = prior + round. Round: 40 wherever the total is believed (6 of the 12 investor/total combinations),
    # else the named sum: 16, 10, 10, 4, 6, 0. Each x 2 (Alpha's stake does not move post) x prior 200 or 150:
    # p + 40 (x 12), p + 16, p + 10 (x 4), p + 6, p + 4, p + 0 (x 2 each): 24 worlds per prior.
    r = worlds(fb, default_beliefs(fb), "post")
    d = worlds_dict(r, bins=2)
    assert (d["n_worlds"], d["n_used"], d["sampled"], d["n_defined"]) == (48, 48, False, 48)
    # sorted: the 24 worlds at 150 (150..190), then the 24 at 200 (200..240): median (190 + 200) / 2 = 195
    assert (d["min"], d["median"], d["max"], d["current"]) == (150, 195, 240, 240)
    # 12 worlds at 240, so 36 of 48 below the current 240
    assert d["current_rank"] == 0.75
    # linear quantiles over the 48 sorted values (index q x 47): 0.05 -> 2.35 (154, 154) -> 154;
    # 0.25 -> 11.75 (166, 190) -> 166 + 0.75 x 24 = 184; 0.75 -> 35.25 (216, 240) -> 216 + 0.25 x 24 = 222
    assert d["quantiles"] == {"0.05": 154, "0.25": 184, "0.5": 195, "0.75": 222, "0.95": 240}
    # two bins over 150..240: [150, 195) holds the 24 worlds at 150, [195, 240] the 24 at 200 and the current
    assert d["histogram"] == {"edges": [150, 195, 240], "counts": [24, 24]}
    h = distribution_frame(r, bins=2)
    assert list(h["share"]) == [0.5, 0.5] and list(h["has_current"]) == [False, True]
    # tornado from the current beliefs (Alpha 10, Beta 6, total 40, prior 200): the prior 150 gives 190; no total
    # gives 200 + 16 = 216; investors alone do not move a believed total of 40
    assert [(t["topic"], t["low"], t["high"], t["swing"]) for t in d["tornado"][:3]] == [
        ("val_prior", 190, 240, 50), ("round_total", 216, 240, 24), ("inv_alpha", 240, 240, 0)]
    # the engine names choices by id (the same in every language), the CLI's JSON in words
    assert (d["tornado"][1]["low_choice"], d["tornado"][0]["high_choice"]) == ("none", "prior_one")
    words = worlds_labelled_dict(fb, r)["tornado"]
    assert (words[1]["low_choice"], words[0]["high_choice"]) == ("believe no source", "Source One: 200 bn USD")
    assert [x["topic"] for x in d["dimensions"]] == ["inv_alpha", "inv_beta", "round_total", "stake_alpha",
                                                     "stake_beta", "compute_alpha", "val_prior"]


def test_histogram_of_a_single_value(fb):
    b = default_beliefs(fb)
    # one world at 240: a bin from 240 x 0.995 = 238.8 to 240 x 1.005 = 241.2
    h = distribution_frame(worlds(fb, b, "post", topics=("stake_beta",)))
    assert list(h["bin_start"]) == pytest.approx([238.8]) and list(h["bin_end"]) == pytest.approx([241.2])
    assert list(h["count"]) == [1] and list(h["has_current"]) == [True]
    # one world at 0 (no total believed, so nothing is left for other investors): a bin from -0.5 to 0.5
    h = distribution_frame(worlds(fb, b.with_pick("round_total", NONE), "stake:other_investors",
                                  topics=("stake_beta",)))
    assert (list(h["bin_start"]), list(h["bin_end"]), list(h["count"])) == ([-0.5], [0.5], [1])
    # no world with a value: an empty histogram
    assert distribution_frame(worlds(fb, b, "circularity:beta")).empty


def test_values_and_axes_as_text(fb):
    assert format_value(fb, "stake:alpha", 70 / 240 * 100) == "29.17 %"
    assert format_value(fb, "circularity:alpha", 0.5) == "50%"
    assert format_value(fb, "post", 240.0) == "240 bn USD"
    assert format_value(fb, "post", math.nan) == "–" and format_value(fb, "pre", None) == "–"
    assert output_axis(fb, "circularity:alpha") == (100.0, "commitments back per dollar invested (%)")
    assert output_axis(fb, "stake:alpha") == (1.0, "stake after the round (%)")
    assert output_axis(fb, "total") == (1.0, "bn USD")


# ---------------------------------------------------------------- smaller pieces the worlds and the presets use

def test_month_only_dates_sort_as_mid_month():
    assert sortable_date("2025-12") == "2025-12-15"
    assert sortable_date("2025-12-01") == "2025-12-01"
    assert sortable_date("2025") == "2025"


def test_range_claims_give_two_labelled_choices():
    wfb = load_factbase(Path(__file__).resolve().parent / "fixtures" / "worlds" / "facts.yaml")
    # Source Two's 5 to 20: its low end and its high end; 'none' last
    labels = [choice_label(wfb, c) for c in topic_choices(wfb, default_beliefs(wfb), "inv_alpha")]
    assert labels == ["Source One: 10 bn USD", "Source Two: 5–20 bn USD (low end)",
                      "Source Two: 5–20 bn USD (high end)", "believe no source"]


def test_distinct_choices_merge_equal_values(factbase):
    # Nvidia: article 000 prints 'up to 30' twice (text and table), article 001 'about 30 bn EUR' twice
    # (30 x 1.16 = 34.8 USD): two distinct numbers and 'none'
    b = default_beliefs(factbase)
    merged = topic_choices(factbase, b, "inv_nvidia", distinct=True)
    assert [(c.claim, c.value, c.basis, choice_label(factbase, c), c.claims) for c in merged[:2]] == [
        ("a000_nvidia", 30, None, "Article 000: up to 30 bn USD (+1 more)", ("a000_nvidia", "a000_nvidia_tbl")),
        ("a001_nvidia", pytest.approx(34.8), None, "Article 001: about 30 bn EUR (+1 more)",
         ("a001_nvidia", "a001_nvidia_2"))]
    assert merged[2].claim == NONE
    space = scenario_space(factbase, b, distinct=True, topics=("inv_nvidia",))
    assert (space.distinct, space.include_outcome, space.shape) == (True, False, (3,))


def test_a_none_pick_is_written_as_none(fb):
    # links carry ids: 'none', never the picker's words 'believe no source'
    assert ("inv_alpha", "none") in to_params(default_beliefs(fb).with_pick("inv_alpha", NONE), fb)


def test_scoring_derives_the_post_money_outcome_in_base_currency(flags_fb):
    # the close states 120 pre-money and a round of 20 EUR: 20 x 1.5 = 30 USD, so post-money 120 + 30 = 150
    text = FLAGS.replace('value: 120, unit: bn, currency: USD, basis: post, status: closed, translation: "120 post"',
                         'value: 120, unit: bn, currency: USD, basis: pre, status: closed, translation: "120 pre"')
    text = text.replace('value: 20, unit: bn, currency: USD, status: closed, translation: "20 in total"',
                        'value: 20, unit: bn, currency: EUR, status: closed, translation: "20 EUR in total"')
    fb_pre, problems = parse_factbase(text, name="flags_pre.yaml")
    assert problems == []
    out = outcomes(fb_pre)
    assert out[("round_total", None)].value == 30
    assert (out[("valuation", "post")].value, out[("valuation", "post")].derived) == (150, True)


def test_direction_words():
    assert direction(0.0) == "spot on"
    assert (direction(-50.0), direction(50.0)) == ("too low", "too high")


def test_an_empty_link_value_follows_the_preset(fb):
    beliefs, notices, _ = parse_query("inv_alpha=", fb)
    assert (beliefs.pick, notices) == ({}, [])


def test_a_bad_value_of_exactly_the_shown_length_is_shown_whole(fb):
    # values in notices are cut after MAX_SHOWN (40) characters; one of exactly 40 is shown whole
    value = "x" * 40
    _, notices, _ = parse_query({"inv_alpha": value}, fb)
    assert len(notices) == 1 and f"'{value}'" in notices[0] and "…" not in notices[0]
    _, notices, _ = parse_query({"inv_alpha": value + "y"}, fb)
    assert f"'{value}…'" in notices[0]


@pytest.mark.parametrize("preset, trust, want", [
    # Alpha's stake: Source One 30 (dated 2025-10-01), Source Two 79.5 (2025-12-01); the prior valuation:
    # One 200, Two 150. Trust (one, two) gives 30 and 200.
    ("high", (), ("stake_alpha_two", "prior_one")),  # highest: 79.5, 200
    ("low", (), ("stake_alpha_one", "prior_two")),  # lowest: 30, 150
    ("latest", (), ("stake_alpha_two", "prior_two")),  # Source Two speaks later on both
    ("trust", ("two",), ("stake_alpha_two", "prior_two")),  # the reader's own order: Source Two first
])
def test_presets_choose_by_hand(fb, preset, trust, want):
    s = build_scenario(fb, replace(default_beliefs(fb), preset=preset, trust=trust))
    assert (s.resolved["stake_alpha"].claim.id, s.resolved["val_prior"].claim.id) == want
    assert s.resolved["stake_alpha"].how == "preset"


def test_labels_of_one_source_saying_the_same_twice(write_factbase):
    # Source One prints Beta's 6 three times: in the text (no 'where'), in a table, and in the text again
    extra = ('  - {id: inv_beta_tbl, topic: inv_beta, source: one, bound: exact, value: 6, unit: bn, currency: USD, '
             'status: talks, where: table, translation: "Beta 6 (table)."}\n'
             '  - {id: inv_beta_again, topic: inv_beta, source: one, bound: exact, value: 6, unit: bn, currency: USD, '
             'status: talks, translation: "Beta 6 again."}\n')
    fb3 = load_factbase(write_factbase(FIXTURE.read_text(encoding="utf-8") + extra))
    assert claim_labels(fb3, "inv_beta") == {"inv_beta_one": "Source One (text): 6 bn USD",
                                             "inv_beta_tbl": "Source One (table): 6 bn USD",
                                             "inv_beta_again": "Source One (text, 2nd): 6 bn USD"}


def test_link_notices_name_the_unknown_source_and_view_params_pass_through(fb):
    _, notices, views = parse_query({"trust": "nobody", "cap_more": "false"}, fb)
    assert notices == ["The trust order names an unknown source 'nobody'; it was left out."]
    assert views == {"cap_more": ["false"]}


def test_how_each_belief_came_about(fb, flags_fb):
    b = default_beliefs(fb)
    s = build_scenario(fb, b.with_pick("inv_alpha", NONE).with_pick("inv_beta", "inv_alpha_one"))
    # 'none' picked; a pick of another topic's claim is ignored (the preset decides: Source One's 6)
    assert (s.resolved["inv_alpha"].how, s.resolved["inv_alpha"].value) == ("none", None)
    assert (s.resolved["inv_beta"].how, s.resolved["inv_beta"].claim.id) == ("preset", "inv_beta_one")
    assert [f.kind for f in s.flows if f.target == "co"] == ["equity", "equity"]  # Beta 6, other investors 34
    # the outcome preset: the close's 120 post-money is believed as the preset says; the investments, on which the
    # outcome is silent, are not reported (never the trust order's figures); compute follows the trust order
    o = build_scenario(flags_fb, replace(default_beliefs(flags_fb), preset="outcome"))
    assert (o.resolved["valuation"].claim.id, o.resolved["valuation"].how) == ("close_post", "preset")
    assert [(o.resolved[t].how, o.resolved[t].claim) for t in ("inv_alpha", "inv_beta", "inv_joint")] == \
        [("not_reported", None)] * 3
    assert o.resolved["compute_total"].claim.id == "ctotal_25"
    unreported = flag(o, "OUTCOME_NOT_REPORTED")
    assert unreported.topics == ("inv_alpha", "inv_beta", "inv_joint")
    assert flag_message(flags_fb, unreported).endswith("'Alpha's investment'; 'Beta's investment'; 'Alpha and Beta together': "
                                       "not reported.")
    assert o.by_investor == {"others": 20}  # the close's 20 in total, no named part
