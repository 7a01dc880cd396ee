"""Precision and recall of citation extraction against hand-made fixtures.

A fixture names each expected citation by a piece of its text (`find`, `nth` occurrence) and
its resolved `target`. A found citation matches an expected one when their spans overlap and
their numbers agree (both none for laws cited by name); extraction P/R counts such matches,
target P/R counts matches whose `target` is also equal.

Run `python -m tests.citations.scoring` for the table of figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ccompare.citations import link_corpus, number_key
from ccompare.read.source import SourceText, read_source
from ccompare.schema import Citation, Flag, Plan, Source

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GROUPS = {"seeds": FIXTURES / "seeds", "invented": FIXTURES / "invented"}


@dataclass(frozen=True)
class Expected:
    span: tuple[int, int]
    number: str | None
    target: str
    via: str


@dataclass(frozen=True)
class Score:
    name: str
    expected: int
    found: int
    matched: int
    target_matched: int
    missed: tuple[str, ...]
    spurious: tuple[str, ...]
    wrong_target: tuple[str, ...]

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def target_precision(self) -> float:
        return self.target_matched / self.found if self.found else 1.0

    @property
    def target_recall(self) -> float:
        return self.target_matched / self.expected if self.expected else 1.0


def locate(text: str, find: str, nth: int = 1) -> tuple[int, int]:
    pos = -1
    for _ in range(nth):
        pos = text.find(find, pos + 1)
        if pos < 0:
            raise AssertionError(f"fixture text not found ({nth}x): {find!r}")
    return pos, pos + len(find)


def load_group(group: str) -> list[tuple[str, dict, SourceText, Plan]]:
    out = []
    for path in sorted(GROUPS[group].glob("*.json")):
        fx = json.loads(path.read_text("utf-8"))
        src = read_source(ROOT / fx["source"])
        meta = fx["plan"]
        plan = Plan(
            id=f"{meta['province']}/{meta.get('year')}/{path.stem}", source=Source(src.path, src.sha256),
            province=meta["province"], kind=meta["kind"], draft=False, number=meta.get("number"),
            doc_type=meta.get("doc_type"), issuer=meta.get("issuer"), date=meta.get("date"),
            title=meta.get("title"), year=meta.get("year"),
        )
        out.append((path.stem, fx, src, plan))
    return out


def run_group(group: str) -> list[tuple[str, dict, SourceText, Plan]]:
    """cite() every fixture document, then link_corpus() over the group as one corpus."""
    items = load_group(group)
    plans = link_corpus([p for _, _, _, p in items], {p.id: s for _, _, s, p in items})
    return [(name, fx, src, plan) for (name, fx, src, _), plan in zip(items, plans, strict=True)]


def expected_of(fx: dict, text: str) -> list[Expected]:
    out = []
    for e in fx["citations"]:
        span = locate(text, e["find"], e.get("nth", 1))
        number = None if e["via"] == "name" else e["target"].split("/")[3]
        out.append(Expected(span, number, e["target"], e["via"]))
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _same_number(c: Citation, e: Expected) -> bool:
    if e.number is None or c.number is None:
        return e.number is None and c.number is None
    return number_key(c.number) == e.number


def score(name: str, expected: list[Expected], found: tuple[Citation, ...]) -> Score:
    used: set[int] = set()
    matched = target_matched = 0
    missed, wrong = [], []
    for e in expected:
        hit = next((i for i, c in enumerate(found)
                    if i not in used and _overlap(c.span, e.span) and _same_number(c, e)), None)
        if hit is None:
            missed.append(f"{e.target} @{e.span}")
            continue
        used.add(hit)
        matched += 1
        if found[hit].target == e.target:
            target_matched += 1
        else:
            wrong.append(f"{found[hit].raw!r}: {found[hit].target} != {e.target}")
    spurious = [f"{c.raw!r} -> {c.target}" for i, c in enumerate(found) if i not in used]
    return Score(name, len(expected), len(found), matched, target_matched, tuple(missed), tuple(spurious),
                 tuple(wrong))


def flag_check(fx: dict, text: str, flags: tuple[Flag, ...]) -> tuple[list[str], list[str]]:
    """(expected flags not raised, citation flags raised but not expected)."""
    from ccompare.citations import FLAG_KINDS

    want = [(f["kind"], locate(text, f["find"], f.get("nth", 1))) for f in fx.get("flags", [])]
    got = [f for f in flags if f.kind in FLAG_KINDS]
    missing = [f"{k} @{s}" for k, s in want
               if not any(g.kind == k and g.span and _overlap(g.span, s) for g in got)]
    extra = [f"{g.kind}: {g.message}" for g in got
             if not any(g.kind == k and g.span and _overlap(g.span, s) for k, s in want)]
    return missing, extra


def all_scores() -> list[tuple[str, Score]]:
    out = []
    for group in GROUPS:
        for name, fx, src, plan in run_group(group):
            out.append((group, score(f"{group}/{name}", expected_of(fx, src.text), plan.citations)))
    return out


def report(scores: list[tuple[str, Score]]) -> str:
    lines = [f"{'fixture':<22}{'exp':>5}{'found':>6}{'P':>7}{'R':>7}{'tgtP':>7}{'tgtR':>7}"]
    for _, s in scores:
        lines.append(f"{s.name:<22}{s.expected:>5}{s.found:>6}{s.precision:>7.3f}{s.recall:>7.3f}"
                     f"{s.target_precision:>7.3f}{s.target_recall:>7.3f}")
    sums = (sum(getattr(s, k) for _, s in scores) for k in ("expected", "found", "matched", "target_matched"))
    tot = Score("all", *sums, (), (), ())
    lines.append(f"{'ALL':<22}{tot.expected:>5}{tot.found:>6}{tot.precision:>7.3f}{tot.recall:>7.3f}"
                 f"{tot.target_precision:>7.3f}{tot.target_recall:>7.3f}")
    return "\n".join(lines)


if __name__ == "__main__":
    sc = all_scores()
    print(report(sc))
    for _, s in sc:
        for kind, items in (("missed", s.missed), ("spurious", s.spurious), ("wrong target", s.wrong_target)):
            for it in items:
                print(f"  {s.name} {kind}: {it}")
