"""The scorecard as frozen dataclasses, and its JSON form (DESIGN.md `benchmark --format json`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DIMENSIONS = ("structure", "assignments", "citations", "coverage", "targets")
SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class PeerExample:
    """What a peer plan does where the draft differs: a task, a heading or a citation."""

    plan: str
    task: str | None
    text: str
    lead: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    check: str  # one of DESIGN.md's check codes
    severity: str  # error | warning | info
    message: str  # in the scorecard's language
    span: tuple[int, int] | None = None
    task: str | None = None
    citation: str | None = None
    peer_examples: tuple[PeerExample, ...] = ()
    # extras (allowed by the contract)
    variant: str | None = None  # finer kind, e.g. "blank-number", "area", "unique"
    line: int | None = None  # 1-based line of span[0] in the draft's text
    evidence: str | None = None  # the draft's text at span, shortened


@dataclass(frozen=True)
class Score:
    dimension: str
    value: float  # 0-100
    method: str  # how it was computed, in the scorecard's language
    counts: dict[str, int] = field(default_factory=dict)  # the numbers behind the value


@dataclass(frozen=True)
class Scorecard:
    draft: str
    peers: tuple[str, ...]
    scores: tuple[Score, ...]
    findings: tuple[Finding, ...]
    lang: str = "vi"
    draft_title: str | None = None
    draft_path: str | None = None
    alignment: str | None = None  # which aligner produced coverage/lead findings

    def score(self, dimension: str) -> Score:
        return next(s for s in self.scores if s.dimension == dimension)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)


def _finding_data(f: Finding) -> dict[str, Any]:
    return {
        "check": f.check,
        "severity": f.severity,
        "message": f.message,
        "span": list(f.span) if f.span else None,
        "task": f.task,
        "citation": f.citation,
        "peer_examples": [
            {"plan": e.plan, "task": e.task, "text": e.text, "lead": list(e.lead)}
            for e in f.peer_examples
        ],
        "variant": f.variant,
        "line": f.line,
        "evidence": f.evidence,
    }


def scorecard_to_data(s: Scorecard) -> dict[str, Any]:
    """DESIGN.md's benchmark JSON (draft, peers, scores, findings) plus methods and counts."""
    return {
        "draft": s.draft,
        "peers": list(s.peers),
        "scores": {sc.dimension: sc.value for sc in s.scores},
        "findings": [_finding_data(f) for f in s.findings],
        "methods": {sc.dimension: sc.method for sc in s.scores},
        "counts": {sc.dimension: dict(sc.counts) for sc in s.scores},
        "summary": {sev: s.count(sev) for sev in SEVERITIES},
        "lang": s.lang,
        "title": s.draft_title,
        "source": s.draft_path,
        "alignment": s.alignment,
    }
