"""The SQLite export is Datasette-ready: foreign keys, FTS5, sources, documents, metadata, schema version."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

import ccompare
from ccompare.export.sqlite import SCHEMA_VERSION
from ccompare.rows import COLUMNS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, object]:
    result = ccompare.extract(ROOT / "corpus" / "raw" / "khanh-hoa")
    path = tmp_path_factory.mktemp("db") / "plans.sqlite"
    ccompare.export(result, path)
    return path, result


def test_sqlite_utils_sees_foreign_keys_and_fts(exported) -> None:
    path, _ = exported
    db = sqlite_utils.Database(path)
    assert db["tasks"].detect_fts() == "tasks_fts"
    assert db["plans"].detect_fts() == "plans_fts"
    fks = {(fk.column, fk.other_table) for fk in db["pairs"].foreign_keys}
    assert {("a_plan", "plans"), ("a_task", "tasks"), ("b_plan", "plans"), ("b_task", "tasks")} <= fks
    assert {(fk.column, fk.other_table) for fk in db["gaps"].foreign_keys} == {
        ("plan_id", "plans"), ("task_id", "tasks"), ("missing_in", "plans")}
    assert ("target", "documents") in {(fk.column, fk.other_table) for fk in db["citations"].foreign_keys}
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []  # every reference resolves
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert dict(con.execute("select key, value from meta"))["schema_version"] == str(SCHEMA_VERSION)


def test_full_text_query_and_span_from_sources(exported) -> None:
    path, result = exported
    with sqlite3.connect(path) as con:
        hits = con.execute(
            "select t.id, t.text, t.start, t.\"end\", s.text from tasks_fts f join tasks t on t.rowid = f.rowid "
            "join sources s on s.plan_id = t.plan_id where tasks_fts match ? order by t.id", ("tuyên truyền",)
        ).fetchall()
    assert hits
    expected = {t.id for p in result.plans for t in p.tasks if "tuyên truyền" in t.text.lower()}
    assert {h[0] for h in hits} <= {t.id for p in result.plans for t in p.tasks}
    assert expected <= {h[0] for h in hits}
    for _task_id, text, start, end, source in hits:
        assert source[start:end].strip()  # the span is evidence in the stored source text
        assert text.split()[0].strip("-+•*") in source[start:end] or text in source


def test_columns_are_the_one_naming_scheme(exported) -> None:
    path, _ = exported
    db = sqlite_utils.Database(path)
    for table, columns in COLUMNS.items():
        keyed = table in ("pairs", "related")  # their `id` is a row key, not a named column
        stored = tuple(c for c in db[table].columns_dict if not (keyed and c == "id"))
        assert stored == columns, table
    lead = json.loads(db.execute("select lead from tasks where lead != '[]' limit 1").fetchone()[0])
    assert isinstance(lead, list) and lead
    docs = db.execute("select count(*) from documents").fetchone()[0]
    assert docs == len({c.target for p in exported[1].plans for c in p.citations if c.target})


def test_metadata_beside_the_database(exported) -> None:
    path, _ = exported
    meta = json.loads(path.with_name("plans.metadata.json").read_text("utf-8"))
    tables = meta["databases"]["plans"]["tables"]
    assert tables["tasks"]["fts_table"] == "tasks_fts"
    assert " / " in tables["tasks"]["columns"]["lead"]  # Vietnamese / English
    db = sqlite_utils.Database(path)
    for table, info in tables.items():
        assert set(info["columns"]) <= set(db[table].columns_dict), table
