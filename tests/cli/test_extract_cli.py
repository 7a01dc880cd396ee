"""`ccompare extract` on good and bad inputs: one line per bad file, exit 1, others still processed."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccompare.cli import main

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "raw"
GOOD = CORPUS / "binh-thuan"


def bad_inputs(tmp: Path) -> dict[str, Path]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 4)
    cp1258 = "4beaec20686ff26163682063e1692063e163682068e06e68206368ed6e68206ee36d2032303234"
    (tmp / "legacy.txt").write_bytes(bytes.fromhex(cp1258))
    (tmp / "notaplan.txt").write_text("Lorem ipsum dolor sit amet.\n" * 20, "utf-8")
    big = tmp / "huge.txt"
    with big.open("wb") as fh:  # 50 MB of plan-like text
        fh.write(("Kế hoạch cải cách hành chính năm 2024\n" * 1_400_000).encode("utf-8"))
    (tmp / "noplans").mkdir()
    (tmp / "noplans" / "image.png").write_bytes(b"\x89PNG\r\n")
    return {p.name: p for p in tmp.iterdir()}


def test_bad_inputs_each_one_line(tmp_path: Path) -> None:
    inputs = bad_inputs(tmp_path)
    before = {p: p.read_bytes() for p in inputs.values() if p.is_file()}
    args = ["extract", "--format", "json", str(GOOD), *map(str, inputs.values())]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    plans = json.loads(result.stdout)
    # the good file is still processed; readable text that is no plan is read too, with a flag
    assert [p["province"] for p in plans] == ["binh-thuan", None]
    assert [f["kind"] for f in plans[1]["flags"]] == ["not-a-plan"]
    unreadable = [name for name in inputs if name != "notaplan.txt"]
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == len(unreadable)
    for name in unreadable:
        assert sum(name in e for e in errors) == 1, name
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in before} == before  # inputs never modified


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_formats_and_out(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"plans.{fmt}"
    result = CliRunner().invoke(main, ["extract", str(GOOD), "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert "binh-thuan" in text
    assert not list(tmp_path.glob(".*.tmp"))  # atomic write left no temp file


def test_help_is_light() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from ccompare.cli import main; "
        "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0, r.output; "
        "heavy = [m for m in ('spacy', 'sklearn', 'networkx', 'matplotlib') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_every_command_has_examples() -> None:
    runner = CliRunner()
    for name in main.list_commands(None):
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, name


def test_usage_error_exit_2() -> None:
    assert CliRunner().invoke(main, ["extract", "--format", "xml"]).exit_code == 2
