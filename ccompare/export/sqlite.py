"""Plans (and optionally a comparison) as SQLite tables, for `sqlite3 out.db "select ..."` or DuckDB.

One row per plan, section, task, task agency (lead or partner), target, citation, flag, agency and,
when a comparison is given, per aligned pair and per gap. Spans are kept as `start`/`end`
code-point offsets into the plan's NFC source text. The database is built in a temporary file next
to the target and renamed over it, so a reader never sees a half-written file.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ccompare.schema import Plan, to_data

SCHEMA = """
CREATE TABLE plans (
  id TEXT PRIMARY KEY, province TEXT, province_now TEXT, kind TEXT NOT NULL, draft INTEGER NOT NULL,
  number TEXT, doc_type TEXT, issuer TEXT, date TEXT, year INTEGER, title TEXT,
  source_path TEXT, source_sha256 TEXT,
  n_sections INTEGER NOT NULL, n_tasks INTEGER NOT NULL, n_citations INTEGER NOT NULL, n_flags INTEGER NOT NULL
);
CREATE TABLE sections (
  plan_id TEXT NOT NULL REFERENCES plans(id), idx INTEGER NOT NULL, path TEXT NOT NULL, heading TEXT,
  start INTEGER, "end" INTEGER, PRIMARY KEY (plan_id, idx)
);
CREATE TABLE tasks (
  id TEXT PRIMARY KEY, plan_id TEXT NOT NULL REFERENCES plans(id), idx INTEGER NOT NULL, number TEXT,
  section TEXT, text TEXT NOT NULL, output TEXT, deadline TEXT, area TEXT, origin TEXT, lead_raw TEXT,
  lead TEXT, partners TEXT, start INTEGER, "end" INTEGER
);
CREATE TABLE agencies (
  name TEXT PRIMARY KEY, known INTEGER NOT NULL, role TEXT,
  tasks_led INTEGER NOT NULL, tasks_partnered INTEGER NOT NULL, plans INTEGER NOT NULL
);
CREATE TABLE task_leads (
  task_id TEXT NOT NULL REFERENCES tasks(id), plan_id TEXT NOT NULL REFERENCES plans(id),
  role TEXT NOT NULL CHECK (role IN ('lead', 'partner')), position INTEGER NOT NULL,
  agency TEXT NOT NULL REFERENCES agencies(name), PRIMARY KEY (task_id, role, position)
);
CREATE TABLE targets (
  plan_id TEXT NOT NULL REFERENCES plans(id), idx INTEGER NOT NULL, text TEXT, value REAL, unit TEXT,
  metric TEXT, start INTEGER, "end" INTEGER, PRIMARY KEY (plan_id, idx)
);
CREATE TABLE citations (
  plan_id TEXT NOT NULL REFERENCES plans(id), idx INTEGER NOT NULL, raw TEXT, number TEXT, doc_type TEXT,
  issuer TEXT, year INTEGER, date TEXT, scope TEXT, province TEXT, target TEXT, title TEXT, via TEXT,
  start INTEGER, "end" INTEGER, PRIMARY KEY (plan_id, idx)
);
CREATE TABLE flags (
  plan_id TEXT NOT NULL REFERENCES plans(id), idx INTEGER NOT NULL, kind TEXT, message TEXT,
  start INTEGER, "end" INTEGER, PRIMARY KEY (plan_id, idx)
);
CREATE INDEX tasks_plan ON tasks(plan_id);
CREATE INDEX task_leads_agency ON task_leads(agency);
CREATE INDEX citations_target ON citations(target);
"""

COMPARISON_SCHEMA = """
CREATE TABLE pairs (
  id INTEGER PRIMARY KEY, a_plan TEXT NOT NULL, a_task TEXT NOT NULL, b_plan TEXT NOT NULL, b_task TEXT NOT NULL,
  score REAL, same_lead INTEGER, lead_change TEXT, a_lead TEXT, b_lead TEXT, evidence TEXT
);
CREATE TABLE gaps (
  plan_id TEXT NOT NULL, task_id TEXT NOT NULL, missing_in TEXT NOT NULL, PRIMARY KEY (task_id, missing_in)
);
CREATE INDEX pairs_a ON pairs(a_task);
CREATE INDEX pairs_b ON pairs(b_task);
"""


def _span(span: Any) -> tuple[int | None, int | None]:
    return (int(span[0]), int(span[1])) if span else (None, None)


def _json(values: Iterable[Any]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _year(plan: Plan) -> int | None:
    if plan.year:
        return plan.year
    return int(plan.date[:4]) if plan.date and plan.date[:4].isdigit() else None


def _province_now(slug: str | None) -> str | None:
    from ccompare.datafiles import load_json
    from ccompare.provinces import successor

    return successor(slug, load_json("provinces.json")["effective"]) if slug else None


def _agency_info(name: str) -> tuple[int, str | None]:
    """(known, role) from the agency data when the agencies module is present."""
    try:
        from ccompare.agencies import canonical, role
    except ImportError:
        return 0, None
    return (1 if canonical(name) == name else 0), role(name)


def _plan_rows(db: sqlite3.Connection, plans: Sequence[Plan]) -> None:
    agencies: dict[str, list[Any]] = {}
    for plan in sorted(plans, key=lambda p: p.id):
        db.execute(
            "INSERT INTO plans VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (plan.id, plan.province, _province_now(plan.province), plan.kind, int(plan.draft), plan.number,
             plan.doc_type, plan.issuer, plan.date, _year(plan), plan.title, plan.source.path, plan.source.sha256,
             len(plan.sections), len(plan.tasks), len(plan.citations), len(plan.flags)),
        )
        db.executemany("INSERT INTO sections VALUES (?,?,?,?,?,?)",
                       [(plan.id, i, ".".join(s.path), s.heading, *_span(s.span))
                        for i, s in enumerate(plan.sections, start=1)])
        for i, t in enumerate(plan.tasks, start=1):
            db.execute("INSERT INTO tasks VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       (t.id, plan.id, i, t.number, ".".join(t.section), t.text, t.output, t.deadline, t.area,
                        t.origin, t.lead_raw, "; ".join(t.lead), "; ".join(t.partners), *_span(t.span)))
            for role_name, names in (("lead", t.lead), ("partner", t.partners)):
                for pos, name in enumerate(dict.fromkeys(names), start=1):
                    db.execute("INSERT INTO task_leads VALUES (?,?,?,?,?)", (t.id, plan.id, role_name, pos, name))
                    entry = agencies.setdefault(name, [0, 0, set()])
                    entry[0 if role_name == "lead" else 1] += 1
                    entry[2].add(plan.id)
        db.executemany("INSERT INTO targets VALUES (?,?,?,?,?,?,?,?)",
                       [(plan.id, i, g.text, g.value, g.unit, g.metric, *_span(g.span))
                        for i, g in enumerate(plan.targets, start=1)])
        db.executemany("INSERT INTO citations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       [(plan.id, i, c.raw, c.number, c.doc_type, c.issuer, c.year, c.date, c.scope, c.province,
                         c.target, c.title, c.via, *_span(c.span)) for i, c in enumerate(plan.citations, start=1)])
        db.executemany("INSERT INTO flags VALUES (?,?,?,?,?,?)",
                       [(plan.id, i, f.kind, f.message, *_span(f.span)) for i, f in enumerate(plan.flags, start=1)])
    for name in sorted(agencies):
        led, partnered, in_plans = agencies[name]
        db.execute("INSERT INTO agencies VALUES (?,?,?,?,?,?)", (name, *_agency_info(name), led, partnered,
                                                                 len(in_plans)))


def _comparison_rows(db: sqlite3.Connection, comparison: Any) -> None:
    data = to_data(comparison)
    db.executescript(COMPARISON_SCHEMA)
    for k, p in enumerate(data.get("pairs") or (), start=1):
        a, b = p.get("a") or {}, p.get("b") or {}
        same = p.get("same_lead")
        db.execute("INSERT INTO pairs VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                   (k, a.get("plan"), a.get("task"), b.get("plan"), b.get("task"), p.get("score"),
                    None if same is None else int(bool(same)), p.get("lead_change"),
                    "; ".join(a.get("lead") or ()), "; ".join(b.get("lead") or ()), _json(p.get("evidence") or ())))
    rows = {(g.get("plan"), g.get("task"), m) for g in data.get("gaps") or () for m in g.get("missing_in") or ()}
    db.executemany("INSERT INTO gaps VALUES (?,?,?)", sorted(rows))


def export_sqlite(plans: Sequence[Plan], path: str | os.PathLike[str], comparison: Any = None) -> Path:
    """Write `plans` (and `comparison`, in the `ccompare compare` JSON shape or its dataclass) to a
    new SQLite database at `path`, replacing any file there; returns the path."""
    from ccompare.atomic import output_mode, resolve_target

    target, through = resolve_target(path)  # a symlink is followed; a FIFO or device is written through
    if not through:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=None if through else target.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.executescript(SCHEMA)
            _plan_rows(db, plans)
            if comparison is not None:
                _comparison_rows(db, comparison)
            db.commit()
        finally:
            db.close()
        if through:
            with open(tmp, "rb") as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
            Path(tmp).unlink()
        else:
            os.chmod(tmp, output_mode())  # mkstemp makes 0600; outputs follow the umask like the others
            os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
