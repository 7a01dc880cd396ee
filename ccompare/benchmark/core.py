"""`benchmark_draft`: run every check of a draft against its peers and score five dimensions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ccompare.benchmark.align import Alignment, align
from ccompare.benchmark.checks_citations import anchor_documents, citation_checks, cites, missing_anchors
from ccompare.benchmark.checks_peers import coverage_checks, lead_checks, target_checks
from ccompare.benchmark.checks_structure import draft_markers, missing_sections
from ccompare.benchmark.checks_tasks import agency_status, task_checks
from ccompare.benchmark.context import Context
from ccompare.benchmark.model import SEVERITIES, Finding, Score, Scorecard
from ccompare.benchmark.text import LANGS, method, rules
from ccompare.read.errors import ReadError
from ccompare.read.source import SourceText
from ccompare.schema import Plan


def benchmark_draft(
    draft: Plan,
    peers: Sequence[Plan],
    *,
    lang: str = "vi",
    source: SourceText | None = None,
    peer_sources: Mapping[str, SourceText] | None = None,
    alignment: Alignment | None = None,
) -> Scorecard:
    """Scorecard of `draft` against `peers` (the draft itself, by sha256, is never its own peer).

    `source` is the draft's text (for line numbers, evidence and draft markers); when omitted it
    is read again from `draft.source.path` if that file still has the same content.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (use one of {', '.join(LANGS)})")
    peers = tuple(p for p in peers if p.source.sha256 != draft.source.sha256)
    ctx = Context(draft, peers, lang, source or _reread(draft), dict(peer_sources or {}))
    alignment = alignment if alignment is not None else align(draft, peers)

    structure = missing_sections(ctx) + draft_markers(ctx)
    tasks = task_checks(ctx)
    leads = lead_checks(ctx, alignment)
    cites = citation_checks(ctx) + missing_anchors(ctx)
    coverage, coverage_stats = coverage_checks(ctx, alignment)
    targets, target_stats = target_checks(ctx)
    findings = _ordered(structure + tasks + leads + cites + coverage + targets)

    scores = (
        _structure_score(ctx, structure),
        _assignment_score(ctx),
        _citation_score(ctx, cites),
        _coverage_score(ctx, coverage_stats),
        _target_score(ctx, target_stats),
    )
    return Scorecard(
        draft=draft.id, peers=tuple(p.id for p in peers), scores=scores, findings=findings,
        lang=lang, draft_title=draft.title, draft_path=draft.source.path, alignment=alignment.method,
    )


def _reread(draft: Plan) -> SourceText | None:
    from ccompare.read.document import read_document

    try:
        src = read_document(draft.source.path)
    except (ReadError, OSError):
        return None
    return src if src.sha256 == draft.source.sha256 else None


def _ordered(findings: list[Finding]) -> tuple[Finding, ...]:
    """Errors first, then warnings, then notes; in document order inside each severity."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return tuple(sorted(findings, key=lambda f: (
        rank[f.severity], f.span is None, f.span[0] if f.span else 0, f.check, f.variant or "",
        f.citation or "", f.message,
    )))


def _score(value: float) -> float:
    return round(max(0.0, min(100.0, value)), 1)


def _structure_score(ctx: Context, findings: list[Finding]) -> Score:
    parts = len(rules()["required_parts"])
    missing = sum(1 for f in findings if f.check == "missing-section")
    placeholders = sum(1 for f in findings if f.check == "draft-marker" and f.variant == "placeholder")
    counts = {"present": parts - missing, "parts": parts, "placeholders": placeholders}
    value = 100 * (parts - missing) / parts - 10 * placeholders
    return Score("structure", _score(value), method("structure", ctx.lang, **counts), counts)


def _assignment_score(ctx: Context) -> Score:
    counts = {"tasks": len(ctx.draft.tasks), "no_lead": 0, "no_deadline": 0, "no_output": 0, "unknown": 0}
    as_of = ctx.draft.date or (str(ctx.draft.year) if ctx.draft.year else None)
    total = 0.0
    for t in ctx.draft.tasks:
        prose = t.origin == "prose"
        points = 0.0
        if t.lead:
            points += 40
            statuses = [agency_status(n, ctx.draft.province, as_of, t.text)[0] for n in t.lead]
            if all(s == "known" for s in statuses):
                points += 20
            else:
                counts["unknown"] += 1
        else:
            counts["no_lead"] += 1
        if (t.deadline or "").strip() or prose:
            points += 25
        if not (t.deadline or "").strip():
            counts["no_deadline"] += 1
        if (t.output or "").strip() or prose:
            points += 15
        if not (t.output or "").strip():
            counts["no_output"] += 1
        total += points
    value = total / len(ctx.draft.tasks) if ctx.draft.tasks else 0.0
    return Score("assignments", _score(value), method("assignments", ctx.lang, **counts), counts)


def _citation_score(ctx: Context, findings: list[Finding]) -> Score:
    spans = {c.span for c in ctx.draft.citations}
    unread = {f.span for f in findings if f.check == "citation-malformed" and f.span not in spans}
    cited = len(ctx.draft.citations) + len(unread)  # symbols the finder could not read count too
    defect_checks = {"citation-malformed", "citation-year-conflict", "citation-date-conflict"}
    defective = {f.span for f in findings if f.check in defect_checks and f.span is not None}
    anchors = anchor_documents(ctx)
    draft_targets = {c.target for c in ctx.draft.citations if c.target}
    counts = {
        "cited": cited, "sound": max(0, cited - len(defective)), "anchors": len(anchors),
        "anchors_cited": sum(1 for t in anchors if cites(draft_targets, t)),
    }
    sound_share = counts["sound"] / cited if cited else 0.0
    anchor_share = counts["anchors_cited"] / len(anchors) if anchors else 1.0
    return Score("citations", _score(100 * sound_share * anchor_share),
                 method("citations", ctx.lang, **counts), counts)


def _coverage_score(ctx: Context, stats: dict[str, int]) -> Score:
    areas = stats["areas_covered"] / stats["areas"] if stats["areas"] else 1.0
    kinds = stats["kinds_covered"] / stats["kinds"] if stats["kinds"] else 1.0
    return Score("coverage", _score(50 * areas + 50 * kinds), method("coverage", ctx.lang, **stats),
                 dict(stats))


def _target_score(ctx: Context, stats: dict[str, int]) -> Score:
    if stats["comparable"]:
        value = 100 * stats["not_lower"] / stats["comparable"]
    elif stats["targets"]:
        value = 100.0
    else:
        value = 0.0 if stats["peer_targets"] else 100.0
    return Score("targets", _score(value), method("targets", ctx.lang, **stats), dict(stats))
