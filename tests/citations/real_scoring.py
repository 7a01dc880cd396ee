"""Scoring the library on the labelled real excerpts (tests/real/labels.json).

Citations are matched as tests/real/score.py does: number (leading zeros dropped), document
type and issuer (diacritics folded, an issuer's term digits dropped: QH15 -> QH), and year when
the label has one; each distinct document counts once, and citations found through a title
(via alias/name) are not scored. Beyond score.py, the date and year of every matched citation
are compared with the label, and the header fields (own number, type, issuer, date, province,
year) are scored per field. Run `python -m tests.citations.real_scoring` for the table.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ccompare.extract import extract_source
from ccompare.schema import Citation, Plan

REAL = Path(__file__).resolve().parents[1] / "real"
HEADER_FIELDS = ("number", "doc_type", "issuer", "date", "province", "year")


def labels() -> list[dict]:
    return json.loads((REAL / "labels.json").read_text("utf-8"))["docs"]


def _fold(s: object) -> str:
    s = unicodedata.normalize("NFD", str(s or "")).replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in s if unicodedata.category(c) != "Mn").upper().replace(" ", "")


def key(number: object, doc_type: object, issuer: object) -> tuple[str, str, str]:
    """score.py's matching key: number without leading zeros, folded type, issuer without term digits."""
    iss = re.sub(r"(?<=[A-Z])\d+$", "", _fold(issuer).split("-")[0])
    return (str(number or "").lstrip("0").lower(), _fold(doc_type), iss)


def _year(year: object, date: object) -> int | None:
    y = year or str(date or "")[:4]
    return int(y) if str(y).isdigit() else None


@dataclass
class DocScore:
    id: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # matched, but date or year differs
    excused: list[str] = field(default_factory=list)  # a year known from data where the label has none
    header_ok: dict[str, bool] = field(default_factory=dict)
    header_got: dict[str, object] = field(default_factory=dict)


def numbered(plan: Plan) -> list[Citation]:
    """Distinct numbered citations of a plan (first occurrence of each key and year)."""
    seen: dict[tuple, Citation] = {}
    for c in plan.citations:
        if c.number and c.via not in ("alias", "name"):
            seen.setdefault((key(c.number, c.doc_type, c.issuer), _year(c.year, c.date)), c)
    return list(seen.values())


def score_doc(doc: dict, plan: Plan) -> DocScore:
    s = DocScore(doc["id"])
    left = numbered(plan)
    # a year the text leaves out but a programme of the alias data gives (the excerpt cut the date)
    known = {c.target for c in plan.citations if c.via == "alias"}
    for w in doc["citations"]:
        wy = _year(w.get("year"), w.get("date"))
        k = key(w["number"], w["doc_type"], w["issuer"])
        hit = next((g for g in left if key(g.number, g.doc_type, g.issuer) == k
                    and (wy is None or _year(g.year, g.date) in (None, wy))), None)
        if hit is None:
            s.fn += 1
            s.missed.append(w.get("symbol") or f"{w['number']}/{w['doc_type']}-{w['issuer']}")
            continue
        left.remove(hit)
        s.tp += 1
        if hit.date != w.get("date") or hit.year != w.get("year"):
            if hit.date == w.get("date") and hit.target in known and w.get("year") is None:
                s.excused.append(f"{w.get('symbol')}: year {hit.year} from the alias data ({hit.target})")
            else:
                s.wrong.append(f"{w.get('symbol')}: date/year {hit.date}/{hit.year} != {w.get('date')}/{w.get('year')}")
        if hit.target is None or "null" in hit.target.split("/")[:4]:
            s.wrong.append(f"{w.get('symbol')}: target {hit.target}")
    s.fp = len(left)
    s.extra = [c.raw[:50] for c in left]
    own = doc.get("self") or {}
    want = {"number": own.get("number"), "doc_type": own.get("doc_type"), "issuer": own.get("issuer"),
            "date": own.get("date"), "province": doc.get("province"), "year": doc.get("year")}
    got = {"number": plan.number, "doc_type": plan.doc_type, "issuer": plan.issuer, "date": plan.date,
           "province": plan.province, "year": plan.year}
    for f in HEADER_FIELDS:
        w, g = want[f], got[f]
        if f in ("doc_type", "issuer"):
            w, g = _fold(w) or None, _fold(g) or None
        s.header_ok[f] = w == g
        s.header_got[f] = got[f]
    return s


def run_all() -> list[tuple[dict, Plan, DocScore]]:
    out = []
    for doc in labels():
        _src, plan = extract_source(REAL / doc["file"])
        out.append((doc, plan, score_doc(doc, plan)))
    return out


def totals(scores: list[DocScore]) -> tuple[float, float, int, int, int]:
    tp = sum(s.tp for s in scores)
    fp = sum(s.fp for s in scores)
    fn = sum(s.fn for s in scores)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, tp, fp, fn


def header_accuracy(scores: list[DocScore]) -> dict[str, float]:
    return {f: sum(s.header_ok[f] for s in scores) / len(scores) for f in HEADER_FIELDS}


def report(runs) -> str:
    scores = [s for _, _, s in runs]
    lines = []
    for _doc, _plan, s in runs:
        bad = [f"{f}={s.header_got[f]!r}" for f in HEADER_FIELDS if not s.header_ok[f]]
        for label, items in (("missed", s.missed), ("extra", s.extra), ("wrong", s.wrong),
                             ("year from data", s.excused), ("header", bad)):
            if items:
                lines.append(f"  {s.id} {label}: " + "; ".join(map(str, items)))
    p, r, tp, fp, fn = totals(scores)
    lines.append(f"real excerpts: citations P={p:.3f} R={r:.3f} (tp={tp} fp={fp} fn={fn})")
    lines.append("header accuracy: " + ", ".join(f"{f} {a:.3f}" for f, a in header_accuracy(scores).items()))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run_all()))
