"""The CLI on a made-up company (tests/fixtures/acme): nothing in the engine is specific to OpenAI."""
from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml

ACME = "tests/fixtures/acme/facts.yaml"
RECORD_KEYS = {"id", "topic", "source", "source_kind", "source_file", "entities", "bound", "low", "high", "unit",
               "currency", "quote", "translation"}


def scenario_json(cli, query: str) -> dict:
    done = cli("scenario", "--factbase", ACME, "--query", query, "--format", "json")
    assert done.returncode == 0, done.stderr
    d = json.loads(done.stdout)
    assert d["notices"] == []
    return d


def after(d: dict) -> dict[str, float]:
    return {r["holder"]: r["after_pct"] for r in d["cap_table"]}


def test_validate(cli):
    done = cli("validate", ACME)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (f"{ACME}: OK, version 0.3: 4 sources, 6 entities, 7 topics, 13 claims, "
                                   f"7 quotes found in their files")


def test_outcome_scenario(cli):
    d = scenario_json(cli, "preset=outcome")
    # The closing: 240 mn EUR post-money, 60 mn EUR new money. Amounts are in bn EUR: 240 mn = 0.24 bn.
    # pre = 0.24 - 0.06 = 0.18
    assert (d["valuation"]["currency"], d["valuation"]["unit"]) == ("EUR", "bn")
    assert (d["valuation"]["pre"], d["valuation"]["post"], d["round"]["total"]) == pytest.approx((0.18, 0.24, 0.06))
    # CloudCo 40 mn USD * 0.9 = 36 mn EUR; RoboVest 20 mn EUR; other backers 60 - 36 - 20 = 4 mn EUR
    assert d["round"]["by_investor"] == pytest.approx({"cloudco": 0.036, "robovest": 0.02, "new_backers": 0.004})
    # before: founders 70 %, RoboVest 20 %, staff the remaining 10 %
    # after: founders 70 % * 180 / 240 = 52.5 %; RoboVest (20 % * 180 + 20) / 240 = 56 / 240 = 23.333 %;
    # staff 10 % * 180 / 240 = 7.5 %; CloudCo 36 / 240 = 15 %; other backers 4 / 240 = 1.667 %
    assert after(d) == pytest.approx({"founders": 52.5, "robovest": 23.3333, "staff": 7.5, "cloudco": 15,
                                      "new_backers": 1.6667}, abs=1e-4)
    assert {r["holder"]: r["name"] for r in d["cap_table"]}["new_backers"] == "Other backers"


def test_circularity_of_the_vendor_investor(cli):
    d = scenario_json(cli, "preset=outcome")
    # Acme spends 30 mn USD * 0.9 = 27 mn EUR on CloudCo's servers; CloudCo invests 36 mn EUR: 27 / 36 = 0.75.
    # RoboVest sells Acme nothing: 0. Other backers (the round's residual) are not an investor to trace.
    assert d["circularity"] == {"cloudco": 0.75, "robovest": 0.0}
    detail = {c["investor"]: c for c in d["circularity_detail"]}
    assert (detail["cloudco"]["invested"], detail["cloudco"]["flows_back"]) == pytest.approx((0.036, 0.027))


def test_outcome_with_currency_labels_read_as_euros(cli):
    d = scenario_json(cli, "preset=outcome&fx=base")
    # CloudCo's 40 read as 40 mn EUR: 40 + 20 = 60 = the round, so no row for other backers;
    # CloudCo 40 / 240 = 16.667 %; circularity 30 / 40 = 0.75
    assert "new_backers" not in after(d)
    assert after(d)["cloudco"] == pytest.approx(16.6667, abs=1e-4)
    assert d["circularity"]["cloudco"] == 0.75


def test_default_trust_scenario(cli):
    d = scenario_json(cli, "")
    # trust order books, wire, kurier: the wire's 200 mn EUR pre-money, the Kurier's "bis zu 70 Millionen Euro".
    # post = 200 + 70 = 270; other backers 70 - 36 - 20 = 14
    assert (d["valuation"]["pre"], d["valuation"]["post"], d["round"]["total"]) == pytest.approx((0.2, 0.27, 0.07))
    # founders 70 % * 200 / 270 = 51.852 %; CloudCo 36 / 270 = 13.333 %; other backers 14 / 270 = 5.185 %
    assert after(d)["founders"] == pytest.approx(51.8519, abs=1e-4)
    assert after(d)["cloudco"] == pytest.approx(13.3333, abs=1e-4)
    assert after(d)["new_backers"] == pytest.approx(5.1852, abs=1e-4)


def test_table_shows_the_amounts_of_a_company_valued_in_millions(cli):
    done = cli("scenario", "--factbase", ACME, "--query", "preset=outcome", "--format", "table")
    assert done.returncode == 0, done.stderr
    to_bn = {"bn": 1.0, "mn": 0.001}
    valuation = re.search(r"pre-money ([\d.,]+) (bn|mn) EUR, post-money ([\d.,]+) (bn|mn) EUR", done.stdout)
    round_ = re.search(r"Round: ([\d.,]+) (bn|mn) EUR new money", done.stdout)
    assert valuation and round_, done.stdout
    # pre 180 mn, post 240 mn, round 60 mn: the table must not print them as 0.2, 0.2 and 0.1 bn
    assert float(valuation[1]) * to_bn[valuation[2]] == pytest.approx(0.18), valuation[0]
    assert float(valuation[3]) * to_bn[valuation[4]] == pytest.approx(0.24), valuation[0]
    assert float(round_[1]) * to_bn[round_[2]] == pytest.approx(0.06), round_[0]


def test_claims_json(cli, repo_root):
    facts = yaml.safe_load((repo_root / ACME).read_text(encoding="utf-8"))
    done = cli("claims", "--factbase", ACME, "--format", "json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert [r["id"] for r in records] == [c["id"] for c in facts["claims"]]
    assert all(RECORD_KEYS <= set(r) for r in records)
    by_id = {r["id"]: r for r in records}
    wire = by_id["wire_cloudco"]
    assert (wire["source_kind"], wire["source_file"], wire["entities"]) == ("article", "seeds/acme_wire.txt",
                                                                            ["cloudco"])
    assert (wire["bound"], wire["low"], wire["high"], wire["unit"], wire["currency"]) == ("up_to", None, 40, "mn",
                                                                                          "USD")
    assert wire["quote"] == "CloudCo is prepared to invest up to 40 million dollars in the start-up"
    books = by_id["books_founders"]
    assert (books["source_kind"], books["source_file"], books["quote"]) == ("context", None, None)
    assert (books["low"], books["high"], books["unit"]) == (70, 70, "percent")


def test_claims_csv(cli, repo_root):
    facts = yaml.safe_load((repo_root / ACME).read_text(encoding="utf-8"))
    done = cli("claims", "--factbase", ACME, "--format", "csv")
    assert done.returncode == 0, done.stderr
    reader = csv.DictReader(io.StringIO(done.stdout))
    rows = list(reader)
    assert RECORD_KEYS <= set(reader.fieldnames)
    assert [r["id"] for r in rows] == [c["id"] for c in facts["claims"]]
    kurier = next(r for r in rows if r["id"] == "kurier_total")
    assert (kurier["source_file"], kurier["quote"]) == ("seeds/acme_kurier.txt",
                                                        "insgesamt bis zu 70 Millionen Euro einsammeln")
    assert (kurier["low"], float(kurier["high"])) == ("", 70)
