"""Money loops: every simple cycle of the believed graph of money, commitments, stakes and warrants.

The graph: one node per party, one edge per believed flow (scenario.Flow), pointing the way the value goes:
investor -> company (equity in the round, earlier investments, a letter of intent), company -> vendor (compute
commitments, capacity), buyer -> seller (purchases between other parties), holder -> held (a stake bought),
issuer -> recipient (shares handed over under a warrant). The company's commitments a total names but no deal
itemises go to no party and are left out.

A loop is a simple cycle (networkx.simple_cycles): no party twice. Between two parties that have several flows,
the loop's step is the first of them in STEP_ORDER (money before capacity and shares; equity in this round before
an earlier investment or a letter of intent); the others are listed beside it. A loop through the company starts
with the edge that enters the company, so that it reads "who puts money in, and how it comes back"; any other loop
starts at the party the fact base names first.

The rule for `returns`: the money in is the loop's first step; what can come back is the smallest money amount
on the rest of the way (a chain passes on no more than its narrowest link); returns = that ÷ the money in. For a
two-party loop it is the circularity (commitments back ÷ investment); like it, it can exceed 1 where the way back
is larger than the money in. A loop with a capacity (GW) or share (%) step has no returns (None): those steps
have no price, and are kept apart from money, as everywhere else.

Bounded work: cycles of at most LENGTH_BOUND parties (networkx's length_bound), and at most LIMIT loops; a graph
with more says `truncated`, and the loops kept are the first LIMIT that networkx yields, sorted."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from itertools import islice

import networkx as nx

from . import money
from .i18n import _
from .labels import entity_name
from .model import FactBase
from .scenario import EPS, UNATTRIBUTED, Flow, Scenario

LENGTH_BOUND = 6  # parties in a loop: longer chains are no loop a reader can follow
LIMIT = 100  # loops kept: a hostile fact base of densely linked parties has millions
STEP_ORDER = ("equity", "commitment", "purchase", "stake", "prior_equity", "intent", "capacity", "shares")
MONEY_KINDS = {"equity", "commitment", "purchase", "stake", "prior_equity", "intent"}
RULE = ("returns = the smallest money amount on the way back / the money in (the loop's first step); "
        "None where a step is capacity (GW) or shares (%), which have no price")


@dataclass(frozen=True)
class Loop:
    nodes: tuple[str, ...]  # first == last
    steps: tuple[Flow, ...]  # one flow per step
    parallel: tuple[tuple[Flow, ...], ...]  # per step, the other flows between the same two parties

    @property
    def id(self) -> str:
        """Stable: the parties in loop order, the first not repeated (a link names a loop by it)."""
        return ".".join(self.nodes[:-1])

    @property
    def priced(self) -> bool:
        return all(f.kind in MONEY_KINDS for f in self.steps)

    @property
    def money_in(self) -> float | None:
        return self.steps[0].amount if self.priced else None

    @property
    def back(self) -> float | None:
        return min(f.amount for f in self.steps[1:]) if self.priced else None

    @property
    def returns(self) -> float | None:
        if not self.priced or self.steps[0].amount <= EPS:
            return None
        return self.back / self.steps[0].amount


@dataclass(frozen=True)
class Loops:
    loops: tuple[Loop, ...]
    truncated: bool  # more than `limit` loops exist; only `limit` are kept
    length_bound: int
    limit: int

    def get(self, loop_id: str) -> Loop | None:
        return next((lp for lp in self.loops if lp.id == loop_id), None)


def flow_graph(flows: tuple[Flow, ...] | list[Flow]) -> nx.DiGraph:
    """The parties and what passes between them; each edge keeps its flows in STEP_ORDER."""
    g = nx.DiGraph()
    rank = {k: i for i, k in enumerate(STEP_ORDER)}
    for f in flows:
        if f.kind not in rank or f.amount <= EPS or UNATTRIBUTED in (f.source, f.target) or f.source == f.target:
            continue
        if g.has_edge(f.source, f.target):
            g[f.source][f.target]["flows"].append(f)
        else:
            g.add_edge(f.source, f.target, flows=[f])
    for _u, _v, data in g.edges(data=True):
        data["flows"].sort(key=lambda f: rank[f.kind])
    return g


def find_loops(flows, company: str | None = None, order: list[str] | tuple[str, ...] = (),
               length_bound: int = LENGTH_BOUND, limit: int = LIMIT) -> Loops:
    """Every simple cycle of the flows' graph (bounded, see the module's note), each rotated and its steps chosen."""
    g = flow_graph(flows)
    found = list(islice(nx.simple_cycles(g, length_bound=length_bound), limit + 1))
    truncated = len(found) > limit
    place = {e: i for i, e in enumerate(order)}
    loops = []
    for cycle in found[:limit]:
        if company in cycle:
            start = (cycle.index(company) - 1) % len(cycle)  # the party that puts money into the company
        else:
            start = min(range(len(cycle)), key=lambda i: (place.get(cycle[i], len(place)), cycle[i]))
        nodes = cycle[start:] + cycle[:start]
        nodes = nodes + [nodes[0]]
        pairs = list(zip(nodes, nodes[1:]))
        flows_per_step = [g[a][b]["flows"] for a, b in pairs]
        loops.append(Loop(tuple(nodes), tuple(fs[0] for fs in flows_per_step),
                          tuple(tuple(fs[1:]) for fs in flows_per_step)))
    loops.sort(key=lambda lp: (len(lp.nodes), [place.get(n, len(place)) for n in lp.nodes], lp.nodes))
    return Loops(tuple(loops), truncated, length_bound, limit)


def scenario_loops(fb: FactBase, s: Scenario, length_bound: int = LENGTH_BOUND, limit: int = LIMIT) -> Loops:
    """The loops of a scenario's believed flows."""
    order = [fb.company] + [e.id for e in fb.entities]
    return find_loops(s.flows, fb.company, order, length_bound, limit)


# which topic kind makes which flow, from whom to whom (as scenario._flows makes them)
def possible_flows(fb: FactBase) -> list[Flow]:
    """A flow for every topic any source speaks to: the graph of every world at once (amounts are placeholders)."""
    from .scenario import round_residual
    spoken = {c.topic for c in fb.claims}
    company, out = fb.company, []
    for t in fb.topics:
        if t.id not in spoken:
            continue
        ends = {"investment": (t.entity, company, "equity"), "round_total": (round_residual(fb), company, "equity"),
                "compute_money": (company, t.entity, "commitment"), "compute_capacity": (company, t.entity, "capacity"),
                "prior_investment": (t.entity, company, "prior_equity"),
                "investment_intent": (t.entity, company, "intent"), "cross_stake": (t.entity, t.target, "stake"),
                "purchase": (t.entity, t.target, "purchase"), "warrant": (t.entity, t.target, "shares")}.get(t.kind)
        if ends and ends[0] and ends[1]:
            out.append(Flow(ends[0], ends[1], ends[2], 1.0, "", t.id))
    return out


@functools.lru_cache(maxsize=8)  # the bundled fact base and a few readers' uploads, kept alive while cached
def possible_loops(fb: FactBase) -> Loops:
    """Every loop some world of beliefs could have: the loops of possible_flows (the worlds page offers their
    returns as an output; a world without one of its steps has no value)."""
    return find_loops(possible_flows(fb), fb.company, [fb.company] + [e.id for e in fb.entities])


def loop_return(fb: FactBase, s: Scenario, loop_id: str) -> float | None:
    """A loop's returns under a scenario; None where the loop is not there or has no price."""
    lp = scenario_loops(fb, s).get(loop_id)
    return None if lp is None else lp.returns


# ---------------------------------------------------------------- text, in the active language

def flow_amount(f: Flow) -> str:
    """'50 bn USD', '6 GW', '10 % of its shares': a step's amount as the reader writes it."""
    scale, _sep, currency = f.unit.partition(" ")
    if currency:
        return money.amount(f.amount, currency, scale)
    if f.unit == "%":
        return _("{percent} of its own shares").format(percent=money.percent(f.amount, 0))
    return f"{money.number(f.amount, 2)} {f.unit}"


def loop_names(fb: FactBase, lp: Loop) -> str:
    """'Amazon → OpenAI → Amazon'."""
    return " → ".join(entity_name(fb, n) for n in lp.nodes)


def returns_text(lp: Loop) -> str:
    return (_("{share} can come back").format(share=money.ratio(lp.returns)) if lp.returns is not None
            else _("no price: capacity or shares"))


# ---------------------------------------------------------------- serialisation (CLI, tests)

def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _edge(f: Flow) -> dict:
    return {"from": f.source, "to": f.target, "kind": f.kind, "amount": _r(f.amount), "unit": f.unit,
            "topic": f.topic, "claim": f.claim}


def loops_dict(fb: FactBase, result: Loops, query: str = "") -> dict:
    return {
        "factbase": {"version": fb.version, "date": fb.date, "title": fb.title},
        "query": query,
        "rule": RULE,
        "length_bound": result.length_bound,
        "limit": result.limit,
        "truncated": result.truncated,
        "loops": [{"id": lp.id, "nodes": list(lp.nodes), "edges": [_edge(f) for f in lp.steps],
                   "parallel": [[_edge(f) for f in fs] for fs in lp.parallel],
                   "money_in": _r(lp.money_in), "back": _r(lp.back), "returns": _r(lp.returns)}
                  for lp in result.loops],
    }
