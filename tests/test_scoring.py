"""Who was right: the hit rule, currency labels, informativeness, per-source tallies, distance to the outcome.

Expected numbers are worked out by hand from the rules in explainer/engine/scoring.py's docstring and from
data/facts.yaml; none is read back from the code under test.
"""
from __future__ import annotations

import math

import pytest

from explainer.present import money
from explainer.engine.beliefs import NONE, Beliefs, default_beliefs
from explainer.load.factbase import load_factbase
from explainer.engine.scoring import (distance_to_outcome, holds, informativeness, outcomes,
                                      score_claim, score_claims, score_sources)


@pytest.fixture(scope="module")
def fb():
    return load_factbase()


# ---------------------------------------------------------------- the hit rule, outcome 50
# exact and range ends get 2 % rounding slack, about 10 %, up_to/at_least 2 %, below/above none.

@pytest.mark.parametrize("bound,low,high,expected", [
    ("exact", 50, 50, True),
    ("exact", 49.5, 49.5, True),     # allows 48.51..50.49
    ("exact", 48, 48, False),        # allows 47.04..48.96
    ("exact", 52, 52, False),        # allows 50.96..53.04
    ("about", 46, 46, True),         # allows 41.4..50.6
    ("about", 45, 45, False),        # allows 40.5..49.5
    ("about", 55, 55, True),         # allows 49.5..60.5
    ("about", 56, 56, False),        # allows 50.4..61.6
    ("up_to", None, 50, True),
    ("up_to", None, 49.5, True),     # 50 <= 50.49
    ("up_to", None, 45, False),      # 50 > 45.9
    ("up_to", None, 100, True),
    ("at_least", 10, None, True),
    ("at_least", 51, None, True),    # 50 >= 49.98
    ("at_least", 55, None, False),   # 50 < 53.9
    ("below", None, 50, False),      # strict
    ("below", None, 60, True),
    ("above", 50, None, False),      # strict
    ("above", 40, None, True),
    ("range", 20, 50, True),
    ("range", 20, 40, False),        # 50 > 40.8
    ("range", 51, 60, True),         # 50 >= 49.98
    ("range", 55, 60, False),        # 50 < 53.9
])
def test_hit_rule_against_outcome_50(bound, low, high, expected):
    assert holds(bound, low, high, 50.0) is expected


def test_informativeness_hand_worked():
    # the window is [0, 100] for outcome 50; informativeness = 1 - allowed width / 100
    assert informativeness("at_least", 10, None, 50) == pytest.approx(0.1)   # allows 10..100
    assert informativeness("up_to", None, 50, 50) == pytest.approx(0.5)      # allows 0..50
    assert informativeness("at_least", 10, None, 50) < informativeness("up_to", None, 50, 50)
    assert informativeness("exact", 50, 50, 50) == 1.0
    assert informativeness("exact", 500, 500, 50) == 1.0                     # commits fully, even when wrong
    assert informativeness("about", 50, 50, 50) == pytest.approx(0.9)        # allows 45..55
    assert informativeness("range", 20, 50, 50) == pytest.approx(0.7)        # allows 20..50
    assert informativeness("above", 200, None, 50) == 1.0                    # nothing of 0..100 allowed
    # a statement allowing a subset of another's values is never less informative
    assert informativeness("range", 20, 50, 50) >= informativeness("up_to", None, 50, 50)
    for b, lo, hi in [("exact", 3, 3), ("about", 80, 80), ("up_to", None, 7), ("below", None, 1e6),
                      ("at_least", 0, None), ("range", 0, 1e9)]:
        assert 0.0 <= informativeness(b, lo, hi, 50) <= 1.0


# ---------------------------------------------------------------- currency labels (bundled fact base)

def test_euro_label_on_the_dollar_figure_is_a_label_error_not_a_size_miss(fb):
    # a001_nvidia_2: "30 bn EUR"; the outcome (close_nvidia) is 30 bn USD. Converted: 30 x 1.16 = 34.8,
    # which misses 30 (34.8 x 0.98 = 34.1 > 30); read as dollars it is exactly 30: a hit with a label error.
    s = score_claim(fb, "a001_nvidia_2")
    assert s.outcome == 30
    assert s.currency_label_error is True
    assert s.hit is True and s.verdict == "hit"
    assert s.fx_reading == "base"
    assert s.error_pct == pytest.approx(0.0)


def test_wrong_size_in_euros_is_a_size_miss_not_a_label_error(fb):
    # a004_amazon_teaser: "10 bn EUR" vs Amazon's 50 bn USD: wrong read either way (11.6 or 10), so a size
    # miss, scored converted (the default fx rule): (11.6 - 50) / 50 = -76.8 %.
    s = score_claim(fb, "a004_amazon_teaser")
    assert s.currency_label_error is False
    assert s.hit is False and s.direction == "too low"
    assert s.error_pct == pytest.approx(-76.8)
    # with the reader's fx rule 'base' the same miss is measured as 10 vs 50
    assert score_claim(fb, "a004_amazon_teaser", fx="base").error_pct == pytest.approx(-80.0)


# ---------------------------------------------------------------- outcomes and per-source tallies

def test_outcome_is_latest_non_deprecated(fb):
    om = outcomes(fb)
    assert om[("round_total", None)].value == 122            # close_total (31 Mar), not 110 (Feb) or AIbase 11
    assert om[("round_total", None)].claim == "close_total"
    assert om[("valuation", "post")].value == 852            # close_valuation, later than Feb's about 840
    assert om[("valuation", "pre")].value == 730             # feb_valuation_pre; AIbase's 73 never counts
    assert om[("inv_amazon", None)].claim == "close_amazon"
    assert ("inv_microsoft", None) not in om                 # no outcome figure for Microsoft


def test_article_003_tallies_by_hand(fb):
    # From data/facts.yaml, Article 003 (a003) makes five scored claims:
    #   a003_amazon_title, a003_amazon, a003_amazon_2: up to 50 vs 50 -> hits, error 0, informativeness 0.5
    #   a003_total: about 100 vs 122 -> allows 90..110 -> miss, error (100-122)/122 = -18.0328 %,
    #               informativeness 1 - 20/244
    #   a003_valuation: up to 830, basis unspecified: vs post 852 fails (852 > 846.6), vs pre 730 holds
    #               -> hit against pre, error (830-730)/730 = +13.6986 %, informativeness 1 - 830/1460
    df = score_claims(fb)
    mine = df[df.source == "a003"].set_index("claim")
    assert sorted(mine.index) == sorted(["a003_amazon_title", "a003_amazon", "a003_amazon_2", "a003_total",
                                         "a003_valuation"])
    for cid in ("a003_amazon_title", "a003_amazon", "a003_amazon_2"):
        assert mine.loc[cid, "verdict"] == "hit"
        assert mine.loc[cid, "error_pct"] == pytest.approx(0.0)
    assert mine.loc["a003_total", "verdict"] == "miss"
    assert mine.loc["a003_total", "error_pct"] == pytest.approx(-18.0328, abs=1e-3)
    assert mine.loc["a003_valuation", "verdict"] == "hit"
    assert mine.loc["a003_valuation", "basis_scored"] == "pre"
    assert mine.loc["a003_valuation", "basis_match"] == "pre"
    assert mine.loc["a003_valuation", "error_pct"] == pytest.approx(13.6986, abs=1e-3)

    src = score_sources(fb).set_index("source").loc["a003"]
    assert (src.claims, src.hits, src.misses, src.currency_label_errors) == (5, 4, 1, 0)
    assert src.mean_abs_error_pct == pytest.approx((18.0328 + 13.6986) / 5, abs=1e-3)
    assert src.mean_informativeness == pytest.approx((3 * 0.5 + (1 - 20 / 244) + (1 - 830 / 1460)) / 5)


def test_article_001_counts_three_label_errors(fb):
    # a001 prints euros: about 30 (Nvidia), about 830 (valuation), 30 (Nvidia): right as dollars, wrong
    # converted -> three label errors, all hits; up to 100 EUR (round): 116 or 100, both below 122 -> miss.
    src = score_sources(fb).set_index("source").loc["a001"]
    assert (src.claims, src.hits, src.misses, src.currency_label_errors) == (4, 3, 1, 3)


def test_deprecated_aggregator_is_scored_and_misses(fb):
    # AIbase: 11 (total), 3 (SoftBank), 3 (Nvidia), 5 (Amazon), 73 pre-money: all a tenth of the outcome
    src = score_sources(fb).set_index("source").loc["out_aibase"]
    assert (src.claims, src.hits, src.misses) == (5, 0, 5)
    assert bool(src.deprecated) is True
    df = score_claims(fb)
    assert df.loc[df.claim == "aibase_amazon", "error_pct"].item() == pytest.approx(-90.0)
    # non-deprecated outcome and context sources are not scored
    assert not set(df.source) & {"out_feb", "out_close", "ctx_recap", "ctx_deals"}


def test_unspecified_basis_can_follow_the_readers_rule(fb):
    # a003_valuation up to 830 against post 852 only: 852 > 830 x 1.02 = 846.6 -> miss
    df = score_claims(fb, basis_rule="post").set_index("claim")
    assert df.loc["a003_valuation", "verdict"] == "miss"
    assert df.loc["a003_valuation", "basis_scored"] == "post"


# ---------------------------------------------------------------- distance to the outcome's cap table

def test_distance_zero_for_the_outcome_preset(fb):
    d = distance_to_outcome(fb, Beliefs(preset="outcome", trust=fb.defaults.trust))
    assert d.total_variation == pytest.approx(0.0)
    assert d.post[2] == pytest.approx(0.0) and d.pre[2] == pytest.approx(0.0) and d.total[2] == pytest.approx(0.0)


def test_distance_for_default_beliefs_by_hand(fb):
    # Defaults (trust ctx_recap, ctx_deals, a003, a000, ...): Amazon 50 (a003), Nvidia 30, SoftBank 30,
    # Microsoft below 10 -> 10 (a000); named 120 > believed total 100 (a003) -> round 120.
    # Valuation up to 830 (a003), unspecified -> post (rule): post 830, pre 710.
    # Outcome: round 122, post 852, pre 730.
    d = distance_to_outcome(fb, default_beliefs(fb))
    assert d.total == pytest.approx((120, 122, -2))
    assert d.post == pytest.approx((830, 852, -22))
    assert d.pre == pytest.approx((710, 730, -20))
    h = d.holders.set_index("holder")
    assert h.loc["amazon", "reader_pct"] == pytest.approx(50 / 830 * 100)
    assert h.loc["amazon", "outcome_pct"] == pytest.approx(50 / 852 * 100)
    # the outcome round has 122 - 110 = 12 bn beyond the three named (Microsoft's undisclosed part within it);
    # the reader's round has none
    assert h.loc["financial_investors", "reader_pct"] == pytest.approx(0.0)
    assert h.loc["financial_investors", "outcome_pct"] == pytest.approx(12 / 852 * 100)
    # Microsoft's stake after the outcome is not disclosed: left out of the distance, never read as 0
    assert math.isnan(h.loc["microsoft", "outcome_pct"]) and d.left_out == ("microsoft",)
    # Stakes before (both sides): Foundation 26, Microsoft 27, SoftBank 11, employees and others 36 %.
    # Half the sum of |differences| over the other holders: higher for the reader are SoftBank
    # (0.11 x 710 + 30) / 830 vs (0.11 x 730 + 30) / 852 = 108.1 / 830 vs 110.3 / 852, Amazon 50 / 830 vs
    # 50 / 852, Nvidia 30 / 830 vs 30 / 852; lower are Foundation 184.6 / 830 vs 189.8 / 852, employees and others
    # 255.6 / 830 vs 262.8 / 852 and the other new investors 0 vs 12 / 852.
    higher = 188.1 / 830 - 190.3 / 852
    lower = (189.8 + 262.8 + 12) / 852 - (184.6 + 255.6) / 830
    assert d.total_variation == pytest.approx((higher + lower) / 2 * 100)  # 0.9108 pts
    assert money.distance(d.total_variation) == "0.91 pts"


def test_distance_without_any_valuation_is_a_dash_not_nan(fb):
    # no valuation and no valuation before the round: no stakes after the round, so no distance to show
    b = default_beliefs(fb).with_pick("valuation", NONE).with_pick("val_prior", NONE)
    d = distance_to_outcome(fb, b)
    assert math.isnan(d.total_variation)
    assert d.pre == (None, 730, None) and d.post == (None, 852, None)
    assert money.distance(d.total_variation) == "–"


def test_rules_text_is_markdown_for_the_page():
    from explainer.present.rule_words import scoring_rules
    SCORING_RULES = scoring_rules()
    assert "**Hit or miss.**" in SCORING_RULES and "| about *v* |" in SCORING_RULES
    assert "10%" in SCORING_RULES and "2%" in SCORING_RULES
