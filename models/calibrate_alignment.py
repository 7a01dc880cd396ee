"""Calibrate the task-alignment score on the hand-labelled pair fixture (reproducible).

    python models/calibrate_alignment.py            # writes models/align/calibration.json

The plans of the bundled corpus are extracted and compared as `ccompare compare` does (every
cross-plan pair of the corpus is a candidate); pairs between the three 2024 communication plans
labelled in tests/compare/fixtures/pairs_2024_comm.json are the training examples. A logistic
regression over the alignment features gives the score; the threshold is the one with the best
F1 on the training pairs. Because fitting and judging on the same pairs flatters the result,
the script also reports a leave-one-plan-pair-out estimate: fit on two plan pairs, apply the
fitted weights and threshold to the third, and pool the predictions of the three folds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIXTURE = ROOT / "tests" / "compare" / "fixtures" / "pairs_2024_comm.json"
OUT = ROOT / "models" / "align" / "calibration.json"
SEED = 0


def _f1(pred, y) -> float:
    tp = int((pred & (y == 1)).sum())
    fp = int((pred & (y == 0)).sum())
    fn = int((~pred & (y == 1)).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def fit(F, y, C: float = 1.0):
    """Logistic weights and the best-F1 threshold on (F, y)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=C, max_iter=5000, random_state=SEED).fit(F, y)
    s = lr.predict_proba(F)[:, 1]
    grid = np.round(np.arange(0.05, 0.95, 0.01), 2)
    best = max(grid, key=lambda t: (_f1(s >= t, y), -t))
    return lr.coef_[0].tolist(), float(lr.intercept_[0]), float(best)


def main() -> int:
    import numpy as np

    from ccompare.compare.align import FEATURES, Calibration, TaskIndex, candidate_pairs, match_texts, pair_features
    from ccompare.compare.comparison import plan_date
    from ccompare.compare.quality import evaluate, labelled_examples, load_fixture, resolve
    from ccompare.extract import extract_plans

    result = extract_plans([ROOT / "corpus" / "raw"])
    plans = result.plans
    labels = resolve(load_fixture(FIXTURE), plans)
    ids, texts, groups, leads = [], [], [], []
    for k, plan in enumerate(plans):
        usable = [t for t in plan.tasks if t.text.strip()]
        for t, x in zip(usable, match_texts(usable), strict=True):
            ids.append(t.id)
            texts.append(x)
            groups.append(k)
            leads.append(tuple(t.lead))
    latest = max(d for d in (plan_date(p) for p in plans) if d)
    index = TaskIndex(texts, leads, as_of=latest)
    pairs, _ = candidate_pairs(index, groups, method="all")
    y_all = labelled_examples(labels, ids, pairs)
    keep = np.array([v is not None for v in y_all])
    P = pairs[keep]
    F = pair_features(index, pairs, groups)[keep]
    y = np.array([v for v in y_all if v is not None])

    def predictions(mask_test, coef, intercept, threshold):
        cal = Calibration(FEATURES, tuple(coef), intercept, threshold, "cv")
        s = cal.score(F[mask_test])
        return [(ids[i], ids[j], None) for (i, j), sc in zip(P[mask_test].tolist(), s.tolist(), strict=True)
                if sc >= threshold]

    plan_pair = np.array([f"{min(groups[i], groups[j])}-{max(groups[i], groups[j])}" for i, j in P.tolist()])
    cv_preds, folds = [], []
    for hold in sorted(set(plan_pair.tolist())):
        train, test = plan_pair != hold, plan_pair == hold
        coef, intercept, th = fit(F[train], y[train])
        cv_preds += predictions(test, coef, intercept, th)
        folds.append({"held_out": [plans[int(g)].id for g in hold.split("-")], "threshold": th})
    cv = evaluate(cv_preds, labels)
    coef, intercept, th = fit(F, y)
    insample = evaluate(predictions(np.ones(len(y), dtype=bool), coef, intercept, th), labels)

    blocked, _ = candidate_pairs(index, groups, method="block")
    bset = {(int(i), int(j)) for i, j in blocked.tolist()}
    pos = [(i, j) for (i, j), v in zip(P.tolist(), y.tolist(), strict=True) if v]
    block_recall = sum((i, j) in bset for i, j in pos) / len(pos)

    def as_dict(q):
        return {"precision": round(q.precision, 4), "recall": round(q.recall, 4), "f1": round(q.f1, 4),
                "true_pos": q.true_pos, "false_pos": q.false_pos, "false_neg": q.false_neg}

    out = {
        "_about": "Written by models/calibrate_alignment.py: logistic weights over the alignment features and "
                  "the score threshold, fitted on the hand-labelled fixture; 'cv' is the leave-one-plan-pair-out "
                  "estimate (honest), 'in_sample' is fitted and judged on the same pairs (optimistic).",
        "features": list(FEATURES),
        "coef": [round(c, 6) for c in coef],
        "intercept": round(intercept, 6),
        "threshold": th,
        "metrics": {
            "fixture": str(FIXTURE.relative_to(ROOT)),
            "labelled_candidate_pairs": int(len(y)),
            "positive_pairs": int(y.sum()),
            "cv": as_dict(cv),
            "cv_folds": folds,
            "in_sample": as_dict(insample),
            "blocking_recall_on_positives": round(block_recall, 4),
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    print(f"features {list(FEATURES)}")
    print(f"coef {out['coef']} intercept {out['intercept']} threshold {th}")
    print(f"cross-validated (leave one plan pair out): {cv.summary()}")
    print(f"in-sample (optimistic):                    {insample.summary()}")
    print(f"blocking keeps {block_recall:.1%} of the labelled positive pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
