"""The `extract` verb: files -> Plans with citations, one bad file never stopping the rest."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from ccompare.background import alongside
from ccompare.cache import PlanCache
from ccompare.inputs import collect_inputs
from ccompare.read.errors import ReadError
from ccompare.read.source import MAX_BYTES, SourceText, display_path
from ccompare.schema import Plan
from ccompare.structure import build_plan


@dataclass(frozen=True)
class Duplicate:
    """An input with the same text as one already read (whatever the format): read once."""

    path: str
    same_as: str  # the path of the input that was kept
    plan: str  # the kept plan's id


@dataclass(frozen=True)
class ExtractResult:
    plans: list[Plan]
    errors: list[ReadError]
    sources: dict[str, SourceText]  # plan id -> its source text, for evidence and coverage
    duplicates: tuple[Duplicate, ...] = ()


def read_any(path: str | os.PathLike[str]) -> SourceText:
    """.txt/.md here; .docx/.pdf through their readers when installed."""
    try:
        from ccompare.read.document import read_document
    except ImportError:  # readers for Word/PDF not available
        from ccompare.read.source import read_source as read_document
    return read_document(path)


def _with_citations(src: SourceText, plan: Plan) -> Plan:
    from ccompare.citations import cite

    citations, flags = cite(src, plan)
    return replace(plan, citations=tuple(citations), flags=plan.flags + tuple(flags))


def extract_source(path: str | os.PathLike[str], *, whole: bool = True) -> tuple[SourceText, Plan]:
    """One file -> its text and Plan; `whole=False` as in `extract_plans`."""
    src = read_any(path)
    try:
        plan = build_plan(src, targets=whole)
    except ReadError:
        raise
    except Exception as exc:  # a parser bug must not hide the other inputs: report it per file
        raise ReadError(src.path, f"could not be parsed ({type(exc).__name__}: {exc})") from exc
    return src, _with_citations(src, plan) if whole else plan


def extract_plan(path: str | os.PathLike[str]) -> Plan:
    """One file -> one Plan (raises ReadError with a one-line reason)."""
    return extract_source(path)[1]


def _extract_or_error(path: Path, whole: bool = True) -> tuple[SourceText, Plan, str] | tuple[str, str]:
    """Worker-safe: exceptions do not cross process boundaries well, so errors come back as data.
    A plan comes with its text key, read where the file was (a second or so of 200 plans' keys
    would otherwise wait on this process)."""
    try:
        src, plan = extract_source(path, whole=whole)
    except ReadError as err:
        return err.path, err.problem
    return src, plan, text_key(src.text)


def _file_sha(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def extract_plans(
    paths: Iterable[str | os.PathLike[str]] = (),
    *,
    progress: Callable[[Path], None] | None = None,
    jobs: int = 1,
    cache: PlanCache | None = None,
    map_files: Callable[[Callable, list], list] | None = None,
    meanwhile: Callable[[], object] | None = None,
    whole: bool = True,
) -> ExtractResult:
    """Files and folders (default: the bundled corpus) -> Plans; errors are collected, not raised.

    `jobs` > 1 reads files in parallel processes; `cache` skips files whose bytes are unchanged;
    `map_files(fn, paths)` (e.g. compare.parallel.DaskMapper.map_files) reads them elsewhere
    instead, in order (the workers must see the same paths). Results keep the input order
    whatever the parallelism. `meanwhile()` runs in this process while worker processes read
    (in a thread started once they are all forked), else after reading: `ccompare compare`
    loads its models then instead of leaving a core idle for 2 s afterwards.

    `whole=False` reads only what `compare` uses (header, sections, tasks): no targets and no
    citations, so no second pass resolving them across the run either (`citations.link_corpus`).
    Of 200 plans in one process, targets took 0.35 s, citations 0.22-0.28 s and the pass 0.36 s,
    of about 5 s. Such plans are never put in `cache` (whole ones read from it are used as they are).
    """
    files, errors = collect_inputs(paths)
    read_one = partial(_extract_or_error, whole=whole)
    done: dict[int, tuple[SourceText, Plan, str] | tuple[str, str]] = {}
    todo: list[int] = []
    shas: dict[int, str | None] = {}
    for k, f in enumerate(files):
        if cache is not None:
            shas[k] = sha = _file_sha(f)
            hit = cache.get(sha) if sha else None
            if hit is not None:
                plan, text, encoding = hit
                shown = display_path(f)
                src = SourceText(shown, sha, text, encoding)
                done[k] = (src, replace(plan, source=replace(plan.source, path=shown)), text_key(text))
                if progress:
                    progress(f)
                continue
        todo.append(k)
    if map_files is not None and todo:
        for k, result in zip(todo, map_files(read_one, [files[k] for k in todo]), strict=True):
            done[k] = result
            if progress:
                progress(files[k])
    elif jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            # map submits every chunk at once, so the workers are forked before `meanwhile` starts
            results = pool.map(read_one, [files[k] for k in todo], chunksize=4)
            with alongside(meanwhile):
                for k, result in zip(todo, results, strict=True):
                    done[k] = result
                    if progress:
                        progress(files[k])
        meanwhile = None
    else:
        for k in todo:
            if progress:
                progress(files[k])
            done[k] = read_one(files[k])
    read: list[tuple[SourceText, Plan]] = []
    keys: list[str] = []
    kept: dict[str, tuple[SourceText, Plan]] = {}  # text key -> first input with that text
    duplicates: list[Duplicate] = []
    for k in range(len(files)):
        result = done[k]
        if isinstance(result[0], str):
            errors.append(ReadError(*result))
            continue
        src, plan, key = result
        if whole and cache is not None and k in todo and shas.get(k) == src.sha256:
            cache.put(src.sha256, plan, src.text, src.encoding)
        if key in kept:
            duplicates.append(Duplicate(src.path, kept[key][0].path, kept[key][1].id))
            continue
        kept[key] = (src, plan)
        read.append((src, plan))
        keys.append(key)
    plans = _unique_ids([plan for _, plan in read], keys)
    sources = {plan.id: src for plan, (src, _) in zip(plans, read, strict=True)}
    final_ids = {src.path: plan_id for plan_id, src in sources.items()}
    duplicates = [replace(d, plan=final_ids[d.same_as]) for d in duplicates]
    if whole:
        plans = _link(plans, sources)
    if meanwhile is not None:
        meanwhile()
    return ExtractResult(plans, errors, sources, tuple(duplicates))


def text_key(text: str) -> str:
    """Identity of a document's text whatever its format: whitespace runs count as one space."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _unique_ids(plans: list[Plan], keys: list[str]) -> list[Plan]:
    """Distinct documents that would share an id get -2, -3, ... in the order of their text keys,
    so the ids of a run do not depend on the order its inputs were given in."""
    groups: dict[str, list[int]] = {}
    for k, plan in enumerate(plans):
        groups.setdefault(plan.id, []).append(k)
    out = list(plans)
    taken = set(groups)
    for base, members in groups.items():
        for n, k in enumerate(sorted(members, key=lambda k: keys[k])[1:], start=2):
            while f"{base}-{n}" in taken:
                n += 1
            new = f"{base}-{n}"
            taken.add(new)
            plan = plans[k]
            tasks = tuple(replace(t, id=t.id.replace(base + "#", new + "#", 1)) for t in plan.tasks)
            out[k] = replace(plan, id=new, tasks=tasks)
    return out


def _link(plans: list[Plan], sources: dict[str, SourceText]) -> list[Plan]:
    """Citations that name another corpus document resolve to it (needs every plan of the run)."""
    from ccompare.citations import link_corpus

    return list(link_corpus(plans, sources))
