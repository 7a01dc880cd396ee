"""Header metadata: number and symbol, place and date, issuing body, title, kind, draft status.

Everything is matched on the folded text so OCR output without diacritics is read too;
every field keeps the span of its evidence.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from ccompare.citations.find import parse_date, plausible_year
from ccompare.provinces import find_provinces, province_slug
from ccompare.read.fold import fold
from ccompare.read.source import Line, SourceText
from ccompare.structure.vocab import vocab, words_rx

Span = tuple[int, int]

# matched on the folded text from a line start: "Số:" and its number may stand on two lines
_SYMBOL = re.compile(
    r"[^\w\n]*(?:so|s6|se|sb|s0)[ \t]*[:.]?[ \t]*(?:(?:[ \t|]*\n){1,2}[ \t|]*)?"
    r"(?:(?P<num>\d[\d ]{0,6}[a-z]?)?[ \t]*/[ \t]*(?:(?P<year>\d{4})[ \t]*/[ \t]*)?"
    r"(?P<type>[a-z0-9]{1,4})[ \t]*[-–.][ \t]*(?P<issuer>[a-z&]{2,12})"
    # Party committees: 'Số 125-KH/TU'
    r"|(?P<pnum>\d{1,6})[ \t]*-[ \t]*(?P<ptype>[a-z]{1,4})[ \t]*/[ \t]*(?P<pissuer>[a-z&]{2,12}))"
)
# place and date; a copy may break the line inside the place or between 'ngày' and its parts
_DATE = re.compile(
    r"(?<![a-z0-9/.-])(?P<place>[a-z][a-z .'-]{1,40}?(?:[ \t]*\n[ \t]*[a-z][a-z .'-]{0,30}?)?)\s*,\s*ngay\s*(?:"
    r"(?P<d>\d{1,2})?\s*thang\s*(?P<m>\d{1,2})?\s*nam\s*(?P<y>\d{4})"  # ngày 29 tháng 12 năm 2023
    r"|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4}))"  # ngày 29/12/2023
)
_YEAR_IN_TITLE = re.compile(r"nam\s+(20\d\d|19\d\d)(?!\d)")
# a page's own date near its top (news: "(21:01 | 17/03/2021)", "20:59 17/11/2025", "date 2026-02-21")
_PAGE_DATE = re.compile(
    r"(?<![\d/.-])(?:(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>(?:19|20)\d\d)"
    r"|(?P<y2>(?:19|20)\d\d)-(?P<m2>\d{2})(?:-(?P<d2>\d{2}))?)(?![\d/])"
)
_OWN_BODY = re.compile(r"[ \t#*]*I\.[ \t]*(?P<rest>\S.{2,})")  # 'I. MỤC ĐÍCH, YÊU CẦU': the plan's own first part
_LEAD_VERB = re.compile(r"(?<![a-z])ban\s+hanh\s+(?:[a-z]+\s+){0,3}\Z|(?<![a-z])ban\s+hanh(?![a-z])")
_PART_START = re.compile(r"(?:[IVX]{1,5}|\d{1,2})[.)]\s|(?:Điều|ĐIỀU)\s+\d|[-+•]\s")
_DATE_TAIL = re.compile(r"thang\s*\d{1,2}\s*\Z")
_HORIZON = re.compile(r"(?:den|toi|dinh huong|tam nhin)\s*\Z")  # 'đến năm 2030' is a horizon, not a date
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
    problems: tuple[tuple[str, str, Span | None], ...] = ()  # (flag kind, message, span) of the header


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

    def mark_span(key: str, start: int, end: int) -> None:
        for j in range(_line_at(lines, start), _line_at(lines, max(start, end - 1)) + 1):
            mark(key, j)

    number = doc_type = issuer = None
    symbol_year = None
    symbol_found = False
    problems: list[tuple[str, str, Span | None]] = []
    repairs = vocab()["doc_type_repairs"]
    issuer_repairs = vocab()["issuer_repairs"]
    for i in head_zone:
        m = _SYMBOL.match(src.folded, lines[i].start, min(len(src.folded), lines[i].end + 80))
        if m:
            symbol_found = True
            party = m.group("pnum") is not None
            t_key, i_key = ("ptype", "pissuer") if party else ("type", "issuer")
            number = ((m.group("pnum") if party else m.group("num")) or "").replace(" ", "") or None
            raw_type = src.text[m.start(t_key):m.end(t_key)]
            doc_type = repairs.get(m.group(t_key), raw_type)
            raw_issuer = src.text[m.start(i_key):m.end(i_key)]
            issuer = issuer_repairs.get(m.group(i_key), raw_issuer)
            symbol_year = int(m.group("year")) if m.group("year") else None
            if symbol_year is not None and not plausible_year(symbol_year):
                problems.append(("header-date-invalid", f"the own symbol's year {symbol_year} is not plausible",
                                 (m.start(), m.end())))
                symbol_year = None
            mark_span("number", m.start(), m.end())
            break

    date = None
    province = None
    blank_date = False
    for i in head_zone:
        m = _DATE.search(src.folded, lines[i].start, lines[min(len(lines) - 1, i + 3)].end)
        if m is None or m.start() >= lines[i].end:
            continue
        d, mo, y = m.group("d") or m.group("d2"), m.group("m") or m.group("m2"), m.group("y") or m.group("y2")
        if d and mo:
            date, problem = parse_date(d, mo, y)
            if problem:  # never emitted as '2024-02-31': downstream date arithmetic would fail on it
                problems.append(("header-date-invalid", f"the document's own date is not a real date: {problem}",
                                 (m.start(), m.end())))
        else:
            blank_date = True
            if not plausible_year(int(y)):
                problems.append(("header-date-invalid", f"the document's own year {y} is not plausible",
                                 (m.start(), m.end())))
        province = province_slug(src.text[m.start("place"):m.end("place")])
        mark_span("date", m.start(), m.end())
        break

    if not symbol_found:
        lead = _lead_self(src, lines)
        if lead is not None:  # a post whose lead announces the plan that follows it
            number, doc_type, issuer = lead.number, lead.doc_type, lead.issuer
            symbol_year = lead.symbol_year
            date = date or lead.date
            mark_span("number", lead.start, lead.end)

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

    if province is None and issuing_body:  # 'Vinh, ngày ...' names a city: the body says 'TỈNH NGHỆ AN'
        province = next((slug for slug, _s, _e in find_provinces(fold(issuing_body))), None)
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

    title_year = None
    if title:
        title_year = _named_year(src.folded, *spans["title"])
    year = _plan_year(src, lines, date, symbol_year, title_year)

    draft_marked = bool(words_rx("draft_markers").search("\n".join(folded_lines[: first_heading + 3])))
    draft = draft_marked or (symbol_found and number is None) or blank_date
    return Header(
        province=province, number=number, doc_type=doc_type, issuer=issuer, date=date,
        title=title, kind=kind, draft=draft, year=year, issuing_body=issuing_body,
        decision_heading=decision_heading, plan_heading=plan_heading,
        meta_spans=spans, meta_lines=frozenset(used), problems=tuple(problems),
    )


def _line_at(lines: tuple[Line, ...], pos: int) -> int:
    """Index of the line holding offset `pos`."""
    return max(0, bisect.bisect_right([ln.start for ln in lines], pos) - 1)


def _plan_year(src: SourceText, lines, date: str | None, symbol_year: int | None,
               title_year: int | None) -> int | None:
    """The year of the plan: the document's own date or symbol, or the year its title names when
    that is the same or the next one (a plan for 2024 issued in December 2023); with neither, the
    page's date near the top, then a 'năm YYYY' that is not the date of a cited document or a horizon.
    A year of a law or decision the document cites is never taken."""
    own = int(date[:4]) if date else symbol_year
    if own and title_year:
        return title_year if own <= title_year <= own + 1 else own
    if own or title_year:
        return own or title_year
    top = lines[min(len(lines), 8) - 1].end if lines else 0
    page = [int(m.group("y") or m.group("y2")) for m in _PAGE_DATE.finditer(src.folded, 0, top)]
    page = [y for y in page if plausible_year(y)]
    if page:
        return max(page)
    return _named_year(src.folded, 0, len(src.folded))


def _named_year(folded: str, start: int, end: int) -> int | None:
    """The first 'năm YYYY' in [start, end) that is not the year of a full date (a cited
    document's 'ngày .. tháng .. năm ..') nor a horizon ('đến năm 2030'), and is plausible."""
    for m in _YEAR_IN_TITLE.finditer(folded, start, end):
        before = folded[max(0, m.start() - 24):m.start()]
        y = int(m.group(1))
        if _DATE_TAIL.search(before) or _HORIZON.search(before) or not plausible_year(y):
            continue
        return y
    return None


def _is_own_part(line: str) -> bool:
    m = _OWN_BODY.match(line)
    if not m:
        return False
    letters = [c for c in m.group("rest") if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def _lead_self(src: SourceText, lines):
    """'Ngày 30/12/2025, Văn phòng UBND tỉnh ... đã ban hành Kế hoạch số 1888/KH-VPUBND ...' opening a
    page whose body is the plan itself (its own 'I. ...' part follows): that document is the page's own.
    A news report of a plan (no body of its own) keeps the plan as a citation."""
    from ccompare.citations.find import find_numbered
    from ccompare.citations.lexicon import lexicon

    lex = lexicon()
    nonempty = [ln for ln in lines if ln.text.strip()][:4]
    if not nonempty or not any(_is_own_part(ln.text) for ln in lines):
        return None
    limit = nonempty[-1].end
    for hit in find_numbered(src.text, src.folded, lex, 0, limit):
        if hit.word_type is None:
            continue
        lo = max(src.folded.rfind(ch, 0, hit.start) for ch in ".;\n") + 1
        if _LEAD_VERB.search(src.folded, lo, hit.start):
            return hit
        break
    return None


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
        if out and (words_rx("basis_openers", anchored=True).match(plain(f)) or _PART_START.match(text)):
            break  # 'Căn cứ ...', 'I. MỤC ĐÍCH', 'Điều 1.' right under the title: the body, not the title
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
