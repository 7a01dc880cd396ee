"""The comparison as the report shows it: a plan-by-plan matrix of matched tasks and lead differences,
a gap matrix, and the rows behind them.

Accepts the comparison in the `ccompare compare --format json` shape (DESIGN.md) as a dict, or any
dataclass that `ccompare.schema.to_data` turns into that shape (a file read back works as well as a
live comparison); the records are the compare package's own TaskRef, AlignedPair and Gap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ccompare.compare.comparison import AlignedPair as Pair
from ccompare.compare.comparison import Gap, RelatedPair
from ccompare.compare.comparison import TaskRef as Side
from ccompare.schema import to_data


@dataclass(frozen=True)
class Matrix:
    plans: tuple[str, ...]
    pairs: tuple[Pair, ...]  # sorted: best score first
    gaps: tuple[Gap, ...]
    axis: tuple[str, ...] = ()  # matrix rows/columns: plan ids, or groups (provinces) when plans are many
    grouped: bool = False
    shared: dict[tuple[str, str], int] = field(default_factory=dict)  # (x, y) both orders -> matched pairs
    differ: dict[tuple[str, str], int] = field(default_factory=dict)  # -> pairs whose leads differ
    missing: dict[tuple[str, str], int] = field(default_factory=dict)  # (row, column) -> gap tasks
    related: tuple[RelatedPair, ...] = ()  # same subject, different work: best subject score first

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


def build_matrix(comparison: Any, plan_ids: Sequence[str], group_of: Mapping[str, str] | None = None,
                 *, max_axis: int = 40) -> Matrix | None:
    """Normalise a comparison and count it per plan pair; None when there is nothing to show.

    With more than `max_axis` plans the matrix counts per group instead (`group_of[plan id]`,
    e.g. the province), so the page stays readable at a thousand plans.
    """
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
    related = []
    for raw in data.get("related") or ():
        if isinstance(raw, dict):
            evidence = raw.get("evidence") or ()
            related.append(RelatedPair(_side(raw.get("a")), _side(raw.get("b")), _float(raw.get("score")),
                                       _float(raw.get("subject_score")), str(raw.get("relation") or ""),
                                       tuple(str(e) for e in evidence) if isinstance(evidence, (list, tuple)) else ()))
    related.sort(key=lambda p: (-p.subject_score, p.a.plan, p.a.task, p.b.plan, p.b.task))
    gaps = []
    for raw in data.get("gaps") or ():
        if not isinstance(raw, dict):
            continue
        missing = raw.get("missing_in") or ()
        gaps.append(Gap(str(raw.get("plan") or ""), str(raw.get("task") or ""), str(raw.get("text") or ""),
                        tuple(sorted(str(m) for m in missing)) if isinstance(missing, (list, tuple)) else ()))
    named = [str(p.get("id") if isinstance(p, dict) else p) for p in data.get("plans") or ()]
    every = set(plan_ids) | set(named) | {p.a.plan for p in pairs} | {p.b.plan for p in pairs} | {g.plan for g in gaps}
    plans = tuple(sorted(every - {""}))
    pairs.sort(key=lambda p: (-p.score, p.a.plan, p.a.task, p.b.plan, p.b.task))
    gaps.sort(key=lambda g: (g.plan, g.task))
    grouped = len(plans) > max_axis and group_of is not None

    def key(pid: str) -> str:
        return (group_of.get(pid) or "—") if grouped else pid

    shared: dict[tuple[str, str], int] = {}
    differ: dict[tuple[str, str], int] = {}
    for p in pairs:
        x, y = key(p.a.plan), key(p.b.plan)
        for k in {(x, y), (y, x)}:
            shared[k] = shared.get(k, 0) + 1
            if p.same_lead is False:
                differ[k] = differ.get(k, 0) + 1
    missing: dict[tuple[str, str], int] = {}
    for g in gaps:
        for other in g.missing_in:
            k = (key(g.plan), key(other))
            missing[k] = missing.get(k, 0) + 1
    axis = tuple(sorted({key(p) for p in plans}))
    return Matrix(plans, tuple(pairs), tuple(gaps), axis, grouped, shared, differ, missing, tuple(related))
