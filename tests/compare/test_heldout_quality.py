"""Alignment quality on the labelled pairs of plans of other provinces.

Each fixtures/heldout/pairs_*.json labels the tasks of one invented plan (in fixtures/heldout/)
against the three 2024 communication plans of the corpus. They were written by people who had
not read the matcher, its thesaurus or its calibration. Their first, blind measurement is in
fixtures/heldout/floors.json; since then the calibration is fitted on them too, so the figure
printed here is in-sample, and the honest estimate for an unseen province is the leave-one-
fixture-out figure of models/calibrate_alignment.py. Run with `-s` to see the figures; the
floors guard against regressions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccompare.compare.comparison import compare_plans
from ccompare.compare.quality import evaluate, fixture_scope, load_fixture, resolve

HELDOUT = Path(__file__).parent / "fixtures" / "heldout"
FIXTURES = sorted(HELDOUT.glob("pairs_*.json"))
FLOORS = json.loads((HELDOUT / "floors.json").read_text("utf-8")) if (HELDOUT / "floors.json").is_file() else {}


@pytest.fixture(scope="module")
def plans_with_heldout(corpus_plans):
    from ccompare.extract import extract_plans

    documents = sorted(p for p in HELDOUT.iterdir() if p.suffix in {".txt", ".md"})
    result = extract_plans(documents)
    assert not result.errors, result.errors
    return [*corpus_plans, *result.plans]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_heldout_pairs(fixture, plans_with_heldout):
    data = load_fixture(fixture)
    labels = resolve(data, plans_with_heldout)
    assert labels.unresolved == ()
    scope = fixture_scope(data, labels)
    assert len(scope) == len(labels.plan_ids) - 1, f"{fixture.name}: every pair must involve the held-out plan"
    comparison = compare_plans(plans_with_heldout)
    q = evaluate([(p.a.task, p.b.task, p.same_lead) for p in comparison.pairs], labels, plan_pairs=scope)
    print(f"\n{fixture.name}: {len(data['pairs'])} labelled pairs: {q.summary()}")
    floors = FLOORS.get(fixture.name)
    assert floors, f"{fixture.name}: no floors in {HELDOUT / 'floors.json'}"
    assert q.precision >= floors["precision"]
    assert q.recall >= floors["recall"]
    assert q.f1 >= floors["f1"]
    if q.same_lead_accuracy is not None:
        assert q.same_lead_accuracy >= floors["same_lead_accuracy"]
