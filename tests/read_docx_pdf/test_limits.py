"""Reader limits (issue 13): caps checked while streaming, named in the error with the variable
that raises them; non-regular files refused without blocking."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

import pytest

from ccompare.read.docx import format_number, read_docx
from ccompare.read.errors import ReadError
from ccompare.read.limits import Limits, current_limits
from ccompare.read.pdf import read_pdf
from ccompare.read.source import read_source

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("hostile_cases", ROOT / "tests" / "hostile" / "cases.py")
cases = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("hostile_cases", cases)
_spec.loader.exec_module(cases)


def _write(tmp: Path, name: str, data: bytes) -> Path:
    (tmp / name).write_bytes(data)
    return tmp / name


@pytest.mark.parametrize("make,words", [
    (lambda: cases.docx_gridspan("2000000000"), "CCOMPARE_MAX_COLUMNS"),
    (lambda: cases.docx_gridbefore("2000000000"), "CCOMPARE_MAX_COLUMNS"),
    (lambda: cases.docx_numbering("1000000000000"), "CCOMPARE_MAX_NUMBER"),
    (lambda: cases.docx_many_paragraphs(300), "CCOMPARE_MAX_PARAGRAPHS"),
    (lambda: cases.docx_expanded(3), "CCOMPARE_MAX_EXPANDED_BYTES"),
])
def test_docx_caps_name_the_limit(tmp_path: Path, make, words: str) -> None:  # noqa: ANN001
    small = Limits(max_paragraphs=200, max_expanded_bytes=2 * 1024 * 1024)
    with pytest.raises(ReadError) as err:
        read_docx(_write(tmp_path, "x.docx", make()), limits=small)
    assert words in err.value.problem and "limit" in err.value.problem


def test_caps_are_raised_by_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, "wide.docx", cases.docx_gridspan("1500"))
    with pytest.raises(ReadError, match="CCOMPARE_MAX_COLUMNS"):
        read_docx(path)
    monkeypatch.setenv("CCOMPARE_MAX_COLUMNS", "2000")
    assert current_limits().max_columns == 2000
    assert "Sở Tư pháp" in read_docx(path).text


def test_numbers_render_without_loops_over_their_value() -> None:
    start = time.perf_counter()
    assert format_number(10 ** 12, "upperRoman") == str(10 ** 12)
    assert format_number(3999, "upperRoman") == "MMMCMXCIX"
    assert format_number(10 ** 18, "lowerLetter").isalpha()
    assert time.perf_counter() - start < 0.1


def test_pdf_page_cap(tmp_path: Path) -> None:
    path = _write(tmp_path, "pages.pdf", cases.pdf_many_pages(300))
    with pytest.raises(ReadError, match="CCOMPARE_MAX_PAGES"):
        read_pdf(path, limits=Limits(max_pages=100))


def test_pdf_stream_cap(tmp_path: Path) -> None:
    import zlib

    data = cases.pdf_bytes(b"BT /F1 12 Tf 72 800 Td (x) Tj ET")
    bomb = zlib.compress(b" " * (8 * 1024 * 1024), 9)
    data = data.replace(b"%%EOF", b"9 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb)
                        + bomb + b"\nendstream\nendobj\n%%EOF")
    with pytest.raises(ReadError, match="PDF streams too large"):
        read_pdf(_write(tmp_path, "bomb.pdf", data), limits=Limits(max_expanded_bytes=1024 * 1024))


def test_pdfminer_warnings_stay_off_stderr(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    with pytest.raises(ReadError, match="no text layer"):
        read_pdf(_write(tmp_path, "broken.pdf", cases.pdf_warning_then_fail()))
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("reader,name", [(read_source, "plan.txt"), (read_docx, "plan.docx"), (read_pdf, "plan.pdf")])
def test_fifo_is_refused_without_blocking(tmp_path: Path, reader, name: str) -> None:  # noqa: ANN001
    os.mkfifo(tmp_path / name)
    (tmp_path / f"link-{name}").symlink_to(tmp_path / name)
    for path in (tmp_path / name, tmp_path / f"link-{name}"):
        start = time.perf_counter()
        with pytest.raises(ReadError, match="FIFO"):
            reader(path)
        assert time.perf_counter() - start < 5


def test_size_limit_in_mib(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.truncate(3 * 1024 * 1024)
    with pytest.raises(ReadError, match=r"limit 2 MiB, raise it with CCOMPARE_MAX_BYTES"):
        read_source(path, max_bytes=2 * 1024 * 1024)
