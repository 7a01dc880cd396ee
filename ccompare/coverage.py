"""How much of a source a Plan accounts for: the share of non-blank lines that some
schema element (metadata, section, task, target, citation, flag, table) points into."""

from __future__ import annotations

from dataclasses import dataclass

from ccompare.read.source import SourceText
from ccompare.schema import Plan

Span = tuple[int, int]


@dataclass(frozen=True)
class Coverage:
    plan: str
    source: str
    lines: int  # non-blank lines
    assigned: int
    unassigned: tuple[tuple[int, str], ...]  # (line number, text)

    @property
    def share(self) -> float:
        return self.assigned / self.lines if self.lines else 1.0


def element_spans(plan: Plan) -> list[Span]:
    spans: list[Span | None] = list(plan.meta_spans.values())
    spans += [s.span for s in plan.sections]
    spans += [t.span for t in plan.tasks]
    spans += [t.span for t in plan.targets]
    spans += [c.span for c in plan.citations]
    spans += [f.span for f in plan.flags]
    return sorted(s for s in spans if s and s[1] > s[0])


def coverage(src: SourceText, plan: Plan) -> Coverage:
    spans = element_spans(plan)
    assigned, missing, total = 0, [], 0
    k = 0
    for line in src.lines:
        if not line.text.strip():
            continue
        total += 1
        while k < len(spans) and spans[k][1] <= line.start:
            k += 1
        hit = any(s < line.end and e > line.start for s, e in spans[k:k + 64] if s < line.end)
        if not hit:
            hit = any(s < line.end and e > line.start for s, e in spans)
        if hit:
            assigned += 1
        else:
            missing.append((line.number, line.text.strip()))
    return Coverage(plan.id, src.path, total, assigned, tuple(missing))
