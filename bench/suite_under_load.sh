#!/usr/bin/env bash
# The whole test suite N times in a row (default 3) while another process keeps one core busy: the check that the
# browser tests wait on what the reader sees and not on time. Prints one line per run; exit 1 if any run failed.
#   bash bench/suite_under_load.sh [N]
cd "$(dirname "$0")/.."
python -c "while True: pass" &
BUSY=$!
trap 'kill $BUSY 2>/dev/null' EXIT
echo "busy process $BUSY; commit $(git rev-parse --short HEAD); start $(date -u +%H:%M:%S) UTC"
failed=0
for i in $(seq 1 "${1:-3}"); do
  start=$(date +%s)
  python -m pytest -q -p no:cacheprovider > "/tmp/suite_under_load_$i.txt" 2>&1 || failed=1
  echo "run $i: $(tail -1 "/tmp/suite_under_load_$i.txt"); wall $(( $(date +%s) - start )) s;" \
       "load average $(cut -d' ' -f1-3 /proc/loadavg); log /tmp/suite_under_load_$i.txt"
done
exit $failed
