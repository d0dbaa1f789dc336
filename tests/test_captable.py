"""Cap-table arithmetic against results worked out by hand, from link query strings to the scenario."""
from __future__ import annotations

import pytest

from explainer.present.labels import row_name
from explainer.load.factbase import parse_factbase
from explainer.engine.scenario import build_scenario
from explainer.urlstate import parse_query

ROUND_NUMBERS = """
version: "1"
date: "2026-01-01"
title: "Round numbers"
company: co
round_residual: others
base_currency: USD
currencies:
  - {code: EUR, per_base: 1.2}
defaults:
  trust: [books]
sources:
  - {id: books, kind: context, name: "The books", url: "https://example.org/books"}
  - {id: alt, kind: context, name: "Another view", url: "https://example.org/alt"}
entities:
  - {id: co, name: "Co"}
  - {id: alpha, name: "Alpha"}
  - {id: beta, name: "Beta"}
  - {id: newco, name: "NewCo"}
  - {id: others, name: "Other new investors"}
topics:
  - {id: inv_newco, label: "NewCo's investment", kind: investment, group: round, entity: newco}
  - {id: round_total, label: "Size of the round", kind: round_total, group: round}
  - {id: valuation, label: "Co's valuation", kind: valuation, group: valuation}
  - {id: stake_alpha, label: "Alpha's stake", kind: stake_before, group: ownership, entity: alpha}
  - {id: stake_beta, label: "Beta's stake", kind: stake_before, group: ownership, entity: beta}
claims:
  - {id: newco_25, topic: inv_newco, source: books, bound: exact, value: 25, unit: bn, currency: USD, status: closed, translation: "25"}
  - {id: total_25, topic: round_total, source: books, bound: exact, value: 25, unit: bn, currency: USD, status: closed, translation: "25"}
  - {id: pre_100, topic: valuation, source: books, bound: exact, value: 100, unit: bn, currency: USD, basis: pre, status: closed, translation: "100 pre"}
  - {id: alpha_60, topic: stake_alpha, source: books, bound: exact, value: 60, unit: percent, status: closed, translation: "60 %"}
  - {id: beta_40, topic: stake_beta, source: books, bound: exact, value: 40, unit: percent, status: closed, translation: "40 %"}
  - {id: total_20, topic: round_total, source: alt, bound: exact, value: 20, unit: bn, currency: USD, status: talks, translation: "20"}
  - {id: total_40, topic: round_total, source: alt, bound: exact, value: 40, unit: bn, currency: USD, status: talks, translation: "40"}
  - {id: post_125, topic: valuation, source: alt, bound: exact, value: 125, unit: bn, currency: USD, basis: post, status: talks, translation: "125 post"}
  - {id: plain_100, topic: valuation, source: alt, bound: exact, value: 100, unit: bn, currency: USD, status: talks, translation: "100"}
  - {id: alpha_80, topic: stake_alpha, source: alt, bound: exact, value: 80, unit: percent, status: talks, translation: "80 %"}
  - {id: beta_70, topic: stake_beta, source: alt, bound: exact, value: 70, unit: percent, status: talks, translation: "70 %"}
"""


@pytest.fixture(scope="module")
def round_numbers():
    fb, problems = parse_factbase(ROUND_NUMBERS, name="round_numbers.yaml")
    assert problems == []
    return fb


def scenario(fb, query: str):
    beliefs, notices, _ = parse_query(query, fb)
    assert notices == []
    return build_scenario(fb, beliefs, notices)


def codes(s) -> set[str]:
    return {f.code for f in s.flags}


def after(s) -> dict[str, float]:
    return {r.holder: r.after_pct for r in s.cap_table}


# ---------------------------------------------------------------- a hand-made fact base with round numbers

def test_pre_money_claim_adds_the_round(round_numbers):
    s = scenario(round_numbers, "")
    # pre 100 (said pre-money), new money 25: post = 100 + 25 = 125
    assert (s.pre, s.post, s.round_total) == (100, 125, 25)
    # Alpha 60 % * 100 / 125 = 48 %, Beta 40 % * 100 / 125 = 32 %, NewCo 25 / 125 = 20 %
    assert after(s) == pytest.approx({"alpha": 48, "beta": 32, "newco": 20})
    assert not codes(s) & {"ASSUMED_BASIS", "NAMED_EXCEED_TOTAL", "STAKES_ABOVE_100"}


def test_post_money_claim_subtracts_the_round(round_numbers):
    s = scenario(round_numbers, "valuation=post_125")
    # post 125 (said post-money), new money 25: pre = 125 - 25 = 100
    assert (s.pre, s.post, s.basis, s.basis_assumed) == (100, 125, "post", False)
    assert after(s) == pytest.approx({"alpha": 48, "beta": 32, "newco": 20})
    assert "ASSUMED_BASIS" not in codes(s)


def test_unspecified_basis_read_as_pre_money(round_numbers):
    s = scenario(round_numbers, "valuation=plain_100&basis=pre")
    # 100 taken as pre-money: post = 100 + 25 = 125
    assert (s.pre, s.post, s.basis, s.basis_assumed) == (100, 125, "pre", True)
    assert "ASSUMED_BASIS" in codes(s)


def test_unspecified_basis_read_as_post_money(round_numbers):
    s = scenario(round_numbers, "valuation=plain_100&basis=post")
    # 100 taken as post-money: pre = 100 - 25 = 75; Alpha 60 % * 75 / 100 = 45 %, Beta 40 % * 75 / 100 = 30 %,
    # NewCo 25 / 100 = 25 %
    assert (s.pre, s.post, s.basis, s.basis_assumed) == (75, 100, "post", True)
    assert after(s) == pytest.approx({"alpha": 45, "beta": 30, "newco": 25})
    assert "ASSUMED_BASIS" in codes(s)


def test_named_investors_above_the_total(round_numbers):
    s = scenario(round_numbers, "round_total=total_20")
    # NewCo alone puts in 25, more than the believed round of 20: the round is 25, no row for others
    assert (s.round_total, s.stated_total) == (25, 20)
    assert "NAMED_EXCEED_TOTAL" in codes(s)
    assert [r.holder for r in s.cap_table] == ["alpha", "beta", "newco"]


def test_total_above_named_investors_adds_other_new_investors(round_numbers):
    s = scenario(round_numbers, "round_total=total_40")
    # round 40, NewCo 25: others bring 40 - 25 = 15; pre 100, post 100 + 40 = 140
    assert (s.round_total, s.pre, s.post) == (40, 100, 140)
    others = s.row("others")
    assert (row_name(round_numbers, others), others.new_money, others.before_pct) == ("Other new investors", 15, 0)
    # Alpha 60/140 = 42.857 %, Beta 40/140 = 28.571 %, NewCo 25/140 = 17.857 %, others 15/140 = 10.714 %
    assert after(s) == pytest.approx({"alpha": 42.857143, "beta": 28.571429, "newco": 17.857143,
                                      "others": 10.714286})
    assert "NAMED_EXCEED_TOTAL" not in codes(s)


def test_stakes_above_100_are_scaled_down(round_numbers):
    s = scenario(round_numbers, "stake_alpha=alpha_80&stake_beta=beta_70")
    # 80 + 70 = 150 %: Alpha 80/150 = 53.333 %, Beta 70/150 = 46.667 % before;
    # after: Alpha 53.333 % * 100 / 125 = 42.667 %, Beta 46.667 % * 100 / 125 = 37.333 %, NewCo 25/125 = 20 %
    assert "STAKES_ABOVE_100" in codes(s)
    assert {r.holder: r.before_pct for r in s.cap_table} == pytest.approx({"alpha": 53.333333, "beta": 46.666667,
                                                                          "newco": 0})
    assert after(s) == pytest.approx({"alpha": 42.666667, "beta": 37.333333, "newco": 20})


# ---------------------------------------------------------------- the bundled fact base

def test_outcome_cap_table(factbase):
    s = scenario(factbase, "preset=outcome")
    # The outcome preset believes the closing: 852 post-money, 122 new money; Amazon 50, Nvidia 30, SoftBank 30.
    # The close says Microsoft took part at an undisclosed amount: no figure, and never article 000's "below 10".
    assert s.resolved["valuation"].claim.id == "close_valuation"
    assert s.resolved["round_total"].claim.id == "close_total"
    assert s.resolved["inv_microsoft"].claim.id == "close_microsoft"
    assert (s.resolved["inv_microsoft"].state, s.resolved["inv_microsoft"].value) == ("undisclosed", None)
    assert s.resolved["stake_softbank"].claim.id == "a000_softbank_stake"  # ownership before: the trust order
    # pre = 852 - 122 = 730; named 50 + 30 + 30 = 110, so the remainder is 122 - 110 = 12, Microsoft within it
    assert (s.pre, s.post, s.round_total) == (730, 852, 122)
    assert s.by_investor == pytest.approx({"amazon": 50, "nvidia": 30, "softbank": 30, "financial_investors": 12})
    assert s.undisclosed == ("microsoft",)
    assert s.row("financial_investors").includes == ("microsoft",)
    ms = s.row("microsoft")
    assert (ms.state, ms.new_money, ms.after_pct, ms.value_after) == ("undisclosed", None, None, None)
    # before: Foundation 26, Microsoft 27, SoftBank 11, employees and others 100 - 64 = 36
    assert after(s) == pytest.approx({
        "foundation": 26 * 730 / 852,            # 189.8 / 852 = 22.277 %
        "microsoft": None,                       # its new money, so its stake after, not disclosed
        "softbank": (11 * 730 / 100 + 30) / 852 * 100,    # (80.3 + 30) / 852 = 12.946 %
        "employees_others": 36 * 730 / 852,      # 262.8 / 852 = 30.845 %
        "amazon": 50 / 852 * 100,                # 5.8685 %
        "nvidia": 30 / 852 * 100,                # 3.5211 %
        "financial_investors": 12 / 852 * 100,   # 1.4085 %
    })
    assert after(s)["amazon"] == pytest.approx(5.8685, abs=1e-4)
    # no round topic rests on an article (talk-stage) claim
    for t in ("inv_amazon", "inv_nvidia", "inv_softbank", "inv_microsoft", "inv_joint", "round_total", "valuation"):
        b = s.resolved[t]
        assert b.claim is None or factbase.source[b.claim.source].kind == "outcome", t
    assert s.resolved["inv_joint"].state == "not_reported"
    assert [f.topics for f in s.flags if f.code == "OUTCOME_NOT_REPORTED"] == [("inv_joint",)]


def test_the_announcement_alone(factbase):
    # 27 Feb 2026: 110 bn at 730 pre-money, about 840 post; Microsoft not among the investors (none: zero)
    s = scenario(factbase, "trust=out_feb")
    assert s.resolved["inv_microsoft"].claim.id == "feb_microsoft"
    assert (s.resolved["inv_microsoft"].state, s.resolved["inv_microsoft"].value) == ("none", 0)
    assert (s.round_total, s.pre, s.post) == (110, 730, 730 + 110)
    assert "financial_investors" not in s.by_investor


def test_fx_convert_multiplies_a_euro_claim_by_the_rate(factbase):
    # article 001: "Die 30 Milliarden Euro von NVIDIA"; the fact base's rate is 1 EUR = 1.16 USD: 30 * 1.16 = 34.8
    belief = scenario(factbase, "inv_nvidia=a001_nvidia_2&fx=convert").resolved["inv_nvidia"]
    assert (belief.value, belief.converted_from) == (pytest.approx(34.8), "EUR")


def test_fx_base_reads_a_euro_claim_as_dollars(factbase):
    s = scenario(factbase, "inv_nvidia=a001_nvidia_2&fx=base")
    assert s.resolved["inv_nvidia"].value == 30
    assert s.by_investor["nvidia"] == 30


@pytest.mark.parametrize("rule, value", [("low", 20), ("mid", 35), ("high", 50)])  # 20-50: mid (20 + 50) / 2 = 35
def test_ranges_rule_on_the_20_to_50_table_claim(factbase, rule, value):
    s = scenario(factbase, f"inv_amazon=a000_amazon_tbl&ranges={rule}")
    assert s.resolved["inv_amazon"].value == value
    assert s.by_investor["amazon"] == value


def test_the_outcome_preset_says_what_the_outcome_leaves_open(factbase):
    # The close names Microsoft at an undisclosed amount: said in words; the talk-stage joint figure is not reported.
    from explainer.engine.scenario import build_scenario
    from explainer.urlstate import parse_query
    beliefs, _, _ = parse_query("preset=outcome", factbase)
    s = build_scenario(factbase, beliefs)
    silent = [f for f in s.flags if f.code == "OUTCOME_NOT_REPORTED"]
    assert len(silent) == 1 and "inv_joint" in silent[0].topics and "inv_microsoft" not in silent[0].topics
    inside = [f for f in s.flags if f.code == "UNDISCLOSED_IN_REMAINDER"]
    assert len(inside) == 1 and "inv_microsoft" in inside[0].topics
    from explainer.present.flag_text import flag_message
    said = flag_message(factbase, inside[0])
    assert "'Microsoft'" in said and "12 bn USD" in said
    assert inside[0].params == (("investors", ("microsoft",)), ("rest", 12.0), ("residual", "financial_investors"))


def test_the_story_names_the_numbers_of_the_scenario(factbase):
    from explainer.present.digest import story
    from explainer.engine.scenario import build_scenario
    from explainer.urlstate import parse_query
    beliefs, _, _ = parse_query("preset=outcome", factbase)
    text = story(factbase, build_scenario(factbase, beliefs))
    # 122 new, 730 pre, 852 post; Amazon 50 of 852 = 5.9 %
    for piece in ("122 bn USD", "730 bn USD", "852 bn USD", "Amazon 50 bn USD", "5.9 %"):
        assert piece in text, piece
