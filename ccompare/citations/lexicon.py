"""The citation vocabulary compiled once: document types, issuers, named documents.

Everything language-specific lives in data/doc_types.json, data/issuers.json and
data/aliases.json; this module only turns those lists into regular expressions over the
folded text (lower-case, no diacritics, same length as the source) and lookup tables.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ccompare.datafiles import load_json
from ccompare.read.fold import fold


@lru_cache(maxsize=8192)
def ascii_code(code: str) -> str:
    """'QĐ' -> 'QD', 'HĐND' -> 'HDND', 'TTg' -> 'TTg': identifiers keep case, lose diacritics."""
    code = code.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    return "".join(c for c in unicodedata.normalize("NFD", code) if not unicodedata.combining(c))


def _alternation(phrases: list[str]) -> str:
    """Folded phrases -> one alternation, longest first, inner spaces matching any whitespace."""
    uniq = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(_flex(p) for p in uniq)


def _flex(folded_phrase: str) -> str:
    out = []
    for tok in re.findall(r"[a-z0-9&]+|[-–]|,|\S", folded_phrase):
        if tok in "-–":
            out.append(r"\s*[-–]\s*")
        elif tok == ",":
            out.append(r"\s*,\s*")
        else:
            if out and not out[-1].endswith((r"\s*", r"\s+")):
                out.append(r"\s+")
            out.append(re.escape(tok))
    return "".join(out)


@dataclass(frozen=True)
class Lexicon:
    type_exact: dict[str, str]  # written code (upper-case) -> canonical doc_type
    type_folded: dict[str, str]  # ASCII upper-case -> canonical doc_type
    word_type: dict[str, str]  # folded word -> doc_type
    number_words: frozenset[str]  # "số" and its OCR forms, folded
    header_rx: re.Pattern[str]  # "Số:" at the start of a line, at the end of a window
    adopting_rx: re.Pattern[str]  # "(Ban hành kèm theo <word> số" from line start to the number
    attach_rx: re.Pattern[str]  # "được ban hành kèm theo" between a name and its number
    title_rx: re.Pattern[str]  # a title verb right after a citation
    named_kind_rx: re.Pattern[str]  # a title that is itself a named document
    letter_type: str
    issuer_exact: dict[str, str]  # upper-case written -> canonical issuer
    issuer_folded: dict[str, str]
    national: frozenset[str]
    provincial: frozenset[str]
    provincial_patterns: tuple[re.Pattern[str], ...]
    national_patterns: tuple[re.Pattern[str], ...]
    legislature_rx: re.Pattern[str]
    confusions: dict[str, tuple[str, ...]]
    context_rx: re.Pattern[str]  # "của <issuer phrase> [province]" right after a citation
    context_map: dict[str, tuple[str, str | None]]  # folded phrase -> (scope, issuer)
    province_rx: re.Pattern[str]
    province_map: dict[str, str]  # folded whitespace-collapsed name -> slug
    abbreviations: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    abbreviation_of: dict[str, tuple[str, ...]]  # folded short form -> its words ('cchc' -> cai cach ...)
    named_rx: re.Pattern[str]  # over the source text: a capitalised "Luật", "Kế hoạch", "Đề án" ...
    law_kinds: dict[str, tuple[str, str, bool]]  # folded word -> (doc_type, issuer, bare allowed)
    known_law_rx: re.Pattern[str]
    known_laws: dict[str, str]  # folded name -> name as the data writes it
    law_stops: frozenset[str]
    amending_rx: re.Pattern[str]
    glued_words: tuple[str, ...] = ()  # folded words a copy may glue to a symbol ('NĐ-CPngày')
    unknown_type: str = "VB"  # identity segment of a document whose type cannot be read at all
    unknown_issuer: str = "unknown"  # identity segment of a document whose issuer cannot be read
    bare_number_rx: re.Pattern[str] | None = None  # "Quyết định số 35" with no symbol after the number
    issuing_rx: re.Pattern[str] | None = None  # an issuing verb ('ban hành', 'có') shortly before a document

    def doc_type_of(self, written: str) -> str | None:
        """A written type code (maybe ASCII or OCR-damaged) -> canonical code, or None."""
        return _doc_type_of(written)

    def _doc_type_of(self, written: str) -> str | None:
        key = written.replace(" ", "").upper()
        if key in self.type_exact:
            return self.type_exact[key]
        if ascii_code(key) in self.type_folded:
            return self.type_folded[ascii_code(key)]
        return self._repair(key, self.type_exact, self.type_folded)

    def issuer_of(self, written: str) -> tuple[str, bool]:
        """Written issuer code -> (canonical code, known?). Legislature suffixes dropped: QH15 -> QH."""
        return _issuer_of(written)

    def _issuer_of(self, written: str) -> tuple[str, bool]:
        code = written.replace(" ", "")
        m = self.legislature_rx.match(code.upper())
        if m:
            code = m.group(1)
        key = code.upper()
        if key in self.issuer_exact:
            return self.issuer_exact[key], True
        if ascii_code(key) in self.issuer_folded:
            return self.issuer_folded[ascii_code(key)], True
        fixed = self._repair(key, self.issuer_exact, self.issuer_folded)
        return (fixed, True) if fixed else (code, False)

    def _repair(self, key: str, exact: dict[str, str], folded: dict[str, str]) -> str | None:
        """One OCR confusion away from a known code (QP -> QĐ, BOL -> BQL)."""
        for i, ch in enumerate(key):
            for alt in self.confusions.get(ch, ()):
                cand = key[:i] + alt + key[i + 1:]
                if cand in exact:
                    return exact[cand]
                if ascii_code(cand) in folded:
                    return folded[ascii_code(cand)]
        return None

    def scope_of_issuer(self, issuer: str) -> str | None:
        """Scope from the code alone; None when only context can tell."""
        if issuer in self.national:
            return "national"
        if issuer in self.provincial:
            return "provincial"
        return None

    def scope_by_pattern(self, issuer: str) -> str | None:
        if any(p.search(issuer) for p in self.provincial_patterns):
            return "provincial"
        if any(p.search(issuer) for p in self.national_patterns):
            return "national"
        return None


@lru_cache(maxsize=4096)
def _doc_type_of(written: str) -> str | None:
    return lexicon()._doc_type_of(written)


@lru_cache(maxsize=4096)
def _issuer_of(written: str) -> tuple[str, bool]:
    return lexicon()._issuer_of(written)


def phrase_pattern(name: str, lex: Lexicon | None = None, *, optional_province: bool = False) -> str:
    """A human-written name -> regex over folded text.

    '[...]' marks optional words, quotes are optional, hyphens and commas tolerate spacing,
    and abbreviations from the data (cải cách hành chính <-> CCHC) match either way.
    With optional_province, 'tỉnh <Province>' / 'thành phố <City>' also match without the name.
    """
    return _phrase_pattern(name, optional_province)


@lru_cache(maxsize=4096)
def _phrase_pattern(name: str, optional_province: bool) -> str:
    lex = lexicon()
    text = fold(name)
    if optional_province:
        text = _province_after().sub(lambda m: m.group(1) + "[" + m.group(2) + "]", text)
    index = _abbrev_index()
    text = _abbreviated().sub(lambda m: f" \x00{index[_key(m.group(0))]}\x00 ", text)
    ws = r"[\s“”\"]+"
    pieces: list[str] = []
    for tok in _TOKEN.findall(text):
        if tok.startswith("\x00"):
            full, shorts = lex.abbreviations[int(tok.strip("\x00"))]
            pieces.append("(?:" + "|".join([r"\s+".join(map(re.escape, full)), *map(re.escape, shorts)]) + ")")
        elif tok.isspace():
            if pieces and pieces[-1] not in (ws, r"\s*[-–]\s*", r"\s*,\s*", "(?:"):
                pieces.append(ws)
        elif tok == "[":
            if pieces and pieces[-1] == ws:
                pieces[-1] = "(?:" + ws
            else:
                pieces.append("(?:")
        elif tok == "]":
            pieces.append(")?")
        elif tok in ("-", "–", ","):
            if pieces and pieces[-1] == ws:
                pieces.pop()
            pieces.append(r"\s*,\s*" if tok == "," else r"\s*[-–]\s*")
        elif tok in ("“", "”", '"', "'"):
            continue
        elif tok[0].isalnum():
            pieces.append(re.escape(tok))
        else:
            pieces.append(re.escape(tok) + "?")
    while pieces and pieces[-1] == ws:
        pieces.pop()
    return r"(?<![a-z0-9])" + "".join(pieces) + r"(?![a-z0-9])"


_TOKEN = re.compile(r"\x00\d+\x00|\[|\]|[a-z0-9&]+|[-–]|,|[^\s\w]|\s+")


def _key(phrase: str) -> str:
    return " ".join(phrase.split())


@lru_cache(maxsize=1)
def _abbrev_index() -> dict[str, int]:
    out: dict[str, int] = {}
    for i, (full, shorts) in enumerate(lexicon().abbreviations):
        out[" ".join(full)] = i
        for short in shorts:
            out[short] = i
    return out


@lru_cache(maxsize=1)
def _abbreviated() -> re.Pattern[str]:
    keys = sorted(_abbrev_index(), key=len, reverse=True)
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(r"\s+".join(map(re.escape, k.split())) for k in keys)
                      + r")(?![a-z0-9])")


@lru_cache(maxsize=1)
def _province_after() -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])((?:tinh|thanh\s+pho)\s+)(" + lexicon().province_rx.pattern + r")(?![a-z])")


@lru_cache(maxsize=1)
def _letter_classes() -> dict[str, str]:
    """ASCII letter -> every Latin letter that folds to it ('e' -> 'eèéẻẽẹêềếểễệEÈ...')."""
    out: dict[str, set[str]] = {}
    for i in [*range(0x41, 0x250), *range(0x1E00, 0x1F00)]:
        c = chr(i)
        f = fold(c)
        if len(f) == 1 and f.isascii() and f.isalpha():
            out.setdefault(f, set()).add(c)
    return {k: "".join(sorted(v)) for k, v in out.items()}


def _capitalised_rx(folded_words: list[str]) -> re.Pattern[str]:
    """Folded words -> a pattern over the *source* text matching them with any diacritics, capitalised.

    Scanning the source for a capital letter first is several times faster than scanning the
    folded text for every lower-case occurrence; offsets are the same in both texts.
    """
    classes = _letter_classes()
    alts = []
    for w in sorted(set(folded_words), key=len, reverse=True):
        parts = []
        for i, ch in enumerate(w):
            if ch == " ":
                parts.append(r"\s+")
            elif ch in classes:
                chars = [c for c in classes[ch] if c.isupper()] if i == 0 else list(classes[ch])
                parts.append("[" + re.escape("".join(chars)) + "]")
            else:
                parts.append(re.escape(ch))
        alts.append("".join(parts))
    firsts = sorted({c for w in folded_words if w and w[0] in classes for c in classes[w[0]] if c.isupper()})
    return re.compile("(?=[" + re.escape("".join(firsts)) + "])(?:" + "|".join(alts) + ")")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    dt = load_json("doc_types.json")
    iss = load_json("issuers.json")
    prov = load_json("provinces.json")
    aliases = load_json("aliases.json")

    type_exact: dict[str, str] = {}
    type_folded: dict[str, str] = {}
    word_type: dict[str, str] = {}
    for t in dt["types"]:
        code = t["code"]
        type_exact[code.upper()] = code
        for v in t.get("variants", []):
            type_exact.setdefault(v.replace(" ", "").upper(), code)
        type_folded.setdefault(ascii_code(code.upper()), code)
        for w in t.get("words", []) + t.get("ocr_words", []):
            word_type.setdefault(fold(w), code)
    number_words = sorted({fold(w) for w in dt["number_words"]}, key=len, reverse=True)
    num_alt = "|".join(re.escape(w) for w in number_words)
    words_alt = _alternation(list(word_type))
    header_rx = re.compile(r"\A[ \t*#_]*(?:" + num_alt + r")\s*:\s*\Z")
    adopting_rx = re.compile(
        r"\A[\s(*_\[]*(?:(?:ban\s+hanh\s+)?kem\s+theo)\s+(?:" + words_alt + r")\s*(?:(?:"
        + num_alt + r")\s*[.:]?\s*)?\Z"
    )
    attach_rx = re.compile(r"\A[\s,(]*(?:" + _alternation([fold(w) for w in dt["attach_words"]]) + r")\s*\Z")
    title_rx = re.compile(r"[\s,]*(?P<verb>" + _alternation([fold(w) for w in dt["title_verbs"]]) + r")\s+")
    named_kind_rx = re.compile(r"(?:" + _alternation([fold(w) for w in dt["named_kinds"]]) + r")(?![a-z])")

    issuer_exact: dict[str, str] = {}
    issuer_folded: dict[str, str] = {}
    for code in iss["national"] + iss["provincial"]:
        issuer_exact.setdefault(code.upper(), code)
        issuer_folded.setdefault(ascii_code(code.upper()), code)
    legislature_rx = re.compile(r"\A(" + "|".join(map(re.escape, iss["legislature_suffix"])) + r")\d+\Z")

    context_map: dict[str, tuple[str, str | None]] = {}
    for c in iss["context"]:
        context_map.setdefault(re.sub(r"\s+", " ", fold(c["phrase"])), (c["scope"], c["issuer"]))
    province_map: dict[str, str] = {}
    for p in prov["provinces"]:
        for name in [p["name"], *p.get("aliases", [])]:
            province_map[re.sub(r"\s+", " ", fold(name))] = p["slug"]
    province_rx = re.compile(_alternation(list(province_map)))
    context_rx = re.compile(
        r"[\s,]*(?:c[a-z]{0,3}a\s+)(?P<phrase>" + _alternation(list(context_map)) + r")(?![a-z])"
        r"(?:\s+(?P<prov>" + province_rx.pattern + r")(?![a-z]))?"
    )

    abbreviations = tuple(
        (tuple(fold(full).split()), tuple(fold(s) for s in shorts))
        for full, shorts in dt["abbreviations"].items()
    )
    law_kinds = {fold(k["word"]): (k["code"], k["issuer"], bool(k.get("bare"))) for k in dt["law_kinds"]}
    starts = [fold(w) for w in dt["named_kinds"]]
    for prog in aliases["programmes"]:
        starts += [" ".join(re.findall(r"[a-z0-9]+", fold(n))[:2]) for n in prog["names"]]
    named_rx = _capitalised_rx([*law_kinds, *starts])
    known_law_rx = re.compile(r"(?:" + _alternation([fold(n) for n in aliases["laws"]]) + r")(?![a-z0-9])")
    amending_rx = re.compile(r"\s+(?:" + _alternation([fold(w) for w in dt["amending_law"]]) + r")(?![a-z])")

    return Lexicon(
        type_exact=type_exact, type_folded=type_folded, word_type=word_type,
        number_words=frozenset(number_words),
        header_rx=header_rx, adopting_rx=adopting_rx, attach_rx=attach_rx, title_rx=title_rx,
        named_kind_rx=named_kind_rx, letter_type=dt["letter_type"],
        issuer_exact=issuer_exact, issuer_folded=issuer_folded,
        national=frozenset(iss["national"]), provincial=frozenset(iss["provincial"]),
        provincial_patterns=tuple(re.compile(p) for p in iss["provincial_patterns"]),
        national_patterns=tuple(re.compile(p) for p in iss["national_patterns"]),
        legislature_rx=legislature_rx,
        confusions={k: tuple(v) for k, v in iss["ocr_confusions"].items()},
        context_rx=context_rx, context_map=context_map,
        province_rx=province_rx, province_map=province_map,
        abbreviations=abbreviations,
        abbreviation_of={short: full for full, shorts in abbreviations for short in shorts},
        named_rx=named_rx, law_kinds=law_kinds,
        known_law_rx=known_law_rx, known_laws={fold(n): n for n in aliases["laws"]},
        law_stops=frozenset(dt["law_name_stops"]), amending_rx=amending_rx,
        bare_number_rx=re.compile(
            r"(?<![a-z0-9])(?P<word>" + words_alt + r")\s+(?:" + num_alt + r")\s*:?\s*"
            r"(?P<num>\d{1,5}[a-z]?)(?![a-z0-9/\-\u2010\u2011\u2013.,]\S)(?!\s*[/\-])"),
        issuing_rx=re.compile(r"(?<![a-z])(?:" + _alternation([fold(w) for w in dt["issuing_verbs"]])
                              + r")(?![a-z])"),
        glued_words=tuple(sorted({fold(w) for w in dt["glued_words"]}, key=len, reverse=True)),
        unknown_type=dt["identity_fallback"]["doc_type"], unknown_issuer=dt["identity_fallback"]["issuer"],
    )
