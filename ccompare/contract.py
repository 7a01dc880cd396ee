"""The JSON contract (docs/DESIGN.md) as machine-checkable schemas shipped inside the package.

The schemas are a vendored copy of the project's shared contract, so an installed ccompare (and
its tests on a clean clone) can check its own output without anything beside the checkout.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

SCHEMA_NAMES = ("extract", "citations", "compare", "benchmark")


def schema_files() -> dict[str, str]:
    """File name -> text of every vendored schema file (the JSON Schemas and their README)."""
    folder = resources.files("ccompare.data") / "schema"
    return {f.name: f.read_text("utf-8") for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.is_file()}


@cache
def load_schema(command: str) -> dict[str, Any]:
    """The JSON Schema of one command's `--format json` output (extract, citations, compare, benchmark)."""
    if command not in SCHEMA_NAMES:
        raise ValueError(f"no schema for {command!r}; known: {', '.join(SCHEMA_NAMES)}")
    return json.loads(schema_files()[f"{command}.schema.json"])


def contract_errors(document: Any, command: str, *, limit: int = 20) -> list[str]:
    """Where a command's JSON output breaks its schema, as 'path: message' lines (empty when valid)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(load_schema(command))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:limit]]
