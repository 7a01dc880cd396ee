"""Tidy rows: one naming scheme for every tabular output (CSV, SQLite tables, DataFrames).

One row per plan, task, citation, aligned pair or gap, with the same snake_case column names
wherever a table is written. Lists stay Python lists here; writers of flat text (CSV, SQLite)
encode them as JSON arrays, the one list encoding of the project. Comparisons are read in their
contract JSON form, so any producer of that JSON can be tabulated.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from ccompare.schema import Plan, to_data

SCHEMA_VERSION = 2  # of the tabular and JSON outputs' names (CHANGELOG.md says what changed)

PLAN_COLUMNS = ("id", "province", "province_now", "kind", "draft", "number", "doc_type", "issuer", "date", "year",
                "title", "source_path", "source_sha256", "n_sections", "n_tasks", "n_targets", "n_citations", "n_flags")
TASK_COLUMNS = ("id", "plan_id", "idx", "number", "section", "text", "output", "lead", "partners", "lead_raw",
                "deadline", "area", "origin", "start", "end")
CITATION_COLUMNS = ("plan_id", "idx", "raw", "number", "doc_type", "issuer", "year", "date", "scope", "province",
                    "target", "title", "via", "start", "end")
PAIR_COLUMNS = ("a_plan", "a_task", "b_plan", "b_task", "score", "same_lead", "lead_change", "a_lead", "b_lead",
                "a_text", "b_text", "evidence")
GAP_COLUMNS = ("plan_id", "task_id", "text", "missing_in")
RELATED_COLUMNS = ("a_plan", "a_task", "b_plan", "b_task", "score", "subject_score", "relation", "a_text", "b_text",
                   "evidence")
COLUMNS = {"plans": PLAN_COLUMNS, "tasks": TASK_COLUMNS, "citations": CITATION_COLUMNS,
           "pairs": PAIR_COLUMNS, "gaps": GAP_COLUMNS, "related": RELATED_COLUMNS}


def _span(span: Sequence[int] | None) -> tuple[int | None, int | None]:
    return (int(span[0]), int(span[1])) if span else (None, None)


def plan_year(plan: Plan) -> int | None:
    """The plan's own year: from its header, else from its date (never invented)."""
    if plan.year:
        return plan.year
    return int(plan.date[:4]) if plan.date and plan.date[:4].isdigit() else None


def province_now(slug: str | None) -> str | None:
    """The province a plan's province belongs to after the 2025 reorganisation."""
    if not slug:
        return None
    from ccompare.datafiles import load_json
    from ccompare.provinces import successor

    return successor(slug, load_json("provinces.json")["effective"])


def plan_rows(plans: Iterable[Plan]) -> list[dict[str, Any]]:
    return [dict(zip(PLAN_COLUMNS, (
        p.id, p.province, province_now(p.province), p.kind, p.draft, p.number, p.doc_type, p.issuer, p.date,
        plan_year(p), p.title, p.source.path, p.source.sha256, len(p.sections), len(p.tasks), len(p.targets),
        len(p.citations), len(p.flags)), strict=True)) for p in plans]


def task_rows(plans: Iterable[Plan]) -> list[dict[str, Any]]:
    return [dict(zip(TASK_COLUMNS, (
        t.id, p.id, k, t.number, ".".join(t.section), t.text, t.output, list(t.lead), list(t.partners), t.lead_raw,
        t.deadline,
        t.area, t.origin, *_span(t.span)), strict=True))
        for p in plans for k, t in enumerate(p.tasks, start=1)]


def citation_rows(plans: Iterable[Plan]) -> list[dict[str, Any]]:
    return [dict(zip(CITATION_COLUMNS, (
        p.id, k, c.raw, c.number, c.doc_type, c.issuer, c.year, c.date, c.scope, c.province, c.target, c.title,
        c.via, *_span(c.span)), strict=True))
        for p in plans for k, c in enumerate(p.citations, start=1)]


def _two_sided_rows(comparison: Any, key: str, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """Rows of the two-task records under `key` (pairs, related): `a_*` and `b_*` columns from each
    side, the others from the record itself (lists as lists)."""
    rows = []
    for record in _data(comparison).get(key) or ():
        sides = {"a": record.get("a") or {}, "b": record.get("b") or {}}
        row = {}
        for col in columns:
            side, _, field = col.partition("_")
            value = sides[side].get(field) if side in sides and field in ("plan", "task", "text", "lead") \
                else record.get(col)
            row[col] = list(value or ()) if col in ("a_lead", "b_lead", "evidence") else value
        rows.append(row)
    return rows


def pair_rows(comparison: Any) -> list[dict[str, Any]]:
    """`comparison`: a Comparison or its contract JSON form."""
    return _two_sided_rows(comparison, "pairs", PAIR_COLUMNS)


def related_rows(comparison: Any) -> list[dict[str, Any]]:
    """Pairs on the same subject doing different work (never shared tasks)."""
    return _two_sided_rows(comparison, "related", RELATED_COLUMNS)


def gap_rows(comparison: Any) -> list[dict[str, Any]]:
    """One row per gap and plan that lacks the task."""
    return [dict(zip(GAP_COLUMNS, (g.get("plan"), g.get("task"), g.get("text"), missing), strict=True))
            for g in _data(comparison).get("gaps") or () for missing in g.get("missing_in") or ()]


def flat_value(value: Any) -> Any:
    """A cell for flat text formats: lists as JSON arrays, booleans as 0/1, the rest unchanged."""
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def _data(comparison: Any) -> dict[str, Any]:
    if comparison is None:
        return {}
    if isinstance(comparison, dict):
        return comparison
    from ccompare.compare import comparison_to_data

    try:
        return comparison_to_data(comparison)
    except (AttributeError, TypeError):  # another dataclass of the same JSON shape
        return to_data(comparison)
