"""Incremental cache of extracted plans, keyed by content hash, in one SQLite file.

A rerun over a corpus re-reads only files whose bytes changed. The key also carries a
fingerprint of ccompare's own code and data, so upgrading the parser invalidates old entries.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from functools import lru_cache
from pathlib import Path

from ccompare.schema import Plan, plan_from_data, to_data

DEFAULT_PATH = Path(".ccompare-cache") / "plans.sqlite"


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """Hash of the package's code and data files: a changed parser means a cold cache."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".json", ".csv", ".txt") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class PlanCache:
    """get()/put() Plans (with their NFC source text) by the sha256 of the input bytes."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_PATH):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS plans (sha256 TEXT, pipeline TEXT, plan TEXT, text TEXT, encoding TEXT,"
            " PRIMARY KEY (sha256, pipeline))"
        )
        self.hits = 0
        self.misses = 0

    def get(self, sha256: str) -> tuple[Plan, str, str] | None:
        row = self._db.execute(
            "SELECT plan, text, encoding FROM plans WHERE sha256 = ? AND pipeline = ?",
            (sha256, pipeline_fingerprint()),
        ).fetchone()
        if row is None:
            self.misses += 1
            return None
        self.hits += 1
        return plan_from_data(json.loads(row[0])), row[1], row[2]

    def put(self, sha256: str, plan: Plan, text: str, encoding: str) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO plans VALUES (?, ?, ?, ?, ?)",
            (sha256, pipeline_fingerprint(), json.dumps(to_data(plan), ensure_ascii=False), text, encoding),
        )
        self._db.commit()

    def close(self) -> None:
        self._db.close()
