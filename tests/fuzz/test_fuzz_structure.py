"""Structure mutations of .docx and .pdf files (issue 13): XML attribute values, list numbering,
table spans, duplicated elements, damaged ZIP members, PDF object numbers and streams.

Every mutated file must end as a Plan or as the reader's own one-line ReadError naming the file,
within a few seconds, under a 4 GiB address-space limit. The default run tries a small bounded
number of examples; `pytest -m slow` runs 10,000 (6,000 .docx + 4,000 .pdf).
"""

from __future__ import annotations

import importlib.util
import io
import re
import resource
import signal
import sys
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccompare.extract import extract_plan
from ccompare.read.errors import ReadError
from ccompare.schema import to_json

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("hostile_cases", ROOT / "tests" / "hostile" / "cases.py")
cases = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("hostile_cases", cases)
_spec.loader.exec_module(cases)

FIXTURES = ROOT / "tests" / "read_docx_pdf"
DOCX_SEEDS = [(FIXTURES / "nghe-an-plan.docx").read_bytes(), cases.docx_numbering("1", paragraphs=12),
              cases.docx_gridspan("2"), cases.docx_gridbefore("1")]
PDF_SEEDS = [(FIXTURES / "nghe-an-plan.pdf").read_bytes(), cases.pdf_plan()]
TMP = Path(tempfile.mkdtemp(prefix="ccompare-fuzz-structure-"))
SECONDS = 30  # per example: the per-case budget of issue 13, far above a normal read

HOSTILE_VALUES = ["0", "-1", "1", "2", "63", "64", "1000", "1001", "100000", "100001", "2147483647",
                  "2000000000", "1" + "0" * 12, "9" * 19, "9" * 5000, "", "abc", "1e9", "0x10", " 7 ",
                  "\u0661\u0662", "-2000000000", "+3"]
NUMBER_FORMATS = ["decimal", "upperRoman", "lowerRoman", "upperLetter", "lowerLetter", "decimalZero", "bullet",
                  "none", "chineseCounting", "x" * 300]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
INSERTS = [
    '<w:tcPr><w:gridSpan w:val="{v}"/></w:tcPr>', '<w:trPr><w:gridBefore w:val="{v}"/></w:trPr>',
    '<w:trPr><w:gridAfter w:val="{v}"/></w:trPr>', '<w:vMerge w:val="continue"/>', '<w:vMerge/>',
    '<w:pPr><w:numPr><w:ilvl w:val="{v}"/><w:numId w:val="{v}"/></w:numPr></w:pPr>',
    '<w:start w:val="{v}"/>', '<w:numFmt w:val="{f}"/>', '<w:lvlText w:val="%1.%2.%9%{v}"/>',
    '<w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>',
    '<w:sdt><w:sdtContent><w:p><w:r><w:t>y</w:t></w:r></w:p></w:sdtContent></w:sdt>',
    '<w:p><w:r><w:br/><w:tab/><w:noBreakHyphen/><w:t>z</w:t></w:r></w:p>', "<w:p>", "</w:tc>", "<!--",
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', "&a;",
]


def _docx_mutate(seed: bytes, ops: list[tuple[str, int, int, int]]) -> bytes:
    """Apply structure mutations to the XML members of a .docx, then zip it again."""
    with zipfile.ZipFile(io.BytesIO(seed)) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    xml_names = sorted(n for n in members if n.endswith(".xml") and n.startswith("word/")) or sorted(members)
    damage_zip = None
    for op, a, b, c in ops:
        name = xml_names[a % len(xml_names)]
        if name not in members:
            continue
        data = members[name]
        value = HOSTILE_VALUES[b % len(HOSTILE_VALUES)]
        if op == "attr":  # replace the value of the c-th attribute
            spans = [m.span(1) for m in re.finditer(rb'="([^"]*)"', data)]
            if spans:
                s, e = spans[c % len(spans)]
                data = data[:s] + value.encode() + data[e:]
        elif op == "val":  # replace the c-th w:val only
            spans = [m.span(1) for m in re.finditer(rb'w:val="([^"]*)"', data)]
            if spans:
                s, e = spans[c % len(spans)]
                data = data[:s] + value.encode() + data[e:]
        elif op == "insert":  # insert an element after the c-th tag
            ends = [m.end() for m in re.finditer(rb">", data)]
            if ends:
                pos = ends[c % len(ends)]
                snippet = INSERTS[b % len(INSERTS)].format(v=value, f=NUMBER_FORMATS[c % len(NUMBER_FORMATS)])
                data = data[:pos] + snippet.encode() + data[pos:]
        elif op == "duplicate":  # repeat the c-th paragraph or row many times
            found = list(re.finditer(rb"<w:(p|tr)[ >].*?</w:\1>", data, re.S))
            if found:
                m = found[c % len(found)]
                data = data[:m.end()] + m.group(0) * (1 + b % 3000) + data[m.end():]
        elif op == "delete":
            pos = c % (len(data) + 1)
            data = data[:pos] + data[pos + 1 + b % 400:]
        elif op == "truncate-member":
            data = data[: c % (len(data) + 1)]
        elif op == "drop-member":
            members.pop(name, None)
            continue
        elif op == "truncate-zip":
            damage_zip = c
        members[name] = data
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    out = buf.getvalue()
    return out[: damage_zip % (len(out) + 1)] if damage_zip is not None else out


def _pdf_mutate(seed: bytes, ops: list[tuple[str, int, int, int]]) -> bytes:
    data = seed
    for op, _a, b, c in ops:
        value = HOSTILE_VALUES[b % len(HOSTILE_VALUES)].encode()
        if op == "number":  # replace the c-th number (object ids, lengths, /Count, coordinates)
            spans = [m.span() for m in re.finditer(rb"\d+(\.\d+)?", data)]
            if spans:
                s, e = spans[c % len(spans)]
                data = data[:s] + value + data[e:]
        elif op == "name":  # replace a /Name
            spans = [m.span() for m in re.finditer(rb"/[A-Za-z]+", data)]
            if spans:
                s, e = spans[c % len(spans)]
                data = data[:s] + [b"/Count", b"/Kids", b"/Length", b"/Filter", b"/FlateDecode", b"/Root",
                                   b"/Pages", b"/Contents", b"/XRef", b"/ObjStm"][b % 10] + data[e:]
        elif op == "flip":
            pos = c % max(1, len(data))
            data = data[:pos] + bytes([data[pos] ^ (1 + b % 255)]) + data[pos + 1:] if data else data
        elif op == "truncate":
            data = data[: c % (len(data) + 1)]
        elif op == "insert":
            pos = c % (len(data) + 1)
            snippet = [b"stream\n", b"endstream", b"<<", b">>", b"[", b"]", b"9999999999 0 R", b"(((((",
                       b"xref\n0 999999999\n", b"BT /F1 12 Tf (" + b"x" * 2000 + b") Tj ET"][b % 10]
            data = data[:pos] + snippet + data[pos:]
        elif op == "duplicate":  # repeat an object many times
            found = list(re.finditer(rb"\d+ 0 obj.*?endobj", data, re.S))
            if found:
                m = found[c % len(found)]
                data = data[:m.end()] + m.group(0) * (1 + b % 500) + data[m.end():]
    return data


def _ops(kinds: list[str]):
    return st.lists(st.tuples(st.sampled_from(kinds), st.integers(0, 50), st.integers(0, 10_000),
                              st.integers(0, 1_000_000)), min_size=1, max_size=4)


# (seed index, operations): small reprs when hypothesis reports a failing example
docx_files = st.tuples(st.integers(0, len(DOCX_SEEDS) - 1),
                       _ops(["attr", "val", "val", "insert", "insert", "duplicate", "delete", "truncate-member",
                             "drop-member", "truncate-zip"]))
pdf_files = st.tuples(st.integers(0, len(PDF_SEEDS) - 1),
                      _ops(["number", "number", "name", "flip", "truncate", "insert", "duplicate"]))


class Hang(Exception):
    pass


@contextmanager
def _bounded(seconds: int):
    """A time budget per example (SIGALRM) and a 4 GiB address-space limit while it runs."""
    def alarm(signum, frame):  # noqa: ANN001
        raise Hang(f"no result within {seconds} s")

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = 4 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _check(data: bytes, suffix: str) -> None:
    path = TMP / f"doc{suffix}"
    path.write_bytes(data)
    with _bounded(SECONDS):
        try:
            plan = extract_plan(path)
        except ReadError as err:
            message = str(err)
            assert "\n" not in message and f"doc{suffix}" in message
            assert "could not be parsed" not in message, message  # a crash after reading
            assert "MemoryError" not in message and "out of memory" not in message, message
            return
        to_json(plan)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(docx_files)
def test_fuzz_docx_structure(case) -> None:  # noqa: ANN001
    _check(_docx_mutate(DOCX_SEEDS[case[0]], case[1]), ".docx")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pdf_files)
def test_fuzz_pdf_structure(case) -> None:  # noqa: ANN001
    _check(_pdf_mutate(PDF_SEEDS[case[0]], case[1]), ".pdf")


@pytest.mark.slow
@settings(max_examples=6_000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(docx_files)
def test_fuzz_docx_structure_slow(case) -> None:  # noqa: ANN001
    _check(_docx_mutate(DOCX_SEEDS[case[0]], case[1]), ".docx")


@pytest.mark.slow
@settings(max_examples=4_000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pdf_files)
def test_fuzz_pdf_structure_slow(case) -> None:  # noqa: ANN001
    _check(_pdf_mutate(PDF_SEEDS[case[0]], case[1]), ".pdf")
