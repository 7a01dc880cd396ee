"""Agencies: canonical names, list splitting, chủ trì / phối hợp assignments, roles and lineage.

Plans name the same body many ways (`Sở TT&TT`, `Sở TTTT`, `Sở Thông tin và Truyền thông`), share a
head across a list (`Các Sở: Nội vụ, Tư pháp`) and name province-specific bodies that play the same
part everywhere (`Báo Khánh Hòa`, `Báo Bình Thuận`). All names, variants and roles are data
(`data/agencies.json`, `data/departments_lineage.json`); this module only matches them.

Matching works on tokens of the folded text (`ccompare.read.fold.fold`), so OCR text without
diacritics matches too and every span points into the original text. Hyphens and dots inside a
name are optional, `&` reads as `và`, and a known name always wins over comma splitting
(`Lao động, Thương binh và Xã hội` stays one department).

A centrally-run city writes `thành phố`, `Thành ủy`, `Thành đoàn`, `quận, huyện` where a province
writes `tỉnh`, `Tỉnh ủy`, `Tỉnh đoàn`, `huyện, thị xã, thành phố`: aliases get those city spellings
from `city_levels` in the data, so `Công an thành phố` is `Công an tỉnh` in a city's plan.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from itertools import product
from typing import Any

from ccompare.datafiles import load_json
from ccompare.read.fold import fold

__all__ = [
    "Agency",
    "Assignment",
    "agency_at_start",
    "canonical",
    "parse_assignment",
    "role",
    "same_lead",
    "split_agencies",
    "successor",
]


@dataclass(frozen=True)
class Agency:
    name: str  # canonical name; unknown -> as written (cleaned)
    raw: str  # as written in the text
    known: bool  # False when not in the data
    role: str | None  # comparison key across provinces
    span: tuple[int, int] | None = None  # offsets inside the text that was parsed


@dataclass(frozen=True)
class Assignment:
    lead: tuple[str, ...]  # canonical names of chủ trì agencies, document order, no duplicates
    partners: tuple[str, ...]  # canonical names of phối hợp agencies
    unknown: tuple[str, ...]  # agency-like mentions not in the data, as written


# ---------------------------------------------------------------------------------------------
# tokens

_TOKEN = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
_SKIP_INSIDE = {"-", "–", "—", ".", "‑"}  # optional inside a name
_SEP_PUNCT = {",", ";"}


@dataclass(frozen=True)
class _Tok:
    key: str  # folded token ("&" -> "va")
    start: int
    end: int


def _key(tok: str) -> str:
    return "va" if tok == "&" else tok


def _tokens(text: str) -> tuple[_Tok, ...]:
    folded = fold(text)
    return tuple(_Tok(_key(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(folded))


def _keys(phrase: str) -> tuple[str, ...]:
    return tuple(t.key for t in _tokens(phrase) if t.key not in _SKIP_INSIDE)


class _Trie:
    """Token trie with longest-match lookup; optional punctuation inside names is skipped."""

    def __init__(self) -> None:
        self.root: dict[str, Any] = {}

    def add(self, keys: Sequence[str], value: Any) -> None:
        if not keys:
            return
        node = self.root
        for k in keys:
            node = node.setdefault(k, {})
        node.setdefault("\0", value)  # first definition wins (data order = priority)

    def has(self, keys: Sequence[str]) -> bool:
        """Whether exactly these keys are an entry."""
        node = self.root
        for k in keys:
            node = node.get(k)
            if node is None:
                return False
        return "\0" in node

    def match(self, toks: Sequence[_Tok], i: int, stop: int | None = None) -> tuple[int, Any] | None:
        """Longest match starting at token i: (index after last matched token, value)."""
        stop = len(toks) if stop is None else stop
        node = self.root
        best: tuple[int, Any] | None = None
        j = i
        while j < stop:
            k = toks[j].key
            if k in node:
                node = node[k]
                j += 1
                if "\0" in node:
                    best = (j, node["\0"])
                continue
            if j > i and k in _SKIP_INSIDE:
                j += 1
                continue
            break
        return best


class _Overlaid:
    """A shared trie and a few entries of one plan's own (its province's initials) on top: the
    same matches as one trie holding both when no key of the few is an entry of the shared one
    (keys never hold the punctuation a match skips, so both walks go token by token alike)."""

    def __init__(self, base: _Trie, extra: _Trie) -> None:
        self.base, self.extra = base, extra

    def match(self, toks: Sequence[_Tok], i: int, stop: int | None = None) -> tuple[int, Any] | None:
        a, b = self.base.match(toks, i, stop), self.extra.match(toks, i, stop)
        if a is None or b is None:
            return a or b
        return b if b[0] > a[0] else a


# ---------------------------------------------------------------------------------------------
# data


def _data() -> dict[str, Any]:
    return load_json("agencies.json")


def _lineage() -> dict[str, Any]:
    return load_json("departments_lineage.json")


def _provinces() -> list[dict[str, Any]]:
    """Province records with their aliases (data/provinces.json, shared with ccompare.provinces)."""
    return load_json("provinces.json")["provinces"]


def _slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(name)))


def _entry_role(entry: dict[str, Any]) -> str:
    return entry.get("role") or _slug(entry["name"])


@lru_cache(maxsize=1)
def _province_info() -> tuple[dict[str, str], _Trie, dict[str, str]]:
    """(slug -> display name, trie of province names -> slug, slug -> folded initials)."""
    names: dict[str, str] = {}
    trie = _Trie()
    initials: dict[str, str] = {}
    for p in _provinces():
        names[p["slug"]] = p["name"]
        for n in [p["name"], *p.get("aliases", [])]:
            trie.add(_keys(n), p["slug"])
        initials[p["slug"]] = "".join(w[0] for w in fold(p["name"]).split() if w)
    return names, trie, initials


@dataclass(frozen=True)
class _Hit:
    entry: int  # index into agencies, -1 for unknown
    province: str | None  # province slug named or implied for template bodies
    suffix: str = ""  # proper name continuing an open name (`Vân Phong`)
    city_form: bool = False  # a city spelling without the city's name (`UBND thành phố`)


@lru_cache(maxsize=1)
def _city_levels() -> tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...], bool], ...]:
    """(province form, city forms, plain level word?) as token keys, longest province form first."""
    rows = [
        (_keys(r["province"]), tuple(_keys(c) for c in r["city"]), bool(r.get("level")))
        for r in _data()["city_levels"]["forms"]
    ]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _cities() -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    """Centrally-run cities: (slug, name forms as token keys)."""
    kind = _data()["city_levels"]["province_kind"]
    return tuple(
        (p["slug"], tuple(_keys(n) for n in [p["name"], *p.get("aliases", [])]))
        for p in _provinces()
        if p.get("kind") == kind
    )


def _is_city(province: str | None) -> bool:
    return province is not None and any(slug == province for slug, _ in _cities())


def _level_words(city: bool) -> tuple[tuple[str, ...], ...]:
    """Plain level words that may follow a name: `tỉnh`, and in a city's plan `thành phố`, `TP`."""
    out: list[tuple[str, ...]] = []
    for prov, forms, plain in _city_levels():
        if plain:
            out += [prov, *(forms if city else ())]
    return tuple(sorted(out, key=len, reverse=True))


def _city_variants(keys: tuple[str, ...]) -> list[tuple[tuple[str, ...], str | None]]:
    """City spellings of a provincial alias: (keys, slug of the city named in them or None).

    `UBND tỉnh` gives `UBND thành phố`, `UBND TP` (no name) and, as the alias ends with the level,
    `UBND thành phố Cần Thơ`, `UBND TP.HCM`, ... for every centrally-run city.
    """
    levels = _city_levels()
    segs: list[tuple[str, ...] | int] = []  # literal runs and indexes into levels
    i = 0
    while i < len(keys):
        n = next((n for n, (prov, _, _) in enumerate(levels) if keys[i : i + len(prov)] == prov), None)
        if n is None:
            if segs and isinstance(segs[-1], tuple):
                segs[-1] = (*segs[-1], keys[i])
            else:
                segs.append((keys[i],))
            i += 1
        else:
            segs.append(n)
            i += len(levels[n][0])
    if not any(isinstance(s, int) for s in segs):
        return []
    options = [[s] if isinstance(s, tuple) else list(levels[s][1]) for s in segs]
    out: list[tuple[tuple[str, ...], str | None]] = [
        (tuple(k for part in combo for k in part), None) for combo in product(*options)
    ]
    last = segs[-1]
    if isinstance(last, int):
        _, forms, plain = levels[last]
        for combo in product(*options[:-1]):
            head = tuple(k for part in combo for k in part)
            for slug, names in _cities():
                for name in names:
                    if plain and any(name[: len(f)] == f for f in forms):
                        tails = [name]  # `TP.HCM`, `Thành phố Hồ Chí Minh` already carry the level
                    else:
                        tails = [f + name for f in forms]
                    out += [(head + t, slug) for t in tails]
    return out


@lru_cache(maxsize=1)
def _written_aliases() -> tuple[tuple[tuple[str, ...] | str, _Hit], ...]:
    """Every written alias of the data as (keys, hit), in data order (the first definition wins);
    an alias with the plan's own initials is kept as its `{place}` template (a str), filled per
    province by `_tries`. Built once: tokenising the aliases is most of building the tries."""
    data = _data()
    written: list[tuple[tuple[str, ...] | str, _Hit]] = []
    for idx, e in enumerate(data["agencies"]):
        for a in e["aliases"]:
            if "{place}" not in a:
                written.append((_keys(a), _Hit(idx, None)))
                continue
            for form in data["place_forms"]:
                if "{province}" in form:
                    for p in _provinces():
                        for n in [p["name"], *p.get("aliases", [])]:
                            phrase = a.replace("{place}", form.replace("{province}", n))
                            written.append((_keys(phrase), _Hit(idx, p["slug"])))
                elif "{abbr}" in form:
                    written.append((a, _Hit(idx, None)))
                else:
                    written.append((_keys(a.replace("{place}", form)), _Hit(idx, None)))
    return tuple(written)


@cache  # keys of data aliases only: bounded by the data
def _city_variants_of(keys: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], str | None], ...]:
    return tuple(_city_variants(keys))


@lru_cache(maxsize=128)  # every province before and after 2025 (63 + 34), and none
def _tries(province: str | None) -> tuple[_Trie | _Overlaid, dict[str, _Trie], _Trie, _Trie, _Trie]:
    """(alias trie, member tries by group, list-head trie, unit-head trie, non-agency trie).

    A province differs from no province only by aliases with its initials (`UBND KH`) and, for a
    centrally-run city, city spellings: other provinces share the tries of no province with
    their initials' aliases on top (building all of them once per province was most of reading
    a corpus of many provinces)."""
    if province is None or _is_city(province):
        return _build_tries(province)
    own = _province_info()[2].get(province)
    extra = [(_keys(template.replace("{place}", own)), _Hit(hit.entry, province))
             for template, hit in _written_aliases() if isinstance(template, str)] if own and len(own) > 1 else []
    shared = _tries(None)
    if not extra:
        return shared
    if any(shared[0].has(keys) for keys, _ in extra):  # the order of definitions would matter
        return _build_tries(province)
    mine = _Trie()
    for keys, hit in extra:
        mine.add(keys, hit)
    return (_Overlaid(shared[0], mine), *shared[1:])


def _build_tries(province: str | None) -> tuple[_Trie, dict[str, _Trie], _Trie, _Trie, _Trie]:
    data = _data()
    initials = _province_info()[2]
    alias = _Trie()
    members: dict[str, _Trie] = {}
    written: list[tuple[tuple[str, ...], _Hit]] = []
    own = initials.get(province) if province else None
    for keys, hit in _written_aliases():
        if isinstance(keys, str):  # `{abbr}`: the plan's own initials (`UBND KH`), when it has some
            if own and len(own) > 1:
                written.append((_keys(keys.replace("{place}", own)), _Hit(hit.entry, province)))
            continue
        written.append((keys, hit))
    for idx, e in enumerate(data["agencies"]):
        for group, forms in (e.get("members") or {}).items():
            t = members.setdefault(group, _Trie())
            for f in forms:
                t.add(_keys(f), _Hit(idx, None))
    for keys, hit in written:
        alias.add(keys, hit)
    # city spellings after all written aliases, so a written alias always wins
    city = _is_city(province)
    for keys, hit in written:
        if hit.province is not None and not _is_city(hit.province):
            continue  # `tỉnh Hà Tĩnh` names a province: no city spelling
        for vkeys, slug in _city_variants_of(keys):
            if hit.province is not None:
                if slug is None:  # `Đài PT-TH tỉnh Cần Thơ` -> `Đài PT-TH TP Cần Thơ`
                    alias.add(vkeys, hit)
            elif slug is not None:
                alias.add(vkeys, _Hit(hit.entry, slug))
            elif city:
                alias.add(vkeys, _Hit(hit.entry, None, city_form=True))
    heads = _Trie()
    for h in data["list_heads"]:
        heads.add(_keys(h["form"]), h["group"])
    units = _Trie()
    for u in data["unit_heads"]:
        units.add(_keys(u["form"]), (bool(u["loose"]), u["form"]))
    nots = _Trie()
    for n in data["not_agencies"]:
        nots.add(_keys(n), True)
    return alias, members, heads, units, nots


@lru_cache(maxsize=1)
def _phrase_tries() -> dict[str, _Trie]:
    data = _data()
    out = {}
    for key in (
        "subject_prefixes",
        "lead_markers",
        "partner_markers",
        "partner_fillers",
        "object_markers",
        "unknown_stops",
        "implicit_lead_heads",
        "unknown_weak_stops",
        "head_titles",
    ):
        t = _Trie()
        for p in data[key]:
            t.add(_keys(p), True)
        out[key] = t
    seps = _Trie()
    for s in data["list_separators"]:
        seps.add(_keys(s), True)
    out["list_separators"] = seps
    return out


@lru_cache(maxsize=1)
def _by_name() -> dict[str, int]:
    """Folded canonical name (and role) -> entry index, for role() and lineage look-ups."""
    out: dict[str, int] = {}
    for idx, e in enumerate(_data()["agencies"]):
        out.setdefault(" ".join(_keys(e["name"])), idx)
    return out


# ---------------------------------------------------------------------------------------------
# matching


def _entry_name(idx: int, province: str | None) -> str:
    e = _data()["agencies"][idx]
    name = e["name"]
    if "{province}" in name:
        names = _province_info()[0]
        name = name.replace("{province}", names[province] if province in names else "tỉnh")
    return name


def _is_upper_initial(text: str, tok: _Tok) -> bool:
    ch = text[tok.start]
    return ch.isalpha() and ch.isupper()


def _is_abbrev(text: str, tok: _Tok) -> bool:
    word = text[tok.start : tok.end]
    return len(word) >= 2 and word.isalpha() and word.isupper()


def _level_at(toks: Sequence[_Tok], j: int, stop: int, city: bool) -> int:
    """Index after a plain level word (`tỉnh`; `thành phố`, `TP` too when city) at j, else j."""
    for form in _level_words(city):
        if j + len(form) <= stop and tuple(t.key for t in toks[j : j + len(form)]) == form:
            return j + len(form)
    return j


def _extend_province(
    text: str, toks: Sequence[_Tok], j: int, stop: int, province: str | None
) -> tuple[int, str | None]:
    """Consume a trailing `tỉnh X` / `thành phố X` / `X` (province name) after a matched name.

    A bare level word is consumed too (`Sở Nội vụ tỉnh`; in a city's plan `Sở Nội vụ thành phố`),
    unless a proper name follows it (`thành phố Thủ Đức` is a city inside the city).
    """
    _, ptrie, _ = _province_info()
    k = _level_at(toks, j, stop, True)
    m = ptrie.match(toks, k + 1 if k > j and k < stop and toks[k].key == "." else k, stop)  # `TP. Cần Thơ`
    ends_with_level = any(tuple(t.key for t in toks[j - len(f) : j]) == f for f in _level_words(True) if j >= len(f))
    if m and (k > j or ends_with_level):
        return m[0], m[1]
    k = _level_at(toks, j, stop, _is_city(province))
    if k > j and not _proper_name_at(text, toks, k, stop, province):
        return k, None
    return j, None


def _proper_name_at(text: str, toks: Sequence[_Tok], j: int, stop: int, province: str | None) -> bool:
    """A Title-case word on the same line at j that starts no agency and no duty (`Thủ Đức`)."""
    if j >= stop or not toks[j].key.isalnum() or not _is_upper_initial(text, toks[j]):
        return False
    if _gap_has_newline(text, toks, j - 1, j):
        return False
    alias, _, heads, units, _ = _tries(province)
    phrases = _phrase_tries()
    tries = (alias, heads, units, phrases["lead_markers"], phrases["partner_markers"], phrases["unknown_stops"])
    return not any(t.match(toks, j, stop) for t in tries)


def _open_name_end(text: str, toks: Sequence[_Tok], j: int, stop: int) -> int:
    """A proper name continuing a generic one (`Ban Quản lý Khu kinh tế` + `Vân Phong`)."""
    k = j
    while k < stop and toks[k].key.isalnum() and _is_upper_initial(text, toks[k]):
        if "\n" in text[toks[k - 1].end : toks[k].start]:
            break
        k += 1
    return k


def _gap_has_newline(text: str, toks: Sequence[_Tok], a: int, b: int) -> bool:
    """A line or table-cell break between two tokens (names never cross one)."""
    gap = text[toks[a].end : toks[b].start]
    return "\n" in gap or "\t" in gap


def _match_known(
    text: str, toks: Sequence[_Tok], i: int, stop: int, province: str | None
) -> tuple[int, list[tuple[int, int, _Hit]]] | None:
    """Known agency or list of agencies starting at token i.

    Returns (end token index, [(first tok, end tok, hit), ...]).
    """
    alias, members, heads, _, _ = _tries(province)
    best: tuple[int, list[tuple[int, int, _Hit]]] | None = None
    m = alias.match(toks, i, stop)
    if m and m[1].city_form and _proper_name_at(text, toks, m[0], stop, province):
        m = None  # `UBND thành phố Thủ Đức`: a city inside the city, not the city's own body
    if m:
        j, hit = m
        j, prov = _extend_province(text, toks, j, stop, province)
        if prov is not None and "{province}" in _data()["agencies"][hit.entry]["name"]:
            hit = _Hit(hit.entry, hit.province or prov)
        if _data()["agencies"][hit.entry].get("open_name"):
            j2 = _open_name_end(text, toks, j, stop)
            if j2 > j:
                hit = _Hit(hit.entry, hit.province, text[toks[j].start : toks[j2 - 1].end])
                j = j2
        best = (j, [(i, j, hit)])
    h = heads.match(toks, i, stop)
    if h:
        j, group = h
        if j < stop and toks[j].key == ":":
            j += 1
        trie = members.get(group)
        items: list[tuple[int, int, _Hit]] = []
        k = j
        while trie is not None and k < stop:
            mm = trie.match(toks, k, stop)
            if not mm:
                break
            items.append((k, mm[0], mm[1]))
            k = mm[0]
            # separators between members: , ; và
            s = k
            while s < stop and toks[s].key in (",", ";", "va"):
                s += 1
            if s == k or s >= stop or not trie.match(toks, s, stop):
                break
            # a full alias at s (e.g. `Ban Quản lý ...`) ends the shared-head list
            k = s
        if items:
            end = items[-1][1]
            if best is None or end > best[0]:
                # the first member's span starts at the head so the raw text keeps it
                items[0] = (i, items[0][1], items[0][2])
                best = (end, items)
    return best


def _match_unknown(text: str, toks: Sequence[_Tok], i: int, stop: int, province: str | None) -> int | None:
    """An agency-like phrase not in the data (`Phòng Tổ chức hành chính`): end token or None."""
    _, _, _, units, nots = _tries(province)
    if nots.match(toks, i, stop):
        return None
    m = units.match(toks, i, stop)
    if not m:
        return None
    j, (loose, form) = m
    written = " ".join(text[toks[i].start : toks[j - 1].end].lower().split())
    if written != form.lower() and fold(written) != written:
        return None  # `Số`, `CÔNG` are not `Sở`, `Cổng`: diacritics, when present, must agree
    if i > 0:
        before = text[toks[i - 1].end : toks[i].start]
        if before == "" and toks[i - 1].key in ("-", "/"):
            return None  # inside a document symbol (`QĐ-UBND ngày ...`)
        prev = text[toks[i - 1].start : toks[i - 1].end]
        if before == " " and prev[:1].isupper() and prev.isalpha() and not prev.isupper():
            return None  # inside a proper name (`Vân Phong tỉnh ...`)
    head_written = text[toks[i].start : toks[j - 1].end]
    if head_written.isupper() and len(head_written) > 1 and not form.isupper():
        return None  # upper-case headings (`CƠ QUAN CHỦ TRÌ`) are not agency names
    if j >= stop or not toks[j].key.isalnum() or _gap_has_newline(text, toks, j - 1, j):
        return None
    head_cap = _is_upper_initial(text, toks[i])
    nxt_cap = _is_upper_initial(text, toks[j])
    nxt_abbr = _is_abbrev(text, toks[j])
    if not (head_cap or nxt_abbr):
        return None
    if not loose and not (nxt_cap or nxt_abbr):
        return None
    stops = _phrase_tries()["unknown_stops"]
    weak_stops = _phrase_tries()["unknown_weak_stops"]
    alias = _tries(province)[0]
    k = j
    limit = min(stop, j + 12)
    while k < limit:
        t = toks[k]
        if k > j and _gap_has_newline(text, toks, k - 1, k):
            break
        if t.key in _SKIP_INSIDE and k + 1 < limit and toks[k + 1].key.isalnum():
            k += 1
            continue
        if not t.key.isalnum():
            break
        word = text[t.start : t.end]
        title = word[:1].isupper() and not word[1:].isupper()
        if not title and stops.match(toks, k, stop):
            break  # a duty verb ends the name unless written as part of a Title-Case name
        weak = None if title else weak_stops.match(toks, k, stop)
        if weak:
            after = weak[0]
            ends_here = (
                after >= stop
                or not toks[after].key.isalnum()
                or _gap_has_newline(text, toks, after - 1, after)
                or stops.match(toks, after, stop)
            )
            if not ends_here:
                break  # `... tổng hợp báo cáo`: a verb; `Phòng Kế hoạch tổng hợp;`: a name
            k = after
            continue
        if t.key == "va" and k + 1 < stop:
            nxt = toks[k + 1]
            if nxt.key == "cac" or alias.match(toks, k + 1, stop) or units.match(toks, k + 1, stop):
                break
        k += 1
    if k == j:
        return None
    return k


def _skip_parenthetical(text: str, toks: Sequence[_Tok], j: int, stop: int) -> int:
    """Skip `( ... )` right after an agency (a unit inside it, an abbreviation)."""
    if j < stop and toks[j].key == "(":
        depth = 0
        for k in range(j, stop):
            if toks[k].key == "(":
                depth += 1
            elif toks[k].key == ")":
                depth -= 1
                if depth == 0:
                    return k + 1
            elif _gap_has_newline(text, toks, k - 1, k):
                return j
    return j


def _clean(raw: str) -> str:
    return re.sub(r"\s+", " ", raw).strip(" \t\n-–:;,.")


def _agencies_at(
    text: str, toks: Sequence[_Tok], i: int, stop: int, province: str | None
) -> tuple[int, list[Agency]] | None:
    """One agency (or a shared-head list of them) at token i; a head's title stands for the body."""
    known = _match_known(text, toks, i, stop, province)
    if not known:
        title = _phrase_tries()["head_titles"].match(toks, i, stop)
        if title and title[0] < stop and not _gap_has_newline(text, toks, title[0] - 1, title[0]):
            got = _agencies_at(text, toks, title[0], stop, province)
            if got:
                return got  # `Giám đốc Sở Nội vụ` -> Sở Nội vụ
    if known:
        end, items = known
        out = []
        for a, b, hit in items:
            s, e = toks[a].start, toks[b - 1].end
            entry = _data()["agencies"][hit.entry]
            prov = hit.province or province
            out.append(
                Agency(
                    name=" ".join(x for x in (_entry_name(hit.entry, prov), hit.suffix) if x),
                    raw=text[s:e],
                    known=True,
                    role=_entry_role(entry),
                    span=(s, e),
                )
            )
        return end, out
    end = _match_unknown(text, toks, i, stop, province)
    if end is None:
        return None
    s, e = toks[i].start, toks[end - 1].end
    raw = text[s:e]
    near = _fuzzy_known(raw)
    if near is not None:  # OCR-damaged spelling of a known body (`Ban Tuyén gido Tinh uy`)
        return end, [
            Agency(
                name=_entry_name(near, province),
                raw=raw,
                known=True,
                role=_entry_role(_data()["agencies"][near]),
                span=(s, e),
            )
        ]
    return end, [Agency(name=_clean(raw), raw=raw, known=False, role=None, span=(s, e))]


_FUZZY_MIN_SCORE = 90.0  # rapidfuzz ratio; below this OCR noise and real names get confused


@lru_cache(maxsize=1)
def _fuzzy_choices() -> tuple[list[str], list[int]]:
    keys: list[str] = []
    idx: list[int] = []
    for n, e in enumerate(_data()["agencies"]):
        for a in e["aliases"]:
            a = a.replace("{place}", "tỉnh")
            k = " ".join(_keys(a))
            if len(k) >= 10:
                keys.append(k)
                idx.append(n)
    return keys, idx


@lru_cache(maxsize=4096)
def _fuzzy_known(raw: str) -> int | None:
    """Entry index of a known agency whose alias is a near spelling of `raw`, or None."""
    from rapidfuzz import fuzz, process

    key = " ".join(_keys(raw))
    if len(key) < 10:
        return None
    keys, idx = _fuzzy_choices()
    best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN_SCORE)
    return idx[best[2]] if best else None


def _list_at(
    text: str, toks: Sequence[_Tok], i: int, stop: int, province: str | None
) -> tuple[int, list[Agency]] | None:
    """Consecutive agencies separated by `,` `;` `và` starting at token i; end is after the last."""
    first = _agencies_at(text, toks, i, stop, province)
    if first is None:
        return None
    end, out = first
    end = _skip_parenthetical(text, toks, end, stop)
    seps = _phrase_tries()["list_separators"]
    while end < stop:
        k = end
        while k < stop:
            m = seps.match(toks, k, stop)
            if not m:
                break
            k = m[0]
        if k == end or k >= stop:
            break
        nxt = _agencies_at(text, toks, k, stop, province)
        if nxt is None:
            break
        end, more = nxt
        end = _skip_parenthetical(text, toks, end, stop)
        out.extend(more)
    return end, out


def _dedupe(agencies: Sequence[Agency]) -> tuple[Agency, ...]:
    seen: set[str] = set()
    out = []
    for a in agencies:
        if a.name not in seen:
            seen.add(a.name)
            out.append(a)
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# public API: names


def canonical(mention: str, province: str | None = None) -> str | None:
    """Canonical name of a whole mention (`Sở TT&TT` -> `Sở Thông tin và Truyền thông`), or None."""
    toks = _tokens(mention)
    if not toks:
        return None
    known = _match_known(mention, toks, 0, len(toks), province)
    if not known:
        near = _fuzzy_known(mention) if len(mention) < 120 else None
        return None if near is None else _entry_name(near, province)
    end, items = known
    rest = [t for t in toks[end:] if t.key not in (".", ",", ";", ":")]
    if rest or len(items) != 1:
        return None
    hit = items[0][2]
    return " ".join(x for x in (_entry_name(hit.entry, hit.province or province), hit.suffix) if x)


def role(name: str) -> str | None:
    """Comparison key of a canonical name or any known variant (None when unknown)."""
    idx = _by_name().get(" ".join(_keys(name)))
    if idx is not None:
        return _entry_role(_data()["agencies"][idx])
    toks = _tokens(name)
    if not toks:
        return None
    known = _match_known(name, toks, 0, len(toks), None)
    if known and known[0] == len(toks) and len(known[1]) == 1:
        return _entry_role(_data()["agencies"][known[1][0][2].entry])
    return None


def is_known(name: str, province: str | None = None) -> bool:
    """Whether the agency data knows this name (a canonical body or a role)."""
    return role(name) is not None or canonical(name, province) is not None


def split_agencies(text: str, province: str | None = None) -> tuple[Agency, ...]:
    """Every agency mentioned in a cell or sentence, in order, lists split into members.

    Unknown agency-like phrases are kept (known=False). Parenthetical sub-units right after an
    agency (`Văn phòng UBND tỉnh (Trung tâm ...)`) are not returned separately.
    """
    toks = _tokens(text)
    out: list[Agency] = []
    i, n = 0, len(toks)
    while i < n:
        got = _agencies_at(text, toks, i, n, province)
        if got is None:
            i += 1
            continue
        end, ags = got
        out.extend(ags)
        i = max(_skip_parenthetical(text, toks, end, n), i + 1)
    return tuple(out)


_BULLET_START = re.compile(r"\s*(?:(?:[-–•+*]|\(?\d+(?:\.\d+)*[.)]|\(?[a-zđ][)])\s*)*")


def _skip_prefixes(toks: Sequence[_Tok], i: int, stop: int) -> int:
    prefixes = _phrase_tries()["subject_prefixes"]
    while i < stop:
        m = prefixes.match(toks, i, stop)
        if not m:
            break
        i = m[0]
        while i < stop and toks[i].key in (":", ","):
            i += 1
    return i


def _first_token_at(toks: Sequence[_Tok], offset: int) -> int:
    for k, t in enumerate(toks):
        if t.start >= offset:
            return k
    return len(toks)


def agency_at_start(text: str, province: str | None = None) -> tuple[tuple[Agency, ...], int] | None:
    """The agency or agency list a text starts with, and the offset where that phrase ends.

    Leading bullets/numbering and prefixes such as `Đề nghị` are skipped; a parenthetical right
    after the list is part of the phrase. The end offset excludes a following `:`.
    None when the text does not start with an agency.
    """
    toks = _tokens(text)
    m = _BULLET_START.match(text)
    i = _first_token_at(toks, m.end() if m else 0)
    i = _skip_prefixes(toks, i, len(toks))
    got = _list_at(text, toks, i, len(toks), province)
    if got is None:
        return None
    end, ags = got
    return _dedupe(ags), toks[end - 1].end


# ---------------------------------------------------------------------------------------------
# assignments


@dataclass
class _Clause:
    subjects: list[Agency]
    lead_marked: bool
    leads: list[Agency]  # agencies after an explicit `Chủ trì:`
    partners: list[Agency]


def _bullet_starts(text: str, toks: Sequence[_Tok], province: str | None) -> list[int]:
    """Token indices where a bullet (`- `, `+ `, `•`) starts a new item, outside agency names."""
    spans = sorted(a.span for a in split_agencies(text, province) if a.span)
    starts = [s for s, _ in spans]
    out = [0]
    for k, t in enumerate(toks):
        if t.key not in ("-", "–", "•", "+", "*"):
            continue
        j = t.start  # look back over blanks only: slicing the whole prefix made long texts quadratic
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        after = text[t.end : t.end + 1]
        at_line_start = j == 0 or text[j - 1] == "\n"
        inline = j < t.start and after in (" ", "\t")
        if not (at_line_start or inline):
            continue
        n = bisect_right(starts, t.start) - 1
        if n >= 0 and t.start < max(e for _, e in spans[max(0, n - 3) : n + 1]):
            continue
        if k + 1 < len(toks):
            out.append(k + 1)
    return sorted(set(out))


def _parse_clause(text: str, toks: Sequence[_Tok], i: int, stop: int, province: str | None) -> tuple[_Clause, int]:
    """Read one clause from token i; returns it and the token index where the next one starts."""
    tries = _phrase_tries()
    i = _skip_prefixes(toks, i, stop)
    clause = _Clause([], False, [], [])
    # `Chủ trì: X` / `Phối hợp: Y` label forms
    lm = tries["lead_markers"].match(toks, i, stop)
    if lm and lm[0] < stop and toks[lm[0]].key in (":", "-"):
        got = _list_at(text, toks, lm[0] + 1, stop, province)
        if got:
            clause.leads.extend(got[1])
            i = got[0]
    else:
        got = _list_at(text, toks, i, stop, province)
        if got and got[0] < stop and toks[got[0]].key == ":":
            # `Cổng Thông tin điện tử tỉnh: Sở TT&TT` - the channel is a label, the body after ':' acts
            after = _list_at(text, toks, got[0] + 1, stop, province)
            got = after or got
        if got:
            clause.subjects.extend(got[1])
            i = got[0]
    # clause end: `;` or a sentence end (`.` followed by an upper-case word)
    end = i
    while end < stop:
        t = toks[end]
        if t.key == ";":
            break
        if t.key == "." and end + 1 < stop and _is_upper_initial(text, toks[end + 1]):
            break
        end += 1
    # lead marker close after the subject
    k = i
    while k < end and toks[k].key in (",", ":", "-"):
        k += 1
    window = min(end, k + 4)
    for j in range(k, window):
        if tries["partner_markers"].match(toks, j, end):
            break
        if tries["lead_markers"].match(toks, j, end):
            clause.lead_marked = True
            break
    if not clause.lead_marked:
        _late_leads(text, toks, i, end, province, clause)
    # partner groups anywhere in the clause
    j = i
    while j < end:
        pm = tries["partner_markers"].match(toks, j, end)
        if not pm:
            j += 1
            continue
        k = pm[0]
        while k < end:
            if toks[k].key in (":", ","):
                k += 1
                continue
            f = tries["partner_fillers"].match(toks, k, end)
            if f:
                k = f[0]
                continue
            break
        got = _list_at(text, toks, k, end, province)
        if got:
            clause.partners.extend(got[1])
            j = got[0]
        else:
            j = k if k > j else j + 1
    nxt = end + 1 if end < stop else stop
    return clause, nxt


def _marker_follows(toks: Sequence[_Tok], j: int, end: int) -> bool:
    while j < end and toks[j].key in (",", ":"):
        j += 1
    return bool(_phrase_tries()["lead_markers"].match(toks, j, end))


def _late_leads(text: str, toks: Sequence[_Tok], i: int, end: int, province: str | None, clause: _Clause) -> None:
    """Leads named later in a clause: `... do Sở Nội vụ chủ trì`, `Cơ quan được ủy quyền ... chủ trì`."""
    tries = _phrase_tries()
    j = i
    while j < end:
        got = _list_at(text, toks, j, end, province)
        if got is None:
            j += 1
            continue
        if _marker_follows(toks, got[0], end):
            clause.leads.extend(got[1])
            return
        j = got[0]
    if clause.subjects or clause.leads or not tries["implicit_lead_heads"].match(toks, i, end):
        return
    for m in range(i + 1, min(end, i + 25)):
        if tries["lead_markers"].match(toks, m, end):
            s, e = toks[i].start, toks[m - 1].end
            raw = text[s:e]
            if _clean(raw):
                clause.leads.append(Agency(_clean(raw), raw, False, None, (s, e)))
            return
        if tries["partner_markers"].match(toks, m, end):
            return


def parse_assignment(text: str, province: str | None = None) -> Assignment:
    """Lead (chủ trì) and partner (phối hợp) agencies of a table cell or a sentence.

    The agency marked chủ trì is lead; agencies after `phối hợp (với)` are partners; subjects of
    other bullets/clauses are partners. With no chủ trì marker, the subject(s) of the first
    clause are lead. Bodies advised or reported to (`tham mưu UBND tỉnh`) are not partners.
    """
    toks = _tokens(text)
    starts = _bullet_starts(text, toks, province)
    bounds = list(zip(starts, [*starts[1:], len(toks)], strict=True))
    clauses: list[_Clause] = []
    for a, b in bounds:
        i = a
        previous: list[Agency] = []
        while i < b:
            clause, nxt = _parse_clause(text, toks, i, b, province)
            if clause.lead_marked and not clause.subjects:
                clause.subjects = list(previous)  # `X làm gì. Chủ trì, phối hợp ...`: X again
            previous = clause.subjects or previous
            clauses.append(clause)
            i = max(nxt, i + 1)
    marked = any(c.lead_marked or c.leads for c in clauses)
    lead: list[Agency] = []
    partners: list[Agency] = []
    first_subject_seen = False
    for c in clauses:
        if marked:
            if c.lead_marked:
                lead.extend(c.subjects)
            else:
                partners.extend(c.subjects)
            lead.extend(c.leads)
        else:
            if c.subjects and not first_subject_seen:
                lead.extend(c.subjects)
                first_subject_seen = True
            else:
                partners.extend(c.subjects)
        partners.extend(c.partners)
    lead_t = _dedupe(lead)
    lead_names = {a.name for a in lead_t}
    part_t = tuple(a for a in _dedupe(partners) if a.name not in lead_names)
    unknown = tuple(dict.fromkeys(a.raw for a in (*lead_t, *part_t) if not a.known))
    return Assignment(
        lead=tuple(a.name for a in lead_t),
        partners=tuple(a.name for a in part_t),
        unknown=unknown,
    )


# ---------------------------------------------------------------------------------------------
# lineage


def _as_date(value: date | str) -> date:
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 1, 1)
    return date.fromisoformat(text[:10])


def _score(subject_folded: str, keywords: Sequence[str]) -> int:
    return sum(1 for kw in keywords if re.search(r"(?<![a-z0-9])" + re.escape(kw) + r"(?![a-z0-9])", subject_folded))


@cache
def _lineage_rows() -> tuple[dict[str, dict[str, Any]], dict[str, tuple[dict[str, Any], ...]]]:
    """The lineage's department rows by the key of their `before` name (the first row of a key,
    the one a step reads) and its local-level rows by key, in data order: keys read once, not
    for every row at every step."""
    data = _lineage()
    departments: dict[str, dict[str, Any]] = {}
    for row in data["departments"]:
        departments.setdefault(" ".join(_keys(row["before"])), row)
    levels: dict[str, list[dict[str, Any]]] = {}
    for row in data["local_levels"]:
        levels.setdefault(" ".join(_keys(row["before"])), []).append(row)
    return departments, {k: tuple(v) for k, v in levels.items()}


def _step(name: str, day: date, subject: str | None) -> tuple[str, str] | None:
    """One lineage step for a canonical name at `day`, or None."""
    data = _lineage()
    departments, levels = _lineage_rows()
    key = " ".join(_keys(name))
    row = departments.get(key)
    if row is not None:
        if day < _as_date(row.get("effective", data["effective"])):
            return None
        after, note = row["after"], row["note"]
        if subject and row.get("splits"):
            folded = fold(subject)
            best = _score(folded, row.get("keywords", []))
            for split in row["splits"]:
                s = _score(folded, split["keywords"])
                if s > best:
                    best, after, note = s, split["after"], split["note"]
        return after, note
    for row in levels.get(key, ()):
        if day >= _as_date(row["effective"]):
            return row["after"], row["note"]
    return None


def successor(name: str, as_of: date | str, subject: str | None = None) -> tuple[str, str | None]:
    """The body that holds `name`'s duties at `as_of`, and a short note on the lineage step.

    `subject` (the task text) chooses the successor where a department's duties were split.
    Unknown names and dates before the reorganisation return (name, None).
    """
    current = canonical(name) or name
    if as_of is None:
        return current, None
    day = _as_date(as_of)
    notes: list[str] = []
    for _ in range(5):  # chains are short; guard against cycles in data
        step = _step(current, day, subject)
        if step is None or step[0] == current:
            break
        current, note = step
        notes.append(note)
    return current, ("; ".join(notes) if notes else None)


def _key_of(name: str) -> str:
    return role(name) or " ".join(_keys(name))


def same_lead(
    a: Sequence[str], b: Sequence[str], as_of: date | str | None, subject: str | None = None
) -> tuple[bool | None, str | None]:
    """Whether two lead lists name the same bodies, through the 2025 lineage if needed.

    Returns (same?, "reorganisation" when equal only after mapping to successors, else None);
    (None, None) when either side is empty.
    """
    if not a or not b:
        return None, None
    direct_a = {_key_of(canonical(x) or x) for x in a}
    direct_b = {_key_of(canonical(x) or x) for x in b}
    if direct_a == direct_b:
        return True, None
    if as_of is None:
        return False, None
    succ_a = {_key_of(successor(x, as_of, subject)[0]) for x in a}
    succ_b = {_key_of(successor(x, as_of, subject)[0]) for x in b}
    if succ_a == succ_b:
        return True, "reorganisation"
    return False, None
