"""A fact base that loads is run once through what the pages compute, before any reader sees it.

The schema and the loader's checks say what a fact base must be; this says whether the engine can show it. A fact
base that passes the checks but makes the engine raise counts as one that failed to load: the app keeps the last
good version (the served file) or the reader's current one (an upload), and names the problem.
"""
from __future__ import annotations

import logging
from pathlib import Path
from dataclasses import replace

from .present import digest, frames
from .engine import scoring, timeline
from .engine.beliefs import PRESETS, base_value, default_beliefs, resolve, scale, sortable_date
from .load.factbase import Problem, check_factbase, parse_uploaded
from .present.i18n import LANGUAGES, speaking
from .load.model import FactBase
from .engine.scenario import EPS, build_scenario
from .present.export import scenario_csv, scenario_dict
from .urlstate import to_query
from .engine.worlds import outputs, worlds

log = logging.getLogger(__name__)
TRIAL_WORLDS = 2_000  # a sample is enough to exercise every output's arithmetic


def trial_problems(fb: FactBase) -> list[Problem]:
    """Nothing, or the one problem the engine met (its traceback goes to the server's log, not to readers), or
    what the consistency checks found."""
    try:
        _exercise(fb)
        return consistency_problems(fb)
    except Exception as e:  # noqa: BLE001 - any failure of the engine is the fact base's problem to report
        log.exception("fact base %s loads but the engine fails on it", fb.path)
        return [Problem(fb.path, None, f"the fact base loads, but the app cannot show it: {type(e).__name__}: "
                                       f"{str(e)[:200]}")]


def consistency_problems(fb: FactBase) -> list[Problem]:
    """What the record itself must satisfy, whatever a reader believes: an outcome source's named investors within
    the round size it states; no remainder below zero under any preset at any of the outcome's dates; a replaced
    claim never believed once its replacement was said (under any preset, even when picked)."""
    problems: list[Problem] = []
    total_kinds = {t.id for t in fb.topics_of_kind("round_total")}
    invest_kinds = {t.id for t in fb.topics_of_kind("investment")}
    for src in fb.sources:
        if src.kind != "outcome" or src.deprecated:
            continue
        own = [c for c in fb.claims if c.source == src.id and c.value_state == "figure"]
        named = sum(base_value(fb, c, "low", "convert") for c in own if c.topic in invest_kinds)
        for total in (c for c in own if c.topic in total_kinds):
            top = (total.high if total.high is not None else total.low) * scale(fb, total, "convert")
            if named > top + EPS:
                problems.append(Problem(fb.path, total.line, f"outcome source '{src.id}': its named investors add "
                                                             f"up to {named:g}, more than the round size it states "
                                                             f"({top:g}) in claim '{total.id}'"))
    # no view of the story, at any of the outcome's dates, leaves a negative remainder (a holder with negative new
    # money, or negative stakes before the round for the residual holder)
    dates = sorted({s.date for s in fb.sources if s.kind == "outcome" and not s.deprecated and s.date})
    for asof in [d for d in dates if len(d) == 10] + [None]:
        for preset in PRESETS:
            s = build_scenario(fb, replace(default_beliefs(fb), preset=preset, asof=asof))
            negative = [h for h, v in s.by_investor.items() if v < -EPS] + \
                       [r.holder for r in s.cap_table if r.before_pct < -EPS]
            if negative:
                problems.append(Problem(fb.path, None, f"preset {preset} as of {asof or fb.date}: a negative "
                                                       f"remainder for '{negative[0]}'"))
    for rid, when in fb.replaced_on.items():
        claim = fb.claim.get(rid)
        if claim is None:
            continue
        for preset in PRESETS:
            b = replace(default_beliefs(fb), preset=preset, asof=sortable_date(when) if when else None)
            believed = resolve(fb, b.with_pick(claim.topic, rid))[claim.topic].claim
            if believed is not None and believed.id == rid:
                problems.append(Problem(fb.path, claim.line, f"claim '{rid}' is still believed on {when}, when a "
                                                             f"claim replacing it was said (preset {preset})"))
                break
    return problems


def _exercise(fb: FactBase) -> None:
    base = default_beliefs(fb)
    with speaking("en"):  # every preset once; its arithmetic is the same in every language
        for preset in PRESETS:
            s = build_scenario(fb, replace(base, preset=preset))
            digest.headlines(fb, s)
            digest.cap_table_frame(fb, s)
            digest.circularity_frame(fb, s)
        s = build_scenario(fb, base)
        for t in fb.topics:
            digest.evidence(fb, s, t.id)
        first = next((t.id for t in fb.topics if fb.claims_by_topic.get(t.id)), None)
        if first is not None:
            digest.topic_claims(fb, first, None, base.fx, base.ranges)
        # a stake runs the round's and the valuation's arithmetic too, a circularity the flows back: all of it, twice
        keys = outputs(fb)
        for output in {next((k for k in keys if k.startswith(kind)), "post") for kind in ("stake:", "circularity:")}:
            worlds(fb, base, output, limit=TRIAL_WORLDS)
    for lang in LANGUAGES:  # what is written in words and numbers, in each language
        with speaking(lang):
            s = build_scenario(fb, base)
            scenario_csv(scenario_dict(fb, s, to_query(base, fb)))
            digest.story(fb, s)
            digest.concentration(s)
            digest.claims_frame(fb)
            digest.disagreements(fb, base.fx, base.ranges)
            timeline.timeline(fb)
            timeline.milestones(fb)
            timeline.report_moves(fb, base.fx, base.ranges)
            frames.sequence_text(fb)
            claims = scoring.score_claims(fb, base)
            scoring.lead_ranking(scoring.score_sources(fb, base, scores=claims))
            scoring.distance_to_outcome(fb, base)


def checked_factbase(path: str | Path) -> tuple[FactBase | None, list[Problem]]:
    """The fact base at path and no problems, or None and what is wrong with it: unreadable, invalid, or loading
    but failing in the engine. Never raises: a served file that cannot be shown must not stop the app."""
    return _checked(lambda: check_factbase(path), str(path))


def checked_upload(files: list[tuple[str, bytes]], story_dir=None) -> tuple[FactBase | None, list[Problem]]:
    """A reader's upload (factbase.parse_uploaded), checked as the served file is."""
    return _checked(lambda: parse_uploaded(files, story_dir), "upload")


def _checked(load, name: str) -> tuple[FactBase | None, list[Problem]]:
    try:
        fb, problems = load()
    except Exception as e:  # noqa: BLE001 - whatever the loader missed is still the file's problem, not a crash
        log.exception("loading %s failed", name)
        return None, [Problem(name, None, f"cannot be read: {type(e).__name__}")]
    if fb is None or problems:
        return None, problems
    problems = trial_problems(fb)
    return (None, problems) if problems else (fb, [])
