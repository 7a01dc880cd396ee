"""Assignment checks on the draft's own tasks: lead, deadline, output, recognised agencies."""

from __future__ import annotations

from ccompare.benchmark.context import Context, task_label
from ccompare.benchmark.model import Finding
from ccompare.benchmark.text import shorten
from ccompare.schema import Task


def _origin(task: Task) -> str:
    return "prose" if task.origin == "prose" else "table"


def task_checks(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for task in ctx.draft.tasks:
        params = {"number": task_label(task, ctx.lang), "text": shorten(task.text, 90)}
        if not task.lead:
            out.append(ctx.finding("task-no-lead", task=task, **params))
        if not (task.deadline or "").strip():
            out.append(ctx.finding("task-no-deadline", _origin(task), task=task, **params))
        if not (task.output or "").strip():
            out.append(ctx.finding("task-no-output", _origin(task), task=task, **params))
        out.extend(_agency_findings(ctx, task, params["number"]))
    return out


def agency_status(
    name: str, province: str | None, as_of: str | None, subject: str
) -> tuple[str, str | None, str | None]:
    """('known' | 'unknown' | 'superseded', successor, note) for one lead agency name."""
    from ccompare import agencies

    if not agencies.is_known(name, province):
        return "unknown", None, None
    if as_of:
        after, note = agencies.successor(name, as_of, subject)
        current = agencies.canonical(name, province) or name
        if note and after != current:
            return "superseded", after, note
    return "known", None, None


def _agency_findings(ctx: Context, task: Task, number: str) -> list[Finding]:
    out = []
    as_of = ctx.draft.date or (str(ctx.draft.year) if ctx.draft.year else None)
    for name in task.lead:
        status, after, note = agency_status(name, ctx.draft.province, as_of, task.text)
        if status == "unknown":
            out.append(ctx.finding("unknown-agency", task=task, agency=name, number=number))
        elif status == "superseded":
            out.append(ctx.finding(
                "unknown-agency", "superseded", task=task, agency=name, number=number,
                as_of=as_of, note=note, successor=after,
            ))
    return out
