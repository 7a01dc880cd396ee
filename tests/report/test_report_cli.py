"""`ccompare report` and `ccompare export` from the command line: good inputs reported, a bad one
named on one line with exit 1, no traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from ccompare.cli.export import export_command
from ccompare.cli.report import report_command

from .conftest import FIXTURES

TEXTS = sorted(FIXTURES.glob("*.txt"))


def run(command, args):
    return CliRunner().invoke(command, args, catch_exceptions=False)


def test_report_command_reports_good_inputs_and_names_the_bad_one(tmp_path: Path) -> None:
    missing = tmp_path / "missing-plan.txt"
    before = {p: p.read_bytes() for p in TEXTS}
    result = run(report_command, [*map(str, TEXTS), str(missing), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and str(missing) in errors[0]
    assert "Traceback" not in result.stderr
    index = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert f'<dd data-count="plans">{len(TEXTS)}</dd>' in index
    assert "missing-plan.txt" in index  # failed inputs are listed on the index too
    assert "&lt;script&gt;window.__pwned" in "".join(
        p.read_text("utf-8") for p in (tmp_path / "site" / "plans").glob("*.source.html"))
    assert {p: p.read_bytes() for p in TEXTS} == before  # inputs never modified


def test_report_help_has_examples() -> None:
    result = run(report_command, ["--help"])
    assert result.exit_code == 0 and "Examples:" in result.output and "--out" in result.output


def test_export_command_writes_queryable_tables(tmp_path: Path) -> None:
    db_path = tmp_path / "out.db"
    result = run(export_command, [*map(str, TEXTS), "--sqlite", str(db_path), "--no-compare"])
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(db_path) as db:
        ids = [r[0] for r in db.execute("select id from plans order by id")]
        assert len(ids) == len(TEXTS)
        assert {r[0] for r in db.execute("select plan_id from citations")} <= set(ids)


def test_export_command_bad_target_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run(export_command, [str(TEXTS[0]), "--sqlite", str(blocker / "out.db"), "--no-compare"])
    assert result.exit_code == 1
    assert [ln for ln in result.stderr.splitlines() if ln.startswith("error:")] and "Traceback" not in result.stderr
