"""Do two aligned tasks have the same lead agency? Roles, collective bodies and the 2025 lineage.

Province-specific bodies compare by role (Báo Khánh Hòa and Báo Bình Thuận are each the
provincial newspaper). Names are first compared as written in their plans' time; if they
differ, both sides are mapped to their successors as of the later plan's date, and a match
there is a `reorganisation`, not a different choice of lead. Lead lists compare as sets:
one side's leads among the other's counts as the same lead (a task led by the newspaper and
the broadcaster shares its lead with the broadcaster's own task); disjoint sets differ; a
partial overlap is left open (None).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ccompare.compare.text import terms_data
from ccompare.read.fold import fold


@dataclass(frozen=True)
class LeadComparison:
    same: bool | None
    change: str | None  # "reorganisation" when equal only through the lineage
    note: str | None  # the lineage steps used, for evidence


@lru_cache(maxsize=1)
def _covers() -> dict[str, frozenset[str]]:
    data = terms_data().get("collective_roles", {})
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


def _agencies():
    try:
        from ccompare import agencies
    except ImportError:  # the agencies module is optional for comparison
        return None
    return agencies


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    mod = _agencies()
    if mod is not None:
        canon = mod.canonical(name) or name
        found = mod.role(canon)
        if found:
            return found
        return " ".join(fold(canon).split())
    return " ".join(fold(name).split())


def _successor(name: str, as_of: str | None, subject: str | None) -> tuple[str, str | None]:
    mod = _agencies()
    if mod is None or as_of is None:
        return name, None
    words = subject_words(subject)  # _split_words, read once a text rather than once a name
    if words is None:
        return mod.successor(name, as_of, subject)
    return _successor_cached(name, as_of, " ; ".join(sorted(words)) or None)


@lru_cache(maxsize=1)
def _split_pattern():
    """One pattern over every keyword the lineage uses to split a department's duties: the
    subject matters to a successor only through which of these it names."""
    import re

    try:
        from ccompare.agencies import _lineage

        rows = _lineage().get("departments", [])
    except Exception:  # the lineage data changed shape: fall back to uncached look-ups
        return None
    words = {kw for row in rows if row.get("splits")
             for kw in [*row.get("keywords", []), *(k for sp in row["splits"] for k in sp.get("keywords", []))]}
    if not words:
        return re.compile(r"(?!x)x")
    body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?=(?<![a-z0-9])({body})(?![a-z0-9]))")


def _split_words(subject: str | None) -> frozenset[str] | None:
    rx = _split_pattern()
    if rx is None:
        return None
    return frozenset(rx.findall(fold(subject))) if subject else frozenset()


@lru_cache(maxsize=65536)
def _successor_cached(name: str, as_of: str, words: str | None) -> tuple[str, str | None]:
    """Successors depend on the subject only through the split keywords it names: `words`
    (those keywords joined by ' ; ', which names exactly them) stands for the subject, so
    there is one look-up per name, date and keyword set."""
    return _agencies().successor(name, as_of, words)


def _verdict(a: set[str], b: set[str]) -> bool | None:
    covers = _covers()
    wide_a = a.union(*(covers.get(x, frozenset()) for x in a))
    wide_b = b.union(*(covers.get(x, frozenset()) for x in b))
    if b <= wide_a or a <= wide_b:
        return True
    if not (wide_a & b) and not (wide_b & a):
        return False
    return None


def subject_words(text: str | None) -> frozenset[str] | None:
    """The split keywords a task text names (what a lead comparison needs of it), cached per text:
    the words of a pair's subject are those of its two texts together."""
    return _subject_words_cached(text)


@lru_cache(maxsize=65536)
def _subject_words_cached(text: str | None) -> frozenset[str] | None:
    return _split_words(text)


def compare_leads(
    a: Sequence[str], b: Sequence[str], *, as_of: str | None, subject: str | None = None,
    words: frozenset[str] | None = None,
) -> LeadComparison:
    """Compare two lead lists; `as_of` is the later plan's date, `subject` the task text (or,
    read already, `words`: its split keywords, `subject_words`)."""
    if not a or not b:
        return LeadComparison(None, None, None)
    if words is None:
        words = _split_words(subject)
    if words is not None:  # the subject matters only through its split keywords: cache on those
        return _compare_leads(tuple(a), tuple(b), as_of, " ; ".join(sorted(words)) or None)
    return _compare_leads.__wrapped__(tuple(a), tuple(b), as_of, subject)


@lru_cache(maxsize=65536)
def _compare_leads(a: tuple[str, ...], b: tuple[str, ...], as_of: str | None, subject: str | None) -> LeadComparison:
    direct = _verdict({_key(x) for x in a}, {_key(x) for x in b})
    if direct is True or as_of is None:
        return LeadComparison(direct, None, None)
    succ_a = [_successor(x, as_of, subject) for x in a]
    succ_b = [_successor(x, as_of, subject) for x in b]
    mapped = _verdict({_key(s) for s, _ in succ_a}, {_key(s) for s, _ in succ_b})
    notes = sorted({n for _, n in succ_a + succ_b if n})
    if mapped is True and notes:
        return LeadComparison(True, "reorganisation", "; ".join(notes))
    return LeadComparison(direct, None, None)


def role_keys(names: Sequence[str]) -> frozenset[str]:
    return frozenset(_key(x) for x in names)


def lead_keys(names: Sequence[str], as_of: str | None, subject: str | None = None) -> frozenset[str]:
    """Role keys of a lead list after mapping each body to its successor at `as_of`."""
    return frozenset(_key(_successor(x, as_of, subject)[0]) for x in names)


def role_verdict(a: frozenset[str], b: frozenset[str]) -> bool | None:
    """Same / different / partly overlapping role sets (None also when a side is empty)."""
    if not a or not b:
        return None
    return _verdict(set(a), set(b))
