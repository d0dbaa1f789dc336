"""Lead time on the scorecard: days before the announcement, and the lead-weighted credit
credit = max(0, lead days) x max(0, 1 - |error %| / 50).

Every expected number is worked out by hand (calendar days, the outcome figures of data/facts.yaml);
none is read back from the code under test.
"""
from __future__ import annotations

import math
from dataclasses import replace

import pytest

from explainer.engine.scoring import (announcement_date, lead_credit, lead_days, lead_ranking, score_claim,
                                      score_claims, score_sources)


@pytest.mark.parametrize("lead,err,expected", [
    (29, 0.0, 29.0),      # spot on: every day of warning
    (40, 25.0, 20.0),     # 25 % too high: half of them
    (40, -25.0, 20.0),    # too low counts the same
    (10, -10.0, 8.0),     # 10 * (1 - 10/50)
    (72, -80.0, 0.0),     # 80 % off: none, however early
    (40, 50.0, 0.0),      # exactly 50 % off: none
    (-3, 0.0, 0.0),       # made after the announcement: no warning given
    (0, 0.0, 0.0),        # on the day: a copy of the announcement
])
def test_lead_credit_hand_worked(lead, err, expected):
    assert lead_credit(lead, err) == pytest.approx(expected)


def test_lead_credit_without_a_date_is_nan():
    assert math.isnan(lead_credit(math.nan, 0.0))


@pytest.mark.parametrize("date,announced,expected", [
    ("2025-12-17", "2026-02-27", 72),   # 14 days left of December + 31 of January + 27 of February
    ("2026-01-29", "2026-02-27", 29),   # 2 + 27
    ("2026-02-20", "2026-02-27", 7),
    ("2026-01", "2026-02-27", 43),      # a month-only date is the 15th: 16 + 27
    ("2026-03-31", "2026-02-27", -32),  # after the announcement
])
def test_lead_days_hand_worked(date, announced, expected):
    assert lead_days(date, announced) == expected


def test_lead_days_without_dates_is_nan():
    assert math.isnan(lead_days("", "2026-02-27"))
    assert math.isnan(lead_days("2026-01-29", None))


def test_an_early_roughly_right_claim_outranks_a_late_copy():
    # a claim 30 days early and 20 % off beats one 3 days early and spot on: 30 * 0.6 = 18 > 3
    assert lead_credit(30, -20.0) == pytest.approx(18.0)
    assert lead_credit(30, -20.0) > lead_credit(3, 0.0) == pytest.approx(3.0)


def test_announcement_date_comes_from_the_fact_base(factbase):
    # the earliest non-deprecated outcome source: "Round announced (27 Feb 2026)", not the close of 31 Mar
    assert announcement_date(factbase) == "2026-02-27"
    moved = replace(factbase, sources=tuple(replace(s, date="2026-03-06") if s.id == "out_feb" else s
                                            for s in factbase.sources))
    assert announcement_date(moved) == "2026-03-06"
    assert score_claim(moved, "a001_nvidia").lead_days == 14  # 20 Feb to 6 Mar
    without = replace(factbase, sources=tuple(s for s in factbase.sources if s.id != "out_feb"))
    assert announcement_date(without) == "2026-03-31"  # the deprecated aggregator of 27 Feb does not count


@pytest.mark.parametrize("claim_id,lead,credit", [
    ("a002_amazon", 72, 0.0),         # "at least 10" of 17 Dec against Amazon's 50: 80 % low
    ("a000_nvidia", 29, 29.0),        # "up to 30" of 29 Jan against Nvidia's 30: spot on
    ("a001_nvidia", 7, 7.0),          # "about 30 EUR" of 20 Feb, read as dollars (a label error): spot on
    ("a000_valuation", 29, 29 * (1 - (22 / 852 * 100) / 50)),  # about 830 against 852 post-money: 27.50
    ("a004_valuation", 37, 37 * (1 - (150 / 730 * 100) / 50)),  # over 500 EUR read as 580 USD vs 730 pre
    ("aibase_total", 0, 0.0),         # the aggregator on the day of the announcement
])
def test_claims_lead_and_credit(factbase, claim_id, lead, credit):
    s = score_claim(factbase, claim_id)
    assert s.lead_days == lead
    assert s.lead_credit == pytest.approx(credit)


def test_lead_ranking_puts_article_000_above_the_late_article_001(factbase):
    sources = score_sources(factbase)
    by_id = sources.set_index("source")
    # article 001 (20 Feb) has the smaller mean error, so without lead time it looks best ...
    assert by_id.loc["a001", "mean_abs_error_pct"] < by_id.loc["a000", "mean_abs_error_pct"]
    # ... article 000's eight claims, 29 days ahead: 29 x 5 (spot on) + 18.54 (up to 100 vs 122)
    # + 27.50 (about 830 vs 852) + 11.6 (20-50, middle 35 vs 50: 30 % off) = 202.64, mean 25.33
    assert by_id.loc["a000", "lead_credit"] == pytest.approx(202.643 / 8, abs=0.01)
    # article 001's four, 7 days ahead: 7 + 7 + 6.64 (830 vs 852) + 6.31 (116 vs 122) = 26.95, mean 6.74
    assert by_id.loc["a001", "lead_credit"] == pytest.approx(26.95 / 4, abs=0.01)
    assert by_id.loc["a000", "mean_lead_days"] == 29 and by_id.loc["a001", "mean_lead_days"] == 7
    order = list(lead_ranking(sources)["source"])
    assert order.index("a000") < order.index("a001")
    assert order[-1] == "out_aibase"  # deprecated sources last


def test_every_scored_article_claim_has_a_lead_time(factbase):
    df = score_claims(factbase)
    articles = df[df["source_kind"] == "article"]
    assert len(articles) > 0 and articles["lead_days"].notna().all()
    assert (articles["lead_days"] > 0).all()  # every article was written before the announcement
