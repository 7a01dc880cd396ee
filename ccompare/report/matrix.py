"""The comparison as the report shows it: a plan-by-plan matrix of matched tasks and lead differences,
a gap matrix, and the rows behind them.

Accepts the comparison in the `ccompare compare --format json` shape (DESIGN.md) as a dict, or any
dataclass that `ccompare.schema.to_data` turns into that shape, so the report does not depend on
the comparison module's internal types.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ccompare.schema import to_data


@dataclass(frozen=True)
class Side:
    plan: str
    task: str
    text: str
    lead: tuple[str, ...]


@dataclass(frozen=True)
class Pair:
    a: Side
    b: Side
    score: float
    same_lead: bool | None
    lead_change: str | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Gap:
    plan: str
    task: str
    text: str
    missing_in: tuple[str, ...]


@dataclass(frozen=True)
class Matrix:
    plans: tuple[str, ...]
    pairs: tuple[Pair, ...]  # sorted: best score first
    gaps: tuple[Gap, ...]
    shared: dict[tuple[str, str], int] = field(default_factory=dict)  # {a, b} both orders -> matched pairs
    differ: dict[tuple[str, str], int] = field(default_factory=dict)  # -> pairs whose leads differ
    missing: dict[tuple[str, str], int] = field(default_factory=dict)  # (row plan, column plan) -> gap tasks

    @property
    def lead_differences(self) -> tuple[Pair, ...]:
        return tuple(p for p in self.pairs if p.same_lead is False or p.lead_change)


def _side(data: Any) -> Side:
    data = data if isinstance(data, dict) else {}
    lead = data.get("lead") or ()
    return Side(str(data.get("plan") or ""), str(data.get("task") or ""), str(data.get("text") or ""),
                tuple(str(x) for x in (lead if isinstance(lead, (list, tuple)) else [lead])))


def _float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def build_matrix(comparison: Any, plan_ids: Sequence[str]) -> Matrix | None:
    """Normalise a comparison and count it per plan pair; None when there is nothing to show."""
    if comparison is None:
        return None
    data = to_data(comparison)
    if not isinstance(data, dict):
        return None
    pairs = []
    for raw in data.get("pairs") or ():
        if not isinstance(raw, dict):
            continue
        same = raw.get("same_lead")
        evidence = raw.get("evidence") or ()
        pairs.append(Pair(_side(raw.get("a")), _side(raw.get("b")), _float(raw.get("score")),
                          same if isinstance(same, bool) else None,
                          str(raw["lead_change"]) if raw.get("lead_change") else None,
                          tuple(str(e) for e in evidence) if isinstance(evidence, (list, tuple)) else ()))
    gaps = []
    for raw in data.get("gaps") or ():
        if not isinstance(raw, dict):
            continue
        missing = raw.get("missing_in") or ()
        gaps.append(Gap(str(raw.get("plan") or ""), str(raw.get("task") or ""), str(raw.get("text") or ""),
                        tuple(sorted(str(m) for m in missing)) if isinstance(missing, (list, tuple)) else ()))
    named = [str(p) for p in data.get("plans") or () if isinstance(p, str)]
    plans = tuple(sorted(set(plan_ids) | set(named) | {p.a.plan for p in pairs} | {p.b.plan for p in pairs}
                         | {g.plan for g in gaps}) - {""})
    pairs.sort(key=lambda p: (-p.score, p.a.plan, p.a.task, p.b.plan, p.b.task))
    gaps.sort(key=lambda g: (g.plan, g.task))
    shared: dict[tuple[str, str], int] = {}
    differ: dict[tuple[str, str], int] = {}
    for p in pairs:
        for key in ((p.a.plan, p.b.plan), (p.b.plan, p.a.plan)):
            shared[key] = shared.get(key, 0) + 1
            if p.same_lead is False:
                differ[key] = differ.get(key, 0) + 1
    missing: dict[tuple[str, str], int] = {}
    for g in gaps:
        for other in g.missing_in:
            missing[(g.plan, other)] = missing.get((g.plan, other), 0) + 1
    return Matrix(plans, tuple(pairs), tuple(gaps), shared, differ, missing)
