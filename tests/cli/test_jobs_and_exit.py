"""--jobs N|auto (cases in fixtures/jobs_cases.json) and the console script's quick exit."""

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from ccompare.cli import main
from ccompare.cli.options import JOBS, jobs_for, usable_cores

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((Path(__file__).parent / "fixtures" / "jobs_cases.json").read_text("utf-8"))
GOOD = ROOT / "corpus" / "raw" / "binh-thuan"


@pytest.mark.parametrize("case", CASES["accepted"], ids=lambda c: c["given"])
def test_jobs_accepted(case: dict) -> None:
    assert JOBS.convert(case["given"], None, None) == case["jobs"]


@pytest.mark.parametrize("given", CASES["refused"])
def test_jobs_refused(given: str) -> None:
    with pytest.raises(click.BadParameter):
        JOBS.convert(given, None, None)


@pytest.mark.parametrize("case", CASES["policy"], ids=lambda c: c["why"])
def test_jobs_policy(case: dict) -> None:
    expect = min(usable_cores(), 8) if case["expect"] == "cores" else case["expect"]
    assert jobs_for(case["jobs"], case["size"], case["minimum"]) == expect


def test_jobs_from_the_environment(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(GOOD), "--format", "json"], env={"CCOMPARE_JOBS": "2"})
    assert result.exit_code == 0, result.output
    bad = CliRunner().invoke(main, ["extract", str(GOOD)], env={"CCOMPARE_JOBS": "many"})
    assert bad.exit_code == 2 and "CCOMPARE_JOBS" in bad.output


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ccompare", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_quick_exit_keeps_outputs_and_exit_codes(tmp_path: Path) -> None:
    """The console script ends without freeing objects one by one: what it wrote is whole, on a
    pipe and in a file, and the exit code is the command's."""
    out = tmp_path / "plans.json"
    done = _run(["extract", str(GOOD), "--format", "json", "--out", str(out)], tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text("utf-8"))[0]["province"] == "binh-thuan"
    piped = _run(["extract", str(GOOD), "--format", "json"], tmp_path)
    assert piped.returncode == 0 and json.loads(piped.stdout)[0]["province"] == "binh-thuan"
    missing = _run(["extract", str(tmp_path / "missing.txt")], tmp_path)
    assert missing.returncode == 1
    assert len(missing.stderr.strip().splitlines()) == 1 and "missing.txt" in missing.stderr
    usage = _run(["extract", "--no-such-option"], tmp_path)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
