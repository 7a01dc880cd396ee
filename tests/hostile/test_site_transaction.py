"""`report -o DIR` as a transaction: interrupted at any step, DIR is the old site and no temporary
files are left; completed, it is the new site, files the report did not write are kept and only
pages an earlier report wrote are removed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ccompare.report import site
from ccompare.report.site import MANIFEST, publish_site

OLD = {"index.html": "old index", "plans/a.html": "old a", "plans/gone.html": "old gone", "static/x.css": "x"}
NEW = {"index.html": "new index", "plans/a.html": "new a", "plans/b.html": "new b", "static/x.css": "x"}


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _leftovers(parent: Path, out: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p != out)


@pytest.fixture
def old_site(tmp_path: Path) -> Path:
    out = tmp_path / "parent" / "site"
    publish_site(out, OLD)
    (out / "plans" / "mine.html").write_text("written by a person")
    (out / "notes.txt").write_text("notes")
    return out


def test_complete_run_keeps_foreign_files_and_removes_only_its_own(old_site: Path) -> None:
    written = publish_site(old_site, NEW)
    tree = _tree(old_site)
    assert {k: v.decode() for k, v in tree.items() if k in NEW} == NEW
    assert tree["plans/mine.html"] == b"written by a person" and tree["notes.txt"] == b"notes"
    assert "plans/gone.html" not in tree  # an earlier report wrote it, its plan is gone
    assert sorted(p.relative_to(old_site).as_posix() for p in written) == sorted(NEW)
    assert _leftovers(old_site.parent, old_site) == []


def test_first_run_without_manifest_removes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "plans").mkdir(parents=True)
    (out / "plans" / "stale-or-not.html").write_text("unknown origin")
    publish_site(out, NEW)
    assert (out / "plans" / "stale-or-not.html").read_text() == "unknown origin"
    assert (out / MANIFEST).exists()


@pytest.mark.parametrize("step", range(6))  # 4 pages, then 2 carried-over files
def test_interrupted_at_every_step_leaves_the_old_site(old_site: Path, step: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    before = _tree(old_site)
    calls = {"n": 0}
    real_write, real_link = Path.write_bytes, os.link

    def tick() -> None:
        calls["n"] += 1
        if calls["n"] > step:
            raise KeyboardInterrupt

    def write_bytes(self: Path, data: bytes) -> int:
        tick()
        return real_write(self, data)

    def link(src, dst) -> None:  # noqa: ANN001
        tick()
        real_link(src, dst)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    monkeypatch.setattr(site.os, "link", link)
    with pytest.raises(KeyboardInterrupt):
        publish_site(old_site, NEW)
    monkeypatch.undo()
    assert _tree(old_site) == before
    assert _leftovers(old_site.parent, old_site) == []


def test_failed_swap_falls_back_to_file_by_file(old_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(site, "_swap", lambda tmp, out: False)
    publish_site(old_site, NEW)
    tree = _tree(old_site)
    assert tree["plans/b.html"] == b"new b" and tree["notes.txt"] == b"notes" and "plans/gone.html" not in tree
    assert _leftovers(old_site.parent, old_site) == []


def test_site_inside_the_working_directory_is_not_renamed(old_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(old_site)
    inode = old_site.stat().st_ino
    publish_site(Path("."), NEW)
    assert old_site.stat().st_ino == inode and (old_site / "plans" / "b.html").read_text() == "new b"


def test_a_file_in_the_way_is_an_os_error(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(OSError):
        publish_site(tmp_path / "afile", NEW)
    assert (tmp_path / "afile").read_text() == "x"


def test_signals_during_the_swap_take_effect_after_it(old_site: Path) -> None:
    """Whichever thread the kernel hands SIGTERM to, the handler runs once the old site is gone."""
    import signal
    import threading

    seen: list[tuple[int, list[str]]] = []
    parent = old_site.parent
    previous = signal.signal(signal.SIGTERM, lambda signum, _frame: seen.append((signum, _leftovers(parent, old_site))))
    try:
        new = parent / "new"
        new.mkdir()
        (new / "index.html").write_text("new index", "utf-8")
        real_rmtree = site.shutil.rmtree

        def rmtree_after_a_signal(path, *args, **kwargs):
            sender = threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGTERM))
            sender.start()
            sender.join()
            assert seen == []  # held while the old site is removed
            return real_rmtree(path, *args, **kwargs)

        site.shutil.rmtree = rmtree_after_a_signal
        try:
            assert site._swap(new, old_site)
        finally:
            site.shutil.rmtree = real_rmtree
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == [(signal.SIGTERM, [])]
    assert (old_site / "index.html").read_text("utf-8") == "new index"
