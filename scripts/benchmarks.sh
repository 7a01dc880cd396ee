#!/usr/bin/env bash
# Speed and memory figures (never asserted in unit tests); each benchmark prints its own table.
set -uo pipefail
py=${1:-python3}
status=0
for b in benchmarks/*_bench.py; do
  [ -e "$b" ] || continue
  echo "== $b"
  "$py" "$b" || status=1
done
exit $status
