"""Every dated claim and deal on one time axis, as a tidy table: who said what, when, and how settled it was.

Dates: a claim is placed at when it was said: its own date, else its source's date (printed in the text or
inferred from the dated report it repeats), else the source's estimated date (the loader resolves this;
`Claim.date_estimated` is True where the date is not printed). Where the text dates the event itself, that
date is the row's `event_date`; the point stays at when it was said. A month-only date (YYYY-MM) is placed
on the 15th of that month and flagged `approximate`. The window (by default the fact base's
own span, `window`) is inclusive and is applied to the placed
date. Statuses form an ordered categorical: talks < reported < agreed < announced < closed.

`milestones` lists when each article was written and when the outcome was announced and closed;
`report_moves` follows how the reported figures moved, per investor and for the round's size and valuation.
The frames carry ids and numbers; present.frames adds the words a reader sees.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .beliefs import base_value, said_by
from ..load.model import STATUSES, FactBase, Topic

STATUS_ORDER = pd.CategoricalDtype(list(STATUSES), ordered=True)
MID_MONTH = 15
COLUMNS = ["date", "date_text", "approximate", "estimated", "date_method", "event_date", "status",
           "topic", "topic_kind", "source", "source_kind", "deprecated", "entities", "quote", "claim"]


def parse_date(text: str | None) -> tuple[pd.Timestamp | None, bool]:
    """'2026-01-21' -> (that day, False); '2026-01' -> (15 Jan 2026, True: approximate); '' -> (None, False)."""
    if not text:
        return None, False
    parts = text.split("-")
    if len(parts) == 2:
        return pd.Timestamp(int(parts[0]), int(parts[1]), MID_MONTH), True
    return pd.Timestamp(text), False


def window(fb: FactBase) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The fact base's own span: from its first to its last dated claim or source (a story of any years)."""
    dates = [parse_date(c.date)[0] for c in fb.claims] + [parse_date(s.date or s.date_estimate)[0] for s in fb.sources]
    dates = [d for d in dates if d is not None]
    return (min(dates), max(dates)) if dates else (pd.Timestamp.min, pd.Timestamp.max)


def _bounds(fb: FactBase, start: str | None, end: str | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    lo, hi = window(fb)
    return (pd.Timestamp(start) if start else lo), (pd.Timestamp(end) if end else hi)


def topic_entities(fb: FactBase, topic: Topic) -> list[str]:
    """The entities a topic is about: its entity, its target, and the entities of its parts."""
    out = [e for e in (topic.entity, topic.target) if e]
    for p in topic.parts:
        part = fb.topic.get(p)
        if part and part.entity and part.entity not in out:
            out.append(part.entity)
    return out


def timeline(fb: FactBase, start: str | None = None, end: str | None = None,
             entities: str | Iterable[str] | None = None, asof: str | None = None) -> pd.DataFrame:
    """One row per dated claim between start and end (inclusive), sorted by date; optionally only some entities;
    with asof, only what had been said by that date (the view's date)."""
    lo, hi = _bounds(fb, start, end)
    rows = []
    for c in fb.claims:
        when, approximate = parse_date(c.date)
        if when is None or not (lo <= when <= hi) or (asof is not None and not said_by(c, asof)):
            continue
        s, t = fb.source[c.source], fb.topic[c.topic]
        rows.append({
            "date": when, "date_text": c.date, "approximate": approximate, "estimated": c.date_estimated,
            "date_method": c.date_method, "event_date": c.event_date,
            "status": c.status, "topic": t.id, "topic_kind": t.kind,
            "source": s.id, "source_kind": s.kind, "deprecated": s.deprecated,
            "entities": topic_entities(fb, t), "quote": c.quote, "claim": c.id})
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["date"] = pd.to_datetime(df["date"])
    df["status"] = df["status"].astype(STATUS_ORDER)
    df = df.sort_values(["date", "status"], kind="stable").reset_index(drop=True)
    return filter_entities(df, entities) if entities is not None else df


def filter_entities(df: pd.DataFrame, entities: str | Iterable[str]) -> pd.DataFrame:
    """The rows that mention any of the entities (an entity id or several)."""
    wanted = {entities} if isinstance(entities, str) else set(entities)
    if not wanted:
        return df
    keep = df["entities"].map(lambda es: bool(wanted & set(es)))
    return df[keep].reset_index(drop=True)


def source_dates(fb: FactBase, kinds: Iterable[str] = ("article",), start: str | None = None,
                 end: str | None = None) -> list[tuple[pd.Timestamp, str]]:
    """(date, source id) of each source of the given kinds that has a date or an estimated one, for markers."""
    lo, hi = _bounds(fb, start, end)
    kinds = tuple(kinds)
    out = []
    for s in fb.sources:
        if s.kind not in kinds:
            continue
        when, _approx = parse_date(s.date or s.date_estimate)
        if when is not None and lo <= when <= hi:
            out.append((when, s.id))
    return sorted(out)


MILESTONE_COLUMNS = ["date", "date_text", "kind", "method", "source"]


def milestones(fb: FactBase, start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """When each article was written (the articles themselves, not the outlets they cite) and when the outcome
    was made public (non-deprecated outcome sources), sorted by date; `method` says how an article's date is
    known (printed, inferred, estimated)."""
    lo, hi = _bounds(fb, start, end)
    rows = []
    for s in fb.sources:
        if s.via is not None or s.deprecated or s.kind not in ("article", "outcome"):
            continue
        when, _approx = parse_date(s.date or s.date_estimate)
        if when is None or not lo <= when <= hi:
            continue
        rows.append({"date": when, "date_text": s.date or s.date_estimate, "kind": s.kind, "method": s.date_method,
                     "source": s.id})
    df = pd.DataFrame(rows, columns=MILESTONE_COLUMNS)
    df["date"] = pd.to_datetime(df["date"])
    return df.sort_values(["date", "kind"], kind="stable").reset_index(drop=True)


MOVE_KINDS = ("investment", "investment_intent", "round_total", "valuation")
MOVE_COLUMNS = ["panel", "topic", "date", "date_text", "value", "bound", "source", "source_kind", "claim"]


def report_moves(fb: FactBase, fx: str = "convert", ranges: str = "mid", start: str | None = None,
                 end: str | None = None, asof: str | None = None) -> pd.DataFrame:
    """How the reported figures moved: one row per dated claim on an investor's money (its investment and any
    letter of intent share the investor's panel), the round's size or the valuation, in base units under the
    reader's fx and range rules; deprecated sources left out. A panel is the investor's entity id, else the
    topic's id. Panels with claims on fewer than two dates
    are dropped (nothing moved). Sorted by panel (in the fact base's topic order), then date."""
    lo, hi = _bounds(fb, start, end)
    rows = []
    for t in fb.topics_of_kind(*MOVE_KINDS):
        panel = t.entity if t.entity and t.kind in ("investment", "investment_intent") else t.id
        for c in fb.claims_by_topic.get(t.id, ()):
            s = fb.source[c.source]
            when, _approx = parse_date(c.date)
            if s.deprecated or when is None or not lo <= when <= hi or (asof is not None and not said_by(c, asof)):
                continue
            rows.append({"panel": panel, "topic": t.id, "date": when, "date_text": c.date,
                         # an undisclosed amount has no point on the chart (nan); its words say why
                         "value": base_value(fb, c, ranges, fx), "bound": c.bound,
                         "source": s.id, "source_kind": s.kind, "claim": c.id})
    df = pd.DataFrame(rows, columns=MOVE_COLUMNS)
    df["date"] = pd.to_datetime(df["date"])
    moved = df.groupby("panel")["date"].nunique()
    df = df[df["panel"].isin(moved[moved >= 2].index)]
    order = {p: i for i, p in enumerate(dict.fromkeys(df["panel"]))}
    return (df.assign(_panel=df["panel"].map(order)).sort_values(["_panel", "date"], kind="stable")
            .drop(columns="_panel").reset_index(drop=True))
