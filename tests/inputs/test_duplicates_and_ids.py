"""The same document given twice (or as .docx and .txt) is read once; ids do not depend on input order."""

from __future__ import annotations

from pathlib import Path

import ccompare

ROOT = Path(__file__).resolve().parents[2]
PLAN = sorted((ROOT / "corpus" / "raw" / "ha-tinh").glob("*.txt"))[0]


def _docx_of(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    document.save(path)
    return path


def test_identical_texts_are_read_once(tmp_path: Path) -> None:
    text = PLAN.read_text("utf-8")
    first = tmp_path / "plan.txt"
    first.write_text(text, "utf-8")
    (tmp_path / "copy.txt").write_text(text, "utf-8")
    spaced = tmp_path / "spaced.md"
    spaced.write_text("\n".join(line + "  " for line in text.split("\n")), "utf-8")
    as_docx = _docx_of(text, tmp_path / "plan.docx")
    result = ccompare.extract([first, tmp_path / "copy.txt", spaced, as_docx])
    assert len(result.plans) == 1
    assert sorted(Path(d.path).name for d in result.duplicates) == ["copy.txt", "plan.docx", "spaced.md"]
    assert {d.plan for d in result.duplicates} == {result.plans[0].id}
    assert not result.errors


def test_ids_do_not_depend_on_input_order(tmp_path: Path) -> None:
    text = PLAN.read_text("utf-8")
    one = tmp_path / "one.txt"
    one.write_text(text, "utf-8")
    other = tmp_path / "other.txt"  # another document that reads to the same plan id
    other.write_text(text + "\nGhi chú: bản có thêm một dòng.\n", "utf-8")
    forward = ccompare.extract([one, other])
    backward = ccompare.extract([other, one])
    ids = {Path(p.source.path).name: p.id for p in forward.plans}
    assert ids == {Path(p.source.path).name: p.id for p in backward.plans}
    assert len(set(ids.values())) == 2
    assert all(t.id.startswith(p.id + "#") for p in backward.plans for t in p.tasks)
