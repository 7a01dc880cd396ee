"""From hits to Citations: scope-aware identities, self-references, conflicts, corpus links.

A document's identity (DESIGN.md) is `vn/<type>/<issuer>/<number>/<year>` for national
documents and `<province>/<type>/<issuer>/<number>/<year>` for provincial ones, with codes
folded to ASCII. Laws cited by name have no number: their name (as an ASCII slug) takes the
number's place so every mention of the same law meets in one node. An unknown year or
province is written `null` / `unknown` in the identity.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ccompare.citations.find import Hit, TokenMatcher, find_bare_numbers, find_named, find_numbered
from ccompare.citations.lexicon import Lexicon, ascii_code, lexicon, phrase_pattern
from ccompare.datafiles import load_json
from ccompare.read.fold import fold
from ccompare.schema import Citation, Flag, Plan

FLAG_KINDS = frozenset(
    {"citation-year-conflict", "citation-date-conflict", "heading-number-mismatch", "citation-malformed"}
)


@dataclass(frozen=True)
class KnownDocument:
    """A document that can be cited by name: a national programme or a corpus plan."""

    names: tuple[str, ...]
    number: str | None
    doc_type: str | None
    issuer: str | None
    date: str | None
    year: int | None
    scope: str | None
    province: str | None
    target: str
    title: str | None
    optional_province: bool = False


# ---------------------------------------------------------------- identities

@lru_cache(maxsize=8192)
def number_key(number: str) -> str:
    """'06' -> '6', '1 8' -> '18', '30c' -> '30c': one key for the ways a number is written."""
    n = number.replace(" ", "").lower()
    m = re.match(r"0*(\d+)(.*)\Z", n)
    return (m.group(1) + m.group(2)) if m else n


@lru_cache(maxsize=4096)
def slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(name)))


def make_target(scope: str | None, province: str | None, doc_type: str | None, issuer: str | None,
                number: str | None, year: int | None) -> str:
    """The identity of DESIGN.md; a part the text does not give takes the fallback of
    data/doc_types.json `identity_fallback` (type VB, issuer/province unknown, number unnamed),
    so only the year, as the contract says, may be `null`."""
    fb = _fallback()
    prefix = "vn" if scope == "national" else (province or fb["issuer"])
    parts = [prefix, _segment(doc_type) or fb["doc_type"], _segment(issuer) or fb["issuer"],
             _segment(number) or fb["number"], str(year) if year else "null"]
    return "/".join(parts)


@lru_cache(maxsize=1)
def _fallback() -> dict[str, str]:
    return load_json("doc_types.json")["identity_fallback"]


@lru_cache(maxsize=4096)
def _segment(code: str | None) -> str:
    """A code as an identity segment: ASCII, no '/' or blanks (a code as written may hold them)."""
    return re.sub(r"[\s/]+", "", ascii_code(code)) if code else ""


def _year_of(date: str | None) -> int | None:
    return int(date[:4]) if date else None


def scope_of(issuer: str | None, context_scope: str | None, lex: Lexicon) -> str | None:
    """Known code first, then the issuer phrase in the text, then the code's shape."""
    if issuer:
        first = issuer.split("-")[0]
        known = lex.scope_of_issuer(first)
        if known:
            return known
    if context_scope:
        return context_scope
    if issuer:
        return lex.scope_by_pattern(issuer.split("-")[0]) or "provincial"
    return None


def document_identity(plan: Plan) -> str | None:
    """The identity of the document a plan is (its decision or its own number), if numbered."""
    if not plan.number:
        return None
    lex = lexicon()
    scope = scope_of(plan.issuer, None, lex) or "provincial"
    year = _year_of(plan.date) or plan.year
    return make_target(scope, None if scope == "national" else plan.province, plan.doc_type,
                       plan.issuer, number_key(plan.number), year)


# ---------------------------------------------------------------- named documents

@lru_cache(maxsize=1)
def _programmes() -> tuple[KnownDocument, ...]:
    out = []
    for p in load_json("aliases.json")["programmes"]:
        year = _year_of(p.get("date"))
        scope = p.get("scope", "national")
        out.append(KnownDocument(
            names=tuple(p["names"]), number=p["number"], doc_type=p["doc_type"], issuer=p["issuer"],
            date=p.get("date"), year=year, scope=scope, province=p.get("province"),
            target=make_target(scope, p.get("province"), p["doc_type"], p["issuer"], number_key(p["number"]), year),
            title=p.get("title"),
        ))
    return tuple(out)


@dataclass(frozen=True)
class NameMatcher:
    """Names compiled to one pattern (the data's programme names, with optional words)."""

    rx: re.Pattern[str]
    facts: dict[str, KnownDocument]

    def match(self, folded: str, pos: int, end: int) -> tuple[int, KnownDocument] | None:
        m = self.rx.match(folded, pos, end)
        if m is None or m.lastgroup is None:
            return None
        return m.end(), self.facts[m.lastgroup]


def _compile_names(docs: Sequence[KnownDocument]) -> NameMatcher | None:
    return _compile_names_cached(tuple(docs))


@lru_cache(maxsize=256)
def _compile_names_cached(docs: tuple[KnownDocument, ...]) -> NameMatcher | None:
    alts, facts = [], {}
    for k, doc in enumerate(docs):
        for j, name in enumerate(doc.names):
            key = f"n{k}_{j}"
            alts.append(f"(?P<{key}>{phrase_pattern(name, optional_province=doc.optional_province)})")
            facts[key] = doc
    if not alts:
        return None
    return NameMatcher(re.compile("|".join(alts)), facts)


@lru_cache(maxsize=1)
def _programme_matcher() -> NameMatcher | None:
    return _compile_names(_programmes())


_CLEAN_NAME = re.compile(r"^[\s“”\"'(]+|[\s“”\"'.,;:)]+$")


def _name_ok(name: str) -> bool:
    """A name specific enough to stand for one document: several words and a year or length."""
    words = re.findall(r"\w+", name)
    return len(words) >= 4 and (bool(re.search(r"\b(?:19|20)\d\d\b", name)) or len(words) >= 7)


def corpus_names(plan: Plan) -> tuple[str, ...]:
    """How other documents name this plan: its title, led by the kind of document it is."""
    if not plan.title:
        return ()
    lex = lexicon()
    title = " ".join(plan.title.split())
    folded = fold(title)
    m = lex.title_rx.match(folded)
    if m and m.group("verb").startswith(("ban hanh", "phe duyet", "ve viec")):
        title, folded = title[m.end():], folded[m.end():]
    if not lex.named_kind_rx.match(folded):
        if plan.kind not in ("plan", "decision+plan"):
            return ()
        title = "Kế hoạch " + title[:1].lower() + title[1:]
    title = _CLEAN_NAME.sub("", title)
    return (title,) if _name_ok(title) else ()


def corpus_document(plan: Plan) -> KnownDocument | None:
    names = corpus_names(plan)
    if not names:
        return None
    target = document_identity(plan) or plan.id
    lex = lexicon()
    scope = scope_of(plan.issuer, None, lex) or "provincial"
    return KnownDocument(
        names=names, number=plan.number, doc_type=plan.doc_type, issuer=plan.issuer, date=plan.date,
        year=_year_of(plan.date) or plan.year, scope=scope,
        province=None if scope == "national" else plan.province, target=target, title=names[0],
        optional_province=True,
    )


# ---------------------------------------------------------------- cite

def cite(src, plan: Plan) -> tuple[tuple[Citation, ...], tuple[Flag, ...]]:
    """The documents a plan cites, in document order, and the flags their forms raise."""
    return _cite(src, plan, ())


def _cite(src, plan: Plan, corpus: Sequence[KnownDocument]) -> tuple[tuple[Citation, ...], tuple[Flag, ...]]:
    lex = lexicon()
    text, folded = src.text, src.folded
    own = document_identity(plan)

    # numbered symbols first: their titles name documents that later mentions may use
    overlong: list[tuple[int, int]] = []
    numbered = [h for h in find_numbered(text, folded, lex, overlong=overlong) if not h.header]
    numbered = _drop_truncated_repeats(numbered, folded)
    bare = find_bare_numbers(text, folded, lex, sorted((h.start, h.end) for h in numbered))
    if bare:
        numbered = sorted([*numbered, *bare], key=lambda h: h.start)
    first = {id(h): _numbered_citation(h, text, plan, lex) for h in numbered}
    definitions = []
    for h in numbered:
        if not h.adopting and (h.defined_name or _PRE_ATTACH_HINT.search(folded, max(0, h.start - 40), h.start)):
            d = _definition(h, first[id(h)], text, folded, lex)
            if d is not None and d.target != own:
                definitions.append(d)
    extra = [d for d in [*definitions, *corpus] if d.target != own]
    matchers = [m for m in (_programme_matcher(), TokenMatcher(extra, lex) if extra else None) if m is not None]
    laws, named = find_named(text, folded, lex, matchers)

    flags: list[Flag] = []
    found: list[tuple[Hit, Citation]] = []
    merged = _merge_law_names(numbered, laws, folded)
    for h in numbered:
        c = first[id(h)] if not h.notes or "law" not in h.notes else _numbered_citation(h, text, plan, lex)
        if _is_self(c, plan):
            continue
        if h.adopting:
            if plan.number and c.number and number_key(c.number) != number_key(plan.number):
                flags.append(Flag(
                    "heading-number-mismatch",
                    f"the plan heading says it is adopted by '{c.raw}', but the decision's own number "
                    f"is {plan.number}", c.span))
            continue
        found.append((h, c))
        flags.extend(_hit_flags(h, c))
    for h in laws:
        if id(h) not in merged:
            found.append((h, _law_citation(h, text)))

    taken = sorted(c.span for _, c in found)
    for h in named:
        doc: KnownDocument = h.alias
        if doc.target == own or _overlaps(taken, h.start, h.end):
            continue
        if _names_same_as_numbered(h, doc, found, folded, lex):
            continue
        found.append((h, _alias_citation(h, doc, text)))

    for s, e in overlong:
        flags.append(Flag("citation-malformed", f"a number of {e - s - 1} characters before a symbol "
                          f"('{text[max(s, e - 12):e]}...') is not a document number: not read", (s, e)))
    citations = _fill_years([c for _, c in sorted(found, key=lambda hc: (hc[1].span[0], hc[1].span[1]))])
    flags.extend(_date_conflicts(citations))
    flags.sort(key=lambda f: (f.span or (0, 0), f.kind))
    return tuple(citations), tuple(flags)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Any of the sorted spans overlapping [start, end)."""
    i = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 8):i])


_LAW_NUMBER_GAP = re.compile(r"[\s,]*(?:s[oe6b0]\s*)?")
_LAW_TYPES = frozenset({"L", "PL", "HP"})


def _number_start(h: Hit, folded: str) -> int:
    """Where the number of a hit starts (its span may open with the word: 'luật số 87/...')."""
    m = re.search(r"\d", folded[h.start:h.end])
    return h.start + m.start() if m else h.start


def _merge_law_names(numbered: list[Hit], laws: list[Hit], folded: str) -> set[int]:
    """'Luật Tổ chức chính quyền địa phương số 77/2015/QH13': one numbered citation with a title."""
    by_end = {law.end: law for law in laws}
    merged: set[int] = set()
    for h in numbered:
        if h.word_type is not None and h.word_type not in _LAW_TYPES:
            continue
        # a law's name ending in '... pháp luật' leaves the word 'luật' before the number
        for end in range(max(0, h.start - 12), h.end):
            law = by_end.get(end)
            if law is not None and law.start < h.start and _LAW_NUMBER_GAP.fullmatch(folded, end, h.start) \
                    or (law is not None and law.start <= h.start < end and h.word_type == law.doc_type
                        and _LAW_NUMBER_GAP.fullmatch(folded, end, _number_start(h, folded))):
                h.start = law.start
                h.doc_type = h.doc_type or law.doc_type
                h.word_type = law.doc_type
                h.title = h.title or (law.name and f"Luật {law.name}")
                h.notes.append("law")
                merged.add(id(law))
                break
    return merged


def _numbered_citation(h: Hit, text: str, plan: Plan, lex: Lexicon) -> Citation:
    scope = scope_of(h.issuer, h.context_scope, lex)
    province = None
    if scope == "provincial":
        province = h.context_province or plan.province
    year = h.symbol_year or h.date_year
    target = make_target(scope, province, h.doc_type, h.issuer, number_key(h.number or ""), year)
    return Citation(
        raw=" ".join(text[h.start:h.end].split()), number=h.number, doc_type=h.doc_type, issuer=h.issuer,
        year=year, date=h.date, scope=scope, province=province, target=target, title=h.title,
        via="number", span=(h.start, h.end),
    )


@lru_cache(maxsize=4096)
def canonical_law_name(name: str) -> str:
    """An OCR-damaged law name ('Tiép cin thong tin') -> the known name it is closest to."""
    lex = lexicon()
    key = " ".join(fold(name).split())
    if key in lex.known_laws or len(key) < 6:
        return lex.known_laws.get(key, name)
    from rapidfuzz import fuzz, process

    best = process.extractOne(key, list(lex.known_laws), scorer=fuzz.ratio, score_cutoff=88)
    return lex.known_laws[best[0]] if best else name


def _law_citation(h: Hit, text: str) -> Citation:
    year = h.symbol_year or h.date_year
    title = " ".join(text[h.start:h.title_end or h.end].split())
    name = canonical_law_name(h.name) if h.name else None
    return Citation(
        raw=" ".join(text[h.start:h.end].split()), number=None, doc_type=h.doc_type, issuer=h.issuer,
        year=year, date=h.date, scope="national", province=None,
        target=make_target("national", None, h.doc_type, h.issuer, slug(name or title) or None, year),
        title=title, via="name", span=(h.start, h.end),
    )


def _alias_citation(h: Hit, doc: KnownDocument, text: str) -> Citation:
    return Citation(
        raw=" ".join(text[h.start:h.end].split()), number=doc.number, doc_type=doc.doc_type,
        issuer=doc.issuer, year=doc.year, date=doc.date, scope=doc.scope, province=doc.province,
        target=doc.target, title=doc.title, via="alias", span=(h.start, h.end),
    )


def _is_self(c: Citation, plan: Plan) -> bool:
    if not plan.number or not c.number or number_key(c.number) != number_key(plan.number):
        return False
    if plan.doc_type and c.doc_type and ascii_code(plan.doc_type) != ascii_code(c.doc_type):
        return False
    # 'UBND-HC': a unit code after the issuer does not make another document
    if plan.issuer and c.issuer and _first(plan.issuer) != _first(c.issuer):
        return False
    own_year = _year_of(plan.date) or plan.year
    return not (own_year and c.year and own_year != c.year)


def _first(issuer: str) -> str:
    return ascii_code(issuer).upper().split("-")[0]


_TAIL = re.compile(r"[\s.…|]*\Z")


def _drop_truncated_repeats(hits: list[Hit], folded: str) -> list[Hit]:
    """An excerpt cut inside a symbol ('2629/QĐ-T' at the very end) repeats an earlier one: drop it."""
    if not hits or not _TAIL.match(folded, hits[-1].end):
        return hits
    last = hits[-1]
    for h in hits[:-1]:
        if (h.number and last.number and number_key(h.number) == number_key(last.number)
                and h.doc_type == last.doc_type and h.issuer and last.issuer
                and h.issuer != last.issuer
                and ascii_code(h.issuer).upper().startswith(ascii_code(last.issuer).upper())):
            return hits[:-1]
    return hits


def _hit_flags(h: Hit, c: Citation) -> list[Flag]:
    out = []
    for note in h.notes:
        if note.startswith("malformed"):
            year = "the year is the date's" if c.year else "the year is unknown"
            out.append(Flag("citation-malformed", f"{c.raw}: {note}; {year}", c.span))
    if h.symbol_year and h.date and int(h.date[:4]) != h.symbol_year:
        out.append(Flag("citation-year-conflict",
                        f"'{c.raw}': the symbol says {h.symbol_year} but the date is {h.date}", c.span))
    if h.bad_date:
        out.append(Flag("citation-malformed", f"{c.raw}: {h.bad_date}", c.span))
    if h.unknown_type:
        out.append(Flag("citation-malformed", f"{c.raw}: document type '{h.unknown_type}' is not in the data"
                        + ("" if c.doc_type != h.unknown_type.replace(" ", "") else "; kept as written"), c.span))
    elif c.doc_type is None:
        out.append(Flag("citation-malformed", f"{c.raw}: no document type", c.span))
    return out


def _definition(h: Hit, c: Citation, text: str, folded: str, lex: Lexicon) -> KnownDocument | None:
    """'Quyết định số 4831/QĐ-UBND ... ban hành Chương trình X': later mentions of X cite 4831."""
    if c.via != "number":
        return None
    spans = []
    if h.defined_name:
        spans.append(h.defined_name)
    pre = _pre_attached_name(h, text, folded, lex)
    if pre:
        spans.append(pre)
    names = []
    for s, e in spans:
        name = _CLEAN_NAME.sub("", " ".join(re.sub(r"<[^>]{0,200}>", " ", text[s:e]).split()))
        if _name_ok(name):
            names.append(name)
    if not names:
        return None
    return KnownDocument(
        names=tuple(dict.fromkeys(names)), number=c.number, doc_type=c.doc_type, issuer=c.issuer,
        date=c.date, year=c.year, scope=c.scope, province=c.province, target=c.target,
        title=c.title, optional_province=True,
    )


_PRE_ATTACH_HINT = re.compile(r"ban\s+hanh|kem\s+theo")
_PRE_ATTACH = re.compile(r"(?:duoc\s+)?ban\s+hanh\s+(?:kem\s+theo|tai)\s*\Z")


def _pre_attached_name(h: Hit, text: str, folded: str, lex: Lexicon) -> tuple[int, int] | None:
    """'Chương trình X được ban hành kèm theo Nghị quyết số 76/NQ-CP' -> the span of X."""
    lo = max(0, h.start - 260)
    window = folded[lo:h.start]
    am = _PRE_ATTACH.search(window)
    if not am:
        return None
    end = lo + am.start()
    clause_lo = max(lo, *(folded.rfind(ch, lo, end) + 1 for ch in ";.\t"))
    best = None
    for km in re.finditer(r"(?<![a-z])(?:" + lex.named_kind_rx.pattern + r")", folded[clause_lo:end]):
        s = clause_lo + km.start()
        if text[s].isupper():
            best = s
            break
    return (best, end) if best is not None else None


def _names_same_as_numbered(h: Hit, doc: KnownDocument, found, folded: str, lex: Lexicon) -> bool:
    """A name that is the title of, or attached to, a numbered citation of the same document."""
    for hit, c in found:
        if c.via != "number" or c.target != doc.target:
            continue
        # inside the title that follows the citation ("... ban hành Chương trình X")
        if hit.title_end is not None and c.span[1] <= h.start < hit.title_end:
            return True
        # just before it ("Chương trình X được ban hành kèm theo Nghị quyết ...")
        if 0 <= c.span[0] - h.end <= 40 and lex.attach_rx.search(folded[h.end:c.span[0]]):
            return True
    return False


def _fill_years(citations: list[Citation]) -> list[Citation]:
    """A document cited once with its date and once without is one document: share the year."""
    years: dict[tuple, set[int]] = defaultdict(set)
    for c in citations:
        if c.year:
            years[_key(c)].add(c.year)
    out = []
    for c in citations:
        ys = years.get(_key(c), set())
        if c.year is None and len(ys) == 1:
            c = _with_year(c, next(iter(ys)))
        out.append(c)
    return out


def _key(c: Citation) -> tuple:
    """The identity without its year."""
    return tuple(c.target.split("/")[:4]) if c.target else (c.raw,)


def _with_year(c: Citation, year: int) -> Citation:
    parts = c.target.split("/") if c.target else []
    target = "/".join(parts[:4] + [str(year)]) if len(parts) == 5 else c.target
    return replace(c, year=year, target=target)


def _date_conflicts(citations: Sequence[Citation]) -> list[Flag]:
    """One number cited with two dates in the same plan."""
    first: dict[str, Citation] = {}
    out = []
    for c in citations:
        if not c.target or not c.date or c.via != "number":
            continue
        seen = first.setdefault(c.target, c)
        if seen.date != c.date:
            out.append(Flag("citation-date-conflict",
                            f"'{c.raw}': the same document is cited earlier as dated {seen.date}", c.span))
    return out


# ---------------------------------------------------------------- corpus

def link_corpus(plans: Sequence[Plan], sources: Mapping[str, object] | None = None) -> list[Plan]:
    """Second pass over a run: plans citing another corpus document by name get it resolved,
    years are shared across plans, and one number cited with different dates is flagged.

    `sources` maps plan id -> SourceText; plans whose text is missing are re-read from
    `plan.source.path` and left as they are if that fails.
    """
    docs = {p.id: corpus_document(p) for p in plans}
    out: list[Plan] = []
    for p in plans:
        src = (sources or {}).get(p.id) or _reread(p)
        if src is None:
            out.append(p)
            continue
        others = [d for pid, d in docs.items() if d is not None and pid != p.id
                  and (d.scope == "national" or d.province == p.province)]
        citations, flags = _cite(src, p, others)
        kept = tuple(f for f in p.flags if f.kind not in FLAG_KINDS)
        out.append(replace(p, citations=citations, flags=kept + flags))
    return _corpus_consistency(out)


def _reread(plan: Plan):
    from ccompare.read.errors import ReadError
    from ccompare.read.source import read_source

    try:
        src = read_source(plan.source.path)
    except (ReadError, OSError):
        return None
    return src if src.sha256 == plan.source.sha256 else None


def _corpus_consistency(plans: list[Plan]) -> list[Plan]:
    """Share years of numbered documents across plans; flag one number cited with two dates.

    Laws cited by name are left alone across plans: a law re-enacted under the same name
    (Luật Cán bộ, công chức 2008 and 2025) must not borrow another plan's year."""
    years: dict[tuple, set[int]] = defaultdict(set)
    for p in plans:
        for c in p.citations:
            if c.year and c.via != "name":
                years[_key(c)].add(c.year)
    filled = []
    for p in plans:
        cits = tuple(
            _with_year(c, next(iter(years[_key(c)])))
            if c.year is None and c.via != "name" and len(years.get(_key(c), ())) == 1 else c
            for c in p.citations
        )
        filled.append(replace(p, citations=cits) if cits != p.citations else p)
    dates: dict[str, Counter] = defaultdict(Counter)
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in filled:
        for c in p.citations:
            if c.via == "number" and c.date and c.target:
                dates[c.target][c.date] += 1
                where[(c.target, c.date)].append(p.id)
    out = []
    for p in filled:
        extra = []
        own_dates: dict[str, set[str]] = defaultdict(set)
        for c in p.citations:
            if c.via == "number" and c.date and c.target:
                own_dates[c.target].add(c.date)
        for c in p.citations:
            if c.via != "number" or not c.date or not c.target or len(dates[c.target]) < 2:
                continue
            if len(own_dates[c.target]) > 1:
                continue  # already flagged inside the plan
            common = dates[c.target].most_common()
            if c.date == common[0][0] and (len(common) < 2 or common[0][1] > common[1][1]):
                continue
            others = sorted({pid for (t, d), pids in where.items() if t == c.target and d != c.date for pid in pids})
            extra.append(Flag("citation-date-conflict",
                              f"'{c.raw}': dated {c.date} here but "
                              f"{', '.join(d for d in sorted(dates[c.target]) if d != c.date)} in "
                              f"{', '.join(others)}", c.span))
        if extra:
            p = replace(p, flags=p.flags + tuple(extra))
        out.append(p)
    return out
