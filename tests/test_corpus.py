"""The bundled corpus matches its manifest, and extraction agrees with the manifest's facts."""

import csv
import hashlib
from pathlib import Path

from ccompare.extract import extract_plan

ROOT = Path(__file__).resolve().parents[1]
ROWS = list(csv.DictReader((ROOT / "corpus" / "manifest.csv").open(encoding="utf-8")))


def test_manifest_lists_every_file() -> None:
    listed = {r["file"] for r in ROWS}
    present = {p.relative_to(ROOT / "corpus" / "raw").as_posix()
               for p in (ROOT / "corpus" / "raw").rglob("*") if p.is_file()}
    assert listed == present


def test_manifest_hashes_and_facts() -> None:
    for row in ROWS:
        path = ROOT / "corpus" / "raw" / row["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"], row["file"]
        plan = extract_plan(path)
        assert (plan.province, plan.year, plan.kind) == (row["province"], int(row["year"]), row["kind"])
        assert row["file"].startswith(row["province"] + "/")
