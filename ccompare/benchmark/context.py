"""What every check needs: the draft, its peers, the draft's text and one way to make findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ccompare.benchmark.model import Finding, PeerExample
from ccompare.benchmark.text import message, rules, severity, shorten
from ccompare.read.source import SourceText
from ccompare.schema import Plan, Task


@dataclass(frozen=True)
class Context:
    draft: Plan
    peers: tuple[Plan, ...]
    lang: str = "vi"
    source: SourceText | None = None  # the draft's text, for lines and evidence
    peer_sources: Mapping[str, SourceText] = field(default_factory=dict)

    @property
    def thresholds(self) -> dict[str, Any]:
        return rules()["thresholds"]

    def _group(self, plan_id: str) -> str:
        """Peers are counted by province: three plans of one province are one voice."""
        for p in self.peers:
            if p.id == plan_id:
                return p.province or p.id
        return plan_id

    def expected(self, plan_ids: Iterable[str], share_key: str, minimum: int = 1) -> bool:
        """Whether the peers in `plan_ids` are enough to expect the same of the draft:
        at least the threshold share of the peer provinces, and at least `minimum` provinces
        (or all of them when there are fewer)."""
        if not self.peers:
            return False
        provinces = {self._group(pid) for pid in plan_ids}
        total = {self._group(p.id) for p in self.peers}
        need = min(minimum, len(total))
        return len(provinces) >= need and len(provinces) / len(total) >= self.thresholds[share_key]

    def finding(
        self,
        check: str,
        variant: str | None = None,
        *,
        span: tuple[int, int] | None = None,
        task: Task | None = None,
        citation: str | None = None,
        examples: Sequence[PeerExample] = (),
        sev: str | None = None,
        **params: Any,
    ) -> Finding:
        key = f"{check}/{variant}" if variant else check
        if span is None and task is not None:
            span = task.span
        line = evidence = None
        if span is not None and self.source is not None and span[1] <= len(self.source.text):
            line = self.source.line_at(span[0])
            evidence = shorten(self.source.text[span[0]:span[1]], 200)
        limit = int(self.thresholds["peer_examples"])
        return Finding(
            check=check,
            severity=sev or severity(key),
            message=message(key, self.lang, **params),
            span=tuple(span) if span else None,  # type: ignore[arg-type]
            task=task.id if task is not None else None,
            citation=citation,
            peer_examples=tuple(examples[:limit]),
            variant=variant,
            line=line,
            evidence=evidence,
        )


def task_label(task: Task, lang: str) -> str:
    from ccompare.benchmark.text import label

    return task.number or label("unnumbered", lang)


def example_of(plan: Plan, task: Task) -> PeerExample:
    return PeerExample(plan.id, task.id, shorten(task.text, 200), tuple(task.lead))
