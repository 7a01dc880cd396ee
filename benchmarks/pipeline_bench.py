"""The whole pipeline on a synthetic corpus: wall time and peak memory per stage, --jobs, cache.

    python benchmarks/pipeline_bench.py [--plans 1000] [--jobs 2] [--compare]

Stages: write the synthetic documents; extract (+ citations) serially, with --jobs, and from a
warm cache; the HTML report. `--compare` adds cross-plan alignment (minutes at 1,000 plans).
Figures are printed, never asserted: the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.synthetic_docs import write_corpus  # noqa: E402
from ccompare.cache import PlanCache  # noqa: E402
from ccompare.extract import extract_plans  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stage(name: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{name:<34} {time.perf_counter() - start:8.1f} s   peak RSS {peak_mb():7.0f} MB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        paths = stage(f"write {args.plans} documents", lambda: write_corpus(corpus, args.plans))
        result = stage("extract + citations, 1 process", lambda: extract_plans([corpus]))
        print(f"  plans {len(result.plans)}, errors {len(result.errors)}, "
              f"tasks {sum(len(p.tasks) for p in result.plans)}, "
              f"citations {sum(len(p.citations) for p in result.plans)}")
        stage(f"extract + citations, --jobs {args.jobs}", lambda: extract_plans([corpus], jobs=args.jobs))
        cache = PlanCache(Path(tmp) / "cache.sqlite")
        cold = stage("extract, cold cache", lambda: extract_plans([corpus], cache=cache))
        start = time.perf_counter()
        warm = extract_plans([corpus], cache=cache)
        warm_s = time.perf_counter() - start
        print(f"{'extract, warm cache':<34} {warm_s:8.1f} s   hits {cache.hits}, misses {cache.misses}")
        paths[0].write_text(paths[0].read_text("utf-8") + "\nGhi chú thêm.\n", "utf-8")
        start = time.perf_counter()
        extract_plans([corpus], cache=cache)
        one_s = time.perf_counter() - start
        print(f"{'extract, 1 file changed':<34} {one_s:8.1f} s   hits {cache.hits}, misses {cache.misses}")
        assert len(cold.plans) == len(warm.plans)
        comparison = None
        if args.compare:
            from ccompare.compare import compare_plans

            comparison = stage("compare (alignment)", lambda: compare_plans(result.plans))
        from ccompare.report import write_report

        stage("HTML report", lambda: write_report(result.plans, Path(tmp) / "report", sources=result.sources,
                                                   comparison=comparison))


if __name__ == "__main__":
    main()
