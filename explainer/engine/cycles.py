"""Money loops: chains of deals in force together at the view's date that lead back to where they started.

The graph: one node per party (an entity `part_of` a group counts as the group: SB Energy is SoftBank), one edge
per deal the reader's beliefs hold, pointing the way the value goes: investor -> company (equity in the round,
earlier investments, a letter of intent), company -> vendor (compute commitments, capacity), buyer -> seller
(purchases), holder -> held (a stake bought), issuer -> recipient (shares under a warrant). What a total names but
no deal itemises goes to no party and is left out.

A step between two parties is the first kind in STEP_ORDER the view has between them (money before capacity and
shares; equity in this round before an earlier investment or a letter of intent); its deals *in force* at the
view's date are added up (AWS's 38 bn USD of Nov 2025 and the 100 bn USD that expanded it in Feb 2026: 138). A deal
is in force when its claim was said by then, is no talk-stage claim, was not replaced by a claim said by then and
has not ended (`standing`). A step with no deal in force leaves its loop out, with the reason; so does a chain
through a third party (A -> company -> V -> A) unless the fact base says V's deal passes on the one before it
(topic `passes_on`): two deals that merely share a party are not money passed on.

The measure, `returns`: commitments back per dollar in = the smallest money amount on the way back / the money in
(the loop's first step). It is a ratio of commitments to an investment and can exceed 100 %; it is never a share of
the money in. Where the money in was reported with a part paid up front (Amazon: 15 of 50), the same ratio per
dollar paid up front is `per_upfront`. A loop with a capacity (GW) or share (%) step has no price; one with an amount
not disclosed has no figure: both are kept, with returns None and the reason.

Bounded work: cycles of at most LENGTH_BOUND parties (networkx's length_bound), and at most LIMIT loops; a graph
with more says `truncated`."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from itertools import islice

import networkx as nx

from . import beliefs
from .beliefs import base_value
from ..load.model import Claim, FactBase
from .scenario import EPS, UNATTRIBUTED, Flow, Scenario, ratio_bound, round_residual, side_of

LENGTH_BOUND = 6  # parties in a loop: longer chains are no loop a reader can follow
LIMIT = 100  # loops kept: a hostile fact base of densely linked parties has millions
STEP_ORDER = ("equity", "commitment", "purchase", "stake", "prior_equity", "intent", "capacity", "shares")
MONEY_KINDS = {"equity", "commitment", "purchase", "stake", "prior_equity", "intent"}
# which flow a topic of each kind makes, and which way ('in': entity -> company, 'out': company -> entity,
# 'across': entity -> target)
TOPIC_FLOWS = {"investment": ("equity", "in"), "compute_money": ("commitment", "out"),
               "compute_capacity": ("capacity", "out"), "prior_investment": ("prior_equity", "in"),
               "investment_intent": ("intent", "in"), "cross_stake": ("stake", "across"),
               "purchase": ("purchase", "across"), "warrant": ("shares", "across")}
MEASURE = "commitments back per dollar in"
RULE = ("returns (commitments back per dollar in) = the smallest money amount on the way back / the money in (the "
        "loop's first step), a ratio that can exceed 1; a step adds up the deals of its kind in force at the view's "
        "date; talk-stage, replaced, ended or not-yet-reported claims are never a step; None where a step is "
        "capacity (GW) or shares (%) or an amount not disclosed")
IN_FORCE = "in_force"


# ---------------------------------------------------------------- which deals are in force at a date

def replacements(fb: FactBase) -> dict[str, tuple[Claim, ...]]:
    """Claim id -> the claims that say they replace it."""
    out: dict[str, list[Claim]] = {}
    for c in fb.claims:
        for old in c.replaces:
            out.setdefault(old, []).append(c)
    return {k: tuple(v) for k, v in out.items()}


def standing(fb: FactBase, c: Claim, asof: str, replaced: dict[str, tuple[Claim, ...]] | None = None
             ) -> tuple[str, str | None]:
    """IN_FORCE, or why the claim is no deal in force at asof: 'not_yet', 'talks', 'replaced' (with the replacing
    claim's id) or 'ended'. Said by and in force as the beliefs read them (beliefs.said_by, beliefs.in_force)."""
    if not beliefs.said_by(c, asof):
        return "not_yet", None
    if c.status == "talks":
        return "talks", None
    if not beliefs.in_force(fb, c, asof):
        by = next((r for r in (replaced if replaced is not None else replacements(fb)).get(c.id, ())
                   if beliefs.said_by(r, asof)), None)
        return ("replaced", by.id) if by is not None else ("ended", None)
    return IN_FORCE, None


def view_date(fb: FactBase, s: Scenario) -> str:
    """The view's date: the link's asof, else the latest date the fact base speaks of."""
    return beliefs.view_date(fb, s.beliefs)


# ---------------------------------------------------------------- the loops

@dataclass(frozen=True)
class Step:
    source: str  # party (a group where the entity is part of one)
    target: str
    kind: str
    flows: tuple[Flow, ...]  # the deals in force of this kind between the two parties (amount None: not disclosed)
    set_aside: tuple[tuple[Flow, str, str | None], ...] = ()  # (deal, why it is no deal in force, replacing claim)
    parallel: tuple[Flow, ...] = ()  # deals in force of other kinds between the two
    upfront: tuple[float | None, ...] = ()  # per deal in force: the part paid up front, where its claim says it
    bounds: tuple[str, ...] = ()  # per deal in force: its claim's qualifier (exact, about, up_to, ...)

    @property
    def side(self) -> str:
        """Which way the step's amount may be off: 'exact', 'low' (the true one may be higher: at least, above),
        'high' (up to, below) or 'about' (either way, or the deals' qualifiers disagree)."""
        return side_of(self.bounds)

    @property
    def disclosed(self) -> bool:
        return all(f.amount is not None for f in self.flows)

    @property
    def priced(self) -> bool:
        return self.kind in MONEY_KINDS

    @property
    def amount(self) -> float | None:
        """The deals added up; None where one of them is not disclosed (or there is none in force)."""
        if not self.flows or not self.disclosed:
            return None
        return sum(f.amount for f in self.flows)

    @property
    def unit(self) -> str:
        return self.flows[0].unit if self.flows else (self.set_aside[0][0].unit if self.set_aside else "")


@dataclass(frozen=True)
class Loop:
    nodes: tuple[str, ...]  # first == last
    steps: tuple[Step, ...]
    problem: str | None = None  # why it is left out: talks, replaced, ended, not_yet, no_pass_on; else None
    at: int | None = None  # the step the problem is in

    @property
    def id(self) -> str:
        """Stable: the parties in loop order, the first not repeated (a link names a loop by it)."""
        return ".".join(self.nodes[:-1])

    @property
    def priced(self) -> bool:
        return self.problem is None and all(st.priced for st in self.steps)

    @property
    def disclosed(self) -> bool:
        return all(st.disclosed for st in self.steps)

    @property
    def open_reason(self) -> str | None:
        """Why a loop kept has no figure: 'no_price' (capacity or shares), 'undisclosed', or None."""
        if not all(st.priced for st in self.steps):
            return "no_price"
        return None if self.disclosed else "undisclosed"

    @property
    def money_in(self) -> float | None:
        return self.steps[0].amount if self.priced and self.disclosed else None

    @property
    def back(self) -> float | None:
        if not (self.priced and self.disclosed):
            return None
        return min(st.amount for st in self.steps[1:])

    @property
    def returns(self) -> float | None:
        """Commitments back per dollar in (see the module's note); None where there is no figure."""
        if self.money_in is None or self.money_in <= EPS:
            return None
        return self.back / self.money_in

    @property
    def returns_bound(self) -> str:
        """The qualifier the ratio inherits from its amounts: 'at_least' where the money in is a ceiling ('up to 5')
        or the narrowest way back a floor, 'up_to' the other way round, 'about' where they pull both ways or one is
        about, else 'exact'."""
        back = min(self.steps[1:], key=lambda st: st.amount if st.amount is not None else 0.0)
        return ratio_bound(back.side, self.steps[0].side)

    @property
    def upfront(self) -> float | None:
        """The part of the money in paid up front, where every deal of the first step says it; else None."""
        parts = self.steps[0].upfront
        if self.money_in is None or not parts or any(p is None for p in parts):
            return None
        return sum(parts)

    @property
    def per_upfront(self) -> float | None:
        up = self.upfront
        return None if up is None or up <= EPS or self.back is None else self.back / up


def upfront_part(c: Claim | None, f: Flow) -> float | None:
    """A deal's up-front part in the flow's units (the claim's upfront, scaled as its value was)."""
    if c is None or c.upfront is None or not c.printed or f.amount is None:
        return None
    return c.upfront * f.amount / c.printed


@dataclass(frozen=True)
class Loops:
    loops: tuple[Loop, ...]  # every step a deal in force: the loops measured (or with the reason they have none)
    left_out: tuple[Loop, ...]  # a step with no deal in force, or a chain no report joins: with the reason
    truncated: bool  # more than `limit` loops exist; only `limit` are kept
    length_bound: int
    limit: int
    asof: str | None = None
    unjoined: int = 0  # chains of more than three parties no report joins: counted, not listed (they are many)

    def get(self, loop_id: str) -> Loop | None:
        return next((lp for lp in self.loops if lp.id == loop_id), None)


def find_loops(flows, company: str | None = None, order: list[str] | tuple[str, ...] = (),
               length_bound: int = LENGTH_BOUND, limit: int = LIMIT, *, standings: dict | None = None,
               group: dict[str, str] | None = None, passes_on: dict[str, tuple[str, ...]] | None = None,
               asof: str | None = None, upfronts: dict[str, float] | None = None,
               bounds: dict[str, str] | None = None) -> Loops:
    """Every simple cycle of the parties' graph (bounded, see the module's note), each rotated, its steps chosen and
    judged. standings: claim id -> (IN_FORCE or why not, replacing claim); a claim not in it is in force.
    group: entity -> its group; passes_on: topic -> the topics whose money it passes on; upfronts: claim id -> the
    part of its deal paid up front."""
    standings, group, passes_on, upfronts = standings or {}, group or {}, passes_on or {}, upfronts or {}
    bounds = bounds or {}
    node = lambda e: group.get(e, e)  # noqa: E731
    g = nx.DiGraph()
    for f in flows:
        a, b = node(f.source), node(f.target)
        if f.kind not in STEP_ORDER or UNATTRIBUTED in (a, b) or a == b or (f.amount is not None and f.amount <= EPS):
            continue
        if g.has_edge(a, b):
            g[a][b]["flows"].append(f)
        else:
            g.add_edge(a, b, flows=[f])
    found = list(islice(nx.simple_cycles(g, length_bound=length_bound), limit + 1))
    place = {e: i for i, e in enumerate(order)}
    kept, left, unjoined = [], [], 0
    for cycle in found[:limit]:
        if company in cycle:
            start = (cycle.index(company) - 1) % len(cycle)  # the party that puts money into the company
        else:
            start = min(range(len(cycle)), key=lambda i: (place.get(cycle[i], len(place)), cycle[i]))
        nodes = tuple(cycle[start:] + cycle[:start] + [cycle[start]])
        steps = tuple(_step(a, b, g[a][b]["flows"], standings, upfronts, bounds) for a, b in zip(nodes, nodes[1:]))
        lp = _judged(Loop(nodes, steps), passes_on)
        if lp.problem == "no_pass_on" and len(nodes) > 4:
            unjoined += 1
        else:
            (kept if lp.problem is None else left).append(lp)
    key = lambda lp: (len(lp.nodes), [place.get(n, len(place)) for n in lp.nodes], lp.nodes)  # noqa: E731
    return Loops(tuple(sorted(kept, key=key)), tuple(sorted(left, key=key)), len(found) > limit, length_bound,
                 limit, asof, unjoined)


def _step(a: str, b: str, flows: list[Flow], standings: dict, upfronts: dict, bounds: dict) -> Step:
    rank = {k: i for i, k in enumerate(STEP_ORDER)}
    flows = sorted(flows, key=lambda f: rank[f.kind])
    kind = flows[0].kind
    ok = lambda f: standings.get(f.claim, (IN_FORCE, None))[0] == IN_FORCE  # noqa: E731
    used = tuple(f for f in flows if f.kind == kind and ok(f))
    return Step(a, b, kind, used, tuple((f,) + tuple(standings[f.claim]) for f in flows if not ok(f)),
                tuple(f for f in flows if f.kind != kind and ok(f)), tuple(upfronts.get(f.claim) for f in used),
                tuple(bounds.get(f.claim, "exact") for f in used))


def _judged(lp: Loop, passes_on: dict[str, tuple[str, ...]]) -> Loop:
    """The loop with its problem: the first step with no deal in force, else the first join at a third party that
    no deal says it passes on."""
    for i in range(2, len(lp.steps)):  # joins at the parties after the one the money went into: checked first,
        # since a chain no report joins is no loop whatever the state of its deals
        before = {f.topic for f, *_rest in lp.steps[i - 1].set_aside} | {f.topic for f in lp.steps[i - 1].flows}
        if not any(set(passes_on.get(f.topic, ())) & before
                   for f in lp.steps[i].flows + tuple(x[0] for x in lp.steps[i].set_aside)):
            return Loop(lp.nodes, lp.steps, "no_pass_on", i)
    for i, st in enumerate(lp.steps):
        if not st.flows:
            why = next(r for f, r, _by in st.set_aside if f.kind == st.kind)
            return Loop(lp.nodes, lp.steps, why, i)
    return lp


def deal_flows(fb: FactBase, s: Scenario) -> list[Flow]:
    """One flow per topic the beliefs hold a claim on (amount None where it is not disclosed; none of a 'none'
    claim); where the beliefs hold none because a claim was replaced, that claim, to say why the deal is gone."""
    asof, company = view_date(fb, s), fb.company
    replaced = replacements(fb)
    out: list[Flow] = []
    for t in fb.topics:
        kind, way = TOPIC_FLOWS.get(t.kind, (None, None))
        ends = {"in": (t.entity, company), "out": (company, t.entity), "across": (t.entity, t.target)}.get(way)
        if kind is None or not ends[0] or not ends[1]:
            continue
        unit = {"capacity": "GW", "shares": "%"}.get(kind, f"bn {fb.base_currency}")
        b = s.resolved.get(t.id)
        c = b.claim if b is not None else None
        if c is None:
            gone = [x for x in fb.claims_by_topic.get(t.id, ()) if x.id in replaced and beliefs.said_by(x, asof)
                    and x.value_state == "figure" and x.status != "talks"]
            if gone:
                out.append(Flow(ends[0], ends[1], kind, base_value(fb, gone[0], "mid", s.beliefs.fx), unit, t.id,
                                gone[0].id))
            continue
        state = c.value_state
        if state == "none" or (state == "figure" and (b.value is None or b.value <= EPS)):
            continue
        out.append(Flow(ends[0], ends[1], kind, None if state == "undisclosed" else b.value, unit, t.id, c.id))
    # new money the named investors do not account for, where its holder has deals too
    named = {t.entity for t in fb.topics_of_kind("investment")}
    out += [f for f in s.flows if f.kind == "equity" and f.source == round_residual(fb) and f.source not in named]
    return out


def scenario_loops(fb: FactBase, s: Scenario, length_bound: int = LENGTH_BOUND, limit: int = LIMIT) -> Loops:
    """The loops of the deals in force under a scenario's beliefs at its view's date."""
    asof = view_date(fb, s)
    replaced = replacements(fb)
    flows = deal_flows(fb, s)
    standings = {f.claim: standing(fb, fb.claim[f.claim], asof, replaced) for f in flows if f.claim in fb.claim}
    upfronts = {f.claim: up for f in flows if (up := upfront_part(fb.claim.get(f.claim), f)) is not None}
    return find_loops(flows, fb.company, order(fb), length_bound, limit, standings=standings, group=groups(fb),
                      passes_on=passes(fb), asof=asof, upfronts=upfronts,
                      bounds={f.claim: fb.claim[f.claim].bound for f in flows if f.claim in fb.claim})


def order(fb: FactBase) -> list[str]:
    return [fb.company] + [e.id for e in fb.entities]


def groups(fb: FactBase) -> dict[str, str]:
    return {e.id: e.part_of for e in fb.entities if e.part_of}


def passes(fb: FactBase) -> dict[str, tuple[str, ...]]:
    return {t.id: t.passes_on for t in fb.topics if t.passes_on}


def possible_flows(fb: FactBase) -> list[Flow]:
    """A flow for every topic any source speaks to with a figure: the graph of every world at once (amounts are
    placeholders)."""
    from .scenario import round_residual as residual
    spoken = {c.topic for c in fb.claims if c.value_state == "figure"}
    company, out = fb.company, []
    for t in fb.topics:
        if t.id not in spoken:
            continue
        ends = {"investment": (t.entity, company, "equity"), "round_total": (residual(fb), company, "equity"),
                "compute_money": (company, t.entity, "commitment"), "compute_capacity": (company, t.entity, "capacity"),
                "prior_investment": (t.entity, company, "prior_equity"),
                "investment_intent": (t.entity, company, "intent"), "cross_stake": (t.entity, t.target, "stake"),
                "purchase": (t.entity, t.target, "purchase"), "warrant": (t.entity, t.target, "shares")}.get(t.kind)
        if ends and ends[0] and ends[1]:
            out.append(Flow(ends[0], ends[1], ends[2], 1.0, "", t.id, t.id))
    return out


@functools.lru_cache(maxsize=8)  # the bundled fact base and a few readers' uploads, kept alive while cached
def possible_loops(fb: FactBase) -> Loops:
    """Every loop some world of beliefs could have: the loops of possible_flows (the worlds page offers their
    returns as an output; a world without one of its steps has no value)."""
    return find_loops(possible_flows(fb), fb.company, order(fb), group=groups(fb), passes_on=passes(fb))


def loop_return(fb: FactBase, s: Scenario, loop_id: str) -> float | None:
    """A loop's commitments back per dollar in under a scenario; None where the loop is not there or has no figure."""
    lp = scenario_loops(fb, s).get(loop_id)
    return None if lp is None else lp.returns


# ---------------------------------------------------------------- serialisation (CLI, tests)

def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _edge(fb: FactBase | None, f: Flow, state: str = IN_FORCE, by: str | None = None) -> dict:
    c = fb.claim.get(f.claim) if fb is not None and f.claim else None
    return {"from": f.source, "to": f.target, "kind": f.kind, "amount": _r(f.amount), "unit": f.unit,
            "topic": f.topic, "claim": f.claim, "bound": c.bound if c else None, "date": c.date if c else None,
            "status": c.status if c else None, "value_state": c.value_state if c else None,
            "upfront": _r(upfront_part(c, f)), "standing": state, "replaced_by": by}


def _loop_dict(fb: FactBase, lp: Loop) -> dict:
    return {"id": lp.id, "nodes": list(lp.nodes),
            "steps": [{"from": st.source, "to": st.target, "kind": st.kind, "amount": _r(st.amount),
                       "unit": st.unit, "deals": [_edge(fb, f) for f in st.flows],
                       "set_aside": [_edge(fb, f, why, by) for f, why, by in st.set_aside],
                       "parallel": [_edge(fb, f) for f in st.parallel]} for st in lp.steps],
            "money_in": _r(lp.money_in), "upfront": _r(lp.upfront), "back": _r(lp.back),
            "returns": _r(lp.returns), "returns_bound": lp.returns_bound if lp.returns is not None else None,
            "per_upfront": _r(lp.per_upfront),
            "reason": lp.problem or (lp.open_reason if lp.returns is None else None), "reason_step": lp.at}


def loops_dict(fb: FactBase, result: Loops, query: str = "") -> dict:
    return {
        "factbase": {"version": fb.version, "date": fb.date, "title": fb.title},
        "query": query,
        "asof": result.asof,
        "measure": MEASURE,
        "rule": RULE,
        "length_bound": result.length_bound,
        "limit": result.limit,
        "truncated": result.truncated,
        "unjoined": result.unjoined,
        "loops": [_loop_dict(fb, lp) for lp in result.loops],
        "left_out": [_loop_dict(fb, lp) for lp in result.left_out],
    }
