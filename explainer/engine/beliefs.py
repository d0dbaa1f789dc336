"""The reader's beliefs (which source to believe per topic, by preset or pick) and how they resolve to numbers."""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from ..load.model import CAPACITY_UNITS, MONEY_UNITS, Claim, FactBase

PRESETS = ("trust", "low", "high", "mid", "latest", "outcome")
TRUST_PRESETS = ("trust", "outcome")  # the presets that read the reader's trust order (choose)
RANKING_PRESETS = tuple(p for p in PRESETS if p not in TRUST_PRESETS)  # the others: they rank the sources' values
RANGE_RULES = ("low", "mid", "high")
FX_RULES = ("convert", "base")
BASIS_RULES = ("pre", "post")
NONE = "none"  # a pick that believes no source for the topic
# The topics the outcome preset reads from the outcome sources alone: the round itself
OUTCOME_KINDS = ("investment", "joint_investment", "round_total", "valuation")

@dataclass(frozen=True)
class Beliefs:
    preset: str = "trust"
    trust: tuple[str, ...] = ()
    picks: tuple[tuple[str, str], ...] = ()  # (topic id, claim id or NONE), sorted by topic
    ranges: str = "mid"
    fx: str = "convert"
    basis: str = "post"
    asof: str | None = None  # the view's date (YYYY-MM-DD): only what was said by then is believed; None: the fb's

    @property
    def pick(self) -> dict[str, str]:
        return dict(self.picks)

    def with_pick(self, topic: str, claim: str | None) -> "Beliefs":
        picks = {k: v for k, v in self.picks if k != topic}
        if claim is not None:
            picks[topic] = claim
        return replace(self, picks=tuple(sorted(picks.items())))


def default_beliefs(fb: FactBase) -> Beliefs:
    d = fb.defaults
    return Beliefs(preset=d.preset, trust=d.trust, ranges=d.ranges, fx=d.fx, basis=d.basis)


@dataclass(frozen=True)
class Belief:
    """What the reader believes about one topic: the claim, and its value in base units."""
    topic: str
    claim: Claim | None
    value: float | None  # bn of base currency, GW, or percent; None where nothing is believed
    how: str  # picked, preset, fallback, none, or not_reported (the outcome preset: the outcome is silent)
    converted_from: str | None = None  # currency the claim printed, where it was not the base
    notes: tuple[str, ...] = field(default=())

    @property
    def state(self) -> str:
        """figure, undisclosed, none (the source says there is none: zero), not_reported, or unknown (no belief)."""
        if self.claim is None:
            return "not_reported" if self.how == "not_reported" else "unknown"
        return self.claim.value_state


def point(claim: Claim, ranges: str) -> float:
    """The number a claim stands for: a range's chosen end, else the one number it prints; nan where the source
    says there is an amount but not what it is (undisclosed)."""
    if claim.value_state == "undisclosed":
        return math.nan
    if claim.low is not None and claim.high is not None and claim.low != claim.high:
        return {"low": claim.low, "mid": (claim.low + claim.high) / 2, "high": claim.high}[ranges]
    return claim.printed


def scale(fb: FactBase, claim: Claim, fx: str) -> float:
    """What a claim's printed numbers are multiplied by to be in the fact base's units: billions of base
    currency, GW, or as printed. The one place units and currency labels are read."""
    f = MONEY_UNITS.get(claim.unit, 1.0) * CAPACITY_UNITS.get(claim.unit, 1.0)
    if claim.currency and claim.currency != fb.base_currency and fx == "convert":
        f *= fb.fx[claim.currency]
    return f


def base_value(fb: FactBase, claim: Claim, ranges: str, fx: str) -> float:
    """A claim's value in the fact base's units."""
    return point(claim, ranges) * scale(fb, claim, fx)


def sortable_date(date: str) -> str:
    """A month-only date ('2026-01') sorts as the middle of its month."""
    return date + "-15" if len(date) == 7 else date


def view_date(fb: FactBase, beliefs: Beliefs) -> str:
    """The date a view shows the story at: the link's asof, else the fact base's date (or its latest claim's, where
    a fact base dates a claim after itself: a view without a date shows everything)."""
    return beliefs.asof or fb.story_end


def said_by(claim: Claim, asof: str) -> bool:
    """Whether the claim had been said by asof (a month-only date counts as the middle of its month)."""
    return not claim.date or sortable_date(claim.date) <= asof


def in_force(fb: FactBase, claim: Claim, asof: str) -> bool:
    """Whether what the claim reports still held on asof: not replaced by a claim said by then, not ended."""
    replaced = fb.replaced_on.get(claim.id)
    return claim.in_force(asof) and (replaced is None or sortable_date(replaced) > asof)


def current_claims(fb: FactBase, asof: str) -> dict[str, tuple[Claim, ...]]:
    """Each topic's claims that may be believed or offered on asof: said by then and in force then."""
    memo = fb.memo
    key = ("current_claims", asof)
    if key not in memo:
        memo[key] = {t: tuple(c for c in cs if said_by(c, asof) and in_force(fb, c, asof))
                     for t, cs in fb.claims_by_topic.items()}
    return memo[key]


def trust_order(fb: FactBase, beliefs: Beliefs) -> list[str]:
    """Sources in the order the trust preset asks them: the reader's list, then the rest of the reporting."""
    listed = [s for s in (beliefs.trust or fb.defaults.trust) if s in fb.source]
    rest = [s.id for s in fb.sources if s.id not in listed and not s.deprecated and s.kind != "outcome"]
    return listed + rest


def _reporting(fb: FactBase, claims: tuple[Claim, ...]) -> list[Claim]:
    """Claims a value-based preset may choose: not deprecated, not the outcome (that is its own preset)."""
    return [c for c in claims if fb.source[c.source].kind != "outcome" and not fb.source[c.source].deprecated]


def _first_by_order(claims: tuple[Claim, ...], order: list[str]) -> tuple[Claim | None, bool]:
    for rank, sid in enumerate(order):
        for c in claims:
            if c.source == sid:
                return c, rank > 0
    return None, False


def choose(fb: FactBase, beliefs: Beliefs, topic: str) -> tuple[Claim | None, str]:
    """The claim a preset chooses for a topic, and how (preset, fallback past the trusted sources, none, or
    not_reported where the outcome preset finds the outcome silent on a round topic)."""
    claims = current_claims(fb, view_date(fb, beliefs)).get(topic, ())
    preset = beliefs.preset
    if preset in RANKING_PRESETS:  # low, high, mid, latest
        pool = _reporting(fb, claims)
        if not pool:
            return None, "none"
        if preset == "latest":
            return max(pool, key=lambda c: sortable_date(c.date)), "preset"  # max keeps the first of equal dates
        figures = [c for c in pool if c.disclosed]  # an undisclosed amount cannot be ranked against figures
        if not figures:
            return pool[-1], "preset"
        ranked = sorted(figures, key=lambda c: base_value(fb, c, beliefs.ranges, beliefs.fx))  # stable: file order
        return {"low": ranked[0], "high": ranked[-1], "mid": ranked[(len(ranked) - 1) // 2]}[preset], "preset"
    order = trust_order(fb, beliefs)
    if preset == "outcome":
        outcome = sorted((s for s in fb.sources if s.kind == "outcome" and not s.deprecated),
                         key=lambda s: s.date or "", reverse=True)
        # the round as it happened: only the outcome speaks to it; a talk-stage figure never stands in for it
        order = [s.id for s in outcome] + ([] if fb.topic[topic].kind in OUTCOME_KINDS else order)
    claim, _ = _first_by_order(claims, order)
    if claim is None:
        return None, ("not_reported" if preset == "outcome" and claims else "none")
    listed = beliefs.trust or fb.defaults.trust
    trusted = claim.source in listed or (preset == "outcome" and fb.source[claim.source].kind == "outcome")
    return claim, ("preset" if trusted else "fallback")


def resolve(fb: FactBase, beliefs: Beliefs) -> dict[str, Belief]:
    """Every topic's believed claim and value under the reader's beliefs."""
    picks = beliefs.pick
    offered = current_claims(fb, view_date(fb, beliefs))  # a pick said after the view's date is not believed
    out: dict[str, Belief] = {}
    for topic in fb.topics:
        pick = picks.get(topic.id)
        if pick == NONE:
            out[topic.id] = Belief(topic.id, None, None, "none")
            continue
        if pick is not None and any(c.id == pick for c in offered.get(topic.id, ())):
            claim, how = fb.claim[pick], "picked"
        else:
            claim, how = choose(fb, beliefs, topic.id)
        if claim is None:
            out[topic.id] = Belief(topic.id, None, None, how)
            continue
        foreign = claim.currency if claim.currency and claim.currency != fb.base_currency else None
        value = None if not claim.disclosed else base_value(fb, claim, beliefs.ranges, beliefs.fx)
        out[topic.id] = Belief(topic.id, claim, value, how, converted_from=foreign)
    return out
