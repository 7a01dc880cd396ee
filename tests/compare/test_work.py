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
    object_overlap,
    read_work,
    shared_object,
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
