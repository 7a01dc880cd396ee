"""Extraction cost against text length: seconds per MB for one bundled plan repeated to 0.1-10 MB.

A real plan's numbering restarts in every copy, which is the case that once made the prose
reader quadratic (each section rescanned all sections). Flat seconds per MB is the goal.

    python benchmarks/extract_scaling_bench.py                       # 0.1 0.3 1 3 10 MB
    python benchmarks/extract_scaling_bench.py --mb 0.1 0.3 1 --plan corpus/raw/ha-tinh/...txt
    python benchmarks/extract_scaling_bench.py --citations           # time citations too
    python benchmarks/extract_scaling_bench.py --long-item --mb 0.1 0.3 1   # one item of N MB

`--long-item` puts the text in a single numbered item instead (one paragraph of clauses, no
heading to cut it): the readers of an item's clauses and labels must be linear too.

Structure (`build_plan`: header, sections, tables, prose duties, targets) is timed apart from
citations (`ccompare.citations.cite`, owned elsewhere). Figures are printed, never asserted; the CPU
column (process time) is the steadier one on a shared machine.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ccompare.read.source import SourceText  # noqa: E402
from ccompare.structure import build_plan  # noqa: E402

DEFAULT_PLAN = ROOT / "corpus" / "raw" / "ha-tinh" / "004_525e336b753c34f2.txt"


def repeated(text: str, mb: float) -> str:
    """The plan concatenated with itself until the UTF-8 size reaches `mb` megabytes."""
    unit = len(text.encode("utf-8"))
    copies = max(1, round(mb * 1_000_000 / unit))
    return "\n\n".join([text] * copies)


LONG_ITEM_UNIT = "tổ chức rà soát thủ tục hành chính nội bộ; Sở Nội vụ chủ trì cập nhật dữ liệu (chủ trì: Sở Nội vụ). "


def long_item(mb: float) -> str:
    """A plan whose one item holds `mb` megabytes of clauses."""
    copies = max(1, round(mb * 1_000_000 / len(LONG_ITEM_UNIT.encode("utf-8"))))
    return "KẾ HOẠCH\nCải cách hành chính\n\nII. NHIỆM VỤ\n\n1. " + LONG_ITEM_UNIT * copies + "\n"


def source(text: str) -> SourceText:
    return SourceText("<repeated>", hashlib.sha256(text.encode("utf-8")).hexdigest(), text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, nargs="+", default=[0.1, 0.3, 1, 3, 10])
    parser.add_argument("--plan", type=Path, default=DEFAULT_PLAN)
    parser.add_argument("--citations", action="store_true", help="also time ccompare.citations.cite")
    parser.add_argument("--long-item", action="store_true", help="one item of N MB instead of repeated plans")
    args = parser.parse_args()
    base = args.plan.read_text("utf-8")
    single = build_plan(source(base))
    print(f"plan {args.plan.relative_to(ROOT) if args.plan.is_relative_to(ROOT) else args.plan}: "
          f"{len(base.encode('utf-8')) / 1000:.1f} kB, {len(single.tasks)} tasks")
    head = f"{'MB':>6} {'copies':>7} {'tasks':>7} {'distinct':>8} {'build_plan s':>13} {'s/MB':>7} {'cpu s/MB':>9}"
    print(head + (f" {'cite s':>8} {'s/MB':>7}" if args.citations else ""), flush=True)
    for mb in args.mb:
        text = long_item(mb) if args.long_item else repeated(base, mb)
        size = len(text.encode("utf-8")) / 1_000_000
        src = source(text)
        _ = src.folded, src.lines  # reading's share, computed once by the reader in the pipeline
        start, cpu = time.perf_counter(), time.process_time()
        plan = build_plan(src)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        copies = 1 if args.long_item else text.count(base[:200])
        row = (f"{size:6.2f} {copies:7d} {len(plan.tasks):7d} "
               f"{len({t.span for t in plan.tasks}):8d} {took:13.2f} {took / size:7.2f} {cpu / size:9.2f}")
        if args.citations:
            from ccompare.citations import cite

            start = time.perf_counter()
            cite(src, plan)
            ctook = time.perf_counter() - start
            row += f" {ctook:8.2f} {ctook / size:7.2f}"
        print(row, flush=True)


if __name__ == "__main__":
    main()
