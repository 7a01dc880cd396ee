"""Assemble a Plan from the header, section tree, appendix tables, prose duties and targets."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from ccompare.read.fold import fold
from ccompare.read.source import SourceText
from ccompare.schema import Flag, Plan, Source
from ccompare.structure.header import Header, read_header
from ccompare.structure.prose import duty_tasks, free_prose_tasks, labelled_tasks
from ccompare.structure.sections import APPENDIX, UNNUMBERED, read_sections, section_tree
from ccompare.structure.targets import find_targets

_NOT_HOLDERS = (APPENDIX, *UNNUMBERED)  # sections that never hold a numbered table
_GENRE = re.compile(r"ke hoach|quyet dinh|chuong trinh|cai cach hanh chinh|cchc|nhiem vu")
_SENTENCE_LINE_MIN = 40  # a header line this long that ends a sentence is a paragraph, read for duties
_SLUG_STOP = {"ke", "hoach", "ve", "viec", "cua", "tren", "dia", "ban", "nam", "va", "cac", "ban hanh"}


def looks_like_plan(src: SourceText) -> bool:
    """A plan or decision of this genre names itself and its subject somewhere."""
    hits = {m.group(0) for m in _GENRE.finditer(src.folded)}
    return len(hits) >= 2


def plan_id(header: Header, source_sha: str) -> str:
    province = header.province or "unknown"
    year = str(header.year) if header.year else "undated"
    prefix = {"plan": "kh", "decision+plan": "kh", "decision": "qd"}.get(
        header.kind, fold(header.doc_type or "vb"))
    if header.number:
        return f"{province}/{year}/{prefix}-{header.number}"
    words = [w for w in re.findall(r"[a-z0-9]+", fold(header.title or "")) if w not in _SLUG_STOP]
    slug = "-".join(words[:6]) or source_sha[:8]
    return f"{province}/{year}/{prefix}-{slug}"


def build_plan(src: SourceText, *, targets: bool = True) -> Plan:
    """Everything of the contract but citations (added by ccompare.citations); `targets=False`
    leaves the plan's targets unread (a comparison does not use them)."""
    header = read_header(src)
    pid = plan_id(header, src.sha256)

    from ccompare.structure.tables import appendix_labels, find_table_rows, rows_to_tasks

    rows = find_table_rows(src)
    labels = appendix_labels(src, rows)
    tables = rows_to_tasks(rows, province=header.province, labels=labels)
    tree = read_sections(src, header, list(tables.regions))
    placed = _table_places(tables.regions, tree.sections, labels)
    if placed != labels:  # a table inside a numbered section (not an appendix) belongs to that section
        tables = rows_to_tasks(rows, province=header.province, labels=placed)
    sections = tuple(sorted(tree.sections + tuple(tables.groups), key=lambda s: (s.span or (0, 0))[0]))
    positional = section_tree(tree.sections)
    prose = duty_tasks(src, positional, header.province)
    taken: set[int] = set()  # the sections duty_tasks read, and their parents
    for t in prose:
        k = positional.containing(t.span[0], t.section) if t.span else None
        if k is not None:
            taken.update(x for x in (k, positional.parent[k]) if x is not None)
    prose += labelled_tasks(src, positional, header.province, exclude=taken)
    header_lines = {i for i in header.meta_lines if not _sentence_line(src.lines[i].text)}
    prose += free_prose_tasks(src, [s.span for s in tree.sections if s.span] + list(tables.regions),
                              frozenset(header_lines) | tree.covered_lines, header.province)
    tasks = tuple(
        replace(t, id=f"{pid}#t{k}")
        for k, t in enumerate(sorted([*tables.tasks, *prose], key=lambda t: (t.span or (0, 0))[0]), start=1)
    )
    flags: list[Flag] = list(tree.flags) + list(tables.flags) + [Flag(*p) for p in header.problems]
    if not looks_like_plan(src):  # still read: its citations and whatever structure it has are evidence
        flags.append(Flag("not-a-plan", "does not look like a CCHC plan or decision "
                          "(no 'Kế hoạch'/'Quyết định'/CCHC wording found); read as a general document", None))
    if header.draft:
        flags.append(Flag("draft", "draft: number or date left blank, or marked 'dự thảo'",
                          header.meta_spans.get("number") or header.meta_spans.get("date")))
    meta = dict(header.meta_spans)
    meta.update({f"table:{k}": region for k, region in enumerate(tables.regions, start=1)})
    return Plan(
        id=pid, source=Source(src.path, src.sha256), province=header.province, kind=header.kind,
        draft=header.draft, number=header.number, doc_type=header.doc_type, issuer=header.issuer,
        date=header.date, title=header.title, sections=sections, tasks=tasks,
        targets=tuple(find_targets(src)) if targets else (), citations=(), flags=tuple(flags),
        year=header.year, issuing_body=header.issuing_body,
        meta_spans=meta | _extra_meta(src, header, tree.covered_lines),
    )


def _sentence_line(text: str) -> bool:
    """A whole sentence ('Công an tỉnh bảo đảm ... hệ thống.'), never a header field (issuer, number,
    date, title): read for duties even when the header took it as evidence (news pages)."""
    text = text.strip()
    return len(text) >= _SENTENCE_LINE_MIN and text.endswith((".", "!", "?", "…"))


def _table_places(regions, sections, labels) -> list:
    """Each table's label: its appendix, or the path of the numbered section it stands in."""
    out = list(labels)
    spanned = [s for s in sections if s.span]
    starts = [s.span[0] for s in spanned]
    for k, (start, _end) in enumerate(regions):
        n = bisect_left(starts, start)  # the sections that start before the table
        if k < len(out) and n and spanned[n - 1].path[0] not in _NOT_HOLDERS:
            out[k] = tuple(spanned[n - 1].path)
    return out


def _extra_meta(src: SourceText, header: Header, covered_lines) -> dict:
    """Lines recognised while walking sections (signature, duplicates) as evidence spans."""
    return {f"line:{i + 1}": (src.lines[i].start, src.lines[i].end) for i in sorted(covered_lines)}

