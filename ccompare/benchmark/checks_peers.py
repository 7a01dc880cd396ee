"""Checks against peers: coverage of reform areas and kinds of task, lead agencies, targets."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ccompare.benchmark.align import Alignment
from ccompare.benchmark.context import Context, example_of, task_label
from ccompare.benchmark.model import Finding
from ccompare.benchmark.text import shorten
from ccompare.datafiles import load_json
from ccompare.read.fold import fold
from ccompare.schema import AREAS, Plan, Target, Task

Key = tuple[str, str]  # (plan id, task id)


# ------------------------------------------------------------------------------ reform areas


@lru_cache(maxsize=1)
def _area_vocab() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str], str, str], ...]:
    out = []
    for a in load_json("reform_areas.json")["areas"]:
        def rx(words: list[str]) -> re.Pattern[str]:
            alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            return re.compile(rf"(?<![a-z])(?:{alts})(?![a-z])")
        out.append((a["code"], rx(a["headings"]), rx(a["keywords"]), a["name_vi"], a["name_en"]))
    return tuple(out)


def area_name(code: str, lang: str) -> str:
    for c, _, _, vi, en in _area_vocab():
        if c == code:
            return en if lang == "en" else vi
    return code


def task_areas(plan: Plan) -> dict[str, str | None]:
    """Each task's reform area: its own `area`, else the area its table group heading names,
    else the area whose keywords its text mentions most (a fallback when no tagger ran)."""
    headings = {s.path: fold(s.heading or "") for s in plan.sections}
    out: dict[str, str | None] = {}
    for t in plan.tasks:
        if t.area:
            out[t.id] = t.area
            continue
        found = None
        for depth in range(len(t.section), 0, -1):
            heading = headings.get(tuple(t.section[:depth]), "")
            hits = [code for code, head_rx, _, _, _ in _area_vocab() if head_rx.search(heading)]
            if len(hits) == 1:
                found = hits[0]
                break
        if found is None:
            text = fold(f"{t.text} {t.output or ''}")
            scores = [(len(kw_rx.findall(text)), -AREAS.index(code), code)
                      for code, _, kw_rx, _, _ in _area_vocab()]
            best = max(scores)
            found = best[2] if best[0] > 0 else None
        out[t.id] = found
    return out


# ------------------------------------------------------------------------------ coverage


def coverage_checks(ctx: Context, alignment: Alignment) -> tuple[list[Finding], dict[str, int]]:
    out: list[Finding] = []
    stats = {"areas": 0, "areas_covered": 0, "kinds": 0, "kinds_covered": 0, "unique": 0}
    if not ctx.peers:
        return out, stats
    draft_areas = set(task_areas(ctx.draft).values())
    peer_areas = {p.id: task_areas(p) for p in ctx.peers}
    tasks_by_key = {(p.id, t.id): (p, t) for p in (ctx.draft, *ctx.peers) for t in p.tasks}
    for code in AREAS:
        having = [p for p in ctx.peers if code in peer_areas[p.id].values()]
        if not ctx.expected([p.id for p in having], "area_share", minimum=2):
            continue
        stats["areas"] += 1
        if code in draft_areas:
            stats["areas_covered"] += 1
            continue
        examples = [
            example_of(p, next(t for t in p.tasks if peer_areas[p.id][t.id] == code)) for p in having
        ]
        out.append(ctx.finding(
            "coverage-gap", "area", examples=examples, area=area_name(code, ctx.lang),
            peers_with=len(having), peers=len(ctx.peers),
        ))

    peer_ids = {p.id for p in ctx.peers}
    links: dict[Key, set[Key]] = {}
    draft_matched: set[Key] = set()
    for pair in alignment.pairs:
        a, b = (pair.plan_a, pair.task_a), (pair.plan_b, pair.task_b)
        if pair.plan_a in peer_ids and pair.plan_b in peer_ids and pair.plan_a != pair.plan_b:
            links.setdefault(a, set()).add(b)
            links.setdefault(b, set()).add(a)
        elif pair.plan_a == ctx.draft.id and pair.plan_b in peer_ids:
            draft_matched.add(b)
        elif pair.plan_b == ctx.draft.id and pair.plan_a in peer_ids:
            draft_matched.add(a)
    # greedy groups: the peer task linked to most peer plans first, with its direct matches
    order = sorted(links, key=lambda k: (-len({pl for pl, _ in links[k]}), k))
    grouped: set[Key] = set()
    for key in order:
        if key in grouped or key not in tasks_by_key:
            continue
        group = ({key} | links[key]) - grouped
        grouped |= group
        plans = sorted({pl for pl, _ in group})
        if not ctx.expected(plans, "kind_share", minimum=2):
            continue
        stats["kinds"] += 1
        if group & draft_matched:
            stats["kinds_covered"] += 1
            continue
        examples = []
        for pl in plans:
            best = min((k for k in group if k[0] == pl and k in tasks_by_key), default=None)
            if best:
                examples.append(example_of(*tasks_by_key[best]))
        out.append(ctx.finding(
            "coverage-gap", "task", examples=examples,
            text=shorten(_task_words(tasks_by_key[key][1]), 90),
            peers_with=len(plans), peers=len(ctx.peers),
        ))

    limit = int(ctx.thresholds["unique_task_max"])
    for t in ctx.draft.tasks:
        if any(pl in peer_ids for pl, _, _ in alignment.matches_of(ctx.draft.id, t.id)):
            continue
        stats["unique"] += 1
        if stats["unique"] <= limit:
            out.append(ctx.finding(
                "coverage-gap", "unique", task=t, number=task_label(t, ctx.lang),
                text=shorten(t.text, 90),
            ))
    return out, stats


def _task_words(t: Task) -> str:
    """A prose duty reads 'chủ trì, phối hợp ...': name its agency so the text stands alone."""
    if t.origin == "prose" and t.lead:
        return f"{', '.join(t.lead)}: {t.text}"
    return t.text


# ------------------------------------------------------------------------------ leads


def lead_checks(ctx: Context, alignment: Alignment) -> list[Finding]:
    peer_ids = {p.id for p in ctx.peers}
    tasks_by_key = {(p.id, t.id): (p, t) for p in ctx.peers for t in p.tasks}
    out = []
    for t in ctx.draft.tasks:
        if not t.lead:
            continue
        best: dict[str, tuple[float, str, bool | None, str | None]] = {}
        for plan, task, pair in alignment.matches_of(ctx.draft.id, t.id):
            if plan in peer_ids and (plan not in best or pair.score > best[plan][0]):
                best[plan] = (pair.score, task, pair.same_lead, pair.lead_change)
        agree = [pl for pl, v in best.items() if v[2] is True]
        differ = [pl for pl, v in sorted(best.items()) if v[2] is False]
        if not differ or agree:
            continue
        examples = [example_of(*tasks_by_key[(pl, best[pl][1])]) for pl in differ
                    if (pl, best[pl][1]) in tasks_by_key]
        leads = Counter(", ".join(e.lead) for e in examples if e.lead)
        if not leads:
            continue
        peer_lead, count = leads.most_common(1)[0]
        examples.sort(key=lambda e: ", ".join(e.lead) != peer_lead)  # the usual choice first
        out.append(ctx.finding(
            "lead-differs", "majority" if count >= 2 else "single", task=t,
            examples=examples, number=task_label(t, ctx.lang), lead=", ".join(t.lead),
            peers_with=count, peer_lead=peer_lead,
        ))
    return out


# ------------------------------------------------------------------------------ targets


def _unit(t: Target) -> str:
    return fold(t.unit or "").replace(" ", "")


def _metric(t: Target) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(t.metric or "")))


def _show(t: Target) -> str:
    value = t.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    unit = t.unit or ""
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()


def comparable_targets(ctx: Context) -> list[tuple[Target, list[tuple[str, Target]]]]:
    """Each draft target with the peer targets of the same unit and a similar metric."""
    from rapidfuzz import fuzz

    need = float(ctx.thresholds["target_metric_similarity"])
    out = []
    for t in ctx.draft.targets:
        metric = _metric(t)
        if t.value is None or len(metric.split()) < 2:
            continue
        matches = []
        for peer in ctx.peers:
            scored = [
                (fuzz.token_set_ratio(metric, _metric(pt)), i, pt) for i, pt in enumerate(peer.targets)
                if pt.value is not None and _unit(pt) == _unit(t) and len(_metric(pt).split()) >= 2
            ]
            scored = [s for s in scored if s[0] >= need]
            if scored:
                matches.append((peer.id, max(scored, key=lambda s: (s[0], -s[1]))[2]))
        if matches:
            out.append((t, matches))
    return out


def target_checks(ctx: Context) -> tuple[list[Finding], dict[str, int]]:
    out = []
    comparable = comparable_targets(ctx)
    not_lower = 0
    for t, matches in comparable:
        values = [pt.value for _, pt in matches]
        lower = _unit(t) == "%" and t.value < min(values)  # type: ignore[operator]
        not_lower += 0 if lower else 1
        if all(v == t.value for v in values):
            continue
        out.append(ctx.finding(
            "target-differs", "lower" if lower else "other", span=t.span,
            examples=[_target_example(pid, pt) for pid, pt in matches],
            metric=shorten(t.metric or t.text, 70), value=_show(t),
            peer_values=", ".join(f"{_show(pt)} ({pid})" for pid, pt in matches),
        ))
    stats = {
        "comparable": len(comparable), "not_lower": not_lower,
        "targets": sum(1 for t in ctx.draft.targets if t.value is not None),
        "peer_targets": sum(1 for p in ctx.peers for t in p.targets if t.value is not None),
    }
    return out, stats


def _target_example(plan_id: str, t: Target):
    from ccompare.benchmark.model import PeerExample

    return PeerExample(plan_id, None, shorten(t.text, 200))
