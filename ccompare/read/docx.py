"""Read a Word .docx into the same plain-text shape as the .txt exports of the corpus.

Why this shape: every later stage (sections, tables, prose duties, citations) already reads the
.txt exports, so a .docx is rendered the way those exports look instead of teaching each stage
a second input model:

- body paragraphs are lines separated by blank lines; Word's automatic numbering and bullets
  are written out ("I.", "1.", "a)", "- ") because headings and list items depend on them;
- each row of a real table is ONE line of TAB-separated cells; several paragraphs of a cell are
  joined with a space; a merged cell gives its text once and empty strings for the other grid
  positions it covers (horizontal `gridSpan` and vertical `vMerge`); header rows marked to repeat
  are kept where they are (Word stores them once);
- small layout tables (<= 2 columns, <= 4 rows: the "issuer | motto", "number | place and date"
  and signature blocks of Vietnamese official documents) are written cell by cell as
  paragraphs, because that is how the exported .txt documents show them.
"""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ccompare.read.errors import ReadError
from ccompare.read.limits import Limits, current_limits, exceeded
from ccompare.read.source import SourceText, check_text, display_path, read_input_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

LAYOUT_MAX_COLS = 2
LAYOUT_MAX_ROWS = 4

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(path: str | os.PathLike[str], *, max_bytes: int | None = None,
              limits: Limits | None = None) -> SourceText:
    """Read one .docx as NFC text (see module doc for the shape). Raises ReadError."""
    limits = limits or current_limits()
    p = Path(path)
    shown = display_path(p)
    data = _read_bytes(p, shown, limits.max_bytes if max_bytes is None else max_bytes)
    if data.startswith(_OLE_MAGIC):
        raise ReadError(shown, "legacy Word .doc format (not .docx): save it as .docx first")
    if not data.startswith(b"PK"):
        raise ReadError(shown, "not a valid .docx (not a ZIP package)")
    try:
        import docx  # python-docx; imported here so `ccompare --help` stays light
        from docx.opc.exceptions import PackageNotFoundError

        _check_package(data, shown, limits)
        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, KeyError, ValueError) as exc:
            raise ReadError(shown, f"not a valid .docx ({_reason(exc)})") from None
        text = DocxRenderer(document, limits).render()
    except ReadError:
        raise
    except zipfile.BadZipFile as exc:
        raise ReadError(shown, f"not a valid .docx (damaged ZIP: {_reason(exc)})") from None
    except MemoryError:
        raise ReadError(shown, "out of memory while reading the .docx") from None
    except RecursionError:
        raise ReadError(shown, "not a valid .docx (elements nested too deeply)") from None
    except Exception as exc:  # lxml syntax errors and other damage inside the package
        raise ReadError(shown, f"not a valid .docx ({type(exc).__name__}: {_reason(exc)})") from None
    if len(text) > limits.max_text_chars:
        raise ReadError(shown, exceeded("max_text_chars", limits, len(text)))
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise ReadError(shown, "empty document (no text in the .docx)")
    check_text(text, shown)
    return SourceText(shown, hashlib.sha256(data).hexdigest(), text, "docx")


def _read_bytes(p: Path, shown: str, max_bytes: int | None = None) -> bytes:
    """The file's bytes (regular files only, capped); shared with the PDF reader."""
    return read_input_bytes(p, shown, max_bytes)


# --------------------------------------------------------------------------- limits


def _int(value: str | None, default: int) -> int:
    """A number written in the file, or `default` when it is not a plain integer.

    Why: int() of a 5,000-digit string raises and of '2000000000' builds nothing big, but callers
    must still cap the value: this only makes parsing total and bounded.
    """
    if value is None:
        return default
    v = value.strip()
    digits = v[1:] if v[:1] in "+-" else v
    if not digits.isdigit() or len(digits) > 30:
        return default
    return int(v)


_PACKAGE_CHUNK = 1 << 16
_NUMBER_TAGS = {f"{W}start", f"{W}startOverride"}
_SPAN_TAGS = {f"{W}gridSpan", f"{W}gridBefore", f"{W}gridAfter"}
_SCANNED = [f"{W}p", f"{W}tr", f"{W}tc", *_SPAN_TAGS, *_NUMBER_TAGS]  # the only elements the scan sees


class _Counts:
    """Running totals of one package while it streams: paragraphs, table grid, list numbers."""

    def __init__(self, shown: str, limits: Limits):
        self.shown, self.limits = shown, limits
        self.paragraphs = self.cells = 0
        self.rows: list[int] = []  # grid width of each open <w:tr>, innermost last

    def fail(self, name: str, found: int) -> None:
        raise ReadError(self.shown, exceeded(name, self.limits, found))

    def start(self, el) -> None:
        tag = el.tag
        if tag == f"{W}p":
            self.paragraphs += 1
            if self.paragraphs > self.limits.max_paragraphs:
                self.fail("max_paragraphs", self.paragraphs)
        elif tag == f"{W}tr":
            self.rows.append(0)
        elif tag == f"{W}tc":
            self._grid(1)
        elif tag in _SPAN_TAGS:
            value = _int(el.get(f"{W}val"), 1)
            self._grid(value - 1 if tag == f"{W}gridSpan" else value)
        elif tag in _NUMBER_TAGS:
            value = _int(el.get(f"{W}val"), 1)
            if value > self.limits.max_number:
                self.fail("max_number", value)

    def _grid(self, n: int) -> None:
        if n <= 0 or not self.rows:
            return
        self.rows[-1] += n
        if self.rows[-1] > self.limits.max_columns:
            self.fail("max_columns", self.rows[-1])
        self.cells += n
        if self.cells > self.limits.max_cells:
            self.fail("max_cells", self.cells)

    def end(self, el) -> None:
        """Close a row, then free the element: the scan keeps no tree, so its memory stays flat."""
        if el.tag == f"{W}tr" and self.rows:
            self.rows.pop()
        el.clear(keep_tail=False)
        parent = el.getparent()
        if parent is not None:
            while el.getprevious() is not None:
                del parent[0]


def _check_package(data: bytes, shown: str, limits: Limits) -> None:
    """Stream every member of the package once, before python-docx loads it: the uncompressed
    bytes, and in XML parts the paragraphs, table grid and list numbers, are counted against
    `limits` while they stream, whatever the ZIP headers or the XML claim."""
    from lxml import etree

    total = 0
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            parser = None
            counts = None
            if info.filename.lower().endswith(".xml"):
                parser = etree.XMLPullParser(events=("start", "end"), tag=_SCANNED, resolve_entities=False,
                                             no_network=True, load_dtd=False, huge_tree=False)
                counts = _Counts(shown, limits)
            with package.open(info) as member:
                while True:
                    chunk = member.read(_PACKAGE_CHUNK)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > limits.max_expanded_bytes:
                        raise ReadError(shown, exceeded("max_expanded_bytes", limits, total))
                    if parser is not None and counts is not None:
                        try:
                            parser.feed(chunk)
                        except etree.XMLSyntaxError:
                            parser = None  # damaged XML: python-docx reports it; the bytes still count
                            continue
                        for event, el in parser.read_events():
                            (counts.start if event == "start" else counts.end)(el)
            if parser is not None:
                try:
                    parser.close()
                except etree.XMLSyntaxError:
                    pass  # damage is python-docx's to report, with its own message


def _reason(exc: BaseException) -> str:
    msg = " ".join(str(exc).split())
    return (msg[:120] + "…") if len(msg) > 120 else (msg or type(exc).__name__)


# --------------------------------------------------------------------------- numbering


ROMAN_MAX = 3999  # the largest number Roman numerals write without overlines; above it: decimal


def _roman(n: int) -> str:
    if n > ROMAN_MAX:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def format_number(n: int, fmt: str) -> str:
    """One level's counter in Word's number format (the common formats; others as decimal)."""
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """Word list numbering: numId -> levels, and the running counters while rendering."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    abstract_of: dict[str, str] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document) -> Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return numbering
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in an.findall(f"{W}lvl"):
                levels[_int(lvl.get(f"{W}ilvl"), 0)] = _Level(
                    _int(_val(lvl.find(f"{W}start"), "1"), 1),
                    _val(lvl.find(f"{W}numFmt"), "decimal"),
                    _val(lvl.find(f"{W}lvlText"), ""),
                )
            abstract[an.get(f"{W}abstractNumId", "")] = levels
        for num in root.findall(f"{W}num"):
            num_id = num.get(f"{W}numId", "")
            aid = _val(num.find(f"{W}abstractNumId"), "")
            levels = {k: _Level(v.start, v.fmt, v.text) for k, v in abstract.get(aid, {}).items()}
            for ov in num.findall(f"{W}lvlOverride"):
                ilvl = _int(ov.get(f"{W}ilvl"), 0)
                start = ov.find(f"{W}startOverride")
                if start is not None and ilvl in levels:
                    levels[ilvl].start = _int(_val(start, "1"), 1)
            numbering.levels[num_id] = levels
            numbering.abstract_of[num_id] = aid
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (list, level) and return its label, e.g. 'II.' or '- '."""
        levels = self.levels.get(num_id)
        if not levels or num_id == "0" or ilvl not in levels:
            return ""
        level = levels[ilvl]
        if level.fmt == "bullet":
            return "-"
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = level.text
        for k, lv in levels.items():
            value = counters.get(k, lv.start)
            text = text.replace(f"%{k + 1}", format_number(value, lv.fmt))
        return text.strip()


def _val(el, default: str) -> str:
    if el is None:
        return default
    return el.get(f"{W}val", default)


# --------------------------------------------------------------------------- rendering


class DocxRenderer:
    """Walks the body in document order and writes paragraphs and tables as text lines."""

    def __init__(self, document, limits: Limits | None = None):
        self.document = document
        self.limits = limits or current_limits()
        self.numbering = Numbering.of(document)
        self.style_numpr = self._style_numbering(document)

    @staticmethod
    def _style_numbering(document) -> dict[str, tuple[str, int]]:
        """Paragraph styles that carry numbering (headings often do), following basedOn."""
        found: dict[str, tuple[str | None, int | None, str | None]] = {}
        try:
            root = document.styles.element
        except AttributeError:
            return {}
        for st in root.findall(f"{W}style"):
            sid = st.get(f"{W}styleId", "")
            num_pr = st.find(f"{W}pPr/{W}numPr")
            num_id = ilvl = None
            if num_pr is not None:
                num_id = _val(num_pr.find(f"{W}numId"), None)  # type: ignore[arg-type]
                lv = _val(num_pr.find(f"{W}ilvl"), None)  # type: ignore[arg-type]
                ilvl = _int(lv, 0) if lv is not None else None
            found[sid] = (num_id, ilvl, _val(st.find(f"{W}basedOn"), None))  # type: ignore[arg-type]
        resolved: dict[str, tuple[str, int]] = {}
        for sid in found:
            seen, cur, num_id, ilvl = set(), sid, None, None
            while cur in found and cur not in seen:
                seen.add(cur)
                n, lv, based = found[cur]
                num_id = num_id or n
                ilvl = ilvl if ilvl is not None else lv
                cur = based
            if num_id:
                resolved[sid] = (num_id, ilvl or 0)
        return resolved

    def render(self) -> str:
        blocks = list(self._blocks(self.document.element.body))
        return "\n\n".join(b for b in blocks if b.strip()) + "\n"

    def _blocks(self, container) -> Iterator[str]:
        for child in container:
            tag = child.tag
            if tag == f"{W}p":
                yield from self._paragraph_blocks(child)
            elif tag == f"{W}tbl":
                yield from self._table_blocks(child)
            elif tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    yield from self._blocks(content)

    # paragraphs ---------------------------------------------------------------

    def _paragraph_blocks(self, p) -> Iterator[str]:
        for box in _text_boxes(p):
            yield from self._blocks(box)
        text = self._paragraph_text(p, in_cell=False)
        if text.strip():
            yield text

    def _label(self, p) -> str:
        ppr = p.find(f"{W}pPr")
        num_id, ilvl = None, 0
        if ppr is not None:
            num_pr = ppr.find(f"{W}numPr")
            if num_pr is not None:
                num_id = _val(num_pr.find(f"{W}numId"), "") or None
                ilvl = _int(_val(num_pr.find(f"{W}ilvl"), "0"), 0)
            if num_id is None:
                style = _val(ppr.find(f"{W}pStyle"), "")
                if style in self.style_numpr:
                    num_id, ilvl = self.style_numpr[style]
                    if num_pr is not None and num_pr.find(f"{W}ilvl") is not None:
                        ilvl = _int(_val(num_pr.find(f"{W}ilvl"), "0"), 0)
        return self.numbering.label(num_id, ilvl) if num_id else ""

    def _paragraph_text(self, p, *, in_cell: bool) -> str:
        parts: list[str] = []
        for el in _runs_content(p):
            tag = el.tag
            if tag == f"{W}t":
                parts.append(el.text or "")
            elif tag == f"{W}tab":
                parts.append(" ")
            elif tag in (f"{W}br", f"{W}cr"):
                kind = el.get(f"{W}type")
                parts.append(" " if in_cell or kind == "page" else "\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
        body = "".join(parts)
        body = "\n".join(" ".join(line.split()) for line in body.split("\n")).strip("\n")
        label = self._label(p)
        if label and body.strip():
            return f"{label} {body}"
        return body

    # tables --------------------------------------------------------------------

    def _table_blocks(self, tbl) -> Iterator[str]:
        grid = self._table_grid(tbl)
        if not grid:
            return
        ncols = max(len(r) for r in grid)
        if ncols <= LAYOUT_MAX_COLS and len(grid) <= LAYOUT_MAX_ROWS:
            for row in grid:
                for cell in row:
                    if cell is not None:
                        yield from self._blocks(cell)
            return
        lines = []
        for row in grid:
            cells = ["" if c is None else self._cell_text(c) for c in row]
            cells += [""] * (ncols - len(cells))
            if any(c.strip() for c in cells):
                lines.append("\t".join(cells))
        if lines:
            yield "\n".join(lines)

    def _table_grid(self, tbl) -> list[list]:
        """Rows of grid positions: the <w:tc> at the first position of a merge, else None."""
        grid: list[list] = []
        width = self.limits.max_columns  # checked while streaming; a clamp here keeps loops bounded
        for tr in tbl.findall(f"{W}tr"):
            row: list = []
            trpr = tr.find(f"{W}trPr")
            before = _int(_val(trpr.find(f"{W}gridBefore"), "0"), 0) if trpr is not None else 0
            row.extend([None] * max(0, min(before, width - len(row))))
            for tc in _row_cells(tr):
                tcpr = tc.find(f"{W}tcPr")
                span = 1
                continues = False
                if tcpr is not None:
                    span = _int(_val(tcpr.find(f"{W}gridSpan"), "1"), 1)
                    vmerge = tcpr.find(f"{W}vMerge")
                    continues = vmerge is not None and _val(vmerge, "continue") == "continue"
                row.append(None if continues else tc)
                row.extend([None] * max(0, min(span - 1, width - len(row))))
            grid.append(row)
        return grid

    def _cell_text(self, tc) -> str:
        pieces = []
        for child in tc:
            if child.tag == f"{W}p":
                for box in _text_boxes(child):
                    pieces.extend(self._flat_blocks(box))
                t = self._paragraph_text(child, in_cell=True)
                if t.strip():
                    pieces.append(t)
            elif child.tag in (f"{W}tbl", f"{W}sdt"):
                pieces.extend(self._flat_blocks([child]))
        return " ".join(" ".join(pieces).split())

    def _flat_blocks(self, container) -> list[str]:
        """A nested table or text box inside a cell, flattened to words."""
        out = []
        for el in container:
            for p in el.iter(f"{W}p"):
                t = self._paragraph_text(p, in_cell=True)
                if t.strip():
                    out.append(t)
        return out


def _row_cells(tr) -> Iterator:
    for child in tr:
        if child.tag == f"{W}tc":
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from (tc for tc in content if tc.tag == f"{W}tc")


def _text_boxes(p) -> list:
    """Text-box contents anchored in a paragraph (once: the VML fallback copy is skipped)."""
    boxes = []
    for box in p.iter(f"{W}txbxContent"):
        if any(anc.tag == MC_FALLBACK for anc in box.iterancestors()):
            continue
        boxes.append(box)
    return boxes


def _runs_content(p) -> Iterator:
    """Text-bearing elements of a paragraph in order, excluding text boxes and deletions."""
    stack = list(reversed(list(p)))
    while stack:
        el = stack.pop()
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag in (f"{W}txbxContent", f"{W}del", f"{W}pPr", f"{W}rPr", MC_FALLBACK):
            continue
        if tag in (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}noBreakHyphen"):
            yield el
            continue
        stack.extend(reversed(list(el)))
