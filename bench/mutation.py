"""Mutation testing of the core with mutmut (configuration: setup.cfg): explainer/engine/scenario.py, beliefs.py,
worlds.py, scoring.py and urlstate.py, one change at a time, each mutant against the fast tests of those modules
(no browser, no AppTest, no CLI subprocess). Prints the share of mutants killed per module. Slow, so not in CI.

    python bench/mutation.py                 # every mutant (about 4,000; hours on two busy cores)
    python bench/mutation.py --sample 60     # 60 mutants per module, drawn with a fixed seed (minutes)
    python bench/mutation.py --sample 60 --modules worlds   # that sample, of one module

A mutant counts as killed when a test fails; "no tests" (no selected test calls the function) and survivors
count against the score.
"""
from __future__ import annotations

import argparse
import collections
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NO_SUCH_MUTANT = "explainer.no_such_module.x_none__mutmut_0"  # generates mutants and test stats, runs none


def mutmut(*args: str, check: bool = True) -> str:
    env = dict(os.environ, PROPERTY_EXAMPLES=os.environ.get("PROPERTY_EXAMPLES", "25"))  # properties run per mutant
    r = subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if check and r.returncode != 0:
        sys.exit(f"mutmut {' '.join(args[:3])} ... failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    return r.stdout


def statuses() -> dict[str, str]:
    out = {}
    for line in mutmut("results", "--all", "true").splitlines():
        key, _, status = line.strip().rpartition(": ")
        if key.startswith("explainer."):
            out[key] = status
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", type=int, default=0, help="mutants per module, drawn at random (0: all)")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--children", type=int, default=2, help="mutants tested in parallel")
    ap.add_argument("--modules", nargs="*", default=[], help="with --sample: only these modules (worlds urlstate ...)")
    args = ap.parse_args(argv)
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)  # a fresh run: mutmut would keep earlier verdicts
    start = time.monotonic()
    if args.sample:
        mutmut("run", "--max-children", str(args.children), NO_SUCH_MUTANT, check=False)
        by_module = collections.defaultdict(list)
        for key in sorted(statuses()):
            by_module[key.split(".")[1]].append(key)
        rng = random.Random(args.seed)
        chosen = [k for m, keys in by_module.items() for k in rng.sample(keys, min(args.sample, len(keys)))
                  if not args.modules or m in args.modules]
        totals = {m: len(keys) for m, keys in by_module.items()}  # the sample is the same with or without --modules
        mutmut("run", "--max-children", str(args.children), *chosen)
        results = {k: v for k, v in statuses().items() if k in set(chosen)}
    else:
        mutmut("run", "--max-children", str(args.children))
        results = statuses()
        totals = collections.Counter(k.split(".")[1] for k in results)
    took = time.monotonic() - start
    counts = collections.defaultdict(collections.Counter)
    for key, status in results.items():
        counts[key.split(".")[1]][status] += 1
    print(f"mutmut {'sample of ' + str(args.sample) + ' per module, seed ' + str(args.seed) if args.sample else 'all mutants'}"
          f"; {took / 60:.1f} min with {args.children} children")
    print("| module | mutants | tested | killed | survived | no tests | other | killed % |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for module, c in sorted(counts.items()):
        n = sum(c.values())
        other = n - c["killed"] - c["survived"] - c["no tests"]
        print(f"| {module}.py | {totals[module]} | {n} | {c['killed']} | {c['survived']} | {c['no tests']} | {other} "
              f"| {100 * c['killed'] / n:.0f} |")
    survivors = sorted(k for k, v in results.items() if v != "killed")
    if survivors:
        print("\nnot killed (see one with: mutmut show NAME):\n" + "\n".join(f"  {k}: {results[k]}" for k in survivors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
