"""Generated and mutated documents never raise anything but the tool's own ReadError.

The default run tries a few hundred examples; `make test-slow` (pytest -m slow) runs >= 10,000."""

import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccompare.extract import extract_plan
from ccompare.read.errors import ReadError
from ccompare.schema import to_json

ROOT = Path(__file__).resolve().parents[2]
SEEDS = [p.read_bytes() for p in sorted((ROOT / "corpus" / "raw").rglob("*.txt"))]
TMP = Path(tempfile.mkdtemp(prefix="ccompare-fuzz-"))


def _mutate(data: bytes, ops: list[tuple[str, int, bytes]]) -> bytes:
    for op, pos, chunk in ops:
        pos = pos % (len(data) + 1)
        if op == "insert":
            data = data[:pos] + chunk + data[pos:]
        elif op == "delete":
            data = data[:pos] + data[pos + len(chunk) * 37:]
        elif op == "truncate":
            data = data[:pos]
        elif op == "huge-line":
            data = data[:pos] + b"x\t" * 20_000 + data[pos:]
        elif op == "utf16":
            data = data[:pos] + data[pos:pos + 400].decode("utf-8", "ignore").encode("utf-16") + data[pos + 400:]
        elif op == "nfd":
            text = data.decode("utf-8", "ignore")
            data = unicodedata.normalize("NFD", text).encode("utf-8")
        elif op == "tabs":
            data = data[:pos] + b"\t\t\t<ul><li><p>" + chunk + b"\n\t\t" + data[pos:]
    return data


documents = st.builds(
    _mutate,
    st.sampled_from(SEEDS),
    st.lists(
        st.tuples(
            st.sampled_from(["insert", "delete", "truncate", "huge-line", "utf16", "nfd", "tabs"]),
            st.integers(min_value=0, max_value=60_000),
            st.binary(max_size=40),
        ),
        max_size=4,
    ),
) | st.binary(max_size=2000) | st.text(max_size=3000).map(lambda t: t.encode("utf-8"))


def _check(data: bytes) -> None:
    path = TMP / "doc.txt"
    path.write_bytes(data)
    try:
        plan = extract_plan(path)
    except ReadError as err:
        message = str(err)
        assert "\n" not in message and "doc.txt" in message
        assert "Error:" not in message  # a parser crash is reported as such, never as a clean read
        return
    to_json(plan)
    for task in plan.tasks:
        assert task.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_fuzz_default(data: bytes) -> None:
    _check(data)


@pytest.mark.slow
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_fuzz_10k(data: bytes) -> None:
    _check(data)
