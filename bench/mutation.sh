#!/usr/bin/env bash
# Mutation testing of the core with mutmut: explainer/scenario.py, beliefs.py, worlds.py, scoring.py and urlstate.py
# mutated one change at a time, each mutant run against the fast tests listed in setup.cfg (no browser, no AppTest,
# no CLI subprocess). Slow (tens of minutes, see docs/mutation.md), so not part of CI.
# Usage: bench/mutation.sh [parallel children, default 2]; prints the score per module.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf mutants  # a fresh run: mutmut would otherwise keep the verdicts of an earlier one
log=$(mktemp)
start=$(date +%s)
# the hypothesis properties run once per mutant: fewer examples there than in the suite
PROPERTY_EXAMPLES="${PROPERTY_EXAMPLES:-25}" mutmut run --max-children "${1:-2}" >"$log" 2>&1 || {
  tail -c 2000 "$log"; exit 1; }
echo "mutmut run: $(( $(date +%s) - start )) s"
mutmut results --all true | python3 -c '
import collections, sys
counts = collections.defaultdict(collections.Counter)
for line in sys.stdin:
    key, _, status = line.strip().rpartition(": ")
    if key.startswith("explainer."):
        counts[key.split(".")[1]][status] += 1
print("| module | mutants | killed | survived | no tests | timeout / other | killed % |")
print("|---|---:|---:|---:|---:|---:|---:|")
for module, c in sorted(counts.items()):
    total = sum(c.values())
    other = total - c["killed"] - c["survived"] - c["no tests"]
    print(f"| {module}.py | {total} | {c[\"killed\"]} | {c[\"survived\"]} | {c[\"no tests\"]} | {other} "
          f"| {100 * c[\"killed\"] / total:.1f} |")
'
