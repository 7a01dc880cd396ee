"""Planted defects are found, in .txt and .docx alike; the sound draft raises no error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccompare.benchmark import benchmark_draft, scorecard_to_data
from ccompare.extract import extract_source

HERE = Path(__file__).parent
DRAFTS = HERE / "drafts"
EXPECTED = json.loads((HERE / "expected_findings.json").read_text("utf-8"))["drafts"]
CASES = [(name, suffix) for name in sorted(EXPECTED) for suffix in (".txt", ".docx")]


def _scorecard(corpus, path: Path, lang: str = "vi"):
    src, plan = extract_source(path)
    return benchmark_draft(plan, corpus.plans, lang=lang, source=src, peer_sources=corpus.sources)


def _matches(finding, want: dict) -> bool:
    if finding.check != want["check"]:
        return False
    if "variant" in want and finding.variant != want["variant"]:
        return False
    text = f"{finding.evidence or ''} {finding.message}"
    return want.get("contains", "") in text


@pytest.mark.parametrize("name, suffix", CASES)
def test_every_planted_defect_is_found(corpus, name: str, suffix: str) -> None:
    card = _scorecard(corpus, DRAFTS / f"{name}{suffix}")
    expected = EXPECTED[name]
    missing = [w for w in expected["planted"] if not any(_matches(f, w) for f in card.findings)]
    assert not missing, f"not found: {missing}"
    for severity in expected.get("forbid_severity", []):
        bad = [f.message for f in card.findings if f.severity == severity]
        assert not bad, f"{severity} findings in {name}: {bad}"
    for check in expected.get("forbid_checks", []):
        assert not [f for f in card.findings if f.check == check], check


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_docx_and_txt_give_the_same_findings(corpus, name: str) -> None:
    def key(card):
        return sorted((f.check, f.variant or "", f.severity, f.evidence or "", f.message)
                      for f in card.findings)

    txt = _scorecard(corpus, DRAFTS / f"{name}.txt")
    docx = _scorecard(corpus, DRAFTS / f"{name}.docx")
    assert key(txt) == key(docx)
    assert [s.value for s in txt.scores] == [s.value for s in docx.scores]


def test_sound_draft_scores_above_the_poor_one(corpus) -> None:
    sound = _scorecard(corpus, DRAFTS / "thanh-hoa-sound.txt")
    poor = _scorecard(corpus, DRAFTS / "lang-son-poor.txt")
    for dim in ("structure", "assignments", "citations"):
        assert sound.score(dim).value > poor.score(dim).value, dim


def test_draft_in_corpus_is_not_its_own_peer(corpus) -> None:
    draft = next(p for p in corpus.plans if p.draft)
    card = benchmark_draft(draft, corpus.plans, peer_sources=corpus.sources)
    assert draft.id not in card.peers
    assert len(card.peers) == len(corpus.plans) - 1


def test_english_messages(corpus) -> None:
    vi = _scorecard(corpus, DRAFTS / "son-la-defects.txt", "vi")
    en = _scorecard(corpus, DRAFTS / "son-la-defects.txt", "en")
    assert [(f.check, f.span) for f in vi.findings] == [(f.check, f.span) for f in en.findings]
    assert all(a.message != b.message for a, b in zip(vi.findings, en.findings, strict=True))
    assert "Missing part" in " ".join(f.message for f in en.findings)


def test_deterministic(corpus) -> None:
    a = scorecard_to_data(_scorecard(corpus, DRAFTS / "son-la-defects.txt"))
    b = scorecard_to_data(_scorecard(corpus, DRAFTS / "son-la-defects.txt"))
    assert json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)
