"""Colours: a colour-blind-safe palette, one colour per entity, the same on every chart and under any beliefs."""
from __future__ import annotations

from explainer.present import figures
from explainer.present.colours import (CATEGORICAL, GREY, BLACK, HOLDER_KINDS, VENDOR_KINDS, entity_colour,
                                       entity_colours)
from explainer.engine.scenario import build_scenario
from explainer.urlstate import parse_query

OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def scenario(fb, query):
    beliefs, _, _ = parse_query(query, fb)
    return build_scenario(fb, beliefs, [])


def test_every_entity_has_an_okabe_ito_colour_or_a_neutral_one(factbase):
    assert set(CATEGORICAL) <= OKABE_ITO
    for e in factbase.entities:
        assert entity_colour(factbase, e.id) in OKABE_ITO | {GREY}
    assert entity_colour(factbase, factbase.company) == BLACK


def test_entities_shown_side_by_side_never_share_a_colour(factbase):
    for kinds in (HOLDER_KINDS, VENDOR_KINDS):
        members = {t.entity for t in factbase.topics if t.kind in kinds and t.entity}
        colours = [entity_colour(factbase, e) for e in members]
        assert len(set(colours)) == len(colours), f"{kinds}: {dict(zip(members, colours))}"


def test_an_entity_has_the_same_colour_on_every_chart_and_under_any_beliefs(factbase):
    want = entity_colours(factbase)
    for query in ("", "preset=high", "preset=outcome", "preset=low&fx=base"):
        s = scenario(factbase, query)
        cap = figures.cap_table_bars(factbase, s)
        for trace, row in zip(cap.data, s.cap_table):
            colour = want.get(row.holder, GREY)
            if row.state == "undisclosed":  # its bar after the round is white, outlined in its colour
                assert (tuple(trace.marker.color), trace.marker.line.color) == (("white", colour), colour), query
            else:
                assert trace.marker.color == colour, (query, row.holder)
        dil = figures.dilution_bars(factbase, s)
        rows = [r for r in s.cap_table if r.change_pts is not None]
        assert list(dil.data[0].marker.color) == [want.get(r.holder, GREY) for r in rows]
        cap_bars = figures.capacity_bars(factbase, s)
        flows = [f for f in s.flows if f.kind == "capacity"]
        assert list(cap_bars.data[0].marker.color) == [want.get(f.target, GREY) for f in flows]
