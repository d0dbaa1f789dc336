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
"""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ..present import money
from ..present.labels import METHOD_WORDS, date_how as _how, entity_name, shown_translation
from ..present.i18n import _, localized
from .beliefs import base_value, said_by
from ..load.model import STATUSES, FactBase, Topic

STATUS_ORDER = pd.CategoricalDtype(list(STATUSES), ordered=True)
MID_MONTH = 15
COLUMNS = ["date", "date_text", "approximate", "estimated", "date_method", "date_how", "event_date", "status",
           "topic", "topic_label", "topic_kind",
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
            "date_method": c.date_method, "date_how": _how(c.date_method),
            "event_date": c.event_date,
            "status": c.status, "topic": t.id, "topic_label": localized(t, "label"), "topic_kind": t.kind,
            "source": s.id, "source_name": localized(s, "name"), "source_kind": s.kind, "deprecated": s.deprecated,
            "entities": topic_entities(fb, t), "printed": money.printed(c), "quote": c.quote,
            "translation": shown_translation(fb, c), "claim": c.id})
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
    """(date, source name) of each source of the given kinds that has a date or an estimated one, for markers."""
    lo, hi = _bounds(fb, start, end)
    kinds = tuple(kinds)
    out = []
    for s in fb.sources:
        if s.kind not in kinds:
            continue
        when, _approx = parse_date(s.date or s.date_estimate)
        if when is not None and lo <= when <= hi:
            out.append((when, s.name))
    return sorted(out)


def timeline_entities(fb: FactBase) -> list[tuple[str, str]]:
    """(entity id, name) of every entity some claim in the timeline mentions, in the fact base's order."""
    mentioned = {e for t in fb.topics if fb.claims_by_topic.get(t.id) for e in topic_entities(fb, t)}
    return [(e.id, localized(e, "name")) for e in fb.entities if e.id in mentioned]


MILESTONE_COLUMNS = ["date", "date_text", "label", "kind", "method", "date_how", "evidence", "source"]


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
        rows.append({"date": when, "date_text": s.date or s.date_estimate, "label": localized(s, "name"), "kind": s.kind,
                     "method": s.date_method, "date_how": _how(s.date_method),
                     "evidence": localized(s.dating, "evidence") or "" if s.dating else "", "source": s.id})
    df = pd.DataFrame(rows, columns=MILESTONE_COLUMNS)
    df["date"] = pd.to_datetime(df["date"])
    return df.sort_values(["date", "kind"], kind="stable").reset_index(drop=True)


MOVE_KINDS = ("investment", "investment_intent", "round_total", "valuation")
MOVE_COLUMNS = ["panel", "topic", "topic_label", "date", "date_text", "value", "printed", "bound", "source",
                "source_name", "source_kind", "claim"]


def report_moves(fb: FactBase, fx: str = "convert", ranges: str = "mid", start: str | None = None,
                 end: str | None = None, asof: str | None = None) -> pd.DataFrame:
    """How the reported figures moved: one row per dated claim on an investor's money (its investment and any
    letter of intent share the investor's panel), the round's size or the valuation, in base units under the
    reader's fx and range rules; deprecated sources left out. Panels with claims on fewer than two dates
    are dropped (nothing moved). Sorted by panel (in the fact base's topic order), then date."""
    lo, hi = _bounds(fb, start, end)
    rows = []
    for t in fb.topics_of_kind(*MOVE_KINDS):
        panel = entity_name(fb, t.entity) if t.entity and t.kind in ("investment", "investment_intent") else localized(t, "label")
        for c in fb.claims_by_topic.get(t.id, ()):
            s = fb.source[c.source]
            when, _approx = parse_date(c.date)
            if s.deprecated or when is None or not lo <= when <= hi or (asof is not None and not said_by(c, asof)):
                continue
            rows.append({"panel": panel, "topic": t.id, "topic_label": localized(t, "label"), "date": when, "date_text": c.date,
                         # an undisclosed amount has no point on the chart (nan); its words say why
                         "value": base_value(fb, c, ranges, fx), "printed": money.printed(c), "bound": c.bound,
                         "source": s.id, "source_name": localized(s, "name"), "source_kind": s.kind,
                         "claim": c.id})
    df = pd.DataFrame(rows, columns=MOVE_COLUMNS)
    df["date"] = pd.to_datetime(df["date"])
    moved = df.groupby("panel")["date"].nunique()
    df = df[df["panel"].isin(moved[moved >= 2].index)]
    order = {p: i for i, p in enumerate(dict.fromkeys(df["panel"]))}
    return (df.assign(_panel=df["panel"].map(order)).sort_values(["_panel", "date"], kind="stable")
            .drop(columns="_panel").reset_index(drop=True))


def sequence_text(fb: FactBase) -> str:
    """The milestones in one line, for the overview: 'Article 002 2025-12-17 (date inferred) → … → Round closed
    (31 Mar 2026) 2026-03-31'; empty where there are none."""
    parts = []
    for row in milestones(fb).itertuples():
        how = (" " + _("(date {method})").format(method=_(METHOD_WORDS.get(row.method, row.method)))
               if row.kind == "article" and row.method else "")
        when = money.date(row.date_text)  # an outcome's name already says its date: 'Round closed (31 Mar 2026)'
        parts.append(f"{row.label}{'' if when in row.label else ' ' + when}{how}")
    return " → ".join(parts)
