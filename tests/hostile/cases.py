"""The hostile-input corpus of issue 13: each case builds its inputs in a scratch folder and says
how to run `ccompare` on them and what must hold afterwards.

Shared by the CI suite (tests/hostile/test_hostile.py) and the before/after table
(benchmarks/hostile_bench.py). Large inputs are generated here, at run time, never committed.
Nothing here touches a system path: "devices" are FIFOs and symlinks inside the scratch folder.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLAN = ROOT / "corpus" / "raw" / "binh-thuan" / "001_581e4daf63d91ab6.txt"
PEER = ROOT / "corpus" / "raw" / "khanh-hoa" / "002_b1f1a5f37476054a.txt"
PREVIOUS = b"previous output: must survive a failed run\n"

GiB = 1024 ** 3
TIME_BUDGET = 30.0  # seconds per case (issue 13, "done when")
RSS_BUDGET = 1.5 * GiB
ADDRESS_LIMIT = 4 * GiB

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER = ("ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN", "Số: 12/KH-UBND", "KẾ HOẠCH",
          "Cải cách hành chính năm 2024", "I. MỤC ĐÍCH, YÊU CẦU")


# --------------------------------------------------------------------------- .docx / .pdf builders


def _para(text: str, extra: str = "") -> str:
    return f"<w:p>{extra}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def docx_bytes(body: str | bytes, numbering: str | None = None, *, raw_document: bytes | None = None) -> bytes:
    """A minimal valid .docx whose body is `body` (WordprocessingML), built by hand."""
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'wordprocessingml.document.main+xml"/>'
          + ('<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-'
             'officedocument.wordprocessingml.numbering+xml"/>' if numbering else "")
          + "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + ('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   'relationships/numbering" Target="numbering.xml"/>' if numbering else "")
                + "</Relationships>")
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
    tail = "</w:body></w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/_rels/document.xml.rels", doc_rels)
        if raw_document is not None:
            z.writestr("word/document.xml", raw_document)
        else:
            body_b = body.encode() if isinstance(body, str) else body
            z.writestr("word/document.xml", head.encode() + body_b + tail.encode())
        if numbering:
            z.writestr("word/numbering.xml",
                       f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
                       f"{numbering}</w:numbering>")
    return buf.getvalue()


def _header_xml() -> str:
    return "".join(_para(t) for t in HEADER)


def _row(cells: list[str], tcpr: str = "", trpr: str = "") -> str:
    tcs = "".join(f"<w:tc>{tcpr if i == 0 else ''}{_para(c)}</w:tc>" for i, c in enumerate(cells))
    return f"<w:tr>{trpr}{tcs}</w:tr>"


def docx_gridspan(value: str = "2000000000") -> bytes:
    rows = [_row(["TT", "Nhiệm vụ", "Cơ quan chủ trì"])]
    rows += [_row([str(i), f"Rà soát thủ tục hành chính {i}", "Sở Nội vụ"]) for i in range(1, 4)]
    rows.append(_row(["9", "Ô gộp", "Sở Tư pháp"], tcpr=f'<w:tcPr><w:gridSpan w:val="{value}"/></w:tcPr>'))
    return docx_bytes(_header_xml() + "<w:tbl>" + "".join(rows) + "</w:tbl>")


def docx_gridbefore(value: str = "2000000000") -> bytes:
    rows = [_row(["TT", "Nhiệm vụ", "Cơ quan chủ trì"])]
    rows += [_row([str(i), f"Rà soát thủ tục hành chính {i}", "Sở Nội vụ"]) for i in range(1, 4)]
    rows.append(_row(["9", "Ô lệch", "Sở Tư pháp"], trpr=f'<w:trPr><w:gridBefore w:val="{value}"/></w:trPr>'))
    return docx_bytes(_header_xml() + "<w:tbl>" + "".join(rows) + "</w:tbl>")


def docx_numbering(start: str = "1000000000000", fmt: str = "upperRoman", paragraphs: int = 50) -> bytes:
    numbering = (f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                 f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    numpr = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    body = _header_xml() + "".join(_para(f"Nhiệm vụ số {i}", numpr) for i in range(paragraphs))
    return docx_bytes(body, numbering)


def docx_many_paragraphs(count: int = 3_000_000) -> bytes:
    """`count` tiny paragraphs: a few hundred KB compressed, hundreds of MB of XML."""
    body = _header_xml().encode() + b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * count
    return docx_bytes(body)


def docx_expanded(megabytes: int = 400) -> bytes:
    """One paragraph whose text is `megabytes` MB of spaces: a zip bomb in document.xml."""
    head = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'
            + _header_xml() + "<w:p><w:r><w:t>").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", zipfile.ZipFile(io.BytesIO(docx_bytes(""))).read("[Content_Types].xml"))
        z.writestr("_rels/.rels", zipfile.ZipFile(io.BytesIO(docx_bytes(""))).read("_rels/.rels"))
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buf.getvalue()


def pdf_bytes(text_ops: bytes, *, pages: int = 1) -> bytes:
    """A small PDF with `pages` pages sharing one content stream `text_ops` (uncompressed)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + i} 0 R" for i in range(pages))
    objs.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    content_num = 4 + pages
    for _ in range(pages):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                    f" /Contents {content_num} 0 R >>".encode())
    objs.append(b"<< /Length %d >>\nstream\n" % len(text_ops) + text_ops + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()


def pdf_plan() -> bytes:
    lines = [b"KE HOACH", b"Cai cach hanh chinh nam 2024", b"I. MUC DICH, YEU CAU"]
    ops = b"BT /F1 12 Tf 72 800 Td 14 TL " + b" ".join(b"(%s) Tj T*" % ln for ln in lines) + b" ET"
    return pdf_bytes(ops)


def pdf_warning_then_fail() -> bytes:
    """A PDF whose font is missing (pdfminer logs a warning) and whose only text is a blank:
    it warns, then is refused as having no text layer."""
    return pdf_bytes(b"BT /F9 12 Tf 72 800 Td ( ) Tj ET")


def pdf_many_pages(pages: int = 100_000) -> bytes:
    """Many pages sharing one tiny content stream: small file, huge page count."""
    return pdf_bytes(b"BT /F1 12 Tf 72 800 Td (Nhiem vu) Tj ET", pages=pages)


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Run:
    """How to run one case: ccompare arguments, and the special effects of the harness."""

    args: list[str]
    check: Callable[[Path, Result], str | None] | None = None  # returns a problem or None
    protect: tuple[str, ...] = ()  # files/folders (relative to tmp) that must be unchanged
    sigterm_on_write: bool = False  # send SIGTERM as soon as anything in the scratch folder changes
    close_stdout: bool = False  # stdout is a pipe whose reader has gone (EPIPE)
    fifo_reader: str | None = None  # a FIFO (relative to tmp) drained by the harness
    env: dict[str, str] = field(default_factory=dict)
    exits: tuple[int, ...] = (0, 1)


@dataclass
class Result:
    exit: int | None  # None: killed by the time budget
    stdout: bytes
    stderr: str
    seconds: float
    peak_rss: int  # bytes
    timed_out: bool = False
    terminated: bool = False  # the harness sent SIGTERM

    @property
    def error_lines(self) -> list[str]:
        return [ln for ln in self.stderr.splitlines() if ln.strip()]


Case = tuple[str, str, Callable[[Path], Run]]  # name, description, setup(tmp) -> Run


def _previous(tmp: Path, name: str) -> str:
    (tmp / name).write_bytes(PREVIOUS)
    return name


def _bad_inputs(tmp: Path) -> list[str]:
    (tmp / "empty.txt").write_bytes(b"")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 4)
    return [str(tmp / "empty.txt"), str(tmp / "binary.txt")]


def _file(tmp: Path, name: str, data: bytes) -> str:
    (tmp / name).write_bytes(data)
    return str(tmp / name)


def _extract_file(name: str, make: Callable[[], bytes]) -> Callable[[Path], Run]:
    def setup(tmp: Path) -> Run:
        path = _file(tmp, name, make())
        return Run(["extract", "-q", "-f", "json", "-o", str(tmp / "out.json"), path])
    return setup


def _all_fail(command: list[str], out: str) -> Callable[[Path], Run]:
    def setup(tmp: Path) -> Run:
        _previous(tmp, out)
        return Run([*command[:1], *_bad_inputs(tmp), *command[1:], str(tmp / out)], protect=(out,))
    return setup


def _report_all_fail(tmp: Path) -> Run:
    site = tmp / "site"
    (site / "plans").mkdir(parents=True)
    (site / "index.html").write_bytes(PREVIOUS)
    (site / "plans" / "old-plan.html").write_bytes(PREVIOUS)
    return Run(["report", "-q", "--no-compare", *_bad_inputs(tmp), "-o", str(site)], protect=("site",))


def _report_foreign(tmp: Path) -> Run:
    site = tmp / "site"
    (site / "plans").mkdir(parents=True)
    (site / "plans" / "mine.html").write_bytes(PREVIOUS)  # not written by ccompare
    (site / "notes.txt").write_bytes(PREVIOUS)

    def check(tmp: Path, res: Result) -> str | None:
        gone = [p for p in ("site/plans/mine.html", "site/notes.txt") if not (tmp / p).exists()]
        if gone:
            return f"deleted files it did not write: {', '.join(gone)}"
        if not (tmp / "site" / "index.html").exists():
            return "no index.html written"
        return None
    return Run(["report", "-q", "--no-compare", "--no-areas", str(PLAN), "-o", str(site)], check=check)


def _report_interrupted(tmp: Path) -> Run:
    """SIGTERM as soon as the new site starts being written: afterwards the folder is the old site
    or the whole new one (every page the index links exists), never a mix, and no temporary files
    are left. (tests/hostile/test_site_transaction.py interrupts at every step deterministically.)"""
    site = tmp / "site"
    subprocess.run([sys.executable, "-c", "from ccompare.cli import main; main()", "report", "-q",
                    "--no-compare", "--no-areas", str(PLAN), "-o", str(site)],
                   capture_output=True, env=_child_env(), cwd=tmp, check=False)
    (site / "plans").mkdir(parents=True, exist_ok=True)
    (site / "plans" / "keep-me.html").write_bytes(PREVIOUS)
    old = snapshot(tmp, ("site",))

    def check(tmp: Path, res: Result) -> str | None:
        left = [p.name for p in tmp.rglob("*") if p.name.endswith((".tmp", ".old"))]
        if left:
            return f"temporary files left: {', '.join(left[:5])}"
        if snapshot(tmp, ("site",)) == old:
            return None
        index = (site / "index.html").read_text("utf-8", "replace") if (site / "index.html").exists() else ""
        links = set(re.findall(r'href="(plans/[^"#]+\.html)', index))
        missing = sorted(link for link in links if not (site / link).exists())
        if not links or missing:
            return f"a mixed site: index links {len(links)} plan pages, {len(missing)} missing"
        if not (site / "plans" / "keep-me.html").exists():
            return "a file the report did not write was removed"
        return None
    return Run(["report", "-q", "--no-compare", str(ROOT / "corpus" / "raw"), "-o", str(site)],
               sigterm_on_write=True, check=check, exits=(0, 1, 130, 143, -15))


def _out_symlink(tmp: Path) -> Run:
    (tmp / "real.json").write_bytes(PREVIOUS)
    (tmp / "link.json").symlink_to(tmp / "real.json")

    def check(tmp: Path, res: Result) -> str | None:
        if not (tmp / "link.json").is_symlink():
            return "the symlink was replaced by a regular file"
        if (tmp / "real.json").read_bytes() == PREVIOUS:
            return "nothing was written through the symlink"
        return None
    return Run(["extract", "-q", "-f", "json", "-o", str(tmp / "link.json"), str(PLAN)], check=check)


def _out_fifo(tmp: Path) -> Run:
    os.mkfifo(tmp / "pipe")

    def check(tmp: Path, res: Result) -> str | None:
        if not (tmp / "pipe").is_fifo():
            return "the FIFO was replaced by a regular file"
        if b'"province"' not in (tmp / "pipe.read").read_bytes():
            return "nothing was written into the FIFO"
        return None
    return Run(["extract", "-q", "-f", "json", "-o", str(tmp / "pipe"), str(PLAN)], check=check,
               fifo_reader="pipe")


def _out_dash(tmp: Path) -> Run:
    def check(tmp: Path, res: Result) -> str | None:
        if (tmp / "-").exists():
            return "wrote a file named '-'"
        if b'"province"' not in res.stdout:
            return "nothing on standard output"
        return None
    return Run(["extract", "-q", "-f", "json", "-o", "-", str(PLAN)], check=check)


def _unwritable(command: list[str]) -> Callable[[Path], Run]:
    def setup(tmp: Path) -> Run:
        (tmp / "afile").write_bytes(PREVIOUS)  # a file where a folder is needed: unwritable even as root
        return Run([*command, str(tmp / "afile" / "out.json")], protect=("afile",))
    return setup


def _epipe(tmp: Path) -> Run:
    return Run(["extract", "-q", "-f", "json", str(PLAN), str(PEER)], close_stdout=True)


def _corrupt_cache(tmp: Path) -> Run:
    (tmp / "cache.sqlite").write_bytes(b"this is not a database" * 100)

    def check(tmp: Path, res: Result) -> str | None:
        return None if b'"province"' in (tmp / "out.json").read_bytes() else "no output"
    return Run(["extract", "-q", "--cache", "-f", "json", "-o", str(tmp / "out.json"), str(PLAN)],
               env={"CCOMPARE_CACHE": str(tmp / "cache.sqlite")}, check=check)


def _unopenable_cache(tmp: Path) -> Run:
    (tmp / "cachedir").mkdir()
    return Run(["extract", "-q", "--cache", "-f", "json", "-o", str(tmp / "out.json"), str(PLAN)],
               env={"CCOMPARE_CACHE": str(tmp / "cachedir")})


def _fifo_input(tmp: Path) -> Run:
    os.mkfifo(tmp / "plan.txt")  # nobody ever writes: reading it would block forever
    return Run(["extract", "-q", "-f", "json", str(tmp / "plan.txt")])


def _fifo_docx(tmp: Path) -> Run:
    os.mkfifo(tmp / "plan.docx")
    (tmp / "link.txt").symlink_to(tmp / "plan.docx")
    return Run(["extract", "-q", "-f", "json", str(tmp / "plan.docx"), str(tmp / "link.txt")])


def _fifo_draft(tmp: Path) -> Run:
    os.mkfifo(tmp / "draft.txt")
    return Run(["benchmark", str(tmp / "draft.txt"), "--against", str(PEER)])


def _huge_txt(tmp: Path) -> Run:
    with (tmp / "huge.txt").open("wb") as fh:
        fh.truncate(20 * 1024 * 1024 + 1)  # sparse: one byte over 20 MiB

    def check(tmp: Path, res: Result) -> str | None:
        return None if "20 MiB" in res.stderr else "the limit is not given as 20 MiB"
    return Run(["extract", "-q", "-f", "json", str(tmp / "huge.txt")], check=check)


def _pdf_warnings(tmp: Path) -> Run:
    path = _file(tmp, "broken.pdf", pdf_warning_then_fail())
    return Run(["extract", "-q", "-f", "json", path])


def _benchmark_identical(tmp: Path) -> Run:
    shutil.copy(PLAN, tmp / "draft.txt")
    shutil.copy(PLAN, tmp / "peer.txt")

    def check(tmp: Path, res: Result) -> str | None:
        if "no peer plans were read" in res.stderr:
            return "says no peer plans were read although one was read and dropped"
        return None
    return Run(["benchmark", "-f", "json", str(tmp / "draft.txt"), "--against", str(tmp / "peer.txt")],
               check=check)


def _export_mode(tmp: Path) -> Run:
    def check(tmp: Path, res: Result) -> str | None:
        mode = (tmp / "plans.db").stat().st_mode & 0o777
        return None if mode == 0o644 else f"database mode {mode:o}, not 644 (umask 022)"
    return Run(["export", "-q", "--no-compare", str(PLAN), "--sqlite", str(tmp / "plans.db")], check=check)


CASES: list[Case] = [
    ("docx-gridspan", "40 KB .docx, one cell with gridSpan 2,000,000,000",
     _extract_file("span.docx", docx_gridspan)),
    ("docx-gridbefore", ".docx, a row with gridBefore 2,000,000,000",
     _extract_file("before.docx", docx_gridbefore)),
    ("docx-roman-1e12", ".docx numbering starting at 10^12 in upper Roman",
     _extract_file("roman.docx", docx_numbering)),
    ("docx-letters-1e18", ".docx numbering starting at 10^18 in letters",
     _extract_file("letters.docx", lambda: docx_numbering("1000000000000000000", "upperLetter"))),
    ("docx-3M-paragraphs", ".docx with 3 million tiny paragraphs",
     _extract_file("many.docx", docx_many_paragraphs)),
    ("docx-zip-bomb", "300 KB .docx whose document.xml expands to 400 MB",
     _extract_file("bomb.docx", docx_expanded)),
    ("pdf-100k-pages", "16 MB PDF with 100,000 pages",
     _extract_file("pages.pdf", pdf_many_pages)),
    ("all-fail-extract", "extract -o F, every input fails",
     _all_fail(["extract", "-q", "-f", "json", "-o"], "out.json")),
    ("all-fail-citations", "citations -o F, every input fails",
     _all_fail(["citations", "-q", "-f", "json", "-o"], "cites.json")),
    ("all-fail-graph", "graph -o F, every input fails", _all_fail(["graph", "-q", "-o"], "graph.json")),
    ("all-fail-export", "export --sqlite F, every input fails",
     _all_fail(["export", "-q", "--sqlite"], "plans.db")),
    ("all-fail-report", "report -o DIR, every input fails", _report_all_fail),
    ("report-foreign-files", "report -o DIR keeps files it did not write", _report_foreign),
    ("report-sigterm", "report interrupted by SIGTERM", _report_interrupted),
    ("out-symlink", "-o onto a symlink", _out_symlink),
    ("out-fifo", "-o onto a FIFO (a 'device')", _out_fifo),
    ("out-dash", "-o - is standard output", _out_dash),
    ("unwritable-extract", "extract -o under a file", _unwritable(["extract", "-q", str(PLAN), "-o"])),
    ("unwritable-compare", "compare -o under a file",
     _unwritable(["compare", "-q", "--no-areas", str(PLAN), str(PEER), "-o"])),
    ("unwritable-benchmark", "benchmark -o under a file",
     _unwritable(["benchmark", "-q", str(PLAN), "--against", str(PEER), "-o"])),
    ("unwritable-report", "report -o under a file",
     _unwritable(["report", "-q", "--no-compare", "--no-areas", str(PLAN), "-o"])),
    ("stdout-epipe", "standard output closed by the reader", _epipe),
    ("cache-corrupt", "--cache on a corrupt database", _corrupt_cache),
    ("cache-unopenable", "--cache where the database is a folder", _unopenable_cache),
    ("input-fifo", "a FIFO as input (no writer)", _fifo_input),
    ("input-fifo-docx", "a FIFO named .docx and a symlink to it", _fifo_docx),
    ("benchmark-fifo-draft", "benchmark with a FIFO as the draft", _fifo_draft),
    ("huge-txt", ".txt one byte over 20 MiB", _huge_txt),
    ("pdf-warnings", "damaged PDF (pdfminer warnings)", _pdf_warnings),
    ("benchmark-identical-peer", "benchmark against a copy of the draft", _benchmark_identical),
    ("export-mode", "export under umask 022", _export_mode),
]


# --------------------------------------------------------------------------- harness


CHILD_PYTHONPATH: str | None = None  # another checkout to run (the "before" column of the table)


def _child_env(pythonpath: str | None = None, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCOMPARE_")}
    pythonpath = pythonpath or CHILD_PYTHONPATH
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    env.update(extra or {})
    return env


def _limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_LIMIT, ADDRESS_LIMIT))
    os.umask(0o022)


def _tree_state(tmp: Path) -> set[tuple[str, int]]:
    """Names and modification times under `tmp`, but the harness's own capture files."""
    out = set()
    for folder, dirs, names in os.walk(tmp):  # os.walk skips what vanishes while it walks
        for name in dirs + names:
            if name in (".stdout", ".stderr"):
                continue
            try:
                out.add((os.path.join(folder, name), os.lstat(os.path.join(folder, name)).st_mtime_ns))
            except OSError:
                continue
    return out


def snapshot(tmp: Path, names: tuple[str, ...]) -> dict[str, bytes | None]:
    out: dict[str, bytes | None] = {}
    for name in names:
        p = tmp / name
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file():
                    out[f.relative_to(tmp).as_posix()] = f.read_bytes()
        else:
            out[name] = p.read_bytes() if p.exists() else None
    return out


def run_case(setup: Callable[[Path], Run], tmp: Path, *, pythonpath: str | None = None,
             budget: float = TIME_BUDGET) -> tuple[Run, Result, list[str]]:
    """Run one case in a child limited to 4 GiB of address space; return the run, the result and
    the problems found (time, traceback, exit code, previous outputs, the case's own check)."""
    import threading

    run = setup(tmp)
    before = snapshot(tmp, run.protect)
    out_path, err_path = tmp / ".stdout", tmp / ".stderr"
    reader = None
    if run.fifo_reader:
        def drain() -> None:
            with open(tmp / run.fifo_reader, "rb") as src, open(tmp / (run.fifo_reader + ".read"), "wb") as dst:
                shutil.copyfileobj(src, dst)
        reader = threading.Thread(target=drain, daemon=True)
        reader.start()
    cmd = [sys.executable, "-c", "import sys; sys.argv[0] = 'ccompare'; from ccompare.cli import main; main()",
           *run.args]
    state = _tree_state(tmp) if run.sigterm_on_write else None
    start = time.monotonic()
    with open(err_path, "wb") as err:
        if run.close_stdout:
            r, w = os.pipe()
            os.close(r)
            stdout: int | io.BufferedWriter = w
        else:
            stdout = open(out_path, "wb")  # noqa: SIM115 - closed below
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=err, stdin=subprocess.DEVNULL, cwd=tmp,
                                env=_child_env(pythonpath, run.env), preexec_fn=_limit)
        if isinstance(stdout, int):
            os.close(stdout)
        else:
            stdout.close()
        status, rusage, timed_out, termed = 0, None, False, False
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            elapsed = time.monotonic() - start
            if state is not None and not termed and _tree_state(tmp) != state:
                proc.send_signal(signal.SIGTERM)
                termed = True
            if elapsed > budget:
                proc.kill()
                timed_out = True
                _, status, rusage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = 0  # reaped above; keep Popen from waiting again
    seconds = time.monotonic() - start
    if reader is not None:
        if reader.is_alive():  # unblock a reader that never saw a writer
            try:
                fd = os.open(tmp / run.fifo_reader, os.O_WRONLY | os.O_NONBLOCK)
                os.close(fd)
            except OSError:
                pass
        reader.join(2)
    if os.WIFSIGNALED(status):
        code: int | None = -os.WTERMSIG(status)
    else:
        code = os.WEXITSTATUS(status)
    result = Result(None if timed_out else code, out_path.read_bytes() if out_path.exists() else b"",
                    err_path.read_text("utf-8", "replace"), seconds, rusage.ru_maxrss * 1024, timed_out, termed)
    problems = []
    if timed_out:
        problems.append(f"still running after {budget:.0f} s")
    elif code not in run.exits:
        problems.append(f"exit {code}")
    if "Traceback" in result.stderr:
        problems.append("traceback on stderr")
    if result.peak_rss > RSS_BUDGET:
        problems.append(f"peak RSS {result.peak_rss / GiB:.1f} GiB")
    after = snapshot(tmp, run.protect)
    if after != before:
        changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        problems.append(f"previous output changed: {', '.join(changed[:3])}")
    if run.check is not None and not timed_out:
        try:
            problem = run.check(tmp, result)
        except OSError as exc:
            problem = f"check failed: {exc}"
        if problem:
            problems.append(problem)
    return run, result, problems
