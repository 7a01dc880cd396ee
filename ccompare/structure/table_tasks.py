"""Read the rows of an appendix table as tasks.

Works on RawRows from any reader (text lines now, Word tables later). Columns are
learned from header text (vocabulary in data/table_columns.json) and re-learned when a
different header appears; repeated headers are dropped. An unnumbered row is, by its
content, either the rest of the previous row cut by a page break (merged cell by cell),
another product of the previous task (split into 2.1, 2.2, ... when the leads differ),
or an unnumbered task. Group rows ("I  CẢI CÁCH THỂ CHẾ") give the tasks their section
and reform area. Deadline and agency cells written in each other's column are
recognised by content, read right and flagged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ccompare.datafiles import load_json
from ccompare.read.fold import fold
from ccompare.read.html import strip_html
from ccompare.schema import Flag, Section, Span, Task
from ccompare.structure.table_types import EMPTY_RESULT, RawRow, TableResult

# parse_assignment(text, province) -> object with .lead, .partners (sequences of names)
AssignFn = Callable[[str, "str | None"], Any]

_ARABIC = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\)?$")
_ROMAN = re.compile(r"^([IVXLC]{1,7})[.)]?$")
_LETTER_UP = re.compile(r"^([A-Z])[.)]?$")
_LETTER_LOW = re.compile(r"^([a-zđ])[.)]$")
_GROUP_TEXT = re.compile(r"^((?:[IVXLC]{1,7}|[A-Z]))[.)]\s+(\S.*)$")
_SEPARATOR = re.compile(r"^[-:=+_\s]+$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")  # "(1) (2) (3)" row under a Word header
_SPACES = re.compile(r"\s+")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_LOWER_START = re.compile(r"^[,;:.)\]]")
_OTHER_ROLES = ("output", "deadline", "lead", "partners")


@dataclass(frozen=True)
class _Vocab:
    number: frozenset[str]
    prefixes: tuple[tuple[str, str], ...]  # (folded prefix, role), longest first
    total: frozenset[str]
    strong: re.Pattern[str]
    weak: re.Pattern[str]
    agency: tuple[str, ...]
    bullets: str
    label: str
    appendix: tuple[str, ...]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    d = load_json("table_columns.json")
    prefixes = sorted(
        ((_norm(p), role) for role, words in d["header_roles"].items() for p in words),
        key=lambda pr: -len(pr[0]),
    )
    return _Vocab(
        number=frozenset(_norm(w) for w in d["header_number"]),
        prefixes=tuple(prefixes),
        total=frozenset(_norm(w) for w in d["total_row"]),
        strong=re.compile("(?:" + "|".join(d["deadline_strong"]) + ")"),
        weak=re.compile("(?:" + "|".join(d["deadline_weak"]) + ")"),
        agency=tuple(d["agency_cues"]),
        bullets=d["bullets"],
        label=d["appendix_label"],
        appendix=tuple(d["appendix_heading"]),
    )


@lru_cache(maxsize=1)
def _area_headings() -> tuple[tuple[str, str], ...]:
    pairs = [(h, a["code"]) for a in load_json("reform_areas.json")["areas"] for h in a["headings"]]
    return tuple(sorted(pairs, key=lambda p: -len(p[0])))


def _norm(text: str) -> str:
    """Folded header text: no HTML, single spaces, no space around '/', no outer punctuation."""
    t = fold(strip_html(text))
    t = re.sub(r"\s*/\s*", "/", t)
    return _SPACES.sub(" ", t).strip(" .:*_-()[]")


def appendix_label() -> str:
    return _vocab().label


def appendix_heading_words() -> tuple[str, ...]:
    return _vocab().appendix


# ---------------------------------------------------------------- cell content tests


def _unbullet(text: str) -> str:
    return text.lstrip(_vocab().bullets + " \u00a0").strip()


def _clean(text: str) -> str:
    """Cell text on one line: no HTML, no markdown emphasis (**bold**, __bold__)."""
    return _SPACES.sub(" ", _EMPHASIS.sub(r"\2", strip_html(text))).strip()


def deadline_like(text: str, *, strong_only: bool = False) -> bool:
    """Does the cell start like a time expression ('Quý II/2024', 'Thường xuyên', ...)?"""
    t = fold(_unbullet(_clean(text)))
    if not t:
        return False
    v = _vocab()
    return bool(v.strong.match(t) or (not strong_only and v.weak.match(t)))


def agency_like(text: str) -> bool:
    t = fold(_unbullet(_clean(text)))
    return t.startswith(_vocab().agency)


def _starts_lower(text: str) -> bool:
    t = _unbullet(text)
    if not t:
        return False
    return t[0].islower() or bool(_LOWER_START.match(t))


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def header_role(text: str) -> str | None:
    t = _norm(text)
    if not t or len(t) > 120:
        return None
    v = _vocab()
    if t in v.number:
        return "number"
    for prefix, role in v.prefixes:
        if t == prefix or (t.startswith(prefix) and not t[len(prefix)].isalnum()):
            return role
    return None


def _is_numeral(text: str) -> bool:
    return bool(_ARABIC.match(text) or _ROMAN.match(text))


def header_roles(texts: Sequence[str]) -> list[str | None] | None:
    """Roles of a header row's cells, or None when the row is not a header."""
    nonempty = [t for t in texts if t]
    if len(nonempty) < 2 or _is_numeral(nonempty[0]):
        return None
    roles = [header_role(t) if t else None for t in texts]
    matched = [r for r in roles if r]
    if len(set(matched)) < 2:
        return None
    if len(matched) == len(nonempty) or (len(matched) >= 3 and len(matched) * 10 >= 6 * len(nonempty)):
        return roles
    return None


def area_of(heading: str) -> str | None:
    """Reform-area code of a group heading, by the longest heading of reform_areas.json in it."""
    folded = fold(heading)
    for words, code in _area_headings():
        if re.search(rf"(?<![a-z]){re.escape(words)}(?![a-z])", folded):
            return code
    return None


# ---------------------------------------------------------------- column inference


def _infer_columns(rows: Sequence[RawRow]) -> list[str | None] | None:
    """Roles by content for a table without a header row; None if it is no task table."""
    width = max(len(r.cells) for r in rows)
    cols = [[_clean(r.cells[k].text) if k < len(r.cells) else "" for r in rows]
            for k in range(width)]
    roles: list[str | None] = [None] * width

    def share(k: int, test: Callable[[str], bool]) -> float:
        cells = [c for c in cols[k] if c]
        return sum(map(test, cells)) / len(cells) if cells else 0.0

    if width < 3 or share(0, _is_numeral) < 0.5:
        return None
    roles[0] = "number"
    tests = (("deadline", deadline_like), ("lead", agency_like), ("partners", agency_like))
    for role, test in tests:
        free = [k for k in range(2, width) if roles[k] is None]
        best = max(free, key=lambda k: share(k, test), default=None)
        if best is not None and share(best, test) >= 0.4:
            roles[best] = role
    if "lead" not in roles and "deadline" not in roles:
        return None
    roles[1] = "task"
    cells = [c for c in cols[1] if c]
    if not cells or sum(len(c) for c in cells) / len(cells) < 15:
        return None
    first_known = min(k for k, r in enumerate(roles) if r in ("deadline", "lead"))
    if first_known > 2 and roles[2] is None:
        roles[2] = "output"
    return roles


def _complete(roles: list[str | None]) -> list[str | None] | None:
    """A header must name (or let us place) the task column and one of lead/deadline/output."""
    roles = list(roles)
    if "task" not in roles:
        free = [k for k, r in enumerate(roles) if r is None]
        if not free:
            return None
        roles[free[0]] = "task"
    if not any(r in roles for r in _OTHER_ROLES):
        return None
    return roles


# ---------------------------------------------------------------- reading rows


@dataclass
class _Part:
    cells: dict[int, list[str]]
    start: int
    end: int

    def add(self, k: int, text: str) -> None:
        self.cells.setdefault(k, []).append(text)


@dataclass
class _Entry:
    number: str | None
    section: tuple[str, ...]
    area: str | None
    parts: list[_Part]


@dataclass
class _Group:
    level: int
    numeral: str
    area: str | None


@dataclass
class _Reader:
    rows: Sequence[RawRow]
    label: str | tuple[str, ...]  # the appendix ('Phụ lục II'), or the path of the section holding the table
    province: str | None
    assign: AssignFn
    columns: list[str | None] | None = None
    header_key: tuple[str, ...] | None = None
    tasks: list[Task] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    groups: list[Section] = field(default_factory=list)
    stack: list[_Group] = field(default_factory=list)
    entry: _Entry | None = None
    seen: dict[tuple[str, ...], set[str]] = field(default_factory=dict)
    repeats: list[Span] = field(default_factory=list)

    # -- helpers
    def role_cols(self, role: str) -> list[int]:
        return [k for k, r in enumerate(self.columns or ()) if r == role]

    def has(self, role: str) -> bool:
        return bool(self.role_cols(role))

    def field_of(self, texts: Sequence[str], role: str) -> str:
        return "; ".join(texts[k] for k in self.role_cols(role) if k < len(texts) and texts[k])

    @property
    def section(self) -> tuple[str, ...]:
        base = self.label if isinstance(self.label, tuple) else (self.label,)
        return (*base, *(g.numeral for g in self.stack))

    @property
    def area(self) -> str | None:
        return next((g.area for g in reversed(self.stack) if g.area), None)

    # -- main loop
    def run(self) -> TableResult:
        break_pending = False
        prev_header = False
        has_header = any(header_roles([_clean(c.text) for c in r.cells]) for r in self.rows)
        for i, row in enumerate(self.rows):
            texts = [_clean(c.text) for c in row.cells]
            if not any(texts) or all(_SEPARATOR.match(t) for t in texts if t):
                break_pending = break_pending or not any(texts)
                continue
            brk = row.after_break or break_pending
            break_pending = False
            nonempty = [t for t in texts if t]
            if len(nonempty) >= 3 and all(_COLUMN_NUMBER.match(t) for t in nonempty):
                break_pending = brk  # column numbers under the header: neither data nor break
                continue
            roles = header_roles(texts)
            if roles is not None:
                break_pending = self.header(row, texts, roles, prev_header)
                prev_header = True
                continue
            prev_header = False
            if self.columns is None:
                if has_header:  # a title row inside the table, above its header
                    continue
                inferred = _infer_columns(self.rows)
                if inferred is None:
                    return EMPTY_RESULT
                self.columns = inferred
                self.flags.append(Flag(
                    "table-no-header",
                    "table without a recognised header row: columns read by content", row.span))
            self.body_row(i, row, texts, brk)
        self.flush()
        if self.columns is None:
            return EMPTY_RESULT
        if self.repeats:
            self.flags.append(Flag(
                "repeated-header",
                f"table header repeated {len(self.repeats)} time(s) after page breaks; "
                "repeats dropped",
                self.repeats[0]))
        region = (self.rows[0].span[0], self.rows[-1].span[1])
        return TableResult(tuple(self.tasks), tuple(self.flags), (region,), tuple(self.groups))

    def header(self, row: RawRow, texts: list[str], roles: list[str | None], prev: bool) -> bool:
        """Learn or re-learn columns; True when the row repeats the current header."""
        key = tuple(_norm(t) for t in texts)
        if prev and self.columns is not None:  # second header line: refines merged cells
            merged = [r or (self.columns[k] if k < len(self.columns) else None)
                      for k, r in enumerate(roles)]
            merged += self.columns[len(merged):]
            done = _complete(merged)
            if done is not None:
                self.columns = done
            return True
        if self.columns is not None and key == self.header_key:
            self.repeats.append(row.span)
            return True
        done = _complete(roles)
        if done is not None:
            self.flush()
            self.columns, self.header_key = done, key
        return False

    def body_row(self, i: int, row: RawRow, texts: list[str], brk: bool) -> None:
        number = self.field_of(texts, "number")
        task = self.field_of(texts, "task")
        others = {r: self.field_of(texts, r) for r in _OTHER_ROLES}
        nonempty = [t for t in texts if t]

        group = self.group_of(i, number, task, others, nonempty)
        if group is not None:
            numeral, heading, level = group
            self.flush()
            while self.stack and self.stack[-1].level >= level:
                self.stack.pop()
            parent_area = self.area
            self.stack.append(_Group(level, numeral, area_of(heading) or parent_area))
            self.groups.append(Section(self.section, heading, row.span))
            return
        if fold(number or task) in _vocab().total and not any(others.values()):
            self.flush()  # "Tổng" / total row: not a task
            return
        num = _number(number)
        if num is not None:
            self.start_entry(num, row, texts)
            return
        kind = self.unnumbered_kind(task, others, nonempty, brk)
        if kind == "continue":
            self.continue_entry(row, texts, brk)
        elif kind == "product":
            self.entry.parts.append(_Part(_cells(texts), row.span[0], row.span[1]))
        elif kind == "task":
            self.start_entry(None, row, texts)

    def group_of(self, i: int, number: str, task: str, others: dict[str, str],
                 nonempty: list[str]) -> tuple[str, str, int] | None:
        """(numeral, heading, level) of a group row, else None."""
        quiet = not any(others.values())
        m = _GROUP_TEXT.match(nonempty[0]) if len(nonempty) == 1 else None
        if m and _mostly_upper(m.group(2)):
            number, task = m.group(1), m.group(2)
        if not task:
            return None
        n = number.rstrip(".)")
        if _ROMAN.match(number) and (quiet or _mostly_upper(task)):
            return n, task, 1
        if _LETTER_UP.match(number) and quiet and _mostly_upper(task):
            return n, task, 0
        if _ARABIC.match(number) and "." not in n and quiet:
            following = self.next_number(i)
            if _mostly_upper(task) or (following or "").startswith(n + "."):
                return n, task, 2
        return None

    def next_number(self, i: int) -> str | None:
        for row in self.rows[i + 1:]:
            texts = [_clean(c.text) for c in row.cells]
            if header_roles(texts) is not None:
                continue
            n = _number(self.field_of(texts, "number"))
            if n:
                return n
        return None

    def unnumbered_kind(self, task: str, others: dict[str, str], nonempty: list[str],
                        brk: bool) -> str:
        if self.entry is None:  # nothing to continue: a task unless it reads as a fragment
            return "task" if task and not _starts_lower(task) else "skip"
        if any(_starts_lower(t) for t in nonempty):
            return "continue"
        if task:
            prev = self.field_of_part(self.entry.parts[0], "task")
            closed = prev.rstrip().endswith((".", "!", "?"))
            if brk and not (closed and others["output"] and others["lead"]):
                return "continue"
            return "task"
        if brk:
            timed = others["deadline"] or not self.has("deadline")
            return "product" if others["output"] and others["lead"] and timed else "continue"
        return "product" if others["output"] or others["lead"] else "continue"

    def start_entry(self, number: str | None, row: RawRow, texts: list[str]) -> None:
        self.flush()
        while (number is not None and self.stack and self.stack[-1].level == 2
               and not number.startswith(self.stack[-1].numeral + ".")):
            self.stack.pop()  # "2" after the rows "1.1", "1.2" of sub-group "1"
        section = self.section
        if number is not None:
            seen = self.seen.setdefault(section, set())
            if number in seen:
                self.flags.append(Flag(
                    "duplicate-number",
                    f"task number {number} appears twice in {' / '.join(section)}; both tasks kept",
                    row.span))
            seen.add(number)
        self.entry = _Entry(number, section, self.area, [_Part(_cells(texts), *row.span)])

    def continue_entry(self, row: RawRow, texts: list[str], brk: bool) -> None:
        entry = self.entry
        last = entry.parts[-1]
        for k, t in enumerate(texts):
            if not t:
                continue
            role = self.columns[k] if k < len(self.columns) else None
            (entry.parts[0] if role == "task" else last).add(k, t)
        last.end = max(last.end, row.span[1])
        if any(t for k, t in enumerate(texts) if self.columns[k: k + 1] == ["task"]):
            entry.parts[0].end = max(entry.parts[0].end, row.span[1])
        if brk:
            self.flags.append(Flag(
                "row-continued",
                f"row {entry.number or '(unnumbered)'} continues after a page break; "
                "merged into one task",
                row.span))

    def field_of_part(self, part: _Part, role: str) -> str:
        return "; ".join(" ".join(part.cells[k]) for k in self.role_cols(role) if part.cells.get(k))

    # -- entry -> tasks
    def flush(self) -> None:
        entry, self.entry = self.entry, None
        if entry is None:
            return
        parts = [self.part_fields(entry, p) for p in entry.parts]
        main = parts[0]
        text = _unbullet(main["task"]) or _unbullet(main["output"])
        if not text:
            self.flags.append(Flag("empty-row", "numbered table row without task text; skipped",
                                   (entry.parts[0].start, entry.parts[-1].end)))
            return
        for p in parts[1:]:
            for role in ("deadline", "lead", "partners"):
                if not p[role]:
                    p[role] = main[role]
        agencies = [self.agencies(p["lead"], p["partners"]) for p in parts]
        keys = [a[0] or (_norm(p["lead"]),) for a, p in zip(agencies, parts, strict=True)]
        if len(parts) == 1 or len(set(keys)) == 1:
            outputs = _distinct(p["output"] for p in parts)
            deadlines = _distinct(p["deadline"] for p in parts)
            partners = _distinct(x for a in agencies for x in a[1])
            lead = agencies[0][0]
            self.tasks.append(Task(
                id="", number=entry.number, section=entry.section, text=text,
                output="; ".join(outputs) or None, lead=lead,
                partners=tuple(x for x in partners if x not in lead),
                deadline="; ".join(deadlines) or None, area=entry.area, origin="table",
                span=(entry.parts[0].start, max(p.end for p in entry.parts)),
                lead_raw=main["lead"] or None))
            return
        for k, (p, part, (lead, partners)) in enumerate(
                zip(parts, entry.parts, agencies, strict=True), start=1):
            number = f"{entry.number}.{k}" if entry.number else None
            self.tasks.append(Task(
                id="", number=number, section=entry.section, text=text,
                output=p["output"] or None, lead=lead, partners=partners,
                deadline=p["deadline"] or None, area=entry.area, origin="table",
                span=(part.start, part.end), lead_raw=p["lead"] or None))

    def part_fields(self, entry: _Entry, part: _Part) -> dict[str, str]:
        f = {r: self.field_of_part(part, r) for r in ("task", *_OTHER_ROLES)}
        if deadline_like(f["lead"], strong_only=True) and not deadline_like(f["deadline"]):
            f["lead"], f["deadline"] = f["deadline"], f["lead"]
            self.flags.append(Flag(
                "swapped-columns",
                f"row {entry.number or '(unnumbered)'}: deadline and agency cells are in each "
                "other's column; read by content",
                (part.start, part.end)))
        return f

    def agencies(self, lead_text: str, partners_text: str
                 ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        lead: tuple[str, ...] = ()
        partners: list[str] = []
        if lead_text:
            a = self.assign(lead_text, self.province)
            lead = tuple(a.lead)
            partners.extend(a.partners)
            if not lead and self.has("partners"):
                lead, partners = tuple(partners), []
        if partners_text:
            b = self.assign(partners_text, self.province)
            partners.extend([*b.lead, *b.partners])
        return lead, tuple(x for x in _distinct(partners) if x not in lead)


def _cells(texts: Sequence[str]) -> dict[int, list[str]]:
    return {k: [t] for k, t in enumerate(texts) if t}


def _distinct(items) -> list[str]:
    out: list[str] = []
    for x in items:
        if x and x not in out:
            out.append(x)
    return out


def _number(text: str) -> str | None:
    """'1.' -> '1', '2.1' -> '2.1', 'a)' -> 'a'; None when the cell holds no numbering."""
    t = text.strip()
    if not t or all(c in _vocab().bullets for c in t):
        return None
    for rx in (_ARABIC, _LETTER_LOW, _ROMAN, _LETTER_UP):
        m = rx.match(t)
        if m:
            return m.group(1)
    return None


def _default_assign(text: str, province: str | None) -> Any:
    from ccompare.agencies import parse_assignment

    return parse_assignment(text, province)


def rows_to_tasks(tables: list[list[RawRow]], *, province: str | None,
                  labels: Sequence[str | tuple[str, ...] | None] | None = None,
                  assign: AssignFn | None = None) -> TableResult:
    """Tasks, flags, regions and group sections of the given tables, in document order.

    `labels` names each table's appendix (default "Phụ lục"), or gives the path of the section
    that holds it, for the task `section`;
    `assign` replaces ccompare.agencies.parse_assignment (tests, other readers).
    """
    tasks: list[Task] = []
    flags: list[Flag] = []
    regions: list[Span] = []
    groups: list[Section] = []
    for k, rows in enumerate(tables):
        if not rows:
            continue
        label = (labels[k] if labels and k < len(labels) else None) or _vocab().label
        res = _Reader(rows, label, province, assign or _default_assign).run()
        tasks += res.tasks
        flags += res.flags
        regions += res.regions
        groups += res.groups
    return TableResult(tuple(tasks), tuple(flags), tuple(regions), tuple(groups))
