"""A Comparison as JSON data (the DESIGN.md `compare --format json` shape plus extras), CSV
rows, a text table for people and an XLSX workbook."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from ccompare.compare.comparison import AlignedPair, Comparison, Gap, RelatedPair, TaskRef
from ccompare.rows import SCHEMA_VERSION, flat_value


def _side(ref: TaskRef) -> dict[str, Any]:
    return {"plan": ref.plan, "task": ref.task, "text": ref.text, "lead": list(ref.lead),
            "number": ref.number, "deadline": ref.deadline, "area": ref.area}


def _pair(p: AlignedPair) -> dict[str, Any]:
    return {"a": p.a, "b": p.b, "score": p.score, "same_lead": p.same_lead,
            "lead_change": p.lead_change, "evidence": list(p.evidence), "lead_note": p.lead_note}


def _related(p: RelatedPair) -> dict[str, Any]:
    return {"a": p.a, "b": p.b, "score": p.score, "subject_score": p.subject_score,
            "relation": p.relation, "evidence": list(p.evidence)}


def _gap(g: Gap) -> dict[str, Any]:
    return {"plan": g.plan, "task": g.task, "text": g.text, "missing_in": list(g.missing_in),
            "lead": list(g.lead), "area": g.area,
            "missing_count": len(g.missing_in) if g.missing_count is None else g.missing_count}


def _parts(c: Comparison) -> list[tuple[str, Any, Callable[[Any], Any] | None]]:
    """The JSON's keys in order, each with its value, or with a sequence and the function making
    each of its records. A record's task sides are TaskRefs, written as `_side` dicts: a task is
    in many pairs, and the JSON encodes each side once (`_record_json`)."""
    return [
        ("plans", c.plans, lambda p: p.id),
        ("pairs", c.pairs, _pair),
        ("gaps", c.gaps, _gap),
        ("related", c.related, _related),
        ("lead_differences", c.lead_differences, _pair),
        ("deadline_differences", c.deadline_differences,
         lambda d: {"a": d.a, "b": d.b, "reading_a": d.reading_a, "reading_b": d.reading_b}),
        ("target_differences", c.target_differences,
         lambda d: {"a": d.a, "b": d.b, "target_a": d.target_a, "target_b": d.target_b,
                    "per_year_a": list(d.per_year_a), "per_year_b": list(d.per_year_b),
                    "unit_a": d.unit_a, "unit_b": d.unit_b}),
        ("plan_details", c.plans,
         lambda p: {"id": p.id, "province": p.province, "year": p.year, "date": p.date,
                    "date_inferred": p.date_inferred, "title": p.title, "province_as_of": p.province_as_of}),
        ("schema_version", SCHEMA_VERSION, None),
        ("as_of", c.as_of, None),
        ("groups", {k: list(v) for k, v in c.groups}, None),
        ("threshold", c.threshold, None),
        ("calibration", c.calibration, None),
        ("candidates", {"method": c.candidates, "pairs_scored": c.pairs_scored,
                        "pairs_accepted": c.pairs_accepted, "pairs_left_out": c.pairs_left_out,
                        "max_pairs_per_task": c.max_pairs_per_task, "related_left_out": c.related_left_out}, None),
        ("unknown_agencies", c.unknown_agencies,
         lambda u: {"plan": u.plan, "agency": u.agency, "tasks": list(u.tasks)}),
    ]


def _sections(c: Comparison) -> list[tuple[str, Any]]:
    """`_parts` with each list value a generator of its records, so that a big comparison can be
    encoded one record at a time."""
    return [(key, value if record is None else map(record, value)) for key, value, record in _parts(c)]


def comparison_to_data(c: Comparison) -> dict[str, Any]:
    """{"plans", "pairs", "gaps"} as in DESIGN.md, then the extras (differences, calibration)."""
    return {key: [_with_sides(r) for r in value] if isinstance(value, Iterator) else value
            for key, value in _sections(c)}


def _with_sides(record: Any) -> Any:
    if not isinstance(record, dict):
        return record
    return {k: _side(v) if isinstance(v, TaskRef) else v for k, v in record.items()}


def _record_json(record: Any, encode, sides: dict[int, str]) -> str:
    """`encode(_with_sides(record))`, with the TaskRefs that lead the record encoded once per run
    (`sides`, by object: the comparison holds one TaskRef per task): the same text as encoding
    the whole record, in less time (the JSON of 200 plans: 1.1 -> 0.7 s)."""
    if not isinstance(record, dict):
        return encode(record)
    head = []
    for key, value in record.items():
        if not isinstance(value, TaskRef):
            break
        head.append(f"{encode(key)}: {_side_json(value, encode, sides)}")
    if not head:
        return encode(_with_sides(record))
    rest = encode(_with_sides(dict(list(record.items())[len(head):])))
    return "{" + ", ".join(head) + (", " + rest[1:] if rest != "{}" else "}")


def _side_json(ref: TaskRef, encode, sides: dict[int, str]) -> str:
    """A task side's JSON, encoded once per run (`sides`, by object: one TaskRef per task)."""
    found = sides.get(id(ref))
    if found is None:
        found = sides[id(ref)] = encode(_side(ref))
    return found


def _scalar_json(v: Any, encode) -> str:
    """`encode(v)` of a pair's scalar, written as the encoder writes it (`float.__repr__` for a
    finite float) without a trip through the encoder: four per pair, 0.5 s of 200 plans' JSON."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    kind = type(v)
    if kind is str:
        return encode_basestring(v)
    if kind is float and math.isfinite(v):
        return float.__repr__(v)
    if kind is int:
        return int.__repr__(v)
    return encode(v)


def _pair_json(p: AlignedPair, encode, sides: dict[int, str]) -> str:
    """`_record_json(_pair(p), ...)` written field by field: the pairs are most of a large JSON,
    and building and encoding a dict per pair took 0.9 s of 200 plans' 1.3 s."""
    evidence = ("[" + ", ".join(map(encode_basestring, p.evidence)) + "]"
                if all(isinstance(e, str) for e in p.evidence) else encode(list(p.evidence)))
    return (f'{{"a": {_side_json(p.a, encode, sides)}, "b": {_side_json(p.b, encode, sides)}, '
            f'"score": {_scalar_json(p.score, encode)}, "same_lead": {_scalar_json(p.same_lead, encode)}, '
            f'"lead_change": {_scalar_json(p.lead_change, encode)}, "evidence": {evidence}, '
            f'"lead_note": {_scalar_json(p.lead_note, encode)}}}')


JSON_BLOCK = 2_000  # records encoded together (in one worker, with --jobs)
PARALLEL_JSON_MAX_RECORDS = 150_000  # beyond, workers touching every record would copy too much


def _json_encoder():
    import json

    return json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _json_blocks(parts: list) -> list[tuple[int, int, int]]:
    """(part, start, end) of the blocks of records of the JSON's `_parts`, in order."""
    return [(n, start, min(start + JSON_BLOCK, len(value)))
            for n, (_, value, record) in enumerate(parts) if record is not None
            for start in range(0, len(value), JSON_BLOCK)]


def _json_block(parts: list, block: tuple[int, int, int], sides: dict[int, str], encode) -> str:
    """The text of one block of records (`_json_blocks`): each on a line, after the bracket that
    opens its list or the comma after the record before."""
    n, start, end = block
    key, value, record = parts[n]
    if key in ("pairs", "lead_differences"):
        texts = [_pair_json(p, encode, sides) for p in value[start:end]]
    else:
        texts = [_record_json(record(r), encode, sides) for r in value[start:end]]
    return ("[" if start == 0 else ",") + "\n    " + ",\n    ".join(texts)


@dataclass
class _JsonJob:
    """What a worker encoding blocks holds: the JSON's parts, and the sides it has encoded so far."""

    parts: list
    sides: dict[int, str] = field(default_factory=dict)
    encode: Callable[[Any], str] = field(default_factory=_json_encoder)


def _json_block_bytes(job: _JsonJob, block: tuple[int, int, int]) -> bytes:
    return _json_block(job.parts, block, job.sides, job.encode).encode("utf-8")


def comparison_json_chunks(c: Comparison, *, jobs: int = 1) -> Iterator[str | bytes]:
    """`comparison_to_data(c)` as JSON text, in pieces: one record per line (the C encoder writes
    each), so a comparison of a thousand plans is never held as one dict tree or one string.

    With `jobs` > 1 the blocks of records are encoded by that many forked processes, in order
    (UTF-8 bytes), for comparisons of at most PARALLEL_JSON_MAX_RECORDS records: the JSON of
    200 plans (96 MB) was a second of one core at the end of `compare`."""
    encode = _json_encoder()
    sides: dict[int, str] = {}
    parts = _parts(c)
    blocks = _json_blocks(parts)
    if jobs > 1 and len(blocks) > 1 and sum(e - s for _, s, e in blocks) <= PARALLEL_JSON_MAX_RECORDS:
        from ccompare.compare.parallel import ProcessMapper

        texts = ProcessMapper(jobs).ordered(_json_block_bytes, _JsonJob(parts), blocks)
    else:
        texts = (_json_block(parts, b, sides, encode) for b in blocks)
    yield "{"
    for n, (key, value, record) in enumerate(parts):
        yield f'{"," if n else ""}\n  {encode(key)}: '
        if record is None:
            yield encode(value)
            continue
        for _ in range(0, len(value), JSON_BLOCK):
            yield next(texts)
        yield "\n  ]" if len(value) else "[]"
    yield "\n}\n"


CSV_HEADER = ("kind", "a_plan", "a_task", "a_text", "a_lead", "b_plan", "b_task", "b_text", "b_lead",
              "score", "same_lead", "lead_change", "evidence", "missing_in", "detail")


def _bool(v: bool | None) -> str:
    return "" if v is None else str(v).lower()


def csv_rows(c: Comparison) -> list[list[Any]]:
    """One row per pair, gap and difference; `kind` tells which."""
    rows: list[list[Any]] = []
    for p in c.pairs:
        kind = "pair"
        rows.append([kind, p.a.plan, p.a.task, p.a.text, list(p.a.lead), p.b.plan, p.b.task, p.b.text,
                     list(p.b.lead), p.score, _bool(p.same_lead), p.lead_change or "", list(p.evidence), "", ""])
    for r in c.related:
        rows.append(["related", r.a.plan, r.a.task, r.a.text, list(r.a.lead), r.b.plan, r.b.task, r.b.text,
                     list(r.b.lead), r.score, "", "", list(r.evidence), "", r.relation])
    for g in c.gaps:
        rows.append(["gap", g.plan, g.task, g.text, list(g.lead), "", "", "", "", "", "", "", "",
                     list(g.missing_in), ""])
    for p in c.lead_differences:
        rows.append(["lead-difference", p.a.plan, p.a.task, p.a.text, list(p.a.lead), p.b.plan, p.b.task, p.b.text,
                     list(p.b.lead), p.score, "false", "", list(p.evidence), "", ""])
    for d in c.deadline_differences:
        rows.append(["deadline-difference", d.a.plan, d.a.task, d.a.text, list(d.a.lead), d.b.plan, d.b.task,
                     d.b.text, list(d.b.lead), "", "", "", "", "",
                     f"{d.a.deadline} ({d.reading_a}) vs {d.b.deadline} ({d.reading_b})"])
    for d in c.target_differences:
        rows.append(["target-difference", d.a.plan, d.a.task, d.a.text, list(d.a.lead), d.b.plan, d.b.task,
                     d.b.text, list(d.b.lead), "", "", "", "", "",
                     f"{d.target_a} ({_per_year(d.per_year_a)}/year) vs {d.target_b} ({_per_year(d.per_year_b)}/year)"])
    for u in c.unknown_agencies:
        rows.append(["unknown-agency", u.plan, list(u.tasks), "", [u.agency], "", "", "", "", "", "", "", "", "",
                     u.agency])
    return rows


def _per_year(r: Sequence[float]) -> str:
    lo, hi = (int(x) if float(x).is_integer() else x for x in r)
    return f"{lo}" if lo == hi else f"{lo}-{hi}"


def text_report(c: Comparison, table, lang: str = "vi") -> str:
    """The people's view; `table(header, rows, widths)` renders one aligned text table; `lang` picks the
    words (data/text_ui.json)."""
    from ccompare.uitext import words

    w = words("text", lang, "compare")
    out: list[str] = []
    out.append(w("plans", n=len(c.plans)))
    for p in c.plans:
        where = f"{p.province}" + (f" -> {p.province_as_of}" if p.province_as_of and p.province_as_of != p.province
                                   else "")
        when = w("no_date", year=p.year) if p.date_inferred else (p.date or p.year or "?")
        out.append(f"  {p.id}  [{where}, {when}]  {p.title or ''}")
    out.append("")
    out.append(w("shared", n=len(c.pairs), threshold=c.threshold, calibration=c.calibration, scored=c.pairs_scored,
                 candidates=c.candidates))
    lead = w.strings["lead_words"]
    rows = [[p.a.plan, p.a.text, p.b.plan, p.b.text, f"{p.score:.2f}",
             {True: lead["same"], False: lead["differs"], None: lead["unknown"]}[p.same_lead]
             + (lead["reorg"] if p.lead_change else ""),
             "; ".join(p.evidence)] for p in c.pairs]
    out.append(table(w.list("pairs_header"), rows, [24, 50, 24, 50, 5, 14, 50]))
    if c.related:
        out.append("")
        out.append(w("related", n=len(c.related)))
        rows = [[r.a.plan, r.a.text, r.b.plan, r.b.text, f"{r.subject_score:.2f}", "; ".join(r.evidence)]
                for r in c.related]
        out.append(table(w.list("related_header"), rows, [24, 50, 24, 50, 7, 64]))
    out.append("")
    out.append(w("lead_differences", n=len(c.lead_differences)))
    rows = [[p.a.plan, p.a.text, "; ".join(p.a.lead), p.b.plan, p.b.text, "; ".join(p.b.lead)]
            for p in c.lead_differences]
    out.append(table(w.list("lead_header"), rows, [24, 45, 35, 24, 45, 35]))
    if c.target_differences:
        out.append("")
        out.append(w("target_differences", n=len(c.target_differences)))
        rows = [[d.a.plan, d.target_a, _per_year(d.per_year_a), d.b.plan, d.target_b, _per_year(d.per_year_b)]
                for d in c.target_differences]
        out.append(table(w.list("target_header"), rows, [24, 45, 7, 24, 45, 7]))
    if c.deadline_differences:
        out.append("")
        out.append(w("deadline_differences", n=len(c.deadline_differences)))
        rows = [[d.a.plan, d.a.text, d.a.deadline, d.b.plan, d.b.text, d.b.deadline] for d in c.deadline_differences]
        out.append(table(w.list("deadline_header"), rows, [24, 40, 30, 24, 40, 30]))
    out.append("")
    out.append(w("gaps", n=len(c.gaps)))
    rows = [[g.plan, g.text, "; ".join(g.lead), ", ".join(g.missing_in)] for g in c.gaps]
    out.append(table(w.list("gaps_header"), rows, [24, 60, 35, 60]))
    if c.unknown_agencies:
        out.append("")
        out.append(w("unknown_agencies", n=len(c.unknown_agencies)))
        rows = [[u.plan, u.agency, len(u.tasks)] for u in c.unknown_agencies]
        out.append(table(w.list("unknown_header"), rows, [24, 60, 5]))
    if c.groups:
        out.append("")
        out.append(w("groups", as_of=c.as_of))
        for k, v in c.groups:
            out.append(f"  {k}: {', '.join(v)}")
    return "\n".join(out)


def write_xlsx(c: Comparison, path: str | Path) -> None:
    """Workbook with sheets pairs, gaps, lead differences, deadline and target differences, unknown
    agencies, plans, matrix (written atomically)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    bold = Font(bold=True)
    flag = PatternFill("solid", fgColor="FFE0B2")

    def sheet(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], first: bool = False):
        ws = wb.active if first else wb.create_sheet()
        ws.title = title
        ws.append(list(header))
        for cell in ws[1]:
            cell.font = bold
        for r in rows:
            ws.append([flat_value(v) for v in r])
        ws.freeze_panes = "A2"
        return ws

    sheet("pairs", ["a_plan", "a_task", "a_text", "a_lead", "b_plan", "b_task", "b_text", "b_lead", "score",
                    "same_lead", "lead_change", "evidence"],
          [[p.a.plan, p.a.task, p.a.text, p.a.lead, p.b.plan, p.b.task, p.b.text, p.b.lead, p.score,
            _bool(p.same_lead), p.lead_change or "", p.evidence] for p in c.pairs], first=True)
    sheet("related", ["a_plan", "a_task", "a_text", "a_lead", "b_plan", "b_task", "b_text", "b_lead", "score",
                      "subject_score", "relation", "evidence"],
          [[r.a.plan, r.a.task, r.a.text, r.a.lead, r.b.plan, r.b.task, r.b.text, r.b.lead, r.score, r.subject_score,
            r.relation, r.evidence] for r in c.related])
    sheet("gaps", ["plan_id", "task_id", "text", "lead", "missing_in"],
          [[g.plan, g.task, g.text, g.lead, g.missing_in] for g in c.gaps])
    sheet("lead differences", ["a_plan", "a_task", "a_text", "a_lead", "b_plan", "b_task", "b_text", "b_lead",
                               "score", "evidence"],
          [[p.a.plan, p.a.task, p.a.text, p.a.lead, p.b.plan, p.b.task, p.b.text, p.b.lead, p.score, p.evidence]
           for p in c.lead_differences])
    sheet("target differences", ["a_plan", "a_task", "a_text", "a_target", "a_per_year", "b_plan", "b_task",
                                 "b_text", "b_target", "b_per_year"],
          [[d.a.plan, d.a.task, d.a.text, d.target_a, _per_year(d.per_year_a), d.b.plan, d.b.task, d.b.text,
            d.target_b, _per_year(d.per_year_b)] for d in c.target_differences])
    sheet("deadline differences", ["a_plan", "a_task", "a_text", "a_deadline", "b_plan", "b_task", "b_text",
                                   "b_deadline"],
          [[d.a.plan, d.a.task, d.a.text, d.a.deadline, d.b.plan, d.b.task, d.b.text, d.b.deadline]
           for d in c.deadline_differences])
    sheet("unknown agencies", ["plan_id", "agency", "tasks"],
          [[u.plan, u.agency, u.tasks] for u in c.unknown_agencies])
    sheet("plans", ["id", "province", "year", "date", "date_inferred", "title", "province_as_of"],
          [[p.id, p.province, p.year, p.date, p.date_inferred, p.title, p.province_as_of] for p in c.plans])
    m = matrix_view(c)
    cols = [col["plan"] for col in m["columns"]]
    ws = sheet("matrix", ["task", "area", *cols, "lead differs"],
               [[r["label"], r["area"], *["; ".join(", ".join(t["lead"]) or "?" for t in r["cells"].get(pid, []))
                                         or "—" for pid in cols], "yes" if r["lead_differs"] else ""]
                for r in m["rows"]])
    for row in ws.iter_rows(min_row=2):
        if row[-1].value == "yes":
            for cell in row:
                cell.fill = flag
    import io

    from ccompare.atomic import atomic_write

    buf = io.BytesIO()
    wb.save(buf)
    atomic_write(path, buf.getvalue())


def matrix_view(comparison: Comparison | Mapping[str, Any]) -> dict:
    """Tasks x plans for the HTML report, as plain data.

    Takes a Comparison or its JSON (`comparison_to_data`, or `ccompare compare --format json`
    read back). Rows are groups of aligned tasks (connected through pairs); each cell lists the
    tasks of one plan in that group with their leads. `lead_differs` marks rows where aligned
    tasks have different leads, and each pair that differs is listed; `missing` names the plans
    with no task in the row.
    """
    from networkx.utils import UnionFind

    data = comparison if isinstance(comparison, Mapping) else comparison_to_data(comparison)
    groups = UnionFind()  # groups[x] is the group of task x; union() joins aligned tasks
    refs: dict[str, Mapping[str, Any]] = {}
    for p in data.get("pairs", ()):
        refs[p["a"]["task"]], refs[p["b"]["task"]] = p["a"], p["b"]
        groups.union(p["a"]["task"], p["b"]["task"])
    for g in data.get("gaps", ()):
        refs.setdefault(g["task"], g)
    details = data.get("plan_details") or [{"id": pid} for pid in data.get("plans", ())]
    plan_order = [d["id"] for d in details]
    rows: dict[str, list[Mapping[str, Any]]] = {}
    for tid, ref in refs.items():
        rows.setdefault(groups[tid], []).append(ref)
    differing: dict[str, list[list[str]]] = {}
    for p in data.get("lead_differences", ()):
        differing.setdefault(groups[p["a"]["task"]], []).append([p["a"]["task"], p["b"]["task"]])

    def order(r: Mapping[str, Any]) -> tuple[int, str]:
        return (plan_order.index(r["plan"]) if r["plan"] in plan_order else len(plan_order), r["task"])

    out_rows = []
    for root, members in rows.items():
        members.sort(key=order)
        cells = {pid: [{"task": r["task"], "number": r.get("number"), "text": r["text"],
                        "lead": list(r.get("lead") or ())} for r in members if r["plan"] == pid]
                 for pid in plan_order}
        out_rows.append({
            "label": min((r["text"] for r in members), key=lambda t: (len(t), t)),
            "area": next((r.get("area") for r in members if r.get("area")), None),
            "cells": {pid: c for pid, c in cells.items() if c},
            "missing": [pid for pid, c in cells.items() if not c],
            "lead_differs": root in differing,
            "differing_pairs": sorted(differing.get(root, [])),
        })
    out_rows.sort(key=lambda r: (-len(r["cells"]), r["label"]))
    return {
        "columns": [{"plan": d["id"], "province": d.get("province"), "year": d.get("year"),
                     "province_as_of": d.get("province_as_of")} for d in details],
        "rows": out_rows,
    }
