"""What the pages show, as data: headlines, disagreements, evidence behind a number, vendor concentration, tables."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import money
from .money import NOT_DISCLOSED, NOT_REPORTED
from ..engine.beliefs import base_value, scale
from ..engine.cycles import IN_FORCE, replacements, standing
from .loop_words import flow_amount, left_out_text, loop_names, money_in_text, returns_text, step_text
from .i18n import N_, _, localized
from .labels import (DATE_WORDS, REVIEW_WORDS, WHERE_WORDS, claim_labels, entity_name, row_name, shown_translation,
                     source_label)
from .rule_words import BASIS_WORDS
from ..load.model import Claim, FactBase
from ..engine.scenario import UNATTRIBUTED, Scenario, round_residual


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
    terms: str | None = None  # the part paid up front and what the rest depends on, in words


def evidence(fb: FactBase, scenario: Scenario, topic_id: str) -> Evidence:
    b = scenario.resolved[topic_id]
    t = fb.topic[topic_id]
    if b.claim is None and b.how == "not_reported":  # the outcome preset, where the outcome says nothing
        return Evidence(topic_id, localized(t, "label"), None, _("no outcome source speaks to it"), "",
                        _(NOT_REPORTED), None, b.how, None, None, None)
    if b.claim is None:
        return Evidence(topic_id, localized(t, "label"), None, _("no source believed"), "", _("not believed"), None, b.how,
                        None, None, None)
    c = b.claim
    s = fb.source[c.source]
    return Evidence(topic_id, localized(t, "label"), c, source_label(fb, s.id), s.kind, money.printed(c), b.value,
                    b.how, c.quote, shown_translation(fb, c), s.url or s.file, terms=upfront_terms(c))


def upfront_terms(c: Claim) -> str | None:
    """'15 bn USD up front; the rest: <condition>' for a claim paid in part up front, else None."""
    if c.upfront is None:
        return None
    up = f"{money.number(c.upfront, 2)} {money.unit_word(c.unit)} {c.currency or ''}".strip()
    condition = localized(c, "condition")
    if condition:
        return _("{amount} up front; the rest: {condition}").format(amount=up, condition=condition)
    return _("{amount} up front").format(amount=up)


def source_of(fb: FactBase, scenario: Scenario, topic_id: str | None) -> str:
    """'Article 003: up to 50 bn USD' for a topic's believed claim, or a plain reason why there is none."""
    if topic_id is None or topic_id not in scenario.resolved or scenario.resolved[topic_id].claim is None:
        return _("no source believed")
    return claim_labels(fb, topic_id)[scenario.resolved[topic_id].claim.id]


@dataclass(frozen=True)
class Headline:
    label: str
    value: str
    source: str
    topics: tuple[str, ...]


def round_unreported(fb: FactBase, flags, total: float) -> bool:
    """No round to tell yet: nothing is put in, and the outcome sources have not reported the round's size (the
    outcome preset before the announcement). Then the round and its valuation read "not reported", never 0."""
    total_topic = next((t.id for t in fb.topics_of_kind("round_total")), None)
    return total <= 0 and any(f.code == "OUTCOME_NOT_REPORTED" and total_topic in f.topics for f in flags)


def headlines(fb: FactBase, s: Scenario) -> list[Headline]:
    cur = s.currency
    total_topic = next((t.id for t in fb.topics_of_kind("round_total")), None)
    val_topic = next((t.id for t in fb.topics_of_kind("valuation")), None)
    named = sum(v for k, v in s.by_investor.items() if k != round_residual(fb))
    if s.stated_total is not None and abs(s.round_total - s.stated_total) < 1e-9:
        total_src = source_of(fb, s, total_topic)
    else:
        total_src = _("sum of the named investors ({amount})").format(amount=money.amount(named, cur))
    prior_topic = next((t.id for t in fb.topics_of_kind("prior_valuation")), None)
    val_believed = val_topic is not None and s.resolved[val_topic].claim is not None
    val_topics = (val_topic,) if val_topic else ()
    if val_believed:
        val_src = source_of(fb, s, val_topic)
        basis_note = " " + _("(read as {basis})").format(basis=BASIS_WORDS[s.basis]) if s.basis_assumed else ""
        pre_src = val_src + basis_note if s.basis == "pre" else \
            _("post-money minus new money; {source}").format(source=val_src)
        post_src = val_src + basis_note if s.basis == "post" else \
            _("pre-money plus new money; {source}").format(source=val_src)
    elif s.pre is not None:  # no valuation of the round: the valuation before it is the pre-money
        val_topics = (prior_topic,) if prior_topic else val_topics
        pre_src = _("the valuation before the round; {source}").format(source=source_of(fb, s, prior_topic))
        post_src = _("pre-money plus new money; {source}").format(source=pre_src)
    else:  # neither: there is no pre- or post-money to explain one by the other
        pre_src = post_src = _("no valuation believed")
    if round_unreported(fb, s.flags, s.round_total):
        silent = _(NOT_REPORTED)
        return [Headline(_("New money"), silent, _("no outcome source has reported the round by then"),
                         (total_topic,) if total_topic else ()),
                Headline(_("Post-money valuation"), silent, _("no outcome source has reported the round by then"),
                         val_topics)]
    out = [Headline(_("New money"), money.amount(s.round_total, cur), total_src, (total_topic,) if total_topic else ()),
           Headline(_("Pre-money valuation"), money.amount(s.pre, cur), pre_src, val_topics),
           Headline(_("Post-money valuation"), money.amount(s.post, cur), post_src, val_topics)]
    new = [r for r in s.cap_table if (r.new_money or 0) > 0 and r.holder != round_residual(fb)]
    if new:
        top = max(new, key=lambda r: r.new_money)
        topic = next((t for t in s.investor_topics.get(top.holder, ())), None)
        out.append(Headline(_("Largest new investor: {name}").format(name=row_name(fb, top)), money.percent(top.after_pct),
                            _("{amount} ({source}) of {post} post-money").format(
                                amount=money.amount(top.new_money, cur), source=source_of(fb, s, topic),
                                post=money.amount(s.post, cur)),
                            tuple(s.investor_topics.get(top.holder, ()))))
    return out


def story(fb: FactBase, s: Scenario) -> str:
    """The scenario in two sentences, from its numbers: who puts in what, at what valuation, who ends with what."""
    cur = s.currency
    named = [(entity_name(fb, k), v) for k, v in sorted(s.by_investor.items(), key=lambda kv: -kv[1])
             if k != round_residual(fb) and v > 0]
    if not named or s.post is None:
        return _("Under your beliefs there is no round to show: no investor or no valuation is believed.")
    who = ", ".join(f"{n} {money.amount(v, cur)}" for n, v in named)
    rest = s.by_investor.get(round_residual(fb), 0.0)
    if rest > 0 and s.undisclosed:
        who += _(", others {amount} ({investors} among them, amount not disclosed)").format(
            amount=money.amount(rest, cur), investors=", ".join(entity_name(fb, e) for e in s.undisclosed))
    elif rest > 0:
        who += _(", others {amount}").format(amount=money.amount(rest, cur))
    elif s.undisclosed:
        who += _(", {investors} (amount not disclosed)").format(
            investors=", ".join(entity_name(fb, e) for e in s.undisclosed))
    first = _("Under your beliefs, {total} of new money goes into {company} ({investors}) at a pre-money valuation of "
              "{pre}, {post} post-money.").format(total=money.amount(s.round_total, cur),
                                                   company=entity_name(fb, fb.company), investors=who,
                                                   pre=money.amount(s.pre, cur), post=money.amount(s.post, cur))
    rows = sorted((r for r in s.cap_table if r.after_pct is not None), key=lambda r: -(r.after_pct or 0))
    top = rows[0] if rows else None
    biggest_new = max((r for r in s.cap_table if (r.new_money or 0) > 0 and not r.existing), key=lambda r: r.new_money,
                      default=None)
    second = ""
    if top is not None and biggest_new is not None:
        second = " " + _("The largest holder afterwards is {holder} with {stake}; the largest newcomer, {newcomer}, "
                         "gets {new_stake}.").format(holder=row_name(fb, top), stake=money.percent(top.after_pct),
                                                     newcomer=row_name(fb, biggest_new),
                                                     new_stake=money.percent(biggest_new.after_pct))
    elif top is not None:
        second = " " + _("The largest holder afterwards is {holder} with {stake}.").format(
            holder=row_name(fb, top), stake=money.percent(top.after_pct))
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
        rows.append({"topic": t.id, "label": localized(t, "label"), "group": t.group, "dimension": t.dimension, "claims": len(claims),
                     "sources": len({c.source for c in claims}), "low": lo, "high": hi,
                     "spread": (hi / lo) if lo > 0 else None, "as_printed": " · ".join(printed)})
    df = pd.DataFrame(rows, columns=["topic", "label", "group", "dimension", "claims", "sources", "low", "high", "spread",
                                     "as_printed"])
    return df.sort_values("spread", ascending=False, na_position="last").reset_index(drop=True)


def cap_table_frame(fb: FactBase, s: Scenario) -> pd.DataFrame:
    """The cap table as the page shows it; units in the column names."""
    cur = s.currency
    new, after = (_("New money (bn {currency})").format(currency=cur),
                  _("Value at post-money (bn {currency})").format(currency=cur))
    hidden = lambda r, x: _(NOT_DISCLOSED) if r.state == "undisclosed" else x  # noqa: E731 words, never 0
    return pd.DataFrame([{_("Holder"): row_name(fb, r), _("Before (%)"): r.before_pct, new: hidden(r, r.new_money),
                          _("After (%)"): hidden(r, r.after_pct), _("Change (pts)"): hidden(r, r.change_pts),
                          after: hidden(r, r.value_after)} for r in s.cap_table])


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
    invests = _("Invests (bn {currency})").format(currency=cur)
    back = _("Commitments to its products (bn {currency})").format(currency=cur)
    return pd.DataFrame([{_("Investor"): entity_name(fb, c.investor), invests: c.invested, back: c.flows_back,
                          _("Capacity to its products (GW)"): c.capacity_back,
                          # as text, with the qualifier its figures give it ('at least 2,500 %')
                          _("Commitments back per dollar invested"): money.bounded_ratio(c.ratio, c.bound)}
                         for c in s.circularity])


def loops_frame(fb: FactBase, loops) -> pd.DataFrame:
    """One row per step of every loop (cycles.Loops): on each loop's first row the loop and its commitments back per
    dollar in; on every row the step with its deals' amounts and qualifiers (the money in with its up-front part),
    and the source and date of each deal."""
    rows = []
    for lp in loops.loops:
        for k, st in enumerate(lp.steps):
            step = step_text(fb, st)
            if k == 0 and (paid := money_in_text(fb, lp)) is not None:
                step += f" ({paid})"
            rows.append({_("Loop"): _("{loop}: {share}").format(loop=loop_names(fb, lp), share=returns_text(lp))
                         if k == 0 else "",
                         _("Step"): step,
                         _("Source"): "; ".join(_deal_source(fb, f.claim) for f in st.flows)})
    return pd.DataFrame(rows, columns=[_("Loop"), _("Step"), _("Source")])


def _deal_source(fb: FactBase, claim_id: str | None) -> str:
    """'Round closed (31 Mar 2026)': a deal's source, with its date where the source's name does not carry one."""
    claim = fb.claim.get(claim_id) if claim_id else None
    if claim is None:
        return ""
    label = source_label(fb, claim.source)
    return label if money.date(claim.date) in label else f"{label}, {money.date(claim.date)}"


def left_out_frame(fb: FactBase, loops) -> pd.DataFrame:
    """Every loop left out (cycles.Loops.left_out), with why: the step that rests on no deal in force, or the chain
    no report joins."""
    return pd.DataFrame([{_("Loop"): loop_names(fb, lp), _("Why it is left out"): left_out_text(fb, lp)}
                         for lp in loops.left_out], columns=[_("Loop"), _("Why it is left out")])


# ties drawn on no other chart of the page, and what each is called
TIE_WORDS = {"stake": N_("stake bought"), "purchase": N_("purchase"), "shares": N_("shares handed over"),
             "prior_equity": N_("earlier investment"), "intent": N_("letter of intent")}


def other_ties_frame(fb: FactBase, s: Scenario, loops) -> pd.DataFrame:
    """The stakes, purchases, shares, earlier investments and letters of intent the beliefs give that are no step of
    the loops (a loop takes one flow between two parties): one row each, with its amount and source (the round's
    money and the compute deals have their own charts)."""
    used = {(f.source, f.target, f.kind, f.topic) for lp in loops.loops for st in lp.steps for f in st.flows}
    replaced = replacements(fb)
    rows = []
    for f in s.flows:
        if f.kind not in TIE_WORDS or (f.source, f.target, f.kind, f.topic) in used:
            continue
        claim = fb.claim.get(f.claim) if f.claim else None
        if claim is not None and standing(fb, claim, loops.asof, replaced)[0] != IN_FORCE:
            continue  # as the loops: a talk-stage, replaced or ended deal is no tie
        rows.append({_("Tie"): f"{entity_name(fb, f.source)} → {entity_name(fb, f.target)}: {flow_amount(f, claim)}",
                     _("What"): _(TIE_WORDS[f.kind]),
                     _("Source"): source_label(fb, claim.source) if claim else ""})
    return pd.DataFrame(rows, columns=[_("Tie"), _("What"), _("Source")])


KIND_WORDS = {"article": N_("article"), "context": N_("context"), "outcome": N_("outcome")}  # a source's kind


def date_text(c: Claim) -> str:
    """When a claim was made and how that is known, and the event's own date where the text gives one:
    '2026-01-29 (inferred; event 2025-12)'."""
    how = [_(DATE_WORDS[c.date_method])] if c.date_method in DATE_WORDS else []
    if c.event_date:
        how.append(_("event {date}").format(date=money.date(c.event_date)))
    return money.date(c.date) + (f" ({'; '.join(how)})" if how else "")


def date_evidence(fb: FactBase, c: Claim) -> tuple[str | None, tuple[str, ...]]:
    """How the date of a claim's source was established, and the addresses it rests on; (None, ()) where
    the claim has its own date or the source does not say."""
    s = fb.source[c.source]
    if c.date_method == "own" or s.dating is None:
        return None, ()
    return localized(s.dating, "evidence"), s.dating.urls


def claims_frame(fb: FactBase) -> pd.DataFrame:
    """Every claim, one row, for browsing and filtering."""
    rows = []
    for c in fb.claims:
        s, t = fb.source[c.source], fb.topic[c.topic]
        rows.append({"claim": c.id, "topic": localized(t, "label"), "topic_id": t.id,
                     "source": source_label(fb, s.id), "source_id": s.id, "kind": s.kind,
                     "as printed": money.printed(c), "status": c.status, "date": date_text(c), "quote": c.quote or "",
                     "translation": shown_translation(fb, c) or "", "address": s.url or s.file or "",
                     "review": ", ".join(REVIEW_WORDS.get(r, r) for r in c.review)})
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
    return {"money": f"{money.unit_word('bn')} {fb.base_currency}", "percent": "%",
            "capacity": "GW"}.get(fb.topic[topic_id].dimension, _("as printed"))


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
                     "quote": c.quote or "", "translation": shown_translation(fb, c) or "", "date": date_text(c),
                     "date_evidence": date_evidence(fb, c)[0], "date_urls": date_evidence(fb, c)[1]})
    return pd.DataFrame(rows)
