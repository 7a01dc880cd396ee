"""SQLite export of the fixture plans and comparison: tables, keys and a few queries a user would run."""

from __future__ import annotations

import json
import sqlite3

import pytest

from ccompare.export import export_sqlite

from .conftest import FIXTURES, load_comparison, load_fixture_plans

EXPECTED = json.loads((FIXTURES / "expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    plans, _ = load_fixture_plans()
    path = export_sqlite(plans, tmp_path_factory.mktemp("db") / "plans.db", load_comparison())
    con = sqlite3.connect(path)
    yield con, plans
    con.close()


def test_tables(db) -> None:
    con, _ = db
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert {"plans", "sections", "tasks", "task_leads", "agencies", "targets", "citations", "flags", "pairs",
            "gaps"} <= tables
    assert con.execute("pragma foreign_key_check").fetchall() == []


def test_rows_match_the_plans(db) -> None:
    con, plans = db
    assert con.execute("select count(*) from plans").fetchone()[0] == EXPECTED["counts"]["plans"]
    assert con.execute("select count(*) from tasks").fetchone()[0] == EXPECTED["counts"]["tasks"]
    assert con.execute("select count(*) from citations").fetchone()[0] == EXPECTED["counts"]["citations"]
    for plan in plans:
        row = con.execute("select title, n_tasks, source_sha256 from plans where id = ?", (plan.id,)).fetchone()
        assert row == (plan.title, len(plan.tasks), plan.source.sha256)
        for i, task in enumerate(plan.tasks, start=1):
            got = con.execute("select idx, text, start, \"end\" from tasks where id = ?", (task.id,)).fetchone()
            assert got == (i, task.text, *task.span)
            leads = [r[0] for r in con.execute(
                "select agency from task_leads where task_id = ? and role = 'lead' order by position", (task.id,))]
            assert leads == list(dict.fromkeys(task.lead))


def test_queries_a_user_would_run(db) -> None:
    con, plans = db
    now = dict(con.execute("select province_now, count(*) from plans group by province_now"))
    assert now == EXPECTED["plans_per_province_now"]
    # the most-cited document across plans
    top = con.execute("select target, count(distinct plan_id) n from citations where target is not null "
                      "group by target order by n desc, target limit 1").fetchone()
    counts: dict[str, set] = {}
    for p in plans:
        for c in p.citations:
            counts.setdefault(c.target, set()).add(p.id)
    best = min(counts, key=lambda t: (-len(counts[t]), t))
    assert top == (best, len(counts[best]))
    # agencies that lead tasks in more than one plan
    led = {r[0] for r in con.execute(
        "select agency from task_leads where role = 'lead' group by agency having count(distinct plan_id) > 1")}
    expect = {a for a in {x for p in plans for t in p.tasks for x in t.lead}
              if len({p.id for p in plans for t in p.tasks if a in t.lead}) > 1}
    assert led == expect
    # pairs whose leads differ, joined back to the task table
    rows = con.execute("select t.text from pairs p join tasks t on t.id = p.a_task where p.same_lead = 0").fetchall()
    assert len(rows) == sum(1 for p in load_comparison()["pairs"] if p["same_lead"] is False)
    gaps = con.execute("select count(*) from gaps").fetchone()[0]
    assert gaps == sum(len(g["missing_in"]) for g in load_comparison()["gaps"])


def test_rewrite_replaces_atomically(tmp_path) -> None:
    plans, _ = load_fixture_plans()
    path = tmp_path / "x.db"
    export_sqlite(plans, path)
    export_sqlite(plans[:1], path)
    with sqlite3.connect(path) as con:
        assert con.execute("select count(*) from plans").fetchone()[0] == 1
        assert "pairs" not in {r[0] for r in con.execute("select name from sqlite_master")}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db", "x.metadata.json"]  # no temporary file left
