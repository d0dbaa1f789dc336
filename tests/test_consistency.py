"""Consistency checks of validate and the trial run: an outcome source's named parts within its total, no negative
remainder in the outcome, replaced claims never believed after their replacement, and defaults tied to versions."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.load.factbase import check_factbase, parse_factbase
from explainer.trial import checked_factbase, consistency_problems
from explainer.urlstate import parse_query, to_query

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

ROUND = """
version: "2"
date: "2026-06-30"
title: "Round"
company: co
round_residual: others
base_currency: USD
currencies: []
defaults:
  trust: [paper]
sources:
  - {id: paper, kind: context, name: "The paper", url: "https://example.org/paper"}
  - {id: close, kind: outcome, name: "The close", date: "2026-03-31", url: "https://example.org/close"}
entities:
  - {id: co, name: "Co"}
  - {id: alpha, name: "Alpha"}
  - {id: beta, name: "Beta"}
  - {id: others, name: "Other new investors"}
topics:
  - {id: inv_alpha, label: "Alpha's investment", kind: investment, group: round, entity: alpha}
  - {id: inv_beta, label: "Beta's investment", kind: investment, group: round, entity: beta}
  - {id: round_total, label: "Size of the round", kind: round_total, group: round}
claims:
  - {id: c_alpha, topic: inv_alpha, source: close, bound: exact, value: ALPHA, unit: bn, currency: USD, status: closed, translation: "a"}
  - {id: c_beta, topic: inv_beta, source: close, value: undisclosed, unit: bn, currency: USD, status: closed, translation: "b"}
  - {id: c_total, topic: round_total, source: close, bound: exact, value: 20, unit: bn, currency: USD, status: closed, translation: "20"}
"""


def round_fb(alpha: float):
    fb, problems = parse_factbase(ROUND.replace("ALPHA", str(alpha)), name="round.yaml")
    assert problems == []
    return fb


def test_an_outcome_within_its_total_is_consistent():
    assert consistency_problems(round_fb(12)) == []  # 12 of 20, Beta's undisclosed part inside the other 8


def test_named_parts_above_the_outcome_total_are_a_problem():
    problems = consistency_problems(round_fb(25))
    parts = [p for p in problems if "named investors add up to 25, more than the round size it states (20)" in
             p.message]
    assert len(parts) == 1 and parts[0].line == ROUND.splitlines().index(
        [x for x in ROUND.splitlines() if "id: c_total" in x][0]) + 1
    # the engine itself never makes a negative remainder of it: it takes the round as the named sum, and flags it
    assert not any("negative remainder" in p.message for p in problems)


def test_the_bundled_fact_base_passes_the_checks(factbase):
    assert consistency_problems(factbase) == []


# ---------------------------------------------------------------- defaults tied to the version

def copy_bundled(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    for name in ("facts.yaml", "facts.links.json"):
        shutil.copy(REPO_ROOT / "data" / name, tmp_path / "data" / name)
    shutil.copytree(REPO_ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "data" / "facts.yaml"


def test_defaults_changed_without_a_version_bump_fail_validate(tmp_path):
    path = copy_bundled(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  ranges: mid\n", "  ranges: high\n", 1), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "explainer", "validate", str(path)], capture_output=True, text=True,
                          cwd=REPO_ROOT)
    assert done.returncode == 1
    assert "defaults: differ from those recorded for version 1.3.0 in facts.links.json" in done.stderr
    # bumped, with the new defaults recorded, it passes
    path.write_text(text.replace("  ranges: mid\n", "  ranges: high\n", 1).replace('version: "1.3.0"', 'version: "1.4.0"'),
                    encoding="utf-8")
    links = json.loads((path.parent / "facts.links.json").read_text(encoding="utf-8"))
    links["defaults"]["1.4.0"] = {**links["defaults"]["1.3.0"], "ranges": "high"}
    (path.parent / "facts.links.json").write_text(json.dumps(links), encoding="utf-8")
    fb, problems = checked_factbase(path)
    assert problems == [] and fb.version == "1.4.0"


def test_a_version_without_recorded_defaults_is_a_problem(tmp_path):
    path = copy_bundled(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace('version: "1.3.0"', 'version: "1.3.1"'),
                    encoding="utf-8")
    fb, problems = check_factbase(path)
    assert fb is None and any("version 1.3.1 has no recorded defaults" in p.message for p in problems)


def test_fact_bases_without_a_record_of_defaults_load_as_before():
    for folder in ("acme", "minimal", "remainder", "worlds"):
        fb, problems = check_factbase(FIXTURES / folder / "facts.yaml")
        assert problems == [] and fb.version_defaults == ()


# The trust order 1.0.0 to 1.2.0 were released with (git show 300e711:data/facts.yaml); 1.3.0 names the cross-deal
# sources after ctx_deals (the change made under 1.2.0 on 3 Dec 2026, and the deals of the audit of 6 Dec), the
# Anthropic ones last
OLD_TRUST = ("ctx_recap", "ctx_deals", "a003", "a000", "a002", "a004", "a001")
NEW_TRUST = ("ctx_recap", "ctx_deals", "ctx_amd", "ctx_oracle_nvidia", "ctx_coreweave", "ctx_nvidia_coreweave",
             "ctx_nvidia_ft", "ctx_aws_expansion", "ctx_oracle_stargate", "ctx_sb_energy",
             "a003", "a000", "a002", "a004", "a001", "ctx_anthropic", "ctx_anthropic_azure")


@pytest.mark.parametrize("version, trust", [("1.0.0", OLD_TRUST), ("1.1.0", OLD_TRUST), ("1.2.0", OLD_TRUST),
                                            ("1.3.0", NEW_TRUST)])
def test_a_link_keeps_its_versions_defaults(factbase, version, trust):
    assert factbase.version == "1.3.0" and factbase.defaults.trust == NEW_TRUST
    b, _notices, _ = parse_query(f"inv_amazon=a002_amazon&fb={version}", factbase)
    assert b.trust == trust
    # rewritten in today's form, the link names the old order explicitly, so it keeps meaning the same
    again, notices, _ = parse_query(to_query(b, factbase), factbase)
    assert again.trust == trust and notices == []
