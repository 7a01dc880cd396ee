"""The `compare` verb: plans -> aligned task pairs with evidence, gaps and differences.

`compare_plans` aligns the tasks of every pair of plans (align.py), keeps the pairs the
calibration accepts, and reads off what people want to see side by side: tasks one plan has
and another lacks (gaps), the same kind of work led by different agencies (compared through
roles and the 2025 lineage, leads.py), and differing deadlines and frequency targets
(differences.py). Everything is a frozen dataclass; `tables.py` writes JSON, CSV, tables and
XLSX from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ccompare.compare.align import Calibration, load_calibration, match_texts, score_tasks, sibling_ids
from ccompare.compare.differences import deadline_key, deadlines_differ, quantities, targets_differ
from ccompare.compare.leads import compare_leads
from ccompare.compare.text import concepts_in, shared_phrases
from ccompare.read.fold import fold
from ccompare.schema import Plan, Task


@dataclass(frozen=True)
class PlanInfo:
    id: str
    province: str | None
    year: int | None
    date: str | None  # its own date, else the first day of its year, else None
    title: str | None
    province_as_of: str | None  # the province it belongs to at `as_of` (itself without as_of)


@dataclass(frozen=True)
class TaskRef:
    plan: str
    task: str
    text: str
    lead: tuple[str, ...]
    number: str | None = None
    deadline: str | None = None
    area: str | None = None


@dataclass(frozen=True)
class AlignedPair:
    a: TaskRef
    b: TaskRef
    score: float
    same_lead: bool | None
    lead_change: str | None  # "reorganisation" when the leads match only through the lineage
    evidence: tuple[str, ...]
    lead_note: str | None = None  # the lineage steps, when lead_change is set


@dataclass(frozen=True)
class Gap:
    plan: str
    task: str
    text: str
    missing_in: tuple[str, ...]
    lead: tuple[str, ...] = ()
    area: str | None = None


@dataclass(frozen=True)
class UnknownAgency:
    """A lead or partner the agency data does not know, kept as the plan wrote it."""

    plan: str
    agency: str
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class DeadlineDifference:
    a: TaskRef
    b: TaskRef
    reading_a: str
    reading_b: str


@dataclass(frozen=True)
class TargetDifference:
    a: TaskRef
    b: TaskRef
    target_a: str
    target_b: str
    per_year_a: tuple[float, float]
    per_year_b: tuple[float, float]
    unit_a: str | None
    unit_b: str | None


@dataclass(frozen=True)
class Comparison:
    plans: tuple[PlanInfo, ...]
    pairs: tuple[AlignedPair, ...]
    gaps: tuple[Gap, ...]
    lead_differences: tuple[AlignedPair, ...]
    deadline_differences: tuple[DeadlineDifference, ...]
    target_differences: tuple[TargetDifference, ...]
    threshold: float
    calibration: str
    candidates: str  # "all" (every cross-plan pair scored) or "block" (key-term blocking)
    pairs_scored: int
    as_of: str | None = None
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # province as of `as_of` -> plan ids
    unknown_agencies: tuple[UnknownAgency, ...] = ()


def unknown_agencies(plans: Sequence[Plan]) -> tuple[UnknownAgency, ...]:
    """Leads and partners of each plan's tasks that the agency data does not know."""
    from ccompare.agencies import is_known

    out = []
    for plan in plans:
        found: dict[str, list[str]] = {}
        for task in plan.tasks:
            for name in dict.fromkeys((*task.lead, *task.partners)):
                if name and not is_known(name, plan.province):
                    found.setdefault(name, []).append(task.id)
        out.extend(UnknownAgency(plan.id, name, tuple(ids)) for name, ids in sorted(found.items()))
    return tuple(out)


def plan_date(plan: Plan) -> str | None:
    """The plan's date, or the first day of its year when the date is blank."""
    if plan.date:
        return plan.date
    year = plan.year
    return f"{year:04d}-01-01" if year else None


def _ref(plan: Plan, task: Task) -> TaskRef:
    return TaskRef(plan.id, task.id, task.text, tuple(task.lead), task.number, task.deadline, task.area)


def _province_as_of(province: str | None, as_of: str | None) -> str | None:
    if province is None or as_of is None:
        return province
    from ccompare.provinces import successor

    return successor(province, as_of)


def _theme_evidence(text_a: str, text_b: str) -> list[str]:
    shared = set(concepts_in(fold(text_a))) & set(concepts_in(fold(text_b)))
    return [f"theme: {c}" for c in sorted(shared)]


def compare_plans(
    plans: Sequence[Plan],
    *,
    as_of: str | None = None,
    threshold: float | None = None,
    calibration: Calibration | None = None,
    candidates: str = "auto",
) -> Comparison:
    """Align the tasks of every pair of plans and collect gaps and differences.

    `threshold` overrides the calibrated score threshold; `as_of` groups provinces by their
    successors at that date (leads are always compared as of the later plan's date).
    """
    cal = calibration or load_calibration()
    cut = cal.threshold if threshold is None else float(threshold)
    plans = list(plans)
    dates = [plan_date(p) for p in plans]
    known_dates = [d for d in dates if d]
    latest = max([*known_dates, *([as_of] if as_of else [])], default=None)

    refs: list[TaskRef] = []
    texts: list[str] = []
    groups: list[int] = []
    leads: list[tuple[str, ...]] = []
    own_texts: list[str] = []
    for k, plan in enumerate(plans):
        usable = [t for t in plan.tasks if t.text.strip()]
        for task, text in zip(usable, match_texts(usable), strict=True):
            refs.append(_ref(plan, task))
            texts.append(text)
            groups.append(k)
            leads.append(tuple(task.lead))
            own_texts.append(task.text)

    pairs: list[AlignedPair] = []
    scored = 0
    method = "all"
    if len(set(groups)) > 1:
        _, sp = score_tasks(texts, groups, cal, leads=leads, as_of=latest, method=candidates,
                            siblings=sibling_ids(groups, own_texts))
        scored, method = len(sp.pairs), sp.method
        for (i, j), score, outranked in zip(sp.pairs.tolist(), sp.scores.tolist(), sp.outranked.tolist(),
                                            strict=True):
            if score < cut or outranked:
                continue
            if groups[i] > groups[j]:
                i, j = j, i
            later = max((d for d in (dates[groups[i]], dates[groups[j]]) if d), default=None)
            lead = compare_leads(refs[i].lead, refs[j].lead, as_of=later, subject=f"{texts[i]} {texts[j]}")
            evidence = shared_phrases(texts[i], texts[j]) or _theme_evidence(texts[i], texts[j])
            pairs.append(AlignedPair(refs[i], refs[j], round(float(score), 4), lead.same, lead.change,
                                     tuple(evidence), lead.note))
    order = {r.task: n for n, r in enumerate(refs)}
    pairs.sort(key=lambda p: (order[p.a.task], -p.score, order[p.b.task]))

    plan_ids = [p.id for p in plans]
    matched: dict[str, set[str]] = {}
    for p in pairs:
        matched.setdefault(p.a.task, set()).add(p.b.plan)
        matched.setdefault(p.b.task, set()).add(p.a.plan)
    gaps = []
    for r in refs:
        missing = tuple(pid for pid in plan_ids if pid != r.plan and pid not in matched.get(r.task, set()))
        if missing and len(plans) > 1:
            gaps.append(Gap(r.plan, r.task, r.text, missing, r.lead, r.area))

    text_of = {r.task: t for r, t in zip(refs, texts, strict=True)}
    deadline_diffs, target_diffs = [], []
    for p in pairs:
        if deadlines_differ(p.a.deadline, p.b.deadline):
            deadline_diffs.append(DeadlineDifference(p.a, p.b, deadline_key(p.a.deadline).label(),
                                                     deadline_key(p.b.deadline).label()))
        qa = quantities(f"{text_of[p.a.task]} ; {p.a.deadline or ''}")
        qb = quantities(f"{text_of[p.b.task]} ; {p.b.deadline or ''}")
        differ = targets_differ(qa, qb)
        if differ:
            x, y = differ
            target_diffs.append(TargetDifference(p.a, p.b, x.text, y.text, x.per_year, y.per_year, x.unit, y.unit))

    infos = tuple(PlanInfo(p.id, p.province, p.year, d, p.title, _province_as_of(p.province, as_of))
                  for p, d in zip(plans, dates, strict=True))
    grouping: dict[str, list[str]] = {}
    if as_of:
        for info in infos:
            grouping.setdefault(info.province_as_of or "unknown", []).append(info.id)
    return Comparison(
        plans=infos,
        pairs=tuple(pairs),
        gaps=tuple(gaps),
        lead_differences=tuple(p for p in pairs if p.same_lead is False),
        deadline_differences=tuple(deadline_diffs),
        target_differences=tuple(target_diffs),
        threshold=cut,
        calibration=cal.source,
        candidates=method,
        pairs_scored=scored,
        as_of=as_of,
        groups=tuple((k, tuple(v)) for k, v in sorted(grouping.items())),
        unknown_agencies=unknown_agencies(plans),
    )
