"""Section tree of a plan: Roman / Arabic / lettered numbering, 'Điều N', markdown and bold headings.

Numbering that skips or repeats is kept as written and flagged, never renumbered.
A section's span runs from its heading to the next heading or boundary, so each
paragraph of the plan belongs to exactly one section.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from ccompare.read.source import Line, SourceText
from ccompare.schema import Flag, Section
from ccompare.structure.header import Header, plain
from ccompare.structure.vocab import vocab, words_rx

Span = tuple[int, int]

_ROMAN = re.compile(r"^(?:(?:phan|chuong|muc)\s+)?(?P<n>[ivxl]{1,5})\s*[.):\-–]\s*(?P<h>\S.*)$")
_ALPHA = re.compile(r"^(?P<n>[A-Z])\s*[.)]\s+(?P<h>\S.*)$")  # 'A. KẾT QUẢ ...', above the Roman level
_ARABIC = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]?\s+(?P<h>\S.*)$")
_ARABIC_STRICT = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,3})\s*(?:[.)]|/(?=\s))\s*(?P<h>\S.*)$")
_LETTER = re.compile(r"^(?P<n>[a-zđ])\s*\)\s*(?P<h>\S.*)$")
# '(1) Thủ trưởng các sở ...' over '(i) Rà soát ...': parenthesised numbers, below the lettered items
_PAREN_ARABIC = re.compile(r"^\((?P<n>\d{1,2})\)\s*(?P<h>\S.*)$")
_PAREN_ROMAN = re.compile(r"^\((?P<n>[ivxl]{1,5})\)\s*(?P<h>\S.*)$")
_ARTICLE = re.compile(r"^(?:dieu|pieu|pidu|bieu|biéu)\s*(?P<n>\d{1,2})\s*[.:]\s*(?P<h>.*)$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}
LABELS = vocab()["labels"]  # names of unnumbered parts in section paths, from data/structure.json
BASIS, OPENING, RECIPIENTS, APPENDIX, ARTICLE = (
    LABELS[k] for k in ("basis", "opening", "recipients", "appendix", "article"))
UNNUMBERED = (BASIS, OPENING, RECIPIENTS)  # unnumbered parts that hold no numbered sections
VI_LETTERS = "abcdđeghiklmnopqrstuvxy"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def roman_value(s: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(s.lower()):
        v = _ROMAN_VALUES.get(ch)
        if v is None:
            return None
        total += -v if v < prev else v
        prev = max(prev, v)
    return total


@dataclass(frozen=True)
class Heading:
    line: int  # index into src.lines
    kind: str  # "alpha" | "roman" | "arabic" | "letter" | "paren-arabic" | "paren-roman" | "article" | "special"
    number: str
    level: int
    heading: str


@dataclass(frozen=True)
class SectionTree:
    sections: tuple[Section, ...]
    flags: tuple[Flag, ...]
    headings: tuple[Heading, ...]
    covered_lines: frozenset[int]  # meta lines recognised while walking (signature, recipients...)


def _classify(text: str, folded: str) -> tuple[str, str, int, str] | None:
    """(kind, number, level, heading) of a heading line, or None."""
    f = plain(folded).strip().lstrip("'\"` ")
    t = plain(text).strip().lstrip("'\"` ")
    if not f:
        return None
    m = _ARTICLE.match(f)
    if m:
        return "article", f"{ARTICLE} {m.group('n')}", 1, t[len(t) - len(m.group("h")):].strip() or t
    m = _ROMAN.match(f)
    if m and roman_value(m.group("n")):
        body = t[len(t) - len(m.group("h")):]
        if _mostly_upper(body):
            return "roman", m.group("n").upper(), 1, body.strip()
    m = _ALPHA.match(t)
    if m and _mostly_upper(m.group("h")):
        return "alpha", m.group("n"), 0, m.group("h").strip()
    m = _ARABIC_STRICT.match(f) or (_ARABIC.match(f) if len(f) < 120 else None)
    if m and not re.match(r"^\d{1,2}[./]\d{1,2}[./]\d{2,4}", f):
        body = t[len(t) - len(m.group("h")):]
        number = m.group("n")
        return "arabic", number, 2 + number.count("."), body.strip()
    m = _LETTER.match(f)
    if m:
        body = t[len(t) - len(m.group("h")):]
        letter = t[0].lower() if t[0].lower() in VI_LETTERS + LATIN_LETTERS else m.group("n")
        return "letter", letter, 6, body.strip()
    m = _PAREN_ARABIC.match(f)
    if m:
        return "paren-arabic", m.group("n"), 7, t[len(t) - len(m.group("h")):].strip()
    m = _PAREN_ROMAN.match(f)
    if m and roman_value(m.group("n")):
        return "paren-roman", m.group("n"), 8, t[len(t) - len(m.group("h")):].strip()
    return None


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.6


def _short(heading: str) -> str:
    """A heading line may carry its paragraph: keep the part before ':' when that is short."""
    head = heading.split(":", 1)[0].strip() if ":" in heading[:160] else heading
    head = head if len(head) <= 200 else head[:199].rstrip() + "…"
    return head.strip(" *_#")


def read_sections(src: SourceText, header: Header, skip: list[Span]) -> SectionTree:
    lines = src.lines
    folded = [src.folded[ln.start:ln.end] for ln in lines]
    in_skip = region_test(skip)
    meta = set(header.meta_lines)
    covered: set[int] = set()
    parts = sorted(i for i in (header.decision_heading, header.plan_heading) if i is not None)

    headings: list[Heading] = []
    boundaries: set[int] = set(parts)  # line indexes where a section must end
    flags: list[Flag] = []
    preamble: str | None = None  # label of the unnumbered paragraphs that open the current part
    nonblank = [k for k, ln in enumerate(lines) if ln.text.strip()]
    tail_start = nonblank[-3] if len(nonblank) >= 3 else 0  # the last three non-blank lines
    for i, line in enumerate(lines):
        if in_skip(line.start):
            boundaries.add(i)
            continue
        if not line.text.strip():
            continue
        line_folded = folded[i]
        if "\t" in line.text:  # a layout row outside any table (side-by-side header, signature block)
            line, line_folded = _first_cell(line, line_folded)
        if i in parts:
            preamble = BASIS if i == header.decision_heading else OPENING
            continue
        if i in meta:
            boundaries.add(i)
            continue
        if preamble and _classify(line.text, line_folded) is None:
            text = plain(line.text).strip()
            headings.append(Heading(i, "special", preamble, 1, _short(text.split(";")[0])))
            preamble = None
            continue
        f = plain(line_folded).strip()
        if words_rx("recipients", anchored=True).match(f):
            headings.append(Heading(i, "special", RECIPIENTS, 1, RECIPIENTS))
            continue
        if words_rx("appendix", anchored=True).match(f) and len(f) < 40:
            headings.append(Heading(i, "special", APPENDIX, 1, plain(line.text).strip()))
            continue
        if (_is_upper(line.text) and len(f) < 60 and i >= tail_start
                and words_rx("issuing_bodies", anchored=True).match(f)):
            covered.add(i)  # the issuing body signing under an appendix, at the very end
            boundaries.add(i)
            continue
        if words_rx("signature_words", anchored=True).match(f) and _is_upper(line.text) and len(f) < 60:
            covered.add(i)
            boundaries.add(i)
            j = _next_nonblank(lines, i)
            while j is not None and _is_upper(lines[j].text) and len(lines[j].text) < 60:
                covered.add(j)
                j = _next_nonblank(lines, j)
            if j is not None and _looks_like_name(lines[j].text):
                covered.add(j)
                boundaries.add(j)
            continue
        c = _classify(line.text, line_folded)
        if c is None:
            if plain(line.text).rstrip().endswith("/."):
                # './.' closes an official text: its closing paragraph belongs to no section
                first = _paragraph_start(lines, i, {h.line for h in headings} | meta)
                covered.update(range(first, i + 1))
                boundaries.add(first)
                j = _next_nonblank(lines, i)
                if j is not None and _looks_like_name(lines[j].text):  # the signatory, when OCR lost the title
                    covered.add(j)
                    boundaries.add(j)
            continue
        preamble = None
        kind, number, level, text = c
        nxt = _next_nonblank(lines, i)
        if nxt is not None and _is_prefix_duplicate(line.text, lines[nxt].text):
            flags.append(Flag("duplicate-line", f"line {i + 1} repeats the start of line {nxt + 1} "
                              "(page-break artefact); read once", (line.start, line.end)))
            covered.add(i)
            boundaries.add(i)  # the repeated line belongs to no section's text
            continue
        headings.append(Heading(i, kind, number, level, _short(text)))

    sections, path_of = _build(src, headings, boundaries, parts)
    flags.extend(_numbering_flags(src, headings, path_of))
    return SectionTree(tuple(sections), tuple(flags), tuple(headings), frozenset(covered))


def _build(src, headings, boundaries, parts):
    lines = src.lines
    starts = sorted({h.line for h in headings} | boundaries)
    sections: list[Section] = []
    path_of: dict[int, tuple[str, ...]] = {}
    stack: list[Heading] = []
    for h in headings:
        if stack and any(stack[-1].line < p <= h.line for p in parts):
            stack = []  # a new part (decision, plan) restarts the numbering
        if h.kind == "special":
            path = (h.number,)
            stack = [h] if h.number == APPENDIX else []  # only the appendix contains sections
        else:
            while stack and stack[-1].level >= h.level and stack[-1].kind != "special":
                stack.pop()
            stack.append(h)
            path = tuple(s.number for s in stack)
        path_of[h.line] = path
        k = bisect_right(starts, h.line)  # the next heading or boundary (linear in the text overall)
        nxt = starts[k] if k < len(starts) else len(lines)
        end_line = nxt - 1
        while end_line > h.line and not lines[end_line].text.strip():
            end_line -= 1
        sections.append(Section(path, h.heading, (lines[h.line].start, lines[end_line].end)))
    return sections, path_of


@dataclass(frozen=True)
class Tree:
    """Parent and children of each section by position, not by path: numbering that restarts
    (a plan pasted twice, a decision and its plan) gives equal paths to different sections."""
    sections: tuple[Section, ...]  # document order
    parent: tuple[int | None, ...]
    children: tuple[tuple[int, ...], ...]
    starts: tuple[int, ...]  # span starts, for bisection

    def ancestors(self, i: int) -> Iterator[int]:
        """Indexes of the enclosing sections, nearest first (the section itself excluded)."""
        p = self.parent[i]
        while p is not None:
            yield p
            p = self.parent[p]

    def containing(self, offset: int, path: tuple[str, ...]) -> int | None:
        """The section with this path that holds `offset` in its own span or in a sub-section's."""
        k = bisect_right(self.starts, offset) - 1
        if k < 0:
            return None
        for i in (k, *self.ancestors(k)):
            if self.sections[i].path == path:
                return i
        return None


def section_tree(sections: tuple[Section, ...]) -> Tree:
    """Each section's parent is the latest section before it whose path is its own path minus the
    last part: what the heading stack of `_build` made. One pass in document order."""
    ordered = tuple(sorted(sections, key=lambda s: (s.span or (0, 0))[0]))
    last: dict[tuple[str, ...], int] = {}
    parent: list[int | None] = []
    children: list[list[int]] = [[] for _ in ordered]
    for i, s in enumerate(ordered):
        p = last.get(s.path[:-1]) if len(s.path) > 1 else None
        parent.append(p)
        if p is not None:
            children[p].append(i)
        last[s.path] = i
    return Tree(ordered, tuple(parent), tuple(tuple(c) for c in children),
                tuple((s.span or (0, 0))[0] for s in ordered))


def _numbering_flags(src, headings, path_of) -> list[Flag]:
    flags: list[Flag] = []
    last: dict[tuple, Heading] = {}
    for h in headings:
        if h.kind == "special":
            continue
        parent = path_of[h.line][:-1]
        key = (parent, h.kind)
        prev = last.get(key)
        last[key] = h
        if prev is None:
            continue
        a, b = _ordinal(prev), _ordinal(h)
        if a is None or b is None:
            continue
        line = src.lines[h.line]
        if b == a:
            flags.append(Flag("numbering-repeat", f"number {h.number} repeats the previous "
                              f"'{prev.number}' (line {h.line + 1}); kept as written", (line.start, line.end)))
        elif b > a + 1:
            flags.append(Flag("numbering-skip", f"number {h.number} follows '{prev.number}' "
                              f"(line {h.line + 1}); kept as written", (line.start, line.end)))
    return flags


def _ordinal(h: Heading) -> int | None:
    if h.kind in ("roman", "paren-roman"):
        return roman_value(h.number)
    if h.kind in ("arabic", "article", "paren-arabic"):
        tail = h.number.replace(f"{ARTICLE} ", "").split(".")[-1]
        return int(tail) if tail.isdigit() else None
    if h.kind == "alpha":
        return LATIN_LETTERS.index(h.number.lower())
    if h.kind == "letter":
        for alphabet in (VI_LETTERS, LATIN_LETTERS):
            if h.number in alphabet:
                return alphabet.index(h.number)
    return None


def region_test(regions: list[Span]):
    """A membership test for [start, end) regions that costs a bisection, not a scan, per offset."""
    merged: list[list[int]] = []
    for s, e in sorted(regions):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        elif s < e:
            merged.append([s, e])
    starts = [s for s, _ in merged]

    def inside(offset: int) -> bool:
        k = bisect_right(starts, offset) - 1
        return k >= 0 and offset < merged[k][1]

    return inside


def _first_cell(line: Line, folded_line: str) -> tuple[Line, str]:
    """The first non-empty tab-separated cell of a line, as a line of its own (same offsets)."""
    offset = 0
    for cell in line.text.split("\t"):
        if cell.strip():
            start = line.start + offset
            return Line(line.number, start, start + len(cell), cell), folded_line[offset:offset + len(cell)]
        offset += len(cell) + 1
    return line, folded_line


def _paragraph_start(lines, i: int, stops: set[int]) -> int:
    """First line of the paragraph that ends at line i (back to a blank line or a heading)."""
    while i > 0 and lines[i - 1].text.strip() and (i - 1) not in stops and "\t" not in lines[i - 1].text:
        i -= 1
    return i


def _next_nonblank(lines, i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].text.strip():
            return j
    return None


def _is_upper(text: str) -> bool:
    letters = [c for c in plain(text) if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _looks_like_name(text: str) -> bool:
    words = plain(text).split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words)


def _is_prefix_duplicate(line: str, following: str) -> bool:
    a, b = line.strip(), following.strip()
    return len(a) >= 20 and len(b) > len(a) and b.startswith(a)
