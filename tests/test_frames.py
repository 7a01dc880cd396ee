"""DataFrames on request: the documented columns, and the docs example runs as written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ccompare
from ccompare import rows
from ccompare.frames import frames  # pandas comes with the test extra

ROOT = Path(__file__).resolve().parents[1]


def test_frames_have_the_columns_of_csv_and_sqlite() -> None:
    result = ccompare.extract(ROOT / "corpus" / "raw" / "khanh-hoa")
    tables = frames(result, ccompare.compare(result))
    assert set(tables) == set(rows.COLUMNS)
    for name, frame in tables.items():
        assert tuple(frame.columns) == rows.COLUMNS[name], name
        assert len(frame) > 0, name
    assert tables["tasks"]["plan_id"].isin(tables["plans"]["id"]).all()
    assert tables["pairs"]["a_task"].isin(tables["tasks"]["id"]).all()
    assert len(tables["tasks"]) == sum(len(p.tasks) for p in result.plans)


def test_docs_example_runs() -> None:
    run = subprocess.run([sys.executable, str(ROOT / "docs" / "notebook_example.py"), str(ROOT / "corpus" / "raw")],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "tasks: " in run.stdout and "cite_text: [('vn/NQ/CP/76/2021'" in run.stdout
