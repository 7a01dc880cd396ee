"""Output plumbing on hostile targets (issue 13): FIFOs and symlinks written through, '-' is
standard output, a full disk or closed stdout is one error line, a damaged cache is rebuilt."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccompare.atomic import atomic_write
from ccompare.cache import CacheError, PlanCache
from ccompare.cli import main, options

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "corpus" / "raw" / "binh-thuan" / "001_581e4daf63d91ab6.txt"


def test_atomic_write_follows_a_symlink_and_keeps_it(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    atomic_write(tmp_path / "link.txt", "new")
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "real.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


def test_atomic_write_writes_through_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, "through the pipe")
    reader.join(10)
    assert got == [b"through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)


def test_outputs_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o640


def test_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["extract", "-q", "-f", "json", "-o", "-", str(PLAN)])
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["province"] == "binh-thuan"
    assert not (tmp_path / "-").exists()


class _FullStdout(io.TextIOBase):
    """A standard output on a full disk."""

    def write(self, s: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no fileno")


def test_full_stdout_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setattr("sys.stdout", _FullStdout())
    with pytest.raises(SystemExit) as exit_:
        options.write_output("some text", None)
    assert exit_.value.code == 1
    assert capsys.readouterr().err == "error: standard output: cannot write (No space left on device)\n"


def test_full_disk_on_out_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path, data) -> None:  # noqa: ANN001
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    (tmp_path / "out.json").write_text("previous")
    monkeypatch.setattr(options, "atomic_write_chunks", full)
    result = CliRunner().invoke(main, ["extract", "-q", "-f", "json", "-o", str(tmp_path / "out.json"), str(PLAN)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    line = f"error: {tmp_path / 'out.json'}: cannot write (No space left on device)"
    assert result.stderr.strip().splitlines() == [line]
    assert (tmp_path / "out.json").read_text() == "previous"


def test_damaged_cache_is_rebuilt_with_a_note(tmp_path: Path) -> None:
    db = tmp_path / "cache.sqlite"
    db.write_bytes(b"not a database" * 100)
    cache = PlanCache(db)
    assert cache.note and "rebuilt" in cache.note and cache.get("0" * 64) is None
    cache.close()
    result = CliRunner(env={"CCOMPARE_CACHE": str(db)}).invoke(main, ["extract", "--cache", "-f", "json", str(PLAN)])
    assert result.exit_code == 0 and "Traceback" not in result.output


def test_unopenable_cache_is_a_warning_and_the_run_goes_on(tmp_path: Path) -> None:
    with pytest.raises(CacheError):
        PlanCache(tmp_path)  # a folder
    result = CliRunner(env={"CCOMPARE_CACHE": str(tmp_path)}).invoke(main, ["extract", "--cache", "-f", "json",
                                                                           str(PLAN)])
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert result.stderr.startswith(f"warning: cache {tmp_path}: cannot open")


def test_all_inputs_failing_keeps_the_previous_database(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "plans.db").write_bytes(b"previous database")
    result = CliRunner().invoke(main, ["export", "-q", str(tmp_path / "empty.txt"), "--sqlite",
                                       str(tmp_path / "plans.db")])
    assert result.exit_code == 1
    assert (tmp_path / "plans.db").read_bytes() == b"previous database"
    assert result.stderr.splitlines()[-1].endswith("plans.db left unchanged")
