"""Every dated claim and deal on one time axis, as a tidy table: who said what, when, and how settled it was.

Dates: a claim's own date, else its source's date, else the source's estimated date (the loader already
resolves this; `Claim.date_estimated` is True where the date is the source's estimate). A month-only date
(YYYY-MM) is placed on the 15th of that month and flagged `approximate`. The window is inclusive and is
applied to the placed date. Statuses form an ordered categorical: talks < reported < agreed < announced < closed.
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from . import money
from .model import STATUSES, FactBase, Topic

WINDOW = ("2025-09-01", "2026-03-31")
STATUS_ORDER = pd.CategoricalDtype(list(STATUSES), ordered=True)
MID_MONTH = 15
COLUMNS = ["date", "date_text", "approximate", "estimated", "status", "topic", "topic_label", "topic_kind",
           "source", "source_name", "source_kind", "deprecated", "entities", "printed", "quote", "translation",
           "claim"]


def parse_date(text: str | None) -> tuple[pd.Timestamp | None, bool]:
    """'2026-01-21' -> (that day, False); '2026-01' -> (15 Jan 2026, True: approximate); '' -> (None, False)."""
    if not text:
        return None, False
    parts = text.split("-")
    if len(parts) == 2:
        return pd.Timestamp(int(parts[0]), int(parts[1]), MID_MONTH), True
    return pd.Timestamp(text), False


def topic_entities(fb: FactBase, topic: Topic) -> list[str]:
    """The entities a topic is about: its entity, its target, and the entities of its parts."""
    out = [e for e in (topic.entity, topic.target) if e]
    for p in topic.parts:
        part = fb.topic.get(p)
        if part and part.entity and part.entity not in out:
            out.append(part.entity)
    return out


def timeline(fb: FactBase, start: str = WINDOW[0], end: str = WINDOW[1],
             entities: str | Iterable[str] | None = None) -> pd.DataFrame:
    """One row per dated claim between start and end (inclusive), sorted by date; optionally only some entities."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    rows = []
    for c in fb.claims:
        when, approximate = parse_date(c.date)
        if when is None or not (lo <= when <= hi):
            continue
        s, t = fb.source[c.source], fb.topic[c.topic]
        rows.append({
            "date": when, "date_text": c.date, "approximate": approximate, "estimated": c.date_estimated,
            "status": c.status, "topic": t.id, "topic_label": t.label, "topic_kind": t.kind,
            "source": s.id, "source_name": s.name, "source_kind": s.kind, "deprecated": s.deprecated,
            "entities": topic_entities(fb, t), "printed": money.printed(c), "quote": c.quote,
            "translation": c.translation, "claim": c.id})
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


def source_dates(fb: FactBase, kinds: Iterable[str] = ("article",), start: str = WINDOW[0],
                 end: str = WINDOW[1]) -> list[tuple[pd.Timestamp, str]]:
    """(date, source name) of each source of the given kinds that has a date or an estimated one, for markers."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    kinds = tuple(kinds)
    out = []
    for s in fb.sources:
        if s.kind not in kinds:
            continue
        when, _ = parse_date(s.date or s.date_estimate)
        if when is not None and lo <= when <= hi:
            out.append((when, s.name))
    return sorted(out)


def timeline_entities(fb: FactBase) -> list[tuple[str, str]]:
    """(entity id, name) of every entity some claim in the timeline mentions, in the fact base's order."""
    mentioned = {e for t in fb.topics if fb.claims_by_topic.get(t.id) for e in topic_entities(fb, t)}
    return [(e.id, e.name) for e in fb.entities if e.id in mentioned]
