"""Reform-area model: the saved pipeline loads, predicts valid codes, and tagging fills areas."""

from __future__ import annotations

import json
from pathlib import Path

from ccompare.compare.areas import default_model_dir, load_area_model, tag_areas
from ccompare.schema import AREAS

ROOT = Path(__file__).parents[2]


def test_metrics_report_model_and_baseline():
    metrics = json.loads((default_model_dir() / "metrics.json").read_text("utf-8"))
    print(f"\narea model kept: {metrics['kept']}; model {metrics['model']}; ensemble {metrics.get('ensemble')}; "
          f"keywords {metrics['keyword_baseline']}")
    assert metrics["kept"] in ("spacy", "ensemble", "keywords")
    best = max(("model", "ensemble", "keyword_baseline"), key=lambda k: metrics.get(k, {}).get("macro_f1", -1))
    kept_key = {"spacy": "model", "ensemble": "ensemble", "keywords": "keyword_baseline"}[metrics["kept"]]
    assert metrics[kept_key]["macro_f1"] == metrics[best]["macro_f1"]


def test_loaded_model_predicts_area_codes():
    model = load_area_model()
    texts = [r["text"] for r in map(json.loads, (ROOT / "models" / "area_training.jsonl").read_text("utf-8")
                                    .splitlines()[:20])]
    predicted = model.predict(texts)
    assert len(predicted) == len(texts)
    assert all(p in AREAS for p in predicted if p is not None)


def test_keywords_left_unread_never_change_an_area(corpus_plans):
    """`predict` reads a text's keywords only when their vote could change the model's area: the
    areas are those of voting on every text (the corpus's tasks)."""
    from ccompare.compare.areas import keyword_area

    model = load_area_model()
    if not model.keyword_vote:
        return
    texts = list(dict.fromkeys(t.text for p in corpus_plans for t in p.tasks))
    every_vote = []
    for text, doc in zip(texts, model.nlp.pipe(texts), strict=True):
        keyword = keyword_area(text)
        every_vote.append(max(doc.cats, key=lambda c: doc.cats[c] + (model.keyword_vote if c == keyword else 0.0)))
    assert model.predict(texts) == every_vote
    assert any(a != b for a, b in zip(every_vote, [max(d.cats, key=d.cats.get) for d in model.nlp.pipe(texts)],
                                      strict=True))  # the vote does change some areas


def test_missing_model_falls_back_to_keywords_with_a_note(tmp_path):
    model = load_area_model(tmp_path / "nowhere")
    assert model.kind == "keywords" and "keyword" in model.note
    assert model.predict(["Tuyên truyền về dịch vụ công trực tuyến"]) == ["chinh-quyen-so"]


def test_tagging_fills_every_missing_area(invented):
    tagged = tag_areas(invented["plan_objects"])
    for before, after in zip(invented["plan_objects"], tagged, strict=True):
        assert len(before.tasks) == len(after.tasks)
        for t in after.tasks:
            assert t.area in AREAS


def test_corpus_appendix_groups_give_their_heading_area(corpus_plans):
    plan = next(p for p in tag_areas(corpus_plans) if any(len(t.section) == 2 and t.origin == "table"
                                                         for t in p.tasks))
    headings = {s.path: s.heading for s in plan.sections}
    from ccompare.compare.areas import heading_area

    grouped = [t for t in plan.tasks if heading_area(headings.get(tuple(t.section)))]
    assert grouped
    assert all(t.area == heading_area(headings[tuple(t.section)]) for t in grouped)


def test_comparing_with_areas_tags_as_tag_areas_does(corpus_plans):
    """compare_plans(areas=...) tags in the workers' first round; the result is the one of tagging first."""
    from ccompare.compare.comparison import compare_plans
    from ccompare.compare.parallel import ProcessMapper

    keywords = load_area_model(ROOT / "nowhere")  # a model of its own, sent to the workers
    expected = compare_plans(tag_areas(corpus_plans, keywords))
    for mapper in (None, ProcessMapper(2)):
        got = compare_plans(corpus_plans, areas=keywords, mapper=mapper)
        assert got.pairs == expected.pairs and got.gaps == expected.gaps
    assert any(p.a.area for p in expected.pairs) and any(g.area for g in expected.gaps)
    assert compare_plans(corpus_plans, areas=True).gaps == compare_plans(tag_areas(corpus_plans)).gaps
