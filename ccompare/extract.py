"""The `extract` verb: files -> Plans with citations, one bad file never stopping the rest."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from ccompare.inputs import collect_inputs
from ccompare.read.errors import ReadError
from ccompare.read.source import SourceText
from ccompare.schema import Plan
from ccompare.structure import build_plan


@dataclass(frozen=True)
class ExtractResult:
    plans: list[Plan]
    errors: list[ReadError]
    sources: dict[str, SourceText]  # plan id -> its source text, for evidence and coverage


def read_any(path: str | os.PathLike[str]) -> SourceText:
    """.txt/.md here; .docx/.pdf through their readers when installed."""
    try:
        from ccompare.read.document import read_document
    except ImportError:  # readers for Word/PDF not available
        from ccompare.read.source import read_source as read_document
    return read_document(path)


def _with_citations(src: SourceText, plan: Plan) -> Plan:
    try:
        from ccompare.citations import cite
    except ImportError:  # TEMP until the citations package lands
        return plan
    citations, flags = cite(src, plan)
    return replace(plan, citations=tuple(citations), flags=plan.flags + tuple(flags))


def extract_source(path: str | os.PathLike[str]) -> tuple[SourceText, Plan]:
    src = read_any(path)
    try:
        plan = build_plan(src)
    except ReadError:
        raise
    except Exception as exc:  # a parser bug must not hide the other inputs: report it per file
        raise ReadError(src.path, f"could not be parsed ({type(exc).__name__}: {exc})") from exc
    return src, _with_citations(src, plan)


def extract_plan(path: str | os.PathLike[str]) -> Plan:
    """One file -> one Plan (raises ReadError with a one-line reason)."""
    return extract_source(path)[1]


def extract_plans(
    paths: Iterable[str | os.PathLike[str]] = (),
    *,
    progress: Callable[[Path], None] | None = None,
) -> ExtractResult:
    """Files and folders (default: the bundled corpus) -> Plans; errors are collected, not raised."""
    files, errors = collect_inputs(paths)
    plans: list[Plan] = []
    sources: dict[str, SourceText] = {}
    for f in files:
        if progress:
            progress(f)
        try:
            src, plan = extract_source(f)
        except ReadError as err:
            errors.append(err)
            continue
        plan = _unique_id(plan, sources)
        plans.append(plan)
        sources[plan.id] = src
    plans = _link(plans)
    return ExtractResult(plans, errors, sources)


def _unique_id(plan: Plan, taken: dict) -> Plan:
    if plan.id not in taken:
        return plan
    k = 2
    while f"{plan.id}-{k}" in taken:
        k += 1
    new = f"{plan.id}-{k}"
    tasks = tuple(replace(t, id=t.id.replace(plan.id + "#", new + "#", 1)) for t in plan.tasks)
    return replace(plan, id=new, tasks=tasks)


def _link(plans: list[Plan]) -> list[Plan]:
    try:
        from ccompare.citations import link_corpus
    except ImportError:  # TEMP until the citations package lands
        return plans
    return list(link_corpus(plans))
