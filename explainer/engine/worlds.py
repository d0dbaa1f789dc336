"""Every possible world: the space of per-topic choices, and the spread of an output over it.

A world picks one choice per *dimension* topic; every other topic keeps the reader's current belief.

Dimensions (DIMENSION_KINDS): the investment topics, the round total, the valuation, the stakes before the
round and the compute_money topics: everything the offered outputs (post-money, pre-money, round total, an
entity's stake after the round, an investor's circularity) read that varies. Not dimensions:
 * compute_total only feeds the 'unattributed' commitment, which no offered output reads: as a dimension
   it would multiply the count of worlds without moving any output (pass topics=... to include it anyway);
 * prior_valuation is read only where no valuation is believed; since the valuation never offers 'none',
   it is a dimension only where the fact base has no valuation claim to choose;
 * compute_capacity topics are held at the reader's beliefs (they only decide whether a circularity with
   no money flowing back is 0 or unknown).

Choices of a topic: each claim of a source that is neither deprecated nor (unless include_outcome=True)
an outcome source; a range claim gives two choices, its low end and its high end. 'none' (believe no
source) is a choice only for investment topics (the investor stays out of the round) and the round total
(the round is what the named investors put in); not for the valuation (no cap table without it), the
stakes before the round or the compute deals (signed before the round; doubting them is not a world the
reporting before the announcement offered). The reader's fx rule and basis rule apply to every world; the range rule does
not (ranges give both ends). With distinct=True, choices of a topic with the same value (and basis) are
merged, so the worlds are distinct combinations of numbers rather than of statements.

The number of worlds is the product of the numbers of choices. Where it exceeds `limit` (LIMIT = 200,000),
`limit` worlds are drawn uniformly, with replacement, with numpy.random.default_rng(seed): each topic's
choice independently uniform, which is a uniform draw from the product. The result says sampled, n_total,
n_used.

Outputs are computed for all worlds at once with numpy, replicating scenario.build_scenario: named
investors sum; a believed total above the named sum adds the difference to the round's residual investor;
a total below it is ignored; valuation basis pre/post from the claim, else the reader's rule; a post-money
below the new money gives pre 0 and post = total; no valuation -> the prior valuation as pre-money; stakes
before scaled down to 100 % if they add up to more, the residual holder gets 100 - sum; after % =
(before % x pre + new money) / post; circularity = commitments to the investor's entity / its investment.
An entity with no row in the cap table holds 0 % after the round; an investor not in the round (or one
with nothing invested) has no circularity (NaN); NaN values are left out of min, median and max.

The tornado holds every topic at the reader's current beliefs and varies one dimension over its choices.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import cycles
from .beliefs import NONE, Beliefs, base_value, current_claims, resolve, view_date
from ..load.model import FactBase
from .scenario import EPS, Scenario, build_scenario, residual_holder, round_residual

LIMIT = 200_000
# A world's value for an investment a source says exists but did not disclose: it is in the round, inside the
# remainder, its stake after and its circularity unknown (nan stands for 'none', so it cannot stand for this)
UNDISCLOSED = math.inf
# What one computation may hold, in cells (a world's choice of one dimension): the worlds' choices (one byte a cell)
# and a chunk's values (eight bytes a cell). The bundled fact base, 192,780 worlds of 16 dimensions, is 3.1 million
# cells and is enumerated whole; a fact base of 500 dimensions is sampled at 16,000 worlds.
CELL_BUDGET = 8_000_000
CHUNK = 16_384  # worlds evaluated at once, at most
CHUNK_CELLS = 2_000_000  # and at most this many cells of values at once (16 MB)
DIMENSION_KINDS = ("investment", "round_total", "valuation", "stake_before", "compute_money")
NONE_KINDS = ("investment", "round_total")
READ_KINDS = ("investment", "round_total", "valuation", "prior_valuation", "stake_before", "compute_money",
              "compute_capacity", "prior_investment", "investment_intent", "cross_stake", "purchase",
              "warrant")  # what the outputs read (a loop's steps: the last five)
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


# ---------------------------------------------------------------- the space

@dataclass(frozen=True)
class Choice:
    topic: str
    claim: str  # claim id, or NONE
    end: str | None  # 'low' or 'high' for an end of a range claim
    value: float  # base units; nan for NONE
    basis: str | None  # valuation: 'pre' or 'post' (the claim's, else the reader's rule)
    claims: tuple[str, ...] = ()  # every claim this choice stands for (several with distinct=True)


@dataclass(frozen=True)
class Dimension:
    topic: str
    kind: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Space:
    dimensions: tuple[Dimension, ...]
    include_outcome: bool
    distinct: bool

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(d.choices) for d in self.dimensions)

    @property
    def n_total(self) -> int:
        return math.prod(self.shape)  # exact integer, however large


def topic_choices(fb: FactBase, beliefs: Beliefs, topic: str, include_outcome: bool = False,
                  distinct: bool = False, allow_none: bool | None = None) -> tuple[Choice, ...]:
    """A topic's choices (see the module docstring); allow_none overrides whether 'none' is one."""
    t = fb.topic[topic]
    out: list[Choice] = []
    for c in current_claims(fb, view_date(fb, beliefs)).get(topic, ()):  # said by the view's date, in force
        s = fb.source[c.source]
        if s.deprecated or (s.kind == "outcome" and not include_outcome):
            continue
        basis = (c.basis if c.basis in ("pre", "post") else beliefs.basis) if t.kind == "valuation" else None
        if not c.disclosed:
            out.append(Choice(topic, c.id, None, UNDISCLOSED, basis, (c.id,)))
        elif c.bound == "range" and c.low != c.high:
            for end in ("low", "high"):
                out.append(Choice(topic, c.id, end, base_value(fb, c, end, beliefs.fx), basis, (c.id,)))
        else:
            out.append(Choice(topic, c.id, None, base_value(fb, c, "mid", beliefs.fx), basis, (c.id,)))
    if allow_none is None:
        allow_none = t.kind in NONE_KINDS
    if allow_none:
        out.append(Choice(topic, NONE, None, math.nan, None, ()))
    if distinct:
        merged: dict[tuple, Choice] = {}
        for ch in out:
            key = ("none",) if ch.claim == NONE else (round(ch.value, 9), ch.basis)
            if key in merged:
                m = merged[key]
                merged[key] = Choice(m.topic, m.claim, m.end, m.value, m.basis, m.claims + ch.claims)
            else:
                merged[key] = ch
        out = list(merged.values())
    return tuple(out)


def dimension_topics(fb: FactBase) -> list[str]:
    """The topics that are dimensions by default (see the module docstring)."""
    ids = [t.id for t in fb.topics if t.kind in DIMENSION_KINDS]
    has_valuation = any(fb.claims_by_topic.get(t.id) for t in fb.topics_of_kind("valuation"))
    if not has_valuation:
        ids += [t.id for t in fb.topics_of_kind("prior_valuation")]
    return ids


def scenario_space(fb: FactBase, beliefs: Beliefs, include_outcome: bool = False, distinct: bool = False,
                   topics: tuple[str, ...] | None = None) -> Space:
    """The dimensions and their choices; topics with no choice at all are left out (they stay as believed)."""
    dims = []
    for tid in (topics if topics is not None else dimension_topics(fb)):
        t = fb.topic[tid]
        choices = topic_choices(fb, beliefs, tid, include_outcome, distinct)
        if choices:
            dims.append(Dimension(tid, t.kind, choices))
    return Space(tuple(dims), include_outcome, distinct)


# ---------------------------------------------------------------- outputs

def outputs(fb: FactBase) -> list[str]:
    """The key of every output a reader can pick (labels.output_options words them)."""
    out = ["post", "pre", "total"]
    holders: list[str] = []
    for t in fb.topics_of_kind("stake_before", "investment"):
        if t.entity and t.entity not in holders:
            holders.append(t.entity)
    for extra in (residual_holder(fb), round_residual(fb)):
        if extra and extra not in holders:
            holders.append(extra)
    out += [f"stake:{h}" for h in holders]
    investors = []
    for t in fb.topics_of_kind("investment"):
        if t.entity and t.entity != round_residual(fb) and t.entity not in investors:
            investors.append(t.entity)
    out += [f"circularity:{e}" for e in investors]
    # a loop with a step no world prices (capacity or shares only) never has a value
    out += [f"loop:{lp.id}" for lp in cycles.possible_loops(fb).loops if lp.priced]
    return out


def choice_key(choice: "Choice | None") -> str | None:
    """A choice as the link and the JSON name it: the claim id, with ':low'/':high' for a range's end."""
    if choice is None:
        return None
    return f"{choice.claim}:{choice.end}" if choice.end else choice.claim


def output_unit(output: str) -> str:
    """'money' (bn of base currency), 'percent' or 'ratio'."""
    if output.startswith("stake:"):
        return "percent"
    if output.startswith(("circularity:", "loop:")):
        return "ratio"
    return "money"


def _check_output(fb: FactBase, output: str) -> None:
    if output not in outputs(fb):
        name, _sep, entity = output.partition(":")
        if not (name in ("stake", "circularity") and entity in fb.entity):
            raise ValueError(f"unknown output {output!r}; choose one of: "
                             + ", ".join(outputs(fb)))


BLOCKED = -math.inf  # a loop step's deal that is not in force or not disclosed (see _in_force_only)


def _in_force_only(fb: FactBase, beliefs: Beliefs, output: str, space: Space, current: dict[str, float]
                   ) -> tuple[Space, dict[str, float]]:
    """For a loop's output: every choice and current belief that is no deal in force at the view's date (a
    talk-stage, replaced, ended or later claim, cycles.standing) or whose amount is not disclosed becomes BLOCKED: a
    deal the step cannot use, which stops the step from falling through to a later kind, as cycles reads a scenario;
    other outputs unchanged."""
    if not output.startswith("loop:"):
        return space, current
    asof, replaced = view_date(fb, beliefs), cycles.replacements(fb)

    def ok(cid: str) -> bool:
        c = fb.claim.get(cid)
        return c is not None and c.value_state != "undisclosed" and \
            cycles.standing(fb, c, asof, replaced)[0] == cycles.IN_FORCE
    dims = tuple(Dimension(d.topic, d.kind, tuple(
        c if c.claim == NONE or ok(c.claim) else Choice(c.topic, c.claim, c.end, BLOCKED, c.basis, c.claims)
        for c in d.choices)) for d in space.dimensions)
    resolved = resolve(fb, beliefs)
    current = {t: (x if t not in resolved or resolved[t].claim is None or ok(resolved[t].claim.id) else BLOCKED)
               for t, x in current.items()}
    return Space(dims, space.include_outcome, space.distinct), current


def scenario_output(scenario: Scenario, output: str, fb: FactBase | None = None) -> float:
    """The output's value in one scenario (build_scenario's result); nan where it is not defined. A loop's
    returns need the fact base (its company starts the loop)."""
    if output in ("post", "pre"):
        v = getattr(scenario, output)
    elif output == "total":
        v = scenario.round_total
    elif output.startswith("stake:"):
        row = scenario.row(output.split(":", 1)[1])
        if row is None:
            v = 0.0 if scenario.post is not None and scenario.post > EPS else None
        else:
            v = row.after_pct
    elif output.startswith("circularity:"):
        e = output.split(":", 1)[1]
        v = next((c.ratio for c in scenario.circularity if c.investor == e), None)
    elif output.startswith("loop:") and fb is not None:
        v = cycles.loop_return(fb, scenario, output.split(":", 1)[1])
    else:
        raise ValueError(f"unknown output {output!r}")
    return math.nan if v is None else float(v)


def _current(fb: FactBase, beliefs: Beliefs) -> tuple[dict[str, float], str | None]:
    """Every topic's current value (nan where nothing is believed) and the current valuation's basis."""
    resolved = resolve(fb, beliefs)
    vals = {t: (UNDISCLOSED if b.state == "undisclosed" else math.nan if b.value is None else b.value)
            for t, b in resolved.items()}
    basis = None
    vt = next(iter(fb.topics_of_kind("valuation")), None)
    if vt is not None and resolved[vt.id].claim is not None:
        c = resolved[vt.id].claim
        basis = c.basis if c.basis in ("pre", "post") else beliefs.basis
    return vals, basis


def _evaluate(fb: FactBase, vals: dict[str, np.ndarray], val_pre: np.ndarray, output: str, n: int) -> np.ndarray:
    """The output over n worlds. vals: topic -> values (length n or scalar, nan = none); val_pre: the
    valuation is pre-money (length n or scalar)."""
    def raw(tid: str) -> np.ndarray:
        return np.broadcast_to(np.asarray(vals[tid], dtype=float), (n,))

    def v(tid: str) -> np.ndarray:  # an undisclosed figure is no figure, wherever a number is read
        x = raw(tid)
        return np.where(np.isinf(x), np.nan, x)

    zeros = np.zeros(n)
    # the round: an undisclosed investment is in the round, with no figure (it stays inside the remainder)
    amount: dict[str, np.ndarray] = {}
    present: dict[str, np.ndarray] = {}
    hidden: dict[str, np.ndarray] = {}
    for t in fb.topics_of_kind("investment"):
        if not t.entity:
            continue
        x = raw(t.id)
        secret = np.isinf(x)
        has = ~np.isnan(x) & ~secret
        amount[t.entity] = amount.get(t.entity, zeros) + np.where(has, x, 0.0)
        present[t.entity] = present.get(t.entity, np.zeros(n, bool)) | has
        hidden[t.entity] = hidden.get(t.entity, np.zeros(n, bool)) | secret
    if output.startswith("loop:"):  # before the round's sums: an investment not in force or not disclosed blocks
        return _loop_returns(fb, raw, amount, present, hidden, output.split(":", 1)[1].split("."), n)
    for e, secret in hidden.items():  # as build_scenario: any part undisclosed, no figure for the investor
        amount[e] = np.where(secret, 0.0, amount[e])
        present[e] = present[e] & ~secret
    named = sum(amount.values(), zeros)
    total_topic = next(iter(fb.topics_of_kind("round_total")), None)
    stated = v(total_topic.id) if total_topic else np.full(n, np.nan)
    over = ~np.isnan(stated) & (stated > named + EPS)
    residual = round_residual(fb)
    amount[residual] = amount.get(residual, zeros) + np.where(over, stated - named, 0.0)
    present[residual] = present.get(residual, np.zeros(n, bool)) | over
    total = np.where(over, stated, named)
    if output == "total":
        return total

    # the valuation
    val_topic = next(iter(fb.topics_of_kind("valuation")), None)
    prior_topic = next(iter(fb.topics_of_kind("prior_valuation")), None)
    val = v(val_topic.id) if val_topic else np.full(n, np.nan)
    prior = v(prior_topic.id) if prior_topic else np.full(n, np.nan)
    is_pre = np.broadcast_to(np.asarray(val_pre, dtype=bool), (n,))
    has_val = ~np.isnan(val)
    pre = np.where(is_pre, val, val - total)
    post = np.where(is_pre, val + total, val)
    clamp = has_val & ~is_pre & (pre < -EPS)
    pre = np.where(clamp, 0.0, pre)
    post = np.where(clamp, total, post)
    use_prior = ~has_val & ~np.isnan(prior)
    pre = np.where(has_val, pre, np.where(use_prior, prior, np.nan))
    post = np.where(has_val, post, np.where(use_prior, prior + total, np.nan))
    if output == "pre":
        return pre
    if output == "post":
        return post

    name, _, entity = output.partition(":")
    if name == "stake":
        stakes: dict[str, np.ndarray] = {}
        for t in fb.topics_of_kind("stake_before"):
            if t.entity:
                x = v(t.id)
                stakes[t.entity] = stakes.get(t.entity, zeros) + np.where(np.isnan(x), 0.0, x)
        named_st = sum(stakes.values(), zeros)
        scale = np.where(named_st > 100 + EPS, 100 / np.where(named_st > 0, named_st, 1.0), 1.0)
        before = stakes.get(entity, zeros) * scale
        named_st = np.where(named_st > 100 + EPS, 100.0, named_st)
        if entity == residual_holder(fb):
            before = before + np.where(100 - named_st > EPS, 100 - named_st, 0.0)
        new = amount.get(entity, zeros)
        ok = ~np.isnan(post) & (post > EPS) & ~hidden.get(entity, np.zeros(n, bool))  # undisclosed: no stake
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(ok, (before / 100 * pre + new) / np.where(ok, post, 1.0) * 100, np.nan)
    if name == "circularity":
        back, gw = zeros, zeros
        for t in fb.topics_of_kind("compute_money"):
            if t.entity == entity:
                x = v(t.id)
                back = back + np.where(np.isnan(x), 0.0, x)
        for t in fb.topics_of_kind("compute_capacity"):
            if t.entity == entity:
                x = v(t.id)
                gw = gw + np.where(np.isnan(x), 0.0, x)
        inv = amount.get(entity, zeros)
        ok = present.get(entity, np.zeros(n, bool)) & (inv > EPS) & ((back > EPS) | (gw <= EPS))
        if entity == round_residual(fb):
            ok = np.zeros(n, bool)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(ok, back / np.where(ok, inv, 1.0), np.nan)
    raise ValueError(f"unknown output {output!r}")


def _loop_returns(fb: FactBase, v, amount: dict, present: dict, hidden: dict, parties: list[str], n: int
                  ) -> np.ndarray:
    """A loop's commitments back per dollar in over n worlds, as cycles reads a scenario: each step is the first kind
    in cycles.STEP_ORDER with a deal between its two parties (an entity part of a group counts as the group), the
    deals of that kind added up; no step -> no loop (nan); a step without a price (capacity, shares) -> nan; else
    the smallest amount of the way back / the first step's. A deal not in force is BLOCKED (_in_force_only), one not
    disclosed inf: the first kind with either has no figure."""
    company = fb.company
    group = cycles.groups(fb)
    node = lambda e: group.get(e, e)  # noqa: E731
    nodes = parties + parties[:1]
    amounts, priced = [], []
    for a, b in zip(nodes, nodes[1:]):
        candidates: dict[str, list[np.ndarray]] = {k: [] for k in cycles.STEP_ORDER}
        if b == company and a in amount:
            candidates["equity"].append(np.where(hidden.get(a, np.zeros(n, bool)), BLOCKED,
                                                 np.where(present[a], amount[a], np.nan)))
        for t in fb.topics:
            kind, way = cycles.TOPIC_FLOWS.get(t.kind, (None, None))
            if kind is None or kind == "equity":
                continue
            src, dst = {"in": (t.entity, company), "out": (company, t.entity), "across": (t.entity, t.target)}[way]
            if (node(src), node(dst)) == (a, b):
                candidates[kind].append(v(t.id))
        step = np.full(n, np.nan)
        money = np.zeros(n, bool)
        decided = np.zeros(n, bool)
        for kind in cycles.STEP_ORDER:
            if not candidates[kind]:
                continue
            xs = np.vstack(candidates[kind])
            usable = np.isfinite(xs) & (xs > EPS)
            take = ~decided & (usable | np.isinf(xs)).any(axis=0)  # the first kind with a deal at all (inf: not
            # disclosed, BLOCKED: not in force; neither has a figure)
            step = np.where(take & usable.any(axis=0), np.where(usable, xs, 0.0).sum(axis=0), step)
            money = np.where(take, kind in cycles.MONEY_KINDS, money)
            decided |= take
        amounts.append(step)
        priced.append(money)
    ok = np.logical_and.reduce([~np.isnan(x) for x in amounts]) & np.logical_and.reduce(priced) & (amounts[0] > EPS)
    back = np.minimum.reduce(amounts[1:]) if len(amounts) > 1 else amounts[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ok, back / np.where(ok, amounts[0], 1.0), np.nan)


# ---------------------------------------------------------------- the spread over all worlds

@dataclass
class WorldsResult:
    output: str
    unit: str  # money, percent or ratio
    currency: str
    n_total: int
    n_used: int
    sampled: bool
    seed: int
    values: np.ndarray = field(repr=False)  # one per world used; nan where the output is undefined
    index: np.ndarray = field(repr=False)  # n_used x dimensions: each world's choice per dimension
    space: Space = field(repr=False)
    current: float  # under the reader's beliefs (build_scenario)
    tornado: pd.DataFrame = field(repr=False)

    @property
    def defined(self) -> np.ndarray:
        return self.values[~np.isnan(self.values)]

    @property
    def n_defined(self) -> int:
        return int((~np.isnan(self.values)).sum())

    def _stat(self, f) -> float:
        d = self.defined
        return float(f(d)) if d.size else math.nan

    @property
    def min(self) -> float:
        return self._stat(np.min)

    @property
    def median(self) -> float:
        return self._stat(np.median)

    @property
    def max(self) -> float:
        return self._stat(np.max)

    def quantiles(self, qs: tuple[float, ...] = QUANTILES) -> dict[float, float]:
        d = self.defined
        return {q: (float(np.quantile(d, q)) if d.size else math.nan) for q in qs}

    @property
    def current_rank(self) -> float:
        """Share of the worlds (with a value) whose output is below the current one."""
        d = self.defined
        return float((d < self.current - EPS).mean()) if d.size and not math.isnan(self.current) else math.nan


def budget_limit(space: Space, limit: int = LIMIT) -> int:
    """How many worlds one computation may use: the reader's limit, within CELL_BUDGET cells."""
    return max(1, min(int(limit), CELL_BUDGET // max(1, len(space.dimensions))))


def world_index(shape: tuple[int, ...], limit: int = LIMIT, seed: int = 0) -> tuple[np.ndarray, bool]:
    """Every world as a row of choice indices (the last dimension varying fastest), or `limit` worlds drawn
    uniformly with replacement where there are more; and whether it sampled."""
    n_total = math.prod(shape)
    if not shape:
        return np.zeros((1, 0), dtype=np.uint8), False
    # the smallest integer type that holds a choice index: 192,780 worlds of 16 dimensions take 3 MB, not 25
    dtype = np.min_scalar_type(max(shape) - 1)
    if n_total <= limit:
        index = np.empty((n_total, len(shape)), dtype=dtype)
        flat = np.arange(n_total, dtype=np.int64)
        stride = 1
        for k in range(len(shape) - 1, -1, -1):  # np.unravel_index's order, one column at a time
            index[:, k] = (flat // stride) % shape[k]
            stride *= shape[k]
        return index, False
    rng = np.random.default_rng(seed)
    index = np.empty((limit, len(shape)), dtype=dtype)
    for k, m in enumerate(shape):
        index[:, k] = rng.integers(0, m, size=limit)
    return index, True


def _world_values(fb: FactBase, space: Space, current: dict[str, float], current_basis: str | None,
                  index: np.ndarray, default_basis: str) -> tuple[dict[str, np.ndarray], np.ndarray]:
    vals: dict[str, np.ndarray] = {t.id: np.float64(current.get(t.id, math.nan)) for t in fb.topics
                                   if t.kind in READ_KINDS}
    is_pre: np.ndarray = np.bool_((current_basis or default_basis) == "pre")
    for k, d in enumerate(space.dimensions):
        values = np.array([c.value for c in d.choices], dtype=float)
        vals[d.topic] = values[index[:, k]]
        if d.kind == "valuation":
            pre = np.array([c.basis == "pre" for c in d.choices], dtype=bool)
            is_pre = pre[index[:, k]]
    return vals, is_pre


def tornado(fb: FactBase, beliefs: Beliefs, output: str, include_outcome: bool = False, distinct: bool = False,
            space: Space | None = None, topics: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per dimension: the output's low and high as that topic alone varies over its choices, everything
    else as currently believed; sorted by swing (high - low), largest first.
    Columns: topic, n_choices, low, high, swing, base, low_choice, high_choice (the Choice, or None)."""
    _check_output(fb, output)
    space = space or scenario_space(fb, beliefs, include_outcome, distinct, topics)
    current, cbasis = _current(fb, beliefs)
    space, current = _in_force_only(fb, beliefs, output, space, current)
    base = scenario_output(build_scenario(fb, beliefs), output, fb)
    # One world per (dimension, choice), all evaluated at once: one pass over the topics, not one per dimension
    # (a fact base of 500 topics took 23 s a tornado that way).
    sizes = [len(d.choices) for d in space.dimensions]
    n = sum(sizes)
    vals: dict[str, np.ndarray] = {t.id: np.full(n, current.get(t.id, math.nan)) for t in fb.topics
                                   if t.kind in READ_KINDS}
    is_pre = np.full(n, (cbasis or beliefs.basis) == "pre")
    start = 0
    for d, m in zip(space.dimensions, sizes):
        vals[d.topic][start:start + m] = [c.value for c in d.choices]
        if d.kind == "valuation":
            is_pre[start:start + m] = [c.basis == "pre" for c in d.choices]
        start += m
    out_all = _evaluate(fb, vals, is_pre, output, n) if n else np.empty(0)
    rows = []
    start = 0
    for d, m in zip(space.dimensions, sizes):
        out = out_all[start:start + m]
        start += m
        ok = ~np.isnan(out)
        if ok.any():
            lo_i, hi_i = int(np.nanargmin(out)), int(np.nanargmax(out))
            low, high = float(out[lo_i]), float(out[hi_i])
            row = {"low": low, "high": high, "swing": high - low,
                   "low_choice": d.choices[lo_i], "high_choice": d.choices[hi_i]}
        else:
            row = {"low": math.nan, "high": math.nan, "swing": math.nan, "low_choice": None, "high_choice": None}
        rows.append({"topic": d.topic, "n_choices": m, **row, "base": base})
    cols = ["topic", "n_choices", "low", "high", "swing", "base", "low_choice", "high_choice"]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values("swing", ascending=False, na_position="last", kind="stable").reset_index(drop=True)


def worlds(fb: FactBase, beliefs: Beliefs, output: str = "post", include_outcome: bool = False,
           limit: int = LIMIT, seed: int = 0, distinct: bool = False,
           topics: tuple[str, ...] | None = None) -> WorldsResult:
    """The output over every world (or a uniform sample of `limit` of them), with the tornado."""
    _check_output(fb, output)
    space = scenario_space(fb, beliefs, include_outcome, distinct, topics)
    limit = budget_limit(space, limit)
    index, sampled = world_index(space.shape, limit, seed)
    current, cbasis = _current(fb, beliefs)
    counted, current = _in_force_only(fb, beliefs, output, space, current)
    # In chunks: the intermediate arrays of one chunk, not of all worlds, are alive at once (memory is shared by
    # every reader of a server; the speed is the same).
    values = np.empty(index.shape[0], dtype=float)
    chunk = min(CHUNK, max(1_024, CHUNK_CELLS // max(1, len(space.dimensions))))
    for start in range(0, index.shape[0], chunk):
        part = index[start:start + chunk]
        vals, is_pre = _world_values(fb, counted, current, cbasis, part, beliefs.basis)
        values[start:start + part.shape[0]] = _evaluate(fb, vals, is_pre, output, part.shape[0])
    return WorldsResult(
        output=output, unit=output_unit(output),
        currency=fb.base_currency, n_total=space.n_total, n_used=int(index.shape[0]), sampled=sampled, seed=seed,
        values=values, index=index, space=space,
        current=scenario_output(build_scenario(fb, beliefs), output, fb),
        tornado=tornado(fb, beliefs, output, include_outcome, distinct, space))
