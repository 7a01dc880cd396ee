"""Exports for other tools (SQLite tables a user can query with sqlite3 or DuckDB)."""

from __future__ import annotations

from ccompare.export.sqlite import export_sqlite

__all__ = ["export_sqlite"]
