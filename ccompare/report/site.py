"""The HTML report: an offline site of plain files (index, one page per plan with its evidence,
citation graph, comparison matrix, charts), written atomically and byte-identical across runs.

Every string that comes from a document goes through Jinja2's autoescaping (or markupsafe.escape
in the few places that build markup in Python), so a plan containing `<script>` or `" onerror=`
shows as text. Pages load only the two local files in static/ and nothing from the network.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import tempfile
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from ccompare.atomic import atomic_write, output_mode
from ccompare.datafiles import load_json
from ccompare.read.fold import fold
from ccompare.report.charts import areas_chart, cited_chart
from ccompare.report.evidence import meta_anchors, plan_marks, render_source
from ccompare.report.graphview import citation_network, render_svg
from ccompare.report.matrix import Matrix, build_matrix
from ccompare.rows import plan_year
from ccompare.schema import Plan

STATIC_FILES = ("report.css", "report.js")
PLANS_DIR = "plans"
GRAPH_VIEW = "citation-graph.html"  # the citations package's interactive view, when it is available
MAX_ROWS = 2000  # long comparison lists are cut (with a note) so pages stay usable


def template_env():
    """The Jinja2 environment of the report templates (autoescaping, strict undefined)."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fmt"] = lambda template, **kw: template.format(**kw)
    return env


def ui_strings(lang: str) -> Mapping[str, Any]:
    """The report's labels in `lang` (data/report_ui.json)."""
    from ccompare import uitext

    return uitext.ui_strings("report", lang)


def area_names(lang: str) -> list[tuple[str, str]]:
    return [(a["code"], a.get(f"name_{lang}") or a["code"]) for a in load_json("reform_areas.json")["areas"]]


def page_names(plan_ids: Iterable[str]) -> dict[str, str]:
    """plan id -> file stem: ASCII, filesystem-safe, unique (a suffix when two ids fold alike)."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for pid in sorted(plan_ids):
        stem = re.sub(r"[^a-z0-9]+", "-", fold(pid).lower()).strip("-")[:80] or "plan"
        name, k = stem, 2
        while name in taken:
            name, k = f"{stem}-{k}", k + 1
        taken.add(name)
        names[pid] = name
    return names


def _province_info():
    from ccompare.provinces import provinces, successor

    effective = load_json("provinces.json")["effective"]
    known = provinces()

    def info(slug: str | None) -> tuple[str, str, str, str]:
        """(slug, name as issued, slug now, name now) for a plan's province."""
        if not slug:
            return "", "—", "", "—"
        now = successor(slug, effective)
        name = known[slug].name if slug in known else slug
        now_name = known[now].name if now in known else (known[slug].successor_name if slug in known else now)
        return slug, name, now, now_name

    return info


def _overview(plans: Sequence[Plan], pages: Mapping[str, str]) -> dict[str, Any]:
    info = _province_info()
    rows = []
    by_province: dict[str, dict[str, Any]] = {}
    by_now: dict[str, dict[str, Any]] = {}
    years: Counter[Any] = Counter()
    for plan in plans:
        slug, name, now, now_name = info(plan.province)
        year = plan_year(plan)
        years[year] += 1
        rows.append({"plan": plan, "page": pages[plan.id], "province": name, "province_now": now_name,
                     "year": year})
        p = by_province.setdefault(slug, {"name": name, "now": now_name, "plans": 0, "tasks": 0, "years": set()})
        p["plans"] += 1
        p["tasks"] += len(plan.tasks)
        if year:
            p["years"].add(year)
        n = by_now.setdefault(now, {"name": now_name, "members": set(), "plans": 0, "tasks": 0})
        n["members"].add(name)
        n["plans"] += 1
        n["tasks"] += len(plan.tasks)
    provinces = [{**v, "years": sorted(v["years"])} for _, v in sorted(by_province.items())]
    provinces_now = [{**v, "members": sorted(v["members"])} for _, v in sorted(by_now.items())]
    counts = {
        "plans": len(plans),
        "provinces": len([k for k in by_province if k]),
        "provinces_now": len([k for k in by_now if k]),
        "years": len([y for y in years if y]),
        "tasks": sum(len(p.tasks) for p in plans),
        "documents": len({c.target for p in plans for c in p.citations if c.target}),
        "citations": sum(len(p.citations) for p in plans),
        "flags": sum(len(p.flags) for p in plans),
    }
    year_rows = sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    return {"rows": rows, "provinces": provinces, "provinces_now": provinces_now, "counts": counts,
            "years": year_rows}


def _charts(plans: Sequence[Plan], lang: str, ui: Mapping[str, str]) -> dict[str, Any]:
    info = _province_info()
    per_province: dict[str, Counter] = defaultdict(Counter)
    for plan in plans:
        label = info(plan.province)[1]
        for task in plan.tasks:
            per_province[label][task.area] += 1
    cited = {plan.id: [c.target for c in plan.citations if c.target] for plan in plans}
    return {"areas": areas_chart(per_province, area_names(lang), ui["unclassified"]),
            "cited": cited_chart(cited)}


def _task_links(plans: Sequence[Plan], pages: Mapping[str, str]) -> dict[str, str]:
    """task id -> link to its row on the plan page (relative to the site root)."""
    return {t.id: f"{PLANS_DIR}/{pages[p.id]}.html#task-{i}"
            for p in plans for i, t in enumerate(p.tasks, start=1)}


def _task_matrix(comparison: Any, matrix: Matrix | None, limit: int = 300) -> list[dict[str, Any]] | None:
    """Rows of the tasks x plans matrix (ccompare.compare.matrix_view, which takes either form)."""
    if matrix is None or matrix.grouped or comparison is None:
        return None
    from ccompare.compare import matrix_view

    return matrix_view(comparison)["rows"][:limit]


def _unknown_agencies(comparison: Any) -> list[dict[str, Any]]:
    """Leads and partners the agency data does not know, from a Comparison or its JSON."""
    if comparison is None:
        return []
    if not isinstance(comparison, Mapping):
        from ccompare.compare import comparison_to_data

        comparison = comparison_to_data(comparison)
    return list(comparison.get("unknown_agencies", ()))


def _graph_view(graph: Any, lang: str) -> str | None:
    """The citations package's interactive view of `graph`, in the report's language, linking back."""
    try:
        from ccompare.citations.view import render_html
    except ImportError:
        return None
    return render_html(graph, lang=lang, back="index.html")


def write_report(
    plans: Sequence[Plan],
    out_dir: str | os.PathLike[str],
    *,
    sources: Mapping[str, Any],
    comparison: Any = None,
    graph: Any = None,
    lang: str = "vi",
    errors: Sequence[Any] = (),
) -> list[Path]:
    """Write the report site under `out_dir` and return the files written, sorted.

    `sources` maps plan id -> SourceText (its `.text` is the NFC text the spans point into);
    `comparison` is the result of the comparison step (DESIGN.md `compare` JSON shape) or None;
    `graph` is the citation graph of `ccompare.citations.build_graph` or None (then the graph is
    drawn from the plans' citations); `errors` are the inputs that failed, listed on the index.
    """
    ui = ui_strings(lang)
    env = template_env()
    out = Path(out_dir)
    plans = sorted(plans, key=lambda p: p.id)
    pages = page_names(p.id for p in plans)
    plan_pages = {pid: f"{PLANS_DIR}/{name}.html" for pid, name in pages.items()}
    areas = dict(area_names(lang))
    files: dict[str, str | bytes] = {}
    base = {"ui": ui, "lang": lang, "areas": areas}

    view = _graph_view(graph, lang) if graph is not None else None
    if view is not None:
        files[GRAPH_VIEW] = view

    overview = _overview(plans, pages)
    charts = _charts(plans, lang, ui)
    province_of = {p.id: _province_info()(p.province)[1] for p in plans}
    matrix = build_matrix(comparison, [p.id for p in plans], province_of)
    files["index.html"] = env.get_template("index.html").render(
        **base, root="", here="index", overview=overview, charts=charts,
        errors=[str(e) for e in errors], graph_view=GRAPH_VIEW if view is not None else None,
        has_comparison=matrix is not None,
    )
    net = citation_network(plans, plan_pages, graph)
    kind_names = {k: ui[f"node_{k}"] for k in ("plan", "national", "provincial", "other")}
    files["graph.html"] = env.get_template("graph.html").render(
        **base, root="", here="graph", svg=render_svg(net, kind_names=kind_names) if net.nodes else None, net=net,
        graph_view=GRAPH_VIEW if view is not None else None,
    )
    files["compare.html"] = env.get_template("compare.html").render(
        **base, root="", here="compare", matrix=matrix, pages=plan_pages, links=_task_links(plans, pages),
        max_rows=MAX_ROWS, rows=_task_matrix(comparison, matrix), unknown=_unknown_agencies(comparison),
    )
    plan_tpl, source_tpl = env.get_template("plan.html"), env.get_template("source.html")
    info = _province_info()
    for plan in plans:
        name = pages[plan.id]
        src = sources.get(plan.id)
        source_page = f"{name}.source.html" if src is not None else None
        _, province, _, province_now = info(plan.province)
        files[f"{PLANS_DIR}/{name}.html"] = plan_tpl.render(
            **base, root="../", here="plan", plan=plan, source_page=source_page, meta=meta_anchors(plan),
            province=province, province_now=province_now, year=plan_year(plan),
        )
        if src is not None:
            files[f"{PLANS_DIR}/{source_page}"] = source_tpl.render(
                **base, root="../", here="source", plan=plan, plan_page=f"{name}.html",
                body=render_source(src.text, plan_marks(plan)), source_path=getattr(src, "path", ""),
            )
    static = resources.files("ccompare.report").joinpath("static")
    for fname in STATIC_FILES:
        files[f"static/{fname}"] = static.joinpath(fname).read_bytes()

    return publish_site(out, files)


MANIFEST = ".ccompare-report.json"  # the files the last run wrote: the only ones a rerun may remove
_TMP_PREFIX = ".ccompare-"


def publish_site(out: Path, files: Mapping[str, str | bytes]) -> list[Path]:
    """Write `files` (relative path -> content) as the site at `out`, as one transaction.

    The whole site is built in a temporary folder beside `out`; files that are there but were
    not written by an earlier report (no manifest entry) are carried over untouched; then the
    new folder is swapped in with two renames, signals held off in between. Interrupted
    before the swap, the old site is intact and the temporary folder is removed. When `out`
    cannot be renamed (a mount point), the files are replaced one by one instead.
    """
    given, out = out, Path(os.path.realpath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists() and not out.is_dir():
        raise NotADirectoryError(20, "not a folder", str(out))
    previous = _manifest(out)
    tmp = Path(tempfile.mkdtemp(prefix=f"{_TMP_PREFIX}{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        for rel, content in files.items():
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
            os.chmod(target, output_mode())
        (tmp / MANIFEST).write_text(json.dumps(sorted(files), indent=0) + "\n", "utf-8")
        if out.is_dir():
            _carry_over(out, tmp, set(files) | previous | {MANIFEST})
        cwd = Path(os.path.realpath(Path.cwd()))
        holds_cwd = cwd == out or out in cwd.parents  # renaming it would strand the user's shell
        if holds_cwd or not _swap(tmp, out):
            _replace_in_place(tmp, out, files, previous)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return sorted(given / rel for rel in files)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _manifest(out: Path) -> set[str]:
    try:
        names = json.loads((out / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return set()
    return {n for n in names if isinstance(n, str) and ".." not in Path(n).parts and not Path(n).is_absolute()}


def _carry_over(out: Path, tmp: Path, ours: set[str]) -> None:
    """Files of `out` that no report wrote (hard links when possible, else copies)."""
    for src in out.rglob("*"):
        rel = src.relative_to(out).as_posix()
        if rel in ours or src.is_dir() and not src.is_symlink() or rel.startswith(_TMP_PREFIX):
            continue
        dst = tmp / rel
        if dst.exists() or dst.is_symlink():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            os.symlink(os.readlink(src), dst)
            continue
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM that arrive during the block take effect after it. Python runs its
    handlers in the main thread whichever thread the kernel hands a signal to, and native threads
    (a math library's) do not block them, so blocking them in this thread alone left an
    interrupted swap's old site behind; the handlers themselves are deferred instead."""
    held = (signal.SIGINT, signal.SIGTERM)
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return
    pending: list[int] = []
    previous = {s: signal.signal(s, lambda signum, _frame: pending.append(signum)) for s in held}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for s in dict.fromkeys(pending):
            signal.raise_signal(s)


def _swap(tmp: Path, out: Path) -> bool:
    """Put `tmp` in the place of `out` and remove the old site, with SIGINT/SIGTERM held; False if
    not possible."""
    old = out.parent / f"{_TMP_PREFIX}{out.name}.{os.getpid()}.old"
    with _signals_held():
        had_old = out.exists()
        try:
            if had_old:
                os.rename(out, old)
        except OSError:
            return False
        try:
            os.rename(tmp, out)
        except OSError:
            if had_old:
                os.rename(old, out)
            return False
        shutil.rmtree(old, ignore_errors=True)
    return True


def _replace_in_place(tmp: Path, out: Path, files: Mapping[str, str | bytes], previous: set[str]) -> None:
    """Fallback when the folder cannot be swapped: each file atomically, then stale ones removed."""
    for rel in sorted(files):
        atomic_write(out / rel, files[rel])
    atomic_write(out / MANIFEST, (tmp / MANIFEST).read_bytes())
    for rel in sorted(previous - set(files)):
        (out / rel).unlink(missing_ok=True)
