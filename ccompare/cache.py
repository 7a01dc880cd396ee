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


class CacheError(Exception):
    """The cache database cannot be opened at all (str() is the one-line message)."""


_TABLE = ("CREATE TABLE IF NOT EXISTS plans (sha256 TEXT, pipeline TEXT, plan TEXT, text TEXT, encoding TEXT,"
          " PRIMARY KEY (sha256, pipeline))")


class PlanCache:
    """get()/put() Plans (with their NFC source text) by the sha256 of the input bytes.

    A cache is only ever a shortcut: a damaged database is replaced by an empty one (`note` says
    so), a failing read is a miss and a failing write is skipped. Only a database that cannot be
    opened or created at all raises CacheError.
    """

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_PATH):
        self.path = Path(path)
        self.note: str | None = None
        self.hits = 0
        self.misses = 0
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) or not self.path.is_file():
                raise CacheError(f"cache {self.path}: cannot open ({exc})") from None
            self._rebuild(exc)
        except OSError as exc:
            raise CacheError(f"cache {self.path}: cannot open ({exc.strerror or exc})") from None

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        try:
            db.execute(_TABLE)
            db.execute("SELECT count(*) FROM plans").fetchone()
        except BaseException:
            db.close()
            raise
        return db

    def _rebuild(self, exc: Exception) -> None:
        """Replace a damaged database by an empty one."""
        try:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._db = self._open()
        except (OSError, sqlite3.Error) as again:
            raise CacheError(f"cache {self.path}: damaged ({exc}) and cannot be rebuilt ({again})") from None
        self.note = f"cache {self.path} was damaged ({exc}); rebuilt empty"

    def get(self, sha256: str) -> tuple[Plan, str, str] | None:
        try:
            row = self._db.execute(
                "SELECT plan, text, encoding FROM plans WHERE sha256 = ? AND pipeline = ?",
                (sha256, pipeline_fingerprint()),
            ).fetchone()
            hit = None if row is None else (plan_from_data(json.loads(row[0])), row[1], row[2])
        except (sqlite3.Error, ValueError, KeyError, TypeError):  # a damaged entry is a miss
            hit = None
        if hit is None:
            self.misses += 1
            return None
        self.hits += 1
        return hit

    def put(self, sha256: str, plan: Plan, text: str, encoding: str) -> None:
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO plans VALUES (?, ?, ?, ?, ?)",
                (sha256, pipeline_fingerprint(), json.dumps(to_data(plan), ensure_ascii=False), text, encoding),
            )
            self._db.commit()
        except sqlite3.Error:  # full disk, read-only file: the run's results do not depend on it
            pass

    def close(self) -> None:
        self._db.close()
