"""The `compare` verb: plans -> aligned task pairs with evidence, gaps and differences.

`compare_plans` aligns the tasks of every pair of plans (align.py), keeps the pairs the
calibration accepts, and reads off what people want to see side by side: tasks one plan has
and another lacks (gaps), the same kind of work led by different agencies (compared through
roles and the 2025 lineage, leads.py), and differing deadlines and frequency targets
(differences.py). Everything is a frozen dataclass; `tables.py` writes JSON, CSV, tables and
XLSX from it.

At scale the result is bounded: each task keeps its `max_pairs_per_task` best accepted partners
(a pair stays when either of its tasks keeps it; `pairs_left_out` counts the rest), and a gap
lists at most `max_missing_listed` plans (`missing_count` says how many miss the task). Gaps
are read from every accepted pair, before the cap. Each stage reports to `progress(stage, done,
total)`; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import filterfalse, islice
from typing import TYPE_CHECKING, Any

from ccompare.compare.align import Calibration, load_calibration, match_texts, score_tasks, sibling_ids
from ccompare.compare.candidates import unique_keys  # np.unique by a sort: faster on millions of keys
from ccompare.compare.collector import collector_paused
from ccompare.compare.differences import deadline_key, keys_differ, quantities, targets_differ
from ccompare.compare.leads import compare_leads, subject_words
from ccompare.compare.progress import stage_ticker
from ccompare.compare.scoring import local_map
from ccompare.compare.text import concepts_in, shared_phrases, task_work
from ccompare.compare.work import DIFFERENT_WORK, Work, activity_label, shared_activity, shared_object
from ccompare.read.fold import fold
from ccompare.schema import Plan, Task

if TYPE_CHECKING:
    from ccompare.compare.areas import AreaModel


@dataclass(frozen=True)
class PlanInfo:
    id: str
    province: str | None
    year: int | None
    date: str | None  # its own date, else the first day of its year, else None
    title: str | None
    province_as_of: str | None  # the province it belongs to at `as_of` (itself without as_of)
    date_inferred: bool = False  # True when `date` is the first day of the year, the plan giving no date


@dataclass(frozen=True)
class TaskRef:
    plan: str
    task: str
    text: str
    lead: tuple[str, ...]
    number: str | None = None
    deadline: str | None = None
    area: str | None = None


@dataclass(frozen=True)
class AlignedPair:
    a: TaskRef
    b: TaskRef
    score: float
    same_lead: bool | None
    lead_change: str | None  # "reorganisation" when the leads match only through the lineage
    evidence: tuple[str, ...]
    lead_note: str | None = None  # the lineage steps, when lead_change is set


@dataclass(frozen=True)
class RelatedPair:
    """Two tasks that name the same object but do different work (work.DIFFERENT_WORK), close
    enough that they would be aligned were the work the same: shown so a reader sees why they are
    not a shared task, never counted as one (nor as each other's counterpart in gaps)."""

    a: TaskRef
    b: TaskRef
    score: float  # the calibrated score (below the threshold: the work differs)
    subject_score: float  # the score had the two tasks done the same work (align: activity_mismatch)
    relation: str
    evidence: tuple[str, ...]  # "different work: <activity of a> / <activity of b>", "object: <phrase>"


@dataclass(frozen=True)
class Gap:
    plan: str
    task: str
    text: str
    missing_in: tuple[str, ...]
    lead: tuple[str, ...] = ()
    area: str | None = None
    missing_count: int | None = None  # plans missing the task (missing_in may list fewer)


@dataclass(frozen=True)
class UnknownAgency:
    """A lead or partner the agency data does not know, kept as the plan wrote it."""

    plan: str
    agency: str
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class DeadlineDifference:
    a: TaskRef
    b: TaskRef
    reading_a: str
    reading_b: str


@dataclass(frozen=True)
class TargetDifference:
    a: TaskRef
    b: TaskRef
    target_a: str
    target_b: str
    per_year_a: tuple[float, float]
    per_year_b: tuple[float, float]
    unit_a: str | None
    unit_b: str | None


@dataclass(frozen=True)
class Comparison:
    plans: tuple[PlanInfo, ...]
    pairs: tuple[AlignedPair, ...]
    gaps: tuple[Gap, ...]
    lead_differences: tuple[AlignedPair, ...]
    deadline_differences: tuple[DeadlineDifference, ...]
    target_differences: tuple[TargetDifference, ...]
    threshold: float
    calibration: str
    candidates: str  # "all" (every cross-plan pair scored) or "block" (key-term blocking)
    pairs_scored: int
    as_of: str | None = None
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()  # province as of `as_of` -> plan ids
    unknown_agencies: tuple[UnknownAgency, ...] = ()
    pairs_accepted: int = 0  # pairs at or above the threshold, before the per-task cap
    pairs_left_out: int = 0  # accepted pairs beyond every task's cap (not in `pairs`)
    max_pairs_per_task: int | None = None
    seconds: float = 0.0  # wall time of the comparison
    related: tuple[RelatedPair, ...] = ()  # same subject, different work (not shared tasks)
    related_left_out: int = 0  # such pairs beyond every task's cap


MAX_PAIRS_PER_TASK = 10  # default cap of reported partners per task (None: no cap)


def unknown_agencies(plans: Sequence[Plan]) -> tuple[UnknownAgency, ...]:
    """Leads and partners of each plan's tasks that the agency data does not know."""
    from ccompare.agencies import is_known

    out = []
    known: dict[tuple[str, str | None], bool] = {}  # plans name the same few bodies in every task
    for plan in plans:
        found: dict[str, list[str]] = {}
        for task in plan.tasks:
            for name in dict.fromkeys((*task.lead, *task.partners)):
                if not name:
                    continue
                verdict = known.get((name, plan.province))
                if verdict is None:
                    verdict = known[(name, plan.province)] = is_known(name, plan.province)
                if not verdict:
                    found.setdefault(name, []).append(task.id)
        out.extend(UnknownAgency(plan.id, name, tuple(ids)) for name, ids in sorted(found.items()))
    return tuple(out)


def plan_date(plan: Plan) -> str | None:
    """The plan's date, or the first day of its year when the date is blank."""
    if plan.date:
        return plan.date
    year = plan.year
    return f"{year:04d}-01-01" if year else None


def _ref(plan: Plan, task: Task) -> TaskRef:
    return TaskRef(plan.id, task.id, task.text, tuple(task.lead), task.number, task.deadline, task.area)


def _province_as_of(province: str | None, as_of: str | None) -> str | None:
    if province is None or as_of is None:
        return province
    from ccompare.provinces import successor

    return successor(province, as_of)


def _theme_evidence(text_a: str, text_b: str) -> list[str]:
    shared = set(concepts_in(fold(text_a))) & set(concepts_in(fold(text_b)))
    return [f"theme: {c}" for c in sorted(shared)]


def prepare_models(*, areas: bool = True) -> None:
    """Load what comparing reads before its first task: scikit-learn, pyvi's model and, with
    `areas`, the area model (about 2 s on first use, once per process). `ccompare compare` runs
    this while its worker processes read the files (extract_plans(meanwhile=...))."""
    import sklearn.feature_extraction.text  # noqa: F401 - the import is the work

    from ccompare.compare.wordseg import fast_pyvi

    fast_pyvi()
    if areas:
        from ccompare.compare.areas import default_area_model

        default_area_model()


@collector_paused()
def compare_plans(
    plans: Sequence[Plan],
    *,
    as_of: str | None = None,
    threshold: float | None = None,
    calibration: Calibration | None = None,
    candidates: str = "auto",
    max_pairs_per_task: int | None = MAX_PAIRS_PER_TASK,
    max_missing_listed: int | None = None,
    candidates_per_task: int | None = None,
    mapper: Callable[..., list] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    areas: AreaModel | bool = False,
) -> Comparison:
    """Align the tasks of every pair of plans and collect gaps and differences.

    `threshold` overrides the calibrated score threshold; `as_of` groups provinces by their
    successors at that date (leads are always compared as of the later plan's date).
    `candidates` is "auto", "all", "topk" or "block" (align.candidate_pairs) with
    `candidates_per_task` neighbours per view; `mapper` runs the chunks elsewhere (parallel.py).
    `areas` (True or an AreaModel) first tags the tasks' reform areas as `areas.tag_areas`
    does, with a mapper in the same round of workers as the text analysis.
    """
    import time

    started = time.perf_counter()
    cal = calibration or load_calibration()
    cut = cal.threshold if threshold is None else float(threshold)
    plans = list(plans)
    dates = [plan_date(p) for p in plans]
    known_dates = [d for d in dates if d]
    latest = max([*known_dates, *([as_of] if as_of else [])], default=None)

    texts: list[str] = []
    groups: list[int] = []
    leads: list[tuple[str, ...]] = []
    own_texts: list[str] = []
    for k, plan in enumerate(plans):
        usable = [t for t in plan.tasks if t.text.strip()]
        for task, text in zip(usable, match_texts(usable), strict=True):
            texts.append(text)
            groups.append(k)
            leads.append(tuple(task.lead))
            own_texts.append(task.text)
    compared = len(set(groups)) > 1
    if areas is not False:
        plans = _tag_areas(plans, None if areas is True else areas, texts if compared else [], mapper, progress)
    elif compared and mapper is not None:
        _analyse_elsewhere(texts, mapper, progress)
    refs = [_ref(plan, task) for plan in plans for task in plan.tasks if task.text.strip()]

    pairs: list[AlignedPair] = []
    scored = accepted_n = left_out = 0
    method = "all"
    matched_keys = None
    rest: dict[str, Any] = {}

    def without_evidence(aligned: list[list[int]], different_work, report) -> None:
        """Gaps, deadline and target differences, unknown agencies and the related pairs (of
        `different_work`, scored pairs of different work): with a mapper, found while its workers
        read the evidence of the aligned pairs."""
        rest["gaps"] = (_gaps(refs, groups, [p.id for p in plans], matched_keys, max_missing_listed, report,
                              texts=texts) if len(plans) > 1 else [])
        rest["differences"] = _differences(aligned, refs, texts)
        rest["unknown"] = unknown_agencies(plans)
        rest["related"] = ([], 0) if different_work is None else \
            _related_pairs(different_work, cal, cut, refs, texts, groups, max_pairs_per_task)

    if compared:
        import numpy as np

        _, sp = score_tasks(texts, groups, cal, leads=leads, as_of=latest, method=candidates,
                            siblings=sibling_ids(groups, own_texts), k=candidates_per_task, mapper=mapper,
                            progress=progress)
        scored, method = len(sp.pairs), sp.method
        different_work = None
        if sp.different_work is not None:  # only these can be related pairs: keep them, not all scored
            rows = np.nonzero(sp.different_work)[0]
            different_work = replace(sp, pairs=sp.pairs[rows], scores=sp.scores[rows], outranked=None,
                                     different_work=sp.different_work[rows])
        ok = np.nonzero((sp.scores >= cut) & ~sp.outranked)[0]
        accepted_n = len(ok)
        acc_pairs, acc_scores = sp.pairs[ok], sp.scores[ok]
        g = np.asarray(groups, dtype=np.int64)
        width = int(g.max()) + 1
        matched_keys = unique_keys(np.concatenate([acc_pairs[:, 0] * width + g[acc_pairs[:, 1]],
                                                   acc_pairs[:, 1] * width + g[acc_pairs[:, 0]]]))
        keep = top_per_task(acc_pairs, acc_scores, max_pairs_per_task)
        left_out = int(accepted_n - keep.sum())
        acc_pairs, acc_scores = acc_pairs[keep], acc_scores[keep]
        del sp
        swap = g[acc_pairs[:, 0]] > g[acc_pairs[:, 1]]
        acc_pairs[swap] = acc_pairs[swap][:, ::-1]
        # the order of the output: plan A's task, then the (rounded) score down, then B's task
        rounded = np.array([round(x, 4) for x in acc_scores.tolist()])
        by = np.lexsort((acc_pairs[:, 1], -rounded, acc_pairs[:, 0]))
        acc_pairs, rounded = acc_pairs[by], rounded[by]
        ctx = EvidenceContext(tuple(texts), tuple(r.lead for r in refs), tuple(groups), tuple(dates))
        items = [acc_pairs[s:s + EVIDENCE_CHUNK] for s in range(0, len(acc_pairs), EVIDENCE_CHUNK)]
        tick = stage_ticker(progress, "pairs", len(items))
        plain_pairs = acc_pairs.tolist()
        found = (mapper if _spread_evidence(mapper, len(refs)) else local_map)(
            pair_evidence, ctx, items, progress=tick,
            meanwhile=lambda: without_evidence(plain_pairs, different_work, None))
        for (i, j), score, (same, change, note, evidence) in zip(
                plain_pairs, rounded.tolist(), (e for part in found for e in part), strict=True):
            pairs.append(AlignedPair(refs[i], refs[j], score, same, change, evidence, note))
        del found
        if progress:
            progress("gaps", len(refs), len(refs))
    else:
        without_evidence([], None, progress)
    deadline_diffs, target_diffs = rest["differences"]
    related, related_left_out = rest["related"]

    infos = tuple(PlanInfo(p.id, p.province, p.year, d, p.title, _province_as_of(p.province, as_of),
                           date_inferred=bool(d) and not p.date)
                  for p, d in zip(plans, dates, strict=True))
    grouping: dict[str, list[str]] = {}
    if as_of:
        for info in infos:
            grouping.setdefault(info.province_as_of or "unknown", []).append(info.id)
    return Comparison(
        plans=infos,
        pairs=tuple(pairs),
        gaps=tuple(rest["gaps"]),
        lead_differences=tuple(p for p in pairs if p.same_lead is False),
        deadline_differences=tuple(deadline_diffs),
        target_differences=tuple(target_diffs),
        threshold=cut,
        calibration=cal.source,
        candidates=method,
        pairs_scored=scored,
        as_of=as_of,
        groups=tuple((k, tuple(v)) for k, v in sorted(grouping.items())),
        unknown_agencies=rest["unknown"],
        pairs_accepted=accepted_n,
        pairs_left_out=left_out,
        max_pairs_per_task=max_pairs_per_task,
        seconds=round(time.perf_counter() - started, 3),
        related=tuple(related),
        related_left_out=related_left_out,
    )


EVIDENCE_CHUNK = 2_500  # pairs a chunk: 17 at 200 plans, so the two workers end close together
LOCAL_EVIDENCE_MAX_TASKS = 12_000  # beyond, local workers would copy too much to read evidence


def _spread_evidence(mapper, n_tasks: int) -> bool:
    """Whether `mapper` reads the evidence of the reported pairs. Forked local workers doing it touch
    (so copy) most of this process' objects and build phrase caches of their own: at 1,000 plans
    (29,848 tasks) two of them took the run from 1.1 to 2.1-2.4 GiB in all to save ~9 s, at 200
    plans (5,966 tasks) from 0.6 to 0.9 GiB. On a cluster each worker has memory of its own."""
    if mapper is None:
        return False
    return not getattr(mapper, "shares_memory", False) or n_tasks <= LOCAL_EVIDENCE_MAX_TASKS


@dataclass(frozen=True)
class EvidenceContext:
    """What reading the evidence of a pair needs: every task's text, lead, plan, and the plans' dates."""

    texts: tuple[str, ...]
    leads: tuple[tuple[str, ...], ...]
    groups: tuple[int, ...]
    dates: tuple[str | None, ...]


def pair_evidence(ctx: EvidenceContext, pairs) -> list[tuple[bool | None, str | None, str | None, tuple[str, ...]]]:
    """(same lead, lead change, lineage note, evidence phrases) of each pair (i, j), i's plan first."""
    out = []
    for i, j in pairs.tolist():
        a, b = ctx.texts[i], ctx.texts[j]
        later = max((d for d in (ctx.dates[ctx.groups[i]], ctx.dates[ctx.groups[j]]) if d), default=None)
        wa, wb = subject_words(a), subject_words(b)
        words = None if wa is None or wb is None else wa | wb  # the split keywords of the two texts
        lead = compare_leads(ctx.leads[i], ctx.leads[j], as_of=later, subject=f"{a} {b}", words=words)
        evidence = shared_phrases(a, b) or _theme_evidence(a, b)
        out.append((lead.same, lead.change, lead.note, (*_work_evidence(a, b), *evidence)))
    return out


@lru_cache(maxsize=65536)
def _work(text: str) -> Work:
    return task_work(text)


def _work_evidence(a: str, b: str) -> tuple[str, ...]:
    """The shared work first: the activity as plan A writes it, and the object both tasks name
    (issue 16: the same object alone is not the same task)."""
    wa, wb = _work(a), _work(b)
    out = []
    activity = shared_activity(wa, wb)
    if activity:
        out.append(f"activity: {activity}")
    common = _object_phrase(a, b, wa, wb) if shared_object(wa, wb) else []
    out += [f"object: {phrase}" for phrase in common]
    return tuple(out)


def _object_phrase(a: str, b: str, wa: Work, wb: Work) -> list[str]:
    """The longest phrase the two objects share, read in the tasks' own texts (reading each
    object again on its own took a third of the evidence of 200 plans)."""
    return shared_phrases(a, b, limit=1, a_spans=wa.object_spans, b_spans=wb.object_spans)


def _related_pairs(sp, cal: Calibration, cut: float, refs: list[TaskRef], texts: list[str], groups: list[int],
                   limit: int | None) -> tuple[list[RelatedPair], int]:
    """The pairs whose tasks do different work on a shared object and would be accepted were the
    work the same (`subject_scores` >= `cut`), each task keeping its `limit` best (and how many
    were left out). The evidence phrases, the costly part, are read only for the pairs kept."""
    import numpy as np

    if sp.different_work is None:
        return [], 0
    subject = subject_scores(sp.scores, cal)
    rows = np.nonzero((subject >= cut) & sp.different_work)[0]
    rows = np.array([n for n in rows.tolist()
                     if shared_object(_work(texts[sp.pairs[n, 0]]), _work(texts[sp.pairs[n, 1]]))], dtype=np.int64)
    if len(rows) == 0:
        return [], 0
    keep = rows[top_per_task(sp.pairs[rows], subject[rows], limit)]
    out = []
    for n in keep.tolist():
        i, j = (int(x) for x in sp.pairs[n])
        if groups[i] > groups[j]:
            i, j = j, i
        out.append(RelatedPair(refs[i], refs[j], round(float(sp.scores[n]), 4), round(float(subject[n]), 4),
                               DIFFERENT_WORK, _related_evidence(texts[i], texts[j])))
    order = {r.task: n for n, r in enumerate(refs)}
    out.sort(key=lambda p: (order[p.a.task], -p.subject_score, order[p.b.task]))
    return out, len(rows) - len(keep)


def subject_scores(scores, cal: Calibration):
    """Each pair's score had the two tasks done the same work, for pairs of different work (whose
    activities share no family): the final stage's logit without the weight of `activity_mismatch`
    and with that of `same_activity` (support, read through the first stage, is left as it is)."""
    import numpy as np

    from ccompare.compare.align import FEATURES

    shift = -cal.coef[FEATURES.index("activity_mismatch")] + cal.coef[FEATURES.index("same_activity")]
    p = np.clip(np.asarray(scores, dtype=float), 1e-12, 1 - 1e-12)
    return 1.0 / (1.0 + np.exp(-(np.log(p / (1 - p)) + shift)))


def _related_evidence(a: str, b: str) -> tuple[str, ...]:
    """The two activities and the object both name (as plan A writes it) of two tasks that share one."""
    wa, wb = _work(a), _work(b)
    common = _object_phrase(a, b, wa, wb) or [" ".join(shared_object(wa, wb))]
    return (f"different work: {activity_label(wa.activity)} / {activity_label(wb.activity)}",
            *(f"object: {phrase}" for phrase in common))


def top_per_task(pairs, scores, limit: int | None):
    """Mask of the pairs that rank among the `limit` best of either of their tasks (by score,
    ties by the partner's index); all True without a limit."""
    import numpy as np

    n = len(pairs)
    if limit is None or n == 0:
        return np.ones(n, dtype=bool)
    end = np.concatenate([pairs[:, 0], pairs[:, 1]])
    other = np.concatenate([pairs[:, 1], pairs[:, 0]])
    sc = np.concatenate([scores, scores])
    order = np.lexsort((other, -sc, end))
    ranked = end[order]
    rank = np.empty(2 * n, dtype=np.int64)
    rank[order] = np.arange(2 * n) - np.searchsorted(ranked, ranked, side="left")
    return (rank[:n] < limit) | (rank[n:] < limit)


def _gaps(refs: list[TaskRef], groups: list[int], plan_ids: list[str], matched_keys, limit: int | None,
          progress, *, texts: Sequence[str] = ()) -> list[Gap]:
    """Each task and the plans none of whose tasks it was aligned with (`matched_keys`: task *
    n_plans + plan of every accepted pair's end, before the per-task cap) nor has its very text
    (`texts`, the texts matched; whitespace aside). A template copied into more plans than a
    task keeps neighbours (align.candidate_pairs) ties at cosine 1 with every copy, so the pairs
    with the last copies are never scored: at 200 plans, 87 plans holding the same text were
    listed as lacking it."""
    import numpy as np

    width = len(plan_ids)
    same_text: dict[str, set[int]] = {}
    for text, g in zip(texts, groups, strict=False):
        same_text.setdefault(" ".join(text.split()), set()).add(g)
    keys = matched_keys if matched_keys is not None else np.zeros(0, dtype=np.int64)
    task_of = keys // width
    starts = np.searchsorted(task_of, np.arange(len(refs) + 1))
    plan_of = (keys % width).tolist()
    out = []
    step = max(1, len(refs) // 100)
    if progress:
        progress("gaps", 0, len(refs))
    for n, r in enumerate(refs):
        seen = set(plan_of[starts[n]:starts[n + 1]])
        seen.add(groups[n])
        if texts:
            seen |= same_text[" ".join(texts[n].split())]
        count = width - len(seen)
        if count:  # the first `limit` plans not seen, in order (read in C: 591,456 plans at 200)
            unseen = filterfalse(seen.__contains__, range(width))
            missing = tuple(map(plan_ids.__getitem__, unseen if limit is None else islice(unseen, limit)))
            out.append(Gap(r.plan, r.task, r.text, missing, r.lead, r.area, count))
        if progress and (n + 1) % step == 0:
            progress("gaps", n + 1, len(refs))
    if progress:
        progress("gaps", len(refs), len(refs))
    return out


def _differences(pairs: list[list[int]], refs: list[TaskRef], texts: list[str]
                 ) -> tuple[list[DeadlineDifference], list[TargetDifference]]:
    """The deadline and the target differences of the aligned pairs (i, j), in their order (each
    task's deadline and targets read once, not once per pair: 42,023 pairs of 200 plans)."""
    deadlines = [deadline_key(r.deadline) for r in refs]
    targets = [quantities(f"{t} ; {r.deadline or ''}") for t, r in zip(texts, refs, strict=True)]
    deadline_diffs, target_diffs = [], []
    for i, j in pairs:
        ka, kb = deadlines[i], deadlines[j]
        if keys_differ(ka, kb):
            deadline_diffs.append(DeadlineDifference(refs[i], refs[j], ka.label(), kb.label()))
        differ = targets_differ(targets[i], targets[j])
        if differ:
            x, y = differ
            target_diffs.append(TargetDifference(refs[i], refs[j], x.text, y.text, x.per_year, y.per_year,
                                                 x.unit, y.unit))
    return deadline_diffs, target_diffs


ANALYSIS_CHUNK = 500  # distinct texts analysed per chunk


def _tag_areas(plans: list[Plan], model: AreaModel | None, texts: list[str], mapper, progress) -> list[Plan]:
    """The plans with their tasks' areas (areas.tag_areas); with a mapper, the area model's chunks
    run in one round with the analysis of `texts`, so neither waits for the other's last chunk."""
    from ccompare.compare.areas import area_texts, model_for_workers, tag_areas, tagging_model

    if mapper is None:
        return tag_areas(plans, model, progress=progress)
    model = tagging_model(model)
    pending = area_texts(plans)
    area_chunks = pending.chunks()
    codes = _analyse_elsewhere(texts, mapper, progress, areas=(model_for_workers(model), area_chunks))
    return pending.apply(codes)


def _analyse_elsewhere(texts: list[str], mapper, progress, *, areas=None) -> list:
    """Run the text analysis of indexing through `mapper` and seed the local cache with it; with
    `areas` (the model to send, its chunks of texts), the area model's chunks in the same round,
    whose codes are returned in the order of those texts."""
    from ccompare.compare.text import seed_task_texts

    unique = list(dict.fromkeys(texts))
    chunks = [("analyse", unique[s:s + ANALYSIS_CHUNK]) for s in range(0, len(unique), ANALYSIS_CHUNK)]
    model, area_chunks = areas if areas is not None else (None, [])
    chunks += [("areas", c) for c in area_chunks]  # the smaller chunks last: both workers end together
    tick = stage_ticker(progress, "indexing", len(chunks) + 1)
    results = mapper(_prepare_chunk, model, chunks, progress=tick)
    seed_task_texts({t: r for (kind, chunk), res in zip(chunks, results, strict=True) if kind == "analyse"
                     for t, r in zip(chunk, res, strict=True)})
    return [code for (kind, _), res in zip(chunks, results, strict=True) if kind == "areas" for code in res]


def _prepare_chunk(area_model, item: tuple[str, list[str]]):
    """One chunk of the first round of workers: the text analysis of indexing, or the areas."""
    from ccompare.compare.areas import predict_areas
    from ccompare.compare.text import analyse_texts

    kind, texts = item
    return analyse_texts(texts) if kind == "analyse" else predict_areas(area_model, texts)
