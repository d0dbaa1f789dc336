"""A fact base that loads is run once through what the pages compute, before any reader sees it.

The schema and the loader's checks say what a fact base must be; this says whether the engine can show it. A fact
base that passes the checks but makes the engine raise counts as one that failed to load: the app keeps the last
good version (the served file) or the reader's current one (an upload), and names the problem.
"""
from __future__ import annotations

import logging
from pathlib import Path
from dataclasses import replace

from . import digest, scoring, timeline
from .beliefs import PRESETS, default_beliefs
from .factbase import Problem, check_factbase, parse_uploaded
from .i18n import LANGUAGES, speaking
from .model import FactBase
from .scenario import build_scenario, scenario_csv, scenario_dict
from .urlstate import to_query
from .worlds import outputs, worlds

log = logging.getLogger(__name__)
TRIAL_WORLDS = 2_000  # a sample is enough to exercise every output's arithmetic


def trial_problems(fb: FactBase) -> list[Problem]:
    """Nothing, or the one problem the engine met (its traceback goes to the server's log, not to readers)."""
    try:
        _exercise(fb)
    except Exception as e:  # noqa: BLE001 - any failure of the engine is the fact base's problem to report
        log.exception("fact base %s loads but the engine fails on it", fb.path)
        return [Problem(fb.path, None, f"the fact base loads, but the app cannot show it: {type(e).__name__}: "
                                       f"{str(e)[:200]}")]
    return []


def _exercise(fb: FactBase) -> None:
    base = default_beliefs(fb)
    with speaking("en"):  # every preset once; its arithmetic is the same in every language
        for preset in PRESETS:
            s = build_scenario(fb, replace(base, preset=preset))
            digest.headlines(fb, s)
            digest.cap_table_frame(s)
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
            timeline.sequence_text(fb)
            claims = scoring.score_claims(fb, base)
            scoring.lead_ranking(scoring.score_sources(fb, base, scores=claims))
            scoring.distance_to_outcome(fb, base)


def checked_factbase(path: str | Path) -> tuple[FactBase | None, list[Problem]]:
    """The fact base at path and no problems, or None and what is wrong with it: unreadable, invalid, or loading
    but failing in the engine. Never raises: a served file that cannot be shown must not stop the app."""
    return _checked(lambda: check_factbase(path), str(path))


def checked_upload(files: list[tuple[str, bytes]]) -> tuple[FactBase | None, list[Problem]]:
    """A reader's upload (factbase.parse_uploaded), checked as the served file is."""
    return _checked(lambda: parse_uploaded(files), "upload")


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
