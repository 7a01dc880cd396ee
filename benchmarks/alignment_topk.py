"""Alignment quality on the labelled fixtures with every cross-plan pair scored vs top-k candidates.

    python benchmarks/alignment_topk.py [--k 40]

Each fixture is scored in the comparison a user would run (the bundled corpus plus the
fixture's own plans, as models/calibrate_alignment.py does), once with `candidates="all"`
(what small runs use) and once with `candidates="topk"` forced, with the shipped calibration;
precision, recall, F1 and same-lead accuracy are pooled over the fixtures. (The
cross-validated figures of the calibration itself are in models/align/calibration.json.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def pooled(method: str, k: int | None) -> dict:
    from ccompare.compare.comparison import compare_plans
    from ccompare.compare.quality import evaluate, fixture_scope, load_fixture, resolve
    from ccompare.extract import extract_plans
    from models.calibrate_alignment import DOCUMENTS, FIXTURES

    corpus = extract_plans(DOCUMENTS[:1]).plans
    extra = extract_plans(DOCUMENTS[1:]).plans
    tp = fp = fn = same_ok = same_n = scored = 0
    for path in FIXTURES:
        data = load_fixture(path)
        labels = resolve(data, corpus + extra)
        mine = set(labels.plan_ids.values())
        plans = corpus + [p for p in extra if p.id in mine]
        c = compare_plans(plans, candidates=method, candidates_per_task=k, max_pairs_per_task=None)
        scored += c.pairs_scored
        q = evaluate([(p.a.task, p.b.task, p.same_lead) for p in c.pairs], labels,
                     plan_pairs=fixture_scope(data, labels))
        tp, fp, fn = tp + q.true_pos, fp + q.false_pos, fn + q.false_neg
        if q.same_lead_accuracy is not None:
            same_ok += round(q.same_lead_accuracy * q.same_lead_scored)
            same_n += q.same_lead_scored
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {"method": method, "pairs_scored": scored, "precision": p, "recall": r,
            "f1": 2 * p * r / max(p + r, 1e-9), "same_lead": same_ok / max(same_n, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--k", type=int, default=None, help="neighbours per task and view (default candidates.K)")
    args = ap.parse_args(argv)
    for method in ("all", "topk"):
        r = pooled(method, args.k)
        print(f"{method:>5}: {r['pairs_scored']:>8,} pairs scored  P {r['precision']:.3f}  R {r['recall']:.3f}  "
              f"F1 {r['f1']:.3f}  same-lead {r['same_lead']:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
