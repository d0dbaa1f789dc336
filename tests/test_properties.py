"""Properties over random beliefs: the cap table adds up, and the link codec round-trips and never raises."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.engine.beliefs import BASIS_RULES, FX_RULES, NONE, PRESETS, RANGE_RULES, Beliefs
from explainer.engine.scenario import build_scenario
from explainer.load.params import RULES, VERSION_KEY, VIEW_PARAMS
from explainer.urlstate import parse_query, to_query

# bench/mutation.py runs these once per mutant: PROPERTY_EXAMPLES lowers the count there
SETTINGS = settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def beliefs(draw, fb) -> Beliefs:
    """A preset, some topics picked to one of their claims or 'none', any rules, any trust order."""
    topics = draw(st.lists(st.sampled_from([t.id for t in fb.topics]), unique=True))
    picks = {t: draw(st.sampled_from([c.id for c in fb.claims_by_topic.get(t, ())] + [NONE])) for t in topics}
    return Beliefs(preset=draw(st.sampled_from(PRESETS)),
                   trust=tuple(draw(st.lists(st.sampled_from([s.id for s in fb.sources]), unique=True))),
                   picks=tuple(sorted(picks.items())),
                   ranges=draw(st.sampled_from(RANGE_RULES)), fx=draw(st.sampled_from(FX_RULES)),
                   basis=draw(st.sampled_from(BASIS_RULES)),
                   asof=draw(st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()).filter(
                       lambda d: d != fb.date))))


def normalised(b: Beliefs, fb) -> tuple:
    """What a Beliefs means: an empty trust order is the fact base's default."""
    return (b.preset, tuple(b.trust or fb.defaults.trust), b.picks, b.ranges, b.fx, b.basis, b.asof)


# ---------------------------------------------------------------- the cap table

@SETTINGS
@given(data=st.data())
def test_stakes_after_the_round_sum_to_100(factbase, data):
    s = build_scenario(factbase, data.draw(beliefs(factbase)))
    if s.post is not None:
        # a holder whose new money is not disclosed has no stake after; its money sits in the round's remainder,
        # so the others and its diluted stake before add up to 100
        hidden = sum(r.before_pct * s.pre / s.post for r in s.cap_table if r.state == "undisclosed")
        assert sum(r.after_pct for r in s.cap_table if r.state != "undisclosed") + hidden == pytest.approx(100)


@SETTINGS
@given(data=st.data())
def test_post_is_pre_plus_round_total(factbase, data):
    s = build_scenario(factbase, data.draw(beliefs(factbase)))
    if s.post is not None:
        assert abs(s.post - (s.pre + s.round_total)) < 1e-9


@SETTINGS
@given(data=st.data())
def test_stakes_before_sum_to_100(factbase, data):
    s = build_scenario(factbase, data.draw(beliefs(factbase)))
    assert abs(sum(r.before_pct for r in s.cap_table) - 100) < 1e-9


@SETTINGS
@given(data=st.data())
def test_holder_without_new_money_never_grows(factbase, data):
    s = build_scenario(factbase, data.draw(beliefs(factbase)))
    for r in s.cap_table:
        if r.existing and r.new_money == 0 and r.after_pct is not None:
            assert r.after_pct <= r.before_pct + 1e-9, r


# ---------------------------------------------------------------- the URL codec

@SETTINGS
@given(data=st.data())
def test_query_round_trips(factbase, data):
    b = data.draw(beliefs(factbase))
    query = to_query(b, factbase)
    back, notices, views = parse_query(query, factbase)
    assert notices == []
    assert views == {}
    assert normalised(back, factbase) == normalised(b, factbase), query


def test_explicit_default_trust_equals_empty_trust(factbase):
    explicit = Beliefs(trust=factbase.defaults.trust)
    assert to_query(explicit, factbase) == to_query(Beliefs(), factbase) == ""


@SETTINGS
@given(query=st.text())
def test_parse_query_never_raises_on_text(factbase, query):
    beliefs, notices, views = parse_query(query, factbase)
    assert beliefs.preset in PRESETS and beliefs.fx in FX_RULES and isinstance(notices, list)


@SETTINGS
@given(params=st.dictionaries(st.text(), st.text()))
def test_parse_query_never_raises_on_a_mapping(factbase, params):
    beliefs, notices, views = parse_query(params, factbase)
    assert beliefs.ranges in RANGE_RULES and beliefs.basis in BASIS_RULES and isinstance(notices, list)


@SETTINGS
@given(data=st.data())
def test_unknown_keys_give_a_notice(factbase, data):
    known = set(RULES) | {VERSION_KEY} | set(VIEW_PARAMS) | set(factbase.topic)
    key = data.draw(st.text(min_size=1).filter(lambda k: k not in known))
    _, notices, _ = parse_query({key: data.draw(st.text())}, factbase)
    assert len(notices) == 1 and "Unknown link parameter" in notices[0]
