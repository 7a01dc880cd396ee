"""Plans (and optionally a comparison) as SQLite tables, for `sqlite3 out.db "select ..."` or DuckDB.

One row per plan, section, task, task agency (lead or partner), target, cited document, citation, flag, agency
and, when a comparison is given, per aligned pair and per gap; column names are those of `ccompare.rows` (the
CSV and DataFrame names), lists are JSON arrays. Spans are `start`/`end` code-point offsets into the plan's
NFC text, kept in the `sources` table. Foreign keys, FTS5 tables (`tasks_fts`, `plans_fts`) and a Datasette
metadata file make it ready for sqlite-utils and Datasette. The database is built in a temporary file next to
the target and renamed over it, so a reader never sees a half-written file.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ccompare.rows import (
    SCHEMA_VERSION,
    citation_rows,
    flat_value,
    gap_rows,
    pair_rows,
    plan_rows,
    related_rows,
    task_rows,
)
from ccompare.schema import Plan

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE plans (
  id TEXT PRIMARY KEY, province TEXT, province_now TEXT, kind TEXT NOT NULL, draft INTEGER NOT NULL,
  number TEXT, doc_type TEXT, issuer TEXT, date TEXT, year INTEGER, title TEXT,
  source_path TEXT, source_sha256 TEXT, n_sections INTEGER NOT NULL, n_tasks INTEGER NOT NULL,
  n_targets INTEGER NOT NULL, n_citations INTEGER NOT NULL, n_flags INTEGER NOT NULL
);
CREATE TABLE sources (
  plan_id TEXT PRIMARY KEY REFERENCES plans(id), path TEXT, sha256 TEXT, text TEXT
);
CREATE TABLE sections (
  plan_id TEXT NOT NULL REFERENCES plans(id), idx INTEGER NOT NULL, path TEXT NOT NULL, heading TEXT,
  start INTEGER, "end" INTEGER, PRIMARY KEY (plan_id, idx)
);
CREATE TABLE tasks (
  id TEXT PRIMARY KEY, plan_id TEXT NOT NULL REFERENCES plans(id), idx INTEGER NOT NULL, number TEXT,
  section TEXT, text TEXT NOT NULL, output TEXT, lead TEXT, partners TEXT, lead_raw TEXT, deadline TEXT,
  area TEXT, origin TEXT, start INTEGER, "end" INTEGER
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
CREATE TABLE documents (
  target TEXT PRIMARY KEY, scope TEXT, doc_type TEXT, number TEXT, issuer TEXT, year INTEGER, province TEXT,
  title TEXT, n_citations INTEGER NOT NULL, n_plans INTEGER NOT NULL
);
CREATE TABLE citations (
  plan_id TEXT NOT NULL REFERENCES plans(id), idx INTEGER NOT NULL, raw TEXT, number TEXT, doc_type TEXT,
  issuer TEXT, year INTEGER, date TEXT, scope TEXT, province TEXT, target TEXT REFERENCES documents(target),
  title TEXT, via TEXT, start INTEGER, "end" INTEGER, PRIMARY KEY (plan_id, idx)
);
CREATE TABLE flags (
  plan_id TEXT NOT NULL REFERENCES plans(id), idx INTEGER NOT NULL, kind TEXT, message TEXT,
  start INTEGER, "end" INTEGER, PRIMARY KEY (plan_id, idx)
);
CREATE INDEX tasks_plan ON tasks(plan_id);
CREATE INDEX task_leads_agency ON task_leads(agency);
CREATE INDEX citations_target ON citations(target);
CREATE VIRTUAL TABLE [tasks_fts] USING FTS5 ([text], [output], content=[tasks]);
CREATE VIRTUAL TABLE [plans_fts] USING FTS5 ([title], content=[plans]);
"""

COMPARISON_SCHEMA = """
CREATE TABLE pairs (
  id INTEGER PRIMARY KEY, a_plan TEXT NOT NULL REFERENCES plans(id), a_task TEXT NOT NULL REFERENCES tasks(id),
  b_plan TEXT NOT NULL REFERENCES plans(id), b_task TEXT NOT NULL REFERENCES tasks(id),
  score REAL, same_lead INTEGER, lead_change TEXT, a_lead TEXT, b_lead TEXT, a_text TEXT, b_text TEXT, evidence TEXT
);
CREATE TABLE gaps (
  plan_id TEXT NOT NULL REFERENCES plans(id), task_id TEXT NOT NULL REFERENCES tasks(id), text TEXT,
  missing_in TEXT NOT NULL REFERENCES plans(id), PRIMARY KEY (task_id, missing_in)
);
CREATE TABLE related (
  id INTEGER PRIMARY KEY, a_plan TEXT NOT NULL REFERENCES plans(id), a_task TEXT NOT NULL REFERENCES tasks(id),
  b_plan TEXT NOT NULL REFERENCES plans(id), b_task TEXT NOT NULL REFERENCES tasks(id),
  score REAL, subject_score REAL, relation TEXT, a_text TEXT, b_text TEXT, evidence TEXT
);
CREATE INDEX pairs_a ON pairs(a_task);
CREATE INDEX pairs_b ON pairs(b_task);
"""


def _span(span: Any) -> tuple[int | None, int | None]:
    return (int(span[0]), int(span[1])) if span else (None, None)


def _insert(db: sqlite3.Connection, table: str, records: Iterable[Mapping[str, Any]]) -> None:
    """Rows of `ccompare.rows` (named columns), cells flattened the one way every table output uses."""
    records = list(records)
    if not records:
        return
    columns = list(records[0])
    names = ", ".join(f'"{c}"' for c in columns)
    db.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})",
                   [[flat_value(r[c]) for c in columns] for r in records])


def _agency_info(name: str) -> tuple[int, str | None]:
    """(known, role) from the agency data when the agencies module is present."""
    try:
        from ccompare.agencies import canonical, role
    except ImportError:
        return 0, None
    return (1 if canonical(name) == name else 0), role(name)


def _plan_rows(db: sqlite3.Connection, plans: Sequence[Plan], sources: Mapping[str, Any]) -> None:
    plans = sorted(plans, key=lambda p: p.id)
    db.execute("INSERT INTO meta VALUES ('schema_version', ?), ('ccompare_version', ?)",
                (str(SCHEMA_VERSION), _version()))
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    _insert(db, "plans", plan_rows(plans))
    _insert(db, "sources", ({"plan_id": p.id, "path": p.source.path, "sha256": p.source.sha256,
                             "text": getattr(sources.get(p.id), "text", None)} for p in plans))
    _insert(db, "tasks", task_rows(plans))
    citations = citation_rows(plans)
    _insert(db, "documents", _documents(citations))
    _insert(db, "citations", citations)
    agencies: dict[str, list[Any]] = {}
    for plan in plans:
        db.executemany("INSERT INTO sections VALUES (?,?,?,?,?,?)",
                       [(plan.id, i, ".".join(s.path), s.heading, *_span(s.span))
                        for i, s in enumerate(plan.sections, start=1)])
        for t in plan.tasks:
            for role_name, names in (("lead", t.lead), ("partner", t.partners)):
                for pos, name in enumerate(dict.fromkeys(names), start=1):
                    db.execute("INSERT INTO task_leads VALUES (?,?,?,?,?)", (t.id, plan.id, role_name, pos, name))
                    entry = agencies.setdefault(name, [0, 0, set()])
                    entry[0 if role_name == "lead" else 1] += 1
                    entry[2].add(plan.id)
        db.executemany("INSERT INTO targets VALUES (?,?,?,?,?,?,?,?)",
                       [(plan.id, i, g.text, g.value, g.unit, g.metric, *_span(g.span))
                        for i, g in enumerate(plan.targets, start=1)])
        db.executemany("INSERT INTO flags VALUES (?,?,?,?,?,?)",
                       [(plan.id, i, f.kind, f.message, *_span(f.span)) for i, f in enumerate(plan.flags, start=1)])
    for name in sorted(agencies):
        led, partnered, in_plans = agencies[name]
        db.execute("INSERT INTO agencies VALUES (?,?,?,?,?,?)", (name, *_agency_info(name), led, partnered,
                                                                 len(in_plans)))
    db.execute("INSERT INTO tasks_fts (rowid, text, output) SELECT rowid, text, output FROM tasks")
    db.execute("INSERT INTO plans_fts (rowid, title) SELECT rowid, title FROM plans")


def _documents(citations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per cited document (identity), described by its first citation."""
    docs: dict[str, dict[str, Any]] = {}
    for c in citations:
        if not c["target"]:
            continue
        doc = docs.setdefault(c["target"], {
            "target": c["target"], "scope": c["scope"], "doc_type": c["doc_type"], "number": c["number"],
            "issuer": c["issuer"], "year": c["year"], "province": c["province"], "title": c["title"],
            "n_citations": 0, "plans": set()})
        doc["title"] = doc["title"] or c["title"]
        doc["n_citations"] += 1
        doc["plans"].add(c["plan_id"])
    return [{**{k: v for k, v in d.items() if k != "plans"}, "n_plans": len(d["plans"])}
            for _, d in sorted(docs.items())]


def _comparison_rows(db: sqlite3.Connection, comparison: Any) -> None:
    db.executescript(COMPARISON_SCHEMA)
    _insert(db, "pairs", pair_rows(comparison))
    _insert(db, "related", related_rows(comparison))
    gaps = {(g["task_id"], g["missing_in"]): g for g in gap_rows(comparison)}
    _insert(db, "gaps", (gaps[k] for k in sorted(gaps)))


def _version() -> str:
    from ccompare import __version__

    return __version__


def export_sqlite(plans: Sequence[Plan], path: str | os.PathLike[str], comparison: Any = None, *,
                  sources: Mapping[str, Any] | None = None) -> Path:
    """Write `plans` (and `comparison`, in the `ccompare compare` JSON shape or its dataclass) to a
    new SQLite database at `path`, replacing any file there, and Datasette metadata beside it
    (`<name>.metadata.json`); returns the path. `sources` (plan id -> SourceText) fills the
    `sources` table, so every span can be resolved from the database alone."""
    from ccompare.atomic import atomic_write, output_mode, resolve_target

    target, through = resolve_target(path)  # a symlink is followed; a FIFO or device is written through
    if not through:
        target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=None if through else target.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        try:
            db.executescript(SCHEMA)
            _plan_rows(db, plans, sources or {})
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
    if not through:
        atomic_write(metadata_path(target), json.dumps(datasette_metadata(target, comparison is not None),
                                                       ensure_ascii=False, indent=2))
    return target


def metadata_path(database: Path) -> Path:
    """Where the Datasette metadata of a database goes: plans.sqlite -> plans.metadata.json."""
    return database.with_name(f"{database.stem}.metadata.json")


def datasette_metadata(database: Path, with_comparison: bool) -> dict[str, Any]:
    """Datasette metadata: titles, descriptions and column labels ('tiếng Việt / English'), FTS tables."""
    from ccompare.datafiles import load_json

    data = load_json("sqlite_metadata.json")

    def both(pair: list[str]) -> str:
        return " / ".join(pair)

    tables = {}
    for name, info in data["tables"].items():
        if name in ("pairs", "related", "gaps") and not with_comparison:
            continue
        table = {"description": both(info["description"]),
                 "columns": {col: both(label) for col, label in info["columns"].items()}}
        if name in ("tasks", "plans"):
            table["fts_table"] = f"{name}_fts"
        tables[name] = table
    return {"title": both(data["title"]), "description": both(data["description"]),
            "databases": {database.stem: {"tables": tables}}}
