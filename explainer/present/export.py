"""The scenario as data for the CLI, the downloads and the tests: ids, numbers, and flags as codes with
parameters; the few texts it carries (holders' names, figures as printed) in English, so a download is the same
byte for byte whatever the reader's language."""
from __future__ import annotations

import io
import json

from . import money
from .i18n import speaking
from .labels import holder_name
from .markup import SpreadsheetSafeWriter
from ..engine.scenario import Flag, Scenario
from ..load.model import FactBase


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def _params(f: Flag) -> dict:
    """A flag's parameters as data: ids as they are, numbers rounded as every figure of a download is."""
    return {k: (list(v) if isinstance(v, tuple) else _r(v) if isinstance(v, float) else v) for k, v in f.params}


def scenario_dict(fb: FactBase, s: Scenario, query: str = "") -> dict:
    """The scenario as data: ids, numbers, and flags as codes with parameters; the few texts it carries (names,
    figures as printed) in English, so a download is the same byte for byte whatever the reader's language."""
    with speaking("en"):
        return _scenario_dict(fb, s, query)


def _scenario_dict(fb: FactBase, s: Scenario, query: str) -> dict:
    unit = s.money_unit
    return {
        "factbase": {"version": fb.version, "date": fb.date, "title": fb.title},
        "asof": s.asof,
        "query": query,
        "rules": {"preset": s.beliefs.preset, "trust": list(s.beliefs.trust or fb.defaults.trust),
                  "ranges": s.beliefs.ranges, "fx": s.beliefs.fx, "basis": s.beliefs.basis},
        "valuation": {"pre": _r(s.pre), "post": _r(s.post), "currency": s.currency, "unit": "bn",
                      "basis": s.basis, "basis_assumed": s.basis_assumed},
        "round": {"total": _r(s.round_total), "stated_total": _r(s.stated_total), "currency": s.currency,
                  "unit": "bn", "by_investor": {k: _r(v) for k, v in s.by_investor.items()},
                  "undisclosed": list(s.undisclosed)},
        "cap_table": [{"holder": r.holder, "name": holder_name(fb, r.holder, r.includes), "before_pct": _r(r.before_pct),
                       "new_money": _r(r.new_money), "after_pct": _r(r.after_pct),
                       "change_pts": _r(r.change_pts), "value_after": _r(r.value_after), "state": r.state,
                       "includes": list(r.includes)} for r in s.cap_table],
        "flows": [{"from": f.source, "to": f.target, "kind": f.kind, "amount": _r(f.amount), "unit": f.unit,
                   "topic": f.topic, "claim": f.claim} for f in s.flows],
        "circularity": {c.investor: _r(c.ratio) for c in s.circularity},
        "circularity_detail": [{"investor": c.investor, "invested": _r(c.invested), "flows_back": _r(c.flows_back),
                                "capacity_back_gw": _r(c.capacity_back), "ratio": _r(c.ratio),
                                "bound": c.bound} for c in s.circularity],
        "beliefs": {t: {"claim": b.claim.id if b.claim else None, "source": b.claim.source if b.claim else None,
                        "value": _r(b.value), "state": b.state,
                        "printed": money.printed(b.claim) if b.claim else None, "how": b.how}
                    for t, b in s.resolved.items()},
        "warnings": [{"code": f.code, "level": f.level, "params": _params(f), "topics": list(f.topics)}
                     for f in s.flags],
        "notices": list(s.notices),
        "units": {"money": unit, "capacity": "GW", "stakes": "percent"},
    }


def scenario_csv(d: dict) -> str:
    """The scenario dict flattened to section,item,field,value rows: the same content as the JSON."""
    buf = io.StringIO()
    w = SpreadsheetSafeWriter(buf, lineterminator="\n")
    w.writerow(["section", "item", "field", "value"])
    w.writerow(["view", "", "asof", d["asof"]])
    for key in ("valuation", "round"):
        for k, v in d[key].items():
            if isinstance(v, dict):
                for k2, v2 in v.items():
                    w.writerow([key, k2, k, v2])
            elif isinstance(v, list):
                w.writerow([key, "", k, ";".join(v)])
            else:
                w.writerow([key, "", k, v])
    for row in d["cap_table"]:
        for k, v in row.items():
            if k != "holder":
                w.writerow(["cap_table", row["holder"], k, ";".join(v) if isinstance(v, list) else v])
    for i, f in enumerate(d["flows"]):
        for k, v in f.items():
            w.writerow(["flows", i, k, v])
    for k, v in d["circularity"].items():
        w.writerow(["circularity", k, "ratio", v])
    for t, b in d["beliefs"].items():
        for k, v in b.items():
            w.writerow(["beliefs", t, k, v])
    for i, f in enumerate(d["warnings"]):
        w.writerow(["warnings", i, f["code"], json.dumps(f["params"], sort_keys=True, ensure_ascii=False)])
    for i, n in enumerate(d["notices"]):
        w.writerow(["notices", i, "notice", n])
    return buf.getvalue()
