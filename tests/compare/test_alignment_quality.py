"""Alignment quality on the hand-labelled pairs of the three 2024 communication plans.

Run with `-s` to see the figures. The floors (fixtures/quality_floors.json) guard against
regressions. The figure of `compare_plans` on the labelled plans is in-sample (optimistic: the
calibration was fitted on these same pairs); the cross-validated figure is recomputed here with
models/calibrate_alignment.py, leaving one fixture out (fit on the other fixtures, judge its pairs:
the held-out plan of a fixture is never seen in training).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from ccompare.compare.comparison import compare_plans
from ccompare.compare.quality import evaluate, load_fixture, resolve

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parent / "fixtures"

FLOORS = json.loads((FIXTURES / "quality_floors.json").read_text("utf-8"))


def test_every_labelled_snippet_finds_its_task(corpus_plans):
    labels = resolve(load_fixture(FIXTURES / "pairs_2024_comm.json"), corpus_plans)
    assert labels.unresolved == ()
    assert len(labels.plan_ids) == 3


def test_pair_precision_recall_and_same_lead_accuracy(corpus_plans):
    labels = resolve(load_fixture(FIXTURES / "pairs_2024_comm.json"), corpus_plans)
    comparison = compare_plans(corpus_plans)
    q = evaluate([(p.a.task, p.b.task, p.same_lead) for p in comparison.pairs], labels)
    cal = json.loads((ROOT / "models" / "align" / "calibration.json").read_text("utf-8"))["metrics"]["fixture"]
    print(f"\nalignment on {len(labels.positives)} labelled pairs (in-sample, optimistic): {q.summary()}")
    print(f"cross-validated (leave one fixture out, from calibration.json): precision {cal['precision']:.3f} "
          f"recall {cal['recall']:.3f} F1 {cal['f1']:.3f}")
    assert q.f1 >= FLOORS["f1"]
    assert q.precision >= FLOORS["precision"]
    assert q.recall >= FLOORS["recall"]
    assert q.same_lead_accuracy is not None and q.same_lead_accuracy >= FLOORS["same_lead_accuracy"]


def test_cross_validated_quality_reaches_its_floor(corpus_plans):
    """Leave one fixture out, recomputed from the code (not read from calibration.json)."""
    path = ROOT / "models" / "calibrate_alignment.py"
    spec = importlib.util.spec_from_file_location("calibrate_alignment", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    from ccompare.compare.align import FEATURES

    prob = mod.Problem()
    cv, folds = prob.cross_validate(list(range(len(FEATURES))), mod.SIBLING_MARGIN, "fixture")
    print(f"\ncross-validated (leave one fixture out): {cv.summary()}; folds {folds}")
    assert cv.f1 >= FLOORS["cv_f1"]
    assert cv.precision >= FLOORS["cv_precision"]
    assert cv.recall >= FLOORS["cv_recall"]


def test_blocking_keeps_most_labelled_pairs(corpus_plans):
    """Candidate generation by key-term blocking (used on large inputs) on the labelled plans."""
    labels = resolve(load_fixture(FIXTURES / "pairs_2024_comm.json"), corpus_plans)
    full = compare_plans(corpus_plans, candidates="all")
    blocked = compare_plans(corpus_plans, candidates="block")
    q_full = evaluate([(p.a.task, p.b.task, p.same_lead) for p in full.pairs], labels)
    q_block = evaluate([(p.a.task, p.b.task, p.same_lead) for p in blocked.pairs], labels)
    print(f"\nall pairs: {full.pairs_scored} scored, {q_full.summary()}")
    print(f"blocked:   {blocked.pairs_scored} scored, {q_block.summary()}")
    assert blocked.pairs_scored < full.pairs_scored
    assert q_block.recall >= q_full.recall - FLOORS["blocking_recall_loss"]
