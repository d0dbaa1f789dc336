"""What the pages show, as data: headlines, disagreements, evidence behind a number, vendor concentration, tables."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import money
from .beliefs import base_value, scale
from .model import WHERE_WORDS, Claim, FactBase
from .scenario import UNATTRIBUTED, Scenario, round_residual
from .urlstate import claim_labels, source_label


@dataclass(frozen=True)
class Evidence:
    """A believed number with the words it comes from."""
    topic: str
    topic_label: str
    claim: Claim | None
    source_name: str
    source_kind: str
    printed: str
    value: float | None
    how: str
    quote: str | None
    translation: str | None
    address: str | None  # url, or the seed file of an article


def evidence(fb: FactBase, scenario: Scenario, topic_id: str) -> Evidence:
    b = scenario.resolved[topic_id]
    t = fb.topic[topic_id]
    if b.claim is None:
        return Evidence(topic_id, t.label, None, "no source believed", "", "not believed", None, b.how,
                        None, None, None)
    c = b.claim
    s = fb.source[c.source]
    return Evidence(topic_id, t.label, c, source_label(fb, s.id), s.kind, money.printed(c), b.value, b.how,
                    c.quote, c.translation, s.url or s.file)


def source_of(fb: FactBase, scenario: Scenario, topic_id: str | None) -> str:
    """'Article 003: up to 50 bn USD' for a topic's believed claim, or a plain reason why there is none."""
    if topic_id is None or topic_id not in scenario.resolved or scenario.resolved[topic_id].claim is None:
        return "no source believed"
    return claim_labels(fb, topic_id)[scenario.resolved[topic_id].claim.id]


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    source: str
    topics: tuple[str, ...]


def headlines(fb: FactBase, s: Scenario) -> list[Headline]:
    cur = s.currency
    total_topic = next((t.id for t in fb.topics_of_kind("round_total")), None)
    val_topic = next((t.id for t in fb.topics_of_kind("valuation")), None)
    named = sum(v for k, v in s.by_investor.items() if k != round_residual(fb))
    if s.stated_total is not None and abs(s.round_total - s.stated_total) < 1e-9:
        total_src = source_of(fb, s, total_topic)
    else:
        total_src = "sum of the named investors (" + money.amount(named, cur) + ")"
    prior_topic = next((t.id for t in fb.topics_of_kind("prior_valuation")), None)
    val_believed = val_topic is not None and s.resolved[val_topic].claim is not None
    val_topics = (val_topic,) if val_topic else ()
    if val_believed:
        val_src = source_of(fb, s, val_topic)
        basis_note = f" (read as {s.basis}-money)" if s.basis_assumed else ""
        pre_src = val_src + basis_note if s.basis == "pre" else f"post-money minus new money; {val_src}"
        post_src = val_src + basis_note if s.basis == "post" else f"pre-money plus new money; {val_src}"
    elif s.pre is not None:  # no valuation of the round: the valuation before it is the pre-money
        val_topics = (prior_topic,) if prior_topic else val_topics
        pre_src = f"the valuation before the round; {source_of(fb, s, prior_topic)}"
        post_src = f"pre-money plus new money; {pre_src}"
    else:  # neither: there is no pre- or post-money to explain one by the other
        pre_src = post_src = "no valuation believed"
    out = [Headline("New money", money.amount(s.round_total, cur), total_src, (total_topic,) if total_topic else ()),
           Headline("Pre-money valuation", money.amount(s.pre, cur), pre_src, val_topics),
           Headline("Post-money valuation", money.amount(s.post, cur), post_src, val_topics)]
    new = [r for r in s.cap_table if r.new_money > 0 and r.holder != round_residual(fb)]
    if new:
        top = max(new, key=lambda r: r.new_money)
        topic = next((t for t in s.investor_topics.get(top.holder, ())), None)
        out.append(Headline(f"Largest new investor: {top.name}", money.percent(top.after_pct),
                            f"{money.amount(top.new_money, cur)} ({source_of(fb, s, topic)}) of "
                            f"{money.amount(s.post, cur)} post-money", tuple(s.investor_topics.get(top.holder, ()))))
    return out


def story(fb: FactBase, s: Scenario) -> str:
    """The scenario in two sentences, from its numbers: who puts in what, at what valuation, who ends with what."""
    cur = s.currency
    named = [(fb.entity_name(k), v) for k, v in sorted(s.by_investor.items(), key=lambda kv: -kv[1])
             if k != round_residual(fb) and v > 0]
    if not named or s.post is None:
        return "Under your beliefs there is no round to show: no investor or no valuation is believed."
    who = ", ".join(f"{n} {money.amount(v, cur)}" for n, v in named)
    rest = s.by_investor.get(round_residual(fb), 0.0)
    first = (f"Under your beliefs, {money.amount(s.round_total, cur)} of new money goes into "
             f"{fb.entity_name(fb.company)} ({who}" + (f", others {money.amount(rest, cur)}" if rest > 0 else "")
             + f") at a pre-money valuation of {money.amount(s.pre, cur)}, {money.amount(s.post, cur)} post-money.")
    rows = sorted((r for r in s.cap_table if r.after_pct is not None), key=lambda r: -(r.after_pct or 0))
    top = rows[0] if rows else None
    biggest_new = max((r for r in s.cap_table if r.new_money > 0 and not r.existing), key=lambda r: r.new_money,
                      default=None)
    second = ""
    if top is not None:
        second = f" The largest holder afterwards is {top.name} with {money.percent(top.after_pct)}"
        if biggest_new is not None:
            second += f"; the largest newcomer, {biggest_new.name}, gets {money.percent(biggest_new.after_pct)}"
        second += "."
    return first + second


def disagreements(fb: FactBase, fx: str = "convert", ranges: str = "mid") -> pd.DataFrame:
    """Per topic, how far the reports (articles, their outlets, context) spread: lowest, highest, how many."""
    rows = []
    for t in fb.topics:
        claims = [c for c in fb.claims_by_topic.get(t.id, ())
                  if fb.source[c.source].kind != "outcome" and not fb.source[c.source].deprecated]
        if len(claims) < 2:
            continue
        values = [base_value(fb, c, ranges, fx) for c in claims]
        lo, hi = min(values), max(values)
        printed = sorted({money.printed(c) for c in claims})
        if len(printed) < 2:
            continue
        rows.append({"topic": t.id, "label": t.label, "group": t.group, "dimension": t.dimension, "claims": len(claims),
                     "sources": len({c.source for c in claims}), "low": lo, "high": hi,
                     "spread": (hi / lo) if lo > 0 else None, "as_printed": " · ".join(printed)})
    df = pd.DataFrame(rows, columns=["topic", "label", "group", "dimension", "claims", "sources", "low", "high", "spread",
                                     "as_printed"])
    return df.sort_values("spread", ascending=False, na_position="last").reset_index(drop=True)


def cap_table_frame(s: Scenario) -> pd.DataFrame:
    """The cap table as the page shows it; units in the column names."""
    cur = s.currency
    return pd.DataFrame([{"Holder": r.name, "Before (%)": r.before_pct, f"New money (bn {cur})": r.new_money,
                          "After (%)": r.after_pct, "Change (pts)": r.change_pts,
                          f"Value at post-money (bn {cur})": r.value_after} for r in s.cap_table])


def concentration(s: Scenario) -> tuple[pd.DataFrame, float | None]:
    """Shares of the money commitments by vendor, and their Herfindahl-Hirschman index (0-10,000)."""
    flows = [f for f in s.flows if f.kind == "commitment" and f.target != UNATTRIBUTED]
    total = sum(f.amount for f in flows)
    if total <= 0:
        return pd.DataFrame(columns=["vendor", "amount", "share"]), None
    by: dict[str, float] = {}
    for f in flows:
        by[f.target] = by.get(f.target, 0.0) + f.amount
    df = pd.DataFrame([{"vendor": k, "amount": v, "share": v / total * 100} for k, v in by.items()])
    df = df.sort_values("share", ascending=False).reset_index(drop=True)
    return df, float((df["share"] ** 2).sum())


def circularity_frame(fb: FactBase, s: Scenario) -> pd.DataFrame:
    cur = s.currency
    return pd.DataFrame([{"Investor": fb.entity_name(c.investor), f"Invests (bn {cur})": c.invested,
                          f"Commitments to its products (bn {cur})": c.flows_back,
                          "Capacity to its products (GW)": c.capacity_back,
                          "Flows back per dollar invested": c.ratio} for c in s.circularity])


def claims_frame(fb: FactBase) -> pd.DataFrame:
    """Every claim, one row, for browsing and filtering."""
    rows = []
    for c in fb.claims:
        s, t = fb.source[c.source], fb.topic[c.topic]
        rows.append({"claim": c.id, "topic": t.label, "topic_id": t.id, "source": source_label(fb, s.id),
                     "source_id": s.id, "kind": s.kind, "as printed": money.printed(c), "status": c.status,
                     "date": c.date + (" (est.)" if c.date_estimated else ""), "quote": c.quote or "",
                     "translation": c.translation, "address": s.url or s.file or ""})
    return pd.DataFrame(rows)


def filter_claims(frame: pd.DataFrame, topics=(), sources=(), kinds=()) -> pd.DataFrame:
    """The claims whose topic, source and kind are among those chosen (an empty choice keeps all)."""
    keep = pd.Series(True, index=frame.index)
    for column, chosen in (("topic", topics), ("source", sources), ("kind", kinds)):
        if chosen:
            keep &= frame[column].isin(list(chosen))
    return frame[keep]


def foreign_currency_sources(fb: FactBase) -> list[str]:
    """Names of the sources that print some figure in a currency other than the base currency."""
    ids = {c.source for c in fb.claims if c.currency and c.currency != fb.base_currency}
    return [source_label(fb, s.id) for s in fb.sources if s.id in ids]


def topic_unit(fb: FactBase, topic_id: str) -> str:
    """The unit a topic's claims are compared in, after the reader's rules."""
    return {"money": f"bn {fb.base_currency}", "percent": "%", "capacity": "GW"}.get(fb.topic[topic_id].dimension,
                                                                                   "as printed")


def topic_claims(fb: FactBase, topic_id: str, believed: str | None, fx: str, ranges: str) -> pd.DataFrame:
    """All claims on one topic with their comparable value (base units after the reader's rules)."""
    rows = []
    for c in fb.claims_by_topic.get(topic_id, ()):
        s = fb.source[c.source]
        f = scale(fb, c, fx)
        label = source_label(fb, s.id) + (f" ({WHERE_WORDS.get(c.where, c.where)})" if c.where and c.where != "text"
                                          else "")
        rows.append({"claim": c.id, "source": source_label(fb, s.id), "label": f"{label} · {c.id}", "kind": s.kind,
                     "bound": c.bound,
                     "printed": money.printed(c), "value": base_value(fb, c, ranges, fx),
                     "low": None if c.low is None else c.low * f, "high": None if c.high is None else c.high * f,
                     "believed": c.id == believed, "deprecated": s.deprecated, "currency": c.currency,
                     "quote": c.quote or "", "translation": c.translation, "date": c.date})
    return pd.DataFrame(rows)
