"""Every possible world: the count, a brute-force check against build_scenario, sampling, the tornado, the CLI.

The brute force enumerates the fixture's worlds by hand (the choices are listed below, read off
tests/fixtures/worlds/facts.yaml) and runs explainer.engine.scenario.build_scenario on each one.
"""
from __future__ import annotations

import itertools
import json
import math
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from explainer.engine.beliefs import default_beliefs
from explainer.engine.cycles import scenario_loops
from explainer.load.factbase import load_factbase
from explainer.engine.scenario import build_scenario
from explainer.urlstate import parse_query
from explainer.present.labels import output_options
from explainer.engine.worlds import tornado, worlds

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "worlds" / "facts.yaml"
REMAINDER = Path(__file__).resolve().parent / "fixtures" / "remainder" / "facts.yaml"

# The fixture's choices, by hand: (claim id or 'none', range end or None). Outcome (inv_done, val_done) and
# deprecated (inv_bad) claims are not choices by default; compute_total is not a dimension.
CHOICES = {
    "inv_alpha": [("inv_one", None), ("inv_two", "low"), ("inv_two", "high"), ("none", None)],  # 10, 5, 20, none
    "round_total": [("total_one", None), ("total_two", None), ("none", None)],                   # 30, 8, none
    "valuation": [("val_one", None), ("val_two", None), ("val_eur", None)],                      # 100, 60, 20 EUR
    "stake_alpha": [("stake_alpha_one", None), ("stake_alpha_two", None)],                       # 60, 70
    "stake_beta": [("stake_beta_one", None)],                                                    # 45
    "compute_alpha": [("compute_one", None), ("compute_two", None)],                             # 5 EUR, 8
}
OUTPUTS = ["post", "pre", "total", "stake:alpha", "stake:beta", "stake:others", "stake:newfunds",
           "circularity:alpha"]


@pytest.fixture(scope="module")
def fb():
    return load_factbase(FIXTURE)


def _output(s, output, fb=None):
    """An output read off a Scenario, written here independently of explainer.engine.worlds (a loop's returns as the
    CLI's `cycles` reads them)."""
    if output == "post":
        return s.post
    if output == "pre":
        return s.pre
    if output == "total":
        return s.round_total
    kind, who = output.split(":")
    if kind == "loop":
        lp = scenario_loops(fb, s).get(who)
        return None if lp is None else lp.returns
    if kind == "stake":
        row = s.row(who)
        return 0.0 if row is None else row.after_pct  # no row: holds nothing (post is always > 0 here)
    c = [c for c in s.circularity if c.investor == who]
    return c[0].ratio if c else None


def _brute_force(fb, beliefs, output):
    values = []
    for world in itertools.product(*CHOICES.values()):
        picks = dict(beliefs.picks)
        ranges = beliefs.ranges
        for topic, (claim, end) in zip(CHOICES, world):
            picks[topic] = claim
            if end:
                ranges = end  # the fixture has one range claim, so one rule can say which end
        b = replace(beliefs, picks=tuple(sorted(picks.items())), ranges=ranges)
        v = _output(build_scenario(fb, b), output)
        values.append(math.nan if v is None else v)
    return np.array(values)


def test_count_is_product_of_choices(fb):
    r = worlds(fb, default_beliefs(fb), "post")
    assert r.n_total == 4 * 3 * 3 * 2 * 1 * 2 == 144
    assert r.n_used == 144 and r.sampled is False
    assert [d.topic for d in r.space.dimensions] == list(CHOICES)
    assert [len(d.choices) for d in r.space.dimensions] == [len(v) for v in CHOICES.values()]
    # with the outcome: inv_done (12) and val_done (110) join; the deprecated inv_bad never does
    r2 = worlds(fb, default_beliefs(fb), "post", include_outcome=True)
    assert r2.n_total == 5 * 3 * 4 * 2 * 1 * 2 == 240
    claims = {c.claim for d in r2.space.dimensions for c in d.choices}
    assert "inv_bad" not in claims and {"inv_done", "val_done"} <= claims


@pytest.mark.parametrize("query", ["", "basis=pre&fx=base"])
@pytest.mark.parametrize("output", OUTPUTS)
def test_every_world_equals_brute_force(fb, query, output):
    """World by world: the i-th world of worlds() (last dimension fastest) is the i-th combination of CHOICES."""
    beliefs, notices, _ = parse_query(query, fb)
    assert not notices
    expected = _brute_force(fb, beliefs, output)
    r = worlds(fb, beliefs, output)
    picked = [tuple((d.choices[i].claim, d.choices[i].end) for d, i in zip(r.space.dimensions, row))
              for row in r.index]
    assert picked == list(itertools.product(*CHOICES.values()))
    np.testing.assert_allclose(r.values, expected, equal_nan=True, rtol=1e-9, atol=1e-9)
    ok = ~np.isnan(expected)
    assert r.n_defined == int(ok.sum())
    assert (r.min, r.median, r.max) == pytest.approx((expected[ok].min(), np.median(expected[ok]),
                                                      expected[ok].max()))


def world_beliefs(beliefs, space, row):
    """The beliefs that pick, on every dimension, this world's choice; None where its range ends differ (one
    range rule cannot say two ends)."""
    picks, ends = dict(beliefs.picks), set()
    for d, i in zip(space.dimensions, row):
        picks[d.topic] = d.choices[i].claim
        ends |= {d.choices[i].end} - {None}
    if len(ends) > 1:
        return None
    return replace(beliefs, picks=tuple(sorted(picks.items())), ranges=ends.pop() if ends else beliefs.ranges)


def assert_worlds_are_scenarios(fb, beliefs, output, **kw):
    """worlds() against build_scenario, world by world; returns how many worlds were compared."""
    r = worlds(fb, beliefs, output, **kw)
    compared = 0
    for row, value in zip(r.index, r.values):
        b = world_beliefs(beliefs, r.space, row)
        if b is None:
            continue
        want = _output(build_scenario(fb, b), output, fb)
        assert value == pytest.approx(math.nan if want is None else want, nan_ok=True), \
            f"{output} in world {[d.choices[i] for d, i in zip(r.space.dimensions, row)]}"
        compared += 1
    return compared


@pytest.mark.parametrize("output", ["post", "pre", "total", "stake:amazon", "stake:employees_others",
                                    "stake:financial_investors", "circularity:amazon", "circularity:microsoft",
                                    "loop:amazon.openai", "loop:softbank.openai", "loop:microsoft.openai"])
def test_bundled_worlds_equal_build_scenario(factbase, output):
    b = default_beliefs(factbase)
    # all worlds of the round's topics and the valuation: 17 x 4 x 6 = 408, 2 x 4 x 6 of them Amazon's range ends.
    # The valuation's 6 choices are the articles' claims (a000, a001, a002 twice, a003, a004); since fact base 1.1.0
    # a000's "at least 830" at an IPO is no longer one of them, and the outcome sources are not choices.
    topics = ("inv_amazon", "round_total", "valuation")
    assert assert_worlds_are_scenarios(factbase, b, output, topics=topics) == 17 * 4 * 6
    # 60 worlds drawn from the whole space (192,780 worlds)
    assert assert_worlds_are_scenarios(factbase, b, output, limit=60, seed=5) == 60


def test_remainder_fixture_worlds_equal_build_scenario():
    rem = load_factbase(REMAINDER)
    b = default_beliefs(rem)
    for output, _ in output_options(rem):
        assert assert_worlds_are_scenarios(rem, b, output) == 48, output


def test_hand_worked_world_and_tornado(fb):
    # Current beliefs (trust one, two): Alpha 10, total about 30, valuation 100 post, stakes 60 + 45 = 105 %
    # -> scaled: Alpha 60/105. New money 30 (20 from other new investors), pre 70.
    # Alpha after = (60/105 x 70 + 10) / 100 = (40 + 10) / 100 = 50 %. Circularity: 5 EUR = 6.25 / 10.
    b = default_beliefs(fb)
    assert worlds(fb, b, "stake:alpha").current == pytest.approx(50.0)
    assert worlds(fb, b, "circularity:alpha").current == pytest.approx(0.625)
    # Beta 45/105 x 70 / 100 = 30 %; other new investors 20 / 100 = 20 %; stakes above 100 % leave no
    # remainder, so 'others' hold 0 % (no row in the cap table).
    current = {o: worlds(fb, b, o).current for o in ("post", "pre", "total", "stake:beta", "stake:newfunds",
                                                     "stake:others")}
    assert current == pytest.approx({"post": 100, "pre": 70, "total": 30, "stake:beta": 30, "stake:newfunds": 20,
                                     "stake:others": 0})
    # Post-money varies only with the valuation: 100 post, about 60 (unspecified -> post), 20 EUR = 25 post,
    # which is below the 30 of new money -> post = 30.
    t = tornado(fb, b, "post").set_index("topic")
    assert (t.loc["valuation", "low"], t.loc["valuation", "high"]) == pytest.approx((30, 100))
    assert t.loc["valuation", "swing"] == pytest.approx(70)
    assert t.loc["inv_alpha", "swing"] == pytest.approx(0)
    assert tornado(fb, b, "post").iloc[0]["topic"] == "valuation"  # sorted by swing
    # The round: about 30 -> 30; up to 8 is below Alpha's 10 -> 10; none -> 10.
    t = tornado(fb, b, "total").set_index("topic")
    assert (t.loc["round_total", "low"], t.loc["round_total", "high"]) == pytest.approx((10, 30))


def test_sampling_reproducible_and_used_above_limit(fb):
    b = default_beliefs(fb)
    full = worlds(fb, b, "stake:alpha")
    a = worlds(fb, b, "stake:alpha", limit=100, seed=7)
    again = worlds(fb, b, "stake:alpha", limit=100, seed=7)
    other = worlds(fb, b, "stake:alpha", limit=100, seed=8)
    assert full.sampled is False
    assert (a.sampled, a.n_total, a.n_used) == (True, 144, 100)
    assert np.array_equal(a.index, again.index)
    assert np.array_equal(a.values, again.values, equal_nan=True)
    assert not np.array_equal(a.index, other.index)
    # every sampled world is a world of the full space, with the same value
    flat = np.ravel_multi_index(a.index.T, a.space.shape)
    assert np.allclose(a.values, full.values[flat], equal_nan=True)
    # a space exactly at the limit is enumerated
    assert worlds(fb, b, "post", limit=144).sampled is False


def test_output_options_and_unknown_output(fb):
    keys = [k for k, _ in output_options(fb)]
    assert {"post", "total", "stake:alpha", "circularity:alpha"} <= set(keys)
    with pytest.raises(ValueError):
        worlds(fb, default_beliefs(fb), "stake:nobody")


def _cli(cli, *args):
    out = cli("worlds", *args)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_cli_json_agrees_with_api(cli):
    d = _cli(cli, "--output", "post", "--format", "json")
    fb = load_factbase()
    beliefs, _, _ = parse_query("", fb)
    r = worlds(fb, beliefs, "post")
    assert d["output"] == "post"
    assert (d["n_worlds"], d["n_used"], d["sampled"]) == (r.n_total, r.n_used, r.sampled)
    assert d["min"] == pytest.approx(r.min, abs=1e-4) and d["max"] == pytest.approx(r.max, abs=1e-4)
    assert d["median"] == pytest.approx(r.median, abs=1e-4)
    assert d["current"] == pytest.approx(r.current, abs=1e-4)
    assert {t["topic"] for t in d["tornado"]} == {dim.topic for dim in r.space.dimensions}


def test_cli_on_fixture_with_sampling(fb, cli):
    d = _cli(cli, "--factbase", str(FIXTURE), "--output", "stake:alpha", "--format", "json", "--limit", "100",
             "--seed", "3")
    r = worlds(fb, default_beliefs(fb), "stake:alpha", limit=100, seed=3)
    assert (d["n_worlds"], d["n_used"], d["sampled"], d["seed"]) == (144, 100, True, 3)
    assert d["min"] == pytest.approx(r.min, abs=1e-4) and d["max"] == pytest.approx(r.max, abs=1e-4)


def test_summary_json_and_units_of_the_fixture(fb):
    """What the page and the CLI's JSON keep of a result, on the fixture: 4 x 3 x 3 x 2 x 1 x 2 = 144 worlds (the
    CHOICES above), every one with a post-money valuation; the highest is the 100 post-money claim."""
    from dataclasses import replace as replace_result

    from explainer.present.labels import worlds_labelled_dict
    from explainer.engine.worlds import output_unit
    from explainer.engine.worlds_frames import summarize, worlds_dict
    r = worlds(fb, default_beliefs(fb), "post")
    s = summarize(r)
    assert (s.output, s.n_total, s.n_used, s.n_defined, s.sampled) == ("post", 144, 144, 144, False)
    assert s.max == pytest.approx(100) and s.current == pytest.approx(100)
    j = worlds_dict(r)
    assert (j["output"], j["n_worlds"], j["n_used"], j["n_defined"]) == ("post", 144, 144, 144)
    assert "label" not in j and all(set(row) == set(j["tornado"][0]) - {"label"} for row in j["tornado"])
    labels = {row["topic"]: row["label"] for row in worlds_labelled_dict(fb, r)["tornado"]}
    assert labels["valuation"] == "Valuation in the round" and labels["inv_alpha"] == "Alpha's investment"
    # a result with no defined world has no quantiles (NaN), rather than failing
    empty = replace_result(r, values=np.full(r.n_used, np.nan))
    assert all(math.isnan(v) for v in empty.quantiles().values())
    assert [output_unit(o) for o in ("post", "pre", "total", "stake:alpha", "circularity:alpha")] == \
        ["money", "money", "money", "percent", "ratio"]


def test_loop_returns_world_by_world_agree_with_the_cli(factbase, cli):
    """The worlds page's output 'loop:...' against `python -m explainer cycles` run on each world's link: Amazon's
    loop, in 12 worlds drawn from the whole space with the outcome as choices (the articles' figures are talks,
    never a step of a loop, so without the outcome no world has a value)."""
    from explainer.urlstate import to_query
    b = default_beliefs(factbase)
    output = "loop:amazon.openai"
    assert output in dict(output_options(factbase))
    assert "loop:nvidia.openai.oracle" not in dict(output_options(factbase))  # no report joins the two deals
    r = worlds(factbase, b, output, include_outcome=True, limit=12, seed=7)
    compared = defined = 0
    for row, value in zip(r.index, r.values):
        wb = world_beliefs(b, r.space, row)
        if wb is None:
            continue
        out = cli("cycles", "--query", to_query(wb, factbase), "--format", "json")
        assert out.returncode == 0, out.stderr
        loops = {lp["id"]: lp for lp in json.loads(out.stdout)["loops"]}
        want = loops["amazon.openai"]["returns"] if "amazon.openai" in loops else None
        assert value == pytest.approx(math.nan if want is None else want, nan_ok=True, abs=1e-4)
        compared += 1
        defined += want is not None
    assert compared >= 8 and defined >= 1


@pytest.mark.parametrize("output", ["post", "total", "stake:microsoft", "stake:financial_investors",
                                    "circularity:microsoft", "circularity:amazon"])
def test_undisclosed_and_none_worlds_equal_build_scenario(factbase, output):
    # with the outcome as choices, Microsoft's topic offers the close's 'undisclosed' and the announcement's 'none'
    b = default_beliefs(factbase)
    topics = ("inv_microsoft", "round_total", "valuation")
    r = worlds(factbase, b, output, topics=topics, include_outcome=True)
    offered = {c.claim for d in r.space.dimensions for c in d.choices}
    assert {"close_microsoft", "feb_microsoft"} <= offered
    assert assert_worlds_are_scenarios(factbase, b, output, topics=topics, include_outcome=True) == r.n_used
    if output == "stake:microsoft":  # an undisclosed amount never reads as a stake (nor as 0 new money)
        undisclosed = [i for i, row in enumerate(r.index)
                       if r.space.dimensions[0].choices[row[0]].claim == "close_microsoft"]
        assert undisclosed and np.isnan(r.values[undisclosed]).all()


def test_worlds_offer_only_what_was_said_by_the_view_date(factbase):
    # on 17 Dec 2025 only article 002 had spoken of the round: its claims, none of the later ones
    b = replace(default_beliefs(factbase), asof="2025-12-17")
    from explainer.engine.worlds import scenario_space
    space = scenario_space(factbase, b, include_outcome=True)
    said = {c for d in space.dimensions for ch in d.choices for c in ch.claims}
    assert said and all(factbase.claim[c].date <= "2025-12-17" for c in said)
    assert not any(c.startswith(("a000", "a001", "a003", "feb_", "close_")) for c in said)
