#!/usr/bin/env bash
# The main job on the bundled corpus; every step that exists writes under $2 (default reports/).
set -uo pipefail
ccompare=${1:-ccompare}
out=${2:-reports}
mkdir -p "$out"
status=0
run() { echo "+ $*" >&2; "$@" || status=1; }
run "$ccompare" extract --format json --out "$out/plans.json"
run "$ccompare" extract --coverage --out "$out/coverage.txt"
run "$ccompare" extract --out "$out/plans.txt"
if "$ccompare" citations --help >/dev/null 2>&1; then
  run "$ccompare" citations --format json --out "$out/citations.json"
  run "$ccompare" graph --out "$out/citation-graph.graphml"
  run "$ccompare" graph --out "$out/citation-graph.html"
  run "$ccompare" graph --out "$out/citation-graph.svg"
  run "$ccompare" citations --summary --out "$out/citations-summary.txt"
fi
if "$ccompare" compare --help >/dev/null 2>&1; then
  run "$ccompare" compare --format json --out "$out/compare.json"
  run "$ccompare" compare --format xlsx --out "$out/compare.xlsx"
fi
if "$ccompare" export --help >/dev/null 2>&1; then
  run "$ccompare" export --sqlite "$out/ccompare.sqlite"
fi
if "$ccompare" report --help >/dev/null 2>&1; then
  run "$ccompare" report --out "$out"
fi
echo "reports written to $out/" >&2
exit $status
