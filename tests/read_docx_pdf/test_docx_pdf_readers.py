"""Readers of .docx and .pdf: same text shape as the .txt exports, clear errors otherwise."""

from __future__ import annotations

import hashlib
import io
import json
import unicodedata
import zipfile
from pathlib import Path

import pytest

from ccompare.read.document import read_document
from ccompare.read.docx import format_number, read_docx
from ccompare.read.errors import ReadError
from ccompare.read.pdf import SCANNED, read_pdf

HERE = Path(__file__).parent
FIXTURES = sorted(p for p in HERE.iterdir() if p.suffix in (".docx", ".pdf") and p.stem != "scanned")


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_text_matches_expected(path: Path) -> None:
    src = read_document(path)
    expected = (HERE / f"{path.name}.expected.txt").read_text("utf-8")
    assert src.text == expected
    assert src.encoding == path.suffix[1:]
    assert src.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert unicodedata.is_normalized("NFC", src.text)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_table_rows_are_single_tab_lines(path: Path) -> None:
    """Every row of the task table has as many cells as its header (merges give empty cells)."""
    src = read_document(path)
    rows = [line.split("\t") for line in src.text.split("\n") if "\t" in line]
    widths = {len(r) for r in rows}
    assert len(widths) == 1, widths
    assert rows[0][0] == "TT"


def test_scanned_pdf_refused() -> None:
    with pytest.raises(ReadError) as err:
        read_pdf(HERE / "scanned.pdf")
    assert err.value.problem == SCANNED
    assert "scanned.pdf" in str(err.value)


def _docx_bytes() -> bytes:
    return (HERE / "nghe-an-plan.docx").read_bytes()


@pytest.mark.parametrize(
    "name, payload, needle",
    [
        ("truncated.docx", lambda: _docx_bytes()[:3000], "not a valid .docx"),
        ("legacy.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "legacy Word .doc"),
        ("text.docx", lambda: "Kế hoạch".encode() * 10, "not a ZIP"),
        ("empty.docx", lambda: b"", "empty file"),
        ("garbage.pdf", lambda: b"%PDF-1.4\n" + bytes(range(256)) * 4, "not a valid PDF"),
        ("notpdf.pdf", lambda: b"hello", "no %PDF header"),
    ],
)
def test_bad_inputs_give_one_line_errors(tmp_path: Path, name, payload, needle) -> None:
    path = tmp_path / name
    path.write_bytes(payload())
    with pytest.raises(ReadError) as err:
        read_document(path)
    message = str(err.value)
    assert needle in message and name in message and "\n" not in message


def test_docx_without_document_part(tmp_path: Path) -> None:
    """A ZIP that is not a Word package (no word/document.xml)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "xin chào")
    path = tmp_path / "zip.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(ReadError, match="not a valid .docx"):
        read_docx(path)


def test_docx_with_no_text(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(ReadError, match="empty document"):
        read_docx(path)


def test_input_file_not_modified() -> None:
    path = HERE / "nghe-an-plan.docx"
    before = path.read_bytes()
    read_document(path)
    assert path.read_bytes() == before


def test_text_files_go_to_read_source(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("KẾ HOẠCH\n\nI. MỤC ĐÍCH\n", "utf-8")
    src = read_document(path)
    assert src.text.startswith("KẾ HOẠCH") and src.encoding == "utf-8"


@pytest.mark.parametrize("case", json.loads((HERE / "number_formats.json").read_text("utf-8")))
def test_word_number_formats(case) -> None:
    assert format_number(case["n"], case["fmt"]) == case["expected"]


DRAFTS = HERE.parent / "benchmark" / "drafts"


@pytest.mark.parametrize("docx_path", sorted(DRAFTS.glob("*.docx")), ids=lambda p: p.name)
def test_word_twin_reads_as_its_text_export(docx_path: Path) -> None:
    """Real Word tables (repeated header row, vertical merges) and automatic Roman numbering
    come back exactly as the .txt export of the same plan."""
    assert read_docx(docx_path).text == read_document(docx_path.with_suffix(".txt")).text
