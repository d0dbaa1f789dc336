"""The engine's tables with the words a reader sees. The engine's frames carry ids (topic, source, claim, holder)
and numbers; these add names, labels, figures as printed and how a date is known beside them, in the active
language, where a page, a chart or the CLI shows them."""
from __future__ import annotations

import pandas as pd

from . import money
from .i18n import _, localized
from .labels import METHOD_WORDS, date_how, entity_name, shown_translation
from ..engine.timeline import milestones, topic_entities
from ..load.model import FactBase


def _source_names(fb: FactBase, ids) -> list[str]:
    return [localized(fb.source[s], "name") for s in ids]


def _topic_labels(fb: FactBase, ids) -> list[str]:
    return [localized(fb.topic[t], "label") for t in ids]


def _printed(fb: FactBase, ids) -> list[str]:
    return [money.printed(fb.claim[c]) for c in ids]


def timeline_labelled(fb: FactBase, df: pd.DataFrame) -> pd.DataFrame:
    """timeline.timeline's rows with how each date is known, the topic's label, the source's name, the figure as
    printed and the translation shown."""
    return df.assign(date_how=[date_how(m) for m in df["date_method"]], topic_label=_topic_labels(fb, df["topic"]),
                     source_name=_source_names(fb, df["source"]), printed=_printed(fb, df["claim"]),
                     translation=[shown_translation(fb, fb.claim[c]) for c in df["claim"]])


def milestones_labelled(fb: FactBase, df: pd.DataFrame) -> pd.DataFrame:
    """timeline.milestones' rows with the source's name (label), how its date is known and the dating's evidence."""
    dating = [fb.source[s].dating for s in df["source"]]
    return df.assign(label=_source_names(fb, df["source"]), date_how=[date_how(m) for m in df["method"]],
                     evidence=[localized(d, "evidence") or "" if d else "" for d in dating])


def moves_labelled(fb: FactBase, df: pd.DataFrame) -> pd.DataFrame:
    """timeline.report_moves' rows with each panel named (an investor by its name, else the topic's label), and
    the topic's label, the figure as printed and the source's name."""
    return df.assign(panel=[entity_name(fb, p) if p in fb.entity else localized(fb.topic[p], "label")
                            for p in df["panel"]],
                     topic_label=_topic_labels(fb, df["topic"]), printed=_printed(fb, df["claim"]),
                     source_name=_source_names(fb, df["source"]))


def timeline_entities(fb: FactBase) -> list[tuple[str, str]]:
    """(entity id, name) of every entity some claim in the timeline mentions, in the fact base's order."""
    mentioned = {e for t in fb.topics if fb.claims_by_topic.get(t.id) for e in topic_entities(fb, t)}
    return [(e.id, localized(e, "name")) for e in fb.entities if e.id in mentioned]


def sequence_text(fb: FactBase) -> str:
    """The milestones in one line, for the overview: 'Article 002 2025-12-17 (date inferred) → … → Round closed
    (31 Mar 2026) 2026-03-31'; empty where there are none."""
    parts = []
    for row in milestones_labelled(fb, milestones(fb)).itertuples():
        how = (" " + _("(date {method})").format(method=_(METHOD_WORDS.get(row.method, row.method)))
               if row.kind == "article" and row.method else "")
        when = money.date(row.date_text)  # an outcome's name already says its date: 'Round closed (31 Mar 2026)'
        parts.append(f"{row.label}{'' if when in row.label else ' ' + when}{how}")
    return " → ".join(parts)


def claim_scores_labelled(fb: FactBase, df: pd.DataFrame) -> pd.DataFrame:
    """scoring.score_claims' rows with the source's name, the topic's label, the claim and its outcome as printed
    (an outcome derived from two others has no claim: its value, in the base currency)."""
    outcome_words = [money.printed(fb.claim[oc]) if isinstance(oc, str) and oc else money.amount(v, fb.base_currency)
                     for oc, v in zip(df["outcome_claim"], df["outcome"])]
    return df.assign(source_name=_source_names(fb, df["source"]), topic_label=_topic_labels(fb, df["topic"]),
                     printed=_printed(fb, df["claim"]), outcome_printed=outcome_words)


def source_scores_labelled(fb: FactBase, df: pd.DataFrame) -> pd.DataFrame:
    """scoring.score_sources' (or lead_ranking's) rows with each source's name."""
    return df.assign(source_name=_source_names(fb, df["source"]))


def holders_labelled(fb: FactBase, df: pd.DataFrame) -> pd.DataFrame:
    """scoring.Distance.holders with each holder's name beside its id."""
    out = df.copy()
    out.insert(1, "name", [entity_name(fb, h) for h in df["holder"]])
    return out
