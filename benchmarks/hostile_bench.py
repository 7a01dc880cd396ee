"""Run every hostile-input case of issue 13 and print the table of docs/hostile-inputs.md.

    .venv/bin/python benchmarks/hostile_bench.py                       # this checkout
    .venv/bin/python benchmarks/hostile_bench.py --before /tmp/before  # and a pristine older copy
    .venv/bin/python benchmarks/hostile_bench.py --only docx-gridspan --json after.json

Each case runs in a child process limited to 4 GiB of address space with a 30 s budget; the
columns are the exit code, the first stderr line, the wall time and the child's peak RSS.
Earlier results can be merged with --load (JSON written by --json) so the slow "before" column
need not be measured again.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cases():
    spec = importlib.util.spec_from_file_location("hostile_cases", ROOT / "tests" / "hostile" / "cases.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile_cases"] = module
    spec.loader.exec_module(module)
    return module


def measure(module, pythonpath: str | None, only: set[str]) -> dict[str, dict]:
    module.CHILD_PYTHONPATH = pythonpath
    rows = {}
    for name, _desc, setup in module.CASES:
        if only and name not in only:
            continue
        with tempfile.TemporaryDirectory(prefix=f"hostile-{name}-") as tmp:
            run, res, problems = module.run_case(setup, Path(tmp))
        lines = res.error_lines
        rows[name] = {
            "command": "ccompare " + " ".join(_short(a, tmp) for a in run.args),
            "exit": "killed (30 s)" if res.timed_out else res.exit,
            "stderr": _first(lines), "stderr_lines": len(lines),
            "seconds": round(res.seconds, 2), "rss_mib": round(res.peak_rss / 2**20),
            "problems": problems,
        }
        print(f"{name}: {rows[name]}", file=sys.stderr)
    return rows


def _short(arg: str, tmp: str) -> str:
    arg = arg.replace(tmp + "/", "").replace(str(ROOT) + "/", "")
    return arg if len(arg) < 60 else "…" + arg[-58:]


def _untmp(text: str) -> str:
    """Error lines name files by the scratch folder's absolute path: keep the file name only."""
    return re.sub(r"/\S*?/hostile-[^/\s]+/", "", text)


def _first(lines: list[str]) -> str:
    for line in lines:
        if "Traceback" in line:
            return f"Traceback … {lines[-1][:100]}"
    return lines[0][:140] if lines else ""


def table(module, before: dict, after: dict) -> str:
    out = ["| case | command | before: exit · stderr · s · MiB | after: exit · stderr · s · MiB |",
           "|---|---|---|---|"]
    for name, desc, _ in module.CASES:
        cells = []
        for side in (before, after):
            r = side.get(name)
            if r is None:
                cells.append("—")
                continue
            verdict = "; ".join(r["problems"]) or "ok"
            more = f" (+{r['stderr_lines'] - 1} lines)" if r["stderr_lines"] > 1 else ""
            err = _untmp(r["stderr"]).replace("|", "\\|") or "(none)"
            cells.append(f"{r['exit']} · `{err}`{more} · {r['seconds']} · {r['rss_mib']} — **{verdict}**")
        cmd = (after.get(name) or before.get(name) or {}).get("command", "").replace("|", "\\|")
        out.append(f"| {name}: {desc} | `{cmd}` | {cells[0]} | {cells[1]} |")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", help="checkout of the code before the fix (PYTHONPATH for the child)")
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--json", help="save the measurements here")
    ap.add_argument("--load", help="merge measurements saved earlier with --json")
    args = ap.parse_args()
    module = _cases()
    saved = json.loads(Path(args.load).read_text()) if args.load else {"before": {}, "after": {}}
    only = set(args.only)
    if args.before:
        saved["before"].update(measure(module, args.before, only))
    else:
        saved["after"].update(measure(module, str(ROOT), only))
    if args.json:
        Path(args.json).write_text(json.dumps(saved, ensure_ascii=False, indent=1))
    print(table(module, saved["before"], saved["after"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
