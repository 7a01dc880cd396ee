"""Outputs: JSON against the shared schema, HTML and Word for people, the CLI contract."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ccompare.benchmark import benchmark_draft, scorecard_to_data
from ccompare.benchmark.render import render_docx, render_html, render_json, render_table
from ccompare.cli import main
from ccompare.extract import extract_source

HERE = Path(__file__).parent
DRAFTS = HERE / "drafts"
ROOT = HERE.parents[1]
SCHEMA = ROOT / "ccompare" / "data" / "schema" / "benchmark.schema.json"


@pytest.fixture(scope="module")
def schema():
    if not SCHEMA.exists():
        pytest.skip(f"shared schema not found at {SCHEMA}")
    return json.loads(SCHEMA.read_text("utf-8"))


def _card(corpus, path: Path, lang: str = "vi"):
    src, plan = extract_source(path)
    return benchmark_draft(plan, corpus.plans, lang=lang, source=src, peer_sources=corpus.sources)


@pytest.mark.parametrize("name", ["son-la-defects.txt", "thanh-hoa-sound.docx", "lang-son-poor.txt"])
def test_json_follows_schema(corpus, schema, name: str) -> None:
    import jsonschema

    data = json.loads(render_json(_card(corpus, DRAFTS / name)))
    jsonschema.validate(data, schema)
    assert set(data["methods"]) == set(data["scores"])
    assert all(0 <= v <= 100 for v in data["scores"].values())


def test_ha_tinh_draft_against_the_other_plans(corpus, schema) -> None:
    """The corpus's own draft, benchmarked against the rest of the corpus."""
    import jsonschema

    draft = next(p for p in corpus.plans if p.province == "ha-tinh" and p.draft)
    card = benchmark_draft(draft, corpus.plans, source=corpus.sources[draft.id],
                           peer_sources=corpus.sources)
    data = scorecard_to_data(card)
    jsonschema.validate(data, schema)
    assert draft.id not in data["peers"] and data["peers"]
    assert any(f["check"] == "draft-marker" and f["variant"] == "blank-number" for f in data["findings"])


def test_html_is_self_contained_and_escaped(corpus, tmp_path: Path) -> None:
    text = (DRAFTS / "thanh-hoa-sound.txt").read_text("utf-8")
    row = next(line for line in text.split("\n") if line.startswith("3.\t"))
    cells = row.split("\t")
    cells[1] = 'Tuyên truyền <script>alert(1)</script> " onerror=x dịch vụ công'
    cells[3] = ""  # no lead: the task text is quoted in a task-no-lead finding
    text = text.replace(row, "\t".join(cells))
    path = tmp_path / "hostile.txt"
    path.write_text(text, "utf-8")
    page = render_html(_card(corpus, path))
    assert "<script" not in page.lower()
    assert "&lt;script&gt;" in page
    assert "http://" not in page and "https://" not in page
    assert page.startswith("<!DOCTYPE html>")


def test_docx_scorecard_opens_and_is_stable(corpus) -> None:
    import docx

    card = _card(corpus, DRAFTS / "son-la-defects.txt", "en")
    data = render_docx(card)
    assert data == render_docx(card)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Draft plan scorecard" in text
    assert any(f.message in text for f in card.findings)
    assert len(document.tables) == 1 and len(document.tables[0].rows) == 6


def test_table_lists_scores_and_findings(corpus) -> None:
    card = _card(corpus, DRAFTS / "lang-son-poor.txt", "en")
    out = render_table(card)
    for word in ("Structure", "Assignments", "Citations", "Coverage", "Targets", "Missing part"):
        assert word in out


@pytest.mark.parametrize("suffix, probe", [(".html", "<!DOCTYPE html>"), (".json", '"draft"'),
                                            (".docx", None)])
def test_cli_format_from_out_suffix(tmp_path: Path, suffix: str, probe) -> None:
    out = tmp_path / f"scorecard{suffix}"
    result = CliRunner().invoke(main, ["benchmark", str(DRAFTS / "son-la-defects.docx"), "--out", str(out),
                                       "--against", str(ROOT / "corpus" / "raw")])
    assert result.exit_code == 0, result.output
    assert out.exists()
    if probe:
        assert probe in out.read_text("utf-8")
    else:
        assert out.read_bytes()[:2] == b"PK"


def test_cli_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["benchmark", str(tmp_path / "nope.docx")])
    assert missing.exit_code == 1 and "nope.docx" in missing.output and "Traceback" not in missing.output
    no_out = runner.invoke(main, ["benchmark", str(DRAFTS / "lang-son-poor.txt"), "--format", "docx"])
    assert no_out.exit_code == 2
    extra = runner.invoke(main, ["benchmark", str(DRAFTS / "lang-son-poor.txt"), "other.txt"])
    assert extra.exit_code == 2


def test_cli_bad_peer_still_scores(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = CliRunner().invoke(main, ["benchmark", str(DRAFTS / "lang-son-poor.txt"), "--format", "json",
                                       "--against", str(bad), str(DRAFTS / "thanh-hoa-sound.txt")])
    assert result.exit_code == 1
    assert "broken.docx" in result.output
    payload = result.output[result.output.index("{"):]
    assert json.loads(payload)["peers"]
