"""Speed of task alignment: key-term blocking vs brute force (all cross-plan pairs).

    python benchmarks/compare_bench.py                 # 1,000 plans x 50 tasks (synthetic)
    python benchmarks/compare_bench.py --plans 200     # smaller

What it does, on a synthetic corpus generated from the seed tasks (benchmarks/synthetic.py):
1. full corpus, blocking: index all tasks and generate every candidate pair by key-term
   blocking (counted chunk by chunk); features and scores are computed for a random sample of
   the candidates and the scoring time for all of them is extrapolated (labelled so; the
   support stage sees only the sample's paths there, so its cost is a lower bound);
2. brute force cannot be run on a thousand plans here (about 1.25e9 cross-plan pairs), so it is
   run on a random subsample of plans, timed, and extrapolated to the full corpus by the number
   of pairs (labelled "extrapolated");
3. on the same subsample, blocking is run too, and the recall lost is measured two ways:
   the share of pairs brute force accepts (score >= threshold) that blocking never generates,
   and recall of "same seed task" pairs (the generator's ground truth) under both methods.
Prints a table; nothing is written.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _inputs(plans):
    from ccompare.compare.align import match_texts

    texts, groups, leads, ids = [], [], [], []
    for k, plan in enumerate(plans):
        for t, x in zip(plan.tasks, match_texts(plan.tasks), strict=True):
            texts.append(x)
            groups.append(k)
            leads.append(tuple(t.lead))
            ids.append(t.id)
    return texts, groups, leads, ids


def run(plans, method: str, cal, *, max_score_pairs: int | None = None):
    """Index, candidates, features and scores; returns timings and arrays."""
    import numpy as np

    from ccompare.compare.align import TaskIndex, candidate_pairs, score_pairs

    texts, groups, leads, ids = _inputs(plans)
    t0 = time.perf_counter()
    index = TaskIndex(texts, leads, as_of="2026-12-31")
    t1 = time.perf_counter()
    pairs, _ = candidate_pairs(index, groups, method=method)
    t2 = time.perf_counter()
    scored_pairs = pairs
    if max_score_pairs is not None and len(pairs) > max_score_pairs:
        rng = np.random.default_rng(0)
        scored_pairs = pairs[np.sort(rng.choice(len(pairs), max_score_pairs, replace=False))]
    _, scores = score_pairs(index, scored_pairs, groups, cal)
    t3 = time.perf_counter()
    return {"index_s": t1 - t0, "candidates_s": t2 - t1, "score_s": t3 - t2, "pairs": pairs,
            "scored_pairs": scored_pairs, "scores": scores, "ids": ids, "groups": groups}


def run_streamed(plans, cal, *, sample_rate: float):
    """Blocking on the full corpus without holding all candidates: count them chunk by chunk,
    keep a random sample, and time features+scores on the sample."""
    import numpy as np

    from ccompare.compare.align import TaskIndex, iter_blocked_pairs, score_pairs

    texts, groups, leads, _ = _inputs(plans)
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    index = TaskIndex(texts, leads, as_of="2026-12-31")
    t1 = time.perf_counter()
    n, kept = 0, []
    for chunk in iter_blocked_pairs(index, groups):
        n += len(chunk)
        kept.append(chunk[rng.random(len(chunk)) < sample_rate])
    t2 = time.perf_counter()
    sample = np.concatenate(kept) if kept else np.zeros((0, 2), dtype=np.int64)
    _, scores = score_pairs(index, sample, groups, cal)  # support within the sample only
    t3 = time.perf_counter()
    return {"index_s": t1 - t0, "candidates_s": t2 - t1, "score_s": t3 - t2, "n_candidates": n,
            "sample": sample, "rate": (t3 - t2) / max(len(sample), 1),
            "accept_share": float((scores >= cal.threshold).mean()) if len(sample) else 0.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--tasks", type=int, default=50)
    ap.add_argument("--subsample", type=int, default=40, help="plans in the brute-force subsample")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--score-sample", type=float, default=0.002,
                    help="share of the full corpus' candidates scored to measure scoring cost")
    args = ap.parse_args(argv)

    from benchmarks.synthetic import seed_templates, synthetic_corpus
    from ccompare.compare.align import FEATURES, count_cross_pairs, load_calibration

    cal = load_calibration()
    t = time.perf_counter()
    templates = seed_templates()
    plans, truth = synthetic_corpus(args.plans, args.tasks, args.seed, templates)
    print(f"synthetic corpus: {len(plans)} plans x {args.tasks} tasks from {len(templates)} seed tasks "
          f"({time.perf_counter() - t:.1f} s to generate)")
    n_tasks = sum(len(p.tasks) for p in plans)
    all_pairs = count_cross_pairs([k for k, p in enumerate(plans) for _ in p.tasks])

    full = run_streamed(plans, cal, sample_rate=args.score_sample)
    n_cand = full["n_candidates"]
    print(f"\n1. full corpus, key-term blocking ({n_tasks} tasks, {all_pairs:,} cross-plan pairs in all)")
    print(f"   index {full['index_s']:.1f} s; candidate generation {full['candidates_s']:.1f} s -> "
          f"{n_cand:,} candidate pairs ({n_cand / all_pairs:.2%} of all)")
    print(f"   features+scores measured on a random {len(full['sample']):,} of them: {full['score_s']:.1f} s "
          f"({full['rate'] * 1e6:.2f} µs/pair) -> EXTRAPOLATED for all candidates: "
          f"{full['rate'] * n_cand:.0f} s")
    full_total = full["index_s"] + full["candidates_s"] + full["rate"] * n_cand

    rng = random.Random(args.seed)
    sub = rng.sample(plans, min(args.subsample, len(plans)))
    brute = run(sub, "all", cal)
    block = run(sub, "block", cal)
    sub_pairs = len(brute["pairs"])
    rate = brute["score_s"] / max(sub_pairs, 1)
    extrap_score = rate * all_pairs
    print(f"\n2. brute force on a subsample of {len(sub)} plans ({sub_pairs:,} pairs): "
          f"features+scores {brute['score_s']:.1f} s ({rate * 1e6:.2f} µs/pair)")
    print(f"   EXTRAPOLATED to the full corpus: {all_pairs:,} pairs, about {extrap_score:.0f} s "
          f"({extrap_score / 3600:.1f} h) of scoring (+ index {full['index_s']:.0f} s), "
          f"and {all_pairs * (len(FEATURES) + 1) * 8 / 1e9:.0f} GB of features if held at once")

    accepted = {tuple(p) for p, s in zip(brute["pairs"].tolist(), brute["scores"].tolist(), strict=True)
                if s >= cal.threshold}
    generated = {tuple(p) for p in block["pairs"].tolist()}
    lost = len(accepted - generated)
    block_accepted = {tuple(p) for p, s in zip(block["pairs"].tolist(), block["scores"].tolist(), strict=True)
                      if s >= cal.threshold}
    ids = brute["ids"]
    same = {(i, j) for i, j in brute["pairs"].tolist() if truth[ids[i]] == truth[ids[j]]}
    recall_brute = len(same & accepted) / len(same) if same else 0.0
    recall_block = len(same & block_accepted) / len(same) if same else 0.0
    print(f"\n3. recall on the subsample: blocking generates {len(generated):,} of {sub_pairs:,} pairs "
          f"({len(generated) / sub_pairs:.1%}) in {block['candidates_s']:.2f} s")
    print(f"   pairs brute force accepts: {len(accepted):,}; missed by blocking: {lost:,} "
          f"(recall lost {lost / max(len(accepted), 1):.1%})")
    print(f"   'same seed task' pairs: {len(same):,}; found by brute force {recall_brute:.1%}, "
          f"by blocking {recall_block:.1%}")

    print("\nsummary (1,000-plan figures for brute force are extrapolated from the subsample)")
    print(f"   {'method':<28}{'pairs scored':>16}{'time':>14}")
    print(f"   {'key-term blocking':<28}{n_cand:>16,}{full_total:>12.0f} s  (scoring part extrapolated)")
    print(f"   {'brute force (extrapolated)':<28}{all_pairs:>16,}{extrap_score + full['index_s']:>12.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
