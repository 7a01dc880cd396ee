#!/usr/bin/env bash
# Test the product as users get it: build a wheel from this checkout, install it into a fresh
# virtualenv, and run every command from an empty folder (no checkout, no ../shared in sight).
# usage: bash scripts/wheel-check.sh [PYTHON]      (default: python3)
set -euo pipefail
python=${1:-python3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/ccompare-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT

step() { echo "+ $*" >&2; }
quietly() {  # pip is chatty (index warnings); show its log only when it fails
  "$@" >>"$work/pip.log" 2>&1 || { tail -n 30 "$work/pip.log" >&2; echo "FAIL: $*" >&2; exit 1; }
}
step "build the wheel"
quietly "$python" -m pip wheel -q --no-deps --wheel-dir "$work/dist" "$root"
wheel=$(ls "$work"/dist/ccompare-*.whl)

step "install $(basename "$wheel") into a fresh virtualenv"
quietly "$python" -m venv "$work/venv"
quietly "$work/venv/bin/python" -m pip install -q --upgrade pip
quietly "$work/venv/bin/python" -m pip install -q "$wheel"
cc="$work/venv/bin/ccompare"
py="$work/venv/bin/python"

mkdir "$work/empty"
cd "$work/empty"
step "every command's --help, from an empty folder"
"$cc" --help >/dev/null
"$cc" --version
for verb in extract citations graph compare benchmark report export corpus schema; do
  "$cc" "$verb" --help >/dev/null || { echo "FAIL: ccompare $verb --help" >&2; exit 1; }
done

step "one real call of each command on the installed corpus"
corpus=$("$cc" corpus)
[ -d "$corpus" ] || { echo "FAIL: ccompare corpus printed '$corpus', not a folder" >&2; exit 1; }
case "$corpus" in "$root"*) echo "FAIL: the corpus comes from the checkout, not the install" >&2; exit 1;; esac
draft=$(find "$corpus" -type f -name '*.txt' | sort | head -n 1)
"$cc" extract -q --format json --out plans.json
"$cc" citations -q --format json --out citations.json
"$cc" graph -q --out graph.graphml
"$cc" compare -q --format json --out compare.json
"$cc" benchmark -q "$draft" --format json --out scorecard.json
"$cc" report -q --out site
"$cc" export -q --sqlite plans.sqlite
"$cc" schema extract --out extract.schema.json
test -s site/index.html

step "outputs follow the packaged contract; the library verbs can be called twice"
"$py" - <<'PY'
import json

import ccompare
from ccompare.contract import contract_errors

for command, path in [("extract", "plans.json"), ("citations", "citations.json"),
                      ("compare", "compare.json"), ("benchmark", "scorecard.json")]:
    errors = contract_errors(json.load(open(path, encoding="utf-8")), command)
    assert not errors, f"{path} breaks the {command} schema: {errors[:3]}"
plans = json.load(open("plans.json", encoding="utf-8"))
assert len(plans) >= 5 and sum(len(p["tasks"]) for p in plans) > 0, "the bundled corpus gave no tasks"
from ccompare.inputs import bundled_corpus

first = ccompare.extract([bundled_corpus()])
second = ccompare.extract([bundled_corpus()])
assert [p.id for p in first.plans] == [p.id for p in second.plans]
# the trained models ship with the wheel: no uncalibrated fallback, no keyword-only area tagging
comparison = json.load(open("compare.json", encoding="utf-8"))
assert comparison["calibration"] == "models/align/calibration.json", comparison["calibration"]
from ccompare.compare.areas import load_area_model

area_model = load_area_model()
assert area_model.kind in ("spacy", "ensemble"), (area_model.kind, area_model.note)
print(f"wheel check: {len(plans)} plans, {sum(len(p['tasks']) for p in plans)} tasks; outputs match the schemas")
PY
step "no input: a clear one-line error, exit 1, when there is nothing to read"
echo "not a plan" > notes.bin; printf '\x00\x01\x02' > binary.txt
set +e
"$cc" extract -q binary.txt >/dev/null 2>err.txt; rc=$?
set -e
[ "$rc" = 1 ] || { echo "FAIL: binary input exited $rc" >&2; cat err.txt >&2; exit 1; }
grep -q Traceback err.txt && { echo "FAIL: traceback on bad input" >&2; cat err.txt >&2; exit 1; }
echo "wheel check passed" >&2
