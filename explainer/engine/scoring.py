"""Who was right? Every reported figure set beside what actually happened, and a score per source.

Decisions (the page prints present.rule_words.scoring_rules(), which says the same for readers):

* The outcome of a topic is its latest-dated claim from a non-deprecated outcome source (ties: the later
  one in the file; a month-only date counts as the 15th). Outcome figures are read as labelled (fx
  'convert') and at a range's middle; an outcome valuation that does not state its basis is taken on the
  fact base's default basis.
* Valuations are compared like with like. The outcome has a pre-money and a post-money figure (each the
  latest outcome claim with that basis; where one is missing it is derived from the other and the outcome
  round size, flagged `derived`). A claim with basis pre is scored against the pre-money outcome, post
  against post. A claim that does not say (basis 'unspecified') is, by default (`basis_rule='best'`),
  scored against both and credited with the better one: a hit beats a miss, then the smaller absolute
  error. Column `basis_match` says which outcomes the claim's statement holds for (pre, post, both,
  neither). `basis_rule='pre'|'post'` scores unspecified claims against that basis only (the reader's
  rule, if the page wants it).
* Scored claims: every claim of an article source, and every claim of a deprecated source of any kind
  (a deprecated source is never the outcome, but is scored as a source). Context and non-deprecated
  outcome sources are not scored. Topics without an outcome (an amount the outcome does not itemise) are not scored.
* Hit or miss: the claim's statement, with its qualifier, holds for the outcome. Each statement allows an
  interval of values; rounding slack of EXACT_TOL (2 %) is granted to closed ends, 'about' allows
  +-ABOUT_TOL (10 %) of the printed number, strict bounds ('below', 'above') get no slack:
  exact v: [v(1-2%), v(1+2%)]; about v: [v(1-10%), v(1+10%)]; up_to v: outcome <= v(1+2%);
  at_least v: outcome >= v(1-2%); below v: outcome < v; above v: outcome > v;
  range: low(1-2%) <= outcome <= high(1+2%).
* Error: (point - outcome) / outcome in percent, signed; direction 'too low' / 'too high' / 'spot on'
  (|error| < 0.05 %). The point is beliefs.point(claim, 'mid'): the printed number, a range's middle.
  A one-sided claim can be a hit and still have a large error ('at least 10' when 50 happened): the hit
  scores the statement, the error the number it printed.
* Currency labels: a claim printed in a currency other than the base is read both ways: converted at the
  fact base's rate and read as base currency. If the converted reading misses but the base reading hits,
  the size was right and the label wrong: it is scored with fx 'base' (a hit) and flagged
  `currency_label_error`. Otherwise it is scored with the reader's fx rule (default 'convert').
* Informativeness in [0, 1]: how much of the plausible range [0, 2 x outcome] the statement rules out,
  i.e. 1 - |allowed interval within [0, 2 x outcome]| / (2 x outcome), with the interval as stated (no
  rounding slack). exact: 1; about v: 1 - 0.2 v / (2 x outcome) (0.9 when v is the outcome); range:
  1 - (high - low) / (2 x outcome); up_to v: 1 - v / (2 x outcome), 0.5 when v is the outcome; at_least
  v: 1 - (2 x outcome - v) / (2 x outcome) = v / (2 x outcome), 0.1 for 'at least 10' against 50. A
  statement that allows a subset of another's values is never less informative. Informativeness does not
  depend on being right: 'about 10' against 50 is informative and wrong.
* Lead time: the days from when a claim was made (its date; a month-only date counts as the 15th) to the
  announcement, which is the earliest date of a non-deprecated outcome source (announcement_date). A claim
  with no date has no lead time (nan).
* Lead-weighted credit, so that an early, roughly right claim is not ranked below a late copy of the
  announcement: credit = max(0, lead days) x max(0, 1 - |error %| / LEAD_ERROR_PCT), LEAD_ERROR_PCT = 50.
  A figure spot on earns every day of warning it gave, one 25 % off half of them, one 50 % or more off none.
  The error is the one above (the printed number, a range's middle, read as the hit rule read it), so
  a one-sided claim earns by the number it printed, not by being true. Per source: the mean credit of its
  scored claims (lead_credit) and its mean lead time (mean_lead_days); lead_ranking sorts the sources by
  lead_credit.
* distance_to_outcome compares the reader's scenario with the scenario of the 'outcome' preset (the fact
  base's default rules otherwise); where no outcome source speaks on the round, it is not reported (Microsoft's
  amount is not disclosed: its stake after is unknown); the stakes before the round follow the trust order.
* A view's date (asof): only claims said by then are scored, against the outcome as known by then (none before
  the announcement). An undisclosed claim gives no figure to score ('none' is 0); a topic whose latest outcome is
  undisclosed has no outcome.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

import pandas as pd

from .beliefs import Beliefs, default_beliefs, point, said_by, scale, sortable_date
from ..load.model import Claim, FactBase
from .scenario import build_scenario

EXACT_TOL = 0.02
ABOUT_TOL = 0.10
SPOT_ON_PCT = 0.05
BASIS_RULES = ("best", "pre", "post")
LEAD_ERROR_PCT = 50.0

# ---------------------------------------------------------------- the rule, on plain numbers

def allowed_interval(bound: str, low: float | None, high: float | None, slack: bool = True
                     ) -> tuple[float, float, bool, bool]:
    """(lo, hi, lo_strict, hi_strict): the values a statement allows; slack adds the rounding tolerance."""
    e = EXACT_TOL if slack else 0.0
    if bound == "exact":
        return low * (1 - e), low * (1 + e), False, False
    if bound == "about":
        return low * (1 - ABOUT_TOL), low * (1 + ABOUT_TOL), False, False
    if bound == "up_to":
        return 0.0, high * (1 + e), False, False
    if bound == "below":
        return 0.0, high, False, True
    if bound == "at_least":
        return low * (1 - e), math.inf, False, False
    if bound == "above":
        return low, math.inf, True, False
    if bound == "range":
        return low * (1 - e), high * (1 + e), False, False
    raise ValueError(f"unknown bound {bound!r}")


def holds(bound: str, low: float | None, high: float | None, outcome: float) -> bool:
    """Whether a statement (bound, low, high as the loader stores them) is true of the outcome."""
    lo, hi, lo_strict, hi_strict = allowed_interval(bound, low, high)
    above_lo = outcome > lo if lo_strict else outcome >= lo
    below_hi = outcome < hi if hi_strict else outcome <= hi
    return above_lo and below_hi


def informativeness(bound: str, low: float | None, high: float | None, outcome: float) -> float:
    """1 - the share of [0, 2 x outcome] the statement allows (as stated, without rounding slack)."""
    if not outcome or outcome <= 0:
        return math.nan
    window = 2 * outcome
    lo, hi, _, _ = allowed_interval(bound, low, high, slack=False)
    width = max(0.0, min(hi, window) - max(lo, 0.0))
    return min(1.0, max(0.0, 1 - width / window))


def error_pct(value: float, outcome: float) -> float:
    """Signed error of value in percent of the outcome."""
    return (value - outcome) / outcome * 100 if outcome else math.nan


def lead_credit(lead: float, err: float) -> float:
    """max(0, lead days) x max(0, 1 - |error %| / LEAD_ERROR_PCT): the days of warning a claim gave, scaled
    down by how far off it was."""
    if math.isnan(lead) or math.isnan(err):
        return math.nan
    return max(0.0, lead) * max(0.0, 1 - abs(err) / LEAD_ERROR_PCT)


def lead_days(date: str, announced: str | None) -> float:
    """Days from date (YYYY-MM-DD or YYYY-MM, read as the 15th) to the announcement; nan where either is missing."""
    if not date or not announced:
        return math.nan
    return float((pd.Timestamp(sortable_date(announced)) - pd.Timestamp(sortable_date(date))).days)


def announcement_date(fb: FactBase) -> str | None:
    """The earliest date of a non-deprecated outcome source: when the outcome was first made public."""
    dates = [sortable_date(s.date) for s in fb.sources if s.kind == "outcome" and not s.deprecated and s.date]
    return min(dates) if dates else None


def direction(err: float) -> str:
    if math.isnan(err):
        return ""
    if abs(err) < SPOT_ON_PCT:
        return "spot on"
    return "too low" if err < 0 else "too high"


# ---------------------------------------------------------------- outcomes

@dataclass(frozen=True)
class Outcome:
    topic: str
    basis: str | None  # valuation: pre or post; else None
    value: float  # base units (bn of base currency, GW, percent)
    claim: str | None  # the outcome claim; None where derived
    source: str | None
    date: str
    derived: bool = False


def outcomes(fb: FactBase, asof: str | None = None) -> dict[tuple[str, str | None], Outcome]:
    """(topic, basis) -> the outcome; basis is 'pre'/'post' for the valuation topic, None elsewhere. Only what the
    outcome sources had said by asof (None: everything); a topic whose latest outcome is 'undisclosed' has none
    (its amount is not known, and an earlier figure is not the outcome)."""
    latest: dict[tuple[str, str | None], tuple[int, Claim]] = {}
    for i, c in enumerate(fb.claims):
        s = fb.source[c.source]
        if s.kind != "outcome" or s.deprecated:
            continue
        if asof is not None and not said_by(c, asof):
            continue
        kind = fb.topic[c.topic].kind
        basis = (c.basis if c.basis in ("pre", "post") else fb.defaults.basis) if kind == "valuation" else None
        key = (c.topic, basis)
        if key not in latest or (sortable_date(c.date), i) >= (sortable_date(latest[key][1].date), latest[key][0]):
            latest[key] = (i, c)
    out = {}
    for key, (_i, c) in latest.items():
        if not c.disclosed:
            continue
        out[key] = Outcome(c.topic, key[1], point(c, "mid") * scale(fb, c, "convert"), c.id, c.source, c.date)
    # a valuation basis the outcome sources do not state: derive it from the other and the round size
    total_topic = next(iter(fb.topics_of_kind("round_total")), None)
    total = out.get((total_topic.id, None)) if total_topic else None
    for t in fb.topics_of_kind("valuation"):
        pre, post = out.get((t.id, "pre")), out.get((t.id, "post"))
        if total is None or (pre is None) == (post is None):
            continue
        if pre is None:
            v, basis, date = post.value - total.value, "pre", max(post.date, total.date)
        else:
            v, basis, date = pre.value + total.value, "post", max(pre.date, total.date)
        out[(t.id, basis)] = Outcome(t.id, basis, v, None, None, date, derived=True)
    return out


# ---------------------------------------------------------------- claims

@dataclass(frozen=True)
class ClaimScore:
    claim: str
    source: str
    source_kind: str
    deprecated: bool
    topic: str
    bound: str
    status: str
    date: str
    basis: str | None  # as the claim states it (valuations)
    basis_scored: str | None  # the outcome basis it was scored against
    basis_assumed: bool  # the claim did not say; basis_scored was chosen by the basis rule
    basis_match: str | None  # valuations: which outcomes the statement holds for: pre, post, both, neither
    outcome: float
    outcome_claim: str | None
    fx_reading: str | None  # convert or base, for claims printed in a foreign currency
    value: float  # the claim's point in base units under fx_reading
    hit: bool
    verdict: str  # hit or miss
    error_pct: float
    direction: str
    informativeness: float
    currency_label_error: bool
    lead_days: float  # days from when the claim was made to the announcement; nan without a date
    lead_credit: float  # lead days scaled by the error (lead_credit()); nan without a date


def _reading(fb: FactBase, c: Claim, fx: str, outcome: float) -> tuple[bool, float, float]:
    f = scale(fb, c, fx)
    low = None if c.low is None else c.low * f
    high = None if c.high is None else c.high * f
    return (holds(c.bound, low, high, outcome), point(c, "mid") * f,
            informativeness(c.bound, low, high, outcome))


def _score_one(fb: FactBase, c: Claim, o: Outcome, fx: str) -> tuple[bool, float, float, str | None, bool]:
    """(hit, value, informativeness, fx reading, currency label error) of a claim against one outcome."""
    foreign = bool(c.currency and c.currency != fb.base_currency)
    if not foreign:
        hit, value, info = _reading(fb, c, "base", o.value)
        return hit, value, info, None, False
    conv = _reading(fb, c, "convert", o.value)
    base = _reading(fb, c, "base", o.value)
    if not conv[0] and base[0]:
        return (*base, "base", True)
    chosen = conv if fx == "convert" else base
    return (*chosen, fx, False)


def score_claim(fb: FactBase, claim: Claim | str, fx: str = "convert", basis_rule: str = "best",
                outcome_map: dict | None = None, announced: str | None = None) -> ClaimScore | None:
    """A claim beside the outcome of its topic; None where the topic has no outcome."""
    c = fb.claim[claim] if isinstance(claim, str) else claim
    if not c.disclosed:  # a claim that gives no figure says nothing to score
        return None
    om = outcomes(fb) if outcome_map is None else outcome_map
    t, s = fb.topic[c.topic], fb.source[c.source]
    if t.kind == "valuation":
        stated = c.basis if c.basis in ("pre", "post") else None
        bases = [stated] if stated else (["pre", "post"] if basis_rule == "best" else [basis_rule])
        candidates = [(b, om[(c.topic, b)]) for b in bases if (c.topic, b) in om]
    else:
        stated = None
        candidates = [(None, om[(c.topic, None)])] if (c.topic, None) in om else []
    if not candidates:
        return None
    scored = [(b, o, _score_one(fb, c, o, fx)) for b, o in candidates]
    basis_match = None
    if t.kind == "valuation":
        holds_for = {b for b, _, r in scored if r[0]}
        if not stated and basis_rule == "best":
            basis_match = {frozenset({"pre", "post"}): "both", frozenset(): "neither"}.get(
                frozenset(holds_for), next(iter(holds_for), None))
        else:
            basis_match = (stated or basis_rule) if holds_for else "neither"
    b, o, (hit, value, info, reading, label) = min(
        scored, key=lambda x: (not x[2][0], abs(error_pct(x[2][1], x[1].value))))
    err = error_pct(value, o.value)
    lead = lead_days(c.date, announcement_date(fb) if announced is None else announced)
    return ClaimScore(
        claim=c.id, source=s.id, source_kind=s.kind, deprecated=s.deprecated,
        topic=t.id, bound=c.bound, status=c.status, date=c.date,
        basis=c.basis, basis_scored=b, basis_assumed=t.kind == "valuation" and not stated,
        basis_match=basis_match, outcome=o.value, outcome_claim=o.claim,
        fx_reading=reading, value=value, hit=hit, verdict="hit" if hit else "miss", error_pct=err,
        direction=direction(err), informativeness=info, currency_label_error=label,
        lead_days=lead, lead_credit=lead_credit(lead, err))


def is_scored_source(fb: FactBase, source_id: str) -> bool:
    s = fb.source[source_id]
    return s.kind == "article" or s.deprecated


def score_claims(fb: FactBase, beliefs: Beliefs | None = None, basis_rule: str = "best") -> pd.DataFrame:
    """One row per scored claim (ClaimScore's fields), in the fact base's order.

    beliefs supplies the fx rule for foreign-currency claims that are not label errors (default 'convert').
    """
    if basis_rule not in BASIS_RULES:
        raise ValueError(f"basis_rule must be one of {BASIS_RULES}")
    fx = beliefs.fx if beliefs is not None else "convert"
    asof = beliefs.asof if beliefs is not None else None  # the view's date: what was said and known by then
    om, announced = outcomes(fb, asof), announcement_date(fb)
    rows = []
    for c in fb.claims:
        if not is_scored_source(fb, c.source) or (asof is not None and not said_by(c, asof)):
            continue
        sc = score_claim(fb, c, fx=fx, basis_rule=basis_rule, outcome_map=om, announced=announced)
        if sc is not None:
            rows.append(asdict(sc))
    cols = list(ClaimScore.__dataclass_fields__)
    return pd.DataFrame(rows, columns=cols)


def score_sources(fb: FactBase, beliefs: Beliefs | None = None, basis_rule: str = "best",
                  scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per scored source: claims, hits, misses, hit_rate, mean_abs_error_pct, mean_informativeness,
    currency_label_errors; sources that are not deprecated first, then by hit rate and error."""
    df = score_claims(fb, beliefs, basis_rule) if scores is None else scores
    rows = []
    for sid, g in df.groupby("source", sort=False):
        s = fb.source[sid]
        hits = int(g["hit"].sum())
        rows.append({"source": sid, "source_kind": s.kind, "deprecated": s.deprecated,
                     "via": s.via, "claims": len(g), "hits": hits, "misses": len(g) - hits,
                     "hit_rate": hits / len(g), "mean_abs_error_pct": float(g["error_pct"].abs().mean()),
                     "mean_informativeness": float(g["informativeness"].mean()),
                     "currency_label_errors": int(g["currency_label_error"].sum()),
                     "topics": g["topic"].nunique(), "date": s.date or s.date_estimate or "",
                     "mean_lead_days": float(g["lead_days"].mean()), "lead_credit": float(g["lead_credit"].mean())})
    cols = ["source", "source_kind", "deprecated", "via", "claims", "hits", "misses", "hit_rate",
            "mean_abs_error_pct", "mean_informativeness", "currency_label_errors", "topics", "date",
            "mean_lead_days", "lead_credit"]
    out = pd.DataFrame(rows, columns=cols)
    if out.empty:
        return out
    return out.sort_values(["deprecated", "hit_rate", "mean_abs_error_pct"], ascending=[True, False, True],
                           kind="stable").reset_index(drop=True)


def lead_ranking(sources: pd.DataFrame) -> pd.DataFrame:
    """score_sources' rows ranked by lead-weighted credit (highest first; ties: the longer lead first),
    sources that are not deprecated first."""
    if sources.empty:
        return sources
    return sources.sort_values(["deprecated", "lead_credit", "mean_lead_days"], ascending=[True, False, False],
                               kind="stable", na_position="last").reset_index(drop=True)


# ---------------------------------------------------------------- the reader's cap table vs the outcome's

@dataclass(frozen=True)
class Distance:
    holders: pd.DataFrame  # holder, reader_pct, outcome_pct, diff_pts (reader - outcome)
    total_variation: float  # sum of |diff_pts| / 2, in points; nan where a side has no stakes after
    pre: tuple[float | None, float | None, float | None]  # (reader, outcome, reader - outcome), bn base
    post: tuple[float | None, float | None, float | None]
    total: tuple[float | None, float | None, float | None]
    outcome_beliefs: Beliefs
    left_out: tuple[str, ...] = ()  # holders whose stake after is not disclosed (not in total_variation)


def outcome_beliefs(fb: FactBase, asof: str | None = None) -> Beliefs:
    """The 'outcome' preset with the fact base's default rules, at the view's date."""
    return replace(default_beliefs(fb), preset="outcome", asof=asof)


def _triple(a: float | None, b: float | None) -> tuple[float | None, float | None, float | None]:
    return a, b, (None if a is None or b is None else a - b)


def distance_to_outcome(fb: FactBase, beliefs: Beliefs) -> Distance:
    """How far the cap table after the round under the reader's beliefs is from the outcome's."""
    ob = outcome_beliefs(fb, beliefs.asof)
    mine, theirs = build_scenario(fb, beliefs), build_scenario(fb, ob)
    holders = list(dict.fromkeys([r.holder for r in theirs.cap_table] + [r.holder for r in mine.cap_table]))

    def pct(s, h):
        r = s.row(h)
        if r is None:
            return 0.0 if s.post is not None and s.post > 0 else math.nan
        return math.nan if r.after_pct is None else r.after_pct

    rows = [{"holder": h, "reader_pct": pct(mine, h), "outcome_pct": pct(theirs, h)} for h in holders]
    df = pd.DataFrame(rows, columns=["holder", "reader_pct", "outcome_pct"])
    df["diff_pts"] = df["reader_pct"] - df["outcome_pct"]
    # a holder whose stake after is not disclosed on either side is left out of the distance, and named
    hidden = {r.holder for s in (mine, theirs) for r in s.cap_table if r.state == "undisclosed"}
    known = df[~df["holder"].isin(hidden)]
    tv = float(known["diff_pts"].abs().sum() / 2) if not known["diff_pts"].isna().any() else math.nan
    return Distance(holders=df, total_variation=tv, pre=_triple(mine.pre, theirs.pre),
                    post=_triple(mine.post, theirs.post), total=_triple(mine.round_total, theirs.round_total),
                    outcome_beliefs=ob, left_out=tuple(h for h in holders if h in hidden))
