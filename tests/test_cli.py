"""The command line on the bundled fact base: scenario as JSON, table and CSV, hostile links, the claims list."""
from __future__ import annotations

import csv
import io
import json

import pytest
import yaml


def scenario_json(cli, query: str) -> dict:
    done = cli("scenario", "--query", query, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_outcome_scenario_json(cli):
    d = scenario_json(cli, "preset=outcome")
    assert (d["valuation"]["pre"], d["valuation"]["post"], d["round"]["total"]) == (730, 852, 122)
    assert d["valuation"]["basis"] == "post" and d["valuation"]["basis_assumed"] is False
    rows = {r["holder"]: r for r in d["cap_table"]}
    assert rows["amazon"]["after_pct"] == pytest.approx(50 / 852 * 100, abs=1e-4)  # 5.87 %
    assert rows["amazon"]["new_money"] == 50 and rows["amazon"]["before_pct"] == 0
    assert d["notices"] == []
    assert d["query"].startswith("preset=outcome&fb=")


def test_outcome_scenario_table(cli):
    done = cli("scenario", "--query", "preset=outcome", "--format", "table")
    assert done.returncode == 0, done.stderr
    assert "Amazon" in done.stdout
    assert "pre-money 730 bn USD, post-money 852 bn USD" in done.stdout


def test_outcome_scenario_csv(cli):
    done = cli("scenario", "--query", "preset=outcome", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["section", "item", "field", "value"]
    values = {tuple(r[:3]): r[3] for r in rows[1:]}
    assert float(values["valuation", "", "post"]) == 852
    assert float(values["cap_table", "amazon", "new_money"]) == 50
    assert float(values["cap_table", "amazon", "after_pct"]) == pytest.approx(50 / 852 * 100, abs=1e-4)


def test_hostile_query_gives_notices_not_errors(cli):
    query = "nonsense=1&preset=<script>alert(1)</script>&valuation=" + "x" * 5000 + "&trust=nobody"
    done = cli("scenario", "--query", query, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    d = json.loads(done.stdout)
    assert len(d["notices"]) == 4
    assert any("Unknown link parameter 'nonsense'" in n for n in d["notices"])
    assert all(len(n) < 300 for n in d["notices"])  # the 5000-character value is not echoed
    assert d["rules"]["preset"] == "trust"  # the default, not the script


def test_claims_json_has_one_record_per_claim(cli, repo_root):
    facts = yaml.safe_load((repo_root / "data" / "facts.yaml").read_text(encoding="utf-8"))
    done = cli("claims", "--format", "json")
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert [r["id"] for r in records] == [c["id"] for c in facts["claims"]]


def test_claims_csv_has_a_header_and_one_row_per_claim(cli, repo_root):
    facts = yaml.safe_load((repo_root / "data" / "facts.yaml").read_text(encoding="utf-8"))
    done = cli("claims", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == len(facts["claims"])
    assert rows[0]["id"] == facts["claims"][0]["id"]


def test_scenario_on_a_broken_factbase_exits_1_with_problems(cli, tmp_path):
    broken = tmp_path / "facts.yaml"
    broken.write_text("version: [\n", encoding="utf-8")
    done = cli("scenario", "--factbase", str(broken), "--format", "json")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"{broken}:") and "Traceback" not in done.stderr
