"""What a server makes once for every reader of the same view (pages/_parts.chart's figures, the timeline's frames) is
shared only with readers of that view: sessions one after another, in one process (so with the caches warm from the
sessions before), each show the figure made directly for their own beliefs and language.
"""
from __future__ import annotations

import json

import plotly.io as pio
import pytest

from explainer.present import figures
from explainer.present.i18n import speaking
from explainer.engine.scoring import score_sources
from explainer.engine.timeline import milestones, report_moves
from explainer.present.frames import milestones_labelled, moves_labelled, source_scores_labelled
from test_app import FB, exceptions, new_app


def open_page(page: str, query: dict):
    at = new_app(query).run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, exceptions(at)
    return at


def shown(at, n: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[n].proto.spec)


def made(fig, lang: str) -> dict:
    with speaking(lang):
        return json.loads(pio.to_json(figures.finish(fig(), figures.source_line(FB)), validate=False))


# the same link twice (the second reader gets what the first left), another link, the first link in German
LINKS = [{"preset": "low"}, {"preset": "low"}, {"preset": "high", "fx": "base"}, {"preset": "low", "lang": "de"},
         {"preset": "high", "ranges": "high"}]


def lang_of(query: dict) -> str:
    return query.get("lang", "en")


def test_cap_table_chart_is_the_readers_own(served):
    for query in LINKS:
        at = open_page("cap_table", query)
        s = at.session_state["view"]["scenario"]
        assert shown(at) == made(lambda: figures.cap_table_bars(FB, s), lang_of(query)), query


def test_scorecard_is_the_readers_own(served):
    for query in LINKS:
        at = open_page("scorecard", query)
        b = at.session_state["view"]["beliefs"]
        with speaking(lang_of(query)):
            sources = source_scores_labelled(FB, score_sources(FB, b))
        assert shown(at) == made(lambda: figures.scorecard_bars(sources), lang_of(query)), query


def test_report_moves_follow_the_readers_rules(served):
    for query in LINKS:
        at = open_page("timeline", query)
        b = at.session_state["view"]["beliefs"]
        with speaking(lang_of(query)):
            moves = moves_labelled(FB, report_moves(FB, b.fx, b.ranges))
            marks = milestones_labelled(FB, milestones(FB))
        assert shown(at) == made(lambda: figures.report_moves_chart(moves, marks, FB.base_currency),
                                 lang_of(query)), query


@pytest.mark.parametrize("page", ["cap_table", "timeline"])
def test_shared_views_differ_where_beliefs_do(served, page):
    """The check above is not vacuous: the links' charts are not all alike."""
    specs = [json.dumps(shown(open_page(page, q)), sort_keys=True) for q in (LINKS[0], LINKS[2], LINKS[3])]
    assert len(set(specs)) == 3
