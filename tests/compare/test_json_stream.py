"""compare's JSON is written one record a line as it is encoded (tables.comparison_json_chunks,
atomic.atomic_write_chunks): the same data as comparison_to_data, and a run that fails part-way
leaves the earlier file whole."""

from __future__ import annotations

import importlib
import json

import pytest

from ccompare.atomic import atomic_write_chunks
from ccompare.compare.comparison import compare_plans

tables = importlib.import_module("ccompare.compare.tables")


@pytest.fixture(scope="module")
def comparison(invented):
    return compare_plans(invented["plan_objects"])


def test_chunks_are_the_data_one_record_a_line(comparison) -> None:
    text = "".join(tables.comparison_json_chunks(comparison))
    assert json.loads(text) == tables.comparison_to_data(comparison)
    lines = text.splitlines()
    pair_lines = [ln for ln in lines if ln.startswith('    {"a": ')]
    two_sided = (comparison.pairs, comparison.related, comparison.lead_differences, comparison.deadline_differences,
                 comparison.target_differences)
    assert len(pair_lines) == sum(len(x) for x in two_sided)
    assert all(json.loads(ln.rstrip(",")) for ln in pair_lines)  # each record is whole on its line


def test_sides_encoded_once_read_as_the_plain_encoder_writes(comparison) -> None:
    encode = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
    data = tables.comparison_to_data(comparison)
    expected = [encode(r) for key in ("pairs", "related", "lead_differences") for r in data[key]]
    assert expected
    lines = "".join(tables.comparison_json_chunks(comparison)).splitlines()
    assert [ln[4:].rstrip(",") for ln in lines if ln.startswith('    {"a": ')][:len(expected)] == expected


def test_blocks_encoded_by_workers_are_the_same_bytes(comparison, monkeypatch) -> None:
    monkeypatch.setattr(tables, "JSON_BLOCK", 3)  # several blocks a section, some sections empty
    serial = "".join(tables.comparison_json_chunks(comparison)).encode("utf-8")
    pieces = list(tables.comparison_json_chunks(comparison, jobs=2))
    assert any(isinstance(p, bytes) for p in pieces)  # the records came from the workers
    assert b"".join(p if isinstance(p, bytes) else p.encode("utf-8") for p in pieces) == serial
    monkeypatch.setattr(tables, "PARALLEL_JSON_MAX_RECORDS", 2)  # too many records: encoded here
    assert all(isinstance(p, str) for p in tables.comparison_json_chunks(comparison, jobs=2))


def test_a_failure_part_way_keeps_the_previous_file(tmp_path, comparison) -> None:
    out = tmp_path / "compare.json"
    out.write_text("previous", "utf-8")

    def broken():
        yield from list(tables.comparison_json_chunks(comparison))[:3]
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        atomic_write_chunks(out, broken())
    assert out.read_text("utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["compare.json"]  # no temporary file left


def test_chunks_are_written_in_blocks_as_they_came(tmp_path, monkeypatch) -> None:
    from ccompare import atomic

    monkeypatch.setattr(atomic, "WRITE_BLOCK", 10)
    chunks = ["{", "é" * 7, b"\xc3\xa2", "x" * 25, "", "\u1ea1", b"!", "}"]
    atomic_write_chunks(tmp_path / "out.json", iter(chunks))
    expected = b"".join(c if isinstance(c, bytes) else c.encode("utf-8") for c in chunks)
    assert (tmp_path / "out.json").read_bytes() == expected
