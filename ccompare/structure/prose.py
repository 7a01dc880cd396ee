"""Prose assignments -> tasks.

In the organisation section ('Tổ chức thực hiện'): '2. Sở Nội vụ:' followed by a), b) ... or '- '
items gives one task per item led by that agency; '5. Sở Tư pháp: Nghiên cứu ...' gives one task;
an item whose paragraphs each open with an agency gives one task per paragraph. A heading naming
a body the agency data does not know ('5. Công an thành phố: ...') still leads, kept as written.

Elsewhere in the plan's content, an item, bullet or paragraph is a task when it carries its own
labels ('Chủ trì: X. Thời gian: Y.', '(Cơ quan thực hiện: X; thời gian: Y)', '- Cơ quan chủ trì: X'
lines) or names who leads it ('X chủ trì, phối hợp với Y ...', 'Giao X chủ trì ...', 'X thực hiện',
'... do X chủ trì'), or stands in a list introduced by 'Giao X chủ trì ... các nhiệm vụ sau:'.
'- Kết quả: ...' / 'Sản phẩm: ...' lines give the output of the task above them. Items that name
no lead (topics, purposes, requirements) are not tasks, and 'Mục đích, yêu cầu' or
'Căn cứ' sections never give tasks. A heading that is only an agency list ('(1) Thủ trưởng các sở,
ngành tỉnh') leads the items under it.

Outside every section (news pages, letters), each clause of a whole sentence that opens with an
agency and a duty verb or lead marker is a task ('Công an tỉnh bảo đảm ...', 'Văn phòng UBND tỉnh
được giao ...', '..., trong khi Sở KH-CN chủ trì ...'); in 'X đề nghị/yêu cầu Y làm ...' the leads
are Y. Narrative ('vừa', 'đã ban hành', 'có Công văn'), the author's '... như sau:', execution
clauses ('chịu trách nhiệm thi hành Quyết định này') and enumerations after 'gồm:' are not duties.
Positions, never paths, relate sections: numbering that restarts never mixes two parts' items,
and every reader costs time linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from ccompare import agencies
from ccompare.read.fold import fold
from ccompare.read.html import strip_html
from ccompare.read.source import SourceText
from ccompare.schema import Section, Task
from ccompare.structure.header import plain
from ccompare.structure.sections import UNNUMBERED, Tree, region_test
from ccompare.structure.vocab import vocab, words_rx

_ITEM_MARK = re.compile(
    r"^\s*(?:[#*>\s]*)(?:[IVXLivxl]+\s*[.)]|\d{1,2}(?:\.\d{1,2})*\s*(?:[.)]|/(?=\s))?|[a-zđ]\s*\)"
    r"|\((?:\d{1,2}|[ivxl]{1,5})\))\s*")
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


def _is_duty(sec: Section) -> bool:
    """A 'Tổ chức thực hiện'-like section (never an unnumbered part)."""
    return bool(sec.path) and sec.path[0] not in UNNUMBERED \
        and bool(words_rx("duty_sections").search(fold(sec.heading)))


def duty_tasks(src: SourceText, tree: Tree, province: str | None) -> list[Task]:
    """Tasks from the prose of every 'Tổ chức thực hiện'-like section (each item read once: the
    tree is positional, so a repeated numbering never pulls in another copy's items)."""
    tasks: list[Task] = []
    for p, parent in enumerate(tree.sections):
        if not _is_duty(parent):
            continue
        for i in tree.children[p]:
            children = [tree.sections[c] for c in tree.children[i]]
            tasks.extend(_item_tasks(src, tree.sections[i], children, province))
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
        named = organisation_heading(body_text, has_body=bool(children))
        if named is not None:  # a body the agency data does not know: its name as written leads
            lead, agency_end = named
            return _led_item_tasks(src, item, children, province, (start, own_end), raw, head_text,
                                   body_text, lead, agency_end)
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
    elif colon > agency_end and _continues_name(body_text[agency_end:colon]):
        agency_end = colon  # 'Các sở, ban, ngành thành phố:', 'Kho bạc Nhà nước khu vực XII:'
    elif (heading := _heading_line(body_text, bool(children))) and _continues_name(heading[agency_end:]):
        agency_end = len(heading)  # '4. Đề nghị Ban Tuyên giáo Thành ủy' on a line of its own
    lead = tuple(dict.fromkeys(a.name for a in found_agencies))
    return _led_item_tasks(src, item, children, province, (start, own_end), raw, head_text, body_text,
                           lead, agency_end)


def _led_item_tasks(src: SourceText, item: Section, children: list[Section], province: str | None,
                    bounds: tuple[int, int], raw: str, head_text: str, body_text: str,
                    lead: tuple[str, ...], agency_end: int) -> list[Task]:
    """An organisation item whose agency phrase ends at body_text[agency_end]: one task per child,
    per bullet, or for the whole paragraph."""
    start, own_end = bounds
    number = item.path[-1]
    lead_raw = body_text[:agency_end].strip(" :")
    rest = body_text[agency_end:].lstrip(" :.-–")
    tasks: list[Task] = []
    if children:
        for child in children:
            ctext = src.text[child.span[0]:child.span[1]]
            cm = _ITEM_MARK.match(ctext)
            ctext, output = _split_output(ctext[cm.end():] if cm else ctext)
            partners = agencies.parse_assignment(_clean(ctext), province).partners
            tasks.append(_task(child, f"{number}.{child.path[-1]}", _clean(ctext), lead, partners,
                               child.span[0], child.span[1], src, lead_raw, output))
        return tasks
    bullets = [b for b in _BULLET.split(rest) if b.strip()]
    if len(bullets) > 1 or (bullets and _BULLET.match(rest)):
        pos = start + (len(raw) - len(rest))
        parts: list[list] = []  # [text, start, end, output]; a '- Kết quả: ...' bullet is the output of the one above
        for b in bullets:
            b_start = src.text.find(b.strip()[:40], pos)
            b_start = b_start if b_start >= 0 else pos
            b_end = min(own_end, b_start + len(b.rstrip()))
            pos = b_end
            output = _output_value(b)
            if output is not None and parts:
                parts[-1][2] = b_end
                parts[-1][3] = parts[-1][3] or output
                continue
            parts.append([b, b_start, b_end, None])
        if len(parts) > 1 or _BULLET.match(rest):
            for k, (b, b_start, b_end, output) in enumerate(parts, start=1):
                partners = agencies.parse_assignment(_clean(b), province).partners
                tasks.append(_task(item, f"{number}.{k}", _clean(b), lead, partners, b_start, b_end, src, lead_raw,
                                   output))
            return tasks
    body, output = _split_output(rest)
    text = _clean(body) or _clean(head_text)
    partners = agencies.parse_assignment(text, province).partners
    return [_task(item, number, text, lead, partners, start, own_end, src, lead_raw, output)]


@cache
def _output_rx() -> re.Pattern[str]:
    """A line opening with an output label ('- Kết quả: ...', 'Sản phẩm: ...')."""
    words = sorted(vocab()["task_labels"]["output"], key=len, reverse=True)
    return re.compile(rf"^[ \t]*(?:[-–+•][ \t]+)?(?:{'|'.join(re.escape(w) for w in words)})[ \t]*:[ \t]*(.*)$",
                      re.I | re.M)


def _output_value(text: str) -> str | None:
    """The output a text gives when it is an output label line, else None."""
    m = _output_rx().match(text.strip())
    return _clean(text.strip()[m.start(1):]).strip(" .;,") if m else None


def _split_output(text: str) -> tuple[str, str | None]:
    """The text without its output label lines, and the first output they give."""
    found = list(_output_rx().finditer(text))
    if not found:
        return text, None
    for m in reversed(found):
        text = text[:m.start()] + text[m.end():]
    return text, _clean(found[0].group(1)).strip(" .;,") or None


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
          src: SourceText, lead_raw: str | None, output: str | None = None) -> Task:
    text = _CLOSING_MARK.sub(".", text)  # the document's final './.' is not part of the duty
    while end > start and src.text[end - 1].isspace():
        end -= 1
    partners = tuple(p for p in dict.fromkeys(partners) if p not in lead)
    return Task(id="", number=number, section=tuple(section.path), text=text, output=output,
                lead=tuple(lead), partners=partners, deadline=_deadline(text), area=None,
                origin="prose", span=(start, end), lead_raw=lead_raw)


# ---------------------------------------------------------------------------------------------
# organisations the agency data does not know


@cache
def _organisation_rx() -> re.Pattern[str]:
    nouns = sorted(vocab()["organisation_nouns"], key=len, reverse=True)
    return re.compile(rf"^\W*(?:{'|'.join(re.escape(n) for n in nouns)})(?=[\s:,(]|$)", re.I)


@cache
def _places_rx() -> re.Pattern[str]:
    places = sorted(vocab()["organisation_places"], key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(re.escape(p) for p in places)})(?=\s|$)")


def _continues_name(gap: str) -> bool:
    """' thành phố', ' khu vực XII' between a known agency and its colon: a place or a proper name
    that belongs to the agency's name (not a verb, not a list)."""
    words = gap.split()
    if not words or len(words) > 4 or "\n" in gap or any(c in gap for c in ".;,()"):
        return False
    return words[0][0].isupper() or words[0][0].isdigit() or bool(_places_rx().match(fold(gap.strip())))


def is_organisation(name: str) -> bool:
    """'Công an thành phố', 'Bưu điện thành phố Cần Thơ': an organisation noun from
    data/structure.json followed by a proper name or a place word (not 'Ban hành', 'Báo cáo')."""
    name = name.strip(" *_")
    m = _organisation_rx().match(name)
    if not m:
        return False
    rest = name[m.end():].strip()
    if not rest:
        return len(name.split()) > 1  # 'Thành đoàn', not a bare 'Sở'
    first = rest.split()[0]
    return first[0].isupper() or first[0].isdigit() or bool(_places_rx().match(fold(rest)))


def _heading_line(text: str, has_children: bool) -> str | None:
    """The first line of an item when it stands alone as a heading: a blank line or sub-items follow."""
    line, _, after = text.partition("\n")
    if has_children:
        return line.rstrip()
    if not after.strip() or after.split("\n", 1)[0].strip():
        return None  # nothing below, or the next line continues the sentence
    return line.rstrip()


def organisation_heading(text: str, has_body: bool = False) -> tuple[tuple[str, ...], int] | None:
    """An item text opening with organisations the agency data may not know: '5. Công an thành
    phố: ...' or a heading line '6. Bưu điện thành phố Cần Thơ' with its duties below. Returns the
    names as written and the offset where the name phrase ends (before the colon)."""
    line = text.split("\n", 1)[0]
    colon = line.find(":")
    if colon >= 0:
        end = colon
    elif _heading_line(text, has_body) is not None:
        end = len(line.rstrip())
    else:
        return None
    names = _organisation_names(line[:end])
    return (names, end) if names else None


def _organisation_names(phrase: str) -> tuple[str, ...]:
    """Names in 'X, Y' when each is an organisation (as written), else ()."""
    phrase = _clean(phrase).strip(" .;:")
    if not phrase or len(phrase.split()) > 16 or any(c in phrase for c in ".;"):
        return ()
    parts = [p.strip() for p in re.split(r"\s*,\s*", phrase) if p.strip()]
    return tuple(parts) if parts and all(is_organisation(p) for p in parts) else ()


# ---------------------------------------------------------------------------------------------
# content items: labels and named leads


@lru_cache(maxsize=1)
def _label_rx() -> re.Pattern[str]:
    """'Chủ trì: X. Thời gian: Y.' labels, any of data/structure.json's task_labels: after a sentence
    or clause, inside parentheses, or opening a line (a '- ' label line)."""
    labels = vocab()["task_labels"]
    alternatives = sorted(((w, kind) for kind, words in labels.items() for w in words), key=lambda x: -len(x[0]))
    body = "|".join(f"(?P<{kind}{k}>{re.escape(w)})" for k, (w, kind) in enumerate(alternatives))
    return re.compile(rf"(?:(?<=[.;,(]\s)|(?<=\()|^[ \t]*(?:[-–+•][ \t]+)?)(?:{body})\s*:\s*", re.I | re.M)


@cache
def _marker_rx() -> re.Pattern[str]:
    markers = sorted(vocab()["prose_lead_markers"], key=len, reverse=True)
    return re.compile(rf"[\s,]*(?:\([^)]*\)[\s,]*)?\b(?:{'|'.join(re.escape(m) for m in markers)})\b")


_BULLET_LINE = re.compile(r"^[ \t]*[-–+•][ \t]+")
_CLAUSE_START = re.compile(r"[:;.]\s+")


@dataclass(frozen=True)
class _Unit:
    """A part of an item: its heading text, a bullet or paragraph, or a label line."""
    start: int
    end: int
    kind: str  # "head" | "body" | "label"
    content: str  # text without its labels (bullet mark kept)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return _clean(_BULLET_LINE.sub("", self.content.lstrip(), count=1)).rstrip(" .;:,")


def _unit_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the head, bullets, paragraphs and label lines of an item's text."""
    rx = _label_rx()
    out: list[tuple[int, int, str]] = []
    off, blank = 0, False
    for line in text.split("\n"):
        ls, le = off, off + len(line.rstrip())
        off += len(line) + 1
        stripped = line.strip()
        if not stripped:
            blank = True
            continue
        if rx.match(line):
            kind = "label"
        elif _BULLET_LINE.match(line):
            kind = "body"
        elif not out:
            kind = "head"
        elif blank and not stripped[0].islower():
            kind = "body"  # a new paragraph (one in lower case continues a page-broken sentence)
        else:
            kind = ""
        if kind:
            out.append((ls + len(line) - len(line.lstrip()), le, kind))
        else:
            out[-1] = (out[-1][0], le, out[-1][2])
        blank = False
    return out


def _read_labels(text: str) -> tuple[str, dict[str, str]]:
    """The text without its labels, and the labelled fields (first of each kind)."""
    labels = list(_label_rx().finditer(text))
    fields: dict[str, str] = {}
    keep = [True] * len(text)
    for k, m in enumerate(labels):
        nxt = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        opener = _open_paren(text, m.start())
        if opener is not None:  # '(Cơ quan thực hiện: X; thời gian: Y)'
            close = _close_paren(text, opener)
            end, cut = min(nxt, close), (opener, min(close + 1, len(text)))
        else:
            end, cut = nxt, (m.start(), nxt)
        fields.setdefault(_label_field(m), _clean(text[m.end():end]).strip(" .;,"))
        keep[cut[0]:cut[1]] = [False] * (cut[1] - cut[0])
    return "".join(c for c, k in zip(text, keep, strict=True) if k), fields


_PAREN_REACH = 600  # a label's parentheses open and close within this many code points


def _open_paren(text: str, pos: int) -> int | None:
    """The '(' a label stands in, looked for only nearby (a scan to the start made texts with many
    labels quadratic)."""
    depth = 0
    for i in range(pos - 1, max(-1, pos - 1 - _PAREN_REACH), -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            if depth == 0:
                return i
            depth -= 1
    return None


def _close_paren(text: str, opener: int) -> int:
    depth = 0
    for i in range(opener, min(len(text), opener + _PAREN_REACH)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


@cache
def _agent_rx() -> re.Pattern[str]:
    """'... do Sở Nội vụ chủ trì': the word that introduces the agent of a passive clause (folded)."""
    words = sorted(vocab()["prose_agent_words"], key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(w) for w in words)})\s+")


def _named_lead(text: str, province: str | None) -> tuple[tuple[str, ...], str] | None:
    """'X chủ trì, phối hợp với Y ...', 'Giao X chủ trì ...', 'Kênh Z: X thực hiện ...', '...; X thực
    hiện hằng năm', '... do X chủ trì, phối hợp với Y thực hiện': the agencies named as lead at the
    start of the text, of one of its clauses, or after 'do'. 'X, Y chủ trì' lists may mix known
    agencies and organisations the data does not know (kept as written)."""
    folded = fold(text)
    if words_rx("execution_clauses").search(folded):
        return None  # '... chịu trách nhiệm thi hành Quyết định này': who executes the decision, not a duty
    starts = sorted({0, *(m.end() for m in _CLAUSE_START.finditer(text)),
                     *(m.end() for m in _agent_rx().finditer(folded))})
    for at in starts:  # each clause read in a window: long items stay linear
        seg, fseg = text[at:at + _WINDOW], folded[at:at + _WINDOW]
        verb = words_rx("prose_assign_verbs", anchored=True).match(fseg)
        found = _listed_after_colon(seg, agencies.agency_at_start(seg, province), province)
        if found is not None:
            ags, end = found
            if verb or _marker_rx().match(fseg, end):
                first = ags[0].span[0] if ags[0].span else 0
                return tuple(dict.fromkeys(a.name for a in ags)), seg[first:end].strip()
        body = verb.end() if verb else 0
        m = _marker_rx().search(fseg, body, body + 160)
        if m and m.start() > body:
            phrase = seg[body:m.start()]
            names = _lead_names(phrase, province)
            if names:
                return names, phrase.strip(" ,")
    return None


def _listed_after_colon(text: str, found: tuple[tuple[agencies.Agency, ...], int] | None, province: str | None
                        ) -> tuple[tuple[agencies.Agency, ...], int] | None:
    """'Các cơ quan, đơn vị: Văn phòng UBND, Sở Nội vụ và các Sở: Tư pháp, Tài chính thực hiện ...':
    a collective followed by a colon announces the list after it, which is the subject."""
    if found is None or not text[found[1]:].startswith(":"):
        return found
    rest = text[found[1] + 1:]
    listed = agencies.agency_at_start(rest, province)
    if listed is None or rest[:len(rest) - len(rest.lstrip())].count("\n"):
        return found
    return listed[0], found[1] + 1 + listed[1]


def _lead_names(phrase: str, province: str | None) -> tuple[str, ...]:
    """'Công an tỉnh, Chi nhánh Viettel Bình Định': each comma-separated part a known agency (its
    canonical name) or an organisation the data does not know (as written); else ()."""
    phrase = _clean(phrase).strip(" ,")
    if not phrase or len(phrase.split()) > 24 or any(c in phrase for c in ".;:"):
        return ()
    names: list[str] = []
    for part in (p.strip() for p in phrase.split(",")):
        if not part:
            return ()
        found = agencies.agency_at_start(part, province)
        if found is not None:  # a known agency, with at most a place or proper name after it
            rest = part[found[1]:]
            if rest.strip() and not _continues_name(rest):
                return ()  # 'Sở Nội vụ có trách nhiệm lập dự toán ...': a sentence, not a name
            if rest.strip():
                names.append(part)
            else:
                names.extend(a.name for a in found[0])
        elif is_organisation(part):
            names.append(part)
        else:
            return ()
    return tuple(dict.fromkeys(names))


def _from_labels(fields: dict[str, str], province: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Lead and partners of 'Chủ trì: X; phối hợp: Y' fields; an unknown organisation as written."""
    value = fields["lead"]
    lead = agencies.parse_assignment(value, province)
    partners = agencies.parse_assignment(fields["partners"], province).lead if "partners" in fields else ()
    return (lead.lead or tuple(lead.unknown) or _organisation_names(value)), (tuple(partners) or lead.partners)


def _no_tasks(tree: Tree, i: int) -> bool:
    """Inside 'Mục đích, yêu cầu', 'Căn cứ' and the like (but not 'Mục tiêu, nhiệm vụ')."""
    if tree.sections[i].path[0] in UNNUMBERED:
        return True
    for k in (i, *tree.ancestors(i)):
        heading = fold(plain(tree.sections[k].heading))
        if words_rx("non_task_sections", anchored=True).match(heading) \
                and not words_rx("task_section_words").search(heading):
            return True
    return False


def labelled_tasks(src: SourceText, tree: Tree, province: str | None, exclude: set[int]) -> list[Task]:
    """Leaf items outside the duty sections' agency paragraphs that carry their own labels or
    name their lead; in the duty sections (read by duty_tasks) only labelled ones. `exclude`
    holds the indexes (in `tree`) of the sections duty_tasks read."""
    sections = tree.sections
    intros = {i: owner for i, s in enumerate(sections) if tree.children[i] and s.span
              and not _no_tasks(tree, i) and (owner := _intro_owner(src, tree, i, province))}
    tasks: list[Task] = []
    for i, sec in enumerate(sections):
        if tree.children[i] or i in exclude or not sec.span or _no_tasks(tree, i):
            continue
        named = not any(_is_duty(sections[k]) for k in (i, *tree.ancestors(i)))
        inherited = next((intros[k] for k in tree.ancestors(i) if k in intros), None)
        tasks.extend(_leaf_tasks(src, tree, i, province, named, inherited))
    return tasks


def _intro_owner(src: SourceText, tree: Tree, i: int,
                 province: str | None) -> tuple[tuple[str, ...], tuple[str, ...], str] | None:
    """'Giao Sở X chủ trì, phối hợp với ... thực hiện các nhiệm vụ sau:' in a section's own text
    (its heading, or the paragraph before its first sub-item): the lead of every sub-item that
    names none itself. Only a last paragraph ending in ':' introduces the list."""
    sec = tree.sections[i]
    first = min((tree.sections[c].span[0] for c in tree.children[i] if tree.sections[c].span),
                default=sec.span[1])
    own = src.text[sec.span[0]:first]
    mark = _ITEM_MARK.match(own)
    units = [u for u in _unit_spans(own[mark.end() if mark else 0:]) if u[2] != "label"]
    if not units:
        return None
    a, b, _kind = units[-1]
    text = _clean(own[mark.end() if mark else 0:][a:b])
    if len(units) == 1 and (named := _heading_owner(text, province)) is not None:
        return named  # '(1) Thủ trưởng các sở, ngành tỉnh' over its '(i)', '(ii)' items
    if not text.endswith(":"):
        return None
    found = _named_lead(text, province)
    if found is None:
        return None
    return found[0], agencies.parse_assignment(text, province).partners, found[1]


def _heading_owner(text: str, province: str | None) -> tuple[tuple[str, ...], tuple[str, ...], str] | None:
    """A heading that is nothing but an agency list ('Thủ trưởng các sở ngành tỉnh, Ủy ban nhân dân
    các huyện, thị xã, thành phố', optionally ending in ':') names the lead of the items under it."""
    phrase = text.rstrip(" :")
    found = agencies.agency_at_start(phrase, province)
    if found is None:
        return None
    rest = phrase[found[1]:]
    if rest.strip() and not _continues_name(rest):
        return None
    return tuple(dict.fromkeys(a.name for a in found[0])), (), phrase.strip()


def _leaf_tasks(src: SourceText, tree: Tree, index: int, province: str | None,
                named: bool, inherited: tuple[tuple[str, ...], tuple[str, ...], str] | None = None
                ) -> list[Task]:
    """Tasks of a leaf item: one per bullet naming (or labelled with) its lead, else one for the
    whole item when it, its label lines or the list it stands in (`inherited`) name a lead."""
    sec = tree.sections[index]
    raw = src.text[sec.span[0]:sec.span[1]]
    mark = _ITEM_MARK.match(raw)
    base = sec.span[0] + (mark.end() if mark else 0)
    units = []
    for a, b, kind in _unit_spans(src.text[base:sec.span[1]]):
        content, fields = _read_labels(src.text[base + a:base + b])
        units.append(_Unit(base + a, base + b, kind, content, fields))
    content_ix = [i for i, u in enumerate(units) if u.kind != "label"]
    if not content_ix:
        return []
    # label lines: each run belongs to the bullet above it when runs alternate with bullets,
    # otherwise (all after the content, or right under the heading) to the whole item
    runs: list[tuple[int | None, list[int], bool]] = []
    prev, run = None, []
    for i, u in enumerate(units):
        if u.kind == "label":
            run.append(i)
            continue
        if run:
            runs.append((prev, run, True))
            run = []
        prev = i
    if run:
        runs.append((prev, run, False))
    interleaved = any(followed and p is not None and units[p].kind == "body" for p, _, followed in runs)
    attached: dict[int, dict[str, str]] = {i: dict(units[i].fields) for i in content_ix}
    item_fields: dict[str, str] = {}
    ends = {i: units[i].end for i in content_ix}
    for p, run, _ in runs:
        target = attached[p] if interleaved and p is not None else item_fields
        for i in run:
            for k, v in units[i].fields.items():
                target.setdefault(k, v)
        if interleaved and p is not None:
            ends[p] = units[run[-1]].end
    owners: dict[int, tuple[tuple[str, ...], tuple[str, ...], str]] = {}
    for i in content_ix:
        fields = attached[i]
        if "lead" in fields:
            lead, partners = _from_labels(fields, province)
            owners[i] = (lead, partners, fields["lead"])
        elif named and (found := _named_lead(units[i].text, province)) is not None:
            partners = agencies.parse_assignment(units[i].text, province).partners
            if "partners" in fields:
                partners = agencies.parse_assignment(fields["partners"], province).lead or partners
            owners[i] = (found[0], partners, found[1])
    number = ".".join(p for p in sec.path if not p.isupper() or not p.isalpha()) or sec.path[-1]
    area = _area(tree, index)
    bodies = [i for i in content_ix if units[i].kind == "body"]
    item_owner = _from_labels(item_fields, province) + (item_fields["lead"],) if "lead" in item_fields else None
    item_owner = item_owner or inherited
    if not any(i in owners for i in bodies):  # one task for the whole item
        head = content_ix[0] if units[content_ix[0]].kind == "head" else None
        owner = owners.get(head) if head is not None else None
        fields = dict(attached[head]) if owner else {}
        for k, v in item_fields.items():
            fields.setdefault(k, v)
        owner = owner or item_owner
        if owner is None:
            return []
        text = _clean(" ".join(units[i].content for i in content_ix)).rstrip(" .;:,")
        return [_content_task(sec, number, text or owner[2], owner, fields, sec.span, area)]
    tasks: list[Task] = []
    for i in content_ix:
        owner = owners.get(i) or (item_owner if units[i].kind == "body" else None)
        if owner is None:
            continue
        fields = dict(attached[i])
        for k, v in item_fields.items():
            fields.setdefault(k, v)
        k = bodies.index(i) + 1 if i in bodies and len(bodies) > 1 else 0
        tasks.append(_content_task(sec, f"{number}.{k}" if k else number, units[i].text or owner[2], owner,
                                   fields, (units[i].start, ends[i]), area))
    return tasks


def _content_task(sec: Section, number: str, text: str, owner, fields: dict[str, str],
                  span: tuple[int, int], area: str | None) -> Task:
    lead, partners, lead_raw = owner
    text = _CLOSING_MARK.sub(".", text)
    partners = tuple(p for p in dict.fromkeys(partners) if p not in lead)
    return Task(id="", number=number, section=sec.path, text=text, output=fields.get("output"),
                lead=tuple(lead), partners=partners, deadline=fields.get("deadline") or _deadline(text),
                area=area, origin="prose", span=span, lead_raw=lead_raw)


def _label_field(m: re.Match[str]) -> str:
    name = next(k for k, v in m.groupdict().items() if v is not None)
    return name.rstrip("0123456789")


def _area(tree: Tree, i: int) -> str | None:
    """The reform area named by the nearest enclosing heading ('1. Cải cách thể chế')."""
    from ccompare.structure.table_tasks import area_of

    for k in tree.ancestors(i):
        if code := area_of(tree.sections[k].heading):
            return code
    return None


# ---------------------------------------------------------------------------------------------
# duties in text outside every section (news pages, official letters, a decision's loose prose)


_SPACES = re.compile(r"\s*")
_WINDOW = 400  # an agency list and its verb fit in this many code points: clauses are read in windows


@cache
def _phrase_rx(key: str) -> re.Pattern[str]:
    """Folded phrases of data/structure.json `key` at a position, as whole words, then spaces."""
    words = sorted(vocab()[key], key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(re.escape(w) for w in words)})(?![a-z0-9])[\s,]*")


def free_prose_tasks(src: SourceText, skip: list[tuple[int, int]], skip_lines: frozenset[int],
                     province: str | None) -> list[Task]:
    """Duties stated in paragraphs that stand in no section: 'Công an tỉnh đảm bảo an toàn thông tin
    ...', 'Văn phòng UBND tỉnh được giao ...', 'UBND tỉnh yêu cầu các sở, ngành rà soát ...', two in
    one sentence ('..., trong khi Sở KH-CN chủ trì ...'). `skip` holds section spans and table
    regions, `skip_lines` the header and signature lines; a line that is not a whole sentence (a
    title, a cut-off excerpt end) gives nothing."""
    inside = region_test(skip)
    tasks: list[Task] = []
    block: list[int] = []
    for i, line in enumerate([*src.lines, None]):
        usable = line is not None and line.text.strip() and i not in skip_lines and not inside(line.start) \
            and not inside(max(line.start, line.end - 1))
        if usable:
            block.append(i)
            continue
        if block:
            a, b = src.lines[block[0]].start, src.lines[block[-1]].end
            tasks.extend(_paragraph_duties(src, a, b, province, len(tasks)))
            block = []
    return tasks


def _sentences(text: str) -> list[tuple[int, int]]:
    """Whole sentences of a paragraph: each ends in '.', '!', '?', '…' or ':' before an upper-case
    word or the end; a last piece with no such end (a title, a cut-off excerpt) is left out."""
    out, pos = [], 0
    for m in re.finditer(r"[.!?…:]", text):
        if m.end() < len(text) and not text[m.end()].isspace():
            continue
        gap = _SPACES.match(text, m.end()).end()
        nxt = text[gap:gap + 1]
        if m.group() == ":" and nxt and "\n" not in text[m.end():gap]:
            continue  # 'gồm: X; Y; Z.' enumerates inside the sentence
        if not nxt or nxt.isupper() or nxt in "-–+•(\"“":
            out.append((pos, m.end()))
            pos = m.end()
    return out


def _paragraph_duties(src: SourceText, start: int, end: int, province: str | None, count: int) -> list[Task]:
    text = src.text[start:end]
    out: list[Task] = []
    for a0, b0 in _sentences(text):
        for a, b, lead, raw in _sentence_duties(text[a0:b0], province):
            s, e = start + a0 + a, start + a0 + b
            body = _clean(src.text[s:e])
            partners = agencies.parse_assignment(body, province).partners
            out.append(Task(id="", number=str(count + len(out) + 1), section=(), text=body.rstrip(" ;:"),
                            output=None, lead=lead, partners=tuple(p for p in dict.fromkeys(partners) if p not in lead),
                            deadline=_deadline(body), area=None, origin="prose", span=(s, e), lead_raw=raw))
    return out


def _sentence_duties(sentence: str, province: str | None) -> list[tuple[int, int, tuple[str, ...], str]]:
    """(start, end, lead, lead as written) of each duty a sentence states, by clause."""
    folded = fold(sentence)
    if words_rx("execution_clauses").search(folded):
        return []
    colon = sentence.find(":")
    first = _SPACES.match(sentence).end()
    bounds = {first: first}  # where a clause is cut: where its text starts
    bounds.update({m.start(): m.end() for m in re.finditer(r";\s*", sentence)
                   if colon < 0 or m.start() < colon})  # after 'gồm:' the ';' parts are list items
    joins = "|".join(re.escape(w) for w in vocab()["clause_joins"])
    bounds.update({m.start(): m.end(1) for m in re.finditer(rf",\s*((?:{joins})\s)", folded)})
    if words_rx("basis_openers", anchored=True).match(folded):  # 'Để triển khai Kế hoạch, UBND tỉnh giao ...'
        stop = min([k for k in bounds if k > first] + [len(sentence)])
        bounds.update({m.start(): m.end() for m in re.finditer(r",\s*", sentence[:stop]) if m.start() not in bounds})
    found: list[tuple[int, int, tuple[str, ...], str]] = []
    taken = -1  # end of the last duty's agency phrase: a comma inside it cuts no clause
    for cut in sorted(bounds):
        if cut < taken:
            continue
        duty = _clause_duty(sentence, folded, bounds[cut], province)
        if duty is not None:
            found.append((cut, bounds[cut], duty[0], duty[1]))
            taken = duty[2]
    out = []
    for k, (_cut, at, lead, raw) in enumerate(found):
        end = found[k + 1][0] if k + 1 < len(found) else len(sentence)
        while end > at and sentence[end - 1] in " ,;\n\t":
            end -= 1
        out.append((at, end, lead, raw))
    return out


def _clause_duty(sentence: str, folded: str, at: int, province: str | None
                 ) -> tuple[tuple[str, ...], str, int] | None:
    """The lead of the duty a clause opens with: its subject agency before a duty verb or a lead
    marker, or the agencies a requester asks ('X yêu cầu Y rà soát ...': Y); with the lead as
    written and the offset where that agency phrase ends."""
    pos = _SPACES.match(sentence, at).end()
    while m := (_phrase_rx("clause_openers").match(folded, pos) or _phrase_rx("clause_joins").match(folded, pos)):
        pos = m.end()
    window = sentence[pos:pos + _WINDOW]
    subject = _listed_after_colon(window, agencies.agency_at_start(window, province), province)
    if subject is None:
        return None
    after = pos + subject[1]
    word = re.compile(r"[ ,]*").match(sentence, after).end()
    if _marker_rx().match(folded, after, after + _WINDOW):
        lead = subject[0]
    elif (req := _phrase_rx("request_verbs").match(folded, word)) is not None:
        asked = agencies.agency_at_start(sentence[req.end():req.end() + _WINDOW], province)
        if asked is None or not _verb_at(sentence, folded, req.end() + asked[1]):
            return None
        first = asked[0][0].span[0] if asked[0][0].span else 0
        return (tuple(dict.fromkeys(a.name for a in asked[0])),
                sentence[req.end() + first:req.end() + asked[1]].strip(), req.end() + asked[1])
    elif _verb_at(sentence, folded, after) and not _self_intro(folded):
        lead = subject[0]
    else:
        return None
    first = lead[0].span[0] if lead[0].span else 0
    return tuple(dict.fromkeys(a.name for a in lead)), sentence[pos + first:after].strip(), after


def _self_intro(folded: str) -> bool:
    """'X xây dựng kế hoạch ... như sau:': the author introducing what follows."""
    tail = folded.rstrip(" :.")
    return any(tail.endswith(w) for w in vocab()["self_intro_endings"])


def _verb_at(sentence: str, folded: str, at: int) -> bool:
    """A duty verb follows: a lower-case word that is no preposition, partner marker, narrative
    word ('vừa', 'đã', 'có văn bản') or proper name (a person after a title)."""
    at = re.compile(" *").match(sentence, at).end()
    word = re.compile(r"\w+").match(sentence, at)
    if word is None or not word.group()[0].islower() or _NOT_A_VERB.match(sentence[at:at + 16]):
        return False
    if _phrase_rx("narrative_words").match(folded, at) or _phrase_rx("request_verbs").match(folded, at):
        return False
    return not re.match(r"phoi hop\b|cung voi\b", folded[at:])
