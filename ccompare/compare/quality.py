"""Measure alignment against hand-labelled pairs that name tasks by text, not by id.

A labelled pair fixture (JSON) names its plans by province, year and a title phrase and its
tasks by a distinctive snippet of the task's text or product, so it survives re-numbering
and re-extraction. A snippet may match several extracted tasks (a row with several products)
and a task may carry several snippets (two labelled duties read as one task); a predicted pair
is right when any snippet pair it carries is labelled, and a labelled pair is found when any
predicted pair carries it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from ccompare.compare.align import match_text
from ccompare.read.fold import fold
from ccompare.schema import Plan


def _norm(text: str) -> str:
    return " ".join(fold(text).replace("“", '"').replace("”", '"').split())


@dataclass(frozen=True)
class LabelledPairs:
    plan_ids: dict[str, str]  # fixture plan key -> plan id
    keys_of_task: dict[str, frozenset[str]]  # task id -> fixture task keys it carries
    plan_of_key: dict[str, str]
    positives: dict[frozenset[str], bool | None]  # {key a, key b} -> labelled same_lead
    unresolved: tuple[str, ...] = ()  # fixture task keys no task matched
    unlabelled_tasks: tuple[str, ...] = ()  # task ids of the plans that carry no key
    notes: dict[frozenset[str], str] = field(default_factory=dict)


def load_fixture(path: str | Path) -> dict:
    return json.loads(Path(path).read_text("utf-8"))


def find_plan(plans: Sequence[Plan], spec: dict) -> Plan | None:
    title = _norm(spec["title"])
    for p in plans:
        year = p.year or (int(p.date[:4]) if p.date else None)
        if p.province == spec["province"] and year == spec.get("year", year) and title in _norm(p.title or ""):
            return p
    return None


def resolve(fixture: dict, plans: Sequence[Plan]) -> LabelledPairs:
    """Map the fixture's plans and snippets onto extracted plans and tasks."""
    plan_ids: dict[str, str] = {}
    for key, spec in fixture["plans"].items():
        p = find_plan(plans, spec)
        if p is None:
            raise LookupError(f"fixture plan {key!r} ({spec}) not among the plans given")
        plan_ids[key] = p.id
    by_id = {p.id: p for p in plans}
    keys_of_task: dict[str, set[str]] = {}
    unresolved = []
    plan_of_key = {}
    for key, (plan_key, snippet) in fixture["tasks"].items():
        plan = by_id[plan_ids[plan_key]]
        plan_of_key[key] = plan.id
        snip = _norm(snippet)
        hits = [t.id for t in plan.tasks if snip in _norm(match_text(t))]
        if not hits:
            unresolved.append(key)
        for tid in hits:
            keys_of_task.setdefault(tid, set()).add(key)
    positives = {}
    notes = {}
    for a, b, same, *rest in fixture["pairs"]:
        positives[frozenset((a, b))] = same
        if rest:
            notes[frozenset((a, b))] = rest[0]
    unlabelled = tuple(t.id for pid in plan_ids.values() for t in by_id[pid].tasks if t.id not in keys_of_task)
    return LabelledPairs(plan_ids, {k: frozenset(v) for k, v in keys_of_task.items()}, plan_of_key,
                         positives, tuple(unresolved), unlabelled, notes)


@dataclass(frozen=True)
class PairQuality:
    precision: float
    recall: float
    f1: float
    true_pos: int
    false_pos: int
    false_neg: int
    same_lead_accuracy: float | None
    same_lead_scored: int
    unlabelled_predictions: int  # predicted pairs touching tasks no snippet names (counted as wrong)
    missed: tuple[tuple[str, str], ...] = ()
    wrong: tuple[tuple[str, str], ...] = ()

    def summary(self) -> str:
        acc = "n/a" if self.same_lead_accuracy is None else f"{self.same_lead_accuracy:.3f}"
        return (f"precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(tp {self.true_pos}, fp {self.false_pos}, fn {self.false_neg}, "
                f"unlabelled {self.unlabelled_predictions})  same-lead accuracy {acc} "
                f"on {self.same_lead_scored} pairs")


def evaluate(predicted: Iterable[tuple[str, str, bool | None]], labels: LabelledPairs,
             *, plan_pairs: set[frozenset[str]] | None = None) -> PairQuality:
    """Precision/recall/F1 of predicted (task id a, task id b, same_lead) over the labelled plans.

    Only predictions between two labelled plans count; `plan_pairs` restricts both predictions
    and labels to some plan pairs (for held-out evaluation).
    """
    labelled_plans = set(labels.plan_ids.values())

    def in_scope(pa: str, pb: str) -> bool:
        return (pa in labelled_plans and pb in labelled_plans and pa != pb
                and (plan_pairs is None or frozenset((pa, pb)) in plan_pairs))

    found: set[frozenset[str]] = set()
    tp = fp = unlabelled = 0
    lead_right = lead_scored = 0
    wrong = []
    for ta, tb, same in predicted:
        pa, pb = ta.split("#")[0], tb.split("#")[0]
        if not in_scope(pa, pb):
            continue
        ka, kb = labels.keys_of_task.get(ta), labels.keys_of_task.get(tb)
        if not ka or not kb:
            fp += 1
            unlabelled += 1
            wrong.append((ta, tb))
            continue
        hits = [frozenset((x, y)) for x in ka for y in kb if frozenset((x, y)) in labels.positives]
        if not hits:
            fp += 1
            wrong.append((min(ka), min(kb)))
            continue
        tp += 1
        found.update(hits)
        truth = [labels.positives[h] for h in hits if labels.positives[h] is not None]
        if truth and same is not None:
            lead_scored += 1
            lead_right += int(same == truth[0])
        elif truth:
            lead_scored += 1  # a labelled lead left unknown counts as wrong
    scope = {k for k in labels.positives
             if in_scope(*(labels.plan_of_key[x] for x in sorted(k)))}
    fn_keys = scope - found
    fn = len(fn_keys)
    precision = tp / (tp + fp) if tp + fp else 0.0
    # recall counts labelled pairs, precision predicted pairs (one-to-many may differ)
    recall = (len(scope) - fn) / len(scope) if scope else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairQuality(precision, recall, f1, tp, fp, fn,
                       lead_right / lead_scored if lead_scored else None, lead_scored, unlabelled,
                       tuple(sorted(tuple(sorted(k)) for k in fn_keys)), tuple(wrong))


def labelled_examples(labels: LabelledPairs, task_ids: Sequence[str], pairs) -> list[int | None]:
    """1/0 for each candidate pair (index pairs into task_ids) between labelled plans, None elsewhere."""
    out: list[int | None] = []
    plans = set(labels.plan_ids.values())
    for i, j in pairs:
        ta, tb = task_ids[i], task_ids[j]
        pa, pb = ta.split("#")[0], tb.split("#")[0]
        if pa not in plans or pb not in plans or pa == pb:
            out.append(None)
            continue
        ka, kb = labels.keys_of_task.get(ta, ()), labels.keys_of_task.get(tb, ())
        out.append(int(any(frozenset((x, y)) in labels.positives for x in ka for y in kb)))
    return out


def fixture_scope(fixture: dict, labels: LabelledPairs) -> set[frozenset[str]]:
    """The plan pairs a fixture labels. When every labelled pair involves one plan (a new plan
    labelled against the others), that plan against each other plan; otherwise every pair of
    its plans."""
    plans_of_pairs = [{fixture["tasks"][a][0], fixture["tasks"][b][0]} for a, b, *_ in fixture["pairs"]]
    common = set.intersection(*plans_of_pairs) if plans_of_pairs else set()
    ids = sorted(labels.plan_ids.values())
    if len(common) == 1 and len(labels.plan_ids) > 2:
        hub = labels.plan_ids[common.pop()]
        return {frozenset((hub, other)) for other in ids if other != hub}
    return set(plan_pairs_of(labels))


def plan_pairs_of(labels: LabelledPairs) -> list[frozenset[str]]:
    return [frozenset(c) for c in combinations(sorted(labels.plan_ids.values()), 2)]
