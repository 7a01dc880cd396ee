"""Frozen dataclasses of the JSON contract (../shared/DESIGN.md) and their JSON form.

This module imports nothing from the package so every layer can depend on it.
Field names and order follow DESIGN.md; extra fields come after the contract's.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]

AREAS = ("the-che", "tthc", "bo-may", "cong-vu", "tai-chinh-cong", "chinh-quyen-so", "chi-dao")
KINDS = ("plan", "decision", "decision+plan", "other")


@dataclass(frozen=True)
class Source:
    path: str
    sha256: str


@dataclass(frozen=True)
class Flag:
    kind: str
    message: str
    span: Span | None = None


@dataclass(frozen=True)
class Section:
    path: tuple[str, ...]
    heading: str
    span: Span | None


@dataclass(frozen=True)
class Task:
    id: str
    number: str | None
    section: tuple[str, ...]
    text: str
    output: str | None
    lead: tuple[str, ...]
    partners: tuple[str, ...]
    deadline: str | None
    area: str | None
    origin: str  # "table" | "prose"
    span: Span | None
    # extras (allowed by the contract): agency names as written, for evidence
    lead_raw: str | None = None


@dataclass(frozen=True)
class Target:
    text: str
    value: float | int | None
    unit: str | None
    metric: str | None
    span: Span | None


@dataclass(frozen=True)
class Citation:
    raw: str
    number: str | None
    doc_type: str | None
    issuer: str | None
    year: int | None
    date: str | None
    scope: str | None  # "provincial" | "national" | None
    province: str | None
    target: str | None
    title: str | None
    via: str  # "number" | "alias" | "name"
    span: Span | None


@dataclass(frozen=True)
class Plan:
    id: str
    source: Source
    province: str | None
    kind: str
    draft: bool
    number: str | None
    doc_type: str | None
    issuer: str | None
    date: str | None
    title: str | None
    sections: tuple[Section, ...] = ()
    tasks: tuple[Task, ...] = ()
    targets: tuple[Target, ...] = ()
    citations: tuple[Citation, ...] = ()
    flags: tuple[Flag, ...] = ()
    # extras
    year: int | None = None
    issuing_body: str | None = None
    meta_spans: dict[str, Span] = field(default_factory=dict)


def to_data(obj: Any) -> Any:
    """Dataclasses, tuples and dicts -> plain JSON-ready structures (tuples become lists)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [to_data(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): to_data(v) for k, v in obj.items()}
    return obj


def to_json(obj: Any, *, indent: int | None = 2) -> str:
    """Deterministic JSON: same input, byte-identical output."""
    return json.dumps(to_data(obj), ensure_ascii=False, indent=indent)


def _build(cls: type, data: dict) -> Any:
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name == "span" and value is not None:
            value = tuple(value)
        elif f.name in ("path", "section", "lead", "partners") and isinstance(value, list):
            value = tuple(value)
        kwargs[f.name] = value
    return cls(**kwargs)


def plan_from_data(data: dict) -> Plan:
    """The inverse of to_data() for a Plan: read JSON written by `ccompare extract` back."""
    return _build(Plan, {
        **data,
        "source": _build(Source, data["source"]),
        "sections": tuple(_build(Section, s) for s in data.get("sections", ())),
        "tasks": tuple(_build(Task, t) for t in data.get("tasks", ())),
        "targets": tuple(_build(Target, t) for t in data.get("targets", ())),
        "citations": tuple(_build(Citation, c) for c in data.get("citations", ())),
        "flags": tuple(_build(Flag, f) for f in data.get("flags", ())),
        "meta_spans": {k: tuple(v) for k, v in data.get("meta_spans", {}).items()},
    })
