"""Tidy pandas DataFrames of plans, tasks, citations, pairs, related pairs and gaps (needs the `pandas` extra).

Column names are those of the CSV and SQLite outputs (`ccompare.rows`); list cells (leads,
partners, evidence) stay Python lists, ready for `DataFrame.explode`.
"""

from __future__ import annotations

from typing import Any

from ccompare import rows


def _pandas():
    try:
        import pandas
    except ImportError as exc:  # an optional extra: say how to get it
        raise ImportError("DataFrames need pandas: pip install 'ccompare[pandas]'") from exc
    return pandas


def _frame(records: list[dict[str, Any]], table: str):
    return _pandas().DataFrame.from_records(records, columns=list(rows.COLUMNS[table]))


def plans_frame(plans: Any):
    """One row per plan. `plans`: paths, an ExtractResult or Plans (see `ccompare.extract`)."""
    return _frame(rows.plan_rows(_plans(plans)), "plans")


def tasks_frame(plans: Any):
    """One row per task, with `plan_id` to join on `plans_frame(...).id`."""
    return _frame(rows.task_rows(_plans(plans)), "tasks")


def citations_frame(plans: Any):
    """One row per citation (a document cited twice gives two rows; group by `target`)."""
    return _frame(rows.citation_rows(_plans(plans)), "citations")


def pairs_frame(comparison: Any):
    """One row per aligned pair of tasks. `comparison`: ccompare.compare(...) or its JSON."""
    return _frame(rows.pair_rows(comparison), "pairs")


def related_frame(comparison: Any):
    """One row per pair of tasks on the same subject doing different work (not shared tasks)."""
    return _frame(rows.related_rows(comparison), "related")


def gaps_frame(comparison: Any):
    """One row per task and plan that lacks it."""
    return _frame(rows.gap_rows(comparison), "gaps")


def frames(plans: Any, comparison: Any = None) -> dict[str, Any]:
    """All six tables at once (pairs, related and gaps are empty without a comparison)."""
    result = _plans(plans)
    return {"plans": plans_frame(result), "tasks": tasks_frame(result), "citations": citations_frame(result),
            "pairs": pairs_frame(comparison), "related": related_frame(comparison), "gaps": gaps_frame(comparison)}


def _plans(plans: Any) -> list:
    from ccompare.api import as_extract_result

    return list(as_extract_result(plans).plans)
