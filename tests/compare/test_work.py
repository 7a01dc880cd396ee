"""A task's work (activity) and object (ccompare/compare/work.py), on invented texts in the
style of several provinces, with and without diacritics (fixtures/work_cases.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccompare.compare.work import (
    Work,
    activity_classes,
    activity_label,
    compatible,
    named_titles,
    object_overlap,
    read_work,
    shared_object,
    titles_disjoint,
)
from ccompare.datafiles import load_json
from ccompare.read.fold import fold

CASES = json.loads((Path(__file__).parent / "fixtures" / "work_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES["read"], ids=[c["text"][:40] for c in CASES["read"]])
def test_read_work(case):
    work = read_work(case["text"])
    assert work.activity == case["activity"]
    if case["span"] is None:
        assert work.activity_span is None
    else:
        s, e = work.activity_span
        assert " ".join(fold(case["text"][s:e]).replace(",", " ").split()) == \
            " ".join(fold(case["span"]).replace(",", " ").split())
    for term in case["object_has"]:
        assert term in work.object_terms, (term, work.object_terms)
    for term in case["object_lacks"]:
        assert term not in work.object_terms, (term, work.object_terms)


@pytest.mark.parametrize("case", CASES["compatible"], ids=[c["a"][:30] for c in CASES["compatible"]])
def test_compatible(case):
    a, b = read_work(case["a"]), read_work(case["b"])
    assert compatible(a, b) is case["compatible"]
    assert compatible(b, a) is case["compatible"]


@pytest.mark.parametrize("case", CASES["titles"], ids=[c["a"][:30] for c in CASES["titles"]])
def test_titles_disjoint(case):
    a, b = named_titles(case["a"]), named_titles(case["b"])
    assert titles_disjoint(a, b) is case["disjoint"]
    assert titles_disjoint(b, a) is case["disjoint"]


def test_without_diacritics_reads_the_same():
    """Folded text gives the same activity, span and object terms as the text with diacritics,
    except function words: without diacritics 'về' cannot be told from 'vệ', so they stay."""
    for case in CASES["read"]:
        a, b = read_work(case["text"]), read_work(fold(case["text"]))
        assert (a.activity, a.activity_span) == (b.activity, b.activity_span)
        assert set(a.object_terms) <= set(b.object_terms)


def test_work_is_frozen():
    work = read_work("Tuyên truyền về dịch vụ công trực tuyến")
    assert isinstance(work, Work)
    with pytest.raises(AttributeError):
        work.activity = "review"  # type: ignore[misc]


def test_shared_object_and_overlap():
    a = read_work("Tuyên truyền về dịch vụ công trực tuyến")
    b = read_work("Rà soát mức thu phí dịch vụ công trực tuyến")
    assert {"dich", "vu", "truc", "tuyen"} <= set(shared_object(a, b))
    assert 0 < object_overlap(a, b) < 1
    assert object_overlap(a, read_work("Nâng cấp phần mềm quản lý văn bản")) == 0


def test_data_is_consistent():
    """Every family member, concept mapping and class label refers to something that exists."""
    data = load_json("activities.json")
    classes = set(activity_classes())
    for members in data["families"].values():
        assert set(members) <= classes
    assert set(data["from_concepts"].values()) <= classes
    concepts = load_json("compare_terms.json")["concepts"]["activities"]
    assert set(data["from_concepts"]) <= set(concepts)
    assert all(activity_label(k) for k in classes)
    assert activity_label(None) is None


SAME_OBJECT = sorted((Path(__file__).parent / "fixtures" / "same_object").glob("*.json"))


@pytest.fixture(scope="module")
def labelled_plans(corpus_plans):
    from ccompare.extract import extract_plans

    heldout = Path(__file__).parent / "fixtures" / "heldout"
    return [*corpus_plans, *extract_plans(sorted(p for p in heldout.iterdir() if p.suffix == ".txt")).plans]


@pytest.mark.parametrize("path", SAME_OBJECT, ids=[p.stem for p in SAME_OBJECT])
def test_same_object_labels_resolve(path, labelled_plans):
    """Every snippet of a same-object label file names a task, every negative is a cross-plan pair
    within its fixture's scope that the fixture does not label positive, and no pair is both."""
    from ccompare.compare.quality import fixture_scope, load_fixture, resolve

    root = Path(__file__).parents[2]
    data = load_fixture(path)
    source = load_fixture(root / data["fixture"])
    assert {k: source["tasks"][k] for k in data["tasks"]} == data["tasks"]
    labels = resolve(data, labelled_plans)
    assert labels.unresolved == ()
    scope = fixture_scope(source, resolve(source, labelled_plans))
    positives = {frozenset(p[:2]) for p in (*source["pairs"], *data["pairs"])}
    assert data["negatives"]
    for a, b, note in data["negatives"]:
        assert frozenset((a, b)) not in positives
        assert frozenset((labels.plan_of_key[a], labels.plan_of_key[b])) in scope
        assert note.strip()
    assert not {frozenset(p[:2]) for p in data["pairs"]} & {frozenset(p[:2]) for p in source["pairs"]}


def test_relation_and_evidence_name_the_work_and_the_object():
    from ccompare.compare.work import DIFFERENT_WORK, SAME_WORK, relation, work_evidence

    publicise = read_work("Tuyên truyền về dịch vụ công trực tuyến")
    fees = read_work("Rà soát mức thu phí, lệ phí đối với dịch vụ công trực tuyến")
    column = read_work("Đẩy mạnh tuyên truyền lợi ích của dịch vụ công trực tuyến trên Báo tỉnh")
    assert relation(publicise, fees) == DIFFERENT_WORK
    assert relation(publicise, column) == SAME_WORK
    assert relation(publicise, read_work("Tiếp tục hoàn thiện vị trí việc làm")) is None
    same = work_evidence(publicise, column)
    assert same[0].startswith("activity: publicise") and "dich vu cong truc tuyen" in same[1]
    assert work_evidence(publicise, fees)[0].startswith("different work: publicise")


def test_different_work_is_never_a_shared_task(make_plan):
    """Two plans whose tasks share an object but not the work: the pair is never reported,
    while the same work in other words is (align.different_work, the rule of issue 16)."""
    from ccompare.compare.comparison import compare_plans

    def plan(pid, texts):
        return make_plan({"id": pid, "province": pid.split("/")[0], "year": 2025, "title": "Kế hoạch CCHC",
                          "tasks": [{"number": str(k), "text": t, "lead": ["Sở Nội vụ"]}
                                    for k, t in enumerate(texts, 1)]})

    a = plan("gia-lai/2025/kh-1", ["Tuyên truyền về dịch vụ công trực tuyến trên Cổng Thông tin điện tử tỉnh",
                                   "Tổ chức lớp tập huấn nghiệp vụ cải cách hành chính cho công chức"])
    b = plan("dak-lak/2025/kh-2", ["Nâng cấp Cổng Thông tin điện tử tỉnh và Cổng dịch vụ công trực tuyến",
                                   "Mở lớp bồi dưỡng nghiệp vụ cải cách hành chính cho công chức cấp xã"])
    comp = compare_plans([a, b], threshold=0.0)
    found = {(p.a.text[:12], p.b.text[:12]) for p in comp.pairs}
    assert ("Tuyên truyền", "Nâng cấp Cổn") not in found
    assert ("Tổ chức lớp ", "Mở lớp bồi d") in found
