"""Source text as HTML with every extracted element's span marked, so a reader sees the evidence.

Spans of different elements nest and overlap (a citation inside a task inside a section), so the
text is cut at every span boundary and each piece carries the anchors of all elements covering it;
report.js highlights the pieces of the element named in the URL fragment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ccompare.schema import Plan, Span


@dataclass(frozen=True)
class Mark:
    anchor: str  # HTML id of the element on the source page (also used in the plan page's links)
    kind: str  # css class suffix: section, task, target, cite, flag, meta
    span: Span


def plan_marks(plan: Plan) -> list[Mark]:
    """One Mark per element of the plan that has a span, with stable anchors (kind + 1-based index)."""
    marks: list[Mark] = []
    for kind, items in (("sec", plan.sections), ("task", plan.tasks), ("tgt", plan.targets),
                        ("cite", plan.citations), ("flag", plan.flags)):
        for i, item in enumerate(items, start=1):
            if item.span is not None:
                marks.append(Mark(f"{kind}-{i}", kind, tuple(item.span)))
    for i, key in enumerate(sorted(plan.meta_spans), start=1):
        marks.append(Mark(f"meta-{i}", "meta", tuple(plan.meta_spans[key])))
    return marks


def meta_anchors(plan: Plan) -> dict[str, str]:
    """metadata field name -> anchor on the source page (same numbering as plan_marks)."""
    return {key: f"meta-{i}" for i, key in enumerate(sorted(plan.meta_spans), start=1)}


def _clip(span: Sequence[int], size: int) -> tuple[int, int] | None:
    try:
        start, end = int(span[0]), int(span[1])
    except (TypeError, ValueError, IndexError):
        return None
    start, end = max(0, min(start, size)), max(0, min(end, size))
    return (start, end) if start <= end else None


def render_source(text: str, marks: Iterable[Mark]) -> Markup:
    """The text, escaped, cut into spans that carry the anchors covering them.

    Each element also gets an empty `<span id=...>` at its start so the fragment link scrolls there
    even when the element is empty. Spans outside the text are clipped; reversed spans are dropped.
    """
    size = len(text)
    valid: list[tuple[int, int, int, Mark]] = []
    for order, mark in enumerate(marks):
        clipped = _clip(mark.span, size)
        if clipped is not None:
            valid.append((clipped[0], clipped[1], order, mark))
    starts: dict[int, list[tuple[int, int, Mark]]] = {}
    ends: dict[int, list[int]] = {}
    cuts = {0, size}
    for start, end, order, mark in valid:
        starts.setdefault(start, []).append((order, end, mark))
        ends.setdefault(end, []).append(order)
        cuts.update((start, end))
    active: dict[int, Mark] = {}
    out: list[str] = []
    points = sorted(cuts)
    for k, pos in enumerate(points):
        for order in ends.get(pos, ()):
            active.pop(order, None)
        for order, end, mark in sorted(starts.get(pos, ()), key=lambda x: x[0]):
            out.append(f'<span class="anchor" id="{escape(mark.anchor)}"></span>')
            if end > pos:
                active[order] = mark
        if k + 1 == len(points):
            break
        piece = escape(text[pos:points[k + 1]])
        if not active:
            out.append(str(piece))
            continue
        covering = [active[o] for o in sorted(active)]
        kinds = " ".join(sorted({f"k-{m.kind}" for m in covering}))
        ids = " ".join(m.anchor for m in covering)
        out.append(f'<span class="ev {kinds}" data-ids="{escape(ids)}">{piece}</span>')
    return Markup("".join(out))
