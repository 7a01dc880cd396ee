"""Read a PDF with a text layer into the same plain-text shape as the .txt exports.

Why this shape: later stages read the .txt exports, so a PDF is rendered like them:
- text outside tables is written line by line as laid out; a vertical gap wider than the
  page's usual line gap starts a new paragraph (a blank line); a page break is a blank line;
- each row of a ruled table (pdfplumber `find_tables`) is ONE line of TAB-separated cells, a
  cell's own line breaks replaced by spaces, merged grid positions empty; a table continued on
  the next page simply continues after the blank line, as in the exports;
- a PDF with no text at all (a scan) is refused with a clear error: OCR it first.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import statistics
import unicodedata
import zlib
from collections.abc import Iterator
from pathlib import Path

from ccompare.read.docx import _read_bytes, _reason
from ccompare.read.errors import ReadError
from ccompare.read.limits import Limits, current_limits, exceeded
from ccompare.read.source import SourceText, check_text, display_path

SCANNED = "PDF has no text layer (scanned?): OCR it first"
# A gap between two text lines wider than the page's tight line gap plus this share of the
# line height starts a new paragraph (Word adds space between paragraphs, not inside them).
PARAGRAPH_GAP_SHARE = 0.4


_STREAM = re.compile(rb"stream\r?\n")
_CHUNK = 1 << 16


def read_pdf(path: str | os.PathLike[str], *, max_bytes: int | None = None,
             limits: Limits | None = None) -> SourceText:
    """Read one PDF with a text layer as NFC text. Raises ReadError (scans, damage, password)."""
    limits = limits or current_limits()
    p = Path(path)
    shown = display_path(p)
    data = _read_bytes(p, shown, limits.max_bytes if max_bytes is None else max_bytes)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError(shown, "not a valid PDF (no %PDF header)")
    _check_streams(data, shown, limits)
    try:
        import io

        import pdfplumber  # imported here so `ccompare --help` stays light
        from pdfminer.pdfpage import PDFPage

        with _quiet_pdfminer():
            pdf = pdfplumber.open(io.BytesIO(data))
            _check_pages(pdf.doc, PDFPage, shown, limits)  # on error pdf is not closed: close() walks every page
            with pdf:
                page_items = [_page_items(page) for page in pdf.pages]
        # the paragraph gap is measured over the whole document: a page may hold two lines
        limit = _paragraph_gap([_text_lines(items) for items in page_items])
        pages = [_render(items, limit) for items in page_items]
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(shown, "out of memory while reading the PDF") from None
    except Exception as exc:  # pdfminer raises many kinds: syntax, password, damaged xref
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in name:
            raise ReadError(shown, "PDF is password-protected: remove the password first") from None
        raise ReadError(shown, f"not a valid PDF ({name}: {_reason(exc)})") from None
    if not any(t.strip() for t in pages):
        raise ReadError(shown, SCANNED)
    text = unicodedata.normalize("NFC", "\n\n".join(t for t in pages if t.strip()) + "\n")
    if len(text) > limits.max_text_chars:
        raise ReadError(shown, exceeded("max_text_chars", limits, len(text)))
    check_text(text, shown)
    return SourceText(shown, hashlib.sha256(data).hexdigest(), text, "pdf")


def _check_pages(doc, page_class, shown: str, limits: Limits) -> None:
    """Refuse more than `limits.max_pages` pages: first by what the page tree declares (cheap),
    then by walking it lazily, stopping one page past the cap."""
    from pdfminer.pdftypes import resolve1

    try:
        root = resolve1(doc.catalog.get("Pages"))
        declared = [resolve1(root.get("Count")), len(resolve1(root.get("Kids")) or ())]
    except Exception:  # a damaged tree: the walk below (or pdfplumber) reports it
        declared = []
    for n in declared:
        if isinstance(n, int) and n > limits.max_pages:
            raise ReadError(shown, exceeded("max_pages", limits, n))
    for count, _ in enumerate(page_class.create_pages(doc), start=1):
        if count > limits.max_pages:
            raise ReadError(shown, exceeded("max_pages", limits, count))


@contextlib.contextmanager
def _quiet_pdfminer() -> Iterator[None]:
    """pdfminer logs warnings about damaged files on stderr; the one ReadError line says it all."""
    logger = logging.getLogger("pdfminer")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


def _check_streams(data: bytes, shown: str, limits: Limits) -> None:
    """Inflate every Flate-looking stream once, in bounded chunks, before pdfminer inflates
    them whole: their total uncompressed size is capped like a .docx package's (a 20 MiB PDF
    can hold a stream that inflates to gigabytes)."""
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        body = memoryview(data)[start:end if end >= 0 else len(data)]
        if end < 0:  # the last stream: no other "stream" keyword lies outside it
            _inflate_size(body, total, shown, limits)
            return
        if len(body) < 2 or body[0] & 0x0F != 8:  # not a zlib header: not Flate, or damaged
            continue
        total = _inflate_size(body, total, shown, limits)


def _inflate_size(body: memoryview, total: int, shown: str, limits: Limits) -> int:
    """`total` plus the inflated size of one stream, raising once past the cap."""
    if len(body) < 2 or body[0] & 0x0F != 8:  # not a zlib header: not Flate, or damaged
        return total
    inflate = zlib.decompressobj()
    pending = bytes(body)
    try:
        while not inflate.eof:
            out = inflate.decompress(pending, _CHUNK)
            total += len(out)
            if total > limits.max_expanded_bytes:
                raise ReadError(shown, exceeded("max_expanded_bytes", limits, total).replace(
                    ".docx package", "PDF streams"))
            if not out and len(inflate.unconsumed_tail) >= len(pending):
                break  # no progress: the input is used up or damaged
            pending = inflate.unconsumed_tail
    except zlib.error:
        pass
    return total


Item = tuple[float, int, object]  # (top, 0 = text line | 1 = table, payload)


def _text_lines(items: list[Item]) -> list[tuple[str, float, float]]:
    return [p for _, k, p in items if k == 0]  # type: ignore[misc]


def _page_items(page) -> list[Item]:
    """One page: text lines and table rows in reading order (top to bottom)."""
    tables = page.find_tables()
    rest = page
    for t in tables:
        rest = rest.outside_bbox(_clip(t.bbox, page.bbox))
    items: list[Item] = []
    for line in rest.extract_text_lines(return_chars=False):
        text = " ".join(line["text"].split())
        if text:
            items.append((line["top"], 0, (text, line["top"], line["bottom"])))
    for t in tables:
        rows = []
        for row in t.extract():
            cells = [" ".join((c or "").split()) for c in row]
            if any(cells):
                rows.append("\t".join(cells))
        if rows:
            items.append((t.bbox[1], 1, "\n".join(rows)))
    items.sort(key=lambda it: (it[0], it[1]))
    return items


def _render(items: list[Item], limit: float) -> str:
    out: list[str] = []
    prev_bottom: float | None = None
    for _, kind, payload in items:
        if kind == 1:
            out.extend(["", payload, ""])  # type: ignore[list-item]
            prev_bottom = None
            continue
        text, top, bottom = payload  # type: ignore[misc]
        if prev_bottom is not None and top - prev_bottom > limit:
            out.append("")
        out.append(text)
        prev_bottom = bottom
    # collapse runs of blank lines
    lines: list[str] = []
    for line in out:
        if line == "" and (not lines or lines[-1] == ""):
            continue
        lines.append(line)
    return "\n".join(lines).strip("\n")


def _paragraph_gap(pages: list[list[tuple[str, float, float]]]) -> float:
    """The vertical gap above which two consecutive lines belong to different paragraphs."""
    gaps = sorted(max(0.0, b[1] - a[2]) for lines in pages for a, b in zip(lines, lines[1:], strict=False))
    heights = [bottom - top for lines in pages for _, top, bottom in lines]
    if not gaps:
        return float("inf")
    tight = gaps[len(gaps) // 5]  # 20th percentile: the line gap inside paragraphs
    return tight + PARAGRAPH_GAP_SHARE * statistics.median(heights)


def _clip(bbox, page_bbox):
    x0, top, x1, bottom = bbox
    px0, ptop, px1, pbottom = page_bbox
    return (max(x0, px0), max(top, ptop), min(x1, px1), min(bottom, pbottom))
