"""Tasks and their leads on real excerpts of other provinces' documents (tests/real, issue 12).

Each labelled task (a duty whose lead is explicit) must be extracted: a task whose span starts at
the labelled prefix, or just before it (its item mark, 'Điều 2.'). Its lead, and its partners when
labelled, are compared after canonicalisation by ccompare.agencies (`lead_expanded` when given).
Every lead of an extracted task that matches no label is counted as wrongly taken: the labels hold
every duty whose lead is explicit, so such a lead is a recipient, a requester, a partner, a survey
respondent or an execution clause. `pytest -s` prints the figures; the floors are what the reader
reaches, so a drop fails.
"""

import json
from functools import cache
from pathlib import Path

import pytest

from ccompare import agencies
from ccompare.extract import extract_source
from ccompare.schema import Plan, Task

REAL = Path(__file__).resolve().parents[1] / "real"
DOCS = json.loads((REAL / "labels.json").read_text("utf-8"))["docs"]
LABELLED = [(doc, task) for doc in DOCS for task in doc.get("tasks", [])]
NEAR = 12  # the span may start this many code points before the prefix: '(i) ', 'Điều 2. '

RECALL_FLOOR = 1.0
LEAD_FLOOR = 1.0
PARTNER_FLOOR = 1.0
WRONG_LEADS_CEILING = 0


@cache
def _read(name: str) -> tuple[str, Plan]:
    src, plan = extract_source(REAL / name)
    return src.text, plan


def _canon(names, province: str | None) -> frozenset[str]:
    """Canonical names of agency mentions; a mention the data does not know stays as written."""
    out: list[str] = []
    for name in names:
        found = agencies.split_agencies(name, province)
        out.extend(a.name for a in found) if found else out.append(" ".join(name.split()))
    return frozenset(out)


def _match(doc: dict, label: dict) -> Task | None:
    text, plan = _read(doc["file"])
    at = text.find(label["prefix"])
    assert at >= 0, f"{doc['id']}: prefix not in the text"
    return next((t for t in plan.tasks if t.span and at - NEAR <= t.span[0] <= at), None)


def _figures() -> dict:
    found = lead_ok = partner_ok = partner_n = 0
    matched: dict[str, set[int]] = {}
    misses, wrong = [], []
    for doc, label in LABELLED:
        province = doc.get("province")
        task = _match(doc, label)
        if task is None:
            misses.append(f"{doc['id']} not found: {label['prefix'][:50]}")
            continue
        found += 1
        _, plan = _read(doc["file"])
        matched.setdefault(doc["id"], set()).add(plan.tasks.index(task))
        want = _canon(label.get("lead_expanded") or label["lead"], province)
        got = _canon(task.lead, province)
        lead_ok += got == want
        if got != want:
            misses.append(f"{doc['id']} lead {sorted(got)} != {sorted(want)}")
        wrong += [f"{doc['id']} {name} (in '{label['prefix'][:30]}')" for name in sorted(got - want)]
        if "partners" in label:
            partner_n += 1
            ok = _canon(task.partners, province) == _canon(label["partners"], province)
            partner_ok += ok
            if not ok:
                misses.append(f"{doc['id']} partners {list(task.partners)} != {label['partners']}")
    for doc in DOCS:
        _, plan = _read(doc["file"])
        for k, task in enumerate(plan.tasks):
            if k not in matched.get(doc["id"], set()):
                wrong += [f"{doc['id']} {name} (unlabelled task '{task.text[:40]}')" for name in task.lead]
    return {"found": found, "lead_ok": lead_ok, "partner_ok": partner_ok, "partner_n": partner_n,
            "misses": misses, "wrong": wrong}


@pytest.fixture(scope="module")
def figures() -> dict:
    return _figures()


def test_labels_are_there() -> None:
    assert len(LABELLED) >= 13


def test_real_tasks_and_leads(figures: dict) -> None:
    n = len(LABELLED)
    recall = figures["found"] / n
    lead_acc = figures["lead_ok"] / n
    partner_acc = figures["partner_ok"] / max(1, figures["partner_n"])
    print(f"\nreal excerpts: labelled tasks found {figures['found']}/{n} (recall {recall:.3f}), "
          f"lead accuracy {figures['lead_ok']}/{n} ({lead_acc:.3f}), partners {figures['partner_ok']}/"
          f"{figures['partner_n']}, wrongly taken leads {len(figures['wrong'])}")
    for line in figures["misses"] + figures["wrong"]:
        print("  " + line)
    assert recall >= RECALL_FLOOR
    assert lead_acc >= LEAD_FLOOR
    assert partner_acc >= PARTNER_FLOOR
    assert len(figures["wrong"]) <= WRONG_LEADS_CEILING


@pytest.mark.parametrize(("doc", "label"), LABELLED, ids=[f"{d['id']}-{k}" for k, (d, _) in enumerate(LABELLED)])
def test_each_labelled_task(doc: dict, label: dict) -> None:
    task = _match(doc, label)
    assert task is not None, label["prefix"]
    assert _canon(task.lead, doc.get("province")) == _canon(label.get("lead_expanded") or label["lead"],
                                                            doc.get("province"))
    if label.get("deadline"):
        assert task.deadline == label["deadline"]
