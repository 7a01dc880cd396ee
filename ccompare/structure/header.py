"""Header metadata: number and symbol, place and date, issuing body, title, kind, draft status.

Everything is matched on the folded text so OCR output without diacritics is read too;
every field keeps the span of its evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ccompare.provinces import find_provinces, province_slug
from ccompare.read.source import Line, SourceText
from ccompare.structure.vocab import vocab, words_rx

Span = tuple[int, int]

_SYMBOL = re.compile(
    r"^\W*(?:so|s6|se|sb|s0)\s*[:.]?\s*(?P<num>\d[\d ]{0,6})?\s*/\s*(?:(?:19|20)\d\d\s*/\s*)?"
    r"(?P<type>[a-z0-9]{1,4})\s*[-–]\s*(?P<issuer>[a-z&]{2,12})"
)
_DATE = re.compile(
    r"(?P<place>[a-z][a-z .'-]{1,40}?)\s*,\s*ngay\s*(?:"
    r"(?P<d>\d{1,2})?\s*thang\s*(?P<m>\d{1,2})?\s*nam\s*(?P<y>\d{4})"  # ngày 29 tháng 12 năm 2023
    r"|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))"  # ngày 29/12/2023
)
_YEAR_IN_TITLE = re.compile(r"nam\s+(20\d\d|19\d\d)")
_MD = re.compile(r"^[\s#*>_]*|[\s*_]*$")


def plain(line: str) -> str:
    """A line without markdown markers (#, **, >) around it."""
    return _MD.sub("", line)


@dataclass(frozen=True)
class Header:
    province: str | None
    number: str | None
    doc_type: str | None
    issuer: str | None
    date: str | None
    title: str | None
    kind: str
    draft: bool
    year: int | None
    issuing_body: str | None
    decision_heading: int | None  # line index of the decision's heading line
    plan_heading: int | None  # line index of the plan's heading line
    meta_spans: dict[str, Span] = field(default_factory=dict)
    meta_lines: frozenset[int] = frozenset()  # line indexes used as header evidence


def _heading_index(lines: tuple[Line, ...], folded_lines: list[str], key: str) -> list[int]:
    """Lines that are a standalone genre heading such as 'KẾ HOẠCH' or 'QUYẾT ĐỊNH'."""
    rx = words_rx(key, anchored=True)
    out = []
    for i, (line, f) in enumerate(zip(lines, folded_lines, strict=True)):
        text = plain(line.text)
        core = plain(f).strip(" '\"`.:")
        if not core or not rx.match(core):
            continue
        letters = [c for c in text if c.isalpha()]
        upper = sum(c.isupper() for c in letters) / max(1, len(letters))
        if upper > 0.8 and len(core) <= 40:
            out.append(i)
    return out


def read_header(src: SourceText) -> Header:
    lines = src.lines
    folded_lines = [src.folded[ln.start:ln.end] for ln in lines]
    spans: dict[str, Span] = {}
    used: set[int] = set()

    def mark(key: str, i: int) -> None:
        """Record line i as evidence of `key`; a key's span grows over its lines."""
        start, end = lines[i].start, lines[i].end
        if key in spans:
            start, end = min(start, spans[key][0]), max(end, spans[key][1])
        spans[key] = (start, end)
        used.add(i)

    decision_idx = _heading_index(lines, folded_lines, "decision_headings")
    plan_idx = _heading_index(lines, folded_lines, "plan_headings")
    # The decision's operative "QUYẾT ĐỊNH:" line repeats the heading: keep the first.
    decision_heading = decision_idx[0] if decision_idx else None
    has_articles = any(re.match(r"^\W*(?:dieu|pieu|pidu|bieu)\s*1\b", f) for f in folded_lines)
    plan_heading = next((i for i in plan_idx if decision_heading is None or i > decision_heading), None)
    if decision_heading is not None and not has_articles:
        decision_heading = None
    if decision_heading is not None and plan_heading is not None:
        kind = "decision+plan"
    elif decision_heading is not None:
        kind = "decision"
    elif plan_heading is not None:
        kind = "plan"
    else:
        kind = "other"
    first_heading = min(i for i in (decision_heading, plan_heading, len(lines)) if i is not None)
    head_zone = range(0, min(len(lines), first_heading + 1))

    number = doc_type = issuer = None
    symbol_found = False
    repairs = vocab()["doc_type_repairs"]
    issuer_repairs = vocab()["issuer_repairs"]
    for i in head_zone:
        m = _SYMBOL.match(folded_lines[i])
        if m:
            symbol_found = True
            number = (m.group("num") or "").replace(" ", "") or None
            raw_type = lines[i].text[m.start("type"):m.end("type")]
            doc_type = repairs.get(m.group("type"), raw_type)
            raw_issuer = lines[i].text[m.start("issuer"):m.end("issuer")]
            issuer = issuer_repairs.get(m.group("issuer"), raw_issuer)
            mark("number", i)
            break

    date = None
    province = None
    blank_date = False
    for i in head_zone:
        m = _DATE.search(folded_lines[i])
        if m:
            d, mo, y = m.group("d") or m.group("d2"), m.group("m") or m.group("m2"), m.group("y") or m.group("y2")
            if d and mo and 1 <= int(d) <= 31 and 1 <= int(mo) <= 12:
                date = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
            else:
                blank_date = True
            province = province_slug(lines[i].text[m.start("place"):m.end("place")])
            mark("date", i)
            break

    body_start = decision_heading if decision_heading is not None else plan_heading
    issuing_body = None
    for i in range(0, body_start if body_start is not None else min(len(lines), 12)):
        f = plain(folded_lines[i]).strip()
        if not f:
            continue
        if words_rx("motto").search(f) or words_rx("issuing_bodies", anchored=True).match(f):
            mark("issuing_body", i)
            if issuing_body is None and words_rx("issuing_bodies", anchored=True).match(f):
                issuing_body = _body_name(lines, folded_lines, i)
        elif i not in used and len(f) < 80 and plain(lines[i].text).upper() == plain(lines[i].text):
            mark("issuing_body", i)  # continuation of an upper-case header block

    if province is None:
        province = _province_from_text(src, folded_lines)

    title, title_lines = _title(lines, folded_lines, decision_heading, plan_heading)
    for i in title_lines:
        mark("title", i)
    for key, idx in (("decision_heading", decision_heading), ("plan_heading", plan_heading)):
        if idx is not None:
            mark(key, idx)
    for i in decision_idx:
        if decision_heading is not None and i != decision_heading and (plan_heading is None or i < plan_heading):
            mark("decision_operative", i)
    if decision_heading is not None and plan_heading is not None:
        plan_title, plan_title_lines = _title(lines, folded_lines, plan_heading, None)
        for i in plan_title_lines:
            mark("plan_title", i)
        for i in _header_block_before(lines, folded_lines, plan_heading):
            mark("plan_header", i)
    for start in (decision_heading, plan_heading):
        for i in _adoption_lines(lines, folded_lines, start):
            mark("adoption" if start == plan_heading else "decision_adoption", i)
    if decision_heading is not None:
        for i in _authority_lines(lines, folded_lines, decision_heading, used):
            mark("authority", i)

    year = None
    if title:
        title_start = spans["title"][0]
        ym = _YEAR_IN_TITLE.search(src.folded, title_start, title_start + len(title) + 200)
        year = int(ym.group(1)) if ym else None
    if year is None and date:
        year = int(date[:4])
    if year is None:
        ym = _YEAR_IN_TITLE.search(src.folded)
        year = int(ym.group(1)) if ym else None

    draft_marked = bool(words_rx("draft_markers").search("\n".join(folded_lines[: first_heading + 3])))
    draft = draft_marked or (symbol_found and number is None) or blank_date
    return Header(
        province=province, number=number, doc_type=doc_type, issuer=issuer, date=date,
        title=title, kind=kind, draft=draft, year=year, issuing_body=issuing_body,
        decision_heading=decision_heading, plan_heading=plan_heading,
        meta_spans=spans, meta_lines=frozenset(used),
    )


def _body_name(lines: tuple[Line, ...], folded_lines: list[str], i: int) -> str | None:
    """'ỦY BAN NHÂN DÂN' + 'TỈNH KHÁNH HÒA' on the next line, without the national motto beside it."""
    text = plain(lines[i].text).strip()
    cut = words_rx("motto").search(folded_lines[i])
    if cut and cut.start() > 0:
        text = plain(lines[i].text[: cut.start()]).strip()
    nxt = plain(lines[i + 1].text).strip() if i + 1 < len(lines) else ""
    if nxt and nxt.upper() == nxt and re.match(r"^(?:tinh|thanh pho)\b", plain(folded_lines[i + 1]).strip()):
        text = f"{text} {nxt}"
    return text or None


def _header_block_before(lines, folded_lines, heading: int) -> list[int]:
    """Upper-case header lines (body, motto, place and date) just above a part heading."""
    out: list[int] = []
    i = heading - 1
    while i >= 0:
        text = plain(lines[i].text).strip()
        f = plain(folded_lines[i]).strip()
        if not text:
            i -= 1
            continue
        if _DATE.search(f) or words_rx("motto").search(f) or (text.upper() == text and len(text) < 90):
            out.append(i)
            i -= 1
            continue
        break
    return out


def _adoption_lines(lines, folded_lines, heading: int | None) -> list[int]:
    """'(Ban hành kèm theo Quyết định số ... của UBND tỉnh)' under a part title, to its ')'."""
    if heading is None:
        return []
    for i in range(heading + 1, min(len(lines), heading + 12)):
        if lines[i].text.lstrip().startswith("(") and words_rx("adoption_line").search(folded_lines[i]):
            out = [i]
            j = i
            while ")" not in lines[j].text and j + 1 < len(lines) and j < i + 4:
                j += 1
                out.append(j)
            return out
    return []


def _authority_lines(lines, folded_lines, heading: int, used: set[int]) -> list[int]:
    """The upper-case authority line between a decision's title and its 'Căn cứ' paragraphs."""
    out = []
    for i in range(heading + 1, min(len(lines), heading + 15)):
        text = plain(lines[i].text).strip()
        if not text or i in used:
            continue
        if words_rx("basis_openers", anchored=True).match(plain(folded_lines[i])):
            break
        if text.upper() == text:
            out.append(i)
    return out


def _title(lines, folded_lines, decision_heading, plan_heading) -> tuple[str | None, list[int]]:
    """The lines right under the main heading, up to a blank line or the next block."""
    start = decision_heading if decision_heading is not None else plan_heading
    if start is None:
        return None, []
    out: list[int] = []
    i = start + 1
    while i < len(lines) and not plain(lines[i].text).strip():
        i += 1
    while i < len(lines):
        text = plain(lines[i].text).strip()
        f = folded_lines[i].strip()
        if not text or text.startswith("(") or words_rx("adoption_line").search(f):
            break
        if words_rx("issuing_bodies", anchored=True).match(plain(f)) and text.upper() == text and out:
            break
        out.append(i)
        i += 1
        if len(out) >= 4:
            break
    title = " ".join(plain(lines[j].text).strip() for j in out) or None
    return title, out


def _province_from_text(src: SourceText, folded_lines: list[str]) -> str | None:
    """The province named most often, preferring 'tỉnh X' mentions; None if nothing is named."""
    counts: Counter[str] = Counter()
    for slug, s, _e in find_provinces(src.folded):
        before = src.folded[max(0, s - 6):s]
        counts[slug] += 3 if "tinh" in before else 1
    if not counts:
        return None
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
