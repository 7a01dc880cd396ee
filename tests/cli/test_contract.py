"""`ccompare extract --format json` on the bundled corpus follows the shared JSON Schema."""

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from ccompare.cli import main

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "ccompare" / "data" / "schema" / "extract.schema.json"


def test_extract_json_matches_schema() -> None:
    result = CliRunner().invoke(main, ["extract", str(ROOT / "corpus" / "raw"), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    plans = json.loads(result.stdout)
    assert len(plans) == 5
    jsonschema.validate(plans, json.loads(SCHEMA.read_text("utf-8")))
    ids = [p["id"] for p in plans]
    assert len(set(ids)) == len(ids)
    for plan in plans:
        assert all(t["id"].startswith(plan["id"] + "#t") for t in plan["tasks"])


def test_json_is_deterministic() -> None:
    runner = CliRunner()
    args = ["extract", str(ROOT / "corpus" / "raw"), "--format", "json"]
    assert runner.invoke(main, args).stdout == runner.invoke(main, args).stdout
