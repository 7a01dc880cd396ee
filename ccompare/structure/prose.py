"""Prose assignments -> tasks.

In the organisation section ('Tổ chức thực hiện'): '2. Sở Nội vụ:' followed by a), b) ... or '- '
items gives one task per item led by that agency; '5. Sở Tư pháp: Nghiên cứu ...' gives one task;
an item whose paragraphs each open with an agency gives one task per paragraph. Anywhere in the
plan: an item carrying its own labels ('Chủ trì: X. Thời gian: Y.') is a task. Items that name no
agency are not tasks.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ccompare import agencies
from ccompare.read.fold import fold
from ccompare.read.html import strip_html
from ccompare.read.source import SourceText
from ccompare.schema import Section, Task
from ccompare.structure.header import plain
from ccompare.structure.sections import UNNUMBERED
from ccompare.structure.vocab import vocab, words_rx

_ITEM_MARK = re.compile(
    r"^\s*(?:[#*>\s]*)(?:[IVXLivxl]+\s*[.)]|\d{1,2}(?:\.\d{1,2})*\s*(?:[.)]|/(?=\s))?|[a-zđ]\s*\))\s*")
_BULLET = re.compile(r"^\s*[-–+•]\s+", re.M)


def _clean(text: str) -> str:
    return " ".join(strip_html(text.replace("**", "")).split())


def _deadline(text: str) -> str | None:
    for pattern in vocab()["deadline_patterns"]:
        m = re.search(pattern, text, re.I)
        if m:
            return m.group(0).strip(" .;,*")
    return None


def _strip_lead_in(text: str) -> str:
    """'Đối với các sở ...', 'Đề nghị Tỉnh đoàn ...' -> the agency phrase first."""
    m = words_rx("prose_lead_ins", anchored=True).match(fold(text))
    return text[m.end():] if m else text


def duty_tasks(src: SourceText, sections: tuple[Section, ...], province: str | None) -> list[Task]:
    """Tasks from the prose of every 'Tổ chức thực hiện'-like section."""
    duty_paths = [s.path for s in sections if s.path and s.path[0] not in UNNUMBERED
                  and words_rx("duty_sections").search(fold(s.heading))]
    tasks: list[Task] = []
    for parent in duty_paths:
        items = [s for s in sections if len(s.path) == len(parent) + 1 and s.path[:len(parent)] == parent]
        for item in items:
            children = [s for s in sections if len(s.path) == len(item.path) + 1
                        and s.path[:len(item.path)] == item.path]
            tasks.extend(_item_tasks(src, item, children, province))
    return tasks


def _item_tasks(src: SourceText, item: Section, children: list[Section], province: str | None) -> list[Task]:
    start, end = item.span
    own_end = children[0].span[0] if children else end
    raw = src.text[start:own_end]
    first_line = raw.split("\n", 1)[0]
    mark = _ITEM_MARK.match(plain(first_line) if first_line.startswith(("#", "*")) else first_line)
    offset = len(first_line) - len(first_line.lstrip()) if mark is None else 0
    head_text = raw[mark.end():] if mark else raw[offset:]
    head_text = head_text.lstrip("*# ")
    body_text = _strip_lead_in(head_text)
    found = agencies.agency_at_start(body_text, province)
    number = item.path[-1]
    if found is None:
        if children:
            return []
        paragraphs = _paragraphs(src, start + (len(raw) - len(head_text)), own_end)
        if len(paragraphs) > 1 and any(agencies.agency_at_start(src.text[a:b], province) for a, b in paragraphs[1:]):
            return _paragraph_tasks(src, item, number, paragraphs, province)
        text = _clean(head_text)
        assignment = agencies.parse_assignment(text, province)
        lead = assignment.lead or _fronted_subject(text, province)
        if not lead:
            return []
        return [_task(item, number, text, lead, assignment.partners, start, own_end, src, head_text)]
    found_agencies, agency_end = found
    colon = body_text.find(":", 0, 240)
    if colon > agency_end and body_text[agency_end:colon].strip()[:1] in (",", ";", "v", "("):
        # 'Báo X, Đài Y, Cổng Z: ...' - the agency phrase is everything before the colon
        listed = agencies.split_agencies(body_text[:colon], province)
        if listed:
            found_agencies, agency_end = listed, colon
    lead = tuple(dict.fromkeys(a.name for a in found_agencies))
    lead_raw = body_text[:agency_end].strip(" :")
    rest = body_text[agency_end:].lstrip(" :.-–")
    tasks: list[Task] = []
    if children:
        for child in children:
            ctext = src.text[child.span[0]:child.span[1]]
            cm = _ITEM_MARK.match(ctext)
            ctext = ctext[cm.end():] if cm else ctext
            partners = agencies.parse_assignment(_clean(ctext), province).partners
            tasks.append(_task(child, f"{number}.{child.path[-1]}", _clean(ctext), lead, partners,
                               child.span[0], child.span[1], src, lead_raw))
        return tasks
    bullets = [b for b in _BULLET.split(rest) if b.strip()]
    if len(bullets) > 1 or (bullets and _BULLET.match(rest)):
        pos = start + (len(raw) - len(rest))
        for k, b in enumerate(bullets, start=1):
            b_start = src.text.find(b.strip()[:40], pos)
            b_start = b_start if b_start >= 0 else pos
            b_end = min(own_end, b_start + len(b.rstrip()))
            pos = b_end
            partners = agencies.parse_assignment(_clean(b), province).partners
            tasks.append(_task(item, f"{number}.{k}", _clean(b), lead, partners, b_start, b_end, src, lead_raw))
        return tasks
    text = _clean(rest) or _clean(head_text)
    partners = agencies.parse_assignment(text, province).partners
    return [_task(item, number, text, lead, partners, start, own_end, src, lead_raw)]


_CLOSING_MARK = re.compile(r"\s*\./\.\s*$")
_NOT_A_VERB = re.compile(r"^\s*(?:,|;|\(|và\b|của\b|tại\b|về\b|trong\b|theo\b|với\b|để\b|thuộc\b|trên\b)", re.I)


def _fronted_subject(text: str, province: str | None) -> tuple[str, ...]:
    """'Căn cứ ..., các sở, ban, ngành, UBND cấp huyện xây dựng ...': the agencies that follow a
    fronted clause and its comma, and come right before the verb, are the subject of the duty."""
    found = agencies.split_agencies(text, province)
    for k, agency in enumerate(found):
        if not agency.span or not text[:agency.span[0]].rstrip().endswith(","):
            continue
        group = [agency]
        for nxt in found[k + 1:]:
            gap = text[group[-1].span[1]:nxt.span[0]] if nxt.span else "?"
            if gap.strip(" ,") or gap.count(",") > 1:
                break
            group.append(nxt)
        if not _NOT_A_VERB.match(text[group[-1].span[1]:]):
            return tuple(dict.fromkeys(a.name for a in group))
    return ()


def _paragraphs(src: SourceText, start: int, end: int) -> list[tuple[int, int]]:
    """Blank-line separated paragraphs of [start, end); one that starts in lower case continues
    the previous one (a page break cut it)."""
    out: list[tuple[int, int]] = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t\r]*\n))*", src.text[start:end]):
        a, b = start + m.start(), start + m.end()
        if out and src.text[a].islower():
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _paragraph_tasks(src: SourceText, item: Section, number: str, paragraphs: list[tuple[int, int]],
                     province: str | None) -> list[Task]:
    """An item whose later paragraphs each open with an agency ('Sở Nội vụ xây dựng ...'): one task
    per paragraph that names its lead; the opening paragraph counts when its sentence names one."""
    tasks: list[Task] = []
    for a, b in paragraphs:
        text = src.text[a:b]
        found = agencies.agency_at_start(text, province)
        if found is not None:
            lead = tuple(dict.fromkeys(x.name for x in found[0]))
            raw_lead = text[:found[1]]
            partners = agencies.parse_assignment(_clean(text), province).partners
        else:
            assignment = agencies.parse_assignment(_clean(text), province)
            lead, partners, raw_lead = assignment.lead, assignment.partners, None
        if lead:
            tasks.append(_task(item, f"{number}.{len(tasks) + 1}", _clean(text), lead, partners, a, b, src, raw_lead))
    return tasks


def _task(section: Section, number: str, text: str, lead, partners, start: int, end: int,
          src: SourceText, lead_raw: str | None) -> Task:
    text = _CLOSING_MARK.sub(".", text)  # the document's final './.' is not part of the duty
    while end > start and src.text[end - 1].isspace():
        end -= 1
    partners = tuple(p for p in dict.fromkeys(partners) if p not in lead)
    return Task(id="", number=number, section=tuple(section.path), text=text, output=None,
                lead=tuple(lead), partners=partners, deadline=_deadline(text), area=None,
                origin="prose", span=(start, end), lead_raw=lead_raw)


@lru_cache(maxsize=1)
def _label_rx() -> re.Pattern[str]:
    """'Chủ trì: X. Thời gian: Y.' labels inside a numbered item, any of data/structure.json's task_labels."""
    labels = vocab()["task_labels"]
    alternatives = sorted(((w, field) for field, words in labels.items() for w in words), key=lambda x: -len(x[0]))
    body = "|".join(f"(?P<{field}{k}>{re.escape(w)})" for k, (w, field) in enumerate(alternatives))
    return re.compile(rf"(?:(?<=[.;,]\s)|(?<=^))(?:{body})\s*:\s*", re.I | re.M)


def labelled_tasks(src: SourceText, sections: tuple[Section, ...], province: str | None,
                   exclude: set[tuple[str, ...]]) -> list[Task]:
    """Leaf items that carry their own assignment labels, wherever they stand in the plan."""
    rx = _label_rx()
    parents = {s.path[:-1] for s in sections}
    tasks: list[Task] = []
    for sec in sections:
        if sec.path in parents or sec.path in exclude or not sec.span:
            continue
        raw = src.text[sec.span[0]:sec.span[1]]
        labels = list(rx.finditer(raw))
        if not any(_label_field(m) == "lead" for m in labels):
            continue
        mark = _ITEM_MARK.match(raw)
        text = _clean(raw[mark.end() if mark else 0:labels[0].start()]).rstrip(" .;")
        fields: dict[str, str] = {}
        for k, m in enumerate(labels):
            end = labels[k + 1].start() if k + 1 < len(labels) else len(raw)
            fields.setdefault(_label_field(m), _clean(raw[m.end():end]).rstrip(" .;"))
        lead = agencies.parse_assignment(fields["lead"], province)
        partners = agencies.parse_assignment(fields.get("partners", ""), province).lead if "partners" in fields else ()
        number = ".".join(p for p in sec.path if not p.isupper() or not p.isalpha())
        tasks.append(Task(
            id="", number=number or sec.path[-1], section=sec.path, text=text or fields["lead"],
            output=fields.get("output"), lead=lead.lead or tuple(lead.unknown),
            partners=tuple(partners) or lead.partners,
            deadline=fields.get("deadline"), area=_area(sections, sec), origin="prose",
            span=(sec.span[0], sec.span[1]), lead_raw=fields["lead"],
        ))
    return tasks


def _label_field(m: re.Match[str]) -> str:
    name = next(k for k, v in m.groupdict().items() if v is not None)
    return name.rstrip("0123456789")


def _area(sections: tuple[Section, ...], sec: Section) -> str | None:
    """The reform area named by the nearest enclosing heading ('1. Cải cách thể chế')."""
    from ccompare.structure.table_tasks import area_of

    by_path = {s.path: s for s in sections}
    for depth in range(len(sec.path) - 1, 0, -1):
        parent = by_path.get(sec.path[:depth])
        if parent is not None and (code := area_of(parent.heading)):
            return code
    return None
