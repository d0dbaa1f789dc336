"""Fact base + beliefs -> a scenario: the round, the valuation, the cap table, compute flows, circularity, flags."""
from __future__ import annotations

from dataclasses import dataclass, field

from .beliefs import Belief, Beliefs, resolve, said_by, view_date
from ..load.model import FactBase

EPS = 1e-9
# Which way a figure may be off, by its claim's qualifier: 'low' (the true one may be higher), 'high', 'about'
SIDES = {"exact": "exact", "about": "about", "range": "about", "up_to": "high", "below": "high", "at_least": "low",
         "above": "low"}


def side_of(bounds) -> str:
    """The side several figures added up may be off: 'exact', 'low', 'high', or 'about' (either way, or mixed)."""
    sides = {SIDES.get(b, "about") for b in bounds} - {"exact"}
    return "exact" if not sides else sides.pop() if len(sides) == 1 else "about"


def ratio_bound(over: str, under: str) -> str:
    """The qualifier a ratio inherits: a ceiling below the line ('up to 5' invested) or a floor above it makes it
    'at_least', the other way round 'up_to', both ways or an 'about' makes it 'about'."""
    sides = {{"low": "high", "high": "low"}.get(under, under), over} - {"exact"}
    if not sides:
        return "exact"
    if len(sides) > 1 or "about" in sides:
        return "about"
    return {"low": "at_least", "high": "up_to"}[sides.pop()]
UNATTRIBUTED = "unattributed"  # compute commitments a total names but no vendor deal accounts for


@dataclass(frozen=True)
class Flag:
    """Something the reader should see next to the numbers it concerns; never an exception. It carries a code and
    its parameters (ids and numbers in the fact base's units), never words: flag_text.flag_message makes those."""
    code: str
    params: tuple[tuple[str, object], ...] = ()  # (name, value): ids, numbers, or tuples of ids
    topics: tuple[str, ...] = ()
    level: str = "warning"  # warning or info

    @property
    def p(self) -> dict:
        return dict(self.params)


@dataclass(frozen=True)
class CapRow:
    holder: str  # an entity id; present.export.holder_name names it
    before_pct: float
    new_money: float
    after_pct: float | None
    value_after: float | None
    existing: bool
    topics: tuple[str, ...] = ()  # topics whose beliefs make this row
    # "figure", or "undisclosed": the holder puts in an amount the sources did not disclose (new money, stake and
    # value after are then None, shown as 'not disclosed', never 0)
    state: str = "figure"
    includes: tuple[str, ...] = ()  # the round's remainder: investors with undisclosed amounts that sit within it

    @property
    def change_pts(self) -> float | None:
        return None if self.after_pct is None else self.after_pct - self.before_pct


@dataclass(frozen=True)
class Flow:
    source: str
    target: str
    kind: str  # equity, commitment, capacity, prior_equity, intent, stake, purchase, shares
    amount: float
    unit: str  # "bn USD", "GW" or "%" (shares: the part of the issuer they come to)
    topic: str | None = None
    claim: str | None = None


@dataclass(frozen=True)
class Circularity:
    investor: str
    invested: float
    flows_back: float
    capacity_back: float  # GW committed to the investor's products where no money figure is known
    ratio: float | None  # flows_back / invested; None where only capacity is known
    bound: str = "exact"  # the qualifier the ratio inherits from its figures' (exact, about, at_least, up_to)


@dataclass(frozen=True)
class Scenario:
    factbase_version: str
    beliefs: Beliefs
    resolved: dict[str, Belief]
    currency: str
    pre: float | None
    post: float | None
    basis: str | None
    basis_assumed: bool
    round_total: float
    stated_total: float | None
    by_investor: dict[str, float]
    investor_topics: dict[str, tuple[str, ...]]
    cap_table: tuple[CapRow, ...]
    flows: tuple[Flow, ...]
    circularity: tuple[Circularity, ...]
    flags: tuple[Flag, ...]
    notices: tuple[str, ...] = field(default=())
    undisclosed: tuple[str, ...] = ()  # investors in the round whose amounts the believed sources did not disclose
    asof: str = ""  # the date the view shows the story at

    @property
    def money_unit(self) -> str:
        return f"bn {self.currency}"

    def row(self, holder: str) -> CapRow | None:
        return next((r for r in self.cap_table if r.holder == holder), None)

    def flags_for(self, *topics: str) -> list[Flag]:
        return [f for f in self.flags if set(f.topics) & set(topics)]


def round_residual(fb: FactBase) -> str:
    """The holder of new money no named investor accounts for: the fact base's round_residual, else
    'other_investors'. The one place that names it; every page and output asks here."""
    return fb.round_residual or "other_investors"


def residual_holder(fb: FactBase) -> str:
    """The holder of the stakes before the round no ownership topic accounts for: the fact base's
    residual_holder, else 'other_holders'. The one place that names it."""
    return fb.residual_holder or "other_holders"


def build_scenario(fb: FactBase, beliefs: Beliefs, notices: tuple[str, ...] | list[str] = ()) -> Scenario:
    resolved = resolve(fb, beliefs)
    flags: list[Flag] = []
    val = lambda topic_id: resolved[topic_id].value  # noqa: E731

    # the round: named investors, and whatever a believed total leaves over
    by_investor: dict[str, float] = {}
    investor_topics: dict[str, tuple[str, ...]] = {}
    undisclosed: list[str] = []  # in the round with an amount not disclosed: it stays inside the remainder
    for t in fb.topics_of_kind("investment"):
        if resolved[t.id].state == "undisclosed" and t.entity:
            undisclosed.append(t.entity)
            investor_topics[t.entity] = investor_topics.get(t.entity, ()) + (t.id,)
        elif val(t.id) is not None and t.entity:
            by_investor[t.entity] = by_investor.get(t.entity, 0.0) + val(t.id)
            investor_topics[t.entity] = investor_topics.get(t.entity, ()) + (t.id,)
    undisclosed = list(dict.fromkeys(undisclosed))
    for e in undisclosed:  # an investor with any amount undisclosed has no figure for its new money
        by_investor.pop(e, None)
    named = sum(by_investor.values())
    invest_ids = tuple(t.id for t in fb.topics_of_kind("investment"))
    total_topic = next(iter(fb.topics_of_kind("round_total")), None)
    stated = val(total_topic.id) if total_topic else None
    total = named
    if stated is not None and stated > named + EPS:
        residual = round_residual(fb)
        by_investor[residual] = by_investor.get(residual, 0.0) + stated - named
        # a residual that is also a named investor keeps its own topics beside the total's
        investor_topics[residual] = investor_topics.get(residual, ()) + (total_topic.id,)
        total = stated
        if undisclosed:
            flags.append(Flag("UNDISCLOSED_IN_REMAINDER", (("investors", tuple(undisclosed)), ("rest", stated - named),
                                                           ("residual", residual)),
                              tuple(t for e in undisclosed for t in investor_topics[e]) + (total_topic.id,), "info"))
    elif stated is not None and named > stated + EPS:
        flags.append(Flag("NAMED_EXCEED_TOTAL", (("named", named), ("stated", stated)), (total_topic.id,) + invest_ids))
    if undisclosed and not (stated is not None and stated > named + EPS):  # no room left: the round is more
        flags.append(Flag("ROUND_UNDISCLOSED_PART", (("investors", tuple(undisclosed)), ("named", named)),
                          tuple(t for e in undisclosed for t in investor_topics[e]), "warning"))

    # the valuation, pre and post
    pre = post = None
    basis, basis_assumed = None, False
    val_topic = next(iter(fb.topics_of_kind("valuation")), None)
    prior_topic = next(iter(fb.topics_of_kind("prior_valuation")), None)
    v = val(val_topic.id) if val_topic else None
    if v is not None:
        claim = resolved[val_topic.id].claim
        basis = claim.basis if claim and claim.basis in ("pre", "post") else beliefs.basis
        basis_assumed = not (claim and claim.basis in ("pre", "post"))
        if basis_assumed:
            flags.append(Flag("ASSUMED_BASIS", (("claim", claim.id), ("basis", basis)), (val_topic.id,)))
        if basis == "pre":
            pre, post = v, v + total
        else:
            pre, post = v - total, v
            if pre < -EPS:
                flags.append(Flag("POST_BELOW_NEW_MONEY", (("post", v), ("new", total)), (val_topic.id,)))
                pre, post = 0.0, total
    elif prior_topic is not None and val(prior_topic.id) is not None:
        pre = val(prior_topic.id)
        post = pre + total
        basis, basis_assumed = "pre", True
        flags.append(Flag("NO_VALUATION", (("prior_used", 1),), (val_topic.id if val_topic else prior_topic.id,)))
    else:
        flags.append(Flag("NO_VALUATION", (("prior_used", 0),),
                          tuple(t.id for t in fb.topics_of_kind("valuation", "prior_valuation"))))

    cap_table = _cap_table(fb, resolved, by_investor, investor_topics, pre, post, flags, tuple(undisclosed),
                           residual_in=round_residual(fb) if stated is not None and stated > named + EPS else None)
    flows = _flows(fb, resolved, by_investor, investor_topics, flags)
    circularity = _circularity(fb, by_investor, flows)
    flags += _currency_flags(fb, resolved, beliefs)
    flags += _joint_flags(fb, resolved)
    flags += contradictions(fb, view_date(fb, beliefs))
    for b in resolved.values():
        if b.claim is not None and fb.source[b.claim.source].deprecated:
            flags.append(Flag("DEPRECATED_SOURCE", (("source", b.claim.source), ("topic", b.topic)), (b.topic,)))
    unreported = [b.topic for b in resolved.values() if b.how == "not_reported"]
    if unreported:  # the round as it happened: a talk-stage figure never stands in where the outcome is silent
        flags.append(Flag("OUTCOME_NOT_REPORTED", (), tuple(unreported), "info"))
    fallbacks = [b.topic for b in resolved.values() if b.how == "fallback"]
    if fallbacks:
        flags.append(Flag("FALLBACK", (), tuple(fallbacks), "info"))
    return Scenario(
        factbase_version=fb.version, beliefs=beliefs, resolved=resolved, currency=fb.base_currency,
        pre=pre, post=post, basis=basis, basis_assumed=basis_assumed, round_total=total, stated_total=stated,
        by_investor=by_investor, investor_topics=investor_topics, cap_table=cap_table, flows=flows,
        circularity=circularity, flags=tuple(flags), notices=tuple(notices), undisclosed=tuple(undisclosed),
        asof=view_date(fb, beliefs))


def _cap_table(fb, resolved, by_investor, investor_topics, pre, post, flags, undisclosed=(),
               residual_in=None) -> tuple[CapRow, ...]:
    stakes: dict[str, float] = {}
    stake_topics: dict[str, tuple[str, ...]] = {}
    for t in fb.topics_of_kind("stake_before"):
        v = resolved[t.id].value
        if v is not None and t.entity:
            stakes[t.entity] = stakes.get(t.entity, 0.0) + v
            stake_topics[t.entity] = stake_topics.get(t.entity, ()) + (t.id,)
    named = sum(stakes.values())
    if named > 100 + EPS:
        flags.append(Flag("STAKES_ABOVE_100", (("stakes", named),), tuple(t for ts in stake_topics.values() for t in ts)))
        stakes = {k: v * 100 / named for k, v in stakes.items()}
        named = 100.0
    rest = residual_holder(fb)
    if 100 - named > EPS:
        stakes[rest] = stakes.get(rest, 0.0) + 100 - named
    holders = list(stakes) + [h for h in list(by_investor) + list(undisclosed) if h not in stakes]
    holders = list(dict.fromkeys(holders))
    rows = []
    for h in holders:
        before = stakes.get(h, 0.0)
        if h in undisclosed:  # its new money, and so its stake after, are not disclosed
            rows.append(CapRow(holder=h, before_pct=before, new_money=None, after_pct=None,
                               value_after=None, existing=h in stakes,
                               topics=stake_topics.get(h, ()) + investor_topics.get(h, ()), state="undisclosed"))
            continue
        new = by_investor.get(h, 0.0)
        if pre is not None and post is not None and post > EPS:
            value_after = before / 100 * pre + new
            after = value_after / post * 100
        else:
            value_after = after = None
        includes = tuple(undisclosed) if h == residual_in else ()
        rows.append(CapRow(holder=h, before_pct=before, new_money=new,
                           after_pct=after, value_after=value_after, existing=h in stakes,
                           topics=stake_topics.get(h, ()) + investor_topics.get(h, ()), includes=includes))
    return tuple(rows)


def _flows(fb, resolved, by_investor, investor_topics, flags) -> tuple[Flow, ...]:
    unit = f"bn {fb.base_currency}"
    company = fb.company
    flows: list[Flow] = []

    def add(src, dst, kind, topic_id, amount, unit_=unit):
        b = resolved.get(topic_id) if topic_id else None
        if b is not None and b.claim is not None and b.claim.value_state == "none":
            return  # "no value" (a deal called off, no investment): no flow, not a flow of 0
        flows.append(Flow(src, dst, kind, amount, unit_, topic_id, b.claim.id if b and b.claim else None))

    for inv, amount in by_investor.items():
        if amount > EPS:
            add(inv, company, "equity", investor_topics.get(inv, (None,))[-1], amount)
    known = 0.0
    money_vendors = set()
    for t in fb.topics_of_kind("compute_money"):
        v = resolved[t.id].value
        if v is not None:
            add(company, t.entity, "commitment", t.id, v)
            known += v
            money_vendors.add(t.entity)
    for t in fb.topics_of_kind("compute_total"):
        v = resolved[t.id].value
        if v is None:
            continue
        if v > known + EPS:
            add(company, UNATTRIBUTED, "commitment", t.id, v - known)
        elif known > v + EPS:
            flags.append(Flag("COMMITMENTS_EXCEED_TOTAL", (("known", known), ("total", v)), (t.id,), "info"))
    for t in fb.topics_of_kind("compute_capacity"):
        v = resolved[t.id].value
        if v is not None:
            add(company, t.entity, "capacity", t.id, v, "GW")
    for kind, flow_kind in (("prior_investment", "prior_equity"), ("investment_intent", "intent")):
        for t in fb.topics_of_kind(kind):
            v = resolved[t.id].value
            if v is not None:
                add(t.entity, company, flow_kind, t.id, v)
    for t in fb.topics_of_kind("cross_stake"):
        v = resolved[t.id].value
        if v is not None and t.target:
            add(t.entity, t.target, "stake", t.id, v)
    # between other parties: what one buys from another, and shares a vendor hands over (a share, not money)
    for t in fb.topics_of_kind("purchase"):
        v = resolved[t.id].value
        if v is not None and t.target:
            add(t.entity, t.target, "purchase", t.id, v)
    for t in fb.topics_of_kind("warrant"):
        v = resolved[t.id].value
        if v is not None and t.target:
            add(t.entity, t.target, "shares", t.id, v, "%")
    return tuple(flows)


def _circularity(fb, by_investor, flows) -> tuple[Circularity, ...]:
    back_to: dict[tuple[str, str], float] = {}  # (kind, target) -> amount, summed once: investors x flows was slow
    bounds: dict[tuple[str, str], list[str]] = {}  # (kind, party) -> the qualifiers of its figures
    for f in flows:
        if f.kind in ("commitment", "capacity"):
            back_to[(f.kind, f.target)] = back_to.get((f.kind, f.target), 0) + f.amount
        party = f.target if f.kind == "commitment" else f.source if f.kind == "equity" else None
        if party is not None:
            bounds.setdefault((f.kind, party), []).append(fb.claim[f.claim].bound if f.claim in fb.claim else "exact")
    out = []
    residual = round_residual(fb)
    for inv, amount in by_investor.items():
        if inv == residual or amount <= EPS:
            continue
        back = back_to.get(("commitment", inv), 0)
        gw = back_to.get(("capacity", inv), 0)
        ratio = back / amount if (back > EPS or gw <= EPS) else None
        bound = ratio_bound(side_of(bounds.get(("commitment", inv), ())), side_of(bounds.get(("equity", inv), ())))
        out.append(Circularity(inv, amount, back, gw, ratio, bound if back > EPS else "exact"))
    return tuple(out)


def _currency_flags(fb, resolved, beliefs) -> list[Flag]:
    foreign = [b for b in resolved.values() if b.converted_from]
    if not foreign:
        return []
    out = []
    for code in sorted({b.converted_from for b in foreign}):
        these = [b for b in foreign if b.converted_from == code]
        out.append(Flag("CURRENCY_LABEL", (("currency", code), ("fx", beliefs.fx),
                                           ("claims", tuple(b.claim.id for b in these))),
                        tuple(b.topic for b in these)))
    return out


def _joint_flags(fb, resolved) -> list[Flag]:
    out = []
    for t in fb.topics_of_kind("joint_investment"):
        joint = resolved[t.id]
        parts = [resolved[p].value for p in t.parts if p in resolved]
        if joint.value is None or any(p is None for p in parts):
            continue
        if sum(parts) > joint.value + EPS:
            out.append(Flag("JOINT_EXCEEDED", (("topic", t.id), ("parts", sum(parts)), ("claim", joint.claim.id)),
                            (t.id,) + t.parts))
    return out


def contradictions(fb: FactBase, asof: str | None = None) -> list[Flag]:
    """Sources whose joint figure is smaller than what they say of its parts: a contradiction inside one text
    (said by asof, where a date is given)."""
    out = []
    for t in fb.topics_of_kind("joint_investment"):
        for joint in fb.claims_by_topic.get(t.id, ()):
            if asof is not None and not said_by(joint, asof):
                continue
            if joint.high is None:
                continue
            own = []
            for p in t.parts:
                same = [c for c in fb.claims_by_topic.get(p, ()) if c.source == joint.source and c.disclosed]
                if same:
                    own.append((p, same[0]))
            if len(own) < len(t.parts):
                continue
            highs = [c.high if c.high is not None else c.printed for _part, c in own]
            if sum(highs) > joint.high + EPS:
                out.append(Flag("SOURCE_CONTRADICTS_ITSELF",
                                (("claim", joint.id), ("topic", t.id), ("parts", tuple(c.id for _part, c in own)),
                                 ("total", sum(highs))),
                                (t.id,)))
    return out
