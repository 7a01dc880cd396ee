"""Reading: encodings in, NFC out; bad inputs give one-line ReadErrors naming the file."""

import json
import unicodedata
from pathlib import Path

import pytest

from ccompare.read import ReadError, fold, read_source
from ccompare.read.html import strip_html

CASES = json.loads((Path(__file__).parent / "read_cases.json").read_text("utf-8"))


def _write(tmp_path: Path, case: dict) -> Path:
    path = tmp_path / f"{case['name']}{case['suffix']}"
    if "hex" in case:
        path.write_bytes(bytes.fromhex(case["hex"]))
    else:
        text = unicodedata.normalize("NFD", case["text"]) if case.get("nfd") else case["text"]
        path.write_bytes(text.encode(case["encoding"]))
    return path


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_read_cases(tmp_path: Path, case: dict) -> None:
    path = _write(tmp_path, case)
    before = path.read_bytes()
    if case["expect"] == "ok":
        src = read_source(path)
        assert src.text.strip() == unicodedata.normalize("NFC", case["text"]).strip()
        assert len(src.folded) == len(src.text)
    else:
        with pytest.raises(ReadError) as info:
            read_source(path)
        message = str(info.value)
        assert case["expect"] in message
        assert path.name in message and "\n" not in message
    assert path.read_bytes() == before  # inputs are never modified


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"ke hoach " * 2000)
    with pytest.raises(ReadError, match="too large"):
        read_source(path, max_bytes=1000)


def test_fold_keeps_offsets() -> None:
    text = "Quyết định số 3409/QĐ-UBND ngày 29/12/2023 của Ủy ban"
    folded = fold(text)
    assert len(folded) == len(text)
    start = folded.index("qd-ubnd")
    assert text[start:start + 7] == "QĐ-UBND"


def test_strip_html_cells() -> None:
    cell = '<ul style="list-style-type: none"> <li><p>- Kế hoạch <i>(chuyên đề)</i></p></li> </ul> &amp; x'
    assert strip_html(cell) == "- Kế hoạch (chuyên đề) & x"
