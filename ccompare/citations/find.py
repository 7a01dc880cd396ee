"""Finding references to other documents in a source text.

Three finders, all over the folded text so OCR output without diacritics is read too
(a match at [s, e) in `src.folded` is evidence at `src.text[s:e]`):

- numbered symbols (`3409/QĐ-UBND`, `61/2018/NĐ-CP`, `09-NQ/TW`, `330/SNV-CCHC`), with the
  document word before them, the date and the issuer phrase after them, and a title;
- laws named without a number (`Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015`);
- named documents known to be numbered ones (aliases), given as compiled name patterns.

Finders return `Hit`s: raw facts with spans, not yet resolved to identities.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date as Date
from functools import lru_cache

from ccompare.citations.lexicon import Lexicon

_CODE = r"[a-z0-9&]{0,12}[a-z][a-z0-9&]{0,12}"
_YEAR = r"(?:19|20)\d\d"
_S = r"[ \t]?"  # OCR and typists put a space around '/' or '-' now and then
_D = "[-\u2010\u2011\u2013]"  # hyphen, or the dashes word processors put in its place
_SEP = r"(?:" + _S + _D + _S + r"|\.(?=[a-z]))"  # 'QĐ-TTg', 'QĐ - TTg', and the old dotted 'QĐ.TTg'
MAX_NUMBER_DIGITS = 6  # longer digit runs before a symbol are not document numbers (flagged, not read)
SYMBOL_RX = re.compile(
    r"(?P<num>\d{1,2} \d{1,3}(?=" + _S + r"[/-])|\d{1,6}[a-z]?)" + _S + r"(?:"
    r"/" + _S + r"(?:(?P<y1>" + _YEAR + r")|(?P<ybad>\d{4}|(?:19|20)\d))" + _S + r"/" + _S + r"(?P<a1>" + _CODE + r")"
    r"(?:" + _SEP + r"(?P<b1>" + _CODE + r"(?:" + _D + _CODE + r")*))?"
    r"|/" + _S + r"(?P<a2>" + _CODE + r")" + _S + r"/" + _S + r"(?P<b2>" + _CODE + r")"
    r"|/" + _S + r"(?P<a3>" + _CODE + r")" + _SEP + r"(?P<b3>" + _CODE + r"(?:" + _D + _CODE + r")*)"
    r"|" + _D + _S + r"(?P<a4>" + _CODE + r")" + _S + r"/" + _S + r"(?P<b4>" + _CODE + r"(?:" + _D + _CODE + r")*)"
    r")(?![a-z0-9])"
)
# a written year is any four digits: the date is then validated (an impossible or far-off year is flagged)
_DATE_NUM = r"(?P<d>\d{1,2})\s?[/.\-]\s?(?P<m>\d{1,2})\s?[/.\-]\s?(?P<y>\d{4})(?!\d)"
_DATE_WORDS = r"(?P<d2>\d{1,2})\s*thang\s*(?P<m2>\d{1,2})\s*nam\s*(?P<y2>\d{4})(?!\d)"  # 'tháng07': lost spaces
DATE_AFTER_RX = re.compile(r"\s*,?\s*(?:ngay\s*)?(?:" + _DATE_NUM + "|" + _DATE_WORDS + ")")
YEAR_AFTER_RX = re.compile(r"\s*,?\s*nam\s+(?P<y>" + _YEAR + r")(?!\d)")
LAW_DATE_RX = re.compile(
    r"\s*,?\s*(?:ngay\s*(?:" + _DATE_NUM + "|" + _DATE_WORDS + r")|nam\s+(?P<y3>" + _YEAR + r")(?!\d))"
)
LAW_NOTE_RX = re.compile(r"\s*\((?:sua doi|sua doi, bo sung|moi)[^)\n]{0,20}\)|\s+sua doi(?![a-z])")
LIST_GAP_RX = re.compile(r"\A\s*,?\s*(?:va\s+)?(?:s[oe6b0]\s*)?\Z")
_TITLE_STOP = re.compile(r";|\t|<|\.(?=\s|\Z)|\n\s*\n\s*(?=[-+•*]|[0-9IVXa-zđ]{1,4}[.)]\s)")


@dataclass
class Hit:
    """One reference found in the text, before resolution."""

    start: int
    end: int
    via: str  # number | name | alias
    number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    issuer_known: bool = False
    symbol_year: int | None = None
    date: str | None = None
    date_span: tuple[int, int] | None = None
    bad_date: str | None = None
    date_year: int | None = None  # the year of a written date, even an impossible one
    context_scope: str | None = None
    context_issuer: str | None = None
    context_province: str | None = None
    title: str | None = None
    title_end: int | None = None
    defined_name: tuple[int, int] | None = None  # a named document given in the title
    word_type: str | None = None
    unknown_type: str | None = None  # a type code that could not be read
    header: bool = False  # the document's own "Số:" line
    adopting: bool = False  # "(Ban hành kèm theo Quyết định số ...)" under the plan heading
    name: str | None = None  # law / programme name for via name|alias
    alias: dict | None = None  # resolved facts of an alias
    notes: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def year_bounds() -> tuple[int, int]:
    """The years a written date may have (data/doc_types.json `date_years`): earliest, and today's + ahead."""
    from ccompare.datafiles import load_json

    spec = load_json("doc_types.json")["date_years"]
    return int(spec["earliest"]), Date.today().year + int(spec["ahead"])


def plausible_year(year: int) -> bool:
    lo, hi = year_bounds()
    return lo <= year <= hi


def parse_date(d: str, m: str, y: str) -> tuple[str | None, str | None]:
    """('29','12','2023') -> ('2023-12-29', None); an impossible or far-off date -> (None, reason)."""
    try:
        day = Date(int(y), int(m), int(d))
    except ValueError:
        return None, f"impossible date {d}/{m}/{y}"
    if not plausible_year(day.year):
        lo, hi = year_bounds()
        return None, f"date {d}/{m}/{y} outside the years {lo}-{hi}"
    return day.isoformat(), None


def _date_from(m: re.Match[str]) -> tuple[str | None, str | None]:
    if m.group("d"):
        return parse_date(m.group("d"), m.group("m"), m.group("y"))
    return parse_date(m.group("d2"), m.group("m2"), m.group("y2"))


def _written_year(m: re.Match[str]) -> int | None:
    """The year a date is written with, when it is a plausible year ('31/02/2024' -> 2024, '9999' -> None)."""
    y = int(m.group("y") or m.group("y2"))
    return y if plausible_year(y) else None


@lru_cache(maxsize=8192)
def _code_ok(original: str) -> bool:
    """Symbol codes are capitals (TTg, CTr allow one trailing small letter); words are not."""
    s = original.replace(" ", "")
    if not s or not (s[0].isupper() or s[0].isdigit()):
        return False
    lower = [i for i, c in enumerate(s) if c.islower()]
    return len(lower) <= 1 and (not lower or lower[0] == len(s) - 1)


_DASHES = re.compile(_D)
_CANDIDATE = re.compile(r"\d[a-z]?[ \t]?[/\-\u2010\u2011\u2013]")  # cheap first pass: a digit before '/' or '-'
_NOT_BEFORE = frozenset("0123456789abcdefghijklmnopqrstuvwxyz/.-")
_OVERLONG_TAIL = re.compile(r"[ \t]?(?:(?:19|20)\d\d[ \t]?/[ \t]?)?[a-z]{1,8}")  # '…999/QĐ-UBND': it meant a symbol


def find_numbered(text: str, folded: str, lex: Lexicon, start: int = 0, end: int | None = None,
                  overlong: list[tuple[int, int]] | None = None) -> list[Hit]:
    """Every numbered symbol with its word, date, issuer phrase and title.

    A digit run longer than MAX_NUMBER_DIGITS before a symbol is no document number: its span is
    appended to `overlong` (when given) so the caller can flag it; the walk back over it is capped."""
    end = len(folded) if end is None else end
    hits: list[Hit] = []
    done = start
    for c in _CANDIDATE.finditer(folded, start, end):
        s = c.start()
        if s < done:
            continue
        floor = max(start, s - MAX_NUMBER_DIGITS + 1)  # s is the number's last digit
        while s > floor and folded[s - 1].isdigit():
            s -= 1
        if s == floor and s > start and folded[s - 1].isdigit():
            tail = _OVERLONG_TAIL.match(folded, c.end(), min(end, c.end() + 40))
            if overlong is not None and folded[c.end() - 1] == "/" and tail:
                lo = s
                while lo > max(start, done) and folded[lo - 1].isdigit():
                    lo -= 1  # linear over the run once: `done` moves past it below
                overlong.append((lo, c.end()))
            done = c.end()
            continue
        if s - 2 >= start and folded[s - 1] == " " and folded[s - 2].isdigit() and c.start() - s < 3:
            s2 = s - 1  # OCR split a number: "1 8/QĐ"
            while s2 > start and folded[s2 - 1].isdigit():
                s2 -= 1
            if s - 1 - s2 <= 2 and (s2 == start or folded[s2 - 1] not in _NOT_BEFORE):
                s = s2
        if s > start and folded[s - 1] in _NOT_BEFORE:
            continue
        m = SYMBOL_RX.match(folded, s, end)
        if m is None:
            continue
        done = m.end()
        hit = _symbol_hit(m, text, folded, lex)
        if hit is not None:
            hits.append(hit)
    _chain_lists(hits, folded)
    _lead_dates(hits, folded, lex)
    return hits


_SENTENCE_END = re.compile(r"[;\n]|\.(?=\s)")  # not the dots of '11.03.2021'
_SENTENCE_START = re.compile(r"[\s|*_>\-–•(]*ngay\s*(?:" + _DATE_NUM + "|" + _DATE_WORDS + r")\s*,?\s")


def _lead_dates(hits: list[Hit], folded: str, lex: Lexicon) -> None:
    """'Ngày 11/03/2021, UBND tỉnh đã ban hành Kế hoạch số 47/KH-UBND ...': a sentence opened by a
    date gives it to the first document the sentence names, when that one has none after it and
    an issuing verb stands right before it (not 'Ngày 15/3, hội nghị quán triệt Nghị quyết ...')."""
    prev_end = 0
    for h in hits:
        lo = max(0, h.start - 240)
        cuts = [m.end() for m in _SENTENCE_END.finditer(folded, lo, h.start)]
        start = cuts[-1] if cuts else (0 if lo == 0 else -1)
        ok = start >= 0 and prev_end <= start and h.date is None and h.date_year is None and not h.bad_date
        prev_end = h.end
        if not ok:
            continue
        m = _SENTENCE_START.match(folded, start, h.start)
        if m and lex.issuing_rx is not None and lex.issuing_rx.search(folded, max(m.end(), h.start - 48), h.start):
            hit_date, bad = _date_from(m)
            if bad is None:
                h.date, h.date_year = hit_date, int(hit_date[:4])
                h.date_span = (m.start("d") if m.group("d") else m.start("d2"), m.end())
                h.notes.append("lead-date")


def _word_before(folded: str, pos: int, lex: Lexicon) -> tuple[str, int] | None:
    """The document word ending just before `pos` ("Quyết định số ", "Nghị định: số "): (type, start)."""
    lo = max(0, pos - 48)
    t = folded[lo:pos].rstrip(" \t\r\n:.")
    cut = max(t.rfind(" "), t.rfind("\n"), t.rfind("\r"), t.rfind("\t"))
    numbered = t[cut + 1:] in lex.number_words
    if numbered:
        t = t[:cut + 1].rstrip(" \t\r\n:.")
    # list numbering or bullets glued to the word ('1Nghị định', '-Quyết định') are not part of it
    toks = [tk.lstrip("(\"“'[*_-+•0123456789.)") or tk for tk in t.split()[-6:]]
    # with 'số', one or two plain words may qualify the document word: 'Văn bản chỉ đạo số 398'
    for drop in ((0, 1, 2) if numbered else (0,)):
        head = toks[:len(toks) - drop]
        if drop and not all(tk.isalpha() for tk in toks[len(toks) - drop:]):
            break
        for n in range(min(4, len(head)), 0, -1):
            key = " ".join(head[-n:])
            if key in lex.word_type:
                idx = len(t)
                for tok in reversed(toks[len(head) - n:]):
                    idx = t.rfind(tok, 0, idx)
                return lex.word_type[key], lo + idx
    return None


def find_bare_numbers(text: str, folded: str, lex: Lexicon, taken: list[tuple[int, int]]) -> list[Hit]:
    """'Quyết định số 35 ngày 22/1/2024 của Bộ Nội vụ': a document word, a number with no symbol,
    a date and a known issuer phrase right after it. All three are needed: without them a bare
    number ('Quyết định số 765', a defined short form) names no document on its own."""
    if lex.bare_number_rx is None:
        return []
    out: list[Hit] = []
    starts = [a for a, _ in taken]
    ends = [b for _, b in taken]
    for m in lex.bare_number_rx.finditer(folded):
        s, e = m.start(), m.end()
        i = bisect.bisect_left(starts, e)  # taken spans are sorted and do not overlap
        if i and ends[i - 1] > s:
            continue
        dm = DATE_AFTER_RX.match(folded, e, min(len(folded), e + 60))
        if not dm or not dm.group(0).lstrip(" ,").startswith("ngay"):
            continue
        cm = lex.context_rx.match(folded, dm.end(), min(len(folded), dm.end() + 120))
        if not cm:
            continue
        scope, issuer = lex.context_map.get(re.sub(r"\s+", " ", cm.group("phrase")), (None, None))
        if issuer is None:
            continue
        word_type = lex.word_type.get(" ".join(m.group("word").split()))
        hit = Hit(start=s, end=cm.end(), via="number", number=m.group("num"), doc_type=word_type,
                  issuer=issuer, issuer_known=True, word_type=word_type, context_scope=scope,
                  context_issuer=issuer, notes=["no-symbol"])
        if cm.group("prov"):
            hit.context_province = lex.province_map.get(re.sub(r"\s+", " ", cm.group("prov")))
        _take_date(hit, dm)
        hit.end = cm.end()
        _title(hit, text, folded, lex)
        out.append(hit)
    return out


def _symbol_hit(m: re.Match[str], text: str, folded: str, lex: Lexicon) -> Hit | None:
    """A symbol match -> Hit with the word before it and the date, issuer phrase, title after it.

    Codes are checked on the source text (capitals: a symbol, not a word) and repaired through
    the data (OCR 0D/OD/QP -> QĐ, BOL -> BQL); the damaged text stays in the span."""
    groups = m.groupdict()
    form = next(k for k in ("a1", "a2", "a3", "a4") if groups[k] is not None)
    a_span = m.span(form)
    b_key = "b" + form[1]
    b_span = m.span(b_key) if groups.get(b_key) is not None else None
    sym_end = m.end()
    # 'NĐ-CPngày': the copy lost the space after the symbol; cut the glued word off the last code
    last = b_span or a_span
    cut = _glued_cut(text[last[0]:last[1]], folded[last[0]:last[1]], lex)
    if cut is not None:
        sym_end = last[0] + cut
        if b_span:
            b_span = (b_span[0], sym_end)
        else:
            a_span = (a_span[0], sym_end)
    a_raw = text[a_span[0]:a_span[1]]
    b_raw = text[b_span[0]:b_span[1]] if b_span else None
    if b_raw is not None:
        b_raw = _DASHES.sub("-", b_raw)
    if not _code_ok(a_raw) or (b_raw is not None and not all(_code_ok(p) for p in b_raw.split("-"))):
        return None
    number = m.group("num").replace(" ", "")
    hit = Hit(start=m.start(), end=sym_end, via="number", number=number)
    if groups["y1"] and plausible_year(int(groups["y1"])):
        hit.symbol_year = int(groups["y1"])
    elif groups["y1"] or groups["ybad"]:  # '34/201/NQ-HĐND' lost a digit, '5/2099/QĐ-UBND' is far off
        hit.notes.append(f"malformed symbol year '{groups['y1'] or groups['ybad']}'")

    # the word before: "Quyết định số", "Văn bản số", "Nghị định" ...
    wb = _word_before(folded, m.start(), lex)
    if wb:
        hit.word_type, hit.start = wb
    line_start = folded.rfind("\n", max(0, m.start() - 160), m.start()) + 1
    prefix = folded[line_start:m.start()] if line_start else ""
    cell = folded[max(line_start, folded.rfind("\t", line_start, m.start()) + 1):m.start()] if prefix else ""
    hit.header = bool(cell) and bool(lex.header_rx.match(cell))
    if prefix and lex.adopting_rx.match(prefix):
        # the heading line itself: "(Ban hành kèm theo ...", not a wrapped sentence "ban hành kèm theo"
        lead = text[line_start:m.start()].lstrip(" \t*_[#")
        hit.adopting = lead.startswith("(") or lead[:1].isupper()

    # type and issuer from the symbol
    if form == "a1" and b_raw is None:  # 55/2022/QH15: issuer only, the type is the word's
        hit.issuer, hit.issuer_known = lex.issuer_of(a_raw)
        hit.doc_type = hit.word_type
    else:
        doc_type = lex.doc_type_of(a_raw)
        a_issuer, a_known = lex.issuer_of(a_raw)
        b_issuer, b_known = _joint_issuer(b_raw or "", lex)
        if doc_type is None and form in ("a1", "a3") and (a_known or not b_known):
            # 330/SNV-CCHC: a letter; the first code is the issuer, the rest its unit
            hit.issuer, hit.issuer_known = a_issuer, a_known
            hit.doc_type = hit.word_type or lex.letter_type
        else:
            if doc_type is None:  # a type code not in the data: trust the word, else keep it as written
                hit.unknown_type = a_raw
                doc_type = hit.word_type or a_raw.replace(" ", "")
            hit.doc_type = doc_type
            hit.issuer, hit.issuer_known = b_issuer, b_known

    # date, issuer phrase, title after the symbol
    pos = sym_end
    dm = DATE_AFTER_RX.match(folded, pos, min(len(folded), pos + 60))
    if dm:
        pos = _take_date(hit, dm)
    else:
        ym = YEAR_AFTER_RX.match(folded, pos, min(len(folded), pos + 20))
        if ym:  # "Nghị quyết số 01/NQ-CP năm 2024"
            hit.date_year = int(ym.group("y"))
            pos = ym.end()
    cm = lex.context_rx.match(folded, pos, min(len(folded), pos + 120))
    if cm:
        phrase = re.sub(r"\s+", " ", cm.group("phrase"))
        hit.context_scope, hit.context_issuer = lex.context_map.get(phrase, (None, None))
        if cm.group("prov"):
            hit.context_province = lex.province_map.get(re.sub(r"\s+", " ", cm.group("prov")))
        pos = cm.end()
        if not dm:  # "... của Thủ tướng Chính phủ ngày 06/01/2022"
            dm2 = DATE_AFTER_RX.match(folded, pos, min(len(folded), pos + 60))
            if dm2:
                pos = _take_date(hit, dm2)
    hit.end = pos
    _title(hit, text, folded, lex)
    return hit


def _glued_cut(raw: str, folded_code: str, lex: Lexicon) -> int | None:
    """Where a code glued to the next word ends: 'CPngày' -> 2; None when the code is whole.

    Only a word of the data (doc_types.json `glued_words`) is cut off, after a part in capitals."""
    if _code_ok(raw.rsplit("-", 1)[-1]):
        return None
    for word in lex.glued_words:
        if folded_code.endswith(word) and len(folded_code) > len(word):
            k = len(raw) - len(word)
            head = raw[:k]
            if head and all(_code_ok(p) for p in _DASHES.sub("-", head).split("-")):
                return k
    return None


def _take_date(hit, m) -> int:
    """Record the date matched after a symbol on the hit; returns where the match ends."""
    hit.date, hit.bad_date = _date_from(m)
    hit.date_year = _written_year(m)
    hit.date_span = (m.start("d") if m.group("d") else m.start("d2"), m.end())
    return m.end()


def _joint_issuer(raw: str, lex: Lexicon) -> tuple[str | None, bool]:
    """'UBND' -> UBND; joint issuers 'BTC-BNV' keep every part, each repaired."""
    return _joint_issuer_cached(raw)


@lru_cache(maxsize=4096)
def _joint_issuer_cached(raw: str) -> tuple[str | None, bool]:
    from ccompare.citations.lexicon import lexicon

    lex = lexicon()
    if not raw:
        return None, False
    parts = [lex.issuer_of(p) for p in raw.split("-") if p.strip()]
    if len(parts) > 1 and parts[0][1] and not any(k for _, k in parts[1:]):
        return parts[0]  # 'QĐ-UBND-HC': the unit code after the issuer names no other issuer
    return "-".join(p for p, _ in parts), all(k for _, k in parts)


def _title(hit: Hit, text: str, folded: str, lex: Lexicon) -> None:
    """'... ban hành Kế hoạch X;' -> title, and the named document X for later mentions."""
    tm = lex.title_rx.match(folded, hit.end, min(len(folded), hit.end + 300))
    if not tm:
        return
    t_start = tm.start("verb")
    limit = min(len(text), t_start + 320)
    sm = _TITLE_STOP.search(text, tm.end(), limit)
    t_end = sm.start() if sm else limit
    raw = text[t_start:t_end]
    title = " ".join(_strip_tags(raw).split()).strip(" ,:–-")
    if len(title) < 6:
        return
    hit.title = title
    hit.title_end = t_end
    body_start = tm.end()
    if lex.named_kind_rx.match(folded, body_start, t_end):
        hit.defined_name = (body_start, t_end)


def _strip_tags(s: str) -> str:
    return re.sub(r"<[^>]{0,200}>", " ", s)


def _chain_lists(hits: list[Hit], folded: str) -> None:
    """'các Văn bản số 1/SNV-CCHC, 2/SNV-CCHC': later items share the word and the issuer phrase."""
    for prev, cur in zip(hits, hits[1:], strict=False):
        gap = folded[prev.end:cur.start]
        if len(gap) > 12 or not LIST_GAP_RX.match(gap):
            continue
        if cur.word_type is None and prev.word_type is not None:
            cur.word_type = prev.word_type
            if cur.doc_type is None:
                cur.doc_type = prev.word_type
            cur.notes.append("shared-word")
        cur.notes.append("list")
    for prev, cur in reversed(list(zip(hits, hits[1:], strict=False))):
        if "list" not in cur.notes:
            continue
        if prev.context_scope is None and cur.context_scope is not None:
            prev.context_scope, prev.context_issuer = cur.context_scope, cur.context_issuer
            prev.context_province = prev.context_province or cur.context_province
        if prev.date is None and prev.date_year is None and cur.date is not None and "shared-word" in cur.notes:
            # "các Quyết định số 1/QĐ-UBND, 2/QĐ-UBND ngày 02/01/2025": the date is both's
            prev.date, prev.date_year = cur.date, cur.date_year
        elif prev.date is None and prev.date_year is None and cur.date is None and cur.date_year is not None \
                and not prev.bad_date and not cur.bad_date:
            # "Nghị quyết số 01/NQ-CP, Nghị quyết số 02/NQ-CP năm 2025": the year is both's
            prev.date_year = cur.date_year


def find_named(text: str, folded: str, lex: Lexicon, matchers=(), start: int = 0,
               end: int | None = None) -> tuple[list[Hit], list[Hit]]:
    """Laws cited by name and named documents, in one pass over the source text.

    `lex.named_rx` finds the words a law ('luật', 'bộ luật' ...) or a named document ('kế hoạch',
    'chương trình', 'đề án' ...) starts with; only capitalised ones in the source are tried.
    Returns (laws, names); names are resolved by the first of `matchers` whose pattern matches.
    """
    end = len(folded) if end is None else end
    laws: list[Hit] = []
    names: list[Hit] = []
    law_done = name_done = start
    for m in lex.named_rx.finditer(text, start, end):
        s = m.start()
        e = m.end()
        if (s > 0 and folded[s - 1] in _WORD_CHARS) or (e < len(folded) and folded[e] in _WORD_CHARS):
            continue
        kind = " ".join(folded[s:e].split())
        if kind in lex.law_kinds:
            if s >= law_done:
                hit = _law_hit(m, text, folded, lex)
                if hit is not None:
                    laws.append(hit)
                    law_done = hit.title_end or hit.end
            continue
        if s < name_done:
            continue
        for matcher in matchers:
            found = matcher.match(folded, s, end)
            if found is not None:
                e, doc = found
                names.append(Hit(start=s, end=e, via="alias", alias=doc, name=" ".join(text[s:e].split())))
                name_done = e
                break
    return laws, names


_WORD_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")


def _law_hit(m: re.Match[str], text: str, folded: str, lex: Lexicon) -> Hit | None:
    """'Luật Thi đua, khen thưởng năm 2022', 'Bộ luật Lao động', 'Hiến pháp năm 2013'."""
    kind = " ".join(folded[m.start():m.end()].split())
    doc_type, issuer, bare = lex.law_kinds[kind]
    name_start = m.end()
    am = lex.amending_rx.match(folded, name_start)
    if am:
        name_end = _amending_end(text, folded, am.end())
    else:
        name_end = _law_name_end(text, folded, name_start, lex)
    if name_end is None:
        if not bare:
            return None
        name_start, name_end = m.start(), m.end()
    name = " ".join(text[name_start:name_end].split())
    hit = Hit(start=m.start(), end=name_end, via="name", doc_type=doc_type, issuer=issuer,
              issuer_known=True, name=name or None, title_end=name_end)
    pos = name_end
    nm = LAW_NOTE_RX.match(folded, pos)
    if nm:
        pos = nm.end()
    dm = LAW_DATE_RX.match(folded, pos, min(len(folded), pos + 40))
    if dm:
        if dm.group("y3"):
            hit.symbol_year = int(dm.group("y3"))
        else:
            hit.date, hit.bad_date = _date_from(dm)
            hit.date_year = _written_year(dm)
        pos = dm.end()
    hit.end = pos if (nm or dm) else name_end
    return hit


def _amending_end(text: str, folded: str, pos: int) -> int:
    """'Luật sửa đổi, bổ sung một số điều của Luật A và Luật B' ends before its date or clause end."""
    limit = min(len(text), pos + 220)
    sm = _AMENDING_STOP.search(folded, pos, limit)
    end = sm.start() if sm else limit
    return pos + len(text[pos:end].rstrip(" ,"))


_AMENDING_STOP = re.compile(r"\s*(?:,\s*)?(?:ngay|so)\s+\d|\s+nam\s+" + _YEAR + r"|[;.(\t]|\n\s*\n")
_NEXT_WORD = re.compile(r"[ ]*\n?[ ]*(\S+)")
_NEXT_CHAR = re.compile(r"\s+(\S)")


def _law_name_end(text: str, folded: str, pos: int, lex: Lexicon) -> int | None:
    """End of a law name: a known name from the data, then words up to a stop word or mark."""
    i = pos
    while i < len(text) and text[i] == " ":
        i += 1
    if i == pos or i >= len(text) or not text[i].isupper():
        return None
    km = lex.known_law_rx.match(folded, i)
    j = km.end() if km else i
    taken = 1 if km else 0
    while j < len(text) and taken < 12:
        if taken and text[j] not in " \n":
            break
        wm = _NEXT_WORD.match(text, j)
        if not wm:
            break
        word = wm.group(1)
        core = word.rstrip(",;.:)\"”")
        low = core.lower()
        if not core or not core[0].isalpha():
            break
        if taken:
            if low in lex.law_stops or folded[wm.start(1):wm.start(1) + len(core)] in ("ngay", "nam", "so"):
                break
            if low == "và":
                nxt = _NEXT_CHAR.match(text, wm.end())
                if nxt is None or nxt.group(1).isupper():
                    break
            if core[0].isupper() and _starts_doc_word(folded, wm.start(1), lex):
                break
        j = wm.start(1) + len(core)
        taken += 1
        if core != word:  # punctuation ended the name
            break
    return j if j > i else None


def _starts_doc_word(folded: str, pos: int, lex: Lexicon) -> bool:
    return any(folded.startswith(w, pos) and not folded[pos + len(w):pos + len(w) + 1].isalpha()
               for w in lex.word_type)


_TOKEN_RX = re.compile(r"[a-z0-9]+")
_TOKEN_GAP = re.compile(r"[\s,“”\"'()\[\]\-\u2010\u2011\u2013]*")


def name_tokens(folded_name: str, lex: Lexicon) -> tuple[str, ...]:
    """A folded name as comparable words: abbreviations expanded, province names after 'tỉnh' dropped."""
    return tuple(t for t, _ in _words(folded_name, 0, len(folded_name), lex))


def _words(folded: str, start: int, end: int, lex: Lexicon):
    """Yield (word, end offset) over folded[start:end] with the name normalisation, up to a clause break."""
    prev_end = None
    after_place = False  # the last word was 'tỉnh' / 'thành phố': a province name may follow
    it = _TOKEN_RX.finditer(folded, start, end)
    pending: list[re.Match[str]] = []
    while True:
        m = pending.pop(0) if pending else next(it, None)
        if m is None:
            return
        if prev_end is not None and not _TOKEN_GAP.fullmatch(folded, prev_end, m.start()):
            return
        word = m.group()
        if after_place:
            after_place = False
            look = [m]
            while len(look) < 4:
                nxt = next(it, None)
                if nxt is None:
                    break
                look.append(nxt)
            skip = 0
            for n in range(len(look), 0, -1):
                if " ".join(x.group() for x in look[:n]) in lex.province_map:
                    skip = n
                    break
            pending = look[skip:]
            if skip:
                prev_end = look[skip - 1].end()
                continue
            m = pending.pop(0)
            word = m.group()
        prev_end = m.end()
        expansion = lex.abbreviation_of.get(word)
        if expansion:
            for i, w in enumerate(expansion):
                yield w, (m.end() if i == len(expansion) - 1 else -1)
            continue
        yield word, m.end()
        after_place = word == "tinh" or (word == "pho" and folded[max(0, m.start() - 6):m.start()].rstrip()
                                          .endswith("thanh"))


class TokenMatcher:
    """Named documents matched word by word through a trie (no regex to compile per document)."""

    _END = "\x00"

    def __init__(self, docs, lex: Lexicon):
        from ccompare.read.fold import fold

        self.lex = lex
        self.trie: dict = {}
        for doc in docs:
            for name in doc.names:
                toks = name_tokens(fold(name), lex)
                if len(toks) < 2:
                    continue
                node = self.trie
                for t in toks:
                    node = node.setdefault(t, {})
                node.setdefault(self._END, doc)

    def match(self, folded: str, pos: int, end: int):
        """(end offset, document) of the longest known name starting at pos, or None."""
        node = self.trie
        best = None
        for word, w_end in _words(folded, pos, end, self.lex):
            node = node.get(word)
            if node is None:
                break
            if self._END in node and w_end >= 0:
                best = (w_end, node[self._END])
        return best
