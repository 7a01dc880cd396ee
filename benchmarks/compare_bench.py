"""`ccompare compare` end to end at national scale, next to `ccompare extract` of the same folder.

    python benchmarks/compare_bench.py                    # 100, 300 and 1,000 synthetic plans
    python benchmarks/compare_bench.py --sizes 100        # small only (a minute or two)
    python benchmarks/compare_bench.py --sizes 100,300 --jobs 2 -- --no-areas

For each size, synthetic plan documents are written (benchmarks/synthetic_docs.py: tables, prose
and OCR-damaged prose; tasks rewritten from the seed plans' tasks, so every task has
near-duplicates in other provinces' plans), then the real CLI runs as a child process:
`ccompare extract DIR` and `ccompare compare DIR --format json` (arguments after `--` are passed
to compare; both with --jobs auto unless `--jobs` says otherwise). Printed per size: wall time
and peak RSS of both (the largest process, from rusage), the peak of the summed PSS of compare's
processes (parent and workers, sampled every 0.2 s), compare over extract, candidate pairs
scored per task, pairs accepted / reported / left out by the per-task cap, the JSON's size.

Recall against brute force is measured in process on a random subsample of plans (`--subsample`,
where scoring every cross-plan pair is affordable): the share of the pairs brute force accepts
that the top-k candidates also accept, and the share of the pairs brute force would report
(each task's best `max_pairs_per_task`) that top-k reports. Timings are noisy when other work
shares the machine: the load average is printed with each row.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def run_cli(args: list[str]) -> tuple[float, float, int, float]:
    """(wall seconds, peak RSS in MiB, exit code, peak memory of the process tree in MiB) of
    `ccompare ARGS` as a child process. The peak RSS is the largest of the child and its worker
    processes (rusage); forked workers share most of their pages with the parent, so the tree's
    memory is sampled as well: the sum of the processes' proportional set sizes (PSS, Linux)."""
    exe = [sys.executable, "-m", "ccompare", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(exe, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = [0.0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(proc.pid, done, tree_peak), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):  # 1: some inputs could not be read, still a result
        raise SystemExit(f"ccompare {' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, proc.returncode, tree_peak[0]


def _sample_tree(pid: int, done: threading.Event, peak: list[float], every: float = 0.2) -> None:
    """Keep in `peak[0]` the largest sum of PSS (MiB) of `pid` and its descendants seen."""
    while not done.wait(every):
        total = sum(_pss_kib(p) for p in _descendants(pid))
        peak[0] = max(peak[0], total / 1024)


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                pass
    return out


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def recall_on_subsample(files: list[Path], n: int, seed: int, cap: int | None) -> dict:
    """Brute force (every cross-plan pair) against top-k candidates on `n` of the files."""
    from ccompare.compare.comparison import MAX_PAIRS_PER_TASK, compare_plans
    from ccompare.extract import extract_plans

    cap = MAX_PAIRS_PER_TASK if cap is None else cap
    sub = random.Random(seed).sample(files, min(n, len(files)))
    plans = extract_plans(sub).plans
    t = time.perf_counter()
    brute = compare_plans(plans, candidates="all", max_pairs_per_task=None)
    brute_s = time.perf_counter() - t
    t = time.perf_counter()
    topk = compare_plans(plans, candidates="topk", max_pairs_per_task=None)
    topk_s = time.perf_counter() - t
    brute_capped = compare_plans(plans, candidates="all", max_pairs_per_task=cap)
    topk_capped = compare_plans(plans, candidates="topk", max_pairs_per_task=cap)

    def keys(c):
        return {(p.a.task, p.b.task) for p in c.pairs}

    a, b = keys(brute), keys(topk)
    ra, rb = keys(brute_capped), keys(topk_capped)
    strong = {(p.a.task, p.b.task) for p in brute.pairs if p.score >= 0.9}
    n_tasks = sum(len(p.tasks) for p in plans)
    return {"plans": len(plans), "tasks": n_tasks, "brute_pairs": brute.pairs_scored, "brute_s": brute_s,
            "topk_pairs": topk.pairs_scored, "topk_s": topk_s, "accepted": len(a),
            "accepted_recall": len(a & b) / max(len(a), 1), "topk_only": len(b - a),
            "strong": len(strong), "strong_recall": len(strong & b) / max(len(strong), 1),
            "reported": len(ra), "reported_recall": len(ra & rb) / max(len(ra), 1), "cap": cap}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1:]
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,300,1000", help="comma-separated numbers of plans")
    ap.add_argument("--tasks", type=int, default=30, help="tasks per synthetic plan")
    ap.add_argument("--jobs", default="auto", help="--jobs for both commands (default: auto, as ccompare)")
    ap.add_argument("--subsample", type=int, default=40, help="plans in the brute-force subsample (0: skip)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", type=Path, help="write the corpora and outputs here (default: a temporary folder)")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]

    from benchmarks.synthetic_docs import write_corpus

    work = args.keep or Path(tempfile.mkdtemp(prefix="ccompare-bench-"))
    rows = []
    recall = None
    for n in sizes:
        folder = work / f"plans-{n}"
        files = sorted(folder.rglob("*.txt")) if folder.is_dir() else []
        if len(files) != n:
            files = write_corpus(folder, n_plans=n, tasks_per_plan=args.tasks, seed=args.seed)
        jobs = ["--jobs", str(args.jobs)]
        ex_json = work / f"extract-{n}.json"
        cmp_json = work / f"compare-{n}.json"
        load = os.getloadavg()[0]
        ex_s, ex_rss, _, _ = run_cli(["extract", str(folder), "--format", "json", "--out", str(ex_json), "-q", *jobs])
        cmp_s, cmp_rss, _, cmp_tree = run_cli(["compare", str(folder), "--format", "json", "--out", str(cmp_json), "-q",
                                     *jobs, *extra])
        n_tasks = sum(len(p.get("tasks", [])) for p in _plans(ex_json))
        data = json.loads(cmp_json.read_text("utf-8"))
        cand = data.get("candidates", {})
        rows.append({"plans": n, "tasks": n_tasks, "extract_s": ex_s, "extract_mib": ex_rss, "compare_s": cmp_s,
                     "compare_mib": cmp_rss, "compare_tree_mib": cmp_tree, "method": cand.get("method"),
                     "per_task": 2 * cand.get("pairs_scored", 0) / max(n_tasks, 1),
                     "accepted": cand.get("pairs_accepted"), "reported": len(data["pairs"]),
                     "left_out": cand.get("pairs_left_out"), "json_mb": cmp_json.stat().st_size / 1e6, "load": load})
        _print_row(rows[-1], header=len(rows) == 1)
        if recall is None and args.subsample:
            recall = recall_on_subsample(files, args.subsample, args.seed, None)
    if recall:
        r = recall
        print(f"\nrecall against brute force on {r['plans']} of the plans ({r['tasks']} tasks): brute force scores "
              f"{r['brute_pairs']:,} pairs ({r['brute_s']:.0f} s), top-k {r['topk_pairs']:,} "
              f"({r['topk_pairs'] * 2 / max(r['tasks'], 1):.0f} per task, {r['topk_s']:.0f} s)")
        print(f"  pairs brute force accepts: {r['accepted']:,}; top-k accepts {r['accepted_recall']:.1%} of them "
              f"(+{r['topk_only']:,} it alone accepts); of those brute force scores >= 0.9 "
              f"({r['strong']:,}), {r['strong_recall']:.1%}")
        print(f"  pairs brute force reports with --max-pairs-per-task {r['cap']}: {r['reported']:,}; "
              f"top-k reports {r['reported_recall']:.1%} of them")
    print(f"\n(work folder: {work})")
    return 0


def _plans(path: Path) -> list[dict]:
    data = json.loads(path.read_text("utf-8"))
    return data if isinstance(data, list) else data.get("plans", [])


def _print_row(r: dict, header: bool) -> None:
    if header:
        print(f"{'plans':>6} {'tasks':>7} | {'extract':>8} {'RSS':>7} | {'compare':>8} {'RSS':>7} {'all PSS':>7} "
              f"{'x ext':>6} | "
              f"{'method':>6} {'cand/task':>9} {'accepted':>9} {'reported':>9} {'left out':>9} {'JSON':>7} | load")
    print(f"{r['plans']:>6} {r['tasks']:>7} | {r['extract_s']:>7.1f}s {r['extract_mib']:>5.0f}Mi | "
          f"{r['compare_s']:>7.1f}s {r['compare_mib']:>5.0f}Mi {r['compare_tree_mib']:>5.0f}Mi "
          f"{r['compare_s'] / r['extract_s']:>5.1f}x | "
          f"{r['method']:>6} {r['per_task']:>9.1f} {r['accepted'] or 0:>9,} {r['reported']:>9,} "
          f"{r['left_out'] or 0:>9,} {r['json_mb']:>5.0f}MB | {r['load']:.1f}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
