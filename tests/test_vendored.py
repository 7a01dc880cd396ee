"""The project's copies of the shared contract, reference and real excerpts match ../shared.

The copies make a clean clone self-sufficient; this test catches drift when the shared folder
is beside the checkout (it is not on every machine, and nothing else needs it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ccompare.contract import SCHEMA_NAMES, load_schema, schema_files

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
COPIES = [  # (shared folder or file, the project's copy)
    ("schema", ROOT / "ccompare" / "data" / "schema"),
    ("DESIGN.md", ROOT / "docs" / "DESIGN.md"),
    ("reference", ROOT / "docs" / "reference"),
    ("real", ROOT / "tests" / "real"),
]


def _files(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {f.name: f.read_bytes() for f in sorted(path.iterdir()) if f.is_file()}


@pytest.mark.parametrize(("shared_name", "copy"), COPIES, ids=[c[0] for c in COPIES])
def test_copy_matches_shared(shared_name: str, copy: Path) -> None:
    assert copy.exists(), f"the project's copy {copy} is missing"
    shared = SHARED / shared_name
    if not shared.exists():  # a clean clone: the copy stands alone, nothing to compare with
        return
    assert _files(copy) == _files(shared), f"{copy} differs from {shared}: copy the shared version again"


def test_packaged_schemas_load() -> None:
    assert {f"{n}.schema.json" for n in SCHEMA_NAMES} <= set(schema_files())
    for name in SCHEMA_NAMES:
        assert load_schema(name)["$schema"].startswith("https://json-schema.org/")
