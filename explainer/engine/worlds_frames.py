"""The spread over every possible world as tidy data: the histogram, the summary the page shows, the JSON the CLI
writes (ids and numbers only)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .scenario import EPS
from .worlds import WorldsResult, choice_key

# ---------------------------------------------------------------- tidy frames and JSON

def distribution_frame(result: WorldsResult, bins: int = 40) -> pd.DataFrame:
    """The histogram of the output: bin_start, bin_end, count, share (of worlds with a value), has_current."""
    d = result.defined
    cols = ["bin_start", "bin_end", "count", "share", "has_current"]
    if not d.size:
        return pd.DataFrame(columns=cols)
    lo, hi = float(d.min()), float(d.max())
    if hi - lo <= EPS:
        edges = np.array([lo - 0.5, hi + 0.5]) if lo == 0 else np.array([lo * 0.995, hi * 1.005])
        edges.sort()
    else:
        edges = np.linspace(lo, hi, bins + 1)
    counts, edges = np.histogram(d, bins=edges)
    cur = result.current
    has = [(not math.isnan(cur)) and (a <= cur < b or (i == len(counts) - 1 and a <= cur <= b))
           for i, (a, b) in enumerate(zip(edges[:-1], edges[1:]))]
    return pd.DataFrame({"bin_start": edges[:-1], "bin_end": edges[1:], "count": counts,
                         "share": counts / d.size, "has_current": has}, columns=cols)


@dataclass(frozen=True)
class WorldsSummary:
    """What a page shows of a WorldsResult, without the per-world arrays: a few kB however many worlds."""
    output: str
    n_total: int
    n_used: int
    n_defined: int
    sampled: bool
    seed: int
    min: float
    median: float
    max: float
    current: float
    distribution: pd.DataFrame = field(repr=False)
    tornado: pd.DataFrame = field(repr=False)


def summarize(result: WorldsResult, bins: int = 40) -> WorldsSummary:
    return WorldsSummary(result.output, result.n_total, result.n_used, result.n_defined, result.sampled,
                         result.seed, result.min, result.median, result.max, result.current,
                         distribution_frame(result, bins), result.tornado)


def _r(x: float | None) -> float | None:
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(float(x), 4)


def worlds_dict(result: WorldsResult, bins: int = 20) -> dict:
    hist = distribution_frame(result, bins)
    return {
        "output": result.output, "unit": result.unit, "currency": result.currency,
        "n_worlds": result.n_total, "n_used": result.n_used, "sampled": result.sampled, "seed": result.seed,
        "n_defined": result.n_defined, "include_outcome": result.space.include_outcome,
        "distinct": result.space.distinct,
        "min": _r(result.min), "median": _r(result.median), "max": _r(result.max), "current": _r(result.current),
        "current_rank": _r(result.current_rank),
        "quantiles": {f"{q:g}": _r(v) for q, v in result.quantiles().items()},
        "histogram": {"edges": [_r(e) for e in list(hist["bin_start"]) + list(hist["bin_end"][-1:])],
                      "counts": [int(c) for c in hist["count"]]},
        "dimensions": [{"topic": d.topic, "n_choices": len(d.choices)}
                       for d in result.space.dimensions],
        "tornado": [{"topic": r.topic, "low": _r(r.low), "high": _r(r.high),
                     "swing": _r(r.swing), "low_choice": choice_key(r.low_choice),
                     "high_choice": choice_key(r.high_choice)}
                    for r in result.tornado.itertuples()],
    }
